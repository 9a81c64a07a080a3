"""The volatility a price implies: found wherever it exists, refused where it cannot."""

from __future__ import annotations

import contextlib
from decimal import Decimal
from fractions import Fraction
from typing import Any

import mpmath
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option import black_scholes, implied_volatility
from auxer_option._choices import one_of
from auxer_option._inputs import input_range
from auxer_option._money import FLOAT_AMOUNT
from auxer_option._valuation import (
    AT_INFINITE_VOLATILITY,
    BELOW_INTRINSIC,
    NO_TIME_LEFT,
    NOTHING_TO_IMPLY,
    VOLATILITY_TOO_HIGH,
)
from auxer_option.exceptions import (
    AmountTypeError,
    InvalidAmountError,
    InvalidChoiceError,
    InvalidRateError,
    InvalidTermError,
    OptionError,
)
from tests.messages import filled, refused
from tests.strategies import anything
from tests.test_valuation import HULL, LOCAL, reference, years

MARKET = {key: value for key, value in HULL.items() if key != "volatility"}


def test_hull() -> None:
    assert implied_volatility("4.759422392871535", **MARKET) == Decimal("0.2")
    assert implied_volatility("0.808599372900092", **MARKET, kind="put") == Decimal("0.2")


@pytest.mark.parametrize("volatility", ["0.01", "0.1", "1", "2.6", "4.8", "10"])
@pytest.mark.parametrize("kind", ["call", "put"])
def test_converges_from_1_to_1000_percent(volatility: str, kind: str) -> None:
    """At the money, where every volatility leaves its mark on the price."""
    inputs: dict[str, Any] = {
        "spot": 100,
        "strike": 100,
        "years": 1,
        "risk_free_rate": 0,
        "kind": kind,
    }
    price = black_scholes(**inputs, volatility=volatility).value
    implied = implied_volatility(price, **inputs)
    assert abs(Fraction(implied) / Fraction(volatility) - 1) <= Fraction(1, 10**12)


@st.composite
def priced(draw: st.DrawFn) -> dict[str, Any]:
    """An option with a volatility from 1% to 1,000%, and its price."""
    inputs: dict[str, Any] = {
        "spot": Decimal(f"{draw(st.integers(1, 10**6))}E-2"),
        "strike": Decimal(f"{draw(st.integers(1, 10**6))}E-2"),
        "years": years(draw(st.integers(1, 10957))),
        "risk_free_rate": Decimal(f"{draw(st.integers(-100, 1500))}E-4"),
        "dividend_yield": Decimal(f"{draw(st.integers(0, 1000))}E-4"),
        "kind": draw(st.sampled_from(["call", "put"])),
    }
    volatility = Decimal(f"{draw(st.integers(1, 1000))}E-2")
    valuation = black_scholes(**inputs, volatility=volatility)
    return {"inputs": inputs, "volatility": volatility, "valuation": valuation}


