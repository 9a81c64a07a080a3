"""Adjusting grants for splits, reverse splits and stock dividends (``_adjust``)."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option import (
    AUXER_1999,
    Adjustment,
    OptionGrant,
    adjust_for_split,
    exercise,
    exercise_cost,
    net_exercise,
    terminate,
)
from auxer_option._adjust import (
    BEFORE_THE_GRANT,
    BEFORE_THE_LATEST,
    DATE_NEEDED,
    NOT_AFTER_TERMINATION,
)
from auxer_option._exercise import BEFORE_THE_LATEST as EXERCISE_BEFORE_THE_LATEST
from auxer_option._money import (
    MAX_SHARES,
    MUST_BE_POSITIVE,
    MUST_NOT_BE_NEGATIVE,
    OVER_MAX_SHARES,
    rounding_mode_rule,
)
from auxer_option._ratio import (
    FLOAT_RATIO,
    NO_OLD_SHARES,
    NOT_A_RATIO,
    NOT_POSITIVE,
    NOT_RATIO_TEXT,
)
from auxer_option._terms import NOT_A_DATETIME
from auxer_option.exceptions import (
    AdjustmentOrderError,
    DateTypeError,
    ExerciseOrderError,
    InvalidAmountError,
    InvalidChoiceError,
    InvalidRatioError,
    InvalidShareCountError,
    OptionError,
    PrecisionError,
    RatioTypeError,
    TerminationError,
)

from .messages import RESULT_TOO_LONG, message, refused
from .strategies import anything, grants_with_history, prices, split_ratios

AUGUST_2 = dt.date(1999, 8, 2)


class TestWorkedSplits:
    @pytest.mark.parametrize(
        ("ratio", "shares", "price"),
        [
            ("2:1", 2_000_000, "0.065"),
            ("1:10", 100_000, "1.30"),
            ((3, 2), 1_500_000, "0.0867"),
            ("3-for-2", 1_500_000, "0.0867"),
            (Fraction(11, 10), 1_100_000, "0.1182"),
            (3, 3_000_000, "0.0434"),
            ("1:3", 333_333, "0.39"),
        ],
    )
    def test_auxer(self, ratio: Any, shares: int, price: str) -> None:
        """2-for-1: 2,000,000 at $0.065 exactly; 1-for-10: 100,000 at $1.30; 3-for-2: $0.0867."""
        split = adjust_for_split(AUXER_1999, ratio)
        assert split.outstanding_shares == shares
        assert str(split.adjusted_exercise_price) == price
        assert split.exercise_price == Decimal("0.13")  # the terms as granted are kept
        assert split.shares == 1_000_000

    def test_the_record(self) -> None:
        """The grant records the date, ratio, before and after, fraction and price change."""
        split = adjust_for_split(AUXER_1999, "1:3", on=AUGUST_2)
        assert split.adjustments == (
            Adjustment(AUGUST_2, Fraction(1, 3), 1_000_000, 333_333, "0.13", "0.39"),
        )
        record = split.adjustments[0]
        assert record.fraction_dropped == Fraction(1, 3)
        assert record.aggregate_price_change == Decimal("-0.13")  # the dropped third at 0.39

    def test_cost_after_a_split(self) -> None:
        """The aggregate exercise price survives an exact split; later costs use new terms."""
        split = adjust_for_split(AUXER_1999, "2:1", on=AUGUST_2)
        assert exercise_cost(split) == Decimal("130000.00")
        later, record = exercise(split, 500_000, "1999-08-03")
        assert (record.price, record.cost) == (Decimal("0.065"), Decimal("32500.00"))
        assert later.outstanding_shares == 1_500_000

    def test_history_keeps_its_figures(self) -> None:
        """An exercise before the split keeps its price; the split applies to the rest."""
        grant, before = exercise(AUXER_1999, 250_000, AUGUST_2)
        split = adjust_for_split(grant, "2:1", on=AUGUST_2)
        assert split.exercises == (before,)
        assert before.price == Decimal("0.13")
        assert split.outstanding_shares == 1_500_000
        assert split.adjustments[0].shares_before == 750_000

    def test_undated(self) -> None:
        """Without ``on``, the adjustment is recorded undated, after the history so far."""
        grant, _ = exercise(AUXER_1999, 250_000, "1999-09-01")
        split = adjust_for_split(grant, "2:1")
        assert split.adjustments[0].date is None
        later, _ = exercise(split, 1, "1999-09-01")
        assert later.outstanding_shares == 1_499_999

    def test_ratio_one_is_the_identity(self) -> None:
        """A ratio of 1 changes nothing and records nothing."""
        assert adjust_for_split(AUXER_1999, "5:5", on=AUGUST_2) is AUXER_1999

    def test_several_splits(self) -> None:
        """Splits compound: 2-for-1 then 1-for-10 is 200,000 at $0.65."""
        grant = adjust_for_split(AUXER_1999, "2:1", on=AUGUST_2)
        grant = adjust_for_split(grant, "1:10", on=AUGUST_2)
        assert (grant.outstanding_shares, grant.adjusted_exercise_price) == (
            200_000,
            Decimal("0.65"),
        )
        assert [a.ratio for a in grant.adjustments] == [2, Fraction(1, 10)]

    def test_after_a_net_exercise(self) -> None:
        """A split applies to what a net exercise left outstanding."""
        grant, _ = net_exercise(AUXER_1999, 400_000, AUGUST_2, "0.30")
        assert adjust_for_split(grant, "2:1").outstanding_shares == 1_200_000


class TestPolicies:
    @pytest.mark.parametrize(
        ("step", "rounding", "price"),
        [
            ("0.0001", decimal.ROUND_UP, "0.0867"),
            ("0.01", decimal.ROUND_UP, "0.09"),
            ("0.01", decimal.ROUND_HALF_EVEN, "0.09"),
            ("0.0001", decimal.ROUND_DOWN, "0.0866"),
            ("0.000001", decimal.ROUND_HALF_UP, "0.086667"),
            ("0.0005", decimal.ROUND_UP, "0.0870"),
        ],
    )
    def test_price_step_and_rounding(self, step: str, rounding: str, price: str) -> None:
        """3-for-2 on $0.13 = $0.08666...: rounded to the step asked for, the way asked for."""
        split = adjust_for_split(AUXER_1999, (3, 2), price_step=step, price_rounding=rounding)
        assert str(split.adjusted_exercise_price) == price

    def test_exact_prices_are_not_padded(self) -> None:
        """A quotient that is a whole number of steps keeps its own digits."""
        split = adjust_for_split(AUXER_1999, "2:1", price_step="0.000001")
        assert str(split.adjusted_exercise_price) == "0.065"

    @pytest.mark.parametrize(
        ("rounding", "shares"),
        [
            (decimal.ROUND_DOWN, 1),
            (decimal.ROUND_HALF_UP, 2),
            (decimal.ROUND_HALF_EVEN, 2),
            (decimal.ROUND_UP, 2),
        ],
    )
    def test_share_rounding(self, rounding: str, shares: int) -> None:
        """3 shares after 1-for-2 are 1.5: rounded down by default, or as asked."""
        grant = OptionGrant("2020-01-01", 3, "1", term="1 year")
        split = adjust_for_split(grant, "1:2", share_rounding=rounding)
        assert split.outstanding_shares == shares
        assert split.adjustments[0].fraction_dropped == Fraction(3, 2) - shares


THIRDS = 370370370370370370370370370370370370370370370333333333333334


class TestMessages:
    """Each rule of this module, word for word, once: other tests check which rule it is."""

    @pytest.mark.parametrize(
        ("call", "rule", "expected"),
        [
            pytest.param(
                lambda: adjust_for_split(
                    terminate(AUXER_1999, "1999-08-02", "VOLUNTARY_OTHER"), "2:1"
                ),
                DATE_NEEDED.format(termination=dt.date(1999, 8, 2)),
                "on=None: is needed after a termination (on 1999-08-02): give the date",
                id="DATE_NEEDED",
            ),
            pytest.param(
                lambda: adjust_for_split(
                    terminate(AUXER_1999, "1999-08-02", "VOLUNTARY_OTHER"), "2:1", on="1999-08-02"
                ),
                NOT_AFTER_TERMINATION.format(termination=dt.date(1999, 8, 2)),
                "on='1999-08-02': must be after the termination, "
                "which took effect at the end of 1999-08-02",
                id="NOT_AFTER_TERMINATION",
            ),
            pytest.param(
                lambda: adjust_for_split(AUXER_1999, "2:1", on="1999-06-30"),
                BEFORE_THE_GRANT.format(grant_date=dt.date(1999, 7, 1)),
                "on='1999-06-30': must not be before the grant date, 1999-07-01",
                id="BEFORE_THE_GRANT",
            ),
            pytest.param(
                lambda: adjust_for_split(
                    exercise(AUXER_1999, 1, "1999-09-01")[0], "2:1", on=AUGUST_2
                ),
                BEFORE_THE_LATEST.format(kind="exercise", date=dt.date(1999, 9, 1)),
                "on=datetime.date(1999, 8, 2): must not be before the latest exercise, "
                "on 1999-09-01",
                id="BEFORE_THE_LATEST",
            ),
        ],
    )
    def test_message(self, call: Callable[[], object], rule: str, expected: str) -> None:
        """The message names the field and the value, then the rule in these words."""
        assert message(call, rule) == expected


class TestRefusals:
    @pytest.mark.parametrize(
        ("ratio", "error", "rule"),
        [
            (1.5, RatioTypeError, FLOAT_RATIO),
            (True, RatioTypeError, NOT_A_RATIO),
            (0, InvalidRatioError, NOT_POSITIVE),
            (-2, InvalidRatioError, NOT_POSITIVE),
            ("2:0", InvalidRatioError, NO_OLD_SHARES),
            ("two for one", InvalidRatioError, NOT_RATIO_TEXT),
        ],
    )
    def test_bad_ratios(self, ratio: object, error: type[OptionError], rule: str) -> None:
        """Floats, bools, zero, negatives and unreadable text are refused, by the ratio's rules."""
        with pytest.raises(error) as caught:
            adjust_for_split(AUXER_1999, ratio)  # type: ignore[arg-type]
        refused(caught, cls=error, field="ratio", value=ratio, rule=rule)

    @pytest.mark.parametrize(
        ("changes", "error", "rule"),
        [
            ({"price_step": "0"}, InvalidAmountError, MUST_BE_POSITIVE),
            ({"price_step": "-0.01"}, InvalidAmountError, MUST_NOT_BE_NEGATIVE),
            ({"share_rounding": None}, InvalidChoiceError, rounding_mode_rule()),
            ({"price_rounding": "UP"}, InvalidChoiceError, rounding_mode_rule()),
            (
                {"on": "1999-06-30"},
                AdjustmentOrderError,
                BEFORE_THE_GRANT.format(grant_date=dt.date(1999, 7, 1)),
            ),
            ({"on": dt.datetime(1999, 8, 2, 9, 30)}, DateTypeError, NOT_A_DATETIME),
        ],
    )
    def test_bad_policies_and_dates(
        self, changes: dict[str, Any], error: type[OptionError], rule: str
    ) -> None:
        """Each policy and the date are checked, with their own errors and rules."""
        with pytest.raises(error) as caught:
            adjust_for_split(AUXER_1999, "2:1", **changes)
        ((field, value),) = changes.items()
        refused(caught, cls=error, field=field, value=value, rule=rule)

    def test_not_before_the_history(self) -> None:
        """An adjustment cannot be dated before the latest exercise or adjustment."""
        grant, _ = exercise(AUXER_1999, 1, "1999-09-01")
        with pytest.raises(AdjustmentOrderError) as caught:
            adjust_for_split(grant, "2:1", on=AUGUST_2)
        rule = BEFORE_THE_LATEST.format(kind="exercise", date=dt.date(1999, 9, 1))
        refused(caught, field="on", value=AUGUST_2, rule=rule)
        split = adjust_for_split(AUXER_1999, "2:1", on="1999-09-01")
        with pytest.raises(AdjustmentOrderError) as caught:
            adjust_for_split(split, "2:1", on=AUGUST_2)
        rule = BEFORE_THE_LATEST.format(kind="adjustment", date=dt.date(1999, 9, 1))
        refused(caught, field="on", value=AUGUST_2, rule=rule)

    def test_after_a_termination(self) -> None:
        """After a termination an adjustment needs its date, and one after the termination."""
        grant = terminate(AUXER_1999, "1999-08-02", "VOLUNTARY_OTHER")
        with pytest.raises(TerminationError) as caught:
            adjust_for_split(grant, "2:1")
        rule = DATE_NEEDED.format(termination=AUGUST_2)
        refused(caught, field="on", value=None, rule=rule)
        with pytest.raises(TerminationError) as caught:
            adjust_for_split(grant, "2:1", on="1999-08-02")
        rule = NOT_AFTER_TERMINATION.format(termination=AUGUST_2)
        refused(caught, field="on", value="1999-08-02", rule=rule)
        assert adjust_for_split(grant, "2:1", on="1999-08-03").outstanding_shares == 2_000_000

    def test_no_exercise_before_an_adjustment(self) -> None:
        """Nor can an exercise be dated before the latest adjustment."""
        split = adjust_for_split(AUXER_1999, "2:1", on="1999-09-01")
        with pytest.raises(ExerciseOrderError) as caught:
            exercise(split, 1, AUGUST_2)
        rule = EXERCISE_BEFORE_THE_LATEST.format(kind="adjustment", date=dt.date(1999, 9, 1))
        refused(caught, field="on", value=AUGUST_2, rule=rule)

    def test_too_many_shares(self) -> None:
        """A split past the largest share count is refused, naming the result."""
        grant = OptionGrant("2020-01-01", MAX_SHARES, "1", term="1 year")
        with pytest.raises(InvalidShareCountError) as caught:
            adjust_for_split(grant, "2:1")
        refused(caught, field="shares_after", value=2 * MAX_SHARES, rule=OVER_MAX_SHARES)

    @pytest.mark.parametrize(
        ("rounding", "price"), [("ROUND_HALF_DOWN", "0.03"), ("ROUND_HALF_EVEN", "0.04")]
    )
    def test_half_a_step(self, rounding: str, price: str) -> None:
        """0.07 split 2:1 is 0.035, half a cent: down for HALF_DOWN, to the even 4 for
        HALF_EVEN."""
        grant = OptionGrant("2020-01-01", 100, "0.07", term="1 year")
        split = adjust_for_split(grant, "2:1", price_step="0.01", price_rounding=rounding)
        assert str(split.adjusted_exercise_price) == price

    def test_rounded_price_too_long_to_write_out(self) -> None:
        """Rounded to a step of 10**40, the price needs 52 digits written out: refused."""
        grant = OptionGrant("2020-01-01", 1, "1234567890" * 4 + "123456789", term="1 year")
        with pytest.raises(PrecisionError) as caught:
            adjust_for_split(grant, "1:1024", price_step=10**40)
        price = Decimal("1.2641975194900000000000000000000000000000000000000E+51")
        refused(caught, field="price_after", value=price, rule=RESULT_TOO_LONG)

    def test_price_too_long_to_write_out(self) -> None:
        """10**49 x 10 is exact, but needs 51 digits written out: refused by name."""
        grant = OptionGrant("2020-01-01", 1, "1" + "0" * 49, term="1 year")
        with pytest.raises(PrecisionError) as caught:
            adjust_for_split(grant, "1:10")
        price = Decimal("1.0000000000000000000000000000000000000000000000000E+50")
        refused(caught, field="price_after", value=price, rule=RESULT_TOO_LONG)

    @pytest.mark.parametrize(
        ("digits", "ratio", "operands"),
        [
            (45, "1024:1", (Decimal("1." + "1" * 45), Fraction(1024, 1))),
            (49, "1:1024", (Decimal("1." + "1" * 49), 1024)),
            (45, "3:1", (Decimal("1E-60"), THIRDS)),
        ],
    )  # fmt: skip
    def test_price_too_long(self, digits: int, ratio: str, operands: tuple[object, object]) -> None:
        """A price with more digits than the library keeps is refused, not rounded."""
        grant = OptionGrant("2020-01-01", 1, "1." + "1" * digits, term="1 year")
        with pytest.raises(PrecisionError) as caught:
            adjust_for_split(grant, ratio, price_step="1E-60")
        refused(caught, field="price_after", value=operands, rule=RESULT_TOO_LONG)

    @given(grants_with_history(max_events=2), anything(), anything())
    @example(AUXER_1999, "2:1", 2**64)
    def test_only_option_errors_escape(self, grant: OptionGrant, ratio: object, on: object) -> None:
        """Anything as ratio and date: a grant, or an OptionError."""
        try:
            adjust_for_split(grant, ratio, on=on)  # type: ignore[arg-type]
        except OptionError as error:
            assert error.field


