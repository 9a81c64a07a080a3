"""Sphinx configuration: MyST Markdown pages, API reference from the docstrings."""

from __future__ import annotations

from pathlib import Path

from auxer_option import AUXER_1999, exercise, plot_payoff, plot_timeline

project = "auxer_option"
copyright = "2026, the auxer_option developers"
author = "the auxer_option developers"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_preserve_defaults = False
napoleon_google_docstring = True
napoleon_numpy_docstring = False

html_theme = "furo"
html_title = "auxer_option"


def _render_figures() -> None:
    """Draw the tutorial's figures into images/, from the same calls the page shows.

    The images are committed, so that the page shows them wherever its Markdown is read; a
    build redraws them, and a change to the plots shows as a change to these files. Without
    the software's name in the PNG, the bytes change only when the drawing does.
    """
    folder = Path(__file__).parent / "images"
    folder.mkdir(exist_ok=True)
    bare: dict[str, str | None] = {"Software": None}
    payoff = plot_payoff(AUXER_1999, on="1999-07-01", volatility="1.00", risk_free_rate="0.05")
    payoff.savefig(folder / "payoff.png", dpi=100, metadata=bare)
    grant, _ = exercise(AUXER_1999, 250_000, "1999-08-02")
    plot_timeline(grant).savefig(folder / "timeline.png", dpi=100, metadata=bare)


_render_figures()
