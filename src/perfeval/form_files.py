"""The other forms written as .xlsx and .docx: rubrics, score-coefficient tables and
department self-evaluations, each in a printed layout its recogniser reads.

An edge module (``pip install 'perfeval[xlsx]'`` or ``'perfeval[docx]'``). Each form is
laid out on the grid of the 自评表 writers (:class:`perfeval.forms.Form`) by
:func:`form_layout`, and written by their writers (:func:`perfeval.spreadsheet.save_workbook`,
:func:`perfeval.forms.save_docx`):

- a rubric (:class:`~perfeval.rubric.Rubric`), on A4 turned sideways: its title above;
  一级指标 (a 分值 and a 得分 column after it when a level declares them), 二级指标 (the
  same), 三级指标, 分值, 指标解释, 评分标准, 目标值, 评价情况, 是否可选 (可选项 on an
  optional row) and 得分; the 合计 row and the 评价等级 below it;
- a score-coefficient table (:class:`~perfeval.coefficient.CoefficientTable`), on A4
  turned sideways: 项目名称, the execution block (资金来源, 年初预算数, 全年预算数,
  全年执行数, 执行率, 执行率权重, 执行率得分), then 一级 / 二级 / 三级指标, 是否核心指标,
  年初指标值, 调整指标值, 全年完成值, 指标权重, 得分系数 (in percent), 指标得分,
  偏差原因分析及改进措施, 合计;
- a department form (:class:`~perfeval.department_form.DepartmentForm`): the 自评表 of
  :func:`perfeval.forms.official_form` headed 部门整体支出绩效自评表, with 部门名称 for
  项目名称, the income rows under 按收入性质分 and the expenditure rows under 按支出性质分.

**Lossless.** A form is written only when its printed layout reads back, through the
form's recogniser, to a form equal to it: before writing, the layout is read as the file
would be (:func:`printed_back`), and a field that would read back otherwise (a row named
合计, a 二级指标 left blank under a heading, a title with no line to print it on) is a
:class:`~perfeval.errors.DocumentError` naming the field and both values. What no cell
holds (a rubric's notes, a department table's policy, declared weights and notes) is kept
as the 自评表 writers keep it (:func:`perfeval.forms.hidden_fields`).

With *audit* (the form's :func:`~perfeval.rubric.audit_rubric`,
:func:`~perfeval.coefficient.audit_coefficients` or
:func:`~perfeval.department_form.audit_department_form` result), the score cells hold
perfeval's computed scores and total, and the findings are printed below the table.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Final

import attrs

from perfeval.coefficient import CoefficientAudit, CoefficientTable, read_coefficient_table
from perfeval.department_form import DepartmentAudit, DepartmentForm, read_department_form
from perfeval.document import dump_table
from perfeval.errors import DocumentError, InvalidTypeError
from perfeval.findings import Finding
from perfeval.form_documents import form_to_mapping
from perfeval.forms import (
    FUND_HEADING,
    Form,
    FormBuilder,
    FormCell,
    check_printable,
    hidden_fields,
    official_form,
    runs,
    save_docx,
)
from perfeval.funds import SOURCE_LABELS, FundBlock, FundRow
from perfeval.layout import Grid
from perfeval.number import add, private_context, quantize_half_up
from perfeval.rubric import Level, Rubric, RubricAudit, read_rubric

__all__ = [
    "COEFFICIENT_TITLE",
    "DEPARTMENT_TITLE",
    "OPTIONAL_MARK",
    "OtherAudit",
    "OtherForm",
    "form_layout",
    "printed_back",
    "write_form_docx",
    "write_form_workbook",
]

#: A form other than the 自评表.
OtherForm = Rubric | CoefficientTable | DepartmentForm
#: An audit of one.
OtherAudit = RubricAudit | CoefficientAudit | DepartmentAudit

#: The title line of a department form (its recogniser looks for 部门整体 … 绩效).
DEPARTMENT_TITLE: Final = "部门整体支出绩效自评表"
#: The title line of a score-coefficient table that has a title (printed in 项目名称).
COEFFICIENT_TITLE: Final = "项目支出绩效自评表"
#: What an optional rubric row prints in its 是否可选 column.
OPTIONAL_MARK: Final = "可选项"
_SHEETS: Final = {Rubric: "评分表", CoefficientTable: "自评表", DepartmentForm: "部门整体"}


# Rubrics --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Column:
    """A column of a laid-out form: the field it holds, its heading and its width; or a
    heading of a block above the table, over columns *first* to *last* (1-based)."""

    key: str
    label: str
    width: float = 0.0
    first: int = 0
    last: int = 0


#: A rubric's columns, left to right; :func:`_rubric_columns` leaves out those it does
#: not need.
_RUBRIC_COLUMNS: Final = (
    _Column(key="level1", label="一级指标", width=10.0),
    _Column(key="level1_weight", label="分值", width=6.0),
    _Column(key="level1_score", label="得分", width=6.0),
    _Column(key="level2", label="二级指标", width=10.0),
    _Column(key="level2_weight", label="分值", width=6.0),
    _Column(key="level2_score", label="得分", width=6.0),
    _Column(key="name", label="三级指标", width=14.0),
    _Column(key="weight", label="分值", width=6.0),
    _Column(key="explanation", label="指标解释", width=16.0),
    _Column(key="criterion", label="评分标准", width=18.0),
    _Column(key="target", label="目标值", width=10.0),
    _Column(key="evidence", label="评价情况", width=14.0),
    _Column(key="optional", label="是否可选", width=6.0),
    _Column(key="score", label="得分", width=6.0),
)


def _rubric_columns(rubric: Rubric) -> tuple[_Column, ...]:
    """The columns a rubric needs: a level's 分值 and 得分 only when a level declares
    them, 二级指标 when a row has one, 指标解释, 目标值 and 是否可选 when a row uses them."""
    top = [level for level in rubric.levels if level.parent is None]
    second = [level for level in rubric.levels if level.parent is not None]
    rows = rubric.rows

    def any_of(levels: Sequence[Level], field: str) -> bool:
        return any(getattr(level, field) is not None for level in levels)

    needed = {
        "level1_weight": any_of(top, "weight"),
        "level1_score": any_of(top, "printed_score"),
        "level2": bool(second) or any(row.level2 for row in rows),
        "level2_weight": any_of(second, "weight"),
        "level2_score": any_of(second, "printed_score"),
        "explanation": any(row.explanation for row in rows),
        "target": any(row.target for row in rows),
        "optional": any(row.optional for row in rows),
    }
    return tuple(column for column in _RUBRIC_COLUMNS if needed.get(column.key, True))


def _rubric_layout(rubric: Rubric, audit: RubricAudit | None) -> Form:
    columns = _rubric_columns(rubric)
    col = {column.key: index + 1 for index, column in enumerate(columns)}
    out = FormBuilder(tuple(column.width for column in columns))
    for column in columns:
        out.put(1, col[column.key], column.label, bold=True)
    first = 2
    for index, row in enumerate(rubric.rows):
        r = first + index
        out.put(r, col["name"], row.name or None)
        out.put(r, col["weight"], row.weight)
        out.put(r, col["score"], row.score)
        for key in ("explanation", "criterion", "target", "evidence"):
            if key in col:
                out.put(r, col[key], getattr(row, key), left=True, small=True)
        if "optional" in col:
            out.put(r, col["optional"], OPTIONAL_MARK if row.optional else None)
    levels: dict[tuple[str | None, str | None], Level] = {
        (level.parent, level.name): level for level in rubric.levels
    }
    level1 = [row.level1 for row in rubric.rows]
    for start, end in runs(level1):
        _level_cells(out, col, "level1", levels.get((None, level1[start])), level1[start],
                     first + start, first + end)  # fmt: skip
        if "level2" not in col:
            continue
        level2 = [row.level2 for row in rubric.rows[start : end + 1]]
        for s2, e2 in runs(level2):
            level = levels.get((level1[start], level2[s2])) if level2[s2] else None
            _level_cells(out, col, "level2", level, level2[s2], first + start + s2,
                         first + start + e2)  # fmt: skip
    total = first + len(rubric.rows)
    label_end = col["name"]
    scored = audit.scored if audit is not None else None
    out.put(total, 1, "合计", to_col=label_end, bold=True)
    out.put(total, col["weight"], rubric.printed_total_weight)
    out.put(total, col["score"], scored.total if scored is not None else rubric.printed_total)
    rows = total
    grade = rubric.printed_grade
    if scored is not None:
        grade = scored.grade.label if scored.grade is not None else None
    if grade:
        rows = total + 1
        out.put(rows, 1, "评价等级", to_col=label_end, bold=True)
        out.put(rows, label_end + 1, grade, to_col=len(columns), left=True)
    return _sideways(rubric.title, out, rows, audit)


def _sideways(
    title: str | None, out: FormBuilder, rows: int, audit: RubricAudit | CoefficientAudit | None
) -> Form:
    """The form of a rubric or a score-coefficient table: its title line and no other line
    above the table, on A4 turned sideways, an audit's findings below it."""
    return Form(
        annex=None,
        title=title,
        year_line=None,
        unit_line=None,
        cells=tuple(out.cells),
        rows=rows,
        heights=out.heights,
        widths=out.widths,
        footer=(),
        remarks=_remarks(audit.findings if audit is not None else ()),
        landscape=True,
    )


