"""Audit: what a table printed against what the policy computes and its structure requires.

:func:`audit` scores the table and lists :class:`~perfeval.findings.Finding` objects with
the codes of the document spec. Each finding is located by a path into the input
document: fund rows are numbered total first, then the source rows in table order
(``funds.rows[0].rate``); indicators in table order (``indicators[3].score``).

A printed value agrees with the computed one when they are equal at the printed value's
own precision ("86%" agrees with 86.32%, "8.6" with 8.63; "8.6" with 8.66 does not),
give or take the policy's ``tolerance``.
"""

from __future__ import annotations

import re
from decimal import Decimal

import attrs

from perfeval.findings import Finding, Severity
from perfeval.grades import GradeBand
from perfeval.groups import match_group
from perfeval.number import ZERO, add, agrees_at_precision, fixed, normalize_text
from perfeval.policy import MOF_2020, Policy
from perfeval.scoring import IndicatorScore, Rule
from perfeval.table import Scorecard, Table, group_key, score_table

__all__ = ["AuditReport", "agrees", "audit", "declared_level1_weights"]


@attrs.frozen(kw_only=True)
class AuditReport:
    """A scorecard and what the audit found."""

    scorecard: Scorecard
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Findings of severity error."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def clean(self) -> bool:
        """Whether the audit found nothing of severity warning or error."""
        return all(f.severity is Severity.INFO for f in self.findings)

    def codes(self) -> list[str]:
        """The finding codes, in order."""
        return [f.code for f in self.findings]


def agrees(printed: Decimal, computed: Decimal, policy: Policy = MOF_2020) -> bool:
    """Whether a *printed* value agrees with a *computed* one under *policy*."""
    if policy.match_printed_precision:
        return agrees_at_precision(printed, computed, policy.tolerance)
    return abs(printed - computed) <= policy.tolerance


_FUND_FIELDS_ZH = {
    "initial_budget": "年初预算数",
    "annual_budget": "全年预算数",
    "executed": "全年执行数",
}
_REASONS_ZH = {
    "blank-budget": "全年预算数为空",
    "zero-budget": "全年预算数为0",
    "blank-executed": "全年执行数为空",
}
_POINTS = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")


def declared_level1_weights(table: Table) -> dict[str, Decimal]:
    """Points per level-1 group: declared in ``level1_weights``, else read from headings
    such as "产出指标（50分）"."""
    declared = {group_key(name, 1): points for name, points in table.level1_weights.items()}
    for row in table.indicators:
        key = group_key(row.level1, 1)
        if key in declared or not row.level1:
            continue
        match = _POINTS.search(normalize_text(row.level1))
        if match:
            declared[key] = Decimal(match.group(1))
    return declared


