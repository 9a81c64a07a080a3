"""Pickling and copying rebuild every record through its constructor, checks included."""

from __future__ import annotations

import copy
import copyreg
import datetime as dt
import pickle
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from auxer_option import (
    AUXER_1999,
    Acceleration,
    Adjustment,
    Exercise,
    OptionGrant,
    Term,
    Termination,
    TerminationReason,
    VestingSchedule,
    accelerate,
    exercise,
    exercise_cost,
    terminate,
)
from auxer_option._choices import one_of
from auxer_option._grant import GRANT_KEYWORDS
from auxer_option._money import (
    MUST_BE_POSITIVE,
    MUST_NOT_BE_NEGATIVE,
    NOT_FINITE,
    UNKNOWN_CURRENCY,
)
from auxer_option._pickling import NOT_A_STATE
from auxer_option._records import SHARES_AFTER
from auxer_option._terms import NEGATIVE_TERM
from auxer_option._vesting import EVERY_AT_LEAST_ONE
from auxer_option.exceptions import (
    InconsistentRecordError,
    InvalidAmountError,
    InvalidChoiceError,
    InvalidDataError,
    InvalidShareCountError,
    InvalidTermError,
    InvalidVestingError,
    OptionError,
)
from auxer_option.testing.strategies import (
    any_vesting_schedules,
    exercise_records,
    grants_with_history,
    terms,
)
from tests.messages import refused

SCHEDULE = VestingSchedule.graded("2024-01-31", months=48, every=1, cliff=12)
GRADED = OptionGrant("2024-01-31", 48_000, "2.15", term="10 years", vesting=SCHEDULE)


class _Edited:
    """Pickles as ``record`` would, with ``changes`` made to its constructor's arguments:
    the bytes of a pickle of ``record`` edited by hand."""

    def __init__(self, record: Any, **changes: object) -> None:
        self.record = record
        self.changes = changes

    def __reduce__(self) -> tuple[Any, ...]:
        rebuild, (cls, arguments) = self.record.__reduce__()
        return rebuild, (cls, {**arguments, **self.changes})


def edited(record: Any, **changes: object) -> bytes:
    return pickle.dumps(_Edited(record, **changes))


class TestEditedPickles:
    @pytest.mark.parametrize(
        ("written", "rule"),
        [(b"-9.9", MUST_NOT_BE_NEGATIVE), (b"sNaN", NOT_FINITE)],
    )
    def test_an_edited_price(self, written: bytes, rule: str) -> None:
        """The attack as found: the price's digits overwritten in a grant's pickle."""
        data = pickle.dumps(AUXER_1999)
        assert data.count(b"0.13") == 1
        with pytest.raises(InvalidAmountError) as caught:
            pickle.loads(data.replace(b"0.13", written))  # noqa: S301  (the edited bytes)
        refused(caught, field="exercise_price", rule=rule)

    @pytest.mark.parametrize(
        ("record", "changes", "error", "field", "rule"),
        [
            (
                AUXER_1999,
                {"exercise_price": Decimal("-9.9")},
                InvalidAmountError,
                "exercise_price",
                MUST_NOT_BE_NEGATIVE,
            ),
            (AUXER_1999, {"shares": -1}, InvalidShareCountError, "shares", MUST_BE_POSITIVE),
            (AUXER_1999, {"currency": "XAU"}, OptionError, "currency", UNKNOWN_CURRENCY),
            (
                Exercise(dt.date(1999, 8, 2), 250_000, "0.13", "32500.00"),
                {"price": Decimal("sNaN")},
                InvalidAmountError,
                "price",
                NOT_FINITE,
            ),
            (
                Adjustment(dt.date(2000, 1, 3), "3:2", 7, 10, "0.13", "0.0867"),
                {"shares_after": 12},
                InconsistentRecordError,
                "shares_after",
                SHARES_AFTER.format(shares_before=7, ratio="3/2"),
            ),
            (
                Termination("2025-06-30", "VOLUNTARY_OTHER"),
                {"reason": "FIRED"},
                InvalidChoiceError,
                "reason",
                one_of(TerminationReason),
            ),
            (
                Acceleration("2025-06-30", 12_000),
                {"shares": -1},
                OptionError,
                "shares",
                MUST_BE_POSITIVE,
            ),
            (SCHEDULE, {"every": 0}, InvalidVestingError, "every", EVERY_AT_LEAST_ONE),
            (Term(months=3), {"months": -1}, InvalidTermError, "months", NEGATIVE_TERM),
        ],
        ids=lambda value: type(value).__name__ if not isinstance(value, dict | str) else None,
    )
    def test_every_record_is_checked(
        self,
        record: Any,
        changes: dict[str, object],
        error: type[OptionError],
        field: str,
        rule: str,
    ) -> None:
        data = edited(record, **changes)
        with pytest.raises(error) as caught:
            pickle.loads(data)  # noqa: S301  (the edited bytes)
        refused(caught, field=field, value=changes[field], rule=rule)

    def test_derived_facts_are_derived_again(self) -> None:
        """Outstanding shares are not in the pickle: an edited history changes them."""
        later = terminate(accelerate(GRADED, "2025-06-30", 1_000), "2025-07-01", "VOLUNTARY_OTHER")
        clone = pickle.loads(pickle.dumps(later))  # noqa: S301  (our own bytes)
        assert (clone.forfeited_shares, clone.outstanding_shares) == (
            later.forfeited_shares,
            later.outstanding_shares,
        )
        without = pickle.loads(edited(later, accelerations=()))  # noqa: S301
        assert without.forfeited_shares == later.forfeited_shares + 1_000


