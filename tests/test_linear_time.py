"""Every reader of text takes time linear in its input, on the input most costly to it;
every action on a grant, the same time whatever the history before it.

A complexity test, not a timed assertion: each reader reads adversarial input of two sizes,
a quarter and the whole of :data:`LARGE`, and the larger may take at most :data:`SLOWER`
times as long as the smaller (a linear reader takes 4 times, a quadratic one 16). Times are
process CPU time, the best of a few runs, each run long enough to be measured, so that a
busy machine or a slow tracer scales both sizes alike and does not make the test flaky.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import json
import time
from collections.abc import Callable
from typing import Any

import pytest

from auxer_option import (
    AUXER_1999,
    OptionGrant,
    Term,
    VestingSchedule,
    accelerate,
    adjust_for_split,
    black_scholes,
    exercisable_shares,
    exercise,
    exercise_cost,
    from_json,
    grant_from_text,
    net_exercise,
    parse_date,
    parse_price,
    parse_shares,
    sell_to_cover,
    terminate,
    to_dict,
    to_ocf,
)
from auxer_option._ocf_vesting import read_terms
from auxer_option.exceptions import OptionError
from auxer_option.ocf import from_ocf
from tests.test_ocf_vesting import terms_for, vesting_start

# Complexity is the same on every Python: .ci/run measures it once, in the main run.
pytestmark = pytest.mark.complexity

#: The size of the larger input, in characters; the smaller is a quarter of it.
LARGE = 80_000
#: How many times slower the larger input may be: 4 is linear, 16 quadratic.
SLOWER = 8
#: Each measured run repeats a call until it takes at least this long (seconds of CPU).
LONG_ENOUGH = 0.02
REPEATS = 3


def _repeated(unit: str, size: int, *, before: str = "", after: str = "") -> str:
    """``before``, then ``unit`` repeated to ``size`` characters, then ``after``."""
    return before + unit * max(1, size // len(unit)) + after


_HULL: dict[str, Any] = {
    "spot": 42,
    "strike": 40,
    "years": "0.5",
    "volatility": "0.2",
    "risk_free_rate": "0.1",
}


def _huge(text: str) -> int:
    """An int of about ``len(text)`` decimal digits, built in linear time."""
    return 1 << (10 * len(text) // 3)


def _json_grant(term: str) -> str:
    return json.dumps({**to_dict(AUXER_1999), "term": term})


# Each reader, and a builder of its adversarial input at a size.
READERS: dict[str, tuple[Callable[[str], object], Callable[[int], str]]] = {
    "parse_price: spaces before junk": (
        parse_price,
        lambda n: _repeated(" ", n, before="$1", after="x"),
    ),
    "parse_price: words": (parse_price, lambda n: _repeated("one ", n, after="dollars")),
    "parse_price: per share": (parse_price, lambda n: _repeated("per share ", n, before="$1 ")),
    "parse_price: zeros": (parse_price, lambda n: _repeated("0", n, before="$0.", after="1")),
    "parse_shares: spaces before junk": (
        parse_shares,
        lambda n: _repeated(" ", n, before="1", after="x"),
    ),
    "parse_shares: words": (parse_shares, lambda n: _repeated("one hundred ", n, after="shares")),
    "parse_shares: groups": (parse_shares, lambda n: _repeated(",000", n, before="1", after=".5")),
    "parse_date: spaces": (parse_date, lambda n: _repeated(" ", n, before="1", after="x")),
    "parse_date: months": (parse_date, lambda n: _repeated("July ", n)),
    "parse_date: figures": (parse_date, lambda n: _repeated("1", n, after="/07/1999")),
    "grant_from_text: auxiliaries": (
        grant_from_text,
        lambda n: _repeated("hereby ", n, after="grants"),
    ),
    "grant_from_text: names": (
        grant_from_text,
        lambda n: _repeated("Acme ", n, after="hereby grants"),
    ),
    "grant_from_text: grants": (
        grant_from_text,
        lambda n: _repeated("grants Jane Doe an option ", n),
    ),
    "grant_from_text: definitions": (grant_from_text, lambda n: _repeated('(the "Ab ', n)),
    "grant_from_text: open definition": (
        grant_from_text,
        lambda n: _repeated("Ab ", n, before='(the "'),
    ),
    "grant_from_text: options": (grant_from_text, lambda n: _repeated("option to purchase 1 ", n)),
    "grant_from_text: open bracket": (
        grant_from_text,
        lambda n: _repeated("x ", n, before="an option to purchase 1 ("),
    ),
    "grant_from_text: prices": (grant_from_text, lambda n: _repeated("at $1 ", n)),
    "grant_from_text: price digits": (grant_from_text, lambda n: _repeated("1,", n, before="at $")),
    "grant_from_text: expiries": (grant_from_text, lambda n: _repeated("expire ", n)),
    "grant_from_text: dates": (grant_from_text, lambda n: _repeated("dated ", n)),
    "grant_from_text: spaces": (grant_from_text, lambda n: _repeated(" \u00a0", n, after="grants")),
    "grant_from_text: descriptions": (
        grant_from_text,
        lambda n: _repeated(", a ", n, after='("A")'),
    ),
    "grant_from_text: passive grants": (
        grant_from_text,
        lambda n: _repeated("Jane Doe is hereby granted ", n, after="an option"),
    ),
    "grant_from_text: passive by": (
        grant_from_text,
        lambda n: _repeated("is granted by Acme ", n),
    ),
    "grant_from_text: definitions in the grant": (
        grant_from_text,
        lambda n: _repeated('Acme (the "Company") ', n, after='grants Jane (the "Optionee")'),
    ),
    "grant_from_text: described parties": (
        grant_from_text,
        lambda n: _repeated("grants to Jane Doe, a b ", n, after="an option"),
    ),
    "grant_from_text: expiry bounds": (
        grant_from_text,
        lambda n: _repeated("expires no later than ", n, after="5:00 p.m."),
    ),
    "grant_from_text: currency codes": (grant_from_text, lambda n: _repeated("at USD ", n)),
    "grant_from_text: codes after figures": (grant_from_text, lambda n: _repeated("at 1 EUR ", n)),
    "grant_from_text: currency symbols": (
        grant_from_text,
        lambda n: _repeated("\u20ac\u00a3", n, before="at "),
    ),
    "grant_from_text: exercised": (
        grant_from_text,
        lambda n: _repeated("exercised ", n, after="until"),
    ),
    "grant_from_text: bounds": (grant_from_text, lambda n: _repeated("exercised until ", n)),
    "grant_from_text: cutoffs": (
        grant_from_text,
        lambda n: _repeated("5:00 p.m. Eastern Time ", n, before="expire at "),
    ),
    "grant_from_text: anniversaries": (
        grant_from_text,
        lambda n: _repeated("tenth anniversary of ", n, before="expire on the "),
    ),
    "grant_from_text: ordinal words": (
        grant_from_text,
        lambda n: _repeated("tenth ", n, after="anniversary of the Grant Date"),
    ),
    "grant_from_text: notice lines": (
        grant_from_text,
        lambda n: _repeated("Grant Date: July 1, 1999\n", n),
    ),
    "grant_from_text: a long label": (
        grant_from_text,
        lambda n: _repeated("Grant ", n, after="Date: July 1, 1999"),
    ),
    "grant_from_text: line breaks": (grant_from_text, lambda n: _repeated("\n", n, after=":")),
    "Term.parse: spaces": (Term.parse, lambda n: _repeated(" ", n, before="3", after="x")),
    "Term.parse: ISO digits": (Term.parse, lambda n: _repeated("1", n, before="P", after="x")),
    "Term.parse: zeros": (Term.parse, lambda n: _repeated("0", n, before="P", after="1Y")),
    "Term.parse: words": (Term.parse, lambda n: _repeated("three ", n, after="months")),
    "Term.parse: parts": (Term.parse, lambda n: _repeated("3 months and ", n)),
    "split ratio: spaces": (
        lambda text: adjust_for_split(AUXER_1999, text),
        lambda n: _repeated(" ", n, before="2", after="1"),
    ),
    "split ratio: zeros": (
        lambda text: adjust_for_split(AUXER_1999, text),
        lambda n: _repeated("0", n, after="2:1"),
    ),
    "split ratio: fors": (
        lambda text: adjust_for_split(AUXER_1999, text),
        lambda n: _repeated("2 for ", n),
    ),
    "price text: digits": (
        lambda text: OptionGrant("1999-07-01", 1, text, term="P3M"),
        lambda n: _repeated("1", n, after="x"),
    ),
    "price text: zeros": (
        lambda text: OptionGrant("1999-07-01", 1, text, term="P3M"),
        lambda n: _repeated("0", n, after="1"),
    ),
    "term text in a grant": (
        lambda text: OptionGrant("1999-07-01", 1, "0.13", term=text),
        lambda n: _repeated(" ", n, before="3", after="months"),
    ),
    "from_json: zero-padded term": (
        from_json,
        lambda n: _json_grant(_repeated("0", n, before="P", after="3M")),
    ),
    "from_json: long number": (
        from_json,
        lambda n: _json_grant("P3M").replace('"0.13"', _repeated("1", n)),
    ),
    "from_json: long integer": (
        from_json,
        lambda n: _json_grant("P3M").replace("1000000", _repeated("1", n)),
    ),
    "from_json: spaces": (from_json, lambda n: _repeated(" ", n, before="{", after="}")),
    # A huge int is judged by its size, not converted: Decimal() of one is quadratic. The
    # int is built by a shift, in linear time.
    "a huge int volatility": (
        lambda text: black_scholes(**{**_HULL, "volatility": _huge(text)}),
        lambda n: "1" * n,
    ),
    "a huge int spot": (
        lambda text: black_scholes(**{**_HULL, "spot": _huge(text)}),
        lambda n: "1" * n,
    ),
    "read_terms: a line of conditions": (
        lambda text: read_terms(json.loads(text)),
        lambda n: _terms_line(n // 200),
    ),
    "a huge int withholding rate": (
        lambda text: sell_to_cover(AUXER_1999, 1, "1999-08-02", 1, withholding_rate=_huge(text)),
        lambda n: "1" * n,
    ),
}


def _terms_line(count: int) -> str:
    """Vesting terms of ``count`` monthly periods, each after the one before."""
    period = {"length": 1, "type": "MONTHS", "occurrences": 1, "day_of_month": "01"}
    conditions: list[dict[str, Any]] = [
        {"id": "c0", "trigger": {"type": "VESTING_START_DATE"}, "next_condition_ids": ["c1"]}
    ]
    conditions.extend(
        {
            "id": f"c{number}",
            "portion": {"numerator": "1", "denominator": str(count)},
            "trigger": {
                "type": "VESTING_SCHEDULE_RELATIVE",
                "period": period,
                "relative_to_condition_id": f"c{number - 1}",
            },
            "next_condition_ids": [f"c{number + 1}"] if number < count else [],
        }
        for number in range(1, count + 1)
    )
    terms = {"allocation_type": "CUMULATIVE_ROUNDING", "vesting_conditions": conditions}
    return json.dumps(terms)


def _cpu_seconds(read: Callable[[str], object], text: str, calls: int) -> float:
    """The best, over :data:`REPEATS` runs, of the CPU time of ``calls`` reads of ``text``."""
    best = float("inf")
    gc.collect()
    gc.disable()  # a collection falling in one run and not another is noise, not complexity
    try:
        for _ in range(REPEATS):
            start = time.process_time()
            for _ in range(calls):
                with contextlib.suppress(OptionError):
                    read(text)
            best = min(best, time.process_time() - start)
    finally:
        gc.enable()
    return best


@pytest.mark.parametrize("name", list(READERS))
def test_linear_time(name: str) -> None:
    """Four times the input takes at most eight times as long (quadratic would be 16)."""
    read, build = READERS[name]
    small, large = build(LARGE // 4), build(LARGE)
    calls = 1
    while (small_time := _cpu_seconds(read, small, calls)) < LONG_ENOUGH and calls < 4096:
        calls *= 2
    large_time = _cpu_seconds(read, large, calls)
    assert large_time <= SLOWER * max(small_time, LONG_ENOUGH), (
        f"{name}: {len(large)} characters took {large_time / max(small_time, 1e-9):.1f} times "
        f"as long as {len(small)}"
    )


# --- actions on a grant: the same cost whatever the history before them ---------------

#: The shorter history; the longer is :data:`LONGER` times as many exercises.
HISTORY = 1_000
LONGER = 16
#: How many times slower an action after the longer history may be (linear would be 16).
COSTLIER = 4

_DAY = "2021-01-04"


@functools.cache
def _exercised(count: int) -> OptionGrant:
    # Vesting monthly, exercisable early: every action below applies to it.
    vesting = VestingSchedule.graded("2020-01-01", months=48, every=1)
    grant = OptionGrant(
        "2020-01-01", 10**9, "1", term="10 years", vesting=vesting, early_exercisable=True
    )
    for _ in range(count):
        grant, _record = exercise(grant, 1, _DAY)
    return grant


ACTIONS: dict[str, Callable[[OptionGrant], object]] = {
    "exercise": lambda grant: exercise(grant, 1, _DAY),
    "net_exercise": lambda grant: net_exercise(grant, 10, _DAY, "3"),
    "sell_to_cover": lambda grant: sell_to_cover(grant, 10, _DAY, "3"),
    "adjust_for_split": lambda grant: adjust_for_split(grant, 2, on=_DAY),
    "accelerate": lambda grant: accelerate(grant, _DAY, 10),
    "terminate": lambda grant: terminate(grant, _DAY, "VOLUNTARY_OTHER"),
    "exercisable_shares": lambda grant: exercisable_shares(grant, _DAY),
    "exercise_cost": exercise_cost,
}


@pytest.mark.parametrize("name", list(ACTIONS))
def test_constant_in_the_history(name: str) -> None:
    """After sixteen times the exercises, an action takes at most four times as long: its
    cost does not grow with the history (a grant's life is linear, not quadratic).

    Each refusal would be measured too (a bug here, not a pass), so each call must succeed.
    """
    act = ACTIONS[name]
    short, long = _exercised(HISTORY), _exercised(HISTORY * LONGER)
    act(short), act(long)  # neither refused
    calls = 1
    while (short_time := _cpu_seconds(lambda _: act(short), "", calls)) < LONG_ENOUGH:
        calls *= 2
    long_time = _cpu_seconds(lambda _: act(long), "", calls)
    assert long_time <= COSTLIER * max(short_time, LONG_ENOUGH), (
        f"{name}: after {HISTORY * LONGER} exercises it took "
        f"{long_time / max(short_time, 1e-9):.1f} times as long as after {HISTORY}"
    )


# --- reading an OCF file: time linear in its issuances ---------------------------------

#: The issuances of the larger file; the smaller has a quarter of them.
ISSUANCES = 800


@functools.cache
def _ocf_items(count: int) -> list[dict[str, Any]]:
    """``count`` option issuances, every other one naming shared vesting terms, one in ten
    exercised: each with its own security, start day and size."""
    terms = terms_for(VestingSchedule.graded("2020-01-01", months=48, every=1, cliff=12))
    items: list[dict[str, Any]] = [terms]
    for number in range(count):
        day = dt.date(2015, 1, 1) + dt.timedelta(days=number)
        schedule = VestingSchedule.graded(day, months=48, every=1, cliff=12)
        grant = OptionGrant(day, 48_000 + number, "2.15", term="10 years", vesting=schedule)
        if number % 10 == 0:
            grant, _record = exercise(grant, 1_000, day + dt.timedelta(days=400))
        security = f"s-{number}"
        written = to_ocf(grant, security_id=security, stakeholder_id="h")
        if number % 2:
            del written[0]["vestings"]
            written[0]["comments"] = [c for c in written[0]["comments"] if "vesting:" not in c]
            written[0]["vesting_terms_id"] = terms["id"]
            written.append(vesting_start(security, day))
        items.extend(written)
    return items


def test_ocf_reading_is_linear() -> None:
    """Four times the issuances take at most eight times as long to read (quadratic: 16)."""
    small, large = _ocf_items(ISSUANCES // 4), _ocf_items(ISSUANCES)
    assert len(from_ocf(large).grants) == ISSUANCES  # every one read, none refused
    calls = 1
    while (small_time := _cpu_seconds(lambda _: from_ocf(small), "", calls)) < LONG_ENOUGH:
        calls *= 2
    large_time = _cpu_seconds(lambda _: from_ocf(large), "", calls)
    assert large_time <= SLOWER * max(small_time, LONG_ENOUGH), (
        f"{ISSUANCES} issuances took {large_time / max(small_time, 1e-9):.1f} times as long "
        f"as {ISSUANCES // 4}"
    )
