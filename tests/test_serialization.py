"""Lossless JSON: every value the library builds comes back equal, bad data names its path."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import zoneinfo
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from dateutil import tz
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option import (
    AUXER_1999,
    Acceleration,
    Adjustment,
    Exercise,
    OptionGrant,
    Term,
    Valuation,
    VestingSchedule,
    accelerate,
    adjust_for_split,
    black_scholes,
    exercise,
    fair_value,
    from_dict,
    from_json,
    terminate,
    to_dict,
    to_json,
)
from auxer_option._choices import one_of
from auxer_option._history import MORE_THAN_OUTSTANDING
from auxer_option._money import (
    MUST_NOT_BE_NEGATIVE,
    NOT_WHOLE_SHARES,
    PRECISION,
    TOO_LONG,
    TOO_MANY_PLACES,
    at_least,
)
from auxer_option._terms import NOT_A_CALENDAR_DATE, TOO_MANY_FIGURES
from auxer_option._vesting import WHOLE_INSTALLMENTS
from auxer_option._window import HOST_ZONE, TIME_ZONE_KINDS, BusinessDayRoll
from auxer_option.exceptions import (
    InconsistentRecordError,
    InsufficientSharesError,
    InvalidAmountError,
    InvalidChoiceError,
    InvalidDataError,
    InvalidShareCountError,
    InvalidTermError,
    InvalidTimeZoneError,
    InvalidVestingError,
    OptionError,
    OptionTypeError,
    OptionValueError,
    ShareCountTypeError,
)
from auxer_option.serialization import (
    BAD_EXPECT,
    BAD_INDENT,
    FORMAT,
    MAX_INDENT,
    MISSING_FIELD,
    NOT_A_DURATION,
    NOT_A_FIELD,
    NOT_A_VESTING_KIND,
    NOT_AN_ARRAY,
    NOT_AN_OBJECT,
    NOT_DECIMAL_TEXT,
    NOT_EXPECTED,
    NOT_JSON,
    NOT_SERIALIZABLE,
    OFFSET_TOO_LARGE,
    UNKNOWN_TYPE,
    WRONG_FORMAT,
    ZERO_DENOMINATOR,
)
from tests.grants import FOUR_YEARS, four_year_grant
from tests.messages import filled, refused, rule_of
from tests.strategies import (
    anything,
    exercised_grants,
    grants_with_history,
    option_grants,
    replace_one_value,
    terms,
    vesting_grants,
)


def records_of(grant: OptionGrant) -> list[Any]:
    """Every record a grant holds, each serializable on its own."""
    found: list[Any] = [grant.vesting, *grant.exercises, *grant.adjustments, *grant.accelerations]
    if grant.term is not None:
        found.append(grant.term)
    if grant.termination is not None:
        found.append(grant.termination)
    return found


def json_round_trip(value: Any) -> Any:
    return from_json(to_json(value))


class TestRoundTrip:
    def test_auxer(self) -> None:
        assert from_dict(to_dict(AUXER_1999)) == AUXER_1999
        assert from_json(to_json(AUXER_1999, indent=2)) == AUXER_1999

    @given(st.one_of(option_grants(), grants_with_history(), vesting_grants(), exercised_grants()))
    def test_grants(self, grant: OptionGrant) -> None:
        """Every field, history and convention survives, and so does what is derived."""
        again = from_dict(to_dict(grant), expect=OptionGrant)
        assert again == grant
        assert repr(again) == repr(grant)
        assert again.last_exercise_date == grant.last_exercise_date
        assert again.outstanding_shares == grant.outstanding_shares
        assert again.adjusted_exercise_price == grant.adjusted_exercise_price
        assert json_round_trip(grant) == grant

    @given(st.one_of(grants_with_history(), vesting_grants()))
    def test_records(self, grant: OptionGrant) -> None:
        for record in records_of(grant):
            assert from_dict(to_dict(record)) == record
            assert json_round_trip(record) == record

    @given(terms())
    def test_terms(self, term: Term) -> None:
        assert from_dict(to_dict(term), expect=Term) == term

    def test_decimals_keep_their_digits(self) -> None:
        """The digits given are the digits written: "32500.00" stays "32500.00"."""
        record = Exercise("1999-08-02", 250_000, "0.13", "32500.00")
        again = from_json(to_json(record), expect=Exercise)
        assert str(again.cost) == "32500.00"
        tiny = OptionGrant("2000-01-01", 1, "1E-7", term="P1D")
        read = from_dict(to_dict(tiny), expect=OptionGrant).exercise_price
        assert read.as_tuple() == Decimal("1E-7").as_tuple()  # str() would read the context

    def test_terminated_and_accelerated(self) -> None:
        grant = accelerate(four_year_grant(), "2024-06-30", 1_000)
        grant = terminate(grant, "2025-06-15", "VOLUNTARY_OTHER")
        again = from_json(to_json(grant), expect=OptionGrant)
        assert again == grant
        assert again.forfeited_shares == grant.forfeited_shares

    def test_fractional_acceleration(self) -> None:
        record = Acceleration("2025-06-30", Fraction(9, 2))
        assert to_dict(record)["shares"] == "9/2"
        assert from_dict(to_dict(record)) == record
        assert to_dict(Acceleration("2025-06-30", 1_000))["shares"] == 1_000  # a JSON integer
        data = to_dict(accelerate(four_year_grant(), "2024-06-30", 1_000))
        data["accelerations"][0]["shares"] = "1/0"
        with pytest.raises(InvalidDataError) as caught:
            from_dict(data)
        refused(caught, field="accelerations[0].shares", value="1/0", rule=ZERO_DENOMINATOR)

    def test_split_ratio(self) -> None:
        record = Adjustment(dt.date(2000, 1, 3), "3:2", 7, 10, "0.13", "0.0867")
        assert to_dict(record)["ratio"] == "3:2"
        assert from_dict(to_dict(record)) == record
        undated = Adjustment(None, "1:10", 100, 10, "0.13", "1.30")
        assert from_dict(to_dict(undated)) == undated

    @pytest.mark.parametrize(
        "zone",
        [
            dt.UTC,
            dt.timezone(dt.timedelta(hours=5, minutes=30)),
            dt.timezone(dt.timedelta(hours=-3)),
            dt.timezone(dt.timedelta(seconds=1, microseconds=500_000)),
            dt.timezone(-dt.timedelta(hours=23, minutes=59)),
            zoneinfo.ZoneInfo("America/New_York"),
        ],
        ids=str,
    )
    def test_time_zones(self, zone: dt.tzinfo) -> None:
        grant = OptionGrant(
            "1999-07-01", 1, "0.13", term="3 months", cutoff_time="17:00", time_zone=zone
        )
        again = from_json(to_json(grant), expect=OptionGrant)
        assert again == grant
        assert again.time_zone is not None
        moment = dt.datetime(1999, 10, 1, 12, tzinfo=dt.UTC)
        assert again.time_zone.utcoffset(moment) == zone.utcoffset(moment)

    @given(vesting_grants())
    def test_valuations(self, grant: OptionGrant) -> None:
        alone = black_scholes(
            spot="0.5", strike="0.13", years="0.25", volatility="1", risk_free_rate="-0.01"
        )
        assert from_dict(to_dict(alone)) == alone
        if grant.outstanding_shares:
            valued = fair_value(
                grant,
                on=grant.first_exercise_date,
                spot="1",
                volatility="0.3",
                risk_free_rate="0.05",
            )
            assert json_round_trip(valued) == valued

    def test_infinite_greeks(self) -> None:
        """At the kink, gamma is Infinity and theta -Infinity; both are written and read."""
        kink = black_scholes(spot=1, strike=1, years=0, volatility="0.3", risk_free_rate=0)
        data = to_dict(kink)
        assert data["gamma"] == "Infinity"
        assert data["theta"] == "-Infinity"
        assert from_json(to_json(kink)) == kink


class TestFormat:
    def test_auxer_document(self) -> None:
        """What the format looks like: every field written, defaults included."""
        data = to_dict(AUXER_1999)
        assert data["format"] == FORMAT == "auxer-option/1"
        assert data["type"] == "OptionGrant"
        assert data["grant_date"] == "1999-07-01"
        assert data["shares"] == 1_000_000
        assert data["exercise_price"] == "0.13"
        assert data["expiration_date"] == "1999-10-01"
        assert data["vesting"] == {"kind": "immediate"}
        assert data["termination_windows"]["INVOLUNTARY_WITH_CAUSE"] == "P0D"
        assert "last_exercise_date" not in data
        assert json.loads(to_json(AUXER_1999)) == data

    def test_only_json_types(self) -> None:
        def check(value: object) -> None:
            if isinstance(value, dict):
                assert all(isinstance(key, str) for key in value)
                for item in value.values():
                    check(item)
            elif isinstance(value, list):
                for item in value:
                    check(item)
            else:
                assert value is None or type(value) in {str, int, bool}

        grant = four_year_grant()
        grant, _ = exercise(grant, 12_000, "2025-02-03")
        check(to_dict(grant))

    def test_graded_vesting(self) -> None:
        data = to_dict(four_year_grant())["vesting"]
        assert data == {
            "kind": "graded",
            "start": "2024-01-31",
            "months": 48,
            "every": 1,
            "cliff": 12,
            "day_of_month": "VESTING_START_DAY_OR_LAST_DAY_OF_MONTH",
            "allocation": "CUMULATIVE_ROUNDING",
        }

    def test_tranches(self) -> None:
        schedule = VestingSchedule.tranches([("2024-06-30", 600), ("2024-12-31", 400)])
        assert to_dict(schedule)["tranches"] == [
            {"date": "2024-06-30", "shares": 600},
            {"date": "2024-12-31", "shares": 400},
        ]
        assert from_dict(to_dict(schedule)) == schedule

    def test_exercise_leaves_out_what_its_payment_lacks(self) -> None:
        data = to_dict(Exercise("1999-08-02", 250_000, "0.13", "32500.00"))
        assert data == {
            "format": FORMAT,
            "type": "Exercise",
            "date": "1999-08-02",
            "shares": 250_000,
            "price": "0.13",
            "cost": "32500.00",
            "payment": "CASH",
        }

    def test_numbers_in_json_are_read_exactly(self) -> None:
        """A price written as a JSON number is read as the decimal it spells, never a float."""
        data = to_dict(AUXER_1999)
        text = to_json(AUXER_1999).replace('"0.13"', "0.13")
        assert json.loads(text)["exercise_price"] == 0.13
        assert from_json(text) == from_dict(data)
        assert from_json(text.encode()) == AUXER_1999


class TestNumbersAndDigits:
    """A number reads by one rule, as text or as a JSON number; no digit string is long
    enough to meet Python's own limits."""

    @pytest.mark.parametrize("exponent", [-101, -1_000_048, -999_999_999])
    def test_tiny_exponents_one_rule(self, exponent: int) -> None:
        """1e-999999999 as a JSON number was accepted; as text it was refused as too long."""
        for written in (f"1e{exponent}", f'"1e{exponent}"'):
            with pytest.raises(InvalidAmountError) as raised:
                from_json(to_json(AUXER_1999).replace('"0.13"', written))
            assert (raised.value.field, raised.value.rule) == ("exercise_price", TOO_MANY_PLACES)

    @pytest.mark.parametrize(
        ("exponent", "rule"),
        [("99999999999999999999", TOO_LONG), ("-99999999999999999999", TOO_MANY_PLACES)],
    )
    def test_exponent_beyond_any_decimal(self, exponent: str, rule: str) -> None:
        """A JSON number not even a Decimal holds is refused as its text is, by its field."""
        for written in (f"1e{exponent}", f'"1e{exponent}"'):
            with pytest.raises(InvalidAmountError) as raised:
                from_json(to_json(AUXER_1999).replace('"0.13"', written))
            assert (raised.value.field, raised.value.rule) == ("exercise_price", rule)

    @pytest.mark.parametrize("sign", ["", "-"])
    def test_long_json_integers(self, sign: str) -> None:
        """An integer of 5,000 digits met int()'s 4,300-digit limit; none is that long."""
        text = to_json(AUXER_1999).replace('"shares": 1000000', f'"shares": {sign}{"9" * 5000}')
        with pytest.raises(InvalidDataError) as raised:
            from_json(text)
        assert (raised.value.field, raised.value.rule) == ("json", TOO_LONG)
        fifty = to_json(AUXER_1999).replace('"0.13"', "9" * PRECISION)
        assert from_json(fifty, expect=OptionGrant).exercise_price == 10**PRECISION - 1

    def test_zero_padded_term_and_ratio(self) -> None:
        """Zeros before a number in a term or a ratio are read, however many."""
        data = auxer_data(term="P" + "0" * 4300 + "3M")
        assert from_json(json.dumps(data)) == AUXER_1999
        data = auxer_data(term="P" + "0" * 4300 + "1000000M")
        with pytest.raises(InvalidTermError) as raised:
            from_json(json.dumps(data))
        assert (raised.value.field, raised.value.rule) == ("term", TOO_MANY_FIGURES)
        split = adjust_for_split(AUXER_1999, "0" * 5000 + "2:1")
        assert split.outstanding_shares == 2 * AUXER_1999.shares
        adjustment = to_dict(split.adjustments[0])
        adjustment["ratio"] = "0" * 5000 + adjustment["ratio"]
        assert from_dict(adjustment) == split.adjustments[0]


