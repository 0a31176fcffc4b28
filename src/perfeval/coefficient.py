"""Score-coefficient tables (Chongqing and others): 指标权重 × 得分系数 = 指标得分.

A score-coefficient table prints, for each indicator, its weight (指标权重), the score
coefficient the evaluator chose (得分系数, 0%–100%) and the score (指标得分), beside
年初指标值, 调整指标值, 全年完成值 and 是否核心指标; above them, budget execution with its
own weight and score (执行率权重, 执行率得分).

- :class:`CoefficientRow`, :class:`CoefficientTable`: the model; the target is the
  adjusted value (调整指标值) when one is printed, else the initial one;
- :func:`score_coefficients`: each line is weight × coefficient, rounded half up to 2
  places; execution is scored by :func:`perfeval.funds.score_funds` (weight × rate,
  capped); the total is the execution score plus the sum of the lines;
- :func:`audit_coefficients`: the checks of :data:`COEFFICIENT_CHECKS` — a coefficient
  outside [0, 1], a coefficient of 100% on a row whose actual misses its target, a printed
  score above its weight or different from weight × coefficient, execution, and the
  printed total against the sum;
- :func:`read_coefficient_table`: the recogniser, from a :class:`~perfeval.layout.Grid`.

Whether an actual misses its target follows the target's printed direction (≥, ≤ …);
a target with none takes it from the row's name when the name is a rate where less is
better (:data:`REVERSE_RATES`: 控制率, 结余率, 调整率 …), else from the level-2 group
(成本 → less is better, as the policy says), else more is better.

>>> row = CoefficientRow(name="预算调整率", target="10%", actual="12%",
...                      weight="10", coefficient="1", score="10")
>>> audit_coefficients(CoefficientTable(rows=(row,))).codes()
['coefficient-unearned']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Final

import attrs

from perfeval._convert import as_text, instances, name_field, points_field, tuple_of
from perfeval._grid import TOTAL_LABELS, Sheet, labels
from perfeval._validate import located, optional_flag, optional_text
from perfeval.cells import is_blank, read_amount
from perfeval.checks import agrees, exceeds_weight
from perfeval.errors import DocumentError, InvalidNumberError, InvalidTypeError, PerfevalError
from perfeval.findings import Check, Finding, Findings, run_kind_checks
from perfeval.funds import FundBlock, FundRow, FundsScore, score_funds
from perfeval.groups import match_group
from perfeval.layout import FUND_FIELDS, FUND_TOTAL, Grid, bare, fold
from perfeval.number import (
    HUNDRED,
    ONE,
    ZERO,
    add,
    divide,
    fixed,
    multiply,
    private_context,
    quantize_half_up,
    to_decimal,
)
from perfeval.policy import Policy, resolve_policy
from perfeval.rubric import rubric_check
from perfeval.targets import (
    Achievement,
    Comparison,
    Direction,
    Qualitative,
    parse_actual,
    parse_target,
)

__all__ = [
    "COEFFICIENT_CHECKS",
    "REVERSE_RATES",
    "CoefficientAudit",
    "CoefficientRow",
    "CoefficientScore",
    "CoefficientTable",
    "LineScore",
    "audit_coefficients",
    "check_coefficient_execution",
    "check_coefficient_lines",
    "check_coefficient_total",
    "check_coefficients",
    "direction_in_name",
    "read_coefficient",
    "read_coefficient_table",
    "score_coefficients",
]

#: Rates named so that less is better: a target printed without a direction takes it
#: from the name.
REVERSE_RATES: Final = (
    "控制率",
    "结余率",
    "结转率",
    "调整率",
    "差错率",
    "投诉率",
    "事故率",
    "发生率",
    "超支率",
    "损失率",
    "返工率",
    "故障率",
    "空置率",
    "流失率",
    "违规率",
    "闲置率",
    "误差率",
    "失误率",
)


def direction_in_name(name: str) -> Direction | None:
    """≤ when *name* is a rate where less is better (预算调整率, 成本控制率), else ``None``.

    >>> direction_in_name("资金结余率"), direction_in_name("资金到位率")
    (<Direction.LE: '≤'>, None)
    """
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))
    return Direction.LE if any(word in folded for word in REVERSE_RATES) else None


def read_coefficient(
    value: object, *, field: str = "coefficient", percent: bool = False
) -> Decimal | None:
    """A printed coefficient as a fraction: "100%" → 1, "0.85" → 0.85, "85" under a
    header in percent (*percent*) → 0.85; ``None`` when blank. A bare number above 1 is
    kept as printed (and audited as out of range), never rescaled silently."""
    if value is None or (isinstance(value, str) and is_blank(value)):
        return None
    if not isinstance(value, str):  # a number cell: exact, or refused (a float, NaN)
        number = to_decimal(value, field=field)
        return divide(number, HUNDRED) if percent else number
    text = unicodedata.normalize("NFKC", value).replace(" ", "")
    if text.endswith("%") or percent:
        return divide(to_decimal(text.removesuffix("%"), field=field), HUNDRED)
    return to_decimal(text, field=field)


def _coefficient(value: object, instance: object) -> Decimal | None:
    if type(value) is Decimal and value.is_finite():
        return value
    try:
        return read_coefficient(value)
    except PerfevalError as error:
        raise located(error, instance) from None


def _unblank_text(value: object, instance: object, field: attrs.Attribute[Any]) -> str | None:
    text = as_text(value, instance, field)
    if text is None:
        return None
    text = text.strip()
    return None if is_blank(text) else text


def _text_field() -> Any:
    return attrs.field(default=None, converter=_TEXT)


_TEXT: Final = attrs.Converter(_unblank_text, takes_self=True, takes_field=True)


@attrs.frozen(kw_only=True)
class CoefficientRow:
    """One indicator line: weight × coefficient = score."""

    level1: str | None = _text_field()
    level2: str | None = _text_field()
    name: str = name_field()
    core: bool | None = attrs.field(default=None, validator=optional_flag)
    """是否核心指标, when printed."""
    target: str | None = _text_field()
    """年初指标值 as printed."""
    adjusted_target: str | None = _text_field()
    """调整指标值 as printed; when present, it is the target."""
    actual: str | None = _text_field()
    """全年完成值 as printed."""
    weight: Decimal | None = points_field()
    coefficient: Decimal | None = attrs.field(
        default=None,
        converter=attrs.Converter(_coefficient, takes_self=True),  # type: ignore[misc]
    )
    """得分系数 as a fraction (1 for 100%)."""
    score: Decimal | None = points_field()
    """指标得分 as printed."""
    note: str | None = _text_field()

    @property
    def effective_target(self) -> str | None:
        """The target the actual is held to: the adjusted one, else the initial one."""
        return self.adjusted_target or self.target


def _rows(value: Iterable[CoefficientRow]) -> tuple[CoefficientRow, ...]:
    rows: tuple[CoefficientRow, ...] = tuple_of(CoefficientRow, "rows")(value)
    return rows


@attrs.frozen(kw_only=True)
class CoefficientTable:
    """A score-coefficient table as printed."""

    title: str | None = attrs.field(default=None, validator=optional_text)
    execution: FundBlock | None = attrs.field(
        default=None, validator=instances(FundBlock, optional=True)
    )
    """Budget execution (年初预算数, 全年预算数, 全年执行数, 执行率, 执行率权重 as the
    block's weight, 执行率得分 as the row's printed score); ``None`` when not printed."""
    rows: tuple[CoefficientRow, ...] = attrs.field(
        default=(), converter=_rows, validator=instances(CoefficientRow)
    )
    printed_total: Decimal | None = points_field()
    cells: Mapping[str, str] = attrs.field(
        factory=dict, eq=False, repr=False, validator=instances(Mapping)
    )
    """Path (``rows[2].coefficient``) → the cell it was read from."""


@attrs.frozen(kw_only=True)
class LineScore:
    """A scored line, and whether its actual reaches its target."""

    row: CoefficientRow
    score: Decimal | None
    """weight × coefficient, rounded half up to 2 places."""
    exact: Decimal | None
    missed: bool | None
    """Whether the actual misses the target; ``None`` when that cannot be told."""
    direction: Direction | None
    direction_from: str | None
    """``printed``, ``name``, ``level2`` or ``default``."""


@attrs.frozen(kw_only=True)
class CoefficientScore:
    """A scored score-coefficient table."""

    table: CoefficientTable
    execution: FundsScore | None
    lines: tuple[LineScore, ...]
    total: Decimal | None
    policy: Policy = attrs.field(eq=False, repr=False)


def _direction(row: CoefficientRow, target: Comparison, policy: Policy) -> tuple[Direction, str]:
    if target.direction is not None:
        return target.direction, "printed"
    named = direction_in_name(row.name)
    if named is not None:
        return named, "name"
    group = match_group(row.level2, level=2)
    if group is not None and group.key in policy.reverse_level2:
        return Direction.LE, "level2"
    return Direction.GE, "default"


def _line(row: CoefficientRow, policy: Policy) -> LineScore:
    exact = score = None
    if row.weight is not None and row.coefficient is not None:
        exact = multiply(row.weight, row.coefficient)
        score = quantize_half_up(exact, 2)
    target, actual = parse_target(row.effective_target), parse_actual(row.actual)
    missed: bool | None = None
    direction = source = None
    if isinstance(target, Comparison) and isinstance(actual, Comparison):
        direction, source = _direction(row, target, policy)
        value: Decimal | None = actual.value
        if target.unit is not None and actual.unit is not None:
            value = actual.in_unit(target.unit)
        elif (target.unit is None) != (actual.unit is None):
            value = None  # a bare number beside a unit: not compared
        if value is not None:
            missed = not {
                Direction.GE: value >= target.value,
                Direction.GT: value > target.value,
                Direction.EQ: value == target.value,
                Direction.LE: value <= target.value,
                Direction.LT: value < target.value,
            }[direction]
    elif isinstance(actual, Qualitative) and actual.achievement is not None:
        missed = actual.achievement is not Achievement.MET
    return LineScore(
        row=row,
        score=score,
        exact=exact,
        missed=missed,
        direction=direction,
        direction_from=source,
    )


@private_context
def score_coefficients(
    table: CoefficientTable, policy: Policy | str = "mof-2020"
) -> CoefficientScore:
    """Each line's score (weight × coefficient, half up to 2 places), execution's score,
    and the total: their sum; ``None`` when a line cannot be scored."""
    if not isinstance(table, CoefficientTable):
        raise InvalidTypeError(
            "expected a CoefficientTable", field="table", value=type(table).__name__
        )
    policy = resolve_policy(policy)
    execution = None if table.execution is None else score_funds(table.execution, policy)
    lines = tuple(_line(row, policy) for row in table.rows)
    parts = [line.score for line in lines]
    if execution is not None:
        parts.append(execution.score)
    total = (
        None if any(p is None for p in parts) else add(ZERO, *(p for p in parts if p is not None))
    )
    return CoefficientScore(
        table=table, execution=execution, lines=lines, total=total, policy=policy
    )


# Checks -------------------------------------------------------------------------------

coefficient_check = rubric_check  # the same marking: a function and the codes it gives


@coefficient_check("coefficient-out-of-range", "coefficient-unearned", "missing-value")
def check_coefficients(scored: CoefficientScore) -> list[Finding]:
    """Each coefficient is printed, within [0, 1], and not 100% on a missed target."""
    found = []
    for index, line in enumerate(scored.lines):
        row, where = line.row, f"rows[{index}].coefficient"
        if row.coefficient is None:
            found.append(
                Finding.make(
                    "missing-value",
                    where,
                    f"{row.name}: the coefficient is blank",
                    f"{row.name}：得分系数为空",
                )
            )
            continue
        if not ZERO <= row.coefficient <= ONE:
            shown = fixed(multiply(row.coefficient, HUNDRED).normalize())
            found.append(
                Finding.make(
                    "coefficient-out-of-range",
                    where,
                    f"{row.name}: coefficient {shown}% is outside 0%–100%",
                    f"{row.name}：得分系数 {shown}% 不在0%至100%之间",
                    printed=row.coefficient,
                    computed="0–1",
                )
            )
        elif row.coefficient == ONE and line.missed:
            how = {"name": "（其名称表明越低越好）", "level2": "（成本指标越低越好）"}.get(
                line.direction_from or "", ""
            )
            how_en = {
                "name": " (its name says less is better)",
                "level2": " (a cost: less is better)",
            }.get(line.direction_from or "", "")
            found.append(
                Finding.make(
                    "coefficient-unearned",
                    where,
                    f"{row.name}: coefficient 100%, but the actual {row.actual} misses the target "
                    f"{row.effective_target}{how_en}",
                    f"{row.name}：全年完成值 {row.actual} 未达到指标值 "
                    f"{row.effective_target}{how}，得分系数却为100%",
                    printed=row.coefficient,
                )
            )
    return found


@coefficient_check("score-exceeds-weight", "score-mismatch")
def check_coefficient_lines(scored: CoefficientScore) -> list[Finding]:
    """Each printed score is within its weight and equals weight × coefficient."""
    found = []
    for index, line in enumerate(scored.lines):
        row, where = line.row, f"rows[{index}].score"
        if row.score is None:
            continue
        if exceeds_weight(row.score, row.weight):
            assert row.weight is not None
            found.append(
                Finding.make(
                    "score-exceeds-weight",
                    where,
                    f"{row.name}: score {fixed(row.score)} is above the weight {fixed(row.weight)}",
                    f"{row.name}：指标得分 {fixed(row.score)} 超过指标权重 {fixed(row.weight)}",
                    printed=row.score,
                    computed=row.weight,
                )
            )
        if line.score is not None and not agrees(row.score, line.score, scored.policy):
            assert row.weight is not None
            assert row.coefficient is not None
            formula = f"{fixed(row.weight)} × {fixed(row.coefficient)} = {fixed(line.score)}"
            found.append(
                Finding.make(
                    "score-mismatch",
                    where,
                    f"{row.name}: printed score {fixed(row.score)}, weight × coefficient {formula}",
                    f"{row.name}：指标得分 {fixed(row.score)}，指标权重×得分系数 {formula}",
                    printed=row.score,
                    computed=line.score,
                )
            )
    return found


@coefficient_check("fund-score-mismatch", "rate-mismatch")
def check_coefficient_execution(scored: CoefficientScore) -> list[Finding]:
    """The printed execution rate and score agree with the computed ones."""
    result = scored.execution
    if result is None or result.block.total is None:
        return []
    row = result.block.total
    found = []
    percent = result.rate.percent
    rate = row.printed_rate
    if rate is not None and percent is not None and not agrees(rate, percent, scored.policy):
        found.append(
            Finding.make(
                "rate-mismatch",
                "execution.rate",
                f"printed execution rate {fixed(rate)}%, computed {result.rate}",
                f"表中执行率 {fixed(rate)}%，计算值 {result.rate}",
                printed=rate,
                computed=percent,
            )
        )
    score = row.printed_score
    if (
        score is not None
        and result.score is not None
        and not agrees(score, result.score, scored.policy)
    ):
        found.append(
            Finding.make(
                "fund-score-mismatch",
                "execution.score",
                f"printed execution score {fixed(score)}, computed {result.formula}",
                f"表中执行率得分 {fixed(score)}，计算值 {result.formula}",
                printed=score,
                computed=result.score,
            )
        )
    return found


@coefficient_check("total-mismatch")
def check_coefficient_total(scored: CoefficientScore) -> list[Finding]:
    """The printed total agrees with execution's score plus the sum of the lines."""
    printed, total = scored.table.printed_total, scored.total
    if printed is None or total is None or agrees(printed, total, scored.policy):
        return []
    return [
        Finding.make(
            "total-mismatch",
            "printed_total",
            f"printed total {fixed(printed)}, the scores add up to {fixed(total)}",
            f"表中总分 {fixed(printed)}，各项得分合计 {fixed(total)}",
            printed=printed,
            computed=total,
        )
    ]


