"""``python -m auxer_option``: a report on a grant (the Auxer grant by default).

The grant comes from a file in the library's JSON, an Open Cap Format transactions file,
or an agreement's text, or from flags that state its terms; the report is plain text, or
JSON with ``--json``. Given several files or a directory, it reports one row per grant.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Final, NamedTuple, NoReturn, TextIO, TypeVar

from auxer_option._choices import check_choice
from auxer_option._display import grant_rows, rounded_price, share_count, standing
from auxer_option._examples import AUXER_1999
from auxer_option._exercise import exercise_cost
from auxer_option._grant import OptionGrant, as_of, grant_title
from auxer_option._inputs import MAX_RATE, MAX_VOLATILITY, model_input
from auxer_option._money import (
    MAX_SHARES,
    coerce_amount,
    coerce_currency,
    coerce_shares,
    format_amount,
    whole_number,
)
from auxer_option._parse import DATE_ORDERS
from auxer_option._pershare import intrinsic_value, intrinsic_value_per_share
from auxer_option._tables import escaped, one_line, shown, text_columns, text_table
from auxer_option._terms import Term, coerce_date
from auxer_option._text import plain
from auxer_option._valuation import Valuation, fair_value
from auxer_option._vesting import VestingSchedule
from auxer_option.exceptions import (
    MAX_REPR,
    InvalidDataError,
    InvalidRateError,
    OptionError,
    quote,
    rebuild,
)

__all__ = [
    "EMPTY_DIRECTORY",
    "NOT_JSON",
    "NOT_OCF",
    "NOT_TEXT",
    "NO_GRANT",
    "TOO_MANY_SHARES",
    "UNREADABLE",
    "main",
    "read_grant",
    "report",
    "report_data",
]

#: How a file that cannot be read is refused; the reason follows, after a colon.
UNREADABLE: Final = "cannot be read"
#: How a share count with more digits than Python reads as an int is refused.
TOO_MANY_SHARES: Final = "is more shares than any grant holds"
#: --security-id for a file that is not an OCF transactions file: it holds one grant.
NOT_OCF: Final = "picks an option of an OCF transactions file, and --grant holds one grant"
#: --order when no file given is agreement text: there are no dates for it to read.
NOT_TEXT: Final = "says how agreement text writes dates, and no --grant file is agreement text"
#: A directory given to --grant with no JSON file in it.
EMPTY_DIRECTORY: Final = "is a directory with no .json file in it"
#: A file named ``.json`` that JSON cannot read; the parser's reason follows, after a colon.
NOT_JSON: Final = "is not valid JSON"
#: An OCF file with no option issuance that could be read.
NO_GRANT: Final = "holds no option grant that could be read"
#: An OCF file of several options, none picked: a template of ``count`` and ``ids``.
SEVERAL_GRANTS: Final = "holds {count} option grants: pick one with --security-id ({ids})"
#: --security-id naming no option of the file: a template of ``ids``, those it holds.
NOT_AN_OPTION: Final = "is not an option in the file: {ids}"

# The rules of the command line itself, refused by argparse's error (exit status 2).
#: A flag that says something of a grant file, given without one: a template of ``flag``.
NEEDS_GRANT: Final = "{flag} says how to read a --grant file, and none is given"
#: The grant given both ways.
GRANT_TWO_WAYS: Final = (
    "--grant FILE and the grant's terms as flags ({flags}) are two ways to give a grant: use one"
)
#: A grant from flags with a term missing: a template of ``missing``.
GRANT_INCOMPLETE: Final = (
    "a grant from flags needs --grant-date, --granted-shares, --price, and --term or "
    "--expiration-date: {missing} missing"
)
#: --security-id with several files.
ONE_OCF_FILE: Final = "--security-id picks an option of one OCF file: not with several files"
#: One of --volatility and --rate without the other.
MODEL_PAIR: Final = "--volatility and --rate go together: a fair value needs both"
#: A fair value asked for without a price of a share.
MODEL_NEEDS_PRICE: Final = "a fair value needs --market-price: the price of a share today"

#: The flag each value the command passes on came from, by the name the library gives it:
#: a refusal of it names the flag the user typed, not the library's argument.
_FLAG_OF: Final = {
    "on": "--on",
    "market_price": "--market-price",
    "spot": "--market-price",
    "shares": "--shares",
    "volatility": "--volatility",
    "risk_free_rate": "--rate",
}
#: The flag each term of a grant from flags came from, by the grant's name for it.
_TERM_FLAG_OF: Final = {
    "grant_date": "--grant-date",
    "shares": "--granted-shares",
    "exercise_price": "--price",
    "term": "--term",
    "expiration_date": "--expiration-date",
    "currency": "--currency",
    "vesting": "--vesting",
    # The vesting schedule starts on the grant date.
    "start": "--grant-date",
}

# Written as shown: the raw formatter keeps these lines as they are.
_DESCRIPTION = """\
Report on a stock-option grant: its parties, shares, exercise price, exercise
window and last day; on a day, its status, the shares vested, exercisable and
forfeited (for a grant with a vesting schedule or a termination), the cost of
exercising what can be exercised and, given a market price, its intrinsic value.
The grant is the 1 July 1999 Auxer Group consulting agreement's option, unless
--grant names another or the flags under "a grant from flags" state one. Given
several files or a directory, --grant reports one row per grant.
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
  python -m auxer_option --grant-date 2024-01-15 --granted-shares 48000 --price 1.25 \\
      --term "10 years" --vesting "48 months, 12-month cliff" --on 2025-06-01
  python -m auxer_option --grant grants/ --on 2025-06-01 --json

