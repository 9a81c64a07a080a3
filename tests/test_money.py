"""Amounts, share counts, currencies and cash rounding (``_money``)."""

from __future__ import annotations

import decimal
import fractions
from collections.abc import Callable
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option._money import (
    CACHED_TEXT,
    CURRENCY_NOT_TEXT,
    ESTIMATE_DIGITS,
    EXACT,
    FLOAT_AMOUNT,
    FLOAT_REFUSED,
    FRACTION_TOO_LONG,
    MAX_PLACES,
    MAX_SHARES,
    MINOR_UNIT_QUANTA,
    MUST_BE_POSITIVE,
    MUST_NOT_BE_NEGATIVE,
    NOT_AN_AMOUNT,
    NOT_AN_ESTIMATE,
    NOT_FINITE,
    NOT_PLAIN_NUMBER,
    NOT_WHOLE_SHARES,
    OVER_MAX_SHARES,
    PRECISION,
    RATE_EXAMPLES,
    RESULT_TOO_MANY_PLACES,
    ROUNDING_MODES,
    TOO_LONG,
    TOO_MANY_PLACES,
    UNKNOWN_CURRENCY,
    add,
    at_least,
    canonical,
    check_rounding,
    check_rounding_mode,
    coerce_amount,
    coerce_currency,
    coerce_rate,
    coerce_shares,
    estimate,
    exact_number,
    format_amount,
    is_cash,
    multiply,
    rate_range,
    round_to_step,
    rounding_mode_rule,
    subtract,
    to_cash,
    whole_number,
)
from auxer_option._ratio import FLOAT_RATIO
from auxer_option.exceptions import (
    AmountTypeError,
    InvalidAmountError,
    InvalidChoiceError,
    InvalidCurrencyError,
    InvalidRateError,
    InvalidShareCountError,
    OptionTypeError,
    PrecisionError,
    ShareCountTypeError,
)

from .messages import RESULT_TOO_LONG, message, refused
from .strategies import prices


class TestMessages:
    """Each rule of this module, word for word, once: other tests check which rule it is."""

    @pytest.mark.parametrize(
        ("call", "rule", "expected"),
        [
            pytest.param(
                lambda: coerce_amount(0.13, "exercise_price"),
                FLOAT_AMOUNT,
                "exercise_price=0.13: a float cannot hold a price exactly; pass a Decimal such "
                'as Decimal("0.13"), an int, or a string such as "0.13"',
                id="FLOAT_AMOUNT",
            ),
            pytest.param(
                lambda: estimate(None, "volatility"),
                NOT_AN_ESTIMATE,
                "volatility=None: must be a number: a Decimal, an int, a float, a Fraction or "
                "a numeric string",
                id="NOT_AN_ESTIMATE",
            ),
            pytest.param(
                lambda: estimate(fractions.Fraction(1, 10**1100), "years"),
                FRACTION_TOO_LONG,
                "years=Fraction(1, 1" + "0" * 187 + "...(1114 characters): must have a "
                "numerator and a denominator of at most 1,100 digits",
                id="FRACTION_TOO_LONG",
            ),
            pytest.param(
                lambda: coerce_rate("22", "withholding_rate"),
                rate_range("withholding_rate", 0, 1),
                "withholding_rate='22': must be from 0 to 1 (a fraction: 0.22 for 22%)",
                id="rate_range",
            ),
            pytest.param(
                lambda: coerce_amount(None, "exercise_price"),
                NOT_AN_AMOUNT,
                "exercise_price=None: must be an exact number; pass a Decimal such as "
                'Decimal("0.13"), an int, or a string such as "0.13"',
                id="NOT_AN_AMOUNT",
            ),
            pytest.param(
                lambda: coerce_amount("-0.13", "exercise_price"),
                MUST_NOT_BE_NEGATIVE,
                "exercise_price='-0.13': must not be negative",
                id="MUST_NOT_BE_NEGATIVE",
            ),
            pytest.param(
                lambda: coerce_amount(Decimal("NaN"), "exercise_price"),
                NOT_FINITE,
                "exercise_price=Decimal('NaN'): must be a finite number (not NaN or infinity)",
                id="NOT_FINITE",
            ),
            pytest.param(
                lambda: coerce_amount("$0.13", "exercise_price"),
                NOT_PLAIN_NUMBER,
                "exercise_price='$0.13': must be a plain ASCII number such as "
                '"0.13" or "1e3" (no currency symbols, separators, spaces or words)',
                id="NOT_PLAIN_NUMBER",
            ),
            pytest.param(
                lambda: coerce_amount("1E+50", "exercise_price"),
                TOO_LONG,
                "exercise_price='1E+50': has more than 50 significant digits, "
                "so it cannot be exact",
                id="TOO_LONG",
            ),
            pytest.param(
                lambda: coerce_amount("1e-101", "exercise_price"),
                TOO_MANY_PLACES,
                "exercise_price='1e-101': has more than 100 digits after the decimal point, "
                "so it cannot be written out in plain digits",
                id="TOO_MANY_PLACES",
            ),
            pytest.param(
                lambda: canonical(Decimal("1E-101"), "price_after"),
                RESULT_TOO_MANY_PLACES,
                "price_after=Decimal('1E-101'): "
                "the exact result needs more than 100 digits after the decimal point",
                id="RESULT_TOO_MANY_PLACES",
            ),
            pytest.param(
                lambda: coerce_shares(1.0, "shares"),
                NOT_WHOLE_SHARES,
                "shares=1.0: shares are whole numbers; pass an int such as 1000000",
                id="NOT_WHOLE_SHARES",
            ),
            pytest.param(
                lambda: coerce_shares(0, "shares"),
                MUST_BE_POSITIVE,
                "shares=0: must be positive",
                id="MUST_BE_POSITIVE",
            ),
            pytest.param(
                lambda: coerce_shares(-1, "shares_kept", minimum=0),
                at_least(0),
                "shares_kept=-1: must be at least 0",
                id="at_least",
            ),
            pytest.param(
                lambda: coerce_shares(2**63, "shares"),
                OVER_MAX_SHARES,
                "shares=9223372036854775808: must not exceed 9223372036854775807 (2**63 - 1)",
                id="OVER_MAX_SHARES",
            ),
            pytest.param(
                lambda: check_rounding_mode(None, "price_rounding"),
                rounding_mode_rule(),
                "price_rounding=None: must be a decimal rounding mode such as "
                "decimal.ROUND_HALF_UP",
                id="rounding_mode_rule",
            ),
            pytest.param(
                lambda: check_rounding("HALF_UP"),
                rounding_mode_rule("None (exact) or "),
                "rounding='HALF_UP': must be None (exact) or a decimal rounding mode such as "
                "decimal.ROUND_HALF_UP",
                id="rounding_mode_rule-or-None",
            ),
            pytest.param(
                lambda: coerce_currency(5),  # type: ignore[arg-type]
                CURRENCY_NOT_TEXT,
                'currency=5: must be an ISO 4217 code such as "USD"',
                id="CURRENCY_NOT_TEXT",
            ),
            pytest.param(
                lambda: coerce_currency("XAU"),
                UNKNOWN_CURRENCY,
                "currency='XAU': must be an ISO 4217 currency code with a decimal minor unit, "
                "such as USD or JPY",
                id="UNKNOWN_CURRENCY",
            ),
        ],
    )
    def test_message(self, call: Callable[[], object], rule: str, expected: str) -> None:
        """The message names the field and the value, then the rule in these words."""
        assert message(call, rule) == expected


