"""How fast auxer_option is, as ratios to plain Python doing the same work in the same run.

    python benchmarks/run.py           # the table (about a minute)
    python benchmarks/run.py --quick   # a smoke run: the same rows, few repeats

Each row times the library and its floor (the same arithmetic written plainly, with no
checks) alternately, several rounds each, and reports the median time per call of both
and their ratio. Ratios travel between machines; seconds do not. Nothing here asserts a
time: the table is read, and quoted where it matters.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import timeit
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple

from auxer_option import black_scholes

INVERSE_ROOT_TWO = 1 / math.sqrt(2)
INVERSE_ROOT_TWO_PI = 1 / math.sqrt(2 * math.pi)


def textbook(
    spot: Decimal,
    strike: Decimal,
    years: Decimal,
    volatility: Decimal,
    rate: Decimal,
    dividend: Decimal,
) -> tuple[Decimal, ...]:
    """Black-Scholes-Merton as textbooks print it: a call's value and Greeks, N through erf.

    It takes and returns what the library does (Decimal in, Decimal out), so the ratio
    prices the library's checks, accuracy and record, not a change of number type.
    """
    floats = map(float, (spot, strike, years, volatility, rate, dividend))
    return tuple(Decimal(repr(x)) for x in textbook_floats(*floats))


def textbook_floats(
    s: float, k: float, t: float, v: float, r: float, q: float
) -> tuple[float, ...]:
    """The same formula on floats, returning floats: what no Decimal API can match."""
    root_t = math.sqrt(t)
    d1 = (math.log(s / k) + (r - q + v * v / 2) * t) / (v * root_t)
    d2 = d1 - v * root_t
    n1 = (1 + math.erf(d1 * INVERSE_ROOT_TWO)) / 2
    n2 = (1 + math.erf(d2 * INVERSE_ROOT_TWO)) / 2
    density = INVERSE_ROOT_TWO_PI * math.exp(-d1 * d1 / 2)
    carry, discount = math.exp(-q * t), math.exp(-r * t)
    return (
        s * carry * n1 - k * discount * n2,
        carry * n1,
        carry * density / (s * v * root_t),
        s * carry * density * root_t,
        -s * carry * density * v / (2 * root_t) - r * k * discount * n2 + q * s * carry * n1,
        k * t * discount * n2,
    )


class Case(NamedTuple):
    """One row: the library's call, its floor's, and the ratio to stay under."""

    name: str
    library: Callable[[], object]
    floor: Callable[[], object]
    target: float | None  # the ratio to stay at or under; None: shown for information


HULL: dict[str, Any] = {
    "spot": Decimal(42),
    "strike": Decimal(40),
    "years": Decimal("0.5"),
    "volatility": Decimal("0.2"),
    "risk_free_rate": Decimal("0.1"),
}
HULL_ARGUMENTS = (*HULL.values(), Decimal(0))
HULL_FLOATS = (42.0, 40.0, 0.5, 0.2, 0.1, 0.0)
# Far out of the money: the library takes its accurate path, the textbook loses digits.
TAIL = {**HULL, "strike": Decimal(120)}
TAIL_ARGUMENTS = (*TAIL.values(), Decimal(0))

CASES = (
    Case(
        "black_scholes vs textbook (Decimal in and out)",
        lambda: black_scholes(**HULL),
        lambda: textbook(*HULL_ARGUMENTS),
        1.5,
    ),
    Case(
        "black_scholes far out of the money vs textbook",
        lambda: black_scholes(**TAIL),
        lambda: textbook(*TAIL_ARGUMENTS),
        None,
    ),
    Case(
        "black_scholes vs textbook on floats",
        lambda: black_scholes(**HULL),
        lambda: textbook_floats(*HULL_FLOATS),
        None,
    ),
)


def per_call(function: Callable[[], object], number: int) -> float:
    """Seconds per call, over one timeit round of ``number`` calls."""
    return timeit.timeit(function, number=number) / number


def measure(case: Case, rounds: int, number: int) -> tuple[float, float]:
    """Median seconds per call of the library and of its floor, timed alternately."""
    library, floor = [], []
    for _ in range(rounds):
        library.append(per_call(case.library, number))
        floor.append(per_call(case.floor, number))
    return statistics.median(library), statistics.median(floor)


def main(argv: list[str] | None = None) -> int:
    """Print the table; the exit status is 1 if a ratio misses its target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repeats: a smoke run")
    options = parser.parse_args(argv)
    rounds, number = (3, 200) if options.quick else (41, 1_000)
    print(f"{'case':50} {'library':>11} {'floor':>11} {'ratio':>6}  target")
    missed = False
    for case in CASES:
        library, floor = measure(case, rounds, number)
        ratio = library / floor
        if case.target is None:
            verdict = "(information)"
        else:
            verdict = f"<= {case.target}" + ("" if ratio <= case.target else "  MISSED")
            missed = missed or ratio > case.target
        print(
            f"{case.name:50} {library * 1e6:8.2f} µs {floor * 1e6:8.2f} µs {ratio:6.2f}  {verdict}"
        )
    return 1 if missed and not options.quick else 0


if __name__ == "__main__":
    sys.exit(main())