--grant reads the library's JSON (to_json), an Open Cap Format transactions file, or an
agreement's text, in that order of trial; a file named *.json is read as JSON only.
Given several files, or a directory (its *.json files, in name order), it prints a table
with one row per grant (per option, for an OCF file), or JSON lines with --json. Errors
are one line on stderr, exit status 2; a file that cannot be read is a row marked ERROR,
its error on stderr, and the exit status 2 once every row is out.
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


_T = TypeVar("_T")


def _argument(read: Callable[[str, str], _T], flag: str) -> Callable[[str], _T]:
    """An argparse type: ``read(text, flag)``, its refusal said as argparse says a bad value."""

    def argument(text: str) -> _T:
        try:
            return read(text, flag)
        except OptionError as error:
            raise argparse.ArgumentTypeError(f"{text!r} {error.rule}") from error

    return argument


def _shares(text: str, flag: str) -> int:
    digits = text.isascii() and text.isdigit()
    count = whole_number(text, len(str(MAX_SHARES))) if digits else text
    if count is None:  # more digits than any share count has, leading zeros aside
        # Not an OptionError: the rule is the command's own, and the value too long to quote.
        raise argparse.ArgumentTypeError(
            f"'{text[:12]}...' ({len(text):,} digits) {TOO_MANY_SHARES}"
        )
    return coerce_shares(count, flag)


def _term(text: str, _: str) -> Term:
    return Term.parse(text)


def _currency(text: str, _: str) -> str:
    return coerce_currency(text)


#: The model input each flag gives: its name in the valuation, and the range it allows.
_MODEL_INPUTS: Final = {
    "--volatility": ("volatility", 0, MAX_VOLATILITY),
    "--rate": ("risk_free_rate", -MAX_RATE, MAX_RATE),
}


def _model_flag(text: str, flag: str) -> Decimal:
    # Read and checked as the valuation checks it, once for the run: not once a grant.
    field, low, high = _MODEL_INPUTS[flag]
    number, _ = model_input(text, field, low, high, InvalidRateError)
    return number


def _order(text: str, flag: str) -> str:
    # In any case, as the library reads a choice: mdy is MDY.
    return check_choice(text, DATE_ORDERS, flag)


#: The flags that state a grant's terms, by their argparse names.
_GRANT_FLAGS: Final = {
    "grant_date": "--grant-date",
    "granted_shares": "--granted-shares",
    "price": "--price",
    "term": "--term",
    "expiration_date": "--expiration-date",
    "currency": "--currency",
    "vesting": "--vesting",
}


