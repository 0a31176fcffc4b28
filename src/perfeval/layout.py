"""Find a 自评表 in a grid of printed cells, whatever format the grid came from.

An edge module with no third-party import: the format adapters of
:mod:`perfeval.readers` turn a workbook sheet or a Word table into a :class:`Grid` (the
text a person sees in each cell, and the merged ranges), and :func:`find_tables` reads
every 自评表 in it into a ``perfeval.self-evaluation/1`` document mapping, each value kept
as the printed text, with a map from document paths to cell names. What a printed cell
means (blank placeholders, 元 and 万元, 分, percentages) is decided in one place only,
:func:`perfeval.document.table_from_mapping`.

The finder never guesses. Header labels are matched by their text (national, Sichuan
一体化 and other provincial synonyms); a header that does not resolve every column the
table needs raises :class:`~perfeval.errors.DocumentError` naming the cell and the column.
:func:`read_grid` also says which tables headed 三级指标 are not 自评表 (an indicator list
with no scores, a scoring sheet, a table with no project name) and why; a header repeated
inside a grid, or a table continued in another (:func:`join_continuation`), is read as
one table, with notes saying what was joined.

>>> grid = Grid.from_rows("自评表", [
...     ["项目名称", "工作经费"],
...     ["三级指标", "年度指标值", "实际完成值", "分值", "得分"],
...     ["信访接待人数", "200", "535", "15", "15"],
...     ["总分", "", "", "15", "15"],
... ])
>>> found = find_tables(grid)[0]
>>> found.document["indicators"][0]["actual"], found.cells["indicators[0].score"]
('535', '自评表!E3')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence, Set
from types import MappingProxyType
from typing import Any, Final

import attrs

from perfeval.cells import is_placeholder
from perfeval.document import FORMAT, table_from_mapping
from perfeval.errors import DocumentError
from perfeval.number import private_context
from perfeval.table import Table

__all__ = [
    "FUND_FIELDS",
    "FUND_STOP",
    "FUND_TOTAL",
    "INDICATOR_FIELDS",
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_TEXT",
    "FoundTable",
    "Grid",
    "GridTables",
    "GridView",
    "Part",
    "SkippedTable",
    "bare",
    "column_letter",
    "continuation_gap",
    "find_tables",
    "fold",
    "join_continuation",
    "labels",
    "read_grid",
    "source_label",
    "table_of",
]

#: Limits on every grid, whatever its format: a hostile file fails fast.
MAX_ROWS: Final = 2000
MAX_COLUMNS: Final = 60
MAX_CELLS: Final = 60_000
#: The characters of text a grid may show: a workbook's shared strings let a small file
#: show one long text in every cell, and every label search reads every character.
MAX_TEXT: Final = 4_000_000

Span = tuple[int, int, int, int]
"""A merged range: first row, first column, last row, last column (0-based, inclusive)."""


def column_letter(index: int) -> str:
    """The spreadsheet letters of 0-based column *index*: 0 → ``A``, 27 → ``AB``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def fold(text: str) -> str:
    """A label as the finder compares it: compatibility forms folded (``（`` → ``(``),
    spaces and line breaks removed, colons around it dropped.

    >>> fold(" 年度资金\\n总额： ")
    '年度资金总额'
    """
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return folded.strip(":")


@attrs.frozen(kw_only=True)
class Part:
    """The rows of a joined grid that come from a later table: a Word table continued in
    the next one (see :func:`join_continuation`)."""

    name: str
    """The table the rows come from (``table 3``)."""
    start: int
    """The grid's first row (0-based) that comes from it."""
    first: int
    """That row's 0-based row in its own table (after a dropped repeated header)."""


@attrs.frozen(kw_only=True)
class Grid:
    """A rectangle of cells as a person sees them: each cell's printed text ("" when
    empty), the merged ranges (the text sits in the first cell of a range), and how to
    name a cell in a message."""

    name: str
    """The sheet's name, or ``table N`` for a table of a document."""
    rows: tuple[tuple[str, ...], ...]
    merged: tuple[Span, ...] = ()
    kind: str = "sheet"
    """``sheet`` (cells named ``附件2-3!B7``) or ``table`` (``table 2, row 7, column 3``)."""
    above: tuple[str, ...] = ()
    """Lines printed above the grid (a document's 附件 label, title and 单位 line)."""
    notes: tuple[str, ...] = ()
    """What the adapter has to say about the cells (a formula with no cached value)."""
    parts: tuple[Part, ...] = ()
    """Where rows joined from a continuation table come from, so their cells keep their
    own names."""
    continued: tuple[Span, ...] = ()
    """Cells at the top of the grid that go on from a merged cell above it: in a Word
    table split across a page, a vertical merge (``w:vMerge``) with no cell above to
    start it. Joined to the table above, they join that cell."""

    @classmethod
    def from_rows(
        cls,
        name: str,
        rows: Sequence[Sequence[str]],
        *,
        merged: Iterable[Span] = (),
        kind: str = "sheet",
        above: Iterable[str] = (),
        notes: Iterable[str] = (),
    ) -> Grid:
        """A grid from rows of text, padded to a rectangle; refused beyond the limits."""
        height = len(rows)
        width = max((len(row) for row in rows), default=0)
        check_size(name, height, width)
        shown = sum(len(text) for row in rows for text in row)
        if shown > MAX_TEXT:
            raise DocumentError(
                f"the grid shows {shown:,} characters of text; the limit is {MAX_TEXT:,}",
                field=name,
            )
        return cls(
            name=name,
            rows=tuple(tuple(row) + ("",) * (width - len(row)) for row in rows),
            merged=tuple(merged),
            kind=kind,
            above=tuple(above),
            notes=tuple(notes),
        )

    @classmethod
    def from_cells(
        cls,
        name: str,
        cells: Mapping[tuple[int, int], str],
        *,
        merged: Iterable[Span] = (),
        kind: str = "sheet",
        above: Iterable[str] = (),
        notes: Iterable[str] = (),
    ) -> Grid:
        """A grid from a sparse map of (row, column) → text."""
        height = max((r for r, _ in cells), default=-1) + 1
        width = max((c for _, c in cells), default=-1) + 1
        check_size(name, height, width)
        rows = [[""] * width for _ in range(height)]
        for (r, c), text in cells.items():
            rows[r][c] = text
        return cls.from_rows(name, rows, merged=merged, kind=kind, above=above, notes=notes)

    def cell_name(self, row: int, col: int) -> str:
        """How a message names the cell at 0-based *row*, *col*."""
        origin = self.origin(row)
        if self.kind == "sheet":
            return f"{origin.name}!{column_letter(col)}{origin.first + 1}"
        return f"{origin.name}, row {origin.first + 1}, column {col + 1}"

    def origin(self, row: int) -> Part:
        """Where the grid's 0-based *row* comes from: a part starting at *row*."""
        for part in reversed(self.parts):  # the last part that starts at or above the row
            if row >= part.start:
                return Part(name=part.name, start=row, first=row - part.start + part.first)
        return Part(name=self.name, start=row, first=row)


