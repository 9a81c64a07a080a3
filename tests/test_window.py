"""The exercise window: conventions, bounds and status (``_window``)."""

from __future__ import annotations

import datetime as dt
import importlib.resources
import re
import zoneinfo
from collections.abc import Callable
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest
from dateutil import tz
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option import (
    AUXER_1999,
    BusinessDayRoll,
    ExpiryReading,
    OptionGrant,
    Term,
    WindowStatus,
    exercise,
    is_exercisable,
    window_status,
)
from auxer_option._choices import NOT_A_FLAG, one_of
from auxer_option._grant import EMPTY_WINDOW, READING_NEEDS_TERM
from auxer_option._status import status_and_day
from auxer_option._terms import (
    MISSING_DATE,
    NOT_A_DATE,
    NOT_A_DATETIME,
    NOT_ISO_DATE,
    off_the_calendar,
)
from auxer_option._window import (
    ABBREVIATED_ZONE,
    AWARE_CUTOFF,
    CALENDAR_DAYS,
    FINER_THAN_A_MICROSECOND,
    HOST_ZONE,
    KEYLESS_ZONE,
    MIDNIGHT,
    NAIVE_INSTANT,
    NO_CLOCK,
    NOT_A_TIME,
    NOT_A_TIME_OF_DAY,
    NOT_HOLIDAYS,
    OFF_THE_ZONE_CALENDAR,
    OUT_OF_THE_CLOCK,
    TIME_OF_DAY,
    TIME_ZONE_KINDS,
    UNKNOWN_ZONE,
    abbreviated_zone,
    coerce_cutoff_time,
    expiration_from_term,
    wall_instant,
)
from auxer_option.exceptions import (
    DateTypeError,
    ExerciseWindowError,
    InconsistentGrantError,
    InvalidChoiceError,
    InvalidDateError,
    InvalidTimeZoneError,
    NaiveDatetimeError,
    OptionError,
    OptionTypeError,
)

from .messages import filled, message, refused
from .strategies import option_grants

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
ORDER = list(WindowStatus)


def _zone_from_a_file() -> zoneinfo.ZoneInfo:
    """New York's zone read from its file, so with no key."""
    data = importlib.resources.files("tzdata.zoneinfo.America").joinpath("New_York")
    with data.open("rb") as file:
        return zoneinfo.ZoneInfo.from_file(file)


class TestMessages:
    """Each rule of this module, word for word, once: other tests check which rule it is."""

    @pytest.mark.parametrize(
        ("call", "rule", "expected"),
        [
            pytest.param(
                lambda: auxer(cutoff_time="17:00"),
                NO_CLOCK,
                "cutoff_time=datetime.time(17, 0): needs a time_zone to say whose clock it is",
                id="NO_CLOCK",
            ),
            pytest.param(
                lambda: auxer(time_zone=5),
                TIME_ZONE_KINDS,
                "time_zone=5: must be a zoneinfo.ZoneInfo, a datetime.timezone or an IANA "
                'key such as "America/New_York"',
                id="TIME_ZONE_KINDS",
            ),
            pytest.param(
                lambda: auxer(time_zone="localtime"),
                HOST_ZONE,
                "time_zone='localtime': names a setting of this machine, not an IANA time zone; "
                'pass an IANA key such as "America/New_York"',
                id="HOST_ZONE",
            ),
            pytest.param(
                lambda: auxer(time_zone="Mars/Olympus_Mons"),
                UNKNOWN_ZONE,
                "time_zone='Mars/Olympus_Mons': must be an IANA time zone such as "
                '"America/New_York"',
                id="UNKNOWN_ZONE",
            ),
            pytest.param(
                lambda: auxer(cutoff_time="close of business", time_zone="UTC"),
                NOT_A_TIME_OF_DAY,
                "cutoff_time='close of business': must be a time of day such as \"17:00\", "
                '"5pm" or "5:00 p.m."',
                id="NOT_A_TIME_OF_DAY",
            ),
            pytest.param(
                lambda: auxer(cutoff_time="13 pm", time_zone="UTC"),
                OUT_OF_THE_CLOCK.format(part="hour with a.m. or p.m.", first=1, last=12, number=13),
                "cutoff_time='13 pm': the hour with a.m. or p.m. must be 1 to 12, not 13",
                id="OUT_OF_THE_CLOCK",
            ),
            pytest.param(
                lambda: auxer(cutoff_time="midnight", time_zone="UTC"),
                MIDNIGHT,
                "cutoff_time='midnight': midnight ends one day and starts the next; "
                'write "23:59" for the end of the last day, or "00:00" for its start',
                id="MIDNIGHT",
            ),
            pytest.param(
                lambda: auxer(cutoff_time="17:00:00.0000001", time_zone="UTC"),
                FINER_THAN_A_MICROSECOND,
                "cutoff_time='17:00:00.0000001': must be in whole microseconds: "
                "at most six decimals of a second",
                id="FINER_THAN_A_MICROSECOND",
            ),
            pytest.param(
                lambda: auxer(time_zone="EST"),
                abbreviated_zone("EST"),
                "time_zone='EST': is an abbreviation, and a fixed UTC-5 all year, not a "
                "place's clock; pass the IANA key of the place meant, such as "
                '"America/New_York" (EST in winter, EDT in summer), or "America/Panama" for '
                "UTC-5 all year",
                id="ABBREVIATED_ZONE",
            ),
            pytest.param(
                lambda: auxer(cutoff_time=17, time_zone="UTC"),
                NOT_A_TIME,
                "cutoff_time=17: must be a datetime.time such as time(17, 0)",
                id="NOT_A_TIME",
            ),
            pytest.param(
                lambda: auxer(cutoff_time=dt.time(17, tzinfo=dt.UTC), time_zone="UTC"),
                AWARE_CUTOFF,
                "cutoff_time=datetime.time(17, 0, tzinfo=datetime.timezone.utc): must be a "
                "naive time; give the zone as time_zone",
                id="AWARE_CUTOFF",
            ),
            pytest.param(
                lambda: auxer(holidays=5),
                NOT_HOLIDAYS,
                "holidays=5: must be a collection of datetime.date",
                id="NOT_HOLIDAYS",
            ),
            pytest.param(
                lambda: window_status(AUXER_1999, dt.datetime(1999, 10, 1, 12, tzinfo=dt.UTC)),
                CALENDAR_DAYS,
                "on=datetime.datetime(1999, 10, 1, 12, 0, tzinfo=datetime.timezone.utc): this "
                "grant's window is in calendar days (it has no time_zone); pass a date",
                id="CALENDAR_DAYS",
            ),
            pytest.param(
                lambda: window_status(
                    auxer(time_zone="America/New_York"), dt.datetime(1999, 10, 1, 16, 0)
                ),
                NAIVE_INSTANT.format(zone="America/New_York"),
                "on=datetime.datetime(1999, 10, 1, 16, 0): this grant's window is kept in "
                "America/New_York; pass an aware datetime",
                id="NAIVE_INSTANT",
            ),
            pytest.param(
                lambda: window_status(
                    auxer(time_zone="Asia/Tokyo"), dt.datetime(9999, 12, 31, 23, tzinfo=dt.UTC)
                ),
                OFF_THE_ZONE_CALENDAR,
                "on=datetime.datetime(9999, 12, 31, 23, 0, tzinfo=datetime.timezone.utc): "
                "falls outside the calendar in the grant's zone",
                id="OFF_THE_ZONE_CALENDAR",
            ),
        ],
    )
    def test_message(self, call: Callable[[], object], rule: str, expected: str) -> None:
        """The message names the field and the value, then the rule in these words."""
        assert message(call, rule) == expected

    def test_keyless_zone(self) -> None:
        """A zone read from a file is shown by its repr, then the rule."""
        zone = _zone_from_a_file()
        expected = (
            f"time_zone={zone!r}: has no IANA key; pass "
            'zoneinfo.ZoneInfo("America/New_York") or the key itself'
        )
        assert message(lambda: auxer(time_zone=zone), KEYLESS_ZONE) == expected


