"""Evaluation rubrics (绩效评价指标体系及评分表): the model, its score and its audit.

A rubric is the form of a published evaluation: 一级 indicators (项目决策 / 项目过程 /
项目产出 / 项目效益, or 决策 / 管理 / 产出 / 效益) with weights such as 20/20/40/20,
二级 and 三级 indicators under them, each 三级 row with its 指标解释, its 评分标准, its
分值 and the evaluator's 得分. There is no fund block: execution (预算执行率, 资金到位率)
is a row inside 过程, scored by its criterion ("到位率 × 分值").

- :class:`RubricRow`: one scored row; ``optional`` marks a row of a group of which one is
  scored (可选项);
- :class:`Level`: a 一级 or 二级 heading and the weight it declares (a column of its own,
  or printed in the heading: "决策（20分）");
- :class:`Rubric`: the levels, the rows, the printed total;
- :func:`score_rubric`: the total is the sum of the printed scores (rubrics are judged:
  the evaluator's score is the score); an optional group counts its scored row only;
- :func:`audit_rubric`: the checks of :data:`RUBRIC_CHECKS` (each score against its
  weight, the weights of each level against what it declares and against 100, the printed
  total against the sum, an optional group with one row scored, and a criterion that
  states a formula against the figure the row prints);
- :func:`read_rubric`: the recogniser, from a :class:`~perfeval.layout.Grid`.

>>> rubric = Rubric(levels=(Level(name="过程", weight=Decimal(5)),), rows=(
...     RubricRow(level1="过程", name="预算执行率", weight="5", score="4.32",
...               criterion="预算执行率×分值", evidence="预算执行率86.32%"),
... ), printed_total="4.32")
>>> result = audit_rubric(rubric)
>>> result.scored.total, result.codes()  # 5 × 86.32% = 4.32; one level of 5 points, not 100
(Decimal('4.32'), ['weights-mismatch'])
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

import attrs

from perfeval._convert import as_text, instances, name_field, points_field, tuple_of
from perfeval._grid import TOTAL_LABELS, Sheet, declared_points, labels
from perfeval._validate import flag, optional_text, texts
from perfeval.checks import agrees, exceeds_weight
from perfeval.errors import DocumentError, InvalidTypeError
from perfeval.findings import (
    Check,
    Finding,
    Findings,
    check,
    run_kind_checks,
)
from perfeval.grades import GradeBand
from perfeval.layout import Grid, bare, fold
from perfeval.number import (
    HUNDRED,
    ZERO,
    add,
    divide,
    fixed,
    multiply,
    private_context,
    quantize_half_up,
)
from perfeval.policy import Policy, resolve_policy

__all__ = [
    "RUBRIC_CHECKS",
    "Criterion",
    "Level",
    "RowResult",
    "Rubric",
    "RubricAudit",
    "RubricRow",
    "RubricScore",
    "audit_rubric",
    "check_criteria",
    "check_level_weights",
    "check_optional_groups",
    "check_row_weights",
    "check_rubric_grade",
    "check_rubric_total",
    "criterion_formula",
    "read_rubric",
    "rubric_check",
    "score_rubric",
]


def _folded_text(value: object, instance: object, field: attrs.Attribute[Any]) -> str | None:
    text = as_text(value, instance, field)
    return (text.strip() or None) if text is not None else None


def _text_field() -> Any:
    return attrs.field(default=None, converter=_TEXT)


_TEXT: Final = attrs.Converter(_folded_text, takes_self=True, takes_field=True)


@attrs.frozen(kw_only=True)
class Criterion:
    """A formula a 评分标准 states: the score is a printed rate times a multiplier."""

    rate: str
    """The rate's name as the criterion prints it (``预算执行率``, ``到位率``)."""
    multiplier: Decimal | None
    """The points the rate multiplies; ``None`` when it is the row's 分值."""


_RATE_NAME = r"(?P<rate>[\u4e00-\u9fff]{0,10}?(?:率|比例))"
_TIMES = r"\s*[×xX*✕╳]\s*"
_CRITERION: Final = re.compile(
    _RATE_NAME + _TIMES + r"(?:该项|该指标|本指标|本项|指标)?"
    r"(?:(?P<weight>分值|权重|满分|标准分)|(?P<points>\d+(?:\.\d+)?)\s*分?)"
)


