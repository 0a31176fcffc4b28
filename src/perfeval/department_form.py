"""The department overall self-evaluation (部门整体支出绩效自评表): reading, score, audit.

The form is a 自评表 for a whole department: a 部门名称 where a project table prints
项目名称, and a fund block whose 年度资金总额 row is followed by two breakdowns of the
same money: by income type (按收入性质分: 财政拨款, 其他资金 …) and by expenditure type
(按支出性质分: 基本支出, 项目支出), each row with its budget, executed amount and rate;
then the performance indicators and the 总分.

The rows by type are read whether printed one below the other, side by side (income
types left, expenditure types right, one row holding both), or with the types in a
header row over their amounts; what cannot be resolved is a
:class:`~perfeval.errors.DocumentError` naming the cell and what was expected. The rest
is read by the 自评表 reader itself (:func:`perfeval.layout.read_grid`), so that the
fund block, the indicators and the total mean what they mean in a project table: the
grid is handed over without the rows by type, every remaining cell keeping its own name,
the income rows join its fund block as source rows, and the 部门名称 stands for the
project name. So:

- the fund score is the 年度资金总额 row's, as :func:`perfeval.funds.score_funds` computes
  it for a project (10 × rate, capped);
- the income rows are the block's source rows: they must add up to the total (the audit's
  ``fund-total-mismatch``), and are never added to the score;
- the expenditure rows (:attr:`DepartmentForm.breakdown`) must add up to the total too,
  and a score printed on one (forms often repeat the fund score there) must be the fund
  score or the row's own weight × rate (``breakdown-score-mismatch``); it is not added;
- the indicators are scored by the rule the form says (:class:`IndicatorScoring`): by
  the project rules of the policy (:func:`perfeval.table.score_table`), each printed
  score checked as in a project table, or as printed (each 得分 the evaluator's,
  checked against its 分值); the audit's ``indicator-scoring`` finding says which.
"""

from __future__ import annotations

import enum
import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Final

import attrs

from perfeval._convert import instances, tuple_of
from perfeval._grid import Sheet, labels
from perfeval._validate import optional_text, required_text
from perfeval.audit import AuditReport, audit
from perfeval.cells import is_blank, is_not_applicable, read_amount, read_percent, read_points
from perfeval.checks import agrees
from perfeval.errors import DocumentError, InvalidTypeError, PerfevalError
from perfeval.findings import (
    Check,
    Finding,
    Findings,
    Severity,
    check,
    run_kind_checks,
)
from perfeval.funds import FundBlock, FundRow, FundsScore, score_funds
from perfeval.layout import (
    FUND_FIELDS,
    FUND_STOP,
    FUND_TOTAL,
    INDICATOR_FIELDS,
    FoundTable,
    Grid,
    Part,
    bare,
    fold,
    read_grid,
    source_label,
    table_of,
)
from perfeval.number import fixed, private_context
from perfeval.policy import Policy, resolve_policy
from perfeval.table import Scorecard, Table, policy_of, score_table

__all__ = [
    "DEPARTMENT_CHECKS",
    "BreakdownScore",
    "DepartmentAudit",
    "DepartmentForm",
    "DepartmentScore",
    "IndicatorScoring",
    "audit_department_form",
    "check_breakdown_rates",
    "check_breakdown_scores",
    "check_breakdown_total",
    "check_indicator_scoring",
    "read_department_form",
    "score_department_form",
]


def _breakdown(value: Iterable[FundRow]) -> tuple[FundRow, ...]:
    rows: tuple[FundRow, ...] = tuple_of(FundRow, "breakdown")(value)
    return rows


class IndicatorScoring(enum.StrEnum):
    """The rule that scores a department form's indicators, as the form says."""

    PROJECT_RULES = "project-rules"
    """By the 项目支出 rules of the policy: each row's 实际完成值 against its 年度指标值
    (the form prints them, or a note says so), each printed score checked."""
    PRINTED = "printed"
    """As printed: each row's 得分 is the evaluator's, checked against its 分值 only (the
    form prints 分值 and 得分 with no 年度指标值 or 实际完成值, or a note says so)."""


def _scoring(value: IndicatorScoring | str) -> IndicatorScoring:
    try:
        return IndicatorScoring(value)
    except ValueError:
        raise InvalidTypeError(
            "expected how the indicators are scored: "
            + ", ".join(item.value for item in IndicatorScoring),
            field="indicator_scoring",
            value=value,
        ) from None


