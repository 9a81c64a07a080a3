"""The exercise window: its conventions, its inclusive bounds, and the status on a day.

A grant's last exercise date is derived once, at construction, in this order:

1. the expiration date: given, or the grant date plus the term (``CORRESPONDING_DATE``),
   or that date less one day (``LESS_ONE_DAY``);
2. the expiry day itself is the last exercise day, unless it is excluded (then the day
   before is);
3. if that day is a weekend or a listed holiday, it is rolled to a business day
   (``FOLLOWING``, ``PRECEDING`` or ``MODIFIED_FOLLOWING``), if the grant asks for it.

Every check compares against ``first_exercise_date`` and ``last_exercise_date``, both
inclusive; with a cutoff time, the last day ends at that time in the grant's time zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from auxer_option._choices import Choice
from auxer_option._terms import DateLike, Term, add_days, add_term, coerce_date
from auxer_option.exceptions import (
    DateTypeError,
    InvalidDateError,
    InvalidTimeZoneError,
    NaiveDatetimeError,
    OptionTypeError,
)

if TYPE_CHECKING:
    from auxer_option._grant import OptionGrant

__all__ = [
    "BusinessDayRoll",
    "ExpiryReading",
    "WindowStatus",
    "is_exercisable",
    "window_status",
]

_SATURDAY = 5


class WindowStatus(Choice):
    """Where a day falls against a grant's exercise window.

    A grant's status only ever moves forward as time passes:
    ``NOT_YET_OPEN`` → ``OPEN`` → ``EXPIRED``. Members equal their names.

    >>> from datetime import date
    >>> from auxer_option import AUXER_1999, window_status
    >>> window_status(AUXER_1999, date(1999, 7, 1))
    WindowStatus.OPEN
    >>> window_status(AUXER_1999, date(1999, 7, 1)) == "OPEN"
    True
    """

    NOT_YET_OPEN = "NOT_YET_OPEN"
    OPEN = "OPEN"
    EXPIRED = "EXPIRED"


class ExpiryReading(Choice):
    """How a term becomes an expiration date.

    ``CORRESPONDING_DATE`` (the default): the date the term lands on; three months from
    1 July 1999 is 1 October 1999. ``LESS_ONE_DAY``: the day before, as contracts that
    count the grant date as the term's first day read it (30 September 1999).

    >>> from auxer_option import OptionGrant
    >>> grant = OptionGrant("1999-07-01", 1, "0.13", term="3 months",
    ...                     expiry_reading=ExpiryReading.LESS_ONE_DAY)
    >>> grant.expiration_date
    datetime.date(1999, 9, 30)
    """

    CORRESPONDING_DATE = "CORRESPONDING_DATE"
    LESS_ONE_DAY = "LESS_ONE_DAY"


class BusinessDayRoll(Choice):
    """What happens when the last exercise day is a Saturday, Sunday or listed holiday.

    ``NONE`` (the default): nothing. ``FOLLOWING``: the next business day.
    ``PRECEDING``: the previous business day. ``MODIFIED_FOLLOWING``: the next business
    day, unless that is in the next month, then the previous one. Weekends are Saturday
    and Sunday; the grant's ``holidays`` are the other non-business days.

    >>> from auxer_option import OptionGrant
    >>> grant = OptionGrant("1999-07-31", 1, "0.13", term="3 months",  # Sun 31 October
    ...                     business_day_roll=BusinessDayRoll.MODIFIED_FOLLOWING)
    >>> grant.last_exercise_date
    datetime.date(1999, 10, 29)
    """

    NONE = "NONE"
    FOLLOWING = "FOLLOWING"
    PRECEDING = "PRECEDING"
    MODIFIED_FOLLOWING = "MODIFIED_FOLLOWING"


def coerce_cutoff_time(given: dt.time | str | None) -> dt.time | None:
    """A naive ``datetime.time`` (or ``"17:00"``) giving the last day's cutoff, or ``None``."""
    value: object = given  # the annotation guides callers; the checks take anything
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = dt.time.fromisoformat(value)
        except ValueError as error:
            raise InvalidTimeZoneError(
                "cutoff_time", value, 'must be a time of day such as "17:00"'
            ) from error
    if not isinstance(value, dt.time):
        raise OptionTypeError("cutoff_time", value, "must be a datetime.time such as time(17, 0)")
    if value.tzinfo is not None:
        raise InvalidTimeZoneError(
            "cutoff_time", value, "must be a naive time; give the zone as time_zone"
        )
    # The cutoff is compared as a wall-clock time, which ignores fold; dropping it keeps
    # equal grants printing and serializing alike.
    return value.replace(fold=0)


def coerce_time_zone(given: dt.tzinfo | str | None) -> dt.tzinfo | None:
    """A ``tzinfo`` (or an IANA key such as ``"America/New_York"``), or ``None``."""
    value: object = given  # the annotation guides callers; the checks take anything
    if value is None or isinstance(value, dt.tzinfo):
        return value
    if not isinstance(value, str):
        raise OptionTypeError(
            "time_zone", value, 'must be a tzinfo or an IANA key such as "America/New_York"'
        )
    import zoneinfo  # noqa: PLC0415  (only grants with a time zone need it)

    try:
        return zoneinfo.ZoneInfo(value)
    except (ValueError, OSError, zoneinfo.ZoneInfoNotFoundError) as error:
        raise InvalidTimeZoneError(
            "time_zone", value, 'must be an IANA time zone such as "America/New_York"'
        ) from error


