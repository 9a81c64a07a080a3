"""OCF vesting terms: the graded shape read as a VestingSchedule, anything else refused."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auxer_option import OptionGrant, VestingSchedule, from_ocf, to_ocf
from auxer_option._ocf_reading import (
    CANNOT_BE_READ,
    NO_VESTING_START,
    STARTS_TWICE,
    TERMS_DISAGREE,
    TERMS_NOT_GRADED,
    TERMS_TWICE,
    UNRESOLVED_TERMS,
    VESTINGS_NOT_TERMS,
)
from auxer_option._ocf_vesting import (
    ALLOCATION_AT_CLIFF,
    CLIFF_IN_PERIODS,
    CLIFF_ONCE,
    CONDITION_TWICE,
    NO_QUANTITY,
    NOT_A_LINE,
    NOT_CONDITIONS,
    NOT_MONTHS_AFTER,
    OFF_THE_LINE,
    ONE_OR_TWO_PERIODS,
    ONE_START,
    PORTION_RULE,
    SAME_DAY,
    START_VESTS,
    GradedTerms,
    read_terms,
)
from auxer_option._terms import coerce_date
from auxer_option._vesting import AllocationType, VestingDayOfMonth
from auxer_option.exceptions import InvalidChoiceError, InvalidDataError, OptionError
from tests.data import OCF_SAMPLES
from tests.grants import four_year_grant
from tests.messages import refused


def sample(name: str) -> Any:
    return json.loads((OCF_SAMPLES / name).read_text(encoding="utf-8"))


def _relative(before: str, length: int, occurrences: int, day: str) -> dict[str, Any]:
    period = {"length": length, "type": "MONTHS", "occurrences": occurrences, "day_of_month": day}
    return {
        "type": "VESTING_SCHEDULE_RELATIVE",
        "period": period,
        "relative_to_condition_id": before,
    }


def terms_for(schedule: VestingSchedule, terms_id: str = "terms-1") -> dict[str, Any]:
    """``schedule`` as an OCF ``VESTING_TERMS`` object, in the shape the reader holds."""
    months, every, cliff = schedule.months, schedule.every, schedule.cliff
    day = schedule.day_of_month.value
    conditions: list[dict[str, Any]] = [
        {"id": "start", "quantity": "0", "trigger": {"type": "VESTING_START_DATE"}}
    ]
    if cliff:
        portion = {"numerator": str(cliff), "denominator": str(months)}
        conditions.append(
            {"id": "cliff", "portion": portion, "trigger": _relative("start", cliff, 1, day)}
        )
    portion = {"numerator": str(every), "denominator": str(months)}
    trigger = _relative(conditions[-1]["id"], every, (months - cliff) // every, day)
    conditions.append({"id": "periodic", "portion": portion, "trigger": trigger})
    for condition, following in zip(conditions, [*conditions[1:], None], strict=True):
        condition["next_condition_ids"] = [] if following is None else [following["id"]]
    return {
        "object_type": "VESTING_TERMS",
        "id": terms_id,
        "name": "graded",
        "description": "graded",
        "allocation_type": schedule.allocation.value,
        "vesting_conditions": conditions,
    }


def vesting_start(security: str, day: dt.date | str, condition: str = "start") -> dict[str, Any]:
    return {
        "object_type": "TX_VESTING_START",
        "id": f"{security}-vesting-start",
        "security_id": security,
        "vesting_condition_id": condition,
        "date": str(day),
    }


def issuance(grant: OptionGrant, terms_id: str = "terms-1", **changes: Any) -> dict[str, Any]:
    """``grant``'s issuance naming vesting terms instead of carrying its schedule."""
    (item,) = to_ocf(grant, security_id="sec-1", stakeholder_id="holder-1")
    item.pop("vestings", None)
    item["comments"] = [c for c in item.get("comments", []) if "vesting:" not in c]
    item["vesting_terms_id"] = terms_id
    item.update(changes)
    return item


FOUR_YEARS = four_year_grant()
SCHEDULE = FOUR_YEARS.vesting
FILE = [terms_for(SCHEDULE), issuance(FOUR_YEARS), vesting_start("sec-1", "2024-01-31")]


