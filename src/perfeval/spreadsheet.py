"""The 自评表 as an .xlsx workbook: write one laid out like the official table, read it
back, and read workbooks laid out by hand.

An edge module (``pip install perfeval[xlsx]``: openpyxl, with defusedxml so that XML
entities are never resolved). Reading never evaluates formulas (cached values only), checks
the file's size and its packed parts before parsing, and refuses sheets beyond
:data:`MAX_ROWS` × :data:`MAX_COLUMNS`.

The reader finds the header labels by their text (项目名称, 全年预算数, 三级指标,
实际完成值 …), wherever they are: extra blank rows, a title row, any number and order of
rows, level-1 headings such as "产出指标（50分）", merged group cells, and targets in one
column (年度指标值) or split into 指标性质 / 指标值 / 度量单位. A cell it cannot use raises
:class:`~perfeval.errors.DocumentError` naming the sheet and the cell.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Final

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from perfeval.document import parse_json
from perfeval.errors import DocumentError, PerfevalError
from perfeval.funds import SOURCE_LABELS, FundBlock, FundRow
from perfeval.indicators import Indicator
from perfeval.limits import Limits, read_source
from perfeval.number import fixed, normalize_text, to_decimal
from perfeval.table import Scorecard, Table
from perfeval.targets import PLACEHOLDERS, Blank, structured_target

__all__ = [
    "MAX_BYTES",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "cell_of",
    "read_workbook",
    "write_workbook",
]

#: Limits on untrusted workbooks.
MAX_BYTES: Final = 20 * 1024 * 1024
MAX_UNPACKED_BYTES: Final = 100 * 1024 * 1024
MAX_RATIO: Final = 200
MAX_ROWS: Final = 2000
MAX_COLUMNS: Final = 60

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


def _fold(value: Any) -> str:
    if value is None:
        return ""
    return re.sub(r"\s+", "", normalize_text(str(value)))


def _check_package(data: bytes, name: str) -> None:
    if len(data) > MAX_BYTES:
        raise DocumentError(f"the workbook is larger than {MAX_BYTES // 2**20} MiB", field=name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = 0
            for part in package.infolist():
                unpacked += part.file_size
                if part.compress_size and part.file_size / part.compress_size > MAX_RATIO:
                    raise DocumentError(
                        f"part {part.filename} unpacks {part.file_size // part.compress_size}"
                        "-fold: refused as a decompression bomb",
                        field=name,
                    )
            if unpacked > MAX_UNPACKED_BYTES:
                raise DocumentError("the workbook unpacks to more than 100 MiB", field=name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile):
        raise DocumentError("not an .xlsx workbook (not a zip package)", field=name) from None
    except (NotImplementedError, ValueError, RuntimeError, EOFError, OSError) as error:
        # a damaged or exotic package: unsupported zip versions, encryption, truncation
        raise DocumentError(f"not a readable .xlsx package: {error}", field=name) from None


class _Grid:
    """A sheet's cells with merged ranges resolved to their top-left value."""

    def __init__(self, sheet: Worksheet, name: str) -> None:
        if sheet.max_row > MAX_ROWS or sheet.max_column > MAX_COLUMNS:
            raise DocumentError(
                f"the sheet is {sheet.max_row} × {sheet.max_column} cells; the limit is "
                f"{MAX_ROWS} × {MAX_COLUMNS}",
                field=name,
            )
        self.sheet, self.name = sheet, name
        self.cells: dict[str, str] = {}
        """Document path → cell address, for every value read."""
        self.anchor: dict[tuple[int, int], tuple[int, int]] = {}
        for merged in sheet.merged_cells.ranges:
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    self.anchor[(r, c)] = (merged.min_row, merged.min_col)
        self.rows, self.cols = sheet.max_row, sheet.max_column

    def cell(self, row: int, col: int) -> Any:
        r, c = self.anchor.get((row, col), (row, col))
        return self.sheet.cell(row=r, column=c)

    def value(self, row: int, col: int) -> Any:
        return self.cell(row, col).value

    def same_cell(self, a: tuple[int, int], b: tuple[int, int]) -> bool:
        return self.anchor.get(a, a) == self.anchor.get(b, b)

    def where(self, row: int, col: int) -> str:
        r, c = self.anchor.get((row, col), (row, col))
        return f"{self.name}!{get_column_letter(c)}{r}"

    def note(self, path: str, row: int, col: int | None) -> None:
        """Remember that the value at document *path* was read from this cell."""
        if col:
            self.cells[path] = self.where(row, col)

    def find(self, *labels: str, after_row: int = 0) -> tuple[int, int] | None:
        wanted = {_fold(label) for label in labels}
        for r in range(after_row + 1, self.rows + 1):
            for c in range(1, self.cols + 1):
                if (r, c) in self.anchor and self.anchor[(r, c)] != (r, c):
                    continue
                if _fold(self.sheet.cell(row=r, column=c).value) in wanted:
                    return r, c
        return None

    def right_of(self, row: int, col: int) -> Any:
        for c in range(col + 1, self.cols + 1):
            if self.same_cell((row, c), (row, col)):
                continue
            value = self.value(row, c)
            if _fold(value) in _LABELS:
                return None  # the next label: this one's value is blank
            if value is not None and _fold(value) != "":
                return value
        return None

    def columns(self, row: int) -> dict[str, int]:
        found: dict[str, int] = {}
        for c in range(1, self.cols + 1):
            if self.anchor.get((row, c), (row, c)) != (row, c):
                continue
            text = _fold(self.sheet.cell(row=row, column=c).value)
            if text and text not in found:
                found[text] = c
        return found


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        return fixed(Decimal(repr(value)))
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return fixed(Decimal(value))
    text = str(value).strip()
    return text or None