# the points start where a number starts: tried from inside a run of digits as well, a
# search would cost the square of the run's length
_CRITERION_REVERSED: Final = re.compile(
    r"(?:该项|该指标|本指标|本项|指标)?"
    r"(?:(?P<weight>分值|权重|满分|标准分)|(?<![\d.])(?P<points>\d+(?:\.\d+)?)\s*分?)"
    + _TIMES
    + _RATE_NAME
)


def criterion_formula(criterion: str | None) -> Criterion | None:
    """The formula a 评分标准 states, when it states one: "得分=预算执行率×分值",
    "到位率×3分", "资金到位率*该指标分值".

    >>> criterion_formula("得分=资金到位率×3")
    Criterion(rate='资金到位率', multiplier=Decimal('3'))
    >>> criterion_formula("制度健全得满分，否则酌情扣分") is None
    True
    """
    if not criterion:
        return None
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", criterion))
    match = _CRITERION.search(text) or _CRITERION_REVERSED.search(text)
    if match is None:
        return None
    rate = re.sub(r"^(?:得分|分数|计算公式|公式|评分)?[=:]?", "", match.group("rate"))
    points = match.group("points")
    return Criterion(rate=rate, multiplier=None if points is None else Decimal(points))


@attrs.frozen(kw_only=True)
class RubricRow:
    """One scored row of a rubric (a 三级 indicator)."""

    level1: str | None = _text_field()
    """The 一级 heading as printed, without its points ("决策")."""
    level2: str | None = _text_field()
    name: str = name_field()
    """三级指标."""
    explanation: str | None = _text_field()
    """指标解释."""
    criterion: str | None = _text_field()
    """评分标准."""
    target: str | None = _text_field()
    """指标值 (年度指标值), when the rubric prints one."""
    evidence: str | None = _text_field()
    """What the evaluator found (评价情况, 评分依据, 扣分原因): where a formula criterion
    finds its figure."""
    weight: Decimal | None = points_field()
    score: Decimal | None = points_field()
    """The evaluator's score as printed."""
    optional: bool = attrs.field(default=False, validator=flag)
    """A row of an optional group (可选项): one row of the group is scored."""

    @property
    def formula(self) -> Criterion | None:
        """The formula the criterion states, if any."""
        return criterion_formula(self.criterion)


@attrs.frozen(kw_only=True)
class Level:
    """A 一级 (or 二级) heading and the weight it declares; ``parent`` is the 一级 of a
    二级 heading."""

    name: str = name_field()
    weight: Decimal | None = points_field()
    parent: str | None = attrs.field(default=None, validator=optional_text)
    printed_score: Decimal | None = points_field()
    """A subtotal the rubric prints for the level (a 小计 row or a level's 得分 column)."""


def _levels(value: Iterable[Level]) -> tuple[Level, ...]:
    levels: tuple[Level, ...] = tuple_of(Level, "levels")(value)
    return levels


def _rows(value: Iterable[RubricRow]) -> tuple[RubricRow, ...]:
    rows: tuple[RubricRow, ...] = tuple_of(RubricRow, "rows")(value)
    return rows


@attrs.frozen(kw_only=True)
class Rubric:
    """A rubric as printed: its title, levels, rows and total."""

    title: str | None = attrs.field(default=None, validator=optional_text)
    """The project or the evaluation, as the form names it."""
    levels: tuple[Level, ...] = attrs.field(
        default=(), converter=_levels, validator=instances(Level)
    )
    rows: tuple[RubricRow, ...] = attrs.field(
        default=(), converter=_rows, validator=instances(RubricRow)
    )
    printed_total: Decimal | None = points_field()
    printed_total_weight: Decimal | None = points_field()
    """The weight the total row prints (100)."""
    printed_grade: str | None = attrs.field(default=None, validator=optional_text)
    """评价等级 as printed below the table (优, 良, 优秀 …)."""
    cells: Mapping[str, str] = attrs.field(
        factory=dict, eq=False, repr=False, validator=instances(Mapping)
    )
    """Path (``rows[3].score``) → the cell it was read from (``评分表!H9``)."""
    notes: tuple[str, ...] = attrs.field(default=(), validator=texts)
    """What the reader noted: lines across the table that are not rows."""


