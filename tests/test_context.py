"""Results do not depend on the caller's decimal context, in any thread."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import decimal
import json
import re
import threading
from decimal import Decimal

import attrs
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option import (
    AUXER_1999,
    OptionGrant,
    adjust_for_split,
    black_scholes,
    dilutive_shares,
    exercise,
    exercise_cost,
    intrinsic_value,
    intrinsic_value_per_share,
    moneyness,
    net_exercise,
    sell_to_cover,
    to_json,
)
from auxer_option._money import format_amount
from auxer_option._text import plain, written_repr
from auxer_option.exceptions import InvalidAmountError
from auxer_option.testing.strategies import grants_with_history, option_grants, share_prices

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
        lambda prec, rounding, traps, emax, capitals, clamp: decimal.Context(
            prec=prec,
            rounding=rounding,
            traps=traps,
            Emax=emax,
            Emin=-emax,
            capitals=capitals,
            clamp=clamp,
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
        st.integers(0, 1),
        st.integers(0, 1),
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
    shown = {
        name: plain(value) for name, value in reference().items() if isinstance(value, Decimal)
    }
    assert shown == {
        "cost": "130000.00",
        "exact cost of 3": "0.39",
        "intrinsic value at 0.50": "370000.00",
        "spread at 0.1300001": "0.0000001",
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
    assert (context.capitals, context.clamp) == (before.capitals, before.clamp)
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


# --- text: the same in any context ----------------------------------------------------------

LOWER_CASE = decimal.Context(capitals=0)  # str(Decimal("1E-7")) is "1e-7" in it
EXPONENT = re.compile(r"[0-9][eE][+-]?[0-9]")


def texts(grant: OptionGrant) -> dict[str, str]:
    """Everything the library writes about ``grant``: JSON, summaries and reprs."""
    written = {"json": to_json(grant), "str": str(grant), "repr": repr(grant)}
    for index, record in enumerate(grant.exercises):
        written[f"exercises[{index}]"] = f"{record}\n{record!r}"
    for index, adjustment in enumerate(grant.adjustments):
        written[f"adjustments[{index}]"] = repr(adjustment)
    return written


def texts_in(context: decimal.Context, grant: OptionGrant) -> dict[str, str]:
    with decimal.localcontext(context):
        return texts(grant)


def decimal_strings(document: object) -> list[str]:
    """Every string in a JSON document that is a number."""
    if isinstance(document, dict):
        return [text for value in document.values() for text in decimal_strings(value)]
    if isinstance(document, list):
        return [text for value in document for text in decimal_strings(value)]
    if isinstance(document, str) and re.fullmatch(r"[0-9.eE+-]+", document):
        return [document]
    return []


TINY = OptionGrant("2020-01-01", 3, "0.0000001", term="P1Y")


@given(
    st.one_of(
        grants_with_history(max_events=3),
        option_grants(exercise_prices=share_prices(max_value=1, places=20)),
    )
)
@example(TINY)
@example(exercise(TINY, 2, "2020-06-01")[0])
@example(adjust_for_split(OptionGrant("2020-01-01", 7, "0.0000013", term="P1Y"), 3))
def test_text_is_the_same_in_any_context(grant: OptionGrant) -> None:
    """to_json, str() and the reprs of a grant and its records read no decimal context."""
    expected = texts_in(decimal.Context(), grant)
    assert texts_in(LOWER_CASE, grant) == expected
    assert texts(grant) == expected  # the hostile context every test runs under
    numbers = decimal_strings(json.loads(expected["json"]))
    assert not [number for number in numbers if EXPONENT.search(number)]


def test_tiny_amounts_in_plain_digits() -> None:
    """A price of 1E-7 is written "0.0000001" in JSON and reports, "1E-7" in reprs."""
    with decimal.localcontext(LOWER_CASE):
        written = texts(TINY)
        cost = exercise_cost(TINY, 1, rounding=None)
    assert '"exercise_price": "0.0000001"' in written["json"]
    assert "USD 0.0000001 a share" in written["str"]
    assert "exercise_price=Decimal('1E-7')" in written["repr"]
    assert cost == Decimal("1E-7")
    assert cost.as_tuple().exponent == -7  # the value the docs call plain: no exponent > 0
    assert plain(cost) == "0.0000001"


def test_valuation_inputs_canonical_in_any_context() -> None:
    """black_scholes(spot="1E+3") records spot 1000, once kept as 1E+3 under capitals=0."""
    for context in (decimal.Context(), LOWER_CASE, hostile_context()):
        with decimal.localcontext(context):
            valuation = black_scholes(
                spot="1E+3", strike="1E+3", years=1, volatility="0.2", risk_free_rate=0
            )
            written = to_json(valuation), str(valuation), repr(valuation)
        assert valuation.spot.as_tuple() == Decimal(1000).as_tuple()
        assert valuation.strike.as_tuple() == Decimal(1000).as_tuple()
        assert written == (to_json(valuation), str(valuation), repr(valuation))
        assert '"spot": "1000"' in written[0]


def test_error_messages_in_any_context() -> None:
    """An error quotes a Decimal as Python's default context writes it, nested ones too."""
    for context in (decimal.Context(), LOWER_CASE):
        with decimal.localcontext(context):
            error = InvalidAmountError("price", [Decimal("-1E+3"), (Decimal("1E-7"),)], "rule")
        assert str(error) == "price=[Decimal('-1E+3'), (Decimal('1E-7'),)]: rule"


class TestWriting:
    def test_plain_reads_no_context(self) -> None:
        """plain() writes digits, grouped or not, and raises no flag in a hostile context."""
        assert plain(Decimal("1E-7")) == "0.0000001"
        assert plain(Decimal("1E+3"), grouped=True) == "1,000"
        assert plain(Decimal("-1234567.890")) == "-1234567.890"
        assert plain(Decimal("-Infinity")) == "-Infinity"
        assert format_amount(Decimal("1E+3"), "USD") == "USD 1,000.00"

    def test_plain_beyond_the_library_range(self) -> None:
        """A number no computation yields keeps its exponent, not gigabytes of zeros."""
        assert plain(Decimal("1E-9999999999")) == "1E-9999999999"
        assert plain(Decimal("2.5E+9999999999"), grouped=True) == "2.5E+9999999999"

    def test_written_repr_is_the_default_contexts(self) -> None:
        """written_repr() in a hostile context equals repr() in Python's default context."""
        values = [Decimal(text) for text in ("1E-7", "0.000001", "1E+3", "-0", "sNaN", "12.5")]
        with decimal.localcontext(decimal.Context()):
            expected = repr(values)
        assert written_repr(values) == expected
