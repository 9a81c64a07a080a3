"""What an option is worth: Black-Scholes-Merton values, Greeks, implied volatility, terms.

The model runs in binary floating point (see :mod:`auxer_option._blackscholes`): inputs
are exact ``Decimal`` values converted once to the nearest double, and results come back
as ``Decimal`` rounded half-even to :data:`SIGNIFICANT_DIGITS` significant digits, all
of them correct to within 1e-12 of the exact value. The model is an estimate; the digits
only say that the arithmetic added no error of its own.
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, Literal, cast, overload

import attrs

from auxer_option._blackscholes import (
    SMALL_HALF_VOLATILITY,
    THETA_CANCELLATION,
    THETA_NEGLIGIBLE,
    evaluate,
    normalized_otm,
    normalized_vega,
    precise_theta,
)
from auxer_option._choices import Choice
from auxer_option._grant import OptionGrant, as_of, check_grant, vesting_timeline
from auxer_option._inputs import (
    DAYS_PER_YEAR,
    FIGURE_FORMAT,
    MAX_PRICE,
    MAX_RATE,
    MAX_VOLATILITY,
    MAX_YEARS,
    SHORT_INPUT,
    SIGNIFICANT_DIGITS,
    OptionKind,
    inputs_text,
    model_input,
    option_kind,
    read_inputs,
)
from auxer_option._inputs import figure as _decimal
from auxer_option._lattice import LatticeValuation, lattice_fair_value
from auxer_option._market import MarketValue, market_value
from auxer_option._money import (
    DEFAULT_ROUNDING,
    EXACT,
    ROUNDING,
    ZERO,
    Amount,
    Estimate,
    check_rounding,
    fraction_decimal,
    multiply,
    to_cash,
)
from auxer_option._pickling import RebuiltByConstructor
from auxer_option._records import repr_without_none
from auxer_option._tables import Row, Shown
from auxer_option._terms import DateLike, coerce_date
from auxer_option._text import plain
from auxer_option._vesting import Shares
from auxer_option.exceptions import (
    ExerciseWindowError,
    InvalidAmountError,
    InvalidDateError,
    InvalidModelError,
    InvalidRateError,
    InvalidTermError,
    OptionTypeError,
)

__all__ = [
    "SIGNIFICANT_DIGITS",
    "OptionKind",
    "Valuation",
    "ValuationModel",
    "black_scholes",
    "fair_value",
    "implied_volatility",
    "simplified_expected_term",
]

# The rules valuations are refused by, each written once here; those with a value in them
# are templates, filled in with str.format.
#: A valuation date before the grant date: a template of ``grant_date``.
BEFORE_THE_GRANT: Final = "must not be before the grant date, {grant_date}"
#: A valuation date after the last exercise date: a template of ``last``.
AFTER_THE_LAST_DAY: Final = "is after the last exercise date, {last}: the option has expired"
#: An expected term longer than the time left: a template of ``days``, ``years`` and ``last``.
LONGER_THAN_LEFT: Final = "must not exceed the {days} days ({years} years) left to {last}"
#: No time to expiry, where a volatility is to be implied.
NO_TIME_LEFT: Final = "must be positive: at expiry no volatility is implied"
#: A zero spot or strike, where a volatility is to be implied.
NOTHING_TO_IMPLY: Final = "must be positive: then no volatility is implied"
#: A price at or above the upper no-arbitrage bound: a template of ``bound``.
AT_INFINITE_VOLATILITY: Final = "must be below {bound}, the value at infinite volatility"
#: A price below the lower no-arbitrage bound: a template of ``bound``.
BELOW_INTRINSIC: Final = "must be at least {bound}, the discounted forward intrinsic value"
#: A price that only a volatility beyond :data:`MAX_VOLATILITY` would give.
VOLATILITY_TOO_HIGH: Final = f"implies a volatility above {MAX_VOLATILITY} (1,000%)"
#: No vesting tranche at all.
NO_TRANCHE: Final = "must name at least one tranche"
#: A tranche vesting after the contractual term: a template of ``years``.
AFTER_THE_TERM: Final = "must not be after the contractual term of {years} years"
#: A contractual term given with a grant, which has its own.
THE_GRANTS_OWN_TERM: Final = "must not be given with a grant: its own term is used"
#: Vesting times given without a contractual term.
NEEDS_A_TERM: Final = "must be given with vesting times: the option's term in years"
#: A lattice input left out where the lattice model is chosen.
NEEDS_LATTICE_INPUT: Final = 'must be given with model="lattice"'
#: A lattice input given to the Black-Scholes model, which would ignore it.
LATTICE_INPUT_ONLY: Final = 'is an input of the lattice model only: pass model="lattice"'
#: An expected term given to the lattice, which implies its own.
TERM_OF_THE_LATTICE: Final = "must not be given with the lattice model: the tree implies its own"
#: The last exercise date, where the lattice is chosen: a tree needs time to branch.
NO_TIME_FOR_A_TREE: Final = (
    "is the last exercise date: no time is left for a tree (Black-Scholes gives the "
    "intrinsic value)"
)
#: A grant terminated before any of its shares vested: all forfeited, none to exercise.
NOTHING_VESTS: Final = (
    "must come after some shares vest: every share was forfeited, so none can be exercised"
)

# OptionKind.CALL, read once: an enum member read from its class costs a lookup each time.
_CALL: Final = OptionKind.CALL
# ln(spot/strike) near 1: (spot − strike)/strike with digits to spare before the double.
_RATIO: Final = ROUNDING.copy()
_RATIO.prec = 34
# Writing a huge result out in plain digits (1.5e+20 -> 150000000000000000000).
_WIDE: Final = ROUNDING.copy()
_WIDE.prec = 400
_IMPLIED_ITERATIONS: Final = 100
# black_scholes' common case (see there). The ranges as doubles, which they are exactly:
# a float is compared with a float the quickest.
_MAX_PRICE: Final = float(MAX_PRICE)
_MAX_YEARS: Final = float(MAX_YEARS)
_MAX_VOLATILITY: Final = float(MAX_VOLATILITY)
_MAX_RATE: Final = float(MAX_RATE)
_MIN_RATE: Final = -_MAX_RATE
# format() of a float, without the builtin's dispatch to it.
_WRITE: Final = float.__format__
# Below this size a figure rounded to SIGNIFICANT_DIGITS stays below 10**14, which is
# where format() starts to write an exponent (99,999,999,999,999.5, exactly a double).
_WRITTEN_OUT: Final = 10.0**SIGNIFICANT_DIGITS - 0.5
# Below this total volatility σ√T (the kernel's Taylor series), ln(spot/strike) is taken
# from the exact decimals.
_SMALL_VOLATILITY: Final = 2.0 * SMALL_HALF_VOLATILITY
# Half a unit in the last of SIGNIFICANT_DIGITS digits, relative: a price that close to
# a bound is on it (a price rounded as the library rounds can land a hair beyond one).
_PRICE_SLACK: Final = 0.5 * 10.0 ** (1 - SIGNIFICANT_DIGITS)
_PRICE_BAND: Final = Decimal((0, (5,), -SIGNIFICANT_DIGITS))  # the same, as a Decimal
# The present values of share and strike: 40 digits, far beyond the 14 of a price.
_BOUNDS: Final = ROUNDING.copy()
_BOUNDS.prec = 40
# Sums and differences of given numbers, exact whatever their lengths (only ever adds).
_EXACT_SUM: Final = decimal.Context(
    prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[]
)


class _ValuationSlots:
    """A valuation's storage, without the freezing: :func:`black_scholes` fills one in.

    A frozen attrs class stores each of its fifteen fields through ``object.__setattr__``,
    which costs more than the model's arithmetic. :class:`Valuation` adds no slots of its
    own, so a filled-in ``_ValuationSlots`` becomes one by changing its class. Valuation has
    no converters or validators, so both build the same record; ``test_valuation`` holds
    them to it.
    """

    __slots__ = (
        "__weakref__",
        "delta",
        "dividend_yield",
        "gamma",
        "kind",
        "rho",
        "risk_free_rate",
        "shares",
        "spot",
        "strike",
        "theta",
        "total",
        "value",
        "vega",
        "volatility",
        "years",
    )


@attrs.frozen(repr=False, getstate_setstate=False)
class Valuation(_ValuationSlots, RebuiltByConstructor, Shown):
    """A Black-Scholes-Merton value per share, its Greeks and the inputs that gave them.

    Every computed field is a ``Decimal`` of at most :data:`SIGNIFICANT_DIGITS`
    significant digits. ``value`` is never negative. The Greeks are derivatives of
    ``value``: ``delta`` and ``gamma`` by the spot (per 1.00 of it), ``vega`` by the
    volatility per 1.00 (divide by 100 for one volatility point), ``theta`` by the passing
    of one year of calendar time (divide by 365 for a day), ``rho`` by the risk-free rate
    per 1.00 (divide by 100 for a point). Where the payoff has a kink and no uncertainty
    is left (at expiry, or with zero volatility, exactly at the money), ``gamma`` is
    ``Infinity`` and, at expiry, ``theta`` is ``-Infinity``: their limits.

    :func:`fair_value` also fills ``shares`` (those outstanding) and ``total``, the
    value of them all in the grant's currency, rounded to its minor unit.

    >>> v = black_scholes(spot=42, strike=40, years="0.5", volatility="0.2",
    ...                   risk_free_rate="0.1")
    >>> v.value, v.delta
    (Decimal('4.7594223928715'), Decimal('0.77913129094267'))
    """

    value: Decimal
    delta: Decimal
    gamma: Decimal
    vega: Decimal
    theta: Decimal
    rho: Decimal
    kind: OptionKind
    spot: Decimal
    strike: Decimal
    years: Decimal
    volatility: Decimal
    risk_free_rate: Decimal
    dividend_yield: Decimal
    shares: int | None = None
    total: Decimal | None = None

    def __repr__(self) -> str:
        return repr_without_none(self)

    def _summary(self) -> tuple[str, list[Row]]:
        rows = [("Value", f"{plain(self.value)} a share")]
        if self.total is not None:
            total = plain(self.total, grouped=True)
            rows.append(("Total", f"{total} for {self.shares:,} shares"))
        rows += [
            (name.capitalize(), plain(getattr(self, name)))
            for name in ("delta", "gamma", "vega", "theta", "rho")
        ]
        rows.append(("Inputs", inputs_text(self)))
        return f"Black-Scholes value of a {self.kind.value}", rows


def _new_valuation(  # noqa: PLR0917  (Valuation's own fields, in its order)
    value: Decimal,
    delta: Decimal,
    gamma: Decimal,
    vega: Decimal,
    theta: Decimal,
    rho: Decimal,
    kind: OptionKind,
    spot: Decimal,
    strike: Decimal,
    years: Decimal,
    volatility: Decimal,
    risk_free_rate: Decimal,
    dividend_yield: Decimal,
) -> Valuation:
    """``Valuation(value, …, dividend_yield)``, filled in as ``_ValuationSlots`` (see there)."""
    return _filled(
        (value, delta, gamma, vega, theta, rho),
        kind,
        (spot, strike, years, volatility, risk_free_rate, dividend_yield),
    )


def _filled(
    figures: tuple[Decimal, ...], kind: OptionKind, inputs: tuple[Decimal, ...]
) -> Valuation:
    """:func:`_new_valuation` of the six ``figures``, ``kind`` and the six ``inputs``."""
    valuation: Any = _ValuationSlots()  # its storage, being filled in
    (
        valuation.value,
        valuation.delta,
        valuation.gamma,
        valuation.vega,
        valuation.theta,
        valuation.rho,
    ) = figures
    valuation.kind = kind
    (
        valuation.spot,
        valuation.strike,
        valuation.years,
        valuation.volatility,
        valuation.risk_free_rate,
        valuation.dividend_yield,
    ) = inputs
    valuation.shares = None
    valuation.total = None
    valuation.__class__ = Valuation
    return cast("Valuation", valuation)


def black_scholes(
    *,
    spot: Amount,
    strike: Amount,
    years: Estimate,
    volatility: Estimate,
    risk_free_rate: Estimate,
    dividend_yield: Estimate = 0,
    kind: OptionKind | str = OptionKind.CALL,
) -> Valuation:
    """The Black-Scholes-Merton value and Greeks of a European option on one share.

    ``years`` is the time to expiry; ``volatility``, ``risk_free_rate`` and
    ``dividend_yield`` are annual and continuously compounded, written as fractions
    (``"0.45"`` for 45%). At ``years=0`` the value is the intrinsic value, exactly.
    ``spot`` and ``strike`` are money: a ``Decimal``, an int or a numeric string. The
    other four are estimates: a ``float`` is taken there too, read as its shortest repr
    (``0.2`` is ``Decimal("0.2")``), and a ``Fraction``, exactly (or to 28 significant
    digits, when its decimals never end or take more than 50 digits).

    >>> v = black_scholes(spot=42, strike=40, years="0.5", volatility="0.2",
    ...                   risk_free_rate="0.1", kind="put")
    >>> f"{v.value:.6f}", v.delta
    ('0.808599', Decimal('-0.22086870905733'))

    Raises:
        AmountTypeError: for a ``float`` or ``Fraction`` spot or strike, or anything that
            is not a number.
        InvalidAmountError: for a negative, non-finite or huge (over 10**15) spot or strike.
        InvalidTermError: for ``years`` outside 0 to 100.
        InvalidRateError: for ``volatility`` outside 0 to 10 (1,000%), or a rate or yield
            outside −1 to 1.
        InvalidChoiceError: for a ``kind`` other than ``"call"`` or ``"put"``.
    """
    option = kind if kind is _CALL else option_kind(kind)
    dividend = ZERO if type(dividend_yield) is int and dividend_yield == 0 else dividend_yield
    # The common case in one go: six Decimals that model_input would take as they are, and
    # six figures that figure() would write as format() does, their tests made at once
    # rather than six times over (they cost more than the model). Everything else takes
    # the general path, _valued; TestQuickPath holds the two to the same records.
    if (
        type(spot) is Decimal
        and type(strike) is Decimal
        and type(years) is Decimal
        and type(volatility) is Decimal
        and type(risk_free_rate) is Decimal
        and type(dividend) is Decimal
    ):
        spot_t, strike_t, years_t = str(spot), str(strike), str(years)
        volatility_t, rate_t = str(volatility), str(risk_free_rate)
        dividend_t = "0" if dividend is ZERO else str(dividend)  # the default: no yield
        joined = f"{spot_t}{strike_t}{years_t}{volatility_t}{rate_t}{dividend_t}"
        try:
            spot_f, strike_f, years_f = float(spot_t), float(strike_t), float(years_t)
            volatility_f, rate_f = float(volatility_t), float(rate_t)
            dividend_f = 0.0 if dividend is ZERO else float(dividend_t)
        except ValueError:  # a signaling NaN, or a NaN with a diagnostic: model_input refuses it
            joined = "+"
        # In range and not zero (the yield's default aside), no positive exponent to write
        # out, a text too short for too many places (the six together no longer than one
        # may be), and a total volatility for which a double's ln(spot/strike) is enough.
        if (
            "+" not in joined
            and len(joined) <= SHORT_INPUT
            and 0.0 < spot_f <= _MAX_PRICE
            and 0.0 < strike_f <= _MAX_PRICE
            and 0.0 < years_f <= _MAX_YEARS
            and 0.0 < volatility_f <= _MAX_VOLATILITY
            and _MIN_RATE <= rate_f <= _MAX_RATE
            and rate_f != 0.0
            and _MIN_RATE <= dividend_f <= _MAX_RATE
            and (dividend_f != 0.0 or dividend is ZERO)
            and volatility_f * math.sqrt(years_f) >= _SMALL_VOLATILITY
            and (ratio := spot_f / strike_f) > 0.0
        ):
            value, delta, gamma, vega, theta, rho, theta_scale = evaluate(
                spot_f,
                strike_f,
                years_f,
                volatility_f,
                rate_f,
                dividend_f,
                option is _CALL,
                math.log(ratio),
            )
            # Theta kept, and figures with no zero (a -0 is written 0) and none so large
            # that format() writes an exponent (1.5e+20 is written out): the sum of the
            # squares bounds each at once, and an overflow or a NaN fails it.
            if (
                (abs(theta) >= THETA_CANCELLATION * theta_scale or theta_scale <= THETA_NEGLIGIBLE)
                and value * value
                + delta * delta
                + gamma * gamma
                + vega * vega
                + theta * theta
                + rho * rho
                < _WRITTEN_OUT * _WRITTEN_OUT
                and 0.0 not in (value, delta, gamma, vega, theta, rho)
            ):
                valuation: Any = _ValuationSlots()  # as _filled fills it, without the tuples
                valuation.value = Decimal(_WRITE(value, FIGURE_FORMAT))
                valuation.delta = Decimal(_WRITE(delta, FIGURE_FORMAT))
                valuation.gamma = Decimal(_WRITE(gamma, FIGURE_FORMAT))
                valuation.vega = Decimal(_WRITE(vega, FIGURE_FORMAT))
                valuation.theta = Decimal(_WRITE(theta, FIGURE_FORMAT))
                valuation.rho = Decimal(_WRITE(rho, FIGURE_FORMAT))
                valuation.kind = option
                valuation.spot = spot
                valuation.strike = strike
                valuation.years = years
                valuation.volatility = volatility
                valuation.risk_free_rate = risk_free_rate
                valuation.dividend_yield = dividend
                valuation.shares = valuation.total = None
                valuation.__class__ = Valuation
                return cast("Valuation", valuation)
    return _valued(spot, strike, years, volatility, risk_free_rate, dividend_yield, option)


def _valued(  # noqa: PLR0917  (black_scholes' inputs, in its order)
    spot: object,
    strike: object,
    years: object,
    volatility: object,
    rate: object,
    dividend: object,
    option: OptionKind,
) -> Valuation:
    """:func:`black_scholes`, each input read by model_input and each figure by figure."""
    inputs, floats = read_inputs(spot, strike, years, volatility, rate, dividend)
    spot_d, strike_d, years_d, volatility_d, rate_d, yield_d = inputs
    spot_f, strike_f, years_f, volatility_f, rate_f, yield_f = floats
    is_call = option is _CALL
    log_ratio = _log_ratio(spot_d, strike_d, spot_f, strike_f, volatility_f * math.sqrt(years_f))
    value, delta, gamma, vega, theta, rho, theta_scale = evaluate(
        spot_f, strike_f, years_f, volatility_f, rate_f, yield_f, is_call, log_ratio
    )
    if abs(theta) < THETA_CANCELLATION * theta_scale and theta_scale > THETA_NEGLIGIBLE:
        theta = precise_theta(
            spot_d, strike_d, years_d, volatility_d, rate_d, yield_d, is_call, theta_scale
        )
    written = tuple(map(_decimal, (value, delta, gamma, vega, theta, rho)))
    if years_f == 0.0:  # at expiry the value is the intrinsic value, exact
        written = (_intrinsic(spot_d, strike_d, is_call, value), *written[1:])
    return _filled(written, option, inputs)


class ValuationModel(Choice):
    """How :func:`fair_value` values a grant: Black-Scholes-Merton, or the Hull-White lattice.

    >>> ValuationModel("Black-Scholes"), ValuationModel("lattice")
    (ValuationModel.BLACK_SCHOLES, ValuationModel.LATTICE)
    """

    BLACK_SCHOLES = "black_scholes"
    LATTICE = "lattice"


@overload
def fair_value(
    grant: OptionGrant,
    *,
    on: DateLike,
    spot: MarketValue,
    volatility: Estimate,
    risk_free_rate: Estimate,
    dividend_yield: Estimate = 0,
    expected_term: Estimate | None = None,
    rounding: str | None = DEFAULT_ROUNDING,
) -> Valuation: ...


@overload
def fair_value(
    grant: OptionGrant,
    *,
    on: DateLike,
    spot: MarketValue,
    volatility: Estimate,
    risk_free_rate: Estimate,
    dividend_yield: Estimate = 0,
    expected_term: Estimate | None = None,
    rounding: str | None = DEFAULT_ROUNDING,
    model: Literal["black_scholes", ValuationModel.BLACK_SCHOLES],
) -> Valuation: ...


@overload
def fair_value(
    grant: OptionGrant,
    *,
    on: DateLike,
    spot: MarketValue,
    volatility: Estimate,
    risk_free_rate: Estimate,
    dividend_yield: Estimate = 0,
    rounding: str | None = DEFAULT_ROUNDING,
    model: Literal["lattice", ValuationModel.LATTICE],
    exit_rate: Estimate,
    exercise_multiple: Estimate,
    steps_per_year: int,
) -> LatticeValuation: ...


@overload
def fair_value(
    grant: OptionGrant,
    *,
    on: DateLike,
    spot: MarketValue,
    volatility: Estimate,
    risk_free_rate: Estimate,
    dividend_yield: Estimate = 0,
    expected_term: Estimate | None = None,
    rounding: str | None = DEFAULT_ROUNDING,
    model: ValuationModel | str,
    exit_rate: Estimate | None = None,
    exercise_multiple: Estimate | None = None,
    steps_per_year: int | None = None,
) -> Valuation | LatticeValuation: ...


def fair_value(
    grant: OptionGrant,
    *,
    on: DateLike,
    spot: MarketValue,
    volatility: Estimate,
    risk_free_rate: Estimate,
    dividend_yield: Estimate = 0,
    expected_term: Estimate | None = None,
    rounding: str | None = DEFAULT_ROUNDING,
    model: ValuationModel | str = ValuationModel.BLACK_SCHOLES,
    exit_rate: Estimate | None = None,
    exercise_multiple: Estimate | None = None,
    steps_per_year: int | None = None,
) -> Valuation | LatticeValuation:
    """What ``grant`` is worth on ``on``: a call per share and for the outstanding shares.

    The grant is valued as it stood at the end of ``on``: its exercises, split
    adjustments, accelerations and termination dated ``on`` or earlier count, and those
    dated later do not (a termination takes effect at the end of its day). So the strike
    is the exercise price in force on ``on`` (after the splits made by then), the shares
    are those outstanding then, and the time is from ``on`` to the last exercise date
    then in force, counted Actual/365 Fixed (calendar days over 365), unless an
    ``expected_term`` in years is given (see :func:`simplified_expected_term`).
    ``total`` is ``value × outstanding shares``, rounded once to the currency's minor
    unit with ``rounding`` (``None``: exact). As in
    :func:`black_scholes`, the assumptions (volatility, rate, yield, expected term) may be
    floats, read as their shortest repr, or Fractions; the spot is money, or a
    :class:`~auxer_option.FairMarketValues` table, read on ``on``.

    With ``model="lattice"`` the grant is valued by :func:`employee_option_value` instead,
    given ``exit_rate``, ``exercise_multiple`` and ``steps_per_year`` (and no
    ``expected_term``: the tree implies its own). Each vesting tranche still to be exercised
    is valued with its own vesting time, and the result is a :class:`LatticeValuation`,
    its value and expected term the tranches' means weighted by their shares.

    >>> import datetime as dt
    >>> from auxer_option import AUXER_1999
    >>> v = fair_value(AUXER_1999, on=dt.date(1999, 7, 1), spot="0.13",
    ...                volatility="1.00", risk_free_rate="0.05")
    >>> v.years, v.value, v.total
    (Decimal('0.2520547945205479452054794521'), Decimal('0.026427298041783'), Decimal('26427.30'))

    Raises:
        InvalidDateError: for an ``on`` before the grant date.
        ExerciseWindowError: for an ``on`` after the last exercise date (nothing is left
            to value).
        InvalidTermError: for an ``expected_term`` longer than the time left, or given
            with the lattice; for a tranche vesting after the last exercise date.
        InvalidModelError: for a lattice input given to Black-Scholes.
        OptionTypeError: for a lattice input left out of the lattice.
        InvalidChoiceError: for a ``model`` other than these two.
        InvalidDateError, InvalidCurrencyError: for a ``FairMarketValues`` spot with no
            value yet on ``on``, or in another currency than the grant's.
        OptionError: the errors of :func:`black_scholes`, or of
            :func:`employee_option_value`, for the other inputs.
    """
    check_grant(grant)
    mode = check_rounding(rounding)
    chosen = _chosen_model(
        model,
        expected_term,
        exit_rate=exit_rate,
        exercise_multiple=exercise_multiple,
        steps_per_year=steps_per_year,
    )
    day = coerce_date(on, "on")
    if day < grant.grant_date:
        raise InvalidDateError("on", on, BEFORE_THE_GRANT.format(grant_date=grant.grant_date))
    grant = as_of(grant, day)  # the terms in force on the day: later records left out
    last = grant.last_exercise_date
    if day > last:
        raise ExerciseWindowError("on", on, AFTER_THE_LAST_DAY.format(last=last))
    days_left = (last - day).days
    years = fraction_decimal(Fraction(days_left, DAYS_PER_YEAR))
    if chosen is ValuationModel.LATTICE:
        if not days_left:
            raise InvalidDateError("on", on, NO_TIME_FOR_A_TREE)
        return lattice_fair_value(
            grant,
            day,
            years,
            mode,
            spot=market_value(spot, day, "spot", grant.currency),
            volatility=volatility,
            risk_free_rate=risk_free_rate,
            dividend_yield=dividend_yield,
            exit_rate=cast("Estimate", exit_rate),
            exercise_multiple=cast("Estimate", exercise_multiple),
            steps_per_year=cast("int", steps_per_year),
        )
    if expected_term is not None:
        term, _ = model_input(expected_term, "expected_term", 0, MAX_YEARS, InvalidTermError)
        if term > years:
            raise InvalidTermError(
                "expected_term",
                expected_term,
                LONGER_THAN_LEFT.format(days=days_left, years=plain(years), last=last),
            )
        years = term
    valuation = black_scholes(
        spot=market_value(spot, day, "spot", grant.currency),
        strike=grant.adjusted_exercise_price,
        years=years,
        volatility=volatility,
        risk_free_rate=risk_free_rate,
        dividend_yield=dividend_yield,
    )
    shares = grant.outstanding_shares
    exact = multiply(valuation.value, shares, "total")
    # A model value keeps the places of its inputs (up to MAX_INPUT_PLACES), and so does its
    # exact total; the 100 places of the cash rule are for amounts, which are rounded.
    total = exact if mode is None else to_cash(exact, grant.currency, mode, "total")
    return attrs.evolve(valuation, shares=shares, total=total)


def _chosen_model(model: object, expected_term: object, **lattice_inputs: object) -> ValuationModel:
    """The model :func:`fair_value` is asked for, given the inputs it needs and no others."""
    chosen = ValuationModel.coerce(model, "model")
    lattice = chosen is ValuationModel.LATTICE
    for field, given in lattice_inputs.items():
        if lattice and given is None:
            raise OptionTypeError(field, given, NEEDS_LATTICE_INPUT)
        if not lattice and given is not None:
            raise InvalidModelError(field, given, LATTICE_INPUT_ONLY)
    if lattice and expected_term is not None:
        raise InvalidTermError("expected_term", expected_term, TERM_OF_THE_LATTICE)
    return chosen


def implied_volatility(
    price: Amount,
    *,
    spot: Amount,
    strike: Amount,
    years: Estimate,
    risk_free_rate: Estimate,
    dividend_yield: Estimate = 0,
    kind: OptionKind | str = OptionKind.CALL,
) -> Decimal:
    """The volatility at which :func:`black_scholes` gives ``price``.

    The search is bracketed between 0 and 10 (1,000%), so it always ends. A price at
    the lower no-arbitrage bound (the discounted forward intrinsic value) implies 0.
    The bounds come from the exact inputs: without a rate and a yield they are exact
    and compared exactly; otherwise a price within 5e-14 (relative) of one is on it.
    ``price``, ``spot`` and ``strike`` are money (no floats); the time, the rate and the
    yield are estimates, as in :func:`black_scholes`.

    >>> implied_volatility("4.759422392871535", spot=42, strike=40, years="0.5",
    ...                    risk_free_rate="0.1")
    Decimal('0.2')

    Raises:
        InvalidAmountError: for a price outside the no-arbitrage bounds (below the
            discounted forward intrinsic value, or at or above what the option delivers
            at infinite volatility), for a zero spot or strike, and for the errors
            :func:`black_scholes` raises for its inputs.
        InvalidTermError: for ``years=0``: at expiry every volatility gives one price.
        InvalidRateError: for a price that needs more than 1,000% volatility.
    """
    option = OptionKind.coerce(kind, "kind")
    price_d, price_f = model_input(price, "price", 0, MAX_PRICE, InvalidAmountError, money=True)
    spot_d, spot_f = model_input(spot, "spot", 0, MAX_PRICE, InvalidAmountError, money=True)
    strike_d, strike_f = model_input(strike, "strike", 0, MAX_PRICE, InvalidAmountError, money=True)
    years_d, years_f = model_input(years, "years", 0, MAX_YEARS, InvalidTermError)
    rate_d, rate_f = model_input(
        risk_free_rate, "risk_free_rate", -MAX_RATE, MAX_RATE, InvalidRateError
    )
    yield_d, yield_f = model_input(
        dividend_yield, "dividend_yield", -MAX_RATE, MAX_RATE, InvalidRateError
    )
    if years_f == 0.0:
        raise InvalidTermError("years", years, NO_TIME_LEFT)
    for field, given, number in (("spot", spot, spot_f), ("strike", strike, strike_f)):
        if number == 0.0:
            raise InvalidAmountError(field, given, NOTHING_TO_IMPLY)
    # The no-arbitrage bounds, from the exact inputs: the present values of the share and
    # of the strike are exact without a yield or a rate, and otherwise carry 40 digits.
    share = _present_value(spot_d, yield_d, years_d)
    cash = _present_value(strike_d, rate_d, years_d)
    is_call = option is OptionKind.CALL
    forward_intrinsic = (
        _EXACT_SUM.subtract(share, cash) if is_call else _EXACT_SUM.subtract(cash, share)
    )
    lower = max(forward_intrinsic, ZERO)
    upper = share if is_call else cash
    # An exact bound is compared exactly. An irrational one is on a price within 5e-14
    # of it, relative (at least half a unit in the 14th significant digit, the precision
    # of every value the library returns, so that black_scholes at σ = 0 implies 0
    # again); the solver's tolerance at 1,000% is the same.
    band = _BOUNDS.multiply(price_d, _PRICE_BAND)
    upper_is_exact = (yield_d if is_call else rate_d).is_zero()
    if price_d >= _EXACT_SUM.subtract(upper, ZERO if upper_is_exact else band):
        raise InvalidAmountError(
            "price",
            price,
            AT_INFINITE_VOLATILITY.format(bound=_bound(upper, upper_is_exact)),
        )
    lower_is_exact = lower.is_zero() or (yield_d.is_zero() and rate_d.is_zero())
    lower_band = ZERO if lower_is_exact else band
    excess = _EXACT_SUM.subtract(price_d, lower)  # the time value
    if _EXACT_SUM.add(excess, lower_band) < 0:
        raise InvalidAmountError(
            "price",
            price,
            BELOW_INTRINSIC.format(bound=_bound(lower, lower_is_exact)),
        )
    if excess <= lower_band:
        return ZERO
    x = _log_ratio(spot_d, strike_d, spot_f, strike_f, 0.0) + (rate_f - yield_f) * years_f
    # Less its forward intrinsic value, any option is worth what the out-of-the-money one
    # with the same strike is (put-call parity): √(share·cash)·b(−|x|, σ√T).
    scale = math.sqrt(float(share)) * math.sqrt(float(cash))
    target = float(excess) / scale
    if target == 0.0:  # a time value too small for a double to tell from none
        return ZERO
    slack = _PRICE_SLACK * price_f
    highest = MAX_VOLATILITY * math.sqrt(years_f)
    total_volatility = _solve(-abs(x), target, highest, slack / scale, price)
    return _decimal(total_volatility / math.sqrt(years_f))


def _solve(x: float, target: float, highest: float, slack: float, price: object) -> float:
    """The total volatility ``s`` at which ``b(x, s) = target``, at most ``highest``.

    Newton's method on ``ln b``, kept inside a shrinking bracket: a step that would
    leave it is replaced by bisection. A target within ``slack`` above ``b(x, highest)``
    gives ``highest``.
    """
    at_highest = normalized_otm(x, highest)
    if at_highest < target:
        if target - at_highest <= slack:
            return highest
        raise InvalidRateError("price", price, VOLATILITY_TOO_HIGH)
    low, high = 0.0, highest
    # Start where b is steepest in s, s = √(2|x|), or near the money at the ATM slope.
    guess = math.sqrt(2.0 * -x) if x < 0.0 else target * math.sqrt(2.0 * math.pi)
    s = min(max(guess, 1e-8), highest)
    for _ in range(_IMPLIED_ITERATIONS):
        value = normalized_otm(x, s)
        if value > target:
            high = s
        else:
            low = s
        slope = normalized_vega(x, s)
        if value > 0.0 and slope > 0.0:
            step = (math.log(value) - math.log(target)) * value / slope
            following = s - step
        else:
            following = low - 1.0  # force a bisection
        if not low < following < high:
            following = 0.5 * (low + high)
        if abs(following - s) <= 4 * math.ulp(s):
            return following
        s = following
    return s  # pragma: no cover  (Newton and bisection meet long before)


@overload
def simplified_expected_term(grant: OptionGrant, /) -> Decimal: ...


@overload
def simplified_expected_term(
    vesting_years: Estimate | Iterable[Estimate], contractual_years: Estimate
) -> Decimal: ...


def simplified_expected_term(
    vesting_years: OptionGrant | Estimate | Iterable[Estimate],
    contractual_years: Estimate | None = None,
) -> Decimal:
    """The SEC's "simplified" expected term (SAB 107): midway from vesting to expiry.

    ``vesting_years`` is one vesting time (cliff vesting) or the vesting times of equal
    tranches (graded vesting), whose average is used; ``contractual_years`` the term.
    Times are estimates: a ``float`` is read as its shortest repr, a ``Fraction`` exactly.

    Or a grant alone: the days its shares vest on, each weighted by the shares that vest
    on it, and its own term to the last exercise date, all in years from the grant date
    counted Actual/365 Fixed as :func:`fair_value` counts them (so ``fair_value`` on the
    grant date takes the result as its ``expected_term``). Only the shares that will vest
    count: accelerated shares on the day they vest, and none forfeited by a termination
    (whose last exercise date ends the term). A grant vesting at once has half its term.

    The result is computed exactly (a ``Fraction`` as given), then read as a ``Fraction``
    estimate is: exact when its decimal digits end within 50 significant digits,
    otherwise rounded once, half-even, to 28, far more than the model can use.

    >>> simplified_expected_term([1, 2, 3, 4], 10)
    Decimal('6.25')
    >>> from auxer_option import AUXER_1999
    >>> simplified_expected_term(AUXER_1999)   # vested at once: half of 92 days
    Decimal('0.126027397260273972602739726')

    Raises:
        InvalidTermError: for a negative time, no tranches, or a vesting time (or, for a
            grant, a vesting date) after the contractual term; for a grant given with
            ``contractual_years`` (its term is its own), or terminated before any of its
            shares vested.
        OptionTypeError: for vesting times given without ``contractual_years``.
        AmountTypeError: for a time that is not a number.
    """
    if isinstance(vesting_years, OptionGrant):
        if contractual_years is not None:
            raise InvalidTermError("contractual_years", contractual_years, THE_GRANTS_OWN_TERM)
        return _grant_expected_term(vesting_years)
    if contractual_years is None:
        raise OptionTypeError("contractual_years", None, NEEDS_A_TERM)
    contractual, _ = model_input(
        contractual_years, "contractual_years", 0, MAX_YEARS, InvalidTermError
    )
    given: list[object] = (
        list(vesting_years)
        if isinstance(vesting_years, Iterable) and not isinstance(vesting_years, str)
        else [vesting_years]
    )
    if not given:
        raise InvalidTermError("vesting_years", vesting_years, NO_TRANCHE)
    # Exact until the one rounding: a Fraction as given, not as estimate() rounds it.
    exact_contractual = _exact(contractual_years, contractual)
    total = Fraction(0)
    for index, tranche in enumerate(given):
        field = "vesting_years" if len(given) == 1 else f"vesting_years[{index}]"
        time, _ = model_input(tranche, field, 0, MAX_YEARS, InvalidTermError)
        exact = _exact(tranche, time)
        if exact > exact_contractual:
            raise InvalidTermError(
                field,
                tranche,
                AFTER_THE_TERM.format(years=plain(contractual)),
            )
        total += exact
    # (mean vesting time + contractual term) / 2
    return _years(total / len(given) / 2 + exact_contractual / 2)


def _exact(given: object, read: Decimal) -> Fraction:
    """The exact value of ``given``, read as ``read``: a Fraction's own, not its rounding."""
    return given if isinstance(given, Fraction) else Fraction(read)


