"""How grants and records look to people: a plain-text summary and an HTML table.

``str()`` of a grant, an exercise record, a valuation or a vesting table gives the summary;
Jupyter shows the table (``_repr_html_``). Both come from the same rows, so they say the
same. A summary never reads the clock: what depends on a day (the status, what has vested
and can be exercised) is shown only for a day given, as the command line's report does.
Text that a terminal would act on rather than show is shown escaped (:func:`shown`).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple, cast

from auxer_option._exercise import exercise_cost
from auxer_option._grant import OptionGrant, check_grant, requested_shares
from auxer_option._money import format_amount
from auxer_option._records import Exercise, PaymentMethod
from auxer_option._status import window_status
from auxer_option._tables import Row
from auxer_option._text import plain
from auxer_option._vested import exercisable_shares, vested_shares
from auxer_option._vesting import Shares
from auxer_option._window import WindowStatus

if TYPE_CHECKING:
    from auxer_option._valuation import Valuation

__all__ = [
    "Standing",
    "escaped",
    "grant_rows",
    "grant_title",
    "one_line",
    "shown",
    "shows_vesting",
    "standing",
    "summary",
]

# What a terminal acts on instead of showing: C0 and C1 controls (escape sequences, carriage
# returns), line and paragraph separators, the bidi marks, embeddings, overrides and isolates
# that reorder the text after them (U+202A-U+202E, U+2066-U+2069), and lone surrogates, which
# no encoder can write at all.
_ACTIVE = r"\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_ACTIVE_CHARACTERS = re.compile(f"[{_ACTIVE}]")
# In a report the backslash is escaped too, so that every escape reads back unambiguously.
_ESCAPED_IN_REPORTS = re.compile(rf"[\\{_ACTIVE}]")


def _escape(match: re.Match[str]) -> str:
    # Python's own escapes (\n, \x1b, \u202e, \ud800, \\), which any Python reads back.
    return match.group().encode("unicode_escape").decode("ascii")


def shown(text: str) -> str:
    r"""``text`` as a report shows it: what a terminal would act on escaped, as Python writes it.

    Control characters, line separators, bidi controls and lone surrogates become ``\x..``
    or ``\u....``, and a backslash ``\\``, so that the text reads back exactly.

    >>> print(shown("Acme\u202e Corp.\\n"))
    Acme\u202e Corp.\\n
    """
    return _ESCAPED_IN_REPORTS.sub(_escape, text)


def one_line(text: str) -> str:
    r"""``text`` safe to write as one line: what a terminal would act on escaped.

    Backslashes are kept as they are (an error message quotes values by their ``repr``).

    >>> print(one_line("line one\nline two"))
    line one\nline two
    """
    return _ACTIVE_CHARACTERS.sub(_escape, text)


def grant_title(grant: OptionGrant) -> str:
    check_grant(grant)
    parties = " to ".join(party for party in (grant.grantor, grant.grantee) if party)
    return f"Option grant: {parties}" if parties else "Option grant"


def grant_rows(
    grant: OptionGrant, on: dt.date | None = None, shares: int | None = None
) -> list[Row]:
    """What a grant is: its terms, window and last day, vesting and history, then its cost.

    Without a day, the cost of every outstanding share. On a day ``on``: the status and, for
    a grant with a vesting schedule or a termination, the shares vested, exercisable and
    forfeited that day; then the cost of ``shares`` (default: every outstanding share), never
    of more than can be exercised that day (the row says so when fewer can).
    """
    check_grant(grant)
    money = grant.currency
    counts = f"{grant.shares:,} granted, {grant.outstanding_shares:,} outstanding"
    price = f"{format_amount(grant.adjusted_exercise_price, money)} a share"
    if grant.adjustments:
        count = len(grant.adjustments)
        after = f"after {count} split adjustment{'s' if count > 1 else ''}"
        counts += f" ({after})"
        price += f" ({after}; {format_amount(grant.exercise_price, money)} granted)"
    if grant.forfeited_shares:
        counts += f", {grant.forfeited_shares:,} forfeited"
    expiration = f"{grant.expiration_date}"
    if grant.term is not None:
        expiration += f" ({grant.term} after the grant date)"
    last_day = f"{grant.last_exercise_date}"
    if grant.cutoff_time is not None:
        last_day += f", until {grant.cutoff_time:%H:%M} {grant.time_zone}"
    rows = [
        ("Grant date", f"{grant.grant_date}"),
        ("Shares", counts),
        ("Exercise price", price),
        ("Expiration", expiration),
        (
            "Exercise window",
            f"{grant.first_exercise_date} through {grant.last_exercise_date}, both days included",
        ),
        ("Last day to exercise", last_day),
    ]
    if not grant.vesting.is_immediate:
        early = "; exercisable before vesting" if grant.early_exercisable else ""
        rows.append(("Vesting", _vesting(grant) + early))
    history = _history(grant)
    if history:
        rows.append(("History", history))
    if on is None:
        cost = format_amount(exercise_cost(grant), money)
        rows.append(("Exercise cost", f"{cost} for {grant.outstanding_shares:,} shares"))
        return rows
    day = standing(grant, on, shares)
    rows.append((f"Status on {on}", day.status.value))
    if shows_vesting(grant):
        rows += [
            ("Vested", f"{_count(day.vested)} of {grant.shares:,} granted"),
            ("Exercisable", f"{day.exercisable:,} of {grant.outstanding_shares:,} outstanding"),
            ("Forfeited", f"{day.forfeited:,}"),
        ]
    rows.append(("Exercise cost", _cost(grant, day, on, asked=shares is not None)))
    return rows


def _cost(grant: OptionGrant, day: Standing, on: dt.date, *, asked: bool) -> str:
    """The cost line: never for more shares than can be exercised on ``on``."""
    money = grant.currency
    wanted = f"{day.wanted:,} shares asked" if asked else f"{day.wanted:,} outstanding"
    if day.costed == 0 < day.wanted:
        # Nothing can be exercised (a closed window, nothing vested): what the shares would
        # cost is still the grant's figure, so it is shown, marked as not payable that day.
        whole = format_amount(exercise_cost(grant, day.wanted), money)
        return f"none exercisable on {on} ({wanted}: {whole})"
    cost = f"{format_amount(day.cost, money)} for {day.costed:,} shares"
    if day.costed < day.wanted:
        cost += f" ({wanted}; {day.exercisable:,} exercisable on {on})"
    return cost


class Standing(NamedTuple):
    """Where a grant stands on a day: the figures a report on that day shows."""

    #: Whether the window is open.
    status: WindowStatus
    #: The shares vested by the end of the day, in the shares as granted.
    vested: Shares
    #: The whole shares that can be exercised that day, in the shares in force.
    exercisable: int
    #: The shares forfeited by a termination, from its day on.
    forfeited: int
    #: The shares asked for, or every outstanding share.
    wanted: int
    #: The shares costed: those wanted, but no more than are exercisable.
    costed: int
    #: The cash to exercise the shares costed.
    cost: Decimal


def standing(grant: OptionGrant, on: dt.date, shares: int | None = None) -> Standing:
    """Where ``grant`` stands on ``on``, and the cost of ``shares`` of it that day.

    >>> from auxer_option import AUXER_1999
    >>> day = standing(AUXER_1999, dt.date(1999, 10, 2), 250_000)
    >>> day.status.value, day.exercisable, day.wanted, day.costed, day.cost
    ('EXPIRED', 0, 250000, 0, Decimal('0.00'))

    Raises:
        OptionError: for ``shares`` that are not a whole number from zero to outstanding.
    """
    check_grant(grant)
    wanted = requested_shares(grant, shares)
    exercisable = exercisable_shares(grant, on)
    termination = grant.termination
    # Forfeited from the termination's day on: an exercise that day comes after it.
    ended = termination is not None and on >= termination.date
    costed = min(wanted, exercisable)
    return Standing(
        status=window_status(grant, on),
        vested=vested_shares(grant, on),
        exercisable=exercisable,
        forfeited=grant.forfeited_shares if ended else 0,
        wanted=wanted,
        costed=costed,
        cost=exercise_cost(grant, costed),
    )


def shows_vesting(grant: OptionGrant) -> bool:
    """Whether what ``grant`` can exercise depends on more than its window: on vesting."""
    return not grant.vesting.is_immediate or grant.termination is not None


def _count(shares: Shares) -> str:
    # Under FRACTIONAL allocation the vested shares may be a fraction, shown as such (9/2).
    return f"{shares:,}" if isinstance(shares, int) else str(shares)


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


def _plain(amount: Decimal | None) -> str:
    # A record does not know its grant's currency: amounts are shown as they are. Each one
    # shown is present for the record's payment method, so never None.
    return plain(cast("Decimal", amount), grouped=True)


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
    rows = [("Value", f"{plain(valuation.value)} a share")]
    if valuation.total is not None:
        rows.append(("Total", f"{_plain(valuation.total)} for {valuation.shares:,} shares"))
    rows += [
        (name.capitalize(), plain(getattr(valuation, name)))
        for name in ("delta", "gamma", "vega", "theta", "rho")
    ]
    rows.append(
        (
            "Inputs",
            (
                f"spot {plain(valuation.spot)}, strike {plain(valuation.strike)}, "
                f"{plain(valuation.years)} years, volatility {plain(valuation.volatility)}, "
                f"rate {plain(valuation.risk_free_rate)}, "
                f"dividend yield {plain(valuation.dividend_yield)}"
            ),
        )
    )
    return rows


def summary(value: OptionGrant | Exercise | Valuation) -> tuple[str, list[Row]]:
    """The title and rows that show ``value``, as text or as HTML, escaped (:func:`shown`)."""
    if isinstance(value, OptionGrant):
        title, rows = grant_title(value), grant_rows(value)
    elif isinstance(value, Exercise):
        title, rows = exercise_title(value), exercise_rows(value)
    else:
        title, rows = valuation_title(value), valuation_rows(value)
    return escaped(title, rows)


def escaped(title: str, rows: list[Row]) -> tuple[str, list[Row]]:
    """``title`` and ``rows`` with every label and value :func:`shown` as a report shows it."""
    return shown(title), [(shown(label), shown(value)) for label, value in rows]
