"""What a grant is worth, and the SEC's simplified expected term."""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option import (
    AUXER_1999,
    LatticeValuation,
    OptionGrant,
    VestingSchedule,
    accelerate,
    adjust_for_split,
    black_scholes,
    employee_option_value,
    exercise,
    fair_value,
    simplified_expected_term,
    terminate,
)
from auxer_option._inputs import input_range
from auxer_option._lattice import VESTS_AFTER_EXPIRY
from auxer_option._money import (
    ESTIMATE_DIGITS,
    NOT_AN_ESTIMATE,
    NOT_PLAIN_NUMBER,
    estimate,
    fraction_decimal,
    rounding_mode_rule,
)
from auxer_option._terms import NOT_A_DATETIME
from auxer_option._text import plain
from auxer_option._valuation import (
    AFTER_THE_LAST_DAY,
    AFTER_THE_TERM,
    BEFORE_THE_GRANT,
    LATTICE_INPUT_ONLY,
    LONGER_THAN_LEFT,
    NEEDS_A_TERM,
    NEEDS_LATTICE_INPUT,
    NO_TIME_FOR_A_TREE,
    NO_TRANCHE,
    NOTHING_VESTS,
    TERM_OF_THE_LATTICE,
)
from auxer_option.exceptions import (
    AmountTypeError,
    DateTypeError,
    ExerciseWindowError,
    InvalidAmountError,
    InvalidChoiceError,
    InvalidDateError,
    InvalidModelError,
    InvalidTermError,
    OptionError,
    OptionTypeError,
)
from auxer_option.testing.strategies import option_grants
from tests.grants import FOUR_YEARS, FRACTIONAL_18, SPLIT_AFTER_LEAVING
from tests.messages import refused
from tests.strategies import (
    anything,
    exercised_grants,
    grants_with_later_history,
    vesting_grants,
)
from tests.test_valuation import LOCAL, reference, within_bar

GRANT_DAY = dt.date(1999, 7, 1)
# The valuation page's assumptions: spot at the exercise price, σ 100%, r 5%.
MARKET: dict[str, Any] = {"spot": "0.13", "volatility": "1.00", "risk_free_rate": "0.05"}
#: The rule of a vesting or contractual time out of range.
YEARS = input_range("vesting_years", 0, 100)


#: A grant whose schedule vests after its last exercise date: some shares never can be.
VESTS_AFTER_THE_LAST_DAY = OptionGrant(
    "2024-01-01",
    100,
    "1",
    expiration_date="2024-12-31",
    vesting=VestingSchedule.graded("2024-01-01", months=24),
)