class TestAmounts:
    def test_text_read_once(self) -> None:
        """Short text is read once and remembered; long text is read each time, alike."""
        assert coerce_amount("0.13", "price") is coerce_amount("0.13", "price")
        padded = "0" * CACHED_TEXT + "0.13"
        assert coerce_amount(padded, "price") == Decimal("0.13")
        assert coerce_amount(padded, "price") is not coerce_amount(padded, "price")
        with pytest.raises(InvalidAmountError):
            coerce_amount("-" + padded, "price")

    @pytest.mark.parametrize(
        ("value", "stored"),
        [
            (Decimal("0.13"), "0.13"),
            ("0.13", "0.13"),
            ("0.130", "0.130"),
            ("32500.00", "32500.00"),
            ("+0.13", "0.13"),
            (".5", "0.5"),
            ("5.", "5"),
            ("1e3", "1000"),
            ("1E+3", "1000"),
            (Decimal("1E+3"), "1000"),
            ("7.00", "7.00"),
            (7, "7"),
            (np.int64(7), "7"),
            ("-0", "0"),
            (Decimal("-0.00"), "0.00"),
            ("0E+5", "0"),
            ("1.5e-3", "0.0015"),
            ("0.0000001", "0.0000001"),
            ("9" * PRECISION, "9" * PRECISION),
        ],
    )
    def test_canonical_form(self, value: object, stored: str) -> None:
        """Values are stored in plain digits, never as -0; the digits given are kept."""
        amount = coerce_amount(value, "price")
        assert type(amount) is Decimal
        # format "f" reads no context (str() reads its capitals): the digits as stored.
        assert format(amount, "f") == stored
        assert amount.as_tuple().exponent <= 0  # type: ignore[operator]

    @pytest.mark.parametrize(
        "value",
        [0.13, 1.0, float("nan"), True, False, None, [1], fractions.Fraction(13, 100), 1j],
    )
    def test_inexact_types_are_type_errors(self, value: object) -> None:
        """Floats, bools and other types are refused with a TypeError that says what to pass."""
        with pytest.raises(AmountTypeError) as raised:
            coerce_amount(value, "exercise_price")
        assert isinstance(raised.value, TypeError)
        rule = FLOAT_AMOUNT if isinstance(value, float) else NOT_AN_AMOUNT
        refused(raised, field="exercise_price", value=value, rule=rule)

    @pytest.mark.parametrize(
        ("value", "rule"),
        [
            (Decimal("NaN"), NOT_FINITE),
            (Decimal("sNaN"), NOT_FINITE),
            (Decimal("-Infinity"), NOT_FINITE),
            (Decimal("Infinity"), NOT_FINITE),
            ("NaN", NOT_PLAIN_NUMBER),
            ("Infinity", NOT_PLAIN_NUMBER),
            ("-0.13", MUST_NOT_BE_NEGATIVE),
            (Decimal("-0.01"), MUST_NOT_BE_NEGATIVE),
            (-1, MUST_NOT_BE_NEGATIVE),
            ("$0.13", NOT_PLAIN_NUMBER),
            ("1,000", NOT_PLAIN_NUMBER),
            ("1_000", NOT_PLAIN_NUMBER),
            (" 0.13", NOT_PLAIN_NUMBER),
            ("0.13 ", NOT_PLAIN_NUMBER),
            ("\u0661\u0662", NOT_PLAIN_NUMBER),  # Arabic-Indic digits
            ("\uff11", NOT_PLAIN_NUMBER),  # a full-width 1
            ("", NOT_PLAIN_NUMBER),
            (".", NOT_PLAIN_NUMBER),
            ("1e", NOT_PLAIN_NUMBER),
            ("thirteen cents", NOT_PLAIN_NUMBER),
            ("1" * (PRECISION + 1), TOO_LONG),
            ("1E+50", TOO_LONG),
            (10**PRECISION, TOO_LONG),
            (Decimal("1." + "0" * PRECISION), TOO_LONG),
            ("1e999999999999", TOO_LONG),
        ],
    )
    def test_bad_values_are_value_errors(self, value: object, rule: str) -> None:
        """NaN, infinities, negatives, symbols, separators, non-ASCII digits: ValueErrors."""
        with pytest.raises(InvalidAmountError) as raised:
            coerce_amount(value, "market_price")
        assert isinstance(raised.value, ValueError)
        refused(raised, field="market_price", value=value, rule=rule)

    @pytest.mark.parametrize(("sign", "rule"), [("", TOO_LONG), ("-", TOO_MANY_PLACES)])
    def test_exponent_beyond_decimal_chains_the_decimal_error(self, sign: str, rule: str) -> None:
        """An exponent no Decimal can hold is refused by the rule it breaks, chaining the signal."""
        with pytest.raises(InvalidAmountError) as raised:
            coerce_amount(f"1e{sign}{'9' * 19}", "price")
        refused(raised, field="price", rule=rule)
        assert isinstance(raised.value.__cause__, decimal.DecimalException)

    @given(st.integers(0, 10 ** (PRECISION + 2)), st.integers(-(10**9), 10**9))
    @example(1, -1_000_048)  # exercise_price="1e-1000048" was accepted
    @example(1, -999_999)  # price_step="1e-999999" cost 20 s before a misleading refusal
    @example(1, -999_999_999)  # a JSON number 1e-999999999 was accepted, the text refused
    @example(1, -MAX_PLACES)
    @example(1, -MAX_PLACES - 1)
    @example(10**PRECISION - 1, -MAX_PLACES)
    @example(1, PRECISION - 1)
    @example(1, PRECISION)
    @example(0, 10**9)
    @example(0, -MAX_PLACES - 1)
    def test_one_rule_for_text_decimals_and_ints(self, coefficient: int, exponent: int) -> None:
        """Text, Decimal and int meet one rule: at most 50 significant digits written out
        and at most 100 after the point; what passes fits in 102 characters of plain digits.
        """
        text = f"{coefficient}E{exponent}"
        given: list[object] = [text, Decimal(text)]
        if 0 <= exponent <= PRECISION + 2:
            given.append(coefficient * 10**exponent)
        outcomes: list[object] = []
        for value in given:
            try:
                outcomes.append(coerce_amount(value, "price"))
            except InvalidAmountError as error:
                outcomes.append(error.rule)
        assert all(outcome == outcomes[0] for outcome in outcomes)
        digits = len(str(coefficient))
        if digits > PRECISION or (coefficient and digits + exponent > PRECISION):
            assert outcomes[0] == TOO_LONG
        elif -exponent > MAX_PLACES:
            assert outcomes[0] == TOO_MANY_PLACES
        else:
            assert isinstance(outcomes[0], Decimal)
            assert len(f"{outcomes[0]:f}") <= MAX_PLACES + 2

    def test_leading_zeros_are_not_digits(self) -> None:
        """Zeros before the number are no digits of it: any number of them is read."""
        assert coerce_amount("0" * 5000 + "1.5", "price") == Decimal("1.5")

    def test_results_with_too_many_places(self) -> None:
        """A result that would need more than 100 places is refused, not rounded."""
        number = Decimal("1E-101")
        with pytest.raises(PrecisionError) as raised:
            canonical(number, "price_after")
        refused(raised, field="price_after", value=number, rule=RESULT_TOO_MANY_PLACES)


