"""The hook Hypothesis runs on import, through its entry point.

The library's types get their strategies, so ``st.from_type(OptionGrant)`` needs no set-up.

It imports no strategy itself: Hypothesis may be importing because the strategies module
is, and would find it half-built. Each strategy is looked up when first drawn.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hypothesis import strategies as st


def _later(name: str) -> st.SearchStrategy[object]:
    from hypothesis import strategies as st  # noqa: PLC0415  (Hypothesis is importing)

    def build() -> st.SearchStrategy[object]:
        strategy: st.SearchStrategy[object] = getattr(
            import_module("auxer_option.testing.strategies"), name
        )()
        return strategy

    return st.deferred(build)


def _hypothesis_setup_hook() -> None:
    """Registers a strategy for each of the library's main types."""
    from hypothesis import strategies as st  # noqa: PLC0415  (Hypothesis is importing)

    from auxer_option import (  # noqa: PLC0415
        Exercise,
        FairMarketValues,
        OptionGrant,
        Term,
        VestingSchedule,
    )

    for kind, name in (
        (OptionGrant, "option_grants"),
        (Term, "terms"),
        (Exercise, "exercise_records"),
        (VestingSchedule, "any_vesting_schedules"),
        (FairMarketValues, "fair_market_values"),
    ):
        st.register_type_strategy(kind, _later(name))
