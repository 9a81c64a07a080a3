"""Binomial trees: American and European options, and employee options (Hull-White).

Both run on a Cox-Ross-Rubinstein tree in binary floating point (see
:mod:`auxer_option._trees`): the inputs are read exactly as :func:`black_scholes` reads
them (:func:`~auxer_option._inputs.model_input`), converted once to doubles, and every
figure comes back as a ``Decimal`` of :data:`SIGNIFICANT_DIGITS` significant digits. The
tree's own error, which shrinks about as ``1/steps``, is far larger than its rounding;
the Greeks, differences of the values at neighbouring nodes, keep fewer digits where
those values are much larger than their difference (deep in the money).

A tree is only built where its probabilities are probabilities: the drift of a step,
``(r − q)Δt``, must not exceed its spread ``σ√Δt``. With fewer steps than that needs, the
steps are refused, saying how many would do, rather than the tree silently reshaped.
"""

from __future__ import annotations

import math
import numbers
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final

import attrs

from auxer_option._choices import check_flag
from auxer_option._grant import OptionGrant, vesting_timeline
from auxer_option._inputs import (
    DAYS_PER_YEAR,
    MAX_PRICE,
    MAX_RATE,
    MAX_VOLATILITY,
    MAX_YEARS,
    OptionKind,
    figure,
    inputs_text,
    model_input,
    option_kind,
)
from auxer_option._money import (
    ZERO,
    Amount,
    Estimate,
    canonical,
    fraction_decimal,
    to_cash,
)
from auxer_option._pickling import RebuiltByConstructor
from auxer_option._records import repr_without_none
from auxer_option._tables import Row, Shown
from auxer_option._text import plain
from auxer_option._trees import branches, employee_tree, listed_tree
from auxer_option._vesting import Shares
from auxer_option.exceptions import (
    InvalidAmountError,
    InvalidModelError,
    InvalidRateError,
    InvalidTermError,
    OptionTypeError,
)

if TYPE_CHECKING:
    import datetime as dt

__all__ = [
    "DEFAULT_STEPS",
    "MAX_STEPS",
    "BinomialValuation",
    "EmployeeOptionValue",
    "LatticeValuation",
    "binomial",
    "employee_option_value",
]

#: The steps :func:`binomial` takes unless told: about 0.03 s in pure Python, and within
#: about 1e-3 of the tree's limit for an at-the-money option on a $50 share.
DEFAULT_STEPS: Final = 500
#: The fewest steps of :func:`binomial`: delta is read at step 1, gamma and theta at step 2.
MIN_STEPS: Final = 2
#: The most steps of any tree: 10,000 take about 10 s (the time grows as their square).
MAX_STEPS: Final = 10_000
#: The highest exit rate: 100% a year, so that ``exit_rate × Δt`` is a probability.
MAX_EXIT_RATE: Final = 1
#: The highest exercise multiple: any higher is never reached, and means "never early".
MAX_MULTIPLE: Final = MAX_PRICE

# The rules trees are refused by, each written once here; those with a value in them are
# templates, filled in with str.format.
#: Steps that are not a whole number.
STEPS_NOT_WHOLE: Final = "must be a whole number (an int)"
#: Steps outside their range: a template of ``low``.
STEPS_RANGE: Final = "must be from {low} to " + f"{MAX_STEPS:,}"
#: Steps a year that make more than :data:`MAX_STEPS` in all: a template of ``years``.
TOO_MANY_STEPS: Final = (
    f"makes more than the {MAX_STEPS:,} steps a tree may take" + " over {years} years"
)
#: Too few steps for the drift: a template of ``least`` (with its unit).
TOO_FEW_STEPS: Final = (
    "is too few: over longer steps the drift (rate less yield) outruns the volatility and "
    "the tree's probabilities leave 0 to 1; it takes at least {least}"
)
#: No volatility, or too little for any tree of at most :data:`MAX_STEPS` steps.
NO_BRANCHING: Final = (
    f"is too small for a tree of at most {MAX_STEPS:,} steps: its steps would not branch, "
    "or the drift (rate less yield) would outrun it"
)
#: No time to expiry: nothing for a tree to branch over.
NO_TIME: Final = "must be positive: at expiry the option is worth its intrinsic value, no tree"
#: A zero spot: every price in a tree is a multiple of it.
ZERO_SPOT: Final = "must be positive: every price in a tree is a multiple of it"
#: Vesting after expiry: a template of ``years``.
VESTS_AFTER_EXPIRY: Final = "must not be after the option expires, in {years} years"


