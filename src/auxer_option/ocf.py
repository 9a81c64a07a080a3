"""Open Cap Format v1.2.0: grants to and from OCF transactions.

:func:`to_ocf` writes a grant as a ``TX_EQUITY_COMPENSATION_ISSUANCE`` and one
``TX_EQUITY_COMPENSATION_EXERCISE`` per exercise; :func:`from_ocf` reads the option
issuances and their exercises back out of a transactions list, and reports every item it
skips with the reason.

OCF states an option by its expiration date, vesting and termination windows. It has no
place for a cutoff time or time zone, a business-day roll, an expiry day that is excluded,
the "less one day" reading of a term, a window that opens after the grant date, split
adjustments, accelerations, a termination, or how an exercise was paid. An export that
would lose any of them raises :class:`~auxer_option.exceptions.LossyExportError` listing
them, unless ``allow_loss=True``; then they are written, in words, into the issuance's
``comments``.

>>> from auxer_option import AUXER_1999
>>> issuance, = to_ocf(AUXER_1999, security_id="auxer-1999", stakeholder_id="pmr")
>>> issuance["quantity"], issuance["exercise_price"], issuance["expiration_date"]
('1000000', {'amount': '0.13', 'currency': 'USD'}, '1999-10-01')
>>> from_ocf([issuance]).grants["auxer-1999"].last_exercise_date
datetime.date(1999, 10, 1)
"""

from __future__ import annotations

import re
import types
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

import attrs

from auxer_option._exercise import exercise
from auxer_option._grant import OptionGrant
from auxer_option._money import EXACT
from auxer_option._records import PaymentMethod
from auxer_option._termination import TerminationReason
from auxer_option._terms import Term
from auxer_option._vesting import VestingSchedule
from auxer_option._window import BusinessDayRoll, ExpiryReading
from auxer_option.exceptions import (
    InvalidChoiceError,
    InvalidDataError,
    LossyExportError,
    OptionError,
    OptionTypeError,
)

__all__ = ["OcfImport", "SkippedItem", "from_ocf", "to_ocf"]

_ISSUANCE: Final = "TX_EQUITY_COMPENSATION_ISSUANCE"
_EXERCISE: Final = "TX_EQUITY_COMPENSATION_EXERCISE"
# The names OCF v1.2.0 still accepts for the same transactions, deprecated in v2.
_ISSUANCES: Final = frozenset({_ISSUANCE, "TX_PLAN_SECURITY_ISSUANCE"})
_EXERCISES: Final = frozenset({_EXERCISE, "TX_PLAN_SECURITY_EXERCISE"})

#: The compensation types that are options, and so grants this library models.
OPTION_TYPES: Final = ("OPTION", "OPTION_NSO", "OPTION_ISO")

_NOT_OPTIONS: Final = {
    "RSU": "restricted stock units (RSU), not an option",
    "CSAR": "a cash-settled stock appreciation right (CSAR), not an option",
    "SSAR": "a stock-settled stock appreciation right (SSAR), not an option",
}

# OCF's Numeric: fixed-point text with at most this many decimal places.
_PLACES: Final = 10
_NUMERIC = re.compile(r"[+-]?[0-9]+(?:\.[0-9]{1,10})?")

# --- export ---------------------------------------------------------------------------


