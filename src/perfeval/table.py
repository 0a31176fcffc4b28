"""The self-evaluation table (项目支出绩效自评表) and its scorecard.

:func:`score_table` applies a :class:`~perfeval.policy.Policy` to a :class:`Table` and
returns a :class:`Scorecard`: the funds score, every indicator's score with its
explanation, subtotals per level-1 and level-2 group, the total and the grade.

**The total** is the sum of the row scores as the scorecard shows them (the funds score
rounded half up to 2 decimals, indicator scores as computed or judged), as printed tables
do. A row that carries no score (a lost or blank cell that no rule can compute) leaves the
total *incomplete*: :attr:`Scorecard.total` is then the sum of what was scored, and
:attr:`Scorecard.total_range` says how high it could go. The grade is given when it is
the same over that whole range, and is ``None`` otherwise. Grades use the policy's grade
scale and basis (the exact total by default).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

import attrs

from perfeval._convert import instances, name_field, points_field, text_field, tuple_of
from perfeval.cells import read_points, read_text, read_year
from perfeval.errors import InvalidTypeError
from perfeval.funds import FundBlock, FundsScore, _funds_score
from perfeval.grades import GradeBand
from perfeval.groups import match_group
from perfeval.indicators import Indicator
from perfeval.number import (
    CONTEXT,
    HUNDRED,
    ZERO,
    add,
    divide,
    private_context,
    ratio_half_up,
)
from perfeval.policy import MOF_2020, Policy, resolve_policy
from perfeval.scoring import IndicatorScore, Numbers, Rule, _explained_score, _score_rows

__all__ = [
    "RowChange",
    "Scorecard",
    "Table",
    "compare",
    "group_key",
    "policy_of",
    "score_table",
]


def _weights(value: Mapping[str, object] | None) -> dict[str, Decimal]:
    if not value:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidTypeError(
            "expected a mapping of level-1 headings to points", field="level1_weights", value=value
        )
    weights = {}
    for name, points in value.items():
        number = read_points(points, field="level1_weights", row=str(name))
        if number is not None:
            weights[str(name)] = number
    return weights


def _year(value: object) -> int | None:
    return read_year(value)


_indicators = tuple_of(Indicator, "indicators")
_notes_tuple = tuple_of(str, "notes")


def _indicator_tuple(rows: Iterable[Indicator]) -> tuple[Indicator, ...]:
    return _indicators(rows)  # type: ignore[no-any-return]


def _notes(notes: Iterable[str]) -> tuple[str, ...]:
    items = _notes_tuple(notes)
    return tuple(read_text(note, field="notes", row=i) or "" for i, note in enumerate(items))


@attrs.frozen(kw_only=True)
class Table:
    """A filled 项目支出绩效自评表, as printed."""

    project: str = name_field()
    """项目名称."""
    department: str | None = text_field()
    """主管部门."""
    unit: str | None = text_field()
    """实施单位."""
    year: int | None = attrs.field(default=None, converter=_year)
    """年度: the fiscal year evaluated; dates printed without a year take it."""
    funds: FundBlock | None = attrs.field(
        default=None, validator=instances(FundBlock, optional=True)
    )
    """项目资金; ``None`` when the table has no fund block."""
    goals_planned: str | None = text_field()
    """年度总体目标：预期目标."""
    goals_achieved: str | None = text_field()
    """年度总体目标：实际完成情况."""
    level1_weights: dict[str, Decimal] = attrs.field(factory=dict, converter=_weights)
    """Declared points per level-1 group, as printed ("产出指标": 50)."""
    indicators: tuple[Indicator, ...] = attrs.field(
        default=(), converter=_indicator_tuple, validator=instances(Indicator)
    )
    printed_total: Decimal | None = points_field()
    """总分 as printed (``None`` when the cell is blank)."""
    printed_grade: str | None = text_field()
    """评价等级 as printed."""
    policy: str | None = text_field()
    """The policy id the table asks to be scored by, if it names one."""
    notes: tuple[str, ...] = attrs.field(default=(), converter=_notes)
    """Remarks on the table itself (transcription notes, lost cells)."""


def group_key(label: str | None, level: int) -> str:
    """The key a heading is grouped under: the known group's label, else the text."""
    group = match_group(label, level=1 if level == 1 else 2)
    if group is not None:
        return group.label
    return (label or "").strip() or "—"


