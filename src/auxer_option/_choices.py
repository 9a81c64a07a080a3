"""Named choices (window conventions, statuses, payment methods): enums that read as text."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Self, cast

from auxer_option.exceptions import InvalidChoiceError

__all__ = ["Choice", "check_choice"]


def one_of(choices: Iterable[str]) -> str:
    """The rule of a value that is none of ``choices``: it lists them, in order."""
    return f"must be one of {', '.join(choices)}"


class Choice(enum.StrEnum):
    """An enumeration whose members equal their names, so plain strings are accepted too.

    The repr is the member's qualified name (``ExpiryReading.LESS_ONE_DAY``), so the repr
    of a grant evaluates back to an equal grant.
    """

    def __repr__(self) -> str:
        return f"{type(self).__name__}.{self.name}"

    @classmethod
    def coerce(cls, value: object, field: str) -> Self:
        """The member named ``value`` (or ``value`` itself, if it is a member).

        Raises:
            InvalidChoiceError: naming ``field`` and listing the choices, for anything else.
        """
        if isinstance(value, cls):
            return value
        try:
            return cls(cast("str", value))  # any other value fails the lookup
        except ValueError as error:
            raise InvalidChoiceError(field, value, one_of(cls)) from error


def check_choice(value: object, choices: tuple[str, ...], field: str) -> str:
    """``value``, if it is one of the text ``choices``: the check for a choice made in words.

    Only text is compared, so a list or a dict (unhashable) is refused like any other value.

    >>> check_choice("MDY", ("DMY", "MDY"), "order")
    'MDY'

    Raises:
        InvalidChoiceError: naming ``field`` and listing the choices, for anything else.
    """
    if isinstance(value, str) and value in choices:
        return value
    raise InvalidChoiceError(field, value, one_of(choices))
