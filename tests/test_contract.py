"""Grants read from contract English: the Auxer agreement, and clauses written for the tests."""

from __future__ import annotations

import datetime as dt
import decimal
import pickle
import textwrap
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
    VestingSchedule,
    grant_from_text,
    parse_date,
    parse_price,
    parse_shares,
)
from auxer_option._choices import one_of
from auxer_option._contract import (
    AMBIGUOUS_SYMBOL,
    CUTOFF_WITHOUT_ZONE,
    EMPTY_LINE,
    NO_DATE,
    NO_EXPIRY,
    NO_GRANT,
    NO_GRANT_MADE,
    NO_PRICE,
    NO_SHARES,
    NOT_AN_ORDINAL,
    NOT_TEXT,
    STATED_TWICE,
    TIME_ZONE_NAMES,
    TWO_CURRENCIES,
    UNKNOWN_ZONE_NAME,
    UNREADABLE,
    VESTING_NOT_READ,
    VESTING_START_DIFFERS,
)
from auxer_option._grant import DISAGREES_WITH_TERM, NOT_A_SCHEDULE
from auxer_option._money import UNKNOWN_CURRENCY
from auxer_option._parse import DATE_ORDERS
from auxer_option._terms import TOO_MANY_FIGURES
from auxer_option._window import MIDNIGHT, OUT_OF_THE_CLOCK, coerce_time_zone
from auxer_option._words import ordinal_suffix, read_ordinal_number
from auxer_option.exceptions import (
    ContractTextError,
    InconsistentGrantError,
    InvalidChoiceError,
    OptionTypeError,
)
from auxer_option.testing.strategies import cash_amounts, share_counts
from tests.data import AGREEMENT
from tests.english import (
    MONTH_NAMES,
    QUOTES,
    SYMBOLS,
    ZONE_NAMES,
    date_text,
    figures,
    in_words,
    ordinal,
    ordinal_figures,
    ordinal_text,
    price_text,
    time_text,
)
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


class TestMessages:
    """Each rule of this module, word for word, once: other tests check which rule it is."""

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

    def test_whole_message(self) -> None:
        """A refusal: the text, then each problem found, in the order of the text."""
        problems = (EMPTY_LINE.format(label="Grant Date:"), NO_SHARES, NO_PRICE, NO_EXPIRY)
        expected = "text='Optionee: Jane Doe\\nGrant Date:': " + "; ".join(problems)
        call = lambda: grant_from_text("Optionee: Jane Doe\nGrant Date:")  # noqa: E731
        assert message(call, "; ".join(problems)) == expected

    @pytest.mark.parametrize(
        ("rule", "expected"),
        [
            pytest.param(
                EMPTY_LINE.format(label="Grant Date:"),
                "the line 'Grant Date:' states nothing after its colon",
                id="EMPTY_LINE",
            ),
            pytest.param(
                VESTING_NOT_READ,
                "the grant notice states vesting, which is not read from text: pass the "
                "schedule as vesting= (its start is checked against the notice's date)",
                id="VESTING_NOT_READ",
            ),
            pytest.param(
                VESTING_START_DIFFERS.format(start="2024-04-01"),
                "the schedule given as vesting= starts on 2024-04-01, not on this date",
                id="VESTING_START_DIFFERS",
            ),
            pytest.param(
                AMBIGUOUS_SYMBOL.format(symbol="\u00a5", codes="JPY or CNY"),
                "the symbol '\u00a5' stands for JPY or CNY: write the ISO 4217 code",
                id="AMBIGUOUS_SYMBOL",
            ),
            pytest.param(
                TWO_CURRENCIES.format(currencies="EUR and USD"),
                "states two currencies, EUR and USD: a price has one",
                id="TWO_CURRENCIES",
            ),
            pytest.param(
                CUTOFF_WITHOUT_ZONE,
                'names no time zone: write it as "5:00 p.m. Eastern Time"',
                id="CUTOFF_WITHOUT_ZONE",
            ),
            pytest.param(
                UNKNOWN_ZONE_NAME.format(zone="EST"),
                "the time zone 'EST' is not one this reader knows: write Eastern, Central, "
                "Mountain or Pacific Time, New York, Chicago, Denver, Los Angeles or London "
                "time, UTC or GMT",
                id="UNKNOWN_ZONE_NAME",
            ),
            pytest.param(
                NOT_AN_ORDINAL.format(ordinal="11st"),
                '\'11st\' is not an ordinal such as "tenth", "10th" or "tenth (10th)", its '
                "words and figures agreeing",
                id="NOT_AN_ORDINAL",
            ),
        ],
    )
    def test_rule(self, rule: str, expected: str) -> None:
        """The rule's words."""
        assert rule == expected


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


def grant_of(text: str, **options: object) -> OptionGrant:
    """The grant ``text`` states, read with ``options``."""
    return grant_from_text(text, **options)  # type: ignore[arg-type]


def problems_of(text: str, **options: object) -> tuple[str, ...]:
    """The problems ``text`` is refused for."""
    with pytest.raises(ContractTextError) as caught:
        grant_from_text(text, **options)  # type: ignore[arg-type]
    return caught.value.problems


