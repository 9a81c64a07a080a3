"""Open Cap Format v1.2.0: exports valid against the official schema, imports of its samples."""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from jsonschema import Draft7Validator
from referencing import Registry, Resource

from auxer_option import (
    AUXER_1999,
    OcfImport,
    OptionGrant,
    PaymentMethod,
    Term,
    TerminationReason,
    VestingSchedule,
    adjust_for_split,
    exercise,
    from_ocf,
    net_exercise,
    terminate,
    to_ocf,
)
from auxer_option._choices import one_of
from auxer_option._exercise import WINDOW_NOT_OPEN
from auxer_option._grant import DISAGREES_WITH_TERM, GRANT_KEYWORDS, NOT_A_GRANT
from auxer_option._history import MORE_THAN_OUTSTANDING
from auxer_option._ocf_reading import (
    _DEFAULTS_AS_WRITTEN,
    ISSUED_AGAIN,
    NO_VESTING_START,
    NOT_ISSUED,
    STARTS_TWICE,
    TERMS_DISAGREE,
    TERMS_NOT_GRADED,
    TERMS_TWICE,
    VESTINGS_NOT_TERMS,
    _Texts,
)
from auxer_option._termination import TerminationReason as Reason
from auxer_option._terms import MAX_TERM, TERM_TOO_LONG
from auxer_option.exceptions import (
    ExerciseWindowError,
    InconsistentGrantError,
    InsufficientSharesError,
    InvalidChoiceError,
    InvalidDataError,
    LossyExportError,
    OptionError,
    OptionTypeError,
)
from auxer_option.ocf import (
    CANNOT_BE_READ,
    CANNOT_BE_RECORDED,
    CARRIED_TWICE,
    COMMENTS_RULE,
    COST_CURRENCY,
    COST_DISAGREES,
    EMPTY_ID,
    GIVEN_TWICE,
    GRADED_FORM,
    MISSING,
    NO_EXPIRY,
    NOT_A_FILE,
    NOT_A_LIST,
    NOT_A_PRICE,
    NOT_A_VESTING,
    NOT_A_WINDOW,
    NOT_AN_OPTION_TYPE,
    NOT_CARRIED,
    NOT_ITEMS,
    NOT_NUMERIC,
    NOT_TEXT,
    NOT_VESTINGS,
    NOT_WHOLE_MONTHS,
    NOT_WHOLE_SHARES,
    OPTION_TYPES,
    PERIOD_RULE,
    PERIOD_TYPES,
    TOO_MANY_PLACES,
    UNRESOLVED_TERMS,
    VESTINGS_DISAGREE,
    WINDOW_DISAGREES,
    SkippedItem,
    cannot_hold,
)
from tests.data import OCF_SAMPLES_WITHOUT_OPTIONS, OCF_SCHEMA, ocf_sample
from tests.grants import FRACTIONAL_18, four_year_grant
from tests.messages import refused
from tests.strategies import (
    anything,
    grants_with_history,
    option_grants,
    replace_one_value,
    vesting_grants,
)

#: The rule of a reason that is none of OCF's.
ONE_OF_THE_REASONS = one_of(Reason)
#: The refusal of a termination window's reason that is none of OCF's.
QUIT = InvalidChoiceError("reason", "QUIT", ONE_OF_THE_REASONS)
#: The refusal of an exercise of a share and a half.
HALF_A_SHARE = InvalidDataError("quantity", "1.5", NOT_WHOLE_SHARES)

SCHEMA_ROOT = "https://schema.opencaptablecoalition.com/v/1.2.0/"


