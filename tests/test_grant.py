"""The immutable records and their invariants (``_grant``)."""

from __future__ import annotations

import copy
import datetime as dt
import inspect
import pickle
import types
import zoneinfo
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import numpy as np
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option import (
    AUXER_1999,
    DEFAULT_CONVENTIONS,
    Adjustment,
    BusinessDayRoll,
    Exercise,
    ExpiryReading,
    OptionGrant,
    PaymentMethod,
    Term,
    VestingSchedule,
    WindowConventions,
    adjust_for_split,
    exercise,
    terminate,
)
from auxer_option._grant import GRANT_KEYWORDS, NOT_A_GRANT, _GrantSlots, history
from auxer_option._history import History
from auxer_option._money import MAX_SHARES
from auxer_option._terms import TermLike
from auxer_option.exceptions import (
    AdjustmentOrderError,
    AmountTypeError,
    DateTypeError,
    ExerciseOrderError,
    ExerciseWindowError,
    InconsistentGrantError,
    InconsistentRecordError,
    InsufficientSharesError,
    InvalidAmountError,
    InvalidChoiceError,
    InvalidCurrencyError,
    InvalidDateError,
    InvalidRatioError,
    InvalidShareCountError,
    InvalidTermError,
    InvalidVestingError,
    OptionError,
    OptionTypeError,
    OptionValueError,
    PrecisionError,
    RatioTypeError,
    ShareCountTypeError,
    UnvestedSharesError,
)

from .grants import FOUR_YEARS
from .messages import NOT_A_DATETIME, TOO_LONG
from .strategies import anything, exercised_grants, grants_with_history, option_grants

JULY_1 = dt.date(1999, 7, 1)