class TestPartiesDefinedInTheGrant:
    @pytest.mark.parametrize(
        ("grant", "grantor", "grantee"),
        [
            (  # the issue's own
                (
                    'Acme Ltd (the "Company") shall grant Jane Doe (the "Optionee") an option to '
                    "purchase"
                ),
                "Acme Ltd",
                "Jane Doe",
            ),
            (  # curly quotes, "hereby grants to"
                (
                    "Xenon Labs, Inc. (the \u201cCompany\u201d) hereby grants to PMR and "
                    "Associates, LLC (the \u201cConsultant\u201d) an option to purchase"
                ),
                "Xenon Labs, Inc.",
                "PMR and Associates, LLC",
            ),
            (  # the grantor alone defined, "hereinafter", the grantee followed by a comma
                (
                    'Blue Harbor Holdings Corp. (hereinafter the "Corporation") grants Richard '
                    "Roe, an option to purchase"
                ),
                "Blue Harbor Holdings Corp.",
                "Richard Roe",
            ),
            (  # the grantee alone defined, single quotes, a line break inside the definition
                "Acme Ltd. hereby grants to Mary Major (the\n'Holder'), an option to purchase",
                "Acme Ltd.",
                "Mary Major",
            ),
            (  # both defined, a sentence and a heading before the grantor
                (
                    'Recitals. 2. Grant. Nova Bio Corp (the "Company") will grant Li Wei (the '
                    '"Participant") an option to purchase'
                ),
                "Nova Bio Corp",
                "Li Wei",
            ),
            (  # the kind of option named
                (
                    'Acme Ltd (the "Company") hereby grants to Jane Doe (the "Optionee") a '
                    "nonqualified stock option to purchase"
                ),
                "Acme Ltd",
                "Jane Doe",
            ),
        ],
    )
    def test_parties(self, grant: str, grantor: str, grantee: str) -> None:
        """Each party is the name before its definition; the header's parties are not needed."""
        read = grant_of(clause(parties="between the parties named below", grant=grant))
        assert (read.grantor, read.grantee) == (grantor, grantee)
        assert read.shares == 100_000

    def test_definitions_agree_with_the_header(self) -> None:
        """Defined in the header and again in the grant: the same parties."""
        grant = (
            'Acme Robotics, Inc. (the "Company") grants Jane Q. Doe (the "Optionee") an option to'
        )
        read = grant_of(clause(grant=grant + " purchase"))
        assert (read.grantor, read.grantee) == ("Acme Robotics, Inc.", "Jane Q. Doe")


class TestPassiveVoice:
    @pytest.mark.parametrize(
        ("grant", "grantor", "grantee"),
        [
            ("Jane Doe is hereby granted an option to purchase", None, "Jane Doe"),
            (  # a defined label as the subject
                "The Optionee is hereby granted an option to purchase",
                None,
                "Jane Q. Doe",
            ),
            (  # the grantor named after "by", defined
                (
                    'Richard Roe shall be granted by Acme Ltd (the "Grantor") a nonqualified stock '
                    "option to purchase"
                ),
                "Acme Ltd",
                "Richard Roe",
            ),
            (  # the grantee defined, the grantor between commas
                (
                    "PMR and Associates, LLC (the \u201cConsultant\u201d) is granted, by Xenon "
                    "Labs, Inc., an option to purchase"
                ),
                "Xenon Labs, Inc.",
                "PMR and Associates, LLC",
            ),
            (  # "has been", a capitalized Option, a line break
                "Mary Major has been\ngranted an Option to purchase",
                None,
                "Mary Major",
            ),
            (  # "will be"
                "The Optionee will be granted by the Company an option to purchase",
                "Acme Robotics, Inc.",
                "Jane Q. Doe",
            ),
        ],
    )
    def test_parties(self, grant: str, grantor: str | None, grantee: str) -> None:
        """The grantee is the subject; the grantor is named only by "by <party>"."""
        read = grant_of(clause(grant=grant))
        assert (read.grantor, read.grantee) == (grantor, grantee)
        assert (read.shares, read.exercise_price) == (100_000, Decimal("0.25"))


class TestCurrencies:
    @pytest.mark.parametrize(
        ("price", "currency", "amount"),
        [
            ("at USD 1.25 per share", "USD", "1.25"),
            ("at \u00a30.50 per share", "GBP", "0.50"),
            ("at \u20ac2.00 per share", "EUR", "2.00"),
            ("at EUR 2.00 per share", "EUR", "2.00"),
            ("at GBP 0.50 per share", "GBP", "0.50"),
            ("at an exercise price of \u20ac 1,250.75 per share", "EUR", "1250.75"),
            ("at a purchase price of GBP 0.05", "GBP", "0.05"),
            ("at an exercise price of 1,250 JPY per share", "JPY", "1250"),
            ("at C$3.10 per share", "CAD", "3.10"),
            ("at a purchase price of CHF 4.75 per share", "CHF", "4.75"),
            ("at 2.00 EUR per share", "EUR", "2.00"),
            ("at US$0.13 (Thirteen Cents) per share", "USD", "0.13"),
            ("at an exercise price of Twenty-Five Cents (USD 0.25)", "USD", "0.25"),
            ("at an exercise price of \u20b9150.00 per share", "INR", "150.00"),
            # "$" with a dollar's code after the figures is that dollar
            ("at $0.50 CAD per share", "CAD", "0.50"),
            ("at a purchase price of $1.10 AUD", "AUD", "1.10"),
            ("at an exercise price of $2 USD per share", "USD", "2"),
            ("at C$0.75 CAD per share", "CAD", "0.75"),
        ],
    )
    def test_price_and_currency(self, price: str, currency: str, amount: str) -> None:
        """The symbol or code sets the grant's currency; the figures are its price."""
        read = grant_of(clause(price=price))
        assert (read.currency, read.exercise_price) == (currency, Decimal(amount))
        assert read.exercise_price.as_tuple() == Decimal(amount).as_tuple()

    def test_same_price_twice(self) -> None:
        """A price written again with its code agrees with the symbol's."""
        text = clause(price="at \u20ac2.00 per share") + "The exercise price is EUR 2.000.\n"
        assert grant_of(text).currency == "EUR"

    def test_same_figures_other_currency(self) -> None:
        """The same figures in two currencies are two prices."""
        text = clause(price="at \u20ac2.00 per share") + "The exercise price is GBP 2.00.\n"
        stated = "'\u20ac2.00', 'GBP 2.00'"
        assert problems_of(text) == listed(STATED_TWICE.format(what="price", stated=stated))

    @pytest.mark.parametrize(
        ("price", "phrase", "rule"),
        [
            ("at XAU 1.00 per share", "XAU 1.00", UNKNOWN_CURRENCY),
            (
                "at an exercise price of ZZZ 2.00",
                "ZZZ 2.00",
                UNKNOWN_CURRENCY,
            ),
            (
                "at a purchase price of XX$2",
                "XX$2",
                UNKNOWN_CURRENCY,
            ),
            (
                "at \u00a5100 per share",
                "\u00a5100",
                AMBIGUOUS_SYMBOL.format(symbol="\u00a5", codes="JPY or CNY"),
            ),
            (
                "at $0.50 EUR per share",
                "$0.50 EUR",
                TWO_CURRENCIES.format(currencies="USD and EUR"),
            ),
            (
                "at \u00a32 EUR per share",
                "\u00a32 EUR",
                TWO_CURRENCIES.format(currencies="GBP and EUR"),
            ),
            (
                "at an exercise price of \u20ac2.00 ($2.16)",
                "\u20ac2.00 ($2.16)",
                TWO_CURRENCIES.format(currencies="EUR and USD"),
            ),
        ],
    )
    def test_refused(self, price: str, phrase: str, rule: str) -> None:
        """An unsupported, ambiguous or doubled currency is named in the price's problem."""
        expected = UNREADABLE.format(what="price", phrase=phrase, rule=rule)
        assert problems_of(clause(price=price)) == listed(expected)

    def test_words_in_another_currency(self) -> None:
        """Words are read in dollars and cents only: pounds in words are the price's problem."""
        price = "at \u00a32.00 (Two Pounds) per share"
        rule = rule_of(lambda: parse_price("2.00 (Two Pounds)"))
        phrase = "\u00a32.00 (Two Pounds)"
        assert problems_of(clause(price=price)) == listed(
            UNREADABLE.format(what="price", phrase=phrase, rule=rule)
        )

    def test_a_code_needs_per_share_after_at(self) -> None:
        """ "at SEC 10" is no price: after a bare "at", a code is read only before "per share"."""
        text = clause() + "Filed at SEC 10 in the usual form.\n"
        assert grant_of(text).exercise_price == Decimal("0.25")


