"""The grant: :class:`OptionGrant`, its terms as granted, its history, and what it is now.

A grant holds its terms as granted and its history (exercises, adjustments, accelerations
and a termination); what it is now (outstanding shares, the exercise price in force, the
last exercise date) is derived from them once, at construction, by replaying the history
and checking every record against it.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import typing
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, TypeVar, cast

import attrs

from auxer_option._choices import check_flag
from auxer_option._history import (
    NO_HISTORY,
    History,
    PartialReplay,
    Replay,
    latest_event,
    more_than_outstanding,
)
from auxer_option._money import (
    DEFAULT_ROUNDING,
    MAX_SHARES,
    Amount,
    ShareCount,
    coerce_amount,
    coerce_currency,
    coerce_shares,
    format_amount,
    multiply,
    to_cash,
)
from auxer_option._pickling import RebuiltByConstructor
from auxer_option._tables import Row, Shown
from auxer_option._tax_terms import (
    DEFAULT_TAX_TERMS,
    CompensationType,
    TaxTerms,
    changed_tax_terms,
    check_incentive_option,
    tax_terms_with,
)
from auxer_option._termination import (
    DEFAULT_TERMINATION_WINDOWS,
    Termination,
    TerminationWindows,
    TerminationWindowsLike,
    coerce_termination_windows,
)
from auxer_option._terms import DateLike, Term, TermLike, add_term, coerce_date, coerce_term
from auxer_option._text import written_repr
from auxer_option._window import (
    DEFAULT_CONVENTIONS,
    BusinessDayRoll,
    ExpiryReading,
    WindowConventions,
    changed_conventions,
    expiration_from_term,
    last_day,
)
from auxer_option.exceptions import (
    InconsistentGrantError,
    InvalidVestingError,
    OptionTypeError,
    OptionValueError,
    TerminationError,
)

if TYPE_CHECKING:
    from auxer_option._records import Adjustment, Exercise
    from auxer_option._vesting import Acceleration, Shares, Vesting, VestingSchedule

__all__ = [
    "GRANT_KEYWORDS",
    "NOT_A_GRANT",
    "TAX_KEYWORDS",
    "OptionGrant",
    "as_of",
    "check_grant",
    "grant_title",
    "history",
    "immediate_schedule",
    "latest_record_date",
    "partial_replay",
    "requested_shares",
    "stored_schedule",
    "terms_rows",
    "vesting_timeline",
    "with_acceleration",
    "with_adjustment",
    "with_exercise",
    "with_termination",
]

#: The rule broken by anything but a grant where an operation takes one.
NOT_A_GRANT: Final = "must be an OptionGrant"

#: The keywords that describe a grant completely: what it pickles and serializes as.
GRANT_KEYWORDS: Final = (
    "grant_date",
    "shares",
    "exercise_price",
    "expiration_date",
    "term",
    "currency",
    "grantor",
    "grantee",
    "first_exercise_date",
    "expiry_reading",
    "expiry_day_included",
    "cutoff_time",
    "time_zone",
    "business_day_roll",
    "holidays",
    "exercises",
    "adjustments",
    "vesting",
    "early_exercisable",
    "termination_windows",
    "accelerations",
    "termination",
    "compensation_type",
    "grant_fair_market_value",
    "ten_percent_holder",
)
_CONVENTION_KEYWORDS: Final = tuple(field.name for field in attrs.fields(WindowConventions))
#: The keywords of a grant's tax terms, given one by one (newer than the rest).
TAX_KEYWORDS: Final = tuple(field.name for field in attrs.fields(TaxTerms))

# The rules a grant's fields are refused by, each written once here; those with a value in
# them are templates, filled in with str.format.
#: A grantor or grantee that is not text.
NOT_A_NAME: Final = "must be text (a name) or None"
#: A grantor or grantee that is blank.
NO_PARTY: Final = "must name the party, or be None"
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
#: A window whose last day is before its first: a template of ``first`` and ``last``.
EMPTY_WINDOW: Final = "the window would be empty: it opens on {first} but its last day is {last}"
#: An acceleration out of order: a template of ``previous``, the date it may not precede.
BEFORE_PREVIOUS: Final = "must not be before the grant date or the previous one, on {previous}"
#: An acceleration after the termination: a template of ``end``, the termination date.
AFTER_TERMINATION: Final = "must not be after the termination, on {end}"
#: An acceleration of more shares than are unvested: a template of ``unvested`` and ``date``.
MORE_THAN_UNVESTED: Final = "only {unvested} shares were unvested on {date}"
#: Conventions given together as anything but a WindowConventions.
NOT_CONVENTIONS: Final = "must be a WindowConventions, such as WindowConventions()"
#: A history given whole as anything but a grant's own.
NOT_A_HISTORY: Final = "must be a grant's history"
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


class _Unset:
    """A keyword not given: the value comes from ``conventions`` or the history given.

    A ``vesting`` not given is the immediate schedule, stored as None (see ``_Schedule``).
    """

    __slots__ = ()


_UNSET: Final[Any] = _Unset()


def party(value: object, field: str) -> str | None:
    """``value`` as a party's name (grantor, grantee), or None; refused if not text."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise OptionTypeError(field, value, NOT_A_NAME)
    if not value.strip():
        raise OptionValueError(field, value, NO_PARTY)
    return value


