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
import functools
import re
from collections.abc import Iterable
from typing import Any, Final, cast

import attrs

from auxer_option._choices import Choice, check_flag
from auxer_option._pickling import RebuiltByConstructor
from auxer_option._terms import DateLike, Term, add_days, add_term, coerce_date
from auxer_option._text import pattern, unnamed
from auxer_option.exceptions import (
    InconsistentGrantError,
    InvalidTimeZoneError,
    OptionTypeError,
)

__all__ = [
    "DEFAULT_CONVENTIONS",
    "BusinessDayRoll",
    "ExpiryReading",
    "WindowConventions",
    "WindowStatus",
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


# A cutoff as people write it: 24-hour "17:00", "17:00:00" (and the microseconds that
# isoformat() writes), or 12-hour "5pm", "5 PM", "5:00 p.m.", "noon", "12 noon"; a zone
# designator ("Z", "+05:00") is read only to be refused as a zone given in the wrong place.
# The space before a.m. or p.m. may be a no-break one, as Unicode's locale data (and so
# macOS and ICU) writes "5:00\u202fPM". Its parts serve both the reader and the finder.
_DIGITS = (
    r"(?P<hour>[0-9]{1,2})(?::(?P<minute>[0-9]{2})"
    r"(?::(?P<second>[0-9]{2})(?:\.(?P<fraction>[0-9]+))?)?)?"
)
_SPACE = r"[ \u00a0\u202f]?"
_HALF_DAY = r"(?P<meridiem>[ap])\.?m\.?"
_WORD = r"(?P<word>noon|midnight)"
_CLOCK = pattern(
    rf"(?:{_DIGITS})?{_SPACE}(?:{_HALF_DAY}|{_WORD}|(?P<zone>z|[+-][0-9:]+))?",
    re.ASCII | re.IGNORECASE,
)
_NOON: Final = 12

#: A time of day in prose, as :func:`coerce_cutoff_time` reads it ("5:00 p.m.", "5 PM",
#: "17:00", "12 noon"), and the midnights it refuses, for finding one in a sentence: a
#: finder, not a reader (it has no groups; what it finds is read by coerce_cutoff_time).
#: A number alone is no time: it needs a.m. or p.m., a word, or its minutes.
TIME_OF_DAY: Final = unnamed(
    rf"(?:(?:{_DIGITS}{_SPACE})?(?:{_HALF_DAY}(?![a-z])|{_WORD}\b)"
    rf"|(?=[0-9]{{1,2}}:[0-9]{{2}}){_DIGITS}\b)"
)


def coerce_cutoff_time(given: dt.time | str | None) -> dt.time | None:
    """The last day's cutoff as a naive ``datetime.time``, or ``None``.

    Text is read as people write a time of day: ``"17:00"``, ``"17:00:00"``, ``"5pm"``,
    ``"5 PM"``, ``"5:00 p.m."``, ``"noon"``. Midnight is refused, however it is written
    (``"midnight"``, ``"12 a.m."``, ``"24:00"``): it ends one day and starts the next, so
    write ``"23:59"`` or ``"00:00"``. A bare hour needs a.m. or p.m., or its minutes.

    >>> coerce_cutoff_time("5:00 p.m.")
    datetime.time(17, 0)

    Raises:
        OptionTypeError: for anything but text or a ``datetime.time``.
        InvalidTimeZoneError: for text that is not a time of day, a time out of the
            clock's range, midnight, or a time with a zone of its own.
    """
    value: object = given  # the annotation guides callers; the checks take anything
    if value is None:
        return None
    if isinstance(value, str):
        value = _clock_time(value)
    if not isinstance(value, dt.time):
        raise OptionTypeError("cutoff_time", value, NOT_A_TIME)
    if value.tzinfo is not None:
        raise InvalidTimeZoneError("cutoff_time", value, AWARE_CUTOFF)
    # A repeated cutoff always means its first occurrence (see wall_instant); dropping
    # the fold keeps equal grants printing and serializing alike.
    return value.replace(fold=0)


def _clock_time(text: str) -> dt.time:
    """The time of day ``text`` writes, by the rules of :func:`coerce_cutoff_time`."""
    # Space around the time says nothing: "17:00 " from a spreadsheet cell is 17:00.
    found = _CLOCK().fullmatch(text.strip())
    if found is None or not (found["hour"] or found["word"]):
        raise InvalidTimeZoneError("cutoff_time", text, NOT_A_TIME_OF_DAY)
    if found["word"] is not None:
        return _noon(text, found)
    if found["meridiem"] is None and found["minute"] is None:  # a bare "5": which 5?
        raise InvalidTimeZoneError("cutoff_time", text, NOT_A_TIME_OF_DAY)
    if found["zone"] is not None:
        raise InvalidTimeZoneError("cutoff_time", text, AWARE_CUTOFF)
    # Zeros past the sixth decimal are exact; other digits there are finer than Python keeps.
    fraction = (found["fraction"] or "").rstrip("0")
    if len(fraction) > 6:  # noqa: PLR2004  (a microsecond's six decimals)
        raise InvalidTimeZoneError("cutoff_time", text, FINER_THAN_A_MICROSECOND)
    hour, minute, second = (int(found[part] or 0) for part in ("hour", "minute", "second"))
    micro = int(fraction.ljust(6, "0"))
    meridiem = (found["meridiem"] or "").lower()
    # "12 a.m." and ISO 8601's "24:00" are midnight; "12 p.m." is noon.
    if (hour, minute, second, micro) == ({"a": _NOON, "": 24}.get(meridiem), 0, 0, 0):
        raise InvalidTimeZoneError("cutoff_time", text, MIDNIGHT)
    if meridiem:
        _in_range(text, "hour with a.m. or p.m.", hour, 1, _NOON)
        hour = hour % _NOON + (_NOON if meridiem == "p" else 0)
    else:
        _in_range(text, "hour", hour, 0, 23)
    _in_range(text, "minute", minute, 0, 59)
    _in_range(text, "second", second, 0, 59)
    return dt.time(hour, minute, second, micro)


def _noon(text: str, found: re.Match[str]) -> dt.time:
    """Noon, for "noon", "12 noon" or "12:00 noon"; midnight, however written, is refused."""
    # "noon", "12 noon", "12:00 noon", "12:00:00.000 noon": any time written before it is 12.
    written = (found[part] for part in ("minute", "second", "fraction"))
    if found["hour"] not in {None, "12"} or any((part or "0").strip("0") for part in written):
        raise InvalidTimeZoneError("cutoff_time", text, NOT_A_TIME_OF_DAY)
    if found["word"].lower() == "midnight":
        raise InvalidTimeZoneError("cutoff_time", text, MIDNIGHT)
    return dt.time(_NOON)


def _in_range(text: str, part: str, number: int, first: int, last: int) -> None:
    if not first <= number <= last:
        rule = OUT_OF_THE_CLOCK.format(part=part, first=first, last=last, number=number)
        raise InvalidTimeZoneError("cutoff_time", text, rule)


#: The rule for a time zone given as anything but a zone this library can keep.
TIME_ZONE_KINDS: Final = (
    'must be a zoneinfo.ZoneInfo, a datetime.timezone or an IANA key such as "America/New_York"'
)
#: The rule for a key that names something only the host machine has.
HOST_ZONE: Final = (
    "names a setting of this machine, not an IANA time zone; "
    'pass an IANA key such as "America/New_York"'
)
#: The rule for a ``ZoneInfo`` read from a file, which has no key to be named by.
KEYLESS_ZONE: Final = (
    'has no IANA key; pass zoneinfo.ZoneInfo("America/New_York") or the key itself'
)
#: The rule for a key that is not an IANA time zone.
UNKNOWN_ZONE: Final = 'must be an IANA time zone such as "America/New_York"'
#: The rule for a zone named by an abbreviation: a template of ``reading``, what the
#: abbreviation's zone is, and ``instead``, the places' keys to pass.
ABBREVIATED_ZONE: Final = (
    "is an abbreviation{reading}, not a place's clock; pass the IANA key of the place "
    "meant, such as {instead}"
)
#: Text that is not a time of day, given as a cutoff.
NOT_A_TIME_OF_DAY: Final = 'must be a time of day such as "17:00", "5pm" or "5:00 p.m."'
#: A part of a cutoff past the clock's range: a template of ``part``, ``first``, ``last``
#: and ``number``.
OUT_OF_THE_CLOCK: Final = "the {part} must be {first} to {last}, not {number}"
#: A cutoff at midnight, however written: it ends one day and starts the next.
MIDNIGHT: Final = (
    "midnight ends one day and starts the next; "
    'write "23:59" for the end of the last day, or "00:00" for its start'
)
#: A cutoff with more than six decimals of a second.
FINER_THAN_A_MICROSECOND: Final = "must be in whole microseconds: at most six decimals of a second"
#: Anything else given as a cutoff.
NOT_A_TIME: Final = "must be a datetime.time such as time(17, 0)"
#: A cutoff time with a zone of its own.
AWARE_CUTOFF: Final = "must be a naive time; give the zone as time_zone"
#: Holidays not given as a collection.
NOT_HOLIDAYS: Final = "must be a collection of datetime.date"
#: A datetime asked about a grant whose window is in calendar days.
CALENDAR_DAYS: Final = "this grant's window is in calendar days (it has no time_zone); pass a date"
#: A naive datetime asked about a grant with a time zone: a template of ``zone``.
NAIVE_INSTANT: Final = "this grant's window is kept in {zone}; pass an aware datetime"
#: A cutoff time without a time zone.
NO_CLOCK: Final = "needs a time_zone to say whose clock it is"
#: An instant whose day in the grant's zone is off the calendar.
OFF_THE_ZONE_CALENDAR: Final = "falls outside the calendar in the grant's zone"

# Every IANA name is "/"-separated parts that each begin with a capital letter; the
# lower-case names ("localtime", "posixrules", "posix/...", "right/...") are files of
# this machine's zone directory, and "Factory" is a placeholder zone, not a place.
_IANA_KEY = pattern(r"[A-Z][A-Za-z0-9._+-]*(?:/[A-Z][A-Za-z0-9._+-]*)*")
_HOST_KEYS = pattern(r"localtime|posixrules|Factory|(?:posix|right)/.*", re.DOTALL)


# Zones named by abbreviations, and what to pass instead. EST, MST and HST are IANA keys
# of fixed offsets, so a grant "5:00 p.m. EST" kept in "EST" closes at 6:00 p.m. New York
# time all summer. EST5EDT, CST6CDT, MST7MDT, PST8PDT, CET, EET, MET and WET are legacy
# rules whose meaning changed with the database's version (links to cities since 2024b).
# EDT, PST and the others are no IANA keys at all, but are what people write.
_FIXED_ALL_YEAR: Final = ", and a fixed UTC{offset} all year"
_LEGACY_RULE: Final = ", and a legacy rule that changes with the tz database's version"
_ABBREVIATIONS: Final[dict[str, tuple[str, str]]] = {
    "EST": (
        _FIXED_ALL_YEAR.format(offset="-5"),
        '"America/New_York" (EST in winter, EDT in summer), or "America/Panama" for UTC-5 all year',
    ),
    "MST": (
        _FIXED_ALL_YEAR.format(offset="-7"),
        '"America/Denver" (MST in winter, MDT in summer), or "America/Phoenix" for UTC-7 all year',
    ),
    "HST": (_FIXED_ALL_YEAR.format(offset="-10"), '"Pacific/Honolulu"'),
    "EST5EDT": (_LEGACY_RULE, '"America/New_York"'),
    "CST6CDT": (_LEGACY_RULE, '"America/Chicago"'),
    "MST7MDT": (_LEGACY_RULE, '"America/Denver"'),
    "PST8PDT": (_LEGACY_RULE, '"America/Los_Angeles"'),
    "CET": (_LEGACY_RULE, '"Europe/Paris" or "Europe/Berlin"'),
    "MET": (_LEGACY_RULE, '"Europe/Paris" or "Europe/Berlin"'),
    "EET": (_LEGACY_RULE, '"Europe/Athens" or "Europe/Helsinki"'),
    "WET": (_LEGACY_RULE, '"Europe/Lisbon"'),
    "EDT": ("", '"America/New_York"'),
    "CST": ("", '"America/Chicago"'),
    "CDT": ("", '"America/Chicago"'),
    "MDT": ("", '"America/Denver" (or "America/Phoenix", which keeps MST all year)'),
    "PST": ("", '"America/Los_Angeles"'),
    "PDT": ("", '"America/Los_Angeles"'),
    "AKST": ("", '"America/Anchorage"'),
    "AKDT": ("", '"America/Anchorage"'),
    "CEST": ("", '"Europe/Paris" or "Europe/Berlin"'),
    "EEST": ("", '"Europe/Athens" or "Europe/Helsinki"'),
    "WEST": ("", '"Europe/Lisbon"'),
}


def abbreviated_zone(key: str) -> str | None:
    """The rule refusing ``key`` if it is a zone abbreviation (``"EST"``, ``"est"``), or ``None``.

    >>> print(abbreviated_zone("PST").split("; ")[1])
    pass the IANA key of the place meant, such as "America/Los_Angeles"
    >>> abbreviated_zone("America/Los_Angeles") is None
    True
    """
    found = _ABBREVIATIONS.get(key.upper())  # "est" is no IANA key either: say what is
    if found is None:
        return None
    reading, instead = found
    return ABBREVIATED_ZONE.format(reading=reading, instead=instead)


def coerce_time_zone(given: dt.tzinfo | str | None) -> dt.tzinfo | None:
    """A fixed offset, or the ``zoneinfo.ZoneInfo`` of an IANA key; ``None`` if not given.

    Only zones that are immutable, hashable and named the same on every machine are kept:
    a ``datetime.timezone`` (UTC included), a ``ZoneInfo`` with an IANA key, or the key
    (``"America/New_York"``; older link names such as ``"US/Eastern"`` are IANA names too
    and are kept as given). Any other ``tzinfo`` (``dateutil.tz`` zones, say) is refused,
    and so is a zone named by an abbreviation (``"EST"`` is UTC-5 all year, not New York's
    clock): the rule names the place's key to pass instead. A fixed offset stays a choice,
    written as one: ``"UTC"``, ``"Etc/GMT+5"`` or a ``datetime.timezone``.

    >>> coerce_time_zone("America/New_York")
    zoneinfo.ZoneInfo(key='America/New_York')

    Raises:
        OptionTypeError: for any other kind of value.
        InvalidTimeZoneError: for a key that is not an IANA zone on every machine, or an
            abbreviation.
    """
    value: object = given  # the annotation guides callers; the checks take anything
    if value is None or isinstance(value, dt.timezone):
        return value  # a fixed offset is immutable and means the same everywhere
    import zoneinfo  # noqa: PLC0415  (only grants with a time zone need it)

    if isinstance(value, zoneinfo.ZoneInfo):
        key: str | None = value.key
        if key is None:  # read with ZoneInfo.from_file: no name to be read back by
            raise InvalidTimeZoneError("time_zone", value, KEYLESS_ZONE)
    elif isinstance(value, str):
        key = value
    else:
        raise OptionTypeError("time_zone", value, TIME_ZONE_KINDS)
    if _HOST_KEYS().fullmatch(key):
        raise InvalidTimeZoneError("time_zone", value, HOST_ZONE)
    abbreviation = abbreviated_zone(key)
    if abbreviation is not None:
        raise InvalidTimeZoneError("time_zone", value, abbreviation)
    if not _IANA_KEY().fullmatch(key):
        raise InvalidTimeZoneError("time_zone", value, UNKNOWN_ZONE)
    try:
        # Looked up by key, even for a ZoneInfo: the shared instance, so that grants given
        # ZoneInfo.no_cache(key) or a subclass equal those given the key.
        return zoneinfo.ZoneInfo(key)
    except (ValueError, OSError, zoneinfo.ZoneInfoNotFoundError) as error:
        raise InvalidTimeZoneError("time_zone", value, UNKNOWN_ZONE) from error


#: No holidays: one shared empty set, not a new one for every grant.
NO_HOLIDAYS: Final[frozenset[dt.date]] = frozenset()


def coerce_holidays(given: Iterable[DateLike]) -> frozenset[dt.date]:
    """The non-business days besides weekends, as a frozen set of dates."""
    value: object = given  # the annotation guides callers; the checks take anything
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise OptionTypeError("holidays", value, NOT_HOLIDAYS)
    days = frozenset(coerce_date(day, "holidays") for day in value)
    return days or NO_HOLIDAYS


def _flag(value: object, field: attrs.Attribute[bool]) -> bool:
    return check_flag(value, field.name)


def _choice_of(kind: type[Choice]) -> attrs.Converter[Any, Any]:
    """A converter to a member of ``kind``, naming the field a bad value was given for."""
    return attrs.Converter(
        lambda value, field: kind.coerce(value, field.name),
        takes_field=True,
    )


@attrs.frozen(repr=False, getstate_setstate=False)
class WindowConventions(RebuiltByConstructor):
    """How a grant's exercise window is read from its expiry: six conventions, one value.

    A grant takes them one by one (``OptionGrant(..., business_day_roll="FOLLOWING")``)
    or together (``conventions=``); the grant's attributes of the same names read them.
    Most grants use the defaults, :data:`DEFAULT_CONVENTIONS`, which they all share.

    >>> WindowConventions(business_day_roll="FOLLOWING")
    WindowConventions(business_day_roll=BusinessDayRoll.FOLLOWING)

    Raises:
        OptionError: a subclass naming the convention, its value and the rule.
    """

    # mypy's attrs plugin does not read Converter yet: the constructor's types are the fields'.
    expiry_reading: ExpiryReading = attrs.field(
        default=ExpiryReading.CORRESPONDING_DATE,
        converter=_choice_of(ExpiryReading),  # type: ignore[misc]
    )
    expiry_day_included: bool = attrs.field(
        default=True,
        converter=attrs.Converter(_flag, takes_field=True),  # type: ignore[misc]
    )
    cutoff_time: dt.time | None = attrs.field(default=None, converter=coerce_cutoff_time)
    time_zone: dt.tzinfo | None = attrs.field(default=None, converter=coerce_time_zone)
    business_day_roll: BusinessDayRoll = attrs.field(
        default=BusinessDayRoll.NONE,
        converter=_choice_of(BusinessDayRoll),  # type: ignore[misc]
    )
    holidays: frozenset[dt.date] = attrs.field(default=NO_HOLIDAYS, converter=coerce_holidays)

    def __attrs_post_init__(self) -> None:
        if self.cutoff_time is not None and self.time_zone is None:
            raise InconsistentGrantError("cutoff_time", self.cutoff_time, NO_CLOCK)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in changed_conventions(self))
        return f"WindowConventions({shown})"


