"""The printed 项目支出绩效自评表: one layout, written as .xlsx and as .docx.

:func:`official_form` lays a table out as the official form (附件 label, title, year,
单位：万元, the 项目资金 block, 年度总体目标, the 绩效指标 / 一级 / 二级 / 三级指标 block, 总分,
and the 填报 lines) on an abstract grid, with the row heights its text needs in 宋体.
:func:`perfeval.spreadsheet.write_workbook` renders it as a worksheet; :func:`write_docx`
and :func:`write_report_docx` render it as Word tables (``pip install 'perfeval[docx]'``).
Every export reads back through :func:`perfeval.readers.read_tables` to the same
document, and so the same scores and findings: the form prints each value so that it
cannot be read another way (see "Export and read back" in docs/formats.md), and keeps
what it has no cell for in :func:`hidden_fields`.

The grid (:class:`Form`, :class:`FormCell`, built by :class:`FormBuilder`) and the
writers (:func:`save_docx`, :func:`perfeval.spreadsheet.save_workbook`) are those of
every printed form: :mod:`perfeval.form_files` lays the other forms (rubrics,
score-coefficient tables, department forms) out on them.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Final

import attrs

from perfeval.document import dump_table
from perfeval.errors import DocumentError
from perfeval.funds import SOURCE_LABELS, FundBlock, FundRow, FundsScore
from perfeval.number import add, decimal_places, fixed, private_context, quantize_half_up
from perfeval.table import Scorecard, Table
from perfeval.targets import QUALITATIVE_PREFIX, Qualitative, Reading, parse_target

__all__ = [
    "BLANK",
    "FONT",
    "FUND_HEADING",
    "HIDDEN_FORMAT",
    "Form",
    "FormBuilder",
    "FormCell",
    "check_printable",
    "hidden_fields",
    "official_form",
    "runs",
    "save_docx",
    "target_text",
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
#: What the form prints in a cell that must read as blank where an empty cell would not
#: (a row without a 一级指标 below one with it; a row with nothing else printed).
BLANK: Final = "—"
#: The label the 项目资金 block prints in its first column, merged down its rows.
FUND_HEADING: Final = "项目资金"
#: The format tag of :func:`hidden_fields`.
HIDDEN_FORMAT: Final = "perfeval.workbook/1"
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
    """A printed form on an abstract grid: lines above (each left out when ``None``), the
    table's cells, row heights, and the lines below (填报单位, 填报人 …). The 自评表 is one
    (:func:`official_form`); the other forms are laid out on it too
    (:mod:`perfeval.form_files`)."""

    annex: str | None
    title: str | None
    year_line: str | None
    unit_line: str | None
    cells: tuple[FormCell, ...]
    rows: int
    heights: dict[int, float]
    widths: tuple[float, ...] = WIDTHS
    footer: tuple[tuple[str, int, int], ...] = SIGNATURES
    """The line below the table: each label with the first and last column it spans."""
    remarks: tuple[str, ...] = ()
    """Lines printed below the footer (what an audit found)."""
    landscape: bool = False
    """Printed across an A4 page turned sideways (a form of many columns)."""

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


def runs(values: Sequence[str | None]) -> Iterator[tuple[int, int]]:
    """The runs of equal consecutive *values*, as (first, last) indexes: the rows a
    heading printed once is merged down."""
    start = 0
    for index in range(1, len(values) + 1):
        if index == len(values) or values[index] != values[start]:
            yield start, index - 1
            start = index


def _level1_cells(table: Table) -> list[str | None]:
    """What the 一级指标 column prints for each row: the heading, or :data:`BLANK` for a
    row without one below a row with one (an empty cell there reads as the heading above
    continued, as clerks print a heading once for its rows)."""
    cells: list[str | None] = []
    seen = False
    for item in table.indicators:
        seen = seen or bool(item.level1)
        cells.append(item.level1 or (BLANK if seen else None))
    return cells


def target_text(target: Reading, *, year: int | None = None) -> str | None:
    """What the 年度指标值 cell prints for *target*: its text as printed when that reads
    back the same; a qualitative target that would not (a statement such as "无", which
    printed alone means 不适用) as ``定性：`` and its statement, which the readers take as
    the split columns 指标性质 = 定性, 指标值 = the statement."""
    text = target.text or str(target)
    if isinstance(target, Qualitative) and parse_target(text, year=year) != target:
        return QUALITATIVE_PREFIX + (target.text or target.statement)
    return text or None


#: Characters that neither an .xlsx cell nor a Word paragraph can hold (XML 1.0).
_UNPRINTABLE: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _texts(value: object, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key, path)
            yield from _texts(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, f"{path}[{index}]")


def check_printable(item: Table | Mapping[str, Any]) -> None:
    """Refuse a table (or the JSON document of another form) holding text that a printed
    form cannot hold (control characters, lone surrogates): a :class:`DocumentError` names
    every such place by its document path, where the file libraries would fail with their
    own errors."""
    document = dump_table(item) if isinstance(item, Table) else dict(item)
    errors = [
        DocumentError(
            f"U+{ord(match.group()):04X} cannot be printed in a form", field=path, value=text
        )
        for path, text in _texts(document, "")
        if (match := _UNPRINTABLE.search(text))
    ]
    if len(errors) == 1:
        raise errors[0]
    if errors:
        message = f"{len(errors)} problems: " + "; ".join(str(error) for error in errors)
        raise DocumentError(message, field=errors[0].field, errors=tuple(errors))


def hidden_fields(
    table: Table | None = None, *, notes: Sequence[str] = ()
) -> dict[str, str | None]:
    """What the printed form has no cell for, as text, so that an export reads back the
    same: the policy, the declared level-1 weights (a JSON object) and the notes (a JSON
    list) of *table*, or only *notes* for a form that is not a table (a rubric). An .xlsx
    keeps them on a hidden sheet, a .docx as custom document properties
    (``perfeval.policy`` …); :func:`perfeval.readers.read_tables` reads both."""
    if table is None:
        return {"format": HIDDEN_FORMAT, "notes": json.dumps(list(notes), ensure_ascii=False)}
    weights = {name: fixed(points) for name, points in table.level1_weights.items()}
    return {
        "format": HIDDEN_FORMAT,
        "policy": table.policy,
        "level1_weights": json.dumps(weights, ensure_ascii=False),
        "notes": json.dumps([*table.notes, *notes], ensure_ascii=False),
    }


class FormBuilder:
    """Collects the cells of a :class:`Form` column by column, each row as tall as the
    text in it needs in columns *widths* wide."""

    def __init__(self, widths: tuple[float, ...] = WIDTHS) -> None:
        self.widths = widths
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
        """Put *value* (text, a number shown to *places* decimals or more, or nothing) in
        the cell at *row*, *col*, merged down to *to_row* and across to *to_col*."""
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
            width = sum(self.widths[col - 1 : cell.to_col])
            need = text_height(cell.shown, width, _SMALL if small else _SIZE)
            self.heights[row] = max(self.heights.get(row, 18.0), need)


def _fund_rows(funds: FundBlock, scored: bool) -> list[FundRow]:
    """The rows the form prints: the total row (年度资金总额) when the table has one, or
    when the form is scored (then the derived total, the row the score is for), and the
    source rows."""
    top = funds.scored_row if scored else funds.total
    return ([] if top is None else [top]) + list(funds.sources)


def _fund_block(out: FormBuilder, row: int, funds: FundBlock, scored: FundsScore | None) -> int:
    """Lay out the 项目资金 block from *row*: its header and exactly the table's rows,
    each with its printed rate and score; the block's 分值 on its first row. Returns the
    row after the block."""
    rows = _fund_rows(funds, scored is not None)
    has_total = bool(rows) and rows[0].source == "total"
    out.put(row, 1, f"{FUND_HEADING}（{funds.unit}）", to_col=2, to_row=row + max(1, len(rows)))
    out.put(row, 3, None, to_col=4)
    for col, label in enumerate(
        ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"), 5
    ):
        out.put(row, col, label, bold=True)
    if not rows:  # a block with no rows: its 分值 alone, on a row with no label
        out.put(row + 1, 3, None, to_col=4)
        for col in (5, 6, 7, 9, 10):
            out.put(row + 1, col, None)
        out.put(row + 1, 8, funds.weight)
        return row + 2
    for index, fund_row in enumerate(rows):
        r = row + 1 + index
        label = SOURCE_LABELS.get(fund_row.source, fund_row.source)
        if has_total and fund_row.source == "current_year":
            label = "其中：" + label
        out.put(r, 3, label, to_col=4)
        out.put(r, 5, fund_row.initial_budget)
        out.put(r, 6, fund_row.annual_budget)
        out.put(r, 7, fund_row.executed)
        out.put(r, 8, funds.weight if index == 0 else None)
        rate: Decimal | None
        if scored is not None:  # the computed rate and score, on the scored row
            fraction = scored.rate.fraction if index == 0 else None
            rate = None if fraction is None else quantize_half_up(fraction, 4)
            score = scored.score if index == 0 else None
        else:
            printed = fund_row.printed_rate
            rate = None if printed is None else printed.scaleb(-2)
            score = fund_row.printed_score
        computed = scored is not None  # computed values to 2 decimals; printed ones as printed
        out.put(r, 9, rate, places=4 if computed else None, percent=True)
        out.put(r, 10, score, places=2 if computed else None)
    return row + len(rows) + 1


@private_context
def official_form(table: Table, *, scorecard: Scorecard | None = None, annex: str = "附件") -> Form:
    """*table* laid out as the official 自评表. With *scorecard*, the score cells hold the
    computed rate, scores and total; otherwise what the table printed. A text no form can
    hold is refused (:func:`check_printable`)."""
    check_printable(table)
    out = FormBuilder()
    funds = table.funds
    row = 1
    out.put(row, 1, "项目名称", to_col=2)
    out.put(row, 3, table.project, to_col=10, left=True)
    row += 1
    out.put(row, 1, "主管部门", to_col=2)
    out.put(row, 3, table.department, to_col=5, left=True)
    out.put(row, 6, "实施单位", to_col=7)
    out.put(row, 8, table.unit, to_col=10, left=True)
    row += 1
    if funds is not None:
        row = _fund_block(out, row, funds, scorecard.funds if scorecard is not None else None)
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
        target = target_text(item.target, year=table.year)
        actual = item.actual.text or str(item.actual) or None
        score = scores[index].score if scores is not None else item.score
        note = item.note
        if not (item.name or target or actual or item.weight is not None or score is not None):
            note = BLANK  # a row with nothing printed would not be read as a row
        out.put(r, 4, item.name or None)
        out.put(r, 5, target)
        out.put(r, 6, actual)
        out.put(r, 7, item.weight)
        out.put(r, 8, score, places=2 if scores is not None else None)
        out.put(r, 9, note, to_col=10, left=True)
    level1 = _level1_cells(table)
    for start, end in runs(level1):
        out.put(first + start, 2, level1[start], to_row=first + end)
        level2 = [item.level2 for item in table.indicators[start : end + 1]]
        for s2, e2 in runs(level2):
            out.put(first + start + s2, 3, level2[s2], to_row=first + start + e2)
    last = first + len(table.indicators) - 1
    out.put(header, 1, "绩效指标", to_row=max(header, last))
    row = last + 1
    out.put(row, 1, "总分", to_col=6, bold=True)
    weights = [i.weight for i in table.indicators if i.weight is not None]
    if funds is not None and funds.weight is not None:
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
        unit_line=f"单位：{funds.unit if funds is not None else FundBlock().unit}",
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


def _a4(document: object, *, landscape: bool = False) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    for section in document.sections:  # type: ignore[attr-defined]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Cm(29.7), Cm(21)
        section.left_margin = section.right_margin = Cm(1.8)
        section.top_margin = section.bottom_margin = Cm(2)


#: The Word form's width on A4 (upright, and turned sideways) less its margins, and each
#: cell's left and right margin.
_PAGE_CM: Final = 17.4
_LANDSCAPE_CM: Final = 26.1
_PADDING_CM: Final = 0.1
_POINT_CM: Final = 2.54 / 72


def one_line(cell: FormCell) -> bool:
    """Whether *cell* must stay on one line: a number ("100.00%" broken over two lines
    reads as two values) or a short heading or label of one row and at most five
    characters ("全年执行数", not "全年执/行数"; 绩效指标, merged down its rows, may wrap)."""
    if cell.number is not None:
        return True
    text = cell.text or ""
    return cell.row == cell.to_row and "\n" not in text and 0 < _width(text) <= 10


def cell_width_cm(cell: FormCell) -> float:
    """The width *cell*'s text takes on one line in the Word form, margins included."""
    size = _SMALL if cell.small else _SIZE
    bold = 1.05 if cell.bold else 1.0  # a bold 宋体 glyph is drawn a little wider
    return _width(cell.shown) * size / 2 * _POINT_CM * bold + 2 * _PADDING_CM + 0.05


