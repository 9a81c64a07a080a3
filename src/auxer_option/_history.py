"""Replaying a grant's history into what the grant is now, checking every record on the way.

Exercises strictly lower the outstanding shares, so each adjustment's place in the history
is the first point where the outstanding shares equal its ``shares_before`` (after one more
exercise they could never equal it again). Vesting limits each exercise to the shares
vested on its day, converted to the shares in force by the splits before it; a termination
forfeits what is unvested on its day.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final, NamedTuple, cast

from auxer_option._text import plain
from auxer_option.exceptions import (
    AdjustmentOrderError,
    ExerciseOrderError,
    ExerciseWindowError,
    InconsistentGrantError,
    InsufficientSharesError,
    UnvestedSharesError,
)

if TYPE_CHECKING:
    from auxer_option._records import Adjustment, Exercise
    from auxer_option._termination import Termination
    from auxer_option._vesting import Acceleration, Vesting

__all__ = [
    "NO_HISTORY",
    "History",
    "Moment",
    "PartialReplay",
    "Replay",
    "latest_event",
    "more_than_outstanding",
]

_ONE: Final = Fraction(1)
_NONE: Final = Fraction(0)


class History:
    """A grant's records, oldest first, and what its splits did to the shares as granted.

    Built by the grant from records it has checked. ``split_ratio`` and ``split_dropped``
    are derived from the adjustments once (see :func:`~auxer_option._vesting.locked_shares`),
    so that no query or new record has to go through the history again. A new exercise
    (:meth:`with_exercise`) links to the history before it instead of copying it, so that
    it costs the same after a thousand as after none; the tuple of every exercise is
    gathered when first read, and kept. Equal by its records, like the tuples it holds.
    """

    __slots__ = (
        "accelerations",
        "adjustments",
        "before",
        "gathered",
        "latest_exercise",
        "split_dropped",
        "split_ratio",
        "termination",
    )

    def __init__(  # noqa: PLR0917  (the records, then what the splits did)
        self,
        exercises: tuple[Exercise, ...] = (),
        adjustments: tuple[Adjustment, ...] = (),
        accelerations: tuple[Acceleration, ...] = (),
        termination: Termination | None = None,
        split_ratio: Fraction = _ONE,
        split_dropped: Fraction = _NONE,
    ) -> None:
        """A history of these records; the split figures are the caller's to derive."""
        #: Every exercise, once gathered (None until then).
        self.gathered: tuple[Exercise, ...] | None = exercises
        #: The history ``latest_exercise`` was added to, if it was added by a link.
        self.before: History | None = None
        #: The latest exercise, if any, read without gathering the others.
        self.latest_exercise = exercises[-1] if exercises else None
        self.adjustments = adjustments
        self.accelerations = accelerations
        self.termination = termination
        #: New shares per granted share, after every split.
        self.split_ratio = split_ratio
        #: The shares in force the splits' rounding removed.
        self.split_dropped = split_dropped

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        """The exercises, oldest first: gathered along the links once, then kept.

        Safe to read from several threads at once: the links never change, so a history
        gathered twice is gathered alike, and one gathered by another thread meanwhile
        stops the walk early with the same records.
        """
        gathered = self.gathered
        if gathered is None:
            added: list[Exercise] = []
            history = self
            while (earlier := history.gathered) is None:  # a chain starts gathered
                added.append(cast("Exercise", history.latest_exercise))
                history = cast("History", history.before)
            gathered = self.gathered = (*earlier, *reversed(added))
        return gathered

    def with_exercise(self, record: Exercise) -> History:
        """This history and ``record`` after it, in constant time."""
        after = History((), self.adjustments, self.accelerations, self.termination)
        after.split_ratio, after.split_dropped = self.split_ratio, self.split_dropped
        after.gathered, after.before, after.latest_exercise = None, self, record
        return after

    def with_adjustment(self, record: Adjustment) -> History:
        """This history and ``record`` after it, with the split figures brought up to date."""
        return History(
            self.exercises,
            (*self.adjustments, record),
            self.accelerations,
            self.termination,
            self.split_ratio * record.ratio,
            self.split_dropped * record.ratio + record.fraction_dropped,
        )

    def with_vesting_records(
        self,
        accelerations: tuple[Acceleration, ...],
        termination: Termination | None,
    ) -> History:
        """This history with these accelerations and termination, its exercises still linked."""
        after = History((), self.adjustments, accelerations, termination)
        after.split_ratio, after.split_dropped = self.split_ratio, self.split_dropped
        after.gathered, after.before = self.gathered, self.before
        after.latest_exercise = self.latest_exercise
        return after

    def with_splits(self, ratio: Fraction, dropped: Fraction) -> History:
        """The same records, with what the splits did as a replay found it."""
        return History(
            self.exercises, self.adjustments, self.accelerations, self.termination, ratio, dropped
        )

    def records(self) -> tuple[object, ...]:
        return (self.exercises, self.adjustments, self.accelerations, self.termination)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, History):
            return NotImplemented
        return self is other or self.records() == other.records()

    def __hash__(self) -> int:
        return hash(self.records())


