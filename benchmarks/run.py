"""How fast auxer_option is, as ratios to plain Python doing the same work in the same run.

    python benchmarks/run.py           # the table (a few minutes)
    python benchmarks/run.py --quick   # a smoke run: the same rows, few repeats

Each row times the library and its floor (the same arithmetic written plainly, with no
checks) alternately, several rounds each, and reports the median time per call of both
and their ratio. Ratios travel between machines; seconds do not. Nothing here asserts a
time: the table is read, and quoted where it matters.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import decimal
import json
import math
import statistics
import subprocess
import sys
import timeit
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import attrs

import auxer_option
from auxer_option import (
    AUXER_1999,
    OptionGrant,
    Term,
    VestingSchedule,
    binomial,
    black_scholes,
    employee_option_value,
    exercise,
    exercise_cost,
    fair_value,
    from_ocf,
    is_exercisable,
    to_ocf,
)

try:
    from blackscholes import BlackScholesCall
except ModuleNotFoundError:  # the dev extra installs it; without it, its row is left out
    BlackScholesCall = None

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


def figures(inputs: dict[str, Any]) -> tuple[Decimal, ...]:
    """black_scholes of ``inputs``, its six figures read: what the package's six calls give."""
    valuation = black_scholes(**inputs)
    return (
        valuation.value,
        valuation.delta,
        valuation.gamma,
        valuation.vega,
        valuation.theta,
        valuation.rho,
    )


def blackscholes_package() -> tuple[float, ...]:
    """The blackscholes package (PyPI, pure Python on floats): Hull's call, value and Greeks."""
    call = BlackScholesCall(S=42.0, K=40.0, T=0.5, r=0.1, sigma=0.2, q=0.0)
    return call.price(), call.delta(), call.gamma(), call.vega(), call.theta(), call.rho()


class Case(NamedTuple):
    """One row: the library's call, its floor's, and the ratio to stay under."""

    name: str
    library: Callable[[], object]
    floor: Callable[[], object]
    target: float | None  # the ratio to stay at or under; None: shown for information
    calls: int | None = None  # the most calls a round: a tree takes a tenth of a second


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

# The floors: the same arithmetic written plainly, with no checks.
PRIVATE = decimal.Context(prec=50, rounding=decimal.ROUND_HALF_UP)
CENT = Decimal("0.01")
PRICE = Decimal("0.13")
DAY = dt.date(1999, 8, 2)
FIRST, LAST = AUXER_1999.first_exercise_date, AUXER_1999.last_exercise_date
GRANT_DATE = dt.date(1999, 7, 1)
THREE_MONTHS = Term(months=3)


def plain_american_put(
    spot: float, strike: float, years: float, volatility: float, rate: float, steps: int
) -> float:
    """An American put on a Cox-Ross-Rubinstein tree, as plain Python writes it.

    Node prices precomputed, one list a step; no checks, no Greeks, no care for overflow.
    """
    step = years / steps
    up = math.exp(volatility * math.sqrt(step))
    probability = (math.exp(rate * step) - 1 / up) / (up - 1 / up)
    discount = math.exp(-rate * step)
    prices = [spot * up**k for k in range(-steps, steps + 1)]
    exercise = [max(strike - price, 0.0) for price in prices]
    values = exercise[::2]
    for i in range(steps - 1, -1, -1):
        values = [
            max(discount * (probability * high + (1 - probability) * low), payoff)
            for low, high, payoff in zip(
                values, values[1:], exercise[steps - i : steps + i + 1 : 2], strict=False
            )
        ]
    return values[0]