class TestAuxer:
    def test_on_its_grant_date(self) -> None:
        """92 days to 1 October 1999, Actual/365 Fixed; 1,000,000 shares; total in cents."""
        valuation = fair_value(AUXER_1999, on=GRANT_DAY, **MARKET)
        assert valuation.years == decimal.Context(prec=28).divide(Decimal(92), 365)
        assert within_bar(
            valuation.value, reference("0.13", "0.13", valuation.years, 1, "0.05")["value"]
        )
        assert valuation.value == Decimal("0.026427298041783")
        assert valuation.shares == 1_000_000
        assert valuation.total == Decimal("26427.30")
        assert valuation.strike == Decimal("0.13")

    @pytest.mark.parametrize("dividend_yield", ["0", "0.03"])
    def test_is_black_scholes_on_the_grant(self, dividend_yield: str) -> None:
        market = {**MARKET, "dividend_yield": dividend_yield}
        valuation = fair_value(AUXER_1999, on="1999-08-15", **market)
        model = black_scholes(strike="0.13", years=valuation.years, **market)
        assert valuation.dividend_yield == Decimal(dividend_yield)
        assert (valuation.value, valuation.delta, valuation.theta) == (
            model.value,
            model.delta,
            model.theta,
        )

    def test_on_the_last_exercise_date_the_intrinsic_value(self) -> None:
        valuation = fair_value(AUXER_1999, on="1999-10-01", **{**MARKET, "spot": "0.50"})
        assert valuation.years == 0
        assert valuation.value == Decimal("0.37")
        assert valuation.total == Decimal("370000.00")

    def test_exact_total(self) -> None:
        valuation = fair_value(AUXER_1999, on=GRANT_DAY, rounding=None, **MARKET)
        assert valuation.total == Decimal("26427.298041783")

    def test_expected_term(self) -> None:
        """The SAB 107 term of a grant vested at once with three months to run: 0.125 years."""
        term = simplified_expected_term(0, "0.25")
        valuation = fair_value(AUXER_1999, on=GRANT_DAY, expected_term=term, **MARKET)
        assert valuation.years == Decimal("0.125")
        assert valuation.value == black_scholes(strike="0.13", years="0.125", **MARKET).value

    def test_after_a_split_the_terms_in_force(self) -> None:
        """A 2:1 split: 2,000,000 shares struck at $0.065, valued at the split spot."""
        split = adjust_for_split(AUXER_1999, "2:1")
        valuation = fair_value(split, on=GRANT_DAY, **{**MARKET, "spot": "0.065"})
        assert (valuation.shares, valuation.strike) == (2_000_000, Decimal("0.065"))
        half = fair_value(AUXER_1999, on=GRANT_DAY, rounding=None, **MARKET).value
        assert abs(Fraction(valuation.value) * 2 - Fraction(half)) <= Fraction(1, 10**14)

    def test_after_an_exercise_the_outstanding_shares(self) -> None:
        grant, _ = exercise(AUXER_1999, 400_000, "1999-08-02")
        valuation = fair_value(grant, on="1999-08-02", **MARKET)
        assert valuation.shares == 600_000

    def test_terminated_grant_runs_to_its_window(self) -> None:
        """A termination shortens the time to the end of the post-termination window."""
        ended = terminate(FOUR_YEARS, "2026-06-30", "VOLUNTARY_OTHER")
        valuation = fair_value(
            ended, on="2026-06-30", spot="3", volatility="0.6", risk_free_rate="0.04"
        )
        assert valuation.years == decimal.Context(prec=28).divide(Decimal(92), 365)
        assert valuation.shares == ended.outstanding_shares


class TestFairValueLaws:
    @given(exercised_grants(), st.integers(0, 10**6), st.integers(1, 500))
    def test_total_is_value_times_outstanding_shares(
        self, grant: OptionGrant, cents: int, volatility: int
    ) -> None:
        on = grant.exercises[-1].date if grant.exercises else grant.grant_date
        valuation = fair_value(
            grant,
            on=on,
            spot=Decimal(f"{cents}E-2"),
            volatility=Decimal(f"{volatility}E-2"),
            risk_free_rate="0.03",
            rounding=None,
        )
        assert valuation.shares == grant.outstanding_shares
        assert valuation.total is not None
        assert Fraction(valuation.total) == Fraction(valuation.value) * grant.outstanding_shares


class TestFairValueBadInput:
    @pytest.mark.parametrize(
        ("options", "error", "field", "rule"),
        [
            (
                {"on": "1999-06-30"},
                InvalidDateError,
                "on",
                BEFORE_THE_GRANT.format(grant_date=GRANT_DAY),
            ),
            (
                {"on": dt.date(2026, 11, 25)},
                ExerciseWindowError,
                "on",
                AFTER_THE_LAST_DAY.format(last=dt.date(1999, 10, 1)),
            ),
            (
                {"on": GRANT_DAY, "expected_term": "0.5"},
                InvalidTermError,
                "expected_term",
                LONGER_THAN_LEFT.format(
                    days=92, years="0.2520547945205479452054794521", last=dt.date(1999, 10, 1)
                ),
            ),
            (
                {"on": GRANT_DAY, "expected_term": "101"},
                InvalidTermError,
                "expected_term",
                input_range("expected_term", 0, 100),
            ),
            (
                {"on": GRANT_DAY, "rounding": "nearest"},
                InvalidChoiceError,
                "rounding",
                rounding_mode_rule("None (exact) or "),
            ),
            ({"on": dt.datetime(1999, 7, 1, 12)}, DateTypeError, "on", NOT_A_DATETIME),
        ],
    )
    def test_refused(
        self, options: dict[str, Any], error: type[OptionError], field: str, rule: str
    ) -> None:
        """Each refusal is of its own class, and names the field, the value and the rule."""
        with pytest.raises(error) as raised:
            fair_value(AUXER_1999, **{**MARKET, **options})
        refused(raised, cls=error, field=field, value=options[field], rule=rule)

    def test_expected_term_of_all_the_time_left(self) -> None:
        """An expected term may run to the last exercise date, and no further."""
        whole = fair_value(AUXER_1999, on=GRANT_DAY, **MARKET)
        assert fair_value(AUXER_1999, on=GRANT_DAY, expected_term=whole.years, **MARKET) == whole

    @given(
        st.sampled_from(
            [
                "on",
                "spot",
                "volatility",
                "risk_free_rate",
                "dividend_yield",
                "expected_term",
                "rounding",
            ]
        ),
        anything(),
    )
    def test_only_option_errors_escape(self, field: str, value: object) -> None:
        arguments = {"on": GRANT_DAY, **MARKET, field: value}
        with contextlib.suppress(OptionError):
            fair_value(AUXER_1999, **arguments)


