"""The book's Black-Scholes kernel: every row of one call equals the scalar function's."""

from __future__ import annotations

import decimal
import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

np = pytest.importorskip("numpy")
pytest.importorskip("scipy")

from auxer_option import black_scholes  # noqa: E402  (after the extra's check)
from auxer_option.book import _pricing  # noqa: E402
from auxer_option.book._blocks import BLOCK_ROWS  # noqa: E402
from auxer_option.book._pricing import (  # noqa: E402
    ExactInputs,
    GreekColumns,
    black_scholes_columns,
    black_scholes_matrix,
)

#: A row: the six exact inputs and whether it is a call.
Row = tuple[Decimal, Decimal, Decimal, Decimal, Decimal, Decimal, bool]

FIGURES = ("value", "delta", "gamma", "vega", "theta", "rho")
# Differences of given decimals, exact whatever their lengths.
EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def within(got: float, want: Decimal) -> bool:
    """1e-12 of the scalar's figure where it is at least 1e-8, 1e-20 absolute below."""
    if want.is_infinite() or math.isinf(got):
        return float(want) == got
    error = EXACT.subtract(Decimal.from_float(got), want).copy_abs()  # noqa: FURB164
    return error <= max(EXACT.multiply(Decimal("1e-12"), want.copy_abs()), Decimal("1e-20"))


def relative_excess(spot: Decimal, strike: Decimal) -> float:
    """``(spot − strike)/strike`` as a book computes it: the difference exact, then floats."""
    return float(EXACT.subtract(spot, strike)) / float(strike) if strike else 0.0


def columns_of(rows: list[Row]) -> GreekColumns:
    """One vectorised call over ``rows``, given their exact decimals as a book gives them."""
    spot, strike, years, volatility, rate, dividend = (
        np.array([float(row[i]) for row in rows]) for i in range(6)
    )
    return black_scholes_columns(
        spot,
        strike,
        years,
        volatility,
        rate,
        dividend,
        np.array([row[6] for row in rows]),
        relative_excess=np.array([relative_excess(row[0], row[1]) for row in rows]),
        exact_inputs=lambda position: ExactInputs(*rows[position][:6]),
    )


def scalar(row: Row) -> Any:
    """The scalar function's valuation of one row."""
    spot, strike, years, volatility, rate, dividend, is_call = row
    return black_scholes(
        spot=spot,
        strike=strike,
        years=years,
        volatility=volatility,
        risk_free_rate=rate,
        dividend_yield=dividend,
        kind="call" if is_call else "put",
    )


def disagreements(rows: list[Row], columns: GreekColumns) -> list[tuple[Row, str, float, Any]]:
    """The rows and figures where the columns part from the scalar function."""
    found = []
    for position, row in enumerate(rows):
        valuation = scalar(row)
        for name in FIGURES:
            got = float(getattr(columns, name)[position])
            if not within(got, getattr(valuation, name)):
                found.append((row, name, got, getattr(valuation, name)))
    return found


def scaled(mantissa: st.SearchStrategy[int], exponent: st.SearchStrategy[int]) -> Any:
    """Decimals ``mantissa × 10^exponent``."""
    return st.builds(lambda m, e: Decimal(f"{m}E{e}"), mantissa, exponent)


PRICES = st.one_of(
    st.sampled_from([Decimal(0), Decimal(10**15), Decimal("1E-300"), Decimal(1)]),
    scaled(st.integers(1, 10**15), st.integers(-12, 0)),
)
YEARS = st.one_of(
    st.sampled_from([Decimal(0), Decimal(100), Decimal("1E-9")]),
    scaled(st.integers(1, 10**6), st.integers(-6, -4)),
)
VOLATILITIES = st.one_of(
    st.sampled_from([Decimal(0), Decimal(10), Decimal("1E-9")]),
    scaled(st.integers(1, 10**4), st.integers(-12, -3)),
)
RATES = st.one_of(
    st.sampled_from([Decimal(-1), Decimal(0), Decimal(1)]),
    scaled(st.integers(-(10**4), 10**4), st.integers(-8, -4)),
)


@st.composite
def rows(draw: st.DrawFn) -> Row:
    """A row anywhere in the scalar's ranges; often a strike a hair from the spot."""
    spot = draw(PRICES)
    strike = draw(
        st.one_of(
            PRICES,
            scaled(st.integers(-(10**6), 10**6), st.integers(-20, -2)).map(
                lambda shift: min(max(EXACT.add(spot, shift), Decimal(0)), Decimal(10**15))
            ),
        )
    )
    return (
        spot,
        strike,
        draw(YEARS),
        draw(VOLATILITIES),
        draw(RATES),
        draw(RATES),
        draw(st.booleans()),
    )