def _parser() -> _Parser:
    from importlib.metadata import version  # noqa: PLC0415  (only the command reads it)

    parser = _Parser(
        prog="python -m auxer_option",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"auxer-option {version('auxer-option')}",
        help="print the version and exit",
    )
    parser.add_argument(
        "--on",
        type=_argument(coerce_date, "--on"),
        metavar="YYYY-MM-DD",
        help="the day to report on, and to value the grant on (default: today)",
    )
    parser.add_argument(
        "--market-price",
        type=_argument(coerce_amount, "--market-price"),
        metavar="PRICE",
        help="a market price per share, such as 0.50, to value the option against",
    )
    parser.add_argument(
        "--grant",
        nargs="+",
        metavar="FILE",
        help=(
            "the grant: the library's JSON, an OCF transactions file, or agreement text; "
            "several files or a directory give one row per grant"
        ),
    )
    parser.add_argument(
        "--security-id",
        metavar="ID",
        help="which grant of an OCF file holding several (with --grant)",
    )
    parser.add_argument(
        "--order",
        type=_argument(_order, "--order"),
        metavar="{DMY,MDY}",
        help="how agreement text writes all-figures dates such as 01/07/1999 (with --grant)",
    )
    parser.add_argument(
        "--shares",
        type=_argument(_shares, "--shares"),
        metavar="N",
        help=(
            "the shares to cost and value (default: all outstanding); the cost is of no "
            "more than can be exercised on the day"
        ),
    )
    parser.add_argument(
        "--volatility",
        type=_argument(_model_flag, "--volatility"),
        metavar="SIGMA",
        help="annual volatility as a fraction, such as 1.00: with --rate, a fair value",
    )
    parser.add_argument(
        "--rate",
        type=_argument(_model_flag, "--rate"),
        metavar="R",
        help="the risk-free rate as a fraction, such as 0.05: with --volatility",
    )
    parser.add_argument(
        "--json", action="store_true", help="print the report as JSON, for programs"
    )
    terms = parser.add_argument_group(
        "a grant from flags",
        "instead of --grant FILE: --grant-date, --granted-shares, --price, and --term\n"
        "or --expiration-date; --currency and --vesting if they are not USD and at once",
    )
    terms.add_argument(
        "--grant-date",
        type=_argument(coerce_date, "--grant-date"),
        metavar="YYYY-MM-DD",
        help="the day the option was granted",
    )
    terms.add_argument(
        "--granted-shares",
        type=_argument(_shares, "--granted-shares"),
        metavar="N",
        help="the shares granted",
    )
    terms.add_argument(
        "--price",
        type=_argument(coerce_amount, "--price"),
        help="the exercise price a share, such as 1.25",
    )
    terms.add_argument(
        "--term",
        type=_argument(_term, "--term"),
        help='how long the option runs, such as "10 years" or P10Y',
    )
    terms.add_argument(
        "--expiration-date",
        type=_argument(coerce_date, "--expiration-date"),
        metavar="YYYY-MM-DD",
        help="the day it expires, instead of (or agreeing with) --term",
    )
    terms.add_argument(
        "--currency",
        type=_argument(_currency, "--currency"),
        metavar="CODE",
        help="the ISO 4217 code of the price (default: USD)",
    )
    terms.add_argument(
        "--vesting",
        metavar="TEXT",
        help=(
            'how the shares vest from the grant date, such as "48 months, 12-month cliff" '
            'or "4 years, quarterly, 1-year cliff" (default: at once)'
        ),
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
    then = as_of(grant, on)  # the figures of the day: as the grant stood then
    if market_price is not None:
        total = format_amount(intrinsic_value(then, market_price, shares), grant.currency)
        market = format_amount(market_price, grant.currency)
        spread = format_amount(intrinsic_value_per_share(then, market_price), grant.currency)
        rows.append(
            ("Intrinsic value", f"{total} at {market} a share ({spread} a share above the price)")
        )
    if valuation is not None:
        rows += _fair_value_rows(then, on, valuation)
    return text_table(*escaped(grant_title(grant), rows))


def _fair_value_rows(
    grant: OptionGrant, on: dt.date, valuation: Valuation
) -> list[tuple[str, str]]:
    """The fair value: its total to the cent, a share to four significant digits."""
    # A fair value of the grant always has its total, rounded to the minor unit.
    total = format_amount(valuation.total, grant.currency)  # type: ignore[arg-type]
    rounded = rounded_price(valuation.value, grant.currency, significant=4)
    each = ("" if rounded == valuation.value else "about ") + format_amount(rounded, grant.currency)
    days = (grant.last_exercise_date - on).days
    return [
        (
            "Fair value",
            f"{total} for {valuation.shares:,} shares ({each} a share)",
        ),
        (
            "  assuming",
            (
                f"volatility {plain(valuation.volatility)}, "
                f"rate {plain(valuation.risk_free_rate)}, "
                f"{days} days to {grant.last_exercise_date}"
            ),
        ),
    ]


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
    then = as_of(grant, on)  # the figures of the day: as the grant stood then
    counted = then.outstanding_shares if shares is None else shares
    data: dict[str, object] = {
        "grant": to_dict(grant),
        "on": on.isoformat(),
        "status": day.status.value,
        "last_exercise_date": then.last_exercise_date.isoformat(),
        "outstanding_shares": then.outstanding_shares,
        "vested_shares": day.vested if isinstance(day.vested, int) else str(day.vested),
        "exercisable_shares": day.exercisable,
        "forfeited_shares": day.forfeited,
        "exercise_cost": {
            "shares": day.costed,
            "amount": plain(day.cost),
            "requested": day.wanted,
            # What the shares asked would cost, as the text report shows when none can be paid.
            "requested_amount": plain(exercise_cost(then, day.wanted)),
        },
    }
    if market_price is not None:
        data["intrinsic_value"] = {
            "market_price": plain(market_price),
            "shares": counted,
            "amount": plain(intrinsic_value(then, market_price, shares)),
        }
    if valuation is not None:
        data["fair_value"] = to_dict(valuation)
    return data


def read_grant(
    path: str, *, security_id: str | None = None, order: str | None = None
) -> tuple[OptionGrant, tuple[InvalidDataError, ...]]:
    """The grant in the file at ``path``, and the refusals of the items it could not read.

    The file is the library's JSON, OCF transactions, or an agreement's text. An OCF item
    that cannot be read is left out of whichever grant it belongs to, so the command shows
    the grant and says so.

    A file named ``.json`` is read as JSON (and refused if it is not); any other file, as
    JSON if it is, otherwise as agreement text. ``security_id`` picks one option of an OCF
    file (and is refused for any other file); ``order`` says how agreement text writes dates
    (and is refused for a JSON file), in any case.

    >>> try:
    ...     read_grant("no such file.json")
    ... except InvalidDataError as error:
    ...     print(error.field, "|", error.rule)
    --grant | cannot be read: [Errno 2] No such file or directory: 'no such file.json'

    Raises:
        InvalidDataError: for a file that cannot be read, whatever the reason (bytes that
            are not UTF-8, a ``.json`` file that is not valid JSON, JSON nested too deep
            for the parser, ...), an OCF file whose
            grant is not said, or a ``security_id`` or ``order`` the file has no use for.
        OptionError: as the reader for the file's format raises it.
    """
    found = _grants_in(path, order=order)
    if order is not None and found.kind != "text":
        raise InvalidDataError("--order", order, NOT_TEXT)
    if found.refusal is not None:
        raise found.refusal
    grants = found.grants
    unread = tuple(refusal for _, refusal in found.unread)
    if found.kind != "ocf":
        if security_id is not None:
            raise InvalidDataError("--security-id", security_id, NOT_OCF)
        return grants[""], ()
    if security_id is not None:
        if security_id not in grants:
            rule = NOT_AN_OPTION.format(ids=sorted(grants))
            raise InvalidDataError("--security-id", security_id, rule)
        return grants[security_id], unread
    if not grants:
        raise InvalidDataError("--grant", path, NO_GRANT)
    if len(grants) > 1:
        rule = SEVERAL_GRANTS.format(count=len(grants), ids=", ".join(sorted(grants)))
        raise InvalidDataError("--grant", path, rule)
    return next(iter(grants.values())), unread


class _Found(NamedTuple):
    """What a file holds: its grants by security id ("" for a file of one), its format."""

    grants: dict[str, OptionGrant]
    #: "json" (the library's), "text" (an agreement) or "ocf".
    kind: str = "json"
    #: The option issuances of an OCF file that could not be read: their ids and refusals.
    unread: tuple[tuple[str | None, InvalidDataError], ...] = ()
    #: Why agreement text gave no grant: the file is still known to be text.
    refusal: OptionError | None = None


def _grants_in(path: str, *, order: str | None) -> _Found:
    try:
        return _read_file(path, order=order)
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


def _read_file(path: str, *, order: str | None) -> _Found:
    with open(path, encoding="utf-8") as file:  # noqa: PTH123
        text = file.read()
    import json  # noqa: PLC0415

    try:
        data = json.loads(text)
    except ValueError as error:
        # A file named .json is JSON: what a typo broke is said, not read as an agreement.
        if Path(path).suffix.lower() == ".json":
            raise InvalidDataError("--grant", path, f"{NOT_JSON}: {error}") from error
        from auxer_option._contract import grant_from_text  # noqa: PLC0415

        try:
            grant = grant_from_text(text, order=order)  # type: ignore[arg-type]
        except OptionError as refusal:
            return _Found({}, "text", refusal=refusal)
        return _Found({"": grant}, "text")
    if isinstance(data, dict) and "format" in data:
        from auxer_option.serialization import from_json  # noqa: PLC0415

        return _Found({"": from_json(text, expect=OptionGrant)})
    from auxer_option.ocf import from_ocf  # noqa: PLC0415

    read = from_ocf(data)
    unread = tuple(
        (item.id, InvalidDataError(f"items[{item.index}]", item.id, item.reason))
        for item in read.skipped
        if item.inconsistent
    )
    return _Found(dict(read.grants), "ocf", unread)


def _plainly(value: object, depth: int = 0) -> str:
    """A refused value as the command shows it: dates in ISO 8601, numbers in plain digits.

    Text keeps its quotes (they show where it begins and ends); anything else, and a tuple
    or list deeper or longer than a message quotes, is written as the error's message
    quotes it (its repr, cut at :data:`~auxer_option.exceptions.MAX_REPR` characters).
    """
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, tuple | list) and depth < _DEPTH and len(value) <= _ITEMS:
        inside = ", ".join(_plainly(item, depth + 1) for item in value)
        text = f"({inside})" if isinstance(value, tuple) else f"[{inside}]"
        if len(text) <= MAX_REPR:
            return text
    # Text, an int, a bool, None and the rest: as the error's own message quotes it.
    return quote(value)