def _records(grant: OptionGrant) -> list[object]:
    return [
        grant,
        grant.vesting,
        *grant.exercises,
        *grant.adjustments,
        *grant.accelerations,
        *([] if grant.termination is None else [grant.termination]),
    ]


class TestRoundTrip:
    @given(
        st.one_of(
            exercise_records(),
            terms(),
            any_vesting_schedules(),
            grants_with_history(max_events=3).map(_records),
        )
    )
    def test_pickle_and_copies_are_equal(self, drawn: object) -> None:
        """Every record comes back equal, of its own type, by pickle, copy and deepcopy."""
        for record in drawn if isinstance(drawn, list) else [drawn]:
            for clone in (
                pickle.loads(pickle.dumps(record)),  # noqa: S301  (our own bytes)
                copy.copy(record),
                copy.deepcopy(record),
            ):
                assert type(clone) is type(record)
                assert clone == record

    def test_a_copy_costs_the_same(self) -> None:
        assert exercise_cost(copy.deepcopy(AUXER_1999)) == Decimal("130000.00")


class _Forged:
    """Pickles as attrs' own form would: a bare instance of ``kind``, then its state."""

    def __init__(self, kind: type, state: object) -> None:
        self.kind, self.state = kind, state

    def __reduce__(self) -> tuple[Any, ...]:
        # copyreg._reconstructor: how protocols 0 and 1 write an object and its state.
        return (copyreg._reconstructor, (self.kind, object, None), self.state)  # type: ignore[attr-defined]


def _loads(forged: _Forged) -> Any:
    return pickle.loads(pickle.dumps(forged))  # noqa: S301  (bytes made here)


def _stored(record: Any) -> dict[str, Any]:
    return {field.name: getattr(record, field.name) for field in attrs.fields(type(record))}


class TestStateForm:
    """A pickle in attrs' form (stored values set one by one) is rebuilt and checked too."""

    @pytest.mark.parametrize(
        "record",
        [
            AUXER_1999,
            exercise(attrs.evolve(AUXER_1999, business_day_roll="FOLLOWING"), 1, "1999-08-02")[0],
            Term(months=3),
            exercise(AUXER_1999, 10, "1999-08-02")[1],
        ],
        ids=["grant", "grant with conventions and history", "term", "exercise"],
    )
    def test_valid_state_rebuilds_an_equal_record(self, record: Any) -> None:
        for state in (_stored(record), (None, _stored(record))):
            assert _loads(_Forged(type(record), state)) == record

    def test_a_term_rebuilt_hashes(self) -> None:
        """A Term keeps its hash cached: a state-form pickle rebuilds that slot too, so the
        Term hashes, and a grant on it builds and hashes."""
        term = _loads(_Forged(Term, _stored(Term(months=3))))
        assert hash(term) == hash(Term(months=3))
        grant = OptionGrant(
            "1999-07-01", 1, "1", term=term, termination_windows={"VOLUNTARY_OTHER": term}
        )
        assert hash(grant) == hash(attrs.evolve(grant, term=Term(months=3)))

    def test_a_grant_stored_field_by_field(self) -> None:
        """A grant pickled when each convention and record list was a field of its own (its
        keywords, and what it derived) reads back as the grant it was."""
        grant = exercise(
            OptionGrant(
                "2024-01-31",
                1_000,
                "2",
                term="10 years",
                business_day_roll="FOLLOWING",
                holidays=["2034-01-31"],
            ),
            100,
            "2024-03-01",
        )[0]
        state = {name: getattr(grant, name) for name in GRANT_KEYWORDS} | {"forfeited_shares": 0}
        loaded = _loads(_Forged(OptionGrant, state))
        assert loaded == grant
        assert loaded.outstanding_shares == 900

    def test_an_edited_price(self) -> None:
        state = {**_stored(AUXER_1999), "exercise_price": Decimal("-9.9")}
        with pytest.raises(InvalidAmountError) as raised:
            _loads(_Forged(OptionGrant, state))
        assert raised.value.field == "exercise_price"

    def test_derived_facts_are_not_trusted(self) -> None:
        state = {**_stored(AUXER_1999), "outstanding_shares": 5}
        loaded = _loads(_Forged(OptionGrant, state))
        assert loaded.outstanding_shares == AUXER_1999.outstanding_shares

    def test_not_a_state(self) -> None:
        with pytest.raises(InvalidDataError) as raised:
            _loads(_Forged(Term, [1, 2, 3]))
        assert str(raised.value) == f"pickle=[1, 2, 3]: {NOT_A_STATE}"
        assert NOT_A_STATE == "is not the stored values of a record"