@attrs.frozen(kw_only=True)
class DepartmentForm:
    """A 部门整体支出绩效自评表 as printed."""

    department: str = attrs.field(validator=required_text)
    """部门名称."""
    found: FoundTable = attrs.field(validator=instances(FoundTable))
    """The form read as a 自评表: the fund block (年度资金总额 and the income rows as its
    sources), the goals, the indicators and the total; ``found.table.project`` is the
    department's name."""
    breakdown: tuple[FundRow, ...] = attrs.field(default=(), converter=_breakdown)
    """The rows by expenditure type (基本支出, 项目支出), in form order."""
    cells: dict[str, str] = attrs.field(factory=dict, eq=False, repr=False)
    """Path (``breakdown[0].executed``) → cell, for the breakdown rows; the table's own
    paths are in ``found.cells``."""
    indicator_scoring: IndicatorScoring = attrs.field(
        default=IndicatorScoring.PROJECT_RULES, converter=_scoring
    )
    """How the indicators are scored: by the 项目支出 rules, or as printed."""
    scoring_basis: str | None = attrs.field(default=None, eq=False, validator=optional_text)
    """Where the form says how its indicators are scored (the note, or the indicator
    header and what it prints); ``None`` when not read from a printed form."""

    @property
    def table(self) -> Table:
        """The form as a :class:`~perfeval.table.Table`, every cell as printed."""
        return self.found.table

    @property
    def scored_table(self) -> Table:
        """The table its indicators are scored from: :attr:`table` under the project
        rules; as printed, each row without its target and actual, so that its printed
        得分 is its score (:attr:`~perfeval.scoring.Rule.JUDGED`)."""
        if self.indicator_scoring is IndicatorScoring.PROJECT_RULES:
            return self.table
        rows = [attrs.evolve(row, target=None, actual=None) for row in self.table.indicators]
        return attrs.evolve(self.table, indicators=rows)


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
    the one the table names, else ``mof-2020``), its indicators by the rule the form says
    (:attr:`DepartmentForm.indicator_scoring`), and each breakdown row's own rate score."""
    if not isinstance(form, DepartmentForm):
        raise InvalidTypeError("expected a DepartmentForm", field="form", value=type(form).__name__)
    resolved = policy_of(form.table, policy)
    card = score_table(form.scored_table, resolved)
    weight = form.table.funds.weight if form.table.funds is not None else None
    breakdown = tuple(
        BreakdownScore(row=row, own=_own_score(row, weight, resolved)) for row in form.breakdown
    )
    return DepartmentScore(form=form, scorecard=card, breakdown=breakdown)


def _own_score(row: FundRow, weight: Decimal | None, policy: Policy) -> FundsScore:
    """A breakdown row scored as a project's fund block would be: weight × its rate."""
    return score_funds(FundBlock(weight=weight, total=attrs.evolve(row, source="total")), policy)


@attrs.frozen(kw_only=True)
class DepartmentAudit(Findings):
    """The audit of a department form: its table's, and its breakdown rows'."""

    scored: DepartmentScore
    report: AuditReport
    """The audit of the form's table (fund block, indicators, total, grade), as
    :func:`perfeval.audit.audit` gives it for the table alone."""
    findings: tuple[Finding, ...]
    """Every finding of the form: the table's, then the breakdown rows'. When the form
    scores its indicators as printed, the table's ``missing-value`` findings about blank
    targets and actuals are left out here (the form does not use them); :attr:`report`
    still holds them."""


@check("fund-total-mismatch")
def check_breakdown_total(scored: DepartmentScore) -> list[Finding]:
    """The rows by expenditure type add up to the 年度资金总额 row, amount by amount."""
    found: list[Finding] = []
    card, rows = scored.scorecard, scored.form.breakdown
    total = card.table.funds.total if card.table.funds is not None else None
    if total is None or not rows:
        return found
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
    return found


@check("rate-mismatch")
def check_breakdown_rates(scored: DepartmentScore) -> list[Finding]:
    """Each row by type prints the execution rate of its own amounts."""
    found: list[Finding] = []
    policy = scored.scorecard.policy
    for index, item in enumerate(scored.breakdown):
        row, percent, rate = item.row, item.own.rate.percent, item.row.printed_rate
        if rate is not None and percent is not None and not agrees(rate, percent, policy):
            found.append(
                Finding.make(
                    "rate-mismatch",
                    f"breakdown[{index}].rate",
                    f"{row.label}: printed rate {fixed(rate)}%, computed {item.own.rate}",
                    f"{row.label}：表中执行率 {fixed(rate)}%，计算值 {item.own.rate}",
                    printed=rate,
                    computed=percent,
                )
            )
    return found


@check("breakdown-score-mismatch")
def check_breakdown_scores(scored: DepartmentScore) -> list[Finding]:
    """A score printed on a row by type repeats the fund score or is the row's own
    (weight × its rate); it is never added to the total."""
    found: list[Finding] = []
    card = scored.scorecard
    policy = card.policy
    fund = card.funds.score if card.funds is not None else None
    for index, item in enumerate(scored.breakdown):
        row, own, printed = item.row, item.own, item.row.printed_score
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
                    f"breakdown[{index}].score",
                    f"{row.label}: printed score {fixed(printed)} is neither the fund score nor "
                    f"its own ({shown})",
                    f"{row.label}：表中得分 {fixed(printed)} 既非资金总额得分，"
                    f"也非本行得分（{shown_zh}）",
                    printed=printed,
                    computed=shown,
                )
            )
    return found


