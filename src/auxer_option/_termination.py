"""Service termination: why it ended, how long the holder may still exercise, the record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Final

import attrs

from auxer_option._choices import Choice
from auxer_option._pickling import RebuiltByConstructor
from auxer_option._terms import DateLike, Term, TermLike, coerce_date, coerce_term
from auxer_option.exceptions import OptionError, OptionTypeError

__all__ = [
    "DEFAULT_TERMINATION_WINDOWS",
    "Termination",
    "TerminationReason",
    "TerminationWindows",
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

# The rules termination windows are refused by, each written once here.
#: Windows not given as a mapping, or pairs, of reasons to terms.
NOT_WINDOWS: Final = "must map reasons to terms, such as {'VOLUNTARY_OTHER': '90 days'}"
#: One window that is not a pair.
NOT_A_WINDOW: Final = "must be a (reason, term) pair"
#: A window with no term.
NO_WINDOW_TERM: Final = "must be a term such as '3 months'"

#: The common default: three months after termination for every reason but cause, when
#: the option ends with the termination day.
DEFAULT_TERMINATION_WINDOWS: Final[TerminationWindows] = tuple(
    (reason, Term(days=0) if reason is TerminationReason.INVOLUNTARY_WITH_CAUSE else Term(months=3))
    for reason in TerminationReason
)


#: What a grant's ``termination_windows=`` takes: a mapping or pairs of reason and term.
TerminationWindowsLike = (
    Mapping[TerminationReason | str, TermLike]
    | Iterable[tuple[TerminationReason | str, TermLike]]
    | None
)


def coerce_termination_windows(given: TerminationWindowsLike) -> TerminationWindows:
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
        raise OptionTypeError("termination_windows", given, NOT_WINDOWS)
    windows = dict(DEFAULT_TERMINATION_WINDOWS)
    for pair in value:
        if not isinstance(pair, tuple | list) or len(pair) != 2:  # noqa: PLR2004  (a pair)
            raise OptionTypeError("termination_windows", pair, NOT_A_WINDOW)
        reason = TerminationReason.coerce(pair[0], "termination_windows")
        field = f"termination_windows[{reason}]"
        try:
            term = coerce_term(pair[1])
        except OptionError as error:
            raise type(error)(field, pair[1], error.rule) from error
        if term is None:
            raise OptionTypeError(f"termination_windows[{reason}]", None, NO_WINDOW_TERM)
        windows[reason] = term
    return tuple(windows.items())


def _date(value: DateLike) -> dt.date:
    return coerce_date(value, "date")


def _reason(value: TerminationReason | str) -> TerminationReason:
    return TerminationReason.coerce(value, "reason")


@attrs.frozen(getstate_setstate=False)
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
