"""Reading the other printed forms from a :class:`~perfeval.layout.Grid`: the helpers the
recognisers of :mod:`perfeval.rubric`, :mod:`perfeval.coefficient` and
:mod:`perfeval.department_form` share.

A :class:`Sheet` is a grid with its merged ranges resolved (the layout finder's own view),
that finds a header row by its labels, resolves each column from the labels it carries,
and reads a number cell through :mod:`perfeval.cells`, the one cell reader. A cell that
does not read raises :class:`~perfeval.errors.DocumentError` naming the cell, the column
and the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Final

from perfeval.cells import is_blank, read_percent, read_points
from perfeval.errors import DocumentError, PerfevalError
from perfeval.layout import Grid, GridView, bare, labels

__all__ = ["TOTAL_LABELS", "Sheet", "declared_points", "labels"]


#: The label of a printed total row.
TOTAL_LABELS: Final = labels(
    "合计",
    "总分",
    "总计",
    "总得分",
    "综合得分",
    "得分合计",
    "合计得分",
    "总体得分",
    "综合评分",
)

_POINTS_TAIL: Final = re.compile(
    r"^(?P<name>.*?[^\d.])[(]?(?P<points>\d+(?:\.\d+)?)\s*(?:分|%)?[)]?$"
)


def declared_points(text: str) -> tuple[str, Decimal | None]:
    """A level heading and the points it declares: "决策（20分）" → ("决策", 20),
    "项目产出 40分" → ("项目产出", 40), "效益" → ("效益", None).

    >>> declared_points("项目决策（20分）")
    ('项目决策', Decimal('20'))
    """
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    match = _POINTS_TAIL.match(folded)
    if match is None or not ("(" in folded or folded.endswith("分")):
        return text.strip(), None
    return match.group("name").rstrip("(:"), Decimal(match.group("points"))


class Sheet:
    """A grid with merged ranges resolved, and the readers of its cells."""

    def __init__(self, grid: Grid) -> None:
        self.grid = grid
        self.view = GridView(grid)
        self.height = self.view.height
        self.width = self.view.width

    def text(self, r: int, c: int) -> str:
        """The printed text of the cell (that of its merged range's first cell)."""
        return self.view.text(r, c)

    def folded(self, r: int, c: int) -> str:
        """The cell's text as labels are compared."""
        return self.view.folded(r, c)

    def name(self, r: int, c: int) -> str:
        """How a message names the cell (its merged range's first cell)."""
        return self.view.name(r, c)

    def home(self, r: int, c: int) -> tuple[int, int]:
        """The first cell of the merged range holding the cell."""
        return self.view.home(r, c)

    def row_texts(self, r: int) -> list[str]:
        """The distinct texts of row *r*, left to right."""
        seen: list[str] = []
        for c in range(self.width):
            if self.view.home(r, c)[1] == c and self.text(r, c):
                seen.append(self.text(r, c))
        return seen

    def find_row(self, wanted: frozenset[str], start: int = 0) -> tuple[int, int] | None:
        """The first cell at or below row *start* whose bare label is one of *wanted*."""
        for r in range(start, self.height):
            for c in range(self.width):
                if self.view.is_home(r, c) and bare(self.folded(r, c)) in wanted:
                    return r, c
        return None

    def header(
        self, r: int, fields: Mapping[str, frozenset[str]], depth: int = 1
    ) -> dict[str, list[int]]:
        """Each field's columns in the header rows [r, r + depth): every column whose
        label (in any row of the band) is one of the field's labels, left to right."""
        columns: dict[str, list[int]] = {}
        for c in range(self.width):
            texts = {bare(self.folded(row, c)) for row in range(r, r + depth)}
            for field, wanted in fields.items():
                if texts & wanted:
                    columns.setdefault(field, []).append(c)
                    break
        return columns

    def number(
        self,
        r: int,
        c: int | None,
        field: str,
        read: Callable[..., Decimal | None] = read_points,
    ) -> Decimal | None:
        """The number in the cell, read by *read* (:func:`~perfeval.cells.read_points`
        by default); ``None`` for a blank cell or no column. A cell that does not read
        raises :class:`~perfeval.errors.DocumentError` naming it."""
        if c is None:
            return None
        text = self.text(r, c)
        try:
            return read(text, field=field)
        except PerfevalError as error:
            reason = getattr(error, "reason", str(error))
            raise DocumentError(
                f"the {field} column holds {text!r}: {reason}", field=self.name(r, c), value=text
            ) from None

    def percent(self, r: int, c: int | None, field: str) -> Decimal | None:
        """A printed rate in percent ("86.32%", "86.32")."""
        return self.number(r, c, field, read_percent)

    def optional_text(self, r: int, c: int | None) -> str | None:
        """The text of the cell, ``None`` when blank or when there is no column."""
        if c is None:
            return None
        text = self.text(r, c)
        return None if is_blank(text) else text