class TestConstruction:
    @pytest.mark.parametrize(
        "term", [Term(months=3), "3 months", "three (3) months", "P3M", relativedelta(months=3)]
    )
    def test_term_forms(self, term: TermLike) -> None:
        """A term may be a Term, contract text, ISO 8601 or a relativedelta."""
        grant = OptionGrant(JULY_1, 1_000_000, "0.13", term=term)
        assert grant.term == Term(months=3)
        assert grant.expiration_date == dt.date(1999, 10, 1)

    def test_expiration_date_alone(self) -> None:
        """An expiration date alone states the expiry; there is then no term."""
        grant = OptionGrant(JULY_1, 1_000_000, "0.13", expiration_date=dt.date(1999, 10, 1))
        assert grant.term is None
        assert grant.last_exercise_date == dt.date(1999, 10, 1)
        assert "term=" not in repr(grant)

    def test_both_agreeing(self) -> None:
        """A term and an expiration date may both be given when they agree."""
        grant = OptionGrant(
            JULY_1, 1_000_000, "0.13", term="3 months", expiration_date="1999-10-01"
        )
        assert grant == OptionGrant(JULY_1, 1_000_000, Decimal("0.13"), term=Term(months=3))

    def test_both_disagreeing(self) -> None:
        """A term and an expiration date that disagree are refused, with both shown."""
        with pytest.raises(InconsistentGrantError) as raised:
            OptionGrant(JULY_1, 1, "0.13", term="3 months", expiration_date="1999-09-30")
        assert str(raised.value) == (
            "expiration_date=datetime.date(1999, 9, 30): disagrees with term 3 months from "
            "1999-07-01, which gives 1999-10-01 (CORRESPONDING_DATE)"
        )

    def test_neither(self) -> None:
        """A grant needs an expiry."""
        with pytest.raises(InconsistentGrantError, match="give expiration_date= or term="):
            OptionGrant(JULY_1, 1, "0.13")

    def test_first_exercise_date(self) -> None:
        """A window may open after the grant date."""
        grant = OptionGrant(JULY_1, 1, "0.13", term="1 year", first_exercise_date="2000-01-01")
        assert grant.first_exercise_date == dt.date(2000, 1, 1)

    def test_numpy_shares(self) -> None:
        """Share counts from numpy are stored as int."""
        grant = OptionGrant(JULY_1, np.int64(1_000_000), "0.13", term="3 months")
        assert type(grant.shares) is int
        assert grant == OptionGrant(JULY_1, 1_000_000, "0.13", term="3 months")

    def test_currency_is_upper_cased(self) -> None:
        """Currency codes are stored upper-case."""
        assert OptionGrant(JULY_1, 1, "130", term="3 months", currency="jpy").currency == "JPY"

    @pytest.mark.parametrize(
        ("fields", "error", "message"),
        [
            (
                {"grant_date": dt.datetime(1999, 7, 1)},
                DateTypeError,
                f"grant_date=datetime.datetime(1999, 7, 1, 0, 0): {NOT_A_DATETIME}",
            ),
            (
                {"grant_date": "1 July 1999"},
                InvalidDateError,
                "grant_date='1 July 1999': must be an ISO 8601 date such as \"1999-07-01\"",
            ),
            (
                {"shares": 0},
                InvalidShareCountError,
                "shares=0: must be positive",
            ),
            (
                {"shares": -5},
                InvalidShareCountError,
                "shares=-5: must be positive",
            ),
            (
                {"shares": 1.0},
                ShareCountTypeError,
                "shares=1.0: shares are whole numbers; pass an int such as 1000000",
            ),
            (
                {"shares": True},
                ShareCountTypeError,
                "shares=True: shares are whole numbers; pass an int such as 1000000",
            ),
            (
                {"shares": "1,000,000"},
                ShareCountTypeError,
                "shares='1,000,000': shares are whole numbers; pass an int such as 1000000",
            ),
            (
                {"shares": 2**63},
                InvalidShareCountError,
                "shares=9223372036854775808: must not exceed 9223372036854775807 (2**63 - 1)",
            ),
            (
                {"exercise_price": 0.13},
                AmountTypeError,
                (
                    "exercise_price=0.13: a float cannot hold a price exactly; pass a Decimal such "
                    'as Decimal("0.13"), an int, or a string such as "0.13"'
                ),
            ),
            (
                {"exercise_price": "$0.13"},
                InvalidAmountError,
                (
                    "exercise_price='$0.13': must be a plain ASCII number such as "
                    '"0.13" or "1e3" (no currency symbols, separators, spaces or words)'
                ),
            ),
            (
                {"exercise_price": Decimal("NaN")},
                InvalidAmountError,
                "exercise_price=Decimal('NaN'): must be a finite number (not NaN or infinity)",
            ),
            (
                {"exercise_price": "-0.13"},
                InvalidAmountError,
                "exercise_price='-0.13': must not be negative",
            ),
            (
                {"term": "3 fortnights"},
                InvalidTermError,
                (
                    "term='3 fortnights': expected days, weeks, months or years, found "
                    '\'fortnights\'; write it like "3 months", "three (3) months", "90 days" or '
                    '"P1Y6M"'
                ),
            ),
            (
                {"term": 3},
                InvalidTermError,
                'term=3: must be a Term, a relativedelta or text such as "3 months" or "P3M"',
            ),
            (
                {"expiration_date": "1999-06-30"},
                InconsistentGrantError,
                (
                    "expiration_date=datetime.date(1999, 6, 30): must not be before grant_date "
                    "1999-07-01"
                ),
            ),
            (
                {"expiration_date": 5},
                DateTypeError,
                "expiration_date=5: must be a datetime.date or a string such as '1999-07-01'",
            ),
            (
                {"first_exercise_date": "1999-06-30"},
                InconsistentGrantError,
                (
                    "first_exercise_date=datetime.date(1999, 6, 30): must not be before grant_date "
                    "1999-07-01"
                ),
            ),
            (
                {"first_exercise_date": "1999-10-02"},
                InconsistentGrantError,
                (
                    "last_exercise_date=datetime.date(1999, 10, 1): the window would be empty: it "
                    "opens on 1999-10-02 but its last day is 1999-10-01"
                ),
            ),
            (
                {"first_exercise_date": 5},
                DateTypeError,
                ("first_exercise_date=5: must be a datetime.date or a string such as '1999-07-01'"),
            ),
            (
                {"currency": "XAU"},
                InvalidCurrencyError,
                (
                    "currency='XAU': must be an ISO 4217 currency code with a decimal minor unit, "
                    "such as USD or JPY"
                ),
            ),
            (
                {"currency": 5},
                OptionTypeError,
                'currency=5: must be an ISO 4217 code such as "USD"',
            ),
            (
                {"currency": None},
                OptionTypeError,
                'currency=None: must be an ISO 4217 code such as "USD"',
            ),
            (
                {"grantor": 5},
                OptionTypeError,
                "grantor=5: must be text (a name) or None",
            ),
            (
                {"grantee": 5},
                OptionTypeError,
                "grantee=5: must be text (a name) or None",
            ),
            (
                {"grantee": "  "},
                OptionValueError,
                "grantee='  ': must name the party, or be None",
            ),
            (
                {"grantor": ""},
                OptionValueError,
                "grantor='': must name the party, or be None",
            ),
            (
                {"exercises": None},
                OptionTypeError,
                "exercises=None: must be a sequence of Exercise records",
            ),
            (
                {"exercises": "none"},
                OptionTypeError,
                "exercises='none': must be a sequence of Exercise records",
            ),
            (
                {"exercises": [("1999-08-02", 1)]},
                OptionTypeError,
                "exercises[0]=('1999-08-02', 1): must be an Exercise record",
            ),
            (
                {"early_exercisable": "yes"},
                OptionTypeError,
                "early_exercisable='yes': must be True or False",
            ),
            (
                {"vesting": "4 years"},
                OptionTypeError,
                (
                    "vesting='4 years': must be a VestingSchedule, such as "
                    "VestingSchedule.graded(...)"
                ),
            ),
            (
                {"cutoff_time": "17:00"},
                InconsistentGrantError,
                "cutoff_time=datetime.time(17, 0): needs a time_zone to say whose clock it is",
            ),
            (
                {"expiry_reading": "LESS_ONE_DAY", "expiration_date": "1999-10-01"},
                InconsistentGrantError,
                (
                    "expiry_reading=ExpiryReading.LESS_ONE_DAY: applies to a term; with only "
                    "expiration_date, give the date that is meant"
                ),
            ),
            (
                {"term": None},
                InconsistentGrantError,
                "expiration_date=None: give expiration_date= or term= (or both, agreeing)",
            ),
            (
                {"grant_date": "9999-12-01"},
                InvalidDateError,
                (
                    "grant_date=datetime.date(9999, 12, 1): 9999-12-01 + 3 months falls after "
                    "9999-12-31, the last date"
                ),
            ),
        ],
    )
    def test_bad_input(
        self, fields: dict[str, object], error: type[OptionError], message: str
    ) -> None:
        """Each bad input gets its own OptionError subclass naming the field and the rule."""
        values: dict[str, Any] = {
            "grant_date": JULY_1,
            "shares": 1_000,
            "exercise_price": "0.13",
            "term": None if "expiration_date" in fields else "3 months",
        }
        values.update(fields)
        with pytest.raises(error) as raised:
            OptionGrant(**values)
        assert type(raised.value) is error
        assert str(raised.value) == message
        assert isinstance(raised.value, TypeError if issubclass(error, TypeError) else ValueError)


class TestOnlyOptionErrorsEscape:
    @given(st.sampled_from([*GRANT_KEYWORDS, "conventions"]), anything())
    @example("exercise_price", Decimal("1E+99999"))
    @example("shares", 2**100)
    @example("holidays", [dt.datetime(2000, 1, 1)])
    def test_any_field_any_value(self, field: str, value: object) -> None:
        """Whatever one field holds, the grant is built or an OptionError says why."""
        values: dict[str, Any] = {
            "grant_date": JULY_1,
            "shares": 1_000,
            "exercise_price": "0.13",
            "term": None if field == "expiration_date" else "3 months",
            field: value,
        }
        try:
            grant = OptionGrant(**values)
        except OptionError as error:
            assert error.field
        else:
            assert grant.outstanding_shares <= grant.shares


