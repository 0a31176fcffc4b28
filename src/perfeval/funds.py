"""The fund block (项目资金) of a table: execution rate and its score.

A :class:`FundBlock` holds the total row (年度资金总额) and the source rows below it
(当年财政拨款, 上年结转资金, 其他资金, and any row of a region's own). The total is the
scored row: it is taken as printed, or derived from the sources when the table leaves it
blank. When a printed total and its sources disagree, :meth:`FundBlock.discrepancies`
says so; perfeval scores the printed total and never hides the disagreement. A total row
that is printed but leaves an amount blank (never filled, or a ``=SUM(…)`` formula saved
without its value) takes the sum of the sources in that column, and
:attr:`FundBlock.filled_from_sources` names the columns so filled, for the audit and the
explanation to say.

>>> block = FundBlock(total=FundRow(source="total", annual_budget="60", executed="51.79"))
>>> result = score_funds(block)
>>> result.rate.percent, result.score
(Decimal('86.32'), Decimal('8.63'))
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final, Literal, NamedTuple

import attrs

from perfeval._convert import amount_field, instances, percent_field, points_field, tuple_of
from perfeval._validate import chinese, setting_field
from perfeval.cells import MONEY_UNITS, convert_money
from perfeval.errors import InvalidAmountError, InvalidIndicatorError, InvalidTypeError
from perfeval.number import (
    HUNDRED,
    ZERO,
    add,
    divide,
    fixed,
    multiply,
    normalize_text,
    private_context,
    quantize_half_up,
    ratio_half_up,
)
from perfeval.policy import Policy, resolve_policy

__all__ = [
    "AMOUNT_FIELDS",
    "AMOUNT_NAMES",
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

#: Each amount column's name as tables print it (zh_CN) and in English.
AMOUNT_NAMES: Final = {
    "initial_budget": ("年初预算数", "initial budget"),
    "annual_budget": ("全年预算数", "annual budget"),
    "executed": ("全年执行数", "executed amount"),
}

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
    "总额": "total",
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
    if not isinstance(label, str):
        raise InvalidTypeError(
            f"expected the row's label, not {type(label).__name__}", field="source", value=label
        )
    text = normalize_text(label)
    if not text:
        raise InvalidIndicatorError("a fund row needs its source (total, current_year…)",
                                    field="source", value=label)  # fmt: skip
    if text in SOURCE_LABELS:
        return text
    bare = "".join(text.split()).removeprefix("其中").strip(":：")
    return _LABEL_KEYS.get(bare, bare if bare != text.replace(" ", "") else text)


def _money_unit() -> Any:
    """The money unit of a row or a block: one of :data:`perfeval.cells.MONEY_UNITS`."""
    return setting_field(tuple(MONEY_UNITS), default="万元", error=InvalidAmountError)


@attrs.frozen(kw_only=True)
class FundRow:
    """One row of the fund block: a source and its amounts, with what the table printed."""

    source: str = attrs.field(converter=fund_source)
    """``total``, ``current_year``, ``carry_over``, ``other``, or the table's own label."""
    unit: str = _money_unit()
    """The money unit the row's amounts are in; a :class:`FundBlock` re-expresses its rows
    in its own unit. Printed amounts with a unit ("517900元") are converted into it."""
    initial_budget: Decimal | None = amount_field()
    """年初预算数; blank when the money was added during the year."""
    annual_budget: Decimal | None = amount_field()
    """全年预算数: the denominator of the execution rate."""
    executed: Decimal | None = amount_field()
    """全年执行数: the money actually spent."""
    printed_rate: Decimal | None = percent_field()
    """The execution rate the table printed, in percent (``86.32`` for "86.32%")."""
    printed_score: Decimal | None = points_field()
    """The score the table printed for this row."""

    def in_unit(self, unit: str) -> FundRow:
        """This row with its amounts expressed in *unit* (元, 千元, 万元, 亿元)."""
        if unit == self.unit:
            return self
        changes: dict[str, Any] = {"unit": unit}
        for field in AMOUNT_FIELDS:
            value = getattr(self, field)
            changes[field] = None if value is None else convert_money(value, self.unit, unit)
        return attrs.evolve(self, **changes)

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
        return _undefined(self.executed, self.annual_budget)

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
    @private_context
    def percent(self) -> Decimal | None:
        """The rate in percent, rounded half up once to 2 decimals (``86.32``)."""
        if self.value is None or self.executed is None or self.annual_budget is None:
            return None
        return ratio_half_up(self.executed * HUNDRED, self.annual_budget, 2)

    @property
    def fraction(self) -> Decimal | None:
        """The rate as a fraction rounded half up once to 4 decimals (``0.8632``)."""
        if self.value is None or self.executed is None or self.annual_budget is None:
            return None
        return ratio_half_up(self.executed, self.annual_budget, 4)

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
    """The sum of *field* over the source *rows*, or ``None`` when no row prints it or a
    row that prints other amounts leaves it blank (a partial sum would pass for the
    total: 当年 50 with a 上年结转 whose budget is blank is not a budget of 50)."""
    values = []
    for row in rows:
        value = getattr(row, field)
        if value is not None:
            values.append(value)
        elif any(getattr(row, other) is not None for other in AMOUNT_FIELDS):
            return None
    return add(*values) if values else None


