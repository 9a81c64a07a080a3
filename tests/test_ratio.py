"""Split ratios (``_ratio``)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option._ratio import (
    FLOAT_RATIO,
    NO_OLD_SHARES,
    NOT_A_PAIR,
    NOT_A_RATIO,
    NOT_FINITE,
    NOT_POSITIVE,
    NOT_RATIO_TEXT,
    OLD_SHARES_NOT_POSITIVE,
    OUT_OF_RANGE,
    coerce_ratio,
)
from auxer_option.exceptions import InvalidRatioError, OptionError, RatioTypeError

from .messages import message, refused
from .strategies import anything


class TestMessages:
    """Each rule of this module, word for word, once: other tests check which rule it is."""

    @pytest.mark.parametrize(
        ("given", "rule", "expected"),
        [
            pytest.param(
                1.5,
                FLOAT_RATIO,
                'ratio=1.5: a float cannot hold a ratio exactly; pass text such as "2:1" '
                "(new for old), a pair (3, 2), a Fraction or an int",
                id="FLOAT_RATIO",
            ),
            pytest.param(
                None,
                NOT_A_RATIO,
                'ratio=None: must be an exact ratio; pass text such as "2:1" (new for old), '
                "a pair (3, 2), a Fraction or an int",
                id="NOT_A_RATIO",
            ),
            pytest.param(
                (3, 2, 1),
                NOT_A_PAIR,
                "ratio=(3, 2, 1): a pair must be two whole numbers: (new, old)",
                id="NOT_A_PAIR",
            ),
            pytest.param(
                0, NOT_POSITIVE, "ratio=0: must be positive: new shares for old", id="NOT_POSITIVE"
            ),
            pytest.param(
                Decimal("NaN"),
                NOT_FINITE,
                "ratio=Decimal('NaN'): must be a finite number",
                id="NOT_FINITE",
            ),
            pytest.param(
                "2/1",
                NOT_RATIO_TEXT,
                'ratio=\'2/1\': must read as new shares for old, such as "2:1", "1:10" or '
                '"3-for-2"',
                id="NOT_RATIO_TEXT",
            ),
            pytest.param(
                "2:0",
                NO_OLD_SHARES,
                "ratio='2:0': must not have zero old shares",
                id="NO_OLD_SHARES",
            ),
            pytest.param(
                (2, 0),
                OLD_SHARES_NOT_POSITIVE,
                "ratio=(2, 0): must have a positive number of old shares",
                id="OLD_SHARES_NOT_POSITIVE",
            ),
            pytest.param(
                2**63,
                OUT_OF_RANGE,
                "ratio=9223372036854775808: must have at most 9223372036854775807 (2**63 - 1) "
                "new and old shares, in lowest terms",
                id="OUT_OF_RANGE",
            ),
        ],
    )
    def test_message(self, given: object, rule: str, expected: str) -> None:
        """The message names the field and the value, then the rule in these words."""
        assert message(lambda: coerce_ratio(given, "ratio"), rule) == expected


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
        ("given", "rule"),
        [
            (1.5, FLOAT_RATIO),
            (True, NOT_A_RATIO),
            (None, NOT_A_RATIO),
            ((3, 2, 1), NOT_A_PAIR),
            ((3.0, 2), NOT_A_PAIR),
            ((True, 1), NOT_A_PAIR),
        ],
    )
    def test_type_errors(self, given: object, rule: str) -> None:
        """Types that cannot hold a ratio exactly say what to pass instead."""
        with pytest.raises(RatioTypeError) as raised:
            coerce_ratio(given, "ratio")
        refused(raised, field="ratio", value=given, rule=rule)

    @pytest.mark.parametrize(
        ("given", "rule"),
        [
            (0, NOT_POSITIVE),
            (-2, NOT_POSITIVE),
            (Fraction(-1, 2), NOT_POSITIVE),
            (Decimal("-1.5"), NOT_POSITIVE),
            (Decimal("NaN"), NOT_FINITE),
            (Decimal("Infinity"), NOT_FINITE),
            ("0:1", NOT_POSITIVE),
            ("2:0", NO_OLD_SHARES),
            ("2", NOT_RATIO_TEXT),
            ("2/1", NOT_RATIO_TEXT),
            ("-2:1", NOT_RATIO_TEXT),
            ("1.5:1", NOT_RATIO_TEXT),
            ((2, 0), OLD_SHARES_NOT_POSITIVE),
            ((2, -1), OLD_SHARES_NOT_POSITIVE),
            ((0, 1), NOT_POSITIVE),
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
    def test_value_errors(self, given: object, rule: str) -> None:
        """Zero, negative, non-finite and malformed ratios are refused, naming the field."""
        with pytest.raises(InvalidRatioError) as raised:
            coerce_ratio(given, "ratio")
        refused(raised, field="ratio", value=given, rule=rule)

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