class TestExerciseUntil:
    @pytest.mark.parametrize(
        ("expiry", "expiration", "last"),
        [
            ("The Option may be exercised until March 3, 2034", "2034-03-03", "2034-03-03"),
            (
                (
                    "The option may be exercised, in whole or in part, at any time through the "
                    "3rd day of March, 2034"
                ),
                "2034-03-03",
                "2034-03-03",
            ),
            ("It shall be exercisable on or before\n2031-12-31", "2031-12-31", "2031-12-31"),
            ("It may be exercised up to and including June 30, 2030", "2030-06-30", "2030-06-30"),
            ("It must be exercised no later than 1 July 2029", "2029-07-01", "2029-07-01"),
            ("It may be exercised only before March 3, 2034", "2034-03-03", "2034-03-02"),
            ("It must be exercised prior to January 1, 2030", "2030-01-01", "2029-12-31"),
            (
                "It may be exercised until the close of business on January 1, 2030",
                "2030-01-01",
                "2030-01-01",
            ),
            (
                "It must be exercised before close of business on January 1, 2030",
                "2030-01-01",
                "2030-01-01",
            ),
        ],
    )
    def test_until_a_date(self, expiry: str, expiration: str, last: str) -> None:
        """Until, through, on or before, no later than: the day included; before: not."""
        read = grant_of(clause(expiry=expiry))
        assert read.expiration_date.isoformat() == expiration
        assert read.last_exercise_date.isoformat() == last
        assert read.term is None

    def test_until_and_expire_agree(self) -> None:
        """The same date stated by "expire on" and by "exercised until" is one expiry."""
        text = clause(expiry="It may be exercised until March 31, 2002") + (
            "The option shall expire on March 31, 2002.\n"
        )
        assert grant_of(text).expiration_date == dt.date(2002, 3, 31)

    def test_until_and_before_disagree(self) -> None:
        """One sentence includes the day, another leaves it out: a problem, not a guess."""
        text = clause(expiry="It may be exercised until March 31, 2002") + (
            "It may be exercised only before March 31, 2002.\n"
        )
        stated = "'until', 'before'"
        assert problems_of(text) == listed(STATED_TWICE.format(what="last day", stated=stated))


class TestAnniversaries:
    @pytest.mark.parametrize(
        ("expiry", "years", "reading"),
        [
            ("The option expires on the tenth anniversary of the date of grant", 10, None),
            ("The option expires on the 10th anniversary of the Grant Date", 10, None),
            ("The option expires on the fifth (5th) anniversary of the date hereof", 5, None),
            ("The option expires on the seventh (7) anniversary of the Date of Grant", 7, None),
            ("The option expires on the twenty-first anniversary of the grant date", 21, None),
            (
                (
                    "The option shall terminate on the one hundredth anniversary of the date of "
                    "this agreement"
                ),
                100,
                None,
            ),
            ("The option may be exercised until the 3rd anniversary of the Grant Date", 3, None),
            ("An option expiring on the fourth anniversary of the Grant Date", 4, None),
            ("the option terminating on the 6th anniversary of the date of grant", 6, None),
            ("An option lapsing on the eighth (8th) anniversary of the date hereof", 8, None),
            (
                "The option expires on the day before the tenth anniversary of the Grant Date",
                10,
                ExpiryReading.LESS_ONE_DAY,
            ),
            (
                (
                    "The option may be exercised through the day preceding the second (2nd)\n"
                    "anniversary of the date of grant"
                ),
                2,
                ExpiryReading.LESS_ONE_DAY,
            ),
        ],
    )
    def test_anniversary(self, expiry: str, years: int, reading: ExpiryReading | None) -> None:
        """The Nth anniversary is a term of N years; "the day before" reads it less one day."""
        read = grant_of(clause(expiry=expiry))
        expected = OptionGrant(
            "2001-03-15",
            1,
            "1",
            term=Term(years=years),
            expiry_reading=reading or ExpiryReading.CORRESPONDING_DATE,
        )
        assert read.term == Term(years=years)
        assert read.expiration_date == expected.expiration_date

    def test_anniversary_and_term_agree(self) -> None:
        """ "The tenth anniversary" and "ten years from" the grant are one term."""
        text = clause(expiry="It expires ten (10) years from the date of grant") + (
            "It may be exercised until the tenth anniversary of the grant date.\n"
        )
        assert grant_of(text).term == Term(years=10)

    @pytest.mark.parametrize(
        "ordinal", ["tenth (11th)", "11st", "0th", "tenth (eleventh)", "tenthly", "hundred"]
    )
    def test_not_an_ordinal(self, ordinal: str) -> None:
        """Figures and words that disagree, a wrong suffix, or no ordinal: the term's problem."""
        expiry = f"The option expires on the {ordinal} anniversary of the date of grant"
        phrase = f"{ordinal} anniversary of the date of grant"  # "on the" stays outside
        rule = NOT_AN_ORDINAL.format(ordinal=ordinal)
        assert problems_of(clause(expiry=expiry)) == listed(
            UNREADABLE.format(what="term", phrase=phrase, rule=rule)
        )


