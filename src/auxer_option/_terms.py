"""Calendar dates and terms: coercion, parsing and month arithmetic.

This is the one module that does month arithmetic. A term is added to a date in one step
(never by repeated addition): years and months first, clamping the day to the end of a
shorter month, then weeks and days. That is exactly what ``dateutil.relativedelta`` does,
and the test suite proves the two agree on every date.
"""

from __future__ import annotations

import datetime as dt
import functools
import numbers
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, Self, SupportsIndex, TypeAlias, TypeVar, cast

import attrs

from auxer_option._money import CACHED_TEXT, whole_number
from auxer_option._pickling import RebuiltByConstructor
from auxer_option._text import pattern
from auxer_option.exceptions import DateTypeError, InvalidDateError, InvalidTermError

if TYPE_CHECKING:
    from dateutil.relativedelta import relativedelta

__all__ = ["DateLike", "Term", "TermLike", "add_days", "coerce_date"]

#: A calendar date: a ``datetime.date`` or ISO 8601 text such as ``"1999-07-01"``. A naive
#: ``datetime`` at exactly midnight (a ``pandas.Timestamp`` included) is a ``date`` to the
#: type checker, and that calendar date at run time; a ``numpy.datetime64`` at midnight is
#: accepted at run time too.
DateLike = dt.date | str

_ISO_DATE = pattern(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DAYS_IN_MONTH: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# The rules dates and terms are refused by, each written once here.
#: A datetime with a time of day where a calendar date is expected (midnight is the date).
NOT_A_DATETIME: Final = (
    "must be a calendar date, and this datetime has a time of day (only a naive midnight "
    "is a date); pass value.date() if the day is meant"
)
#: An aware datetime where a calendar date is expected: an instant, whose day depends on
#: the zone it is read in.
AWARE_DATETIME: Final = (
    "must be a calendar date, and an aware datetime is an instant, on different days in "
    "different zones; pass value.date() for its day in its own zone"
)
#: NaT, pandas' and numpy's missing date, where a date is expected.
MISSING_DATE: Final = "is NaT (a missing date); pass the calendar date"
#: A numpy datetime64 coarser than a day (a month, a year) where a date is expected.
COARSER_THAN_A_DAY: Final = "is a {unit}, not a calendar date; pass the day"
#: A numpy datetime64 on a day outside what datetime.date holds.
OFF_THE_CALENDAR: Final = "falls outside 0001-01-01 to 9999-12-31"
#: Text that is not an ISO 8601 date.
NOT_ISO_DATE: Final = 'must be an ISO 8601 date such as "1999-07-01"'
#: ISO 8601 text of a day no calendar has, such as 1999-02-29.
NOT_A_CALENDAR_DATE: Final = "is not a calendar date"
#: Anything else where a date is expected.
NOT_A_DATE: Final = "must be a datetime.date or a string such as '1999-07-01'"
#: A part of a term that is not a whole number.
NOT_A_WHOLE_NUMBER: Final = "must be a whole number such as 3"
#: Something other than text given to :meth:`Term.parse`.
TERM_NOT_TEXT: Final = 'must be text such as "3 months" or "P3M"'
#: Something other than a relativedelta given to :meth:`Term.from_relativedelta`.
NOT_A_RELATIVEDELTA: Final = "must be a dateutil.relativedelta.relativedelta"
#: A relativedelta with time parts, leap days or absolute fields.
ONLY_RELATIVE_PARTS: Final = "must hold only relative years, months, weeks and days"
#: A relativedelta whose days are not a whole number.
WHOLE_DAYS: Final = "days must be whole"
#: Text, such as "1999-07-01", that a term is added to.
TEXT_START: Final = "a term is added to a datetime.date, not text"
#: Anything else that a term is added to.
NOT_A_START: Final = "a term is added to a datetime.date"
#: Anything but a term where a grant takes one.
NOT_A_TERM: Final = 'must be a Term, a relativedelta or text such as "3 months" or "P3M"'
#: The ISO 8601 duration "P", with no part.
EMPTY_DURATION: Final = "an ISO 8601 duration needs at least one part"


def coerce_date(value: object, field: str) -> dt.date:
    """Return ``value`` as a plain ``datetime.date``.

    Accepts a ``date``, an ISO 8601 ``"YYYY-MM-DD"`` string, and the calendar dates of
    notebooks: a naive ``datetime`` at exactly midnight (``pandas.Timestamp`` included, to
    the nanosecond) and a ``numpy.datetime64`` of a day or a finer unit at midnight. A
    ``datetime`` with a time of day is refused, not truncated (it is a ``date`` subclass,
    so it would otherwise slip through with its time ignored), and so is an aware one even
    at midnight: an instant falls on different days in different zones.

    >>> coerce_date(dt.datetime(1999, 7, 1), "grant_date")
    datetime.date(1999, 7, 1)

    Raises:
        DateTypeError: for a time of day, an aware ``datetime``, a ``datetime64`` coarser
            than a day, or any other type.
        InvalidDateError: for NaT, a string that is not a real ``YYYY-MM-DD`` date, or a
            ``datetime64`` outside 0001-01-01 to 9999-12-31.
    """
    if type(value) is dt.date:
        return value
    if isinstance(value, dt.datetime):
        return _date_of_datetime(value, field)
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, str):
        return _date_from_text(value, field)
    if type(value).__name__ == "datetime64" and type(value).__module__ == "numpy":
        return _date_of_datetime64(value, field)
    raise DateTypeError(field, value, NOT_A_DATE)


