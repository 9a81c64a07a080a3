"""A book of grants answers every operation, row by row, as the scalar API does."""

from __future__ import annotations

import datetime as dt
import decimal
import math
import pickle
import re
import sys
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
np = pytest.importorskip("numpy")
pytest.importorskip("scipy")

from hypothesis import example, given  # noqa: E402  (after the extra's check)
from hypothesis import strategies as st  # noqa: E402

from auxer_option import (  # noqa: E402
    AUXER_1999,
    CompensationType,
    OptionGrant,
    VestingSchedule,
    WindowStatus,
    accelerate,
    adjust_for_split,
    dilutive_shares,
    exercisable_shares,
    exercise,
    exercise_cost,
    fair_value,
    intrinsic_value,
    terminate,
    vested_shares,
    window_status,
)
from auxer_option._money import ROUNDING_MODES  # noqa: E402
from auxer_option.book import GrantBook, _frame  # noqa: E402
from auxer_option.book._book import (  # noqa: E402
    NOT_HOLDERS,
    NOT_ROW_BY_ROW,
    REPEATED_ID,
    UNKNOWN_ID,
    WRONG_LENGTH,
)
from auxer_option.book._cash import cash, times, value_cash  # noqa: E402
from auxer_option.book._frame import (  # noqa: E402
    DERIVED,
    NOT_A_FRAME,
    NOT_DERIVED,
    REPEATED_COLUMN,
    UNKNOWN_COLUMN,
    VESTING_TWICE,
)
from auxer_option.book._progress import NO_TQDM  # noqa: E402
from auxer_option.exceptions import (  # noqa: E402
    ROWS_REFUSED,
    AmountTypeError,
    DateTypeError,
    ExerciseWindowError,
    InvalidAmountError,
    InvalidBookError,
    InvalidDataError,
    InvalidDateError,
    InvalidTermError,
    InvalidVestingError,
    OptionError,
    OptionTypeError,
    ShareCountTypeError,
)
from auxer_option.testing.strategies import (  # noqa: E402
    exercise_dates,
    option_grants,
    share_counts,
    share_prices,
    vesting_schedules,
)
from tests.messages import refused  # noqa: E402
from tests.strategies import whole_books  # noqa: E402

EMPLOYEE = OptionGrant(
    "2024-01-31",
    48_000,
    "2.15",
    term="10 years",
    vesting=VestingSchedule.graded("2024-01-31", months=48, every=1, cliff=12),
)


@st.composite
def book_grants(draw: st.DrawFn) -> OptionGrant:
    """A grant as books hold them: any conventions and schedule, then a few events."""
    plain = draw(option_grants(shares=share_counts(max_value=10**9)))
    schedule = draw(vesting_schedules(shares=plain.shares, start=plain.grant_date))
    try:
        grant = OptionGrant(
            plain.grant_date,
            plain.shares,
            plain.exercise_price,
            expiration_date=plain.expiration_date,
            currency=plain.currency,
            conventions=plain.conventions,
            vesting=schedule,
            early_exercisable=draw(st.booleans()),
        )
    except OptionError:  # a schedule that ends past 9999-12-31
        grant = plain
    for _ in range(draw(st.integers(0, 3))):
        grant = _event(draw, grant)
    return grant


def _event(draw: st.DrawFn, grant: OptionGrant) -> OptionGrant:
    on = draw(exercise_dates(grant))
    kind = draw(st.sampled_from(["exercise", "split", "terminate", "accelerate"]))
    try:
        if kind == "exercise":
            count = draw(st.integers(1, max(1, exercisable_shares(grant, on))))
            return exercise(grant, count, on)[0]
        if kind == "split":
            ratio = draw(st.builds(Fraction, st.integers(1, 5), st.integers(1, 5)))
            return adjust_for_split(grant, ratio, on=on)
        if kind == "terminate":
            return terminate(
                grant, on, draw(st.sampled_from(["VOLUNTARY_OTHER", "INVOLUNTARY_DEATH"]))
            )
        return accelerate(grant, on)
    except OptionError:  # not possible on that day: the grant is kept as it is
        return grant


DAYS = st.dates(dt.date(1890, 1, 1), dt.date(9999, 12, 31))

#: EMPLOYEE exercised and then terminated, both after 2025-03-31.
LIVED_ON = terminate(exercise(EMPLOYEE, 12_000, "2025-04-30")[0], "2025-06-30", "VOLUNTARY_OTHER")


def _same(series: Any, expected: list[Any]) -> None:
    assert series.tolist() == expected


