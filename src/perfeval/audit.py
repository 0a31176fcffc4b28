"""Audit: what a table printed against what the policy computes and its structure requires.

:func:`audit` scores the table and lists :class:`~perfeval.findings.Finding` objects with
the codes of the document spec. Each finding is located by a path into the input
document: fund rows are numbered total first, then the source rows in table order
(``funds.rows[0].rate``); indicators in table order (``indicators[3].score``).

Each question is answered by one check of :mod:`perfeval.checks` (agreement at the
printed precision, tier membership, a score above its weight, a note required), shared
with department trees and monitoring; the question "does the printed total agree?" is
answered by :func:`total_verdict`, which the renderings read too.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Final, Literal

import attrs

from perfeval._convert import instances
from perfeval._validate import expect
from perfeval.checks import agrees, exceeds_weight, in_tier, note_required, rate_reading
from perfeval.findings import Check, Finding, Findings, Severity, check, check_list, run_checks
from perfeval.funds import AMOUNT_NAMES
from perfeval.grades import GradeBand
from perfeval.groups import match_group
from perfeval.number import HUNDRED, ZERO, add, divide, fixed, normalize_text, private_context
from perfeval.policy import Policy
from perfeval.scoring import IndicatorScore, Rule
from perfeval.table import Scorecard, Table, _score_table, group_key, policy_of
from perfeval.targets import Achievement

__all__ = [
    "CHECKS",
    "AuditReport",
    "Check",
    "TotalVerdict",
    "agrees",
    "audit",
    "check",
    "check_deviation_notes",
    "check_fund_block",
    "check_fund_rates",
    "check_fund_score",
    "check_grade",
    "check_over_achievement",
    "check_row_groups",
    "check_row_readings",
    "check_row_scores",
    "check_total",
    "check_weights",
    "declared_level1_weights",
    "total_verdict",
]


@attrs.frozen(kw_only=True)
class AuditReport(Findings):
    """A scorecard and what the audit found."""

    scorecard: Scorecard
    findings: tuple[Finding, ...]


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
    seen: set[str] = set()  # rows repeat their heading: each heading is read once
    for row in table.indicators:
        label = row.level1
        if not label or label in seen:
            continue
        seen.add(label)
        key = group_key(label, 1)
        if key in declared:
            continue
        match = _POINTS.search(normalize_text(label))
        if match:
            declared[key] = Decimal(match.group(1))
    return declared


_TABLE = attrs.fields(Scorecard).table
_IS_TABLE: Final = instances(Table)


@check(
    "missing-value",
    "fund-total-mismatch",
    "fund-total-blank",
    "undefined-rate",
    "over-budget",
    "funds-weight-default",
)
def check_fund_block(card: Scorecard) -> list[Finding]:
    """The fund block: present, its total row the sum of its sources (and not blank where
    they are printed), a rate that can be computed, spending within the budget, and a
    funds weight printed."""
    policy = card.policy
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
                f"年度资金总额的{AMOUNT_NAMES[item.field][0]} {fixed(item.printed)} 与各来源之和 "
                f"{fixed(item.derived)} 不符",
                item.printed,
                item.derived,
            )
        )
    row = block.scored_row
    for field in block.filled_from_sources:
        assert row is not None  # a column was filled into it
        summed = getattr(row, field)
        found.append(
            Finding.make(
                "fund-total-blank",
                f"funds.rows[0].{field}",
                f"the total row's {AMOUNT_NAMES[field][1]} is blank (never filled, or a formula "
                f"saved without its value) while its source rows print it; their sum, "
                f"{fixed(summed)}, is used",
                f"年度资金总额的{AMOUNT_NAMES[field][0]}为空（未填写或公式未计算），"
                f"而各资金来源已填列；按各来源之和 {fixed(summed)} 计",
                None,
                summed,
            )
        )
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
    elif funds.weight_from == "default":
        found.append(
            Finding.make(
                "funds-weight-default",
                "funds.weight",
                f"the table prints no funds weight; the policy's {fixed(funds.weight)} is used",
                f"表中未列预算执行分值，按评分政策默认的 {fixed(funds.weight)} 分计",
                None,
                funds.weight,
            )
        )
    return found


@check("score-exceeds-weight", "fund-score-mismatch")
def check_fund_score(card: Scorecard) -> list[Finding]:
    """The printed funds score: not above its weight, and agreeing with the computed one."""
    funds, policy = card.funds, card.policy
    if funds is None:
        return []
    block = funds.block
    base = "funds.rows[0]"
    found: list[Finding] = []
    printed_score = block.total.printed_score if block.total is not None else None
    if printed_score is not None and funds.score is not None:
        # a policy that does not cap the execution score lets it pass the weight
        if policy.cap_execution_score and exceeds_weight(printed_score, funds.weight):
            found.append(
                Finding.make(
                    "score-exceeds-weight",
                    f"{base}.score",
                    f"printed funds score {fixed(printed_score)} is above the "
                    f"weight {fixed(funds.weight or ZERO)}",
                    f"表中资金得分 {fixed(printed_score)} 超过分值",
                    printed_score,
                    funds.weight,
                )
            )
        assert funds.exact is not None
        reference = funds.weight if funds.capped and funds.weight is not None else funds.exact
        if not agrees(printed_score, reference, policy):
            found.append(
                Finding.make(
                    "fund-score-mismatch",
                    f"{base}.score",
                    f"printed funds score {fixed(printed_score)} differs from "
                    f"the computed {fixed(funds.score)} ({funds.formula})",
                    f"表中资金得分 {fixed(printed_score)} 与计算值 "
                    f"{fixed(funds.score)} 不符（{funds.formula}）",
                    printed_score,
                    funds.score,
                )
            )
    return found


@check("rate-mismatch", "rate-reading")
def check_fund_rates(card: Scorecard) -> list[Finding]:
    """Every fund row's printed rate, read as a person would (percent, truncated, ratio)."""
    if card.funds is None:
        return []
    block, policy = card.funds.block, card.policy
    found: list[Finding] = []
    # the total row as scored: a printed rate is checked against the amounts used
    rows = ([block.scored_row] if block.total is not None else []) + list(block.sources)
    for index, row in enumerate(rows):
        if row is None:
            continue
        printed, rate = row.printed_rate, row.rate
        if printed is None or row.executed is None or not row.annual_budget:
            continue
        where = f"funds.rows[{index}].rate"
        shown = f"{fixed(rate.percent or ZERO)}%"
        reading = rate_reading(printed, row.executed, row.annual_budget, policy)
        if reading is None:
            found.append(
                Finding.make(
                    "rate-mismatch",
                    where,
                    f"{row.label}: printed rate {fixed(printed)} differs from the computed "
                    f"{shown}, read as a percentage, truncated or a ratio",
                    f"{row.label}：表中执行率 {fixed(printed)} 与计算值 {shown} 不符"
                    "（按百分数、截断或比值读取均不符）",
                    fixed(printed),
                    shown,
                )
            )
        elif reading != "percent":
            how_en = "the ratio itself" if reading == "ratio" else "the percentage cut off"
            how_zh = "比值" if reading == "ratio" else "截断（未四舍五入）的百分数"
            found.append(
                Finding.make(
                    "rate-reading",
                    where,
                    f"{row.label}: printed rate {fixed(printed)} read as {how_en} ({shown})",
                    f"{row.label}：表中执行率 {fixed(printed)} 按{how_zh}读取（{shown}）",
                    fixed(printed),
                    shown,
                )
            )
    return found