def check_size(name: str, height: int, width: int) -> None:
    """Refuse a grid beyond :data:`MAX_ROWS` × :data:`MAX_COLUMNS` (or :data:`MAX_CELLS`)."""
    if height > MAX_ROWS or width > MAX_COLUMNS or height * width > MAX_CELLS:
        raise DocumentError(
            f"the grid is {height} × {width} cells; the limit is {MAX_ROWS} × {MAX_COLUMNS}",
            field=name,
        )


@attrs.frozen(kw_only=True)
class FoundTable:
    """One 自评表 found in a file: its name, the document read from it, where each value
    came from, and the :class:`~perfeval.table.Table`."""

    name: str
    """The sheet's name, or ``table N`` for the N-th table of a document."""
    document: Mapping[str, Any]
    """The ``perfeval.self-evaluation/1`` mapping, every value as printed."""
    cells: Mapping[str, str]
    """Document path (``indicators[3].score``) → cell name (``附件2-3!H14``)."""
    table: Table


# Labels --------------------------------------------------------------------------------


def labels(*texts: str) -> frozenset[str]:
    """Header labels as the finder compares them (:func:`fold`).

    >>> sorted(labels("年度资金总额：", "合 计"))
    ['合计', '年度资金总额']
    """
    return frozenset(fold(text) for text in texts)


_PROJECT: Final = labels(
    "项目名称", "项目支出名称", "项目名称(代码)", "一级项目名称", "二级项目名称"
)
_DEPARTMENT: Final = labels("主管部门", "主管部门及代码", "主管单位", "部门名称")
_UNIT: Final = labels("实施单位", "项目实施单位", "预算单位", "单位名称")
_YEAR_LABEL: Final = labels("年度", "评价年度", "预算年度")
_GRADE: Final = labels("评价等级", "自评等级", "等级", "自评结果")
_PLANNED: Final = labels("预期目标", "年度预期目标", "年初设定目标")
_ACHIEVED: Final = labels("实际完成情况", "全年实际完成情况", "年度目标实际完成情况")
_TOTAL_ROW: Final = labels("总分", "合计", "总计", "总得分", "综合得分", "自评得分合计")
_SIGNATURE: Final = (
    "填报单位", "填报人", "联系电话", "填报日期", "单位负责人", "财务负责人", "项目负责人",
    "审核人", "制表人",
)  # fmt: skip

#: The fund block's columns: each field of a fund row and the header labels that name
#: its column (全年预算数, 调整后预算数 …), read-only; the home of these labels for every
#: reader of a fund block.
FUND_FIELDS: Final[Mapping[str, frozenset[str]]] = MappingProxyType(
    {
        "initial_budget": labels("年初预算数", "年初预算", "年初预算金额"),
        "annual_budget": labels(
            "全年预算数",
            "全年预算",
            "调整后预算数",
            "调整后预算",
            "全年预算数(A)",
            "预算数",
            "年度预算数",
            "调整预算数",
            "调整后全年预算数",
            "全年预算数(调整后)",
        ),
        "executed": labels(
            "全年执行数",
            "全年执行",
            "预算执行数",
            "执行数",
            "全年执行数(B)",
            "实际支出数",
            "实际执行数",
            "全年实际执行数",
            "执行金额",
        ),
        "weight": labels("分值", "权重", "权重(%)", "权重占比(%)", "权重占比"),
        "rate": labels("执行率", "预算执行率", "执行率(B/A)", "资金执行率"),
        "score": labels("得分", "自评得分"),
    }
)
#: The label of a fund block's total row (年度资金总额, 合计 …).
FUND_TOTAL: Final = labels(
    "年度资金总额", "资金总额", "总额", "合计", "总计", "项目资金总额", "年度资金总额合计",
    "预算资金总额", "资金合计", "项目资金合计",
)  # fmt: skip
_FUND_PRINTED: Final = frozenset({"weight", "rate", "score"})
#: Labels that end a fund block: the goals or the indicators begin on their row.
FUND_STOP: Final = labels(
    "年度总体目标", "年度绩效目标", "总体目标", "预期目标", "绩效指标", "一级指标", "三级指标"
)

#: The indicator block's columns: each field of an indicator row and the header labels
#: that name its column (三级指标, 年度指标值, 实际完成值, 分值, 得分 …), read-only.
INDICATOR_FIELDS: Final[Mapping[str, frozenset[str]]] = MappingProxyType(
    {
        "level1": labels("一级指标"),
        "level2": labels("二级指标"),
        "name": labels("三级指标"),
        "target": labels(
            "年度指标值",
            "年度目标值",
            "目标值",
            "年度指标值(A)",
            "预期指标值",
            "指标目标值",
            "年度目标",
            "全年指标值",
        ),
        "direction": labels("指标性质", "指标方向", "运算符号"),
        "value": labels("指标值"),
        "unit": labels("度量单位", "计量单位", "单位"),
        "actual": labels(
            "实际完成值",
            "全年实际值",
            "实际值",
            "完成值",
            "全年完成值",
            "实际完成值(B)",
            "实际完成指标值",
        ),
        "weight": labels("分值", "权重", "权重(%)", "权重占比(%)", "权重占比", "指标分值"),
        "score": labels("得分", "自评得分", "折算得分", "指标得分"),
        "item_score": labels("单项指标得分"),
        "note": labels(
            "偏差原因分析及改进措施",
            "偏差原因分析",
            "未完成原因分析",
            "未完成原因分析及改进措施",
            "偏差原因及改进措施",
            "原因分析及改进措施",
            "偏差原因",
        ),
    }
)
_SPLIT: Final = (
    INDICATOR_FIELDS["direction"] | INDICATOR_FIELDS["value"] | labels("度量单位", "计量单位")
)
_OPERATORS_ONLY: Final = labels("≥", "≤", ">", "<", "=", "≧", "≦", "定性", "定量", "正向", "反向")
_MONEY_UNITS: Final = ("万元", "千元", "亿元", "元")
_UNIT_SUFFIX = re.compile(r"^(.*?)\((万元|千元|亿元|元)\)$")
_UNIT_LINE = re.compile(r"^(?:金额|资金)?单位[:：]?(万元|千元|亿元|元)$")
_YEAR = re.compile(r"((?:19|20)[0-9][0-9])\s*年度")
_OTHER_DIGITS_YEAR = re.compile(r"(\d{4})\s*年度")  # \d: any script's digits
_REPORT_CODE = re.compile(r"报表编号[:：]?\s*([0-9A-Za-z_\-]+)")


def _strip_unit(label: str) -> tuple[str, str | None]:
    match = _UNIT_SUFFIX.match(label)
    return (match.group(1), match.group(2)) if match else (label, None)


_ANY_UNIT = re.compile(r"^(.+?)\((?:万元|千元|亿元|元|分|%|百分比)\)$")
#: A row under a fund header that only marks its columns: letters and formulas
#: (A, B, C=B/A), or units ((元), %).
_MARKER = re.compile(
    r"^\(?[A-Za-z][0-9]?(?:[=/×*+\-][A-Za-z0-9/×*+\-=%()]*)?\)?$"
    r"|^\(?(?:万元|千元|亿元|元|%|分)\)?$"
)
_COUNT_LABELS: Final = labels("栏次", "行次", "列次")
_COUNT = re.compile(r"^[0-9][0-9=/×*+\-()]*$")


