"""The mutation score: how many deliberate bugs in ``src/`` the tests catch.

    python quality/mutation.py                         # every mutant: hours on two cores
    python quality/mutation.py "auxer_option._money*"  # one module's mutants
    python quality/mutation.py --report                # the score of what has been run

mutmut (configured in pyproject.toml) copies the project into ``mutants/``, changes one
thing at a time inside a function (an operator, a constant, an argument), and reruns the
tests that reach it. A mutant is *killed* when a test fails. ``mutmut run`` exits 0 even
when mutants survive, so this script reads its summary and prints the score: killed over
the mutants run, timeouts and suspicious results not counted as kills. Survivors are then
compared with the equivalent mutants that docs/quality.md lists, one backquoted name each,
with the reason no test can tell them apart; any other survivor is printed, and the exit
status is 1 while any is left or the score is under the target.

Results are kept in ``mutants/``: a second run retests only what changed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 95.0
EXPLAINED = ROOT / "docs" / "quality.md"
MUTANT_NAME = re.compile(r"`(auxer_option\.[\w.ǁ]+__mutmut_\d+)`")


def mutmut(*arguments: str) -> str:
    """Run mutmut in the project root and return what it printed."""
    return subprocess.run(
        [sys.executable, "-m", "mutmut", *arguments],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def verdicts() -> dict[str, str]:
    """Every mutant's name and verdict: killed, survived, timeout, not checked, ..."""
    listing = mutmut("results", "--all", "true")
    pairs = (line.strip().rpartition(": ") for line in listing.splitlines() if ": " in line)
    return {name: verdict for name, _, verdict in pairs}


def by_module(verdict_of: dict[str, str]) -> None:
    """Print each module's mutants: killed, not killed, not run, and its score."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for name, verdict in verdict_of.items():
        module = name.partition(".x")[0]
        key = {"killed": "killed", "not checked": "not run"}.get(verdict, "not killed")
        counts[module][key] += 1
    print(f"{'module':<34}{'killed':>8}{'not killed':>12}{'not run':>9}{'score':>9}")
    for module, count in sorted(counts.items()):
        run = count["killed"] + count["not killed"]
        score = f"{100 * count['killed'] / run:.1f}%" if run else "-"
        print(
            f"{module:<34}{count['killed']:>8}{count['not killed']:>12}"
            f"{count['not run']:>9}{score:>9}"
        )


def explained() -> set[str]:
    """The mutants docs/quality.md lists as equivalent."""
    return set(MUTANT_NAME.findall(EXPLAINED.read_text(encoding="utf-8")))


def main(arguments: list[str] | None = None) -> int:
    """Run the mutants (all, or those matching the patterns given) and print the score."""
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("patterns", nargs="*", help='mutant names or globs: "auxer_option._money*"')
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--report", action="store_true", help="run nothing: score the mutants already run"
    )
    options = parser.parse_args(arguments)

    if not options.report:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "mutmut",
                "run",
                "--max-children",
                str(options.max_children),
                *options.patterns,
            ],
            cwd=ROOT,
            check=True,
        )
    mutmut("export-cicd-stats")
    stats = json.loads((ROOT / "mutants" / "mutmut-cicd-stats.json").read_text(encoding="utf-8"))
    kinds = ("killed", "survived", "timeout", "suspicious", "no_tests", "segfault")
    tested = sum(stats[key] for key in kinds)
    score = 100 * stats["killed"] / tested if tested else 100.0
    print()
    for key in kinds:
        print(f"{key:>12}  {stats[key]:>6,}")
    print(f"{'not run':>12}  {stats['total'] - tested:>6,}  (not matched, or skipped)")
    print(f"{'score':>12}  {score:6.2f}%  (killed / mutants run; target {TARGET:.0f}%)")

    verdict_of = verdicts()
    print()
    by_module(verdict_of)
    survived = {name for name, verdict in verdict_of.items() if verdict == "survived"}
    unexplained = sorted(survived - explained())
    if unexplained:
        print(f"\n{len(unexplained)} survivors are neither killed nor listed in {EXPLAINED.name}:")
        for name in unexplained:
            print(f"  {name}")
    return 0 if score >= TARGET and not unexplained else 1


if __name__ == "__main__":
    sys.exit(main())