def plain_employee_option(
    spot: float,
    strike: float,
    years: float,
    volatility: float,
    rate: float,
    dividend: float,
    vesting_steps: int,
    exit_rate: float,
    multiple: float,
    steps: int,
) -> tuple[float, float]:
    """Hull and White's tree as plain Python writes it (Benninga's loops), with its life."""
    step = years / steps
    up = math.exp(volatility * math.sqrt(step))
    probability = (math.exp((rate - dividend) * step) - 1 / up) / (up - 1 / up)
    discount = math.exp(-rate * step)
    leave = exit_rate * step
    values = [max(spot * up ** (2 * j - steps) - strike, 0.0) for j in range(steps + 1)]
    lives = [0.0] * (steps + 1)
    for i in range(steps - 1, -1, -1):
        new_values, new_lives = [], []
        for j in range(i + 1):
            price = spot * up ** (2 * j - i)
            held = discount * (probability * values[j + 1] + (1 - probability) * values[j])
            life = step + probability * lives[j + 1] + (1 - probability) * lives[j]
            if i < vesting_steps:
                new_values.append((1 - leave) * held)
                new_lives.append((1 - leave) * life)
            elif price >= multiple * strike:
                new_values.append(price - strike)
                new_lives.append(0.0)
            else:
                new_values.append((1 - leave) * held + leave * max(price - strike, 0.0))
                new_lives.append((1 - leave) * life)
        values, lives = new_values, new_lives
    return values[0], lives[0]


# Hull's American put in 1,000 steps; Benninga's employee option at 100 steps a year.
TREE_PUT: dict[str, Any] = {
    "spot": 50,
    "strike": 50,
    "years": "0.4166666666666667",
    "volatility": "0.4",
    "risk_free_rate": "0.1",
    "kind": "put",
    "steps": 1_000,
}
EMPLOYEE: dict[str, Any] = {
    "spot": 50,
    "strike": 50,
    "years": 10,
    "volatility": "0.35",
    "risk_free_rate": "0.05",
    "dividend_yield": "0.025",
    "vesting_years": 3,
    "exit_rate": "0.1",
    "exercise_multiple": 3,
    "steps_per_year": 100,
}

NO_HISTORY = OptionGrant("2020-01-01", 10**9, "1", term="10 years")
LATER = dt.date(2021, 1, 4)


def exercised(grant: OptionGrant, count: int) -> OptionGrant:
    """``grant`` after ``count`` exercises of one share, one after another."""
    for _ in range(count):
        grant, _record = exercise(grant, 1, LATER)
    return grant


LONG_HISTORY = exercised(NO_HISTORY, 1_000)


@attrs.frozen
class BareGrant:
    """A grant with no checks, conventions or history: what attrs alone costs."""

    grant_date: dt.date
    shares: int
    exercise_price: Decimal
    term: Term
    grantor: str | None = None
    grantee: str | None = None


CASES = (
    Case(
        "exercise_cost vs Decimal multiply and quantize",
        lambda: exercise_cost(AUXER_1999, 250_000),
        lambda: PRIVATE.quantize(PRIVATE.multiply(Decimal(250_000), PRICE), CENT),
        3.0,
    ),
    Case(
        "is_exercisable vs first <= day <= last",
        lambda: is_exercisable(AUXER_1999, DAY),
        lambda: FIRST <= DAY <= LAST,
        8.0,
    ),
    Case(
        "OptionGrant from a term vs a bare attrs class",
        lambda: OptionGrant(GRANT_DATE, 1_000_000, PRICE, term=THREE_MONTHS),
        lambda: BareGrant(GRANT_DATE, 1_000_000, PRICE, THREE_MONTHS),
        5.0,
    ),
    Case(
        # Text repeated, as in a book of grants: each date, price and term is read once.
        "OptionGrant from text vs a bare attrs class",
        lambda: OptionGrant("1999-07-01", 1_000_000, "0.13", term="three (3) months"),
        lambda: BareGrant(GRANT_DATE, 1_000_000, PRICE, THREE_MONTHS),
        10.0,
    ),
    Case(
        "exercise after 1,000 exercises vs after none",
        lambda: exercise(LONG_HISTORY, 1, LATER),
        lambda: exercise(NO_HISTORY, 1, LATER),
        2.0,
    ),
    Case(
        "black_scholes vs textbook (Decimal in and out)",
        lambda: figures(HULL),
        lambda: textbook(*HULL_ARGUMENTS),
        1.5,
    ),
    Case(
        "black_scholes far out of the money vs textbook",
        lambda: figures(TAIL),
        lambda: textbook(*TAIL_ARGUMENTS),
        None,
    ),
    Case(
        "black_scholes vs textbook on floats",
        lambda: figures(HULL),
        lambda: textbook_floats(*HULL_FLOATS),
        None,
    ),
    Case(
        "binomial American put, 1,000 steps vs plain Python",
        lambda: binomial(**TREE_PUT),
        lambda: plain_american_put(50.0, 50.0, 0.4166666666666667, 0.4, 0.1, 1_000),
        1.5,
        calls=2,
    ),
    Case(
        "employee_option_value, 1,000 steps vs plain Python",
        lambda: employee_option_value(**EMPLOYEE),
        lambda: plain_employee_option(50.0, 50.0, 10.0, 0.35, 0.05, 0.025, 300, 0.1, 3.0, 1_000),
        1.0,
        calls=2,
    ),
    *(
        ()
        if BlackScholesCall is None
        else (
            Case(
                "black_scholes vs the blackscholes package on floats",
                lambda: figures(HULL),
                blackscholes_package,
                1.0,
            ),
        )
    ),
)