class TestRowByRow:
    """Every operation equals the scalar function on every row."""

    @whole_books()
    @given(st.lists(book_grants(), min_size=1, max_size=8), DAYS)
    @example(  # vesting stops at a termination, beside a grant still vesting
        [terminate(EMPLOYEE, "2025-06-30", "VOLUNTARY_OTHER"), EMPLOYEE], dt.date(2026, 1, 31)
    )
    @example(  # a day before a later exercise and termination: the grants as they stood
        [LIVED_ON, EMPLOYEE], dt.date(2025, 3, 31)
    )
    def test_dates_and_shares(self, grants: list[OptionGrant], on: dt.date) -> None:
        """Window status, exercisability, vested and exercisable shares, on any day."""
        book = GrantBook.from_grants(grants)
        _same(book.window_status(on), [window_status(grant, on) for grant in grants])
        _same(
            book.is_exercisable(on),
            [window_status(grant, on) is WindowStatus.OPEN for grant in grants],
        )
        _same(book.vested_shares(on), [vested_shares(grant, on) for grant in grants])
        _same(book.exercisable_shares(on), [exercisable_shares(grant, on) for grant in grants])

    @whole_books()
    @given(
        st.lists(book_grants(), min_size=1, max_size=8),
        share_prices(),
        st.sampled_from([*ROUNDING_MODES, None]),
    )
    def test_money(self, grants: list[OptionGrant], market: Decimal, rounding: str | None) -> None:
        """Exercise cost and intrinsic value, exactly, with any rounding."""
        book = GrantBook.from_grants(grants)
        _same(
            book.exercise_cost(rounding=rounding),
            [exercise_cost(g, rounding=rounding) for g in grants],
        )
        _same(
            book.intrinsic_value(market, rounding=rounding),
            [intrinsic_value(g, market, rounding=rounding) for g in grants],
        )
        _same(book.dilutive_shares(market), [dilutive_shares(g, market) for g in grants])

    def test_equal_values_of_other_types(self) -> None:
        """1 and True, 0.5 and Decimal("0.5") are equal, but each is read as what it is."""
        book = GrantBook.from_grants([AUXER_1999, AUXER_1999])
        with pytest.raises(InvalidBookError) as caught:
            book.exercise_cost(pd.Series([1, True], index=book.ids, dtype=object))
        ((row, error),) = caught.value.refusals
        assert (row, type(error)) == (1, ShareCountTypeError)
        with pytest.raises(AmountTypeError):
            book.intrinsic_value(pd.Series([Decimal("0.5"), 0.5], index=book.ids, dtype=object))
        frame = (
            book.to_frame()
            .drop(columns=list(DERIVED))
            .assign(early_exercisable=pd.Series([True, 1], index=book.ids, dtype=object))
        )
        with pytest.raises(InvalidBookError) as caught:
            GrantBook.from_frame(frame)
        assert [row for row, _ in caught.value.refusals] == [1]

    @whole_books()
    @given(
        st.lists(book_grants(), min_size=1, max_size=8),
        st.one_of(
            st.integers(-1, 10**9),
            st.lists(
                st.one_of(st.integers(-1, 10**9), st.sampled_from([True, 1.5, np.int64(3)])),
                min_size=8,
                max_size=8,
            ),
        ),
    )
    @example([AUXER_1999] * 2, [1, True] * 4).via("True was read as the 1 before it")
    def test_costs_of_some_shares(self, grants: list[OptionGrant], drawn: object) -> None:
        """A count per row, or one for all: the scalar's cost, or its refusals, row by row."""
        book = GrantBook.from_grants(grants)
        counts = drawn[: len(grants)] if isinstance(drawn, list) else drawn
        each = counts if isinstance(counts, list) else [counts] * len(grants)
        given = (
            pd.Series(counts, index=book.ids, dtype=object) if isinstance(counts, list) else counts
        )
        expected, refused_rows = [], []
        for row, (grant, count) in enumerate(zip(grants, each, strict=True)):
            try:
                expected.append(exercise_cost(grant, count))
            except OptionError as error:
                refused_rows.append((row, type(error), error.field, error.rule))
        if refused_rows:
            with pytest.raises(InvalidBookError) as caught:
                book.exercise_cost(given)
            found = [(row, type(e), e.field, e.rule) for row, e in caught.value.refusals]
            assert found == refused_rows
        else:
            _same(book.exercise_cost(given), expected)

    @whole_books()
    @given(st.lists(book_grants(), min_size=1, max_size=8), st.data())
    def test_a_value_per_row(self, grants: list[OptionGrant], data: st.DataObject) -> None:
        """A day and a market price may differ from row to row."""
        book = GrantBook.from_grants(grants)
        days = data.draw(st.lists(DAYS, min_size=len(grants), max_size=len(grants)))
        prices = data.draw(st.lists(share_prices(), min_size=len(grants), max_size=len(grants)))
        on = pd.Series(days, index=book.ids)
        market = pd.Series(prices, index=book.ids)
        _same(
            book.vested_shares(on), [vested_shares(g, d) for g, d in zip(grants, days, strict=True)]
        )
        _same(
            book.exercisable_shares(on),
            [exercisable_shares(g, d) for g, d in zip(grants, days, strict=True)],
        )
        _same(
            book.intrinsic_value(market),
            [intrinsic_value(g, p) for g, p in zip(grants, prices, strict=True)],
        )
        _same(
            book.dilutive_shares(market),
            [dilutive_shares(g, p) for g, p in zip(grants, prices, strict=True)],
        )


def _close(book_figure: float, scalar_figure: Decimal) -> bool:
    """Within 1e-12 relative, or 1e-20 absolute where the scalar's figure is below 1e-8."""
    exact = float(scalar_figure)
    if not math.isfinite(exact):  # an infinite gamma at expiry, say: the same infinity
        return book_figure == exact
    if abs(exact) < 1e-8:
        return abs(book_figure - exact) <= 1e-20
    return abs(book_figure - exact) <= 1e-12 * abs(exact)


