"""Exercising a grant: what it costs, and the new grant plus its record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final

from auxer_option._grant import OptionGrant, check_grant, history, requested_shares, with_exercise
from auxer_option._history import latest_event
from auxer_option._money import (
    DEFAULT_ROUNDING,
    ZERO,
    Amount,
    Estimate,
    ShareCount,
    add,
    check_rounding,
    coerce_amount,
    coerce_rate,
    is_cash,
    multiply,
    subtract,
    to_cash,
)
from auxer_option._status import status_and_day
from auxer_option._terms import DateLike
from auxer_option._text import plain
from auxer_option._window import WindowStatus
from auxer_option.exceptions import (
    ExerciseOrderError,
    ExerciseWindowError,
    InsufficientProceedsError,
    InvalidAmountError,
    NotInTheMoneyError,
    UnvestedSharesError,
)

if TYPE_CHECKING:
    from auxer_option._market import MarketValue
    from auxer_option._records import Exercise

__all__ = ["exercise", "exercise_cost", "net_exercise", "sell_to_cover"]

# The rules exercises are refused by, each written once here; those with a value in them are
# templates, filled in with str.format.
#: A net exercise at or below the exercise price: a template of ``price``.
NOT_IN_THE_MONEY: Final = (
    "must exceed the exercise price, {price}: at or below it a net exercise issues no shares"
)
#: Fees finer than the currency's minor unit: a template of ``currency``.
FEES_IN_CASH: Final = "must be whole minor units of {currency}: fees are paid in cash"
#: A sale that cannot cover what it must pay: a template of ``available``, ``most`` (what
#: selling them all raises) and ``owed``.
SALE_FALLS_SHORT: Final = (
    "selling all {available} shares raises {most}, less than the {owed} to pay (cost, tax and fees)"
)
#: An exercise outside the window: a template of ``status`` (in words), ``first`` and ``last``.
WINDOW_NOT_OPEN: Final = "the option is {status}: it can be exercised from {first} through {last}"
#: An exercise before the latest event: a template of ``kind`` and ``date``.
BEFORE_THE_LATEST: Final = "must not be before the latest {kind}, on {date}"
#: An exercise before a recorded termination: a template of ``termination``, its date.
BEFORE_THE_TERMINATION: Final = "must not be before the termination, on {termination}"
#: An exercise of more shares than have vested: a template of ``available`` and ``day``.
MORE_THAN_VESTED: Final = "only {available} vested shares can be exercised on {day}"


def exercise_cost(
    grant: OptionGrant, shares: ShareCount | None = None, *, rounding: str | None = DEFAULT_ROUNDING
) -> Decimal:
    """The cash needed to exercise ``shares`` (default: all outstanding) of ``grant``.

    The exact cost is ``shares × adjusted_exercise_price`` (the price in force after any
    split adjustments); it is rounded once, to the currency's
    minor unit (cents for USD), with ``rounding`` (default ``ROUND_HALF_UP``). Pass
    ``rounding=None`` for the exact, unrounded value.

    >>> from auxer_option import AUXER_1999
    >>> exercise_cost(AUXER_1999)
    Decimal('130000.00')
    >>> exercise_cost(AUXER_1999, 250_000)
    Decimal('32500.00')

    Raises:
        ShareCountTypeError: if ``shares`` is not a whole number.
        InvalidShareCountError: if ``shares`` is negative.
        InsufficientSharesError: if ``shares`` exceeds the outstanding shares.
        InvalidChoiceError: if ``rounding`` is not a ``decimal`` rounding mode or ``None``.
    """
    check_grant(grant)
    mode = check_rounding(rounding)
    count = requested_shares(grant, shares)
    exact = multiply(grant.adjusted_exercise_price, count, "exercise_cost")
    return to_cash(exact, grant.currency, mode, "exercise_cost")


def exercise(
    grant: OptionGrant,
    shares: ShareCount,
    on: DateLike,
    *,
    fair_market_value: MarketValue | None = None,
    rounding: str | None = DEFAULT_ROUNDING,
) -> tuple[OptionGrant, Exercise]:
    """Exercise ``shares`` of ``grant`` on ``on``, paying in cash; return the new grant and record.

    The grant is not changed: the returned grant carries the record at the end of its
    ``exercises`` and that many fewer ``outstanding_shares``. The record's ``cost`` is
    :func:`exercise_cost` of the shares, rounded as ``rounding`` says. ``on`` is a date,
    or an aware ``datetime`` for a grant with a time zone (see
    :func:`~auxer_option.window_status`); the record keeps the day in the grant's zone.

    Given the ``fair_market_value`` of a share on the day, the record also carries the
    bargain element, ``spread = (fair_market_value − price) × shares`` rounded like the
    cost (zero when the option is not in the money): the compensation income a 1099 or
    W-2 reports for a non-qualified option. A :class:`~auxer_option.FairMarketValues`
    table may stand for the value: the one in force on the day is used (and so in
    :func:`net_exercise` and :func:`sell_to_cover`).

    >>> from datetime import date
    >>> from auxer_option import AUXER_1999
    >>> grant, record = exercise(AUXER_1999, 250_000, date(1999, 8, 2), fair_market_value="0.50")
    >>> record.cost, record.spread, grant.outstanding_shares
    (Decimal('32500.00'), Decimal('92500.00'), 750000)

    Raises:
        ShareCountTypeError: if ``shares`` is not a whole number.
        InvalidShareCountError: if ``shares`` is zero or negative.
        InsufficientSharesError: if ``shares`` exceeds the outstanding shares.
        AmountTypeError, InvalidAmountError: for a bad ``fair_market_value``.
        InvalidDateError, InvalidCurrencyError: for a ``FairMarketValues`` table with no
            value yet on the day, or in another currency than the grant's.
        ExerciseWindowError: if the window is not open at ``on``.
        ExerciseOrderError: if ``on`` is before the grant's latest exercise, adjustment or
            termination.
        UnvestedSharesError: if fewer than ``shares`` have vested (for a grant that is not
            early-exercisable).
    """
    check_grant(grant)
    mode = check_rounding(rounding)
    count = requested_shares(grant, shares, minimum=1)
    from auxer_option._market import market_value  # noqa: PLC0415  (loaded on first use)

    day = open_day(grant, on)
    value = (
        None
        if fair_market_value is None
        else coerce_amount(
            market_value(fair_market_value, day, "fair_market_value", grant.currency),
            "fair_market_value",
        )
    )
    _check_vested(grant, count, day)
    price = grant.adjusted_exercise_price
    cost = _cash_cost(grant, count, mode)
    spread = (
        None
        if value is None
        else to_cash(_spread(value, price, count), grant.currency, mode, "spread")
    )
    from auxer_option._records import Exercise  # noqa: PLC0415  (loaded on first use)

    record = Exercise(day, count, price, cost, fair_market_value=value, spread=spread)
    return with_exercise(grant, record), record


def net_exercise(
    grant: OptionGrant,
    shares: ShareCount,
    on: DateLike,
    fair_market_value: MarketValue,
    *,
    rounding: str | None = DEFAULT_ROUNDING,
) -> tuple[OptionGrant, Exercise]:
    """Exercise ``shares`` without cash: the company withholds shares worth the price.

    The cashless ("net") exercise of warrant and option agreements: for ``Y`` shares
    exercised at price ``B`` when a share is worth ``A`` (``fair_market_value``), the holder
    receives ``X = Y × (A − B) / A`` shares. Only whole shares are issued (``X`` rounded
    down); the fraction left is paid in cash, ``cash_in_lieu = (X − ⌊X⌋) × A``, rounded to
    the minor unit as ``rounding`` says. The rest, ``Y − ⌊X⌋``, is withheld. All ``Y``
    shares leave the grant; the record's ``cost`` is zero and its ``spread`` is
    ``Y × (A − B)``, the value received.

    >>> from datetime import date
    >>> from auxer_option import AUXER_1999
    >>> grant, record = net_exercise(AUXER_1999, 1_000_000, date(1999, 9, 1), "0.30")
    >>> record.shares_issued, record.shares_withheld, record.cash_in_lieu
    (566666, 433334, Decimal('0.20'))

    Raises:
        NotInTheMoneyError: if ``fair_market_value`` is at or below the exercise price
            (there is nothing to issue).
        InvalidDateError, InvalidCurrencyError: for a ``FairMarketValues`` table with no
            value yet on the day, or in another currency than the grant's.
        ShareCountTypeError, InvalidShareCountError, InsufficientSharesError: for bad
            ``shares``, as for :func:`exercise`.
        ExerciseWindowError, ExerciseOrderError: for a bad ``on``, as for :func:`exercise`.
    """
    check_grant(grant)
    mode = check_rounding(rounding)
    count = requested_shares(grant, shares, minimum=1)
    from auxer_option._market import market_value  # noqa: PLC0415  (loaded on first use)

    day = open_day(grant, on)
    given = market_value(fair_market_value, day, "fair_market_value", grant.currency)
    value = coerce_amount(given, "fair_market_value")
    price = grant.adjusted_exercise_price
    if value <= price:
        raise NotInTheMoneyError(
            "fair_market_value",
            given,
            NOT_IN_THE_MONEY.format(price=plain(price)),
        )
    _check_vested(grant, count, day)
    spread = _spread(value, price, count)
    # floor(Y(A - B) / A) in integers; A > B >= 0, so A is never zero.
    worth, unit = Fraction(spread), Fraction(value)
    issued = (worth.numerator * unit.denominator) // (worth.denominator * unit.numerator)
    fraction_value = subtract(spread, multiply(value, issued, "cash_in_lieu"), "cash_in_lieu")
    from auxer_option._records import Exercise, PaymentMethod  # noqa: PLC0415  (on first use)

    record = Exercise(
        day,
        count,
        price,
        to_cash(ZERO, grant.currency, mode, "cost"),
        payment=PaymentMethod.NET_EXERCISE,
        fair_market_value=value,
        spread=to_cash(spread, grant.currency, mode, "spread"),
        shares_issued=issued,
        shares_withheld=count - issued,
        cash_in_lieu=to_cash(fraction_value, grant.currency, mode, "cash_in_lieu"),
    )
    return with_exercise(grant, record), record


def sell_to_cover(
    grant: OptionGrant,
    shares: ShareCount,
    on: DateLike,
    market_price: MarketValue,
    *,
    withholding_rate: Estimate = 0,
    fees: Amount = 0,
    rounding: str | None = DEFAULT_ROUNDING,
) -> tuple[OptionGrant, Exercise]:
    """Exercise ``shares`` and sell just enough of them to pay the price, tax and fees.

    The cost (shares × price), the tax withheld (``withholding_rate`` × the exact spread)
    and ``fees`` are each cash, rounded to the minor unit as ``rounding`` says; the shares
    sold are the fewest whose sale at ``market_price`` covers their sum:
    ``⌈(cost + tax + fees) / market_price⌉``. The holder keeps the rest, and the cash
    the sale raises beyond what it pays (``cash_remaining``). ``withholding_rate`` is a
    fraction (``"0.22"`` for 22%); a rate is not money, so a ``float`` is read as its
    shortest repr (``0.22`` is ``Decimal("0.22")``) and a ``Fraction`` exactly.

    >>> from datetime import date
    >>> from auxer_option import AUXER_1999
    >>> grant, record = sell_to_cover(
    ...     AUXER_1999, 1_000_000, date(1999, 9, 1), "0.50", withholding_rate="0.22"
    ... )
    >>> record.shares_sold, record.shares_kept, record.tax_withheld
    (422800, 577200, Decimal('81400.00'))

    Raises:
        InsufficientProceedsError: if selling every share would not cover the payments.
        InvalidDateError, InvalidCurrencyError: for a ``FairMarketValues`` table with no
            value yet on the day, or in another currency than the grant's.
        InvalidRateError: if ``withholding_rate`` is outside 0 to 1, or not finite.
        InvalidAmountError: for a negative ``fees``, or one finer than the minor unit
            when rounding.
        ShareCountTypeError, InvalidShareCountError, InsufficientSharesError: for bad
            ``shares``, as for :func:`exercise`.
        ExerciseWindowError, ExerciseOrderError: for a bad ``on``, as for :func:`exercise`.
    """
    check_grant(grant)
    mode = check_rounding(rounding)
    count = requested_shares(grant, shares, minimum=1)
    from auxer_option._market import market_value  # noqa: PLC0415  (loaded on first use)

    day = open_day(grant, on)
    market = coerce_amount(
        market_value(market_price, day, "market_price", grant.currency), "market_price"
    )
    rate = coerce_rate(withholding_rate, "withholding_rate")
    fee = coerce_amount(fees, "fees")
    if mode is not None and not is_cash(fee, grant.currency):
        raise InvalidAmountError("fees", fees, FEES_IN_CASH.format(currency=grant.currency))
    _check_vested(grant, count, day)
    price = grant.adjusted_exercise_price
    cost = _cash_cost(grant, count, mode)
    spread = _spread(market, price, count)
    tax = to_cash(multiply(rate, spread, "tax_withheld"), grant.currency, mode, "tax_withheld")
    owed = add(cost, tax, fee, field="sale_proceeds")
    sold = _shares_to_sell(owed, market, count)
    proceeds = to_cash(
        multiply(market, sold, "sale_proceeds"), grant.currency, mode, "sale_proceeds"
    )
    from auxer_option._records import Exercise, PaymentMethod  # noqa: PLC0415  (on first use)

    record = Exercise(
        day,
        count,
        price,
        cost,
        payment=PaymentMethod.SELL_TO_COVER,
        fair_market_value=market,
        spread=to_cash(spread, grant.currency, mode, "spread"),
        shares_sold=sold,
        shares_kept=count - sold,
        sale_proceeds=proceeds,
        tax_withheld=tax,
        fees=fee,
        cash_remaining=subtract(proceeds, owed, "cash_remaining"),
    )
    return with_exercise(grant, record), record


def _shares_to_sell(owed: Decimal, market: Decimal, available: int) -> int:
    """⌈owed / market⌉, refused if it exceeds the shares available."""
    if not owed:
        return 0
    most = multiply(market, available, "sale_proceeds")
    if most < owed:
        raise InsufficientProceedsError(
            "market_price",
            market,
            SALE_FALLS_SHORT.format(available=available, most=plain(most), owed=plain(owed)),
        )
    need, each = Fraction(owed), Fraction(market)  # market > 0 here, since most >= owed > 0
    return -((-need.numerator * each.denominator) // (need.denominator * each.numerator))


def _cash_cost(grant: OptionGrant, count: int, mode: str | None) -> Decimal:
    """The cash the exercise price of ``count`` shares comes to, rounded as ``mode`` says."""
    exact = multiply(grant.adjusted_exercise_price, count, "cost")
    return to_cash(exact, grant.currency, mode, "cost")


def _spread(value: Decimal, price: Decimal, count: int) -> Decimal:
    """The exact bargain element ``max(0, value − price) × count``."""
    if value <= price:
        return ZERO
    return multiply(subtract(value, price, "spread"), count, "spread")


def open_day(grant: OptionGrant, on: DateLike) -> dt.date:
    """The day of ``on`` in the grant's zone, if the grant can be exercised then.

    Raises:
        ExerciseWindowError: if the window is not open at ``on``.
        ExerciseOrderError: if ``on`` is before the grant's latest exercise, adjustment or
            termination.
    """
    status, day = status_and_day(grant, on)
    if status is not WindowStatus.OPEN:
        raise ExerciseWindowError(
            "on",
            on,
            WINDOW_NOT_OPEN.format(
                status=status.name.replace("_", " ").lower(),
                first=grant.first_exercise_date,
                last=grant.last_exercise_date,
            ),
        )
    latest = latest_event(history(grant))
    if latest is not None and day < latest[1]:
        kind, date = latest
        raise ExerciseOrderError("on", on, BEFORE_THE_LATEST.format(kind=kind, date=date))
    # A recorded termination is an event too: what it forfeited is gone, so the history
    # cannot go back before it.
    termination = grant.termination
    if termination is not None and day < termination.date:
        rule = BEFORE_THE_TERMINATION.format(termination=termination.date)
        raise ExerciseOrderError("on", on, rule)
    return day


def _check_vested(grant: OptionGrant, count: int, day: dt.date) -> None:
    """Refuse more shares than can be exercised on ``day`` (vested, or early-exercisable)."""
    from auxer_option._vested import exercisable_shares  # noqa: PLC0415  (loaded on first use)

    available = exercisable_shares(grant, day)
    if count > available:
        raise UnvestedSharesError(
            "shares", count, MORE_THAN_VESTED.format(available=available, day=day)
        )
