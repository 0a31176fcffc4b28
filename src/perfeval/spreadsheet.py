"""The 自评表 as an .xlsx workbook: write one laid out like the official table, and read
workbooks back. :func:`save_workbook` writes any laid-out form (:class:`perfeval.forms.Form`):
the 自评表 and the other forms of :mod:`perfeval.form_files`.

An edge module (``pip install 'perfeval[xlsx]'``: openpyxl, with defusedxml so that XML
entities are never resolved). Reading goes through :func:`perfeval.readers.read_tables`
and the layout finder of :mod:`perfeval.layout`, which read every format the same way:
formulas are never evaluated (cached values only), the file's size and its packed parts
are checked before parsing, and sheets beyond :data:`MAX_ROWS` × :data:`MAX_COLUMNS` are
refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from perfeval.forms import FONT, Form, FormCell, hidden_fields, official_form
from perfeval.layout import MAX_COLUMNS, MAX_ROWS
from perfeval.number import private_context
from perfeval.readers import MAX_BYTES, read_tables
from perfeval.table import Scorecard, Table

__all__ = [
    "MAX_BYTES",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "cell_of",
    "read_workbook",
    "save_workbook",
    "write_workbook",
]

_META = "perfeval"
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_SIZE = 10
#: Printable height of an A4 portrait page in points, once margins are taken off.
_PAGE_HEIGHT = 842 - 2 * 0.75 * 72
_PAGE_WIDTH = 595 - 2 * 0.5 * 72
#: The same, the page turned sideways (a form with :attr:`~perfeval.forms.Form.landscape`).
_LANDSCAPE_HEIGHT = 595 - 2 * 0.75 * 72
_LANDSCAPE_WIDTH = 842 - 2 * 0.5 * 72
_UNIT_POINTS = 5.6  # a column-width unit in points


def _font(*, bold: bool = False, size: float = _SIZE) -> Font:
    return Font(name=FONT, size=size, bold=bold)


def _cell(sheet: Worksheet, row: int, item: FormCell) -> None:
    """Write one form cell (a merged range) at *row* offset."""
    top, bottom = item.row + row, item.to_row + row
    cell = sheet.cell(row=top, column=item.col)
    if item.number is not None:
        if len(item.number.as_tuple().digits) > 15:
            cell.value = item.shown  # beyond what a spreadsheet number holds: kept as text
        else:
            cell.value = item.number
            decimals = "." + "0" * item.places if item.places else ""
            cell.number_format = f"0{decimals}%" if item.percent else f"0{decimals}"
    elif item.text is not None:
        cell.value = item.text
        cell.data_type = "s"  # a printed "=100%" is text, never a formula
    cell.alignment = Alignment(
        wrap_text=True,
        vertical="top" if item.small else "center",
        horizontal="left" if item.left else "center",
    )
    cell.font = _font(bold=item.bold, size=9 if item.small else _SIZE)
    for r in range(top, bottom + 1):
        for c in range(item.col, item.to_col + 1):
            sheet.cell(row=r, column=c).border = _BOX
    if (item.to_row, item.to_col) != (item.row, item.col):
        sheet.merge_cells(
            start_row=top, start_column=item.col, end_row=bottom, end_column=item.to_col
        )


@private_context
def write_workbook(
    table: Table,
    target: str | Path | IO[bytes],
    *,
    scorecard: Scorecard | None = None,
    annex: str = "附件",
) -> None:
    """Write *table* as an .xlsx laid out as the official 项目支出绩效自评表
    (:func:`perfeval.forms.official_form`): 附件 label, title, year, 单位 line, the
    绩效指标 column, 宋体, row heights that fit their text, the 填报 lines, on one A4 page
    where it fits.

    With *scorecard*, the score cells hold the computed scores, the execution rate and the
    total; otherwise they hold what the table printed, so that :func:`read_workbook` gives
    the same table back.
    """
    form = official_form(table, scorecard=scorecard, annex=annex)
    save_workbook(form, target, hidden_fields(table))


def save_workbook(
    form: Form,
    target: str | Path | IO[bytes],
    hidden: dict[str, str | None],
    *,
    sheet_name: str = "自评表",
) -> None:
    """Write *form* as an .xlsx of one sheet named *sheet_name*, printed on A4, with
    *hidden* (:func:`perfeval.forms.hidden_fields`) on a hidden sheet: the workbook writer
    of every printed form."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_name
    last = len(form.widths)
    for index, width in enumerate(form.widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    candidates: list[tuple[str | None, Font, str, float]] = [
        (form.annex, _font(bold=True, size=12), "left", 18),
        (form.title, _font(bold=True, size=16), "center", 28),
        (form.year_line, _font(size=11), "center", 18),
        (form.unit_line, _font(), "right", 16),
    ]
    lines = [line for line in candidates if line[0]]
    for row, (text, font, align, height) in enumerate(lines, 1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font, cell.alignment = font, Alignment(horizontal=align, vertical="center")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
        sheet.row_dimensions[row].height = height
    offset = len(lines)
    for item in form.cells:
        _cell(sheet, offset, item)
    for row, height in form.heights.items():
        sheet.row_dimensions[row + offset].height = round(height, 1)
    footer = offset + form.rows + 2
    for text, first, to in form.footer:
        cell = sheet.cell(row=footer, column=first, value=text)
        cell.font, cell.alignment = _font(), Alignment(horizontal="left", vertical="center")
        if to != first:
            sheet.merge_cells(start_row=footer, start_column=first, end_row=footer, end_column=to)
    for row, remark in enumerate(form.remarks, start=footer + 1):
        cell = sheet.cell(row=row, column=1, value=remark)
        cell.data_type = "s"
        cell.font = _font()
        cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
    sheet.page_setup.orientation = "landscape" if form.landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
    sheet.print_options.horizontalCentered = True
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    page_width, page_height = (
        (_LANDSCAPE_WIDTH, _LANDSCAPE_HEIGHT) if form.landscape else (_PAGE_WIDTH, _PAGE_HEIGHT)
    )
    scale = min(1.0, page_width / (sum(form.widths) * _UNIT_POINTS))
    tall = (form.height + sum(line[3] for line in lines) + 40) * scale
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1 if tall <= page_height else 0  # 0: as many pages as needed
    if tall > page_height:
        sheet.print_title_rows = f"{offset + 1}:{offset + 1}"
    meta = book.create_sheet(_META)
    meta.sheet_state = "hidden"
    for key, value in hidden.items():
        meta.append([key, value])
    book.save(target)


# Reading -------------------------------------------------------------------------------


@private_context
def read_workbook(
    source: str | Path | IO[bytes],
    *,
    sheet: str | int | None = None,
    cells: dict[str, str] | None = None,
) -> Table:
    """The first :class:`Table` that :func:`perfeval.readers.read_tables` finds in
    *source* (or in *sheet*, by name or 0-based index among the visible sheets).

    Pass a dict as *cells* to learn where each value came from: it is filled with document
    paths and cell addresses (``"indicators[3].score": "自评表!H12"``), so that findings
    can point a clerk at the cell.
    """
    found = read_tables(source, sheet=sheet)[0]
    if cells is not None:
        cells.update(found.cells)
    return found.table


def cell_of(where: str, cells: dict[str, str]) -> str | None:
    """The cell a finding at document path *where* points to, or the nearest one above it
    (``indicators[3].note`` falls back to ``indicators[3]``)."""
    path = where
    while path:
        if path in cells:
            return cells[path]
        path = path.rpartition(".")[0]
    return None
