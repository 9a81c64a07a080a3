"""Exercise cost and exercising (``_exercise``)."""

from __future__ import annotations

import datetime as dt
import decimal
import fractions
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option import (
    AUXER_1999,
    Exercise,
    OptionGrant,
    PaymentMethod,
    exercise,
    exercise_cost,
    intrinsic_value,
    intrinsic_value_per_share,
    is_exercisable,
    window_status,
)
from auxer_option._money import MAX_SHARES, PRECISION
from auxer_option.exceptions import (
    DateTypeError,
    ExerciseOrderError,
    ExerciseWindowError,
    InsufficientSharesError,
    InvalidChoiceError,
    InvalidDateError,
    InvalidShareCountError,
    NaiveDatetimeError,
    OptionError,
    PrecisionError,
    ShareCountTypeError,
)

from .strategies import (
    anything,
    days_in_window,
    exercised_grants,
    option_grants,
    prices,
    share_counts,
)

AUGUST_2 = dt.date(1999, 8, 2)


def exact_cost(grant: OptionGrant, shares: int) -> fractions.Fraction:
    """The exercise cost as a rational number, independent of any decimal context."""
    return fractions.Fraction(grant.exercise_price) * shares


class TestExerciseCost:
    @pytest.mark.parametrize(
        ("shares", "cost"),
        [
            (None, "130000.00"),
            (1_000_000, "130000.00"),
            (250_000, "32500.00"),
            (1, "0.13"),
            (0, "0.00"),
            (3, "0.39"),
        ],
    )
    def test_auxer(self, shares: int | None, cost: str) -> None:
        """1,000,000 shares x $0.13 = $130,000.00, and its parts."""
        assert str(exercise_cost(AUXER_1999, shares)) == cost

    @pytest.mark.parametrize(
        ("price", "shares", "rounding", "cost"),
        [
            ("0.0867", 3, decimal.ROUND_HALF_UP, "0.26"),  # 0.2601
            ("0.125", 1, decimal.ROUND_HALF_UP, "0.13"),
            ("0.125", 1, decimal.ROUND_HALF_EVEN, "0.12"),
            ("0.125", 1, decimal.ROUND_DOWN, "0.12"),
            ("0.125", 1, None, "0.125"),
            ("0.0001", 1, decimal.ROUND_UP, "0.01"),
        ],
    )
    def test_rounding(self, price: str, shares: int, rounding: str | None, cost: str) -> None:
        """Sub-cent prices round once, at the end, in the mode asked for."""
        grant = OptionGrant("2020-01-01", 10, price, term="1 year")
        assert str(exercise_cost(grant, shares, rounding=rounding)) == cost

    def test_minor_units_follow_the_currency(self) -> None:
        """Yen have no minor unit; dinars have three."""
        yen = OptionGrant("2020-01-01", 3, "33.5", term="1 year", currency="JPY")
        dinar = OptionGrant("2020-01-01", 3, "0.3335", term="1 year", currency="KWD")
        assert str(exercise_cost(yen)) == "101"
        assert str(exercise_cost(dinar)) == "1.001"

    @given(option_grants(), st.sampled_from(["ROUND_HALF_UP", "ROUND_FLOOR", "ROUND_CEILING"]))
    def test_within_half_a_minor_unit(self, grant: OptionGrant, rounding: str) -> None:
        """The rounded cost is within one minor unit of the exact product (half for HALF_UP)."""
        exact = exact_cost(grant, grant.shares)
        cash = fractions.Fraction(exercise_cost(grant, rounding=rounding))
        unit = fractions.Fraction(1, 10 ** {"USD": 2, "EUR": 2, "JPY": 0, "KWD": 3}[grant.currency])
        bound = unit / 2 if rounding == "ROUND_HALF_UP" else unit
        assert abs(cash - exact) <= bound

    @given(option_grants(shares=share_counts(max_value=10**12)), st.data())
    def test_exact_cost_is_linear(self, grant: OptionGrant, data: st.DataObject) -> None:
        """Exact cost is linear in shares: cost(a) + cost(b) == cost(a + b)."""
        a = data.draw(st.integers(0, grant.shares), label="a")
        b = data.draw(st.integers(0, grant.shares - a), label="b")

        def cost(shares: int) -> fractions.Fraction:
            return fractions.Fraction(exercise_cost(grant, shares, rounding=None))

        assert cost(a) + cost(b) == cost(a + b) == exact_cost(grant, a + b)

    @pytest.mark.parametrize(
        ("shares", "error", "rule"),
        [
            (-1, InvalidShareCountError, "at least 0"),
            (1_000_001, InsufficientSharesError, "only 1000000 of the 1000000"),
            (1.5, ShareCountTypeError, "whole numbers"),
            ("250000", ShareCountTypeError, "whole numbers"),
            (True, ShareCountTypeError, "whole numbers"),
        ],
    )
    def test_bad_shares(self, shares: object, error: type[OptionError], rule: str) -> None:
        """Shares are checked against the grant."""
        with pytest.raises(error, match=rule):
            exercise_cost(AUXER_1999, shares)  # type: ignore[arg-type]

    def test_bad_rounding(self) -> None:
        """A rounding mode that decimal does not know is refused."""
        with pytest.raises(InvalidChoiceError, match="rounding"):
            exercise_cost(AUXER_1999, rounding="HALF_UP")

    def test_too_large_to_be_exact(self) -> None:
        """A cost with more digits than the library keeps is refused, not rounded."""
        price = "9" * (PRECISION - 10) + ".5"
        grant = OptionGrant("2020-01-01", MAX_SHARES, price, term="1 year")
        with pytest.raises(PrecisionError, match="exercise_cost"):
            exercise_cost(grant)


