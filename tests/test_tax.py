"""Tax figures: the ISO $100,000 limit, ISO status over time, exercise and sale figures."""

from __future__ import annotations

import datetime as dt
import gc
import weakref
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option import (
    AUXER_1999,
    CompensationType,
    Disposition,
    Exercise,
    OptionGrant,
    VestingSchedule,
    _tax,
    accelerate,
    adjust_for_split,
    disposition,
    exercise,
    fair_market_value_at_grant,
    from_json,
    iso_limit,
    iso_limit_by_holder,
    iso_status,
    tax_figures,
    terminate,
    to_json,
)
from auxer_option._history import PartialReplay
from auxer_option._money import DEFAULT_ROUNDING, MUST_NOT_BE_NEGATIVE, ROUNDING_MODES
from auxer_option._tax import (
    BEFORE_EXERCISE,
    NO_HOLDER,
    NO_MARKET_VALUE,
    NOT_A_HOLDER,
    NOT_A_LIMIT,
    NOT_AN_EXERCISE,
    NOT_GRANTS,
    NOT_HOLDERS,
    ONE_HOLDER_EACH,
    OTHER_CURRENCY,
    IsoLimitRow,
    IsoLimitTable,
    first_exercisable,
)
from auxer_option._terms import NOT_A_CALENDAR_DATE, Term, after_the_last_date, off_the_calendar
from auxer_option.exceptions import (
    InconsistentGrantError,
    InconsistentRecordError,
    InvalidAmountError,
    InvalidDateError,
    OptionTypeError,
    PrecisionError,
)
from auxer_option.testing.strategies import share_counts, share_prices, vesting_schedules
from tests.messages import RESULT_TOO_LONG, message, refused

ISO = CompensationType.OPTION_ISO
NSO = CompensationType.OPTION_NSO


def iso_grant(
    grant_date: str | dt.date = "2024-01-15",
    shares: int = 500_000,
    price: str | Decimal = "5.00",
    **keywords: Any,
) -> OptionGrant:
    """An ISO of ``shares`` at ``price``, for 10 years."""
    return OptionGrant(
        grant_date, shares, price, term="10 years", compensation_type="OPTION_ISO", **keywords
    )


def monthly(start: str | dt.date, months: int = 48) -> VestingSchedule:
    """1/``months`` a month from ``start``, no cliff."""
    return VestingSchedule.graded(start, months=months, every=1)


@st.composite
def iso_grants(draw: st.DrawFn) -> OptionGrant:
    """Small ISOs of 2020 to 2023, some vesting over time (from before the grant, too),
    some early exercisable, some first exercisable after their grant date."""
    grant_date = draw(st.dates(dt.date(2020, 1, 1), dt.date(2023, 12, 31)))
    shares = draw(share_counts(max_value=200_000))
    price = draw(share_prices(min_value=0, max_value=20, places=2))
    start = draw(st.dates(grant_date - dt.timedelta(days=3 * 366), grant_date))
    schedule = draw(vesting_schedules(shares=shares, start=start))
    opens = draw(st.none() | st.dates(grant_date, grant_date + dt.timedelta(days=3 * 366)))
    return iso_grant(
        grant_date,
        shares,
        price,
        vesting=schedule,
        early_exercisable=draw(st.booleans()),
        first_exercise_date=opens,
    )


#: A grant made after its schedule started: 26,000 shares vested before the grant date.
VESTED_BEFORE_THE_GRANT = iso_grant(
    "2025-03-01", 48_000, "10.00", vesting=VestingSchedule.graded("2023-01-01", months=48, every=1)
)
#: 12,000 shares a year from 2025, exercisable from 2027 only.
OPENS_IN_2027 = iso_grant(
    "2024-01-01",
    48_000,
    "10.00",
    vesting=VestingSchedule.graded("2024-01-01", months=48, every=12),
    first_exercise_date="2027-01-01",
)


class TestTheIssuesExample:
    def test_500000_shares_monthly(self) -> None:
        """500,000 at $5.00, 1/48 monthly from mid-January: 11 installments in the first year."""
        grant = iso_grant("2024-01-15", vesting=monthly("2024-01-15"))
        first = iso_limit([grant])[0]
        assert first == IsoLimitRow(0, 2024, 20_000, 94_583, Decimal("100000.00"))
        assert first_exercisable(grant)[2024] == 114_583

    def test_every_year_of_it(self) -> None:
        """Each later year has 12 installments, the last one January's."""
        grant = iso_grant("2024-01-15", vesting=monthly("2024-01-15"))
        rows = iso_limit([grant])
        assert [(row.year, row.iso_shares, row.nso_shares) for row in rows] == [
            (2024, 20_000, 94_583),
            (2025, 20_000, 105_000),
            (2026, 20_000, 105_000),
            (2027, 20_000, 105_000),
            (2028, 10_417, 0),
        ]

    def test_it_prints_as_a_table(self) -> None:
        """The rows print in columns and show as HTML."""
        table = iso_limit([iso_grant("2024-03-01", 30_000)])
        assert isinstance(table, IsoLimitTable)
        assert "20,000" in str(table)
        assert "<table" in table._repr_html_()


