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
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple

import attrs

from perfeval._convert import instances
from perfeval._memo import short_text_cache
from perfeval.checks import in_tier, tier_bounds
from perfeval.findings import Finding
from perfeval.formulas import (
    INVERSE_RATIO,
    RATIO,
    Formula,
    RatioOf,
    Role,
    exact_ratio,
    formula_for,
    ratio_of,
)
from perfeval.groups import COST, COSTS
from perfeval.indicators import Indicator
from perfeval.number import (
    divide,
    fixed,
    from_units,
    half_up,
    half_up_units,
    normalize_text,
    private_context,
    quantize_half_up,
)
from perfeval.policy import Policy, resolve_policy
from perfeval.targets import (
    Achievement,
    Band,
    Blank,
    Comparison,
    Deadline,
    Direction,
    Qualitative,
    Reading,
    UnitChoice,
    UnitConflict,
    Unreadable,
    settle_band,
    settle_units,
    unit_finding,
)

if TYPE_CHECKING:  # pragma: no cover
    from perfeval.integers import Exact

__all__ = [
    "IndicatorScore",
    "Route",
    "RowDecision",
    "Rule",
    "Settled",
    "Test",
    "Way",
    "decide_row",
    "explain_indicator",
    "score_indicator",
    "settle_missed",
    "settle_missed_column",
]


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
    unit_choice: UnitChoice | None = None
    """How a number printed without the other side's unit was read in it (a rate typed
    as a fraction, an amount per the target's standard), as the row's decision says."""
    capped: bool = False
    """Whether the weight capped the formula."""
    judged: bool = False
    """Whether the score is the printed (judged) one."""
    tier: tuple[Decimal, Decimal] | None = None
    """For judged tiers: the score range the stated achievement allows."""
    over_achieved: bool = False
    """Whether actual / target reached the policy's over-achievement threshold."""
    form: str = ""
    """How a quantitative row was scored: ``met`` (or ``equal``) when the target was met,
    ``zero-target`` for a missed target of 0 or less, else the id of the policy's formula
    (``ratio``, ``linear``, ``symmetric``, or a registered one); empty for other rules."""
    role: Literal["positive", "reverse", "equal"] | None = None
    """The role whose formula scored a missed quantitative row."""
    formula_object: Formula | None = attrs.field(default=None, eq=False)
    """The formula object that computed a missed quantitative row's score: the one that
    writes :attr:`formula`, so that a result carried to another process still explains
    itself (not compared: :attr:`role` and :attr:`form` name it in the policy)."""
    detail: str = ""
    """The computation of a non-quantitative row (a deadline's dates), as text."""
    problems: tuple[Finding, ...] = ()
    """Row-level findings (``where`` relative to the row: ``target``, ``score``…)."""

    @property
    @private_context
    def formula(self) -> str:
        """The computation with its numbers, e.g. ``15 × 46 / 50 = 13.8000 → 13.80``.

        Written on demand by the same formula object that computed the score, from the
        numbers it stored: scoring never pays for the text, and the text cannot disagree.
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
        return explain_indicator(self, locale)


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
    """What every rule needs about the row being explained."""

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
            score=_judged_score(printed, self.weight),
            judged=printed is not None,
            problems=tuple(found),
            **extra,  # type: ignore[arg-type]
        )


class Route(enum.Enum):
    """Which way a row is scored, decided from its readings (see :func:`decide_row`)."""

    QUANTITATIVE = "quantitative"
    """A number against a number: the policy's formulas."""
    QUALITATIVE = "qualitative"
    """A statement: the judged score, checked against the tier the actual states."""
    DEADLINE = "deadline"
    """A date or a time limit."""
    BAND = "band"
    """A range target ("80%-90%")."""
    TARGET_PROBLEM = "target-problem"
    """The target is blank or unreadable: the judged score."""
    ACTUAL_PROBLEM = "actual-problem"
    """The actual is blank or unreadable: the judged score."""
    QUALITATIVE_ACTUAL_PROBLEM = "qualitative-actual-problem"
    """A statement target whose actual is blank or unreadable: the judged score."""
    SKIPPED = "skipped"
    """No rule looks at the row: 无, cut off after its name, or without a weight."""