def is_missing(value: object) -> bool:
    """Whether ``value`` is unequal to itself, as NaT (pandas' or numpy's missing time) is.

    Either comparison saying so is enough: a ``datetime`` subclass that overrides
    ``__eq__`` alone keeps ``datetime``'s ``__ne__``, and the two would disagree.

    >>> is_missing(dt.datetime(2024, 1, 1)), is_missing(float("nan"))
    (False, True)
    """
    return not value == value or value != value  # noqa: PLR0124, SIM201  (the test itself)


def midnight_date(value: dt.datetime) -> dt.date | None:
    """The calendar date a naive ``value`` at exactly midnight is, or ``None``.

    Midnight to the nanosecond: a ``pandas.Timestamp`` keeps nanoseconds beyond
    ``microsecond``. A missing value (:func:`is_missing`: NaT) is not midnight.

    >>> midnight_date(dt.datetime(2024, 1, 15)), midnight_date(dt.datetime(2024, 1, 15, 9))
    (datetime.date(2024, 1, 15), None)
    """
    if (
        value.tzinfo is None
        and not is_missing(value)
        and not (value.hour or value.minute or value.second or value.microsecond)
        and getattr(value, "nanosecond", 0) == 0
    ):
        return dt.date(value.year, value.month, value.day)
    return None


def _date_of_datetime(value: dt.datetime, field: str) -> dt.date:
    day = midnight_date(value)
    if day is not None:
        return day
    if is_missing(value):
        raise InvalidDateError(field, value, MISSING_DATE)
    if value.utcoffset() is not None:
        raise DateTypeError(field, value, AWARE_DATETIME)
    raise DateTypeError(field, value, NOT_A_DATETIME)


# How the units coarser than a day end a numpy datetime64's type name ("datetime64[M]",
# "datetime64[3M]"); a day and the finer units ("D", "h", "m", "s", "ms", ...) end otherwise.
_COARSE_UNITS: Final = {"Y]": "year", "M]": "month", "W]": "week"}
# A digit other than 0: a time of day past midnight.
_PAST_MIDNIGHT = pattern("[1-9]")


def _date_of_datetime64(value: Any, field: str) -> dt.date:
    # numpy is recognised by its type's name, never imported: it is no dependency. Its
    # text is read, not a conversion: ISO 8601 in every unit (picoseconds cannot even be
    # converted to days), "NaT" for a missing value, and years beyond 9999 written out.
    if is_missing(value):
        raise InvalidDateError(field, value, MISSING_DATE)
    kind = str(value.dtype.name)
    for ending, unit in _COARSE_UNITS.items():
        if kind.endswith(ending):
            raise DateTypeError(field, value, COARSER_THAN_A_DAY.format(unit=unit))
    day, _, time = str(value).partition("T")
    if _PAST_MIDNIGHT().search(time):
        raise DateTypeError(field, value, NOT_A_DATETIME)
    try:
        return dt.date.fromisoformat(day)
    except ValueError as error:  # "10000-01-01", "-0001-01-01", "0000-01-01"
        raise InvalidDateError(field, value, OFF_THE_CALENDAR) from error