class TestValues:
    def test_immutable(self) -> None:
        """Grants are frozen."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            AUXER_1999.shares = 2  # type: ignore[misc]

    def test_slotted(self) -> None:
        """Grants are slotted: no per-instance dict."""
        assert not hasattr(AUXER_1999, "__dict__")

    @given(exercised_grants())
    def test_pickle_and_copy_round_trip(self, grant: OptionGrant) -> None:
        """Values survive pickle, copy and deepcopy, equal and hashed by value."""
        for clone in (
            pickle.loads(pickle.dumps(grant)),  # noqa: S301  (our own bytes)
            copy.copy(grant),
            copy.deepcopy(grant),
        ):
            assert clone == grant
            assert hash(clone) == hash(grant)
            assert clone.last_exercise_date == grant.last_exercise_date
            assert clone.outstanding_shares == grant.outstanding_shares

    @given(option_grants())
    def test_equal_by_value(self, grant: OptionGrant) -> None:
        """Rebuilding a grant from its own fields gives an equal grant with the same hash."""
        rebuilt = attrs.evolve(grant)
        assert rebuilt == grant
        assert hash(rebuilt) == hash(grant)
        assert rebuilt is not grant

    @given(option_grants())
    def test_converters_are_idempotent(self, grant: OptionGrant) -> None:
        """Feeding a grant's stored values back in changes nothing."""
        fields = {name: getattr(grant, name) for name in GRANT_KEYWORDS}
        again = OptionGrant(**fields)
        for name, value in fields.items():
            assert getattr(again, name) == value
            if not isinstance(value, frozenset):  # a set's repr follows its hash order
                assert repr(getattr(again, name)) == repr(value)

    def test_repr_shows_what_was_stated(self) -> None:
        """The repr is readable: defaults are left out."""
        assert repr(AUXER_1999) == (
            "OptionGrant(grant_date=datetime.date(1999, 7, 1), shares=1000000, "
            "exercise_price=Decimal('0.13'), expiration_date=datetime.date(1999, 10, 1), "
            "term=Term(months=3), grantor='The Auxer Group, Inc.', "
            "grantee='PMR and Associates, LLC')"
        )

    def test_repr_with_conventions(self) -> None:
        """Conventions that differ from the defaults are shown, and the repr evaluates back."""
        grant = OptionGrant(
            JULY_1,
            10,
            "1.5",
            term="P1Y",
            currency="EUR",
            first_exercise_date="1999-08-01",
            expiry_reading="LESS_ONE_DAY",
            expiry_day_included=False,
            cutoff_time="17:00",
            time_zone=dt.UTC,
            business_day_roll="PRECEDING",
            holidays=["2000-06-29"],
        )
        grant, _ = exercise(grant, 4, dt.date(1999, 8, 2))
        text = repr(grant)
        for shown in (
            "currency='EUR'",
            "first_exercise_date=",
            "LESS_ONE_DAY",
            "PRECEDING",
            "expiry_day_included=False",
            "cutoff_time=",
            "time_zone=",
            "holidays=",
            "exercises=(",
        ):
            assert shown in text
        namespace = {
            "OptionGrant": OptionGrant,
            "Exercise": Exercise,
            "Term": Term,
            "Decimal": Decimal,
            "datetime": dt,
            "ExpiryReading": ExpiryReading,
            "BusinessDayRoll": BusinessDayRoll,
            "PaymentMethod": PaymentMethod,
        }
        rebuilt = eval(text, namespace)  # noqa: S307  (our own repr, in a closed namespace)
        assert rebuilt == grant
        assert hash(rebuilt) == hash(grant)
        assert rebuilt is not grant

    @pytest.mark.parametrize("name", ["outstanding_shares", "last_exercise_date"])
    def test_derived_facts_are_stored(self, name: str) -> None:
        """Derived facts are computed once, at construction: slots, not properties."""
        assert isinstance(inspect.getattr_static(OptionGrant, name), types.MemberDescriptorType)
        assert not getattr(attrs.fields(OptionGrant), name).init


