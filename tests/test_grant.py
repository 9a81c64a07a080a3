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
    Acceleration,
    Adjustment,
    BusinessDayRoll,
    Exercise,
    ExpiryReading,
    OptionGrant,
    PaymentMethod,
    Term,
    Termination,
    VestingSchedule,
    WindowConventions,
    accelerate,
    adjust_for_split,
    exercisable_shares,
    exercise,
    terminate,
    vested_shares,
)
from auxer_option._choices import NOT_A_FLAG, one_of
from auxer_option._grant import (
    AFTER_TERMINATION,
    BEFORE_GRANT_DATE,
    BEFORE_PREVIOUS,
    DISAGREES_WITH_TERM,
    EMPTY_WINDOW,
    GRANT_KEYWORDS,
    MORE_THAN_UNVESTED,
    NO_EXPIRY,
    NO_PARTY,
    NOT_A_GRANT,
    NOT_A_HISTORY,
    NOT_A_NAME,
    NOT_A_RECORD,
    NOT_A_SCHEDULE,
    NOT_A_TERMINATION,
    NOT_CONVENTIONS,
    NOT_RECORDS,
    READING_NEEDS_TERM,
    _GrantSlots,
    as_of,
    history,
    stored_schedule,
)
from auxer_option._history import (
    BEFORE_GRANT_OR_PREVIOUS,
    BEFORE_PREVIOUS_EVENT,
    MORE_THAN_OUTSTANDING,
    MORE_THAN_VESTED,
    NEVER_OUTSTANDING,
    NOT_THE_PRICE,
    OUTSIDE_THE_WINDOW,
    History,
)
from auxer_option._money import (
    CURRENCY_NOT_TEXT,
    FLOAT_AMOUNT,
    MAX_SHARES,
    MUST_BE_POSITIVE,
    MUST_NOT_BE_NEGATIVE,
    NOT_FINITE,
    NOT_PLAIN_NUMBER,
    NOT_WHOLE_SHARES,
    OVER_MAX_SHARES,
    UNKNOWN_CURRENCY,
    at_least,
)
from auxer_option._ratio import FLOAT_RATIO, NO_OLD_SHARES
from auxer_option._records import (
    CASH_REMAINING,
    MARKET_PAIR,
    NET_COST,
    NET_SHARES,
    NOT_FOR,
    REQUIRED_FOR,
    SALE_SHARES,
    SHARES_AFTER,
)
from auxer_option._terms import (
    NOT_A_DATE,
    NOT_A_DATETIME,
    NOT_A_TERM,
    NOT_ISO_DATE,
    TermLike,
    after_the_last_date,
)
from auxer_option._vesting import TRANCHES_ADD_UP
from auxer_option._window import NO_CLOCK
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

from .grants import FOUR_YEARS, SPLIT_AFTER_LEAVING, built_whole, four_year_grant
from .messages import RESULT_TOO_LONG, message, refused, rule_of
from .strategies import (
    anything,
    exercised_grants,
    grants_with_history,
    grants_with_later_history,
    option_grants,
)

JULY_1 = dt.date(1999, 7, 1)


def _grant(**changes: Any) -> OptionGrant:
    """A 1,000-share grant of three months from 1 July 1999, with ``changes``."""
    return OptionGrant(JULY_1, 1_000, "0.13", **({"term": "3 months"} | changes))


def _accelerated(*accelerations: Acceleration, **changes: Any) -> OptionGrant:
    """The four-year grant, with ``accelerations`` and ``changes``."""
    return attrs.evolve(FOUR_YEARS, accelerations=accelerations, **changes)