def _applicable_rows(card: Scorecard) -> list[tuple[int, IndicatorScore]]:
    """Each applicable row with its index in the table."""
    skip = Rule.NOT_APPLICABLE
    return [(index, row) for index, row in enumerate(card.indicators) if row.rule is not skip]


@check(
    "missing-value",
    "invalid-weight",
    "unparseable-value",
    "unit-mismatch",
    "unit-reading",
    "qualitative-score-out-of-tier",
    "score-exceeds-weight",
)
def check_row_readings(card: Scorecard) -> list[Finding]:
    """What scoring met on each row: blank or unreadable cells, units that disagree, a
    weight of 0, a judged score outside its tier, a printed score above the weight."""
    return [
        problem.at(f"indicators[{index}]")
        for index, row in enumerate(card.indicators)
        for problem in row.problems
    ]


@check("score-mismatch")
def check_row_scores(card: Scorecard) -> list[Finding]:
    """Each computed row's printed score against the computed one (at the printed
    precision), and a full score printed for a target that was not met."""
    found: list[Finding] = []
    policy = card.policy
    for index, row in _applicable_rows(card):
        indicator = row.indicator
        printed, computed = indicator.score, row.score
        if printed is None or computed is None or row.judged or row.exact is None:
            continue
        unmet_full = (  # a full score printed for a miss the formula does not round up to it
            row.weight is not None
            and printed >= row.weight
            and computed < row.weight
            and row.achievement is Achievement.NOT_MET
        )
        reference = computed if row.score == row.weight else row.exact
        if unmet_full or not agrees(printed, reference, policy):
            why_en = " although the target was not met" if unmet_full else ""
            why_zh = "，但该指标未达成目标" if unmet_full else ""
            found.append(
                Finding.make(
                    "score-mismatch",
                    f"indicators[{index}].score",
                    f"{indicator.name}: printed score {fixed(printed)}{why_en} differs from the "
                    f"computed {fixed(computed)} ({row.formula})",
                    f"{indicator.name}：表中得分 {fixed(printed)}{why_zh}，与计算值 "
                    f"{fixed(computed)} 不符（{row.formula}）",
                    printed,
                    computed,
                )
            )
    return found


