"""A holder's US tax figures: the ISO $100,000 limit, ISO status over time, exercise and sale.

Figures, not tax advice: the rules are those of the Internal Revenue Code for incentive
stock options (§422, §421) and property received for services (§83), read as written
below; a holder's own return depends on much more (AMT credits, state tax, wash sales).

* **The $100,000 limit** (IRC §422(d); Treas. Reg. §1.422-4): of a holder's ISOs, the
  shares first exercisable in one calendar year are ISOs only while their value at the
  grant-date fair market value stays within $100,000, the grants taken in the order they
  were made; the rest are NSOs (:func:`iso_limit`).
* **Employment** (§422(a)(2), (c)(6); §421(c)): an ISO exercised more than 3 months after
  employment ends (1 year after it ends for disability; never for death) is an NSO
  (:func:`iso_status`).
* **Holding periods** (§422(a)(1)): a sale of ISO shares is qualifying only more than 2
  years after the grant and more than 1 year after the exercise (:func:`tax_figures`,
  :func:`disposition`).
* **83(b)** (§83(b)(2)): an election for unvested shares bought early is due within 30
  days of the exercise.

Calendar terms use the library's month arithmetic (:func:`~auxer_option.Term`): a date
plus months or years lands on the same day of the month, clamped to the month's end
(2024-02-29 + 1 year is 2025-02-28).
"""

from __future__ import annotations

import datetime as dt
import math
import weakref
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from decimal import Decimal
from fractions import Fraction
from typing import Final, NamedTuple

import attrs

from auxer_option._grant import (
    OptionGrant,
    check_grant,
    history,
    partial_replay,
    vesting_timeline,
)
from auxer_option._history import Moment
from auxer_option._money import (
    DEFAULT_ROUNDING,
    Amount,
    add,
    check_rounding,
    coerce_amount,
    multiply,
    subtract,
    to_cash,
)
from auxer_option._records import Exercise
from auxer_option._tables import html_table, text_columns
from auxer_option._tax_terms import CompensationType, value_at_grant
from auxer_option._termination import TerminationReason
from auxer_option._terms import DateLike, Term, add_days, add_term, coerce_date
from auxer_option._text import plain
from auxer_option._vesting import locked_shares
from auxer_option.exceptions import (
    InconsistentGrantError,
    InconsistentRecordError,
    InvalidAmountError,
    InvalidDateError,
    OptionTypeError,
)

__all__ = [
    "Disposition",
    "IsoLimitRow",
    "IsoLimitTable",
    "TaxFigures",
    "disposition",
    "fair_market_value_at_grant",
    "iso_limit",
    "iso_limit_by_holder",
    "iso_status",
    "tax_figures",
]

#: The §422(d) limit: the grant-date value of ISO shares first exercisable in one year.
ISO_LIMIT: Final = Decimal(100_000)
#: How long after employment ends an ISO may still be exercised as one (§422(a)(2)).
AFTER_EMPLOYMENT: Final = Term(months=3)
#: The same for a holder who left because of disability (§422(c)(6)).
AFTER_DISABILITY: Final = Term(years=1)
#: The holding periods of a qualifying disposition (§422(a)(1)).
AFTER_GRANT: Final = Term(years=2)
AFTER_EXERCISE: Final = Term(years=1)
#: The days within which an 83(b) election is made (§83(b)(2)).
ELECTION_DAYS: Final = 30

#: Grants not given as a sequence.
NOT_GRANTS: Final = "must be a sequence of OptionGrant"
#: A limit of zero or less.
NOT_A_LIMIT: Final = "must be more than zero"
#: ISOs priced in different currencies: a template of ``currency``, the first one's.
OTHER_CURRENCY: Final = "must be {currency}, the currency of the first ISO: one limit, one money"
#: An exercise without the fair market value the figures are read at.
NO_MARKET_VALUE: Final = (
    "must be given: the figures are read at the exercise's fair market value "
    "(exercise(..., fair_market_value=...))"
)
#: A record that is not an exercise.
NOT_AN_EXERCISE: Final = "must be an Exercise record"
#: A sale before the exercise: a template of ``exercised``.
BEFORE_EXERCISE: Final = "must not be before the exercise, on {exercised}"


