"""Scorers for the kit's own tests: one written from the rules alone (it must pass every
law), and deliberately wrong ones, each perfeval's scoring with one realistic bug.

Every scorer offers the parts :func:`perfeval.testing.verify` looks for:
``score_indicator(row, year=None)``, ``score_funds(block)``, ``score_table(table)``,
``grade(total)``, ``grade_table(table)``, ``audit(table)`` (and the one written from the
rules, ``read(text, target=False)``); ``policy`` is the policy
it claims to follow, and ``parts`` names the parts the bug lives in (what a user
verifying that part would pass; ``policy`` when it lives in the policy declared).
"""

from __future__ import annotations

import calendar
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

import attrs

from perfeval import MOF_2020, NATIONAL_GRADES, POLICIES, Policy, score_indicator, score_table
from perfeval.audit import audit
from perfeval.formulas import LinearReverse
from perfeval.funds import FundBlock, score_funds
from perfeval.grades import GradeBand, GradeScale
from perfeval.groups import COST
from perfeval.indicators import Indicator
from perfeval.scoring import Rule
from perfeval.table import Table
from perfeval.targets import (
    Achievement,
    Band,
    Blank,
    Comparison,
    Deadline,
    Direction,
    NotApplicable,
    Qualitative,
    UnitChoice,
    UnitConflict,
    Unreadable,
    settle_band,
    settle_units,
)
from perfeval.testing import TableScores, perfeval_column_reader, perfeval_reader

CENT = Decimal("0.01")
ALL_PARTS = ("indicator", "funds", "table", "grader", "table_grader", "auditor", "reader")


def half_up(value: Fraction | Decimal) -> Decimal:
    """*value* rounded half up to cents, exactly (四舍五入)."""
    fraction = Fraction(value)
    cents, rest = divmod(fraction * 100, 1)
    if rest >= Fraction(1, 2):
        cents += 1
    return Decimal(int(cents)) / 100


# A scorer written from the rules (docs/rules.md, DOMAIN.md), not from perfeval's code ------