@check("missing-deviation-note")
def check_deviation_notes(card: Scorecard) -> list[Finding]:
    """A row that lost points must say why (偏差原因分析及改进措施)."""
    found: list[Finding] = []
    for index, row in _applicable_rows(card):
        indicator = row.indicator
        if note_required(row.score, row.weight, row.achievement) and not indicator.note:
            score = fixed(ZERO if row.score is None else row.score)
            weight = fixed(ZERO if row.weight is None else row.weight)
            found.append(
                Finding.make(
                    "missing-deviation-note",
                    f"indicators[{index}].note",
                    f"{indicator.name} scored {score} of {weight} and gives no deviation note",
                    f"{indicator.name} 得分 {score}（分值 {weight}）失分，"
                    "但未填写偏差原因分析及改进措施",
                    None if row.score is None else score,
                    None if row.weight is None else weight,
                )
            )
    return found


@check("over-achievement")
def check_over_achievement(card: Scorecard) -> list[Finding]:
    """A positive row far above its target (the policy's threshold) must say why."""
    found: list[Finding] = []
    threshold = fixed(card.policy.over_achievement_threshold * HUNDRED, 0)
    for index, row in _applicable_rows(card):
        indicator = row.indicator
        if not row.over_achieved or indicator.note:
            continue
        ratio = divide(row.actual_value or ZERO, row.target_value or Decimal(1))
        share, actual, target = (
            fixed(ratio * HUNDRED, 0),
            str(indicator.actual),
            str(indicator.target),
        )
        found.append(
            Finding.make(
                "over-achievement",
                f"indicators[{index}].note",
                f"{indicator.name}: actual {actual} is {share}% of the target {target} "
                f"(threshold {threshold}%) and no note explains it",
                f"{indicator.name}：实际值「{actual}」达目标「{target}」的 "
                f"{share}%，超过 {threshold}%，但未说明原因（目标可能偏低）",
                actual,
                target,
            )
        )
    return found


@check("unknown-group")
def check_row_groups(card: Scorecard) -> list[Finding]:
    """Level-1 and level-2 headings that are not a known group (kept as written)."""
    rows = _applicable_rows(card)
    level1 = {row.indicator.level1 for _, row in rows}
    level2 = {row.indicator.level2 for _, row in rows}
    unknown = {(1, label) for label in level1 if label and match_group(label, level=1) is None}
    unknown |= {(2, label) for label in level2 if label and match_group(label, level=2) is None}
    if not unknown:  # the common table: every heading a known group, each matched once
        return []
    found: list[Finding] = []
    for index, row in rows:
        for level, label in ((1, row.indicator.level1), (2, row.indicator.level2)):
            if (level, label) in unknown:
                found.append(
                    Finding.make(
                        "unknown-group",
                        f"indicators[{index}].level{level}",
                        f"the level-{level} heading {label!r} is not a known group; "
                        "kept as written",
                        f"{'一' if level == 1 else '二'}级指标「{label}」不是已知分类，按原文保留",
                        label,
                    )
                )
    return found