def fair_market_value_at_grant(grant: OptionGrant) -> Decimal:
    """The fair market value of a share of ``grant`` on its grant date, as granted.

    It is ``grant_fair_market_value`` when the grant gives one; otherwise the option was
    granted at the money, and it is the exercise price as granted.

    >>> from auxer_option import OptionGrant
    >>> fair_market_value_at_grant(OptionGrant("2024-01-02", 100, "5.00", term="10 years"))
    Decimal('5.00')

    Raises:
        OptionTypeError: if ``grant`` is not an OptionGrant.
    """
    check_grant(grant)
    return value_at_grant(grant.tax_terms, grant.exercise_price)


# --- the $100,000 limit ---------------------------------------------------------------


class IsoLimitRow(NamedTuple):
    """One grant's shares first exercisable in one year, split into ISO and NSO shares.

    ``grant_index`` is the grant's position in the list given to :func:`iso_limit`;
    ``iso_value`` is the ISO shares at the grant-date fair market value, exact.

    >>> IsoLimitRow(0, 2025, 20_000, 94_583, Decimal("100000.00")).nso_shares
    94583
    """

    grant_index: int
    year: int
    iso_shares: int
    nso_shares: int
    iso_value: Decimal


class IsoLimitTable(tuple[IsoLimitRow, ...]):
    """The rows of :func:`iso_limit`: a tuple of :class:`IsoLimitRow` that shows as a table.

    >>> print(IsoLimitTable([IsoLimitRow(0, 2025, 20_000, 94_583, Decimal("100000.00"))]))
    ISO limit
      Grant  Year  ISO shares  NSO shares   ISO value
      0      2025      20,000      94,583  100,000.00
    """

    __slots__ = ()

    def _cells(self) -> list[tuple[str, ...]]:
        return [
            (
                f"{row.grant_index}",
                f"{row.year}",
                f"{row.iso_shares:,}",
                f"{row.nso_shares:,}",
                plain(row.iso_value, grouped=True),
            )
            for row in self
        ]

    def __str__(self) -> str:
        return text_columns("ISO limit", _LIMIT_HEADER, self._cells())

    def _repr_html_(self) -> str:
        return html_table("ISO limit", self._cells(), header=_LIMIT_HEADER)


_LIMIT_HEADER: Final = ("Grant", "Year", "ISO shares", "NSO shares", "ISO value")


def first_exercisable(grant: OptionGrant) -> dict[int, int]:
    """The whole shares of ``grant`` first exercisable in each calendar year.

    A share is first exercisable on the latest of the day it vests, the grant date and the
    grant's ``first_exercise_date``: a share that vested before the grant (a schedule
    starting earlier) or before the window opens waits for both. An early-exercisable grant
    can exercise every share from the later of the grant date and ``first_exercise_date``:
    all count in that year. Otherwise a share counts by its vesting day (accelerations on
    their days; after a termination, nothing more vests); under fractional allocation a
    share counts when it becomes whole.
    """
    opens = max(grant.grant_date, grant.first_exercise_date)
    if grant.early_exercisable:
        return {opens.year: grant.shares}
    timeline = vesting_timeline(grant)
    years: dict[int, int] = {}
    before = 0
    for day in timeline.event_dates():
        whole = int(timeline.vested(day))
        if whole != before:
            year = max(day, opens).year
            years[year] = years.get(year, 0) + whole - before
        before = whole
    return years


