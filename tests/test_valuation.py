"""Black-Scholes-Merton values and Greeks, against a 50-digit reference and their own laws."""

from __future__ import annotations

import contextlib
import decimal
import itertools
import math
import pickle
import threading
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any, cast

import attrs
import mpmath
import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option import (
    AUXER_1999,
    OptionGrant,
    OptionKind,
    Valuation,
    VestingSchedule,
    black_scholes,
    fair_value,
    implied_volatility,
    simplified_expected_term,
    terminate,
)
from auxer_option._blackscholes import _INV_SQRT_2PI_DECIMAL, _TAYLOR
from auxer_option._choices import one_of
from auxer_option._inputs import TOO_MANY_INPUT_PLACES, input_range, model_input, read_inputs
from auxer_option._money import (
    ESTIMATE_DIGITS,
    FLOAT_AMOUNT,
    FRACTION_TOO_LONG,
    NOT_AN_AMOUNT,
    NOT_AN_ESTIMATE,
    NOT_FINITE,
    NOT_PLAIN_NUMBER,
    TOO_LONG,
)
from auxer_option._valuation import (
    AFTER_THE_LAST_DAY,
    AFTER_THE_TERM,
    AT_INFINITE_VOLATILITY,
    BEFORE_THE_GRANT,
    BELOW_INTRINSIC,
    LATTICE_INPUT_ONLY,
    LONGER_THAN_LEFT,
    NEEDS_A_TERM,
    NEEDS_LATTICE_INPUT,
    NO_TIME_FOR_A_TREE,
    NO_TIME_LEFT,
    NO_TRANCHE,
    NOTHING_TO_IMPLY,
    NOTHING_VESTS,
    TERM_OF_THE_LATTICE,
    THE_GRANTS_OWN_TERM,
    VOLATILITY_TOO_HIGH,
    _new_valuation,
    _ValuationSlots,
    _valued,
)
from auxer_option.exceptions import (
    AmountTypeError,
    InvalidAmountError,
    InvalidChoiceError,
    InvalidRateError,
    InvalidTermError,
    OptionError,
    OptionValueError,
)
from tests.messages import message, refused
from tests.strategies import anything

# The accuracy bar: relative where the value is at least this, absolute below it.
RELATIVE = mpmath.mpf("1e-12")
ABSOLUTE = mpmath.mpf("1e-15")
FLOOR = mpmath.mpf("1e-8")

# Test-side decimal arithmetic runs here, never in the (hostile) thread context.
LOCAL = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN)

HULL: dict[str, Any] = {
    "spot": 42,
    "strike": 40,
    "years": "0.5",
    "volatility": "0.2",
    "risk_free_rate": "0.1",
}


def years(days: int) -> Decimal:
    """Calendar days as Actual/365 Fixed years, to 28 digits (as fair_value counts them)."""
    return LOCAL.divide(Decimal(days), 365)


def reference(  # noqa: PLR0917
    spot: object,
    strike: object,
    term: object,
    volatility: object,
    rate: object,
    dividend: object = 0,
    kind: str = "call",
) -> dict[str, mpmath.mpf]:
    """The value and Greeks at 50 digits, from the closed forms (spot, strike, time, σ > 0)."""
    with mpmath.workdps(50):
        s_, k_, t_, v_, r_, q_ = (
            mpmath.mpf(str(x)) for x in (spot, strike, term, volatility, rate, dividend)
        )
        share = s_ * mpmath.exp(-q_ * t_)
        cash = k_ * mpmath.exp(-r_ * t_)
        total = v_ * mpmath.sqrt(t_)
        d1 = (mpmath.log(s_ / k_) + (r_ - q_) * t_) / total + total / 2
        d2 = d1 - total
        sign = 1 if kind == "call" else -1
        n1 = mpmath.npdf(d1)
        in_share = mpmath.ncdf(sign * d1)
        in_cash = mpmath.ncdf(sign * d2)
        decay = (
            -share * n1 * v_ / (2 * mpmath.sqrt(t_)),
            -sign * r_ * cash * in_cash,
            sign * q_ * share * in_share,
        )
        return {
            "value": sign * (share * in_share - cash * in_cash),
            "delta": sign * mpmath.exp(-q_ * t_) * in_share,
            "gamma": mpmath.exp(-q_ * t_) * n1 / (s_ * total),
            "vega": share * n1 * mpmath.sqrt(t_),
            "theta": sum(decay),
            "theta_scale": sum(abs(term) for term in decay),
            "rho": sign * t_ * cash * in_cash,
            "share": share,
            "cash": cash,
        }


def error(got: Decimal, want: mpmath.mpf) -> mpmath.mpf:
    """|got − want|, at 50 digits."""
    with mpmath.workdps(50):
        return abs(mpmath.mpf(str(got)) - want)


def within_bar(got: Decimal, want: mpmath.mpf) -> bool:
    """The issue's bar: 1e-12 relative where the value is ≥ 1e-8, 1e-15 absolute below."""
    with mpmath.workdps(50):
        size = abs(want)
        bound = RELATIVE * size if size >= FLOOR else ABSOLUTE
        return bool(error(got, want) <= bound)


def textbook_erf(spot: float, strike: float, term: float, volatility: float, rate: float) -> float:
    """The formula as textbooks print it, N(z) = (1 + erf(z/√2))/2: what the tails break."""
    total = volatility * math.sqrt(term)
    d1 = (math.log(spot / strike) + rate * term) / total + total / 2
    d2 = d1 - total

    def cdf(z: float) -> float:
        return (1 + math.erf(z / math.sqrt(2))) / 2

    return spot * cdf(d1) - strike * math.exp(-rate * term) * cdf(d2)


#: A market to value the Auxer grant in.
FAIR: dict[str, Any] = {"spot": "0.13", "volatility": "1.00", "risk_free_rate": "0.05"}
#: The lattice's own inputs to fair_value.
LATTICE_INPUTS: dict[str, Any] = {
    "model": "lattice",
    "exit_rate": "0.1",
    "exercise_multiple": 2,
    "steps_per_year": 50,
}
#: A market for implying a volatility from a price: a call at 40 on a share at 42.
IMPLYING: dict[str, Any] = {"spot": 42, "strike": 40, "years": 1, "risk_free_rate": "0.05"}


#: A grant with a year's cliff, none of it vested before mid-2024.
_CLIFF_YEAR = OptionGrant(
    "2024-01-15",
    48000,
    "1.25",
    term="10 years",
    vesting=VestingSchedule.parse("48 months, 12-month cliff", start="2024-01-15"),
)


