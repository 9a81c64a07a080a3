"""Compensation expense by period: the three attribution methods, and forfeitures (``_expense``)."""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
import pickle
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option import (
    AUXER_1999,
    ExpenseMethod,
    ExpenseRow,
    OptionGrant,
    ReportingPeriod,
    TrancheExpense,
    VestingSchedule,
    accelerate,
    adjust_for_split,
    black_scholes,
    expense_schedule,
    fair_value,
    terminate,
    vesting_table,
)
from auxer_option._choices import one_of
from auxer_option._expense import END_BEFORE_START, NOT_A_MONTH, NOT_FORFEITURES, ExpenseTable
from auxer_option._grant import NOT_A_GRANT
from auxer_option._money import (
    FLOAT_AMOUNT,
    MINOR_UNIT_QUANTA,
    MUST_NOT_BE_NEGATIVE,
    round_to_step,
    rounding_mode_rule,
)
from auxer_option._vesting import Vesting
from auxer_option.exceptions import (
    AmountTypeError,
    DateTypeError,
    InvalidAmountError,
    InvalidChoiceError,
    InvalidDateError,
    InvalidRateError,
    OptionTypeError,
    PrecisionError,
)

from .grants import FRACTIONAL_18
from .messages import RESULT_TOO_LONG, message, refused
from .strategies import vesting_grants

#: The issue's worked grant: 10,000 options, 2,500 vesting on each of the four anniversaries
#: of the grant date, 1 January 2025. The years have 365, 365, 365 and 366 days (2028 is a
#: leap year): 1,461 days in all.
FOUR_YEARS = OptionGrant(
    "2025-01-01",
    10_000,
    "5",
    term="10 years",
    vesting=VestingSchedule.graded("2025-01-01", months=48, every=12),
)
#: Three annual tranches of 1,000 from 1 January 2021: whole years of 365 days each.
THREE_YEARS = OptionGrant(
    "2021-01-01",
    3_000,
    "5",
    term="10 years",
    vesting=VestingSchedule.graded("2021-01-01", months=36, every=12),
)
METHODS = list(ExpenseMethod)
PERIODS = list(ReportingPeriod)


def cents(amount: Fraction) -> Decimal:
    """``amount`` rounded half up to the cent: the hand computations' one rounding."""
    return Decimal(f"{round_to_step(amount, Decimal('0.01'), decimal.ROUND_HALF_UP)}E-2")


#: Exact arithmetic for the tests' own sums: the suite runs under a hostile decimal context.
EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def total(amounts: list[Decimal] | tuple[Decimal, ...]) -> Decimal:
    """The exact sum of ``amounts``."""
    result = Decimal(0)
    for amount in amounts:
        result = EXACT.add(result, amount)
    return result


def expenses(table: ExpenseTable) -> list[Decimal]:
    return [row.expense for row in table]


def cumulative(table: ExpenseTable) -> list[Decimal]:
    return [row.cumulative for row in table]


def d(text: str) -> Decimal:
    return Decimal(text)


class TestMessages:
    """Each rule of this module, word for word, once: other tests check which rule it is."""

    def test_not_forfeitures(self) -> None:
        """Forfeitures that are neither the word nor a rate."""
        text = message(
            lambda: expense_schedule(
                FOUR_YEARS, fair_value=1, method="accelerated", forfeitures="often"
            ),
            NOT_FORFEITURES,
        )
        assert text == (
            "forfeitures='often': must be 'as_they_occur' or an estimated annual forfeiture "
            "rate from 0 to below 1 (a fraction: 0.05 for 5%)"
        )

    def test_not_a_month(self) -> None:
        """A fiscal year that starts in no month."""
        text = message(
            lambda: expense_schedule(
                FOUR_YEARS, fair_value=1, method="accelerated", fiscal_year_start=13
            ),
            NOT_A_MONTH,
        )
        assert text == (
            "fiscal_year_start=13: must be the month the fiscal year starts, from 1 (January) to 12"
        )

    def test_end_before_start(self) -> None:
        """A report that ends before it starts."""
        rule = END_BEFORE_START.format(start="2026-01-01")
        text = message(
            lambda: expense_schedule(
                FOUR_YEARS,
                fair_value=1,
                method="accelerated",
                start="2026-01-01",
                end="2025-12-31",
            ),
            rule,
        )
        assert text == "end='2025-12-31': must not be before start, 2026-01-01"