class TestFairValue:
    """The valuation of every row is the scalar function's, to 1e-12."""

    @whole_books()
    @given(
        st.lists(book_grants(), min_size=1, max_size=6),
        st.data(),
        share_prices(),
        st.decimals("0.01", "2", places=2),
        st.decimals("-0.05", "0.1", places=3),
        st.decimals("0", "0.05", places=3),
    )
    def test_row_by_row(  # noqa: PLR0917  (what Hypothesis draws)
        self,
        grants: list[OptionGrant],
        data: st.DataObject,
        spot: Decimal,
        volatility: Decimal,
        rate: Decimal,
        carry: Decimal,
    ) -> None:
        """Figures and totals within 1e-12 (or a minor unit); missing where nothing is left."""
        on = data.draw(st.one_of(exercise_dates(grants[0]), DAYS), label="on")
        book = GrantBook.from_grants(grants)
        table = book.fair_value(
            on=on, spot=spot, volatility=volatility, risk_free_rate=rate, dividend_yield=carry
        )
        for row, grant in enumerate(grants):
            try:
                valuation = fair_value(
                    grant,
                    on=on,
                    spot=spot,
                    volatility=volatility,
                    risk_free_rate=rate,
                    dividend_yield=carry,
                )
            except (InvalidDateError, ExerciseWindowError):
                assert table.iloc[row].drop("total").isna().all()
                assert table["total"].iloc[row] is pd.NA
                continue
            for name in ("value", "delta", "gamma", "vega", "theta", "rho"):
                assert _close(table[name].iloc[row], getattr(valuation, name)), name
            # The scalar multiplies a value rounded to 14 digits; the book, its double.
            assert valuation.total is not None
            expected = Fraction(valuation.total)
            allowed = max(Fraction(1, 10 ** _places(valuation.total)), abs(expected) / 10**12)
            assert abs(Fraction(table["total"].iloc[row]) - expected) <= allowed

    def test_as_the_grants_stood_on_the_day(self) -> None:
        """A row with records after the day is valued as it stood then, as the scalar
        function values it: every share outstanding, to the contractual last day."""
        book = GrantBook.from_grants([LIVED_ON, EMPLOYEE])
        market = {"spot": "3", "volatility": "0.5", "risk_free_rate": "0.04"}
        table = book.fair_value(on="2025-03-31", **market)
        for row, grant in enumerate([LIVED_ON, EMPLOYEE]):
            valuation = fair_value(grant, on="2025-03-31", **market)
            assert _close(table["value"].iloc[row], valuation.value)
            assert table["total"].iloc[row] == valuation.total
        assert table["total"].iloc[0] == table["total"].iloc[1]  # as granted, that day

    def test_at_the_money_on_the_last_day(self) -> None:
        """At expiry and at the money gamma is infinite, in the book as in the scalar."""
        grant = OptionGrant("1900-01-01", 1, "0.000001", expiration_date="1900-01-31")
        assumptions = {"spot": "0.000001", "volatility": "0.01", "risk_free_rate": "0"}
        table = GrantBook.from_grants([grant]).fair_value(on="1900-01-31", **assumptions)
        expected = fair_value(grant, on="1900-01-31", **assumptions)
        for name in ("value", "delta", "gamma", "vega", "theta", "rho"):
            assert _close(table[name].iloc[0], getattr(expected, name)), name

    def test_without_volatility(self) -> None:
        """A volatility of 0 values every grant as certain, as the scalar does."""
        grants = [EMPLOYEE, OptionGrant("2024-01-01", 100, "40", expiration_date="2024-07-01")]
        assumptions = {"spot": "42", "volatility": "0", "risk_free_rate": "0.05"}
        table = GrantBook.from_grants(grants).fair_value(on="2024-03-01", **assumptions)
        for row, grant in enumerate(grants):
            expected = fair_value(grant, on="2024-03-01", **assumptions)
            for name in ("value", "delta", "gamma", "vega", "theta", "rho"):
                assert _close(table[name].iloc[row], getattr(expected, name)), name
            assert table["total"].iloc[row] == expected.total

    def test_hull(self) -> None:
        """Hull's worked call, 42 on 40 for 182 days (4.76 for half a year), a share of a grant."""
        grant = OptionGrant("2024-01-01", 100, "40", expiration_date="2024-07-01")
        on = dt.date(2024, 7, 1) - dt.timedelta(days=182)
        table = GrantBook.from_grants([grant]).fair_value(
            on=on, spot="42", volatility="0.2", risk_free_rate="0.1"
        )
        assert round(table["value"].iloc[0], 2) == 4.75

    def test_theta_cancelling(self) -> None:
        """A call whose theta's terms cancel (yield near the rate) is valued by the scalar."""
        grant = OptionGrant("2024-01-01", 1_000, "100", expiration_date="2025-01-01")
        assumptions = {"volatility": "0.001", "risk_free_rate": "0.0101", "dividend_yield": "0.01"}
        table = GrantBook.from_grants([grant]).fair_value(
            on="2024-01-02", spot="101", **assumptions
        )
        expected = fair_value(grant, on="2024-01-02", spot="101", **assumptions)
        assert 64 * abs(Fraction(expected.theta)) < Fraction(expected.value)  # they cancel
        assert _close(table["theta"].iloc[0], expected.theta)

    def test_a_spot_per_row(self) -> None:
        """Spots may differ row by row."""
        book = GrantBook.from_grants([EMPLOYEE, EMPLOYEE], ids=["a", "b"])
        spots = pd.Series(["2", "4"], index=book.ids)
        table = book.fair_value(
            on="2024-06-30", spot=spots, volatility="0.5", risk_free_rate="0.04"
        )
        for row, spot in enumerate(("2", "4")):
            expected = fair_value(
                EMPLOYEE, on="2024-06-30", spot=spot, volatility="0.5", risk_free_rate="0.04"
            )
            assert _close(table["value"].iloc[row], expected.value)

    def test_bad_assumptions(self) -> None:
        """A float spot or a volatility out of range is refused as the scalar refuses it."""
        book = GrantBook.from_grants([EMPLOYEE])
        with pytest.raises(OptionError) as caught:
            book.fair_value(on="2024-06-30", spot=3.0, volatility="0.5", risk_free_rate="0.04")
        assert caught.value.field == "spot"
        with pytest.raises(OptionError) as caught:
            book.fair_value(on="2024-06-30", spot="3", volatility="11", risk_free_rate="0.04")
        assert caught.value.field == "volatility"


def _decimal_totals(values: list[float], counts: list[int], currencies: list[str]) -> list[Any]:
    """Each value as a decimal of 18 places, times its count, rounded half up: all decimal."""
    exact = pa.array(values).cast(pa.decimal128(38, 18), safe=False)
    totals = cash(times(exact, np.array(counts)), np.array(currencies), decimal.ROUND_HALF_UP)
    return [
        None if math.isnan(value) else total
        for value, total in zip(values, totals.to_pylist(), strict=True)
    ]


class TestValueTotals:
    """A valuation's totals, taken in doubles where they decide, are the decimals' exactly."""

    @given(
        st.lists(
            st.tuples(
                st.one_of(
                    st.floats(0, 1e6),
                    st.integers(0, 10**8).map(lambda cents: cents / 1000),  # ties of a cent
                    st.just(math.nan),
                ),
                st.integers(1, 2**62),
                st.sampled_from(["USD", "JPY", "BHD"]),
            ),
            min_size=1,
            max_size=8,
        )
    )
    @example([(0.125, 1, "USD"), (0.5, 3, "JPY"), (0.0005, 1, "BHD")])  # halves: decimals
    @example([(1e15, 10**9, "USD"), (2.5, 2**60, "USD")])  # past 2^52 minor units: decimals
    @example([(math.nan, 1, "USD"), (0.0, 1, "JPY")])
    def test_as_the_decimals(self, rows: list[tuple[float, int, str]]) -> None:
        """Every total is the decimal computation's, whichever path it took; NaN is missing."""
        values, counts, currencies = (list(column) for column in zip(*rows, strict=True))
        got = value_cash(np.array(values), np.array(counts), np.array(currencies, dtype=object))
        assert got.to_pylist() == _decimal_totals(values, counts, currencies)

    def test_minor_units_at_the_widest_scale(self) -> None:
        """Yen beside dollars read at two places, the same numbers."""
        got = value_cash(np.array([1.5, 0.375]), np.array([1, 1]), np.array(["JPY", "USD"]))
        assert got.type == pa.decimal128(38, 2)
        assert got.to_pylist() == [Decimal("2.00"), Decimal("0.38")]


