"""Black-Scholes-Merton values and Greeks of many options at once, as numpy columns.

A book values its grants with one call on whole columns, and every row must equal what
:func:`auxer_option.black_scholes` gives for that row alone. So this is the scalar
kernel of :mod:`auxer_option._blackscholes` written over arrays, branch for branch and
operation for operation: the out-of-the-money value in Jäckel's normalized form through
the scaled ratio ``Y(z) = N(z)/n(z)``, the Taylor series for a small total volatility,
the continued fraction in the far tail, and the certain option (zero spot or strike,
expiry, zero volatility) with its limits at the kink. The basic operations round as the
scalar's do; only the transcendental functions (numpy's and scipy's for the C library's)
may differ in their last bit, which the formulation keeps from growing.

Two kinds of row are handed to the scalar function, one by one. Where theta's terms
cancel, the scalar itself redoes theta in ``Decimal`` from the exact inputs, and a double
cannot follow: calls without a dividend yield never get there, but puts deep in the money
and calls with a yield at about spot/strike = r/q do (1.6% of a book with a fifth puts and
yields up to 4%, each distinct row at the scalar's cost, about 0.3 ms). And where the figures are
so sensitive to the log of forward over strike that a last-bit difference in it would show:
a total volatility far below 0.04 with the carry ``(r − q)·T`` cancelling ``ln(S/K)``,
which ordinary books never have.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Final, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

from auxer_option._blackscholes import (  # the scalar kernel's constants, private ones too
    _CONTINUED_FRACTION_TERMS,
    _FAR_TAIL,
    _INV_SQRT2,
    _INV_SQRT_2PI,
    _SQRT_HALF_PI,
    _TAYLOR,
    _UNDERFLOW,
    _VELTKAMP,
    SMALL_HALF_VOLATILITY,
    THETA_CANCELLATION,
    THETA_NEGLIGIBLE,
)
from auxer_option._valuation import black_scholes
from auxer_option.book._blocks import blocks

__all__ = [
    "NEAR_TOTAL_VOLATILITY",
    "ExactInputs",
    "GreekColumns",
    "black_scholes_columns",
    "black_scholes_matrix",
]

#: A column of doubles.
FloatArray = NDArray[np.float64]

# A relative error in x = ln(forward/strike) this many times the rounding unit can part
# the kernel's log from the scalar's: numpy's log and the C library's may differ by a bit,
# and the caller's (spot − strike)/strike (see black_scholes_columns) by a few.
_LOG_BITS: Final = 8.0 * 2.0**-53
# A figure whose estimated sensitivity to those bits exceeds this fraction of itself
# (or of 1e-8, below it) goes to the scalar: a tenth of the 1e-12 the rows are held to.
_SENSITIVITY: Final = 1e-13
_SMALL_FIGURE: Final = 1e-8
#: Where the total volatility ``σ√T`` is below this, the scalar takes ``ln(spot/strike)``
#: from the exact decimals (see ``relative_excess``).
NEAR_TOTAL_VOLATILITY: Final = 2.0 * SMALL_HALF_VOLATILITY


class GreekColumns(NamedTuple):
    """Value, delta, gamma, vega, theta and rho, a column each, as the scalar defines them.

    Theta is per year of calendar time, vega and rho per 1.00 of volatility and rate.
    """

    value: FloatArray
    delta: FloatArray
    gamma: FloatArray
    vega: FloatArray
    theta: FloatArray
    rho: FloatArray


class ExactInputs(NamedTuple):
    """One row's inputs as exact decimals: what the scalar function is called with."""

    spot: Decimal
    strike: Decimal
    years: Decimal
    volatility: Decimal
    risk_free_rate: Decimal
    dividend_yield: Decimal