@attrs.frozen(repr=False, getstate_setstate=False)
class BinomialValuation(RebuiltByConstructor, Shown):
    """A binomial tree's value per share, its Greeks, and the inputs that gave them.

    ``value`` is never negative. ``delta`` and ``gamma`` are by the spot (per 1.00 of it),
    read from the tree's first nodes: delta from the two of step 1, gamma from the three of
    step 2; ``theta`` is per year of calendar time, ``(V_ud − V)/(2Δt)``, the middle node
    of step 2 being at the spot's own price. Each is a ``Decimal`` of at most
    :data:`SIGNIFICANT_DIGITS` significant digits.

    >>> v = binomial(spot=50, strike=50, years="0.4166666666666667", volatility="0.4",
    ...              risk_free_rate="0.1", kind="put", steps=5)
    >>> f"{v.value:.2f}", f"{v.delta:.2f}"
    ('4.49', '-0.41')
    """

    value: Decimal
    delta: Decimal
    gamma: Decimal
    theta: Decimal
    kind: OptionKind
    american: bool
    steps: int
    spot: Decimal
    strike: Decimal
    years: Decimal
    volatility: Decimal
    risk_free_rate: Decimal
    dividend_yield: Decimal

    def __repr__(self) -> str:
        return repr_without_none(self)

    def _summary(self) -> tuple[str, list[Row]]:
        exercise = "an American" if self.american else "a European"
        rows = [("Value", f"{plain(self.value)} a share")]
        rows += [
            (name.capitalize(), plain(getattr(self, name))) for name in ("delta", "gamma", "theta")
        ]
        rows.append(("Inputs", inputs_text(self) + f", {self.steps:,} steps"))
        return f"Binomial value of {exercise} {self.kind.value}", rows


@attrs.frozen(repr=False, getstate_setstate=False)
class EmployeeOptionValue(RebuiltByConstructor, Shown):
    """An employee option's Hull-White value per share, the term it implies, and its inputs.

    ``expected_term`` is the expected time in years, from the valuation date, until the
    option is exercised, forfeited or lapses, under the risk-neutral probabilities of the
    tree (as Hull and White compute it). ``shares`` is set where the value is one tranche
    of a grant (see :func:`fair_value`).

    >>> v = employee_option_value(spot=50, strike=50, years=10, volatility="0.35",
    ...     risk_free_rate="0.05", dividend_yield="0.025", vesting_years=3, exit_rate="0.1",
    ...     exercise_multiple=3, steps_per_year=25, exercisable_at_vesting=False)
    >>> f"{v.value:.4f}"
    '13.5275'
    """

    value: Decimal
    expected_term: Decimal
    spot: Decimal
    strike: Decimal
    years: Decimal
    volatility: Decimal
    risk_free_rate: Decimal
    dividend_yield: Decimal
    vesting_years: Decimal
    exit_rate: Decimal
    exercise_multiple: Decimal
    steps_per_year: int
    exercisable_at_vesting: bool
    shares: Shares | None = None

    def __repr__(self) -> str:
        return repr_without_none(self)

    def _summary(self) -> tuple[str, list[Row]]:
        rows = [("Value", f"{plain(self.value)} a share")]
        if self.shares is not None:
            rows.append(("Shares", f"{self.shares:,}"))
        rows += [
            ("Expected term", f"{plain(self.expected_term)} years"),
            ("Inputs", inputs_text(self)),
            (
                "Employee",
                (
                    f"vests in {plain(self.vesting_years)} years, exit rate "
                    f"{plain(self.exit_rate)}, exercises at {plain(self.exercise_multiple)} "
                    f"times the strike, {self.steps_per_year:,} steps a year"
                ),
            ),
        ]
        return "Hull-White value of an employee option", rows


