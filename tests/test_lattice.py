"""Binomial trees and Hull-White employee options: published figures, limits and laws."""

from __future__ import annotations

import datetime as dt
import math
import pickle
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option import (
    BinomialValuation,
    EmployeeOptionValue,
    OptionGrant,
    OptionKind,
    VestingSchedule,
    binomial,
    black_scholes,
    employee_option_value,
    exercise,
    fair_value,
)
from auxer_option._choices import NOT_A_FLAG
from auxer_option._inputs import input_range
from auxer_option._lattice import (
    DEFAULT_STEPS,
    MAX_STEPS,
    NO_BRANCHING,
    NO_TIME,
    STEPS_NOT_WHOLE,
    STEPS_RANGE,
    TOO_FEW_STEPS,
    TOO_MANY_STEPS,
    VESTS_AFTER_EXPIRY,
    ZERO_SPOT,
)
from auxer_option._money import RESULT_TOO_MANY_PLACES, fraction_decimal
from auxer_option._text import plain
from auxer_option.exceptions import (
    InvalidAmountError,
    InvalidModelError,
    InvalidRateError,
    InvalidTermError,
    OptionTypeError,
    PrecisionError,
)
from tests.messages import filled, message, refused
from tests.test_valuation import LOCAL

# Hull, Options, Futures, and Other Derivatives, "Binomial trees in practice" (chapter
# "Basic numerical procedures"): an American put on a non-dividend-paying stock, S = K = 50,
# r = 10%, σ = 40%, five months, in five steps of one month.
HULL_PUT: dict[str, Any] = {
    "spot": 50,
    "strike": 50,
    "years": Fraction(5, 12),
    "volatility": "0.4",
    "risk_free_rate": "0.1",
    "kind": "put",
    "steps": 5,
}

# Benninga, Financial Modelling, 3rd ed. (MIT Press, 2008), §17.8, "Employee stock options":
# the spreadsheet's inputs, with the node on the vesting date unvested.
BENNINGA: dict[str, Any] = {
    "spot": 50,
    "strike": 50,
    "years": 10,
    "vesting_years": 3,
    "risk_free_rate": "0.05",
    "volatility": "0.35",
    "dividend_yield": "0.025",
    "exit_rate": "0.10",
    "exercise_multiple": 3,
    "exercisable_at_vesting": False,
}

EMPLOYEE: dict[str, Any] = {
    "spot": 50,
    "strike": 50,
    "years": 10,
    "volatility": "0.3",
    "risk_free_rate": "0.05",
    "dividend_yield": "0.01",
    "vesting_years": 3,
    "exit_rate": "0.05",
    "exercise_multiple": 2,
    "steps_per_year": 20,
}

#: Never reached on any of these trees: the employee holds to expiry.
UNREACHABLE = 10**15


@st.composite
def tree_inputs(draw: st.DrawFn, *, max_steps: int = 120) -> dict[str, Any]:
    """Inputs whose tree branches: a volatility at least the drift of a step needs."""
    steps = draw(st.integers(2, max_steps))
    years = Fraction(draw(st.integers(1, 3650)), 365)
    rate = Decimal(f"{draw(st.integers(-500, 2000))}E-4")
    dividend = Decimal(f"{draw(st.integers(0, 1000))}E-4")
    least = abs(float(rate) - float(dividend)) * math.sqrt(years / steps)  # |μ|Δt ≤ σ√Δt
    volatility = Decimal(f"{math.ceil(least * 100) + draw(st.integers(1, 300))}E-2")
    return {
        "spot": Decimal(f"{draw(st.integers(1, 10**6))}E-2"),
        "strike": Decimal(f"{draw(st.integers(1, 10**6))}E-2"),
        "years": years,
        "volatility": volatility,
        "risk_free_rate": rate,
        "dividend_yield": dividend,
        "kind": draw(st.sampled_from(["call", "put"])),
        "steps": steps,
    }


def rounded(value: Decimal, places: int) -> str:
    """``value`` to ``places`` decimal places, half-even, as a published table prints it."""
    return str(LOCAL.quantize(value, Decimal(1).scaleb(-places, LOCAL)))


def without_dividends(inputs: dict[str, Any]) -> dict[str, Any]:
    """``inputs`` with no dividends and a rate of at least 0, the tree still branching."""
    rate = inputs["risk_free_rate"].copy_abs()
    # The drift may have grown: |r|√Δt more volatility keeps |μ|Δt ≤ σ√Δt.
    extra = math.ceil(float(rate) * math.sqrt(inputs["years"] / inputs["steps"]) * 100) + 1
    volatility = LOCAL.add(inputs["volatility"], Decimal(f"{extra}E-2"))
    return inputs | {"dividend_yield": Decimal(0), "risk_free_rate": rate, "volatility": volatility}