class TestRoundTrip:
    @given(priced())
    @example(  # 1,000%: the rounded price lands a hair above the value at 1,000%
        {
            "inputs": {
                "spot": Decimal("2916.48"),
                "strike": Decimal("42.36"),
                "years": Decimal("1.794520547945205479452054795"),
                "risk_free_rate": Decimal("0.0655"),
                "dividend_yield": Decimal("0.0291"),
                "kind": "call",
            },
            "volatility": Decimal(10),
            "valuation": black_scholes(
                spot="2916.48",
                strike="42.36",
                years="1.794520547945205479452054795",
                volatility=10,
                risk_free_rate="0.0655",
                dividend_yield="0.0291",
            ),
        }
    )
    @example(  # a put at 345% for 17 years: its price rounds to the strike's present value
        {
            "inputs": {"spot": Decimal("0.01"), "strike": Decimal("1.00"),
                       "years": Decimal("17.54520547945205479452054795"),
                       "risk_free_rate": Decimal("-0.0001"), "dividend_yield": Decimal("0.0380"),
                       "kind": "put"},
            "volatility": Decimal("3.45"),
            "valuation": black_scholes(spot="0.01", strike="1.00",
                                       years="17.54520547945205479452054795", volatility="3.45",
                                       risk_free_rate="-0.0001", dividend_yield="0.0380",
                                       kind="put"),
        }
    )  # fmt: skip
    @example(  # deep in the money for a day: the time value is below the price's last digit
        {
            "inputs": {"spot": Decimal("0.40"), "strike": Decimal("0.01"), "years": years(1),
                       "risk_free_rate": Decimal("0.0001"), "dividend_yield": Decimal(0),
                       "kind": "call"},
            "volatility": Decimal("0.01"),
            "valuation": black_scholes(spot="0.40", strike="0.01", years=years(1),
                                       volatility="0.01", risk_free_rate="0.0001"),
        }
    )  # fmt: skip
    @example(  # high volatility, long-dated: the price within a hair of the share
        {
            "inputs": {
                "spot": Decimal("16.59"),
                "strike": Decimal("18.22"),
                "years": years(2695),
                "risk_free_rate": Decimal(0),
                "dividend_yield": Decimal(0),
                "kind": "call",
            },
            "volatility": Decimal(4),
            "valuation": black_scholes(
                spot="16.59", strike="18.22", years=years(2695), volatility=4, risk_free_rate=0
            ),
        }
    )
    def test_reprices(self, case: dict[str, Any]) -> None:
        """The implied volatility gives back the price (to the 14 digits both carry)."""
        price = case["valuation"].value
        try:
            implied = implied_volatility(price, **case["inputs"])
        except InvalidAmountError:
            # Only a price that rounds to the value at infinite volatility (the share for
            # a call, the strike's present value for a put) is refused.
            certain = {"spot": 0} if case["inputs"]["kind"] == "put" else {"strike": 0}
            upper = black_scholes(**{**case["inputs"], **certain}, volatility=0).value
            assert Fraction(price) >= Fraction(upper) * (1 - Fraction(1, 10**13))
            return
        repriced = black_scholes(**case["inputs"], volatility=implied).value
        vega = Fraction(case["valuation"].vega)
        tolerance = (
            Fraction(price) / 10**12 + vega * Fraction(implied) / 10**13 + Fraction(1, 10**15)
        )
        assert abs(Fraction(repriced) - Fraction(price)) <= tolerance

    @given(priced())
    def test_recovers_the_volatility(self, case: dict[str, Any]) -> None:
        """Where the price is sensitive to volatility, the volatility comes back to 1e-9."""
        valuation = case["valuation"]
        sensitivity = Fraction(valuation.vega) * Fraction(case["volatility"])
        if sensitivity < Fraction(valuation.value) / 1000 or valuation.value < Decimal("1E-6"):
            return  # the price barely moves with volatility: nothing to recover it from
        implied = implied_volatility(valuation.value, **case["inputs"])
        assert abs(Fraction(implied) / Fraction(case["volatility"]) - 1) <= Fraction(1, 10**9)

    def test_far_tail(self) -> None:
        """A price of 1e-300, far out of the money: the search crosses underflow and lands."""
        implied = implied_volatility("1E-300", spot=1, strike=1000, years=1, risk_free_rate=0)
        price = black_scholes(spot=1, strike=1000, years=1, volatility=implied, risk_free_rate=0)
        assert abs(Fraction(price.value) / Fraction(1, 10**300) - 1) <= Fraction(1, 10**9)

    def test_on_the_lower_bound_within_its_digits(self) -> None:
        """The value at σ = 0, rounded to 14 digits, is on the bound: no volatility."""
        price = black_scholes(**MARKET, volatility=0).value
        assert implied_volatility(price, **MARKET) == 0

    def test_lower_bound_implies_zero(self) -> None:
        """A worthless out-of-the-money option implies no volatility at all."""
        assert implied_volatility(0, **{**MARKET, "strike": 80}) == 0


@st.composite
def without_carry(draw: st.DrawFn) -> dict[str, Any]:
    """An option in the money, with no rate and no yield: its bounds are exact decimals."""
    low = Decimal(f"{draw(st.integers(1, 10**6))}E-2")
    high = LOCAL.add(low, Decimal(f"{draw(st.integers(1, 10**6))}E-2"))
    kind = draw(st.sampled_from(["call", "put"]))
    spot, strike = (high, low) if kind == "call" else (low, high)
    return {
        "spot": spot,
        "strike": strike,
        "years": years(draw(st.integers(1, 10957))),
        "risk_free_rate": 0,
        "kind": kind,
    }