def bare(label: str) -> str:
    """A folded header label without a unit in brackets after it: 权重（分） → 权重,
    执行率（%） → 执行率, 调整后预算数（元） → 调整后预算数 (the one reading of such a
    label, for every form's reader)."""
    match = _ANY_UNIT.match(label)
    return match.group(1) if match else label


class GridView:
    """A grid with its merged ranges resolved: every cell knows its range's first cell.

    The one place merged ranges are resolved: the 自评表 finder and the readers of the
    other forms (:mod:`perfeval._grid`) look at cells through it.
    """

    def __init__(self, grid: Grid) -> None:
        self.grid = grid
        self.height = len(grid.rows)
        self.width = len(grid.rows[0]) if grid.rows else 0
        self.anchor: dict[tuple[int, int], tuple[int, int]] = {}
        self.extent: dict[tuple[int, int], tuple[int, int]] = {}
        self.folds: dict[tuple[int, int], str] = {}
        """Each merged range's text folded once: a long merged cell is met many times."""
        for r0, c0, r1, c1 in grid.merged:
            if r0 >= self.height or c0 >= self.width:
                continue
            self.extent[(r0, c0)] = (min(r1, self.height - 1), min(c1, self.width - 1))
            for r in range(r0, min(r1, self.height - 1) + 1):
                for c in range(c0, min(c1, self.width - 1) + 1):
                    self.anchor[(r, c)] = (r0, c0)

    def home(self, r: int, c: int) -> tuple[int, int]:
        """The first cell of the merged range holding (r, c), or (r, c) itself."""
        return self.anchor.get((r, c), (r, c))

    def text(self, r: int, c: int) -> str:
        """The printed text of the cell: that of its merged range's first cell, stripped."""
        hr, hc = self.home(r, c)
        return self.grid.rows[hr][hc].strip()

    def folded(self, r: int, c: int) -> str:
        """The cell's text as labels are compared (:func:`fold`), folded once per merged
        range: the recognisers ask for the same headings many times."""
        home = self.home(r, c)
        if home not in self.folds:
            self.folds[home] = fold(self.text(r, c))
        return self.folds[home]

    def name(self, r: int, c: int) -> str:
        """How a message names the cell: its merged range's first cell."""
        return self.grid.cell_name(*self.home(r, c))

    def is_home(self, r: int, c: int) -> bool:
        """Whether (r, c) is the first cell of its merged range (or not merged)."""
        return self.home(r, c) == (r, c)

    def rows_below(self, r: int, c: int) -> int:
        """How many rows the range holding (r, c) reaches below row *r*."""
        hr, hc = self.home(r, c)
        last = self.extent.get((hr, hc), (hr, hc))[0]
        return max(0, last - r)

    def find(self, labels: frozenset[str], lo: int, hi: int) -> tuple[int, int] | None:
        """The first cell in rows [lo, hi) whose text is one of *labels*."""
        for r in range(lo, hi):
            for c in range(self.width):
                if self.is_home(r, c) and self.folded(r, c) in labels:
                    return r, c
        return None

    def right_of(self, r: int, c: int, stops: frozenset[str]) -> tuple[str, tuple[int, int]] | None:
        """The first text right of the label at (r, c) in its row, unless a label comes first."""
        home = self.home(r, c)
        for col in range(c + 1, self.width):
            if self.home(r, col) == home:
                continue
            text = self.text(r, col)
            if fold(text) in stops:
                return None
            if text:
                return text, self.home(r, col)
        return None


def _inline(text: str, labels: frozenset[str]) -> str | None:
    """The value of a "label：value" cell whose label is one of *labels*."""
    parts = re.split(r"[:：]", unicodedata.normalize("NFKC", text), maxsplit=1)
    if len(parts) == 2 and fold(parts[0]) in labels and parts[1].strip():
        return parts[1].strip()
    return None


_HEAD_LABELS: Final = (
    _PROJECT | _DEPARTMENT | _UNIT | _YEAR_LABEL | _GRADE | labels("项目资金", "项目资金(万元)")
)


#: Labels of a table's head: a row holding one ends the indicator rows above it.
_OTHER_HEAD: Final = (
    _HEAD_LABELS
    | _PLANNED
    | _ACHIEVED
    | labels("年度总体目标", "总体目标")
    | FUND_FIELDS["annual_budget"]
    | FUND_FIELDS["executed"]
)