class TestExactProducts:
    """A price column times share counts is exact, in int64 where every product fits."""

    @given(
        st.lists(
            st.tuples(
                st.decimals(0, Decimal("9999999999999999.99"), places=2),
                st.integers(0, 2**63 - 1),
            ),
            min_size=1,
            max_size=6,
        )
    )
    @example([(Decimal("2.15"), 48_000)])
    @example([(Decimal("9999999999999999.99"), 1), (Decimal("0.01"), 2**63 - 1)])  # too large
    def test_as_decimals(self, rows: list[tuple[Decimal, int]]) -> None:
        """Each product is the decimal product, at the price's scale, whichever path it took."""
        prices = pa.array([price for price, _ in rows], pa.decimal128(18, 2))
        counts = np.array([count for _, count in rows], dtype=np.int64)
        products = times(prices, counts)
        assert products.type.scale == 2
        exact = decimal.Context(prec=60)  # every product's digits
        assert products.to_pylist() == [exact.multiply(price, count) for price, count in rows]


def _places(amount: Decimal) -> int:
    exponent = amount.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


class TestScalarRows:
    """Rows the columns cannot hold are answered by the scalar path, and still equal it."""

    LONG_PRICE = OptionGrant(
        "2024-01-01", 10**9, "123456789012345.123456789012345678901234", term="1 year"
    )

    def test_a_price_of_many_digits(self) -> None:
        """Costs and values exact to the last digit, in Decimals where decimal128 is too short."""
        grants = [self.LONG_PRICE, AUXER_1999]
        book = GrantBook.from_grants(grants)
        for rounding in (None, decimal.ROUND_05UP, decimal.ROUND_HALF_EVEN):
            _same(
                book.exercise_cost(rounding=rounding),
                [exercise_cost(grant, rounding=rounding) for grant in grants],
            )
        assert book.to_frame()["exercise_price"].tolist() == [g.exercise_price for g in grants]

    def test_a_market_price_of_many_digits(self) -> None:
        """A market price longer than a column holds sends every row by the scalar path."""
        market = "0.5000000000000000000001"
        book = GrantBook.from_grants([AUXER_1999, EMPLOYEE])
        _same(
            book.intrinsic_value(market, rounding=None),
            [intrinsic_value(g, market, rounding=None) for g in (AUXER_1999, EMPLOYEE)],
        )
        _same(
            book.dilutive_shares(market),
            [dilutive_shares(g, market) for g in (AUXER_1999, EMPLOYEE)],
        )

    def test_fractional_vesting(self) -> None:
        """A fraction of a share vested is a Fraction, as the scalar API gives it."""
        grant = OptionGrant(
            "2024-01-01",
            10,
            "1",
            term="5 years",
            vesting=VestingSchedule.graded(
                "2024-01-01", months=4, every=1, allocation="FRACTIONAL"
            ),
        )
        assert GrantBook.from_grants([grant]).vested_shares("2024-02-01").tolist() == [
            Fraction(5, 2)
        ]

    def test_sums_past_int64(self) -> None:
        """Shares whose vesting sums would overflow 64 bits go by the scalar path."""
        grant = OptionGrant(
            "2024-01-01",
            2**62,
            "1",
            term="5 years",
            vesting=VestingSchedule.graded("2024-01-01", months=48, every=1),
        )
        book = GrantBook.from_grants([grant])
        assert book.summary()["scalar_rows"].sum() == 1
        _same(book.vested_shares("2025-01-01"), [vested_shares(grant, "2025-01-01")])


class TestFrames:
    """A book goes out to a DataFrame and back unchanged; a frame's bad rows are all named."""

    @whole_books()
    @given(st.lists(book_grants(), min_size=1, max_size=6))
    def test_round_trip(self, grants: list[OptionGrant]) -> None:
        """from_frame(to_frame()) gives the same grants, ids and answers."""
        book = GrantBook.from_grants(grants, ids=[f"g{i}" for i in range(len(grants))])
        again = GrantBook.from_frame(book.to_frame())
        assert list(again) == grants
        assert again.ids.equals(book.ids)
        assert again.exercise_cost().tolist() == book.exercise_cost().tolist()

    def test_columns_of_a_graded_schedule(self) -> None:
        """vesting_start and its parts are a graded schedule; a missing value leaves it out."""
        frame = pd.DataFrame(
            {
                "grant_date": ["2024-01-31", "1999-07-01"],
                "shares": [48_000, 1_000_000],
                "exercise_price": ["2.15", "0.13"],
                "term": ["10 years", "three (3) months"],
                "vesting_start": ["2024-01-31", None],
                "vesting_months": [48, None],
                "vesting_cliff": [12, None],
                "holder": ["ann", None],
            },
            index=pd.Index(["ann-1", "auxer"], name="id"),
        )
        book = GrantBook.from_frame(frame)
        assert book.grant("ann-1") == EMPLOYEE
        assert book.grant("auxer") == OptionGrant("1999-07-01", 1_000_000, "0.13", term="3 months")
        holders = book.summary().index.get_level_values("holder")
        assert holders[0] == "ann"
        assert pd.isna(holders[1])  # no holder given, and no grantee: kept as missing

    def test_an_id_column(self) -> None:
        """An id column names the rows instead of the index."""
        frame = pd.DataFrame(
            {
                "id": ["x"],
                "grant_date": ["1999-07-01"],
                "shares": [1_000_000],
                "exercise_price": ["0.13"],
                "term": ["3 months"],
            }
        )
        assert GrantBook.from_frame(frame).ids.tolist() == ["x"]

    def test_every_bad_row_is_named(self) -> None:
        """Each refused row's id and the scalar API's error, all at once."""
        frame = GrantBook.from_grants([AUXER_1999, EMPLOYEE, EMPLOYEE]).to_frame()
        frame.loc[0, "shares"] = 0
        frame.loc[2, "outstanding_shares"] = 5
        with pytest.raises(InvalidBookError) as caught:
            GrantBook.from_frame(frame)
        assert caught.value.value == (0, 2)
        (first, shares), (second, derived) = caught.value.refusals
        assert (first, shares.field, second, derived.field) == (
            0,
            "shares",
            2,
            "outstanding_shares",
        )
        with pytest.raises(OptionError) as direct:
            OptionGrant("1999-07-01", 0, "0.13", term="3 months")
        assert shares.rule == direct.value.rule

    def test_many_bad_rows_are_counted(self) -> None:
        """Twenty rows are named and the rest counted, so that the message stays short."""
        frame = pd.DataFrame(
            {
                "grant_date": ["1999-07-01"] * 25,
                "shares": [0] * 25,
                "exercise_price": ["1"] * 25,
                "term": ["1 year"] * 25,
            }
        )
        with pytest.raises(InvalidBookError) as caught:
            GrantBook.from_frame(frame)
        assert len(caught.value.refusals) == 25
        assert caught.value.rule.endswith("and 5 more")

    def test_unknown_columns_are_refused(self) -> None:
        """A column the book does not read is refused, not dropped."""
        frame = GrantBook.from_grants([AUXER_1999]).to_frame().assign(note="x")
        with pytest.raises(InvalidDataError) as caught:
            GrantBook.from_frame(frame)
        refused(caught, field="frame", rule=UNKNOWN_COLUMN, value="note")

    def test_vesting_given_twice(self) -> None:
        """A schedule whole and in parts, in one row, is refused."""
        frame = (
            GrantBook.from_grants([EMPLOYEE])
            .to_frame()
            .assign(vesting_start="2024-01-31", vesting_months=12)
        )
        with pytest.raises(InvalidBookError) as caught:
            GrantBook.from_frame(frame)
        refused(caught.value.refusals[0][1], field="vesting", rule=VESTING_TWICE)