class TestLayout:
    """What a grant stores: its terms, its conventions and history as one value each, and
    what it derives; shared, not copied, where grants are alike."""

    def test_the_storage_is_the_fields(self) -> None:
        """The grant is filled in as its storage class, so the two must hold the same slots."""
        stored = tuple(field.name for field in attrs.fields(OptionGrant))
        assert sorted(_GrantSlots.__slots__) == sorted((*stored, "__weakref__"))
        assert OptionGrant.__dict__["__slots__"] == ()

    def test_defaults_are_shared(self) -> None:
        one = OptionGrant(JULY_1, 1, "1", term="3 months")
        other = OptionGrant("1999-07-01", 2, "2", term="3 months")
        assert one.conventions is other.conventions is DEFAULT_CONVENTIONS
        assert one.holidays is other.holidays
        assert one.expiration_date is other.expiration_date
        assert one.term is other.term
        assert one.currency is other.currency

    def test_conventions_together_or_one_by_one(self) -> None:
        """``conventions=`` gives them together; one given by name applies on top."""
        together = WindowConventions(business_day_roll="FOLLOWING", holidays=["1999-10-01"])
        grant = OptionGrant(JULY_1, 1, "1", term="3 months", conventions=together)
        assert grant == OptionGrant(
            JULY_1,
            1,
            "1",
            term="3 months",
            business_day_roll="FOLLOWING",
            holidays=["1999-10-01"],
        )
        assert grant.last_exercise_date == dt.date(1999, 10, 4)
        rolled_back = OptionGrant(
            JULY_1, 1, "1", term="3 months", conventions=together, business_day_roll="NONE"
        )
        assert rolled_back.last_exercise_date == dt.date(1999, 10, 1)
        assert attrs.evolve(grant, holidays=()).conventions.holidays == frozenset()

    def test_arrays_given(self) -> None:
        """What a caller gives is never compared with ==, which on an array is an array."""
        grant = OptionGrant(
            JULY_1,
            1,
            "1",
            term="3 months",
            holidays=np.array([dt.date(1999, 10, 1), dt.date(1999, 9, 30)]),
            exercises=np.array([], dtype=object),
        )
        assert grant.holidays == {dt.date(1999, 10, 1), dt.date(1999, 9, 30)}
        assert grant.exercises == ()

    def test_conventions_back_to_the_defaults_are_the_shared_ones(self) -> None:
        grant = OptionGrant(JULY_1, 1, "1", term="3 months", business_day_roll="NONE")
        assert grant.conventions is DEFAULT_CONVENTIONS

    @given(anything())
    def test_bad_conventions(self, value: object) -> None:
        with pytest.raises(OptionTypeError) as raised:
            OptionGrant(JULY_1, 1, "1", term="3 months", conventions=value)  # type: ignore[arg-type]
        assert raised.value.field == "conventions"

    @given(anything())
    def test_bad_history(self, value: object) -> None:
        """The history as one value is the grant's own business: refused if it is not one."""
        with pytest.raises(OptionTypeError) as raised:
            OptionGrant(JULY_1, 1, "1", term="3 months", _history=value)  # type: ignore[arg-type]
        assert raised.value.field == "_history"

    def test_a_history_linked_or_gathered(self) -> None:
        """Exercises added one by one are linked, not copied; read, they are the tuple of all
        of them, equal and hashed like a history given whole."""
        grant = AUXER_1999
        for day in ("1999-08-02", "1999-08-03", "1999-08-04"):
            grant, _ = exercise(grant, 1, day)
            if day == "1999-08-03":
                middle = grant.exercises  # gathered half way: later links stop there
        assert len(middle) == 2
        linked = history(grant)
        whole = History(grant.exercises)
        assert linked == whole
        assert hash(linked) == hash(whole)
        assert [record.date for record in linked.exercises] == [
            dt.date(1999, 8, 2),
            dt.date(1999, 8, 3),
            dt.date(1999, 8, 4),
        ]
        assert linked.__eq__("a history") is NotImplemented

    def test_final(self) -> None:
        """A subclass would lose its class to every operation: refused when it is made."""
        with pytest.raises(TypeError, match="final"):

            class Grant(OptionGrant):  # type: ignore[misc]
                pass

    def test_help_shows_the_true_defaults(self) -> None:
        parameters = inspect.signature(OptionGrant).parameters
        assert parameters["expiry_reading"].default is ExpiryReading.CORRESPONDING_DATE
        assert parameters["exercises"].default == ()
        assert parameters["termination"].default is None
        assert "_history" not in parameters
        assert [name for name in parameters if name != "conventions"] == list(GRANT_KEYWORDS)

    def test_a_split_after_a_termination_replays(self) -> None:
        """Built whole, a history with a split after the termination forfeits first."""
        grant = OptionGrant(
            "2024-01-31",
            48_000,
            "2.15",
            term="10 years",
            vesting=VestingSchedule.graded("2024-01-31", months=48, every=1, cliff=12),
        )
        left = adjust_for_split(
            terminate(grant, "2025-06-15", "VOLUNTARY_OTHER"), 2, on="2025-07-01"
        )
        whole = OptionGrant(**{name: getattr(left, name) for name in GRANT_KEYWORDS})
        assert whole == left
        assert (whole.outstanding_shares, whole.forfeited_shares) == (32_000, 32_000)
        assert whole.outstanding_shares == left.outstanding_shares


class TestExerciseRecords:
    def test_record_fields(self) -> None:
        """An exercise record is a frozen value with coerced fields."""
        record = Exercise("1999-08-02", np.int64(250_000), "0.13", "32500.00")
        assert record == Exercise(
            dt.date(1999, 8, 2), 250_000, Decimal("0.13"), Decimal(32500), PaymentMethod.CASH
        )
        assert record.payment is PaymentMethod.CASH

    @pytest.mark.parametrize(
        ("fields", "error", "field"),
        [
            ({"date": dt.datetime(1999, 8, 2)}, DateTypeError, "date"),
            ({"shares": 0}, InvalidShareCountError, "shares"),
            ({"price": 0.13}, AmountTypeError, "price"),
            ({"cost": "-1"}, InvalidAmountError, "cost"),
            ({"payment": "CHEQUE"}, InvalidChoiceError, "payment"),
        ],
    )
    def test_bad_records(
        self, fields: dict[str, object], error: type[OptionError], field: str
    ) -> None:
        """Each field of a record is checked, and the message names it."""
        values: dict[str, Any] = {
            "date": "1999-08-02",
            "shares": 1,
            "price": "0.13",
            "cost": "0.13",
        }
        values.update(fields)
        with pytest.raises(error) as raised:
            Exercise(**values)
        assert raised.value.field == field

    def test_history_must_fit_the_window(self) -> None:
        """A recorded exercise outside the window is refused."""
        late = Exercise("1999-10-02", 1, "0.13", "0.13")
        with pytest.raises(ExerciseWindowError, match=r"exercises\[0\]\.date"):
            attrs.evolve(AUXER_1999, exercises=[late])

    def test_history_must_be_in_order(self) -> None:
        """Recorded exercises are oldest first."""
        first = Exercise("1999-09-01", 1, "0.13", "0.13")
        second = Exercise("1999-08-01", 1, "0.13", "0.13")
        with pytest.raises(ExerciseOrderError, match=r"exercises\[1\]\.date"):
            attrs.evolve(AUXER_1999, exercises=(first, second))

    def test_history_cannot_exceed_the_grant(self) -> None:
        """Recorded exercises cannot add up to more than was granted."""
        big = Exercise("1999-08-01", 600_000, "0.13", "78000")
        with pytest.raises(InsufficientSharesError, match=r"exercises\[1\]\.shares"):
            attrs.evolve(AUXER_1999, exercises=(big, big))

    @given(exercised_grants())
    def test_record_converters_are_idempotent(self, grant: OptionGrant) -> None:
        """Feeding a record's stored values back in gives the same record, digit for digit."""
        for record in grant.exercises:
            again = Exercise(**attrs.asdict(record, recurse=False))
            assert again == record
            assert repr(again) == repr(record)

    @given(exercised_grants())
    def test_outstanding_conserves_shares(self, grant: OptionGrant) -> None:
        """Outstanding plus exercised is always the grant."""
        exercised = sum(record.shares for record in grant.exercises)
        assert grant.outstanding_shares + exercised == grant.shares
        assert grant.outstanding_shares >= 0