def iso_limit(grants: Sequence[OptionGrant], *, limit: Amount = ISO_LIMIT) -> IsoLimitTable:
    """Split one holder's ISO shares by the $100,000 limit: ISO while they fit, NSO after.

    For each calendar year, the shares first exercisable that year (see
    :func:`first_exercisable`: on the latest of the vesting day, the grant date and
    ``first_exercise_date``; an early-exercisable grant counts every share when its window
    opens) are valued at their grant's fair market value at grant
    (:func:`fair_market_value_at_grant`). Grants are taken in the order they were made
    (by grant date; on one date, in the order given): an earlier grant's shares fill the
    year's ``limit`` first, so a later grant never takes ISO shares from an earlier one.
    Whole shares that fit stay ISOs; the rest are NSOs. Only grants whose
    ``compensation_type`` is ``OPTION_ISO`` count and have rows; one row per grant and
    year with shares first exercisable, in the order given, then by year.

    >>> from auxer_option import OptionGrant
    >>> grant = OptionGrant(
    ...     "2024-03-01", 30_000, "5.00", term="10 years", compensation_type="OPTION_ISO"
    ... )
    >>> print(iso_limit([grant]))
    ISO limit
      Grant  Year  ISO shares  NSO shares   ISO value
      0      2024      20,000      10,000  100,000.00

    Raises:
        OptionTypeError: if ``grants`` is not a sequence of grants.
        InvalidAmountError: for a ``limit`` that is not a positive amount.
        InconsistentGrantError: for ISOs in more than one currency.
        PrecisionError: naming ``iso_value`` when a row's is too long to be exact.
    """
    checked = _grants(grants)
    cap = coerce_amount(limit, "limit")
    if cap <= 0:
        raise InvalidAmountError("limit", limit, NOT_A_LIMIT)
    isos = [
        (grant.grant_date, index, grant)
        for index, grant in enumerate(checked)
        if grant.compensation_type is CompensationType.OPTION_ISO
    ]
    if isos:
        currency = isos[0][2].currency
        for index, grant in ((index, grant) for _, index, grant in isos):
            if grant.currency != currency:
                rule = OTHER_CURRENCY.format(currency=currency)
                raise InconsistentGrantError(f"grants[{index}].currency", grant.currency, rule)
    # In fractions: the whole shares that fit, exactly, however many digits the limit has
    # and however small the value (a quotient or a sum past the library's precision would
    # be refused, not counted).
    used: dict[int, Fraction] = {}
    rows: list[IsoLimitRow] = []
    for _, index, grant in sorted(isos, key=lambda item: (item[0], item[1])):
        value = fair_market_value_at_grant(grant)
        for year, shares in sorted(first_exercisable(grant).items()):
            room = Fraction(cap) - used.get(year, Fraction(0))
            fitting = shares if value == 0 else min(shares, math.floor(room / Fraction(value)))
            used[year] = used.get(year, Fraction(0)) + fitting * Fraction(value)
            worth = multiply(value, fitting, "iso_value")
            rows.append(IsoLimitRow(index, year, fitting, shares - fitting, worth))
    return IsoLimitTable(sorted(rows, key=lambda row: (row.grant_index, row.year)))