class TestFloatRefusal:
    """Every float refused where an exact number is needed is refused in the same words."""

    def test_one_wording(self) -> None:
        """Prices and ratios refuse a float by the one template, saying what to pass."""
        assert FLOAT_AMOUNT.startswith(FLOAT_REFUSED.format(what="a price", suggestion=""))
        assert FLOAT_RATIO.startswith(FLOAT_REFUSED.format(what="a ratio", suggestion=""))


class TestEstimates:
    """Model assumptions and rates are estimates, not money: floats and Fractions are read."""

    @given(st.floats(allow_nan=False, allow_infinity=False))
    @example(0.55)
    @example(0.1 + 0.2)
    @example(5e-324)
    @example(-0.0)
    def test_a_float_is_its_shortest_repr(self, number: float) -> None:
        """A float is the Decimal its repr writes: the same double, in the fewest digits."""
        read = estimate(number, "volatility")
        assert read == Decimal(repr(number))
        assert float(read) == number

    def test_numpy_float64(self) -> None:
        """A numpy float64 is a float, read by its digits rather than its numpy repr."""
        assert estimate(np.float64(0.55), "volatility") == Decimal("0.55")

    @given(st.fractions(max_denominator=10**6))
    def test_a_fraction_is_exact_or_28_digits(self, given: fractions.Fraction) -> None:
        """A Fraction is exact where its digits end, else within half a unit in the 28th digit."""
        read = estimate(given, "years")
        if read == given:
            return
        assert len(read.as_tuple().digits) == ESTIMATE_DIGITS
        unit = fractions.Fraction(10) ** (read.adjusted() - ESTIMATE_DIGITS + 1)
        assert abs(fractions.Fraction(read) - given) <= unit / 2

    @given(st.integers(0, 60), st.integers(0, 60), st.integers(-(10**9), 10**9))
    @example(60, 0, 3**50)
    @example(0, 60, 3**50)
    @example(0, 60, 1)
    @example(60, 60, -(3**50))
    @example(1, 0, 1)
    @example(0, 1, 1)
    @example(3000, 0, 1)  # 1/2**3000 takes 2,098 digits: rounded, like 1/3**2000
    def test_every_ending_fraction_is_exact(self, twos: int, fives: int, numerator: int) -> None:
        """Where its digits end, a Fraction is exact in the fewest places if they fit
        :data:`PRECISION` digits; if not, it is rounded to 28 digits, as 1/3 is."""
        given = fractions.Fraction(numerator, 2**twos * 5**fives)
        read = estimate(given, "years")
        # In lowest terms, 2**a * 5**b needs max(a, b) places, and no fewer.
        denominator, places = given.denominator, 0
        while denominator % 10 == 0:
            denominator, places = denominator // 10, places + 1
        while denominator % 2 == 0 or denominator % 5 == 0:
            denominator, places = denominator // (2 if denominator % 2 == 0 else 5), places + 1
        if abs(given * 10**places) < 10**PRECISION:
            assert fractions.Fraction(read) == given
            assert read.as_tuple().exponent == -places
        else:
            assert len(read.as_tuple().digits) == ESTIMATE_DIGITS
            unit = fractions.Fraction(10) ** (read.adjusted() - ESTIMATE_DIGITS + 1)
            assert abs(fractions.Fraction(read) - given) <= unit / 2

    def test_fractions_too_long_to_write_are_rounded_alike(self) -> None:
        """1/2**3000, whose digits end, is rounded as 1/3**2000, whose digits do not."""
        ending, endless = fractions.Fraction(1, 2**3000), fractions.Fraction(1, 3**2000)
        for fraction in (ending, endless):
            read = estimate(fraction, "volatility")
            assert len(read.as_tuple().digits) == ESTIMATE_DIGITS
            unit = fractions.Fraction(10) ** (read.adjusted() - ESTIMATE_DIGITS + 1)
            assert abs(fractions.Fraction(read) - fraction) <= unit / 2

    @pytest.mark.parametrize(
        ("given", "kept"),
        [
            (fractions.Fraction(10**1100 - 1, 3), True),
            (fractions.Fraction(10**1100, 3), False),
            (fractions.Fraction(-(10**1100), 3), False),
            (fractions.Fraction(1, 10**1100 - 1), True),
            (fractions.Fraction(1, 10**1100), False),
        ],
    )
    def test_fraction_digits_bounded(self, given: fractions.Fraction, kept: bool) -> None:  # noqa: FBT001
        """A numerator or a denominator of 1,100 digits is read; of 1,101, refused unread."""
        if kept:
            assert estimate(given, "years").is_finite()
            return
        with pytest.raises(InvalidAmountError) as raised:
            estimate(given, "years")
        refused(raised, field="years", value=given, rule=FRACTION_TOO_LONG)

    @pytest.mark.parametrize(
        ("given", "read"),
        [(Decimal("0.45"), Decimal("0.45")), ("1e-3", Decimal("0.001")), (np.int64(3), Decimal(3))],
    )
    def test_exact_kinds_as_given(self, given: object, read: Decimal) -> None:
        """A Decimal, text and integers are read as they always were."""
        assert estimate(given, "volatility") == read

    def test_a_decimal_subclass_becomes_a_decimal(self) -> None:
        """A Decimal subclass is read as the plain Decimal of its value."""

        class Rate(Decimal):
            """A Decimal subclass, as some libraries hand out."""

        read = estimate(Rate("0.45"), "volatility")
        assert type(read) is Decimal
        assert read == Decimal("0.45")

    @pytest.mark.parametrize(
        ("given", "read"),
        [
            (np.float32(0.2), Decimal("0.2")),
            (np.float16(0.1), Decimal("0.1")),
            (np.float32(1e20), Decimal("1e20")),
            (np.longdouble("0.25"), Decimal("0.25")),
        ],
    )
    def test_numpy_floats_are_their_shortest_text(self, given: object, read: Decimal) -> None:
        """A numpy float32 or float16 is the shortest text numpy writes for it, as a float."""
        assert estimate(given, "years") == read

    def test_numpy_float_nan_is_read_for_the_caller_to_judge(self) -> None:
        """A numpy float32 NaN comes back as a Decimal NaN, as a float's does."""
        assert estimate(np.float32("nan"), "volatility").is_nan()

    @pytest.mark.parametrize(
        "huge",
        [10**400_000, -(10**400_000), 10**PRECISION, -(10**PRECISION)],
        ids=["huge", "huge negative", "PRECISION + 1 digits", "negative PRECISION + 1 digits"],
    )
    def test_a_long_int_is_refused_unread(self, huge: int) -> None:
        """An int of more than PRECISION digits is refused as an amount is, before reading."""
        with pytest.raises(InvalidAmountError) as raised:
            estimate(huge, "years")
        refused(raised, field="years", value=huge, rule=TOO_LONG)

    def test_an_int_of_precision_digits_is_read(self) -> None:
        """An int of PRECISION digits, either sign, is read exactly."""
        most = 10**PRECISION - 1
        assert (estimate(most, "years"), estimate(-most, "years")) == (most, -most)

    @pytest.mark.parametrize("given", [True, None, b"1", 1j, np.complex64(1), [1]])
    def test_other_types(self, given: object) -> None:
        """A bool and anything that is not a number are refused."""
        with pytest.raises(AmountTypeError) as raised:
            estimate(given, "volatility")
        refused(raised, field="volatility", value=given, rule=NOT_AN_ESTIMATE)

    def test_nan_is_read_for_the_caller_to_judge(self) -> None:
        """NaN comes back as a Decimal NaN: the range is the caller's rule."""
        assert estimate(float("nan"), "volatility").is_nan()