def employee(inputs: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """An employee option on ``inputs``' market, ``changes`` made."""
    market = {key: inputs[key] for key in ("spot", "strike", "years", "volatility")}
    market |= {key: inputs[key] for key in ("risk_free_rate", "dividend_yield")}
    return (
        market
        | {
            "vesting_years": 0,
            "exit_rate": 0,
            "exercise_multiple": UNREACHABLE,
            # At least the steps drawn, over the whole term: the tree branches.
            "steps_per_year": math.ceil(inputs["steps"] / inputs["years"]),
        }
        | changes
    )


class TestMessages:
    """Each rule of this module, word for word, once: other tests check which rule it is."""

    @pytest.mark.parametrize(
        ("call", "rule", "expected"),
        [
            pytest.param(
                lambda: binomial(**{**HULL_PUT, "steps": 5.0}),
                STEPS_NOT_WHOLE,
                "steps=5.0: must be a whole number (an int)",
                id="STEPS_NOT_WHOLE",
            ),
            pytest.param(
                lambda: binomial(**{**HULL_PUT, "steps": 1}),
                STEPS_RANGE.format(low=2),
                "steps=1: must be from 2 to 10,000",
                id="STEPS_RANGE",
            ),
            pytest.param(
                lambda: employee_option_value(**{**EMPLOYEE, "years": 100, "steps_per_year": 101}),
                TOO_MANY_STEPS.format(years=100),
                "steps_per_year=101: makes more than the 10,000 steps a tree may take over "
                "100 years",
                id="TOO_MANY_STEPS",
            ),
            pytest.param(
                lambda: binomial(**{**HULL_PUT, "volatility": "0.01"}),
                TOO_FEW_STEPS.format(least="42 steps"),
                "steps=5: is too few: over longer steps the drift (rate less yield) outruns "
                "the volatility and the tree's probabilities leave 0 to 1; it takes at least "
                "42 steps",
                id="TOO_FEW_STEPS",
            ),
            pytest.param(
                lambda: binomial(**{**HULL_PUT, "volatility": 0}),
                NO_BRANCHING,
                "volatility=0: is too small for a tree of at most 10,000 steps: its steps "
                "would not branch, or the drift (rate less yield) would outrun it",
                id="NO_BRANCHING",
            ),
            pytest.param(
                lambda: binomial(**{**HULL_PUT, "years": 0}),
                NO_TIME,
                "years=0: must be positive: at expiry the option is worth its intrinsic "
                "value, no tree",
                id="NO_TIME",
            ),
            pytest.param(
                lambda: binomial(**{**HULL_PUT, "spot": 0}),
                ZERO_SPOT,
                "spot=0: must be positive: every price in a tree is a multiple of it",
                id="ZERO_SPOT",
            ),
            pytest.param(
                lambda: employee_option_value(**{**EMPLOYEE, "vesting_years": 11}),
                VESTS_AFTER_EXPIRY.format(years=10),
                "vesting_years=11: must not be after the option expires, in 10 years",
                id="VESTS_AFTER_EXPIRY",
            ),
        ],
    )
    def test_message(self, call: Callable[[], object], rule: str, expected: str) -> None:
        """The message names the field and the value, then the rule in these words."""
        assert message(call, rule) == expected


class TestBinomialWorkedFigures:
    def test_hull_american_put(self) -> None:
        """Hull's five-step tree: 4.49, delta −0.41, gamma 0.03, theta −4.30 a year."""
        tree = binomial(**HULL_PUT)
        figures = (tree.value, tree.delta, tree.gamma, tree.theta)
        assert [rounded(figure, 2) for figure in figures] == ["4.49", "-0.41", "0.03", "-4.30"]

    def test_hull_european_put_on_the_same_tree(self) -> None:
        """The same tree, exercised only at expiry: Hull's 4.32 (Black-Scholes: 4.08)."""
        assert rounded(binomial(**HULL_PUT, american=False).value, 2) == "4.32"
        market = {key: value for key, value in HULL_PUT.items() if key != "steps"}
        assert rounded(black_scholes(**market).value, 2) == "4.08"

    def test_record(self) -> None:
        """The record keeps its inputs, read as black_scholes reads them."""
        tree = binomial(**HULL_PUT)
        assert (tree.kind, tree.american, tree.steps) == (OptionKind.PUT, True, 5)
        assert (tree.spot, tree.strike, tree.volatility) == (
            Decimal(50),
            Decimal(50),
            Decimal("0.4"),
        )
        assert tree.years == Decimal("0.4166666666666666666666666667")
        assert tree.dividend_yield == 0

    def test_default_steps(self) -> None:
        """Unless told, a tree has DEFAULT_STEPS steps."""
        assert binomial(**{**HULL_PUT, "steps": DEFAULT_STEPS}) == binomial(
            **{key: value for key, value in HULL_PUT.items() if key != "steps"}
        )

    def test_shown(self) -> None:
        """The summary names the exercise, the kind and each figure."""
        text = str(binomial(**HULL_PUT))
        assert text.startswith("Binomial value of an American put")
        assert "5 steps" in text
        assert str(binomial(**HULL_PUT, american=False)).startswith("Binomial value of a European")

    def test_pickles(self) -> None:
        """A tree's record survives pickling, equal."""
        tree = binomial(**HULL_PUT)
        assert pickle.loads(pickle.dumps(tree)) == tree  # noqa: S301
        assert isinstance(tree, BinomialValuation)
        assert "value=Decimal(" in repr(tree)


class TestBinomialConvergence:
    @given(tree_inputs(max_steps=60))
    def test_european_converges_to_black_scholes(self, inputs: dict[str, Any]) -> None:
        """A European tree of n steps is within C/n of Black-Scholes, and closer at 4n."""
        del inputs["steps"]
        exact = float(black_scholes(**inputs).value)
        scale = float(inputs["spot"]) + float(inputs["strike"])
        errors = [
            abs(float(binomial(**inputs, american=False, steps=steps).value) - exact)
            for steps in (100, 400)
        ]
        assert errors[0] <= 2.0 * scale / 100
        assert errors[1] <= 2.0 * scale / 400

    @pytest.mark.parametrize("kind", ["call", "put"])
    def test_error_shrinks_as_one_over_steps(self, kind: str) -> None:
        """Hull's put and its call: n × error stays bounded as n grows from 50 to 3,200."""
        market = {**HULL_PUT, "kind": kind}
        del market["steps"]
        exact = float(black_scholes(**market).value)
        for steps in (50, 200, 800, 3200):
            error = abs(float(binomial(**market, american=False, steps=steps).value) - exact)
            assert steps * error <= 2.0

    def test_greeks_converge_to_black_scholes(self) -> None:
        """Delta, gamma and theta from the first nodes approach Black-Scholes' own."""
        market = {**HULL_PUT, "kind": "call"}
        del market["steps"]
        exact = black_scholes(**market)
        tree = binomial(**market, american=False, steps=2000)
        for name in ("delta", "gamma", "theta"):
            assert float(getattr(tree, name)) == pytest.approx(
                float(getattr(exact, name)), rel=2e-3
            )


class TestBinomialLaws:
    @given(tree_inputs())
    def test_american_at_least_european(self, inputs: dict[str, Any]) -> None:
        """The right to exercise early is never worth less than nothing."""
        assert binomial(**inputs).value >= binomial(**inputs, american=False).value

    @given(tree_inputs())
    def test_american_call_without_dividends_is_european(self, inputs: dict[str, Any]) -> None:
        """A call on a share paying nothing is never exercised early, at a rate ≥ 0."""
        inputs = without_dividends(inputs) | {"kind": "call"}
        american = float(binomial(**inputs).value)
        european = float(binomial(**inputs, american=False).value)
        assert american == pytest.approx(european, rel=1e-12, abs=1e-12 * float(inputs["spot"]))

    @given(tree_inputs())
    def test_put_call_parity(self, inputs: dict[str, Any]) -> None:
        """European call − put = S·e^(−qT) − K·e^(−rT), on the tree as in the formula."""
        call = float(binomial(**{**inputs, "kind": "call"}, american=False).value)
        put = float(binomial(**{**inputs, "kind": "put"}, american=False).value)
        spot, strike, years = (float(inputs[key]) for key in ("spot", "strike", "years"))
        rate, dividend = float(inputs["risk_free_rate"]), float(inputs["dividend_yield"])
        forward = spot * math.exp(-dividend * years) - strike * math.exp(-rate * years)
        assert call - put == pytest.approx(forward, abs=1e-9 * (spot + strike))

    @given(tree_inputs())
    @example(  # deep in the money: the nodes' values differ in their 7th digit
        {
            "spot": Decimal("0.01"),
            "strike": Decimal("2.32"),
            "years": Fraction(1, 365),
            "volatility": Decimal("0.01"),
            "risk_free_rate": Decimal(0),
            "dividend_yield": Decimal(0),
            "kind": "put",
            "steps": 2,
        }
    )
    def test_bounds(self, inputs: dict[str, Any]) -> None:
        """A call is worth at most the share, a put at most the strike; deltas within ±1.

        Delta is a difference of the values at two nodes: where they are far larger than
        their difference (deep in the money), it keeps fewer digits than the values do.
        """
        tree = binomial(**inputs)
        assert tree.value >= 0
        if inputs["kind"] == "call":
            assert float(tree.value) <= float(inputs["spot"]) * (1 + 1e-12)
            assert -1e-9 <= float(tree.delta) <= 1 + 1e-9
        else:
            # At most the strike, or at a negative rate what it grows to by expiry.
            growth = max(1.0, math.exp(-float(inputs["risk_free_rate"]) * float(inputs["years"])))
            assert float(tree.value) <= float(inputs["strike"]) * growth * (1 + 1e-12)
            assert -1 - 1e-9 <= float(tree.delta) <= 1e-9

    def test_zero_strike(self) -> None:
        """A call to buy for nothing is the share, less the dividends until exercised."""
        market = {**HULL_PUT, "kind": "call", "strike": 0, "dividend_yield": "0.05"}
        assert binomial(**market).value == 50  # exercised at once: no dividend is lost
        european = float(binomial(**market, american=False).value)
        assert european == pytest.approx(50 * math.exp(-0.05 * 5 / 12), rel=1e-12)
        assert binomial(**{**market, "kind": "put"}).value == 0


class TestBinomialExtremes:
    @pytest.mark.parametrize(
        ("volatility", "years", "steps"),
        [("5", 30, 3000), ("10", 100, 2000), ("0.0001", 1, 2)],
    )
    @pytest.mark.parametrize("kind", ["call", "put"])
    def test_no_overflow(self, volatility: str, years: int, steps: int, kind: str) -> None:
        """σ up to 1,000% over a century: every figure finite, the value within its bounds."""
        tree = binomial(
            spot=10**15,
            strike="1E-9",
            years=years,
            volatility=volatility,
            risk_free_rate="0.01",
            dividend_yield="0.01",
            kind=kind,
            steps=steps,
        )
        assert all(
            figure.is_finite() for figure in (tree.value, tree.delta, tree.gamma, tree.theta)
        )

    @given(
        spot=st.sampled_from(["1E-300", "1E-9", "1", "1E+15"]),
        strike=st.sampled_from(["0", "1E-300", "1", "1E+15"]),
        volatility=st.sampled_from(["1E-9", "0.2", "5", "10"]),
        kind=st.sampled_from(["call", "put"]),
    )
    @example(spot="1E-300", strike="1E+15", volatility="10", kind="put")
    def test_edges_refused_or_valued(
        self, spot: str, strike: str, volatility: str, kind: str
    ) -> None:
        """At the edges of every range a tree is valued, or refused as a tree: nothing else."""
        try:
            tree = binomial(
                spot=spot,
                strike=strike,
                years=30,
                volatility=volatility,
                risk_free_rate=0,
                kind=kind,
                steps=60,
            )
        except InvalidRateError as error:  # too little volatility for the tree
            refused(error, field="volatility", rule=NO_BRANCHING)
            return
        figures = (tree.value, tree.delta, tree.gamma, tree.theta)
        assert not any(figure.is_nan() for figure in figures)
        assert tree.value >= 0


class TestBinomialRefusals:
    @pytest.mark.parametrize("steps", [True, 5.0, "5", Decimal(5), None])
    def test_steps_not_whole(self, steps: object) -> None:
        """Steps are an int: not a bool, a float, text or a Decimal."""
        with pytest.raises(OptionTypeError) as raised:
            binomial(**{**HULL_PUT, "steps": steps})
        refused(raised, field="steps", value=steps, rule=STEPS_NOT_WHOLE)

    @pytest.mark.parametrize("steps", [-1, 0, 1, MAX_STEPS + 1, 10**100])
    def test_steps_out_of_range(self, steps: int) -> None:
        """From 2 (the Greeks' nodes) to 10,000 (time grows as their square)."""
        with pytest.raises(InvalidModelError) as raised:
            binomial(**{**HULL_PUT, "steps": steps})
        refused(raised, field="steps", value=steps, rule=STEPS_RANGE.format(low=2))

    def test_too_few_steps_names_enough(self) -> None:
        """The least number of steps named does branch, and one fewer does not."""
        with pytest.raises(InvalidModelError) as raised:
            binomial(**{**HULL_PUT, "volatility": "0.01"})
        least = int(filled(TOO_FEW_STEPS, raised.value.rule)["least"].removesuffix(" steps"))
        assert binomial(**{**HULL_PUT, "volatility": "0.01", "steps": least}).value > 0
        with pytest.raises(InvalidModelError):
            binomial(**{**HULL_PUT, "volatility": "0.01", "steps": least - 1})

    def test_least_steps_through_a_rounding(self) -> None:
        """T(r/σ)² = 25 steps exactly, where the doubles' rounding wants one more."""
        market = {**HULL_PUT, "years": 1, "volatility": "0.09", "risk_free_rate": "0.45"}
        with pytest.raises(InvalidModelError) as raised:
            binomial(**market)
        least = int(filled(TOO_FEW_STEPS, raised.value.rule)["least"].removesuffix(" steps"))
        assert least == 26
        binomial(**{**market, "steps": least})

    @pytest.mark.parametrize("volatility", [0, "1E-300", "0.0001"])
    def test_too_little_volatility(self, volatility: object) -> None:
        """A volatility no tree of 10,000 steps can branch with is refused as such."""
        with pytest.raises(InvalidRateError) as raised:
            binomial(**{**HULL_PUT, "volatility": volatility, "risk_free_rate": "0.5"})
        refused(raised, field="volatility", value=volatility, rule=NO_BRANCHING)

    def test_no_drift_needs_only_some_volatility(self) -> None:
        """Without a drift any volatility a double can spread over a step will do."""
        market = {**HULL_PUT, "volatility": "1E-100", "risk_free_rate": 0}
        tree = binomial(**market)  # σ√T·S/√(2π) at the money, and so is the formula
        del market["steps"]
        assert float(tree.value) == pytest.approx(float(black_scholes(**market).value), rel=1e-2)

    def test_zero_spot_and_time(self) -> None:
        """A tree needs a spot and a time to branch from."""
        with pytest.raises(InvalidAmountError) as raised:
            binomial(**{**HULL_PUT, "spot": "0.00"})
        refused(raised, field="spot", rule=ZERO_SPOT)
        with pytest.raises(InvalidTermError) as raised_years:
            binomial(**{**HULL_PUT, "years": "0"})
        refused(raised_years, field="years", rule=NO_TIME)

    @pytest.mark.parametrize("american", [1, "yes", None])
    def test_american_is_a_flag(self, american: object) -> None:
        """``american`` is True or False: nothing read for its truthiness."""
        with pytest.raises(OptionTypeError) as raised:
            binomial(**HULL_PUT, american=american)  # type: ignore[arg-type]
        refused(raised, field="american", value=american, rule=NOT_A_FLAG)

    def test_inputs_read_as_black_scholes_reads_them(self) -> None:
        """Out of range, the same rule as black_scholes, from the same reader."""
        with pytest.raises(InvalidRateError) as raised:
            binomial(**{**HULL_PUT, "volatility": 45})
        refused(raised, field="volatility", rule=input_range("volatility", 0, 10))


class TestEmployeeWorkedFigures:
    @pytest.mark.parametrize(
        ("steps_per_year", "expected"),
        [
            (2, "12.8213"),
            (5, "13.2870"),
            (10, "13.4312"),
            (25, "13.5275"),
            (50, "13.5646"),
            (75, "13.5733"),
            (100, "13.5753"),
            (200, "13.5810"),
        ],
    )
    def test_benninga_table(self, steps_per_year: int, expected: str) -> None:
        """Benninga §17.8's sensitivity of the value to the subdivisions of a year."""
        value = employee_option_value(**BENNINGA, steps_per_year=steps_per_year).value
        assert rounded(value, 4) == expected

    def test_benninga_black_scholes(self) -> None:
        """The same spreadsheet's Black-Scholes call, 19.1842: what the employee gives up."""
        market = {key: BENNINGA[key] for key in ("spot", "strike", "years", "volatility")}
        market |= {"risk_free_rate": "0.05", "dividend_yield": "0.025"}
        assert rounded(black_scholes(**market).value, 4) == "19.1842"

    def test_record(self) -> None:
        """The record keeps its inputs; alone, it has no shares."""
        value = employee_option_value(**BENNINGA, steps_per_year=25)
        assert isinstance(value, EmployeeOptionValue)
        assert value.vesting_years == value.exercise_multiple == 3
        assert value.exit_rate == Decimal("0.10")
        assert (value.steps_per_year, value.exercisable_at_vesting, value.shares) == (
            25,
            False,
            None,
        )
        assert pickle.loads(pickle.dumps(value)) == value  # noqa: S301
        assert "Expected term" in str(value)
        assert "Shares" not in str(value)
        assert "Shares" in str(attrs.evolve(value, shares=2_500))
        assert "shares=" not in repr(value)


class TestEmployeeLaws:
    @given(tree_inputs(max_steps=60))
    def test_no_exits_no_early_exercise_is_european(self, inputs: dict[str, Any]) -> None:
        """No exits and an unreachable multiple: the European tree, within C/n of Black-Scholes."""
        value = employee_option_value(**employee(inputs))
        steps = math.ceil(Fraction(inputs["years"]) * value.steps_per_year)
        del inputs["steps"]
        exact = float(black_scholes(**{**inputs, "kind": "call"}).value)
        scale = float(inputs["spot"]) + float(inputs["strike"])
        assert abs(float(value.value) - exact) <= 2.0 * scale / steps
        assert float(value.expected_term) == pytest.approx(float(inputs["years"]), rel=1e-12)

    def test_converges_to_black_scholes(self) -> None:
        """With more steps a year the error shrinks as 1/n."""
        inputs = {**EMPLOYEE, "vesting_years": 0, "exit_rate": 0, "exercise_multiple": UNREACHABLE}
        market = {key: inputs[key] for key in ("spot", "strike", "years", "volatility")}
        market |= {"risk_free_rate": inputs["risk_free_rate"], "dividend_yield": "0.01"}
        exact = float(black_scholes(**market).value)
        for per_year in (10, 40, 160):
            value = float(employee_option_value(**{**inputs, "steps_per_year": per_year}).value)
            assert 10 * per_year * abs(value - exact) <= 5.0

    @given(tree_inputs(max_steps=60), st.integers(0, 100), st.integers(0, 100))
    def test_more_exits_never_worth_more(
        self, inputs: dict[str, Any], first: int, second: int
    ) -> None:
        """A higher exit rate never raises the value, where holding is worth at least
        exercising: no dividends and a rate of at least 0 (then an exit forfeits the option,
        or exercises it early for no more than it is worth held)."""
        inputs = without_dividends(inputs)
        low, high = sorted((Fraction(first, 100), Fraction(second, 100)))
        changes = {"vesting_years": Fraction(inputs["years"]) / 2, "exercise_multiple": 2}
        at_low = employee_option_value(**employee(inputs, exit_rate=low, **changes)).value
        at_high = employee_option_value(**employee(inputs, exit_rate=high, **changes)).value
        assert float(at_high) <= float(at_low) * (1 + 1e-12)

    def test_with_dividends_an_exit_can_come_at_a_good_time(self) -> None:
        """Where dividends make early exercise pay, the exercise an exit forces can add value.

        A vested employee holding a call deep in the money loses the dividends; one who
        leaves exercises, and gains them. So the law above needs no dividends.
        """
        inputs = {
            **EMPLOYEE,
            "spot": 80,
            "volatility": "0.02",
            "risk_free_rate": 0,
            "dividend_yield": "0.0278",
            "vesting_years": 0,
        }
        staying = employee_option_value(**inputs | {"exit_rate": 0}).value
        leaving = employee_option_value(**inputs | {"exit_rate": "0.5"}).value
        assert leaving > staying

    @given(tree_inputs(max_steps=60), st.integers(0, 100), st.integers(100, 400))
    @example(  # a multiple of 1, on a time read to 28 digits: 3 steps, not 2
        inputs={
            "spot": Decimal("0.01"),
            "strike": Decimal("0.01"),
            "years": Fraction(1, 365),
            "volatility": Decimal("0.01"),
            "risk_free_rate": Decimal(0),
            "dividend_yield": Decimal(0),
            "kind": "call",
            "steps": 2,
        },
        exits=0,
        multiple=100,
    )
    def test_at_most_american(self, inputs: dict[str, Any], exits: int, multiple: int) -> None:
        """No exercise policy beats the optimal one: at most the American call on the tree."""
        changes = {"exit_rate": Fraction(exits, 100), "exercise_multiple": Fraction(multiple, 100)}
        value = employee_option_value(**employee(inputs, **changes))
        # The steps of the years as read (a Fraction to 28 digits), as the tree counts them.
        steps = math.ceil(Fraction(value.years) * value.steps_per_year)
        if steps < 2:  # the fewest the listed tree takes
            return
        market = {name: given for name, given in inputs.items() if name != "steps"}
        american = binomial(**{**market, "kind": "call"}, steps=steps).value
        assert float(value.value) <= float(american) * (1 + 1e-12) + 1e-12

    @given(tree_inputs(max_steps=60), st.integers(0, 100), st.integers(100, 400))
    def test_expected_term_within_the_term(
        self, inputs: dict[str, Any], exits: int, multiple: int
    ) -> None:
        """The expected term is from 0 to the option's term."""
        changes = {"exit_rate": Fraction(exits, 100), "exercise_multiple": Fraction(multiple, 100)}
        value = employee_option_value(**employee(inputs, **changes))
        assert 0 <= float(value.expected_term) <= float(inputs["years"]) * (1 + 1e-12)

    def test_vested_at_the_vesting_node_worth_more(self) -> None:
        """Exercisable at the vesting node, the option is worth at least as much."""
        at = employee_option_value(**BENNINGA | {"exercisable_at_vesting": True}, steps_per_year=25)
        after = employee_option_value(**BENNINGA, steps_per_year=25)
        assert at.value > after.value

    def test_vesting_at_expiry_not_exercisable_is_worthless(self) -> None:
        """A node on the vesting date unvested, vesting at expiry leaves nothing."""
        value = employee_option_value(**{**BENNINGA, "vesting_years": 10}, steps_per_year=4)
        assert value.value == 0

    def test_multiple_of_one_exercises_in_the_money(self) -> None:
        """A multiple of 1, vested and in the money, is exercised at once: the intrinsic value."""
        inputs = {**EMPLOYEE, "exercise_multiple": 1, "spot": 60, "vesting_years": 0}
        value = employee_option_value(**inputs)
        assert rounded(value.value, 10) == "10.0000000000"
        assert value.expected_term == 0

    def test_vesting_between_steps(self) -> None:
        """A vesting time between two steps vests at the next, whichever the convention."""
        inputs = {**EMPLOYEE, "vesting_years": "3.01"}
        assert (
            employee_option_value(**inputs).value
            == employee_option_value(**inputs, exercisable_at_vesting=False).value
        )

    def test_zero_strike_exercised_at_vesting(self) -> None:
        """A nil-cost option is exercised at vesting: the share, less dividends, if it stays."""
        value = employee_option_value(
            **{**EMPLOYEE, "strike": 0, "exit_rate": 0, "dividend_yield": 0, "vesting_years": 0}
        )
        assert value.value == 50
        assert value.expected_term == 0


class TestEmployeeExtremes:
    @pytest.mark.parametrize("volatility", ["5", "10"])
    def test_no_overflow(self, volatility: str) -> None:
        """σ up to 1,000% over 30 years at 100 steps a year: finite, within its bounds."""
        value = employee_option_value(
            spot=10**15,
            strike="0.01",
            years=30,
            volatility=volatility,
            risk_free_rate="0.05",
            dividend_yield="0.02",
            vesting_years=4,
            exit_rate="0.1",
            exercise_multiple=UNREACHABLE,
            steps_per_year=100,
        )
        assert 0 < value.value <= 10**15
        assert 0 < value.expected_term <= 30

    def test_a_multiple_of_one_waits_at_the_money(self) -> None:
        """At a multiple of 1 a share at the strike is not exercised for nothing."""
        common: dict[str, Any] = {
            "spot": 50,
            "strike": 50,
            "years": 10,
            "volatility": "0.3",
            "risk_free_rate": "0.05",
            "vesting_years": 0,
            "exit_rate": "0.1",
            "steps_per_year": 50,
        }
        at_one = employee_option_value(exercise_multiple=1, **common)
        assert at_one.value > 2
        assert at_one.value == employee_option_value(exercise_multiple="1.0000001", **common).value


class TestEmployeeRefusals:
    @pytest.mark.parametrize("steps_per_year", [True, 2.0, "2", None])
    def test_steps_per_year_not_whole(self, steps_per_year: object) -> None:
        """Steps a year are an int."""
        with pytest.raises(OptionTypeError) as raised:
            employee_option_value(**{**EMPLOYEE, "steps_per_year": steps_per_year})
        refused(raised, field="steps_per_year", value=steps_per_year, rule=STEPS_NOT_WHOLE)

    @pytest.mark.parametrize("steps_per_year", [0, -1])
    def test_steps_per_year_positive(self, steps_per_year: int) -> None:
        """At least one step a year."""
        with pytest.raises(InvalidModelError) as raised:
            employee_option_value(**{**EMPLOYEE, "steps_per_year": steps_per_year})
        refused(raised, field="steps_per_year", rule=STEPS_RANGE.format(low=1))

    def test_too_many_steps_in_all(self) -> None:
        """Steps a year that make more than 10,000 in all are refused, in time linear in
        their digits."""
        with pytest.raises(InvalidModelError) as raised:
            employee_option_value(**{**EMPLOYEE, "steps_per_year": 10**5000})
        assert raised.value.field == "steps_per_year"
        assert filled(TOO_MANY_STEPS, raised.value.rule)["years"] == "10"

    def test_too_few_steps_a_year(self) -> None:
        """Too few steps a year for the drift: the rule names how many a year would do."""
        inputs = {**EMPLOYEE, "volatility": "0.01", "steps_per_year": 1}
        with pytest.raises(InvalidModelError) as raised:
            employee_option_value(**inputs)
        least = filled(TOO_FEW_STEPS, raised.value.rule)["least"]
        count = int(least.removesuffix(" steps a year"))
        employee_option_value(**{**inputs, "steps_per_year": count})
        with pytest.raises(InvalidModelError):
            employee_option_value(**{**inputs, "steps_per_year": count - 1})

    @pytest.mark.parametrize("exit_rate", ["-0.01", "1.01", 5])
    def test_exit_rate_range(self, exit_rate: object) -> None:
        """An exit rate is from 0 to 1 a year, so that exit_rate × Δt is a probability."""
        with pytest.raises(InvalidRateError) as raised:
            employee_option_value(**{**EMPLOYEE, "exit_rate": exit_rate})
        refused(raised, field="exit_rate", rule=input_range("exit_rate", 0, 1))

    @pytest.mark.parametrize("multiple", ["0.99", 0, -2, "1E+16"])
    def test_exercise_multiple_range(self, multiple: object) -> None:
        """An exercise multiple is at least 1: nobody exercises out of the money."""
        with pytest.raises(InvalidModelError) as raised:
            employee_option_value(**{**EMPLOYEE, "exercise_multiple": multiple})
        refused(raised, field="exercise_multiple", rule=input_range("exercise_multiple", 1, 10**15))

    def test_vesting_after_expiry(self) -> None:
        """An option cannot vest after it expires."""
        with pytest.raises(InvalidTermError) as raised:
            employee_option_value(**{**EMPLOYEE, "vesting_years": "10.5"})
        refused(
            raised, field="vesting_years", value="10.5", rule=VESTS_AFTER_EXPIRY.format(years=10)
        )

    def test_flag(self) -> None:
        """``exercisable_at_vesting`` is True or False."""
        with pytest.raises(OptionTypeError) as raised:
            employee_option_value(**EMPLOYEE, exercisable_at_vesting=1)  # type: ignore[arg-type]
        refused(raised, field="exercisable_at_vesting", value=1, rule=NOT_A_FLAG)


class TestShownWhole:
    """Each record's summary, every row of it, its figures as the record holds them."""

    def test_a_binomial_value(self) -> None:
        """The value a share, the three Greeks, and the inputs with the steps."""
        tree = binomial(**HULL_PUT)
        assert str(tree) == (
            "Binomial value of an American put\n"
            f"  Value   {plain(tree.value)} a share\n"
            f"  Delta   {plain(tree.delta)}\n"
            f"  Gamma   {plain(tree.gamma)}\n"
            f"  Theta   {plain(tree.theta)}\n"
            "  Inputs  spot 50, strike 50, 0.4166666666666666666666666667 years, volatility 0.4, "
            "rate 0.1, dividend yield 0, 5 steps"
        )

    def test_an_employee_option(self) -> None:
        """The value, the expected term, the market and the employee's own inputs."""
        option = employee_option_value(**BENNINGA, steps_per_year=10)
        assert str(option) == (
            "Hull-White value of an employee option\n"
            f"  Value          {plain(option.value)} a share\n"
            f"  Expected term  {plain(option.expected_term)} years\n"
            "  Inputs         spot 50, strike 50, 10 years, volatility 0.35, rate 0.05, "
            "dividend yield 0.025\n"
            "  Employee       vests in 3 years, exit rate 0.10, exercises at 3 times the strike, "
            "10 steps a year"
        )

    GRANT = OptionGrant(
        "2024-01-01",
        10_000,
        "10.00",
        term="10 years",
        vesting=VestingSchedule.parse("2 years, annually", start="2024-01-01"),
    )
    LATTICE: ClassVar[dict[str, Any]] = {
        "spot": "10.00",
        "volatility": "0.35",
        "risk_free_rate": "0.04",
        "model": "lattice",
        "exit_rate": "0.1",
        "exercise_multiple": "2.5",
        "steps_per_year": 4,
    }

    def test_a_grant_by_the_lattice(self) -> None:
        """The value, the total grouped for the shares, the term, and a row for each tranche."""
        valuation = fair_value(self.GRANT, on="2024-01-01", **self.LATTICE)
        first, second = valuation.tranches
        assert valuation.total > 1_000
        assert str(valuation) == (
            "Hull-White lattice value of a grant\n"
            f"  Value          {plain(valuation.value)} a share\n"
            f"  Total          {plain(valuation.total, grouped=True)} for 10,000 shares\n"
            f"  Expected term  {plain(valuation.expected_term)} years\n"
            "  Tranche 1      5,000 shares vesting in 1.002739726027397260273972603 years: "
            f"{plain(first.value)} a share, expected term {plain(first.expected_term)} years\n"
            "  Tranche 2      5,000 shares vesting in 2.002739726027397260273972603 years: "
            f"{plain(second.value)} a share, expected term {plain(second.expected_term)} years"
        )

    def test_a_tranche(self) -> None:
        """A tranche's own summary says how many shares it is."""
        tranche = fair_value(self.GRANT, on="2024-01-01", **self.LATTICE).tranches[0]
        assert str(tranche).splitlines()[1:3] == [
            f"  Value          {plain(tranche.value)} a share",
            "  Shares         5,000",
        ]


class TestLatticeTranches:
    """Which shares the lattice values, and how (fair_value with model="lattice")."""

    LATTICE: ClassVar[dict[str, Any]] = {
        **TestShownWhole.LATTICE,
        "dividend_yield": "0.03",
    }

    def test_vesting_on_the_last_day(self) -> None:
        """A tranche may vest on the grant's last exercise day: it is valued, not refused."""
        grant = OptionGrant(
            "2024-01-01",
            1_000,
            "10.00",
            expiration_date="2026-01-01",
            vesting=VestingSchedule.parse("2 years, annually", start="2024-01-01"),
        )
        valuation = fair_value(grant, on="2024-01-01", **self.LATTICE)
        assert [t.vesting_years for t in valuation.tranches][-1] == valuation.tranches[-1].years

    def test_one_vested_share(self) -> None:
        """A single share vested and not exercised is a tranche of its own."""
        grant = OptionGrant(
            "2024-01-01",
            4,
            "10.00",
            term="10 years",
            vesting=VestingSchedule.parse("4 years, annually", start="2024-01-01"),
        )
        valuation = fair_value(grant, on="2025-06-01", **self.LATTICE)
        assert [tranche.shares for tranche in valuation.tranches] == [1, 1, 1, 1]
        assert valuation.tranches[0].vesting_years == 0

    def test_the_dividend_yield(self) -> None:
        """Each tranche's tree is given the dividend yield."""
        valuation = fair_value(TestShownWhole.GRANT, on="2024-01-01", **self.LATTICE)
        assert {tranche.dividend_yield for tranche in valuation.tranches} == {Decimal("0.03")}

    def test_nothing_left(self) -> None:
        """With every share exercised, the value and term are those of a vested option."""
        grant, _ = exercise(TestShownWhole.GRANT, 10_000, on="2026-01-02")
        valuation = fair_value(grant, on="2026-01-02", **self.LATTICE)
        alone = employee_option_value(
            spot="10.00",
            strike="10.00",
            years=valuation_years(grant, "2026-01-02"),
            volatility="0.35",
            risk_free_rate="0.04",
            dividend_yield="0.03",
            vesting_years=0,
            exit_rate="0.1",
            exercise_multiple="2.5",
            steps_per_year=4,
        )
        assert (valuation.value, valuation.expected_term) == (alone.value, alone.expected_term)

    def test_a_total_too_fine_to_be_exact(self) -> None:
        """A value of about 1e-202 a share is refused exactly, naming the total; in cents, 0."""
        grant = OptionGrant("2024-01-01", 1_000, "1000", expiration_date="2031-01-01")
        market: dict[str, Any] = {
            **self.LATTICE,
            "spot": 1,
            "volatility": "0.1",
            "risk_free_rate": 0,
            "dividend_yield": 0,
            "exit_rate": 0,
            "exercise_multiple": 1,
            "steps_per_year": 100,
        }
        assert fair_value(grant, on="2024-01-01", **market).total == Decimal("0.00")
        with pytest.raises(PrecisionError) as raised:
            fair_value(grant, on="2024-01-01", **market, rounding=None)
        refused(raised, field="total", rule=RESULT_TOO_MANY_PLACES)


def valuation_years(grant: OptionGrant, on: str) -> Decimal:
    """The years from ``on`` to the grant's last exercise day, Actual/365 Fixed."""
    days = (grant.last_exercise_date - dt.date.fromisoformat(on)).days
    return fraction_decimal(Fraction(days, 365))
