"""Vesting schedules, allocation and day-of-month rules (``_vesting``)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option import AllocationType, VestingDayOfMonth, VestingSchedule
from auxer_option._choices import one_of
from auxer_option._money import MUST_BE_POSITIVE, NOT_WHOLE_SHARES, OVER_MAX_SHARES
from auxer_option._terms import NOT_A_DATETIME
from auxer_option._vesting import (
    CLIFF_AFTER_LENGTH,
    CLIFF_TOO_LATE,
    EVERY_AT_LEAST_ONE,
    INSTALLMENT_TOO_LATE,
    LENGTH_TOO_LONG,
    MAX_MONTHS,
    MONTHS_OUT_OF_RANGE,
    NO_CADENCE,
    NO_INSTALLMENTS,
    NO_LENGTH,
    NOT_A_TRANCHE,
    NOT_TRANCHES,
    NOT_WHOLE_INSTALLMENTS,
    NOT_WHOLE_MONTHS,
    PART_TWICE,
    START_AND_MONTHS,
    TRANCHES_ADD_UP,
    TRANCHES_ALONE,
    TRANCHES_OUT_OF_ORDER,
    UNREADABLE_VESTING,
    VESTING_NOT_TEXT,
    WHOLE_INSTALLMENTS,
    ZERO_LENGTH,
    allocate,
)
from auxer_option.exceptions import (
    DateTypeError,
    InvalidChoiceError,
    InvalidDateError,
    InvalidShareCountError,
    InvalidVestingError,
    OptionError,
    OptionTypeError,
    ShareCountTypeError,
)
from auxer_option.testing.strategies import vesting_schedules

from .data import OCF_ENUMS
from .messages import message, refused
from .strategies import anything, share_counts


class TestMessages:
    """Each rule of this module, word for word, once: other tests check which rule it is."""

    @pytest.mark.parametrize(
        ("call", "rule", "expected"),
        [
            pytest.param(
                lambda: VestingSchedule.graded("2024-01-01", months=12.0),  # type: ignore[arg-type]
                NOT_WHOLE_MONTHS,
                "months=12.0: must be a whole number of months",
                id="NOT_WHOLE_MONTHS",
            ),
            pytest.param(
                lambda: VestingSchedule.graded("2024-01-01", months=1_201),
                MONTHS_OUT_OF_RANGE,
                "months=1201: must be from 0 to 1200 months",
                id="MONTHS_OUT_OF_RANGE",
            ),
            pytest.param(
                lambda: VestingSchedule.tranches("2024-01-01"),  # type: ignore[arg-type]
                NOT_TRANCHES,
                "tranches='2024-01-01': must be a sequence of (date, shares) pairs",
                id="NOT_TRANCHES",
            ),
            pytest.param(
                lambda: VestingSchedule.tranches([("2024-01-01",)]),  # type: ignore[list-item]
                NOT_A_TRANCHE,
                "tranches[0]=('2024-01-01',): must be a (date, shares) pair",
                id="NOT_A_TRANCHE",
            ),
            pytest.param(
                lambda: VestingSchedule.tranches([("2024-02-01", 1), ("2024-01-01", 1)]),
                TRANCHES_OUT_OF_ORDER.format(previous="2024-02-01"),
                "tranches[1].date=datetime.date(2024, 1, 1): "
                "must be after the previous tranche's, 2024-02-01",
                id="TRANCHES_OUT_OF_ORDER",
            ),
            pytest.param(
                lambda: VestingSchedule(months=12, explicit_tranches=[("2024-01-01", 1)]),
                TRANCHES_ALONE,
                "explicit_tranches=((datetime.date(2024, 1, 1), 1),): "
                "are a schedule of their own: give them without start and months",
                id="TRANCHES_ALONE",
            ),
            pytest.param(
                lambda: VestingSchedule(months=12),
                START_AND_MONTHS,
                "start=None: a graded schedule needs a start and months",
                id="START_AND_MONTHS",
            ),
            pytest.param(
                lambda: VestingSchedule.graded("2024-01-01", months=12, every=0),
                EVERY_AT_LEAST_ONE,
                "every=0: must be at least 1 month",
                id="EVERY_AT_LEAST_ONE",
            ),
            pytest.param(
                lambda: VestingSchedule.graded("2024-01-01", months=10, every=3),
                WHOLE_INSTALLMENTS.format(every=3),
                "months=10: must be a whole number of installments of 3",
                id="WHOLE_INSTALLMENTS",
            ),
            pytest.param(
                lambda: VestingSchedule.graded("2024-01-01", months=12, cliff=13),
                CLIFF_TOO_LATE.format(months=12),
                "cliff=13: must not be after the last installment, at 12",
                id="CLIFF_TOO_LATE",
            ),
            pytest.param(
                lambda: VestingSchedule.tranches([("2024-06-30", 1_000)]).installments(999),
                TRANCHES_ADD_UP.format(total=999),
                "explicit_tranches=1000: must add up to the 999 shares granted",
                id="TRANCHES_ADD_UP",
            ),
            pytest.param(
                lambda: VestingSchedule.immediate().installments(1),
                NO_INSTALLMENTS,
                "vesting=VestingSchedule.immediate(): vests on the grant date: no installments",
                id="NO_INSTALLMENTS",
            ),
            pytest.param(
                lambda: VestingSchedule.graded("9999-06-30", months=12).installments(12),
                INSTALLMENT_TOO_LATE.format(months=7),
                "start=datetime.date(9999, 6, 30): an installment 7 months later falls after "
                "9999-12-31",
                id="INSTALLMENT_TOO_LATE",
            ),
            pytest.param(
                lambda: VestingSchedule.parse(48, start="2024-01-15"),  # type: ignore[arg-type]
                VESTING_NOT_TEXT,
                "text=48: must be text such as '48 months, 12-month cliff'",
                id="VESTING_NOT_TEXT",
            ),
            pytest.param(
                lambda: VestingSchedule.parse("four years", start="2024-01-15"),
                UNREADABLE_VESTING,
                "text='four years': is not a vesting schedule: give its length, then its "
                "cadence and its cliff if it has them, separated by commas, such as "
                "'48 months, 12-month cliff' or '4 years, quarterly, 1-year cliff' "
                "(or 'immediate')",
                id="UNREADABLE_VESTING",
            ),
            pytest.param(
                lambda: VestingSchedule.parse(
                    "4 years, 1-year cliff, no cliff", start="2024-01-15"
                ),
                PART_TWICE.format(part="cliff"),
                "text='4 years, 1-year cliff, no cliff': gives its cliff twice",
                id="PART_TWICE",
            ),
            pytest.param(
                lambda: VestingSchedule.parse("monthly, 1-year cliff", start="2024-01-15"),
                NO_LENGTH,
                "text='monthly, 1-year cliff': gives no length, such as '48 months'",
                id="NO_LENGTH",
            ),
            pytest.param(
                lambda: VestingSchedule.parse("0 months", start="2024-01-15"),
                ZERO_LENGTH,
                "text='0 months': vests over no time: a schedule that vests on the grant "
                "date is 'immediate'",
                id="ZERO_LENGTH",
            ),
            pytest.param(
                lambda: VestingSchedule.parse("99999 years", start="2024-01-15"),
                LENGTH_TOO_LONG.format(length="99999 years"),
                "text='99999 years': gives 99999 years, longer than a schedule runs: at most "
                "1200 months (100 years)",
                id="LENGTH_TOO_LONG",
            ),
            pytest.param(
                lambda: VestingSchedule.parse("48 months, every 0 months", start="2024-01-15"),
                NO_CADENCE.format(cadence="every 0 months"),
                "text='48 months, every 0 months': gives every 0 months: installments are at "
                "least a month apart",
                id="NO_CADENCE",
            ),
            pytest.param(
                lambda: VestingSchedule.parse("4 years, every 5 months", start="2024-01-15"),
                NOT_WHOLE_INSTALLMENTS.format(length="4 years", every=5),
                "text='4 years, every 5 months': gives 4 years, not a whole number of 5-month "
                "installments",
                id="NOT_WHOLE_INSTALLMENTS",
            ),
            pytest.param(
                lambda: VestingSchedule.parse("4 years, cliff of 5 years", start="2024-01-15"),
                CLIFF_AFTER_LENGTH.format(cliff="cliff of 5 years", length="4 years"),
                "text='4 years, cliff of 5 years': gives cliff of 5 years, after the last "
                "installment, at 4 years",
                id="CLIFF_AFTER_LENGTH",
            ),
        ],
    )
    def test_message(self, call: Callable[[], object], rule: str, expected: str) -> None:
        """The message names the field and the value, then the rule in these words."""
        assert message(call, rule) == expected


@st.composite
def schedules_and_totals(draw: st.DrawFn) -> tuple[VestingSchedule, int]:
    """A schedule of any kind and the shares it is for: often fewer than its installments."""
    total = draw(st.integers(1, 100) | share_counts())
    start = draw(st.dates(dt.date(1900, 1, 1), dt.date(2199, 12, 31)))
    return draw(vesting_schedules(shares=total, start=start)), total


# OCF's own example: 18 shares in 4 installments, per allocation type.
OCF_EXAMPLE: dict[str, list[int | Fraction]] = {
    "CUMULATIVE_ROUNDING": [5, 4, 5, 4],
    "CUMULATIVE_ROUND_DOWN": [4, 5, 4, 5],
    "FRONT_LOADED": [5, 5, 4, 4],
    "BACK_LOADED": [4, 4, 5, 5],
    "FRONT_LOADED_TO_SINGLE_TRANCHE": [6, 4, 4, 4],
    "BACK_LOADED_TO_SINGLE_TRANCHE": [4, 4, 4, 6],
    "FRACTIONAL": [Fraction(9, 2)] * 4,
}


def ocf_enum(name: str) -> list[str]:
    """The values of an OCF enum, read from the official schema."""
    path = OCF_ENUMS / f"{name}.schema.json"
    return list(json.loads(path.read_text(encoding="utf-8"))["enum"])


class TestAllocation:
    @pytest.mark.parametrize(("allocation", "shares"), OCF_EXAMPLE.items())
    def test_ocf_example(self, allocation: str, shares: list[int | Fraction]) -> None:
        """Each of the seven types gives OCF's own split of 18 shares in 4 installments."""
        assert list(allocate(18, 4, AllocationType(allocation))) == shares

    def test_names_are_ocfs(self) -> None:
        """The members are exactly OCF's AllocationType and VestingDayOfMonth values."""
        assert [member.value for member in AllocationType] == ocf_enum("AllocationType")
        assert [member.value for member in VestingDayOfMonth] == ocf_enum("VestingDayOfMonth")

    def test_described_in_ocfs_order(self) -> None:
        """OCF's description lists the same example, in the same order."""
        path = OCF_ENUMS / "AllocationType.schema.json"
        schema = json.loads(path.read_text(encoding="utf-8"))
        text: str = schema["description"]
        shown = [part.split("(")[1].rstrip(")").strip() for part in text.split("\n")[1:]]
        expected = [" - ".join(f"{float(n):g}" for n in shares) for shares in OCF_EXAMPLE.values()]
        assert shown == expected

    @given(
        st.integers(0, 10**12),
        st.integers(1, 600),
        st.sampled_from(AllocationType),
    )
    @example(18, 4, AllocationType.CUMULATIVE_ROUNDING)
    @example(1, 48, AllocationType.BACK_LOADED_TO_SINGLE_TRANCHE)
    def test_installments_sum_to_the_total(
        self, total: int, count: int, allocation: AllocationType
    ) -> None:
        """Under every type the installments add up exactly, and differ by at most what
        the type allows."""
        shares = allocate(total, count, allocation)
        assert len(shares) == count
        assert sum(shares) == total
        assert all(share >= 0 for share in shares)
        if allocation is not AllocationType.FRACTIONAL:
            assert all(isinstance(share, int) for share in shares)
        if allocation.name.endswith(("_LOADED", "ROUNDING", "ROUND_DOWN")):
            assert max(shares) - min(shares) <= 1

    @given(st.integers(0, 10**9), st.integers(1, 200))
    def test_cumulative_types_track_the_exact_line(self, total: int, count: int) -> None:
        """Cumulative types keep every running total within a share of total × k / n."""
        for allocation in (
            AllocationType.CUMULATIVE_ROUNDING,
            AllocationType.CUMULATIVE_ROUND_DOWN,
        ):
            running: int | Fraction = 0
            for k, share in enumerate(allocate(total, count, allocation), start=1):
                running += share
                assert abs(running - Fraction(total * k, count)) < 1


