"""The printed 项目支出绩效自评表: one layout, written as .xlsx and as .docx.

:func:`official_form` lays a table out as the official form (附件 label, title, year,
单位：万元, the 项目资金 block, 年度总体目标, the 绩效指标 / 一级 / 二级 / 三级指标 block, 总分,
and the 填报 lines) on an abstract grid, with the row heights its text needs in 宋体.
:func:`perfeval.spreadsheet.write_workbook` renders it as a worksheet; :func:`write_docx`
and :func:`write_report_docx` render it as Word tables (``pip install 'perfeval[docx]'``).
Every export reads back through :func:`perfeval.readers.read_tables` to the same scores.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Final

import attrs

from perfeval.errors import DocumentError
from perfeval.funds import SOURCE_LABELS, FundBlock, FundRow
from perfeval.number import add, decimal_places, fixed, private_context, quantize_half_up
from perfeval.table import Scorecard, Table

__all__ = [
    "FONT",
    "Form",
    "FormCell",
    "official_form",
    "write_docx",
    "write_report_docx",
]

#: The typeface of the printed form.
FONT: Final = "宋体"
TITLE: Final = "项目支出绩效自评表"
#: Column widths of the form, in spreadsheet character units (A to J).
WIDTHS: Final = (7.0, 10.0, 10.0, 16.0, 14.0, 14.0, 10.0, 9.0, 10.0, 12.0)
SIGNATURES: Final = (("填报单位（盖章）：", 1, 4), ("填报人：", 5, 6), ("联系电话：", 7, 8),
                     ("填报日期：", 9, 10))  # fmt: skip
_SIZE: Final = 10.0
_SMALL: Final = 9.0
_MAX_ROW: Final = 400.0  # points; a worksheet row holds at most 409


@attrs.frozen(kw_only=True)
class FormCell:
    """One cell (or merged range) of the form: 1-based, with its text or number."""

    row: int
    col: int
    to_row: int
    to_col: int
    text: str | None = None
    number: Decimal | None = None
    places: int = 0
    """Decimals shown for *number*."""
    percent: bool = False
    """*number* is a fraction shown as a percentage."""
    bold: bool = False
    left: bool = False
    small: bool = False

    @property
    def shown(self) -> str:
        """The text a person sees in the cell."""
        if self.number is None:
            return self.text or ""
        if self.percent:
            return fixed(self.number.scaleb(2), self.places) + "%"
        return fixed(self.number, self.places)


@attrs.frozen(kw_only=True)
class Form:
    """The form on an abstract grid: lines above, the table's cells, row heights, and the
    lines below (填报单位, 填报人 …)."""

    annex: str
    title: str
    year_line: str | None
    unit_line: str
    cells: tuple[FormCell, ...]
    rows: int
    heights: dict[int, float]
    widths: tuple[float, ...] = WIDTHS

    @property
    def height(self) -> float:
        """The table's height in points (rows without a height count 18)."""
        return sum(self.heights.get(r, 18.0) for r in range(1, self.rows + 1))