class TestOnlyOptionErrorsEscape:
    @given(option_grants(), anything(), anything(), anything())
    @example(AUXER_1999, 2**70, dt.date(1999, 8, 2), "ROUND_HALF_UP")
    @example(AUXER_1999, 1, dt.datetime(1999, 8, 2, tzinfo=dt.UTC), None)
    def test_operations(
        self, grant: OptionGrant, shares: object, on: object, rounding: object
    ) -> None:
        """Any arguments: a result, or an OptionError; never another exception."""
        calls: list[Callable[[], object]] = [
            lambda: exercise(grant, shares, on, rounding=rounding),  # type: ignore[arg-type]
            lambda: exercise_cost(grant, shares, rounding=rounding),  # type: ignore[arg-type]
            lambda: intrinsic_value(grant, on, shares, rounding=rounding),  # type: ignore[arg-type]
            lambda: intrinsic_value_per_share(grant, shares),  # type: ignore[arg-type]
            lambda: window_status(grant, on),  # type: ignore[arg-type]
            lambda: is_exercisable(grant, shares),  # type: ignore[arg-type]
        ]
        for call in calls:
            try:
                call()
            except OptionError as error:
                assert error.field


class TestExercise:
    def test_auxer_partial_exercise(self) -> None:
        """Exercising 250,000 shares on 2 August 1999 costs $32,500.00 and leaves 750,000."""
        grant, record = exercise(AUXER_1999, 250_000, AUGUST_2)
        assert record == Exercise(AUGUST_2, 250_000, Decimal("0.13"), Decimal("32500.00"))
        assert record.payment is PaymentMethod.CASH
        assert grant.exercises == (record,)
        assert grant.outstanding_shares == 750_000
        assert exercise_cost(grant) == Decimal("97500.00")
        assert AUXER_1999.outstanding_shares == 1_000_000  # the original is unchanged

    def test_sequence(self) -> None:
        """Partial exercises accumulate, oldest first; the same day may repeat."""
        grant, _ = exercise(AUXER_1999, 100, AUGUST_2)
        grant, _ = exercise(grant, 200, AUGUST_2)
        grant, _ = exercise(grant, 999_700, dt.date(1999, 10, 1))
        assert [record.shares for record in grant.exercises] == [100, 200, 999_700]
        assert grant.outstanding_shares == 0
        assert exercise_cost(grant) == Decimal("0.00")

    def test_exercise_at_an_instant(self) -> None:
        """A grant with a clock takes aware instants and records the day on its own clock."""
        grant = OptionGrant(
            "1999-07-01",
            1_000,
            "0.13",
            term="3 months",
            cutoff_time="17:00",
            time_zone="America/New_York",
        )
        instant = dt.datetime(1999, 10, 1, 20, 0, tzinfo=dt.UTC)  # 4 p.m. in New York
        _, record = exercise(grant, 10, instant)
        assert record.date == dt.date(1999, 10, 1)
        with pytest.raises(ExerciseWindowError, match="expired"):
            exercise(grant, 10, instant + dt.timedelta(hours=2))
        with pytest.raises(NaiveDatetimeError):
            exercise(grant, 10, dt.datetime(1999, 10, 1, 12))

    @pytest.mark.parametrize(
        ("shares", "on", "error", "rule"),
        [
            (1, dt.date(1999, 6, 30), ExerciseWindowError, "not yet open"),
            (1, dt.date(1999, 10, 2), ExerciseWindowError, "expired"),
            (1_000_001, AUGUST_2, InsufficientSharesError, "only 1000000"),
            (0, AUGUST_2, InvalidShareCountError, "must be positive"),
            (-5, AUGUST_2, InvalidShareCountError, "must be positive"),
            (2.0, AUGUST_2, ShareCountTypeError, "whole numbers"),
            (Decimal(2), AUGUST_2, ShareCountTypeError, "whole numbers"),
            (1, dt.datetime(1999, 8, 2, 12), DateTypeError, "pass a date"),
            (1, "2 August 1999", InvalidDateError, "ISO 8601"),
        ],
    )
    def test_refusals(self, shares: object, on: object, error: type[Exception], rule: str) -> None:
        """Each refusal has its own error class and names the field, value and rule."""
        with pytest.raises(error, match=rule) as raised:
            exercise(AUXER_1999, shares, on)  # type: ignore[arg-type]
        assert isinstance(raised.value, OptionError)

    def test_window_error_states_the_window(self) -> None:
        """The message says when the option could have been exercised."""
        with pytest.raises(ExerciseWindowError) as raised:
            exercise(AUXER_1999, 1, dt.date(1999, 10, 2))
        assert str(raised.value) == (
            "on=datetime.date(1999, 10, 2): the option is expired: it can be exercised "
            "from 1999-07-01 through 1999-10-01"
        )

    def test_no_exercise_before_the_latest(self) -> None:
        """An exercise dated before the latest recorded one is refused."""
        grant, _ = exercise(AUXER_1999, 100, dt.date(1999, 9, 1))
        with pytest.raises(ExerciseOrderError, match="latest exercise, on 1999-09-01"):
            exercise(grant, 100, AUGUST_2)

    def test_more_than_outstanding_after_exercise(self) -> None:
        """Outstanding, not granted, is the limit."""
        grant, _ = exercise(AUXER_1999, 600_000, AUGUST_2)
        with pytest.raises(InsufficientSharesError, match="only 400000 of the 1000000"):
            exercise(grant, 400_001, AUGUST_2)

    def test_bad_rounding(self) -> None:
        """Rounding is checked before anything else."""
        with pytest.raises(InvalidChoiceError):
            exercise(AUXER_1999, 1, AUGUST_2, rounding="nearest")

    @given(exercised_grants())
    def test_history_conserves_shares(self, grant: OptionGrant) -> None:
        """Exercised plus outstanding is always the grant, whatever the sequence."""
        assert sum(r.shares for r in grant.exercises) + grant.outstanding_shares == grant.shares
        dates = [record.date for record in grant.exercises]
        assert dates == sorted(dates)

    @given(option_grants(shares=share_counts(max_value=10**9)), st.data())
    def test_cost_is_additive_within_rounding(
        self, grant: OptionGrant, data: st.DataObject
    ) -> None:
        """Costs of partial exercises add up to the whole cost within one minor unit each."""
        on = data.draw(days_in_window(grant))
        parts = data.draw(st.lists(st.integers(1, 10**6), min_size=1, max_size=5))
        total_cost = fractions.Fraction(0)
        exercised = 0
        current = grant
        for part in parts:
            count = min(part, current.outstanding_shares)
            if count == 0:
                break
            current, record = exercise(current, count, on)
            total_cost += fractions.Fraction(record.cost)
            exercised += count
        unit = fractions.Fraction(1, 10 ** {"USD": 2, "EUR": 2, "JPY": 0, "KWD": 3}[grant.currency])
        assert abs(total_cost - exact_cost(grant, exercised)) <= len(parts) * unit / 2
        assert current.outstanding_shares == grant.shares - exercised

    @given(prices(), share_counts(max_value=10**12))
    def test_record_cost_is_the_exercise_cost(self, price: Decimal, shares: int) -> None:
        """The record's cost is exactly what exercise_cost quotes beforehand."""
        grant = OptionGrant("2020-01-01", shares, price, term="1 year")
        quoted = exercise_cost(grant, shares)
        _, record = exercise(grant, shares, dt.date(2020, 6, 1))
        assert record.cost == quoted
