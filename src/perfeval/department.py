"""Whole-department evaluation (部门整体支出绩效评价): a weighted tree of any depth.

A :class:`Node` has a name, a weight and either children (决策 / 过程 / 产出 / 效益, or
投入 / 过程 / 产出 / 效益, and their sub-indicators) or a leaf rule:

- :class:`IndicatorRule`: a project-style indicator (target / actual) scored by
  :func:`~perfeval.scoring.score_indicator`;
- :class:`Bands`: stepped bands on a value, e.g. ≥ 90% → 5 points, 80–90% → 4 …; each band
  is inclusive at its lower bound;
- :class:`Deduction`: a deduction per unit of deviation beyond a threshold, floored at 0,
  e.g. −0.5 per percentage point over;
- :class:`Checklist`: a deduction per violation, floored at 0 (−1 per violation);
- :class:`Judged`: the evaluator's score, checked against the weight.

A node's score is its rule's score, or the sum of its children's. The tree ships no fixed
framework: ``perfeval/data/department-example.json`` is an example of a common one.

>>> leaf = Node(name="预算执行率", weight="5",
...             rule=Bands(value="87", bands=(("90", "5"), ("80", "4"), ("60", "2"))))
>>> score_node(leaf).score
Decimal('4')
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Literal

import attrs

from perfeval._convert import (
    amount_field,
    instances,
    name_field,
    number_field,
    points_field,
    tuple_of,
)
from perfeval._validate import setting_field
from perfeval.checks import agrees, exceeds_weight, note_required
from perfeval.errors import InvalidAmountError, InvalidPolicyError, InvalidTypeError
from perfeval.findings import Finding, Severity
from perfeval.grades import GradeBand
from perfeval.indicators import Indicator, note_field
from perfeval.number import (
    ZERO,
    add,
    decimal_places,
    divide,
    fixed,
    multiply,
    private_context,
    quantize_half_up,
    to_amount,
    to_decimal,
)
from perfeval.policy import Policy, resolve_policy
from perfeval.scoring import score_indicator

__all__ = [
    "Bands",
    "Checklist",
    "Deduction",
    "IndicatorRule",
    "Judged",
    "LeafRule",
    "Node",
    "NodeScore",
    "audit_tree",
    "score_node",
]


def _band(item: object, index: int) -> tuple[Decimal, Decimal]:
    """One (lower bound, points) pair of :attr:`Bands.bands`."""
    if not isinstance(item, tuple | list) or len(item) != 2:
        raise InvalidTypeError(
            "expected a (lower bound, points) pair", field="bands", row=index, value=item
        )
    lower, points = item
    return to_decimal(lower, field="bands", row=index), to_amount(points, field="bands", row=index)


def _bands(value: Iterable[tuple[object, object]]) -> tuple[tuple[Decimal, Decimal], ...]:
    items: tuple[object, ...] = tuple_of(tuple, "bands")(value)
    bands = tuple(_band(item, index) for index, item in enumerate(items))
    if not bands:
        raise InvalidAmountError("at least one band is needed", field="bands")
    lowers = [lower for lower, _ in bands]
    if lowers != sorted(lowers, reverse=True) or len(set(lowers)) != len(lowers):
        raise InvalidAmountError(
            "bands must run from the highest lower bound down", field="bands", value=lowers
        )
    return bands


@attrs.frozen(kw_only=True)
class Bands:
    """Stepped bands: the points of the highest band whose lower bound the value reaches."""

    value: Decimal | None = number_field()
    """The measured value (e.g. a rate in percent); ``None`` when blank."""
    bands: tuple[tuple[Decimal, Decimal], ...] = attrs.field(converter=_bands)
    """(lower bound, points), highest first; below every bound scores 0."""

    kind = "bands"

    def points(self, weight: Decimal) -> tuple[Decimal | None, str]:
        if self.value is None:
            return None, "value blank"
        for lower, points in self.bands:
            if self.value >= lower:
                kept = min(points, weight)
                return kept, f"{fixed(self.value)} ≥ {fixed(lower)} → {fixed(kept)}"
        return ZERO, f"{fixed(self.value)} < {fixed(self.bands[-1][0])} → 0"


# The rules' required numbers, each naming its field when refused (a float, NaN, None).


def _threshold(value: object) -> Decimal:
    return to_decimal(value, field="threshold")


def _per_unit(value: object) -> Decimal:
    return to_amount(value, field="per_unit")


def _unit(value: object) -> Decimal:
    return to_amount(value, field="unit")


def _per_violation(value: object) -> Decimal:
    return to_amount(value, field="per_violation")


@attrs.frozen(kw_only=True)
class Deduction:
    """weight − per_unit × (units of deviation beyond the threshold), floored at 0."""

    value: Decimal | None = number_field()
    threshold: Decimal = attrs.field(converter=_threshold)
    per_unit: Decimal = attrs.field(converter=_per_unit)
    """Points deducted per unit."""
    unit: Decimal = attrs.field(default=Decimal(1), converter=_unit)
    """Size of one unit of deviation (1 percentage point, say)."""
    direction: Literal["over", "under"] = setting_field(
        ("over", "under"), default="over", error=InvalidPolicyError
    )
    """Deduct when the value is over the threshold, or under it."""
    counting: Literal["whole", "started", "exact"] = setting_field(
        ("whole", "started", "exact"), default="whole", error=InvalidPolicyError
    )
    """Count whole units (每超过1个百分点), every started unit, or exact fractions."""

    kind = "deduction"

    def __attrs_post_init__(self) -> None:
        if self.unit <= 0:
            raise InvalidAmountError("the unit must be positive", field="unit", value=self.unit)

    def points(self, weight: Decimal) -> tuple[Decimal | None, str]:
        if self.value is None:
            return None, "value blank"
        gap = self.value - self.threshold
        if self.direction == "under":
            gap = -gap
        if gap <= 0:
            return weight, f"{fixed(self.value)} within {fixed(self.threshold)} → {fixed(weight)}"
        units = divide(gap, self.unit)
        if self.counting == "whole":
            units = Decimal(math.floor(units))
        elif self.counting == "started":
            units = Decimal(math.ceil(units))
        deducted = multiply(units, self.per_unit)
        score = max(ZERO, weight - deducted)
        return score, (
            f"{fixed(weight)} − {fixed(self.per_unit)} × {fixed(quantize_half_up(units, 4))} "
            f"= {fixed(score)}"
        )


@attrs.frozen(kw_only=True)
class Checklist:
    """weight − per_violation × violations, floored at 0."""

    violations: int | None = None
    per_violation: Decimal = attrs.field(default=Decimal(1), converter=_per_violation)

    kind = "checklist"

    def __attrs_post_init__(self) -> None:
        violations = self.violations
        if violations is not None and (
            isinstance(violations, bool) or not isinstance(violations, int) or violations < 0
        ):
            raise InvalidAmountError(
                "violations must be a whole count ≥ 0", field="violations", value=violations
            )

    def points(self, weight: Decimal) -> tuple[Decimal | None, str]:
        if self.violations is None:
            return None, "violations blank"
        score = max(ZERO, weight - self.per_violation * self.violations)
        shown = f"{fixed(weight)} − {fixed(self.per_violation)} × {self.violations}"
        return score, f"{shown} = {fixed(score)}"


@attrs.frozen(kw_only=True)
class Judged:
    """The evaluator's score, kept within [0, weight]."""

    score: Decimal | None = amount_field()

    kind = "judged"

    def points(self, weight: Decimal) -> tuple[Decimal | None, str]:
        if self.score is None:
            return None, "judged score blank"
        return min(self.score, weight), f"judged {fixed(self.score)}"


