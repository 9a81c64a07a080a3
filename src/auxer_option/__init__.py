"""Exact, immutable, date-correct stock-option grant calculations.

>>> from auxer_option import AUXER_1999, exercise_cost
>>> exercise_cost(AUXER_1999)
Decimal('130000.00')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from auxer_option._examples import AUXER_1999
from auxer_option._exercise import exercise, exercise_cost, net_exercise, sell_to_cover
from auxer_option._grant import OptionGrant
from auxer_option._money import Amount, Estimate, ShareCount
from auxer_option._pershare import (
    Moneyness,
    dilutive_shares,
    intrinsic_value,
    intrinsic_value_per_share,
    moneyness,
)
from auxer_option._status import is_exercisable, window_status
from auxer_option._tax_terms import CompensationType, TaxTerms
from auxer_option._termination import Termination, TerminationReason
from auxer_option._terms import DateLike, Term, TermLike
from auxer_option._window import (
    DEFAULT_CONVENTIONS,
    BusinessDayRoll,
    ExpiryReading,
    WindowConventions,
    WindowStatus,
)
from auxer_option.exceptions import OptionError

if TYPE_CHECKING:
    from auxer_option._adjust import adjust_for_split
    from auxer_option._contract import grant_from_text
    from auxer_option._expense import (
        ExpenseMethod,
        ExpenseRow,
        ReportingPeriod,
        TrancheExpense,
        expense_schedule,
    )
    from auxer_option._frames import to_dataframe
    from auxer_option._lattice import (
        BinomialValuation,
        EmployeeOptionValue,
        LatticeValuation,
        binomial,
        employee_option_value,
    )
    from auxer_option._market import FairMarketValue, FairMarketValues, MarketValue
    from auxer_option._parse import parse_date, parse_price, parse_shares
    from auxer_option._ratio import Ratio
    from auxer_option._records import Adjustment, Exercise, PaymentMethod
    from auxer_option._tax import (
        Disposition,
        IsoLimitRow,
        TaxFigures,
        disposition,
        fair_market_value_at_grant,
        iso_limit,
        iso_limit_by_holder,
        iso_status,
        tax_figures,
    )
    from auxer_option._valuation import (
        OptionKind,
        Valuation,
        ValuationModel,
        black_scholes,
        fair_value,
        implied_volatility,
        simplified_expected_term,
    )
    from auxer_option._vested import (
        accelerate,
        exercisable_shares,
        terminate,
        unvested_shares,
        vested_shares,
        vesting_table,
    )
    from auxer_option._vesting import (
        Acceleration,
        AllocationType,
        Shares,
        VestingDayOfMonth,
        VestingRow,
        VestingSchedule,
    )
    from auxer_option.ocf import OcfImport, SkippedItem, from_ocf, to_ocf
    from auxer_option.plot import plot_expense, plot_payoff, plot_timeline
    from auxer_option.serialization import from_dict, from_json, to_dict, to_json

# What a grant that vests at once and has no history needs is loaded with the package; the
# rest on first use. The history records and vesting schedules, with the operations that
# make them, are two fifths of what the package would cost to import, and most grants,
# costed and checked against their window, use none of them. Interop is a fifth: its
# parsers and formats; most programs that compute with grants never read or write one.
# Valuation is a tenth: costing an exercise needs none of it.
_LAZY = {
    **dict.fromkeys(("Adjustment", "Exercise", "PaymentMethod"), "_records"),
    **dict.fromkeys(
        (
            "Acceleration",
            "AllocationType",
            "Shares",
            "VestingDayOfMonth",
            "VestingRow",
            "VestingSchedule",
        ),
        "_vesting",
    ),
    **dict.fromkeys(
        (
            "accelerate",
            "exercisable_shares",
            "terminate",
            "unvested_shares",
            "vested_shares",
            "vesting_table",
        ),
        "_vested",
    ),
    "adjust_for_split": "_adjust",
    **dict.fromkeys(
        (
            "Disposition",
            "IsoLimitRow",
            "TaxFigures",
            "disposition",
            "fair_market_value_at_grant",
            "iso_limit",
            "iso_limit_by_holder",
            "iso_status",
            "tax_figures",
        ),
        "_tax",
    ),
    **dict.fromkeys(("FairMarketValue", "FairMarketValues", "MarketValue"), "_market"),
    "Ratio": "_ratio",
    **dict.fromkeys(
        (
            "OptionKind",
            "Valuation",
            "ValuationModel",
            "black_scholes",
            "fair_value",
            "implied_volatility",
            "simplified_expected_term",
        ),
        "_valuation",
    ),
    **dict.fromkeys(
        (
            "ExpenseMethod",
            "ExpenseRow",
            "ReportingPeriod",
            "TrancheExpense",
            "expense_schedule",
        ),
        "_expense",
    ),
    **dict.fromkeys(
        (
            "BinomialValuation",
            "EmployeeOptionValue",
            "LatticeValuation",
            "binomial",
            "employee_option_value",
        ),
        "_lattice",
    ),
    **dict.fromkeys(("from_dict", "from_json", "to_dict", "to_json"), "serialization"),
    **dict.fromkeys(("OcfImport", "SkippedItem", "from_ocf", "to_ocf"), "ocf"),
    **dict.fromkeys(("parse_date", "parse_price", "parse_shares"), "_parse"),
    "grant_from_text": "_contract",
    "to_dataframe": "_frames",
    **dict.fromkeys(("plot_expense", "plot_payoff", "plot_timeline"), "plot"),
}

__all__ = [
    # input types, for annotating code that passes values on to the library
    "Amount",
    "DateLike",
    "Estimate",
    "MarketValue",
    "Ratio",
    "ShareCount",
    "Shares",
    "TermLike",
    # records
    "Acceleration",
    "Adjustment",
    "Disposition",
    "Exercise",
    "ExpenseRow",
    "FairMarketValue",
    "FairMarketValues",
    "IsoLimitRow",
    "OcfImport",
    "OptionGrant",
    "SkippedItem",
    "TaxFigures",
    "TaxTerms",
    "Term",
    "Termination",
    "TrancheExpense",
    "BinomialValuation",
    "EmployeeOptionValue",
    "LatticeValuation",
    "Valuation",
    "VestingRow",
    "VestingSchedule",
    # conventions, statuses and choices
    "DEFAULT_CONVENTIONS",
    "AllocationType",
    "BusinessDayRoll",
    "CompensationType",
    "ExpenseMethod",
    "ExpiryReading",
    "Moneyness",
    "OptionKind",
    "PaymentMethod",
    "ReportingPeriod",
    "TerminationReason",
    "ValuationModel",
    "VestingDayOfMonth",
    "WindowConventions",
    "WindowStatus",
    # operations
    "accelerate",
    "adjust_for_split",
    "dilutive_shares",
    "exercisable_shares",
    "exercise",
    "exercise_cost",
    "intrinsic_value",
    "intrinsic_value_per_share",
    "is_exercisable",
    "moneyness",
    "net_exercise",
    "sell_to_cover",
    "terminate",
    "unvested_shares",
    "vested_shares",
    "vesting_table",
    "window_status",
    # tax figures (US: ISO and NSO)
    "disposition",
    "fair_market_value_at_grant",
    "iso_limit",
    "iso_limit_by_holder",
    "iso_status",
    "tax_figures",
    # valuation
    "binomial",
    "black_scholes",
    "employee_option_value",
    "fair_value",
    "implied_volatility",
    "simplified_expected_term",
    # accounting
    "expense_schedule",
    # interop
    "from_dict",
    "from_json",
    "from_ocf",
    "grant_from_text",
    "parse_date",
    "parse_price",
    "parse_shares",
    "to_dataframe",
    "to_dict",
    "to_json",
    "to_ocf",
    # plots (the plot extra)
    "plot_expense",
    "plot_payoff",
    "plot_timeline",
    # worked grants
    "AUXER_1999",
    # errors (the whole family is in auxer_option.exceptions)
    "OptionError",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module  # noqa: PLC0415

        value = getattr(import_module(f"auxer_option.{_LAZY[name]}"), name)
        globals()[name] = value  # found directly from now on
        return value
    # The version comes from the installed metadata, read on first use: importing
    # importlib.metadata costs more than the rest of the package.
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415

        return version("auxer-option")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
