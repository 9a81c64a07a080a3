"""Exact amounts and share counts: coercion, the library's decimal context, cash rounding.

Every ``Decimal`` operation in the library goes through a context defined here, never
through the caller's thread-local context, so results do not depend on what
``decimal.getcontext()`` holds.
"""

from __future__ import annotations

import decimal
import functools
import numbers
from decimal import Decimal
from fractions import Fraction
from typing import Final, SupportsIndex, cast

from auxer_option._choices import find_choice
from auxer_option._text import pattern, plain
from auxer_option.exceptions import (
    AmountTypeError,
    InvalidAmountError,
    InvalidChoiceError,
    InvalidCurrencyError,
    InvalidRateError,
    InvalidShareCountError,
    OptionTypeError,
    OptionValueError,
    PrecisionError,
    ShareCountTypeError,
)

#: What a price or amount may be given as (a float is refused at run time, and by mypy).
Amount = Decimal | str | SupportsIndex

#: What a share count may be given as: int, or numpy/pandas integers (bool is refused).
ShareCount = SupportsIndex

#: What a model assumption or a rate may be given as (see :func:`estimate`): an estimate,
#: not money, so a float (read as its shortest repr) and a Fraction are taken too.
Estimate = Decimal | str | float | Fraction | SupportsIndex

#: Significant digits the library computes exactly; a result needing more is refused.
PRECISION: Final = 50

#: The largest share count: a signed 64-bit integer, so counts survive numpy, pandas and SQL.
MAX_SHARES: Final = 2**63 - 1

# Exact arithmetic: any operation that would have to round raises instead.
EXACT: Final = decimal.Context(
    prec=PRECISION,
    rounding=decimal.ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    capitals=1,
    clamp=0,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow, decimal.Inexact],
)

# Deliberate rounding (quantize to a minor unit); the rounding mode is passed per call.
ROUNDING: Final = EXACT.copy()
ROUNDING.traps[decimal.Inexact] = False

ROUNDING_MODES: Final = (
    decimal.ROUND_HALF_UP,
    decimal.ROUND_HALF_EVEN,
    decimal.ROUND_HALF_DOWN,
    decimal.ROUND_UP,
    decimal.ROUND_DOWN,
    decimal.ROUND_CEILING,
    decimal.ROUND_FLOOR,
    decimal.ROUND_05UP,
)

#: The default rounding of cash amounts.
DEFAULT_ROUNDING: Final = decimal.ROUND_HALF_UP

ZERO: Final = Decimal(0)

# Plain ASCII decimal notation only: no whitespace, underscores, symbols or other digits.
_NUMBER = pattern(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE](?P<exponent_sign>[+-]?)[0-9]+)?")

#: The most digits an amount may have after the decimal point. With at most
#: :data:`PRECISION` significant digits, and so at most that many before the point, every
#: amount the library accepts is written out in plain digits in at most
#: ``MAX_PLACES + 2`` characters ("0." and the places): no exponent is ever needed, and no
#: computation on it can run into megabytes of zeros.
MAX_PLACES: Final = 2 * PRECISION

#: An amount with more than :data:`PRECISION` significant digits.
TOO_LONG: Final = f"has more than {PRECISION} significant digits, so it cannot be exact"
#: An amount with more than :data:`MAX_PLACES` digits after the point.
TOO_MANY_PLACES: Final = (
    f"has more than {MAX_PLACES} digits after the decimal point, "
    "so it cannot be written out in plain digits"
)
#: A result with more than :data:`MAX_PLACES` digits after the point.
RESULT_TOO_MANY_PLACES: Final = (
    f"the exact result needs more than {MAX_PLACES} digits after the decimal point"
)

_SUGGESTION = 'pass a Decimal such as Decimal("0.13"), an int, or a string such as "0.13"'

