"""Lossless JSON for grants and records: :func:`to_dict`, :func:`from_dict`, and their JSON text.

Decimals are written as strings in full, in plain digits (``"0.13"``, ``"0.0000001"``; never
a float or an exponent, whatever the decimal context), dates as ISO 8601, terms as ISO 8601
durations (``"P3M"``), fractions as ``"3/2"``, choices by name. Every
field of a grant is written, defaults included, so that a reader never depends on this
library's defaults; the derived facts (last exercise date, outstanding shares) are not
written, because reading a grant derives them again and checks its history. The top-level
object carries ``"format": "auxer-option/1"`` and the ``"type"`` it holds.

>>> from auxer_option import AUXER_1999
>>> data = to_dict(AUXER_1999)
>>> data["format"], data["exercise_price"], data["term"]
('auxer-option/1', '0.13', 'P3M')
>>> from_dict(data) == AUXER_1999
True
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import numbers
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, NoReturn, TypeVar, overload

import attrs

from auxer_option._choices import one_of
from auxer_option._grant import GRANT_KEYWORDS, TAX_KEYWORDS, OptionGrant
from auxer_option._money import EXACT, PRECISION, TOO_LONG, coerce_shares, whole_number
from auxer_option._records import Adjustment, Exercise
from auxer_option._termination import Termination
from auxer_option._terms import Term
from auxer_option._text import plain
from auxer_option._valuation import OptionKind, Valuation
from auxer_option._vesting import Acceleration, VestingSchedule
from auxer_option.exceptions import (
    InvalidDataError,
    OptionError,
    OptionTypeError,
    OptionValueError,
)

__all__ = [
    "FORMAT",
    "MAX_INDENT",
    "Serializable",
    "from_dict",
    "from_json",
    "to_dict",
    "to_json",
]

#: The format this module writes and reads; a new version is a new name.
FORMAT: Final = "auxer-option/1"

#: The widest ``indent`` :func:`to_json` takes: wider, the text would be mostly spaces.
MAX_INDENT: Final = 16

#: The rule an ``indent`` breaks when it is not one :func:`to_json` takes.
BAD_INDENT: Final = f"must be None or a whole number of spaces from 0 to {MAX_INDENT}"

# The rules a document is refused by, each written once here; those with a value in them
# are templates, filled in with str.format.
#: A document in another format.
WRONG_FORMAT: Final = f"must be {FORMAT!r}"
#: A document of another type than the one expected: a template of ``expected``.
NOT_EXPECTED: Final = "must be {expected!r} here"
#: JSON given as something other than text.
NOT_JSON_TEXT: Final = "must be JSON text (str or bytes)"
#: Text that is not JSON: a template of ``error``, what the JSON reader found.
NOT_JSON: Final = "is not JSON: {error}"
#: NaN or an infinity, which JSON does not have.
NOT_A_JSON_NUMBER: Final = "is not a JSON number (NaN and infinities are not JSON)"
#: A key given twice in one JSON object.
KEY_TWICE: Final = "is given twice in one object"
#: Something other than an object where one is expected.
NOT_AN_OBJECT: Final = "must be an object (a dict with text keys)"
#: Something other than an array where one is expected.
NOT_AN_ARRAY: Final = "must be an array (a list)"
#: A field the type does not have: a template of ``type_name``.
NOT_A_FIELD: Final = "is not a field of {type_name}"
#: A field the type needs, missing: a template of ``type_name``.
MISSING_FIELD: Final = "is missing: {type_name} needs it"
#: A fraction such as "1/0".
ZERO_DENOMINATOR: Final = "must not have a zero denominator"
#: A term's duration that is not text.
NOT_A_DURATION: Final = 'must be text such as "P3M"'
#: A vesting schedule of an unknown kind.
NOT_A_VESTING_KIND: Final = "must be 'immediate', 'graded' or 'tranches'"
#: A fixed offset of a day or more.
OFFSET_TOO_LARGE: Final = "must be an offset of less than 24 hours"
#: A valuation's figure that is not a decimal number written as text.
NOT_DECIMAL_TEXT: Final = 'must be a decimal number as text, such as "-0.25"'

#: The values :func:`to_dict` writes and :func:`from_dict` reads.
Serializable = (
    OptionGrant
    | Exercise
    | Adjustment
    | Acceleration
    | Termination
    | Term
    | VestingSchedule
    | Valuation
)

_T = TypeVar("_T", bound=Serializable)

# --- writing --------------------------------------------------------------------------


def to_dict(value: Serializable) -> dict[str, Any]:
    """``value`` as plain JSON-ready data: dicts, lists, strings, ints, booleans and None.

    >>> from auxer_option import Termination
    >>> to_dict(Termination("2025-06-30", "VOLUNTARY_OTHER"))
    {'format': 'auxer-option/1', 'type': 'Termination', 'date': '2025-06-30',
     'reason': 'VOLUNTARY_OTHER'}

    Raises:
        OptionTypeError: for anything but the library's grants and records.
    """
    writer = _WRITERS.get(type(value))
    if writer is None:
        raise OptionTypeError("value", value, NOT_SERIALIZABLE)
    return {"format": FORMAT, "type": type(value).__name__, **writer(value)}


def to_json(value: Serializable, *, indent: int | None = None) -> str:
    """``value`` as JSON text (see :func:`to_dict`), on one line or indented.

    ``indent`` is ``None`` (one line) or the spaces to indent each level by, from 0 (a
    line per value) to :data:`MAX_INDENT`.

    >>> from auxer_option import Term
    >>> to_json(Term(months=3))
    '{"format": "auxer-option/1", "type": "Term", "duration": "P3M"}'

    Raises:
        OptionTypeError: for an ``indent`` that is not ``None`` or a whole number (a
            ``float``, a ``str``, a ``bool``), and as :func:`to_dict`.
        OptionValueError: for an ``indent`` outside 0 to :data:`MAX_INDENT`.
    """
    spaces = _check_indent(indent)
    return json.dumps(to_dict(value), indent=spaces, ensure_ascii=False)


def _check_indent(indent: object) -> int | None:
    if indent is None:
        return None
    # json.dumps would take a float or a str too, and fail late on a float or a huge int.
    if isinstance(indent, bool) or not isinstance(indent, numbers.Integral):
        raise OptionTypeError("indent", indent, BAD_INDENT)
    spaces = int(indent)
    if not 0 <= spaces <= MAX_INDENT:
        raise OptionValueError("indent", indent, BAD_INDENT)
    return spaces


def _decimal(value: Decimal) -> str:
    return plain(value)  # "0.0000001" in any context: str() would give "1e-7" under capitals=0


def _optional_decimal(value: Decimal | None) -> str | None:
    return None if value is None else _decimal(value)


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _shares(value: int | Fraction) -> int | str:
    # Whole shares are JSON integers; a fractional vesting amount is exact text, "9/2".
    return value if isinstance(value, int) else str(value)


def _term(value: Term) -> dict[str, Any]:
    return {"duration": value.to_iso()}


def _time_zone(value: dt.tzinfo | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.timezone):
        offset = value.utcoffset(None)
        sign = "-" if offset < dt.timedelta(0) else "+"
        text = str(abs(offset))  # "5:30:00", or "0:00:01.500000"
        hours, rest = text.split(":", 1)
        return f"{sign}{int(hours):02}:{rest.removesuffix(':00')}"
    # A grant keeps no other zone than a fixed offset or a ZoneInfo with a key, whose str
    # is that key (see coerce_time_zone).
    return str(value)


def _vesting(value: VestingSchedule) -> dict[str, Any]:
    if value.explicit_tranches:
        return {
            "kind": "tranches",
            "tranches": [
                {"date": _date(day), "shares": shares} for day, shares in value.explicit_tranches
            ],
        }
    if value.start is None:
        return {"kind": "immediate"}
    return {
        "kind": "graded",
        "start": _date(value.start),
        "months": value.months,
        "every": value.every,
        "cliff": value.cliff,
        "day_of_month": value.day_of_month.value,
        "allocation": value.allocation.value,
    }


def _exercise(value: Exercise) -> dict[str, Any]:
    data: dict[str, Any] = {
        "date": _date(value.date),
        "shares": value.shares,
        "price": _decimal(value.price),
        "cost": _decimal(value.cost),
        "payment": value.payment.value,
    }
    # The fields a payment method does not have are None, and left out, as in the repr.
    for name in _EXERCISE_OPTIONAL:
        field_value = getattr(value, name)
        if field_value is not None:
            data[name] = field_value if isinstance(field_value, int) else _decimal(field_value)
    return data


def _adjustment(value: Adjustment) -> dict[str, Any]:
    return {
        "date": _date(value.date),
        "ratio": f"{value.ratio.numerator}:{value.ratio.denominator}",
        "shares_before": value.shares_before,
        "shares_after": value.shares_after,
        "price_before": _decimal(value.price_before),
        "price_after": _decimal(value.price_after),
    }


def _acceleration(value: Acceleration) -> dict[str, Any]:
    return {"date": _date(value.date), "shares": _shares(value.shares)}


def _termination(value: Termination) -> dict[str, Any]:
    return {"date": _date(value.date), "reason": value.reason.value}


def _valuation(value: Valuation) -> dict[str, Any]:
    # The Decimals in plain digits, and the kind (a StrEnum) as its value, "call" or "put".
    data: dict[str, Any] = {
        name: _decimal(field) if isinstance(field := getattr(value, name), Decimal) else str(field)
        for name in _VALUATION_REQUIRED
    }
    if value.shares is not None:
        data["shares"] = value.shares
    if value.total is not None:
        data["total"] = _decimal(value.total)
    return data


def _grant(value: OptionGrant) -> dict[str, Any]:
    return {
        "grant_date": _date(value.grant_date),
        "shares": value.shares,
        "exercise_price": _decimal(value.exercise_price),
        "expiration_date": _date(value.expiration_date),
        "term": None if value.term is None else value.term.to_iso(),
        "currency": value.currency,
        "grantor": value.grantor,
        "grantee": value.grantee,
        "first_exercise_date": _date(value.first_exercise_date),
        "expiry_reading": value.expiry_reading.value,
        "expiry_day_included": value.expiry_day_included,
        "cutoff_time": None if value.cutoff_time is None else value.cutoff_time.isoformat(),
        "time_zone": _time_zone(value.time_zone),
        "business_day_roll": value.business_day_roll.value,
        "holidays": [_date(day) for day in sorted(value.holidays)],
        "vesting": _vesting(value.vesting),
        "early_exercisable": value.early_exercisable,
        "termination_windows": {
            reason.value: term.to_iso() for reason, term in value.termination_windows
        },
        "exercises": [_exercise(record) for record in value.exercises],
        "adjustments": [_adjustment(record) for record in value.adjustments],
        "accelerations": [_acceleration(record) for record in value.accelerations],
        "termination": None if value.termination is None else _termination(value.termination),
        "compensation_type": value.compensation_type.value,
        "grant_fair_market_value": _optional_decimal(value.grant_fair_market_value),
        "ten_percent_holder": value.ten_percent_holder,
    }


_EXERCISE_OPTIONAL: Final = tuple(field.name for field in attrs.fields(Exercise) if field.kw_only)
# The fields a record's data must give: its constructor's, but for an exercise's optional
# ones (a grant writes its defaults out too). Derived from the classes: they cannot drift.
_REQUIRED: Final = {
    cls: tuple(
        field.name
        for field in attrs.fields(cls)
        if field.init and field.name not in _EXERCISE_OPTIONAL
    )
    for cls in (Exercise, Adjustment, Acceleration, Termination)
} | {OptionGrant: tuple(name for name in GRANT_KEYWORDS if name not in TAX_KEYWORDS)}
_VALUATION_REQUIRED: Final = tuple(
    field.name for field in attrs.fields(Valuation) if field.default is attrs.NOTHING
)

_WRITERS: Final[dict[type, Callable[[Any], dict[str, Any]]]] = {
    OptionGrant: _grant,
    Exercise: _exercise,
    Adjustment: _adjustment,
    Acceleration: _acceleration,
    Termination: _termination,
    Term: _term,
    VestingSchedule: _vesting,
    Valuation: _valuation,
}

#: The rule an ``expect`` breaks when it is not a type :func:`from_dict` reads.
BAD_EXPECT: Final = f"must be None or one of {', '.join(kind.__name__ for kind in _WRITERS)}"
#: The rule of a value :func:`to_dict` does not write.
NOT_SERIALIZABLE: Final = one_of(kind.__name__ for kind in _WRITERS)

# --- reading --------------------------------------------------------------------------


@overload
def from_dict(data: Mapping[str, Any], *, expect: type[_T]) -> _T: ...
@overload
def from_dict(data: Mapping[str, Any], *, expect: None = None) -> Serializable: ...
def from_dict(data: Mapping[str, Any], *, expect: type[_T] | None = None) -> Serializable:
    """The grant or record that :func:`to_dict` wrote as ``data``, checked as when built.

    ``expect`` names the type the caller wants (``expect=OptionGrant``); anything else is
    then refused, and type checkers know what comes back.

    >>> from auxer_option import AUXER_1999, OptionGrant
    >>> from_dict(to_dict(AUXER_1999), expect=OptionGrant).exercise_price
    Decimal('0.13')

    Raises:
        InvalidDataError: for an unknown format or type, a missing or unknown field, or a
            value of the wrong JSON type; the field is the path to it, such as
            ``exercises[2].shares``.
        OptionTypeError: for an ``expect`` that is neither ``None`` nor one of the types
            :func:`to_dict` writes.
        OptionError: the subclass the constructor raises for a bad value (a negative
            price, an exercise outside the window), with the path as its field.
    """
    _check_expect(expect)
    fields = _mapping(data, "")
    given_format = fields.get("format")
    if given_format != FORMAT:
        raise InvalidDataError("format", given_format, WRONG_FORMAT)
    type_name = fields.get("type")
    reader = _READERS.get(type_name) if isinstance(type_name, str) else None
    if reader is None:
        raise InvalidDataError("type", type_name, UNKNOWN_TYPE)
    if expect is not None and type_name != expect.__name__:
        raise InvalidDataError("type", type_name, NOT_EXPECTED.format(expected=expect.__name__))
    body = {key: value for key, value in fields.items() if key not in {"format", "type"}}
    return reader(body, "")


@overload
def from_json(text: str | bytes, *, expect: type[_T]) -> _T: ...
@overload
def from_json(text: str | bytes, *, expect: None = None) -> Serializable: ...
def from_json(text: str | bytes, *, expect: type[_T] | None = None) -> Serializable:
    """The grant or record in JSON ``text`` (see :func:`from_dict`).

    Numbers are read as exact decimals, never floats; a key given twice in one object is
    refused rather than silently overwritten.

    >>> from auxer_option import AUXER_1999
    >>> from_json(to_json(AUXER_1999)) == AUXER_1999
    True

    Raises:
        InvalidDataError: for text that is not JSON, and as :func:`from_dict`.
        OptionError: as :func:`from_dict`.
    """
    _check_expect(expect)
    if not isinstance(text, str | bytes | bytearray):
        raise InvalidDataError("json", text, NOT_JSON_TEXT)
    try:
        data = json.loads(
            text,
            parse_float=_json_decimal,
            parse_int=_json_int,
            parse_constant=_no_constant,
            object_pairs_hook=_unique_keys,
        )
    except (ValueError, RecursionError) as error:
        if isinstance(error, OptionError):
            raise
        raise InvalidDataError("json", text, NOT_JSON.format(error=error)) from error
    return from_dict(data, expect=expect)


def _check_expect(expect: object) -> None:
    # By identity: a list or a dict here is refused like any other value, never hashed.
    if expect is not None and not any(expect is kind for kind in _WRITERS):
        raise OptionTypeError("expect", expect, BAD_EXPECT)


def _json_decimal(text: str) -> Decimal | str:
    # Exact, and read in the library's context, not the caller's. A number beyond what a
    # Decimal holds stays its text: the field it is given for refuses it by the same rule,
    # and by name, as that text in quotes.
    try:
        return Decimal(text, EXACT)
    except decimal.DecimalException:
        return text


def _json_int(text: str) -> int:
    # Python's int() refuses more than 4,300 digits with a bare ValueError, and takes
    # quadratic time up to there; no field of the format takes more than 50 digits.
    number = whole_number(text.removeprefix("-"), PRECISION)
    if number is None:
        raise InvalidDataError("json", text, TOO_LONG)
    return -number if text.startswith("-") else number


def _no_constant(name: str) -> NoReturn:
    raise InvalidDataError("json", name, NOT_A_JSON_NUMBER)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise InvalidDataError(key, value, KEY_TWICE)
        data[key] = value
    return data


def _path(path: str, name: str | int) -> str:
    if isinstance(name, int):
        return f"{path}[{name}]"
    return f"{path}.{name}" if path else name


def _mapping(data: object, path: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping) or not all(isinstance(key, str) for key in data):
        raise InvalidDataError(path or "data", data, NOT_AN_OBJECT)
    return data


def _sequence(data: object, path: str) -> list[Any]:
    if not isinstance(data, list | tuple):
        raise InvalidDataError(path, data, NOT_AN_ARRAY)
    return list(data)


def _fields(
    data: object,
    path: str,
    type_name: str,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
) -> dict[str, Any]:
    fields = _mapping(data, path)
    for key in fields:
        if key not in required and key not in optional:
            rule = NOT_A_FIELD.format(type_name=type_name)
            raise InvalidDataError(_path(path, key), fields[key], rule)
    for key in required:
        if key not in fields:
            raise _missing(path, key, type_name)
    return dict(fields)


def _missing(path: str, key: str, type_name: str) -> InvalidDataError:
    return InvalidDataError(_path(path, key), None, MISSING_FIELD.format(type_name=type_name))


def _build(path: str, build: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
    """``build(*args, **kwargs)``, with any error's field prefixed by ``path``."""
    try:
        return build(*args, **kwargs)
    except OptionError as error:
        if not path:
            raise
        raise type(error)(_path(path, error.field), error.value, error.rule) from error


