"""Hypothesis profiles, and the hostile decimal context every test runs under."""

from __future__ import annotations

import decimal
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis loads its built-in "ci" profile by itself when CI is set (derandomized, no
# database); this keeps that profile and asks for more examples. Opt in to the others with
# --hypothesis-profile=dev (fast, while editing) or =thorough (before a release).
settings.register_profile("ci", settings.get_profile("ci"), max_examples=250)
settings.register_profile("dev", max_examples=20)
settings.register_profile("thorough", max_examples=5_000, deadline=None)
# For mutation testing (benchmarks/mutation.py): a mutant's verdict must not depend on luck, and
# each mutant reruns the tests that reach it, so examples are few. The mutated code is called
# through a trampoline, which Hypothesis may see as a change of executor.
settings.register_profile(
    "mutation",
    derandomize=True,
    database=None,
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.differing_executors],
)


def hostile_context() -> decimal.Context:
    """A context no exact computation survives: 3 digits, truncation, rounding trapped."""
    return decimal.Context(
        prec=3,
        rounding=decimal.ROUND_DOWN,
        Emin=-5,
        Emax=5,
        traps=[
            decimal.Inexact,
            decimal.Rounded,
            decimal.InvalidOperation,
            decimal.DivisionByZero,
            decimal.Overflow,
        ],
    )


@pytest.fixture(autouse=True)
def hostile_decimal_context() -> Iterator[decimal.Context]:
    """Run every test under :func:`hostile_context`; afterwards, prove it was left untouched.

    The library computes in a context of its own, so any use of the caller's context shows
    up here: as an exception (every rounding is trapped) or as a flag left set.
    """
    saved = decimal.getcontext()
    hostile = hostile_context()
    decimal.setcontext(hostile)
    try:
        yield hostile
    finally:
        decimal.setcontext(saved)
    raised = [signal.__name__ for signal, is_set in hostile.flags.items() if is_set]
    assert not raised, f"the caller's decimal context was used: {raised}"
    assert hostile.prec == 3
    assert hostile.rounding == decimal.ROUND_DOWN