def _level_cells(
    out: FormBuilder,
    col: dict[str, int],
    field: str,
    level: Level | None,
    name: str | None,
    first: int,
    last: int,
) -> None:
    """A level's heading merged down its rows, and its 分值 and 得分 beside it."""
    out.put(first, col[field], name, to_row=last)
    weight = level.weight if level is not None else None
    score = level.printed_score if level is not None else None
    for key, value in (("weight", weight), ("score", score)):
        if f"{field}_{key}" in col:
            out.put(first, col[f"{field}_{key}"], value, to_row=last)


# Score-coefficient tables ---------------------------------------------------------------

_COEFFICIENT_COLUMNS: Final = (
    _Column(key="level1", label="一级指标", width=8.0),
    _Column(key="level2", label="二级指标", width=10.0),
    _Column(key="name", label="三级指标", width=14.0),
    _Column(key="core", label="是否核心指标", width=7.0),
    _Column(key="target", label="年初指标值", width=10.0),
    _Column(key="adjusted_target", label="调整指标值", width=10.0),
    _Column(key="actual", label="全年完成值", width=10.0),
    _Column(key="weight", label="指标权重", width=7.0),
    _Column(key="coefficient", label="得分系数", width=7.0),
    _Column(key="score", label="指标得分", width=7.0),
    _Column(key="note", label="偏差原因分析及改进措施", width=16.0),
)
#: The execution block's headings, each over the table's columns *first* to *last*.
_EXECUTION_COLUMNS: Final = (
    _Column(key="label", label="资金来源", first=1, last=3),
    _Column(key="initial_budget", label="年初预算数", first=4, last=5),
    _Column(key="annual_budget", label="全年预算数", first=6, last=6),
    _Column(key="executed", label="全年执行数", first=7, last=7),
    _Column(key="rate", label="执行率", first=8, last=8),
    _Column(key="weight", label="执行率权重", first=9, last=9),
    _Column(key="score", label="执行率得分", first=10, last=11),
)