class TestGrantsOwnExpectedTerm:
    """simplified_expected_term(grant): the grant's own schedule, weighted by shares."""

    def test_worked_grant(self) -> None:
        """Four equal tranches 1 to 4 years (of 365 days) in, ten years to the last day."""
        grant = OptionGrant(
            "2021-01-01",
            1_000,
            "1",
            expiration_date=dt.date(2021, 1, 1) + dt.timedelta(days=3650),
            vesting=VestingSchedule.tranches(
                (dt.date(2021, 1, 1) + dt.timedelta(days=365 * year), 250) for year in (1, 2, 3, 4)
            ),
        )
        assert simplified_expected_term(grant) == Decimal("6.25")
        assert simplified_expected_term(grant) == simplified_expected_term([1, 2, 3, 4], 10)

    def test_weighted_by_shares(self) -> None:
        """A tranche of three times the shares counts three times."""
        grant = OptionGrant(
            "2021-01-01",
            4,
            "1",
            expiration_date=dt.date(2021, 1, 1) + dt.timedelta(days=3650),
            vesting=VestingSchedule.tranches([("2022-01-01", 3), ("2024-12-31", 1)]),
        )
        assert simplified_expected_term(grant) == simplified_expected_term([1, 1, 1, 4], 10)

    @given(option_grants())
    def test_vesting_at_once_is_half_the_term(self, grant: OptionGrant) -> None:
        """A grant vested at grant has (0 + term) / 2, the term in days over 365."""
        days = (grant.last_exercise_date - grant.grant_date).days
        exact = Fraction(days, 2 * 365)
        result = simplified_expected_term(grant)
        assert abs(Fraction(result) - exact) <= exact / 10**27
        if days % 73 == 0:  # days / 365 ends: then so does the term, exactly
            assert Fraction(result) == exact

    @given(vesting_grants(max_events=0))
    def test_between_half_the_term_and_the_term(self, grant: OptionGrant) -> None:
        """The term is from half the option's term to all of it, and fair_value takes it;
        a schedule vesting after the last exercise date is refused."""
        last = grant.last_exercise_date
        schedule = grant.vesting
        tranches = () if schedule.is_immediate else schedule.installments(grant.shares)
        term_years = Fraction((last - grant.grant_date).days, 365)
        if any(day > last for day, _ in tranches):
            with pytest.raises(InvalidTermError) as raised:
                simplified_expected_term(grant)
            years = LOCAL.divide(Decimal((last - grant.grant_date).days), 365)
            rule = AFTER_THE_TERM.format(years=plain(years))
            refused(raised, field="vesting", value=schedule, rule=rule)
            return
        weighted = sum(
            (max(0, (day - grant.grant_date).days) * Fraction(shares) for day, shares in tranches),
            Fraction(0),
        )
        exact = (weighted / grant.shares / 365 + term_years) / 2
        result = simplified_expected_term(grant)
        assert abs(Fraction(result) - exact) <= exact / 10**27
        assert term_years / 2 <= exact <= term_years
        valuation = fair_value(grant, on=grant.grant_date, **MARKET, expected_term=result)
        assert valuation.years == result

    def test_vesting_before_the_grant_counts_as_at_grant(self) -> None:
        """Shares that vested before the grant date vest at grant: no negative times."""
        grant = OptionGrant(
            "2024-01-01",
            2,
            "1",
            expiration_date=dt.date(2024, 1, 1) + dt.timedelta(days=730),
            vesting=VestingSchedule.tranches([("2023-01-01", 1), ("2024-01-01", 1)]),
        )
        assert simplified_expected_term(grant) == Decimal(1)

    def test_vesting_on_the_last_day(self) -> None:
        """Shares vesting on the last exercise date itself count, at the whole term."""
        grant = OptionGrant(
            "2024-01-01",
            1,
            "1",
            expiration_date=dt.date(2024, 1, 1) + dt.timedelta(days=730),
            vesting=VestingSchedule.tranches([(dt.date(2024, 1, 1) + dt.timedelta(days=730), 1)]),
        )
        assert simplified_expected_term(grant) == Decimal(2)

    def test_a_terminated_grant_counts_what_vests(self) -> None:
        """Installments forfeited by a termination are not counted, nor refused: the shares
        vested by then count, to the last exercise date the termination sets."""
        grant = OptionGrant(
            grant_date="2024-01-15",
            shares=48000,
            exercise_price="1.25",
            term="10 years",
            vesting=VestingSchedule.parse("48 months, 12-month cliff", start="2024-01-15"),
        )
        ended = terminate(grant, on="2025-06-01", reason="voluntary other")
        start, last = ended.grant_date, ended.last_exercise_date
        vested = 12000 + 4 * 1000  # the cliff's year, then four months to 2025-05-15
        monthly = sum((dt.date(2025, month, 15) - start).days for month in (2, 3, 4, 5))
        weighted = Fraction(366 * 12000 + monthly * 1000)
        exact = (weighted / vested + (last - start).days) / 730
        result = simplified_expected_term(ended)
        assert abs(Fraction(result) - exact) <= exact / 10**27

    def test_accelerated_shares_count_when_they_vest(self) -> None:
        """Shares accelerated to the grant date count there, not at their installments."""
        grant = OptionGrant(
            "2024-01-01",
            2,
            "1",
            expiration_date=dt.date(2024, 1, 1) + dt.timedelta(days=730),
            vesting=VestingSchedule.tranches([("2024-12-31", 1), ("2025-12-31", 1)]),
        )
        sped = accelerate(grant, on="2024-01-01", shares=2)
        assert simplified_expected_term(sped) == Decimal(1)

    def test_a_grant_terminated_before_vesting_refused(self) -> None:
        """Every share forfeited before it vested: no expected term, and the rule says why."""
        grant = OptionGrant(
            "2024-01-15",
            48000,
            "1.25",
            term="10 years",
            vesting=VestingSchedule.parse("48 months, 12-month cliff", start="2024-01-15"),
        )
        ended = terminate(grant, on="2024-06-01", reason="voluntary other")
        with pytest.raises(InvalidTermError) as raised:
            simplified_expected_term(ended)
        refused(raised, field="termination", value=ended.termination, rule=NOTHING_VESTS)

    def test_vesting_after_the_term_refused(self) -> None:
        """A schedule that vests after the last exercise date has no simplified term."""
        grant = VESTS_AFTER_THE_LAST_DAY
        with pytest.raises(InvalidTermError) as raised:
            simplified_expected_term(grant)
        rule = AFTER_THE_TERM.format(years="1")
        refused(raised, field="vesting", value=grant.vesting, rule=rule)


