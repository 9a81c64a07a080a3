"""A grant's tax terms: its kind (ISO, NSO or other option), its grant-date value, the holder.

US employee options are incentive stock options (ISOs, IRC §422) or non-qualified options
(NSOs); an option given to a non-employee, such as a consultant, is neither. Open Cap
Format names the three ``OPTION_ISO``, ``OPTION_NSO`` and ``OPTION``. An ISO must be
granted with a term of at most 10 years and an exercise price of at least the fair market
value of a share on the grant date; for a holder of more than 10% of the voting power, at
most 5 years and at least 110% (IRC §422(b)(3), (4) and (c)(5)). A grant that is an ISO is
checked against them when it is built (:func:`check_incentive_option`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Final

import attrs

from auxer_option._choices import Choice, check_flag
from auxer_option._money import coerce_amount, format_amount, multiply
from auxer_option._pickling import RebuiltByConstructor
from auxer_option._terms import Term, add_term
from auxer_option.exceptions import (
    IncentiveOptionPriceError,
    IncentiveOptionTermError,
    InvalidDateError,
    OptionTypeError,
)

__all__ = [
    "DEFAULT_TAX_TERMS",
    "CompensationType",
    "TaxTerms",
    "check_incentive_option",
    "value_at_grant",
]


class CompensationType(Choice):
    """What kind of option a grant is, by Open Cap Format's ``CompensationType``.

    ``OPTION_ISO`` is an incentive stock option (IRC §422), ``OPTION_NSO`` a non-qualified
    option, ``OPTION`` an option that is neither (a consultant's, say): the default.

    >>> CompensationType("option-iso")
    CompensationType.OPTION_ISO
    """

    OPTION = "OPTION"
    OPTION_NSO = "OPTION_NSO"
    OPTION_ISO = "OPTION_ISO"


#: An ISO's longest term: 10 years from the grant date (IRC §422(b)(3)).
ISO_TERM: Final = Term(years=10)
#: A ten-percent holder's ISO's longest term: 5 years (IRC §422(c)(5)).
TEN_PERCENT_HOLDER_TERM: Final = Term(years=5)
#: A ten-percent holder's ISO's lowest price, as a multiple of the fair market value.
TEN_PERCENT_HOLDER_PRICE: Final = Decimal("1.1")

#: An ISO exercisable too long: a template of ``last`` (the last day allowed), ``years``,
#: ``grant_date`` and ``holder`` (what makes it that many years).
ISO_TOO_LONG: Final = (
    "must be no later than {last}: an incentive stock option{holder} may not be exercised "
    "more than {years} years after its grant date {grant_date} (IRC §422(b)(3), (c)(5))"
)
#: An ISO priced too low: a template of ``minimum``, ``percent``, ``value`` and ``holder``.
ISO_TOO_CHEAP: Final = (
    "must be at least {minimum}: an incentive stock option{holder} must be priced at "
    "{percent}% or more of the fair market value at grant, {value} (IRC §422(b)(4), (c)(5))"
)
_HOLDER: Final = " granted to a holder of more than 10% of the voting power"


def _compensation_type(value: object, field: attrs.Attribute[Any]) -> CompensationType:
    return CompensationType.coerce(value, field.name)


def _value(value: object) -> Decimal | None:
    return None if value is None else coerce_amount(value, "grant_fair_market_value")


def _flag(value: object) -> bool:
    return check_flag(value, "ten_percent_holder")


@attrs.frozen(repr=False, getstate_setstate=False)
class TaxTerms(RebuiltByConstructor):
    """A grant's tax terms, together: its kind, its grant-date value, its holder's stake.

    A grant takes them one by one (``OptionGrant(..., compensation_type="OPTION_ISO")``)
    or together (``tax_terms=``); the grant's attributes of the same names read them.
    ``grant_fair_market_value`` is the fair market value of a share on the grant date,
    as granted; None means the option was granted at the money, its exercise price (see
    ``value_at_grant``). ``ten_percent_holder`` says the
    holder owns more than 10% of the voting power of the company (IRC §422(b)(6)).
    Most grants use the defaults, :data:`DEFAULT_TAX_TERMS`, which they all share.

    >>> TaxTerms(compensation_type="OPTION_ISO", grant_fair_market_value="5.00")
    TaxTerms(compensation_type=CompensationType.OPTION_ISO, grant_fair_market_value=Decimal('5.00'))

    Raises:
        OptionError: a subclass naming the term, its value and the rule.
    """

    # mypy's attrs plugin does not read Converter yet: the constructor's types are the fields'.
    compensation_type: CompensationType = attrs.field(
        default=CompensationType.OPTION,
        converter=attrs.Converter(_compensation_type, takes_field=True),  # type: ignore[misc]
    )
    grant_fair_market_value: Decimal | None = attrs.field(default=None, converter=_value)
    ten_percent_holder: bool = attrs.field(default=False, converter=_flag)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in changed_tax_terms(self))
        return f"TaxTerms({shown})"


#: The tax terms of most grants, shared by them all: an option that is neither ISO nor NSO.
DEFAULT_TAX_TERMS: Final = TaxTerms()
# The terms of a grant that states its kind and nothing else (every OCF issuance does):
# one shared value for each kind's spelling as written, not a new one for every grant.
_KIND_ONLY: Final[dict[str, TaxTerms]] = {
    kind.value: TaxTerms(compensation_type=kind) for kind in CompensationType
} | {DEFAULT_TAX_TERMS.compensation_type.value: DEFAULT_TAX_TERMS}


def changed_tax_terms(terms: TaxTerms) -> list[tuple[str, object]]:
    """The tax terms that differ from the defaults, by name."""
    return [
        (field.name, getattr(terms, field.name))
        for field in attrs.fields(TaxTerms)
        if getattr(terms, field.name) != field.default
    ]


def tax_terms_with(given: object, changes: dict[str, object]) -> TaxTerms:
    """``given`` (a :class:`TaxTerms`) with ``changes`` on top, shared when the defaults.

    Raises:
        OptionTypeError: naming ``tax_terms`` if ``given`` is not a TaxTerms.
    """
    if not isinstance(given, TaxTerms):
        raise OptionTypeError("tax_terms", given, NOT_TAX_TERMS)
    kind = changes.get("compensation_type")
    if (
        given is DEFAULT_TAX_TERMS
        and type(kind) is str
        and changes.get("grant_fair_market_value") is None
        and changes.get("ten_percent_holder", False) is False
    ):
        shared = _KIND_ONLY.get(kind)
        if shared is not None:
            return shared
    terms = attrs.evolve(given, **changes) if changes else given
    return DEFAULT_TAX_TERMS if terms == DEFAULT_TAX_TERMS else terms


#: Tax terms given together as anything but a TaxTerms.
NOT_TAX_TERMS: Final = "must be a TaxTerms, such as TaxTerms(compensation_type='OPTION_ISO')"


def value_at_grant(terms: TaxTerms, exercise_price: Decimal) -> Decimal:
    """The fair market value at grant: as given, or ``exercise_price`` (at the money)."""
    value = terms.grant_fair_market_value
    return exercise_price if value is None else value


def check_incentive_option(  # noqa: PLR0917  (the terms the rules read)
    terms: TaxTerms,
    grant_date: dt.date,
    exercise_price: Decimal,
    expiration_date: dt.date,
    last_exercise_date: dt.date,
    currency: str,
) -> None:
    """Check an ISO's term and price against IRC §422 (nothing to check for other kinds).

    The last day its terms let it be exercised (after any business-day roll, before any
    termination shortens the window) is at most 10 years after the grant date (5 for a
    ten-percent holder), by the library's month arithmetic (2024-02-29 + 10 years is
    2034-02-28; where that falls past 9999-12-31, any day on the calendar will do); its
    exercise price is at least 100% of the fair market value at grant (110% for a
    ten-percent holder). A ten-percent holder's ISO must therefore give a
    ``grant_fair_market_value`` below its price.

    Raises:
        IncentiveOptionTermError: naming ``expiration_date`` (or ``last_exercise_date``,
            when a business-day roll carries the last day past the limit).
        IncentiveOptionPriceError: naming ``exercise_price``.
    """
    if terms.compensation_type is not CompensationType.OPTION_ISO:
        return
    holder = terms.ten_percent_holder
    term = TEN_PERCENT_HOLDER_TERM if holder else ISO_TERM
    try:
        last = add_term(grant_date, term, "expiration_date")
    except InvalidDateError:  # the limit is past 9999-12-31: no day on the calendar is after it
        last = dt.date.max
    said = _HOLDER if holder else ""
    for field, day in (
        ("expiration_date", expiration_date),
        ("last_exercise_date", last_exercise_date),
    ):
        if day > last:
            rule = ISO_TOO_LONG.format(
                last=last, holder=said, years=term.years, grant_date=grant_date
            )
            raise IncentiveOptionTermError(field, day, rule)
    value = value_at_grant(terms, exercise_price)
    minimum = multiply(value, TEN_PERCENT_HOLDER_PRICE, "exercise_price") if holder else value
    if exercise_price < minimum:
        rule = ISO_TOO_CHEAP.format(
            minimum=format_amount(minimum, currency),
            holder=said,
            percent=110 if holder else 100,
            value=format_amount(value, currency),
        )
        raise IncentiveOptionPriceError("exercise_price", exercise_price, rule)
