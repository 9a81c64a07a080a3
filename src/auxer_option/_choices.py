"""Named choices (window conventions, statuses, payment methods): enums that read as text."""

from __future__ import annotations

import enum
from typing import Self, cast

from auxer_option.exceptions import InvalidChoiceError

__all__ = ["Choice"]


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
            choices = ", ".join(cls)
            raise InvalidChoiceError(field, value, f"must be one of {choices}") from error
