"""What a grant has vested, and can exercise, on a day; vesting early, and ending service."""

from __future__ import annotations

from typing import Final

from auxer_option._grant import (
    OptionGrant,
    as_of,
    check_grant,
    history,
    latest_record_date,
    vesting_timeline,
    with_acceleration,
    with_termination,
)
from auxer_option._history import latest_event
from auxer_option._money import ShareCount, coerce_shares
from auxer_option._status import status_and_day
from auxer_option._termination import Termination, TerminationReason
from auxer_option._terms import DateLike, coerce_date
from auxer_option._vesting import Acceleration, Shares, VestingRow, VestingTable, locked_shares
from auxer_option._window import WindowStatus
from auxer_option.exceptions import InsufficientSharesError, TerminationError

__all__ = [
    "accelerate",
    "exercisable_shares",
    "unvested_shares",
    "vested_shares",
    "vesting_table",
]

# The rules accelerations and terminations are refused by, each written once here, as
# templates filled in with str.format.
#: An acceleration before the latest one: a template of ``latest``.
BEFORE_LATEST_ACCELERATION: Final = (
    "must not be before {latest}, the grant's latest acceleration or grant date"
)
#: An acceleration after the termination: a template of ``termination``, its date.
AFTER_THE_TERMINATION: Final = "must not be after the termination, on {termination}"
#: Nothing, or too much, to accelerate: a template of ``unvested`` and ``day``.
NOT_ENOUGH_UNVESTED: Final = "only {unvested} shares are unvested on {day}"
#: A second termination: a template of ``termination``, the first one's date.
ALREADY_TERMINATED: Final = "the grant was already terminated on {termination}"
#: A termination before the latest event: a template of ``latest``.
BEFORE_LATEST_EVENT: Final = "must not be before the grant's latest event, on {latest}"


def vested_shares(grant: OptionGrant, on: DateLike) -> Shares:
    """The shares of ``grant`` vested by the end of ``on``, in the shares as granted.

    Exercised shares count as vested; after a termination vesting stops. Under
    ``FRACTIONAL`` allocation the result may be a ``Fraction``; otherwise it is an int.
    ``on`` is a date, or an aware ``datetime`` for a grant with a time zone.

    >>> from auxer_option import OptionGrant, VestingSchedule
    >>> grant = OptionGrant(
    ...     "2024-01-31", 48_000, "2.15", term="10 years",
    ...     vesting=VestingSchedule.graded("2024-01-31", months=48, every=1, cliff=12),
    ... )
    >>> vested_shares(grant, "2025-01-30"), vested_shares(grant, "2025-01-31")
    (0, 12000)

    Raises:
        DateTypeError, InvalidDateError, NaiveDatetimeError: for a bad ``on``.
    """
    check_grant(grant)
    _, day = status_and_day(grant, on)
    return vesting_timeline(grant).vested(day)


def unvested_shares(grant: OptionGrant, on: DateLike) -> Shares:
    """The shares of ``grant`` still to vest after ``on``, in the shares as granted.

    ``vested_shares + unvested_shares`` is the grant's ``shares``, until a termination:
    it takes effect at the end of its day, and from the next the unvested shares are
    forfeited and this is zero.

    >>> from auxer_option import AUXER_1999
    >>> unvested_shares(AUXER_1999, "1999-07-01")
    0

    Raises:
        DateTypeError, InvalidDateError, NaiveDatetimeError: for a bad ``on``.
    """
    check_grant(grant)
    _, day = status_and_day(grant, on)
    termination = grant.termination
    if termination is not None and day > termination.date:
        return 0
    return vesting_timeline(grant).unvested(day)


def exercisable_shares(grant: OptionGrant, on: DateLike) -> int:
    """The whole shares of ``grant`` that can be exercised on ``on``, in the shares in force.

    Read from the grant as it stood at the end of ``on``: its exercises, splits and
    termination dated ``on`` or earlier count, and those dated later do not (they had not
    happened yet). Zero outside the exercise window. Inside it: vested − exercised,
    converted at the split ratios then in force and rounded down, so that a fraction of a
    share is never exercisable, and at most the outstanding shares. A split's rounding
    comes out of the unvested shares first: it never takes a vested share. An
    early-exercisable grant can exercise every outstanding share until a termination.

    >>> from datetime import date
    >>> from auxer_option import AUXER_1999
    >>> exercisable_shares(AUXER_1999, date(1999, 8, 2))
    1000000
    >>> exercisable_shares(AUXER_1999, date(1999, 10, 2))
    0

    Raises:
        DateTypeError, InvalidDateError, NaiveDatetimeError: for a bad ``on``.
    """
    check_grant(grant)
    status, day = status_and_day(grant, on)
    if status is not WindowStatus.OPEN:
        return 0
    # An acceleration dated later vests nothing by the end of ``day`` (the timeline counts
    # each from its own day): only the other records need the grant as it stood. So an
    # exercise, checked here against a grant that may hold a later acceleration, costs
    # nothing for its history.
    latest = latest_record_date(grant, accelerations=False)
    then = grant if latest is None or latest <= day else as_of(grant, day)
    if then.termination is not None or then.early_exercisable:
        # From the termination day on, the unvested shares are forfeited (an exercise on
        # that day comes after the termination it records, so it cannot reach them).
        return then.outstanding_shares
    splits = history(then)
    locked = locked_shares(
        vesting_timeline(then).unvested(day), splits.split_ratio, splits.split_dropped
    )
    return max(0, then.outstanding_shares - locked)