#: The history of a grant with none: shared by all of them.
NO_HISTORY: Final = History()

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
                        NEVER_OUTSTANDING.format(outstanding=self.outstanding),
                    )
                self.exercise(position, following)
                position += 1
            self.adjust(index, adjustment)
        for number in range(position, len(exercises)):
            self.exercise(number, exercises[number])
        self.forfeit()
        if self.history.adjustments:
            self.history = self.history.with_splits(self.ratio, self.dropped)
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
                f"exercises[{index}].shares", record.shares, self.outstanding, self.granted
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
        if self.forfeited is not None or self.early_exercisable:
            return self.outstanding
        from auxer_option._vesting import locked_shares  # noqa: PLC0415  (loaded with a history)

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
        termination = self.history.termination
        if termination is None or self.forfeited is not None:
            return
        from auxer_option._vesting import locked_shares  # noqa: PLC0415  (loaded with a history)

        locked = locked_shares(self.vesting.unvested(termination.date), self.ratio, self.dropped)
        self.forfeited = min(self.outstanding, locked)
        self.outstanding -= self.forfeited


class Moment(NamedTuple):
    """A grant's shares just before one of its exercises: outstanding, and what splits did.

    ``outstanding`` is after any forfeiture the exercise's day set off (a termination the
    day before it, or earlier); ``after_termination`` says whether one had.
    """

    outstanding: int
    ratio: Fraction
    dropped: Fraction
    after_termination: bool


class _Stop(Exception):  # noqa: N818  (a signal within this module, never raised out of it)
    """The first record dated after the day a partial replay stops at."""


class PartialReplay(Replay):
    """The replay of a grant's history as it stood at the end of ``until``.

    Every record dated after ``until`` is left out, and so is everything after the first
    of them in the history: an undated adjustment takes effect at its place, as soon as
    the records before it have. A termination dated after ``until`` has not taken effect.
    On the way it notes, before each exercise it replays, the :class:`Moment` the
    exercise was made at: the one replay answers both "as of a day" and "just before an
    exercise". With ``until`` None it replays everything, as :class:`Replay` does.
    """

    __slots__ = ("adjusted", "exercised", "moments", "until")

    def __init__(
        self,
        history: History,
        granted: tuple[int, Decimal, dt.date],
        window: tuple[dt.date, dt.date],
        *,
        early_exercisable: bool,
        vesting: Vesting,
        until: dt.date | None = None,
    ) -> None:
        """Start as :class:`Replay` does; stop after ``until`` (None: never)."""
        super().__init__(
            history, granted, window, early_exercisable=early_exercisable, vesting=vesting
        )
        self.until = until
        #: How many of the exercises, and of the adjustments, were replayed.
        self.exercised = self.adjusted = 0
        #: The moment of each exercise replayed, in order.
        self.moments: list[Moment] = []

    def run(self) -> tuple[int, Decimal, int]:
        """Replay up to ``until``: the outstanding shares, the price, the shares forfeited."""
        with contextlib.suppress(_Stop):
            return super().run()
        with contextlib.suppress(_Stop):  # a termination by ``until`` takes effect, at the
            self.forfeit()  # end of its day, before anything after ``until``
        return self.outstanding, self.price, self.forfeited or 0

    def _later(self, day: dt.date | None) -> bool:
        return day is not None and self.until is not None and day > self.until

    def exercise(self, index: int, record: Exercise) -> None:
        """Note the exercise's moment and apply it; stop at one dated after ``until``."""
        if self._later(record.date):
            raise _Stop
        if self._after_termination(record.date):
            self.forfeit()
        self.moments.append(
            Moment(self.outstanding, self.ratio, self.dropped, self.forfeited is not None)
        )
        super().exercise(index, record)
        self.exercised = index + 1

    def adjust(self, index: int, adjustment: Adjustment) -> None:
        """Apply an adjustment; stop at one dated after ``until``."""
        if self._later(adjustment.date):
            raise _Stop
        super().adjust(index, adjustment)
        self.adjusted = index + 1

    def forfeit(self) -> None:
        """Forfeit as :class:`Replay` does; stop at a termination dated after ``until``.

        Whatever comes where it takes effect is dated after it, and so after ``until``.
        """
        termination = self.history.termination
        if termination is not None and self._later(termination.date):
            raise _Stop
        super().forfeit()


def more_than_outstanding(
    field: str, value: object, outstanding: int, granted: int
) -> InsufficientSharesError:
    """The error for more shares than ``outstanding``."""
    rule = MORE_THAN_OUTSTANDING.format(outstanding=outstanding, granted=granted)
    return InsufficientSharesError(field, value, rule)


def latest_event(history: History) -> tuple[str, dt.date] | None:
    """The kind and date of the latest dated exercise or adjustment in ``history``, if any.

    Records are in date order, so it is the last exercise or the last dated adjustment (on
    the same day, the adjustment); undated adjustments are skipped from the end.
    """
    adjusted = next((a.date for a in reversed(history.adjustments) if a.date is not None), None)
    exercise = history.latest_exercise
    if exercise is not None and (adjusted is None or exercise.date > adjusted):
        return "exercise", exercise.date
    return None if adjusted is None else ("adjustment", adjusted)
