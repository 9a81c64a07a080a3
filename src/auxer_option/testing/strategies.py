"""Hypothesis strategies for option grants, for your own property tests.

Install with the ``hypothesis`` extra (``pip install "auxer-option[hypothesis]"``). Every
strategy builds its values constructively, never by filtering, so none can run dry, and
every valid value can come up: 29 February, month ends, sub-cent prices, one share and the
largest share count. Arguments are keyword-only; bad ones raise
``hypothesis.errors.InvalidArgument`` when the strategy is first drawn from.

Hypothesis finds these strategies by itself through its entry point, so in a project
that installs the extra, ``st.from_type(OptionGrant)`` and ``st.builds(...)`` need no
set-up:

>>> from hypothesis import given, strategies as st
>>> from auxer_option import OptionGrant, exercise_cost
>>> @given(st.from_type(OptionGrant))
... def test_cost_is_never_negative(grant):
...     assert exercise_cost(grant) >= 0
>>> test_cost_is_never_negative()
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from auxer_option._adjust import adjust_for_split
from auxer_option._exercise import exercise, net_exercise, sell_to_cover
from auxer_option._grant import OptionGrant, history
from auxer_option._history import latest_event
from auxer_option._market import FairMarketValues
from auxer_option._money import EXACT, MAX_SHARES, MINOR_UNIT_QUANTA
from auxer_option._records import Exercise
from auxer_option._terms import Term, days_in_month
from auxer_option._text import plain, written_repr
from auxer_option._vesting import AllocationType, VestingDayOfMonth, VestingSchedule
from auxer_option._window import BusinessDayRoll, ExpiryReading, expiration_from_term
from auxer_option.exceptions import (
    InconsistentGrantError,
    InsufficientProceedsError,
    InvalidDateError,
)

__all__ = [
    "any_vesting_schedules",
    "cash_amounts",
    "exercise_dates",
    "exercise_records",
    "fair_market_values",
    "grants_with_history",
    "option_grants",
    "prices_above",
    "share_counts",
    "share_prices",
    "terms",
    "vesting_schedules",
]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, days_in_month(year, month))


_LEAP_YEARS: Final = [year for year in range(1904, 2200, 4) if calendar.isleap(year)]


# Grants in this range leave room for any term ``terms()`` draws by default. Month ends and
# 29 February, where date arithmetic goes wrong, come up often, not once in a few hundred.
_GRANT_DATES = st.one_of(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)),
    st.builds(_month_end, st.integers(1900, 2199), st.integers(1, 12)),
    st.builds(lambda year: dt.date(year, 2, 29), st.sampled_from(_LEAP_YEARS)),
)
_ZONES = (None, "America/New_York", "UTC", "Asia/Tokyo")
_CURRENCIES = ("USD", "EUR", "JPY", "KWD")


def _whole(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(f"{name}={value!r} must be an int")
    if not low <= value <= high:
        raise InvalidArgument(f"{name}={value!r} must be from {low} to {high}")
    return value


def _strategy(name: str, value: object) -> None:
    if value is not None and not isinstance(value, st.SearchStrategy):
        raise InvalidArgument(f"{name}={value!r} must be a strategy (or None for the default)")


def share_counts(*, min_value: int = 1, max_value: int = MAX_SHARES) -> st.SearchStrategy[int]:
    """Whole share counts from ``min_value`` to ``max_value``, the two ends drawn often.

    >>> from hypothesis import find
    >>> find(share_counts(), lambda shares: shares > 10**18)  # the largest comes up
    9223372036854775807
    """

    def build() -> st.SearchStrategy[int]:
        low = _whole("min_value", min_value, 1, MAX_SHARES)
        high = _whole("max_value", max_value, 1, MAX_SHARES)
        if low > high:
            raise InvalidArgument(f"min_value={low} must not exceed max_value={high}")
        return st.one_of(
            st.sampled_from(sorted({low, high})),
            st.integers(min_value=low, max_value=min(high, max(low, 10**7))),
            st.integers(min_value=low, max_value=high),
        )

    return st.deferred(build)


def share_prices(
    *, min_value: Decimal | int | str = 0, max_value: Decimal | int | str = 10**9, places: int = 6
) -> st.SearchStrategy[Decimal]:
    """Prices from ``min_value`` to ``max_value`` with up to ``places`` decimals.

    Zero, sub-cent prices and every way of writing one (``0.13``, ``0.130``) come up.

    >>> from hypothesis import find
    >>> find(share_prices(max_value="0.99", places=4), lambda price: 0 < price < Decimal("0.01"))
    Decimal('0.0001')
    """

    def build() -> st.SearchStrategy[Decimal]:
        digits = _whole("places", places, 0, 20)
        quantum = Decimal(1).scaleb(-digits, EXACT)
        low, high = (
            _price(name, value, digits)
            for name, value in (("min_value", min_value), ("max_value", max_value))
        )
        if low > high:
            raise InvalidArgument(f"min_value={plain(low)} must not exceed max_value={plain(high)}")
        units = st.integers(int(EXACT.divide(low, quantum)), int(EXACT.divide(high, quantum)))
        return st.builds(_written, units, st.just(digits), st.integers(0, digits))

    return st.deferred(build)


def _price(name: str, value: object, places: int) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise InvalidArgument(
            f"{name}={written_repr(value)} must be a Decimal, an int or numeric text"
        )
    try:
        number = EXACT.create_decimal(value)
    except ArithmeticError as error:
        raise InvalidArgument(f"{name}={written_repr(value)} is not a number") from error
    if not number.is_finite() or number < 0 or number.adjusted() > 20:  # noqa: PLR2004
        raise InvalidArgument(f"{name}={written_repr(value)} must be from 0 to 10**20")
    if -number.as_tuple().exponent > places:  # type: ignore[operator]
        raise InvalidArgument(
            f"{name}={written_repr(value)} has more than places={places} decimals"
        )
    return number


def _written(units: int, places: int, strip: int) -> Decimal:
    """``units`` of 10**-places, written with up to ``strip`` of its trailing zeros dropped."""
    while strip and places and units % 10 == 0:
        units, places, strip = units // 10, places - 1, strip - 1
    return Decimal(units).scaleb(-places, EXACT)


def fair_market_values(
    *,
    min_date: dt.date = dt.date(1990, 1, 1),
    max_date: dt.date = dt.date(2060, 12, 31),
    max_size: int = 8,
    max_value: Decimal | int | str = 10**4,
) -> st.SearchStrategy[FairMarketValues]:
    """Tables of a share's fair market values: one to ``max_size`` rows, each on its own day.

    The values come from :func:`share_prices` up to ``max_value``, zero included; the dates
    from ``min_date`` to ``max_date``, in any order.

    >>> from hypothesis import find
    >>> len(find(fair_market_values(), lambda table: len(table) > 2))
    3
    """

    def build() -> st.SearchStrategy[FairMarketValues]:
        size = _whole("max_size", max_size, 1, 10_000)
        days = st.lists(st.dates(min_date, max_date), min_size=1, max_size=size, unique=True)
        return days.flatmap(
            lambda chosen: st.builds(
                FairMarketValues,
                st.lists(
                    share_prices(max_value=max_value),
                    min_size=len(chosen),
                    max_size=len(chosen),
                ).map(lambda values: list(zip(chosen, values, strict=True))),
            )
        )

    return st.deferred(build)


def terms(*, max_years: int = 30) -> st.SearchStrategy[Term]:
    """Terms with any mix of years (to ``max_years``), months, weeks and days; zero included.

    >>> from hypothesis import find
    >>> find(terms(), lambda term: term.months and term.days)
    Term(months=1, days=1)
    """

    def build() -> st.SearchStrategy[Term]:
        years = _whole("max_years", max_years, 0, 1_000)
        return st.builds(
            Term,
            years=st.integers(0, years),
            months=st.integers(0, 24),
            weeks=st.integers(0, 60),
            days=st.integers(0, 400),
        )

    return st.deferred(build)


_all_terms = terms  # option_grants() takes a strategy named terms; this is the default


def option_grants(
    *,
    grant_dates: st.SearchStrategy[dt.date] | None = None,
    shares: st.SearchStrategy[int] | None = None,
    exercise_prices: st.SearchStrategy[Decimal] | None = None,
    terms: st.SearchStrategy[Term] | None = None,
) -> st.SearchStrategy[OptionGrant]:
    """Grants stated with a term or an expiration date, with any window conventions.

    Each argument is a strategy for that part (defaults: grant dates 1900 to 2199,
    :func:`share_counts`, :func:`share_prices`, :func:`terms`); the currency, time zone,
    cutoff, holidays, business-day roll and expiry reading are drawn too.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(option_grants(shares=st.just(1_000)))
    ... def test_window_is_not_empty(grant):
    ...     assert grant.shares == 1_000
    ...     assert grant.first_exercise_date <= grant.last_exercise_date
    >>> test_window_is_not_empty()
    """
    for name, value in (
        ("grant_dates", grant_dates),
        ("shares", shares),
        ("exercise_prices", exercise_prices),
        ("terms", terms),
    ):
        _strategy(name, value)
    parts = (
        _GRANT_DATES if grant_dates is None else grant_dates,
        share_counts() if shares is None else shares,
        share_prices() if exercise_prices is None else exercise_prices,
        _all_terms() if terms is None else terms,
    )
    return st.deferred(lambda: _grants(*parts))


@st.composite
def _grants(
    draw: st.DrawFn,
    grant_dates: st.SearchStrategy[dt.date],
    shares: st.SearchStrategy[int],
    exercise_prices: st.SearchStrategy[Decimal],
    term_lengths: st.SearchStrategy[Term],
) -> OptionGrant:
    grant_date = draw(grant_dates)
    term = draw(term_lengths)
    reading = draw(st.sampled_from(ExpiryReading))
    try:
        # A "less one day" reading needs a term of at least a day: pad it constructively.
        if reading is ExpiryReading.LESS_ONE_DAY and grant_date + term == grant_date:
            term = Term(days=1)
        expiration = expiration_from_term(grant_date, term, reading)
    except InvalidDateError:  # past 9999-12-31: the grant expires on its grant date instead
        term, reading = Term(), ExpiryReading.CORRESPONDING_DATE
        expiration = grant_date
    stated_with_term = draw(st.booleans())
    zone = draw(st.sampled_from(_ZONES))
    fields: dict[str, Any] = {
        "term": term if stated_with_term else None,
        "expiration_date": None if stated_with_term else expiration,
        "expiry_reading": reading if stated_with_term else ExpiryReading.CORRESPONDING_DATE,
        "expiry_day_included": draw(st.booleans()) if expiration > grant_date else True,
        "currency": draw(st.sampled_from(_CURRENCIES)),
        "time_zone": zone,
        "cutoff_time": None if zone is None else draw(st.none() | st.times()),
        "holidays": draw(
            st.frozensets(
                st.dates(_shifted(expiration, -7), _shifted(expiration, 7)),
                max_size=5,
            )
        ),
    }
    count = draw(shares)
    price = draw(exercise_prices)
    roll = draw(st.sampled_from(BusinessDayRoll))
    try:
        return OptionGrant(grant_date, count, price, business_day_roll=roll, **fields)
    except (InconsistentGrantError, InvalidDateError):
        # Rolling back to a business day can fall before the grant date (an empty window),
        # or forward past 9999-12-31; the grant is then drawn without the roll.
        return OptionGrant(grant_date, count, price, **fields)


def _shifted(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, stopping at the calendar's ends."""
    ordinal = day.toordinal() + days
    return dt.date.fromordinal(min(max(ordinal, 1), dt.date.max.toordinal()))


