"""Split ratios (``_ratio``)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option._ratio import coerce_ratio
from auxer_option.exceptions import InvalidRatioError, OptionError, RatioTypeError

from .strategies import anything

OUT_OF_RANGE = (
    "must have at most 9223372036854775807 (2**63 - 1) new and old shares, in lowest terms"
)
SUGGESTION = 'pass text such as "2:1" (new for old), a pair (3, 2), a Fraction or an int'


class TestRatios:
    @pytest.mark.parametrize(
        ("given", "ratio"),
        [
            ("2:1", Fraction(2)),
            ("1:10", Fraction(1, 10)),
            (" 3 : 2 ", Fraction(3, 2)),
            ("3-for-2", Fraction(3, 2)),
            ("1 for 10", Fraction(1, 10)),
            ("3-FOR-2", Fraction(3, 2)),
            ("4:2", Fraction(2)),
            ((3, 2), Fraction(3, 2)),
            ((np.int64(11), 10), Fraction(11, 10)),
            (Fraction(11, 10), Fraction(11, 10)),
            (2, Fraction(2)),
            (np.int32(2), Fraction(2)),
            (Decimal("1.1"), Fraction(11, 10)),
            (Decimal("1E+18"), Fraction(10**18)),
            ("0000000000000000000000002:1", Fraction(2)),
            ("0" * 5000 + "2:1", Fraction(2)),  # was Python's int() limit, a bare ValueError
            ("3 \t for\u00a0\n 2", Fraction(3, 2)),
            (2**63 - 1, Fraction(2**63 - 1)),
            ("1234567890123456789:1", Fraction(1234567890123456789)),  # 19 figures
            ((1, 2**63 - 1), Fraction(1, 2**63 - 1)),
        ],
    )
    def test_forms(self, given: object, ratio: Fraction) -> None:
        """New shares for old, as text, a pair, a Fraction, a Decimal or an int."""
        assert coerce_ratio(given, "ratio") == ratio

    @pytest.mark.parametrize(
        ("refused", "rule"),
        [
            (
                1.5,
                f"a float cannot hold a ratio exactly; {SUGGESTION}",
            ),
            (
                True,
                f"must be an exact ratio; {SUGGESTION}",
            ),
            (
                None,
                f"must be an exact ratio; {SUGGESTION}",
            ),
            ((3, 2, 1), "a pair must be two whole numbers: (new, old)"),
            ((3.0, 2), "a pair must be two whole numbers: (new, old)"),
            ((True, 1), "a pair must be two whole numbers: (new, old)"),
        ],
    )
    def test_type_errors(self, refused: object, rule: str) -> None:
        """Types that cannot hold a ratio exactly say what to pass instead."""
        with pytest.raises(RatioTypeError) as raised:
            coerce_ratio(refused, "ratio")
        assert (raised.value.field, raised.value.rule) == ("ratio", rule)
        assert raised.value.value is refused

    @pytest.mark.parametrize(
        ("refused", "rule"),
        [
            (0, "must be positive: new shares for old"),
            (-2, "must be positive: new shares for old"),
            (Fraction(-1, 2), "must be positive: new shares for old"),
            (Decimal("-1.5"), "must be positive: new shares for old"),
            (Decimal("NaN"), "must be a finite number"),
            (Decimal("Infinity"), "must be a finite number"),
            ("0:1", "must be positive: new shares for old"),
            ("2:0", "must not have zero old shares"),
            ("2", 'must read as new shares for old, such as "2:1", "1:10" or "3-for-2"'),
            ("2/1", 'must read as new shares for old, such as "2:1", "1:10" or "3-for-2"'),
            ("-2:1", 'must read as new shares for old, such as "2:1", "1:10" or "3-for-2"'),
            ("1.5:1", 'must read as new shares for old, such as "2:1", "1:10" or "3-for-2"'),
            ((2, 0), "must have a positive number of old shares"),
            ((2, -1), "must have a positive number of old shares"),
            ((0, 1), "must be positive: new shares for old"),
            (
                Decimal("1E+99999"),
                OUT_OF_RANGE,
            ),
            (
                Decimal("1E-99999"),
                OUT_OF_RANGE,
            ),
            (
                Decimal("1E-20"),
                OUT_OF_RANGE,
            ),
            (
                "1" * 20 + ":1",
                OUT_OF_RANGE,
            ),
            (
                "1:" + "9" * 5000,
                OUT_OF_RANGE,
            ),
            (
                2**63,
                OUT_OF_RANGE,
            ),
            pytest.param(
                10**5000,
                OUT_OF_RANGE,
                id="10**5000",
            ),
            (
                Fraction(1, 2**64),
                OUT_OF_RANGE,
            ),
            (
                (1, 2**70),
                OUT_OF_RANGE,
            ),
        ],
    )
    def test_value_errors(self, refused: object, rule: str) -> None:
        """Zero, negative, non-finite and malformed ratios are refused, naming the field."""
        with pytest.raises(InvalidRatioError) as raised:
            coerce_ratio(refused, "ratio")
        assert (raised.value.field, raised.value.rule) == ("ratio", rule)
        assert raised.value.value is refused

    @given(st.integers(1, 10**6), st.integers(1, 10**6), st.integers(0, 5000))
    @example(2, 1, 5000)  # "0" * 5000 + "2:1" met Python's int() limit
    def test_every_form_agrees(self, new: int, old: int, zeros: int) -> None:
        """Text, pair and Fraction forms of the same split are the same ratio, whatever
        the spaces around the parts and the zeros before them."""
        expected = Fraction(new, old)
        padded = "0" * zeros
        forms = (
            f"{new}:{old}",
            f"{new}-for-{old}",
            f" {new} \t for\n{old} ",
            f"{padded}{new} : {padded}{old}",
            (new, old),
            expected,
        )
        for form in forms:
            assert coerce_ratio(form, "ratio") == expected

    @given(anything())
    @example("2" + " " * 40_000 + "1")  # took 10 s: two space quantifiers overlapped
    @example("0" * 5000 + "2:1")  # met Python's int() limit
    def test_only_option_errors_escape(self, value: object) -> None:
        """Anything at all: a positive ratio, or an OptionError."""
        try:
            ratio = coerce_ratio(value, "ratio")
        except OptionError as error:
            assert error.field == "ratio"
        else:
            assert ratio > 0
