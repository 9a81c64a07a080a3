"""``python -m auxer_option``: a report on a grant (the Auxer grant by default).

The grant comes from a file in the library's JSON, an Open Cap Format transactions file,
or an agreement's text; the report is plain text, or JSON with ``--json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from decimal import Decimal
from typing import NoReturn, TextIO

from auxer_option._display import grant_rows, standing
from auxer_option._examples import AUXER_1999
from auxer_option._exercise import exercise_cost
from auxer_option._grant import OptionGrant, grant_title
from auxer_option._money import (
    MAX_SHARES,
    coerce_amount,
    coerce_shares,
    format_amount,
    whole_number,
)
from auxer_option._pershare import intrinsic_value, intrinsic_value_per_share
from auxer_option._tables import escaped, one_line, text_table
from auxer_option._terms import coerce_date
from auxer_option._text import plain
from auxer_option._valuation import Valuation, fair_value
from auxer_option.exceptions import InvalidDataError, OptionError

__all__ = ["TOO_MANY_SHARES", "UNREADABLE", "main", "read_grant", "report", "report_data"]

#: How a file that cannot be read is refused; the reason follows, after a colon.
UNREADABLE = "cannot be read"
#: How a share count with more digits than Python reads as an int is refused.
TOO_MANY_SHARES = "is more shares than any grant holds"

# Written as shown: the raw formatter keeps these lines as they are.
_DESCRIPTION = """\
Report on a stock-option grant: its parties, shares, exercise price, exercise
window and last day; on a day, its status, the shares vested, exercisable and
forfeited (for a grant with a vesting schedule or a termination), the cost of
exercising what can be exercised and, given a market price, its intrinsic value.
The grant is the 1 July 1999 Auxer Group consulting agreement's option, unless
--grant names another.
"""

_EPILOG = """\
examples:
  python -m auxer_option
  python -m auxer_option --on 1999-08-02
  python -m auxer_option --on 1999-08-02 --market-price 0.50 --shares 250000
  python -m auxer_option --on 1999-07-01 --market-price 0.13 --volatility 1.00 --rate 0.05
  python -m auxer_option --grant grant.json --json
  python -m auxer_option --grant Transactions.ocf.json --security-id opt-1
  python -m auxer_option --grant agreement.txt --order MDY

--grant reads the library's JSON (to_json), an Open Cap Format transactions file, or an
agreement's text, in that order of trial. Errors are one line on stderr, exit status 2.
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, no usage block and no traceback: the message says what to fix. A value
        # quoted in it (an argument, a line of a file) may hold anything: escape it.
        _write(sys.stderr, f"{self.prog}: error: {one_line(message)}\n")
        self.exit(2)


