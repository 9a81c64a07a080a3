"""Intrinsic value against a market price (``_pershare``)."""

from __future__ import annotations

import decimal
import fractions
from decimal import Decimal

import pytest
from hypothesis import given

from auxer_option import AUXER_1999, OptionGrant, intrinsic_value, intrinsic_value_per_share
from auxer_option.exceptions import (
    AmountTypeError,
    InsufficientSharesError,
    InvalidAmountError,
    InvalidChoiceError,
    OptionError,
    PrecisionError,
)

from .strategies import option_grants, prices


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
        assert str(intrinsic_value_per_share(AUXER_1999, market)) == per_share
        assert str(intrinsic_value(AUXER_1999, market)) == total

    def test_shares_and_rounding(self) -> None:
        """Part of the grant, and any rounding mode, or none."""
        assert intrinsic_value(AUXER_1999, "0.50", 250_000) == Decimal("92500.00")
        assert str(intrinsic_value(AUXER_1999, "0.135", 1, rounding=None)) == "0.005"
        assert str(intrinsic_value(AUXER_1999, "0.135", 1)) == "0.01"
        assert str(intrinsic_value(AUXER_1999, "0.135", 1, rounding=decimal.ROUND_DOWN)) == "0.00"

    @pytest.mark.parametrize(
        ("market", "error"),
        [
            (0.5, AmountTypeError),
            ("-0.50", InvalidAmountError),
            (Decimal("NaN"), InvalidAmountError),
            ("$0.50", InvalidAmountError),
        ],
    )
    def test_bad_prices(self, market: object, error: type[OptionError]) -> None:
        """Market prices follow the same rules as exercise prices, and name their field."""
        for function in (intrinsic_value, intrinsic_value_per_share):
            with pytest.raises(error, match="market_price"):
                function(AUXER_1999, market)  # type: ignore[arg-type]

    def test_bad_shares_and_rounding(self) -> None:
        """Shares and rounding are checked as for the exercise cost."""
        with pytest.raises(InsufficientSharesError):
            intrinsic_value(AUXER_1999, "0.5", 1_000_001)
        with pytest.raises(InvalidChoiceError):
            intrinsic_value(AUXER_1999, "0.5", rounding="up")

    def test_spread_too_long(self) -> None:
        """A spread with more digits than the library keeps is refused."""
        grant = OptionGrant("2020-01-01", 1, "1E-20", term="1 year")
        with pytest.raises(PrecisionError):
            intrinsic_value_per_share(grant, "1E+40")

    @given(option_grants(), prices())
    def test_definition(self, grant: OptionGrant, market: Decimal) -> None:
        """The per-share value is max(0, market - price), and never negative."""
        value = fractions.Fraction(intrinsic_value_per_share(grant, market))
        spread = fractions.Fraction(market) - fractions.Fraction(grant.exercise_price)
        assert value == max(fractions.Fraction(0), spread)

    @given(option_grants(), prices(), prices())
    def test_monotonic_in_market_price(self, grant: OptionGrant, a: Decimal, b: Decimal) -> None:
        """A higher market price never lowers the value."""
        low, high = sorted((a, b))
        assert intrinsic_value(grant, low) <= intrinsic_value(grant, high)
