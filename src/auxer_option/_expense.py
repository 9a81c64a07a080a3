"""What a grant costs the company: its fair value booked as expense over the service period.

ASC 718 (US GAAP) and IFRS 2 book an award's grant-date fair value as compensation expense
while the holder earns it. A graded schedule is several tranches, spread in one of three
ways: one straight line for the whole award, never below the value of what has vested
(ASC 718-10-35-8's straight-line policy and its floor); each tranche over its own period
from the service start, all at once (FIN 28's graded, or accelerated, attribution: ASC
718-10-35-8's other policy, and the only method of IFRS 2 ¶15 and IG11); or each tranche
after the one before it (sequential, as some equity platforms report it).

Amounts are worked out exactly (as fractions) and only the cumulative figures are rounded
to the currency's minor unit; each period's expense is the difference of two rounded
cumulative figures, so the periods always add up to the total, to the cent.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, NamedTuple, NoReturn, Self

from auxer_option._choices import Choice, find_choice
from auxer_option._grant import OptionGrant, check_grant, vesting_timeline
from auxer_option._inputs import DAYS_PER_YEAR
from auxer_option._lattice import LatticeValuation
from auxer_option._money import (
    DEFAULT_ROUNDING,
    ESTIMATE_DIGITS,
    MINOR_UNIT_QUANTA,
    ROUNDING,
    Amount,
    Estimate,
    check_rounding_mode,
    coerce_amount,
    estimate,
    multiply,
    round_to_step,
)
from auxer_option._tables import html_table, text_columns
from auxer_option._terms import DateLike, coerce_date
from auxer_option._text import plain
from auxer_option._valuation import Valuation
from auxer_option._vesting import Shares
from auxer_option.exceptions import InvalidDateError, InvalidRateError, OptionTypeError

__all__ = [
    "ExpenseMethod",
    "ExpenseRow",
    "ExpenseTable",
    "ReportingPeriod",
    "TrancheExpense",
    "expense_schedule",
]

# The rules expense schedules are refused by, each written once here.
#: Forfeitures that are neither the word nor a rate.
NOT_FORFEITURES: Final = (
    "must be 'as_they_occur' or an estimated annual forfeiture rate from 0 to below 1 "
    "(a fraction: 0.05 for 5%)"
)
#: A fiscal year that does not start in a month of the year.
NOT_A_MONTH: Final = "must be the month the fiscal year starts, from 1 (January) to 12"
#: A report that ends before it starts: a template of ``start``.
END_BEFORE_START: Final = "must not be before start, {start}"

#: How forfeitures are booked when they happen, rather than estimated ahead.
AS_THEY_OCCUR: Final = "as_they_occur"
_AS_THEY_OCCUR_CHOICES: Final = (AS_THEY_OCCUR,)


class ExpenseMethod(Choice):
    """How a graded award's fair value is spread over its service period.

    ``STRAIGHT_LINE``: the whole award evenly from the service start to its last vesting
    date, and never less than the value of what has vested (ASC 718-10-35-8).
    ``SEQUENTIAL``: each tranche evenly from the previous tranche's vesting date (the
    service start for the first) to its own. ``ACCELERATED``: each tranche evenly from the
    service start to its own vesting date, all at once (FIN 28, graded attribution; the
    only method IFRS 2 allows). Written in lower case; read in any case.

    >>> ExpenseMethod("straight line"), ExpenseMethod("ACCELERATED")
    (ExpenseMethod.STRAIGHT_LINE, ExpenseMethod.ACCELERATED)
    """

    STRAIGHT_LINE = "straight_line"
    SEQUENTIAL = "sequential"
    ACCELERATED = "accelerated"


class ReportingPeriod(Choice):
    """The calendar periods an expense schedule reports: months, quarters or years.

    Quarters begin on 1 January, 1 April, 1 July and 1 October, and years on 1 January,
    unless the fiscal year starts in another month (``fiscal_year_start`` of
    :func:`expense_schedule`): then on its first and every third month after.

    >>> ReportingPeriod("Quarter")
    ReportingPeriod.QUARTER
    """

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


_MONTHS_IN: Final = {ReportingPeriod.MONTH: 1, ReportingPeriod.QUARTER: 3, ReportingPeriod.YEAR: 12}


class ExpenseRow(NamedTuple):
    """One reporting period: its first and last days, and the expense booked.

    ``expense`` is the period's expense (negative only when a forfeiture reverses more than
    the period books); ``cumulative`` is everything booked through ``period_end``;
    ``vested_value`` is the fair value of the shares vested by then, which ``cumulative``
    is never below.

    >>> row = ExpenseRow(dt.date(2025, 1, 1), dt.date(2025, 12, 31), Decimal("2498.29"),
    ...                  Decimal("2498.29"), Decimal("0.00"))
    >>> row.cumulative >= row.vested_value
    True
    """

    period_start: dt.date
    period_end: dt.date
    expense: Decimal
    cumulative: Decimal
    vested_value: Decimal


class TrancheExpense(NamedTuple):
    """One tranche of an expense schedule and what it booked in each period of the table.

    ``scheduled`` is the day the schedule vests it; ``service_start`` where its expense
    starts (the method's); ``vested_on`` the day it vested (``scheduled``, or an earlier
    acceleration's), or ``None``; ``forfeited_on`` the termination that forfeited it, or
    ``None``. ``expense`` has one amount for each row of the table: the tranche's own
    cumulative figures are rounded, so over the tranches they may differ from the
    table's by a cent or two in a period. Under ``STRAIGHT_LINE`` a tranche's figures are
    its share, by the shares expected to vest, of the award's.

    >>> TrancheExpense(dt.date(2026, 1, 1), 2_500, dt.date(2025, 1, 1), dt.date(2026, 1, 1),
    ...                None, (Decimal("2500.00"),)).vested_on
    datetime.date(2026, 1, 1)
    """

    scheduled: dt.date
    shares: Shares
    service_start: dt.date
    vested_on: dt.date | None
    forfeited_on: dt.date | None
    expense: tuple[Decimal, ...]


_HEADER: Final = ("Period start", "Period end", "Expense", "Cumulative", "Vested value")


class ExpenseTable(tuple[ExpenseRow, ...]):  # noqa: SLOT001  (its details sit beside the rows)
    """The rows of :func:`expense_schedule`: a tuple that also shows as a table.

    ``tranches`` holds the per-tranche detail (:class:`TrancheExpense`), ``method`` the
    :class:`ExpenseMethod` and ``currency`` the grant's currency. The table cannot be
    changed.

    >>> row = ExpenseRow(dt.date(2025, 1, 1), dt.date(2025, 12, 31), Decimal("2498.29"),
    ...                  Decimal("2498.29"), Decimal("0.00"))
    >>> print(ExpenseTable([row], (), ExpenseMethod.STRAIGHT_LINE, "USD"))
    Expense, straight line (USD)
      Period start  Period end  Expense  Cumulative  Vested value
      2025-01-01    2025-12-31  2,498.29    2,498.29          0.00
    """

    tranches: tuple[TrancheExpense, ...]
    method: ExpenseMethod
    currency: str

    def __new__(
        cls,
        rows: Any,
        tranches: tuple[TrancheExpense, ...],
        method: ExpenseMethod,
        currency: str,
    ) -> Self:
        """The table of ``rows``, with its tranches, method and currency."""
        table = super().__new__(cls, rows)
        details = vars(table)
        details["tranches"] = tuple(tranches)
        details["method"] = method
        details["currency"] = currency
        return table

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"an ExpenseTable cannot be changed: {name} is read-only")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"an ExpenseTable cannot be changed: {name} is read-only")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (tuple(self), self.tranches, self.method, self.currency))

    def _title(self) -> str:
        return f"Expense, {self.method.value.replace('_', ' ')} ({self.currency})"

    def _cells(self) -> list[tuple[str, ...]]:
        return [
            (
                f"{row.period_start}",
                f"{row.period_end}",
                plain(row.expense, grouped=True),
                plain(row.cumulative, grouped=True),
                plain(row.vested_value, grouped=True),
            )
            for row in self
        ]

    def __str__(self) -> str:
        return text_columns(self._title(), _HEADER, self._cells())

    def _repr_html_(self) -> str:
        return html_table(self._title(), self._cells(), header=_HEADER)


class _Tranche(NamedTuple):
    """A tranche as the arithmetic reads it: its dates, and its expense in full and expected."""

    scheduled: dt.date
    shares: Shares
    start: dt.date
    vested_on: dt.date | None  # the day it vests, or None
    forfeited_on: dt.date | None
    full: Fraction  # fair value x shares
    expected: Fraction  # fair value x shares expected to vest, before it vests


def _fraction_done(start: dt.date, end: dt.date, day: dt.date) -> Fraction:
    """How much of the service from ``start`` to ``end`` is done by the end of ``day``.

    The days served count ``day`` itself and stop at the whole period, ``end − start``
    days: from 1 July to 31 December is 184 days. A period of no days is done on ``end``.
    """
    whole = (end - start).days
    if whole <= 0:
        return Fraction(day >= end)
    served = min(max((day - start).days + 1, 0), whole)
    return Fraction(served, whole)


def _forfeiture_rate(value: object) -> Decimal | None:
    """``None`` for forfeitures booked as they occur, else the annual rate, checked."""
    if isinstance(value, str) and find_choice(value, _AS_THEY_OCCUR_CHOICES):
        return None
    try:
        rate = estimate(value, "forfeitures", InvalidRateError)
    except TypeError as error:
        raise OptionTypeError("forfeitures", value, NOT_FORFEITURES) from error
    except ValueError as error:
        raise InvalidRateError("forfeitures", value, NOT_FORFEITURES) from error
    if not (rate.is_finite() and 0 <= rate < 1):
        raise InvalidRateError("forfeitures", value, NOT_FORFEITURES)
    return rate


# The survival estimate's arithmetic, in a context of the library's own: an estimate, to
# 28 significant digits, rounded half-even.
_SURVIVAL: Final = ROUNDING.copy()
_SURVIVAL.prec = ESTIMATE_DIGITS


def _survival(rate: Decimal | None, start: dt.date, vests: dt.date) -> Fraction:
    """The chance a tranche vesting on ``vests`` is not forfeited: ``(1 − rate) ** years``.

    ``years`` is the time from the service start, Actual/365 Fixed (as :func:`fair_value`
    counts it), and none for a tranche that vests on or before the start.
    """
    days = (vests - start).days
    if rate is None or not rate or days <= 0:
        return Fraction(1)
    years = _SURVIVAL.divide(days, DAYS_PER_YEAR)
    return Fraction(_SURVIVAL.power(_SURVIVAL.subtract(1, rate), years))


def _fair_value(value: object) -> Decimal:
    if isinstance(value, Valuation | LatticeValuation):
        return value.value
    return coerce_amount(value, "fair_value")


def _month_number(value: object) -> int:
    """The fiscal year's first month, checked: an int from 1 (January) to 12."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise OptionTypeError("fiscal_year_start", value, NOT_A_MONTH)
    if not 1 <= value <= 12:  # noqa: PLR2004  (the months of a year)
        raise InvalidDateError("fiscal_year_start", value, NOT_A_MONTH)
    return value


def _periods(
    first: dt.date, last: dt.date, months: int, year_start: int
) -> Iterator[tuple[dt.date, dt.date]]:
    """The periods of ``months`` from the one holding ``first`` to ``last``'s.

    Periods are counted from the first of ``year_start``, the fiscal year's first month:
    each is the months' first day to the day before the next period's, cut at the ends of
    the calendar (0001-01-01 and 9999-12-31).
    """
    # Months since the start of year 0's fiscal year, then back to that period's first.
    index = first.year * 12 + first.month - year_start
    index -= index % months
    while True:
        month = index + year_start - 1  # months since January of year 0
        start = dt.date.min if month < 12 else dt.date(month // 12, month % 12 + 1, 1)  # noqa: PLR2004
        month += months
        end = (
            dt.date.max
            if month // 12 > dt.MAXYEAR
            else dt.date(month // 12, month % 12 + 1, 1) - dt.timedelta(1)
        )
        yield start, end
        if end >= last:
            return
        index += months


def expense_schedule(
    grant: OptionGrant,
    *,
    fair_value: Amount | Valuation | LatticeValuation,
    method: ExpenseMethod | str,
    period: ReportingPeriod | str = ReportingPeriod.MONTH,
    start: DateLike | None = None,
    end: DateLike | None = None,
    forfeitures: str | Estimate = AS_THEY_OCCUR,
    fiscal_year_start: int = 1,
    service_start: DateLike | None = None,
    rounding: str = DEFAULT_ROUNDING,
) -> ExpenseTable:
    """The compensation expense of ``grant`` in each calendar period, under ``method``.

    The award is ``fair_value`` (a grant-date value per share as granted: money, or a
    :class:`Valuation` or a :class:`LatticeValuation`, whose ``value`` is used: for a
    lattice, the tranches' mean weighted by their shares) times the shares as granted, in tranches
    from the grant's vesting schedule as its history changed it: an acceleration vests
    shares off the end of the schedule on its day (their remaining expense is booked
    then), and a termination forfeits the shares not yet vested. Splits change nothing.

    The service starts on ``service_start`` (default: the grant date); nothing is booked
    before the grant date, so service before it is caught up on that day. A tranche's
    expense by the end of a day is its amount × days served / days of its period: days
    served count that day and stop at its whole period (its vesting date minus its
    start), so from 1 July to 31 December is 184 days. A tranche is booked in full from
    the day it vests. See :class:`ExpenseMethod` for the methods; ``STRAIGHT_LINE`` is
    also never below the value of what has vested (the floor), which the others meet
    by construction.

    ``forfeitures="as_they_occur"`` reverses, on the termination's day, what was booked
    for the tranches it forfeits; a rate (``"0.05"``: 5% a year) books each unvested
    tranche as ``shares × (1 − rate) ** years`` from the service start to its vesting date
    (Actual/365), trued up to the shares that vest on its vesting day, and to none on a
    termination. Vested tranches are never reversed.

    Each period's ``cumulative`` is the exact amount rounded to the minor unit with
    ``rounding`` (a ``decimal`` mode; there is no exact form, since a day's share of a
    year is seldom a finite decimal), and its ``expense`` the difference of two such
    figures: the periods add up to ``fair value × shares that vest``, rounded once.

    Rows run from the period of ``start`` (default: the grant date) to that of ``end``
    (default: the day the last tranche vests or is forfeited, or ``start`` if later);
    cumulative figures count from the beginning. Quarters and years are counted from the
    first of ``fiscal_year_start`` (``7`` for a fiscal year from 1 July; default January).

    Returns:
        A tuple of :class:`ExpenseRow`, one for each period, that prints as a table; its
        ``tranches`` hold the detail (:class:`TrancheExpense`), and ``method`` and
        ``currency`` say how it was worked out.

    >>> from auxer_option import OptionGrant, VestingSchedule
    >>> grant = OptionGrant("2025-01-01", 10_000, "5", term="10 years",
    ...     vesting=VestingSchedule.graded("2025-01-01", months=48, every=12))
    >>> table = expense_schedule(grant, fair_value="1.00", method="accelerated", period="year")
    >>> [str(row.expense) for row in table]
    ['5207.91', '2707.90', '1457.91', '626.28', '0.00']

    Raises:
        AmountTypeError, InvalidAmountError: for a ``fair_value`` that is not money.
        InvalidChoiceError: for an unknown ``method``, ``period`` or ``rounding``.
        InvalidRateError, OptionTypeError: for ``forfeitures`` neither the word nor a rate
            from 0 to below 1.
        DateTypeError, InvalidDateError: for a bad date, or an ``end`` before ``start``.
        OptionTypeError, InvalidDateError: for a ``fiscal_year_start`` not from 1 to 12.
        PrecisionError: for a fair value times the shares too long to be exact.
    """
    check_grant(grant)
    value = _fair_value(fair_value)
    chosen = ExpenseMethod.coerce(method, "method")
    months = _MONTHS_IN[ReportingPeriod.coerce(period, "period")]
    year_start = _month_number(fiscal_year_start)
    rate = _forfeiture_rate(forfeitures)
    mode = check_rounding_mode(rounding, "rounding")
    granted = grant.grant_date
    begins = granted if service_start is None else coerce_date(service_start, "service_start")
    multiply(value, grant.shares, "fair_value")  # refuses an award too long to be exact
    tranches = _tranches(grant, Fraction(value), chosen, begins, rate)
    first = granted if start is None else coerce_date(start, "start")
    settled = [t.vested_on or t.forfeited_on or granted for t in tranches]
    last = max(first, granted, *settled) if end is None else coerce_date(end, "end")
    if last < first:
        raise InvalidDateError("end", end, END_BEFORE_START.format(start=first))
    quantum = MINOR_UNIT_QUANTA[grant.currency]
    places = -int(quantum.as_tuple().exponent)
    periods = list(_periods(first, last, months, year_start))
    # Cumulative amounts at the end of the day before the first period, then of each period.
    days = [periods[0][0] - dt.timedelta(1) if periods[0][0] > dt.date.min else None]
    days += [period_end for _, period_end in periods]
    curve = _Curve(tranches, Fraction(value), chosen, begins, granted)
    totals: list[int] = []
    vested: list[int] = []
    each: list[list[int]] = [[] for _ in tranches]
    before: list[Fraction | None] = [None] * len(tranches)
    for day in days:
        amounts = curve.amounts(day)
        totals.append(round_to_step(sum(amounts, Fraction(0)), quantum, mode))
        for index, (column, amount) in enumerate(zip(each, amounts, strict=True)):
            # A tranche not started or settled keeps its amount: rounded once, not each period.
            same = amount == before[index]
            column.append(column[-1] if same else round_to_step(amount, quantum, mode))
            before[index] = amount
        vested.append(round_to_step(curve.vested_value(day), quantum, mode))
    rows = [
        ExpenseRow(
            period_start,
            period_end,
            _cash(totals[k + 1] - totals[k], places),
            _cash(totals[k + 1], places),
            _cash(vested[k + 1], places),
        )
        for k, (period_start, period_end) in enumerate(periods)
    ]
    details = tuple(
        TrancheExpense(
            t.scheduled,
            t.shares,
            t.start,
            t.vested_on,
            t.forfeited_on,
            tuple(_cash(b - a, places) for a, b in itertools.pairwise(column)),
        )
        for t, column in zip(tranches, each, strict=True)
    )
    return ExpenseTable(rows, details, chosen, grant.currency)


def _cash(units: int, places: int) -> Decimal:
    """``units`` minor units, exactly: ``Decimal("-5E-2")`` is ``-0.05``, never ``-0.00``."""
    return Decimal(f"{units}E-{places}")


def _tranches(
    grant: OptionGrant,
    value: Fraction,
    method: ExpenseMethod,
    begins: dt.date,
    rate: Decimal | None,
) -> list[_Tranche]:
    """The grant's tranches after its history, with the start ``method`` gives each."""
    ended = None if grant.termination is None else grant.termination.date
    tranches: list[_Tranche] = []
    previous = begins
    before: dt.date | None = None
    for scheduled, shares, vests in vesting_timeline(grant).portions():
        if before is not None and scheduled != before:
            previous = max(begins, before)
        before = scheduled
        start = previous if method is ExpenseMethod.SEQUENTIAL else begins
        forfeited = ended if vests is None else None
        full = value * shares
        expected = full * _survival(rate, begins, scheduled)
        tranches.append(_Tranche(scheduled, shares, start, vests, forfeited, full, expected))
    return tranches


class _Curve:
    """The exact cumulative expense of each tranche by the end of any day."""

    __slots__ = ("_award_end", "_begins", "_granted", "_method", "_tranches", "_value")

    def __init__(
        self,
        tranches: list[_Tranche],
        value: Fraction,
        method: ExpenseMethod,
        begins: dt.date,
        granted: dt.date,
    ) -> None:
        self._tranches = tranches
        self._value = value
        self._method = method
        self._begins = begins
        self._granted = granted
        # The straight line runs to the last scheduled vesting date.
        self._award_end = max(t.scheduled for t in tranches)

    def _vested(self, tranche: _Tranche, day: dt.date) -> bool:
        """Whether ``tranche`` has vested by the end of ``day`` (booked from the grant date)."""
        return tranche.vested_on is not None and day >= max(tranche.vested_on, self._granted)

    def _state(self, tranche: _Tranche, day: dt.date) -> Fraction | None:
        """Its amount once settled by ``day`` (in full, or nothing), else ``None``."""
        if self._vested(tranche, day):
            return tranche.full
        if tranche.forfeited_on is not None and day >= tranche.forfeited_on:
            return Fraction(0)
        return None

    def vested_value(self, day: dt.date | None) -> Fraction:
        """The fair value of the tranches vested by the end of ``day``."""
        if day is None or day < self._granted:
            return Fraction(0)
        shares = sum(t.shares for t in self._tranches if self._vested(t, day))
        return self._value * shares

    def amounts(self, day: dt.date | None) -> list[Fraction]:
        """Each tranche's cumulative expense by the end of ``day`` (``None``: nothing yet)."""
        if day is None or day < self._granted:
            return [Fraction(0)] * len(self._tranches)
        states = [self._state(t, day) for t in self._tranches]
        if self._method is not ExpenseMethod.STRAIGHT_LINE:
            return [
                t.expected * _fraction_done(t.start, t.scheduled, day) if state is None else state
                for t, state in zip(self._tranches, states, strict=True)
            ]
        # One line for the award: the shares expected to vest, times the service done, and
        # never below what has vested; shared out over the tranches by their expected value.
        expected = [
            t.expected if state is None else state
            for t, state in zip(self._tranches, states, strict=True)
        ]
        whole = sum(expected, Fraction(0))
        if not whole:
            return expected
        vested = self.vested_value(day)
        done = _fraction_done(self._begins, self._award_end, day)
        award = max(whole * done, vested)
        return [amount * award / whole for amount in expected]