def _fraction_text(value: object, path: str) -> Fraction | object:
    # "3/2" is exact text for a fraction; anything else goes to the constructor to judge.
    if isinstance(value, str) and _FRACTION.fullmatch(value):
        numerator, _, denominator = value.partition("/")
        if denominator and int(denominator) == 0:
            raise InvalidDataError(path, value, ZERO_DENOMINATOR)
        return Fraction(int(numerator), int(denominator or 1))
    return value


_FRACTION = re.compile(r"[0-9]{1,20}(?:/[0-9]{1,20})?")


def _read_term(data: object, path: str) -> Term:
    fields = _fields(data, path, "Term", ("duration",))
    duration = fields["duration"]
    if not isinstance(duration, str):
        raise InvalidDataError(_path(path, "duration"), duration, NOT_A_DURATION)
    return _build(path, Term.parse, duration)


def _read_vesting(data: object, path: str) -> VestingSchedule:
    given = _mapping(data, path)
    if "kind" not in given:  # read first: it says which fields the schedule has
        raise _missing(path, "kind", "VestingSchedule")
    kind = given["kind"]
    if kind == "immediate":
        _fields(data, path, "VestingSchedule", ("kind",))
        return VestingSchedule.immediate()
    if kind == "graded":
        fields = _fields(data, path, "VestingSchedule", _GRADED)
        del fields["kind"]
        return _build(path, VestingSchedule.graded, **fields)
    if kind == "tranches":
        fields = _fields(data, path, "VestingSchedule", ("kind", "tranches"))
        tranches_path = _path(path, "tranches")
        pairs = []
        for index, tranche in enumerate(_sequence(fields["tranches"], tranches_path)):
            row = _fields(tranche, _path(tranches_path, index), "a tranche", ("date", "shares"))
            pairs.append((row["date"], row["shares"]))
        return _build(path, VestingSchedule.tranches, pairs)
    raise InvalidDataError(_path(path, "kind"), kind, NOT_A_VESTING_KIND)