@st.composite
def ocf_schedules(draw: st.DrawFn) -> VestingSchedule:
    """Graded schedules in the shape OCF vesting terms state: a cliff of whole periods."""
    every = draw(st.sampled_from([1, 1, 3, 6, 12]))
    count = draw(st.integers(1, 60 // every))
    merged = draw(st.integers(0, count - 1))  # installments held back to the cliff
    allocations = list(AllocationType) if merged <= 1 else ["CUMULATIVE_ROUNDING", "FRACTIONAL"]
    return VestingSchedule.graded(
        draw(st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31))),
        months=every * count,
        every=every,
        cliff=every * merged,
        day_of_month=draw(st.sampled_from(VestingDayOfMonth)),
        allocation=draw(st.sampled_from(allocations)),
    )


class TestReadTerms:
    @given(ocf_schedules())
    def test_round_trip(self, schedule: VestingSchedule) -> None:
        """A graded schedule written as vesting terms reads back as itself."""
        graded = read_terms(terms_for(schedule))
        assert graded.start_condition == "start"
        assert graded.on(schedule.start) == schedule  # type: ignore[arg-type]

    def test_official_four_year_cliff(self) -> None:
        """The official sample's four-year schedule with a one-year cliff."""
        terms = {item["id"]: item for item in sample("VestingTerms.ocf.json")["items"]}
        graded = read_terms(terms["4yr-1yr-cliff-schedule"])
        assert graded == GradedTerms(
            "vesting-start",
            months=48,
            every=1,
            cliff=12,
            day_of_month=VestingDayOfMonth.VESTING_START_DAY_OR_LAST_DAY_OF_MONTH,
            allocation=AllocationType.CUMULATIVE_ROUNDING,
        )
        assert graded.on("2024-01-31") == SCHEDULE

    @pytest.mark.parametrize(
        ("name", "field", "rule"),
        [
            ("multi-tranche-event-based", "vesting_conditions[0].next_condition_ids", NOT_A_LINE),
            ("custom-vesting-100pct-upfront", "vesting_conditions", ONE_START),
            ("6-yr-option-back-loaded", "vesting_conditions", ONE_OR_TWO_PERIODS.format(count=5)),
            (
                "path-dependent-milestone-vesting",
                "vesting_conditions[0].next_condition_ids",
                NOT_A_LINE,
            ),
        ],
    )
    def test_official_others_refused(self, name: str, field: str, rule: str) -> None:
        """The official samples' event, milestone and stepped terms are not a graded schedule."""
        terms = {item["id"]: item for item in sample("VestingTerms.ocf.json")["items"]}
        with pytest.raises(InvalidDataError) as raised:
            read_terms(terms[name])
        refused(raised, field=field, rule=rule)

    def test_no_cliff(self) -> None:
        """A period repeated from the start alone: no cliff."""
        schedule = VestingSchedule.graded("2024-01-01", months=12, every=3)
        assert read_terms(terms_for(schedule)).on("2024-01-01") == schedule

    def test_start_with_a_portion_of_nothing(self) -> None:
        """A start may state that it vests nothing as a portion, or say nothing at all."""
        nothing = {"numerator": "0", "denominator": "1"}
        terms = changed(("vesting_conditions", 0, "portion"), nothing)
        del terms["vesting_conditions"][0]["quantity"]
        assert read_terms(terms).on("2024-01-31") == SCHEDULE

    def test_order_of_the_list_is_free(self) -> None:
        """The conditions are followed by their ids, not by their place in the list."""
        terms = terms_for(SCHEDULE)
        terms["vesting_conditions"].reverse()
        assert read_terms(terms).on("2024-01-31") == SCHEDULE


def changed(path: tuple[Any, ...], value: Any, schedule: VestingSchedule = SCHEDULE) -> Any:
    """The terms of ``schedule`` with the value at ``path`` replaced (deleted if ``...``)."""
    terms = terms_for(schedule)
    *inner, last = path
    place = terms
    for key in inner:
        place = place[key]
    if value is ...:
        del place[last]
    else:
        place[last] = value
    return terms


def _period_field(index: int, name: str) -> str:
    return f"vesting_conditions[{index}].trigger.period.{name}"


