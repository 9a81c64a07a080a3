"""Exact money on columns: pyarrow decimals, multiplied and rounded as the scalar API does.

A column of prices is one ``decimal128`` array at one scale, the most places any of its
prices has; a product of a price and a share count is exact in ``decimal256`` (a price has
at most :data:`PRICE_DIGITS` digits, a count at most 19), and cash is rounded once, to each
row's currency's minor unit, with the ``decimal`` rounding mode the scalar API would use.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final, TypeAlias, cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from auxer_option._money import MINOR_UNIT_QUANTA
from auxer_option.book._blocks import blocks
from auxer_option.book._distinct import distinct

__all__ = [
    "DECIMAL128_DIGITS",
    "PRICE_DIGITS",
    "Amounts",
    "PerRow",
    "cash",
    "decimal_column",
    "exact_column",
    "fits",
    "places",
    "positive_part",
    "times",
    "value_cash",
]

#: A column of exact amounts.
Amounts: TypeAlias = "pa.Array[Any]"

#: Digits a price column holds exactly; a price with more goes by the scalar path.
PRICE_DIGITS: Final = 18
_COUNT_DIGITS: Final = 19  # an int64 share count
#: The digits a decimal128 holds.
DECIMAL128_DIGITS: Final = 38

# The decimal rounding modes as Arrow names them (every amount rounded here is >= 0).
_ARROW_ROUNDING: Final = {
    decimal.ROUND_HALF_UP: "half_towards_infinity",
    decimal.ROUND_HALF_EVEN: "half_to_even",
    decimal.ROUND_HALF_DOWN: "half_towards_zero",
    decimal.ROUND_UP: "towards_infinity",
    decimal.ROUND_DOWN: "towards_zero",
    decimal.ROUND_CEILING: "up",
    decimal.ROUND_FLOOR: "down",
}


def places(amount: Decimal) -> int:
    """The digits after the point ``amount`` is written with (0 for a whole number)."""
    exponent = amount.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0  # finite amounts only


def fits(amount: Decimal, scale: int) -> bool:
    """Whether ``amount`` is held exactly by a price column at ``scale`` places."""
    return places(amount) <= scale and amount.adjusted() < PRICE_DIGITS - scale


def decimal_column(amounts: list[Decimal], scale: int) -> Amounts:
    """``amounts`` as one exact ``decimal128`` column at ``scale`` places (each must fit)."""
    return pa.array(amounts, pa.decimal128(PRICE_DIGITS, scale))


def times(amounts: Amounts, counts: np.ndarray) -> Amounts:
    """Each amount times its share count, exactly.

    The product is ``decimal128`` when its 38 digits hold every product, else ``decimal256``.
    """
    precision, scale = amounts.type.precision, amounts.type.scale
    narrow = precision + _COUNT_DIGITS + 1 <= DECIMAL128_DIGITS
    if narrow and pa.types.is_decimal128(amounts.type) and not amounts.null_count:
        product = _int_product(amounts, counts)
        if product is not None:
            return product
    wide = pa.decimal128 if narrow else pa.decimal256
    counted = pa.array(counts).cast(wide(_COUNT_DIGITS, 0))
    return cast("Amounts", pc.multiply(amounts.cast(wide(precision, scale)), counted))


def _int_product(amounts: Amounts, counts: np.ndarray) -> Amounts | None:
    """:func:`times` in int64, where every product is below 2^62; else None.

    A decimal of at most 18 digits is an int64 of its digits (its scale apart): the products
    of those and the counts are the decimal products' digits, at the same scale.
    """
    precision, scale = amounts.type.precision, amounts.type.scale
    digits = amounts.view(pa.decimal128(precision, 0)).cast(pa.int64()).to_numpy()
    if len(digits) and _largest(digits) * _largest(counts) >= 2**63:
        return None  # some product may not fit: the decimals take them all
    product_type = pa.decimal128(precision + _COUNT_DIGITS + 1, scale)
    whole = pa.array(digits * counts).cast(pa.decimal128(product_type.precision, 0))
    result: Amounts = whole.view(product_type)
    return result


def _largest(column: np.ndarray) -> int:
    """The largest magnitude in an int64 ``column`` (not empty), as a Python int."""
    return max(abs(int(column.max())), abs(int(column.min())))


def positive_part(amounts: Amounts) -> Amounts:
    """``max(0, amount)`` of each amount, in the column's own type."""
    zero = pa.scalar(Decimal(0)).cast(amounts.type)
    return cast("Amounts", pc.if_else(pc.greater(amounts, zero), amounts, zero))