def to_ocf(
    grant: OptionGrant,
    *,
    security_id: str,
    stakeholder_id: str,
    custom_id: str | None = None,
    stock_class_id: str | None = None,
    stock_plan_id: str | None = None,
    compensation_type: str = "OPTION",
    allow_loss: bool = False,
) -> list[dict[str, Any]]:
    """``grant`` as OCF v1.2.0 transactions: its issuance, then one item per exercise.

    The issuance states the shares and exercise price as granted, the expiration date,
    ``vestings`` (each installment's date and shares) unless every share vests at grant,
    and the seven post-termination windows. ``compensation_type`` is ``"OPTION"`` (an
    option that is neither ISO nor NSO, such as a consultant's), ``"OPTION_NSO"`` or
    ``"OPTION_ISO"``. Ids are derived from ``security_id``: ``"<security_id>-issuance"``
    and ``"<security_id>-exercise-1"``, ...; ``custom_id`` defaults to ``security_id``.

    >>> from auxer_option import AUXER_1999, exercise
    >>> grant, _ = exercise(AUXER_1999, 250_000, "1999-08-02")
    >>> [item["object_type"] for item in to_ocf(grant, security_id="a", stakeholder_id="b")]
    ['TX_EQUITY_COMPENSATION_ISSUANCE', 'TX_EQUITY_COMPENSATION_EXERCISE']

    Raises:
        LossyExportError: listing what OCF cannot hold (see the module docs), unless
            ``allow_loss``; and always for an amount OCF cannot write exactly (more than
            ten decimal places).
        InvalidChoiceError: for a ``compensation_type`` that is not an option.
        OptionTypeError: for ids that are not text.
    """
    if not isinstance(grant, OptionGrant):
        raise OptionTypeError("grant", grant, "must be an OptionGrant")
    _check_ids(
        security_id=security_id,
        stakeholder_id=stakeholder_id,
        custom_id=custom_id,
        stock_class_id=stock_class_id,
        stock_plan_id=stock_plan_id,
    )
    if compensation_type not in OPTION_TYPES:
        raise InvalidChoiceError(
            "compensation_type", compensation_type, f"must be one of {', '.join(OPTION_TYPES)}"
        )
    lost = _lost(grant)
    windows = _windows_out(grant, lost)
    if lost and not allow_loss:
        raise LossyExportError(
            "grant",
            grant,
            "OCF v1.2.0 cannot hold "
            + "; ".join(lost)
            + " (pass allow_loss=True to export without them, listed in comments)",
        )
    issuance: dict[str, Any] = {
        "object_type": _ISSUANCE,
        "id": f"{security_id}-issuance",
        "security_id": security_id,
        "date": grant.grant_date.isoformat(),
        "custom_id": security_id if custom_id is None else custom_id,
        "stakeholder_id": stakeholder_id,
        "security_law_exemptions": [],
        "compensation_type": compensation_type,
        "quantity": str(grant.shares),
        "exercise_price": {
            "amount": _numeric(grant.exercise_price, "exercise_price"),
            "currency": grant.currency,
        },
        "early_exercisable": grant.early_exercisable,
        "expiration_date": grant.expiration_date.isoformat(),
        "termination_exercise_windows": windows,
    }
    if stock_class_id is not None:
        issuance["stock_class_id"] = stock_class_id
    if stock_plan_id is not None:
        issuance["stock_plan_id"] = stock_plan_id
    if not grant.vesting.is_immediate:
        # An installment of no shares (3 shares over 48 months) vests nothing: left out.
        issuance["vestings"] = [
            {"date": day.isoformat(), "amount": _numeric(Fraction(shares), "vesting")}
            for day, shares in grant.vesting.installments(grant.shares)
            if shares
        ]
    if lost:
        issuance["comments"] = [f"Not expressible in OCF v1.2.0: {item}." for item in lost]
    exercises = [
        {
            "object_type": _EXERCISE,
            "id": f"{security_id}-exercise-{number}",
            "security_id": security_id,
            "date": record.date.isoformat(),
            "quantity": str(record.shares),
            "consideration_text": f"{record.cost} {grant.currency}",
            "resulting_security_ids": [],
        }
        for number, record in enumerate(grant.exercises, start=1)
    ]
    return [issuance, *exercises]


def _check_ids(**ids: str | None) -> None:
    for name, value in ids.items():
        optional = name not in {"security_id", "stakeholder_id"}
        if (value is not None or not optional) and (not isinstance(value, str) or not value):
            raise OptionTypeError(name, value, "must be non-empty text")


def _windows_out(grant: OptionGrant, lost: list[str]) -> list[dict[str, Any]]:
    """The grant's termination windows in OCF's form; any it cannot write go on ``lost``."""
    windows = []
    for reason, term in grant.termination_windows:
        period = _period(term)
        if period is None:
            lost.append(f"the {reason} termination window of {term} (OCF counts one unit)")
        else:
            windows.append({"reason": reason.value, "period": period[0], "period_type": period[1]})
    return windows