def _funds_findings(card: Scorecard, policy: Policy) -> list[Finding]:
    funds = card.funds
    if funds is None:
        return [
            Finding.make(
                "missing-value", "funds", "the table has no fund block", "表中缺少项目资金部分"
            )
        ]
    block = funds.block
    found: list[Finding] = []
    for item in funds.discrepancies:
        found.append(
            Finding.make(
                "fund-total-mismatch",
                f"funds.rows[0].{item.field}",
                f"the total row's {item.field} {fixed(item.printed)} differs from the sum of "
                f"its source rows, {fixed(item.derived)}",
                f"年度资金总额的{_FUND_FIELDS_ZH[item.field]} {fixed(item.printed)} 与各来源之和 "
                f"{fixed(item.derived)} 不符",
                item.printed,
                item.derived,
            )
        )
    row = block.scored_row
    base = "funds.rows[0]"
    reason = funds.rate.undefined_reason
    if reason is not None:
        field = "executed" if reason == "blank-executed" else "annual_budget"
        found.append(
            Finding.make(
                "undefined-rate",
                f"{base}.{field}",
                f"the execution rate is undefined ({reason.replace('-', ' ')}); "
                "the funds score cannot be computed",
                f"执行率无法计算（{_REASONS_ZH[reason]}），预算执行得分无法计算",
            )
        )
    if funds.rate.over_budget and row is not None:
        found.append(
            Finding.make(
                "over-budget",
                f"{base}.executed",
                f"executed {fixed(row.executed or ZERO)} exceeds the annual budget "
                f"{fixed(row.annual_budget or ZERO)}; the score is "
                + ("capped at the weight" if policy.cap_execution_score else "not capped"),
                f"执行数 {fixed(row.executed or ZERO)} 超过全年预算数 "
                f"{fixed(row.annual_budget or ZERO)}",
                row.executed,
                row.annual_budget,
            )
        )
    if funds.weight is None:
        found.append(
            Finding.make(
                "missing-value", "funds.weight", "the funds weight is blank", "资金分值为空"
            )
        )
    printed_total = block.total
    if printed_total is not None:
        percent = funds.rate.percent
        if printed_total.printed_rate is not None and percent is not None:
            exact = funds.rate.value
            assert exact is not None
            if not agrees(printed_total.printed_rate, exact * 100, policy):
                found.append(
                    Finding.make(
                        "rate-mismatch",
                        f"{base}.rate",
                        f"printed rate {fixed(printed_total.printed_rate)}% differs from the "
                        f"computed {fixed(percent)}%",
                        f"表中执行率 {fixed(printed_total.printed_rate)}% 与计算值 "
                        f"{fixed(percent)}% 不符",
                        f"{fixed(printed_total.printed_rate)}%",
                        f"{fixed(percent)}%",
                    )
                )
        if printed_total.printed_score is not None and funds.score is not None:
            if printed_total.printed_score > (funds.weight or printed_total.printed_score):
                found.append(
                    Finding.make(
                        "score-exceeds-weight",
                        f"{base}.score",
                        f"printed funds score {fixed(printed_total.printed_score)} is above the "
                        f"weight {fixed(funds.weight or ZERO)}",
                        f"表中资金得分 {fixed(printed_total.printed_score)} 超过分值",
                        printed_total.printed_score,
                        funds.weight,
                    )
                )
            assert funds.exact is not None
            reference = funds.weight if funds.capped and funds.weight is not None else funds.exact
            if not agrees(printed_total.printed_score, reference, policy):
                found.append(
                    Finding.make(
                        "fund-score-mismatch",
                        f"{base}.score",
                        f"printed funds score {fixed(printed_total.printed_score)} differs from "
                        f"the computed {fixed(funds.score)} ({funds.formula})",
                        f"表中资金得分 {fixed(printed_total.printed_score)} 与计算值 "
                        f"{fixed(funds.score)} 不符（{funds.formula}）",
                        printed_total.printed_score,
                        funds.score,
                    )
                )
    return found


def _row_findings(index: int, row: IndicatorScore, policy: Policy) -> list[Finding]:
    where = f"indicators[{index}]"
    found = [problem.at(where) for problem in row.problems]
    indicator = row.indicator
    if row.rule is Rule.NOT_APPLICABLE:
        return found
    printed = indicator.score
    computed = row.score
    if (
        printed is not None
        and computed is not None
        and not row.judged
        and row.exact is not None
        and not agrees(printed, computed if row.score == row.weight else row.exact, policy)
    ):
        found.append(
            Finding.make(
                "score-mismatch",
                f"{where}.score",
                f"{indicator.name}: printed score {fixed(printed)} differs from the computed "
                f"{fixed(computed)} ({row.formula})",
                f"{indicator.name}：表中得分 {fixed(printed)} 与计算值 {fixed(computed)} 不符"
                f"（{row.formula}）",
                printed,
                computed,
            )
        )
    if row.lost_points and not indicator.note:
        found.append(
            Finding.make(
                "missing-deviation-note",
                f"{where}.note",
                f"{indicator.name} scored {fixed(row.score or ZERO)} of "
                f"{fixed(row.weight or ZERO)} and gives no deviation note",
                f"{indicator.name} 得分 {fixed(row.score or ZERO)}（分值 "
                f"{fixed(row.weight or ZERO)}）失分，但未填写偏差原因分析及改进措施",
                row.score,
                row.weight,
            )
        )
    if row.over_achieved and not indicator.note:
        ratio = (row.actual_value or ZERO) / (row.target_value or Decimal(1))
        threshold = fixed(policy.over_achievement_threshold * 100, 0)
        found.append(
            Finding.make(
                "over-achievement",
                f"{where}.note",
                f"{indicator.name}: actual {indicator.actual!s} is {fixed(ratio * 100, 0)}% of "
                f"the target {indicator.target!s} (threshold {threshold}%) and no note explains it",
                f"{indicator.name}：实际值「{indicator.actual!s}」达目标「{indicator.target!s}」的 "
                f"{fixed(ratio * 100, 0)}%，超过 {threshold}%，但未说明原因（目标可能偏低）",
                str(indicator.actual),
                str(indicator.target),
            )
        )
    for level, label in ((1, indicator.level1), (2, indicator.level2)):
        if label and match_group(label, level=1 if level == 1 else 2) is None:
            found.append(
                Finding.make(
                    "unknown-group",
                    f"{where}.level{level}",
                    f"the level-{level} heading {label!r} is not a known group; kept as written",
                    f"{'一' if level == 1 else '二'}级指标「{label}」不是已知分类，按原文保留",
                    label,
                )
            )
    return found


