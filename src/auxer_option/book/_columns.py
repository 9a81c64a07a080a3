"""What a book holds of each grant, as columns: the facts every operation reads.

A grant's columns are its derived facts (the window's bounds, the shares outstanding and
forfeited, the price in force, the termination) and its vesting schedule in numbers. A
grant the columns cannot answer for as the scalar API does is marked ``scalar``: its
operations go through the scalar functions, row by row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Final, NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from auxer_option._grant import OptionGrant, history, latest_record_date
from auxer_option._money import MAX_SHARES
from auxer_option._vesting import AllocationType, VestingSchedule
from auxer_option.book._calendar import Days, Ints
from auxer_option.book._cash import PRICE_DIGITS, Amounts, decimal_column, fits, places
from auxer_option.book._vesting import ALLOCATION_CODES, GradedColumns, day_wanted

__all__ = [
    "PRICE_PLACES",
    "Columns",
    "covered",
    "dates",
    "fits_vesting",
    "ints",
    "merged",
    "most_vesting_shares",
    "of_grants",
]

#: Places a price column holds; a price with more goes by the scalar path.
PRICE_PLACES: Final = PRICE_DIGITS // 2
NOT_A_DAY: Final = np.datetime64("NaT", "D")


class Columns(NamedTuple):
    """A book's facts, one array per fact, one row per grant."""

    currency: np.ndarray  # ISO codes, as objects
    grant_date: Days
    first: Days  # first exercise date
    last: Days  # last exercise date
    shares: Ints  # as granted
    outstanding: Ints
    forfeited: Ints
    early: np.ndarray  # early exercisable
    end: Days  # termination date, NaT for none
    latest: Days  # the latest record's date, NaT for none: on an earlier day, a scalar row
    price: Amounts  # in force; 0 in a scalar row
    vesting: GradedColumns
    scalar: np.ndarray  # answered by the scalar path


def covered(grant: OptionGrant) -> bool:
    """Whether the columns answer for ``grant`` as the scalar API does."""
    past = history(grant)
    schedule = grant.vesting
    if past.accelerations or past.adjustments or schedule.explicit_tranches:
        return False
    if schedule.allocation is AllocationType.FRACTIONAL and not schedule.is_immediate:
        return False
    if not fits_vesting(grant.shares, schedule):
        return False
    return fits(grant.adjusted_exercise_price, PRICE_PLACES)


def fits_vesting(shares: int, schedule: VestingSchedule) -> bool:
    """Whether the vesting sums of ``shares`` under ``schedule`` stay within int64."""
    count = schedule.months // schedule.every if schedule.months else 0
    return count == 0 or bool(shares <= most_vesting_shares(count))


def most_vesting_shares(installments: Any) -> Any:
    """The most shares whose vesting sums stay within int64, for ``installments`` (> 0).

    ``installments`` is an int or a column of them; the sums are at most
    ``2 × shares × installments + installments``, which must stay below ``2**63``.
    """
    return (MAX_SHARES - 1 - installments) // np.maximum(2 * installments, 1)


def schedule_numbers(schedule: VestingSchedule) -> tuple[dt.date | None, int, int, int, int, int]:
    """A graded schedule as (start, wanted day, installments, every, cliff, allocation code).

    The start is ``None`` for a schedule that vests at once.
    """
    start = schedule.start
    if schedule.is_immediate or start is None:
        return None, 1, 0, 1, 0, 0
    return (
        start,
        day_wanted(schedule.day_of_month, start.day),
        schedule.months // schedule.every,
        schedule.every,
        schedule.cliff,
        ALLOCATION_CODES[schedule.allocation],
    )


def of_grants(grants: Sequence[OptionGrant]) -> Columns:
    """The columns of ``grants``, one row each."""
    ok = [covered(grant) for grant in grants]
    prices = [
        grant.adjusted_exercise_price if fine else Decimal(0)
        for grant, fine in zip(grants, ok, strict=True)
    ]
    numbers = [
        schedule_numbers(grant.vesting) if fine else (None, 1, 0, 1, 0, 0)
        for grant, fine in zip(grants, ok, strict=True)
    ]
    starts = [
        grant.grant_date if start is None else start
        for grant, (start, *_) in zip(grants, numbers, strict=True)
    ]
    return Columns(
        currency=np.array([grant.currency for grant in grants], dtype=object),
        grant_date=dates(grant.grant_date for grant in grants),
        first=dates(grant.first_exercise_date for grant in grants),
        last=dates(grant.last_exercise_date for grant in grants),
        shares=ints(grant.shares for grant in grants),
        outstanding=ints(grant.outstanding_shares for grant in grants),
        forfeited=ints(grant.forfeited_shares for grant in grants),
        early=np.array([grant.early_exercisable for grant in grants], dtype=bool),
        end=dates(
            None if grant.termination is None else grant.termination.date for grant in grants
        ),
        latest=dates(latest_record_date(grant) for grant in grants),
        price=decimal_column(prices, max((places(price) for price in prices), default=0)),
        vesting=GradedColumns(
            dates(starts),
            ints(wanted for _, wanted, _, _, _, _ in numbers),
            ints(count for _, _, count, _, _, _ in numbers),
            ints(every for _, _, _, every, _, _ in numbers),
            ints(cliff for _, _, _, _, cliff, _ in numbers),
            ints(code for _, _, _, _, _, code in numbers),
        ),
        scalar=~np.array(ok, dtype=bool),
    )


def merged(base: Columns, rows: np.ndarray, part: Columns) -> Columns:
    """``base`` with the rows at positions ``rows`` replaced by ``part``'s, in order."""
    if not len(rows):
        return base
    mask = np.zeros(len(base.shares), dtype=bool)
    mask[rows] = True
    scale = max(base.price.type.scale, part.price.type.scale)
    column = pa.decimal128(PRICE_DIGITS, scale)
    price = pc.replace_with_mask(base.price.cast(column), pa.array(mask), part.price.cast(column))

    def replaced(whole: np.ndarray, some: np.ndarray) -> np.ndarray:
        result = whole.copy()
        result[rows] = some
        return result

    plain = {
        name: replaced(getattr(base, name), getattr(part, name))
        for name in Columns._fields
        if name not in {"price", "vesting"}
    }
    vesting = GradedColumns(
        *(replaced(whole, some) for whole, some in zip(base.vesting, part.vesting, strict=True))
    )
    return Columns(**plain, price=price, vesting=vesting)


def dates(days: Iterable[dt.date | None]) -> Days:
    """``days`` as a day column, ``None`` as NaT."""
    return np.array([NOT_A_DAY if day is None else day for day in days], dtype="datetime64[D]")


def ints(values: Iterable[int]) -> Ints:
    """``values`` as an int64 column."""
    return np.fromiter(values, dtype=np.int64)
