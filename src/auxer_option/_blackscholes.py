"""The Black-Scholes-Merton formula in binary floating point, accurate into the tails.

The textbook formula ``S·e^(−qT)·N(d1) − K·e^(−rT)·N(d2)`` subtracts two nearly equal
numbers when the option is far out of the money or its total volatility ``σ√T`` is small,
and loses digits; with ``N`` written through ``erf`` it even returns 0 or negative values
in the tails. Here the out-of-the-money value is computed in the normalized form of
Jäckel's "Let's be rational" (2015),

    b(x, s) = e^(x/2)·N(x/s + s/2) − e^(−x/2)·N(x/s − s/2),   x = ln(forward/strike) ≤ 0,

through the scaled ratio ``Y(z) = N(z)/n(z)``, with a Taylor series in ``s`` when ``s`` is
small; an in-the-money value is that plus the forward intrinsic value, a sum of two
positive numbers. The tests hold every value within 1e-12 of a 50-digit reference.

Theta is the one result that is a sum of terms of both signs; near its zero they cancel,
and a double keeps only about 1e-15 of the largest. There :func:`precise_theta` computes it
again in ``Decimal`` from the exact inputs, with as many digits as the cancellation takes.

Everything else here is plain ``float`` arithmetic on inputs already checked by
:mod:`auxer_option._valuation`; nothing here raises.
"""

from __future__ import annotations

import decimal
import math
from decimal import Decimal
from typing import Final

__all__ = [
    "SMALL_HALF_VOLATILITY",
    "Greeks",
    "evaluate",
    "normalized_otm",
    "normalized_vega",
    "precise_theta",
]

#: value, delta, gamma, vega, theta, rho, and the sum of the sizes of theta's terms
#: (what its rounding errors are relative to; 0 where theta is not such a sum)
Greeks = tuple[float, float, float, float, float, float, float]

#: Below this half total volatility ``σ√T/2``, the difference of the two normal
#: probabilities loses more than about 60 ulps, and the Taylor series takes over.
SMALL_HALF_VOLATILITY: Final = 0.02

# From this total volatility σ√T up, an in-the-money value is the textbook difference.
_TEXTBOOK_VOLATILITY: Final = 2.0 * SMALL_HALF_VOLATILITY
_INV_SQRT2: Final = 1 / math.sqrt(2)
_INV_SQRT_2PI: Final = 1 / math.sqrt(2 * math.pi)
_SQRT_HALF_PI: Final = math.sqrt(math.pi / 2)
_VELTKAMP: Final = 134217729.0  # 2**27 + 1: splits a double into two 26-bit halves
# Beyond this many standard deviations the ratio Y comes from its continued fraction.
_FAR_TAIL: Final = -6.0
_CONTINUED_FRACTION_TERMS: Final = 22  # enough for 1 ulp from 6 standard deviations out
# Beyond this, the normalized value is below e^(−800): zero in a double.
_UNDERFLOW: Final = -40.0

#: Theta below this fraction of the sum of its terms' sizes has lost more than 1e-12 of
#: itself: a double holds the terms to about 1e-15 of their sum (measured: 1.0e-15 at worst).
THETA_CANCELLATION: Final = 1 / 64
#: Terms smaller than this leave theta within 1e-15 whatever cancels: no need to redo it.
THETA_NEGLIGIBLE: Final = 1e-7
# Digits precise_theta keeps beyond its largest term: 1e-12 of a theta of 1e-8, and more.
_THETA_DIGITS: Final = 30
# 1/√(2π) to 125 digits, more than precise_theta ever carries in a density.
_INV_SQRT_2PI_DECIMAL: Final = Decimal(
    "0.39894228040143267793994605993438186847585863116493465766592582967065792589930183850"
    "125233390730693643030255886263518268551099"
)
_TWO_LN_10: Final = 2 * math.log(10)
# Beyond this many standard deviations N is within 1e-348 of 0 or 1: far below the at most
# 89 digits precise_theta carries (30 beyond a scale of at most 1e59), while the series
# would need about z² terms and z²/(2·ln 10) more digits (a σ√T of 1e-4 took hours).
_DECIMAL_TAIL: Final = 40