def _lost(grant: OptionGrant) -> list[str]:
    """What the grant holds that an OCF issuance and its exercises cannot."""
    lost = []
    if grant.cutoff_time is not None:
        lost.append(f"the cutoff time {grant.cutoff_time} in {grant.time_zone}")
    elif grant.time_zone is not None:
        lost.append(f"the time zone {grant.time_zone}")
    if grant.business_day_roll is not BusinessDayRoll.NONE:
        lost.append(f"the business-day roll {grant.business_day_roll}")
    if grant.expiry_reading is ExpiryReading.LESS_ONE_DAY:
        lost.append(
            f"the less-one-day reading of the term {grant.term} (the expiration date it "
            f"gives, {grant.expiration_date}, is written)"
        )
    if not grant.expiry_day_included:
        lost.append(f"that the expiry day {grant.expiration_date} is excluded from the window")
    if grant.first_exercise_date != grant.grant_date:
        lost.append(f"the window opening on {grant.first_exercise_date}, after the grant date")
    counted = (
        (len(grant.adjustments), "split adjustment"),
        (len(grant.accelerations), "vesting acceleration"),
    )
    lost.extend(f"{count} {what}{'s' if count > 1 else ''}" for count, what in counted if count)
    if grant.termination is not None:
        lost.append(f"the termination on {grant.termination.date} ({grant.termination.reason})")
    lost.extend(
        f"how exercises[{index}] was paid ({record.payment}, with its details)"
        for index, record in enumerate(grant.exercises)
        if record.payment is not PaymentMethod.CASH or record.fair_market_value is not None
    )
    return lost


def _period(term: Term) -> tuple[int, str] | None:
    months = term.years * 12 + term.months
    days = term.weeks * 7 + term.days
    if months and days:
        return None
    if months:
        return (term.years, "YEARS") if not term.months else (months, "MONTHS")
    return days, "DAYS"


def _numeric(value: Decimal | Fraction, field: str) -> str:
    """``value`` as OCF Numeric text, exactly, or an error: OCF allows ten decimal places."""
    exact = Fraction(value)
    scaled = exact * 10**_PLACES
    if scaled.denominator != 1:
        raise LossyExportError(
            field, value, f"has more than {_PLACES} decimal places, which OCF cannot write"
        )
    if isinstance(value, Decimal) and value.as_tuple().exponent >= -_PLACES:  # type: ignore[operator]
        return f"{value:f}"  # the digits as given: "32500.00" stays "32500.00"
    # An exact quotient takes the fewest digits it needs: 4.5, never 4.5000000000.
    return f"{EXACT.divide(Decimal(scaled.numerator), 10**_PLACES):f}"


# --- import ---------------------------------------------------------------------------


@attrs.frozen
class SkippedItem:
    """An item :func:`from_ocf` did not read: where it was, what it was, and why.

    ``inconsistent`` is ``True`` for an option issuance or exercise that could not be read
    as the grant it claims to be (an exercise of more shares than are outstanding, say),
    and ``False`` for an item of a kind the library does not model (an RSU, a warrant).

    >>> from_ocf([{"object_type": "TX_STOCK_ISSUANCE", "id": "s-1"}]).skipped
    (SkippedItem(index=0, id='s-1', object_type='TX_STOCK_ISSUANCE',
                 reason='a TX_STOCK_ISSUANCE: not an option issuance or exercise',
                 inconsistent=False),)
    """

    index: int
    id: str | None
    object_type: str | None
    reason: str
    inconsistent: bool


@attrs.frozen
class OcfImport:
    """What :func:`from_ocf` read: the grants by security id, and the items it skipped.

    ``holders`` maps each grant's security id to the ``stakeholder_id`` that holds it.

    >>> from auxer_option import AUXER_1999
    >>> read = from_ocf(to_ocf(AUXER_1999, security_id="a-1", stakeholder_id="pmr"))
    >>> read.grants["a-1"].shares, read.holders["a-1"], read.skipped
    (1000000, 'pmr', ())
    """

    grants: Mapping[str, OptionGrant]
    holders: Mapping[str, str]
    skipped: tuple[SkippedItem, ...]


