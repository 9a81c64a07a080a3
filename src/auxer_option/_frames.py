"""Records as pandas DataFrames: one row a record, one column a field, nothing rounded.

Install pandas with the ``pandas`` extra (``pip install "auxer-option[pandas]"``); it is
imported when :func:`to_dataframe` is called, never by ``import auxer_option``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final

import attrs

from auxer_option._expense import ExpenseRow, TrancheExpense
from auxer_option._vesting import VestingRow, VestingTable
from auxer_option.exceptions import OptionTypeError

if TYPE_CHECKING:
    from pandas import DataFrame

__all__ = ["to_dataframe"]

# The rules records are refused by, each written once here.
#: Something that is neither a record nor a collection of them.
NOT_RECORDS: Final = (
    "must be a record (an Exercise, a Valuation, a VestingRow, ...) or a collection of them, "
    "such as vesting_table(grant) or grant.exercises"
)
#: A record of another kind than the first: a template of ``kind``, the first's.
ONE_KIND: Final = "must be a {kind}, as the first record is: one kind of record a table"


def to_dataframe(records: object) -> DataFrame:
    """A ``pandas.DataFrame`` of ``records``: one row a record, one column a field, in order.

    ``records`` is a vesting table, an expense schedule, a grant's ``exercises``, ``adjustments``,
    ``accelerations``, a list of valuations, a book of grants, or any collection of the
    library's records of one kind; one record alone gives one row. The columns are the
    records' public fields (a grant's terms and what it derives, never its private
    storage). Nothing is rounded or lost: dates become
    ``datetime64[s]`` at midnight (which the library reads back as those dates), whole
    share counts ``int64`` (``Int64`` where some records have none), choices their text,
    and money and other ``Decimal`` s (and ``Fraction`` shares) stay as they are, exact,
    in ``object`` columns: ``.astype(float)`` is the caller's choice.

    >>> from auxer_option import AUXER_1999, exercise
    >>> grant, _ = exercise(AUXER_1999, 250_000, "1999-08-02")
    >>> to_dataframe(grant.exercises)[["date", "shares", "cost"]]
            date  shares      cost
    0 1999-08-02  250000  32500.00

    Raises:
        OptionTypeError: for anything but records, or records of more than one kind.
        ImportError: if pandas is not installed.
    """
    kind, rows = _rows(records)
    columns = _columns(VestingRow if isinstance(records, VestingTable) else kind)
    try:
        import pandas as pd  # noqa: PLC0415  (only tables need it)
    except ImportError as error:
        message = 'to_dataframe needs pandas: pip install "auxer-option[pandas]"'
        raise ImportError(message) from error
    data = {
        name: pd.Series(values, dtype=_dtype(values))
        for name, values in (
            (name, [_cell(row[index]) for row in rows]) for index, name in enumerate(columns)
        )
    }
    return pd.DataFrame(data)  # in the fields' order, as the dictionary keeps it


# The library's tables whose rows are named tuples: their fields are the columns.
_ROWS: Final = (VestingRow, ExpenseRow, TrancheExpense)


def _is_record(value: object) -> bool:
    return attrs.has(type(value)) or isinstance(value, _ROWS)


def _rows(records: object) -> tuple[type | None, list[tuple[Any, ...]]]:
    """The records' kind and each one's fields, once every record is checked to be of it."""
    if _is_record(records):
        given: list[object] = [records]
    elif isinstance(records, Iterable) and not isinstance(records, str | bytes | dict):
        given = list(records)
    else:
        raise OptionTypeError("records", records, NOT_RECORDS)
    kind = type(given[0]) if given else None
    names = _columns(kind) if given and _is_record(given[0]) else ()  # else refused below
    rows = []
    for index, record in enumerate(given):
        if not _is_record(record):
            raise OptionTypeError(f"records[{index}]", record, NOT_RECORDS)
        if type(record) is not kind:
            rule = ONE_KIND.format(kind=type(given[0]).__name__)
            raise OptionTypeError(f"records[{index}]", record, rule)
        rows.append(tuple(record) if isinstance(record, _ROWS) else _fields(record, names))
    return kind, rows


def _fields(record: object, names: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(getattr(record, name) for name in names)


def _columns(kind: Any) -> tuple[str, ...]:
    """The public field names of ``kind``, in order; none for an empty collection.

    A private field (a grant's ``_history``) is storage, not a column.
    """
    if kind is None:
        return ()
    if issubclass(kind, _ROWS):
        return kind._fields  # type: ignore[no-any-return]
    return tuple(field.name for field in attrs.fields(kind) if not field.name.startswith("_"))


def _cell(value: object) -> object:
    # A choice as its text: a column of plain strings, not of enum members.
    return value.value if isinstance(value, enum.Enum) else value


def _dtype(values: list[object]) -> str:
    """The column type that holds ``values`` exactly: dates, whole numbers, or as they are."""
    present = [value for value in values if value is not None]
    if not present:
        return "object"
    if all(type(value) is dt.date for value in present):
        return "datetime64[s]"  # seconds: every date from 0001 to 9999 fits, as in ns it would not
    if all(type(value) is int for value in present):
        return "int64" if len(present) == len(values) else "Int64"
    if all(type(value) is str for value in present):
        return "str"
    return "object"