HULL_CALL: Row = (
    Decimal(42),
    Decimal(40),
    Decimal("0.5"),
    Decimal("0.2"),
    Decimal("0.1"),
    Decimal(0),
    True,
)
# Theta's terms cancel deep in the money at σ√T of 1e-4: the scalar's Decimal theta.
THETA_CANCELS: Row = (
    Decimal("798.56"),
    Decimal("53853.0"),
    Decimal("2.5983"),
    Decimal("0.00007068"),
    Decimal("0.0005729"),
    Decimal("0.04261"),
    False,
)
# σ√T of 1e-6 and a carry cancelling ln(spot/strike) to 7e-6: a bit of the log shows.
CARRY_CANCELS: Row = (
    Decimal("2037538.09"),
    Decimal("2049528.615824876128203"),
    Decimal("0.0091"),
    Decimal("0.0000123"),
    Decimal("0.6793"),
    Decimal("0.0340"),
    False,
)
# At expiry a cent apart at 1e15, where the doubles of spot and strike are equal.
A_CENT_AT_EXPIRY: Row = (
    Decimal("999999999999999.99"),
    Decimal("999999999999999.98"),
    Decimal(0),
    Decimal("0.3"),
    Decimal("0.05"),
    Decimal(0),
    True,
)


class TestEveryRowIsTheScalars:
    @given(st.lists(rows(), min_size=1, max_size=12))
    @example([HULL_CALL, THETA_CANCELS, CARRY_CANCELS, A_CENT_AT_EXPIRY])
    @example([(Decimal(0), Decimal(5), Decimal(1), Decimal("0.3"), Decimal(0), Decimal(0), False)])
    @example([(Decimal(5), Decimal(0), Decimal(1), Decimal("0.3"), Decimal(0), Decimal(0), True)])
    @example([(Decimal(5), Decimal(5), Decimal(0), Decimal("0.3"), Decimal(0), Decimal(0), True)])
    @example(
        [(Decimal(5), Decimal(5), Decimal(2), Decimal(0), Decimal("0.1"), Decimal("0.1"), True)]
    )
    @example([(Decimal(5), Decimal(9), Decimal(2), Decimal(0), Decimal("0.1"), Decimal(0), True)])
    @example(  # the far tail's continued fraction, on both sides of the Taylor series' edge
        [
            (Decimal(1), Decimal(3), Decimal(1), Decimal("0.1"), Decimal(0), Decimal(0), True),
            (Decimal(1), Decimal("1.2"), Decimal(1), Decimal("0.03"), Decimal(0), Decimal(0), True),
        ]
    )
    def test_within_a_trillionth(self, given_rows: list[Row]) -> None:
        """Each of the six figures of every row is the scalar's, to 1e-12 (1e-20 below 1e-8)."""
        assert disagreements(given_rows, columns_of(given_rows)) == []

    @given(st.lists(rows(), min_size=1, max_size=6))
    def test_without_the_decimals_the_doubles_are_exact(self, given_rows: list[Row]) -> None:
        """Given only doubles, each row is the scalar's for the decimals of those doubles."""
        as_doubles = [
            (*(Decimal.from_float(float(n)) for n in row[:6]), row[6])  # noqa: FURB164
            for row in given_rows
        ]
        spot, strike, years, volatility, rate, dividend = (
            np.array([float(row[i]) for row in given_rows]) for i in range(6)
        )
        is_call = np.array([row[6] for row in given_rows])
        columns = black_scholes_columns(spot, strike, years, volatility, rate, dividend, is_call)
        assert disagreements(as_doubles, columns) == []  # type: ignore[arg-type]