class TestStraightLine:
    """The whole award evenly over 1 January 2025 to 1 January 2029, 1,461 days."""

    def test_by_year(self) -> None:
        """Each year's days of 1,461 of $10,000; the last takes the rounding."""
        table = expense_schedule(
            FOUR_YEARS, fair_value="1.00", method="straight_line", period="year"
        )
        # 2025: 10,000 x 365/1,461 = 2,498.2888... -> 2,498.29; 2026: x 730/1,461 =
        # 4,996.5776... -> 4,996.58; 2027: x 1,095/1,461 = 7,494.8665... -> 7,494.87;
        # 2028: x 1,461/1,461 = 10,000. 2029 books nothing: 2,500 vest on 1 January.
        assert cumulative(table) == [d("2498.29"), d("4996.58"), d("7494.87"), 10_000, 10_000]
        assert expenses(table) == [d("2498.29"), d("2498.29"), d("2498.29"), d("2505.13"), 0]
        assert [row.vested_value for row in table] == [0, 2500, 5000, 7500, 10000]

    def test_by_quarter(self) -> None:
        """Each quarter's days: 90, 91, 92, 92 in 2025."""
        table = expense_schedule(
            FOUR_YEARS, fair_value="1.00", method="straight_line", period="quarter"
        )
        assert len(table) == 17  # 16 quarters, and the first of 2029, when the last vest
        # Through 31 March, 30 June, 30 September, 31 December 2025: 90, 181, 273, 365 days.
        assert cumulative(table)[:4] == [
            cents(Fraction(10_000 * days, 1461)) for days in (90, 181, 273, 365)
        ]
        assert cumulative(table)[:4] == [d("616.02"), d("1238.88"), d("1868.58"), d("2498.29")]
        assert total(expenses(table)) == d("10000.00")

    def test_by_month(self) -> None:
        """January 2025 is 31 of 1,461 days: 212.18."""
        table = expense_schedule(FOUR_YEARS, fair_value="1.00", method="straight_line")
        assert len(table) == 49
        assert table[0].expense == cents(Fraction(10_000 * 31, 1461)) == d("212.18")
        assert total(expenses(table)) == d("10000.00")

    def test_the_floor(self) -> None:
        """Front-loaded tranches: on the first vesting date the vested value is booked."""
        grant = OptionGrant(
            "2025-01-01",
            10_000,
            "5",
            term="10 years",
            vesting=VestingSchedule.tranches(
                [
                    ("2026-01-01", 4_000),
                    ("2027-01-01", 3_000),
                    ("2028-01-01", 2_000),
                    ("2029-01-01", 1_000),
                ]
            ),
        )
        table = expense_schedule(grant, fair_value="1.00", method="straight_line", period="year")
        # At the ends of the years the line is above what has vested: 2,498.29 (365/1,461
        # of 10,000) against nothing, 4,996.58 against 4,000, 7,494.87 against 7,000.
        assert cumulative(table) == [d("2498.29"), d("4996.58"), d("7494.87"), 10000, 10000]
        # But on 31 January 2026 it is 10,000 x 396/1,461 = 2,710.47, and 4,000 have vested.
        assert cents(Fraction(10_000 * 396, 1461)) == d("2710.47")
        month = expense_schedule(
            grant, fair_value="1.00", method="straight_line", start="2026-01-01", end="2026-01-31"
        )
        assert month[0].cumulative == month[0].vested_value == 4000


class TestSequential:
    """Each tranche over the year before it vests."""

    @pytest.mark.parametrize("period", PERIODS)
    def test_each_year_books_its_tranche(self, period: ReportingPeriod) -> None:
        """$2,500 a year, however the years are cut."""
        table = expense_schedule(FOUR_YEARS, fair_value="1.00", method="sequential", period=period)
        by_year: defaultdict[int, Decimal] = defaultdict(Decimal)
        for row in table:
            by_year[row.period_start.year] = EXACT.add(by_year[row.period_start.year], row.expense)
        assert dict(by_year) == {2025: 2500, 2026: 2500, 2027: 2500, 2028: 2500, 2029: 0}

    def test_by_quarter(self) -> None:
        """The first quarter is 90 of 2025's 365 days of $2,500; 2028's first, 91 of 366."""
        table = expense_schedule(
            FOUR_YEARS, fair_value="1.00", method="sequential", period="quarter"
        )
        assert table[0].expense == cents(Fraction(2_500 * 90, 365)) == d("616.44")
        assert table[12].cumulative == cents(7500 + Fraction(2_500 * 91, 366)) == d("8121.58")


class TestAccelerated:
    """FIN 28: every tranche from 1 January 2025 to its own vesting date, at once."""

    def test_by_year(self) -> None:
        """2025 books a whole year of each: 2,500 x 365/365, 365/730, 365/1,095, 365/1,461."""
        table = expense_schedule(FOUR_YEARS, fair_value="1.00", method="accelerated", period="year")
        first = Fraction(2_500) * (1 + Fraction(1, 2) + Fraction(1, 3) + Fraction(365, 1461))
        # 2,500 + 1,250 + 833.33 + 624.57 = 5,207.9055 -> 5,207.91
        assert table[0].cumulative == cents(first) == d("5207.91")
        # 2026: two tranches in full, 730/1,095 and 730/1,461 of the others: 7,915.81.
        second = 5_000 + Fraction(2_500 * 730, 1095) + Fraction(2_500 * 730, 1461)
        assert table[1].cumulative == cents(second) == d("7915.81")
        assert expenses(table) == [d("5207.91"), d("2707.90"), d("1457.91"), d("626.28"), 0]

    def test_by_quarter(self) -> None:
        """The first quarter: 90 days of each tranche's 365, 730, 1,095 and 1,461."""
        table = expense_schedule(
            FOUR_YEARS, fair_value="1.00", method="accelerated", period="quarter"
        )
        quarter = sum((Fraction(2_500 * 90, days) for days in (365, 730, 1095, 1461)), Fraction(0))
        assert table[0].expense == cents(quarter) == d("1284.14")
        assert total(expenses(table)) == 10_000

    def test_front_loaded(self) -> None:
        """Each month, accelerated has booked at least what the straight line has."""
        graded = expense_schedule(FOUR_YEARS, fair_value="1.00", method="accelerated")
        line = expense_schedule(FOUR_YEARS, fair_value="1.00", method="straight_line")
        assert all(g.cumulative >= s.cumulative for g, s in zip(graded, line, strict=True))

    def test_tranches(self) -> None:
        """The detail: each tranche's own expense, its dates, and its start."""
        table = expense_schedule(FOUR_YEARS, fair_value="1.00", method="accelerated", period="year")
        assert [t.scheduled.year for t in table.tranches] == [2026, 2027, 2028, 2029]
        assert {t.service_start for t in table.tranches} == {dt.date(2025, 1, 1)}
        assert table.tranches[1].expense == tuple(map(Decimal, (1250, 1250, 0, 0, 0)))
        assert all(total(t.expense) == 2500 for t in table.tranches)

    def test_sequential_starts(self) -> None:
        """Under sequential, each tranche starts when the one before vests."""
        table = expense_schedule(FOUR_YEARS, fair_value="1.00", method="sequential", period="year")
        starts = [t.service_start.year for t in table.tranches]
        assert starts == [2025, 2026, 2027, 2028]


