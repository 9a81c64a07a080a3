"""Sphinx configuration: MyST Markdown pages, API reference from the docstrings."""

from __future__ import annotations

import importlib
import inspect
import sys
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from auxer_option import (
    AUXER_1999,
    OptionGrant,
    VestingSchedule,
    exercise,
    plot_expense,
    plot_payoff,
    plot_timeline,
)

sys.path.insert(0, str(Path(__file__).parent / "_ext"))
from attribute_table import attributes  # found through the line above

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
    """Draw the tutorial's and the accounting page's figures into images/, from their calls.

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
    # The accounting page's grant: 2,500 options vesting on each of four anniversaries.
    annual = OptionGrant(
        "2025-01-01",
        10_000,
        "5",
        term="10 years",
        vesting=VestingSchedule.graded("2025-01-01", months=48, every=12),
    )
    expense = plot_expense(annual, fair_value="1.00", period="quarter")
    expense.savefig(folder / "expense.png", dpi=100, metadata=bare)


_render_figures()


class AttributeTable(SphinxDirective):
    """``.. attribute-table:: module.Class``: every attribute of the class, in a table.

    One row an attribute (``_ext/attribute_table.py`` says which): the type it is read as,
    what its keyword accepts and its default, or that it is derived, read-only.
    """

    required_arguments = 1

    def run(self) -> list[Any]:
        """The table, as nodes: reST parsed where the directive stands."""
        module_name, _, class_name = self.arguments[0].rpartition(".")
        cls = getattr(importlib.import_module(module_name), class_name)
        self.env.note_dependency(inspect.getfile(cls))
        lines = [
            ".. list-table::",
            "   :header-rows: 1",
            "",
            "   * - attribute",
            "     - read as",
            "     - given as",
            "     - default",
        ]
        for attribute in attributes(cls):
            if attribute.derived:
                given_as, default = "derived, read-only", ""
            else:
                given_as = _code(attribute.given_as)
                default = "required" if attribute.default is None else _code(attribute.default)
            lines += [
                f"   * - {_code(attribute.name)}",
                f"     - {_code(attribute.type)}",
                f"     - {given_as}",
                f"     - {default}",
            ]
        return self.parse_text_to_nodes("\n".join(lines))


def _code(text: str) -> str:
    """``text`` as an inline literal, or nothing for no text."""
    return f"``{text}``" if text else ""


def setup(app: Sphinx) -> dict[str, bool]:
    """The ``attribute-table`` directive."""
    app.add_directive("attribute-table", AttributeTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