def auxer(**conventions: Any) -> OptionGrant:
    """The Auxer grant with other window conventions."""
    return OptionGrant(
        AUXER_1999.grant_date,
        AUXER_1999.shares,
        AUXER_1999.exercise_price,
        term=AUXER_1999.term,
        **conventions,
    )


class TestAuxerWindow:
    @pytest.mark.parametrize(
        ("on", "status"),
        [
            (dt.date(1999, 6, 30), WindowStatus.NOT_YET_OPEN),
            (dt.date(1999, 7, 1), WindowStatus.OPEN),
            (dt.date(1999, 8, 15), WindowStatus.OPEN),
            (dt.date(1999, 10, 1), WindowStatus.OPEN),
            (dt.date(1999, 10, 2), WindowStatus.EXPIRED),
            (dt.date(2026, 11, 25), WindowStatus.EXPIRED),
        ],
    )
    def test_status(self, on: dt.date, status: WindowStatus) -> None:
        """Open from 1 July through 1 October 1999, both days included."""
        assert window_status(AUXER_1999, on) is status
        assert is_exercisable(AUXER_1999, on) is (status is WindowStatus.OPEN)

    def test_bounds(self) -> None:
        """The derived inclusive bounds."""
        assert AUXER_1999.first_exercise_date == dt.date(1999, 7, 1)
        assert AUXER_1999.expiration_date == dt.date(1999, 10, 1)
        assert AUXER_1999.last_exercise_date == dt.date(1999, 10, 1)

    def test_iso_text_day(self) -> None:
        """A day may be given as ISO text, as elsewhere."""
        assert is_exercisable(AUXER_1999, "1999-10-01")


class TestExpiryConventions:
    def test_less_one_day_reading(self) -> None:
        """Three months "less one day" from 1 July 1999 is 30 September."""
        grant = auxer(expiry_reading=ExpiryReading.LESS_ONE_DAY)
        assert grant.expiration_date == dt.date(1999, 9, 30)
        assert grant.last_exercise_date == dt.date(1999, 9, 30)
        assert not is_exercisable(grant, dt.date(1999, 10, 1))

    def test_reading_by_name(self) -> None:
        """Conventions are accepted by their names too."""
        assert auxer(expiry_reading="LESS_ONE_DAY") == auxer(
            expiry_reading=ExpiryReading.LESS_ONE_DAY
        )

    def test_expiry_day_excluded(self) -> None:
        """Excluding the expiry day makes the day before the last one."""
        grant = auxer(expiry_day_included=False)
        assert grant.expiration_date == dt.date(1999, 10, 1)
        assert grant.last_exercise_date == dt.date(1999, 9, 30)
        assert window_status(grant, dt.date(1999, 10, 1)) is WindowStatus.EXPIRED

    def test_both(self) -> None:
        """Less one day, then the expiry day excluded: 29 September."""
        grant = auxer(expiry_reading="LESS_ONE_DAY", expiry_day_included=False)
        assert grant.last_exercise_date == dt.date(1999, 9, 29)

    @pytest.mark.parametrize(
        ("field", "value", "error", "rule"),
        [
            ("expiry_reading", "LESS_A_DAY", InvalidChoiceError, one_of(ExpiryReading)),
            ("business_day_roll", "NEXT", InvalidChoiceError, one_of(BusinessDayRoll)),
            ("expiry_day_included", 1, OptionTypeError, NOT_A_FLAG),
            ("expiry_day_included", "no", OptionTypeError, NOT_A_FLAG),
            ("holidays", "1999-10-01", OptionTypeError, NOT_HOLIDAYS),
            ("holidays", 5, OptionTypeError, NOT_HOLIDAYS),
            ("holidays", [dt.datetime(1999, 10, 1, 9)], DateTypeError, NOT_A_DATETIME),
            ("time_zone", 5, OptionTypeError, TIME_ZONE_KINDS),
            ("time_zone", "Mars/Olympus_Mons", InvalidTimeZoneError, UNKNOWN_ZONE),
            ("time_zone", "../etc/passwd", InvalidTimeZoneError, UNKNOWN_ZONE),
            ("time_zone", "", InvalidTimeZoneError, UNKNOWN_ZONE),
            ("time_zone", "EST", InvalidTimeZoneError, abbreviated_zone("EST")),
            ("cutoff_time", "five", InvalidTimeZoneError, NOT_A_TIME_OF_DAY),
            ("cutoff_time", "midnight", InvalidTimeZoneError, MIDNIGHT),
            ("cutoff_time", 17, OptionTypeError, NOT_A_TIME),
            ("cutoff_time", dt.time(17, tzinfo=dt.UTC), InvalidTimeZoneError, AWARE_CUTOFF),
        ],
    )
    def test_bad_conventions(
        self, field: str, value: object, error: type[OptionError], rule: str
    ) -> None:
        """Each convention refuses what it cannot mean, naming the field and the rule."""
        extra = {"time_zone": "UTC"} if field == "cutoff_time" else {}
        with pytest.raises(error) as raised:
            auxer(**{field: value, **extra})
        shown = value[0] if isinstance(value, list) else value  # a holiday is named alone
        refused(raised, cls=error, field=field, value=shown, rule=rule)

    def test_cutoff_needs_a_zone(self) -> None:
        """A cutoff time without a time zone has no clock to read."""
        with pytest.raises(InconsistentGrantError) as raised:
            auxer(cutoff_time=dt.time(17))
        refused(raised, field="cutoff_time", value=dt.time(17), rule=NO_CLOCK)

    def test_reading_needs_a_term(self) -> None:
        """With only an expiration date, there is no term to read one way or the other."""
        with pytest.raises(InconsistentGrantError) as raised:
            OptionGrant(
                "1999-07-01",
                1,
                "0.13",
                expiration_date="1999-10-01",
                expiry_reading="LESS_ONE_DAY",
            )
        refused(raised, field="expiry_reading", rule=READING_NEEDS_TERM)


