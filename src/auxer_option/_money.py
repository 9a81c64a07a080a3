"""Exact amounts and share counts: coercion, the library's decimal context, cash rounding.

Every ``Decimal`` operation in the library goes through a context defined here, never
through the caller's thread-local context, so results do not depend on what
``decimal.getcontext()`` holds.
"""

from __future__ import annotations

import decimal
import numbers
import re
from decimal import Decimal
from fractions import Fraction
from typing import Final, SupportsIndex, cast

from auxer_option.exceptions import (
    AmountTypeError,
    InvalidAmountError,
    InvalidChoiceError,
    InvalidCurrencyError,
    InvalidShareCountError,
    OptionTypeError,
    PrecisionError,
    ShareCountTypeError,
)

#: What a price or amount may be given as (a float is refused at run time, and by mypy).
Amount = Decimal | str | SupportsIndex

#: What a share count may be given as: int, or numpy/pandas integers (bool is refused).
ShareCount = SupportsIndex

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
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")

_SUGGESTION = 'pass a Decimal such as Decimal("0.13"), an int, or a string such as "0.13"'


def coerce_amount(value: object, field: str) -> Decimal:
    """Return ``value`` as a canonical, finite, non-negative ``Decimal``.

    Accepts ``Decimal``, integers (not ``bool``) and plain ASCII numeric strings.
    Canonical means written out in plain digits and never negative zero: ``"1E+3"``
    becomes ``Decimal("1000")`` and ``-0.00`` becomes ``Decimal("0.00")``; the digits given
    are kept (``"32500.00"`` stays ``Decimal("32500.00")``, equal to ``32500``).

    Raises:
        AmountTypeError: for ``float``, ``bool`` and any other type.
        InvalidAmountError: for NaN, infinities, negative values, malformed text and
            values with more than :data:`PRECISION` significant digits.
    """
    if type(value) is Decimal:
        number = value
    elif isinstance(value, str):
        number = parse_number(value, field)
    elif isinstance(value, Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        raise AmountTypeError(field, value, f"a float cannot hold a price exactly; {_SUGGESTION}")
    elif isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise AmountTypeError(field, value, f"must be an exact number; {_SUGGESTION}")
    else:
        number = Decimal(int(value))
    if not number.is_finite():
        raise InvalidAmountError(field, value, "must be a finite number (not NaN or infinity)")
    if number.is_signed() and not number.is_zero():
        raise InvalidAmountError(field, value, "must not be negative")
    return _canonical(number, field, value)


def parse_number(text: str, field: str) -> Decimal:
    if _NUMBER.fullmatch(text) is None:
        raise InvalidAmountError(
            field,
            text,
            'must be a plain ASCII number such as "0.13" or "1e3" '
            "(no currency symbols, separators, spaces or words)",
        )
    try:
        return EXACT.create_decimal(text)
    except decimal.DecimalException as error:
        raise _too_long(field, text) from error


def _too_long(field: str, value: object) -> InvalidAmountError:
    return InvalidAmountError(
        field, value, f"has more than {PRECISION} significant digits, so it cannot be exact"
    )


def _canonical(number: Decimal, field: str, original: object) -> Decimal:
    _, digits, exponent = number.as_tuple()
    if len(digits) > PRECISION:
        raise _too_long(field, original)
    if cast("int", exponent) > 0:  # finite, so the exponent is an int
        try:
            number = number.quantize(1, context=EXACT)  # 1E+3 -> 1000
        except decimal.DecimalException as error:
            raise _too_long(field, original) from error
    return number.copy_abs() if number.is_zero() else number


def canonical(number: Decimal, field: str) -> Decimal:
    """Canonical form of ``field``, an exact, finite, non-negative result.

    The form is :func:`coerce_amount`'s: digits as computed, no exponent, no -0.

    Raises:
        PrecisionError: if writing it out takes more than :data:`PRECISION` digits: an
            exact product such as 1E+58, whose trailing zeros did not fit the coefficient.
    """
    try:
        return _canonical(number, field, number)
    except InvalidAmountError as error:
        raise PrecisionError.for_result(field, number, PRECISION) from error


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
        raise ShareCountTypeError(
            field, value, "shares are whole numbers; pass an int such as 1000000"
        )
    else:
        count = int(value)
    if count < minimum:
        rule = "must be positive" if minimum == 1 else f"must be at least {minimum}"
        raise InvalidShareCountError(field, value, rule)
    if count > MAX_SHARES:
        raise InvalidShareCountError(field, value, f"must not exceed {MAX_SHARES} (2**63 - 1)")
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
    """Return ``rounding`` if it is a ``decimal`` rounding mode.

    Raises:
        InvalidChoiceError: naming ``field``, for anything else.
    """
    if isinstance(rounding, str) and rounding in ROUNDING_MODES:
        return rounding
    raise InvalidChoiceError(
        field,
        rounding,
        f"must be {alternative}a decimal rounding mode such as decimal.ROUND_HALF_UP",
    )


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


# ISO 4217 codes with their minor units (digits after the decimal point), current codes and
# the national currencies of 1999 that grants of that era are written in. Codes without a
# decimal minor unit (XAU, XDR, XXX, ...) are left out on purpose: cash cannot be rounded.
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
            "SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER "
            "ZAR ZMW ZWG ZWL "
            "DEM FRF NLG ATS FIM IEP"
        ).split(),
        2,
    ),
}

MINOR_UNIT_QUANTA: Final[dict[str, Decimal]] = {
    code: Decimal(1).scaleb(-digits, EXACT) for code, digits in _MINOR_UNITS.items()
}


def coerce_currency(given: str) -> str:
    """Return ``given`` as an upper-case ISO 4217 code that has a decimal minor unit.

    Raises:
        OptionTypeError: if ``given`` is not a ``str``.
        InvalidCurrencyError: for an unknown code.
    """
    value: object = given  # the annotation guides callers; the checks take anything
    if not isinstance(value, str):
        raise OptionTypeError("currency", value, 'must be an ISO 4217 code such as "USD"')
    code = value.upper()
    if code not in _MINOR_UNITS:
        raise InvalidCurrencyError(
            "currency",
            value,
            "must be an ISO 4217 currency code with a decimal minor unit, such as USD or JPY",
        )
    return code


def is_cash(amount: Decimal, currency: str) -> bool:
    """Whether ``amount`` is a whole number of ``currency``'s minor units (cents for USD)."""
    return (Fraction(amount) / Fraction(MINOR_UNIT_QUANTA[currency])).denominator == 1


def format_amount(amount: Decimal, currency: str) -> str:
    """``amount`` for people: thousands separated, at least the minor unit's digits, exact.

    ``Decimal("0.5")`` in USD shows as ``USD 0.50``; ``Decimal("0.0867")`` keeps its digits.
    """
    padded = amount.quantize(MINOR_UNIT_QUANTA[currency], context=ROUNDING)
    return f"{currency} {padded if padded == amount else amount:,}"