_GRADED: Final = ("kind", "start", "months", "every", "cliff", "day_of_month", "allocation")


def _read_exercise(data: object, path: str) -> Exercise:
    fields = _fields(data, path, "Exercise", _REQUIRED[Exercise], _EXERCISE_OPTIONAL)
    return _build(path, Exercise, **fields)


def _read_adjustment(data: object, path: str) -> Adjustment:
    fields = _fields(data, path, "Adjustment", _REQUIRED[Adjustment])
    return _build(path, Adjustment, **fields)


def _read_acceleration(data: object, path: str) -> Acceleration:
    fields = _fields(data, path, "Acceleration", _REQUIRED[Acceleration])
    fields["shares"] = _fraction_text(fields["shares"], _path(path, "shares"))
    return _build(path, Acceleration, **fields)


def _read_termination(data: object, path: str) -> Termination:
    fields = _fields(data, path, "Termination", _REQUIRED[Termination])
    return _build(path, Termination, **fields)


def _read_time_zone(value: object, path: str) -> object:
    if isinstance(value, str) and (match := _OFFSET.fullmatch(value)):
        minus, *parts = match.groups()
        hours, minutes, seconds, micros = (int(part or 0) for part in parts)
        offset = dt.timedelta(hours=hours, minutes=minutes, seconds=seconds, microseconds=micros)
        try:
            return dt.timezone(-offset if minus else offset)
        except ValueError as error:
            raise InvalidDataError(path, value, OFFSET_TOO_LARGE) from error
    # Anything else goes to the grant, so that a file and a constructor call obey one rule:
    # only IANA keys, never a machine's own names such as "localtime" or "posix/...".
    return value