class TestMessages:
    """Each rule of the grant, its records and its history, word for word, once: the other
    tests check which rule it is."""

    @pytest.mark.parametrize(
        ("call", "rule", "expected"),
        [
            pytest.param(
                lambda: _grant(grantor=5),
                NOT_A_NAME,
                "grantor=5: must be text (a name) or None",
                id="NOT_A_NAME",
            ),
            pytest.param(
                lambda: _grant(conventions={"business_day_roll": "FOLLOWING"}),
                NOT_CONVENTIONS,
                "conventions={'business_day_roll': 'FOLLOWING'}: "
                "must be a WindowConventions, such as WindowConventions()",
                id="NOT_CONVENTIONS",
            ),
            pytest.param(
                lambda: _grant(_history=()),
                NOT_A_HISTORY,
                "_history=(): must be a grant's history",
                id="NOT_A_HISTORY",
            ),
            pytest.param(
                lambda: _grant(grantee=" "),
                NO_PARTY,
                "grantee=' ': must name the party, or be None",
                id="NO_PARTY",
            ),
            pytest.param(
                lambda: _grant(exercises="none"),
                NOT_RECORDS.format(kind="Exercise"),
                "exercises='none': must be a sequence of Exercise records",
                id="NOT_RECORDS",
            ),
            pytest.param(
                lambda: _grant(adjustments=["3:2"]),
                NOT_A_RECORD.format(kind="Adjustment"),
                "adjustments[0]='3:2': must be an Adjustment record",
                id="NOT_A_RECORD",
            ),
            pytest.param(
                lambda: _grant(vesting="4 years"),
                NOT_A_SCHEDULE,
                "vesting='4 years': must be a VestingSchedule, such as VestingSchedule.graded(...)",
                id="NOT_A_SCHEDULE",
            ),
            pytest.param(
                lambda: _grant(termination="1999-08-01"),
                NOT_A_TERMINATION,
                "termination='1999-08-01': must be a Termination record or None",
                id="NOT_A_TERMINATION",
            ),
            pytest.param(
                lambda: _grant(expiration_date="1999-06-30", term=None),
                BEFORE_GRANT_DATE.format(grant_date=JULY_1),
                "expiration_date=datetime.date(1999, 6, 30): must not be before grant_date "
                "1999-07-01",
                id="BEFORE_GRANT_DATE",
            ),
            pytest.param(
                lambda: _grant(first_exercise_date="1999-10-02"),
                EMPTY_WINDOW.format(first="1999-10-02", last="1999-10-01"),
                "last_exercise_date=datetime.date(1999, 10, 1): the window would be empty: it "
                "opens on 1999-10-02 but its last day is 1999-10-01",
                id="EMPTY_WINDOW",
            ),
            pytest.param(
                lambda: _accelerated(Acceleration("2025-06-15", 1), Acceleration("2025-06-14", 1)),
                BEFORE_PREVIOUS.format(previous="2025-06-15"),
                "accelerations[1].date=datetime.date(2025, 6, 14): must not be before the grant "
                "date or the previous one, on 2025-06-15",
                id="BEFORE_PREVIOUS",
            ),
            pytest.param(
                lambda: _accelerated(
                    Acceleration("2025-06-16", 1),
                    termination=Termination("2025-06-15", "VOLUNTARY_OTHER"),
                ),
                AFTER_TERMINATION.format(end="2025-06-15"),
                "accelerations[0].date=datetime.date(2025, 6, 16): must not be after the "
                "termination, on 2025-06-15",
                id="AFTER_TERMINATION",
            ),
            pytest.param(
                lambda: _accelerated(Acceleration("2025-06-15", 48_001)),
                MORE_THAN_UNVESTED.format(unvested=32_000, date="2025-06-15"),
                "accelerations[0].shares=48001: only 32000 shares were unvested on 2025-06-15",
                id="MORE_THAN_UNVESTED",
            ),
            pytest.param(
                lambda: OptionGrant(JULY_1, 1, "0.13"),
                NO_EXPIRY,
                "expiration_date=None: give expiration_date= or term= (or both, agreeing)",
                id="NO_EXPIRY",
            ),
            pytest.param(
                lambda: _grant(
                    term=None, expiration_date="1999-10-01", expiry_reading="LESS_ONE_DAY"
                ),
                READING_NEEDS_TERM,
                "expiry_reading=ExpiryReading.LESS_ONE_DAY: applies to a term; with only "
                "expiration_date, give the date that is meant",
                id="READING_NEEDS_TERM",
            ),
            pytest.param(
                lambda: _grant(expiration_date="1999-09-30"),
                DISAGREES_WITH_TERM.format(
                    term="3 months",
                    grant_date=JULY_1,
                    expiration="1999-10-01",
                    reading="CORRESPONDING_DATE",
                ),
                "expiration_date=datetime.date(1999, 9, 30): disagrees with term 3 months from "
                "1999-07-01, which gives 1999-10-01 (CORRESPONDING_DATE)",
                id="DISAGREES_WITH_TERM",
            ),
            pytest.param(
                lambda: net_record(shares_issued=None),
                REQUIRED_FOR.format(payment="NET_EXERCISE"),
                "shares_issued=None: is required for a NET_EXERCISE exercise",
                id="REQUIRED_FOR",
            ),
            pytest.param(
                lambda: net_record(shares_sold=1),
                NOT_FOR.format(payment="NET_EXERCISE"),
                "shares_sold=1: does not apply for a NET_EXERCISE exercise",
                id="NOT_FOR",
            ),
            pytest.param(
                lambda: net_record(spread=None),
                MARKET_PAIR,
                "spread=None: goes with fair_market_value: give both or neither",
                id="MARKET_PAIR",
            ),
            pytest.param(
                lambda: net_record(shares_withheld=433_333),
                NET_SHARES.format(issued=566_666, shares=1_000_000),
                "shares_withheld=433333: plus shares_issued 566666 must be the 1000000 exercised",
                id="NET_SHARES",
            ),
            pytest.param(
                lambda: net_record(cost="0.01"),
                NET_COST,
                "cost=Decimal('0.01'): must be zero: a net exercise is paid in shares",
                id="NET_COST",
            ),
            pytest.param(
                lambda: sale_record(shares_kept=1),
                SALE_SHARES.format(sold=422_800, shares=1_000_000),
                "shares_kept=1: plus shares_sold 422800 must be the 1000000 exercised",
                id="SALE_SHARES",
            ),
            pytest.param(
                lambda: sale_record(cash_remaining="0.01"),
                CASH_REMAINING,
                "cash_remaining=Decimal('0.01'): "
                "must be sale_proceeds less cost, tax_withheld and fees",
                id="CASH_REMAINING",
            ),
            pytest.param(
                lambda: split_record(shares_after=1_500_001),
                SHARES_AFTER.format(shares_before=1_000_000, ratio="3/2"),
                "shares_after=1500001: must be shares_before 1000000 times ratio 3/2, "
                "rounded to a whole share",
                id="SHARES_AFTER",
            ),
            pytest.param(
                lambda: attrs.evolve(
                    AUXER_1999,
                    adjustments=(split_record(shares_before=999_999, shares_after=1_499_998),),
                ),
                NEVER_OUTSTANDING.format(outstanding=1_000_000),
                "adjustments[0].shares_before=999999: must be the shares outstanding when it "
                "was made, but the history before it never leaves that many "
                "(it ends with 1000000)",
                id="NEVER_OUTSTANDING",
            ),
            pytest.param(
                lambda: attrs.evolve(
                    AUXER_1999, exercises=(Exercise("1999-10-02", 1, "0.13", "0.13"),)
                ),
                OUTSIDE_THE_WINDOW.format(first="1999-07-01", last="1999-10-01"),
                "exercises[0].date=datetime.date(1999, 10, 2): "
                "must fall in the exercise window, 1999-07-01 to 1999-10-01 inclusive",
                id="OUTSIDE_THE_WINDOW",
            ),
            pytest.param(
                lambda: attrs.evolve(
                    AUXER_1999,
                    exercises=(
                        Exercise("1999-09-01", 1, "0.13", "0.13"),
                        Exercise("1999-08-01", 1, "0.13", "0.13"),
                    ),
                ),
                BEFORE_PREVIOUS_EVENT.format(previous="1999-09-01"),
                "exercises[1].date=datetime.date(1999, 8, 1): must not be before the "
                "previous exercise or adjustment, on 1999-09-01",
                id="BEFORE_PREVIOUS_EVENT",
            ),
            pytest.param(
                lambda: attrs.evolve(
                    AUXER_1999, exercises=(Exercise("1999-08-02", 1, "0.065", "0.07"),)
                ),
                NOT_THE_PRICE.format(price="0.13"),
                "exercises[0].price=Decimal('0.065'): must be the exercise price in force, 0.13",
                id="NOT_THE_PRICE",
            ),
            pytest.param(
                lambda: attrs.evolve(
                    FOUR_YEARS, exercises=(Exercise("2025-01-31", 12_001, "2.15", "25802.15"),)
                ),
                MORE_THAN_VESTED.format(available=12_000, date="2025-01-31"),
                "exercises[0].shares=12001: only 12000 vested shares could be exercised on "
                "2025-01-31",
                id="MORE_THAN_VESTED",
            ),
            pytest.param(
                lambda: attrs.evolve(AUXER_1999, adjustments=(split_record(date="1999-06-30"),)),
                BEFORE_GRANT_OR_PREVIOUS.format(previous="1999-07-01"),
                "adjustments[0].date=datetime.date(1999, 6, 30): must not be before the "
                "grant date or the previous event, on 1999-07-01",
                id="BEFORE_GRANT_OR_PREVIOUS",
            ),
            pytest.param(
                lambda: attrs.evolve(
                    AUXER_1999,
                    exercises=(Exercise("1999-08-02", 1_500_001, "0.0867", "130050.09"),),
                    adjustments=(split_record(),),
                ),
                MORE_THAN_OUTSTANDING.format(outstanding=1_500_000, granted=1_000_000),
                "exercises[0].shares=1500001: only 1500000 of the 1000000 granted shares "
                "are outstanding",
                id="MORE_THAN_OUTSTANDING",
            ),
        ],
    )
    def test_message(self, call: Callable[[], object], rule: str, expected: str) -> None:
        """The message names the field and the value, then the rule in these words."""
        assert message(call, rule) == expected

    def test_not_a_grant(self) -> None:
        """The rule of anything but a grant where an operation takes one."""
        from auxer_option import exercise_cost

        expected = "grant='AUXER_1999': must be an OptionGrant"
        assert message(lambda: exercise_cost("AUXER_1999"), NOT_A_GRANT) == expected  # type: ignore[arg-type]


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
        rule = DISAGREES_WITH_TERM.format(
            term=Term(months=3),
            grant_date=JULY_1,
            expiration=dt.date(1999, 10, 1),
            reading=ExpiryReading.CORRESPONDING_DATE,
        )
        refused(raised, field="expiration_date", value=dt.date(1999, 9, 30), rule=rule)

    def test_neither(self) -> None:
        """A grant needs an expiry."""
        with pytest.raises(InconsistentGrantError) as raised:
            OptionGrant(JULY_1, 1, "0.13")
        refused(raised, field="expiration_date", value=None, rule=NO_EXPIRY)

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
        ("fields", "error", "field", "value", "rule"),
        [
            (
                {"grant_date": dt.datetime(1999, 7, 1, 9, 30)},
                DateTypeError,
                "grant_date",
                ...,
                NOT_A_DATETIME,
            ),
            ({"grant_date": "1 July 1999"}, InvalidDateError, "grant_date", ..., NOT_ISO_DATE),
            ({"shares": 0}, InvalidShareCountError, "shares", ..., MUST_BE_POSITIVE),
            ({"shares": -5}, InvalidShareCountError, "shares", ..., MUST_BE_POSITIVE),
            ({"shares": 1.0}, ShareCountTypeError, "shares", ..., NOT_WHOLE_SHARES),
            ({"shares": True}, ShareCountTypeError, "shares", ..., NOT_WHOLE_SHARES),
            ({"shares": "1,000,000"}, ShareCountTypeError, "shares", ..., NOT_WHOLE_SHARES),
            ({"shares": 2**63}, InvalidShareCountError, "shares", ..., OVER_MAX_SHARES),
            ({"exercise_price": 0.13}, AmountTypeError, "exercise_price", ..., FLOAT_AMOUNT),
            (
                {"exercise_price": "$0.13"},
                InvalidAmountError,
                "exercise_price",
                ...,
                NOT_PLAIN_NUMBER,
            ),
            (
                {"exercise_price": Decimal("NaN")},
                InvalidAmountError,
                "exercise_price",
                ...,
                NOT_FINITE,
            ),
            (
                {"exercise_price": "-0.13"},
                InvalidAmountError,
                "exercise_price",
                ...,
                MUST_NOT_BE_NEGATIVE,
            ),
            (
                {"term": "3 fortnights"},
                InvalidTermError,
                "term",
                ...,
                rule_of(lambda: Term.parse("3 fortnights")),
            ),
            ({"term": 3}, InvalidTermError, "term", ..., NOT_A_TERM),
            (
                {"expiration_date": "1999-06-30"},
                InconsistentGrantError,
                "expiration_date",
                dt.date(1999, 6, 30),
                BEFORE_GRANT_DATE.format(grant_date=JULY_1),
            ),
            ({"expiration_date": 5}, DateTypeError, "expiration_date", ..., NOT_A_DATE),
            (
                {"first_exercise_date": "1999-06-30"},
                InconsistentGrantError,
                "first_exercise_date",
                dt.date(1999, 6, 30),
                BEFORE_GRANT_DATE.format(grant_date=JULY_1),
            ),
            (
                {"first_exercise_date": "1999-10-02"},
                InconsistentGrantError,
                "last_exercise_date",
                dt.date(1999, 10, 1),
                EMPTY_WINDOW.format(first=dt.date(1999, 10, 2), last=dt.date(1999, 10, 1)),
            ),
            ({"first_exercise_date": 5}, DateTypeError, "first_exercise_date", ..., NOT_A_DATE),
            ({"currency": "XAU"}, InvalidCurrencyError, "currency", ..., UNKNOWN_CURRENCY),
            ({"currency": 5}, OptionTypeError, "currency", ..., CURRENCY_NOT_TEXT),
            ({"currency": None}, OptionTypeError, "currency", ..., CURRENCY_NOT_TEXT),
            ({"grantor": 5}, OptionTypeError, "grantor", ..., NOT_A_NAME),
            ({"grantee": 5}, OptionTypeError, "grantee", ..., NOT_A_NAME),
            ({"grantee": "  "}, OptionValueError, "grantee", ..., NO_PARTY),
            ({"grantor": ""}, OptionValueError, "grantor", ..., NO_PARTY),
            (
                {"exercises": None},
                OptionTypeError,
                "exercises",
                ...,
                NOT_RECORDS.format(kind="Exercise"),
            ),
            (
                {"exercises": "none"},
                OptionTypeError,
                "exercises",
                ...,
                NOT_RECORDS.format(kind="Exercise"),
            ),
            (
                {"exercises": [("1999-08-02", 1)]},
                OptionTypeError,
                "exercises[0]",
                ("1999-08-02", 1),
                NOT_A_RECORD.format(kind="Exercise"),
            ),
            ({"early_exercisable": "yes"}, OptionTypeError, "early_exercisable", ..., NOT_A_FLAG),
            ({"vesting": "4 years"}, OptionTypeError, "vesting", ..., NOT_A_SCHEDULE),
            (
                {"cutoff_time": "17:00"},
                InconsistentGrantError,
                "cutoff_time",
                dt.time(17, 0),
                NO_CLOCK,
            ),
            (
                {"expiry_reading": "LESS_ONE_DAY", "expiration_date": "1999-10-01"},
                InconsistentGrantError,
                "expiry_reading",
                ExpiryReading.LESS_ONE_DAY,
                READING_NEEDS_TERM,
            ),
            ({"term": None}, InconsistentGrantError, "expiration_date", None, NO_EXPIRY),
            (
                {"grant_date": "9999-12-01"},
                InvalidDateError,
                "grant_date",
                dt.date(9999, 12, 1),
                after_the_last_date(dt.date(9999, 12, 1), Term(months=3)),
            ),
        ],
    )
    def test_bad_input(
        self,
        fields: dict[str, object],
        error: type[OptionError],
        field: str,
        value: object,
        rule: str,
    ) -> None:
        """Each bad input gets its own OptionError subclass naming the field, the value and
        the rule (``...``: the value as given)."""
        values: dict[str, Any] = {
            "grant_date": JULY_1,
            "shares": 1_000,
            "exercise_price": "0.13",
            "term": None if "expiration_date" in fields else "3 months",
        }
        values.update(fields)
        with pytest.raises(error) as raised:
            OptionGrant(**values)
        if value is ...:
            (value,) = fields.values()
        refused(raised, cls=error, field=field, value=value, rule=rule)
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
        assert history(one) is history(other)
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

    def test_a_grant_that_vests_at_once_stores_no_schedule(self) -> None:
        """It reads as the immediate schedule, given or not, and is equal, hashed and
        pickled alike; a schedule of its own is stored as given."""
        given = OptionGrant(JULY_1, 1, "1", term="3 months", vesting=VestingSchedule.immediate())
        plain = OptionGrant(JULY_1, 1, "1", term="3 months")
        assert stored_schedule(given) is stored_schedule(plain) is None
        assert given.vesting == plain.vesting == VestingSchedule.immediate()
        assert given == plain
        assert hash(given) == hash(plain)
        assert repr(given) == repr(plain)
        assert attrs.evolve(plain, shares=2).vesting == VestingSchedule.immediate()
        assert stored_schedule(pickle.loads(pickle.dumps(plain))) is None  # noqa: S301
        graded = VestingSchedule.graded("1999-07-01", months=3)
        vesting = OptionGrant(JULY_1, 3, "1", term="3 months", vesting=graded)
        assert stored_schedule(vesting) is vesting.vesting is graded
        assert vesting != plain
        assert isinstance(
            vars(OptionGrant)["vesting"].__get__(None, OptionGrant), types.MemberDescriptorType
        )

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
        assert hash(linked) != hash(History())  # by its records, not a constant
        assert [record.date for record in linked.exercises] == [
            dt.date(1999, 8, 2),
            dt.date(1999, 8, 3),
            dt.date(1999, 8, 4),
        ]
        assert linked.__eq__("a history") is NotImplemented

    def test_splits_that_drop_shares_built_whole(self) -> None:
        """Two reverse splits that each drop a fraction: the history built whole derives what
        the splits did as the grant split step by step does."""
        grant = OptionGrant(
            "2024-01-31",
            10,
            "1",
            term="10 years",
            vesting=VestingSchedule.graded("2024-01-31", months=10, every=1),
        )
        split = adjust_for_split(adjust_for_split(grant, "1:3", on="2024-03-01"), "2:1")
        whole = built_whole(split)
        assert history(split).split_dropped != 0
        for name in ("split_ratio", "split_dropped"):
            assert getattr(history(whole), name) == getattr(history(split), name)
        for day in ("2024-06-30", "2024-12-31"):
            assert exercisable_shares(whole, day) == exercisable_shares(split, day)

    def test_records_after_a_termination_keep_it(self) -> None:
        """An exercise after a termination keeps the termination, and a split before one is
        in force when it forfeits: built step by step or whole, the grant is the same."""
        grant = four_year_grant()
        split = adjust_for_split(grant, "2:1", on="2025-03-01")
        left = terminate(split, "2025-06-15", "VOLUNTARY_OTHER")
        after, _ = exercise(left, 1_000, "2025-07-01")
        assert after.termination == left.termination
        assert after != left
        whole = built_whole(after)
        assert whole == after
        assert (whole.forfeited_shares, whole.outstanding_shares) == (
            after.forfeited_shares,
            after.outstanding_shares,
        )
        assert after.forfeited_shares == 64_000

    def test_an_early_exercise_on_the_termination_day(self) -> None:
        """The termination takes effect at the end of its day: an exercise that day, of
        unvested shares, comes before it, built step by step or whole."""
        grant = four_year_grant(early_exercisable=True)
        exercised, _ = exercise(grant, 40_000, "2024-03-01")
        left = terminate(exercised, "2024-03-01", "VOLUNTARY_OTHER")
        whole = built_whole(left)
        assert (whole.forfeited_shares, whole.outstanding_shares) == (8_000, 0)
        assert (left.forfeited_shares, left.outstanding_shares) == (8_000, 0)

    def test_an_acceleration_by_hand_on_a_grant_vested_at_once(self) -> None:
        with pytest.raises(InvalidVestingError) as raised:
            _grant(accelerations=[Acceleration("1999-07-02", 1)])
        refused(
            raised,
            field="accelerations[0].shares",
            rule=MORE_THAN_UNVESTED.format(unvested=0, date=dt.date(1999, 7, 2)),
        )

    def test_final(self) -> None:
        """A subclass would lose its class to every operation: refused when it is made."""
        with pytest.raises(TypeError) as raised:

            class Grant(OptionGrant):  # type: ignore[misc]
                pass

        assert str(raised.value) == "OptionGrant is final: wrap a grant instead of subclassing it"

    def test_help_shows_the_true_defaults(self) -> None:
        parameters = inspect.signature(OptionGrant).parameters
        assert parameters["expiry_reading"].default is ExpiryReading.CORRESPONDING_DATE
        assert parameters["exercises"].default == ()
        assert parameters["termination"].default is None
        assert "_history" not in parameters
        together = ("conventions", "tax_terms")
        assert [name for name in parameters if name not in together] == list(GRANT_KEYWORDS)

    def test_a_split_after_a_termination_replays(self) -> None:
        """Built whole, a history with a split after the termination forfeits first."""
        grant = four_year_grant()
        left = adjust_for_split(
            terminate(grant, "2025-06-15", "VOLUNTARY_OTHER"), 2, on="2025-07-01"
        )
        whole = built_whole(left)
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
        ("fields", "error", "field", "rule"),
        [
            ({"date": dt.datetime(1999, 8, 2, 9, 30)}, DateTypeError, "date", NOT_A_DATETIME),
            ({"shares": 0}, InvalidShareCountError, "shares", MUST_BE_POSITIVE),
            ({"price": 0.13}, AmountTypeError, "price", FLOAT_AMOUNT),
            ({"cost": "-1"}, InvalidAmountError, "cost", MUST_NOT_BE_NEGATIVE),
            ({"payment": "CHEQUE"}, InvalidChoiceError, "payment", one_of(PaymentMethod)),
        ],
    )
    def test_bad_records(
        self, fields: dict[str, object], error: type[OptionError], field: str, rule: str
    ) -> None:
        """Each field of a record is checked, and the error names it and the rule."""
        values: dict[str, Any] = {
            "date": "1999-08-02",
            "shares": 1,
            "price": "0.13",
            "cost": "0.13",
        }
        values.update(fields)
        with pytest.raises(error) as raised:
            Exercise(**values)
        (value,) = fields.values()
        refused(raised, field=field, value=value, rule=rule)

    def test_history_must_fit_the_window(self) -> None:
        """A recorded exercise outside the window is refused."""
        late = Exercise("1999-10-02", 1, "0.13", "0.13")
        with pytest.raises(ExerciseWindowError) as raised:
            attrs.evolve(AUXER_1999, exercises=[late])
        rule = OUTSIDE_THE_WINDOW.format(first=JULY_1, last=dt.date(1999, 10, 1))
        refused(raised, field="exercises[0].date", value=late.date, rule=rule)

    def test_history_must_be_in_order(self) -> None:
        """Recorded exercises are oldest first."""
        first = Exercise("1999-09-01", 1, "0.13", "0.13")
        second = Exercise("1999-08-01", 1, "0.13", "0.13")
        with pytest.raises(ExerciseOrderError) as raised:
            attrs.evolve(AUXER_1999, exercises=(first, second))
        rule = BEFORE_PREVIOUS_EVENT.format(previous=first.date)
        refused(raised, field="exercises[1].date", value=second.date, rule=rule)

    def test_history_cannot_exceed_the_grant(self) -> None:
        """Recorded exercises cannot add up to more than was granted."""
        big = Exercise("1999-08-01", 600_000, "0.13", "78000")
        with pytest.raises(InsufficientSharesError) as raised:
            attrs.evolve(AUXER_1999, exercises=(big, big))
        rule = MORE_THAN_OUTSTANDING.format(outstanding=400_000, granted=1_000_000)
        refused(raised, field="exercises[1].shares", value=600_000, rule=rule)

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
        ("record", "field", "value", "rule"),
        [
            (
                lambda: net_record(shares_issued=None),
                "shares_issued",
                None,
                REQUIRED_FOR.format(payment="NET_EXERCISE"),
            ),
            (
                lambda: net_record(shares_sold=1),
                "shares_sold",
                1,
                NOT_FOR.format(payment="NET_EXERCISE"),
            ),
            (
                lambda: net_record(fair_market_value=None, spread=None),
                "fair_market_value",
                None,
                REQUIRED_FOR.format(payment="NET_EXERCISE"),
            ),
            (lambda: net_record(spread=None), "spread", None, MARKET_PAIR),
            (
                lambda: net_record(shares_withheld=433_333),
                "shares_withheld",
                433_333,
                NET_SHARES.format(issued=566_666, shares=1_000_000),
            ),
            (lambda: net_record(cost="0.01"), "cost", Decimal("0.01"), NET_COST),
            (
                lambda: sale_record(cash_in_lieu="0.20"),
                "cash_in_lieu",
                Decimal("0.20"),
                NOT_FOR.format(payment="SELL_TO_COVER"),
            ),
            (
                lambda: sale_record(shares_kept=1),
                "shares_kept",
                1,
                SALE_SHARES.format(sold=422_800, shares=1_000_000),
            ),
            (
                lambda: sale_record(cash_remaining="0.01"),
                "cash_remaining",
                Decimal("0.01"),
                CASH_REMAINING,
            ),
            (
                lambda: sale_record(fees=None),
                "fees",
                None,
                REQUIRED_FOR.format(payment="SELL_TO_COVER"),
            ),
            (
                lambda: Exercise("1999-08-02", 1, "0.13", "0.13", shares_issued=1),
                "shares_issued",
                1,
                NOT_FOR.format(payment="CASH"),
            ),
            (
                lambda: Exercise("1999-08-02", 1, "0.13", "0.13", spread="0.37"),
                "spread",
                Decimal("0.37"),
                MARKET_PAIR,
            ),
        ],
    )
    def test_inconsistent_records(
        self, record: Callable[[], Exercise], field: str, value: object, rule: str
    ) -> None:
        """Fields that do not go with the payment, or do not add up, are refused."""
        with pytest.raises(InconsistentRecordError) as raised:
            record()
        refused(raised, field=field, value=value, rule=rule)

    @pytest.mark.parametrize(
        ("field", "value", "rule"),
        [
            ("fees", -1, MUST_NOT_BE_NEGATIVE),
            ("spread", "-1", MUST_NOT_BE_NEGATIVE),
            ("cash_remaining", "-0.01", MUST_NOT_BE_NEGATIVE),
            ("sale_proceeds", "-1", MUST_NOT_BE_NEGATIVE),
            ("tax_withheld", "-1", MUST_NOT_BE_NEGATIVE),
            ("shares_kept", -1, at_least(0)),
            ("shares_sold", -1, at_least(0)),
        ],
    )
    def test_bad_sale_values(self, field: str, value: object, rule: str) -> None:
        """Each sell-to-cover field is checked under its own name."""
        with pytest.raises(OptionError) as raised:
            sale_record(**{field: value})
        refused(raised, field=field, value=value, rule=rule)

    @pytest.mark.parametrize(
        ("field", "value", "error", "rule"),
        [
            ("shares_issued", -1, InvalidShareCountError, at_least(0)),
            ("shares_withheld", 1.5, ShareCountTypeError, NOT_WHOLE_SHARES),
            ("cash_in_lieu", 0.2, AmountTypeError, FLOAT_AMOUNT),
            ("fair_market_value", "-1", InvalidAmountError, MUST_NOT_BE_NEGATIVE),
        ],
    )
    def test_bad_detail_values(
        self, field: str, value: object, error: type[OptionError], rule: str
    ) -> None:
        """Every detail field is coerced like its kind, and errors name it."""
        with pytest.raises(error) as raised:
            net_record(**{field: value})
        refused(raised, field=field, value=value, rule=rule)

    @pytest.mark.parametrize(
        ("changes", "operands"),
        [
            (
                {"sale_proceeds": "9" * 49, "fees": "0.000001"},
                ("9" * 49, "211400.000001"),
            ),
            (
                {"fees": "9" * 46 + ".0001"},
                ("130000.00", "81400.00", "9" * 46 + ".0001"),
            ),
        ],
    )
    def test_too_long_to_check(self, changes: dict[str, str], operands: tuple[str, ...]) -> None:
        """Amounts too long to add up exactly are refused, not rounded or leaked."""
        with pytest.raises(PrecisionError) as raised:
            sale_record(**changes)
        value = tuple(Decimal(operand) for operand in operands)
        refused(raised, field="cash_remaining", value=value, rule=RESULT_TOO_LONG)

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
        ("changes", "error", "field", "rule"),
        [
            ({"ratio": 1.5}, RatioTypeError, "ratio", FLOAT_RATIO),
            ({"ratio": "1:0"}, InvalidRatioError, "ratio", NO_OLD_SHARES),
            ({"shares_before": -1}, InvalidShareCountError, "shares_before", at_least(0)),
            ({"shares_after": 1.0}, ShareCountTypeError, "shares_after", NOT_WHOLE_SHARES),
            ({"price_before": 0.13}, AmountTypeError, "price_before", FLOAT_AMOUNT),
            ({"price_after": "NaN"}, InvalidAmountError, "price_after", NOT_PLAIN_NUMBER),
            ({"date": dt.datetime(1999, 8, 2, 9, 30)}, DateTypeError, "date", NOT_A_DATETIME),
        ],
    )
    def test_bad_records(
        self, changes: dict[str, object], error: type[OptionError], field: str, rule: str
    ) -> None:
        """Each field is coerced, and shares_after must be shares_before x ratio, rounded."""
        with pytest.raises(error) as raised:
            split_record(**changes)
        (value,) = changes.values()
        refused(raised, field=field, value=value, rule=rule)

    @pytest.mark.parametrize("shares_after", [1_500_001, 1_499_999])
    def test_shares_after_rounded_from_the_ratio(self, shares_after: int) -> None:
        """shares_after must be shares_before x ratio, less than a share away."""
        with pytest.raises(InconsistentRecordError) as raised:
            split_record(shares_after=shares_after)
        rule = SHARES_AFTER.format(shares_before=1_000_000, ratio=Fraction(3, 2))
        refused(raised, field="shares_after", value=shares_after, rule=rule)

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
                (Decimal("1." + "3" * 40), MAX_SHARES),
            ),
            (
                MAX_SHARES,
                {"price_before": "1." + "3" * 40, "price_after": "1"},
                (Decimal("1." + "3" * 40), MAX_SHARES),
            ),
            (
                10**18,
                {"price_before": "0." + "3" * 40, "price_after": "1" + "0" * 30},
                (Decimal("1" + "0" * 48), Decimal("3" * 18 + "." + "3" * 22 + "0" * 10)),
            ),
        ],
    )
    def test_too_long_to_be_exact(
        self, shares: int, prices: dict[str, str], operands: tuple[object, ...]
    ) -> None:
        """An aggregate price with more digits than the library keeps is refused."""
        with pytest.raises(PrecisionError) as raised:
            split_record(ratio=1, shares_before=shares, shares_after=shares, **prices)
        refused(raised, field="aggregate_price_change", value=operands, rule=RESULT_TOO_LONG)

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
        rule = MORE_THAN_VESTED.format(available=6, date=dt.date(2021, 3, 1))
        refused(raised, field="exercises[0].shares", value=7, rule=rule)

    def test_tranches_must_add_up(self) -> None:
        vesting = VestingSchedule.tranches([("2024-06-30", 999)])
        with pytest.raises(InvalidVestingError) as raised:
            OptionGrant("2024-01-01", 1_000, "1", term="1 year", vesting=vesting)
        refused(raised, field="vesting", value=vesting, rule=TRANCHES_ADD_UP.format(total=1_000))

    def test_exercise_before_an_adjustment_named_by_index(self) -> None:
        with pytest.raises(ExerciseWindowError) as raised:
            attrs.evolve(
                AUXER_1999,
                exercises=(Exercise("1999-06-30", 1, "0.13", "0.13"),),
                adjustments=(split_record(shares_before=999_999, shares_after=1_499_998),),
            )
        rule = OUTSIDE_THE_WINDOW.format(first=JULY_1, last=dt.date(1999, 10, 1))
        refused(raised, field="exercises[0].date", value=dt.date(1999, 6, 30), rule=rule)

    def test_forfeiture_before_a_later_exercise(self) -> None:
        """An exercise after the termination comes after the forfeiture: 16,000 are left."""
        left = terminate(FOUR_YEARS, "2025-06-15", "VOLUNTARY_OTHER")
        with pytest.raises(InsufficientSharesError) as raised:
            attrs.evolve(left, exercises=(Exercise("2025-07-01", 16_500, "2.15", "35475.00"),))
        rule = MORE_THAN_OUTSTANDING.format(outstanding=16_000, granted=48_000)
        refused(raised, field="exercises[0].shares", value=16_500, rule=rule)

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
        ("exercises", "adjustments", "error", "field", "value", "rule"),
        [
            (
                (Exercise("1999-08-02", 1, "0.065", "0.07"),),
                (),
                InconsistentGrantError,
                "exercises[0].price",
                Decimal("0.065"),
                NOT_THE_PRICE.format(price="0.13"),
            ),
            (
                (),
                (split_record(price_before="0.14"),),
                InconsistentGrantError,
                "adjustments[0].price_before",
                Decimal("0.14"),
                NOT_THE_PRICE.format(price="0.13"),
            ),
            (
                (),
                (split_record(shares_before=999_999, shares_after=1_499_998),),
                InconsistentGrantError,
                "adjustments[0].shares_before",
                999_999,
                NEVER_OUTSTANDING.format(outstanding=1_000_000),
            ),
            (
                (),
                (split_record(date="1999-06-30"),),
                AdjustmentOrderError,
                "adjustments[0].date",
                dt.date(1999, 6, 30),
                BEFORE_GRANT_OR_PREVIOUS.format(previous=JULY_1),
            ),
            (
                (Exercise("1999-08-05", 250_000, "0.13", "32500.00"),),
                (split_record(date="1999-08-04", shares_before=750_000, shares_after=1_125_000),),
                AdjustmentOrderError,
                "adjustments[0].date",
                dt.date(1999, 8, 4),
                BEFORE_GRANT_OR_PREVIOUS.format(previous=dt.date(1999, 8, 5)),
            ),
            (
                (
                    Exercise("1999-08-02", 250_000, "0.13", "32500.00"),
                    Exercise("1999-08-02", 1, "0.0867", "0.09"),
                ),
                (split_record(date="1999-08-03", shares_before=750_000, shares_after=1_125_000),),
                ExerciseOrderError,
                "exercises[1].date",
                dt.date(1999, 8, 2),
                BEFORE_PREVIOUS_EVENT.format(previous=dt.date(1999, 8, 3)),
            ),
            (
                (Exercise("1999-08-02", 1_500_001, "0.0867", "130050.09"),),
                (split_record(),),
                InsufficientSharesError,
                "exercises[0].shares",
                1_500_001,
                MORE_THAN_OUTSTANDING.format(outstanding=1_500_000, granted=1_000_000),
            ),
            (
                (),
                ("3:2",),
                OptionTypeError,
                "adjustments[0]",
                "3:2",
                NOT_A_RECORD.format(kind="Adjustment"),
            ),
            (
                (Exercise("1999-10-02", 1, "0.13", "0.13"),),
                (),
                ExerciseWindowError,
                "exercises[0].date",
                dt.date(1999, 10, 2),
                OUTSIDE_THE_WINDOW.format(first=JULY_1, last=dt.date(1999, 10, 1)),
            ),
        ],
    )
    def test_inconsistent_histories(  # noqa: PLR0917  (one parameter a column of the table)
        self,
        exercises: tuple[Exercise, ...],
        adjustments: tuple[object, ...],
        error: type[OptionError],
        field: str,
        value: object,
        rule: str,
    ) -> None:
        """Each record must fit the replay: its price, its shares and its date."""
        with pytest.raises(error) as raised:
            attrs.evolve(AUXER_1999, exercises=exercises, adjustments=adjustments)  # type: ignore[arg-type]
        refused(raised, cls=error, field=field, value=value, rule=rule)

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
    "fair_value": "1.00",
    "method": "accelerated",
    "record": exercise(AUXER_1999, 1, "1999-08-02", fair_market_value="0.50")[1],
    "price": "0.50",
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