def _coefficient_layout(table: CoefficientTable, audit: CoefficientAudit | None) -> Form:
    col = {column.key: index + 1 for index, column in enumerate(_COEFFICIENT_COLUMNS)}
    out = FormBuilder(tuple(column.width for column in _COEFFICIENT_COLUMNS))
    last = len(_COEFFICIENT_COLUMNS)
    row = 1
    if table.title is not None:
        out.put(row, 1, "项目名称", to_col=2, bold=True)
        out.put(row, 3, table.title, to_col=last, left=True)
        row += 1
    scored = audit.scored if audit is not None else None
    if table.execution is not None:
        row = _execution_block(out, row, table.execution, scored)
    for column in _COEFFICIENT_COLUMNS:
        out.put(row, col[column.key], column.label, bold=True)
    first = row + 1
    for index, item in enumerate(table.rows):
        r = first + index
        out.put(r, col["name"], item.name or None)
        out.put(r, col["core"], None if item.core is None else ("是" if item.core else "否"))
        for key in ("target", "adjusted_target", "actual"):
            out.put(r, col[key], getattr(item, key))
        out.put(r, col["weight"], item.weight)
        out.put(r, col["coefficient"], item.coefficient, percent=True)
        score = scored.lines[index].score if scored is not None else item.score
        out.put(r, col["score"], score, places=2 if scored is not None else None)
        out.put(r, col["note"], item.note, left=True, small=True)
    for key in ("level1", "level2"):
        values = [getattr(item, key) for item in table.rows]
        for start, end in runs(values):
            out.put(first + start, col[key], values[start], to_row=first + end)
    total = first + len(table.rows)
    out.put(total, 1, "合计", to_col=col["name"], bold=True)
    weights = [item.weight for item in table.rows if item.weight is not None]
    out.put(total, col["weight"], add(*weights) if weights else None)
    printed = scored.total if scored is not None else table.printed_total
    out.put(total, col["score"], printed, places=2 if scored is not None else None)
    return _sideways(COEFFICIENT_TITLE if table.title is not None else None, out, total, audit)