class TestFiscalYears:
    """Quarters and years counted from the fiscal year's first month."""

    def test_from_july(self) -> None:
        """A fiscal year from 1 July: 2025's ends on 30 June 2025, 181 days in."""
        table = expense_schedule(
            FOUR_YEARS, fair_value=1, method="accelerated", period="year", fiscal_year_start=7
        )
        assert [(row.period_start, row.period_end) for row in table[:2]] == [
            (dt.date(2024, 7, 1), dt.date(2025, 6, 30)),
            (dt.date(2025, 7, 1), dt.date(2026, 6, 30)),
        ]
        # 181 days of each tranche: 2,500 x 181 x (1/365 + 1/730 + 1/1,095 + 1/1,461).
        first = sum((Fraction(2_500 * 181, days) for days in (365, 730, 1095, 1461)), Fraction(0))
        assert table[0].cumulative == cents(first) == d("2582.55")
        assert table[-1].period_start == dt.date(2028, 7, 1)

    def test_quarters_follow(self) -> None:
        """Fiscal quarters begin in the fiscal year's first month and every third after."""
        table = expense_schedule(
            FOUR_YEARS, fair_value=1, method="sequential", period="quarter", fiscal_year_start=2
        )
        assert [row.period_start.month for row in table[:5]] == [11, 2, 5, 8, 11]

    @given(
        vesting_grants(max_events=2),
        st.sampled_from(METHODS),
        st.sampled_from(PERIODS),
        st.integers(1, 12),
    )
    def test_figures_do_not_depend_on_the_grid(
        self, grant: OptionGrant, method: ExpenseMethod, period: ReportingPeriod, month: int
    ) -> None:
        """Each period's cumulative figure is the month's that ends on the same day."""
        table = expense_schedule(
            grant, fair_value="0.37", method=method, period=period, fiscal_year_start=month
        )
        months = expense_schedule(
            grant,
            fair_value="0.37",
            method=method,
            start=table[0].period_start,
            end=table[-1].period_end,
        )
        by_end = {row.period_end: row for row in months}
        for row in table:
            assert by_end[row.period_end][3:] == row[3:]

    @pytest.mark.parametrize(
        ("month", "cls"),
        [
            (0, InvalidDateError),
            (13, InvalidDateError),
            ("7", OptionTypeError),
            (True, OptionTypeError),
        ],
    )
    def test_refused(self, month: object, cls: type) -> None:
        """Only a month from 1 to 12."""
        with pytest.raises(cls) as raised:
            expense_schedule(
                FOUR_YEARS,
                fair_value=1,
                method="accelerated",
                fiscal_year_start=month,  # type: ignore[arg-type]
            )
        refused(raised, cls=cls, field="fiscal_year_start", rule=NOT_A_MONTH, value=month)


