"""Rules the library states in many refusals, written once for the tests that quote them."""

from __future__ import annotations

TOO_LONG_RULE = "the exact result needs more than 50 significant digits"
#: How a PrecisionError's message ends, after the field and the operands.
TOO_LONG = f": {TOO_LONG_RULE}"

NOT_A_DATETIME = "must be a date, not a datetime; pass value.date() if the day is meant"

ONE_OF_THE_REASONS = (
    "must be one of VOLUNTARY_OTHER, VOLUNTARY_GOOD_CAUSE, VOLUNTARY_RETIREMENT, "
    "INVOLUNTARY_OTHER, INVOLUNTARY_DEATH, INVOLUNTARY_DISABILITY, INVOLUNTARY_WITH_CAUSE"
)