# The rules amounts, share counts and currencies are refused by, each written once here.
#: A float where an exact number is needed, the one wording of every such refusal: a
#: template of ``what`` (a price, a ratio) and ``suggestion`` (what to pass instead).
FLOAT_REFUSED: Final = "a float cannot hold {what} exactly; {suggestion}"
#: A float given as a price or amount.
FLOAT_AMOUNT: Final = FLOAT_REFUSED.format(what="a price", suggestion=_SUGGESTION)
#: Any other type given as a price or amount (bool, Fraction, None, ...).
NOT_AN_AMOUNT: Final = f"must be an exact number; {_SUGGESTION}"
#: A negative price or amount.
MUST_NOT_BE_NEGATIVE: Final = "must not be negative"
#: NaN or an infinity given as a Decimal.
NOT_FINITE: Final = "must be a finite number (not NaN or infinity)"
#: Text that is not plain ASCII decimal notation.
NOT_PLAIN_NUMBER: Final = (
    'must be a plain ASCII number such as "0.13" or "1e3" '
    "(no currency symbols, separators, spaces or words)"
)
#: A share count that is not a whole number.
NOT_WHOLE_SHARES: Final = "shares are whole numbers; pass an int such as 1000000"
#: A share count (or a step) of zero or less, where at least one is needed.
MUST_BE_POSITIVE: Final = "must be positive"
#: A share count above :data:`MAX_SHARES`.
OVER_MAX_SHARES: Final = f"must not exceed {MAX_SHARES} (2**63 - 1)"
#: A currency that is not text.
CURRENCY_NOT_TEXT: Final = 'must be an ISO 4217 code such as "USD"'
#: A currency code that is unknown, or has no decimal minor unit.
UNKNOWN_CURRENCY: Final = (
    "must be an ISO 4217 currency code with a decimal minor unit, such as USD or JPY"
)


#: Anything but a number given as an estimate (a model assumption or a rate).
NOT_AN_ESTIMATE: Final = (
    "must be a number: a Decimal, an int, a float, a Fraction or a numeric string"
)

#: The most digits of a Fraction's numerator or denominator given as an estimate: far more
#: than any double needs, and few enough that reading it takes no noticeable time.
MAX_FRACTION_DIGITS: Final = 1_100
#: A Fraction with a longer numerator or denominator.
FRACTION_TOO_LONG: Final = (
    f"must have a numerator and a denominator of at most {MAX_FRACTION_DIGITS:,} digits"
)

#: Significant digits of an estimate given as a Fraction with no end to its decimal digits
#: (1/3): Python's default 28, far beyond the double a model makes of it.
ESTIMATE_DIGITS: Final = 28

#: Rate examples for the hint of :func:`rate_range`: a fraction and the percentage it is.
RATE_EXAMPLES: Final = {
    "volatility": ("0.45", "45"),
    "risk_free_rate": ("0.05", "5"),
    "dividend_yield": ("0.02", "2"),
    "withholding_rate": ("0.22", "22"),
    "exit_rate": ("0.1", "10"),
}


def rate_range(field: str, low: int, high: int) -> str:
    """The rule of a rate (a fraction of one) outside ``low`` to ``high``, with a unit hint.

    ``field`` is one of :data:`RATE_EXAMPLES`' keys: every rate the library takes.

    Every rate is written as a fraction, so a value out of range was most likely meant as
    a percentage: the rule says how to write one.

    >>> rate_range("withholding_rate", 0, 1)
    'must be from 0 to 1 (a fraction: 0.22 for 22%)'
    """
    fraction, percent = RATE_EXAMPLES[field]
    return f"must be from {low} to {high} (a fraction: {fraction} for {percent}%)"


def at_least(minimum: int) -> str:
    """The rule of a share count below ``minimum`` (other than 1: :data:`MUST_BE_POSITIVE`)."""
    return f"must be at least {minimum}"


def rounding_mode_rule(alternative: str = "") -> str:
    """The rule of a value that is not a rounding mode.

    ``alternative``, such as ``"None (exact) or "``, names what else is accepted.
    """
    return f"must be {alternative}a decimal rounding mode such as decimal.ROUND_HALF_UP"


