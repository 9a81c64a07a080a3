"""Open Cap Format v1.2.0: exports valid against the official schema, imports of its samples."""

from __future__ import annotations

import functools
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft7Validator
from referencing import Registry, Resource

from auxer_option import (
    AUXER_1999,
    OcfImport,
    OptionGrant,
    PaymentMethod,
    VestingSchedule,
    adjust_for_split,
    exercise,
    from_ocf,
    net_exercise,
    terminate,
    to_ocf,
)
from auxer_option.exceptions import (
    InvalidChoiceError,
    InvalidDataError,
    LossyExportError,
    OptionTypeError,
)
from auxer_option.ocf import OPTION_TYPES, SkippedItem
from tests.data import OCF_SAMPLES, OCF_SCHEMA
from tests.grants import FRACTIONAL_18, four_year_grant
from tests.messages import ONE_OF_THE_REASONS
from tests.strategies import (
    anything,
    grants_with_history,
    option_grants,
    replace_one_value,
    vesting_grants,
)

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


def sample(name: str) -> Any:
    return json.loads((OCF_SAMPLES / name).read_text(encoding="utf-8"))


def vested_and_exercised() -> OptionGrant:
    grant = four_year_grant()
    grant, _ = exercise(grant, 12_000, "2025-02-03")
    grant, _ = exercise(grant, 2_000, "2025-04-30")
    return grant


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
        }

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
        again = read.grants["sec-1"]
        assert_same_grant(again, grant)

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
        assert str(caught.value) == (
            "vesting=Fraction(1, 3): has more than 10 decimal places, which OCF cannot write"
        )

    def test_a_cash_exercise_with_its_market_value(self) -> None:
        """OCF's exercise has no market value: a cash exercise that records one loses it."""
        grant, _ = exercise(AUXER_1999, 1_000, "1999-08-02", fair_market_value="0.50")
        with pytest.raises(LossyExportError) as caught:
            export(grant)
        assert caught.value.rule == (
            "OCF v1.2.0 cannot hold how exercises[0] was paid (CASH, with its details) "
            "(pass allow_loss=True to export without them, listed in comments)"
        )

    def test_more_than_ten_places(self) -> None:
        grant = OptionGrant("2024-01-01", 1, "0.00000000001", term="1 year")
        with pytest.raises(
            LossyExportError, match=r"^exercise_price=.*more than 10 decimal places"
        ):
            export(grant, allow_loss=True)

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
        with pytest.raises(LossyExportError, match=r"^grant=.*OCF v1\.2\.0 cannot hold") as caught:
            export(grant)
        assert lost in caught.value.rule
        assert "allow_loss=True" in caught.value.rule
        items = export(grant, allow_loss=True)
        assert_valid(items)
        assert any(lost in comment for comment in items[0]["comments"])

    def test_lossy_history(self) -> None:
        grant, _ = net_exercise(AUXER_1999, 1_000, "1999-08-02", "0.50")
        grant = adjust_for_split(grant, "2:1", on="1999-08-03")
        grant = terminate(grant, "1999-08-04", "VOLUNTARY_OTHER")
        with pytest.raises(LossyExportError) as caught:
            export(grant)
        assert caught.value.value is grant
        assert caught.value.rule == (
            "OCF v1.2.0 cannot hold 1 split adjustment; "
            "the termination on 1999-08-04 (VOLUNTARY_OTHER); "
            "how exercises[0] was paid (NET_EXERCISE, with its details) "
            "(pass allow_loss=True to export without them, listed in comments)"
        )
        assert_valid(export(grant, allow_loss=True))

    def test_accelerations(self) -> None:
        from auxer_option import accelerate

        grant = accelerate(four_year_grant(), "2024-06-30", 1_000)
        grant = accelerate(grant, "2024-07-31", 1_000)
        with pytest.raises(LossyExportError, match="2 vesting accelerations"):
            export(grant)
        with pytest.raises(LossyExportError) as once:
            export(accelerate(four_year_grant(), "2024-06-30", 1_000))
        assert once.value.rule == (
            "OCF v1.2.0 cannot hold 1 vesting acceleration "
            "(pass allow_loss=True to export without them, listed in comments)"
        )

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
        ("options", "error", "message"),
        [
            (
                {"compensation_type": "RSU"},
                InvalidChoiceError,
                "compensation_type='RSU': must be one of OPTION, OPTION_NSO, OPTION_ISO",
            ),
            ({"security_id": ""}, OptionTypeError, "security_id='': must be non-empty text"),
            ({"security_id": None}, OptionTypeError, "security_id=None: must be non-empty text"),
            ({"stakeholder_id": 3}, OptionTypeError, "stakeholder_id=3: must be non-empty text"),
            (
                {"stakeholder_id": None},
                OptionTypeError,
                "stakeholder_id=None: must be non-empty text",
            ),
            ({"custom_id": ""}, OptionTypeError, "custom_id='': must be non-empty text"),
            ({"stock_plan_id": ""}, OptionTypeError, "stock_plan_id='': must be non-empty text"),
            ({"stock_class_id": 5}, OptionTypeError, "stock_class_id=5: must be non-empty text"),
        ],
    )
    def test_bad_options(
        self, options: dict[str, Any], error: type[Exception], message: str
    ) -> None:
        arguments = {"security_id": "s", "stakeholder_id": "h", **options}
        with pytest.raises(error) as raised:
            to_ocf(AUXER_1999, **arguments)
        assert type(raised.value) is error
        assert str(raised.value) == message

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
        assert str(raised.value) == "grant='AUXER_1999': must be an OptionGrant"

    @given(
        st.one_of(option_grants(), grants_with_history(max_events=3), vesting_grants(max_events=3))
    )
    def test_every_grant(self, grant: OptionGrant) -> None:
        """Any grant exports valid OCF, or says what it would lose; lossless ones read back."""
        try:
            items = export(grant, allow_loss=True)
        except LossyExportError as error:
            # Only a number OCF cannot write (1/3 of a share vesting) stops the export.
            assert "more than 10 decimal places" in error.rule
            return
        assert_valid(items)
        if "comments" in items[0]:
            with pytest.raises(LossyExportError, match="cannot hold"):
                export(grant)
            return
        read = from_ocf(items)
        if all(isinstance(shares, int) for _, shares in _installments(grant)):
            assert read.skipped == ()
            assert_same_grant(read.grants["sec-1"], grant)
        else:  # fractional vesting is written exactly, but only whole tranches are read
            assert "must be a whole number of shares" in read.skipped[0].reason