@st.composite
def with_carry(draw: st.DrawFn) -> dict[str, Any]:
    """An option in the money forward, with a rate and a yield: its bounds are irrational.

    The strike is the forward times 1 − m (a put: over it), m from 0.0001 to 0.9999.
    """
    spot = Decimal(f"{draw(st.integers(1, 10**6))}E-2")
    term = years(draw(st.integers(1, 10957)))
    rate = Decimal(f"{draw(st.integers(-100, 1500))}E-4")
    dividend = Decimal(f"{draw(st.integers(1, 1000))}E-4")
    kind = draw(st.sampled_from(["call", "put"]))
    moneyness = mpmath.mpf(draw(st.integers(1, 9999))) / 10**4
    with mpmath.workdps(30):
        carry = (mpmath.mpf(str(rate)) - mpmath.mpf(str(dividend))) * mpmath.mpf(str(term))
        forward = mpmath.mpf(str(spot)) * mpmath.exp(carry)
        strike = forward * (1 - moneyness) if kind == "call" else forward / (1 - moneyness)
        strike_text = mpmath.nstr(strike, 12, min_fixed=-30, max_fixed=30)
    return {
        "spot": spot,
        "strike": Decimal(strike_text),
        "years": term,
        "risk_free_rate": rate,
        "dividend_yield": dividend,
        "kind": kind,
    }


def _refusal(price: Decimal, inputs: dict[str, Any]) -> str:
    """The rule of the InvalidAmountError that ``price`` meets."""
    with pytest.raises(InvalidAmountError) as raised:
        implied_volatility(price, **inputs)
    assert raised.value.field == "price"
    return raised.value.rule


class TestBounds:
    @given(without_carry())
    @example(  # the issue's: r = q = 0, the price S − K implied 0.68% (of 4,073 in 20,000)
        {
            "spot": Decimal("5778.15"),
            "strike": Decimal("4451.41"),
            "years": Decimal("25.38356164383561643835616438"),
            "risk_free_rate": 0,
            "kind": "call",
        }
    )
    @example(  # … and this one was refused, below "5.1000000000004"
        {
            "spot": Decimal("7093.09"),
            "strike": Decimal("7087.99"),
            "years": Decimal("17.68767123287671232876712329"),
            "risk_free_rate": 0,
            "kind": "call",
        }
    )
    @example(
        {"spot": Decimal("5387.66"), "strike": Decimal("5390.80"),
         "years": Decimal("6.098630136986301369863013699"), "risk_free_rate": 0, "kind": "put"}
    )  # fmt: skip
    def test_exact_bounds_exactly(self, inputs: dict[str, Any]) -> None:
        """With no rate and no yield the bounds are S − K and S (a put: K − S and K), exact.

        A price on the lower bound implies 0; one a hair below it, or on the upper bound, is
        refused, and the refusal quotes the bound exactly.
        """
        spot, strike = inputs["spot"], inputs["strike"]
        call = inputs["kind"] == "call"
        lower = LOCAL.subtract(spot, strike) if call else LOCAL.subtract(strike, spot)
        upper = spot if call else strike
        assert implied_volatility(lower, **inputs) == 0
        below = LOCAL.subtract(lower, Decimal("1E-20"))
        assert _refusal(below, inputs) == BELOW_INTRINSIC.format(bound=lower)
        assert _refusal(upper, inputs) == AT_INFINITE_VOLATILITY.format(bound=upper)

    @given(with_carry())
    def test_irrational_bounds_to_the_digits_of_a_price(self, inputs: dict[str, Any]) -> None:
        """With a rate and a yield the bounds are S·e^(−qT) − K·e^(−rT) and S·e^(−qT) (a
        put: the other way round, and K·e^(−rT)). A price within 5e-14 of a bound is on it:
        the lower bound written to 14 digits implies 0, 1e-12 below it is refused, and the
        upper bound written to 14 digits is refused."""
        spot, strike, term = inputs["spot"], inputs["strike"], inputs["years"]
        rate, dividend = inputs["risk_free_rate"], inputs["dividend_yield"]
        want = reference(spot, strike, term, 1, rate, dividend)  # any σ: share and cash
        call = inputs["kind"] == "call"
        with mpmath.workdps(50):
            lower = want["share"] - want["cash"] if call else want["cash"] - want["share"]
            upper = want["share"] if call else want["cash"]
            written = [
                Decimal(mpmath.nstr(bound, 14, min_fixed=-30, max_fixed=30))
                for bound in (lower, lower * (1 - mpmath.mpf("1e-12")), upper)
            ]
        assert implied_volatility(written[0], **inputs) == 0
        assert filled(BELOW_INTRINSIC, _refusal(written[1], inputs))
        assert filled(AT_INFINITE_VOLATILITY, _refusal(written[2], inputs))

    def test_a_time_value_below_a_double(self) -> None:
        """1e-400 above the bound: a time value no double holds, so no volatility at all."""
        inputs: dict[str, Any] = {"spot": 42, "strike": 40, "years": 1, "risk_free_rate": 0}
        assert implied_volatility(Decimal("2.0000000000000000000000000000000000001"), **inputs) > 0
        assert implied_volatility(Decimal("2." + "0" * 399 + "1"), **inputs) == 0


