"""Reading Open Cap Format v1.2.0 transactions: the option grants they issue, and why not.

The half of :mod:`auxer_option.ocf` that reads, kept below the books of grants so that
both the scalar reader (:func:`from_ocf`, public from :mod:`auxer_option.ocf`) and the
book's reader build on one reading of each item. What :func:`auxer_option.ocf.to_ocf`
writes, and the shapes of OCF it shares with this module (the object types, the prefix of
carried comments, the periods of a window), are defined here once.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import re
import types
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

import attrs

from auxer_option._choices import one_of
from auxer_option._exercise import exercise
from auxer_option._grant import OptionGrant
from auxer_option._money import DEFAULT_ROUNDING, EXACT, coerce_amount
from auxer_option._ocf_vesting import GradedTerms, read_terms
from auxer_option._termination import DEFAULT_TERMINATION_WINDOWS, TerminationReason
from auxer_option._terms import Term, coerce_date
from auxer_option._vesting import Shares, VestingSchedule
from auxer_option.exceptions import (
    InvalidChoiceError,
    InvalidDataError,
    InvalidTermError,
    OptionError,
)

__all__ = ["OcfImport", "OcfReading", "SkippedItem", "from_ocf", "read_items"]

ISSUANCE: Final = "TX_EQUITY_COMPENSATION_ISSUANCE"
EXERCISE: Final = "TX_EQUITY_COMPENSATION_EXERCISE"
# The names OCF v1.2.0 still accepts for the same transactions, deprecated in v2.
_ISSUANCES: Final = frozenset({ISSUANCE, "TX_PLAN_SECURITY_ISSUANCE"})
_EXERCISES: Final = frozenset({EXERCISE, "TX_PLAN_SECURITY_EXERCISE"})
_VESTING_TERMS: Final = "VESTING_TERMS"
_VESTING_START: Final = "TX_VESTING_START"

#: The compensation types that are options, and so grants this library models.
OPTION_TYPES: Final = ("OPTION", "OPTION_NSO", "OPTION_ISO")

_NOT_OPTIONS: Final = {
    "RSU": "restricted stock units (RSU), not an option",
    "CSAR": "a cash-settled stock appreciation right (CSAR), not an option",
    "SSAR": "a stock-settled stock appreciation right (SSAR), not an option",
}

# OCF's Numeric: fixed-point text with at most this many decimal places.
PLACES: Final = 10
_NUMERIC = re.compile(r"[+-]?[0-9]+(?:\.[0-9]{1,10})?")

# What to_ocf writes, and from_ocf reads, in an issuance's comments.
CARRIED_PREFIX: Final = "auxer-option/1 "

_PERIODS: Final = {"DAYS": "days", "MONTHS": "months", "YEARS": "years"}
_COST = re.compile(r"([0-9]+(?:\.[0-9]+)?) ([A-Z]{3})", re.ASCII)

# The rules from_ocf's refusals quote.
PERIOD_RULE: Final = "must be a whole number, 0 or more"
NOT_CARRIED: Final = (
    f"starts with {CARRIED_PREFIX.strip()!r} but is not a term, grantor, grantee, vesting, "
    "grant_fair_market_value, ten_percent_holder or termination window as to_ocf writes them"
)
#: A carried ten_percent_holder other than "yes", the one value to_ocf writes.
NOT_YES: Final = "must be 'yes', as to_ocf writes it"
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
#: A security issued by a second option issuance.
ISSUED_AGAIN: Final = "is issued again by another option issuance"
#: An exercise of a security no option issuance issues.
NOT_ISSUED: Final = "is not issued by an option issuance among the items"
#: Vesting terms named by an issuance and not among the items.
UNRESOLVED_TERMS: Final = (
    "names vesting terms that are not among the items (read as fully vested, the grant "
    "would be wrong)"
)
#: Vesting terms named by an issuance, and given twice.
TERMS_TWICE: Final = "names vesting terms that more than one VESTING_TERMS object gives"
#: Vesting terms that are not a graded schedule: a template of ``error``, the refusal.
TERMS_NOT_GRADED: Final = "names vesting terms the library cannot hold as a schedule: {error}"
#: Vesting terms with no start for the security: a template of ``condition``.
NO_VESTING_START: Final = (
    "names vesting terms that start with condition {condition!r}, and no TX_VESTING_START "
    "of this security dates it"
)
#: Vesting terms with two starts for the security: a template of ``condition``.
STARTS_TWICE: Final = (
    "names vesting terms that start with condition {condition!r}, which more than one "
    "TX_VESTING_START of this security dates"
)
#: Vesting terms that give another schedule than the one carried in comments.
TERMS_DISAGREE: Final = "must give the vesting schedule carried in comments"
#: Installments that are not those of the vesting terms named.
VESTINGS_NOT_TERMS: Final = "must be the installments of the vesting terms named"
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


@functools.lru_cache(maxsize=256)  # a file's windows repeat: a few terms, read once each
def term_of(period: int, period_type: str) -> Term:
    """The term an OCF period states: ``Term(days=14)`` for 14 ``DAYS``."""
    return Term(**{_PERIODS[period_type]: period})


def period_of(term: Term) -> tuple[int, str] | None:
    months = term.years * 12 + term.months
    days = term.weeks * 7 + term.days
    if months and days:
        return None
    if months:
        return (term.years, "YEARS") if not term.months else (months, "MONTHS")
    return days, "DAYS"


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

    >>> from auxer_option import AUXER_1999, to_ocf
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
    :func:`~auxer_option.to_ocf` writes it states. What it carries in ``comments`` (the term,
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
    reading = read_items(items)
    skipped = reading.imported.skipped
    if strict and (bad := [entry for entry in skipped if entry.inconsistent]):
        raise InvalidDataError(
            "items",
            [entry.id for entry in bad],
            "; ".join(f"items[{entry.index}] ({entry.id}) {entry.reason}" for entry in bad),
        )
    return reading.imported


@attrs.frozen
class OcfReading:
    """What :func:`read_items` read: :func:`from_ocf`'s result, and each refusal behind it.

    ``errors`` holds, by index, the refusal of each item skipped as inconsistent.
    """

    imported: OcfImport
    errors: Mapping[int, OptionError]


def read_items(items: object) -> OcfReading:
    """Read ``items`` as :func:`from_ocf` does, keeping each refusal (never strict).

    Raises:
        InvalidDataError: for ``items`` that are not a list of objects.
    """
    reader = _Reader()
    issuances = []
    for index, item in enumerate(_items(items)):
        kind = None
        # A dict is asked first: asking isinstance of the Mapping ABC takes longer.
        if isinstance(item, dict) or isinstance(item, Mapping):  # noqa: SIM101
            kind = item.get("object_type")
            kind = kind if isinstance(kind, str) else None  # an unhashable one is no kind
            if kind in _ISSUANCES:
                issuances.append((index, item))
                continue
            if kind in _EXERCISES:
                reader.exercises.append((index, item))
                continue
            if reader.vesting_item(index, item, kind):
                continue
        reader.skip(index, item, _unread(kind), inconsistent=False)
    # After every item is seen: vesting terms and starts may come after their issuances.
    for index, item in issuances:
        reader.issuance(index, item)
    reader.skip_unused()
    reader.record_exercises()
    skipped = tuple(sorted(reader.skipped, key=lambda entry: entry.index))
    imported = OcfImport(
        types.MappingProxyType(reader.grants), types.MappingProxyType(reader.holders), skipped
    )
    return OcfReading(imported, types.MappingProxyType(reader.errors))


class _Reader:
    """The state of one import: grants read so far, exercises waiting, items skipped."""

    def __init__(self) -> None:
        self.grants: dict[str, OptionGrant] = {}
        self.holders: dict[str, str] = {}
        self.skipped: list[SkippedItem] = []
        self.exercises: list[tuple[int, Mapping[str, Any]]] = []
        self.not_options: dict[str, str] = {}
        # Vesting terms by id, and vesting starts by security and condition, each with its
        # index; read into the grants that name them, and skipped if none does.
        self.terms: dict[str, list[tuple[int, Mapping[str, Any]]]] = {}
        self.starts: dict[tuple[str, str], list[tuple[int, Mapping[str, Any]]]] = {}
        self.read_terms: dict[str, GradedTerms | OptionError] = {}
        self.vesting_items: dict[int, Mapping[str, Any]] = {}
        self.used: set[int] = set()
        # The refusal behind each item skipped as inconsistent, by index.
        self.errors: dict[int, OptionError] = {}
        self.using: tuple[int, ...] = ()

    def vesting_item(self, index: int, item: Mapping[str, Any], kind: str | None) -> bool:
        """Keep vesting terms or a vesting start for the issuances; whether ``item`` is one."""
        if kind == _VESTING_TERMS and isinstance(name := item.get("id"), str):
            self.terms.setdefault(name, []).append((index, item))
        elif kind == _VESTING_START and all(
            isinstance(item.get(field), str) for field in ("security_id", "vesting_condition_id")
        ):
            key = (item["security_id"], item["vesting_condition_id"])
            self.starts.setdefault(key, []).append((index, item))
        else:
            return False
        self.vesting_items[index] = item
        return True

    def vesting_terms(self, item: Mapping[str, Any], security: str) -> VestingSchedule:
        """The schedule of the vesting terms ``item`` names, from its security's start."""
        name = item["vesting_terms_id"]
        found = self.terms.get(name, []) if isinstance(name, str) else []
        if len(found) != 1:
            rule = UNRESOLVED_TERMS if not found else TERMS_TWICE
            raise InvalidDataError("vesting_terms_id", name, rule)
        index, terms = found[0]
        graded = self.read_terms.get(name)
        if graded is None:  # each terms object read once, however many grants name it
            try:
                graded = read_terms(terms)
            except OptionError as error:
                graded = error
            self.read_terms[name] = graded
        if isinstance(graded, OptionError):
            rule = TERMS_NOT_GRADED.format(error=graded)
            raise InvalidDataError("vesting_terms_id", name, rule) from graded
        starts = self.starts.get((security, graded.start_condition), [])
        if len(starts) != 1:
            rule = (NO_VESTING_START if not starts else STARTS_TWICE).format(
                condition=graded.start_condition
            )
            raise InvalidDataError("vesting_terms_id", name, rule)
        start_index, start = starts[0]
        schedule = graded.on(coerce_date(_field(start, "date"), "TX_VESTING_START.date"))
        self.using = (index, start_index)
        return schedule

    def skip_unused(self) -> None:
        """Skip the vesting terms and starts that no grant read takes its schedule from."""
        for index, item in self.vesting_items.items():
            if index not in self.used:
                reason = (
                    "vesting terms that no option grant read here takes its schedule from"
                    if item["object_type"] == _VESTING_TERMS
                    else f"the vesting start of {item['security_id']!r}, which no option "
                    "grant read here takes its schedule from"
                )
                self.skip(index, item, reason, inconsistent=False)

    def refuse(self, index: int, item: object, reason: str, error: OptionError) -> None:
        """Skip an option item that could not be read as what it claims, for ``error``."""
        self.errors[index] = error
        self.skip(index, item, reason, inconsistent=True)

    def skip(self, index: int, item: object, reason: str, *, inconsistent: bool) -> None:
        fields = item if isinstance(item, Mapping) else {}
        item_id, kind = (
            value if isinstance(value, str) else None
            for value in (fields.get("id"), fields.get("object_type"))
        )
        self.skipped.append(SkippedItem(index, item_id, kind, reason, inconsistent))

    def issuance(self, index: int, item: Mapping[str, Any]) -> None:
        self.using = ()
        try:
            security, holder, grant = _issuance(item, self.vesting_terms)
        except _NotAnOption as reason:
            issued = item.get("security_id")
            if isinstance(issued, str):
                self.not_options[issued] = str(reason)
            self.skip(index, item, str(reason), inconsistent=False)
            return
        except OptionError as error:
            self.refuse(index, item, CANNOT_BE_READ.format(error=error), error)
            return
        if security in self.grants:
            again = InvalidDataError("security_id", security, ISSUED_AGAIN)
            self.refuse(index, item, f"issues security {security!r} again", again)
            return
        self.grants[security] = grant
        self.holders[security] = holder
        self.used.update(self.using)

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
                    error = InvalidDataError("security_id", security, NOT_ISSUED)
                    self.refuse(index, item, reason, error)
                continue
            try:
                shares = _whole(_field(item, "quantity"), "quantity")
                day = _field(item, "date")
                recorded = _recorded(grant, shares, day, _stated_cost(item, grant))
                self.grants[security] = recorded  # type: ignore[index]
            except OptionError as error:
                self.refuse(index, item, CANNOT_BE_RECORDED.format(error=error), error)


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


