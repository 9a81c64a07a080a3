"""The immutable records: :class:`OptionGrant`, :class:`Exercise` and :class:`Adjustment`.

A grant holds its terms as granted and its history (exercises and adjustments, in order);
what it is now (outstanding shares, the exercise price in force) is derived from them once,
at construction, by replaying the history and checking every record against it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Final, TypeVar

import attrs

from auxer_option._choices import Choice
from auxer_option._money import (
    Amount,
    ShareCount,
    add,
    coerce_amount,
    coerce_currency,
    coerce_shares,
    multiply,
    subtract,
)
from auxer_option._ratio import Ratio, coerce_ratio
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
    AdjustmentOrderError,
    ExerciseOrderError,
    ExerciseWindowError,
    InconsistentGrantError,
    InconsistentRecordError,
    InsufficientSharesError,
    OptionTypeError,
    OptionValueError,
)

__all__ = ["Adjustment", "Exercise", "OptionGrant", "PaymentMethod"]


class PaymentMethod(Choice):
    """How the exercise price was paid.

    ``CASH``: the holder paid it in cash. ``NET_EXERCISE``: the company withheld shares
    worth it (a cashless exercise, see :func:`~auxer_option.net_exercise`).
    ``SELL_TO_COVER``: a broker sold enough of the shares to pay it, with any tax and fees
    (see :func:`~auxer_option.sell_to_cover`).

    >>> PaymentMethod("CASH")
    PaymentMethod.CASH
    """

    CASH = "CASH"
    NET_EXERCISE = "NET_EXERCISE"
    SELL_TO_COVER = "SELL_TO_COVER"


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


def _optional_amount(value: Amount | None, field: str) -> Decimal | None:
    return None if value is None else coerce_amount(value, field)


def _optional_shares(value: ShareCount | None, field: str) -> int | None:
    return None if value is None else coerce_shares(value, field, minimum=0)


# One named converter per field, so that errors name the field and type checkers see the
# accepted input types in the generated __init__.
def _fair_market_value(value: Amount | None) -> Decimal | None:
    return _optional_amount(value, "fair_market_value")


def _spread(value: Amount | None) -> Decimal | None:
    return _optional_amount(value, "spread")


def _cash_in_lieu(value: Amount | None) -> Decimal | None:
    return _optional_amount(value, "cash_in_lieu")


def _sale_proceeds(value: Amount | None) -> Decimal | None:
    return _optional_amount(value, "sale_proceeds")


def _tax_withheld(value: Amount | None) -> Decimal | None:
    return _optional_amount(value, "tax_withheld")


def _fees(value: Amount | None) -> Decimal | None:
    return _optional_amount(value, "fees")


def _cash_remaining(value: Amount | None) -> Decimal | None:
    return _optional_amount(value, "cash_remaining")


def _shares_issued(value: ShareCount | None) -> int | None:
    return _optional_shares(value, "shares_issued")


def _shares_withheld(value: ShareCount | None) -> int | None:
    return _optional_shares(value, "shares_withheld")


def _shares_sold(value: ShareCount | None) -> int | None:
    return _optional_shares(value, "shares_sold")


def _shares_kept(value: ShareCount | None) -> int | None:
    return _optional_shares(value, "shares_kept")


_MARKET_FIELDS: Final = ("fair_market_value", "spread")
_NET_EXERCISE_FIELDS: Final = ("shares_issued", "shares_withheld", "cash_in_lieu")
_SALE_FIELDS: Final = (
    "shares_sold",
    "shares_kept",
    "sale_proceeds",
    "tax_withheld",
    "fees",
    "cash_remaining",
)
_REQUIRED_FIELDS: Final = {
    PaymentMethod.CASH: (),
    PaymentMethod.NET_EXERCISE: (*_MARKET_FIELDS, *_NET_EXERCISE_FIELDS),
    PaymentMethod.SELL_TO_COVER: (*_MARKET_FIELDS, *_SALE_FIELDS),
}


@attrs.frozen(repr=False)
class Exercise:
    """One exercise of a grant: on ``date``, ``shares`` bought at ``price`` for ``cost``.

    ``cost`` is the cash the holder paid, in the grant's currency, as rounded when the
    exercise was made (see :func:`~auxer_option.exercise`); ``payment`` says how it was
    paid. The other fields are ``None`` unless the exercise has them:

    * ``fair_market_value`` and ``spread``: the market value of a share on the day, and the
      bargain element ``(fair_market_value − price) × shares`` in cash (zero when not in the
      money): the income a 1099 or W-2 reports for a non-qualified option.
    * a ``NET_EXERCISE`` has ``shares_issued`` (whole shares delivered),
      ``shares_withheld`` (to pay the price; issued + withheld = ``shares``) and
      ``cash_in_lieu`` (the fractional share, paid in cash); its ``cost`` is zero.
    * a ``SELL_TO_COVER`` has ``shares_sold`` and ``shares_kept`` (sold + kept =
      ``shares``), ``sale_proceeds``, ``tax_withheld``, ``fees`` and ``cash_remaining``
      (proceeds less cost, tax and fees).

    >>> from datetime import date
    >>> Exercise(date(1999, 8, 2), 250_000, "0.13", "32500.00").cost
    Decimal('32500.00')

    Raises:
        InconsistentRecordError: if fields contradict the payment method or each other.
    """

    date: dt.date = attrs.field(converter=_exercise_date)
    shares: int = attrs.field(converter=_exercised_shares)
    price: Decimal = attrs.field(converter=_price)
    cost: Decimal = attrs.field(converter=_cost)
    payment: PaymentMethod = attrs.field(default=PaymentMethod.CASH, converter=_payment)
    fair_market_value: Decimal | None = attrs.field(
        default=None, converter=_fair_market_value, kw_only=True
    )
    spread: Decimal | None = attrs.field(default=None, converter=_spread, kw_only=True)
    shares_issued: int | None = attrs.field(default=None, converter=_shares_issued, kw_only=True)
    shares_withheld: int | None = attrs.field(
        default=None, converter=_shares_withheld, kw_only=True
    )
    cash_in_lieu: Decimal | None = attrs.field(default=None, converter=_cash_in_lieu, kw_only=True)
    shares_sold: int | None = attrs.field(default=None, converter=_shares_sold, kw_only=True)
    shares_kept: int | None = attrs.field(default=None, converter=_shares_kept, kw_only=True)
    sale_proceeds: Decimal | None = attrs.field(
        default=None, converter=_sale_proceeds, kw_only=True
    )
    tax_withheld: Decimal | None = attrs.field(default=None, converter=_tax_withheld, kw_only=True)
    fees: Decimal | None = attrs.field(default=None, converter=_fees, kw_only=True)
    cash_remaining: Decimal | None = attrs.field(
        default=None, converter=_cash_remaining, kw_only=True
    )

    def __attrs_post_init__(self) -> None:
        required = _REQUIRED_FIELDS[self.payment]
        for name in (*_NET_EXERCISE_FIELDS, *_SALE_FIELDS):
            value = getattr(self, name)
            if (value is None) == (name in required):
                rule = "is required" if value is None else "does not apply"
                raise InconsistentRecordError(name, value, f"{rule} for a {self.payment} exercise")
        if (self.fair_market_value is None) != (self.spread is None):
            raise InconsistentRecordError(
                "spread", self.spread, "goes with fair_market_value: give both or neither"
            )
        if self.fair_market_value is None and required:
            raise InconsistentRecordError(
                "fair_market_value", None, f"is required for a {self.payment} exercise"
            )
        if self.payment is PaymentMethod.NET_EXERCISE:
            self._check_net_exercise()
        elif self.payment is PaymentMethod.SELL_TO_COVER:
            self._check_sale()

    def _check_net_exercise(self) -> None:
        if self.shares_issued + self.shares_withheld != self.shares:  # type: ignore[operator]
            raise InconsistentRecordError(
                "shares_withheld",
                self.shares_withheld,
                f"plus shares_issued {self.shares_issued} must be the {self.shares} exercised",
            )
        if self.cost:
            raise InconsistentRecordError(
                "cost", self.cost, "must be zero: a net exercise is paid in shares"
            )

    def _check_sale(self) -> None:
        if self.shares_sold + self.shares_kept != self.shares:  # type: ignore[operator]
            raise InconsistentRecordError(
                "shares_kept",
                self.shares_kept,
                f"plus shares_sold {self.shares_sold} must be the {self.shares} exercised",
            )
        paid = add(self.cost, self.tax_withheld, self.fees, field="cash_remaining")  # type: ignore[arg-type]
        if subtract(self.sale_proceeds, paid, "cash_remaining") != self.cash_remaining:  # type: ignore[arg-type]
            raise InconsistentRecordError(
                "cash_remaining",
                self.cash_remaining,
                "must be sale_proceeds less cost, tax_withheld and fees",
            )

    def __repr__(self) -> str:
        fields = attrs.fields(Exercise)
        shown = ", ".join(
            f"{field.name}={value!r}"
            for field in fields
            if (value := getattr(self, field.name)) is not None
        )
        return f"Exercise({shown})"


def _adjustment_date(value: DateLike | None) -> dt.date | None:
    return None if value is None else coerce_date(value, "date")


def _ratio(value: Ratio) -> Fraction:
    return coerce_ratio(value, "ratio")


def _shares_before(value: ShareCount) -> int:
    return coerce_shares(value, "shares_before", minimum=0)


def _shares_after(value: ShareCount) -> int:
    return coerce_shares(value, "shares_after", minimum=0)


def _price_before(value: Amount) -> Decimal:
    return coerce_amount(value, "price_before")


def _price_after(value: Amount) -> Decimal:
    return coerce_amount(value, "price_after")


@attrs.frozen
class Adjustment:
    """One adjustment of a grant for a split, reverse split or stock dividend.

    On ``date`` (``None`` if undated), ``ratio`` new shares for each old one turned the
    ``shares_before`` then outstanding into ``shares_after``, and the exercise price
    ``price_before`` into ``price_after`` (see :func:`~auxer_option.adjust_for_split`).
    Derived: ``fraction_dropped``, the exact fraction of a share the rounding removed
    (``shares_before × ratio − shares_after``), and ``aggregate_price_change``, the change
    in the aggregate exercise price (after less before; negative when it fell).

    >>> from datetime import date
    >>> record = Adjustment(date(2000, 1, 3), "3:2", 7, 10, "0.13", "0.0867")
    >>> record.fraction_dropped, record.aggregate_price_change
    (Fraction(1, 2), Decimal('-0.0430'))

    Raises:
        InconsistentRecordError: if ``shares_after`` is not ``shares_before × ratio``
            rounded to a whole share.
    """

    date: dt.date | None = attrs.field(converter=_adjustment_date)
    ratio: Fraction = attrs.field(converter=_ratio)
    shares_before: int = attrs.field(converter=_shares_before)
    shares_after: int = attrs.field(converter=_shares_after)
    price_before: Decimal = attrs.field(converter=_price_before)
    price_after: Decimal = attrs.field(converter=_price_after)

    fraction_dropped: Fraction = attrs.field(init=False, eq=False, repr=False)
    aggregate_price_change: Decimal = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        dropped = self.shares_before * self.ratio - self.shares_after
        if abs(dropped) >= 1:
            raise InconsistentRecordError(
                "shares_after",
                self.shares_after,
                f"must be shares_before {self.shares_before} times ratio {self.ratio}, "
                "rounded to a whole share",
            )
        change = subtract(
            multiply(self.price_after, self.shares_after, "aggregate_price_change"),
            multiply(self.price_before, self.shares_before, "aggregate_price_change"),
            "aggregate_price_change",
        )
        object.__setattr__(self, "fraction_dropped", dropped)
        # A zero change is stored as 0, never -0.
        object.__setattr__(self, "aggregate_price_change", change or change.copy_abs())


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


_Record = TypeVar("_Record", "Exercise", "Adjustment")


def _records(given: object, kind: type[_Record], field: str) -> tuple[_Record, ...]:
    if type(given) is tuple and not given:
        return ()  # the common case, kept cheap: most grants have no history
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise OptionTypeError(field, given, f"must be a sequence of {kind.__name__} records")
    records = tuple(given)
    for index, record in enumerate(records):
        if not isinstance(record, kind):
            raise OptionTypeError(f"{field}[{index}]", record, f"must be an {kind.__name__} record")
    return records


def _exercises(given: Iterable[Exercise]) -> tuple[Exercise, ...]:
    return _records(given, Exercise, "exercises")


def _adjustments(given: Iterable[Adjustment]) -> tuple[Adjustment, ...]:
    return _records(given, Adjustment, "adjustments")


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

    # Derived once, here, and never recomputed: every check reads these.
    last_exercise_date: dt.date = attrs.field(init=False, eq=False)
    outstanding_shares: int = attrs.field(init=False, eq=False)
    adjusted_exercise_price: Decimal = attrs.field(init=False, eq=False)

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
        if self.adjustments:
            outstanding, price = self._replay(first, last)
        else:
            outstanding, price = self._check_exercises(first, last), self.exercise_price
        object.__setattr__(self, "outstanding_shares", outstanding)
        object.__setattr__(self, "adjusted_exercise_price", price)

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
        check = functools.partial(self._check_exercise, first=first, last=last)
        outstanding = self.shares
        previous = first
        for index, record in enumerate(self.exercises):
            outstanding = check(index, record, previous, outstanding, self.exercise_price)
            previous = record.date
        return outstanding

    def _check_exercise(
        self,
        index: int,
        record: Exercise,
        previous: dt.date,
        outstanding: int,
        price: Decimal,
        *,
        first: dt.date,
        last: dt.date,
    ) -> int:
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
                f"must not be before the previous exercise or adjustment, on {previous}",
            )
        if record.price != price:
            raise InconsistentGrantError(
                f"exercises[{index}].price",
                record.price,
                f"must be the exercise price in force, {price}",
            )
        if record.shares > outstanding:
            raise _more_than_outstanding(
                f"exercises[{index}].shares", record.shares, outstanding, self.shares
            )
        return outstanding - record.shares

    def _replay(self, first: dt.date, last: dt.date) -> tuple[int, Decimal]:
        # Exercises strictly lower the outstanding shares, so each adjustment's place in the
        # history is the first point where the outstanding shares equal its shares_before
        # (after one more exercise they could never equal it again).
        outstanding, price, previous = self.shares, self.exercise_price, self.grant_date
        check = functools.partial(self._check_exercise, first=first, last=last)
        exercises = iter(enumerate(self.exercises))
        for index, adjustment in enumerate(self.adjustments):
            while outstanding != adjustment.shares_before:
                number, record = next(exercises, (-1, None))
                if record is None:
                    raise InconsistentGrantError(
                        f"adjustments[{index}].shares_before",
                        adjustment.shares_before,
                        "must be the shares outstanding when it was made, but the history "
                        f"before it never leaves that many (it ends with {outstanding})",
                    )
                outstanding = check(number, record, previous, outstanding, price)
                previous = record.date
            previous = _check_adjustment(index, adjustment, previous, price)
            outstanding, price = adjustment.shares_after, adjustment.price_after
        for number, record in exercises:
            outstanding = check(number, record, previous, outstanding, price)
            previous = record.date
        return outstanding, price

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
        items.extend(
            (name, getattr(self, name))
            for name in ("exercises", "adjustments")
            if getattr(self, name)
        )
        shown = ", ".join(f"{name}={value!r}" for name, value in items if value is not None)
        return f"OptionGrant({shown})"


def _check_adjustment(
    index: int, adjustment: Adjustment, previous: dt.date, price: Decimal
) -> dt.date:
    """Check an adjustment against the replay so far; return the latest date after it."""
    if adjustment.price_before != price:
        raise InconsistentGrantError(
            f"adjustments[{index}].price_before",
            adjustment.price_before,
            f"must be the exercise price in force, {price}",
        )
    if adjustment.date is None:
        return previous
    if adjustment.date < previous:
        raise AdjustmentOrderError(
            f"adjustments[{index}].date",
            adjustment.date,
            f"must not be before the grant date or the previous event, on {previous}",
        )
    return adjustment.date


def latest_event(grant: OptionGrant) -> tuple[str, dt.date] | None:
    """The kind and date of ``grant``'s latest dated exercise or adjustment, if any."""
    dated = [("adjustment", a.date) for a in grant.adjustments if a.date is not None]
    if grant.exercises:
        dated.append(("exercise", grant.exercises[-1].date))
    return max(dated, key=lambda event: event[1], default=None)


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