class TestWorkedFigures:
    def test_hull_call_and_put(self) -> None:
        """Hull's example: spot 42, strike 40, half a year, σ 0.2, r 0.1: 4.76 and 0.81."""
        columns = black_scholes_columns(42.0, 40.0, 0.5, 0.2, 0.1, 0.0, [True, False])
        assert [round(float(value), 2) for value in columns.value] == [4.76, 0.81]

    def test_hull_greeks(self) -> None:
        """The call's delta 0.7791 and the put's −0.2209, as the scalar gives them."""
        columns = black_scholes_columns(42.0, 40.0, 0.5, 0.2, 0.1, 0.0, [True, False])
        assert [round(float(delta), 4) for delta in columns.delta] == [0.7791, -0.2209]

    def test_columns_broadcast(self) -> None:
        """Scalars and columns broadcast together, and the figures take their shape."""
        columns = black_scholes_columns(42.0, [[40.0], [44.0]], 0.5, 0.2, 0.1, 0.0, [True, False])
        assert columns.value.shape == (2, 2)
        assert columns.value.dtype == np.float64
        assert float(columns.value[0, 0]) == pytest.approx(4.7594223928715, rel=1e-12)

    def test_figures_are_float_columns(self) -> None:
        """Every figure is a float64 column of the inputs' length."""
        columns = black_scholes_columns([1.0, 2.0], 1.5, 1.0, 0.3, 0.02, 0.0, True)
        assert [(figure.dtype, figure.shape) for figure in columns] == [
            (np.dtype(np.float64), (2,))
        ] * 6


class TestVectorised:
    @pytest.fixture
    def scalar_calls(self, monkeypatch: pytest.MonkeyPatch) -> list[int]:
        """Counts the rows handed to the scalar function."""
        handed: list[int] = []
        original: Callable[..., tuple[float, ...]] = _pricing._scalar_row

        def counted(given: ExactInputs, *, is_call: bool) -> tuple[float, ...]:
            handed.append(1)
            return original(given, is_call=is_call)

        monkeypatch.setattr(_pricing, "_scalar_row", counted)
        return handed

    def test_a_million_ordinary_rows_as_arrays(self, scalar_calls: list[int]) -> None:
        """A million ordinary grants (calls, positive rates) go through no per-row Python."""
        generator = np.random.default_rng(20)
        size = 1_000_000
        spot = np.round(generator.uniform(1.0, 200.0, size), 2)
        columns = black_scholes_columns(
            spot,
            np.round(spot * generator.uniform(0.5, 1.5, size), 2),
            np.round(generator.uniform(0.0, 10.0, size), 4),
            np.round(generator.uniform(0.05, 0.9, size), 4),
            np.round(generator.uniform(0.001, 0.08, size), 4),
            0.0,
            True,
        )
        assert scalar_calls == []
        assert np.all(np.isfinite(columns.value))
        assert np.all(columns.value >= 0.0)

    def test_theta_cancelling_goes_to_the_scalar(self, scalar_calls: list[int]) -> None:
        """A row whose theta's terms cancel is the scalar's, and only that row."""
        given_rows = [HULL_CALL, THETA_CANCELS, HULL_CALL]
        assert disagreements(given_rows, columns_of(given_rows)) == []
        assert scalar_calls == [1]

    def test_repeated_rows_go_to_the_scalar_once(self, scalar_calls: list[int]) -> None:
        """Rows with the same exact inputs and kind are handed over once, and all get it."""
        given_rows = [THETA_CANCELS, HULL_CALL, CARRY_CANCELS, THETA_CANCELS, CARRY_CANCELS]
        assert disagreements(given_rows, columns_of(given_rows)) == []
        assert scalar_calls == [1, 1]

    def test_a_carry_cancelling_the_log_goes_to_the_scalar(self, scalar_calls: list[int]) -> None:
        """A row that a last bit of ln(forward/strike) would move is the scalar's."""
        given_rows = [CARRY_CANCELS, HULL_CALL]
        assert disagreements(given_rows, columns_of(given_rows)) == []
        assert scalar_calls == [1]


class TestBlocks:
    def test_a_row_is_the_same_in_any_block(self) -> None:
        """Rows valued in blocks, across a block's edge, are each what they are alone."""
        kinds = [HULL_CALL, THETA_CANCELS, CARRY_CANCELS, A_CENT_AT_EXPIRY]
        alone = np.stack(columns_of(kinds))
        count = BLOCK_ROWS + 5  # the last block holds five rows
        picks = np.arange(count) % len(kinds)
        spot, strike, years, volatility, rate, dividend = (
            np.array([float(row[i]) for row in kinds])[picks] for i in range(6)
        )
        excess = np.array([relative_excess(row[0], row[1]) for row in kinds])[picks]
        figures = black_scholes_matrix(
            spot,
            strike,
            years,
            volatility,
            rate,
            dividend,
            np.array([row[6] for row in kinds])[picks],
            relative_excess=excess,
            exact_inputs=lambda position: ExactInputs(*kinds[position % len(kinds)][:6]),
        )
        assert figures.shape == (6, count)
        np.testing.assert_array_equal(figures, alone[:, picks])