def aggregate_spread(shares: int, price: Decimal, market: Fraction) -> Fraction:
    """What exercising every share and selling at ``market`` gains (zero if negative)."""
    return shares * max(Fraction(0), market - Fraction(price))


class TestProperties:
    @given(grants_with_history(), split_ratios(), prices())
    @example(AUXER_1999, Fraction(3, 2), Decimal("0.13"))
    @example(AUXER_1999, Fraction(1, 3), Decimal(1))
    def test_never_increases_the_spread(
        self, grant: OptionGrant, ratio: Fraction, market: Decimal
    ) -> None:
        """At any market price, the adjusted option's spread is no greater (26 CFR 1.424-1).

        The market price of a share scales with the split, from ``market`` to
        ``market / ratio``.
        """
        split = adjust_for_split(grant, ratio)
        before = aggregate_spread(
            grant.outstanding_shares, grant.adjusted_exercise_price, Fraction(market)
        )
        after = aggregate_spread(
            split.outstanding_shares, split.adjusted_exercise_price, Fraction(market) / ratio
        )
        assert after <= before

    @given(grants_with_history(), st.integers(1, 12), st.integers(1, 12))
    @example(AUXER_1999, 2, 1)
    @example(AUXER_1999, 1, 10)
    def test_inverse_restores_exact_terms(self, grant: OptionGrant, new: int, old: int) -> None:
        """A split and its inverse give back the original terms when nothing was rounded."""
        ratio = Fraction(new, old)
        fine = "1E-20"
        split = adjust_for_split(grant, ratio, price_step=fine)
        back = adjust_for_split(split, 1 / ratio, price_step=fine)
        shares_exact = (grant.outstanding_shares * ratio).denominator == 1
        price_exact = (
            Fraction(grant.adjusted_exercise_price) / ratio / Fraction(fine)
        ).denominator == 1
        if shares_exact and price_exact:
            assert back.outstanding_shares == grant.outstanding_shares
            assert back.adjusted_exercise_price == grant.adjusted_exercise_price

    @given(grants_with_history())
    def test_ratio_one_is_the_identity(self, grant: OptionGrant) -> None:
        """A ratio of 1, in any form, returns the grant unchanged."""
        for one in (1, "1:1", (7, 7), Fraction(1), Decimal("1.0")):
            assert adjust_for_split(grant, one) is grant

    @given(grants_with_history(), split_ratios())
    def test_default_rounding_drops_less_than_a_share(
        self, grant: OptionGrant, ratio: Fraction
    ) -> None:
        """Shares are rounded down (under one share dropped); the price up (under one step)."""
        split = adjust_for_split(grant, ratio)
        record = split.adjustments[-1] if ratio != 1 else None
        if record is None:
            return
        assert 0 <= record.fraction_dropped < 1
        exact_price = Fraction(grant.adjusted_exercise_price) / ratio
        assert 0 <= Fraction(record.price_after) - exact_price < Fraction("0.0001")