class Independent:
    """The national rules and their policy settings, computed here from the readings
    (the parser is perfeval's; the scoring is not)."""

    parts = ALL_PARTS

    def __init__(self, policy: Policy = MOF_2020) -> None:
        self.policy = policy
        self._said: list[str] = []  # what scoring the last row computed, for its explanation

    # rows

    def explain_indicator(self, row: Indicator, year: int | None = None) -> str:
        self._said = []
        score = self.score_indicator(row, year=year)
        shown = "none" if score is None else format(score, "f")
        return "; ".join([f"score {shown}", *self._said])

    def score_indicator(self, row: Indicator, year: int | None = None) -> Decimal | None:
        target, actual, weight = row.target, row.actual, row.weight
        if isinstance(target, NotApplicable):
            return None
        if weight is None or weight == 0:  # 无 by its name, or no weight: no score
            return None
        judged = None if row.score is None else min(row.score, weight)
        if isinstance(target, Comparison) and isinstance(actual, Comparison):
            return self._number(row, target, actual, weight, judged)
        if isinstance(target, Blank | Unreadable):
            return judged
        if isinstance(target, Qualitative) or (
            isinstance(actual, Qualitative) and isinstance(target, Comparison)
        ):
            return judged
        if isinstance(actual, Blank | Unreadable):
            return judged
        if isinstance(target, Deadline) or (
            isinstance(target, Comparison)
            and target.time_limit
            and isinstance(actual, Deadline)
            and not actual.dated
        ):
            return self._deadline(target, actual, weight, judged, year)
        if isinstance(target, Band):
            return self._band(target, actual, weight, judged)
        return judged

    def _number(
        self,
        row: Indicator,
        target: Comparison,
        actual: Comparison,
        weight: Decimal,
        judged: Decimal | None,
    ) -> Decimal | None:
        # Reading the two cells in one unit is reading, and the readings are perfeval's:
        # a bare number beside a unit is settled by the order of its readings.
        settled = settle_units(target, actual)
        if isinstance(settled, UnitConflict):
            return judged
        if isinstance(settled, UnitChoice):
            exact_a, t = Fraction(settled.actual), Fraction(settled.target)
        else:
            exact_a, t = Fraction(settled), Fraction(target.value)
        direction = target.direction
        if direction is None:
            group = row.level2_group
            if group is None and row.level1_group is not None and row.level1_group.key == "costs":
                group = COST  # 成本指标 as the level-1 group (the 2023 template)
            cost = group is not None and group.key in self.policy.reverse_level2
            direction = Direction.LE if cost else Direction.GE
        strict = self.policy.strict_operators == "strict" and direction in (
            Direction.GT,
            Direction.LT,
        )
        w = Fraction(weight)
        if direction is Direction.EQ and self.policy.equal_form == "symmetric":
            met = exact_a == t
            form = "symmetric"
        elif direction in (Direction.LE, Direction.LT):
            met = exact_a < t if strict else exact_a <= t
            form = self.policy.reverse_form
        else:
            met = exact_a > t if strict else exact_a >= t
            form = "ratio"
        a_, t_ = _decimal(exact_a), _decimal(t)
        self._said.append(f"actual {a_} against target {t_}, weight {weight}")
        if met:
            return weight
        if t <= 0:
            return Decimal("0.00")
        if form == "ratio" and direction in (Direction.LE, Direction.LT):
            value = w * t / exact_a
        elif form == "ratio":
            value = w * exact_a / t
        elif form == "symmetric":
            value = max(Fraction(0), w * (1 - abs(exact_a - t) / t))
        else:  # linear, with the floor of the policy's own formula if it has one
            floor = Fraction(getattr(self.policy.formula("reverse"), "floor", Decimal(0)))
            value = max(w * floor, w * (1 - (exact_a - t) / t))
            self._said.append(f"floored at {_decimal(floor)} of the weight")
        rounded = half_up(value)
        if value >= w or (strict and rounded >= weight):
            return judged
        return rounded

    def _deadline(self, target, actual, weight, judged, year):  # type: ignore[no-untyped-def]
        dated = isinstance(target, Deadline) and isinstance(actual, Deadline)
        if dated and target.dated and actual.dated:
            done = (actual.year or year or 0, actual.month, actual.day or 31)
            due = (target.year or year or 0, target.month, target.day or 31)
            return weight if done <= due else judged
        stated = None
        if isinstance(actual, Qualitative):
            stated = actual.achievement
        elif isinstance(actual, Deadline) and not actual.dated and actual.on_time is not None:
            stated = Achievement.MET if actual.on_time else Achievement.NOT_MET
        return weight if stated is Achievement.MET else judged

    def _band(self, target: Band, actual, weight, judged):  # type: ignore[no-untyped-def]
        if not isinstance(actual, Comparison):
            return judged
        band = settle_band(target, actual)
        if isinstance(band, UnitConflict):
            return judged
        value = Fraction(band.actual)
        low, high, w = Fraction(band.low), Fraction(band.high), Fraction(weight)
        self._said.append(f"{band.actual} against {band.low}–{band.high}, weight {weight}")
        if low <= value <= high:
            return weight
        below = w * value / low if low > 0 else Fraction(0)
        exact = below if value < low else w * high / value
        return half_up(max(exact, Fraction(0)))

    # funds

    def funds_weight(self, block: FundBlock) -> Decimal | None:
        if self.policy.funds_weight is not None:
            return self.policy.funds_weight
        return block.weight if block.weight is not None else self.policy.default_funds_weight

    def amounts(self, block: FundBlock) -> tuple[Decimal | None, Decimal | None]:
        """The annual budget and the executed amount scored: the total row's; a column it
        leaves blank takes the sources' sum (when every source printing amounts prints it,
        to a sum other than 0); without a total row, the sources' sums."""
        found: list[Decimal | None] = []
        for field in ("annual_budget", "executed"):
            summed: Decimal | None = None
            values = []
            for source in block.sources:
                value = getattr(source, field)
                if value is None and any(
                    getattr(source, f) is not None
                    for f in ("initial_budget", "annual_budget", "executed")
                ):
                    values = []  # a row printing other amounts leaves this one blank
                    break
                if value is not None:
                    values.append(value)
            if values:
                summed = sum(values, Decimal(0))
            printed = None if block.total is None else getattr(block.total, field)
            if block.total is None:
                found.append(summed)
            else:
                found.append(printed if printed is not None or not summed else summed)
        return found[0], found[1]

    def explain_funds(self, block: FundBlock) -> str:
        score = self.score_funds(block)
        budget, executed = self.amounts(block)
        if score is None:
            return "no score: the weight, the budget or the executed amount is missing"
        weight = self.funds_weight(block)
        return f"{weight} × {executed} / {budget}, score {score}"

    def score_funds(self, block: FundBlock) -> Decimal | None:
        weight = self.funds_weight(block)
        budget, executed = self.amounts(block)
        if weight is None or not budget or executed is None:
            return None
        if self.policy.cap_execution_score and executed > budget:
            return weight
        return half_up(Fraction(weight) * Fraction(executed) / Fraction(budget))

    # tables

    def weights(self, table: Table) -> list[Decimal | None]:
        points = self.policy.indicator_points
        printed = sum(
            (r.weight for r in table.indicators if r.weight is not None and not _na(r)),
            Decimal(0),
        )
        if points is None or printed <= 0:
            return [r.weight for r in table.indicators]
        return [
            None
            if r.weight is None
            else Decimal(r.weight * points / printed).quantize(Decimal("0.0001"), ROUND_HALF_UP)
            for r in table.indicators
        ]

    def score_table(self, table: Table) -> TableScores:
        funds = None if table.funds is None else self.score_funds(table.funds)
        rows = []
        for row, weight in zip(table.indicators, self.weights(table), strict=True):
            rows.append(self.score_indicator(attrs.evolve(row, weight=weight), year=table.year))
        return TableScores(funds=funds, indicators=rows, total=self.total(table, funds, rows))

    def available(self, table: Table) -> Decimal:
        points = Decimal(0)
        if table.funds is not None and self.funds_weight(table.funds) is not None:
            points += self.funds_weight(table.funds)  # type: ignore[operator]
        for row, weight in zip(table.indicators, self.weights(table), strict=True):
            if not _na(row) and weight is not None:
                points += weight
        return points

    def total(self, table: Table, funds: Decimal | None, rows: list[Decimal | None]) -> Decimal:
        summed = sum((s for s in [funds, *rows] if s is not None), Decimal(0))
        return self.rescaled(table, summed)

    def rescaled(self, table: Table, points: Decimal) -> Decimal:
        available = self.available(table)
        if self.policy.rescale_not_applicable and 0 < available < 100:
            return half_up(Fraction(points) * 100 / Fraction(available))
        return points

    def grade(self, total: Decimal) -> str:
        scale = self.policy.grades
        if scale.basis == "rounded":
            total = total.quantize(CENT, ROUND_HALF_UP)
        for band in scale.bands:
            if band.lower is None or total >= band.lower:
                return band.label
        raise AssertionError("the last band has no lower bound")

    def grade_table(self, table: Table) -> str | None:
        scores = self.score_table(table)
        missing, unknown = Decimal(0), False
        parts = []
        if table.funds is not None:
            parts.append((scores.funds, self.funds_weight(table.funds)))
        for row, weight, score in zip(
            table.indicators, self.weights(table), scores.indicators, strict=True
        ):
            if not _na(row):
                parts.append((score, weight))
        for score, weight in parts:
            if score is None:
                unknown = unknown or weight is None
                missing += weight or 0
        low = self.grade(scores.total)
        if unknown:
            return low if low == self.policy.grades.bands[0].label else None
        summed = sum((s for s, _ in parts if s is not None), Decimal(0))
        high = self.grade(self.rescaled(table, summed + missing))
        return low if high == low else None

    def audit(self, table: Table) -> list[object]:
        return list(audit(table, self.policy).findings)  # the audit is not re-implemented

    def read(self, text: str, target: bool = False) -> object:
        return perfeval_reader(text, target=target)  # nor is the grammar

    def read_columns(self, direction: str | None, value: str | None, unit: str | None = None):  # type: ignore[no-untyped-def]
        return perfeval_column_reader(direction, value, unit)  # the grammar's split columns