def _issuance(
    item: Mapping[str, Any], vesting_terms: Callable[[Mapping[str, Any], str], VestingSchedule]
) -> tuple[str, str, OptionGrant]:
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
        vesting=_vesting(item, shares, carried.vesting, vesting_terms, security),
        early_exercisable=item.get("early_exercisable", False),
        compensation_type=compensation,
        grant_fair_market_value=carried.grant_fair_market_value,
        ten_percent_holder=carried.ten_percent_holder,
        termination_windows=_windows(_field(item, "termination_exercise_windows"), carried),
    )
    return security, holder, grant


def _vesting(
    item: Mapping[str, Any],
    shares: int,
    carried: VestingSchedule | None,
    vesting_terms: Callable[[Mapping[str, Any], str], VestingSchedule],
    security: str,
) -> VestingSchedule:
    """The schedule carried in comments or named by ``vesting_terms_id``, checked.

    It must agree with ``vestings``, and the two with each other when both are given.
    Without either, ``vestings`` read as tranches (whole shares only); with none, every
    share vests at grant.
    """
    named = vesting_terms(item, security) if "vesting_terms_id" in item else None
    if carried is not None:
        if named is not None and named != carried:
            raise InvalidDataError("vesting_terms_id", item["vesting_terms_id"], TERMS_DISAGREE)
        given = _field(item, "vestings")
        expected = carried.installments(shares)
        if not _as_written(given, expected) and _vestings(given, whole=False) != list(expected):
            raise InvalidDataError("vestings", given, VESTINGS_DISAGREE)
        return carried
    if named is not None:
        if "vestings" in item:
            given = item["vestings"]
            expected = named.installments(shares)
            if not _as_written(given, expected) and _vestings(given, whole=False) != list(expected):
                raise InvalidDataError("vestings", given, VESTINGS_NOT_TERMS)
        return named
    if "vestings" in item:
        given = _vestings(item["vestings"], whole=True)
        return VestingSchedule.tranches((day, int(shares)) for day, shares in given)
    return VestingSchedule.immediate()