class TestBook:
    """What a book is: its grants, ids, totals and display."""

    def test_grants_come_back(self) -> None:
        """grant(id) and iteration give back the very grants that went in."""
        book = GrantBook.from_grants([AUXER_1999, EMPLOYEE], ids=["a", "e"])
        assert book.grant("e") is EMPLOYEE
        assert list(book) == [AUXER_1999, EMPLOYEE]
        assert len(book) == 2
        assert repr(book) == "<GrantBook of 2 grants>"

    def test_summary(self) -> None:
        """Totals by holder and currency, with the rows the scalar path answered."""
        split = adjust_for_split(EMPLOYEE, 2)
        book = GrantBook.from_grants([AUXER_1999, EMPLOYEE, split], holders=["pmr", "ann", "ann"])
        summary = book.summary()
        assert summary.loc[("ann", "USD"), "grants"] == 2
        assert summary.loc[("ann", "USD"), "scalar_rows"] == 1
        assert summary.loc[("pmr", "USD"), "exercise_cost"] == Decimal("130000.00")
        assert "GrantBook</b> of 3 grants" in book._repr_html_()
        assert "<td>USD</td><td>336,400.00</td>" in book._repr_html_()

    def test_summary_on_a_day_at_a_price(self) -> None:
        """With a day and a market price, vested, exercisable, intrinsic and dilutive totals."""
        book = GrantBook.from_grants(
            [AUXER_1999, EMPLOYEE, EMPLOYEE], holders=["pmr", "ann", "ann"]
        )
        summary = book.summary(on="2025-01-31", market_price="3")
        ann: Any = summary.loc[("ann", "USD")]
        assert ann["vested_shares"] == 2 * vested_shares(EMPLOYEE, "2025-01-31")
        assert ann["exercisable_shares"] == 2 * exercisable_shares(EMPLOYEE, "2025-01-31")
        # In Fractions: the tests run under a decimal context that traps any rounding.
        assert Fraction(ann["intrinsic_value"]) == 2 * Fraction(intrinsic_value(EMPLOYEE, "3"))
        assert ann["dilutive_shares"] == 2 * dilutive_shares(EMPLOYEE, "3")

    def test_pickles(self) -> None:
        """A book survives pickling, built from grants or from a frame, and answers alike."""
        for book in (
            GrantBook.from_grants([AUXER_1999, adjust_for_split(EMPLOYEE, 2)], progress=True),
            GrantBook.from_frame(
                GrantBook.from_grants([EMPLOYEE]).to_frame().drop(columns=list(DERIVED))
            ),
        ):
            again = pickle.loads(pickle.dumps(book))  # noqa: S301  (our own bytes)
            assert list(again) == list(book)
            _same(again.vested_shares("2025-06-30"), book.vested_shares("2025-06-30").tolist())

    def test_an_empty_book(self) -> None:
        """A book of no grants answers every question with nothing."""
        book = GrantBook.from_grants([])
        on = pd.Series([], index=book.ids, dtype=object)
        assert book.vested_shares(on).empty
        assert book.exercisable_shares("2025-01-01").empty
        assert book.summary(on="2025-01-01", market_price="1").empty
        assert book.dilutive_shares("1").empty
        assert book.fair_value(
            on="2025-01-01", spot="1", volatility="0.2", risk_free_rate="0"
        ).empty

    def test_a_chunked_price_column(self) -> None:
        """A decimal column in several chunks (pd.concat, Parquet row groups) is read whole."""
        parts = [
            pd.DataFrame(
                {
                    "grant_date": ["2024-01-01"],
                    "shares": [10],
                    "exercise_price": pd.array(
                        [Decimal("1.5")], dtype=pd.ArrowDtype(pa.decimal128(10, 2))
                    ),
                    "term": ["1 year"],
                    "currency": [currency],
                }
            )
            for currency in ("USD", "JPY")
        ]
        book = GrantBook.from_frame(pd.concat(parts, ignore_index=True))
        assert book.exercise_cost().tolist() == [Decimal("15.00"), Decimal(15)]

    def test_immutable(self) -> None:
        """A book cannot be changed."""
        book = GrantBook.from_grants([AUXER_1999])
        with pytest.raises(AttributeError):
            book._ids = None  # type: ignore[assignment]

    def test_bad_input(self) -> None:
        """Each kind of bad argument is refused by its rule."""
        with pytest.raises(OptionTypeError):
            GrantBook.from_grants([AUXER_1999, "grant"])  # type: ignore[list-item]
        with pytest.raises(InvalidDataError) as caught:
            GrantBook.from_grants([AUXER_1999], ids=[1, 2])
        refused(caught, field="ids", rule=WRONG_LENGTH.format(count=1))
        with pytest.raises(InvalidDataError) as caught:
            GrantBook.from_grants([AUXER_1999], holders=[])
        refused(caught, field="holders", rule=WRONG_LENGTH.format(count=1))
        with pytest.raises(InvalidBookError) as many:
            GrantBook.from_grants([AUXER_1999] * 2, ids=["a", "a"])
        refused(many.value.refusals[0][1], field="ids", rule=REPEATED_ID)
        book = GrantBook.from_grants([AUXER_1999])
        with pytest.raises(InvalidDataError) as caught:
            book.grant("missing")
        refused(caught, field="grant_id", rule=UNKNOWN_ID)
        with pytest.raises(InvalidDataError) as caught:
            book.vested_shares(pd.Series(["1999-07-01"], index=["other"]))
        refused(caught, field="on", rule=NOT_ROW_BY_ROW)
        with pytest.raises(OptionError):
            book.intrinsic_value(0.5)