class TestExactNumbers:
    """Money read exactly, its sign and range left to the caller: no float, no Fraction."""

    @pytest.mark.parametrize(
        ("given", "read"),
        [(Decimal("-1.50"), "-1.50"), ("1e-3", "0.001"), (np.int64(40), "40"), (-7, "-7")],
    )
    def test_exact_kinds(self, given: object, read: str) -> None:
        """A Decimal as it is, text and ints as the Decimal they write, either sign."""
        assert str(exact_number(given, "spot")) == read

    @pytest.mark.parametrize(
        ("given", "error", "rule"),
        [
            (0.5, AmountTypeError, FLOAT_AMOUNT),
            (fractions.Fraction(1, 2), AmountTypeError, NOT_AN_AMOUNT),
            (np.float32(0.5), AmountTypeError, NOT_AN_AMOUNT),
            pytest.param(10**400_000, InvalidAmountError, TOO_LONG, id="a huge int"),
        ],
    )
    def test_refused(self, given: object, error: type[Exception], rule: str) -> None:
        """A float, a Fraction or a numpy float is no money; a huge int is refused unread."""
        with pytest.raises(error) as raised:
            exact_number(given, "spot")
        refused(raised, field="spot", value=given, rule=rule)


class TestRates:
    """A rate from 0 to 1, such as a withholding rate: exact in, a canonical Decimal out."""

    @given(st.integers(0, 10**6))
    def test_decimal_text_and_float_agree(self, millionths: int) -> None:
        """The same rate as a Decimal, its text and its float is the same Decimal."""
        rate = Decimal(f"{millionths // 10**6}.{millionths % 10**6:06d}")
        stored = coerce_rate(rate, "withholding_rate")
        assert stored == rate
        assert coerce_rate(str(rate), "withholding_rate") == stored
        assert coerce_rate(float(rate), "withholding_rate") == stored

    @pytest.mark.parametrize(
        ("given", "stored"),
        [
            (0.22, "0.22"),
            (fractions.Fraction(1, 4), "0.25"),
            (1, "1"),
            ("-0", "0"),
            (1e-5, "0.00001"),
        ],
    )
    def test_canonical(self, given: object, stored: str) -> None:
        """Rates are stored written out, never as -0."""
        assert str(coerce_rate(given, "withholding_rate")) == stored

    @pytest.mark.parametrize(
        ("given", "error", "rule"),
        [
            ("22", InvalidRateError, rate_range("withholding_rate", 0, 1)),
            (22, InvalidRateError, rate_range("withholding_rate", 0, 1)),
            (-0.01, InvalidRateError, rate_range("withholding_rate", 0, 1)),
            (fractions.Fraction(3, 2), InvalidRateError, rate_range("withholding_rate", 0, 1)),
            (float("nan"), InvalidRateError, NOT_FINITE),
            (Decimal("sNaN"), InvalidRateError, NOT_FINITE),
            (float("inf"), InvalidRateError, NOT_FINITE),
            ("22%", InvalidAmountError, NOT_PLAIN_NUMBER),
            ("0." + "1" * 101, InvalidAmountError, TOO_LONG),
            (Decimal("0." + "1" * 101), InvalidAmountError, TOO_LONG),
            (fractions.Fraction(1, 10**1100), InvalidRateError, FRACTION_TOO_LONG),
            pytest.param(10**400_000, InvalidAmountError, TOO_LONG, id="a huge int"),
            (True, AmountTypeError, NOT_AN_ESTIMATE),
        ],
    )
    def test_refused(self, given: object, error: type[Exception], rule: str) -> None:
        """Out of range, not finite, not a number: each refused by its rule."""
        with pytest.raises(error) as raised:
            coerce_rate(given, "withholding_rate")
        refused(raised, field="withholding_rate", value=given, rule=rule)

    @pytest.mark.parametrize(("field", "example"), sorted(RATE_EXAMPLES.items()))
    def test_hint_of_each_rate(self, field: str, example: tuple[str, str]) -> None:
        """Each rate's hint gives its own example, a fraction and the percentage it is."""
        fraction, percent = example
        assert fractions.Fraction(fraction) * 100 == fractions.Fraction(percent)
        assert f"{fraction} for {percent}%" in rate_range(field, 0, 1)