class TestMessages:
    """Each rule of this module, word for word, once: other tests check which rule it is."""

    @pytest.mark.parametrize(
        ("call", "rule", "expected"),
        [
            pytest.param(
                lambda: fair_value(AUXER_1999, on="1999-06-30", **FAIR),
                BEFORE_THE_GRANT.format(grant_date="1999-07-01"),
                "on='1999-06-30': must not be before the grant date, 1999-07-01",
                id="BEFORE_THE_GRANT",
            ),
            pytest.param(
                lambda: fair_value(AUXER_1999, on="2026-11-25", **FAIR),
                AFTER_THE_LAST_DAY.format(last="1999-10-01"),
                "on='2026-11-25': is after the last exercise date, 1999-10-01: "
                "the option has expired",
                id="AFTER_THE_LAST_DAY",
            ),
            pytest.param(
                lambda: fair_value(AUXER_1999, on="1999-07-01", expected_term="0.5", **FAIR),
                LONGER_THAN_LEFT.format(
                    days=92, years="0.2520547945205479452054794521", last="1999-10-01"
                ),
                "expected_term='0.5': must not exceed the 92 days "
                "(0.2520547945205479452054794521 years) left to 1999-10-01",
                id="LONGER_THAN_LEFT",
            ),
            pytest.param(
                lambda: implied_volatility(2, **{**IMPLYING, "years": 0}),
                NO_TIME_LEFT,
                "years=0: must be positive: at expiry no volatility is implied",
                id="NO_TIME_LEFT",
            ),
            pytest.param(
                lambda: implied_volatility(1, **{**IMPLYING, "strike": 0}),
                NOTHING_TO_IMPLY,
                "strike=0: must be positive: then no volatility is implied",
                id="NOTHING_TO_IMPLY",
            ),
            pytest.param(
                lambda: implied_volatility(42, **IMPLYING),
                AT_INFINITE_VOLATILITY.format(bound=42),
                "price=42: must be below 42, the value at infinite volatility",
                id="AT_INFINITE_VOLATILITY",
            ),
            pytest.param(
                lambda: implied_volatility("1.9", spot=42, strike=40, years=1, risk_free_rate=0),
                BELOW_INTRINSIC.format(bound=2),
                "price='1.9': must be at least 2, the discounted forward intrinsic value",
                id="BELOW_INTRINSIC",
            ),
            pytest.param(
                lambda: implied_volatility("41.99999", **IMPLYING),
                VOLATILITY_TOO_HIGH,
                "price='41.99999': implies a volatility above 10 (1,000%)",
                id="VOLATILITY_TOO_HIGH",
            ),
            pytest.param(
                lambda: simplified_expected_term([], 10),
                NO_TRANCHE,
                "vesting_years=[]: must name at least one tranche",
                id="NO_TRANCHE",
            ),
            pytest.param(
                lambda: simplified_expected_term([1, 11], 10),
                AFTER_THE_TERM.format(years=10),
                "vesting_years[1]=11: must not be after the contractual term of 10 years",
                id="AFTER_THE_TERM",
            ),
            pytest.param(
                lambda: simplified_expected_term(AUXER_1999, 10),  # type: ignore[call-overload]
                THE_GRANTS_OWN_TERM,
                "contractual_years=10: must not be given with a grant: its own term is used",
                id="THE_GRANTS_OWN_TERM",
            ),
            pytest.param(
                lambda: simplified_expected_term([1, 2]),  # type: ignore[call-overload]
                NEEDS_A_TERM,
                "contractual_years=None: must be given with vesting times: the option's term "
                "in years",
                id="NEEDS_A_TERM",
            ),
            pytest.param(
                lambda: simplified_expected_term(
                    terminate(_CLIFF_YEAR, on="2024-06-01", reason="voluntary other")
                ),
                NOTHING_VESTS,
                "termination=Termination(date=datetime.date(2024, 6, 1), "
                "reason=TerminationReason.VOLUNTARY_OTHER): must come after some shares vest: "
                "every share was forfeited, so none can be exercised",
                id="NOTHING_VESTS",
            ),
            pytest.param(
                lambda: fair_value(AUXER_1999, on="1999-07-01", model="lattice", **FAIR),
                NEEDS_LATTICE_INPUT,
                'exit_rate=None: must be given with model="lattice"',
                id="NEEDS_LATTICE_INPUT",
            ),
            pytest.param(
                lambda: fair_value(AUXER_1999, on="1999-07-01", steps_per_year=50, **FAIR),
                LATTICE_INPUT_ONLY,
                'steps_per_year=50: is an input of the lattice model only: pass model="lattice"',
                id="LATTICE_INPUT_ONLY",
            ),
            pytest.param(
                lambda: fair_value(
                    AUXER_1999, on="1999-07-01", expected_term=0, **FAIR, **LATTICE_INPUTS
                ),
                TERM_OF_THE_LATTICE,
                "expected_term=0: must not be given with the lattice model: the tree implies "
                "its own",
                id="TERM_OF_THE_LATTICE",
            ),
            pytest.param(
                lambda: fair_value(AUXER_1999, on="1999-10-01", **FAIR, **LATTICE_INPUTS),
                NO_TIME_FOR_A_TREE,
                "on='1999-10-01': is the last exercise date: no time is left for a tree "
                "(Black-Scholes gives the intrinsic value)",
                id="NO_TIME_FOR_A_TREE",
            ),
        ],
    )
    def test_message(self, call: Callable[[], object], rule: str, expected: str) -> None:
        """The message names the field and the value, then the rule in these words."""
        assert message(call, rule) == expected


class TestWorkedFigures:
    def test_hull_call(self) -> None:
        """Hull's textbook example: S=42, K=40, r=10%, σ=20%, T=0.5 gives 4.759422."""
        assert f"{black_scholes(**HULL).value:.6f}" == "4.759422"

    def test_hull_put(self) -> None:
        assert f"{black_scholes(**HULL, kind='put').value:.6f}" == "0.808599"

    def test_hull_greeks(self) -> None:
        """Every Greek of the worked example, against the reference."""
        valuation = black_scholes(**HULL)
        want = reference(42, 40, "0.5", "0.2", "0.1")
        for name in ("value", "delta", "gamma", "vega", "theta", "rho"):
            assert within_bar(getattr(valuation, name), want[name]), name

    def test_fourteen_significant_digits(self) -> None:
        valuation = black_scholes(**HULL)
        assert valuation.value == Decimal("4.7594223928715")
        assert len(valuation.value.as_tuple().digits) == 14

    def test_records_its_inputs(self) -> None:
        valuation = black_scholes(**HULL, dividend_yield="0.03", kind="PUT")
        assert valuation.kind is OptionKind.PUT
        assert valuation.spot == 42
        assert valuation.strike == 40
        assert valuation.years == Decimal("0.5")
        assert (valuation.volatility, valuation.risk_free_rate) == (Decimal("0.2"), Decimal("0.1"))
        assert valuation.dividend_yield == Decimal("0.03")
        assert valuation.shares is None
        assert valuation.total is None

    @pytest.mark.parametrize(
        ("given", "kind"),
        [("call", OptionKind.CALL), ("Call", OptionKind.CALL), ("PUT", OptionKind.PUT)],
    )
    def test_kind_in_any_case(self, given: str, kind: OptionKind) -> None:
        assert OptionKind(given) is kind

    def test_inputs_recorded_in_plain_figures(self) -> None:
        """An input given with a positive exponent is recorded in figures: 1E+3 as 1000."""
        valuation = black_scholes(
            spot="1E+3", strike="1e+3", years=1, volatility="0.2", risk_free_rate=0
        )
        assert (str(valuation.spot), str(valuation.strike)) == ("1000", "1000")


# The grid of the issue: deep in and out of the money, one day to 30 years, σ from 1% to
# 500% (microcap disclosures reach 480%), with and without rates and dividends.
GRID_SPOTS = (
    "1",
    "10",
    "50",
    "80",
    "95",
    "99.5",
    "100",
    "100.5",
    "105",
    "120",
    "200",
    "1000",
    "10000",
)
GRID_DAYS = (1, 7, 30, 91, 365, 1826, 3652, 10957)
GRID_VOLATILITIES = ("0.01", "0.05", "0.2", "0.5", "1", "2.6", "4.8", "5")
GRID_RATES = (("0", "0"), ("0.05", "0"), ("0.05", "0.03"), ("-0.01", "0.08"))


@pytest.mark.parametrize("kind", ["call", "put"])
def test_grid_within_a_trillionth(kind: str) -> None:
    """Every value on the grid is within 1e-12 relative (or 1e-15 absolute) of the reference."""
    failures = []
    for spot, days, volatility, (rate, dividend) in itertools.product(
        GRID_SPOTS, GRID_DAYS, GRID_VOLATILITIES, GRID_RATES
    ):
        term = years(days)
        got = black_scholes(
            spot=spot,
            strike=100,
            years=term,
            volatility=volatility,
            risk_free_rate=rate,
            dividend_yield=dividend,
            kind=kind,
        ).value
        want = reference(spot, 100, term, volatility, rate, dividend, kind)["value"]
        if not within_bar(got, want):
            failures.append((spot, days, volatility, rate, dividend, got, mpmath.nstr(want, 20)))
    assert not failures, failures[:10]


@st.composite
def model_inputs(draw: st.DrawFn) -> dict[str, Any]:
    """Inputs anywhere in the ranges the issue names, with positive spot, strike, time, σ."""
    return {
        "spot": Decimal(f"{draw(st.integers(1, 10**8))}E-{draw(st.integers(0, 4))}"),
        "strike": Decimal(f"{draw(st.integers(1, 10**8))}E-{draw(st.integers(0, 4))}"),
        "years": years(draw(st.integers(1, 10957))),
        "volatility": Decimal(f"{draw(st.integers(1, 500))}E-2"),
        "risk_free_rate": Decimal(f"{draw(st.integers(-200, 2000))}E-4"),
        "dividend_yield": Decimal(f"{draw(st.integers(0, 1500))}E-4"),
        "kind": draw(st.sampled_from(["call", "put"])),
    }


