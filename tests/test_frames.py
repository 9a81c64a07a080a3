"""Records as pandas DataFrames (``_frames``)."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import attrs
import pandas as pd
import pytest
from hypothesis import given

from auxer_option import (
    AUXER_1999,
    OptionGrant,
    Term,
    TrancheExpense,
    Valuation,
    VestingSchedule,
    adjust_for_split,
    black_scholes,
    exercise,
    expense_schedule,
    sell_to_cover,
    terminate,
    to_dataframe,
    vesting_table,
)
from auxer_option._frames import NOT_RECORDS, ONE_KIND
from auxer_option._terms import coerce_date
from auxer_option._vesting import VestingTable
from auxer_option.exceptions import OptionTypeError

from .grants import FOUR_YEARS, FRACTIONAL_18
from .messages import message, refused
from .strategies import vesting_grants


class TestMessages:
    """Each rule of this module, word for word, once: other tests check which rule it is."""

    @pytest.mark.parametrize(
        ("call", "rule", "expected"),
        [
            pytest.param(
                lambda: to_dataframe(5),
                NOT_RECORDS,
                "records=5: must be a record (an Exercise, a Valuation, a VestingRow, ...) or "
                "a collection of them, such as vesting_table(grant) or grant.exercises",
                id="NOT_RECORDS",
            ),
            pytest.param(
                lambda: to_dataframe([Term(months=3), *vesting_table(FOUR_YEARS)[:1]]),
                ONE_KIND.format(kind="Term"),
                "records[1]=VestingRow(date=datetime.date(2025, 1, 31), shares=12000, "
                "cumulative=12000): must be a Term, as the first record is: one kind of "
                "record a table",
                id="ONE_KIND",
            ),
        ],
    )
    def test_message(self, call: Callable[[], object], rule: str, expected: str) -> None:
        """The message names the field and the value, then the rule in these words."""
        assert message(call, rule) == expected


def _history() -> OptionGrant:
    """The four-year grant, exercised for cash, then sold to cover, then split."""
    grant, _ = exercise(FOUR_YEARS, 12_000, "2025-02-03", fair_market_value="5")
    grant, _ = sell_to_cover(grant, 1_000, "2025-03-03", "6", withholding_rate=0.22)
    return adjust_for_split(grant, "2:1", on="2025-04-01")


class TestVestingTables:
    def test_columns_and_types(self) -> None:
        """A vesting table: a datetime64 date column and int64 share columns."""
        frame = to_dataframe(vesting_table(FOUR_YEARS))
        assert list(frame.columns) == ["date", "shares", "cumulative"]
        assert str(frame["date"].dtype) == "datetime64[s]"
        assert str(frame["shares"].dtype) == "int64"
        assert frame["cumulative"].iloc[-1] == FOUR_YEARS.shares
        assert frame["date"].iloc[0] == pd.Timestamp("2025-01-31")

    @given(vesting_grants())
    def test_row_for_row(self, grant: OptionGrant) -> None:
        """Every row is the table's row: its date read back, its shares the same numbers."""
        table = vesting_table(grant)
        frame = to_dataframe(table)
        assert len(frame) == len(table)
        for row, (date, shares, cumulative) in zip(
            table, frame.itertuples(index=False), strict=True
        ):
            assert coerce_date(date, "date") == row.date
            assert (shares, cumulative) == (row.shares, row.cumulative)

    def test_fractional_shares_stay_fractions(self) -> None:
        """Fractional vesting keeps its Fractions: nothing becomes a float."""
        frame = to_dataframe(vesting_table(FRACTIONAL_18))
        assert frame["shares"].tolist() == [Fraction(9, 2)] * 4
        assert str(frame["shares"].dtype) == "object"

    def test_empty_table_keeps_its_columns(self) -> None:
        """A table with no rows still has the table's three columns."""
        frame = to_dataframe(VestingTable(()))
        assert list(frame.columns) == ["date", "shares", "cumulative"]
        assert frame.empty

    def test_one_row(self) -> None:
        """A single row is a table of one row."""
        assert len(to_dataframe(vesting_table(FOUR_YEARS)[0])) == 1


class TestExpenseTables:
    GRANT = OptionGrant(
        "2025-01-01",
        10_000,
        "5",
        term="10 years",
        vesting=VestingSchedule.graded("2025-01-01", months=48, every=12),
    )
    TABLE = expense_schedule(GRANT, fair_value="1.00", method="accelerated", period="year")

    def test_columns_and_types(self) -> None:
        """An expense schedule: datetime64 period columns and exact money."""
        frame = to_dataframe(self.TABLE)
        assert list(frame.columns) == [
            "period_start",
            "period_end",
            "expense",
            "cumulative",
            "vested_value",
        ]
        assert str(frame["period_end"].dtype) == "datetime64[s]"
        assert frame["expense"].tolist() == [row.expense for row in self.TABLE]
        assert frame["expense"].iloc[0] == Decimal("5207.91")

    def test_tranches(self) -> None:
        """The tranches: their dates, shares, and each period's expense as a tuple."""
        left = terminate(self.GRANT, "2026-06-30", "VOLUNTARY_OTHER")
        tranches = expense_schedule(left, fair_value=1, method="accelerated").tranches
        frame = to_dataframe(tranches)
        assert list(frame.columns) == list(TrancheExpense._fields)
        assert frame["shares"].tolist() == [2_500] * 4
        assert frame["forfeited_on"].isna().tolist() == [True, False, False, False]
        assert frame["expense"].iloc[0] == tranches[0].expense