#: A row as the total sees it: the indicator, whether it applies, its weight and its score.
_Part = tuple[Indicator, bool, Decimal | None, Decimal | None]

#: A scorecard's sums: scored, available and missing points, complete, weights known.
_Sums = tuple[Decimal, Decimal, Decimal, bool, bool]

TYPE_CHECKING = False


class _State:
    """What a scorecard keeps besides its fields: until its rows are explained, each row's
    numbers (what the sums read, and what explaining the row needs: see
    ``perfeval.scoring._score_rows``) and the weights passed to it; and the sums
    (computed when :func:`score_table` makes the scorecard, or when first read for a
    scorecard made with its rows explained)."""

    __slots__ = ("pending", "sums", "weights")

    def __init__(
        self,
        pending: list[Numbers] | None,
        weights: list[Decimal | None] | None,
        sums: _Sums | None = None,
    ) -> None:
        self.pending, self.weights, self.sums = pending, weights, sums


@attrs.frozen(kw_only=True)
class Scorecard:
    """A table scored under one policy.

    :func:`score_table` computes the numbers first (each row's weight and score, and from
    them the total); :attr:`indicators`, every row's explained result, is built when it
    is first read, by :func:`~perfeval.scoring.score_indicator`'s rules, and kept.
    """

    table: Table
    policy: Policy
    funds: FundsScore | None
    indicators: tuple[IndicatorScore, ...]
    weights_scale: Decimal | None = None
    """Factor applied to printed indicator weights (policies with ``indicator_points``)."""
    _state: _State | None = attrs.field(init=False, default=None, eq=False, repr=False)

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> object:
            # Only called for an unset slot: the explained rows of a scorecard that
            # score_table returned, built on first use.
            if name != "indicators":
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            rows = _explain(self)
            state = self._state
            sums = None if state is None else state.sums
            object.__setattr__(self, "indicators", rows)
            # The rows now say the rest; the sums are kept.
            object.__setattr__(self, "_state", _State(None, None, sums))
            return rows

    @property
    def policy_id(self) -> str:
        """The id of the policy used."""
        return self.policy.id

    @property
    def applicable(self) -> tuple[IndicatorScore, ...]:
        """Indicator rows that apply (not 无)."""
        return tuple(r for r in self.indicators if r.rule is not Rule.NOT_APPLICABLE)

    @property
    def unscored(self) -> tuple[IndicatorScore, ...]:
        """Applicable rows that carry no score."""
        return tuple(r for r in self.applicable if r.score is None)

    def _numbers(self) -> Iterable[tuple[bool, Decimal | None, Decimal | None, object]]:
        """Each row's applicability, weight and score (and what else was kept of it)."""
        state = self._state
        if state is not None and state.pending is not None:
            return state.pending
        return [(r.rule is not Rule.NOT_APPLICABLE, r.weight, r.score, r) for r in self.indicators]

    def _rows(self) -> list[_Part]:
        """Each row's indicator, whether it applies, its weight and its score (from the
        numbers when the rows are not explained yet)."""
        numbers = self._numbers()
        return [
            (row, on, weight, score)
            for row, (on, weight, score, _) in zip(self.table.indicators, numbers, strict=True)
        ]

    def _sums(self) -> _Sums:
        """The scored points, the available points, the missing points, whether the
        scorecard is complete and whether every unscored row has a weight: one pass over
        the rows (and the funds), kept."""
        state = self._state
        if state is None:  # a scorecard made with its rows explained
            state = _State(None, None)
            object.__setattr__(self, "_state", state)
        if state.sums is None:
            state.sums = self._summed()
        return state.sums

    @private_context
    def _summed(self) -> _Sums:
        scored = available = missing = ZERO
        known = True
        funds = self.funds
        complete = funds is not None
        last = () if funds is None else ((True, funds.weight, funds.score, None),)
        for on, weight, score, _ in itertools.chain(self._numbers(), last):
            if score is not None:
                scored += score
            if not on:
                continue
            if weight is not None:
                available += weight
            if score is None:
                complete = False
                if weight is None:
                    known = False
                else:
                    missing += weight
        return scored, available, missing, complete, known

    @property
    def complete(self) -> bool:
        """Whether every part of the total has a score."""
        return self._sums()[3]

    @property
    def scored_points(self) -> Decimal:
        """Sum of the row scores that exist (funds included), before any rescaling."""
        return self._sums()[0]

    @property
    def available_points(self) -> Decimal:
        """Sum of the weights of the applicable rows, funds included."""
        return self._sums()[1]

    def _rescaled(self, points: Decimal) -> Decimal:
        return self._rescale(points) if self.policy.rescale_not_applicable else points

    @private_context
    def _rescale(self, points: Decimal) -> Decimal:
        available = self.available_points
        if ZERO < available < HUNDRED:
            return ratio_half_up(points * HUNDRED, available)
        return points

    @property
    def total(self) -> Decimal:
        """总分: the sum of the row scores (of those that exist, when incomplete)."""
        return self._rescaled(self.scored_points)

    @property
    def missing_points(self) -> Decimal:
        """The weight of the rows that carry no score (funds included)."""
        return self._sums()[2]

    @property
    def weights_known(self) -> bool:
        """Whether every row without a score at least has a weight (else the highest total
        the table could reach, and so perhaps its grade, are unknown)."""
        return self._sums()[4]

    @property
    def total_range(self) -> tuple[Decimal, Decimal | None]:
        """The lowest and highest total the table can have (equal when complete); the
        highest is ``None`` when a row without a score has no weight either."""
        if not self.weights_known:
            return self.total, None
        return self.total, self._rescaled(add(self.scored_points, self.missing_points))

    @property
    def grade(self) -> GradeBand | None:
        """评价等级; ``None`` when the unscored rows could still change it."""
        low, high = self.total_range
        scale = self.policy.grades
        band = scale.grade(low)
        if high is None:  # unknown weights: only the top band is certain
            return band if band == scale.bands[0] else None
        return band if scale.grade(high) == band else None

    def subtotals(self, level: int = 1) -> dict[str, Decimal]:
        """Scores summed per level-1 (or level-2) group, in table order."""
        return _by_group(((row, score) for row, _, _, score in self._rows()), level)

    def group_weights(self, level: int = 1) -> dict[str, Decimal]:
        """Weights of the applicable rows summed per group, in table order."""
        return _by_group(((row, weight) for row, on, weight, _ in self._rows() if on), level)


