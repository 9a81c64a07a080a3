"""Intrinsic value against a market price (``_pershare``)."""

from __future__ import annotations

import decimal
import fractions
from decimal import Decimal

import pytest
from hypothesis import example, given

from auxer_option import (
    AUXER_1999,
    Moneyness,
    OptionGrant,
    adjust_for_split,
    dilutive_shares,
    intrinsic_value,
    intrinsic_value_per_share,
    moneyness,
)
from auxer_option._history import MORE_THAN_OUTSTANDING
from auxer_option._money import (
    FLOAT_AMOUNT,
    MAX_SHARES,
    MUST_NOT_BE_NEGATIVE,
    NOT_FINITE,
    NOT_PLAIN_NUMBER,
    rounding_mode_rule,
)
from auxer_option.exceptions import (
    AmountTypeError,
    InsufficientSharesError,
    InvalidAmountError,
    InvalidChoiceError,
    OptionError,
    PrecisionError,
)

from .messages import RESULT_TOO_LONG, refused
from .strategies import grants_with_history, prices


class TestIntrinsicValue:
    @pytest.mark.parametrize(
        ("market", "per_share", "total"),
        [
            ("0.50", "0.37", "370000.00"),
            ("0.30", "0.17", "170000.00"),
            ("0.13", "0", "0.00"),
            ("0.10", "0", "0.00"),
            ("0", "0", "0.00"),
            ("1", "0.87", "870000.00"),
            ("0.1300001", "1E-7", "0.10"),
        ],
    )
    def test_auxer(self, market: str, per_share: str, total: str) -> None:
        """max(0, market - $0.13), per share exact and in total rounded to cents."""
        # Digits and exponent, compared without str(), which reads the test's context.
        assert (
            intrinsic_value_per_share(AUXER_1999, market).as_tuple()
            == Decimal(per_share).as_tuple()
        )
        assert str(intrinsic_value(AUXER_1999, market)) == total

    def test_shares_and_rounding(self) -> None:
        """Part of the grant, and any rounding mode, or none."""
        assert intrinsic_value(AUXER_1999, "0.50", 250_000) == Decimal("92500.00")
        assert str(intrinsic_value(AUXER_1999, "0.135", 1, rounding=None)) == "0.005"
        assert str(intrinsic_value(AUXER_1999, "0.135", 1)) == "0.01"
        assert str(intrinsic_value(AUXER_1999, "0.135", 1, rounding=decimal.ROUND_DOWN)) == "0.00"

    @pytest.mark.parametrize(
        ("market", "error", "rule"),
        [
            (0.5, AmountTypeError, FLOAT_AMOUNT),
            ("-0.50", InvalidAmountError, MUST_NOT_BE_NEGATIVE),
            (Decimal("NaN"), InvalidAmountError, NOT_FINITE),
            ("$0.50", InvalidAmountError, NOT_PLAIN_NUMBER),
        ],
    )
    def test_bad_prices(self, market: object, error: type[OptionError], rule: str) -> None:
        """Market prices follow the same rules as exercise prices, and name their field."""
        for function in (intrinsic_value, intrinsic_value_per_share):
            with pytest.raises(error) as raised:
                function(AUXER_1999, market)  # type: ignore[arg-type]
            refused(raised, field="market_price", value=market, rule=rule)

    def test_too_long(self) -> None:
        """A value past 50 digits is refused by name, with its operands."""
        grant = OptionGrant("2020-01-01", MAX_SHARES, "0", term="1 year")
        with pytest.raises(PrecisionError) as raised:
            intrinsic_value(grant, "1." + "1" * 40)
        operands = (Decimal("1." + "1" * 40), MAX_SHARES)
        refused(raised, field="intrinsic_value", value=operands, rule=RESULT_TOO_LONG)

    def test_bad_shares_and_rounding(self) -> None:
        """Shares and rounding are checked as for the exercise cost."""
        with pytest.raises(InsufficientSharesError) as raised:
            intrinsic_value(AUXER_1999, "0.5", 1_000_001)
        rule = MORE_THAN_OUTSTANDING.format(outstanding=1_000_000, granted=1_000_000)
        refused(raised, field="shares", value=1_000_001, rule=rule)
        with pytest.raises(InvalidChoiceError) as choice:
            intrinsic_value(AUXER_1999, "0.5", rounding="up")
        refused(choice, field="rounding", value="up", rule=rounding_mode_rule("None (exact) or "))

    def test_spread_too_long(self) -> None:
        """A spread with more digits than the library keeps is refused."""
        grant = OptionGrant("2020-01-01", 1, "1E-20", term="1 year")
        with pytest.raises(PrecisionError) as raised:
            intrinsic_value_per_share(grant, "1E+40")
        refused(raised, field="intrinsic_value_per_share", rule=RESULT_TOO_LONG)

    @given(grants_with_history(), prices())
    def test_definition(self, grant: OptionGrant, market: Decimal) -> None:
        """The per-share value is max(0, market - price in force), never negative or -0."""
        value = intrinsic_value_per_share(grant, market)
        spread = fractions.Fraction(market) - fractions.Fraction(grant.adjusted_exercise_price)
        assert fractions.Fraction(value) == max(fractions.Fraction(0), spread)
        assert not value.is_signed()
        assert not intrinsic_value(grant, market).is_signed()
        assert "-" not in str(intrinsic_value(grant, market))

    @given(grants_with_history(), prices(), prices())
    @example(AUXER_1999, Decimal("0.13"), Decimal("0.1300001"))
    def test_monotonic_in_market_price(self, grant: OptionGrant, a: Decimal, b: Decimal) -> None:
        """A higher market price never lowers the value."""
        low, high = sorted((a, b))
        assert intrinsic_value(grant, low) <= intrinsic_value(grant, high)
        assert intrinsic_value_per_share(grant, low) <= intrinsic_value_per_share(grant, high)

    def test_after_a_split(self) -> None:
        """After 2-for-1, a $0.25 share is worth $0.185 over the $0.065 price, on 2,000,000."""
        split = adjust_for_split(AUXER_1999, "2:1")
        assert intrinsic_value_per_share(split, "0.25") == Decimal("0.185")
        assert intrinsic_value(split, "0.25") == Decimal("370000.00")  # as 1,000,000 at $0.50