def black_scholes_columns(  # noqa: PLR0917  (the formula's inputs, in black_scholes' order)
    spot: ArrayLike,
    strike: ArrayLike,
    years: ArrayLike,
    volatility: ArrayLike,
    risk_free_rate: ArrayLike,
    dividend_yield: ArrayLike,
    is_call: ArrayLike,
    *,
    relative_excess: ArrayLike | None = None,
    exact_inputs: Callable[[int], ExactInputs] | None = None,
) -> GreekColumns:
    """Black-Scholes-Merton value and Greeks, row by row as :func:`black_scholes` gives them.

    The inputs are columns of doubles (broadcast together; ``is_call`` of booleans): the
    nearest doubles of each row's exact decimal inputs, already checked as the scalar
    checks them. Each figure is within 1e-12 of the scalar's for the same row (relative;
    absolute 1e-20 where the figure is below 1e-8), infinities where it gives them.

    Two things only the exact decimals tell, and the caller passes them:

    - ``relative_excess``: ``(spot − strike)/strike`` from the exact decimals (their
      difference taken exactly, then divided in floating point is close enough). Where the
      total volatility ``σ√T`` is below 0.04 and spot/strike between 0.5 and 2, the scalar
      takes ``ln(spot/strike)`` as ``log1p`` of it, not from the doubles, which can differ
      by a bit of 1e15 (and at expiry it gives ``max(spot − strike, 0)`` exactly). Without
      it, the doubles are taken as exact.
    - ``exact_inputs``: a row's exact decimals, from its position in the broadcast columns
      (flattened in C order: a book's row number). Rows whose theta's terms cancel (below
      1/64 of their sizes), or whose figures a last-bit change in ``ln(forward/strike)``
      would move by more than 1e-13 of themselves (a tiny ``σ√T`` with the carry
      ``(r − q)·T`` cancelling the log of spot over strike), are computed by
      :func:`black_scholes` from them; without it, from the doubles themselves.

    >>> columns = black_scholes_columns(42.0, 40.0, 0.5, 0.2, 0.1, 0.0, [True, False])
    >>> [f"{value:.4f}" for value in columns.value]
    ['4.7594', '0.8086']
    """
    shape = np.broadcast_shapes(
        *(np.shape(column) for column in (spot, strike, years, volatility, risk_free_rate)),
        np.shape(dividend_yield),
        np.shape(is_call),
        np.shape(np.nan if relative_excess is None else relative_excess),
    )
    figures = black_scholes_matrix(
        spot,
        strike,
        years,
        volatility,
        risk_free_rate,
        dividend_yield,
        is_call,
        relative_excess=relative_excess,
        exact_inputs=exact_inputs,
    )
    return GreekColumns(*(figure.reshape(shape) for figure in figures))


def black_scholes_matrix(  # noqa: PLR0917  (the formula's inputs, in black_scholes' order)
    spot: ArrayLike,
    strike: ArrayLike,
    years: ArrayLike,
    volatility: ArrayLike,
    risk_free_rate: ArrayLike,
    dividend_yield: ArrayLike,
    is_call: ArrayLike,
    *,
    relative_excess: ArrayLike | None = None,
    exact_inputs: Callable[[int], ExactInputs] | None = None,
) -> FloatArray:
    """:func:`black_scholes_columns`' figures as one array: a row for each, a column a row.

    The six figures in :class:`GreekColumns` order, of the columns broadcast together and
    flattened: the shape a DataFrame of them holds without a copy.

    >>> black_scholes_matrix(42.0, 40.0, 0.5, 0.2, 0.1, 0.0, True).shape
    (6, 1)
    """
    with np.errstate(all="ignore"):  # infinities and zeros are meant: they are the limits
        arrays = np.broadcast_arrays(
            *(
                np.asarray(column, dtype=np.float64)
                for column in (spot, strike, years, volatility, risk_free_rate, dividend_yield)
            ),
            np.asarray(is_call, dtype=np.bool_),
            np.asarray(np.nan if relative_excess is None else relative_excess, dtype=np.float64),
        )
        # Views, not copies: a column given as one value stays one value, read in each block.
        s, k, t, v, r, q, call, excess = (array.reshape(-1) for array in arrays)
        if relative_excess is None:
            excess = (s - k) / k  # exact when it is used: spot and strike within 2 of each other
        figures = np.empty((len(GreekColumns._fields), s.size))
        to_scalar = np.empty(s.size, dtype=np.bool_)
        for rows in blocks(s.size):  # the kernel's temporaries are many: see _blocks
            block = figures[:, rows]  # written in place by _evaluate
            theta_scale, sensitive = _evaluate(
                s[rows],
                k[rows],
                t[rows],
                v[rows],
                r[rows],
                q[rows],
                call[rows],
                excess[rows],
                block,
            )
            theta = block[4]
            cancels = (np.abs(theta) < THETA_CANCELLATION * theta_scale) & (
                theta_scale > THETA_NEGLIGIBLE
            )
            to_scalar[rows] = cancels | sensitive
        scalar_rows = np.flatnonzero(to_scalar)
    # A book repeats its terms (a tranche's grants share them): each once.
    done: dict[tuple[ExactInputs, bool], tuple[float, ...]] = {}
    for row in scalar_rows.tolist():
        given = (
            exact_inputs(row)
            if exact_inputs is not None
            else ExactInputs(*(_exact(column[row]) for column in (s, k, t, v, r, q)))
        )
        key = (given, bool(call[row]))
        if key not in done:
            done[key] = _scalar_row(given, is_call=key[1])
        figures[:, row] = done[key]
    return figures