def auxer_data(**changes: Any) -> dict[str, Any]:
    data = to_dict(AUXER_1999)
    data.update(changes)
    return data


def exercised_data() -> dict[str, Any]:
    grant = AUXER_1999
    for day in ("1999-08-02", "1999-08-03", "1999-08-04"):
        grant, _ = exercise(grant, 1_000, day)
    return to_dict(grant)


class TestBadData:
    def test_path_of_a_bad_exercise(self) -> None:
        data = exercised_data()
        data["exercises"][2]["shares"] = "1,000"
        with pytest.raises(ShareCountTypeError) as caught:
            from_dict(data)
        assert caught.value.field == "exercises[2].shares"

    @pytest.mark.parametrize(
        ("vesting", "error", "refusal"),
        [
            ({"kind": "cliff"}, InvalidDataError, ("vesting.kind", "cliff", NOT_A_VESTING_KIND)),
            (
                {**to_dict(FOUR_YEARS)["vesting"], "months": 5, "every": 2},
                InvalidVestingError,
                ("vesting.months", 5, WHOLE_INSTALLMENTS.format(every=2)),
            ),
            (
                {"kind": "tranches", "tranches": "x"},
                InvalidDataError,
                ("vesting.tranches", "x", NOT_AN_ARRAY),
            ),
        ],
    )
    def test_bad_vesting(
        self, vesting: dict[str, object], error: type[OptionError], refusal: tuple[str, object, str]
    ) -> None:
        """A schedule that cannot be read is refused by its path, and the rule it breaks."""
        data = to_dict(FOUR_YEARS)
        data["vesting"] = vesting
        with pytest.raises(error) as caught:
            from_dict(data)
        field, value, rule = refusal
        refused(caught, cls=error, field=field, value=value, rule=rule)

    def test_path_of_too_many_shares(self) -> None:
        data = exercised_data()
        data["exercises"][2]["shares"] = 999_000
        data["exercises"][2]["cost"] = "129870.00"
        with pytest.raises(InsufficientSharesError) as caught:
            from_dict(data)
        rule = MORE_THAN_OUTSTANDING.format(outstanding=998_000, granted=1_000_000)
        refused(caught, field="exercises[2].shares", value=999_000, rule=rule)

    def test_path_of_an_inconsistent_record(self) -> None:
        data = exercised_data()
        data["exercises"][1]["spread"] = "1.00"
        with pytest.raises(InconsistentRecordError) as caught:
            from_dict(data)
        assert caught.value.field == "exercises[1].spread"

    def test_path_in_vesting(self) -> None:
        data = auxer_data(
            vesting={"kind": "tranches", "tranches": [{"date": "1999-13-01", "shares": 1}]}
        )
        with pytest.raises(OptionError) as caught:
            from_dict(data)
        assert caught.value.field == "vesting.tranches[0].date"

    def test_top_level_field(self) -> None:
        with pytest.raises(InvalidAmountError) as caught:
            from_dict(auxer_data(exercise_price="-0.13"))
        refused(caught, field="exercise_price", value="-0.13", rule=MUST_NOT_BE_NEGATIVE)

    @pytest.mark.parametrize(
        ("changes", "field", "rule"),
        [
            ({"format": "auxer-option/2"}, "format", WRONG_FORMAT),
            ({"format": None}, "format", WRONG_FORMAT),
            ({"type": "Grant"}, "type", UNKNOWN_TYPE),
            ({"type": 3}, "type", UNKNOWN_TYPE),
            ({"colour": "blue"}, "colour", NOT_A_FIELD.format(type_name="OptionGrant")),
            ({"exercises": {}}, "exercises", NOT_AN_ARRAY),
            ({"holidays": "1999-12-25"}, "holidays", NOT_AN_ARRAY),
            ({"exercises": [[]]}, "exercises[0]", NOT_AN_OBJECT),
            ({"vesting": {"kind": "cliff"}}, "vesting.kind", NOT_A_VESTING_KIND),
            (
                {"vesting": {"kind": "immediate", "months": 3}},
                "vesting.months",
                NOT_A_FIELD.format(type_name="VestingSchedule"),
            ),
            ({"vesting": []}, "vesting", NOT_AN_OBJECT),
            ({"termination_windows": []}, "termination_windows", NOT_AN_OBJECT),
            ({"time_zone": "+24:00"}, "time_zone", OFFSET_TOO_LARGE),
        ],
    )
    def test_structure(self, changes: dict[str, Any], field: str, rule: str) -> None:
        with pytest.raises(InvalidDataError) as caught:
            from_dict(auxer_data(**changes))
        refused(caught, field=field, rule=rule)

    def test_missing_field(self) -> None:
        data = auxer_data()
        del data["currency"]
        with pytest.raises(InvalidDataError) as caught:
            from_dict(data)
        refused(
            caught, field="currency", value=None, rule=MISSING_FIELD.format(type_name="OptionGrant")
        )
        data = exercised_data()
        del data["exercises"][0]["cost"]
        with pytest.raises(InvalidDataError) as caught:
            from_dict(data)
        rule = MISSING_FIELD.format(type_name="Exercise")
        refused(caught, field="exercises[0].cost", value=None, rule=rule)

    def test_not_a_mapping(self) -> None:
        with pytest.raises(InvalidDataError) as caught:
            from_dict([])  # type: ignore[call-overload]
        refused(caught, field="data", value=[], rule=NOT_AN_OBJECT)
        with pytest.raises(InvalidDataError) as caught:
            from_dict({1: 2})  # type: ignore[dict-item]
        refused(caught, field="data", value={1: 2}, rule=NOT_AN_OBJECT)

    def test_expect(self) -> None:
        with pytest.raises(InvalidDataError) as caught:
            from_dict(to_dict(AUXER_1999), expect=Exercise)
        rule = NOT_EXPECTED.format(expected="Exercise")
        refused(caught, field="type", value="OptionGrant", rule=rule)
        with pytest.raises(InvalidDataError) as caught:
            from_json(to_json(Term(months=3)), expect=OptionGrant)
        rule = NOT_EXPECTED.format(expected="OptionGrant")
        refused(caught, field="type", value="Term", rule=rule)

    def test_choice(self) -> None:
        with pytest.raises(InvalidChoiceError) as caught:
            from_dict(auxer_data(business_day_roll="NEXT"))
        refused(caught, field="business_day_roll", value="NEXT", rule=one_of(BusinessDayRoll))

    def test_term(self) -> None:
        with pytest.raises(InvalidTermError) as caught:
            from_dict(auxer_data(termination_windows={"VOLUNTARY_OTHER": "soon"}))
        rule = rule_of(lambda: Term.parse("soon"))
        refused(caught, field="termination_windows[VOLUNTARY_OTHER]", value="soon", rule=rule)
        with pytest.raises(InvalidDataError) as data:
            from_dict({"format": FORMAT, "type": "Term", "duration": 3})
        refused(data, field="duration", value=3, rule=NOT_A_DURATION)

    def test_acceleration_fraction(self) -> None:
        data = to_dict(Acceleration("2025-06-30", Fraction(9, 2)))
        data["shares"] = "9/0"
        with pytest.raises(InvalidDataError) as zero:
            from_dict(data)
        refused(zero, field="shares", value="9/0", rule=ZERO_DENOMINATOR)
        data["shares"] = "9"
        assert from_dict(data, expect=Acceleration).shares == 9
        data["shares"] = "four"
        with pytest.raises(ShareCountTypeError) as words:
            from_dict(data)
        refused(words, field="shares", value="four", rule=NOT_WHOLE_SHARES)

    def test_valuation(self) -> None:
        data = to_dict(black_scholes(spot=1, strike=1, years=1, volatility="0.3", risk_free_rate=0))
        for field, value, error, rule in [
            ("delta", 0.5, InvalidDataError, NOT_DECIMAL_TEXT),
            ("delta", "NaN", InvalidDataError, NOT_DECIMAL_TEXT),
            ("delta", "1e99999999", InvalidDataError, NOT_DECIMAL_TEXT),
            ("kind", "straddle", InvalidChoiceError, one_of(["call", "put"])),
        ]:
            with pytest.raises(error) as caught:
                from_dict({**data, field: value})
            refused(caught, cls=error, field=field, value=value, rule=rule)
        exact = from_dict({**data, "delta": Decimal("0.5")}, expect=Valuation)
        assert exact.delta == Decimal("0.5")
        with pytest.raises(InvalidShareCountError) as shares:
            from_dict({**data, "shares": -1})
        refused(shares, field="shares", value=-1, rule=at_least(0))

    @pytest.mark.parametrize(
        "key", ["localtime", "posixrules", "Factory", "posix/America/New_York", "right/UTC"]
    )
    def test_host_time_zone_keys(self, key: str) -> None:
        """A file names its zone by the constructor's rule: IANA keys, not this machine's."""
        data = {**to_dict(AUXER_1999), "time_zone": key}
        with pytest.raises(InvalidTimeZoneError) as from_data:
            from_dict(data)
        with pytest.raises(InvalidTimeZoneError) as from_text:
            from_json(json.dumps(data))
        for caught in (from_data, from_text):
            refused(caught, field="time_zone", value=key, rule=HOST_ZONE)

    @pytest.mark.parametrize("zone", [tz.gettz("America/New_York"), tz.tzoffset(None, 3600)])
    def test_other_tzinfo_in_data(self, zone: dt.tzinfo) -> None:
        """A tzinfo object handed to from_dict is judged as the constructor judges it."""
        with pytest.raises(OptionTypeError) as caught:
            from_dict({**to_dict(AUXER_1999), "time_zone": zone})
        refused(caught, field="time_zone", value=zone, rule=TIME_ZONE_KINDS)

    def test_unwritable_value(self) -> None:
        with pytest.raises(OptionTypeError) as caught:
            to_dict(Decimal(1))  # type: ignore[arg-type]
        refused(caught, field="value", value=Decimal(1), rule=NOT_SERIALIZABLE)

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("", "json='': is not JSON: Expecting value: line 1 column 1 (char 0)"),
            (
                "{",
                (
                    "json='{': is not JSON: "
                    "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"
                ),
            ),
            (
                '{"format": NaN}',
                "json='NaN': is not a JSON number (NaN and infinities are not JSON)",
            ),
            ('{"format": "a", "format": "b"}', "format='b': is given twice in one object"),
            (
                b"\xff",
                (
                    "json=b'\\xff': is not JSON: "
                    "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"
                ),
            ),
            (3, "json=3: must be JSON text (str or bytes)"),
        ],
        ids=["empty", "truncated", "nan", "duplicate", "bytes", "not-text"],
    )
    def test_not_json(self, text: Any, message: str) -> None:
        with pytest.raises(InvalidDataError) as caught:
            from_json(text)
        assert str(caught.value) == message

    def test_too_deep(self) -> None:
        with pytest.raises(InvalidDataError) as caught:
            from_json("[" * 100_000)
        found = filled(NOT_JSON, caught.value.rule)["error"]  # the JSON reader's own words
        refused(caught, field="json", rule=NOT_JSON.format(error=found))

    @pytest.mark.parametrize(
        ("offset", "written"),
        [
            (dt.timedelta(0), "+00:00"),
            (dt.timedelta(hours=-5), "-05:00"),
            (dt.timedelta(hours=5, minutes=30), "+05:30"),
            (dt.timedelta(hours=-3, minutes=-30), "-03:30"),
        ],
    )
    def test_fixed_offsets(self, offset: dt.timedelta, written: str) -> None:
        grant = OptionGrant(
            "1999-07-01", 1, "0.13", term="3 months", cutoff_time="17:00",
            time_zone=dt.timezone(offset),
        )  # fmt: skip
        assert to_dict(grant)["time_zone"] == written
        assert from_dict(to_dict(grant)) == grant

    def test_json_text(self) -> None:
        """One line by default, indented on request; names as written, not escaped."""
        assert to_json(Term(months=3)) == (
            '{"format": "auxer-option/1", "type": "Term", "duration": "P3M"}'
        )
        assert to_json(Term(months=3), indent=1) == (
            '{\n "format": "auxer-option/1",\n "type": "Term",\n "duration": "P3M"\n}'
        )
        grant = OptionGrant("1999-07-01", 1, "0.13", term="3 months", grantee="Zoë")
        assert '"grantee": "Zoë"' in to_json(grant)