@functools.cache
def registry() -> Registry:
    """Every schema of OCF v1.2.0, by its $id: the $refs resolve locally, with no network."""
    resources = []
    for path in OCF_SCHEMA.rglob("*.schema.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((contents["$id"], Resource.from_contents(contents)))
    return Registry().with_resources(resources)


def validator(name: str) -> Draft7Validator:
    schema = registry().contents(SCHEMA_ROOT + name)
    return Draft7Validator(
        schema, registry=registry(), format_checker=Draft7Validator.FORMAT_CHECKER
    )


def assert_valid(items: list[dict[str, Any]]) -> None:
    """Each item against its own schema, and the list as an OCF transactions file."""
    issuance, *exercises = items
    errors = list(
        validator(
            "objects/transactions/issuance/EquityCompensationIssuance.schema.json"
        ).iter_errors(issuance)
    )
    for item in exercises:
        errors += validator(
            "objects/transactions/exercise/EquityCompensationExercise.schema.json"
        ).iter_errors(item)
    document = {"file_type": "OCF_TRANSACTIONS_FILE", "items": items}
    errors += validator("files/TransactionsFile.schema.json").iter_errors(document)
    assert [error.message for error in errors] == []


def vested_and_exercised() -> OptionGrant:
    grant = four_year_grant()
    grant, _ = exercise(grant, 12_000, "2025-02-03")
    grant, _ = exercise(grant, 2_000, "2025-04-30")
    return grant


# Three shares at 12.5 cents: 0.375 exactly, 0.38 rounded half up, 0.37 rounded down.
CENTS = OptionGrant("2024-01-01", 3, "0.125", term="1 year")
# FRACTIONAL vesting of 5 shares over two months: 2.5 a month, which OCF writes exactly.
HALVES = VestingSchedule.graded("2020-01-01", months=2, allocation="FRACTIONAL")


def export(grant: OptionGrant, **options: Any) -> list[dict[str, Any]]:
    return to_ocf(grant, security_id="sec-1", stakeholder_id="holder-1", **options)


class TestExport:
    def test_auxer(self) -> None:
        items = to_ocf(AUXER_1999, security_id="auxer-1999", stakeholder_id="pmr-associates")
        assert_valid(items)
        (issuance,) = items
        assert issuance == {
            "object_type": "TX_EQUITY_COMPENSATION_ISSUANCE",
            "id": "auxer-1999-issuance",
            "security_id": "auxer-1999",
            "date": "1999-07-01",
            "custom_id": "auxer-1999",
            "stakeholder_id": "pmr-associates",
            "security_law_exemptions": [],
            "compensation_type": "OPTION",
            "quantity": "1000000",
            "exercise_price": {"amount": "0.13", "currency": "USD"},
            "early_exercisable": False,
            "expiration_date": "1999-10-01",
            "termination_exercise_windows": [
                {"reason": "VOLUNTARY_OTHER", "period": 3, "period_type": "MONTHS"},
                {"reason": "VOLUNTARY_GOOD_CAUSE", "period": 3, "period_type": "MONTHS"},
                {"reason": "VOLUNTARY_RETIREMENT", "period": 3, "period_type": "MONTHS"},
                {"reason": "INVOLUNTARY_OTHER", "period": 3, "period_type": "MONTHS"},
                {"reason": "INVOLUNTARY_DEATH", "period": 3, "period_type": "MONTHS"},
                {"reason": "INVOLUNTARY_DISABILITY", "period": 3, "period_type": "MONTHS"},
                {"reason": "INVOLUNTARY_WITH_CAUSE", "period": 0, "period_type": "DAYS"},
            ],
            # What OCF has no field for, carried for from_ocf to read back.
            "comments": [
                "auxer-option/1 term: P3M",
                "auxer-option/1 grantor: The Auxer Group, Inc.",
                "auxer-option/1 grantee: PMR and Associates, LLC",
            ],
        }
        assert from_ocf(items).grants["auxer-1999"] == AUXER_1999

    def test_vested_partly_exercised(self) -> None:
        items = export(
            vested_and_exercised(),
            custom_id="ISO-7",
            stock_class_id="common",
            stock_plan_id="plan-2024",
            compensation_type="OPTION_ISO",
        )
        assert_valid(items)
        issuance, first, second = items
        assert issuance["custom_id"] == "ISO-7"
        assert issuance["stock_class_id"] == "common"
        assert issuance["stock_plan_id"] == "plan-2024"
        assert issuance["vestings"][0] == {"date": "2025-01-31", "amount": "12000"}
        assert issuance["vestings"][-1] == {"date": "2028-01-31", "amount": "1000"}
        assert len(issuance["vestings"]) == 37
        assert first == {
            "object_type": "TX_EQUITY_COMPENSATION_EXERCISE",
            "id": "sec-1-exercise-1",
            "security_id": "sec-1",
            "date": "2025-02-03",
            "quantity": "12000",
            "consideration_text": "25800.00 USD",
            "resulting_security_ids": [],
        }
        assert second["id"] == "sec-1-exercise-2"

    def test_round_trip(self) -> None:
        grant = vested_and_exercised()
        read = from_ocf(export(grant))
        assert read.skipped == ()
        assert read.holders == {"sec-1": "holder-1"}
        assert read.grants["sec-1"] == grant

    def test_fractional_vesting(self) -> None:
        """OCF's own example, 4.5 shares a month: written exactly, and valid."""
        items = export(FRACTIONAL_18)
        assert_valid(items)
        assert [v["amount"] for v in items[0]["vestings"]] == ["4.5"] * 4

    def test_zero_installments_left_out(self) -> None:
        grant = OptionGrant(
            "2024-01-01",
            3,
            "1",
            term="10 years",
            vesting=VestingSchedule.graded("2024-01-01", months=12),
        )
        items = export(grant)
        assert_valid(items)
        assert [v["amount"] for v in items[0]["vestings"]] == ["1", "1", "1"]

    def test_prices_in_full(self) -> None:
        for price, written in [
            ("0.0000000001", "0.0000000001"),
            ("1E-7", "0.0000001"),
            ("32500.00", "32500.00"),
            ("1.0000000000", "1.0000000000"),  # ten places: the digits as given
            ("1.00000000000000", "1"),  # more, but exact: the fewest digits
            ("0E-12", "0"),
        ]:
            grant = OptionGrant("2024-01-01", 1, price, term="1 year")
            assert export(grant)[0]["exercise_price"]["amount"] == written

    def test_a_third_of_a_share(self) -> None:
        """A fractional installment OCF cannot write exactly is refused, never rounded."""
        vesting = VestingSchedule.graded("2020-01-01", months=3, allocation="FRACTIONAL")
        grant = OptionGrant("2020-01-01", 1, "1", term="1 year", vesting=vesting)
        with pytest.raises(LossyExportError) as caught:
            export(grant, allow_loss=True)
        refused(caught, field="vesting", value=Fraction(1, 3), rule=TOO_MANY_PLACES)

    def test_a_cash_exercise_with_its_market_value(self) -> None:
        """OCF's exercise has no market value: a cash exercise that records one loses it."""
        grant, _ = exercise(AUXER_1999, 1_000, "1999-08-02", fair_market_value="0.50")
        with pytest.raises(LossyExportError) as caught:
            export(grant)
        rule = cannot_hold(["how exercises[0] was paid (CASH, with its details)"])
        refused(caught, field="grant", value=grant, rule=rule)

    def test_more_than_ten_places(self) -> None:
        grant = OptionGrant("2024-01-01", 1, "0.00000000001", term="1 year")
        with pytest.raises(LossyExportError) as caught:
            export(grant, allow_loss=True)
        refused(caught, field="exercise_price", rule=TOO_MANY_PLACES)

    @pytest.mark.parametrize(
        ("changes", "lost"),
        [
            (
                {"cutoff_time": "17:00", "time_zone": "America/New_York"},
                "the cutoff time 17:00:00 in America/New_York",
            ),
            ({"time_zone": "Asia/Tokyo"}, "the time zone Asia/Tokyo"),
            ({"business_day_roll": "FOLLOWING"}, "the business-day roll FOLLOWING"),
            ({"expiry_reading": "LESS_ONE_DAY"}, "the less-one-day reading of the term 3 months"),
            ({"expiry_day_included": False}, "the expiry day 1999-10-01 is excluded"),
            ({"first_exercise_date": "1999-08-01"}, "the window opening on 1999-08-01"),
            (
                {"termination_windows": {"VOLUNTARY_OTHER": "1 month 15 days"}},
                "termination window of 1 month 15 days",
            ),
        ],
        ids=["cutoff", "zone", "roll", "less-one-day", "excluded", "opening", "window"],
    )
    def test_lossy_conventions(self, changes: dict[str, Any], lost: str) -> None:
        grant = OptionGrant("1999-07-01", 1_000, "0.13", term="3 months", **changes)
        items = export(grant, allow_loss=True)
        assert_valid(items)
        (described,) = listed_as_lost(items)
        assert lost in described
        with pytest.raises(LossyExportError) as caught:
            export(grant)
        refused(caught, field="grant", value=grant, rule=cannot_hold([described]))

    def test_lossy_history(self) -> None:
        grant, _ = net_exercise(AUXER_1999, 1_000, "1999-08-02", "0.50")
        grant = adjust_for_split(grant, "2:1", on="1999-08-03")
        grant = terminate(grant, "1999-08-04", "VOLUNTARY_OTHER")
        with pytest.raises(LossyExportError) as caught:
            export(grant)
        lost = [
            "1 split adjustment",
            "the termination on 1999-08-04 (VOLUNTARY_OTHER)",
            "how exercises[0] was paid (NET_EXERCISE, with its details)",
        ]
        refused(caught, field="grant", value=grant, rule=cannot_hold(lost))
        assert_valid(export(grant, allow_loss=True))

    def test_accelerations(self) -> None:
        from auxer_option import accelerate

        grant = accelerate(four_year_grant(), "2024-06-30", 1_000)
        grant = accelerate(grant, "2024-07-31", 1_000)
        with pytest.raises(LossyExportError) as twice:
            export(grant)
        refused(twice, field="grant", rule=cannot_hold(["2 vesting accelerations"]))
        with pytest.raises(LossyExportError) as once:
            export(accelerate(four_year_grant(), "2024-06-30", 1_000))
        refused(once, field="grant", rule=cannot_hold(["1 vesting acceleration"]))

    def test_windows_in_one_unit(self) -> None:
        grant = OptionGrant(
            "1999-07-01",
            1,
            "0.13",
            term="3 months",
            termination_windows={
                "VOLUNTARY_OTHER": "2 years",
                "INVOLUNTARY_OTHER": "1 year 6 months",
                "INVOLUNTARY_DEATH": "2 weeks 1 day",
            },
        )
        windows = {
            w["reason"]: (w["period"], w["period_type"])
            for w in export(grant)[0]["termination_exercise_windows"]
        }
        assert windows["VOLUNTARY_OTHER"] == (2, "YEARS")
        assert windows["INVOLUNTARY_OTHER"] == (18, "MONTHS")
        assert windows["INVOLUNTARY_DEATH"] == (15, "DAYS")

    @pytest.mark.parametrize(
        ("options", "error", "rule"),
        [
            ({"compensation_type": "RSU"}, InvalidChoiceError, NOT_AN_OPTION_TYPE),
            ({"security_id": ""}, OptionTypeError, EMPTY_ID),
            ({"security_id": None}, OptionTypeError, EMPTY_ID),
            ({"stakeholder_id": 3}, OptionTypeError, EMPTY_ID),
            ({"stakeholder_id": None}, OptionTypeError, EMPTY_ID),
            ({"custom_id": ""}, OptionTypeError, EMPTY_ID),
            ({"stock_plan_id": ""}, OptionTypeError, EMPTY_ID),
            ({"stock_class_id": 5}, OptionTypeError, EMPTY_ID),
        ],
    )
    def test_bad_options(
        self, options: dict[str, Any], error: type[OptionError], rule: str
    ) -> None:
        arguments = {"security_id": "s", "stakeholder_id": "h", **options}
        with pytest.raises(error) as raised:
            to_ocf(AUXER_1999, **arguments)
        ((field, value),) = options.items()
        refused(raised, cls=error, field=field, value=value, rule=rule)

    def test_class_and_plan(self) -> None:
        """The stock class and plan, when given, are written; otherwise left out."""
        issuance = to_ocf(
            AUXER_1999,
            security_id="s",
            stakeholder_id="h",
            stock_class_id="common",
            stock_plan_id="plan-1999",
        )[0]
        assert (issuance["stock_class_id"], issuance["stock_plan_id"]) == ("common", "plan-1999")
        bare = to_ocf(AUXER_1999, security_id="s", stakeholder_id="h")[0]
        assert "stock_class_id" not in bare
        assert "stock_plan_id" not in bare

    def test_not_a_grant(self) -> None:
        with pytest.raises(OptionTypeError) as raised:
            to_ocf("AUXER_1999", security_id="s", stakeholder_id="h")  # type: ignore[arg-type]
        refused(raised, field="grant", value="AUXER_1999", rule=NOT_A_GRANT)

    @given(
        st.one_of(option_grants(), grants_with_history(max_events=3), vesting_grants(max_events=3))
    )
    @example(FRACTIONAL_18)
    @example(OptionGrant("2020-01-01", 5, "1", term="1 year", vesting=HALVES))
    @example(exercise(CENTS, 3, "2024-02-01", rounding=decimal.ROUND_DOWN)[0])
    @example(exercise(CENTS, 3, "2024-02-01", rounding=None)[0])
    @example(AUXER_1999)
    @example(attrs.evolve(CENTS, termination_windows={"INVOLUNTARY_DEATH": Term(weeks=2)}))
    @example(attrs.evolve(CENTS, termination_windows={"VOLUNTARY_OTHER": Term(years=1, months=12)}))
    @example(attrs.evolve(CENTS, holidays=["2025-01-01"]))
    def test_round_trip_loses_nothing_unlisted(self, grant: OptionGrant) -> None:
        """Read back, the export is the grant, field by field, but for what it lists as lost;
        and without allow_loss, an export that would lose anything raises."""
        try:
            items = export(grant, allow_loss=True)
        except LossyExportError as error:
            # Only a number OCF cannot write (1/3 of a share vesting) stops the export.
            assert error.rule == TOO_MANY_PLACES
            return
        assert_valid(items)
        lost = listed_as_lost(items)
        if lost:
            with pytest.raises(LossyExportError) as caught:
                export(grant)
            refused(caught, field="grant", value=grant, rule=cannot_hold(lost))
        else:
            assert export(grant) == items
        read = from_ocf(items)
        again = read.grants.get("sec-1")
        assert again is not None, read.skipped
        accounted_for = set().union(*(fields_lost(item) for item in lost))
        unlisted = {name for name in differing_fields(again, grant) if name not in accounted_for}
        assert not unlisted, (
            f"{sorted(unlisted)} came back different, but the export lists as lost only {lost}"
        )
        if "exercises" not in accounted_for:
            assert read.skipped == ()


LOST = "Not expressible in OCF v1.2.0: "


def listed_as_lost(items: list[dict[str, Any]]) -> list[str]:
    """What an export's comments list as lost, each as the refusal without allow_loss names it."""
    comments = items[0].get("comments", [])
    return [c.removeprefix(LOST).removesuffix(".") for c in comments if c.startswith(LOST)]


# What each loss an export lists may change on the way back: the fields of OptionGrant.
LOSS_FIELDS = {
    "the cutoff time": {"cutoff_time", "time_zone"},
    "the time zone": {"time_zone"},
    # A roll can put the last day after the expiration date OCF holds: exercises then.
    "the business-day roll": {"business_day_roll", "exercises"},
    "the holiday": {"holidays"},
    "the less-one-day reading": {"expiry_reading", "term"},
    "is excluded from the window": {"expiry_day_included"},
    "the window opening": {"first_exercise_date"},
    "termination window": {"termination_windows"},
    # Shares and prices change with a split, and vest early with an acceleration: the
    # exercises that followed come back at other prices, or cannot be recorded.
    "split adjustment": {"adjustments", "exercises"},
    "vesting acceleration": {"accelerations", "exercises"},
    "the termination on": {"termination"},
    "was paid": {"exercises"},
}


def fields_lost(loss: str) -> set[str]:
    """The fields one listed loss accounts for; every loss the export lists is known here."""
    fields = [names for phrase, names in LOSS_FIELDS.items() if phrase in loss]
    assert fields, f"an unknown loss: {loss}"
    return set().union(*fields)


def differing_fields(again: OptionGrant, grant: OptionGrant) -> list[str]:
    """The fields given to OptionGrant (all it derives follows from them) that differ."""
    return [name for name in GRANT_KEYWORDS if getattr(again, name) != getattr(grant, name)]


def accounted(read: OcfImport) -> int:
    """Items read as grants or exercises, and items skipped: every item is one of them."""
    recorded = sum(len(grant.exercises) for grant in read.grants.values())
    return len(read.grants) + recorded + len(read.skipped)


class TestImportSamples:
    def test_transactions(self) -> None:
        """Every option issuance is read; every other item is skipped, with the reason."""
        items = ocf_sample("Transactions.ocf.json")["items"]
        read = from_ocf(ocf_sample("Transactions.ocf.json"))
        options = [
            item
            for item in items
            if item["object_type"] == "TX_EQUITY_COMPENSATION_ISSUANCE"
            and item["compensation_type"] in OPTION_TYPES
        ]
        assert sorted(read.grants) == sorted(item["security_id"] for item in options)
        assert accounted(read) == len(items)
        assert all(entry.reason for entry in read.skipped)
        grant = read.grants["test-security-id"]
        assert (grant.grant_date.isoformat(), grant.shares, str(grant.exercise_price)) == (
            "2019-12-12",
            50,
            "50.00",
        )
        assert grant.expiration_date.isoformat() == "2031-01-20"
        assert read.holders["test-security-id"] == "test-stakeholder-id"

    def test_reasons(self) -> None:
        read = from_ocf(ocf_sample("Transactions.ocf.json"))
        reasons = {entry.id: entry for entry in read.skipped}
        rsu = reasons["test-plan-security-issuance-minimal"]
        assert rsu.reason == "restricted stock units (RSU), not an option"
        assert not rsu.inconsistent
        too_many = reasons["test-plan-security-exercise-minimal"]
        assert too_many.inconsistent
        assert too_many.reason == TOO_MANY_RECORDED
        assert "warrant" in reasons["test-warrant-issuance-minimal"].reason
        assert [entry.id for entry in read.skipped if entry.inconsistent] == [
            "test-plan-security-exercise-minimal",
            "test-plan-security-exercise-full-fields",
        ]

    def test_every_skipped_item_says_what_and_why(self) -> None:
        """Each skipped item is named by its index, id and type, with the reason for its kind."""
        items = ocf_sample("Transactions.ocf.json")["items"]
        read = from_ocf(ocf_sample("Transactions.ocf.json"))
        for entry in read.skipped:
            item = items[entry.index]
            assert (entry.id, entry.object_type) == (item["id"], item["object_type"])
            assert type(entry.inconsistent) is bool
        reasons = {entry.object_type: (entry.reason, entry.inconsistent) for entry in read.skipped}
        for kind, reason in [
            ("TX_STOCK_ISSUANCE", "a TX_STOCK_ISSUANCE: not an option issuance or exercise"),
            (
                "TX_EQUITY_COMPENSATION_RELEASE",
                "a TX_EQUITY_COMPENSATION_RELEASE: only option issuances and exercises are read",
            ),
            ("TX_WARRANT_ISSUANCE", "a warrant, not an option grant"),
            ("TX_WARRANT_EXERCISE", "a TX_WARRANT_EXERCISE: warrants are not read"),
        ]:
            assert reasons[kind] == (reason, False)
        assert reasons["TX_EQUITY_COMPENSATION_EXERCISE"] == (TOO_MANY_RECORDED, True)

    def test_strict(self) -> None:
        with pytest.raises(InvalidDataError) as caught:
            from_ocf(ocf_sample("Transactions.ocf.json"), strict=True)
        assert caught.value.field == "items"
        problems = caught.value.rule.split("; ")
        assert f"items[23] (test-plan-security-exercise-minimal) {TOO_MANY_RECORDED}" in problems

    @pytest.mark.parametrize(
        "name",
        OCF_SAMPLES_WITHOUT_OPTIONS,
    )
    def test_other_samples(self, name: str) -> None:
        """Files with no option in them: every item skipped with a reason, none lost."""
        document = ocf_sample(name)
        read = from_ocf(document, strict=True)
        assert read.grants == {}
        assert len(read.skipped) == len(document["items"])
        assert all(entry.reason and not entry.inconsistent for entry in read.skipped)


def option_item(**changes: Any) -> dict[str, Any]:
    (issuance,) = export(AUXER_1999)
    issuance.update(changes)
    return issuance


#: The refusal of an exercise of the Auxer grant after it expired.
EXPIRED = ExerciseWindowError(
    "on",
    "1999-10-02",
    WINDOW_NOT_OPEN.format(status="expired", first="1999-07-01", last="1999-10-01"),
)
#: The reason an exercise of 100 of the sample's 50 shares is skipped.
TOO_MANY_RECORDED = CANNOT_BE_RECORDED.format(
    error=InsufficientSharesError(
        "shares", 100, MORE_THAN_OUTSTANDING.format(outstanding=50, granted=50)
    )
)


def exercise_item(**changes: Any) -> dict[str, Any]:
    grant, _ = exercise(AUXER_1999, 1_000, "1999-08-02")
    item = export(grant)[1]
    item.update(changes)
    return item


class TestImportProblems:
    @pytest.mark.parametrize(
        ("changes", "error"),
        [
            (
                {"expiration_date": None},
                InvalidDataError("expiration_date", None, NO_EXPIRY),
            ),
            (
                {"vesting_terms_id": "4yr"},
                InvalidDataError("vesting_terms_id", "4yr", UNRESOLVED_TERMS),
            ),
            ({"quantity": "50.5"}, InvalidDataError("quantity", "50.5", NOT_WHOLE_SHARES)),
            ({"quantity": 50}, InvalidDataError("quantity", 50, NOT_NUMERIC)),
            (
                {"compensation_type": "WARRANT"},
                InvalidChoiceError("compensation_type", "WARRANT", NOT_AN_OPTION_TYPE),
            ),
            ({"exercise_price": "0.13"}, InvalidDataError("exercise_price", "0.13", NOT_A_PRICE)),
            ({"vestings": {}}, InvalidDataError("vestings", {}, NOT_VESTINGS)),
            ({"vestings": [3]}, InvalidDataError("vestings[0]", 3, NOT_A_VESTING)),
            (
                {"vestings": [{"date": "1999-07-01", "amount": "4.5"}]},
                InvalidDataError("vestings[0].amount", "4.5", NOT_WHOLE_SHARES),
            ),
            (
                {"termination_exercise_windows": {}},
                InvalidDataError("termination_exercise_windows", {}, NOT_A_LIST),
            ),
            (
                {"termination_exercise_windows": [1]},
                InvalidDataError("termination_exercise_windows[0]", 1, NOT_A_WINDOW),
            ),
            (
                {
                    "termination_exercise_windows": [
                        {"reason": "VOLUNTARY_OTHER", "period": 1, "period_type": "WEEKS"}
                    ]
                },
                InvalidChoiceError(
                    "termination_exercise_windows[0].period_type", "WEEKS", PERIOD_TYPES
                ),
            ),
            (
                {
                    "termination_exercise_windows": [
                        {"reason": "VOLUNTARY_OTHER", "period": 1, "period_type": ["DAYS"]}
                    ]
                },
                InvalidChoiceError(
                    "termination_exercise_windows[0].period_type", ["DAYS"], PERIOD_TYPES
                ),
            ),
            (
                {
                    "termination_exercise_windows": [
                        {"reason": "VOLUNTARY_OTHER", "period": 1, "period_type": "DAYS"}
                    ]
                    * 2
                },
                InvalidDataError(
                    "termination_exercise_windows[1].reason", "VOLUNTARY_OTHER", GIVEN_TWICE
                ),
            ),
            ({"stakeholder_id": None}, InvalidDataError("stakeholder_id", None, NOT_TEXT)),
            ({"stakeholder_id": 5}, InvalidDataError("stakeholder_id", 5, NOT_TEXT)),
            (
                {"exercise_price": {"amount": 13, "currency": "USD"}},
                InvalidDataError("exercise_price.amount", 13, NOT_NUMERIC),
            ),
            (
                {
                    "termination_exercise_windows": [
                        {"reason": "QUIT", "period": 1, "period_type": "DAYS"}
                    ]
                },
                InvalidChoiceError(
                    "termination_exercise_windows[0].reason", "QUIT", ONE_OF_THE_REASONS
                ),
            ),
            ({"currency": "USD"}, InvalidDataError("currency", None, MISSING)),
        ],
    )
    def test_inconsistent_issuance(self, changes: dict[str, Any], error: OptionError) -> None:
        """Each is skipped as inconsistent, with the refusal of what could not be read."""
        item = option_item(**changes)
        if "currency" in changes:
            del item["currency"]
            item["exercise_price"] = {"amount": "0.13"}
        read = from_ocf([item])
        (entry,) = read.skipped
        assert (entry.id, entry.inconsistent) == ("sec-1-issuance", True)
        assert entry.reason == CANNOT_BE_READ.format(error=error)

    def test_vestings_read(self) -> None:
        item = option_item(
            vestings=[
                {"date": "1999-07-01", "amount": "400000"},
                {"date": "1999-08-01", "amount": "600000"},
            ]
        )
        grant = from_ocf([item]).grants["sec-1"]
        assert grant.vesting == VestingSchedule.tranches(
            [("1999-07-01", 400_000), ("1999-08-01", 600_000)]
        )

    def test_deprecated_names(self) -> None:
        issuance = option_item(object_type="TX_PLAN_SECURITY_ISSUANCE")
        done = exercise_item(object_type="TX_PLAN_SECURITY_EXERCISE")
        assert from_ocf([done, issuance]).grants["sec-1"].outstanding_shares == 999_000
        (release,) = from_ocf([{"object_type": "TX_PLAN_SECURITY_RELEASE", "id": "r"}]).skipped
        assert release.reason == (
            "a TX_PLAN_SECURITY_RELEASE: only option issuances and exercises are read"
        )

    def test_exercises_in_date_order(self) -> None:
        later = exercise_item(date="1999-09-01", id="late")
        earlier = exercise_item(date="1999-08-01", id="early")
        grant = from_ocf([option_item(), later, earlier]).grants["sec-1"]
        assert [str(e.date) for e in grant.exercises] == ["1999-08-01", "1999-09-01"]
        assert grant.exercises[0].payment is PaymentMethod.CASH

    def test_exercise_problems(self) -> None:
        items = [
            option_item(),
            option_item(id="again"),
            exercise_item(security_id="nobody", id="orphan"),
            exercise_item(date="1999-10-02", id="late"),
            exercise_item(quantity="1.5", id="half"),
        ]
        read = from_ocf([*items, exercise_item(security_id=["sec-1"], id="list")])
        reasons = {entry.id: entry.reason for entry in read.skipped}
        assert reasons == {
            "again": "issues security 'sec-1' again",
            "orphan": "exercises 'nobody', which no option issuance here issues",
            "late": CANNOT_BE_RECORDED.format(error=EXPIRED),
            "half": CANNOT_BE_RECORDED.format(error=HALF_A_SHARE),
            "list": "exercises ['sec-1'], which no option issuance here issues",
        }
        assert all(entry.inconsistent for entry in read.skipped)
        with pytest.raises(InvalidDataError) as caught:
            from_ocf(items, strict=True)
        rule = "; ".join(
            [
                "items[1] (again) issues security 'sec-1' again",
                "items[2] (orphan) exercises 'nobody', which no option issuance here issues",
                f"items[3] (late) {CANNOT_BE_RECORDED.format(error=EXPIRED)}",
                f"items[4] (half) {CANNOT_BE_RECORDED.format(error=HALF_A_SHARE)}",
            ]
        )
        refused(caught, field="items", value=["again", "orphan", "late", "half"], rule=rule)

    def test_exercise_of_an_rsu(self) -> None:
        nameless = option_item(compensation_type="SSAR")
        del nameless["security_id"]
        assert from_ocf([nameless]).skipped[0].reason.startswith("a stock-settled")
        rsu = option_item(compensation_type="RSU")
        read = from_ocf([rsu, exercise_item()])
        assert (
            read.skipped[1].reason
            == "exercises 'sec-1', which is restricted stock units (RSU), not an option"
        )
        assert (read.skipped[1].id, read.skipped[1].inconsistent) == (
            exercise_item()["id"],
            False,
        )

    def test_not_objects(self) -> None:
        read = from_ocf([3, {"id": "x"}, {"object_type": ["TX"]}])  # type: ignore[list-item]
        assert [entry.reason for entry in read.skipped] == [
            "not an OCF object (it has no object_type)"
        ] * 3
        assert read.skipped[1].id == "x"

    def test_ids_that_are_not_text(self) -> None:
        """A skipped item's id is reported only if it is text."""
        (entry,) = from_ocf([{"id": 5, "object_type": "TX_X"}]).skipped
        reason = "a TX_X: not an option issuance or exercise"
        assert entry == SkippedItem(0, None, "TX_X", reason, inconsistent=False)

    @pytest.mark.parametrize(
        ("items", "value", "rule"),
        [
            ("items", "items", NOT_ITEMS),
            ({"file_type": "OCF_TRANSACTIONS_FILE"}, ..., NOT_A_FILE),
            ({"items": "x"}, "x", NOT_ITEMS),
            (None, None, NOT_ITEMS),
        ],
    )
    def test_not_a_list(self, items: Any, value: object, rule: str) -> None:
        with pytest.raises(InvalidDataError) as caught:
            from_ocf(items)
        refused(caught, field="items", value=items if value is ... else value, rule=rule)

    def test_early_exercisable(self) -> None:
        """Read when given; an issuance that does not say is not early-exercisable."""
        assert from_ocf([option_item(early_exercisable=True)]).grants["sec-1"].early_exercisable
        silent = option_item()
        silent.pop("early_exercisable", None)
        assert not from_ocf([silent]).grants["sec-1"].early_exercisable

    @given(st.data())
    def test_any_change_to_an_item(self, data: st.DataObject) -> None:
        """Whatever replaces a value in an option item, the import reports it, never raises."""
        items = replace_one_value(
            data,
            [option_item(vestings=[{"date": "1999-07-01", "amount": "1000000"}]), exercise_item()],
        )
        assert accounted(from_ocf(items)) == 2

    @given(
        st.lists(
            anything()
            | st.dictionaries(st.sampled_from(["object_type", "id", "security_id"]), anything()),
            max_size=5,
        )
    )
    def test_anything(self, items: list[Any]) -> None:
        assert accounted(from_ocf(items)) == len(items)


def carried(text: str) -> str:
    return f"auxer-option/1 {text}"


GRADED_COMMENT = carried(
    "vesting: graded start=2024-01-01 months=4 every=1 cliff=0 "
    "day_of_month=VESTING_START_DAY_OR_LAST_DAY_OF_MONTH allocation=FRACTIONAL"
)


class TestCarried:
    """What OCF has no field for travels in comments that from_ocf reads back."""

    def test_fractional_vesting(self) -> None:
        """4.5 shares a month: written exactly, and the grant read back whole, not skipped."""
        items = export(FRACTIONAL_18)
        assert items[0]["comments"] == [carried("term: P10Y"), GRADED_COMMENT]
        read = from_ocf(items)
        assert read.skipped == ()
        assert read.grants["sec-1"] == FRACTIONAL_18

    def test_cost_rounded_down(self) -> None:
        """A cost rounded down (0.375 to 0.37) comes back as 0.37, not rounded half up."""
        grant, record = exercise(CENTS, 3, "2024-02-01", rounding=decimal.ROUND_DOWN)
        items = export(grant)
        assert items[1]["consideration_text"] == "0.37 USD"
        (again,) = from_ocf(items).grants["sec-1"].exercises
        assert again == record

    def test_exact_cost_in_full(self) -> None:
        """An exact cost is written digit for digit, never as 1E-7."""
        grant = OptionGrant("2024-01-01", 1, "0.0000001", term="1 year")
        grant, record = exercise(grant, 1, "2024-02-01", rounding=None)
        items = export(grant)
        assert items[1]["consideration_text"] == "0.0000001 USD"
        assert from_ocf(items).grants["sec-1"].exercises == (record,)

    def test_weeks(self) -> None:
        """A window of 2 weeks is written as 14 days, and read back as 2 weeks."""
        grant = attrs.evolve(CENTS, termination_windows={"INVOLUNTARY_DEATH": Term(weeks=2)})
        (issuance,) = export(grant)
        assert {"reason": "INVOLUNTARY_DEATH", "period": 14, "period_type": "DAYS"} in issuance[
            "termination_exercise_windows"
        ]
        assert carried("termination window INVOLUNTARY_DEATH: P2W") in issuance["comments"]
        assert from_ocf([issuance]).grants["sec-1"] == grant

    def test_parties(self) -> None:
        grant = attrs.evolve(CENTS, grantor="Co, Inc.: the issuer", grantee="Jane Doe")
        (issuance,) = export(grant)
        assert issuance["comments"][1:] == [
            carried("grantor: Co, Inc.: the issuer"),
            carried("grantee: Jane Doe"),
        ]
        assert from_ocf([issuance]).grants["sec-1"] == grant

    def test_holidays_listed(self) -> None:
        """Holidays matter only with a roll, but they are the grant's: listed when lost."""
        grant = attrs.evolve(CENTS, holidays=["2025-01-01", "2024-12-25"])
        with pytest.raises(LossyExportError) as caught:
            export(grant)
        assert "the holidays 2024-12-25, 2025-01-01" in caught.value.rule
        once = attrs.evolve(CENTS, holidays=["2025-01-01"])
        assert LOST + "the holiday 2025-01-01." in export(once, allow_loss=True)[0]["comments"]

    def test_notes_for_people_left_alone(self) -> None:
        item = option_item()
        item["comments"] = ["Board approved.", *item["comments"], "auxer-option/2 x"]
        read = from_ocf([item])
        assert read.grants["sec-1"] == AUXER_1999

    def test_rules_word_for_word(self) -> None:
        """Each rule of this module, word for word, once: other tests check which rule it is."""
        assert NOT_CARRIED == (
            "starts with 'auxer-option/1' but is not a term, grantor, grantee, vesting, "
            "grant_fair_market_value, ten_percent_holder or termination window as to_ocf "
            "writes them"
        )
        assert CARRIED_TWICE == "gives again what an earlier comment gave"
        assert GRADED_FORM == (
            "must be 'graded' then start=, months=, every=, cliff=, day_of_month= and "
            "allocation=, as to_ocf writes them"
        )
        assert VESTINGS_DISAGREE == "must be the installments of the vesting schedule in comments"
        assert WINDOW_DISAGREES == (
            "must be the termination_exercise_windows entry for its reason, in other units"
        )
        assert COST_CURRENCY == "must state the cost in the grant's currency, {currency}"
        assert COST_DISAGREES == (
            "must state what {shares} shares at {price} cost, exactly or rounded to the minor unit"
        )
        assert PERIOD_RULE == "must be a whole number, 0 or more"
        assert COMMENTS_RULE == "must be a list of text"
        assert CANNOT_BE_READ == "cannot be read: {error}"
        assert CANNOT_BE_RECORDED == "cannot be recorded: {error}"
        assert one_of(["OPTION", "OPTION_NSO", "OPTION_ISO"]) == NOT_AN_OPTION_TYPE
        assert EMPTY_ID == "must be non-empty text"
        assert TOO_MANY_PLACES == "has more than 10 decimal places, which OCF cannot write"
        assert MISSING == "is missing"
        assert NOT_A_FILE == "must be a list of OCF objects or a transactions file"
        assert NOT_ITEMS == "must be a list of OCF objects"
        assert NOT_A_PRICE == "must be an amount and a currency"
        assert NO_EXPIRY == "is null: the library reads options that expire"
        assert UNRESOLVED_TERMS == (
            "names vesting terms that are not among the items (read as fully vested, the "
            "grant would be wrong)"
        )
        assert TERMS_TWICE == "names vesting terms that more than one VESTING_TERMS object gives"
        assert TERMS_NOT_GRADED == (
            "names vesting terms the library cannot hold as a schedule: {error}"
        )
        assert NO_VESTING_START == (
            "names vesting terms that start with condition {condition!r}, and no "
            "TX_VESTING_START of this security dates it"
        )
        assert STARTS_TWICE == (
            "names vesting terms that start with condition {condition!r}, which more than "
            "one TX_VESTING_START of this security dates"
        )
        assert TERMS_DISAGREE == "must give the vesting schedule carried in comments"
        assert VESTINGS_NOT_TERMS == "must be the installments of the vesting terms named"
        assert ISSUED_AGAIN == "is issued again by another option issuance"
        assert NOT_ISSUED == "is not issued by an option issuance among the items"
        assert NOT_TEXT == "must be text"
        assert NOT_NUMERIC == 'must be OCF Numeric text, such as "1000" or "0.13"'
        assert NOT_WHOLE_SHARES == "must be a whole number of shares"
        assert NOT_VESTINGS == "must be a list of dates and amounts"
        assert NOT_A_VESTING == "must be a date and an amount"
        assert NOT_A_LIST == "must be a list"
        assert NOT_A_WINDOW == "must be a reason, a period and a period type"
        assert PERIOD_TYPES == "must be DAYS, MONTHS or YEARS"
        assert GIVEN_TWICE == "is given twice"
        assert NOT_WHOLE_MONTHS == "must be a whole number of months"
        assert cannot_hold(["1 split adjustment", "the time zone Asia/Tokyo"]) == (
            "OCF v1.2.0 cannot hold 1 split adjustment; the time zone Asia/Tokyo "
            "(pass allow_loss=True to export without them, listed in comments)"
        )

    def test_a_refusal_in_a_reason(self) -> None:
        """A skipped item's reason quotes the refusal: field, value and rule."""
        reason = CANNOT_BE_READ.format(error=InvalidDataError("vestings", None, MISSING))
        assert reason == "cannot be read: vestings=None: is missing"


def windows_with(period: object, period_type: str = "DAYS") -> list[dict[str, Any]]:
    return [{"reason": "VOLUNTARY_OTHER", "period": period, "period_type": period_type}]


MONTHS_X = GRADED_COMMENT.replace("months=4", "months=x")
START_TWICE = f"{GRADED_COMMENT} start=2024-02-01"
BEGIN = GRADED_COMMENT.replace("start=", "begin=")


def defaults_with(index: int, period: object) -> list[dict[str, Any]]:
    """The default windows as to_ocf writes them, with entry ``index``'s period replaced."""
    windows = [dict(entry) for entry in _DEFAULTS_AS_WRITTEN]
    windows[index]["period"] = period
    return windows


FOUR_MONTHS = [{"date": f"2024-0{month}-01", "amount": "250000"} for month in (2, 3, 4, 5)]
GRADED_WHOLE = GRADED_COMMENT.replace("FRACTIONAL", "CUMULATIVE_ROUNDING")


class TestCarriedProblems:
    @pytest.mark.parametrize(
        ("changes", "field", "value", "rule"),
        [
            ({"comments": "note"}, "comments", "note", COMMENTS_RULE),
            ({"comments": [3]}, "comments[0]", 3, NOT_TEXT),
            ({"comments": [carried("colour: blue")]}, "comments[0]", None, NOT_CARRIED),
            (
                {"comments": [carried("grantor: A"), carried("grantor: B")]},
                "comments[1]",
                carried("grantor: B"),
                CARRIED_TWICE,
            ),
            (
                {"comments": [carried("vesting: monthly")]},
                "comments[0]",
                None,
                CANNOT_BE_READ.format(error=InvalidDataError("vesting", "monthly", GRADED_FORM)),
            ),
            *(
                (
                    {"comments": [text]},
                    "comments[0]",
                    None,
                    CANNOT_BE_READ.format(
                        error=InvalidDataError("vesting", text.partition(": ")[2], GRADED_FORM)
                    ),
                )
                for text in (START_TWICE, BEGIN)
            ),
            (
                {"comments": [MONTHS_X]},
                "comments[0]",
                None,
                CANNOT_BE_READ.format(error=InvalidDataError("months", "x", NOT_WHOLE_MONTHS)),
            ),
            (
                {"comments": [carried("termination window QUIT: P1D")]},
                "comments[0]",
                None,
                CANNOT_BE_READ.format(
                    error=InvalidChoiceError("reason", "QUIT", ONE_OF_THE_REASONS)
                ),
            ),
            (
                {"comments": [GRADED_WHOLE], "vestings": FOUR_MONTHS[:3]},
                "vestings",
                FOUR_MONTHS[:3],
                VESTINGS_DISAGREE,
            ),
            (
                {"comments": [carried("termination window VOLUNTARY_OTHER: P2W")]},
                "comments[0]",
                None,
                WINDOW_DISAGREES,
            ),
            (
                {"comments": [carried("termination window VOLUNTARY_OTHER: P3M1D")]},
                "comments[0]",
                None,
                WINDOW_DISAGREES,
            ),
            (
                {
                    "comments": [carried("termination window VOLUNTARY_OTHER: P3M")],
                    "termination_exercise_windows": [],
                },
                "comments[0]",
                None,
                WINDOW_DISAGREES,
            ),
            *(
                (
                    {"termination_exercise_windows": windows_with(period)},
                    "termination_exercise_windows[0].period",
                    period,
                    PERIOD_RULE,
                )
                for period in (-1, True, 1.5, "3")
            ),
            *(
                (
                    {"termination_exercise_windows": windows_with(period)},
                    "termination_exercise_windows[0].period",
                    period,
                    TERM_TOO_LONG.format(bound=MAX_TERM["days"], field="days"),
                )
                for period in (10**7, 10**5000)
            ),
            # The defaults as to_ocf writes them are taken without reading each entry:
            # a period equal to the default's but not an int is still refused.
            *(
                (
                    {"termination_exercise_windows": defaults_with(index, period)},
                    f"termination_exercise_windows[{index}].period",
                    period,
                    PERIOD_RULE,
                )
                for index, period in ((0, 3.0), (6, False))
            ),
        ],
        ids=[
            "not-a-list",
            "not-text",
            "unknown",
            "twice",
            "not-graded",
            "start-twice",
            "no-start",
            "months",
            "reason",
            "vestings",
            "window-length",
            "window-units",
            "window-missing",
            "negative",
            "bool",
            "float",
            "text",
            "ten-million",
            "huge",
            "default-float",
            "default-bool",
        ],
    )
    def test_refused(self, changes: dict[str, Any], field: str, value: object, rule: str) -> None:
        """Each is skipped, naming the field, the value and the rule."""
        item = option_item(**changes)
        shown = item["comments"][0] if value is None else value
        (entry,) = from_ocf([item]).skipped
        assert entry.inconsistent
        assert entry.reason == CANNOT_BE_READ.format(error=InvalidDataError(field, shown, rule))

    def test_default_windows_read_either_way(self) -> None:
        """The defaults as to_ocf writes them read as the same grant in any other form."""
        item = option_item()
        assert item["termination_exercise_windows"] == _DEFAULTS_AS_WRITTEN
        entries = tuple(reversed(item["termination_exercise_windows"]))
        (grant,) = from_ocf([item]).grants.values()
        (again,) = from_ocf([option_item(termination_exercise_windows=entries)]).grants.values()
        assert grant == again == AUXER_1999

    def test_texts_start_afresh_when_full(self) -> None:
        """The texts of installments are remembered up to a bound, then written anew."""
        texts = _Texts(str)
        for number in range(20_000):
            assert texts[number] == str(number)
        assert len(texts) <= 8_192

    def test_carried_term_must_agree(self) -> None:
        (entry,) = from_ocf([option_item(comments=[carried("term: P2M")])]).skipped
        expiration = dt.date(1999, 10, 1)
        rule = DISAGREES_WITH_TERM.format(
            term="2 months",
            grant_date="1999-07-01",
            expiration="1999-09-01",
            reading="CORRESPONDING_DATE",
        )
        error = InconsistentGrantError("expiration_date", expiration, rule)
        assert entry.reason == CANNOT_BE_READ.format(error=error)

    def test_carried_vesting_needs_vestings(self) -> None:
        (entry,) = from_ocf([option_item(comments=[GRADED_WHOLE])]).skipped
        assert entry.reason == CANNOT_BE_READ.format(
            error=InvalidDataError("vestings", None, MISSING)
        )

    def test_longest_period(self) -> None:
        """The longest Term holds is read; a day longer is refused (above)."""
        longest = MAX_TERM["days"]
        item = option_item(termination_exercise_windows=windows_with(longest))
        grant = from_ocf([item]).grants["sec-1"]
        assert dict(grant.termination_windows)[TerminationReason.VOLUNTARY_OTHER] == Term(
            days=longest
        )

    @pytest.mark.parametrize(
        ("text", "field", "rule"),
        [
            ("0.40 USD", "consideration_text", COST_DISAGREES.format(shares=1000, price="0.13")),
            ("130.00 EUR", "consideration_text", COST_CURRENCY.format(currency="USD")),
        ],
    )
    def test_cost_refused(self, text: str, field: str, rule: str) -> None:
        read = from_ocf([option_item(), exercise_item(consideration_text=text)])
        (entry,) = read.skipped
        assert entry.reason == CANNOT_BE_RECORDED.format(error=InvalidDataError(field, text, rule))

    @pytest.mark.parametrize("text", ["Paid by wire", 130, "130 USD in cash"])
    def test_cost_in_other_words(self, text: object) -> None:
        """Text not written as to_ocf writes a cost is for people: the cost is worked out."""
        read = from_ocf([option_item(), exercise_item(consideration_text=text)])
        assert read.grants["sec-1"].exercises[0].cost == Decimal("130.00")