@attrs.frozen(kw_only=True)
class RowResult:
    """A row's part in the total."""

    row: RubricRow
    counted: bool
    """Whether the row counts: every row but the unscored rows of an optional group."""
    group: int | None = None
    """The index of the row's optional group, for an optional row."""
    expected: Decimal | None = None
    """What the criterion's formula gives on the printed figure, when it states one."""
    rate: Decimal | None = None
    """The printed figure (in percent) the formula was applied to."""


@attrs.frozen(kw_only=True)
class RubricScore:
    """A scored rubric: each row's part, the total and the grade."""

    rubric: Rubric
    rows: tuple[RowResult, ...]
    total: Decimal | None
    """The sum of the counted rows' scores; ``None`` when one is blank."""
    grade: GradeBand | None
    policy: Policy = attrs.field(eq=False, repr=False)


def _groups(rows: Sequence[RubricRow]) -> list[int | None]:
    """The optional group of each row: consecutive optional rows under one heading."""
    groups: list[int | None] = []
    current = -1
    previous: tuple[str | None, str | None] | None = None
    for row in rows:
        if not row.optional:
            groups.append(None)
            previous = None
            continue
        key = (row.level1, row.level2)
        if key != previous:
            current += 1
            previous = key
        groups.append(current)
    return groups


#: A percentage, matched only where a number starts: tried at every digit of a long run
#: of digits, the search would take the square of its length.
_PERCENT: Final = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)%")


def _figure(row: RubricRow, formula: Criterion) -> Decimal | None:
    """The rate the row prints for *formula*: a percentage after the rate's name in the
    row's evidence, else the only percentage it prints."""
    text = unicodedata.normalize("NFKC", row.evidence or "").replace(" ", "")
    tail = formula.rate[-3:]
    named = re.search(re.escape(tail) + r"[^\d%]{0,12}?(\d+(?:\.\d+)?)%", text)
    if named is not None:
        return Decimal(named.group(1))
    every = _PERCENT.findall(text)
    return Decimal(every[0]) if len(every) == 1 else None


def _expected(row: RubricRow, formula: Criterion, rate: Decimal) -> Decimal | None:
    points = formula.multiplier if formula.multiplier is not None else row.weight
    if points is None:
        return None
    value = multiply(points, divide(rate, HUNDRED))
    if row.weight is not None:
        value = min(value, row.weight)
    return quantize_half_up(value, 2)


@private_context
def score_rubric(rubric: Rubric, policy: Policy | str = "mof-2020") -> RubricScore:
    """The total of *rubric*: the sum of its printed scores, an optional group counting
    its scored row (or its first row when none is scored), graded by *policy*."""
    if not isinstance(rubric, Rubric):
        raise InvalidTypeError("expected a Rubric", field="rubric", value=type(rubric).__name__)
    policy = resolve_policy(policy)
    groups = _groups(rubric.rows)
    chosen: dict[int, int] = {}
    for index, (row, group) in enumerate(zip(rubric.rows, groups, strict=True)):
        # an optional group counts its first scored row, else its first row
        if group is not None and (
            group not in chosen
            or (row.score is not None and rubric.rows[chosen[group]].score is None)
        ):
            chosen[group] = index
    results = []
    for index, (row, group) in enumerate(zip(rubric.rows, groups, strict=True)):
        formula = row.formula
        rate = _figure(row, formula) if formula else None
        expected = _expected(row, formula, rate) if formula and rate is not None else None
        results.append(
            RowResult(
                row=row,
                counted=group is None or chosen[group] == index,
                group=group,
                expected=expected,
                rate=rate,
            )
        )
    scores = [item.row.score for item in results if item.counted]
    total = (
        None if any(s is None for s in scores) else add(ZERO, *(s for s in scores if s is not None))
    )
    grade = None if total is None else policy.grades.grade(total)
    return RubricScore(rubric=rubric, rows=tuple(results), total=total, grade=grade, policy=policy)


# Checks -------------------------------------------------------------------------------

#: The marking of a rubric's (or a score-coefficient table's) checks:
#: :func:`perfeval.findings.check` itself.
rubric_check = check


