"""How the tests check a refusal: by its class, field, value and rule, never by its wording.

A rule's words are the constant (or the function) its source module raises, and they are
asserted word for word once, in that module's own tests. Everywhere else a refusal is
checked with :func:`refused`, comparing ``.rule`` with the same constant, so rewording a
rule fails one test, and raising the wrong rule still fails every test that reaches it.
"""

from __future__ import annotations

from typing import Any

import pytest

from auxer_option._money import PRECISION
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
        value: the value it refused (the same object, or an equal one of the same type);
            not checked when left out.
    """
    caught = error.value if isinstance(error, pytest.ExceptionInfo) else error
    assert isinstance(caught, OptionError), caught
    if cls is not None:
        assert type(caught) is cls, (type(caught), cls)
    assert (caught.field, caught.rule) == (field, rule)
    if value is not _ANY:
        same = caught.value is value or (
            type(caught.value) is type(value) and caught.value == value
        )
        assert same, (caught.value, value)
    return caught