def _amount(grid: _Grid, row: int, col: int | None, field: str) -> Decimal | None:
    if col is None:
        return None
    value = grid.value(row, col)
    if value is None or (isinstance(value, str) and normalize_text(value) in {*PLACEHOLDERS, "无"}):
        return None
    if isinstance(value, bool):
        raise DocumentError(f"{field}: a boolean is not a number", field=grid.where(row, col))
    number: Decimal
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else to_decimal(value)
    except PerfevalError:
        raise DocumentError(
            f"{field}: not a number", field=grid.where(row, col), value=value
        ) from None
    if number < 0:
        raise DocumentError(
            f"{field}: must not be negative", field=grid.where(row, col), value=value
        )
    return number


def _percent(grid: _Grid, row: int, col: int | None) -> Decimal | None:
    if col is None:
        return None
    cell = grid.cell(row, col)
    value = cell.value
    if isinstance(value, str):
        folded = normalize_text(value).strip()
        if folded.endswith("%"):
            try:
                return to_decimal(folded[:-1])
            except PerfevalError:
                raise DocumentError(
                    "rate: not a percentage", field=grid.where(row, col), value=value
                ) from None
    number = _amount(grid, row, col, "rate")
    if number is not None and isinstance(value, int | float) and "%" in str(cell.number_format):
        number = (number * 100).normalize()
        number = number.quantize(Decimal(1)) if number == number.to_integral() else number
    return number


def _column(columns: dict[str, int], *labels: str) -> int | None:
    for label in labels:
        folded = _fold(label)
        for text, col in columns.items():
            if text == folded or (folded.endswith("…") and text.startswith(folded[:-1])):
                return col
    return None


_LABELS: Final = {
    "项目名称", "项目支出名称", "主管部门", "实施单位", "年度", "评价等级", "总分",
    "项目资金（万元）", "年度总体目标",
}  # fmt: skip
_FUND_STOP: Final = {"年度总体目标", "一级指标", "预期目标", "绩效指标", "三级指标"}
_YEAR = re.compile(r"(\d{4})\s*年度")


