"""The benchmark script runs and prints every row (its figures are read, not asserted)."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


def test_quick_run_prints_every_row() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick"], capture_output=True, text=True, check=True
    )
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["case", "library", "floor", "ratio", "target"]
    cases = runpy.run_path(str(SCRIPT))["CASES"]
    rows = lines[1 : 1 + len(cases)]
    assert [row[: len(case.name)] for row, case in zip(rows, cases, strict=True)] == [
        case.name for case in cases
    ]
    assert all(" µs " in row for row in rows)
    imported, memory, *scaling, ocf = lines[1 + len(cases) :]
    assert imported.startswith("import auxer_option")
    assert " ms " in imported
    assert memory.startswith("memory per grant")
    assert " B " in memory
    assert [row.startswith("build, cost and value") for row in scaling] == [True, True]
    assert ocf.startswith("from_ocf 1,000 issuances vs json.loads")
    assert " s " in ocf