class TestTheLimitAcrossGrants:
    def test_the_earlier_grant_exhausts_the_limit(self) -> None:
        """A first grant worth $100,000 leaves no room in that year for a second."""
        first = iso_grant("2024-02-01", 20_000)
        second = iso_grant("2024-06-01", 1_000, "7.00")
        assert list(iso_limit([second, first])) == [
            IsoLimitRow(0, 2024, 0, 1_000, Decimal("0.00")),
            IsoLimitRow(1, 2024, 20_000, 0, Decimal("100000.00")),
        ]

    def test_what_is_left_goes_to_the_later_grant(self) -> None:
        """A later grant takes whole shares of what the earlier one leaves, at its own value."""
        first = iso_grant("2024-02-01", 10_000)  # $50,000
        second = iso_grant("2024-06-01", 10_000, "7.00")  # 7,142 fit in $50,000
        rows = iso_limit([first, second])
        assert rows[1] == IsoLimitRow(1, 2024, 7_142, 2_858, Decimal("49994.00"))

    def test_the_grant_date_value_counts_not_the_price(self) -> None:
        """A grant priced above its grant-date value is valued at that value."""
        grant = iso_grant("2024-03-01", 30_000, "5.00", grant_fair_market_value="4.00")
        assert iso_limit([grant])[0].iso_shares == 25_000
        assert fair_market_value_at_grant(grant) == Decimal("4.00")

    def test_early_exercisable_counts_in_the_grant_year(self) -> None:
        """Every share of an early-exercisable grant is first exercisable in its grant year."""
        grant = iso_grant(vesting=monthly("2024-01-15"), early_exercisable=True)
        assert [(row.year, row.iso_shares) for row in iso_limit([grant])] == [(2024, 20_000)]

    def test_shares_vested_before_the_grant_count_on_the_grant_date(self) -> None:
        """Shares vested before the grant date are first exercisable on it, in its year."""
        assert first_exercisable(VESTED_BEFORE_THE_GRANT) == {
            2025: 35_000,
            2026: 12_000,
            2027: 1_000,
        }
        assert [
            (r.year, r.iso_shares, r.nso_shares) for r in iso_limit([VESTED_BEFORE_THE_GRANT])
        ] == [
            (2025, 10_000, 25_000),
            (2026, 10_000, 2_000),
            (2027, 1_000, 0),
        ]

    def test_shares_vested_before_the_window_opens_count_when_it_opens(self) -> None:
        """Shares vested before first_exercise_date are first exercisable on that day."""
        assert [(r.year, r.iso_shares, r.nso_shares) for r in iso_limit([OPENS_IN_2027])] == [
            (2027, 10_000, 26_000),
            (2028, 10_000, 2_000),
        ]

    def test_early_exercisable_counts_when_the_window_opens(self) -> None:
        """An early-exercisable grant whose window opens later counts every share then."""
        grant = iso_grant(
            "2024-01-15", 30_000, early_exercisable=True, first_exercise_date="2026-06-01"
        )
        assert first_exercisable(grant) == {2026: 30_000}

    def test_other_kinds_take_no_part(self) -> None:
        """NSOs and other options have no rows and use none of the limit."""
        nso = OptionGrant(
            "2024-01-02", 50_000, "5", term="10 years", compensation_type="OPTION_NSO"
        )
        assert list(iso_limit([nso, AUXER_1999, iso_grant("2024-03-01", 20_000)])) == [
            IsoLimitRow(2, 2024, 20_000, 0, Decimal("100000.00"))
        ]

    def test_a_zero_value_fits_whole(self) -> None:
        """Shares worth nothing at grant all fit."""
        grant = iso_grant("2024-03-01", 30_000, "0")
        assert iso_limit([grant])[0].iso_shares == 30_000

    def test_a_termination_stops_what_becomes_exercisable(self) -> None:
        """Shares forfeited at a termination never become exercisable."""
        grant = terminate(iso_grant(vesting=monthly("2024-01-15")), "2024-12-31", "VOLUNTARY_OTHER")
        assert [row.year for row in iso_limit([grant])] == [2024]

    def test_an_acceleration_counts_in_its_year(self) -> None:
        """Shares accelerated become exercisable on the acceleration's day."""
        grant = accelerate(iso_grant(vesting=monthly("2024-01-15")), "2024-12-20")
        assert first_exercisable(grant) == {2024: 500_000}

    def test_a_lower_limit(self) -> None:
        """The limit is a keyword."""
        assert iso_limit([iso_grant("2024-03-01", 30_000)], limit=10_000)[0].iso_shares == 2_000

    def test_a_limit_below_one(self) -> None:
        """Any positive limit is a limit, however small: 50 cents holds 5 shares at 10 cents."""
        grant = iso_grant("2024-03-01", 30_000, "0.10")
        assert iso_limit([grant], limit="0.50")[0] == IsoLimitRow(
            0, 2024, 5, 29_995, Decimal("0.50")
        )

    def test_three_grants_fill_one_year(self) -> None:
        """Each grant takes what all the earlier grants of the year left, not just the last."""
        grants = [iso_grant(day, 8_000) for day in ("2024-02-01", "2024-03-01", "2024-04-01")]
        assert [(row.iso_shares, row.nso_shares) for row in iso_limit(grants)] == [
            (8_000, 0),
            (8_000, 0),
            (4_000, 4_000),
        ]

    def test_grants_on_one_day_in_the_order_given(self) -> None:
        """Grants made on the same day fill the limit in the order they are given."""
        grants = [iso_grant("2024-03-01", 15_000, grantee=name) for name in ("Ann", "Bo")]
        assert [(row.grant_index, row.iso_shares) for row in iso_limit(grants)] == [
            (0, 15_000),
            (1, 5_000),
        ]


class TestTheHoldersView:
    def test_grouped_by_grantee(self) -> None:
        """Each grantee has a limit of their own."""
        grants = [iso_grant("2024-03-01", 30_000, grantee=name) for name in ("Ann", "Bo", "Ann")]
        rows = iso_limit_by_holder(grants)
        assert [(row.grant_index, row.iso_shares) for row in rows] == [
            (0, 20_000),
            (1, 20_000),
            (2, 0),
        ]

    def test_a_lower_limit_for_each_holder(self) -> None:
        """The limit given is each holder's."""
        grants = [iso_grant("2024-03-01", 30_000, grantee=name) for name in ("Ann", "Bo")]
        rows = iso_limit_by_holder(grants, limit=10_000)
        assert [(row.grant_index, row.iso_shares) for row in rows] == [(0, 2_000), (1, 2_000)]

    def test_holders_given(self) -> None:
        """Holders given name the grants' holders instead of their grantees."""
        grants = [iso_grant("2024-03-01", 30_000)] * 2
        rows = iso_limit_by_holder(grants, ["Ann", "Bo"])
        assert [row.iso_shares for row in rows] == [20_000, 20_000]

    def test_other_options_take_no_part(self) -> None:
        """A holder's non-ISO grants have no rows and use none of the limit, holder or not."""
        nso = OptionGrant("2024-03-01", 30_000, "5.00", term="10 years", grantee=None)
        grants = [nso, iso_grant("2024-03-01", 30_000, grantee="Ann")]
        assert [(row.grant_index, row.iso_shares) for row in iso_limit_by_holder(grants)] == [
            (1, 20_000)
        ]

    def test_an_iso_with_no_holder(self) -> None:
        """An ISO whose holder is unknown is refused."""
        with pytest.raises(InconsistentGrantError) as raised:
            iso_limit_by_holder([iso_grant()])
        refused(raised, field="holders[0]", rule=NO_HOLDER)

    def test_holders_of_another_length(self) -> None:
        """One holder for each grant."""
        with pytest.raises(InconsistentGrantError) as raised:
            iso_limit_by_holder([iso_grant()], ["Ann", "Bo"])
        refused(raised, field="holders", rule=ONE_HOLDER_EACH, value=["Ann", "Bo"])

    def test_holders_in_a_tuple(self) -> None:
        """Any ordered collection of names will do."""
        grants = [iso_grant("2024-03-01", 30_000)] * 2
        rows = iso_limit_by_holder(grants, ("Ann", "Ann"))
        assert [row.iso_shares for row in rows] == [20_000, 0]

    @pytest.mark.parametrize("holders", [5, "ab", b"ab", {"Ann"}, {"Ann": 1}])
    def test_holders_not_a_sequence(self, holders: object) -> None:
        """Holders are a sequence of names: a str is not two holders, a set has no order."""
        with pytest.raises(OptionTypeError) as raised:
            iso_limit_by_holder([iso_grant()] * 2, holders)  # type: ignore[arg-type]
        refused(raised, field="holders", rule=NOT_HOLDERS, value=holders)

    @pytest.mark.parametrize("holder", [["a"], 5, b"Ann"])
    def test_a_holder_not_a_name(self, holder: object) -> None:
        """Each holder is a str, or None."""
        with pytest.raises(OptionTypeError) as raised:
            iso_limit_by_holder([iso_grant()], [holder])  # type: ignore[list-item]
        refused(raised, field="holders[0]", rule=NOT_A_HOLDER, value=holder)