# A call where theta's decay and dividend terms almost cancel (relative error 4.2e-11 once).
THETA_NEAR_ZERO: dict[str, Any] = {
    "spot": Decimal("114.2916"),
    "strike": Decimal(100),
    "years": Decimal(1),
    "volatility": Decimal("0.2"),
    "risk_free_rate": Decimal(0),
    "dividend_yield": Decimal("0.05"),
    "kind": "call",
}


@st.composite
def near_theta_zero(draw: st.DrawFn) -> dict[str, Any]:
    """Inputs whose theta is within 1e-3 … 1e-16 (relative) of a zero.

    A call with a yield q and a rate of at most q/2 (a put: the rate and the yield swap)
    has theta < 0 far out of the money and > 0 deep in it. Theta over the spot is a
    function of d = d1 (a put: d2) alone, which crosses 0 between −12 and 12 on this
    domain; the spot is put at that d and then moved by a drawn relative amount.
    """
    kind = draw(st.sampled_from(["call", "put"]))
    carry = Decimal(f"{draw(st.integers(100, 2000))}E-4")
    other = LOCAL.multiply(carry, Decimal(f"{draw(st.integers(0, 500))}E-3"))
    rate, dividend = (other, carry) if kind == "call" else (carry, other)
    strike = Decimal(f"{draw(st.integers(1, 10**6))}E-2")
    term = years(draw(st.integers(1, 1826)))
    volatility = Decimal(f"{draw(st.integers(10, 50))}E-2")
    shift = draw(st.integers(-999, 999)) * mpmath.mpf(10) ** -draw(st.integers(3, 16))
    with mpmath.workdps(40):
        t_, v_, r_, q_ = (mpmath.mpf(str(x)) for x in (term, volatility, rate, dividend))
        total = v_ * mpmath.sqrt(t_)
        sign = 1 if kind == "call" else -1

        def theta_over_share(d: mpmath.mpf) -> mpmath.mpf:
            d1 = d if kind == "call" else d + total
            d2 = d1 - total
            cash_over_share = mpmath.npdf(d1) / mpmath.npdf(d2)
            return (
                -mpmath.npdf(d1) * v_ / (2 * mpmath.sqrt(t_))
                - sign * r_ * cash_over_share * mpmath.ncdf(sign * d2)
                + sign * q_ * mpmath.ncdf(sign * d1)
            )

        # Bisection: the tails are too flat for the faster bracketing methods.
        low, high = mpmath.mpf(-12), mpmath.mpf(12)
        for _ in range(140):  # 24/2**140 < 1e-40
            middle = (low + high) / 2
            if (theta_over_share(middle) > 0) == (kind == "call"):
                high = middle
            else:
                low = middle
        root = (low + high) / 2
        d1 = root if kind == "call" else root + total
        log_forward = d1 * total - total**2 / 2
        spot = mpmath.mpf(str(strike)) * mpmath.exp(log_forward - (r_ - q_) * t_) * (1 + shift)
        spot_text = mpmath.nstr(spot, 25, min_fixed=-30, max_fixed=30)
    return {
        "spot": Decimal(spot_text),
        "strike": strike,
        "years": term,
        "volatility": volatility,
        "risk_free_rate": rate,
        "dividend_yield": dividend,
        "kind": kind,
    }


def _reference_for(inputs: dict[str, Any]) -> dict[str, mpmath.mpf]:
    return reference(
        inputs["spot"],
        inputs["strike"],
        inputs["years"],
        inputs["volatility"],
        inputs["risk_free_rate"],
        inputs["dividend_yield"],
        inputs["kind"],
    )


class TestAccuracy:
    @given(model_inputs())
    @example(  # a small total volatility near the money: the Taylor series' region
        {
            "spot": Decimal("100.29"),
            "strike": Decimal(100),
            "years": years(1),
            "volatility": Decimal("0.02"),
            "risk_free_rate": Decimal("0.05"),
            "dividend_yield": Decimal(0),
            "kind": "put",
        }
    )
    def test_value_within_a_trillionth(self, inputs: dict[str, Any]) -> None:
        assert within_bar(black_scholes(**inputs).value, _reference_for(inputs)["value"])

    @given(model_inputs())
    @example(THETA_NEAR_ZERO)  # the case: 4.2e-11 of itself before
    def test_greeks_within_a_trillionth(self, inputs: dict[str, Any]) -> None:
        """Each Greek to 1e-12 of itself (1e-15 below 1e-8), theta near its zero too."""
        valuation = black_scholes(**inputs)
        want = _reference_for(inputs)
        for name in ("delta", "gamma", "vega", "theta", "rho"):
            assert within_bar(getattr(valuation, name), want[name]), name

    @given(near_theta_zero())
    @example(THETA_NEAR_ZERO)
    def test_theta_near_its_zero(self, inputs: dict[str, Any]) -> None:
        """Where theta's three terms cancel to 1e-3 … 1e-16 of their size, it keeps its bar."""
        valuation = black_scholes(**inputs)
        assert within_bar(valuation.theta, _reference_for(inputs)["theta"])

    def test_theta_near_its_zero_with_a_tiny_volatility(self) -> None:
        """Deep in the money with σ√T of 1e-4, theta's terms cancel and |d| is 37,000:
        theta is still exact (it once took hours, carrying d²/4.6 digits for nothing)."""
        inputs: dict[str, Any] = {
            "spot": Decimal("798.56"),
            "strike": Decimal("53853.0"),
            "years": Decimal("2.5983"),
            "volatility": Decimal("0.00007068"),
            "risk_free_rate": Decimal("0.0005729"),
            "dividend_yield": Decimal("0.04261"),
            "kind": "put",
        }
        assert within_bar(black_scholes(**inputs).theta, _reference_for(inputs)["theta"])

    @pytest.mark.parametrize(
        ("spot", "volatility", "theta"),
        [("300", "0", "0"), ("300.0000001", "0.2", "7E-9"), ("300", "0.2", "0")],
    )
    def test_carry_at_expiry_exactly(self, spot: str, volatility: str, theta: str) -> None:
        """At expiry in the money theta is q·S − r·K, exact: 0.07·300 − 0.3·70 is 0, not
        the 3.6e-15 that the doubles of 0.07 and 0.3 leave."""
        valuation = black_scholes(
            spot=spot,
            strike=70,
            years=0,
            volatility=volatility,
            risk_free_rate="0.3",
            dividend_yield="0.07",
        )
        assert valuation.theta == Decimal(theta)

    def test_precise_density_constant(self) -> None:
        """1/√(2π), to the 125 digits the extended-precision theta carries."""
        with mpmath.workdps(130):
            want = mpmath.nstr(1 / mpmath.sqrt(2 * mpmath.pi), 125, strip_zeros=False)
        assert Decimal(want) == _INV_SQRT_2PI_DECIMAL

    def test_tails_where_the_textbook_fails(self) -> None:
        """Far out of the money, erf-based N(d) cancels to garbage; erfc keeps the digits."""
        inputs: dict[str, Any] = {
            "spot": 1000,
            "strike": 2500,
            "years": "0.25",
            "volatility": "0.3",
            "risk_free_rate": "0.05",
        }
        want = reference(1000, 2500, "0.25", "0.3", "0.05")["value"]
        ours = black_scholes(**inputs).value
        textbook = textbook_erf(1000.0, 2500.0, 0.25, 0.3, 0.05)
        assert want >= FLOOR
        assert within_bar(ours, want)
        assert abs(textbook / want - 1) > 1e-6

    def test_far_tail_is_tiny_not_negative(self) -> None:
        valuation = black_scholes(
            spot=1, strike=1000, years="0.1", volatility="0.1", risk_free_rate=0
        )
        assert valuation.value == 0
        assert not valuation.value.is_signed()
        assert textbook_erf(1.0, 1000.0, 0.1, 0.1, 0.0) <= 0.0

    def test_taylor_coefficients_derive_from_the_ratio(self) -> None:
        """The series' coefficients are the odd derivatives of Y, from Y' = 1 + h·Y."""
        # Y⁽ⁿ⁾ = P(h) + Q(h)·Y; differentiating: P' + Q + (Q' + h·Q)·Y.
        p: list[int] = [0]
        q: list[int] = [1]
        derived = []
        for order in range(1, 2 * len(_TAYLOR)):
            dp = [i * c for i, c in enumerate(p)][1:] or [0]
            dq = [i * c for i, c in enumerate(q)][1:] or [0]
            p = _add(dp, q)
            q = _add(dq, [0, *q])
            if order % 2:
                over_h = q[1:]  # Q is odd: Q·Y = (Q/h)·(h·Y) = (Q/h)·(Y' − 1)
                constant = _add(p, [-c for c in over_h])
                derived.append(
                    (tuple(constant[::2]), tuple(over_h[::2]), float(math.factorial(order)))
                )
        assert tuple(derived) == _TAYLOR


