"""The benchmark script runs and prints every row (its figures are read, not asserted)."""

from __future__ import annotations

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
    assert len(lines) == 11
    assert all(" µs " in line for line in lines[1:7])
    assert " ms " in lines[7]
    assert " B " in lines[8]
    assert lines[9].startswith("build, cost and value 1,000 grants")