# How far into a refused tuple or list its items are written plainly; beyond, its repr.
_DEPTH: Final = 2
_ITEMS: Final = 20


def _flagged(error: OptionError, flags: dict[str, str] = _FLAG_OF) -> OptionError:
    """``error`` naming the flag its value came from, where it names the library's argument.

    By default for a refusal of what the command was asked (the day, the price, the shares,
    the model's inputs), not of a grant's own fields: a grant is read, and checked, before.
    """
    flag = flags.get(error.field)
    if flag is None:
        return error
    named = rebuild(type(error), flag, error.value, error.rule)
    named.__cause__ = error
    return named


def _said(error: OptionError) -> str:
    """An error as the command says it: its field, its value written plainly, its rule."""
    return f"{error.field}={_plainly(error.value)}: {error.rule}"


class _Request(NamedTuple):
    """What the command was asked, beside the grant: the day, the price, the shares."""

    on: dt.date
    market_price: Decimal | None
    shares: int | None
    #: For a fair value: the price of a share, the volatility and the rate.
    model: tuple[Decimal, Decimal, Decimal] | None

    def valuation(self, grant: OptionGrant) -> Valuation | None:
        """The fair value asked for, if one was."""
        if self.model is None:
            return None
        spot, volatility, rate = self.model
        return fair_value(grant, on=self.on, spot=spot, volatility=volatility, risk_free_rate=rate)