class TestTermsProblems:
    @pytest.mark.parametrize(
        ("path", "value", "field", "rule"),
        [
            (("vesting_conditions",), [], "vesting_conditions", NOT_CONDITIONS),
            (("vesting_conditions",), {}, "vesting_conditions", NOT_CONDITIONS),
            (("vesting_conditions", 1), 3, "vesting_conditions[1]", NOT_CONDITIONS),
            (("vesting_conditions", 1, "id"), 3, "vesting_conditions[1]", NOT_CONDITIONS),
            (("vesting_conditions", 1, "trigger"), 3, "vesting_conditions[1]", NOT_CONDITIONS),
            (("vesting_conditions", 1, "id"), "start", "vesting_conditions[1].id", CONDITION_TWICE),
            (
                ("vesting_conditions", 0, "trigger", "type"),
                "VESTING_EVENT",
                "vesting_conditions",
                ONE_START,
            ),
            (
                ("vesting_conditions", 0, "next_condition_ids"),
                "cliff",
                "vesting_conditions[0].next_condition_ids",
                NOT_A_LINE,
            ),
            (
                ("vesting_conditions", 0, "next_condition_ids"),
                ["nowhere"],
                "vesting_conditions[0].next_condition_ids",
                NOT_A_LINE,
            ),
            (
                ("vesting_conditions", 0, "next_condition_ids"),
                [3],
                "vesting_conditions[0].next_condition_ids",
                NOT_A_LINE,
            ),
            (
                ("vesting_conditions", 2, "next_condition_ids"),
                ["cliff"],
                "vesting_conditions[2].next_condition_ids",
                NOT_A_LINE,
            ),
            (
                ("vesting_conditions", 0, "next_condition_ids"),
                ["periodic"],
                "vesting_conditions[1].id",
                OFF_THE_LINE,
            ),
            (
                ("vesting_conditions", 0, "quantity"),
                "1",
                "vesting_conditions[0].quantity",
                START_VESTS,
            ),
            (
                ("vesting_conditions", 0, "portion"),
                {"numerator": "1", "denominator": "4"},
                "vesting_conditions[0].portion",
                START_VESTS,
            ),
            (
                ("vesting_conditions", 0, "portion"),
                [],
                "vesting_conditions[0].portion",
                START_VESTS,
            ),
            (
                ("vesting_conditions", 1, "trigger", "type"),
                "VESTING_SCHEDULE_ABSOLUTE",
                "vesting_conditions[1].trigger",
                NOT_MONTHS_AFTER,
            ),
            (
                ("vesting_conditions", 2, "trigger", "relative_to_condition_id"),
                "start",
                "vesting_conditions[2].trigger",
                NOT_MONTHS_AFTER,
            ),
            (
                ("vesting_conditions", 1, "trigger", "period"),
                None,
                "vesting_conditions[1].trigger",
                NOT_MONTHS_AFTER,
            ),
            (
                ("vesting_conditions", 1, "trigger", "period", "type"),
                "DAYS",
                "vesting_conditions[1].trigger",
                NOT_MONTHS_AFTER,
            ),
            (
                ("vesting_conditions", 1, "trigger", "period", "length"),
                0,
                _period_field(1, "length"),
                NOT_MONTHS_AFTER,
            ),
            (
                ("vesting_conditions", 2, "trigger", "period", "occurrences"),
                True,
                _period_field(2, "occurrences"),
                NOT_MONTHS_AFTER,
            ),
            (
                ("vesting_conditions", 1, "trigger", "period", "occurrences"),
                2,
                _period_field(1, "occurrences"),
                CLIFF_ONCE,
            ),
            (
                ("vesting_conditions", 1, "trigger", "period", "day_of_month"),
                "01",
                _period_field(1, "day_of_month"),
                SAME_DAY.format(day="VESTING_START_DAY_OR_LAST_DAY_OF_MONTH"),
            ),
            (
                ("vesting_conditions", 1, "portion"),
                {"numerator": "1", "denominator": "4", "remainder": True},
                "vesting_conditions[1].portion",
                PORTION_RULE.format(expected="1/4"),
            ),
            (
                ("vesting_conditions", 2, "portion"),
                {"numerator": "1", "denominator": "36"},
                "vesting_conditions[2].portion",
                PORTION_RULE.format(expected="1/48"),
            ),
            (
                ("vesting_conditions", 2, "portion"),
                {"numerator": "1", "denominator": "0"},
                "vesting_conditions[2].portion",
                PORTION_RULE.format(expected="1/48"),
            ),
            (
                ("vesting_conditions", 2, "portion"),
                {"numerator": 1, "denominator": "48"},
                "vesting_conditions[2].portion",
                PORTION_RULE.format(expected="1/48"),
            ),
            (
                ("vesting_conditions", 2, "portion"),
                ...,
                "vesting_conditions[2].portion",
                PORTION_RULE.format(expected="1/48"),
            ),
            (
                ("vesting_conditions", 2, "quantity"),
                "1000",
                "vesting_conditions[2].quantity",
                NO_QUANTITY,
            ),
            (("allocation_type",), "FRONT_LOADED", "allocation_type", ALLOCATION_AT_CLIFF),
        ],
    )
    def test_refused(self, path: tuple[Any, ...], value: Any, field: str, rule: str) -> None:
        """Each way the terms differ from the graded shape is named by field and rule."""
        with pytest.raises(InvalidDataError) as raised:
            read_terms(changed(path, value))
        refused(raised, field=field, rule=rule)

    def test_cliff_between_installments(self) -> None:
        """A cliff that falls between two installments is not the library's cliff."""
        quarterly = VestingSchedule.graded("2024-01-01", months=12, every=3, cliff=3)
        terms = changed(("vesting_conditions", 1, "trigger", "period", "length"), 4, quarterly)
        with pytest.raises(InvalidDataError) as raised:
            read_terms(terms)
        refused(raised, field=_period_field(1, "length"), rule=CLIFF_IN_PERIODS.format(every=3))

    def test_more_periods(self) -> None:
        """A third period is a schedule the library cannot hold."""
        terms = terms_for(SCHEDULE)
        third = copy.deepcopy(terms["vesting_conditions"][2])
        third["id"] = "more"
        third["trigger"]["relative_to_condition_id"] = "periodic"
        terms["vesting_conditions"][2]["next_condition_ids"] = ["more"]
        terms["vesting_conditions"].append(third)
        with pytest.raises(InvalidDataError) as raised:
            read_terms(terms)
        refused(
            raised, field="vesting_conditions", value=3, rule=ONE_OR_TWO_PERIODS.format(count=3)
        )

    def test_start_alone(self) -> None:
        terms = terms_for(SCHEDULE)
        terms["vesting_conditions"] = terms["vesting_conditions"][:1]
        terms["vesting_conditions"][0]["next_condition_ids"] = []
        with pytest.raises(InvalidDataError) as raised:
            read_terms(terms)
        refused(raised, field="vesting_conditions", rule=ONE_OR_TWO_PERIODS.format(count=0))

    def test_unknown_choices(self) -> None:
        """An allocation type or a day OCF does not have is a choice refused."""
        with pytest.raises(InvalidChoiceError) as raised:
            read_terms(changed(("allocation_type",), "EVENLY"))
        assert raised.value.field == "allocation_type"
        with pytest.raises(InvalidChoiceError) as raised:
            read_terms(
                changed(("vesting_conditions", 2, "trigger", "period", "day_of_month"), "32")
            )
        assert raised.value.field == _period_field(2, "day_of_month")

    def test_one_installment_at_the_cliff_takes_any_allocation(self) -> None:
        """A cliff of one installment is one of OCF's tranches: every allocation reads alike."""
        schedule = VestingSchedule.graded(
            "2024-01-01", months=12, every=3, cliff=3, allocation="FRONT_LOADED"
        )
        assert read_terms(terms_for(schedule)).on("2024-01-01") == schedule