@rubric_check("score-exceeds-weight", "missing-value")
def check_row_weights(scored: RubricScore) -> list[Finding]:
    """Each counted row prints a score, within its weight."""
    found = []
    for index, item in enumerate(scored.rows):
        row = item.row
        if item.counted and row.score is None:
            found.append(
                Finding.make(
                    "missing-value",
                    f"rows[{index}].score",
                    f"{row.name}: the score is blank",
                    f"{row.name}：得分为空",
                )
            )
        if row.score is not None and exceeds_weight(row.score, row.weight):
            assert row.weight is not None
            found.append(
                Finding.make(
                    "score-exceeds-weight",
                    f"rows[{index}].score",
                    f"{row.name}: score {fixed(row.score)} is above the weight {fixed(row.weight)}",
                    f"{row.name}：得分 {fixed(row.score)} 超过分值 {fixed(row.weight)}",
                    printed=row.score,
                    computed=row.weight,
                )
            )
    return found


def _counted_weights(scored: RubricScore, keep: Callable[[RubricRow], bool]) -> Decimal | None:
    weights = [item.row.weight for item in scored.rows if item.counted and keep(item.row)]
    if not weights or any(weight is None for weight in weights):
        return None
    return add(*(weight for weight in weights if weight is not None))


def _under(level: Level) -> Callable[[RubricRow], bool]:
    """Whether a row sits under *level*."""

    def under(row: RubricRow) -> bool:
        if level.parent is None:
            return row.level1 == level.name
        return row.level2 == level.name and row.level1 == level.parent

    return under


def _everything(row: RubricRow) -> bool:
    return True


def _weights(where: str, name: str, summed: Decimal, declared: Decimal) -> Finding:
    return Finding.make(
        "weights-mismatch",
        where,
        f"{name}: the weights under it add up to {fixed(summed)}, not {fixed(declared)}",
        f"{name}：下级指标分值合计 {fixed(summed)}，与其分值 {fixed(declared)} 不符",
        printed=declared,
        computed=summed,
    )


@rubric_check("weights-mismatch")
def check_level_weights(scored: RubricScore) -> list[Finding]:
    """Each level's rows add up to the weight it declares; the 一级 weights (or, when
    none is declared, the rows') add up to 100 (or to the total row's weight)."""
    rubric = scored.rubric
    found = []
    for index, level in enumerate(rubric.levels):
        if level.weight is None:
            continue
        summed = _counted_weights(scored, _under(level))
        if summed is not None and summed != level.weight:
            found.append(_weights(f"levels[{index}].weight", level.name, summed, level.weight))
    top = [level.weight for level in rubric.levels if level.parent is None]
    whole = rubric.printed_total_weight or HUNDRED
    if top and all(weight is not None for weight in top):
        summed = add(*(weight for weight in top if weight is not None))
        where = "levels"
    else:
        summed = _counted_weights(scored, _everything)
        where = "rows"
    if summed is not None and summed != whole:
        found.append(_weights(where, "一级指标", summed, whole))
    return found


@rubric_check("optional-choice")
def check_optional_groups(scored: RubricScore) -> list[Finding]:
    """An optional group (可选项) has one row scored, no more and no fewer."""
    found = []
    groups: dict[int, list[int]] = {}
    for index, item in enumerate(scored.rows):
        if item.group is not None:
            groups.setdefault(item.group, []).append(index)
    for members in groups.values():
        scored_rows = [i for i in members if scored.rows[i].row.score is not None]
        if len(scored_rows) == 1:
            continue
        names = "、".join(scored.rows[i].row.name for i in members)
        found.append(
            Finding.make(
                "optional-choice",
                f"rows[{members[0]}].score",
                f"optional rows {names}: {len(scored_rows)} scored, one expected",
                f"可选项 {names}：{len(scored_rows)} 项计分，应仅一项计分",
                printed=str(len(scored_rows)),
                computed="1",
            )
        )
    return found


