"""The tests' strategies: the library's own (``auxer_option.testing.strategies``), and
helpers only tests need: wider prices, anything at all, and histories with vesting."""

from __future__ import annotations

import copy
import datetime as dt
import functools
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
from hypothesis import settings
from hypothesis import strategies as st

from auxer_option import (
    OptionGrant,
    TerminationReason,
    accelerate,
    adjust_for_split,
    exercisable_shares,
    exercise,
    terminate,
    unvested_shares,
)
from auxer_option.testing.strategies import (
    cash_amounts,
    exercise_dates,
    grants_with_history,
    option_grants,
    prices_above,
    share_counts,
    terms,
    vesting_schedules,
)

__all__ = [  # the library's own strategies, which these tests use, and test-only helpers
    "ANY_DATES",
    "anything",
    "cash_amounts",
    "days_in_window",
    "exercise_dates",
    "exercised_grants",
    "grants_with_history",
    "grants_with_later_history",
    "option_grants",
    "prices",
    "prices_above",
    "replace_one_value",
    "share_counts",
    "split_ratios",
    "terms",
    "vesting_grants",
]

ANY_DATES = st.dates()


def prices(*, max_places: int = 6, max_units: int = 10**9) -> st.SearchStrategy[Decimal]:
    """Non-negative prices of up to ``max_units`` units and ``max_places`` decimals: wider
    (and longer) than share_prices allows, for the arithmetic's own edge cases."""
    return st.builds(
        lambda units, places: Decimal(f"{units}E-{places}"),
        st.integers(min_value=0, max_value=max_units),
        st.integers(min_value=0, max_value=max_places),
    )


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
        on = draw(exercise_dates(grant))
        count = draw(st.integers(1, grant.outstanding_shares))
        grant, _ = exercise(grant, count, on)
    return grant


def split_ratios(*, max_part: int = 20) -> st.SearchStrategy[Fraction]:
    """Forward and reverse splits and stock dividends, 1 (no change) included."""
    return st.builds(Fraction, st.integers(1, max_part), st.integers(1, max_part))


@st.composite
def vesting_grants(draw: st.DrawFn, *, max_events: int = 5) -> OptionGrant:
    """Grants with any vesting schedule, and a valid history of exercises of vested shares,
    accelerations, splits and possibly a termination."""
    grant = draw(option_grants(shares=share_counts(max_value=10**7)))
    schedule = draw(vesting_schedules(shares=grant.shares, start=grant.grant_date))
    early = draw(st.booleans())
    grant = attrs.evolve(grant, vesting=schedule, early_exercisable=early)
    for _ in range(draw(st.integers(0, max_events))):
        if grant.termination is not None:
            break
        kind = draw(st.sampled_from(["exercise", "accelerate", "split", "terminate"]))
        on = draw(exercise_dates(grant))
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


@st.composite
def grants_with_later_history(
    draw: st.DrawFn, *, max_later: int = 3
) -> tuple[OptionGrant, OptionGrant, dt.date]:
    """A grant with a history up to a day, the same grant with more history after that
    day, and the day: ``(past, whole, day)``.

    ``day`` is in the window and on or after each of the past's records (on the latest
    one's day, at times); every later record (an exercise, a dated split, an acceleration,
    a termination) is dated after it. So ``whole`` as it stood on ``day`` is ``past``.
    """
    past = draw(vesting_grants(max_events=3))
    day = draw(exercise_dates(past))
    whole = past
    for _ in range(draw(st.integers(1, max_later))):
        after = day + dt.timedelta(days=1)
        if after > whole.last_exercise_date:
            break
        on = max(draw(exercise_dates(whole)), after)
        kind = draw(st.sampled_from(["exercise", "accelerate", "split", "terminate"]))
        ended = whole.termination
        if kind == "exercise":
            available = exercisable_shares(whole, on)
            if available:
                whole, _ = exercise(whole, draw(st.integers(1, available)), on)
        elif kind == "split":
            if ended is None or on > ended.date:
                whole = adjust_for_split(whole, draw(split_ratios(max_part=4)), on=on)
        elif ended is None and kind == "accelerate":
            unvested = unvested_shares(whole, on)
            if unvested >= 1:
                whole = accelerate(whole, on, draw(st.integers(1, int(unvested))))
        elif ended is None:
            whole = terminate(whole, on, draw(st.sampled_from(TerminationReason)))
    return past, whole, day


@functools.cache  # built once: st.timezones() lists the zones from the disk when built
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


def whole_books() -> settings:
    """Settings for a property whose every example checks whole books, row by row.

    Each example builds books of several grants and asks the scalar API of every row, some
    fifty times the work of another property's example: such a property runs a fifth of the
    loaded profile's examples (at least the dev profile's 20), so that the ci profile's
    larger count stays inside CI's time. The thorough profile still runs 1,000.
    """
    loaded = settings()  # the loaded profile's settings
    return settings(max_examples=max(20, loaded.max_examples // 5))
