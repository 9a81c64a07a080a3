"""A column's distinct values, each read once: equal values of different types kept apart.

A book checks a column of a million values by checking each distinct value once. pandas
finds them by equality, and ``1``, ``1.0``, ``True`` and ``Decimal(1)`` are equal in
Python, but the library takes an int share count and refuses a float or a bool: each
value must be read as what it is. So the values of a column of Python objects are keyed
by their type as well; a column of one numpy or Arrow type is factorized as it is.
"""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal
from typing import Any, Final

import numpy as np
import pandas as pd

from auxer_option._terms import is_missing

__all__ = ["distinct", "missing"]

# pandas compares the values, and a Decimal compared with a float raises a flag (or, trapped,
# an error) in the current decimal context: the comparisons run in this one instead.
_COMPARING: Final = decimal.Context(traps=[])
_MISSING: Final = object()  # the key of every missing value: one set of rows, not one each
# Types none of whose values is missing, and whose values equal only values of their own
# type among those a column holds (a bool is not an int here: types are compared exactly).
# A column of one of them alone (text, the commonest) needs no key for each value.
_ONLY_THEMSELVES: Final = frozenset({str, int, dt.date})


def missing(value: object) -> bool:
    """Whether ``value`` is a missing value: ``None``, a float ``NaN``, ``NaT`` or ``pd.NA``.

    A Decimal is never missing: ``Decimal("NaN")`` is a value, which the library refuses.
    """
    if value is None or value is pd.NA:
        return True
    if type(value) in _ONLY_THEMSELVES or isinstance(value, Decimal):  # never missing
        return False
    with decimal.localcontext(_COMPARING):  # no Decimal here; a subclass of one, at worst
        return is_missing(value)


def distinct(column: pd.Series | np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """Each row's code, and the distinct values the codes index (missing values as one).

    >>> codes, values = distinct(np.array([1, True, 1.0, 1, None, float("nan")], dtype=object))
    >>> codes.tolist(), values
    ([0, 1, 2, 0, 3, 3], [1, True, 1.0, None])
    """
    if isinstance(column, pd.Series) and isinstance(column.dtype, pd.StringDtype):
        # Text or missing throughout, as in a column of one numpy type; factorized as it is
        # held (Arrow's), not as a million Python strings.
        codes, values = pd.factorize(column, use_na_sentinel=False)
        return codes, list(values)
    given = column.to_numpy() if isinstance(column, pd.Series) else column
    try:
        return _distinct(given)
    except TypeError:  # an unhashable value: every row its own, each read (and refused) alone
        return np.arange(len(given)), list(given)


def _distinct(given: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    with decimal.localcontext(_COMPARING):
        if given.dtype != object:  # one type throughout: equal values are the same value
            codes, values = pd.factorize(given, use_na_sentinel=False)
            return codes, list(values)
        kinds = set(map(type, given))
        if len(kinds) == 1 and kinds <= _ONLY_THEMSELVES:  # as a column of one numpy type
            codes, values = pd.factorize(given, use_na_sentinel=False)
            return codes, list(values)
        keys = np.empty(len(given), dtype=object)
        keys[:] = [_MISSING if missing(value) else (type(value), value) for value in given]
        codes, uniques = pd.factorize(keys, use_na_sentinel=False)
    first = np.zeros(len(uniques), dtype=np.intp)
    first[codes[::-1]] = np.arange(len(given))[::-1]  # each value's first row: written last
    return codes, [given[row] for row in first.tolist()]