def _installments(grant: OptionGrant) -> tuple[tuple[Any, Any], ...]:
    return () if grant.vesting.is_immediate else grant.vesting.installments(grant.shares)


def assert_same_grant(again: OptionGrant, grant: OptionGrant) -> None:
    """Equal in every term OCF carries: what it can be exercised for, when, at what price."""
    assert again.grant_date == grant.grant_date
    assert again.shares == grant.shares
    assert again.exercise_price == grant.exercise_price
    assert again.currency == grant.currency
    assert again.expiration_date == grant.expiration_date
    assert again.last_exercise_date == grant.last_exercise_date
    assert again.early_exercisable == grant.early_exercisable
    assert again.termination_windows == grant.termination_windows
    assert [(day, shares) for day, shares in _installments(again)] == [
        (day, shares) for day, shares in _installments(grant) if shares
    ]
    assert [(e.date, e.shares, e.cost) for e in again.exercises] == [
        (e.date, e.shares, e.cost) for e in grant.exercises
    ]
    assert again.outstanding_shares == grant.outstanding_shares


def accounted(read: OcfImport) -> int:
    """Items read as grants or exercises, and items skipped: every item is one of them."""
    recorded = sum(len(grant.exercises) for grant in read.grants.values())
    return len(read.grants) + recorded + len(read.skipped)