def _funds(grid: _Grid) -> FundBlock | None:
    header = grid.find("全年预算数", "全年预算")
    if header is None:
        return None
    row = header[0]
    columns = grid.columns(row)
    initial = _column(columns, "年初预算数", "年初预算")
    annual = _column(columns, "全年预算数", "全年预算")
    executed = _column(columns, "全年执行数", "全年执行")
    weight_col = _column(columns, "分值")
    rate_col = _column(columns, "执行率")
    score_col = _column(columns, "得分")
    amount_cols = [c for c in (initial, annual, executed) if c is not None]
    first_amount = min(amount_cols)
    total: FundRow | None = None
    sources: list[FundRow] = []
    weight: Decimal | None = None
    unit = "万元"
    for r in range(row + 1, grid.rows + 1):
        texts = [_fold(grid.value(r, c)) for c in range(1, grid.cols + 1)]
        if any(text in _FUND_STOP for text in texts):
            break
        label = None
        for c in range(first_amount - 1, 0, -1):
            text = _text(grid.value(r, c))
            if text and not _fold(text).startswith("项目资金"):
                label = text
                break
        values = [grid.value(r, c) for c in amount_cols]
        if label is None and all(v is None for v in values):
            continue
        if label is None:
            raise DocumentError("a fund row without its label", field=grid.where(r, first_amount))
        item = FundRow(
            source=label,
            initial_budget=_amount(grid, r, initial, "initial_budget"),
            annual_budget=_amount(grid, r, annual, "annual_budget"),
            executed=_amount(grid, r, executed, "executed"),
        )
        index = 0 if item.source == "total" and total is None else len(sources) + 1
        for field, col in (("initial_budget", initial), ("annual_budget", annual),
                           ("executed", executed)):  # fmt: skip
            grid.note(f"funds.rows[{index}].{field}", r, col)
        if index == 0:
            grid.note("funds.rows[0].rate", r, rate_col)
            grid.note("funds.rows[0].score", r, score_col)
            grid.note("funds.weight", r, weight_col)
        if item.source == "total" and total is None:
            total = FundRow(
                source="total",
                initial_budget=item.initial_budget,
                annual_budget=item.annual_budget,
                executed=item.executed,
                printed_rate=_percent(grid, r, rate_col),
                printed_score=_amount(grid, r, score_col, "score"),
            )
            weight = _amount(grid, r, weight_col, "weight")
        else:
            sources.append(item)
    block_label = grid.find(*(f"项目资金（{u}）" for u in ("万元", "元", "亿元")))
    if block_label is not None:
        match = re.search(r"（(.+)）", normalize_text(str(grid.value(*block_label))))
        unit = match.group(1) if match else unit
    return FundBlock(weight=weight, unit=unit, total=total, sources=tuple(sources))


