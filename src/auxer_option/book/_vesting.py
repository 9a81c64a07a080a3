"""Vesting on columns: the shares vested by a day, for many graded schedules at once.

A row here is a grant whose schedule is immediate, or graded with a whole-share
allocation, with no accelerations: the cumulative shares after ``k`` installments have a
closed form for each allocation (``auxer_option._vesting.allocate`` gives them one by
one), and the installments by a day come from :func:`~._calendar.installments_by`.
Anything else (explicit tranches, fractional allocation, accelerations) goes by the scalar
path, row by row.
"""

from __future__ import annotations

from typing import Final, NamedTuple

import numpy as np

from auxer_option._vesting import AllocationType, VestingDayOfMonth
from auxer_option.book._blocks import blocks
from auxer_option.book._calendar import Days, Ints, installments_by

__all__ = ["ALLOCATION_CODES", "GradedColumns", "day_wanted", "vested"]

#: Each whole-share allocation's code in a column.
ALLOCATION_CODES: Final = {
    AllocationType.CUMULATIVE_ROUNDING: 0,
    AllocationType.CUMULATIVE_ROUND_DOWN: 1,
    AllocationType.FRONT_LOADED: 2,
    AllocationType.BACK_LOADED: 3,
    AllocationType.FRONT_LOADED_TO_SINGLE_TRANCHE: 4,
    AllocationType.BACK_LOADED_TO_SINGLE_TRANCHE: 5,
}


def day_wanted(rule: VestingDayOfMonth, start_day: int) -> int:
    """The day of the month installments fall on (before clamping to the month's end)."""
    if rule is VestingDayOfMonth.VESTING_START_DAY_OR_LAST_DAY_OF_MONTH:
        return start_day
    return int(rule.value[:2])


class GradedColumns(NamedTuple):
    """Graded schedules as columns; a row with no installments vests at once."""

    start: Days  # the vesting start (the grant date for a grant that vests at once)
    wanted_day: Ints
    installments: Ints  # months // every
    every: Ints
    cliff: Ints
    allocation: Ints  # ALLOCATION_CODES


def vested(schedules: GradedColumns, total: Ints, end: Days, day: Days) -> Ints:
    """The shares of ``total`` vested by the end of ``day``, vesting stopping on ``end``.

    ``end`` is the termination date, or ``NaT`` for none.
    """
    # The allocations present, counted (not sorted) once for all the blocks.
    present = np.flatnonzero(np.bincount(schedules.allocation, minlength=len(ALLOCATION_CODES)))
    result = np.empty(len(total), dtype=np.int64)
    for rows in blocks(len(total)):
        result[rows] = _vested(
            GradedColumns._make(column[rows] for column in schedules),
            total[rows],
            end[rows],
            day[rows],
            present,
        )
    return result


def _vested(schedules: GradedColumns, total: Ints, end: Days, day: Days, present: Ints) -> Ints:
    ended = ~np.isnat(end)
    if ended.any():  # else ``day`` as it is: one day, broadcast, stays one (see _calendar)
        day = np.where(ended, np.minimum(day, end), day)
    elapsed = installments_by(schedules.start, schedules.wanted_day, day)
    count = schedules.installments
    graded = count > 0
    safe_count = np.where(graded, count, 1)
    done = np.where(elapsed < schedules.cliff, 0, np.clip(elapsed // schedules.every, 0, count))
    return np.where(
        graded,
        _cumulative(total, done, safe_count, schedules.allocation, present),
        np.where(day >= schedules.start, total, 0),
    )


def _cumulative(total: Ints, done: Ints, count: Ints, allocation: Ints, present: Ints) -> Ints:
    """The shares in the first ``done`` of ``count`` installments of ``total``.

    ``present`` lists the allocation codes the book has (``allocation``'s, or more).
    """
    base, extra = np.divmod(total, count)
    formulas = (
        lambda: (2 * total * done + count) // (2 * count),
        lambda: total * done // count,
        lambda: base * done + np.minimum(done, extra),
        lambda: base * done + np.maximum(0, done - (count - extra)),
        lambda: base * done + np.where(done > 0, extra, 0),
        lambda: base * done + np.where(done == count, extra, 0),
    )
    if len(present) <= 1:  # most books use one allocation (or have no row): one formula
        cumulative: Ints = formulas[int(present[0]) if len(present) else 0]()
        return cumulative
    return np.select(
        [allocation == code for code in present], [formulas[code]() for code in present]
    )