def net_record(**changes: object) -> Exercise:
    """The Auxer net exercise at $0.30, with ``changes``."""
    fields: dict[str, Any] = {
        "date": "1999-09-01",
        "shares": 1_000_000,
        "price": "0.13",
        "cost": "0.00",
        "payment": "NET_EXERCISE",
        "fair_market_value": "0.30",
        "spread": "170000.00",
        "shares_issued": 566_666,
        "shares_withheld": 433_334,
        "cash_in_lieu": "0.20",
    }
    return Exercise(**(fields | changes))


def sale_record(**changes: object) -> Exercise:
    """The Auxer sell-to-cover at $0.50 with 22% withheld, with ``changes``."""
    fields: dict[str, Any] = {
        "date": "1999-09-01",
        "shares": 1_000_000,
        "price": "0.13",
        "cost": "130000.00",
        "payment": PaymentMethod.SELL_TO_COVER,
        "fair_market_value": "0.50",
        "spread": "370000.00",
        "shares_sold": 422_800,
        "shares_kept": 577_200,
        "sale_proceeds": "211400.00",
        "tax_withheld": "81400.00",
        "fees": "0",
        "cash_remaining": "0.00",
    }
    return Exercise(**(fields | changes))


class TestExerciseDetails:
    """The fields a record carries depend on how the exercise was paid."""

    def test_cash_with_market_value(self) -> None:
        """A cash exercise may carry the market value and the spread, together."""
        record = Exercise("1999-08-02", 1, "0.13", "0.13", fair_market_value="0.5", spread="0.37")
        assert (record.fair_market_value, record.spread) == (Decimal("0.5"), Decimal("0.37"))
        assert record.shares_issued is None

    def test_worked_records(self) -> None:
        """The Auxer net exercise and sell-to-cover records are consistent as they stand."""
        assert net_record().shares_issued == 566_666
        assert sale_record().shares_kept == 577_200

    @pytest.mark.parametrize(
        ("record", "message"),
        [
            (
                lambda: net_record(shares_issued=None),
                "shares_issued=None: is required for a NET_EXERCISE exercise",
            ),
            (
                lambda: net_record(shares_sold=1),
                "shares_sold=1: does not apply for a NET_EXERCISE exercise",
            ),
            (
                lambda: net_record(fair_market_value=None, spread=None),
                "fair_market_value=None: is required for a NET_EXERCISE exercise",
            ),
            (
                lambda: net_record(spread=None),
                "spread=None: goes with fair_market_value: give both or neither",
            ),
            (
                lambda: net_record(shares_withheld=433_333),
                "shares_withheld=433333: plus shares_issued 566666 must be the 1000000 exercised",
            ),
            (
                lambda: net_record(cost="0.01"),
                "cost=Decimal('0.01'): must be zero: a net exercise is paid in shares",
            ),
            (
                lambda: sale_record(cash_in_lieu="0.20"),
                "cash_in_lieu=Decimal('0.20'): does not apply for a SELL_TO_COVER exercise",
            ),
            (
                lambda: sale_record(shares_kept=1),
                "shares_kept=1: plus shares_sold 422800 must be the 1000000 exercised",
            ),
            (
                lambda: sale_record(cash_remaining="0.01"),
                (
                    "cash_remaining=Decimal('0.01'): "
                    "must be sale_proceeds less cost, tax_withheld and fees"
                ),
            ),
            (
                lambda: sale_record(fees=None),
                "fees=None: is required for a SELL_TO_COVER exercise",
            ),
            (
                lambda: Exercise("1999-08-02", 1, "0.13", "0.13", shares_issued=1),
                "shares_issued=1: does not apply for a CASH exercise",
            ),
            (
                lambda: Exercise("1999-08-02", 1, "0.13", "0.13", spread="0.37"),
                "spread=Decimal('0.37'): goes with fair_market_value: give both or neither",
            ),
        ],
    )
    def test_inconsistent_records(self, record: Callable[[], Exercise], message: str) -> None:
        """Fields that do not go with the payment, or do not add up, are refused."""
        with pytest.raises(InconsistentRecordError) as raised:
            record()
        assert str(raised.value) == message

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("fees", -1, "fees=-1: must not be negative"),
            ("spread", "-1", "spread='-1': must not be negative"),
            ("cash_remaining", "-0.01", "cash_remaining='-0.01': must not be negative"),
            ("sale_proceeds", "-1", "sale_proceeds='-1': must not be negative"),
            ("tax_withheld", "-1", "tax_withheld='-1': must not be negative"),
            ("shares_kept", -1, "shares_kept=-1: must be at least 0"),
            ("shares_sold", -1, "shares_sold=-1: must be at least 0"),
        ],
    )
    def test_bad_sale_values(self, field: str, value: object, message: str) -> None:
        """Each sell-to-cover field is checked under its own name."""
        with pytest.raises(OptionError) as raised:
            sale_record(**{field: value})
        assert str(raised.value) == message

    @pytest.mark.parametrize(
        ("field", "value", "error"),
        [
            ("shares_issued", -1, InvalidShareCountError),
            ("shares_withheld", 1.5, ShareCountTypeError),
            ("cash_in_lieu", 0.2, AmountTypeError),
            ("fair_market_value", "-1", InvalidAmountError),
        ],
    )
    def test_bad_detail_values(self, field: str, value: object, error: type[OptionError]) -> None:
        """Every detail field is coerced like its kind, and errors name it."""
        with pytest.raises(error) as raised:
            net_record(**{field: value})
        assert raised.value.field == field

    @pytest.mark.parametrize(
        ("changes", "operands"),
        [
            (
                {"sale_proceeds": "9" * 49, "fees": "0.000001"},
                f"Decimal('{'9' * 49}'), Decimal('211400.000001')",
            ),
            (
                {"fees": "9" * 46 + ".0001"},
                f"Decimal('130000.00'), Decimal('81400.00'), Decimal('{'9' * 46}.0001')",
            ),
        ],
    )
    def test_too_long_to_check(self, changes: dict[str, str], operands: str) -> None:
        """Amounts too long to add up exactly are refused, not rounded or leaked."""
        with pytest.raises(PrecisionError) as raised:
            sale_record(**changes)
        assert str(raised.value) == f"cash_remaining=({operands}){TOO_LONG}"

    @given(
        st.sampled_from(["CASH", "NET_EXERCISE", "SELL_TO_COVER"]),
        st.sampled_from([f.name for f in attrs.fields(Exercise)]),
        anything(),
    )
    def test_only_option_errors_escape(self, payment: str, field: str, value: object) -> None:
        """Whatever one field of any kind of record holds: a record, or an OptionError."""
        cash: dict[str, Any] = {"date": "1999-08-02", "shares": 1, "price": "1", "cost": "1"}
        try:
            if payment == "CASH":
                Exercise(**(cash | {field: value}))
            else:
                (net_record if payment == "NET_EXERCISE" else sale_record)(**{field: value})
        except OptionError as error:
            assert error.field

    def test_repr_leaves_out_what_does_not_apply(self) -> None:
        """The repr shows the fields the record has, and evaluates back."""
        record = net_record()
        text = repr(record)
        assert "shares_sold" not in text
        assert "cash_in_lieu=Decimal('0.20')" in text
        namespace = {"Exercise": Exercise, "Decimal": Decimal, "datetime": dt}
        namespace["PaymentMethod"] = PaymentMethod
        assert eval(text, namespace) == record  # noqa: S307  (our own repr)


