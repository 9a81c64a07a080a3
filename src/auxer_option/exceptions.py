"""The errors auxer_option raises for bad input: one family under :class:`OptionError`.

Every concrete error also subclasses the builtin it refines (``ValueError`` or
``TypeError``), so ``except ValueError`` keeps working, and every message has the same
shape: the field, the value's ``repr`` and the rule it broke.

>>> from auxer_option import OptionGrant
>>> from auxer_option.exceptions import InvalidAmountError
>>> try:
...     OptionGrant("1999-07-01", 1_000, "-0.13", term="3 months")
... except InvalidAmountError as error:
...     print(error)
exercise_price='-0.13': must not be negative
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any, Final, Self

from auxer_option._text import written_repr

__all__ = [
    "AdjustmentOrderError",
    "AmountTypeError",
    "ContractTextError",
    "DateTypeError",
    "ExerciseOrderError",
    "ExerciseWindowError",
    "IncentiveOptionPriceError",
    "IncentiveOptionTermError",
    "InconsistentGrantError",
    "InconsistentRecordError",
    "InsufficientProceedsError",
    "InsufficientSharesError",
    "InvalidAmountError",
    "InvalidBookError",
    "InvalidChoiceError",
    "InvalidCurrencyError",
    "InvalidDataError",
    "InvalidDateError",
    "InvalidModelError",
    "InvalidRateError",
    "InvalidRatioError",
    "InvalidShareCountError",
    "InvalidTermError",
    "InvalidTimeZoneError",
    "InvalidVestingError",
    "LossyExportError",
    "NaiveDatetimeError",
    "NotInTheMoneyError",
    "OptionError",
    "OptionTypeError",
    "OptionValueError",
    "PrecisionError",
    "RatioTypeError",
    "ShareCountTypeError",
    "TerminationError",
    "UnvestedSharesError",
]

# A value's repr is quoted in full up to this length; a megabyte of input stays out of logs.
MAX_REPR: Final = 200

# log10(2): an int's digits from its bits, without writing it.
_DIGITS_PER_BIT = 0.30103


def quote(value: object) -> str:
    """``value`` as a message quotes it: its repr, cut at :data:`MAX_REPR` characters."""
    # The same message in any decimal context: repr() of a Decimal reads the context's capitals.
    try:
        text = written_repr(value)
    except Exception:  # noqa: BLE001  (an int too long to print, a broken __repr__, ...)
        if type(value) is int:  # Python refuses to write one of more than 4,300 digits
            digits = int(abs(value).bit_length() * _DIGITS_PER_BIT) + 1
            sign = "a negative" if value < 0 else "an"
            return f"<{sign} int of about {digits:,} digits>"
        text = object.__repr__(value)
    if len(text) > MAX_REPR:
        return f"{text[:MAX_REPR]}...({len(text)} characters)"
    return text


class OptionError(Exception):
    """Base of every error the library raises for bad input.

    >>> from auxer_option import AUXER_1999, OptionError, exercise_cost
    >>> try:
    ...     exercise_cost(AUXER_1999, 2_000_000)
    ... except OptionError as error:
    ...     print(error.field, "|", error.rule)
    shares | only 1000000 of the 1000000 granted shares are outstanding

    Attributes:
        field: the argument or attribute at fault, such as ``"exercise_price"``.
        value: the value that was refused.
        rule: the rule it broke, in words.
    """

    field: str
    value: object
    rule: str

    def __init__(self, field: str, value: object, rule: str) -> None:
        """Record the field, the refused value and the rule; the message is built from them."""
        self.field = field
        self.value = value
        self.rule = rule
        super().__init__(f"{field}={quote(value)}: {rule}")

    def __reduce__(self) -> tuple[Any, ...]:
        # Errors cross process boundaries (multiprocessing, dask); a value that cannot be
        # pickled travels as its repr so that the error itself always can.
        import pickle  # noqa: PLC0415  (only ever needed while pickling)

        value = self.value
        try:
            pickle.dumps(value)
        except Exception:  # noqa: BLE001  (any failure means "send the repr instead")
            value = _Unpicklable(quote(value))
        return (rebuild, (type(self), self.field, value, self.rule))


class _Unpicklable:
    """Stands in for a refused value that could not be pickled; shows the original repr."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Unpicklable, (self.text,))


def rebuild(cls: type[OptionError], field: str, value: object, rule: str) -> OptionError:
    """An error of type ``cls`` with these fields, whatever arguments ``cls`` itself takes."""
    error = cls.__new__(cls)
    OptionError.__init__(error, field, value, rule)
    return error


# The name errors pickled by earlier versions load through.
_rebuild = rebuild


class OptionTypeError(OptionError, TypeError):
    """A value of the wrong type (a ``float`` for a price, a ``datetime`` for a date, ...)."""


class OptionValueError(OptionError, ValueError):
    """A value of the right type that breaks a rule."""


class AmountTypeError(OptionTypeError):
    """A price or cash amount given as a type that cannot be exact (``float``, ``bool``, ...)."""


class ShareCountTypeError(OptionTypeError):
    """A share count that is not a whole number (``float``, ``Decimal``, ``str``, ``bool``)."""


class RatioTypeError(OptionTypeError):
    """A split ratio given as a type that cannot be exact (``float``, ``bool``, ...)."""


class DateTypeError(OptionTypeError):
    """Something other than a calendar date where one is expected."""


class NaiveDatetimeError(OptionTypeError):
    """A naive ``datetime`` where the grant's time zone calls for an aware one."""


class InvalidAmountError(OptionValueError):
    """A price or amount that is negative, not finite, malformed or too long to be exact."""


class InvalidShareCountError(OptionValueError):
    """A share count that is out of range (negative, zero where positive is required, ...)."""