class TestHistories:
    def test_exercises(self) -> None:
        """Exercises: dates, share counts (nullable where a kind has none), exact money."""
        grant = _history()
        frame = to_dataframe(grant.exercises)
        assert list(frame.columns) == [
            field.name for field in attrs.fields(type(grant.exercises[0]))
        ]
        assert str(frame["date"].dtype) == "datetime64[s]"
        assert str(frame["shares"].dtype) == "int64"
        assert str(frame["shares_sold"].dtype) == "Int64"
        assert frame["shares_sold"].isna().tolist() == [True, False]
        assert frame["cost"].tolist() == [record.cost for record in grant.exercises]
        assert all(type(cost) is Decimal for cost in frame["cost"])
        assert frame["payment"].tolist() == ["CASH", "SELL_TO_COVER"]
        assert str(frame["payment"].dtype) == "str"
        assert all(type(payment) is str for payment in frame["payment"])

    def test_adjustments(self) -> None:
        """A split: its ratio a Fraction, its prices exact."""
        frame = to_dataframe(_history().adjustments)
        assert frame["ratio"].tolist() == [Fraction(2)]
        assert frame["date"].tolist() == [pd.Timestamp("2025-04-01")]

    def test_no_records(self) -> None:
        """No exercises: an empty table."""
        assert to_dataframe(AUXER_1999.exercises).empty

    def test_dates_read_back(self) -> None:
        """A date from the table is a date the library takes: exercise on it."""
        day = to_dataframe(vesting_table(FOUR_YEARS))["date"].iloc[0]
        assert exercise(FOUR_YEARS, 1, day)[1].date == dt.date(2025, 1, 31)


class TestValuations:
    def test_a_sweep(self) -> None:
        """Valuations at several volatilities: one row each, the inputs as given."""
        valuations = [
            black_scholes(spot=42, strike=40, years=0.5, volatility=v, risk_free_rate=0.1)
            for v in (0.2, 0.3)
        ]
        frame = to_dataframe(valuations)
        assert list(frame.columns) == [field.name for field in attrs.fields(Valuation)]
        assert frame["volatility"].tolist() == [Decimal("0.2"), Decimal("0.3")]
        assert frame["kind"].tolist() == ["call", "call"]
        assert frame["shares"].isna().all()

    def test_one_valuation(self) -> None:
        """One valuation is one row; its first row is a Series by field."""
        valuation = black_scholes(spot=42, strike=40, years=0.5, volatility=0.2, risk_free_rate=0.1)
        series = to_dataframe(valuation).iloc[0]
        assert series["value"] == valuation.value


class TestGrants:
    def test_a_book_of_grants(self) -> None:
        """Grants are rows of their public fields: their terms and what they derive."""
        frame = to_dataframe([AUXER_1999, FOUR_YEARS])
        assert "grant_date" in frame.columns
        assert frame["outstanding_shares"].tolist() == [1_000_000, FOUR_YEARS.outstanding_shares]
        assert frame["last_exercise_date"].iloc[0] == pd.Timestamp("1999-10-01")

    def test_no_private_columns(self) -> None:
        """A grant's private storage (its history, its worked-out vesting) is no column."""
        frame = to_dataframe(AUXER_1999)
        assert not [name for name in frame.columns if name.startswith("_")]
        assert len(frame) == 1


class TestWithoutPandas:
    def test_says_what_to_install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without pandas, the ImportError names the extra that installs it."""
        monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas then fails
        with pytest.raises(ImportError) as raised:
            to_dataframe(vesting_table(FOUR_YEARS))
        assert str(raised.value) == 'to_dataframe needs pandas: pip install "auxer-option[pandas]"'


class TestRefusals:
    @pytest.mark.parametrize("given", [None, 5, "rows", {"date": 1}, b"x"])
    def test_not_records(self, given: object) -> None:
        """Anything but records or a collection of them is refused."""
        with pytest.raises(OptionTypeError) as raised:
            to_dataframe(given)
        refused(raised, field="records", value=given, rule=NOT_RECORDS)

    def test_an_item_that_is_no_record(self) -> None:
        """Each item must be a record, and the refusal names its place."""
        with pytest.raises(OptionTypeError) as raised:
            to_dataframe([*FOUR_YEARS.exercises, 5])
        refused(raised, field="records[0]", value=5, rule=NOT_RECORDS)

    def test_records_of_two_kinds(self) -> None:
        """A table holds one kind of record."""
        grant = _history()
        mixed = [*grant.exercises, *grant.adjustments]
        with pytest.raises(OptionTypeError) as raised:
            to_dataframe(mixed)
        refused(raised, field="records[2]", value=mixed[2], rule=ONE_KIND.format(kind="Exercise"))