@check("indicator-scoring")
def check_indicator_scoring(scored: DepartmentScore) -> list[Finding]:
    """Which rule scored the indicators, as an info finding (where the form says so is
    :attr:`DepartmentForm.scoring_basis`)."""
    return [_scoring_finding(scored.form)]


#: The department audit's own checks, run after the audit of the form's table.
DEPARTMENT_CHECKS: Final = (
    check_breakdown_total,
    check_breakdown_rates,
    check_breakdown_scores,
    check_indicator_scoring,
)


@private_context
def audit_department_form(
    form: DepartmentForm,
    policy: Policy | str | None = None,
    *,
    checks: Iterable[Check] | None = None,
) -> DepartmentAudit:
    """Audit *form*: :func:`perfeval.audit.audit` of its table (with the policy's own
    checks), then *checks* on the scored form (:data:`DEPARTMENT_CHECKS` by default: the
    breakdown rows' sum against the total, their rates, a printed score that must repeat
    the fund score or be the row's own, and which rule scored the indicators)."""
    scored = score_department_form(form, policy)
    resolved = resolve_policy(scored.scorecard.policy)
    report = audit(form.scored_table, resolved)
    table = report.findings
    if form.indicator_scoring is IndicatorScoring.PRINTED:
        table = tuple(finding for finding in table if not _unprinted(finding))
    findings = (*table, *run_kind_checks(scored, checks, DEPARTMENT_CHECKS))
    return DepartmentAudit(scored=scored, report=report, findings=findings)


def _unprinted(finding: Finding) -> bool:
    """Whether *finding* is about a target or an actual that a form scored as printed
    does not use: not a fault of the form."""
    return finding.code == "missing-value" and finding.where.endswith((".target", ".actual"))


def _scoring_finding(form: DepartmentForm) -> Finding:
    """Which rule scored the indicators (where the form says so is
    :attr:`DepartmentForm.scoring_basis`)."""
    if form.indicator_scoring is IndicatorScoring.PRINTED:
        en = "the indicators are scored as printed: each 得分 is the evaluator's, checked "
        en += "against its 分值"
        zh = "绩效指标按表中所列得分计分（评价人评定），仅核对得分不超过分值"
    else:
        en = "the indicators are scored by the 项目支出 rules: 实际完成值 against 年度指标值"
        zh = "绩效指标按项目支出绩效自评规则计分（实际完成值对年度指标值）"
    return Finding.make("indicator-scoring", "indicators", en, zh, severity=Severity.INFO)


# Reading ------------------------------------------------------------------------------

_NAME: Final = labels(
    "部门名称", "部门(单位)名称", "单位名称", "预算部门", "部门", "部门(单位)", "预算单位",
    "预算单位名称", "部门单位名称",
)  # fmt: skip
_INCOME: Final = re.compile(r"按收入性质分|按收入来源分|按资金来源分")
_EXPENDITURE: Final = re.compile(r"按支出性质分|按支出类型分|按经济分类分|按支出功能分")
_TITLE: Final = re.compile(r"(?:部门|单位)(?:\(单位\))?整体(?:支出)?绩效")
_HEAD: Final = labels("三级指标")
#: Types a row names without a section label above it: the expenditure types; any other
#: row of the first columns is an income type (a source row, as in a project table).
_EXPENDITURE_TYPES: Final = re.compile(r"^(?:其中[:：]?)?(?:基本支出|项目支出|人员经费|公用经费)")
_INCOME_TYPES: Final = re.compile(
    r"^(?:其中[:：]?)?(?:财政拨款|一般公共预算|政府性基金|国有资本经营|财政专户|纳入专户|单位资金"
    r"|其他资金|上年结转|本年财政|事业收入|经营收入|上级补助|附属单位)"
)
#: The fields a row by type prints (its 分值 is the total's: not read on a type row).
_ROW_FIELDS: Final = ("initial_budget", "annual_budget", "executed", "rate", "score")
_AMOUNTS: Final = ("initial_budget", "annual_budget", "executed")
_FIELD_LABELS: Final = frozenset().union(*FUND_FIELDS.values())
_UNIT: Final = re.compile(r"\((万元|千元|亿元|元)\)")
_TASKS: Final = labels("年度主要任务", "主要任务", "任务名称", "年度主要任务完成情况")
_ZH: Final = {"initial_budget": "年初预算数", "annual_budget": "全年预算数",
              "executed": "全年执行数", "rate": "执行率", "score": "得分"}  # fmt: skip