@attrs.frozen(kw_only=True)
class IndicatorRule:
    """A project-style indicator row scored by the policy's indicator rules."""

    indicator: Indicator = attrs.field(validator=instances(Indicator))

    kind = "indicator"

    def points(
        self, weight: Decimal, policy: Policy | str = "mof-2020"
    ) -> tuple[Decimal | None, str]:
        row = attrs.evolve(self.indicator, weight=weight)  # the node's weight is the row's
        result = score_indicator(row, policy)
        return result.score, result.formula or result.rule.value


#: The rule kinds a leaf may carry.
LeafRule = Bands | Deduction | Checklist | Judged | IndicatorRule


def _children(value: Iterable[Node]) -> tuple[Node, ...]:
    children: tuple[Node, ...] = tuple_of(Node, "children")(value)
    return children


def _check_children(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    instances(Node)(instance, attribute, value)  # Node is defined below; looked up when called


@attrs.frozen(kw_only=True)
class Node:
    """One node of an evaluation tree: children, or a leaf rule."""

    name: str = name_field()
    weight: Decimal | None = points_field()
    children: tuple[Node, ...] = attrs.field(
        default=(), converter=_children, validator=_check_children
    )
    rule: LeafRule | None = attrs.field(
        default=None,
        validator=instances((Bands, Deduction, Checklist, Judged, IndicatorRule), optional=True),
    )
    printed_score: Decimal | None = points_field()
    """The score the evaluation printed for this node, if any."""
    note: str | None = note_field()

    def __attrs_post_init__(self) -> None:
        if self.children and self.rule is not None:
            raise InvalidAmountError(
                "a node has either children or a rule, not both", field="rule", row=self.name
            )


@attrs.frozen(kw_only=True)
class NodeScore:
    """A scored node and its scored children."""

    node: Node
    score: Decimal | None
    """The rule's score, or the sum of the children's (``None`` if any is missing)."""
    formula: str
    children: tuple[NodeScore, ...] = ()

    def walk(self, path: str = "tree") -> Iterable[tuple[str, NodeScore]]:
        """Every node with its path (``tree.children[1].children[0]``), depth first."""
        yield path, self
        for index, child in enumerate(self.children):
            yield from child.walk(f"{path}.children[{index}]")


@private_context
def score_node(node: Node, policy: Policy | str = "mof-2020") -> NodeScore:
    """Score *node* and everything under it, under *policy* (a Policy or its id)."""
    instances(Node)(None, _NODE, node)
    policy = resolve_policy(policy)
    if node.children:
        children = tuple(score_node(child, policy) for child in node.children)
        parts = [child.score for child in children]
        missing = any(part is None for part in parts)
        total = None if missing else add(*(p for p in parts if p is not None))
        return NodeScore(node=node, score=total, formula="sum of children", children=children)
    if node.rule is None or node.weight is None:
        reason = "no rule" if node.rule is None else "no weight"
        return NodeScore(node=node, score=None, formula=reason)
    if isinstance(node.rule, IndicatorRule):
        score, formula = node.rule.points(node.weight, policy)
    else:
        score, formula = node.rule.points(node.weight)
    return NodeScore(node=node, score=None if score is None else _two(score), formula=formula)


def _two(score: Decimal) -> Decimal:
    """*score* as is when it has at most 2 decimals, else rounded half up to 2."""
    return score if decimal_places(score) <= 2 else quantize_half_up(score, 2)


def _weights_finding(path: str, node: Node) -> Finding | None:
    weights = [child.weight for child in node.children]
    if node.weight is None or any(weight is None for weight in weights):
        return None
    summed = add(*(w for w in weights if w is not None))
    if summed == node.weight:
        return None
    return Finding.make(
        "weights-mismatch",
        f"{path}.weight",
        f"{node.name}: the children's weights add up to {fixed(summed)}, not {fixed(node.weight)}",
        f"{node.name}：下级指标分值合计 {fixed(summed)}，与本级分值 {fixed(node.weight)} 不符",
        severity=Severity.ERROR,
        printed=node.weight,
        computed=summed,
    )


_NODE = attrs.fields(NodeScore).node


def _node_findings(path: str, item: NodeScore, policy: Policy) -> list[Finding]:
    node, score = item.node, item.score
    name, weight, printed = node.name, node.weight, node.printed_score
    found: list[Finding] = []
    if node.children:
        check = _weights_finding(path, node)
        if check is not None:
            found.append(check)
    if weight is None:
        found.append(
            Finding.make("missing-value", f"{path}.weight", f"{name}: the weight is blank",
               f"{name}：分值为空", severity=Severity.WARNING)
        )  # fmt: skip
    elif not node.children and score is None:
        found.append(
            Finding.make("missing-value", f"{path}.rule", f"{name}: no score ({item.formula})",
               f"{name}：无法计分（{item.formula}）", severity=Severity.WARNING)
        )  # fmt: skip
    if printed is not None and weight is not None and exceeds_weight(printed, weight):
        found.append(
            Finding.make("score-exceeds-weight", f"{path}.printed_score",
               f"{name}: printed score {fixed(printed)} is above the weight {fixed(weight)}",
               f"{name}：表中得分 {fixed(printed)} 超过分值 {fixed(weight)}",
               severity=Severity.ERROR, printed=printed, computed=weight)
        )  # fmt: skip
    if printed is not None and score is not None and not agrees(printed, score, policy):
        found.append(
            Finding.make("score-mismatch", f"{path}.printed_score",
               f"{name}: printed score {fixed(printed)} differs from the computed "
               f"{fixed(score)} ({item.formula})",
               f"{name}：表中得分 {fixed(printed)} 与计算值 {fixed(score)} 不符",
               severity=Severity.ERROR, printed=printed, computed=score)
        )  # fmt: skip
    lost = score is not None and weight is not None and note_required(score, weight, None)
    if not node.children and lost and score is not None and weight is not None and not node.note:
        found.append(
            Finding.make("missing-deviation-note", f"{path}.note",
               f"{name} scored {fixed(score)} of {fixed(weight)} with no note",
               f"{name} 得分 {fixed(score)}（分值 {fixed(weight)}）失分，未说明原因",
               severity=Severity.WARNING, printed=score, computed=weight)
        )  # fmt: skip
    return found


@private_context
def audit_tree(
    root: Node, policy: Policy | str = "mof-2020"
) -> tuple[NodeScore, tuple[Finding, ...], GradeBand | None]:
    """Score *root*, check its weights, printed scores and notes, and grade it."""
    policy = resolve_policy(policy)
    scored = score_node(root, policy)
    findings = [
        finding for path, item in scored.walk() for finding in _node_findings(path, item, policy)
    ]
    grade = None if scored.score is None else policy.grades.grade(scored.score)
    return scored, tuple(findings), grade
