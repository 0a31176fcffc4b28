"""A province's own scorer: the worked example of docs/verify.md.

The province scores missed cost targets linearly, rescales the total to 100 over the
rows that apply, and grades 优 from 85. Its budget system computes scores itself, from the
cells perfeval reads: ``FirstDraft`` is the version first written, ``ProvinceScorer`` the
version that passes every law.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import attrs

from perfeval import MOF_2020, FundBlock, Indicator, Table
from perfeval.grades import GradeBand, GradeScale
from perfeval.targets import (
    Band,
    Comparison,
    Deadline,
    Direction,
    NotApplicable,
    UnitChoice,
    UnitConflict,
    settle_band,
    settle_units,
)
from perfeval.testing import TableScores

#: The province's policy: what the scorer is verified against.
PROVINCE = attrs.evolve(
    MOF_2020,
    id="province-x",
    title="A province: linear cost rule, rescaled total, 优 from 85",
    reverse_form="linear",
    rescale_not_applicable=True,
    grades=GradeScale(
        bands=(
            GradeBand(label="优", name="excellent", lower=Decimal(85)),
            GradeBand(label="良", name="good", lower=Decimal(75)),
            GradeBand(label="中", name="fair", lower=Decimal(60)),
            GradeBand(label="差", name="poor"),
        )
    ),
)


class FirstDraft:
    """The budget system's first scorer for the province."""

    def round(self, value: Fraction) -> Decimal:
        return Decimal(round(float(value), 2)).quantize(Decimal("0.01"))  # Python's round()

    def score_indicator(self, row: Indicator, year: int | None = None) -> Decimal | None:
        target, actual, weight = row.target, row.actual, row.weight
        if isinstance(target, NotApplicable) or not weight:
            return None  # 无, or no weight: left out
        judged = None if row.score is None else min(row.score, weight)
        if isinstance(target, Comparison) and isinstance(actual, Comparison):
            return self.number(row, target, actual, weight, judged)
        if isinstance(target, Deadline) and isinstance(actual, Deadline):
            if target.dated and actual.dated:  # by the end of the period, in the table's year
                return weight if actual.key(year) <= target.key(year) else judged
            return weight if actual.on_time else judged
        if isinstance(target, Band) and isinstance(actual, Comparison):
            band = settle_band(target, actual)  # both cells in one unit, as the grammar reads
            if isinstance(band, UnitConflict):
                return judged
            low, high, value = map(Fraction, (band.low, band.high, band.actual))
            if low <= value <= high:
                return weight
            share = value / low if value < low else high / value
            return (
                self.round(Fraction(weight) * share)
                if low > 0 or value > high
                else (Decimal("0.00"))
            )
        return judged  # statements, blank or unreadable cells: the evaluator's score

    def number(
        self,
        row: Indicator,
        target: Comparison,
        actual: Comparison,
        weight: Decimal,
        judged: Decimal | None,
    ) -> Decimal | None:
        settled = settle_units(target, actual)  # both cells in one unit, as the grammar reads
        if isinstance(settled, UnitConflict):
            return judged
        if isinstance(settled, UnitChoice):  # a rate typed as a fraction, an amount in 元
            a, t = Fraction(settled.actual), Fraction(settled.target)
        else:
            a, t = Fraction(settled), Fraction(target.value)
        w = Fraction(weight)
        direction = target.direction
        if direction is None:  # a bare number: cost rows (成本指标 at level 2 or 1) are reverse
            group = row.level2_group or row.level1_group
            cost = group is not None and group.key in ("cost", "costs")
            direction = Direction.LE if cost else Direction.GE
        if (direction.reverse and a <= t) or (not direction.reverse and a >= t):
            return weight
        if t <= 0:
            return Decimal("0.00")
        linear = max(Fraction(0), w * (1 - (a - t) / t))  # the province's cost rule
        value = linear if direction.reverse else w * a / t
        return judged if value >= w else self.round(value)

    def score_funds(self, block: FundBlock) -> Decimal | None:
        weight = block.weight if block.weight is not None else Decimal(10)
        row = block.scored_row
        if row is None or not row.annual_budget or row.executed is None:
            return None
        if row.executed > row.annual_budget:
            return weight
        return self.round(Fraction(weight) * Fraction(row.executed) / Fraction(row.annual_budget))

    def score_table(self, table: Table) -> TableScores:
        funds = None if table.funds is None else self.score_funds(table.funds)
        rows = [self.score_indicator(row, year=table.year) for row in table.indicators]
        summed = sum((s for s in [funds, *rows] if s is not None), Decimal(0))
        return TableScores(funds=funds, indicators=rows, total=self.total(table, summed))

    def total(self, table: Table, summed: Decimal) -> Decimal:
        return summed

    def grade(self, total: Decimal) -> str:
        for band in PROVINCE.grades.bands:
            if band.lower is None or total >= band.lower:
                return band.label
        return PROVINCE.grades.bands[-1].label


class ProvinceScorer(FirstDraft):
    """The scorer after verification: half up, and rescaled over the rows that apply."""

    def round(self, value: Fraction) -> Decimal:
        cents, rest = divmod(value * 100, 1)
        return Decimal(int(cents) + (rest >= Fraction(1, 2))) / 100  # 四舍五入

    def total(self, table: Table, summed: Decimal) -> Decimal:
        available = Decimal(10) if table.funds is not None else Decimal(0)
        for row in table.indicators:
            if not isinstance(row.target, NotApplicable) and row.weight:
                available += row.weight
        if 0 < available < 100:
            return (summed * 100 / available).quantize(Decimal("0.01"), ROUND_HALF_UP)
        return summed


__all__ = ["PROVINCE", "FirstDraft", "ProvinceScorer"]