class TestBusinessDayRoll:
    # 2000-01-01 + 3 months = Saturday 2000-04-01; 1999-07-31 + 3 months = Sunday 1999-10-31.
    @pytest.mark.parametrize(
        ("grant_date", "roll", "holidays", "last"),
        [
            ("2000-01-01", "NONE", (), dt.date(2000, 4, 1)),
            ("2000-01-01", "FOLLOWING", (), dt.date(2000, 4, 3)),
            ("2000-01-01", "PRECEDING", (), dt.date(2000, 3, 31)),
            ("2000-01-01", "MODIFIED_FOLLOWING", (), dt.date(2000, 4, 3)),
            ("1999-07-31", "FOLLOWING", (), dt.date(1999, 11, 1)),
            ("1999-07-31", "MODIFIED_FOLLOWING", (), dt.date(1999, 10, 29)),
            ("1999-07-31", "PRECEDING", (), dt.date(1999, 10, 29)),
            # A holiday on the Monday pushes FOLLOWING to Tuesday.
            ("2000-01-01", "FOLLOWING", (dt.date(2000, 4, 3),), dt.date(2000, 4, 4)),
            # A holiday on the expiry itself, a weekday.
            ("1999-07-01", "FOLLOWING", (dt.date(1999, 10, 1),), dt.date(1999, 10, 4)),
            ("1999-07-01", "PRECEDING", ("1999-10-01",), dt.date(1999, 9, 30)),
            # A business-day expiry is never moved.
            ("1999-07-01", "PRECEDING", (), dt.date(1999, 10, 1)),
        ],
    )
    def test_roll(
        self, grant_date: str, roll: str, holidays: tuple[dt.date | str, ...], last: dt.date
    ) -> None:
        """Weekend and holiday expiries roll as the convention says."""
        grant = OptionGrant(
            grant_date,
            100,
            "1",
            term="3 months",
            business_day_roll=roll,
            holidays=holidays,
        )
        assert grant.last_exercise_date == last

    def test_modified_following_from_a_saturday_month_end(self) -> None:
        """Saturday 30 September 2000: following would leave the month, so back one
        business day, to Friday the 29th (not two days, to Thursday)."""
        grant = OptionGrant(
            "2000-06-30", 1, "1", term="3 months", business_day_roll="MODIFIED_FOLLOWING"
        )
        assert (grant.expiration_date, grant.last_exercise_date) == (
            dt.date(2000, 9, 30),
            dt.date(2000, 9, 29),
        )

    def test_less_one_day_before_the_calendar(self) -> None:
        with pytest.raises(InvalidDateError) as raised:
            OptionGrant("0001-01-01", 1, "1", term="0 days", expiry_reading="LESS_ONE_DAY")
        refused(raised, field="expiration_date", value=dt.date.min, rule=off_the_calendar(-1))

    @pytest.mark.parametrize(
        ("on", "error", "rule"),
        [("soon", InvalidDateError, NOT_ISO_DATE), (5, DateTypeError, NOT_A_DATE)],
    )
    def test_bad_days(self, on: object, error: type[OptionError], rule: str) -> None:
        for check in (window_status, is_exercisable):
            with pytest.raises(error) as raised:
                check(AUXER_1999, on)  # type: ignore[arg-type]
            refused(raised, cls=error, field="on", value=on, rule=rule)

    def test_roll_applies_after_exclusion(self) -> None:
        """Order: expiry, then exclusion, then roll (Mon 4 Oct excluded -> Sun 3 Oct -> Fri 1)."""
        grant = OptionGrant(
            "1999-07-04",
            1,
            "1",
            term="3 months",
            expiry_day_included=False,
            business_day_roll="PRECEDING",
        )
        assert grant.expiration_date == dt.date(1999, 10, 4)
        assert grant.last_exercise_date == dt.date(1999, 10, 1)

    def test_empty_window_is_refused(self) -> None:
        """Rolling back before the grant date would leave no day to exercise."""
        with pytest.raises(InconsistentGrantError) as raised:
            OptionGrant("2000-04-01", 1, "1", term="0 days", business_day_roll="PRECEDING")
        rule = EMPTY_WINDOW.format(first=dt.date(2000, 4, 1), last=dt.date(2000, 3, 31))
        refused(raised, field="last_exercise_date", value=dt.date(2000, 3, 31), rule=rule)

    def test_roll_off_the_calendar(self) -> None:
        """Rolling past 9999-12-31, or excluding the day 0001-01-01, is a clear error."""
        with pytest.raises(InvalidDateError) as raised:
            OptionGrant(
                "9999-12-31",
                1,
                "1",
                term="0 days",
                business_day_roll="FOLLOWING",
                holidays=["9999-12-31"],
            )
        refused(raised, field="last_exercise_date", value=dt.date.max, rule=off_the_calendar(1))
        with pytest.raises(InvalidDateError) as raised:
            OptionGrant(
                "0001-01-01", 1, "1", expiration_date="0001-01-01", expiry_day_included=False
            )
        refused(raised, field="expiration_date", value=dt.date.min, rule=off_the_calendar(-1))

    def test_holidays_are_a_frozen_set(self) -> None:
        """Holidays are stored immutably, whatever collection they came in."""
        grant = auxer(holidays=[dt.date(1999, 9, 6), "1999-09-06"])
        assert grant.holidays == frozenset({dt.date(1999, 9, 6)})