class TestImportSamples:
    def test_transactions(self) -> None:
        """Every option issuance is read; every other item is skipped, with the reason."""
        items = sample("Transactions.ocf.json")["items"]
        read = from_ocf(sample("Transactions.ocf.json"))
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
        read = from_ocf(sample("Transactions.ocf.json"))
        reasons = {entry.id: entry for entry in read.skipped}
        rsu = reasons["test-plan-security-issuance-minimal"]
        assert rsu.reason == "restricted stock units (RSU), not an option"
        assert not rsu.inconsistent
        too_many = reasons["test-plan-security-exercise-minimal"]
        assert too_many.inconsistent
        assert "only 50 of the 50 granted shares are outstanding" in too_many.reason
        assert "warrant" in reasons["test-warrant-issuance-minimal"].reason
        assert [entry.id for entry in read.skipped if entry.inconsistent] == [
            "test-plan-security-exercise-minimal",
            "test-plan-security-exercise-full-fields",
        ]

    def test_every_skipped_item_says_what_and_why(self) -> None:
        """Each skipped item is named by its index, id and type, with the reason for its kind."""
        items = sample("Transactions.ocf.json")["items"]
        read = from_ocf(sample("Transactions.ocf.json"))
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
        assert reasons["TX_EQUITY_COMPENSATION_EXERCISE"] == (
            "cannot be recorded: shares=100: only 50 of the 50 granted shares are outstanding",
            True,
        )

    def test_strict(self) -> None:
        with pytest.raises(InvalidDataError, match=r"^items=\[.*items\[23\].*outstanding"):
            from_ocf(sample("Transactions.ocf.json"), strict=True)

    @pytest.mark.parametrize(
        "name",
        [
            "Documents.ocf.json",
            "Financings.ocf.json",
            "Stakeholders.ocf.json",
            "StockClasses.ocf.json",
            "StockLegends.ocf.json",
            "StockPlans.ocf.json",
            "Valuations.ocf.json",
            "VestingTerms.ocf.json",
            "VestingTransactions.examples.ocf.json",
        ],
    )
    def test_other_samples(self, name: str) -> None:
        """Files with no option in them: every item skipped with a reason, none lost."""
        document = sample(name)
        read = from_ocf(document, strict=True)
        assert read.grants == {}
        assert len(read.skipped) == len(document["items"])
        assert all(entry.reason and not entry.inconsistent for entry in read.skipped)


def option_item(**changes: Any) -> dict[str, Any]:
    (issuance,) = export(AUXER_1999)
    issuance.update(changes)
    return issuance


EXPIRED = (
    "on='1999-10-02': the option is expired: it can be exercised from 1999-07-01 through 1999-10-01"
)


def exercise_item(**changes: Any) -> dict[str, Any]:
    grant, _ = exercise(AUXER_1999, 1_000, "1999-08-02")
    item = export(grant)[1]
    item.update(changes)
    return item


