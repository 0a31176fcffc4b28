"""Laws every scoring implementation must obey, as plain functions.

Call them inside your own Hypothesis tests, fed by :mod:`perfeval.testing.strategies`, to
check a scorer of your own (a budget system's, a province's variant) against the rules
perfeval implements. Each law raises :class:`LawViolation` (an ``AssertionError``) with a
message saying what broke, on which input.

The protocols are plain callables over perfeval's types:

- an *indicator scorer* takes an :class:`~perfeval.indicators.Indicator` and returns its
  score (``Decimal`` or ``None``);
- a *table scorer* takes a :class:`~perfeval.table.Table` and returns
  ``(row_scores, total)``: the funds score and every indicator score, and the total;
- a *grader* takes a total and returns a grade label;
- an *auditor* takes a table and returns findings: objects with ``code``, ``where`` and
  ``severity`` attributes, or ``(code, where)`` pairs (taken as errors).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs

from perfeval.audit import audit
from perfeval.cells import is_not_applicable, is_placeholder
from perfeval.grades import NATIONAL_GRADES, GradeScale
from perfeval.indicators import Indicator
from perfeval.number import add, fixed
from perfeval.policy import MOF_2020, Policy
from perfeval.scoring import Rule, score_indicator
from perfeval.table import Table
from perfeval.targets import (
    READING_TYPES,
    Achievement,
    Band,
    Blank,
    Comparison,
    Deadline,
    Qualitative,
    Reading,
    Unreadable,
)

__all__ = [
    "Auditor",
    "Grader",
    "IndicatorScorer",
    "LawViolation",
    "TableScorer",
    "check_agrees_with_perfeval",
    "check_audit_clean",
    "check_catches_fault",
    "check_grade_bands",
    "check_monotone",
    "check_negation_not_met",
    "check_read_or_unreadable",
    "check_score_within_weight",
    "check_time_limit_monotone",
    "check_total_is_sum",
    "check_tree",
    "perfeval_auditor",
    "perfeval_scorer",
    "perfeval_table_scorer",
]

IndicatorScorer = Callable[[Indicator], Decimal | None]
Parser = Callable[[str], Reading]
TableScorer = Callable[[Table], tuple[Sequence[Decimal | None], Decimal]]
Grader = Callable[[Decimal], str]
Auditor = Callable[[Table], Iterable[Any]]


class LawViolation(AssertionError):
    """A scoring implementation broke one of the laws."""


def _show(value: Decimal | None) -> str:
    return "None" if value is None else fixed(value)


def perfeval_scorer(policy: Policy = MOF_2020) -> IndicatorScorer:
    """perfeval's own indicator scorer under *policy*, as a reference."""
    return lambda indicator: score_indicator(indicator, policy).score


def perfeval_table_scorer(policy: Policy = MOF_2020) -> TableScorer:
    """perfeval's own table scorer under *policy*: ``(row_scores, total)``."""
    from perfeval.table import score_table

    def scorer(table: Table) -> tuple[Sequence[Decimal | None], Decimal]:
        card = score_table(table, policy)
        funds = [] if card.funds is None else [card.funds.score]
        return [*funds, *(row.score for row in card.indicators)], card.total

    return scorer


def perfeval_auditor(policy: Policy = MOF_2020) -> Auditor:
    """perfeval's own auditor under *policy*."""
    return lambda table: audit(table, policy).findings


def check_score_within_weight(scorer: IndicatorScorer, indicator: Indicator) -> Decimal | None:
    """0 ≤ score ≤ weight (a row without a weight may carry no score)."""
    score = scorer(indicator)
    weight = indicator.weight
    if score is None:
        return None
    if score < 0:
        raise LawViolation(f"{indicator.name}: score {_show(score)} is negative")
    if weight is not None and score > weight:
        raise LawViolation(
            f"{indicator.name}: score {_show(score)} exceeds the weight {_show(weight)} "
            f"(target {indicator.target!s}, actual {indicator.actual!s})"
        )
    return score