class TestFuzz:
    @given(st.text(max_size=60) | st.binary(max_size=30))
    def test_any_text(self, text: str | bytes) -> None:
        with pytest.raises(OptionError):
            from_json(text)

    @given(st.data())
    def test_any_field_changed(self, data: st.DataObject) -> None:
        """Whatever replaces one value anywhere in a grant's data, only OptionError escapes."""
        document = replace_one_value(data, exercised_data())
        with contextlib.suppress(OptionError):
            from_dict(document)

    @example(to_dict(AUXER_1999))
    @given(st.dictionaries(st.text(max_size=8), anything(), max_size=4))
    def test_any_mapping(self, document: dict[str, Any]) -> None:
        with contextlib.suppress(OptionError):
            from_dict(document)


def nested_records(data: dict[str, Any]) -> list[tuple[str, dict[str, Any], str]]:
    """Each record inside a grant's data: its path, its fields, and the name errors give it."""
    found = []
    singles = {"vesting": "VestingSchedule", "termination": "Termination"}
    for key, name in singles.items():
        if isinstance(data.get(key), dict):
            found.append((key, data[key], name))
    lists = {"exercises": "Exercise", "adjustments": "Adjustment", "accelerations": "Acceleration"}
    for key, name in lists.items():
        found.extend((f"{key}[{i}]", item, name) for i, item in enumerate(data[key]))
    for i, tranche in enumerate(data["vesting"].get("tranches", ())):
        found.append((f"vesting.tranches[{i}]", tranche, "a tranche"))
    return found


