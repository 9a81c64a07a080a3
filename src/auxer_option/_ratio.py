"""Split ratios: new shares for old, read from text, pairs and exact numbers."""

from __future__ import annotations

import numbers
import re
from decimal import Decimal
from fractions import Fraction
from typing import SupportsIndex, cast

from auxer_option._money import MAX_SHARES, whole_number
from auxer_option._text import pattern
from auxer_option.exceptions import InvalidRatioError, RatioTypeError

__all__ = ["Ratio", "coerce_ratio"]

#: What a split ratio may be given as: ``"2:1"``, ``"3-for-2"``, ``(3, 2)``, a ``Fraction``,
#: a ``Decimal`` or an int; never a ``float`` or ``bool``.
Ratio = str | tuple[SupportsIndex, SupportsIndex] | Fraction | Decimal | SupportsIndex

# "2:1", "1 : 10", "3-for-2", "3 for 2": new shares first, then old. Matched against
# text with its spaces normalised, so that no two space quantifiers overlap: linear time.
_TEXT = pattern(r"([0-9]+)(?: ?(?::|-for-) ?| for )([0-9]+)", re.IGNORECASE)

# New and old shares are share counts, so neither may exceed the largest one; a Decimal
# with an exponent beyond this many places is out of range before it is converted.
_MAX_PLACES = len(str(MAX_SHARES))
_OUT_OF_RANGE = f"must have at most {MAX_SHARES} (2**63 - 1) new and old shares, in lowest terms"

_SUGGESTION = 'pass text such as "2:1" (new for old), a pair (3, 2), a Fraction or an int'


def coerce_ratio(value: object, field: str) -> Fraction:
    """``value`` as a positive ``Fraction``: new shares per old share.

    ``"2:1"`` and ``(2, 1)`` are a 2-for-1 forward split, ``"1:10"`` a 1-for-10 reverse
    split, ``Fraction(11, 10)`` a 10% stock dividend.

    Raises:
        RatioTypeError: for a ``float``, ``bool`` or any other type.
        InvalidRatioError: for zero, negative, non-finite or malformed ratios.
    """
    if isinstance(value, Fraction):
        ratio = value
    elif isinstance(value, str):
        ratio = _parse(value, field)
    elif isinstance(value, tuple):
        ratio = _pair(value, field)
    elif isinstance(value, Decimal):
        ratio = _decimal(value, field)
    elif isinstance(value, float):
        raise RatioTypeError(field, value, f"a float cannot hold a ratio exactly; {_SUGGESTION}")
    elif isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise RatioTypeError(field, value, f"must be an exact ratio; {_SUGGESTION}")
    else:
        ratio = Fraction(int(value))
    if ratio <= 0:
        raise InvalidRatioError(field, value, "must be positive: new shares for old")
    if ratio.numerator > MAX_SHARES or ratio.denominator > MAX_SHARES:
        raise InvalidRatioError(field, value, _OUT_OF_RANGE)
    return ratio


def _decimal(value: Decimal, field: str) -> Fraction:
    if not value.is_finite():
        raise InvalidRatioError(field, value, "must be a finite number")
    exponent = cast("int", value.as_tuple().exponent)  # finite, so an int
    if abs(value.adjusted()) > _MAX_PLACES or -exponent > _MAX_PLACES:
        raise InvalidRatioError(field, value, _OUT_OF_RANGE)
    return Fraction(value)


def _parse(text: str, field: str) -> Fraction:
    match = _TEXT().fullmatch(" ".join(text.split()))
    if match is None:
        raise InvalidRatioError(
            field, text, 'must read as new shares for old, such as "2:1", "1:10" or "3-for-2"'
        )
    new, old = (whole_number(part, _MAX_PLACES) for part in match.groups())
    if new is None or old is None:
        raise InvalidRatioError(field, text, _OUT_OF_RANGE)
    if old == 0:
        raise InvalidRatioError(field, text, "must not have zero old shares")
    return Fraction(new, old)


def _pair(pair: tuple[object, ...], field: str) -> Fraction:
    parts = [
        int(part)
        for part in pair
        if not isinstance(part, bool) and isinstance(part, numbers.Integral)
    ]
    if len(parts) != len(pair) or len(parts) != 2:  # noqa: PLR2004  (new and old)
        raise RatioTypeError(field, pair, "a pair must be two whole numbers: (new, old)")
    new, old = parts
    if old <= 0:
        raise InvalidRatioError(field, pair, "must have a positive number of old shares")
    return Fraction(new, old)