@functools.lru_cache(maxsize=4096)
def _date_from_text(text: str, field: str) -> dt.date:
    # Remembered: a book of grants repeats its dates, and a date is immutable.
    if _ISO_DATE().fullmatch(text) is None:
        raise InvalidDateError(field, text, NOT_ISO_DATE)
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise InvalidDateError(field, text, NOT_A_CALENDAR_DATE) from error


def days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):  # noqa: PLR2004
        return 29
    return _DAYS_IN_MONTH[month - 1]


def off_the_calendar(days: int) -> str:
    """The rule of a step of ``days`` that leaves 0001-01-01 to 9999-12-31."""
    unit = "day" if abs(days) == 1 else "days"
    return f"{days:+} {unit} falls outside 0001-01-01 to 9999-12-31"


def add_days(start: dt.date, days: int, field: str) -> dt.date:
    """``start`` plus ``days`` (which may be negative), or a clear error at the calendar's ends."""
    try:
        return start + dt.timedelta(days=days)
    except OverflowError as error:
        raise InvalidDateError(field, start, off_the_calendar(days)) from error


#: A negative part of a term.
NEGATIVE_TERM: Final = (
    "must not be negative (for the 'less one day' reading of a term, "
    "use expiry_reading=ExpiryReading.LESS_ONE_DAY on the grant)"
)


#: The largest value of each field of a term: the most of that unit that fits between
#: 0001-01-01 and 9999-12-31 (3,652,058 days). A longer term fits no date, and within these
#: bounds every step of adding a term to a date stays within ``datetime``'s range.
MAX_TERM: Final = {"years": 9_998, "months": 119_987, "weeks": 521_722, "days": 3_652_058}

#: A part of a term beyond :data:`MAX_TERM`: a template of ``bound`` and ``field``.
TERM_TOO_LONG: Final = (
    "must be at most {bound:,}, the most {field} between 0001-01-01 and 9999-12-31"
)


def _natural(value: object, field: str) -> int:
    if type(value) is int:
        number = value
    elif isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidTermError(field, value, NOT_A_WHOLE_NUMBER)
    else:
        number = int(value)
    if number < 0:
        raise InvalidTermError(field, value, NEGATIVE_TERM)
    if number > MAX_TERM[field]:
        rule = TERM_TOO_LONG.format(bound=MAX_TERM[field], field=field)
        raise InvalidTermError(field, value, rule)
    return number


def _years(value: SupportsIndex) -> int:
    return _natural(value, "years")


def _months(value: SupportsIndex) -> int:
    return _natural(value, "months")


def _weeks(value: SupportsIndex) -> int:
    return _natural(value, "weeks")


def _days(value: SupportsIndex) -> int:
    return _natural(value, "days")