def _add(first: list[int], second: list[int]) -> list[int]:
    size = max(len(first), len(second))
    first = first + [0] * (size - len(first))
    second = second + [0] * (size - len(second))
    return [a + b for a, b in zip(first, second, strict=True)]


def wide_inputs() -> st.SearchStrategy[dict[str, Any]]:
    """Valid inputs out to every edge: zeros, tiny and huge prices, 100 years, σ = 1,000%."""
    price = st.one_of(
        st.sampled_from([Decimal(0), Decimal("1E-400"), Decimal("1E-300"), Decimal(10**15)]),
        st.builds(lambda m, e: Decimal(f"{m}E{e}"), st.integers(1, 10**6), st.integers(-20, 9)),
    )
    fraction = st.builds(
        lambda m, e: Decimal(f"{m}E{e}"), st.integers(-(10**4), 10**4), st.integers(-8, -4)
    )
    return st.fixed_dictionaries(
        {
            "spot": price,
            "strike": price,
            "years": st.one_of(
                st.sampled_from([Decimal(0), Decimal(100), Decimal("1E-9")]),
                st.builds(years, st.integers(0, 36500)),
            ),
            "volatility": st.one_of(
                st.sampled_from([Decimal(0), Decimal(10), Decimal("1E-9")]),
                st.builds(
                    lambda m, e: Decimal(f"{m}E{e}"), st.integers(0, 10**4), st.integers(-8, -3)
                ),
            ),
            "risk_free_rate": st.one_of(st.sampled_from([Decimal(-1), Decimal(1)]), fraction),
            "dividend_yield": st.one_of(st.sampled_from([Decimal(-1), Decimal(1)]), fraction),
            "kind": st.sampled_from(["call", "put"]),
        }
    )


class TestLaws:
    @given(wide_inputs())
    @example(
        {
            "spot": Decimal("1E-400"),
            "strike": Decimal("1E-300"),
            "years": Decimal(0),
            "volatility": Decimal(0),
            "risk_free_rate": Decimal(-1),
            "dividend_yield": Decimal(-1),
            "kind": "call",
        }
    )
    @example(
        {
            "spot": Decimal(10**15),
            "strike": Decimal("1E-300"),
            "years": Decimal(100),
            "volatility": Decimal(10),
            "risk_free_rate": Decimal(-1),
            "dividend_yield": Decimal(1),
            "kind": "call",
        }
    )
    @example(
        {
            "spot": Decimal("1E-300"),
            "strike": Decimal(10**15),
            "years": Decimal("1E-9"),
            "volatility": Decimal("1E-9"),
            "risk_free_rate": Decimal(1),
            "dividend_yield": Decimal(-1),
            "kind": "put",
        }
    )
    def test_never_negative_and_finite(self, inputs: dict[str, Any]) -> None:
        """At every valid input: a finite value, never negative; no float error escapes."""
        valuation = black_scholes(**inputs)
        assert valuation.value.is_finite()
        assert valuation.value >= 0
        assert not valuation.value.is_signed()
        for name in ("delta", "vega", "rho"):
            assert getattr(valuation, name).is_finite(), name

    @given(model_inputs())
    def test_put_call_parity(self, inputs: dict[str, Any]) -> None:
        """C − P = S·e^(−qT) − K·e^(−rT), to 1e-12 of C + P."""
        call = black_scholes(**{**inputs, "kind": "call"}).value
        put = black_scholes(**{**inputs, "kind": "put"}).value
        want = _reference_for(inputs)
        with mpmath.workdps(50):
            forward = want["share"] - want["cash"]
            gap = abs(mpmath.mpf(str(call)) - mpmath.mpf(str(put)) - forward)
            assert gap <= 1e-12 * (mpmath.mpf(str(call)) + mpmath.mpf(str(put))) + 1e-15

    @given(model_inputs(), st.integers(1, 10**6))
    def test_rises_with_spot(self, inputs: dict[str, Any], step: int) -> None:
        """Calls rise and puts fall with the spot (within the last digit's rounding)."""
        higher = {**inputs, "spot": LOCAL.add(inputs["spot"], LOCAL.scaleb(Decimal(step), -4))}
        before, after = black_scholes(**inputs).value, black_scholes(**higher).value
        if inputs["kind"] == "call":
            assert _at_least(after, before)
        else:
            assert _at_least(before, after)

    @given(model_inputs(), st.integers(1, 500))
    def test_rises_with_volatility(self, inputs: dict[str, Any], step: int) -> None:
        higher = {
            **inputs,
            "volatility": LOCAL.add(inputs["volatility"], LOCAL.scaleb(Decimal(step), -2)),
        }
        assert _at_least(black_scholes(**higher).value, black_scholes(**inputs).value)

    @given(model_inputs(), st.integers(1, 3650))
    def test_rises_with_time_without_dividends(self, inputs: dict[str, Any], days: int) -> None:
        """With no dividends and rates ≥ 0 a call gains from time; a put does when rates are 0.

        (With a negative rate the strike's present value grows with time, and a call
        deep in the money loses.)
        """
        inputs = {
            **inputs,
            "dividend_yield": 0,
            "risk_free_rate": inputs["risk_free_rate"].copy_abs(),
        }
        if inputs["kind"] == "put":
            inputs["risk_free_rate"] = 0
        longer = {**inputs, "years": LOCAL.add(inputs["years"], years(days))}
        assert _at_least(black_scholes(**longer).value, black_scholes(**inputs).value)

    @given(model_inputs())
    def test_at_expiry_the_intrinsic_value_exactly(self, inputs: dict[str, Any]) -> None:
        valuation = black_scholes(**{**inputs, "years": 0})
        spot, strike = Fraction(inputs["spot"]), Fraction(inputs["strike"])
        gain = spot - strike if inputs["kind"] == "call" else strike - spot
        assert Fraction(valuation.value) == max(gain, Fraction(0))

    def test_at_expiry_beyond_fifty_digits(self) -> None:
        """An intrinsic value too long to be exact is the model's, rounded to 14 digits."""
        valuation = black_scholes(
            spot=10**15, strike="1E-300", years=0, volatility=0, risk_free_rate=0
        )
        assert valuation.value == Decimal(10**15)

    @given(model_inputs())
    def test_without_volatility_the_discounted_forward_intrinsic(
        self, inputs: dict[str, Any]
    ) -> None:
        """σ = 0: max(S·e^(−qT) − K·e^(−rT), 0) for a call, to 1e-12 of the larger term."""
        valuation = black_scholes(**{**inputs, "volatility": 0})
        want = _reference_for({**inputs, "volatility": 1})
        with mpmath.workdps(50):
            sign = 1 if inputs["kind"] == "call" else -1
            forward = max(sign * (want["share"] - want["cash"]), 0)
            gap = abs(mpmath.mpf(str(valuation.value)) - forward)
            assert gap <= 1e-12 * max(want["share"], want["cash"]) + 1e-15

    @given(model_inputs())
    def test_strike_zero_is_the_share(self, inputs: dict[str, Any]) -> None:
        """A call struck at 0 is worth S·e^(−qT); the put is worthless."""
        inputs = {**inputs, "strike": 0}
        want = _reference_for({**inputs, "strike": 1})["share"]
        assert within_bar(black_scholes(**{**inputs, "kind": "call"}).value, want)
        assert black_scholes(**{**inputs, "kind": "put"}).value == 0

    @given(model_inputs())
    def test_spot_zero(self, inputs: dict[str, Any]) -> None:
        """On a worthless share a call is worthless and a put is the discounted strike."""
        inputs = {**inputs, "spot": 0}
        assert black_scholes(**{**inputs, "kind": "call"}).value == 0
        cash = _reference_for({**inputs, "spot": 1})["cash"]
        assert within_bar(black_scholes(**{**inputs, "kind": "put"}).value, cash)


