"""Exercising a grant: what it costs, and the new grant plus its record."""

from __future__ import annotations

from decimal import Decimal

import attrs

from auxer_option._grant import Exercise, OptionGrant, requested_shares
from auxer_option._money import (
    DEFAULT_ROUNDING,
    ShareCount,
    check_rounding,
    multiply,
    to_cash,
)
from auxer_option._terms import DateLike
from auxer_option._window import WindowStatus, status_and_day
from auxer_option.exceptions import ExerciseOrderError, ExerciseWindowError

__all__ = ["exercise", "exercise_cost"]


def exercise_cost(
    grant: OptionGrant, shares: ShareCount | None = None, *, rounding: str | None = DEFAULT_ROUNDING
) -> Decimal:
    """The cash needed to exercise ``shares`` (default: all outstanding) of ``grant``.

    The exact cost is ``shares × exercise_price``; it is rounded once, to the currency's
    minor unit (cents for USD), with ``rounding`` (default ``ROUND_HALF_UP``). Pass
    ``rounding=None`` for the exact, unrounded value.

    >>> from auxer_option import AUXER_1999
    >>> exercise_cost(AUXER_1999)
    Decimal('130000.00')
    >>> exercise_cost(AUXER_1999, 250_000)
    Decimal('32500.00')

    Raises:
        ShareCountTypeError: if ``shares`` is not a whole number.
        InvalidShareCountError: if ``shares`` is negative.
        InsufficientSharesError: if ``shares`` exceeds the outstanding shares.
        InvalidChoiceError: if ``rounding`` is not a ``decimal`` rounding mode or ``None``.
    """
    mode = check_rounding(rounding)
    count = requested_shares(grant, shares)
    exact = multiply(grant.exercise_price, count, "exercise_cost")
    return to_cash(exact, grant.currency, mode, "exercise_cost")


def exercise(
    grant: OptionGrant,
    shares: ShareCount,
    on: DateLike,
    *,
    rounding: str | None = DEFAULT_ROUNDING,
) -> tuple[OptionGrant, Exercise]:
    """Exercise ``shares`` of ``grant`` on ``on``; return the new grant and the record.

    The grant is not changed: the returned grant carries the record at the end of its
    ``exercises`` and that many fewer ``outstanding_shares``. The record's ``cost`` is
    :func:`exercise_cost` of the shares, rounded as ``rounding`` says. ``on`` is a date,
    or an aware ``datetime`` for a grant with a time zone (see
    :func:`~auxer_option.window_status`); the record keeps the day in the grant's zone.

    >>> from datetime import date
    >>> from auxer_option import AUXER_1999
    >>> grant, record = exercise(AUXER_1999, 250_000, date(1999, 8, 2))
    >>> record.cost, grant.outstanding_shares
    (Decimal('32500.00'), 750000)

    Raises:
        ShareCountTypeError: if ``shares`` is not a whole number.
        InvalidShareCountError: if ``shares`` is zero or negative.
        ExerciseWindowError: if the window is not open at ``on``.
        ExerciseOrderError: if ``on`` is before the grant's latest exercise.
        InsufficientSharesError: if ``shares`` exceeds the outstanding shares.
    """
    mode = check_rounding(rounding)
    count = requested_shares(grant, shares, minimum=1)
    status, day = status_and_day(grant, on)
    if status is not WindowStatus.OPEN:
        raise ExerciseWindowError(
            "on",
            on,
            f"the option is {status.name.replace('_', ' ').lower()}: it can be exercised from "
            f"{grant.first_exercise_date} through {grant.last_exercise_date}",
        )
    if grant.exercises and day < grant.exercises[-1].date:
        raise ExerciseOrderError(
            "on", on, f"must not be before the latest exercise, on {grant.exercises[-1].date}"
        )
    cost = to_cash(multiply(grant.exercise_price, count, "cost"), grant.currency, mode, "cost")
    record = Exercise(day, count, grant.exercise_price, cost)
    return attrs.evolve(grant, exercises=(*grant.exercises, record)), record