@attrs.frozen(repr=False, getstate_setstate=False)
class LatticeValuation(RebuiltByConstructor, Shown):
    """What a grant is worth by the Hull-White lattice: per share, in total, and by tranche.

    :func:`fair_value` with ``model="lattice"`` values each vesting tranche on its own
    tree, with its own vesting time, and weights them by their shares: ``value`` and
    ``expected_term`` are those weighted means, ``total`` is ``value × shares`` rounded to
    the currency's minor unit (``None`` rounding: exact), and ``tranches`` holds each
    tranche's own :class:`EmployeeOptionValue`, its ``shares`` set, earliest first.

    >>> from auxer_option import OptionGrant, VestingSchedule, fair_value
    >>> grant = OptionGrant("2024-01-01", 4_000, "10.00", term="10 years",
    ...     vesting=VestingSchedule.parse("4 years, annually", start="2024-01-01"))
    >>> v = fair_value(grant, on="2024-01-01", spot="10.00", volatility="0.35",
    ...     risk_free_rate="0.04", model="lattice", exit_rate="0.1",
    ...     exercise_multiple="2.5", steps_per_year=20)
    >>> [tranche.shares for tranche in v.tranches], v.total
    ([1000, 1000, 1000, 1000], Decimal('13169.25'))
    """

    value: Decimal
    expected_term: Decimal
    shares: Shares
    total: Decimal
    tranches: tuple[EmployeeOptionValue, ...]

    def __repr__(self) -> str:
        return repr_without_none(self)

    def _summary(self) -> tuple[str, list[Row]]:
        rows = [
            ("Value", f"{plain(self.value)} a share"),
            ("Total", f"{plain(self.total, grouped=True)} for {self.shares:,} shares"),
            ("Expected term", f"{plain(self.expected_term)} years"),
        ]
        rows += [
            (
                f"Tranche {index}",
                (
                    f"{tranche.shares:,} shares vesting in {plain(tranche.vesting_years)} "
                    f"years: {plain(tranche.value)} a share, "
                    f"expected term {plain(tranche.expected_term)} years"
                ),
            )
            for index, tranche in enumerate(self.tranches, 1)
        ]
        return "Hull-White lattice value of a grant", rows


# A tree's market inputs: each as a Decimal and as a double.
_Market = tuple[tuple[Decimal, float], ...]


def _market(  # noqa: PLR0917  (the option's terms, in black_scholes's order)
    spot: object,
    strike: object,
    years: object,
    volatility: object,
    risk_free_rate: object,
    dividend_yield: object,
) -> _Market:
    """The market inputs, read as :func:`black_scholes` reads them.

    The spot and the time must also be positive: a tree has nothing to branch from.
    """
    read = (
        model_input(spot, "spot", 0, MAX_PRICE, InvalidAmountError, money=True),
        model_input(strike, "strike", 0, MAX_PRICE, InvalidAmountError, money=True),
        model_input(years, "years", 0, MAX_YEARS, InvalidTermError),
        model_input(volatility, "volatility", 0, MAX_VOLATILITY, InvalidRateError),
        model_input(risk_free_rate, "risk_free_rate", -MAX_RATE, MAX_RATE, InvalidRateError),
        model_input(dividend_yield, "dividend_yield", -MAX_RATE, MAX_RATE, InvalidRateError),
    )
    if read[0][1] == 0.0:
        raise InvalidAmountError("spot", spot, ZERO_SPOT)
    if read[2][1] == 0.0:
        raise InvalidTermError("years", years, NO_TIME)
    return read


