"""Grants read from contract English: the Auxer agreement, and clauses written for the tests."""

from __future__ import annotations

import datetime as dt
import decimal
import pickle
from collections.abc import Callable
from decimal import Decimal

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option import (
    AUXER_1999,
    ExpiryReading,
    OptionGrant,
    Term,
    grant_from_text,
    parse_date,
    parse_price,
    parse_shares,
)
from auxer_option._choices import one_of
from auxer_option._contract import (
    NO_DATE,
    NO_EXPIRY,
    NO_GRANT,
    NO_GRANT_MADE,
    NO_PRICE,
    NO_SHARES,
    NOT_TEXT,
    STATED_TWICE,
    UNREADABLE,
)
from auxer_option._grant import DISAGREES_WITH_TERM
from auxer_option._parse import DATE_ORDERS
from auxer_option._terms import TOO_MANY_FIGURES
from auxer_option.exceptions import ContractTextError, InconsistentGrantError, InvalidChoiceError
from tests.data import AGREEMENT
from tests.english import MONTH_NAMES, figures, in_words, ordinal
from tests.messages import message, refused, rule_of


def listed(*problems: str) -> tuple[str, ...]:
    """``problems`` as the refusal lists them (each one's "; " written ", ")."""
    return ContractTextError.listing("text", None, problems).problems


def unreadable(what: str, phrase: str, read: Callable[[str], object]) -> str:
    """The problem of ``phrase``, stating ``what``, refused by the parser ``read``."""
    rule = rule_of(lambda: read(phrase))
    return UNREADABLE.format(what=what, phrase=phrase, rule=rule)


# Test-side decimal arithmetic runs here, never in the (hostile) thread context.
LOCAL = decimal.Context(prec=28)


def agreement() -> str:
    return AGREEMENT.read_text(encoding="utf-8")


def clause(
    *,
    dated: str = "dated this 15th day of March, 2001",
    parties: str = 'between Acme Robotics, Inc., a Delaware corporation (the "Company"), '
    'and Jane Q. Doe, an individual (the "Optionee")',
    grant: str = "The Company hereby grants to the Optionee an option to purchase",
    shares: str = "one hundred thousand (100,000) shares of Common Stock",
    price: str = "at an exercise price of $0.25 (Twenty-Five Cents) per share",
    expiry: str = "This option shall expire six (6) months from the date hereof",
) -> str:
    """A stock option agreement of the tests' own, one phrase at a time."""
    return (
        f"STOCK OPTION AGREEMENT\n\nThis Agreement is {dated}, {parties}.\n\n"
        f"1. Grant. {grant} {shares} {price}.\n\n2. Term. {expiry}.\n"
    )


class TestAuxer:
    def test_equals_the_embedded_grant(self) -> None:
        grant = grant_from_text(agreement())
        assert grant == AUXER_1999
        for field in attrs.fields(OptionGrant):
            if field.name.startswith("_"):
                continue  # derived state, worked out again from the terms
            assert getattr(grant, field.name) == getattr(AUXER_1999, field.name), field.name

    def test_each_term(self) -> None:
        grant = grant_from_text(agreement())
        assert grant.grantor == "The Auxer Group, Inc."
        assert grant.grantee == "PMR and Associates, LLC"
        assert grant.grant_date == dt.date(1999, 7, 1)
        assert grant.shares == 1_000_000
        assert grant.exercise_price == Decimal("0.13")
        assert grant.term == Term(months=3)
        assert grant.last_exercise_date == dt.date(1999, 10, 1)

    def test_every_problem_listed(self) -> None:
        text = (
            agreement()
            .replace("1,000,000 (One Million Shares)", "1,000 (One Hundred Shares)")
            .replace("$0.13 (Thirteen Cents)", "$0.13 (Fourteen Cents)")
            .replace("three (3) months", "three (4) months")
        )
        with pytest.raises(ContractTextError) as caught:
            grant_from_text(text)
        assert caught.value.problems == listed(
            unreadable("number of shares", "1,000 (One Hundred Shares)", parse_shares),
            unreadable("price", "$0.13 (Fourteen Cents)", parse_price),
            unreadable("term", "three (4) months", Term.parse),
        )
        assert caught.value.rule == "; ".join(caught.value.problems)