class InvalidRatioError(OptionValueError):
    """A split ratio that is zero, negative or malformed."""


class InvalidRateError(OptionValueError):
    """A rate outside its range: a withholding rate, a volatility, an interest rate."""


class InvalidDateError(OptionValueError):
    """A date that cannot be used: out of range, or out of order with another date."""


class InvalidModelError(OptionValueError):
    """A model setting outside its range: a tree's steps, an employee's exercise multiple."""


class InvalidTermError(OptionValueError):
    """A term that cannot be read or used (unknown text, negative or fractional parts)."""


class InvalidVestingError(OptionValueError):
    """A vesting schedule that cannot vest as stated, or does not fit its grant."""


class InvalidCurrencyError(OptionValueError):
    """A currency code that is not an ISO 4217 code with a decimal minor unit."""


class InvalidTimeZoneError(OptionValueError):
    """A time zone or cutoff time that cannot be used."""


class InvalidChoiceError(OptionValueError):
    """A value that is not one of a fixed set of choices (a rounding mode, a convention)."""


class InconsistentGrantError(OptionValueError):
    """Fields that are each valid but contradict one another (term vs expiration date, ...)."""


class IncentiveOptionTermError(InconsistentGrantError):
    """An incentive stock option exercisable more than 10 years (5 for a ten-percent holder)."""


class IncentiveOptionPriceError(InconsistentGrantError):
    """An incentive stock option priced below the fair market value at grant (110% of it)."""


class InconsistentRecordError(OptionValueError):
    """An exercise or adjustment record whose fields contradict one another."""


class ExerciseWindowError(OptionValueError):
    """An exercise on a day (or at a time) outside the grant's exercise window."""


class InsufficientSharesError(OptionValueError):
    """More shares than the grant has outstanding."""


class UnvestedSharesError(OptionValueError):
    """An exercise of more shares than have vested (for a grant that is not early-exercisable)."""


class TerminationError(OptionValueError):
    """A termination or acceleration that cannot apply: twice, after it, or out of order."""


class ExerciseOrderError(OptionValueError):
    """An exercise dated before the grant's latest recorded exercise or adjustment."""


class AdjustmentOrderError(OptionValueError):
    """An adjustment dated before the grant date or the grant's latest recorded event."""


class NotInTheMoneyError(OptionValueError):
    """A cashless exercise at a market value at or below the exercise price: nothing to issue."""


class InsufficientProceedsError(OptionValueError):
    """A sale of shares that cannot cover what it must pay, even selling every share."""


class InvalidDataError(OptionValueError):
    """Serialized or imported data that cannot be read.

    Not JSON, an unknown format or type, a missing or unknown field, or a value of the
    wrong JSON type.

    The field is the path to the bad value, such as ``exercises[2].shares``.
    """


#: Rows refused: a template of ``count``, the number of rows, and ``listing``.
ROWS_REFUSED: Final = "rows refused ({count}): {listing}"
_LISTED: Final = 20  # rows named in a refusal; the rest are counted


class InvalidBookError(InvalidDataError):
    """Rows that cannot be a book's grants, reported all at once.

    ``value`` is the refused rows' ids; :attr:`refusals` pairs each with the error the
    scalar API raises for it (whose ``field`` is the column at fault).

    >>> error = InvalidBookError.listing("frame", [(7, InvalidDataError("shares", 0, "no"))])
    >>> error.value, error.rule
    ((7,), 'rows refused (1): 7: shares=0: no')
    """

    refusals: tuple[tuple[Hashable, OptionError], ...]

    def __init__(
        self,
        field: str,
        value: object,
        rule: str,
        refusals: Iterable[tuple[Hashable, OptionError]] = (),
    ) -> None:
        """As :class:`OptionError`, with each refused row's id and error."""
        super().__init__(field, value, rule)
        self.refusals = tuple(refusals)

    @classmethod
    def listing(cls, field: str, refusals: Sequence[tuple[Hashable, OptionError]]) -> Self:
        """The error for ``refusals``: the first twenty named, the rest counted."""
        shown = [f"{row!r}: {error}" for row, error in refusals[:_LISTED]]
        if len(refusals) > _LISTED:
            shown.append(f"and {len(refusals) - _LISTED} more")
        rule = ROWS_REFUSED.format(count=len(refusals), listing="; ".join(shown))
        return cls(field, tuple(row for row, _ in refusals), rule, refusals)

    def __reduce__(self) -> tuple[Any, ...]:
        field, value, rule = super().__reduce__()[1][1:]
        return (type(self), (field, value, rule, self.refusals))


class LossyExportError(OptionValueError):
    """An export to a format that cannot hold all of the grant; the rule lists what is lost.

    Open Cap Format has no cutoff time, for one.
    """


class ContractTextError(OptionValueError):
    """Contract text that does not state a grant; the rule lists every problem found.

    A term may be missing, unreadable, or stated twice in ways that disagree.
    """

    @classmethod
    def listing(cls, field: str, value: object, problems: Iterable[str]) -> Self:
        """The error for ``problems``, joined into one rule by ``"; "``."""
        return cls(field, value, "; ".join(problem.replace("; ", ", ") for problem in problems))

    @property
    def problems(self) -> tuple[str, ...]:
        """Each problem found, in the order of the text."""
        return tuple(self.rule.split("; "))


class PrecisionError(OptionValueError):
    """A result with more digits than the library computes exactly; it is refused, not rounded."""

    @classmethod
    def for_result(cls, field: str, value: object, digits: int) -> Self:
        """The error for a result of ``field`` that would need more than ``digits`` digits."""
        return cls(field, value, f"the exact result needs more than {digits} significant digits")