class _Section(enum.Enum):
    """The list a row by type belongs to."""

    INCOME = "income"
    EXPENDITURE = "expenditure"
    TOTAL = "total"
    """年度资金总额 printed as a type among the others, in a header row of types."""


def _section_of(text: str) -> _Section | None:
    """The section a label names (按收入性质分 …, 按支出性质分 …), if any."""
    if _EXPENDITURE.search(text):
        return _Section.EXPENDITURE
    if _INCOME.search(text):
        return _Section.INCOME
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


@attrs.frozen(kw_only=True)
class _Printed:
    """A cell as printed, and its name."""

    text: str
    cell: str


@attrs.frozen(kw_only=True)
class _TypeRow:
    """One row by type as printed: its section, its label and its amounts by field."""

    section: _Section
    label: _Printed
    values: Mapping[str, _Printed]


@attrs.define(kw_only=True)
class _Held:
    """A type label seen in a row, waiting for its amounts, and the section it is under."""

    label: _Printed
    column: int
    section: _Section | None = None


@attrs.frozen(kw_only=True)
class _Part:
    """One lane of a row: the type it names, if any, and the columns of its amounts."""

    label: _Held | None
    amounts: list[int]


@attrs.frozen(kw_only=True)
class _Lane:
    """Columns [start, end) of the fund block holding one list of rows by type: the whole
    width when the types are printed one below the other, or the left and the right part
    when they are printed side by side."""

    start: int
    end: int


