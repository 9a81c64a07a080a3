"""Fair market values by date, and the operations that read them on their own day (``_market``)."""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option import (
    AUXER_1999,
    FairMarketValue,
    FairMarketValues,
    OptionError,
    exercise,
    fair_value,
    net_exercise,
    sell_to_cover,
)
from auxer_option._market import (
    BEFORE_THE_FIRST,
    NO_VALUES,
    NOT_A_VALUE,
    NOT_VALUES,
    OTHER_CURRENCY,
    SOURCE_NOT_TEXT,
    TWO_ON_ONE_DAY,
    market_value,
)
from auxer_option._money import MUST_NOT_BE_NEGATIVE
from auxer_option._terms import NOT_A_CALENDAR_DATE
from auxer_option.exceptions import (
    AmountTypeError,
    DateTypeError,
    InvalidAmountError,
    InvalidCurrencyError,
    InvalidDateError,
    OptionTypeError,
)
from auxer_option.testing.strategies import fair_market_values
from tests.messages import refused

#: The Auxer company's share, appraised twice in the option's window.
AUXER_VALUES = FairMarketValues(
    [("1999-09-01", "0.50", "board, September"), ("1999-07-01", "0.13", "board, at grant")],
    currency="USD",
)
VALUATION = {"volatility": "1.00", "risk_free_rate": "0.05"}


class TestMessages:
    """Each rule of this module, word for word, once: other tests check which rule it is."""

    @pytest.mark.parametrize(
        ("call", "expected"),
        [
            pytest.param(
                lambda: FairMarketValues(7),  # type: ignore[arg-type]
                "values=7: must be an iterable of (date, value) pairs or a mapping of dates"
                " to values",
                id="NOT_VALUES",
            ),
            pytest.param(
                lambda: FairMarketValues([("2024-01-10",)]),  # type: ignore[list-item]
                "values[0]=('2024-01-10',): must be a FairMarketValue or a (date, value) or"
                " (date, value, source) tuple",
                id="NOT_A_VALUE",
            ),
            pytest.param(
                lambda: FairMarketValues([]),
                "values=[]: must hold at least one dated value",
                id="NO_VALUES",
            ),
            pytest.param(
                lambda: FairMarketValues({"2024-01-10": 1, dt.date(2024, 1, 10): 2}),
                "values=datetime.date(2024, 1, 10): already has a value on 2024-01-10",
                id="TWO_ON_ONE_DAY",
            ),
            pytest.param(
                lambda: FairMarketValue("2024-01-10", 1, source=7),  # type: ignore[arg-type]
                "source=7: must be a str (say, '409A valuation of 2024-01-10') or None",
                id="SOURCE_NOT_TEXT",
            ),
            pytest.param(
                lambda: AUXER_VALUES.on("1999-06-30"),
                "day=datetime.date(1999, 6, 30): is before the first fair market value in the"
                " table, dated 1999-07-01",
                id="BEFORE_THE_FIRST",
            ),
            pytest.param(
                lambda: market_value(AUXER_VALUES, dt.date(1999, 7, 1), "spot", "EUR"),
                "spot='USD': is not the grant's currency, EUR",
                id="OTHER_CURRENCY",
            ),
        ],
    )
    def test_rule_text(self, call: Callable[[], object], expected: str) -> None:
        """The rule reads exactly as written."""
        with pytest.raises(OptionError) as caught:
            call()
        assert str(caught.value) == expected