def _decimal(value: Fraction | Decimal) -> str:
    """*value* in plain digits when it has a finite decimal expansion, else to 6 places."""
    fraction = Fraction(value)
    exact = Decimal(fraction.numerator) / Decimal(fraction.denominator)
    return format(exact.normalize() if Fraction(exact) == fraction else exact, "f")


def _na(row: Indicator) -> bool:
    return isinstance(row.target, NotApplicable) or (
        (not row.name.strip() or row.name.strip() == "无") and not row.weight
    )


# perfeval's scoring, as a budget system would wrap it ----------------------------------------


class Perfeval:
    """perfeval's public functions under ``policy``, assembled into a table scorer; the
    wrong scorers below change one thing."""

    parts: tuple[str, ...] = ALL_PARTS[:-1]  # no reader: the grammar is perfeval's
    policy: Policy = MOF_2020

    def row(self, row: Indicator, year: int | None, weight: Decimal | None = None):  # type: ignore[no-untyped-def]
        return score_indicator(row, self.policy, year=year, weight=weight)

    def score_indicator(
        self, row: Indicator, year: int | None = None, weight: Decimal | None = None
    ) -> Decimal | None:
        return self.row(row, year, weight).score

    def score_funds(self, block: FundBlock) -> Decimal | None:
        return score_funds(block, self.policy).score

    def weights(self, table: Table) -> list[Decimal | None]:
        card = score_table(table, self.policy)
        if self.policy.indicator_points is None:
            return [None] * len(table.indicators)
        return [row.weight for row in card.rows]

    def score_table(self, table: Table) -> TableScores:
        funds = None if table.funds is None else self.score_funds(table.funds)
        rows = [
            self.score_indicator(row, table.year, weight)
            for row, weight in zip(table.indicators, self.weights(table), strict=True)
        ]
        return TableScores(funds=funds, indicators=rows, total=self.total(table, funds, rows))

    def total(self, table: Table, funds: Decimal | None, rows: list[Decimal | None]) -> Decimal:
        summed = sum((s for s in [funds, *rows] if s is not None), Decimal(0))
        return self.rescale(table, summed)

    def rescale(self, table: Table, points: Decimal) -> Decimal:
        available = score_table(table, self.policy).available_points
        if self.policy.rescale_not_applicable and 0 < available < 100:
            return (points * 100 / available).quantize(CENT, ROUND_HALF_UP)
        return points

    def grade(self, total: Decimal) -> str:
        return self.policy.grades.grade(total).label

    def grade_table(self, table: Table) -> str | None:
        band = score_table(table, self.policy).grade
        return None if band is None else band.label

    def audit(self, table: Table) -> list[object]:
        return list(audit(table, self.policy).findings)