def _execution_block(out: FormBuilder, row: int, block: FundBlock, scored: Any) -> int:
    """The execution block from *row*: its header, the 年度资金总额 row (with the block's
    weight, and the computed rate and score when *scored*) and the source rows. Returns
    the row after it."""
    span = {column.key: column for column in _EXECUTION_COLUMNS}
    for column in _EXECUTION_COLUMNS:
        out.put(row, column.first, column.label, to_col=column.last, bold=True)
    rows: list[FundRow | None] = [block.total, *block.sources]
    for index, fund in enumerate(rows):
        r = row + 1 + index
        if fund is None:  # no total row: nothing prints where it would stand
            continue
        label = "年度资金总额" if index == 0 else SOURCE_LABELS.get(fund.source, fund.source)
        out.put(r, 1, label, to_col=span["label"].last)
        for key in ("initial_budget", "annual_budget", "executed"):
            out.put(r, span[key].first, getattr(fund, key), to_col=span[key].last)
        rate = None if fund.printed_rate is None else fund.printed_rate.scaleb(-2)
        score = fund.printed_score
        computed = scored is not None and index == 0 and scored.execution is not None
        if computed:  # the computed rate and score, as the 自评表 prints them
            fraction = scored.execution.rate.fraction
            rate = None if fraction is None else quantize_half_up(fraction, 4)
            score = scored.execution.score
        out.put(r, span["rate"].first, rate, percent=True, places=4 if computed else None)
        out.put(r, span["weight"].first, block.weight if index == 0 else None)
        out.put(r, span["score"].first, score, to_col=span["score"].last,
                places=2 if computed else None)  # fmt: skip
    return row + 1 + len(rows)


# Department forms -----------------------------------------------------------------------