class TestLimitProperties:
    @given(
        st.lists(iso_grants(), min_size=1, max_size=4),
        st.just(Decimal(100_000)) | share_prices(min_value="0.01", max_value=10**6, places=2),
    )
    @example([VESTED_BEFORE_THE_GRANT, OPENS_IN_2027], Decimal(100_000))  # vested earlier
    @example([iso_grant("2024-01-02", 3, "0.000001")] * 2, Decimal("9" * 49 + ".0"))
    def test_never_above_the_limit(self, grants: list[OptionGrant], limit: Decimal) -> None:
        """ISO value per year never exceeds the limit, and ISO + NSO is what became exercisable."""
        # In fractions: the test's own sums stay out of the (hostile) decimal context.
        used: defaultdict[int, Fraction] = defaultdict(Fraction)
        counted: defaultdict[int, dict[int, int]] = defaultdict(dict)
        for row in iso_limit(grants, limit=limit):
            used[row.year] += Fraction(row.iso_value)
            value = Fraction(fair_market_value_at_grant(grants[row.grant_index]))
            assert Fraction(row.iso_value) == row.iso_shares * value
            counted[row.grant_index][row.year] = row.iso_shares + row.nso_shares
        assert all(value <= limit for value in used.values())
        for index, grant in enumerate(grants):
            expected = {year: count for year, count in first_exercisable(grant).items() if count}
            assert counted[index] == expected
            assert sum(expected.values()) == grant.shares

    @given(st.lists(iso_grants(), min_size=1, max_size=4))
    @example([VESTED_BEFORE_THE_GRANT, OPENS_IN_2027])  # shares vested before they open
    def test_nothing_before_the_window_opens(self, grants: list[OptionGrant]) -> None:
        """No share is first exercisable in a year before its grant's window opens."""
        for row in iso_limit(grants):
            grant = grants[row.grant_index]
            assert row.year >= max(grant.grant_date, grant.first_exercise_date).year

    @given(st.lists(iso_grants(), min_size=1, max_size=3), iso_grants())
    @example(
        [iso_grant("2024-02-01", 10_000)], iso_grant("2024-02-01", 10_000, "1.00")
    )  # the same day: the one given first keeps its shares
    def test_a_later_grant_takes_nothing(
        self, grants: list[OptionGrant], later: OptionGrant
    ) -> None:
        """Adding a grant made no earlier than all the others never changes their rows."""
        newest = max(grant.grant_date for grant in grants)
        if later.grant_date < newest:
            later = iso_grant(newest, later.shares, later.exercise_price, vesting=later.vesting)
        before = list(iso_limit(grants))
        after = [row for row in iso_limit([*grants, later]) if row.grant_index < len(grants)]
        assert after == before


class TestIsoStatus:
    @pytest.mark.parametrize(
        ("reason", "last_iso_day"),
        [
            ("VOLUNTARY_OTHER", dt.date(2025, 2, 28)),
            ("INVOLUNTARY_OTHER", dt.date(2025, 2, 28)),
            ("INVOLUNTARY_DISABILITY", dt.date(2025, 11, 30)),
        ],
    )
    def test_the_last_day_and_the_next(self, reason: str, last_iso_day: dt.date) -> None:
        """Exactly 3 months (1 year for disability) after the last day is an ISO; then an NSO."""
        grant = iso_grant(
            termination_windows={"VOLUNTARY_OTHER": "2 years", "INVOLUNTARY_OTHER": "2 years"}
        )
        left = terminate(grant, "2024-11-30", reason)
        assert iso_status(left, last_iso_day) is ISO
        assert iso_status(left, last_iso_day + dt.timedelta(days=1)) is NSO

    def test_death_never_ends_it(self) -> None:
        """After the holder's death, an exercise is an ISO's whenever it is made."""
        left = terminate(iso_grant(), "2024-11-30", "INVOLUNTARY_DEATH")
        assert iso_status(left, "2034-01-15") is ISO

    def test_while_employed(self) -> None:
        """With no termination, an ISO is one."""
        assert iso_status(iso_grant(), "2030-01-01") is ISO

    def test_other_kinds_stay_what_they_are(self) -> None:
        """An NSO or an option that is neither keeps its kind."""
        assert iso_status(AUXER_1999, "1999-08-02") is CompensationType.OPTION

    def test_a_month_end_termination(self) -> None:
        """A last day of 31 August clamps to 30 November."""
        left = terminate(iso_grant(), "2024-08-31", "VOLUNTARY_OTHER")
        assert iso_status(left, "2024-11-30") is ISO
        assert iso_status(left, "2024-12-01") is NSO

    def test_the_figures_follow(self) -> None:
        """An ISO exercised after the deadline is taxed as an NSO: ordinary income."""
        grant = iso_grant(termination_windows={"VOLUNTARY_OTHER": "1 year"})
        left = terminate(grant, "2024-11-30", "VOLUNTARY_OTHER")
        _, late = exercise(left, 1, "2025-03-03", fair_market_value="9.00")
        figures = tax_figures(left, late)
        assert (figures.kind, figures.ordinary_income, figures.qualifying_from) == (
            NSO,
            Decimal("4.00"),
            None,
        )


