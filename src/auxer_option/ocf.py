"""Open Cap Format v1.2.0: grants to and from OCF transactions.

:func:`to_ocf` writes a grant as a ``TX_EQUITY_COMPENSATION_ISSUANCE`` and one
``TX_EQUITY_COMPENSATION_EXERCISE`` per exercise; :func:`from_ocf` reads the option
issuances and their exercises back out of a transactions list, and reports every item it
skips with the reason.

OCF states an option by its expiration date, vesting and termination windows. The term,
the parties, a graded vesting schedule and a window in weeks have no field of their own:
they travel in the issuance's ``comments``, in a form :func:`from_ocf` reads back. OCF has
no place at all for a cutoff time or time zone, a business-day roll or holidays, an expiry
day that is excluded, the "less one day" reading of a term, a window that opens after the
grant date, split adjustments, accelerations, a termination, or how an exercise was paid.
An export that would lose any of them raises
:class:`~auxer_option.exceptions.LossyExportError` listing them, unless
``allow_loss=True``; then they are written, in words, into the issuance's ``comments``.

>>> from auxer_option import AUXER_1999
>>> issuance, = to_ocf(AUXER_1999, security_id="auxer-1999", stakeholder_id="pmr")
>>> issuance["quantity"], issuance["exercise_price"], issuance["expiration_date"]
('1000000', {'amount': '0.13', 'currency': 'USD'}, '1999-10-01')
>>> from_ocf([issuance]).grants["auxer-1999"] == AUXER_1999
True
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

import attrs

from auxer_option._choices import check_choice, one_of
from auxer_option._exercise import exercise
from auxer_option._grant import OptionGrant, check_grant
from auxer_option._money import DEFAULT_ROUNDING, EXACT
from auxer_option._records import PaymentMethod
from auxer_option._termination import TerminationReason
from auxer_option._terms import Term, coerce_date
from auxer_option._text import plain
from auxer_option._vesting import Shares, VestingSchedule
from auxer_option._window import BusinessDayRoll, ExpiryReading
from auxer_option.exceptions import (
    InvalidChoiceError,
    InvalidDataError,
    InvalidTermError,
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

# What an export writes, and from_ocf reads, in an issuance's comments.
_LOST_PREFIX: Final = "Not expressible in OCF v1.2.0: "
_CARRIED_PREFIX: Final = "auxer-option/1 "

_PERIODS: Final = {"DAYS": "days", "MONTHS": "months", "YEARS": "years"}
_COST = re.compile(r"([0-9]+(?:\.[0-9]+)?) ([A-Z]{3})", re.ASCII)

# The rules from_ocf's refusals quote.
PERIOD_RULE: Final = "must be a whole number, 0 or more"
NOT_CARRIED: Final = (
    f"starts with {_CARRIED_PREFIX.strip()!r} but is not a term, grantor, grantee, vesting "
    "or termination window as to_ocf writes them"
)
COMMENTS_RULE: Final = "must be a list of text"
CARRIED_TWICE: Final = "gives again what an earlier comment gave"
GRADED_FORM: Final = (
    "must be 'graded' then start=, months=, every=, cliff=, day_of_month= and allocation=, "
    "as to_ocf writes them"
)
VESTINGS_DISAGREE: Final = "must be the installments of the vesting schedule in comments"
WINDOW_DISAGREES: Final = (
    "must be the termination_exercise_windows entry for its reason, in other units"
)
COST_CURRENCY: Final = "must state the cost in the grant's currency, {currency}"
COST_DISAGREES: Final = (
    "must state what {shares} shares at {price} cost, exactly or rounded to the minor unit"
)
#: A skipped item's reason: a template of ``error``, the refusal of what could not be read.
CANNOT_BE_READ: Final = "cannot be read: {error}"
#: A skipped exercise's reason: a template of ``error``, the refusal of the exercise.
CANNOT_BE_RECORDED: Final = "cannot be recorded: {error}"
#: A compensation type that is not an option's.
NOT_AN_OPTION_TYPE: Final = one_of(OPTION_TYPES)
#: An id that is not text, or empty.
EMPTY_ID: Final = "must be non-empty text"
#: A number with more places than OCF's Numeric holds.
TOO_MANY_PLACES: Final = f"has more than {_PLACES} decimal places, which OCF cannot write"
#: A field an item needs, missing.
MISSING: Final = "is missing"
#: What from_ocf is given, if neither a list nor a transactions file.
NOT_A_FILE: Final = "must be a list of OCF objects or a transactions file"
#: A transactions file's items, if not a list.
NOT_ITEMS: Final = "must be a list of OCF objects"
#: An exercise price that is not an amount and a currency.
NOT_A_PRICE: Final = "must be an amount and a currency"
#: A null expiration date.
NO_EXPIRY: Final = "is null: the library reads options that expire"
#: Vesting given by reference to vesting terms, which are not read.
UNRESOLVED_TERMS: Final = (
    "names vesting terms this reader does not resolve; give the installments as "
    "vestings (read as fully vested, the grant would be wrong)"
)
#: A field of text, or a comment, that is not text.
NOT_TEXT: Final = "must be text"
#: A number that is not OCF Numeric text.
NOT_NUMERIC: Final = 'must be OCF Numeric text, such as "1000" or "0.13"'
#: A quantity or an installment with a fraction of a share.
NOT_WHOLE_SHARES: Final = "must be a whole number of shares"
#: Vestings that are not a list.
NOT_VESTINGS: Final = "must be a list of dates and amounts"
#: One vesting that is not a date and an amount.
NOT_A_VESTING: Final = "must be a date and an amount"
#: Termination windows that are not a list.
NOT_A_LIST: Final = "must be a list"
#: One termination window that is not a reason, a period and a period type.
NOT_A_WINDOW: Final = "must be a reason, a period and a period type"
#: A period type OCF does not have.
PERIOD_TYPES: Final = "must be DAYS, MONTHS or YEARS"
#: A second termination window for one reason.
GIVEN_TWICE: Final = "is given twice"
#: A carried vesting schedule's count of months that is not a whole number.
NOT_WHOLE_MONTHS: Final = "must be a whole number of months"


def cannot_hold(lost: Iterable[str]) -> str:
    """The rule of an export that would lose what ``lost`` describes."""
    return (
        "OCF v1.2.0 cannot hold "
        + "; ".join(lost)
        + " (pass allow_loss=True to export without them, listed in comments)"
    )


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
    ``"OPTION_ISO"``, in any case. Ids are derived from ``security_id``:
    ``"<security_id>-issuance"`` and ``"<security_id>-exercise-1"``, ...; ``custom_id``
    defaults to ``security_id``.

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
    check_grant(grant)
    _check_ids(
        security_id=security_id,
        stakeholder_id=stakeholder_id,
        custom_id=custom_id,
        stock_class_id=stock_class_id,
        stock_plan_id=stock_plan_id,
    )
    # Written as OCF spells it, however it was given ("option_iso" is OPTION_ISO).
    compensation_type = check_choice(compensation_type, OPTION_TYPES, "compensation_type")
    lost = _lost(grant)
    windows = _windows_out(grant, lost)
    if lost and not allow_loss:
        raise LossyExportError("grant", grant, cannot_hold(lost))
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
        issuance["vestings"] = [
            {"date": day.isoformat(), "amount": _numeric(Fraction(shares), "vesting")}
            for day, shares in grant.vesting.installments(grant.shares)
        ]
    comments = [*_carried(grant), *(f"{_LOST_PREFIX}{item}." for item in lost)]
    if comments:
        issuance["comments"] = comments
    exercises = [
        {
            "object_type": _EXERCISE,
            "id": f"{security_id}-exercise-{number}",
            "security_id": security_id,
            "date": record.date.isoformat(),
            "quantity": str(record.shares),
            # All the digits, never "1E-7": from_ocf reads the cost back from this text.
            "consideration_text": f"{plain(record.cost)} {grant.currency}",
            "resulting_security_ids": [],
        }
        for number, record in enumerate(grant.exercises, start=1)
    ]
    return [issuance, *exercises]


def _check_ids(**ids: str | None) -> None:
    for name, value in ids.items():
        optional = name not in {"security_id", "stakeholder_id"}
        if (value is not None or not optional) and (not isinstance(value, str) or not value):
            raise OptionTypeError(name, value, EMPTY_ID)


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
    if grant.holidays:
        days = ", ".join(day.isoformat() for day in sorted(grant.holidays))
        lost.append(f"the holiday{'s' if len(grant.holidays) > 1 else ''} {days}")
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


def _carried(grant: OptionGrant) -> list[str]:
    """Comments carrying what OCF has no field for, in a form :func:`from_ocf` reads back.

    The term (unless read "less one day", which is listed as lost), the parties, a graded
    vesting schedule (``vestings`` holds only its installments), and each termination
    window whose OCF period reads back as a different term (2 weeks written as 14 days).
    """
    carried = []
    if grant.term is not None and grant.expiry_reading is ExpiryReading.CORRESPONDING_DATE:
        carried.append(f"{_CARRIED_PREFIX}term: {grant.term.to_iso()}")
    carried.extend(
        f"{_CARRIED_PREFIX}{name}: {party}"
        for name, party in (("grantor", grant.grantor), ("grantee", grant.grantee))
        if party is not None
    )
    schedule = grant.vesting
    if schedule.start is not None:
        fields = (
            f"start={schedule.start.isoformat()} months={schedule.months} "
            f"every={schedule.every} cliff={schedule.cliff} "
            f"day_of_month={schedule.day_of_month.value} allocation={schedule.allocation.value}"
        )
        carried.append(f"{_CARRIED_PREFIX}vesting: graded {fields}")
    for reason, term in grant.termination_windows:
        period = _period(term)
        if period is not None and _term_of(*period) != term:
            carried.append(f"{_CARRIED_PREFIX}termination window {reason.value}: {term.to_iso()}")
    return carried


def _term_of(period: int, period_type: str) -> Term:
    """The term an OCF period states: ``Term(days=14)`` for 14 ``DAYS``."""
    return Term(**{_PERIODS[period_type]: period})


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
        raise LossyExportError(field, value, TOO_MANY_PLACES)
    if isinstance(value, Decimal) and value.as_tuple().exponent >= -_PLACES:  # type: ignore[operator]
        return plain(value)  # the digits as given: "32500.00" stays "32500.00"
    # An exact quotient takes the fewest digits it needs: 4.5, never 4.5000000000.
    return plain(EXACT.divide(Decimal(scaled.numerator), 10**_PLACES))


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
    (OCF exercises state no price), at the cost a ``consideration_text`` written as
    :func:`to_ocf` writes it states. What :func:`to_ocf` carries in ``comments`` (the term,
    the parties, a graded schedule, a window in weeks) is read back and checked against
    the fields OCF has. Every other item is skipped and listed with the reason. An absent
    termination window takes the library's default for that reason.

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
            self.skip(index, item, CANNOT_BE_READ.format(error=error), inconsistent=True)
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
                day = _field(item, "date")
                recorded = _recorded(grant, shares, day, _stated_cost(item, grant))
                self.grants[security] = recorded  # type: ignore[index]
            except OptionError as error:
                self.skip(index, item, CANNOT_BE_RECORDED.format(error=error), inconsistent=True)


def _stated_cost(item: Mapping[str, Any], grant: OptionGrant) -> tuple[str, Decimal] | None:
    """The cost ``consideration_text`` states, if written as :func:`to_ocf` writes it.

    That is ``"32500.00 USD"``; other text describes the consideration for people.
    """
    text = item.get("consideration_text")
    stated = _COST.fullmatch(text) if isinstance(text, str) else None
    if stated is None:
        return None
    if stated[2] != grant.currency:
        raise InvalidDataError(
            "consideration_text", text, COST_CURRENCY.format(currency=grant.currency)
        )
    return stated[0], Decimal(stated[1])


# The roundings an exercise's cost can have been made with: any mode gives the amount
# rounded down or up to the minor unit, or it was kept exact.
_COST_ROUNDINGS: Final = (DEFAULT_ROUNDING, decimal.ROUND_DOWN, decimal.ROUND_UP, None)


def _recorded(
    grant: OptionGrant, shares: int, day: Any, stated: tuple[str, Decimal] | None
) -> OptionGrant:
    """``grant`` with ``shares`` exercised on ``day``, at the cost stated, if one is."""
    if stated is None:
        return exercise(grant, shares, day)[0]
    text, cost = stated
    for rounding in _COST_ROUNDINGS:
        recorded, record = exercise(grant, shares, day, rounding=rounding)
        if record.cost == cost:
            return recorded
    price = grant.adjusted_exercise_price
    raise InvalidDataError(
        "consideration_text", text, COST_DISAGREES.format(shares=shares, price=price)
    )


class _NotAnOption(Exception):  # noqa: N818  (a signal between two functions, never raised out)
    pass


def _items(items: object) -> Sequence[object]:
    if isinstance(items, Mapping):
        if "items" not in items:
            raise InvalidDataError("items", items, NOT_A_FILE)
        items = items["items"]
    if not isinstance(items, list | tuple):
        raise InvalidDataError("items", items, NOT_ITEMS)
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
        raise InvalidDataError(name, None, MISSING)
    return item[name]


def _issuance(item: Mapping[str, Any]) -> tuple[str, str, OptionGrant]:
    compensation = item.get("compensation_type")
    if isinstance(compensation, str) and compensation in _NOT_OPTIONS:
        raise _NotAnOption(_NOT_OPTIONS[compensation])
    if compensation not in OPTION_TYPES:
        raise InvalidChoiceError("compensation_type", compensation, NOT_AN_OPTION_TYPE)
    security = _text(item, "security_id")
    holder = _text(item, "stakeholder_id")
    price = _field(item, "exercise_price")
    if not isinstance(price, Mapping):
        raise InvalidDataError("exercise_price", price, NOT_A_PRICE)
    expiration = _field(item, "expiration_date")
    if expiration is None:
        raise InvalidDataError("expiration_date", None, NO_EXPIRY)
    shares = _whole(_field(item, "quantity"), "quantity")
    carried = _read_carried(item)
    grant = OptionGrant(
        _field(item, "date"),
        shares,
        _numeric_text(_field(price, "amount"), "exercise_price.amount"),
        expiration_date=expiration,
        term=carried.term,
        currency=_field(price, "currency"),
        grantor=carried.grantor,
        grantee=carried.grantee,
        vesting=_vesting(item, shares, carried.vesting),
        early_exercisable=item.get("early_exercisable", False),
        termination_windows=_windows(_field(item, "termination_exercise_windows"), carried),
    )
    return security, holder, grant


def _vesting(
    item: Mapping[str, Any], shares: int, carried: VestingSchedule | None
) -> VestingSchedule:
    """The schedule carried in comments, checked against ``vestings``.

    Without one, ``vestings`` read as tranches (whole shares only); with neither, every
    share vests at grant.
    """
    if carried is not None:
        given = _field(item, "vestings")
        expected = list(carried.installments(shares))
        if _vestings(given, whole=False) != expected:
            raise InvalidDataError("vestings", given, VESTINGS_DISAGREE)
        return carried
    if "vestings" in item:
        given = _vestings(item["vestings"], whole=True)
        return VestingSchedule.tranches((day, int(shares)) for day, shares in given)
    if "vesting_terms_id" in item:
        raise InvalidDataError("vesting_terms_id", item["vesting_terms_id"], UNRESOLVED_TERMS)
    return VestingSchedule.immediate()


def _text(item: Mapping[str, Any], name: str) -> str:
    value = _field(item, name)
    if not isinstance(value, str):
        raise InvalidDataError(name, value, NOT_TEXT)
    return value


def _numeric_text(value: object, field: str) -> Decimal:
    if not isinstance(value, str) or _NUMERIC.fullmatch(value) is None:
        raise InvalidDataError(field, value, NOT_NUMERIC)
    return Decimal(value)


def _whole(value: object, field: str) -> int:
    number = _numeric_text(value, field)
    if number != number.to_integral_value(context=EXACT):
        raise InvalidDataError(field, value, NOT_WHOLE_SHARES)
    return int(number)


def _vestings(given: object, *, whole: bool) -> list[tuple[dt.date, Shares]]:
    """The installments in ``vestings``, in whole shares.

    With ``whole=False``, exact fractions too (a FRACTIONAL schedule's 4.5 shares a month).
    """
    if not isinstance(given, list | tuple):
        raise InvalidDataError("vestings", given, NOT_VESTINGS)
    installments = []
    for index, entry in enumerate(given):
        field = f"vestings[{index}]"
        if not isinstance(entry, Mapping):
            raise InvalidDataError(field, entry, NOT_A_VESTING)
        amount = _field(entry, "amount")
        shares: Shares = (
            _whole(amount, f"{field}.amount")
            if whole
            else Fraction(_numeric_text(amount, f"{field}.amount"))
        )
        installments.append((coerce_date(_field(entry, "date"), f"{field}.date"), shares))
    return installments


def _windows(given: object, carried: _Carried) -> list[tuple[TerminationReason, Term]]:
    """The windows as OCF states them, each replaced by the term carried for its reason."""
    if not isinstance(given, list | tuple):
        raise InvalidDataError("termination_exercise_windows", given, NOT_A_LIST)
    windows: list[tuple[TerminationReason, Term]] = []
    for index, entry in enumerate(given):
        field = f"termination_exercise_windows[{index}]"
        if not isinstance(entry, Mapping):
            raise InvalidDataError(field, entry, NOT_A_WINDOW)
        reason = TerminationReason.coerce(_field(entry, "reason"), f"{field}.reason")
        period_type = _field(entry, "period_type")
        unit = _PERIODS.get(period_type) if isinstance(period_type, str) else None
        if unit is None:
            raise InvalidChoiceError(f"{field}.period_type", period_type, PERIOD_TYPES)
        if any(reason is seen for seen, _ in windows):
            raise InvalidDataError(f"{field}.reason", reason.value, GIVEN_TWICE)
        period = _field(entry, "period")
        if type(period) is not int or period < 0:
            raise InvalidDataError(f"{field}.period", period, PERIOD_RULE)
        try:
            term = _term_of(period, period_type)
        except InvalidTermError as error:  # Term's own bound, named by the OCF field
            raise InvalidDataError(f"{field}.period", period, error.rule) from error
        windows.append((reason, term))
    stated = dict(windows)
    for reason, (field, comment, term) in carried.windows.items():
        written = _period(term)
        if written is None or reason not in stated or _term_of(*written) != stated[reason]:
            raise InvalidDataError(field, comment, WINDOW_DISAGREES)
        stated[reason] = term
    return list(stated.items())


@attrs.frozen
class _Carried:
    """What an issuance's comments carry (see :func:`_carried`), read back."""

    term: Term | None = None
    grantor: str | None = None
    grantee: str | None = None
    vesting: VestingSchedule | None = None
    # Each reason's term, with the comment that carried it (its field and text).
    windows: Mapping[TerminationReason, tuple[str, str, Term]] = attrs.field(factory=dict)


_WINDOW_KEY: Final = "termination window "


def _read_carried(item: Mapping[str, Any]) -> _Carried:
    """What the comments :func:`to_ocf` writes carry (OCF has no field for it).

    Other comments are notes for people, and are left alone.
    """
    comments = item.get("comments", [])
    if not isinstance(comments, list | tuple):
        raise InvalidDataError("comments", comments, COMMENTS_RULE)
    found: dict[str, object] = {}
    windows: dict[TerminationReason, tuple[str, str, Term]] = {}
    seen: set[str] = set()
    for index, comment in enumerate(comments):
        field = f"comments[{index}]"
        if not isinstance(comment, str):
            raise InvalidDataError(field, comment, NOT_TEXT)
        if not comment.startswith(_CARRIED_PREFIX):
            continue
        key, _, text = comment.removeprefix(_CARRIED_PREFIX).partition(": ")
        if not key.startswith(_WINDOW_KEY) and key not in _CARRIED_READERS:
            raise InvalidDataError(field, comment, NOT_CARRIED)
        if key in seen:
            raise InvalidDataError(field, comment, CARRIED_TWICE)
        seen.add(key)
        try:
            if key.startswith(_WINDOW_KEY):
                reason = TerminationReason.coerce(key.removeprefix(_WINDOW_KEY), "reason")
                windows[reason] = (field, comment, Term.parse(text))
            else:
                found[key] = _CARRIED_READERS[key](text)
        except OptionError as error:
            raise InvalidDataError(field, comment, CANNOT_BE_READ.format(error=error)) from error
    return _Carried(windows=windows, **found)  # type: ignore[arg-type]


def _graded(text: str) -> VestingSchedule:
    """A graded schedule as :func:`_carried` writes it: ``graded start=... months=...``."""
    kind, _, rest = text.partition(" ")
    parts = {}
    for part in rest.split(" "):
        name, _, value = part.partition("=")
        parts[name] = value
    if kind != "graded" or tuple(parts) != _GRADED_FIELDS:
        raise InvalidDataError("vesting", text, GRADED_FORM)
    counts = {}
    for name in ("months", "every", "cliff"):
        if _MONTHS.fullmatch(parts[name]) is None:
            raise InvalidDataError(name, parts[name], NOT_WHOLE_MONTHS)
        counts[name] = int(parts[name])
    return VestingSchedule.graded(
        parts["start"],
        **counts,
        day_of_month=parts["day_of_month"],
        allocation=parts["allocation"],
    )


_GRADED_FIELDS: Final = ("start", "months", "every", "cliff", "day_of_month", "allocation")
# Digits enough for any schedule VestingSchedule allows (1,200 months), and few enough to
# read in no time whatever the text.
_MONTHS = re.compile(r"[0-9]{1,6}")
_CARRIED_READERS: Final[dict[str, Callable[[str], object]]] = {
    "term": Term.parse,
    "grantor": str,
    "grantee": str,
    "vesting": _graded,
}
