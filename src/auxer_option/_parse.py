"""Dates, prices and share counts as contracts write them, read strictly.

Contracts write figures and words side by side, "1,000,000 (One Million) shares"; where
both appear they must agree, as a careful reader would insist. Nothing is guessed: a date
without a day, a two-digit year, or "01/07/1999" without saying which number is the month
is refused rather than filled in or assumed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Final, Literal, cast, get_args

from auxer_option._choices import check_choice
from auxer_option._money import EXACT, coerce_shares, parse_number, whole_number
from auxer_option._terms import days_in_month
from auxer_option._words import ordinal_suffix, read_cardinal, read_ordinal
from auxer_option.exceptions import (
    InvalidAmountError,
    InvalidDateError,
    InvalidShareCountError,
    OptionError,
)

__all__ = [
    "DATE_ORDERS",
    "DateOrder",
    "check_date_order",
    "parse_date",
    "parse_price",
    "parse_shares",
]

#: The order of day, month and year in an all-figures date such as ``"01/07/1999"``.
DateOrder = Literal["DMY", "MDY"]

DATE_ORDERS: Final = get_args(DateOrder)

# The fixed rules of the parsers, each written once here (those with a value in them are
# templates, filled in with str.format); the rest quote the words that could not be read,
# and are written where those are found.
#: A date given as something other than text.
DATE_NOT_TEXT: Final = 'must be text such as "July 1, 1999"'
#: A month number outside 1 to 12: a template of ``month``.
NO_SUCH_MONTH: Final = "has no month {month}"
#: A year outside the calendar: a template of ``year``.
NO_SUCH_YEAR: Final = "the year {year} is outside 1 to 9999"
#: A day the month does not have: a template of ``month`` (its name), ``year``, ``day`` and
#: ``last``, its last day.
NO_SUCH_DAY: Final = "{month} {year} has no day {day} (it has {last})"
#: An all-figures date with a two-digit year.
TWO_DIGIT_YEAR: Final = "needs a four-digit year: a two-digit one is a guess"
#: An all-figures date that is no date either way round.
NEITHER_ORDER: Final = "is not a calendar date in either order"
#: A share count given as something other than text.
SHARES_NOT_TEXT: Final = 'must be text such as "1,000,000 shares"'
#: A share count in text with a fraction of a share.
FRACTION_OF_A_SHARE: Final = "must be a whole number of shares"
#: A price given as something other than text.
PRICE_NOT_TEXT: Final = 'must be text such as "$0.13"'


def check_date_order(order: object) -> DateOrder | None:
    """``order`` if it is ``None`` or one of :data:`DATE_ORDERS`.

    Raises:
        InvalidChoiceError: for anything else.
    """
    if order is None:
        return None
    return cast("DateOrder", check_choice(order, DATE_ORDERS, "order"))


MONTHS: Final = {
    name: number
    for number, names in enumerate(
        (
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sep sept",
            "october oct",
            "november nov",
            "december dec",
        ),
        start=1,
    )
    for name in names.split()
}

# Words (letters, with an internal apostrophe), figures, and single punctuation marks.
_TOKEN = re.compile(r"[a-z]+|[0-9]+|\S", re.IGNORECASE | re.ASCII)
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMERIC_DATE = re.compile(r"([0-9]{1,4})([/.-])([0-9]{1,2})\2([0-9]{1,4})")
# Figures with an optional thousands grouping: 1000000 or 1,000,000, never 1,00,000.
_FIGURES = re.compile(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?")


def _spaced(text: str) -> str:
    """``text`` with each run of Unicode spaces (a PDF's no-break space) one ASCII space.

    None is left at the ends. Patterns then match single spaces, so no two space
    quantifiers overlap and no pattern backtracks over a long run of spaces: every reader
    stays linear in time.
    """
    return " ".join(text.split())


def _tokens(text: str) -> list[str]:
    # Hyphens join words ("twenty-five"), so they are dropped between letters.
    spaced = _HYPHEN.sub(" ", _spaced(text))
    return [token.lower() for token in _TOKEN.findall(spaced)]


_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])", re.IGNORECASE | re.ASCII)


def _is_figures(token: str) -> bool:
    """ASCII digits only: "²" and "٣" are digits to Python, not to a contract."""
    return token.isascii() and token.isdigit()


# --- dates ----------------------------------------------------------------------------


def parse_date(text: str, *, order: DateOrder | None = None) -> dt.date:
    """The calendar date ``text`` names, as a contract writes it.

    Reads ISO 8601 (``"1999-07-01"``), words (``"1st day of July, 1999"``, ``"the first
    day of July, 1999"``, ``"July 1, 1999"``, ``"1 July 1999"``, ``"Jul. 1st, 1999"``), and
    figures separated by ``/``, ``.`` or ``-`` with a four-digit year. Figures such as
    ``"01/07/1999"`` are read only when one order gives a calendar date, or both give the
    same one, unless ``order`` (``"DMY"`` or ``"MDY"``) says which is meant.

    >>> parse_date("1st day of July, 1999")
    datetime.date(1999, 7, 1)
    >>> parse_date("01/07/1999", order="DMY")
    datetime.date(1999, 7, 1)

    Raises:
        InvalidDateError: quoting the text, for a date without a day, month or four-digit
            year, an ambiguous all-figures date, a day the month does not have, or text
            that is not a date.
        InvalidChoiceError: for an ``order`` other than ``"DMY"``, ``"MDY"`` or ``None``.
    """
    if not isinstance(text, str):
        raise InvalidDateError("date", text, DATE_NOT_TEXT)
    order = check_date_order(order)
    stripped = _spaced(text)
    if _ISO.fullmatch(stripped):
        return _calendar_date(text, int(stripped[:4]), int(stripped[5:7]), int(stripped[8:]))
    numeric = _NUMERIC_DATE.fullmatch(stripped)
    if numeric is not None:
        return _numeric_date(text, numeric, order)
    return _DateReader(text).date()


def _calendar_date(text: str, year: int, month: int, day: int) -> dt.date:
    if not 1 <= month <= 12:  # noqa: PLR2004
        raise InvalidDateError("date", text, NO_SUCH_MONTH.format(month=month))
    if not 1 <= year <= dt.MAXYEAR:
        raise InvalidDateError("date", text, NO_SUCH_YEAR.format(year=year))
    last = days_in_month(year, month)
    if not 1 <= day <= last:
        month_name = dt.date(2000, month, 1).strftime("%B")
        rule = NO_SUCH_DAY.format(month=month_name, year=year, day=day, last=last)
        raise InvalidDateError("date", text, rule)
    return dt.date(year, month, day)


def _numeric_date(text: str, match: re.Match[str], order: DateOrder | None) -> dt.date:
    first, _, second, third = match.groups()
    if len(first) == 4:  # noqa: PLR2004  (1999/07/01: a year first is always year, month, day)
        return _calendar_date(text, int(first), int(second), int(third))
    if len(third) != 4:  # noqa: PLR2004
        raise InvalidDateError("date", text, TWO_DIGIT_YEAR)
    year, a, b = int(third), int(first), int(second)
    if order is not None:
        day, month = (a, b) if order == "DMY" else (b, a)
        return _calendar_date(text, year, month, day)
    readings = {}
    for name, day, month in (("DMY", a, b), ("MDY", b, a)):
        try:
            readings[name] = _calendar_date(text, year, month, day)
        except InvalidDateError:
            continue
    dates = set(readings.values())
    if len(dates) == 1:
        return dates.pop()
    if not dates:
        raise InvalidDateError("date", text, NEITHER_ORDER)
    shown = " or ".join(f"{d.day} {d:%B %Y} (order={name!r})" for name, d in readings.items())
    raise InvalidDateError("date", text, f"is ambiguous: {shown}; pass order= to say which")


class _DateReader:
    """Reads ``[the|this] <day> [day] [of] <month>[,] <year>`` or ``<month> <day>[,] <year>``."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = [token for token in _tokens(text) if token not in {",", "."}]
        self.position = 0

    def fail(self, rule: str) -> InvalidDateError:
        return InvalidDateError("date", self.text, rule)

    def peek(self) -> str:
        return self.tokens[self.position] if self.position < len(self.tokens) else ""

    def date(self) -> dt.date:
        if self.peek() in {"the", "this"}:
            self.position += 1
        if self.peek() in MONTHS:
            month = MONTHS[self.peek()]
            self.position += 1
            day = self.day()
        else:
            day = self.day()
            for word in ("day", "of"):
                if self.peek() == word:
                    self.position += 1
            if self.peek() not in MONTHS:
                raise self.fail(self.expected("a month such as July"))
            month = MONTHS[self.peek()]
            self.position += 1
        year = self.year()
        if self.position != len(self.tokens):
            raise self.fail(f"unexpected {self.peek()!r} after the date")
        return _calendar_date(self.text, year, month, day)

    def expected(self, what: str) -> str:
        found = self.peek()
        return f"expected {what}, found {found!r}" if found else f"expected {what}, found nothing"

    def day(self) -> int:
        token = self.peek()
        if _is_figures(token) and len(token) <= 2:  # noqa: PLR2004
            self.position += 1
            day = int(token)
            suffix = self.peek()
            if suffix in {"st", "nd", "rd", "th"}:
                right = ordinal_suffix(day)
                if suffix != right:
                    raise self.fail(f"{day}{suffix} is not an ordinal: write {day}{right}")
                self.position += 1
            return day
        ordinal, self.position = read_ordinal(self.tokens, self.position)
        if ordinal is None:
            if _is_figures(token) and len(token) == 4:  # noqa: PLR2004
                raise self.fail("names no day: a date needs a day, a month and a year")
            raise self.fail(self.expected("a day such as 1st or first"))
        return ordinal

    def year(self) -> int:
        token = self.peek()
        if not token:
            raise self.fail("names no year: a date needs a day, a month and a year")
        if not _is_figures(token) or len(token) != 4:  # noqa: PLR2004
            if _is_figures(token):
                raise self.fail("needs a four-digit year: a two-digit one is a guess")
            raise self.fail(self.expected("a four-digit year"))
        self.position += 1
        return int(token)


# --- figures and words ------------------------------------------------------------------


def _split_brackets(
    text: str, field: str, error: type[OptionError], example: str
) -> tuple[str, str | None]:
    """``"1,000 (One Thousand) shares"`` as ``("1,000 shares", "One Thousand")``."""
    match = re.fullmatch(r"([^()]*)\(([^()]*)\)([^()]*)", text)
    if match is None:
        if "(" in text or ")" in text:
            raise error(field, text, f"a bracket must hold the same number, once, as in {example}")
        return text, None
    before, inside, after = match.groups()
    return f"{before} {after}", inside


def _figures(text: str, field: str, error: type[OptionError]) -> Decimal | None:
    """The number in plain figures, with an optional ``$`` and thousands separators."""
    stripped = text.strip()
    if stripped.startswith(("US$", "$")):
        stripped = stripped.removeprefix("US").removeprefix("$").lstrip()
    elif stripped.upper().startswith("USD "):
        stripped = stripped[4:].lstrip()
    if not _FIGURES.fullmatch(stripped):
        return None
    try:
        return parse_number(stripped.replace(",", ""), field)
    except InvalidAmountError as too_long:
        raise error(field, text, too_long.rule) from too_long


def _stated_once_or_twice(
    text: str,
    *,
    what: str,
    field: str,
    error: type[OptionError],
    read_part: Callable[[str, str], tuple[Decimal, bool]],
    example: str,
) -> Decimal:
    """The number ``text`` states in figures or words, or in both, which must agree.

    ``read_part`` reads one part (outside or inside the bracket) into its number and
    whether it was written in figures; with both, the figures' number is returned, with
    its digits as written.
    """
    outside, inside = _split_brackets(text, field, error, example)
    parts = [part for part in (outside, inside) if part is not None and part.strip()]
    if not parts:
        raise error(field, text, f"states no {what}")
    numbers = [read_part(text, part) for part in parts]
    if len(numbers) == 1:
        return numbers[0][0]
    (in_figures, first_is_figures), (in_words, second_is_figures) = sorted(
        numbers, key=lambda number: not number[1]
    )
    if first_is_figures == second_is_figures:
        raise error(
            field, text, f"give the {what} once in figures and once in words, as in {example}"
        )
    if in_figures != in_words:
        raise error(
            field,
            text,
            f"the figures say {in_figures} but the words say {in_words}; they must agree",
        )
    return in_figures


def parse_shares(text: str) -> int:
    """The number of shares ``text`` states, in figures, words, or both (which must agree).

    >>> parse_shares("1,000,000 (One Million Shares)")
    1000000
    >>> parse_shares("two hundred fifty thousand (250,000) shares")
    250000

    Raises:
        InvalidShareCountError: quoting the text, for words and figures that disagree,
            figures grouped other than by thousands, a fraction of a share, zero, or text
            that is not a number of shares.
    """
    if not isinstance(text, str):
        raise InvalidShareCountError("shares", text, SHARES_NOT_TEXT)
    count = _stated_once_or_twice(
        text,
        what="number of shares",
        field="shares",
        error=InvalidShareCountError,
        read_part=_share_part,
        example="1,000 (One Thousand)",
    )
    if count != count.to_integral_value(context=EXACT):
        raise InvalidShareCountError("shares", text, FRACTION_OF_A_SHARE)
    try:
        return coerce_shares(int(count), "shares")
    except InvalidShareCountError as error:
        raise InvalidShareCountError("shares", text, error.rule) from error


def _share_part(text: str, part: str) -> tuple[Decimal, bool]:
    """The number in one part of a share count, and whether it was written in figures."""
    joined = _SHARES_WORD.sub("", _spaced(part)).strip()
    if _is_figures(joined[:1]):
        figures = _figures(joined, "shares", InvalidShareCountError)
        if figures is None:
            raise InvalidShareCountError(
                "shares", text, f"{joined!r} is not a number in figures such as 1,000,000"
            )
        return figures, True
    tokens = _tokens(joined)
    value, position = read_cardinal(tokens, 0)
    if value is None or position != len(tokens):
        raise InvalidShareCountError(
            "shares", text, f"{part.strip()!r} is not a number in figures or words"
        )
    return Decimal(value), False


_SHARES_WORD = re.compile(r"\bshares?$", re.IGNORECASE | re.ASCII)


def parse_price(text: str) -> Decimal:
    """The price per share ``text`` states, in figures, words, or both (which must agree).

    Figures may carry ``$``, ``US$`` or ``USD`` and thousands separators; words read
    ``"Thirteen Cents"``, ``"One Dollar and Fifty Cents"`` or ``"One and 50/100 Dollars"``.
    A trailing "per share" is allowed. The figures' digits are kept as written.

    >>> parse_price("$0.13 (Thirteen Cents)")
    Decimal('0.13')
    >>> parse_price("One Dollar and Fifty Cents ($1.50) per share")
    Decimal('1.50')

    Raises:
        InvalidAmountError: quoting the text, for words and figures that disagree, or text
            that is not a price.
    """
    if not isinstance(text, str):
        raise InvalidAmountError("price", text, PRICE_NOT_TEXT)
    return _stated_once_or_twice(
        text,
        what="price",
        field="price",
        error=InvalidAmountError,
        read_part=_price_part,
        example="$0.13 (Thirteen Cents)",
    )


_PER_SHARE = re.compile(
    r"\b(?:per share(?: of common stock)?|a share|each)$", re.IGNORECASE | re.ASCII
)


def _price_part(text: str, part: str) -> tuple[Decimal, bool]:
    joined = _PER_SHARE.sub("", _spaced(part)).strip()
    if joined[:1] == "$" or _is_figures(joined[:1]) or joined[:3].upper() in {"US$", "USD"}:
        figures = _figures(joined, "price", InvalidAmountError)
        if figures is None:
            raise InvalidAmountError(
                "price", text, f"{joined!r} is not a price in figures such as $0.13"
            )
        return figures, True
    words = _words_price(_tokens(joined))
    if words is None:
        raise InvalidAmountError(
            "price",
            text,
            f"{part.strip()!r} is not a price in figures ($0.13) or words (Thirteen Cents)",
        )
    return words, False


def _words_price(tokens: list[str]) -> Decimal | None:
    """``"<n> dollars [and] <m> cents"``, ``"<m> cents"`` or ``"<n> and <m>/100 dollars"``."""
    dollars, position = read_cardinal(tokens, 0)
    cents: int | None
    if dollars is None:
        return None
    rest = tokens[position:]
    if rest[:1] == ["and"] and rest[2:4] == ["/", "100"] and _is_figures(rest[1]):
        cents, rest = whole_number(rest[1], 2), rest[4:]
        if rest not in (["dollars"], ["dollar"]) or cents is None:
            return None
        return Decimal(dollars * 100 + cents).scaleb(-2, EXACT)
    if rest[:1] in (["dollars"], ["dollar"]):
        rest = rest[1:]
        if not rest:
            return Decimal(dollars * 100).scaleb(-2, EXACT)
        if rest[0] == "and":
            rest = rest[1:]
        cents, position = read_cardinal(rest, 0)
        rest = rest[position:]
    else:
        dollars, cents = 0, dollars
    if cents is None or cents >= 100 or rest not in (["cents"], ["cent"]):  # noqa: PLR2004
        return None
    return Decimal(dollars * 100 + cents).scaleb(-2, EXACT)