def _in_block_unit(rows: Iterable[FundRow], instance: Any) -> tuple[FundRow, ...]:
    items = tuple_of(FundRow, "sources")(rows)
    unit = instance.unit
    return tuple(row.in_unit(unit) if isinstance(row, FundRow) else row for row in items)


def _total_in_block_unit(row: FundRow | None, instance: Any) -> FundRow | None:
    return row.in_unit(instance.unit) if isinstance(row, FundRow) else row


def _check_rows(instance: FundBlock, _attribute: object, sources: tuple[FundRow, ...]) -> None:
    if instance.total is not None and instance.total.source != "total":
        raise InvalidIndicatorError(
            "the total row must have source 'total'", field="total", value=instance.total.source
        )
    for row in sources:
        if row.source == "total":
            raise InvalidIndicatorError(
                "a source row cannot have source 'total'; pass it as total=", field="sources"
            )


@attrs.frozen(kw_only=True)
class FundBlock:
    """项目资金: the weight, the unit, the printed total row and the source rows."""

    weight: Decimal | None = points_field(default=Decimal(10))
    """分值: points for budget execution (usually 10); ``None`` when the table leaves it blank."""
    unit: str = _money_unit()
    """The money unit every amount of the block is stated in; rows in another unit are
    converted into it."""
    total: FundRow | None = attrs.field(
        default=None,
        converter=attrs.Converter(_total_in_block_unit, takes_self=True),  # type: ignore[misc]
        validator=instances(FundRow, optional=True),
    )
    """The printed 年度资金总额 row, or ``None`` to derive it from the sources."""
    sources: tuple[FundRow, ...] = attrs.field(
        default=(),
        converter=attrs.Converter(_in_block_unit, takes_self=True),  # type: ignore[misc]
        validator=[instances(FundRow), _check_rows],
    )
    """The source rows, in table order, including rows with labels of their own."""

    @property
    def derived_total(self) -> FundRow | None:
        """The total row as the sum of the source rows, column by column."""
        if not self.sources:
            return None
        return FundRow(
            source="total",
            unit=self.unit,
            **{field: _sum_column(self.sources, field) for field in AMOUNT_FIELDS},
        )

    @property
    def filled_from_sources(self) -> tuple[str, ...]:
        """The amount columns (of :data:`AMOUNT_FIELDS`) that the printed total row leaves
        blank while every source row that prints amounts prints them, to a sum other than
        0: the scored row takes the sources' sum there. Empty when there is no printed
        total row (the whole row is derived)."""
        derived = self.derived_total
        if self.total is None or derived is None:
            return ()
        return tuple(
            field
            for field in AMOUNT_FIELDS
            if getattr(self.total, field) is None
            and getattr(derived, field) is not None
            and not getattr(derived, field).is_zero()  # a blank total agrees with a sum of 0
        )

    @property
    def scored_row(self) -> FundRow | None:
        """The row that is scored: the printed total, with each column it leaves blank
        taken from the sum of the sources (:attr:`filled_from_sources`); else, with no
        total row, the derived one."""
        if self.total is None:
            return self.derived_total
        filled = self.filled_from_sources
        if not filled:
            return self.total
        derived = self.derived_total
        assert derived is not None  # a column was filled from it
        return attrs.evolve(self.total, **{field: getattr(derived, field) for field in filled})

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

    weight_from: Literal["table", "policy", "default"] = "table"
    """Where the weight came from: printed in the table, fixed by the policy
    (``funds_weight``), or the policy's default for a table that prints none
    (``default_funds_weight``, 10 in the national template)."""

    @property
    @private_context
    def formula(self) -> str:
        """The computation with its numbers, e.g. ``10 × 51.79 / 60 = 8.6317 → 8.63``."""
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

    def explain(self, locale: str = "zh_CN") -> str:
        """How the funds score was computed, as a sentence in zh_CN or en."""
        return explain_funds(self, locale)


@private_context
def score_funds(block: FundBlock, policy: Policy | str = "mof-2020") -> FundsScore:
    """Score *block* under *policy* (a :class:`~perfeval.policy.Policy` or its id): weight ×
    executed / annual budget, capped, rounded half up once from the exact value."""
    instances(FundBlock)(None, _BLOCK, block)
    return _funds_score(block, resolve_policy(policy))


def _funds_score(block: FundBlock, policy: Policy) -> FundsScore:
    """:func:`score_funds` for arguments the caller has checked (a :class:`FundBlock`, a
    resolved policy), in the private context: a table's fund block is checked when the
    table is made."""
    weight, weight_from = _funds_weight(block.weight, policy)
    rate = block.rate
    exact = score = None
    capped = False
    if weight is not None and rate.defined:
        assert rate.executed is not None
        assert rate.annual_budget is not None
        exact, score, capped = _funds_points(weight, rate.executed, rate.annual_budget, policy)
    return FundsScore(
        block=block,
        rate=rate,
        weight=weight,
        exact=exact,
        score=score,
        capped=capped,
        discrepancies=block.discrepancies(),
        weight_from=weight_from,  # type: ignore[arg-type]
    )


