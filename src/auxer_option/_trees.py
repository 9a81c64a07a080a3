"""Cox-Ross-Rubinstein binomial trees in binary floating point: listed and employee options.

A tree of ``n`` steps over ``T`` years moves the share by ``u = e^(σ√Δt)`` or ``d = 1/u``
each step of ``Δt = T/n``, up with the risk-neutral probability
``p = (e^((r−q)Δt) − d)/(u − d)``, written ``expm1(μ + s)/expm1(2s)`` (``s = σ√Δt``,
``μ = (r−q)Δt``) so that a small ``s`` loses no digits. ``p`` is a probability only while
``|μ| ≤ s``; the callers check that (:func:`branches`) before they build a tree.

No node price is ever formed: a share far up a long tree of high volatility is beyond the
largest double (``e^1500`` at σ = 500% over 30 years in 3,000 steps), and ``e^x`` of it
would overflow. A node is its log-moneyness ``x = ln(S/K) + k·s`` instead, and values are
carried in units that stay finite: a put in units of the strike (its payoff
``max(1 − e^x, 0) ≤ 1``), a call in units of the node's own share price (its payoff
``max(1 − e^−x, 0) ≤ 1``), rolled back under the measure that has the share as numéraire,
``p' = p·u·e^−μ``, and discounted at the dividend yield. Every quantity is then at most 1
and every exponent taken is at most ``2s``, so nothing overflows and no ``math`` function
is given a value outside its domain.

Time O(n²) and memory O(n): one list of the current step's values, and the payoffs of the
``2n + 1`` distinct prices. Everything here is plain ``float`` arithmetic on inputs already
checked by :mod:`auxer_option._lattice`; nothing here raises.
"""

from __future__ import annotations

import math
from itertools import pairwise
from typing import Final

__all__ = ["TreeGreeks", "branches", "employee_tree", "listed_tree"]

#: value, delta, gamma and theta, as floats
TreeGreeks = tuple[float, float, float, float]

# Steps at which the Greeks are read: delta from step 1's two nodes, gamma and theta from
# step 2's three.
_GREEK_STEPS: Final = (1, 2)


def branches(years: float, volatility: float, rate: float, dividend: float, steps: int) -> bool:
    """Whether a tree of ``steps`` steps has probabilities: ``0 < s`` and ``|μ| ≤ s``."""
    step = years / steps
    spread = volatility * math.sqrt(step)
    return spread > 0.0 and abs((rate - dividend) * step) <= spread


def _probabilities(spread: float, drift: float) -> tuple[float, float, float, float]:
    """``p`` and ``1 − p``, risk-neutral, and ``p'`` and ``1 − p'``, with the share as numéraire."""
    denominator = math.expm1(2.0 * spread)
    up = math.expm1(drift + spread) / denominator
    down = math.exp(drift + spread) * math.expm1(spread - drift) / denominator
    # p' = p·u·e^−μ and 1 − p' = (1 − p)·d·e^−μ: they sum to 1, as p and 1 − p do.
    share_up = up * math.exp(spread - drift)
    share_down = down * math.exp(-spread - drift)
    return up, down, share_up, share_down


def _offsets(log_moneyness: float, spread: float, steps: int) -> list[float]:
    """The log-moneyness of the ``2n + 1`` distinct prices, lowest first."""
    return [log_moneyness + k * spread for k in range(-steps, steps + 1)]


def listed_tree(  # noqa: PLR0917  (the option's terms, called positionally)
    spot: float,
    strike: float,
    years: float,
    volatility: float,
    rate: float,
    dividend: float,
    is_call: bool,  # noqa: FBT001
    american: bool,  # noqa: FBT001
    steps: int,
) -> TreeGreeks:
    """Value, delta, gamma and theta of a listed option on a tree of ``steps`` steps.

    ``spot`` is positive and ``steps`` at least 2; the tree branches (:func:`branches`).
    Delta is read from the two nodes of step 1, ``(V_u − V_d)/(S_u − S_d)``; gamma from
    the three of step 2, the change in the two deltas between them over half the spread
    of their prices; theta as ``(V_ud − V)/(2Δt)``, the middle node of step 2 having the
    spot's own price (Hull, *Options, Futures, and Other Derivatives*, "Basic numerical
    procedures").
    """
    if strike == 0.0 and not is_call:  # a put to sell for nothing: worth nothing
        return 0.0, 0.0, 0.0, 0.0
    step = years / steps
    spread = volatility * math.sqrt(step)
    drift = (rate - dividend) * step
    up, down, share_up, share_down = _probabilities(spread, drift)
    log_moneyness = math.inf if strike == 0.0 else math.log(spot) - math.log(strike)
    offsets = _offsets(log_moneyness, spread, steps)
    if is_call:  # in units of the node's share price, discounted at the yield
        payoffs = [-math.expm1(-x) if x > 0.0 else 0.0 for x in offsets]
        carry = math.exp(-dividend * step)
        to_up, to_down = carry * share_up, carry * share_down
    else:  # in units of the strike, discounted at the rate
        payoffs = [-math.expm1(x) if x < 0.0 else 0.0 for x in offsets]
        carry = math.exp(-rate * step)
        to_up, to_down = carry * up, carry * down
    values = payoffs[::2]  # step n: offsets −n, −n + 2, …, n
    kept = {steps: values}  # the Greeks' step 2, when it is the last
    for i in range(steps - 1, -1, -1):
        values = [to_down * low + to_up * high for low, high in pairwise(values)]
        if american:
            values = list(map(max, values, payoffs[steps - i : steps + i + 1 : 2]))
        if i in _GREEK_STEPS:
            kept[i] = values
    if is_call:  # V/spot at each node: its unit, e^(k·s), times its value in that unit
        one = [kept[1][0] * math.exp(-spread), kept[1][1] * math.exp(spread)]
        two = [
            kept[2][0] * math.exp(-2.0 * spread),
            kept[2][1],
            kept[2][2] * math.exp(2.0 * spread),
        ]
        return _greeks(spot, spot, values[0], one, two, spread, step)
    return _greeks(strike, spot, values[0], kept[1], kept[2], spread, step)