def _grant_expected_term(grant: OptionGrant) -> Decimal:
    """:func:`simplified_expected_term` of ``grant``'s own schedule and term."""
    check_grant(grant)
    start, last = grant.grant_date, grant.last_exercise_date
    term_days = (last - start).days
    timeline = vesting_timeline(grant)  # accelerations in, forfeited shares out
    weighted_days = Fraction(0)  # the shares vesting on each day × the days to it
    vested: Shares = 0
    for day in timeline.event_dates():
        now = timeline.vested(day)
        if now == vested:
            continue
        if day > last:
            years = fraction_decimal(Fraction(term_days, DAYS_PER_YEAR))
            rule = AFTER_THE_TERM.format(years=plain(years))
            raise InvalidTermError("vesting", grant.vesting, rule)
        weighted_days += max(0, (day - start).days) * Fraction(now - vested)
        vested = now
    if not vested:
        raise InvalidTermError("termination", grant.termination, NOTHING_VESTS)
    # (mean vesting days + term days) / 2 / 365
    return _years((weighted_days / vested + term_days) / (2 * DAYS_PER_YEAR))


def _years(exact: Fraction) -> Decimal:
    """``exact`` years as any estimate given as a Fraction is read, as :func:`_tidy` writes.

    One rule (:func:`fraction_decimal`): the expected term of a Fraction's times is the
    number :func:`black_scholes` reads from the same Fraction.
    """
    return _tidy(fraction_decimal(exact))


