"""Hypothesis strategies for the library's values, built constructively (no filtering)."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
from hypothesis import strategies as st

from auxer_option import (
    AllocationType,
    BusinessDayRoll,
    ExpiryReading,
    OptionGrant,
    Term,
    TerminationReason,
    VestingDayOfMonth,
    VestingSchedule,
    accelerate,
    adjust_for_split,
    exercisable_shares,
    exercise,
    net_exercise,
    sell_to_cover,
    terminate,
    unvested_shares,
)
from auxer_option._history import latest_event
from auxer_option._money import EXACT, MAX_SHARES, MINOR_UNIT_QUANTA
from auxer_option._window import expiration_from_term
from auxer_option.exceptions import InconsistentGrantError, InsufficientProceedsError

# Grants in this range leave room for any term the strategies draw (at most ~60 years).
GRANT_DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31))
ANY_DATES = st.dates()


def share_counts(*, min_value: int = 1, max_value: int = MAX_SHARES) -> st.SearchStrategy[int]:
    """Share counts, with the edges (one share, the largest count) drawn often."""
    return st.one_of(
        st.sampled_from(sorted({min_value, max_value})),
        st.integers(min_value=min_value, max_value=min(max_value, 10**7)),
        st.integers(min_value=min_value, max_value=max_value),
    )


def prices(*, max_places: int = 6, max_units: int = 10**9) -> st.SearchStrategy[Decimal]:
    """Non-negative prices with up to ``max_places`` decimals, sub-cent and zero included."""
    return st.builds(
        lambda units, places: Decimal(f"{units}E-{places}"),
        st.integers(min_value=0, max_value=max_units),
        st.integers(min_value=0, max_value=max_places),
    )


def terms(*, max_years: int = 30) -> st.SearchStrategy[Term]:
    """Terms with any mix of years, months, weeks and days (the zero term included)."""
    return st.builds(
        Term,
        years=st.integers(0, max_years),
        months=st.integers(0, 24),
        weeks=st.integers(0, 60),
        days=st.integers(0, 400),
    )


@st.composite
def option_grants(draw: st.DrawFn, *, shares: st.SearchStrategy[int] | None = None) -> OptionGrant:
    """Grants stated with a term or an expiration date, with any window conventions."""
    grant_date = draw(GRANT_DATES)
    term = draw(terms())
    reading = draw(st.sampled_from(ExpiryReading))
    # A "less one day" reading needs a term of at least a day: pad it constructively.
    if reading is ExpiryReading.LESS_ONE_DAY and grant_date + term == grant_date:
        term = Term(days=1)
    expiration = expiration_from_term(grant_date, term, reading)
    stated_with_term = draw(st.booleans())
    zone = draw(st.sampled_from([None, "America/New_York", "UTC", "Asia/Tokyo"]))
    fields: dict[str, Any] = {
        "term": term if stated_with_term else None,
        "expiration_date": None if stated_with_term else expiration,
        "expiry_reading": reading if stated_with_term else ExpiryReading.CORRESPONDING_DATE,
        "expiry_day_included": draw(st.booleans()) if expiration > grant_date else True,
        "currency": draw(st.sampled_from(["USD", "EUR", "JPY", "KWD"])),
        "time_zone": zone,
        "cutoff_time": None if zone is None else draw(st.none() | st.times()),
        "holidays": draw(
            st.frozensets(
                st.dates(expiration - dt.timedelta(days=7), expiration + dt.timedelta(days=7)),
                max_size=5,
            )
        ),
    }
    count = draw(shares if shares is not None else share_counts())
    price = draw(prices())
    roll = draw(st.sampled_from(BusinessDayRoll))
    try:
        return OptionGrant(grant_date, count, price, business_day_roll=roll, **fields)
    except InconsistentGrantError:
        # Rolling back to a business day can fall before the grant date; such a window is
        # empty, so the grant is drawn without the roll instead.
        return OptionGrant(grant_date, count, price, **fields)


def days_in_window(grant: OptionGrant) -> st.SearchStrategy[dt.date]:
    """Days on which ``grant`` is open."""
    return st.dates(min_value=grant.first_exercise_date, max_value=grant.last_exercise_date)


@st.composite
def exercised_grants(draw: st.DrawFn) -> OptionGrant:
    """Grants with a valid history of zero or more partial exercises."""
    grant = draw(option_grants(shares=share_counts(max_value=10**9)))
    for _ in range(draw(st.integers(0, 4))):
        if grant.outstanding_shares == 0:
            break
        on = draw(days_open_for_exercise(grant))
        count = draw(st.integers(1, grant.outstanding_shares))
        grant, _ = exercise(grant, count, on)
    return grant


def split_ratios(*, max_part: int = 20) -> st.SearchStrategy[Fraction]:
    """Forward and reverse splits and stock dividends, 1 (no change) included."""
    return st.builds(Fraction, st.integers(1, max_part), st.integers(1, max_part))


def first_open_day(grant: OptionGrant) -> dt.date:
    """The earliest day a new event of ``grant`` may be dated: not before its history."""
    event = latest_event(grant)
    dated = [a.date for a in grant.accelerations] + ([] if event is None else [event[1]])
    return min(max([grant.first_exercise_date, *dated]), grant.last_exercise_date)


def days_open_for_exercise(grant: OptionGrant) -> st.SearchStrategy[dt.date]:
    """Days on which ``grant`` can next be exercised (its history stays in the window)."""
    return st.dates(min_value=first_open_day(grant), max_value=grant.last_exercise_date)


def cash_amounts(currency: str, *, max_units: int = 10**6) -> st.SearchStrategy[Decimal]:
    """Cash in ``currency``: whole minor units (cents, yen, fils), zero included."""
    quantum = MINOR_UNIT_QUANTA[currency]
    return st.builds(lambda units: EXACT.multiply(quantum, units), st.integers(0, max_units))


def prices_above(price: Decimal) -> st.SearchStrategy[Decimal]:
    """Prices strictly above ``price``, by a sub-cent to a large premium."""
    return st.builds(
        lambda units, places: EXACT.add(price, Decimal(f"{units}E-{places}")),
        st.integers(1, 10**6),
        st.integers(0, 6),
    )


def _one_event(draw: st.DrawFn, grant: OptionGrant) -> OptionGrant:
    kind = draw(st.sampled_from(["cash", "net", "sale", "split"]))
    if kind == "split":
        on = None if draw(st.booleans()) else draw(days_open_for_exercise(grant))
        return adjust_for_split(grant, draw(split_ratios()), on=on)
    if grant.outstanding_shares == 0:
        return grant
    on = draw(days_open_for_exercise(grant))
    count = draw(st.integers(1, grant.outstanding_shares))
    if kind == "cash":
        return exercise(grant, count, on)[0]
    if kind == "net":
        market = draw(prices_above(grant.adjusted_exercise_price))
        return net_exercise(grant, count, on, market)[0]
    try:
        return sell_to_cover(
            grant,
            count,
            on,
            draw(prices_above(grant.adjusted_exercise_price)),
            withholding_rate=draw(st.sampled_from(["0", "0.22", "0.37", "1"])),
            fees=draw(cash_amounts(grant.currency)),
        )[0]
    except InsufficientProceedsError:
        return grant  # a sale that cannot cover is refused; the history just goes on


@st.composite
def grants_with_history(draw: st.DrawFn, *, max_events: int = 6) -> OptionGrant:
    """Grants with a valid history: cash and cashless exercises and split adjustments."""
    grant = draw(option_grants(shares=share_counts(max_value=10**9)))
    for _ in range(draw(st.integers(0, max_events))):
        grant = _one_event(draw, grant)
    return grant


@st.composite
def vesting_schedules(
    draw: st.DrawFn, total: int, *, start: dt.date = dt.date(2000, 1, 31)
) -> VestingSchedule:
    """Schedules for a grant of ``total`` shares: immediate, graded or tranches near ``start``."""
    kind = draw(st.sampled_from(["immediate", "graded", "tranches"]))
    if kind == "immediate":
        return VestingSchedule.immediate()
    if kind == "graded":
        every = draw(st.sampled_from([1, 1, 3, 6, 12]))
        months = every * draw(st.integers(1, 60 // every))
        return VestingSchedule.graded(
            start + dt.timedelta(days=draw(st.integers(-400, 400))),
            months=months,
            every=every,
            cliff=draw(st.integers(0, months)),
            day_of_month=draw(st.sampled_from(VestingDayOfMonth)),
            allocation=draw(st.sampled_from(AllocationType)),
        )
    count = draw(st.integers(1, min(total, 8)))
    # Cut [0, total] at count - 1 distinct points: every tranche gets at least one share.
    cuts = (
        sorted(draw(st.sets(st.integers(1, total - 1), min_size=count - 1, max_size=count - 1)))
        if count > 1
        else []
    )
    bounds = [0, *cuts, total]
    offsets = sorted(draw(st.sets(st.integers(-400, 2000), min_size=count, max_size=count)))
    return VestingSchedule.tranches(
        (start + dt.timedelta(days=offset), high - low)
        for offset, low, high in zip(offsets, bounds, bounds[1:], strict=False)
    )


@st.composite
def vesting_grants(draw: st.DrawFn, *, max_events: int = 5) -> OptionGrant:
    """Grants with any vesting schedule, and a valid history of exercises of vested shares,
    accelerations, splits and possibly a termination."""
    grant = draw(option_grants(shares=share_counts(max_value=10**7)))
    schedule = draw(vesting_schedules(grant.shares, start=grant.grant_date))
    early = draw(st.booleans())
    grant = attrs.evolve(grant, vesting=schedule, early_exercisable=early)
    for _ in range(draw(st.integers(0, max_events))):
        if grant.termination is not None:
            break
        kind = draw(st.sampled_from(["exercise", "accelerate", "split", "terminate"]))
        on = draw(days_open_for_exercise(grant))
        if kind == "exercise":
            available = exercisable_shares(grant, on)
            if available:
                grant, _ = exercise(grant, draw(st.integers(1, available)), on)
        elif kind == "accelerate":
            unvested = unvested_shares(grant, on)
            if unvested >= 1:
                grant = accelerate(grant, on, draw(st.integers(1, int(unvested))))
        elif kind == "split":
            grant = adjust_for_split(grant, draw(split_ratios(max_part=4)), on=on)
        else:
            grant = terminate(grant, on, draw(st.sampled_from(TerminationReason)))
    return grant


def anything() -> st.SearchStrategy[object]:
    """Values of every kind a caller might pass by mistake, for "only OptionError escapes"."""
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.text(max_size=20),
        st.binary(max_size=5),
        st.dates(),
        st.datetimes(),
        st.datetimes(timezones=st.timezones()),
        st.times(),
        st.timedeltas(),
        st.fractions(),
        prices(),
        st.sampled_from(
            [
                Decimal("NaN"),
                Decimal("sNaN"),
                Decimal("-Infinity"),
                Decimal("-0"),
                Decimal("-0.01"),
                Decimal("1E+99999"),
                Decimal("1E-99999"),
            ]
        ),
        st.lists(st.integers(), max_size=3),
        st.builds(object),
    )


def replace_one_value(data: st.DataObject, document: Any) -> Any:
    """A deep copy of JSON-like ``document`` with one value, at any depth, replaced by anything."""
    changed = copy.deepcopy(document)
    target = changed
    while True:
        keys = list(target) if isinstance(target, dict) else list(range(len(target)))
        if not keys:
            return changed
        key = data.draw(st.sampled_from(keys))
        child = target[key]
        if isinstance(child, dict | list) and child and data.draw(st.booleans()):
            target = child
            continue
        target[key] = data.draw(anything() | st.lists(st.integers(), max_size=2))
        return changed