def _width(text: str) -> int:
    """Display width in half-width units: CJK characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def text_height(text: str, width: float, size: float = _SIZE) -> float:
    """Points that *text* needs in a cell *width* character units wide, in 宋体 at *size*."""
    capacity = max(1.0, width * 10.5 / size - 1)
    lines = sum(max(1, math.ceil(_width(part) / capacity)) for part in text.split("\n"))
    return lines * size * 1.35 + 6


def _groups(values: Sequence[str | None]) -> Iterator[tuple[int, int]]:
    start = 0
    for index in range(1, len(values) + 1):
        if index == len(values) or values[index] != values[start]:
            yield start, index - 1
            start = index


class _Builder:
    def __init__(self) -> None:
        self.cells: list[FormCell] = []
        self.heights: dict[int, float] = {}

    def put(
        self,
        row: int,
        col: int,
        value: str | Decimal | None = None,
        *,
        to_row: int | None = None,
        to_col: int | None = None,
        places: int | None = None,
        percent: bool = False,
        bold: bool = False,
        left: bool = False,
        small: bool = False,
    ) -> None:
        number = value if isinstance(value, Decimal) else None
        shown = 0
        if number is not None:
            shown = (
                decimal_places(number) if places is None else max(places, decimal_places(number))
            )
            if percent:
                shown = max(0, shown - 2)
        cell = FormCell(
            row=row,
            col=col,
            to_row=to_row or row,
            to_col=to_col or col,
            text=value if isinstance(value, str) else None,
            number=number,
            places=shown,
            percent=percent,
            bold=bold,
            left=left,
            small=small,
        )
        self.cells.append(cell)
        if cell.to_row == row and cell.shown:
            width = sum(WIDTHS[col - 1 : cell.to_col])
            need = text_height(cell.shown, width, _SMALL if small else _SIZE)
            self.heights[row] = max(self.heights.get(row, 18.0), need)


@private_context
def official_form(table: Table, *, scorecard: Scorecard | None = None, annex: str = "附件") -> Form:
    """*table* laid out as the official 自评表. With *scorecard*, the score cells hold the
    computed rate, scores and total; otherwise what the table printed."""
    out = _Builder()
    funds = table.funds or FundBlock(weight=None)
    row = 1
    out.put(row, 1, "项目名称", to_col=2)
    out.put(row, 3, table.project, to_col=10, left=True)
    row += 1
    out.put(row, 1, "主管部门", to_col=2)
    out.put(row, 3, table.department, to_col=5, left=True)
    out.put(row, 6, "实施单位", to_col=7)
    out.put(row, 8, table.unit, to_col=10, left=True)
    row += 1
    rows = [funds.total or FundRow(source="total"), *funds.sources]
    out.put(row, 1, f"项目资金（{funds.unit}）", to_col=2, to_row=row + len(rows))
    out.put(row, 3, None, to_col=4)
    for col, label in enumerate(
        ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"), 5
    ):
        out.put(row, col, label, bold=True)
    card_funds = scorecard.funds if scorecard is not None else None
    for index, fund_row in enumerate(rows):
        r = row + 1 + index
        label = SOURCE_LABELS.get(fund_row.source, fund_row.source)
        out.put(r, 3, ("其中：" + label) if fund_row.source == "current_year" else label, to_col=4)
        out.put(r, 5, fund_row.initial_budget)
        out.put(r, 6, fund_row.annual_budget)
        out.put(r, 7, fund_row.executed)
        if index == 0:
            out.put(r, 8, funds.weight)
            rate: Decimal | None
            if card_funds is not None:
                fraction = card_funds.rate.fraction
                rate = None if fraction is None else quantize_half_up(fraction, 4)
                score = card_funds.score
            else:
                printed = fund_row.printed_rate
                rate = None if printed is None else printed.scaleb(-2)
                score = fund_row.printed_score
            out.put(r, 9, rate, places=4, percent=True)
            out.put(r, 10, score, places=2)
        else:
            for col in (8, 9, 10):
                out.put(r, col, None)
    row += len(rows) + 1
    out.put(row, 3, "预期目标", to_col=6, bold=True)
    out.put(row, 7, "实际完成情况", to_col=10, bold=True)
    planned, achieved = table.goals_planned or "", table.goals_achieved or ""
    need = max(
        text_height(planned, sum(WIDTHS[2:6]), _SMALL),
        text_height(achieved, sum(WIDTHS[6:10]), _SMALL),
        36.0,
    )
    span = max(1, math.ceil(need / _MAX_ROW))
    out.put(row, 1, "年度总体目标", to_col=2, to_row=row + span)
    out.put(row + 1, 3, table.goals_planned, to_col=6, to_row=row + span, left=True, small=True)
    out.put(row + 1, 7, table.goals_achieved, to_col=10, to_row=row + span, left=True, small=True)
    for r in range(row + 1, row + span + 1):
        out.heights[r] = need / span
    row += span + 1
    header = row
    heads: tuple[tuple[int, str, int | None], ...] = (
        (2, "一级指标", None), (3, "二级指标", None), (4, "三级指标", None),
        (5, "年度指标值", None), (6, "实际完成值", None), (7, "分值", None), (8, "得分", None),
        (9, "偏差原因分析及改进措施", 10),
    )  # fmt: skip
    for col, label, to_col in heads:
        out.put(row, col, label, to_col=to_col, bold=True)
    first = row + 1
    scores = scorecard.indicators if scorecard is not None else None
    for index, item in enumerate(table.indicators):
        r = first + index
        out.put(r, 4, item.name or None)
        out.put(r, 5, item.target.text or str(item.target) or None)
        out.put(r, 6, item.actual.text or str(item.actual) or None)
        out.put(r, 7, item.weight)
        score = scores[index].score if scores is not None else item.score
        out.put(r, 8, score, places=2 if scores is not None else None)
        out.put(r, 9, item.note, to_col=10, left=True)
    level1 = [item.level1 for item in table.indicators]
    for start, end in _groups(level1):
        out.put(first + start, 2, level1[start], to_row=first + end)
        level2 = [item.level2 for item in table.indicators[start : end + 1]]
        for s2, e2 in _groups(level2):
            out.put(first + start + s2, 3, level2[s2], to_row=first + start + e2)
    last = first + len(table.indicators) - 1
    out.put(header, 1, "绩效指标", to_row=max(header, last))
    row = last + 1
    out.put(row, 1, "总分", to_col=6, bold=True)
    weights = [i.weight for i in table.indicators if i.weight is not None]
    if funds.weight is not None:
        weights.append(funds.weight)
    out.put(row, 7, add(*weights) if weights else None)
    if scorecard is not None:
        total: Decimal | None = scorecard.total
        grade = scorecard.grade.label if scorecard.grade else None
    else:
        total, grade = table.printed_total, table.printed_grade
    out.put(row, 8, total, places=2 if scorecard is not None else None)
    out.put(row, 9, "评价等级")
    out.put(row, 10, grade)
    return Form(
        annex=annex,
        title=TITLE,
        year_line=f"（{table.year}年度）" if table.year is not None else None,
        unit_line=f"单位：{funds.unit}",
        cells=tuple(out.cells),
        rows=row,
        heights=out.heights,
    )


# Word ---------------------------------------------------------------------------------


def _docx() -> object:
    try:
        import docx
    except ImportError:
        raise DocumentError(
            ".docx files need the docx extra: pip install 'perfeval[docx]'"
        ) from None
    return docx


def _set_font(run: object, size: float, *, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = FONT  # type: ignore[attr-defined]
    run.font.size = Pt(size)  # type: ignore[attr-defined]
    run.font.bold = bold  # type: ignore[attr-defined]
    properties = run._element.get_or_add_rPr()  # type: ignore[attr-defined]
    properties.get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _paragraph(document: object, text: str, *, size: float = 12, bold: bool = False,
               align: str = "left") -> None:  # fmt: skip
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    _set_font(paragraph.add_run(text), size, bold=bold)


def _a4(document: object) -> None:
    from docx.shared import Cm

    for section in document.sections:  # type: ignore[attr-defined]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(1.8)
        section.top_margin = section.bottom_margin = Cm(2)


def _form_table(document: object, form: Form) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    _paragraph(document, form.annex, size=12, bold=True)
    _paragraph(document, form.title, size=16, bold=True, align="center")
    if form.year_line:
        _paragraph(document, form.year_line, size=12, align="center")
    _paragraph(document, form.unit_line, size=10, align="right")
    table = document.add_table(rows=form.rows, cols=len(form.widths))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    scale = 17.4 / sum(form.widths)
    for col, width in enumerate(form.widths):
        table.columns[col].width = Cm(width * scale)
        for cell in table.columns[col].cells:
            cell.width = Cm(width * scale)
    rows = table.rows

    def at(row: int, col: int) -> Any:
        return rows[row - 1].cells[col - 1]  # cheaper than table.cell, which scans the table

    for item in form.cells:
        cell = at(item.row, item.col)
        if (item.to_row, item.to_col) != (item.row, item.col):
            cell = cell.merge(at(item.to_row, item.to_col))
        text = item.shown
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if item.left else WD_ALIGN_PARAGRAPH.CENTER
        if text:
            for index, line in enumerate(text.split("\n")):
                target = paragraph if index == 0 else cell.add_paragraph()
                if index:
                    target.alignment = paragraph.alignment
                _set_font(target.add_run(line), _SMALL if item.small else _SIZE, bold=item.bold)
    _paragraph(document, "", size=6)
    line = "　　".join(label for label, _, _ in SIGNATURES)
    _paragraph(document, line, size=10)


@private_context
def write_docx(
    table: Table,
    target: str | Path | IO[bytes],
    *,
    scorecard: Scorecard | None = None,
    annex: str = "附件",
) -> None:
    """Write *table* as a Word document holding the official 自评表 on A4."""
    docx = _docx()
    document = docx.Document()  # type: ignore[attr-defined]
    _a4(document)
    _form_table(document, official_form(table, scorecard=scorecard, annex=annex))
    document.save(target if not isinstance(target, Path) else str(target))


@private_context
def write_report_docx(
    tables: Sequence[Table],
    target: str | Path | IO[bytes],
    *,
    scorecards: Sequence[Scorecard] | None = None,
    title: str = "项目支出绩效自评报告",
    unit: str | None = None,
    annex_prefix: str = "附件2-",
) -> None:
    """Write a whole report: the 项目资金到位情况 summary (each project's executed amount and
    their sum), then every table as an annex (附件2-1, 附件2-2 …), as the seed's report."""
    if scorecards is not None and len(scorecards) != len(tables):
        raise DocumentError("one scorecard per table", value=len(scorecards))
    docx = _docx()
    document = docx.Document()  # type: ignore[attr-defined]
    _a4(document)
    if unit:
        _paragraph(document, unit, size=16, bold=True, align="center")
    _paragraph(document, title, size=16, bold=True, align="center")
    money = {t.funds.unit for t in tables if t.funds is not None} or {"万元"}
    if len(money) > 1:
        raise DocumentError("the tables state their amounts in different units", value=money)
    _paragraph(document, "项目资金到位情况", size=12, bold=True, align="center")
    summary = document.add_table(rows=len(tables) + 2, cols=2)
    summary.style = "Table Grid"
    heads = ("一级项目名称", f"资金（{money.pop()}）")
    amounts = []
    for col, text in enumerate(heads):
        _set_font(summary.cell(0, col).paragraphs[0].add_run(text), _SIZE, bold=True)
    for index, item in enumerate(tables, 1):
        executed = item.funds.total.executed if item.funds and item.funds.total else None
        if executed is not None:
            amounts.append(executed)
        _set_font(summary.cell(index, 0).paragraphs[0].add_run(item.project), _SIZE)
        shown = "" if executed is None else fixed(executed)
        _set_font(summary.cell(index, 1).paragraphs[0].add_run(shown), _SIZE)
    _set_font(summary.cell(len(tables) + 1, 0).paragraphs[0].add_run("合计"), _SIZE, bold=True)
    _set_font(summary.cell(len(tables) + 1, 1).paragraphs[0].add_run(fixed(add(*amounts))), _SIZE)
    for index, item in enumerate(tables):
        document.add_page_break()
        card = scorecards[index] if scorecards is not None else None
        _form_table(
            document, official_form(item, scorecard=card, annex=f"{annex_prefix}{index + 1}")
        )
    document.save(target if not isinstance(target, Path) else str(target))