class TestCutoffs:
    @pytest.mark.parametrize(
        ("expiry", "time", "zone"),
        [
            (
                (
                    "The option may be exercised no later than 5:00 p.m. Eastern Time on the tenth "
                    "anniversary of the Grant Date"
                ),
                dt.time(17),
                "America/New_York",
            ),
            (
                (
                    "It may be exercised until 11:59 p.m. Pacific Time on the tenth anniversary of "
                    "the date of grant"
                ),
                dt.time(23, 59),
                "America/Los_Angeles",
            ),
            (
                (
                    "It shall expire at 5 p.m. (New York time) on the tenth (10th) anniversary of "
                    "the date hereof"
                ),
                dt.time(17),
                "America/New_York",
            ),
            (
                (
                    "It may be exercised no later than 17:00 London time on the 10th anniversary "
                    "of the Date of Grant"
                ),
                dt.time(17),
                "Europe/London",
            ),
            (
                "It expires at 4:30 PM Central Time on the tenth anniversary of the grant date",
                dt.time(16, 30),
                "America/Chicago",
            ),
            (
                (
                    "It must be exercised no later than 9:00 a.m., prevailing Mountain time, on "
                    "the tenth anniversary of the grant date"
                ),
                dt.time(9),
                "America/Denver",
            ),
            (
                "It shall expire on the tenth anniversary of the date of grant at 12:00 p.m. UTC",
                dt.time(12),
                "UTC",
            ),
            (
                "It may be exercised until noon GMT on the tenth anniversary of the grant date",
                dt.time(12),
                "UTC",
            ),
            (
                "It expires at 12:30 a.m. Chicago time on the tenth anniversary of the grant date",
                dt.time(0, 30),
                "America/Chicago",
            ),
            (  # the forms a grant's cutoff_time reads: noon in words, "p.m" without its dot
                "It expires at 12 noon Eastern Time on the tenth anniversary of the grant date",
                dt.time(12),
                "America/New_York",
            ),
            (
                "It expires at 12:00 noon New York time on the tenth anniversary of the grant date",
                dt.time(12),
                "America/New_York",
            ),
            (
                "It expires at 5 p.m Pacific Time on the tenth anniversary of the grant date",
                dt.time(17),
                "America/Los_Angeles",
            ),
            (  # the start of the day: "12:00 a.m." is refused (which day?), "00:00" is not
                "It expires at 00:00 Central Time on the tenth anniversary of the grant date",
                dt.time(0),
                "America/Chicago",
            ),
        ],
    )
    def test_cutoff(self, expiry: str, time: dt.time, zone: str) -> None:
        """The time of day becomes the cutoff, the zone's name its IANA zone."""
        read = grant_of(clause(expiry=expiry))
        assert read.cutoff_time == time
        assert read.time_zone == coerce_time_zone(zone)
        assert read.term == Term(years=10)
        assert read.last_exercise_date == dt.date(2011, 3, 15)

    @pytest.mark.parametrize(
        "expiry",
        [
            "It may be exercised until 5:00 p.m. Eastern Time, March 3, 2034",
            "It may be exercised no later than 5:00 p.m. (New York time) March 3, 2034",
            "It may be exercised until March 3, 2034 at 5:00 p.m. Eastern Time",
        ],
    )
    def test_cutoff_without_on(self, expiry: str) -> None:
        """The cutoff before the date, with or without "on", or after it."""
        read = grant_of(clause(expiry=expiry))
        assert (read.expiration_date, read.cutoff_time) == (dt.date(2034, 3, 3), dt.time(17))
        assert str(read.time_zone) == "America/New_York"

    def test_cutoff_on_a_date(self) -> None:
        """A cutoff on a date: the date is the expiry, the day included up to the cutoff."""
        expiry = "It may be exercised only before 5:00 p.m. Eastern Time on March 3, 2034"
        read = grant_of(clause(expiry=expiry))
        assert (read.expiration_date, read.last_exercise_date) == (dt.date(2034, 3, 3),) * 2
        assert read.cutoff_time == dt.time(17)

    def test_zone_table(self) -> None:
        """Every name in the table is a zone the library keeps."""
        assert all(coerce_time_zone(key) for key in TIME_ZONE_NAMES.values())

    def test_utc_as_a_grant_keeps_it(self) -> None:
        """A cutoff in UTC reads as the grant built with time_zone="UTC": the two are equal."""
        expiry = "It shall expire on the tenth anniversary of the date of grant at 12:00 p.m. UTC"
        read = grant_of(clause(expiry=expiry))
        assert read == attrs.evolve(read, time_zone="UTC")

    @pytest.mark.parametrize(
        ("cutoff", "field_rule"),
        [
            ("5:00 p.m. EST", UNKNOWN_ZONE_NAME.format(zone="EST")),
            (
                "5:00 p.m. Eastern Standard Time",
                UNKNOWN_ZONE_NAME.format(zone="Eastern Standard Time"),
            ),
            ("5:00 p.m.", CUTOFF_WITHOUT_ZONE),
            (
                "13:75 London time",
                OUT_OF_THE_CLOCK.format(part="minute", first=0, last=59, number=75),
            ),
            (
                "13 p.m. London time",
                OUT_OF_THE_CLOCK.format(part="hour with a.m. or p.m.", first=1, last=12, number=13),
            ),
            ("24:00 London time", MIDNIGHT),
            ("12 a.m. London time", MIDNIGHT),
            ("midnight London time", MIDNIGHT),
        ],
    )
    def test_refused(self, cutoff: str, field_rule: str) -> None:
        """An unknown zone, no zone, a time off the clock or midnight: the cutoff's problem.

        A time is read by the grant's own rules for a cutoff written as text.
        """
        expiry = f"It may be exercised until {cutoff} on March 3, 2034"
        assert problems_of(clause(expiry=expiry)) == listed(
            UNREADABLE.format(what="cutoff", phrase=cutoff, rule=field_rule)
        )


