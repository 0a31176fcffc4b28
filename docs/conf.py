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


# Stopgaps for docstrings that docutils cannot read. Each one acts only while the problem is
# in the source and does nothing once the docstring is fixed there:
# - a simple table whose text runs into the gap between its columns (perfeval.cells) is
#   shown as preformatted text, as written, instead of failing the build;
# - "|actual − target|" (an absolute value in perfeval.formulas.Symmetric) is not a
#   substitution reference.
import re  # noqa: E402

from docutils.parsers.rst.tableparser import SimpleTableParser, TableMarkupError  # noqa: E402
from docutils.statemachine import StringList  # noqa: E402
from sphinx.util import logging  # noqa: E402

_BORDER = re.compile(r"^(\s*)=+( +=+)+\s*$")
_ABSOLUTE = re.compile(r"(?<![`\\])\|(actual − target)\|(?!`)")
_log = logging.getLogger(__name__)


def _table_end(lines: list[str], start: int) -> int:
    """The index of the closing border of the simple table opening at *start*: the first
    border after it that a blank line (or the end) follows."""
    for i in range(start + 1, len(lines)):
        if _BORDER.match(lines[i]) and (i + 1 == len(lines) or not lines[i + 1].strip()):
            return i
    return len(lines) - 1


def _repair_docstring(app, what, name, obj, options, lines):
    for i, line in enumerate(lines):
        lines[i] = _ABSOLUTE.sub(r"\\|\1\\|", line)
    i = 0
    while i < len(lines):
        if _BORDER.match(lines[i]) and (i == 0 or not lines[i - 1].strip()):
            end = _table_end(lines, i)
            block = lines[i : end + 1]
            rows = StringList(block)
            rows.pad_double_width(SimpleTableParser.double_width_pad_char)  # as reST does
            try:
                SimpleTableParser().parse(rows)
            except TableMarkupError:
                _log.info("%s: a malformed table is shown as preformatted text", name)
                lines[i : end + 1] = ["::", ""] + ["    " + row for row in block]
                end += 2
            i = end
        i += 1


def setup(app):
    app.connect("autodoc-process-docstring", _repair_docstring)