class TestCutoff:
    @pytest.fixture
    def grant(self) -> OptionGrant:
        """The Auxer grant, exercisable until 5:00 p.m. New York time on its last day."""
        return auxer(cutoff_time="17:00", time_zone="America/New_York")

    @pytest.mark.parametrize(
        ("instant", "status"),
        [
            (dt.datetime(1999, 10, 1, 16, 59, 59, tzinfo=NEW_YORK), WindowStatus.OPEN),
            (dt.datetime(1999, 10, 1, 17, 0, 0, tzinfo=NEW_YORK), WindowStatus.OPEN),
            (dt.datetime(1999, 10, 1, 17, 0, 1, tzinfo=NEW_YORK), WindowStatus.EXPIRED),
            # 21:00 UTC is 17:00 EDT: still open; a second later it is not.
            (dt.datetime(1999, 10, 1, 21, 0, 0, tzinfo=dt.UTC), WindowStatus.OPEN),
            (dt.datetime(1999, 10, 1, 21, 0, 1, tzinfo=dt.UTC), WindowStatus.EXPIRED),
            # Tokyo is already on 2 October when New York's last afternoon begins.
            (
                dt.datetime(1999, 10, 2, 5, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Tokyo")),
                WindowStatus.OPEN,
            ),
            # The window opens at midnight New York time on 1 July.
            (dt.datetime(1999, 7, 1, 3, 59, tzinfo=dt.UTC), WindowStatus.NOT_YET_OPEN),
            (dt.datetime(1999, 7, 1, 4, 0, tzinfo=dt.UTC), WindowStatus.OPEN),
            (dt.date(1999, 10, 1), WindowStatus.OPEN),
            (dt.date(1999, 10, 2), WindowStatus.EXPIRED),
        ],
    )
    def test_status_at_instants(
        self, grant: OptionGrant, instant: dt.date, status: WindowStatus
    ) -> None:
        """Aware instants are read on the grant's clock; the cutoff instant is still open."""
        assert window_status(grant, instant) is status

    def test_naive_datetime_is_refused(self, grant: OptionGrant) -> None:
        """Naive and aware are never mixed silently."""
        naive = dt.datetime(1999, 10, 1, 16, 0)
        with pytest.raises(NaiveDatetimeError) as raised:
            window_status(grant, naive)
        assert isinstance(raised.value, TypeError)
        rule = NAIVE_INSTANT.format(zone=NEW_YORK)
        refused(raised, field="on", value=naive, rule=rule)

    def test_zone_without_cutoff(self) -> None:
        """With a zone but no cutoff, the last day runs to local midnight."""
        grant = auxer(time_zone="America/New_York")
        assert is_exercisable(grant, dt.datetime(1999, 10, 2, 3, 59, tzinfo=dt.UTC))
        assert not is_exercisable(grant, dt.datetime(1999, 10, 2, 4, 0, tzinfo=dt.UTC))

    def test_datetime_without_zone_is_refused(self) -> None:
        """A grant kept in calendar days takes dates, not datetimes."""
        instant = dt.datetime(1999, 10, 1, 12, tzinfo=dt.UTC)
        with pytest.raises(DateTypeError) as raised:
            window_status(AUXER_1999, instant)
        refused(raised, field="on", value=instant, rule=CALENDAR_DAYS)

    @pytest.mark.parametrize(
        "midnight",
        [dt.datetime(1999, 10, 1), pd.Timestamp("1999-10-01"), np.datetime64("1999-10-01")],
    )
    @pytest.mark.parametrize("time_zone", [None, "America/New_York"])
    def test_naive_midnight_is_the_day(self, midnight: Any, time_zone: str | None) -> None:
        """A naive midnight, as pandas and numpy hold dates, is asked as its calendar day."""
        grant = auxer(time_zone=time_zone)
        assert status_and_day(grant, midnight) == (WindowStatus.OPEN, dt.date(1999, 10, 1))
        assert is_exercisable(grant, midnight)
        assert exercise(grant, 1, midnight)[1].date == dt.date(1999, 10, 1)

    @pytest.mark.parametrize("time_zone", [None, "America/New_York"])
    @pytest.mark.parametrize("kind", ["NaT", "unequal by __eq__ alone"])
    def test_nat_is_no_day(self, time_zone: str | None, kind: str) -> None:
        """NaT, pandas' missing datetime, or any datetime unequal to itself by either
        comparison, is refused as a missing date, with or without a zone."""

        class NeverEqual(dt.datetime):
            def __eq__(self, other: object) -> bool:
                return False

            __hash__ = dt.datetime.__hash__

        missing: Any = pd.NaT if kind == "NaT" else NeverEqual(1999, 7, 1, 9)
        with pytest.raises(InvalidDateError) as raised:
            window_status(auxer(time_zone=time_zone), missing)
        refused(raised, field="on", value=missing, rule=MISSING_DATE)

    def test_instant_off_the_calendar(self) -> None:
        """An instant that falls off the calendar in the grant's zone is a clear error."""
        grant = auxer(time_zone="Asia/Tokyo")
        instant = dt.datetime(9999, 12, 31, 23, tzinfo=dt.UTC)
        with pytest.raises(InvalidDateError) as raised:
            window_status(grant, instant)
        refused(raised, field="on", value=instant, rule=OFF_THE_ZONE_CALENDAR)

    @pytest.mark.parametrize("given", [19991001, None, dt.time(12)])
    def test_non_dates(self, given: object) -> None:
        """Anything else is a type error."""
        with pytest.raises(DateTypeError) as raised:
            window_status(AUXER_1999, given)  # type: ignore[arg-type]
        refused(raised, field="on", value=given, rule=NOT_A_DATE)


class TestLaws:
    @given(option_grants(), st.dates(), st.dates())
    @example(AUXER_1999, dt.date(1999, 10, 1), dt.date(1999, 10, 2))
    @example(AUXER_1999, dt.date(1999, 6, 30), dt.date(1999, 7, 1))
    def test_status_only_moves_forward(
        self, grant: OptionGrant, day: dt.date, later: dt.date
    ) -> None:
        """As the date advances, status goes NOT_YET_OPEN -> OPEN -> EXPIRED, never back."""
        day, later = sorted((day, later))
        assert ORDER.index(window_status(grant, day)) <= ORDER.index(window_status(grant, later))

    @given(option_grants(), st.datetimes(timezones=st.just(dt.UTC)), st.timedeltas(dt.timedelta(0)))
    def test_status_only_moves_forward_in_time(
        self, grant: OptionGrant, instant: dt.datetime, step: dt.timedelta
    ) -> None:
        """The same law for instants, on grants with a clock."""
        if grant.time_zone is None:
            grant = auxer(time_zone="America/New_York", cutoff_time="17:00")
        try:
            earlier = window_status(grant, instant)
            later = window_status(grant, instant + step)
        except (InvalidDateError, OverflowError):
            return
        assert ORDER.index(earlier) <= ORDER.index(later)

    @given(option_grants())
    def test_open_exactly_between_the_bounds(self, grant: OptionGrant) -> None:
        """The bounds are inclusive, and the days just outside are not open."""
        first, last = grant.first_exercise_date, grant.last_exercise_date
        assert is_exercisable(grant, first)
        assert is_exercisable(grant, last)
        if first > dt.date.min:
            assert window_status(grant, first - dt.timedelta(days=1)) is WindowStatus.NOT_YET_OPEN
        if last < dt.date.max:
            assert window_status(grant, last + dt.timedelta(days=1)) is WindowStatus.EXPIRED

    @given(option_grants())
    def test_rolled_last_day_is_a_business_day(self, grant: OptionGrant) -> None:
        """A grant that rolls never ends its window on a weekend or a holiday."""
        last = grant.last_exercise_date
        if grant.business_day_roll is not BusinessDayRoll.NONE:
            assert last.weekday() < 5
            assert last not in grant.holidays


def test_cutoff_fold_is_dropped() -> None:
    """A repeated cutoff always means its first occurrence, so a fold on it is dropped."""
    folded = OptionGrant(
        "1999-07-01",
        1,
        "0.13",
        term="3 months",
        cutoff_time=dt.time(1, 30, fold=1),
        time_zone="America/New_York",
    )
    assert folded.cutoff_time is not None
    assert folded.cutoff_time.fold == 0


UTC = dt.UTC
GOOSE_BAY = zoneinfo.ZoneInfo("America/Goose_Bay")
# Zones whose clocks jump: a repeated hour and a skipped one (New York), a clock set back
# across midnight (Goose Bay, 1987-2010), half-hour jumps (Lord Howe), a skipped day (Apia).
JUMPY_ZONES = (
    NEW_YORK,
    GOOSE_BAY,
    zoneinfo.ZoneInfo("Australia/Lord_Howe"),
    zoneinfo.ZoneInfo("Pacific/Apia"),
    zoneinfo.ZoneInfo("Europe/London"),
    dt.timezone(-dt.timedelta(hours=3, minutes=30)),
)
EARLIEST, LATEST = dt.date(2, 1, 1), dt.date(9998, 12, 31)  # any zone's day stays in range


def new_york_cutoff(last_day: str, cutoff: str) -> OptionGrant:
    """A grant whose window closes at ``cutoff`` New York time on ``last_day``."""
    return OptionGrant(
        "2024-01-02",
        100,
        "1.00",
        expiration_date=last_day,
        cutoff_time=cutoff,
        time_zone="America/New_York",
    )


# The reported case: 01:30 on the day New York's clocks go back from 02:00 EDT to 01:00 EST.
FALL_BACK = new_york_cutoff("2024-11-03", "01:30")
# 02:30 on the day New York's clocks skip from 02:00 EST to 03:00 EDT.
SPRING_FORWARD = new_york_cutoff("2024-03-10", "02:30")


def utc(  # noqa: PLR0917  (the fields of a datetime, in order)
    year: int, month: int, day: int, hour: int, minute: int, second: int = 0, micro: int = 0
) -> dt.datetime:
    """An instant, given in UTC."""
    return dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=UTC)


