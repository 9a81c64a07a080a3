"""Replaying a grant's history into what the grant is now, checking every record on the way.

Exercises strictly lower the outstanding shares, so each adjustment's place in the history
is the first point where the outstanding shares equal its ``shares_before`` (after one more
exercise they could never equal it again). Vesting limits each exercise to the shares
vested on its day, converted to the shares in force by the splits before it; a termination
forfeits what is unvested on its day.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final

import attrs

from auxer_option._records import Adjustment, Exercise
from auxer_option._termination import Termination
from auxer_option._text import plain
from auxer_option._vesting import Acceleration, Vesting, locked_shares
from auxer_option.exceptions import (
    AdjustmentOrderError,
    ExerciseOrderError,
    ExerciseWindowError,
    InconsistentGrantError,
    InsufficientSharesError,
    UnvestedSharesError,
)

if TYPE_CHECKING:
    from auxer_option._grant import OptionGrant

__all__ = ["NO_HISTORY", "History", "Replay", "latest_event", "more_than_outstanding"]

_ONE: Final = Fraction(1)
_NONE: Final = Fraction(0)


@attrs.frozen
class History:
    """A grant's records, oldest first, and what its splits did to the shares as granted.

    Built by the grant from records it has checked; ``split_ratio`` and ``split_dropped``
    are derived from the adjustments once (see :func:`~auxer_option._vesting.locked_shares`),
    so that no query or new record has to go through the history again.
    """

    exercises: tuple[Exercise, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()
    accelerations: tuple[Acceleration, ...] = ()
    termination: Termination | None = None
    #: New shares per granted share, after every split.
    split_ratio: Fraction = attrs.field(default=_ONE, eq=False)
    #: The shares in force the splits' rounding removed.
    split_dropped: Fraction = attrs.field(default=_NONE, eq=False)


#: The history of a grant with none: shared by all of them.
NO_HISTORY: Final = History()


class Replay:
    """A grant's state as its records are replayed in order: outstanding shares, price."""

    __slots__ = (
        "dropped",
        "early_exercisable",
        "first",
        "forfeited",
        "granted",
        "history",
        "last",
        "outstanding",
        "previous",
        "price",
        "ratio",
        "vesting",
    )

    def __init__(
        self,
        history: History,
        granted: tuple[int, Decimal, dt.date],
        window: tuple[dt.date, dt.date],
        *,
        early_exercisable: bool,
        vesting: Vesting,
    ) -> None:
        """Start from the terms as ``granted`` (shares, price, date), in ``window``."""
        self.history = history
        self.granted = granted[0]
        self.outstanding, self.price, self.previous = granted  # previous: the latest date
        self.first, self.last = window
        self.early_exercisable = early_exercisable
        self.vesting = vesting
        self.ratio = Fraction(1)  # new shares per granted share, after the splits so far
        self.dropped = Fraction(0)  # shares in force the splits' rounding removed so far
        self.forfeited: int | None = None  # set when the termination takes effect

    def run(self) -> tuple[int, Decimal, int]:
        """Replay everything: the outstanding shares, the price in force, the shares forfeited.

        ``history`` is left holding what the splits did (``split_ratio``, ``split_dropped``).

        Raises:
            OptionError: a subclass naming the first record that does not fit.
        """
        exercises = self.history.exercises
        position = 0
        for index, adjustment in enumerate(self.history.adjustments):
            while True:
                following = exercises[position] if position < len(exercises) else None
                if self._after_termination(adjustment.date) and (
                    following is None or self._after_termination(following.date)
                ):
                    self.forfeit()
                if self.outstanding == adjustment.shares_before:
                    break
                if following is None:
                    raise InconsistentGrantError(
                        f"adjustments[{index}].shares_before",
                        adjustment.shares_before,
                        "must be the shares outstanding when it was made, but the history "
                        f"before it never leaves that many (it ends with {self.outstanding})",
                    )
                self.exercise(position, following)
                position += 1
            self.adjust(index, adjustment)
        for number in range(position, len(exercises)):
            self.exercise(number, exercises[number])
        self.forfeit()
        if self.history.adjustments:
            self.history = attrs.evolve(
                self.history, split_ratio=self.ratio, split_dropped=self.dropped
            )
        return self.outstanding, self.price, self.forfeited or 0

    def _after_termination(self, day: dt.date | None) -> bool:
        termination = self.history.termination
        return day is not None and termination is not None and day > termination.date

    def exercise(self, index: int, record: Exercise) -> None:
        """Apply one exercise, after checking its day, price and shares."""
        if self._after_termination(record.date):
            self.forfeit()
        if not self.first <= record.date <= self.last:
            raise ExerciseWindowError(
                f"exercises[{index}].date",
                record.date,
                f"must fall in the exercise window, {self.first} to {self.last} inclusive",
            )
        if record.date < self.previous:
            raise ExerciseOrderError(
                f"exercises[{index}].date",
                record.date,
                f"must not be before the previous exercise or adjustment, on {self.previous}",
            )
        if record.price != self.price:
            raise InconsistentGrantError(
                f"exercises[{index}].price",
                record.price,
                f"must be the exercise price in force, {plain(self.price)}",
            )
        if record.shares > self.outstanding:
            raise more_than_outstanding(
                f"exercises[{index}].shares", record.shares, self.outstanding, self.granted
            )
        available = self.available(record.date)
        if record.shares > available:
            raise UnvestedSharesError(
                f"exercises[{index}].shares",
                record.shares,
                f"only {available} vested shares could be exercised on {record.date}",
            )
        self.outstanding -= record.shares
        self.previous = record.date

    def available(self, day: dt.date) -> int:
        """The outstanding shares that may be exercised on ``day``.

        The vested ones, unless the grant is early-exercisable; after the termination
        (which takes effect at the end of its day) every share left has vested.
        """
        if self.forfeited is not None or self.early_exercisable:
            return self.outstanding
        locked = locked_shares(self.vesting.unvested(day), self.ratio, self.dropped)
        return max(0, self.outstanding - locked)

    def adjust(self, index: int, adjustment: Adjustment) -> None:
        """Apply one adjustment, after checking its price and date."""
        if adjustment.price_before != self.price:
            raise InconsistentGrantError(
                f"adjustments[{index}].price_before",
                adjustment.price_before,
                f"must be the exercise price in force, {plain(self.price)}",
            )
        if adjustment.date is not None:
            if adjustment.date < self.previous:
                raise AdjustmentOrderError(
                    f"adjustments[{index}].date",
                    adjustment.date,
                    f"must not be before the grant date or the previous event, on {self.previous}",
                )
            self.previous = adjustment.date
        self.outstanding, self.price = adjustment.shares_after, adjustment.price_after
        self.ratio *= adjustment.ratio
        self.dropped = self.dropped * adjustment.ratio + adjustment.fraction_dropped

    def forfeit(self) -> None:
        """Forfeit, once, the shares still unvested when the termination takes effect."""
        termination = self.history.termination
        if termination is None or self.forfeited is not None:
            return
        locked = locked_shares(self.vesting.unvested(termination.date), self.ratio, self.dropped)
        self.forfeited = min(self.outstanding, locked)
        self.outstanding -= self.forfeited


def more_than_outstanding(
    field: str, value: object, outstanding: int, granted: int
) -> InsufficientSharesError:
    """The error for more shares than ``outstanding``."""
    return InsufficientSharesError(
        field, value, f"only {outstanding} of the {granted} granted shares are outstanding"
    )


def latest_event(grant: OptionGrant) -> tuple[str, dt.date] | None:
    """The kind and date of ``grant``'s latest dated exercise or adjustment, if any.

    Records are in date order, so it is the last exercise or the last dated adjustment (on
    the same day, the adjustment); undated adjustments are skipped from the end.
    """
    adjusted = next((a.date for a in reversed(grant.adjustments) if a.date is not None), None)
    exercises = grant.exercises
    if exercises and (adjusted is None or exercises[-1].date > adjusted):
        return "exercise", exercises[-1].date
    return None if adjusted is None else ("adjustment", adjusted)