class TestVariations:
    def test_own_clause(self) -> None:
        grant = grant_from_text(clause())
        assert grant == OptionGrant(
            "2001-03-15",
            100_000,
            "0.25",
            term="6 months",
            grantor="Acme Robotics, Inc.",
            grantee="Jane Q. Doe",
        )
        assert grant.last_exercise_date == dt.date(2001, 9, 15)

    @pytest.mark.parametrize(
        ("text", "grantor", "grantee"),
        [
            (  # the text opens with a defined party
                (
                    'Xenon Labs, Inc. (the "Company") and Jane Q. Doe (the "Optionee"), dated '
                    "this 15th day of March, 2001. 1. Grant. The Company hereby grants to the "
                    "Optionee an option to purchase one hundred thousand (100,000) shares of "
                    "Common Stock at an exercise price of $0.25 (Twenty-Five Cents) per share. 2. "
                    "Term. This option shall expire six (6) months from the date hereof."
                ),
                "Xenon Labs, Inc.",
                "Jane Q. Doe",
            ),
            (  # the text opens with the grantor, undefined
                (
                    "Acme Corp. hereby grants Jane Doe an option to purchase one hundred thousand "
                    "(100,000) shares of Common Stock at an exercise price of $0.25 (Twenty-Five "
                    "Cents) per share, dated this 15th day of March, 2001. This option shall "
                    "expire six (6) months from the date hereof."
                ),
                "Acme Corp.",
                "Jane Doe",
            ),
            (  # a second party after a comma alone, its name starting with the X of "XX"
                clause(
                    parties='between Acme Robotics, Inc. (the "Company"), '
                    'Xenon Partners, LLC (the "Optionee")'
                ),
                "Acme Robotics, Inc.",
                "Xenon Partners, LLC",
            ),
            (  # a label of two words
                clause(
                    parties='between Acme Robotics, Inc., a Delaware corporation (the "Company"), '
                    'and Jane Q. Doe, an individual (the "Option Holder")',
                    grant="The Company hereby grants to the Option Holder an option to purchase",
                ),
                "Acme Robotics, Inc.",
                "Jane Q. Doe",
            ),
            (  # a stray closing bracket, and stray punctuation before a description
                clause(
                    parties='between Acme Robotics, Inc.;, a Delaware corporation ("Company")) '
                    'Jane Q. Doe (the "Optionee")'
                ),
                "Acme Robotics, Inc.",
                "Jane Q. Doe",
            ),
            (  # stray punctuation around the definitions
                clause(
                    parties='between Acme Robotics, Inc.; (the "Company"), '
                    'and Jane Q. Doe, an individual, (the "Optionee")'
                ),
                "Acme Robotics, Inc.",
                "Jane Q. Doe",
            ),
        ],
    )
    def test_parties_wherever_they_stand(self, text: str, grantor: str, grantee: str) -> None:
        grant = grant_from_text(text)
        assert (grant.grantor, grant.grantee) == (grantor, grantee)

    @pytest.mark.parametrize(
        ("changes", "check"),
        [
            ({"dated": "dated as of July 31, 2003"}, ("grant_date", dt.date(2003, 7, 31))),
            (
                {"dated": "made and entered into on 2004-02-29"},
                ("grant_date", dt.date(2004, 2, 29)),
            ),
            (
                {"dated": "effective the first day of June, 2010"},
                ("grant_date", dt.date(2010, 6, 1)),
            ),
            (
                {"expiry": "The option shall expire two years from the date of this agreement"},
                ("term", Term(years=2)),
            ),
            (
                {"expiry": "The option expires ten (10) years after the date of grant"},
                ("term", Term(years=10)),
            ),
            (
                {"expiry": "The option shall expire ninety (90) days from the grant date"},
                ("term", Term(days=90)),
            ),
            (
                {"expiry": "The option shall expire on December 31, 2001"},
                ("expiration_date", dt.date(2001, 12, 31)),
            ),
            ({"price": "at $1.50 per share"}, ("exercise_price", Decimal("1.50"))),
            (
                {"price": "at a purchase price of One Dollar and Fifty Cents ($1.50) per share"},
                ("exercise_price", Decimal("1.50")),
            ),
            ({"shares": "up to 25,000 shares"}, ("shares", 25_000)),
            ({"shares": "an aggregate of Five Thousand (5,000) shares"}, ("shares", 5_000)),
            (
                {"grant": "The Company shall grant the Optionee an option to buy"},
                ("grantee", "Jane Q. Doe"),
            ),
        ],
    )
    def test_phrasings(self, changes: dict[str, str], check: tuple[str, object]) -> None:
        field, expected = check
        assert getattr(grant_from_text(clause(**changes)), field) == expected

    @pytest.mark.parametrize(
        "changes",
        [
            # A name joined by "and", not defined as a party (found writing the README).
            {"grant": "The Company shall grant PMR and Associates, LLC an option to purchase"},
            # A bracketed number followed by "at", not "shares" (found writing the README).
            {"shares": "100,000 (One Hundred Thousand Shares)"},
            # A later "option to purchase stock will expire three (3) months" is no count.
            {"expiry": "This option to purchase stock will expire 6 months from the grant date"},
        ],
        ids=["joined-name", "bracket-then-at", "second-option-phrase"],
    )
    def test_regressions(self, changes: dict[str, str]) -> None:
        grant = grant_from_text(clause(**changes))
        assert (grant.shares, grant.term) == (100_000, Term(months=6))
        if "grant" in changes:
            assert grant.grantee == "PMR and Associates, LLC"

    def test_undefined_parties_are_named_as_written(self) -> None:
        text = clause(
            parties="between the parties below",
            grant="Acme Corp. hereby grants Jane Doe an option to purchase",
        )
        grant = grant_from_text(text)
        assert (grant.grantor, grant.grantee) == ("Acme Corp.", "Jane Doe")

    def test_definition_without_a_name(self) -> None:
        """A label defined with no name before it is not a party: the words stand."""
        text = clause(parties='between (the "Company") and Jane Doe (the "Optionee")')
        grant = grant_from_text(text)
        assert (grant.grantor, grant.grantee) == ("The Company", "Jane Doe")

    def test_definitions_separated_otherwise(self) -> None:
        text = clause(parties='between Acme Corp. (the "Company"); Jane Doe (the "Optionee")')
        grant = grant_from_text(text)
        assert (grant.grantor, grant.grantee) == ("Acme Corp.", "Jane Doe")

    def test_definition_after_and(self) -> None:
        text = clause(
            parties='by Acme Corp. (the "Company") having offices at 1 Main St, Springfield '
            'and Jane Doe (hereinafter referred to as the "Optionee")'
        )
        grant = grant_from_text(text)
        assert (grant.grantor, grant.grantee) == ("Acme Corp.", "Jane Doe")

    def test_ambiguous_date_needs_an_order(self) -> None:
        text = clause(dated="dated 01/07/1999")
        with pytest.raises(ContractTextError) as caught:
            grant_from_text(text)
        assert caught.value.problems == listed(unreadable("date", "01/07/1999", parse_date))
        assert grant_from_text(text, order="DMY").grant_date == dt.date(1999, 7, 1)
        assert grant_from_text(text, order="MDY").grant_date == dt.date(1999, 1, 7)