def _grant_from_flags(parser: _Parser, arguments: argparse.Namespace) -> OptionGrant | None:
    """The grant the flags state, or ``None`` when none of them is given."""
    given = [flag for name, flag in _GRANT_FLAGS.items() if getattr(arguments, name) is not None]
    if not given:
        return None
    if arguments.grant is not None:
        parser.error(GRANT_TWO_WAYS.format(flags=", ".join(given)))
    needed = ["--grant-date", "--granted-shares", "--price"]
    missing = [flag for flag in needed if flag not in given]
    if arguments.term is None and arguments.expiration_date is None:
        missing.append("--term or --expiration-date")
    if missing:
        parser.error(GRANT_INCOMPLETE.format(missing=", ".join(missing)))
    vesting = VestingSchedule.immediate()
    if arguments.vesting is not None:
        try:
            vesting = VestingSchedule.parse(arguments.vesting, start=arguments.grant_date)
        except OptionError as error:
            # Each refusal is of the text, in its words (the start is a date, already read).
            parser.error(f"argument --vesting: {arguments.vesting!r} {error.rule}")
    # The grant's own default currency, unless one is given.
    currency = {} if arguments.currency is None else {"currency": arguments.currency}
    try:
        return OptionGrant(
            arguments.grant_date,
            arguments.granted_shares,
            arguments.price,
            term=arguments.term,
            expiration_date=arguments.expiration_date,
            vesting=vesting,
            **currency,
        )
    except OptionError as error:
        parser.error(_said(_flagged(error, _TERM_FLAG_OF)))