def rich_grants() -> list[OptionGrant]:
    graded = OptionGrant(
        "2024-01-31",
        48_000,
        "2.15",
        term="10 years",
        vesting=VestingSchedule.graded("2024-01-31", months=48, cliff=12),
    )
    graded = accelerate(graded, "2024-06-30", 1_000)
    graded, _ = exercise(graded, 12_000, "2025-02-03")
    graded = adjust_for_split(graded, "2:1", on="2025-03-01")
    graded = terminate(graded, "2025-06-15", "VOLUNTARY_OTHER")
    tranches = OptionGrant(
        "2024-01-31",
        100,
        "1",
        term="5 years",
        vesting=VestingSchedule.tranches([("2024-06-30", 40), ("2025-06-30", 60)]),
    )
    return [graded, tranches]


class TestNestedPaths:
    """A problem inside a nested record is named by its full path, with the record's name."""

    @pytest.mark.parametrize("grant", rich_grants(), ids=["graded", "tranches"])
    def test_each_field_missing(self, grant: OptionGrant) -> None:
        data = to_dict(grant)
        checked = 0
        for path, record, name in nested_records(data):
            for key in list(record):
                saved = record.pop(key)
                try:
                    from_dict(data)
                except InvalidDataError as error:
                    rule = MISSING_FIELD.format(type_name=name)
                    refused(error, field=f"{path}.{key}", value=None, rule=rule)
                    checked += 1
                finally:
                    record[key] = saved
        assert checked >= 6  # every required field of every nested record

    @pytest.mark.parametrize("grant", rich_grants(), ids=["graded", "tranches"])
    def test_each_record_with_a_stray_field(self, grant: OptionGrant) -> None:
        data = to_dict(grant)
        for path, record, name in nested_records(data):
            record["stray"] = 1
            with pytest.raises(InvalidDataError) as caught:
                from_dict(data)
            del record["stray"]
            rule = NOT_A_FIELD.format(type_name=name)
            refused(caught, field=f"{path}.stray", value=1, rule=rule)

    @pytest.mark.parametrize("grant", rich_grants(), ids=["graded", "tranches"])
    def test_each_record_not_an_object(self, grant: OptionGrant) -> None:
        data = to_dict(grant)
        for path, _, _ in nested_records(data):
            broken = json.loads(json.dumps(data))
            parent, _, last = path.rpartition(".")
            holder = broken if not parent else broken[parent]
            if last.endswith("]"):
                key, _, index = last[:-1].partition("[")
                holder[key][int(index)] = 3
            else:
                holder[last] = 3
            with pytest.raises(InvalidDataError) as caught:
                from_dict(broken)
            refused(caught, field=path, value=3, rule=NOT_AN_OBJECT)

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            (("accelerations", 0, "date"), "accelerations[0].date"),
            (("adjustments", 0, "date"), "adjustments[0].date"),
            (("exercises", 0, "date"), "exercises[0].date"),
            (("termination", None, "date"), "termination.date"),
        ],
    )
    def test_bad_values_named_by_path(
        self, change: tuple[str, int | None, str], field: str
    ) -> None:
        data = to_dict(rich_grants()[0])
        key, index, name = change
        record = data[key] if index is None else data[key][index]
        record[name] = "2024-02-30"
        with pytest.raises(OptionError) as caught:
            from_dict(data)
        refused(caught, field=field, value="2024-02-30", rule=NOT_A_CALENDAR_DATE)