def _exact(number: np.float64) -> Decimal:
    """A double's exact value (``from_float``: the constructor would signal FloatOperation)."""
    return Decimal.from_float(float(number))  # noqa: FURB164


def _scalar_row(given: ExactInputs, *, is_call: bool) -> tuple[float, ...]:
    """The scalar function's six figures for one row, as doubles."""
    valuation = black_scholes(
        spot=given.spot,
        strike=given.strike,
        years=given.years,
        volatility=given.volatility,
        risk_free_rate=given.risk_free_rate,
        dividend_yield=given.dividend_yield,
        kind="call" if is_call else "put",
    )
    return tuple(
        float(figure)
        for figure in (
            valuation.value,
            valuation.delta,
            valuation.gamma,
            valuation.vega,
            valuation.theta,
            valuation.rho,
        )
    )


def _evaluate(  # noqa: PLR0917  (evaluate's inputs and quantities, as columns)
    spot: FloatArray,
    strike: FloatArray,
    years: FloatArray,
    volatility: FloatArray,
    rate: FloatArray,
    dividend: FloatArray,
    is_call: NDArray[np.bool_],
    excess: FloatArray,
    figures: FloatArray,
) -> tuple[FloatArray, NDArray[np.bool_]]:
    """The scalar ``evaluate``, column-wise, its six figures written into ``figures``.

    Returns theta's scale and the rows too sensitive to ``x`` for a last-bit difference
    in it.
    """
    discount_dividend = np.exp(-dividend * years)
    discount = np.exp(-rate * years)
    share = spot * discount_dividend
    cash = strike * discount
    root_years = np.sqrt(years)
    total = volatility * root_years
    sign = np.where(is_call, 1.0, -1.0)
    log_ratio = _log_ratio(spot, strike, total, excess)
    x = log_ratio + (rate - dividend) * years
    x[strike == 0.0] = np.inf
    x[(spot == 0.0) & (strike != 0.0)] = -np.inf
    d1 = x / total + 0.5 * total
    d2 = d1 - total
    density = _INV_SQRT_2PI * np.exp(-0.5 * d1 * d1)
    in_share = _cdf(sign * d1)
    in_cash = _cdf(sign * d2)
    value = sign * (share * in_share - cash * in_cash)
    accurate = np.flatnonzero(
        (np.where(is_call, d1, -d2) < 0.0) | (total < 2.0 * SMALL_HALF_VOLATILITY)
    )
    if accurate.size:
        value[accurate] = _accurate_value(
            x[accurate], total[accurate], share[accurate], cash[accurate], sign[accurate]
        )
    decay = share * density * volatility / (2.0 * root_years)
    rate_carry = rate * cash * in_cash
    dividend_carry = dividend * share * in_share
    np.stack(
        (
            np.maximum(value, 0.0),
            sign * discount_dividend * in_share,
            discount_dividend * density / spot / total,
            share * density * root_years,
            -decay - sign * rate_carry + sign * dividend_carry,
            sign * years * cash * in_cash,
        ),
        out=figures,
    )
    scale = decay + np.abs(rate_carry) + np.abs(dividend_carry)
    # How far the few bits δx by which x may differ from the scalar's move each figure, to
    # first order: N(d) by n(d)·δx/σ√T (and cash·n(d2) is share·n(d1)), n(d) by |d|·δx/σ√T
    # of itself, and the value by |delta|·spot·δx. In place: these passes cost as much as
    # the formula's own.
    shift = np.abs(log_ratio)
    shift += np.abs(x)
    shift *= _LOG_BITS / total  # δx/σ√T
    limit = np.abs(figures)
    np.maximum(limit, _SMALL_FIGURE, out=limit)
    limit *= _SENSITIVITY
    steep = np.abs(d1)
    steep *= shift
    slope = share * density
    slope *= shift
    sensitive = share * in_share * total * shift > limit[0]
    sensitive |= slope / spot > limit[1]
    sensitive |= np.abs(figures[2]) * steep > limit[2]
    sensitive |= np.abs(figures[3]) * steep > limit[3]
    sensitive |= decay * steep + (np.abs(rate) + np.abs(dividend)) * slope > limit[4]
    sensitive |= years * slope > limit[5]
    certain = np.flatnonzero((total == 0.0) | np.isinf(x))
    if certain.size:
        figures[:, certain], scale[certain] = _without_volatility(
            share[certain],
            cash[certain],
            discount_dividend[certain],
            years[certain],
            volatility[certain],
            rate[certain],
            dividend[certain],
            sign[certain],
            x[certain],
            root_years[certain],
        )
        sensitive[certain] = False
    return scale, sensitive


