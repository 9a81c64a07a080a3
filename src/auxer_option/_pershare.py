"""What a share under the option is worth against a market price, and what it dilutes."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from auxer_option._choices import Choice
from auxer_option._grant import OptionGrant, check_grant, requested_shares
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

__all__ = [
    "Moneyness",
    "dilutive_shares",
    "intrinsic_value",
    "intrinsic_value_per_share",
    "moneyness",
]


class Moneyness(Choice):
    """Where a market price stands against the exercise price.

    ``IN_THE_MONEY``: above it (exercising gains); ``AT_THE_MONEY``: equal;
    ``OUT_OF_THE_MONEY``: below it. Members equal their names.

    >>> Moneyness("AT_THE_MONEY")
    Moneyness.AT_THE_MONEY
    """

    IN_THE_MONEY = "IN_THE_MONEY"
    AT_THE_MONEY = "AT_THE_MONEY"
    OUT_OF_THE_MONEY = "OUT_OF_THE_MONEY"


def moneyness(grant: OptionGrant, market_price: Amount) -> Moneyness:
    """Whether ``grant`` is in, at or out of the money at ``market_price``.

    It compares the price with the exercise price in force (after any split adjustment),
    exactly: $0.1300001 is in the money against $0.13.

    >>> from auxer_option import AUXER_1999
    >>> moneyness(AUXER_1999, "0.50"), moneyness(AUXER_1999, "0.130")
    (Moneyness.IN_THE_MONEY, Moneyness.AT_THE_MONEY)

    Raises:
        AmountTypeError: for a ``float`` or another inexact type.
        InvalidAmountError: for a negative, non-finite or malformed price.
    """
    check_grant(grant)
    market = coerce_amount(market_price, "market_price")
    price = grant.adjusted_exercise_price
    if market > price:
        return Moneyness.IN_THE_MONEY
    if market == price:
        return Moneyness.AT_THE_MONEY
    return Moneyness.OUT_OF_THE_MONEY


def intrinsic_value_per_share(grant: OptionGrant, market_price: Amount) -> Decimal:
    """``max(0, market_price − adjusted_exercise_price)``, exact (never rounded).

    The gain from exercising one share and selling it at ``market_price``; zero when the
    option is at or out of the money. It ignores the window: it is a price comparison.
    The exercise price is the one in force, after any split adjustment.

    >>> from auxer_option import AUXER_1999
    >>> intrinsic_value_per_share(AUXER_1999, "0.50")
    Decimal('0.37')
    >>> intrinsic_value_per_share(AUXER_1999, "0.10")
    Decimal('0')

    Raises:
        AmountTypeError: for a ``float`` or another inexact type.
        InvalidAmountError: for a negative, non-finite or malformed price.
    """
    check_grant(grant)
    market = coerce_amount(market_price, "market_price")
    price = grant.adjusted_exercise_price
    if market <= price:
        return ZERO
    field = "intrinsic_value_per_share"
    return canonical(subtract(market, price, field), field)


def intrinsic_value(
    grant: OptionGrant,
    market_price: Amount,
    shares: ShareCount | None = None,
    *,
    rounding: str | None = DEFAULT_ROUNDING,
) -> Decimal:
    """``max(0, market_price − adjusted_exercise_price) × shares``, rounded once to cash.

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
    check_grant(grant)
    mode = check_rounding(rounding)
    per_share = intrinsic_value_per_share(grant, market_price)
    count = requested_shares(grant, shares)
    exact = multiply(per_share, count, "intrinsic_value")
    return to_cash(exact, grant.currency, mode, "intrinsic_value")


def dilutive_shares(grant: OptionGrant, average_market_price: Amount) -> Fraction:
    """The incremental shares ``grant`` adds to diluted EPS, by the treasury stock method.

    The outstanding shares ``N`` are assumed exercised at the price ``K`` in force, and the
    proceeds used to buy back shares at the period's ``average_market_price`` ``P``; the
    shares not bought back are the incremental shares, ``N × (P − K) / P`` (ASC 260-10-45,
    IAS 33.45). Zero when the option is not in the money (it would be anti-dilutive). The
    result is exact; round it as your reporting requires.

    >>> from auxer_option import AUXER_1999
    >>> dilutive_shares(AUXER_1999, "0.50")
    Fraction(740000, 1)
    >>> round(dilutive_shares(AUXER_1999, "0.30"))
    566667

    Raises:
        AmountTypeError: for a ``float`` or another inexact type.
        InvalidAmountError: for a negative, non-finite or malformed price.
    """
    check_grant(grant)
    average = coerce_amount(average_market_price, "average_market_price")
    price = grant.adjusted_exercise_price
    if average <= price:
        return Fraction(0)
    # average > price >= 0, so the division is by a positive number.
    return grant.outstanding_shares * (1 - Fraction(price) / Fraction(average))