class TestDocuments:
    """What a whole document must be, word for word, and how its parts are written."""

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ([1], "data=[1]: must be an object (a dict with text keys)"),
            ({"format": "x"}, "format='x': must be 'auxer-option/1'"),
            ({"format": "auxer-option/1", "type": "Nope"}, f"type='Nope': {UNKNOWN_TYPE}"),
            ({"format": "auxer-option/1", "type": []}, f"type=[]: {UNKNOWN_TYPE}"),
        ],
    )
    def test_not_a_document(self, data: Any, message: str) -> None:
        with pytest.raises(InvalidDataError) as caught:
            from_dict(data)
        assert str(caught.value) == message

    def test_not_a_record(self) -> None:
        with pytest.raises(OptionTypeError) as caught:
            to_dict(3)  # type: ignore[arg-type]
        refused(caught, field="value", value=3, rule=NOT_SERIALIZABLE)

    @pytest.mark.parametrize(
        "record",
        [
            Term(months=3),
            VestingSchedule.immediate(),
            black_scholes(spot=42, strike=40, years="0.5", volatility="0.2", risk_free_rate="0.1"),
            AUXER_1999,
        ],
        ids=["Term", "VestingSchedule", "Valuation", "OptionGrant"],
    )
    def test_a_stray_field_at_the_top(self, record: Any) -> None:
        data = {**to_dict(record), "stray": 1}
        with pytest.raises(InvalidDataError) as caught:
            from_dict(data)
        assert str(caught.value) == f"stray=1: is not a field of {type(record).__name__}"

    def test_how_parts_are_written(self) -> None:
        grant = OptionGrant(
            "1999-07-01", 1_000, "0.13", term="3 months", first_exercise_date="1999-08-01"
        )
        data = to_dict(grant)
        assert (data["shares"], data["first_exercise_date"]) == (1_000, "1999-08-01")
        valuation = black_scholes(
            spot=42, strike=40, years="0.5", volatility="0.2", risk_free_rate="0.1", kind="put"
        )
        assert to_dict(valuation)["kind"] == "put"

    def test_parts_refused_word_for_word(self) -> None:
        grant = OptionGrant(
            "1999-07-01", 1, "0.13", term="3 months", cutoff_time="17:00",
            time_zone=dt.timezone(dt.timedelta(hours=5)),
        )  # fmt: skip
        valuation = fair_value(
            AUXER_1999, on="1999-07-01", spot="0.13", volatility="1", risk_free_rate="0.05"
        )
        cases: list[tuple[OptionGrant | Valuation, dict[str, Any], str]] = [
            (
                grant,
                {"time_zone": "+24:00"},
                "time_zone='+24:00': must be an offset of less than 24 hours",
            ),
            (grant, {"holidays": 3}, "holidays=3: must be an array (a list)"),
            (valuation, {"theta": 3}, 'theta=3: must be a decimal number as text, such as "-0.25"'),
        ]
        for record, change, message in cases:
            with pytest.raises(InvalidDataError) as caught:
                from_dict({**to_dict(record), **change})
            assert str(caught.value) == message

    def test_value_of_a_grant_with_nothing_outstanding(self) -> None:
        """Every share exercised: the fair value is of 0 shares, and reads back."""
        spent, _ = exercise(AUXER_1999, 1_000_000, "1999-08-02")
        valuation = fair_value(
            spent, on="1999-08-02", spot="0.13", volatility="1", risk_free_rate="0.05"
        )
        assert (valuation.shares, valuation.total) == (0, Decimal("0.00"))
        assert from_dict(to_dict(valuation)) == valuation