class TestAnyClause:
    @given(
        st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9000, 12, 31)),
        st.integers(1, 10**12),
        st.integers(0, 10**8),
        st.sampled_from(["days", "months", "years"]),
        st.integers(1, 99),
        st.booleans(),
    )
    def test_reads_back(  # noqa: PLR0917
        self,
        day: dt.date,
        shares: int,
        cents: int,
        unit: str,
        count: int,
        us_date: bool,  # noqa: FBT001
    ) -> None:
        """A clause written from any terms, in words and figures, reads back to those terms."""
        month = MONTH_NAMES[day.month - 1]
        dated = (
            f"dated as of {month} {day.day}, {day.year}"
            if us_date
            else f"dated this {ordinal(day.day)} day of {month}, {day.year}"
        )
        dollars, rest = divmod(cents, 100)
        text = clause(
            dated=dated,
            shares=f"{figures(shares)} ({in_words(shares).title()}) shares",
            price=f"at a purchase price of ${dollars:,}.{rest:02} "
            f"({in_words(dollars)} dollars and {in_words(rest)} cents) per share",
            expiry=f"The option shall expire {in_words(count)} ({count}) {unit} "
            "from the date of this agreement",
        )
        grant = grant_from_text(text)
        assert (grant.grant_date, grant.shares) == (day, shares)
        assert grant.exercise_price == Decimal(cents).scaleb(-2, LOCAL)
        assert grant.term == Term(**{unit: count})