class TestMoneyness:
    @pytest.mark.parametrize(
        ("market", "expected"),
        [
            ("0.50", Moneyness.IN_THE_MONEY),
            ("0.1300001", Moneyness.IN_THE_MONEY),
            ("0.13", Moneyness.AT_THE_MONEY),
            ("0.130000", Moneyness.AT_THE_MONEY),
            ("0.1299999", Moneyness.OUT_OF_THE_MONEY),
            ("0", Moneyness.OUT_OF_THE_MONEY),
        ],
    )
    def test_auxer(self, market: str, expected: Moneyness) -> None:
        """Against $0.13, exactly: a ten-millionth of a dollar decides."""
        assert moneyness(AUXER_1999, market) is expected

    def test_members_are_their_names(self) -> None:
        """Members compare equal to their names, so plain strings work."""
        assert moneyness(AUXER_1999, "1") == "IN_THE_MONEY"

    def test_after_a_split(self) -> None:
        """The comparison is with the price in force."""
        assert moneyness(adjust_for_split(AUXER_1999, "2:1"), "0.065") is Moneyness.AT_THE_MONEY

    @pytest.mark.parametrize(
        ("market", "error", "rule"),
        [(0.5, AmountTypeError, FLOAT_AMOUNT), ("-1", InvalidAmountError, MUST_NOT_BE_NEGATIVE)],
    )
    def test_bad_prices(self, market: object, error: type[OptionError], rule: str) -> None:
        """The market price is an amount like any other."""
        with pytest.raises(error) as raised:
            moneyness(AUXER_1999, market)  # type: ignore[arg-type]
        refused(raised, field="market_price", value=market, rule=rule)

    @given(grants_with_history(), prices())
    def test_agrees_with_intrinsic_value(self, grant: OptionGrant, market: Decimal) -> None:
        """In the money exactly when a share has intrinsic value."""
        in_the_money = moneyness(grant, market) is Moneyness.IN_THE_MONEY
        assert in_the_money == (intrinsic_value_per_share(grant, market) > 0)


class TestDilutiveShares:
    @pytest.mark.parametrize(
        ("average", "shares"),
        [
            ("0.50", fractions.Fraction(740_000)),
            ("0.30", fractions.Fraction(1_700_000, 3)),
            ("0.26", fractions.Fraction(500_000)),
            ("0.13", fractions.Fraction(0)),
            ("0.10", fractions.Fraction(0)),
            ("0", fractions.Fraction(0)),
        ],
    )
    def test_auxer(self, average: str, shares: fractions.Fraction) -> None:
        """N(P - K)/P: at a $0.50 average, $130,000 buys back 260,000 of the 1,000,000."""
        assert dilutive_shares(AUXER_1999, average) == shares

    @pytest.mark.parametrize(
        ("average", "error", "rule"),
        [(0.5, AmountTypeError, FLOAT_AMOUNT), ("NaN", InvalidAmountError, NOT_PLAIN_NUMBER)],
    )
    def test_bad_prices(self, average: object, error: type[OptionError], rule: str) -> None:
        """The average price is an amount like any other, and named."""
        with pytest.raises(error) as raised:
            dilutive_shares(AUXER_1999, average)  # type: ignore[arg-type]
        refused(raised, field="average_market_price", value=average, rule=rule)

    @given(grants_with_history(), prices())
    def test_proceeds_buy_back_the_rest(self, grant: OptionGrant, average: Decimal) -> None:
        """In the money, the shares not added are those the exercise proceeds buy back."""
        added = dilutive_shares(grant, average)
        outstanding = grant.outstanding_shares
        assert 0 <= added <= outstanding
        if added:
            bought_back = outstanding - added
            proceeds = outstanding * fractions.Fraction(grant.adjusted_exercise_price)
            assert bought_back * fractions.Fraction(average) == proceeds

    @given(grants_with_history(), prices(), prices())
    def test_monotonic_in_average_price(self, grant: OptionGrant, a: Decimal, b: Decimal) -> None:
        """A higher average price never lowers the dilution."""
        low, high = sorted((a, b))
        assert dilutive_shares(grant, low) <= dilutive_shares(grant, high)