def _log_ratio(
    spot: FloatArray, strike: FloatArray, total: FloatArray, excess: FloatArray
) -> FloatArray:
    """``ln(spot/strike)``, from ``excess`` where the scalar takes it from the decimals."""
    ratio = spot / strike
    log_ratio = np.log(ratio)
    near = np.flatnonzero(
        (total < NEAR_TOTAL_VOLATILITY) & (ratio > 0.5) & (ratio < 2.0)  # noqa: PLR2004
    )
    if near.size:
        log_ratio[near] = np.log1p(excess[near])
    return log_ratio


def _cdf(z: FloatArray) -> FloatArray:
    """N(z), through erfc as the scalar's, so that the left tail keeps its digits."""
    result: FloatArray = 0.5 * special.erfc(-z * _INV_SQRT2)
    return result


def _exp_square(u: FloatArray) -> FloatArray:
    """``e^(u²)``, with ``u²`` carried in two doubles so its rounding is not magnified."""
    square = u * u
    split = _VELTKAMP * u
    high = split - (split - u)
    low = u - high
    error = ((high * high - square) + 2.0 * high * low) + low * low
    result: FloatArray = np.exp(square) * (1.0 + error)
    return result


def _fraction_tail(z: FloatArray) -> FloatArray:
    """``c`` in ``1/Y(−z) = z + c``: the continued fraction ``1/(z + 2/(z + 3/(z + …)))``."""
    tail = np.zeros_like(z)
    for term in range(_CONTINUED_FRACTION_TERMS, 1, -1):
        tail = term / (z + tail)
    result: FloatArray = 1.0 / (z + tail)
    return result


def _ratio(z: FloatArray) -> FloatArray:
    """``Y(z) = N(z)/n(z)`` for z ≤ 0: Mills' ratio, without the underflow of either part."""
    result = np.empty_like(z)
    near = z > _FAR_TAIL
    u = z[near] * _INV_SQRT2
    result[near] = _SQRT_HALF_PI * _exp_square(u) * special.erfc(-u)
    far = ~near
    result[far] = 1.0 / (-z[far] + _fraction_tail(-z[far]))
    return result


def _ratio_slope(h: FloatArray) -> FloatArray:
    """``Y'(h) = 1 + h·Y(h)`` for h ≤ 0, without cancellation in the far tail."""
    result = np.empty_like(h)
    near = h > _FAR_TAIL
    result[near] = 1.0 + h[near] * _ratio(h[near])
    far = ~near
    tail = _fraction_tail(-h[far])
    result[far] = tail / (-h[far] + tail)
    return result


def _taylor(h: FloatArray, t: FloatArray) -> FloatArray:
    """``b`` as a series in ``t = s/2``: ``2·n(h)·e^(−t²/2)·Σ Y⁽²ᵏ⁺¹⁾(h)·t^(2k+1)/(2k+1)!``."""
    slope = _ratio_slope(h)
    h2 = h * h
    w = t * t
    total = np.zeros_like(h)
    for p_coefficients, q_coefficients, factorial in reversed(_TAYLOR):
        p = np.zeros_like(h)
        for coefficient in reversed(p_coefficients):
            p = p * h2 + coefficient
        q = np.zeros_like(h)
        for coefficient in reversed(q_coefficients):
            q = q * h2 + coefficient
        total = total * w + (p + q * slope) / factorial
    result: FloatArray = 2.0 * _INV_SQRT_2PI * np.exp(-0.5 * (h2 + w)) * t * total
    return result