class _Finder:
    def __init__(self, grid: Grid, *, printed_scores: bool = False) -> None:
        self.view = GridView(grid)
        self.grid = grid
        self.printed_scores = printed_scores
        """Whether the indicators may print 分值 and 得分 only (no target, no actual)."""
        self.cells: dict[str, str] = {}
        self.notes: list[str] = list(grid.notes)

    def fail(self, message: str, r: int, c: int) -> DocumentError:
        return DocumentError(message, field=self.view.name(r, c))

    def note(self, path: str, r: int, c: int | None) -> None:
        if c is not None:
            self.cells[path] = self.view.name(r, c)

    # The head: project, department, unit, year, money unit --------------------------

    def labelled(self, labels: frozenset[str], lo: int, hi: int) -> tuple[str | None, str | None]:
        """The value of the first cell labelled by *labels* in rows [lo, hi), and its cell."""
        v = self.view
        for r in range(lo, hi):
            for c in range(v.width):
                if not v.is_home(r, c):
                    continue
                text = v.text(r, c)
                inline = _inline(text, labels)
                if inline is not None:
                    return inline, v.name(r, c)
                if fold(text) in labels:
                    found = v.right_of(r, c, _HEAD_LABELS)
                    if found is None:
                        return None, v.name(r, c)
                    return found[0], self.grid.cell_name(*found[1])
        return None, None

    def title_lines(self, lo: int, hi: int) -> list[str]:
        lines = list(self.grid.above) if lo == 0 else []
        v = self.view
        for r in range(lo, hi):
            lines += [v.text(r, c) for c in range(v.width) if v.is_home(r, c) and v.text(r, c)]
        return lines

    # The fund block -------------------------------------------------------------------

    def header_band(self, top: int, fields: Mapping[str, frozenset[str]]) -> int:
        """How many rows the header starting at row *top* spans (1 or more)."""
        v = self.view
        depth = 1
        known = frozenset().union(*fields.values())
        for c in range(v.width):
            if v.is_home(top, c) and bare(v.folded(top, c)) in known:
                depth = max(depth, 1 + v.rows_below(top, c))
        below = top + depth
        sub = fields is INDICATOR_FIELDS and below < v.height
        if sub and any(v.folded(below, c) in _SPLIT for c in range(v.width)):
            depth += 1
        return min(depth, 3)

    def resolve(
        self, top: int, depth: int, fields: Mapping[str, frozenset[str]]
    ) -> tuple[dict[str, int], dict[int, list[str]]]:
        """Each field's column: the leftmost column whose header (any row of the band)
        is one of the field's labels; a lower row's label wins over a heading above it."""
        v = self.view
        heads: dict[int, list[str]] = {}
        for c in range(v.width):
            seen: list[str] = []
            for r in range(top, top + depth):
                text = v.folded(r, c)
                if text and text not in seen:
                    seen.append(text)
            heads[c] = seen
        columns: dict[str, int] = {}
        for field, labels in fields.items():
            best: tuple[int, int] | None = None
            for c, seen in heads.items():
                for level, text in enumerate(seen):
                    if text in labels or bare(text) in labels:
                        rank = (-level, c)
                        if best is None or rank < best:
                            best = rank
            if best is not None:
                columns[field] = best[1]
        return columns, heads

    def marks_columns(self, r: int, columns: Mapping[str, int]) -> bool:
        """Whether row *r* under a fund header only marks its columns: letters, formulas or
        units (A, B, C=B/A, (元)), or numbers in a row labelled 栏次."""
        v = self.view
        first = min(columns.values())
        labels = [v.folded(r, c) for c in range(first) if v.is_home(r, c) and v.folded(r, c)]
        counted = bool(labels) and all(t in _COUNT_LABELS for t in labels)
        if labels and not counted:
            return False
        marks = [v.folded(r, c) for c in columns.values() if v.folded(r, c)]
        return bool(marks) and all(_MARKER.match(t) or (counted and _COUNT.match(t)) for t in marks)

    def funds(self, lo: int, hi: int, document: dict[str, Any]) -> None:
        v = self.view
        header = v.find(FUND_FIELDS["annual_budget"] | FUND_FIELDS["executed"], lo, hi)
        if header is None:
            for r in range(lo, hi):  # a header whose labels carry the unit: 全年预算数（万元）
                for c in range(v.width):
                    name, suffix = _strip_unit(v.folded(r, c))
                    if suffix and name in FUND_FIELDS["annual_budget"]:
                        header = (r, c)
                        break
                if header:
                    break
        if header is None:
            return
        top = header[0]
        depth = self.header_band(top, FUND_FIELDS)
        columns, heads = self.resolve(top, depth, FUND_FIELDS)
        while top + depth < hi and self.marks_columns(top + depth, columns):
            depth += 1  # a row of column letters or units (A, B, C=B/A; (元)) under the header
            columns, heads = self.resolve(top, depth, FUND_FIELDS)
        amounts = [
            columns[f] for f in ("initial_budget", "annual_budget", "executed") if f in columns
        ]
        if "annual_budget" not in columns or "executed" not in columns:
            missing = "全年预算数" if "annual_budget" not in columns else "全年执行数"
            raise self.fail(f"the fund header has no column headed {missing}", *header)
        unit = None
        for c in amounts:
            for text in heads[c]:
                unit = unit or _strip_unit(text)[1]
        first_amount = min(amounts)
        for c in range(first_amount):
            for r in range(top, top + depth):
                match = re.search(r"\((万元|千元|亿元|元)\)", v.folded(r, c))
                if match and unit is None and "资金" in v.folded(r, c):
                    unit = match.group(1)
        if unit is not None:
            document["amount_unit"] = unit
        rows: list[dict[str, Any]] = []
        places: list[list[tuple[str, int, int]]] = []  # each row's fields and cells
        weight = None
        total: int | None = None
        for r in range(top + depth, hi):
            if any(v.folded(r, c) in FUND_STOP for c in range(v.width)):
                break
            label: str | None = None
            label_at: tuple[int, int] | None = None
            block: tuple[int, int] | None = None  # the block label merged down over the row
            for c in range(first_amount - 1, -1, -1):
                hr, hc = v.home(r, c)
                if hr < top + depth and v.text(r, c):
                    block = block or (hr, hc)
                if hr < top + depth or not v.text(r, c):
                    continue  # the block label (项目资金) merged down from the header
                label, label_at = v.text(r, c), (hr, hc)
                break
            blank = all(not v.text(r, c) for c in amounts)
            # the block's 分值, a row's 执行率 and 得分: read where the row prints them in a
            # cell of its own (not one merged down from the row above)
            own = {f: c for f, c in columns.items() if f in _FUND_PRINTED and v.home(r, c)[0] == r}
            if weight is None and "weight" in own:
                weight = _blank_none(v.text(r, own["weight"]))
                self.note("funds.weight", r, own["weight"])
            if label is None and blank:
                continue
            if label is None and not rows and block is not None and _names_funds(v.folded(*block)):
                # 项目资金 merged down over the first row, which has no label of its own
                label = "total"
                self.notes.append(
                    f"{v.name(r, first_amount)}: the first fund row has no label of its own; "
                    f"{v.text(*block)} spans it, and it is read as the total (年度资金总额)."
                )
            if label is None:
                raise self.fail(
                    "a fund row without its label (年度资金总额, 其中：…): the cells left of "
                    "the amounts are blank",
                    r,
                    first_amount,
                )
            source = "total" if label == "total" else source_label(label)
            row: dict[str, Any] = {"source": source}
            place: list[tuple[str, int, int]] = []
            if total is None and (source == "total" or fold(source) in FUND_TOTAL):
                row["source"] = "total"
                total = len(rows)
            for field in ("initial_budget", "annual_budget", "executed"):
                if field in columns:
                    row[field] = _blank_none(v.text(r, columns[field]))
                    place.append((field, r, columns[field]))
            for field in ("rate", "score"):
                if field in own or (field in columns and row["source"] == "total"):
                    row[field] = _blank_none(v.text(r, columns[field]))
                    place.append((field, r, columns[field]))
            if row["source"] == "total" and "weight" in columns:
                weight = _blank_none(v.text(r, columns["weight"]))
                self.note("funds.weight", r, columns["weight"])
            if label_at is not None:
                place.append(("source", *label_at))
            rows.append(row)
            places.append(place)
        if total:  # a total printed below its sources (合计 last) is the block's first row
            rows.insert(0, rows.pop(total))
            places.insert(0, places.pop(total))
        for index, place in enumerate(places):
            for field, r, c in place:
                self.note(f"funds.rows[{index}].{field}", r, c)
        funds: dict[str, Any] = {"weight": weight, "rows": rows}
        if columns.get("weight") is not None and any(
            "权重" in text for text in heads[columns["weight"]]
        ):
            self.notes.append(
                f"{v.name(top, columns['weight'])}: the fund block's 权重 is read as its points."
            )
        document["funds"] = funds

    # The indicator block --------------------------------------------------------------

    def indicators(self, top: int, hi: int, document: dict[str, Any]) -> int:
        """Read the indicator rows under the header at row *top*; the row after them."""
        v = self.view
        depth = self.header_band(top, INDICATOR_FIELDS)
        columns, heads = self.resolve(top, depth, INDICATOR_FIELDS)
        head_cell = v.find(INDICATOR_FIELDS["name"], top, top + 1) or (top, 0)
        split = "value" in columns
        target_heads = [
            c for c, seen in heads.items() if any(t in INDICATOR_FIELDS["target"] for t in seen)
        ]
        target_home = {v.home(top, c) for c in target_heads}
        if not split and (
            "direction" in columns or ("unit" in columns and "target" in columns and depth > 1)
        ):
            c = columns.get("direction", columns.get("unit", 0))
            raise self.fail(
                "the target is split into 指标性质 / 指标值 / 度量单位, but no column is headed "
                "指标值: the target values cannot be read",
                top + depth - 1,
                c,
            )
        if not split and len(target_heads) > 1 and len(target_home) == 1:
            raise self.fail(
                "年度指标值 spans several columns, but none below it is headed 指标值: the "
                "target values cannot be read",
                *sorted(target_home)[0],
            )
        if split:
            columns.pop("target", None)
        else:
            columns.pop("direction", None)
            columns.pop("unit", None)
        needed = [("三级指标", "name"), ("年度指标值 / 指标值", "value" if split else "target"),
                  ("实际完成值", "actual"), ("分值", "weight")]  # fmt: skip
        if self.printed_scores:
            needed = [("三级指标", "name"), ("分值", "weight"), ("得分", "score")]
        missing = [label for label, field in needed if field not in columns]
        if missing:
            raise self.fail(
                "the indicator header has no column headed " + ", ".join(missing), *head_cell
            )
        if "item_score" in columns and "score" in columns:
            self.notes.append(
                f"{v.name(top, columns['score'])}: the score is read from this column; "
                f"单项指标得分 ({v.name(top, columns['item_score'])}) is not read."
            )
        elif "item_score" in columns:
            columns["score"] = columns["item_score"]
        columns.pop("item_score", None)
        weight_heads = heads[columns["weight"]]
        if any("占比" in t or "%" in t for t in weight_heads):
            self.notes.append(
                f"{v.name(top, columns['weight'])}: the weights are printed as 权重占比(%) and "
                "are read as points out of 100."
            )
        used = [c for f, c in columns.items() if f not in ("level1", "level2")]
        rows: list[dict[str, Any]] = []
        level1: str | None = None
        r = top + depth
        end = hi
        while r < hi:
            texts = [v.folded(r, c) for c in range(v.width)]
            if any(t in _TOTAL_ROW for t in texts):
                self.total_row(r, columns, document)
                end = r + 1
                break
            if any(t.startswith(_SIGNATURE) for t in texts if t) or any(
                t in _OTHER_HEAD or _inline(v.text(r, c), _PROJECT) for c, t in enumerate(texts)
            ):
                end = r  # 填报 lines, or the head of the next table (项目名称, 项目资金 …)
                break
            if all(not v.text(r, c) for c in used):
                r += 1
                continue
            if "level1" in columns:
                new = v.text(r, columns["level1"])
                if new:  # an empty cell continues the heading above; a placeholder is blank
                    level1 = None if is_placeholder(new) else new
            index = len(rows)
            path = f"indicators[{index}]"
            item: dict[str, Any] = {"level1": level1}
            item["level2"] = (
                _blank_none(v.text(r, columns["level2"])) if "level2" in columns else None
            )
            item["name"] = v.text(r, columns["name"]) or None
            if split:
                item["target"] = {
                    key: _blank_none(v.text(r, columns[key])) if key in columns else None
                    for key in ("direction", "value", "unit")
                }
            elif "target" in columns:
                item["target"] = _blank_none(v.text(r, columns["target"]))
            else:
                item["target"] = None  # scored as printed: the form prints no target
            for field in ("actual", "weight", "score", "note"):
                item[field] = _blank_none(v.text(r, columns[field])) if field in columns else None
            for field, col in columns.items():
                key = {"value": "target", "direction": "target.direction", "unit": "target.unit"}
                self.note(f"{path}.{key.get(field, field)}", r, col)
            self.note(path, r, columns["name"])
            rows.append(item)
            r += 1
        if not split and "target" in columns:
            self.check_operators(rows, top, columns["target"])
        document["indicators"] = rows
        return end

    def check_operators(self, rows: list[dict[str, Any]], top: int, col: int) -> None:
        targets = [fold(row["target"]) for row in rows if isinstance(row.get("target"), str)]
        if targets and all(t in _OPERATORS_ONLY for t in targets):
            raise self.fail(
                "every target in this column is a bare operator (≥, ≤, 定性 …): the target is "
                "split into 指标性质 / 指标值 / 度量单位, but no column is headed 指标值",
                top,
                col,
            )

    def total_row(self, r: int, columns: Mapping[str, int], document: dict[str, Any]) -> None:
        v = self.view
        if "score" in columns:
            score_at = v.home(r, columns["score"])
            label_cols = [c for c in range(v.width) if v.folded(r, c) in _TOTAL_ROW]
            if not any(v.home(r, c) == score_at for c in label_cols):
                document["total_score"] = _blank_none(v.text(r, columns["score"]))
                self.note("total_score", r, columns["score"])
        for c in range(v.width):
            if v.is_home(r, c) and v.folded(r, c) in _GRADE:
                found = v.right_of(r, c, _HEAD_LABELS)
                if found:
                    document["grade"] = found[0]
                    self.cells["grade"] = self.grid.cell_name(*found[1])
            inline = _inline(v.text(r, c), _GRADE)
            if inline:
                document["grade"] = inline
                self.note("grade", r, c)

    def not_a_table(self, head: int) -> str | None:
        """Why the table headed 三级指标 at row *head* is not a 自评表; ``None`` when it
        is one (it has scores, and targets or actual values)."""
        depth = self.header_band(head, INDICATOR_FIELDS)
        columns, _ = self.resolve(head, depth, INDICATOR_FIELDS)
        if not {"weight", "score", "item_score"} & columns.keys():
            return (
                "headed 三级指标 but with no 分值, 权重 or 得分 column: an indicator list "
                "(such as 指标完成情况), not a 自评表"
            )
        if not {"target", "value", "actual"} & columns.keys() and not self.printed_scores:
            return (
                "headed 三级指标 with scores but no 年度指标值 or 实际完成值 column: a scoring "
                "sheet, not a 自评表"
            )
        return None

    def project(self, lo: int, head: int) -> tuple[str | None, str]:
        """The project name of the table whose head rows are [lo, head) and where it is:
        a cell headed 项目名称 and its value, or a "项目名称：…" line printed above the
        grid; when there is none, the cell where it was looked for."""
        project, where = self.labelled(_PROJECT, lo, head)
        if not project and lo == 0:
            for line in self.grid.above:
                inline = _inline(line, _PROJECT)
                if inline:
                    return inline, f"{self.grid.name}, the line above it"
        return project, where or self.view.name(lo, 0)

    def table(self, lo: int, head: int, hi: int) -> tuple[dict[str, Any], int]:
        v = self.view
        document: dict[str, Any] = {"format": FORMAT}
        project, where = self.project(lo, head)
        if not project:
            raise DocumentError(
                "no project name (a cell headed 项目名称 and its value)", field=where
            )
        document["project"] = project
        if where:
            self.cells["project"] = where
        for key, labels in (("department", _DEPARTMENT), ("unit", _UNIT)):
            value, at = self.labelled(labels, lo, head)
            document[key] = value
            if at:
                self.cells[key] = at
        year, at = self.labelled(_YEAR_LABEL, lo, head)
        shown = unicodedata.normalize("NFKC", year or "")[:4]
        if shown.isdigit() and not shown.isascii():  # ٢٠٢٣: digits, not 0-9
            self.notes.append(
                f"{at or 'the year'}: the year 「{year}」 is not "
                "printed in the digits 0–9 and is not read."
            )
        elif shown.isdigit():
            document["year"] = shown
        else:
            for line in self.title_lines(lo, head):
                folded = unicodedata.normalize("NFKC", line)
                match = _YEAR.search(folded)
                if match:
                    document["year"] = match.group(1)
                    break
                other = _OTHER_DIGITS_YEAR.search(folded)
                if other and not other.group(1).isascii():
                    self.notes.append(
                        f"the title 「{line.strip()}」: its year 「{other.group(1)}」 is not "
                        "printed in the digits 0–9 and is not read."
                    )
                    break
        for line in self.title_lines(lo, head):
            folded = fold(line)
            unit_line = _UNIT_LINE.match(folded) or re.search(
                r"(?:金额|资金)?单位[:：](万元|千元|亿元|元)", folded
            )
            if unit_line:
                document["amount_unit"] = unit_line.group(1)
                break
        self.funds(lo, head, document)
        if "funds" in document and "amount_unit" in document:
            document["funds"]["unit"] = document["amount_unit"]
        planned = v.find(_PLANNED, lo, head)
        achieved = v.find(_ACHIEVED, lo, head)
        goals: dict[str, Any] = {}
        for key, spot in (("planned", planned), ("achieved", achieved)):
            if spot is not None:
                below = spot[0] + 1 + v.rows_below(*spot)
                if below < v.height:
                    goals[key] = _blank_none(v.text(below, spot[1]))
                    self.note(f"goals.{key}", below, spot[1])
        document["goals"] = goals
        end = self.indicators(head, hi, document)
        if self.notes:
            document["notes"] = list(self.notes)
        return document, end