def per_call(function: Callable[[], object], number: int) -> float:
    """Seconds per call, over one timeit round of ``number`` calls."""
    return timeit.timeit(function, number=number) / number


def measure(case: Case, rounds: int, number: int) -> tuple[float, float]:
    """Median seconds per call of the library and of its floor, timed alternately."""
    library, floor = [], []
    calls = number if case.calls is None else min(number, case.calls)
    for _ in range(rounds):
        library.append(per_call(case.library, calls))
        floor.append(per_call(case.floor, calls))
    return statistics.median(library), statistics.median(floor)


def import_seconds(code: str) -> float:
    """Seconds a fresh interpreter takes to run ``code``."""
    start = timeit.default_timer()
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603  (our own code)
    return timeit.default_timer() - start


def import_row(runs: int) -> tuple[float, float]:
    """Importing the library vs importing attrs and relativedelta, less a bare start-up.

    Both from bytecode, as pip installs them: the library's is compiled here first (a
    checkout, or PYTHONDONTWRITEBYTECODE, would otherwise time the compiler). Each round
    starts the three interpreters one after the other, so that a change in the machine's
    load reaches all three alike; the medians of the rounds are compared.
    """
    compileall.compile_dir(Path(auxer_option.__file__).parent, quiet=1)
    codes = ("pass", "import auxer_option", "import attrs, dateutil.relativedelta")
    rounds = [[import_seconds(code) for code in codes] for _ in range(runs)]
    empty, library, floor = (statistics.median(times) for times in zip(*rounds, strict=True))
    return library - empty, floor - empty


def bytes_each(make: Callable[[int], object], count: int) -> float:
    """Bytes allocated per object, for ``count`` objects kept alive."""
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = [make(index) for index in range(count)]
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    return (after - before) / count


def memory_row(count: int) -> tuple[float, float]:
    """Bytes per grant, and per bare attrs object with the same fields, ``count`` of each."""
    library = bytes_each(lambda i: OptionGrant(GRANT_DATE, 1 + i, PRICE, term=THREE_MONTHS), count)
    floor = bytes_each(lambda i: BareGrant(GRANT_DATE, 1 + i, PRICE, THREE_MONTHS), count)
    return library, floor


def value_and_cost(count: int) -> float:
    """Seconds per grant to build, cost and value ``count`` grants, one after another."""
    start = timeit.default_timer()
    for index in range(count):
        grant = OptionGrant(GRANT_DATE, 1_000 + index, PRICE, term=THREE_MONTHS)
        exercise_cost(grant)
        fair_value(grant, on=GRANT_DATE, spot=PRICE, volatility="1", risk_free_rate="0.05")
    return (timeit.default_timer() - start) / count


