"""How fast and how large a book of grants is, against numpy doing the same work in floats.

    python benchmarks/book.py                  # 10^5, 10^6 and 10^7 rows
    python benchmarks/book.py --rows 1000000   # one size

The work, on the same columns of grants (a grant date, shares, a price in cents, a
ten-year term, 48 months of vesting after a 12-month cliff): build the book from the
columns, the exercise cost of every grant, the shares vested on a day, the value and five
Greeks of every grant on that day, and the totals. The floor does it the plain way in
numpy and scipy on float64 (the expiry by month arithmetic, the vesting by a month count,
the textbook formula with ``ndtr``): fast, and wrong by rounding. The book returns exact
money, integer shares, and every row equal to the scalar API's.

Each side runs in a fresh process, timed as a whole, with its peak memory above what the
input columns take sampled as it runs. Nothing here asserts a time: the table is read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).parent))
from book_pricing import textbook

ON = np.datetime64("2021-06-30")
ON_DAY = dt.date(2021, 6, 30)
CLIFF, MONTHS = 12, 48
SPOT, VOLATILITY, RATE = "25.00", "0.45", "0.04"


def columns(rows: int) -> dict[str, Any]:
    """The input both sides start from: numpy columns, prices in whole cents."""
    generator = np.random.default_rng(20261128)
    grant_date = np.datetime64("2012-01-01") + generator.integers(0, 2900, rows).astype(
        "timedelta64[D]"
    )
    return {
        "grant_date": grant_date,
        "shares": generator.integers(100, 200_000, rows),
        "cents": generator.integers(1, 5_000, rows),
    }


def floor(given: dict[str, Any]) -> tuple[float, ...]:
    """The work in numpy floats."""
    grant_date, shares, cents = given["grant_date"], given["shares"], given["cents"]
    price = cents / 100.0
    # Build: the expiry, ten years on, with the month's last day where the day is missing.
    month = grant_date.astype("datetime64[M]")
    day = (grant_date - month.astype("datetime64[D]")).astype(np.int64)
    later = month + np.timedelta64(120, "M")
    length = (
        (later + np.timedelta64(1, "M")).astype("datetime64[D]") - later.astype("datetime64[D]")
    ).astype(np.int64)
    last = later.astype("datetime64[D]") + np.minimum(day, length - 1).astype("timedelta64[D]")
    cost = shares * price
    # Vested on ON: whole months since the grant, none before the cliff, then 1/48 a month.
    months = (ON.astype("datetime64[M]") - month).astype(np.int64)
    on_day = (ON - ON.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64)
    months -= on_day < day
    vested = np.where(months < CLIFF, 0, shares * np.clip(months, 0, MONTHS) // MONTHS)
    years = (last - ON).astype(np.int64) / 365.0
    live = years >= 0
    value, *greeks = textbook(
        np.full(len(price), float(SPOT)),
        price,
        np.where(live, years, 0.0),
        np.full(len(price), float(VOLATILITY)),
        np.full(len(price), float(RATE)),
        np.zeros(len(price)),
        np.ones(len(price), dtype=bool),
    )
    total = np.where(live, value * shares, 0.0)
    return float(cost.sum()), float(vested.sum()), float(total.sum()), float(greeks[0].sum())


def library(given: dict[str, Any]) -> tuple[float, ...]:
    """The work in a book."""
    from auxer_option.book import GrantBook  # noqa: PLC0415  (its import is not timed apart)

    # The cents read as hundredths (a view: the same integers at scale 2), as the floor's
    # cents / 100. A cast would keep the value: 1234 cents would be a price of 1234.00.
    cents = pa.array(given["cents"]).cast(pa.decimal128(19, 0))
    prices = cents.view(pa.decimal128(19, 2)).cast(pa.decimal128(12, 2))
    frame = pd.DataFrame(
        {
            "grant_date": given["grant_date"],
            "shares": given["shares"],
            "exercise_price": pd.arrays.ArrowExtensionArray(prices),
            "term": "10 years",
            "vesting_start": given["grant_date"],
            "vesting_months": 48,
            "vesting_cliff": 12,
        }
    )
    book = GrantBook.from_frame(frame)
    cost = book.exercise_cost()
    vested = book.vested_shares(ON_DAY)
    values = book.fair_value(on=ON_DAY, spot=SPOT, volatility=VOLATILITY, risk_free_rate=RATE)
    return (
        float(cost.sum()),
        float(vested.sum()),
        float(values["total"].sum()),
        float(values["delta"].sum()),
    )


def resident() -> int:
    """Bytes of memory this process holds now."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096


def run_side(side: str, rows: int) -> dict[str, Any]:
    """One side's seconds and peak memory above its input, in this process."""
    given = columns(rows)
    work = floor if side == "floor" else library
    if side == "library":
        import auxer_option.book  # noqa: F401, PLC0415  (imported before the clock starts)
    before = resident()
    peak = [before]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.005):
            peak[0] = max(peak[0], resident())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    totals = work(given)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    peak[0] = max(peak[0], resident())
    return {"seconds": seconds, "memory": peak[0] - before, "totals": list(totals)}


def measured(side: str, rows: int) -> dict[str, Any]:
    """``run_side`` in a fresh interpreter."""
    out = subprocess.run(  # noqa: S603  (this script, with its own arguments)
        [sys.executable, __file__, "--side", side, "--rows", str(rows)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(out))


def main(argv: list[str] | None = None) -> int:
    """Print the rows; the exit status is 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append")
    parser.add_argument("--side", choices=["floor", "library"])
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args(argv)
    if options.side:
        print(json.dumps(run_side(options.side, options.rows[0])))
        return 0
    sizes = options.rows or [10**5, 10**6, 10**7]
    missed = False
    per_row = []
    heads = ("rows", "book", "numpy", "ratio", "memory", "numpy", "ratio")
    print(
        " ".join(
            f"{head:>{width}}" for head, width in zip(heads, (12, 9, 9, 6, 8, 8, 6), strict=True)
        )
    )
    for rows in sizes:
        runs = [(measured("library", rows), measured("floor", rows)) for _ in range(options.rounds)]
        book = min(run[0]["seconds"] for run in runs)
        plain = min(run[1]["seconds"] for run in runs)
        memory = min(run[0]["memory"] for run in runs)
        plain_memory = min(run[1]["memory"] for run in runs)
        per_row.append(book / rows)
        print(
            f"{rows:>12,} {book:8.2f}s {plain:8.2f}s {book / plain:6.2f} "
            f"{memory / 2**20:6.0f}MB {plain_memory / 2**20:6.0f}MB {memory / plain_memory:6.2f}"
        )
        missed |= rows == 10**6 and (book / plain > 3 or memory / plain_memory > 2)  # noqa: PLR2004
    print(
        "per row, against the first size: "
        + ", ".join(f"{each / per_row[0]:.2f}" for each in per_row)
    )
    print("targets at 10^6 rows: time <= 3x numpy, memory <= 2x numpy; linear in rows")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
