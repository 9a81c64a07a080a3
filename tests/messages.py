"""How the tests check a refusal: by its class, field, value and rule, never by its wording.

A rule's words are the constant (or the function) its source module raises, and they are
asserted word for word once, in that module's own tests. Everywhere else a refusal is
checked with :func:`refused`, comparing ``.rule`` with the same constant, so rewording a
rule fails one test, and raising the wrong rule still fails every test that reaches it.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from typing import Any

import pytest

from auxer_option._money import PRECISION
from auxer_option._text import written_repr
from auxer_option.exceptions import OptionError, PrecisionError

#: The rule of a result too long to be exact, as ``PrecisionError.for_result`` words it.
RESULT_TOO_LONG = PrecisionError.for_result("result", None, PRECISION).rule

_ANY: Any = object()


def refused(
    error: OptionError | pytest.ExceptionInfo[Any],
    *,
    cls: type[OptionError] | None = None,
    field: str,
    rule: str,
    value: object = _ANY,
) -> OptionError:
    """Check a refusal's meaning and return the error, for any further checks.

    Args:
        error: the error, or what ``pytest.raises`` caught.
        cls: its exact class, when ``pytest.raises`` was not already given it.
        field: the field it names.
        rule: the rule it broke: the source module's constant, or its function's result.
        value: the value it refused: the same object, or one of the same type with
            its repr the same digit for digit. Not checked when left out.
    """
    caught = error.value if isinstance(error, pytest.ExceptionInfo) else error
    # The messages say what differs: this module's asserts are not rewritten by pytest.
    assert isinstance(caught, OptionError), f"not a refusal: {caught!r}"
    if cls is not None:
        assert type(caught) is cls, f"class {type(caught).__name__}, not {cls.__name__}"
    assert caught.field == field, f"field {caught.field!r}, not {field!r}"
    assert caught.rule == rule, f"rule {caught.rule!r}, not {rule!r}"
    if value is not _ANY:  # as the message shows it: digit for digit, whatever the context
        same = caught.value is value or (
            type(caught.value) is type(value) and written_repr(caught.value) == written_repr(value)
        )
        assert same, f"value {caught.value!r}, not {value!r}"
    return caught


def message(call: Callable[[], object], rule: str) -> str:
    """The message of the refusal ``call`` raises, once it is checked to be ``rule``.

    For the one test of each rule's words, in its module's tests.
    """
    with pytest.raises(OptionError) as raised:
        call()
    assert raised.value.rule == rule, f"rule {raised.value.rule!r}, not {rule!r}"
    return str(raised.value)


def rule_of(call: Callable[[], object]) -> str:
    """The rule of the refusal ``call`` raises: what another module says of the same value.

    For a rule whose words name what was found (an unreadable term's problem), checked where
    it is passed on: ``rule=rule_of(lambda: Term.parse("soon"))``.
    """
    with pytest.raises(OptionError) as raised:
        call()
    return raised.value.rule


def filled(template: str, rule: str) -> dict[str, str]:
    """What ``rule`` fills ``template``'s fields with, once it is checked to be that template.

    For a rule whose values the test cannot know to the digit (a bound computed in floats):
    ``filled(BELOW_INTRINSIC, rule)["bound"]``.
    """
    pattern = "".join(
        re.escape(text) + ("" if name is None else f"(?P<{name}>.+?)")
        for text, name, _, _ in string.Formatter().parse(template)
    )
    match = re.fullmatch(pattern, rule, re.DOTALL)
    assert match is not None, (template, rule)
    return match.groupdict()