class RowDecision(NamedTuple):
    """How one row scores: the one decision that a scorecard's numbers and the row's
    explained :class:`IndicatorScore` both read (:func:`decide_row` makes it).

    A named, immutable value, read by name only. It is a ``NamedTuple`` rather than a
    frozen attrs class because a table makes one per row: measured on CPython 3.11, it
    is built in about a third of the time (0.6 µs against 1.7 µs for 12 fields), which
    is the difference between scoring at 1.1× and at 1.4× the cost of the tuples it
    replaced.
    """

    route: Route
    rule: Rule
    applies: bool
    """Whether the row counts (not 无)."""
    weight: Decimal | None
    """The weight used (the printed one, or the policy's rescaled one)."""
    score: Decimal | None
    """The score the total adds up."""
    judged: bool = False
    """Whether the score is the printed (judged) one rather than a rule's."""
    met: bool | None = None
    """For a quantitative row: whether it met its target."""
    role: Role | None = None
    """For a missed quantitative row: the role of the formula that scored it."""
    form: str = ""
    """``met``, ``equal``, ``zero-target`` or the id of the policy's formula."""
    formula: Formula | None = None
    """The formula object that scored a missed quantitative row."""
    exact: tuple[int, int] | None = None
    """The formula's exact value (numerator, denominator > 0) for a missed row."""
    direction: Direction | None = None
    direction_from: Literal["printed", "level2", "default"] | None = None
    target: Decimal | None = None
    actual: Decimal | None = None
    """The actual in the target's unit, as compared."""
    problem: Finding | None = None
    """What made a quantitative row judged (units that disagree, an actual in words)."""
    explained: IndicatorScore | None = None
    """The explained row, when it was explained while deciding (rows no quick rule
    scores: 无, deadlines, ranges, rows without a weight)."""
    unit_choice: UnitChoice | None = None
    """For a quantitative row: how a number printed without the other side's unit was
    read in it (:func:`~perfeval.targets.settle_units`); :attr:`target` and
    :attr:`actual` are then the values so read."""


@private_context
def decide_row(
    indicator: Indicator,
    policy: Policy | str = "mof-2020",
    *,
    year: int | None = None,
    weight: Decimal | None = None,
) -> RowDecision:
    """How *indicator* scores under *policy*: its route, rule, weight and score, and the
    formula and exact value behind a computed score. :func:`score_indicator` explains
    the same decision; a table's total adds up the decisions' scores."""
    instances(Indicator)(None, _INDICATOR, indicator)
    chosen = resolve_policy(policy)
    return _decide_row(indicator, chosen, _ways(chosen), year, weight)


@private_context
def score_indicator(
    indicator: Indicator,
    policy: Policy | str = "mof-2020",
    *,
    year: int | None = None,
    weight: Decimal | None = None,
) -> IndicatorScore:
    """Score *indicator* under *policy* (a :class:`~perfeval.policy.Policy` or its id).

    *year* is the table's year, for deadlines printed without one; *weight* replaces the
    printed weight (a policy that rescales the indicators passes it).
    """
    chosen = resolve_policy(policy)
    decision = decide_row(indicator, chosen, year=year, weight=weight)
    return _explain_row(decision, indicator, chosen, year)


def _decide_row(
    indicator: Indicator,
    policy: Policy,
    ways: Ways,
    year: int | None,
    weight: Decimal | None,
) -> RowDecision:
    """:func:`decide_row` for arguments the caller has checked, in the private context:
    a table's rows are checked once, when the table is made."""
    used = indicator.weight if weight is None else weight
    early = _unscorable(indicator, weight, used)
    if early is not None:
        return RowDecision(
            Route.SKIPPED,
            early.rule,
            early.rule is not Rule.NOT_APPLICABLE,
            early.weight,
            early.score,
            explained=early,
        )
    assert used is not None
    target = indicator.target
    route = _route(target, indicator.actual)
    if route is _QUANTITATIVE:
        assert isinstance(target, Comparison)
        return _decide(indicator, policy, ways, used, target)
    if route is Route.DEADLINE or route is Route.BAND:  # scored as they are explained
        result = _explain_row(
            RowDecision(route, Rule.JUDGED, True, used, None), indicator, policy, year
        )
        return RowDecision(route, result.rule, True, used, result.score, explained=result)
    printed = indicator.score
    rule = Rule.QUALITATIVE if route in _QUALITATIVE_ROUTES else Rule.JUDGED
    return RowDecision(route, rule, True, used, _judged_score(printed, used), printed is not None)