def _names_funds(label: str) -> bool:
    """Whether a block label names the project's funds (项目资金, 资金总额 …)."""
    return "资金" in label or bare(label) in FUND_TOTAL


def _blank_none(text: str) -> str | None:
    return text if text else None


def source_label(label: str) -> str:
    """A fund row's source as printed, without the layout words around it
    ("其中：", trailing colons, a unit in brackets)."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", label)).strip(":")
    text = re.sub(r"^其中[:：]?", "", text)
    text = _strip_unit(text)[0]
    return text or label


@attrs.frozen(kw_only=True)
class SkippedTable:
    """A sheet, a Word table or a part of one that was looked at and not read as a
    自评表, and why."""

    name: str
    """The sheet's name, ``table N``, or ``Sheet (2)`` for the second table of a sheet."""
    reason: str
    """Why it was not read."""
    cell: str | None = None
    """Its cell headed 三级指标, when it has one: a table that looks like a 自评表 and is
    not one (an indicator list such as 指标完成情况), rather than a cover sheet or a
    summary."""


@attrs.frozen(kw_only=True)
class GridTables:
    """What :func:`read_grid` finds in a grid: the 自评表 it reads, and the tables headed
    三级指标 that it does not read, with the reason."""

    found: tuple[FoundTable, ...]
    skipped: tuple[SkippedTable, ...]


