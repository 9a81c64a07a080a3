"""A book from a DataFrame and back: each row a grant, read as ``OptionGrant`` reads it.

Most books are plain: a grant date, shares, a price, a term or an expiration date, a
currency, perhaps a graded schedule. Such rows are read by columns. The terms that fix a
grant's window and schedule (grant date, term, expiry, first exercise date, vesting) take
few distinct values in a book (a board approves many grants on one day), so each distinct
set is checked once, by building one grant from it with the scalar constructor, which
also derives its window; shares, prices and currencies are checked by column. A row with
anything else (conventions, history, a schedule object, parties) is built by the scalar
constructor, as is every row found bad: its error is the scalar API's own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from decimal import Decimal
from typing import Any, Final, NamedTuple, cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from auxer_option._grant import GRANT_KEYWORDS, OptionGrant
from auxer_option._grant import party as _party
from auxer_option._money import MAX_SHARES, coerce_amount, coerce_currency
from auxer_option._tax_terms import CompensationType
from auxer_option._terms import coerce_date
from auxer_option._vesting import VestingSchedule
from auxer_option.book._calendar import Ints
from auxer_option.book._cash import (
    PRICE_DIGITS,
    Amounts,
    decimal_column,
    exact_column,
    fits,
    places,
)
from auxer_option.book._columns import (
    NOT_A_DAY,
    PRICE_PLACES,
    Columns,
    dates,
    ints,
    merged,
    most_vesting_shares,
    of_grants,
    schedule_numbers,
)
from auxer_option.book._distinct import distinct, missing
from auxer_option.book._progress import steps
from auxer_option.book._vesting import GradedColumns
from auxer_option.exceptions import (
    InvalidBookError,
    InvalidDataError,
    OptionError,
    OptionTypeError,
)

__all__ = [
    "NOT_A_FRAME",
    "NOT_DERIVED",
    "REPEATED_COLUMN",
    "UNKNOWN_COLUMN",
    "VESTING_TWICE",
    "FrameRead",
    "frame_of",
    "read_frame",
]

#: A frame's column that is neither a grant's keyword nor one the book writes.
UNKNOWN_COLUMN: Final = (
    "is not a column a book reads: the OptionGrant keywords, holder, id, vesting_start, "
    "vesting_months, vesting_every, vesting_cliff, and what to_frame writes"
)
#: A derived column that disagrees with what the row's terms derive: a template of ``derived``.
NOT_DERIVED: Final = "must be what the row's terms give ({derived})"
#: Something other than a DataFrame given as one.
NOT_A_FRAME: Final = "must be a pandas DataFrame"
#: A column name given twice.
REPEATED_COLUMN: Final = "is the name of more than one column"
#: A vesting schedule given whole and in parts.
VESTING_TWICE: Final = "must not be given with a vesting column in the same row"

# What to_frame writes beside the keywords, derived from them: checked when read back.
DERIVED: Final = ("last_exercise_date", "outstanding_shares", "adjusted_exercise_price")
# A graded schedule in columns, read as VestingSchedule.graded's arguments.
VESTING_PARTS: Final = {
    "vesting_start": "start",
    "vesting_months": "months",
    "vesting_every": "every",
    "vesting_cliff": "cliff",
}
# The terms that fix a window and a schedule: checked once per distinct set.
_WINDOW_TERMS: Final = (
    "grant_date",
    "term",
    "expiration_date",
    "first_exercise_date",
    "early_exercisable",
    *VESTING_PARTS,
)
# What a plain row may hold; any other keyword makes it a row for the scalar constructor.
_PLAIN: Final = frozenset(
    {*_WINDOW_TERMS, "shares", "exercise_price", "currency", "grantor", "grantee"}
)
_DATE_COLUMNS: Final = frozenset(
    {"grant_date", "expiration_date", "first_exercise_date", "last_exercise_date"}
)
_REQUIRED: Final = ("grant_date", "shares", "exercise_price")
_BOOLS: Final = (bool, np.bool_)
_PROBE_SHARES: Final = 1
# A key of window terms holds the codes of each column in mixed radix while they fit in
# int64; past this span it is renumbered first.
_KEY_SPAN: Final = 2**62
_PROBE_PRICE: Final = Decimal(1)


class FrameRead(NamedTuple):
    """What a frame holds, as a book takes it."""

    ids: pd.Index
    holders: Any  # a list, or an array of objects
    rows: Columns
    grants: list[OptionGrant | None]  # None: a plain row, built when first asked for
    rebuild: Callable[[int], OptionGrant]


def read_frame(
    frame: pd.DataFrame, index: Callable[[Any, int], pd.Index], *, progress: bool
) -> FrameRead:
    """Read ``frame``'s rows as grants; ``index`` checks the ids (see GrantBook).

    Raises:
        InvalidDataError: for a column the book does not read.
        InvalidBookError: for every bad row at once, each with the scalar API's error.
    """
    columns = _columns(frame)
    count = len(frame)
    ids = index(frame["id"] if "id" in columns else frame.index, count)
    rows = _Rows(frame)
    plain = np.ones(count, dtype=bool)
    if any(name in DERIVED for name in columns):
        plain[:] = False  # read back to be checked: every row is built
    for name in rows.given:
        if name not in _PLAIN:
            plain &= frame[name].isna().to_numpy(dtype=bool) | _default_tax_term(frame, name)
    facts, bad = _plain_rows(frame, plain)
    positions = np.flatnonzero(~plain | bad)
    grants: list[OptionGrant | None] = [None] * count
    refusals: list[tuple[Hashable, OptionError]] = []
    derived = [name for name in columns if name in DERIVED]
    built_rows = positions.tolist()
    for row in steps(built_rows, total=len(built_rows), what="building rows", show=progress):
        try:
            grant = grants[row] = rows.grant(row)
            for name in derived:
                _check_derived(grant, name, rows.value(name, row))
        except OptionError as error:
            refusals.append((ids[row], error))
    if refusals:
        raise InvalidBookError.listing("frame", refusals)
    built = [cast("OptionGrant", grants[row]) for row in positions]
    named = "holder" if "holder" in columns else "grantee" if "grantee" in columns else None
    holders = _objects(count, None) if named is None else _texts(frame[named])
    return FrameRead(ids, holders, merged(facts, positions, of_grants(built)), grants, rows.grant)


def _default_tax_term(frame: pd.DataFrame, name: str) -> np.ndarray:
    """Where column ``name`` holds its default tax term, as to_frame writes it for most rows.

    Such a row stays plain. Only the default itself counts: text in another spelling, 0
    for False, goes to the scalar constructor, which reads or refuses it.
    """
    column = frame[name]
    if name == "compensation_type":
        return np.array(
            [
                value is CompensationType.OPTION or (type(value) is str and value == "OPTION")
                for value in column.array
            ],
            dtype=bool,
        )
    if name == "ten_percent_holder":
        return np.array([type(value) in _BOOLS and not value for value in column.array], dtype=bool)
    return np.zeros(len(column), dtype=bool)


def _columns(frame: object) -> list[str]:
    """The names of ``frame``'s columns, each one a book reads, and each once."""
    if not isinstance(frame, pd.DataFrame):
        raise OptionTypeError("frame", frame, NOT_A_FRAME)
    columns = [str(name) for name in frame.columns]
    readable = {*GRANT_KEYWORDS, *DERIVED, *VESTING_PARTS, "holder", "id"}
    for name in columns:
        if name not in readable:
            raise InvalidDataError("frame", name, UNKNOWN_COLUMN)
        if columns.count(name) > 1:
            raise InvalidDataError("frame", name, REPEATED_COLUMN)
    return columns


