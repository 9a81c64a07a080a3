"""Fair market values by date: what a share was worth, read by the day an operation needs.

A private company's share has no quoted price: its board sets a fair market value from an
appraisal (a US "409A valuation") and uses it until the next one. A listed company's is its
closing price. Either way the history is a table of dated values, each in force from its
date until the next; an exercise's spread, a grant's fair value and a tax figure each read
the value in force on their own day, instead of a number passed by hand.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, Final, Self, TypeAlias

import attrs

from auxer_option._money import Amount, coerce_amount, coerce_currency, format_amount
from auxer_option._pickling import RebuiltByConstructor
from auxer_option._tables import html_table, text_columns
from auxer_option._terms import DateLike, coerce_date
from auxer_option.exceptions import InvalidCurrencyError, InvalidDateError, OptionTypeError

__all__ = [
    "FairMarketValue",
    "FairMarketValues",
    "MarketValue",
    "market_value",
]

#: The rule of a table given as something other than rows or a mapping of dates to values.
NOT_VALUES: Final = "must be an iterable of (date, value) pairs or a mapping of dates to values"
#: The rule of a row that is neither a FairMarketValue nor a (date, value[, source]) tuple.
NOT_A_VALUE: Final = "must be a FairMarketValue or a (date, value) or (date, value, source) tuple"
#: The rule of an empty table: it can answer no day.
NO_VALUES: Final = "must hold at least one dated value"
#: The rule of two values on one day: which one is in force would be a guess.
TWO_ON_ONE_DAY: Final = "already has a value on {day}"
#: The rule of a source note that is not text.
SOURCE_NOT_TEXT: Final = "must be a str (say, '409A valuation of 2024-01-10') or None"
#: The rule of a day before the table's first date: no value was in force yet.
BEFORE_THE_FIRST: Final = "is before the first fair market value in the table, dated {first}"
#: The rule of a table in another currency than the grant it is read for.
OTHER_CURRENCY: Final = "is not the grant's currency, {currency}"


def _date(value: DateLike) -> dt.date:
    return coerce_date(value, "date")


def _value(value: Amount) -> Decimal:
    return coerce_amount(value, "value")


def _source(value: str | None) -> str | None:
    given: object = value  # the annotation guides callers; the check takes anything
    if given is None or isinstance(given, str):
        return given
    raise OptionTypeError("source", given, SOURCE_NOT_TEXT)


@attrs.frozen(getstate_setstate=False)
class FairMarketValue(RebuiltByConstructor):
    """The fair market value of one share from ``date`` on, and where it came from.

    >>> FairMarketValue("2024-01-10", "1.85", "409A valuation").value
    Decimal('1.85')

    Raises:
        DateTypeError, InvalidDateError: for a ``date`` that is not a calendar date.
        AmountTypeError, InvalidAmountError: for a ``value`` that is not an exact,
            non-negative amount.
        OptionTypeError: for a ``source`` that is not text.
    """

    date: dt.date = attrs.field(converter=_date)
    value: Decimal = attrs.field(converter=_value)
    source: str | None = attrs.field(default=None, converter=_source)


def _row(given: object, index: int) -> FairMarketValue:
    if isinstance(given, FairMarketValue):
        return given
    if not isinstance(given, tuple | list) or len(given) not in {2, 3}:
        raise OptionTypeError(f"values[{index}]", given, NOT_A_VALUE)
    source = given[2] if len(given) == 3 else None  # noqa: PLR2004  (a triple)
    return FairMarketValue(
        coerce_date(given[0], f"values[{index}].date"),
        coerce_amount(given[1], f"values[{index}].value"),
        _source_at(source, index),
    )


def _source_at(source: object, index: int) -> str | None:
    if source is None or isinstance(source, str):
        return source
    raise OptionTypeError(f"values[{index}].source", source, SOURCE_NOT_TEXT)


#: What a table is made of: rows, ``(date, value[, source])`` tuples, or dates mapped to values
#: (a mapping's keys are any ``DateLike``; typing cannot say so and stay usable).
Rows: TypeAlias = (
    Iterable[FairMarketValue | tuple[DateLike, Amount] | tuple[DateLike, Amount, str | None]]
    | Mapping[Any, Amount]
)


def _values(given: Rows) -> tuple[FairMarketValue, ...]:
    value: object = given  # the annotation guides callers; the checks take anything
    if isinstance(value, Mapping):
        value = list(value.items())
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise OptionTypeError("values", value, NOT_VALUES)
    rows = sorted((_row(row, index) for index, row in enumerate(value)), key=lambda row: row.date)
    if not rows:
        raise InvalidDateError("values", given, NO_VALUES)
    for earlier, later in itertools.pairwise(rows):
        if earlier.date == later.date:
            raise InvalidDateError("values", later.date, TWO_ON_ONE_DAY.format(day=later.date))
    return tuple(rows)


def _currency(value: str | None) -> str | None:
    return None if value is None else coerce_currency(value)


@attrs.frozen(repr=False, getstate_setstate=False)
class FairMarketValues(RebuiltByConstructor):
    """A share's fair market values by date: each in force from its date until the next.

    ``values`` are :class:`FairMarketValue` rows, ``(date, value)`` or
    ``(date, value, source)`` tuples, or a mapping of dates to values, in any order; the
    table keeps them by date. ``currency`` is the one the values are in; left out, they are
    taken to be in the currency of whatever grant reads them. Reading a day finds the row in
    force in time logarithmic in the table's length.

    Pass the table wherever an operation takes a share's value on a day it knows: the
    ``fair_market_value`` of :func:`~auxer_option.exercise` and
    :func:`~auxer_option.net_exercise`, the ``market_price`` of
    :func:`~auxer_option.sell_to_cover`, the ``spot`` of :func:`~auxer_option.fair_value`.

    >>> values = FairMarketValues([("2024-01-10", "1.85"), ("2024-07-15", "2.40")])
    >>> values.on("2024-03-31"), values.on("2024-07-15")
    (Decimal('1.85'), Decimal('2.40'))

    Raises:
        OptionTypeError: for ``values`` that are not rows, or a row that is not one.
        InvalidDateError: for no rows, or two rows on one day.
        OptionError: a row's own refusal (see :class:`FairMarketValue`), its field named
            by its place, such as ``values[2].value``.
        InvalidCurrencyError: for an unknown currency code.
    """

    values: tuple[FairMarketValue, ...] = attrs.field(converter=_values)
    currency: str | None = attrs.field(default=None, converter=_currency, kw_only=True)
    _dates: tuple[dt.date, ...] = attrs.field(init=False, eq=False)

    @_dates.default
    def _dates_of_values(self) -> tuple[dt.date, ...]:
        return tuple(row.date for row in self.values)

    def __len__(self) -> int:
        return len(self.values)

    def __iter__(self) -> Iterator[FairMarketValue]:
        return iter(self.values)

    def row_on(self, day: DateLike) -> FairMarketValue:
        """The row in force on ``day``: the latest dated on or before it.

        >>> values = FairMarketValues({"2024-01-10": "1.85"})
        >>> values.row_on("2024-12-31").date
        datetime.date(2024, 1, 10)

        Raises:
            DateTypeError, InvalidDateError: for a ``day`` that is not a calendar date.
            InvalidDateError: for a ``day`` before the first row.
        """
        return self._row_on(coerce_date(day, "day"), "day")

    def on(self, day: DateLike) -> Decimal:
        """The fair market value in force on ``day``.

        >>> FairMarketValues({"2024-01-10": "1.85"}).on("2024-01-10")
        Decimal('1.85')

        Raises:
            DateTypeError, InvalidDateError: for a ``day`` that is not a calendar date.
            InvalidDateError: for a ``day`` before the first row.
        """
        return self.row_on(day).value

    def with_value(self, date: DateLike, value: Amount, source: str | None = None) -> Self:
        """A new table with one more row (the table itself is never changed).

        >>> values = FairMarketValues({"2024-01-10": "1.85"})
        >>> len(values.with_value("2025-01-10", "2.10", "409A valuation"))
        2

        Raises:
            InvalidDateError: if the table already has a value on ``date``.
            OptionError: the refusals of :class:`FairMarketValue`.
        """
        return attrs.evolve(self, values=(*self.values, FairMarketValue(date, value, source)))

    def _row_on(self, day: dt.date, field: str) -> FairMarketValue:
        place = bisect.bisect_right(self._dates, day)
        if place == 0:
            raise InvalidDateError(field, day, BEFORE_THE_FIRST.format(first=self._dates[0]))
        return self.values[place - 1]

    def _cells(self) -> list[tuple[str, str, str]]:
        return [
            (
                str(row.date),
                format_amount(row.value, self.currency) if self.currency else str(row.value),
                row.source or "",
            )
            for row in self.values
        ]

    def __repr__(self) -> str:
        currency = "" if self.currency is None else f", currency={self.currency!r}"
        return f"FairMarketValues({list(self.values)!r}{currency})"

    def __str__(self) -> str:
        return text_columns("Fair market values", _HEADER, self._cells())

    def _repr_html_(self) -> str:
        return html_table("Fair market values", self._cells(), header=_HEADER)


_HEADER: Final = ("From", "Value", "Source")

#: A share's value as the operations that know their day take it: an amount, or a table.
MarketValue: TypeAlias = Amount | FairMarketValues


def market_value(given: MarketValue, day: dt.date, field: str, currency: str) -> Amount:
    """``given`` as an operation reads it on ``day``: a table's value in force, else itself.

    What is not a table is returned as it is, for the operation's own coercion; a table
    in another currency than ``currency``, or with no value yet on ``day``, is refused,
    naming ``field``.

    >>> values = FairMarketValues({"2024-01-10": "1.85"}, currency="USD")
    >>> market_value(values, dt.date(2024, 2, 1), "spot", "USD")
    Decimal('1.85')
    >>> market_value("2.00", dt.date(2024, 2, 1), "spot", "USD")
    '2.00'

    Raises:
        InvalidCurrencyError: for a table in another currency.
        InvalidDateError: for a ``day`` before the table's first row.
    """
    if not isinstance(given, FairMarketValues):
        return given
    if given.currency is not None and given.currency != currency:
        raise InvalidCurrencyError(field, given.currency, OTHER_CURRENCY.format(currency=currency))
    return given._row_on(day, field).value  # noqa: SLF001  (this module's own table)
