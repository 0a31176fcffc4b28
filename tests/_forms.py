"""Build the printed forms the tests read: a workbook or a Word document from rows of text,
with merged ranges (first row, first column, last row, last column; 0-based, inclusive)."""

from __future__ import annotations

import io
from collections.abc import Sequence

Span = tuple[int, int, int, int]


def xlsx(sheets: dict[str, tuple[Sequence[Sequence[str]], Sequence[Span]]]) -> bytes:
    """A workbook with one sheet per name, each from its rows and merged ranges."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (rows, merged) in sheets.items():
        sheet = book.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, text in enumerate(row, start=1):
                if text != "":
                    sheet.cell(row=r, column=c, value=text)
        for r0, c0, r1, c1 in merged:
            sheet.merge_cells(
                start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx(
    tables: Sequence[tuple[Sequence[Sequence[str]], Sequence[Span]]], title: str = ""
) -> bytes:
    """A Word document with a title line and one table per entry."""
    import docx as python_docx

    document = python_docx.Document()
    if title:
        document.add_paragraph(title)
    for rows, merged in tables:
        width = max(len(row) for row in rows)
        table = document.add_table(rows=len(rows), cols=width)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        for r0, c0, r1, c1 in merged:
            table.cell(r0, c0).merge(table.cell(r1, c1))
        document.add_paragraph("")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
