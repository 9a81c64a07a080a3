"""Named choices (window conventions, statuses, payment methods): enums that read as text.

A choice is read the same way everywhere, whether it is an enum member or one of a few
words: its name in any case, with a hyphen or a space for each underscore
(``"voluntary-other"`` and ``"Voluntary Other"`` are ``VOLUNTARY_OTHER``). Only ASCII text
is folded, so a look-alike letter (a dotless ``"ı"``, a Kelvin sign) is never read as one.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable
from typing import Any, Final, Self, cast

from auxer_option.exceptions import InvalidChoiceError, OptionTypeError

__all__ = ["NOT_A_FLAG", "Choice", "check_choice", "check_flag", "find_choice", "spelling"]

#: The rule of a yes-or-no input that is not a bool.
NOT_A_FLAG: Final = "must be True or False"


def check_flag(value: object, field: str) -> bool:
    """``value`` if it is ``True`` or ``False``; anything else is refused, naming ``field``.

    Only a bool: 0, "no" or None would otherwise be read for their truthiness.

    >>> check_flag(True, "early_exercisable")
    True
    """
    if not isinstance(value, bool):
        raise OptionTypeError(field, value, NOT_A_FLAG)
    return value


def one_of(choices: Iterable[str]) -> str:
    """The rule of a value that is none of ``choices``: it lists them, in order."""
    return f"must be one of {', '.join(choices)}"


# Each hyphen or space is an underscore: one for one, so "A  B" is not "A_B".
_UNDERSCORES: Final = str.maketrans("- ", "__")


def spelling(text: str) -> str:
    """The key ``text`` is looked up by as a choice: upper case, underscores for separators.

    Text with anything but ASCII in it is its own key, unfolded: ``"ı".upper()`` is ``"I"``.

    >>> spelling("Voluntary-other")
    'VOLUNTARY_OTHER'
    """
    return text.upper().translate(_UNDERSCORES) if text.isascii() else text


#: The rule of choices that two of spell alike: a template of the two.
SPELLED_ALIKE: Final = "{first!r} and {second!r} are spelled alike; rename one"


def _spellings(choices: Iterable[tuple[str, Any]], kind: str) -> dict[str, Any]:
    """Each choice by its texts as given and by their spelling, refusing two spelled alike."""
    table: dict[str, Any] = {}
    owner: dict[str, Any] = {}
    for text, choice in choices:
        key = spelling(text)
        if owner.setdefault(key, choice) is not choice:
            raise TypeError(f"{kind}: " + SPELLED_ALIKE.format(first=owner[key], second=choice))
        table[text] = table[key] = choice
    return table


# Every spelling of every member of each choice, built once with the class. Kept here, not
# as a class attribute, which type checkers would take for a member's possible value.
_BY_SPELLING: Final[dict[type[Choice], dict[str, Choice]]] = {}


class Choice(enum.StrEnum):
    """An enumeration whose members equal their names, so plain strings are accepted too.

    A member is found by its value or its name, in any case, with hyphens or spaces for
    underscores. The repr is the member's qualified name (``ExpiryReading.LESS_ONE_DAY``),
    so the repr of a grant evaluates back to an equal grant.

    >>> class Roll(Choice):
    ...     MODIFIED_FOLLOWING = "MODIFIED_FOLLOWING"
    >>> Roll("modified following")
    Roll.MODIFIED_FOLLOWING
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # The members exist by now (Python 3.11+ makes them while making the class), so a
        # clash is refused where the class is written. A StrEnum member's str is its value.
        _BY_SPELLING[cls] = _spellings(
            [(text, member) for member in cls for text in (str(member), member.name)],
            cls.__name__,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}.{self.name}"

    @classmethod
    def _missing_(cls, value: object) -> Self | None:
        # The enum's own lookup found no member of that value: try its other spellings.
        if not isinstance(value, str):
            return None
        return cast("Self | None", _BY_SPELLING[cls].get(spelling(value)))

    @classmethod
    def coerce(cls, value: object, field: str) -> Self:
        """The member ``value`` names (or ``value`` itself, if it is a member).

        Raises:
            InvalidChoiceError: naming ``field`` and listing the choices, for anything else.
        """
        if isinstance(value, cls):
            return value
        # The canonical spelling first, inline: grants are built by the million.
        found = _BY_SPELLING[cls].get(value) if isinstance(value, str) else None
        if found is None:
            found = cls._missing_(value)
        if found is None:
            raise InvalidChoiceError(field, value, one_of(cls))
        return cast("Self", found)


def find_choice(value: object, choices: tuple[str, ...]) -> str | None:
    """The one of the text ``choices`` that ``value`` names, or ``None`` if it names none.

    ``value`` is read as a :class:`Choice` member's name is: in any case, with hyphens or
    spaces for underscores. Only text is compared, so a list or a dict names none.

    >>> find_choice("round-half-even", ("ROUND_HALF_UP", "ROUND_HALF_EVEN"))
    'ROUND_HALF_EVEN'
    """
    if not isinstance(value, str):
        return None
    table = _text_choices(choices)
    return table.get(value) or table.get(spelling(value))


@functools.cache
def _text_choices(choices: tuple[str, ...]) -> dict[str, str]:
    # Built once for each set of choices (a module's constant), as a Choice's is.
    return _spellings(((choice, choice) for choice in choices), "choices")


def check_choice(value: object, choices: tuple[str, ...], field: str) -> str:
    """The one of the text ``choices`` that ``value`` names: the check for a choice in words.

    ``value`` is read as :func:`find_choice` reads it.

    >>> check_choice("mdy", ("DMY", "MDY"), "order")
    'MDY'

    Raises:
        InvalidChoiceError: naming ``field`` and listing the choices, for anything else.
    """
    found = find_choice(value, choices)
    if found is None:
        raise InvalidChoiceError(field, value, one_of(choices))
    return found
