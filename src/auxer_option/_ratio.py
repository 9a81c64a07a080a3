"""Split ratios: new shares for old, read from text, pairs and exact numbers."""

from __future__ import annotations

import numbers
import re
from decimal import Decimal
from fractions import Fraction
from typing import Final, SupportsIndex, cast

from auxer_option._money import FLOAT_REFUSED, MAX_SHARES, whole_number
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

_SUGGESTION = 'pass text such as "2:1" (new for old), a pair (3, 2), a Fraction or an int'

# The rules split ratios are refused by, each written once here.
#: A ratio with more new or old shares than a share count holds.
OUT_OF_RANGE: Final = (
    f"must have at most {MAX_SHARES} (2**63 - 1) new and old shares, in lowest terms"
)
#: A float given as a ratio.
FLOAT_RATIO: Final = FLOAT_REFUSED.format(what="a ratio", suggestion=_SUGGESTION)
#: Any other type given as a ratio (bool, None, ...).
NOT_A_RATIO: Final = f"must be an exact ratio; {_SUGGESTION}"
#: A ratio of zero or less.
NOT_POSITIVE: Final = "must be positive: new shares for old"
#: NaN or an infinity given as a Decimal ratio.
NOT_FINITE: Final = "must be a finite number"
#: Text that does not read as a ratio.
NOT_RATIO_TEXT: Final = 'must read as new shares for old, such as "2:1", "1:10" or "3-for-2"'
#: Text of a ratio with no old shares, such as "1:0".
NO_OLD_SHARES: Final = "must not have zero old shares"
#: A tuple that is not two whole numbers.
NOT_A_PAIR: Final = "a pair must be two whole numbers: (new, old)"
#: A pair whose old shares are zero or fewer.
OLD_SHARES_NOT_POSITIVE: Final = "must have a positive number of old shares"


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
        raise RatioTypeError(field, value, FLOAT_RATIO)
    elif isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise RatioTypeError(field, value, NOT_A_RATIO)
    else:
        ratio = Fraction(int(value))
    if ratio <= 0:
        raise InvalidRatioError(field, value, NOT_POSITIVE)
    if ratio.numerator > MAX_SHARES or ratio.denominator > MAX_SHARES:
        raise InvalidRatioError(field, value, OUT_OF_RANGE)
    return ratio


def _decimal(value: Decimal, field: str) -> Fraction:
    if not value.is_finite():
        raise InvalidRatioError(field, value, NOT_FINITE)
    exponent = cast("int", value.as_tuple().exponent)  # finite, so an int
    if abs(value.adjusted()) > _MAX_PLACES or -exponent > _MAX_PLACES:
        raise InvalidRatioError(field, value, OUT_OF_RANGE)
    return Fraction(value)


def _parse(text: str, field: str) -> Fraction:
    match = _TEXT().fullmatch(" ".join(text.split()))
    if match is None:
        raise InvalidRatioError(field, text, NOT_RATIO_TEXT)
    new, old = (whole_number(part, _MAX_PLACES) for part in match.groups())
    if new is None or old is None:
        raise InvalidRatioError(field, text, OUT_OF_RANGE)
    if old == 0:
        raise InvalidRatioError(field, text, NO_OLD_SHARES)
    return Fraction(new, old)


def _pair(pair: tuple[object, ...], field: str) -> Fraction:
    parts = [
        int(part)
        for part in pair
        if not isinstance(part, bool) and isinstance(part, numbers.Integral)
    ]
    if len(parts) != len(pair) or len(parts) != 2:  # noqa: PLR2004  (new and old)
        raise RatioTypeError(field, pair, NOT_A_PAIR)
    new, old = parts
    if old <= 0:
        raise InvalidRatioError(field, pair, OLD_SHARES_NOT_POSITIVE)
    return Fraction(new, old)