def check_monotone(
    scorer: IndicatorScorer,
    indicator: Indicator,
    *,
    step: Decimal,
    policy: Policy = MOF_2020,
) -> None:
    """Raising a numeric actual by *step* never lowers a positive row's score and never
    raises a reverse row's score. Rows that are not numeric, symmetric, or bands are
    skipped."""
    actual = indicator.actual
    if not isinstance(actual, Comparison) or step < 0 or isinstance(indicator.target, Band):
        return  # a band is met inside it: no direction to be monotone in
    rule = score_indicator(indicator, policy).rule
    if rule not in (Rule.POSITIVE, Rule.REVERSE) and not (
        rule is Rule.EQUAL and policy.equal_form == "positive"
    ):
        return
    bigger = attrs.evolve(
        indicator, actual=Comparison(actual.direction, actual.value + step, actual.unit)
    )
    before, after = scorer(indicator), scorer(bigger)
    if before is None or after is None:
        return
    if rule is Rule.REVERSE and after > before:
        raise LawViolation(
            f"{indicator.name}: reverse target {indicator.target!s}: the score rose from "
            f"{_show(before)} to {_show(after)} as the actual grew from {fixed(actual.value)} "
            f"to {fixed(actual.value + step)}"
        )
    if rule is not Rule.REVERSE and after < before:
        raise LawViolation(
            f"{indicator.name}: positive target {indicator.target!s}: the score fell from "
            f"{_show(before)} to {_show(after)} as the actual grew from {fixed(actual.value)} "
            f"to {fixed(actual.value + step)}"
        )


def check_agrees_with_perfeval(
    scorer: IndicatorScorer, indicator: Indicator, policy: Policy = MOF_2020
) -> None:
    """The scorer gives the same score as perfeval under *policy*."""
    expected = score_indicator(indicator, policy)
    got = scorer(indicator)
    if got != expected.score:
        raise LawViolation(
            f"{indicator.name}: score {_show(got)}, perfeval gives {_show(expected.score)} "
            f"({expected.rule.value}: {expected.formula or expected.explain('en')})"
        )


def check_total_is_sum(scorer: TableScorer, table: Table) -> Decimal:
    """The total equals the sum of the row scores (funds included)."""
    parts, total = scorer(table)
    expected = add(*(part for part in parts if part is not None))
    if total != expected:
        raise LawViolation(
            f"{table.project}: total {_show(total)} is not the sum of its rows, {_show(expected)}"
        )
    return total


def check_grade_bands(
    grader: Grader,
    low: Decimal,
    high: Decimal,
    scale: GradeScale = NATIONAL_GRADES,
) -> None:
    """Grades never fall as the total rises, and each band includes its lower bound."""
    order = [band.label for band in scale.bands]

    def rank(total: Decimal) -> int:
        label = grader(total)
        if label not in order:
            raise LawViolation(f"grade {label!r} for {_show(total)} is not on the scale")
        return order.index(label)

    low, high = min(low, high), max(low, high)
    if rank(high) > rank(low):
        raise LawViolation(
            f"grade {grader(high)!r} for {_show(high)} is below {grader(low)!r} for {_show(low)}"
        )
    for band in scale.bands:
        if band.lower is not None and grader(band.lower) != band.label:
            raise LawViolation(
                f"a total of exactly {_show(band.lower)} is graded {grader(band.lower)!r}, "
                f"not {band.label!r}: the band must include its lower bound"
            )


def _findings(auditor: Auditor, table: Table) -> list[tuple[str, str, str]]:
    found = []
    for item in auditor(table):
        if isinstance(item, tuple):
            code, where = item
            found.append((str(code), str(where), "error"))
        else:
            severity = getattr(item, "severity", "error")
            found.append((item.code, item.where, str(getattr(severity, "value", severity))))
    return found


def check_audit_clean(auditor: Auditor, table: Table) -> None:
    """A table printed from correct scores gives no warning or error."""
    dirty = [f for f in _findings(auditor, table) if f[2] in ("error", "warning")]
    if dirty:
        raise LawViolation(f"{table.project}: a correctly printed table was flagged: {dirty}")