def days_around(day: dt.date) -> st.SearchStrategy[dt.date]:
    """Days within two of ``day``, inside the years every zone can show."""
    low = max(day.toordinal() - 2, EARLIEST.toordinal())
    high = min(day.toordinal() + 2, LATEST.toordinal())
    return st.integers(low, high).map(dt.date.fromordinal)


@st.composite
def grants_and_instants(draw: st.DrawFn) -> tuple[OptionGrant, dt.datetime, dt.datetime]:
    """A grant with a cutoff in a zone whose clock jumps, and two aware instants near its
    first or last day, the first not after the second, each shown on any zone's clock (a
    repeated hour's second pass included)."""
    grant = draw(option_grants())
    grant = attrs.evolve(
        grant, time_zone=draw(st.sampled_from(JUMPY_ZONES)), cutoff_time=draw(st.times())
    )
    bound = draw(st.sampled_from([grant.first_exercise_date, grant.last_exercise_date]))
    earlier = dt.datetime.combine(draw(days_around(bound)), draw(st.times()), tzinfo=UTC)
    later = earlier + draw(st.timedeltas(dt.timedelta(0), dt.timedelta(days=2)))
    zones = st.sampled_from((UTC, *JUMPY_ZONES))
    return grant, earlier.astimezone(draw(zones)), later.astimezone(draw(zones))


class TestInstants:
    """The window is compared in instants: the cutoff wall time is resolved to one instant."""

    @pytest.mark.parametrize(
        ("grant", "instant", "status"),
        [
            # 01:30 EDT (the first 01:30) is 05:30 UTC; the second 01:30, in EST, is later.
            (FALL_BACK, utc(2024, 11, 3, 5, 30), WindowStatus.OPEN),
            (FALL_BACK, utc(2024, 11, 3, 5, 30, 0, 1), WindowStatus.EXPIRED),
            (FALL_BACK, utc(2024, 11, 3, 5, 45), WindowStatus.EXPIRED),
            (FALL_BACK, utc(2024, 11, 3, 6, 15), WindowStatus.EXPIRED),
            (FALL_BACK, dt.datetime(2024, 11, 3, 1, 15, fold=1, tzinfo=NEW_YORK), "EXPIRED"),
            (FALL_BACK, dt.datetime(2024, 11, 3, 1, 15, tzinfo=NEW_YORK), WindowStatus.OPEN),
            # 02:30 never shows: the cutoff is the first instant after the gap, 03:00 EDT.
            (SPRING_FORWARD, utc(2024, 3, 10, 6, 59, 59), WindowStatus.OPEN),
            (SPRING_FORWARD, utc(2024, 3, 10, 7, 0), WindowStatus.OPEN),
            (SPRING_FORWARD, utc(2024, 3, 10, 7, 0, 0, 1), WindowStatus.EXPIRED),
            (SPRING_FORWARD, utc(2024, 3, 10, 7, 30), WindowStatus.EXPIRED),
        ],
    )
    def test_cutoff_instant(
        self, grant: OptionGrant, instant: dt.datetime, status: WindowStatus
    ) -> None:
        """A repeated cutoff is its first occurrence; a skipped one, the end of the gap."""
        assert window_status(grant, instant) is WindowStatus(status)

    def test_no_exercise_after_a_repeated_cutoff(self) -> None:
        """The reported case: refused at 05:45 UTC, and still refused at 06:15 UTC."""
        for instant in (utc(2024, 11, 3, 5, 45), utc(2024, 11, 3, 6, 15)):
            with pytest.raises(ExerciseWindowError):
                exercise(FALL_BACK, 1, instant)

    @pytest.mark.parametrize(
        ("instant", "opening", "closing"),
        [
            (utc(2010, 11, 7, 2, 59, 59), WindowStatus.NOT_YET_OPEN, WindowStatus.OPEN),
            # 00:00:30 on 7 November, in ADT: the first day has begun, the last has ended.
            (utc(2010, 11, 7, 3, 0, 30), WindowStatus.OPEN, WindowStatus.EXPIRED),
            # One minute later the clock reads 23:01:30 on 6 November again, in AST.
            (utc(2010, 11, 7, 3, 1, 30), WindowStatus.OPEN, WindowStatus.EXPIRED),
        ],
    )
    def test_clock_set_back_across_midnight(
        self, instant: dt.datetime, opening: WindowStatus, closing: WindowStatus
    ) -> None:
        """Goose Bay went from 00:01 ADT back to 23:01 AST: the new day, once begun, stays."""
        opens = OptionGrant("2010-11-07", 1, "1", term="1 month", time_zone=GOOSE_BAY)
        closes = OptionGrant(
            "2010-10-07", 1, "1", expiration_date="2010-11-06", time_zone=GOOSE_BAY
        )
        assert window_status(opens, instant) is opening
        assert window_status(closes, instant) is closing

    def test_exercised_on_the_day_begun(self) -> None:
        """The record keeps the day that has begun, not the day the clock shows again."""
        grant = OptionGrant("2010-11-07", 1, "1", term="1 month", time_zone=GOOSE_BAY)
        _, record = exercise(grant, 1, utc(2010, 11, 7, 3, 1, 30))
        assert record.date == dt.date(2010, 11, 7)

    def test_last_day_of_the_calendar(self) -> None:
        """A cutoff whose instant is past 9999-12-31 in UTC is still compared exactly."""
        grant = OptionGrant(
            "9999-12-01",
            1,
            "1",
            expiration_date="9999-12-31",
            cutoff_time="23:00",
            time_zone=NEW_YORK,
        )
        assert window_status(grant, dt.datetime(9999, 12, 31, 23, tzinfo=NEW_YORK)) == "OPEN"
        late = dt.datetime(9999, 12, 31, 23, 0, 1, tzinfo=NEW_YORK)
        assert window_status(grant, late) is WindowStatus.EXPIRED

    @given(grants_and_instants())
    @example((FALL_BACK, utc(2024, 11, 3, 5, 45), utc(2024, 11, 3, 6, 15)))
    @example(
        (
            FALL_BACK,
            dt.datetime(2024, 11, 3, 1, 45, tzinfo=NEW_YORK),
            dt.datetime(2024, 11, 3, 1, 15, fold=1, tzinfo=NEW_YORK),
        )
    )
    @example((SPRING_FORWARD, utc(2024, 3, 10, 6, 59), utc(2024, 3, 10, 7, 15)))
    @example(
        (
            OptionGrant("2010-11-07", 1, "1", term="1 month", time_zone=GOOSE_BAY),
            utc(2010, 11, 7, 3, 0, 30),
            utc(2010, 11, 7, 3, 1, 30),
        )
    )
    def test_status_never_goes_back(
        self, case: tuple[OptionGrant, dt.datetime, dt.datetime]
    ) -> None:
        """For instants a <= b, status(a) <= status(b) and day(a) <= day(b), whatever the
        clocks of the grant and of the instants do."""
        grant, earlier, later = case
        earlier_status, earlier_day = status_and_day(grant, earlier)
        later_status, later_day = status_and_day(grant, later)
        assert ORDER.index(earlier_status) <= ORDER.index(later_status)
        assert earlier_day <= later_day

    @given(
        st.sampled_from(JUMPY_ZONES),
        st.datetimes(dt.datetime(1850, 1, 1), dt.datetime(2100, 12, 31)),
    )
    @example(NEW_YORK, dt.datetime(2024, 11, 3, 1, 30))
    @example(NEW_YORK, dt.datetime(2024, 3, 10, 2, 30))
    @example(zoneinfo.ZoneInfo("Pacific/Apia"), dt.datetime(2011, 12, 30, 12))
    def test_wall_instant_is_the_first_that_reads_it(
        self, zone: dt.tzinfo, wall: dt.datetime
    ) -> None:
        """The clock reads ``wall`` or later at the resolved instant, and earlier before it."""
        epoch = dt.datetime(1970, 1, 1, tzinfo=UTC)
        instant = epoch + wall_instant(wall, zone)
        assert instant.astimezone(zone).replace(tzinfo=None) >= wall
        before = instant - dt.timedelta(microseconds=1)
        assert before.astimezone(zone).replace(tzinfo=None) < wall


