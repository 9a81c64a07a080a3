"""The testing kit downstream projects use: valid values, every one reachable, house style."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from auxer_option import (
    AUXER_1999,
    Exercise,
    ExpiryReading,
    FairMarketValues,
    OptionGrant,
    PaymentMethod,
    Term,
    VestingSchedule,
    exercise,
)
from auxer_option._money import MAX_SHARES
from auxer_option.testing import strategies as aos
from auxer_option.testing._hypothesis import _hypothesis_setup_hook

# Found is enough: no shrinking to the smallest such value, which would cost seconds each.
QUICK = settings(max_examples=2_000, database=None, deadline=None, phases=[Phase.generate])


def reachable(strategy: st.SearchStrategy[Any], condition: Callable[[Any], Any]) -> Any:
    """An example satisfying ``condition``: proof that such a value comes up."""
    return find(strategy, condition, settings=QUICK)


class TestReachable:
    def test_share_count_ends(self) -> None:
        assert reachable(aos.share_counts(), lambda n: n == MAX_SHARES) == MAX_SHARES
        assert reachable(aos.share_counts(), lambda n: n == 1) == 1
        assert reachable(aos.share_counts(min_value=7, max_value=7), lambda _: True) == 7

    def test_prices(self) -> None:
        assert reachable(aos.share_prices(), lambda p: p == 0) == 0
        assert reachable(aos.share_prices(), lambda p: 0 < p < Decimal("0.01"))
        # Trailing zeros are part of how a price is written ("0.130"), and come up too.
        written = reachable(aos.share_prices(), lambda p: "." in str(p) and str(p).endswith("0"))
        assert str(written).endswith("0")
        assert reachable(aos.share_prices(), lambda p: p == 10**9) == 10**9

    @pytest.mark.parametrize(
        ("name", "condition"),
        [
            ("leap day", lambda g: (g.grant_date.month, g.grant_date.day) == (2, 29)),
            ("month end", lambda g: g.grant_date.day == 31),
            ("less one day", lambda g: g.expiry_reading is ExpiryReading.LESS_ONE_DAY),
            ("cutoff", lambda g: g.cutoff_time is not None),
            ("one share", lambda g: g.shares == 1),
            ("stated by date", lambda g: g.term is None),
            ("yen", lambda g: g.currency == "JPY"),
        ],
    )
    def test_grants(self, name: str, condition: Callable[[OptionGrant], bool]) -> None:
        assert condition(reachable(aos.option_grants(), condition)), name

    def test_less_one_day_of_a_zero_term(self) -> None:
        """A "less one day" reading of a zero term would end before it starts: padded."""
        grant = reachable(
            aos.option_grants(terms=st.just(Term())),
            lambda g: g.expiry_reading is ExpiryReading.LESS_ONE_DAY,
        )
        assert grant.term == Term(days=1)

    @pytest.mark.parametrize("payment", list(PaymentMethod))
    def test_histories(self, payment: PaymentMethod) -> None:
        grant = reachable(
            aos.grants_with_history(),
            lambda g: any(e.payment is payment for e in g.exercises) and g.adjustments,
        )
        assert grant.adjustments

    @pytest.mark.parametrize("payment", list(PaymentMethod))
    def test_exercise_records(self, payment: PaymentMethod) -> None:
        """Records of every kind come up: cash, net and sell-to-cover, as documented."""
        assert reachable(aos.exercise_records(), lambda r: r.payment is payment).payment is payment

    def test_exercise_records_sold_at_the_exact_cost(self) -> None:
        """A sale whose rounded payments no sale covers is drawn at the exact cost instead.

        Rounded proceeds have at most 4 decimals (CLF); exact ones can have more.
        """
        record = reachable(
            aos.exercise_records(),
            lambda r: (
                r.payment is PaymentMethod.SELL_TO_COVER
                and r.sale_proceeds.as_tuple().exponent < -4
            ),
        )
        assert (record.tax_withheld, record.fees) == (0, 0)

    @pytest.mark.parametrize(
        "condition",
        [
            lambda s: s.is_immediate,
            lambda s: s.cliff and s.every == 3,
            lambda s: len(s.explicit_tranches) > 1,
        ],
        ids=["immediate", "graded", "tranches"],
    )
    def test_schedules(self, condition: Callable[[VestingSchedule], bool]) -> None:
        start = dt.date(2024, 1, 31)
        assert condition(reachable(aos.vesting_schedules(shares=1_000, start=start), condition))

    def test_exercise_dates_reach_both_ends(self) -> None:
        days = aos.exercise_dates(AUXER_1999)
        assert reachable(days, lambda d: d == dt.date(1999, 7, 1))
        assert reachable(days, lambda d: d == dt.date(1999, 10, 1))


class TestValid:
    @given(aos.share_counts(min_value=5, max_value=10))
    def test_share_counts_in_range(self, shares: int) -> None:
        assert 5 <= shares <= 10

    @given(aos.share_prices(min_value="0.05", max_value="0.25", places=3))
    def test_prices_in_range(self, price: Decimal) -> None:
        assert Decimal("0.05") <= price <= Decimal("0.25")
        assert -price.as_tuple().exponent <= 3  # type: ignore[operator]

    @given(aos.option_grants(grant_dates=st.dates(min_value=dt.date(9990, 1, 1))))
    def test_grants_near_the_end_of_the_calendar(self, grant: OptionGrant) -> None:
        """A term that would run past 9999-12-31 gives a grant that expires on its day."""
        assert grant.last_exercise_date >= grant.first_exercise_date

    @given(aos.option_grants(grant_dates=st.just(dt.date(9999, 12, 31)), terms=aos.terms()))
    def test_grants_on_the_last_day(self, grant: OptionGrant) -> None:
        """Any term from the calendar's last day runs past it: the grant expires that day."""
        assert grant.last_exercise_date == dt.date(9999, 12, 31)

    @given(aos.grants_with_history(max_events=3), st.data())
    def test_exercise_dates_can_be_exercised(self, grant: OptionGrant, data: st.DataObject) -> None:
        if grant.outstanding_shares:
            on = data.draw(aos.exercise_dates(grant))
            exercise(grant, 1, on)

    @given(aos.vesting_schedules(shares=5, start=dt.date(9999, 12, 31)))
    def test_schedules_near_the_end_of_the_calendar(self, schedule: VestingSchedule) -> None:
        if not schedule.is_immediate:
            assert sum(shares for _, shares in schedule.installments(5)) == 5

    @given(aos.cash_amounts("KWD"))
    def test_cash_in_fils(self, cash: Decimal) -> None:
        assert cash.as_tuple().exponent == -3