def word_widths(form: Form) -> list[float]:
    """The Word form's column widths in cm: the form's proportions on the page, each column
    at least as wide as the one-line cells (:func:`one_line`) in it need, the room they
    take given up by the columns of wrapping text in proportion to their slack (none
    narrower than two characters: 绩效指标 prints as 绩效 / 指标)."""
    page = _LANDSCAPE_CM if form.landscape else _PAGE_CM
    base = [width * page / sum(form.widths) for width in form.widths]
    need = [cell_width_cm(FormCell(row=0, col=0, to_row=0, to_col=0, text="绩效"))] * len(base)
    for cell in form.cells:
        if one_line(cell) and cell.col == cell.to_col:
            need[cell.col - 1] = max(need[cell.col - 1], cell_width_cm(cell))
    widths = [max(b, n) for b, n in zip(base, need, strict=True)]
    over = sum(widths) - page
    slack = [w - n for w, n in zip(widths, need, strict=True)]
    if over > 0 and sum(slack) > 0:
        share = min(1.0, over / sum(slack))
        widths = [w - s * share for w, s in zip(widths, slack, strict=True)]
    return widths


def _no_wrap(cell: Any) -> None:
    from docx.oxml import OxmlElement

    properties = cell._tc.get_or_add_tcPr()
    properties.insert_element_before(OxmlElement("w:noWrap"), *CT_TCPR_AFTER_NOWRAP)