class TestProblems:
    @pytest.mark.parametrize("whole", [True, False], ids=["agreement", "blank"])
    @pytest.mark.parametrize("order", [{}, [], "YMD"])
    def test_order_checked_first(self, whole: bool, order: object) -> None:  # noqa: FBT001
        """A bad order is refused as a choice, before the text is read, whatever the text."""
        text = agreement() if whole else "This page intentionally left blank."
        with pytest.raises(InvalidChoiceError) as caught:
            grant_from_text(text, order=order)  # type: ignore[arg-type]
        refused(caught, field="order", value=order, rule=one_of(DATE_ORDERS))

    def test_missing_everything(self) -> None:
        with pytest.raises(ContractTextError) as caught:
            grant_from_text("This page intentionally left blank.")
        assert caught.value.problems == (NO_GRANT, NO_DATE, NO_SHARES, NO_PRICE, NO_EXPIRY)
        assert caught.value.value == "This page intentionally left blank."

    def test_missing_everything_word_for_word(self) -> None:
        """Each problem of this module, word for word, once: other tests check which it is."""
        assert (NO_GRANT, NO_DATE, NO_SHARES, NO_PRICE, NO_EXPIRY) == (
            (
                'no grant found: expected "<party> shall grant <party> an option to purchase '
                '...", "<party> is hereby granted an option to purchase ..." or a grant '
                'notice\'s lines such as "Optionee: <name>"'
            ),
            (
                'no date found: expected "dated <date>", such as "dated this 1st day of July, '
                '1999", "the Grant Date is <date>" or a "Grant Date: <date>" line'
            ),
            (
                'no number of shares found: expected "an option to purchase <number> shares", '
                'such as 1,000,000 (One Million), or a "Number of Option Shares: <number>" line'
            ),
            (
                'no price found: expected "at a purchase price of <price>", "at <price> per '
                'share" or an "Exercise Price per Share: <price>" line, the price with its '
                'currency ("$0.13", "USD 0.13", "\u20ac2.00", "GBP 0.50")'
            ),
            (
                'no expiry found: expected "expire <term> from the date of this agreement", '
                '"expire on <date>", "expire on the <ordinal> anniversary of the date of '
                'grant", "may be exercised until <date>" or an "Expiration Date: <date>" line'
            ),
        )
        assert STATED_TWICE.format(what="term", stated="'a', 'b'") == (
            "the term is stated more than once, differently: 'a', 'b'"
        )
        assert NO_GRANT_MADE.format(error="x=1: y") == "the terms read do not make a grant: x=1: y"
        assert UNREADABLE.format(what="term", phrase="soon", rule="why") == (
            "the term 'soon' cannot be read: why"
        )

    def test_grant_without_a_grantor(self) -> None:
        text = clause(grant="and so it shall grant the Optionee an option to purchase")
        with pytest.raises(ContractTextError) as caught:
            grant_from_text(text)
        assert caught.value.problems == (NO_GRANT,)

    def test_stated_twice_differently(self) -> None:
        text = clause() + "The Optionee may also buy at a purchase price of $0.30 per share.\n"
        with pytest.raises(ContractTextError) as caught:
            grant_from_text(text)
        stated = "'$0.25 (Twenty-Five Cents)', '$0.30'"
        assert caught.value.problems == listed(STATED_TWICE.format(what="price", stated=stated))

    def test_stated_twice_alike(self) -> None:
        text = clause() + "For clarity, the purchase price is $0.250 per share.\n"
        assert grant_from_text(text).exercise_price == Decimal("0.25")

    def test_term_and_date_disagree(self) -> None:
        text = (
            clause()
            + "2.1 Notwithstanding the above, the option shall expire on December 31, 2001.\n"
        )
        with pytest.raises(ContractTextError) as caught:
            grant_from_text(text)
        rule = DISAGREES_WITH_TERM.format(
            term=Term(months=6),
            grant_date=dt.date(2001, 3, 15),
            expiration=dt.date(2001, 9, 15),
            reading=ExpiryReading.CORRESPONDING_DATE,
        )
        error = InconsistentGrantError("expiration_date", dt.date(2001, 12, 31), rule)
        assert caught.value.problems == listed(NO_GRANT_MADE.format(error=error))

    def test_two_terms(self) -> None:
        text = clause() + "Or it shall expire one (1) year from the date hereof.\n"
        with pytest.raises(ContractTextError) as caught:
            grant_from_text(text)
        stated = "'six (6) months', 'one (1) year'"
        assert caught.value.problems == listed(STATED_TWICE.format(what="term", stated=stated))

    def test_unreadable_expiry_date(self) -> None:
        text = clause(expiry="The option shall expire on 02/03/2002")
        with pytest.raises(ContractTextError) as caught:
            grant_from_text(text)
        assert caught.value.problems == listed(
            unreadable("expiration date", "02/03/2002", parse_date)
        )

    @pytest.mark.parametrize(("order", "expiry"), [("DMY", "2002-03-02"), ("MDY", "2002-02-03")])
    def test_expiry_date_in_the_order_given(self, order: str, expiry: str) -> None:
        text = clause(expiry="The option shall expire on 02/03/2002")
        grant = grant_from_text(text, order=order)  # type: ignore[arg-type]
        assert grant.expiration_date.isoformat() == expiry

    def test_not_text(self) -> None:
        expected = "text=b'AGREEMENT': must be the contract's text (a str)"
        assert message(lambda: grant_from_text(b"AGREEMENT"), NOT_TEXT) == expected  # type: ignore[arg-type]

    def test_error_pickles_with_its_problems(self) -> None:
        with pytest.raises(ContractTextError) as caught:
            grant_from_text("nothing")
        again = pickle.loads(pickle.dumps(caught.value))  # noqa: S301  (our own bytes)
        assert again.problems == caught.value.problems
        assert len(again.problems) == 5