def _explain_row(
    decision: RowDecision, indicator: Indicator, policy: Policy, year: int | None
) -> IndicatorScore:
    """The explained result of the row *decision* was made for, in the private context:
    the one kept while deciding, else the rule of its route, saying if the printed score
    is above the weight."""
    if decision.explained is not None:
        return decision.explained
    used = decision.weight
    assert used is not None
    result = _score(_Context(indicator, policy, used, year), decision)
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


def _unscorable(
    indicator: Indicator, weight: Decimal | None, used: Decimal | None
) -> IndicatorScore | None:
    """The result of a row that no rule looks at (无, cut off, without a weight), else
    ``None``. *weight* is the one given for the row (``None``: its own), *used* the one
    it is scored by."""
    if weight is None and indicator.plainly_applicable:  # scored by its own weight
        return None
    if indicator.not_applicable:
        return IndicatorScore(
            indicator=indicator, rule=Rule.NOT_APPLICABLE, weight=None, score=None
        )
    if indicator.cut_off:
        problem = Finding.make(
            "missing-value",
            "",
            f"{indicator.name}: the row is cut off after its name (target, actual, "
            "weight and score are blank)",
            f"{indicator.name}：该行仅有指标名称，年度指标值、实际完成值、分值和得分均为空",
        )
        return _unscored(indicator, None, problem)
    if used is None or used.is_zero():
        missing = used is None
        problem = Finding.make(
            "missing-value" if missing else "invalid-weight",
            "weight",
            "the weight is blank" if missing else "the weight of an applicable row is 0",
            "分值为空" if missing else "适用指标的分值为0",
            None if missing else "0",
        )
        return _unscored(indicator, used, problem)
    return None


def _unscored(indicator: Indicator, weight: Decimal | None, problem: Finding) -> IndicatorScore:
    """A row no rule can score, and why."""
    return IndicatorScore(
        indicator=indicator, rule=Rule.UNSCORED, weight=weight, score=None, problems=(problem,)
    )


_QUALITATIVE_ROUTES: Final = frozenset({Route.QUALITATIVE, Route.QUALITATIVE_ACTUAL_PROBLEM})
_QUANTITATIVE: Final = Route.QUANTITATIVE


def _route(target: Reading, actual: Reading) -> Route:
    """The route a row with these readings is scored by."""
    if type(target) is Comparison and type(actual) is Comparison:  # the common case, first
        return _QUANTITATIVE
    if isinstance(target, Blank | Unreadable):
        return Route.TARGET_PROBLEM
    actual_problem = isinstance(actual, Blank | Unreadable)
    if isinstance(target, Qualitative) or (
        isinstance(actual, Qualitative) and isinstance(target, Comparison)
    ):
        return Route.QUALITATIVE_ACTUAL_PROBLEM if actual_problem else Route.QUALITATIVE
    if actual_problem:
        return Route.ACTUAL_PROBLEM
    if isinstance(target, Deadline) or (
        isinstance(target, Comparison)
        and target.time_limit
        and isinstance(actual, Deadline)
        and not actual.dated
    ):  # a deadline, or a time limit ("30天内完成") met or missed in words ("按时完成")
        return Route.DEADLINE
    if isinstance(target, Band):  # a range target ("80%-90%"): see _band below
        return Route.BAND
    return Route.QUANTITATIVE


def _judged_score(printed: Decimal | None, weight: Decimal) -> Decimal | None:
    """The score of a judged row: the printed score, capped at the weight."""
    return None if printed is None else min(printed, weight)


