"""What people see: str() summaries and the HTML tables notebooks show, valid and escaped."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction
from html.parser import HTMLParser

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option import (
    AUXER_1999,
    OptionGrant,
    VestingSchedule,
    accelerate,
    adjust_for_split,
    black_scholes,
    exercise,
    fair_value,
    net_exercise,
    sell_to_cover,
    terminate,
    vesting_table,
)
from auxer_option._display import grant_rows, rounded_price
from auxer_option._tables import html_table, one_line, shown, text_columns, text_table
from auxer_option._vesting import VestingRow, VestingTable
from auxer_option.exceptions import PrecisionError
from tests.grants import FOUR_YEARS, FRACTIONAL_18
from tests.strategies import grants_with_history, vesting_grants

#: Any text at all: controls, bidi overrides and lone surrogates included.
ANY_TEXT = st.text(st.characters(exclude_categories=()))
#: Any text that names a party (a party's name must have something besides spaces).
ANY_PARTY = st.builds(lambda before, after: f"{before}A{after}", ANY_TEXT, ANY_TEXT)

#: What no summary or report may hold raw: controls, separators, bidi controls, surrogates.
ACTIVE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_ESCAPE = re.compile(r"\\(\\|[ntr]|x[0-9a-f]{2}|u[0-9a-f]{4})")
_NAMED = {"\\": "\\", "n": "\n", "t": "\t", "r": "\r"}


def read_back(text: str) -> str:
    """``text`` as it was before :func:`shown` escaped it."""
    return _ESCAPE.sub(
        lambda match: _NAMED.get(match.group(1)) or chr(int(match.group(1)[1:], 16)), text
    )


class _Checker(HTMLParser):
    """Collects the text and checks that every element is closed, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:  # noqa: ARG002
        self.open.append(tag)
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open, f"</{tag}> closes nothing"
        assert self.open.pop() == tag, f"</{tag}> closes the wrong element"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(markup: str) -> _Checker:
    checker = _Checker()
    checker.feed(markup)
    checker.close()
    assert checker.open == [], f"left open: {checker.open}"
    assert checker.tags[0] == "table"
    return checker