#: The elements a cell's properties hold after ``w:noWrap``, in schema order.
CT_TCPR_AFTER_NOWRAP: Final = (
    "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark", "w:headers",
    "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
)  # fmt: skip


def _cell_margins(table: Any) -> None:
    """Narrow left and right cell margins (:data:`_PADDING_CM`) for the whole table."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(round(_PADDING_CM / 2.54 * 1440)))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    table._tbl.tblPr.insert_element_before(
        margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"
    )


def _form_table(document: object, form: Form) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    if form.annex:
        _paragraph(document, form.annex, size=12, bold=True)
    if form.title:
        _paragraph(document, form.title, size=16, bold=True, align="center")
    if form.year_line:
        _paragraph(document, form.year_line, size=12, align="center")
    if form.unit_line:
        _paragraph(document, form.unit_line, size=10, align="right")
    table = document.add_table(rows=form.rows, cols=len(form.widths))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_margins(table)
    widths = [Cm(width) for width in word_widths(form)]
    for col, width in enumerate(widths):
        table.columns[col].width = width
    for tr in table._tbl.tr_lst:  # each cell too, before merging: Word reads these
        for tc, width in zip(tr.tc_lst, widths, strict=True):
            tc.width = width
    rows = table.rows

    def at(row: int, col: int) -> Any:
        return rows[row - 1].cells[col - 1]  # cheaper than table.cell, which scans the table

    for item in form.cells:
        cell = at(item.row, item.col)
        if (item.to_row, item.to_col) != (item.row, item.col):
            cell = cell.merge(at(item.to_row, item.to_col))
        text = item.shown
        if one_line(item):
            _no_wrap(cell)
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if item.left else WD_ALIGN_PARAGRAPH.CENTER
        if text:
            for index, line in enumerate(text.split("\n")):
                target = paragraph if index == 0 else cell.add_paragraph()
                if index:
                    target.alignment = paragraph.alignment
                _set_font(target.add_run(line), _SMALL if item.small else _SIZE, bold=item.bold)
    _paragraph(document, "", size=6)
    if form.footer:
        _paragraph(document, "　　".join(label for label, _, _ in form.footer), size=10)
    for remark in form.remarks:
        _paragraph(document, remark, size=10)


_CUSTOM: Final = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT: Final = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID: Final = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # user-defined properties


def _custom_properties(document: object, fields: dict[str, str | None]) -> None:
    """Keep *fields* as the document's custom properties, named ``perfeval.<field>``."""
    from xml.sax.saxutils import escape, quoteattr

    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    items = [(key, value) for key, value in fields.items() if value is not None]
    properties = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name={quoteattr("perfeval." + key)}>'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (key, value) in enumerate(items, start=2)  # pids 0 and 1 are reserved
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{_CUSTOM}" xmlns:vt="{_VT}">{properties}</Properties>'
    )
    package = document.part.package  # type: ignore[attr-defined]
    part = Part(
        PackURI("/docProps/custom.xml"),
        CONTENT_TYPE.OFC_CUSTOM_PROPERTIES,
        xml.encode("utf-8"),
        package,
    )
    package.relate_to(part, RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)


@private_context
def write_docx(
    table: Table,
    target: str | Path | IO[bytes],
    *,
    scorecard: Scorecard | None = None,
    annex: str = "附件",
) -> None:
    """Write *table* as a Word document holding the official 自评表 on A4, with what the
    form has no cell for (:func:`hidden_fields`) as custom document properties."""
    save_docx(official_form(table, scorecard=scorecard, annex=annex), target, hidden_fields(table))


def save_docx(form: Form, target: str | Path | IO[bytes], hidden: dict[str, str | None]) -> None:
    """Write *form* as a Word document on A4, with *hidden* (:func:`hidden_fields`) as
    custom document properties: the Word writer of every printed form."""
    docx = _docx()
    document = docx.Document()  # type: ignore[attr-defined]
    _a4(document, landscape=form.landscape)
    _form_table(document, form)
    _custom_properties(document, hidden)
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