def iso_limit_by_holder(
    grants: Sequence[OptionGrant],
    holders: Sequence[str | None] | None = None,
    *,
    limit: Amount = ISO_LIMIT,
) -> IsoLimitTable:
    """:func:`iso_limit` over each holder's ISOs: many holders' grants in one list.

    ``holders`` names each grant's holder (default: each grant's ``grantee``); the limit
    is run over each holder's grants on their own, and every row's ``grant_index`` is the
    grant's position in ``grants``. An ISO whose holder is not known is refused: the
    limit is a holder's, and a grant with no name could be anyone's.

    >>> from auxer_option import OptionGrant
    >>> def iso(grantee):
    ...     return OptionGrant("2024-03-01", 30_000, "5.00", term="10 years",
    ...                        compensation_type="OPTION_ISO", grantee=grantee)
    >>> [row.iso_shares for row in iso_limit_by_holder([iso("Ann"), iso("Bo"), iso("Ann")])]
    [20000, 20000, 0]

    Raises:
        OptionTypeError: if ``grants`` is not a sequence of grants, or ``holders`` not a
            sequence of names (str, or None).
        InconsistentGrantError: for an ISO with no holder, or holders of another length.
    """
    checked = _grants(grants)
    names = [grant.grantee for grant in checked] if holders is None else _holders(holders)
    if len(names) != len(checked):
        raise InconsistentGrantError("holders", holders, ONE_HOLDER_EACH)
    groups: dict[str, list[int]] = {}
    for index, (grant, name) in enumerate(zip(checked, names, strict=True)):
        if grant.compensation_type is CompensationType.OPTION_ISO:
            if name is None:
                raise InconsistentGrantError(f"holders[{index}]", None, NO_HOLDER)
            groups.setdefault(name, []).append(index)
    rows = [
        row._replace(grant_index=positions[row.grant_index])
        for positions in groups.values()
        for row in iso_limit([checked[i] for i in positions], limit=limit)
    ]
    return IsoLimitTable(sorted(rows, key=lambda row: (row.grant_index, row.year)))


#: An ISO whose holder is not named.
NO_HOLDER: Final = "must name the holder of an incentive stock option: the limit is per holder"
#: Holders given for another number of grants.
ONE_HOLDER_EACH: Final = "must name one holder (or None) for each grant"
#: Holders not given as a sequence: a str is one name, not a name a letter.
NOT_HOLDERS: Final = "must be a sequence of holders' names (str, or None), one for each grant"
#: A holder that is neither a name nor None.
NOT_A_HOLDER: Final = "must be a str naming the holder, or None"


def _holders(holders: object) -> list[str | None]:
    # Any ordered collection (a list, a tuple, a pandas Series): not a str or bytes, read
    # letter by letter, nor a set or mapping, whose order says nothing of the grants'.
    unordered = isinstance(holders, AbstractSet | Mapping)
    if unordered or isinstance(holders, str | bytes) or not isinstance(holders, Iterable):
        raise OptionTypeError("holders", holders, NOT_HOLDERS)
    names = list(holders)
    for index, name in enumerate(names):
        if name is not None and not isinstance(name, str):
            raise OptionTypeError(f"holders[{index}]", name, NOT_A_HOLDER)
    return names


def _grants(grants: object) -> list[OptionGrant]:
    if isinstance(grants, str | bytes) or not isinstance(grants, Iterable):
        raise OptionTypeError("grants", grants, NOT_GRANTS)
    return [check_grant(grant, f"grants[{index}]") for index, grant in enumerate(grants)]


# --- ISO status over time -------------------------------------------------------------


def iso_status(grant: OptionGrant, on: DateLike) -> CompensationType:
    """What an exercise of ``grant`` on ``on`` is taxed as: ``OPTION_ISO`` or ``OPTION_NSO``.

    A grant that is not an ISO is what it is (``OPTION_NSO``, or ``OPTION``, which the NSO
    rules tax). An ISO stays one while the holder is employed, and after employment ends
    (the recorded termination's date is the last day of employment) through that day plus
    3 months, inclusive: exercising exactly 3 months after the last day is still an ISO,
    the next day an NSO (2024-11-30 + 3 months is 2025-02-28). After a disability
    (``INVOLUNTARY_DISABILITY``) the period is 1 year; after death (``INVOLUNTARY_DEATH``)
    it never ends. This reads employment only: :func:`iso_limit` splits the shares by the
    $100,000 limit.

    >>> from auxer_option import OptionGrant, terminate
    >>> grant = OptionGrant(
    ...     "2024-01-02", 1_000, "5.00", term="10 years", compensation_type="OPTION_ISO"
    ... )
    >>> left = terminate(grant, "2024-11-30", "VOLUNTARY_OTHER")
    >>> iso_status(left, "2025-02-28"), iso_status(left, "2025-03-01")
    (CompensationType.OPTION_ISO, CompensationType.OPTION_NSO)

    Raises:
        OptionTypeError: if ``grant`` is not an OptionGrant.
        DateTypeError, InvalidDateError: for a bad ``on``.
    """
    check_grant(grant)
    day = coerce_date(on, "on")
    kind = grant.compensation_type
    if kind is not CompensationType.OPTION_ISO:
        return kind
    last = iso_until(grant)
    return kind if last is None or day <= last else CompensationType.OPTION_NSO