class TestGrant:
    def test_auxer_summary(self) -> None:
        assert str(AUXER_1999) == (
            "Option grant: The Auxer Group, Inc. to PMR and Associates, LLC\n"
            "  Grant date            1999-07-01\n"
            "  Shares                1,000,000 granted, 1,000,000 outstanding\n"
            "  Exercise price        USD 0.13 a share\n"
            "  Expiration            1999-10-01 (3 months after the grant date)\n"
            "  Exercise window       1999-07-01 through 1999-10-01, both days included\n"
            "  Last day to exercise  1999-10-01\n"
            "  Exercise cost         USD 130,000.00 for 1,000,000 shares"
        )

    def test_auxer_table(self) -> None:
        checker = parsed(AUXER_1999._repr_html_())
        text = " ".join(checker.text)
        for fact in ("1999-10-01", "1,000,000 outstanding", "USD 130,000.00"):
            assert fact in text
        assert checker.tags.count("tr") == 7

    def test_history_and_vesting(self) -> None:
        grant, _ = exercise(FOUR_YEARS, 12_000, "2025-02-03")
        grant = accelerate(grant, "2025-03-01", 1_000)
        grant = adjust_for_split(grant, "2:1", on="2025-03-02")
        grant = terminate(grant, "2025-06-15", "VOLUNTARY_OTHER")
        summary = str(grant)
        assert "Vesting               every 1 month over 48 months, 12-month cliff" in summary
        assert (
            "History               1 exercise, 1 split adjustment, 1 acceleration, "
            "terminated on 2025-06-15 (VOLUNTARY_OTHER)"
        ) in summary
        assert "forfeited" in summary
        assert "after 1 split adjustment; USD 2.15 granted" in summary
        parsed(grant._repr_html_())

    def test_tranches_and_cutoff(self) -> None:
        grant = OptionGrant(
            "2024-01-01",
            1_000,
            "1",
            term="2 years",
            cutoff_time="17:00",
            time_zone="America/New_York",
            vesting=FRACTIONAL_18.vesting.tranches([("2024-06-30", 600), ("2024-12-31", 400)]),
        )
        summary = str(grant)
        assert "Vesting               2 tranches, 2024-06-30 to 2024-12-31" in summary
        assert "2026-01-01, until 17:00 America/New_York" in summary
        one = OptionGrant(
            "2024-01-01",
            1,
            "1",
            term="2 years",
            vesting=FRACTIONAL_18.vesting.tranches([("2024-06-30", 1)]),
        )
        assert "1 tranche, 2024-06-30 to 2024-06-30" in str(one)

    def test_no_parties_and_quarterly(self) -> None:
        grant = OptionGrant(
            "2024-01-01",
            1_000,
            "1",
            term="2 years",
            vesting=FRACTIONAL_18.vesting.graded("2024-01-01", months=12, every=3),
        )
        assert str(grant).startswith("Option grant\n")
        assert "every 3 months over 12 months, from 2024-01-01" in str(grant)

    def test_escaped(self) -> None:
        grant = OptionGrant(
            "1999-07-01", 1, "0.13", term="3 months", grantor="<script>alert(1)</script> & Co"
        )
        markup = grant._repr_html_()
        assert "<script>" not in markup
        assert "&lt;script&gt;" in markup
        assert "<script>alert(1)</script> & Co" in " ".join(parsed(markup).text)

    @given(st.one_of(grants_with_history(max_events=3), vesting_grants(max_events=3)))
    def test_every_grant(self, grant: OptionGrant) -> None:
        """A summary shows the schedule and forfeits, and nothing that depends on a day: a
        library does not read the clock, so it has no day to show a status for."""
        checker = parsed(grant._repr_html_())
        text = " ".join(checker.text)
        assert f"{grant.outstanding_shares:,} outstanding" in text
        assert ("forfeited" in text) == bool(grant.forfeited_shares)
        assert ("Vesting" in text) == (not grant.vesting.is_immediate)
        summary = str(grant)
        assert summary.splitlines()[1] == f"  Grant date            {grant.grant_date}"
        assert "Status" not in summary
        assert "Exercisable" not in summary

    @given(ANY_PARTY, ANY_PARTY)
    @example("\ud800", "A")
    @example("Acme \u202egnp.exe", "\x1b[31mred\x1b[0m")
    @example("Line one\nLine two", "Back\\slash \\u202e")
    def test_any_party_names(self, grantor: str, grantee: str) -> None:
        """Whatever the parties' names hold, a summary shows them escaped: one line each, no
        control or bidi character and no lone surrogate written raw, and nothing lost."""
        grant = OptionGrant(
            "1999-07-01", 1, "0.13", term="3 months", grantor=grantor, grantee=grantee
        )
        summary = str(grant)
        title, *rows = summary.splitlines()  # splits at any line break a terminal makes
        assert len(rows) == 7
        assert ACTIVE.search(summary.replace("\n", "")) is None
        assert read_back(title) == f"Option grant: {grantor} to {grantee}"
        summary.encode("utf-8")  # no lone surrogate: any UTF-8 terminal can take it
        assert ACTIVE.search(grant._repr_html_().replace("\n", "")) is None

    def test_cost_in_cents(self) -> None:
        """The summary's cost is exercise_cost's: the exact product rounded to the cent."""
        grant = OptionGrant("2024-01-01", 3, "0.0867", term="1 year")  # exactly 0.2601
        assert str(grant).splitlines()[-1] == "  Exercise cost         USD 0.26 for 3 shares"

    @pytest.mark.parametrize(
        "price",
        ["1" + "0" * 40 + ".1", "1" + "0" * 31],  # too long to multiply; to write in cents
    )
    def test_cost_too_long_to_write(self, price: str) -> None:
        """A cost with more digits than the library computes with is refused by name."""
        grant = OptionGrant("2024-01-01", 10**18, price, term="1 year")
        with pytest.raises(PrecisionError) as raised:
            str(grant)
        assert raised.value.field == "exercise_cost"

    def test_early_exercise(self) -> None:
        """A grant exercisable before it vests says so beside its schedule."""
        early = OptionGrant(
            "2024-01-31", 48_000, "2.15", term="10 years", vesting=FOUR_YEARS.vesting,
            early_exercisable=True,
        )  # fmt: skip
        assert (
            "Vesting               every 1 month over 48 months, 12-month cliff, "
            "from 2024-01-31; exercisable before vesting"
        ) in str(early)