@check("missing-value", "weights-mismatch")
def check_weights(card: Scorecard) -> list[Finding]:
    """Indicator rows present; each level-1 group's weights add up to its declared points,
    and all the weights to 100."""
    if not card.table.indicators:  # a funds-only total; nothing to weigh
        return [
            Finding.make(
                "missing-value",
                "indicators",
                "the table has no indicator rows; the total is the funds score alone",
                "表中没有绩效指标行，总分仅为预算执行得分",
            )
        ]
    found: list[Finding] = []
    # A table declares its level-1 points on the scale its rows print, whatever the
    # policy rescales them to.
    sums = card.group_weights(1, printed=True)
    for key, declared in declared_level1_weights(card.table).items():
        actual = sums.get(key, ZERO)
        if actual != declared:
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
    points = card.policy.indicator_points
    if card.weights_scale is not None and points is not None:
        # the rows were rescaled to the policy's points (each to 4 places, which may add
        # up to a ten-thousandth more or less): the total is the funds weight and those
        funds = card.funds
        available = points if funds is None or funds.weight is None else add(points, funds.weight)
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


@attrs.frozen(kw_only=True)
class TotalVerdict:
    """What the printed total (总分) says against the scorecard: the one answer that the
    audit's findings and every rendering read."""

    state: Literal["blank", "agrees", "differs", "unverified", "out-of-range"]
    """``blank``: nothing printed; ``agrees`` / ``differs``: a complete scorecard's total
    against the print; ``unverified``: rows lack a score, and the print lies in the range
    the total can take; ``out-of-range``: it lies outside that range."""
    printed: Decimal | None
    printed_sum: Decimal | None
    """The sum of the printed row scores, when every applicable row printed one (rescaled
    to 100, under a policy that rescales for rows that do not apply)."""
    off_sum: bool = False
    """Whether the printed total differs from the sum of the printed row scores."""
    off_computed: bool = False
    """Whether the printed total differs from the computed total (complete scorecards)."""
    implied: Decimal | None = None
    """For ``unverified``: the score the print implies for the rows that lack one."""


@private_context
def total_verdict(card: Scorecard) -> TotalVerdict:
    """Whether *card*'s table printed a total that agrees with its rows and with the
    computed total."""
    expect(card, Scorecard, "card")
    printed = card.table.printed_total
    if printed is None:
        return TotalVerdict(state="blank", printed=None, printed_sum=None)
    printed_sum, all_printed = _printed_row_scores(card)
    if card.policy.rescale_not_applicable:  # the print is the rescaled sum of the rows
        printed_sum = card.rescaled(printed_sum)
        off_sum = all_printed and not agrees(printed, printed_sum, card.policy)
    else:
        off_sum = all_printed and printed_sum != printed
    low, high = card.total_range
    if card.complete:
        off_computed = not agrees(printed, card.total, card.policy)
        state: Literal["agrees", "differs"] = "differs" if off_sum or off_computed else "agrees"
        return TotalVerdict(
            state=state,
            printed=printed,
            printed_sum=printed_sum if all_printed else None,
            off_sum=off_sum,
            off_computed=off_computed,
        )
    inside = low <= printed and (high is None or printed <= high)
    return TotalVerdict(
        state="unverified" if inside else "out-of-range",
        printed=printed,
        printed_sum=printed_sum if all_printed else None,
        off_sum=off_sum,
        implied=printed - low if inside else None,
    )


def _most(high: Decimal | None, *, zh: bool = False) -> str:
    if high is None:
        return "未知（有行缺少分值）" if zh else "unknown: a row has no weight"
    return fixed(high)


def _span(low: Decimal, high: Decimal | None) -> str:
    return f"{fixed(low)}–{'?' if high is None else fixed(high)}"


