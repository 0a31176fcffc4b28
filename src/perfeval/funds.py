"""The fund block (项目资金) of a table: execution rate and its score.

A :class:`FundBlock` holds the total row (年度资金总额) and the source rows below it
(当年财政拨款, 上年结转资金, 其他资金, and any row of a region's own). The total is the
scored row: it is taken as printed, or derived from the sources when the table leaves it
blank. When a printed total and its sources disagree, :meth:`FundBlock.discrepancies`
says so; perfeval scores the printed total and never hides the disagreement.

>>> block = FundBlock(total=FundRow(source="total", annual_budget="60", executed="51.79"))
>>> result = score_funds(block)
>>> result.rate.percent, result.score
(Decimal('86.32'), Decimal('8.63'))
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Final, Literal

import attrs

from perfeval._convert import amount_field, instances
from perfeval.number import (
    HUNDRED,
    ZERO,
    add,
    divide,
    fixed,
    multiply,
    normalize_text,
    quantize_half_up,
)
from perfeval.policy import MOF_2020, Policy

__all__ = [
    "AMOUNT_FIELDS",
    "SOURCE_LABELS",
    "ExecutionRate",
    "FundBlock",
    "FundDiscrepancy",
    "FundRow",
    "FundsScore",
    "fund_source",
    "score_funds",
]

#: The amount columns of a fund row, in table order.
AMOUNT_FIELDS: Final = ("initial_budget", "annual_budget", "executed")

#: Chinese row labels of the standard sources, by key.
SOURCE_LABELS: Final = {
    "total": "年度资金总额",
    "current_year": "当年财政拨款",
    "carry_over": "上年结转资金",
    "other": "其他资金",
}

_LABEL_KEYS: Final = {
    "年度资金总额": "total",
    "资金总额": "total",
    "合计": "total",
    "总计": "total",
    "当年财政拨款": "current_year",
    "本年财政拨款": "current_year",
    "财政拨款": "current_year",
    "上年结转资金": "carry_over",
    "上年结转": "carry_over",
    "其他资金": "other",
}


def fund_source(label: str) -> str:
    """The source key of a printed row *label*; an unknown label is returned as written.

    >>> fund_source("其中：本年财政拨款")
    'current_year'
    >>> fund_source("财政专户管理资金")
    '财政专户管理资金'
    """
    text = normalize_text(label)
    if text in SOURCE_LABELS:
        return text
    bare = "".join(text.split()).removeprefix("其中").lstrip(":：")
    return _LABEL_KEYS.get(bare, text)


@attrs.frozen(kw_only=True)
class FundRow:
    """One row of the fund block: a source and its amounts, with what the table printed."""

    source: str = attrs.field(converter=fund_source)
    """``total``, ``current_year``, ``carry_over``, ``other``, or the table's own label."""
    initial_budget: Decimal | None = amount_field()
    """年初预算数; blank when the money was added during the year."""
    annual_budget: Decimal | None = amount_field()
    """全年预算数: the denominator of the execution rate."""
    executed: Decimal | None = amount_field()
    """全年执行数: the money actually spent."""
    printed_rate: Decimal | None = amount_field()
    """The execution rate the table printed, in percent (``86.32`` for "86.32%")."""
    printed_score: Decimal | None = amount_field()
    """The score the table printed for this row."""

    @property
    def label(self) -> str:
        """The row's Chinese label."""
        return SOURCE_LABELS.get(self.source, self.source)

    @property
    def rate(self) -> ExecutionRate:
        """This row's execution rate."""
        return ExecutionRate(executed=self.executed, annual_budget=self.annual_budget)


@attrs.frozen(kw_only=True)
class ExecutionRate:
    """executed / annual budget, exact; undefined (not 0, not an error) without a budget."""

    executed: Decimal | None
    annual_budget: Decimal | None

    @property
    def undefined_reason(self) -> Literal["blank-budget", "zero-budget", "blank-executed"] | None:
        """Why the rate is undefined, or ``None`` when it is defined."""
        if self.annual_budget is None:
            return "blank-budget"
        if self.annual_budget.is_zero():
            return "zero-budget"
        if self.executed is None:
            return "blank-executed"
        return None

    @property
    def defined(self) -> bool:
        """Whether the rate has a value."""
        return self.undefined_reason is None

    @property
    def value(self) -> Decimal | None:
        """The exact rate as a fraction (34 significant digits), or ``None`` if undefined."""
        if self.executed is None or self.annual_budget is None or self.annual_budget.is_zero():
            return None
        return divide(self.executed, self.annual_budget)

    @property
    def percent(self) -> Decimal | None:
        """The rate in percent, rounded half up to 2 decimals (``86.32``)."""
        value = self.value
        return None if value is None else quantize_half_up(multiply(value, HUNDRED), 2)

    @property
    def fraction(self) -> Decimal | None:
        """The rate as a fraction rounded half up to 4 decimals (``0.8632``)."""
        value = self.value
        return None if value is None else quantize_half_up(value, 4)

    @property
    def over_budget(self) -> bool:
        """Whether more than a (non-zero) annual budget was spent.

        With a zero or blank budget the rate is undefined, and that is what is reported.
        """
        return (
            self.defined and self.executed is not None and self.executed > (self.annual_budget or 0)
        )

    def __str__(self) -> str:
        percent = self.percent
        return "undefined" if percent is None else f"{fixed(percent)}%"