def cash(exact: Amounts, currencies: np.ndarray, rounding: str | None) -> Amounts:
    """``exact`` rounded once to each row's currency's minor unit, as ``decimal128``.

    The column's scale is the largest minor unit among the currencies present (so a yen
    amount of 100 reads ``100.00`` beside dollars: the same number). ``rounding=None``
    keeps every amount exact. Callers give amounts that fit: a price of at most 18 digits
    times an int64 count.
    """
    if rounding is None:
        return exact.cast(pa.decimal128(DECIMAL128_DIGITS, exact.type.scale))
    codes, present = _currency_codes(currencies)
    units = [places(MINOR_UNIT_QUANTA[str(code)]) for code in present]
    column = pa.decimal128(DECIMAL128_DIGITS, max(units, default=0))
    if len(units) == 1:  # one currency, the common book: no rows to pick out
        return _rounded(exact, units[0], rounding).cast(column)
    result = pa.nulls(len(exact), column)
    for index, digits in enumerate(units):
        rows = pa.array(codes == index)
        rounded = _rounded(pc.filter(exact, rows), digits, rounding)
        result = pc.replace_with_mask(result, rows, rounded.cast(column))
    return result


def value_cash(values: np.ndarray, counts: np.ndarray, currencies: np.ndarray) -> Amounts:
    """Each value (a double) times its count, rounded half up to the currency's minor unit.

    Exactly :func:`cash` of :func:`times` of the values as decimals of 18 places (each
    double rounded to them), as ``decimal128`` of the scale :func:`cash` gives; a NaN value
    is a missing amount. The products are taken in doubles, which give the same minor units
    wherever they are further from a half than their own error (a few parts in 10^16, and
    the 18th place times the count): the rest, and amounts past 2^52 minor units, take the
    decimal path.
    """
    codes, present = _currency_codes(currencies)
    units = np.array([places(MINOR_UNIT_QUANTA[str(code)]) for code in present], dtype=np.int64)
    scale = int(units.max(initial=0))
    given = ~np.isnan(values)
    unscaled = np.zeros(len(values), dtype=np.int64)
    decided = np.empty(len(values), dtype=np.bool_)
    for rows in blocks(len(values)):  # a dozen temporaries: see _blocks
        unscaled[rows], decided[rows] = _in_minor_units(
            values[rows], counts[rows], units[codes[rows]], scale
        )
    decided |= ~given
    in_units = pa.array(unscaled, mask=~given).cast(pa.decimal128(DECIMAL128_DIGITS, 0))
    # The same integers read at the column's scale: minor units, as decimals.
    result: Amounts = pa.Array.from_buffers(
        pa.decimal128(DECIMAL128_DIGITS, scale),
        len(in_units),
        in_units.buffers(),
        in_units.null_count,
    )
    undecided = np.flatnonzero(~decided)
    if undecided.size:
        exact = pc.cast(pa.array(values[undecided]), pa.decimal128(38, 18), safe=False)
        rounded = cash(times(exact, counts[undecided]), currencies[undecided], _HALF_UP)
        mask = np.zeros(len(values), dtype=np.bool_)
        mask[undecided] = True
        result = pc.replace_with_mask(result, pa.array(mask), rounded.cast(result.type))
    return result


def _in_minor_units(
    values: np.ndarray, counts: np.ndarray, digits: np.ndarray, scale: int
) -> tuple[np.ndarray, np.ndarray]:
    """``values × counts`` rounded half up to ``digits`` places, and where doubles decide it.

    The amounts are integers of ``scale`` places; where doubles do not decide, 0.
    """
    with np.errstate(invalid="ignore", over="ignore"):
        unit = 10.0**digits
        product = values * counts
        product *= unit  # in minor units: exact but for two roundings of the double
        whole = np.floor(product)
        part = product - whole  # exact below 2^52
        error = 1e-15 * product + counts * unit * 1e-18
        decided = (np.abs(part - 0.5) > 2.0 * error) & (product < _DOUBLE_WHOLE)
        decided &= product >= 0.0  # half up is away from zero: a negative one is the decimals'
        decided &= counts < _DOUBLE_WHOLE
        whole += part >= 0.5  # noqa: PLR2004  (half up)
    unscaled = np.where(decided, whole, 0.0).astype(np.int64)
    unscaled *= 10 ** (scale - digits)
    return unscaled, decided