_Record = TypeVar("_Record", "Exercise", "Adjustment", "Acceleration")


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


def _vesting(value: object) -> VestingSchedule | None:
    """The schedule given, as stored: None for one that vests at once (see ``_Schedule``)."""
    from auxer_option._vesting import VestingSchedule  # noqa: PLC0415  (see _Schedule)

    if not isinstance(value, VestingSchedule):
        raise OptionTypeError("vesting", value, NOT_A_SCHEDULE)
    return None if value.is_immediate else value


def _termination(value: object) -> Termination | None:
    if value is not None and not isinstance(value, Termination):
        raise OptionTypeError("termination", value, NOT_A_TERMINATION)
    return value


def _tax_terms(given: object, one_by_one: tuple[object, ...]) -> TaxTerms:
    """``given`` with the tax terms given ``one_by_one`` (in their order) on top."""
    changes = {
        name: value
        for name, value in zip(TAX_KEYWORDS, one_by_one, strict=True)
        if value is not _UNSET
    }
    return tax_terms_with(given, changes)


def _conventions(given: object, one_by_one: tuple[object, ...]) -> WindowConventions:
    """``given`` with the conventions given ``one_by_one`` (in their order) on top."""
    changes = {
        name: value
        for name, value in zip(_CONVENTION_KEYWORDS, one_by_one, strict=True)
        if value is not _UNSET
    }
    if not isinstance(given, WindowConventions):
        raise OptionTypeError("conventions", given, NOT_CONVENTIONS)
    conventions = attrs.evolve(given, **cast("dict[str, Any]", changes))
    # Equal conventions are one shared object, as for grants that give none.
    return DEFAULT_CONVENTIONS if conventions == DEFAULT_CONVENTIONS else conventions


_HISTORY_KEYWORDS: Final = ("exercises", "adjustments", "accelerations", "termination")


def _checked_history(given: object, one_by_one: tuple[object, ...]) -> History:
    """The records of ``given`` with those given ``one_by_one`` (in their order) in place."""
    if not isinstance(given, History):
        raise OptionTypeError("_history", given, NOT_A_HISTORY)
    records = [
        getattr(given, name) if value is _UNSET else value
        for name, value in zip(_HISTORY_KEYWORDS, one_by_one, strict=True)
    ]
    exercises, adjustments, accelerations, termination = records
    # The records are loaded when a grant is first given some: most grants have none.
    from auxer_option._records import Adjustment, Exercise  # noqa: PLC0415
    from auxer_option._vesting import Acceleration  # noqa: PLC0415

    return History(
        _records(exercises, Exercise, "exercises"),
        _records(adjustments, Adjustment, "adjustments"),
        _records(accelerations, Acceleration, "accelerations"),
        _termination(termination),
    )


@functools.lru_cache(maxsize=256)
def _vests_at_once(grant_date: dt.date, shares: int) -> Vesting:
    # Shared by grants alike: a grant that vests at once stores no timeline of its own.
    from auxer_option._vesting import Vesting  # noqa: PLC0415  (see _Schedule)

    return Vesting(((grant_date, shares),), (), shares, None)


@functools.cache
def immediate_schedule() -> VestingSchedule:
    """The schedule of a grant that vests at once, made (and its module loaded) when first read."""
    from auxer_option._vesting import VestingSchedule  # noqa: PLC0415  (see _Schedule)

    return VestingSchedule.immediate()


class _GrantSlots:
    """A grant's storage, without the freezing: a grant is filled in as this, then frozen.

    A frozen attrs class stores each attribute through ``object.__setattr__``, four times
    the cost of a plain store, and a grant stores nineteen: most of the time it took to
    build one. :class:`OptionGrant` adds no slots of its own, so an instance can change
    between the two classes; only the grant's own constructor and its new-record path do.
    ``test_grant`` checks that these slots are the grant's fields.
    """

    __slots__ = (
        "__weakref__",
        "_history",
        "_timeline",
        "adjusted_exercise_price",
        "conventions",
        "currency",
        "early_exercisable",
        "exercise_price",
        "expiration_date",
        "first_exercise_date",
        "forfeited_shares",
        "grant_date",
        "grantee",
        "grantor",
        "last_exercise_date",
        "outstanding_shares",
        "shares",
        "tax_terms",
        "term",
        "termination_windows",
        "vesting",
    )


