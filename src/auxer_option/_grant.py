"""The immutable records: :class:`OptionGrant` and :class:`Exercise`, and their invariants."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Final

import attrs

from auxer_option._choices import Choice
from auxer_option._money import Amount, ShareCount, coerce_amount, coerce_currency, coerce_shares
from auxer_option._terms import DateLike, Term, coerce_date, coerce_term
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
    ExerciseOrderError,
    ExerciseWindowError,
    InconsistentGrantError,
    InsufficientSharesError,
    OptionTypeError,
    OptionValueError,
)

__all__ = ["Exercise", "OptionGrant", "PaymentMethod"]


class PaymentMethod(Choice):
    """How the exercise price was paid. ``CASH``: the holder paid it in cash.

    >>> PaymentMethod("CASH")
    PaymentMethod.CASH
    """

    CASH = "CASH"


def _payment(value: PaymentMethod | str) -> PaymentMethod:
    return PaymentMethod.coerce(value, "payment")


def _exercise_date(value: DateLike) -> dt.date:
    return coerce_date(value, "date")


def _exercised_shares(value: ShareCount) -> int:
    return coerce_shares(value, "shares")


def _price(value: Amount) -> Decimal:
    return coerce_amount(value, "price")


def _cost(value: Amount) -> Decimal:
    return coerce_amount(value, "cost")


@attrs.frozen
class Exercise:
    """One exercise of a grant: on ``date``, ``shares`` bought at ``price`` for ``cost``.

    ``cost`` is the cash the holder paid, in the grant's currency, as rounded when the
    exercise was made (see :func:`~auxer_option.exercise`); ``payment`` says how it was paid.

    >>> from datetime import date
    >>> Exercise(date(1999, 8, 2), 250_000, "0.13", "32500.00").cost
    Decimal('32500.00')
    """

    date: dt.date = attrs.field(converter=_exercise_date)
    shares: int = attrs.field(converter=_exercised_shares)
    price: Decimal = attrs.field(converter=_price)
    cost: Decimal = attrs.field(converter=_cost)
    payment: PaymentMethod = attrs.field(default=PaymentMethod.CASH, converter=_payment)


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
        raise OptionTypeError(field, value, "must be text (a name) or None")
    if not value.strip():
        raise OptionValueError(field, value, "must name the party, or be None")
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
        raise OptionTypeError(field, value, "must be True or False")
    return value


def _business_day_roll(value: BusinessDayRoll | str) -> BusinessDayRoll:
    return BusinessDayRoll.coerce(value, "business_day_roll")


def _exercises(given: Iterable[Exercise]) -> tuple[Exercise, ...]:
    value: object = given  # the annotation guides callers; the checks take anything
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise OptionTypeError("exercises", value, "must be a sequence of Exercise records")
    records = tuple(value)
    for index, record in enumerate(records):
        if not isinstance(record, Exercise):
            raise OptionTypeError(f"exercises[{index}]", record, "must be an Exercise record")
    return records


_DEFAULT_CONVENTIONS: Final = {
    "expiry_reading": ExpiryReading.CORRESPONDING_DATE,
    "expiry_day_included": True,
    "cutoff_time": None,
    "time_zone": None,
    "business_day_roll": BusinessDayRoll.NONE,
}


@attrs.frozen(repr=False)
class OptionGrant:
    """An option to buy ``shares`` at ``exercise_price`` each, within an exercise window.

    Give the expiry as ``expiration_date=`` or as ``term=`` (a :class:`Term`, a
    ``relativedelta`` or text such as ``"3 months"``); with both, they must agree. The
    window runs from ``first_exercise_date`` (default: the grant date) through
    ``last_exercise_date``, both inclusive; ``last_exercise_date`` is derived once from
    the expiry and the window conventions (see :doc:`/conventions`).

    Dates are ``datetime.date`` or ``"YYYY-MM-DD"``; the price is a ``Decimal``, an int
    or a numeric string, never a float; ``shares`` is a whole number.

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

    # Derived once, here, and never recomputed: every check reads these.
    last_exercise_date: dt.date = attrs.field(init=False, eq=False)
    outstanding_shares: int = attrs.field(init=False, eq=False)

    def __attrs_post_init__(self) -> None:
        expiration = self._resolve_expiration()
        first: dt.date | None = self.first_exercise_date
        if first is None:
            first = self.grant_date
        elif first < self.grant_date:
            raise InconsistentGrantError(
                "first_exercise_date", first, f"must not be before grant_date {self.grant_date}"
            )
        if self.cutoff_time is not None and self.time_zone is None:
            raise InconsistentGrantError(
                "cutoff_time", self.cutoff_time, "needs a time_zone to say whose clock it is"
            )
        last = last_exercise_date(
            expiration,
            expiry_day_included=self.expiry_day_included,
            roll=self.business_day_roll,
            holidays=self.holidays,
        )
        if last < first:
            raise InconsistentGrantError(
                "last_exercise_date",
                last,
                f"the window would be empty: it opens on {first} but its last day is {last}",
            )
        object.__setattr__(self, "expiration_date", expiration)
        object.__setattr__(self, "first_exercise_date", first)
        object.__setattr__(self, "last_exercise_date", last)
        object.__setattr__(self, "outstanding_shares", self._check_exercises(first, last))

    def _resolve_expiration(self) -> dt.date:
        given: dt.date | None = self.expiration_date
        term = self.term
        if term is None:
            if given is None:
                raise InconsistentGrantError(
                    "expiration_date", None, "give expiration_date= or term= (or both, agreeing)"
                )
            if self.expiry_reading is not ExpiryReading.CORRESPONDING_DATE:
                raise InconsistentGrantError(
                    "expiry_reading",
                    self.expiry_reading,
                    "applies to a term; with only expiration_date, give the date that is meant",
                )
            expiration = given
        else:
            expiration = expiration_from_term(self.grant_date, term, self.expiry_reading)
            if given is not None and given != expiration:
                raise InconsistentGrantError(
                    "expiration_date",
                    given,
                    f"disagrees with term {term} from {self.grant_date}, "
                    f"which gives {expiration} ({self.expiry_reading})",
                )
        if expiration < self.grant_date:
            raise InconsistentGrantError(
                "expiration_date", expiration, f"must not be before grant_date {self.grant_date}"
            )
        return expiration

    def _check_exercises(self, first: dt.date, last: dt.date) -> int:
        outstanding = self.shares
        previous = first
        for index, record in enumerate(self.exercises):
            if not first <= record.date <= last:
                raise ExerciseWindowError(
                    f"exercises[{index}].date",
                    record.date,
                    f"must fall in the exercise window, {first} to {last} inclusive",
                )
            if record.date < previous:
                raise ExerciseOrderError(
                    f"exercises[{index}].date",
                    record.date,
                    f"must not be before the previous exercise, on {previous}",
                )
            if record.shares > outstanding:
                raise _more_than_outstanding(
                    f"exercises[{index}].shares", record.shares, outstanding, self.shares
                )
            outstanding -= record.shares
            previous = record.date
        return outstanding

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
        if self.exercises:
            items.append(("exercises", self.exercises))
        shown = ", ".join(f"{name}={value!r}" for name, value in items if value is not None)
        return f"OptionGrant({shown})"


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
        raise _more_than_outstanding("shares", shares, grant.outstanding_shares, grant.shares)
    return count


def _more_than_outstanding(
    field: str, value: object, outstanding: int, granted: int
) -> InsufficientSharesError:
    return InsufficientSharesError(
        field, value, f"only {outstanding} of the {granted} granted shares are outstanding"
    )