def skipped_reasons(items: list[dict[str, Any]]) -> dict[str | None, tuple[str, bool]]:
    return {entry.id: (entry.reason, entry.inconsistent) for entry in from_ocf(items).skipped}


def reading(items: list[dict[str, Any]]) -> str:
    """Why the file's one issuance was not read."""
    read = from_ocf(items)
    assert read.grants == {}
    (entry,) = [entry for entry in read.skipped if entry.inconsistent]
    return entry.reason


def because(field: str, value: object, rule: str) -> str:
    """The reason of an issuance refused with ``InvalidDataError(field, value, rule)``."""
    return CANNOT_BE_READ.format(error=InvalidDataError(field, value, rule))


class TestFromOcf:
    def test_grant_with_vesting_terms(self) -> None:
        """An issuance naming vesting terms gets their schedule, from its vesting start."""
        read = from_ocf(FILE)
        assert read.grants == {"sec-1": FOUR_YEARS}
        assert read.skipped == ()

    def test_order_does_not_matter(self) -> None:
        """Terms and start may come before or after the issuance."""
        assert from_ocf(FILE[::-1]).grants == {"sec-1": FOUR_YEARS}

    def test_official_samples(self) -> None:
        """The official vesting terms and vesting transactions, with an option issued."""
        grant = OptionGrant(
            "2021-01-01",
            4_800,
            "1.00",
            term="10 years",
            vesting=VestingSchedule.graded("2021-01-01", months=48, cliff=12),
        )
        option = issuance(grant, "4yr-1yr-cliff-schedule", security_id="vesting-ex-1")
        terms = sample("VestingTerms.ocf.json")["items"]
        transactions = sample("VestingTransactions.examples.ocf.json")["items"]
        read = from_ocf([*terms, *transactions, option])
        assert read.grants == {"vesting-ex-1": grant}
        # The other terms, and the vesting event, are skipped for what they are.
        assert sorted(str(entry.id) for entry in read.skipped) == sorted(
            [item["id"] for item in terms if item["id"] != "4yr-1yr-cliff-schedule"]
            + [item["id"] for item in transactions if item["object_type"] != "TX_VESTING_START"]
        )
        assert not any(entry.inconsistent for entry in read.skipped)

    def test_official_terms_not_held(self) -> None:
        """An option on the official event-based terms is refused, not read as vested."""
        option = issuance(FOUR_YEARS, "multi-tranche-event-based")
        terms = sample("VestingTerms.ocf.json")["items"]
        reason = reading([*terms, option, vesting_start("sec-1", "2024-01-31", "vesting-start")])
        with pytest.raises(InvalidDataError) as raised:
            read_terms(terms[1])
        rule = TERMS_NOT_GRADED.format(error=raised.value)
        assert reason == because("vesting_terms_id", "multi-tranche-event-based", rule)

    def test_unused_terms_and_starts_skipped(self) -> None:
        """Terms no read grant names, and starts of other securities, are listed as skipped."""
        items = [*FILE, terms_for(SCHEDULE, "other"), vesting_start("sec-2", "2024-01-01")]
        reasons = skipped_reasons(items)
        assert reasons == {
            "other": (
                "vesting terms that no option grant read here takes its schedule from",
                False,
            ),
            "sec-2-vesting-start": (
                (
                    "the vesting start of 'sec-2', which no option grant read here takes its "
                    "schedule from"
                ),
                False,
            ),
        }

    def test_terms_of_an_unread_issuance_skipped(self) -> None:
        """When the issuance cannot be read, its terms and start are not read either."""
        items = [FILE[0], issuance(FOUR_YEARS, quantity="x"), FILE[2]]
        reasons = skipped_reasons(items)
        assert set(reasons) == {"terms-1", "sec-1-issuance", "sec-1-vesting-start"}

    def test_vestings_that_agree(self) -> None:
        """Installments given beside the terms are checked, and the terms' schedule kept."""
        (written,) = to_ocf(FOUR_YEARS, security_id="sec-1", stakeholder_id="holder-1")
        items = [FILE[0], issuance(FOUR_YEARS, vestings=written["vestings"]), FILE[2]]
        assert from_ocf(items).grants == {"sec-1": FOUR_YEARS}

    def test_vestings_in_other_digits(self) -> None:
        """Installments written with other digits are read, and still agree."""
        (written,) = to_ocf(FOUR_YEARS, security_id="sec-1", stakeholder_id="holder-1")
        vestings = [{**entry, "amount": entry["amount"] + ".0"} for entry in written["vestings"]]
        items = [FILE[0], issuance(FOUR_YEARS, vestings=vestings), FILE[2]]
        assert from_ocf(items).grants == {"sec-1": FOUR_YEARS}

    def test_carried_schedule_that_agrees(self) -> None:
        """What to_ocf writes, with the same schedule also named as terms."""
        (written,) = to_ocf(FOUR_YEARS, security_id="sec-1", stakeholder_id="holder-1")
        items = [FILE[0], {**written, "vesting_terms_id": "terms-1"}, FILE[2]]
        assert from_ocf(items).grants == {"sec-1": FOUR_YEARS}


