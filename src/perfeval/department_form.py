"""The department overall self-evaluation (部门整体支出绩效自评表): reading, score, audit.

The form is a 自评表 for a whole department: a 部门名称 where a project table prints
项目名称, and a fund block whose 年度资金总额 row is followed by two breakdowns of the
same money: by income type (按收入性质分: 财政拨款, 其他资金 …) and by expenditure type
(按支出性质分: 基本支出, 项目支出), each row with its budget, executed amount and rate;
then the performance indicators and the 总分.

It is read by the 自评表 reader itself (:func:`perfeval.layout.read_grid`), so that the
fund block, the indicators and the total mean what they mean in a project table: the
grid is handed over without the expenditure rows and the section labels, every remaining
cell keeping its own name, and the 部门名称 stands for the project name. So:

- the fund score is the 年度资金总额 row's, as :func:`perfeval.funds.score_funds` computes
  it for a project (10 × rate, capped);
- the income rows are the block's source rows: they must add up to the total (the audit's
  ``fund-total-mismatch``), and are never added to the score;
- the expenditure rows (:attr:`DepartmentForm.breakdown`) must add up to the total too,
  and a score printed on one (forms often repeat the fund score there) must be the fund
  score or the row's own weight × rate (``breakdown-score-mismatch``); it is not added;
- the indicators are scored by the project rules of the policy
  (:func:`perfeval.table.score_table`), each printed score checked as in a project table.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from typing import Final

import attrs

from perfeval._convert import tuple_of
from perfeval._grid import Sheet, bare, labels
from perfeval.audit import AuditReport, audit
from perfeval.cells import is_blank, read_amount
from perfeval.checks import agrees
from perfeval.errors import DocumentError, InvalidTypeError
from perfeval.findings import Finding
from perfeval.funds import FundBlock, FundRow, FundsScore, score_funds
from perfeval.layout import (
    FUND_FIELDS,
    FUND_STOP,
    FUND_TOTAL,
    FoundTable,
    Grid,
    Part,
    fold,
    read_grid,
)
from perfeval.number import fixed, private_context
from perfeval.policy import Policy, resolve_policy
from perfeval.table import Scorecard, Table, policy_of, score_table

__all__ = [
    "BreakdownScore",
    "DepartmentAudit",
    "DepartmentForm",
    "DepartmentScore",
    "audit_department_form",
    "read_department_form",
    "score_department_form",
]


def _breakdown(value: Iterable[FundRow]) -> tuple[FundRow, ...]:
    rows: tuple[FundRow, ...] = tuple_of(FundRow, "breakdown")(value)
    return rows


@attrs.frozen(kw_only=True)
class DepartmentForm:
    """A 部门整体支出绩效自评表 as printed."""

    department: str
    """部门名称."""
    found: FoundTable
    """The form read as a 自评表: the fund block (年度资金总额 and the income rows as its
    sources), the goals, the indicators and the total; ``found.table.project`` is the
    department's name."""
    breakdown: tuple[FundRow, ...] = attrs.field(default=(), converter=_breakdown)
    """The rows by expenditure type (基本支出, 项目支出), in form order."""
    cells: dict[str, str] = attrs.field(factory=dict, eq=False, repr=False)
    """Path (``breakdown[0].executed``) → cell, for the breakdown rows; the table's own
    paths are in ``found.cells``."""

    @property
    def table(self) -> Table:
        """The form as a :class:`~perfeval.table.Table`, scored by the project rules."""
        return self.found.table


@attrs.frozen(kw_only=True)
class BreakdownScore:
    """An expenditure row checked against the fund score."""

    row: FundRow
    own: FundsScore
    """The row's own weight × rate, as a project's fund row would score."""


@attrs.frozen(kw_only=True)
class DepartmentScore:
    """A scored department form: the scorecard of its table and its breakdown rows."""

    form: DepartmentForm
    scorecard: Scorecard
    breakdown: tuple[BreakdownScore, ...]

    @property
    def total(self) -> Decimal | None:
        """The fund score plus the indicators' scores; the breakdown rows add nothing."""
        return self.scorecard.total