def _score(context: _Context, decision: RowDecision) -> IndicatorScore:
    """The explained result of a row by the rule of its route."""
    route = decision.route
    if route is Route.QUANTITATIVE:  # most rows of every table
        return _quantitative(context, decision)
    target, actual = context.indicator.target, context.indicator.actual
    if route is Route.TARGET_PROBLEM:
        problem = _reading_problem("target", target)
        assert problem is not None
        return context.judged(Rule.JUDGED, [problem])
    if route is Route.QUALITATIVE_ACTUAL_PROBLEM or route is Route.ACTUAL_PROBLEM:
        problem = _reading_problem("actual", actual)
        assert problem is not None
        rule = Rule.QUALITATIVE if route is Route.QUALITATIVE_ACTUAL_PROBLEM else Rule.JUDGED
        return context.judged(rule, [problem])
    if route is Route.QUALITATIVE:
        return _qualitative(context)
    if route is Route.DEADLINE:
        return _deadline(context)
    assert route is Route.BAND
    assert isinstance(target, Band)
    return _band(context, target)


def _decide_rows(
    indicators: Sequence[Indicator],
    policy: Policy,
    year: int | None,
    weights: Sequence[Decimal | None] | None = None,
) -> tuple[RowDecision, ...]:
    """Every row's decision, in order: what a scorecard keeps. *weights* replace the
    printed ones, row by row (``None`` keeps a row's own). Arguments are checked by the
    caller; call it in the private context."""
    ways = _ways(policy)
    if weights is None:
        return tuple([_decide_row(row, policy, ways, year, None) for row in indicators])
    return tuple(
        [
            _decide_row(row, policy, ways, year, weight)
            for row, weight in zip(indicators, weights, strict=True)
        ]
    )


@short_text_cache(maxsize=4096, longest=128)
def _folded(text: str) -> str:
    return "".join(normalize_text(text).split()).rstrip("。.")


def _same_statement(left: str, right: str) -> bool:
    return left == right or _folded(left) == _folded(right)


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
    if printed is not None and not in_tier(min(printed, weight), achievement, weight, policy):
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
    met: bool | None = None
    formula = ""
    if (
        isinstance(actual, Deadline)
        and isinstance(target, Deadline)
        and actual.dated
        and target.dated
    ):
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
    """A range target ("80%-90%", "80-90分"), whatever the policy's forms: met (the
    weight) inside [low, high]; below it, weight × actual / low (the ratio formula object,
    against the low end); above it, weight × high / actual (the inverse ratio, against the
    high end); the exact rational value rounded half up to 2 decimals once. Scored under
    the equality rule: a band is a value to hit."""
    indicator, weight = context.indicator, context.weight
    actual = indicator.actual
    settled = settle_band(target, actual) if isinstance(actual, Comparison) else None
    if settled is None or isinstance(settled, UnitConflict):
        problem = (
            unit_finding(settled, actual)
            if isinstance(settled, UnitConflict) and isinstance(actual, Comparison)
            else Finding.make(
                "unparseable-value",
                "actual",
                f"the actual {actual!s} is not a number in the unit of the range {target!s}; "
                "the row is scored as judged",
                f"实际完成值「{actual!s}」不是与区间「{target!s}」单位一致的数值，按表中得分计",
                str(actual),
            )
        )
        return context.judged(Rule.JUDGED, [problem])
    low, high, value, choice = settled.low, settled.high, settled.actual, settled.choice
    a = fixed(value)
    met = low <= value <= high
    if met:
        exact, bound = weight.as_integer_ratio(), low
        detail = f"{fixed(low)} ≤ {a} ≤ {fixed(high)}"
    elif value < low:  # below the range: the positive ratio against its low end
        exact = exact_ratio(RATIO, weight, low, value) if low > 0 else (0, 1)
        bound, detail = low, f"{a} < {fixed(low)}: {RATIO.describe(weight, low, value)}"
    else:  # value > high: the reverse ratio against its high end (0 for an end ≤ 0)
        exact = exact_ratio(INVERSE_RATIO, weight, high, value) if high > 0 else (0, 1)
        bound = high
        detail = f"{a} > {fixed(high)}: {INVERSE_RATIO.describe(weight, high, value)}"
    kept = exact if exact[0] > 0 else (0, 1)
    numerator, denominator = Decimal(kept[0]), Decimal(kept[1])
    score = weight if met else half_up(*kept)
    return IndicatorScore(
        indicator=indicator,
        rule=Rule.EQUAL,
        weight=weight,
        score=score,
        exact=divide(numerator, denominator),
        achievement=Achievement.MET if met else Achievement.NOT_MET,
        target_value=bound,
        actual_value=value,
        unit_choice=choice,
        detail=f"{detail} → {fixed(score)}",
        problems=() if choice is None else (unit_finding(choice, actual),),
    )