class TestWholeNumbers:
    @given(st.integers(0, 5000), st.integers(0, 10**60), st.integers(0, PRECISION))
    @example(4300, 1, 1)  # "0" * 4300 + "1" met Python's own limit on int()
    @example(0, 10**PRECISION, PRECISION)
    @example(0, 10**PRECISION - 1, PRECISION)
    @example(0, 0, 0)
    def test_leading_zeros_and_limit(self, zeros: int, number: int, limit: int) -> None:
        """Leading zeros are read, however many; beyond ``limit`` digits: ``None``."""
        digits = str(number)
        expected = number if number == 0 or len(digits) <= limit else None
        assert whole_number("0" * zeros + digits, limit) == expected

    def test_never_more_than_the_precision(self) -> None:
        """No limit reaches past 50 digits: Python's 4,300-digit limit is never met."""
        assert whole_number("9" * 5000, 10**6) is None

    def test_decimal_subclass_becomes_decimal(self) -> None:
        """A Decimal subclass is stored as a plain Decimal."""

        class Price(Decimal):
            pass

        assert type(coerce_amount(Price("0.13"), "price")) is Decimal

    @given(prices(max_places=30, max_units=10**20))
    def test_converter_is_idempotent(self, price: Decimal) -> None:
        """Re-running the converter never changes a value (or its representation)."""
        once = coerce_amount(price, "price")
        twice = coerce_amount(once, "price")
        assert once == price
        assert str(twice) == str(once)

    @given(prices(max_places=30, max_units=10**20))
    def test_text_round_trip(self, price: Decimal) -> None:
        """str() of a stored amount reads back as the same amount."""
        stored = coerce_amount(price, "price")
        assert coerce_amount(str(stored), "price") == stored