def exercise_dates(grant: OptionGrant) -> st.SearchStrategy[dt.date]:
    """Days on which ``grant`` can next be exercised: in its window, not before its history.

    Its history is its exercises, adjustments, accelerations and any termination.

    >>> from hypothesis import find
    >>> from auxer_option import AUXER_1999
    >>> find(exercise_dates(AUXER_1999), lambda day: day.month == 10)  # the last day is in
    datetime.date(1999, 10, 1)
    """
    if not isinstance(grant, OptionGrant):
        raise InvalidArgument(f"grant={grant!r} must be an OptionGrant")
    event = latest_event(history(grant))
    dated = [a.date for a in grant.accelerations] + ([] if event is None else [event[1]])
    if grant.termination is not None:
        dated.append(grant.termination.date)
    first = min(max([grant.first_exercise_date, *dated]), grant.last_exercise_date)
    return st.dates(min_value=first, max_value=grant.last_exercise_date)


def vesting_schedules(*, shares: int, start: dt.date) -> st.SearchStrategy[VestingSchedule]:
    """Schedules for a grant of ``shares``: immediate, graded or tranches near ``start``.

    >>> from hypothesis import find
    >>> graded = find(vesting_schedules(shares=48_000, start=dt.date(2024, 1, 31)),
    ...               lambda schedule: schedule.cliff)
    >>> graded.cliff, sum(shares for _, shares in graded.installments(48_000))
    (1, 48000)
    """

    def build() -> st.SearchStrategy[VestingSchedule]:
        total = _whole("shares", shares, 1, MAX_SHARES)
        if not isinstance(start, dt.date) or isinstance(start, dt.datetime):
            raise InvalidArgument(f"start={start!r} must be a datetime.date")
        # Schedules start within 400 days of ``start`` and run at most about nine years,
        # which must end before 9999-12-31.
        latest = min(_shifted(start, 400), dt.date(9980, 12, 31))
        first = min(_shifted(start, -400), latest)
        return st.one_of(
            st.just(VestingSchedule.immediate()),
            _graded(first, latest),
            _tranches(total, first, latest),
        )

    return st.deferred(build)