@private_context
def score_department_form(
    form: DepartmentForm, policy: Policy | str | None = None
) -> DepartmentScore:
    """Score *form*: its table as a project table is scored, under *policy* (by default
    the one the table names, else ``mof-2020``), and each breakdown row's own rate score."""
    if not isinstance(form, DepartmentForm):
        raise InvalidTypeError("expected a DepartmentForm", field="form", value=type(form).__name__)
    resolved = policy_of(form.table, policy)
    card = score_table(form.table, resolved)
    weight = form.table.funds.weight if form.table.funds is not None else None
    breakdown = tuple(
        BreakdownScore(row=row, own=_own_score(row, weight, resolved)) for row in form.breakdown
    )
    return DepartmentScore(form=form, scorecard=card, breakdown=breakdown)


def _own_score(row: FundRow, weight: Decimal | None, policy: Policy) -> FundsScore:
    """A breakdown row scored as a project's fund block would be: weight × its rate."""
    return score_funds(FundBlock(weight=weight, total=attrs.evolve(row, source="total")), policy)


@attrs.frozen(kw_only=True)
class DepartmentAudit:
    """The audit of a department form: its table's, and its breakdown rows'."""

    scored: DepartmentScore
    report: AuditReport
    """The audit of the form's table (fund block, indicators, total, grade)."""
    findings: tuple[Finding, ...]
    """Every finding: the table's, then the breakdown rows'."""

    def codes(self) -> list[str]:
        """The finding codes, in order."""
        return [finding.code for finding in self.findings]


def _breakdown_findings(scored: DepartmentScore, policy: Policy) -> list[Finding]:
    found: list[Finding] = []
    card, rows = scored.scorecard, scored.form.breakdown
    total = card.table.funds.total if card.table.funds is not None else None
    if total is not None and rows:
        block = FundBlock(weight=None, total=total, sources=rows)
        for gap in block.discrepancies():
            found.append(
                Finding.make(
                    "fund-total-mismatch",
                    f"breakdown.{gap.field}",
                    f"the rows by expenditure type add up to {fixed(gap.derived)} in "
                    f"{gap.field}, the total prints {fixed(gap.printed)}",
                    f"按支出性质分各行{gap.field}合计 {fixed(gap.derived)}，与年度资金总额 "
                    f"{fixed(gap.printed)} 不符",
                    printed=gap.printed,
                    computed=gap.derived,
                )
            )
    fund = card.funds.score if card.funds is not None else None
    for index, item in enumerate(scored.breakdown):
        row, own = item.row, item.own
        where = f"breakdown[{index}]"
        percent = own.rate.percent
        rate = row.printed_rate
        if rate is not None and percent is not None and not agrees(rate, percent, policy):
            found.append(
                Finding.make(
                    "rate-mismatch",
                    f"{where}.rate",
                    f"{row.label}: printed rate {fixed(rate)}%, computed {own.rate}",
                    f"{row.label}：表中执行率 {fixed(rate)}%，计算值 {own.rate}",
                    printed=rate,
                    computed=percent,
                )
            )
        printed = row.printed_score
        if printed is None:
            continue
        repeats = fund is not None and agrees(printed, fund, policy)
        its_own = own.score is not None and agrees(printed, own.score, policy)
        if not (repeats or its_own):
            values = [fixed(v) for v in (fund, own.score) if v is not None]
            shown, shown_zh = " or ".join(values) or "none", "或".join(values) or "无"
            found.append(
                Finding.make(
                    "breakdown-score-mismatch",
                    f"{where}.score",
                    f"{row.label}: printed score {fixed(printed)} is neither the fund score nor "
                    f"its own ({shown})",
                    f"{row.label}：表中得分 {fixed(printed)} 既非资金总额得分，"
                    f"也非本行得分（{shown_zh}）",
                    printed=printed,
                    computed=shown,
                )
            )
    return found


@private_context
def audit_department_form(
    form: DepartmentForm, policy: Policy | str | None = None
) -> DepartmentAudit:
    """Audit *form*: :func:`perfeval.audit.audit` of its table (with the policy's own
    checks), then its breakdown rows (their sum against the total, their rates, and a
    printed score that must repeat the fund score or be the row's own)."""
    scored = score_department_form(form, policy)
    resolved = resolve_policy(scored.scorecard.policy)
    report = audit(form.table, resolved)
    findings = (*report.findings, *_breakdown_findings(scored, resolved))
    return DepartmentAudit(scored=scored, report=report, findings=findings)