class TestServiceDays:
    """Days served count the day itself, up to the tranche's whole period."""

    def test_184_days(self) -> None:
        """1 July to 31 December is 184 days of 365: 3,650 shares at $1 book 1,840.00."""
        grant = OptionGrant(
            "2025-07-01",
            3_650,
            "5",
            term="10 years",
            vesting=VestingSchedule.tranches([("2026-07-01", 3_650)]),
        )
        for method in METHODS:
            table = expense_schedule(grant, fair_value=1, method=method, period="quarter")
            assert [row.expense for row in table[:2]] == [920, 920]  # 92 days each
            half = expense_schedule(grant, fair_value=1, method=method, period="year")
            # 2026 holds the other 181 days, 1 January to 30 June: 184 + 181 = 365.
            assert expenses(half) == [1840, 1810]

    def test_capped_at_the_whole_period(self) -> None:
        """The day before vesting completes the period; the vesting day adds nothing."""
        grant = OptionGrant(
            "2025-07-01",
            365,
            "5",
            term="10 years",
            vesting=VestingSchedule.tranches([("2026-07-01", 365)]),
        )
        table = expense_schedule(
            grant, fair_value=1, method="accelerated", start="2026-06-01", end="2026-07-31"
        )
        assert [(row.expense, row.cumulative) for row in table] == [
            (Decimal(30), Decimal(365)),
            (Decimal(0), Decimal(365)),
        ]

    def test_vesting_at_once(self) -> None:
        """A grant that vests on its grant date is booked in full on that day."""
        for method in METHODS:
            table = expense_schedule(AUXER_1999, fair_value="0.02", method=method)
            assert list(table) == [
                ExpenseRow(
                    dt.date(1999, 7, 1),
                    dt.date(1999, 7, 31),
                    d("20000.00"),
                    d("20000.00"),
                    d("20000.00"),
                )
            ]

    def test_service_before_the_grant(self) -> None:
        """Service from an earlier vesting start is caught up on the grant date."""
        grant = OptionGrant(
            "2025-04-01",
            3_650,
            "5",
            term="10 years",
            vesting=VestingSchedule.tranches([("2026-01-01", 3_650)]),
        )
        table = expense_schedule(
            grant, fair_value=1, method="accelerated", service_start="2025-01-01"
        )
        # 2025-04-01 is day 91 of 365: 3,650 x 91/365 = 910 on the grant date, then a day's 10.
        assert [row.period_start.month for row in table[:2]] == [4, 5]
        assert table[0].expense == 910 + 29 * 10

    def test_reporting_before_the_grant(self) -> None:
        """Periods before the grant book nothing."""
        table = expense_schedule(
            FOUR_YEARS, fair_value=1, method="sequential", start="2024-11-15", end="2025-01-15"
        )
        assert [(row.period_start, row.expense) for row in table[:2]] == [
            (dt.date(2024, 11, 1), Decimal(0)),
            (dt.date(2024, 12, 1), Decimal(0)),
        ]


class TestOneDay:
    """A tranche whose service is one day long: served in full by the end of that day."""

    #: 1,000 shares vesting on 1 February and 1,000 on 1 March 2025, granted 1 January.
    GRANT = OptionGrant(
        "2025-01-01",
        2_000,
        "5",
        term="10 years",
        vesting=VestingSchedule.graded("2025-01-01", months=2, every=1),
    )

    def january(self, **keywords: object) -> ExpenseRow:
        """January's row, the service starting on its last day, 31 January."""
        table = expense_schedule(
            self.GRANT,
            fair_value="1.00",
            method="accelerated",
            service_start="2025-01-31",
            end="2025-01-31",
            **keywords,  # type: ignore[arg-type]
        )
        return table[0]

    def test_served_by_the_end_of_its_day(self) -> None:
        """The first tranche is all booked on 31 January; the second has 1 of its 29 days."""
        assert self.january().cumulative == cents(1_000 + Fraction(1_000, 29))

    def test_its_survival_is_a_days(self) -> None:
        """At a 50% rate, the first tranche is expected to survive one day: 0.5 ** (1/365)."""
        row = self.january(forfeitures="0.5")
        assert row.cumulative == Decimal("1030.74")


class TestForfeitures:
    """A termination reverses what was booked for what it forfeits, and nothing else."""

    LEFT = terminate(FOUR_YEARS, "2026-06-30", "VOLUNTARY_OTHER")

    def test_as_they_occur(self) -> None:
        """Leaving mid-2026 keeps the first tranche's 2,500 and reverses the rest."""
        table = expense_schedule(self.LEFT, fair_value="1.00", method="accelerated", period="year")
        # 2025 booked 5,207.91 (as without the termination); by the end of 2026 only the
        # 2,500 vested on 1 January 2026 stay: 2026's expense is 2,500 - 5,207.91.
        assert expenses(table) == [d("5207.91"), d("-2707.91")]
        assert table[-1].cumulative == table[-1].vested_value == 2500

    def test_in_the_month_of_the_termination(self) -> None:
        """The reversal falls in June 2026, the termination's month."""
        table = expense_schedule(self.LEFT, fair_value="1.00", method="sequential")
        assert table[-1].period_start == dt.date(2026, 6, 1)
        assert table[-1].expense < 0 < table[-2].expense
        # Sequential: tranche 2 had booked 1 January to 31 May 2026, 151 of 365 days.
        assert table[-1].expense.copy_negate() == cents(Fraction(2_500 * 151, 365))
        assert [t.forfeited_on for t in table.tranches] == [None] + [dt.date(2026, 6, 30)] * 3

    def test_estimated_rate(self) -> None:
        """10% a year: 900, 810 and 729 of 1,000 expected to vest, trued up on vesting."""
        table = expense_schedule(
            THREE_YEARS, fair_value=1, method="accelerated", period="year", forfeitures="0.1"
        )
        # 2021: 900 + 810 x 1/2 + 729 x 1/3 = 1,548; 2022: 1,000 (vested) + 810 + 729 x 2/3;
        # 2023: 1,000 + 1,000 + 729; 2024: every tranche vested, 3,000.
        assert cumulative(table) == [1548, 2296, 2729, 3000]

    def test_estimated_rate_straight_line(self) -> None:
        """The line is the expected shares times the service done, trued up at each vesting."""
        table = expense_schedule(
            THREE_YEARS, fair_value=1, method="straight_line", period="year", forfeitures="0.1"
        )
        # 2021: (900 + 810 + 729) x 365/1,095 = 813; 2022: (1,000 + 810 + 729) x 730/1,095
        # = 1,692.67; 2023: 1,000 + 1,000 + 729 = 2,729; 2024: 3,000.
        assert cumulative(table) == [813, d("1692.67"), 2729, 3000]

    def test_estimated_rate_at_termination(self) -> None:
        """A termination trues the estimate up to what vested."""
        left = terminate(THREE_YEARS, "2022-06-30", "VOLUNTARY_OTHER")
        for method in METHODS:
            table = expense_schedule(
                left, fair_value=1, method=method, period="year", forfeitures=Decimal("0.1")
            )
            assert table[-1].cumulative == table[-1].vested_value == 1000

    def test_no_rate(self) -> None:
        """A rate of zero is booking as they occur, until one occurs."""
        for method in METHODS:
            assert expense_schedule(
                FOUR_YEARS, fair_value=1, method=method, forfeitures=0
            ) == expense_schedule(FOUR_YEARS, fair_value=1, method=method)

    def test_the_words(self) -> None:
        """'as_they_occur' is read as every choice is."""
        table = expense_schedule(
            self.LEFT, fair_value=1, method="accelerated", forfeitures="As they occur"
        )
        assert table == expense_schedule(self.LEFT, fair_value=1, method="accelerated")


