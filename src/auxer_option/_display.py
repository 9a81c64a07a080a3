"""What a report on a day shows of a grant: its terms, then where it stands that day.

A grant, a record or a valuation shows itself (``str()``, and an HTML table in a notebook)
from its own fields; what depends on a day (the status, what has vested and can be
exercised, and what that costs) is shown only for a day given, as the command line's
report does.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Final, NamedTuple, cast

from auxer_option._exercise import exercise_cost
from auxer_option._grant import OptionGrant, as_of, check_grant, requested_shares, terms_rows
from auxer_option._money import (
    _MINOR_UNITS,
    DEFAULT_ROUNDING,
    PRECISION,
    ROUNDING,
    format_amount,
)
from auxer_option._status import window_status
from auxer_option._tables import Row
from auxer_option._vested import exercisable_shares, vested_shares
from auxer_option._vesting import Shares
from auxer_option._window import WindowStatus

__all__ = [
    "Standing",
    "grant_rows",
    "rounded_price",
    "share_count",
    "shows_vesting",
    "standing",
]

# Rounding for display: an amount has at most PRECISION figures before the point, and a
# shown figure adds at most the minor unit's places (four at most) after them; below a
# whole unit it keeps no more figures than are asked, or than the minor unit shows.
_SHOWING: Final = ROUNDING.copy()
_SHOWING.prec = PRECISION + 4


def grant_rows(grant: OptionGrant, on: dt.date, shares: int | None = None) -> list[Row]:
    """What a grant is, then where it stands on ``on``: a report's rows.

    The status and, for a grant with a vesting schedule or a termination, the shares
    vested, exercisable and forfeited that day; then the cost of ``shares`` (default:
    every outstanding share), never of more than can be exercised that day (the row says
    so when fewer can). What it is comes from its whole history; where it stands, from
    the grant as it stood at the end of ``on`` (see :func:`standing`).
    """
    check_grant(grant)
    day = standing(grant, on, shares)
    then = as_of(grant, on)
    rows = terms_rows(grant)
    rows.append((f"Status on {on}", day.status.value))
    if shows_vesting(grant):
        rows += [
            ("Vested", f"{share_count(day.vested)} of {grant.shares:,} granted"),
            ("Exercisable", f"{day.exercisable:,} of {then.outstanding_shares:,} outstanding"),
            ("Forfeited", f"{day.forfeited:,}"),
        ]
    rows.append(("Exercise cost", _cost(then, day, on, asked=shares is not None)))
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

    Read from the grant as it stood at the end of ``on``: records dated later (an
    exercise, a split, a termination) had not happened yet, so the shares outstanding and
    the price are those in force that day.

    >>> from auxer_option import AUXER_1999
    >>> day = standing(AUXER_1999, dt.date(1999, 10, 2), 250_000)
    >>> day.status.value, day.exercisable, day.wanted, day.costed, day.cost
    ('EXPIRED', 0, 250000, 0, Decimal('0.00'))

    Raises:
        OptionError: for ``shares`` that are not a whole number from zero to outstanding.
    """
    check_grant(grant)
    then = as_of(grant, on)  # a termination by then has taken effect: its forfeits count
    wanted = requested_shares(then, shares)
    exercisable = exercisable_shares(grant, on)
    costed = min(wanted, exercisable)
    return Standing(
        status=window_status(grant, on),
        vested=vested_shares(grant, on),
        exercisable=exercisable,
        forfeited=then.forfeited_shares,
        wanted=wanted,
        costed=costed,
        cost=exercise_cost(then, costed),
    )


def shows_vesting(grant: OptionGrant) -> bool:
    """Whether what ``grant`` can exercise depends on more than its window: on vesting."""
    return not grant.vesting.is_immediate or grant.termination is not None


def share_count(shares: Shares) -> str:
    """``shares`` as a report shows them: grouped, and a fraction as such under FRACTIONAL.

    >>> from fractions import Fraction
    >>> share_count(48_000), share_count(Fraction(9, 2))
    ('48,000', '9/2')
    """
    return f"{shares:,}" if isinstance(shares, int) else str(shares)


def rounded_price(amount: Decimal, currency: str, *, significant: int) -> Decimal:
    """A computed figure a share as people read it: to the minor unit, or to ``significant``.

    A finite ``amount`` is rounded half up to ``currency``'s minor unit (cents), or to more
    places when fewer than ``significant`` significant digits would show, however small the
    figure (a figure that is not zero is never shown as zero), but never to more places than
    ``amount`` has: a short figure is not padded with zeros. For what a report or a plot
    shows; the exact figure is the value's own.

    >>> from decimal import Decimal
    >>> figures = ["0.3741728163015", "2.07391100651335", "1234.5678", "0.000001234567", "0.5"]
    >>> [str(rounded_price(Decimal(f), "USD", significant=4)) for f in figures]
    ['0.3742', '2.074', '1234.57', '0.000001235', '0.50']
    """
    # The places format_amount shows; no public name gives them as an int yet.
    minor = _MINOR_UNITS[currency]
    has = max(minor, -cast("int", amount.as_tuple().exponent))  # finite: an int exponent
    wanted = minor if not amount else significant - 1 - amount.adjusted()
    places = min(max(minor, wanted), has)
    quantum = Decimal((0, (1,), -places))
    return amount.quantize(quantum, rounding=DEFAULT_ROUNDING, context=_SHOWING)
