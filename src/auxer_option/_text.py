"""Text: numbers written plainly, and the patterns that read text, compiled when first used.

Numbers come out in plain digits and reprs that no decimal context can change. This is the
bottom of the package beside ``exceptions``: it imports nothing of the library, so every
module, the errors included, writes numbers through it.
"""

from __future__ import annotations

import decimal
import functools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Final


def pattern(regex: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """``regex``, compiled when first asked for: importing the library compiles none.

    >>> digits = pattern(r"[0-9]+")
    >>> digits().fullmatch("1999") is not None
    True
    """
    return functools.cache(lambda: re.compile(regex, flags))


def unnamed(regex: str) -> str:
    """``regex`` with each named group a plain one, to use inside a larger pattern.

    A pattern's parts are written once, with names for the reader that takes them apart,
    and used again unnamed where a larger pattern only finds them. Plain text work, so
    that importing the library compiles no pattern.

    >>> unnamed(r"(?P<hour>[0-9]+):(?P<minute>[0-9]{2})")
    '(?:[0-9]+):(?:[0-9]{2})'
    """
    first, *named = regex.split("(?P<")
    return first + "".join("(?:" + group.partition(">")[2] for group in named)


# Python writes a Decimal through the current context: str() and repr() read its `capitals`
# ("1e-7"), and format() without a type does too (with a precision, it reads the rounding).
# So the library writes numbers only here: format() with a type and no precision reads
# nothing, and a repr is written in a context of the library's own.

# The exponents of the numbers the library computes with: amounts (at most MAX_PLACES after
# the point) and model values (from doubles, down to about 1E-337). Written out in full, a
# number beyond them could take gigabytes, so it keeps its exponent.
_PLAIN_EXPONENTS: Final = range(-1_000_048, 999_999 + 1)  # _money.EXACT's Etiny() to Emax

# Python's default writing: an upper-case exponent. Nothing is computed in it.
_WRITING: Final = decimal.Context(capitals=1, traps=[])


def plain(number: Decimal, *, grouped: bool = False) -> str:
    """``number`` in plain digits, never with an exponent, whatever the decimal context holds.

    ``grouped`` separates thousands with commas. Every number the library writes as text
    (``str()``, reports, JSON) is written here. A number beyond the library's own context
    (below ``1E-1000048``, which no computation of it yields) keeps its exponent,
    upper-case, rather than run to gigabytes of zeros.

    >>> plain(Decimal("1E-7")), plain(Decimal("1E+3"), grouped=True)
    ('0.0000001', '1,000')
    """
    if number.is_finite() and number.as_tuple().exponent not in _PLAIN_EXPONENTS:
        return format(number, "E")
    return format(number, ",f" if grouped else "f")


def written_repr(value: object) -> str:
    """``repr(value)`` as Python writes it in its default context, whatever context is current.

    Every ``Decimal`` in ``value``, at any depth, has an upper-case exponent where it has
    one (``Decimal('1E-7')``); a caller's ``Context(capitals=0)`` changes nothing. Every
    repr and error message of the library is written here.

    >>> with decimal.localcontext(decimal.Context(capitals=0)):
    ...     written_repr((Decimal("0.0000001"), 2))
    "(Decimal('1E-7'), 2)"
    """
    with decimal.localcontext(_WRITING):  # a copy of the library's own, for this repr only
        return repr(value)