@st.composite
def _graded(draw: st.DrawFn, first: dt.date, last: dt.date) -> VestingSchedule:
    every = draw(st.sampled_from([1, 1, 3, 6, 12]))
    months = every * draw(st.integers(1, 60 // every))
    return VestingSchedule.graded(
        draw(st.dates(first, last)),
        months=months,
        every=every,
        cliff=draw(st.integers(0, months)),
        day_of_month=draw(st.sampled_from(VestingDayOfMonth)),
        allocation=draw(st.sampled_from(AllocationType)),
    )


@st.composite
def _tranches(draw: st.DrawFn, total: int, first: dt.date, last: dt.date) -> VestingSchedule:
    count = draw(st.integers(1, min(total, 8)))
    # Cut [0, total] at count - 1 distinct points: every tranche gets at least one share.
    cuts = (
        sorted(draw(st.sets(st.integers(1, total - 1), min_size=count - 1, max_size=count - 1)))
        if count > 1
        else []
    )
    bounds = [0, *cuts, total]
    span = (last - first).days + 2400
    offsets = sorted(draw(st.sets(st.integers(0, span), min_size=count, max_size=count)))
    return VestingSchedule.tranches(
        (first + dt.timedelta(days=offset), high - low)
        for offset, low, high in zip(offsets, bounds, bounds[1:], strict=False)
    )


def grants_with_history(*, max_events: int = 6) -> st.SearchStrategy[OptionGrant]:
    """Grants with a valid history: cash, net and sell-to-cover exercises, and splits.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(grants_with_history(max_events=3))
    ... def test_shares_are_conserved(grant):
    ...     assert 0 <= grant.outstanding_shares
    ...     assert len(grant.exercises) + len(grant.adjustments) <= 3
    >>> test_shares_are_conserved()
    """

    def build() -> st.SearchStrategy[OptionGrant]:
        events = _whole("max_events", max_events, 0, 100)
        return _with_history(events)

    return st.deferred(build)


@st.composite
def _with_history(draw: st.DrawFn, max_events: int) -> OptionGrant:
    grant = draw(option_grants(shares=share_counts(max_value=10**9)))
    for _ in range(draw(st.integers(0, max_events))):
        grant = _one_event(draw, grant)
    return grant


def _one_event(draw: st.DrawFn, grant: OptionGrant) -> OptionGrant:
    kind = draw(st.sampled_from([*_EXERCISE_KINDS, "split"]))
    if kind == "split":
        on = None if draw(st.booleans()) else draw(exercise_dates(grant))
        ratio = draw(st.builds(Fraction, st.integers(1, 20), st.integers(1, 20)))
        return adjust_for_split(grant, ratio, on=on)
    if grant.outstanding_shares == 0:
        return grant
    return _exercised(draw, grant, kind)[0]


def _exercised(draw: st.DrawFn, grant: OptionGrant, kind: str) -> tuple[OptionGrant, Exercise]:
    """An exercise of ``grant`` (which has shares outstanding), paid as ``kind`` says."""
    on = draw(exercise_dates(grant))
    count = draw(st.integers(1, grant.outstanding_shares))
    if kind == "cash":
        return exercise(grant, count, on)
    market = draw(prices_above(grant.adjusted_exercise_price))
    if kind == "net":
        return net_exercise(grant, count, on, market)
    fees = draw(cash_amounts(grant.currency))
    rate = draw(st.sampled_from(["0", "0.22", "0.37", "1"]))
    try:
        return sell_to_cover(grant, count, on, market, withholding_rate=rate, fees=fees)
    except InsufficientProceedsError:
        # Rounded cost, tax and fees can exceed what every share sells for. The exact cost
        # alone never does (the market price is above the exercise price): sell for that.
        return sell_to_cover(grant, count, on, market, rounding=None)


def prices_above(price: Decimal) -> st.SearchStrategy[Decimal]:
    """Prices strictly above ``price``, by a sub-cent to a large premium.

    >>> from hypothesis import find
    >>> find(prices_above(Decimal("0.13")), lambda price: price < Decimal("0.14"))  # sub-cent
    Decimal('0.131')
    """
    return st.builds(
        lambda units, places: EXACT.add(price, Decimal(units).scaleb(-places, EXACT)),
        st.integers(1, 10**6),
        st.integers(0, 6),
    )


def cash_amounts(currency: str, *, max_units: int = 10**6) -> st.SearchStrategy[Decimal]:
    """Cash in ``currency``: whole minor units (cents, yen, fils), zero included.

    >>> from hypothesis import find
    >>> find(cash_amounts("KWD"), lambda cash: cash > 0)  # fils: three decimals
    Decimal('0.001')
    """
    quantum = MINOR_UNIT_QUANTA.get(currency)
    if quantum is None:
        raise InvalidArgument(f"currency={currency!r} is not a currency the library rounds")
    return st.builds(lambda units: EXACT.multiply(quantum, units), st.integers(0, max_units))


def exercise_records() -> st.SearchStrategy[Exercise]:
    """Exercise records, each made by exercising a drawn grant (cash, net or sell-to-cover).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(exercise_records())
    ... def test_cost_is_shares_times_price(record):
    ...     assert record.cost >= 0 and record.shares >= 1
    >>> test_cost_is_shares_times_price()
    """
    return st.deferred(_records)


@st.composite
def _records(draw: st.DrawFn) -> Exercise:
    grant = draw(option_grants(shares=share_counts(max_value=10**9)))
    return _exercised(draw, grant, draw(st.sampled_from(_EXERCISE_KINDS)))[1]


# How an exercise is paid, as the strategies draw it: in cash, net, or by a sale.
_EXERCISE_KINDS: Final = ("cash", "net", "sale")


def any_vesting_schedules() -> st.SearchStrategy[VestingSchedule]:
    """Vesting schedules for any grant size and start: what ``st.from_type`` draws.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(any_vesting_schedules())
    ... def test_schedules(schedule):
    ...     assert schedule.is_immediate or schedule.start or schedule.explicit_tranches
    >>> test_schedules()
    """
    return st.tuples(share_counts(max_value=10**6), _GRANT_DATES).flatmap(
        lambda drawn: vesting_schedules(shares=drawn[0], start=drawn[1])
    )