def _date(deadline: Deadline, year: int | None) -> str:
    y, m, d = deadline.key(year)
    text = f"{y}-{m:02d}" if y else f"{m:02d}"
    return f"{text}-{d:02d}" if deadline.day else text


def _unprinted_direction(
    indicator: Indicator, policy: Policy
) -> tuple[Direction, Literal["level2", "default"]]:
    """The direction of a target printed without one (a bare number): reverse (≤) under
    the level-2 groups the policy names (成本指标 nationally; a row under the level-1
    成本指标 of the 2023 template whose level-2 is not a known group counts as 成本), else
    positive (≥). A printed direction always wins (see :func:`_decide`)."""
    group = indicator.level2_group
    if group is None and indicator.level1_group is COSTS:
        group = COST
    if group is not None and group.key in policy.reverse_level2:
        return Direction.LE, "level2"
    return Direction.GE, "default"


def _aligned(target: Comparison, actual: Comparison) -> Decimal | UnitChoice | Finding:
    """The actual's value in the target's unit, how a number printed without the other
    side's unit was read in it, or a unit-mismatch finding: as
    :func:`~perfeval.targets.settle_units` settles them."""
    if target.unit is actual.unit:  # the common case: no unit, or the same one
        return actual.value
    settled = settle_units(target, actual)
    if isinstance(settled, UnitConflict):
        return unit_finding(settled, actual)
    return settled


def _q4(value: Decimal) -> Decimal:
    return quantize_half_up(value, 4)


class Test(enum.Enum):
    """The comparison a met quantitative target passes: the one met test, for one row
    (:meth:`holds`) and for a column of rows (:meth:`holds_column`), which agree row by
    row (a law in the tests)."""

    EQ = "="
    LE = "≤"
    LT = "<"
    GE = "≥"
    GT = ">"

    def holds(self, actual: Decimal, target: Decimal) -> bool:
        """Whether *actual* meets *target* under this test."""
        if self is _GE:
            return actual >= target
        if self is _LE:
            return actual <= target
        if self is _EQ:
            return actual == target
        return actual > target if self is _GT else actual < target

    def holds_column(self, actuals: Exact, targets: Exact) -> Any:
        """:meth:`holds` of each row (a boolean NumPy column), from the exact integers of
        the actuals and the targets (:class:`perfeval.integers.Exact`: the columns of
        what :attr:`~perfeval.targets.Comparison.exact` keeps, numerators and
        denominators > 0): the sign of actual − target is that of ``an·td − tn·ad``."""
        from perfeval.integers import exact_column, multiply, subtract

        (an, ad), (tn, td) = exact_column(actuals), exact_column(targets)
        sign = subtract(multiply(an, td), multiply(tn, ad))
        if self is _GE:
            return sign >= 0
        if self is _LE:
            return sign <= 0
        if self is _EQ:
            return sign == 0
        if self is _GT:
            return sign > 0
        return sign < 0


@attrs.frozen
class Way:
    """How a policy scores a quantitative target printed with one direction."""

    rule: Rule
    role: Role
    """The role of the formula that scores a missed target."""
    test: Test
    """The comparison a met target passes."""
    form: str
    """The formula's id in the policy."""
    formula: Formula
    """The formula object."""
    ratio: RatioOf
    """How the formula computes its exact value (see
    :func:`~perfeval.formulas.ratio_of`)."""


# The tests by name, for the per-row comparison below.
_GE, _LE, _EQ, _GT, _LT = Test.GE, Test.LE, Test.EQ, Test.GT, Test.LT

#: A policy's ways, by direction.
Ways = dict[Direction, Way]

# Each policy's ways, made the first time the policy scores a row (a policy is an
# immutable value); the policy is kept with them, so that an id is not taken for
# another policy's.
_WAYS: dict[int, tuple[Policy, Ways]] = {}