@check("missing-value", "total-mismatch", "total-unverified")
def check_total(card: Scorecard) -> list[Finding]:
    """The printed total (总分) against the sum of the printed scores and the computed
    total, or, when rows lack a score, against the range the total can take."""
    found: list[Finding] = []
    total = card.total
    low, high = card.total_range
    verdict = total_verdict(card)
    printed = verdict.printed
    if printed is None:
        found.append(
            Finding.make(
                "missing-value",
                "total_score",
                f"the printed total is blank; the computed total is {fixed(total)}"
                + ("" if card.complete else f" of the scored rows (at most {_most(high)})"),
                f"表中总分为空；计算总分为 {fixed(total)}"
                + ("" if card.complete else f"（仅含已计分行，最高可达 {_most(high, zh=True)}）"),
                None,
                total,
                Severity.INFO if card.complete else Severity.WARNING,
            )
        )
    else:
        printed_sum = verdict.printed_sum
        if verdict.off_sum or verdict.off_computed:
            en = [f"the printed total {fixed(printed)} differs from"]
            zh = [f"表中总分 {fixed(printed)} 与"]
            if verdict.off_sum and printed_sum is not None:
                en.append(f"the sum of the printed scores, {fixed(printed_sum)}")
                zh.append(f"各行表中得分之和 {fixed(printed_sum)}")
            if verdict.off_computed:
                en.append(f"the computed total {fixed(total)}")
                zh.append(f"计算总分 {fixed(total)}")
            found.append(
                Finding.make(
                    "total-mismatch",
                    "total_score",
                    en[0] + " " + " and from ".join(en[1:]),
                    zh[0] + "、".join(zh[1:]) + "不符",
                    printed,
                    total if verdict.off_computed else printed_sum,
                )
            )
        if verdict.state == "unverified" and verdict.implied is not None:
            implied = verdict.implied
            names = "、".join(r.indicator.name for r in card.unscored) or "预算执行"
            tier_en = tier_zh = ""
            lone = card.unscored[0] if len(card.unscored) == 1 else None
            if lone is not None and lone.tier is not None and lone.achievement is not None:
                t_low, t_high = lone.tier
                inside = in_tier(implied, lone.achievement, lone.weight or ZERO, card.policy)
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
                    _span(low, high),
                )
            )
        elif verdict.state == "out-of-range":
            found.append(
                Finding.make(
                    "total-mismatch",
                    "total_score",
                    f"the printed total {fixed(printed)} lies outside the possible range "
                    f"{_span(low, high)}",
                    f"表中总分 {fixed(printed)} 超出可能范围 {_span(low, high)}",
                    printed,
                    _span(low, high),
                )
            )
    return found


@check("grade-mismatch")
def check_grade(card: Scorecard) -> list[Finding]:
    """The printed grade (评价等级): a grade of the policy's scale, agreeing with the
    total and with the printed total."""
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


#: The audit's checks, in the order their findings are listed (after sorting by place:
#: the fund block, then each row, then the table).
CHECKS: Final[tuple[Check, ...]] = (
    check_fund_block,
    check_fund_rates,
    check_fund_score,
    check_row_readings,
    check_row_scores,
    check_deviation_notes,
    check_over_achievement,
    check_row_groups,
    check_weights,
    check_total,
    check_grade,
)


_BUILT_IN: Final = frozenset(CHECKS)


@private_context
def audit(
    table: Table,
    policy: Policy | str | None = None,
    *,
    checks: Iterable[Check] | None = None,
) -> AuditReport:
    """Score *table* under *policy* (a Policy or its id; by default the one the table
    names, else ``mof-2020``, see :func:`~perfeval.table.policy_of`) and compare it with
    what it printed.

    *checks* are the checks run: by default :data:`CHECKS` and then the policy's own
    (:attr:`~perfeval.policy.Policy.checks`). Findings are listed by place (the fund
    block, each row in table order, then the table as a whole), in the order of the
    checks within a place."""
    _IS_TABLE(None, _TABLE, table)
    policy = policy_of(table, policy)
    chosen = (*CHECKS, *policy.checks) if checks is None else check_list(checks)
    card = _score_table(table, policy, explain=False)
    return _audit_card(card, chosen)


def _place(finding: Finding) -> tuple[int, int]:
    """Where a finding is listed: the fund block, then rows in order, then the table."""
    return _place_of(finding.where)


@functools.lru_cache(maxsize=1024)
def _place_of(where: str) -> tuple[int, int]:
    if where.startswith("funds"):
        return 0, 0
    if where.startswith("indicators["):
        end = where.find("]")
        if where[11:end].isdecimal():
            return 1, int(where[11:end])
    return 2, 0


def _audit_card(card: Scorecard, checks: Sequence[Check]) -> AuditReport:
    """The findings of *checks* on *card*, in the private context. The checks read every
    row's explanation, so they are given the card with its rows explained; the report
    keeps *card* itself, its decisions (a report is kept, often by the thousand, and
    pickled to the process that asked: its rows are explained again when read)."""
    findings = run_checks(card.explained(), checks, trusted=_BUILT_IN)
    findings.sort(key=_place)
    return AuditReport(scorecard=card, findings=tuple(findings))