def ocf_file(count: int) -> str:
    """A transactions file of ``count`` option issuances, as to_ocf writes them.

    Each vests monthly over 48 months after a 12-month cliff, from its own day (grants are
    not all alike: nothing is read once for all), and one in ten has an exercise.
    """
    items = []
    for number in range(count):
        day = dt.date(2015, 1, 1) + dt.timedelta(days=number % 3000)
        schedule = VestingSchedule.graded(day, months=48, cliff=12)
        grant = OptionGrant(day, 48_000 + number, "2.15", term="10 years", vesting=schedule)
        if number % 10 == 0:
            grant, _record = exercise(grant, 1_000, day + dt.timedelta(days=400))
        items.extend(to_ocf(grant, security_id=f"s-{number}", stakeholder_id=f"h-{number}"))
    return json.dumps({"file_type": "OCF_TRANSACTIONS_FILE", "items": items})


def ocf_row(count: int, rounds: int) -> tuple[float, float]:
    """Seconds to read ``count`` issuances with from_ocf, and to json.loads the file.

    The floor is the parse every reader of the file pays first: the ratio is what reading
    the grants costs on top of it, and it travels between machines as seconds do not.
    """
    text = ocf_file(count)
    document = json.loads(text)
    library = min(timeit.repeat(lambda: from_ocf(document), number=1, repeat=rounds))
    floor = min(timeit.repeat(lambda: json.loads(text), number=1, repeat=rounds))
    return library, floor


def row(name: str, library: str, floor: str, ratio: float, verdict: str) -> None:
    """One line of the table."""
    print(f"{name:50} {library:>11} {floor:>11} {ratio:6.2f}  {verdict}")


def judged(ratio: float, target: float | None) -> tuple[str, bool]:
    """The target column for ``ratio``, and whether it missed."""
    if target is None:
        return "(information)", False
    missed = ratio > target
    return f"<= {target}" + ("  MISSED" if missed else ""), missed


def microseconds(seconds: float) -> str:
    """A time per call, for the table."""
    return f"{seconds * 1e6:8.2f} µs"


def judged_row(
    name: str, library: float, floor: float, shown: Callable[[float], str], target: float | None
) -> bool:
    """Print the row for ``library`` against ``floor``; whether it missed ``target``."""
    verdict, missed = judged(library / floor, target)
    row(name, shown(library), shown(floor), library / floor, verdict)
    return missed


def main(argv: list[str] | None = None) -> int:
    """Print the table; the exit status is 1 if a ratio misses its target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repeats: a smoke run")
    options = parser.parse_args(argv)
    rounds, number = (3, 200) if options.quick else (41, 1_000)
    print(f"{'case':50} {'library':>11} {'floor':>11} {'ratio':>6}  target")
    misses = [
        judged_row(case.name, *measure(case, rounds, number), microseconds, case.target)
        for case in CASES
    ]
    misses.append(
        judged_row(
            "import auxer_option vs attrs and relativedelta",
            *import_row(3 if options.quick else 21),
            lambda seconds: f"{seconds * 1e3:8.2f} ms",
            1.3,
        )
    )
    misses.append(
        judged_row(
            "memory per grant vs the bare attrs class",
            *memory_row(1_000 if options.quick else 100_000),
            lambda size: f"{size:8.0f} B ",
            2.0,
        )
    )
    sizes = (1_000, 10_000) if options.quick else (10_000, 100_000, 1_000_000)
    first = value_and_cost(sizes[0])
    for size in sizes:
        each = first if size == sizes[0] else value_and_cost(size)
        row(
            f"build, cost and value {size:,} grants (per grant)",
            microseconds(each),
            microseconds(first),
            each / first,
            "(linear: about 1)",
        )
    count = 1_000 if options.quick else 10_000
    misses.append(
        judged_row(
            f"from_ocf {count:,} issuances vs json.loads of the file",
            *ocf_row(count, 1 if options.quick else 5),
            lambda seconds: f"{seconds:8.3f} s ",
            # The 1 s for 10,000, where json.loads of the file takes about 0.22 s.
            4.5,
        )
    )
    return 1 if any(misses) and not options.quick else 0


if __name__ == "__main__":
    sys.exit(main())