@attrs.frozen(kw_only=True)
class FundDiscrepancy:
    """A column where the printed total row and the sum of the source rows disagree."""

    field: str
    printed: Decimal
    derived: Decimal


def _sum_column(rows: Iterable[FundRow], field: str) -> Decimal | None:
    values = [getattr(row, field) for row in rows if getattr(row, field) is not None]
    return add(*values) if values else None


def _row_tuple(rows: Iterable[FundRow]) -> tuple[FundRow, ...]:
    return tuple(rows)


def _check_rows(instance: FundBlock, _attribute: object, sources: tuple[FundRow, ...]) -> None:
    if instance.total is not None and instance.total.source != "total":
        raise ValueError(f"the total row must have source 'total', not {instance.total.source!r}")
    for row in sources:
        if row.source == "total":
            raise ValueError("a source row cannot have source 'total'; pass it as total=")


@attrs.frozen(kw_only=True)
class FundBlock:
    """项目资金: the weight, the unit, the printed total row and the source rows."""

    weight: Decimal | None = amount_field(default=Decimal(10))
    """分值: points for budget execution (usually 10); ``None`` when the table leaves it blank."""
    unit: str = "万元"
    """The unit every amount of the block is stated in."""
    total: FundRow | None = attrs.field(default=None, validator=instances(FundRow, optional=True))
    """The printed 年度资金总额 row, or ``None`` to derive it from the sources."""
    sources: tuple[FundRow, ...] = attrs.field(
        default=(), converter=_row_tuple, validator=[instances(FundRow), _check_rows]
    )
    """The source rows, in table order, including rows with labels of their own."""

    @property
    def derived_total(self) -> FundRow | None:
        """The total row as the sum of the source rows, column by column."""
        if not self.sources:
            return None
        return FundRow(
            source="total",
            **{field: _sum_column(self.sources, field) for field in AMOUNT_FIELDS},
        )

    @property
    def scored_row(self) -> FundRow | None:
        """The row that is scored: the printed total, else the derived one."""
        return self.total if self.total is not None else self.derived_total

    def discrepancies(self) -> tuple[FundDiscrepancy, ...]:
        """Columns in which the printed total differs from the sum of its source rows."""
        derived = self.derived_total
        if self.total is None or derived is None:
            return ()
        found = []
        for field in AMOUNT_FIELDS:
            printed, summed = getattr(self.total, field), getattr(derived, field)
            if printed is not None and summed is not None and printed != summed:
                found.append(FundDiscrepancy(field=field, printed=printed, derived=summed))
        return tuple(found)

    @property
    def rate(self) -> ExecutionRate:
        """The execution rate of the scored row."""
        row = self.scored_row
        if row is None:
            return ExecutionRate(executed=None, annual_budget=None)
        return row.rate


@attrs.frozen(kw_only=True)
class FundsScore:
    """The scored fund block: rate, weight, score, and how the score came about."""

    block: FundBlock
    rate: ExecutionRate
    weight: Decimal | None
    """The weight used (the policy's, or the table's)."""
    exact: Decimal | None
    """weight × rate before the cap and rounding; ``None`` when it cannot be computed."""
    score: Decimal | None
    """The score, capped per policy and rounded half up to 2 decimals."""
    capped: bool
    """Whether the cap at the weight lowered the score."""
    discrepancies: tuple[FundDiscrepancy, ...]

    @property
    def formula(self) -> str:
        """The computation with its numbers, e.g. ``10 × 51.79 / 60 = 8.63``."""
        row = self.block.scored_row
        if self.weight is None or row is None or self.exact is None or self.score is None:
            return ""
        text = (
            f"{fixed(self.weight)} × {fixed(row.executed or ZERO)} / "
            f"{fixed(row.annual_budget or ZERO)} = {fixed(self.exact, 4)}"
        )
        if self.capped:
            text += f" → cap {fixed(self.weight)}"
        return f"{text} → {fixed(self.score)}"


def score_funds(block: FundBlock, policy: Policy = MOF_2020) -> FundsScore:
    """Score *block* under *policy*: weight × execution rate, capped, rounded half up."""
    weight = policy.funds_weight if policy.funds_weight is not None else block.weight
    rate = block.rate
    value = rate.value
    exact = score = None
    capped = False
    if weight is not None and value is not None:
        exact = multiply(weight, value)
        kept = exact
        if policy.cap_execution_score and exact > weight:
            kept, capped = weight, True
        score = quantize_half_up(kept, 2)
    return FundsScore(
        block=block,
        rate=rate,
        weight=weight,
        exact=exact,
        score=score,
        capped=capped,
        discrepancies=block.discrepancies(),
    )