def vesting_table(grant: OptionGrant) -> VestingTable:
    """Each day shares of ``grant`` vest: the date, the shares vesting, the running total.

    Accelerations appear on their days (and the installments at the end of the schedule
    shrink by as much); after a termination nothing more vests. The rows are named
    tuples; :func:`~auxer_option.to_dataframe` makes the table a DataFrame with a
    ``datetime64`` date column. The table itself prints in columns, and shows as an HTML
    table in a notebook.

    >>> from auxer_option import OptionGrant, VestingSchedule
    >>> grant = OptionGrant(
    ...     "2024-01-01", 1_000, "1", term="10 years",
    ...     vesting=VestingSchedule.graded("2024-01-01", months=12, every=3),
    ... )
    >>> for row in vesting_table(grant):
    ...     print(row.date, row.shares, row.cumulative)
    2024-04-01 250 250
    2024-07-01 250 500
    2024-10-01 250 750
    2025-01-01 250 1000
    """
    check_grant(grant)
    rows: list[VestingRow] = []
    before: Shares = 0
    for day in vesting_timeline(grant).event_dates():
        cumulative = vesting_timeline(grant).vested(day)
        if cumulative != before:
            rows.append(VestingRow(day, cumulative - before, cumulative))
        before = cumulative
    return VestingTable(rows)


def accelerate(grant: OptionGrant, on: DateLike, shares: ShareCount | None = None) -> OptionGrant:
    """``grant`` with ``shares`` more vested on ``on`` (default: every unvested share).

    For single-trigger acceleration, call it on the change of control; for double
    trigger, on the termination that follows one (then :func:`terminate`). The shares, in
    the shares as granted, come off the end of the schedule. The new grant records an
    :class:`~auxer_option.Acceleration`.

    >>> from auxer_option import OptionGrant, VestingSchedule
    >>> grant = OptionGrant(
    ...     "2024-01-31", 48_000, "2.15", term="10 years",
    ...     vesting=VestingSchedule.graded("2024-01-31", months=48, every=1, cliff=12),
    ... )
    >>> sped = accelerate(grant, "2025-06-15", 12_000)
    >>> vested_shares(sped, "2025-06-15"), vested_shares(sped, "2027-01-31")
    (28000, 48000)

    Raises:
        ShareCountTypeError, InvalidShareCountError: if ``shares`` is not a positive
            whole number.
        InsufficientSharesError: if fewer than ``shares`` are unvested on ``on``.
        TerminationError: if ``on`` is before the grant date or the latest acceleration,
            or after a termination (on its day is fine: that is a double trigger).
    """
    check_grant(grant)
    day = coerce_date(on, "on")
    count = None if shares is None else coerce_shares(shares, "shares")
    latest = max([grant.grant_date, *(a.date for a in grant.accelerations)])
    if day < latest:
        raise TerminationError("on", on, BEFORE_LATEST_ACCELERATION.format(latest=latest))
    if grant.termination is not None and day > grant.termination.date:
        rule = AFTER_THE_TERMINATION.format(termination=grant.termination.date)
        raise TerminationError("on", on, rule)
    unvested = vesting_timeline(grant).unvested(day)
    if not unvested or (count is not None and count > unvested):
        rule = NOT_ENOUGH_UNVESTED.format(unvested=unvested, day=day)
        raise InsufficientSharesError("shares", shares, rule)
    record = Acceleration(day, unvested if count is None else count)
    return with_acceleration(grant, record)


def terminate(grant: OptionGrant, on: DateLike, reason: TerminationReason | str) -> OptionGrant:
    """``grant`` after the holder's service ends on ``on`` for ``reason``.

    The shares unvested on ``on`` are forfeited (``forfeited_shares``; they leave the
    outstanding shares), vesting stops, and the last exercise date becomes the earlier of
    the contractual one and ``on`` plus the grant's post-termination window for ``reason``
    (``termination_windows``; by default 3 months, or 0 days for cause: then ``on`` itself
    is the last day). Exercises may still be recorded in what is left of the window.

    >>> from auxer_option import OptionGrant, VestingSchedule
    >>> grant = OptionGrant(
    ...     "2024-01-31", 48_000, "2.15", term="10 years",
    ...     vesting=VestingSchedule.graded("2024-01-31", months=48, every=1, cliff=12),
    ... )
    >>> left = terminate(grant, "2025-06-15", "VOLUNTARY_OTHER")
    >>> left.forfeited_shares, left.outstanding_shares, left.last_exercise_date
    (32000, 16000, datetime.date(2025, 9, 15))

    Raises:
        InvalidChoiceError: for an unknown reason.
        TerminationError: if the grant was already terminated, or ``on`` is before the
            grant date or the grant's latest recorded event.
    """
    check_grant(grant)
    day = coerce_date(on, "on")
    cause = TerminationReason.coerce(reason, "reason")
    if grant.termination is not None:
        rule = ALREADY_TERMINATED.format(termination=grant.termination.date)
        raise TerminationError("on", on, rule)
    dates = [grant.grant_date, *(a.date for a in grant.accelerations)]
    event = latest_event(history(grant))
    if event is not None:
        dates.append(event[1])
    latest = max(dates)
    if day < latest:
        raise TerminationError("on", on, BEFORE_LATEST_EVENT.format(latest=latest))
    return with_termination(grant, Termination(day, cause))