def iso_until(grant: OptionGrant) -> dt.date | None:
    """The last day an exercise of the ISO ``grant`` is an ISO's; None: no such day.

    None while the holder is employed, after a death, and when the period after the
    termination would end past 9999-12-31: no day on the calendar is after it.
    """
    termination = grant.termination
    if termination is None or termination.reason is TerminationReason.INVOLUNTARY_DEATH:
        return None
    disabled = termination.reason is TerminationReason.INVOLUNTARY_DISABILITY
    period = AFTER_DISABILITY if disabled else AFTER_EMPLOYMENT
    try:
        return add_term(termination.date, period, "termination.date")
    except InvalidDateError:  # it ends past 9999-12-31: every day on the calendar is in it
        return None


# --- exercise and sale ----------------------------------------------------------------


@attrs.frozen
class TaxFigures:
    """The tax figures of one exercise: see :func:`tax_figures`.

    >>> from auxer_option import AUXER_1999, exercise
    >>> _, record = exercise(AUXER_1999, 1_000, "1999-08-02", fair_market_value="0.50")
    >>> tax_figures(AUXER_1999, record).ordinary_income
    Decimal('370.00')
    """

    #: What the exercise is taxed as: ``OPTION_ISO``, or ``OPTION_NSO`` / ``OPTION``.
    kind: CompensationType
    #: ``(fair market value − price) × shares``, at least zero, in cash.
    bargain_element: Decimal
    #: Income at exercise: the bargain element for an NSO, zero for an ISO.
    ordinary_income: Decimal
    #: The AMT adjustment of an ISO exercise (the bargain element), zero for an NSO.
    amt_preference: Decimal
    #: The first day a sale is a qualifying disposition; None for an NSO.
    qualifying_from: dt.date | None
    #: The exercised shares unvested on the exercise day (an early exercise).
    unvested_shares: int
    #: The last day to file an 83(b) election for them; None if none were unvested.
    election_83b_deadline: dt.date | None

    def __str__(self) -> str:
        return text_columns("Tax figures", ("Figure", "Value"), _figure_cells(self))

    def _repr_html_(self) -> str:
        return html_table("Tax figures", _figure_cells(self))


def _figure_cells(figures: TaxFigures | Disposition) -> list[tuple[str, str]]:
    return [
        (field.name.replace("_", " "), _shown_figure(getattr(figures, field.name)))
        for field in attrs.fields(type(figures))
    ]


def _shown_figure(value: object) -> str:
    """A figure as text: amounts in plain grouped digits, whatever the decimal context."""
    return plain(value, grouped=True) if isinstance(value, Decimal) else f"{value}"