class TestFromOcfProblems:
    def test_terms_missing(self) -> None:
        assert reading(FILE[1:]) == because("vesting_terms_id", "terms-1", UNRESOLVED_TERMS)

    def test_terms_id_not_text(self) -> None:
        reason = reading([FILE[0], issuance(FOUR_YEARS, vesting_terms_id=3), FILE[2]])
        assert reason == because("vesting_terms_id", 3, UNRESOLVED_TERMS)

    def test_terms_twice(self) -> None:
        assert reading([*FILE, FILE[0]]) == because("vesting_terms_id", "terms-1", TERMS_TWICE)

    def test_no_start(self) -> None:
        reason = reading([*FILE[:2], vesting_start("sec-1", "2024-01-31", "other")])
        rule = NO_VESTING_START.format(condition="start")
        assert reason == because("vesting_terms_id", "terms-1", rule)

    def test_two_starts(self) -> None:
        reason = reading([*FILE, vesting_start("sec-1", "2024-02-01")])
        rule = STARTS_TWICE.format(condition="start")
        assert reason == because("vesting_terms_id", "terms-1", rule)

    def test_start_not_a_date(self) -> None:
        reason = reading([*FILE[:2], vesting_start("sec-1", "soon")])
        with pytest.raises(OptionError) as raised:
            coerce_date("soon", "TX_VESTING_START.date")
        assert reason == CANNOT_BE_READ.format(error=raised.value)

    def test_terms_read_once(self) -> None:
        """Terms that cannot be held are refused for every grant that names them."""
        bad = changed(("vesting_conditions", 0, "quantity"), "1")
        second = issuance(FOUR_YEARS, security_id="sec-2")
        items = [bad, FILE[1], second, FILE[2], vesting_start("sec-2", "2024-01-31")]
        read = from_ocf(items)
        assert [entry.id for entry in read.skipped if entry.inconsistent] == [
            "sec-1-issuance",
            "sec-1-issuance",
        ]

    def test_vestings_that_disagree(self) -> None:
        vestings = [{"date": "2025-01-31", "amount": "48000"}]
        reason = reading([FILE[0], issuance(FOUR_YEARS, vestings=vestings), FILE[2]])
        assert reason == because("vestings", vestings, VESTINGS_NOT_TERMS)

    def test_carried_schedule_that_disagrees(self) -> None:
        (written,) = to_ocf(FOUR_YEARS, security_id="sec-1", stakeholder_id="holder-1")
        other = terms_for(VestingSchedule.graded("2024-01-31", months=48, cliff=24))
        reason = reading([other, {**written, "vesting_terms_id": "terms-1"}, FILE[2]])
        assert reason == because("vesting_terms_id", "terms-1", TERMS_DISAGREE)

    def test_strict(self) -> None:
        """With strict, an issuance whose terms cannot be read is an error, not a skip."""
        with pytest.raises(InvalidDataError) as raised:
            from_ocf(FILE[1:], strict=True)
        assert raised.value.field == "items"


