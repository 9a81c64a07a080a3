"""Files the tests read from ``../shared/`` beside the clone: never copied into the project."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# AUXER_OPTION_SHARED says where they are when the tests run from a copy elsewhere (mutation
# testing runs a copy of tests/ inside mutants/).
SHARED = Path(os.environ.get("AUXER_OPTION_SHARED", Path(__file__).resolve().parents[2] / "shared"))

# The OCF enumerations, as parts of a path under SHARED.
OCF_ENUMS = ("ocf-schema", "v1.2.0", "schema", "enums")


def shared_path(*parts: str) -> Path:
    """``../shared/<parts>``, or skip the test, saying what is missing and where it was sought."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared files sit beside the clone in CI")
    return path