def tax_figures(
    grant: OptionGrant, record: Exercise, *, rounding: str | None = DEFAULT_ROUNDING
) -> TaxFigures:
    """The tax figures of ``record``, an exercise of ``grant`` made with a fair market value.

    The bargain element is ``(fair_market_value − price) × shares``, at least zero, rounded
    once to the currency's minor unit with ``rounding`` (``None``: exact). An exercise
    taxed as an NSO (:func:`iso_status` on the exercise day) has it as ordinary income; an
    ISO has no ordinary income and the same amount as its AMT preference (§56(b)(3)).
    ``qualifying_from`` (an ISO's only) is the day after the later of the grant's 2-year
    and the exercise's 1-year anniversaries, month-end clamped (a grant on 2024-02-29:
    2026-02-28 is its second anniversary). Shares exercised beyond those vested on the
    exercise day (the grant's earlier exercises counted first) are unvested: their 83(b)
    election is due 30 days after the exercise (§83(b)(2)); shares are counted in the
    shares in force on the exercise day, after the splits made by then. A ``record`` that
    is not one of the grant's exercises is read as the grant's next exercise.

    Every exercise of an ISO grant is taxed as an ISO's here (unless :func:`iso_status`
    says otherwise), however many of its shares are over the $100,000 limit: those are
    NSO shares, and one exercise is not split between the two. Run :func:`iso_limit`,
    and figure the shares over it as an exercise of an NSO.

    >>> from auxer_option import OptionGrant, exercise
    >>> grant = OptionGrant(
    ...     "2024-02-29", 1_000, "5.00", term="10 years", compensation_type="OPTION_ISO"
    ... )
    >>> _, record = exercise(grant, 1_000, "2024-06-03", fair_market_value="8.00")
    >>> figures = tax_figures(grant, record)
    >>> figures.amt_preference, figures.ordinary_income, figures.qualifying_from
    (Decimal('3000.00'), Decimal('0.00'), datetime.date(2026, 3, 1))

    Raises:
        OptionTypeError: if ``grant`` is not a grant or ``record`` not an exercise.
        InconsistentRecordError: for an exercise with no fair market value.
        InvalidChoiceError: for an unknown ``rounding``.
        InvalidDateError: naming ``qualifying_from`` or ``election_83b_deadline`` when it
            would fall after 9999-12-31.
        PrecisionError: naming ``bargain_element`` when it is too long to be exact.
    """
    check_grant(grant)
    mode = check_rounding(rounding)
    market = _market_value(record)
    kind = iso_status(grant, record.date)
    spread = max(Decimal(0), subtract(market, record.price, "bargain_element"))
    bargain = to_cash(
        multiply(spread, record.shares, "bargain_element"), grant.currency, mode, "bargain_element"
    )
    zero = to_cash(Decimal(0), grant.currency, mode, "bargain_element")
    iso = kind is CompensationType.OPTION_ISO
    unvested = _unvested(grant, record)
    return TaxFigures(
        kind=kind,
        bargain_element=bargain,
        ordinary_income=zero if iso else bargain,
        amt_preference=bargain if iso else zero,
        qualifying_from=_qualifying_from(grant, record) if iso else None,
        unvested_shares=unvested,
        election_83b_deadline=(
            add_days(record.date, ELECTION_DAYS, "election_83b_deadline") if unvested else None
        ),
    )


def _market_value(record: object) -> Decimal:
    if not isinstance(record, Exercise):
        raise OptionTypeError("record", record, NOT_AN_EXERCISE)
    if record.fair_market_value is None:
        raise InconsistentRecordError("record.fair_market_value", None, NO_MARKET_VALUE)
    return record.fair_market_value


def _qualifying_from(grant: OptionGrant, record: Exercise) -> dt.date:
    later = max(
        add_term(grant.grant_date, AFTER_GRANT, "qualifying_from"),
        add_term(record.date, AFTER_EXERCISE, "qualifying_from"),
    )
    return add_days(later, 1, "qualifying_from")


def _unvested(grant: OptionGrant, record: Exercise) -> int:
    """The shares of ``record`` beyond those vested on its day, earlier exercises first.

    Counted in the shares in force then: the vested shares not yet exercised are
    the outstanding shares less those still locked, converted at the splits made by then
    as every exercise check converts them (:func:`~auxer_option._vesting.locked_shares`).
    """
    moments = _moments(grant)
    position = moments.by_identity.get(id(record))
    if position is None:  # an equal record, as a grant read back from a file holds it
        position = moments.by_value.get(record)
    if position is None:  # the grant's next exercise
        splits = history(grant)
        moment = Moment(
            grant.outstanding_shares,
            splits.split_ratio,
            splits.split_dropped,
            grant.termination is not None,
        )
    else:
        moment = moments.moments[position]
    if moment.after_termination:  # the unvested shares were forfeited: the rest vested
        return 0
    timeline = vesting_timeline(grant)
    locked = locked_shares(timeline.unvested(record.date), moment.ratio, moment.dropped)
    return max(0, min(record.shares, record.shares - (moment.outstanding - locked)))


