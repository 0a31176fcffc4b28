"""Tables as they are printed one after another on pages: a Word report's tables, a web
page's tables, a PDF's tables page by page.

An edge module with no third-party import, shared by the Word reader of
:mod:`perfeval.readers`, :mod:`perfeval.web` and :mod:`perfeval.pdf`. Each adapter turns
the tables it finds into :class:`PrintedTable` values, each with the lines printed
between it and the table before it; :func:`stack` joins a table continued in the next
one (a 自评表 split across a page) through :func:`perfeval.layout.join_continuation`, as
the Word reader does, and notes a table that looks like a continuation but is not joined
(:func:`perfeval.layout.continuation_gap`). Page furniture between the two parts (a page
number, a 续表 label, a running head repeated on every page) does not keep them apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final

import attrs

from perfeval.errors import DocumentError
from perfeval.layout import Grid, continuation_gap, fold, join_continuation

__all__ = ["MAX_TABLES", "PAGE_LINE", "PrintedTable", "stack"]

#: The most tables with text that one page or document may hold.
MAX_TABLES: Final = 200

#: Lines printed between the parts of a table split across a page: 续表 labels and page
#: numbers (a Word document converted from PDF keeps its page furniture as paragraphs).
PAGE_LINE: Final = re.compile(
    r"^(续表|续上表|\(续(表)?\)).{0,12}$|^.{0,12}\(续(表)?\)$"
    r"|^[-—–]?\d{1,4}[-—–]?$|^第\d{1,4}页(,?共\d{1,4}页)?$|^\d{1,4}/\d{1,4}$"
    r"|^page\d{1,4}(of\d{1,4})?$",
    re.IGNORECASE,
)


@attrs.frozen(kw_only=True)
class PrintedTable:
    """A table as printed: its grid, and the lines printed between the table before it
    and this one (text, page numbers, a running head)."""

    grid: Grid
    between: tuple[str, ...] = ()
    """The lines between the previous table and this one, top to bottom."""
    furniture: frozenset[str] = frozenset()
    """Lines known to be page furniture (printed on every page: a running head or
    foot), which do not keep two parts of a table apart."""
    if_joined: tuple[str, ...] = ()
    """Notes that hold only when the table is joined to the one before it (a repair the
    join makes, such as a blank cell read as going on from the cell above it)."""


def stack(tables: Iterable[PrintedTable], name: str) -> list[Grid]:
    """The grids of *tables*, in order, each table continued in the next one joined to
    it; more than :data:`MAX_TABLES` raises :class:`DocumentError` naming *name*."""
    grids: list[Grid] = []
    for count, item in enumerate(tables, start=1):
        if item.grid.continued and not grids:
            item = attrs.evolve(item, grid=attrs.evolve(item.grid, continued=()))
        if count > MAX_TABLES:
            raise DocumentError(f"more than {MAX_TABLES} tables", field=name)
        words = _words(item.between, item.furniture)
        joined = join_continuation(grids[-1], item.grid) if grids and not words else None
        if joined is not None:
            grids[-1] = attrs.evolve(joined, notes=(*joined.notes, *item.if_joined))
            continue
        gap = continuation_gap(grids[-1], item.grid, words) if grids else None
        if gap is not None:
            grids[-1] = attrs.evolve(grids[-1], notes=(*grids[-1].notes, gap))
        grids.append(item.grid)
    return grids


def _words(lines: Sequence[str], furniture: frozenset[str]) -> list[str]:
    """The lines that are not page furniture."""
    return [
        line
        for line in lines
        if fold(line) and not PAGE_LINE.match(fold(line)) and fold(line) not in furniture
    ]
