"""How every model reads its inputs and writes its figures: one rule for all of them.

A model input (a spot, a strike, a time, a volatility, a rate) is read once into an exact
``Decimal`` and the nearest double (:func:`model_input`); the model runs on the double, and
each figure it computes comes back as a ``Decimal`` of :data:`SIGNIFICANT_DIGITS` digits
(:func:`figure`). Black-Scholes and the binomial trees read and write through these, so
the same input is refused, or read, the same way by each.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Final, Protocol, cast

from auxer_option._choices import Choice
from auxer_option._money import (
    NOT_FINITE,
    RATE_EXAMPLES,
    ROUNDING,
    ZERO,
    estimate,
    exact_number,
    rate_range,
)
from auxer_option._text import plain
from auxer_option.exceptions import (
    InvalidAmountError,
    InvalidRateError,
    InvalidTermError,
    OptionValueError,
)

__all__ = [
    "DAYS_PER_YEAR",
    "FIGURE_FORMAT",
    "MAX_INPUT_PLACES",
    "MAX_PRICE",
    "MAX_RATE",
    "MAX_VOLATILITY",
    "MAX_YEARS",
    "SHORT_INPUT",
    "SIGNIFICANT_DIGITS",
    "TOO_MANY_INPUT_PLACES",
    "OptionKind",
    "figure",
    "input_range",
    "inputs_text",
    "model_input",
    "option_kind",
    "read_inputs",
]

#: Days in the year of the Actual/365 Fixed day count: every model's time, counted from dates.
DAYS_PER_YEAR: Final = 365

#: Significant digits of every computed value, Greek and implied volatility.
SIGNIFICANT_DIGITS: Final = 14

# Ranges a double holds with room to spare; outside them an input is almost surely a
# mistake in units (a volatility of 45 meant as 45%, a price in the wrong currency unit).
MAX_PRICE: Final = 10**15
MAX_YEARS: Final = 100
MAX_VOLATILITY: Final = 10  # 1,000%: the top of the implied volatility search
MAX_RATE: Final = 1  # 100% a year, continuously compounded, either way
#: How :func:`figure` writes a double: rounded half-even to SIGNIFICANT_DIGITS digits.
FIGURE_FORMAT: Final = f".{SIGNIFICANT_DIGITS}g"
# Writing a huge result out in plain digits (1.5e+20 -> 150000000000000000000).
_WIDE: Final = ROUNDING.copy()
_WIDE.prec = 400


class OptionKind(Choice):
    """A call (the right to buy at the strike) or a put (the right to sell at it).

    Written ``"call"`` and ``"put"``; like every choice, read in any case.

    >>> OptionKind("put"), OptionKind("CALL")
    (OptionKind.PUT, OptionKind.CALL)
    """

    CALL = "call"
    PUT = "put"


# The spellings of a kind, looked up before the enum's own (slower) coercion.
_KINDS: Final[dict[str, OptionKind]] = {
    spelling: kind for kind in OptionKind for spelling in (kind, kind.value, kind.name)
}


def option_kind(kind: OptionKind | str) -> OptionKind:
    """``kind`` as an :class:`OptionKind`, refused as every choice is when it is none.

    >>> option_kind("put")
    OptionKind.PUT
    """
    option = _KINDS.get(kind) if isinstance(kind, str) else None
    return OptionKind.coerce(kind, "kind") if option is None else option


# black_scholes' inputs in its order: each one's field, range, error, and whether it is money.
_INPUTS: Final = (
    ("spot", 0, MAX_PRICE, InvalidAmountError, True),
    ("strike", 0, MAX_PRICE, InvalidAmountError, True),
    ("years", 0, MAX_YEARS, InvalidTermError, False),
    ("volatility", 0, MAX_VOLATILITY, InvalidRateError, False),
    ("risk_free_rate", -MAX_RATE, MAX_RATE, InvalidRateError, False),
    ("dividend_yield", -MAX_RATE, MAX_RATE, InvalidRateError, False),
)


def read_inputs(  # noqa: PLR0917  (black_scholes' inputs, in its order)
    spot: object,
    strike: object,
    years: object,
    volatility: object,
    rate: object,
    dividend: object,
) -> tuple[tuple[Decimal, ...], tuple[float, ...]]:
    """black_scholes' six inputs, each as :func:`model_input` reads it, and their doubles.

    >>> read_inputs(42, 40, "0.5", 0.2, "0.1", 0)[1]
    (42.0, 40.0, 0.5, 0.2, 0.1, 0.0)
    """
    given = (spot, strike, years, volatility, rate, dividend)
    read = [
        model_input(value, field, low, high, error, money=money)
        for value, (field, low, high, error, money) in zip(given, _INPUTS, strict=True)
    ]
    return tuple(number for number, _ in read), tuple(double for _, double in read)


def model_input(
    value: object,
    field: str,
    low: int,
    high: int,
    error: type[OptionValueError],
    *,
    money: bool = False,
) -> tuple[Decimal, float]:
    """``value`` as an exact ``Decimal`` and as the nearest double, from ``low`` to ``high``.

    Money (a price, a spot, a strike) is read as :func:`exact_number` reads it, anything
    else as an estimate (:func:`estimate`). Every model input is read by this one rule,
    whoever reads it (the command line checks its flags with it).

    >>> from auxer_option.exceptions import InvalidRateError
    >>> model_input(0.2, "volatility", 0, MAX_VOLATILITY, InvalidRateError)
    (Decimal('0.2'), 0.2)
    """
    if type(value) is Decimal:
        number = value
    elif type(value) is int and value == 0 and low <= 0:  # a yield's default, in range
        return ZERO, 0.0
    else:
        number = exact_number(value, field) if money else estimate(value, field, error)
    # The text is read, not the tuple (7 times slower): the caller's context sets only the
    # case of its "E", and only a positive exponent has a "+". float() of a Decimal writes
    # that same text and reads it back, so reading it here once gives the same double.
    text = str(number)
    try:
        as_float = float(text)  # the nearest double, whatever the decimal context holds
    except ValueError:  # a signaling NaN, or a NaN with a diagnostic payload
        as_float = math.nan
    # The common case, nothing to refuse or adjust: in range, not zero, no exponent to write
    # out. A nonzero double puts the first digit at most 324 places after the point, so a
    # text this short (its digits at most its length) has at most MAX_INPUT_PLACES places.
    if low <= as_float <= high and as_float != 0.0 and len(text) <= SHORT_INPUT and "+" not in text:
        return number, as_float
    return _checked_input(value, field, low, high, error, number, text, as_float)


def _checked_input(  # noqa: PLR0917  (model_input's own quantities, passed through)
    value: object,
    field: str,
    low: int,
    high: int,
    error: type[OptionValueError],
    number: Decimal,
    text: str,
    as_float: float,
) -> tuple[Decimal, float]:
    """The rest of :func:`model_input`: ``number``, written ``text``, refused or adjusted."""
    if low <= as_float <= high:  # so finite, and its exponent an int
        if _too_many_places(number, text):
            raise error(field, value, TOO_MANY_INPUT_PLACES)
        if "+" in text:  # 1E+3 -> 1000
            number = number.quantize(1, context=_WIDE)
        if as_float != 0.0 or not number.is_signed():
            return number, as_float
        if number.is_zero():  # -0 -> 0
            return ZERO, as_float
        if low < 0:  # a negative number too small for a double, where negatives are fine
            return number, as_float
    if not number.is_finite():
        raise error(field, value, NOT_FINITE)
    raise error(field, value, input_range(field, low, high))


def input_range(field: str, low: int, high: int) -> str:
    """The rule of a model input outside ``low`` to ``high``, with a hint for a rate."""
    if field in RATE_EXAMPLES:  # a rate, written as a fraction: the rule says so
        return rate_range(field, low, high)
    return f"must be from {low} to {high}"


#: The most places a valuation input may have: every double written out exactly fits (the
#: smallest, 2**-1074, has 1,074), and no input makes the exact bounds' arithmetic, or its
#: text, grow with its exponent (1E-999999999 took seconds and most of a gigabyte).
MAX_INPUT_PLACES: Final = 1_100

#: The rule an input with more places breaks.
TOO_MANY_INPUT_PLACES: Final = (
    f"has more than {MAX_INPUT_PLACES:,} digits after the decimal point, more than any double"
)


#: The longest text of a nonzero double-sized input that cannot have too many places.
SHORT_INPUT: Final = MAX_INPUT_PLACES - 323


def _too_many_places(number: Decimal, text: str) -> bool:
    """Whether finite ``number``, written ``text``, has more than :data:`MAX_INPUT_PLACES`."""
    # Its places are its digits less one, less its adjusted exponent, and its text is at
    # least as long as its digits: a short text with no small exponent cannot have that
    # many places; only the rest need the exact count.
    if len(text) - 1 - number.adjusted() <= MAX_INPUT_PLACES:
        return False
    return -cast("int", number.as_tuple().exponent) > MAX_INPUT_PLACES


def figure(number: float) -> Decimal:
    """``number`` rounded half-even to :data:`SIGNIFICANT_DIGITS` digits, written canonically.

    >>> figure(2 / 3), figure(1.5e20), figure(-0.0)
    (Decimal('0.66666666666667'), Decimal('150000000000000000000'), Decimal('0'))
    """
    if number == 0.0:
        return ZERO  # and never -0
    text = format(number, FIGURE_FORMAT)  # "inf" and "-inf" read back as Decimal infinities
    if "e+" in text:  # 1.5e+20 -> 150000000000000000000
        return Decimal(text).quantize(1, context=_WIDE)
    return Decimal(text)


class MarketInputs(Protocol):
    """A model's record of the market inputs it was given (read-only, as records are)."""

    @property
    def spot(self) -> Decimal: ...
    @property
    def strike(self) -> Decimal: ...
    @property
    def years(self) -> Decimal: ...
    @property
    def volatility(self) -> Decimal: ...
    @property
    def risk_free_rate(self) -> Decimal: ...
    @property
    def dividend_yield(self) -> Decimal: ...


def inputs_text(record: MarketInputs) -> str:
    """The market inputs of a model's record, as its summary shows them.

    >>> from auxer_option import black_scholes
    >>> inputs_text(black_scholes(spot=42, strike=40, years="0.5", volatility="0.2",
    ...                           risk_free_rate="0.1"))
    'spot 42, strike 40, 0.5 years, volatility 0.2, rate 0.1, dividend yield 0'
    """
    return (
        f"spot {plain(record.spot)}, strike {plain(record.strike)}, "
        f"{plain(record.years)} years, volatility {plain(record.volatility)}, "
        f"rate {plain(record.risk_free_rate)}, dividend yield {plain(record.dividend_yield)}"
    )