def coerce_holidays(given: Iterable[DateLike]) -> frozenset[dt.date]:
    """The non-business days besides weekends, as a frozen set of dates."""
    value: object = given  # the annotation guides callers; the checks take anything
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise OptionTypeError("holidays", value, "must be a collection of datetime.date")
    return frozenset(coerce_date(day, "holidays") for day in value)


def expiration_from_term(grant_date: dt.date, term: Term, reading: ExpiryReading) -> dt.date:
    """The expiration date that ``term`` from ``grant_date`` means under ``reading``."""
    expiration = add_term(grant_date, term, "grant_date")
    if reading is ExpiryReading.LESS_ONE_DAY:
        return add_days(expiration, -1, "expiration_date")
    return expiration


def is_business_day(day: dt.date, holidays: frozenset[dt.date]) -> bool:
    """Monday to Friday and not a listed holiday."""
    return day.weekday() < _SATURDAY and day not in holidays


def roll_to_business_day(
    day: dt.date, roll: BusinessDayRoll, holidays: frozenset[dt.date]
) -> dt.date:
    """``day`` moved to a business day as ``roll`` says (unchanged if it already is one)."""
    if roll is BusinessDayRoll.NONE or is_business_day(day, holidays):
        return day
    if roll is BusinessDayRoll.PRECEDING:
        return _step_to_business_day(day, -1, holidays)
    following = _step_to_business_day(day, 1, holidays)
    if roll is BusinessDayRoll.MODIFIED_FOLLOWING and following.month != day.month:
        return _step_to_business_day(day, -1, holidays)
    return following


def _step_to_business_day(day: dt.date, step: int, holidays: frozenset[dt.date]) -> dt.date:
    # Ends: at most len(holidays) + 2 consecutive days can be non-business days.
    while True:
        day = add_days(day, step, "last_exercise_date")
        if is_business_day(day, holidays):
            return day


def last_exercise_date(
    expiration: dt.date,
    *,
    expiry_day_included: bool,
    roll: BusinessDayRoll,
    holidays: frozenset[dt.date],
) -> dt.date:
    """The last day of the window: the expiry day or the day before, rolled if asked."""
    last = expiration if expiry_day_included else add_days(expiration, -1, "expiration_date")
    return roll_to_business_day(last, roll, holidays)


def status_and_day(grant: OptionGrant, on: object) -> tuple[WindowStatus, dt.date]:
    """The grant's status at ``on``, and the calendar day ``on`` falls on in the grant's zone.

    ``on`` is a ``date`` (is that day in the window?) or, for a grant with a time zone, an
    aware ``datetime`` (is that instant in the window, cutoff included?).
    """
    after_cutoff = False
    if type(on) is dt.date:
        day = on
    elif isinstance(on, dt.datetime):
        day, after_cutoff = _local_day(grant, on)
    else:
        day = coerce_date(on, "on")
    if day < grant.first_exercise_date:
        return WindowStatus.NOT_YET_OPEN, day
    last = grant.last_exercise_date
    if day > last or (after_cutoff and day == last):
        return WindowStatus.EXPIRED, day
    return WindowStatus.OPEN, day


def _local_day(grant: OptionGrant, on: dt.datetime) -> tuple[dt.date, bool]:
    zone = grant.time_zone
    if zone is None:
        raise DateTypeError(
            "on",
            on,
            "this grant's window is in calendar days (it has no time_zone); pass a date",
        )
    if on.utcoffset() is None:
        raise NaiveDatetimeError(
            "on", on, f"this grant's window is kept in {zone}; pass an aware datetime"
        )
    try:
        local = on.astimezone(zone)
    except OverflowError as error:
        raise InvalidDateError(
            "on", on, "falls outside the calendar in the grant's zone"
        ) from error
    cutoff = grant.cutoff_time
    return local.date(), cutoff is not None and local.time() > cutoff


def window_status(grant: OptionGrant, on: DateLike) -> WindowStatus:
    """The grant's :class:`WindowStatus` on a day or at an instant.

    Both window bounds are inclusive: a grant is ``OPEN`` from ``first_exercise_date``
    through ``last_exercise_date``. ``on`` is a ``date`` (or ``"YYYY-MM-DD"``), or, for a
    grant with a ``time_zone``, an aware ``datetime``, which is converted to the grant's zone and
    checked against the ``cutoff_time`` on the last day (the cutoff instant itself is
    still open).

    >>> from datetime import date
    >>> from auxer_option import AUXER_1999
    >>> window_status(AUXER_1999, date(1999, 10, 2))
    WindowStatus.EXPIRED

    Raises:
        DateTypeError: for a ``datetime`` when the grant has no time zone, or a non-date.
        NaiveDatetimeError: for a naive ``datetime`` when the grant has a time zone.
    """
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
    return status_and_day(grant, on)[0] is WindowStatus.OPEN