class TestSimplifiedExpectedTerm:
    @pytest.mark.parametrize(
        ("vesting", "contractual", "term"),
        [
            ([1, 2, 3, 4], 10, "6.25"),  # four yearly tranches, ten years
            (4, 10, "7"),  # a four-year cliff
            (0, "0.25", "0.125"),  # the Auxer grant
            ([1, 2, 4], 10, "6.166666666666666666666666667"),  # 37/6, to 28 digits
            ([0.5, 1.5], 5.0, "3"),  # floats, as their shortest repr
            ([Fraction(1), Fraction(3, 2)], Fraction(10), "5.625"),  # Fractions, exactly
            (Fraction(1, 3), 1, "0.6666666666666666666666666667"),  # 2/3, rounded once
            (("0.5", Decimal("1.5")), 5, "3"),
            (10, 10, "10"),
        ],
    )
    def test_midpoint(self, vesting: Any, contractual: Any, term: str) -> None:
        result = simplified_expected_term(vesting, contractual)
        assert str(result) == term

    @given(st.lists(st.integers(0, 40), min_size=1, max_size=50), st.integers(40, 100))
    def test_mean_of_the_tranche_midpoints(self, tranches: list[int], contractual: int) -> None:
        """The term is the average, over tranches, of (vesting + contractual)/2."""
        result = simplified_expected_term([Decimal(t) for t in tranches], contractual)
        exact = sum((Fraction(t + contractual, 2) for t in tranches), Fraction(0)) / len(tranches)
        assert abs(Fraction(result) - exact) <= exact / 10**27

    @given(
        st.lists(st.fractions(0, 40, max_denominator=10**6), min_size=1, max_size=20),
        st.fractions(40, 100, max_denominator=10**6),
    )
    @example([Fraction(1, 3)], Fraction(1))  # 1/3 rounded, then halved, ended ...6666
    @example([Fraction(99), Fraction(1, 10**49)], Fraction(100))  # a sum past 50 digits was refused
    @example([Fraction(1)] * 11, Fraction(10**50 - 1, 10**49))  # so was such a product
    def test_exact_then_rounded_once(self, tranches: list[Fraction], contractual: Fraction) -> None:
        """Fractions, and sums of any length, are exact until one rounding to 28 digits."""
        result = simplified_expected_term(tranches, contractual)
        exact = (sum(tranches, Fraction(0)) / len(tranches) + contractual) / 2
        assert result == fraction_decimal(exact)  # as any Fraction estimate is read
        if Fraction(result) != exact:
            assert len(result.as_tuple().digits) <= ESTIMATE_DIGITS
            unit = Fraction(10) ** (result.adjusted() - ESTIMATE_DIGITS + 1)
            assert abs(Fraction(result) - exact) <= unit / 2

    @given(st.fractions(0, 50))
    @example(Fraction(1, 2**50))  # 35 digits: it was rounded to 28, black_scholes kept them
    def test_the_years_black_scholes_reads(self, years: Fraction) -> None:
        """Vesting at once over 2x years is x years, the number black_scholes reads from x."""
        assert simplified_expected_term(0, 2 * years) == estimate(years, "years")

    def test_digits_that_end_kept(self) -> None:
        """A term whose 35 decimal digits end is kept exactly, not rounded to 28."""
        result = simplified_expected_term(0, Fraction(2, 2**50))
        assert Fraction(result) == Fraction(1, 2**50)

    @pytest.mark.parametrize(
        ("vesting", "contractual", "error", "refusal"),
        [
            ([], 10, InvalidTermError, ("vesting_years", [], NO_TRANCHE)),
            (
                [1, 11],
                10,
                InvalidTermError,
                ("vesting_years[1]", 11, AFTER_THE_TERM.format(years=10)),
            ),
            (-1, 10, InvalidTermError, ("vesting_years", -1, YEARS)),
            (1, -10, InvalidTermError, ("contractual_years", -10, YEARS)),
            ([True], 10, AmountTypeError, ("vesting_years", True, NOT_AN_ESTIMATE)),
            (1, None, OptionTypeError, ("contractual_years", None, NEEDS_A_TERM)),
            (1, "ten", InvalidAmountError, ("contractual_years", "ten", NOT_PLAIN_NUMBER)),
        ],
    )
    def test_bad_input(
        self,
        vesting: Any,
        contractual: Any,
        error: type[OptionError],
        refusal: tuple[str, object, str],
    ) -> None:
        with pytest.raises(error) as raised:
            simplified_expected_term(vesting, contractual)
        field, value, rule = refusal
        refused(raised, cls=error, field=field, value=value, rule=rule)