@attrs.frozen(repr=False, getstate_setstate=False, cache_hash=True)
class Term(RebuiltByConstructor):
    """A length of calendar time: ``years``, ``months``, ``weeks`` and ``days``.

    Adding a term to a date moves years and months first, clamping to the month's last
    day when the day does not exist (1999-11-30 + 3 months = 2000-02-29), then adds weeks
    and days. The term is always applied in one step from the start date.

    >>> from datetime import date
    >>> date(1999, 7, 1) + Term(months=3)
    datetime.date(1999, 10, 1)
    >>> Term.parse("three (3) months") == Term(months=3)
    True
    """

    years: int = attrs.field(default=0, converter=_years, kw_only=True)
    months: int = attrs.field(default=0, converter=_months, kw_only=True)
    weeks: int = attrs.field(default=0, converter=_weeks, kw_only=True)
    days: int = attrs.field(default=0, converter=_days, kw_only=True)

    @classmethod
    def parse(cls, text: str) -> Self:
        """Read a term from contract English or ISO 8601.

        English: one or more ``<quantity> <unit>`` parts, the quantity in figures, in
        words, or both (words and figures must then agree), units ``day``, ``week``,
        ``month`` or ``year`` (singular or plural, optionally "calendar"), parts joined by
        commas or "and". ISO 8601: ``PnYnMnWnD`` with whole numbers (no time part).

        >>> Term.parse("ninety (90) days")
        Term(days=90)
        >>> Term.parse("P1Y6M")
        Term(years=1, months=6)

        Raises:
            InvalidTermError: quoting the text, for anything else.
        """
        if not isinstance(text, str):
            raise InvalidTermError("term", text, TERM_NOT_TEXT)
        if cls is not Term or len(text) > CACHED_TEXT:
            return _built(cls, _parse_parts(text), text)
        return cast("Self", _term_from_text(text))

    @classmethod
    def from_relativedelta(cls, delta: relativedelta) -> Self:
        """The term equal to a ``relativedelta`` of whole years, months, weeks and days.

        >>> from dateutil.relativedelta import relativedelta
        >>> Term.from_relativedelta(relativedelta(months=3))
        Term(months=3)

        Raises:
            InvalidTermError: for anything but a ``relativedelta``; for negative or
                fractional parts, time parts, leap days and absolute fields (``year=``,
                ``month=``, ``day=``, ``weekday=``, ...); for parts beyond :data:`MAX_TERM`.
        """
        # Looked for where it already is: a relativedelta exists only if dateutil was imported.
        module = sys.modules.get("dateutil.relativedelta")
        if module is None or not isinstance(delta, module.relativedelta):
            raise InvalidTermError("term", delta, NOT_A_RELATIVEDELTA)
        absolute = ("year", "month", "day", "weekday", "hour", "minute", "second", "microsecond")
        relative_time = ("hours", "minutes", "seconds", "microseconds", "leapdays")
        if any(getattr(delta, name) is not None for name in absolute) or any(
            getattr(delta, name) for name in relative_time
        ):
            raise InvalidTermError("term", delta, ONLY_RELATIVE_PARTS)
        try:
            whole_days = int(delta.days)
        except (ValueError, OverflowError) as error:  # days=NaN or an infinity
            raise InvalidTermError("term", delta, WHOLE_DAYS) from error
        if delta.days != whole_days:
            raise InvalidTermError("term", delta, WHOLE_DAYS)
        if min(delta.years, delta.months, whole_days) < 0:  # the delta named, not one part
            raise InvalidTermError("term", delta, NEGATIVE_TERM)
        weeks, days = divmod(whole_days, 7)
        parts = {"years": delta.years, "months": delta.months, "weeks": weeks, "days": days}
        return _built(cls, parts, delta)

    def to_relativedelta(self) -> relativedelta:
        """The equivalent ``dateutil.relativedelta.relativedelta`` (a new, mutable object)."""
        from dateutil.relativedelta import relativedelta  # noqa: PLC0415  (not needed to import us)

        return relativedelta(years=self.years, months=self.months, weeks=self.weeks, days=self.days)

    def to_iso(self) -> str:
        """The ISO 8601 duration, such as ``"P3M"`` (``"P0D"`` for the zero term).

        >>> Term(years=1, months=6).to_iso()
        'P1Y6M'
        """
        parts = zip((self.years, self.months, self.weeks, self.days), "YMWD", strict=True)
        return "P" + ("".join(f"{n}{unit}" for n, unit in parts if n) or "0D")

    def __str__(self) -> str:
        """The term in words and figures, such as ``"1 year 6 months"`` (``"0 days"`` if zero)."""
        parts = zip(
            (self.years, self.months, self.weeks, self.days),
            ("year", "month", "week", "day"),
            strict=True,
        )
        text = " ".join(f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in parts if n)
        return text or "0 days"

    def __repr__(self) -> str:
        parts = (
            f"{name}={value}"
            for name, value in (
                ("years", self.years),
                ("months", self.months),
                ("weeks", self.weeks),
                ("days", self.days),
            )
            if value
        )
        return f"Term({', '.join(parts)})"

    def __radd__(self, start: object) -> dt.date:
        """``start + term``: the date this term after ``start`` (see the class docstring)."""
        if isinstance(start, str):  # "1999-07-01" + term would read as string arithmetic
            raise DateTypeError("start", start, TEXT_START)
        if not isinstance(start, dt.date):  # coerce_date would suggest text, refused above
            raise DateTypeError("start", start, NOT_A_START)
        return add_term(coerce_date(start, "start"), self, "start")