class TestShareCounts:
    @pytest.mark.parametrize(
        "value",
        [1, 1_000_000, MAX_SHARES, np.int64(5), np.uint8(5), np.int32(5)],
    )
    def test_integral_values_are_ints(self, value: object) -> None:
        """Any numbers.Integral but bool is accepted and stored as int."""
        count = coerce_shares(value, "shares")
        assert type(count) is int
        assert count == value

    @pytest.mark.parametrize(
        "value",
        [True, False, np.bool_(True), 1.0, 1.5, Decimal(2), "1000", fractions.Fraction(2), None],
    )
    def test_non_integers_are_type_errors(self, value: object) -> None:
        """Shares are whole numbers: floats, Decimals, text and bools are refused."""
        with pytest.raises(ShareCountTypeError) as raised:
            coerce_shares(value, "shares")
        assert isinstance(raised.value, TypeError)
        refused(raised, field="shares", value=value, rule=NOT_WHOLE_SHARES)

    @pytest.mark.parametrize(
        ("value", "minimum", "rule"),
        [
            (0, 1, MUST_BE_POSITIVE),
            (-1, 1, MUST_BE_POSITIVE),
            (-1, 0, at_least(0)),
            (-1, 5, at_least(5)),
            (MAX_SHARES + 1, 1, OVER_MAX_SHARES),
            (np.int64(-3), 1, MUST_BE_POSITIVE),
        ],
    )
    def test_out_of_range_counts_are_value_errors(
        self, value: object, minimum: int, rule: str
    ) -> None:
        """Counts below the minimum or above a signed 64-bit integer are refused."""
        with pytest.raises(InvalidShareCountError) as raised:
            coerce_shares(value, "shares", minimum=minimum)
        refused(raised, field="shares", value=value, rule=rule)