#: The score-coefficient audit's checks, in order.
COEFFICIENT_CHECKS: Final = (
    check_coefficient_execution,
    check_coefficients,
    check_coefficient_lines,
    check_coefficient_total,
)


@attrs.frozen(kw_only=True)
class CoefficientAudit(Findings):
    """A scored score-coefficient table and what its audit found."""

    scored: CoefficientScore
    findings: tuple[Finding, ...]


@private_context
def audit_coefficients(
    table: CoefficientTable,
    policy: Policy | str = "mof-2020",
    *,
    checks: Iterable[Check] | None = None,
) -> CoefficientAudit:
    """Score *table* and run *checks* on it (:data:`COEFFICIENT_CHECKS` by default)."""
    scored = score_coefficients(table, policy)
    findings = run_kind_checks(scored, checks, COEFFICIENT_CHECKS)
    return CoefficientAudit(scored=scored, findings=tuple(findings))


# Reading ------------------------------------------------------------------------------

_FIELDS: Final[dict[str, frozenset[str]]] = {
    "level1": labels("一级指标"),
    "level2": labels("二级指标"),
    "name": labels("三级指标"),
    "core": labels("是否核心指标", "核心指标"),
    "adjusted_target": labels("调整指标值", "调整后指标值", "调整后目标值"),
    "target": labels("年初指标值", "年度指标值", "指标值", "目标值", "年初目标值"),
    "actual": labels("全年完成值", "实际完成值", "完成值", "全年实际完成值"),
    "weight": labels("指标权重", "权重", "分值"),
    "coefficient": labels("得分系数", "评分系数", "系数"),
    "score": labels("指标得分", "得分"),
    "note": labels(
        "未完成原因", "未完成原因分析", "偏差原因分析", "偏差原因分析及改进措施", "备注"
    ),
}
#: The execution block's columns: the fund block's labels (one home: the layout finder's),
#: and the Chongqing names of its weight and score.
_EXECUTION: Final[dict[str, frozenset[str]]] = {
    **FUND_FIELDS,
    "weight": FUND_FIELDS["weight"] | labels("执行率权重", "执行率分值"),
    "score": FUND_FIELDS["score"] | labels("执行率得分"),
}
_HEADING: Final = {"weight": "指标权重", "coefficient": "得分系数"}
_YES: Final = labels("是", "√", "✓", "Y", "核心", "核心指标")
_NO: Final = labels("否", "×", "N", "非核心", "非核心指标", "一般", "一般指标")
_TITLE: Final = re.compile(r"(?:项目名称|项目)[:：]\s*(.+)")