class TestShown:
    @given(ANY_TEXT)
    @example("\u202e")
    @example("\ud800")
    @example("\\u202e")
    @example("\x1b[2J\r\n\t\x85\u2028")
    def test_reads_back(self, text: str) -> None:
        """Escaped text holds nothing a terminal acts on, and reads back as it was."""
        escaped = shown(text)
        assert ACTIVE.search(escaped) is None
        assert read_back(escaped) == text

    def test_words(self) -> None:
        assert shown("Ren\u00e9e \u202eAcme\x1b\\") == "Ren\u00e9e \\u202eAcme\\x1b\\\\"
        assert one_line("a\nb \\ c\ud800") == "a\\nb \\ c\\ud800"

    @given(ANY_TEXT)
    def test_one_line(self, text: str) -> None:
        """An error line holds nothing a terminal acts on, and is one line."""
        line = one_line(text)
        assert ACTIVE.search(line) is None
        assert len(f"{line}.".splitlines()) == 1


class TestDay:
    """A grant on a day: the rows a report shows for that day."""

    def test_terminated_grant(self) -> None:
        """Forfeits count from the termination's day on; the vesting rows show for any
        grant with a termination, a schedule or not."""
        grant = terminate(FOUR_YEARS, "2025-06-15", "VOLUNTARY_OTHER")
        before = dict(grant_rows(grant, dt.date(2025, 6, 14)))
        assert before["Forfeited"] == "0"
        on = dict(grant_rows(grant, dt.date(2025, 6, 15)))
        assert on["Vested"] == "16,000 of 48,000 granted"
        assert on["Exercisable"] == "16,000 of 16,000 outstanding"
        assert on["Forfeited"] == "32,000"
        assert on["Exercise cost"] == "USD 34,400.00 for 16,000 shares"
        plain = terminate(AUXER_1999, "1999-08-01", "VOLUNTARY_OTHER")
        assert "Forfeited" in dict(grant_rows(plain, dt.date(1999, 8, 2)))
        assert "Forfeited" not in dict(grant_rows(AUXER_1999, dt.date(1999, 8, 2)))

    def test_fractional_vesting(self) -> None:
        rows = dict(grant_rows(FRACTIONAL_18, dt.date(2024, 2, 1)))
        assert rows["Vested"] == "9/2 of 18 granted"
        assert rows["Exercisable"] == "4 of 18 outstanding"
        assert (
            rows["Exercise cost"]
            == "USD 4.00 for 4 shares (18 outstanding; 4 exercisable on 2024-02-01)"
        )


