"""The history records a grant carries: :class:`Exercise` and :class:`Adjustment`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Final, cast

import attrs

from auxer_option._choices import Choice
from auxer_option._money import (
    Amount,
    ShareCount,
    add,
    coerce_amount,
    coerce_shares,
    multiply,
    subtract,
)
from auxer_option._pickling import RebuiltByConstructor
from auxer_option._ratio import Ratio, coerce_ratio
from auxer_option._tables import Row, Shown
from auxer_option._terms import DateLike, coerce_date
from auxer_option._text import plain, written_repr
from auxer_option.exceptions import InconsistentRecordError

__all__ = ["Adjustment", "Exercise", "PaymentMethod"]


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


# The rules a record's fields are refused by when they do not go together, each written
# once here; those with a value in them are templates, filled in with str.format.
#: A field a payment needs, missing: a template of ``payment``.
REQUIRED_FOR: Final = "is required for a {payment} exercise"
#: A field a payment has no use for, given: a template of ``payment``.
NOT_FOR: Final = "does not apply for a {payment} exercise"
#: A spread without a fair market value, or the other way round.
MARKET_PAIR: Final = "goes with fair_market_value: give both or neither"
#: Shares withheld and issued that do not add up: a template of ``issued`` and ``shares``.
NET_SHARES: Final = "plus shares_issued {issued} must be the {shares} exercised"
#: A net exercise with a cash cost.
NET_COST: Final = "must be zero: a net exercise is paid in shares"
#: Shares kept and sold that do not add up: a template of ``sold`` and ``shares``.
SALE_SHARES: Final = "plus shares_sold {sold} must be the {shares} exercised"
#: Cash remaining that is not what the sale leaves.
CASH_REMAINING: Final = "must be sale_proceeds less cost, tax_withheld and fees"
#: Shares after an adjustment more than a share away from the ratio's: a template of
#: ``shares_before`` and ``ratio``.
SHARES_AFTER: Final = (
    "must be shares_before {shares_before} times ratio {ratio}, rounded to a whole share"
)

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


@attrs.frozen(repr=False, getstate_setstate=False)
class Exercise(RebuiltByConstructor, Shown):
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
                rule = (REQUIRED_FOR if value is None else NOT_FOR).format(payment=self.payment)
                raise InconsistentRecordError(name, value, rule)
        if (self.fair_market_value is None) != (self.spread is None):
            raise InconsistentRecordError("spread", self.spread, MARKET_PAIR)
        if self.fair_market_value is None and required:
            rule = REQUIRED_FOR.format(payment=self.payment)
            raise InconsistentRecordError("fair_market_value", None, rule)
        if self.payment is PaymentMethod.NET_EXERCISE:
            self._check_net_exercise()
        elif self.payment is PaymentMethod.SELL_TO_COVER:
            self._check_sale()

    def _check_net_exercise(self) -> None:
        if self.shares_issued + self.shares_withheld != self.shares:  # type: ignore[operator]
            raise InconsistentRecordError(
                "shares_withheld",
                self.shares_withheld,
                NET_SHARES.format(issued=self.shares_issued, shares=self.shares),
            )
        if self.cost:
            raise InconsistentRecordError("cost", self.cost, NET_COST)

    def _check_sale(self) -> None:
        if self.shares_sold + self.shares_kept != self.shares:  # type: ignore[operator]
            raise InconsistentRecordError(
                "shares_kept",
                self.shares_kept,
                SALE_SHARES.format(sold=self.shares_sold, shares=self.shares),
            )
        paid = add(self.cost, self.tax_withheld, self.fees, field="cash_remaining")  # type: ignore[arg-type]
        if subtract(self.sale_proceeds, paid, "cash_remaining") != self.cash_remaining:  # type: ignore[arg-type]
            raise InconsistentRecordError(
                "cash_remaining",
                self.cash_remaining,
                CASH_REMAINING,
            )

    def __repr__(self) -> str:
        return repr_without_none(self)

    def _summary(self) -> tuple[str, list[Row]]:
        rows = [
            ("Date", f"{self.date}"),
            ("Shares", f"{self.shares:,} at {_plain(self.price)} a share"),
            ("Cost", f"{_plain(self.cost)} ({_PAID[self.payment]})"),
        ]
        if self.fair_market_value is not None:
            rows.append(
                (
                    "Market value",
                    f"{_plain(self.fair_market_value)} a share; spread {_plain(self.spread)}",
                )
            )
        if self.payment is PaymentMethod.NET_EXERCISE:
            rows.append(
                (
                    "Shares issued",
                    (
                        f"{self.shares_issued:,} ({self.shares_withheld:,} withheld; "
                        f"{_plain(self.cash_in_lieu)} cash in lieu)"
                    ),
                )
            )
        if self.payment is PaymentMethod.SELL_TO_COVER:
            rows.append(
                (
                    "Shares kept",
                    (
                        f"{self.shares_kept:,} ({self.shares_sold:,} sold for "
                        f"{_plain(self.sale_proceeds)}; {_plain(self.tax_withheld)} tax and "
                        f"{_plain(self.fees)} fees withheld; {_plain(self.cash_remaining)} left)"
                    ),
                )
            )
        return f"Exercise of {self.shares:,} shares on {self.date}", rows


_PAID: Final = {
    PaymentMethod.CASH: "paid in cash",
    PaymentMethod.NET_EXERCISE: "paid in shares",
    PaymentMethod.SELL_TO_COVER: "paid from a sale of shares",
}


def _plain(amount: Decimal | None) -> str:
    # A record does not know its grant's currency: amounts are shown as they are. Each one
    # shown is present for the record's payment method, so never None.
    return plain(cast("Decimal", amount), grouped=True)


def repr_without_none(record: attrs.AttrsInstance) -> str:
    """The constructor call that rebuilds ``record``, leaving out fields that are None."""
    return constructor_repr(record, leave_out_none=True)


def constructor_repr(record: attrs.AttrsInstance, *, leave_out_none: bool = False) -> str:
    """The constructor call that rebuilds ``record``: its fields shown in its repr, by name.

    Written the same in any decimal context (see :func:`~auxer_option._text.written_repr`).
    """
    values = (
        (field.name, getattr(record, field.name))
        for field in attrs.fields(type(record))
        if field.repr
    )
    shown = ", ".join(
        f"{name}={written_repr(value)}"
        for name, value in values
        if not (leave_out_none and value is None)
    )
    return f"{type(record).__name__}({shown})"


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


@attrs.frozen(repr=False, getstate_setstate=False)
class Adjustment(RebuiltByConstructor):
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
                SHARES_AFTER.format(shares_before=self.shares_before, ratio=self.ratio),
            )
        change = subtract(
            multiply(self.price_after, self.shares_after, "aggregate_price_change"),
            multiply(self.price_before, self.shares_before, "aggregate_price_change"),
            "aggregate_price_change",
        )
        object.__setattr__(self, "fraction_dropped", dropped)
        # A zero change is stored as 0, never -0.
        object.__setattr__(self, "aggregate_price_change", change or change.copy_abs())

    def __repr__(self) -> str:
        return constructor_repr(self)  # an undated adjustment shows date=None