# The grant: 10,000 options, 2,500 vesting on each of the four anniversaries.
ANNUAL = OptionGrant(
    "2024-01-01",
    10_000,
    "10.00",
    term="10 years",
    vesting=VestingSchedule.parse("4 years, annually", start="2024-01-01"),
)
LATTICE: dict[str, Any] = {
    "spot": "10.00",
    "volatility": "0.35",
    "risk_free_rate": "0.04",
    "model": "lattice",
    "exit_rate": "0.1",
    "exercise_multiple": "2.5",
    "steps_per_year": 12,
}


def tranche_value(grant: OptionGrant, on: str, vesting_days: int, **market: Any) -> Decimal:
    """One tranche's value, by employee_option_value, vesting ``vesting_days`` after ``on``."""
    years = fraction_decimal(
        Fraction((grant.last_exercise_date - dt.date.fromisoformat(on)).days, 365)
    )
    inputs = {key: value for key, value in market.items() if key != "model"}
    return employee_option_value(
        strike=grant.adjusted_exercise_price,
        years=years,
        vesting_years=fraction_decimal(Fraction(vesting_days, 365)),
        **inputs,
    ).value


class TestLatticeFairValue:
    """fair_value(model="lattice"): each vesting tranche on its own Hull-White tree."""

    def test_four_annual_tranches(self) -> None:
        """Four tranches of 2,500, each vesting on its anniversary (366 days for 2024)."""
        valuation = fair_value(ANNUAL, on="2024-01-01", **LATTICE, rounding=None)
        assert isinstance(valuation, LatticeValuation)
        assert [tranche.shares for tranche in valuation.tranches] == [2_500] * 4
        days = [366, 731, 1096, 1461]
        expected = [tranche_value(ANNUAL, "2024-01-01", day, **LATTICE) for day in days]
        assert [tranche.value for tranche in valuation.tranches] == expected
        assert valuation.shares == 10_000
        assert Fraction(valuation.total) == sum(Fraction(value) * 2_500 for value in expected)
        rounded = fair_value(ANNUAL, on="2024-01-01", **LATTICE)
        assert rounded.total == LOCAL.quantize(valuation.total, Decimal("0.01"))

    def test_value_and_term_are_share_weighted(self) -> None:
        """The value and the expected term are the tranches' means, weighted by shares."""
        valuation = fair_value(FOUR_YEARS, on="2024-06-30", **LATTICE, rounding=None)
        shares = sum(Fraction(tranche.shares or 0) for tranche in valuation.tranches)
        assert shares == valuation.shares == 48_000
        worth = sum(Fraction(t.value) * (t.shares or 0) for t in valuation.tranches)
        term = sum(Fraction(t.expected_term) * (t.shares or 0) for t in valuation.tranches)
        assert float(valuation.value) == pytest.approx(float(worth / shares), rel=1e-13)
        assert float(valuation.expected_term) == pytest.approx(float(term / shares), rel=1e-13)
        assert Fraction(valuation.total) == worth

    def test_later_vesting_worth_less_with_exits(self) -> None:
        """With exits, a tranche that vests later is forfeited more often: worth less."""
        values = [
            tranche.value for tranche in fair_value(ANNUAL, on="2024-01-01", **LATTICE).tranches
        ]
        assert values == sorted(values, reverse=True)

    def test_vested_shares_are_one_tranche_less_exercises(self) -> None:
        """Shares vested by the day, less those exercised, vest at once; the rest later."""
        grant, _ = exercise(ANNUAL, 1_000, on="2025-06-01")
        valuation = fair_value(grant, on="2025-06-01", **LATTICE)
        assert [tranche.shares for tranche in valuation.tranches] == [1_500, 2_500, 2_500, 2_500]
        assert valuation.tranches[0].vesting_years == 0

    def test_fractional_shares(self) -> None:
        """A schedule vesting fractions of a share weighs its tranches by those fractions."""
        valuation = fair_value(FRACTIONAL_18, on="2024-01-01", **LATTICE)
        assert [tranche.shares for tranche in valuation.tranches] == [Fraction(9, 2)] * 4
        assert valuation.shares == 18

    def test_nothing_left(self) -> None:
        """Every share exercised: no tranche, a total of 0, and the value of a vested option."""
        grant, _ = exercise(AUXER_1999, 1_000_000, on=GRANT_DAY)
        valuation = fair_value(grant, on=GRANT_DAY, **{**LATTICE, "spot": "0.13"})
        assert (valuation.tranches, valuation.shares, valuation.total) == ((), 0, 0)
        assert valuation.value > 0

    def test_terminated_grant_loses_its_forfeited_shares(self) -> None:
        """A termination forfeits the unvested shares: they are no tranche."""
        grant = terminate(ANNUAL, on="2026-06-01", reason="voluntary other")
        valuation = fair_value(grant, on="2026-06-01", **LATTICE)
        assert [tranche.shares for tranche in valuation.tranches] == [5_000]

    def test_shown(self) -> None:
        """The summary lists each tranche."""
        valuation = fair_value(ANNUAL, on="2024-01-01", **LATTICE)
        assert "Tranche 4" in str(valuation)
        assert "10,000 shares" in str(valuation)
        assert repr(valuation).startswith("LatticeValuation(value=Decimal(")

    def test_black_scholes_by_name_is_the_default(self) -> None:
        """model="black_scholes" is what fair_value does unless told."""
        assert fair_value(AUXER_1999, on=GRANT_DAY, model="black_scholes", **MARKET) == fair_value(
            AUXER_1999, on=GRANT_DAY, **MARKET
        )