class TestAccelerations:
    """Shares vested early are booked in full on their day; what was booked stays."""

    SPED = accelerate(FOUR_YEARS, "2026-06-30", 2_500)

    def test_accelerated(self) -> None:
        """The last tranche vests on 30 June 2026: its rest is booked then."""
        table = expense_schedule(self.SPED, fair_value="1.00", method="accelerated", period="year")
        # 2025 as before; 2026: tranches 1, 2 and 4 in full, tranche 3 730/1,095.
        assert table[0].cumulative == d("5207.91")
        assert table[1].cumulative == cents(7500 + Fraction(2_500 * 730, 1095)) == d("9166.67")
        assert [t.vested_on for t in table.tranches][-1] == dt.date(2026, 6, 30)
        assert table[-1].period_start == dt.date(2028, 1, 1)  # tranche 3 vests on 1 January

    def test_straight_line(self) -> None:
        """The floor books the accelerated shares: 5,000 have vested by 30 June 2026."""
        table = expense_schedule(
            self.SPED,
            fair_value="1.00",
            method="straight_line",
            start="2026-06-01",
            end="2026-06-30",
        )
        # The line: 10,000 x 546/1,461 (1 January 2025 to 30 June 2026) = 3,737.17; vested:
        # the first 2,500 on 1 January 2026, and the last 2,500 on 30 June.
        assert cents(Fraction(10_000 * 546, 1461)) == d("3737.17")
        assert table[0].cumulative == table[0].vested_value == 5000


class TestSplitGrants:
    """A split after the grant changes neither the award nor its expense."""

    SPLIT = adjust_for_split(FOUR_YEARS, "2:1", on="2026-06-30")

    def test_valued_on_the_grant_date_as_granted(self) -> None:
        """The grant-date fair value of a grant split later is the value a share as
        granted, so the schedule is the unsplit grant's, to the cent."""
        granted = FOUR_YEARS.grant_date
        market = {"spot": "5", "volatility": "0.4", "risk_free_rate": "0.04"}
        unsplit = fair_value(FOUR_YEARS, on=granted, **market)
        valuation = fair_value(self.SPLIT, on=granted, **market)
        assert valuation == unsplit
        for method in ExpenseMethod:
            table = expense_schedule(self.SPLIT, fair_value=valuation, method=method, period="year")
            assert table == expense_schedule(
                FOUR_YEARS, fair_value=unsplit, method=method, period="year"
            )
            assert (
                table.tranches
                == expense_schedule(
                    FOUR_YEARS, fair_value=unsplit, method=method, period="year"
                ).tranches
            )
            assert table[-1].cumulative == in_cash(Fraction(unsplit.value) * 10_000, "USD")


def total_vested(grant: OptionGrant) -> Fraction:
    rows = vesting_table(grant)
    return Fraction(rows[-1].cumulative) if rows else Fraction(0)


def in_cash(amount: Fraction, currency: str) -> Decimal:
    quantum = MINOR_UNIT_QUANTA[currency]
    units = round_to_step(amount, quantum, decimal.ROUND_HALF_UP)
    return Decimal(f"{units}E{quantum.as_tuple().exponent}")


fair_values = st.decimals(min_value=0, max_value=1000, places=4)


