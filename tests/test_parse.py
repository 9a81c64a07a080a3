"""Dates, prices and share counts as contracts write them: strict, and words must match figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option import Term, parse_date, parse_price, parse_shares
from auxer_option._choices import one_of
from auxer_option._money import MUST_BE_POSITIVE, OVER_MAX_SHARES, TOO_LONG
from auxer_option._parse import (
    DATE_NOT_TEXT,
    DATE_ORDERS,
    FRACTION_OF_A_SHARE,
    NEITHER_ORDER,
    NO_SUCH_DAY,
    NO_SUCH_MONTH,
    NO_SUCH_YEAR,
    PRICE_NOT_TEXT,
    SHARES_NOT_TEXT,
    TWO_DIGIT_YEAR,
    DateOrder,
)
from auxer_option._terms import TOO_MANY_FIGURES
from auxer_option._words import read_cardinal, read_ordinal
from auxer_option.exceptions import (
    InvalidAmountError,
    InvalidChoiceError,
    InvalidDateError,
    InvalidShareCountError,
    InvalidTermError,
    OptionError,
)
from tests.english import MONTH_NAMES, figures, in_words, ordinal
from tests.messages import message, refused


def february(year: int, day: int) -> str:
    """The rule of a day February of ``year``, a common year, does not have."""
    return NO_SUCH_DAY.format(month="February", year=year, day=day, last=28)


class TestWords:
    @given(st.integers(0, 10**15 - 1))
    def test_every_number_reads_back(self, number: int) -> None:
        tokens = in_words(number).replace("-", " ").split()
        assert read_cardinal(tokens, 0) == (number, len(tokens))

    @pytest.mark.parametrize(
        ("text", "read"),
        [
            ("one thousand and five", (1005, 4)),
            ("one million two hundred thousand", (1_200_000, 5)),
            ("one hundred and", (100, 2)),
            ("thousand", (None, 0)),
            ("one thousand thousand", (1000, 2)),
            ("one thousand zero", (1000, 2)),
            ("zero thousand", (0, 1)),
            ("twenty zero", (20, 1)),
            ("twenty ten", (20, 1)),
            ("one thousand two thousand", (1002, 3)),
            ("one million one million", (1_000_001, 3)),
        ],
    )
    def test_stops_where_the_number_ends(self, text: str, read: tuple[int | None, int]) -> None:
        assert read_cardinal(text.split(), 0) == read

    @pytest.mark.parametrize(
        ("text", "read"),
        [
            ("first day", (1, 1)),
            ("twentieth day", (20, 1)),
            ("twenty first day", (21, 2)),
            ("thirty first", (31, 2)),
            ("twenty tenth", (None, 0)),
            ("forty first", (None, 0)),
            ("thirty ninth day", (None, 0)),  # no month has it
            ("one hundred and first", (None, 0)),
        ],
    )
    def test_ordinals_stop_where_they_end(self, text: str, read: tuple[int | None, int]) -> None:
        assert read_ordinal(text.split(), 0) == read

    def test_terms_use_them(self) -> None:
        assert Term.parse("one thousand (1000) days") == Term(days=1000)
        with pytest.raises(InvalidTermError) as raised:
            Term.parse("one million days")
        refused(raised, field="term", value="one million days", rule=TOO_MANY_FIGURES)


ORDINALS = (
    "1st 2nd 3rd 4th 5th 6th 7th 8th 9th 10th 11th 12th 13th 14th 15th 16th 17th 18th 19th "
    "20th 21st 22nd 23rd 24th 25th 26th 27th 28th 29th 30th 31st"
).split()


class TestParseDate:
    @pytest.mark.parametrize(
        "text",
        [
            "1st day of July, 1999",
            "the 1st day of July, 1999",
            "this 1st day of July, 1999",
            "the first day of July, 1999",
            "first day of July 1999",
            "July 1, 1999",
            "July 1st, 1999",
            "Jul. 1, 1999",
            "1 July 1999",
            "1 Jul 1999",
            "JULY 1, 1999",
            "  July\u00a01,\n1999 ",
            "1999-07-01",
            "1999/07/01",
            "01/07/1999",
            "07/01/1999",
            "1.7.1999",
        ],
    )
    def test_forms(self, text: str) -> None:
        order: DateOrder = "DMY" if text in {"01/07/1999", "1.7.1999"} else "MDY"
        assert parse_date(text, order=order) == dt.date(1999, 7, 1)

    @pytest.mark.parametrize(
        ("text", "day"),
        [
            ("twenty-first day of March, 2001", 21),
            ("the thirty-first day of March, 2001", 31),
            ("2nd day of March, 2001", 2),
            ("3rd day of March, 2001", 3),
            ("11th day of March, 2001", 11),
            ("22nd day of March, 2001", 22),
            ("Sept. 30, 2001", 30),
        ],
    )
    def test_ordinals(self, text: str, day: int) -> None:
        assert parse_date(text).day == day

    @pytest.mark.parametrize(("day", "ordinal"), list(enumerate(ORDINALS, start=1)))
    def test_each_day_has_one_suffix(self, day: int, ordinal: str) -> None:
        """The right suffix is read; each wrong one is refused, naming the right one."""
        assert parse_date(f"the {ordinal} day of July, 1999") == dt.date(1999, 7, day)
        for suffix in {"st", "nd", "rd", "th"} - {ordinal[-2:]}:
            with pytest.raises(InvalidDateError) as caught:
                parse_date(f"the {day}{suffix} day of July, 1999")
            assert caught.value.rule == f"{day}{suffix} is not an ordinal: write {ordinal}"

    def test_unambiguous_figures(self) -> None:
        """Only one order gives a date, or both give the same one: no order is needed."""
        assert parse_date("13/07/1999") == dt.date(1999, 7, 13)
        assert parse_date("07/13/1999") == dt.date(1999, 7, 13)
        assert parse_date("07/07/1999") == dt.date(1999, 7, 7)

    @pytest.mark.parametrize(
        ("text", "rule"),
        [
            (
                "01/07/1999",
                (
                    "is ambiguous: 1 July 1999 (order='DMY') or 7 January 1999 "
                    "(order='MDY'); pass order= to say which"
                ),
            ),
            ("July 1999", "names no day: a date needs a day, a month and a year"),
            ("July 1", "names no year: a date needs a day, a month and a year"),
            ("the 1st day of July", "names no year: a date needs a day, a month and a year"),
            ("01/07/99", TWO_DIGIT_YEAR),
            ("July 1, 99", TWO_DIGIT_YEAR),
            ("31st day of February, 1999", february(1999, 31)),
            ("29 February 1900", february(1900, 29)),
            ("1999-02-30", february(1999, 30)),
            ("1999-13-01", NO_SUCH_MONTH.format(month=13)),
            ("0000-01-01", NO_SUCH_YEAR.format(year=0)),
            ("13/13/1999", NEITHER_ORDER),
            ("1th day of July, 1999", "1th is not an ordinal: write 1st"),
            ("12st day of July, 1999", "12st is not an ordinal: write 12th"),
            ("Julember 1, 1999", "expected a day such as 1st or first, found 'julember'"),
            ("1 Julember 1999", "expected a month such as July, found 'julember'"),
            ("July 1, 1999 at noon", "unexpected 'at' after the date"),
            ("July first, nineteen ninety-nine", "expected a four-digit year, found 'nineteen'"),
            ("", "expected a day such as 1st or first, found nothing"),
            ("2 3 4", "expected a month such as July, found '3'"),
            ("1st day of", "expected a month such as July, found nothing"),
            ("twenty day of March, 2001", "expected a day such as 1st or first, found 'twenty'"),
            ("123 July 1999", "expected a day such as 1st or first, found '123'"),
        ],
    )
    def test_refused(self, text: str, rule: str) -> None:
        with pytest.raises(InvalidDateError) as caught:
            parse_date(text)
        refused(caught, field="date", value=text, rule=rule)

    def test_order(self) -> None:
        assert parse_date("01/07/1999", order="MDY") == dt.date(1999, 1, 7)
        with pytest.raises(InvalidChoiceError) as caught:
            parse_date("01/07/1999", order="YMD")  # type: ignore[arg-type]
        refused(caught, field="order", value="YMD", rule=one_of(DATE_ORDERS))

    @pytest.mark.parametrize("order", [[], {}, {"DMY"}, b"DMY", 1])
    def test_order_of_any_type(self, order: object) -> None:
        """An order that is not text, hashable or not, is refused as a choice."""
        with pytest.raises(InvalidChoiceError) as caught:
            parse_date("01/07/1999", order=order)  # type: ignore[arg-type]
        refused(caught, field="order", value=order, rule=one_of(DATE_ORDERS))
        with pytest.raises(InvalidDateError) as month:
            parse_date("01/13/1999", order="DMY")
        refused(month, field="date", value="01/13/1999", rule=NO_SUCH_MONTH.format(month=13))

    def test_not_text(self) -> None:
        expected = 'date=19990701: must be text such as "July 1, 1999"'
        assert message(lambda: parse_date(19990701), DATE_NOT_TEXT) == expected  # type: ignore[arg-type]

    @given(st.dates(min_value=dt.date(1000, 1, 1)), st.sampled_from(["words", "us", "uk", "iso"]))
    def test_every_date_reads_back(self, day: dt.date, form: str) -> None:
        month = MONTH_NAMES[day.month - 1]
        text = {
            "words": f"the {ordinal(day.day)} day of {month}, {day.year}",
            "us": f"{month} {day.day}, {day.year}",
            "uk": f"{day.day} {month} {day.year}",
            "iso": day.isoformat(),
        }[form]
        assert parse_date(text) == day

    @given(st.text(max_size=40))
    @example("1st day of July, 1999")
    @example("01/07/1999")
    @example("99/99/9999")
    def test_fuzz(self, text: str) -> None:
        try:
            parse_date(text)
        except InvalidDateError as error:
            assert error.value == text


class TestParseShares:
    @pytest.mark.parametrize(
        ("text", "shares"),
        [
            ("1,000,000 (One Million Shares)", 1_000_000),
            ("1,000,000 (One Million) shares", 1_000_000),
            ("One Million (1,000,000) Shares", 1_000_000),
            ("two hundred fifty thousand (250,000) shares", 250_000),
            ("1,000,000 shares", 1_000_000),
            ("1000000", 1_000_000),
            ("one share", 1),
            ("Ten Thousand", 10_000),
            ("9,223,372,036,854,775,807", 2**63 - 1),
        ],
    )
    def test_forms(self, text: str, shares: int) -> None:
        assert parse_shares(text) == shares

    @pytest.mark.parametrize(
        ("text", "rule"),
        [
            ("1,000 (One Hundred)", "the figures say 1000 but the words say 100; they must agree"),
            ("One Hundred (1,000)", "the figures say 1000 but the words say 100; they must agree"),
            (
                "1,000 (1,000)",
                (
                    "give the number of shares once in figures and once "
                    "in words, as in 1,000 (One Thousand)"
                ),
            ),
            (
                "one thousand (one thousand)",
                (
                    "give the number of shares once in figures and once "
                    "in words, as in 1,000 (One Thousand)"
                ),
            ),
            ("1,00,000", "'1,00,000' is not a number in figures such as 1,000,000"),
            ("1,0000", "'1,0000' is not a number in figures such as 1,000,000"),
            ("1.5 shares", FRACTION_OF_A_SHARE),
            ("0 shares", MUST_BE_POSITIVE),
            ("9,223,372,036,854,775,808", OVER_MAX_SHARES),
            ("one one", "'one one' is not a number in figures or words"),
            ("some shares", "'some shares' is not a number in figures or words"),
            ("", "states no number of shares"),
            ("()", "states no number of shares"),
            (
                "1 (one) (one)",
                "a bracket must hold the same number, once, as in 1,000 (One Thousand)",
            ),
            ("1 (one", "a bracket must hold the same number, once, as in 1,000 (One Thousand)"),
            ("1" * 60, TOO_LONG),
        ],
    )
    def test_refused(self, text: str, rule: str) -> None:
        with pytest.raises(InvalidShareCountError) as caught:
            parse_shares(text)
        refused(caught, field="shares", value=text, rule=rule)

    def test_not_text(self) -> None:
        expected = 'shares=1000: must be text such as "1,000,000 shares"'
        assert message(lambda: parse_shares(1000), SHARES_NOT_TEXT) == expected  # type: ignore[arg-type]

    @given(st.integers(1, 10**15 - 1), st.booleans())
    def test_words_and_figures(self, shares: int, words_first: bool) -> None:  # noqa: FBT001
        words, numbers = in_words(shares).title(), figures(shares)
        text = f"{words} ({numbers}) shares" if words_first else f"{numbers} ({words} Shares)"
        assert parse_shares(text) == shares

    @given(st.integers(1, 10**6), st.integers(1, 10**6))
    def test_disagreeing(self, in_figures: int, in_text: int) -> None:
        text = f"{figures(in_figures)} ({in_words(in_text)})"
        if in_figures == in_text:
            assert parse_shares(text) == in_figures
        else:
            with pytest.raises(InvalidShareCountError) as raised:
                parse_shares(text)
            rule = f"the figures say {in_figures} but the words say {in_text}; they must agree"
            refused(raised, field="shares", value=text, rule=rule)

    @given(st.text(max_size=40))
    @example("1,000 (")
    @example("1" + " " * 40_000 + "x")  # took 11 s: two space quantifiers overlapped
    @example("0" * 5000 + "1 shares")
    def test_fuzz(self, text: str) -> None:
        try:
            parse_shares(text)
        except InvalidShareCountError as error:
            assert error.value == text


class TestParsePrice:
    @pytest.mark.parametrize(
        ("text", "price"),
        [
            ("$0.13 (Thirteen Cents)", "0.13"),
            ("$0.13 (Thirteen Cents) per share", "0.13"),
            ("Thirteen Cents ($0.13)", "0.13"),
            ("One Dollar and Fifty Cents ($1.50) per share", "1.50"),
            ("One Dollar Fifty Cents", "1.50"),
            ("One and 50/100 Dollars ($1.50)", "1.50"),
            ("Two Dollars ($2)", "2"),
            ("Two Dollars", "2.00"),
            ("one cent", "0.01"),
            ("$1,250.00", "1250.00"),
            ("US$ 0.25 a share", "0.25"),
            ("USD 2.5 each", "2.5"),
            ("0.13", "0.13"),
            ("$0.0125 per share of common stock", "0.0125"),
            ("One Dollar", "1.00"),
            ("One and 99/100 Dollars", "1.99"),
            ("One and 50/100 Dollar", "1.50"),
            ("One Thousand and 50/100 Dollars", "1000.50"),
            ("Two Thousand Dollars", "2000.00"),
            ("USD  0.13", "0.13"),
        ],
    )
    def test_forms(self, text: str, price: str) -> None:
        read = parse_price(text)
        assert read == Decimal(price)
        assert str(read) == price  # the figures' digits, as written

    @pytest.mark.parametrize(
        ("text", "rule"),
        [
            (
                "$0.13 (Fourteen Cents)",
                "the figures say 0.13 but the words say 0.14; they must agree",
            ),
            (
                "$0.13 ($0.13)",
                "give the price once in figures and once in words, as in $0.13 (Thirteen Cents)",
            ),
            ("$0.1.3", "'$0.1.3' is not a price in figures such as $0.13"),
            ("$", "'$' is not a price in figures such as $0.13"),
            ("Thirteen", "'Thirteen' is not a price in figures ($0.13) or words (Thirteen Cents)"),
            (
                "one hundred cents",
                "'one hundred cents' is not a price in figures ($0.13) or words (Thirteen Cents)",
            ),
            (
                "One and 150/100 Dollars",
                (
                    "'One and 150/100 Dollars' is not a price in figures "
                    "($0.13) or words (Thirteen Cents)"
                ),
            ),
            (
                "One and 50/100 Euros",
                (
                    "'One and 50/100 Euros' is not a price in figures "
                    "($0.13) or words (Thirteen Cents)"
                ),
            ),
            (
                "Two Dollars and",
                "'Two Dollars and' is not a price in figures ($0.13) or words (Thirteen Cents)",
            ),
            ("-$0.13", "'-$0.13' is not a price in figures ($0.13) or words (Thirteen Cents)"),
            ("", "states no price"),
            (
                "One and 100/100 Dollars",
                (
                    "'One and 100/100 Dollars' is not a price in figures ($0.13) or words "
                    "(Thirteen Cents)"
                ),
            ),
            (
                "$0.13 (Thirteen Cents",
                "a bracket must hold the same number, once, as in $0.13 (Thirteen Cents)",
            ),
            ("$" + "1" * 60, TOO_LONG),
        ],
    )
    def test_refused(self, text: str, rule: str) -> None:
        with pytest.raises(InvalidAmountError) as caught:
            parse_price(text)
        refused(caught, field="price", value=text, rule=rule)

    def test_not_text(self) -> None:
        expected = """price=Decimal('0.13'): must be text such as "$0.13\""""
        assert message(lambda: parse_price(Decimal("0.13")), PRICE_NOT_TEXT) == expected  # type: ignore[arg-type]

    @given(
        st.integers(0, 10**6),
        st.integers(0, 99),
        st.text(" \t\n\u00a0", min_size=1, max_size=5),
        st.integers(0, 300),
    )
    def test_any_spaces_and_leading_zeros(
        self, dollars: int, cents: int, space: str, zeros: int
    ) -> None:
        """Runs of any spaces read as one, and zeros before the cents as none."""
        spoken = (
            f"{in_words(dollars) or 'zero'}{space}and{space}{'0' * zeros}{cents:02}/100 dollars"
        )
        figures_text = f"${dollars:,}.{cents:02}{space}per{space}share"
        expected = Decimal(f"{dollars}.{cents:02}")
        assert parse_price(f"{figures_text}{space}({spoken})") == expected

    @given(st.integers(0, 10**6), st.integers(0, 99))
    def test_words_and_figures(self, dollars: int, cents: int) -> None:
        spoken = f"{in_words(dollars)} dollars and {in_words(cents)} cents"
        assert parse_price(f"${dollars:,}.{cents:02} ({spoken})") == Decimal(
            f"{dollars}.{cents:02}"
        )

    @given(st.text(max_size=40))
    @example("$0.13 (")
    @example("and 5/100 dollars")
    @example("$1" + " " * 40_000 + "x")  # took 9 s: two space quantifiers overlapped
    @example("One and " + "0" * 5000 + "50/100 Dollars")  # met Python's int() limit
    def test_fuzz(self, text: str) -> None:
        try:
            parse_price(text)
        except InvalidAmountError as error:
            assert error.value == text