def _tidy(term: Decimal) -> Decimal:
    """A term in years as the library writes it: no exponent, no trailing zeros."""
    if term == term.to_integral_value(context=_WIDE):
        return term.quantize(ZERO, context=_WIDE)  # exponent 0: 1E+1 -> 10, 7.0 -> 7
    return term.normalize(_WIDE)  # 6.250 -> 6.25; never rounded (at most PRECISION digits)


def _present_value(amount: Decimal, rate: Decimal, years: Decimal) -> Decimal:
    """``amount·e^(−rate·years)``: ``amount`` itself at a zero rate, else to 40 digits."""
    if rate.is_zero():
        return amount
    discount = _BOUNDS.exp(_BOUNDS.minus(_BOUNDS.multiply(rate, years)))
    return _BOUNDS.multiply(amount, discount)


def _bound(bound: Decimal, is_exact: bool) -> str:  # noqa: FBT001
    """A no-arbitrage bound as a refusal quotes it: exact, or to the digits of a price."""
    return plain(bound if is_exact else _decimal(float(bound)))


def _log_ratio(
    spot: Decimal, strike: Decimal, spot_f: float, strike_f: float, total_volatility: float
) -> float:
    """``ln(spot/strike)``; from the exact decimals near 1 when the volatility is small.

    A small total volatility magnifies an error in this logarithm by ``1/(σ√T)``, and the
    doubles of spot and strike each carry one; their exact difference does not.
    """
    if spot_f == 0.0 or strike_f == 0.0:
        return 0.0  # unused: the option is certain (see evaluate)
    ratio = spot_f / strike_f
    if ratio == 0.0:
        return -math.inf
    if total_volatility >= _SMALL_VOLATILITY or not 0.5 < ratio < 2.0:  # noqa: PLR2004
        return math.log(ratio)
    return math.log1p(float(_RATIO.divide(_RATIO.subtract(spot, strike), strike)))


def _intrinsic(spot: Decimal, strike: Decimal, is_call: bool, value: float) -> Decimal:  # noqa: FBT001
    """At expiry the value is ``max(spot − strike, 0)``, exact.

    Unless that needs more than 50 significant digits (``1E-400`` from ``1E+15``): then it
    is the model's ``value``, rounded like every other.
    """
    try:
        gain = EXACT.subtract(spot, strike) if is_call else EXACT.subtract(strike, spot)
    except decimal.Inexact:
        return _decimal(value)
    # Inputs have no positive exponent and at most MAX_INPUT_PLACES places, so neither has
    # the exact gain: it is written out as it is.
    return gain if gain > 0 else ZERO