def _department_layout(form: DepartmentForm, audit: DepartmentAudit | None) -> Form:
    """The 自评表 of the form's table with 部门名称 for 项目名称, 按收入性质分 above the
    income rows, and the expenditure rows under 按支出性质分 after them."""
    card = audit.scored.scorecard if audit is not None else None
    table_form = official_form(form.table, scorecard=card)
    cells = [_department_name(cell, form.department) for cell in table_form.cells]
    block = next((c for c in cells if (c.text or "").startswith(FUND_HEADING)), None)
    if block is None:
        raise DocumentError(
            "a department form prints its fund block (年度资金总额 and the rows under it)",
            field="table.funds",
        )
    funds = form.table.funds
    sources = len(funds.sources) if funds is not None else 0
    income_at = block.row + 2  # after the header and the 年度资金总额 row
    end = block.to_row + 1  # the row after the block
    inserted = 1 if sources else 0  # 按收入性质分, above the income rows
    extra = FormBuilder(table_form.widths)
    below = end + inserted
    if form.breakdown:
        extra.put(below, 3, "按支出性质分", to_col=4)
        for index, fund in enumerate(form.breakdown):
            r = below + 1 + index
            extra.put(r, 3, SOURCE_LABELS.get(fund.source, fund.source), to_col=4)
            extra.put(r, 5, fund.initial_budget)
            extra.put(r, 6, fund.annual_budget)
            extra.put(r, 7, fund.executed)
            rate = None if fund.printed_rate is None else fund.printed_rate.scaleb(-2)
            extra.put(r, 9, rate, percent=True)
            extra.put(r, 10, fund.printed_score)
        inserted += 1 + len(form.breakdown)
    shifted: list[FormCell] = []
    for cell in cells:
        if cell is block:
            cell = attrs.evolve(cell, to_row=cell.to_row + inserted)
        elif sources and cell.row >= income_at:
            step = 1 if cell.row < end else inserted
            cell = attrs.evolve(cell, row=cell.row + step, to_row=cell.to_row + step)
        elif cell.row >= end:
            cell = attrs.evolve(cell, row=cell.row + inserted, to_row=cell.to_row + inserted)
        shifted.append(cell)
    if sources:
        shifted.append(FormCell(row=income_at, col=3, to_row=income_at, to_col=4,
                                text="按收入性质分"))  # fmt: skip
    heights = {
        (r + (inserted if r >= end else 1 if sources and r >= income_at else 0)): height
        for r, height in table_form.heights.items()
    }
    heights.update(extra.heights)
    return attrs.evolve(
        table_form,
        annex=None,
        title=DEPARTMENT_TITLE,
        cells=tuple(shifted) + tuple(extra.cells),
        rows=table_form.rows + inserted,
        heights=heights,
        remarks=_remarks(audit.findings if audit is not None else ()),
    )


def _department_name(cell: FormCell, department: str) -> FormCell:
    """The 项目名称 label and value of the 自评表 as 部门名称 and the department."""
    if cell.row == 1 and cell.col == 1:
        return attrs.evolve(cell, text="部门名称")
    if cell.row == 1 and cell.col == 3:
        return attrs.evolve(cell, text=department)
    return cell


# Shared ---------------------------------------------------------------------------------


def _remarks(findings: Sequence[Finding]) -> tuple[str, ...]:
    """The findings as lines below the form, each with its severity and place."""
    if not findings:
        return ()
    lines = [f"{number}. [{finding.severity.value}] {finding.where}：{finding.message_zh}"
             for number, finding in enumerate(findings, 1)]  # fmt: skip
    return ("审核发现", *lines)


_LAYOUTS: Final[dict[type, Any]] = {
    Rubric: _rubric_layout,
    CoefficientTable: _coefficient_layout,
    DepartmentForm: _department_layout,
}
_AUDITS: Final[dict[type, type]] = {
    Rubric: RubricAudit,
    CoefficientTable: CoefficientAudit,
    DepartmentForm: DepartmentAudit,
}
_READERS: Final[dict[type, Any]] = {
    Rubric: read_rubric,
    CoefficientTable: read_coefficient_table,
    DepartmentForm: read_department_form,
}


def _checked(form: object, audit: object) -> None:
    """Refuse what is not one of the forms, or an audit not of *form*."""
    kind = type(form)
    if kind not in _LAYOUTS:
        raise InvalidTypeError(
            "expected a Rubric, a CoefficientTable or a DepartmentForm",
            field="form",
            value=kind.__name__,
        )
    if audit is not None and not isinstance(audit, _AUDITS[kind]):
        raise InvalidTypeError(
            f"expected a {_AUDITS[kind].__name__} of the form",
            field="audit",
            value=type(audit).__name__,
        )
    if audit is not None and _audited(audit) != form:
        raise DocumentError("the audit is of another form", field="audit")