def _greeks(  # noqa: PLR0917  (the tree's first nodes, passed through)
    scale: float,
    spot: float,
    root: float,
    one: list[float],
    two: list[float],
    spread: float,
    step: float,
) -> TreeGreeks:
    """Value and Greeks from the first nodes' values, each given in units of ``scale``.

    ``root`` is the value at step 0, ``one`` at the two nodes of step 1, ``two`` at the
    three of step 2, lowest first. The share's prices there are the spot times ``d``,
    ``u``; ``d²``, 1, ``u²``: the Greeks are formed in those units, then scaled.
    """
    rise = math.expm1(spread)  # u − 1
    fall = -math.expm1(-spread)  # 1 − d
    rise2 = math.expm1(2.0 * spread)  # u² − 1
    fall2 = -math.expm1(-2.0 * spread)  # 1 − d²
    delta = (one[1] - one[0]) / (rise + fall)
    gamma = ((two[2] - two[1]) / rise2 - (two[1] - two[0]) / fall2) / (0.5 * (rise2 + fall2))
    return (
        root * scale,
        _times_ratio(delta, scale, spot),
        _times_ratio(_times_ratio(gamma, scale, spot), 1.0, spot),
        scale * (two[1] - root) / (2.0 * step),
    )


def _times_ratio(number: float, numerator: float, denominator: float) -> float:
    """``number·numerator/denominator`` (``denominator > 0``), never NaN: 0 stays 0."""
    if number == 0.0:
        return 0.0
    return number * numerator / denominator


def employee_tree(  # noqa: PLR0917  (the option's terms, called positionally)
    spot: float,
    strike: float,
    years: float,
    volatility: float,
    rate: float,
    dividend: float,
    steps: int,
    first_vested: int,
    exit_rate: float,
    multiple: float,
) -> tuple[float, float]:
    """The Hull-White value of an employee's call, and its expected life in years.

    Nodes from step ``first_vested`` on are vested. At every node before the last, the
    employee leaves with probability ``exit_rate·Δt``: unvested, the option is forfeited;
    vested, it is exercised if in the money. A vested option is exercised at once where the
    share is at least ``multiple × strike``, and at the last step if in the money. The
    expected life is the time until the option is exercised, forfeited or lapses, rolled
    back the same way under the risk-neutral probabilities.
    """
    step = years / steps
    spread = volatility * math.sqrt(step)
    drift = (rate - dividend) * step
    up, down, share_up, share_down = _probabilities(spread, drift)
    stay = 1.0 - exit_rate * step
    leave = exit_rate * step
    log_moneyness = math.inf if strike == 0.0 else math.log(spot) - math.log(strike)
    offsets = _offsets(log_moneyness, spread, steps)
    # A call in units of its node's share price, rolled back with the share as numéraire.
    payoffs = [-math.expm1(-x) if x > 0.0 else 0.0 for x in offsets]
    bar = math.log(multiple)
    # The lowest offset at which a vested employee exercises: 2n + 1 when none is that high.
    # In the money too: at a multiple of 1 the share at the strike is worth waiting on.
    exercised_from = next((k for k, x in enumerate(offsets) if x >= bar and x > 0.0), len(offsets))
    carry = math.exp(-dividend * step)
    to_up, to_down = stay * carry * share_up, stay * carry * share_down
    live_up, live_down = stay * up, stay * down
    lapse = stay * step
    values = payoffs[::2] if steps >= first_vested else [0.0] * (steps + 1)
    lives = [0.0] * (steps + 1)
    for i in range(steps - 1, -1, -1):
        rolled = [to_down * low + to_up * high for low, high in pairwise(values)]
        lived = [lapse + live_down * low + live_up * high for low, high in pairwise(lives)]
        if i < first_vested:
            values, lives = rolled, lived
            continue
        here = payoffs[steps - i : steps + i + 1 : 2]
        # Node j has offset 2j − i: the first exercised is the first with 2j − i + n at
        # least exercised_from.
        first = min(max(0, (exercised_from - steps + i + 1) // 2), i + 1)
        values = [
            value + leave * payoff
            for value, payoff in zip(rolled[:first], here[:first], strict=True)
        ] + here[first:]
        lives = lived[:first] + [0.0] * (i + 1 - first)
    return values[0] * spot, lives[0]