class _Rows:
    """A frame's rows as the constructor's keywords, read from the frame when first needed."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.given = [
            str(name) for name in frame.columns if name in GRANT_KEYWORDS or name in VESTING_PARTS
        ]
        self._values: dict[str, np.ndarray] = {}

    def value(self, name: str, row: int) -> object:
        """The value of column ``name`` in ``row``."""
        values = self._values.get(name)
        if values is None:  # a column boxed once, whatever the number of rows asked
            values = self._values[name] = self.frame[name].to_numpy(dtype=object)
        return values[row]

    def grant(self, row: int) -> OptionGrant:
        """The grant of ``row``, built by the constructor (which raises for a bad row)."""
        values = {name: self.value(name, row) for name in self.given}
        keywords: dict[str, Any] = dict.fromkeys(_REQUIRED)  # the constructor refuses None
        keywords.update(
            (name, value)
            for name, value in values.items()
            if name in GRANT_KEYWORDS and not missing(value)
        )
        schedule = _schedule({name: values[name] for name in VESTING_PARTS if name in values})
        if schedule is not None:
            if "vesting" in keywords:
                raise InvalidDataError("vesting", keywords["vesting"], VESTING_TWICE)
            keywords["vesting"] = schedule
        return OptionGrant(**keywords)


def _plain_rows(frame: pd.DataFrame, plain: np.ndarray) -> tuple[Columns, np.ndarray]:
    """The columns of the plain rows, and which of them are bad (or need the scalar path).

    Rows not plain get placeholder values, replaced by their grants' columns afterwards.
    """
    count = len(frame)
    bad = np.zeros(count, dtype=bool)
    shares = _shares(frame, plain, bad)
    price = _prices(frame, plain, bad)
    currency = _currencies(frame, plain, bad)
    for name in ("grantor", "grantee"):
        if name in frame.columns:
            _each(frame[name], plain, bad, functools.partial(_named, field=name))
    window = _windows(frame, plain, bad, shares)
    rows = Columns(
        currency=currency,
        grant_date=window.grant_date,
        first=window.first,
        last=window.last,
        shares=shares,
        outstanding=shares,
        forfeited=np.zeros(count, dtype=np.int64),
        early=window.early,
        end=np.full(count, NOT_A_DAY),
        latest=np.full(count, NOT_A_DAY),
        price=price,
        vesting=window.vesting,
        scalar=np.zeros(count, dtype=bool),
    )
    return rows, bad & plain


def _shares(frame: pd.DataFrame, plain: np.ndarray, bad: np.ndarray) -> Ints:
    column = frame["shares"] if "shares" in frame.columns else pd.Series([None] * len(frame))
    if column.dtype.kind == "i" and not column.hasnans:  # signed: int64 holds every value
        values = column.to_numpy(dtype=np.int64)
        bad |= values < 1  # int64 holds at most MAX_SHARES
        return values
    counts = np.ones(len(frame), dtype=np.int64)
    for row, value in enumerate(column.to_numpy(dtype=object)):
        if plain[row]:
            whole = type(value) is int or isinstance(value, np.integer)
            if whole and 1 <= value <= MAX_SHARES:
                counts[row] = value
            else:
                bad[row] = True
    return counts


def _prices(frame: pd.DataFrame, plain: np.ndarray, bad: np.ndarray) -> Any:
    column = frame["exercise_price"] if "exercise_price" in frame.columns else None
    if column is None:
        bad |= True
        return decimal_column([Decimal(0)] * len(frame), 0)
    if isinstance(column.dtype, pd.ArrowDtype) and pa.types.is_decimal(column.dtype.pyarrow_dtype):
        given = pa.chunked_array(pa.array(column)).combine_chunks()  # concat, Parquet: chunks
        if given.type.scale <= PRICE_PLACES and given.type.precision <= PRICE_DIGITS:
            return _checked_decimals(given, plain, bad)
    prices = _each(column, plain, bad, _price)
    column_prices = [Decimal(0) if price is None else price for price in prices]
    return decimal_column(column_prices, max((places(price) for price in column_prices), default=0))


def _checked_decimals(given: Amounts, plain: np.ndarray, bad: np.ndarray) -> Amounts:
    """A decimal column given whole: a missing or negative price is bad.

    So is one of a billion or more, which the column holds but, as for a grant given whole
    (see ``_columns.covered``), the scalar path answers: the constructor builds its row.
    """
    zero = pa.scalar(Decimal(0)).cast(given.type)
    limit = pa.scalar(Decimal(10**PRICE_PLACES)).cast(pa.decimal128(PRICE_DIGITS + 1, 0))
    outside = pc.or_kleene(pc.less(given, zero), pc.greater_equal(given, limit))
    refused = cast("Amounts", pc.fill_null(outside, pa.scalar(value=True)))
    bad |= plain & refused.to_numpy(zero_copy_only=False)  # a missing price is bad too
    column = pa.decimal128(PRICE_DIGITS, given.type.scale)
    filled = pc.fill_null(given, zero) if given.null_count else given
    # A decimal128 of fewer digits at the same scale holds the same integers: read as they are.
    same_storage = filled.type.byte_width == column.byte_width
    return cast("Amounts", filled.view(column) if same_storage else filled.cast(column))


def _each(
    column: pd.Series, plain: np.ndarray, bad: np.ndarray, read: Callable[[Any], Any]
) -> list[Any]:
    """``read`` of each distinct value of ``column``, for every row; None marks a bad row.

    ``read`` returns None, or raises an OptionError, for a value it refuses.
    """
    codes, values = distinct(column)
    results = []
    for value in values:
        try:
            results.append(read(value))
        except OptionError:
            results.append(None)
    refused = np.array([result is None for result in results], dtype=bool)
    bad |= plain & refused[codes]
    return [results[code] for code in codes]


def _price(value: object) -> Decimal | None:
    """``value`` as a price a column holds, or None (bad, or for the scalar path)."""
    price = coerce_amount(value, "exercise_price")
    return price if fits(price, PRICE_PLACES) else None


def _currencies(frame: pd.DataFrame, plain: np.ndarray, bad: np.ndarray) -> np.ndarray:
    if "currency" not in frame.columns:
        return _objects(len(frame), "USD")
    codes = _each(frame["currency"], plain, bad, _currency)
    return np.array(["USD" if code is None else code for code in codes], dtype=object)


def _objects(count: int, value: object) -> np.ndarray:
    """``count`` times ``value``, as objects.

    (``np.full`` reads a string as text first, and makes a million strings of it.)
    """
    column = np.empty(count, dtype=object)
    column.fill(value)
    return column


def _currency(value: object) -> str | None:
    if missing(value):
        return "USD"
    return coerce_currency(value)  # type: ignore[arg-type]


def _named(value: object, field: str) -> bool:
    if not missing(value):
        _party(value, field)
    return True


def _texts(column: pd.Series) -> list[object]:
    return [None if missing(value) else value for value in column.to_numpy(dtype=object)]


class _Windows(NamedTuple):
    grant_date: np.ndarray
    first: np.ndarray
    last: np.ndarray
    early: np.ndarray
    vesting: GradedColumns


def _windows(frame: pd.DataFrame, plain: np.ndarray, bad: np.ndarray, shares: Ints) -> _Windows:
    """Each plain row's window and schedule, from one probe grant per distinct set of terms."""
    names = [name for name in _WINDOW_TERMS if name in frame.columns]
    count = len(frame)
    key = np.zeros(count, dtype=np.int64)
    span = 1  # the key's values are below it
    for name in names:
        part, size = _codes(frame[name])
        if span * size >= _KEY_SPAN:  # renumbered first: at most count keys so far
            key = pd.factorize(key)[0]
            span = count
        key = key * size + part
        span *= size
    codes, distinct_keys = pd.factorize(key)
    firsts = np.empty(len(distinct_keys), dtype=np.int64)
    firsts[codes[::-1]] = np.arange(count)[::-1]  # each set's first row: written last
    terms = frame[names].iloc[firsts]  # one row per distinct set of terms
    probes = [_probe(names, row) for row in terms.itertuples(index=False, name=None)]
    numbers = [
        (None, 1, 0, 1, 0, 0) if probe is None else schedule_numbers(probe.vesting)
        for probe in probes
    ]
    ok = np.array([probe is not None for probe in probes], dtype=bool)
    bad |= plain & ~ok[codes]
    day = dates(None if probe is None else probe.grant_date for probe in probes)
    start = dates(
        (None if probe is None else probe.grant_date) if start is None else start
        for probe, (start, *_) in zip(probes, numbers, strict=True)
    )
    each_set = ints(number[2] for number in numbers)
    installments = each_set[codes]
    # Sums past int64 go by the scalar path, as for a grant given whole: the most shares
    # each set of terms allows, worked out once a set.
    most = np.where(each_set > 0, most_vesting_shares(each_set), MAX_SHARES)
    bad |= plain & (shares > most[codes])
    return _Windows(
        grant_date=day[codes],
        first=dates(None if probe is None else probe.first_exercise_date for probe in probes)[
            codes
        ],
        last=dates(None if probe is None else probe.last_exercise_date for probe in probes)[codes],
        early=np.array([bool(probe and probe.early_exercisable) for probe in probes])[codes],
        vesting=GradedColumns(
            start[codes],
            ints(number[1] for number in numbers)[codes],
            installments,
            ints(number[3] for number in numbers)[codes],
            ints(number[4] for number in numbers)[codes],
            ints(number[5] for number in numbers)[codes],
        ),
    )


