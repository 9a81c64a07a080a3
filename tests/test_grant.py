"""The immutable records and their invariants (``_grant``)."""

from __future__ import annotations

import copy
import datetime as dt
import inspect
import pickle
import types
from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option import (
    AUXER_1999,
    BusinessDayRoll,
    Exercise,
    ExpiryReading,
    OptionGrant,
    PaymentMethod,
    Term,
    exercise,
)
from auxer_option._terms import TermLike
from auxer_option.exceptions import (
    AmountTypeError,
    DateTypeError,
    ExerciseOrderError,
    ExerciseWindowError,
    InconsistentGrantError,
    InsufficientSharesError,
    InvalidAmountError,
    InvalidChoiceError,
    InvalidCurrencyError,
    InvalidDateError,
    InvalidShareCountError,
    InvalidTermError,
    OptionError,
    OptionTypeError,
    OptionValueError,
    ShareCountTypeError,
)

from .strategies import anything, exercised_grants, option_grants

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
        with pytest.raises(InconsistentGrantError, match="disagrees with term 3 months") as raised:
            OptionGrant(JULY_1, 1, "0.13", term="3 months", expiration_date="1999-09-30")
        assert "1999-10-01" in str(raised.value)

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
        ("fields", "error", "rule"),
        [
            ({"grant_date": dt.datetime(1999, 7, 1)}, DateTypeError, "not a datetime"),
            ({"grant_date": "1 July 1999"}, InvalidDateError, "ISO 8601"),
            ({"shares": 0}, InvalidShareCountError, "must be positive"),
            ({"shares": -5}, InvalidShareCountError, "must be positive"),
            ({"shares": 1.0}, ShareCountTypeError, "whole numbers"),
            ({"shares": True}, ShareCountTypeError, "whole numbers"),
            ({"shares": "1,000,000"}, ShareCountTypeError, "whole numbers"),
            ({"shares": 2**63}, InvalidShareCountError, "must not exceed"),
            ({"exercise_price": 0.13}, AmountTypeError, "float"),
            ({"exercise_price": "$0.13"}, InvalidAmountError, "ASCII"),
            ({"exercise_price": Decimal("NaN")}, InvalidAmountError, "finite"),
            ({"exercise_price": "-0.13"}, InvalidAmountError, "negative"),
            ({"term": "3 fortnights"}, InvalidTermError, "fortnights"),
            ({"term": 3}, InvalidTermError, "must be a Term"),
            ({"expiration_date": "1999-06-30"}, InconsistentGrantError, "before grant_date"),
            ({"expiration_date": 5}, DateTypeError, "datetime.date"),
            ({"first_exercise_date": "1999-06-30"}, InconsistentGrantError, "before grant"),
            ({"first_exercise_date": "1999-10-02"}, InconsistentGrantError, "empty"),
            ({"currency": "XAU"}, InvalidCurrencyError, "ISO 4217"),
            ({"currency": None}, OptionTypeError, "ISO 4217"),
            ({"grantor": 5}, OptionTypeError, "text"),
            ({"grantee": "  "}, OptionValueError, "name the party"),
            ({"exercises": "none"}, OptionTypeError, "sequence of Exercise"),
            ({"exercises": [("1999-08-02", 1)]}, OptionTypeError, "Exercise record"),
            ({"grant_date": "9999-12-01"}, InvalidDateError, "after 9999-12-31"),
        ],
    )
    def test_bad_input(
        self, fields: dict[str, object], error: type[OptionError], rule: str
    ) -> None:
        """Each bad input gets its own OptionError subclass naming the field and the rule."""
        values: dict[str, Any] = {
            "grant_date": JULY_1,
            "shares": 1_000,
            "exercise_price": "0.13",
            "term": None if "expiration_date" in fields else "3 months",
        }
        values.update(fields)
        with pytest.raises(error, match=rule) as raised:
            OptionGrant(**values)
        assert str(raised.value).startswith(raised.value.field)
        assert isinstance(raised.value, TypeError if issubclass(error, TypeError) else ValueError)


class TestOnlyOptionErrorsEscape:
    @given(st.sampled_from([f.name for f in attrs.fields(OptionGrant) if f.init]), anything())
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
        fields = {
            field.name: getattr(grant, field.name)
            for field in attrs.fields(OptionGrant)
            if field.init
        }
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
            again = Exercise(*attrs.astuple(record, recurse=False))
            assert again == record
            assert repr(again) == repr(record)

    @given(exercised_grants())
    def test_outstanding_conserves_shares(self, grant: OptionGrant) -> None:
        """Outstanding plus exercised is always the grant."""
        exercised = sum(record.shares for record in grant.exercises)
        assert grant.outstanding_shares + exercised == grant.shares
        assert grant.outstanding_shares >= 0