def _missed(result) -> bool:  # type: ignore[no-untyped-def]
    return result.achievement is Achievement.NOT_MET and not result.judged


# Rows --------------------------------------------------------------------------------------


class HalfEvenRounding(Perfeval):
    """Missed targets rounded half to even (Python's round()): 8.625 → 8.62."""

    parts = ("indicator", "table")

    def score_indicator(self, row, year=None, weight=None):  # type: ignore[no-untyped-def]
        result = self.row(row, year, weight)
        if _missed(result) and result.exact is not None and result.score is not None:
            return result.exact.quantize(CENT, ROUND_HALF_EVEN)
        return result.score


class UncappedPositive(Perfeval):
    """An over-achieved positive target scores weight × actual / target, above the weight."""

    parts = ("indicator", "table")

    def score_indicator(self, row, year=None, weight=None):  # type: ignore[no-untyped-def]
        result = self.row(row, year, weight)
        if result.capped and result.exact is not None:
            return result.exact.quantize(CENT, ROUND_HALF_UP)
        return result.score


class StrictAtTheLowerBound(Perfeval):
    """≥ read as >: an actual equal to the target goes to the evaluator (no score)."""

    parts = ("indicator", "table")

    def score_indicator(self, row, year=None, weight=None):  # type: ignore[no-untyped-def]
        result = self.row(row, year, weight)
        if result.role == "positive" and result.actual_value == result.target_value:
            return row.score
        return result.score


class StrictAtTheUpperBound(Perfeval):
    """≤ read as <: a cost exactly on its ceiling goes to the evaluator (no score)."""

    parts = ("indicator", "table")

    def score_indicator(self, row, year=None, weight=None):  # type: ignore[no-untyped-def]
        result = self.row(row, year, weight)
        if result.rule is Rule.REVERSE and result.actual_value == result.target_value:
            return row.score
        return result.score


class InvertedReverse(Perfeval):
    """A missed reverse target scored weight × actual / target (the ratio upside down)."""

    parts = ("indicator", "table")

    def score_indicator(self, row, year=None, weight=None):  # type: ignore[no-untyped-def]
        result = self.row(row, year, weight)
        if result.rule is Rule.REVERSE and _missed(result) and result.target_value:
            value = result.weight * result.actual_value / result.target_value
            return value.quantize(CENT, ROUND_HALF_UP)
        return result.score


class LinearReverseUnderNational(Perfeval):
    """Missed cost targets scored linearly under the national (ratio) policy."""

    parts = ("indicator", "table")

    def score_indicator(self, row, year=None, weight=None):  # type: ignore[no-untyped-def]
        linear = attrs.evolve(self.policy, reverse_form="linear")
        return score_indicator(row, linear, year=year, weight=weight).score


class BareCostNumberAsPositive(Perfeval):
    """A cost target printed without ≤ ("60") read as a quantity to reach."""

    parts = ("indicator", "table")

    def score_indicator(self, row, year=None, weight=None):  # type: ignore[no-untyped-def]
        positive = attrs.evolve(self.policy, reverse_level2=())
        return score_indicator(row, positive, year=year, weight=weight).score


class JudgedScoreUncapped(Perfeval):
    """The evaluator's score taken as printed, even above the weight."""

    parts = ("indicator", "table")

    def score_indicator(self, row, year=None, weight=None):  # type: ignore[no-untyped-def]
        result = self.row(row, year, weight)
        return row.score if result.judged else result.score


class NotApplicableAsZero(Perfeval):
    """A 无 row scored 0 instead of being left out."""

    parts = ("indicator", "table")

    def score_indicator(self, row, year=None, weight=None):  # type: ignore[no-untyped-def]
        result = self.row(row, year, weight)
        return Decimal(0) if result.rule is Rule.NOT_APPLICABLE else result.score