# The odd derivatives of Y at h, Y⁽ⁿ⁾(h) = p(h²) + q(h²)·(1 + h·Y(h)), divided by n!:
# (p, q) coefficients in ascending powers of h², derived from Y' = 1 + h·Y (the tests derive
# them again). Seven terms reach t¹³, far below an ulp for t < 0.1.
_TAYLOR: Final = (
    ((0,), (1,), 1.0),
    ((-1, 0), (3, 1), 6.0),
    ((-7, -1, 0), (15, 10, 1), 120.0),
    ((-57, -18, -1, 0), (105, 105, 21, 1), 5040.0),
    ((-561, -285, -33, -1, 0), (945, 1260, 378, 36, 1), 362880.0),
    ((-6555, -4680, -840, -52, -1, 0), (10395, 17325, 6930, 990, 55, 1), 39916800.0),
    (
        (-89055, -82845, -20370, -1926, -75, -1, 0),
        (135135, 270270, 135135, 25740, 2145, 78, 1),
        6227020800.0,
    ),
)


def _cdf(z: float) -> float:
    """The standard normal probability N(z), through erfc so that the left tail keeps its digits."""
    return 0.5 * math.erfc(-z * _INV_SQRT2)


def _exp_square(u: float) -> float:
    """``e^(u²)``, with ``u²`` carried in two doubles so its rounding is not magnified."""
    square = u * u
    split = _VELTKAMP * u
    high = split - (split - u)
    low = u - high
    error = ((high * high - square) + 2.0 * high * low) + low * low
    return math.exp(square) * (1.0 + error)


def _fraction_tail(z: float) -> float:
    """``c`` in ``1/Y(−z) = z + c``: the continued fraction ``1/(z + 2/(z + 3/(z + …)))``."""
    tail = 0.0
    for k in range(_CONTINUED_FRACTION_TERMS, 1, -1):
        tail = k / (z + tail)
    return 1.0 / (z + tail)


def _ratio(z: float) -> float:
    """``Y(z) = N(z)/n(z)`` for z ≤ 0: Mills' ratio, without the underflow of either part."""
    if z > _FAR_TAIL:
        return _SQRT_HALF_PI * _exp_square(z * _INV_SQRT2) * math.erfc(-z * _INV_SQRT2)
    return 1.0 / (-z + _fraction_tail(-z))


def _ratio_slope(h: float) -> float:
    """``Y'(h) = 1 + h·Y(h)`` for h ≤ 0, without cancellation in the far tail."""
    if h > _FAR_TAIL:
        return 1.0 + h * _ratio(h)
    tail = _fraction_tail(-h)
    return tail / (-h + tail)


def _taylor(h: float, t: float) -> float:
    """``b`` as a series in ``t = s/2``: ``2·n(h)·e^(−t²/2)·Σ Y⁽²ᵏ⁺¹⁾(h)·t^(2k+1)/(2k+1)!``."""
    slope = _ratio_slope(h)
    h2 = h * h
    w = t * t
    total = 0.0
    for p_coefficients, q_coefficients, factorial in reversed(_TAYLOR):
        p = 0.0
        for coefficient in reversed(p_coefficients):
            p = p * h2 + coefficient
        q = 0.0
        for coefficient in reversed(q_coefficients):
            q = q * h2 + coefficient
        total = total * w + (p + q * slope) / factorial
    return 2.0 * _INV_SQRT_2PI * math.exp(-0.5 * (h2 + w)) * t * total


def normalized_otm(x: float, s: float) -> float:
    """The normalized out-of-the-money value ``b(x, s)`` for ``x ≤ 0`` and ``s > 0``.

    ``b = e^(x/2)·N(h + t) − e^(−x/2)·N(h − t)`` with ``h = x/s`` and ``t = s/2``; it is
    never negative. Times ``√(forward·strike)`` discounted, it is the option's value.
    """
    h = x / s
    t = 0.5 * s
    if h < _UNDERFLOW:
        return 0.0
    if t < SMALL_HALF_VOLATILITY:
        value = _taylor(h, t)
    elif h + t <= 0.0:
        # Both probabilities are in the left tail: n(h ± t)·e^(±x/2) share the factor
        # e^(−(h² + t²)/2), so the difference is taken between the ratios.
        value = _INV_SQRT_2PI * math.exp(-0.5 * (h * h + t * t)) * (_ratio(h + t) - _ratio(h - t))
    else:
        value = math.exp(0.5 * x) * _cdf(h + t) - _INV_SQRT_2PI * math.exp(
            -0.5 * (h * h + t * t)
        ) * _ratio(h - t)
    return max(value, 0.0)


def normalized_vega(x: float, s: float) -> float:
    """``∂b/∂s = n(x/s + s/2)·e^(x/2)``: the normalized value's slope in total volatility."""
    h = x / s
    t = 0.5 * s
    return _INV_SQRT_2PI * math.exp(-0.5 * (h * h + t * t))


