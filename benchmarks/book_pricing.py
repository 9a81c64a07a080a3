"""How fast the book's Black-Scholes kernel is, as a ratio to the textbook formula in numpy.

    python benchmarks/book_pricing.py            # a million rows, three books, a few rounds
    python benchmarks/book_pricing.py --rows 100000

Both compute a value and five Greeks for the same columns of ordinary grants (calls and
puts, spot and strike near each other, months to years, the usual rates): the floor is
the textbook formula with scipy's ``ndtr``, which loses digits in the tails; the kernel
is :func:`auxer_option.book._pricing.black_scholes_columns`, which keeps every row equal
to the scalar function's. Nothing here asserts a time: the ratio is read.
"""

from __future__ import annotations

import argparse
import statistics
import timeit
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import special

from auxer_option.book._pricing import black_scholes_columns

Columns = tuple[NDArray[np.float64], ...]


def textbook(
    spot: NDArray[np.float64],
    strike: NDArray[np.float64],
    years: NDArray[np.float64],
    volatility: NDArray[np.float64],
    rate: NDArray[np.float64],
    dividend: NDArray[np.float64],
    is_call: NDArray[np.bool_],
) -> Columns:
    """Value, delta, gamma, vega, theta and rho as textbooks print them, over columns."""
    sign = np.where(is_call, 1.0, -1.0)
    root_years = np.sqrt(years)
    total = volatility * root_years
    share = spot * np.exp(-dividend * years)
    cash = strike * np.exp(-rate * years)
    d1 = (np.log(spot / strike) + (rate - dividend) * years) / total + 0.5 * total
    d2 = d1 - total
    in_share = special.ndtr(sign * d1)
    in_cash = special.ndtr(sign * d2)
    density = np.exp(-0.5 * d1 * d1) / np.sqrt(2 * np.pi)
    decay = share * density * volatility / (2.0 * root_years)
    return (
        sign * (share * in_share - cash * in_cash),
        sign * share / spot * in_share,
        share / spot * density / (spot * total),
        share * density * root_years,
        -decay - sign * rate * cash * in_cash + sign * dividend * share * in_share,
        sign * years * cash * in_cash,
    )


def ordinary_book(
    rows: int, *, with_dividends: bool, seed: int = 0
) -> tuple[NDArray[np.float64] | NDArray[np.bool_], ...]:
    """Columns of ordinary grants: calls without dividends, or a fifth puts and yields."""
    generator = np.random.default_rng(seed)
    spot = np.round(generator.uniform(1.0, 200.0, rows), 2)
    strike = np.round(spot * generator.uniform(0.5, 1.5, rows), 2)
    years = np.round(generator.uniform(0.05, 10.0, rows), 4)
    volatility = np.round(generator.uniform(0.1, 0.9, rows), 4)
    rate = np.round(generator.uniform(0.0, 0.08, rows), 4)
    dividend = np.round(generator.uniform(0.0, 0.04, rows), 4) * with_dividends
    is_call = generator.random(rows) < (0.8 if with_dividends else 1.0)
    return spot, strike, years, volatility, rate, dividend, is_call


def medians(book: tuple[Any, ...], rounds: int) -> tuple[float, float]:
    """The median seconds of the kernel and of the textbook on ``book``, timed in turn."""
    kernel, floor = [], []
    for _ in range(rounds):
        kernel.append(timeit.timeit(lambda: black_scholes_columns(*book), number=1))
        floor.append(timeit.timeit(lambda: textbook(*book), number=1))
    return statistics.median(kernel), statistics.median(floor)


def main() -> None:
    """Time both alternately and print the medians and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=7)
    arguments = parser.parse_args()
    books = {
        "calls without yields": ordinary_book(arguments.rows, with_dividends=False),
        "calls and puts, with yields": ordinary_book(arguments.rows, with_dividends=True),
        # One company's book: the grants of 2,000 distinct terms, each held many times.
        "the same, 2,000 distinct rows": tuple(
            np.resize(column, arguments.rows)
            for column in ordinary_book(2_000, with_dividends=True, seed=1)
        ),
    }
    for name, book in books.items():
        kernel_time, floor_time = medians(book, arguments.rounds)
        print(
            f"{arguments.rows:,} rows, {name}: kernel {kernel_time * 1e3:.0f} ms, "
            f"textbook numpy {floor_time * 1e3:.0f} ms, ratio {kernel_time / floor_time:.2f}"
        )


if __name__ == "__main__":
    main()