def _by_group(values: Iterable[tuple[Indicator, Decimal | None]], level: int) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = {}
    plus = CONTEXT.add
    for row, value in values:
        if value is None:
            continue
        key = group_key(row.level1 if level == 1 else row.level2, level)
        sums[key] = plus(sums.get(key, ZERO), value)
    return sums


@private_context
def _explain(card: Scorecard) -> tuple[IndicatorScore, ...]:
    """The explained rows of *card*: each row scored as :func:`score_indicator` scores it
    (rows that were explained while scoring are kept as they are)."""
    state = card._state
    if state is None or state.pending is None:  # explained meanwhile, by another thread
        rows: tuple[IndicatorScore, ...] = object.__getattribute__(card, "indicators")
        return rows
    table, policy, weights = card.table, card.policy, state.weights
    if weights is None:
        weights = [None] * len(state.pending)
    return tuple(
        [
            how
            if isinstance(how, IndicatorScore)
            else _explained_score(row, policy, table.year, weight, how)
            for row, weight, (_, _, _, how) in zip(
                table.indicators, weights, state.pending, strict=True
            )
        ]
    )


def policy_of(table: Table, policy: Policy | str | None = None) -> Policy:
    """The policy *table* is scored by: *policy* when given (a Policy or its id), else the
    one the table names in its ``policy`` field, else the national default ``mof-2020``.
    Every way of scoring a table (the API, batches, the command line) asks here."""
    if policy is not None:
        return resolve_policy(policy)
    return resolve_policy(table.policy) if table.policy else MOF_2020


