"""Adjusting a grant for splits, reverse splits and stock dividends."""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal
from fractions import Fraction
from typing import Final

from auxer_option._grant import OptionGrant, check_grant, history, with_adjustment
from auxer_option._history import latest_event
from auxer_option._money import (
    EXACT,
    MUST_BE_POSITIVE,
    PRECISION,
    Amount,
    canonical,
    check_rounding_mode,
    coerce_amount,
    coerce_shares,
    multiply,
    round_to_step,
)
from auxer_option._ratio import Ratio, coerce_ratio
from auxer_option._terms import DateLike, coerce_date
from auxer_option.exceptions import (
    AdjustmentOrderError,
    InvalidAmountError,
    PrecisionError,
    TerminationError,
)

__all__ = ["DEFAULT_PRICE_STEP", "adjust_for_split"]

#: The price step a split-adjusted exercise price is rounded to by default: a hundredth of
#: a cent, since cent rounding distorts penny-stock prices ($0.13 after 3-for-2 is
#: $0.0867, not $0.09).
DEFAULT_PRICE_STEP = Decimal("0.0001")

# The rules an adjustment's date is refused by, each written once here, as templates filled
# in with str.format.
#: No date for an adjustment after a termination: a template of ``termination``, its date.
DATE_NEEDED: Final = "is needed after a termination (on {termination}): give the date"
#: A date on or before the termination: a template of ``termination``, its date.
NOT_AFTER_TERMINATION: Final = (
    "must be after the termination, which took effect at the end of {termination}"
)
#: A date before the grant date: a template of ``grant_date``.
BEFORE_THE_GRANT: Final = "must not be before the grant date, {grant_date}"
#: A date before the latest event: a template of ``kind`` (exercise or adjustment) and ``date``.
BEFORE_THE_LATEST: Final = "must not be before the latest {kind}, on {date}"


def adjust_for_split(
    grant: OptionGrant,
    ratio: Ratio,
    *,
    on: DateLike | None = None,
    share_rounding: str = decimal.ROUND_DOWN,
    price_step: Amount = DEFAULT_PRICE_STEP,
    price_rounding: str = decimal.ROUND_UP,
) -> OptionGrant:
    """``grant`` adjusted for a split of ``ratio`` new shares for each old one.

    ``ratio`` is ``"2:1"`` (a 2-for-1 forward split), ``"1:10"`` (a 1-for-10 reverse
    split), ``(3, 2)``, ``Fraction(11, 10)`` (a 10% stock dividend) or an int. The shares
    outstanding are multiplied by it and rounded to a whole share with ``share_rounding``
    (default down: fractional shares are dropped, and the record says how much); the
    exercise price in force is divided by it and, unless the result is a whole number of
    ``price_step`` s already, rounded to one with ``price_rounding`` (default up). Rounding
    shares down and the price up never raises the holder's aggregate spread at any market
    price, as 26 CFR 1.424-1 requires of an option substitution.

    The new grant records an :class:`~auxer_option.Adjustment` dated ``on`` (or undated);
    later exercises use the adjusted terms, and earlier exercises keep their figures.
    A ratio of 1 changes nothing and returns ``grant`` itself.

    >>> from auxer_option import AUXER_1999
    >>> split = adjust_for_split(AUXER_1999, "2:1", on="1999-08-02")
    >>> split.outstanding_shares, split.adjusted_exercise_price
    (2000000, Decimal('0.065'))
    >>> adjust_for_split(AUXER_1999, (3, 2)).adjusted_exercise_price
    Decimal('0.0867')

    Raises:
        RatioTypeError: for a ``float``, ``bool`` or other type of ratio.
        InvalidRatioError: for a zero, negative or malformed ratio.
        InvalidChoiceError: if a rounding is not a ``decimal`` rounding mode.
        InvalidAmountError: if ``price_step`` is not a positive amount.
        AdjustmentOrderError: if ``on`` is before the grant date or the grant's latest
            exercise or adjustment.
        TerminationError: after a termination, if ``on`` is missing or not after it.
        InvalidShareCountError: if the adjusted shares exceed the largest share count.
    """
    check_grant(grant)
    factor = coerce_ratio(ratio, "ratio")
    shares_mode = check_rounding_mode(share_rounding, "share_rounding")
    price_mode = check_rounding_mode(price_rounding, "price_rounding")
    step = coerce_amount(price_step, "price_step")
    if not step:
        raise InvalidAmountError("price_step", price_step, MUST_BE_POSITIVE)
    day = _check_date(grant, on)
    if factor == 1:
        return grant
    before = grant.outstanding_shares
    after = round_to_step(before * factor, Decimal(1), shares_mode)
    price = grant.adjusted_exercise_price
    from auxer_option._records import Adjustment  # noqa: PLC0415  (loaded on first use)

    record = Adjustment(
        day,
        factor,
        before,
        coerce_shares(after, "shares_after", minimum=0),
        price,
        _divided_price(price, factor, step, price_mode),
    )
    return with_adjustment(grant, record)


def _check_date(grant: OptionGrant, on: DateLike | None) -> dt.date | None:
    termination = grant.termination
    if on is None:
        if termination is not None:
            raise TerminationError("on", on, DATE_NEEDED.format(termination=termination.date))
        return None
    day = coerce_date(on, "on")
    if termination is not None and day <= termination.date:
        rule = NOT_AFTER_TERMINATION.format(termination=termination.date)
        raise TerminationError("on", on, rule)
    if day < grant.grant_date:
        raise AdjustmentOrderError("on", on, BEFORE_THE_GRANT.format(grant_date=grant.grant_date))
    latest = latest_event(history(grant))
    if latest is not None and day < latest[1]:
        kind, date = latest
        raise AdjustmentOrderError("on", on, BEFORE_THE_LATEST.format(kind=kind, date=date))
    return day


def _divided_price(price: Decimal, ratio: Fraction, step: Decimal, rounding: str) -> Decimal:
    """``price / ratio``: exact when that is a whole number of steps, else rounded to one."""
    exact = Fraction(price) / ratio
    if (exact / Fraction(step)).denominator != 1:
        return canonical(
            multiply(step, round_to_step(exact, step, rounding), "price_after"), "price_after"
        )
    # Written in the quotient's natural digits: 0.13 / 2 = 0.065, 0.13 x 10 = 1.30.
    scaled = multiply(price, ratio.denominator, "price_after")
    try:
        return canonical(EXACT.divide(scaled, ratio.numerator), "price_after")
    except decimal.DecimalException as error:
        raise PrecisionError.for_result("price_after", (price, ratio), PRECISION) from error
