"""Calendar arithmetic on columns of days: what ``_vesting`` does for one grant, for many.

Days are numpy ``datetime64[D]`` arrays. Month arithmetic follows the library's one rule
(see :mod:`auxer_option._terms`): a date a whole number of months on keeps its day of the
month, or the month's last day in a shorter month.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

__all__ = ["Days", "Ints", "days_in_month", "installments_by", "month_index"]

Days = npt.NDArray[np.datetime64]
Ints = npt.NDArray[np.int64]

_MONTH: Final = np.timedelta64(1, "M")


def month_index(days: Days) -> Ints:
    """Months since January 1970 of each day: ``year × 12 + month − 1``, shifted."""
    return days.astype("datetime64[M]").astype(np.int64)


def days_in_month(days: Days) -> Ints:
    """How many days the month of each day has.

    >>> days_in_month(np.array(["2024-02-10", "2023-02-01", "1999-07-31"], "datetime64[D]"))
    array([29, 28, 31])
    """
    month = days.astype("datetime64[M]")
    lengths: Ints = (month + _MONTH).astype("datetime64[D]") - month.astype("datetime64[D]")
    return lengths.astype(np.int64)


def installments_by(start: Days, wanted_day: Ints, day: Days) -> Ints:
    """Whole months from each ``start`` to each ``day``, counting a month once its date comes.

    The date ``k`` months after ``start`` falls on ``wanted_day``, or on the month's last day
    when the month is shorter (``VestingSchedule``'s rule). The result is the largest ``k``
    whose date is on or before ``day`` (negative before ``start``'s month).

    >>> start = np.array(["2024-01-31"] * 3, "datetime64[D]")
    >>> on = np.array(["2024-02-28", "2024-02-29", "2024-03-30"], "datetime64[D]")
    >>> installments_by(start, np.array([31, 31, 31]), on)
    array([0, 1, 1])
    """
    # One day for every row (a scalar ``on``, broadcast) is taken apart once, not per row.
    day = day[:1] if day.strides == (0,) else day
    months = month_index(day) - month_index(start)
    day_of_month = (day - day.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
    falls_on = np.minimum(wanted_day, days_in_month(day))
    elapsed: Ints = months - (day_of_month < falls_on)
    return elapsed