class TestEdges:
    """The calendar's ends, spacing and the optional words, and refusals word for word."""

    @pytest.mark.parametrize(
        ("text", "day"),
        [
            ("0001-01-01", dt.date(1, 1, 1)),
            ("31/12/9999", dt.date(9999, 12, 31)),
            ("1  July\n1999", dt.date(1999, 7, 1)),
            ("this July 1, 1999", dt.date(1999, 7, 1)),
            ("1st of July, 1999", dt.date(1999, 7, 1)),
        ],
    )
    def test_dates_read(self, text: str, day: dt.date) -> None:
        assert parse_date(text) == day

    @pytest.mark.parametrize(
        ("read", "error", "message"),
        [
            (
                lambda: parse_date("1999/13/01"),
                InvalidDateError,
                "date='1999/13/01': has no month 13",
            ),
            (
                lambda: parse_date("31/02/1999", order="DMY"),
                InvalidDateError,
                "date='31/02/1999': February 1999 has no day 31 (it has 28)",
            ),
            (
                lambda: parse_price("One and Fifty Cents"),
                InvalidAmountError,
                (
                    "price='One and Fifty Cents': 'One and Fifty Cents' is not a price in figures "
                    "($0.13) or words (Thirteen Cents)"
                ),
            ),
            (
                lambda: parse_shares("1,000) shares"),
                InvalidShareCountError,
                (
                    "shares='1,000) shares': a bracket must hold the same number, once, "
                    "as in 1,000 (One Thousand)"
                ),
            ),
            (
                lambda: parse_shares("10,000,000,000,000,000,000"),
                InvalidShareCountError,
                f"shares='10,000,000,000,000,000,000': {OVER_MAX_SHARES}",
            ),
            (
                lambda: parse_date("0000-01-01"),
                InvalidDateError,
                "date='0000-01-01': the year 0 is outside 1 to 9999",
            ),
            (
                lambda: parse_date("01/07/99"),
                InvalidDateError,
                "date='01/07/99': needs a four-digit year: a two-digit one is a guess",
            ),
            (
                lambda: parse_date("13/13/1999"),
                InvalidDateError,
                "date='13/13/1999': is not a calendar date in either order",
            ),
            (
                lambda: parse_shares("1.5 shares"),
                InvalidShareCountError,
                "shares='1.5 shares': must be a whole number of shares",
            ),
        ],
    )
    def test_refusals(
        self, read: Callable[[], object], error: type[OptionError], message: str
    ) -> None:
        with pytest.raises(error) as raised:
            read()
        assert str(raised.value) == message