# "+05:30", "-00:00:01.500000"; the sign group is empty for "+".
_OFFSET = re.compile(r"(?:\+|(-))([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{6}))?)?")


def _records(data: object, path: str, read: Callable[[object, str], _R]) -> tuple[_R, ...]:
    return tuple(read(item, _path(path, index)) for index, item in enumerate(_sequence(data, path)))


_R = TypeVar("_R")


def _read_grant(data: object, path: str) -> OptionGrant:
    # The tax terms came later: data written before them reads as the defaults.
    fields = _fields(data, path, "OptionGrant", _REQUIRED[OptionGrant], TAX_KEYWORDS)
    fields["vesting"] = _read_vesting(fields["vesting"], _path(path, "vesting"))
    fields["holidays"] = _sequence(fields["holidays"], _path(path, "holidays"))
    fields["time_zone"] = _read_time_zone(fields["time_zone"], _path(path, "time_zone"))
    windows_path = _path(path, "termination_windows")
    fields["termination_windows"] = _mapping(fields["termination_windows"], windows_path)
    for name, read in (
        ("exercises", _read_exercise),
        ("adjustments", _read_adjustment),
        ("accelerations", _read_acceleration),
    ):
        fields[name] = _records(fields[name], _path(path, name), read)
    if fields["termination"] is not None:
        fields["termination"] = _read_termination(fields["termination"], _path(path, "termination"))
    return _build(path, OptionGrant, **fields)


