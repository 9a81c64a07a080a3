"""How grants and records look to people: a plain-text summary and an HTML table.

``str()`` of a grant, an exercise record, a valuation or a vesting table gives the summary;
Jupyter shows the table (``_repr_html_``). Both come from the same rows, so they say the
same. A grant's status is shown on the day it is displayed: the one place the library
looks at the calendar, and only to label what it shows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from auxer_option._exercise import exercise_cost
from auxer_option._grant import OptionGrant
from auxer_option._money import format_amount
from auxer_option._records import Exercise, PaymentMethod
from auxer_option._tables import Row
from auxer_option._window import window_status

if TYPE_CHECKING:
    from auxer_option._valuation import Valuation

__all__ = ["grant_rows", "grant_title", "summary"]


def grant_title(grant: OptionGrant) -> str:
    parties = " to ".join(party for party in (grant.grantor, grant.grantee) if party)
    return f"Option grant: {parties}" if parties else "Option grant"


def grant_rows(grant: OptionGrant, on: dt.date) -> list[Row]:
    """What a grant is: its terms, window and last day, status on ``on``, shares and cost."""
    money = grant.currency
    shares = f"{grant.shares:,} granted, {grant.outstanding_shares:,} outstanding"
    price = f"{format_amount(grant.adjusted_exercise_price, money)} a share"
    if grant.adjustments:
        count = len(grant.adjustments)
        after = f"after {count} split adjustment{'s' if count > 1 else ''}"
        shares += f" ({after})"
        price += f" ({after}; {format_amount(grant.exercise_price, money)} granted)"
    if grant.forfeited_shares:
        shares += f", {grant.forfeited_shares:,} forfeited"
    expiration = f"{grant.expiration_date}"
    if grant.term is not None:
        expiration += f" ({grant.term} after the grant date)"
    last_day = f"{grant.last_exercise_date}"
    if grant.cutoff_time is not None:
        last_day += f", until {grant.cutoff_time:%H:%M} {grant.time_zone}"
    rows = [
        ("Grant date", f"{grant.grant_date}"),
        ("Shares", shares),
        ("Exercise price", price),
        ("Expiration", expiration),
        (
            "Exercise window",
            f"{grant.first_exercise_date} through {grant.last_exercise_date}, both days included",
        ),
        ("Last day to exercise", last_day),
    ]
    if not grant.vesting.is_immediate:
        rows.append(("Vesting", _vesting(grant)))
    history = _history(grant)
    if history:
        rows.append(("History", history))
    rows += [
        (f"Status on {on}", window_status(grant, on).value),
        (
            "Exercise cost",
            f"{format_amount(exercise_cost(grant), money)} for {grant.outstanding_shares:,} shares",
        ),
    ]
    return rows


def _vesting(grant: OptionGrant) -> str:
    schedule = grant.vesting
    if schedule.explicit_tranches:
        count = len(schedule.explicit_tranches)
        first, last = schedule.explicit_tranches[0][0], schedule.explicit_tranches[-1][0]
        return f"{count} tranche{'s' if count > 1 else ''}, {first} to {last}"
    cliff = f", {schedule.cliff}-month cliff" if schedule.cliff else ""
    every = f"every {schedule.every} month{'s' if schedule.every > 1 else ''}"
    return f"{every} over {schedule.months} months{cliff}, from {schedule.start}"


def _history(grant: OptionGrant) -> str:
    parts = [
        f"{count} {what}{'s' if count > 1 else ''}"
        for count, what in (
            (len(grant.exercises), "exercise"),
            (len(grant.adjustments), "split adjustment"),
            (len(grant.accelerations), "acceleration"),
        )
        if count
    ]
    if grant.termination is not None:
        parts.append(f"terminated on {grant.termination.date} ({grant.termination.reason})")
    return ", ".join(parts)


def today() -> dt.date:
    """The day a grant is displayed on (its status is shown for it)."""
    return dt.date.today()  # noqa: DTZ011  (the local calendar day is the one people mean)


def _plain(amount: Decimal | None) -> str:
    # A record does not know its grant's currency: amounts are shown as they are.
    return f"{amount:,}"


def exercise_rows(record: Exercise) -> list[Row]:
    rows = [
        ("Date", f"{record.date}"),
        ("Shares", f"{record.shares:,} at {_plain(record.price)} a share"),
        ("Cost", f"{_plain(record.cost)} ({_PAID[record.payment]})"),
    ]
    if record.fair_market_value is not None:
        rows.append(
            (
                "Market value",
                f"{_plain(record.fair_market_value)} a share; spread {_plain(record.spread)}",
            )
        )
    if record.payment is PaymentMethod.NET_EXERCISE:
        rows.append(
            (
                "Shares issued",
                (
                    f"{record.shares_issued:,} ({record.shares_withheld:,} withheld; "
                    f"{_plain(record.cash_in_lieu)} cash in lieu)"
                ),
            )
        )
    if record.payment is PaymentMethod.SELL_TO_COVER:
        rows.append(
            (
                "Shares kept",
                (
                    f"{record.shares_kept:,} ({record.shares_sold:,} sold for "
                    f"{_plain(record.sale_proceeds)}; {_plain(record.tax_withheld)} tax and "
                    f"{_plain(record.fees)} fees withheld; {_plain(record.cash_remaining)} left)"
                ),
            )
        )
    return rows


_PAID = {
    PaymentMethod.CASH: "paid in cash",
    PaymentMethod.NET_EXERCISE: "paid in shares",
    PaymentMethod.SELL_TO_COVER: "paid from a sale of shares",
}


def exercise_title(record: Exercise) -> str:
    return f"Exercise of {record.shares:,} shares on {record.date}"


def valuation_title(valuation: Valuation) -> str:
    return f"Black-Scholes value of a {valuation.kind.value}"


def valuation_rows(valuation: Valuation) -> list[Row]:
    rows = [("Value", f"{valuation.value} a share")]
    if valuation.total is not None:
        rows.append(("Total", f"{valuation.total:,} for {valuation.shares:,} shares"))
    rows += [
        (name.capitalize(), f"{getattr(valuation, name)}")
        for name in ("delta", "gamma", "vega", "theta", "rho")
    ]
    rows.append(
        (
            "Inputs",
            (
                f"spot {valuation.spot}, strike {valuation.strike}, {valuation.years} years, "
                f"volatility {valuation.volatility}, rate {valuation.risk_free_rate}, "
                f"dividend yield {valuation.dividend_yield}"
            ),
        )
    )
    return rows


def summary(value: OptionGrant | Exercise | Valuation) -> tuple[str, list[Row]]:
    """The title and rows that show ``value``, as text or as HTML."""
    if isinstance(value, OptionGrant):
        return grant_title(value), grant_rows(value, today())
    if isinstance(value, Exercise):
        return exercise_title(value), exercise_rows(value)
    return valuation_title(value), valuation_rows(value)
