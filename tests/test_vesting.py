"""Vesting schedules, allocation and day-of-month rules (``_vesting``)."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option import AllocationType, VestingDayOfMonth, VestingSchedule
from auxer_option._vesting import allocate
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
from .messages import NOT_A_DATETIME
from .strategies import anything, share_counts

OWN_SCHEDULE = "are a schedule of their own: give them without start and months"


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

    @pytest.mark.parametrize("refused", [0, 32, "32", "LAST", True, 1.5])
    def test_unknown_days(self, refused: object) -> None:
        """Anything but OCF's values or a day from 1 to 31 is refused."""
        with pytest.raises(InvalidChoiceError) as raised:
            VestingSchedule.graded("2024-01-31", months=3, day_of_month=refused)  # type: ignore[arg-type]
        days = ", ".join(f"{day:02}" for day in range(1, 29))
        assert str(raised.value) == (
            f"day_of_month={refused!r}: must be one of {days}, 29_OR_LAST_DAY_OF_MONTH, "
            "30_OR_LAST_DAY_OF_MONTH, 31_OR_LAST_DAY_OF_MONTH, "
            "VESTING_START_DAY_OR_LAST_DAY_OF_MONTH"
        )

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
        assert str(raised.value) == "explicit_tranches=1000: must add up to the 999 shares granted"

    def test_immediate(self) -> None:
        """The default schedule vests on the grant date; it has no installments of its own."""
        assert VestingSchedule.immediate() == VestingSchedule()
        assert VestingSchedule.immediate().is_immediate
        with pytest.raises(InvalidVestingError) as raised:
            VestingSchedule.immediate().installments(1)
        assert str(raised.value) == (
            "vesting=VestingSchedule.immediate(): vests on the grant date: no installments"
        )

    @pytest.mark.parametrize(
        ("make", "error", "message"),
        [
            (
                lambda: VestingSchedule.graded("2024-01-01", months=10, every=3),
                InvalidVestingError,
                "months=10: must be a whole number of installments of 3",
            ),
            (
                lambda: VestingSchedule.graded("2024-01-01", months=12, every=0),
                InvalidVestingError,
                "every=0: must be at least 1 month",
            ),
            (
                lambda: VestingSchedule.graded("2024-01-01", months=12, cliff=13),
                InvalidVestingError,
                "cliff=13: must not be after the last installment, at 12",
            ),
            (
                lambda: VestingSchedule.graded("2024-01-01", months=-12),
                InvalidVestingError,
                "months=-12: must be from 0 to 1200 months",
            ),
            (
                lambda: VestingSchedule.graded("2024-01-01", months=12.0),  # type: ignore[arg-type]
                InvalidVestingError,
                "months=12.0: must be a whole number of months",
            ),
            (
                lambda: VestingSchedule.graded("2024-01-01", months=12, every="3"),  # type: ignore[arg-type]
                InvalidVestingError,
                "every='3': must be a whole number of months",
            ),
            (
                lambda: VestingSchedule.graded("2024-01-01", months=12, cliff=-1),
                InvalidVestingError,
                "cliff=-1: must be from 0 to 1200 months",
            ),
            (
                lambda: VestingSchedule.graded("2024-01-01", months=0),
                InvalidVestingError,
                "months=0: a graded schedule needs a start and months",
            ),
            (
                lambda: VestingSchedule.graded("2024-01-01", months=1_212, every=12),
                InvalidVestingError,
                "months=1212: must be from 0 to 1200 months",
            ),
            (
                lambda: VestingSchedule.graded("2024-01-01", months=1_201),
                InvalidVestingError,
                "months=1201: must be from 0 to 1200 months",
            ),
            (
                lambda: VestingSchedule(months=12),
                InvalidVestingError,
                "start=None: a graded schedule needs a start and months",
            ),
            (
                lambda: VestingSchedule(start="2024-01-01"),
                InvalidVestingError,
                "months=0: a graded schedule needs a start and months",
            ),
            (
                lambda: VestingSchedule.graded(dt.datetime(2024, 1, 1), months=12),
                DateTypeError,
                f"start=datetime.datetime(2024, 1, 1, 0, 0): {NOT_A_DATETIME}",
            ),
            (
                lambda: VestingSchedule.graded("2024-01-01", months=12, allocation="ROUND"),
                InvalidChoiceError,
                (
                    "allocation='ROUND': must be one of CUMULATIVE_ROUNDING, "
                    "CUMULATIVE_ROUND_DOWN, FRONT_LOADED, BACK_LOADED, "
                    "FRONT_LOADED_TO_SINGLE_TRANCHE, BACK_LOADED_TO_SINGLE_TRANCHE, FRACTIONAL"
                ),
            ),
            (
                lambda: VestingSchedule.tranches("2024-01-01"),  # type: ignore[arg-type]
                OptionTypeError,
                "tranches='2024-01-01': must be a sequence of (date, shares) pairs",
            ),
            (
                lambda: VestingSchedule.tranches([("2024-01-01",)]),  # type: ignore[list-item]
                OptionTypeError,
                "tranches[0]=('2024-01-01',): must be a (date, shares) pair",
            ),
            (
                lambda: VestingSchedule.tranches([("2024-01-01", 0)]),
                InvalidShareCountError,
                "tranches[0].shares=0: must be positive",
            ),
            (
                lambda: VestingSchedule.tranches([("2024-02-01", 1), ("2024-01-01", 1)]),
                InvalidVestingError,
                (
                    "tranches[1].date=datetime.date(2024, 1, 1): "
                    "must be after the previous tranche's, 2024-02-01"
                ),
            ),
            (
                lambda: VestingSchedule.tranches([("2024-02-01", 1), ("2024-02-01", 1)]),
                InvalidVestingError,
                (
                    "tranches[1].date=datetime.date(2024, 2, 1): "
                    "must be after the previous tranche's, 2024-02-01"
                ),
            ),
            (
                lambda: VestingSchedule(
                    start="2024-01-01", months=12, explicit_tranches=[("2024-01-01", 1)]
                ),
                InvalidVestingError,
                f"explicit_tranches=((datetime.date(2024, 1, 1), 1),): {OWN_SCHEDULE}",
            ),
            (
                lambda: VestingSchedule(start="2024-01-01", explicit_tranches=[("2024-01-01", 1)]),
                InvalidVestingError,
                f"explicit_tranches=((datetime.date(2024, 1, 1), 1),): {OWN_SCHEDULE}",
            ),
            (
                lambda: VestingSchedule(months=12, explicit_tranches=[("2024-01-01", 1)]),
                InvalidVestingError,
                f"explicit_tranches=((datetime.date(2024, 1, 1), 1),): {OWN_SCHEDULE}",
            ),
        ],
    )
    def test_refusals(self, make: Any, error: type[OptionError], message: str) -> None:
        """Schedules that cannot vest as stated are refused, word for word."""
        with pytest.raises(error) as raised:
            make()
        assert str(raised.value) == message

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

    def test_past_the_calendar(self) -> None:
        """An installment after 9999-12-31 is a clear error."""
        schedule = VestingSchedule.graded("9999-06-30", months=12)
        with pytest.raises(InvalidDateError) as raised:
            schedule.installments(12)
        assert str(raised.value) == (
            "start=datetime.date(9999, 6, 30): an installment 7 months later falls after 9999-12-31"
        )

    @given(schedules_and_totals())
    @example((VestingSchedule.graded("2024-01-01", months=12, every=3, cliff=1), 1_000))
    @example((VestingSchedule.graded("2024-01-01", months=12, every=3, cliff=6), 2))
    @example((VestingSchedule.graded("2024-01-31", months=48, cliff=12), 3))
    @example((VestingSchedule.graded("2024-01-31", months=48, allocation="FRONT_LOADED"), 5))
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
        ("total", "error"),
        [
            ("10", ShareCountTypeError),
            (Decimal(10), ShareCountTypeError),
            (10.0, ShareCountTypeError),
            (True, ShareCountTypeError),
            (-8, InvalidShareCountError),
            (0, InvalidShareCountError),
            (10**5000, InvalidShareCountError),
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
        self, schedule: VestingSchedule, total: object, error: type[OptionError]
    ) -> None:
        """A total that is not a positive whole number of shares gets the share-count error."""
        with pytest.raises(error) as raised:
            schedule.installments(total)  # type: ignore[arg-type]
        assert type(raised.value) is error
        assert raised.value.field == "total"

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
