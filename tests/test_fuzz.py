"""Every public callable, given arbitrary arguments: an answer or an OptionError, nothing else.

The one other exception allowed is Python's own ``TypeError`` for a call that does not fit
the signature (a missing or unexpected argument), which never reaches the library's code;
these tests bind arguments to each signature first, so they never make such a call.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import inspect
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import auxer_option
from auxer_option import AUXER_1999, OptionError, Term, VestingSchedule
from auxer_option.testing.strategies import fair_market_values

from .grants import four_year_grant
from .strategies import anything, grants_with_history, option_grants, vesting_grants


def _public_callables() -> dict[str, Callable[..., Any]]:
    """Each public function, record class and method (``Term.parse``, ...), by name.

    Enumerations are left out as classes (``WindowStatus("x")`` is Python's own lookup), not
    their methods; so is an input type that is a standard class (``ShareCount`` is
    ``typing.SupportsIndex``).
    """
    found: dict[str, Callable[..., Any]] = {}
    for name in auxer_option.__all__:
        value = getattr(auxer_option, name)
        if not getattr(value, "__module__", "").startswith("auxer_option"):
            continue
        if inspect.isfunction(value):
            found[name] = value
        elif inspect.isclass(value) and not issubclass(value, BaseException):
            if not issubclass(value, enum.Enum):
                found[name] = value
            for attribute in vars(value):
                member = getattr(value, attribute)
                # "xǁClassǁmethod__mutmut_1": a mutant that mutation testing adds, not an API.
                if not attribute.startswith("_") and "ǁ" not in attribute and callable(member):
                    found[f"{name}.{attribute}"] = member
    return found


CALLABLES = _public_callables()

# Values a caller means, mixed with values a caller passes by mistake, so that a call gets past
# the first check often enough to reach the later ones.
GRANTS = st.one_of(
    st.just(AUXER_1999),
    st.just(four_year_grant()),
    option_grants(),
    vesting_grants(max_events=2),
    grants_with_history(max_events=2),
)
BY_NAME: dict[str, st.SearchStrategy[object]] = {
    "grant": GRANTS,
    "grants": st.lists(GRANTS, max_size=2),
    "on": st.dates(min_value=dt.date(1999, 1, 1), max_value=dt.date(2030, 12, 31)),
    "shares": st.integers(-2, 10**7),
    "market_price": st.one_of(
        st.sampled_from(["0.50", "0", "1.25", "100"]), fair_market_values(max_size=2)
    ),
    "fair_market_value": st.one_of(st.sampled_from(["0.50", "1.25"]), fair_market_values()),
    "spot": st.one_of(st.sampled_from(["0.13", "42"]), fair_market_values()),
    "text": st.sampled_from(
        ["3 months", "P3M", "1,000", "$0.13", "1 July 1999", "2:1", "48 months, 12-month cliff"]
    ),
}


# The instances whose methods are called (``self`` is always of its class).
INSTANCES: dict[str, st.SearchStrategy[object]] = {
    "Term": st.sampled_from([Term(months=3), Term(years=1, days=1), Term(weeks=2)]),
    "VestingSchedule": st.sampled_from(
        [VestingSchedule.immediate(), VestingSchedule.graded("2024-01-31", months=48, cliff=12)]
    ),
    "VestingDayOfMonth": st.sampled_from(auxer_option.VestingDayOfMonth),
    "FairMarketValues": fair_market_values(),
}


# Built once: a strategy built anew for every draw costs more than the draw.
MEANT_OR_ANYTHING = {name: st.one_of(meant, anything()) for name, meant in BY_NAME.items()}


def arguments(name: str, parameter: inspect.Parameter) -> st.SearchStrategy[object]:
    """What to pass for ``parameter`` of the callable called ``name``."""
    if parameter.name == "self":
        return INSTANCES[name.partition(".")[0]]
    return MEANT_OR_ANYTHING.get(parameter.name, anything())


@pytest.mark.parametrize("name", sorted(CALLABLES))
@given(data=st.data())
def test_only_option_errors_escape(name: str, data: st.DataObject) -> None:
    """Whatever each argument holds, the call answers or raises an OptionError."""
    function = CALLABLES[name]
    signature = inspect.signature(function)
    positional: list[object] = []
    keywords: dict[str, object] = {}
    for parameter in signature.parameters.values():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        required = parameter.default is parameter.empty
        if not required and not data.draw(st.booleans(), label=f"give {parameter.name}"):
            continue
        value = data.draw(arguments(name, parameter), label=parameter.name)
        if parameter.kind is parameter.KEYWORD_ONLY or (not required and keywords):
            keywords[parameter.name] = value
        else:
            positional.append(value)
    signature.bind(*positional, **keywords)  # a call that fits: Python's TypeError is not at stake
    with contextlib.suppress(OptionError):
        function(*positional, **keywords)


def test_anything_is_built_once() -> None:
    """Every call shares one strategy of anything: building it lists the time zones on disk,
    and each test of this file draws from it."""
    assert anything() is anything()