class TestCurrencies:
    @pytest.mark.parametrize(
        ("code", "digits"),
        [
            ("USD", 2),
            ("usd", 2),
            ("JPY", 0),
            ("KWD", 3),
            ("CLF", 4),
            # Added to ISO 4217 lately: the Arab Accounting Dinar, Zimbabwe Gold, the
            # Caribbean guilder.
            ("XAD", 2),
            ("ZWG", 2),
            ("XCG", 2),
            # Withdrawn lately, kept for the grants made in them.
            ("HRK", 2),
            ("SLL", 2),
            ("ZWL", 2),
            ("ANG", 2),
        ],
    )
    def test_minor_units(self, code: str, digits: int) -> None:
        """Each currency rounds to its ISO 4217 minor unit; codes are case-insensitive."""
        assert MINOR_UNIT_QUANTA[coerce_currency(code)] == Decimal((0, (1,), -digits))

    @pytest.mark.parametrize("value", ["XAU", "XXX", "US", "DOLLARS", "", "$"])
    def test_unknown_codes(self, value: str) -> None:
        """Codes without a decimal minor unit, or no code at all, are refused."""
        with pytest.raises(InvalidCurrencyError) as raised:
            coerce_currency(value)
        refused(raised, field="currency", value=value, rule=UNKNOWN_CURRENCY)

    def test_non_text(self) -> None:
        """A currency must be text."""
        with pytest.raises(OptionTypeError) as raised:
            coerce_currency(840)  # type: ignore[arg-type]
        refused(raised, field="currency", value=840, rule=CURRENCY_NOT_TEXT)


class TestRounding:
    @pytest.mark.parametrize(
        ("exact", "rounding", "cash"),
        [
            ("0.125", decimal.ROUND_HALF_UP, "0.13"),
            ("0.125", decimal.ROUND_HALF_EVEN, "0.12"),
            ("0.125", decimal.ROUND_HALF_DOWN, "0.12"),
            ("0.121", decimal.ROUND_UP, "0.13"),
            ("0.129", decimal.ROUND_DOWN, "0.12"),
            ("0.121", decimal.ROUND_CEILING, "0.13"),
            ("0.129", decimal.ROUND_FLOOR, "0.12"),
            ("0.151", decimal.ROUND_05UP, "0.16"),
            ("0.125", None, "0.125"),
            ("130000.00", None, "130000.00"),
            ("0.004", decimal.ROUND_HALF_UP, "0.00"),
        ],
    )
    def test_modes(self, exact: str, rounding: str | None, cash: str) -> None:
        """Cash is rounded once, to cents, in the mode asked for; None keeps it exact."""
        assert str(to_cash(Decimal(exact), "USD", rounding, "cost")) == cash

    def test_never_negative_zero(self) -> None:
        """No result ever prints as -0.00."""
        assert str(to_cash(Decimal("-0.001"), "USD", decimal.ROUND_HALF_UP, "cost")) == "0.00"
        assert str(to_cash(Decimal("-0"), "USD", None, "cost")) == "0"

    @pytest.mark.parametrize("mode", [*ROUNDING_MODES, None])
    def test_known_modes_pass(self, mode: str | None) -> None:
        """Every decimal rounding mode, and None, is accepted."""
        assert check_rounding(mode) == mode

    @pytest.mark.parametrize(
        ("spelled", "mode"),
        [
            ("round_half_up", decimal.ROUND_HALF_UP),
            ("Round Half Even", decimal.ROUND_HALF_EVEN),
            ("round-05up", decimal.ROUND_05UP),
        ],
    )
    def test_modes_read_as_choices(self, spelled: str, mode: str) -> None:
        """A mode is read as any choice is: in any case, hyphens or spaces for underscores."""
        assert check_rounding(spelled) == mode
        assert check_rounding_mode(spelled, "price_rounding") == mode

    @pytest.mark.parametrize("value", ["HALF_UP", "round half  up", 2, [], float("nan")])
    def test_unknown_modes(self, value: object) -> None:
        """Anything else is refused, unhashable values included."""
        with pytest.raises(InvalidChoiceError) as raised:
            check_rounding(value)
        refused(raised, field="rounding", value=value, rule=rounding_mode_rule("None (exact) or "))

    def test_modes_only(self) -> None:
        """Where exactness is not an option, None is refused too, and the field is named."""
        assert check_rounding_mode(decimal.ROUND_UP, "price_rounding") == decimal.ROUND_UP
        with pytest.raises(InvalidChoiceError) as raised:
            check_rounding_mode(None, "price_rounding")
        refused(raised, field="price_rounding", value=None, rule=rounding_mode_rule())

    def test_cash_too_long(self) -> None:
        """A cash amount with more digits than the context holds is refused, not rounded."""
        exact = Decimal("9" * PRECISION)
        with pytest.raises(PrecisionError) as raised:
            to_cash(exact, "USD", decimal.ROUND_HALF_UP, "cost")
        refused(raised, field="cost", value=exact, rule=RESULT_TOO_LONG)


