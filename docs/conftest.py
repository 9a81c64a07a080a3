"""The docs' examples run in ``docs/``, as a reader of the page runs its commands there.

The command-line page names its files (``grants/``) as a shell in this folder would; the
suite may be started from anywhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def in_the_docs_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run each example of a page with ``docs/`` as the working directory."""
    monkeypatch.chdir(Path(__file__).parent)