def from_ocf(
    items: Sequence[Mapping[str, Any]] | Mapping[str, Any], *, strict: bool = False
) -> OcfImport:
    """The option grants in OCF transactions ``items``, with their exercises.

    ``items`` is a list of OCF objects, or a whole transactions file (its ``items`` are
    read). Option issuances (``compensation_type`` ``OPTION``, ``OPTION_NSO`` or
    ``OPTION_ISO``) become grants; their exercises are then recorded on them in date order,
    checked as :func:`~auxer_option.exercise` checks them, at the exercise price in force
    (OCF exercises state no price). Every other item is skipped and listed with the reason.
    An absent termination window takes the library's default for that reason.

    >>> read = from_ocf([{"object_type": "TX_WARRANT_ISSUANCE", "id": "w-1"}])
    >>> dict(read.grants), read.skipped[0].reason
    ({}, 'a warrant, not an option grant')

    Raises:
        InvalidDataError: for ``items`` that are not a list of objects; with ``strict``,
            also for any option issuance or exercise that could not be read (all of them
            listed), instead of skipping it.
    """
    reader = _Reader()
    for index, item in enumerate(_items(items)):
        kind = item.get("object_type") if isinstance(item, Mapping) else None
        kind = kind if isinstance(kind, str) else None  # an unhashable one is no kind at all
        if kind in _ISSUANCES and isinstance(item, Mapping):
            reader.issuance(index, item)
        elif kind in _EXERCISES and isinstance(item, Mapping):
            reader.exercises.append((index, item))
        else:
            reader.skip(index, item, _unread(kind), inconsistent=False)
    reader.record_exercises()
    skipped = tuple(sorted(reader.skipped, key=lambda entry: entry.index))
    if strict and (bad := [entry for entry in skipped if entry.inconsistent]):
        raise InvalidDataError(
            "items",
            [entry.id for entry in bad],
            "; ".join(f"items[{entry.index}] ({entry.id}) {entry.reason}" for entry in bad),
        )
    return OcfImport(
        types.MappingProxyType(reader.grants), types.MappingProxyType(reader.holders), skipped
    )


class _Reader:
    """The state of one import: grants read so far, exercises waiting, items skipped."""

    def __init__(self) -> None:
        self.grants: dict[str, OptionGrant] = {}
        self.holders: dict[str, str] = {}
        self.skipped: list[SkippedItem] = []
        self.exercises: list[tuple[int, Mapping[str, Any]]] = []
        self.not_options: dict[str, str] = {}

    def skip(self, index: int, item: object, reason: str, *, inconsistent: bool) -> None:
        fields = item if isinstance(item, Mapping) else {}
        item_id, kind = (
            value if isinstance(value, str) else None
            for value in (fields.get("id"), fields.get("object_type"))
        )
        self.skipped.append(SkippedItem(index, item_id, kind, reason, inconsistent))

    def issuance(self, index: int, item: Mapping[str, Any]) -> None:
        try:
            security, holder, grant = _issuance(item)
        except _NotAnOption as reason:
            issued = item.get("security_id")
            if isinstance(issued, str):
                self.not_options[issued] = str(reason)
            self.skip(index, item, str(reason), inconsistent=False)
            return
        except OptionError as error:
            self.skip(index, item, f"cannot be read: {error}", inconsistent=True)
            return
        if security in self.grants:
            self.skip(index, item, f"issues security {security!r} again", inconsistent=True)
            return
        self.grants[security] = grant
        self.holders[security] = holder

    def record_exercises(self) -> None:
        # In date order; the file's order among those of one day (the sort is stable).
        for index, item in sorted(self.exercises, key=lambda entry: str(entry[1].get("date"))):
            security = item.get("security_id")
            grant = self.grants.get(security) if isinstance(security, str) else None
            if grant is None:
                if isinstance(security, str) and security in self.not_options:
                    reason = f"exercises {security!r}, which is {self.not_options[security]}"
                    self.skip(index, item, reason, inconsistent=False)
                else:
                    reason = f"exercises {security!r}, which no option issuance here issues"
                    self.skip(index, item, reason, inconsistent=True)
                continue
            try:
                shares = _whole(_field(item, "quantity"), "quantity")
                self.grants[security] = exercise(grant, shares, _field(item, "date"))[0]  # type: ignore[index]
            except OptionError as error:
                self.skip(index, item, f"cannot be recorded: {error}", inconsistent=True)


class _NotAnOption(Exception):  # noqa: N818  (a signal between two functions, never raised out)
    pass


def _items(items: object) -> Sequence[object]:
    if isinstance(items, Mapping):
        if "items" not in items:
            raise InvalidDataError(
                "items", items, "must be a list of OCF objects or a transactions file"
            )
        items = items["items"]
    if not isinstance(items, list | tuple):
        raise InvalidDataError("items", items, "must be a list of OCF objects")
    return items


def _unread(kind: object) -> str:
    if not isinstance(kind, str):
        return "not an OCF object (it has no object_type)"
    if kind.startswith("TX_WARRANT_"):
        return (
            "a warrant, not an option grant"
            if kind == "TX_WARRANT_ISSUANCE"
            else (f"a {kind}: warrants are not read")
        )
    if kind.startswith(("TX_EQUITY_COMPENSATION_", "TX_PLAN_SECURITY_")):
        return f"a {kind}: only option issuances and exercises are read"
    return f"a {kind}: not an option issuance or exercise"


