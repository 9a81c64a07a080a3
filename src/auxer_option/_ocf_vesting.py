"""OCF v1.2.0 vesting terms read as a graded :class:`~auxer_option.VestingSchedule`.

OCF states vesting as a graph of conditions. The library holds the common shape, the one
``VestingSchedule.graded`` is: a ``VESTING_START_DATE`` condition that vests nothing, then
in one line a cliff (a period of months, once, relative to the start) and a period of
months repeated (relative to the cliff), or the repeated period alone (relative to the
start); each condition's ``portion`` is the share of the grant its installments hold, and
every period vests on the same day of the month. The start's date is not in the terms: a
``TX_VESTING_START`` of the security gives it.

Anything else (events, absolute dates, periods in days, a third period, a portion of what
remains, a fixed quantity) is refused, naming what differs: read as something else, the
grant would be wrong.

>>> terms = read_terms({"allocation_type": "CUMULATIVE_ROUNDING", "vesting_conditions": [
...     {"id": "start", "quantity": "0", "trigger": {"type": "VESTING_START_DATE"},
...      "next_condition_ids": ["monthly"]},
...     {"id": "monthly", "portion": {"numerator": "1", "denominator": "12"},
...      "trigger": {"type": "VESTING_SCHEDULE_RELATIVE", "relative_to_condition_id": "start",
...                  "period": {"length": 1, "type": "MONTHS", "occurrences": 12,
...                             "day_of_month": "VESTING_START_DAY_OR_LAST_DAY_OF_MONTH"}},
...      "next_condition_ids": []}]})
>>> terms.start_condition, terms.on("2024-01-31")
('start', VestingSchedule.graded(datetime.date(2024, 1, 31), months=12, every=1))
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Final, NamedTuple

from auxer_option._terms import DateLike
from auxer_option._vesting import AllocationType, VestingDayOfMonth, VestingSchedule
from auxer_option.exceptions import InvalidDataError

__all__ = ["GradedTerms", "read_terms"]

#: Vesting conditions that are not a list of objects with an id and a trigger.
NOT_CONDITIONS: Final = "must be a list of conditions, each with an id and a trigger"
#: Two conditions with one id.
CONDITION_TWICE: Final = "is the id of more than one condition"
#: Not exactly one start condition.
ONE_START: Final = "must hold exactly one VESTING_START_DATE condition"
#: A next_condition_ids that leads elsewhere than one line through every condition.
NOT_A_LINE: Final = (
    "must name at most one condition, so that the conditions follow one another in one "
    "line from the start, each once"
)
#: A condition that the line from the start never reaches.
OFF_THE_LINE: Final = "is not reached from the start"
#: A start condition that vests shares.
START_VESTS: Final = "must vest nothing: the start of a graded schedule holds no shares"
#: No period after the start, or more than a cliff and a repeated period.
ONE_OR_TWO_PERIODS: Final = (
    "must be the start then one or two periods (a cliff, then a period repeated), not {count}"
)
#: A condition that is not a period of months after the one before it.
NOT_MONTHS_AFTER: Final = (
    "must be a VESTING_SCHEDULE_RELATIVE period of whole months, 1 or more, relative to "
    "the condition before it"
)
#: A cliff that occurs more than once.
CLIFF_ONCE: Final = "must be 1: a cliff occurs once"
#: A cliff that is not a whole number of the repeated periods.
CLIFF_IN_PERIODS: Final = "must be a whole number of the repeated period's {every} months"
#: A day of the month that differs between the periods.
SAME_DAY: Final = "must be the same for every period: {day}"
#: A portion that is not the installments' equal share: a template of ``expected``.
PORTION_RULE: Final = (
    "must be the installments' equal share of the grant, {expected}, and not of what remains"
)
#: A condition that vests a fixed number of shares.
NO_QUANTITY: Final = "must be a portion of the grant, not a fixed number of shares"
#: An allocation that spreads remainders over OCF's tranches, unlike the installments.
ALLOCATION_AT_CLIFF: Final = (
    "must be CUMULATIVE_ROUNDING, CUMULATIVE_ROUND_DOWN or FRACTIONAL when the cliff holds "
    "several installments: other allocations spread remainders over OCF's tranches, which "
    "are not the installments"
)

_START: Final = "VESTING_START_DATE"
_RELATIVE: Final = "VESTING_SCHEDULE_RELATIVE"
_NUMERIC = re.compile(r"[+-]?[0-9]+(?:\.[0-9]{1,10})?")
# The allocations whose shares at the cliff are the same whether the cliff is one tranche
# of several installments (OCF) or several installments vesting together (the library).
_CUMULATIVE: Final = frozenset(
    {
        AllocationType.CUMULATIVE_ROUNDING,
        AllocationType.CUMULATIVE_ROUND_DOWN,
        AllocationType.FRACTIONAL,
    }
)


class GradedTerms(NamedTuple):
    """Vesting terms read as a graded schedule, less the start's date.

    ``start_condition`` is the id of the condition a ``TX_VESTING_START`` dates.
    """

    start_condition: str
    months: int
    every: int
    cliff: int
    day_of_month: VestingDayOfMonth
    allocation: AllocationType

    def on(self, start: DateLike) -> VestingSchedule:
        """The schedule these terms give when vesting starts on ``start``.

        Raises:
            InvalidDateError, DateTypeError: for a ``start`` that is not a date.
            InvalidVestingError: for a schedule the library refuses (over 100 years).
        """
        return VestingSchedule.graded(
            start,
            months=self.months,
            every=self.every,
            cliff=self.cliff,
            day_of_month=self.day_of_month,
            allocation=self.allocation,
        )


def read_terms(terms: Mapping[str, Any]) -> GradedTerms:
    """The graded schedule that a ``VESTING_TERMS`` object states, if it states one.

    See the module's docs for the shape read; fields are named as in the object
    (``vesting_conditions[1].trigger.period.length``).

    Raises:
        InvalidDataError: naming the field that differs from the shape, and the rule.
        InvalidChoiceError: for an allocation type or day of the month OCF does not have.
    """
    allocation = AllocationType.coerce(terms.get("allocation_type"), "allocation_type")
    line = _line(terms.get("vesting_conditions"))
    (start_index, start), periods = line[0], line[1:]
    _vests_nothing(start, f"vesting_conditions[{start_index}]")
    if not 1 <= len(periods) <= 2:  # noqa: PLR2004  (a cliff, and a period repeated)
        rule = ONE_OR_TWO_PERIODS.format(count=len(periods))
        raise InvalidDataError("vesting_conditions", len(periods), rule)
    read = [
        _period(index, condition, line[number][1]["id"])
        for number, (index, condition) in enumerate(periods)
    ]
    (*cliff, (every, occurrences, day)) = read
    cliff_months = 0
    if cliff:
        cliff_months, once, cliff_day = cliff[0]
        index = periods[0][0]
        field = f"vesting_conditions[{index}].trigger.period"
        if once != 1:
            raise InvalidDataError(f"{field}.occurrences", once, CLIFF_ONCE)
        if cliff_months % every:
            rule = CLIFF_IN_PERIODS.format(every=every)
            raise InvalidDataError(f"{field}.length", cliff_months, rule)
        if cliff_day is not day:
            rule = SAME_DAY.format(day=day.value)
            raise InvalidDataError(f"{field}.day_of_month", cliff_day.value, rule)
    months = cliff_months + every * occurrences
    shares = [Fraction(cliff_months, months)] if cliff else []
    shares.append(Fraction(every, months))
    for (index, condition), expected in zip(periods, shares, strict=True):
        _check_portion(condition, f"vesting_conditions[{index}]", expected)
    if cliff_months > every and allocation not in _CUMULATIVE:
        raise InvalidDataError("allocation_type", allocation.value, ALLOCATION_AT_CLIFF)
    return GradedTerms(start["id"], months, every, cliff_months, day, allocation)


def _line(conditions: object) -> list[tuple[int, Mapping[str, Any]]]:
    """The conditions from the start, each with its index, in the one line they form."""
    by_id, start = _by_id(conditions)
    line = [start]
    on_line = {start[0]}
    while True:
        index, condition = line[-1]
        following = condition.get("next_condition_ids", [])
        field = f"vesting_conditions[{index}].next_condition_ids"
        if not isinstance(following, list | tuple) or len(following) > 1:
            raise InvalidDataError(field, following, NOT_A_LINE)
        if not following:
            break
        found = by_id.get(following[0]) if isinstance(following[0], str) else None
        if found is None or found[0] in on_line:
            raise InvalidDataError(field, following, NOT_A_LINE)
        line.append(found)
        on_line.add(found[0])
    missed = [(index, name) for name, (index, _) in by_id.items() if index not in on_line]
    if missed:
        raise InvalidDataError(f"vesting_conditions[{missed[0][0]}].id", missed[0][1], OFF_THE_LINE)
    return line


def _by_id(
    conditions: object,
) -> tuple[dict[str, tuple[int, Mapping[str, Any]]], tuple[int, Mapping[str, Any]]]:
    """Each condition by its id, with its index; and the start condition."""
    if not isinstance(conditions, list | tuple) or not conditions:
        raise InvalidDataError("vesting_conditions", conditions, NOT_CONDITIONS)
    by_id: dict[str, tuple[int, Mapping[str, Any]]] = {}
    starts = []
    for index, condition in enumerate(conditions):
        field = f"vesting_conditions[{index}]"
        if (
            not isinstance(condition, Mapping)
            or not isinstance(condition.get("id"), str)
            or not isinstance(condition.get("trigger"), Mapping)
        ):
            raise InvalidDataError(field, condition, NOT_CONDITIONS)
        if condition["id"] in by_id:
            raise InvalidDataError(f"{field}.id", condition["id"], CONDITION_TWICE)
        by_id[condition["id"]] = (index, condition)
        if condition["trigger"].get("type") == _START:
            starts.append((index, condition))
    if len(starts) != 1:
        raise InvalidDataError("vesting_conditions", len(starts), ONE_START)
    return by_id, starts[0]


def _vests_nothing(condition: Mapping[str, Any], field: str) -> None:
    quantity = condition.get("quantity", "0")
    portion = condition.get("portion")
    if _number(quantity) != 0:
        raise InvalidDataError(f"{field}.quantity", quantity, START_VESTS)
    if portion is not None:
        numerator = portion.get("numerator") if isinstance(portion, Mapping) else None
        if _number(numerator) != 0:
            raise InvalidDataError(f"{field}.portion", portion, START_VESTS)


def _period(
    index: int, condition: Mapping[str, Any], before: str
) -> tuple[int, int, VestingDayOfMonth]:
    """A period's length in months, its occurrences and its day of the month."""
    trigger = condition["trigger"]
    field = f"vesting_conditions[{index}].trigger"
    period = trigger.get("period")
    if (
        trigger.get("type") != _RELATIVE
        or trigger.get("relative_to_condition_id") != before
        or not isinstance(period, Mapping)
        or period.get("type") != "MONTHS"
    ):
        raise InvalidDataError(field, dict(trigger), NOT_MONTHS_AFTER)
    length, occurrences = (_count(period, name, field) for name in ("length", "occurrences"))
    day = VestingDayOfMonth.coerce(period.get("day_of_month"), f"{field}.period.day_of_month")
    return length, occurrences, day


def _count(period: Mapping[str, Any], name: str, field: str) -> int:
    value = period.get(name)
    if type(value) is not int or value < 1:
        raise InvalidDataError(f"{field}.period.{name}", value, NOT_MONTHS_AFTER)
    return value


def _check_portion(condition: Mapping[str, Any], field: str, expected: Fraction) -> None:
    if "quantity" in condition:
        raise InvalidDataError(f"{field}.quantity", condition["quantity"], NO_QUANTITY)
    portion = condition.get("portion")
    given = None
    if isinstance(portion, Mapping) and portion.get("remainder", False) is False:
        numerator = _number(portion.get("numerator"))
        denominator = _number(portion.get("denominator"))
        if numerator is not None and denominator:
            given = numerator / denominator
    if given != expected:
        rule = PORTION_RULE.format(expected=f"{expected.numerator}/{expected.denominator}")
        raise InvalidDataError(f"{field}.portion", portion, rule)


def _number(text: object) -> Fraction | None:
    """OCF Numeric text as an exact number; ``None`` for anything else."""
    if not isinstance(text, str) or _NUMERIC.fullmatch(text) is None:
        return None
    return Fraction(text)