@typing.final
@attrs.frozen(init=False, repr=False, getstate_setstate=False)
class OptionGrant(_GrantSlots, RebuiltByConstructor, Shown):
    """An option to buy ``shares`` at ``exercise_price`` each, within an exercise window.

    Give the expiry as ``expiration_date=`` or as ``term=`` (a :class:`Term`, a
    ``relativedelta`` or text such as ``"3 months"``); with both, they must agree. The
    window runs from ``first_exercise_date`` (default: the grant date) through
    ``last_exercise_date``, both inclusive; ``last_exercise_date`` is derived once from
    the expiry and the window conventions (see :doc:`/conventions`), given one by one
    (``business_day_roll=``, ...) or together as ``conventions=``, a
    :class:`WindowConventions` (those given one by one apply on top of it).

    Dates are ``datetime.date`` or ``"YYYY-MM-DD"``; the price is a ``Decimal``, an int
    or a numeric string, never a float; ``shares`` is a whole number.

    ``shares`` and ``exercise_price`` are the terms as granted. The history, ``exercises``
    and ``adjustments`` (oldest first), is replayed once, at construction, into what the
    grant is now: ``outstanding_shares`` and ``adjusted_exercise_price``, the price in
    force after any split adjustment, which every cost and value uses. An exercise or a
    split made through this library's functions adds its record without replaying the
    rest: the new record alone is checked against the grant it changes.

    >>> grant = OptionGrant("1999-07-01", 1_000_000, "0.13", term="three (3) months")
    >>> grant.last_exercise_date, grant.outstanding_shares
    (datetime.date(1999, 10, 1), 1000000)

    Raises:
        OptionError: a subclass naming the field, the value and the rule, for any bad
            input or any contradiction between fields.
    """

    grant_date: dt.date
    shares: int
    exercise_price: Decimal
    expiration_date: dt.date
    term: Term | None
    currency: str
    grantor: str | None
    grantee: str | None
    first_exercise_date: dt.date
    #: The window conventions, together; each is also an attribute of its own.
    conventions: WindowConventions
    vesting: VestingSchedule
    early_exercisable: bool
    termination_windows: TerminationWindows
    #: The tax terms, together; each is also an attribute of its own.
    tax_terms: TaxTerms
    _history: History = attrs.field(alias="_history")

    # Derived once and never recomputed: every check reads these.
    last_exercise_date: dt.date = attrs.field(init=False, eq=False)
    outstanding_shares: int = attrs.field(init=False, eq=False)
    adjusted_exercise_price: Decimal = attrs.field(init=False, eq=False)
    forfeited_shares: int = attrs.field(init=False, eq=False)
    # None for a grant that vests at once: see vesting_timeline.
    _timeline: Vesting | None = attrs.field(init=False, eq=False, repr=False)

    def __init__(  # noqa: C901, PLR0912, PLR0915  (one pass over every term: see below)
        self,
        grant_date: DateLike,
        shares: ShareCount,
        exercise_price: Amount,
        *,
        expiration_date: DateLike | None = None,
        term: TermLike | None = None,
        currency: str = "USD",
        grantor: str | None = None,
        grantee: str | None = None,
        first_exercise_date: DateLike | None = None,
        conventions: WindowConventions = DEFAULT_CONVENTIONS,
        expiry_reading: ExpiryReading | str = _UNSET,
        expiry_day_included: bool = _UNSET,
        cutoff_time: dt.time | str | None = _UNSET,
        time_zone: dt.tzinfo | str | None = _UNSET,
        business_day_roll: BusinessDayRoll | str = _UNSET,
        holidays: Iterable[DateLike] = _UNSET,
        exercises: Iterable[Exercise] = _UNSET,
        adjustments: Iterable[Adjustment] = _UNSET,
        vesting: VestingSchedule = _UNSET,
        early_exercisable: bool = False,
        termination_windows: TerminationWindowsLike = None,
        accelerations: Iterable[Acceleration] = _UNSET,
        termination: Termination | None = _UNSET,
        compensation_type: CompensationType | str = _UNSET,
        grant_fair_market_value: Amount | None = _UNSET,
        ten_percent_holder: bool = _UNSET,
        tax_terms: TaxTerms = DEFAULT_TAX_TERMS,
        _history: History = NO_HISTORY,
    ) -> None:
        """Check every term, derive the window, and replay the history (see the class)."""
        # One pass, with a fast path for the types and defaults most grants are built from:
        # building grants is the library's most common work (a book builds thousands), and
        # each function call here would cost a tenth of the time a plain grant takes.
        if type(grant_date) is not dt.date:
            grant_date = coerce_date(grant_date, "grant_date")
        if type(shares) is not int or not 0 < shares <= MAX_SHARES:
            shares = coerce_shares(shares, "shares")
        price = coerce_amount(exercise_price, "exercise_price")
        if expiration_date is not None:
            expiration_date = coerce_date(expiration_date, "expiration_date")
        if term is not None and type(term) is not Term:
            term = coerce_term(term)
        if type(currency) is not str or currency != "USD":
            currency = coerce_currency(currency)
        grantor, grantee = party(grantor, "grantor"), party(grantee, "grantee")
        if first_exercise_date is not None:
            first_exercise_date = coerce_date(first_exercise_date, "first_exercise_date")
        # Most grants give no convention and no history. Asked by identity alone: == on what
        # a caller gave (a numpy array, say) need not even give a bool.
        one_by_one: tuple[object, ...] = (
            expiry_reading,
            expiry_day_included,
            cutoff_time,
            time_zone,
            business_day_roll,
            holidays,
        )
        if not (
            conventions is DEFAULT_CONVENTIONS
            and one_by_one[0] is _UNSET
            and one_by_one[1] is _UNSET
            and one_by_one[2] is _UNSET
            and one_by_one[3] is _UNSET
            and one_by_one[4] is _UNSET
            and one_by_one[5] is _UNSET
        ):
            conventions = _conventions(conventions, one_by_one)
        history = _history
        records: tuple[object, ...] = (exercises, adjustments, accelerations, termination)
        if not (
            history is NO_HISTORY
            and records[0] is _UNSET
            and records[1] is _UNSET
            and records[2] is _UNSET
            and records[3] is _UNSET
        ):
            history = _checked_history(_history, records)
        schedule = None if vesting is _UNSET else _vesting(vesting)
        if early_exercisable is not False:
            early_exercisable = check_flag(early_exercisable, "early_exercisable")
        windows = coerce_termination_windows(termination_windows)
        if not (
            tax_terms is DEFAULT_TAX_TERMS
            and compensation_type is _UNSET
            and grant_fair_market_value is _UNSET
            and ten_percent_holder is _UNSET
        ):
            tax_terms = _tax_terms(
                tax_terms, (compensation_type, grant_fair_market_value, ten_percent_holder)
            )
        expiration = _expiration(grant_date, expiration_date, term, conventions.expiry_reading)
        first, last = grant_date, expiration  # the window of most grants: checked already
        if not (
            first_exercise_date is None
            and conventions is DEFAULT_CONVENTIONS
            and history is NO_HISTORY
        ):
            first, last = _window(
                grant_date, expiration, first_exercise_date, conventions, history, windows
            )
        if tax_terms is not DEFAULT_TAX_TERMS:
            # An ISO's term is its own (IRC §422(b)(3): "by its terms"), not what a
            # termination leaves of it: the last day before any termination is checked.
            contractual = last_day(conventions, expiration)
            check_incentive_option(tax_terms, grant_date, price, expiration, contractual, currency)
        timeline = None
        outstanding, adjusted, forfeited = shares, price, 0
        if history is not NO_HISTORY or schedule is not None:
            timeline = _worked_out_vesting(grant_date, shares, schedule, history)
            if history.exercises or history.adjustments or history.termination is not None:
                replay = Replay(
                    history,
                    (shares, price, grant_date),
                    (first, last),
                    early_exercisable=early_exercisable,
                    vesting=timeline or _vests_at_once(grant_date, shares),
                )
                outstanding, adjusted, forfeited = replay.run()
                history = replay.history  # with what the splits did
        # Stored as the mutable base and then frozen: see _GrantSlots.
        cls = type(self)
        object.__setattr__(self, "__class__", _GrantSlots)
        building: Any = self  # its storage, being filled in
        building.grant_date = grant_date
        building.shares = shares
        building.exercise_price = price
        building.expiration_date = expiration
        building.term = term
        building.currency = currency
        building.grantor = grantor
        building.grantee = grantee
        building.first_exercise_date = first
        building.conventions = conventions
        building.vesting = schedule
        building.early_exercisable = early_exercisable
        building.termination_windows = windows
        building.tax_terms = tax_terms
        building._history = history  # noqa: SLF001  (its own storage)
        building.last_exercise_date = last
        building.outstanding_shares = outstanding
        building.adjusted_exercise_price = adjusted
        building.forfeited_shares = forfeited
        building._timeline = timeline  # noqa: SLF001  (its own storage)
        building.__class__ = cls

    def __init_subclass__(cls, **kwargs: object) -> None:
        # A grant is filled in as _GrantSlots and then becomes an OptionGrant: a subclass
        # would come back as an OptionGrant from every operation, or not build at all.
        raise TypeError("OptionGrant is final: wrap a grant instead of subclassing it")

    # --- the conventions and the history, each as an attribute of its own -----------------

    @property
    def expiry_reading(self) -> ExpiryReading:
        """How the term became the expiration date (see :class:`ExpiryReading`)."""
        return self.conventions.expiry_reading

    @property
    def expiry_day_included(self) -> bool:
        """Whether the expiry day itself is the last day to exercise."""
        return self.conventions.expiry_day_included

    @property
    def cutoff_time(self) -> dt.time | None:
        """The time the last day ends at, on the clock of ``time_zone``; None: at midnight."""
        return self.conventions.cutoff_time

    @property
    def time_zone(self) -> dt.tzinfo | None:
        """The zone whose calendar and clock the window is read in; None: calendar days."""
        return self.conventions.time_zone

    @property
    def business_day_roll(self) -> BusinessDayRoll:
        """What a last day on a weekend or holiday becomes (see :class:`BusinessDayRoll`)."""
        return self.conventions.business_day_roll

    @property
    def holidays(self) -> frozenset[dt.date]:
        """The non-business days besides weekends."""
        return self.conventions.holidays

    @property
    def compensation_type(self) -> CompensationType:
        """What kind of option it is: ISO, NSO or neither (see :class:`CompensationType`)."""
        return self.tax_terms.compensation_type

    @property
    def grant_fair_market_value(self) -> Decimal | None:
        """The fair market value of a share at grant, as given; None: at the money.

        :func:`~auxer_option.fair_market_value_at_grant` gives the value either way.
        """
        return self.tax_terms.grant_fair_market_value

    @property
    def ten_percent_holder(self) -> bool:
        """Whether the holder owns more than 10% of the company's voting power."""
        return self.tax_terms.ten_percent_holder

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        """The exercises, oldest first."""
        return self._history.exercises

    @property
    def adjustments(self) -> tuple[Adjustment, ...]:
        """The split adjustments, oldest first."""
        return self._history.adjustments

    @property
    def accelerations(self) -> tuple[Acceleration, ...]:
        """The vesting accelerations, oldest first."""
        return self._history.accelerations

    @property
    def termination(self) -> Termination | None:
        """The end of the holder's service, if recorded."""
        return self._history.termination

    # --- how it is written ---------------------------------------------------------------

    def _arguments(self) -> dict[str, Any]:
        # Pickled as the keywords that build it, so a pickle reads back whatever the layout.
        return {name: getattr(self, name) for name in GRANT_KEYWORDS}

    @classmethod
    def _stored_arguments(cls, values: dict[str, Any]) -> dict[str, Any]:
        names = (*GRANT_KEYWORDS, "conventions", "tax_terms", "_history")
        return {name: values[name] for name in names if name in values}

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
        items.extend(changed_conventions(self.conventions))
        schedule = stored_schedule(self)
        if schedule is not None:
            items.append(("vesting", schedule))
        if self.early_exercisable:
            items.append(("early_exercisable", True))
        if self.termination_windows != DEFAULT_TERMINATION_WINDOWS:
            items.append(("termination_windows", self._changed_windows()))
        items.extend(
            (name, getattr(self, name))
            for name in ("exercises", "adjustments", "accelerations", "termination")
            if getattr(self, name)
        )
        items.extend(changed_tax_terms(self.tax_terms))
        # Written the same in any decimal context: repr() of a Decimal reads its capitals.
        shown = ", ".join(
            f"{name}={written_repr(value)}" for name, value in items if value is not None
        )
        return f"OptionGrant({shown})"

    def _summary(self) -> tuple[str, list[Row]]:
        # The cost of every outstanding share, as exercise_cost gives it: no day, no clock.
        cost = to_cash(
            multiply(self.adjusted_exercise_price, self.outstanding_shares, "exercise_cost"),
            self.currency,
            DEFAULT_ROUNDING,
            "exercise_cost",
        )
        shown = f"{format_amount(cost, self.currency)} for {self.outstanding_shares:,} shares"
        return grant_title(self), [*terms_rows(self), ("Exercise cost", shown)]

    def _changed_windows(self) -> dict[str, Term]:
        defaults = dict(DEFAULT_TERMINATION_WINDOWS)
        return {
            reason.value: term
            for reason, term in self.termination_windows
            if defaults[reason] != term
        }