@rubric_check("criterion-mismatch", "criterion-unverified")
def check_criteria(scored: RubricScore) -> list[Finding]:
    """A criterion that states a formula (到位率 × 分值) gives the printed score when
    applied to the figure the row prints."""
    found = []
    for index, item in enumerate(scored.rows):
        row, formula = item.row, item.row.formula
        if formula is None or row.score is None:
            continue
        where = f"rows[{index}].score"
        if item.expected is None:
            found.append(
                Finding.make(
                    "criterion-unverified",
                    where,
                    f"{row.name}: the criterion states {formula.rate} × points, and the row "
                    f"prints no {formula.rate} to check the score against",
                    f"{row.name}：评分标准为 {formula.rate}×分值，但未列出{formula.rate}，"
                    "得分无法核实",
                )
            )
            continue
        if not agrees(row.score, item.expected, scored.policy):
            assert item.rate is not None
            found.append(
                Finding.make(
                    "criterion-mismatch",
                    where,
                    f"{row.name}: score {fixed(row.score)}, but {formula.rate} {fixed(item.rate)}% "
                    f"× its points gives {fixed(item.expected)}",
                    f"{row.name}：得分 {fixed(row.score)}，按评分标准 {formula.rate} "
                    f"{fixed(item.rate)}% × 分值应为 {fixed(item.expected)}",
                    printed=row.score,
                    computed=item.expected,
                )
            )
    return found


@rubric_check("total-mismatch")
def check_rubric_total(scored: RubricScore) -> list[Finding]:
    """The printed total (and each printed level subtotal) agrees with the sum."""
    found = []
    rubric = scored.rubric
    for index, level in enumerate(rubric.levels):
        if level.printed_score is None or level.parent is not None:
            continue
        parts = [i.row.score for i in scored.rows if i.counted and i.row.level1 == level.name]
        if parts and all(part is not None for part in parts):
            summed = add(*(part for part in parts if part is not None))
            if not agrees(level.printed_score, summed, scored.policy):
                found.append(
                    Finding.make(
                        "total-mismatch",
                        f"levels[{index}].printed_score",
                        f"{level.name}: printed subtotal {fixed(level.printed_score)}, the rows "
                        f"add up to {fixed(summed)}",
                        f"{level.name}：小计 {fixed(level.printed_score)}，"
                        f"各项得分合计 {fixed(summed)}",
                        printed=level.printed_score,
                        computed=summed,
                    )
                )
    printed, total = rubric.printed_total, scored.total
    if printed is not None and total is not None and not agrees(printed, total, scored.policy):
        found.append(
            Finding.make(
                "total-mismatch",
                "printed_total",
                f"printed total {fixed(printed)}, the scores add up to {fixed(total)}",
                f"表中总分 {fixed(printed)}，各项得分合计 {fixed(total)}",
                printed=printed,
                computed=total,
            )
        )
    return found


@rubric_check("grade-mismatch")
def check_rubric_grade(scored: RubricScore) -> list[Finding]:
    """The printed grade (评价等级) is a grade of the policy's scale matching the total."""
    printed, grade = scored.rubric.printed_grade, scored.grade
    if not printed:
        return []
    band = scored.policy.grades.band(printed)
    if band is not None and (grade is None or band == grade):
        return []
    expected = grade.label if grade else None
    total = "—" if scored.total is None else fixed(scored.total)
    return [
        Finding.make(
            "grade-mismatch",
            "printed_grade",
            f"the printed grade {printed!r} does not match the total {total} ({expected})",
            f"表中评价等级「{printed}」与总分 {total} 对应的「{expected}」不符",
            printed,
            expected,
        )
    ]


#: The rubric audit's checks, in order.
RUBRIC_CHECKS: Final = (
    check_row_weights,
    check_optional_groups,
    check_criteria,
    check_level_weights,
    check_rubric_total,
    check_rubric_grade,
)


@attrs.frozen(kw_only=True)
class RubricAudit(Findings):
    """A scored rubric and what its audit found."""

    scored: RubricScore
    findings: tuple[Finding, ...]


@private_context
def audit_rubric(
    rubric: Rubric, policy: Policy | str = "mof-2020", *, checks: Iterable[Check] | None = None
) -> RubricAudit:
    """Score *rubric* and run *checks* on it (:data:`RUBRIC_CHECKS` by default); the
    policy says how printed values agree and grades the total."""
    scored = score_rubric(rubric, policy)
    findings = run_kind_checks(scored, checks, RUBRIC_CHECKS)
    return RubricAudit(scored=scored, findings=tuple(findings))


# Reading ------------------------------------------------------------------------------