class _Moments(NamedTuple):
    """A grant's exercises' moments, and where each exercise is, by identity and by value."""

    grant: weakref.ref[OptionGrant]
    moments: list[Moment]
    by_identity: dict[int, int]
    by_value: dict[Exercise, int]


# The moments of the grant last asked about: the figures of each of its exercises in
# turn replay its history once, not once each. Held by a weak reference, so that no
# grant is kept alive by it (and when it goes, so do they), and as one tuple, replaced
# whole, so that threads never see half of one; a grant stores nothing more for it.
_LAST_MOMENTS: _Moments | None = None


def _forget(gone: weakref.ref[OptionGrant]) -> None:
    """Let go of the moments of a grant no longer in use, and of its records."""
    global _LAST_MOMENTS  # noqa: PLW0603  (the one-grant cache above)
    last = _LAST_MOMENTS
    if last is not None and last.grant is gone:
        _LAST_MOMENTS = None


def _moments(grant: OptionGrant) -> _Moments:
    """The moment of each of ``grant``'s exercises, from one replay of its history."""
    global _LAST_MOMENTS  # noqa: PLW0603  (the one-grant cache above)
    last = _LAST_MOMENTS
    if last is not None and last.grant() is grant:
        return last
    exercises = grant.exercises
    by_identity: dict[int, int] = {}
    by_value: dict[Exercise, int] = {}
    for index, exercise in enumerate(exercises):  # the first of the same or equal records
        by_identity.setdefault(id(exercise), index)
        by_value.setdefault(exercise, index)
    moments = _Moments(
        weakref.ref(grant, _forget),
        partial_replay(grant).moments if exercises else [],
        by_identity,
        by_value,
    )
    _LAST_MOMENTS = moments
    return moments


@attrs.frozen
class Disposition:
    """The tax figures of a sale of exercised shares: see :func:`disposition`.

    >>> from auxer_option import AUXER_1999, exercise
    >>> _, record = exercise(AUXER_1999, 1_000, "1999-08-02", fair_market_value="0.50")
    >>> disposition(AUXER_1999, record, on="2000-08-03", price="0.75").capital_gain
    Decimal('250.00')
    """

    #: Whether the sale is a qualifying disposition of ISO shares.
    qualifying: bool
    #: Whether the shares were held more than a year from the exercise (long-term gain).
    long_term: bool
    #: The sale proceeds, ``price × shares``.
    proceeds: Decimal
    #: The shares' cost: the exercise price paid, plus the ordinary income taxed at an
    #: NSO's exercise (so at least the value at exercise).
    cost: Decimal
    #: Ordinary income the sale adds (a disqualifying disposition's).
    ordinary_income: Decimal
    #: The capital gain, negative for a loss: what is left of the proceeds, so that
    #: ``proceeds == cost + ordinary_income + capital_gain`` to the cent.
    capital_gain: Decimal

    def __str__(self) -> str:
        return text_columns("Disposition", ("Figure", "Value"), _figure_cells(self))

    def _repr_html_(self) -> str:
        return html_table("Disposition", _figure_cells(self))