def _weight_findings(card: Scorecard) -> list[Finding]:
    found: list[Finding] = []
    sums = card.group_weights(1)
    for key, declared in declared_level1_weights(card.table).items():
        actual = sums.get(key, ZERO)
        if card.weights_scale is None and actual != declared:
            found.append(
                Finding.make(
                    "weights-mismatch",
                    "level1_weights",
                    f"the weights under {key} add up to {fixed(actual)}, not the declared "
                    f"{fixed(declared)}",
                    f"{key}下各指标分值合计 {fixed(actual)}，"
                    f"与该一级指标分值 {fixed(declared)} 不符",
                    declared,
                    actual,
                )
            )
    available = card.available_points
    has_weights = any(r.weight is not None for r in card.applicable)
    if has_weights and available != 100 and not card.policy.rescale_not_applicable:
        found.append(
            Finding.make(
                "weights-mismatch",
                "indicators",
                f"the funds weight and the indicator weights add up to {fixed(available)}, not 100",
                f"资金分值与各指标分值合计 {fixed(available)}，不是100",
                None,
                available,
            )
        )
    return found


def _printed_row_scores(card: Scorecard) -> tuple[Decimal, bool]:
    """Sum of the printed scores, and whether every applicable row printed one."""
    parts: list[Decimal] = []
    complete = True
    funds_row = card.table.funds.total if card.table.funds is not None else None
    if funds_row is not None and funds_row.printed_score is not None:
        parts.append(funds_row.printed_score)
    else:
        complete = False
    for row in card.applicable:
        if row.indicator.score is None:
            complete = False
        else:
            parts.append(row.indicator.score)
    return add(*parts), complete