def _audited(audit: object) -> object:
    """The form *audit* scored."""
    if isinstance(audit, RubricAudit):
        return audit.scored.rubric
    if isinstance(audit, CoefficientAudit):
        return audit.scored.table
    assert isinstance(audit, DepartmentAudit)
    return audit.scored.form


@private_context
def form_layout(form: OtherForm, *, audit: OtherAudit | None = None) -> Form:
    """*form* laid out in its printed layout on the grid of the 自评表 writers; with
    *audit*, perfeval's scores and total in the score cells and the findings below. Text
    no form can hold is refused (:func:`perfeval.forms.check_printable`)."""
    _checked(form, audit)
    document = form_to_mapping(form)
    if isinstance(form, DepartmentForm):  # its table's values, named table.indicators[0] …
        document["table"] = dump_table(form.table)
    check_printable(document)
    layout: Form = _LAYOUTS[type(form)](form, audit)
    return layout


def _grid(layout: Form, name: str, kind: str) -> Grid:
    """*layout* as a reader sees the file: a sheet (the lines above, the table, the
    footer and the remarks in its rows) or a Word table (the lines above it)."""
    above = [line for line in (layout.annex, layout.title, layout.year_line, layout.unit_line)
             if line]  # fmt: skip
    width = len(layout.widths)
    offset = len(above) if kind == "sheet" else 0
    cells: dict[tuple[int, int], str] = {}
    merged: list[tuple[int, int, int, int]] = []
    if kind == "sheet":
        for row, line in enumerate(above):
            cells[(row, 0)] = line
            merged.append((row, 0, row, width - 1))
    for item in layout.cells:
        top = item.row - 1 + offset
        if item.shown:
            cells[(top, item.col - 1)] = item.shown
        if (item.to_row, item.to_col) != (item.row, item.col):
            merged.append((top, item.col - 1, item.to_row - 1 + offset, item.to_col - 1))
    rows = offset + layout.rows
    if kind == "sheet":
        footer = rows + 1
        for label, first, to in layout.footer:
            cells[(footer, first - 1)] = label
            if to != first:
                merged.append((footer, first - 1, footer, to - 1))
        for row, remark in enumerate(layout.remarks, start=footer + 1):
            cells[(row, 0)] = remark
            merged.append((row, 0, row, width - 1))
        rows = max(rows, footer + 1 + len(layout.remarks))
    grid_rows = [[""] * width for _ in range(rows)]
    for (r, c), text in cells.items():
        grid_rows[r][c] = text
    return Grid.from_rows(
        name, grid_rows, merged=merged, kind=kind, above=() if kind == "sheet" else above
    )


def printed_back(form: OtherForm, layout: Form, *, kind: str = "sheet") -> OtherForm:
    """What the form's recogniser reads from *layout* printed as a sheet (*kind*
    ``"sheet"``) or as a Word table (``"table"``): the form a file written from it gives
    back. :class:`~perfeval.errors.DocumentError` when it reads no such form there."""
    name = _SHEETS[type(form)] if kind == "sheet" else "table 1"
    back = _READERS[type(form)](_grid(layout, name, kind))
    if not isinstance(back, type(form)):
        raise DocumentError(
            f"the printed {name} is not read back as a {type(form).__name__}", field="form"
        )
    result: OtherForm = back
    return result


def _printed(form: OtherForm) -> object:
    """The fields of *form* a printed layout carries: all but those kept hidden (and a
    department form's record of where its table was read from); its table as its
    document, the same table as the 自评表 writers read back (:func:`dump_table`)."""
    if isinstance(form, Rubric):
        return attrs.evolve(form, notes=())
    if isinstance(form, DepartmentForm):
        table = dump_table(attrs.evolve(form.table, policy=None, level1_weights={}, notes=()))
        return {"department": form.department, "table": table, "breakdown": form.breakdown}
    return form