class TestTable:
    """A table keeps its rows by date and answers a day with the row in force on it."""

    def test_rows_in_any_order_are_kept_by_date(self) -> None:
        """The rows are sorted by date, whatever order they came in."""
        assert [row.date for row in AUXER_VALUES] == [dt.date(1999, 7, 1), dt.date(1999, 9, 1)]
        assert len(AUXER_VALUES) == 2

    def test_the_forms_of_rows_give_one_table(self) -> None:
        """Pairs, a mapping and FairMarketValue rows make the same table."""
        rows = [FairMarketValue("2024-01-10", "1.85"), FairMarketValue("2024-07-15", "2.40")]
        assert FairMarketValues(rows) == FairMarketValues(
            [("2024-07-15", "2.40"), ("2024-01-10", "1.85")]
        )
        assert FairMarketValues(rows) == FairMarketValues(
            {"2024-01-10": "1.85", "2024-07-15": "2.4"}
        )
        assert FairMarketValues(FairMarketValues(rows)) == FairMarketValues(rows)

    def test_a_value_is_in_force_from_its_day_until_the_next(self) -> None:
        """Its own day, the day before the next, and the next's day each read rightly."""
        assert AUXER_VALUES.on("1999-07-01") == Decimal("0.13")
        assert AUXER_VALUES.on("1999-08-31") == Decimal("0.13")
        assert AUXER_VALUES.on("1999-09-01") == Decimal("0.50")
        assert AUXER_VALUES.on(dt.date(2030, 1, 1)) == Decimal("0.50")
        assert AUXER_VALUES.row_on("1999-09-30").source == "board, September"

    @given(fair_market_values(), st.dates(dt.date(1990, 1, 1), dt.date(2061, 12, 31)))
    @example(FairMarketValues({"2000-01-01": 1, "2000-01-02": 2}), dt.date(2000, 1, 2))
    def test_the_row_in_force_is_the_latest_on_or_before_the_day(
        self, table: FairMarketValues, day: dt.date
    ) -> None:
        """The answer is the last row dated on or before the day, found by looking at all."""
        earlier = [row for row in table if row.date <= day]
        if not earlier:
            with pytest.raises(InvalidDateError) as caught:
                table.on(day)
            first = min(row.date for row in table)
            refused(caught, field="day", rule=BEFORE_THE_FIRST.format(first=first), value=day)
        else:
            assert table.row_on(day) == max(earlier, key=lambda row: row.date)

    @given(fair_market_values())
    def test_a_table_survives_pickling_and_its_own_repr(self, table: FairMarketValues) -> None:
        """Pickled or written out and read back, a table is equal to itself."""
        assert pickle.loads(pickle.dumps(table)) == table  # noqa: S301  (our own bytes)
        namespace = {"FairMarketValues": FairMarketValues, "FairMarketValue": FairMarketValue}
        assert eval(repr(table), {"datetime": dt, "Decimal": Decimal}, namespace) == table  # noqa: S307

    def test_with_value_adds_a_row_and_changes_nothing(self) -> None:
        """The new table has the row, its source too; the old one is as it was."""
        later = AUXER_VALUES.with_value("1999-12-01", "0.75", "board, December")
        assert later.row_on("1999-12-31") == FairMarketValue(
            "1999-12-01", "0.75", "board, December"
        )
        assert AUXER_VALUES.with_value("1999-12-01", 1).row_on("1999-12-01").source is None
        assert later.currency == "USD"
        assert len(AUXER_VALUES) == 2

    def test_shows_as_a_table(self) -> None:
        """Text and HTML both list the rows, with the currency's digits."""
        assert str(AUXER_VALUES).splitlines() == [
            "Fair market values",
            "  From           Value            Source",
            "  1999-07-01  USD 0.13   board, at grant",
            "  1999-09-01  USD 0.50  board, September",
        ]
        assert AUXER_VALUES._repr_html_() == (
            '<table class="auxer-option"><caption>Fair market values</caption>\n'
            '<thead><tr><th scope="col">From</th><th scope="col">Value</th>'
            '<th scope="col">Source</th></tr></thead>\n'
            "<tbody>\n"
            "<tr><td>1999-07-01</td><td>USD 0.13</td><td>board, at grant</td></tr>\n"
            "<tr><td>1999-09-01</td><td>USD 0.50</td><td>board, September</td></tr>\n"
            "</tbody></table>"
        )
        assert str(FairMarketValues({"2024-01-10": "1.85"})).splitlines() == [
            "Fair market values",
            "  From        Value",
            "  2024-01-10   1.85",
        ]
        sourced = FairMarketValues([("2024-01-10", 1), ("2024-02-10", 2, "board")])
        assert str(sourced).splitlines()[-2:] == [
            "  2024-01-10      1        ",  # no source: an empty cell
            "  2024-02-10      2   board",
        ]
        assert "<tr><td>2024-01-10</td><td>1</td><td></td></tr>" in sourced._repr_html_()

    def test_repr_names_the_currency_only_when_there_is_one(self) -> None:
        """The repr is the constructor call, with the currency when the table has one."""
        assert repr(FairMarketValues({"2024-01-10": 1})) == (
            "FairMarketValues([FairMarketValue(date=datetime.date(2024, 1, 10),"
            " value=Decimal('1'), source=None)])"
        )
        assert repr(FairMarketValues({"2024-01-10": 1}, currency="EUR")).endswith(
            ", currency='EUR')"
        )

    def test_a_currency_is_read_as_the_grant_reads_one(self) -> None:
        """A lower-case code is the code; an unknown one is refused."""
        assert FairMarketValues({"2024-01-10": 1}, currency="usd").currency == "USD"
        with pytest.raises(InvalidCurrencyError) as caught:
            FairMarketValues({"2024-01-10": 1}, currency="XXX")
        assert caught.value.field == "currency"