class TestProperties:
    """The laws every schedule keeps, for any grant and history."""

    @given(
        vesting_grants(),
        fair_values,
        st.sampled_from(METHODS),
        st.sampled_from(PERIODS),
        st.sampled_from(["as_they_occur", "0.05", "0.5"]),
    )
    @example(FOUR_YEARS, Decimal("1.00"), ExpenseMethod.STRAIGHT_LINE, ReportingPeriod.YEAR, "0.05")
    @example(
        FRACTIONAL_18, Decimal("0.333"), ExpenseMethod.ACCELERATED, ReportingPeriod.MONTH, "0.5"
    )
    @example(
        accelerate(terminate(FOUR_YEARS, "2026-03-31", "VOLUNTARY_OTHER"), "2026-03-31", 1_000),
        Decimal("1.2345"),
        ExpenseMethod.STRAIGHT_LINE,
        ReportingPeriod.QUARTER,
        "as_they_occur",
    )
    @example(AUXER_1999, Decimal("0.0264"), ExpenseMethod.SEQUENTIAL, ReportingPeriod.YEAR, "0.05")
    def test_laws(
        self,
        grant: OptionGrant,
        value: Decimal,
        method: ExpenseMethod,
        period: ReportingPeriod,
        forfeitures: str,
    ) -> None:
        """Sums, the floor, no negative period without a forfeiture, the tranches' totals."""
        table = expense_schedule(
            grant, fair_value=value, method=method, period=period, forfeitures=forfeitures
        )
        # The periods add up to the fair value of the shares that vest, rounded once.
        final = in_cash(Fraction(value) * total_vested(grant), grant.currency)
        assert total(expenses(table)) == table[-1].cumulative == final
        assert table[-1].vested_value == final
        # Cumulative expense is never below the value of what has vested.
        assert all(row.cumulative >= row.vested_value for row in table)
        # Without a termination, no period is negative.
        if grant.termination is None:
            assert all(row.expense >= 0 for row in table)
        else:  # from the termination on, only the vested value is left
            ended = [row for row in table if row.period_end >= grant.termination.date]
            assert all(row.cumulative == row.vested_value for row in ended)
        # The periods follow one another, each a whole calendar period.
        for before, after in itertools.pairwise(table):
            assert after.period_start == before.period_end + dt.timedelta(1)
        # Each tranche books its full value if it vests, else nothing.
        for tranche in table.tranches:
            full = in_cash(Fraction(value) * Fraction(tranche.shares), grant.currency)
            assert total(tranche.expense) == (full if tranche.vested_on else 0)
            assert (tranche.vested_on is None) == (tranche.forfeited_on is not None)

    @given(vesting_grants())
    def test_tranches_are_the_vesting_table(self, grant: OptionGrant) -> None:
        """The tranches, by the day they vest, are the grant's vesting table."""
        table = expense_schedule(grant, fair_value=1, method="sequential", period="year")
        by_day: defaultdict[dt.date, Fraction] = defaultdict(Fraction)
        for tranche in table.tranches:
            if tranche.vested_on is not None:
                by_day[tranche.vested_on] += tranche.shares
        assert [(day, shares) for day, shares in sorted(by_day.items())] == [
            (row.date, row.shares) for row in vesting_table(grant)
        ]
        assert sum(t.shares for t in table.tranches) == grant.shares

    @given(vesting_grants(max_events=0), fair_values)
    def test_methods_agree_in_total(self, grant: OptionGrant, value: Decimal) -> None:
        """Every method books the same in the end, and accelerated is never behind the line."""
        tables = {
            method: expense_schedule(grant, fair_value=value, method=method, period="quarter")
            for method in METHODS
        }
        assert len({table[-1].cumulative for table in tables.values()}) == 1
        line, graded = tables[ExpenseMethod.STRAIGHT_LINE], tables[ExpenseMethod.ACCELERATED]
        assert all(g.cumulative >= s.cumulative for g, s in zip(graded, line, strict=True))


