"""Where a grant's window stands on a day or at an instant: the operations on the window.

The window's conventions (its bounds, cutoff and zone, and the instant rule) are
:mod:`auxer_option._window`'s, below the grant; these are asked of a grant, above it.
"""

from __future__ import annotations

from auxer_option._grant import OptionGrant, check_grant
from auxer_option._terms import DateLike
from auxer_option._window import WindowStatus, status_and_day

__all__ = ["is_exercisable", "window_status"]


def window_status(grant: OptionGrant, on: DateLike) -> WindowStatus:
    """The grant's :class:`WindowStatus` on a day or at an instant.

    Both window bounds are inclusive: a grant is ``OPEN`` from ``first_exercise_date``
    through ``last_exercise_date``. ``on`` is a ``date`` (or ``"YYYY-MM-DD"``), or, for a
    grant with a ``time_zone``, an aware ``datetime``: an instant, compared with the
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
    return status_and_day(grant, on)[0] is WindowStatus.OPEN