def _indicators(grid: _Grid) -> tuple[list[Indicator], int, dict[str, int]]:
    header = grid.find("三级指标")
    if header is None:
        raise DocumentError("no cell headed 三级指标 (the indicator rows)", field=grid.name)
    row = header[0]
    columns = grid.columns(row)
    if _column(columns, "指标值") is None and _column(columns, "年度指标值") is None:
        # two-row headers: 年度指标值 above 指标性质 / 指标值 / 度量单位
        columns = {**grid.columns(row + 1), **columns}
        lower = grid.columns(row + 1)
        if _column(lower, "指标值") is not None:
            columns.update(lower)
            row += 1
    c_level1 = _column(columns, "一级指标")
    c_level2 = _column(columns, "二级指标")
    c_name = _column(columns, "三级指标")
    c_target = _column(columns, "年度指标值", "年度目标值", "目标值")
    c_direction = _column(columns, "指标性质")
    c_value = _column(columns, "指标值")
    c_unit = _column(columns, "度量单位", "计量单位", "单位")
    c_actual = _column(columns, "实际完成值", "全年实际值", "实际值")
    c_weight = _column(columns, "分值")
    c_score = _column(columns, "得分")
    c_note = _column(columns, "偏差原因分析及改进措施", "偏差原因…", "未完成原因…")
    missing = [
        label
        for label, col in (
            ("实际完成值", c_actual),
            ("分值", c_weight),
            ("年度指标值 / 指标值", c_target if c_target is not None else c_value),
        )
        if col is None
    ]
    if missing:
        raise DocumentError(
            "no column headed " + ", ".join(missing), field=grid.where(header[0], header[1])
        )
    rows: list[Indicator] = []
    level1 = None
    end = row
    for r in range(row + 1, grid.rows + 1):
        end = r
        texts = [_fold(grid.value(r, c)) for c in range(1, grid.cols + 1)]
        if "总分" in texts or "合计" in texts:
            break
        cells = [c for c in (c_name, c_target, c_value, c_actual, c_weight, c_score) if c]
        if all(grid.value(r, c) is None for c in cells):
            if (
                c_level1 is not None
                and grid.value(r, c_level1) is not None
                and not any(grid.value(r, c) is not None for c in cells)
            ):
                level1 = _text(grid.value(r, c_level1))
            continue
        new1 = _text(grid.value(r, c_level1)) if c_level1 else None
        if new1 is not None:
            level1 = new1  # a blank level-1 cell continues the group above
        # a level-2 cell belongs to its own row or to a merged range: blank means blank
        level2 = _text(grid.value(r, c_level2)) if c_level2 else None
        if c_target is not None and (c_value is None or c_target != c_value):
            target: Any = _text(grid.value(r, c_target))
            cell = grid.cell(r, c_target)
            if isinstance(cell.value, int | float) and "%" in str(cell.number_format):
                target = f"{fixed(Decimal(repr(cell.value)) * 100)}%"
        else:
            target = structured_target(
                _text(grid.value(r, c_direction)) if c_direction else None,
                _text(grid.value(r, c_value)) if c_value else None,
                _text(grid.value(r, c_unit)) if c_unit else None,
            )
        actual = _text(grid.value(r, c_actual)) if c_actual else None
        cell = grid.cell(r, c_actual) if c_actual else None
        if (
            cell is not None
            and isinstance(cell.value, int | float)
            and "%" in str(cell.number_format)
        ):
            actual = f"{fixed(Decimal(repr(cell.value)) * 100)}%"
        path = f"indicators[{len(rows)}]"
        for field, col in (("level1", c_level1), ("level2", c_level2), ("name", c_name),
                           ("target", c_target or c_value), ("actual", c_actual),
                           ("weight", c_weight), ("score", c_score), ("note", c_note)):  # fmt: skip
            grid.note(f"{path}.{field}", r, col)
        grid.note(path, r, c_name)
        try:
            rows.append(
                Indicator(
                    name=_text(grid.value(r, c_name)) or "" if c_name else "",
                    level1=level1,
                    level2=level2,
                    target=target if target is not None else Blank(""),
                    actual=actual,
                    weight=_amount(grid, r, c_weight, "weight"),
                    score=_amount(grid, r, c_score, "score"),
                    note=_text(grid.value(r, c_note)) if c_note else None,
                )
            )
        except PerfevalError as error:
            raise DocumentError(error.reason, field=grid.where(r, 1), value=error.value) from None
    return rows, end, {"score": c_score or 0, "weight": c_weight or 0}


def _year(grid: _Grid) -> int | None:
    """The year from a cell headed 年度, else from "（2024年度）" in the top rows."""
    label = grid.find("年度")
    text = _text(grid.right_of(*label)) if label else None
    if text and text[:4].isdigit():
        return int(text[:4])
    for r in range(1, min(grid.rows, 6) + 1):
        for c in range(1, grid.cols + 1):
            match = _YEAR.search(normalize_text(str(grid.value(r, c) or "")))
            if match:
                return int(match.group(1))
    return None


def _meta(book: Any) -> dict[str, Any]:
    """What perfeval's hidden sheet keeps that the printed layout has no cell for: the
    policy (text), level1_weights (a JSON object) and notes (a JSON list of texts). Each is
    checked for its shape, and the JSON is read within the document limits."""
    if _META not in book.sheetnames:
        return {}
    found: dict[str, Any] = {}
    for number, row in enumerate(
        book[_META].iter_rows(min_row=1, max_row=10, max_col=2, values_only=True), start=1
    ):
        key, value = (*row, None, None)[:2]
        where = f"{_META}!B{number}"
        if key in ("level1_weights", "notes"):
            if value is None:
                continue
            if not isinstance(value, str):
                raise DocumentError(f"{key}: expected JSON text", field=where, value=value)
            try:
                data = parse_json(value)
            except PerfevalError as error:
                raise DocumentError(f"{key}: {error}", field=where) from None
            if key == "notes":
                if not isinstance(data, list) or not all(isinstance(n, str) for n in data):
                    raise DocumentError("notes: expected a JSON list of texts", field=where)
            elif not isinstance(data, dict):
                raise DocumentError("level1_weights: expected a JSON object", field=where)
            found[key] = data
        elif key == "policy":
            if value is not None and not isinstance(value, str):
                raise DocumentError("policy: expected a policy id", field=where, value=value)
            found[key] = value
        elif key is not None:
            found[str(key)] = value
    return found