class TestTaxFigures:
    def test_an_iso(self) -> None:
        """An ISO has an AMT preference and no ordinary income."""
        grant = iso_grant("2024-02-29", 1_000)
        _, record = exercise(grant, 1_000, "2024-06-03", fair_market_value="8.00")
        figures = tax_figures(grant, record)
        assert figures.bargain_element == figures.amt_preference == Decimal("3000.00")
        assert figures.ordinary_income == Decimal("0.00")
        assert figures.election_83b_deadline is None
        assert "bargain element" in str(figures)
        assert "<table" in figures._repr_html_()

    def test_an_nso(self) -> None:
        """An NSO's bargain element is ordinary income."""
        _, record = exercise(AUXER_1999, 1_000, "1999-08-02", fair_market_value="0.50")
        figures = tax_figures(AUXER_1999, record, rounding=None)
        assert figures.ordinary_income == Decimal("370.00")
        assert figures.amt_preference == 0

    def test_out_of_the_money(self) -> None:
        """Below the price, there is no bargain element."""
        _, record = exercise(AUXER_1999, 1_000, "1999-08-02", fair_market_value="0.10")
        assert tax_figures(AUXER_1999, record).bargain_element == 0

    @pytest.mark.parametrize(
        ("granted", "exercised", "qualifying_from"),
        [
            # The grant's second anniversary is later: 2026-02-28, then the day after.
            ("2024-02-29", "2024-06-03", dt.date(2026, 3, 1)),
            # The exercise's first anniversary is later: 2025-02-28 + 1 day.
            ("2022-01-03", "2024-02-29", dt.date(2025, 3, 1)),
            # Both fall on 2026-02-28: the day after.
            ("2024-02-29", "2025-02-28", dt.date(2026, 3, 1)),
            # Leap year the other way: 2028-02-29 is a day.
            ("2026-02-28", "2027-02-28", dt.date(2028, 2, 29)),
        ],
    )
    def test_qualifying_from(self, granted: str, exercised: str, qualifying_from: dt.date) -> None:
        """The day after the later of 2 years from grant and 1 year from exercise, clamped."""
        grant = iso_grant(granted, 1_000)
        _, record = exercise(grant, 1_000, exercised, fair_market_value="6.00")
        assert tax_figures(grant, record).qualifying_from == qualifying_from

    def test_83b_after_an_early_exercise(self) -> None:
        """Shares exercised before they vest: the election is due 30 days later."""
        grant = iso_grant(
            "2024-01-15", 48_000, vesting=monthly("2024-01-15"), early_exercisable=True
        )
        after, record = exercise(grant, 48_000, "2024-03-20", fair_market_value="5.00")
        figures = tax_figures(after, record)
        assert figures.unvested_shares == 46_000
        assert figures.election_83b_deadline == dt.date(2024, 4, 19)

    def test_earlier_exercises_count_first(self) -> None:
        """A second exercise after the vested shares are used is all unvested."""
        grant = iso_grant(
            "2024-01-15", 48_000, vesting=monthly("2024-01-15"), early_exercisable=True
        )
        grant, _ = exercise(grant, 2_000, "2024-03-20", fair_market_value="5.00")
        grant, record = exercise(grant, 1_000, "2024-03-20", fair_market_value="5.00")
        assert tax_figures(grant, record).unvested_shares == 1_000
        copy = exercise(
            iso_grant("2024-01-15", 48_000, vesting=monthly("2024-01-15"), early_exercisable=True),
            1_000,
            "2024-03-20",
            fair_market_value="5.00",
        )[1]
        assert tax_figures(grant, copy).unvested_shares == 1_000

    def test_83b_after_a_split(self) -> None:
        """Shares vested before a split are vested after it, counted in the shares in force."""
        grant = OptionGrant(
            "2020-01-01",
            1_000,
            "1.00",
            term="10 years",
            vesting=VestingSchedule.graded("2020-01-01", months=48, every=12),
        )
        split = adjust_for_split(grant, "2:1", on="2025-01-01")
        after, record = exercise(split, 2_000, "2025-06-01", fair_market_value="3.00")
        figures = tax_figures(after, record)
        assert (figures.unvested_shares, figures.election_83b_deadline) == (0, None)

    def test_83b_either_side_of_a_split(self) -> None:
        """Each exercise is counted at the splits made by its day, not those made later."""
        grant = iso_grant(
            "2020-01-01",
            1_000,
            vesting=VestingSchedule.graded("2020-01-01", months=48, every=12),
            early_exercisable=True,
        )
        grant, first = exercise(grant, 100, "2020-06-01", fair_market_value="5.00")
        grant = adjust_for_split(grant, "2:1", on="2021-06-01")  # 250 vested: 500 in force
        grant, second = exercise(grant, 600, "2021-07-01", fair_market_value="3.00")
        assert tax_figures(grant, first).unvested_shares == 100
        # 500 vested in force, 200 of them exercised before: 300 of the 600 are unvested.
        assert tax_figures(grant, second).unvested_shares == 300

    def test_83b_after_the_termination(self) -> None:
        """From the termination, what is left has vested: nothing exercised is unvested."""
        grant = iso_grant(
            "2024-01-15",
            48_000,
            vesting=monthly("2024-01-15"),
            early_exercisable=True,
            termination_windows={"VOLUNTARY_OTHER": "1 year"},
        )
        left = terminate(grant, "2024-06-30", "VOLUNTARY_OTHER")
        after, record = exercise(left, 5_000, "2024-07-15", fair_market_value="5.00")
        assert tax_figures(after, record).unvested_shares == 0
        assert tax_figures(left, record).unvested_shares == 0  # the grant's next exercise

    def test_no_market_value(self) -> None:
        """An exercise made without a fair market value has no figures."""
        _, record = exercise(AUXER_1999, 1_000, "1999-08-02")
        with pytest.raises(InconsistentRecordError) as raised:
            tax_figures(AUXER_1999, record)
        refused(raised, field="record.fair_market_value", rule=NO_MARKET_VALUE)

    def test_not_an_exercise(self) -> None:
        """Only an exercise record has figures."""
        with pytest.raises(OptionTypeError) as raised:
            tax_figures(AUXER_1999, "an exercise")  # type: ignore[arg-type]
        refused(raised, field="record", rule=NOT_AN_EXERCISE, value="an exercise")


def _exercised_daily(count: int) -> OptionGrant:
    """An ISO of 10 × ``count`` shares vesting monthly, exercised early 10 shares a day."""
    grant = iso_grant(
        "2024-01-15", 10 * count, vesting=monthly("2024-01-15"), early_exercisable=True
    )
    for day in range(count):
        on = dt.date(2024, 1, 15) + dt.timedelta(days=day)
        grant, _ = exercise(grant, 10, on, fair_market_value="5.00")
    return grant