class TestFromType:
    @pytest.mark.parametrize(
        "kind", [OptionGrant, Term, Exercise, VestingSchedule, FairMarketValues]
    )
    def test_registered(self, kind: type) -> None:
        @settings(max_examples=5, database=None)
        @given(st.from_type(kind))
        def check(value: object) -> None:
            assert isinstance(value, kind)

        check()

    def test_builds_a_downstream_record(self) -> None:
        @dataclasses.dataclass
        class Holding:
            holder: str
            grant: OptionGrant
            vesting: VestingSchedule

        @settings(max_examples=5, database=None)
        @given(st.builds(Holding))
        def check(holding: Holding) -> None:
            assert isinstance(holding.grant, OptionGrant)

        check()

    def test_hook_can_run_again(self) -> None:
        _hypothesis_setup_hook()
        assert isinstance(find(st.from_type(Term), lambda _: True), Term)


class TestArguments:
    @pytest.mark.parametrize(
        ("strategy", "message"),
        [
            (lambda: aos.share_counts(min_value=0), "min_value=0 must be from 1"),
            (lambda: aos.share_counts(max_value=MAX_SHARES + 1), "max_value="),
            (lambda: aos.share_counts(min_value=5, max_value=4), "must not exceed"),
            (lambda: aos.share_counts(min_value=1.5), "must be an int"),  # type: ignore[arg-type]
            (lambda: aos.share_counts(min_value=True), "must be an int"),
            (lambda: aos.share_prices(min_value="1", max_value="0.5"), "must not exceed"),
            (lambda: aos.share_prices(min_value=0.5), "must be a Decimal, an int"),  # type: ignore[arg-type]
            (lambda: aos.share_prices(max_value="lots"), "is not a number"),
            (lambda: aos.share_prices(max_value="-1"), "must be from 0 to 10**20"),
            (lambda: aos.share_prices(max_value="NaN"), "must be from 0 to 10**20"),
            (lambda: aos.share_prices(max_value="1e21"), "must be from 0 to 10**20"),
            (lambda: aos.share_prices(max_value="0.001", places=2), "more than places=2"),
            (lambda: aos.share_prices(places=21), "places=21 must be from 0 to 20"),
            (lambda: aos.terms(max_years=-1), "max_years=-1"),
            (lambda: aos.option_grants(shares=5), "shares=5 must be a strategy"),  # type: ignore[arg-type]
            (lambda: aos.vesting_schedules(shares=0, start=dt.date(2024, 1, 1)), "shares=0"),
            (
                lambda: aos.vesting_schedules(shares=5, start=dt.datetime(2024, 1, 1)),
                "must be a datetime.date",
            ),
            (lambda: aos.grants_with_history(max_events=-1), "max_events=-1"),
            (lambda: aos.exercise_dates("AUXER_1999"), "must be an OptionGrant"),  # type: ignore[arg-type]
            (lambda: aos.cash_amounts("XAU"), "is not a currency"),
        ],
    )
    def test_invalid(self, strategy: Callable[[], st.SearchStrategy[Any]], message: str) -> None:
        """Invalid arguments raise InvalidArgument, when the strategy is first used."""
        with pytest.raises(InvalidArgument, match=message.replace("*", r"\*")):
            strategy().validate()

    def test_raised_at_draw_time(self) -> None:
        strategy = aos.share_counts(min_value=5, max_value=4)  # no error yet
        with pytest.raises(InvalidArgument):
            find(strategy, lambda _: True)


def test_testing_imports_without_hypothesis() -> None:
    """``auxer_option.testing`` itself needs no Hypothesis; only its strategies module does."""
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "import auxer_option.testing\n"
        "try:\n    import auxer_option.testing.strategies\n"
        "except ImportError:\n    print('needs hypothesis')\n"
    )
    finished = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert finished.stdout == "needs hypothesis\n"


def test_a_downstream_project(tmp_path: Path) -> None:
    """A project of its own, with no registration code, draws grants by type."""
    (tmp_path / "test_downstream.py").write_text(
        "from hypothesis import given, settings, strategies as st\n"
        "from auxer_option import OptionGrant, exercise_cost\n\n\n"
        "@settings(max_examples=20, database=None)\n"
        "@given(st.from_type(OptionGrant))\n"
        "def test_cost(grant):\n"
        "    assert exercise_cost(grant) >= 0\n",
        encoding="utf-8",
    )
    finished = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "1 passed" in finished.stdout