# What a new record copies from the grant it changes.
_STORED_SLOTS: Final[tuple[Any, ...]] = tuple(
    vars(_GrantSlots)[field.name] for field in attrs.fields(OptionGrant)
)
#: Where a grant's schedule is stored: None for one that vests at once.
_SCHEDULE_SLOT: Final[Any] = vars(_GrantSlots)["vesting"]


class _Schedule:
    """A grant's ``vesting``: its schedule, or the immediate one when it stores none.

    Most grants vest at once, and store None for it, so that building and costing one
    never loads the vesting schedules (a fifth of the import); the immediate schedule is
    made when first read. Equality, hashing, pickling and ``attrs.evolve`` read it here.
    """

    __slots__ = ()

    def __get__(self, grant: object, owner: type | None = None) -> Any:
        # On the class, the slot's own descriptor, as attrs left it.
        schedule = _SCHEDULE_SLOT.__get__(grant, owner)
        return immediate_schedule() if schedule is None else schedule

    def __set__(self, grant: object, value: VestingSchedule) -> None:
        # Only a grant rebuilt from a pickle in attrs' form is stored into, as it was read.
        _SCHEDULE_SLOT.__set__(grant, None if value.is_immediate else value)


_SHOWN_AS: Any = OptionGrant
_SHOWN_AS.vesting = _Schedule()