def read_workbook(
    source: str | Path | IO[bytes],
    *,
    sheet: str | None = None,
    cells: dict[str, str] | None = None,
) -> Table:
    """A :class:`Table` from a workbook laid out like the 自评表 (by *sheet* name, else the
    first sheet with a 三级指标 header).

    Pass a dict as *cells* to learn where each value came from: it is filled with document
    paths and cell addresses (``"indicators[3].score": "自评表!H12"``), so that findings
    can point a clerk at the cell.
    """
    name = str(source) if isinstance(source, str | Path) else "<workbook>"
    if isinstance(source, str | Path):  # a regular file, read with a cap
        data = read_source(source, limits=Limits(max_workbook_bytes=MAX_BYTES), workbook=True)
    else:
        data = source.read(MAX_BYTES + 1)  # one byte past the limit is enough to refuse
    _check_package(data, name)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except DocumentError:
        raise
    except Exception as error:  # openpyxl raises many kinds on malformed packages
        first = (str(error).splitlines() or [type(error).__name__])[0]
        raise DocumentError(f"not a readable .xlsx workbook: {first}", field=name) from None
    chosen: Worksheet | None = None
    if sheet is not None:
        if sheet not in book.sheetnames:
            raise DocumentError("no such sheet; sheets: " + ", ".join(book.sheetnames), value=sheet)
        chosen = book[sheet]
    else:
        for candidate in book.worksheets:
            if _Grid(candidate, candidate.title).find("三级指标") is not None:
                chosen = candidate
                break
    if chosen is None:
        raise DocumentError("no sheet has a 三级指标 header", field=name)
    grid = _Grid(chosen, chosen.title)
    project_at = grid.find("项目名称", "项目支出名称")
    project = _text(grid.right_of(*project_at)) if project_at else None
    if not project:
        where = grid.where(*project_at) if project_at else grid.name
        raise DocumentError("no project name (a cell headed 项目名称 and its value)", field=where)
    department_at = grid.find("主管部门")
    unit_at = grid.find("实施单位")
    year = _year(grid)
    planned_at = grid.find("预期目标")
    achieved_at = grid.find("实际完成情况")
    indicators, end, columns = _indicators(grid)
    total_at = grid.find("总分", after_row=end - 1)
    printed_total = None
    if total_at is not None and columns["score"]:
        printed_total = _amount(grid, total_at[0], columns["score"], "total_score")
        grid.note("total_score", total_at[0], columns["score"])
    grade_at = grid.find("评价等级")
    grade = _text(grid.right_of(*grade_at)) if grade_at else None
    meta = _meta(book)
    funds = _funds(grid)
    if grade_at is not None:
        grid.note("grade", *grade_at)
    if cells is not None:
        cells.update(grid.cells)
    return Table(
        project=project,
        policy=meta.get("policy") or None,
        notes=tuple(meta.get("notes") or ()),
        level1_weights=meta.get("level1_weights") or {},
        department=_text(grid.right_of(*department_at)) if department_at else None,
        unit=_text(grid.right_of(*unit_at)) if unit_at else None,
        year=year,
        funds=funds,
        goals_planned=_text(grid.value(planned_at[0] + 1, planned_at[1])) if planned_at else None,
        goals_achieved=(
            _text(grid.value(achieved_at[0] + 1, achieved_at[1])) if achieved_at else None
        ),
        indicators=indicators,
        printed_total=printed_total,
        printed_grade=grade if grade and _fold(grade) not in PLACEHOLDERS else None,
    )


def cell_of(where: str, cells: dict[str, str]) -> str | None:
    """The cell a finding at document path *where* points to, or the nearest one above it
    (``indicators[3].note`` falls back to ``indicators[3]``)."""
    path = where
    while path:
        if path in cells:
            return cells[path]
        path = path.rpartition(".")[0]
    return None