def _codes(column: pd.Series) -> tuple[np.ndarray, int]:
    """A code for each row, equal where the values are, and a bound the codes are below.

    A numpy column of integers or times is its own code (less its least value) when its
    values span less than a key's span: no value is missing there (NaT spans all int64).
    """
    if isinstance(column.dtype, np.dtype) and column.dtype.kind in "iMm" and len(column):
        given = column.to_numpy()
        # Times are int64 counts of their unit; integers, widened.
        numbers = (
            given.astype(np.int64, copy=False) if given.dtype.kind == "i" else given.view(np.int64)
        )
        low, high = int(numbers.min()), int(numbers.max())
        if high - low < _KEY_SPAN:
            return numbers - low, high - low + 1
    part, values = distinct(column)
    return part, len(values)


def _probe(names: list[str], values: tuple[Any, ...]) -> OptionGrant | None:
    """The grant of one set of window terms, with one share at 1; None if they are bad."""
    given = dict(zip(names, values, strict=True))
    keywords: dict[str, Any] = {"grant_date": None}  # required: the constructor refuses None
    keywords.update(
        (name, value)
        for name, value in given.items()
        if name not in VESTING_PARTS and not missing(value)
    )
    try:
        schedule = _schedule({name: given[name] for name in VESTING_PARTS if name in given})
        if schedule is not None:
            keywords["vesting"] = schedule
        return OptionGrant(shares=_PROBE_SHARES, exercise_price=_PROBE_PRICE, **keywords)
    except OptionError:
        return None


