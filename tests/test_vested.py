"""Vested, unvested and exercisable shares; the vesting table; acceleration (``_vested``)."""

from __future__ import annotations

import datetime as dt
import decimal
import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option import (
    AUXER_1999,
    Acceleration,
    OptionGrant,
    Termination,
    VestingRow,
    VestingSchedule,
    _vested,
    accelerate,
    adjust_for_split,
    exercisable_shares,
    exercise,
    net_exercise,
    sell_to_cover,
    terminate,
    unvested_shares,
    vested_shares,
    vesting_table,
)
from auxer_option._choices import NOT_A_FLAG
from auxer_option._exercise import MORE_THAN_VESTED as CAN_BE_EXERCISED
from auxer_option._grant import (
    AFTER_TERMINATION,
    BEFORE_PREVIOUS,
    GRANT_KEYWORDS,
    MORE_THAN_UNVESTED,
    NOT_A_RECORD,
    NOT_A_SCHEDULE,
    as_of,
)
from auxer_option._grant import (
    as_of as _grant_as_of,
)
from auxer_option._history import MORE_THAN_VESTED as COULD_BE_EXERCISED
from auxer_option._money import MUST_BE_POSITIVE, NOT_WHOLE_SHARES
from auxer_option._terms import NOT_A_CALENDAR_DATE
from auxer_option._vested import (
    AFTER_THE_TERMINATION,
    ALREADY_TERMINATED,
    BEFORE_LATEST_ACCELERATION,
    BEFORE_LATEST_EVENT,
    NOT_ENOUGH_UNVESTED,
)
from auxer_option._vesting import TRANCHES_ADD_UP
from auxer_option._window import CALENDAR_DAYS
from auxer_option.exceptions import (
    DateTypeError,
    InsufficientSharesError,
    InvalidDateError,
    InvalidShareCountError,
    InvalidVestingError,
    OptionError,
    OptionTypeError,
    ShareCountTypeError,
    TerminationError,
    UnvestedSharesError,
)

from .grants import FOUR_YEARS, FRACTIONAL_18, SPLIT_AFTER_LEAVING, four_year_grant
from .messages import message, refused
from .strategies import (
    anything,
    exercised_grants,
    grants_with_later_history,
    split_ratios,
    vesting_grants,
)


class TestMessages:
    """Each rule of this module, word for word, once: other tests check which rule it is."""

    @pytest.mark.parametrize(
        ("call", "rule", "expected"),
        [
            pytest.param(
                lambda: accelerate(accelerate(FOUR_YEARS, "2025-06-15", 1), "2025-06-14", 1),
                BEFORE_LATEST_ACCELERATION.format(latest="2025-06-15"),
                "on='2025-06-14': must not be before 2025-06-15, the grant's latest "
                "acceleration or grant date",
                id="BEFORE_LATEST_ACCELERATION",
            ),
            pytest.param(
                lambda: accelerate(
                    terminate(FOUR_YEARS, "2025-01-01", "VOLUNTARY_OTHER"), "2025-02-01", 10
                ),
                AFTER_THE_TERMINATION.format(termination="2025-01-01"),
                "on='2025-02-01': must not be after the termination, on 2025-01-01",
                id="AFTER_THE_TERMINATION",
            ),
            pytest.param(
                lambda: accelerate(FOUR_YEARS, "2025-06-15", 36_001),
                NOT_ENOUGH_UNVESTED.format(unvested=32_000, day="2025-06-15"),
                "shares=36001: only 32000 shares are unvested on 2025-06-15",
                id="NOT_ENOUGH_UNVESTED",
            ),
            pytest.param(
                lambda: terminate(
                    terminate(FOUR_YEARS, "2025-06-15", "VOLUNTARY_OTHER"),
                    "2025-07-01",
                    "VOLUNTARY_OTHER",
                ),
                ALREADY_TERMINATED.format(termination="2025-06-15"),
                "on='2025-07-01': the grant was already terminated on 2025-06-15",
                id="ALREADY_TERMINATED",
            ),
            pytest.param(
                lambda: terminate(
                    exercise(FOUR_YEARS, 1, "2025-06-15")[0], "2025-06-14", "VOLUNTARY_OTHER"
                ),
                BEFORE_LATEST_EVENT.format(latest="2025-06-15"),
                "on='2025-06-14': must not be before the grant's latest event, on 2025-06-15",
                id="BEFORE_LATEST_EVENT",
            ),
        ],
    )
    def test_message(self, call: Callable[[], object], rule: str, expected: str) -> None:
        """The message names the field and the value, then the rule in these words."""
        assert message(call, rule) == expected