class TestFiguresOfEveryExercise:
    """The figures of each exercise of a grant in turn replay its history once in all."""

    @pytest.mark.parametrize("count", [25, 100])
    def test_one_replay_for_them_all(self, count: int, monkeypatch: pytest.MonkeyPatch) -> None:
        """Figures for each of n exercises replay n exercises in all, not n² (work counted,
        not timed)."""
        grant = _exercised_daily(count)
        replayed: list[int] = []
        replay_one = PartialReplay.exercise

        def counted(replay: PartialReplay, index: int, record: Exercise) -> None:
            replayed.append(index)
            replay_one(replay, index, record)

        monkeypatch.setattr(PartialReplay, "exercise", counted)
        figures = [tax_figures(grant, record) for record in grant.exercises]
        assert len(replayed) == count
        monkeypatch.undo()
        alone = []  # each asked first, with nothing kept from the others
        for record in grant.exercises:
            monkeypatch.setattr(_tax, "_LAST_MOMENTS", None)
            alone.append(tax_figures(grant, record))
        assert figures == alone

    def test_each_grant_its_own(self) -> None:
        """Asked of one grant, then another, then the first: each exercise's own figures."""
        early = _exercised_daily(4)
        vested, _ = exercise(AUXER_1999, 1_000, "1999-08-02", fair_market_value="0.50")
        record = early.exercises[-1]
        assert tax_figures(early, record).unvested_shares == 10
        assert tax_figures(vested, vested.exercises[0]).unvested_shares == 0
        assert tax_figures(early, record).unvested_shares == 10

    def test_a_record_twice_is_its_first(self) -> None:
        """The same exercise record held twice is read as its first, as an equal copy is."""
        early = OptionGrant(
            "2024-01-31",
            1_000,
            "1.00",
            term="10 years",
            early_exercisable=True,
            vesting=VestingSchedule.graded("2024-01-31", months=48, cliff=12),
        )
        _, record = exercise(early, 200, "2025-03-01", fair_market_value="2.00")
        twice = attrs.evolve(early, exercises=(record, record))
        copy = attrs.evolve(record)
        assert tax_figures(twice, record).unvested_shares == 0
        assert tax_figures(twice, record) == tax_figures(twice, copy)

    def test_let_go_with_the_grant(self) -> None:
        """Nothing of a grant is kept once it is no longer used: not even its records."""
        grant = _exercised_daily(2)
        record = grant.exercises[0]
        tax_figures(grant, record)
        kept = weakref.ref(record)
        del grant, record
        gc.collect()
        assert kept() is None
        assert _tax._LAST_MOMENTS is None  # the cache itself
        other = _exercised_daily(1)
        tax_figures(other, other.exercises[0])
        _tax._forget(weakref.ref(_exercised_daily(1)))  # another grant gone
        assert _tax._LAST_MOMENTS is not None  # the other grant's, kept

    def test_an_equal_record_read_back(self) -> None:
        """A record equal to one of the grant's, not the same object, is that exercise."""
        grant = _exercised_daily(3)
        again = from_json(to_json(grant), expect=OptionGrant)
        for record, read in zip(grant.exercises, again.exercises, strict=True):
            assert read is not record
            assert tax_figures(grant, read) == tax_figures(grant, record)


class TestDisposition:
    def sold(self, on: str, price: str) -> Any:
        """The 2024-02-29 ISO exercised at $8 on 2024-06-03, sold on ``on`` at ``price``."""
        grant = iso_grant("2024-02-29", 1_000)
        _, record = exercise(grant, 1_000, "2024-06-03", fair_market_value="8.00")
        return disposition(grant, record, on=on, price=price)

    def test_qualifying_on_the_first_day(self) -> None:
        """On qualifying_from, all the gain over the price paid is capital."""
        sale = self.sold("2026-03-01", "12.00")
        assert (sale.qualifying, sale.long_term) == (True, True)
        assert (sale.ordinary_income, sale.capital_gain) == (Decimal("0.00"), Decimal("7000.00"))
        assert sale.proceeds == Decimal("12000.00")
        assert "capital gain" in str(sale)
        assert "<table" in sale._repr_html_()

    def test_disqualifying_the_day_before(self) -> None:
        """A day early, the spread at exercise is ordinary income."""
        sale = self.sold("2026-02-28", "12.00")
        assert not sale.qualifying
        assert (sale.ordinary_income, sale.capital_gain) == (Decimal("3000.00"), Decimal("4000.00"))

    def test_disqualifying_below_the_exercise_value(self) -> None:
        """Sold for less than the value at exercise: the gain alone is ordinary income."""
        sale = self.sold("2024-07-01", "6.00")
        assert (sale.ordinary_income, sale.capital_gain, sale.long_term) == (
            Decimal("1000.00"),
            Decimal("0.00"),
            False,
        )

    def test_disqualifying_at_a_loss(self) -> None:
        """Sold below the price paid: no ordinary income, a capital loss."""
        sale = self.sold("2024-07-01", "4.00")
        assert (sale.ordinary_income, sale.capital_gain) == (Decimal("0.00"), Decimal("-1000.00"))

    def test_an_nso(self) -> None:
        """NSO shares exercised in the money have their value at exercise as their basis."""
        _, record = exercise(AUXER_1999, 1_000, "1999-08-02", fair_market_value="0.50")
        sale = disposition(AUXER_1999, record, on="2000-08-02", price="0.40")
        assert (sale.qualifying, sale.long_term) == (False, False)
        assert (sale.ordinary_income, sale.capital_gain) == (Decimal("0.00"), Decimal("-100.00"))

    def test_an_nso_bought_above_its_value(self) -> None:
        """NSO shares exercised above their value have the price paid as their basis."""
        grant = OptionGrant(
            "2024-01-02", 1_000, "5.00", term="10 years", compensation_type="OPTION_NSO"
        )
        _, record = exercise(grant, 1_000, "2024-03-01", fair_market_value="4.00")
        sale = disposition(grant, record, on="2024-06-03", price="6.00")
        assert (sale.cost, sale.ordinary_income, sale.capital_gain) == (
            Decimal("5000.00"),
            Decimal("0.00"),
            Decimal("1000.00"),
        )

    def test_the_parts_add_up_to_the_cent(self) -> None:
        """Sub-cent prices: the capital gain is what the rounded parts leave of the proceeds."""
        grant = iso_grant("2024-01-02", 1, "1.00")
        _, record = exercise(grant, 1, "2024-03-01", fair_market_value="1.0044")
        sale = disposition(grant, record, on="2024-06-03", price="1.0088")
        assert (sale.proceeds, sale.cost, sale.ordinary_income, sale.capital_gain) == (
            Decimal("1.01"),
            Decimal("1.00"),
            Decimal("0.00"),
            Decimal("0.01"),
        )

    def test_before_the_exercise(self) -> None:
        """A sale cannot come before the exercise."""
        with pytest.raises(InconsistentRecordError) as raised:
            self.sold("2024-06-02", "12.00")
        rule = BEFORE_EXERCISE.format(exercised=dt.date(2024, 6, 3))
        refused(raised, field="on", rule=rule, value="2024-06-02")


