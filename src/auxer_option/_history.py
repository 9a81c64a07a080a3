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

from auxer_option._text import plain
from auxer_option._vesting import Vesting, locked_shares
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
    from auxer_option._records import Adjustment, Exercise

__all__ = ["Replay", "latest_event", "more_than_outstanding"]

# The rules a grant's history is refused by, each written once here, as templates filled in
# with str.format.
#: An adjustment whose shares_before the history never reaches: a template of ``outstanding``,
#: where the history ends.
NEVER_OUTSTANDING: Final = (
    "must be the shares outstanding when it was made, but the history "
    "before it never leaves that many (it ends with {outstanding})"
)
#: An exercise outside the window: a template of ``first`` and ``last``.
OUTSIDE_THE_WINDOW: Final = "must fall in the exercise window, {first} to {last} inclusive"
#: An exercise out of order: a template of ``previous``.
BEFORE_PREVIOUS_EVENT: Final = (
    "must not be before the previous exercise or adjustment, on {previous}"
)
#: A recorded price that is not the one in force: a template of ``price``.
NOT_THE_PRICE: Final = "must be the exercise price in force, {price}"
#: An exercise of more shares than had vested: a template of ``available`` and ``date``.
MORE_THAN_VESTED: Final = "only {available} vested shares could be exercised on {date}"
#: An adjustment out of order: a template of ``previous``.
BEFORE_GRANT_OR_PREVIOUS: Final = (
    "must not be before the grant date or the previous event, on {previous}"
)
#: More shares than are outstanding: a template of ``outstanding`` and ``granted``.
MORE_THAN_OUTSTANDING: Final = "only {outstanding} of the {granted} granted shares are outstanding"


class Replay:
    """A grant's state as its records are replayed in order: outstanding shares, price."""

    __slots__ = (
        "dropped",
        "first",
        "forfeited",
        "grant",
        "last",
        "outstanding",
        "previous",
        "price",
        "ratio",
        "vesting",
    )

    def __init__(self, grant: OptionGrant, first: dt.date, last: dt.date, vesting: Vesting) -> None:
        """Start from the terms as granted, with the window ``first`` to ``last``."""
        self.grant = grant
        self.first = first
        self.last = last
        self.vesting = vesting
        self.outstanding = grant.shares
        self.price = grant.exercise_price
        self.ratio = Fraction(1)  # new shares per granted share, after the splits so far
        self.dropped = Fraction(0)  # shares in force the splits' rounding removed so far
        self.previous = grant.grant_date  # the latest date recorded so far
        self.forfeited: int | None = None  # set when the termination takes effect

    def run(self) -> tuple[int, Decimal, int]:
        """Replay everything: the outstanding shares, the price in force, the shares forfeited.

        Raises:
            OptionError: a subclass naming the first record that does not fit.
        """
        exercises = self.grant.exercises
        position = 0
        for index, adjustment in enumerate(self.grant.adjustments):
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
                        NEVER_OUTSTANDING.format(outstanding=self.outstanding),
                    )
                self.exercise(position, following)
                position += 1
            self.adjust(index, adjustment)
        for number in range(position, len(exercises)):
            self.exercise(number, exercises[number])
        self.forfeit()
        return self.outstanding, self.price, self.forfeited or 0

    def _after_termination(self, day: dt.date | None) -> bool:
        termination = self.grant.termination
        return day is not None and termination is not None and day > termination.date

    def exercise(self, index: int, record: Exercise) -> None:
        """Apply one exercise, after checking its day, price and shares."""
        if self._after_termination(record.date):
            self.forfeit()
        if not self.first <= record.date <= self.last:
            raise ExerciseWindowError(
                f"exercises[{index}].date",
                record.date,
                OUTSIDE_THE_WINDOW.format(first=self.first, last=self.last),
            )
        if record.date < self.previous:
            raise ExerciseOrderError(
                f"exercises[{index}].date",
                record.date,
                BEFORE_PREVIOUS_EVENT.format(previous=self.previous),
            )
        if record.price != self.price:
            raise InconsistentGrantError(
                f"exercises[{index}].price",
                record.price,
                NOT_THE_PRICE.format(price=plain(self.price)),
            )
        if record.shares > self.outstanding:
            raise more_than_outstanding(
                f"exercises[{index}].shares", record.shares, self.outstanding, self.grant.shares
            )
        available = self.available(record.date)
        if record.shares > available:
            raise UnvestedSharesError(
                f"exercises[{index}].shares",
                record.shares,
                MORE_THAN_VESTED.format(available=available, date=record.date),
            )
        self.outstanding -= record.shares
        self.previous = record.date

    def available(self, day: dt.date) -> int:
        """The outstanding shares that may be exercised on ``day``.

        The vested ones, unless the grant is early-exercisable; after the termination
        (which takes effect at the end of its day) every share left has vested.
        """
        if self.forfeited is not None or self.grant.early_exercisable:
            return self.outstanding
        locked = locked_shares(self.vesting.unvested(day), self.ratio, self.dropped)
        return max(0, self.outstanding - locked)

    def adjust(self, index: int, adjustment: Adjustment) -> None:
        """Apply one adjustment, after checking its price and date."""
        if adjustment.price_before != self.price:
            raise InconsistentGrantError(
                f"adjustments[{index}].price_before",
                adjustment.price_before,
                NOT_THE_PRICE.format(price=plain(self.price)),
            )
        if adjustment.date is not None:
            if adjustment.date < self.previous:
                raise AdjustmentOrderError(
                    f"adjustments[{index}].date",
                    adjustment.date,
                    BEFORE_GRANT_OR_PREVIOUS.format(previous=self.previous),
                )
            self.previous = adjustment.date
        self.outstanding, self.price = adjustment.shares_after, adjustment.price_after
        self.ratio *= adjustment.ratio
        self.dropped = self.dropped * adjustment.ratio + adjustment.fraction_dropped

    def forfeit(self) -> None:
        """Forfeit, once, the shares still unvested when the termination takes effect."""
        termination = self.grant.termination
        if termination is None or self.forfeited is not None:
            return
        locked = locked_shares(self.vesting.unvested(termination.date), self.ratio, self.dropped)
        self.forfeited = min(self.outstanding, locked)
        self.outstanding -= self.forfeited


def more_than_outstanding(
    field: str, value: object, outstanding: int, granted: int
) -> InsufficientSharesError:
    """The error for more shares than ``outstanding``."""
    rule = MORE_THAN_OUTSTANDING.format(outstanding=outstanding, granted=granted)
    return InsufficientSharesError(field, value, rule)


def latest_event(grant: OptionGrant) -> tuple[str, dt.date] | None:
    """The kind and date of ``grant``'s latest dated exercise or adjustment, if any."""
    dated = [("adjustment", a.date) for a in grant.adjustments if a.date is not None]
    if grant.exercises:
        dated.append(("exercise", grant.exercises[-1].date))
    return max(dated, key=lambda event: event[1], default=None)