def changed_conventions(conventions: WindowConventions) -> list[tuple[str, object]]:
    """The conventions that differ from the defaults, by name, holidays in date order."""
    items: list[tuple[str, object]] = [
        (field.name, getattr(conventions, field.name))
        for field in attrs.fields(WindowConventions)
        if getattr(conventions, field.name) != field.default
    ]
    # In date order: a set's own order changes between runs.
    return [
        (name, tuple(sorted(conventions.holidays)) if name == "holidays" else value)
        for name, value in items
    ]


def last_day(conventions: WindowConventions, expiration: dt.date) -> dt.date:
    """The last day of the window of a grant expiring on ``expiration``."""
    return last_exercise_date(
        expiration,
        expiry_day_included=conventions.expiry_day_included,
        roll=conventions.business_day_roll,
        holidays=conventions.holidays,
    )


@functools.lru_cache(maxsize=4096)
def expiration_from_term(grant_date: dt.date, term: Term, reading: ExpiryReading) -> dt.date:
    """The expiration date that ``term`` from ``grant_date`` means under ``reading``.

    Remembered: grants made the same day on the same term share one date object.
    """
    expiration = add_term(grant_date, term, "grant_date")
    # By equality, as the cache's key is: the member and its name are one key.
    if reading == ExpiryReading.LESS_ONE_DAY:
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