# Reading ------------------------------------------------------------------------------

_NAME: Final = labels("部门名称", "部门(单位)名称", "单位名称", "预算部门", "部门")
_INCOME: Final = re.compile(r"按收入性质分|按收入来源分|按资金来源分")
_EXPENDITURE: Final = re.compile(r"按支出性质分|按支出类型分|按经济分类分|按支出功能分")
_TITLE: Final = re.compile(r"部门整体(?:支出)?绩效")
_SIDE_BY_SIDE: Final = re.compile(
    _INCOME.pattern + "|" + _EXPENDITURE.pattern + r"|^(?:其中[:：]?)?(?:基本支出|项目支出)[:：]?$"
)
_HEAD: Final = labels("三级指标")


def _section(sheet: Sheet, r: int, upto: int) -> str | None:
    """``income`` or ``expenditure`` when a cell of row *r* at or left of column *upto*
    names the section (a label printed once, or merged down its rows)."""
    for c in range(upto + 1):
        text = sheet.folded(r, c)
        if _EXPENDITURE.search(text):
            return "expenditure"
        if _INCOME.search(text):
            return "income"
    return None


def _department(sheet: Sheet, head: int) -> tuple[str, str] | None:
    """The department's name and its cell: a cell headed 部门名称 and the value right of
    it, a "部门名称：…" cell, or a "部门名称：…" line printed above the grid."""
    for line in sheet.grid.above:
        parts = re.split(r"[:：]", unicodedata.normalize("NFKC", line), maxsplit=1)
        if len(parts) == 2 and fold(parts[0]) in _NAME and parts[1].strip():
            return parts[1].strip(), f"{sheet.grid.name}, the line above it"
    for r in range(head):
        for c in range(sheet.width):
            if sheet.home(r, c) != (r, c):
                continue
            text = unicodedata.normalize("NFKC", sheet.text(r, c))
            parts = re.split(r"[:：]", text, maxsplit=1)
            if len(parts) == 2 and fold(parts[0]) in _NAME and parts[1].strip():
                return parts[1].strip(), sheet.name(r, c)
            if fold(text) in _NAME:
                for right in range(c + 1, sheet.width):
                    value = sheet.text(r, right)
                    if sheet.home(r, right) != sheet.home(r, c) and value:
                        return value, sheet.name(r, right)
    return None