NOTICE = """NOTICE OF STOCK OPTION GRANT

Optionee:                     Jane Doe
Grant Date:                   March 3, 2024
Number of Option Shares:      10,000
Exercise Price per Share:     $1.25
Expiration Date:              March 2, 2034
Type of Option:               Nonstatutory Stock Option
"""


class TestNotice:
    def test_notice(self) -> None:
        """Each label's value, one a line; labels the reader does not know are passed over."""
        assert grant_of(NOTICE) == OptionGrant(
            "2024-03-03", 10_000, "1.25", expiration_date="2034-03-02", grantee="Jane Doe"
        )

    def test_dollar_with_its_code(self) -> None:
        """A notice's "$1.25 CAD" is in Canadian dollars, as the same price in prose is."""
        notice = NOTICE.replace("$1.25", "$1.25 CAD")
        assert (grant_of(notice).currency, grant_of(notice).exercise_price) == (
            "CAD",
            Decimal("1.25"),
        )

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (  # any order, other labels, a company, Windows line ends, tabs
                (
                    "Company:\tAcme Ltd\r\nShares Subject to Option:\t2,500\r\nExpiry Date:\t"
                    "2030-12-31\r\nOptionee:\tMary Major\r\nOption Price per Share:\tGBP 0.50\r\n"
                    "Date of Grant:\t2020-12-31\r\n"
                ),
                OptionGrant(
                    "2020-12-31",
                    2_500,
                    "0.50",
                    expiration_date="2030-12-31",
                    currency="GBP",
                    grantor="Acme Ltd",
                    grantee="Mary Major",
                ),
            ),
            (  # a term, figures and words, a cutoff on an anniversary
                (
                    "Participant: PMR and Associates, LLC\nGRANT DATE: July 1, 1999\n"
                    "Number of Shares: One Million (1,000,000)\nExercise Price: $0.13 (Thirteen "
                    "Cents)\nExpiration Date: 5:00 p.m. Eastern Time on the tenth anniversary of "
                    "the Grant Date\n"
                ),
                OptionGrant(
                    "1999-07-01",
                    1_000_000,
                    "0.13",
                    term="10 years",
                    grantee="PMR and Associates, LLC",
                    cutoff_time="17:00",
                    time_zone="America/New_York",
                ),
            ),
            (  # a term line, a price in euros, blank lines and indents
                (
                    "\n   Grantee :  Li Wei\n\n   Grant Date: 15th day of May, 2022\n"
                    "   Option Shares: 500\n   Price per Share: \u20ac2.00\n"
                    "   Term of Option: ten (10) years from the Grant Date\n"
                ),
                OptionGrant(
                    "2022-05-15",
                    500,
                    "2.00",
                    term="10 years",
                    currency="EUR",
                    grantee="Li Wei",
                ),
            ),
            (  # a notice under a prose grant of "the number of shares set forth below"
                (
                    'Acme Ltd (the "Company") hereby grants to the Optionee named below an option '
                    "to purchase the number of shares set forth below.\n\nOptionee: Jane Doe\n"
                    "Grant Date: 2024-03-03\nShares Subject to the Option: 1,000\n"
                    "Exercise Price per Share: USD 1.00\nFinal Exercise Date: 2034-03-03\n"
                ),
                OptionGrant(
                    "2024-03-03", 1_000, "1.00", expiration_date="2034-03-03", grantee="Jane Doe"
                ),
            ),
        ],
    )
    def test_layouts(self, text: str, expected: OptionGrant) -> None:
        """A notice in any order, with any spacing, reads to its grant."""
        assert grant_of(text) == expected

    def test_notice_and_prose_agree(self) -> None:
        """A term stated both in a line and in prose is one term, if they agree."""
        text = clause() + "\nGrant Date: March 15, 2001\nNumber of Option Shares: 100,000\n"
        assert grant_of(text) == grant_of(clause())

    def test_notice_and_prose_disagree(self) -> None:
        """A line that disagrees with the prose is stated twice, differently."""
        text = clause() + "\nNumber of Option Shares: 90,000\n"
        stated = "'one hundred thousand (100,000)', '90,000'"
        assert problems_of(text) == listed(
            STATED_TWICE.format(what="number of shares", stated=stated)
        )

    def test_optionee_twice(self) -> None:
        """Two optionees: a problem, not the first one."""
        text = NOTICE + "Optionee: John Roe\n"
        stated = "'Jane Doe', 'John Roe'"
        assert problems_of(text) == listed(STATED_TWICE.format(what="optionee", stated=stated))

    def test_empty_line(self) -> None:
        """A label with nothing after it is its own problem, not a missing term."""
        text = NOTICE.replace("$1.25", "")
        assert problems_of(text) == (EMPTY_LINE.format(label="Exercise Price per Share:"),)

    def test_signature_block(self) -> None:
        """Labels with nothing after them, as a signature block has, are passed over."""
        text = clause() + "\nCOMPANY:\nACME ROBOTICS, INC.\nBy: ________\n\nOPTIONEE:\n____\n"
        assert grant_of(text) == grant_of(clause())

    def test_empty_line_for_a_missing_term(self) -> None:
        """Where the term is missing, its empty line is named, not the phrasings."""
        text = NOTICE.replace("Expiration Date:              March 2, 2034", "Expiry Date:")
        assert problems_of(text) == (EMPTY_LINE.format(label="Expiry Date:"),)

    def test_unreadable_expiration(self) -> None:
        """An expiration line that is no date is the date's problem, quoting the line."""
        text = NOTICE.replace("March 2, 2034", "ten years, or earlier")
        rule = rule_of(lambda: parse_date("ten years, or earlier"))
        assert problems_of(text) == listed(
            UNREADABLE.format(what="expiration date", phrase="ten years, or earlier", rule=rule)
        )

    def test_vesting_needs_a_schedule(self) -> None:
        """A vesting date is not read into a grant that vests at once: a problem."""
        text = NOTICE + "Vesting Commencement Date: March 3, 2024\n"
        assert problems_of(text) == (VESTING_NOT_READ,)

    def test_vesting_given(self) -> None:
        """With the schedule given, the notice's vesting date must be its start."""
        text = NOTICE + "Vesting Commencement Date: March 3, 2024\n"
        schedule = VestingSchedule.graded(dt.date(2024, 3, 3), months=48, every=1, cliff=12)
        assert grant_of(text, vesting=schedule).vesting == schedule
        at_once = VestingSchedule.immediate()  # no start: the caller's word is taken
        assert grant_of(text, vesting=at_once).vesting == at_once
        later = VestingSchedule.graded(dt.date(2024, 4, 1), months=48, every=1, cliff=12)
        rule = VESTING_START_DIFFERS.format(start="2024-04-01")
        assert problems_of(text, vesting=later) == listed(
            UNREADABLE.format(what="vesting commencement date", phrase="March 3, 2024", rule=rule)
        )

    def test_vesting_of_another_kind(self) -> None:
        """A vesting that is no schedule is refused as a type, before the text is read."""
        with pytest.raises(OptionTypeError) as caught:
            grant_from_text(NOTICE, vesting="4 years")  # type: ignore[arg-type]
        refused(caught, field="vesting", value="4 years", rule=NOT_A_SCHEDULE)