class TestLongInput:
    def test_auxiliaries_and_padding(self) -> None:
        """Any run of auxiliaries before the verb, any spaces, and zeros before a number."""
        grant = grant_from_text(
            clause(
                grant="The Company shall  will hereby\n does agrees  to grant to the Optionee "
                "an option to purchase",
                expiry="This option shall expire " + "0" * 5000 + "6 months from the date hereof",
            )
        )
        assert (grant.grantor, grant.grantee) == ("Acme Robotics, Inc.", "Jane Q. Doe")
        assert grant.expiration_date == dt.date(2001, 9, 15)

    def test_too_large_term_is_a_listed_problem(self) -> None:
        """A term of seven figures (Python's int() limit was met at 4,300) is one problem."""
        expiry = "This option shall expire " + "0" * 5000 + "1000000 months from the date hereof"
        with pytest.raises(ContractTextError) as caught:
            grant_from_text(clause(expiry=expiry))
        assert len(caught.value.problems) == 1
        assert caught.value.problems[0].endswith(TOO_MANY_FIGURES)


class TestFuzz:
    @given(st.text(max_size=200))
    @example(clause())
    @example("hereby " * 14_000 + "grants")  # took 8 s: matched from each "hereby"
    def test_any_text(self, text: str) -> None:
        try:
            grant_from_text(text)
        except ContractTextError as error:
            assert error.problems

    @given(st.data())
    def test_any_cut(self, data: st.DataObject) -> None:
        """Whatever span is cut from (or pasted into) a good clause, a grant or the error."""
        text = clause()
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
        pasted = data.draw(st.text(max_size=20))
        try:
            grant_from_text(text[:start] + pasted + text[end:])
        except ContractTextError as error:
            assert error.problems


def test_long_capitalized_runs() -> None:
    """A heading of 50,000 capitalized words is read in one pass, not one per word.

    Found while writing the reader: a search for the grantor from every capitalized word
    took minutes on this text. It stays here as a regression test; it does not time itself.
    """
    heading = " ".join(["Alpha"] * 50_000)
    with pytest.raises(ContractTextError) as caught:
        grant_from_text(heading + " shall grant " + heading)
    assert NO_GRANT in caught.value.problems
    assert grant_from_text(heading + "\n" + clause()).shares == 100_000