def _paths(given: Sequence[str]) -> Iterator[tuple[str, InvalidDataError | None]]:
    """Each file to read, in order: a directory's ``*.json`` files by name, or its refusal."""
    for name in given:
        path = Path(name)
        if not path.is_dir():
            yield name, None
            continue
        files = sorted(
            child.name
            for child in path.iterdir()
            if child.suffix == ".json" and not child.name.startswith(".") and child.is_file()
        )
        if not files:
            yield name, InvalidDataError("--grant", name, EMPTY_DIRECTORY)
        yield from ((str(path / file), None) for file in files)


class _Row(NamedTuple):
    """One row of a batch: a grant of a file, or the error that stood in its way."""

    file: str
    security_id: str | None
    grant: OptionGrant | OptionError
    #: What the file was read as ("json", "text" or "ocf"), or None when it could not be.
    kind: str | None = None


def _rows(given: Sequence[str], order: str | None) -> Iterator[_Row]:
    for path, refusal in _paths(given):
        if refusal is not None:
            yield _Row(path, None, refusal)
            continue
        try:
            found = _grants_in(path, order=order)
        except OptionError as error:
            yield _Row(path, None, error)
            continue
        kind = found.kind
        if kind != "ocf":
            yield _Row(path, None, found.refusal or found.grants[""], kind)
            continue
        # In the file's order, then the items that could not be read, in theirs.
        rows = [_Row(path, key, grant, kind) for key, grant in found.grants.items()]
        rows += [_Row(path, key, error, kind) for key, error in found.unread]
        if not rows:
            rows.append(_Row(path, None, InvalidDataError("--grant", path, NO_GRANT), kind))
        yield from rows


_HEADER: Final = (
    "File",
    "Option",
    "Status",
    "Last day",
    "Granted",
    "Outstanding",
    "Vested",
    "Exercisable",
    "Forfeited",
    "Exercise cost",
)


def _batch(rows: Sequence[_Row], request: _Request, *, as_json: bool) -> tuple[str, list[str]]:
    """The batch's output (a table, or JSON lines) and its errors, one line each."""
    import json  # noqa: PLC0415

    header = list(_HEADER)
    if request.market_price is not None:
        header.append("Intrinsic value")
    if request.model is not None:
        header.append("Fair value")
    lines: list[str] = []
    table: list[list[str]] = []
    errors: list[str] = []
    for row in rows:
        data: dict[str, object] = {"file": row.file, "security_id": row.security_id}
        where = [row.file, row.security_id or ""]
        outcome = row.grant
        if isinstance(outcome, OptionGrant):
            try:
                if as_json:
                    lines.append(json.dumps({**data, **_data(outcome, request)}))
                else:
                    table.append([*where, *_cells(outcome, request)])
            except OptionError as error:
                outcome = _flagged(error)
            else:
                continue
        errors.append(f"{' '.join(part for part in where if part)}: {_said(outcome)}")
        data["error"] = {
            "field": outcome.field,
            "value": _plainly(outcome.value),
            "rule": outcome.rule,
        }
        lines.append(json.dumps(data))
        table.append([*where, "ERROR", *[""] * (len(header) - 3)])
    if as_json:
        return "\n".join(lines), errors
    title = f"{len(rows)} grant{'' if len(rows) == 1 else 's'} on {request.on}"
    if request.market_price is not None:
        title += f" at a market price of {plain(request.market_price)}"
    text = text_columns(title, header, [[shown(cell) for cell in row] for row in table])
    # An error row's empty cells would leave spaces at the end of its line.
    return "\n".join(line.rstrip() for line in text.splitlines()), errors


def _batch_valuation(grant: OptionGrant, request: _Request) -> Valuation | None:
    """The fair value asked for, or ``None`` for a grant not yet granted or past its last day.

    In a batch a grant outside its window on the day has no fair value to give (``None``
    in JSON, ``-`` in the table): a fact of the grant, not an error.
    """
    valued = grant.grant_date <= request.on <= grant.last_exercise_date
    return request.valuation(grant) if valued else None


