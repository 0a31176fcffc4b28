"""Sentences that say, in zh_CN or en, how a score came about.

The structured explanation lives on the score objects (rule, readings, formula, cap,
problems); this module only puts it into words. Numbers are written plainly; locale-aware
number formatting is :mod:`perfeval.formatting`'s job.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from perfeval.funds import FundsScore
from perfeval.number import fixed

if TYPE_CHECKING:
    from perfeval.scoring import IndicatorScore

__all__ = ["explain_funds", "explain_indicator"]

_RULE_NAMES = {
    "positive": ("正向指标", "positive target"),
    "reverse": ("反向指标", "reverse target"),
    "equal": ("等值指标", "equality target"),
    "qualitative": ("定性指标", "qualitative target"),
    "deadline": ("时限指标", "deadline"),
    "judged": ("按评价得分", "scored as judged"),
    "not-applicable": ("不适用", "not applicable"),
    "unscored": ("无法计分", "not scored"),
}
_ACHIEVEMENT = {"met": ("达成", "met"), "partly": ("部分达成", "partly met"),
                "not_met": ("未达成", "not met")}  # fmt: skip
_DIRECTION_FROM = {
    "level2": ("方向按二级指标（成本）取反向", "direction taken from the level-2 group"),
    "default": ("未标方向，按正向", "no operator printed: read as positive"),
}


def _zh(locale: str) -> bool:
    return locale.startswith("zh")


def explain_indicator(result: IndicatorScore, locale: str = "zh_CN") -> str:
    """How *result* was scored, as one or two sentences."""
    zh = _zh(locale)
    pick = 0 if zh else 1
    rule = _RULE_NAMES[result.rule.value][pick]
    parts = [f"{rule}{'：' if zh else ': '}"]
    if result.rule.value == "not-applicable":
        parts.append("本行为“无”，不计分。" if zh else "the row is 无 and is left out.")
        return "".join(parts)
    readings = (
        f"目标「{result.indicator.target}」，实际「{result.indicator.actual}」"
        if zh
        else f"target {result.indicator.target!s}, actual {result.indicator.actual!s}"
    )
    parts.append(readings)
    if result.direction_from in _DIRECTION_FROM:
        parts.append(("，" if zh else "; ") + _DIRECTION_FROM[result.direction_from][pick])
    if result.achievement is not None:
        word = _ACHIEVEMENT[result.achievement.value][pick]
        parts.append(f"，{word}" if zh else f"; {word}")
    if result.formula:
        parts.append(f"；{result.formula}" if zh else f"; {result.formula}")
    if result.tier is not None:
        low, high = result.tier
        parts.append(
            f"；该档得分范围 {fixed(low, 2)}–{fixed(high, 2)}"
            if zh
            else f"; the tier allows {fixed(low, 2)}–{fixed(high, 2)}"
        )
    if result.score is None:
        parts.append("；无得分。" if zh else "; no score.")
    elif result.judged:
        parts.append(
            f"；采用表中得分 {fixed(result.score)}。"
            if zh
            else f"; the judged score {fixed(result.score)} is used."
        )
    else:
        if result.capped:
            tail = "（以分值封顶）" if zh else " (capped at the weight)"
        elif result.score == result.weight:
            tail = "（满分）" if zh else " (full weight)"
        else:
            tail = "（四舍五入保留两位小数）" if zh else ", rounded half up to 2 decimals"
        parts.append(
            f"；得分 {fixed(result.score)}{tail}。"
            if zh
            else f"; score {fixed(result.score)}{tail}."
        )
    sentences = ["".join(parts)]
    sentences.extend(problem.text(locale) + ("。" if zh else ".") for problem in result.problems)
    return ("" if zh else " ").join(sentences)


def explain_funds(result: FundsScore, locale: str = "zh_CN") -> str:
    """How the funds score was computed, as a sentence."""
    zh = _zh(locale)
    reason = result.rate.undefined_reason
    if reason is not None:
        why = {
            "blank-budget": ("全年预算数为空", "the annual budget is blank"),
            "zero-budget": ("全年预算数为0", "the annual budget is zero"),
            "blank-executed": ("全年执行数为空", "the executed amount is blank"),
        }[reason][0 if zh else 1]
        return f"执行率无法计算：{why}。" if zh else f"Execution rate undefined: {why}."
    if result.score is None:
        return (
            f"执行率 {result.rate}；分值为空，无得分。"
            if zh
            else (f"Execution rate {result.rate}; the weight is blank, no score.")
        )
    over = ""
    if result.rate.over_budget:
        over = "；执行数超过预算" if zh else "; more than the budget was spent"
    capped = ("，以分值封顶" if zh else ", capped at the weight") if result.capped else ""
    if zh:
        return f"执行率 {result.rate}{over}；得分 = {result.formula}{capped}（四舍五入）。"
    return f"Execution rate {result.rate}{over}; score = {result.formula}{capped} (half up)."