class TestInputs:
    """What the fair value, the choices and the dates may be."""

    def test_valuation(self) -> None:
        """A Valuation's value a share is the fair value."""
        valuation = black_scholes(
            spot=5, strike=5, years=6, volatility="0.5", risk_free_rate="0.04"
        )
        table = expense_schedule(FOUR_YEARS, fair_value=valuation, method="accelerated")
        assert table[-1].cumulative == in_cash(Fraction(valuation.value) * 10_000, "USD")

    def test_lattice_valuation(self) -> None:
        """A lattice's value a share (its tranches' weighted mean) is the fair value."""
        lattice = fair_value(
            FOUR_YEARS,
            on=FOUR_YEARS.grant_date,
            spot=5,
            volatility="0.45",
            risk_free_rate="0.04",
            model="lattice",
            exit_rate="0.08",
            exercise_multiple="2.5",
            steps_per_year=12,
        )
        by_lattice = expense_schedule(FOUR_YEARS, fair_value=lattice, method="sequential")
        assert by_lattice == expense_schedule(
            FOUR_YEARS, fair_value=lattice.value, method="sequential"
        )

    def test_currency_minor_unit(self) -> None:
        """Yen have no minor unit: whole yen."""
        grant = OptionGrant(
            "2025-01-01",
            10_000,
            "500",
            currency="JPY",
            term="10 years",
            vesting=VestingSchedule.graded("2025-01-01", months=48, every=12),
        )
        table = expense_schedule(grant, fair_value=100, method="straight_line", period="year")
        assert cumulative(table)[:3] == [249_829, 499_658, 749_487]

    def test_rounding(self) -> None:
        """Rounding down gives cumulative figures rounded down."""
        table = expense_schedule(
            FOUR_YEARS, fair_value=1, method="straight_line", period="year", rounding="round-down"
        )
        assert cumulative(table)[:3] == [d("2498.28"), d("4996.57"), d("7494.86")]

    def test_period_of_the_end(self) -> None:
        """The last row is the period that holds ``end``."""
        table = expense_schedule(FOUR_YEARS, fair_value=1, method="accelerated", end="2025-02-10")
        assert [row.period_end for row in table] == [dt.date(2025, 1, 31), dt.date(2025, 2, 28)]

    def test_the_end_of_the_calendar(self) -> None:
        """Periods up to 9999-12-31, and from 0001-01-01."""
        table = expense_schedule(
            FOUR_YEARS,
            fair_value=1,
            method="accelerated",
            period="year",
            start=dt.date.min,
            end=dt.date.min,
        )
        assert table[0].cumulative == 0
        late = OptionGrant("9999-01-01", 10, "1", expiration_date="9999-12-31")
        table = expense_schedule(late, fair_value=1, method="sequential", period="quarter")
        assert table[-1].period_end == dt.date(9999, 3, 31)
        table = expense_schedule(
            late, fair_value=1, method="sequential", end="9999-12-31", period="year"
        )
        assert table[-1].period_end == dt.date.max

    @pytest.mark.parametrize(
        ("keywords", "cls", "field", "rule"),
        [
            ({"fair_value": 1.0}, AmountTypeError, "fair_value", FLOAT_AMOUNT),
            ({"fair_value": "-1"}, InvalidAmountError, "fair_value", MUST_NOT_BE_NEGATIVE),
            (
                {"method": "fifo"},
                InvalidChoiceError,
                "method",
                one_of(ExpenseMethod),
            ),
            ({"period": "week"}, InvalidChoiceError, "period", one_of(ReportingPeriod)),
            ({"forfeitures": "1"}, InvalidRateError, "forfeitures", NOT_FORFEITURES),
            ({"forfeitures": -0.01}, InvalidRateError, "forfeitures", NOT_FORFEITURES),
            ({"forfeitures": "NaN"}, InvalidRateError, "forfeitures", NOT_FORFEITURES),
            ({"forfeitures": None}, OptionTypeError, "forfeitures", NOT_FORFEITURES),
            ({"forfeitures": True}, OptionTypeError, "forfeitures", NOT_FORFEITURES),
            (  # a fraction too long to read, refused as any rate that is no rate
                {"forfeitures": Fraction(1, 10**1200)},
                InvalidRateError,
                "forfeitures",
                NOT_FORFEITURES,
            ),
            ({"rounding": "nearest"}, InvalidChoiceError, "rounding", rounding_mode_rule()),
        ],
    )
    def test_refused(self, keywords: dict[str, object], cls: type, field: str, rule: str) -> None:
        """Each bad input names its field and rule."""
        given = {"fair_value": 1, "method": "accelerated", **keywords}
        with pytest.raises(cls) as raised:
            expense_schedule(FOUR_YEARS, **given)  # type: ignore[arg-type]
        refused(raised, cls=cls, field=field, rule=rule, value=keywords[field])

    @pytest.mark.parametrize("field", ["start", "end", "service_start"])
    def test_dates(self, field: str) -> None:
        """A datetime with a time of day is no date."""
        with pytest.raises(DateTypeError) as raised:
            expense_schedule(
                FOUR_YEARS,
                fair_value=1,
                method="accelerated",
                **{field: dt.datetime(2025, 1, 1, 12)},  # type: ignore[arg-type]
            )
        assert raised.value.field == field

    def test_end_before_start(self) -> None:
        """A report cannot end before it starts."""
        with pytest.raises(InvalidDateError) as raised:
            expense_schedule(FOUR_YEARS, fair_value=1, method="sequential", end="2024-12-31")
        refused(raised, field="end", rule=END_BEFORE_START.format(start="2025-01-01"))

    def test_vested_before_the_grant_booked_on_its_day(self) -> None:
        """Shares vested before the grant are booked on the grant date, whatever the start."""
        grant = OptionGrant(
            "2025-01-31",
            1_200,
            "5",
            term="10 years",
            vesting=VestingSchedule.graded("2023-01-31", months=12, every=1),
        )
        table = expense_schedule(
            grant, fair_value="10.00", method="straight_line", start="2024-11-01"
        )
        assert [(row.period_end, row.expense, row.vested_value) for row in table] == [
            (dt.date(2024, 11, 30), Decimal("0.00"), Decimal("0.00")),
            (dt.date(2024, 12, 31), Decimal("0.00"), Decimal("0.00")),
            (dt.date(2025, 1, 31), Decimal("12000.00"), Decimal("12000.00")),
        ]

    def test_the_beginning_of_the_calendar(self) -> None:
        """A fiscal year that began before 0001-01-01 starts on the calendar's first day."""
        grant = OptionGrant(
            "0001-03-01",
            1_000,
            "5",
            expiration_date="0011-03-01",
            vesting=VestingSchedule.graded("0001-03-01", months=12, every=12),
        )
        table = expense_schedule(
            grant, fair_value=1, method="sequential", period="year", fiscal_year_start=7
        )
        assert [(row.period_start, row.period_end) for row in table] == [
            (dt.date.min, dt.date(1, 6, 30)),
            (dt.date(1, 7, 1), dt.date(2, 6, 30)),
        ]

    def test_start_after_everything(self) -> None:
        """A start after the last vesting is one period, with everything booked."""
        table = expense_schedule(FOUR_YEARS, fair_value=1, method="sequential", start="2031-05-05")
        assert [(row.period_start, row.expense, row.cumulative) for row in table] == [
            (dt.date(2031, 5, 1), Decimal(0), Decimal("10000.00"))
        ]

    def test_too_long_to_be_exact(self) -> None:
        """A fair value whose product with the shares needs more than 50 digits is refused."""
        with pytest.raises(PrecisionError) as raised:
            expense_schedule(THREE_YEARS, fair_value="9" * 50, method="sequential")
        refused(raised, field="fair_value", rule=RESULT_TOO_LONG)

    def test_not_a_grant(self) -> None:
        """Only a grant has an expense."""
        with pytest.raises(OptionTypeError) as raised:
            expense_schedule("grant", fair_value=1, method="sequential")  # type: ignore[arg-type]
        refused(raised, field="grant", rule=NOT_A_GRANT)