def _differences(
    written: object, read: object, path: str = ""
) -> Iterator[tuple[str, object, object]]:
    """Every place where two values of a form differ, and the two values there."""
    if type(written) is type(read) and attrs.has(type(written)):
        for field in attrs.fields(type(written)):  # type: ignore[arg-type]
            one, other = getattr(written, field.name), getattr(read, field.name)
            if field.eq and one != other:
                yield from _differences(one, other, f"{path}.{field.name}" if path else field.name)
    elif isinstance(written, dict) and isinstance(read, dict):
        for key in [*written, *(key for key in read if key not in written)]:
            if written.get(key) != read.get(key):
                where = f"{path}.{key}" if path else str(key)
                yield from _differences(written.get(key), read.get(key), where)
    elif isinstance(written, tuple | list) and isinstance(read, tuple | list):
        for index in range(max(len(written), len(read))):
            one = written[index] if index < len(written) else None
            other = read[index] if index < len(read) else None
            if one != other:
                yield from _differences(one, other, f"{path}[{index}]")
    else:
        yield path, written, read


def _check_lossless(form: OtherForm, layout: Form) -> None:
    """Refuse *form* when its printed layout would read back as another form, naming
    every field that would change (the first as the error's field)."""
    wanted = _printed(form)
    for kind in ("sheet", "table"):
        try:
            back = printed_back(form, layout, kind=kind)
        except DocumentError as error:
            raise DocumentError(
                f"the form cannot be printed so that it reads back: {error}", field=error.field
            ) from None
        got = _printed(back)
        if got != wanted:
            changes = list(_differences(wanted, got))
            shown = "; ".join(
                f"{path or 'form'}: {one!r} would read as {other!r}"
                for path, one, other in changes[:5]
            )
            raise DocumentError(
                f"cannot be printed so that it reads back: {shown}",
                field=changes[0][0] or "form",
                value=changes[0][1],
            )


def _hidden(form: OtherForm) -> dict[str, str | None]:
    """What no cell of *form* holds, through the 自评表 writers' own hidden fields."""
    if isinstance(form, DepartmentForm):
        return hidden_fields(form.table)
    if isinstance(form, Rubric):
        return hidden_fields(notes=form.notes)
    return hidden_fields(notes=())


def _prepared(form: OtherForm, audit: OtherAudit | None) -> Form:
    """The layout to write: *form*'s, refused unless it reads back equal, and with *audit*
    perfeval's scores filled in (and refused unless it is still read as the form)."""
    layout = form_layout(form)
    _check_lossless(form, layout)
    if audit is None:
        return layout
    audited = form_layout(form, audit=audit)
    for kind in ("sheet", "table"):
        printed_back(form, audited, kind=kind)
    return audited


@private_context
def write_form_workbook(
    form: OtherForm, target: str | Path | IO[bytes], *, audit: OtherAudit | None = None
) -> None:
    """Write *form* (a rubric, a score-coefficient table or a department form) as an .xlsx
    in its printed layout, which :func:`perfeval.kinds.read_forms` reads back to an equal
    form; with *audit*, perfeval's scores and findings filled in. A form that would not
    read back the same is a :class:`~perfeval.errors.DocumentError` naming the field."""
    from perfeval.spreadsheet import save_workbook

    layout = _prepared(form, audit)
    save_workbook(layout, target, _hidden(form), sheet_name=_SHEETS[type(form)])


@private_context
def write_form_docx(
    form: OtherForm, target: str | Path | IO[bytes], *, audit: OtherAudit | None = None
) -> None:
    """Write *form* as a Word document holding its printed layout on A4, as
    :func:`write_form_workbook` writes a workbook."""
    save_docx(_prepared(form, audit), target, _hidden(form))
