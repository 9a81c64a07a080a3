"""``python -m auxer_option`` (``_cli`` and ``__main__``)."""

from __future__ import annotations

import datetime as dt
import runpy
import subprocess
import sys

import pytest

from auxer_option._cli import main


class TestReport:
    def test_default_is_today(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --on, the status is reported for today."""
        assert main([]) == 0
        output = capsys.readouterr().out
        assert f"Status on {dt.date.today()}  EXPIRED" in output  # noqa: DTZ011
        assert "Last day to exercise  1999-10-01" in output
        assert "USD 130,000.00 for 1,000,000 shares" in output

    def test_on_and_market_price(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--on and --market-price add the status and the intrinsic value."""
        assert main(["--on", "1999-08-02", "--market-price", "0.5"]) == 0
        output = capsys.readouterr().out
        assert "Status on 1999-08-02  OPEN" in output
        assert "USD 370,000.00 at USD 0.50 a share (USD 0.37 a share above" in output

    def test_cutoff_line(self) -> None:
        """A grant with a cutoff shows the time and zone on its last day."""
        from auxer_option import OptionGrant
        from auxer_option._cli import report

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
        from auxer_option._cli import report

        grant = OptionGrant("1999-07-01", 1, "1", expiration_date="1999-10-01")
        text = report(grant, dt.date(1999, 7, 1))
        assert text.splitlines()[0] == "Option grant"
        assert "Expiration            1999-10-01\n" in text

    def test_adjusted_grant(self) -> None:
        """After splits, the report gives the terms in force and says they were adjusted."""
        from auxer_option import AUXER_1999, adjust_for_split
        from auxer_option._cli import report

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

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            (["--on", "1999-02-30"], "'1999-02-30' is not a calendar date"),
            (["--on", "yesterday"], "ISO 8601"),
            (["--market-price", "$0.50"], "plain ASCII number"),
            (["--market-price", "-1"], "must not be negative"),
            (["--bogus"], "unrecognized arguments: --bogus"),
        ],
    )
    def test_bad_flags(
        self, arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Bad flags exit 2 with one line on stderr and no traceback."""
        with pytest.raises(SystemExit) as exited:
            main(arguments)
        assert exited.value.code == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.count("\n") == 1
        assert message in captured.err
        assert "Traceback" not in captured.err


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
