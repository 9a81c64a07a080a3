"""The exercise window: conventions, bounds and status (``_window``)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option import (
    AUXER_1999,
    BusinessDayRoll,
    ExpiryReading,
    OptionGrant,
    WindowStatus,
    is_exercisable,
    window_status,
)
from auxer_option.exceptions import (
    DateTypeError,
    InconsistentGrantError,
    InvalidChoiceError,
    InvalidDateError,
    InvalidTimeZoneError,
    NaiveDatetimeError,
    OptionTypeError,
)

from .messages import NOT_A_DATETIME
from .strategies import option_grants

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
ORDER = list(WindowStatus)


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
        ("field", "value", "error", "message"),
        [
            (
                "expiry_reading",
                "LESS_A_DAY",
                InvalidChoiceError,
                "expiry_reading='LESS_A_DAY': must be one of CORRESPONDING_DATE, LESS_ONE_DAY",
            ),
            (
                "business_day_roll",
                "NEXT",
                InvalidChoiceError,
                (
                    "business_day_roll='NEXT': must be one of NONE, FOLLOWING, PRECEDING, "
                    "MODIFIED_FOLLOWING"
                ),
            ),
            (
                "expiry_day_included",
                1,
                OptionTypeError,
                "expiry_day_included=1: must be True or False",
            ),
            (
                "expiry_day_included",
                "no",
                OptionTypeError,
                "expiry_day_included='no': must be True or False",
            ),
            (
                "holidays",
                "1999-10-01",
                OptionTypeError,
                "holidays='1999-10-01': must be a collection of datetime.date",
            ),
            (
                "holidays",
                5,
                OptionTypeError,
                "holidays=5: must be a collection of datetime.date",
            ),
            (
                "holidays",
                [dt.datetime(1999, 10, 1)],
                DateTypeError,
                f"holidays=datetime.datetime(1999, 10, 1, 0, 0): {NOT_A_DATETIME}",
            ),
            (
                "time_zone",
                5,
                OptionTypeError,
                'time_zone=5: must be a tzinfo or an IANA key such as "America/New_York"',
            ),
            (
                "time_zone",
                "Mars/Olympus_Mons",
                InvalidTimeZoneError,
                (
                    "time_zone='Mars/Olympus_Mons': must be an IANA time zone such as "
                    '"America/New_York"'
                ),
            ),
            (
                "time_zone",
                "../etc/passwd",
                InvalidTimeZoneError,
                (
                    "time_zone='../etc/passwd': must be an IANA time zone such as "
                    '"America/New_York"'
                ),
            ),
            (
                "time_zone",
                "",
                InvalidTimeZoneError,
                "time_zone='': must be an IANA time zone such as \"America/New_York\"",
            ),
            (
                "cutoff_time",
                "5pm",
                InvalidTimeZoneError,
                "cutoff_time='5pm': must be a time of day such as \"17:00\"",
            ),
            (
                "cutoff_time",
                17,
                OptionTypeError,
                "cutoff_time=17: must be a datetime.time such as time(17, 0)",
            ),
            (
                "cutoff_time",
                dt.time(17, tzinfo=dt.UTC),
                InvalidTimeZoneError,
                (
                    "cutoff_time=datetime.time(17, 0, tzinfo=datetime.timezone.utc): must be a "
                    "naive time; give the zone as time_zone"
                ),
            ),
        ],
    )
    def test_bad_conventions(
        self, field: str, value: object, error: type[Exception], message: str
    ) -> None:
        """Each convention refuses what it cannot mean, naming the field, word for word."""
        extra = {"time_zone": "UTC"} if field == "cutoff_time" else {}
        with pytest.raises(error) as raised:
            auxer(**{field: value, **extra})
        assert str(raised.value) == message

    def test_cutoff_needs_a_zone(self) -> None:
        """A cutoff time without a time zone has no clock to read."""
        with pytest.raises(InconsistentGrantError, match="needs a time_zone"):
            auxer(cutoff_time=dt.time(17))

    def test_reading_needs_a_term(self) -> None:
        """With only an expiration date, there is no term to read one way or the other."""
        with pytest.raises(InconsistentGrantError, match="applies to a term"):
            OptionGrant(
                "1999-07-01",
                1,
                "0.13",
                expiration_date="1999-10-01",
                expiry_reading="LESS_ONE_DAY",
            )


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
        assert str(raised.value) == (
            "expiration_date=datetime.date(1, 1, 1): -1 day falls outside 0001-01-01 to 9999-12-31"
        )

    @pytest.mark.parametrize(
        ("on", "error", "message"),
        [
            (
                "soon",
                InvalidDateError,
                "on='soon': must be an ISO 8601 date such as \"1999-07-01\"",
            ),
            (5, DateTypeError, "on=5: must be a datetime.date or a string such as '1999-07-01'"),
        ],
    )
    def test_bad_days(self, on: object, error: type[Exception], message: str) -> None:
        for check in (window_status, is_exercisable):
            with pytest.raises(error) as raised:
                check(AUXER_1999, on)  # type: ignore[arg-type]
            assert str(raised.value) == message

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
        with pytest.raises(InconsistentGrantError, match="window would be empty"):
            OptionGrant("2000-04-01", 1, "1", term="0 days", business_day_roll="PRECEDING")

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
        assert str(raised.value) == (
            "last_exercise_date=datetime.date(9999, 12, 31): "
            "+1 day falls outside 0001-01-01 to 9999-12-31"
        )
        with pytest.raises(InvalidDateError) as raised:
            OptionGrant(
                "0001-01-01", 1, "1", expiration_date="0001-01-01", expiry_day_included=False
            )
        assert str(raised.value) == (
            "expiration_date=datetime.date(1, 1, 1): -1 day falls outside 0001-01-01 to 9999-12-31"
        )

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
        with pytest.raises(NaiveDatetimeError) as raised:
            window_status(grant, dt.datetime(1999, 10, 1, 16, 0))
        assert isinstance(raised.value, TypeError)
        assert str(raised.value) == (
            "on=datetime.datetime(1999, 10, 1, 16, 0): this grant's window is kept in "
            "America/New_York; pass an aware datetime"
        )

    def test_zone_without_cutoff(self) -> None:
        """With a zone but no cutoff, the last day runs to local midnight."""
        grant = auxer(time_zone="America/New_York")
        assert is_exercisable(grant, dt.datetime(1999, 10, 2, 3, 59, tzinfo=dt.UTC))
        assert not is_exercisable(grant, dt.datetime(1999, 10, 2, 4, 0, tzinfo=dt.UTC))

    def test_datetime_without_zone_is_refused(self) -> None:
        """A grant kept in calendar days takes dates, not datetimes."""
        with pytest.raises(DateTypeError) as raised:
            window_status(AUXER_1999, dt.datetime(1999, 10, 1, 12, tzinfo=dt.UTC))
        assert str(raised.value) == (
            "on=datetime.datetime(1999, 10, 1, 12, 0, tzinfo=datetime.timezone.utc): this "
            "grant's window is in calendar days (it has no time_zone); pass a date"
        )

    def test_instant_off_the_calendar(self) -> None:
        """An instant that falls off the calendar in the grant's zone is a clear error."""
        grant = auxer(time_zone="Asia/Tokyo")
        with pytest.raises(InvalidDateError) as raised:
            window_status(grant, dt.datetime(9999, 12, 31, 23, tzinfo=dt.UTC))
        assert str(raised.value) == (
            "on=datetime.datetime(9999, 12, 31, 23, 0, tzinfo=datetime.timezone.utc): "
            "falls outside the calendar in the grant's zone"
        )

    @pytest.mark.parametrize("refused", [19991001, None, dt.time(12)])
    def test_non_dates(self, refused: object) -> None:
        """Anything else is a type error."""
        with pytest.raises(DateTypeError):
            window_status(AUXER_1999, refused)  # type: ignore[arg-type]


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
    """A cutoff is compared as wall-clock time, which ignores fold; equal grants print alike."""
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