def stored_schedule(grant: OptionGrant) -> VestingSchedule | None:
    """``grant``'s vesting schedule as stored: None for one that vests at once."""
    schedule: VestingSchedule | None = _SCHEDULE_SLOT.__get__(grant)
    return schedule


class _Signature:
    """The constructor as help() and the documentation show it, worked out on first use.

    Each keyword shows its true default, not "not given".
    """

    def __get__(self, instance: object, owner: type) -> inspect.Signature:
        return _signature()


@functools.cache
def _signature() -> inspect.Signature:
    defaults: dict[str, object] = {
        **dict.fromkeys(_HISTORY_KEYWORDS[:3], ()),
        "termination": None,
        "vesting": immediate_schedule(),
        **{field.name: field.default for field in attrs.fields(WindowConventions)},
        **{field.name: field.default for field in attrs.fields(TaxTerms)},
    }
    parameters = inspect.signature(OptionGrant.__init__).parameters
    return inspect.Signature(
        [
            parameter.replace(default=defaults.get(name, parameter.default))
            for name, parameter in parameters.items()
            if name not in ("self", "_history")
        ]
    )


_SHOWN_AS.__signature__ = _Signature()


def _expiration(
    grant_date: dt.date, given: dt.date | None, term: Term | None, reading: ExpiryReading
) -> dt.date:
    if term is None:
        if given is None:
            raise InconsistentGrantError("expiration_date", None, NO_EXPIRY)
        if reading is not ExpiryReading.CORRESPONDING_DATE:
            raise InconsistentGrantError("expiry_reading", reading, READING_NEEDS_TERM)
        expiration = given
    else:
        expiration = expiration_from_term(grant_date, term, reading)
        if given is not None and given != expiration:
            rule = DISAGREES_WITH_TERM.format(
                term=term, grant_date=grant_date, expiration=expiration, reading=reading
            )
            raise InconsistentGrantError("expiration_date", given, rule)
    if expiration < grant_date:
        rule = BEFORE_GRANT_DATE.format(grant_date=grant_date)
        raise InconsistentGrantError("expiration_date", expiration, rule)
    return expiration


