"""The worked grants (``_examples``), checked against the agreement they come from."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest

from auxer_option import AUXER_1999, Term, exercise_cost, is_exercisable

from .data import AGREEMENT


class TestAuxer1999:
    def test_terms(self) -> None:
        """1,000,000 shares at $0.13, granted 1 July 1999 for three months, in USD."""
        assert AUXER_1999.grant_date == dt.date(1999, 7, 1)
        assert AUXER_1999.shares == 1_000_000
        assert AUXER_1999.exercise_price == Decimal("0.13")
        assert AUXER_1999.term == Term(months=3)
        assert AUXER_1999.currency == "USD"
        assert AUXER_1999.grantor == "The Auxer Group, Inc."
        assert AUXER_1999.grantee == "PMR and Associates, LLC"
        assert AUXER_1999.exercises == ()

    def test_worked_figures(self) -> None:
        """$130,000.00 in all; exercisable through 1 October 1999 and not the day after."""
        assert exercise_cost(AUXER_1999) == Decimal("130000.00")
        assert is_exercisable(AUXER_1999, dt.date(1999, 10, 1))
        assert not is_exercisable(AUXER_1999, dt.date(1999, 10, 2))

    def test_documented_as_the_floor(self) -> None:
        """The docs say that 1,000,000 is the agreement's minimum."""
        import auxer_option._examples as examples

        source = Path(examples.__file__).read_text(encoding="utf-8")
        assert "a minimum of" in source
        assert "floor" in source


@pytest.fixture(scope="module")
def text() -> str:
    """The agreement, as filed, with its line breaks folded into spaces."""
    return " ".join(AGREEMENT.read_text(encoding="utf-8").split())


class TestAgainstTheAgreement:
    def test_date(self, text: str) -> None:
        """'dated this 1st day of July, 1999'."""
        assert "dated this 1st day of July, 1999" in text

    def test_parties(self, text: str) -> None:
        """The Company grants; the Consultant holds."""
        assert f'{AUXER_1999.grantor} (the "Company")' in text
        assert f'{AUXER_1999.grantee} (the "Consultant")' in text

    def test_option_clause(self, text: str) -> None:
        """Shares, price and term, as the clause states them."""
        clause = re.search(
            r"option to purchase a minimum of ([\d,]+) \(One Million Shares\).*?"
            r"purchase price of \$([\d.]+) \(Thirteen Cents\)\. "
            r"This option to purchase stock will expire (.+?) from the date of this agreement",
            text,
        )
        assert clause is not None
        shares, price, term = clause.groups()
        assert int(shares.replace(",", "")) == AUXER_1999.shares
        assert Decimal(price) == AUXER_1999.exercise_price
        assert Term.parse(term) == AUXER_1999.term
