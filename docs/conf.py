"""Sphinx configuration: MyST Markdown pages, API reference from the docstrings."""

from __future__ import annotations

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