class TestDoneWhen:
    @pytest.mark.parametrize(
        ("on", "vested"),
        [
            ("2024-01-31", 0),
            ("2025-01-30", 0),
            ("2025-01-31", 12_000),
            ("2025-02-27", 12_000),
            ("2025-02-28", 13_000),
            ("2026-01-31", 24_000),
            ("2028-01-30", 47_000),
            ("2028-01-31", 48_000),
            ("2033-01-31", 48_000),
        ],
    )
    def test_four_year_cliff(self, on: str, vested: int) -> None:
        """0 the day before the cliff, 12,000 on it, 1,000 a month, 48,000 after four years."""
        assert vested_shares(FOUR_YEARS, on) == vested
        assert unvested_shares(FOUR_YEARS, on) == 48_000 - vested
        assert exercisable_shares(FOUR_YEARS, on) == vested

    def test_auxer_vests_at_once(self) -> None:
        """The Auxer grant names no vesting: everything is vested from the grant date."""
        assert vested_shares(AUXER_1999, "1999-07-01") == 1_000_000
        assert vested_shares(AUXER_1999, "1999-06-30") == 0
        assert vesting_table(AUXER_1999) == (VestingRow(dt.date(1999, 7, 1), 1_000_000, 1_000_000),)


class TestExercisable:
    def test_only_vested_shares(self) -> None:
        """Exercising more than has vested is refused; vested − exercised is what is left."""
        with pytest.raises(UnvestedSharesError) as raised:
            exercise(FOUR_YEARS, 1, "2024-06-01")
        rule = CAN_BE_EXERCISED.format(available=0, day=dt.date(2024, 6, 1))
        refused(raised, field="shares", value=1, rule=rule)
        grant, _ = exercise(FOUR_YEARS, 10_000, "2025-01-31")
        assert exercisable_shares(grant, "2025-01-31") == 2_000
        assert exercisable_shares(grant, "2025-02-28") == 3_000
        with pytest.raises(UnvestedSharesError) as raised:
            exercise(grant, 3_001, "2025-02-28")
        rule = CAN_BE_EXERCISED.format(available=3_000, day=dt.date(2025, 2, 28))
        refused(raised, field="shares", value=3_001, rule=rule)

    def test_splits_compound(self) -> None:
        """After 2:1 then 3:1, each granted share is 6: 1 of 4 vested leaves 6 of 24."""
        vesting = VestingSchedule.graded("2020-01-01", months=48, every=12)
        grant = OptionGrant("2020-01-01", 4, "12", term="10 years", vesting=vesting)
        grant = adjust_for_split(grant, "2:1", on="2021-02-01")
        grant = adjust_for_split(grant, "3:1", on="2021-02-02")
        assert exercisable_shares(grant, "2021-03-01") == 6
        with pytest.raises(UnvestedSharesError) as raised:
            exercise(grant, 7, "2021-03-01")
        rule = CAN_BE_EXERCISED.format(available=6, day=dt.date(2021, 3, 1))
        refused(raised, field="shares", value=7, rule=rule)

    def test_every_way_of_exercising(self) -> None:
        """Net exercise and sell-to-cover are held to the vested shares too."""
        rule = CAN_BE_EXERCISED.format(available=12_000, day=dt.date(2025, 1, 31))
        with pytest.raises(UnvestedSharesError) as raised:
            net_exercise(FOUR_YEARS, 12_001, "2025-01-31", "5")
        refused(raised, field="shares", value=12_001, rule=rule)
        with pytest.raises(UnvestedSharesError) as raised:
            sell_to_cover(FOUR_YEARS, 12_001, "2025-01-31", "5")
        refused(raised, field="shares", value=12_001, rule=rule)

    def test_early_exercise(self) -> None:
        """An early-exercisable grant can exercise unvested shares."""
        early = four_year_grant(early_exercisable=True)
        assert exercisable_shares(early, "2024-02-01") == 48_000
        grant, _ = exercise(early, 30_000, "2024-02-01")
        assert grant.outstanding_shares == 18_000

    def test_outside_the_window(self) -> None:
        """Nothing is exercisable before the window opens or after it closes."""
        assert exercisable_shares(FOUR_YEARS, "2024-01-30") == 0
        assert exercisable_shares(FOUR_YEARS, "2034-02-01") == 0
        assert vested_shares(FOUR_YEARS, "2034-02-01") == 48_000

    def test_fractional_vesting(self) -> None:
        """Fractional vesting is held exactly; only whole shares can be exercised."""
        grant = FRACTIONAL_18
        assert vested_shares(grant, "2024-02-01") == Fraction(9, 2)
        assert exercisable_shares(grant, "2024-02-01") == 4
        assert vested_shares(grant, "2024-03-01") == 9
        assert isinstance(vested_shares(grant, "2024-03-01"), int)
        with pytest.raises(UnvestedSharesError) as raised:
            exercise(grant, 5, "2024-02-01")
        rule = CAN_BE_EXERCISED.format(available=4, day=dt.date(2024, 2, 1))
        refused(raised, field="shares", value=5, rule=rule)
        assert [row.shares for row in vesting_table(grant)] == [Fraction(9, 2)] * 4

    def test_after_a_split(self) -> None:
        """After 2-for-1, the shares in force double and so does what is exercisable."""
        split = adjust_for_split(FOUR_YEARS, "2:1", on="2024-06-01")
        assert vested_shares(split, "2025-01-31") == 12_000  # in the shares as granted
        assert exercisable_shares(split, "2025-01-31") == 24_000  # in the shares in force
        grant, _ = exercise(split, 24_000, "2025-01-31")
        assert exercisable_shares(grant, "2025-02-28") == 2_000

    def test_history_is_checked(self) -> None:
        """A recorded exercise of unvested shares is refused when the grant is rebuilt."""
        record = exercise(four_year_grant(early_exercisable=True), 1, "2024-06-01")[1]
        with pytest.raises(UnvestedSharesError) as raised:
            attrs.evolve(FOUR_YEARS, exercises=(record,))
        rule = COULD_BE_EXERCISED.format(available=0, date=dt.date(2024, 6, 1))
        refused(raised, field="exercises[0].shares", value=1, rule=rule)

    def test_bad_dates(self) -> None:
        """Dates are checked as everywhere else."""
        for query in (vested_shares, unvested_shares, exercisable_shares):
            with pytest.raises(DateTypeError) as raised:
                query(FOUR_YEARS, dt.datetime(2025, 1, 31, 9, 30))
            refused(raised, field="on", value=dt.datetime(2025, 1, 31, 9, 30), rule=CALENDAR_DAYS)


