"""Pictures of a grant: what exercising it is worth, its timeline, and its expense.

Install with the ``plot`` extra (``pip install "auxer-option[plot]"``); matplotlib is
imported when a function is called, never by ``import auxer_option``. Each function
returns a ``matplotlib.figure.Figure`` built without pyplot, so it works headless and
leaves pyplot's global state alone; a notebook shows it, ``figure.savefig`` writes it.

The figures are drawn from the library's exact figures; only the drawing uses floats.
Prices in labels and titles are rounded to the cent (the currency's minor unit), or to
three significant digits where a cent would show fewer (``0.0264``, ``0.0000004``): a
price that is not zero never shows as zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from auxer_option._display import rounded_price
from auxer_option._exercise import exercise_cost
from auxer_option._expense import ExpenseMethod, ReportingPeriod, expense_schedule
from auxer_option._grant import (
    OptionGrant,
    as_of,
    check_grant,
    latest_record_date,
    requested_shares,
)
from auxer_option._lattice import LatticeValuation
from auxer_option._money import EXACT, Amount, Estimate, ShareCount, coerce_amount, format_amount
from auxer_option._pershare import intrinsic_value
from auxer_option._terms import DateLike, coerce_date
from auxer_option._text import plain
from auxer_option._valuation import Valuation, fair_value
from auxer_option._vested import vesting_table
from auxer_option.exceptions import OptionTypeError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_expense", "plot_payoff", "plot_timeline"]

# The rules the plots' arguments are refused by, each written once here.
#: One of the two model inputs given without the other.
BOTH_INPUTS: Final = "a Black-Scholes curve needs both volatility and risk_free_rate"
#: Market prices not given as a sequence.
NOT_PRICES: Final = "must be a sequence of prices"
#: Expense methods not given as a sequence.
NOT_METHODS: Final = "must be a sequence of expense methods, such as ['straight_line']"


def _figure() -> tuple[Figure, Axes]:
    try:
        from matplotlib.figure import Figure  # noqa: PLC0415  (only plots need it)
    except ImportError as error:
        message = 'plots need matplotlib: pip install "auxer-option[plot]"'
        raise ImportError(message) from error
    figure = Figure(figsize=(8, 4.5), layout="constrained")
    return figure, figure.add_subplot()


def plot_payoff(
    grant: OptionGrant,
    *,
    market_prices: Iterable[Amount] | None = None,
    on: DateLike | None = None,
    shares: ShareCount | None = None,
    volatility: Estimate | None = None,
    risk_free_rate: Estimate | None = None,
    dividend_yield: Estimate = 0,
) -> Figure:
    """What exercising ``shares`` (default: all outstanding) is worth at each market price.

    Draws the intrinsic value, ``max(0, market − exercise price) × shares``, with the
    exercise price and the break-even marked. Given ``volatility`` and ``risk_free_rate``,
    it also draws the Black-Scholes value of the grant on ``on`` (default: the first
    exercise date, or the grant's latest record's day if later, but at most its last
    exercise date) at each price, and the break-even moves up by the option's value per
    share at the exercise price: the market price at which exercising recovers what the
    option was worth. Then the whole plot is
    of the grant as it stood at the end of ``on`` (its shares and price then in force, as
    :func:`~auxer_option.fair_value` reads them). ``market_prices`` default to 0 to three
    times the exercise price.

    >>> from auxer_option import AUXER_1999
    >>> figure = plot_payoff(AUXER_1999, volatility="1.00", risk_free_rate="0.05",
    ...                      on="1999-07-01")
    >>> [line.get_label() for line in figure.axes[0].get_lines()][:2]
    ['Exercising now', 'Black-Scholes value on 1999-07-01']

    Raises:
        OptionError: for bad prices, shares, dates or model inputs, as the functions
            that compute the figures raise them.
        ImportError: when matplotlib is not installed.
    """
    check_grant(grant)
    if volatility is not None:  # one grant for every line: as it stood on the day valued
        # By default the day of its latest record, within its window (a split may come
        # after the window has closed).
        first, last = grant.first_exercise_date, grant.last_exercise_date
        latest = latest_record_date(grant) or first
        day = min(max(first, latest), last) if on is None else coerce_date(on, "on")
        grant = as_of(grant, day)
    count = requested_shares(grant, shares)
    strike = grant.adjusted_exercise_price
    prices = _prices(strike) if market_prices is None else _given(market_prices)
    figure, axes = _figure()
    values = [intrinsic_value(grant, price, count, rounding=None) for price in prices]
    axes.plot([float(p) for p in prices], [float(v) for v in values], label="Exercising now")
    break_even = strike
    if (volatility is None) != (risk_free_rate is None):
        raise OptionTypeError(
            "volatility" if volatility is None else "risk_free_rate",
            None,
            BOTH_INPUTS,
        )
    if volatility is not None:

        def per_share(spot: Decimal) -> Decimal:
            # risk_free_rate is given with volatility, as checked above.
            return fair_value(
                grant,
                on=day,
                spot=spot,
                volatility=volatility,
                risk_free_rate=risk_free_rate,  # type: ignore[arg-type]
                dividend_yield=dividend_yield,
            ).value

        axes.plot(
            [float(p) for p in prices],
            [float(EXACT.multiply(per_share(p), count)) for p in prices],
            label=f"Black-Scholes value on {day}",
        )
        break_even = EXACT.add(strike, per_share(strike))
    price, even = (_label(figure, grant.currency) for figure in (strike, break_even))
    axes.axvline(float(strike), linestyle="--", color="grey", label=f"Exercise price {price}")
    axes.axvline(float(break_even), linestyle=":", color="black", label=f"Break-even {even}")
    counted = f"{count:,} share{'' if count == 1 else 's'}"
    axes.set_xlabel(f"Market price a share ({grant.currency})")
    axes.set_ylabel(f"Value of {counted} ({grant.currency})")
    cost = format_amount(exercise_cost(grant, count), grant.currency)
    axes.set_title(f"Exercising {counted} at {price} a share, for {cost}")
    axes.legend(loc="upper left")
    return figure


#: The significant digits a price in a label keeps, where a cent would show fewer.
LABEL_DIGITS: Final = 3


def _label(price: Decimal, currency: str) -> str:
    """``price`` as a label shows it: to the cent, or to :data:`LABEL_DIGITS` digits."""
    return plain(rounded_price(price, currency, significant=LABEL_DIGITS))


def _prices(strike: Decimal) -> list[Decimal]:
    """0 to three times ``strike`` in 120 exact steps (0 to 1 by cents for a free grant)."""
    if strike:
        step, count = EXACT.multiply(strike, Decimal("0.025")), 121
    else:
        step, count = Decimal("0.01"), 101
    return [coerce_amount(EXACT.multiply(step, k), "market_prices") for k in range(count)]


def _given(prices: Iterable[Amount]) -> list[Decimal]:
    if isinstance(prices, str | bytes) or not isinstance(prices, Iterable):
        raise OptionTypeError("market_prices", prices, NOT_PRICES)
    return [coerce_amount(price, f"market_prices[{index}]") for index, price in enumerate(prices)]


def plot_timeline(grant: OptionGrant) -> Figure:
    """The grant on a time axis: grant date, vesting, exercises and the exercise window.

    The window is shaded from its first to its last day; vesting is the running total of
    vested shares (in shares as granted); exercises are marked with their shares; the
    expiration date, and any termination, are lines.

    >>> from auxer_option import AUXER_1999, exercise
    >>> grant, _ = exercise(AUXER_1999, 250_000, "1999-08-02")
    >>> figure = plot_timeline(grant)
    >>> figure.axes[0].get_title()
    'The Auxer Group, Inc. to PMR and Associates, LLC'

    Raises:
        ImportError: when matplotlib is not installed.
    """
    check_grant(grant)
    figure, axes = _figure()
    start, end = grant.grant_date, grant.last_exercise_date
    from matplotlib.dates import date2num  # noqa: PLC0415  (matplotlib is there by now)

    def at(day: dt.date) -> float:
        return float(date2num(day))  # type: ignore[no-untyped-call]

    axes.xaxis_date()
    axes.axvspan(
        at(grant.first_exercise_date),
        at(end + dt.timedelta(days=1)),
        alpha=0.15,
        label=f"Exercise window, {grant.first_exercise_date} to {end}",
    )
    rows = vesting_table(grant) if not grant.vesting.is_immediate else ()
    days = [start, *(row.date for row in rows)]
    vested = [0 if rows else grant.shares, *(float(row.cumulative) for row in rows)]
    axes.step([at(day) for day in days], vested, where="post", label="Vested (as granted)")
    exercised = 0
    for record in grant.exercises:
        exercised += record.shares
        axes.plot([at(record.date)], [exercised], marker="o", linestyle="", color="black")
        axes.annotate(
            f"{record.shares:,} exercised",
            (at(record.date), exercised),
            xytext=(4, 4),
            textcoords="offset points",
        )
    axes.axvline(at(start), color="green", label=f"Grant {start}")
    axes.axvline(
        at(grant.expiration_date),
        color="red",
        label=f"Expiration {grant.expiration_date}",
    )
    if grant.termination is not None:
        axes.axvline(
            at(grant.termination.date),
            color="orange",
            label=f"Termination {grant.termination.date}",
        )
    axes.set_ylabel("Shares")
    axes.set_title(" to ".join(p for p in (grant.grantor, grant.grantee) if p) or "Option grant")
    axes.legend(loc="lower right")
    return figure


def plot_expense(
    grant: OptionGrant,
    *,
    fair_value: Amount | Valuation | LatticeValuation,
    methods: Iterable[ExpenseMethod | str] = tuple(ExpenseMethod),
    period: ReportingPeriod | str = ReportingPeriod.MONTH,
    forfeitures: str | Estimate = "as_they_occur",
) -> Figure:
    """The cumulative expense of ``grant`` under each of ``methods``, with what has vested.

    One line for each method (default: all three), from :func:`~auxer_option.expense_schedule`
    with the same ``fair_value``, ``period`` and ``forfeitures``: the cumulative expense at
    the end of each period, from zero at the start of the first. The fair value of the
    vested shares is drawn under them: no line ever goes below it.

    >>> from auxer_option import OptionGrant, VestingSchedule
    >>> grant = OptionGrant("2025-01-01", 10_000, "5", term="10 years",
    ...     vesting=VestingSchedule.graded("2025-01-01", months=48, every=12))
    >>> figure = plot_expense(grant, fair_value="1.00")
    >>> [line.get_label() for line in figure.axes[0].get_lines()]
    ['Straight line', 'Sequential', 'Accelerated (FIN 28)', 'Vested fair value']

    Raises:
        OptionTypeError: for ``methods`` that are not a sequence.
        OptionError: the errors of :func:`~auxer_option.expense_schedule`.
        ImportError: when matplotlib is not installed.
    """
    check_grant(grant)
    if isinstance(methods, str | bytes) or not isinstance(methods, Iterable):
        raise OptionTypeError("methods", methods, NOT_METHODS)
    chosen = [
        ExpenseMethod.coerce(method, f"methods[{index}]") for index, method in enumerate(methods)
    ]
    tables = [
        expense_schedule(
            grant, fair_value=fair_value, method=method, period=period, forfeitures=forfeitures
        )
        for method in chosen
    ]
    figure, axes = _figure()
    from matplotlib.dates import date2num  # noqa: PLC0415  (matplotlib is there by now)

    def at(day: dt.date) -> float:
        return float(date2num(day))  # type: ignore[no-untyped-call]

    axes.xaxis_date()
    # Each figure is drawn at the end of its period, from zero before the first.
    shown = tables or [
        expense_schedule(
            grant,
            fair_value=fair_value,
            method="straight_line",
            period=period,
            forfeitures=forfeitures,
        )
    ]
    days = [at(shown[0][0].period_start), *(at(row.period_end) for row in shown[0])]
    for method, table in zip(chosen, tables, strict=True):
        cumulative = [0.0, *(float(row.cumulative) for row in table)]
        label, style = _METHOD_LINES[method]
        axes.plot(days, cumulative, style, label=label)
    vested = [0.0, *(float(row.vested_value) for row in shown[0])]
    # A tranche vests within the period it is counted at the end of: drawn from its start.
    axes.step(days, vested, where="pre", color="grey", linestyle="--", label="Vested fair value")
    axes.set_ylabel(f"Cumulative expense ({grant.currency})")
    axes.set_title(f"Expense of {grant.shares:,} options, by method")
    axes.legend(loc="lower right")
    return figure


# Each method's label and line: where two methods coincide (equal tranches), both show.
_METHOD_LINES: Final = {
    ExpenseMethod.STRAIGHT_LINE: ("Straight line", "-o"),
    ExpenseMethod.SEQUENTIAL: ("Sequential", ":x"),
    ExpenseMethod.ACCELERATED: ("Accelerated (FIN 28)", "-."),
}
