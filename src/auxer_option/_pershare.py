"""What a share under the option is worth against a market price."""

from __future__ import annotations

from decimal import Decimal

from auxer_option._grant import OptionGrant, requested_shares
from auxer_option._money import (
    DEFAULT_ROUNDING,
    ZERO,
    Amount,
    ShareCount,
    canonical,
    check_rounding,
    coerce_amount,
    multiply,
    subtract,
    to_cash,
)

__all__ = ["intrinsic_value", "intrinsic_value_per_share"]


def intrinsic_value_per_share(grant: OptionGrant, market_price: Amount) -> Decimal:
    """``max(0, market_price − exercise_price)``, exact (never rounded).

    The gain from exercising one share and selling it at ``market_price``; zero when the
    option is at or out of the money. It ignores the window: it is a price comparison.

    >>> from auxer_option import AUXER_1999
    >>> intrinsic_value_per_share(AUXER_1999, "0.50")
    Decimal('0.37')
    >>> intrinsic_value_per_share(AUXER_1999, "0.10")
    Decimal('0')

    Raises:
        AmountTypeError: for a ``float`` or another inexact type.
        InvalidAmountError: for a negative, non-finite or malformed price.
    """
    market = coerce_amount(market_price, "market_price")
    if market <= grant.exercise_price:
        return ZERO
    return canonical(subtract(market, grant.exercise_price, "intrinsic_value_per_share"))


def intrinsic_value(
    grant: OptionGrant,
    market_price: Amount,
    shares: ShareCount | None = None,
    *,
    rounding: str | None = DEFAULT_ROUNDING,
) -> Decimal:
    """``max(0, market_price − exercise_price) × shares``, rounded once to the minor unit.

    ``shares`` defaults to all outstanding shares; ``rounding`` (default
    ``ROUND_HALF_UP``) applies to the total, and ``rounding=None`` keeps it exact.

    >>> from auxer_option import AUXER_1999
    >>> intrinsic_value(AUXER_1999, "0.50")
    Decimal('370000.00')

    Raises:
        AmountTypeError: for a ``float`` or another inexact type.
        InvalidAmountError: for a negative, non-finite or malformed price.
        ShareCountTypeError: if ``shares`` is not a whole number.
        InvalidShareCountError: if ``shares`` is negative.
        InsufficientSharesError: if ``shares`` exceeds the outstanding shares.
        InvalidChoiceError: if ``rounding`` is not a ``decimal`` rounding mode or ``None``.
    """
    mode = check_rounding(rounding)
    per_share = intrinsic_value_per_share(grant, market_price)
    count = requested_shares(grant, shares)
    exact = multiply(per_share, count, "intrinsic_value")
    return to_cash(exact, grant.currency, mode, "intrinsic_value")