def _normalized_otm(x: FloatArray, s: FloatArray) -> FloatArray:
    """The scalar ``normalized_otm``, column-wise: ``b(x, s)`` for x ≤ 0 and s > 0."""
    h = x / s
    t = 0.5 * s
    value = np.zeros_like(x)
    series = (h >= _UNDERFLOW) & (t < SMALL_HALF_VOLATILITY)
    value[series] = _taylor(h[series], t[series])
    rest = (h >= _UNDERFLOW) & ~series
    tails = rest & (h + t <= 0.0)
    ht, tt = h[tails], t[tails]
    value[tails] = (
        _INV_SQRT_2PI * np.exp(-0.5 * (ht * ht + tt * tt)) * (_ratio(ht + tt) - _ratio(ht - tt))
    )
    middle = rest & ~tails
    hm, tm, xm = h[middle], t[middle], x[middle]
    value[middle] = np.exp(0.5 * xm) * _cdf(hm + tm) - _INV_SQRT_2PI * np.exp(
        -0.5 * (hm * hm + tm * tm)
    ) * _ratio(hm - tm)
    result: FloatArray = np.maximum(value, 0.0)
    return result


def _accurate_value(
    x: FloatArray, total: FloatArray, share: FloatArray, cash: FloatArray, sign: FloatArray
) -> FloatArray:
    """The out-of-the-money value, scaled by √(share·cash), plus the forward intrinsic."""
    scale = np.sqrt(share) * np.sqrt(cash)
    out_of_the_money = scale * _normalized_otm(-np.abs(x), total)
    result: FloatArray = out_of_the_money + np.maximum(sign * _intrinsic(x, share, cash), 0.0)
    return result


def _intrinsic(x: FloatArray, share: FloatArray, cash: FloatArray) -> FloatArray:
    """``share − cash``, as ``cash·(e^x − 1)`` near the money where the difference is small."""
    result: FloatArray = np.where((x > -1.0) & (x < 1.0), cash * np.expm1(x), share - cash)
    return result


def _without_volatility(  # noqa: PLR0917  (the scalar's own, column-wise)
    share: FloatArray,
    cash: FloatArray,
    discount_dividend: FloatArray,
    years: FloatArray,
    volatility: FloatArray,
    rate: FloatArray,
    dividend: FloatArray,
    sign: FloatArray,
    x: FloatArray,
    root_years: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """The certain option's figures (one row each) and theta's scale, as the scalar's.

    In the money, the discounted forward intrinsic value and its derivatives; out of it,
    nothing; at the kink, the limits as volatility vanishes (see ``_without_volatility``
    in :mod:`auxer_option._blackscholes`).
    """
    carry_scale = np.abs(dividend * share) + np.abs(rate * cash)
    carry = dividend * share - rate * cash
    kink = x == 0.0
    inside = ~kink & (sign * x >= 0.0)
    infinite_decay = kink & (years == 0.0) & (volatility > 0.0)
    zero = np.zeros_like(x)
    figures = np.stack(
        (
            np.where(inside, sign * _intrinsic(x, share, cash), zero),
            np.where(
                kink,
                0.5 * sign * discount_dividend,
                np.where(inside, sign * discount_dividend, zero),
            ),
            np.where(kink, np.inf, zero),
            np.where(kink & (volatility == 0.0), share * root_years * _INV_SQRT_2PI, zero),
            np.where(
                infinite_decay,
                -np.inf,
                np.where(kink, 0.5 * sign * carry, np.where(inside, sign * carry, zero)),
            ),
            np.where(kink, 0.5 * sign * years * cash, np.where(inside, sign * years * cash, zero)),
        )
    )
    scale = np.where(
        infinite_decay, zero, np.where(kink, 0.5 * carry_scale, np.where(inside, carry_scale, zero))
    )
    return figures, scale