class TestArguments:
    def test_the_rules(self) -> None:
        """Each rule of this module, word for word, once: other tests check which rule it is."""
        names = [
            "OptionGrant",
            "Exercise",
            "Adjustment",
            "Acceleration",
            "Termination",
            "Term",
            "VestingSchedule",
            "Valuation",
        ]
        assert BAD_INDENT == "must be None or a whole number of spaces from 0 to 16"
        assert f"must be None or one of {', '.join(names)}" == BAD_EXPECT
        assert one_of(names) == NOT_SERIALIZABLE
        assert one_of(names) == UNKNOWN_TYPE
        assert NOT_EXPECTED.format(expected="Exercise") == "must be 'Exercise' here"
        assert NOT_A_FIELD.format(type_name="Term") == "is not a field of Term"
        assert MISSING_FIELD.format(type_name="Term") == "is missing: Term needs it"
        assert ZERO_DENOMINATOR == "must not have a zero denominator"
        assert NOT_A_DURATION == 'must be text such as "P3M"'
        assert NOT_A_VESTING_KIND == "must be 'immediate', 'graded' or 'tranches'"

    @given(st.integers(0, MAX_INDENT) | st.none())
    def test_indents_read_back(self, indent: int | None) -> None:
        text = to_json(Term(months=3), indent=indent)
        assert from_json(text) == Term(months=3)
        assert ("\n" in text) is (indent is not None)

    @pytest.mark.parametrize("indent", [2.0, "  ", True, Decimal(2)])
    def test_indent_of_another_type(self, indent: object) -> None:
        with pytest.raises(OptionTypeError) as caught:
            to_json(AUXER_1999, indent=indent)  # type: ignore[arg-type]
        assert (caught.value.field, caught.value.value, caught.value.rule) == (
            "indent",
            indent,
            BAD_INDENT,
        )

    @given(st.integers(max_value=-1) | st.integers(min_value=MAX_INDENT + 1))
    @example(10**100)
    @example(10**100_000)
    def test_indent_out_of_range(self, indent: int) -> None:
        """Refused at once, however large: no OverflowError, no gigabyte of spaces."""
        with pytest.raises(OptionValueError) as caught:
            to_json(AUXER_1999, indent=indent)
        assert (caught.value.field, caught.value.rule) == ("indent", BAD_INDENT)

    @pytest.mark.parametrize(
        "expect", [1, "OptionGrant", [], {}, dict, OptionError, None.__class__]
    )
    def test_expect_of_another_kind(self, expect: object) -> None:
        """Checked before the data: an unhashable or a foreign type is refused alike."""
        with pytest.raises(OptionTypeError) as from_data:
            from_dict({}, expect=expect)  # type: ignore[call-overload]
        with pytest.raises(OptionTypeError) as from_text:
            from_json("", expect=expect)  # type: ignore[call-overload]
        for caught in (from_data, from_text):
            assert (caught.value.field, caught.value.rule) == ("expect", BAD_EXPECT)
            assert caught.value.value is expect