def _write(stream: TextIO, text: str) -> None:
    r"""Write ``text`` to ``stream``, with what its encoding cannot hold escaped (\xe9)."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    stream.write(text.encode(encoding, "backslashreplace").decode(encoding))


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


def _shares_argument(text: str) -> int:
    digits = text.isascii() and text.isdigit()
    count = whole_number(text, len(str(MAX_SHARES))) if digits else text
    if count is None:  # more digits than any share count has, leading zeros aside
        raise argparse.ArgumentTypeError(
            f"'{text[:12]}...' ({len(text):,} digits) {TOO_MANY_SHARES}"
        )
    try:
        return coerce_shares(count, "--shares")
    except OptionError as error:
        raise argparse.ArgumentTypeError(f"{text!r} {error.rule}") from error


def _parser() -> _Parser:
    parser = _Parser(
        prog="python -m auxer_option",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--on",
        type=_date_argument,
        metavar="YYYY-MM-DD",
        help="the day to report on, and to value the grant on (default: today)",
    )
    parser.add_argument(
        "--market-price",
        type=_price_argument,
        metavar="PRICE",
        help="a market price per share, such as 0.50, to value the option against",
    )
    parser.add_argument(
        "--grant",
        metavar="FILE",
        help="the grant: the library's JSON, an OCF transactions file, or agreement text",
    )
    parser.add_argument(
        "--security-id",
        metavar="ID",
        help="which grant of an OCF file holding several",
    )
    parser.add_argument(
        "--order",
        choices=("DMY", "MDY"),
        help="how agreement text writes all-figures dates such as 01/07/1999",
    )
    parser.add_argument(
        "--shares",
        type=_shares_argument,
        metavar="N",
        help=(
            "the shares to cost and value (default: all outstanding); the cost is of no "
            "more than can be exercised on the day"
        ),
    )
    parser.add_argument(
        "--volatility",
        type=str,
        metavar="SIGMA",
        help="annual volatility as a fraction, such as 1.00: with --rate, a fair value",
    )
    parser.add_argument(
        "--rate",
        type=str,
        metavar="R",
        help="the risk-free rate as a fraction, such as 0.05: with --volatility",
    )
    parser.add_argument(
        "--json", action="store_true", help="print the report as JSON, for programs"
    )
    return parser


def report(
    grant: OptionGrant,
    on: dt.date,
    market_price: Decimal | None = None,
    *,
    shares: int | None = None,
    valuation: Valuation | None = None,
) -> str:
    r"""The plain-text report the command prints, on the day ``on``.

    For a grant with a vesting schedule or a termination it shows the shares vested,
    exercisable and forfeited that day. The cost is of ``shares`` (default: every outstanding
    share) but never of more than can be exercised that day; it says so when fewer can.
    Text the grant holds is shown escaped where a terminal would act on it (``\u202e``).

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
    rows = grant_rows(grant, on, shares)
    if market_price is not None:
        total = format_amount(intrinsic_value(grant, market_price, shares), grant.currency)
        market = format_amount(market_price, grant.currency)
        spread = format_amount(intrinsic_value_per_share(grant, market_price), grant.currency)
        rows.append(
            ("Intrinsic value", f"{total} at {market} a share ({spread} a share above the price)")
        )
    if valuation is not None:
        # A fair value of the grant always has its total, rounded to the minor unit.
        total = format_amount(valuation.total, grant.currency)  # type: ignore[arg-type]
        rows.append(
            (
                "Fair value",
                f"{plain(valuation.value)} a share, {total} for {valuation.shares:,} shares",
            )
        )
        days = (grant.last_exercise_date - on).days
        rows.append(
            (
                "  assuming",
                (
                    f"volatility {plain(valuation.volatility)}, "
                    f"rate {plain(valuation.risk_free_rate)}, "
                    f"{days} days to {grant.last_exercise_date}"
                ),
            )
        )
    return text_table(*escaped(grant_title(grant), rows))


def report_data(
    grant: OptionGrant,
    on: dt.date,
    market_price: Decimal | None = None,
    *,
    shares: int | None = None,
    valuation: Valuation | None = None,
) -> dict[str, object]:
    """The report as JSON-ready data: the grant itself (``to_dict``) and what was asked.

    Beside the status it gives the shares vested (as granted; a fraction as text such as
    ``"9/2"``), exercisable and forfeited on ``on``; ``exercise_cost`` is for the shares
    requested (default: every outstanding share) up to those exercisable that day, with what
    all of them would cost (``requested_amount``).

    >>> import datetime
    >>> data = report_data(AUXER_1999, datetime.date(1999, 10, 2), shares=1_000)
    >>> data["status"], data["exercisable_shares"], data["exercise_cost"]
    ('EXPIRED', 0, {'shares': 0, 'amount': '0.00', 'requested': 1000, 'requested_amount': '130.00'})
    """
    from auxer_option.serialization import to_dict  # noqa: PLC0415

    day = standing(grant, on, shares)
    counted = grant.outstanding_shares if shares is None else shares
    data: dict[str, object] = {
        "grant": to_dict(grant),
        "on": on.isoformat(),
        "status": day.status.value,
        "last_exercise_date": grant.last_exercise_date.isoformat(),
        "outstanding_shares": grant.outstanding_shares,
        "vested_shares": day.vested if isinstance(day.vested, int) else str(day.vested),
        "exercisable_shares": day.exercisable,
        "forfeited_shares": day.forfeited,
        "exercise_cost": {
            "shares": day.costed,
            "amount": plain(day.cost),
            "requested": day.wanted,
            # What the shares asked would cost, as the text report shows when none can be paid.
            "requested_amount": plain(exercise_cost(grant, day.wanted)),
        },
    }
    if market_price is not None:
        data["intrinsic_value"] = {
            "market_price": plain(market_price),
            "shares": counted,
            "amount": plain(intrinsic_value(grant, market_price, shares)),
        }
    if valuation is not None:
        data["fair_value"] = to_dict(valuation)
    return data