def _as_written(given: object, expected: tuple[tuple[dt.date, Shares], ...]) -> bool:
    """Whether ``given`` is ``expected`` in the very words :func:`~auxer_option.to_ocf` uses.

    Then it needs no reading: comparing the text is enough, and a file's installments are
    most of its text. Anything else (other digits, a fraction of a share) is read.
    """
    written = [{"date": _iso_text(day), "amount": _share_text(shares)} for day, shares in expected]
    return given == written


class _Texts(dict[Any, str]):
    """Each key's text, written once: a file's installments repeat their dates and amounts.

    Writing them is most of the cost of comparing a file's installments with a schedule's.
    It holds at most ``_TEXTS`` keys, starting afresh when full.
    """

    def __init__(self, write: Callable[[Any], str]) -> None:
        super().__init__()
        self.write = write

    def __missing__(self, key: Any) -> str:
        if len(self) >= _TEXTS:
            self.clear()
        text = self[key] = self.write(key)
        return text


_TEXTS: Final = 8_192
_iso_text: Final = _Texts(dt.date.isoformat).__getitem__
_share_text: Final = _Texts(str).__getitem__


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


# The reasons as OCF spells them, found without building the field each entry would name.
_REASONS: Final = {reason.value: reason for reason in TerminationReason}


def _window_field(index: int) -> str:
    return f"termination_exercise_windows[{index}]"