class TestLatticeFairValueBadInput:
    @pytest.mark.parametrize("field", ["exit_rate", "exercise_multiple", "steps_per_year"])
    def test_lattice_input_left_out(self, field: str) -> None:
        """The lattice needs all three of its inputs."""
        with pytest.raises(OptionTypeError) as raised:
            fair_value(ANNUAL, on="2024-01-01", **{**LATTICE, field: None})
        refused(raised, field=field, value=None, rule=NEEDS_LATTICE_INPUT)

    @pytest.mark.parametrize(
        ("field", "value"), [("exit_rate", "0.1"), ("exercise_multiple", 2), ("steps_per_year", 50)]
    )
    def test_lattice_input_given_to_black_scholes(self, field: str, value: object) -> None:
        """Black-Scholes refuses an input it would ignore."""
        with pytest.raises(InvalidModelError) as raised:
            fair_value(ANNUAL, on="2024-01-01", **MARKET, **{field: value})  # type: ignore[call-overload]
        refused(raised, field=field, value=value, rule=LATTICE_INPUT_ONLY)

    def test_expected_term_given_to_the_lattice(self) -> None:
        """The tree implies its own expected term."""
        with pytest.raises(InvalidTermError) as raised:
            fair_value(ANNUAL, on="2024-01-01", expected_term=5, **LATTICE)
        refused(raised, field="expected_term", value=5, rule=TERM_OF_THE_LATTICE)

    def test_on_the_last_day(self) -> None:
        """On the last exercise date no time is left for a tree."""
        with pytest.raises(InvalidDateError) as raised:
            fair_value(AUXER_1999, on="1999-10-01", **{**LATTICE, "spot": "0.13"})
        refused(raised, field="on", value="1999-10-01", rule=NO_TIME_FOR_A_TREE)

    def test_unknown_model(self) -> None:
        """A model is one of the two."""
        with pytest.raises(InvalidChoiceError) as raised:
            fair_value(ANNUAL, on="2024-01-01", **{**LATTICE, "model": "monte carlo"})
        assert raised.value.field == "model"

    def test_vesting_after_the_last_day(self) -> None:
        """A tranche vesting after the last exercise date could never be exercised."""
        grant = VESTS_AFTER_THE_LAST_DAY
        with pytest.raises(InvalidTermError) as raised:
            fair_value(grant, on="2024-01-01", **{**LATTICE, "spot": 1})
        refused(
            raised,
            field="vesting",
            value=grant.vesting,
            rule=VESTS_AFTER_EXPIRY.format(years=plain(fraction_decimal(Fraction(365, 365)))),
        )

    def test_split_shares_in_force(self) -> None:
        """After a 2-for-1 split, the tranches are in the shares in force: twice as many."""
        split = adjust_for_split(ANNUAL, "2:1", on="2024-06-01")
        valuation = fair_value(split, on="2024-06-01", **{**LATTICE, "spot": "5.00"})
        assert [tranche.shares for tranche in valuation.tranches] == [5_000] * 4
        assert valuation.shares == split.outstanding_shares == 20_000