def _window(  # noqa: PLR0917  (what the window is read from)
    grant_date: dt.date,
    expiration: dt.date,
    first_exercise_date: dt.date | None,
    conventions: WindowConventions,
    history: History,
    windows: TerminationWindows,
) -> tuple[dt.date, dt.date]:
    """The first and last days of the window, checked against each other and the grant."""
    first = grant_date if first_exercise_date is None else first_exercise_date
    if first < grant_date:
        rule = BEFORE_GRANT_DATE.format(grant_date=grant_date)
        raise InconsistentGrantError("first_exercise_date", first, rule)
    last = last_day(conventions, expiration)
    if last < first:
        rule = EMPTY_WINDOW.format(first=first, last=last)
        raise InconsistentGrantError("last_exercise_date", last, rule)
    termination = history.termination
    if termination is not None:
        last = min(last, _end_of_service(grant_date, windows, termination))
    return first, last


def _end_of_service(
    grant_date: dt.date, windows: TerminationWindows, termination: Termination
) -> dt.date:
    if termination.date < grant_date:
        rule = BEFORE_GRANT_DATE.format(grant_date=grant_date)
        raise TerminationError("termination.date", termination.date, rule)
    return add_term(termination.date, dict(windows)[termination.reason], "termination.date")


def _worked_out_vesting(
    grant_date: dt.date, shares: int, vesting: VestingSchedule | None, history: History
) -> Vesting | None:
    """The vesting worked out from the schedule, the accelerations and the termination."""
    end = None if history.termination is None else history.termination.date
    try:
        installments = _installments(grant_date, shares, vesting)
    except InvalidVestingError as error:
        raise InvalidVestingError("vesting", vesting, error.rule) from error
    accelerations = history.accelerations
    if accelerations:
        _check_accelerations(grant_date, shares, installments, accelerations, end)
    elif vesting is None:
        return None  # everything vests on the grant date: nothing to store
    from auxer_option._vesting import Vesting  # noqa: PLC0415  (see _Schedule)

    return Vesting(installments, accelerations, shares, end)


def _check_accelerations(
    grant_date: dt.date,
    shares: int,
    installments: tuple[tuple[dt.date, Shares], ...],
    accelerations: tuple[Acceleration, ...],
    end: dt.date | None,
) -> None:
    from auxer_option._vesting import Vesting  # noqa: PLC0415  (see _Schedule)

    previous = grant_date
    for index, acceleration in enumerate(accelerations):
        if acceleration.date < previous:
            rule = BEFORE_PREVIOUS.format(previous=previous)
            raise TerminationError(f"accelerations[{index}].date", acceleration.date, rule)
        if end is not None and acceleration.date > end:
            rule = AFTER_TERMINATION.format(end=end)
            raise TerminationError(f"accelerations[{index}].date", acceleration.date, rule)
        earlier = Vesting(installments, accelerations[:index], shares, None)
        unvested = earlier.unvested(acceleration.date)
        if acceleration.shares > unvested:
            rule = MORE_THAN_UNVESTED.format(unvested=unvested, date=acceleration.date)
            raise InvalidVestingError(f"accelerations[{index}].shares", acceleration.shares, rule)
        previous = acceleration.date


def grant_title(grant: OptionGrant) -> str:
    """What a grant's summary is headed: the grant, and who gave it to whom."""
    parties = " to ".join(name for name in (grant.grantor, grant.grantee) if name)
    return f"Option grant: {parties}" if parties else "Option grant"


def terms_rows(grant: OptionGrant) -> list[Row]:
    """What a grant is: its terms, window and last day, vesting and history."""
    money = grant.currency
    counts = f"{grant.shares:,} granted, {grant.outstanding_shares:,} outstanding"
    price = f"{format_amount(grant.adjusted_exercise_price, money)} a share"
    if grant.adjustments:
        count = len(grant.adjustments)
        after = f"after {count} split adjustment{'s' if count > 1 else ''}"
        counts += f" ({after})"
        price += f" ({after}; {format_amount(grant.exercise_price, money)} granted)"
    if grant.forfeited_shares:
        counts += f", {grant.forfeited_shares:,} forfeited"
    expiration = f"{grant.expiration_date}"
    if grant.term is not None:
        expiration += f" ({grant.term} after the grant date)"
    last_day = f"{grant.last_exercise_date}"
    if grant.cutoff_time is not None:
        last_day += f", until {grant.cutoff_time:%H:%M} {grant.time_zone}"
    rows = [
        ("Grant date", f"{grant.grant_date}"),
        ("Shares", counts),
        ("Exercise price", price),
        ("Expiration", expiration),
        (
            "Exercise window",
            f"{grant.first_exercise_date} through {grant.last_exercise_date}, both days included",
        ),
        ("Last day to exercise", last_day),
    ]
    if grant.tax_terms is not DEFAULT_TAX_TERMS:
        rows.append(("Tax terms", _tax_text(grant)))
    schedule = stored_schedule(grant)
    if schedule is not None:
        early = "; exercisable before vesting" if grant.early_exercisable else ""
        rows.append(("Vesting", _vesting_text(schedule) + early))
    events = _history_text(grant)
    if events:
        rows.append(("History", events))
    return rows