class TestDispositionProperties:
    @given(
        incentive=st.booleans(),
        shares=share_counts(max_value=10**6),
        price=share_prices(min_value="0.0001", max_value=50, places=4),
        value=share_prices(max_value=100, places=4),
        sold_at=share_prices(max_value=100, places=4),
        days=st.integers(0, 1_000),
        rounding=st.sampled_from([*ROUNDING_MODES, None]),
    )
    @example(  # sub-cent prices, a disqualifying sale
        incentive=True,
        shares=1,
        price=Decimal("1.00"),
        value=Decimal("1.0044"),
        sold_at=Decimal("1.0088"),
        days=30,
        rounding="ROUND_HALF_UP",
    )
    @example(  # an NSO exercised above its value
        incentive=False,
        shares=1_000,
        price=Decimal("5.00"),
        value=Decimal("4.00"),
        sold_at=Decimal("6.00"),
        days=90,
        rounding=None,
    )
    def test_the_parts_add_up(
        self,
        *,
        incentive: bool,
        shares: int,
        price: Decimal,
        value: Decimal,
        sold_at: Decimal,
        days: int,
        rounding: str | None,
    ) -> None:
        """proceeds == cost + ordinary income + capital gain, exactly, whatever the rounding."""
        grant = OptionGrant(
            "2024-01-02",
            shares,
            price,
            term="10 years",
            compensation_type="OPTION_ISO" if incentive else "OPTION_NSO",
        )
        _, record = exercise(grant, shares, "2024-03-01", fair_market_value=value)
        on = record.date + dt.timedelta(days=days)
        sale = disposition(grant, record, on=on, price=sold_at, rounding=rounding)
        assert isinstance(sale, Disposition)
        parts = Fraction(sale.cost) + Fraction(sale.ordinary_income) + Fraction(sale.capital_gain)
        assert Fraction(sale.proceeds) == parts
        assert sale.cost >= 0
        assert sale.ordinary_income >= 0
        # The cost is the price paid, or at least the value at exercise for an NSO.
        paid = Fraction(price) * shares
        basis = paid if incentive else max(paid, Fraction(value) * shares)
        assert rounding is not None or Fraction(sale.cost) == basis


class TestBadInput:
    def test_not_grants(self) -> None:
        """The limit takes a sequence of grants."""
        with pytest.raises(OptionTypeError) as raised:
            iso_limit("grants")  # type: ignore[arg-type]
        refused(raised, field="grants", rule=NOT_GRANTS)

    def test_not_a_grant(self) -> None:
        """Each item is a grant."""
        with pytest.raises(OptionTypeError) as raised:
            iso_limit([AUXER_1999, {"shares": 1}])  # type: ignore[list-item]
        assert raised.value.field == "grants[1]"

    @pytest.mark.parametrize("limit", [0, "-1"])
    def test_a_limit_not_above_zero(self, limit: object) -> None:
        """The limit is a positive amount."""
        with pytest.raises(InvalidAmountError) as raised:
            iso_limit([], limit=limit)  # type: ignore[arg-type]
        assert raised.value.field == "limit"

    def test_a_zero_limit(self) -> None:
        """Zero is refused with its own rule."""
        with pytest.raises(InvalidAmountError) as raised:
            iso_limit([], limit=0)
        refused(raised, field="limit", rule=NOT_A_LIMIT, value=0)

    def test_two_currencies(self) -> None:
        """One holder's ISOs are in one currency."""
        grants = [iso_grant(), iso_grant(currency="EUR")]
        with pytest.raises(InconsistentGrantError) as raised:
            iso_limit(grants)
        rule = OTHER_CURRENCY.format(currency="USD")
        refused(raised, field="grants[1].currency", rule=rule, value="EUR")

    def test_a_day_that_is_not_a_date(self) -> None:
        """ISO status is asked of a calendar day, named ``on``."""
        with pytest.raises(InvalidDateError) as raised:
            iso_status(iso_grant(), "2024-02-30")
        refused(raised, field="on", rule=NOT_A_CALENDAR_DATE)

    def test_a_sale_day_that_is_not_a_date(self) -> None:
        """A sale is on a calendar day, named ``on``."""
        _, record = exercise(AUXER_1999, 1_000, "1999-08-02", fair_market_value="0.50")
        with pytest.raises(InvalidDateError) as raised:
            disposition(AUXER_1999, record, on="2000-02-30", price="1.00")
        refused(raised, field="on", rule=NOT_A_CALENDAR_DATE)

    def test_a_sale_price_that_is_not_an_amount(self) -> None:
        """A sale's price is an amount, named ``price``."""
        _, record = exercise(AUXER_1999, 1_000, "1999-08-02", fair_market_value="0.50")
        with pytest.raises(InvalidAmountError) as raised:
            disposition(AUXER_1999, record, on="2000-08-02", price="-1")
        refused(raised, field="price", rule=MUST_NOT_BE_NEGATIVE)


class TestMessages:
    def test_rules_word_for_word(self) -> None:
        """Each rule of this module, word for word, once: other tests check which rule it is."""
        assert message(lambda: iso_limit("x"), NOT_GRANTS) == (  # type: ignore[arg-type]
            "grants='x': must be a sequence of OptionGrant"
        )
        assert NOT_A_LIMIT == "must be more than zero"
        assert OTHER_CURRENCY == (
            "must be {currency}, the currency of the first ISO: one limit, one money"
        )
        assert NO_MARKET_VALUE == (
            "must be given: the figures are read at the exercise's fair market value "
            "(exercise(..., fair_market_value=...))"
        )
        assert NOT_AN_EXERCISE == "must be an Exercise record"
        assert BEFORE_EXERCISE == "must not be before the exercise, on {exercised}"
        assert NO_HOLDER == (
            "must name the holder of an incentive stock option: the limit is per holder"
        )
        assert ONE_HOLDER_EACH == "must name one holder (or None) for each grant"
        assert message(lambda: iso_limit_by_holder([], "ab"), NOT_HOLDERS) == (
            "holders='ab': must be a sequence of holders' names (str, or None), one for each grant"
        )
        assert NOT_A_HOLDER == "must be a str naming the holder, or None"