def read_department_form(grid: Grid) -> DepartmentForm | None:
    """The department form in *grid*; ``None`` when it holds none (no title or label
    naming 部门整体 支出绩效 or a 按支出性质分 section, or no 三级指标 header).
    :class:`~perfeval.errors.DocumentError` names a cell that cannot be read."""
    sheet = Sheet(grid)
    found = sheet.find_row(_HEAD)
    if found is None:
        return None
    head = found[0]
    lines = [fold(line) for line in grid.above]
    for r in range(head):
        lines += [fold(text) for text in sheet.row_texts(r)]
    titled = any(_TITLE.search(line) for line in lines)
    sections = [r for r in range(head) if _section(sheet, r, sheet.width - 1)]
    if not titled and not sections:
        return None
    named = _department(sheet, head)
    if named is None:
        raise DocumentError(
            "a department form with no 部门名称 and its value above its indicators",
            field=sheet.name(0, 0),
        )
    department, where = named
    total_at = sheet.find_row(FUND_TOTAL)
    if total_at is None or total_at[0] >= head:
        raise DocumentError(
            "a department form with no 年度资金总额 row", field=sheet.name(head, found[1])
        )
    label_col = total_at[1]
    dropped: set[int] = set()
    blanked: set[tuple[int, int]] = set()
    breakdown_rows: list[int] = []
    section: str | None = None
    for r in range(total_at[0] + 1, head):
        if any(sheet.folded(r, c) in FUND_STOP for c in range(sheet.width)):
            break  # the fund block ends where the goals (or the indicators) begin
        for c in range(label_col + 1, sheet.width):
            if sheet.home(r, c)[1] == c and _SIDE_BY_SIDE.search(sheet.folded(r, c)):
                raise DocumentError(
                    "the rows by income and by expenditure type side by side, in one row: "
                    "perfeval reads them one below the other; which columns hold which amounts "
                    "is not certain",
                    field=sheet.name(r, c),
                )
        section = _section(sheet, r, label_col) or section  # a label holds until the next
        label = sheet.folded(r, label_col)
        if _INCOME.search(label) or _EXPENDITURE.search(label):
            stripped = _EXPENDITURE.sub("", _INCOME.sub("", label)).strip(":：")
            if not stripped:
                dropped.add(r)  # a section label on a row of its own
                continue
        for c in range(label_col):
            if _section(sheet, r, c) and sheet.home(r, c)[1] == c:
                blanked.add(sheet.home(r, c))
        if section == "expenditure":
            dropped.add(r)
            if not is_blank(label):
                breakdown_rows.append(r)
    cells: dict[str, str] = {}
    breakdown = tuple(
        _breakdown_row(sheet, r, total_at[0], label_col, index, cells)
        for index, r in enumerate(breakdown_rows)
    )
    kept = _without(grid, dropped, blanked, department)
    read = read_grid(kept)
    if not read.found:
        why = read.skipped[0].reason if read.skipped else "no 自评表 layout"
        raise DocumentError(f"the department form cannot be read: {why}", field=where)
    table = read.found[0]
    cells_of_table = dict(table.cells)
    cells_of_table["project"] = where
    table = attrs.evolve(table, cells=cells_of_table)
    return DepartmentForm(department=department, found=table, breakdown=breakdown, cells=cells)


def _breakdown_row(
    sheet: Sheet, r: int, total_row: int, label_col: int, index: int, cells: dict[str, str]
) -> FundRow:
    """An expenditure row, read in the columns of the fund header above the total row."""
    header = None
    for top in range(total_row - 1, -1, -1):
        columns = sheet.header(top, FUND_FIELDS, total_row - top)
        if "executed" in columns:
            header = columns
            break
    if header is None:
        raise DocumentError(
            "no fund header (全年执行数) above the 年度资金总额 row",
            field=sheet.name(total_row, label_col),
        )
    col = {field: columns[0] for field, columns in header.items()}

    def amount(field: str) -> Decimal | None:
        return sheet.number(r, col.get(field), field, read_amount)

    for field in ("annual_budget", "executed", "rate", "score"):
        if field in col:
            cells[f"breakdown[{index}].{field}"] = sheet.name(r, col[field])
    label = re.sub(r"^其中[:：]?", "", bare(sheet.folded(r, label_col)))
    return FundRow(
        source=label,
        initial_budget=amount("initial_budget"),
        annual_budget=amount("annual_budget"),
        executed=amount("executed"),
        printed_rate=sheet.percent(r, col.get("rate"), "rate"),
        printed_score=sheet.number(r, col.get("score"), "score"),
    )


def _without(
    grid: Grid, dropped: Iterable[int], blanked: set[tuple[int, int]], department: str
) -> Grid:
    """*grid* without the *dropped* rows and the *blanked* section labels, each cell kept
    under its own name, with the department standing for the project name."""
    gone = set(dropped)
    kept = [r for r in range(len(grid.rows)) if r not in gone]
    new_index = {old: new for new, old in enumerate(kept)}
    rows = [
        tuple("" if (r, c) in blanked else text for c, text in enumerate(grid.rows[r]))
        for r in kept
    ]
    merged = []
    for r0, c0, r1, c1 in grid.merged:
        inside = [new_index[r] for r in range(r0, r1 + 1) if r in new_index]
        if inside:
            merged.append((min(inside), c0, max(inside), c1))
    parts = []
    for new, old in enumerate(kept):
        origin = grid.origin(old)
        parts.append(Part(name=origin.name, start=new, first=origin.first))
    return attrs.evolve(
        grid,
        rows=tuple(rows),
        merged=tuple(merged),
        parts=tuple(parts),
        above=(*grid.above, f"项目名称：{department}"),
        continued=grid.continued if 0 in new_index else (),
    )