# Whole numbers a double holds exactly, with room for the rounding of a half.
_DOUBLE_WHOLE: Final = 2.0**52
_HALF_UP: Final = decimal.ROUND_HALF_UP


def _currency_codes(currencies: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """Each row's index among the currencies present, and those currencies."""
    if len(currencies) and bool((currencies == currencies[0]).all()):  # one, the common book
        return np.zeros(len(currencies), dtype=np.intp), [currencies[0]]
    codes, present = pd.factorize(currencies)
    return codes, list(present)


def _rounded(exact: Amounts, digits: int, rounding: str) -> Amounts:
    if exact.type.scale <= digits:  # no digit past the minor unit: nothing to round
        return exact
    mode = _ARROW_ROUNDING.get(rounding)
    if mode is not None:
        rounded: Amounts = pc.round(exact, ndigits=digits, round_mode=mode)  # type: ignore[call-overload]
        return rounded
    # ROUND_05UP has no Arrow name: each amount is rounded by the decimal module.
    quantum = Decimal((0, (1,), -digits))  # exact: no context is asked
    context = decimal.Context(prec=80, rounding=rounding)
    amounts = [
        cast("Decimal", amount).quantize(quantum, context=context) for amount in exact.to_pylist()
    ]
    return cast("Amounts", pa.array(amounts, exact.type))


class PerRow:
    """An amount for every row of a book: one for all of them, or one each.

    Kept as its distinct amounts and each row's index among them, so that a book of a
    million rows at one market price checks and converts that price once.
    """

    __slots__ = ("codes", "distinct")

    def __init__(self, distinct: list[Decimal], codes: np.ndarray) -> None:
        """``distinct`` amounts; row ``i`` has ``distinct[codes[i]]``."""
        self.distinct = distinct
        self.codes = codes

    @classmethod
    def each(cls, given: np.ndarray, read: Callable[[object], Decimal]) -> PerRow:
        """A value for each row, in ``given``: each distinct one ``read``."""
        codes, values = distinct(given)
        return cls([read(value) for value in values], codes)

    @classmethod
    def one(cls, given: object, rows: int, read: Callable[[object], Decimal]) -> PerRow:
        """``given``, ``read``, for each of ``rows`` rows."""
        return cls([read(given)], np.zeros(rows, dtype=np.intp))

    def at(self, row: int) -> Decimal:
        """The amount of ``row``."""
        return self.distinct[int(self.codes[row])]

    def fits(self, scale: int) -> bool:
        """Whether a column of ``scale`` places holds every amount exactly."""
        return all(fits(amount, scale) for amount in self.distinct)

    def column(self, rows: np.ndarray | None = None) -> Amounts:
        """Every row's amount (or those of ``rows``), as one exact column."""
        scale = max(places(amount) for amount in self.distinct)
        codes = self.codes if rows is None else self.codes[rows]
        return decimal_column(self.distinct, scale).take(codes)

    def floats(self) -> np.ndarray:
        """Every row's amount, as the nearest double."""
        doubles = np.array([float(amount) for amount in self.distinct])
        each: np.ndarray = doubles[self.codes]
        return each


def exact_column(amounts: list[Decimal]) -> Any:
    """``amounts`` as one exact ``decimal128`` column, or as Decimals when one has more digits."""
    scale = max((places(amount) for amount in amounts), default=0)
    digits = max((amount.adjusted() + 1 + scale for amount in amounts), default=1)
    if digits <= DECIMAL128_DIGITS:
        return pd.arrays.ArrowExtensionArray(pa.array(amounts, pa.decimal128(38, scale)))
    return pd.array(amounts, dtype=object)