class TestRefusals:
    """Each kind of bad table is refused, naming the field and the rule."""

    @pytest.mark.parametrize("given", [7, "2024-01-10", b"x", None])
    def test_not_rows(self, given: object) -> None:
        """Something that is not rows is not a table."""
        with pytest.raises(OptionTypeError) as caught:
            FairMarketValues(given)  # type: ignore[arg-type]
        refused(caught, field="values", rule=NOT_VALUES, value=given)

    @pytest.mark.parametrize("row", [("2024-01-10",), ("2024-01-10", 1, "a", "b"), "x", 7])
    def test_not_a_row(self, row: object) -> None:
        """A row is a FairMarketValue, a pair or a triple, named by its place."""
        with pytest.raises(OptionTypeError) as caught:
            FairMarketValues([("2024-01-01", 1), row])  # type: ignore[list-item]
        refused(caught, field="values[1]", rule=NOT_A_VALUE, value=row)

    def test_no_rows(self) -> None:
        """An empty table could answer no day."""
        with pytest.raises(InvalidDateError) as caught:
            FairMarketValues({})
        refused(caught, field="values", rule=NO_VALUES)

    def test_two_rows_on_one_day(self) -> None:
        """Two values for one day leave which is in force a guess."""
        with pytest.raises(InvalidDateError) as caught:
            FairMarketValues([("2024-01-10", 1), ("2024-01-11", 2), ("2024-01-10", 3)])
        day = dt.date(2024, 1, 10)
        refused(caught, field="values", rule=TWO_ON_ONE_DAY.format(day=day), value=day)
        with pytest.raises(InvalidDateError):
            AUXER_VALUES.with_value("1999-07-01", 1)

    @pytest.mark.parametrize(
        ("row", "error", "field", "rule", "bad"),
        [
            (("2024-13-01", 1), InvalidDateError, "values[0].date", NOT_A_CALENDAR_DATE, 0),
            (("2024-01-10", "-1"), InvalidAmountError, "values[0].value", MUST_NOT_BE_NEGATIVE, 1),
            (("2024-01-10", 1, 7), OptionTypeError, "values[0].source", SOURCE_NOT_TEXT, 2),
        ],
    )
    def test_a_bad_field_of_a_row_is_named_by_its_place(
        self, row: tuple[Any, ...], error: type[OptionError], field: str, rule: str, bad: int
    ) -> None:
        """The refusal names the row's place and its field, and the value refused."""
        with pytest.raises(error) as caught:
            FairMarketValues([row])
        refused(caught, field=field, rule=rule, value=row[bad])

    def test_a_bad_row_object(self) -> None:
        """A FairMarketValue checks its own fields, named as its own."""
        with pytest.raises(AmountTypeError) as value:
            FairMarketValue("2024-01-10", 1.5)  # type: ignore[arg-type]
        assert value.value.field == "value"
        with pytest.raises(InvalidDateError) as date:
            FairMarketValue("2024-02-30", 1)
        refused(date, field="date", rule=NOT_A_CALENDAR_DATE, value="2024-02-30")
        with pytest.raises(OptionTypeError) as caught:
            FairMarketValue("2024-01-10", 1, 7)  # type: ignore[arg-type]
        refused(caught, field="source", rule=SOURCE_NOT_TEXT, value=7)

    def test_a_bad_day(self) -> None:
        """The day read must be a calendar date."""
        with pytest.raises(DateTypeError) as caught:
            AUXER_VALUES.on(7)  # type: ignore[arg-type]
        assert caught.value.field == "day"