_FIELDS: Final[dict[str, frozenset[str]]] = {
    "level1": labels("一级指标", "一级"),
    "level2": labels("二级指标", "二级"),
    "name": labels("三级指标", "三级"),
    "weight": labels("分值", "权重", "分数", "标准分", "指标分值", "满分", "标准分值", "权重分"),
    "score": labels(
        "得分",
        "评价得分",
        "自评得分",
        "实际得分",
        "评分",
        "考核得分",
        "专家评分",
        "评审得分",
        "核定得分",
        "最终得分",
        "评价分",
    ),
    "explanation": labels("指标解释", "指标说明", "指标内涵", "指标定义", "指标释义"),
    "criterion": labels(
        "评分标准",
        "评分要点",
        "评分细则",
        "评价标准",
        "评分方法",
        "评分规则",
        "评价要点",
        "评分标准及方法",
        "评分办法",
    ),
    "target": labels("年度指标值", "指标值", "目标值", "年度目标值"),
    "evidence": labels(
        "评价情况",
        "评分依据",
        "评价结果",
        "得分情况",
        "扣分原因",
        "得分说明",
        "评分说明",
        "自评情况",
        "扣分说明",
        "扣分理由",
        "备注",
        "评价意见",
        "得分依据",
        "实际完成情况",
        "实际完成值",
        "完成值",
        "全年完成值",
    ),
}
#: Headings of a 自评表 or a score-coefficient table: a rubric prints none of them.
#: Headings of a 自评表: a rubric prints them only beside 决策 / 过程 headings.
_TARGETS: Final = labels("年度指标值", "实际完成值", "全年完成值", "年初指标值", "指标值", "完成值")
_COEFFICIENT: Final = labels("得分系数")
#: A 一级 heading only a rubric prints: 决策, 过程, 管理, 投入 (a 自评表's are 产出,
#: 效益, 满意度).
_RUBRIC_LEVEL: Final = re.compile(r"^(?:项目)?(?:决策|过程|管理|投入)(?:指标)?$")
_SUBTOTAL: Final = labels("小计")
_GRADE: Final = labels("评价等级", "绩效等级", "评定等级", "等级", "评价结论", "自评等级")
#: A cell that marks its row optional by itself.
_OPTIONAL_CELLS: Final = labels("可选", "选做", "选择性指标", "可选指标", "可选项")
_OPTIONAL: Final = re.compile(r"可选项|可选指标|[(]可选[)]|[(]选[)]")
_TITLE: Final = re.compile(r"(?:项目名称|评价项目|项目)[:：]\s*(.+)")


def _assign(sheet: Sheet, head: int, depth: int) -> dict[str, int | None]:
    """The column of each field; a 分值 or 得分 column after a level's column belongs to
    that level (``level1_weight``, ``level2_score``), after 三级指标 to the rows."""
    columns: dict[str, int | None] = {}
    current = "level1"
    for c in range(sheet.width):
        if all(sheet.home(r, c)[1] != c for r in range(head, head + depth)):
            continue  # the rest of a range merged across
        texts = [bare(sheet.folded(r, c)) for r in range(head, head + depth)]
        for field, wanted in _FIELDS.items():
            if not set(texts) & wanted:
                continue
            if field in ("level1", "level2", "name"):
                current = field
                columns.setdefault(field, c)
            elif field in ("weight", "score") and current != "name":
                columns.setdefault(f"{current}_{field}", c)
            elif field in columns and field in ("weight", "score"):
                raise DocumentError(
                    f"two {field} columns after 三级指标 ({sheet.name(head, columns[field] or 0)} "
                    f"and this one); say which one holds the rows' {field}",
                    field=sheet.name(head, c),
                )
            else:
                columns.setdefault(field, c)
            break
    return columns


def _is_rubric_head(sheet: Sheet, r: int, depth: int = 1) -> bool:
    """Whether rows [r, r + depth) are a rubric's header: 一级指标, 二级 or 三级指标 and a
    分值 column, no 得分系数; and either 决策 / 过程 headings under its 一级指标 (only
    rubrics print them), or a 评分标准 or 指标解释 column and no targets."""
    row = {bare(sheet.folded(v, c)) for v in range(r, r + depth) for c in range(sheet.width)}
    shaped = (
        bool(row & _FIELDS["name"] or row & _FIELDS["level2"])
        and bool(row & _FIELDS["level1"])
        and bool(row & _FIELDS["weight"])
        and not row & _COEFFICIENT
    )
    if not shaped:
        return False
    if bool(row & (_FIELDS["criterion"] | _FIELDS["explanation"])) and not row & _TARGETS:
        return True
    level1 = next(
        c
        for c in range(sheet.width)
        if any(bare(sheet.folded(v, c)) in _FIELDS["level1"] for v in range(r, r + depth))
    )
    return any(
        _RUBRIC_LEVEL.match(fold(declared_points(sheet.text(v, level1))[0]))
        for v in range(r + depth, sheet.height)
    )


