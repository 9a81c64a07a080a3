"""Exercise cost and exercising (``_exercise``)."""

from __future__ import annotations

import datetime as dt
import decimal
import fractions
import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option import (
    AUXER_1999,
    Exercise,
    OptionGrant,
    PaymentMethod,
    adjust_for_split,
    dilutive_shares,
    exercise,
    exercise_cost,
    intrinsic_value,
    intrinsic_value_per_share,
    is_exercisable,
    moneyness,
    net_exercise,
    sell_to_cover,
    terminate,
    window_status,
)
from auxer_option._exercise import (
    BEFORE_THE_LATEST,
    BEFORE_THE_TERMINATION,
    FEES_IN_CASH,
    MORE_THAN_VESTED,
    NOT_IN_THE_MONEY,
    SALE_FALLS_SHORT,
    WINDOW_NOT_OPEN,
)
from auxer_option._history import MORE_THAN_OUTSTANDING
from auxer_option._money import (
    FLOAT_AMOUNT,
    MAX_SHARES,
    MINOR_UNIT_QUANTA,
    MUST_BE_POSITIVE,
    MUST_NOT_BE_NEGATIVE,
    NOT_AN_ESTIMATE,
    NOT_FINITE,
    NOT_WHOLE_SHARES,
    PRECISION,
    ZERO,
    at_least,
    rate_range,
    round_to_step,
    rounding_mode_rule,
)
from auxer_option._records import CASH_REMAINING, SALE_SHARES
from auxer_option._terms import NOT_A_CALENDAR_DATE, NOT_ISO_DATE
from auxer_option._text import written_repr
from auxer_option._window import CALENDAR_DAYS, NAIVE_INSTANT
from auxer_option.exceptions import (
    AmountTypeError,
    DateTypeError,
    ExerciseOrderError,
    ExerciseWindowError,
    InconsistentRecordError,
    InsufficientProceedsError,
    InsufficientSharesError,
    InvalidAmountError,
    InvalidChoiceError,
    InvalidDateError,
    InvalidRateError,
    InvalidShareCountError,
    NaiveDatetimeError,
    NotInTheMoneyError,
    OptionError,
    PrecisionError,
    ShareCountTypeError,
    UnvestedSharesError,
)

from .grants import FOUR_YEARS
from .messages import RESULT_TOO_LONG, message, refused
from .strategies import (
    anything,
    cash_amounts,
    days_in_window,
    exercise_dates,
    exercised_grants,
    grants_with_history,
    option_grants,
    prices,
    prices_above,
    share_counts,
)

AUGUST_2 = dt.date(1999, 8, 2)


def window_not_open(status: str, grant: OptionGrant = AUXER_1999) -> str:
    """The rule of an exercise outside ``grant``'s window, which is ``status``."""
    first, last = grant.first_exercise_date, grant.last_exercise_date
    return WINDOW_NOT_OPEN.format(status=status, first=first, last=last)


def short(*, most: str, owed: str) -> str:
    """The rule of a sale of the 1,000 shares that raises ``most``, less than ``owed``."""
    return SALE_FALLS_SHORT.format(available=1_000, most=most, owed=owed)


NOT_YET_OPEN = window_not_open("not yet open")
EXPIRED = window_not_open("expired")
#: The rule of more than the Auxer grant's 1,000,000 shares.
ALL_OUTSTANDING = MORE_THAN_OUTSTANDING.format(outstanding=1_000_000, granted=1_000_000)
#: The rule of a rounding that is neither None nor a rounding mode.
EXACT_OR_ROUNDED = rounding_mode_rule("None (exact) or ")
#: The range of a withholding rate, with its hint.
WITHHOLDING_RANGE = rate_range("withholding_rate", 0, 1)


class TestMessages:
    """Each rule of this module, word for word, once: other tests check which rule it is."""

    @pytest.mark.parametrize(
        ("call", "rule", "expected"),
        [
            pytest.param(
                lambda: net_exercise(AUXER_1999, 1_000, "1999-09-01", "0.13"),
                NOT_IN_THE_MONEY.format(price="0.13"),
                "fair_market_value='0.13': must exceed the exercise price, 0.13: "
                "at or below it a net exercise issues no shares",
                id="NOT_IN_THE_MONEY",
            ),
            pytest.param(
                lambda: sell_to_cover(AUXER_1999, 1, "1999-09-01", "1", fees="0.005"),
                FEES_IN_CASH.format(currency="USD"),
                "fees='0.005': must be whole minor units of USD: fees are paid in cash",
                id="FEES_IN_CASH",
            ),
            pytest.param(
                lambda: sell_to_cover(AUXER_1999, 1_000, "1999-09-01", "0.10"),
                short(most="100.00", owed="130.00"),
                "market_price=Decimal('0.10'): selling all 1000 shares raises 100.00, less "
                "than the 130.00 to pay (cost, tax and fees)",
                id="SALE_FALLS_SHORT",
            ),
            pytest.param(
                lambda: exercise(AUXER_1999, 1, dt.date(1999, 10, 2)),
                EXPIRED,
                "on=datetime.date(1999, 10, 2): the option is expired: it can be exercised "
                "from 1999-07-01 through 1999-10-01",
                id="WINDOW_NOT_OPEN",
            ),
            pytest.param(
                lambda: exercise(exercise(AUXER_1999, 1, "1999-09-01")[0], 1, AUGUST_2),
                BEFORE_THE_LATEST.format(kind="exercise", date="1999-09-01"),
                "on=datetime.date(1999, 8, 2): must not be before the latest exercise, "
                "on 1999-09-01",
                id="BEFORE_THE_LATEST",
            ),
            pytest.param(
                lambda: exercise(
                    terminate(FOUR_YEARS, "2025-06-15", "VOLUNTARY_OTHER"), 1, "2025-06-14"
                ),
                BEFORE_THE_TERMINATION.format(termination="2025-06-15"),
                "on='2025-06-14': must not be before the termination, on 2025-06-15",
                id="BEFORE_THE_TERMINATION",
            ),
            pytest.param(
                lambda: exercise(FOUR_YEARS, 20_000, "2025-06-15"),
                MORE_THAN_VESTED.format(available=16_000, day="2025-06-15"),
                "shares=20000: only 16000 vested shares can be exercised on 2025-06-15",
                id="MORE_THAN_VESTED",
            ),
        ],
    )
    def test_message(self, call: Callable[[], object], rule: str, expected: str) -> None:
        """The message names the field and the value, then the rule in these words."""
        assert message(call, rule) == expected