class TestOperationsReadTheirDay:
    """An operation given a table reads the value in force on its own day."""

    def test_an_exercise_records_the_value_on_its_day(self) -> None:
        """The record's fair market value and spread are the day's, from the table."""
        _, record = exercise(AUXER_1999, 250_000, "1999-09-02", fair_market_value=AUXER_VALUES)
        assert record.fair_market_value == Decimal("0.50")
        assert record.spread == Decimal("92500.00")
        _, before = exercise(AUXER_1999, 250_000, "1999-08-02", fair_market_value=AUXER_VALUES)
        assert before.spread == Decimal("0.00")

    def test_a_net_exercise_and_a_sale_to_cover_read_the_day(self) -> None:
        """Each equals the same call with the day's value given by hand."""
        day = dt.date(1999, 9, 15)
        by_table = net_exercise(AUXER_1999, 1_000_000, day, AUXER_VALUES)
        assert by_table == net_exercise(AUXER_1999, 1_000_000, day, "0.50")
        sold = sell_to_cover(AUXER_1999, 1_000, day, AUXER_VALUES, withholding_rate="0.22")
        assert sold == sell_to_cover(AUXER_1999, 1_000, day, "0.50", withholding_rate="0.22")

    @given(st.dates(dt.date(1999, 7, 1), dt.date(1999, 10, 1)))
    def test_fair_value_reads_the_spot_on_its_day(self, day: dt.date) -> None:
        """Valuing with the table equals valuing with the day's value by hand."""
        by_table = fair_value(AUXER_1999, on=day, spot=AUXER_VALUES, **VALUATION)
        assert by_table == fair_value(AUXER_1999, on=day, spot=AUXER_VALUES.on(day), **VALUATION)

    def test_the_lattice_reads_the_spot_on_its_day(self) -> None:
        """The lattice model, too, values with the day's value from the table."""
        day = dt.date(1999, 9, 15)
        by_table, by_hand = (
            fair_value(
                AUXER_1999,
                on=day,
                spot=spot,
                volatility="1.00",
                risk_free_rate="0.05",
                model="lattice",
                exit_rate="0.1",
                exercise_multiple=2,
                steps_per_year=50,
            )
            for spot in (AUXER_VALUES, "0.50")
        )
        assert by_table == by_hand

    def test_a_table_without_a_currency_serves_any_grant(self) -> None:
        """No currency stated: the values are taken in the grant's."""
        table = FairMarketValues({"1999-07-01": "0.40"})
        _, record = exercise(AUXER_1999, 1, "1999-07-01", fair_market_value=table)
        assert record.fair_market_value == Decimal("0.40")

    @pytest.mark.parametrize(
        ("call", "field"),
        [
            (
                lambda table: exercise(AUXER_1999, 1, "1999-07-01", fair_market_value=table),
                "fair_market_value",
            ),
            (lambda table: net_exercise(AUXER_1999, 1, "1999-07-01", table), "fair_market_value"),
            (lambda table: sell_to_cover(AUXER_1999, 1, "1999-07-01", table), "market_price"),
            (
                lambda table: fair_value(AUXER_1999, on="1999-07-01", spot=table, **VALUATION),
                "spot",
            ),
        ],
    )
    def test_a_table_that_cannot_answer_is_refused(
        self, call: Callable[[FairMarketValues], object], field: str
    ) -> None:
        """A day before the first row, or a table in another currency, names the field."""
        late = FairMarketValues({"1999-08-01": 1})
        with pytest.raises(InvalidDateError) as caught:
            call(late)
        rule = BEFORE_THE_FIRST.format(first=dt.date(1999, 8, 1))
        refused(caught, field=field, rule=rule, value=dt.date(1999, 7, 1))
        euros = FairMarketValues({"1999-07-01": 1}, currency="EUR")
        with pytest.raises(InvalidCurrencyError) as wrong:
            call(euros)
        refused(wrong, field=field, rule=OTHER_CURRENCY.format(currency="USD"), value="EUR")