def split_record(**changes: object) -> Adjustment:
    """The Auxer 3-for-2 split, with ``changes``."""
    fields: dict[str, Any] = {
        "date": "1999-08-02",
        "ratio": "3:2",
        "shares_before": 1_000_000,
        "shares_after": 1_500_000,
        "price_before": "0.13",
        "price_after": "0.0867",
    }
    return Adjustment(**(fields | changes))


class TestAdjustmentRecords:
    def test_fields_and_derived_facts(self) -> None:
        """A record of a split, with the fraction dropped and the aggregate price change."""
        record = split_record(shares_before=7, shares_after=10)
        assert record.ratio == Fraction(3, 2)
        assert record.fraction_dropped == Fraction(1, 2)
        assert str(record.aggregate_price_change) == "-0.0430"  # 10 x 0.0867 - 7 x 0.13
        assert split_record(date=None).date is None

    def test_no_negative_zero(self) -> None:
        """A zero change in the aggregate price is 0, never -0."""
        record = split_record(ratio="2:1", shares_after=2_000_000, price_after="0.065")
        assert str(record.aggregate_price_change) == "0.000"

    @pytest.mark.parametrize(
        ("changes", "error", "field"),
        [
            ({"ratio": 1.5}, RatioTypeError, "ratio"),
            ({"ratio": "0:1"}, InvalidRatioError, "ratio"),
            ({"shares_before": -1}, InvalidShareCountError, "shares_before"),
            ({"shares_after": 1.0}, ShareCountTypeError, "shares_after"),
            ({"price_before": 0.13}, AmountTypeError, "price_before"),
            ({"price_after": "NaN"}, InvalidAmountError, "price_after"),
            ({"date": dt.datetime(1999, 8, 2)}, DateTypeError, "date"),
        ],
    )
    def test_bad_records(
        self, changes: dict[str, object], error: type[OptionError], field: str
    ) -> None:
        """Each field is coerced, and shares_after must be shares_before x ratio, rounded."""
        with pytest.raises(error) as raised:
            split_record(**changes)
        assert raised.value.field == field

    @pytest.mark.parametrize("shares_after", [1_500_001, 1_499_999])
    def test_shares_after_rounded_from_the_ratio(self, shares_after: int) -> None:
        """shares_after must be shares_before x ratio, less than a share away."""
        with pytest.raises(InconsistentRecordError) as raised:
            split_record(shares_after=shares_after)
        assert str(raised.value) == (
            f"shares_after={shares_after}: must be shares_before 1000000 times ratio 3/2, "
            "rounded to a whole share"
        )

    @given(st.sampled_from([f.name for f in attrs.fields(Adjustment) if f.init]), anything())
    @example("ratio", Decimal("1E+99999"))  # once an int too long to print in the message
    @example("ratio", Decimal("1E-99999"))
    def test_only_option_errors_escape(self, field: str, value: object) -> None:
        """Whatever one field holds: a record, or an OptionError."""
        try:
            split_record(**{field: value})
        except OptionError as error:
            assert error.field

    @pytest.mark.parametrize(
        ("shares", "prices", "operands"),
        [
            (
                MAX_SHARES,
                {"price_after": "1." + "3" * 40},
                f"Decimal('1.{'3' * 40}'), {MAX_SHARES}",
            ),
            (
                MAX_SHARES,
                {"price_before": "1." + "3" * 40, "price_after": "1"},
                f"Decimal('1.{'3' * 40}'), {MAX_SHARES}",
            ),
            (
                10**18,
                {"price_before": "0." + "3" * 40, "price_after": "1" + "0" * 30},
                f"Decimal('1{'0' * 48}'), Decimal('{'3' * 18}.{'3' * 22}{'0' * 10}')",
            ),
        ],
    )
    def test_too_long_to_be_exact(self, shares: int, prices: dict[str, str], operands: str) -> None:
        """An aggregate price with more digits than the library keeps is refused."""
        with pytest.raises(PrecisionError) as raised:
            split_record(ratio=1, shares_before=shares, shares_after=shares, **prices)
        assert str(raised.value) == f"aggregate_price_change=({operands}){TOO_LONG}"

    def test_repr_evaluates_back(self) -> None:
        """The repr shows the stated fields (not the derived ones) and evaluates back."""
        record = split_record()
        namespace = {"Adjustment": Adjustment, "Decimal": Decimal, "datetime": dt}
        namespace["Fraction"] = Fraction
        assert "fraction_dropped" not in repr(record)
        assert eval(repr(record), namespace) == record  # noqa: S307  (our own repr)