class TestRecords:
    def test_cash_exercise(self) -> None:
        _, record = exercise(AUXER_1999, 250_000, "1999-08-02")
        assert str(record) == (
            "Exercise of 250,000 shares on 1999-08-02\n"
            "  Date    1999-08-02\n"
            "  Shares  250,000 at 0.13 a share\n"
            "  Cost    32,500.00 (paid in cash)"
        )
        parsed(record._repr_html_())

    def test_net_exercise(self) -> None:
        _, record = net_exercise(AUXER_1999, 1_000_000, "1999-09-01", "0.30")
        summary = str(record)
        assert "Market value   0.30 a share; spread 170,000.00" in summary
        assert "Shares issued  566,666 (433,334 withheld; 0.20 cash in lieu)" in summary
        parsed(record._repr_html_())

    def test_sell_to_cover(self) -> None:
        _, record = sell_to_cover(AUXER_1999, 1_000, "1999-09-01", "0.50", withholding_rate="0.22")
        assert "130.00 (paid from a sale of shares)" in str(record)
        assert (
            "Shares kept   577 (423 sold for 211.50; 81.40 tax and 0 fees withheld; 0.10 left)"
        ) in str(record)
        parsed(record._repr_html_())

    def test_valuation(self) -> None:
        alone = black_scholes(spot=1, strike=1, years=1, volatility="0.3", risk_free_rate=0)
        assert str(alone).startswith("Black-Scholes value of a call\n  Value   0.11923")
        assert "Total" not in str(alone)
        valued = fair_value(
            AUXER_1999, on="1999-07-01", spot="0.13", volatility="1", risk_free_rate="0.05"
        )
        assert "  Total   26,427.30 for 1,000,000 shares" in str(valued)
        parsed(valued._repr_html_())

    def test_vesting_table(self) -> None:
        table = vesting_table(FOUR_YEARS)
        assert isinstance(table, tuple)
        assert str(table).splitlines()[:3] == [
            "Vesting",
            "  Date        Vesting  Vested",
            "  2025-01-31   12,000  12,000",
        ]
        markup = table._repr_html_()
        assert markup.startswith(
            '<table class="auxer-option"><caption>Vesting</caption>\n<thead><tr>'
            '<th scope="col">Date</th><th scope="col">Vesting</th><th scope="col">Vested</th>'
        )
        checker = parsed(markup)
        assert checker.tags.count("th") == 3
        assert checker.tags.count("tr") == 38

    def test_fractional_vesting_table(self) -> None:
        table = VestingTable([VestingRow(dt.date(2024, 2, 1), Fraction(9, 2), Fraction(9, 2))])
        assert str(table).splitlines()[2] == "  2024-02-01      9/2     9/2"
        assert "9/2" in " ".join(parsed(table._repr_html_()).text)


class TestTables:
    """The table builders, character for character: what notebooks and terminals get."""

    def test_html_with_labels(self) -> None:
        markup = html_table("Grant <1>", [("Shares", "1,000"), ("Price", "0.13 & up")])
        assert markup == (
            '<table class="auxer-option"><caption>Grant &lt;1&gt;</caption>\n'
            "<tbody>\n"
            '<tr><th scope="row">Shares</th><td>1,000</td></tr>\n'
            '<tr><th scope="row">Price</th><td>0.13 &amp; up</td></tr>\n'
            "</tbody></table>"
        )

    def test_html_with_a_header(self) -> None:
        markup = html_table("Vesting", [("2024-01-31", "12", "12")], header=("Date", "A", "B"))
        assert markup == (
            '<table class="auxer-option"><caption>Vesting</caption>\n'
            '<thead><tr><th scope="col">Date</th><th scope="col">A</th>'
            '<th scope="col">B</th></tr></thead>\n'
            "<tbody>\n"
            "<tr><td>2024-01-31</td><td>12</td><td>12</td></tr>\n"
            "</tbody></table>"
        )

    def test_text_without_rows(self) -> None:
        assert text_table("Nothing yet", []) == "Nothing yet"
        assert text_table("One", [("a", "1"), ("bcd", "2")]) == "One\n  a    1\n  bcd  2"

    def test_columns(self) -> None:
        table = text_columns("Vesting", ("Date", "Shares"), [("2024-01-31", "12"), ("x", "1")])
        assert table == "Vesting\n  Date        Shares\n  2024-01-31      12\n  x                1"