class TestRoundingToAStep:
    """``round_to_step``: rational values to whole steps, as decimal would round them."""

    @given(
        st.integers(0, 10**12),
        st.integers(0, 8),
        st.sampled_from(["0.01", "0.0001", "1", "0.05", "0.25"]),
        st.sampled_from(ROUNDING_MODES),
    )
    @example(125, 3, "0.01", decimal.ROUND_HALF_EVEN)
    @example(135, 3, "0.01", decimal.ROUND_HALF_EVEN)
    @example(151, 3, "0.01", decimal.ROUND_05UP)
    @example(141, 3, "0.01", decimal.ROUND_05UP)
    def test_agrees_with_decimal(self, units: int, places: int, step: str, mode: str) -> None:
        """On values decimal can hold, every mode rounds exactly as ``quantize`` would."""
        wide = decimal.Context(prec=100, traps=[decimal.InvalidOperation])
        value = Decimal(units).scaleb(-places, context=wide)
        quantum = Decimal(step)
        expected = wide.divide(value, quantum).quantize(Decimal(1), rounding=mode, context=wide)
        assert round_to_step(fractions.Fraction(value), quantum, mode) == int(expected)

    @pytest.mark.parametrize(
        ("mode", "steps"),
        [
            (decimal.ROUND_DOWN, 866),
            (decimal.ROUND_FLOOR, 866),
            (decimal.ROUND_UP, 867),
            (decimal.ROUND_CEILING, 867),
            (decimal.ROUND_HALF_UP, 867),
            (decimal.ROUND_HALF_DOWN, 867),
            (decimal.ROUND_HALF_EVEN, 867),
            (decimal.ROUND_05UP, 866),
        ],
    )
    def test_values_decimal_cannot_hold(self, mode: str, steps: int) -> None:
        """0.26 / 3 = 0.08666... rounds to 0.0866 or 0.0867, with no decimal digits lost."""
        assert round_to_step(fractions.Fraction(26, 300), Decimal("0.0001"), mode) == steps

    @given(st.fractions(min_value=0, max_value=10**9), st.sampled_from(ROUNDING_MODES))
    def test_within_one_step(self, value: fractions.Fraction, mode: str) -> None:
        """The result is one of the two whole steps around the value."""
        steps = round_to_step(value, Decimal("0.01"), mode)
        assert abs(steps - value * 100) < 1


class TestExactArithmetic:
    def test_sum(self) -> None:
        """Sums are exact, and too-long sums are refused."""
        assert str(add(Decimal("0.10"), Decimal("0.005"), field="total")) == "0.105"
        assert add(field="total") == 0
        amounts = (Decimal("1E+60"), Decimal("1E-60"))
        with pytest.raises(PrecisionError) as raised:
            add(*amounts, field="total")
        refused(raised, field="total", value=amounts, rule=RESULT_TOO_LONG)

    @pytest.mark.parametrize(
        ("amount", "currency", "whole"),
        [("0.13", "USD", True), ("0.135", "USD", False), ("7", "JPY", True), ("7.5", "JPY", False)],
    )
    def test_whole_minor_units(self, amount: str, currency: str, whole: bool) -> None:  # noqa: FBT001
        """Whether an amount is payable in the currency's minor unit."""
        assert is_cash(Decimal(amount), currency) is whole

    def test_product_too_long(self) -> None:
        """A product too large to be exact is refused, never silently rounded."""
        price = Decimal("1." + "3" * 40)
        with pytest.raises(PrecisionError) as raised:
            multiply(price, MAX_SHARES, "exercise_cost")
        assert isinstance(raised.value.__cause__, decimal.Inexact)
        refused(raised, field="exercise_cost", value=(price, MAX_SHARES), rule=RESULT_TOO_LONG)

    def test_difference_too_long(self) -> None:
        """A difference too long to be exact is refused too."""
        operands = (Decimal("1E+40"), Decimal("1E-20"))
        with pytest.raises(PrecisionError) as raised:
            subtract(*operands, "spread")
        refused(raised, field="spread", value=operands, rule=RESULT_TOO_LONG)

    @given(prices(max_places=20, max_units=10**20), st.integers(0, MAX_SHARES))
    @example(Decimal("0.13"), 1_000_000)
    def test_products_are_exact(self, price: Decimal, count: int) -> None:
        """Within the precision, products equal the rational product exactly."""
        product = multiply(price, count, "cost")
        assert fractions.Fraction(product) == fractions.Fraction(price) * count

    def test_private_context_is_wide(self) -> None:
        """The library's context is its own, wide, and traps inexact results."""
        assert EXACT.prec == PRECISION
        assert EXACT.traps[decimal.Inexact]


class TestFormatting:
    @pytest.mark.parametrize(
        ("amount", "currency", "shown"),
        [
            ("130000.00", "USD", "USD 130,000.00"),
            ("0.5", "USD", "USD 0.50"),
            ("0.0867", "USD", "USD 0.0867"),
            ("1000", "JPY", "JPY 1,000"),
            ("0", "USD", "USD 0.00"),
            ("0.0000001", "USD", "USD 0.0000001"),  # once "USD 1e-7" under capitals=0
            ("1E+3", "KWD", "KWD 1,000.000"),
            ("1" * 50, "USD", f"USD {int('1' * 50):,}.00"),  # once InvalidOperation
        ],
    )
    def test_display(self, amount: str, currency: str, shown: str) -> None:
        """Amounts show at least the minor unit's digits, and never lose one."""
        assert format_amount(Decimal(amount), currency) == shown
