"""How every model reads its inputs and writes its figures."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option import black_scholes
from auxer_option._inputs import (
    SIGNIFICANT_DIGITS,
    TOO_MANY_INPUT_PLACES,
    OptionKind,
    figure,
    figures,
    input_range,
    model_input,
    option_kind,
)
from auxer_option.exceptions import InvalidChoiceError, InvalidModelError
from tests.messages import message, refused
from tests.test_valuation import HULL


class TestMessages:
    """Each rule of this module, word for word, once: other tests check which rule it is."""

    @pytest.mark.parametrize(
        ("call", "rule", "expected"),
        [
            pytest.param(
                lambda: black_scholes(**{**HULL, "volatility": 45}),
                input_range("volatility", 0, 10),
                "volatility=45: must be from 0 to 10 (a fraction: 0.45 for 45%)",
                id="input_range",
            ),
            pytest.param(
                lambda: black_scholes(**{**HULL, "years": 101}),
                input_range("years", 0, 100),
                "years=101: must be from 0 to 100",
                id="input_range-without-a-hint",
            ),
            pytest.param(
                lambda: black_scholes(**{**HULL, "volatility": Decimal("1E-1101")}),
                TOO_MANY_INPUT_PLACES,
                "volatility=Decimal('1E-1101'): has more than 1,100 digits after the decimal "
                "point, more than any double",
                id="TOO_MANY_INPUT_PLACES",
            ),
        ],
    )
    def test_message(self, call: Callable[[], object], rule: str, expected: str) -> None:
        """The message names the field and the value, then the rule in these words."""
        assert message(call, rule) == expected


class TestModelInput:
    def test_zero_outside_a_range_above_it(self) -> None:
        """An int 0 is refused where the range starts above 0 (the shortcut for a yield's
        default 0 once let it through)."""
        with pytest.raises(InvalidModelError) as raised:
            model_input(0, "exercise_multiple", 1, 10, InvalidModelError)
        refused(
            raised, field="exercise_multiple", value=0, rule=input_range("exercise_multiple", 1, 10)
        )

    def test_zero_in_range(self) -> None:
        """Where 0 is in range, an int 0 is read at once."""
        assert model_input(0, "dividend_yield", -1, 1, InvalidModelError) == (Decimal(0), 0.0)


class TestOptionKind:
    @pytest.mark.parametrize("spelling", ["put", "PUT", "Put", OptionKind.PUT])
    def test_spellings(self, spelling: str) -> None:
        """A kind is read in any case, or given as itself."""
        assert option_kind(spelling) is OptionKind.PUT

    def test_refused(self) -> None:
        """Anything else is refused as a choice."""
        with pytest.raises(InvalidChoiceError) as raised:
            option_kind("straddle")
        assert raised.value.field == "kind"
        refused(raised, field="kind", rule=raised.value.rule, value="straddle")


class TestFigure:
    @given(st.floats(allow_nan=False, allow_infinity=False))
    @example(-0.0)
    @example(1.5e20)
    def test_significant_digits(self, number: float) -> None:
        """A figure has at most SIGNIFICANT_DIGITS digits, no exponent above 0, and no -0."""
        written = figure(number)
        digits = "".join(map(str, written.as_tuple().digits)).strip("0")
        assert len(digits) <= SIGNIFICANT_DIGITS
        assert written.as_tuple().exponent <= 0  # type: ignore[operator]
        assert not (written.is_zero() and written.is_signed())
        assert float(written) == pytest.approx(number, rel=1e-13)

    def test_rounded_half_even(self) -> None:
        """Rounded to 14 significant digits."""
        assert figure(2 / 3) == Decimal("0.66666666666667")


class TestFigures:
    @pytest.mark.parametrize("place", range(6))
    def test_one_past_10_14_in_any_place(self, place: int) -> None:
        """Six figures written at once, one of them 2e14, are each written out in plain digits."""
        six = [2.0, 3.0, 4.0, 5.0, 6.0, 7.0]
        six[place] = 2e14
        written = figures(*six)
        assert [repr(number) for number in written] == [repr(figure(x)) for x in six]
        assert repr(written[place]) == "Decimal('200000000000000')"