def evaluate(  # noqa: PLR0917  (called positionally: keyword passing costs time here)
    spot: float,
    strike: float,
    years: float,
    volatility: float,
    rate: float,
    dividend: float,
    is_call: bool,  # noqa: FBT001  (a private kernel, called positionally for speed)
    log_ratio: float,
) -> Greeks:
    """Value, delta, gamma, vega, theta and rho of a European option, all as floats.

    The seventh float is the sum of the sizes of theta's terms: where theta is below
    :data:`THETA_CANCELLATION` of it, its digits have cancelled (see :func:`precise_theta`).

    ``log_ratio`` is ``ln(spot/strike)``, computed by the caller as precisely as it can
    (it is what small total volatilities are most sensitive to); it is ignored when
    ``spot`` or ``strike`` is 0. Theta is per year of calendar time, vega and rho per 1.00.
    """
    # No yield, no discount (e^0 is exactly 1): most options skip one exponential.
    discount_dividend = math.exp(-dividend * years) if dividend else 1.0
    discount = math.exp(-rate * years)
    share = spot * discount_dividend  # present value of the share delivered
    cash = strike * discount  # present value of the strike paid
    root_years = math.sqrt(years)
    total_volatility = volatility * root_years
    sign = 1.0 if is_call else -1.0
    if strike == 0.0:
        x = math.inf
    elif spot == 0.0:
        x = -math.inf
    else:  # the log of forward over strike
        x = log_ratio + (rate - dividend) * years
    if total_volatility == 0.0 or math.isinf(x):
        return _without_volatility(
            share, cash, discount_dividend, years, volatility, rate, dividend, sign, x, root_years
        )
    d1 = x / total_volatility + 0.5 * total_volatility
    d2 = d1 - total_volatility
    density = _INV_SQRT_2PI * math.exp(-0.5 * d1 * d1)
    # _cdf(sign·d1) and _cdf(sign·d2), written out: the two calls cost a fifth of the kernel.
    in_share = 0.5 * math.erfc(-(sign * d1) * _INV_SQRT2)
    in_cash = 0.5 * math.erfc(-(sign * d2) * _INV_SQRT2)
    if (d1 if is_call else -d2) >= 0.0 and total_volatility >= _TEXTBOOK_VOLATILITY:
        value = sign * (share * in_share - cash * in_cash)
    else:
        value = _accurate_value(x, total_volatility, share, cash, sign)
    time_value_decay = share * density * volatility / (2.0 * root_years)
    rate_carry = rate * cash * in_cash
    dividend_carry = dividend * share * in_share
    return (
        0.0 if value < 0.0 else value,  # noqa: FURB136  (max(value, 0.0) without the call)
        sign * discount_dividend * in_share,
        discount_dividend * density / spot / total_volatility,  # no product to underflow
        share * density * root_years,
        -time_value_decay - sign * rate_carry + sign * dividend_carry,
        sign * years * cash * in_cash,
        time_value_decay + abs(rate_carry) + abs(dividend_carry),
    )


def _accurate_value(
    x: float, total_volatility: float, share: float, cash: float, sign: float
) -> float:
    # The out-of-the-money option in normalized form, scaled by √(share·cash); in the
    # money, the forward intrinsic value is added: a sum of two positive terms.
    scale = math.sqrt(share) * math.sqrt(cash)
    out_of_the_money = scale * normalized_otm(-abs(x), total_volatility)
    return out_of_the_money + max(sign * _intrinsic(x, share, cash), 0.0)


def _intrinsic(x: float, share: float, cash: float) -> float:
    """``share − cash``, as ``cash·(e^x − 1)`` near the money where the difference is small."""
    return cash * math.expm1(x) if -1.0 < x < 1.0 else share - cash