def _heads(view: GridView) -> list[int]:
    """The rows holding a cell headed 三级指标."""
    return [
        r
        for r in range(view.height)
        if any(
            view.is_home(r, c) and view.folded(r, c) in INDICATOR_FIELDS["name"]
            for c in range(view.width)
        )
    ]


@private_context
def find_tables(grid: Grid) -> list[FoundTable]:
    """Every 自评表 in *grid*, top to bottom (none when the grid holds no 三级指标 header,
    or only tables that are not 自评表; :func:`read_grid` says which and why).

    :class:`~perfeval.errors.DocumentError` names the cell when a table is there but
    cannot be read without guessing.
    """
    return list(read_grid(grid).found)


@private_context
def read_grid(grid: Grid, *, printed_scores: bool = False) -> GridTables:
    """Every 自评表 in *grid*, top to bottom, and every table headed 三级指标 that is not
    one: an indicator list with no 分值, 权重 or 得分 column (a report's 指标完成情况),
    a table with scores but neither 年度指标值 nor 实际完成值 (a scoring sheet), or a
    table of indicators with no project name above it (no cell headed 项目名称, no
    "项目名称：…" line printed above the grid).

    With *printed_scores*, an indicator header printing 分值 and 得分 with neither
    年度指标值 nor 实际完成值 is read too, each row's target and actual blank: a form whose
    indicators are scored as printed (a department form's, say).

    :class:`~perfeval.errors.DocumentError` names the cell when a 自评表 is there but
    cannot be read without guessing.
    """
    grid = _rejoined(grid)
    view = GridView(grid)
    heads = _heads(view)
    found: list[FoundTable] = []
    skipped: list[SkippedTable] = []
    lo = 0
    for index, head in enumerate(heads):
        hi = heads[index + 1] if index + 1 < len(heads) else view.height
        finder = _Finder(grid, printed_scores=printed_scores)
        name = grid.name if len(heads) == 1 else f"{grid.name} ({index + 1})"
        reason = finder.not_a_table(head)
        cell = view.name(head, finder.resolve(head, 1, INDICATOR_FIELDS)[0]["name"])
        if reason is None and not finder.project(lo, head)[0]:
            reason = (
                "a table of indicators with scores but no project name (no cell headed "
                "项目名称 and its value above its 三级指标 header)"
            )
        if reason is not None:
            skipped.append(SkippedTable(name=name, reason=reason, cell=cell))
            lo = head + 1
            continue
        document, end = finder.table(lo, head, hi)
        found.append(
            FoundTable(
                name=name,
                document=document,
                cells=finder.cells,
                table=table_of(document, finder.cells),
            )
        )
        lo = end  # the next table's head rows start where this one's rows end
    return GridTables(found=tuple(found), skipped=tuple(skipped))


# Tables split across a page -------------------------------------------------------------