def _undefined(
    executed: Decimal | None, budget: Decimal | None
) -> Literal["blank-budget", "zero-budget", "blank-executed"] | None:
    """Why the execution rate of *executed* against *budget* is undefined, or ``None``."""
    if budget is None:
        return "blank-budget"
    if budget.is_zero():
        return "zero-budget"
    if executed is None:
        return "blank-executed"
    return None


def _funds_weight(printed: Decimal | None, policy: Policy) -> tuple[Decimal | None, str]:
    """The funds weight *policy* scores by, and where it came from: its own
    (``funds_weight``), else the *printed* one, else its default for a table that prints
    none."""
    if policy.funds_weight is not None:
        return policy.funds_weight, "policy"
    if printed is None and policy.default_funds_weight is not None:
        return policy.default_funds_weight, "default"
    return printed, "table"


class _Points(NamedTuple):
    """What :func:`_funds_points` computes."""

    exact: Decimal
    score: Decimal
    capped: bool


def _funds_points(weight: Decimal, executed: Decimal, budget: Decimal, policy: Policy) -> _Points:
    """weight × executed / budget (a budget other than 0): the exact value, the score
    (capped at the weight when the policy caps and more than the budget was spent,
    rounded half up once to 2 decimals) and whether the cap lowered it; in the caller's
    private context."""
    product = multiply(weight, executed)
    exact = divide(product, budget)
    if policy.cap_execution_score and executed > budget:
        return _Points(exact, quantize_half_up(weight, 2), True)
    return _Points(exact, ratio_half_up(product, budget, 2), False)


class _FundsPart(NamedTuple):
    """The part a fund block adds to a table's total: its weight and its score."""

    weight: Decimal | None
    score: Decimal | None


def _plain_funds_score(
    printed_weight: Decimal | None,
    executed: Decimal | None,
    budget: Decimal | None,
    policy: Policy,
) -> _FundsPart:
    """The weight and score of a fund block that is its total row alone, from its
    amounts (as :func:`_funds_score` scores it, through the same steps)."""
    weight, _ = _funds_weight(printed_weight, policy)
    if weight is None or _undefined(executed, budget) is not None:
        return _FundsPart(weight, None)
    assert executed is not None
    assert budget is not None
    return _FundsPart(weight, _funds_points(weight, executed, budget, policy).score)


_BLOCK: Final = attrs.fields(FundsScore).block


def explain_funds(result: FundsScore, locale: str = "zh_CN") -> str:
    """How the funds score was computed, as a sentence in zh_CN or en."""
    zh = chinese(locale)
    filled = _filled_sentence(result.block, zh)
    reason = result.rate.undefined_reason
    if reason is not None:
        why = {
            "blank-budget": ("全年预算数为空", "the annual budget is blank"),
            "zero-budget": ("全年预算数为0", "the annual budget is zero"),
            "blank-executed": ("全年执行数为空", "the executed amount is blank"),
        }[reason][0 if zh else 1]
        return filled + (f"执行率无法计算：{why}。" if zh else f"Execution rate undefined: {why}.")
    if result.score is None:
        return filled + (
            f"执行率 {result.rate}；分值为空，无得分。"
            if zh
            else f"Execution rate {result.rate}; the weight is blank, no score."
        )
    over = ""
    if result.rate.over_budget:
        over = "；执行数超过预算" if zh else "; more than the budget was spent"
    capped = ("，以分值封顶" if zh else ", capped at the weight") if result.capped else ""
    if zh:
        return f"{filled}执行率 {result.rate}{over}；得分 = {result.formula}{capped}（四舍五入）。"
    return (
        f"{filled}Execution rate {result.rate}{over}; score = {result.formula}{capped} (half up)."
    )


def _filled_sentence(block: FundBlock, zh: bool) -> str:
    """What the explanation says first when the total row's blank columns were taken
    from the sources (:attr:`FundBlock.filled_from_sources`); else nothing."""
    filled = block.filled_from_sources
    row = block.scored_row
    if not filled or row is None:
        return ""
    parts = [
        f"{AMOUNT_NAMES[field][0 if zh else 1]} {fixed(getattr(row, field))}" for field in filled
    ]
    if zh:
        names = "、".join(AMOUNT_NAMES[field][0] for field in filled)
        summed = "，".join(parts)
        return f"年度资金总额的{names}为空（未填写或公式未计算），取各来源之和：{summed}。"
    english = [AMOUNT_NAMES[field][1] for field in filled]
    named = english[0] if len(english) == 1 else f"{', '.join(english[:-1])} and {english[-1]}"
    return (
        f"The total row's {named} {'is' if len(english) == 1 else 'are'} blank (never filled, "
        f"or a formula saved without its value); the sum of the source rows is used: "
        f"{', '.join(parts)}. "
    )