class UnitsIgnored(Perfeval):
    """The printed numbers compared as they stand: 517900元 against ≤60万元."""

    parts = ("indicator", "table")

    def score_indicator(self, row, year=None, weight=None):  # type: ignore[no-untyped-def]
        target, actual = row.target, row.actual
        if (
            isinstance(target, Comparison)
            and isinstance(actual, Comparison)
            and (target.unit is not None and actual.unit is not None and target.unit != actual.unit)
        ):
            same = Comparison(actual.direction, actual.value, target.unit)
            row = attrs.evolve(row, actual=same)
        return self.row(row, year, weight).score


class HoursAsDays(Perfeval):
    """A time taken in 小时 compared with a limit in 天 as if both were days."""

    parts = ("indicator", "table")

    def score_indicator(self, row, year=None, weight=None):  # type: ignore[no-untyped-def]
        target, actual = row.target, row.actual
        if (
            isinstance(target, Comparison)
            and isinstance(actual, Comparison)
            and (target.time_limit and actual.unit is not None and actual.unit.symbol == "小时")
        ):
            row = attrs.evolve(row, actual=Comparison(None, actual.value, target.unit))
        return self.row(row, year, weight).score


class TimeLimitAsQuantity(Perfeval):
    """ "30天内完成" scored as a quantity to reach: more days, more points."""

    parts = ("indicator", "table")

    def score_indicator(self, row, year=None, weight=None):  # type: ignore[no-untyped-def]
        target = row.target
        if isinstance(target, Comparison) and target.time_limit:
            reach = Comparison(Direction.GE, target.value, target.unit)
            row = attrs.evolve(row, target=reach)
        return self.row(row, year, weight).score


class DeadlineOffByADay(Perfeval):
    """A task done on the deadline's own day counted late."""

    parts = ("indicator", "table")

    def score_indicator(self, row, year=None, weight=None):  # type: ignore[no-untyped-def]
        result = self.row(row, year, weight)
        target, actual = row.target, row.actual
        if (
            result.rule is Rule.DEADLINE
            and isinstance(target, Deadline)
            and isinstance(actual, Deadline)
            and target.dated
            and actual.dated
            and actual.key(year) == target.key(year)
        ):
            return None if row.score is None else min(row.score, result.weight)
        return result.score


class DeadlineWithoutTheTableYear(Perfeval):
    """A deadline printed without a year ("9月前") not given the table's year."""

    parts = ("indicator", "table")

    def score_indicator(self, row, year=None, weight=None):  # type: ignore[no-untyped-def]
        return self.row(row, None, weight).score


class DeadlineMonthStart(Perfeval):
    """ "9月前" read as before 1 September: done in September is late."""

    parts = ("indicator", "table")

    def score_indicator(self, row, year=None, weight=None):  # type: ignore[no-untyped-def]
        target, actual = row.target, row.actual
        if (
            isinstance(target, Deadline)
            and isinstance(actual, Deadline)
            and (target.dated and actual.dated and target.day is None)
        ):
            month = target.month - 1 or 12
            y = (target.year or year or 2023) - (1 if target.month == 1 else 0)
            earlier = Deadline(year=y, month=month, day=calendar.monthrange(y, month)[1])
            row = attrs.evolve(row, target=earlier)
        return self.row(row, year, weight).score


class MissedDeadlineAsZero(Perfeval):
    """A missed deadline scored 0 instead of the evaluator's score."""

    parts = ("indicator", "table")

    def score_indicator(self, row, year=None, weight=None):  # type: ignore[no-untyped-def]
        result = self.row(row, year, weight)
        if result.rule is Rule.DEADLINE and result.achievement is Achievement.NOT_MET:
            return Decimal(0)
        return result.score


class BlankActualAsZero(Perfeval):
    """A row with a blank or unreadable actual scored 0 instead of its printed score."""

    parts = ("indicator", "table")

    def score_indicator(self, row, year=None, weight=None):  # type: ignore[no-untyped-def]
        result = self.row(row, year, weight)
        if isinstance(row.actual, Blank | Unreadable) and result.rule is not Rule.NOT_APPLICABLE:
            return Decimal(0)
        return result.score


class ZeroTargetAsMet(Perfeval):
    """A target of 0 ("≤0起") counted met whatever the actual, to avoid dividing by 0."""

    parts = ("indicator", "table")

    def score_indicator(self, row, year=None, weight=None):  # type: ignore[no-untyped-def]
        result = self.row(row, year, weight)
        if result.form == "zero-target":
            return result.weight
        return result.score


class LinearWithoutFloor(Perfeval):
    """The linear reverse rule (declared) without its floor at 0: far over, below 0."""

    parts = ("indicator", "table")
    policy = POLICIES["mof-2020-linear-reverse"]

    def score_indicator(self, row, year=None, weight=None):  # type: ignore[no-untyped-def]
        result = self.row(row, year, weight)
        if result.rule is Rule.REVERSE and _missed(result) and result.target_value:
            t, a = result.target_value, result.actual_value
            return (result.weight * (1 - (a - t) / t)).quantize(CENT, ROUND_HALF_UP)
        return result.score