class TestShownWhole:
    """Each table as it prints and as it shows in a notebook, every cell of it."""

    def test_the_limit_as_text(self) -> None:
        """A row per grant and year, amounts grouped, numbers aligned right."""
        table = iso_limit([iso_grant("2024-03-01", 30_000), iso_grant("2024-06-01", 1_000, "7.00")])
        assert str(table) == (
            "ISO limit\n"
            "  Grant  Year  ISO shares  NSO shares   ISO value\n"
            "  0      2024      20,000      10,000  100,000.00\n"
            "  1      2024           0       1,000        0.00"
        )

    def test_the_limit_as_html(self) -> None:
        """The same cells in an HTML table with a header row."""
        table = iso_limit([iso_grant("2024-03-01", 30_000)])
        assert table._repr_html_() == (
            '<table class="auxer-option"><caption>ISO limit</caption>\n'
            '<thead><tr><th scope="col">Grant</th><th scope="col">Year</th>'
            '<th scope="col">ISO shares</th><th scope="col">NSO shares</th>'
            '<th scope="col">ISO value</th></tr></thead>\n'
            "<tbody>\n"
            "<tr><td>0</td><td>2024</td><td>20,000</td><td>10,000</td><td>100,000.00</td></tr>\n"
            "</tbody></table>"
        )

    def figures(self) -> Any:
        """The figures of the docstring's ISO, exercised at $8."""
        grant = iso_grant("2024-02-29", 1_000)
        _, record = exercise(grant, 1_000, "2024-06-03", fair_market_value="8.00")
        return tax_figures(grant, record)

    def test_tax_figures_as_text(self) -> None:
        """A figure a line, by its name in words; amounts grouped, dates in ISO form."""
        assert str(self.figures()) == (
            "Tax figures\n"
            "  Figure                      Value\n"
            "  kind                   OPTION_ISO\n"
            "  bargain element          3,000.00\n"
            "  ordinary income              0.00\n"
            "  amt preference           3,000.00\n"
            "  qualifying from        2026-03-01\n"
            "  unvested shares                 0\n"
            "  election 83b deadline        None"
        )

    def test_tax_figures_as_html(self) -> None:
        """The same figures in an HTML table, a row each."""
        assert self.figures()._repr_html_() == (
            '<table class="auxer-option"><caption>Tax figures</caption>\n'
            "<tbody>\n"
            '<tr><th scope="row">kind</th><td>OPTION_ISO</td></tr>\n'
            '<tr><th scope="row">bargain element</th><td>3,000.00</td></tr>\n'
            '<tr><th scope="row">ordinary income</th><td>0.00</td></tr>\n'
            '<tr><th scope="row">amt preference</th><td>3,000.00</td></tr>\n'
            '<tr><th scope="row">qualifying from</th><td>2026-03-01</td></tr>\n'
            '<tr><th scope="row">unvested shares</th><td>0</td></tr>\n'
            '<tr><th scope="row">election 83b deadline</th><td>None</td></tr>\n'
            "</tbody></table>"
        )

    def sale(self) -> Disposition:
        """The docstring's qualifying sale at $12."""
        grant = iso_grant("2024-02-29", 1_000)
        _, record = exercise(grant, 1_000, "2024-06-03", fair_market_value="8.00")
        return disposition(grant, record, on="2026-03-01", price="12.00")

    def test_a_disposition_as_text(self) -> None:
        """A figure a line, by its name in words."""
        assert str(self.sale()) == (
            "Disposition\n"
            "  Figure               Value\n"
            "  qualifying            True\n"
            "  long term             True\n"
            "  proceeds         12,000.00\n"
            "  cost              5,000.00\n"
            "  ordinary income       0.00\n"
            "  capital gain      7,000.00"
        )

    def test_a_disposition_as_html(self) -> None:
        """The same figures in an HTML table, a row each."""
        assert self.sale()._repr_html_() == (
            '<table class="auxer-option"><caption>Disposition</caption>\n'
            "<tbody>\n"
            '<tr><th scope="row">qualifying</th><td>True</td></tr>\n'
            '<tr><th scope="row">long term</th><td>True</td></tr>\n'
            '<tr><th scope="row">proceeds</th><td>12,000.00</td></tr>\n'
            '<tr><th scope="row">cost</th><td>5,000.00</td></tr>\n'
            '<tr><th scope="row">ordinary income</th><td>0.00</td></tr>\n'
            '<tr><th scope="row">capital gain</th><td>7,000.00</td></tr>\n'
            "</tbody></table>"
        )


#: An NSO of 2024, and an ISO, to read hand-made exercise records against.
NSO_2024 = OptionGrant("2024-01-02", 1_000, "5.00", term="10 years", compensation_type="OPTION_NSO")
ISO_2024 = iso_grant("2024-01-02", 1_000)
#: The largest 50-digit amount below 10.
NINES = Decimal("9." + "9" * 49)


def record(shares: int, price: object, value: object) -> Exercise:
    """An exercise record as a file might hold it, made on 2024-03-01: its figures are read
    from its price, shares and fair market value (its cost and spread are not read)."""
    return Exercise(dt.date(2024, 3, 1), shares, price, "0", fair_market_value=value, spread="0")  # type: ignore[arg-type]