def _ways(policy: Policy) -> Ways:
    """How *policy* scores a quantitative target of each printed direction: ``=`` by the
    positive rule unless the policy has an equality form, ``≤``/``<`` by the reverse rule,
    ``≥``/``>`` by the positive one; ``>`` and ``<`` exclude the bound itself under strict
    operators."""
    known = _WAYS.get(id(policy))
    if known is not None and known[0] is policy:
        return known[1]
    strict = policy.strict_operators == "strict"
    ways: Ways = {}
    for direction in Direction:
        role: Role
        if direction is Direction.EQ and policy.equal_form != "positive":
            rule, role, test = Rule.EQUAL, "equal", Test.EQ
        elif direction.reverse:
            rule, role = Rule.REVERSE, "reverse"
            test = Test.LT if strict and direction.strict else Test.LE
        else:
            rule = Rule.EQUAL if direction is Direction.EQ else Rule.POSITIVE
            role, test = "positive", Test.GT if strict and direction.strict else Test.GE
        formula = policy.formula(role)
        ways[direction] = Way(rule, role, test, policy.formula_id(role), formula, ratio_of(formula))
    if len(_WAYS) >= 256:  # bounded: policies made by the thousand are not all kept
        _WAYS.clear()
    _WAYS[id(policy)] = (policy, ways)
    return ways


def _decision(fields: tuple[Any, ...]) -> RowDecision:
    """A :class:`RowDecision` of every field, in order: the quantitative rows, most of
    every table, are built so. ``RowDecision(...)`` runs the ``NamedTuple``'s Python
    ``__new__`` (0.58 µs); building the tuple directly takes 0.18 µs, a tenth of what
    scoring a row costs (measured on CPython 3.11)."""
    return _NEW_TUPLE(RowDecision, fields)


_NEW_TUPLE: Final = tuple.__new__


def _decide(
    indicator: Indicator,
    policy: Policy,
    ways: Ways,
    weight: Decimal,
    target: Comparison,
) -> RowDecision:
    """The rule, the formula and the score of a quantitative row (or the finding that
    makes it judged)."""
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
        return _judged_decision(indicator, weight, problem)
    a = _aligned(target, actual)
    t = target.value
    choice = None
    if type(a) is not Decimal:
        if isinstance(a, Finding):
            return _judged_decision(indicator, weight, a)
        assert isinstance(a, UnitChoice)
        choice, t, a = a, a.target, a.actual
    direction = target.direction
    source: Literal["printed", "level2", "default"] = "printed"
    if direction is None:
        direction, source = _unprinted_direction(indicator, policy)
    way = ways[direction]
    test = way.test
    rule, role = way.rule, way.role
    if test.holds(a, t):
        form = "equal" if role == "equal" else "met"
        return _decision(
            (_QUANTITATIVE, rule, True, weight, weight, False, True, role, form,
             None, None, direction, source, t, a, None, None, choice)
        )  # fmt: skip
    exact = (0, 1)
    form = way.form
    if t <= 0:
        form = "zero-target"
    else:
        exact = way.ratio(weight, t, a)
    score, judged = settle_missed(exact, weight, test, indicator.score)
    return _decision(
        (_QUANTITATIVE, rule, True, weight, score, judged, False, role, form,
         way.formula, exact, direction, source, t, a, None, None, choice)
    )  # fmt: skip


def settle_missed(
    exact: tuple[int, int], weight: Decimal, test: Test, printed: Decimal | None
) -> tuple[Decimal | None, bool]:
    """The score of a missed quantitative row from its formula's *exact* value
    (numerator, denominator > 0), and whether it is the judged one: the value capped at
    the weight and rounded half up once. Missed, yet the formula gives the full weight (a
    strict bound met exactly, or under strict operators a near miss that rounds to it):
    a missed strict bound never scores its weight by formula, so the evaluator's
    *printed* score is used, capped at the weight, for it and for every worse actual the
    formula cannot tell from it. :func:`settle_missed_column` is the same rule for a
    column of rows; a law in the tests holds the two together."""
    hundredths = _settled(exact, weight.as_integer_ratio(), test is _GT or test is _LT)
    if hundredths is None:
        return _judged_score(printed, weight), True
    return from_units(hundredths), False