SYMMETRIC: Policy = attrs.evolve(MOF_2020, id="province-symmetric", equal_form="symmetric")
STRICT: Policy = attrs.evolve(MOF_2020, id="province-strict", strict_operators="strict")


class SymmetricIgnored(Perfeval):
    """ "=" targets scored as positive ones under a policy that declares them symmetric."""

    parts = ("indicator", "table")
    policy = SYMMETRIC

    def score_indicator(self, row, year=None, weight=None):  # type: ignore[no-untyped-def]
        return score_indicator(row, MOF_2020, year=year, weight=weight).score


class StrictIgnored(Perfeval):
    """ ">" and "<" met at their bound under a policy whose operators are strict."""

    parts = ("indicator", "table")
    policy = STRICT

    def score_indicator(self, row, year=None, weight=None):  # type: ignore[no-untyped-def]
        return score_indicator(row, MOF_2020, year=year, weight=weight).score


# Funds -------------------------------------------------------------------------------------


class RateAsTwoDecimalFraction(Perfeval):
    """The execution rate taken as a fraction rounded to 2 decimals: 0.8632 → 0.86."""

    parts = ("funds", "table")

    def score_funds(self, block):  # type: ignore[no-untyped-def]
        result = score_funds(block, self.policy)
        if result.score is None or result.capped or result.weight is None:
            return result.score
        rate = result.rate.value.quantize(CENT, ROUND_HALF_UP)
        return (result.weight * rate).quantize(CENT, ROUND_HALF_UP)


class RateRoundedTwice(Perfeval):
    """The rate rounded to a percentage with 2 decimals first, the score rounded again."""

    parts = ("funds", "table")

    def score_funds(self, block):  # type: ignore[no-untyped-def]
        result = score_funds(block, self.policy)
        if result.score is None or result.capped or result.weight is None:
            return result.score
        return (result.weight * result.rate.percent / 100).quantize(CENT, ROUND_HALF_UP)


class FundsUncapped(Perfeval):
    """Over-budget spending scored above the funds weight under the national policy."""

    parts = ("funds", "table")

    def score_funds(self, block):  # type: ignore[no-untyped-def]
        result = score_funds(block, self.policy)
        if result.capped and result.exact is not None:
            return result.exact.quantize(CENT, ROUND_HALF_UP)
        return result.score


class FundsHalfEven(Perfeval):
    """The funds score rounded half to even."""

    parts = ("funds", "table")

    def score_funds(self, block):  # type: ignore[no-untyped-def]
        result = score_funds(block, self.policy)
        if result.exact is not None and not result.capped:
            return result.exact.quantize(CENT, ROUND_HALF_EVEN)
        return result.score


class FundsWeightAsPrinted(Perfeval):
    """The printed funds weight (10) used under a policy that gives execution 20 points."""

    parts = ("funds", "table")
    policy = POLICIES["mof-2020-20-80"]

    def score_funds(self, block):  # type: ignore[no-untyped-def]
        printed = attrs.evolve(self.policy, funds_weight=None, indicator_points=None)
        return score_funds(block, printed).score


class NoDefaultFundsWeight(Perfeval):
    """A table that prints no funds weight left unscored, though the template fixes 10."""

    parts = ("funds", "table")

    def score_funds(self, block):  # type: ignore[no-untyped-def]
        return None if block.weight is None else score_funds(block, self.policy).score


class ZeroBudgetAsZero(Perfeval):
    """A zero budget scored 0 instead of an undefined rate."""

    parts = ("funds", "table")

    def score_funds(self, block):  # type: ignore[no-untyped-def]
        result = score_funds(block, self.policy)
        if result.rate.undefined_reason == "zero-budget":
            return Decimal(0)
        return result.score


# Tables ------------------------------------------------------------------------------------


class NotRescaled(Perfeval):
    """The total not rescaled to 100 under a policy that rescales over 无 rows."""

    parts = ("table",)
    policy = POLICIES["mof-2020-rescaled"]

    def rescale(self, table, points):  # type: ignore[no-untyped-def]
        return points


class RescaledUnasked(Perfeval):
    """The total rescaled over 无 rows under the national policy, which does not."""

    parts = ("table",)

    def rescale(self, table, points):  # type: ignore[no-untyped-def]
        available = score_table(table, self.policy).available_points
        if 0 < available < 100:
            return (points * 100 / available).quantize(CENT, ROUND_HALF_UP)
        return points


class RescaledNotRounded(Perfeval):
    """A rescaled total kept unrounded (97.894736…)."""

    parts = ("table",)
    policy = POLICIES["mof-2020-rescaled"]

    def rescale(self, table, points):  # type: ignore[no-untyped-def]
        available = score_table(table, self.policy).available_points
        if 0 < available < 100:
            return points * 100 / available
        return points


