"""Laws every scoring implementation must obey, as plain functions.

Call them inside your own Hypothesis tests, fed by :mod:`perfeval.testing.strategies`, or
let :func:`perfeval.testing.verify` run every one that applies. Each law raises
:class:`LawViolation` (an ``AssertionError``) with a message saying what broke, on which
input.

Most laws are **oracle-free**: they check a rule as the policy declares it (its
formulas, cap, weights, tiers, grade scale, rescaling) without asking perfeval for the
answer, so a bug that perfeval shares would still be caught. The ``check_agrees_*`` laws
are the differential check against perfeval under a policy.

The parts a scorer of your own may implement are the protocols below:
:class:`IndicatorScorer` (given the table's year), :class:`FundsScorer`,
:class:`TableScorer` (returning :class:`TableScores`), :class:`Grader` (a total's grade),
:class:`TableGrader` (a table's grade, ``None`` while missing rows could change it) and
:class:`Auditor`.

What a law holds a scorer to, beyond the formulas of docs/rules.md:

- a judged score (the evaluator's, for qualitative rows, missed deadlines, blank or
  unreadable cells and units that disagree) is the printed score capped at the weight;
- the two cells are read in one unit as :func:`perfeval.targets.settle_units` settles
  them (the reading step): units of one kind convert (元 / 千元 / 万元 / 亿元, % / ‰,
  小时 / 天 …); a number printed without a unit beside one is read in it, or as a
  fraction, only when that one reading agrees; units that do not settle make the row
  judged;
- a 无 row has no score (``None``), not 0, and its weight is not available points;
- a row the policy's rules compute never has ``None`` for its score.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Protocol, TypeVar

import attrs

from perfeval.audit import audit
from perfeval.cells import is_blank, is_not_applicable, is_placeholder
from perfeval.errors import PerfevalError
from perfeval.formulas import FORMULAS, Formula, Role, column_of, ratio_of
from perfeval.funds import FundBlock, FundRow, score_funds
from perfeval.grades import NATIONAL_GRADES, GradeBand, GradeScale
from perfeval.groups import COST, COSTS
from perfeval.indicators import Indicator
from perfeval.number import add, fixed, half_up, normalize_text, ratio_half_up
from perfeval.policy import MOF_2020, Policy, resolve_policy
from perfeval.scoring import score_indicator
from perfeval.table import Table
from perfeval.targets import (
    READING_TYPES,
    UNITS,
    Achievement,
    Band,
    Blank,
    Comparison,
    Deadline,
    Direction,
    NotApplicable,
    Qualitative,
    Reading,
    Unit,
    UnitChoice,
    UnitConflict,
    Unreadable,
    names_qualitative,
    settle_band,
    settle_units,
)

__all__ = [
    "Auditor",
    "ColumnReader",
    "Expected",
    "Explainer",
    "FundsExplainer",
    "FundsScorer",
    "Grader",
    "IndicatorScorer",
    "LawViolation",
    "Reader",
    "TableGrader",
    "TableScorer",
    "TableScores",
    "check_agrees_with_perfeval",
    "check_audit_clean",
    "check_catches_fault",
    "check_columns_read_as_cell",
    "check_deadline",
    "check_formula_described",
    "check_funds_agree_with_perfeval",
    "check_funds_explained",
    "check_funds_score",
    "check_funds_unit_invariance",
    "check_grade_bands",
    "check_grade_labels",
    "check_judged_rows",
    "check_met_scores_weight",
    "check_missed_by_formula",
    "check_monotone",
    "check_negation_not_met",
    "check_not_applicable",
    "check_read_or_unreadable",
    "check_reading_agrees_with_perfeval",
    "check_refused",
    "check_reprint_read_alike",
    "check_row_explained",
    "check_row_order",
    "check_rows_in_table",
    "check_score_within_weight",
    "check_table_agrees_with_perfeval",
    "check_table_grade",
    "check_time_limit_monotone",
    "check_total_is_sum",
    "check_tree",
    "check_unit_invariance",
    "expected_row",
    "indicator_caller",
    "perfeval_auditor",
    "perfeval_column_reader",
    "perfeval_explainer",
    "perfeval_funds_explainer",
    "perfeval_funds_scorer",
    "perfeval_reader",
    "perfeval_scorer",
    "perfeval_table_grader",
    "perfeval_table_scorer",
    "policy_formulas",
    "printed_grades",
    "same_reading",
    "stated_figures",
    "table_weights",
]


class LawViolation(AssertionError):
    """A scoring implementation broke one of the laws."""


# The parts a scorer may implement ---------------------------------------------------------


class IndicatorScorer(Protocol):
    """Scores one indicator row; *year* is its table's year (a deadline printed without a
    year takes it). ``None`` when the row carries no score (无, or a judged row whose
    score is blank). A callable taking the row alone is accepted too (see
    :func:`indicator_caller`)."""

    def __call__(self, indicator: Indicator, /, *, year: int | None = None) -> Decimal | None:
        """The row's score."""
        ...


class FundsScorer(Protocol):
    """Scores a fund block (项目资金): its execution score, ``None`` when the rate is
    undefined or no weight applies."""

    def __call__(self, block: FundBlock, /) -> Decimal | None:
        """The funds score."""
        ...


