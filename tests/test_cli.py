"""``python -m auxer_option`` (``_cli`` and ``__main__``)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
import runpy
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from auxer_option import (
    AUXER_1999,
    OptionGrant,
    Term,
    Valuation,
    VestingSchedule,
    adjust_for_split,
    exercisable_shares,
    exercise,
    exercise_cost,
    fair_value,
    from_dict,
    parse_date,
    terminate,
    to_dict,
    to_json,
    to_ocf,
)
from auxer_option._choices import one_of
from auxer_option._cli import (
    EMPTY_DIRECTORY,
    GRANT_INCOMPLETE,
    GRANT_TWO_WAYS,
    MODEL_NEEDS_PRICE,
    MODEL_PAIR,
    NEEDS_GRANT,
    NO_GRANT,
    NOT_AN_OPTION,
    NOT_JSON,
    NOT_OCF,
    NOT_TEXT,
    ONE_OCF_FILE,
    SEVERAL_GRANTS,
    TOO_MANY_SHARES,
    UNREADABLE,
    _flagged,
    _plainly,
    _said,
    main,
    read_grant,
    report,
    report_data,
)
from auxer_option._contract import UNREADABLE as UNREADABLE_PHRASE
from auxer_option._grant import BEFORE_GRANT_DATE, as_of
from auxer_option._history import MORE_THAN_OUTSTANDING
from auxer_option._inputs import input_range
from auxer_option._money import (
    MUST_NOT_BE_NEGATIVE,
    NOT_PLAIN_NUMBER,
    NOT_WHOLE_SHARES,
    UNKNOWN_CURRENCY,
)
from auxer_option._parse import DATE_ORDERS
from auxer_option._tables import shown
from auxer_option._terms import NOT_A_CALENDAR_DATE, NOT_ISO_DATE
from auxer_option._valuation import AFTER_THE_LAST_DAY, BEFORE_THE_GRANT
from auxer_option._vesting import CLIFF_AFTER_LENGTH, INSTALLMENT_TOO_LATE, UNREADABLE_VESTING
from auxer_option.exceptions import ContractTextError, InvalidDataError, OptionError
from auxer_option.ocf import NOT_A_FILE
from auxer_option.serialization import NOT_EXPECTED
from tests.data import AGREEMENT, OCF_SAMPLES
from tests.grants import FOUR_YEARS, FRACTIONAL_18
from tests.messages import rule_of
from tests.strategies import vesting_grants
from tests.test_display import ACTIVE, ANY_PARTY, read_back

ROOT = Path(__file__).parents[1]


class TestReport:
    def test_default_is_today(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --on, the status is reported for today."""
        before = dt.date.today()  # noqa: DTZ011
        assert main([]) == 0
        after = dt.date.today()  # noqa: DTZ011
        output = capsys.readouterr().out
        shown = dt.date.fromisoformat(output.split("Status on ")[1][:10])
        assert shown in {before, after}  # a run may cross midnight
        today = shown
        assert f"Status on {today}  EXPIRED" in output
        assert "Last day to exercise  1999-10-01" in output
        cost = f"none exercisable on {today} (1,000,000 outstanding: USD 130,000.00)"
        assert f"Exercise cost         {cost}" in output

    def test_none_exercisable(self, capsys: pytest.CaptureFixture[str]) -> None:
        """With nothing exercisable, the cost of the shares asked is shown as not payable."""
        assert main(["--on", "1999-10-02", "--shares", "250000"]) == 0
        expected = "none exercisable on 1999-10-02 (250,000 shares asked: USD 32,500.00)"
        assert f"Exercise cost         {expected}\n" in capsys.readouterr().out

    def test_on_and_market_price(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--on and --market-price add the status and the intrinsic value."""
        assert main(["--on", "1999-08-02", "--market-price", "0.5"]) == 0
        output = capsys.readouterr().out
        assert "Status on 1999-08-02  OPEN" in output
        assert "USD 370,000.00 at USD 0.50 a share (USD 0.37 a share above" in output

    def test_cutoff_line(self) -> None:
        """A grant with a cutoff shows the time and zone on its last day."""
        from auxer_option import OptionGrant

        grant = OptionGrant(
            "1999-07-01",
            1,
            "1",
            term="3 months",
            cutoff_time="17:00",
            time_zone="America/New_York",
        )
        assert "1999-10-01, until 17:00 America/New_York" in report(grant, dt.date(1999, 7, 1))

    def test_unnamed_parties(self) -> None:
        """A grant without parties gets a plain heading."""
        from auxer_option import OptionGrant

        grant = OptionGrant("1999-07-01", 1, "1", expiration_date="1999-10-01")
        text = report(grant, dt.date(1999, 7, 1))
        assert text.splitlines()[0] == "Option grant"
        assert "Expiration            1999-10-01\n" in text

    def test_adjusted_grant(self) -> None:
        """After splits, the report gives the terms in force and says they were adjusted."""
        from auxer_option import AUXER_1999, adjust_for_split

        once = report(adjust_for_split(AUXER_1999, (3, 2)), dt.date(1999, 8, 2))
        assert "1,500,000 outstanding (after 1 split adjustment)" in once
        assert "USD 0.0867 a share (after 1 split adjustment; USD 0.13 granted)" in once
        assert "USD 130,050.00 for 1,500,000 shares" in once
        twice = report(adjust_for_split(adjust_for_split(AUXER_1999, 2), 5), dt.date(1999, 8, 2))
        assert "(after 2 split adjustments)" in twice

    def test_help(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--help explains each flag, with examples."""
        with pytest.raises(SystemExit) as exited:
            main(["--help"])
        assert exited.value.code == 0
        text = capsys.readouterr().out
        for flag in ("--on", "--market-price", "examples:"):
            assert flag in text

    def test_help_as_documented(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The quick start shows --help word for word, as an 80-column terminal gets it."""
        monkeypatch.setenv("COLUMNS", "80")
        with pytest.raises(SystemExit):
            main(["--help"])
        quickstart = (ROOT / "docs" / "quickstart.md").read_text(encoding="utf-8")
        documented = re.search(r"```text\n(usage: .*?)```", quickstart, re.DOTALL)
        assert documented is not None
        assert capsys.readouterr().out == documented.group(1)

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            (["--on", "1999-02-30"], f"argument --on: '1999-02-30' {NOT_A_CALENDAR_DATE}"),
            (["--on", "yesterday"], f"argument --on: 'yesterday' {NOT_ISO_DATE}"),
            (["--market-price", "$0.50"], f"argument --market-price: '$0.50' {NOT_PLAIN_NUMBER}"),
            (["--market-price", "-1"], f"argument --market-price: '-1' {MUST_NOT_BE_NEGATIVE}"),
            (["--bogus"], "unrecognized arguments: --bogus"),
        ],
    )
    def test_bad_flags(
        self, arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Bad flags exit 2 with one line on stderr, saying what is wrong, and no traceback."""
        with pytest.raises(SystemExit) as exited:
            main(arguments)
        assert exited.value.code == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err == f"python -m auxer_option: error: {message}\n"


class TestModule:
    def test_run_module(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """``python -m auxer_option`` runs the report."""
        monkeypatch.setattr(sys, "argv", ["auxer_option", "--on", "1999-07-01"])
        with pytest.raises(SystemExit) as exited:
            runpy.run_module("auxer_option", run_name="__main__")
        assert exited.value.code == 0
        assert "Status on 1999-07-01  OPEN" in capsys.readouterr().out

    def test_subprocess(self) -> None:
        """The real command, in a fresh interpreter."""
        finished = subprocess.run(
            [sys.executable, "-m", "auxer_option", "--on", "1999-10-02"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert "Status on 1999-10-02  EXPIRED" in finished.stdout


Runner = Callable[..., subprocess.CompletedProcess[str]]


def in_process_runner(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Runner:
    """The command as ``main`` in this process: its exit status, stdout and stderr."""

    def in_process(*arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        try:
            status = main(list(arguments))
        except SystemExit as exited:
            status = int(exited.code or 0)
        captured = capsys.readouterr()
        return subprocess.CompletedProcess(arguments, status, captured.out, captured.err)

    return in_process


@pytest.fixture(params=["in-process", "subprocess"])
def run(
    request: pytest.FixtureRequest,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Runner:
    """The command, as ``main`` in this process (measured for coverage) and for real in a
    fresh interpreter; the exit status is the caller's to check."""

    def in_subprocess(*arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "auxer_option", *arguments],
            capture_output=True,
            text=True,
            check=False,
            cwd=cwd,
        )

    if request.param == "in-process":
        return in_process_runner(capsys, monkeypatch)
    return in_subprocess


def assert_refused(finished: subprocess.CompletedProcess[str], message: str) -> None:
    """Exit status 2, nothing on stdout, and on stderr one line: ``message``, word for word."""
    assert finished.returncode == 2, finished.stderr
    assert finished.stdout == ""
    assert finished.stderr == f"python -m auxer_option: error: {message}\n"


class TestEndToEnd:
    def test_cost_of_some_shares_and_fair_value(self, run: Runner) -> None:
        finished = run(
            "--on", "1999-07-01", "--market-price", "0.13", "--shares", "250000",
            "--volatility", "1.00", "--rate", "0.05",
        )  # fmt: skip
        assert finished.returncode == 0, finished.stderr
        output = finished.stdout
        assert "Exercise cost         USD 32,500.00 for 250,000 shares" in output
        assert "Intrinsic value       USD 0.00 at USD 0.13 a share" in output
        assert (
            "Fair value            USD 26,427.30 for 1,000,000 shares (about USD 0.02643 a share)"
        ) in output
        assert "assuming            volatility 1.00, rate 0.05, 92 days to 1999-10-01" in output

    def test_some_shares_against_a_market_price(self, run: Runner) -> None:
        """The whole report: the grant's summary, then the cost and the value of the shares
        asked, word for word."""
        finished = run("--on", "1999-08-02", "--market-price", "0.50", "--shares", "250000")
        assert finished.returncode == 0, finished.stderr
        *summary, _ = report(AUXER_1999, dt.date(1999, 8, 2)).splitlines()  # all but the cost
        assert finished.stdout.splitlines() == [
            *summary,
            "  Exercise cost         USD 32,500.00 for 250,000 shares",
            (
                "  Intrinsic value       USD 92,500.00 at USD 0.50 a share"
                " (USD 0.37 a share above the price)"
            ),
        ]

    def test_json(self, run: Runner) -> None:
        finished = run(
            "--json", "--on", "1999-08-02", "--market-price", "0.50", "--shares", "1000",
            "--volatility", "0.8", "--rate", "0.05",
        )  # fmt: skip
        assert finished.returncode == 0, finished.stderr
        assert finished.stdout.startswith('{\n  "grant": {\n    "format": "auxer-option/1",')
        data = json.loads(finished.stdout)
        assert from_dict(data.pop("grant")) == AUXER_1999
        fair_value = from_dict(data.pop("fair_value"), expect=Valuation)
        assert fair_value.shares == 1_000_000
        assert fair_value.total == Decimal("371064.37")
        assert data == {
            "on": "1999-08-02",
            "status": "OPEN",
            "last_exercise_date": "1999-10-01",
            "outstanding_shares": 1_000_000,
            "vested_shares": 1_000_000,
            "exercisable_shares": 1_000_000,
            "forfeited_shares": 0,
            "exercise_cost": {
                "shares": 1000,
                "amount": "130.00",
                "requested": 1000,
                "requested_amount": "130.00",
            },
            "intrinsic_value": {"market_price": "0.50", "shares": 1000, "amount": "370.00"},
        }

    def test_grant_from_json(self, run: Runner, tmp_path: Path) -> None:
        grant, _ = exercise(AUXER_1999, 250_000, "1999-08-02")
        (tmp_path / "grant.json").write_text(to_json(grant), encoding="utf-8")
        finished = run("--grant", "grant.json", "--on", "1999-08-03", cwd=tmp_path)
        assert finished.returncode == 0, finished.stderr
        assert "1,000,000 granted, 750,000 outstanding" in finished.stdout
        assert "History               1 exercise" in finished.stdout

    def test_grant_from_agreement(self, run: Runner) -> None:
        finished = run("--grant", str(AGREEMENT), "--on", "1999-10-01", "--json")
        assert finished.returncode == 0, finished.stderr
        assert from_dict(json.loads(finished.stdout)["grant"]) == AUXER_1999

    def test_grant_from_text_with_an_order(self, run: Runner, tmp_path: Path) -> None:
        (tmp_path / "clause.txt").write_text(
            'Agreement dated 01/07/1999 between Acme Corp. (the "Company") and Jane Doe. '
            "The Company grants Jane Doe an option to purchase 1,000 shares at $0.50 per "
            "share, and the option shall expire one (1) year from the date hereof.",
            encoding="utf-8",
        )
        refused = run("--grant", "clause.txt", cwd=tmp_path)
        ambiguous = rule_of(lambda: parse_date("01/07/1999"))
        problem = UNREADABLE_PHRASE.format(what="date", phrase="01/07/1999", rule=ambiguous)
        (listed,) = ContractTextError.listing("text", None, [problem]).problems
        assert refused.stderr.endswith(f": {listed}\n")
        finished = run(
            "--grant", "clause.txt", "--order", "DMY", "--on", "2000-01-01", cwd=tmp_path
        )
        assert finished.returncode == 0, finished.stderr
        assert "Expiration            2000-07-01 (1 year after the grant date)" in finished.stdout

    def test_grant_from_ocf(self, run: Runner, tmp_path: Path) -> None:
        finished = run("--grant", str(OCF_SAMPLES / "Transactions.ocf.json"), "--on", "2020-01-01")
        assert "50 granted, 50 outstanding" in finished.stdout
        # The sample's two exercises of 100 of the 50 shares are no part of it, and are said
        # to be, one line each.
        assert finished.returncode == 2
        rule = "cannot be recorded: shares=100: only 50 of the 50 granted shares are outstanding"
        assert finished.stderr.splitlines() == [
            f"python -m auxer_option: error: items[{index}]='{item}': {rule}"
            for index, item in [
                (23, "test-plan-security-exercise-minimal"),
                (24, "test-plan-security-exercise-full-fields"),
            ]
        ]
        first = to_ocf(AUXER_1999, security_id="a", stakeholder_id="h")
        second = to_ocf(AUXER_1999, security_id="b", stakeholder_id="h")
        (tmp_path / "two.json").write_text(json.dumps(first + second), encoding="utf-8")
        assert_refused(
            run("--grant", "two.json", cwd=tmp_path),
            "--grant='two.json': " + SEVERAL_GRANTS.format(count=2, ids="a, b"),
        )
        chosen = run(
            "--grant", "two.json", "--security-id", "b", "--on", "1999-07-01", cwd=tmp_path
        )
        assert chosen.returncode == 0, chosen.stderr
        assert_refused(
            run("--grant", "two.json", "--security-id", "c", cwd=tmp_path),
            "--security-id='c': " + NOT_AN_OPTION.format(ids=["a", "b"]),
        )

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            (
                ["--grant", "missing.json"],
                (
                    "--grant='missing.json': cannot be read: "
                    "[Errno 2] No such file or directory: 'missing.json'"
                ),
            ),
            (["--volatility", "1"], MODEL_PAIR),
            (["--volatility", "1", "--rate", "0.05"], MODEL_NEEDS_PRICE),
            (
                [
                    "--volatility",
                    "45",
                    "--rate",
                    "0.05",
                    "--market-price",
                    "1",
                    "--on",
                    "1999-07-01",
                ],
                f"argument --volatility: '45' {input_range('volatility', 0, 10)}",
            ),
            (["--shares", "1.5"], f"argument --shares: '1.5' {NOT_WHOLE_SHARES}"),
            (
                ["--shares", "2000000"],
                "--shares=2000000: "
                + MORE_THAN_OUTSTANDING.format(outstanding=1_000_000, granted=1_000_000),
            ),
            (["--order", "YMD"], f"argument --order: 'YMD' {one_of(DATE_ORDERS)}"),
        ],
    )
    def test_refused(self, run: Runner, arguments: list[str], message: str) -> None:
        assert_refused(run(*arguments), message)

    def test_files_without_a_grant(self, run: Runner, tmp_path: Path) -> None:
        """Another record in the library's JSON, or an OCF file with no option in it."""
        (tmp_path / "term.json").write_text(to_json(Term(months=3)), encoding="utf-8")
        stock = [{"object_type": "TX_STOCK_ISSUANCE", "id": "s1"}]
        (tmp_path / "stock.json").write_text(json.dumps(stock), encoding="utf-8")
        assert_refused(
            run("--grant", "term.json", cwd=tmp_path),
            f"type='Term': {NOT_EXPECTED.format(expected='OptionGrant')}",
        )
        assert_refused(
            run("--grant", "stock.json", cwd=tmp_path),
            f"--grant='stock.json': {NO_GRANT}",
        )

    def test_json_counts_every_outstanding_share(self, run: Runner) -> None:
        finished = run("--json", "--on", "1999-08-02")
        assert json.loads(finished.stdout)["exercise_cost"] == {
            "shares": 1_000_000,
            "amount": "130000.00",
            "requested": 1_000_000,
            "requested_amount": "130000.00",
        }

    def test_files_that_are_not_grants(self, run: Runner, tmp_path: Path) -> None:
        (tmp_path / "notes.txt").write_text("Nothing to see here.", encoding="utf-8")
        (tmp_path / "other.json").write_text('{"a": 1}', encoding="utf-8")
        (tmp_path / "binary.bin").write_bytes(b"\xff\xfe")
        not_text = run("--grant", "notes.txt", cwd=tmp_path)
        assert not_text.stderr.startswith(
            "python -m auxer_option: error: text='Nothing to see here.': no grant found: "
        )
        not_ocf = f"items={{'a': 1}}: {NOT_A_FILE}"
        assert_refused(run("--grant", "other.json", cwd=tmp_path), not_ocf)
        assert_refused(
            run("--grant", "binary.bin", cwd=tmp_path),
            "--grant='binary.bin': cannot be read: "
            "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte",
        )
        assert_refused(run("--grant", "other.json", "--security-id", "x", cwd=tmp_path), not_ocf)


def assert_one_line(finished: subprocess.CompletedProcess[str], start: str) -> None:
    """Exit status 2, nothing on stdout, and one line on stderr that begins with ``start``."""
    assert finished.returncode == 2, finished.stderr
    assert finished.stdout == ""
    assert finished.stderr.startswith(f"python -m auxer_option: error: {start}")
    assert finished.stderr.count("\n") == 1
    assert finished.stderr.endswith("\n")


#: An option clause whose date, 01/07/1999, needs --order to be read.
CLAUSE = (
    'Agreement dated 01/07/1999 between Acme Corp. (the "Company") and Jane Doe. '
    "The Company grants Jane Doe an option to purchase 1,000 shares at $0.50 per "
    "share, and the option shall expire one (1) year from the date hereof."
)

#: 48,000 shares at $1.25 from 2024-01-31, vesting monthly over four years after a 1-year cliff.
EMPLOYEE = OptionGrant("2024-01-31", 48_000, "1.25", term="10 years", vesting=FOUR_YEARS.vesting)


class TestHostileInput:
    """Whatever a file or an argument holds, a failure is one line on stderr, exit status 2."""

    def test_nested_too_deep(self, run: Runner, tmp_path: Path) -> None:
        """JSON nested deeper than the parser can go: the file is refused, with the reason."""
        # 1,000 levels were too deep for 3.11's parser, not for 3.12's; 100,000 are for every one.
        deep = "[" * 100_000 + "]" * 100_000
        (tmp_path / "deep.json").write_text(deep, encoding="utf-8")
        assert_one_line(
            run("--grant", "deep.json", cwd=tmp_path),
            "--grant='deep.json': cannot be read: RecursionError: maximum recursion depth",
        )

    def test_zero_padded_term(self, run: Runner, tmp_path: Path) -> None:
        """A term padded with more zeros than int() reads: read as what it says, or refused
        in one line, never a traceback."""
        document = json.loads(to_json(AUXER_1999))
        document["term"] = "P" + "0" * 5000 + "3M"
        (tmp_path / "padded.json").write_text(json.dumps(document), encoding="utf-8")
        finished = run("--grant", "padded.json", "--on", "1999-08-02", cwd=tmp_path)
        if finished.returncode:
            assert_one_line(finished, "")
        else:
            assert "1999-10-01 (3 months after the grant date)" in finished.stdout

    def test_foreign_errors_refuse_the_file(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """Anything a reader lets escape becomes the file's refusal, its kind said when its
        message alone would not say it."""
        import auxer_option._contract as contract

        def broken(text: str, **_: object) -> object:
            raise KeyError(text)

        monkeypatch.setattr(contract, "grant_from_text", broken)
        (tmp_path / "clause.txt").write_text("x", encoding="utf-8")
        with pytest.raises(InvalidDataError) as refused:
            read_grant(str(tmp_path / "clause.txt"))
        assert refused.value.field == "--grant"
        assert refused.value.rule == f"{UNREADABLE}: KeyError: 'x'"
        assert isinstance(refused.value.__cause__, KeyError)

    @pytest.mark.parametrize(
        ("error", "reason"),
        [(ValueError(), "ValueError"), (KeyError(), "KeyError"), (OSError(), "OSError")],
    )
    def test_foreign_errors_without_a_message(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, error: Exception, reason: str
    ) -> None:
        """An error with no message of its own is named by its kind."""
        import auxer_option._contract as contract

        def broken(*_: object, **__: object) -> object:
            raise error

        monkeypatch.setattr(contract, "grant_from_text", broken)
        (tmp_path / "clause.txt").write_text("x", encoding="utf-8")
        with pytest.raises(InvalidDataError) as refused:
            read_grant(str(tmp_path / "clause.txt"))
        assert refused.value.rule == f"{UNREADABLE}: {reason}"

    def test_a_stream_without_an_encoding(self) -> None:
        """Output to a stream that names no encoding is written as UTF-8."""
        from auxer_option._cli import _write

        class Stream:
            def __init__(self) -> None:
                self.written: list[str] = []

            def write(self, text: str) -> None:
                self.written.append(text)

        stream = Stream()
        _write(stream, "caf\u00e9 \ud800")  # type: ignore[arg-type]
        assert stream.written == ["caf\u00e9 \\ud800"]

    def test_lone_surrogate_in_a_party(self, run: Runner, tmp_path: Path) -> None:
        """A party named with a lone surrogate (JSON can say "\\ud800") is shown escaped."""
        grant = OptionGrant("1999-07-01", 1_000, "0.13", term="3 months", grantor="\ud800")
        (tmp_path / "grant.json").write_text(json.dumps(json.loads(
            to_json(grant).encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass")
        )), encoding="utf-8")  # fmt: skip
        finished = run("--grant", "grant.json", "--on", "1999-08-02", cwd=tmp_path)
        assert finished.returncode == 0, finished.stderr
        assert finished.stdout.splitlines()[0] == "Option grant: \\ud800"
        as_json = run("--grant", "grant.json", "--on", "1999-08-02", "--json", cwd=tmp_path)
        assert json.loads(as_json.stdout)["grant"]["grantor"] == "\ud800"

    def test_more_digits_than_int_reads(self, run: Runner) -> None:
        assert_refused(
            run("--shares", "9" * 5000),
            f"argument --shares: '999999999999...' (5,000 digits) {TOO_MANY_SHARES}",
        )

    def test_leading_zeros_in_shares(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Zeros before the figures do not count, however many: 000...05 is 5 shares."""
        assert main(["--on", "1999-08-02", "--shares", "0" * 5000 + "5"]) == 0
        assert "USD 0.65 for 5 shares" in capsys.readouterr().out

    def test_control_characters_in_an_argument(self, run: Runner) -> None:
        """An argument that would move the cursor or recolour the terminal is quoted escaped."""
        assert_refused(
            run("--bogus", "\x1b[2J\u202eevil"),
            "unrecognized arguments: --bogus \\x1b[2J\\u202eevil",
        )

    def test_a_terminal_that_takes_only_ascii(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Where the terminal's encoding cannot hold a character, it is written escaped."""
        out, err = (io.TextIOWrapper(io.BytesIO(), encoding="ascii") for _ in range(2))
        monkeypatch.setattr(sys, "stdout", out)
        monkeypatch.setattr(sys, "stderr", err)
        assert main(["--on", "1999-08-02"]) == 0
        with pytest.raises(SystemExit):
            main(["--market-price", "\u00e9"])
        out.seek(0)
        err.seek(0)
        assert out.read().startswith("Option grant: The Auxer Group")
        assert err.read() == (
            f"python -m auxer_option: error: argument --market-price: '\\xe9' {NOT_PLAIN_NUMBER}\n"
        )

    @given(ANY_PARTY, ANY_PARTY)
    @example("\ud800", "A")
    @example("\u202eevil", "\x1b]0;title\x07")
    def test_any_party_names(self, grantor: str, grantee: str) -> None:
        """Whatever the parties' names hold, the text report shows them escaped, one line to
        each row, and any UTF-8 terminal can take it."""
        grant = OptionGrant(
            "1999-07-01", 1, "0.13", term="3 months", grantor=grantor, grantee=grantee
        )
        text = report(grant, dt.date(1999, 8, 2), shares=1)
        title, *rows = text.splitlines()
        assert len(rows) == 8
        assert ACTIVE.search(text.replace("\n", "")) is None
        assert read_back(title) == f"Option grant: {grantor} to {grantee}"
        assert title == shown(f"Option grant: {grantor} to {grantee}")
        text.encode("utf-8")


class TestVestingInTheReport:
    def test_more_than_vested(self, run: Runner, tmp_path: Path) -> None:
        """Asked for 20,000 shares of a grant with 16,000 vested: the report shows what has
        vested and costs only what can be exercised, saying so."""
        (tmp_path / "emp.json").write_text(to_json(EMPLOYEE), encoding="utf-8")
        finished = run(
            "--grant", "emp.json", "--on", "2025-06-01", "--shares", "20000", cwd=tmp_path
        )
        assert finished.returncode == 0, finished.stderr
        assert finished.stdout.splitlines()[-5:] == [
            "  Status on 2025-06-01  OPEN",
            "  Vested                16,000 of 48,000 granted",
            "  Exercisable           16,000 of 48,000 outstanding",
            "  Forfeited             0",
            (
                "  Exercise cost         USD 20,000.00 for 16,000 shares "
                "(20,000 shares asked; 16,000 exercisable on 2025-06-01)"
            ),
        ]
        as_json = run(
            "--grant", "emp.json", "--on", "2025-06-01", "--shares", "20000", "--json",
            cwd=tmp_path,
        )  # fmt: skip
        data = json.loads(as_json.stdout)
        assert (data["vested_shares"], data["exercisable_shares"], data["forfeited_shares"]) == (
            16_000,
            16_000,
            0,
        )
        assert data["exercise_cost"] == {
            "shares": 16_000,
            "amount": "20000.00",
            "requested": 20_000,
            "requested_amount": "25000.00",
        }

    def test_as_documented(self, run: Runner, tmp_path: Path) -> None:
        """The quick start shows this report word for word."""
        (tmp_path / "employee.json").write_text(to_json(EMPLOYEE), encoding="utf-8")
        quickstart = (ROOT / "docs" / "quickstart.md").read_text(encoding="utf-8")
        documented = re.search(
            r"```sh\npython -m auxer_option (--grant employee.json .*?)\n```\n\n```text\n(.*?)```",
            quickstart,
            re.DOTALL,
        )
        assert documented is not None
        finished = run(*documented.group(1).split(), cwd=tmp_path)
        assert finished.stdout == documented.group(2)

    def test_every_outstanding_share(self) -> None:
        """Without --shares, the cost is of what can be exercised, not of every share."""
        text = report(EMPLOYEE, dt.date(2025, 6, 1))
        assert text.endswith(
            "Exercise cost         USD 20,000.00 for 16,000 shares "
            "(48,000 outstanding; 16,000 exercisable on 2025-06-01)"
        )
        assert report(EMPLOYEE, dt.date(2028, 2, 1)).endswith(
            "Exercise cost         USD 60,000.00 for 48,000 shares"
        )

    def test_terminated(self) -> None:
        grant = terminate(EMPLOYEE, "2025-06-15", "VOLUNTARY_OTHER")
        data = report_data(grant, dt.date(2025, 7, 1))
        assert (data["vested_shares"], data["exercisable_shares"], data["forfeited_shares"]) == (
            16_000,
            16_000,
            32_000,
        )
        assert "  Forfeited             32,000" in report(grant, dt.date(2025, 7, 1)).splitlines()

    def test_intrinsic_value_of_every_outstanding_share(self) -> None:
        """Without shares asked, the intrinsic value is of every outstanding share."""
        data = report_data(AUXER_1999, dt.date(1999, 8, 2), Decimal("0.5"))
        assert data["intrinsic_value"] == {
            "market_price": "0.5",
            "shares": 1_000_000,
            "amount": "370000.00",
        }

    def test_on_a_day_before_later_records(self) -> None:
        """On a day before a split and an exercise, the figures of that day: the shares
        then outstanding, at the price then in force."""
        split = adjust_for_split(EMPLOYEE, "2:1", on="2025-07-01")
        grant, _ = exercise(split, 10_000, "2025-08-01")
        data = report_data(grant, dt.date(2025, 6, 1), Decimal(3))
        assert (data["outstanding_shares"], data["exercisable_shares"]) == (48_000, 16_000)
        assert data["last_exercise_date"] == "2034-01-31"
        assert data["exercise_cost"] == {
            "shares": 16_000,
            "amount": "20000.00",
            "requested": 48_000,
            "requested_amount": "60000.00",
        }
        assert data["intrinsic_value"] == {
            "market_price": "3",
            "shares": 48_000,
            "amount": "84000.00",
        }
        lines = report(grant, dt.date(2025, 6, 1)).splitlines()
        assert "  Exercisable           16,000 of 48,000 outstanding" in lines

    def test_fractional_vesting_in_json(self) -> None:
        assert report_data(FRACTIONAL_18, dt.date(2024, 2, 1))["vested_shares"] == "9/2"

    @given(vesting_grants(max_events=3), st.data())
    def test_never_offers_more_than_can_be_exercised(
        self, grant: OptionGrant, data: st.DataObject
    ) -> None:
        """On any day, the cost is of no more shares than can be exercised that day, and of
        every share asked when that many can be."""
        on = data.draw(st.dates(grant.grant_date, grant.expiration_date + dt.timedelta(days=30)))
        then = as_of(grant, on)  # the shares and the price of the day
        asked = data.draw(st.integers(0, then.outstanding_shares))
        facts = report_data(grant, on, shares=asked)
        cost = facts["exercise_cost"]
        assert isinstance(cost, dict)
        exercisable = exercisable_shares(grant, on)
        assert cost["shares"] == min(asked, exercisable)
        assert cost["amount"] == str(exercise_cost(then, cost["shares"]))
        text = report(grant, on, shares=asked)
        assert ("exercisable on" in text.splitlines()[-1]) == (asked > exercisable)


@pytest.fixture
def command(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Runner:
    """The command as ``main`` in this process: its exit status, stdout and stderr."""
    return in_process_runner(capsys, monkeypatch)


class TestMessages:
    """Each rule of the command's own, word for word, once: other tests use the constants."""

    def test_words(self) -> None:
        assert NOT_OCF == (
            "picks an option of an OCF transactions file, and --grant holds one grant"
        )
        assert NOT_TEXT == (
            "says how agreement text writes dates, and no --grant file is agreement text"
        )
        assert EMPTY_DIRECTORY == "is a directory with no .json file in it"
        assert NOT_JSON == "is not valid JSON"
        assert NO_GRANT == "holds no option grant that could be read"
        assert SEVERAL_GRANTS.format(count=2, ids="a, b") == (
            "holds 2 option grants: pick one with --security-id (a, b)"
        )
        assert NOT_AN_OPTION.format(ids=["a", "b"]) == "is not an option in the file: ['a', 'b']"
        assert MODEL_PAIR == "--volatility and --rate go together: a fair value needs both"
        assert MODEL_NEEDS_PRICE == "a fair value needs --market-price: the price of a share today"
        assert NEEDS_GRANT.format(flag="--order") == (
            "--order says how to read a --grant file, and none is given"
        )
        assert GRANT_TWO_WAYS.format(flags="--price") == (
            "--grant FILE and the grant's terms as flags (--price) are two ways to give a "
            "grant: use one"
        )
        assert GRANT_INCOMPLETE.format(missing="--price") == (
            "a grant from flags needs --grant-date, --granted-shares, --price, and --term or "
            "--expiration-date: --price missing"
        )
        assert ONE_OCF_FILE == (
            "--security-id picks an option of one OCF file: not with several files"
        )


class TestVersion:
    def test_version(self, command: Runner) -> None:
        """--version prints the installed version, from the package's metadata."""
        from importlib.metadata import version

        finished = command("--version")
        assert finished.returncode == 0
        assert finished.stdout == f"auxer-option {version('auxer-option')}\n"


class TestFlagsThatNeedAGrantFile:
    """A flag that modifies another is refused without it: none is silently ignored."""

    @pytest.mark.parametrize(
        ("arguments", "flag"),
        [
            (["--security-id", "opt-1"], "--security-id"),
            (["--order", "MDY"], "--order"),
            (["--grant-date", "2024-01-15", "--order", "DMY"], "--order"),
        ],
    )
    def test_without_grant(self, command: Runner, arguments: list[str], flag: str) -> None:
        """--security-id and --order say how to read a --grant file: without one, refused."""
        assert_refused(command(*arguments), NEEDS_GRANT.format(flag=flag))

    def test_security_id_of_a_file_of_one_grant(self, command: Runner, tmp_path: Path) -> None:
        """--security-id for the library's JSON or agreement text is refused, not ignored."""
        (tmp_path / "grant.json").write_text(to_json(AUXER_1999), encoding="utf-8")
        assert_refused(
            command("--grant", "grant.json", "--security-id", "a", cwd=tmp_path),
            f"--security-id='a': {NOT_OCF}",
        )
        assert_refused(
            command("--grant", str(AGREEMENT), "--security-id", "a"),
            f"--security-id='a': {NOT_OCF}",
        )

    def test_order_of_a_json_file(self, command: Runner, tmp_path: Path) -> None:
        """--order for a file that is not agreement text is refused, not ignored."""
        (tmp_path / "grant.json").write_text(to_json(AUXER_1999), encoding="utf-8")
        assert_refused(
            command("--grant", "grant.json", "--order", "MDY", cwd=tmp_path),
            f"--order='MDY': {NOT_TEXT}",
        )
        ocf = json.dumps(to_ocf(AUXER_1999, security_id="a", stakeholder_id="h"))
        (tmp_path / "ocf.json").write_text(ocf, encoding="utf-8")
        assert_refused(
            command("--grant", "ocf.json", "--order", "DMY", cwd=tmp_path),
            f"--order='DMY': {NOT_TEXT}",
        )

    def test_a_json_file_that_is_not_json(self, command: Runner, tmp_path: Path) -> None:
        """A file named .json is read as JSON, and refused as not valid JSON where it is
        not, with where the parser stopped: it was read as agreement text."""
        (tmp_path / "d").mkdir()
        (tmp_path / "d" / "a.json").write_text(to_json(AUXER_1999), encoding="utf-8")
        (tmp_path / "d" / "b.json").write_text("{not json", encoding="utf-8")
        (tmp_path / "c.JSON").write_text("{not json", encoding="utf-8")
        where = "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"
        assert_refused(
            command("--grant", "c.JSON", cwd=tmp_path), f"--grant='c.JSON': {NOT_JSON}: {where}"
        )
        finished = command("--grant", "d", "--json", "--on", "1999-08-01", cwd=tmp_path)
        assert finished.returncode == 2
        row = json.loads(finished.stdout.splitlines()[1])
        assert row["error"] == {
            "field": "--grant",
            "value": "'d/b.json'",
            "rule": f"{NOT_JSON}: {where}",
        }

    def test_order_in_a_batch_without_text(self, command: Runner, tmp_path: Path) -> None:
        """--order for a batch with no agreement text among its files is refused, as for
        one file, whatever else the files hold: it was silently ignored."""
        (tmp_path / "d").mkdir()
        (tmp_path / "d" / "a.json").write_text(to_json(AUXER_1999), encoding="utf-8")
        ocf = json.dumps(to_ocf(AUXER_1999, security_id="a", stakeholder_id="h"))
        (tmp_path / "ocf.json").write_text(ocf, encoding="utf-8")
        for files in (["d"], ["d/a.json", "ocf.json"], ["d", "missing.txt"]):
            assert_refused(
                command("--grant", *files, "--order", "MDY", "--on", "1999-08-01", cwd=tmp_path),
                f"--order='MDY': {NOT_TEXT}",
            )

    def test_order_in_a_batch_with_unreadable_text(self, command: Runner, tmp_path: Path) -> None:
        """A text file that holds no grant is still agreement text: --order is for it."""
        (tmp_path / "notes.txt").write_text("Nothing to see here.", encoding="utf-8")
        (tmp_path / "a.json").write_text(to_json(AUXER_1999), encoding="utf-8")
        finished = command(
            "--grant", "a.json", "notes.txt", "--order", "DMY", "--json", cwd=tmp_path
        )
        assert finished.returncode == 2
        rows = [json.loads(line) for line in finished.stdout.splitlines()]
        assert "error" not in rows[0]
        assert rows[1]["error"]["field"] == "text"

    def test_order_in_any_case(self, command: Runner, tmp_path: Path) -> None:
        """--order is read as the library reads a choice: mdy is MDY."""
        (tmp_path / "clause.txt").write_text(CLAUSE, encoding="utf-8")
        for order, day in (("mdy", "1999-01-07"), ("Dmy", "1999-07-01")):
            finished = command("--grant", "clause.txt", "--order", order, "--json", cwd=tmp_path)
            assert finished.returncode == 0, finished.stderr
            assert json.loads(finished.stdout)["grant"]["grant_date"] == day

    def test_security_id_in_a_batch(self, command: Runner, tmp_path: Path) -> None:
        """--security-id picks from one file: with several, refused."""
        assert_refused(
            command("--grant", "a.json", "b.json", "--security-id", "x", cwd=tmp_path),
            ONE_OCF_FILE,
        )


#: Twenty days: written plainly, longer than a message quotes.
DAYS = (dt.date(2024, 1, 1),) * 20


class TestPlainErrors:
    """The command writes a refused value plainly: ISO dates, plain digits, no reprs."""

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            (
                ["--on", "1999-06-30"],
                "--on=1999-06-30: " + BEFORE_THE_GRANT.format(grant_date="1999-07-01"),
            ),
            (
                ["--on", "1999-07-01", "--rate", "-2"],
                f"argument --rate: '-2' {input_range('risk_free_rate', -1, 1)}",
            ),
        ],
    )
    def test_a_flag_named_as_typed(
        self, command: Runner, arguments: list[str], message: str
    ) -> None:
        """A refused value from a flag names the flag, not the library's argument (on=,
        risk_free_rate=); one grant's fair value before its grant date is refused."""
        model = {"--market-price": "1", "--volatility": "0.5", "--rate": "0.05"}
        model.update(zip(arguments[::2], arguments[1::2], strict=True))
        finished = command(*[part for pair in model.items() for part in pair])
        assert_refused(finished, message)

    def test_a_day_after_expiry(self, command: Runner) -> None:
        """A fair value asked after the last day names the day in ISO 8601."""
        finished = command(
            "--on", "2030-01-01", "--market-price", "1", "--volatility", "1.5", "--rate", "0.05"
        )
        assert_refused(finished, "--on=2030-01-01: " + AFTER_THE_LAST_DAY.format(last="1999-10-01"))

    @pytest.mark.parametrize(
        ("value", "written"),
        [
            (dt.date(2030, 1, 1), "2030-01-01"),
            (dt.datetime(2030, 1, 1, 17, 0, tzinfo=dt.UTC), "2030-01-01T17:00:00+00:00"),
            (dt.time(17, 0), "17:00:00"),
            (Decimal("1.5"), "1.5"),
            (Decimal("1E-7"), "0.0000001"),
            (Decimal("1E+3"), "1000"),
            (Decimal("NaN"), "NaN"),
            (Fraction(9, 2), "9/2"),
            (12, "12"),
            (True, "True"),
            (None, "None"),
            ("text", "'text'"),
            ((dt.date(2024, 1, 1), 1), "(2024-01-01, 1)"),
            ([Decimal("0.5"), "a"], "[0.5, 'a']"),
            ((((dt.date(2024, 1, 1),),),), "(((datetime.date(2024, 1, 1),)))"),
            (tuple(range(21)), repr(tuple(range(21)))),
            (DAYS, f"{repr(DAYS)[:200]}...({len(repr(DAYS))} characters)"),
            ((Decimal(1),) * 20, "(" + ", ".join(["1"] * 20) + ")"),
            ((Decimal("1" * 198),), "(" + "1" * 198 + ")"),
            ({"a": 1}, "{'a': 1}"),
            pytest.param(10**5000, "<an int of about 5,001 digits>", id="5,000 digits"),
        ],
    )
    def test_values(self, value: object, written: str) -> None:
        """Each kind of value as the command writes it: a tuple or list two levels deep."""
        assert _plainly(value) == written

    def test_long_values_are_cut(self) -> None:
        """A value longer than 200 characters is cut, saying how long it was."""
        said = _said(InvalidDataError("--grant", "x" * 300, "is too long"))
        assert said == f"--grant='{'x' * 199}...(302 characters): is too long"

    @given(st.dates() | st.decimals(allow_nan=False) | st.fractions() | st.integers())
    def test_never_a_repr(self, value: object) -> None:
        """No date, number or fraction is written as a Python repr."""
        written = _said(OptionError("field", value, "rule"))
        assert "datetime" not in written
        assert "Decimal" not in written
        assert "Fraction" not in written


def valuation_rule(flag: str, text: str) -> str:
    """The rule the valuation refuses ``text`` by, given as the flag's input."""
    model = {"volatility": "1", "risk_free_rate": "0.05"}
    model[{"--volatility": "volatility", "--rate": "risk_free_rate"}[flag]] = text
    with pytest.raises(OptionError) as excinfo:
        fair_value(AUXER_1999, on="1999-07-01", spot="0.13", **model)
    return excinfo.value.rule


#: Model inputs the valuation refuses: not numbers, not finite, out of range, too long.
BAD_MODEL_INPUTS = [
    ("--volatility", "abc"),
    ("--volatility", "nan"),
    ("--volatility", "45"),
    ("--volatility", "-0.5"),
    ("--volatility", "-1E-400"),
    ("--volatility", "0." + "0" * 1_100 + "1"),
    ("--rate", "abc"),
    ("--rate", "Infinity"),
    ("--rate", "2"),
]


class TestModelFlags:
    """--volatility and --rate are read and checked once for the run, as the valuation would."""

    @pytest.mark.parametrize(("flag", "text"), BAD_MODEL_INPUTS)
    def test_refused_once(self, command: Runner, flag: str, text: str) -> None:
        """A value the valuation refuses is refused as argparse refuses a bad value, by the
        valuation's own rule, before any grant is read."""
        model = {"--market-price": "0.13", "--volatility": "1", "--rate": "0.05", flag: text}
        # With "=": argparse takes -1E-400 alone for a flag, not a number.
        arguments = [f"{name}={value}" for name, value in model.items()]
        finished = command("--on", "1999-07-01", *arguments)
        assert_refused(finished, f"argument {flag}: {text!r} {valuation_rule(flag, text)}")

    @pytest.mark.parametrize(("flag", "text"), BAD_MODEL_INPUTS[:1] + BAD_MODEL_INPUTS[-1:])
    def test_refused_once_for_a_batch(
        self, command: Runner, tmp_path: Path, flag: str, text: str
    ) -> None:
        """In a batch, a bad value is one refusal, not a row marked ERROR for each grant it
        is used for beside rows for those it is not (was: a normal row, then an ERROR row)."""
        later = OptionGrant("2000-01-01", 1_000, "1", term="1 year")
        (tmp_path / "a.json").write_text(to_json(later), encoding="utf-8")
        (tmp_path / "b.json").write_text(to_json(AUXER_1999), encoding="utf-8")
        model = {"--market-price": "0.13", "--volatility": "1", "--rate": "0.05", flag: text}
        arguments = [f"{name}={value}" for name, value in model.items()]
        finished = command(
            "--grant", "a.json", "b.json", "--on", "1999-07-01", *arguments, cwd=tmp_path
        )
        assert_refused(finished, f"argument {flag}: {text!r} {valuation_rule(flag, text)}")

    def test_read_as_the_valuation_reads_them(self, command: Runner) -> None:
        """A value the valuation takes is taken, as it writes it: -0 is 0, 1E-1 is 0.1."""
        model = ("--market-price", "0.13", "--volatility", "1E-1", "--rate", "-0")
        finished = command("--on", "1999-07-01", *model, "--json")
        assert finished.returncode == 0, finished.stderr
        data = json.loads(finished.stdout)["fair_value"]
        expected = fair_value(
            AUXER_1999, on="1999-07-01", spot="0.13", volatility="0.1", risk_free_rate="0"
        )
        assert data == to_dict(expected)


class TestFairValueText:
    def test_per_share_rounded_total_to_the_cent(self, command: Runner) -> None:
        """The text gives the total to the cent and a share to four significant digits,
        saying "about"; the JSON keeps the exact figure."""
        arguments = ["--on", "1999-07-01", "--market-price", "0.50", "--volatility", "1.5"]
        finished = command(*arguments, "--rate", "0.05")
        assert (
            "  Fair value            USD 374,172.82 for 1,000,000 shares (about USD 0.3742 a share)"
        ) in finished.stdout.splitlines()
        data = json.loads(command(*arguments, "--rate", "0.05", "--json").stdout)
        assert data["fair_value"]["value"] == "0.3741728163015"
        assert data["fair_value"]["total"] == "374172.82"

    def test_an_exact_figure_is_not_about(self) -> None:
        """A value a share with no more than four significant digits is shown as it is."""
        import attrs

        from auxer_option._cli import _fair_value_rows

        valuation = attrs.evolve(
            fair_value(
                AUXER_1999, on="1999-07-01", spot="0.5", volatility="1", risk_free_rate="0.05"
            ),
            value=Decimal("0.25"),
            total=Decimal("250000.00"),
        )
        rows = _fair_value_rows(AUXER_1999, dt.date(1999, 7, 1), valuation)
        assert rows[0] == ("Fair value", "USD 250,000.00 for 1,000,000 shares (USD 0.25 a share)")


#: The flags of a four-year employee grant, granted 2024-01-15.
GRANT_FLAGS = (
    "--grant-date", "2024-01-15", "--granted-shares", "48000", "--price", "1.25",
    "--term", "10 years", "--vesting", "48 months, 12-month cliff",
)  # fmt: skip


#: How a grant from flags missing its end says so.
EITHER = "--term or --expiration-date"


class TestGrantFromFlags:
    def test_the_employee_grant(self, command: Runner) -> None:
        """A grant stated by flags is reported as the same grant from a file is."""
        finished = command(*GRANT_FLAGS, "--on", "2025-06-01")
        assert finished.returncode == 0, finished.stderr
        schedule = VestingSchedule.graded("2024-01-15", months=48, cliff=12)
        grant = OptionGrant("2024-01-15", 48_000, "1.25", term="10 years", vesting=schedule)
        assert finished.stdout == report(grant, dt.date(2025, 6, 1)) + "\n"
        assert "  Vested                16,000 of 48,000 granted" in finished.stdout

    def test_as_json(self, command: Runner) -> None:
        finished = command(*GRANT_FLAGS, "--on", "2025-06-01", "--json")
        data = json.loads(finished.stdout)
        grant = from_dict(data["grant"], expect=OptionGrant)
        assert (grant.grant_date, grant.shares, grant.exercise_price) == (
            dt.date(2024, 1, 15),
            48_000,
            Decimal("1.25"),
        )
        assert data["vested_shares"] == 16_000

    def test_expiration_date_and_currency(self, command: Runner) -> None:
        """--expiration-date instead of --term; --currency for the price; vesting at once."""
        finished = command(
            "--grant-date", "2024-01-15", "--granted-shares", "100", "--price", "300",
            "--expiration-date", "2029-01-15", "--currency", "jpy", "--on", "2025-01-01",
        )  # fmt: skip
        assert finished.returncode == 0, finished.stderr
        assert "  Exercise price        JPY 300 a share" in finished.stdout
        assert "  Last day to exercise  2029-01-15" in finished.stdout
        assert "Vested" not in finished.stdout

    def test_term_and_expiration_that_agree(self, command: Runner) -> None:
        finished = command(*GRANT_FLAGS, "--expiration-date", "2034-01-15", "--on", "2025-01-01")
        assert finished.returncode == 0, finished.stderr

    @pytest.mark.parametrize(
        ("arguments", "missing"),
        [
            (["--grant-date", "2024-01-15"], f"--granted-shares, --price, {EITHER}"),
            (["--vesting", "48 months"], f"--grant-date, --granted-shares, --price, {EITHER}"),
            (["--price", "1", "--granted-shares", "5", "--term", "1 year"], "--grant-date"),
            (["--grant-date", "2024-01-15", "--price", "1", "--granted-shares", "5"], EITHER),
        ],
    )
    def test_incomplete(self, command: Runner, arguments: list[str], missing: str) -> None:
        """A grant from flags names what it still needs."""
        assert_refused(command(*arguments), GRANT_INCOMPLETE.format(missing=missing))

    def test_with_a_grant_file(self, command: Runner) -> None:
        """--grant FILE and grant flags together are refused, naming the flags."""
        assert_refused(
            command("--grant", "x.json", "--price", "1", "--currency", "EUR"),
            GRANT_TWO_WAYS.format(flags="--price, --currency"),
        )

    @pytest.mark.parametrize(
        ("flag", "text", "rule"),
        [
            ("--grant-date", "15/01/2024", NOT_ISO_DATE),
            ("--granted-shares", "1.5", NOT_WHOLE_SHARES),
            ("--price", "$1.25", NOT_PLAIN_NUMBER),
            ("--expiration-date", "2034-02-30", NOT_A_CALENDAR_DATE),
            ("--currency", "XYZ", UNKNOWN_CURRENCY),
            ("--term", "a decade", rule_of(lambda: Term.parse("a decade"))),
        ],
    )
    def test_bad_values(self, command: Runner, flag: str, text: str, rule: str) -> None:
        """Each grant flag reads its value as the library does, refused as argparse says."""
        assert_refused(command(flag, text), f"argument {flag}: {text!r} {rule}")

    def test_bad_vesting(self, command: Runner) -> None:
        """--vesting that cannot be read, or cannot vest, is refused, quoting it."""
        flags = GRANT_FLAGS[:-1]
        assert_refused(command(*flags, "soon"), f"argument --vesting: 'soon' {UNREADABLE_VESTING}")
        late = CLIFF_AFTER_LENGTH.format(cliff="60-month cliff", length="48 months")
        assert_refused(  # in the text's words: it said (cliff=60: ...), never typed
            command(*flags, "48 months, 60-month cliff"),
            f"argument --vesting: '48 months, 60-month cliff' {late}",
        )
        pasted = "48 months, 12-month cliff\n"  # a line break of pasted text is a space
        assert command(*flags, pasted, "--on", "2025-06-01").returncode == 0

    def test_grant_refused(self, command: Runner) -> None:
        """A grant the terms cannot make is refused as the library refuses it, plainly."""
        finished = command(
            "--grant-date", "2024-01-15", "--granted-shares", "100", "--price", "1",
            "--expiration-date", "2020-01-01",
        )  # fmt: skip
        rule = BEFORE_GRANT_DATE.format(grant_date="2024-01-15")
        assert_refused(finished, f"--expiration-date=2020-01-01: {rule}")

    def test_a_vesting_installment_too_late(self, command: Runner) -> None:
        """The vesting starts on --grant-date, named as typed, not as the schedule's start."""
        finished = command(
            "--grant-date", "9998-01-15", "--granted-shares", "100", "--price", "1",
            "--expiration-date", "9999-12-31", "--vesting", "48 months",
        )  # fmt: skip
        assert_refused(
            finished, "--grant-date=9998-01-15: " + INSTALLMENT_TOO_LATE.format(months=24)
        )

    def test_a_field_of_no_flag(self) -> None:
        """A refusal naming no value a flag gave is passed on as it is."""
        error = InvalidDataError("total", 1, "a rule")
        assert _flagged(error) is error
        flagged = _flagged(InvalidDataError("on", dt.date(2024, 1, 1), "a rule"))
        assert (type(flagged), flagged.field, flagged.rule) == (InvalidDataError, "--on", "a rule")


def write_grants(folder: Path) -> None:
    """A directory of grants: the library's JSON, an OCF file of two, and two that fail."""
    folder.mkdir()
    (folder / "auxer.json").write_text(to_json(AUXER_1999), encoding="utf-8")
    (folder / "employee.json").write_text(to_json(EMPLOYEE), encoding="utf-8")
    items = to_ocf(EMPLOYEE, security_id="opt-2", stakeholder_id="h")
    items += to_ocf(AUXER_1999, security_id="opt-1", stakeholder_id="h")
    (folder / "cap-table.json").write_text(json.dumps(items), encoding="utf-8")
    (folder / "term.json").write_text(to_json(Term(months=3)), encoding="utf-8")
    # Not read: not .json, hidden, or a directory.
    (folder / "notes.txt").write_text("Nothing here.", encoding="utf-8")
    (folder / ".hidden.json").write_text("{", encoding="utf-8")
    (folder / "inner.json").mkdir()


class TestBatch:
    """Several files, or a directory: one row per grant, every row even when some fail."""

    def test_a_directory(self, command: Runner, tmp_path: Path) -> None:
        """Every .json file of a directory, by name; one row per option of an OCF file, in
        the file's order; a file that fails is a row marked ERROR, its error on stderr, and
        the status is 2."""
        write_grants(tmp_path / "grants")
        finished = command("--grant", "grants", "--on", "2025-06-01", cwd=tmp_path)
        assert finished.returncode == 2
        assert finished.stdout.splitlines() == [
            "5 grants on 2025-06-01",
            "  File                   Option   Status    Last day    Granted  Outstanding     Vested  Exercisable  Forfeited  Exercise cost",  # noqa: E501
            "  grants/auxer.json              EXPIRED  1999-10-01  1,000,000    1,000,000  1,000,000            0          0       USD 0.00",  # noqa: E501
            "  grants/cap-table.json   opt-2     OPEN  2034-01-31     48,000       48,000     16,000       16,000          0  USD 20,000.00",  # noqa: E501
            "  grants/cap-table.json   opt-1  EXPIRED  1999-10-01  1,000,000    1,000,000  1,000,000            0          0       USD 0.00",  # noqa: E501
            "  grants/employee.json              OPEN  2034-01-31     48,000       48,000     16,000       16,000          0  USD 20,000.00",  # noqa: E501
            "  grants/term.json                 ERROR",
        ]  # fmt: skip
        not_a_grant = NOT_EXPECTED.format(expected="OptionGrant")
        assert finished.stderr == (
            f"python -m auxer_option: error: grants/term.json: type='Term': {not_a_grant}\n"
        )

    def test_json_lines(self, command: Runner, tmp_path: Path) -> None:
        """With --json, one JSON object a line: the report of each grant, or its error."""
        write_grants(tmp_path / "grants")
        finished = command("--grant", "grants", "--on", "2025-06-01", "--json", cwd=tmp_path)
        assert finished.returncode == 2
        rows = [json.loads(line) for line in finished.stdout.splitlines()]
        assert [(row["file"], row["security_id"]) for row in rows] == [
            ("grants/auxer.json", None),
            ("grants/cap-table.json", "opt-2"),
            ("grants/cap-table.json", "opt-1"),
            ("grants/employee.json", None),
            ("grants/term.json", None),
        ]
        employee = rows[3]
        assert from_dict(employee["grant"]) == EMPLOYEE
        assert employee == {
            "file": "grants/employee.json",
            "security_id": None,
            **report_data(EMPLOYEE, dt.date(2025, 6, 1)),
        }
        assert rows[4]["error"] == {
            "field": "type",
            "value": "'Term'",
            "rule": NOT_EXPECTED.format(expected="OptionGrant"),
        }

    def test_files_in_the_order_given(self, command: Runner, tmp_path: Path) -> None:
        """Files named are read in the order named, a directory among them in its place;
        every row read, the status is 0."""
        write_grants(tmp_path / "grants")
        (tmp_path / "more").mkdir()
        (tmp_path / "more" / "b.json").write_text(to_json(EMPLOYEE), encoding="utf-8")
        finished = command(
            "--grant", "grants/employee.json", "more", "grants/auxer.json", "--on", "2025-06-01",
            "--json", cwd=tmp_path,
        )  # fmt: skip
        assert finished.returncode == 0, finished.stderr
        files = [json.loads(line)["file"] for line in finished.stdout.splitlines()]
        assert files == ["grants/employee.json", "more/b.json", "grants/auxer.json"]

    def test_one_grant_is_a_table_of_one(self, command: Runner, tmp_path: Path) -> None:
        """A directory of one grant is still a batch: a table of one row."""
        (tmp_path / "one").mkdir()
        (tmp_path / "one" / "a.json").write_text(to_json(AUXER_1999), encoding="utf-8")
        finished = command("--grant", "one", "--on", "1999-08-02", cwd=tmp_path)
        assert finished.returncode == 0
        assert finished.stdout.splitlines()[0] == "1 grant on 1999-08-02"
        assert finished.stdout.splitlines()[2].startswith("  one/a.json")

    def test_missing_and_empty(self, command: Runner, tmp_path: Path) -> None:
        """A file that is not there and a directory with no .json file are error rows."""
        (tmp_path / "empty").mkdir()
        (tmp_path / "a.json").write_text(to_json(AUXER_1999), encoding="utf-8")
        finished = command(
            "--grant", "empty", "missing.json", "a.json", "--json", "--on", "1999-08-02",
            cwd=tmp_path,
        )  # fmt: skip
        assert finished.returncode == 2
        rows = [json.loads(line) for line in finished.stdout.splitlines()]
        assert [row["file"] for row in rows] == ["empty", "missing.json", "a.json"]
        errors = [row["error"] for row in rows[:2]]
        assert errors[0] == {"field": "--grant", "value": "'empty'", "rule": EMPTY_DIRECTORY}
        assert errors[1]["rule"].startswith(f"{UNREADABLE}: [Errno 2]")
        assert rows[2]["status"] == "OPEN"
        assert finished.stderr.splitlines()[0] == (
            f"python -m auxer_option: error: empty: --grant='empty': {EMPTY_DIRECTORY}"
        )

    def test_an_ocf_item_that_cannot_be_read(self, command: Runner, tmp_path: Path) -> None:
        """An OCF option or exercise that cannot be read is an error row of its own, named
        by its id, beside the grants of the file."""
        grant, _ = exercise(AUXER_1999, 250_000, "1999-08-02")
        items = to_ocf(grant, security_id="a", stakeholder_id="h")
        items[1]["quantity"] = "2000000"
        (tmp_path / "a.json").write_text(json.dumps(items), encoding="utf-8")
        stock = [{"object_type": "TX_STOCK_ISSUANCE", "id": "s1"}]
        (tmp_path / "stock.json").write_text(json.dumps(stock), encoding="utf-8")
        finished = command(
            "--grant", "a.json", "stock.json", "--on", "1999-08-02", "--json", cwd=tmp_path
        )
        rows = [json.loads(line) for line in finished.stdout.splitlines()]
        assert [(row["security_id"], "error" in row) for row in rows] == [
            ("a", False),
            ("a-exercise-1", True),
            (None, True),
        ]
        assert rows[1]["error"]["field"] == "items[1]"
        assert rows[1]["error"]["rule"].startswith("cannot be recorded: shares=2000000")
        assert rows[2]["file"] == "stock.json"
        assert rows[2]["error"] == {
            "field": "--grant",
            "value": "'stock.json'",
            "rule": NO_GRANT,
        }
        assert finished.stderr.splitlines()[0].startswith(
            "python -m auxer_option: error: a.json a-exercise-1: items[1]='a-exercise-1': "
        )

    def test_market_price_shares_and_fair_value(self, command: Runner, tmp_path: Path) -> None:
        """The price, the shares and the model apply to each grant; a grant past its last
        day has no fair value (-, null), and more shares than a grant holds is its error."""
        write_grants(tmp_path / "grants")
        (tmp_path / "grants" / "term.json").unlink()
        arguments = (
            "--grant", "grants/auxer.json", "grants/employee.json", "--on", "2025-06-01",
            "--market-price", "3", "--volatility", "0.5", "--rate", "0.04",
        )  # fmt: skip
        finished = command(*arguments, cwd=tmp_path)
        assert finished.returncode == 0, finished.stderr
        lines = finished.stdout.splitlines()
        assert lines[0] == "2 grants on 2025-06-01 at a market price of 3"
        assert lines[1].endswith("Exercise cost   Intrinsic value      Fair value")
        assert lines[2].endswith("USD 0.00  USD 2,870,000.00               -")
        valuation = fair_value(
            EMPLOYEE, on="2025-06-01", spot="3", volatility="0.5", risk_free_rate="0.04"
        )
        assert lines[3].endswith(f"USD 84,000.00  USD {valuation.total:,}")
        rows = [
            json.loads(line)
            for line in command(*arguments, "--json", cwd=tmp_path).stdout.splitlines()
        ]
        assert rows[0]["fair_value"] is None
        assert rows[1]["fair_value"] == to_dict(valuation)
        too_many = command(*arguments, "--shares", "50000", "--json", cwd=tmp_path)
        assert too_many.returncode == 2
        refused_row = json.loads(too_many.stdout.splitlines()[1])
        assert refused_row["error"]["field"] == "--shares"
        assert refused_row["error"]["rule"] == MORE_THAN_OUTSTANDING.format(
            outstanding=48_000, granted=48_000
        )

    def test_order_for_the_text_files(self, command: Runner, tmp_path: Path) -> None:
        """--order reads the all-figures dates of the agreement texts of a batch."""
        (tmp_path / "clause.txt").write_text(CLAUSE, encoding="utf-8")
        (tmp_path / "a.json").write_text(to_json(AUXER_1999), encoding="utf-8")
        arguments = ("--grant", "clause.txt", "a.json", "--json", "--on", "2000-01-01")
        finished = command(*arguments, "--order", "DMY", cwd=tmp_path)
        assert finished.returncode == 0, finished.stderr
        grant = from_dict(json.loads(finished.stdout.splitlines()[0])["grant"], expect=OptionGrant)
        assert grant.grant_date == dt.date(1999, 7, 1)
        assert command(*arguments, cwd=tmp_path).returncode == 2  # the date is ambiguous

    def test_shares_and_market_price_in_the_table(self, command: Runner, tmp_path: Path) -> None:
        """--shares and --market-price apply to each row of the table; a grant with fewer
        shares than asked is an error row, as wide as the others."""
        small = OptionGrant("1999-07-01", 50_000, "0.20", term="1 year")
        (tmp_path / "a.json").write_text(to_json(AUXER_1999), encoding="utf-8")
        (tmp_path / "b.json").write_text(to_json(small), encoding="utf-8")
        finished = command(
            "--grant", "a.json", "b.json", "--on", "1999-08-02", "--shares", "100000",
            "--market-price", "0.50", "--volatility", "1", "--rate", "0.05", cwd=tmp_path,
        )  # fmt: skip
        assert finished.returncode == 2
        model = {"spot": "0.50", "volatility": "1", "risk_free_rate": "0.05"}
        total = fair_value(AUXER_1999, on="1999-08-02", **model).total
        value = f"USD {total:,}"
        # Last day, granted, outstanding, vested, exercisable, forfeited, cost, intrinsic value.
        cells = "1999-10-01  1,000,000    1,000,000  1,000,000    1,000,000          0"
        row = f"{cells}  USD 13,000.00    USD 37,000.00 "
        assert finished.stdout.splitlines()[2:] == [
            f"  a.json            OPEN  {row} {value}",
            "  b.json           ERROR",
        ]
        assert finished.stderr.startswith(
            "python -m auxer_option: error: b.json: --shares=100000: "
        )

    def test_json_rows_carry_what_was_asked(self, command: Runner, tmp_path: Path) -> None:
        """Each JSON row is the one-grant report of the same flags: the shares asked, the
        intrinsic value at the price (of every outstanding share, when none are asked)."""
        (tmp_path / "a.json").write_text(to_json(AUXER_1999), encoding="utf-8")
        (tmp_path / "b.json").write_text(to_json(FRACTIONAL_18), encoding="utf-8")
        for shares in ((), ("--shares", "9")):
            finished = command(
                "--grant", "a.json", "b.json", "--on", "2024-02-01", "--market-price", "3",
                "--json", *shares, cwd=tmp_path,
            )  # fmt: skip
            rows = [json.loads(line) for line in finished.stdout.splitlines()]
            asked = int(shares[1]) if shares else None
            for row, grant in zip(rows, (AUXER_1999, FRACTIONAL_18), strict=True):
                expected = report_data(grant, dt.date(2024, 2, 1), Decimal(3), shares=asked)
                assert row == {"file": row["file"], "security_id": None, **expected}
        assert rows[1]["vested_shares"] == "9/2"

    def test_fractional_vested_shares(self, command: Runner, tmp_path: Path) -> None:
        """Under FRACTIONAL allocation the vested shares may be a fraction: 9/2."""
        (tmp_path / "b.json").write_text(to_json(FRACTIONAL_18), encoding="utf-8")
        finished = command("--grant", "b.json", "b.json", "--on", "2024-02-01", cwd=tmp_path)
        assert finished.stdout.splitlines()[2].split()[5] == "9/2"

    def test_a_fair_value_on_the_last_day(self, command: Runner, tmp_path: Path) -> None:
        """On the grant date and the last day the grant has a fair value; the day before
        and the day after, none: a fact of the grant (null, and -), not an error."""
        (tmp_path / "a.json").write_text(to_json(AUXER_1999), encoding="utf-8")
        model = ("--market-price", "0.5", "--volatility", "1", "--rate", "0.05")
        days = [
            ("1999-06-30", False),  # was a row marked ERROR: before the grant date
            ("1999-07-01", True),
            ("1999-10-01", True),
            ("1999-10-02", False),
        ]
        for day, valued in days:
            arguments = ("--grant", "a.json", "a.json", "--on", day, *model)
            finished = command(*arguments, "--json", cwd=tmp_path)
            assert (finished.returncode, finished.stderr) == (0, "")
            row = json.loads(finished.stdout.splitlines()[0])
            assert (row["fair_value"] is not None) == valued
            table = command(*arguments, cwd=tmp_path)
            assert table.returncode == 0
            assert (table.stdout.splitlines()[2].split()[-1] == "-") == (not valued)

    def test_agreement_text_among_the_files(self, command: Runner, tmp_path: Path) -> None:
        """A text file named in a batch is read as agreement text, with --order."""
        write_grants(tmp_path / "grants")
        finished = command(
            "--grant", str(AGREEMENT), "grants/auxer.json", "--order", "MDY", "--json",
            "--on", "1999-08-02", cwd=tmp_path,
        )  # fmt: skip
        assert finished.returncode == 0, finished.stderr
        rows = [json.loads(line) for line in finished.stdout.splitlines()]
        assert from_dict(rows[0]["grant"]) == from_dict(rows[1]["grant"]) == AUXER_1999

    def test_escaped_names(self, command: Runner, tmp_path: Path) -> None:
        """A file or option id that would act on a terminal is shown escaped in the table."""
        (tmp_path / "x\u202e").mkdir()
        (tmp_path / "x\u202e" / "a.json").write_text(to_json(AUXER_1999), encoding="utf-8")
        finished = command("--grant", "x\u202e", "--on", "1999-08-02", cwd=tmp_path)
        assert "\u202e" not in finished.stdout
        assert "x\\u202e/a.json" in finished.stdout

    def test_subprocess(self, tmp_path: Path) -> None:
        """The real command over a directory: rows on stdout, errors on stderr, status 2."""
        write_grants(tmp_path / "grants")
        finished = subprocess.run(
            [sys.executable, "-m", "auxer_option", "--grant", "grants", "--on", "2025-06-01"],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
        )
        assert finished.returncode == 2
        assert len(finished.stdout.splitlines()) == 7
        assert finished.stderr.startswith("python -m auxer_option: error: grants/term.json: ")


# The words of a command line: each flag, and values that fit some flag and not others.
FLAGS = [
    "--on", "--market-price", "--grant", "--security-id", "--order", "--shares", "--volatility",
    "--rate", "--json", "--grant-date", "--granted-shares", "--price", "--term",
    "--expiration-date", "--currency", "--vesting",
]  # fmt: skip
VALUES = [
    "2025-06-01", "1999-07-01", "0.50", "3", "48000", "0", "-1", "1e999", "10 years", "P3M",
    "48 months, 12-month cliff", "immediate", "USD", "JPY", "MDY", "adv-1", "0.4", "0.05",
    str(ROOT / "docs" / "grants"), str(ROOT / "docs" / "grants" / "employee.json"),
    str(ROOT / "docs" / "grants" / "cap-table.ocf.json"), str(AGREEMENT), "missing.json", "",
]  # fmt: skip


class TestAnyCommandLine:
    @given(st.lists(st.sampled_from(FLAGS) | st.sampled_from(VALUES), max_size=12))
    @example(["--grant", str(ROOT / "docs" / "grants"), "--shares", "0", "--json"])
    def test_an_answer_or_a_refusal(self, arguments: list[str]) -> None:
        """Whatever the command line, the command answers (status 0) or refuses (status 2,
        one line a refusal on stderr): nothing else escapes."""
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status = main(arguments)
        except SystemExit as exited:
            status = exited.code  # type: ignore[assignment]
        assert status in {0, 2}
        if status == 0:
            assert err.getvalue() == ""
        else:
            lines = err.getvalue().splitlines()
            assert lines
            assert all(line.startswith("python -m auxer_option: error: ") for line in lines)