class TestMessages:
    """The book's rules, word for word (everywhere else they are checked by meaning)."""

    def test_rules(self) -> None:
        """Each constant as written."""
        assert REPEATED_ID == "is the id of more than one grant"
        assert UNKNOWN_ID == "is not the id of a grant in the book"
        assert WRONG_LENGTH == "must have one item per grant ({count})"
        assert NOT_ROW_BY_ROW == "must be one value, or one per grant: a Series indexed by grant id"
        assert NOT_DERIVED == "must be what the row's terms give ({derived})"
        assert VESTING_TWICE == "must not be given with a vesting column in the same row"
        assert UNKNOWN_COLUMN.startswith("is not a column a book reads")
        assert ROWS_REFUSED == "rows refused ({count}): {listing}"
        assert NOT_A_FRAME == "must be a pandas DataFrame"
        assert REPEATED_COLUMN == "is the name of more than one column"
        assert NOT_HOLDERS == "must be a list of names (or None), one per grant"


MISSING: list[Any] = [None, float("nan"), pd.NA]


@st.composite
def frame_rows(draw: st.DrawFn) -> dict[str, Any]:
    """A row as a notebook's frame holds a grant: text or objects, some of it bad."""
    grant_date = draw(st.dates(dt.date(1950, 1, 1), dt.date(2100, 12, 31)))
    row: dict[str, Any] = {
        "grant_date": draw(st.sampled_from([grant_date, grant_date.isoformat()])),
        "shares": draw(st.one_of(share_counts(max_value=10**12), st.sampled_from([0, -1, 1.5]))),
        "exercise_price": draw(
            st.one_of(share_prices(), st.sampled_from(["-1", "abc", "1e-12", None]))
        ),
        "term": draw(st.sampled_from(["10 years", "3 months", "P5Y", None, "forever"])),
        "currency": draw(st.sampled_from(["USD", "eur", "JPY", None, "XXX"])),
        "early_exercisable": draw(st.sampled_from([None, True, False, "yes"])),
        "grantee": draw(st.sampled_from([None, "ann", " "])),
        "vesting_start": None,
        "vesting_months": None,
        "vesting_every": None,
        "vesting_cliff": None,
    }
    if row["term"] is None:
        row["expiration_date"] = grant_date + dt.timedelta(days=draw(st.integers(-5, 4000)))
    if draw(st.booleans()):
        every = draw(st.sampled_from([1, 3, 12]))
        months = every * draw(st.integers(0, 8))
        row |= {
            "vesting_start": grant_date + dt.timedelta(days=draw(st.integers(-40, 40))),
            "vesting_months": months,
            "vesting_every": every,
            "vesting_cliff": draw(st.integers(0, months + 1)),
        }
    return row


def _grant_of(row: dict[str, Any]) -> OptionGrant:
    def given(value: object) -> bool:
        return not (
            value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
        )

    keywords: dict[str, Any] = dict.fromkeys(["grant_date", "shares", "exercise_price"])
    keywords |= {
        name: value for name, value in row.items() if given(value) and not name.startswith("v")
    }
    parts = {
        name[8:]: row[name] for name in row if name.startswith("vesting_") and given(row[name])
    }
    if parts:
        keywords["vesting"] = VestingSchedule.graded(parts.pop("start"), **parts)
    return OptionGrant(**keywords)