@private_context
def score_table(table: Table, policy: Policy | str | None = None) -> Scorecard:
    """Score every row of *table* under *policy* (a :class:`~perfeval.policy.Policy` or
    its id); one private decimal context for the whole table.

    The numbers come first: each row's score and the total, by the same rules and formula
    objects as :func:`~perfeval.scoring.score_indicator`; the explained rows
    (:attr:`Scorecard.indicators`) are built from them when they are first read.
    """
    return _score_table(table, policy, eager=False)


def _score_table(table: Table, policy: Policy | str | None, *, eager: bool) -> Scorecard:
    """:func:`score_table`; with *eager*, every row is explained at once (the reference
    that the numbers-first scorecard must equal)."""
    instances(Table)(None, _TABLE, table)
    policy = policy_of(table, policy)
    funds = _funds_score(table.funds, policy) if table.funds is not None else None
    scale: Decimal | None = None
    points = policy.indicator_points
    printed = ZERO
    if points is not None:
        printed = add(
            *(
                row.weight
                for row in table.indicators
                if row.weight is not None and not row.not_applicable
            )
        )
        if printed > 0:
            scale = divide(points, printed)
    weights: list[Decimal | None] | None = None
    if scale is not None and points is not None:
        weights = [
            None if row.weight is None else ratio_half_up(row.weight * points, printed, 4)
            for row in table.indicators
        ]
    year = table.year
    indicators = table.indicators
    card: Scorecard = object.__new__(Scorecard)
    put = object.__setattr__  # the fields of a frozen instance, set once, here: what the
    put(card, "table", table)  # library made is not validated again
    put(card, "policy", policy)
    put(card, "funds", funds)
    put(card, "weights_scale", scale)
    if eager:
        row_weights = weights or [None] * len(indicators)
        rows = tuple(
            [
                _explained_score(row, policy, year, weight)
                for row, weight in zip(indicators, row_weights, strict=True)
            ]
        )
        put(card, "indicators", rows)
        put(card, "_state", None)
        return card
    put(card, "_state", _State(_score_rows(indicators, policy, year, weights), weights))
    card._sums()  # the total's sums, in this table's private context
    return card


_TABLE = attrs.fields(Scorecard).table


@attrs.frozen(kw_only=True)
class RowChange:
    """One row whose score differs between two scorecards."""

    where: str
    """``funds`` or ``indicators[i]``."""
    name: str
    before: Decimal | None
    after: Decimal | None
    rule_before: str
    rule_after: str


def compare(before: Scorecard, after: Scorecard) -> tuple[RowChange, ...]:
    """Row-by-row differences between two scorecards of the same table (what-if)."""
    changes: list[RowChange] = []
    if (
        before.funds is not None
        and after.funds is not None
        and before.funds.score != after.funds.score
    ):
        changes.append(
            RowChange(
                where="funds",
                name="预算执行率",
                before=before.funds.score,
                after=after.funds.score,
                rule_before="execution",
                rule_after="execution",
            )
        )
    pairs: Sequence[tuple[IndicatorScore, IndicatorScore]] = list(
        zip(before.indicators, after.indicators, strict=False)
    )
    for index, (old, new) in enumerate(pairs):
        if old.score != new.score or old.rule != new.rule:
            changes.append(
                RowChange(
                    where=f"indicators[{index}]",
                    name=old.indicator.name,
                    before=old.score,
                    after=new.score,
                    rule_before=old.rule.value,
                    rule_after=new.rule.value,
                )
            )
    return tuple(changes)