def _whole_steps(value: object, field: str) -> int:
    """``value`` as an int: any ``numbers.Integral`` but ``bool``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise OptionTypeError(field, value, STEPS_NOT_WHOLE)
    return int(value)


def _check_branching(  # noqa: PLR0917  (the tree's shape, and what to name)
    years: float,
    volatility: float,
    rate: float,
    dividend: float,
    steps: int,
    field: str,
    given: object,
    volatility_given: object,
    *,
    per_year: bool,
) -> None:
    """Refuse a tree whose probabilities are not probabilities, naming what would do."""
    if branches(years, volatility, rate, dividend, steps):
        return
    # |μ|Δt ≤ σ√Δt, with Δt = T/n, holds from n = T((r − q)/σ)² on (and σ√Δt > 0).
    if volatility * math.sqrt(years / MAX_STEPS) == 0.0:
        raise InvalidRateError("volatility", volatility_given, NO_BRANCHING)
    ratio = (rate - dividend) / volatility
    least_steps = years * ratio * ratio  # never ** 2: that raises where the product is inf
    if not least_steps <= MAX_STEPS:
        raise InvalidRateError("volatility", volatility_given, NO_BRANCHING)
    least = max(steps + 1, math.ceil(least_steps))
    while not branches(years, volatility, rate, dividend, least):  # a rounding or two
        least += 1
    if per_year:
        count = math.ceil(least / years)
        text = f"{count:,} steps a year"
    else:
        text = f"{least:,} steps"
    raise InvalidModelError(field, given, TOO_FEW_STEPS.format(least=text))


def binomial(
    *,
    spot: Amount,
    strike: Amount,
    years: Estimate,
    volatility: Estimate,
    risk_free_rate: Estimate,
    dividend_yield: Estimate = 0,
    kind: OptionKind | str = OptionKind.CALL,
    american: bool = True,
    steps: int = DEFAULT_STEPS,
) -> BinomialValuation:
    """The value, delta, gamma and theta of an American or European option on a binomial tree.

    A Cox-Ross-Rubinstein tree of ``steps`` steps (500 unless told), in binary floating
    point: ``u = e^(σ√Δt)``, ``d = 1/u``, ``p = (e^((r−q)Δt) − d)/(u − d)``. An American
    option is exercised wherever that is worth more than holding it; a European one only
    at expiry, and then converges to :func:`black_scholes` as the steps grow (the error
    shrinks about as ``1/steps``). The inputs are read as :func:`black_scholes` reads them;
    the spot, the time and the volatility must be positive. Delta, gamma and theta are read
    from the tree's first nodes (see :class:`BinomialValuation`). Time O(steps²), memory
    O(steps).

    >>> v = binomial(spot=42, strike=40, years="0.5", volatility="0.2",
    ...              risk_free_rate="0.1", american=False, steps=2000)
    >>> f"{v.value:.3f}"
    '4.760'

    Raises:
        OptionTypeError: for ``steps`` that is not an int, or ``american`` not a bool.
        InvalidModelError: for ``steps`` outside 2 to 10,000, or too few for the drift.
        InvalidRateError: for a volatility of 0 (or too small for a step to branch).
        InvalidAmountError: for a zero spot.
        InvalidTermError: for ``years=0``.
        OptionError: the errors of :func:`black_scholes`, for the other inputs.
    """
    option = option_kind(kind)
    check_flag(american, "american")
    count = _whole_steps(steps, "steps")
    if not MIN_STEPS <= count <= MAX_STEPS:
        raise InvalidModelError("steps", steps, STEPS_RANGE.format(low=MIN_STEPS))
    market = _market(spot, strike, years, volatility, risk_free_rate, dividend_yield)
    (spot_d, spot_f), (strike_d, strike_f), (years_d, years_f) = market[:3]
    (volatility_d, volatility_f), (rate_d, rate_f), (yield_d, yield_f) = market[3:]
    _check_branching(
        years_f, volatility_f, rate_f, yield_f, count, "steps", steps, volatility, per_year=False
    )
    value, delta, gamma, theta = listed_tree(
        spot_f,
        strike_f,
        years_f,
        volatility_f,
        rate_f,
        yield_f,
        option is OptionKind.CALL,
        american,
        count,
    )
    return BinomialValuation(
        figure(value),
        figure(delta),
        figure(gamma),
        figure(theta),
        option,
        american,
        count,
        spot_d,
        strike_d,
        years_d,
        volatility_d,
        rate_d,
        yield_d,
    )


def employee_option_value(
    *,
    spot: Amount,
    strike: Amount,
    years: Estimate,
    volatility: Estimate,
    risk_free_rate: Estimate,
    dividend_yield: Estimate = 0,
    vesting_years: Estimate,
    exit_rate: Estimate,
    exercise_multiple: Estimate,
    steps_per_year: int,
    exercisable_at_vesting: bool = True,
) -> EmployeeOptionValue:
    """An employee's call by Hull and White's model (FAJ 2004), and the term it implies.

    On a Cox-Ross-Rubinstein tree of ``ceil(years × steps_per_year)`` equal steps: at each
    node before expiry (the grant's own included) the employee leaves with probability
    ``exit_rate × Δt``; before vesting the option is then forfeited, after it exercised if
    in the money. A vested option is exercised as soon as the share reaches
    ``exercise_multiple × strike``, and at expiry if in the money. A node on the vesting
    date counts as vested unless ``exercisable_at_vesting`` is false (Benninga's
    convention). ``expected_term`` is the expected time to exercise, forfeiture or expiry,
    under the tree's risk-neutral probabilities. Time O(steps²), memory O(steps): 1,000
    steps take about 0.06 s.

    >>> v = employee_option_value(spot=50, strike=50, years=10, volatility="0.3",
    ...     risk_free_rate="0.05", vesting_years=3, exit_rate="0.05",
    ...     exercise_multiple=2, steps_per_year=50)
    >>> f"{v.value:.2f}", f"{v.expected_term:.2f}"
    ('17.98', '6.30')

    Raises:
        OptionTypeError: for ``steps_per_year`` that is not an int, or
            ``exercisable_at_vesting`` not a bool.
        InvalidModelError: for ``steps_per_year`` below 1, making more than 10,000 steps,
            or too few for the drift; for an ``exercise_multiple`` below 1.
        InvalidRateError: for an ``exit_rate`` outside 0 to 1, or a volatility of 0.
        InvalidTermError: for ``vesting_years`` after ``years``, or ``years=0``.
        OptionError: the errors of :func:`binomial`, for the other inputs.
    """
    check_flag(exercisable_at_vesting, "exercisable_at_vesting")
    per_year = _whole_steps(steps_per_year, "steps_per_year")
    if per_year < 1:
        raise InvalidModelError("steps_per_year", steps_per_year, STEPS_RANGE.format(low=1))
    market = _market(spot, strike, years, volatility, risk_free_rate, dividend_yield)
    (spot_d, spot_f), (strike_d, strike_f), (years_d, years_f) = market[:3]
    (volatility_d, volatility_f), (rate_d, rate_f), (yield_d, yield_f) = market[3:]
    vesting_d, _ = model_input(vesting_years, "vesting_years", 0, MAX_YEARS, InvalidTermError)
    if vesting_d > years_d:
        raise InvalidTermError(
            "vesting_years", vesting_years, VESTS_AFTER_EXPIRY.format(years=plain(years_d))
        )
    exit_d, exit_f = model_input(exit_rate, "exit_rate", 0, MAX_EXIT_RATE, InvalidRateError)
    multiple_d, multiple_f = model_input(
        exercise_multiple, "exercise_multiple", 1, MAX_MULTIPLE, InvalidModelError
    )
    # The steps, and the first vested one, exactly: Δt = T/n never quite divides in doubles.
    exact_years = Fraction(years_d)
    total = math.ceil(exact_years * per_year)
    if total > MAX_STEPS:
        raise InvalidModelError(
            "steps_per_year",
            steps_per_year,
            TOO_MANY_STEPS.format(years=plain(years_d)),
        )
    _check_branching(
        years_f,
        volatility_f,
        rate_f,
        yield_f,
        total,
        "steps_per_year",
        steps_per_year,
        volatility,
        per_year=True,
    )
    vesting_step = Fraction(vesting_d) * total / exact_years  # where step i is i·T/n
    if exercisable_at_vesting:
        first_vested = math.ceil(vesting_step)
    else:
        first_vested = math.floor(vesting_step) + 1
    value, life = employee_tree(
        spot_f,
        strike_f,
        years_f,
        volatility_f,
        rate_f,
        yield_f,
        total,
        first_vested,
        exit_f,
        multiple_f,
    )
    return EmployeeOptionValue(
        figure(value),
        figure(life),
        spot_d,
        strike_d,
        years_d,
        volatility_d,
        rate_d,
        yield_d,
        vesting_d,
        exit_d,
        multiple_d,
        per_year,
        exercisable_at_vesting,
    )


def lattice_fair_value(
    grant: OptionGrant,
    day: dt.date,
    years: Decimal,
    rounding: str | None,
    *,
    spot: Amount,
    volatility: Estimate,
    risk_free_rate: Estimate,
    dividend_yield: Estimate,
    exit_rate: Estimate,
    exercise_multiple: Estimate,
    steps_per_year: int,
) -> LatticeValuation:
    """:func:`fair_value` of ``grant`` on ``day`` by the lattice, ``years`` (positive) left.

    A tranche is the shares that vest on one day (accelerations in, forfeited shares out),
    in the shares in force after any split; the outstanding shares not still to vest (those
    vested by ``day``, less those exercised) are one tranche, vested at once.
    Each is valued on its own tree, its vesting time counted Actual/365 Fixed from ``day``
    as ``years`` is; the value and expected term are their means weighted by shares, and
    ``total`` the sum of each tranche's value times its shares, rounded once. With no
    shares left, the value is that of a vested option, and the total 0. The grant and
    ``day`` are checked by the caller, which passes the grant as it stood on ``day``.
    """
    timeline = vesting_timeline(grant)
    last = grant.last_exercise_date
    # The shares still to vest, by day, as granted (accelerations in, forfeited out), in
    # the shares in force: times each split's ratio since.
    ratio = math.prod((adjustment.ratio for adjustment in grant.adjustments), start=Fraction(1))
    before = timeline.vested(day)
    later: list[tuple[Fraction, Fraction]] = []
    for event in timeline.event_dates():
        now = timeline.vested(event)
        if event <= day or now == before:
            continue
        if event > last:
            rule = VESTS_AFTER_EXPIRY.format(years=plain(years))
            raise InvalidTermError("vesting", grant.vesting, rule)
        later.append((Fraction((event - day).days, DAYS_PER_YEAR), (now - before) * ratio))
        before = now
    # What is outstanding and not still to vest has vested: one tranche, vested at once.
    vested = grant.outstanding_shares - sum((shares for _, shares in later), Fraction(0))
    tranches = ([(Fraction(0), vested)] if vested > 0 else []) + later

    def value(vesting: Fraction) -> EmployeeOptionValue:
        return employee_option_value(
            spot=spot,
            strike=grant.adjusted_exercise_price,
            years=years,
            volatility=volatility,
            risk_free_rate=risk_free_rate,
            dividend_yield=dividend_yield,
            vesting_years=fraction_decimal(vesting),
            exit_rate=exit_rate,
            exercise_multiple=exercise_multiple,
            steps_per_year=steps_per_year,
        )

    if not tranches:
        alone = value(Fraction(0))
        return LatticeValuation(alone.value, alone.expected_term, 0, ZERO, ())
    valued = tuple(
        attrs.evolve(value(vesting), shares=_whole(shares)) for vesting, shares in tranches
    )
    shares = sum((Fraction(tranche.shares or 0) for tranche in valued), Fraction(0))
    worth = sum((Fraction(t.value) * Fraction(t.shares or 0) for t in valued), Fraction(0))
    term = sum((Fraction(t.expected_term) * Fraction(t.shares or 0) for t in valued), Fraction(0))
    exact = fraction_decimal(worth)
    total = (
        canonical(exact, "total")
        if rounding is None
        else to_cash(exact, grant.currency, rounding, "total")
    )
    return LatticeValuation(
        figure(float(worth / shares)), figure(float(term / shares)), _whole(shares), total, valued
    )


def _whole(shares: Fraction) -> Shares:
    """``shares`` as an int when it is whole, so that only true fractions are Fractions."""
    return int(shares) if shares.denominator == 1 else shares