# --- properties: any grant, written in any phrasing the reader knows, reads back --------

GRANTORS = ["Acme Robotics, Inc.", "Xenon Labs Ltd", "The Auxer Group, Inc.", "Nova Bio Corp"]
GRANTEES = ["Jane Q. Doe", "PMR and Associates, LLC", "Richard Roe", "Li Wei"]
CURRENCIES = ["USD", "EUR", "GBP", "CAD", "JPY", "CHF"]
DATE_STYLES = ["us", "day", "iso"]


def cutoffs(draw: st.DrawFn, expected: dict[str, object]) -> str:
    """A cutoff time in a named zone ("5:00 p.m. Eastern Time"), or none; ``expected`` gets it."""
    if not draw(st.booleans()):
        return ""
    key = draw(st.sampled_from(sorted(ZONE_NAMES)))
    time = dt.time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 30, 59])))
    name = draw(st.sampled_from(ZONE_NAMES[key]))
    expected |= {"cutoff_time": time, "time_zone": key}
    return f"{time_text(time, draw(st.sampled_from(['dotted', 'upper', '24'])))} {name} on "


def expiries(
    draw: st.DrawFn, day: dt.date, expected: dict[str, object], *, notice: bool
) -> tuple[str, str]:
    """An expiry as prose and as a notice's line, for a grant made on ``day``."""
    kind = draw(st.sampled_from(["term", "anniversary", "date"]))
    if kind == "term":
        unit, count = draw(st.sampled_from(["days", "months", "years"])), draw(st.integers(1, 99))
        stated = f"{in_words(count)} ({count}) {unit}"
        expected["term"] = Term(**{unit: count})
        label = draw(st.sampled_from(["Term of Option", "Option Term"]))
        return f"The option shall expire {stated} from the date of grant", f"{label}: {stated}"
    at = cutoffs(draw, expected)
    expire = f"The option shall expire {'at ' + at if at else 'on '}"
    if kind == "anniversary":
        years = draw(st.integers(1, 99))
        written = ordinal_text(years, draw(st.sampled_from(["words", "figures", "both"])))
        stated = f"the {written} anniversary of the {draw(st.sampled_from(REFS))}"
        expected["term"] = Term(years=years)
        if draw(st.booleans()):
            stated = "the day before " + stated
            expected["expiry_reading"] = ExpiryReading.LESS_ONE_DAY
        exercised = f"The option may be exercised no later than {at}{stated}"
        prose = draw(st.sampled_from([expire + stated, exercised]))
        return prose, f"Expiration Date: {at}{stated}"
    expiry = day + dt.timedelta(days=draw(st.integers(1, 20_000)))
    stated = date_text(expiry, draw(st.sampled_from(DATE_STYLES)))
    expected["expiration_date"] = expiry
    if notice or draw(st.booleans()):
        return expire + stated, f"Expiration Date: {at}{stated}"
    bound = draw(st.sampled_from(["until", "through", "on or before", "before", "prior to"]))
    if bound in {"before", "prior to"} and not at:
        expected["expiry_day_included"] = False
    return f"The option may be exercised {bound} {at}{stated}", ""