class TestTooLongToBeExact:
    """A figure that would need more than 50 digits is refused by its name, never rounded."""

    @pytest.mark.parametrize(
        ("case", "rounding"),
        [
            (record(1, "0.05", 10**49), DEFAULT_ROUNDING),  # the spread a share
            (record(3, "0", NINES), DEFAULT_ROUNDING),  # the spread times the shares
            (record(1, "0", 10**49), DEFAULT_ROUNDING),  # that in cents
        ],
    )
    def test_the_bargain_element(self, case: Exercise, rounding: str) -> None:
        """Its three steps name the bargain element."""
        with pytest.raises(PrecisionError) as raised:
            tax_figures(NSO_2024, case, rounding=rounding)
        refused(raised, field="bargain_element", rule=RESULT_TOO_LONG)

    @pytest.mark.parametrize(
        ("grant", "case", "price", "rounding", "field"),
        [
            (NSO_2024, record(3, "1", "1"), NINES, DEFAULT_ROUNDING, "proceeds"),
            (NSO_2024, record(1, "1", "1"), 10**49, DEFAULT_ROUNDING, "proceeds"),  # in cents
            (NSO_2024, record(3, NINES, NINES), 1, DEFAULT_ROUNDING, "cost"),
            (NSO_2024, record(1, 10**49, 10**49), 1, DEFAULT_ROUNDING, "cost"),  # in cents
            (  # the price paid and the income taxed at exercise
                NSO_2024,
                record(2, Decimal(f"3{'0' * 47}.01"), Decimal(f"6{'0' * 47}.01")),
                1,
                DEFAULT_ROUNDING,
                "cost",
            ),
            (ISO_2024, record(1, "0.0001", "0.0001"), Decimal("1E+49"), None, "ordinary_income"),
            (NSO_2024, record(1, "0.0001", "0.0001"), Decimal("1E+49"), None, "capital_gain"),
            (ISO_2024, record(1, "1", "1.0001"), Decimal("1E+49"), None, "capital_gain"),
        ],
    )
    def test_a_disposition(
        self, grant: OptionGrant, case: Exercise, price: object, rounding: str | None, field: str
    ) -> None:
        """Each step of a sale's figures names the figure it was working out."""
        with pytest.raises(PrecisionError) as raised:
            disposition(grant, case, on="2024-06-03", price=price, rounding=rounding)  # type: ignore[arg-type]
        refused(raised, field=field, rule=RESULT_TOO_LONG)

    def test_an_iso_value(self) -> None:
        """A row's ISO value, its shares at a 50-digit value, names ``iso_value``."""
        with pytest.raises(PrecisionError) as raised:
            iso_limit([iso_grant("2024-03-01", 7, NINES)])
        refused(raised, field="iso_value", rule=RESULT_TOO_LONG)


def last_iso(granted: str = "9989-12-31") -> OptionGrant:
    """An ISO granted on ``granted`` that expires on the calendar's last day."""
    return OptionGrant(
        granted,
        1_000,
        "1.00",
        expiration_date="9999-12-31",
        compensation_type="OPTION_ISO",
        termination_windows={"VOLUNTARY_OTHER": "30 days"},
    )


class TestTheCalendarsEnd:
    """Near 9999-12-31: what can still be said is said; a date past it is refused by name."""

    def test_an_iso_stays_one_to_the_last_day(self) -> None:
        """Left less than 3 months before the end: every day on the calendar is an ISO's."""
        left = terminate(last_iso(), "9999-11-15", "VOLUNTARY_OTHER")
        assert iso_status(left, "9999-12-31") is ISO

    def test_no_sale_is_long_term_in_the_last_year(self) -> None:
        """A year after the exercise is past the calendar: a sale before it is short term."""
        grant = OptionGrant(
            "9999-01-01", 100, "1.00", expiration_date="9999-12-31", compensation_type="OPTION_NSO"
        )
        _, made = exercise(grant, 100, "9999-03-01", fair_market_value="2.00")
        sale = disposition(grant, made, on="9999-12-31", price="3.00")
        assert (sale.long_term, sale.capital_gain) == (False, Decimal("100.00"))

    @pytest.mark.parametrize(
        ("granted", "exercised", "rule"),
        [
            ("9998-06-01", "9998-07-01", after_the_last_date(dt.date(9998, 6, 1), Term(years=2))),
            ("9989-12-31", "9999-02-01", after_the_last_date(dt.date(9999, 2, 1), Term(years=1))),
            ("9989-12-31", "9998-12-31", off_the_calendar(1)),  # its anniversary is the last day
        ],
    )
    def test_qualifying_from_past_the_end(self, granted: str, exercised: str, rule: str) -> None:
        """An ISO's first qualifying day past 9999-12-31 is refused, naming it."""
        after, made = exercise(last_iso(granted), 100, exercised, fair_market_value="2.00")
        with pytest.raises(InvalidDateError) as raised:
            tax_figures(after, made)
        refused(raised, field="qualifying_from", rule=rule)

    def test_an_83b_deadline_past_the_end(self) -> None:
        """An election due after 9999-12-31 is refused, naming its deadline."""
        grant = OptionGrant(
            "9999-01-01",
            1_100,
            "1.00",
            expiration_date="9999-12-31",
            vesting=VestingSchedule.graded("9999-01-20", months=11, every=1),
            early_exercisable=True,
            compensation_type="OPTION_NSO",
        )
        after, made = exercise(grant, 1_100, "9999-12-15", fair_market_value="2.00")
        with pytest.raises(InvalidDateError) as raised:
            tax_figures(after, made)
        refused(raised, field="election_83b_deadline", rule=off_the_calendar(30))


class TestWhichExercise:
    """The exercise a record is: itself among the grant's, an equal one, or the next."""

    def early(self) -> OptionGrant:
        """48,000 shares vesting monthly from 2024-01-15, exercisable early."""
        return iso_grant(
            "2024-01-15", 48_000, vesting=monthly("2024-01-15"), early_exercisable=True
        )

    def test_two_equal_exercises(self) -> None:
        """Of two equal exercises on one day, the second is counted after the first."""
        grant, first = exercise(self.early(), 2_000, "2024-03-20", fair_market_value="5.00")
        grant, second = exercise(grant, 2_000, "2024-03-20", fair_market_value="5.00")
        assert first == second
        assert tax_figures(grant, first).unvested_shares == 0
        assert tax_figures(grant, second).unvested_shares == 2_000

    def test_a_copy_is_the_exercise_it_equals(self) -> None:
        """A record equal to one of the grant's (read back from a file) is that exercise."""
        grant, first = exercise(self.early(), 2_000, "2024-03-20", fair_market_value="5.00")
        grant, _ = exercise(grant, 1_000, "2024-03-20", fair_market_value="5.00")
        copy = attrs.evolve(first)
        assert copy is not first
        assert tax_figures(grant, copy).unvested_shares == 0

    def test_the_next_exercise_after_a_split(self) -> None:
        """A record not yet on the grant has the figures it has once recorded."""
        grant = adjust_for_split(self.early(), "2:1", on="2024-02-01")  # 2,000 vested in force
        after, made = exercise(grant, 5_000, "2024-03-20", fair_market_value="3.00")
        assert tax_figures(grant, made) == tax_figures(after, made)
        assert tax_figures(grant, made).unvested_shares == 1_000