def check_catches_fault(auditor: Auditor, table: Table, code: str, where: str) -> None:
    """The auditor reports *code* at *where* (a planted fault)."""
    found = _findings(auditor, table)
    if not any(c == code and w == where for c, w, _ in found):
        raise LawViolation(f"{table.project}: the fault {code} at {where} was missed; got {found}")


def check_tree(scorer: Callable[[Any], Any], root: Any) -> None:
    """A department tree scorer (``scorer(root) -> NodeScore``): every node's score lies in
    [0, weight], and every parent's score is the sum of its children's."""
    scored = scorer(root)
    for path, item in scored.walk():
        weight, score = item.node.weight, item.score
        if score is not None and (score < 0 or (weight is not None and score > weight)):
            raise LawViolation(
                f"{path} ({item.node.name}): score {_show(score)} outside [0, {_show(weight)}]"
            )
        parts = [child.score for child in item.children]
        if parts and score is not None and None not in parts:
            expected = add(*(p for p in parts if p is not None))
            if score != expected:
                raise LawViolation(
                    f"{path} ({item.node.name}): score {_show(score)} is not the sum of its "
                    f"children, {_show(expected)}"
                )


def check_time_limit_monotone(
    scorer: IndicatorScorer, indicator: Indicator, *, step: Decimal
) -> None:
    """A time limit ("30天内完成") is an upper limit: taking *step* more time (days, hours …)
    never scores more. Rows whose target is not a time limit, or whose actual is not a
    number, are skipped. The check does not ask perfeval which rule applies, so it catches a
    scorer that reads the limit as a quantity to reach."""
    target, actual = indicator.target, indicator.actual
    if not (isinstance(target, Comparison) and target.time_limit) or step < 0:
        return
    if not isinstance(actual, Comparison):
        return
    slower = attrs.evolve(
        indicator,
        actual=Comparison(actual.direction, actual.value + step, actual.unit, time_limit=True),
    )
    before, after = scorer(indicator), scorer(slower)
    if before is not None and after is not None and after > before:
        raise LawViolation(
            f"{indicator.name}: time limit {target!s}: taking {fixed(actual.value + step)} "
            f"instead of {fixed(actual.value)} raised the score from {_show(before)} to "
            f"{_show(after)}"
        )


def _states_met(reading: Reading) -> bool:
    if isinstance(reading, Qualitative):
        return reading.achievement is Achievement.MET
    if isinstance(reading, Deadline):
        return not reading.dated and reading.on_time is True
    return False


def check_negation_not_met(parse: Parser, text: str) -> Reading:
    """A statement that denies what would be met ("效果不明显", "未能按时完成") is never read
    as met: it states not met, partly met, lateness, or nothing the grammar can place."""
    reading = parse(text)
    if _states_met(reading):
        raise LawViolation(f"the negated statement {text!r} was read as met: {reading!r}")
    return reading


def check_read_or_unreadable(parse: Parser, text: str) -> Reading:
    """A phrase is read or reported unreadable, never dropped: the reading keeps the text as
    printed, says what it was read as (``describe`` in en and zh_CN), an unreadable one says
    why, and only a placeholder or a not-applicable word (:mod:`perfeval.cells`) reads as
    blank."""
    reading = parse(text)
    if not isinstance(reading, READING_TYPES):
        raise LawViolation(f"{text!r} gave {reading!r}, not a reading")
    if reading.text != text:
        raise LawViolation(f"{text!r} was read as {reading!r}, which keeps {reading.text!r}")
    if not reading.describe("en") or not reading.describe("zh_CN"):
        raise LawViolation(f"{text!r}: the reading {reading!r} does not say what it is")
    if isinstance(reading, Unreadable) and not reading.reason:
        raise LawViolation(f"{text!r} is unreadable without a reason")
    blank_words = is_placeholder(text) or is_not_applicable(text)  # the one vocabulary
    if isinstance(reading, Blank) and not blank_words:
        raise LawViolation(f"{text!r} was dropped as blank")
    return reading