_EPOCH: Final = dt.datetime(1970, 1, 1)  # noqa: DTZ001  (naive: wall times are subtracted from it)
#: One calendar day.
ONE_DAY: Final = dt.timedelta(days=1)
_ONE_MICROSECOND: Final = dt.timedelta(microseconds=1)


def next_midnight(day: dt.date) -> dt.datetime:
    """The midnight that ends ``day``, as a wall time."""
    return dt.datetime.combine(day + ONE_DAY, dt.time())


def since_epoch(wall: dt.datetime, offset: dt.timedelta) -> dt.timedelta:
    """The instant of ``wall`` at UTC ``offset``, as time since 1970 in UTC."""
    # A timedelta, not a UTC datetime: exact, and never past datetime's range, even for
    # 9999-12-31 23:00 in New York.
    return wall - _EPOCH - offset


def _offset(wall: dt.datetime, zone: dt.tzinfo, fold: int) -> dt.timedelta:
    # A ZoneInfo or a datetime.timezone (all coerce_time_zone keeps) always has an offset.
    return cast("dt.timedelta", wall.replace(tzinfo=zone, fold=fold).utcoffset())


@functools.lru_cache(maxsize=1024)
def wall_instant(wall: dt.datetime, zone: dt.tzinfo) -> dt.timedelta:
    """The first instant at which ``zone``'s clock reads the naive ``wall`` time or later.

    A wall time the clock shows twice (a repeated hour) is its first occurrence; one it
    skips (a spring-forward gap) is the first instant after the gap. The result is the
    time since 1970-01-01 00:00 UTC. Both rules only ever move an instant forward as the
    wall time does, which keeps a window's status moving forward.

    >>> import zoneinfo
    >>> new_york = zoneinfo.ZoneInfo("America/New_York")
    >>> _EPOCH + wall_instant(dt.datetime(2024, 11, 3, 1, 30), new_york)  # EDT, not EST
    datetime.datetime(2024, 11, 3, 5, 30)
    >>> _EPOCH + wall_instant(dt.datetime(2024, 3, 10, 2, 30), new_york)  # 3:00 EDT
    datetime.datetime(2024, 3, 10, 7, 0)
    """
    first, second = _offset(wall, zone, 0), _offset(wall, zone, 1)
    if first >= second:  # shown once, or twice (then fold=0 is the earlier)
        return since_epoch(wall, first)
    # In a gap, fold=0 reads the wall time with the offset from before the jump. The gap's
    # first wall time is within (second - first) before this one; search for it.
    outside, inside = wall - (second - first), wall
    while inside - outside > _ONE_MICROSECOND:
        middle = outside + (inside - outside) // 2
        if _offset(middle, zone, 0) < _offset(middle, zone, 1):
            inside = middle
        else:
            outside = middle
    # The clock jumps at the instant it would have read the gap's first wall time.
    return since_epoch(inside, first)


#: The conventions of most grants, shared by every grant that does not change one.
DEFAULT_CONVENTIONS: Final = WindowConventions()