@private_context
def join_continuation(first: Grid, second: Grid) -> Grid | None:
    """*first* with *second* joined below it when *second* continues the 自评表 that
    *first* leaves open, as Word does with a table split across a page; ``None`` when it
    does not.

    *second* continues *first* when both have the same columns, *second* starts no table
    of its own (no 项目名称 above its rows), and *first* holds a 自评表 whose indicator rows
    run to its last row (no 总分 or 合计 row, no 填报 lines), or the head of one (a
    项目名称) whose 三级指标 header is in *second*. A header repeated at the top of
    *second* must be the same as *first*'s and is dropped. A row broken at the page edge
    is merged into the row above it when its first row has no 分值 or 得分 of its own and
    each of its texts continues a text of the row above (in the same column, not a new
    group). The grid's notes say what was joined; a first row that has no numbers but
    does not continue the row above is kept as its own row, and a note says so.
    """
    if not first.rows or not second.rows or len(first.rows[0]) != len(second.rows[0]):
        return None
    a, b = GridView(first), GridView(second)
    b_heads = _heads(b)
    b_head_end = b_heads[0] if b_heads else b.height
    if _has_project(b, b_head_end):
        return None  # the second table starts a table of its own
    texts = [r for r in range(b.height) if any(b.text(r, c) for c in range(b.width))]
    if not texts:
        return None
    top = texts[0]
    a_heads = _heads(a)
    joined = (
        f"{second.name} continues {first.name} (a table split across a page)"
        if second.name != first.name
        else f"{first.name} goes on below a repeated header (a table printed across pages)"
    )
    if not a_heads:  # the head (project, funds, goals) here, the indicators there
        if not b_heads or not _has_project(a, a.height):
            return None
        notes = [joined + " and is read as part of it."]
        last = max((r for r in range(a.height) if _filled(a, r)), default=None)
        goals = _goal_cells(a)
        if last is None or not goals or top >= b_heads[0]:
            return _joined(first, second, keep=0, notes=notes)
        merged = _continued(a, b, last, top, groups=set(), open_cells=goals)
        if merged is None:
            return _joined(first, second, keep=0, notes=notes)
        return _joined(
            first,
            second,
            keep=top + 1,
            notes=[*notes, _broken(merged, first, second.cell_name(top, merged[0][2][1]))],
            extend=merged,
        )
    head = a_heads[-1]
    finder = _Finder(first)
    if finder.not_a_table(head) is not None:
        return None
    depth = finder.header_band(head, INDICATOR_FIELDS)
    if not _open(a, head + depth, a.height):
        return None
    keep = top
    note = joined + " and is read as part of it"
    if b_heads:
        if b_heads[0] != top or top + depth > b.height:
            return None
        mine = [[a.folded(r, c) for c in range(a.width)] for r in range(head, head + depth)]
        theirs = [[b.folded(r, c) for c in range(b.width)] for r in range(top, top + depth)]
        if mine != theirs:
            return None  # another header: not the same table
        keep = top + depth
        note += f"; its repeated header ({second.cell_name(top, 0)}) is not read"
    notes = [note + "."]
    columns, _ = finder.resolve(head, depth, INDICATOR_FIELDS)
    last = max((r for r in range(head + depth, a.height) if _filled(a, r)), default=None)
    rest = [r for r in range(keep, b.height) if _filled(b, r)]
    if last is None or not rest:
        return _joined(first, second, keep=keep, notes=notes)
    broken = rest[0]
    numbers = [columns[f] for f in ("weight", "score", "item_score") if f in columns]
    if any(b.text(broken, c) for c in numbers) or _closing(b, broken):
        return _joined(first, second, keep=keep, notes=notes)
    groups = {columns[f] for f in ("level1", "level2") if f in columns}
    values = {columns[f] for f in ("target", "value", "direction", "actual") if f in columns}
    merged = _continued(a, b, last, broken, groups=groups, values=values)
    where = second.cell_name(broken, columns["name"])
    if merged is None:
        notes.append(
            f"{where}: this row has no 分值 or 得分 and does not read as the rest of "
            f"{first.cell_name(last, columns['name'])} broken across the page (a text where "
            "the row above has none, a new group or a value of its own): it is read as a row "
            "of its own."
        )
        return _joined(first, second, keep=keep, notes=notes)
    notes.append(_broken(merged, first, where))
    return _joined(first, second, keep=broken + 1, notes=notes, extend=merged)


def _broken(merged: Sequence[tuple[str, str, tuple[int, int]]], first: Grid, where: str) -> str:
    """The note on a row broken across a page and read as one; *where* names its cell."""
    joins = "; ".join(
        f"{first.cell_name(*home)} {old} + {new} → {old}{_glue(old, new)}{new}"
        for old, new, home in merged
    )
    return (
        f"{where}: this row continues the row above it, broken across the page, and is read "
        f"as part of it ({joins})."
    )


def _goal_cells(view: GridView) -> frozenset[tuple[int, int]]:
    """The cells holding the 预期目标 and 实际完成情况 texts (below their labels)."""
    cells = set()
    for labels in (_PLANNED, _ACHIEVED):
        spot = view.find(labels, 0, view.height)
        if spot is not None:
            below = spot[0] + 1 + view.rows_below(*spot)
            if below < view.height:
                cells.add(view.home(below, spot[1]))
    return frozenset(cells)


def continuation_gap(first: Grid, second: Grid, between: Sequence[str] = ()) -> str | None:
    """A note for *first* when *second* looks like the rest of its 自评表 (it follows a
    自评表 whose indicator rows run to the end, and has neither a 项目名称 nor a 三级指标
    header of its own) but is not joined to it (see :func:`join_continuation`): text
    stands *between* them, or it has other columns. ``None`` otherwise."""
    if not first.rows or not second.rows:
        return None
    a, b = GridView(first), GridView(second)
    heads = _heads(a)
    if _heads(b) or _has_project(b, b.height) or not heads:
        return None
    finder = _Finder(first)
    if finder.not_a_table(heads[-1]) is not None:
        return None
    if not _open(a, heads[-1] + finder.header_band(heads[-1], INDICATOR_FIELDS), a.height):
        return None
    if between:
        reason = f"text stands between them ({' / '.join(between)[:60]})"
    elif a.width != b.width:
        reason = f"it has {b.width} columns, not {a.width}"
    else:
        return None
    return (
        f"{second.name} follows {first.name}, whose indicator rows run to its end, and has "
        f"no 项目名称 or 三级指标 header of its own, but {reason}: it is not read as part of "
        f"{first.name}."
    )


def _filled(view: GridView, r: int) -> bool:
    return any(view.text(r, c) for c in range(view.width))


def _has_project(view: GridView, hi: int) -> bool:
    """Whether rows [0, hi) hold a 项目名称 label (a table's head)."""
    for r in range(hi):
        for c in range(view.width):
            if view.is_home(r, c) and (
                view.folded(r, c) in _PROJECT or _inline(view.text(r, c), _PROJECT)
            ):
                return True
    return False


def _closing(view: GridView, r: int) -> bool:
    """Whether row *r* ends a table: a 总分 or 合计 row, or a 填报 line."""
    texts = [view.folded(r, c) for c in range(view.width)]
    return any(t in _TOTAL_ROW or (t and t.startswith(_SIGNATURE)) for t in texts)


def _open(view: GridView, lo: int, hi: int) -> bool:
    """Whether the indicator rows from *lo* run to *hi* without a row that ends the table,
    or a row of another table's head (项目名称, 项目资金, 年度总体目标 …)."""
    return not any(
        _closing(view, r) or any(view.folded(r, c) in _OTHER_HEAD for c in range(view.width))
        for r in range(lo, hi)
    )