def coerce_amount(value: object, field: str) -> Decimal:
    """Return ``value`` as a canonical, finite, non-negative ``Decimal``.

    Accepts ``Decimal``, integers (not ``bool``) and plain ASCII numeric strings.
    Canonical means written out in plain digits and never negative zero: ``"1E+3"``
    becomes ``Decimal("1000")`` and ``-0.00`` becomes ``Decimal("0.00")``; the digits given
    are kept (``"32500.00"`` stays ``Decimal("32500.00")``, equal to ``32500``).

    Raises:
        AmountTypeError: for ``float``, ``bool`` and any other type.
        InvalidAmountError: for NaN, infinities, negative values, malformed text, and
            values with more than :data:`PRECISION` significant digits written out or
            more than :data:`MAX_PLACES` digits after the point (the same rules for text,
            ``Decimal`` and int).
    """
    if type(value) is Decimal:
        sign, digits, exponent = value.as_tuple()
        # The common case, plain digits with no sign and no exponent, is canonical already.
        plain_digits = type(exponent) is int and -MAX_PLACES <= exponent <= 0
        if not sign and plain_digits and len(digits) <= PRECISION:
            return value
        number = value
    elif isinstance(value, str):
        if len(value) <= CACHED_TEXT:
            return _amount_from_text(value, field)
        number = parse_number(value, field)
    elif isinstance(value, Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        raise AmountTypeError(field, value, FLOAT_AMOUNT)
    elif isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise AmountTypeError(field, value, NOT_AN_AMOUNT)
    else:
        return _amount_from_integer(value, field)
    if not number.is_finite():
        raise InvalidAmountError(field, value, NOT_FINITE)
    return _canonical_amount(number, field, value)


#: The longest text whose reading is remembered: a price or a term as people write them, so
#: that the cache never holds on to long text.
CACHED_TEXT: Final = 100


@functools.lru_cache(maxsize=1024)
def _amount_from_text(text: str, field: str) -> Decimal:
    # Remembered: a book of grants repeats its prices, and a Decimal is immutable.
    return _canonical_amount(parse_number(text, field), field, text)


# Estimates as a Fraction's quotient: rounded to ESTIMATE_DIGITS, and written out exactly.
_ESTIMATE: Final = ROUNDING.copy()
_ESTIMATE.prec = ESTIMATE_DIGITS
_UNBOUNDED: Final = decimal.Context(
    prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[]
)
_FRACTION_LIMIT: Final = 10**MAX_FRACTION_DIGITS
_INTEGER_LIMIT: Final = 10**PRECISION


def estimate(
    value: object, field: str, error: type[OptionValueError] = InvalidAmountError
) -> Decimal:
    """The ``Decimal`` that ``value``, an estimate rather than money, stands for.

    Model assumptions (volatility, rates, years) and rates are estimates: besides what
    :func:`exact_number` reads, a ``float`` is taken, as its shortest repr (``0.55`` is
    ``Decimal("0.55")``, the digits it was written with), and so is a numpy floating scalar
    (``float32``, ``float16``, ``longdouble``: the shortest text numpy writes for its own
    precision, so ``float32(0.2)`` is ``Decimal("0.2")``); and a ``Fraction``, as
    :func:`fraction_decimal` writes it. The sign, the range and the digits are the
    caller's to judge: NaN and infinities come back as such.

    >>> estimate(0.55, "volatility"), estimate(Fraction(1, 3), "years")
    (Decimal('0.55'), Decimal('0.3333333333333333333333333333'))

    Raises:
        AmountTypeError: for a ``bool`` and any other type.
        InvalidAmountError: for malformed text, or text or an int with more than
            :data:`PRECISION` significant digits.
        OptionValueError: ``error``, for a ``Fraction`` beyond :data:`MAX_FRACTION_DIGITS`
            digits.
    """
    if type(value) is Decimal:
        return value
    if isinstance(value, float):  # float's own repr: numpy's float64 writes its type too
        return Decimal(float.__repr__(value))
    if isinstance(value, Fraction):
        return _fraction_estimate(value, field, error)
    if _is_numpy_float(value):
        return Decimal(str(value))  # numpy's shortest text for its precision; nan, inf too
    return _exact_number(value, field, NOT_AN_ESTIMATE)


def _is_numpy_float(value: object) -> bool:
    # numpy is recognised by its type's module, never imported: it is no dependency. Its
    # floating scalars are registered as numbers.Real; its integers are Integral too.
    return (
        type(value).__module__ == "numpy"
        and isinstance(value, numbers.Real)
        and not isinstance(value, numbers.Integral)
    )


def exact_number(value: object, field: str) -> Decimal:
    """The ``Decimal`` that ``value``, money, writes exactly; its sign and range unjudged.

    A ``Decimal`` (a subclass becomes a plain one), an int (not ``bool``; numpy's too) or
    plain ASCII decimal text; a ``float`` or a ``Fraction`` is refused, as for every price.
    An int is judged by its size before it is converted, so a huge one is refused at once.

    >>> exact_number("1.5e-3", "strike"), exact_number(42, "spot")
    (Decimal('0.0015'), Decimal('42'))

    Raises:
        AmountTypeError: for a ``float``, a ``bool`` and any other type.
        InvalidAmountError: for malformed text, and text or an int with more than
            :data:`PRECISION` significant digits.
    """
    if type(value) is Decimal:
        return value
    return _exact_number(value, field, NOT_AN_AMOUNT)


def _exact_number(value: object, field: str, rule: str) -> Decimal:
    """:func:`exact_number`, refusing another type by ``rule``."""
    if isinstance(value, str):
        return parse_number(value, field)
    if isinstance(value, Decimal):
        return Decimal(value)
    if isinstance(value, float):
        raise AmountTypeError(field, value, FLOAT_AMOUNT)
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise AmountTypeError(field, value, rule)
    return _integer_decimal(value, field)


def _integer_decimal(value: numbers.Integral, field: str) -> Decimal:
    whole = int(value)
    # Judged before converting: Decimal() of a huge int takes quadratic time.
    if not -_INTEGER_LIMIT < whole < _INTEGER_LIMIT:
        raise InvalidAmountError(field, value, TOO_LONG)
    return Decimal(whole)


def coerce_rate(value: object, field: str) -> Decimal:
    """``value``, a rate from 0 to 1 (``0.22`` for 22%), as a canonical ``Decimal``.

    A rate is not money: it is read as :func:`estimate` reads it (a float as its shortest
    repr, a ``Fraction`` exactly), then stored as :func:`coerce_amount` stores an amount.

    >>> coerce_rate(0.22, "withholding_rate"), coerce_rate(Fraction(1, 4), "withholding_rate")
    (Decimal('0.22'), Decimal('0.25'))

    Raises:
        AmountTypeError: for a ``bool`` or anything that is not a number.
        InvalidRateError: for NaN, an infinity, or a rate outside 0 to 1 (the rule says
            how to write a percentage).
        InvalidAmountError: for malformed text, or more digits than an amount may have.
    """
    number = estimate(value, field, InvalidRateError)
    if not number.is_finite():
        raise InvalidRateError(field, value, NOT_FINITE)
    if not 0 <= number <= 1:
        raise InvalidRateError(field, value, rate_range(field, 0, 1))
    return _canonical(number, field, value)


def _fraction_estimate(value: Fraction, field: str, error: type[OptionValueError]) -> Decimal:
    # Judged before converting: Decimal() of a huge int takes quadratic time.
    if abs(value.numerator) >= _FRACTION_LIMIT or value.denominator >= _FRACTION_LIMIT:
        raise error(field, value, FRACTION_TOO_LONG)
    return fraction_decimal(value)


def fraction_decimal(value: Fraction) -> Decimal:
    """``value`` as a ``Decimal``: exact where that takes at most :data:`PRECISION` digits.

    Exact, in the fewest places, when the denominator has no prime factor but 2 and 5 and
    the digits that then write it are at most :data:`PRECISION` (as many as an amount may
    have); otherwise, with no end to its digits (``1/3``) or too many (``1/2**3000``),
    rounded once, half-even, to :data:`ESTIMATE_DIGITS` significant digits.

    >>> fraction_decimal(Fraction(3, 40)), fraction_decimal(Fraction(2, 3))
    (Decimal('0.075'), Decimal('0.6666666666666666666666666667'))
    """
    numerator, denominator = value.numerator, value.denominator
    twos = (denominator & -denominator).bit_length() - 1  # the lowest set bit's place
    rest, fives = denominator >> twos, 0
    while rest % 5 == 0:
        rest, fives = rest // 5, fives + 1
    if rest == 1:  # only twos and fives: its digits end
        # In lowest terms, the places needed are the larger count of twos or fives.
        places = max(twos, fives)
        coefficient = numerator * (10**places // denominator)
        if -_INTEGER_LIMIT < coefficient < _INTEGER_LIMIT:
            return Decimal(coefficient).scaleb(-places, _UNBOUNDED)
    return _ESTIMATE.divide(Decimal(numerator), Decimal(denominator))


def _amount_from_integer(value: numbers.Integral, field: str) -> Decimal:
    if int(value) < 0:
        raise InvalidAmountError(field, value, MUST_NOT_BE_NEGATIVE)
    return _canonical(_integer_decimal(value, field), field, value)


def _canonical_amount(number: Decimal, field: str, original: object) -> Decimal:
    if number.is_signed() and not number.is_zero():
        raise InvalidAmountError(field, original, MUST_NOT_BE_NEGATIVE)
    return _canonical(number, field, original)


def parse_number(text: str, field: str) -> Decimal:
    """``text``, plain ASCII decimal notation, as the exact ``Decimal`` it writes.

    Linear in the length of ``text``, and refused with more than :data:`PRECISION`
    significant digits; the exponent is left for the caller to judge.

    >>> parse_number("1.5e-3", "price")
    Decimal('0.0015')

    Raises:
        InvalidAmountError: for anything but plain ASCII decimal notation, more than
            :data:`PRECISION` significant digits, or an exponent beyond decimal's range.
    """
    match = _NUMBER().fullmatch(text)
    if match is None:
        raise InvalidAmountError(field, text, NOT_PLAIN_NUMBER)
    try:
        # Exact whatever any context's precision; EXACT traps the one failure, an exponent
        # beyond what a Decimal can hold (10**18), whatever the caller's context traps.
        number = Decimal(text, EXACT)
    except decimal.DecimalException as error:
        too_small = match["exponent_sign"] == "-"
        raise InvalidAmountError(field, text, TOO_MANY_PLACES if too_small else TOO_LONG) from error
    if len(number.as_tuple().digits) > PRECISION:
        raise InvalidAmountError(field, text, TOO_LONG)
    return number


def whole_number(digits: str, limit: int) -> int | None:
    """The number ASCII ``digits`` write, or ``None`` if it has more than ``limit`` digits.

    Leading zeros do not count. Every whole number read from text is converted here, its
    length judged first, so the time is linear and Python's limit on converting long
    digit strings (4,300 digits) is never met: ``limit`` is at most :data:`PRECISION`.

    >>> whole_number("0003", 1), whole_number("1000", 3)
    (3, None)
    """
    significant = digits.lstrip("0")
    if len(significant) > min(limit, PRECISION):
        return None
    return int(significant or "0")


def _unwritable(number: Decimal) -> str | None:
    """The rule a finite ``number`` breaks written out in plain digits, if any."""
    _, digits, exponent = number.as_tuple()
    places = -cast("int", exponent)  # finite, so the exponent is an int
    if len(digits) > PRECISION or (not number.is_zero() and len(digits) - places > PRECISION):
        return TOO_LONG  # 1E+50 is 51 digits written out
    if places > MAX_PLACES:
        return TOO_MANY_PLACES
    return None


def _canonical(number: Decimal, field: str, original: object) -> Decimal:
    rule = _unwritable(number)
    if rule is not None:
        raise InvalidAmountError(field, original, rule)
    if cast("int", number.as_tuple().exponent) > 0:  # finite, so the exponent is an int
        number = number.quantize(1, context=EXACT)  # 1E+3 -> 1000, exact: checked above
    return number.copy_abs() if number.is_zero() else number


def canonical(number: Decimal, field: str) -> Decimal:
    """Canonical form of ``field``, an exact, finite, non-negative result.

    The form is :func:`coerce_amount`'s: digits as computed, no exponent, no -0.

    Raises:
        PrecisionError: if writing it out takes more than :data:`PRECISION` digits (an
            exact product such as 1E+58, whose trailing zeros did not fit the coefficient)
            or more than :data:`MAX_PLACES` digits after the point.
    """
    rule = _unwritable(number)
    if rule == TOO_MANY_PLACES:
        raise PrecisionError(field, number, RESULT_TOO_MANY_PLACES)
    if rule is not None:
        raise PrecisionError.for_result(field, number, PRECISION)
    return _canonical(number, field, number)


def coerce_shares(value: object, field: str, *, minimum: int = 1) -> int:
    """Return ``value`` as an ``int`` share count between ``minimum`` and :data:`MAX_SHARES`.

    Accepts any ``numbers.Integral`` except ``bool`` (numpy and pandas integers included).

    Raises:
        ShareCountTypeError: for ``bool``, ``float``, ``Decimal``, ``str`` and other types.
        InvalidShareCountError: below ``minimum`` or above :data:`MAX_SHARES`.
    """
    if type(value) is int:
        count = value
    elif isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ShareCountTypeError(field, value, NOT_WHOLE_SHARES)
    else:
        count = int(value)
    if count < minimum:
        rule = MUST_BE_POSITIVE if minimum == 1 else at_least(minimum)
        raise InvalidShareCountError(field, value, rule)
    if count > MAX_SHARES:
        raise InvalidShareCountError(field, value, OVER_MAX_SHARES)
    return count


def check_rounding(rounding: object) -> str | None:
    """Return ``rounding`` if it is a ``decimal`` rounding mode, or ``None`` (exact).

    Raises:
        InvalidChoiceError: for anything else.
    """
    if rounding is None:
        return None
    return check_rounding_mode(rounding, "rounding", "None (exact) or ")


def check_rounding_mode(rounding: object, field: str, alternative: str = "") -> str:
    """The ``decimal`` rounding mode ``rounding`` names, read as any choice is.

    In any case, with hyphens or spaces for underscores: ``"round half up"`` is
    ``decimal.ROUND_HALF_UP``.

    Raises:
        InvalidChoiceError: naming ``field``, for anything else.
    """
    mode = find_choice(rounding, ROUNDING_MODES)
    if mode is None:
        raise InvalidChoiceError(field, rounding, rounding_mode_rule(alternative))
    return mode


def round_to_step(value: Fraction, step: Decimal, rounding: str) -> int:
    """The whole number of ``step`` s that ``value`` (non-negative) rounds to, exactly.

    Integer arithmetic on the rational value, so no decimal context is involved and any
    ``decimal`` rounding mode applies exactly (``ROUND_05UP`` included).
    """
    units = value / Fraction(step)
    whole, remainder = divmod(units.numerator, units.denominator)
    if remainder == 0:
        return whole
    twice, unit = 2 * remainder, units.denominator
    round_away = {
        decimal.ROUND_UP: True,
        decimal.ROUND_CEILING: True,
        decimal.ROUND_DOWN: False,
        decimal.ROUND_FLOOR: False,
        decimal.ROUND_HALF_UP: twice >= unit,
        decimal.ROUND_HALF_DOWN: twice > unit,
        decimal.ROUND_HALF_EVEN: twice > unit or (twice == unit and whole % 2 == 1),
        decimal.ROUND_05UP: whole % 5 == 0,
    }[rounding]
    return whole + 1 if round_away else whole


def multiply(amount: Decimal, count: Decimal | int, field: str) -> Decimal:
    """The exact product ``amount × count``; refused rather than rounded when it is too long."""
    try:
        return EXACT.multiply(amount, count)
    except decimal.DecimalException as error:
        raise PrecisionError.for_result(field, (amount, count), PRECISION) from error


def subtract(minuend: Decimal, subtrahend: Decimal, field: str) -> Decimal:
    """The exact difference; refused rather than rounded when it is too long."""
    try:
        return EXACT.subtract(minuend, subtrahend)
    except decimal.DecimalException as error:
        raise PrecisionError.for_result(field, (minuend, subtrahend), PRECISION) from error


def add(*amounts: Decimal, field: str) -> Decimal:
    """The exact sum; refused rather than rounded when it is too long."""
    total = ZERO
    try:
        for amount in amounts:
            total = EXACT.add(total, amount)
    except decimal.DecimalException as error:
        raise PrecisionError.for_result(field, amounts, PRECISION) from error
    return total


def to_cash(exact: Decimal, currency: str, rounding: str | None, field: str) -> Decimal:
    """Round an exact, non-negative amount to ``currency``'s minor unit (or keep it exact).

    ``rounding`` is a ``decimal`` rounding mode, or ``None`` for the exact canonical value.
    """
    if rounding is None:
        return canonical(exact, field)
    try:
        cash = exact.quantize(MINOR_UNIT_QUANTA[currency], rounding=rounding, context=ROUNDING)
    except decimal.DecimalException as error:
        raise PrecisionError.for_result(field, exact, PRECISION) from error
    return cash.copy_abs()  # the amount is never negative: this only turns -0 into 0


# ISO 4217 codes with their minor units (digits after the decimal point): List One as
# amended to 2025 (XAD, the Arab Accounting Dinar, added in 2025; ZWG in 2024; XCG in 2025),
# and codes withdrawn since that grants made before are still written in: ANG, CUC, HRK,
# SLL and ZWL, and the national currencies of 1999. Codes without a decimal minor unit
# (XAU, XDR, XXX, ...) are left out on purpose: cash cannot be rounded.
_MINOR_UNITS: Final[dict[str, int]] = {
    **dict.fromkeys(
        (
            "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF "
            "ITL ESP BEF LUF GRD PTE"
        ).split(),
        0,
    ),
    **dict.fromkeys("BHD IQD JOD KWD LYD OMR TND".split(), 3),
    **dict.fromkeys("CLF UYW".split(), 4),
    **dict.fromkeys(
        (
            "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD "
            "BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD "
            "EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HRK HTG HUF IDR ILS "
            "INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT "
            "MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR "
            "PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP "
            "SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XAD XCD XCG YER "
            "ZAR ZMW ZWG ZWL "
            "DEM FRF NLG ATS FIM IEP"
        ).split(),
        2,
    ),
}

MINOR_UNIT_QUANTA: Final[dict[str, Decimal]] = {
    code: Decimal(1).scaleb(-digits, EXACT) for code, digits in _MINOR_UNITS.items()
}


_CODES: Final = {code: code for code in _MINOR_UNITS}


def coerce_currency(given: str) -> str:
    """Return ``given`` as an upper-case ISO 4217 code that has a decimal minor unit.

    Raises:
        OptionTypeError: if ``given`` is not a ``str``.
        InvalidCurrencyError: for an unknown code.
    """
    value: object = given  # the annotation guides callers; the checks take anything
    if not isinstance(value, str):
        raise OptionTypeError("currency", value, CURRENCY_NOT_TEXT)
    # The table's own string: grants in one currency share it, whatever case they gave.
    code = _CODES.get(value) or _CODES.get(value.upper())
    if code is None:
        raise InvalidCurrencyError("currency", value, UNKNOWN_CURRENCY)
    return code


def is_cash(amount: Decimal, currency: str) -> bool:
    """Whether ``amount`` is a whole number of ``currency``'s minor units (cents for USD)."""
    return (Fraction(amount) / Fraction(MINOR_UNIT_QUANTA[currency])).denominator == 1


def format_amount(amount: Decimal, currency: str) -> str:
    """``amount`` for people: thousands separated, at least the minor unit's digits, exact.

    ``Decimal("0.5")`` in USD shows as ``USD 0.50``; ``Decimal("0.0867")`` keeps its digits.

    >>> format_amount(Decimal("1E+3"), "USD"), format_amount(Decimal("0.0000001"), "JPY")
    ('USD 1,000.00', 'JPY 0.0000001')
    """
    sign, digits, exponent = amount.as_tuple()
    missing = cast("int", exponent) + _MINOR_UNITS[currency]  # finite: the exponent is an int
    if missing > 0:  # padded with zeros from the tuple: exact, and no context can round it
        amount = Decimal((sign, digits + (0,) * missing, cast("int", exponent) - missing))
    return f"{currency} {plain(amount, grouped=True)}"