class MutableOffset(dt.tzinfo):
    """A tzinfo whose offset can be changed after a grant is built with it."""

    __hash__ = None  # type: ignore[assignment]  # mutable, so unhashable

    def __init__(self, hours: int) -> None:
        self.hours = hours

    def utcoffset(self, _moment: dt.datetime | None) -> dt.timedelta:
        return dt.timedelta(hours=self.hours)

    def dst(self, _moment: dt.datetime | None) -> dt.timedelta:
        return dt.timedelta(0)

    def tzname(self, _moment: dt.datetime | None) -> str:
        return f"UTC{self.hours:+}"


class ZoneSubclass(zoneinfo.ZoneInfo):
    """A ZoneInfo subclass, which the grant keeps as the plain ZoneInfo of its key."""


class TestTimeZones:
    """Only zones that are immutable, hashable and named alike everywhere are kept."""

    @pytest.mark.parametrize(
        ("given", "kept"),
        [
            ("America/New_York", NEW_YORK),
            (NEW_YORK, NEW_YORK),
            (zoneinfo.ZoneInfo.no_cache("America/New_York"), NEW_YORK),
            (ZoneSubclass.no_cache("America/New_York"), NEW_YORK),
            # Older link names are IANA names too, shipped with every copy of the data.
            ("US/Eastern", zoneinfo.ZoneInfo("US/Eastern")),
            ("UTC", zoneinfo.ZoneInfo("UTC")),
            (dt.UTC, dt.UTC),
            (dt.timezone(dt.timedelta(hours=5, minutes=30)), dt.timezone(dt.timedelta(hours=5.5))),
        ],
        ids=["key", "zone", "uncached", "subclass", "link", "UTC-key", "UTC", "offset"],
    )
    def test_kept(self, given: object, kept: dt.tzinfo) -> None:
        """A ZoneInfo is kept as the shared instance of its key, so equal grants are equal."""
        grant = auxer(time_zone=given)
        assert grant.time_zone == kept
        assert type(grant.time_zone) is type(kept)
        assert grant == auxer(time_zone=kept)
        assert hash(grant) == hash(auxer(time_zone=kept))

    @pytest.mark.parametrize(
        "given",
        [
            tz.gettz("America/New_York"),
            tz.tzoffset(None, 3600),
            tz.UTC,
            tz.tzlocal(),
            MutableOffset(-5),
        ],
        ids=["dateutil-file", "dateutil-offset", "dateutil-UTC", "dateutil-local", "mutable"],
    )
    def test_other_tzinfo_refused(self, given: dt.tzinfo) -> None:
        """dateutil zones and custom tzinfo objects can change or cannot be named: refused."""
        with pytest.raises(OptionTypeError) as raised:
            auxer(time_zone=given, cutoff_time="17:00")
        refused(raised, field="time_zone", value=given, rule=TIME_ZONE_KINDS)

    def test_mutated_zone_cannot_reopen(self) -> None:
        """The reported case: a zone changed after construction cannot move the window."""
        zone = MutableOffset(-5)
        with pytest.raises(OptionTypeError) as raised:
            auxer(time_zone=zone, cutoff_time="17:00")
        refused(raised, field="time_zone", value=zone, rule=TIME_ZONE_KINDS)

    @pytest.mark.parametrize(
        "key", ["localtime", "posixrules", "Factory", "posix/America/New_York", "right/UTC"]
    )
    def test_host_keys_refused(self, key: str) -> None:
        """Names of this machine's zone files, not IANA zones, are refused."""
        with pytest.raises(InvalidTimeZoneError) as raised:
            auxer(time_zone=key)
        refused(raised, field="time_zone", value=key, rule=HOST_ZONE)

    @pytest.mark.parametrize(
        "key",
        ["america/new_york", "America/New_York\x00", "/usr/share/zoneinfo/UTC", "A" * 1_000_000],
        ids=lambda key: key[:20],
    )
    def test_keys_that_are_not_iana_names(self, key: str) -> None:
        """Lower-case spellings (found only on case-blind disks), paths and junk are refused."""
        with pytest.raises(InvalidTimeZoneError) as raised:
            auxer(time_zone=key)
        refused(raised, field="time_zone", value=key, rule=UNKNOWN_ZONE)

    def test_zone_read_from_a_file(self) -> None:
        """A ZoneInfo read from a file has no key to be named by: refused."""
        with pytest.raises(InvalidTimeZoneError) as raised:
            auxer(time_zone=_zone_from_a_file())
        refused(raised, field="time_zone", rule=KEYLESS_ZONE)