_Field = TypeVar("_Field")


def present(value: _Field | None) -> _Field:
    """A record field the payment method says is there."""
    assert value is not None
    return value


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
            (-1, InvalidShareCountError, at_least(0)),
            (1_000_001, InsufficientSharesError, ALL_OUTSTANDING),
            (1.5, ShareCountTypeError, NOT_WHOLE_SHARES),
            ("250000", ShareCountTypeError, NOT_WHOLE_SHARES),
            (True, ShareCountTypeError, NOT_WHOLE_SHARES),
        ],
    )
    def test_bad_shares(self, shares: object, error: type[OptionError], rule: str) -> None:
        """Shares are checked against the grant."""
        with pytest.raises(error) as raised:
            exercise_cost(AUXER_1999, shares)  # type: ignore[arg-type]
        refused(raised, cls=error, field="shares", value=shares, rule=rule)

    def test_bad_rounding(self) -> None:
        """A rounding mode that decimal does not know is refused."""
        with pytest.raises(InvalidChoiceError) as raised:
            exercise_cost(AUXER_1999, rounding="HALF_UP")
        refused(raised, field="rounding", value="HALF_UP", rule=EXACT_OR_ROUNDED)

    def test_too_large_to_be_exact(self) -> None:
        """A cost with more digits than the library keeps is refused, not rounded."""
        price = "9" * (PRECISION - 10) + ".5"
        grant = OptionGrant("2020-01-01", MAX_SHARES, price, term="1 year")
        with pytest.raises(PrecisionError) as raised:
            exercise_cost(grant)
        refused(raised, field="exercise_cost", rule=RESULT_TOO_LONG)


