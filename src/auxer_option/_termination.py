"""Service termination: why it ended, how long the holder may still exercise, the record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Final

import attrs

from auxer_option._choices import Choice
from auxer_option._history import latest_event
from auxer_option._pickling import RebuiltByConstructor
from auxer_option._terms import DateLike, Term, TermLike, coerce_date, coerce_term
from auxer_option.exceptions import OptionError, OptionTypeError, TerminationError

if TYPE_CHECKING:
    from auxer_option._grant import OptionGrant

__all__ = [
    "DEFAULT_TERMINATION_WINDOWS",
    "Termination",
    "TerminationReason",
    "TerminationWindows",
    "terminate",
]


class TerminationReason(Choice):
    """Why the holder's service ended, by Open Cap Format's ``TerminationWindowType``.

    >>> TerminationReason("INVOLUNTARY_WITH_CAUSE")
    TerminationReason.INVOLUNTARY_WITH_CAUSE
    """

    VOLUNTARY_OTHER = "VOLUNTARY_OTHER"
    VOLUNTARY_GOOD_CAUSE = "VOLUNTARY_GOOD_CAUSE"
    VOLUNTARY_RETIREMENT = "VOLUNTARY_RETIREMENT"
    INVOLUNTARY_OTHER = "INVOLUNTARY_OTHER"
    INVOLUNTARY_DEATH = "INVOLUNTARY_DEATH"
    INVOLUNTARY_DISABILITY = "INVOLUNTARY_DISABILITY"
    INVOLUNTARY_WITH_CAUSE = "INVOLUNTARY_WITH_CAUSE"


#: A grant's post-termination exercise windows: one term per reason, in the enum's order.
TerminationWindows = tuple[tuple[TerminationReason, Term], ...]

#: The common default: three months after termination for every reason but cause, when
#: the option ends with the termination day.
DEFAULT_TERMINATION_WINDOWS: Final[TerminationWindows] = tuple(
    (reason, Term(days=0) if reason is TerminationReason.INVOLUNTARY_WITH_CAUSE else Term(months=3))
    for reason in TerminationReason
)


def coerce_termination_windows(
    given: Mapping[TerminationReason | str, TermLike]
    | Iterable[tuple[TerminationReason | str, TermLike]]
    | None,
) -> TerminationWindows:
    """The windows ``given`` (a mapping or pairs of reason and term), defaults for the rest.

    Raises:
        OptionTypeError: for anything but a mapping or pairs.
        InvalidChoiceError: for an unknown reason.
        InvalidTermError: for a term that cannot be read.
    """
    value: object = given  # the annotation guides callers; the checks take anything
    if value is None:
        return DEFAULT_TERMINATION_WINDOWS
    if isinstance(value, Mapping):
        value = value.items()
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise OptionTypeError(
            "termination_windows",
            given,
            "must map reasons to terms, such as {'VOLUNTARY_OTHER': '90 days'}",
        )
    windows = dict(DEFAULT_TERMINATION_WINDOWS)
    for pair in value:
        if not isinstance(pair, tuple | list) or len(pair) != 2:  # noqa: PLR2004  (a pair)
            raise OptionTypeError("termination_windows", pair, "must be a (reason, term) pair")
        reason = TerminationReason.coerce(pair[0], "termination_windows")
        field = f"termination_windows[{reason}]"
        try:
            term = coerce_term(pair[1])
        except OptionError as error:
            raise type(error)(field, pair[1], error.rule) from error
        if term is None:
            raise OptionTypeError(
                f"termination_windows[{reason}]", None, "must be a term such as '3 months'"
            )
        windows[reason] = term
    return tuple(windows.items())


def _date(value: DateLike) -> dt.date:
    return coerce_date(value, "date")


def _reason(value: TerminationReason | str) -> TerminationReason:
    return TerminationReason.coerce(value, "reason")


@attrs.frozen
class Termination(RebuiltByConstructor):
    """The end of the holder's service: on ``date``, for ``reason``.

    The grant it belongs to derives the rest: the unvested shares are forfeited, and the
    last exercise date becomes the earlier of the contractual one and the end of the
    post-termination window for ``reason`` (see :func:`~auxer_option.terminate`).

    >>> Termination("2025-06-30", "VOLUNTARY_OTHER").reason
    TerminationReason.VOLUNTARY_OTHER
    """

    date: dt.date = attrs.field(converter=_date)
    reason: TerminationReason = attrs.field(converter=_reason)


def terminate(grant: OptionGrant, on: DateLike, reason: TerminationReason | str) -> OptionGrant:
    """``grant`` after the holder's service ends on ``on`` for ``reason``.

    The shares unvested on ``on`` are forfeited (``forfeited_shares``; they leave the
    outstanding shares), vesting stops, and the last exercise date becomes the earlier of
    the contractual one and ``on`` plus the grant's post-termination window for ``reason``
    (``termination_windows``; by default 3 months, or 0 days for cause: then ``on`` itself
    is the last day). Exercises may still be recorded in what is left of the window.

    >>> from auxer_option import OptionGrant, VestingSchedule
    >>> grant = OptionGrant(
    ...     "2024-01-31", 48_000, "2.15", term="10 years",
    ...     vesting=VestingSchedule.graded("2024-01-31", months=48, every=1, cliff=12),
    ... )
    >>> left = terminate(grant, "2025-06-15", "VOLUNTARY_OTHER")
    >>> left.forfeited_shares, left.outstanding_shares, left.last_exercise_date
    (32000, 16000, datetime.date(2025, 9, 15))

    Raises:
        InvalidChoiceError: for an unknown reason.
        TerminationError: if the grant was already terminated, or ``on`` is before the
            grant date or the grant's latest recorded event.
    """
    from auxer_option._grant import check_grant  # noqa: PLC0415  (_grant imports this module)

    check_grant(grant)
    day = coerce_date(on, "on")
    cause = TerminationReason.coerce(reason, "reason")
    if grant.termination is not None:
        raise TerminationError(
            "on", on, f"the grant was already terminated on {grant.termination.date}"
        )
    dates = [grant.grant_date, *(a.date for a in grant.accelerations)]
    event = latest_event(grant)
    if event is not None:
        dates.append(event[1])
    latest = max(dates)
    if day < latest:
        raise TerminationError(
            "on", on, f"must not be before the grant's latest event, on {latest}"
        )
    return attrs.evolve(grant, termination=Termination(day, cause))