def test_an_expiry_reading_by_name_reads_alike() -> None:
    """The remembered expiration is keyed by equality, and the name equals the member."""
    day, term = dt.date(2031, 5, 17), Term(months=5)
    by_name = expiration_from_term(day, term, "LESS_ONE_DAY")
    assert by_name == expiration_from_term(day, term, ExpiryReading.LESS_ONE_DAY)
    assert by_name == dt.date(2031, 10, 16)


#: Every rule a cutoff given as text can be refused by, bar the clock's ranges.
CUTOFF_RULES = {NOT_A_TIME_OF_DAY, MIDNIGHT, FINER_THAN_A_MICROSECOND, AWARE_CUTOFF}
MERIDIEMS = ("am", "pm", "AM", "PM", "a.m.", "p.m.", "A.M.", "P.M.", "a.m", "pm.")


def found_in_prose(text: str) -> bool:
    """Whether :data:`TIME_OF_DAY`, the finder for prose, takes ``text`` whole."""
    return re.fullmatch(TIME_OF_DAY, text, re.IGNORECASE | re.ASCII) is not None


@st.composite
def twelve_hour(draw: st.DrawFn, time: dt.time) -> str:
    """``time`` on a 12-hour clock, as people write it: "5pm", "5 PM", "5:00 p.m."."""
    hour = time.hour % 12 or 12
    meridiem = draw(st.sampled_from(MERIDIEMS[0::2] if time.hour < 12 else MERIDIEMS[1::2]))
    space = draw(st.sampled_from(("", " ")))
    if time.minute == time.second == time.microsecond == 0 and draw(st.booleans()):
        return f"{hour}{space}{meridiem}"
    clock = f"{hour}:{time.minute:02}"
    if time.second or time.microsecond:
        clock += f":{time.second:02}" + (f".{time.microsecond:06}" if time.microsecond else "")
    return f"{clock}{space}{meridiem}"


class TestCutoffText:
    """A cutoff is read as people write a time of day, and always becomes a datetime.time."""

    @pytest.mark.parametrize(
        ("text", "time"),
        [
            ("5:00 p.m.", dt.time(17)),
            ("5pm", dt.time(17)),
            ("5 PM", dt.time(17)),
            ("5:00pm", dt.time(17)),
            ("5:00 P.M.", dt.time(17)),
            ("5:00\u202fPM", dt.time(17)),  # as Unicode's locale data writes it
            ("5\u00a0pm", dt.time(17)),
            ("5:30 p.m.", dt.time(17, 30)),
            ("17:00", dt.time(17)),
            ("17:00:00", dt.time(17)),
            ("9:00", dt.time(9)),
            ("09:00", dt.time(9)),
            ("17:00:00.250000", dt.time(17, 0, 0, 250_000)),
            ("17:00:00.5", dt.time(17, 0, 0, 500_000)),
            ("noon", dt.time(12)),
            ("12 noon", dt.time(12)),
            ("12:00 Noon", dt.time(12)),
            ("12 p.m.", dt.time(12)),
            ("12:30 a.m.", dt.time(0, 30)),
            ("11:59 pm", dt.time(23, 59)),
            ("00:00", dt.time(0)),
            ("23:59:59", dt.time(23, 59, 59)),
            ("12:00:00 noon", dt.time(12)),
            ("17:00:00.0000000", dt.time(17)),  # zeros past the sixth decimal are exact
            (" 17:00", dt.time(17)),  # space around a time says nothing
            ("17:00 ", dt.time(17)),
            ("\t5pm\n", dt.time(17)),
        ],
    )
    def test_as_people_write_it(self, text: str, time: dt.time) -> None:
        """24-hour and 12-hour clocks, with or without dots, spaces around and seconds."""
        assert coerce_cutoff_time(text) == time
        assert auxer(cutoff_time=text, time_zone="America/New_York").cutoff_time == time

    @pytest.mark.parametrize(
        ("text", "rule"),
        [
            (
                "13 pm",
                OUT_OF_THE_CLOCK.format(part="hour with a.m. or p.m.", first=1, last=12, number=13),
            ),
            (
                "0 am",
                OUT_OF_THE_CLOCK.format(part="hour with a.m. or p.m.", first=1, last=12, number=0),
            ),
            ("25:00", OUT_OF_THE_CLOCK.format(part="hour", first=0, last=23, number=25)),
            ("24:00:01", OUT_OF_THE_CLOCK.format(part="hour", first=0, last=23, number=24)),
            ("5:60", OUT_OF_THE_CLOCK.format(part="minute", first=0, last=59, number=60)),
            ("5:00:60", OUT_OF_THE_CLOCK.format(part="second", first=0, last=59, number=60)),
            ("5:75 pm", OUT_OF_THE_CLOCK.format(part="minute", first=0, last=59, number=75)),
            ("midnight", MIDNIGHT),
            ("12 midnight", MIDNIGHT),
            ("12 am", MIDNIGHT),
            ("12:00 a.m.", MIDNIGHT),
            ("12:00:00.000 AM", MIDNIGHT),
            ("24:00", MIDNIGHT),
            ("24:00:00.0", MIDNIGHT),
            ("17:00Z", AWARE_CUTOFF),
            ("17:00+05:00", AWARE_CUTOFF),
            ("17:00:00.1234567", FINER_THAN_A_MICROSECOND),
            ("5", NOT_A_TIME_OF_DAY),  # a bare hour: 5 a.m. or 5 p.m.?
            ("17", NOT_A_TIME_OF_DAY),
            ("1700", NOT_A_TIME_OF_DAY),
            ("17.5", NOT_A_TIME_OF_DAY),  # not read as fromisoformat reads it, 17:00:00.5
            ("5 noon", NOT_A_TIME_OF_DAY),
            ("12:30 noon", NOT_A_TIME_OF_DAY),
            ("12:00:00 midnight", MIDNIGHT),
            ("12:00:01 noon", NOT_A_TIME_OF_DAY),
            ("pm", NOT_A_TIME_OF_DAY),
            ("5  pm", NOT_A_TIME_OF_DAY),
            ("5:00 p.m. EST", NOT_A_TIME_OF_DAY),
            ("\uff11\uff17:00", NOT_A_TIME_OF_DAY),  # full-width digits
            ("", NOT_A_TIME_OF_DAY),
        ],
    )
    def test_refused(self, text: str, rule: str) -> None:
        """Times off the clock, midnight, zones and anything else, each by its rule."""
        with pytest.raises(InvalidTimeZoneError) as raised:
            auxer(cutoff_time=text, time_zone="UTC")
        refused(raised, field="cutoff_time", value=text, rule=rule)

    @given(st.times())
    @example(dt.time(0))
    @example(dt.time(12))
    @example(dt.time(23, 59, 59, 999_999))
    def test_written_on_a_24_hour_clock(self, time: dt.time) -> None:
        """Any time of day written as isoformat() writes it, or as H:MM, reads back equal."""
        assert coerce_cutoff_time(time.isoformat()) == time
        assert found_in_prose(time.isoformat())
        if time.second == time.microsecond == 0:
            assert coerce_cutoff_time(f"{time.hour}:{time.minute:02}") == time

    @given(st.data(), st.times())
    @example(None, dt.time(0))
    @example(None, dt.time(12))
    def test_written_on_a_12_hour_clock(self, data: st.DataObject | None, time: dt.time) -> None:
        """Any time written on a 12-hour clock reads back equal; 12 a.m. is refused as midnight."""
        text = (
            data.draw(twelve_hour(time))
            if data is not None
            else ("12 a.m." if time.hour == 0 else "12 p.m.")
        )
        if time == dt.time(0):
            with pytest.raises(InvalidTimeZoneError) as raised:
                coerce_cutoff_time(text)
            refused(raised, field="cutoff_time", value=text, rule=MIDNIGHT)
        else:
            assert coerce_cutoff_time(text) == time
        assert found_in_prose(text)

    @pytest.mark.parametrize(
        "text",
        ["5pm", "5 PM", "5:00 p.m.", "5 p.m", "5:00\u202fPM", "noon", "12 noon", "12:00 noon"],
    )
    def test_found_in_prose(self, text: str) -> None:
        """The prose finder finds each form the reader reads, whole, and in a sentence."""
        assert found_in_prose(text)
        sentence = re.search(TIME_OF_DAY, f"until {text} Eastern Time", re.IGNORECASE | re.ASCII)
        assert sentence is not None
        assert sentence[0] == text

    @pytest.mark.parametrize("text", ["5 amendments", "17 May", "noonday", "5", "5:6"])
    def test_not_found_in_prose(self, text: str) -> None:
        """Words that start like a time of day, and a bare number, are not one."""
        assert re.match(TIME_OF_DAY, text, re.IGNORECASE | re.ASCII) is None

    @given(
        st.text()
        | st.from_regex(r"[0-9]{1,3}(:[0-9]{1,3}){0,2}(\.[0-9]{0,8})? ?([apAP]\.?[mM]\.?)?")
        | st.from_regex(r"([0-9]{1,2}(:[0-9]{2})? ?)?([nN]oon|[mM]idnight|Z|[+-][0-9:]{1,6})")
    )
    def test_only_documented_errors(self, text: str) -> None:
        """Any text is a time of day or refused by one of the cutoff's rules, nothing else."""
        try:
            time = coerce_cutoff_time(text)
        except InvalidTimeZoneError as error:
            assert error.field == "cutoff_time"
            if error.rule not in CUTOFF_RULES:
                assert set(filled(OUT_OF_THE_CLOCK, error.rule)) == {
                    "part",
                    "first",
                    "last",
                    "number",
                }
        else:
            assert isinstance(time, dt.time)
            assert time.tzinfo is None