def _without_volatility(  # noqa: PLR0917  (the kernel's own quantities, passed through)
    share: float,
    cash: float,
    discount_dividend: float,
    years: float,
    volatility: float,
    rate: float,
    dividend: float,
    sign: float,
    x: float,
    root_years: float,
) -> Greeks:
    """The option when nothing is uncertain: a zero share or strike, expiry, or σ = 0.

    The value is the discounted forward intrinsic value; the Greeks are its derivatives,
    and at the kink (forward equal to strike) their limits as volatility vanishes:
    half the delta, an infinite gamma and, at expiry itself, an infinite time decay.
    """
    carry_scale = abs(dividend * share) + abs(rate * cash)
    if x == 0.0:
        infinite_decay = years == 0.0 and volatility > 0.0
        return (
            0.0,
            0.5 * sign * discount_dividend,
            math.inf,
            share * root_years * _INV_SQRT_2PI if volatility == 0.0 else 0.0,
            -math.inf if infinite_decay else 0.5 * sign * (dividend * share - rate * cash),
            0.5 * sign * years * cash,
            0.0 if infinite_decay else 0.5 * carry_scale,
        )
    if sign * x < 0.0:  # out of the money: worthless, and stays so for small moves
        return (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    return (
        sign * _intrinsic(x, share, cash),
        sign * discount_dividend,
        0.0,
        0.0,
        sign * (dividend * share - rate * cash),
        sign * years * cash,
        carry_scale,
    )


def precise_theta(  # noqa: PLR0917  (the kernel's inputs, in evaluate's order)
    spot: Decimal,
    strike: Decimal,
    years: Decimal,
    volatility: Decimal,
    rate: Decimal,
    dividend: Decimal,
    is_call: bool,  # noqa: FBT001
    scale: float,
) -> float:
    """Theta from the exact inputs in ``Decimal``, where its terms cancel in a double.

    The same formula as :func:`evaluate`'s, carried :data:`_THETA_DIGITS` digits beyond
    ``scale`` (the size of the terms), so that what is left after they cancel is still
    right to far better than 1e-12 of itself, or 1e-15 when it is smaller than 1e-8.
    """
    context = decimal.Context(
        prec=_THETA_DIGITS + max(0, math.ceil(math.log10(scale))),
        rounding=decimal.ROUND_HALF_EVEN,
        Emin=-999_999,
        Emax=999_999,
        traps=[],
    )
    sign = 1 if is_call else -1
    share = context.multiply(spot, context.exp(context.minus(context.multiply(dividend, years))))
    cash = context.multiply(strike, context.exp(context.minus(context.multiply(rate, years))))
    root_years = context.sqrt(years)
    total_volatility = context.multiply(volatility, root_years)
    if total_volatility.is_zero():
        # Nothing is uncertain: the carry of the forward intrinsic value, in the money;
        # at the kink, the mean of its two sides (as in _without_volatility).
        side = sign * int(context.compare(share, cash))  # 1 in the money, 0 at the kink
        carry = context.subtract(context.multiply(dividend, share), context.multiply(rate, cash))
        return float(context.divide(context.multiply(sign * (1 + side), carry), 2))
    x = context.add(
        context.ln(context.divide(spot, strike)),
        context.multiply(context.subtract(rate, dividend), years),
    )
    d1 = context.add(context.divide(x, total_volatility), context.divide(total_volatility, 2))
    d2 = context.subtract(d1, total_volatility)
    decay = context.divide(
        context.multiply(context.multiply(share, _density(d1, context)), volatility),
        context.multiply(2, root_years),
    )
    rate_carry = context.multiply(
        context.multiply(rate, cash), _cdf_decimal(context.multiply(sign, d2), context)
    )
    dividend_carry = context.multiply(
        context.multiply(dividend, share), _cdf_decimal(context.multiply(sign, d1), context)
    )
    carry = context.subtract(dividend_carry, rate_carry)
    return float(context.subtract(carry if is_call else context.minus(carry), decay))


def _density(z: Decimal, context: decimal.Context) -> Decimal:
    """The standard normal density ``n(z)``, to the context's precision."""
    exponent = context.divide(context.multiply(z, z), -2)
    return context.multiply(_INV_SQRT_2PI_DECIMAL, context.exp(exponent))


def _cdf_decimal(z: Decimal, context: decimal.Context) -> Decimal:
    """``N(z) = ½ + n(z)·(z + z³/3 + z⁵/(3·5) + …)``, to the context's relative precision.

    The series' terms all have the sign of ``z``; below 0 their sum cancels most of the
    ½, about ``z²/(2·ln 10)`` digits of it, which are carried in addition. Beyond
    :data:`_DECIMAL_TAIL` standard deviations it is 0 or 1 to every digit carried.
    """
    if z.copy_abs() > _DECIMAL_TAIL:  # copy_abs: no context, so not the caller's
        return Decimal(int(z > 0))
    wide = context.copy()
    square = wide.multiply(z, z)
    wide.prec += int(float(square) / _TWO_LN_10) + 5
    term = total = z
    odd = 1
    while not term.is_zero() and term.adjusted() >= total.adjusted() - wide.prec:
        odd += 2
        term = wide.divide(wide.multiply(term, square), odd)
        total = wide.add(total, term)
    return wide.add(Decimal("0.5"), wide.multiply(_density(z, wide), total))
