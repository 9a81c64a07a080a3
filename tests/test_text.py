"""Numbers as text (``_text``): plain digits and reprs, the same in every decimal context."""

from __future__ import annotations

from decimal import Decimal

from auxer_option._money import EXACT
from auxer_option._text import _PLAIN_EXPONENTS, plain


def test_plain_exponents_are_the_librarys_context() -> None:
    """Written out in full: exactly the exponents the library's own context can hold."""
    assert range(EXACT.Etiny(), EXACT.Emax + 1) == _PLAIN_EXPONENTS


def test_beyond_them_an_exponent_is_kept() -> None:
    """A number no computation of the library yields is not written as a gigabyte of zeros."""
    assert plain(Decimal("1E-1000049")) == "1E-1000049"
    assert plain(Decimal("1E-1000048")).endswith("01")