#: 10 shares vesting 1 a month for 10 months from 2024-01-01.
MONTHLY_10 = OptionGrant(
    "2024-01-01",
    10,
    "1",
    term="10 years",
    vesting=VestingSchedule.graded("2024-01-01", months=10),
)
#: MONTHLY_10 after a 1-for-4 reverse split the next day: 2 shares (2.5 rounded down).
REVERSE_SPLIT_10 = adjust_for_split(MONTHLY_10, "1:4", on="2024-01-02")
#: 3 shares vesting 1 a month for 3 months, after a 1-for-2 reverse split: 1 share.
REVERSE_SPLIT_3 = adjust_for_split(
    OptionGrant(
        "2024-01-01",
        3,
        "1",
        term="10 years",
        vesting=VestingSchedule.graded("2024-01-01", months=3),
    ),
    "1:2",
    on="2024-01-02",
)


class TestExercisableAsOfTheDay:
    """What could be exercised on a day, as the grant stood then: later records ignored."""

    def test_a_later_exercise_ignored(self) -> None:
        """Before an exercise, its shares could still be exercised."""
        grant, _ = exercise(FOUR_YEARS, 10_000, "2025-06-02")
        assert exercisable_shares(grant, "2025-01-31") == 12_000
        assert exercisable_shares(grant, "2025-06-01") == 16_000
        assert exercisable_shares(grant, "2025-06-02") == 6_000  # that day's exercise counts

    def test_a_later_split_ignored(self) -> None:
        """Before a split, in the shares then in force."""
        split = adjust_for_split(FOUR_YEARS, "2:1", on="2025-06-02")
        assert exercisable_shares(split, "2025-06-01") == 16_000
        assert exercisable_shares(split, "2025-06-02") == 32_000

    def test_a_later_acceleration_costs_no_replay(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A later acceleration vests nothing yet, so each exercise before it is checked
        without rebuilding the grant: building its history stays linear (work counted)."""
        accelerated = accelerate(FOUR_YEARS, "2027-06-01", 1_000)
        rebuilt: list[dt.date] = []
        as_of = _grant_as_of

        def counted(grant: OptionGrant, day: dt.date) -> OptionGrant:
            rebuilt.append(day)
            return as_of(grant, day)

        monkeypatch.setattr(_vested, "as_of", counted)
        grant = accelerated
        for day in range(50):
            grant, _ = exercise(grant, 1, dt.date(2025, 6, 2) + dt.timedelta(days=day))
        assert rebuilt == []
        without = attrs.evolve(grant, accelerations=())
        assert exercisable_shares(grant, "2025-07-21") == exercisable_shares(without, "2025-07-21")
        assert exercisable_shares(grant, "2025-06-02") == exercisable_shares(
            attrs.evolve(FOUR_YEARS, exercises=grant.exercises[:1]), "2025-06-02"
        )
        assert len(rebuilt) == 1  # a later exercise: that one needs the grant as it stood

    def test_a_later_termination_ignored(self) -> None:
        """Before a termination, the vested shares; from its day, what it kept."""
        left = terminate(FOUR_YEARS, "2025-06-15", "VOLUNTARY_OTHER")
        assert exercisable_shares(left, "2025-06-14") == 16_000
        assert exercisable_shares(left, "2025-06-15") == left.outstanding_shares == 16_000

    @given(grants_with_later_history(), st.data())
    @example((FOUR_YEARS, SPLIT_AFTER_LEAVING, dt.date(2025, 6, 14)), None)
    def test_later_history_changes_nothing(
        self, grants: tuple[OptionGrant, OptionGrant, dt.date], data: st.DataObject | None
    ) -> None:
        """On the day and any day before it, a grant with more history after the day can
        exercise what the grant without that history can."""
        past, whole, day = grants
        days = [day] + ([] if data is None else [data.draw(st.dates(past.grant_date, day))])
        for on in days:
            assert exercisable_shares(whole, on) == exercisable_shares(past, on)


class TestSplitRounding:
    def test_a_reverse_split_keeps_every_vested_share(self) -> None:
        """8 of 10 vested, then 1:4: exactly 2 vested shares in force, and both of the
        2 outstanding are exercisable; the half share dropped was unvested."""
        on = "2024-09-01"
        assert vested_shares(REVERSE_SPLIT_10, on) == 8
        assert REVERSE_SPLIT_10.outstanding_shares == 2
        assert exercisable_shares(REVERSE_SPLIT_10, on) == 2
        assert terminate(REVERSE_SPLIT_10, on, "VOLUNTARY_OTHER").forfeited_shares == 0
        after, _ = exercise(REVERSE_SPLIT_10, 2, on)
        assert after.outstanding_shares == 0

    def test_a_reverse_split_of_three(self) -> None:
        """2 of 3 vested, then 1:2: one whole vested share in force, the one outstanding."""
        assert exercisable_shares(REVERSE_SPLIT_3, "2024-03-01") == 1
        assert exercisable_shares(REVERSE_SPLIT_3, "2024-02-01") == 0  # 0.5 vested

    def test_unvested_shares_still_wait(self) -> None:
        """Before the drop is used up, an unvested share in force is not exercisable."""
        assert exercisable_shares(REVERSE_SPLIT_10, "2024-04-01") == 0  # 3 of 10: 0.75
        assert exercisable_shares(REVERSE_SPLIT_10, "2024-05-01") == 1  # 4 of 10: 1
        terminated = terminate(REVERSE_SPLIT_10, "2024-05-01", "VOLUNTARY_OTHER")
        assert terminated.forfeited_shares == 1

    def test_a_share_rounded_up_vests_last(self) -> None:
        """A split that rounds up adds a share that vests with the last installment."""
        grant = OptionGrant(
            "2024-01-01",
            3,
            "1",
            term="10 years",
            vesting=VestingSchedule.graded("2024-01-01", months=3),
        )
        split = adjust_for_split(grant, "1:2", on="2024-01-02", share_rounding="ROUND_UP")
        assert split.outstanding_shares == 2
        assert exercisable_shares(split, "2024-03-01") == 1  # 2 of 3 vested: 1 in force
        assert exercisable_shares(split, "2024-04-01") == 2


class TestGrantFields:
    def test_tranches_must_add_up(self) -> None:
        """Tranches that do not add up to the grant are refused, naming the field."""
        schedule = VestingSchedule.tranches([("2024-06-30", 600), ("2024-12-31", 300)])
        with pytest.raises(InvalidVestingError) as raised:
            OptionGrant("2024-01-01", 1_000, "1", term="1 year", vesting=schedule)
        refused(raised, field="vesting", value=schedule, rule=TRANCHES_ADD_UP.format(total=1_000))

    @pytest.mark.parametrize(
        ("field", "value", "rule"),
        [
            ("vesting", "4 years", NOT_A_SCHEDULE),
            ("vesting", None, NOT_A_SCHEDULE),
            ("early_exercisable", 1, NOT_A_FLAG),
        ],
    )
    def test_bad_fields(self, field: str, value: object, rule: str) -> None:
        """A schedule must be a VestingSchedule; early_exercisable is True or False."""
        with pytest.raises(OptionTypeError) as raised:
            four_year_grant(**{field: value})
        refused(raised, field=field, value=value, rule=rule)

    def test_repr_evaluates_back(self) -> None:
        """A grant's repr shows its vesting terms and evaluates back."""
        import auxer_option

        grant = accelerate(four_year_grant(early_exercisable=True), "2025-06-15", 1)
        text = repr(grant)
        assert "early_exercisable=True" in text
        assert "accelerations=(Acceleration(" in text
        namespace = {name: getattr(auxer_option, name) for name in auxer_option.__all__}
        namespace |= {"datetime": dt, "Decimal": __import__("decimal").Decimal}
        assert eval(text, namespace) == grant  # noqa: S307  (our own repr)


class TestVestingTable:
    def test_four_years(self) -> None:
        """One row per vesting day: the cliff, then a thousand a month."""
        table = vesting_table(FOUR_YEARS)
        assert len(table) == 37
        assert table[0] == VestingRow(dt.date(2025, 1, 31), 12_000, 12_000)
        assert table[1] == VestingRow(dt.date(2025, 2, 28), 1_000, 13_000)
        assert table[-1] == VestingRow(dt.date(2028, 1, 31), 1_000, 48_000)
        assert table[0].date == table[0][0]  # named tuples: a DataFrame takes them as rows

    def test_with_an_acceleration(self) -> None:
        """An acceleration shows on its day; the schedule ends sooner."""
        table = vesting_table(accelerate(FOUR_YEARS, "2025-06-15", 12_000))
        assert VestingRow(dt.date(2025, 6, 15), 12_000, 28_000) in table
        assert table[-1] == VestingRow(dt.date(2027, 1, 31), 1_000, 48_000)

    def test_ends_on_the_termination_day(self) -> None:
        """Shares vesting on the day service ends still vest; nothing vests after it."""
        ended = terminate(FOUR_YEARS, "2025-02-28", "VOLUNTARY_OTHER")
        assert vesting_table(ended) == (
            VestingRow(dt.date(2025, 1, 31), 12_000, 12_000),
            VestingRow(dt.date(2025, 2, 28), 1_000, 13_000),
        )


class TestAcceleration:
    def test_single_trigger(self) -> None:
        """Accelerated shares vest at once and come off the end of the schedule."""
        sped = accelerate(FOUR_YEARS, "2025-06-15", 12_000)
        assert sped.accelerations == (Acceleration(dt.date(2025, 6, 15), 12_000),)
        assert vested_shares(sped, "2025-06-14") == 16_000
        assert vested_shares(sped, "2025-06-15") == 28_000
        assert vested_shares(sped, "2026-12-31") == 47_000
        assert vested_shares(sped, "2027-01-31") == 48_000

    def test_full(self) -> None:
        """Without a share count, everything unvested vests."""
        sped = accelerate(FOUR_YEARS, "2024-06-01")
        assert vested_shares(sped, "2024-06-01") == 48_000
        assert sped.accelerations[0].shares == 48_000

    def test_fractional_remainder(self) -> None:
        """A fractional schedule accelerates its exact remainder."""
        grant = FRACTIONAL_18
        sped = accelerate(grant, "2024-02-01")
        assert sped.accelerations[0].shares == Fraction(27, 2)
        assert vested_shares(sped, "2024-02-01") == 18

    @pytest.mark.parametrize(
        ("on", "shares", "error", "field", "rule"),
        [
            (
                "2025-06-15",
                36_001,
                InsufficientSharesError,
                "shares",
                NOT_ENOUGH_UNVESTED.format(unvested=32_000, day=dt.date(2025, 6, 15)),
            ),
            (
                "2030-01-01",
                None,
                InsufficientSharesError,
                "shares",
                NOT_ENOUGH_UNVESTED.format(unvested=0, day=dt.date(2030, 1, 1)),
            ),
            ("2025-06-15", 0, InvalidShareCountError, "shares", MUST_BE_POSITIVE),
            ("2025-06-15", 1.5, ShareCountTypeError, "shares", NOT_WHOLE_SHARES),
            (
                "2024-01-30",
                1,
                TerminationError,
                "on",
                BEFORE_LATEST_ACCELERATION.format(latest=dt.date(2024, 1, 31)),
            ),
            ("2024-02-30", 1, InvalidDateError, "on", NOT_A_CALENDAR_DATE),
        ],
    )
    def test_refusals(
        self, on: str, shares: int | None, error: type[OptionError], field: str, rule: str
    ) -> None:
        """More than is unvested, nothing to accelerate, and dates out of order are refused."""
        with pytest.raises(error) as caught:
            accelerate(FOUR_YEARS, on, shares)
        value = shares if field == "shares" else on
        refused(caught, cls=error, field=field, value=value, rule=rule)

    def test_not_after_the_termination(self) -> None:
        ended = terminate(FOUR_YEARS, "2025-01-01", "VOLUNTARY_OTHER")
        with pytest.raises(TerminationError) as caught:
            accelerate(ended, "2025-02-01", 10)
        rule = AFTER_THE_TERMINATION.format(termination=dt.date(2025, 1, 1))
        refused(caught, field="on", value="2025-02-01", rule=rule)

    def test_in_order(self) -> None:
        """Accelerations are recorded oldest first."""
        sped = accelerate(FOUR_YEARS, "2025-06-15", 1)
        with pytest.raises(TerminationError) as caught:
            accelerate(sped, "2025-06-14", 1)
        rule = BEFORE_LATEST_ACCELERATION.format(latest=dt.date(2025, 6, 15))
        refused(caught, field="on", value="2025-06-14", rule=rule)
        assert len(accelerate(sped, "2025-06-15", 1).accelerations) == 2

    @pytest.mark.parametrize(
        ("accelerations", "error", "field", "rule"),
        [
            (
                (Acceleration("2024-01-30", 1),),
                TerminationError,
                "accelerations[0].date",
                BEFORE_PREVIOUS.format(previous=dt.date(2024, 1, 31)),
            ),
            (
                (Acceleration("2025-06-15", 1), Acceleration("2025-06-14", 1)),
                TerminationError,
                "accelerations[1].date",
                BEFORE_PREVIOUS.format(previous=dt.date(2025, 6, 15)),
            ),
            (
                (Acceleration("2025-06-15", 48_001),),
                InvalidVestingError,
                "accelerations[0].shares",
                MORE_THAN_UNVESTED.format(unvested=32_000, date=dt.date(2025, 6, 15)),
            ),
            (
                (Acceleration("2025-07-01", 1),),
                TerminationError,
                "accelerations[0].date",
                AFTER_TERMINATION.format(end=dt.date(2025, 6, 30)),
            ),
            (
                ("2025-06-15",),
                OptionTypeError,
                "accelerations[0]",
                NOT_A_RECORD.format(kind="Acceleration"),
            ),
        ],
    )
    def test_recorded_accelerations_are_checked(
        self, accelerations: tuple[Any, ...], error: type[OptionError], field: str, rule: str
    ) -> None:
        """A hand-built history of accelerations must fit the grant (and its termination)."""
        termination = Termination("2025-06-30", "VOLUNTARY_OTHER")
        with pytest.raises(error) as raised:
            four_year_grant(accelerations=accelerations, termination=termination)
        refused(raised, cls=error, field=field, rule=rule)

    @pytest.mark.parametrize(
        ("date", "shares", "error", "field", "rule"),
        [
            ("2025-06-15", Fraction(-1, 2), InvalidVestingError, "shares", MUST_BE_POSITIVE),
            ("2025-06-15", Fraction(0), InvalidVestingError, "shares", MUST_BE_POSITIVE),
            ("2025-06-15", 0, InvalidShareCountError, "shares", MUST_BE_POSITIVE),
            ("2025-02-30", 1, InvalidDateError, "date", NOT_A_CALENDAR_DATE),
        ],
    )
    def test_record_refusals(
        self, date: str, shares: Any, error: type[OptionError], field: str, rule: str
    ) -> None:
        """An acceleration record takes a calendar date and positive shares."""
        with pytest.raises(error) as raised:
            Acceleration(date, shares)
        value = shares if field == "shares" else date
        refused(raised, cls=error, field=field, value=value, rule=rule)

    def test_a_fraction_of_a_share(self) -> None:
        assert Acceleration("2025-06-15", Fraction(1, 2)).shares == Fraction(1, 2)


class TestProperties:
    @given(vesting_grants(), st.data())
    @example(FOUR_YEARS, None)
    def test_vesting_never_decreases_and_completes(
        self, grant: OptionGrant, data: st.DataObject | None
    ) -> None:
        """Vested shares never fall as time passes, and vested + unvested is the grant."""
        days = sorted(
            [row.date for row in vesting_table(grant)]
            + [grant.grant_date, grant.last_exercise_date]
            + ([] if data is None else data.draw(st.lists(st.dates(), max_size=5)))
        )
        before: int | Fraction = 0
        for day in days:
            vested = vested_shares(grant, day)
            assert vested >= before
            unvested = unvested_shares(grant, day)
            terminated = grant.termination is not None and day > grant.termination.date
            assert vested + unvested == (vested if terminated else grant.shares)
            before = vested

    @given(vesting_grants())
    def test_schedule_reaches_the_total(self, grant: OptionGrant) -> None:
        """Unterminated, the schedule vests every share by its last installment."""
        table = vesting_table(grant)
        if grant.termination is None:
            assert table[-1].cumulative == grant.shares
            assert vested_shares(grant, table[-1].date) == grant.shares
        assert sum(row.shares for row in table) == (table[-1].cumulative if table else 0)
        assert all(row.shares > 0 for row in table)

    @given(vesting_grants(), st.data())
    def test_exercisable_within_vested_less_exercised(
        self, grant: OptionGrant, data: st.DataObject
    ) -> None:
        """Exercisable shares never exceed vested − exercised by the day (in the shares in
        force that day), nor the shares then outstanding."""
        day = data.draw(st.dates(grant.grant_date, grant.last_exercise_date))
        then = as_of(grant, day)
        exercisable = exercisable_shares(grant, day)
        assert 0 <= exercisable <= then.outstanding_shares
        if not then.adjustments and not grant.early_exercisable:
            exercised = sum(record.shares for record in then.exercises)
            assert exercisable <= max(0, vested_shares(grant, day) - exercised)

    @given(vesting_grants(), st.integers(0, 5_000))
    @example(REVERSE_SPLIT_10, 243)  # 2024-09-01
    @example(REVERSE_SPLIT_10, 90)  # 2024-04-01
    @example(REVERSE_SPLIT_3, 59)  # 2024-03-01
    @example(terminate(REVERSE_SPLIT_10, "2024-09-01", "VOLUNTARY_OTHER"), 0)
    def test_split_rounding_never_takes_a_vested_share(
        self, grant: OptionGrant, offset: int
    ) -> None:
        """With any history of splits, exercises, accelerations and a termination, in the
        shares in force: what a termination on a day keeps (and, unless early-exercisable,
        what is exercisable then) is at least the exact vested − exercised rounded down,
        as far as the outstanding shares go; never more than the outstanding shares, nor
        an unvested share; and kept + forfeited = outstanding."""
        ratio, exercised = exact_split_history(grant)
        termination = grant.termination
        if termination is None:
            on = day_after_history(grant, offset)
            outstanding = grant.outstanding_shares
            kept = terminate(grant, on, "VOLUNTARY_OTHER").outstanding_shares
            if not grant.early_exercisable:
                assert exercisable_shares(grant, on) == kept
        else:  # the termination is the last record: what it kept
            on = termination.date
            outstanding = grant.outstanding_shares + grant.forfeited_shares
            kept = grant.outstanding_shares
        vested = vested_shares(grant, on)
        exact = (vested - exercised) * ratio  # vested, not yet exercised, in force
        assert min(outstanding, math.floor(exact)) <= kept <= outstanding
        if unvested_shares(grant, on):
            assert kept <= max(0, math.floor(exact))
        if not grant.early_exercisable:
            assert exercised <= vested
        later = exercisable_shares(grant, day_after_history(grant, offset))
        assert 0 <= later <= grant.outstanding_shares + grant.forfeited_shares

    @given(
        vesting_grants(),
        st.integers(0, 5_000),
        split_ratios(max_part=6),
        st.sampled_from([decimal.ROUND_DOWN, decimal.ROUND_HALF_UP, decimal.ROUND_UP]),
    )
    @example(MONTHLY_10, 244, Fraction(1, 4), decimal.ROUND_DOWN)  # 2024-09-01
    @example(terminate(MONTHLY_10, "2024-09-01", "VOLUNTARY_OTHER"), 1, Fraction(1, 3), "ROUND_UP")
    def test_a_split_never_lowers_the_vested_shares_below_their_floor(
        self, grant: OptionGrant, offset: int, ratio: Fraction, rounding: str
    ) -> None:
        """The shares exercisable on a split's day after it are at least those before it
        times the ratio, rounded down."""
        on = day_after_history(grant, offset)
        if grant.termination is not None and on <= grant.termination.date:
            return  # the window ends with the termination day: no split can follow
        split = adjust_for_split(grant, ratio, on=on, share_rounding=rounding)
        before = exercisable_shares(grant, on)
        assert exercisable_shares(split, on) >= math.floor(before * ratio)

    @given(vesting_grants())
    def test_history_rebuilds(self, grant: OptionGrant) -> None:
        """A grant with any vesting history rebuilds from its fields, equal and alike."""
        fields = {name: getattr(grant, name) for name in GRANT_KEYWORDS}
        again = OptionGrant(**fields)
        assert again == grant
        assert again.outstanding_shares == grant.outstanding_shares
        assert again.forfeited_shares == grant.forfeited_shares
        assert again.last_exercise_date == grant.last_exercise_date


def day_after_history(grant: OptionGrant, offset: int) -> dt.date:
    """The day ``offset`` days into what is left of ``grant``'s window after its history
    (after a termination: the day after it, when a split may follow), or its last day."""
    dated = [
        grant.first_exercise_date,
        *(record.date for record in grant.exercises),
        *(record.date for record in grant.adjustments if record.date is not None),
        *(record.date for record in grant.accelerations),
    ]
    if grant.termination is not None:
        dated.append(grant.termination.date + dt.timedelta(days=1))
    first, last = max(dated), grant.last_exercise_date
    return last if first >= last else first + dt.timedelta(days=min(offset, (last - first).days))


def exact_split_history(grant: OptionGrant) -> tuple[Fraction, Fraction]:
    """The splits' product and the shares exercised in the shares as granted (each
    exercise divided by the splits' product on its day), exactly. Records are replayed
    by their own rule: a split comes where the outstanding shares are its shares_before."""
    ratio, exercised, outstanding = Fraction(1), Fraction(0), grant.shares
    records = iter(grant.exercises)
    for adjustment in grant.adjustments:
        while outstanding != adjustment.shares_before:
            record = next(records)
            outstanding -= record.shares
            exercised += record.shares / ratio
        ratio *= adjustment.ratio
        outstanding = adjustment.shares_after
    for record in records:
        exercised += record.shares / ratio
    return ratio, exercised


@given(exercised_grants(), st.data())
def test_no_schedule_behaves_as_before(grant: OptionGrant, data: st.DataObject) -> None:
    """A grant that vests at once: every outstanding share is exercisable in the window."""
    day = data.draw(st.dates(grant.first_exercise_date, grant.last_exercise_date))
    assert vested_shares(grant, day) == grant.shares
    assert unvested_shares(grant, day) == 0
    exercised = sum(record.shares for record in grant.exercises if record.date <= day)
    assert exercisable_shares(grant, day) == grant.shares - exercised  # those left that day
    assert vesting_table(grant) == (VestingRow(grant.grant_date, grant.shares, grant.shares),)
    assert grant.forfeited_shares == 0


@given(vesting_grants(max_events=2), anything(), anything())
@example(FOUR_YEARS, "2025-06-15", 2**80)
@example(FOUR_YEARS, "2025-06-15", "VOLUNTARY_OTHER")
def test_only_option_errors_escape(grant: OptionGrant, on: object, other: object) -> None:
    """Any day, share count or reason: a result, or an OptionError naming its field."""
    calls: list[Callable[[], object]] = [
        lambda: vested_shares(grant, on),  # type: ignore[arg-type]
        lambda: unvested_shares(grant, on),  # type: ignore[arg-type]
        lambda: exercisable_shares(grant, on),  # type: ignore[arg-type]
        lambda: accelerate(grant, on, other),  # type: ignore[arg-type]
        lambda: accelerate(grant, "2025-06-15", other),  # type: ignore[arg-type]
        lambda: terminate(grant, on, other),  # type: ignore[arg-type]
        lambda: terminate(grant, "2199-12-31", other),  # type: ignore[arg-type]
    ]
    for call in calls:
        try:
            call()
        except OptionError as error:
            assert error.field