def _window(
    index: int, entry: object, stated: Mapping[TerminationReason, Term]
) -> tuple[TerminationReason, Term]:
    """One entry of ``termination_exercise_windows``, after those in ``stated``."""
    # Its field is named only when it is refused: most files have thousands of entries.
    if not isinstance(entry, dict) and not isinstance(entry, Mapping):
        raise InvalidDataError(_window_field(index), entry, NOT_A_WINDOW)
    given_reason = _field(entry, "reason")
    reason = _REASONS.get(given_reason) if isinstance(given_reason, str) else None
    if reason is None:  # another spelling, or none
        reason = TerminationReason.coerce(given_reason, f"{_window_field(index)}.reason")
    period_type = _field(entry, "period_type")
    unit = _PERIODS.get(period_type) if isinstance(period_type, str) else None
    if unit is None:
        field = f"{_window_field(index)}.period_type"
        raise InvalidChoiceError(field, period_type, PERIOD_TYPES)
    if reason in stated:
        raise InvalidDataError(f"{_window_field(index)}.reason", reason.value, GIVEN_TWICE)
    period = _field(entry, "period")
    if type(period) is not int or period < 0:
        raise InvalidDataError(f"{_window_field(index)}.period", period, PERIOD_RULE)
    try:
        return reason, term_of(period, period_type)
    except InvalidTermError as error:  # Term's own bound, named by the OCF field
        field = f"{_window_field(index)}.period"
        raise InvalidDataError(field, period, error.rule) from error