class _Block:
    """The rows by type under the 年度资金总额 row, in any of the printed layouts: one
    below the other; side by side (income types left, expenditure types right, one row
    holding both), each part under the fund header or a header row of its own; or with
    the types in a header row and their amounts in the row below it."""

    def __init__(
        self, sheet: Sheet, rows: Iterable[int], header: Mapping[int, str], first_amount: int
    ) -> None:
        self.sheet, self.header, self.first_amount = sheet, header, first_amount
        self.lines = sorted(rows)
        """The block's rows: below the total row, and above it when the rows by type are
        printed before their total."""
        starts = sorted(
            {
                c
                for r in self.lines
                for c in range(self.first_amount, sheet.width)
                if self._own(r, c) and self._is_label(r, c)
            }
        )
        bounds = [0, *starts, sheet.width]
        self.lanes = [_Lane(start=a, end=b) for a, b in itertools.pairwise(bounds)]

    def _own(self, r: int, c: int) -> bool:
        """Whether (r, c) is the first cell of its range, in row *r*."""
        return self.sheet.home(r, c) == (r, c)

    def _is_label(self, r: int, c: int) -> bool:
        return _is_label(self.sheet, r, c)

    def _sections(self, r: int) -> dict[int, _Section]:
        """The section of each lane a section label covering row *r* names: a label holds
        for the lanes its cell spans, until the next."""
        view = self.sheet.view
        found: dict[int, _Section] = {}
        for c in range(self.sheet.width):
            hr, hc = self.sheet.home(r, c)
            if hc != c or hr > r or hr not in self.lines:
                continue
            section = _section_of(self.sheet.folded(r, c))
            if section is None:
                continue
            last = view.extent.get((hr, hc), (hr, hc))[1]
            for index, lane in enumerate(self.lanes):
                if lane.start <= hc < lane.end or hc <= lane.start <= last:
                    found[index] = section
        return found

    def _field_labels(self, r: int, lo: int, hi: int) -> dict[int, str]:
        """The columns in [lo, hi) of row *r* whose cell names a field (年初预算数 …)."""
        found: dict[int, str] = {}
        for c in range(lo, hi):
            if self._own(r, c):
                text = bare(self.sheet.folded(r, c))
                for field, wanted in FUND_FIELDS.items():
                    if text in wanted:
                        found[c] = field
        return found

    def _label(self, r: int, c: int) -> str | None:
        """The type a label cell names, without a section label before it
        (按支出性质分：基本支出 → 基本支出); ``None`` for a section label alone."""
        text = self.sheet.text(r, c)
        if _section_of(fold(text)) is None:
            return text
        rest = _INCOME.sub("", _EXPENDITURE.sub("", fold(text))).strip(":：")
        return rest or None

    def _parts(self, r: int) -> list[_Part]:
        """Row *r* lane by lane: the type each part names and the columns of its amounts."""
        parts = []
        for index, lane in enumerate(self.lanes):
            own = [c for c in range(lane.start, lane.end) if self._own(r, c)]
            labelled = [c for c in own if self._is_label(r, c)]
            types = [(c, text) for c in labelled if (text := self._label(r, c))]
            if len(types) > 1:
                raise DocumentError(
                    f"two types in one part of a row ({types[0][1]!r} and {types[1][1]!r}):"
                    " expected one type and its amounts",
                    field=self.sheet.name(r, types[1][0]),
                )
            first = lane.start if index else self.first_amount
            amounts = [
                c
                for c in own
                if c >= first
                and c not in labelled
                and not _blank(self.sheet.text(r, c))
                and bare(self.sheet.folded(r, c)) not in _FIELD_LABELS
            ]
            label = None
            if types:
                col, text = types[0]
                printed = _Printed(text=text, cell=self.sheet.name(r, col))
                label = _Held(label=printed, column=col)
            parts.append(_Part(label=label, amounts=amounts))
        return parts

    def rows(self) -> list[_TypeRow]:
        """Every row by type, in form order (left part before right part in a row)."""
        found: list[_TypeRow] = []
        sections: list[_Section | None] = [None] * len(self.lanes)
        fields: dict[int, str] = {}
        pending: dict[int, _Held] = {}  # types with no amounts beside them (yet)
        heading: dict[int, _Held] = {}  # types printed over their amounts
        gathered: dict[int, dict[str, _Printed]] = {}

        def flush() -> None:
            for index, held in heading.items():
                if gathered.get(index):  # a heading with no amounts under it is a caption
                    found.append(self._row(held, index, gathered[index]))
            for index, held in pending.items():
                found.append(self._row(held, index, {}))  # a type printed with no amounts
            heading.clear()
            pending.clear()
            gathered.clear()

        for r in self.lines:
            for index, section in self._sections(r).items():
                sections[index] = section
            parts = self._parts(r)
            if not any(part.amounts for part in parts):
                named = self._field_labels(r, 0, self.sheet.width)
                if named:
                    fields = named  # a header row of the amounts below it: 年初预算数 …
                    continue
            by_row = self._field_labels(r, 0, self.first_amount)  # 年初预算数 | 900 | 100 …
            row_field = next(iter(by_row.values()), None)
            under = [i for i, part in enumerate(parts) if part.amounts and part.label is None]
            if under:
                if not heading:
                    heading.update(pending)  # the types above are a heading over amounts
                    pending.clear()
                for index in under:
                    held = heading.get(index)
                    if held is None:
                        raise DocumentError(
                            "amounts with no type beside or above them: expected a label "
                            "(财政拨款, 基本支出 …) left of them or over their columns",
                            field=self.sheet.name(r, parts[index].amounts[0]),
                        )
                    into = gathered.setdefault(index, {})
                    self._values(r, parts[index].amounts, index, held, fields, into, row_field)
                for index, part in enumerate(parts):  # a type with its amounts, in this row
                    if part.label is not None and part.amounts:
                        part.label.section = sections[index]
                        values = self._values(r, part.amounts, index, part.label, fields, {})
                        found.append(self._row(part.label, index, values))
                continue
            flush()
            for index, part in enumerate(parts):
                if part.label is None:
                    continue
                part.label.section = sections[index]
                if part.amounts:
                    values = self._values(r, part.amounts, index, part.label, fields, {})
                    found.append(self._row(part.label, index, values))
                else:
                    pending[index] = part.label
        flush()
        return found

    def _row(self, held: _Held, index: int, values: Mapping[str, _Printed]) -> _TypeRow:
        """The row by type *held* names, with *values*, in its section."""
        section = self._section(held.section, held.label, index)
        return _TypeRow(section=section, label=held.label, values=dict(values))

    def _values(
        self,
        r: int,
        columns: list[int],
        index: int,
        held: _Held,
        fields: Mapping[int, str],
        into: dict[str, _Printed],
        row_field: str | None = None,
    ) -> dict[str, _Printed]:
        """The amounts of row *r* in *columns*, by field, added to *into*."""
        for c in columns:
            field = row_field or self._field(r, c, index, held.column, fields)
            cell = self.sheet.name(r, c)
            if field in into:
                raise DocumentError(
                    f"two amounts under {_ZH.get(field, field)} for {held.label.text!r}: "
                    f"{into[field].cell} and this one",
                    field=cell,
                )
            if field in (*_ROW_FIELDS, "weight"):
                into[field] = _Printed(text=self.sheet.text(r, c), cell=cell)
        return into

    def _section(self, section: _Section | None, label: _Printed, index: int) -> _Section:
        """The row's section: its lane's label's, else what its type names."""
        text = fold(label.text)
        if bare(text) in FUND_TOTAL:
            return _Section.TOTAL
        if section is not None:
            return section
        if _EXPENDITURE_TYPES.match(text):
            return _Section.EXPENDITURE
        if index == 0 or _INCOME_TYPES.match(text):
            return _Section.INCOME
        raise DocumentError(
            f"{label.text!r} is printed beside the rows by type with no 按收入性质分 or "
            "按支出性质分 label above it: which list it belongs to is not certain",
            field=label.cell,
        )

    def _field(self, r: int, c: int, index: int, label_col: int, fields: Mapping[int, str]) -> str:
        """The field of the amount at (r, c): from the header row inside the block when
        one names the lane's columns, else from the fund header, which names the columns
        of the first lane, and of another only when its label is in a column it leaves
        free."""
        sheet, lane = self.sheet, self.lanes[index]
        own = {col: f for col, f in fields.items() if lane.start <= col < lane.end}
        if own:
            if c in own:
                return own[c]
            where = "the header row of the rows by type"
        else:
            free = index == 0 or label_col not in self.header
            if free and c in self.header:
                self._check_lane(index)
                return self.header[c]
            where = "the fund header" if free else "a header row of their own"
        raise DocumentError(
            f"an amount under no column header: expected 年初预算数, 全年预算数 or 全年执行数 "
            f"above it in {where}",
            field=sheet.name(r, c),
        )

    def _check_lane(self, index: int) -> None:
        """A lane read under the fund header must hold its 全年预算数 and 全年执行数 columns."""
        lane = self.lanes[index]
        held = {f for c, f in self.header.items() if lane.start <= c < lane.end}
        for field in ("annual_budget", "executed"):
            column = next((c for c, f in self.header.items() if f == field), None)
            if column is not None and field not in held:
                cut = self.lanes[index + 1].start if index + 1 < len(self.lanes) else column
                at = next((r for r in self.lines if self._is_label(r, cut)), self.lines[0])
                raise DocumentError(
                    f"the rows by type printed side by side leave the left ones without their "
                    f"{_ZH[field]} column: the right ones start in it",
                    field=self.sheet.name(at, cut),
                )


