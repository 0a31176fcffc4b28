"""The 自评表 as an .xlsx workbook: write one laid out like the official table, and read
workbooks back.

An edge module (``pip install perfeval[xlsx]``: openpyxl, with defusedxml so that XML
entities are never resolved). Reading goes through :func:`perfeval.readers.read_tables`
and the layout finder of :mod:`perfeval.layout`, which read every format the same way:
formulas are never evaluated (cached values only), the file's size and its packed parts
are checked before parsing, and sheets beyond :data:`MAX_ROWS` × :data:`MAX_COLUMNS` are
refused.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from perfeval.funds import SOURCE_LABELS, FundBlock, FundRow
from perfeval.layout import MAX_COLUMNS, MAX_ROWS
from perfeval.number import fixed
from perfeval.readers import MAX_BYTES, read_tables
from perfeval.table import Scorecard, Table

__all__ = [
    "MAX_BYTES",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "cell_of",
    "read_workbook",
    "write_workbook",
]

_TITLE = "项目支出绩效自评表"
_META = "perfeval"
_META_FORMAT = "perfeval.workbook/1"
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")
_LEFT = Alignment(wrap_text=True, vertical="center", horizontal="left")


# Writing -------------------------------------------------------------------------------


class _Sheet:
    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet

    def put(
        self,
        row: int,
        col: int,
        value: Any,
        *,
        to_col: int | None = None,
        to_row: int | None = None,
        fmt: str | None = None,
        bold: bool = False,
        left: bool = False,
    ) -> None:
        cell = self.sheet.cell(row=row, column=col, value=value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # a printed "=100%" is text, never a formula
        cell.alignment = _LEFT if left else _WRAP
        if fmt:
            cell.number_format = fmt
        if bold:
            cell.font = Font(bold=True)
        last_col, last_row = to_col or col, to_row or row
        for r in range(row, last_row + 1):
            for c in range(col, last_col + 1):
                self.sheet.cell(row=r, column=c).border = _BOX
        if (last_col, last_row) != (col, row):
            self.sheet.merge_cells(
                start_row=row, start_column=col, end_row=last_row, end_column=last_col
            )


def _groups(values: list[str | None]) -> Iterator[tuple[int, int]]:
    """Runs of equal consecutive values: (first index, last index)."""
    start = 0
    for index in range(1, len(values) + 1):
        if index == len(values) or values[index] != values[start]:
            yield start, index - 1
            start = index


def write_workbook(
    table: Table, target: str | Path | IO[bytes], *, scorecard: Scorecard | None = None
) -> None:
    """Write *table* as an .xlsx laid out like the official 自评表.

    With *scorecard*, the score cells hold the computed scores, the execution rate and the
    total; otherwise they hold what the table printed, so that :func:`read_workbook` gives
    the same table back.
    """
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "自评表"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1
    out = _Sheet(sheet)
    for column, width in zip("ABCDEFGHIJ", (12, 14, 12, 12, 16, 16, 10, 10, 12, 12), strict=True):
        sheet.column_dimensions[column].width = width
    out.put(1, 1, _TITLE, to_col=10, bold=True)
    sheet.row_dimensions[1].height = 28
    row = 2
    if table.year is not None:
        out.put(row, 1, f"（{table.year}年度）", to_col=10)
        row += 1
    out.put(row, 1, "项目名称", to_col=2)
    out.put(row, 3, table.project, to_col=10, left=True)
    row += 1
    out.put(row, 1, "主管部门", to_col=2)
    out.put(row, 3, table.department, to_col=5, left=True)
    out.put(row, 6, "实施单位", to_col=7)
    out.put(row, 8, table.unit, to_col=10, left=True)
    row += 1
    funds = table.funds or FundBlock(weight=None)
    rows = [funds.total or FundRow(source="total"), *funds.sources]
    out.put(row, 1, f"项目资金（{funds.unit}）", to_col=2, to_row=row + len(rows))
    out.put(row, 3, "", to_col=4)
    for col, label in enumerate(
        ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"), 5
    ):
        out.put(row, col, label, bold=True)
    card_funds = scorecard.funds if scorecard is not None else None
    for index, fund_row in enumerate(rows):
        r = row + 1 + index
        label = SOURCE_LABELS.get(fund_row.source, fund_row.source)
        out.put(r, 3, ("其中：" + label) if fund_row.source == "current_year" else label, to_col=4)
        out.put(r, 5, fund_row.initial_budget, fmt="0.00##")
        out.put(r, 6, fund_row.annual_budget, fmt="0.00##")
        out.put(r, 7, fund_row.executed, fmt="0.00##")
        if index == 0:
            out.put(r, 8, funds.weight, fmt="0.##")
            if card_funds is not None:
                rate = card_funds.rate.fraction
                score = card_funds.score
            else:
                rate = None if fund_row.printed_rate is None else fund_row.printed_rate / 100
                score = fund_row.printed_score
            out.put(r, 9, rate, fmt="0.00%")
            out.put(r, 10, score, fmt="0.00")
        else:
            for col in (8, 9, 10):
                out.put(r, col, None)
    row += len(rows) + 1
    out.put(row, 1, "年度总体目标", to_col=2, to_row=row + 1)
    out.put(row, 3, "预期目标", to_col=6, bold=True)
    out.put(row, 7, "实际完成情况", to_col=10, bold=True)
    out.put(row + 1, 3, table.goals_planned, to_col=6, left=True)
    out.put(row + 1, 7, table.goals_achieved, to_col=10, left=True)
    sheet.row_dimensions[row + 1].height = 120
    for col in (3, 7):
        sheet.cell(row=row + 1, column=col).font = Font(size=8)
    row += 2
    headers: tuple[tuple[int, str, int | None], ...] = (
        (1, "一级指标", None), (2, "二级指标", None), (3, "三级指标", 4), (5, "年度指标值", None),
        (6, "实际完成值", None), (7, "分值", None), (8, "得分", None),
        (9, "偏差原因分析及改进措施", 10),
    )  # fmt: skip
    for col, label, to_col in headers:
        out.put(row, col, label, to_col=to_col, bold=True)
    first = row + 1
    scores = scorecard.indicators if scorecard is not None else None
    for index, item in enumerate(table.indicators):
        r = first + index
        sheet.row_dimensions[r].height = 24
        out.put(r, 3, item.name, to_col=4)
        out.put(r, 5, item.target.text or str(item.target) or None)
        out.put(r, 6, item.actual.text or str(item.actual) or None)
        out.put(r, 7, item.weight, fmt="0.##")
        score = scores[index].score if scores is not None else item.score
        out.put(r, 8, score, fmt="0.00")
        out.put(r, 9, item.note, to_col=10, left=True)
    level1 = [item.level1 for item in table.indicators]
    for start, end in _groups(level1):
        out.put(first + start, 1, level1[start], to_row=first + end)
        level2 = [item.level2 for item in table.indicators[start : end + 1]]
        for s2, e2 in _groups(level2):
            out.put(first + start + s2, 2, level2[s2], to_row=first + start + e2)
    row = first + len(table.indicators)
    out.put(row, 1, "总分", to_col=6, bold=True)
    weights = [i.weight for i in table.indicators if i.weight is not None]
    if funds.weight is not None:
        weights.append(funds.weight)
    out.put(row, 7, sum(weights, Decimal(0)) if weights else None, fmt="0.##")
    if scorecard is not None:
        total: Decimal | None = scorecard.total
        grade = scorecard.grade.label if scorecard.grade else None
    else:
        total, grade = table.printed_total, table.printed_grade
    out.put(row, 8, total, fmt="0.00")
    out.put(row, 9, "评价等级")
    out.put(row, 10, grade)
    meta = book.create_sheet(_META)
    meta.sheet_state = "hidden"
    meta.append(["format", _META_FORMAT])
    meta.append(["policy", table.policy])
    meta.append(
        [
            "level1_weights",
            json.dumps({k: fixed(v) for k, v in table.level1_weights.items()}, ensure_ascii=False),
        ]
    )
    meta.append(["notes", json.dumps(list(table.notes), ensure_ascii=False)])
    book.save(target)


# Reading -------------------------------------------------------------------------------


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