class TestImportProblems:
    @pytest.mark.parametrize(
        ("changes", "reason"),
        [
            (
                {"expiration_date": None},
                "expiration_date=None: is null: the library reads options that expire",
            ),
            (
                {"vesting_terms_id": "4yr"},
                (
                    "vesting_terms_id='4yr': names vesting terms this reader does not resolve; "
                    "give the installments as vestings (read as fully vested, the grant would be "
                    "wrong)"
                ),
            ),
            ({"quantity": "50.5"}, "quantity='50.5': must be a whole number of shares"),
            ({"quantity": 50}, 'quantity=50: must be OCF Numeric text, such as "1000" or "0.13"'),
            (
                {"compensation_type": "WARRANT"},
                "compensation_type='WARRANT': must be one of OPTION, OPTION_NSO, OPTION_ISO",
            ),
            ({"exercise_price": "0.13"}, "exercise_price='0.13': must be an amount and a currency"),
            ({"vestings": {}}, "vestings={}: must be a list of dates and amounts"),
            ({"vestings": [3]}, "vestings[0]=3: must be a date and an amount"),
            (
                {"vestings": [{"date": "1999-07-01", "amount": "4.5"}]},
                "vestings[0].amount='4.5': must be a whole number of shares",
            ),
            (
                {"termination_exercise_windows": {}},
                "termination_exercise_windows={}: must be a list",
            ),
            (
                {"termination_exercise_windows": [1]},
                "termination_exercise_windows[0]=1: must be a reason, a period and a period type",
            ),
            (
                {
                    "termination_exercise_windows": [
                        {"reason": "VOLUNTARY_OTHER", "period": 1, "period_type": "WEEKS"}
                    ]
                },
                (
                    "termination_exercise_windows[0].period_type='WEEKS': must be DAYS, MONTHS "
                    "or YEARS"
                ),
            ),
            (
                {
                    "termination_exercise_windows": [
                        {"reason": "VOLUNTARY_OTHER", "period": 1, "period_type": ["DAYS"]}
                    ]
                },
                (
                    "termination_exercise_windows[0].period_type=['DAYS']: must be DAYS, MONTHS "
                    "or YEARS"
                ),
            ),
            (
                {
                    "termination_exercise_windows": [
                        {"reason": "VOLUNTARY_OTHER", "period": 1, "period_type": "DAYS"}
                    ]
                    * 2
                },
                "termination_exercise_windows[1].reason='VOLUNTARY_OTHER': is given twice",
            ),
            ({"stakeholder_id": None}, "stakeholder_id=None: must be text"),
            ({"stakeholder_id": 5}, "stakeholder_id=5: must be text"),
            (
                {"exercise_price": {"amount": 13, "currency": "USD"}},
                'exercise_price.amount=13: must be OCF Numeric text, such as "1000" or "0.13"',
            ),
            (
                {
                    "termination_exercise_windows": [
                        {"reason": "QUIT", "period": 1, "period_type": "DAYS"}
                    ]
                },
                f"termination_exercise_windows[0].reason='QUIT': {ONE_OF_THE_REASONS}",
            ),
            ({"currency": "USD"}, ""),
        ],
    )
    def test_inconsistent_issuance(self, changes: dict[str, Any], reason: str) -> None:
        item = option_item(**changes)
        if "currency" in changes:
            del item["currency"]
            item["exercise_price"] = {"amount": "0.13"}
            reason = "currency=None: is missing"
        read = from_ocf([item])
        (entry,) = read.skipped
        assert (entry.id, entry.inconsistent) == ("sec-1-issuance", True)
        assert entry.reason == f"cannot be read: {reason}"

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
            "late": f"cannot be recorded: {EXPIRED}",
            "half": "cannot be recorded: quantity='1.5': must be a whole number of shares",
            "list": "exercises ['sec-1'], which no option issuance here issues",
        }
        assert all(entry.inconsistent for entry in read.skipped)
        with pytest.raises(InvalidDataError) as caught:
            from_ocf(items, strict=True)
        assert str(caught.value) == (
            "items=['again', 'orphan', 'late', 'half']: "
            "items[1] (again) issues security 'sec-1' again; "
            "items[2] (orphan) exercises 'nobody', which no option issuance here issues; "
            f"items[3] (late) cannot be recorded: {EXPIRED}; "
            "items[4] (half) cannot be recorded: quantity='1.5': must be a whole number of shares"
        )

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
        ("items", "message"),
        [
            ("items", "items='items': must be a list of OCF objects"),
            (
                {"file_type": "OCF_TRANSACTIONS_FILE"},
                (
                    "items={'file_type': 'OCF_TRANSACTIONS_FILE'}: "
                    "must be a list of OCF objects or a transactions file"
                ),
            ),
            ({"items": "x"}, "items='x': must be a list of OCF objects"),
            (None, "items=None: must be a list of OCF objects"),
        ],
    )
    def test_not_a_list(self, items: Any, message: str) -> None:
        with pytest.raises(InvalidDataError) as caught:
            from_ocf(items)
        assert str(caught.value) == message

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