def _blank(text: str) -> bool:
    return is_blank(text) or is_not_applicable(text)


def _is_label(sheet: Sheet, r: int, c: int) -> bool:
    """Whether the cell prints a label (a section, a type): text that is neither a
    number, a blank nor a column header."""
    text = sheet.text(r, c)
    if _blank(text) or bare(fold(text)) in _FIELD_LABELS:
        return False
    for read in (read_amount, read_percent, read_points):
        try:
            read(text, field="cell")
        except PerfevalError:
            continue
        return False
    return True


def _first_amount(header: Mapping[int, str]) -> int:
    """The first column of the fund header's amounts: labels are printed left of it."""
    return min(c for c, f in header.items() if f in _AMOUNTS)


def _block_rows(
    sheet: Sheet, top: int, total_row: int, end: int, header: Mapping[int, str]
) -> list[int]:
    """The rows by type: those below the total row, and those above it from the first
    that names a section or an expenditure type (a total printed below its rows). A
    label among the total row's own amounts is refused: one total, one row."""
    first = _first_amount(header)
    for c in range(first, sheet.width):
        if sheet.home(total_row, c) == (total_row, c) and _is_label(sheet, total_row, c):
            raise DocumentError(
                f"{sheet.text(total_row, c)!r} among the amounts of the 年度资金总额 row: "
                "expected its amounts, 分值, 执行率 and 得分 only",
                field=sheet.name(total_row, c),
            )
    above: list[int] = []
    for r in range(top + 1, total_row):
        names = [sheet.folded(r, c) for c in range(sheet.width)]
        opens = any(_section_of(text) for text in names) or any(
            _EXPENDITURE_TYPES.match(text) for text in names[:first]
        )
        if above or opens:
            above.append(r)
    return [*above, *range(total_row + 1, end)]


def _fund_header(sheet: Sheet, total_row: int) -> tuple[int, dict[int, str]] | None:
    """The fund header above the 年度资金总额 row: its row, and column → field."""
    for top in range(total_row - 1, -1, -1):
        columns = sheet.header(top, FUND_FIELDS, total_row - top)
        if "executed" in columns:
            return top, {c: field for field, cols in columns.items() for c in cols}
    return None


def _heads_types(sheet: Sheet, total_row: int, total_col: int) -> bool:
    """Whether the 年度资金总额 cell heads a column of types (财政拨款, 基本支出 … beside it,
    no amount in its row) rather than a row of amounts."""
    right = [
        c
        for c in range(total_col + 1, sheet.width)
        if sheet.home(total_row, c) == (total_row, c) and sheet.text(total_row, c)
    ]
    return bool(right) and all(_is_label(sheet, total_row, c) for c in right)


def _block_end(sheet: Sheet, lo: int, head: int) -> int:
    """Where the fund block ends: the goals (or the indicators, or the main tasks) begin."""
    for r in range(lo, head):
        if any(sheet.folded(r, c) in FUND_STOP | _TASKS for c in range(sheet.width)):
            return r
    return head


def _task_rows(sheet: Sheet, head: int, top: int | None) -> list[int]:
    """The rows of the 年度主要任务 block (任务名称, 主要内容, 预算数, 执行数): from its
    label to the fund header, the goals or the indicators. The 自评表 has no place for
    them (they are not scored), and their 预算数 / 执行数 are not the fund header."""
    rows: list[int] = []
    inside = False
    for r in range(head):
        texts = {sheet.folded(r, c) for c in range(sheet.width)}
        if inside and (r == top or texts & FUND_STOP or texts & FUND_TOTAL):
            inside = False
        inside = inside or bool(texts & _TASKS)
        if inside:
            rows.append(r)
    return rows