def _at_least(larger: Decimal, smaller: Decimal) -> bool:
    """``larger ≥ smaller`` up to the rounding of the 14th significant digit of either."""
    return Fraction(larger) >= Fraction(smaller) * (1 - Fraction(1, 10**13))


class TestKinks:
    """Where the payoff bends and nothing is uncertain, the Greeks are their limits."""

    def test_at_the_money_at_expiry(self) -> None:
        valuation = black_scholes(
            spot=40, strike=40, years=0, volatility="0.2", risk_free_rate="0.1"
        )
        assert valuation.value == 0
        assert valuation.delta == Decimal("0.5")
        assert valuation.gamma == Decimal("Infinity")
        assert valuation.theta == Decimal("-Infinity")
        assert valuation.vega == 0

    def test_at_the_money_forward_without_volatility(self) -> None:
        """σ → 0 at the money forward: half the delta, vega S·√T/√(2π), finite theta."""
        valuation = black_scholes(
            spot=40, strike=40, years=1, volatility=0, risk_free_rate=0, kind="put"
        )
        assert valuation.delta == Decimal("-0.5")
        assert valuation.gamma == Decimal("Infinity")
        assert within_bar(valuation.vega, mpmath.mpf(40) / mpmath.sqrt(2 * mpmath.pi))
        assert valuation.theta == 0
        assert valuation.rho == -20

    @pytest.mark.parametrize(("kind", "sign"), [("call", 1), ("put", -1)])
    def test_at_the_money_forward_with_carry(self, kind: str, sign: int) -> None:
        """With equal rate and yield the forward is the spot: the limits, discounted, and a
        time decay in which the yield's and the rate's parts cancel."""
        valuation = black_scholes(
            spot=100,
            strike=100,
            years=1,
            volatility=0,
            risk_free_rate="0.05",
            dividend_yield="0.05",
            kind=kind,
        )
        discount = mpmath.exp(mpmath.mpf("-0.05"))
        assert valuation.value == 0
        assert within_bar(valuation.delta, sign * discount / 2)
        assert valuation.gamma == Decimal("Infinity")
        assert within_bar(valuation.vega, 100 * discount / mpmath.sqrt(2 * mpmath.pi))
        assert valuation.theta == 0
        assert within_bar(valuation.rho, sign * 50 * discount)

    def test_at_the_money_at_expiry_without_volatility(self) -> None:
        """At expiry with σ = 0 the time decay is the carry's, not infinite."""
        valuation = black_scholes(
            spot=100, strike=100, years=0, volatility=0, risk_free_rate="0.05",
            dividend_yield="0.05",
        )  # fmt: skip
        assert (valuation.delta, valuation.gamma) == (Decimal("0.5"), Decimal("Infinity"))
        assert (valuation.vega, valuation.theta, valuation.rho) == (Decimal(0),) * 3

    @pytest.mark.parametrize("years", [0, 1])
    @pytest.mark.parametrize(("spot", "kind"), [("100.00000001", "call"), ("99.99999999", "put")])
    def test_a_hair_in_the_money_without_volatility(self, spot: str, kind: str, years: int) -> None:
        """A cent's millionth in the money is worth exactly that, at expiry and before it: no
        cancellation in share − strike, whose floats differ in their last digits."""
        valuation = black_scholes(
            spot=spot, strike=100, years=years, volatility=0, risk_free_rate=0, kind=kind
        )
        assert valuation.value == Decimal("1E-8")

    @pytest.mark.parametrize(("kind", "theta"), [("call", "-2.5"), ("put", "2.5")])
    def test_at_the_money_at_expiry_the_carry_decays(self, kind: str, theta: str) -> None:
        """Half the carry, −r·K/2 for a call: the mean of the two sides of the kink."""
        valuation = black_scholes(
            spot=100, strike=100, years=0, volatility=0, risk_free_rate="0.05", kind=kind
        )
        assert valuation.theta == Decimal(theta)

    def test_out_of_the_money_without_volatility_has_no_greeks(self) -> None:
        valuation = black_scholes(spot=30, strike=40, years=1, volatility=0, risk_free_rate="0.1")
        greeks = (valuation.value, valuation.delta, valuation.gamma, valuation.vega)
        assert greeks == (Decimal(0),) * 4

    def test_in_the_money_without_volatility_the_yield_discounts_delta(self) -> None:
        valuation = black_scholes(
            spot=50, strike=40, years=1, volatility=0, risk_free_rate=0, dividend_yield="0.05"
        )
        assert within_bar(valuation.delta, mpmath.exp(mpmath.mpf("-0.05")))

    def test_in_the_money_without_volatility(self) -> None:
        valuation = black_scholes(spot=50, strike=40, years=0, volatility=0, risk_free_rate="0.1")
        greeks = (valuation.value, valuation.delta, valuation.gamma, valuation.vega)
        assert greeks == tuple(map(Decimal, (10, 1, 0, 0)))
        assert valuation.theta == -4  # the strike's interest: −r·K
        out = black_scholes(spot=30, strike=40, years=0, volatility=0, risk_free_rate="0.1")
        assert (out.value, out.delta, out.theta, out.rho) == (Decimal(0),) * 4

    def test_worthless_share_put(self) -> None:
        valuation = black_scholes(
            spot=0, strike=40, years=1, volatility="0.3", risk_free_rate=0, kind="put"
        )
        greeks = (valuation.value, valuation.delta, valuation.gamma, valuation.rho)
        assert greeks == tuple(map(Decimal, (40, -1, 0, -40)))