def _core(sheet: Sheet, r: int, c: int | None) -> bool | None:
    text = sheet.optional_text(r, c)
    if text is None or c is None:
        return None
    if fold(text) in _YES:
        return True
    if fold(text) in _NO:
        return False
    raise DocumentError(
        f"是否核心指标 holds {text!r}: expected 是 or 否", field=sheet.name(r, c), value=text
    )


def _first(columns: Mapping[str, list[int]], field: str) -> int | None:
    found = columns.get(field)
    return found[0] if found else None


def read_coefficient_table(grid: Grid) -> CoefficientTable | None:
    """The score-coefficient table in *grid*; ``None`` when it holds none (no header row
    with 三级指标 and 得分系数). :class:`~perfeval.errors.DocumentError` names a cell that
    cannot be read, or the header when it lacks the weight or the coefficient column."""
    sheet = Sheet(grid)
    head = None
    for r in range(sheet.height):
        row = {bare(sheet.folded(r, c)) for c in range(sheet.width)}
        if row & _FIELDS["name"] and row & _FIELDS["coefficient"]:
            head = r
            break
    if head is None:
        return None
    depth = 2 if head + 1 < sheet.height and _sub_header(sheet, head + 1) else 1
    columns = sheet.header(head, _FIELDS, depth)
    for field in ("weight", "coefficient"):
        if field not in columns:
            raise DocumentError(
                f"a 得分系数 table with no {_HEADING[field]} column",
                field=sheet.name(head, _first(columns, "name") or 0),
            )
    percent = any(
        "%" in sheet.folded(r, c) for r in range(head, head + depth) for c in columns["coefficient"]
    )
    cells: dict[str, str] = {}
    rows: list[CoefficientRow] = []
    total = None
    col = {field: _first(columns, field) for field in _FIELDS}
    last: dict[str, str | None] = {}
    for r in range(head + depth, sheet.height):
        texts = sheet.row_texts(r)
        if not texts:
            continue
        if fold(texts[0]) in TOTAL_LABELS:
            total = sheet.number(r, col["score"], "total")
            cells["printed_total"] = sheet.name(r, col["score"] or 0)
            break
        name = sheet.optional_text(r, col["name"])
        if name is None or fold(name) in _FIELDS["name"]:
            continue
        index = len(rows)
        levels = {}
        for field in ("level1", "level2"):
            levels[field] = sheet.optional_text(r, col[field]) or last.get(field)
            last[field] = levels[field]
        c = col["coefficient"]
        try:
            coefficient = read_coefficient(
                sheet.text(r, c) if c is not None else None, percent=percent
            )
        except InvalidNumberError as error:
            raise DocumentError(
                f"得分系数 holds {sheet.text(r, c or 0)!r}: {error.reason}",
                field=sheet.name(r, c or 0),
            ) from None
        rows.append(
            CoefficientRow(
                level1=levels["level1"],
                level2=levels["level2"],
                name=name,
                core=_core(sheet, r, col["core"]),
                target=sheet.optional_text(r, col["target"]),
                adjusted_target=sheet.optional_text(r, col["adjusted_target"]),
                actual=sheet.optional_text(r, col["actual"]),
                weight=sheet.number(r, col["weight"], "weight"),
                coefficient=coefficient,
                score=sheet.number(r, col["score"], "score"),
                note=sheet.optional_text(r, col["note"]),
            )
        )
        for field in ("name", "weight", "coefficient", "score", "target", "actual"):
            if col[field] is not None:
                cells[f"rows[{index}].{field}"] = sheet.name(r, col[field] or 0)
    if not rows:
        raise DocumentError(
            "a 得分系数 header with no indicator row below it",
            field=sheet.name(head, col["coefficient"] or 0),
        )
    return CoefficientTable(
        title=_title(sheet, head),
        execution=_execution(sheet, head, cells),
        rows=tuple(rows),
        printed_total=total,
        cells=cells,
    )


