"""The docs' examples run in ``docs/``, as a reader of the page runs its commands there.

The command-line page names its files (``grants/``) as a shell in this folder would; the
suite may be started from anywhere.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest


def _missing(*modules: str) -> bool:
    return any(importlib.util.find_spec(module) is None for module in modules)


# The pages of the extras run where the extras are installed (the README's command installs
# them all); elsewhere they are not collected, as the extras' tests skip.
_BOOK = ("pandas", "pyarrow", "numpy", "scipy")
collect_ignore = [
    *(["book.md"] if _missing(*_BOOK) else []),
    *(["book-dask.md"] if _missing(*_BOOK, "dask", "distributed") else []),
]


@pytest.fixture(autouse=True)
def in_the_docs_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run each example of a page with ``docs/`` as the working directory."""
    monkeypatch.chdir(Path(__file__).parent)