def _total_findings(card: Scorecard) -> list[Finding]:
    table = card.table
    found: list[Finding] = []
    total = card.total
    low, high = card.total_range
    printed = table.printed_total
    if printed is None:
        found.append(
            Finding.make(
                "missing-value",
                "total_score",
                f"the printed total is blank; the computed total is {fixed(total)}"
                + ("" if card.complete else f" of the scored rows (at most {fixed(high)})"),
                f"表中总分为空；计算总分为 {fixed(total)}"
                + ("" if card.complete else f"（仅含已计分行，最高可达 {fixed(high)}）"),
                None,
                total,
                Severity.INFO if card.complete else Severity.WARNING,
            )
        )
    else:
        printed_sum, all_printed = _printed_row_scores(card)
        off_sum = all_printed and printed_sum != printed
        off_computed = card.complete and not agrees(printed, total, card.policy)
        if off_sum or off_computed:
            en = [f"the printed total {fixed(printed)} differs from"]
            zh = [f"表中总分 {fixed(printed)} 与"]
            if off_sum:
                en.append(f"the sum of the printed scores, {fixed(printed_sum)}")
                zh.append(f"各行表中得分之和 {fixed(printed_sum)}")
            if off_computed:
                en.append(f"the computed total {fixed(total)}")
                zh.append(f"计算总分 {fixed(total)}")
            found.append(
                Finding.make(
                    "total-mismatch",
                    "total_score",
                    en[0] + " " + " and from ".join(en[1:]),
                    zh[0] + "、".join(zh[1:]) + "不符",
                    printed,
                    total if off_computed else printed_sum,
                )
            )
        if not card.complete and low <= printed <= high:
            implied = printed - low
            names = "、".join(r.indicator.name for r in card.unscored) or "预算执行"
            tier_en = tier_zh = ""
            if len(card.unscored) == 1 and card.unscored[0].tier is not None:
                t_low, t_high = card.unscored[0].tier
                inside = t_low <= implied <= t_high
                span = f"{fixed(t_low, 2)}–{fixed(t_high, 2)}"
                tier_en = (
                    f", which lies {'inside' if inside else 'outside'} the tier its actual "
                    f"states ({span})"
                )
                tier_zh = f"，{'在' if inside else '不在'}实际值所述档次（{span} 分）内"
            found.append(
                Finding.make(
                    "total-unverified",
                    "total_score",
                    f"the printed total {fixed(printed)} cannot be verified: {len(card.unscored)}"
                    f" row(s) carry no score ({names}); the scored rows give {fixed(low)}, so "
                    f"the printed total implies {fixed(implied)} for the missing score(s)"
                    + tier_en,
                    f"表中总分 {fixed(printed)} 无法核实：{names} 无得分；已计分行合计 "
                    f"{fixed(low)}，按表中总分推算缺失得分为 {fixed(implied)}" + tier_zh,
                    printed,
                    f"{fixed(low)}–{fixed(high)}",
                )
            )
        elif not card.complete:
            found.append(
                Finding.make(
                    "total-mismatch",
                    "total_score",
                    f"the printed total {fixed(printed)} lies outside the possible range "
                    f"{fixed(low)}–{fixed(high)}",
                    f"表中总分 {fixed(printed)} 超出可能范围 {fixed(low)}–{fixed(high)}",
                    printed,
                    f"{fixed(low)}–{fixed(high)}",
                )
            )
    found.extend(_grade_findings(card))
    return found


def _grade_findings(card: Scorecard) -> list[Finding]:
    printed = card.table.printed_grade
    if not printed:
        return []
    scale = card.policy.grades
    band: GradeBand | None = scale.band(printed)
    grade = card.grade
    if band is None:
        return [
            Finding.make(
                "grade-mismatch",
                "grade",
                f"the printed grade {printed!r} is not a grade of the policy's scale",
                f"表中评价等级「{printed}」不是有效等级",
                printed,
                grade.label if grade else None,
            )
        ]
    if grade is not None and band != grade:
        return [
            Finding.make(
                "grade-mismatch",
                "grade",
                f"the printed grade {band.label} does not match the total {fixed(card.total)} "
                f"({grade.label})",
                f"表中评价等级「{band.label}」与总分 {fixed(card.total)} "
                f"对应的「{grade.label}」不符",
                band.label,
                grade.label,
            )
        ]
    printed_total = card.table.printed_total
    if printed_total is not None and scale.grade(printed_total) != band:
        return [
            Finding.make(
                "grade-mismatch",
                "grade",
                f"the printed grade {band.label} does not match the printed total "
                f"{fixed(printed_total)}",
                f"表中评价等级「{band.label}」与表中总分 {fixed(printed_total)} 不符",
                band.label,
                scale.grade(printed_total).label,
            )
        ]
    return []


def audit(table: Table, policy: Policy = MOF_2020) -> AuditReport:
    """Score *table* under *policy* and compare it with what it printed."""
    card = score_table(table, policy)
    findings = _funds_findings(card, policy)
    for index, row in enumerate(card.indicators):
        findings.extend(_row_findings(index, row, policy))
    findings.extend(_weight_findings(card))
    findings.extend(_total_findings(card))
    return AuditReport(scorecard=card, findings=tuple(findings))