def prose_grants(
    draw: st.DrawFn, date: str, grantor: str, grantee: str, expected: dict[str, object]
) -> tuple[str, str]:
    """The opening sentence and the grant's, in one of the layouts of the parties."""
    opening, closing = draw(st.sampled_from(QUOTES))
    described = draw(st.booleans())  # ", a Delaware corporation" before a definition
    company = f"{grantor}{', a Delaware corporation' * described} ({opening}Company{closing})"
    optionee = f"{grantee}{', an individual' * described} ({opening}Optionee{closing})"
    layout = draw(st.sampled_from(["header", "in the grant", "passive", "passive by"]))
    if layout != "passive":
        expected["grantor"] = grantor
    if layout == "header":
        return (
            f"This Agreement is dated {date}, between {company} and {optionee}.",
            "The Company hereby grants to the Optionee an option to purchase",
        )
    if layout == "in the grant":
        verb = draw(st.sampled_from(["shall grant", "hereby grants to", "grants"]))
        return (
            f"This Agreement is dated {date}.",
            f"{company} {verb} {optionee} an option to purchase",
        )
    by = f" by {company}" if layout == "passive by" else ""
    return (
        f"This Agreement is dated {date}.",
        f"{grantee} is hereby granted{by} an option to purchase",
    )


@st.composite
def written_contracts(draw: st.DrawFn) -> tuple[str, OptionGrant]:
    """Contract text in any of the phrasings read, and the grant it states."""
    day = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2800, 12, 31)))
    shares = draw(share_counts(max_value=10**12))
    currency = draw(st.sampled_from(CURRENCIES))
    price = draw(cash_amounts(currency, max_units=10**8).filter(bool))
    grantor, grantee = draw(st.sampled_from(GRANTORS)), draw(st.sampled_from(GRANTEES))
    notice = draw(st.booleans())
    expected: dict[str, object] = {"currency": currency, "grantee": grantee}
    prose, line = expiries(draw, day, expected, notice=notice)
    styles = ["code", "after", "symbol"] if currency in SYMBOLS else ["code", "after"]
    written_price = price_text(price, currency, draw(st.sampled_from(styles)))
    date = date_text(day, draw(st.sampled_from(DATE_STYLES)))
    if notice:
        label = draw(st.sampled_from(["Number of Option Shares", "Shares Subject to Option"]))
        lines = [
            f"Optionee: {grantee}",
            f"Grant Date: {date}",
            f"{label}: {figures(shares)}",
            f"Exercise Price per Share: {written_price}",
            line,
        ]
        if draw(st.booleans()):
            lines.append(f"Company: {grantor}")
            expected["grantor"] = grantor
        text = "NOTICE OF STOCK OPTION GRANT\n\n" + "\n".join(draw(st.permutations(lines)))
    else:
        opener, sentence = prose_grants(draw, date, grantor, grantee, expected)
        at_price = draw(st.sampled_from(AT_PRICES))
        per_share = "" if "price of" in at_price else " per share"
        text = (
            f"{opener}\n\n{sentence} {figures(shares)} ({in_words(shares).title()}) shares "
            f"{at_price}{written_price}{per_share}. {prose}."
        )
        width = draw(st.integers(20, 200))  # line breaks anywhere between words
        text = "\n".join(
            textwrap.fill(part, width, break_long_words=False, break_on_hyphens=False)
            for part in text.split("\n")
        )
    return text, OptionGrant(day, shares, price, **expected)  # type: ignore[arg-type]


REFS = ["date of grant", "Grant Date", "date hereof", "Date of Grant", "date of this agreement"]
AT_PRICES = ["at ", "at an exercise price of ", "at a purchase price of "]


class TestAnyContract:
    @given(written_contracts())
    def test_reads_back(self, contract: tuple[str, OptionGrant]) -> None:
        """Any grant, written in any phrasing the reader knows, reads back to that grant."""
        text, expected = contract
        assert grant_from_text(text) == expected

    @given(st.integers(1, 999))
    @example(50)
    @example(111)
    def test_ordinals(self, number: int) -> None:
        """Every ordinal below a thousand reads back, in words, figures and both."""
        for style in ("words", "figures", "both"):
            text = clause(
                expiry=f"The option expires on the {ordinal_text(number, style)} anniversary "
                "of the date of grant"
            )
            assert grant_from_text(text).term == Term(years=number)


# Each clause of a contract, written on its own, in its phrasings, prose or notice line.
CLAUSES: dict[str, tuple[str, list[str]]] = {
    NO_GRANT: (
        "grant",
        [
            "Acme Ltd hereby grants Jane Doe an option, on the terms below.",
            'Acme Ltd (the "Company") shall grant Jane Doe (the "Optionee") an option, as follows.',
            "Jane Doe is hereby granted an option, as follows.",
            "Optionee: Jane Doe",
        ],
    ),
    NO_DATE: (
        "date",
        [
            "Dated March 3, 2024.",
            "This Agreement is made and entered into on 2024-03-03.",
            "The Grant Date is March 3, 2024.",
            "Grant Date: March 3, 2024",
        ],
    ),
    NO_SHARES: (
        "shares",
        [
            "The option is an option to purchase 1,000 shares.",
            "It is an option to buy one thousand (1,000) shares.",
            "Number of Option Shares: 1,000",
            "Shares Subject to Option: 1,000",
        ],
    ),
    NO_PRICE: (
        "price",
        [
            "The exercise price is $1.25 per share.",
            "Shares are bought at EUR 2.00 per share.",
            "The purchase price of \u00a30.50 is payable in cash.",
            "Exercise Price per Share: USD 1.25",
        ],
    ),
    NO_EXPIRY: (
        "expiry",
        [
            "The option expires ten (10) years from the date of grant.",
            "The option expires on the tenth anniversary of the Grant Date.",
            "It may be exercised until March 3, 2034.",
            "It may be exercised no later than 5:00 p.m. Eastern Time on March 3, 2034.",
            "Expiration Date: March 3, 2034",
        ],
    ),
}