# How the indicators are scored ----------------------------------------------------------

#: A note saying the indicators are scored by the project rules: 按项目支出绩效自评规则评分,
#: 参照项目支出…计分, or a 评分规则 note giving the project formula (按完成比例计分).
_PROJECT_RULES: Final = re.compile(
    r"(?:按|按照|参照|依照|比照|采用)[^。；;]{0,16}项目支出[^。；;]{0,16}"
    r"(?:计分|评分|打分|自评规则|评价规则)"
    r"|^(?:评分|计分)(?:规则|方法|标准|说明)[:：].*(?:完成比例|按比例|完成率|按实际完成)"
)
#: A note saying the printed scores are the evaluator's.
_EVALUATOR: Final = re.compile(
    r"(?:得分|分数)[^。；;]{0,10}由[^。；;]{0,16}(?:评定|打分|评分|确定)"
    r"|自行(?:打分|评分|评定)|(?:评价|自评)(?:小组|专家|人员)(?:打分|评分|评定)"
)


def _scoring_note(sheet: Sheet) -> tuple[IndicatorScoring, str] | None:
    """The rule a note of the form names for its indicators, and where it says so."""
    lines = [(line, f"{sheet.grid.name}, the line above it") for line in sheet.grid.above]
    for r in range(sheet.height):
        for c in range(sheet.width):
            if sheet.home(r, c) == (r, c) and sheet.text(r, c):
                lines.append((sheet.text(r, c), sheet.name(r, c)))
    for text, cell in lines:
        folded = fold(text)
        if _PROJECT_RULES.search(folded):
            return IndicatorScoring.PROJECT_RULES, f"{cell}: 「{text.strip()}」"
        if _EVALUATOR.search(folded):
            return IndicatorScoring.PRINTED, f"{cell}: 「{text.strip()}」"
    return None


def _indicator_scoring(sheet: Sheet, head: int, col: int) -> tuple[IndicatorScoring, str]:
    """How the form says its indicators are scored, and why: a note naming the rule, or
    else what its indicator header prints."""
    band = sheet.header(head, INDICATOR_FIELDS, 2 if head + 1 < sheet.height else 1)
    targets = bool({"target", "value"} & band.keys()) and "actual" in band
    noted = _scoring_note(sheet)
    where = sheet.name(head, col)
    if noted is not None:
        scoring, said = noted
        if scoring is IndicatorScoring.PROJECT_RULES and not targets:
            raise DocumentError(
                f"the form scores its indicators by the 项目支出 rules ({said}), but its "
                "indicator header has no 年度指标值 and 实际完成值 columns to score them by",
                field=where,
            )
        return scoring, said
    if targets:
        return IndicatorScoring.PROJECT_RULES, (
            f"{where}: the indicator header prints 年度指标值 and 实际完成值 beside 分值 and 得分"
        )
    return IndicatorScoring.PRINTED, (
        f"{where}: the indicator header prints 分值 and 得分 with no 年度指标值 or 实际完成值"
    )