class TestDeterminism:
    # Each row: inputs, and the Decimal the library gives, digit for digit.
    GOLDEN = (
        (dict(HULL), "4.7594223928715"),
        ({**HULL, "kind": "put"}, "0.8085993729001"),
        (
            {
                "spot": "0.13",
                "strike": "0.13",
                "years": years(92),
                "volatility": 1,
                "risk_free_rate": "0.05",
            },
            "0.026427298041783",
        ),
        (
            {
                "spot": 1000,
                "strike": 2500,
                "years": "0.25",
                "volatility": "0.3",
                "risk_free_rate": "0.05",
            },
            "3.1326719090766E-8",
        ),
        (
            {
                "spot": "100.29",
                "strike": 100,
                "years": years(1),
                "volatility": "0.02",
                "risk_free_rate": "0.05",
                "kind": "put",
            },
            "0.000057359438042424",
        ),
        (
            {
                "spot": 5,
                "strike": 20,
                "years": 30,
                "volatility": "4.8",
                "risk_free_rate": "0.05",
                "dividend_yield": "0.02",
            },
            "2.7440581804701",
        ),
    )

    @pytest.mark.parametrize(("inputs", "value"), GOLDEN)
    def test_golden_values(self, inputs: dict[str, Any], value: str) -> None:
        """The same inputs give the same Decimal: a change in any digit is a regression."""
        # Digits and exponent, compared without str(), which reads the test's context.
        assert black_scholes(**inputs).value.as_tuple() == Decimal(value).as_tuple()

    def test_independent_of_context_and_thread(self) -> None:
        """Under any decimal context and in other threads, the same Decimals."""
        expected = [black_scholes(**inputs) for inputs, _ in self.GOLDEN]
        seen: list[list[Valuation]] = []

        def run() -> None:
            decimal.setcontext(decimal.Context(prec=2, rounding=decimal.ROUND_CEILING))
            seen.append([black_scholes(**inputs) for inputs, _ in self.GOLDEN])

        threads = [threading.Thread(target=run) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert seen == [expected] * 4


class TestValuationRecord:
    def test_immutable_hashable_picklable(self) -> None:
        valuation = black_scholes(**HULL)
        with pytest.raises(AttributeError):
            valuation.value = Decimal(0)  # type: ignore[misc]
        assert hash(valuation) == hash(black_scholes(**HULL))
        assert pickle.loads(pickle.dumps(valuation)) == valuation  # noqa: S301

    def test_repr_evaluates_back(self) -> None:
        valuation = black_scholes(**HULL)
        namespace = {"Valuation": Valuation, "Decimal": Decimal, "OptionKind": OptionKind}
        assert eval(repr(valuation), namespace) == valuation  # noqa: S307
        assert "shares" not in repr(valuation)

    def test_fast_constructor_builds_what_the_constructor_builds(self) -> None:
        """black_scholes fills the slots directly: each field as Valuation(...) stores it."""
        fields: tuple[attrs.Attribute[Any], ...] = attrs.fields(Valuation)
        required: dict[str, Any] = {
            field.name: Decimal(index)
            for index, field in enumerate(fields)
            if field.default is attrs.NOTHING
        }
        required["kind"] = OptionKind.PUT
        built, expected = _new_valuation(**required), Valuation(**required)
        assert type(built) is Valuation
        for field in fields:
            assert getattr(built, field.name) is getattr(expected, field.name), field.name

    def test_storage_holds_exactly_the_fields(self) -> None:
        """A valuation is filled in as its storage class: the two hold the same slots."""
        stored = set(_ValuationSlots.__slots__) - {"__weakref__"}
        assert stored == {field.name for field in attrs.fields(Valuation)}
        assert not Valuation.__slots__


# Inputs model_input treats as it does no plain number: refused, adjusted or read the long way.
INPUT_EDGES = (
    0,
    False,
    Decimal(0),
    Decimal("-0"),
    Decimal("0E-7"),
    Decimal("1E+3"),
    Decimal("2E+15"),
    Decimal("1E-400"),
    Decimal("-1E-400"),
    Decimal("1E-1101"),
    Decimal("0." + "1" * 800),
    Decimal("0.5" + "0" * 1100 + "1"),
    Decimal("-1.5"),
    Decimal("1.5"),
    Decimal(-1),
    Decimal(1),
    Decimal(10),
    Decimal(100),
    Decimal(10**15),
    Decimal("1000000000000000.1"),
    Decimal("1000000000000000.5"),
    Decimal("100.00000000000002"),
    Decimal("10.000000000000002"),
    Decimal("-1.0000000000000000001"),
    Decimal("NaN"),
    Decimal("sNaN"),
    Decimal("-Infinity"),
    Decimal("Infinity"),
    "0.05",
    0.05,
    Fraction(1, 3),
)


@st.composite
def black_scholes_arguments(draw: st.DrawFn) -> list[object]:
    """black_scholes' six inputs, in its order: plain Decimals, some of them replaced."""
    given = draw(model_inputs())
    values: list[object] = [given[name] for name in INPUT_NAMES]
    for index in draw(st.sets(st.integers(0, 5), max_size=3)):
        values[index] = draw(st.one_of(st.sampled_from(INPUT_EDGES), st.decimals(), anything()))
    if draw(st.booleans()):
        values[5] = 0  # the yield's default
    return values


#: black_scholes' inputs, in its order.
INPUT_NAMES = ("spot", "strike", "years", "volatility", "risk_free_rate", "dividend_yield")


def read_one_by_one(values: list[object]) -> tuple[list[Decimal], list[float]]:
    """What black_scholes' inputs read as: model_input of each, in its order."""
    spot, strike, years, volatility, rate, dividend = values
    read = [
        model_input(spot, "spot", 0, 10**15, InvalidAmountError, money=True),
        model_input(strike, "strike", 0, 10**15, InvalidAmountError, money=True),
        model_input(years, "years", 0, 100, InvalidTermError),
        model_input(volatility, "volatility", 0, 10, InvalidRateError),
        model_input(rate, "risk_free_rate", -1, 1, InvalidRateError),
        model_input(dividend, "dividend_yield", -1, 1, InvalidRateError),
    ]
    return [number for number, _ in read], [double for _, double in read]


def outcome(read: Callable[[], tuple[Any, Any]]) -> object:
    """Each number read, written out (a -0 and a NaN too), or the refusal's meaning."""
    try:
        numbers, doubles = read()
    except OptionError as error:
        return type(error), error.field, error.rule
    return [repr(number) for number in numbers], [repr(double) for double in doubles]


def valued(value: Callable[[], Valuation]) -> object:
    """The record ``value`` gives, written out to the digit, or the refusal's meaning."""
    try:
        valuation = value()
    except OptionError as error:
        return type(error), error.field, error.rule
    return repr(valuation), type(valuation.value), [type(x) for x in attrs.astuple(valuation)]


def quick_and_general(values: list[object], kind: str) -> tuple[object, object]:
    """black_scholes of ``values`` (its common case in one go), and its general path's."""
    named: dict[str, Any] = dict(zip(INPUT_NAMES, values, strict=True))
    spot, strike, years, volatility, rate, dividend = values
    quick = valued(lambda: black_scholes(**named, kind=kind))
    general = valued(
        lambda: _valued(spot, strike, years, volatility, rate, dividend, OptionKind(kind))
    )
    return quick, general


#: Inputs whose model figures black_scholes writes the long way: a -0 (a put's delta far
#: out of the money), figures past 10**14 with no zero among them (together, and each
#: alone), and a theta whose terms cancel.
FIGURE_EDGES = (
    ([Decimal(10**6), Decimal(1), Decimal("0.1"), Decimal("0.2"), Decimal("0.05"), 0], "put"),
    ([Decimal(1), Decimal(10**6), Decimal("0.1"), Decimal("0.2"), Decimal("0.05"), 0], "call"),
    ([Decimal(10**15), Decimal(10**15), Decimal(1), Decimal("0.2"), Decimal("0.05"), 0], "call"),
    ([Decimal(10**15), Decimal(10**15), Decimal(9), Decimal(1), Decimal("0.05"), 0], "put"),
    # One figure alone past 10**14: the gamma, the vega, the theta.
    ([Decimal("1E-15"), Decimal("1E-15"), Decimal("0.01"), Decimal(1), Decimal("0.05"), 0], "call"),
    (
        [Decimal(5 * 10**14), Decimal(5 * 10**14), Decimal(1), Decimal("0.05"), Decimal("0.05"), 0],
        "put",
    ),
    (
        [Decimal(5 * 10**14), Decimal(5 * 10**14), Decimal("0.01"), Decimal(1), Decimal("0.05"), 0],
        "call",
    ),
    (
        [
            THETA_NEAR_ZERO["spot"],
            THETA_NEAR_ZERO["strike"],
            THETA_NEAR_ZERO["years"],
            THETA_NEAR_ZERO["volatility"],
            Decimal("0.0001"),
            THETA_NEAR_ZERO["dividend_yield"],
        ],
        "call",
    ),
)


class TestQuickPath:
    """black_scholes values the common case in one go, to the record of the general path."""

    @given(black_scholes_arguments(), st.sampled_from(["call", "put"]))
    @example([Decimal(42), Decimal(40), Decimal("0.5"), Decimal("0.2"), Decimal("0.1"), 0], "call")
    @example([Decimal(42), Decimal(40), Decimal("0.5"), Decimal("0.2"), Decimal(0), 0], "call")
    @example([Decimal(42), Decimal(40), Decimal("0.5"), Decimal("0.2"), Decimal("-0.1"), 1], "put")
    @example(
        [Decimal("100.0001"), Decimal(100), Decimal(1), Decimal("0.01"), Decimal("0.1"), 0], "call"
    )
    @example([Decimal("1E-320"), Decimal(10**15), Decimal(1), Decimal("0.2"), Decimal(1), 0], "put")
    @example(
        [Decimal(10**15), Decimal("1E-320"), Decimal(1), Decimal("0.2"), Decimal(1), 0], "call"
    )
    def test_same_record_as_the_general_path(self, values: list[object], kind: str) -> None:
        """Any inputs give the record, or the refusal, that reading them one by one gives."""
        quick, general = quick_and_general(values, kind)
        assert quick == general

    @pytest.mark.parametrize(("values", "kind"), FIGURE_EDGES, ids=repr)
    def test_each_figure_edge(self, values: list[object], kind: str) -> None:
        """Figures written the long way (a -0, past 10**14, theta recomputed) are the same."""
        quick, general = quick_and_general(values, kind)
        assert quick == general

    @pytest.mark.parametrize("edge", INPUT_EDGES, ids=repr)
    @pytest.mark.parametrize("place", range(6), ids=INPUT_NAMES)
    def test_each_input_edge_in_each_place(self, place: int, edge: object) -> None:
        """An input read the long way, in any place, gives the general path's record."""
        values = [Decimal(42), Decimal(40), Decimal("0.5"), Decimal("0.2"), Decimal("0.1"), 0]
        values[place] = edge
        quick, general = quick_and_general(values, "call")
        assert quick == general


class TestReadInputs:
    """The six inputs of the general path, each read as model_input reads it."""

    @given(black_scholes_arguments())
    def test_inputs_read_as_model_input_reads_each(self, values: list[object]) -> None:
        """The six inputs read together are model_input's reading of each, or its refusal."""
        assert outcome(lambda: read_inputs(*values)) == outcome(lambda: read_one_by_one(values))


#: The rule of a spot or a strike out of range.
PRICES = input_range("spot", 0, 10**15)


#: The model assumptions: estimates, not money.
ASSUMPTIONS = ["years", "volatility", "risk_free_rate", "dividend_yield"]


class TestAssumptionsAsEstimates:
    """Volatility, rates, yield and years are estimates: a float or a Fraction is fine there."""

    @given(
        st.sampled_from(ASSUMPTIONS),
        st.floats(min_value=-1, max_value=1, allow_subnormal=False),
    )
    @example("volatility", 0.55)
    @example("years", 1e-7)
    @example("risk_free_rate", -0.0)
    @example("dividend_yield", 0.1 + 0.2)
    def test_a_float_is_its_shortest_repr(self, field: str, number: float) -> None:
        """A float values as the Decimal of its shortest repr, and is recorded as that."""
        number = abs(number) if field in {"years", "volatility"} else number
        written = Decimal(repr(number))
        valuation = black_scholes(**{**HULL, field: number})
        assert valuation == black_scholes(**{**HULL, field: written})
        assert getattr(valuation, field) == written

    @pytest.mark.parametrize("kind", [np.float64, np.float32, np.float16])
    def test_numpy_floats(self, kind: Callable[[float], object]) -> None:
        """A numpy float64, float32 or float16 is read by its shortest digits, as a float."""
        valuation = black_scholes(**{**HULL, "volatility": kind(0.2), "years": kind(0.5)})
        assert (valuation.volatility, valuation.years) == (Decimal("0.2"), Decimal("0.5"))
        assert valuation == black_scholes(**HULL)

    def test_a_numpy_float_is_no_money(self) -> None:
        """A numpy float32 spot is refused, as every price that is not exact."""
        with pytest.raises(AmountTypeError) as raised:
            black_scholes(**{**HULL, "spot": np.float32(42)})
        refused(raised, field="spot", rule=NOT_AN_AMOUNT)

    def test_fractions_too_long_to_write_are_rounded_alike(self) -> None:
        """A volatility of 1/2**3000 (digits that end) values as 1/3**2000 does: rounded
        to 28 digits, where it used to be refused for its 3,000 places."""
        for fraction in (Fraction(1, 2**3000), Fraction(1, 3**2000)):
            valuation = black_scholes(**{**HULL, "volatility": fraction})
            assert len(valuation.volatility.as_tuple().digits) == ESTIMATE_DIGITS

    @pytest.mark.parametrize(
        ("given", "read"),
        [
            (Fraction(1, 2), Decimal("0.5")),
            (Fraction(1, 5), Decimal("0.2")),
            (Fraction(-7, 8), Decimal("-0.875")),
            (Fraction(1, 2**20), Decimal("0.00000095367431640625")),
            (Fraction(1, 3), Decimal("0.3333333333333333333333333333")),
            (Fraction(2, 3), Decimal("0.6666666666666666666666666667")),
        ],
    )
    def test_a_fraction_is_exact_where_it_ends(self, given: Fraction, read: Decimal) -> None:
        """A Fraction is its exact Decimal, or 28 significant digits when its digits never end."""
        assert black_scholes(**{**HULL, "risk_free_rate": given}).risk_free_rate == read

    @pytest.mark.parametrize("field", ASSUMPTIONS)
    @pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
    def test_non_finite_floats_refused(self, field: str, number: float) -> None:
        """NaN and the infinities are refused as a Decimal NaN or infinity is."""
        with pytest.raises(OptionValueError) as raised:
            black_scholes(**{**HULL, field: number})
        refused(raised, field=field, value=number, rule=NOT_FINITE)

    @pytest.mark.parametrize(
        ("field", "number", "error"),
        [
            ("volatility", 45.0, InvalidRateError),
            ("risk_free_rate", 5.0, InvalidRateError),
            ("years", 101.5, InvalidTermError),
            ("dividend_yield", Fraction(-3, 2), InvalidRateError),
        ],
    )
    def test_ranges_hold_for_floats(self, field: str, number: object, error: type) -> None:
        """A float or a Fraction out of range is refused by the range rule, with its hint."""
        low, high = {"volatility": (0, 10), "years": (0, 100)}.get(field, (-1, 1))
        with pytest.raises(error) as raised:
            black_scholes(**{**HULL, field: number})
        refused(raised, field=field, value=number, rule=input_range(field, low, high))

    def test_a_huge_fraction_is_refused_before_reading(self) -> None:
        """A Fraction of 1,101-digit parts is refused before any slow conversion."""
        given = Fraction(10**1100 + 1, 10**1100)
        with pytest.raises(InvalidRateError) as raised:
            black_scholes(**{**HULL, "volatility": given})
        refused(raised, field="volatility", value=given, rule=FRACTION_TOO_LONG)

    def test_implied_volatility_takes_estimates(self) -> None:
        """The time, rate and yield of an implied volatility may be floats; the price may not."""
        implied = implied_volatility(
            "4.759422392871535", spot=42, strike=40, years=0.5, risk_free_rate=0.1
        )
        assert implied == Decimal("0.2")
        with pytest.raises(AmountTypeError) as raised:
            implied_volatility(4.76, spot=42, strike=40, years=0.5, risk_free_rate=0.1)  # type: ignore[arg-type]
        refused(raised, field="price", value=4.76, rule=FLOAT_AMOUNT)


class TestBadInput:
    @pytest.mark.parametrize("field", ["spot", "strike"])
    def test_floats_refused_for_money(self, field: str) -> None:
        """A spot or a strike is money: a float or a Fraction is refused, as for any price."""
        for value, rule in ((0.5, FLOAT_AMOUNT), (Fraction(1, 2), NOT_AN_AMOUNT)):
            with pytest.raises(AmountTypeError) as raised:
                black_scholes(**{**HULL, field: value})
            refused(raised, field=field, value=value, rule=rule)

    @pytest.mark.parametrize("field", ["spot", "strike"])
    @pytest.mark.parametrize("value", [True, None, b"1", [1]])
    def test_other_types_refused_for_money(self, field: str, value: object) -> None:
        """Anything but a number is refused as a spot or a strike, as for any price."""
        with pytest.raises(AmountTypeError) as raised:
            black_scholes(**{**HULL, field: value})
        refused(raised, field=field, value=value, rule=NOT_AN_AMOUNT)

    @pytest.mark.parametrize("field", ["years", "volatility", "risk_free_rate", "dividend_yield"])
    @pytest.mark.parametrize("value", [True, None, b"1", [1], 1j])
    def test_other_types_refused_for_assumptions(self, field: str, value: object) -> None:
        """Anything but a number is refused as an assumption."""
        with pytest.raises(AmountTypeError) as raised:
            black_scholes(**{**HULL, field: value})
        refused(raised, field=field, value=value, rule=NOT_AN_ESTIMATE)

    @pytest.mark.parametrize(
        "field", ["spot", "strike", "years", "volatility", "risk_free_rate", "dividend_yield"]
    )
    @pytest.mark.parametrize("value", ["1e-9999999999", Decimal("1E-1101"), Decimal("0E-999999")])
    def test_places_bounded(self, field: str, value: object) -> None:
        """An estimate has at most the places an amount may have, so it can be written out."""
        with pytest.raises(OptionValueError) as raised:
            black_scholes(**{**HULL, field: value})
        refused(raised, field=field, value=value, rule=TOO_MANY_INPUT_PLACES)

    def test_places_counted_exactly_in_long_text(self) -> None:
        """Many digits near 1: 1,101 places are refused, 1,100 kept, however long the text."""
        longest = Decimal("0." + "1" * 1100)
        assert black_scholes(**{**HULL, "volatility": longest}).volatility == longest
        with pytest.raises(OptionValueError) as raised:
            black_scholes(**{**HULL, "volatility": Decimal("0." + "1" * 1101)})
        refused(raised, field="volatility", rule=TOO_MANY_INPUT_PLACES)

    @pytest.mark.parametrize(
        ("value", "kept"),
        [
            # Short text, small exponent: the places are the digits and the exponent together.
            (Decimal("1." + "1" * 999 + "E-300"), False),
            (Decimal("1." + "1" * 999 + "E-101"), True),
            (Decimal("1." + "1" * 700 + "E-324"), True),
            (Decimal("1." + "1" * 800 + "E-324"), False),
        ],
    )
    def test_places_counted_with_the_exponent(self, value: Decimal, kept: bool) -> None:  # noqa: FBT001
        """1,300 places written in 1,006 characters are refused: the text's length alone does
        not bound the places when it has an exponent."""
        places = -cast("int", value.as_tuple().exponent)
        assert kept == (places <= 1100)
        if kept:
            assert black_scholes(**{**HULL, "dividend_yield": value}).dividend_yield == value
        else:
            with pytest.raises(OptionValueError) as raised:
                black_scholes(**{**HULL, "dividend_yield": value})
            refused(raised, field="dividend_yield", rule=TOO_MANY_INPUT_PLACES)

    def test_tiny_price_refused_before_any_arithmetic(self) -> None:
        """A price of 1E-999999999 used to take seconds and most of a gigabyte to refuse."""
        with pytest.raises(OptionValueError) as raised:
            implied_volatility("1e-999999999", spot=100, strike=90, years=1, risk_free_rate=0)
        refused(raised, field="price", value="1e-999999999", rule=TOO_MANY_INPUT_PLACES)

    @pytest.mark.parametrize(
        ("field", "value", "error", "rule"),
        [
            ("spot", "-1", InvalidAmountError, PRICES),
            ("spot", Decimal("-1E-400"), InvalidAmountError, PRICES),
            ("strike", 10**16, InvalidAmountError, input_range("strike", 0, 10**15)),
            ("strike", Decimal("NaN"), InvalidAmountError, NOT_FINITE),
            ("spot", Decimal("sNaN"), InvalidAmountError, NOT_FINITE),
            ("spot", Decimal("Infinity"), InvalidAmountError, NOT_FINITE),
            ("years", -1, InvalidTermError, input_range("years", 0, 100)),
            ("years", 101, InvalidTermError, input_range("years", 0, 100)),
            ("volatility", 45, InvalidRateError, input_range("volatility", 0, 10)),
            ("volatility", "-0.1", InvalidRateError, input_range("volatility", 0, 10)),
            ("risk_free_rate", 5, InvalidRateError, input_range("risk_free_rate", -1, 1)),
            ("dividend_yield", "-1.5", InvalidRateError, input_range("dividend_yield", -1, 1)),
            ("spot", "1,000", InvalidAmountError, NOT_PLAIN_NUMBER),
            # Refused by the amount's rule before it is read: Decimal() of one is quadratic.
            pytest.param("spot", 10**5000, InvalidAmountError, TOO_LONG, id="5001 digits"),
            pytest.param("volatility", 10**5000, InvalidAmountError, TOO_LONG, id="huge int"),
            pytest.param("years", -(10**50), InvalidAmountError, TOO_LONG, id="51 digits"),
        ],
    )
    def test_out_of_range(
        self, field: str, value: object, error: type[OptionError], rule: str
    ) -> None:
        with pytest.raises(error) as raised:
            black_scholes(**{**HULL, field: value})
        refused(raised, cls=error, field=field, value=value, rule=rule)

    def test_at_expiry_at_the_money_is_zero(self) -> None:
        """0, not the 0.00 that 100 − 100.00 would be written as."""
        valuation = black_scholes(
            spot=100, strike="100.00", years=0, volatility="0.2", risk_free_rate=0
        )
        assert str(valuation.value) == "0"

    def test_large_greeks_are_written_out(self) -> None:
        """A Greek past 1e16 is written in figures, as every other: no exponent."""
        valuation = black_scholes(
            spot=10**15, strike=10**15, years=years(1), volatility=5, risk_free_rate=0
        )
        assert str(valuation.theta) == "-18892012838842000"

    @pytest.mark.parametrize("zero", [0.0, -0.0, Fraction(0), 0, Decimal("-0.00")])
    def test_every_zero_yield_is_the_default(self, zero: object) -> None:
        """A float, a Fraction or a Decimal zero yield values as the default does."""
        valuation = black_scholes(**HULL, dividend_yield=zero)  # type: ignore[arg-type]
        assert valuation.value == black_scholes(**HULL).value
        assert valuation.dividend_yield == 0
        assert not valuation.dividend_yield.is_signed()

    def test_a_bool_is_no_yield(self) -> None:
        """False equals 0, and is still refused: a flag is not a number."""
        with pytest.raises(AmountTypeError) as raised:
            black_scholes(**HULL, dividend_yield=False)
        refused(raised, field="dividend_yield", value=False, rule=NOT_AN_ESTIMATE)

    def test_at_expiry_exactly_the_intrinsic_value(self) -> None:
        """At expiry the value is spot − strike to the last digit, not to 14."""
        valuation = black_scholes(
            spot="12345678.123456789", strike=1, years=0, volatility="0.2", risk_free_rate=0
        )
        assert str(valuation.value) == "12345677.123456789"

    def test_unknown_kind(self) -> None:
        with pytest.raises(InvalidChoiceError) as raised:
            black_scholes(**HULL, kind="straddle")
        refused(raised, field="kind", value="straddle", rule=one_of(["call", "put"]))

    def test_other_exact_types(self) -> None:
        """A Decimal subclass and numpy integers are exact too."""
        import numpy as np

        class Price(Decimal):
            pass

        valuation = black_scholes(**{**HULL, "spot": Price(42), "strike": np.int64(40)})
        assert valuation == black_scholes(**HULL)
        assert type(valuation.spot) is Decimal

    def test_share_worth_less_than_a_double_can_tell(self) -> None:
        """A spot of 1e-320 against a strike of 1e15: the ratio underflows; the put is K."""
        put = black_scholes(spot="1E-320", strike=10**15, years=1, volatility="0.2",
                            risk_free_rate=0, kind="put")  # fmt: skip
        assert put.value == 10**15
        assert put.delta == -1

    def test_tiny_negative_rate_is_a_rate(self) -> None:
        """Negative rates are allowed, down to ones a double cannot tell from zero."""
        valuation = black_scholes(**{**HULL, "risk_free_rate": Decimal("-1E-400")})
        assert valuation.risk_free_rate == Decimal("-1E-400")

    def test_canonical_inputs(self) -> None:
        valuation = black_scholes(
            **{**HULL, "spot": Decimal("4.2E+1"), "dividend_yield": Decimal("-0")}
        )
        assert str(valuation.spot) == "42"
        assert str(valuation.dividend_yield) == "0"

    @given(
        st.sampled_from(
            ["spot", "strike", "years", "volatility", "risk_free_rate", "dividend_yield", "kind"]
        ),
        anything(),
    )
    def test_only_option_errors_escape(self, field: str, value: object) -> None:
        with contextlib.suppress(OptionError):
            black_scholes(**{**HULL, field: value})