class TestTable:
    """The table shows itself, pickles, and cannot be changed."""

    TABLE = expense_schedule(FOUR_YEARS, fair_value="1.00", method="accelerated", period="year")

    def test_text(self) -> None:
        """Columns, with thousands separated."""
        assert str(self.TABLE).splitlines()[:3] == [
            "Expense, accelerated (USD)",
            "  Period start  Period end   Expense  Cumulative  Vested value",
            "  2025-01-01    2025-12-31  5,207.91    5,207.91          0.00",
        ]

    def test_html(self) -> None:
        """An HTML table for notebooks."""
        html = self.TABLE._repr_html_()
        assert "<caption>Expense, accelerated (USD)</caption>" in html
        assert "<td>5,207.91</td>" in html

    def test_pickles(self) -> None:
        """A pickled table comes back equal, with its details."""
        back = pickle.loads(pickle.dumps(self.TABLE))  # noqa: S301  (our own bytes)
        assert back == self.TABLE
        assert (back.tranches, back.method, back.currency) == (
            self.TABLE.tranches,
            ExpenseMethod.ACCELERATED,
            "USD",
        )
        assert isinstance(back.tranches[0], TrancheExpense)

    def test_immutable(self) -> None:
        """Its details cannot be set or deleted, and the error says so."""
        with pytest.raises(AttributeError):
            self.TABLE.method = ExpenseMethod.SEQUENTIAL
        with pytest.raises(AttributeError) as raised:
            del self.TABLE.currency
        assert str(raised.value) == "an ExpenseTable cannot be changed: currency is read-only"

    def test_says_how_it_was_worked_out(self) -> None:
        """The table says how it was worked out, and in what money."""
        table = expense_schedule(THREE_YEARS, fair_value="1.00", method="sequential")
        assert (table.method, table.currency) == (ExpenseMethod.SEQUENTIAL, "USD")

    STRAIGHT = expense_schedule(
        FOUR_YEARS, fair_value="1.00", method="straight_line", period="year"
    )

    def test_whole_text(self) -> None:
        """The method in words in the title, every amount grouped."""
        assert str(self.STRAIGHT) == (
            "Expense, straight line (USD)\n"
            "  Period start  Period end   Expense  Cumulative  Vested value\n"
            "  2025-01-01    2025-12-31  2,498.29    2,498.29          0.00\n"
            "  2026-01-01    2026-12-31  2,498.29    4,996.58      2,500.00\n"
            "  2027-01-01    2027-12-31  2,498.29    7,494.87      5,000.00\n"
            "  2028-01-01    2028-12-31  2,505.13   10,000.00      7,500.00\n"
            "  2029-01-01    2029-12-31      0.00   10,000.00     10,000.00"
        )

    def test_whole_html(self) -> None:
        """The same cells under a header row."""
        header = "".join(
            f'<th scope="col">{name}</th>'
            for name in ("Period start", "Period end", "Expense", "Cumulative", "Vested value")
        )
        rows = [
            ("2025-01-01", "2025-12-31", "2,498.29", "2,498.29", "0.00"),
            ("2026-01-01", "2026-12-31", "2,498.29", "4,996.58", "2,500.00"),
            ("2027-01-01", "2027-12-31", "2,498.29", "7,494.87", "5,000.00"),
            ("2028-01-01", "2028-12-31", "2,505.13", "10,000.00", "7,500.00"),
            ("2029-01-01", "2029-12-31", "0.00", "10,000.00", "10,000.00"),
        ]
        body = "".join(
            "<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>\n" for row in rows
        )
        assert self.STRAIGHT._repr_html_() == (
            '<table class="auxer-option"><caption>Expense, straight line (USD)</caption>\n'
            f"<thead><tr>{header}</tr></thead>\n<tbody>\n{body}</tbody></table>"
        )

    def test_portions_of_a_plain_vesting(self) -> None:
        """Installments without accelerations or an end are their own tranches."""
        vesting = Vesting(((dt.date(2025, 1, 1), 3), (dt.date(2026, 1, 1), 2)), (), 5, None)
        assert vesting.portions() == [
            (dt.date(2025, 1, 1), 3, dt.date(2025, 1, 1)),
            (dt.date(2026, 1, 1), 2, dt.date(2026, 1, 1)),
        ]
