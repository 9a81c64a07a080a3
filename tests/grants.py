"""Worked grants the vesting tests share."""

from __future__ import annotations

from typing import Any

from auxer_option import OptionGrant, VestingSchedule, adjust_for_split, terminate
from auxer_option._grant import GRANT_KEYWORDS


def four_year_grant(**changes: Any) -> OptionGrant:
    """48,000 shares, 48 months monthly from 2024-01-31 after a 12-month cliff."""
    fields: dict[str, Any] = {
        "term": "10 years",
        "vesting": VestingSchedule.graded("2024-01-31", months=48, every=1, cliff=12),
    }
    return OptionGrant("2024-01-31", 48_000, "2.15", **(fields | changes))


FOUR_YEARS = four_year_grant()

#: FOUR_YEARS terminated, then split: the split starts from the shares the termination kept.
SPLIT_AFTER_LEAVING = adjust_for_split(
    terminate(FOUR_YEARS, "2025-06-15", "VOLUNTARY_OTHER"), "2:1", on="2025-07-01"
)


def built_whole(grant: OptionGrant) -> OptionGrant:
    """``grant`` built again from its keywords: its whole history given at once, replayed."""
    return OptionGrant(**{name: getattr(grant, name) for name in GRANT_KEYWORDS})


#: OCF's example as a grant: 18 shares vesting 4.5 a month for four months.
FRACTIONAL_18 = OptionGrant(
    "2024-01-01",
    18,
    "1",
    term="10 years",
    vesting=VestingSchedule.graded("2024-01-01", months=4, allocation="FRACTIONAL"),
)