class TestHistory:
    """A grant replays its exercises and adjustments, and checks each against the replay."""

    def test_adjusted_terms(self) -> None:
        """After 250,000 exercised and a 3-for-2 split: 1,125,000 at $0.0867."""
        early = Exercise("1999-08-02", 250_000, "0.13", "32500.00")
        split = split_record(date="1999-08-03", shares_before=750_000, shares_after=1_125_000)
        late = Exercise("1999-08-04", 1_000, "0.0867", "86.70")
        grant = attrs.evolve(AUXER_1999, exercises=(early, late), adjustments=(split,))
        assert grant.outstanding_shares == 1_124_000
        assert grant.adjusted_exercise_price == Decimal("0.0867")
        assert grant.exercise_price == Decimal("0.13")  # as granted

    def test_splits_compound_on_unvested_shares(self) -> None:
        """After 2:1 then 3:1, each unvested share locks 6: a record exercising 7 of the 24
        shares when 1 of 4 granted has vested is refused, however the grant is built."""
        vesting = VestingSchedule.graded("2020-01-01", months=48, every=12)
        grant = OptionGrant("2020-01-01", 4, "12", term="10 years", vesting=vesting)
        grant = adjust_for_split(grant, "2:1", on="2021-02-01")
        grant = adjust_for_split(grant, "3:1", on="2021-02-02")
        assert exercise(grant, 6, "2021-03-01")[0].outstanding_shares == 18
        with pytest.raises(UnvestedSharesError) as raised:
            attrs.evolve(grant, exercises=(Exercise("2021-03-01", 7, "2", "14"),))
        assert str(raised.value) == (
            "exercises[0].shares=7: only 6 vested shares could be exercised on 2021-03-01"
        )

    def test_tranches_must_add_up(self) -> None:
        vesting = VestingSchedule.tranches([("2024-06-30", 999)])
        with pytest.raises(InvalidVestingError) as raised:
            OptionGrant("2024-01-01", 1_000, "1", term="1 year", vesting=vesting)
        assert str(raised.value) == (
            "vesting=VestingSchedule.tranches(((datetime.date(2024, 6, 30), 999),)): "
            "must add up to the 1000 shares granted"
        )

    def test_exercise_before_an_adjustment_named_by_index(self) -> None:
        with pytest.raises(ExerciseWindowError) as raised:
            attrs.evolve(
                AUXER_1999,
                exercises=(Exercise("1999-06-30", 1, "0.13", "0.13"),),
                adjustments=(split_record(shares_before=999_999, shares_after=1_499_998),),
            )
        assert str(raised.value) == (
            "exercises[0].date=datetime.date(1999, 6, 30): "
            "must fall in the exercise window, 1999-07-01 to 1999-10-01 inclusive"
        )

    def test_forfeiture_before_a_later_exercise(self) -> None:
        """An exercise after the termination comes after the forfeiture: 16,000 are left."""
        left = terminate(FOUR_YEARS, "2025-06-15", "VOLUNTARY_OTHER")
        with pytest.raises(InsufficientSharesError) as raised:
            attrs.evolve(left, exercises=(Exercise("2025-07-01", 16_500, "2.15", "35475.00"),))
        assert str(raised.value) == (
            "exercises[0].shares=16500: only 16000 of the 48000 granted shares are outstanding"
        )

    def test_undated_adjustment(self) -> None:
        """An undated adjustment takes its place from the shares it applied to."""
        grant = attrs.evolve(AUXER_1999, adjustments=(split_record(date=None),))
        assert grant.outstanding_shares == 1_500_000

    def test_same_share_count_twice(self) -> None:
        """Adjustments that leave the count unchanged apply in turn, without an exercise."""
        first = Adjustment(None, "3:2", 1, 1, "0.13", "0.0867")
        second = Adjustment(None, "3:2", 1, 1, "0.0867", "0.0578")
        grant = attrs.evolve(AUXER_1999, shares=1, adjustments=(first, second))
        assert grant.adjusted_exercise_price == Decimal("0.0578")

    @pytest.mark.parametrize(
        ("exercises", "adjustments", "error", "message"),
        [
            (
                (Exercise("1999-08-02", 1, "0.065", "0.07"),),
                (),
                InconsistentGrantError,
                "exercises[0].price=Decimal('0.065'): must be the exercise price in force, 0.13",
            ),
            (
                (),
                (split_record(price_before="0.14"),),
                InconsistentGrantError,
                (
                    "adjustments[0].price_before=Decimal('0.14'): "
                    "must be the exercise price in force, 0.13"
                ),
            ),
            (
                (),
                (split_record(shares_before=999_999, shares_after=1_499_998),),
                InconsistentGrantError,
                (
                    "adjustments[0].shares_before=999999: must be the shares outstanding when it "
                    "was made, but the history before it never leaves that many "
                    "(it ends with 1000000)"
                ),
            ),
            (
                (),
                (split_record(date="1999-06-30"),),
                AdjustmentOrderError,
                (
                    "adjustments[0].date=datetime.date(1999, 6, 30): must not be before the "
                    "grant date or the previous event, on 1999-07-01"
                ),
            ),
            (
                (Exercise("1999-08-05", 250_000, "0.13", "32500.00"),),
                (split_record(date="1999-08-04", shares_before=750_000, shares_after=1_125_000),),
                AdjustmentOrderError,
                (
                    "adjustments[0].date=datetime.date(1999, 8, 4): must not be before the "
                    "grant date or the previous event, on 1999-08-05"
                ),
            ),
            (
                (
                    Exercise("1999-08-02", 250_000, "0.13", "32500.00"),
                    Exercise("1999-08-02", 1, "0.0867", "0.09"),
                ),
                (split_record(date="1999-08-03", shares_before=750_000, shares_after=1_125_000),),
                ExerciseOrderError,
                (
                    "exercises[1].date=datetime.date(1999, 8, 2): must not be before the "
                    "previous exercise or adjustment, on 1999-08-03"
                ),
            ),
            (
                (Exercise("1999-08-02", 1_500_001, "0.0867", "130050.09"),),
                (split_record(),),
                InsufficientSharesError,
                (
                    "exercises[0].shares=1500001: only 1500000 of the 1000000 granted shares "
                    "are outstanding"
                ),
            ),
            ((), ("3:2",), OptionTypeError, "adjustments[0]='3:2': must be an Adjustment record"),
            (
                (Exercise("1999-10-02", 1, "0.13", "0.13"),),
                (),
                ExerciseWindowError,
                (
                    "exercises[0].date=datetime.date(1999, 10, 2): "
                    "must fall in the exercise window, 1999-07-01 to 1999-10-01 inclusive"
                ),
            ),
        ],
    )
    def test_inconsistent_histories(
        self,
        exercises: tuple[Exercise, ...],
        adjustments: tuple[object, ...],
        error: type[OptionError],
        message: str,
    ) -> None:
        """Each record must fit the replay: its price, its shares and its date."""
        with pytest.raises(error) as raised:
            attrs.evolve(AUXER_1999, exercises=exercises, adjustments=adjustments)  # type: ignore[arg-type]
        assert str(raised.value) == message

    @given(grants_with_history())
    def test_rebuilt_from_its_fields(self, grant: OptionGrant) -> None:
        """A grant with any history rebuilds, pickles and evaluates back equal."""
        fields = {name: getattr(grant, name) for name in GRANT_KEYWORDS}
        again = OptionGrant(**fields)
        assert again == grant
        assert again.outstanding_shares == grant.outstanding_shares
        assert again.adjusted_exercise_price == grant.adjusted_exercise_price
        assert pickle.loads(pickle.dumps(grant)) == grant  # noqa: S301  (our own bytes)

    @given(grants_with_history())
    def test_repr_evaluates_back(self, grant: OptionGrant) -> None:
        """The repr of a grant with any history evaluates back to an equal grant."""
        namespace = {
            "OptionGrant": OptionGrant,
            "Exercise": Exercise,
            "Adjustment": Adjustment,
            "PaymentMethod": PaymentMethod,
            "ExpiryReading": ExpiryReading,
            "BusinessDayRoll": BusinessDayRoll,
            "Term": Term,
            "Decimal": Decimal,
            "Fraction": Fraction,
            "datetime": dt,
            "zoneinfo": zoneinfo,
        }
        assert eval(repr(grant), namespace) == grant  # noqa: S307  (our own repr)


