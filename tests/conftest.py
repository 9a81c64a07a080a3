"""Hypothesis profiles, and the hostile decimal context every test runs under."""

from __future__ import annotations

import decimal
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

# Wall-clock time is not a property of the code: an example that is slow because the machine
# is busy has not failed. So no profile has a deadline or the "too slow" health check, and the
# strategies build valid values directly (none filters), so no other health check depends on
# the machine either.
NOT_TIMED = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}

# Which profile runs:
# - dev: what `python -m pytest` runs (pyproject's addopts), under the 100% branch-coverage
#   gate. Few examples, and derandomized, so that the gate passes or fails the same way on
#   every machine and every run, and a new user's first run never depends on luck.
# - ci: Hypothesis' built-in profile (derandomized, no example database), with more examples.
#   .ci/run runs the property tests on it after the coverage gate (-m hypothesis, --no-cov:
#   tracing would cost twice the time).
# - thorough: random and many, before a release or after changing a strategy.
# - default: Hypothesis' own (random, 100 examples), with --hypothesis-profile=default.
settings.register_profile("default", settings.get_profile("default"), **NOT_TIMED)
settings.register_profile("ci", settings.get_profile("ci"), max_examples=250, **NOT_TIMED)
settings.register_profile(
    "dev", settings.get_profile("default"), max_examples=20, derandomize=True, **NOT_TIMED
)
settings.register_profile(
    "thorough", settings.get_profile("default"), max_examples=5_000, **NOT_TIMED
)
# For mutation testing (quality/mutation.py): a mutant's verdict must not depend on luck, and
# each mutant reruns the tests that reach it, so examples are few. The mutated code is called
# through a trampoline, which Hypothesis may see as a change of executor.
settings.register_profile(
    "mutation",
    settings.get_profile("default"),
    derandomize=True,
    database=None,
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
)


def hostile_context() -> decimal.Context:
    """A context no exact computation survives, and no text written through it matches.

    3 digits, truncation, exponents clamped to -5..5, every signal trapped (a Decimal
    compared with a float too), and a lower-case exponent: ``str(Decimal("1E-7"))`` is
    ``"1e-7"`` in it.
    """
    return decimal.Context(
        prec=3,
        rounding=decimal.ROUND_DOWN,
        Emin=-5,
        Emax=5,
        capitals=0,
        clamp=1,
        traps=[
            decimal.Inexact,
            decimal.Rounded,
            decimal.InvalidOperation,
            decimal.DivisionByZero,
            decimal.Overflow,
            decimal.Underflow,
            decimal.Subnormal,
            decimal.Clamped,
            decimal.FloatOperation,
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
    assert (hostile.capitals, hostile.clamp, hostile.Emax) == (0, 1, 5)