class TestSummaryWording:
    def test_plurals_forfeits_and_history(self) -> None:
        grant = OptionGrant(
            "2024-01-31",
            48_000,
            "2.15",
            term="10 years",
            vesting=VestingSchedule.graded("2024-01-31", months=48, every=2, cliff=12),
        )
        grant, _ = exercise(grant, 12_000, "2025-02-03")
        grant, _ = exercise(grant, 1_000, "2025-04-03")
        grant = terminate(grant, "2025-06-15", "VOLUNTARY_OTHER")
        lines = str(grant).splitlines()
        assert (
            lines[2]
            == "  Shares                48,000 granted, 3,000 outstanding, 32,000 forfeited"
        )
        assert lines[7] == (
            "  Vesting               every 2 months over 48 months, 12-month cliff, from 2024-01-31"
        )
        assert lines[8] == (
            "  History               2 exercises, terminated on 2025-06-15 (VOLUNTARY_OTHER)"
        )

    def test_valuation(self) -> None:
        valuation = black_scholes(
            spot=42, strike=40, years="0.5", volatility="0.2", risk_free_rate="0.1"
        )
        assert str(valuation) == (
            "Black-Scholes value of a call\n"
            "  Value   4.7594223928715 a share\n"
            "  Delta   0.77913129094267\n"
            "  Gamma   0.049962670405912\n"
            "  Vega    8.8134150596029\n"
            "  Theta   -4.5590921945926\n"
            "  Rho     13.98204591336\n"
            "  Inputs  spot 42, strike 40, 0.5 years, volatility 0.2, rate 0.1, dividend yield 0"
        )


class TestRoundedPrice:
    """A computed figure a share, as a report or a plot shows it."""

    @pytest.mark.parametrize(
        ("amount", "currency", "significant", "expected"),
        [
            ("0.3741728163015", "USD", 4, "0.3742"),
            ("2.07391100651335", "USD", 3, "2.07"),
            ("2.07391100651335", "USD", 4, "2.074"),
            ("0.026427298041783", "USD", 4, "0.02643"),
            ("1234.5678", "USD", 4, "1234.57"),
            ("1234.5678", "JPY", 4, "1235"),
            ("0.12345", "KWD", 2, "0.123"),
            ("0.0000012", "USD", 4, "0.0000012"),
            ("0.0000004", "USD", 4, "0.0000004"),
            ("0.000000123456", "USD", 3, "0.000000123"),
            ("1E-30", "USD", 3, "0.000000000000000000000000000001"),
            ("0.5", "USD", 4, "0.50"),
            ("0.0867", "USD", 3, "0.0867"),
            ("0.11995", "USD", 3, "0.120"),
            ("0.125", "USD", 2, "0.13"),
            ("0", "USD", 4, "0.00"),
            ("0E-6", "USD", 4, "0.00"),
            ("1E+3", "USD", 4, "1000.00"),
            ("9" * 50, "KWD", 4, "9" * 50 + ".000"),
        ],
    )
    def test_examples(self, amount: str, currency: str, significant: int, expected: str) -> None:
        """To the minor unit, further for the digits asked however small, half up."""
        shown = rounded_price(Decimal(amount), currency, significant=significant)
        assert str(shown) == str(Decimal(expected))  # the same digits, to the same place

    @given(
        # Built from text: Hypothesis' decimals() would compute in the hostile context.
        st.integers(0, 10**24).map(lambda n: Decimal(f"{n}E-12")),
        st.sampled_from(["USD", "JPY", "KWD"]),
        st.integers(1, 6),
    )
    @example(Decimal("0.000000999"), "USD", 2)
    @example(Decimal("4E-7"), "USD", 3)  # was shown as 0.000000: capped at six places
    def test_within_half_its_last_place(
        self, amount: Decimal, currency: str, significant: int
    ) -> None:
        """The shown figure is within half its last place of the exact one, has at least
        the minor unit's places, no more than the figure needs, and is zero only for zero."""
        shown = rounded_price(amount, currency, significant=significant)
        places = -shown.as_tuple().exponent  # type: ignore[operator]
        minor = {"USD": 2, "JPY": 0, "KWD": 3}[currency]
        assert minor <= places <= max(minor, -amount.as_tuple().exponent)  # type: ignore[operator]
        assert (shown == 0) == (amount == 0)
        assert abs(Fraction(shown) - Fraction(amount)) <= Fraction(1, 10**places) / 2
        if Fraction(amount) * 10**minor % 1 == 0:  # exact at the minor unit: unchanged
            assert shown == amount
