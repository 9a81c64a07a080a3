"""Results do not depend on the caller's decimal context, in any thread."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import decimal
import threading
from decimal import Decimal

import attrs
from hypothesis import given
from hypothesis import strategies as st

from auxer_option import (
    AUXER_1999,
    OptionGrant,
    adjust_for_split,
    dilutive_shares,
    exercise,
    exercise_cost,
    intrinsic_value,
    intrinsic_value_per_share,
    moneyness,
    net_exercise,
    sell_to_cover,
)

from .conftest import hostile_context

SIGNALS = [
    decimal.Clamped,
    decimal.DivisionByZero,
    decimal.Inexact,
    decimal.InvalidOperation,
    decimal.Overflow,
    decimal.Rounded,
    decimal.Subnormal,
    decimal.Underflow,
    decimal.FloatOperation,
]


def contexts() -> st.SearchStrategy[decimal.Context]:
    """Any context a caller might have set."""
    return st.builds(
        lambda prec, rounding, traps, emax: decimal.Context(
            prec=prec, rounding=rounding, traps=traps, Emax=emax, Emin=-emax
        ),
        st.integers(1, 60),
        st.sampled_from(
            [
                decimal.ROUND_DOWN,
                decimal.ROUND_UP,
                decimal.ROUND_FLOOR,
                decimal.ROUND_CEILING,
                decimal.ROUND_HALF_EVEN,
                decimal.ROUND_05UP,
            ]
        ),
        st.lists(st.sampled_from(SIGNALS), unique=True),
        st.integers(1, 10),
    )


def worked_results() -> dict[str, object]:
    """The worked figures, computed from text inputs in whatever context is current."""
    grant = OptionGrant("1999-07-01", 1_000_000, "0.13", term="three (3) months")
    later, record = exercise(grant, 333_333, dt.date(1999, 8, 2))
    sub_cent = OptionGrant("2020-01-01", 3, "0.0867", term="P1Y")
    split = adjust_for_split(later, (3, 2), on="1999-08-03")
    on = dt.date(1999, 9, 1)
    return {
        "grant": grant,
        "cost": exercise_cost(grant),
        "exact cost of 3": exercise_cost(grant, 3, rounding=None),
        "intrinsic value at 0.50": intrinsic_value(grant, "0.50"),
        "spread at 0.1300001": intrinsic_value_per_share(grant, "0.1300001"),
        "after exercise": later,
        "record cost": record.cost,
        "sub-cent cost": exercise_cost(sub_cent),
        "cost left, floored": exercise_cost(later, rounding=decimal.ROUND_FLOOR),
        "bargain element": exercise(grant, 3, on, fair_market_value="0.305")[1].spread,
        "net exercise": net_exercise(grant, 1_000_000, on, "0.30")[1],
        "sell to cover": sell_to_cover(grant, 999_999, on, "0.5", withholding_rate="0.22")[1],
        "split": split,
        "split price": split.adjusted_exercise_price,
        "price change": split.adjustments[0].aggregate_price_change,
        "net after split": net_exercise(split, 7, on, "0.0868", rounding=None)[1],
        "moneyness": moneyness(split, "0.0867"),
        "dilution": dilutive_shares(split, "0.29"),
    }


def reference() -> dict[str, object]:
    """The figures computed in Python's default context."""
    with decimal.localcontext(decimal.Context()):
        return worked_results()


def test_worked_figures() -> None:
    """The reference figures are the documented ones, to the digit."""
    shown = {name: str(value) for name, value in reference().items() if isinstance(value, Decimal)}
    assert shown == {
        "cost": "130000.00",
        "exact cost of 3": "0.39",
        "intrinsic value at 0.50": "370000.00",
        "spread at 0.1300001": "1E-7",
        "record cost": "43333.29",
        "sub-cent cost": "0.26",
        "cost left, floored": "86666.71",
        "bargain element": "0.53",
        "split price": "0.0867",
        "price change": "33.2900",
    }


@given(contexts())
def test_any_caller_context(context: decimal.Context) -> None:
    """Identical results, to the last digit and exponent, under any caller context."""
    expected = reference()
    before = context.copy()
    saved = decimal.getcontext()
    decimal.setcontext(context)  # the caller's own object, not a copy, so flags would show
    try:
        results = worked_results()
    finally:
        decimal.setcontext(saved)
    assert results == expected
    assert {name: repr(value) for name, value in results.items()} == {
        name: repr(value) for name, value in expected.items()
    }
    # The caller's context is left as it was: same settings, no flag raised by us.
    assert context.prec == before.prec
    assert context.rounding == before.rounding
    assert context.traps == before.traps
    assert not any(context.flags.values())


def test_fresh_thread() -> None:
    """A new thread starts from DefaultContext; a hostile one changes nothing."""
    expected = reference()
    saved = decimal.DefaultContext.copy()
    hostile = hostile_context()
    decimal.DefaultContext.prec = hostile.prec
    decimal.DefaultContext.rounding = hostile.rounding
    decimal.DefaultContext.traps.update(hostile.traps)
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(lambda _: worked_results(), range(8)))
    finally:
        decimal.DefaultContext.prec = saved.prec
        decimal.DefaultContext.rounding = saved.rounding
        decimal.DefaultContext.traps.update(saved.traps)
    assert all(result == expected for result in results)


def test_concurrent_threads_with_their_own_contexts() -> None:
    """Threads with different contexts, computing at once, all get the same figures."""
    expected = reference()
    barrier = threading.Barrier(4)

    def work(prec: int) -> dict[str, object]:
        decimal.setcontext(decimal.Context(prec=prec, rounding=decimal.ROUND_UP, traps=SIGNALS))
        barrier.wait()
        return worked_results()

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(work, [1, 2, 3, 28]))
    assert all(result == expected for result in results)


def test_auxer_is_context_free() -> None:
    """The embedded grant, built at import time, equals one built in the default context."""
    assert reference()["grant"] == attrs.evolve(AUXER_1999, grantor=None, grantee=None)