class TestFromFrame:
    """A frame's rows are read as the constructor reads them, by columns where they are plain."""

    @whole_books()
    @given(st.lists(frame_rows(), min_size=1, max_size=10), DAYS)
    def test_row_by_row(self, rows: list[dict[str, Any]], on: dt.date) -> None:
        """The book holds the grants the constructor builds, or names the rows it refuses."""
        frame = pd.DataFrame(rows, dtype=object)
        expected: list[OptionGrant] = []
        errors: list[tuple[int, OptionError]] = []
        for index, row in enumerate(rows):
            try:
                expected.append(_grant_of(row))
            except OptionError as error:
                errors.append((index, error))
        if errors:
            with pytest.raises(InvalidBookError) as caught:
                GrantBook.from_frame(frame)
            found = [(row, type(e), e.field, e.rule) for row, e in caught.value.refusals]
            assert found == [(row, type(e), e.field, e.rule) for row, e in errors]
            return
        book = GrantBook.from_frame(frame)
        assert list(book) == expected
        _same(book.vested_shares(on), [vested_shares(g, on) for g in expected])
        _same(book.exercisable_shares(on), [exercisable_shares(g, on) for g in expected])
        _same(book.window_status(on), [window_status(g, on) for g in expected])
        _same(book.exercise_cost(), [exercise_cost(g) for g in expected])

    def test_many_sets_of_terms(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Sets of window terms too many for one key are told apart as well."""
        frame = pd.DataFrame(
            {
                "grant_date": ["2024-01-31", "2024-01-31", "2023-05-01", "2024-01-31"],
                "shares": [100, 200, 300, 400],
                "exercise_price": ["1", "2", "3", "4"],
                "term": ["10 years", "5 years", "10 years", "10 years"],
                "vesting_start": ["2024-01-31", "2024-02-29", "2023-05-01", "2024-01-31"],
                "vesting_months": [48, 48, 12, 24],
            }
        )
        expected = GrantBook.from_frame(frame)
        monkeypatch.setattr(_frame, "_KEY_SPAN", 3)  # renumbered after every column
        book = GrantBook.from_frame(frame)
        assert list(book) == list(expected) == [_grant_of(row) for row in frame.to_dict("records")]

    def test_typed_columns(self) -> None:
        """int64 shares, datetime64 dates and pyarrow decimals are read by columns."""
        frame = pd.DataFrame(
            {
                "grant_date": pd.to_datetime(["2024-01-31", "1999-07-01"]),
                "shares": np.array([48_000, 1_000_000]),
                "exercise_price": pd.array(
                    [Decimal("2.15"), Decimal("0.13")], dtype=pd.ArrowDtype(pa.decimal128(10, 2))
                ),
                "term": ["10 years", "3 months"],
                "vesting_start": pd.to_datetime(["2024-01-31", None]),
                "vesting_months": pd.array([48, None], dtype="Int64"),
                "vesting_cliff": pd.array([12, None], dtype="Int64"),
            }
        )
        book = GrantBook.from_frame(frame)
        assert list(book) == [
            EMPLOYEE,
            OptionGrant("1999-07-01", 1_000_000, "0.13", term="3 months"),
        ]
        assert book.exercise_cost().tolist() == [Decimal("103200.00"), Decimal("130000.00")]

    def test_bad_typed_columns(self) -> None:
        """A negative or missing decimal price and a zero count are named by row."""
        frame = pd.DataFrame(
            {
                "grant_date": ["2024-01-31"] * 3,
                "shares": np.array([0, 5, 5]),
                "exercise_price": pd.array(
                    [Decimal(1), Decimal(-1), None], dtype=pd.ArrowDtype(pa.decimal128(10, 2))
                ),
                "term": ["10 years"] * 3,
            }
        )
        with pytest.raises(InvalidBookError) as caught:
            GrantBook.from_frame(frame)
        assert [(row, error.field) for row, error in caught.value.refusals] == [
            (0, "shares"),
            (1, "exercise_price"),
            (2, "exercise_price"),
        ]

    def test_rows_for_the_constructor(self) -> None:
        """Rows with more than plain terms, or values no column holds, go to the constructor."""
        frame = pd.DataFrame(
            {
                "grant_date": ["2024-01-31", "2024-01-31"],
                "shares": pd.array([2**62, 10], dtype=object),
                "exercise_price": ["1", "1"],
                "term": ["10 years", "10 years"],
                "holidays": [None, ["2034-01-31"]],
                "vesting_start": ["2024-01-31", None],
                "vesting_months": [48, None],
            }
        )
        book = GrantBook.from_frame(frame)
        assert book.summary()["scalar_rows"].sum() == 1  # the sums past 64 bits
        assert book.grant(1).holidays == frozenset({dt.date(2034, 1, 31)})

    def test_missing_and_unhashable_columns(self) -> None:
        """No price column, or lists where terms belong: each row gets the constructor's error."""
        no_price = pd.DataFrame({"grant_date": ["2024-01-31"], "shares": [1], "term": ["1 year"]})
        with pytest.raises(InvalidBookError) as caught:
            GrantBook.from_frame(no_price)
        assert caught.value.refusals[0][1].field == "exercise_price"
        listed = pd.DataFrame(
            {"grant_date": ["2024-01-31"], "shares": [1], "exercise_price": [[1]], "term": [["1"]]}
        )
        with pytest.raises(InvalidBookError) as caught:
            GrantBook.from_frame(listed)
        with pytest.raises(OptionError) as direct:
            OptionGrant("2024-01-31", 1, [1], term=["1"])  # type: ignore[arg-type]
        assert caught.value.refusals[0][1].rule == direct.value.rule


class TestHostileInput:
    """What no column should hold is refused by its rule, never by a pandas or pyarrow error."""

    def test_totals_past_int64_and_decimal128(self) -> None:
        """Totals that overflow 64-bit counts or 38 digits are exact: Python ints, Decimals."""
        grant = OptionGrant("2024-01-31", 2**62, "99999999999999999", term="10 years")
        book = GrantBook.from_grants([grant] * 20, holders=["h"] * 20)
        totals: Any = book.summary(on="2025-01-01").iloc[0]
        assert totals["shares"] == totals["vested_shares"] == 20 * 2**62
        assert Fraction(totals["exercise_cost"]) == 20 * Fraction(exercise_cost(grant))
        assert f"{20 * 2**62:,} shares outstanding" in book._repr_html_()

    def test_totals_of_more_than_38_digits(self) -> None:
        """Money of more digits than decimal128 holds is totalled exactly, in our context."""
        grant = OptionGrant("2024-01-31", 10**15, "1234567890123456789012345.5", term="10 years")
        book = GrantBook.from_grants([grant, grant], holders=["h", "h"])
        total = book.summary()["exercise_cost"].iloc[0]
        assert Fraction(total) == 2 * Fraction(exercise_cost(grant))

    def test_a_decimal_price_of_a_billion(self) -> None:
        """A price column's value of a billion or more goes by the scalar path, as from grants."""
        prices = pd.array([Decimal(10**17), Decimal(5)], dtype=pd.ArrowDtype(pa.decimal128(18, 0)))
        frame = pd.DataFrame(
            {
                "grant_date": ["2024-01-01"] * 2,
                "shares": [5, 5],
                "exercise_price": prices,
                "term": ["1 year"] * 2,
            }
        )
        book = GrantBook.from_frame(frame)
        assert book.summary()["scalar_rows"].sum() == 1
        with pytest.raises(OptionError) as caught:
            book.fair_value(on="2024-03-01", spot="1", volatility="0.3", risk_free_rate="0")
        assert caught.value.field == "strike"

    @pytest.mark.parametrize(
        ("column", "value", "field", "cls"),
        [
            ("exercise_price", Decimal("sNaN"), "exercise_price", InvalidAmountError),
            ("exercise_price", Decimal("NaN"), "exercise_price", InvalidAmountError),
            ("grant_date", pd.NaT, "grant_date", DateTypeError),
            ("vesting_start", "2024-01-31", "months", InvalidVestingError),
            ("term", ["1 year"], "term", InvalidTermError),
        ],
    )
    def test_bad_cells(self, column: str, value: object, field: str, cls: type) -> None:
        """A cell no grant takes is refused with the constructor's own error."""
        frame = pd.DataFrame(
            {
                "grant_date": ["2024-01-01"],
                "shares": [5],
                "exercise_price": ["1"],
                "term": ["1 year"],
            }
        )
        frame[column] = pd.Series([value], dtype=object)
        with pytest.raises(InvalidBookError) as caught:
            GrantBook.from_frame(frame)
        ((_, error),) = caught.value.refusals
        assert (error.field, type(error)) == (field, cls)

    def test_bad_frames(self) -> None:
        """Not a frame, or a column named twice."""
        with pytest.raises(OptionTypeError) as caught:
            GrantBook.from_frame([{"grant_date": "2024-01-01"}])  # type: ignore[arg-type]
        refused(caught, field="frame", rule=NOT_A_FRAME)
        twice = pd.DataFrame([[5, 6]], columns=["shares", "shares"])
        with pytest.raises(InvalidDataError) as repeated:
            GrantBook.from_frame(twice)
        refused(repeated, field="frame", rule=REPEATED_COLUMN, value="shares")

    def test_derived_columns_as_pandas_holds_them(self) -> None:
        """A derived date as a midnight Timestamp, or left missing, is read as given."""
        frame = GrantBook.from_grants([AUXER_1999, EMPLOYEE]).to_frame()
        frame["last_exercise_date"] = pd.to_datetime(frame["last_exercise_date"].astype(str))
        frame["outstanding_shares"] = pd.array([None, 48_000], dtype="Int64")
        assert list(GrantBook.from_frame(frame)) == [AUXER_1999, EMPLOYEE]

    def test_bad_values_for_every_row(self) -> None:
        """Lists, unhashable values and a count for an empty book."""
        book = GrantBook.from_grants([AUXER_1999, AUXER_1999])
        with pytest.raises(InvalidBookError) as many:
            book.exercise_cost([1, 2])  # one value for every row: a list is no count
        assert {type(error) for _, error in many.value.refusals} == {ShareCountTypeError}
        with pytest.raises(OptionError):
            book.vested_shares(pd.Series([["x"], ["y"]], index=book.ids))
        with pytest.raises(AmountTypeError):
            book.intrinsic_value(np.array(["1", "2"]))
        assert GrantBook.from_grants([]).exercise_cost(5).empty
        with pytest.raises(InvalidDataError) as caught:
            book.grant([0])  # type: ignore[arg-type]
        refused(caught, field="grant_id", rule=UNKNOWN_ID)

    def test_bad_holders(self) -> None:
        """Holders are names or None, one per grant: a text is not a list of them."""
        with pytest.raises(OptionTypeError) as caught:
            GrantBook.from_grants([AUXER_1999] * 3, holders="abc")
        refused(caught, field="holders", rule=NOT_HOLDERS)
        with pytest.raises(OptionTypeError):
            GrantBook.from_grants([AUXER_1999], holders=[["ann"]])  # type: ignore[list-item]


class TestProgress:
    """A book made with progress=True shows its grant-by-grant loops on a tqdm bar."""

    def test_bars(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Reading grants, building rows and the scalar rows each show a bar on stderr."""
        pytest.importorskip("tqdm")
        split = adjust_for_split(EMPLOYEE, 2)
        book = GrantBook.from_grants([AUXER_1999, split], progress=True)
        book.vested_shares("2025-01-31")
        book.exercise_cost()
        book.dilutive_shares("5")
        GrantBook.from_frame(book.to_frame(), progress=True)
        shown = capsys.readouterr().err
        for what in ("reading grants", "vested_shares", "exercise_cost", "dilutive_shares"):
            assert what in shown
        assert "building rows" in shown

    def test_quiet_by_default(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without progress=True nothing is drawn."""
        GrantBook.from_grants([adjust_for_split(EMPLOYEE, 2)]).vested_shares("2025-01-31")
        assert capsys.readouterr().err == ""

    def test_without_tqdm(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Asking for progress without tqdm says what to install."""
        monkeypatch.setitem(sys.modules, "tqdm.auto", None)
        with pytest.raises(ImportError, match=re.escape(NO_TQDM)):
            GrantBook.from_grants([AUXER_1999], progress=True)

    def test_message(self) -> None:
        """The words, once."""
        assert NO_TQDM == "progress=True needs tqdm: pip install 'auxer-option[progress]'"


class TestTaxTerms:
    """A grant's tax terms as book columns, and the ISO limit over a book's holders."""

    @staticmethod
    def iso(grant_date: str = "2024-03-01", shares: int = 30_000, **keywords: Any) -> OptionGrant:
        return OptionGrant(
            grant_date, shares, "5.00", term="10 years", compensation_type="OPTION_ISO", **keywords
        )

    def test_round_trip(self) -> None:
        """A book's frame carries the terms, and reads back exactly."""
        grants = [self.iso(grant_fair_market_value="4.50"), AUXER_1999]
        frame = GrantBook.from_grants(grants).to_frame()
        again = GrantBook.from_frame(frame)
        assert list(again) == grants
        pd.testing.assert_frame_equal(again.to_frame(), frame)

    def test_plain_rows_with_default_columns(self) -> None:
        """Default terms in a frame keep a row plain; others go to the constructor."""
        frame = pd.DataFrame(
            {
                "grant_date": ["2024-01-02"] * 3,
                "shares": [1, 2, 3],
                "exercise_price": ["1", "1", "1"],
                "term": ["1 year"] * 3,
                "compensation_type": ["OPTION", "OPTION_NSO", None],
                "ten_percent_holder": [False, True, False],
            }
        )
        book = GrantBook.from_frame(frame)
        assert [grant.compensation_type for grant in book] == [
            CompensationType.OPTION,
            CompensationType.OPTION_NSO,
            CompensationType.OPTION,
        ]
        assert [grant.ten_percent_holder for grant in book] == [False, True, False]

    def test_iso_limit_by_holder(self) -> None:
        """A book runs the limit over each holder's ISOs, by id."""
        grants = [self.iso() for _ in range(3)]
        book = GrantBook.from_grants(grants, ids=["a", "b", "c"], holders=["Ann", "Bo", "Ann"])
        frame = book.iso_limit()
        assert frame["id"].tolist() == ["a", "b", "c"]
        assert frame["holder"].tolist() == ["Ann", "Bo", "Ann"]
        assert frame["iso_shares"].tolist() == [20_000, 20_000, 0]
        assert frame["iso_value"].tolist()[2] == Decimal("0.00")