def _continued(
    a: GridView,
    b: GridView,
    last: int,
    broken: int,
    *,
    groups: set[int],
    values: Set[int] = frozenset(),
    open_cells: frozenset[tuple[int, int]] | None = None,
) -> list[tuple[str, str, tuple[int, int]]] | None:
    """The texts of row *broken* of *b* that continue row *last* of *a* (the text above,
    the text below, the cell above), or ``None`` when the row does not read as a
    continuation: a text in a column where the row above has none, a text that differs
    from a label merged down over the row above, a new group after a complete one (in a
    *groups* column, two complete group names: 社会效益指标 then 生态效益指标), or a value
    of its own (无, /, or in a *values* column a text starting with a digit or an
    operator: ≥90%). With *open_cells* (the goal texts of a table's head), only those
    cells may go on, merged down or not."""
    joins: list[tuple[str, str, tuple[int, int]]] = []
    seen: set[tuple[int, int]] = set()
    for c in range(b.width):
        if b.home(broken, c) != (broken, c):
            continue  # a cell spanning columns is read once; a dropped header's is not read
        text = b.text(broken, c)
        if not text:
            continue
        above = a.text(last, c)
        home = a.home(last, c)
        if not above:
            return None
        if fold(text) in _NONE_MARKS or (c in values and _VALUE_START.match(fold(text))):
            return None  # a value of its own, not the rest of one (无 below 无 too)
        if fold(text) == fold(above):
            continue  # a group label repeated on the new page
        if open_cells is not None:
            if home not in open_cells:
                return None
        elif home[0] < last or (c in groups and _group(above) and _group(text)):
            return None
        if home in seen:
            return None  # two texts would continue one cell: not a broken row
        seen.add(home)
        joins.append((above, text, home))
    return joins or None


#: Texts that are a row's own value, never the rest of a broken text.
_NONE_MARKS: Final = labels("无", "/", "／", "-", "—", "——", "不适用", "N/A", "n/a")
_VALUE_START: Final = re.compile(r"^[0-9≥≤<>=≧≦±+-]")


def _group(text: str) -> bool:
    """Whether *text* is a complete group name (it ends in 指标, or 指标 and its points:
    产出指标（50分）)."""
    return bool(re.search(r"指标(\(\d+(\.\d+)?分\))?$", fold(text)))


def _glue(before: str, after: str) -> str:
    """What goes between two halves of a broken text: nothing between Chinese characters,
    a space between two Latin words or numbers."""
    latin = before[-1:] + after[:1]
    return " " if len(latin) == 2 and latin.isascii() and latin.isalnum() else ""


def _joined(
    first: Grid,
    second: Grid,
    *,
    keep: int,
    notes: Sequence[str],
    extend: Sequence[tuple[str, str, tuple[int, int]]] = (),
) -> Grid:
    """*first* with the rows of *second* from row *keep* below it; *extend* appends texts
    to cells of *first* (a broken row's second half)."""
    rows = [list(row) for row in first.rows]
    for before, after, (r, c) in extend:
        rows[r][c] = before + _glue(before, after) + after
    offset = len(rows) - keep
    below = [list(row) for row in second.rows[keep:]]
    view = GridView(first)
    end = len(rows) - 1
    grown: dict[tuple[int, int], tuple[int, int]] = {}  # a cell of the seam → its new end
    added: list[Span] = []
    spans = [*second.merged, *(s for s in second.continued if s not in second.merged)]
    for r0, c0, r1, c1 in spans:
        if r1 < keep:
            continue
        if r0 < keep and extend and r0 == keep - 1 and below:
            # begun in the broken row: its text goes on from the first kept row
            text = second.rows[r0][c0]
            for _, after, (r, c) in extend:
                if c == c0 and after == text:
                    text = rows[r][c]
            below[0][c0] = text
        elif r0 < keep or ((r0, c0, r1, c1) in second.continued and r0 == keep):
            # merged down from above the seam: it goes on from the cell above, when that
            # cell has the same columns
            home = view.home(end, c0)
            if home[1] == c0 and view.extent.get(home, home)[1] == c1:
                grown[home] = (r1 + offset, c1)
                continue
        r0 = max(r0, keep)
        if (r0, c0) != (r1, c1):
            added.append((r0 + offset, c0, r1 + offset, c1))
    merged = [
        (r0, c0, grown[(r0, c0)][0], c1) if (r0, c0) in grown else (r0, c0, r1, c1)
        for r0, c0, r1, c1 in first.merged
    ]
    singles = {(r0, c0) for r0, c0, _, _ in first.merged}
    merged += [(r, c, r1, c1) for (r, c), (r1, c1) in grown.items() if (r, c) not in singles]
    merged += added
    later = [
        Part(name=part.name, start=part.start + offset, first=part.first)
        for part in second.parts
        if part.start > keep
    ]
    origin = second.origin(keep)
    return attrs.evolve(
        first,
        rows=tuple(tuple(row) for row in rows + below),
        merged=tuple(merged),
        notes=(*first.notes, *second.notes, *notes),
        parts=(*first.parts, attrs.evolve(origin, start=len(rows)), *later),
    )


def _rows(grid: Grid, lo: int, hi: int) -> Grid:
    """Rows [lo, hi) of *grid*, their cells keeping their names; a merged range crossing
    the edge is cut there (its text stays with its first cell)."""
    merged = [
        (max(r0, lo) - lo, c0, min(r1, hi - 1) - lo, c1)
        for r0, c0, r1, c1 in grid.merged
        if r0 < hi and r1 >= lo
    ]
    continued = [
        (0, c0, min(r1, hi - 1) - lo, c1) for r0, c0, r1, c1 in grid.merged if r0 < lo <= r1
    ]
    parts = [grid.origin(lo)] + [part for part in grid.parts if lo < part.start < hi]
    return attrs.evolve(
        grid,
        rows=grid.rows[lo:hi],
        merged=tuple(span for span in merged if span[:2] != span[2:]),
        continued=tuple(continued),
        parts=tuple(attrs.evolve(part, start=part.start - lo) for part in parts),
        notes=grid.notes if lo == 0 else (),
        above=grid.above if lo == 0 else (),
    )


def _rejoined(grid: Grid) -> Grid:
    """*grid* with each header repeated inside it (a table printed across pages and
    pasted back as one, or converted from a PDF) read as :func:`join_continuation` reads
    two Word tables: the repeated header dropped, a broken row merged, both noted."""
    while True:
        heads = _heads(GridView(grid))
        for head in heads[1:]:
            joined = join_continuation(_rows(grid, 0, head), _rows(grid, head, len(grid.rows)))
            if joined is not None:
                grid = joined
                break
        else:
            return grid


def table_of(document: Mapping[str, Any], cells: Mapping[str, str]) -> Table:
    """The :class:`Table` of a found *document*; an error names the cell it came from."""
    try:
        return table_from_mapping(document)
    except DocumentError as error:
        raise _located(error, cells) from None


def _located(error: DocumentError, cells: Mapping[str, str]) -> DocumentError:
    parts = tuple(_located(part, cells) for part in error.errors)
    path = error.field or ""
    cell = _cell_of(path, cells)
    if cell is None:
        return DocumentError(error.reason, field=path or None, value=error.value, errors=parts)
    message = f"{path}: {error.reason}"
    if parts:
        message = f"{len(parts)} problems: " + "; ".join(str(part) for part in parts)
    return DocumentError(message, field=cell, value=None if parts else error.value, errors=parts)


def _cell_of(path: str, cells: Mapping[str, str]) -> str | None:
    while path:
        if path in cells:
            return cells[path]
        path = path.rpartition(".")[0]
    return None