_KINDS: Final = {
    CompensationType.OPTION: "an option, neither ISO nor NSO",
    CompensationType.OPTION_NSO: "a non-qualified stock option (NSO)",
    CompensationType.OPTION_ISO: "an incentive stock option (ISO)",
}


def _tax_text(grant: OptionGrant) -> str:
    parts = [_KINDS[grant.compensation_type]]
    value = grant.grant_fair_market_value
    if value is not None:
        parts.append(f"fair market value at grant {format_amount(value, grant.currency)}")
    if grant.ten_percent_holder:
        parts.append("the holder owns more than 10% of the voting power")
    return "; ".join(parts)


def _vesting_text(schedule: VestingSchedule) -> str:
    if schedule.explicit_tranches:
        count = len(schedule.explicit_tranches)
        first, last = schedule.explicit_tranches[0][0], schedule.explicit_tranches[-1][0]
        return f"{count} tranche{'s' if count > 1 else ''}, {first} to {last}"
    cliff = f", {schedule.cliff}-month cliff" if schedule.cliff else ""
    every = f"every {schedule.every} month{'s' if schedule.every > 1 else ''}"
    return f"{every} over {schedule.months} months{cliff}, from {schedule.start}"


def _history_text(grant: OptionGrant) -> str:
    parts = [
        f"{count} {what}{'s' if count > 1 else ''}"
        for count, what in (
            (len(grant.exercises), "exercise"),
            (len(grant.adjustments), "split adjustment"),
            (len(grant.accelerations), "acceleration"),
        )
        if count
    ]
    if grant.termination is not None:
        parts.append(f"terminated on {grant.termination.date} ({grant.termination.reason})")
    return ", ".join(parts)


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
    timeline = grant._timeline  # noqa: SLF001  (derived state, read by the vesting queries)
    return _vests_at_once(grant.grant_date, grant.shares) if timeline is None else timeline


def _succeeded(grant: OptionGrant, history: History, **derived: object) -> OptionGrant:
    """``grant`` with ``history``, whose one new record the caller has checked against it.

    ``derived`` is what that record changes of what the grant derives, by slot. Nothing
    else is checked or replayed: the cost of a new record never grows with the history
    before it.
    """
    after: Any = object.__new__(_GrantSlots)  # filled in, then frozen: see _GrantSlots
    for slot in _STORED_SLOTS:
        slot.__set__(after, slot.__get__(grant))  # as stored: an immediate schedule stays None
    after._history = history  # noqa: SLF001  (its own storage)
    for field, value in derived.items():
        setattr(after, field, value)
    after.__class__ = OptionGrant
    return cast("OptionGrant", after)


def with_exercise(grant: OptionGrant, record: Exercise) -> OptionGrant:
    """``grant`` after ``record``, an exercise the caller has checked against it.

    The exercise operations check the day, the price and the shares; here the record is
    only added, at constant cost.
    """
    return _succeeded(
        grant,
        grant._history.with_exercise(record),  # noqa: SLF001  (the grant's own, extended)
        outstanding_shares=grant.outstanding_shares - record.shares,
    )


def with_adjustment(grant: OptionGrant, record: Adjustment) -> OptionGrant:
    """``grant`` after ``record``, a split adjustment the caller has checked against it."""
    return _succeeded(
        grant,
        grant._history.with_adjustment(record),  # noqa: SLF001  (the grant's own, extended)
        outstanding_shares=record.shares_after,
        adjusted_exercise_price=record.price_after,
    )


def with_acceleration(grant: OptionGrant, record: Acceleration) -> OptionGrant:
    """``grant`` after ``record``, an acceleration the caller has checked against it.

    The vesting is worked out again from the schedule (its installments, not the history);
    what was exercised stays valid, since an acceleration only ever vests more. On a
    terminated grant (a double trigger, on the termination's day) it also changes what the
    termination forfeited, and what was exercised after it: the history is replayed then.
    """
    before = grant._history  # noqa: SLF001  (the grant's own, extended)
    if before.termination is not None:
        return attrs.evolve(grant, accelerations=(*before.accelerations, record))
    history = before.with_vesting_records((*before.accelerations, record), None)
    timeline = _vesting_after(grant, history.accelerations, None)
    return _succeeded(grant, history, _timeline=timeline)