class TestMissingClauses:
    @given(st.data())
    def test_exactly_the_missing_clauses(self, data: st.DataObject) -> None:
        """Problems name exactly the clauses left out, never one the text states."""
        kept = data.draw(st.sets(st.sampled_from(list(CLAUSES))))
        written = {
            problem: data.draw(st.sampled_from(CLAUSES[problem][1]), label=problem)
            for problem in kept
        }
        text = "\n".join(data.draw(st.permutations(list(written.values()))))
        notice = any(":" in line and "p.m." not in line for line in written.values())
        expected = tuple(
            problem
            for problem in CLAUSES
            if problem not in kept and not (problem == NO_GRANT and notice)
        )
        if not expected:
            grant = grant_from_text(text)
            assert grant.grantee == ("Jane Doe" if NO_GRANT in kept else None)
            return
        assert problems_of(text) == expected


FRAGMENTS = [
    clause(),
    NOTICE,
    'Acme (the "Company") ',
    "is hereby granted ",
    "an option to purchase ",
    "1,000 ",
    "at \u20ac",
    "at USD ",
    "2.00 EUR ",
    "per share ",
    "may be exercised until ",
    "no later than 5:00 p.m. Eastern Time on ",
    "the tenth (10th) anniversary of the Grant Date",
    "the day before the ",
    "March 3, 2034",
    "Grant Date: ",
    "Expiration Date: ",
    "\n",
    ":",
    "(",
    ")",
    "\u201c",
]


class TestFuzzPhrasings:
    @given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=5), max_size=30))
    def test_fragments(self, parts: list[str]) -> None:
        """Any run of the phrasings' fragments and noise: a grant, or the documented error."""
        try:
            grant_from_text("".join(parts))
        except ContractTextError as error:
            assert error.problems
            assert all(error.problems)


class TestOrdinalWords:
    @given(st.integers(1, 999))
    @example(40)  # a round ten beyond the days of a month
    @example(100)  # "one hundredth"
    @example(112)  # "one hundred twelfth"
    @example(999)
    def test_words_read_back(self, number: int) -> None:
        """Every ordinal below a thousand, in the tests' spelling, reads to its number."""
        tokens = ordinal(number).replace("-", " ").split()
        assert read_ordinal_number([*tokens, "anniversary"], 0) == (number, len(tokens))

    @given(st.integers(1, 10**6))
    def test_suffix(self, number: int) -> None:
        """The library's suffix is the tests' own."""
        assert f"{number}{ordinal_suffix(number)}" == ordinal_figures(number)

    @pytest.mark.parametrize("words", ["", "hundred", "one hundred and", "twenty", "the tenth"])
    def test_not_an_ordinal(self, words: str) -> None:
        """No ordinal at the position: ``None``, and the position unchanged."""
        assert read_ordinal_number(words.split(), 0) == (None, 0)


class TestEdges:
    def test_passive_without_a_party(self) -> None:
        """ "it is hereby granted" names no party: no grant, whatever else is read."""
        text = clause(grant="and so it is hereby granted an option to purchase")
        assert problems_of(text) == (NO_GRANT,)

    def test_symbol_and_code_alike(self) -> None:
        """A symbol and a code that name one currency are one currency."""
        read = grant_of(clause(price="at a purchase price of Two Cents ($0.02 USD)"))
        assert (read.currency, read.exercise_price) == ("USD", Decimal("0.02"))


class TestDescribedParties:
    @pytest.mark.parametrize(
        ("grant", "grantor", "grantee"),
        [
            (
                (
                    'Acme Ltd, a Delaware corporation (the "Company"), hereby grants to Jane Doe, '
                    'an individual (the "Optionee"), an option to purchase'
                ),
                "Acme Ltd",
                "Jane Doe",
            ),
            (
                (
                    "Nova Bio Corp, a Texas corporation, grants Li Wei, an employee of the "
                    "Company, an option to purchase"
                ),
                "Nova Bio Corp",
                "Li Wei",
            ),
            (
                (
                    'Jane Doe, an individual residing in Texas (the "Optionee"), is hereby granted '
                    "an option to purchase"
                ),
                None,
                "Jane Doe",
            ),
            (
                (
                    "Li Wei is hereby granted by Nova Bio Corp, a Texas corporation (the "
                    '"Company"), an option to purchase'
                ),
                "Nova Bio Corp",
                "Li Wei",
            ),
        ],
    )
    def test_description_before_the_definition(
        self, grant: str, grantor: str | None, grantee: str
    ) -> None:
        """ ", a Delaware corporation" between a name and its definition is not the name."""
        read = grant_of(clause(parties="between the parties named below", grant=grant))
        assert (read.grantor, read.grantee) == (grantor, grantee)


class TestMorePhrasings:
    @pytest.mark.parametrize(
        "price", ["at a price of $0.25 per share", "at a price per share of USD 0.25"]
    )
    def test_at_a_price_of(self, price: str) -> None:
        """ "At a price of" states the price as "at a purchase price of" does."""
        assert grant_of(clause(price=price)).exercise_price == Decimal("0.25")

    @pytest.mark.parametrize(
        "expiry",
        [
            (
                "The Option shall terminate no later than 5:00 p.m. Eastern Time on the tenth "
                "anniversary of the Grant Date"
            ),
            "The Option expires not later than 5:00 p.m. New York time on March 15, 2011",
            (
                "The Option lapses on or before 5:00 p.m. ET on the 10th anniversary of the "
                "date hereof"
            ),
        ],
    )
    def test_expire_no_later_than(self, expiry: str) -> None:
        """ "Expire (terminate, lapse) no later than" a cutoff and a day: that day, included."""
        read = grant_of(clause(expiry=expiry))
        assert (read.last_exercise_date, read.cutoff_time) == (dt.date(2011, 3, 15), dt.time(17))

    @pytest.mark.parametrize("line", ["Vesting Schedule: 25% after one year", "Vesting: monthly"])
    def test_vesting_schedule_in_words(self, line: str) -> None:
        """A schedule in words is not read, and not dropped: it needs ``vesting=``."""
        assert problems_of(NOTICE + line + "\n") == (VESTING_NOT_READ,)
        schedule = VestingSchedule.graded(dt.date(2024, 3, 3), months=12, every=12)
        assert grant_of(NOTICE + line + "\n", vesting=schedule).vesting == schedule
