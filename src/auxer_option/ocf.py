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

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

import attrs

from auxer_option._grant import OptionGrant, check_grant
from auxer_option._money import EXACT

# The reader, its results and the rules its refusals quote live below the books, which
# read OCF too; they are re-exported here, where they were first defined (`x as x`).
from auxer_option._ocf_reading import CANNOT_BE_READ as CANNOT_BE_READ
from auxer_option._ocf_reading import CANNOT_BE_RECORDED as CANNOT_BE_RECORDED
from auxer_option._ocf_reading import (
    CARRIED_PREFIX,
    EXERCISE,
    ISSUANCE,
    PLACES,
    period_of,
    term_of,
)
from auxer_option._ocf_reading import CARRIED_TWICE as CARRIED_TWICE
from auxer_option._ocf_reading import COMMENTS_RULE as COMMENTS_RULE
from auxer_option._ocf_reading import COST_CURRENCY as COST_CURRENCY
from auxer_option._ocf_reading import COST_DISAGREES as COST_DISAGREES
from auxer_option._ocf_reading import GIVEN_TWICE as GIVEN_TWICE
from auxer_option._ocf_reading import GRADED_FORM as GRADED_FORM
from auxer_option._ocf_reading import MISSING as MISSING
from auxer_option._ocf_reading import NO_EXPIRY as NO_EXPIRY
from auxer_option._ocf_reading import NOT_A_FILE as NOT_A_FILE
from auxer_option._ocf_reading import NOT_A_LIST as NOT_A_LIST
from auxer_option._ocf_reading import NOT_A_PRICE as NOT_A_PRICE
from auxer_option._ocf_reading import NOT_A_VESTING as NOT_A_VESTING
from auxer_option._ocf_reading import NOT_A_WINDOW as NOT_A_WINDOW
from auxer_option._ocf_reading import NOT_AN_OPTION_TYPE as NOT_AN_OPTION_TYPE
from auxer_option._ocf_reading import NOT_CARRIED as NOT_CARRIED
from auxer_option._ocf_reading import NOT_ITEMS as NOT_ITEMS
from auxer_option._ocf_reading import NOT_NUMERIC as NOT_NUMERIC
from auxer_option._ocf_reading import NOT_TEXT as NOT_TEXT
from auxer_option._ocf_reading import NOT_VESTINGS as NOT_VESTINGS
from auxer_option._ocf_reading import NOT_WHOLE_MONTHS as NOT_WHOLE_MONTHS
from auxer_option._ocf_reading import NOT_WHOLE_SHARES as NOT_WHOLE_SHARES
from auxer_option._ocf_reading import NOT_YES as NOT_YES
from auxer_option._ocf_reading import OPTION_TYPES as OPTION_TYPES
from auxer_option._ocf_reading import PERIOD_RULE as PERIOD_RULE
from auxer_option._ocf_reading import PERIOD_TYPES as PERIOD_TYPES
from auxer_option._ocf_reading import UNRESOLVED_TERMS as UNRESOLVED_TERMS
from auxer_option._ocf_reading import VESTINGS_DISAGREE as VESTINGS_DISAGREE
from auxer_option._ocf_reading import WINDOW_DISAGREES as WINDOW_DISAGREES
from auxer_option._ocf_reading import OcfImport as OcfImport
from auxer_option._ocf_reading import SkippedItem as SkippedItem
from auxer_option._ocf_reading import from_ocf as from_ocf
from auxer_option._records import PaymentMethod
from auxer_option._tax_terms import CompensationType
from auxer_option._text import plain
from auxer_option._window import BusinessDayRoll, ExpiryReading
from auxer_option.exceptions import LossyExportError, OptionTypeError

__all__ = ["OcfImport", "SkippedItem", "from_ocf", "to_ocf"]

_LOST_PREFIX: Final = "Not expressible in OCF v1.2.0: "