class TestRefused:
    def test_below_the_intrinsic_value(self) -> None:
        with pytest.raises(InvalidAmountError) as raised:
            implied_volatility("1", **MARKET)
        bound = filled(BELOW_INTRINSIC, raised.value.rule)["bound"]  # computed in floats
        assert bound.startswith("3.95")
        refused(raised, field="price", value="1", rule=BELOW_INTRINSIC.format(bound=bound))

    def test_at_the_share(self) -> None:
        with pytest.raises(InvalidAmountError) as raised:
            implied_volatility(42, **MARKET)
        refused(raised, field="price", value=42, rule=AT_INFINITE_VOLATILITY.format(bound=42))

    def test_put_above_the_strike(self) -> None:
        with pytest.raises(InvalidAmountError) as raised:
            implied_volatility(39, **MARKET, kind="put")
        rule = AT_INFINITE_VOLATILITY.format(bound="38.049176980029")
        refused(raised, field="price", value=39, rule=rule)

    def test_more_than_1000_percent(self) -> None:
        price = "41.99999"  # a hair under the share: more than 1,000% would be needed
        with pytest.raises(InvalidRateError) as raised:
            implied_volatility(price, **MARKET)
        refused(raised, field="price", value=price, rule=VOLATILITY_TOO_HIGH)

    def test_at_expiry(self) -> None:
        with pytest.raises(InvalidTermError) as raised:
            implied_volatility(2, **{**MARKET, "years": 0})
        refused(raised, field="years", value=0, rule=NO_TIME_LEFT)

    @pytest.mark.parametrize("field", ["spot", "strike"])
    def test_zero_spot_or_strike(self, field: str) -> None:
        with pytest.raises(InvalidAmountError) as raised:
            implied_volatility(1, **{**MARKET, field: 0})
        refused(raised, field=field, value=0, rule=NOTHING_TO_IMPLY)

    @pytest.mark.parametrize(
        ("field", "value", "error", "rule"),
        [
            ("price", "1e99", InvalidAmountError, input_range("price", 0, 10**15)),
            ("spot", "1e99", InvalidAmountError, input_range("spot", 0, 10**15)),
            ("strike", "-1", InvalidAmountError, input_range("strike", 0, 10**15)),
            ("years", "1e9", InvalidTermError, input_range("years", 0, 100)),
            ("risk_free_rate", "7", InvalidRateError, input_range("risk_free_rate", -1, 1)),
            ("dividend_yield", "-7", InvalidRateError, input_range("dividend_yield", -1, 1)),
            ("kind", "straddle", InvalidChoiceError, one_of(["call", "put"])),
        ],
    )
    def test_each_input_out_of_range(
        self, field: str, value: str, error: type[OptionError], rule: str
    ) -> None:
        """Each input is checked against its own range, and the error names it."""
        arguments: dict[str, object] = {"price": 4, **MARKET, field: value}
        with pytest.raises(error) as raised:
            implied_volatility(**arguments)  # type: ignore[arg-type]
        refused(raised, cls=error, field=field, value=value, rule=rule)

    def test_float_price(self) -> None:
        """A price is money: a float is refused, as for every price."""
        with pytest.raises(AmountTypeError) as raised:
            implied_volatility(4.76, **MARKET)  # type: ignore[arg-type]
        refused(raised, field="price", value=4.76, rule=FLOAT_AMOUNT)

    @given(
        st.sampled_from(
            ["price", "spot", "strike", "years", "risk_free_rate", "dividend_yield", "kind"]
        ),
        anything(),
    )
    def test_only_option_errors_escape(self, field: str, value: object) -> None:
        arguments = {"price": "4.76", **MARKET, field: value}
        with contextlib.suppress(OptionError):
            implied_volatility(**arguments)