_TermT = TypeVar("_TermT", bound=Term)


def _built(cls: type[_TermT], parts: dict[str, int], given: object) -> _TermT:
    """``cls(**parts)``, a refused part reported as a fault of the term ``given``."""
    try:
        return cls(**parts)
    except InvalidTermError as error:
        raise InvalidTermError("term", given, f"{error.field} {error.rule}") from error


@functools.lru_cache(maxsize=1024)
def _term_from_text(text: str) -> Term:
    # Remembered: a Term is immutable, and a book of grants repeats its terms.
    return _built(Term, _parse_parts(text), text)


def add_term(start: dt.date, term: Term, field: str) -> dt.date:
    """``start`` plus ``term`` in one step, with month-end clamping.

    Raises:
        InvalidDateError: naming ``field``, when the result would fall after 9999-12-31.
    """
    months = term.years * 12 + term.months
    result = start
    if months:
        index = start.month - 1 + months
        year = start.year + index // 12
        month = index % 12 + 1
        day = start.day
        if year > dt.MAXYEAR:
            raise _past_max(start, term, field)
        if day > 28:  # noqa: PLR2004  (every month has at least 28 days)
            day = min(day, days_in_month(year, month))
        result = dt.date(year, month, day)
    days = term.weeks * 7 + term.days
    if not days:
        return result
    try:
        return result + dt.timedelta(days=days)
    except OverflowError as error:
        raise _past_max(start, term, field) from error


def after_the_last_date(start: dt.date, term: Term) -> str:
    """The rule of ``start + term`` falling after 9999-12-31."""
    return f"{start.isoformat()} + {term} falls after 9999-12-31, the last date"


def _past_max(start: dt.date, term: Term, field: str) -> InvalidDateError:
    return InvalidDateError(field, start, after_the_last_date(start, term))


#: A term: a :class:`Term`, text such as ``"3 months"`` or ``"P3M"``, or a relativedelta.
TermLike: TypeAlias = "Term | str | relativedelta"


def coerce_term(given: TermLike | None) -> Term | None:
    """Return ``given`` as a :class:`Term`: a ``Term``, text, a ``relativedelta`` or ``None``.

    Raises:
        InvalidTermError: for text that is not a term, a ``relativedelta`` that is not one,
            or any other type.
    """
    value: object = given  # the annotation guides callers; the checks take anything
    if value is None or isinstance(value, Term):
        return value
    if isinstance(value, str):
        return Term.parse(value)
    # A relativedelta can only arrive if the caller imported dateutil already, so look for
    # the class where it already is instead of importing it here.
    module = sys.modules.get("dateutil.relativedelta")
    if module is not None and isinstance(value, module.relativedelta):
        return Term.from_relativedelta(value)
    raise InvalidTermError("term", value, NOT_A_TERM)


# --- reading terms from text -------------------------------------------------------------

_ISO_TERM = pattern(
    r"P(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)W)?(?:([0-9]+)D)?", re.IGNORECASE | re.ASCII
)
_TOKEN = pattern(r"[0-9]+|[a-z]+|[(),]", re.IGNORECASE | re.ASCII)
# A hyphen only joins words or figures ("twenty-four", "3-month"); it is never a sign.
_UNEXPECTED = pattern(r"[^0-9a-z(), -]|(?<![0-9a-z])-|-(?![0-9a-z])", re.IGNORECASE | re.ASCII)
_UNITS: Final = {
    "day": "days",
    "days": "days",
    "week": "weeks",
    "weeks": "weeks",
    "month": "months",
    "months": "months",
    "year": "years",
    "years": "years",
}
_MAX_FIGURES: Final = 6  # a term of up to 999,999 units; more is a typo, not a contract
#: A number in a term's text with more figures than any contract needs.
TOO_MANY_FIGURES: Final = f"a number in a term must be at most {10**_MAX_FIGURES - 1:,}"
_EXAMPLES: Final = 'write it like "3 months", "three (3) months", "90 days" or "P1Y6M"'