def read_department_form(grid: Grid) -> DepartmentForm | None:
    """The department form in *grid*; ``None`` when it holds none (no title or label
    naming 部门整体 支出绩效 or a 按支出性质分 section, or no 三级指标 header).

    The rows by type are read whether printed one below the other, side by side (income
    types in the left columns, expenditure types in the right), or with the types in a
    header row over their amounts; how the indicators are scored is read from the form
    (:class:`IndicatorScoring`). :class:`~perfeval.errors.DocumentError` names a cell
    that cannot be read, and what was expected there."""
    sheet = Sheet(grid)
    found = sheet.find_row(_HEAD)
    if found is None:
        return None
    head = found[0]
    lines = [fold(line) for line in grid.above]
    for r in range(head):
        lines += [fold(text) for text in sheet.row_texts(r)]
    titled = any(_TITLE.search(line) for line in lines)
    sections = [
        r for r in range(head) for c in range(sheet.width) if _section_of(sheet.folded(r, c))
    ]
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
    total_row, label_col = total_at
    end = _block_end(sheet, total_row + 1, head)
    located = _fund_header(sheet, total_row)
    tasks = _task_rows(sheet, head, located[0] if located else total_row)
    if located is not None and located[0] in tasks:
        located = None  # 预算数 / 执行数 of the tasks: not a fund header
    if located is not None:
        top, header = located
        block = _block_rows(sheet, top, total_row, end, header)
        first = _first_amount(header)
    elif _heads_types(sheet, total_row, label_col):
        header, block, first = {}, list(range(total_row, end)), label_col
    else:
        raise DocumentError(
            "no fund header (全年执行数) above the 年度资金总额 row",
            field=sheet.name(total_row, label_col),
        )
    typed = _Block(sheet, block, header, first).rows()
    totals = [row for row in typed if row.section is _Section.TOTAL]
    allowed = 0 if located else 1  # the total printed as a heading among the types
    if len(totals) > allowed:
        raise DocumentError(
            "a second total among the rows by type: expected one 年度资金总额 with its amounts",
            field=totals[allowed].label.cell,
        )
    if len(totals) < allowed:
        raise DocumentError(
            "no amounts under the 年度资金总额 heading", field=sheet.name(total_row, label_col)
        )
    scoring, basis = _indicator_scoring(sheet, head, found[1])
    kept = _without(grid, [*tasks, *block], department)
    read = read_grid(kept, printed_scores=scoring is IndicatorScoring.PRINTED)
    if not read.found:
        why = read.skipped[0].reason if read.skipped else "no 自评表 layout"
        raise DocumentError(f"the department form cannot be read: {why}", field=where)
    income = [row for row in typed if row.section is not _Section.EXPENDITURE]
    table = _with_funds(read.found[0], income, None if located else _unit(sheet, block))
    table = attrs.evolve(table, cells={**table.cells, "project": where})
    unit = table.table.funds.unit if table.table.funds is not None else "万元"
    cells: dict[str, str] = {}
    spent = [row for row in typed if row.section is _Section.EXPENDITURE]
    breakdown = tuple(
        _fund_row(row, unit, f"breakdown[{index}]", cells) for index, row in enumerate(spent)
    )
    return DepartmentForm(
        department=department,
        found=table,
        breakdown=breakdown,
        cells=cells,
        indicator_scoring=scoring,
        scoring_basis=basis,
    )


def _unit(sheet: Sheet, rows: Iterable[int]) -> str | None:
    """The money unit a cell of *rows* prints in brackets (资金情况（万元）), if any."""
    for r in rows:
        for text in sheet.row_texts(r):
            match = _UNIT.search(fold(text))
            if match:
                return match.group(1)
    return None


def _with_funds(found: FoundTable, rows: list[_TypeRow], unit: str | None = None) -> FoundTable:
    """*found* with the income rows as its fund block's source rows, below its total
    (the total too, when it was printed as a type in a header row of types, with the
    money unit that the block prints)."""
    document = dict(found.document)
    funds = dict(document.get("funds") or {"weight": None, "rows": []})
    if unit is not None and "amount_unit" not in document:
        funds["unit"] = unit
    printed = list(funds.get("rows", []))
    cells = dict(found.cells)
    for row in sorted(rows, key=lambda row: row.section is not _Section.TOTAL):
        total = row.section is _Section.TOTAL  # then the block has no total row of its own
        index = len(printed)
        if total:
            weight = row.values.get("weight")
            funds["weight"] = weight.text if weight is not None else None
            if weight is not None:
                cells["funds.weight"] = weight.cell
        item: dict[str, str | None] = {"source": "total" if total else source_label(row.label.text)}
        cells[f"funds.rows[{index}].source"] = row.label.cell
        for field in _ROW_FIELDS:
            value = row.values.get(field)
            item[field] = value.text if value is not None else None
            if value is not None:
                cells[f"funds.rows[{index}].{field}"] = value.cell
        printed.append(item)
    funds["rows"] = printed
    document["funds"] = funds
    return FoundTable(
        name=found.name, document=document, cells=cells, table=table_of(document, cells)
    )


def _fund_row(row: _TypeRow, unit: str, where: str, cells: dict[str, str]) -> FundRow:
    """An expenditure row as a :class:`~perfeval.funds.FundRow` in the block's unit."""
    for field, value in row.values.items():
        if field in _ROW_FIELDS:
            cells[f"{where}.{field}"] = value.cell
    names = {"rate": "printed_rate", "score": "printed_score"}
    printed: dict[str, Any] = {
        names.get(f, f): value.text for f, value in row.values.items() if f in _ROW_FIELDS
    }
    try:
        return FundRow(source=source_label(row.label.text), unit=unit, **printed)
    except PerfevalError as error:
        field = getattr(error, "field", None) or ""
        key = {"printed_rate": "rate", "printed_score": "score"}.get(field, field)
        cell = row.values[key].cell if key in row.values else row.label.cell
        raise DocumentError(f"{where}.{key}: {error.reason}", field=cell) from None


def _without(grid: Grid, dropped: Iterable[int], department: str) -> Grid:
    """*grid* without the *dropped* rows, each cell kept under its own name, with the
    department standing for the project name."""
    gone = set(dropped)
    kept = [r for r in range(len(grid.rows)) if r not in gone]
    new_index = {old: new for new, old in enumerate(kept)}
    rows = [grid.rows[r] for r in kept]
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