class TestOnlyOptionErrorsEscape:
    @given(grants_with_history(max_events=2), anything(), anything(), anything(), anything())
    @example(AUXER_1999, 2**70, dt.date(1999, 8, 2), "ROUND_HALF_UP", "0.30")
    @example(AUXER_1999, 1, dt.datetime(1999, 8, 2, tzinfo=dt.UTC), None, "0.30")
    @example(AUXER_1999, 1, dt.date(1999, 8, 2), None, Decimal("1E+99999"))
    def test_operations(
        self, grant: OptionGrant, shares: object, on: object, rounding: object, price: object
    ) -> None:
        """Any arguments: a result, or an OptionError; never another exception."""
        calls: list[Callable[[], object]] = [
            lambda: exercise(grant, shares, on, rounding=rounding),  # type: ignore[arg-type]
            lambda: exercise(grant, shares, on, fair_market_value=price),  # type: ignore[arg-type]
            lambda: exercise_cost(grant, shares, rounding=rounding),  # type: ignore[arg-type]
            lambda: intrinsic_value(grant, on, shares, rounding=rounding),  # type: ignore[arg-type]
            lambda: intrinsic_value_per_share(grant, shares),  # type: ignore[arg-type]
            lambda: window_status(grant, on),  # type: ignore[arg-type]
            lambda: is_exercisable(grant, shares),  # type: ignore[arg-type]
            lambda: net_exercise(grant, shares, on, price, rounding=rounding),  # type: ignore[arg-type]
            lambda: sell_to_cover(grant, shares, on, price, fees=rounding),  # type: ignore[arg-type]
            lambda: sell_to_cover(grant, 1, on, "1", withholding_rate=price),  # type: ignore[arg-type]
            lambda: moneyness(grant, price),  # type: ignore[arg-type]
            lambda: dilutive_shares(grant, price),  # type: ignore[arg-type]
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
        late = instant + dt.timedelta(hours=2)
        with pytest.raises(ExerciseWindowError) as raised:
            exercise(grant, 10, late)
        refused(raised, field="on", value=late, rule=window_not_open("expired", grant))
        naive = dt.datetime(1999, 10, 1, 12)
        with pytest.raises(NaiveDatetimeError) as naive_refused:
            exercise(grant, 10, naive)
        rule = NAIVE_INSTANT.format(zone="America/New_York")
        refused(naive_refused, field="on", value=naive, rule=rule)

    @pytest.mark.parametrize(
        ("shares", "on", "error", "field", "rule"),
        [
            (1, dt.date(1999, 6, 30), ExerciseWindowError, "on", NOT_YET_OPEN),
            (1, dt.date(1999, 10, 2), ExerciseWindowError, "on", EXPIRED),
            (1_000_001, AUGUST_2, InsufficientSharesError, "shares", ALL_OUTSTANDING),
            (0, AUGUST_2, InvalidShareCountError, "shares", MUST_BE_POSITIVE),
            (-5, AUGUST_2, InvalidShareCountError, "shares", MUST_BE_POSITIVE),
            (2.0, AUGUST_2, ShareCountTypeError, "shares", NOT_WHOLE_SHARES),
            (Decimal(2), AUGUST_2, ShareCountTypeError, "shares", NOT_WHOLE_SHARES),
            (1, dt.datetime(1999, 8, 2, 12), DateTypeError, "on", CALENDAR_DAYS),
            (1, "2 August 1999", InvalidDateError, "on", NOT_ISO_DATE),
        ],
    )
    def test_refusals(
        self, shares: object, on: object, error: type[OptionError], field: str, rule: str
    ) -> None:
        """Each refusal has its own error class and names the field, value and rule."""
        with pytest.raises(error) as raised:
            exercise(AUXER_1999, shares, on)  # type: ignore[arg-type]
        refused(
            raised, cls=error, field=field, value=shares if field == "shares" else on, rule=rule
        )

    def test_no_exercise_before_the_latest(self) -> None:
        """An exercise dated before the latest recorded one is refused."""
        grant, _ = exercise(AUXER_1999, 100, dt.date(1999, 9, 1))
        with pytest.raises(ExerciseOrderError) as raised:
            exercise(grant, 100, AUGUST_2)
        rule = BEFORE_THE_LATEST.format(kind="exercise", date=dt.date(1999, 9, 1))
        refused(raised, field="on", value=AUGUST_2, rule=rule)

    def test_latest_of_the_same_day_is_the_split(self) -> None:
        """An exercise and a split on one day: the split came after, so it is the latest."""
        grant, _ = exercise(AUXER_1999, 100, dt.date(1999, 9, 1))
        grant = adjust_for_split(grant, 2, on="1999-09-01")
        with pytest.raises(ExerciseOrderError) as raised:
            exercise(grant, 100, AUGUST_2)
        rule = BEFORE_THE_LATEST.format(kind="adjustment", date=dt.date(1999, 9, 1))
        refused(raised, field="on", value=AUGUST_2, rule=rule)

    def test_more_than_outstanding_after_exercise(self) -> None:
        """Outstanding, not granted, is the limit."""
        grant, _ = exercise(AUXER_1999, 600_000, AUGUST_2)
        with pytest.raises(InsufficientSharesError) as raised:
            exercise(grant, 400_001, AUGUST_2)
        rule = MORE_THAN_OUTSTANDING.format(outstanding=400_000, granted=1_000_000)
        refused(raised, field="shares", value=400_001, rule=rule)

    def test_bad_rounding(self) -> None:
        """Rounding is checked before anything else."""
        with pytest.raises(InvalidChoiceError) as raised:
            exercise(AUXER_1999, 1, AUGUST_2, rounding="nearest")
        refused(raised, field="rounding", value="nearest", rule=EXACT_OR_ROUNDED)

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


SEPTEMBER_1 = dt.date(1999, 9, 1)


class TestBargainElement:
    def test_auxer_spread(self) -> None:
        """At $0.50, exercising 250,000 shares reports a $92,500.00 bargain element."""
        _, record = exercise(AUXER_1999, 250_000, AUGUST_2, fair_market_value="0.50")
        assert record.fair_market_value == Decimal("0.50")
        assert record.spread == Decimal("92500.00")
        assert record.cost == Decimal("32500.00")

    @pytest.mark.parametrize(("value", "spread"), [("0.13", "0.00"), ("0.10", "0.00")])
    def test_not_in_the_money(self, value: str, spread: str) -> None:
        """Exercising at or below the market is allowed; its bargain element is zero."""
        _, record = exercise(AUXER_1999, 1_000, AUGUST_2, fair_market_value=value)
        assert str(record.spread) == spread

    def test_rounding(self) -> None:
        """The spread is cash, rounded as asked."""
        _, record = exercise(AUXER_1999, 1, AUGUST_2, fair_market_value="0.135", rounding=None)
        assert str(record.spread) == "0.005"

    @pytest.mark.parametrize(
        ("value", "error", "rule"),
        [(0.5, AmountTypeError, FLOAT_AMOUNT), ("-1", InvalidAmountError, MUST_NOT_BE_NEGATIVE)],
    )
    def test_bad_value(self, value: object, error: type[OptionError], rule: str) -> None:
        """The market value is an amount like any other."""
        with pytest.raises(error) as raised:
            exercise(AUXER_1999, 1, AUGUST_2, fair_market_value=value)  # type: ignore[arg-type]
        refused(raised, field="fair_market_value", value=value, rule=rule)

    @given(exercised_grants(), prices(), st.data())
    def test_spread_is_the_intrinsic_value(
        self, grant: OptionGrant, value: Decimal, data: st.DataObject
    ) -> None:
        """The record's spread is the intrinsic value of the shares at that market value."""
        if grant.outstanding_shares == 0:
            return
        count = data.draw(st.integers(1, grant.outstanding_shares))
        on = data.draw(exercise_dates(grant))
        _, record = exercise(grant, count, on, fair_market_value=value)
        assert record.spread == intrinsic_value(grant, value, count)


class TestNetExercise:
    @pytest.mark.parametrize(
        ("value", "issued", "withheld", "cash", "spread"),
        [
            ("0.30", 566_666, 433_334, "0.20", "170000.00"),
            ("0.50", 740_000, 260_000, "0.00", "370000.00"),
            ("0.1300001", 0, 1_000_000, "0.10", "0.10"),
            ("1.30", 900_000, 100_000, "0.00", "1170000.00"),
        ],
    )
    def test_auxer(self, value: str, issued: int, withheld: int, cash: str, spread: str) -> None:
        """X = Y(A - B)/A: at $0.30, 566,666 issued, 433,334 withheld, $0.20 in lieu."""
        grant, record = net_exercise(AUXER_1999, 1_000_000, SEPTEMBER_1, value)
        assert (record.shares_issued, record.shares_withheld) == (issued, withheld)
        assert str(record.cash_in_lieu) == cash
        assert str(record.spread) == spread
        assert str(record.cost) == "0.00"
        assert record.payment is PaymentMethod.NET_EXERCISE
        assert record.price == Decimal("0.13")
        assert record.fair_market_value == Decimal(value)
        assert grant.outstanding_shares == 0

    def test_partial(self) -> None:
        """A net exercise takes its shares off the grant; the rest stays exercisable."""
        grant, record = net_exercise(AUXER_1999, 300_000, SEPTEMBER_1, "0.30")
        assert record.shares_issued == 170_000  # 300,000 x 0.17 / 0.30
        assert grant.outstanding_shares == 700_000
        assert exercise_cost(grant) == Decimal("91000.00")

    def test_zero_price(self) -> None:
        """At a zero exercise price, every share is issued and none withheld."""
        grant = OptionGrant("2020-01-01", 10, "0", term="1 year")
        _, record = net_exercise(grant, 10, "2020-06-01", "0.01")
        assert (record.shares_issued, record.shares_withheld) == (10, 0)

    @pytest.mark.parametrize("value", ["0.13", "0.130", "0.10", "0"])
    def test_not_in_the_money(self, value: str) -> None:
        """At or below the price there is nothing to issue: refused, with no division by zero."""
        with pytest.raises(NotInTheMoneyError) as caught:
            net_exercise(AUXER_1999, 1_000, SEPTEMBER_1, value)
        rule = NOT_IN_THE_MONEY.format(price="0.13")
        refused(caught, field="fair_market_value", value=value, rule=rule)

    def test_zero_price_at_zero_value(self) -> None:
        """A free option on a worthless share: refused, not divided by zero."""
        grant = OptionGrant("2020-01-01", 10, "0", term="1 year")
        with pytest.raises(NotInTheMoneyError) as caught:
            net_exercise(grant, 10, "2020-06-01", "0")
        refused(caught, field="fair_market_value", rule=NOT_IN_THE_MONEY.format(price="0"))

    @pytest.mark.parametrize(
        ("shares", "on", "value", "error", "refusal"),
        [
            (0, SEPTEMBER_1, "0.30", InvalidShareCountError, ("shares", 0, MUST_BE_POSITIVE)),
            # The shares are checked before the day, as for a cash exercise.
            (0, "2050-01-01", "0.30", InvalidShareCountError, ("shares", 0, MUST_BE_POSITIVE)),
            (
                1_000_001,
                SEPTEMBER_1,
                "0.30",
                InsufficientSharesError,
                ("shares", 1_000_001, ALL_OUTSTANDING),
            ),
            (
                1,
                dt.date(1999, 10, 2),
                "0.30",
                ExerciseWindowError,
                ("on", dt.date(1999, 10, 2), EXPIRED),
            ),
            (
                1,
                SEPTEMBER_1,
                "-0.30",
                InvalidAmountError,
                ("fair_market_value", "-0.30", MUST_NOT_BE_NEGATIVE),
            ),
            (
                1,
                "1999-13-01",
                "0.30",
                InvalidDateError,
                ("on", "1999-13-01", NOT_A_CALENDAR_DATE),
            ),
        ],
    )
    def test_refusals(
        self,
        shares: int,
        on: object,
        value: str,
        error: type[OptionError],
        refusal: tuple[str, object, str],
    ) -> None:
        """Shares, dates and the market value are checked as for a cash exercise."""
        with pytest.raises(error) as caught:
            net_exercise(AUXER_1999, shares, on, value)  # type: ignore[arg-type]
        field, given, rule = refusal
        refused(caught, cls=error, field=field, value=given, rule=rule)

    def test_bad_rounding(self) -> None:
        """Rounding is checked like everywhere else."""
        with pytest.raises(InvalidChoiceError) as raised:
            net_exercise(AUXER_1999, 1, SEPTEMBER_1, "0.30", rounding="down")
        refused(raised, field="rounding", value="down", rule=EXACT_OR_ROUNDED)

    @given(grants_with_history(), st.data())
    @example(AUXER_1999, None)
    def test_value_is_conserved(self, grant: OptionGrant, data: st.DataObject | None) -> None:
        """issued x A + exact cash in lieu == Y x (A - B); issued + withheld == Y."""
        if data is None:  # the worked case
            count, on, value = 1_000_000, SEPTEMBER_1, Decimal("0.30")
        else:
            if grant.outstanding_shares == 0:
                return
            count = data.draw(st.integers(1, grant.outstanding_shares))
            on = data.draw(exercise_dates(grant))
            value = data.draw(prices_above(grant.adjusted_exercise_price))
        new, exact = net_exercise(grant, count, on, value, rounding=None)
        _, rounded = net_exercise(grant, count, on, value)
        price = fractions.Fraction(grant.adjusted_exercise_price)
        issued, cash = present(exact.shares_issued), fractions.Fraction(present(exact.cash_in_lieu))
        each = fractions.Fraction(value)
        assert issued * each + cash == count * (each - price)
        assert 0 <= cash < each
        assert issued + present(exact.shares_withheld) == count
        assert rounded.shares_issued == issued
        assert new.outstanding_shares == grant.outstanding_shares - count


class TestSellToCover:
    def test_auxer(self) -> None:
        """At $0.50 with 22% withheld: 422,800 shares sold to pay $211,400.00."""
        grant, record = sell_to_cover(
            AUXER_1999, 1_000_000, SEPTEMBER_1, "0.50", withholding_rate="0.22"
        )
        assert record.payment is PaymentMethod.SELL_TO_COVER
        assert (record.shares_sold, record.shares_kept) == (422_800, 577_200)
        assert record.cost == Decimal("130000.00")
        assert record.spread == Decimal("370000.00")
        assert record.tax_withheld == Decimal("81400.00")
        assert record.sale_proceeds == Decimal("211400.00")
        assert record.cash_remaining == 0
        assert grant.outstanding_shares == 0

    def test_fees_and_cash_left_over(self) -> None:
        """Fees are covered too, and the last share sold leaves cash over."""
        _, record = sell_to_cover(
            AUXER_1999, 1_000, SEPTEMBER_1, "0.30", withholding_rate="0.25", fees="9.99"
        )
        # cost 130.00 + tax 0.25 x 170.00 = 42.50 + fees 9.99 = 182.49 -> 609 shares at 0.30
        assert record.shares_sold == 609
        assert record.sale_proceeds == Decimal("182.70")
        assert record.cash_remaining == Decimal("0.21")
        assert record.fees == Decimal("9.99")

    def test_nothing_to_pay(self) -> None:
        """A free option with no tax and no fees sells nothing."""
        grant = OptionGrant("2020-01-01", 10, "0", term="1 year")
        _, record = sell_to_cover(grant, 10, "2020-06-01", "0")
        assert (record.shares_sold, record.shares_kept) == (0, 10)

    def test_at_the_money_sells_everything(self) -> None:
        """At the exercise price, every share goes to pay for the exercise."""
        _, record = sell_to_cover(AUXER_1999, 1_000, SEPTEMBER_1, "0.13")
        assert (record.shares_sold, record.shares_kept) == (1_000, 0)

    @pytest.mark.parametrize(
        ("market", "changes", "error", "refusal"),
        [
            (
                "0.10",
                {},
                InsufficientProceedsError,
                ("market_price", Decimal("0.10"), short(most="100.00", owed="130.00")),
            ),
            (
                "0",
                {},
                InsufficientProceedsError,
                ("market_price", Decimal(0), short(most="0", owed="130.00")),
            ),
            (
                "0.13",
                {"fees": "0.01"},
                InsufficientProceedsError,
                ("market_price", Decimal("0.13"), short(most="130.00", owed="130.01")),
            ),
            (
                "0.50",
                {"withholding_rate": "1.01"},
                InvalidRateError,
                ("withholding_rate", "1.01", WITHHOLDING_RANGE),
            ),
            (
                "0.50",
                {"withholding_rate": "-0.1"},
                InvalidRateError,
                ("withholding_rate", "-0.1", WITHHOLDING_RANGE),
            ),
            (
                "0.50",
                {"withholding_rate": math.nan},
                InvalidRateError,
                ("withholding_rate", math.nan, NOT_FINITE),
            ),
            (
                "0.50",
                {"withholding_rate": None},
                AmountTypeError,
                ("withholding_rate", None, NOT_AN_ESTIMATE),
            ),
            ("0.50", {"fees": "-1"}, InvalidAmountError, ("fees", "-1", MUST_NOT_BE_NEGATIVE)),
            (
                "0.50",
                {"fees": "0.005"},
                InvalidAmountError,
                ("fees", "0.005", FEES_IN_CASH.format(currency="USD")),
            ),
            (
                "0.50",
                {"rounding": "UP"},
                InvalidChoiceError,
                ("rounding", "UP", EXACT_OR_ROUNDED),
            ),
            (0.5, {}, AmountTypeError, ("market_price", 0.5, FLOAT_AMOUNT)),
        ],
    )
    def test_refusals(
        self,
        market: object,
        changes: dict[str, Any],
        error: type[OptionError],
        refusal: tuple[str, object, str],
    ) -> None:
        """A sale that cannot cover, and bad rates, fees or prices, are refused by their rules."""
        with pytest.raises(error) as raised:
            sell_to_cover(AUXER_1999, 1_000, SEPTEMBER_1, market, **changes)  # type: ignore[arg-type]
        field, value, rule = refusal
        refused(raised, cls=error, field=field, value=value, rule=rule)

    @pytest.mark.parametrize("on", [SEPTEMBER_1, "2050-01-01"])
    def test_no_shares(self, on: object) -> None:
        """Zero shares are refused first, whatever the day."""
        with pytest.raises(InvalidShareCountError) as caught:
            sell_to_cover(AUXER_1999, 0, on, "0.50")  # type: ignore[arg-type]
        refused(caught, field="shares", value=0, rule=MUST_BE_POSITIVE)

    def test_every_amount_in_cents(self) -> None:
        """Cost, spread, tax, proceeds and what is left are each rounded to the cent; with
        rounding=None each is exact."""
        grant = OptionGrant("2024-01-01", 10_000, "0.0867", term="5 years")
        sale = ("2024-06-03", "1.005")
        _, cents = sell_to_cover(grant, 1_001, *sale, withholding_rate="0.22")
        amounts = (cents.cost, cents.spread, cents.tax_withheld, cents.sale_proceeds)
        assert amounts == tuple(map(Decimal, ("86.79", "919.22", "202.23", "289.44")))
        assert (cents.cash_remaining, cents.shares_sold) == (Decimal("0.42"), 288)
        _, exact = sell_to_cover(grant, 1_001, *sale, withholding_rate="0.22", rounding=None)
        amounts = (exact.cost, exact.spread, exact.tax_withheld, exact.sale_proceeds)
        assert amounts == tuple(map(Decimal, ("86.7867", "919.2183", "202.228026", "289.440")))
        assert exact.cash_remaining == Decimal("0.425274")

    def test_proceeds_in_cents(self) -> None:
        """391 shares sold at $0.333 raise $130.203: recorded as $130.20, $0.20 left over."""
        _, record = sell_to_cover(AUXER_1999, 1_000, SEPTEMBER_1, "0.333")
        assert repr(record) == (
            "Exercise(date=datetime.date(1999, 9, 1), shares=1000, price=Decimal('0.13'), "
            "cost=Decimal('130.00'), payment=PaymentMethod.SELL_TO_COVER, "
            "fair_market_value=Decimal('0.333'), spread=Decimal('203.00'), shares_sold=391, "
            "shares_kept=609, sale_proceeds=Decimal('130.20'), tax_withheld=Decimal('0.00'), "
            "fees=Decimal('0'), cash_remaining=Decimal('0.20'))"
        )

    def test_at_the_money_when_exact(self) -> None:
        """At the exercise price there is no spread: it is 0, not 0.00 from 0.13 - 0.13."""
        _, record = sell_to_cover(AUXER_1999, 1_000, SEPTEMBER_1, "0.13", rounding=None)
        assert (str(record.spread), str(record.tax_withheld)) == ("0", "0")
        assert (record.shares_sold, str(record.cash_remaining)) == (1_000, "0.00")

    def test_sub_cent_fees_when_exact(self) -> None:
        """With rounding=None everything is exact, so fees may be finer than a cent."""
        _, record = sell_to_cover(
            AUXER_1999, 1_000, SEPTEMBER_1, "0.50", fees="0.005", rounding=None
        )
        assert record.fees == Decimal("0.005")
        assert record.shares_sold == 261  # 130.005 / 0.50 = 260.01

    @given(grants_with_history(), st.data())
    @example(AUXER_1999, None)
    def test_proceeds_cover_and_one_share_fewer_would_not(
        self, grant: OptionGrant, data: st.DataObject | None
    ) -> None:
        """Proceeds cover cost + tax + fees, and one share fewer would not."""
        if data is None:  # the worked case
            count, on, market, rate, fees = 1_000_000, SEPTEMBER_1, Decimal("0.50"), "0.22", ZERO
        else:
            if grant.outstanding_shares == 0:
                return
            count = data.draw(st.integers(1, grant.outstanding_shares))
            on = data.draw(exercise_dates(grant))
            market = data.draw(prices())
            rate = data.draw(st.sampled_from(["0", "0.22", "0.5", "1"]))
            fees = data.draw(cash_amounts(grant.currency))
        try:
            new, record = sell_to_cover(grant, count, on, market, withholding_rate=rate, fees=fees)
        except InsufficientProceedsError:
            # Then even every share sold would not pay the cost, tax and fees.
            quantum = MINOR_UNIT_QUANTA[grant.currency]
            spread = fractions.Fraction(intrinsic_value(grant, market, count, rounding=None))
            tax = round_to_step(spread * fractions.Fraction(rate), quantum, "ROUND_HALF_UP")
            most_owed = (
                fractions.Fraction(exercise_cost(grant, count))
                + tax * fractions.Fraction(quantum)
                + fractions.Fraction(fees)
            )
            assert fractions.Fraction(market) * count < most_owed
            return
        sold, kept = present(record.shares_sold), present(record.shares_kept)
        assert sold + kept == count
        owed = sum(
            fractions.Fraction(part)
            for part in (record.cost, present(record.tax_withheld), present(record.fees))
        )
        each = fractions.Fraction(market)
        assert sold * each >= owed
        assert sold == 0 or (sold - 1) * each < owed
        remaining = fractions.Fraction(present(record.cash_remaining))
        assert fractions.Fraction(present(record.sale_proceeds)) == owed + remaining
        assert remaining >= 0
        assert new.outstanding_shares == grant.outstanding_shares - count


HUGE = OptionGrant("2024-01-01", 9_000_000_000_000_000_000, "9" * 45 + ".13", term="1 year")
FINE = OptionGrant("2024-01-01", 1_000, "0." + "1" * 49, term="1 year")
FINE_MANY = OptionGrant("2024-01-01", MAX_SHARES, "1." + "1" * 40, term="1 year")


@pytest.mark.parametrize(
    ("compute", "field"),
    [
        (lambda: exercise_cost(HUGE), "exercise_cost"),
        (lambda: exercise_cost(FINE_MANY), "exercise_cost"),
        (lambda: intrinsic_value(HUGE, "9" * 48 + ".13"), "intrinsic_value"),
        (
            lambda: intrinsic_value_per_share(FINE, "1" * 30 + "." + "1" * 19),
            "intrinsic_value_per_share",
        ),
    ],
    ids=["cost", "inexact cost", "value", "value-per-share"],
)
def test_results_past_fifty_digits(compute: Callable[[], object], field: str) -> None:
    """A result that needs more than 50 digits is refused, never rounded: the error names the
    result, and shows what it would have been."""
    with pytest.raises(PrecisionError) as caught:
        compute()
    refused(caught, field=field, rule=RESULT_TOO_LONG)
    assert caught.value.value is not None


# 10**40 x 10**18 is exact, but written out it needs 59 digits: a coefficient of 50 digits
# with an exponent. With rounding=None it is refused as a result too long, by its name
# (it once came back as "result=...", an amount error).
ZEROS = OptionGrant("2020-01-01", 10**18, "1E+40", term="1 year")
E58 = Decimal("1.0000000000000000000000000000000000000000000000000E+58")


@pytest.mark.parametrize(
    ("compute", "field"),
    [
        (lambda: exercise_cost(ZEROS, rounding=None), "exercise_cost"),
        (lambda: exercise_cost(ZEROS), "exercise_cost"),
        (lambda: intrinsic_value(ZEROS, "2E+40", rounding=None), "intrinsic_value"),
        (lambda: exercise(ZEROS, 10**18, "2020-06-01", rounding=None), "cost"),
    ],
)
def test_exact_results_too_long_to_write_out(compute: Callable[[], object], field: str) -> None:
    with pytest.raises(PrecisionError) as caught:
        compute()
    refused(caught, field=field, value=E58, rule=RESULT_TOO_LONG)


def long_grant(price: str, shares: int = 1) -> OptionGrant:
    """A grant whose figures are long enough for a cashless exercise to pass 50 digits."""
    return OptionGrant("2020-01-01", shares, price, term="1 year")


def long_net(price: str, shares: int, value: str) -> Callable[[], object]:
    return lambda: net_exercise(long_grant(price, shares), shares, "2020-06-01", value)


def long_sale(price: str, shares: int, market: str, **options: Any) -> Callable[[], object]:
    return lambda: sell_to_cover(long_grant(price, shares), shares, "2020-06-01", market, **options)


TEN_TO_49 = "1" + "0" * 49
P16 = "4664238182157725.91492359248947711793"
M28 = "2282514447138817167357273232.275338713961212129967"


@pytest.mark.parametrize(
    ("compute", "error", "shown", "rule"),
    [
        (
            lambda: exercise(exercise(AUXER_1999, 1, SEPTEMBER_1)[0], 1, "1999-08-02"),
            ExerciseOrderError,
            "on='1999-08-02'",
            BEFORE_THE_LATEST.format(kind="exercise", date=SEPTEMBER_1),
        ),
        (
            lambda: exercise(terminate(FOUR_YEARS, "2025-06-15", "VOLUNTARY_OTHER"), 1,
                             "2025-06-14"),
            ExerciseOrderError,
            "on='2025-06-14'",
            BEFORE_THE_TERMINATION.format(termination=dt.date(2025, 6, 15)),
        ),
        (
            lambda: exercise(FOUR_YEARS, 20_000, "2025-06-15"),
            UnvestedSharesError,
            "shares=20000",
            MORE_THAN_VESTED.format(available=16_000, day=dt.date(2025, 6, 15)),
        ),
        (
            lambda: exercise(AUXER_1999, 1, SEPTEMBER_1, fair_market_value="-1"),
            InvalidAmountError,
            "fair_market_value='-1'",
            MUST_NOT_BE_NEGATIVE,
        ),
        (
            lambda: exercise(long_grant("1"), 1, "2020-06-01", fair_market_value="1" + "0" * 49),
            PrecisionError,
            f"spread=Decimal('{'9' * 49}')",
            RESULT_TOO_LONG,
        ),
        (
            lambda: exercise(long_grant("6625483926172733.62729425659285215112721",
                                        2210227644918376841), 2210227644918376841, "2020-06-01"),
            PrecisionError,
            "cost=(Decimal('6625483926172733.62729425659285215112721'), 2210227644918376841)",
            RESULT_TOO_LONG,
        ),
        (
            lambda: exercise(long_grant("8918385675482688274758115548977682912626993.16", 10**6),
                             10**6, "2020-06-01"),
            PrecisionError,
            "cost=Decimal('8918385675482688274758115548977682912626993160000.0')",
            RESULT_TOO_LONG,
        ),
    ],
)  # fmt: skip
def test_cash_exercise_refusals(
    compute: Callable[[], object], error: type[OptionError], shown: str, rule: str
) -> None:
    """Each refusal of a cash exercise: order, vesting, market value, size; ``shown`` is the
    field and the value as the message shows them."""
    with pytest.raises(error) as caught:
        compute()
    field, _, value = shown.partition("=")
    refused(caught, cls=error, field=field, rule=rule)
    assert written_repr(caught.value.value) == value


@pytest.mark.parametrize(
    ("compute", "shown"),
    [
        (
            long_net("76722682549865394544.6252826475163654629244147259", 1,
                     "5688329629333365295343916943579314528795"),
            ("spread=(Decimal('5688329629333365295343916943579314528795'), "
             "Decimal('76722682549865394544.6252826475163654629244147259'))"),
        ),
        (
            long_net("918395573288.221758882948292614259566133817", 10**6,
                     "1928222792619386.917447672763637741426989734124993"),
            "cash_in_lieu=(Decimal('1928222792619386.917447672763637741426989734124993'), 999523)",
        ),
        (long_net("1", 1, TEN_TO_49), "spread=Decimal('" + "9" * 49 + "')"),
        (
            long_sale("6625483926172733.62729425659285215112721", 2210227644918376841,
                      "8343277959.5862461"),
            "cost=(Decimal('6625483926172733.62729425659285215112721'), 2210227644918376841)",
        ),
        (
            long_sale("8918385675482688274758115548977682912626993.16", 10**6,
                      "735.777293545975"),
            "cost=Decimal('8918385675482688274758115548977682912626993160000.0')",
        ),
        (
            long_sale("3124.689333712655665778866733855781598", 7,
                      "834629637.75541862587817589363472263898938314765851", rounding=None),
            "spread=(Decimal('834626513.06608491322251011476798878320778514765851'), 7)",
        ),
        (
            long_sale("45659712663253.16222", 7, "612376426519626357298797545931923.447",
                      withholding_rate="0.15959583726296999158332348665337872", rounding=None),
            ("tax_withheld=(Decimal('0.15959583726296999158332348665337872'), "
             "Decimal('4286634985637384500771964832880691.99346'))"),
        ),
        (
            long_sale("1", 1, TEN_TO_49, withholding_rate=1),
            "tax_withheld=Decimal('" + "9" * 49 + "')",
        ),
        (
            long_sale("587939842377875538412362457934398316767", 10**6,
                      "56485599331423358911961217634231184194524963.5381",
                      withholding_rate="0.22", fees="0.01", rounding=None),
            ("sale_proceeds=(Decimal('587939842377875538412362457934398316767000000'), "
             "Decimal('12426702506147815828013017159790114955165803238382'), Decimal('0.01'))"),
        ),
        (
            long_sale("52933913449586.9483978868145", MAX_SHARES,
                      "413.619491531535124116835282729764"),
            "sale_proceeds=(Decimal('413.619491531535124116835282729764'), 9223372036854775807)",
        ),
        (
            long_sale("5869214162611934363761.22485124811", 10**6,
                      "541374729938475425887116.346729734165196112289611"),
            "sale_proceeds=(Decimal('541374729938475425887116.346729734165196112289611'), 10842)",
        ),
        (long_sale("1", 1, TEN_TO_49), f"sale_proceeds=Decimal('{TEN_TO_49}')"),
        (
            long_sale("5477284642335835684895744484355.195", 10**6,
                      "93579272358427517252683415664647467818772735.7738"),
            "spread=Decimal('93579272358422039968041079828962572074288380578800')",
        ),
        (
            long_sale(P16, 1, M28, withholding_rate="0.25", rounding=None),
            (f"cash_remaining=(Decimal('{M28}'), "
             "Decimal('570628611788202470475936602.50502737285741087093925'))"),
        ),
    ],
)  # fmt: skip
def test_cashless_steps_past_fifty_digits(compute: Callable[[], object], shown: str) -> None:
    """Each step of a net exercise or a sell-to-cover that would need more than 50 digits is
    refused by the name of what it computes, with the operands it was given (``shown``: the
    field and the value as the message shows them)."""
    with pytest.raises(PrecisionError) as caught:
        compute()
    field, _, value = shown.partition("=")
    refused(caught, field=field, rule=RESULT_TOO_LONG)
    assert written_repr(caught.value.value) == value


class TestSaleRecordIsConsistent:
    """A sell-to-cover record that does not add up is refused, however it was built."""

    @pytest.mark.parametrize(
        ("change", "rule"),
        [
            ({"cash_remaining": Decimal("1.10")}, CASH_REMAINING),
            ({"shares_kept": 578}, SALE_SHARES.format(sold=423, shares=1_000)),
        ],
    )
    def test_changed_amounts(self, change: dict[str, Any], rule: str) -> None:
        _, record = sell_to_cover(AUXER_1999, 1_000, SEPTEMBER_1, "0.50", withholding_rate="0.22")
        with pytest.raises(InconsistentRecordError) as caught:
            attrs.evolve(record, **change)
        ((field, value),) = change.items()
        refused(caught, field=field, value=value, rule=rule)