def read_rubric(grid: Grid) -> Rubric | None:
    """The rubric in *grid*; ``None`` when it holds none. A rubric is a header row with
    一级指标, 二级 or 三级指标, a 分值 (权重) column and a 评分标准 or 指标解释 column, and
    neither targets nor actual values (a 自评表) nor 得分系数 (a score-coefficient table).
    :class:`~perfeval.errors.DocumentError` names the cell that cannot be read."""
    sheet = Sheet(grid)
    found = next(
        (
            (r, depth)
            for r in range(sheet.height)
            for depth in (1, 2)
            if r + depth <= sheet.height and _is_rubric_head(sheet, r, depth)
        ),
        None,
    )
    if found is None:
        return None
    head, depth = found  # a header of two rows: 指标 above 一级 / 二级 / 三级指标
    columns = _assign(sheet, head, depth)
    if "name" not in columns:  # a two-level rubric: 二级 rows are scored
        columns["name"] = columns.pop("level2")
    if "weight" not in columns:
        raise DocumentError(
            "a rubric with no 分值 (权重) column right of 三级指标",
            field=sheet.name(head, columns["name"] or 0),
        )
    return _RubricReader(sheet, head + depth - 1, columns).read()


class _RubricReader:
    def __init__(self, sheet: Sheet, head: int, columns: dict[str, int | None]) -> None:
        self.sheet = sheet
        self.head = head
        self.columns = columns
        self.cells: dict[str, str] = {}
        self.levels: dict[tuple[str | None, str], Level] = {}
        self.last: dict[str, str | None] = {}

    def col(self, field: str) -> int | None:
        return self.columns.get(field)

    def level(self, r: int, field: str, parent: str | None) -> str | None:
        c = self.col(field)
        text = self.sheet.optional_text(r, c)
        if text is None or c is None:  # printed once above the rows it covers
            return self.last.get(field)
        name, declared = declared_points(text)
        weight = self.sheet.number(r, self.col(f"{field}_weight"), f"{field} weight")
        score = self.sheet.number(r, self.col(f"{field}_score"), f"{field} score")
        key = (parent, name)
        if key not in self.levels:
            index = len(self.levels)
            self.levels[key] = Level(
                name=name,
                weight=weight if weight is not None else declared,
                parent=parent,
                printed_score=score,
            )
            self.cells[f"levels[{index}].weight"] = self.sheet.name(r, c)
        self.last[field] = name
        if field == "level1":
            self.last["level2"] = None
        return name

    def own(self, r: int, field: str) -> bool:
        """Whether row *r* prints the level *field*'s heading itself (not merged from above)."""
        c = self.col(field)
        return (
            c is not None
            and self.sheet.home(r, c)[0] == r
            and self.sheet.optional_text(r, c) is not None
        )

    def heads_rows_below(self, r: int, level2: str | None) -> bool:
        """Whether the row below *r* is a 三级 row under the same 二级 heading."""
        c, name_col = self.col("level2"), self.col("name")
        if r + 1 >= self.sheet.height or c is None or name_col is None:
            return False
        below = self.sheet.optional_text(r + 1, c)
        same = below is None or declared_points(below)[0] == level2
        return same and self.sheet.optional_text(r + 1, name_col) is not None

    def declare(self, parent: str | None, name: str | None, weight: Decimal | None,
                score: Decimal | None) -> None:  # fmt: skip
        """A heading row's weight and score, for the level it heads."""
        key = (parent, name or "")
        level = self.levels.get(key)
        if level is not None:
            self.levels[key] = attrs.evolve(
                level,
                weight=level.weight if level.weight is not None else weight,
                printed_score=level.printed_score if level.printed_score is not None else score,
            )

    def read(self) -> Rubric:
        sheet = self.sheet
        rows: list[RubricRow] = []
        notes: list[str] = []
        total = total_weight = None
        subtotals: dict[str, Decimal] = {}
        name_col = self.col("name")
        weight_col = self.col("weight")
        assert name_col is not None
        r = self.head
        for r in range(self.head + 1, sheet.height):
            texts = sheet.row_texts(r)
            first = fold(texts[0]) if texts else ""
            name_text = sheet.folded(r, name_col)
            if not texts or bare(name_text) in _FIELDS["name"] or _is_rubric_head(sheet, r):
                continue  # an empty row, or a header repeated on the next page
            if first in TOTAL_LABELS or name_text in TOTAL_LABELS:
                total = sheet.number(r, self.col("score"), "total")
                total_weight = sheet.number(r, weight_col, "total weight")
                self.cells["printed_total"] = sheet.name(r, self.col("score") or 0)
                break
            if weight_col is not None and sheet.home(r, name_col) == sheet.home(r, weight_col):
                notes.append(f"{sheet.name(r, name_col)}: a line, not a row: {texts[0]}")
                continue  # one text across the row: a note or a signature line
            level1 = self.level(r, "level1", None)
            if name_text in _SUBTOTAL or first in _SUBTOTAL:
                score = sheet.number(r, self.col("score"), "subtotal")
                if level1 is not None and score is not None:
                    subtotals[level1] = score
                continue
            level2 = self.level(r, "level2", level1)
            name = sheet.optional_text(r, name_col)
            weight = sheet.number(r, weight_col, "weight")
            score = sheet.number(r, self.col("score"), "score")
            if name is None and weight is None:
                continue
            if name is None and name_col != self.col("level2"):
                if self.own(r, "level2") and self.heads_rows_below(r, level2):
                    self.declare(level1, level2, weight, score)  # a 二级 heading row
                    continue
                if self.own(r, "level1") and not self.own(r, "level2"):
                    self.declare(None, level1, weight, score)  # a 一级 heading row
                    continue
            index = len(rows)
            joined = unicodedata.normalize("NFKC", " ".join(texts))
            rows.append(
                RubricRow(
                    level1=level1,
                    level2=level2,
                    name=name or level2 or "",
                    explanation=sheet.optional_text(r, self.col("explanation")),
                    criterion=sheet.optional_text(r, self.col("criterion")),
                    target=sheet.optional_text(r, self.col("target")),
                    evidence=sheet.optional_text(r, self.col("evidence")),
                    weight=weight,
                    score=score,
                    optional=bool(_OPTIONAL.search(joined))
                    or any(fold(text) in _OPTIONAL_CELLS for text in texts),
                )
            )
            for field in ("name", "weight", "score", "criterion"):
                c = self.col(field)
                if c is not None:
                    self.cells[f"rows[{index}].{field}"] = sheet.name(r, c)
        levels = [
            attrs.evolve(level, printed_score=subtotals.get(level.name, level.printed_score))
            if level.parent is None
            else level
            for level in self.levels.values()
        ]
        grade = self.grade(r)
        if not rows:
            raise DocumentError(
                "a rubric header with no scored row below it",
                field=sheet.name(self.head, name_col),
            )
        return Rubric(
            title=self.title(),
            levels=tuple(levels),
            rows=tuple(rows),
            printed_total=total,
            printed_total_weight=total_weight,
            cells=self.cells,
            notes=tuple(notes),
            printed_grade=grade,
        )

    def grade(self, start: int) -> str | None:
        """The 评价等级 printed from row *start* down: a cell so headed and the text right
        of it, or a "评价等级：优" cell."""
        sheet = self.sheet
        for r in range(start, sheet.height):
            texts = sheet.row_texts(r)
            for i, text in enumerate(texts):
                label, colon, value = unicodedata.normalize("NFKC", text).partition(":")
                if colon and fold(label) in _GRADE and value.strip():
                    return value.strip()
                if fold(text) in _GRADE and i + 1 < len(texts):
                    return texts[i + 1]
        return None

    def title(self) -> str | None:
        lines = list(self.sheet.grid.above)
        for r in range(self.head):
            lines += self.sheet.row_texts(r)
        for line in lines:
            match = _TITLE.search(unicodedata.normalize("NFKC", line))
            if match:
                return match.group(1).strip()
        return lines[0].strip() if lines else None