class Settled(NamedTuple):
    """What :func:`settle_missed_column` gives for a column of missed rows."""

    hundredths: Any
    """Each row's score in hundredths (the score × 100), a NumPy integer column; to be
    read only where the row is not :attr:`judged`."""
    judged: Any
    """Whether each row takes its judged score instead (a boolean NumPy column):
    :func:`settle_missed` gives that score."""


def settle_missed_column(exacts: Exact, weights: Exact, test: Test) -> Settled:
    """:func:`settle_missed` of each row of a column, on integer columns
    (:class:`perfeval.integers.Exact`: the formula's exact values and the weights): the
    same rule, a column at a time, row by row what :func:`settle_missed` gives (a law in
    the tests)."""
    from perfeval.integers import exact_column, half_up_units, multiply

    (n, d), (wn, wd) = exact_column(exacts), exact_column(weights)
    judged = multiply(n, wd) >= multiply(wn, d)  # the exact value reaches the weight
    hundredths = half_up_units(n, d)
    if test is _GT or test is _LT:  # a strict test: rounded up to the weight is judged
        judged = judged | (multiply(hundredths, wd) >= multiply(wn, 100))
    return Settled(hundredths, judged)


def _settled(exact: tuple[int, int], weight: tuple[int, int], strict: bool) -> int | None:
    """:func:`settle_missed` for one row: the exact value *exact* rounded half up to
    hundredths, or ``None`` when it is judged: at or above the *weight*, or, under a
    *strict* test, rounded up to it."""
    n, d = exact
    wn, wd = weight
    if n * wd >= wn * d:  # the exact value reaches the weight (d, wd > 0)
        return None
    hundredths = half_up_units(n, d)
    if strict and hundredths * wd >= 100 * wn:
        return None
    return hundredths


def _judged_decision(indicator: Indicator, weight: Decimal, problem: Finding) -> RowDecision:
    """A quantitative row that no formula can score: its printed score, and why."""
    printed = indicator.score
    return RowDecision(
        Route.QUANTITATIVE,
        Rule.JUDGED,
        True,
        weight,
        _judged_score(printed, weight),
        printed is not None,
        problem=problem,
    )


def _quantitative(context: _Context, decision: RowDecision) -> IndicatorScore:
    indicator, weight, policy = context.indicator, context.weight, context.policy
    if decision.problem is not None:
        return context.judged(Rule.JUDGED, [decision.problem])
    rule, met, role, form = decision.rule, decision.met, decision.role, decision.form
    t, a, exact = decision.target, decision.actual, decision.exact
    assert t is not None
    assert a is not None
    positive = role == "positive" and t > 0
    if exact is not None:  # missed: the formula's value
        n, d = exact
    elif positive:  # met: weight × a / t (the ratio itself, whatever the policy's form for
        # a miss), which shows how far the target was exceeded
        n, d = RATIO.ratio(weight, t, a)
    else:  # met: the weight
        n, d = weight.as_integer_ratio()
    value = divide(Decimal(n), Decimal(d))
    achievement = Achievement.MET if met else Achievement.NOT_MET
    choice = decision.unit_choice
    notes = () if choice is None else (unit_finding(choice, indicator.actual),)
    if decision.judged:
        return context.judged(
            rule,
            notes,
            unit_choice=choice,
            achievement=achievement,
            exact=value,
            form=form,
            role=role,
            formula_object=decision.formula,
            direction=decision.direction,
            direction_from=decision.direction_from,
            target_value=t,
            actual_value=a,
        )
    wn, wd = weight.as_integer_ratio()
    over_achieved = False
    if met and positive and rule is Rule.POSITIVE:  # a / t ≥ the threshold (≥ 1)
        (an, ad), (tn, td) = a.as_integer_ratio(), t.as_integer_ratio()
        hn, hd = policy.over_achievement_threshold.as_integer_ratio()
        over_achieved = an * td * hd >= hn * ad * tn
    return IndicatorScore(
        indicator=indicator,
        rule=rule,
        weight=weight,
        score=decision.score,
        exact=value,
        achievement=achievement,
        direction=decision.direction,
        direction_from=decision.direction_from,
        target_value=t,
        actual_value=a,
        capped=n * wd > wn * d,
        over_achieved=over_achieved,
        form=form,
        role=role,
        formula_object=decision.formula,
        unit_choice=choice,
        problems=notes,
    )