def _field(item: Mapping[str, Any], name: str) -> Any:
    if name not in item:
        raise InvalidDataError(name, None, "is missing")
    return item[name]


def _issuance(item: Mapping[str, Any]) -> tuple[str, str, OptionGrant]:
    compensation = item.get("compensation_type")
    if isinstance(compensation, str) and compensation in _NOT_OPTIONS:
        raise _NotAnOption(_NOT_OPTIONS[compensation])
    if compensation not in OPTION_TYPES:
        raise InvalidChoiceError(
            "compensation_type", compensation, f"must be one of {', '.join(OPTION_TYPES)}"
        )
    security = _text(item, "security_id")
    holder = _text(item, "stakeholder_id")
    price = _field(item, "exercise_price")
    if not isinstance(price, Mapping):
        raise InvalidDataError("exercise_price", price, "must be an amount and a currency")
    expiration = _field(item, "expiration_date")
    if expiration is None:
        raise InvalidDataError(
            "expiration_date", None, "is null: the library reads options that expire"
        )
    vesting = VestingSchedule.immediate()
    if "vestings" in item:
        vesting = _vestings(item["vestings"])
    elif "vesting_terms_id" in item:
        raise InvalidDataError(
            "vesting_terms_id",
            item["vesting_terms_id"],
            "names vesting terms this reader does not resolve; give the installments as "
            "vestings (read as fully vested, the grant would be wrong)",
        )
    grant = OptionGrant(
        _field(item, "date"),
        _whole(_field(item, "quantity"), "quantity"),
        _numeric_text(_field(price, "amount"), "exercise_price.amount"),
        expiration_date=expiration,
        currency=_field(price, "currency"),
        vesting=vesting,
        early_exercisable=item.get("early_exercisable", False),
        termination_windows=_windows(_field(item, "termination_exercise_windows")),
    )
    return security, holder, grant


def _text(item: Mapping[str, Any], name: str) -> str:
    value = _field(item, name)
    if not isinstance(value, str):
        raise InvalidDataError(name, value, "must be text")
    return value


def _numeric_text(value: object, field: str) -> Decimal:
    if not isinstance(value, str) or _NUMERIC.fullmatch(value) is None:
        raise InvalidDataError(field, value, 'must be OCF Numeric text, such as "1000" or "0.13"')
    return Decimal(value)


def _whole(value: object, field: str) -> int:
    number = _numeric_text(value, field)
    if number != number.to_integral_value(context=EXACT):
        raise InvalidDataError(field, value, "must be a whole number of shares")
    return int(number)


def _vestings(given: object) -> VestingSchedule:
    if not isinstance(given, list | tuple):
        raise InvalidDataError("vestings", given, "must be a list of dates and amounts")
    tranches = []
    for index, entry in enumerate(given):
        if not isinstance(entry, Mapping):
            raise InvalidDataError(f"vestings[{index}]", entry, "must be a date and an amount")
        amount = _whole(_field(entry, "amount"), f"vestings[{index}].amount")
        tranches.append((_field(entry, "date"), amount))
    return VestingSchedule.tranches(tranches)


_PERIODS: Final = {"DAYS": "days", "MONTHS": "months", "YEARS": "years"}


def _windows(given: object) -> list[tuple[TerminationReason, Term]]:
    if not isinstance(given, list | tuple):
        raise InvalidDataError("termination_exercise_windows", given, "must be a list")
    windows: list[tuple[TerminationReason, Term]] = []
    for index, entry in enumerate(given):
        field = f"termination_exercise_windows[{index}]"
        if not isinstance(entry, Mapping):
            raise InvalidDataError(field, entry, "must be a reason, a period and a period type")
        reason = TerminationReason.coerce(_field(entry, "reason"), f"{field}.reason")
        period_type = _field(entry, "period_type")
        unit = _PERIODS.get(period_type) if isinstance(period_type, str) else None
        if unit is None:
            raise InvalidChoiceError(
                f"{field}.period_type", period_type, "must be DAYS, MONTHS or YEARS"
            )
        if any(reason is seen for seen, _ in windows):
            raise InvalidDataError(f"{field}.reason", reason.value, "is given twice")
        windows.append((reason, Term(**{unit: _field(entry, "period")})))
    return windows
