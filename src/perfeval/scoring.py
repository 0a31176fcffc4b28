"""The scoring rules for indicator rows, each parameter taken from a :class:`Policy`.

:func:`score_indicator` decides the rule a row is scored by and returns an
:class:`IndicatorScore`: the score with everything that explains it (the rule, the
readings, the formula with its numbers, any cap, the rounding, and the problems met on
the way). The rules, with the national defaults:

- **positive** (≥, >, "=" by default, and bare numbers outside 成本): met → the weight;
  otherwise weight × actual / target. Never above the weight.
- **reverse** (≤, <, and bare numbers in 成本): met → the weight; otherwise
  weight × target / actual (``ratio``) or weight × (1 − (actual − target) / target)
  floored at 0 (``linear``).
- **equal** under ``equal_form="symmetric"``: weight × (1 − abs(actual − target) / target).
- **qualitative**: the judged (printed) score, checked against the tier the actual states.
- **deadline**: met → the weight; a missed deadline takes the judged score.
- **judged**: a row that no rule can score (a blank or unreadable cell, units that
  disagree) takes its printed score, capped at the weight, and says why.

Computed scores are rounded half up to 2 decimals; a met row scores its weight exactly.

>>> from perfeval.indicators import Indicator
>>> result = score_indicator(Indicator(name="信访接待人数", level2="数量指标",
...                                    target="200", actual="535", weight="15"))
>>> result.rule, result.score, result.capped
(<Rule.POSITIVE: 'positive'>, Decimal('15'), True)
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

import attrs

from perfeval.findings import Finding
from perfeval.indicators import Indicator
from perfeval.number import CONTEXT, ZERO, fixed, normalize_text, quantize_half_up
from perfeval.policy import MOF_2020, Policy
from perfeval.targets import (
    Achievement,
    Band,
    Blank,
    Comparison,
    Deadline,
    Direction,
    Qualitative,
    Reading,
    Unreadable,
)

__all__ = ["IndicatorScore", "Rule", "score_indicator", "tier_bounds"]


class Rule(enum.StrEnum):
    """The rule an indicator row was scored by."""

    POSITIVE = "positive"
    REVERSE = "reverse"
    EQUAL = "equal"
    QUALITATIVE = "qualitative"
    DEADLINE = "deadline"
    JUDGED = "judged"
    NOT_APPLICABLE = "not-applicable"
    UNSCORED = "unscored"


@attrs.frozen(kw_only=True)
class IndicatorScore:
    """A scored indicator row and how its score came about."""

    indicator: Indicator
    rule: Rule
    weight: Decimal | None
    """The weight used (the printed one, or the policy's rescaled one)."""
    score: Decimal | None
    """The score the scorecard uses; ``None`` when the row carries none."""
    exact: Decimal | None = None
    """The formula's value before the cap and rounding, for computed rules."""
    achievement: Achievement | None = None
    """Met, partly met or not met, as the rule judged it."""
    direction: Direction | None = None
    """The direction used for a quantitative row."""
    direction_from: Literal["printed", "level2", "default"] | None = None
    """Where the direction came from: the printed operator, the level-2 group, or the default."""
    target_value: Decimal | None = None
    actual_value: Decimal | None = None
    """The actual in the target's unit, as compared."""
    capped: bool = False
    """Whether the weight capped the formula."""
    judged: bool = False
    """Whether the score is the printed (judged) one."""
    tier: tuple[Decimal, Decimal] | None = None
    """For judged tiers: the score range the stated achievement allows."""
    over_achieved: bool = False
    """Whether actual / target reached the policy's over-achievement threshold."""
    form: str = ""
    """Which formula a quantitative row used: ``met``, ``ratio``, ``inverse-ratio``,
    ``linear``, ``symmetric``, ``equal``, ``unequal-zero``, ``zero-target`` (empty for
    other rules)."""
    detail: str = ""
    """The computation of a non-quantitative row (a deadline's dates), as text."""
    problems: tuple[Finding, ...] = ()
    """Row-level findings (``where`` relative to the row: ``target``, ``score``…)."""

    @property
    def formula(self) -> str:
        """The computation with its numbers, e.g. ``15 × 46 / 50 = 13.8000 → 13.80``.

        Rendered on demand from the stored numbers: scoring never pays for the text.
        """
        if not self.form:
            return self.detail
        return _render(self)

    @property
    def lost_points(self) -> bool:
        """Whether the row scored below its weight."""
        return self.weight is not None and self.score is not None and self.score < self.weight

    def explain(self, locale: str = "zh_CN") -> str:
        """A sentence saying how the row was scored, in zh_CN or en."""
        from perfeval.explain import explain_indicator

        return explain_indicator(self, locale)


def tier_bounds(
    achievement: Achievement, weight: Decimal, policy: Policy = MOF_2020
) -> tuple[Decimal, Decimal]:
    """The score range of a qualitative tier: [low, high], *high* exclusive below 达成."""
    met = CONTEXT.multiply(weight, policy.qualitative_met_floor)
    partly = CONTEXT.multiply(weight, policy.qualitative_partly_floor)
    if achievement is Achievement.MET:
        return met, weight
    if achievement is Achievement.PARTLY:
        return partly, met
    return ZERO, partly


def _in_tier(score: Decimal, achievement: Achievement, weight: Decimal, policy: Policy) -> bool:
    low, high = tier_bounds(achievement, weight, policy)
    return low <= score <= high if achievement is Achievement.MET else low <= score < high


def _reading_problem(field: Literal["target", "actual"], reading: Reading) -> Finding | None:
    if not isinstance(reading, Blank | Unreadable):
        return None
    zh_field = {"target": "年度指标值", "actual": "实际完成值"}[field]
    if isinstance(reading, Blank):
        return Finding.make(
            "missing-value",
            field,
            f"the {field} is blank; the row is scored as judged",
            f"{zh_field}为空，按表中得分计",
            reading.text or None,
        )
    if isinstance(reading, Unreadable):
        return Finding.make(
            "unparseable-value",
            field,
            f"the {field} {reading.text!r} could not be read ({reading.reason}); "
            "the row is scored as judged",
            f"{zh_field}「{reading.text}」无法识别，按表中得分计",
            reading.text,
        )
    return None


class _Context:
    """What every rule needs about the row being scored (a plain slotted class: it is
    made once per row, on the hot path)."""

    __slots__ = ("indicator", "policy", "weight", "year")

    def __init__(self, indicator: Indicator, policy: Policy, weight: Decimal, year: int | None):
        self.indicator, self.policy, self.weight, self.year = indicator, policy, weight, year

    def judged(self, rule: Rule, problems: Sequence[Finding], **extra: object) -> IndicatorScore:
        """The printed score, capped at the weight; ``None`` and a finding if blank."""
        printed = self.indicator.score
        found = list(problems)
        if printed is None:
            found.append(
                Finding.make(
                    "missing-value",
                    "score",
                    "the score is blank and no rule can compute it",
                    "得分为空，且无法按规则计算",
                )
            )
        return IndicatorScore(
            indicator=self.indicator,
            rule=rule,
            weight=self.weight,
            score=None if printed is None else min(printed, self.weight),
            judged=printed is not None,
            problems=tuple(found),
            **extra,  # type: ignore[arg-type]
        )


def score_indicator(
    indicator: Indicator,
    policy: Policy = MOF_2020,
    *,
    year: int | None = None,
    weight: Decimal | None = None,
) -> IndicatorScore:
    """Score *indicator* under *policy*.

    *year* is the table's year, for deadlines printed without one; *weight* replaces the
    printed weight (a policy that rescales the indicators passes it).
    """
    if indicator.not_applicable:
        return IndicatorScore(
            indicator=indicator, rule=Rule.NOT_APPLICABLE, weight=None, score=None
        )
    used = indicator.weight if weight is None else weight
    if used is None or used.is_zero():
        missing = used is None
        return IndicatorScore(
            indicator=indicator,
            rule=Rule.UNSCORED,
            weight=used,
            score=None,
            problems=(
                Finding.make(
                    "missing-value" if missing else "invalid-weight",
                    "weight",
                    "the weight is blank" if missing else "the weight of an applicable row is 0",
                    "分值为空" if missing else "适用指标的分值为0",
                    None if missing else "0",
                ),
            ),
        )
    result = _score(_Context(indicator, policy, used, year))
    printed = indicator.score
    if printed is not None and printed > used:
        excess = Finding.make(
            "score-exceeds-weight",
            "score",
            f"the printed score {fixed(printed)} is above the weight {fixed(used)}",
            f"表中得分 {fixed(printed)} 超过分值 {fixed(used)}",
            fixed(printed),
        )
        result = attrs.evolve(result, problems=(*result.problems, excess))
    return result


def _score(context: _Context) -> IndicatorScore:
    target, actual = context.indicator.target, context.indicator.actual
    problems = [p for p in (_reading_problem("target", target),) if p]
    if problems:
        return context.judged(Rule.JUDGED, problems)
    actual_problem = _reading_problem("actual", actual)
    if isinstance(target, Qualitative) or (
        isinstance(actual, Qualitative) and isinstance(target, Comparison)
    ):
        if actual_problem:
            return context.judged(Rule.QUALITATIVE, [actual_problem])
        return _qualitative(context)
    if actual_problem:
        return context.judged(Rule.JUDGED, [actual_problem])
    if isinstance(target, Deadline):
        return _deadline(context)
    if isinstance(target, Band):  # a range target ("80%-90%"): see _band below
        return _band(context, target)
    assert isinstance(target, Comparison)
    return _quantitative(context, target)


def _same_statement(left: str, right: str) -> bool:
    def fold(text: str) -> str:
        return "".join(normalize_text(text).split()).rstrip("。.")

    return fold(left) == fold(right)


def _stated_achievement(target: Reading, actual: Reading) -> Achievement | None:
    if isinstance(actual, Qualitative):
        if isinstance(target, Qualitative) and _same_statement(target.statement, actual.statement):
            return Achievement.MET
        return actual.achievement
    if isinstance(actual, Deadline) and not actual.dated and actual.on_time is not None:
        return Achievement.MET if actual.on_time else Achievement.NOT_MET
    return None


def _qualitative(context: _Context) -> IndicatorScore:
    indicator, weight, policy = context.indicator, context.weight, context.policy
    achievement = _stated_achievement(indicator.target, indicator.actual)
    if achievement is None:
        problem = Finding.make(
            "unparseable-value",
            "actual",
            f"the actual {indicator.actual!s} does not say whether the target was met; "
            "the row is scored as judged",
            f"实际完成值「{indicator.actual!s}」未表明是否达成目标，按表中得分计",
            str(indicator.actual),
        )
        return context.judged(Rule.QUALITATIVE, [problem])
    tier = tier_bounds(achievement, weight, policy)
    problems: list[Finding] = []
    printed = indicator.score
    if printed is not None and not _in_tier(min(printed, weight), achievement, weight, policy):
        low, high = tier
        problems.append(
            Finding(
                code="qualitative-score-out-of-tier",
                where="score",
                message=(
                    f"judged score {fixed(printed)} lies outside the '{achievement.value}' tier "
                    f"[{fixed(low, 2)}, {fixed(high, 2)}] that the actual states"
                ),
                message_zh=(
                    f"评价得分 {fixed(printed)} 不在实际值所述「{achievement.label}」档"
                    f"（{fixed(low, 2)}–{fixed(high, 2)} 分）内"
                ),
                printed=fixed(printed),
                computed=f"{fixed(low, 2)}–{fixed(high, 2)}",
            )
        )
    return context.judged(Rule.QUALITATIVE, problems, achievement=achievement, tier=tier)


def _deadline(context: _Context) -> IndicatorScore:
    indicator, weight = context.indicator, context.weight
    target = indicator.target
    actual = indicator.actual
    assert isinstance(target, Deadline)
    met: bool | None = None
    formula = ""
    if isinstance(actual, Deadline) and actual.dated and target.dated:
        met = actual.key(context.year) <= target.key(context.year)
        formula = (
            f"{_date(actual, context.year)} {'≤' if met else '>'} {_date(target, context.year)}"
        )
    else:
        achievement = _stated_achievement(target, actual)
        if achievement is not None:
            met = achievement is Achievement.MET
            formula = f"{actual!s}"
    if met:
        return IndicatorScore(
            indicator=indicator,
            rule=Rule.DEADLINE,
            weight=weight,
            score=weight,
            exact=weight,
            achievement=Achievement.MET,
            detail=f"{formula} → {fixed(weight)}",
        )
    if met is None:
        problem = Finding.make(
            "unparseable-value",
            "actual",
            f"the actual {actual!s} cannot be compared with the deadline {target!s}; "
            "the row is scored as judged",
            f"实际完成值「{actual!s}」无法与时限「{target!s}」比较，按表中得分计",
            str(actual),
        )
        return context.judged(Rule.DEADLINE, [problem])
    return context.judged(Rule.DEADLINE, [], achievement=Achievement.NOT_MET, detail=formula)


def _band(context: _Context, target: Band) -> IndicatorScore:
    """A range target ("80%-90%", "80-90分"), self-contained: met (the weight) inside
    [low, high]; below it, weight × actual / low; above it, weight × high / actual; rounded
    half up to 2 decimals. Scored under the equality rule: a band is a value to hit."""
    indicator, weight = context.indicator, context.weight
    actual = indicator.actual
    value: Decimal | None = actual.value if isinstance(actual, Comparison) else None
    if isinstance(actual, Comparison) and target.unit is not None and actual.unit is not None:
        value = actual.in_unit(target.unit)
    if value is None:
        problem = Finding.make(
            "unparseable-value",
            "actual",
            f"the actual {actual!s} is not a number in the unit of the range {target!s}; "
            "the row is scored as judged",
            f"实际完成值「{actual!s}」不是与区间「{target!s}」单位一致的数值，按表中得分计",
            str(actual),
        )
        return context.judged(Rule.JUDGED, [problem])
    low, high = target.low, target.high
    if low <= value <= high:
        exact, bound, detail = weight, low, f"{fixed(low)} ≤ {fixed(value)} ≤ {fixed(high)}"
    elif value < low:
        exact = CONTEXT.multiply(weight, CONTEXT.divide(value, low)) if low > 0 else ZERO
        bound, detail = (
            low,
            f"{fixed(value)} < {fixed(low)}: {fixed(weight)} × {fixed(value)} / {fixed(low)}",
        )
    else:
        exact, bound = CONTEXT.divide(CONTEXT.multiply(weight, high), value), high
        detail = f"{fixed(value)} > {fixed(high)}: {fixed(weight)} × {fixed(high)} / {fixed(value)}"
    met = low <= value <= high
    score = weight if met else quantize_half_up(max(ZERO, exact), 2)
    return IndicatorScore(
        indicator=indicator,
        rule=Rule.EQUAL,
        weight=weight,
        score=score,
        exact=exact,
        achievement=Achievement.MET if met else Achievement.NOT_MET,
        target_value=bound,
        actual_value=value,
        detail=f"{detail} → {fixed(score)}",
    )


def _date(deadline: Deadline, year: int | None) -> str:
    y, m, d = deadline.key(year)
    text = f"{y}-{m:02d}" if y else f"{m:02d}"
    return f"{text}-{d:02d}" if deadline.day else text


def _direction(
    context: _Context, target: Comparison
) -> tuple[Direction, Literal["printed", "level2", "default"]]:
    if target.direction is not None:
        return target.direction, "printed"
    group = context.indicator.level2_group
    if group is not None and group.key in context.policy.reverse_level2:
        return Direction.LE, "level2"
    return Direction.GE, "default"


def _aligned(context: _Context, target: Comparison, actual: Comparison) -> Decimal | Finding:
    """The actual's value in the target's unit, or a unit-mismatch finding."""
    if target.unit is None or actual.unit is None:
        return actual.value
    value = actual.in_unit(target.unit)
    if value is None:
        return Finding.make(
            "unit-mismatch",
            "actual",
            f"the actual {actual!s} is not in a unit comparable with the target {target!s}; "
            "the row is scored as judged",
            f"实际完成值「{actual!s}」与年度指标值「{target!s}」单位不一致，按表中得分计",
            str(actual),
        )
    return value


def _q4(value: Decimal) -> Decimal:
    return quantize_half_up(value, 4)


def _quantitative(context: _Context, target: Comparison) -> IndicatorScore:
    indicator, weight, policy = context.indicator, context.weight, context.policy
    actual = indicator.actual
    if not isinstance(actual, Comparison):
        problem = Finding.make(
            "unparseable-value",
            "actual",
            f"the actual {actual!s} is not a number to compare with {target!s}; "
            "the row is scored as judged",
            f"实际完成值「{actual!s}」不是可与「{target!s}」比较的数值，按表中得分计",
            str(actual),
        )
        return context.judged(Rule.JUDGED, [problem])
    value = _aligned(context, target, actual)
    if isinstance(value, Finding):
        return context.judged(Rule.JUDGED, [value])
    t, a = target.value, value
    direction, source = _direction(context, target)
    ratio = CONTEXT.divide(a, t) if t > 0 else None
    if direction is Direction.EQ and policy.equal_form == "symmetric":
        rule = Rule.EQUAL
        met = a == t
        if met:
            exact, form = weight, "equal"
        elif t.is_zero():
            exact, form = ZERO, "unequal-zero"
        else:
            gap = CONTEXT.divide(abs(a - t), abs(t))
            exact, form = CONTEXT.multiply(weight, max(ZERO, 1 - gap)), "symmetric"
    elif direction.reverse:
        rule = Rule.REVERSE
        met = a < t if direction.strict and policy.strict_operators == "strict" else a <= t
        if met:
            exact, form = weight, "met"
        elif t <= 0:
            exact, form = ZERO, "zero-target"
        elif policy.reverse_form == "linear":
            exact = CONTEXT.multiply(weight, max(ZERO, 1 - CONTEXT.divide(a - t, t)))
            form = "linear"
        else:
            exact, form = CONTEXT.divide(CONTEXT.multiply(weight, t), a), "inverse-ratio"
    else:
        rule = Rule.POSITIVE if direction is not Direction.EQ else Rule.EQUAL
        met = a > t if direction.strict and policy.strict_operators == "strict" else a >= t
        if met:
            exact = weight if ratio is None else CONTEXT.multiply(weight, ratio)
            form = "met"
        elif t <= 0:
            exact, form = ZERO, "zero-target"
        else:
            exact, form = CONTEXT.multiply(weight, ratio or ZERO), "ratio"
    if not met and exact >= weight:
        # Only a strict bound met exactly gets here: not met, yet the formula gives it all.
        return context.judged(
            rule,
            [],
            achievement=Achievement.NOT_MET,
            exact=exact,
            form=form,
            direction=direction,
            direction_from=source,
            target_value=t,
            actual_value=a,
        )
    return IndicatorScore(
        indicator=indicator,
        rule=rule,
        weight=weight,
        score=weight if met else quantize_half_up(max(ZERO, exact), 2),
        exact=exact,
        achievement=Achievement.MET if met else Achievement.NOT_MET,
        capped=exact > weight,
        over_achieved=rule is Rule.POSITIVE
        and ratio is not None
        and ratio >= policy.over_achievement_threshold,
        form=form,
        direction=direction,
        direction_from=source,
        target_value=t,
        actual_value=a,
    )


def _render(result: IndicatorScore) -> str:
    """The formula of a quantitative row, from the numbers it stored."""
    t, a, w, exact = result.target_value, result.actual_value, result.weight, result.exact
    if t is None or a is None or w is None or exact is None:
        return ""
    direction = result.direction
    form = result.form
    if form == "met":
        sign = (
            direction.value
            if direction is not None and direction.reverse
            else (">" if direction is not None and direction.strict else "≥")
        )
        text = f"{a:f} {sign} {t:f}"
    elif form == "equal":
        text = f"{a:f} = {t:f}"
    elif form == "zero-target":
        text = (
            f"{a:f} ≠ 0"
            if direction is Direction.EQ
            else (
                f"{a:f} > {t:f} (target ≤ 0)"
                if direction is not None and direction.reverse
                else f"{a:f} < {t:f} (target ≤ 0)"
            )
        )
    else:
        shape = {
            "ratio": f"{w:f} × {a:f} / {t:f}",
            "inverse-ratio": f"{w:f} × {t:f} / {a:f}",
            "linear": f"{w:f} × (1 − ({a:f} − {t:f}) / {t:f})",
            "symmetric": f"{w:f} × (1 − |{a:f} − {t:f}| / {t:f})",
        }[form]
        text = f"{shape} = {_q4(exact):f}"
    if result.judged or result.score is None:
        return text
    if result.achievement is Achievement.MET:
        return f"{text} → {w:f}" + (" (capped)" if result.capped else "")
    return f"{text} → {result.score:f}"
