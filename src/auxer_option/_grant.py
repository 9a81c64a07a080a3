"""The grant: :class:`OptionGrant`, its terms as granted, its history, and what it is now.

A grant holds its terms as granted and its history (exercises, adjustments, accelerations
and a termination); what it is now (outstanding shares, the exercise price in force, the
last exercise date) is derived from them once, at construction, by replaying the history
and checking every record against it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Final, TypeVar

import attrs

from auxer_option._history import Replay, more_than_outstanding
from auxer_option._money import (
    Amount,
    ShareCount,
    coerce_amount,
    coerce_currency,
    coerce_shares,
)
from auxer_option._pickling import RebuiltByConstructor
from auxer_option._records import Adjustment, Exercise
from auxer_option._tables import Shown
from auxer_option._termination import (
    DEFAULT_TERMINATION_WINDOWS,
    Termination,
    TerminationWindows,
    coerce_termination_windows,
)
from auxer_option._terms import DateLike, Term, add_term, coerce_date, coerce_term
from auxer_option._text import written_repr
from auxer_option._vesting import Acceleration, Shares, Vesting, VestingSchedule
from auxer_option._window import (
    BusinessDayRoll,
    ExpiryReading,
    coerce_cutoff_time,
    coerce_holidays,
    coerce_time_zone,
    expiration_from_term,
    last_exercise_date,
)
from auxer_option.exceptions import (
    InconsistentGrantError,
    InvalidVestingError,
    OptionTypeError,
    OptionValueError,
    TerminationError,
)

__all__ = ["NOT_A_GRANT", "OptionGrant", "check_grant", "requested_shares", "vesting_timeline"]

#: The rule broken by anything but a grant where an operation takes one.
NOT_A_GRANT: Final = "must be an OptionGrant"

# The rules a grant's fields are refused by, each written once here; those with a value in
# them are templates, filled in with str.format.
#: A grantor or grantee that is not text.
NOT_A_NAME: Final = "must be text (a name) or None"
#: A grantor or grantee that is blank.
NO_PARTY: Final = "must name the party, or be None"
#: A flag that is not a bool (0, "no" and None are not read for their truthiness).
NOT_A_FLAG: Final = "must be True or False"
#: Records not given as a sequence: a template of ``kind``, the record class's name.
NOT_RECORDS: Final = "must be a sequence of {kind} records"
#: One record of the wrong kind: a template of ``kind``.
NOT_A_RECORD: Final = "must be an {kind} record"
#: A vesting schedule that is not a VestingSchedule.
NOT_A_SCHEDULE: Final = "must be a VestingSchedule, such as VestingSchedule.graded(...)"
#: A termination that is not a Termination record.
NOT_A_TERMINATION: Final = "must be a Termination record or None"
#: A date before the grant date: a template of ``grant_date``.
BEFORE_GRANT_DATE: Final = "must not be before grant_date {grant_date}"
#: A cutoff time without a time zone.
NO_CLOCK: Final = "needs a time_zone to say whose clock it is"
#: A window whose last day is before its first: a template of ``first`` and ``last``.
EMPTY_WINDOW: Final = "the window would be empty: it opens on {first} but its last day is {last}"
#: An acceleration out of order: a template of ``previous``, the date it may not precede.
BEFORE_PREVIOUS: Final = "must not be before the grant date or the previous one, on {previous}"
#: An acceleration after the termination: a template of ``end``, the termination date.
AFTER_TERMINATION: Final = "must not be after the termination, on {end}"
#: An acceleration of more shares than are unvested: a template of ``unvested`` and ``date``.
MORE_THAN_UNVESTED: Final = "only {unvested} shares were unvested on {date}"
#: A grant with neither an expiration date nor a term.
NO_EXPIRY: Final = "give expiration_date= or term= (or both, agreeing)"
#: An expiry reading other than the default, with no term to read.
READING_NEEDS_TERM: Final = (
    "applies to a term; with only expiration_date, give the date that is meant"
)
#: An expiration date that is not the term's: a template of ``term``, ``grant_date``,
#: ``expiration`` (the term's) and ``reading``.
DISAGREES_WITH_TERM: Final = (
    "disagrees with term {term} from {grant_date}, which gives {expiration} ({reading})"
)


def _grant_date(value: DateLike) -> dt.date:
    return coerce_date(value, "grant_date")


def _granted_shares(value: ShareCount) -> int:
    return coerce_shares(value, "shares")


def _exercise_price(value: Amount) -> Decimal:
    return coerce_amount(value, "exercise_price")


def _expiration_date(value: DateLike | None) -> dt.date | None:
    return None if value is None else coerce_date(value, "expiration_date")


def _first_exercise_date(value: DateLike | None) -> dt.date | None:
    return None if value is None else coerce_date(value, "first_exercise_date")


def _party(field: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise OptionTypeError(field, value, NOT_A_NAME)
    if not value.strip():
        raise OptionValueError(field, value, NO_PARTY)
    return value


def _grantor(value: str | None) -> str | None:
    return _party("grantor", value)


def _grantee(value: str | None) -> str | None:
    return _party("grantee", value)


def _expiry_reading(value: ExpiryReading | str) -> ExpiryReading:
    return ExpiryReading.coerce(value, "expiry_reading")


def _expiry_day_included(value: bool) -> bool:  # noqa: FBT001  (a converter takes one value)
    return _flag(value, "expiry_day_included")


def _flag(value: object, field: str) -> bool:
    # Only True or False: 0, "no" or None would otherwise be read for their truthiness.
    if not isinstance(value, bool):
        raise OptionTypeError(field, value, NOT_A_FLAG)
    return value


def _business_day_roll(value: BusinessDayRoll | str) -> BusinessDayRoll:
    return BusinessDayRoll.coerce(value, "business_day_roll")


_Record = TypeVar("_Record", Exercise, Adjustment, Acceleration)


def _records(given: object, kind: type[_Record], field: str) -> tuple[_Record, ...]:
    if type(given) is tuple and not given:
        return ()  # the common case, kept cheap: most grants have no history
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise OptionTypeError(field, given, NOT_RECORDS.format(kind=kind.__name__))
    records = tuple(given)
    for index, record in enumerate(records):
        if not isinstance(record, kind):
            rule = NOT_A_RECORD.format(kind=kind.__name__)
            raise OptionTypeError(f"{field}[{index}]", record, rule)
    return records


def _exercises(given: Iterable[Exercise]) -> tuple[Exercise, ...]:
    return _records(given, Exercise, "exercises")


def _adjustments(given: Iterable[Adjustment]) -> tuple[Adjustment, ...]:
    return _records(given, Adjustment, "adjustments")


def _accelerations(given: Iterable[Acceleration]) -> tuple[Acceleration, ...]:
    return _records(given, Acceleration, "accelerations")


def _vesting(value: VestingSchedule) -> VestingSchedule:
    given: object = value  # the annotation guides callers; the check takes anything
    if not isinstance(given, VestingSchedule):
        raise OptionTypeError("vesting", given, NOT_A_SCHEDULE)
    return given


def _early_exercisable(value: bool) -> bool:  # noqa: FBT001  (a converter takes one value)
    return _flag(value, "early_exercisable")


def _termination(value: Termination | None) -> Termination | None:
    given: object = value  # the annotation guides callers; the check takes anything
    if given is not None and not isinstance(given, Termination):
        raise OptionTypeError("termination", given, NOT_A_TERMINATION)
    return given


_DEFAULT_CONVENTIONS: Final = {
    "expiry_reading": ExpiryReading.CORRESPONDING_DATE,
    "expiry_day_included": True,
    "cutoff_time": None,
    "time_zone": None,
    "business_day_roll": BusinessDayRoll.NONE,
}

_IMMEDIATE: Final = VestingSchedule.immediate()


@attrs.frozen(repr=False, getstate_setstate=False)
class OptionGrant(RebuiltByConstructor, Shown):
    """An option to buy ``shares`` at ``exercise_price`` each, within an exercise window.

    Give the expiry as ``expiration_date=`` or as ``term=`` (a :class:`Term`, a
    ``relativedelta`` or text such as ``"3 months"``); with both, they must agree. The
    window runs from ``first_exercise_date`` (default: the grant date) through
    ``last_exercise_date``, both inclusive; ``last_exercise_date`` is derived once from
    the expiry and the window conventions (see :doc:`/conventions`).

    Dates are ``datetime.date`` or ``"YYYY-MM-DD"``; the price is a ``Decimal``, an int
    or a numeric string, never a float; ``shares`` is a whole number.

    ``shares`` and ``exercise_price`` are the terms as granted. The history, ``exercises``
    and ``adjustments`` (oldest first), is replayed once, at construction, into what the
    grant is now: ``outstanding_shares`` and ``adjusted_exercise_price``, the price in
    force after any split adjustment, which every cost and value uses.

    >>> grant = OptionGrant("1999-07-01", 1_000_000, "0.13", term="three (3) months")
    >>> grant.last_exercise_date, grant.outstanding_shares
    (datetime.date(1999, 10, 1), 1000000)

    Raises:
        OptionError: a subclass naming the field, the value and the rule, for any bad
            input or any contradiction between fields.
    """

    grant_date: dt.date = attrs.field(converter=_grant_date)
    shares: int = attrs.field(converter=_granted_shares)
    exercise_price: Decimal = attrs.field(converter=_exercise_price)
    expiration_date: dt.date = attrs.field(default=None, converter=_expiration_date, kw_only=True)
    term: Term | None = attrs.field(default=None, converter=coerce_term, kw_only=True)
    currency: str = attrs.field(default="USD", converter=coerce_currency, kw_only=True)
    grantor: str | None = attrs.field(default=None, converter=_grantor, kw_only=True)
    grantee: str | None = attrs.field(default=None, converter=_grantee, kw_only=True)
    first_exercise_date: dt.date = attrs.field(
        default=None, converter=_first_exercise_date, kw_only=True
    )
    expiry_reading: ExpiryReading = attrs.field(
        default=ExpiryReading.CORRESPONDING_DATE, converter=_expiry_reading, kw_only=True
    )
    expiry_day_included: bool = attrs.field(
        default=True, converter=_expiry_day_included, kw_only=True
    )
    cutoff_time: dt.time | None = attrs.field(
        default=None, converter=coerce_cutoff_time, kw_only=True
    )
    time_zone: dt.tzinfo | None = attrs.field(
        default=None, converter=coerce_time_zone, kw_only=True
    )
    business_day_roll: BusinessDayRoll = attrs.field(
        default=BusinessDayRoll.NONE, converter=_business_day_roll, kw_only=True
    )
    holidays: frozenset[dt.date] = attrs.field(
        default=frozenset(), converter=coerce_holidays, kw_only=True
    )
    exercises: tuple[Exercise, ...] = attrs.field(default=(), converter=_exercises, kw_only=True)
    adjustments: tuple[Adjustment, ...] = attrs.field(
        default=(), converter=_adjustments, kw_only=True
    )
    vesting: VestingSchedule = attrs.field(default=_IMMEDIATE, converter=_vesting, kw_only=True)
    early_exercisable: bool = attrs.field(default=False, converter=_early_exercisable, kw_only=True)
    termination_windows: TerminationWindows = attrs.field(
        default=None, converter=coerce_termination_windows, kw_only=True
    )
    accelerations: tuple[Acceleration, ...] = attrs.field(
        default=(), converter=_accelerations, kw_only=True
    )
    termination: Termination | None = attrs.field(
        default=None, converter=_termination, kw_only=True
    )

    # Derived once, here, and never recomputed: every check reads these.
    last_exercise_date: dt.date = attrs.field(init=False, eq=False)
    outstanding_shares: int = attrs.field(init=False, eq=False)
    adjusted_exercise_price: Decimal = attrs.field(init=False, eq=False)
    forfeited_shares: int = attrs.field(init=False, eq=False)
    _timeline: Vesting = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        expiration = self._resolve_expiration()
        first: dt.date | None = self.first_exercise_date
        if first is None:
            first = self.grant_date
        elif first < self.grant_date:
            rule = BEFORE_GRANT_DATE.format(grant_date=self.grant_date)
            raise InconsistentGrantError("first_exercise_date", first, rule)
        if self.cutoff_time is not None and self.time_zone is None:
            raise InconsistentGrantError("cutoff_time", self.cutoff_time, NO_CLOCK)
        last = last_exercise_date(
            expiration,
            expiry_day_included=self.expiry_day_included,
            roll=self.business_day_roll,
            holidays=self.holidays,
        )
        if last < first:
            rule = EMPTY_WINDOW.format(first=first, last=last)
            raise InconsistentGrantError("last_exercise_date", last, rule)
        object.__setattr__(self, "expiration_date", expiration)
        object.__setattr__(self, "first_exercise_date", first)
        if self.termination is not None:
            last = min(last, self._end_of_service(self.termination))
        object.__setattr__(self, "last_exercise_date", last)
        installments = self._installments()
        timeline = Vesting(
            installments,
            self.accelerations,
            self.shares,
            None if self.termination is None else self.termination.date,
        )
        object.__setattr__(self, "_timeline", timeline)
        if self.accelerations:
            self._check_accelerations(installments)
        if self.exercises or self.adjustments or self.termination is not None:
            outstanding, price, forfeited = Replay(self, first, last, timeline).run()
        else:  # no history: the terms as granted, kept cheap for the common case
            outstanding, price, forfeited = self.shares, self.exercise_price, 0
        object.__setattr__(self, "outstanding_shares", outstanding)
        object.__setattr__(self, "adjusted_exercise_price", price)
        object.__setattr__(self, "forfeited_shares", forfeited)

    def _end_of_service(self, termination: Termination) -> dt.date:
        if termination.date < self.grant_date:
            rule = BEFORE_GRANT_DATE.format(grant_date=self.grant_date)
            raise TerminationError("termination.date", termination.date, rule)
        window = dict(self.termination_windows)[termination.reason]
        return add_term(termination.date, window, "termination.date")

    def _installments(self) -> tuple[tuple[dt.date, Shares], ...]:
        if self.vesting.is_immediate:
            return ((self.grant_date, self.shares),)
        try:
            return self.vesting.installments(self.shares)
        except InvalidVestingError as error:
            raise InvalidVestingError("vesting", self.vesting, error.rule) from error

    def _check_accelerations(self, installments: tuple[tuple[dt.date, Shares], ...]) -> None:
        end = None if self.termination is None else self.termination.date
        previous = self.grant_date
        for index, acceleration in enumerate(self.accelerations):
            if acceleration.date < previous:
                raise TerminationError(
                    f"accelerations[{index}].date",
                    acceleration.date,
                    BEFORE_PREVIOUS.format(previous=previous),
                )
            if end is not None and acceleration.date > end:
                raise TerminationError(
                    f"accelerations[{index}].date",
                    acceleration.date,
                    AFTER_TERMINATION.format(end=end),
                )
            earlier = Vesting(installments, self.accelerations[:index], self.shares, None)
            unvested = earlier.unvested(acceleration.date)
            if acceleration.shares > unvested:
                raise InvalidVestingError(
                    f"accelerations[{index}].shares",
                    acceleration.shares,
                    MORE_THAN_UNVESTED.format(unvested=unvested, date=acceleration.date),
                )
            previous = acceleration.date

    def _resolve_expiration(self) -> dt.date:
        given: dt.date | None = self.expiration_date
        term = self.term
        if term is None:
            if given is None:
                raise InconsistentGrantError("expiration_date", None, NO_EXPIRY)
            if self.expiry_reading is not ExpiryReading.CORRESPONDING_DATE:
                raise InconsistentGrantError(
                    "expiry_reading", self.expiry_reading, READING_NEEDS_TERM
                )
            expiration = given
        else:
            expiration = expiration_from_term(self.grant_date, term, self.expiry_reading)
            if given is not None and given != expiration:
                rule = DISAGREES_WITH_TERM.format(
                    term=term,
                    grant_date=self.grant_date,
                    expiration=expiration,
                    reading=self.expiry_reading,
                )
                raise InconsistentGrantError("expiration_date", given, rule)
        if expiration < self.grant_date:
            rule = BEFORE_GRANT_DATE.format(grant_date=self.grant_date)
            raise InconsistentGrantError("expiration_date", expiration, rule)
        return expiration

    def __repr__(self) -> str:
        items: list[tuple[str, object]] = [
            ("grant_date", self.grant_date),
            ("shares", self.shares),
            ("exercise_price", self.exercise_price),
            ("expiration_date", self.expiration_date),
        ]
        if self.term is not None:
            items.append(("term", self.term))
        if self.currency != "USD":
            items.append(("currency", self.currency))
        items.extend((name, getattr(self, name)) for name in ("grantor", "grantee"))
        if self.first_exercise_date != self.grant_date:
            items.append(("first_exercise_date", self.first_exercise_date))
        items.extend(
            (name, getattr(self, name))
            for name, default in _DEFAULT_CONVENTIONS.items()
            if getattr(self, name) != default
        )
        if self.holidays:  # in date order: a set's own order changes between runs
            items.append(("holidays", tuple(sorted(self.holidays))))
        if self.vesting != _IMMEDIATE:
            items.append(("vesting", self.vesting))
        if self.early_exercisable:
            items.append(("early_exercisable", True))
        if self.termination_windows != DEFAULT_TERMINATION_WINDOWS:
            items.append(("termination_windows", self._changed_windows()))
        items.extend(
            (name, getattr(self, name))
            for name in ("exercises", "adjustments", "accelerations", "termination")
            if getattr(self, name)
        )
        # Written the same in any decimal context: repr() of a Decimal reads its capitals.
        shown = ", ".join(
            f"{name}={written_repr(value)}" for name, value in items if value is not None
        )
        return f"OptionGrant({shown})"

    def _changed_windows(self) -> dict[str, Term]:
        defaults = dict(DEFAULT_TERMINATION_WINDOWS)
        return {
            reason.value: term
            for reason, term in self.termination_windows
            if defaults[reason] != term
        }


def check_grant(value: object, field: str = "grant") -> OptionGrant:
    """``value``, if it is an :class:`OptionGrant`: the check every operation on a grant makes.

    >>> from auxer_option import AUXER_1999
    >>> check_grant(AUXER_1999) is AUXER_1999
    True

    Raises:
        OptionTypeError: naming ``field``, for anything else (a dict, a grant's name, ...).
    """
    if not isinstance(value, OptionGrant):
        raise OptionTypeError(field, value, NOT_A_GRANT)
    return value


def vesting_timeline(grant: OptionGrant) -> Vesting:
    """``grant``'s vesting, worked out when it was built: what has vested by any day."""
    return grant._timeline  # noqa: SLF001  (derived state, read by the vesting queries)


def requested_shares(grant: OptionGrant, shares: ShareCount | None, *, minimum: int = 0) -> int:
    """``shares`` checked against ``grant`` (minimum to outstanding); ``None``: all outstanding.

    Raises:
        ShareCountTypeError: if ``shares`` is not a whole number.
        InvalidShareCountError: if it is below ``minimum``.
        InsufficientSharesError: if it exceeds the grant's outstanding shares.
    """
    if shares is None:
        return grant.outstanding_shares
    count = coerce_shares(shares, "shares", minimum=minimum)
    if count > grant.outstanding_shares:
        raise more_than_outstanding("shares", shares, grant.outstanding_shares, grant.shares)
    return count