#: An id that is not text, or empty.
EMPTY_ID: Final = "must be non-empty text"
#: A number with more places than OCF's Numeric holds.
TOO_MANY_PLACES: Final = f"has more than {PLACES} decimal places, which OCF cannot write"


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
    compensation_type: CompensationType | str | None = None,
    allow_loss: bool = False,
) -> list[dict[str, Any]]:
    """``grant`` as OCF v1.2.0 transactions: its issuance, then one item per exercise.

    The issuance states the shares and exercise price as granted, the expiration date,
    ``vestings`` (each installment's date and shares) unless every share vests at grant,
    and the seven post-termination windows. Its ``compensation_type`` is the grant's
    (``"OPTION"``, ``"OPTION_NSO"`` or ``"OPTION_ISO"``); the grant's fair market value at
    grant and a ten-percent holder, for which OCF has no field, travel in ``comments``.
    ``compensation_type=`` is kept for code written before grants had a kind: given, the
    grant is exported as that kind, checked as a grant of that kind is (an ISO's term and
    price); prefer setting it on the grant. Ids are derived from ``security_id``:
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
        IncentiveOptionTermError, IncentiveOptionPriceError: for ``compensation_type``
            ``"OPTION_ISO"`` given for a grant that cannot be one.
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
    if compensation_type is not None:
        # Read as a grant reads it ("option_iso" is OPTION_ISO), and checked as one.
        kind = CompensationType.coerce(compensation_type, "compensation_type")
        if kind is not grant.compensation_type:
            grant = attrs.evolve(grant, compensation_type=kind)
    lost = _lost(grant)
    windows = _windows_out(grant, lost)
    if lost and not allow_loss:
        raise LossyExportError("grant", grant, cannot_hold(lost))
    issuance: dict[str, Any] = {
        "object_type": ISSUANCE,
        "id": f"{security_id}-issuance",
        "security_id": security_id,
        "date": grant.grant_date.isoformat(),
        "custom_id": security_id if custom_id is None else custom_id,
        "stakeholder_id": stakeholder_id,
        "security_law_exemptions": [],
        "compensation_type": grant.compensation_type.value,
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
            "object_type": EXERCISE,
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
        period = period_of(term)
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
        carried.append(f"{CARRIED_PREFIX}term: {grant.term.to_iso()}")
    carried.extend(
        f"{CARRIED_PREFIX}{name}: {party}"
        for name, party in (("grantor", grant.grantor), ("grantee", grant.grantee))
        if party is not None
    )
    if grant.grant_fair_market_value is not None:
        value = _numeric(grant.grant_fair_market_value, "grant_fair_market_value")
        carried.append(f"{CARRIED_PREFIX}grant_fair_market_value: {value}")
    if grant.ten_percent_holder:
        carried.append(f"{CARRIED_PREFIX}ten_percent_holder: yes")
    schedule = grant.vesting
    if schedule.start is not None:
        fields = (
            f"start={schedule.start.isoformat()} months={schedule.months} "
            f"every={schedule.every} cliff={schedule.cliff} "
            f"day_of_month={schedule.day_of_month.value} allocation={schedule.allocation.value}"
        )
        carried.append(f"{CARRIED_PREFIX}vesting: graded {fields}")
    for reason, term in grant.termination_windows:
        period = period_of(term)
        if period is not None and term_of(*period) != term:
            carried.append(f"{CARRIED_PREFIX}termination window {reason.value}: {term.to_iso()}")
    return carried


def _numeric(value: Decimal | Fraction, field: str) -> str:
    """``value`` as OCF Numeric text, exactly, or an error: OCF allows ten decimal places."""
    exact = Fraction(value)
    scaled = exact * 10**PLACES
    if scaled.denominator != 1:
        raise LossyExportError(field, value, TOO_MANY_PLACES)
    if isinstance(value, Decimal) and value.as_tuple().exponent >= -PLACES:  # type: ignore[operator]
        return plain(value)  # the digits as given: "32500.00" stays "32500.00"
    # An exact quotient takes the fewest digits it needs: 4.5, never 4.5000000000.
    return plain(EXACT.divide(Decimal(scaled.numerator), 10**PLACES))
