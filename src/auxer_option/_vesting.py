"""Vesting schedules: when a grant's shares vest, by Open Cap Format's rules.

A schedule is a term of the grant, stated in the shares as granted. Graded schedules vest
``months / every`` equal installments, ``every`` months apart from the vesting start, each
date computed in one step from the start with OCF's day-of-month rule; installments that
fall before the cliff vest together on the cliff date. How a total that does not divide
evenly is spread over the installments is OCF's allocation type.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import math
import numbers
import operator
import re
from collections.abc import Iterable
from fractions import Fraction
from typing import Final, NamedTuple, Self

import attrs

from auxer_option._choices import Choice
from auxer_option._money import MUST_BE_POSITIVE, ShareCount, coerce_shares
from auxer_option._pickling import RebuiltByConstructor
from auxer_option._tables import html_table, text_columns
from auxer_option._terms import DateLike, coerce_date, days_in_month
from auxer_option._text import pattern
from auxer_option.exceptions import InvalidDateError, InvalidVestingError, OptionTypeError

__all__ = [
    "Acceleration",
    "AllocationType",
    "Shares",
    "Vesting",
    "VestingDayOfMonth",
    "VestingRow",
    "VestingSchedule",
    "VestingTable",
    "allocate",
    "locked_shares",
]

#: A number of shares that may be fractional: an int, or a Fraction under FRACTIONAL vesting.
Shares = int | Fraction


class AllocationType(Choice):
    """How a total that does not divide evenly is spread over the installments (OCF).

    For 18 shares in 4 installments: ``CUMULATIVE_ROUNDING`` 5-4-5-4 (each cumulative total
    rounded half up), ``CUMULATIVE_ROUND_DOWN`` 4-5-4-5 (rounded down), ``FRONT_LOADED``
    5-5-4-4, ``BACK_LOADED`` 4-4-5-5, ``FRONT_LOADED_TO_SINGLE_TRANCHE`` 6-4-4-4,
    ``BACK_LOADED_TO_SINGLE_TRANCHE`` 4-4-4-6, ``FRACTIONAL`` 4.5 each (held exactly; only
    whole shares can be exercised).

    >>> [int(shares) for shares in allocate(18, 4, AllocationType("FRONT_LOADED"))]
    [5, 5, 4, 4]
    """

    CUMULATIVE_ROUNDING = "CUMULATIVE_ROUNDING"
    CUMULATIVE_ROUND_DOWN = "CUMULATIVE_ROUND_DOWN"
    FRONT_LOADED = "FRONT_LOADED"
    BACK_LOADED = "BACK_LOADED"
    FRONT_LOADED_TO_SINGLE_TRANCHE = "FRONT_LOADED_TO_SINGLE_TRANCHE"
    BACK_LOADED_TO_SINGLE_TRANCHE = "BACK_LOADED_TO_SINGLE_TRANCHE"
    FRACTIONAL = "FRACTIONAL"


class VestingDayOfMonth(Choice):
    """The day of the month installments fall on (OCF's ``VestingDayOfMonth``).

    ``"01"`` to ``"28"``: that day. ``"29_OR_LAST_DAY_OF_MONTH"`` to
    ``"31_OR_LAST_DAY_OF_MONTH"``: that day, or the month's last in shorter months.
    ``"VESTING_START_DAY_OR_LAST_DAY_OF_MONTH"`` (the default): the vesting start's day, or
    the month's last. An int from 1 to 31 is read as the matching value.

    >>> VestingDayOfMonth.coerce(31, "day_of_month")
    VestingDayOfMonth.DAY_31_OR_LAST_DAY_OF_MONTH
    """

    DAY_01 = "01"
    DAY_02 = "02"
    DAY_03 = "03"
    DAY_04 = "04"
    DAY_05 = "05"
    DAY_06 = "06"
    DAY_07 = "07"
    DAY_08 = "08"
    DAY_09 = "09"
    DAY_10 = "10"
    DAY_11 = "11"
    DAY_12 = "12"
    DAY_13 = "13"
    DAY_14 = "14"
    DAY_15 = "15"
    DAY_16 = "16"
    DAY_17 = "17"
    DAY_18 = "18"
    DAY_19 = "19"
    DAY_20 = "20"
    DAY_21 = "21"
    DAY_22 = "22"
    DAY_23 = "23"
    DAY_24 = "24"
    DAY_25 = "25"
    DAY_26 = "26"
    DAY_27 = "27"
    DAY_28 = "28"
    DAY_29_OR_LAST_DAY_OF_MONTH = "29_OR_LAST_DAY_OF_MONTH"
    DAY_30_OR_LAST_DAY_OF_MONTH = "30_OR_LAST_DAY_OF_MONTH"
    DAY_31_OR_LAST_DAY_OF_MONTH = "31_OR_LAST_DAY_OF_MONTH"
    VESTING_START_DAY_OR_LAST_DAY_OF_MONTH = "VESTING_START_DAY_OR_LAST_DAY_OF_MONTH"

    @classmethod
    def coerce(cls, value: object, field: str) -> Self:
        """The member for ``value``: a member, OCF's text, or a day from 1 to 31."""
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 31:  # noqa: PLR2004
            value = f"{value:02}" if value <= 28 else f"{value}_OR_LAST_DAY_OF_MONTH"  # noqa: PLR2004
        return super().coerce(value, field)


def _wanted_day(rule: VestingDayOfMonth, start: dt.date) -> int:
    """The day of the month ``rule`` asks for, for a schedule from ``start``."""
    return (
        start.day
        if rule is VestingDayOfMonth.VESTING_START_DAY_OR_LAST_DAY_OF_MONTH
        else int(rule.value[:2])
    )


class VestingRow(NamedTuple):
    """One row of a vesting table: a date, the shares vesting on it, the running total.

    >>> VestingRow(dt.date(2025, 1, 31), 12_000, 12_000).cumulative
    12000
    """

    date: dt.date
    shares: Shares
    cumulative: Shares


def _count_text(shares: Shares) -> str:
    return f"{shares:,}" if isinstance(shares, int) else str(shares)


class VestingTable(tuple[VestingRow, ...]):
    """The rows of :func:`~auxer_option.vesting_table`: a tuple that also shows as a table.

    >>> print(VestingTable([VestingRow(dt.date(2025, 1, 31), 12_000, 12_000)]))
    Vesting
      Date        Vesting  Vested
      2025-01-31   12,000  12,000
    """

    __slots__ = ()

    def _cells(self) -> list[tuple[str, str, str]]:
        return [
            (f"{row.date}", _count_text(row.shares), _count_text(row.cumulative)) for row in self
        ]

    def __str__(self) -> str:
        return text_columns("Vesting", _VESTING_HEADER, self._cells())

    def _repr_html_(self) -> str:
        return html_table("Vesting", self._cells(), header=_VESTING_HEADER)


_VESTING_HEADER: Final = ("Date", "Vesting", "Vested")


def allocate(total: int, count: int, allocation: AllocationType) -> tuple[Shares, ...]:
    """``total`` shares spread over ``count`` installments as ``allocation`` says.

    The installments always sum to ``total`` exactly.

    >>> allocate(18, 4, AllocationType.CUMULATIVE_ROUNDING)
    (5, 4, 5, 4)
    """
    if allocation is AllocationType.FRACTIONAL:
        return (Fraction(total, count),) * count
    if allocation in {AllocationType.CUMULATIVE_ROUNDING, AllocationType.CUMULATIVE_ROUND_DOWN}:
        half = 1 if allocation is AllocationType.CUMULATIVE_ROUNDING else 0
        # Cumulative totals total * k / count, rounded half up (or down), in integers.
        totals = [(2 * total * k + half * count) // (2 * count) for k in range(count + 1)]
        return tuple(map(operator.sub, totals[1:], totals))
    base, extra = divmod(total, count)
    shares = [base] * count
    if allocation is AllocationType.FRONT_LOADED:
        shares[:extra] = [base + 1] * extra
    elif allocation is AllocationType.BACK_LOADED:
        shares[count - extra :] = [base + 1] * extra
    elif allocation is AllocationType.FRONT_LOADED_TO_SINGLE_TRANCHE:
        shares[0] += extra
    else:  # BACK_LOADED_TO_SINGLE_TRANCHE
        shares[-1] += extra
    return tuple(shares)


def _start(value: DateLike | None) -> dt.date | None:
    return None if value is None else coerce_date(value, "start")


#: The longest schedule: a hundred years of months, far beyond any grant's term.
MAX_MONTHS: Final = 1_200

# The rules vesting schedules are refused by, each written once here; those with a value in
# them are templates, filled in with str.format.
#: A count of months that is not a whole number.
NOT_WHOLE_MONTHS: Final = "must be a whole number of months"
#: A count of months beyond :data:`MAX_MONTHS`.
MONTHS_OUT_OF_RANGE: Final = f"must be from 0 to {MAX_MONTHS} months"
#: Tranches not given as a sequence.
NOT_TRANCHES: Final = "must be a sequence of (date, shares) pairs"
#: One tranche that is not a pair.
NOT_A_TRANCHE: Final = "must be a (date, shares) pair"
#: Tranches out of order: a template of ``previous``, the earlier tranche's date.
TRANCHES_OUT_OF_ORDER: Final = "must be after the previous tranche's, {previous}"
#: Tranches given together with a graded schedule's start and months.
TRANCHES_ALONE: Final = "are a schedule of their own: give them without start and months"
#: A graded schedule with a start but no months, or months but no start.
START_AND_MONTHS: Final = "a graded schedule needs a start and months"
#: Installments zero months apart.
EVERY_AT_LEAST_ONE: Final = "must be at least 1 month"
#: Months that are not whole installments: a template of ``every``.
WHOLE_INSTALLMENTS: Final = "must be a whole number of installments of {every}"
#: A cliff after the last installment: a template of ``months``.
CLIFF_TOO_LATE: Final = "must not be after the last installment, at {months}"
#: Tranches that do not add up to the grant: a template of ``total``.
TRANCHES_ADD_UP: Final = "must add up to the {total} shares granted"
#: Installments asked of an immediate schedule.
NO_INSTALLMENTS: Final = "vests on the grant date: no installments"
#: An installment after 9999-12-31: a template of ``months``, after the start.
INSTALLMENT_TOO_LATE: Final = "an installment {months} months later falls after 9999-12-31"
#: A vesting description that is not text.
VESTING_NOT_TEXT: Final = "must be text such as '48 months, 12-month cliff'"
#: A vesting description that cannot be read.
UNREADABLE_VESTING: Final = (
    "is not a vesting schedule: give its length, then its cadence and its cliff if it has "
    "them, separated by commas, such as '48 months, 12-month cliff' or "
    "'4 years, quarterly, 1-year cliff' (or 'immediate')"
)
#: A vesting description that gives one of its parts twice: a template of ``part``.
PART_TWICE: Final = "gives its {part} twice"
#: A vesting description with a cadence or a cliff but no length.
NO_LENGTH: Final = "gives no length, such as '48 months'"
#: A vesting description whose length is zero.
ZERO_LENGTH: Final = "vests over no time: a schedule that vests on the grant date is 'immediate'"
# What a description says that no schedule can vest, in the description's own words.
#: A length beyond :data:`MAX_MONTHS`: a template of ``length``, as written.
LENGTH_TOO_LONG: Final = (
    "gives {length}, longer than a schedule runs: at most " + f"{MAX_MONTHS} months (100 years)"
)
#: A cadence of no months: a template of ``cadence``, as written.
NO_CADENCE: Final = "gives {cadence}: installments are at least a month apart"
#: A length that is not whole installments: a template of ``length`` (as written), ``every``.
NOT_WHOLE_INSTALLMENTS: Final = "gives {length}, not a whole number of {every}-month installments"
#: A cliff after the last installment: a template of ``cliff`` and ``length``, as written.
CLIFF_AFTER_LENGTH: Final = "gives {cliff}, after the last installment, at {length}"

# What a vesting description's parts say, each part read whole (linear: no part backtracks
# beyond its own few characters). Numbers are ASCII figures, at most five of them: more is
# beyond MAX_MONTHS in any unit, and is refused as unreadable.
_QUANTITY = r"(?P<count>[0-9]{1,5})(?: *- *| +)(?P<unit>months?|years?)"
_LENGTH = pattern(rf"(?:over +)?{_QUANTITY}", re.IGNORECASE | re.ASCII)
_EVERY = pattern(
    rf"every +(?:{_QUANTITY}|(?P<single>month|quarter|year))"
    r"|(?P<adverb>monthly|quarterly|annually|yearly)",
    re.IGNORECASE | re.ASCII,
)
_CLIFF = pattern(
    rf"{_QUANTITY} +cliff|cliff +(?:of +)?(?P<after>.*)|(?P<none>no +cliff)",
    re.IGNORECASE | re.ASCII,
)
_QUANTITY_ALONE = pattern(_QUANTITY, re.IGNORECASE | re.ASCII)
_IMMEDIATE = pattern(r"immediate(?:ly)?", re.IGNORECASE | re.ASCII)
# Months in each unit and cadence word.
_MONTHS_IN: Final = {
    "month": 1,
    "year": 12,
    "quarter": 3,
    "monthly": 1,
    "quarterly": 3,
    "annually": 12,
    "yearly": 12,
}


def _quantity(match: re.Match[str]) -> int:
    unit = match.group("unit").lower().removesuffix("s")
    return int(match.group("count")) * _MONTHS_IN[unit]


def _read_vesting(text: str) -> tuple[int, int, int]:
    """The months, cadence and cliff ``text`` says, in months; see ``VestingSchedule.parse``.

    What it says that no schedule can vest is refused here, in its own words: ``graded``
    would name its arguments, which the text's writer never typed.
    """
    found: dict[str, int] = {}
    said: dict[str, str] = {}
    # Whitespace of any kind separates words as a space does: a pasted tab or line break.
    for part in " ".join(text.split()).split(","):
        words = part.strip(" ")
        if match := _LENGTH().fullmatch(words):
            kind, months = "length", _quantity(match)
        elif match := _EVERY().fullmatch(words):
            word = match.group("single") or match.group("adverb")
            kind = "cadence"
            months = _quantity(match) if word is None else _MONTHS_IN[word.lower()]
        elif match := _CLIFF().fullmatch(words):
            kind, after = "cliff", match.group("after")
            # "cliff of 1 year": the quantity follows, read on its own.
            quantity = match if after is None else _QUANTITY_ALONE().fullmatch(after)
            if quantity is None:
                raise InvalidVestingError("text", text, UNREADABLE_VESTING)
            months = 0 if match.group("none") else _quantity(quantity)
        else:
            raise InvalidVestingError("text", text, UNREADABLE_VESTING)
        if kind in found:
            raise InvalidVestingError("text", text, PART_TWICE.format(part=kind))
        found[kind], said[kind] = months, words
    if "length" not in found:
        raise InvalidVestingError("text", text, NO_LENGTH)
    length, every, cliff = found["length"], found.get("cadence", 1), found.get("cliff", 0)
    rule = _cannot_vest(length, every, cliff, said)
    if rule is not None:
        raise InvalidVestingError("text", text, rule)
    return length, every, cliff


def _cannot_vest(length: int, every: int, cliff: int, said: dict[str, str]) -> str | None:
    """Why no schedule vests as a description says, in the words of its parts (``said``)."""
    if not length:
        return ZERO_LENGTH
    if length > MAX_MONTHS:
        return LENGTH_TOO_LONG.format(length=said["length"])
    if not every:
        return NO_CADENCE.format(cadence=said["cadence"])
    if length % every:
        return NOT_WHOLE_INSTALLMENTS.format(length=said["length"], every=every)
    if cliff > length:
        return CLIFF_AFTER_LENGTH.format(cliff=said["cliff"], length=said["length"])
    return None


def _count(value: object, field: str) -> int:
    if type(value) is int and 0 <= value <= MAX_MONTHS:  # the common case, without the ABC
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidVestingError(field, value, NOT_WHOLE_MONTHS)
    months = int(value)
    if not 0 <= months <= MAX_MONTHS:
        raise InvalidVestingError(field, value, MONTHS_OUT_OF_RANGE)
    return months


def _months(value: int) -> int:
    return _count(value, "months")


def _every(value: int) -> int:
    return _count(value, "every")


def _cliff(value: int) -> int:
    return _count(value, "cliff")


def _day_of_month(value: VestingDayOfMonth | str | int) -> VestingDayOfMonth:
    return VestingDayOfMonth.coerce(value, "day_of_month")


def _allocation(value: AllocationType | str) -> AllocationType:
    return AllocationType.coerce(value, "allocation")


def _tranches(given: Iterable[tuple[DateLike, ShareCount]]) -> tuple[tuple[dt.date, int], ...]:
    value: object = given  # the annotation guides callers; the checks take anything
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise OptionTypeError("tranches", value, NOT_TRANCHES)
    tranches: list[tuple[dt.date, int]] = []
    for index, pair in enumerate(value):
        if not isinstance(pair, tuple | list) or len(pair) != 2:  # noqa: PLR2004  (a pair)
            raise OptionTypeError(f"tranches[{index}]", pair, NOT_A_TRANCHE)
        day = coerce_date(pair[0], f"tranches[{index}].date")
        shares = coerce_shares(pair[1], f"tranches[{index}].shares")
        if tranches and day <= tranches[-1][0]:
            raise InvalidVestingError(
                f"tranches[{index}].date",
                day,
                TRANCHES_OUT_OF_ORDER.format(previous=tranches[-1][0]),
            )
        tranches.append((day, shares))
    return tuple(tranches)


_DEFAULT_DAY: Final = VestingDayOfMonth.VESTING_START_DAY_OR_LAST_DAY_OF_MONTH
_DEFAULT_ALLOCATION: Final = AllocationType.CUMULATIVE_ROUNDING


@attrs.frozen(repr=False, getstate_setstate=False)
class VestingSchedule(RebuiltByConstructor):
    """When a grant's shares vest: at once, in graded installments, or in dated tranches.

    Build one with :meth:`immediate` (the default), :meth:`graded` or :meth:`tranches`.
    The schedule is stated in the shares as granted; the grant it belongs to supplies the
    total.

    >>> from datetime import date
    >>> schedule = VestingSchedule.graded(date(2024, 1, 31), months=48, every=1, cliff=12)
    >>> [str(day) for day, _ in schedule.installments(48_000)[:3]]
    ['2025-01-31', '2025-02-28', '2025-03-31']

    Raises:
        InvalidVestingError: for a schedule that cannot vest (months not a multiple of
            every, a cliff beyond the last installment, tranches out of order, ...).
    """

    start: dt.date | None = attrs.field(default=None, converter=_start, kw_only=True)
    months: int = attrs.field(default=0, converter=_months, kw_only=True)
    every: int = attrs.field(default=1, converter=_every, kw_only=True)
    cliff: int = attrs.field(default=0, converter=_cliff, kw_only=True)
    day_of_month: VestingDayOfMonth = attrs.field(
        default=_DEFAULT_DAY, converter=_day_of_month, kw_only=True
    )
    allocation: AllocationType = attrs.field(
        default=_DEFAULT_ALLOCATION, converter=_allocation, kw_only=True
    )
    explicit_tranches: tuple[tuple[dt.date, int], ...] = attrs.field(
        default=(), converter=_tranches, kw_only=True
    )

    def __attrs_post_init__(self) -> None:
        if self.explicit_tranches and (self.months or self.start is not None):
            raise InvalidVestingError(
                "explicit_tranches",
                self.explicit_tranches,
                TRANCHES_ALONE,
            )
        if (self.start is None) != (self.months == 0):
            field, value = ("start", None) if self.start is None else ("months", self.months)
            raise InvalidVestingError(field, value, START_AND_MONTHS)
        if self.every == 0:
            raise InvalidVestingError("every", 0, EVERY_AT_LEAST_ONE)
        if self.months % self.every:
            rule = WHOLE_INSTALLMENTS.format(every=self.every)
            raise InvalidVestingError("months", self.months, rule)
        if self.cliff > self.months:
            rule = CLIFF_TOO_LATE.format(months=self.months)
            raise InvalidVestingError("cliff", self.cliff, rule)

    @classmethod
    def immediate(cls) -> Self:
        """Every share vests on the grant date (the Auxer grant's schedule).

        >>> VestingSchedule.immediate().is_immediate
        True
        """
        return cls()

    @classmethod
    def graded(
        cls,
        start: DateLike,
        *,
        months: int,
        every: int = 1,
        cliff: int = 0,
        day_of_month: VestingDayOfMonth | str | int = _DEFAULT_DAY,
        allocation: AllocationType | str = _DEFAULT_ALLOCATION,
    ) -> Self:
        """Installments every ``every`` months for ``months`` from ``start``, after a cliff.

        Installment ``k`` falls ``k × every`` months after ``start`` (one step from the
        start, on the day ``day_of_month`` gives); those before the ``cliff`` (in months)
        vest together on the cliff date.

        >>> from datetime import date
        >>> quarterly = VestingSchedule.graded(date(2024, 1, 1), months=12, every=3)
        >>> [(str(day), shares) for day, shares in quarterly.installments(1_000)]
        [('2024-04-01', 250), ('2024-07-01', 250), ('2024-10-01', 250), ('2025-01-01', 250)]
        """
        return cls(
            start=start,
            months=months,
            every=every,
            cliff=cliff,
            day_of_month=day_of_month,
            allocation=allocation,
        )

    @classmethod
    def tranches(cls, tranches: Iterable[tuple[DateLike, ShareCount]]) -> Self:
        """Given shares vesting on given dates, in date order; they must add up to the grant.

        >>> VestingSchedule.tranches([("2024-06-30", 600), ("2024-12-31", 400)]).installments(1_000)
        ((datetime.date(2024, 6, 30), 600), (datetime.date(2024, 12, 31), 400))
        """
        return cls(explicit_tranches=tranches)

    @classmethod
    def parse(cls, text: str, *, start: DateLike) -> Self:
        """Read a schedule from a short description, such as ``"48 months, 12-month cliff"``.

        The text gives the schedule's length (``"48 months"``, ``"4 years"``), then, in any
        order, its cadence (``"every 3 months"``, ``"monthly"``, ``"quarterly"``,
        ``"annually"``; monthly when not said) and its cliff (``"12-month cliff"``,
        ``"cliff of 1 year"``, ``"no cliff"``; none when not said), separated by commas;
        ``"immediate"`` is a schedule that vests on the grant date. Letters may be of
        either case; figures are ASCII; whitespace of any kind (a tab, a line break at the
        end of pasted text) reads as a space. Installments count from ``start``, with the
        defaults of :meth:`graded`.

        >>> VestingSchedule.parse("48 months, 12-month cliff", start="2024-01-15")
        VestingSchedule.graded(datetime.date(2024, 1, 15), months=48, every=1, cliff=12)

        Raises:
            OptionTypeError: for anything but text.
            InvalidVestingError: naming ``text`` and quoting it, for text that is no
                schedule, or that says one no schedule can vest (``"4 years, every 5
                months"``: 4 years is not a whole number of 5-month installments).
        """
        if not isinstance(text, str):
            raise OptionTypeError("text", text, VESTING_NOT_TEXT)
        if _IMMEDIATE().fullmatch(text.strip()):
            return cls.immediate()
        months, every, cliff = _read_vesting(text)
        return cls.graded(start, months=months, every=every, cliff=cliff)

    @property
    def is_immediate(self) -> bool:
        """Whether every share vests on the grant date."""
        return not self.months and not self.explicit_tranches

    def installments(self, total: ShareCount) -> tuple[tuple[dt.date, Shares], ...]:
        """The dates and shares that vest, for a grant of ``total`` shares (graded, tranches).

        Every installment is positive, the dates increase, and the shares add up to
        ``total``: a date that would vest no share (fewer shares than installments, or a
        cliff before the first installment) is left out.

        >>> VestingSchedule.graded("2024-01-01", months=12, every=3).installments(2)
        ((datetime.date(2024, 4, 1), 1), (datetime.date(2024, 10, 1), 1))

        Raises:
            ShareCountTypeError, InvalidShareCountError: if ``total`` is not a positive
                whole number of shares.
            InvalidVestingError: if tranches do not add up to ``total``, or an immediate
                schedule is asked (it vests on the grant date, which the grant knows).
            InvalidDateError: if an installment would fall after 9999-12-31.
        """
        total = coerce_shares(total, "total")
        if self.explicit_tranches:
            given = sum(shares for _, shares in self.explicit_tranches)
            if given != total:
                rule = TRANCHES_ADD_UP.format(total=total)
                raise InvalidVestingError("explicit_tranches", given, rule)
            return self.explicit_tranches
        if self.start is None:
            raise InvalidVestingError("vesting", self, NO_INSTALLMENTS)
        return _graded_installments(self, self.start, total)

    def _installments(self, start: dt.date, total: int) -> tuple[tuple[dt.date, Shares], ...]:
        count = self.months // self.every
        amounts = _allocated(total, count, self.allocation)
        # Installments before the cliff vest together on the cliff date.
        before_cliff = min(self.cliff // self.every, count)
        wanted = _wanted_day(self.day_of_month, start)
        rows: list[tuple[dt.date, Shares]] = []
        if before_cliff:  # a cliff before the first installment holds none back
            rows.append((_date(start, self.cliff, wanted), sum(amounts[:before_cliff])))
        # Past the cliff: k > cliff // every, so k x every > cliff, never the cliff date.
        months = [k * self.every for k in range(before_cliff + 1, count + 1)]
        after = amounts[before_cliff:]
        if 0 not in amounts:
            rows.extend(zip(_dates(start, months, wanted), after, strict=True))
            return tuple(rows)
        # Only installments that vest a share are dated (a grant of fewer shares than
        # installments has many empty ones), once the last is known to be on the calendar.
        if months and start.year + (start.month - 1 + months[-1]) // 12 > dt.MAXYEAR:
            _dates(start, months, wanted)  # refuses the first installment too late
        kept = [index for index, shares in enumerate(after) if shares]
        dated = _dates(start, [months[index] for index in kept], wanted)
        rows.extend(zip(dated, [after[index] for index in kept], strict=True))
        return tuple(row for row in rows if row[1])

    def __repr__(self) -> str:
        if self.explicit_tranches:
            return f"VestingSchedule.tranches({self.explicit_tranches!r})"
        if self.start is None:
            return "VestingSchedule.immediate()"
        terms = [f"{self.start!r}", f"months={self.months}", f"every={self.every}"]
        if self.cliff:
            terms.append(f"cliff={self.cliff}")
        if self.day_of_month is not _DEFAULT_DAY:
            terms.append(f"day_of_month={self.day_of_month!r}")
        if self.allocation is not _DEFAULT_ALLOCATION:
            terms.append(f"allocation={self.allocation!r}")
        return f"VestingSchedule.graded({', '.join(terms)})"


# Grants of the same size on the same schedule share their allocation (a book's checks use
# one share each): the tuple is immutable, worked out once.
_allocated: Final = functools.lru_cache(maxsize=256)(allocate)


def _date(start: dt.date, months: int, wanted: int) -> dt.date:
    """``months`` after ``start``, on the day ``wanted`` or the month's last day."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    if year > dt.MAXYEAR:
        rule = INSTALLMENT_TOO_LATE.format(months=months)
        raise InvalidDateError("start", start, rule)
    return dt.date(year, month, min(wanted, days_in_month(year, month)))


def _dates(start: dt.date, months: list[int], wanted: int) -> list[dt.date]:
    """:func:`_date` of each of ``months`` (increasing): a book reads tens for each grant."""
    first_index = start.month - 1
    if not months or start.year + (first_index + months[-1]) // 12 > dt.MAXYEAR:
        return [_date(start, count, wanted) for count in months]  # refuses the first too late
    indices = [first_index + count for count in months]
    year = start.year
    if wanted <= 28:  # noqa: PLR2004  (every month has a 28th)
        return [dt.date(year + index // 12, index % 12 + 1, wanted) for index in indices]
    return [
        dt.date(
            year + index // 12,
            index % 12 + 1,
            min(wanted, days_in_month(year + index // 12, index % 12 + 1)),
        )
        for index in indices
    ]


# A grant's schedule is asked for its installments when it is read (OCF checks them
# against its ``vestings``) and again when the grant is built: worked out once, for the
# few schedules in use at a time (the installments are a tuple, shared safely).
@functools.lru_cache(maxsize=64)
def _graded_installments(
    schedule: VestingSchedule, start: dt.date, total: int
) -> tuple[tuple[dt.date, Shares], ...]:
    return schedule._installments(start, total)  # noqa: SLF001  (the method, cached)


def _acceleration_date(value: DateLike) -> dt.date:
    return coerce_date(value, "date")


def _accelerated_shares(value: Shares) -> Shares:
    if isinstance(value, Fraction):
        if value <= 0:
            raise InvalidVestingError("shares", value, MUST_BE_POSITIVE)
        return _whole(value)
    return coerce_shares(value, "shares")


@attrs.frozen(getstate_setstate=False)
class Acceleration(RebuiltByConstructor):
    """Shares that vested early, on ``date``, as a change of control may require.

    Single trigger: on the change of control; double trigger: on a termination that
    follows one. Accelerated shares come off the end of the schedule: the installments still to come
    vest as scheduled until the whole grant has vested (see
    :func:`~auxer_option.accelerate`).

    >>> Acceleration("2025-06-30", 12_000).shares
    12000
    """

    date: dt.date = attrs.field(converter=_acceleration_date)
    shares: Shares = attrs.field(converter=_accelerated_shares)


class Vesting:
    """A grant's vesting, worked out once: what has vested by any day, in schedule shares."""

    __slots__ = ("_accelerations", "_cumulative", "_dates", "_end", "total")

    def __init__(
        self,
        installments: tuple[tuple[dt.date, Shares], ...],
        accelerations: tuple[Acceleration, ...],
        total: int,
        end: dt.date | None,
    ) -> None:
        """Vesting from ``installments`` and ``accelerations``, stopping on ``end`` if given."""
        self.total = total
        self._dates = [day for day, _ in installments]
        self._cumulative = list(itertools.accumulate(shares for _, shares in installments))
        self._accelerations = accelerations
        self._end = end

    def vested(self, day: dt.date) -> Shares:
        """The shares vested by the end of ``day`` (vesting stops at the termination)."""
        if self._end is not None:
            day = min(day, self._end)
        index = bisect.bisect_right(self._dates, day)
        scheduled = self._cumulative[index - 1] if index else 0
        accelerated = sum(a.shares for a in self._accelerations if a.date <= day)
        vested = min(self.total, scheduled + accelerated)
        return _whole(vested)

    def unvested(self, day: dt.date) -> Shares:
        """The shares not yet vested by the end of ``day`` (forfeited ones included)."""
        return _whole(self.total - self.vested(day))

    def portions(self) -> list[tuple[dt.date, Shares, dt.date | None]]:
        """Each installment's shares by the day they vest, or ``None`` if they never do.

        Rows are ``(scheduled date, shares, vesting day)``, installments in order, each
        split where its shares vest on different days: the day is the installment's own,
        an earlier acceleration's, or ``None`` for shares a termination forfeits.
        Accelerated shares come off the end of the schedule, the first acceleration's
        last: what :meth:`vested` counts, share by share. The shares add up to the total.
        """
        # Each acceleration takes the top of the schedule left by those before it: the
        # share positions (low, high], counted from the start of the schedule.
        taken: list[tuple[Shares, Shares, dt.date]] = []
        top: Shares = self.total
        for acceleration in self._accelerations:
            taken.append((top - acceleration.shares, top, acceleration.date))
            top -= acceleration.shares
        rows: list[tuple[dt.date, Shares, dt.date | None]] = []
        low: Shares = 0
        for day, high in zip(self._dates, self._cumulative, strict=True):
            pieces = [(day, max(0, min(high, top) - low))]
            pieces += [
                (early, min(high, above) - max(low, below))
                for below, above, early in taken
                if max(low, below) < min(high, above)
            ]
            for vests, shares in pieces:
                if shares:
                    ended = self._end is not None and vests > self._end
                    rows.append((day, _whole(shares), None if ended else vests))
            low = high
        return rows

    def event_dates(self) -> list[dt.date]:
        """The days on which shares may vest, in order, up to the end."""
        days = sorted({*self._dates, *(a.date for a in self._accelerations)})
        return [day for day in days if self._end is None or day <= self._end]


def _whole(shares: Shares) -> Shares:
    """``shares`` as an int when it is whole, so that only true fractions are Fractions."""
    if isinstance(shares, Fraction) and shares.denominator == 1:
        return shares.numerator
    return shares


def locked_shares(unvested: Shares, ratio: Fraction, dropped: Fraction) -> int:
    """How many shares in force are still unvested, of ``unvested`` schedule shares.

    ``ratio`` is the splits' product so far and ``dropped`` the shares in force their
    rounding removed (negative when it added some): each split's ``fraction_dropped``,
    multiplied by the ratios of the splits after it. Rounding is settled against the unvested
    part first, so the vested shares not yet exercised are their exact value in force
    rounded down: a split never takes a vested share, and a fraction of a share is never
    exercisable. Shares a split rounded up vest with the last of the schedule. Callers cap
    the result at the shares outstanding.

    >>> locked_shares(2, Fraction(1, 4), Fraction(1, 2))  # 10 granted, 8 vested, 1:4
    0
    """
    if not unvested:
        return 0
    return max(0, math.ceil(unvested * ratio - dropped))