class TestMessages:
    def test_rules_word_for_word(self) -> None:
        """Each rule of _ocf_vesting, word for word, once: other tests check which rule it is."""
        assert NOT_CONDITIONS == "must be a list of conditions, each with an id and a trigger"
        assert CONDITION_TWICE == "is the id of more than one condition"
        assert ONE_START == "must hold exactly one VESTING_START_DATE condition"
        assert NOT_A_LINE == (
            "must name at most one condition, so that the conditions follow one another in "
            "one line from the start, each once"
        )
        assert OFF_THE_LINE == "is not reached from the start"
        assert START_VESTS == "must vest nothing: the start of a graded schedule holds no shares"
        assert ONE_OR_TWO_PERIODS == (
            "must be the start then one or two periods (a cliff, then a period repeated), "
            "not {count}"
        )
        assert NOT_MONTHS_AFTER == (
            "must be a VESTING_SCHEDULE_RELATIVE period of whole months, 1 or more, relative "
            "to the condition before it"
        )
        assert CLIFF_ONCE == "must be 1: a cliff occurs once"
        assert CLIFF_IN_PERIODS == "must be a whole number of the repeated period's {every} months"
        assert SAME_DAY == "must be the same for every period: {day}"
        assert PORTION_RULE == (
            "must be the installments' equal share of the grant, {expected}, and not of what "
            "remains"
        )
        assert NO_QUANTITY == "must be a portion of the grant, not a fixed number of shares"
        assert ALLOCATION_AT_CLIFF == (
            "must be CUMULATIVE_ROUNDING, CUMULATIVE_ROUND_DOWN or FRACTIONAL when the cliff "
            "holds several installments: other allocations spread remainders over OCF's "
            "tranches, which are not the installments"
        )