class NotApplicableWeightCounted(Perfeval):
    """Rescaling over every printed weight, 无 rows' included."""

    parts = ("table",)
    policy = POLICIES["mof-2020-rescaled"]

    def rescale(self, table, points):  # type: ignore[no-untyped-def]
        available = sum((r.weight or 0 for r in table.indicators), Decimal(0))
        funds = score_funds(table.funds, self.policy).weight if table.funds else None
        available += funds or 0
        if 0 < available < 100:
            return (points * 100 / available).quantize(CENT, ROUND_HALF_UP)
        return points


class TotalOfExactFunds(Perfeval):
    """The total adds the funds score before rounding (8.6317 instead of 8.63)."""

    parts = ("table",)

    def total(self, table, funds, rows):  # type: ignore[no-untyped-def]
        exact = score_funds(table.funds, self.policy).exact if table.funds else None
        parts = [exact if exact is not None else funds, *rows]
        return self.rescale(table, sum((p for p in parts if p is not None), Decimal(0)))


class TotalWithoutFunds(Perfeval):
    """The total of the indicator rows alone."""

    parts = ("table",)

    def total(self, table, funds, rows):  # type: ignore[no-untyped-def]
        return self.rescale(table, sum((p for p in rows if p is not None), Decimal(0)))


class IndicatorPointsIgnored(Perfeval):
    """Printed indicator weights kept under a policy that rescales them to 80 points."""

    parts = ("table",)
    policy = POLICIES["mof-2020-20-80"]

    def weights(self, table):  # type: ignore[no-untyped-def]
        return [None] * len(table.indicators)


# Grades ------------------------------------------------------------------------------------


PROVINCE_GRADES = GradeScale(
    bands=(
        GradeBand(label="优", name="excellent", lower=Decimal(85)),
        GradeBand(label="良", name="good", lower=Decimal(75)),
        GradeBand(label="中", name="fair", lower=Decimal(60)),
        GradeBand(label="差", name="poor"),
    )
)
PROVINCE: Policy = attrs.evolve(MOF_2020, id="province-85", grades=PROVINCE_GRADES)


def _national(total: Decimal, lowers: tuple[int, int, int], *, strict: bool = False) -> str:
    for label, lower in zip(("优", "良", "中"), lowers, strict=True):
        if total > lower or (not strict and total == lower):
            return label
    return "差"


class GoodFrom85(Perfeval):
    """良 from 85 instead of 80."""

    parts = ("grader",)

    def grade(self, total):  # type: ignore[no-untyped-def]
        return _national(total, (90, 85, 60))


class BandsOpenAtTheBottom(Perfeval):
    """Each band exclusive at its lower bound: 90.00 graded 良."""

    parts = ("grader",)

    def grade(self, total):  # type: ignore[no-untyped-def]
        return _national(total, (90, 80, 60), strict=True)


class RoundedBasisUnasked(Perfeval):
    """89.995 rounded to 90.00 and graded 优 under a policy grading the exact total."""

    parts = ("grader",)

    def grade(self, total):  # type: ignore[no-untyped-def]
        return NATIONAL_GRADES.grade(total.quantize(CENT, ROUND_HALF_UP)).label


class NationalScaleUnderProvince(Perfeval):
    """The national grade scale used under a province's own (优 from 85)."""

    parts = ("grader",)
    policy = PROVINCE

    def grade(self, total):  # type: ignore[no-untyped-def]
        return NATIONAL_GRADES.grade(total).label


class GradedAlthoughRowsMissing(Perfeval):
    """A table graded on what was scored while rows without a score could change it."""

    parts = ("table_grader",)

    def grade_table(self, table):  # type: ignore[no-untyped-def]
        return self.grade(score_table(table, self.policy).total)


# Audit -------------------------------------------------------------------------------------


TIER50 = POLICIES["mof-2020-tier50"]


class NationalTiersUnderTier50(Perfeval):
    """Qualitative tiers checked at 60% under a policy that puts the line at 50%."""

    parts = ("auditor",)
    policy = TIER50

    def audit(self, table):  # type: ignore[no-untyped-def]
        return list(audit(table, MOF_2020).findings)


class TotalsUnchecked(Perfeval):
    """An auditor that never compares the printed total."""

    parts = ("auditor",)

    def audit(self, table):  # type: ignore[no-untyped-def]
        return [f for f in audit(table, self.policy).findings if f.code != "total-mismatch"]


# Explanations, formulas and the grammar ----------------------------------------------------


class ExplainsTheUnroundedScore(Perfeval):
    """An explanation that gives the formula's unrounded value as the score."""

    parts = ("indicator", "explainer")

    def explain_indicator(self, row, year=None):  # type: ignore[no-untyped-def]
        result = self.row(row, year)
        shown = result.exact if result.exact is not None else result.score
        return (
            f"score {shown}; target {result.target_value}, actual {result.actual_value}, "
            f"weight {result.weight}"
        )