def _read_valuation(data: object, path: str) -> Valuation:
    fields = _fields(data, path, "Valuation", _VALUATION_REQUIRED, ("shares", "total"))
    values: dict[str, Any] = {}
    for name, value in fields.items():
        field = _path(path, name)
        if name == "kind":
            values[name] = OptionKind.coerce(value, field)
        elif name == "shares":
            values[name] = coerce_shares(value, field, minimum=0)
        else:
            values[name] = _signed_decimal(value, field)
    return Valuation(**values)


def _signed_decimal(value: object, path: str) -> Decimal:
    # A valuation's Greeks may be negative or, at the kink, infinite: "-Infinity".
    if isinstance(value, Decimal) and not value.is_nan():
        return value
    if isinstance(value, str) and _SIGNED.fullmatch(value):
        return Decimal(value)
    raise InvalidDataError(path, value, NOT_DECIMAL_TEXT)


_SIGNED = re.compile(r"[+-]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,7})?|Infinity)")

_READERS: Final[dict[str, Callable[[object, str], Serializable]]] = {
    "OptionGrant": _read_grant,
    "Exercise": _read_exercise,
    "Adjustment": _read_adjustment,
    "Acceleration": _read_acceleration,
    "Termination": _read_termination,
    "Term": _read_term,
    "VestingSchedule": _read_vesting,
    "Valuation": _read_valuation,
}

#: The rule of a document of a type :func:`from_dict` does not read.
UNKNOWN_TYPE: Final = one_of(_READERS)
