"""Sphinx configuration: MyST Markdown pages, the furo theme, the API from docstrings."""

from __future__ import annotations

import perfeval

project = "perfeval"
author = "perfeval contributors"
release = perfeval.__version__
language = "en"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "benchmarks-results.md"]
myst_heading_anchors = 3
html_theme = "furo"
html_title = "perfeval"
autodoc_member_order = "bysource"
autodoc_typehints = "description"
# Show a default as the source writes it (`MOF_2020`, `'mof-2020'`, `DEFAULT_LIMITS`), not as
# the repr of the object it names, which for a policy or limits fills the whole signature.
autodoc_preserve_defaults = True
autodoc_default_options = {"members": True, "show-inheritance": True}
suppress_warnings: list[str] = []