#: The zone abbreviations refused, and whether each is an IANA key.
ABBREVIATIONS = {
    **dict.fromkeys(
        [
            "EST",
            "MST",
            "HST",
            "EST5EDT",
            "CST6CDT",
            "MST7MDT",
            "PST8PDT",
            "CET",
            "MET",
            "EET",
            "WET",
        ],
        True,
    ),
    **dict.fromkeys(
        ["EDT", "CST", "CDT", "MDT", "PST", "PDT", "AKST", "AKDT", "CEST", "EEST", "WEST"], False
    ),
}


class TestZoneAbbreviations:
    """A zone named by an abbreviation misleads: refused, naming the place's key instead."""

    @pytest.mark.parametrize("key", ABBREVIATIONS)
    def test_refused(self, key: str) -> None:
        """Given as text, or as the ZoneInfo of an IANA key, an abbreviation is refused."""
        rule = abbreviated_zone(key)
        assert rule is not None
        with pytest.raises(InvalidTimeZoneError) as raised:
            auxer(time_zone=key)
        refused(raised, field="time_zone", value=key, rule=rule)
        if ABBREVIATIONS[key]:
            zone = zoneinfo.ZoneInfo(key)
            with pytest.raises(InvalidTimeZoneError) as raised:
                auxer(time_zone=zone)
            refused(raised, field="time_zone", value=zone, rule=rule)

    @pytest.mark.parametrize(("key", "abbreviation"), [("est", "EST"), ("Pst", "PST")])
    def test_in_any_case(self, key: str, abbreviation: str) -> None:
        """An abbreviation in lower case is no IANA key either: refused with the same rule."""
        with pytest.raises(InvalidTimeZoneError) as raised:
            auxer(time_zone=key)
        rule = abbreviated_zone(abbreviation)
        assert rule is not None
        refused(raised, field="time_zone", value=key, rule=rule)

    @pytest.mark.parametrize("key", ABBREVIATIONS)
    def test_the_keys_named_instead_are_kept(self, key: str) -> None:
        """Every key a refusal names is a zone the grant keeps."""
        rule = abbreviated_zone(key)
        assert rule is not None
        assert rule.startswith(ABBREVIATED_ZONE.split("{")[0])
        keys = re.findall(r'"([^"]+)"', rule.split("such as ", 1)[1])
        assert keys
        for named in keys:
            assert auxer(time_zone=named).time_zone == zoneinfo.ZoneInfo(named)

    @pytest.mark.parametrize(
        "zone",
        [
            "UTC",
            "GMT",
            "Etc/GMT+5",
            "America/Panama",
            "US/Eastern",
            dt.timezone(dt.timedelta(hours=-5)),
            dt.timezone(dt.timedelta(hours=-5), "EST"),
        ],
        ids=str,
    )
    def test_fixed_offsets_written_as_such(self, zone: str | dt.tzinfo) -> None:
        """A fixed offset chosen as one (UTC, Etc/GMT+5, a datetime.timezone) is kept."""
        assert auxer(time_zone=zone).time_zone is not None

    def test_the_reported_case(self) -> None:
        """5:00 p.m. "EST" would be open at 5:30 p.m. in New York in July; New York's is not."""
        july = dt.datetime(1999, 7, 30, 17, 30, tzinfo=NEW_YORK)
        grant = OptionGrant("1999-07-01", 1, "0.13", expiration_date="1999-07-30")
        new_york = attrs.evolve(grant, cutoff_time="5:00 p.m.", time_zone="America/New_York")
        assert window_status(new_york, july) is WindowStatus.EXPIRED
        fixed = attrs.evolve(grant, cutoff_time="5:00 p.m.", time_zone="America/Panama")
        assert window_status(fixed, july) is WindowStatus.OPEN  # 17:30 EDT is 16:30 UTC-5