def disposition(
    grant: OptionGrant,
    record: Exercise,
    *,
    on: DateLike,
    price: Amount,
    rounding: str | None = DEFAULT_ROUNDING,
) -> Disposition:
    """The tax figures of selling all of ``record``'s shares on ``on`` at ``price`` a share.

    ISO shares (taxed as an ISO at exercise, see :func:`tax_figures`) sold on or after
    ``qualifying_from`` are a qualifying disposition: no ordinary income, and a capital
    gain of the proceeds less the exercise price paid. Sold earlier (disqualifying), the
    ordinary income is the lesser of the exercise's bargain element and the gain over the
    price paid, never below zero (§422(c)(2)); the rest of the gain, or the loss, is
    capital. NSO shares had their income at exercise: their ``cost`` (basis) is the price
    paid plus that income, ``max(price, fair market value at exercise) × shares``, and the
    capital gain is the proceeds less it. ``long_term`` is a sale more than a year after
    the exercise. The proceeds, the price paid and the ordinary income are each rounded
    once to the currency's minor unit with ``rounding`` (``None``: exact), and the capital
    gain is the rest: ``proceeds == cost + ordinary_income + capital_gain`` to the cent.

    Every exercise of an ISO grant is read as an ISO's (unless :func:`iso_status` says
    otherwise): shares over the $100,000 limit are NSO shares, which this does not split
    out. Run :func:`iso_limit`, and give the shares over it as an exercise of an NSO.

    >>> from auxer_option import OptionGrant, exercise
    >>> grant = OptionGrant(
    ...     "2024-02-29", 1_000, "5.00", term="10 years", compensation_type="OPTION_ISO"
    ... )
    >>> _, record = exercise(grant, 1_000, "2024-06-03", fair_market_value="8.00")
    >>> early = disposition(grant, record, on="2026-02-28", price="12.00")
    >>> early.qualifying, early.ordinary_income, early.capital_gain
    (False, Decimal('3000.00'), Decimal('4000.00'))
    >>> disposition(grant, record, on="2026-03-01", price="12.00").capital_gain
    Decimal('7000.00')

    Raises:
        OptionTypeError: if ``grant`` is not a grant or ``record`` not an exercise.
        InconsistentRecordError: for an exercise with no fair market value, or a sale
            before the exercise.
        DateTypeError, InvalidDateError: for a bad ``on``.
        AmountTypeError, InvalidAmountError: for a bad ``price``.
        PrecisionError: naming the figure (``proceeds``, ``cost``, ``ordinary_income`` or
            ``capital_gain``) too long to be exact; and the errors of :func:`tax_figures`.
    """
    figures = tax_figures(grant, record, rounding=rounding)
    day = coerce_date(on, "on")
    if day < record.date:
        rule = BEFORE_EXERCISE.format(exercised=record.date)
        raise InconsistentRecordError("on", on, rule)
    sale = coerce_amount(price, "price")
    mode = check_rounding(rounding)

    def cash(amount: Decimal, field: str) -> Decimal:
        return to_cash(amount, grant.currency, mode, field)

    # Proceeds, price paid and income are each rounded once; the capital gain is what is
    # left, so the parts add up to the proceeds to the cent, whatever the rounding.
    proceeds = cash(multiply(sale, record.shares, "proceeds"), "proceeds")
    paid = cash(multiply(record.price, record.shares, "cost"), "cost")
    iso = figures.kind is CompensationType.OPTION_ISO
    qualifying = iso and figures.qualifying_from is not None and day >= figures.qualifying_from
    try:
        long_term = day > add_term(record.date, AFTER_EXERCISE, "on")
    except InvalidDateError:  # a year after the exercise is past 9999-12-31: no day is later
        long_term = False
    # An NSO's basis takes in the income already taxed at its exercise (§83; Treas. Reg.
    # §1.83-4(b)): the price paid when the shares were worth less.
    cost = paid if iso else add(paid, figures.ordinary_income, field="cost")
    income = zero = cash(Decimal(0), "ordinary_income")
    if iso and not qualifying:
        gain = subtract(proceeds, paid, "ordinary_income")
        income = max(zero, min(figures.bargain_element, gain))
    capital = subtract(subtract(proceeds, cost, "capital_gain"), income, "capital_gain")
    return Disposition(
        qualifying=qualifying,
        long_term=long_term,
        proceeds=proceeds,
        cost=cost,
        ordinary_income=income,
        capital_gain=capital,
    )