FLOORED = attrs.evolve(
    MOF_2020, id="floored-half", reverse_form="floored",
    formulas={"reverse": {"floored": LinearReverse(floor=Decimal("0.5"))}},
)  # fmt: skip


class ExplainsTheNationalLinearForm(Perfeval):
    """An explanation of a floored linear reverse row that writes the national linear
    formula (no floor) beside the score."""

    parts = ("indicator", "explainer")
    policy = FLOORED

    def explain_indicator(self, row, year=None):  # type: ignore[no-untyped-def]
        result = self.row(row, year)
        w, t, a = result.weight, result.target_value, result.actual_value
        if result.role == "reverse" and None not in (w, t, a):
            return f"{LinearReverse().describe(w, t, a)} → {result.score}"
        return result.explain("en")


class FundsExplainedFromTheBlankTotal(Perfeval):
    """A funds explanation that cites the total row as printed, 0 where a cell is blank,
    not the sources' sum that was scored."""

    parts = ("funds", "funds_explainer")

    def explain_funds(self, block):  # type: ignore[no-untyped-def]
        result = score_funds(block, self.policy)
        row = block.total or block.scored_row
        budget = Decimal(0) if row is None else row.annual_budget or Decimal(0)
        executed = Decimal(0) if row is None else row.executed or Decimal(0)
        return f"{result.weight} × {executed} / {budget}: score {result.score}"


class _FloorUnsaid(LinearReverse):
    def describe(self, weight, target, actual):  # type: ignore[no-untyped-def]
        return LinearReverse().describe(weight, target, actual)


FLOOR_UNSAID = attrs.evolve(
    MOF_2020, id="floor-unsaid", reverse_form="half",
    formulas={"reverse": {"half": _FloorUnsaid(floor=Decimal("0.5"))}},
)  # fmt: skip


class FormulaDescribedWithoutItsFloor(Perfeval):
    """A province's linear formula floored at half the weight that describes itself as the
    national one, without its floor."""

    parts = ("indicator", "policy")
    policy = FLOOR_UNSAID


class ReaderBlindToFullWidth(Perfeval):
    """A reader that takes full-width digits ("≥５０个") for text it cannot read."""

    parts = ("reader",)

    def read(self, text, target=False):  # type: ignore[no-untyped-def]
        if any("０" <= ch <= "９" for ch in text):
            return Unreadable(text, "no digits", "无数字")
        return perfeval_reader(text, target=target)


class QualitativeColumnReadAsNumber(Perfeval):
    """Split target columns run together without 指标性质: 定性 | 95% read as 95%."""

    parts = ("reader", "column_reader")

    def read(self, text, target=False):  # type: ignore[no-untyped-def]
        return perfeval_reader(text, target=target)

    def read_columns(self, direction, value, unit=None):  # type: ignore[no-untyped-def]
        sign = "" if (direction or "").strip().startswith("定性") else (direction or "")
        return perfeval_reader(f"{sign}{value or ''}{unit or ''}", target=True)


WRONG: tuple[type[Perfeval], ...] = (
    HalfEvenRounding, UncappedPositive, StrictAtTheLowerBound, StrictAtTheUpperBound,
    InvertedReverse, LinearReverseUnderNational, BareCostNumberAsPositive,
    JudgedScoreUncapped, NotApplicableAsZero, UnitsIgnored, HoursAsDays,
    TimeLimitAsQuantity, DeadlineOffByADay, DeadlineWithoutTheTableYear, DeadlineMonthStart,
    MissedDeadlineAsZero, BlankActualAsZero, ZeroTargetAsMet, LinearWithoutFloor,
    SymmetricIgnored, StrictIgnored, RateAsTwoDecimalFraction, RateRoundedTwice,
    FundsUncapped, FundsHalfEven, FundsWeightAsPrinted, NoDefaultFundsWeight,
    ZeroBudgetAsZero, NotRescaled, RescaledUnasked, RescaledNotRounded,
    NotApplicableWeightCounted, TotalOfExactFunds, TotalWithoutFunds,
    IndicatorPointsIgnored, GoodFrom85, BandsOpenAtTheBottom, RoundedBasisUnasked,
    NationalScaleUnderProvince, GradedAlthoughRowsMissing, NationalTiersUnderTier50,
    TotalsUnchecked, ExplainsTheUnroundedScore, ExplainsTheNationalLinearForm,
    FundsExplainedFromTheBlankTotal, FormulaDescribedWithoutItsFloor, ReaderBlindToFullWidth,
    QualitativeColumnReadAsNumber,
)  # fmt: skip