def _lived_grant() -> OptionGrant:
    """FOUR_YEARS exercised, split 2-for-1, exercised again, then terminated."""
    grant, _ = exercise(FOUR_YEARS, 12_000, "2025-01-31")
    grant = adjust_for_split(grant, "2:1", on="2025-06-02")
    grant, _ = exercise(grant, 2_000, "2025-07-01")
    return terminate(grant, "2026-06-30", "VOLUNTARY_OTHER")


LIVED = _lived_grant()
#: What a grant derives from its terms and history.
DERIVED = (
    "last_exercise_date",
    "outstanding_shares",
    "adjusted_exercise_price",
    "forfeited_shares",
)


class TestAsOf:
    """A grant as it stood at the end of a day: its records dated after the day left out."""

    @pytest.mark.parametrize(
        ("day", "outstanding", "price", "last", "forfeited"),
        [
            ("2025-01-30", 48_000, "2.15", "2034-01-31", 0),  # nothing yet
            ("2025-01-31", 36_000, "2.15", "2034-01-31", 0),  # the exercise that day counts
            ("2025-06-01", 36_000, "2.15", "2034-01-31", 0),  # the day before the split
            ("2025-06-02", 72_000, "1.075", "2034-01-31", 0),  # the split that day counts
            ("2026-06-29", 70_000, "1.075", "2034-01-31", 0),  # not yet terminated
            ("2026-06-30", 32_000, "1.075", "2026-09-30", 38_000),  # terminated at day's end
        ],
    )
    def test_the_terms_in_force_each_day(
        self, day: str, outstanding: int, price: str, last: str, forfeited: int
    ) -> None:
        """Shares, price, last exercise date and forfeits are the day's; a record dated
        the day itself is in force by its end."""
        then = as_of(LIVED, dt.date.fromisoformat(day))
        assert then.outstanding_shares == outstanding
        assert then.adjusted_exercise_price == Decimal(price)
        assert then.last_exercise_date == dt.date.fromisoformat(last)
        assert then.forfeited_shares == forfeited

    def test_nothing_later_is_the_grant_itself(self) -> None:
        """With no record dated after the day, the grant itself, at no cost."""
        assert as_of(LIVED, dt.date(2026, 6, 30)) is LIVED
        assert as_of(AUXER_1999, dt.date(1999, 7, 1)) is AUXER_1999

    def test_is_the_grant_of_the_history_up_to_the_day(self) -> None:
        """The same grant as one built from the records up to the day alone."""
        expected = attrs.evolve(
            LIVED, exercises=LIVED.exercises[:1], adjustments=(), termination=None
        )
        assert as_of(LIVED, dt.date(2025, 6, 1)) == expected

    def test_an_acceleration_on_the_day_counts(self) -> None:
        """An acceleration dated the day itself is in force at its end; a later one is not."""
        grant = accelerate(FOUR_YEARS, "2025-03-03", 1_000)
        grant = accelerate(grant, "2025-05-01", 500)
        grant, _ = exercise(grant, 100, "2025-06-02")
        then = as_of(grant, dt.date(2025, 3, 3))
        assert then.accelerations == grant.accelerations[:1]
        assert then == attrs.evolve(FOUR_YEARS, accelerations=grant.accelerations[:1])

    def test_undated_split_in_force_at_its_place(self) -> None:
        """An undated split takes effect as soon as the records before it have."""
        grant, _ = exercise(AUXER_1999, 400_000, "1999-08-02")
        grant = adjust_for_split(grant, "2:1")
        grant, _ = exercise(grant, 100_000, "1999-09-01")
        before = as_of(grant, dt.date(1999, 8, 1))
        assert (before.outstanding_shares, before.adjusted_exercise_price) == (
            1_000_000,
            Decimal("0.13"),
        )
        after = as_of(grant, dt.date(1999, 8, 31))
        assert (after.outstanding_shares, after.adjusted_exercise_price) == (
            1_200_000,
            Decimal("0.065"),
        )
        assert as_of(grant, dt.date(1999, 9, 1)) is grant

    def test_a_later_acceleration_left_out(self) -> None:
        """Vesting as it was scheduled before a later acceleration."""
        sped = accelerate(FOUR_YEARS, "2025-06-15", 12_000)
        then = as_of(sped, dt.date(2025, 6, 14))
        assert then.accelerations == ()
        assert vested_shares(then, "2025-06-15") == vested_shares(FOUR_YEARS, "2025-06-15")

    @given(grants_with_later_history())
    @example((FOUR_YEARS, LIVED, dt.date(2025, 1, 30)))
    @example((FOUR_YEARS, SPLIT_AFTER_LEAVING, dt.date(2025, 6, 14)))  # split of what was kept
    def test_a_grant_with_later_history_was_the_grant_without_it(
        self, grants: tuple[OptionGrant, OptionGrant, dt.date]
    ) -> None:
        """A grant with more history after a day, as it stood that day, is the grant
        without it: equal, and alike in everything derived."""
        past, whole, day = grants
        then = as_of(whole, day)
        assert then == past
        for name in DERIVED:
            assert getattr(then, name) == getattr(past, name), name
        splits, expected = history(then), history(past)
        assert (splits.split_ratio, splits.split_dropped) == (
            expected.split_ratio,
            expected.split_dropped,
        )
        days = [past.grant_date, day, past.last_exercise_date]
        assert [vested_shares(then, on) for on in days] == [vested_shares(past, on) for on in days]


class TestGrantArgument:
    def test_every_operation_is_found(self) -> None:
        """The discovery sees all 29 public operations on a grant, and 2 report entry points."""
        names = {function.__name__ for function in _operations_taking_a_grant()}
        assert {"exercise_cost", "window_status", "terminate", "fair_value", "to_ocf"} <= names
        assert {"plot_payoff", "plot_timeline", "vesting_table", "accelerate"} <= names
        assert {"tax_figures", "disposition", "iso_status", "fair_market_value_at_grant"} <= names
        assert {"expense_schedule", "plot_expense"} <= names
        assert len(names) == 29

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