_DEFAULT_WINDOWS: Final = dict(DEFAULT_TERMINATION_WINDOWS)


def _written_window(reason: TerminationReason, term: Term) -> dict[str, object]:
    period, period_type = period_of(term) or (None, None)
    return {"reason": reason.value, "period": period, "period_type": period_type}


# The library's default windows in the words to_ocf writes them, as most files state them.
_DEFAULTS_AS_WRITTEN: Final = [
    _written_window(reason, term) for reason, term in DEFAULT_TERMINATION_WINDOWS
]


def _windows(given: object, carried: _Carried) -> list[tuple[TerminationReason, Term]] | None:
    """The windows as OCF states them, each replaced by the term carried for its reason."""
    if (
        not carried.windows
        and given == _DEFAULTS_AS_WRITTEN
        # Equal is not enough: 3.0 and True equal 3 and 1, and a period must be an int.
        and all(type(entry) is dict and type(entry["period"]) is int for entry in given)
    ):
        return None  # the defaults, without reading each entry
    if not isinstance(given, list | tuple):
        raise InvalidDataError("termination_exercise_windows", given, NOT_A_LIST)
    stated: dict[TerminationReason, Term] = {}
    for index, entry in enumerate(given):
        reason, term = _window(index, entry, stated)
        stated[reason] = term
    for reason, (field, comment, term) in carried.windows.items():
        written = period_of(term)
        if written is None or reason not in stated or term_of(*written) != stated[reason]:
            raise InvalidDataError(field, comment, WINDOW_DISAGREES)
        stated[reason] = term
    # The library's defaults, as most files state them, are given as such: the grant then
    # takes them as they are, with nothing to check again.
    return None if stated == _DEFAULT_WINDOWS else list(stated.items())


