"""Where a grant's window stands on a day or at an instant: the operations on the window.

The window's conventions (its bounds, cutoff and zone, and the instant rule) are
:mod:`auxer_option._window`'s, below the grant; these are asked of a grant, above it.
"""

from __future__ import annotations

import datetime as dt

from auxer_option._grant import OptionGrant, check_grant
from auxer_option._terms import DateLike, coerce_date, is_missing, midnight_date
from auxer_option._window import (
    CALENDAR_DAYS,
    NAIVE_INSTANT,
    OFF_THE_ZONE_CALENDAR,
    ONE_DAY,
    WindowStatus,
    next_midnight,
    since_epoch,
    wall_instant,
)
from auxer_option.exceptions import DateTypeError, InvalidDateError, NaiveDatetimeError

__all__ = ["is_exercisable", "status_and_day", "window_status"]


def window_status(grant: OptionGrant, on: DateLike) -> WindowStatus:
    """The grant's :class:`WindowStatus` on a day or at an instant.

    Both window bounds are inclusive: a grant is ``OPEN`` from ``first_exercise_date``
    through ``last_exercise_date``. ``on`` is a ``date`` (or ``"YYYY-MM-DD"``, or a naive
    midnight such as ``pandas.Timestamp("1999-07-01")``), or, for a grant with a
    ``time_zone``, an aware ``datetime``: an instant, compared with the
    instants the window opens and closes at (the cutoff wall time resolved by
    :func:`~auxer_option._window.wall_instant`; the cutoff instant itself is still open).

    >>> from datetime import date
    >>> from auxer_option import AUXER_1999
    >>> window_status(AUXER_1999, date(1999, 10, 2))
    WindowStatus.EXPIRED

    Raises:
        DateTypeError: for a ``datetime`` when the grant has no time zone, or a non-date.
        NaiveDatetimeError: for a naive ``datetime`` when the grant has a time zone.
    """
    check_grant(grant)
    return status_and_day(grant, on)[0]


def is_exercisable(grant: OptionGrant, on: DateLike) -> bool:
    """Whether the grant's window is open on a day or at an instant (see :func:`window_status`).

    >>> from datetime import date
    >>> from auxer_option import AUXER_1999
    >>> is_exercisable(AUXER_1999, date(1999, 10, 1))
    True
    >>> is_exercisable(AUXER_1999, date(1999, 10, 2))
    False
    """
    check_grant(grant)
    if type(on) is dt.date:  # the common question, answered by the bounds alone
        return grant.first_exercise_date <= on <= grant.last_exercise_date
    return status_and_day(grant, on)[0] is WindowStatus.OPEN


def status_and_day(grant: OptionGrant, on: object) -> tuple[WindowStatus, dt.date]:
    """The grant's status at ``on``, and the calendar day ``on`` falls on in the grant's zone.

    ``on`` is a ``date`` (is that day in the window?) or, for a grant with a time zone, an
    aware ``datetime`` (is that instant in the window, cutoff included?). A naive
    ``datetime`` at exactly midnight, as pandas and numpy hold dates, is its calendar date.
    """
    if type(on) is dt.date:
        day = on
    elif isinstance(on, dt.datetime) and midnight_date(on) is None and not is_missing(on):
        return _status_at_instant(grant, on)  # NaT is no instant
    else:
        day = coerce_date(on, "on")
    if day < grant.first_exercise_date:
        return WindowStatus.NOT_YET_OPEN, day
    if day > grant.last_exercise_date:
        return WindowStatus.EXPIRED, day
    return WindowStatus.OPEN, day


def _status_at_instant(grant: OptionGrant, on: dt.datetime) -> tuple[WindowStatus, dt.date]:
    # Everything is compared as instants (time since 1970 in UTC): aware datetimes that
    # share a tzinfo compare as wall times, fold ignored, which runs backwards in a
    # repeated hour.
    zone = grant.time_zone
    if zone is None:
        raise DateTypeError("on", on, CALENDAR_DAYS)
    offset = on.utcoffset()
    if offset is None:
        raise NaiveDatetimeError("on", on, NAIVE_INSTANT.format(zone=zone))
    instant = since_epoch(on.replace(tzinfo=None), offset)
    try:
        day = on.astimezone(zone).date()
    except OverflowError as error:
        raise InvalidDateError("on", on, OFF_THE_ZONE_CALENDAR) from error
    # A clock set back across midnight shows the day before again; the day an instant
    # falls on is the latest one that has begun, so that it never goes backwards.
    while day < dt.date.max and wall_instant(next_midnight(day), zone) <= instant:
        day += ONE_DAY
    status, day = status_and_day(grant, day)
    cutoff = grant.cutoff_time
    if (
        status is WindowStatus.OPEN
        and cutoff is not None
        and day == grant.last_exercise_date
        and instant > wall_instant(dt.datetime.combine(day, cutoff), zone)
    ):
        status = WindowStatus.EXPIRED
    return status, day