class TestDayOfMonth:
    @pytest.mark.parametrize(
        ("rule", "days"),
        [
            ("VESTING_START_DAY_OR_LAST_DAY_OF_MONTH", ["2024-02-29", "2024-03-31", "2024-04-30"]),
            ("31_OR_LAST_DAY_OF_MONTH", ["2024-02-29", "2024-03-31", "2024-04-30"]),
            ("30_OR_LAST_DAY_OF_MONTH", ["2024-02-29", "2024-03-30", "2024-04-30"]),
            ("29_OR_LAST_DAY_OF_MONTH", ["2024-02-29", "2024-03-29", "2024-04-29"]),
            ("01", ["2024-02-01", "2024-03-01", "2024-04-01"]),
            ("15", ["2024-02-15", "2024-03-15", "2024-04-15"]),
            (28, ["2024-02-28", "2024-03-28", "2024-04-28"]),
            (31, ["2024-02-29", "2024-03-31", "2024-04-30"]),
        ],
    )
    def test_rules(self, rule: str | int, days: list[str]) -> None:
        """From 31 January 2024, monthly: each OCF rule, and the day as an int."""
        schedule = VestingSchedule.graded("2024-01-31", months=3, day_of_month=rule)
        assert [str(day) for day, _ in schedule.installments(3)] == days

    @given(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), st.integers(1, 120))
    def test_each_date_is_one_step_from_the_start(self, start: dt.date, months: int) -> None:
        """Installment k is start + k months, clamped, never accumulated from the last."""
        schedule = VestingSchedule.graded(start, months=months)
        for k, (day, _) in enumerate(schedule.installments(months), start=1):
            index = start.month - 1 + k
            assert (day.year, day.month) == (start.year + index // 12, index % 12 + 1)
            assert day.day == start.day or (
                day.day < start.day and (day + dt.timedelta(1)).day == 1
            )

    @pytest.mark.parametrize("given", [0, 32, "32", "LAST", True, 1.5])
    def test_unknown_days(self, given: object) -> None:
        """Anything but OCF's values or a day from 1 to 31 is refused."""
        with pytest.raises(InvalidChoiceError) as raised:
            VestingSchedule.graded("2024-01-31", months=3, day_of_month=given)  # type: ignore[arg-type]
        days = [f"{day:02}" for day in range(1, 29)]
        rules = ["29_OR_LAST_DAY_OF_MONTH", "30_OR_LAST_DAY_OF_MONTH", "31_OR_LAST_DAY_OF_MONTH"]
        choices = [*days, *rules, "VESTING_START_DAY_OR_LAST_DAY_OF_MONTH"]
        refused(raised, field="day_of_month", value=given, rule=one_of(choices))

    @pytest.mark.parametrize(
        ("day", "rule"),
        [(1, "01"), (28, "28"), (29, "29_OR_LAST_DAY_OF_MONTH"), (31, "31_OR_LAST_DAY_OF_MONTH")],
    )
    def test_days_as_ints(self, day: int, rule: str) -> None:
        """A day from 1 to 31 names its rule: 1 to 28 exactly, 29 to 31 or the month's last."""
        assert VestingDayOfMonth.coerce(day, "day_of_month") is VestingDayOfMonth(rule)


class TestSchedules:
    def test_done_when_figures(self) -> None:
        """48 months monthly from 2024-01-31 with a 12-month cliff: the installments."""
        schedule = VestingSchedule.graded("2024-01-31", months=48, every=1, cliff=12)
        installments = schedule.installments(48_000)
        assert installments[0] == (dt.date(2025, 1, 31), 12_000)
        assert installments[1] == (dt.date(2025, 2, 28), 1_000)
        assert installments[-1] == (dt.date(2028, 1, 31), 1_000)
        assert len(installments) == 37

    def test_cliff_between_installments(self) -> None:
        """Quarterly with a 4-month cliff: the first quarter's shares vest at month 4."""
        schedule = VestingSchedule.graded("2024-01-15", months=12, every=3, cliff=4)
        assert [(str(day), shares) for day, shares in schedule.installments(1_000)] == [
            ("2024-05-15", 250),
            ("2024-07-15", 250),
            ("2024-10-15", 250),
            ("2025-01-15", 250),
        ]

    def test_cliff_at_the_end(self) -> None:
        """A cliff on the last installment vests everything then."""
        schedule = VestingSchedule.graded("2024-01-15", months=12, every=3, cliff=12)
        assert schedule.installments(1_000) == ((dt.date(2025, 1, 15), 1_000),)

    def test_tranches(self) -> None:
        """Dated tranches are kept as given, and must add up to the grant."""
        schedule = VestingSchedule.tranches([("2024-06-30", 600), (dt.date(2024, 12, 31), 400)])
        assert schedule.installments(1_000)[1] == (dt.date(2024, 12, 31), 400)
        with pytest.raises(InvalidVestingError) as raised:
            schedule.installments(999)
        refused(
            raised, field="explicit_tranches", value=1_000, rule=TRANCHES_ADD_UP.format(total=999)
        )

    def test_immediate(self) -> None:
        """The default schedule vests on the grant date; it has no installments of its own."""
        assert VestingSchedule.immediate() == VestingSchedule()
        assert VestingSchedule.immediate().is_immediate
        with pytest.raises(InvalidVestingError) as raised:
            VestingSchedule.immediate().installments(1)
        refused(raised, field="vesting", value=VestingSchedule.immediate(), rule=NO_INSTALLMENTS)

    @pytest.mark.parametrize(
        ("make", "error", "field", "value", "rule"),
        [
            (
                lambda: VestingSchedule.graded("2024-01-01", months=10, every=3),
                InvalidVestingError,
                "months",
                10,
                WHOLE_INSTALLMENTS.format(every=3),
            ),
            (
                lambda: VestingSchedule.graded("2024-01-01", months=12, every=0),
                InvalidVestingError,
                "every",
                0,
                EVERY_AT_LEAST_ONE,
            ),
            (
                lambda: VestingSchedule.graded("2024-01-01", months=12, cliff=13),
                InvalidVestingError,
                "cliff",
                13,
                CLIFF_TOO_LATE.format(months=12),
            ),
            (
                lambda: VestingSchedule.graded("2024-01-01", months=-12),
                InvalidVestingError,
                "months",
                -12,
                MONTHS_OUT_OF_RANGE,
            ),
            (
                lambda: VestingSchedule.graded("2024-01-01", months=12.0),  # type: ignore[arg-type]
                InvalidVestingError,
                "months",
                12.0,
                NOT_WHOLE_MONTHS,
            ),
            (
                lambda: VestingSchedule.graded("2024-01-01", months=12, every="3"),  # type: ignore[arg-type]
                InvalidVestingError,
                "every",
                "3",
                NOT_WHOLE_MONTHS,
            ),
            (
                lambda: VestingSchedule.graded("2024-01-01", months=12, cliff=-1),
                InvalidVestingError,
                "cliff",
                -1,
                MONTHS_OUT_OF_RANGE,
            ),
            (
                lambda: VestingSchedule.graded("2024-01-01", months=0),
                InvalidVestingError,
                "months",
                0,
                START_AND_MONTHS,
            ),
            (
                lambda: VestingSchedule.graded("2024-01-01", months=1_212, every=12),
                InvalidVestingError,
                "months",
                1_212,
                MONTHS_OUT_OF_RANGE,
            ),
            (
                lambda: VestingSchedule.graded("2024-01-01", months=1_201),
                InvalidVestingError,
                "months",
                1_201,
                MONTHS_OUT_OF_RANGE,
            ),
            (
                lambda: VestingSchedule(months=12),
                InvalidVestingError,
                "start",
                None,
                START_AND_MONTHS,
            ),
            (
                lambda: VestingSchedule(start="2024-01-01"),
                InvalidVestingError,
                "months",
                0,
                START_AND_MONTHS,
            ),
            (
                lambda: VestingSchedule.graded(dt.datetime(2024, 1, 1, 9, 30), months=12),
                DateTypeError,
                "start",
                dt.datetime(2024, 1, 1, 9, 30),
                NOT_A_DATETIME,
            ),
            (
                lambda: VestingSchedule.graded("2024-01-01", months=12, allocation="ROUND"),
                InvalidChoiceError,
                "allocation",
                "ROUND",
                one_of(AllocationType),
            ),
            (
                lambda: VestingSchedule.tranches("2024-01-01"),  # type: ignore[arg-type]
                OptionTypeError,
                "tranches",
                "2024-01-01",
                NOT_TRANCHES,
            ),
            (
                lambda: VestingSchedule.tranches([("2024-01-01",)]),  # type: ignore[list-item]
                OptionTypeError,
                "tranches[0]",
                ("2024-01-01",),
                NOT_A_TRANCHE,
            ),
            (
                lambda: VestingSchedule.tranches([("2024-01-01", 0)]),
                InvalidShareCountError,
                "tranches[0].shares",
                0,
                MUST_BE_POSITIVE,
            ),
            (
                lambda: VestingSchedule.tranches([("2024-02-01", 1), ("2024-01-01", 1)]),
                InvalidVestingError,
                "tranches[1].date",
                dt.date(2024, 1, 1),
                TRANCHES_OUT_OF_ORDER.format(previous=dt.date(2024, 2, 1)),
            ),
            (
                lambda: VestingSchedule.tranches([("2024-02-01", 1), ("2024-02-01", 1)]),
                InvalidVestingError,
                "tranches[1].date",
                dt.date(2024, 2, 1),
                TRANCHES_OUT_OF_ORDER.format(previous=dt.date(2024, 2, 1)),
            ),
            (
                lambda: VestingSchedule(
                    start="2024-01-01", months=12, explicit_tranches=[("2024-01-01", 1)]
                ),
                InvalidVestingError,
                "explicit_tranches",
                ((dt.date(2024, 1, 1), 1),),
                TRANCHES_ALONE,
            ),
            (
                lambda: VestingSchedule(start="2024-01-01", explicit_tranches=[("2024-01-01", 1)]),
                InvalidVestingError,
                "explicit_tranches",
                ((dt.date(2024, 1, 1), 1),),
                TRANCHES_ALONE,
            ),
            (
                lambda: VestingSchedule(months=12, explicit_tranches=[("2024-01-01", 1)]),
                InvalidVestingError,
                "explicit_tranches",
                ((dt.date(2024, 1, 1), 1),),
                TRANCHES_ALONE,
            ),
        ],
    )
    def test_refusals(
        self, make: Any, error: type[OptionError], field: str, value: object, rule: str
    ) -> None:
        """Schedules that cannot vest as stated are refused, naming the field and the rule."""
        with pytest.raises(error) as raised:
            make()
        refused(raised, cls=error, field=field, value=value, rule=rule)

    def test_counts_of_other_integral_types(self) -> None:
        """A count of months of another integral type (numpy's, say) is read as an int."""

        class Count(int):
            pass

        schedule = VestingSchedule.graded("2024-01-01", months=Count(12), every=Count(3))
        assert (type(schedule.months), schedule.months, schedule.every) == (int, 12, 3)

    def test_longest_schedule(self) -> None:
        """100 years of monthly installments is the longest schedule."""
        schedule = VestingSchedule.graded("2024-01-01", months=1_200)
        assert schedule.installments(1_200)[-1] == (dt.date(2124, 1, 1), 1)

    def test_cliff_on_an_installment(self) -> None:
        """Every 2 months with a 2-month cliff: one installment every 2 months, none skipped."""
        schedule = VestingSchedule.graded("2020-01-01", months=12, every=2, cliff=2)
        assert [(str(day), shares) for day, shares in schedule.installments(6_000)] == [
            (f"2020-{month:02}-01", 1_000) for month in (3, 5, 7, 9, 11)
        ] + [("2021-01-01", 1_000)]

    def test_last_installment_in_9999(self) -> None:
        """An installment in the year 9999 is on the calendar."""
        schedule = VestingSchedule.graded("9998-06-01", months=12)
        assert schedule.installments(12)[-1] == (dt.date(9999, 6, 1), 1)

    @pytest.mark.parametrize("total", [12, 2])
    def test_past_the_calendar(self, total: int) -> None:
        """An installment after 9999-12-31 is a clear error, even one that vests no share."""
        schedule = VestingSchedule.graded("9999-06-30", months=12)
        with pytest.raises(InvalidDateError) as raised:
            schedule.installments(total)
        rule = INSTALLMENT_TOO_LATE.format(months=7)
        refused(raised, field="start", value=dt.date(9999, 6, 30), rule=rule)

    @given(schedules_and_totals())
    @example((VestingSchedule.graded("2024-01-01", months=12, every=3, cliff=1), 1_000))
    @example((VestingSchedule.graded("2024-01-01", months=12, every=3, cliff=6), 2))
    @example((VestingSchedule.graded("2024-01-31", months=48, cliff=12), 3))
    @example((VestingSchedule.graded("2024-01-31", months=48, allocation="FRONT_LOADED"), 5))
    @example((VestingSchedule.graded("9998-06-01", months=12, cliff=3), 2))  # few, near 9999
    def test_installments_are_positive_dated_in_order_and_add_up(
        self, case: tuple[VestingSchedule, int]
    ) -> None:
        """Every installment vests some shares, each later than the last, and together
        they are the grant: a date with no share to vest is left out (fewer shares than
        installments; a cliff before the first installment)."""
        schedule, total = case
        if schedule.is_immediate:
            with pytest.raises(InvalidVestingError):
                schedule.installments(total)
            return
        installments = schedule.installments(total)
        assert all(shares > 0 for _, shares in installments)
        days = [day for day, _ in installments]
        assert days == sorted(set(days))
        assert sum(shares for _, shares in installments) == total

    def test_a_cliff_before_the_first_installment_changes_nothing(self) -> None:
        """Quarterly with a 1-month cliff: no installment falls before it, so none moves."""
        with_cliff = VestingSchedule.graded("2024-01-01", months=12, every=3, cliff=1)
        without = VestingSchedule.graded("2024-01-01", months=12, every=3)
        assert with_cliff.installments(1_000) == without.installments(1_000)

    def test_fewer_shares_than_installments(self) -> None:
        """2 shares over 4 quarters vest on the two dates that carry one."""
        schedule = VestingSchedule.graded("2024-01-01", months=12, every=3)
        assert schedule.installments(2) == (
            (dt.date(2024, 4, 1), 1),
            (dt.date(2024, 10, 1), 1),
        )

    @pytest.mark.parametrize(
        ("total", "error", "rule"),
        [
            ("10", ShareCountTypeError, NOT_WHOLE_SHARES),
            (Decimal(10), ShareCountTypeError, NOT_WHOLE_SHARES),
            (10.0, ShareCountTypeError, NOT_WHOLE_SHARES),
            (True, ShareCountTypeError, NOT_WHOLE_SHARES),
            (-8, InvalidShareCountError, MUST_BE_POSITIVE),
            (0, InvalidShareCountError, MUST_BE_POSITIVE),
            (10**5000, InvalidShareCountError, OVER_MAX_SHARES),
        ],
        ids=["str", "Decimal", "float", "bool", "negative", "zero", "5001 digits"],
    )
    @pytest.mark.parametrize(
        "schedule",
        [
            VestingSchedule.graded("2024-01-01", months=12, every=3),
            VestingSchedule.tranches([("2024-06-30", 10)]),
        ],
    )
    def test_total_is_a_share_count(
        self, schedule: VestingSchedule, total: object, error: type[OptionError], rule: str
    ) -> None:
        """A total that is not a positive whole number of shares gets the share-count error."""
        with pytest.raises(error) as raised:
            schedule.installments(total)  # type: ignore[arg-type]
        refused(raised, cls=error, field="total", value=total, rule=rule)

    @pytest.mark.parametrize(
        "schedule",
        [
            VestingSchedule.immediate(),
            VestingSchedule.graded("2024-01-31", months=48, every=1, cliff=12),
            VestingSchedule.graded(
                "2024-01-31", months=12, every=3, day_of_month="01", allocation="FRACTIONAL"
            ),
            VestingSchedule.tranches([("2024-06-30", 600)]),
        ],
    )
    def test_repr_evaluates_back(self, schedule: VestingSchedule) -> None:
        """The repr is the constructor call that builds an equal schedule."""
        namespace = {
            "VestingSchedule": VestingSchedule,
            "VestingDayOfMonth": VestingDayOfMonth,
            "AllocationType": AllocationType,
            "datetime": dt,
            "Decimal": Decimal,
        }
        assert eval(repr(schedule), namespace) == schedule  # noqa: S307  (our own repr)

    @given(
        st.sampled_from(["start", "months", "every", "cliff", "day_of_month", "allocation"]),
        anything(),
    )
    @example("months", 10**18)  # once a list of 10**18 installments
    def test_only_option_errors_escape(self, field: str, value: object) -> None:
        """Whatever one term holds: a schedule, or an OptionError."""
        terms: dict[str, Any] = {"start": "2024-01-31", "months": 12, field: value}
        try:
            VestingSchedule(**terms).installments(1_000)
        except OptionError as error:
            assert error.field


def test_docs_allocation_table() -> None:
    """Every row of the allocation table on the vesting page is what ``allocate`` gives."""
    page = (Path(__file__).parents[1] / "docs" / "vesting.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)`[^|]* \| ([\d. -]+) \|", page, re.MULTILINE)
    assert len(rows) == len(AllocationType)
    for name, shown in rows:
        shares = allocate(18, 4, AllocationType(name))
        assert shown.strip() == " - ".join(f"{float(share):g}" for share in shares)


# The words of each cadence, and its months.
CADENCES = {"monthly": 1, "quarterly": 3, "annually": 12, "yearly": 12, "every quarter": 3}


class TestParse:
    """``VestingSchedule.parse``: a schedule from a short description."""

    @pytest.mark.parametrize(
        ("text", "months", "every", "cliff"),
        [
            ("48 months, 12-month cliff", 48, 1, 12),
            ("4 years, 1-year cliff", 48, 1, 12),
            ("4 years, quarterly, 1-year cliff", 48, 3, 12),
            ("12-month cliff, 48 months", 48, 1, 12),
            ("Over 4 Years, Every 6 Months, Cliff of 1 Year", 48, 6, 12),
            ("48 months, cliff 6 months", 48, 1, 6),
            ("36 months, no cliff", 36, 1, 0),
            ("3 years,every year", 36, 12, 0),
            (" 24 months , monthly ", 24, 1, 0),
            ("48 months, 12-month cliff\n", 48, 1, 12),  # pasted, with its line break
            ("48 months\t, 12-month cliff", 48, 1, 12),
            ("\t48\tmonths,\r\n12-month\u00a0cliff", 48, 1, 12),
            ("48-month", 48, 1, 0),
            ("1 year", 12, 1, 0),
        ],
    )
    def test_descriptions(self, text: str, months: int, every: int, cliff: int) -> None:
        """Each way of saying a schedule reads as the graded schedule it says."""
        expected = VestingSchedule.graded("2024-01-15", months=months, every=every, cliff=cliff)
        assert VestingSchedule.parse(text, start="2024-01-15") == expected

    @given(st.data(), st.dates())
    def test_reads_every_graded_schedule(self, data: st.DataObject, start: dt.date) -> None:
        """Any length, cadence and cliff graded accepts, written out, read as that schedule."""
        # Drawn as graded takes them: a cadence, a whole number of installments, a cliff in it.
        every = data.draw(st.integers(1, MAX_MONTHS), label="every")
        months = every * data.draw(st.integers(1, MAX_MONTHS // every), label="installments")
        cliff = data.draw(st.integers(0, months), label="cliff")
        expected = VestingSchedule.graded(start, months=months, every=every, cliff=cliff)
        text = f"{months} months, every {every} months, {cliff}-month cliff"
        assert VestingSchedule.parse(text, start=start) == expected

    @pytest.mark.parametrize("text", ["immediate", "Immediately", " IMMEDIATE ", "immediate\n"])
    def test_immediate(self, text: str) -> None:
        """'immediate' vests on the grant date, whatever the start."""
        assert VestingSchedule.parse(text, start="2024-01-15") == VestingSchedule.immediate()

    def test_the_four_year_grant(self) -> None:
        """The usual employee schedule, read, vests as the figures say."""
        schedule = VestingSchedule.parse("48 months, 12-month cliff", start="2024-01-31")
        installments = schedule.installments(48_000)
        assert installments[0] == (dt.date(2025, 1, 31), 12_000)
        assert len(installments) == 37

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "four years",
            "48",
            "48 weeks",
            "48 months 12-month cliff",
            "48 months; 12-month cliff",
            "48 months, cliff",
            "48 months, cliff of twelve months",
            "48 months, every",
            "\uff14\uff18 months",  # full-width figures
            "123456 months",
            "48 months,",
            "1 year - 0 - ",
            "48\u200bmonths",  # a zero-width space is no space
            "X48 months",
            "48 monthsX",
        ],
    )
    def test_unreadable(self, text: str) -> None:
        """Anything else is refused, quoting the text."""
        with pytest.raises(InvalidVestingError) as raised:
            VestingSchedule.parse(text, start="2024-01-15")
        refused(raised, field="text", rule=UNREADABLE_VESTING, value=text)

    @pytest.mark.parametrize(
        ("text", "part"),
        [
            ("48 months, 4 years", "length"),
            ("48 months, monthly, every 3 months", "cadence"),
            ("48 months, 12-month cliff, cliff of 1 year", "cliff"),
        ],
    )
    def test_part_twice(self, text: str, part: str) -> None:
        """A length, a cadence or a cliff said twice is refused, even when both agree."""
        with pytest.raises(InvalidVestingError) as raised:
            VestingSchedule.parse(text, start="2024-01-15")
        refused(raised, field="text", rule=PART_TWICE.format(part=part), value=text)

    @pytest.mark.parametrize(
        ("text", "rule"),
        [
            (
                "48 months, 60-month cliff",
                CLIFF_AFTER_LENGTH.format(cliff="60-month cliff", length="48 months"),
            ),
            (
                "48 months, every 5 months",
                NOT_WHOLE_INSTALLMENTS.format(length="48 months", every=5),
            ),
            (
                "1 year, quarterly, cliff of  2  years",
                CLIFF_AFTER_LENGTH.format(cliff="cliff of 2 years", length="1 year"),
            ),
            ("10 months, quarterly", NOT_WHOLE_INSTALLMENTS.format(length="10 months", every=3)),
            ("48 months, every 0 months", NO_CADENCE.format(cadence="every 0 months")),
            ("101 years", LENGTH_TOO_LONG.format(length="101 years")),
            ("99999 years", LENGTH_TOO_LONG.format(length="99999 years")),
        ],
    )
    def test_schedules_that_cannot_vest(self, text: str, rule: str) -> None:
        """What reads but no schedule can vest is refused naming the text, in its words:
        not as ``graded`` would, naming arguments the writer never typed (months=48)."""
        with pytest.raises(InvalidVestingError) as raised:
            VestingSchedule.parse(text, start="2024-01-15")
        refused(raised, field="text", rule=rule, value=text)

    def test_start_is_a_date(self) -> None:
        """The start is read as ``graded`` reads it."""
        with pytest.raises(DateTypeError) as raised:
            VestingSchedule.parse("48 months", start=dt.datetime(2024, 1, 15, 9, 30))
        refused(raised, field="start", rule=NOT_A_DATETIME)

    @given(
        st.integers(1, 100),
        st.sampled_from(["months", "years"]),
        st.sampled_from([None, *CADENCES]),
        st.integers(0, 12),
    )
    @example(1, "years", "annually", 12)
    def test_says_what_graded_builds(
        self, count: int, unit: str, cadence: str | None, cliff: int
    ) -> None:
        """Any length, cadence and cliff written out reads as the schedule built from them."""
        months = count * (12 if unit == "years" else 1)
        every = 1 if cadence is None else CADENCES[cadence]
        parts = [f"{count} {unit}", *([] if cadence is None else [cadence])]
        parts.append(f"{cliff}-month cliff")
        text = ", ".join(parts)
        try:
            expected = VestingSchedule.graded("2024-01-15", months=months, every=every, cliff=cliff)
        except InvalidVestingError:
            with pytest.raises(InvalidVestingError) as raised:  # refused in the text's words
                VestingSchedule.parse(text, start="2024-01-15")
            assert raised.value.field == "text"
        else:
            assert VestingSchedule.parse(text, start="2024-01-15") == expected

    @given(st.text(alphabet=st.sampled_from("0123456789 -,monthsyearcliffvqulyd\u0660")))
    @example("1" * 100_000 + " months")
    @example("cliff of " * 10_000)
    def test_fuzz(self, text: str) -> None:
        """Whatever the text, a schedule or an InvalidVestingError: nothing else escapes."""
        try:
            schedule = VestingSchedule.parse(text, start="2024-01-15")
        except InvalidVestingError:
            return
        assert schedule.months > 0 or schedule.is_immediate
