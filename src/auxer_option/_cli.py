"""``python -m auxer_option``: a plain-text report on a grant (the Auxer grant by default)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from decimal import Decimal
from typing import NoReturn

from auxer_option._display import grant_rows, grant_title
from auxer_option._examples import AUXER_1999
from auxer_option._grant import OptionGrant
from auxer_option._money import coerce_amount, format_amount
from auxer_option._pershare import intrinsic_value, intrinsic_value_per_share
from auxer_option._tables import text_table
from auxer_option._terms import coerce_date
from auxer_option.exceptions import OptionError

__all__ = ["main", "report"]

_EPILOG = """\
examples:
  python -m auxer_option
  python -m auxer_option --on 1999-08-02
  python -m auxer_option --on 1999-08-02 --market-price 0.50
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, no usage block and no traceback: the message says what to fix.
        self.exit(2, f"{self.prog}: error: {message}\n")


def _date_argument(text: str) -> dt.date:
    try:
        return coerce_date(text, "--on")
    except OptionError as error:
        raise argparse.ArgumentTypeError(f"{text!r} {error.rule}") from error


def _price_argument(text: str) -> Decimal:
    try:
        return coerce_amount(text, "--market-price")
    except OptionError as error:
        raise argparse.ArgumentTypeError(f"{text!r} {error.rule}") from error


def _parser() -> _Parser:
    parser = _Parser(
        prog="python -m auxer_option",
        description=(
            "Report on a stock-option grant: its parties, shares, exercise price, exercise "
            "window and last day, its status on a day, the cost of exercising it and, given "
            "a market price, its intrinsic value. The grant is the 1 July 1999 Auxer Group "
            "consulting agreement's option."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--on",
        type=_date_argument,
        metavar="YYYY-MM-DD",
        help="the day to report the window status on (default: today)",
    )
    parser.add_argument(
        "--market-price",
        type=_price_argument,
        metavar="PRICE",
        help="a market price per share, such as 0.50, to value the option against",
    )
    return parser


def report(grant: OptionGrant, on: dt.date, market_price: Decimal | None = None) -> str:
    """The plain-text report the command prints.

    >>> import datetime
    >>> print(report(AUXER_1999, datetime.date(1999, 8, 2)))
    Option grant: The Auxer Group, Inc. to PMR and Associates, LLC
      Grant date            1999-07-01
      Shares                1,000,000 granted, 1,000,000 outstanding
      Exercise price        USD 0.13 a share
      Expiration            1999-10-01 (3 months after the grant date)
      Exercise window       1999-07-01 through 1999-10-01, both days included
      Last day to exercise  1999-10-01
      Status on 1999-08-02  OPEN
      Exercise cost         USD 130,000.00 for 1,000,000 shares
    """
    rows = grant_rows(grant, on)
    if market_price is not None:
        total = format_amount(intrinsic_value(grant, market_price), grant.currency)
        market = format_amount(market_price, grant.currency)
        spread = format_amount(intrinsic_value_per_share(grant, market_price), grant.currency)
        rows.append(
            ("Intrinsic value", f"{total} at {market} a share ({spread} a share above the price)")
        )
    return text_table(grant_title(grant), rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    arguments = _parser().parse_args(argv)
    on = arguments.on if arguments.on is not None else dt.date.today()  # noqa: DTZ011
    sys.stdout.write(report(AUXER_1999, on, arguments.market_price) + "\n")
    return 0
