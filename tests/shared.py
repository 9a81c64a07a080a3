"""Files the tests read from ``../shared/`` beside the clone: never copied into the project."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


def shared_path(*parts: str) -> Path:
    """``../shared/<parts>``, or skip the test, saying what is missing and where it was sought."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared files sit beside the clone in CI")
    return path