def _data(grant: OptionGrant, request: _Request) -> dict[str, object]:
    """A grant's row as JSON-ready data: the report's."""
    valuation = _batch_valuation(grant, request)
    data = report_data(
        grant, request.on, request.market_price, shares=request.shares, valuation=valuation
    )
    if request.model is not None and valuation is None:
        data["fair_value"] = None
    return data


def _cells(grant: OptionGrant, request: _Request) -> list[str]:
    """A grant's row as the table's cells."""
    valuation = _batch_valuation(grant, request)
    day = standing(grant, request.on, request.shares)
    then = as_of(grant, request.on)  # the figures of the day: as the grant stood then
    money = grant.currency
    cells = [
        day.status.value,
        then.last_exercise_date.isoformat(),
        f"{grant.shares:,}",
        f"{then.outstanding_shares:,}",
        share_count(day.vested),
        f"{day.exercisable:,}",
        f"{day.forfeited:,}",
        format_amount(day.cost, money),
    ]
    if request.market_price is not None:
        value = intrinsic_value(then, request.market_price, request.shares)
        cells.append(format_amount(value, money))
    if request.model is not None:
        # None out of its window; a grant's fair value always has a total (to the cent).
        total = None if valuation is None else valuation.total
        cells.append("-" if total is None else format_amount(total, money))
    return cells


def _check_flags(parser: _Parser, arguments: argparse.Namespace) -> None:
    """Refuse flags given without the flags they need: none is silently ignored."""
    if (arguments.volatility is None) != (arguments.rate is None):
        parser.error(MODEL_PAIR)
    if arguments.volatility is not None and arguments.market_price is None:
        parser.error(MODEL_NEEDS_PRICE)
    for flag in ("--security-id", "--order"):
        if arguments.grant is None and getattr(arguments, flag[2:].replace("-", "_")):
            parser.error(NEEDS_GRANT.format(flag=flag))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: ``sys.argv[1:]``); return the exit status.

    Any refusal exits with status 2: at once for one grant, or once every row of a batch is
    out, its errors one line each on stderr.
    """
    parser = _parser()
    arguments = parser.parse_args(argv)
    on = arguments.on if arguments.on is not None else dt.date.today()  # noqa: DTZ011
    _check_flags(parser, arguments)
    from_flags = _grant_from_flags(parser, arguments)
    model = None
    if arguments.volatility is not None:  # with --rate and --market-price, as checked
        model = (arguments.market_price, arguments.volatility, arguments.rate)
    request = _Request(on, arguments.market_price, arguments.shares, model)
    files: list[str] = arguments.grant or []
    if len(files) > 1 or any(Path(name).is_dir() for name in files):
        if arguments.security_id is not None:
            parser.error(ONE_OCF_FILE)
        rows = list(_rows(files, arguments.order))
        if arguments.order is not None and all(row.kind != "text" for row in rows):
            # As for one file: --order with no agreement text to read is refused, not ignored.
            parser.error(_said(InvalidDataError("--order", arguments.order, NOT_TEXT)))
        output, errors = _batch(rows, request, as_json=arguments.json)
        _write(sys.stdout, output + "\n")
        for line in errors:
            _write(sys.stderr, f"{parser.prog}: error: {one_line(line)}\n")
        return 2 if errors else 0
    try:
        grant, unread = (
            (from_flags, ())
            if from_flags is not None
            else read_grant(files[0], security_id=arguments.security_id, order=arguments.order)
            if files
            else (AUXER_1999, ())
        )
    except OptionError as error:
        parser.error(_said(error))
    try:
        details = {"shares": arguments.shares, "valuation": request.valuation(grant)}
        if arguments.json:
            import json  # noqa: PLC0415

            output = json.dumps(report_data(grant, on, arguments.market_price, **details), indent=2)
        else:
            output = report(grant, on, arguments.market_price, **details)
    except OptionError as error:
        parser.error(_said(_flagged(error)))
    _write(sys.stdout, output + "\n")
    # As in a batch: what the file held that could not be read is said, after the report.
    for refusal in unread:
        _write(sys.stderr, f"{parser.prog}: error: {one_line(_said(refusal))}\n")
    return 2 if unread else 0