def with_termination(grant: OptionGrant, record: Termination) -> OptionGrant:
    """``grant`` after ``record``, a termination the caller has checked against it.

    The caller has checked it is dated no earlier than anything recorded, on a grant not
    yet terminated. The shares unvested on its day are forfeited, and the window ends with the
    post-termination window for its reason, as when a history with it is replayed.
    """
    before = grant._history  # noqa: SLF001  (the grant's own, extended)
    history = before.with_vesting_records(before.accelerations, record)
    end_of_service = _end_of_service(grant.grant_date, grant.termination_windows, record)
    unvested = vesting_timeline(grant).unvested(record.date)
    from auxer_option._vesting import locked_shares  # noqa: PLC0415  (see _Schedule)

    locked = locked_shares(unvested, history.split_ratio, history.split_dropped)
    forfeited = min(grant.outstanding_shares, locked)
    timeline = _vesting_after(grant, history.accelerations, record.date)
    return _succeeded(
        grant,
        history,
        last_exercise_date=min(grant.last_exercise_date, end_of_service),
        outstanding_shares=grant.outstanding_shares - forfeited,
        forfeited_shares=forfeited,
        _timeline=timeline,
    )


def _vesting_after(
    grant: OptionGrant, accelerations: tuple[Acceleration, ...], end: dt.date | None
) -> Vesting:
    """``grant``'s vesting with these accelerations, ending on ``end`` if given."""
    from auxer_option._vesting import Vesting  # noqa: PLC0415  (see _Schedule)

    installments = _installments(grant.grant_date, grant.shares, stored_schedule(grant))
    return Vesting(installments, accelerations, grant.shares, end)


def _installments(
    grant_date: dt.date, shares: int, vesting: VestingSchedule | None
) -> tuple[tuple[dt.date, Shares], ...]:
    """When ``shares`` vest under ``vesting``: all on the grant date if it vests at once."""
    if vesting is None:
        return ((grant_date, shares),)
    return vesting.installments(shares)


def history(grant: OptionGrant) -> History:
    """``grant``'s records and what its splits did, for the operations that add to them."""
    return grant._history  # noqa: SLF001  (derived state, read by the operations)


def partial_replay(grant: OptionGrant, until: dt.date | None = None) -> PartialReplay:
    """The replay of ``grant``'s history up to the end of ``until`` (None: all of it), run.

    Its ``moments`` are those of the exercises replayed; ``exercised`` and ``adjusted``
    count the records it reached. Built from the terms as granted and the grant's window
    before any termination: every record replayed was checked against it once already.
    """
    replay = PartialReplay(
        grant._history,  # noqa: SLF001  (derived state, read by the replays)
        (grant.shares, grant.exercise_price, grant.grant_date),
        (grant.first_exercise_date, grant.last_exercise_date),
        early_exercisable=grant.early_exercisable,
        vesting=vesting_timeline(grant),
        until=until,
    )
    replay.run()
    return replay


def latest_record_date(grant: OptionGrant, *, accelerations: bool = True) -> dt.date | None:
    """The date of ``grant``'s latest dated record of any kind; None: it has none.

    With ``accelerations=False``, of any kind but an acceleration: one dated after a day
    vests nothing by its end, so what was exercisable that day does not depend on it.
    """
    past = grant._history  # noqa: SLF001  (derived state, read by the replays)
    if past is NO_HISTORY:  # most grants: asked on every valuation, so kept cheap
        return None
    event = latest_event(past)
    dates = [] if event is None else [event[1]]
    if accelerations and past.accelerations:
        dates.append(past.accelerations[-1].date)
    if past.termination is not None:
        dates.append(past.termination.date)
    return max(dates, default=None)


def as_of(grant: OptionGrant, day: dt.date) -> OptionGrant:
    """``grant`` as it stood at the end of ``day``: its records dated after ``day`` left out.

    Records dated ``day`` itself count: a termination takes effect at the end of its day,
    and an exercise or a split that day is in force by then. An undated adjustment takes
    effect at its place in the history, as soon as the records before it have. The result
    is the grant built from the history up to ``day`` alone (so every derived fact, the
    outstanding shares, the price in force, the last exercise date and the vesting, is
    what it was that day); ``grant`` itself, at no cost, when nothing is dated after
    ``day``.

    >>> from auxer_option import AUXER_1999, adjust_for_split
    >>> split = adjust_for_split(AUXER_1999, "2:1", on="1999-09-01")
    >>> before = as_of(split, dt.date(1999, 8, 31))
    >>> before.outstanding_shares, before.adjusted_exercise_price
    (1000000, Decimal('0.13'))
    >>> as_of(split, dt.date(1999, 9, 1)) is split
    True
    """
    latest = latest_record_date(grant)
    if latest is None or latest <= day:
        return grant
    past = grant._history  # noqa: SLF001  (derived state, read by the replays)
    termination, accelerations = past.termination, past.accelerations
    replay = partial_replay(grant, day)
    return attrs.evolve(
        grant,
        exercises=past.exercises[: replay.exercised],
        adjustments=past.adjustments[: replay.adjusted],
        accelerations=tuple(record for record in accelerations if record.date <= day),
        termination=termination if termination is not None and termination.date <= day else None,
    )


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