# Placeholder arguments for the operations taking a grant: the grant is checked first.
_OTHER_ARGUMENTS: dict[str, object] = {
    "on": dt.date(1999, 8, 2),
    "shares": 1,
    "market_price": "0.50",
    "fair_market_value": "0.50",
    "average_market_price": "0.50",
    "ratio": 2,
    "reason": "VOLUNTARY_OTHER",
    "spot": "0.50",
    "volatility": "0.3",
    "risk_free_rate": "0.05",
    "security_id": "a-1",
    "stakeholder_id": "pmr",
}


def _operations_taking_a_grant() -> list[Callable[..., object]]:
    """Every public function whose first argument is a grant, and the report entry points."""
    import auxer_option
    from auxer_option import _display

    public = [getattr(auxer_option, name) for name in auxer_option.__all__]
    found = [
        function
        for function in public
        if inspect.isfunction(function)
        and next(iter(inspect.signature(function).parameters), None) == "grant"
    ]
    return [*found, _display.grant_rows, _display.standing]


def _call_with(function: Callable[..., object], grant: object) -> object:
    parameters = list(inspect.signature(function).parameters.values())[1:]
    required = [p for p in parameters if p.default is inspect.Parameter.empty]
    positional = [_OTHER_ARGUMENTS[p.name] for p in required if p.kind is not p.KEYWORD_ONLY]
    keywords = {p.name: _OTHER_ARGUMENTS[p.name] for p in required if p.kind is p.KEYWORD_ONLY}
    return function(grant, *positional, **keywords)


_NOT_GRANTS = st.one_of(
    st.none(),
    st.integers(),
    st.text(max_size=5),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.lists(st.integers(), max_size=2),
    st.builds(Term, months=st.integers(0, 12)),
)


class TestGrantArgument:
    def test_the_rule(self) -> None:
        assert NOT_A_GRANT == "must be an OptionGrant"

    def test_every_operation_is_found(self) -> None:
        """The discovery sees all 21 public operations on a grant, and 2 report entry points."""
        names = {function.__name__ for function in _operations_taking_a_grant()}
        assert {"exercise_cost", "window_status", "terminate", "fair_value", "to_ocf"} <= names
        assert {"plot_payoff", "plot_timeline", "vesting_table", "accelerate"} <= names
        assert len(names) == 23

    @pytest.mark.parametrize(
        "operation", _operations_taking_a_grant(), ids=lambda function: function.__name__
    )
    @given(value=_NOT_GRANTS)
    @example(value="x")
    @example(value="AUXER_1999")
    @example(value=attrs.asdict(AUXER_1999, recurse=False))
    def test_anything_else_is_refused(
        self, operation: Callable[..., object], value: object
    ) -> None:
        """Anything but a grant is refused by a type error naming ``grant``, never an
        AttributeError from deep inside."""
        with pytest.raises(OptionTypeError) as caught:
            _call_with(operation, value)
        assert (caught.value.field, caught.value.rule) == ("grant", NOT_A_GRANT)
        assert caught.value.value is value

    @pytest.mark.parametrize(
        "operation", _operations_taking_a_grant(), ids=lambda function: function.__name__
    )
    def test_a_grant_gets_past_the_check(self, operation: Callable[..., object]) -> None:
        """The placeholders above are good enough to get past the grant's own check."""
        try:
            _call_with(operation, AUXER_1999)
        except ImportError:  # the plots, without matplotlib
            pass
        except OptionError as error:
            assert error.field != "grant"