@attrs.frozen
class _Carried:
    """What an issuance's comments carry (see :func:`_carried`), read back."""

    term: Term | None = None
    grantor: str | None = None
    grantee: str | None = None
    vesting: VestingSchedule | None = None
    grant_fair_market_value: Decimal | None = None
    ten_percent_holder: bool = False
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
        if not comment.startswith(CARRIED_PREFIX):
            continue
        key, _, text = comment.removeprefix(CARRIED_PREFIX).partition(": ")
        if not key.startswith(_WINDOW_KEY) and key not in _CARRIED_READERS:
            raise InvalidDataError(field, comment, NOT_CARRIED)
        if key in seen:
            raise InvalidDataError(field, comment, CARRIED_TWICE)
        seen.add(key)
        try:
            if key.startswith(_WINDOW_KEY):
                reason = TerminationReason.coerce(key.removeprefix(_WINDOW_KEY), "reason")
                windows[reason] = (field, comment, _term(text))
            else:
                found[key] = _CARRIED_READERS[key](text)
        except OptionError as error:
            raise InvalidDataError(field, comment, CANNOT_BE_READ.format(error=error)) from error
    return _Carried(windows=windows, **found)  # type: ignore[arg-type]


def _fair_market_value(text: str) -> Decimal:
    return coerce_amount(text, "grant_fair_market_value")


def _yes(text: str) -> bool:
    # to_ocf writes the flag only when it is set: "yes" is the one value it carries.
    if text != "yes":
        raise InvalidDataError("ten_percent_holder", text, NOT_YES)
    return True


def _graded(text: str) -> VestingSchedule:
    """A graded schedule as :func:`_carried` writes it: ``graded start=... months=...``."""
    kind, _, rest = text.partition(" ")
    first, _, others = rest.partition(" ")
    name, _, start = first.partition("=")
    if kind != "graded" or name != "start":
        raise InvalidDataError("vesting", text, GRADED_FORM)
    terms = _graded_terms(others)
    if terms is None:
        raise InvalidDataError("vesting", text, GRADED_FORM)
    months, every, cliff, day_of_month, allocation = terms
    return VestingSchedule.graded(
        start,
        months=months,
        every=every,
        cliff=cliff,
        day_of_month=day_of_month,
        allocation=allocation,
    )


# Schedules that start on different days share the rest of their text: it is read once.
@functools.lru_cache(maxsize=64)
def _graded_terms(others: str) -> tuple[int, int, int, str, str] | None:
    """The terms after ``start=`` in a carried schedule, months to allocation.

    ``None`` if they are not those terms in that order.
    """
    parts = {}
    for part in others.split(" "):
        name, _, value = part.partition("=")
        parts[name] = value
    if tuple(parts) != _GRADED_TERMS:
        return None
    counts = []
    for name in ("months", "every", "cliff"):
        if _MONTHS.fullmatch(parts[name]) is None:
            raise InvalidDataError(name, parts[name], NOT_WHOLE_MONTHS)
        counts.append(int(parts[name]))
    months, every, cliff = counts
    return months, every, cliff, parts["day_of_month"], parts["allocation"]


_GRADED_TERMS: Final = ("months", "every", "cliff", "day_of_month", "allocation")
# Digits enough for any schedule VestingSchedule allows (1,200 months), and few enough to
# read in no time whatever the text.
_MONTHS = re.compile(r"[0-9]{1,6}")
# A file's grants share a few terms: each is read once (a Term is immutable).
_term: Final = functools.lru_cache(maxsize=64)(Term.parse)
_CARRIED_READERS: Final[dict[str, Callable[[str], object]]] = {
    "term": _term,
    "grantor": str,
    "grantee": str,
    # A file's grants often share a schedule (a batch of grants on one date): read once.
    "vesting": functools.lru_cache(maxsize=64)(_graded),
    "grant_fair_market_value": _fair_market_value,
    "ten_percent_holder": _yes,
}