def _schedule(parts: dict[str, object]) -> VestingSchedule | None:
    given: dict[str, Any] = {
        VESTING_PARTS[name]: value for name, value in parts.items() if not missing(value)
    }
    if not given:
        return None
    start = given.pop("start", None)
    months = given.pop("months", None)  # required: the schedule refuses None
    counts = {name: _whole(value) for name, value in given.items()}
    return VestingSchedule.graded(start, months=_whole(months), **counts)


def _whole(value: object) -> Any:
    # A column of counts with a missing value is float in pandas: 48.0 is the count 48.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _check_derived(grant: OptionGrant, name: str, value: object) -> None:
    if missing(value):  # left out, as a missing keyword is
        return
    derived = getattr(grant, name)
    if name == "last_exercise_date":  # a date as pandas holds it is that calendar date
        value = coerce_date(value, name)
    if value != derived:
        raise InvalidDataError(name, value, NOT_DERIVED.format(derived=derived))


def frame_of(ids: pd.Index, holders: np.ndarray, grants: list[OptionGrant]) -> pd.DataFrame:
    """``grants`` as a DataFrame: ``holder``, every keyword, and what a grant derives."""
    columns: dict[str, Any] = {"holder": holders}
    for name in (*GRANT_KEYWORDS, *DERIVED):
        columns[name] = _typed(name, [getattr(grant, name) for grant in grants])
    return pd.DataFrame(columns, index=ids)


def _typed(name: str, column: list[Any]) -> Any:
    if name in _DATE_COLUMNS:
        return pd.arrays.ArrowExtensionArray(pa.array(column, pa.date32()))
    if name in {"shares", "outstanding_shares"}:
        return np.array(column, dtype=np.int64)
    if name in {"exercise_price", "adjusted_exercise_price"}:
        return exact_column(column)
    return pd.array(column, dtype=object)