def unreadable_term(problem: str) -> str:
    """The rule of term text that cannot be read: the ``problem``, then how to write a term."""
    return f"{problem}; {_EXAMPLES}"


def _parse_parts(text: str) -> dict[str, int]:
    iso = _ISO_TERM().fullmatch(text.strip())
    if iso is not None:
        if not any(iso.groups()):
            raise InvalidTermError("term", text, EMPTY_DURATION)
        names = ("years", "months", "weeks", "days")
        return {name: _figures(n, text) for name, n in zip(names, iso.groups(), strict=True) if n}
    return _TermReader(text).parts()


def _figures(digits: str, text: str) -> int:
    number = whole_number(digits, _MAX_FIGURES)
    if number is None:
        raise InvalidTermError("term", text, TOO_MANY_FIGURES)
    return number


class _TermReader:
    """Reads ``<quantity> [calendar] <unit>`` parts joined by commas or "and"."""

    def __init__(self, text: str) -> None:
        self.text = text
        spaced = " ".join(text.split())  # any Unicode space, such as a PDF's no-break space
        unexpected = _UNEXPECTED().search(spaced)
        if unexpected is not None:
            raise self.fail(f"unexpected {unexpected.group()!r} in a term")
        self.tokens = [token.lower() for token in _TOKEN().findall(spaced)]
        self.position = 0

    def fail(self, problem: str) -> InvalidTermError:
        return InvalidTermError("term", self.text, unreadable_term(problem))

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> str | None:
        token = self.peek()
        self.position += 1
        return token

    def parts(self) -> dict[str, int]:
        if not self.tokens:
            raise self.fail("a term cannot be empty")
        parts: dict[str, int] = {}
        while True:
            quantity = self.quantity()
            if self.peek() == "calendar":
                self.position += 1
            unit_word = self.take()
            unit = _UNITS.get(unit_word or "")
            if unit is None:
                found = "nothing" if unit_word is None else repr(unit_word)
                raise self.fail(f"expected days, weeks, months or years, found {found}")
            if unit in parts:
                raise self.fail(f"{unit} are given twice")
            parts[unit] = quantity
            if self.peek() is None:
                return parts
            if self.peek() == ",":
                self.position += 1
            if self.peek() == "and":
                self.position += 1

    def quantity(self) -> int:
        token = self.peek()
        if token is not None and token.isdigit():
            self.position += 1
            number = _figures(token, self.text)
            if self.peek() == "(":
                self.agree(self.bracketed(self.words), number)
            return number
        in_words = self.words()
        if in_words is None:
            found = "nothing" if token is None else repr(token)
            raise self.fail(f"expected a number, found {found}")
        if self.peek() == "(":
            self.agree(in_words, self.bracketed(self.figures))
        return in_words

    def bracketed(self, read: Callable[[], int | None]) -> int:
        self.position += 1  # the "("
        number = read()
        if number is None or self.take() != ")":
            raise self.fail("a bracket must hold just the same number, as in three (3)")
        return number

    def figures(self) -> int | None:
        token = self.peek()
        if token is None or not token.isdigit():
            return None
        self.position += 1
        return _figures(token, self.text)

    def agree(self, in_words: int, in_figures: int) -> None:
        if in_words != in_figures:
            raise self.fail(
                f"the words say {in_words} but the figures say {in_figures}; they must agree"
            )

    def words(self) -> int | None:
        """A number written in English words, such as "ninety" or "one hundred eighty"."""
        # The number words load with the first term written in words, not on import.
        from auxer_option._words import read_cardinal  # noqa: PLC0415

        value, self.position = read_cardinal(self.tokens, self.position)
        if value is not None and value >= 10**_MAX_FIGURES:
            raise InvalidTermError("term", self.text, TOO_MANY_FIGURES)
        return value