#: A grant of 1,000 shares at $10 on 2020-01-02, and the same split 2-for-1 on 2022-01-03.
TEN_YEARS = OptionGrant("2020-01-02", 1_000, "10", term="10 years")
SPLIT_LATER = adjust_for_split(TEN_YEARS, "2:1", on="2022-01-03")
AT_TEN: dict[str, Any] = {"spot": "10", "volatility": "0.3", "risk_free_rate": "0.02"}


def _outcome(call: Any) -> object:
    """What ``call()`` gives: its result, or its refusal's class, field and rule."""
    try:
        return call()
    except OptionError as error:
        return type(error), error.field, error.rule


class TestValuedAsOfTheDay:
    """fair_value reads the grant as it stood at the end of ``on``: later records ignored."""

    def test_a_later_split_ignored(self) -> None:
        """Valued on its grant date, a grant split two years later is the grant as granted:
        the price then in force on the shares then outstanding."""
        valuation = fair_value(SPLIT_LATER, on="2020-01-02", **AT_TEN)
        assert (valuation.strike, valuation.shares) == (Decimal(10), 1_000)
        assert valuation == fair_value(TEN_YEARS, on="2020-01-02", **AT_TEN)

    def test_from_the_split_day_the_split_terms(self) -> None:
        """On the split's own day, twice the shares at half the price."""
        valuation = fair_value(SPLIT_LATER, on="2022-01-03", **{**AT_TEN, "spot": "5"})
        assert (valuation.strike, valuation.shares) == (Decimal(5), 2_000)

    def test_a_later_exercise_ignored(self) -> None:
        """Valued before an exercise, the total counts the shares not yet exercised."""
        exercised, _ = exercise(TEN_YEARS, 400, "2023-01-03")
        assert fair_value(exercised, on="2020-01-02", **AT_TEN).shares == 1_000
        assert fair_value(exercised, on="2023-01-02", **AT_TEN).shares == 1_000
        assert fair_value(exercised, on="2023-01-03", **AT_TEN).shares == 600

    def test_a_later_termination_ignored(self) -> None:
        """Before a termination, the whole window and every share are still there."""
        ended = terminate(FOUR_YEARS, "2026-06-30", "VOLUNTARY_OTHER")
        valuation = fair_value(ended, on="2026-06-29", **AT_TEN)
        assert valuation == fair_value(FOUR_YEARS, on="2026-06-29", **AT_TEN)
        assert valuation.years == fraction_decimal(Fraction(2773, 365))  # to 2034-01-31
        assert valuation.shares == 48_000

    def test_a_termination_that_day_counts(self) -> None:
        """A termination takes effect at the end of its day: valued that day, the window
        ends three months later and the unvested shares are gone."""
        ended = terminate(FOUR_YEARS, "2026-06-30", "VOLUNTARY_OTHER")
        valuation = fair_value(ended, on="2026-06-30", **AT_TEN)
        assert valuation.years == fraction_decimal(Fraction(92, 365))
        assert valuation.shares == ended.outstanding_shares == 48_000 - ended.forfeited_shares

    def test_after_a_termination_window_refused_as_of_then(self) -> None:
        """After the post-termination window, nothing is left to value."""
        ended = terminate(FOUR_YEARS, "2026-06-30", "VOLUNTARY_OTHER")
        with pytest.raises(ExerciseWindowError) as raised:
            fair_value(ended, on="2026-10-01", **AT_TEN)
        refused(raised, field="on", rule=AFTER_THE_LAST_DAY.format(last="2026-09-30"))

    def test_lattice_a_later_split_and_termination_ignored(self) -> None:
        """The lattice's tranches are those of the day: as granted, all four of them."""
        later = terminate(
            adjust_for_split(ANNUAL, "2:1", on="2024-06-01"), "2025-06-01", "VOLUNTARY_OTHER"
        )
        valuation = fair_value(later, on="2024-01-01", **LATTICE)
        assert [tranche.shares for tranche in valuation.tranches] == [2_500] * 4
        assert valuation == fair_value(ANNUAL, on="2024-01-01", **LATTICE)

    @given(grants_with_later_history(), st.integers(1, 400), st.integers(0, 3_000))
    @example((FOUR_YEARS, SPLIT_AFTER_LEAVING, dt.date(2025, 6, 14)), 30, 215)
    @example((TEN_YEARS, SPLIT_LATER, dt.date(2020, 1, 2)), 30, 1_000)
    def test_later_history_changes_nothing(
        self, grants: tuple[OptionGrant, OptionGrant, dt.date], volatility: int, cents: int
    ) -> None:
        """Valuing on a day a grant with more history after it gives what valuing the grant
        without that history gives, by either model."""
        past, whole, day = grants
        market: dict[str, Any] = {
            "on": day,
            "spot": Decimal(f"{cents}E-2"),
            "volatility": Decimal(f"{volatility}E-2"),
            "risk_free_rate": "0.03",
        }
        lattice: dict[str, Any] = {
            "model": "lattice",
            "exit_rate": "0.1",
            "exercise_multiple": "2",
            "steps_per_year": 1,
        }
        for inputs in (market, {**market, **lattice}):
            expected = _outcome(lambda: fair_value(past, **inputs))  # noqa: B023
            assert _outcome(lambda: fair_value(whole, **inputs)) == expected  # noqa: B023