def _render(result: IndicatorScore) -> str:
    """The computation of a quantitative row, from the numbers it stored, written by the
    formula object that computed it."""
    t, a, w, exact = result.target_value, result.actual_value, result.weight, result.exact
    if t is None or a is None or w is None or exact is None:
        return ""
    direction = result.direction
    if result.form in ("met", "equal"):
        if result.form == "equal" or direction is Direction.EQ:
            sign = "="
        elif direction is not None and direction.reverse:
            sign = direction.value
        else:
            sign = ">" if direction is not None and direction.strict else "≥"
        text = f"{fixed(a)} {sign} {fixed(t)}"
    elif result.form == "zero-target":
        if direction is Direction.EQ:
            text = f"{fixed(a)} ≠ {fixed(t)}, target ≤ 0 → 0"
        else:
            sign = ">" if direction is not None and direction.reverse else "<"
            text = f"{fixed(a)} {sign} {fixed(t)}, target ≤ 0 → 0"
    elif result.role is not None:
        formula = result.formula_object or formula_for(result.role, result.form)
        shape = formula.describe(w, t, a)
        text = f"{shape} = {fixed(quantize_half_up(exact, 4))}"
    else:  # pragma: no cover - every other form has its formula object
        return ""
    if result.judged or result.score is None:
        return text
    if result.achievement is Achievement.MET:
        return f"{text} → {fixed(w)}"
    if result.form == "zero-target":
        return text
    return f"{text} → {fixed(result.score)}"


_INDICATOR: Final = attrs.fields(IndicatorScore).indicator

_RULE_NAMES: Final = {
    "positive": ("正向指标", "positive target"),
    "reverse": ("反向指标", "reverse target"),
    "equal": ("等值指标", "equality target"),
    "qualitative": ("定性指标", "qualitative target"),
    "deadline": ("时限指标", "deadline"),
    "judged": ("按评价得分", "scored as judged"),
    "not-applicable": ("不适用", "not applicable"),
    "unscored": ("无法计分", "not scored"),
}
_ACHIEVEMENT: Final = {"met": ("达成", "met"), "partly": ("部分达成", "partly met"),
                       "not_met": ("未达成", "not met")}  # fmt: skip
_DIRECTION_FROM: Final = {
    "level2": ("方向按二级指标（成本）取反向", "direction taken from the level-2 group"),
    "default": ("未标方向，按正向", "no operator printed: read as positive"),
}


@private_context
def explain_indicator(result: IndicatorScore, locale: str = "zh_CN") -> str:
    """How *result* was scored, as one or two sentences in zh_CN or en."""
    zh = locale.startswith("zh")
    pick = 0 if zh else 1
    rule = _RULE_NAMES[result.rule.value][pick]
    parts = [f"{rule}{'：' if zh else ': '}"]
    if result.rule is Rule.NOT_APPLICABLE:
        name = result.indicator.name
        if result.indicator.template_leftover:
            parts.append(
                f"模板占位行「{name}」，其余各栏均未填写，不计分。"
                if zh
                else f"a row left over from the template ({name}) with nothing else filled; "
                "it is left out."
            )
        else:
            parts.append("本行为“无”，不计分。" if zh else "the row is 无 and is left out.")
        return "".join(parts)
    target, actual = result.indicator.target, result.indicator.actual
    said = {"target": target.describe(locale), "actual": actual.describe(locale)}
    choice = result.unit_choice  # as the row's decision read it
    if choice is not None:
        said[choice.side] += ("；" if zh else "; ") + choice.describe(locale)
    readings = (
        f"目标「{target}」（读作{said['target']}），实际「{actual}」（读作{said['actual']}）"
        if zh
        else f"target {target!s} (read as {said['target']}), "
        f"actual {actual!s} (read as {said['actual']})"
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
    sentences.extend(
        problem.text(locale) + ("。" if zh else ".")
        for problem in result.problems
        if problem.code != "unit-reading"  # said with the reading it is about
    )
    return ("" if zh else " ").join(sentences)