def read_grant(
    path: str, *, security_id: str | None = None, order: str | None = None
) -> OptionGrant:
    """The grant in the file at ``path``: the library's JSON, OCF transactions, or text.

    >>> try:
    ...     read_grant("no such file.json")
    ... except InvalidDataError as error:
    ...     print(error.field, "|", error.rule)
    --grant | cannot be read: [Errno 2] No such file or directory: 'no such file.json'

    Raises:
        InvalidDataError: for a file that cannot be read, whatever the reason (bytes that
            are not UTF-8, JSON nested too deep for the parser, ...), or an OCF file whose
            grant is not said.
        OptionError: as the reader for the file's format raises it.
    """
    try:
        return _read_grant(path, security_id=security_id, order=order)
    except OptionError:
        raise
    except Exception as error:
        # A reader's own failure on a hostile file (nesting too deep for json, a number
        # too long for int()) is still this file refused: one line, with the reason.
        raise InvalidDataError("--grant", path, f"{UNREADABLE}: {_reason(error)}") from error


def _reason(error: Exception) -> str:
    # An OSError's or a ValueError's message says what went wrong; others (a KeyError's
    # "'x'") need their kind said.
    if isinstance(error, OSError | ValueError) and str(error):
        return str(error)
    return f"{type(error).__name__}: {error}".removesuffix(": ")


def _read_grant(path: str, *, security_id: str | None, order: str | None) -> OptionGrant:
    with open(path, encoding="utf-8") as file:  # noqa: PTH123
        text = file.read()
    import json  # noqa: PLC0415

    try:
        data = json.loads(text)
    except ValueError:
        from auxer_option._contract import grant_from_text  # noqa: PLC0415

        return grant_from_text(text, order=order)  # type: ignore[arg-type]
    if isinstance(data, dict) and "format" in data:
        from auxer_option.serialization import from_json  # noqa: PLC0415

        return from_json(text, expect=OptionGrant)
    from auxer_option.ocf import from_ocf  # noqa: PLC0415

    grants = from_ocf(data).grants
    if security_id is not None:
        if security_id not in grants:
            raise InvalidDataError(
                "--security-id", security_id, f"is not an option in the file: {sorted(grants)}"
            )
        return grants[security_id]
    if not grants:
        raise InvalidDataError("--grant", path, "holds no option grant that could be read")
    if len(grants) > 1:
        raise InvalidDataError(
            "--grant",
            path,
            f"holds {len(grants)} option grants: pick one with --security-id "
            f"({', '.join(sorted(grants))})",
        )
    return next(iter(grants.values()))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    parser = _parser()
    arguments = parser.parse_args(argv)
    on = arguments.on if arguments.on is not None else dt.date.today()  # noqa: DTZ011
    if (arguments.volatility is None) != (arguments.rate is None):
        parser.error("--volatility and --rate go together: a fair value needs both")
    if arguments.volatility is not None and arguments.market_price is None:
        parser.error("a fair value needs --market-price: the price of a share today")
    try:
        grant = (
            AUXER_1999
            if arguments.grant is None
            else read_grant(
                arguments.grant, security_id=arguments.security_id, order=arguments.order
            )
        )
        valuation = None
        if arguments.volatility is not None:
            valuation = fair_value(
                grant,
                on=on,
                spot=arguments.market_price,
                volatility=arguments.volatility,
                risk_free_rate=arguments.rate,
            )
        details = {"shares": arguments.shares, "valuation": valuation}
        if arguments.json:
            import json  # noqa: PLC0415

            output = json.dumps(report_data(grant, on, arguments.market_price, **details), indent=2)
        else:
            output = report(grant, on, arguments.market_price, **details)
    except OptionError as error:
        parser.error(str(error))
    _write(sys.stdout, output + "\n")
    return 0