def _sub_header(sheet: Sheet, r: int) -> bool:
    """Whether row *r* is the lower row of a two-row header (labels only)."""
    known = frozenset().union(*_FIELDS.values())
    texts = [bare(sheet.folded(r, c)) for c in range(sheet.width) if sheet.folded(r, c)]
    return bool(texts) and all(text in known for text in texts)


def _execution(sheet: Sheet, head: int, cells: dict[str, str]) -> FundBlock | None:
    """The execution block above the indicators: a header holding 全年执行数 and 执行率
    (or its score), the 年度资金总额 row below it (else the first row with an executed
    amount) as the scored row, and the rows below that one as its sources."""
    for r in range(head):
        columns = sheet.header(r, _EXECUTION)
        if "executed" not in columns or not {"rate", "score"} & columns.keys():
            continue
        if "annual_budget" not in columns:
            raise DocumentError(
                "an execution header without 全年预算数",
                field=sheet.name(r, columns["executed"][0]),
            )
        col = {field: _first(columns, field) for field in _EXECUTION}
        executed = columns["executed"][0]
        filled = [v for v in range(r + 1, head) if not is_blank(sheet.text(v, executed))]
        if not filled:
            raise DocumentError(
                "an execution header with no amounts below it", field=sheet.name(r, executed)
            )
        labelled = [v for v in filled if any(
            bare(sheet.folded(v, c)) in FUND_TOTAL for c in range(executed))]  # fmt: skip
        top = labelled[0] if labelled else filled[0]
        label_col = next(
            (c for c in range(executed) if bare(sheet.folded(top, c)) in FUND_TOTAL), None
        )
        if label_col is None and len(filled) > 1:
            raise DocumentError(
                "several rows of amounts under the execution header and none labelled "
                "年度资金总额: which one is scored?",
                field=sheet.name(filled[1], executed),
            )
        rows = [_fund_row(sheet, v, col, label_col) for v in filled if v >= top]
        for field in ("rate", "score", "weight", "executed", "annual_budget"):
            if col[field] is not None:
                cells[f"execution.{field}"] = sheet.name(top, col[field] or 0)
        weight = sheet.number(top, col["weight"], "execution weight")
        sources = rows[1:] if label_col is not None else []
        return FundBlock(weight=weight, total=rows[0], sources=sources)
    return None


def _fund_row(sheet: Sheet, v: int, col: Mapping[str, int | None], label: int | None) -> FundRow:
    """A row of the execution block: the total (年度资金总额) or a source below it."""

    def amount(field: str) -> Decimal | None:
        return sheet.number(v, col[field], field, read_amount)

    text = sheet.text(v, label) if label is not None else ""
    source = "total" if label is None or bare(fold(text)) in FUND_TOTAL else text
    return FundRow(
        source=source,
        initial_budget=amount("initial_budget"),
        annual_budget=amount("annual_budget"),
        executed=amount("executed"),
        printed_rate=sheet.percent(v, col["rate"], "rate"),
        printed_score=sheet.number(v, col["score"], "execution score"),
    )


def _title(sheet: Sheet, head: int) -> str | None:
    lines = list(sheet.grid.above)
    for r in range(head):
        texts = sheet.row_texts(r)
        for i, text in enumerate(texts):
            if fold(text) in labels("项目名称", "项目") and i + 1 < len(texts):
                return texts[i + 1]
        lines += texts
    for line in lines:
        match = _TITLE.search(unicodedata.normalize("NFKC", line))
        if match:
            return match.group(1).strip()
    return lines[0] if lines else None
