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

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Final

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
    multiply,
    private_context,
    ratio_half_up,
)
from perfeval.policy import MOF_2020, Policy, resolve_policy
from perfeval.scoring import IndicatorScore, RowDecision, Rule, _decide_rows, _explain_row

__all__ = [
    "RowChange",
    "Scorecard",
    "Sums",
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
    if type(rows) is tuple and not rows:  # the default: nothing to check
        return ()
    return _indicators(rows)  # type: ignore[no-any-return]


def _notes(notes: Iterable[str]) -> tuple[str, ...]:
    if type(notes) is tuple and not notes:  # the default: nothing to read
        return ()
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


@attrs.frozen
class Sums:
    """A scorecard's sums, computed once when it is made; with the policy they decide the
    total, its range and the grade (:meth:`total`, :meth:`total_range`, :meth:`grade`:
    the one home of those rules, which :class:`Scorecard` and
    :func:`perfeval.bulk.score_rows` both read)."""

    scored: Decimal
    """The row scores that exist, funds included, before any rescaling."""
    available: Decimal
    """The weights of the applicable rows, funds included."""
    missing: Decimal
    """The weights of the applicable rows that carry no score."""
    complete: bool
    """Whether every part of the total has a score."""
    weights_known: bool
    """Whether every row without a score at least has a weight."""

    def rescaled(self, points: Decimal, policy: Policy) -> Decimal:
        """*points* on the scale of 100 the total is given on: under a policy that
        rescales for 无 rows (:attr:`~perfeval.policy.Policy.rescale_not_applicable`),
        points × 100 / the available points, rounded half up to 2 decimals; else
        *points* as they are."""
        if not policy.rescale_not_applicable:
            return points
        available = self.available
        if ZERO < available < HUNDRED:
            return ratio_half_up(multiply(points, HUNDRED), available)
        return points

    def total(self, policy: Policy) -> Decimal:
        """总分 under *policy*: the sum of the row scores (of those that exist, when
        incomplete), rescaled as :meth:`rescaled` says."""
        return self.rescaled(self.scored, policy)

    def total_range(self, policy: Policy) -> tuple[Decimal, Decimal | None]:
        """The lowest and highest total under *policy* (equal when complete); the highest
        is ``None`` when a row without a score has no weight either."""
        low = self.total(policy)
        if not self.weights_known:
            return low, None
        return low, self.rescaled(add(self.scored, self.missing), policy)

    def grade(self, policy: Policy) -> GradeBand | None:
        """评价等级 on *policy*'s scale; ``None`` when the unscored rows could still
        change it."""
        low, high = self.total_range(policy)
        scale = policy.grades
        band = scale.grade(low)
        if high is None:  # unknown weights: only the top band is certain
            return band if band == scale.bands[0] else None
        return band if scale.grade(high) == band else None


#: One part of a total: whether it applies (not 无), its weight and its score (a plain
#: tuple, made for every row of every table and read at once by :func:`_sums_of`).
_Part = tuple[bool, Decimal | None, Decimal | None]


def _summed(rows: Sequence[RowDecision], funds: FundsScore | None) -> Sums:
    """The sums of *rows* and *funds*."""
    parts: list[_Part] = [(row.applies, row.weight, row.score) for row in rows]
    if funds is not None:
        parts.append((True, funds.weight, funds.score))
    return _sums_of(parts, has_funds=funds is not None)


def _sums_of(parts: Iterable[_Part], *, has_funds: bool) -> Sums:
    """The sums of a table's *parts* (its rows, and its fund block's part when it has one:
    *has_funds*), added in the private context: the one home of what counts towards the
    total, for :class:`Scorecard` and for :mod:`perfeval.bulk`."""
    scored = available = missing = ZERO
    known = True
    complete = has_funds
    plus = CONTEXT.add
    for applies, weight, score in parts:
        if score is not None:
            scored = plus(scored, score)
        if not applies:
            continue
        if weight is not None:
            available = plus(available, weight)
        if score is None:
            complete = False
            if weight is None:
                known = False
            else:
                missing = plus(missing, weight)
    return Sums(scored, available, missing, complete, known)


@attrs.frozen(kw_only=True)
class Scorecard:
    """A table scored under one policy: an immutable value.

    :attr:`rows` holds each row's decision (:class:`~perfeval.scoring.RowDecision`: its
    rule, weight, score and the formula behind it), from which the sums, the total and
    the grade are computed when the scorecard is made. :attr:`indicators`, every row's
    explained result, is built from those decisions by the same functions as
    :func:`~perfeval.scoring.score_indicator`: each time it is read, unless the scorecard
    was made with its rows explained (:meth:`explained`), so keep the tuple rather than
    read it in a loop. An audit explains the rows for its checks and keeps the scorecard
    without them (a report is kept by the thousand and pickled between processes):
    ``report.scorecard.explained()`` keeps them.
    """

    table: Table
    policy: Policy
    funds: FundsScore | None
    rows: tuple[RowDecision, ...]
    """Each indicator row's decision, in table order."""
    sums: Sums
    weights_scale: Decimal | None = None
    """Factor applied to printed indicator weights (policies with ``indicator_points``)."""
    explained_rows: tuple[IndicatorScore, ...] | None = attrs.field(
        default=None, eq=False, repr=False
    )
    """Every row explained, when the scorecard was made so (:meth:`explained`)."""

    @property
    def indicators(self) -> tuple[IndicatorScore, ...]:
        """Every indicator row's explained result, in table order."""
        if self.explained_rows is not None:
            return self.explained_rows
        return _explain(self)

    def explained(self) -> Scorecard:
        """An equal scorecard that keeps its rows explained, so that reading
        :attr:`indicators` costs nothing more (what reading the rows many times, or
        pickling to another process, wants)."""
        if self.explained_rows is not None:
            return self
        # Made directly rather than by attrs.evolve (3.4 µs a call, against 1 µs): every
        # audit makes one for its checks.
        return Scorecard(
            table=self.table,
            policy=self.policy,
            funds=self.funds,
            rows=self.rows,
            sums=self.sums,
            weights_scale=self.weights_scale,
            explained_rows=_explain(self),
        )

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

    @property
    def complete(self) -> bool:
        """Whether every part of the total has a score."""
        return self.sums.complete

    @property
    def scored_points(self) -> Decimal:
        """Sum of the row scores that exist (funds included), before any rescaling."""
        return self.sums.scored

    @property
    def available_points(self) -> Decimal:
        """Sum of the weights of the applicable rows, funds included."""
        return self.sums.available

    def rescaled(self, points: Decimal) -> Decimal:
        """*points* on the scale of 100 the total is given on (:meth:`Sums.rescaled`).
        The total and a printed sum of row scores (the audit's
        :func:`~perfeval.audit.total_verdict`) are both put on that scale here."""
        return self.sums.rescaled(points, self.policy)

    @property
    def total(self) -> Decimal:
        """总分: the sum of the row scores (of those that exist, when incomplete)."""
        return self.sums.total(self.policy)

    @property
    def missing_points(self) -> Decimal:
        """The weight of the rows that carry no score (funds included)."""
        return self.sums.missing

    @property
    def weights_known(self) -> bool:
        """Whether every row without a score at least has a weight (else the highest total
        the table could reach, and so perhaps its grade, are unknown)."""
        return self.sums.weights_known

    @property
    def total_range(self) -> tuple[Decimal, Decimal | None]:
        """The lowest and highest total the table can have (equal when complete); the
        highest is ``None`` when a row without a score has no weight either."""
        return self.sums.total_range(self.policy)

    @property
    def grade(self) -> GradeBand | None:
        """评价等级; ``None`` when the unscored rows could still change it."""
        return self.sums.grade(self.policy)

    def subtotals(self, level: int = 1) -> dict[str, Decimal]:
        """Scores summed per level-1 (or level-2) group, in table order."""
        pairs = zip(self.table.indicators, self.rows, strict=True)
        return _by_group(((indicator, row.score) for indicator, row in pairs), level)

    def group_weights(self, level: int = 1, *, printed: bool = False) -> dict[str, Decimal]:
        """Weights of the applicable rows summed per group, in table order: the weights
        scored by, or with *printed* the weights as printed (they differ when the policy
        rescales the indicators to its :attr:`~perfeval.policy.Policy.indicator_points`)."""
        pairs = zip(self.table.indicators, self.rows, strict=True)
        return _by_group(
            (
                (indicator, indicator.weight if printed else row.weight)
                for indicator, row in pairs
                if row.applies
            ),
            level,
        )


def _by_group(values: Iterable[tuple[Indicator, Decimal | None]], level: int) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = {}
    keys: dict[str | None, str] = {}  # rows repeat their headings: each is matched once
    plus = CONTEXT.add
    for row, value in values:
        if value is None:
            continue
        label = row.level1 if level == 1 else row.level2
        key = keys.get(label)
        if key is None:
            key = keys[label] = group_key(label, level)
        sums[key] = plus(sums.get(key, ZERO), value)
    return sums


@private_context
def _explain(card: Scorecard) -> tuple[IndicatorScore, ...]:
    """The explained rows of *card*, from its decisions."""
    table, policy = card.table, card.policy
    return tuple(
        [
            _explain_row(row, indicator, policy, table.year)
            for row, indicator in zip(card.rows, table.indicators, strict=True)
        ]
    )


def policy_of(
    table: Table,
    policy: Policy | str | None = None,
    *,
    known: Mapping[str, Policy] | None = None,
) -> Policy:
    """The policy *table* is scored by: *policy* when given (a Policy or its id), else the
    one the table names in its ``policy`` field, else the national default ``mof-2020``.
    Every way of scoring a table (the API, batches, workers, the command line) asks here.

    An id is looked up in *known* (policies by id, as a batch sends them to its worker
    processes), then among the built-in and registered policies
    (:func:`~perfeval.policy.get_policy`)."""
    if isinstance(policy, Policy):
        return policy
    wanted = policy if policy is not None else table.policy
    if not wanted:
        return MOF_2020
    if known is not None and isinstance(wanted, str) and wanted in known:
        return known[wanted]
    return resolve_policy(wanted)


@private_context
def score_table(table: Table, policy: Policy | str | None = None) -> Scorecard:
    """Score every row of *table* under *policy* (a :class:`~perfeval.policy.Policy` or
    its id; by default the table's own, see :func:`policy_of`); one private decimal
    context for the whole table.

    Each row is decided once (:func:`~perfeval.scoring.decide_row`'s rules) and the total
    summed from the decisions; the explained rows (:attr:`Scorecard.indicators`) are built
    from the same decisions when they are read.
    """
    return _score_table(table, policy, explain=False)


def _score_table(table: Table, policy: Policy | str | None, *, explain: bool) -> Scorecard:
    """:func:`score_table`; with *explain*, every row is explained at once and kept."""
    _IS_TABLE(None, _TABLE, table)
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
    rows = _decide_rows(table.indicators, policy, table.year, weights)
    explained = None
    if explain:
        explained = tuple(
            [
                _explain_row(row, indicator, policy, table.year)
                for row, indicator in zip(rows, table.indicators, strict=True)
            ]
        )
    return Scorecard(
        table=table,
        policy=policy,
        funds=funds,
        rows=rows,
        sums=_summed(rows, funds),
        weights_scale=scale,
        explained_rows=explained,
    )


_TABLE = attrs.fields(Scorecard).table
_IS_TABLE: Final = instances(Table)


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