def _score_tuple(values: Iterable[Decimal | None]) -> tuple[Decimal | None, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class TableScores:
    """What a table scorer returns: the funds score, every indicator row's score in table
    order (``None`` for a row without one) and the total."""

    funds: Decimal | None
    indicators: tuple[Decimal | None, ...] = attrs.field(converter=_score_tuple)
    total: Decimal


class TableScorer(Protocol):
    """Scores a whole table: :class:`TableScores` (or the older ``(row_scores, total)``
    pair, funds first when the table has a fund block)."""

    def __call__(self, table: Table, /) -> TableScores | tuple[Sequence[Decimal | None], Decimal]:
        """The table's scores."""
        ...


class Grader(Protocol):
    """The grade label of a total (``"优"``)."""

    def __call__(self, total: Decimal, /) -> str:
        """The grade."""
        ...


class TableGrader(Protocol):
    """The grade label of a table; ``None`` while rows without a score could change it."""

    def __call__(self, table: Table, /) -> str | None:
        """The grade, or ``None``."""
        ...


class Auditor(Protocol):
    """Audits a table: findings with ``code``, ``where`` and ``severity`` attributes, or
    ``(code, where)`` pairs (taken as errors)."""

    def __call__(self, table: Table, /) -> Iterable[Any]:
        """The findings."""
        ...


class Reader(Protocol):
    """Reads a printed target cell (*target* true) or actual cell into a reading of
    :mod:`perfeval.targets`."""

    def __call__(self, text: str, /, *, target: bool = False) -> Reading:
        """The reading of *text*."""
        ...


Parser = Callable[[str], Reading]
_Out = TypeVar("_Out")


def perfeval_reader(text: str, /, *, target: bool = False) -> Reading:
    """perfeval's own reader: :func:`~perfeval.targets.parse_target` or
    :func:`~perfeval.targets.parse_actual`."""
    from perfeval.targets import parse_actual, parse_target

    return parse_target(text) if target else parse_actual(text)


def check_reading_agrees_with_perfeval(
    reader: Reader | Callable[..., Reading], text: str, *, target: bool = False
) -> None:
    """The reader reads *text* as perfeval does: the same kind and the same values."""
    got = reader(text, target=target)
    expected = perfeval_reader(text, target=target)
    if got != expected:
        cell = "target" if target else "actual"
        raise LawViolation(f"the {cell} {text!r} was read as {got!r}, perfeval reads {expected!r}")


def indicator_caller(
    scorer: Callable[..., _Out],
) -> Callable[[Indicator, int | None], _Out]:
    """*scorer* as a function of (row, year): it is given ``year=`` when it takes a
    ``year`` keyword (an :class:`IndicatorScorer`), else the row alone."""
    try:
        parameters = inspect.signature(scorer).parameters.values()
    except (TypeError, ValueError):  # a builtin without a signature: the row alone
        parameters = ()  # type: ignore[assignment]
    takes_year = any(
        p.name == "year" or p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters
    )
    if takes_year:
        return lambda row, year: scorer(row, year=year)
    return lambda row, _year: scorer(row)


def _show(value: object) -> str:
    if value is None:
        return "None"
    if isinstance(value, Decimal):
        return fixed(value)
    if isinstance(value, Fraction):
        return f"{fixed(Decimal(value.numerator) / Decimal(value.denominator), 6)}…"
    return str(value)


def _row(indicator: Indicator) -> str:
    return (
        f"{indicator.name} ({indicator.level2 or '—'}): target {indicator.target!s}, "
        f"actual {indicator.actual!s}, weight {_show(indicator.weight)}, "
        f"printed score {_show(indicator.score)}"
    )


# perfeval's own parts, as references ------------------------------------------------------


def perfeval_scorer(policy: Policy | str = MOF_2020) -> IndicatorScorer:
    """perfeval's own indicator scorer under *policy*, as a reference."""
    chosen = resolve_policy(policy)

    def scorer(indicator: Indicator, /, *, year: int | None = None) -> Decimal | None:
        return score_indicator(indicator, chosen, year=year).score

    return scorer


def perfeval_funds_scorer(policy: Policy | str = MOF_2020) -> FundsScorer:
    """perfeval's own funds scorer under *policy*."""
    chosen = resolve_policy(policy)
    return lambda block: score_funds(block, chosen).score


def perfeval_table_scorer(policy: Policy | str = MOF_2020) -> TableScorer:
    """perfeval's own table scorer under *policy*: :class:`TableScores`."""
    from perfeval.table import score_table

    chosen = resolve_policy(policy)

    def scorer(table: Table) -> TableScores:
        card = score_table(table, chosen)
        return TableScores(
            funds=None if card.funds is None else card.funds.score,
            indicators=[row.score for row in card.rows],
            total=card.total,
        )

    return scorer


def perfeval_table_grader(policy: Policy | str = MOF_2020) -> TableGrader:
    """perfeval's own table grader under *policy*."""
    from perfeval.table import score_table

    chosen = resolve_policy(policy)

    def grader(table: Table) -> str | None:
        band = score_table(table, chosen).grade
        return None if band is None else band.label

    return grader


def perfeval_auditor(policy: Policy | str = MOF_2020) -> Auditor:
    """perfeval's own auditor under *policy*."""
    chosen = resolve_policy(policy)
    return lambda table: audit(table, chosen).findings


# The rules as the policy declares them -----------------------------------------------------


@attrs.frozen(kw_only=True)
class Expected:
    """What the policy's rules say one row scores, found without perfeval's scorer."""

    rule: str
    """``not-applicable``, ``unscored``, ``met``, ``formula``, ``zero-target``,
    ``judged``, ``deadline-met`` or ``deadline-late``."""
    score: Decimal | None
    why: str
    exact: Fraction | None = None
    """The formula's exact value, for ``formula`` rows."""
    figures: tuple[Decimal, ...] = ()
    """The numbers the rule used, which an explanation of the score states: the weight,
    the target and the actual as compared (in one unit), a range's bound."""
    formula: str = ""
    """For ``formula`` rows, the computation as the policy's formula describes it
    (:meth:`~perfeval.formulas.Formula.describe` with the row's numbers)."""


def _direction(indicator: Indicator, target: Comparison, policy: Policy) -> Direction:
    if target.direction is not None:
        return target.direction
    group = indicator.level2_group
    if group is None and indicator.level1_group is COSTS:  # the 2023 template's 成本指标
        group = COST
    return (
        Direction.LE if group is not None and group.key in policy.reverse_level2 else (Direction.GE)
    )


def _capped(printed: Decimal | None, weight: Decimal) -> Decimal | None:
    return None if printed is None else min(printed, weight)


def _judged(indicator: Indicator, weight: Decimal, why: str) -> Expected:
    return Expected(rule="judged", score=_capped(indicator.score, weight), why=why)


def _statement(target: Reading, actual: Reading) -> Achievement | None:
    """The tier an actual states against its target (the same statement is met)."""
    if isinstance(actual, Qualitative):
        if isinstance(target, Qualitative) and _fold(target.statement) == _fold(actual.statement):
            return Achievement.MET
        return actual.achievement
    if isinstance(actual, Deadline) and not actual.dated and actual.on_time is not None:
        return Achievement.MET if actual.on_time else Achievement.NOT_MET
    return None


def _fold(text: str) -> str:
    from perfeval.number import normalize_text

    return "".join(normalize_text(text).split()).rstrip("。.")


def _half_up(value: Fraction) -> Decimal:
    return half_up(value.numerator, value.denominator)


def _quantitative(
    indicator: Indicator, target: Comparison, actual: Comparison, policy: Policy, weight: Decimal
) -> Expected:
    settled = settle_units(target, actual)  # the reading step: one unit for both cells
    if isinstance(settled, UnitConflict):
        return _judged(indicator, weight, f"units {target!s} and {actual!s} do not settle")
    if isinstance(settled, UnitChoice):
        a, t = settled.actual, settled.target
    else:
        a, t = settled, target.value
    direction = _direction(indicator, target, policy)
    strict = policy.strict_operators == "strict" and direction.strict
    role: Role
    if direction is Direction.EQ and policy.equal_form != "positive":
        role, met = "equal", a == t
    elif direction.reverse:
        role, met = "reverse", (a < t if strict else a <= t)
    else:
        role, met = "positive", (a > t if strict else a >= t)
    shown = f"{_show(a)} against {direction.value}{_show(t)}"
    if met:
        return Expected(
            rule="met", score=weight, why=f"{shown} is met: the weight", figures=(weight, t, a)
        )
    if t <= 0:
        return Expected(
            rule="zero-target",
            score=Decimal(0),
            why=f"{shown} missed a target ≤ 0",
            figures=(t, a),
        )
    formula = policy.formula(role)
    exact = formula.value(weight, t, a)
    rounded = _half_up(exact)
    if exact >= weight or (strict and rounded >= weight):
        return _judged(indicator, weight, f"{shown} is missed, yet the formula gives the weight")
    return Expected(
        rule="formula",
        score=rounded,
        exact=exact,
        why=f"{shown} is missed: the {policy.formula_id(role)!r} {role} formula gives "
        f"{_show(exact)}, half up {_show(rounded)}",
        figures=(weight, t, a),
        formula=formula.describe(weight, t, a),
    )


def _band(indicator: Indicator, target: Band, actual: Reading, weight: Decimal) -> Expected:
    settled = settle_band(target, actual) if isinstance(actual, Comparison) else None
    if settled is None or isinstance(settled, UnitConflict):
        return _judged(indicator, weight, f"the actual {actual!s} is not a number in its unit")
    value, low, high = settled.actual, settled.low, settled.high
    if low <= value <= high:
        return Expected(
            rule="met",
            score=weight,
            why=f"{_show(value)} lies in {target!s}",
            figures=(low, value, high),
        )
    if value < low:
        exact = Fraction(weight) * Fraction(value) / Fraction(low) if low > 0 else Fraction(0)
        bound = low
    else:
        exact = Fraction(weight) * Fraction(high) / Fraction(value)
        bound = high
    exact = max(exact, Fraction(0))
    return Expected(
        rule="formula",
        score=_half_up(exact),
        exact=exact,
        why=f"{_show(value)} lies outside {target!s}: {_show(exact)}",
        figures=(weight, value, bound),
    )


def _deadline(indicator: Indicator, weight: Decimal, year: int | None) -> Expected:
    target, actual = indicator.target, indicator.actual
    if (
        isinstance(target, Deadline)
        and isinstance(actual, Deadline)
        and (target.dated and actual.dated)
    ):
        done, due = actual.key(year), target.key(year)
        if done <= due:
            return Expected(rule="deadline-met", score=weight, why=f"done {done} by {due}")
        return Expected(
            rule="deadline-late",
            score=_capped(indicator.score, weight),
            why=f"done {done} after {due}: the judged score",
        )
    stated = _statement(target, actual)
    if stated is Achievement.MET:
        return Expected(rule="deadline-met", score=weight, why=f"{actual!s} says on time")
    if stated is None:
        return _judged(indicator, weight, f"{actual!s} cannot be compared with {target!s}")
    return Expected(
        rule="deadline-late", score=_capped(indicator.score, weight), why=f"{actual!s}: late"
    )


def expected_row(
    indicator: Indicator,
    policy: Policy | str = MOF_2020,
    *,
    year: int | None = None,
    weight: Decimal | None = None,
) -> Expected:
    """What *policy*'s rules say *indicator* scores (with *weight* in place of the printed
    one, as a policy with ``indicator_points`` gives it), found from the readings and the
    policy alone: the oracle the oracle-free laws share."""
    chosen = resolve_policy(policy)
    used = indicator.weight if weight is None else weight
    target, actual = indicator.target, indicator.actual
    if isinstance(target, NotApplicable) or (
        is_blank(indicator.name) and (used is None or used.is_zero())
    ):
        return Expected(rule="not-applicable", score=None, why="a 无 row is left out")
    if used is None or used.is_zero():
        return Expected(rule="unscored", score=None, why="a row without a weight has no score")
    if isinstance(target, Comparison) and isinstance(actual, Comparison):
        return _quantitative(indicator, target, actual, chosen, used)
    if isinstance(target, Blank | Unreadable):
        return _judged(indicator, used, f"the target {target!s} is blank or unreadable")
    if isinstance(target, Qualitative) or (
        isinstance(actual, Qualitative) and isinstance(target, Comparison)
    ):
        return _judged(indicator, used, "a statement: the evaluator's score, capped")
    if isinstance(actual, Blank | Unreadable):
        return _judged(indicator, used, f"the actual {actual!s} is blank or unreadable")
    if isinstance(target, Deadline) or (
        isinstance(target, Comparison)
        and target.time_limit
        and isinstance(actual, Deadline)
        and not actual.dated
    ):
        return _deadline(indicator, used, year)
    if isinstance(target, Band):
        return _band(indicator, target, actual, used)
    return _judged(indicator, used, f"the actual {actual!s} is not a number to compare")


def _expect(
    scorer: Callable[..., Decimal | None],
    indicator: Indicator,
    policy: Policy | str,
    year: int | None,
    rules: Sequence[str],
    law: str,
) -> Decimal | None:
    expected = expected_row(indicator, policy, year=year)
    if expected.rule not in rules:
        return None
    got = indicator_caller(scorer)(indicator, year)
    if got is None and expected.score is None:
        return None
    if got is None or expected.score is None or got != expected.score:
        raise LawViolation(
            f"{law}: {_row(indicator)}: score {_show(got)}, the rule gives "
            f"{_show(expected.score)} ({expected.why}){_rounding_hint(got, expected)}"
        )
    return got


def _rounding_hint(got: Decimal | None, expected: Expected) -> str:
    exact = expected.exact
    if got is None or exact is None or expected.score is None:
        return ""
    thousandths = exact * 1000
    half_cent = thousandths.denominator == 1 and thousandths.numerator % 10 == 5
    if half_cent and got == expected.score - Decimal("0.01"):
        return "; an exact half cent must round up (四舍五入), not half to even or down"
    return ""


# Indicator laws ----------------------------------------------------------------------------


def check_score_within_weight(
    scorer: Callable[..., Decimal | None],
    indicator: Indicator,
    *,
    policy: Policy | str | None = None,
    year: int | None = None,
) -> Decimal | None:
    """0 ≤ score ≤ weight; with *policy*, a row its rules compute (a met or missed
    number, a range, a deadline met) never scores ``None``."""
    score = indicator_caller(scorer)(indicator, year)
    weight = indicator.weight
    if score is None:
        if policy is not None:
            expected = expected_row(indicator, policy, year=year)
            if expected.score is not None and expected.rule != "judged":
                raise LawViolation(
                    f"{_row(indicator)}: no score, but the rules compute one ({expected.why})"
                )
        return None
    if score < 0:
        raise LawViolation(f"{_row(indicator)}: score {_show(score)} is negative")
    if weight is not None and score > weight:
        raise LawViolation(
            f"{indicator.name}: score {_show(score)} exceeds the weight {_show(weight)} "
            f"(target {indicator.target!s}, actual {indicator.actual!s})"
        )
    return score


def check_not_applicable(
    scorer: Callable[..., Decimal | None], indicator: Indicator, *, year: int | None = None
) -> None:
    """A 无 row ("无" target, or named 无 with no weight) has no score: ``None``, not 0."""
    if not indicator.not_applicable:
        return
    got = indicator_caller(scorer)(indicator, year)
    if got is not None:
        raise LawViolation(
            f"{_row(indicator)}: a 无 row is left out, yet it scored {_show(got)} (not None)"
        )


def check_met_scores_weight(
    scorer: Callable[..., Decimal | None],
    indicator: Indicator,
    *,
    policy: Policy | str = MOF_2020,
    year: int | None = None,
) -> None:
    """A target met as the policy compares (≥ and ≤ include the bound; > and < too unless
    the policy's operators are strict; the bare number's direction from its level-2
    group; the actual in the target's unit), a range reached, or a deadline kept, scores
    exactly the weight."""
    _expect(scorer, indicator, policy, year, ("met", "deadline-met"), "met")


def check_missed_by_formula(
    scorer: Callable[..., Decimal | None],
    indicator: Indicator,
    *,
    policy: Policy | str = MOF_2020,
    year: int | None = None,
) -> None:
    """A missed numeric target scores the policy's formula for its role (positive ratio,
    reverse ratio or linear, symmetric "=" …, or a formula of the policy's own), capped
    at the weight and rounded half up once to 2 decimals; a missed target of 0 or less
    scores 0."""
    _expect(scorer, indicator, policy, year, ("formula", "zero-target"), "missed")


def check_judged_rows(
    scorer: Callable[..., Decimal | None],
    indicator: Indicator,
    *,
    policy: Policy | str = MOF_2020,
    year: int | None = None,
) -> None:
    """A row no rule computes (a statement, a blank or unreadable cell, units of
    different kinds, a missed deadline, a strict bound met exactly) takes the printed
    score capped at the weight: not 0, not the weight, not ``None`` when one is printed."""
    _expect(scorer, indicator, policy, year, ("judged", "deadline-late"), "judged")


def check_deadline(
    scorer: Callable[..., Decimal | None],
    indicator: Indicator,
    *,
    policy: Policy | str = MOF_2020,
    year: int | None = None,
) -> None:
    """A deadline is kept when the completion is not later than the end of the period the
    target names (a month without a day runs to its last day; a date without a year takes
    the table's *year*): the weight; else the judged score."""
    _expect(scorer, indicator, policy, year, ("deadline-met", "deadline-late"), "deadline")


def _rule_direction(indicator: Indicator, policy: Policy) -> str | None:
    """``positive``/``reverse`` for a numeric row a direction applies to, else ``None``."""
    target = indicator.target
    if not isinstance(target, Comparison) or not isinstance(indicator.actual, Comparison):
        return None
    direction = _direction(indicator, target, policy)
    if direction is Direction.EQ and policy.equal_form != "positive":
        return None
    return "reverse" if direction.reverse else "positive"


def check_monotone(
    scorer: Callable[..., Decimal | None],
    indicator: Indicator,
    *,
    step: Decimal,
    policy: Policy | str = MOF_2020,
    year: int | None = None,
) -> None:
    """Raising a numeric actual by *step* never lowers a positive row's score and never
    raises a reverse row's score (the direction as *policy* declares it: printed, else
    from the level-2 group). Rows that are not numeric, symmetric "=" rows and judged
    rows are left alone; a ``None`` where the rules compute a score is a violation."""
    chosen = resolve_policy(policy)
    actual = indicator.actual
    way = _rule_direction(indicator, chosen)
    if way is None or step < 0 or not isinstance(actual, Comparison):
        return
    bigger = attrs.evolve(
        indicator,
        actual=Comparison(
            actual.direction, actual.value + step, actual.unit, time_limit=actual.time_limit
        ),
    )
    call = indicator_caller(scorer)
    before, after = call(indicator, year), call(bigger, year)
    judged = False
    for row, score in ((indicator, before), (bigger, after)):
        rule = expected_row(row, chosen, year=year)
        if score is None and rule.score is not None and rule.rule != "judged":
            raise LawViolation(f"{_row(row)}: no score, but the rules compute one ({rule.why})")
        judged = judged or rule.rule == "judged"
    if before is None or after is None or judged:  # an evaluator's score is no formula's
        return
    if way == "reverse" and after > before:
        raise LawViolation(
            f"{indicator.name}: reverse target {indicator.target!s}: the score rose from "
            f"{_show(before)} to {_show(after)} as the actual grew from {fixed(actual.value)} "
            f"to {fixed(actual.value + step)}"
        )
    if way == "positive" and after < before:
        raise LawViolation(
            f"{indicator.name}: positive target {indicator.target!s}: the score fell from "
            f"{_show(before)} to {_show(after)} as the actual grew from {fixed(actual.value)} "
            f"to {fixed(actual.value + step)}"
        )


def _other_units(unit: Unit | None) -> list[Unit]:
    """Units of *unit*'s kind (known ones, with a factor), other than *unit*."""
    if unit is None or unit.kind in ("other", "count", "rate", "working-days"):
        return []
    seen: dict[str, Unit] = {}
    for candidate in UNITS.values():
        if candidate.kind == unit.kind and candidate != unit:
            seen.setdefault(candidate.symbol, candidate)
    return list(seen.values())


def _exactly(value: Decimal, unit: Unit, into: Unit) -> Decimal | None:
    """*value* in *unit* re-expressed in *into*, when that is exact."""
    from perfeval.number import CONTEXT

    converted = CONTEXT.divide(CONTEXT.multiply(value, unit.factor), into.factor)
    back = CONTEXT.divide(CONTEXT.multiply(converted, into.factor), unit.factor)
    if value.is_zero() or (back == value and converted.adjusted() > -12):
        return converted
    return None


def _re_expressed(reading: Comparison, into: Unit) -> Comparison | None:
    unit = reading.unit
    if unit is None:
        return None
    value = _exactly(reading.value, unit, into)
    if value is None:
        return None
    shown = "" if reading.direction is None else reading.direction.value
    text = (
        f"{fixed(value)}{into.symbol}内"
        if reading.time_limit
        else (f"{shown}{fixed(value)}{into.symbol}")
    )
    return Comparison(reading.direction, value, into, text=text, time_limit=reading.time_limit)


def check_unit_invariance(
    scorer: Callable[..., Decimal | None],
    indicator: Indicator,
    *,
    into: str | None = None,
    year: int | None = None,
) -> None:
    """Expressing the actual (and then the target) in another unit of the same kind
    (万元 as 元, % as ‰, 天 as 小时) leaves the score unchanged: a scorer that compares the
    printed numbers without converting them (万元 read as 元) breaks it. *into* picks the
    unit; by default the first other unit of the kind that converts exactly."""
    target, actual = indicator.target, indicator.actual
    if not isinstance(target, Comparison) or not isinstance(actual, Comparison):
        return
    if target.unit is None or actual.unit is None or not target.unit.agrees_with(actual.unit):
        return
    choices = [UNITS[into]] if into is not None and into in UNITS else _other_units(actual.unit)
    call = indicator_caller(scorer)
    before = call(indicator, year)
    for unit in choices:
        moved = _re_expressed(actual, unit)
        if moved is None:
            continue
        for changed in (
            attrs.evolve(indicator, actual=moved),
            attrs.evolve(indicator, target=_re_expressed(target, unit) or target, actual=moved),
        ):
            after = call(changed, year)
            if after != before:
                raise LawViolation(
                    f"{indicator.name}: the same amounts in another unit score differently: "
                    f"target {indicator.target!s}, actual {actual!s} → {_show(before)}; target "
                    f"{changed.target!s}, actual {moved!s} → {_show(after)}"
                )
        return


def check_time_limit_monotone(
    scorer: Callable[..., Decimal | None],
    indicator: Indicator,
    *,
    step: Decimal,
    year: int | None = None,
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
    call = indicator_caller(scorer)
    before, after = call(indicator, year), call(slower, year)
    if before is not None and after is not None and after > before:
        raise LawViolation(
            f"{indicator.name}: time limit {target!s}: taking {fixed(actual.value + step)} "
            f"instead of {fixed(actual.value)} raised the score from {_show(before)} to "
            f"{_show(after)}"
        )


def check_agrees_with_perfeval(
    scorer: Callable[..., Decimal | None],
    indicator: Indicator,
    policy: Policy | str = MOF_2020,
    *,
    year: int | None = None,
) -> None:
    """The scorer gives the same score as perfeval under *policy* (the differential
    check)."""
    expected = score_indicator(indicator, policy, year=year)
    got = indicator_caller(scorer)(indicator, year)
    if got != expected.score:
        raise LawViolation(
            f"{_row(indicator)}: score {_show(got)}, perfeval gives {_show(expected.score)} "
            f"({expected.rule.value}: {expected.formula or expected.explain('en')})"
        )


# Funds laws --------------------------------------------------------------------------------


def _funds_weight(block: FundBlock, policy: Policy) -> tuple[Decimal | None, str]:
    if policy.funds_weight is not None:
        return policy.funds_weight, "the policy's funds weight"
    if block.weight is not None:
        return block.weight, "the printed weight"
    return policy.default_funds_weight, "the policy's default weight for a blank one"


def check_funds_score(
    scorer: FundsScorer | Callable[[FundBlock], Decimal | None],
    block: FundBlock,
    *,
    policy: Policy | str = MOF_2020,
) -> Decimal | None:
    """The funds score is weight × executed / annual budget (the total row's, in the
    block's unit), rounded half up once to 2 decimals; capped at the weight when more than
    the budget was spent unless the policy does not cap; the weight is the policy's funds
    weight, else the printed one, else the policy's default; ``None`` when the budget is
    blank or zero or the executed amount blank."""
    chosen = resolve_policy(policy)
    got = scorer(block)
    weight, whence = _funds_weight(block, chosen)
    row = block.scored_row
    budget = None if row is None else row.annual_budget
    executed = None if row is None else row.executed
    if weight is None or budget is None or budget.is_zero() or executed is None:
        if got is not None:
            raise LawViolation(
                f"funds {_block(block)}: the rate or the weight is undefined, yet it scored "
                f"{_show(got)} (not None)"
            )
        return None
    exact = Fraction(weight) * Fraction(executed) / Fraction(budget)
    if chosen.cap_execution_score and executed > budget:
        expected, why = weight, f"more than the budget was spent: capped at {_show(weight)}"
    else:
        expected = ratio_half_up(weight * executed, budget)
        why = f"{_show(weight)} × {_show(executed)} / {_show(budget)} = {_show(exact)}, half up"
    if got is None or got != expected:
        hint = _rounding_hint(got, Expected(rule="formula", score=expected, why="", exact=exact))
        raise LawViolation(
            f"funds {_block(block)}: score {_show(got)}, the rule gives {_show(expected)} "
            f"({why}; weight from {whence}){hint}"
        )
    return got


def _block(block: FundBlock) -> str:
    row = block.scored_row
    if row is None:
        return f"(weight {_show(block.weight)}, no total row)"
    return (
        f"(weight {_show(block.weight)}, budget {_show(row.annual_budget)}{block.unit}, "
        f"executed {_show(row.executed)}{block.unit})"
    )


def _block_in(block: FundBlock, unit: str) -> FundBlock:
    def moved(row: FundRow) -> FundRow:
        return row.in_unit(unit)

    total = None if block.total is None else moved(block.total)
    return FundBlock(
        weight=block.weight, unit=unit, total=total, sources=[moved(r) for r in block.sources]
    )


def check_funds_unit_invariance(
    scorer: FundsScorer | Callable[[FundBlock], Decimal | None], block: FundBlock
) -> None:
    """The same block in 元, 千元, 万元 or 亿元 scores the same."""
    before = scorer(block)
    for unit in ("元", "千元", "万元", "亿元"):
        if unit == block.unit:
            continue
        other = _block_in(block, unit)
        after = scorer(other)
        if after != before:
            raise LawViolation(
                f"funds {_block(block)} scores {_show(before)}, the same in {unit} "
                f"{_block(other)} scores {_show(after)}"
            )


def check_funds_agree_with_perfeval(
    scorer: FundsScorer | Callable[[FundBlock], Decimal | None],
    block: FundBlock,
    policy: Policy | str = MOF_2020,
) -> None:
    """The funds scorer gives perfeval's funds score under *policy*."""
    expected = score_funds(block, policy)
    got = scorer(block)
    if got != expected.score:
        raise LawViolation(
            f"funds {_block(block)}: score {_show(got)}, perfeval gives "
            f"{_show(expected.score)} ({expected.explain('en')})"
        )


# Table laws --------------------------------------------------------------------------------


def _scores(result: object, table: Table) -> TableScores:
    """A table scorer's result as :class:`TableScores` (the older pair too)."""
    if isinstance(result, TableScores):
        return result
    if isinstance(result, tuple) and len(result) == 2:
        parts, total = result
        parts = list(parts)
        funds = parts.pop(0) if table.funds is not None and parts else None
        return TableScores(funds=funds, indicators=tuple(parts), total=total)
    raise LawViolation(f"{table.project}: a table scorer returned {result!r}, not TableScores")


def table_weights(table: Table, policy: Policy | str = MOF_2020) -> list[Decimal | None]:
    """Each row's weight as *policy* scores it: the printed one, or, with
    ``indicator_points``, rescaled in proportion so that the applicable rows' weights add
    up to those points (rounded half up to 4 decimals)."""
    chosen = resolve_policy(policy)
    points = chosen.indicator_points
    printed = add(
        *(r.weight for r in table.indicators if r.weight is not None and not r.not_applicable)
    )
    if points is None or printed <= 0:
        return [row.weight for row in table.indicators]
    return [
        None if row.weight is None else ratio_half_up(row.weight * points, printed, 4)
        for row in table.indicators
    ]


def _rows_with_weights(table: Table, policy: Policy) -> list[Indicator]:
    rows = []
    for row, weight in zip(table.indicators, table_weights(table, policy), strict=True):
        rows.append(row if weight == row.weight else attrs.evolve(row, weight=weight))
    return rows


def _available(table: Table, policy: Policy, scores: TableScores) -> Decimal:
    """The weights of the applicable rows and of the funds: what a rescaled total is
    out of."""
    weights: list[Decimal] = []
    if table.funds is not None:
        weight, _ = _funds_weight(table.funds, policy)
        if weight is not None:
            weights.append(weight)
    for row in _rows_with_weights(table, policy):
        if not row.not_applicable and row.weight is not None:
            weights.append(row.weight)
    return add(*weights)


def _rescaled(points: Decimal, available: Decimal, policy: Policy) -> Decimal:
    if policy.rescale_not_applicable and 0 < available < 100:
        return ratio_half_up(points * 100, available)
    return points


def check_total_is_sum(
    scorer: TableScorer | Callable[[Table], Any],
    table: Table,
    *,
    policy: Policy | str = MOF_2020,
) -> Decimal:
    """The total equals the sum of the row scores as returned (funds included, rows
    without a score left out), and under a policy that rescales, that sum × 100 / the
    points available (the funds weight and the applicable rows' weights, 无 rows not
    counted) when those fall short of 100, rounded half up to 2 decimals."""
    chosen = resolve_policy(policy)
    scores = _scores(scorer(table), table)
    parts = [scores.funds, *scores.indicators]
    summed = add(*(part for part in parts if part is not None))
    available = _available(table, chosen, scores)
    expected = _rescaled(summed, available, chosen)
    if scores.total != expected:
        how = (
            f"rescaled to 100 over {_show(available)} available points"
            if expected != summed
            else "the sum of its rows"
        )
        raise LawViolation(
            f"{table.project}: total {_show(scores.total)} is not {how}, {_show(expected)} "
            f"(rows sum to {_show(summed)}; available {_show(available)})"
        )
    return scores.total


def check_rows_in_table(
    scorer: TableScorer | Callable[[Table], Any],
    table: Table,
    *,
    policy: Policy | str = MOF_2020,
) -> None:
    """Inside a table, the funds score obeys :func:`check_funds_score` and every row the
    row laws, with the table's year and the weights the policy gives (``indicator_points``
    rescaling them): a 无 row has no score, a met row its weight, a missed one the
    formula, a judged one the printed score capped."""
    chosen = resolve_policy(policy)
    scores = _scores(scorer(table), table)
    if len(scores.indicators) != len(table.indicators):
        raise LawViolation(
            f"{table.project}: {len(scores.indicators)} row scores for {len(table.indicators)} rows"
        )
    if table.funds is not None:
        check_funds_score(lambda _block: scores.funds, table.funds, policy=chosen)
    rows = _rows_with_weights(table, chosen)
    for index, (row, score) in enumerate(zip(rows, scores.indicators, strict=True)):
        expected = expected_row(row, chosen, year=table.year)
        if score != expected.score:
            raise LawViolation(
                f"{table.project}, indicators[{index}] {_row(row)} (table year "
                f"{table.year}): score {_show(score)}, the rule gives {_show(expected.score)} "
                f"({expected.why}){_rounding_hint(score, expected)}"
            )


def check_row_order(
    scorer: TableScorer | Callable[[Table], Any], table: Table, *, order: Sequence[int]
) -> None:
    """Scoring the rows in another *order* (a permutation of their indices) gives each row
    the same score and the table the same total."""
    if sorted(order) != list(range(len(table.indicators))):
        return
    before = _scores(scorer(table), table)
    moved = attrs.evolve(table, indicators=[table.indicators[i] for i in order])
    after = _scores(scorer(moved), moved)
    expected = [before.indicators[i] for i in order]
    if list(after.indicators) != expected or after.total != before.total:
        raise LawViolation(
            f"{table.project}: rows in the order {list(order)} score "
            f"{[_show(s) for s in after.indicators]}, total {_show(after.total)}; in table "
            f"order {[_show(s) for s in expected]}, total {_show(before.total)}"
        )


def check_table_agrees_with_perfeval(
    scorer: TableScorer | Callable[[Table], Any],
    table: Table,
    policy: Policy | str = MOF_2020,
) -> None:
    """The table scorer gives perfeval's funds score, row scores and total under
    *policy*."""
    got = _scores(scorer(table), table)
    expected = _scores(perfeval_table_scorer(policy)(table), table)
    if got != expected:
        raise LawViolation(
            f"{table.project}: {_show_scores(got)}; perfeval gives {_show_scores(expected)}"
        )


def _show_scores(scores: TableScores) -> str:
    rows = ", ".join(_show(s) for s in scores.indicators)
    return f"funds {_show(scores.funds)}, rows [{rows}], total {_show(scores.total)}"


# Grade laws --------------------------------------------------------------------------------


_PROBES = (Decimal("-0.01"), Decimal("-0.005"), Decimal("-0.001"), Decimal(0),
           Decimal("0.001"), Decimal("0.005"), Decimal("0.01"))  # fmt: skip


def check_grade_bands(
    grader: Grader | Callable[[Decimal], str],
    low: Decimal,
    high: Decimal,
    scale: GradeScale = NATIONAL_GRADES,
) -> None:
    """Grades never fall as the total rises, and the grader agrees with the declared
    *scale* (not with itself) at *low*, *high* and on both sides of every band's lower
    bound (x − 0.01, x − 0.005, x − 0.001, x, x + 0.001, x + 0.005, x + 0.01), on the
    scale's basis (the exact total, or the total rounded half up)."""
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
    probes = [low, high]
    for band in scale.bands:
        if band.lower is not None:
            probes += [band.lower + step for step in _PROBES]
    for total in probes:
        expected = scale.grade(total).label
        got = grader(total)
        if got != expected:
            where = next(
                (b for b in scale.bands if b.lower is not None and abs(total - b.lower) <= 0.01),
                None,
            )
            near = (
                "" if where is None else f" (the band {where.label} starts at {_show(where.lower)}"
            )
            near += "" if where is None else f", inclusive; graded on the {scale.basis} total)"
            raise LawViolation(
                f"a total of {_show(total)} is graded {got!r}, the scale says {expected!r}{near}"
            )


def check_table_grade(
    grader: TableGrader | Callable[[Table], str | None],
    table: Table,
    *,
    policy: Policy | str = MOF_2020,
    scorer: TableScorer | Callable[[Table], Any] | None = None,
) -> None:
    """A table is graded on its total by the policy's scale; while rows carry no score it
    is graded only if every total the missing points allow falls in the same band, else
    ``None`` (never graded as if the missing rows were 0). The total and the row scores
    are *scorer*'s (perfeval's under *policy* by default)."""
    chosen = resolve_policy(policy)
    scores = _scores((scorer or perfeval_table_scorer(chosen))(table), table)
    scale = chosen.grades
    rows = _rows_with_weights(table, chosen)
    missing: Decimal = Decimal(0)
    unknown = False
    parts: list[tuple[Decimal | None, Decimal | None]] = []
    if table.funds is not None:
        parts.append((scores.funds, _funds_weight(table.funds, chosen)[0]))
    for row, score in zip(rows, scores.indicators, strict=True):
        if not row.not_applicable:
            parts.append((score, row.weight))
    for score, weight in parts:
        if score is None:
            if weight is None:
                unknown = True
            else:
                missing += weight
    low = scores.total
    available = _available(table, chosen, scores)
    summed = add(*(s for s, _ in parts if s is not None))
    high = None if unknown else _rescaled(summed + missing, available, chosen)
    band = scale.grade(low)
    if high is None:
        expected = band.label if band == scale.bands[0] else None
    else:
        expected = band.label if scale.grade(high) == band else None
    got = grader(table)
    if got != expected:
        span = f"{_show(low)}–{_show(high) if high is not None else '?'}"
        raise LawViolation(
            f"{table.project}: graded {got!r}, the scale gives {expected!r} (the total can be "
            f"{span}; {_show(missing)} points carry no score)"
        )


# Audit laws --------------------------------------------------------------------------------


def _findings(
    auditor: Callable[[Table], Iterable[Any]], table: Table
) -> list[tuple[str, str, str]]:
    found = []
    for item in auditor(table):
        if isinstance(item, tuple):
            code, where = item
            found.append((str(code), str(where), "error"))
        else:
            severity = getattr(item, "severity", "error")
            found.append((item.code, item.where, str(getattr(severity, "value", severity))))
    return found


def check_audit_clean(auditor: Callable[[Table], Iterable[Any]], table: Table) -> None:
    """A table printed from correct scores gives no warning or error."""
    dirty = [f for f in _findings(auditor, table) if f[2] in ("error", "warning")]
    if dirty:
        raise LawViolation(f"{table.project}: a correctly printed table was flagged: {dirty}")


def check_catches_fault(
    auditor: Callable[[Table], Iterable[Any]], table: Table, code: str, where: str
) -> None:
    """The auditor reports *code* at *where* (a planted fault)."""
    found = _findings(auditor, table)
    if not any(c == code and w == where for c, w, _ in found):
        raise LawViolation(f"{table.project}: the fault {code} at {where} was missed; got {found}")


# Department trees and the grammar ----------------------------------------------------------


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
    why, and only a placeholder or a not-applicable word (:mod:`perfeval.cells`), alone or
    after 定性 ("定性：—"), reads as blank."""
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
    value = text
    while names_qualitative(value):  # 指标性质 定性 in the cell, then a blank value: "定性：—"
        value = normalize_text(value).replace(":", "：").partition("：")[2]
        blank_words = is_placeholder(value) or is_not_applicable(value)
    if isinstance(reading, Blank) and not blank_words:
        raise LawViolation(f"{text!r} was dropped as blank")
    return reading


# Explanations ------------------------------------------------------------------------------


class Explainer(Protocol):
    """Explains one indicator row's score in words (any language): the sentence a user
    reads beside the score. *year* is the table's year."""

    def __call__(self, indicator: Indicator, /, *, year: int | None = None) -> str:
        """The explanation."""
        ...


class FundsExplainer(Protocol):
    """Explains a fund block's execution score in words."""

    def __call__(self, block: FundBlock, /) -> str:
        """The explanation."""
        ...


def perfeval_explainer(policy: Policy | str = MOF_2020, locale: str = "zh_CN") -> Explainer:
    """perfeval's own explanation of a row under *policy*
    (:meth:`~perfeval.scoring.IndicatorScore.explain` in *locale*)."""
    chosen = resolve_policy(policy)

    def explainer(indicator: Indicator, /, *, year: int | None = None) -> str:
        return score_indicator(indicator, chosen, year=year).explain(locale)

    return explainer


def perfeval_funds_explainer(
    policy: Policy | str = MOF_2020, locale: str = "zh_CN"
) -> FundsExplainer:
    """perfeval's own explanation of a funds score under *policy*, in *locale*."""
    chosen = resolve_policy(policy)
    return lambda block: score_funds(block, chosen).explain(locale)


_FIGURE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?!\d)")
_GROUPED = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def stated_figures(text: str) -> frozenset[Decimal]:
    """The numbers *text* states, by value ("8.630" states 8.63; "1,000" states 1000)."""
    plain = _GROUPED.sub("", normalize_text(text))
    return frozenset(Decimal(match.group(0)) for match in _FIGURE.finditer(plain))


def _explanation(text: object, what: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise LawViolation(f"{what}: the explanation is {text!r}, not a sentence")
    return text


def _unstated(figures: Iterable[Decimal | None], text: str) -> list[str]:
    stated = stated_figures(text)
    return [_show(figure) for figure in figures if figure is not None and figure not in stated]


def check_row_explained(
    scorer: Callable[..., Decimal | None],
    explainer: Explainer | Callable[..., str],
    indicator: Indicator,
    *,
    policy: Policy | str = MOF_2020,
    year: int | None = None,
) -> str:
    """The explanation of a row states the score it explains (as the scorer gives it) and
    the figures the rule used: the weight, the target and the actual as compared (in one
    unit), a range's bound; for a row the policy's formula scores, the numbers of that
    formula's description (:meth:`~perfeval.formulas.Formula.describe`: a linear form's
    floor of 0.5 too), in any layout. An explanation that disagrees with its score, cites
    a number the rule did not use (the printed 万元 where 元 were compared), or names
    another formula breaks it."""
    score = indicator_caller(scorer)(indicator, year)
    text = _explanation(indicator_caller(explainer)(indicator, year), _row(indicator))
    expected = expected_row(indicator, policy, year=year)
    figures = [score]
    if expected.score is not None and score == expected.score:
        figures += expected.figures  # the rule's figures, once the score is the rule's
    missing = _unstated(figures, text)
    if missing:
        raise LawViolation(
            f"{_row(indicator)}: score {_show(score)}; the explanation {text!r} does not "
            f"state {', '.join(missing)} ({expected.why})"
        )
    named = stated_figures(expected.formula) - {Decimal(0), Decimal(1)}  # its parameters
    if score == expected.score and not named <= stated_figures(text):
        raise LawViolation(
            f"{_row(indicator)}: the explanation {text!r} does not name the policy's formula, "
            f"{expected.formula!r} ({expected.why})"
        )
    return text


def check_funds_explained(
    scorer: FundsScorer | Callable[[FundBlock], Decimal | None],
    explainer: FundsExplainer | Callable[[FundBlock], str],
    block: FundBlock,
    *,
    policy: Policy | str = MOF_2020,
) -> str:
    """The explanation of a funds score states the score and the figures it comes from:
    the weight, the annual budget and the executed amount of the scored row (the sum of
    the sources where the total row leaves a column blank); with the rate undefined (a
    blank or zero budget, a blank executed amount), it states no rate as a percentage."""
    chosen = resolve_policy(policy)
    score = scorer(block)
    text = _explanation(explainer(block), f"funds {_block(block)}")
    row = block.scored_row
    weight, _ = _funds_weight(block, chosen)
    budget = None if row is None else row.annual_budget
    executed = None if row is None else row.executed
    if budget is None or budget.is_zero() or executed is None:
        if re.search(r"\d\s*[%％]", normalize_text(text)):
            raise LawViolation(
                f"funds {_block(block)}: the rate is undefined, yet the explanation {text!r} "
                "states one"
            )
        return text
    if score is None:
        return text
    missing = _unstated((score, weight, budget, executed), text)
    if missing:
        raise LawViolation(
            f"funds {_block(block)}: score {_show(score)}; the explanation {text!r} does not "
            f"state {', '.join(missing)}"
        )
    return text


# Formulas and policies ---------------------------------------------------------------------


def check_formula_described(
    formula: Formula,
    weight: Decimal,
    target: Decimal,
    actual: Decimal,
    *,
    others: Sequence[Formula] = (),
) -> str:
    """A formula's description is a function of its parameters: ``describe(w, t, a)``
    states *weight*, *target* and *actual*, reads the same every time, and differs from
    the description of every formula in *others* whose value differs at these numbers
    (a floor of 0.5 is not described as a floor of 0). Its exact value is the same
    through ``value()``, the integers scoring uses (:func:`~perfeval.formulas.ratio_of`)
    and a column of rows (:func:`~perfeval.formulas.column_of`)."""
    text = _explanation(formula.describe(weight, target, actual), f"{formula!r}")
    if formula.describe(weight, target, actual) != text:
        raise LawViolation(f"{formula!r} describes the same numbers two ways")
    missing = _unstated((weight, target, actual), text)
    if missing:
        raise LawViolation(f"{formula!r}: {text!r} does not state {', '.join(missing)}")
    value = formula.value(weight, target, actual)
    for other in others:
        differs = other.value(weight, target, actual) != value
        if differs and other.describe(weight, target, actual) == text:
            raise LawViolation(
                f"{formula!r} and {other!r} give different values at w={_show(weight)}, "
                f"t={_show(target)}, a={_show(actual)} but describe both as {text!r}"
            )
    top, below = ratio_of(formula)(weight, target, actual)
    from perfeval.integers import pairs  # NumPy: the testing extra brings it

    w, t, a = (number.as_integer_ratio() for number in (weight, target, actual))
    tops, belows = column_of(formula)(pairs([w, w]), pairs([t, t]), pairs([a, w]))
    column = [(int(top), int(below)) for top, below in zip(tops, belows, strict=True)]
    second = ratio_of(formula)(weight, target, weight)
    if (
        Fraction(top, below) != value
        or Fraction(*column[0]) != value
        or Fraction(*column[1]) != Fraction(*second)
    ):
        raise LawViolation(
            f"{formula!r} at w={_show(weight)}, t={_show(target)}, a={_show(actual)}: value() "
            f"gives {_show(value)}, its integers {top}/{below}, its column {column}"
        )
    return text


def policy_formulas(policy: Policy | str = MOF_2020) -> list[Formula]:
    """The formulas *policy* scores by (one per role) and the built-in ones, without
    repeats: what :func:`check_formula_described` compares with each other."""
    chosen = resolve_policy(policy)
    found: list[Formula] = []
    for formula in (
        *(chosen.formula(role) for role in ("positive", "reverse", "equal")),
        *(entry.formula for entry in chosen.formulas),
        *(form for forms in FORMULAS.values() for form in forms.values()),
    ):
        if not any(formula is known for known in found):
            found.append(formula)
    return found


def check_refused(build: Callable[[], object], field: str, what: str) -> PerfevalError:
    """Building something from an invalid setting (*build*: a policy, a formula, a grade
    scale, a fund row) is refused with perfeval's own error naming *field*: never
    accepted, never a foreign exception."""
    try:
        made = build()
    except PerfevalError as error:
        if field not in (error.field or ""):
            raise LawViolation(
                f"{what} was refused, but the error names {error.field!r}, not {field!r}: {error}"
            ) from error
        return error
    except Exception as error:
        raise LawViolation(
            f"{what} was refused with {type(error).__name__}: {error}, not perfeval's error"
        ) from error
    raise LawViolation(f"{what} was accepted: {made!r}")


def printed_grades(band: GradeBand, total: Decimal | None = None) -> tuple[str, ...]:
    """The ways tables print *band*'s grade: its label, its name, its aliases ("优秀"),
    with the total in brackets ("优（98.5分）") or a suffix ("优等", "良级")."""
    prints = [band.label, band.name, *band.aliases, f"{band.label}级"]
    if total is not None:
        prints += [f"{band.label}（{fixed(total)}分）", f"{band.label}({fixed(total)})"]
    if len(band.label) == 1:
        prints.append(f"{band.label}等")
    return tuple(prints)


def check_grade_labels(scale: GradeScale, total: Decimal, *, unknown: str = "") -> None:
    """A grade printed in a table reads back to its band: every way a table prints the
    band *total* falls in (:func:`printed_grades`) reads as that band, and every other
    band's prints as that other band (no label or alias of one band names another); a
    label of no band (*unknown*, when it is none of the scale's) reads as none."""
    band = scale.grade(total)
    for other in scale.bands:
        for printed in printed_grades(other, total if other is band else None):
            found = scale.band(printed)
            if found != other:
                shown = None if found is None else found.label
                raise LawViolation(
                    f"the grade {printed!r} of the band {other.label} (a total of "
                    f"{_show(total)} is {band.label}) reads back as {shown!r}"
                )
    names = {name for b in scale.bands for name in (b.label, b.name, *b.aliases)}
    if unknown and unknown.strip() not in names and scale.band(unknown) is not None:
        raise LawViolation(f"{unknown!r} is no grade of the scale, yet it reads as a band")


# The grammar: one reading however it is printed ----------------------------------------------


def _base(value: Decimal, unit: Unit | None) -> tuple[Decimal, str | None]:
    if unit is None:
        return value, None
    return value * unit.factor, unit.kind


def same_reading(left: Reading, right: Reading) -> bool:
    """Whether two readings say the same thing, whatever their printed text: the same
    kind, direction, amount (in one unit of its kind: 1万人次 is 10000人次), range, date,
    on-time statement or tier; two unreadable cells are alike."""
    if type(left) is not type(right):
        return False
    if isinstance(left, Comparison) and isinstance(right, Comparison):
        return (
            left.direction is right.direction
            and left.time_limit == right.time_limit
            and _base(left.value, left.unit) == _base(right.value, right.unit)
        )
    if isinstance(left, Band) and isinstance(right, Band):
        return (_base(left.low, left.unit), _base(left.high, left.unit)) == (
            _base(right.low, right.unit),
            _base(right.high, right.unit),
        )
    if isinstance(left, Deadline) and isinstance(right, Deadline):
        return (left.year, left.month, left.day, left.on_time) == (
            right.year,
            right.month,
            right.day,
            right.on_time,
        )
    if isinstance(left, Qualitative) and isinstance(right, Qualitative):
        return left.achievement is right.achievement
    return True


def check_reprint_read_alike(
    reader: Reader | Callable[..., Reading], plain: str, printed: str, *, target: bool = True
) -> Reading:
    """A cell printed another way (full-width digits and signs, spaces between the
    characters, Chinese numerals, 百分之 for %, thousands separators, an operator in
    words) reads as the same target or actual as its plain ASCII print *plain*."""
    first = reader(plain, target=target)
    second = reader(printed, target=target)
    if not same_reading(first, second):
        raise LawViolation(
            f"{printed!r} was read as {second!r}, but it prints the same as {plain!r}, "
            f"read as {first!r}"
        )
    return second


class ColumnReader(Protocol):
    """Reads a target printed in three columns: 指标性质 (≥ ≤ = 定性 …), 指标值 and
    度量单位."""

    def __call__(
        self, direction: str | None, value: str | None, unit: str | None = None, /
    ) -> Reading:
        """The reading of the target."""
        ...


def perfeval_column_reader(
    direction: str | None, value: str | None, unit: str | None = None, /
) -> Reading:
    """perfeval's own reader of split target columns
    (:func:`~perfeval.targets.structured_target`)."""
    from perfeval.targets import structured_target

    return structured_target(direction, value, unit)


def check_columns_read_as_cell(
    columns: ColumnReader | Callable[..., Reading],
    reader: Reader | Callable[..., Reading],
    direction: str | None,
    value: str | None,
    unit: str | None = None,
) -> Reading:
    """A target printed in split columns reads as the same target printed in one cell
    (direction, value and unit run together). Under 定性 the value is a statement: it
    reads as the statement does, and a number or a date there is reported unreadable,
    never read as a number; a direction that is no operator ("-", "x") is reported too."""
    got = columns(direction, value, unit)
    sign = (direction or "").strip()
    if sign.startswith("定性") or sign.lower() == "qualitative":
        alone = reader(value or "", target=True)
        if isinstance(alone, Comparison | Band) and not isinstance(got, Unreadable):
            raise LawViolation(
                f"定性 with the value {value!r} was read as {got!r}: a number under 定性 is "
                "reported, not read"
            )
        if isinstance(alone, Qualitative) and not same_reading(got, alone):
            raise LawViolation(f"定性 {value!r} was read as {got!r}, the statement reads {alone!r}")
        return got
    operator = reader(f"{sign}1", target=True)
    if sign and not (isinstance(operator, Comparison) and operator.direction is not None):
        if not isinstance(got, Unreadable):  # "-", "x": no operator a table prints
            raise LawViolation(
                f"the columns {direction!r} | {value!r} | {unit!r} were read as {got!r}, "
                f"but {direction!r} is no direction: it is reported, not read"
            )
        return got
    cell = f"{sign}{value or ''}{unit or ''}"
    whole = reader(cell, target=True)
    if not same_reading(got, whole):
        raise LawViolation(
            f"the columns {direction!r} | {value!r} | {unit!r} were read as {got!r}; the same "
            f"target in one cell, {cell!r}, reads {whole!r}"
        )
    return got
