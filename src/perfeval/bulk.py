"""Exact scoring of database rows a column at a time: standard rows in, Arrow tables out.

An edge module, for data teams that hold indicator rows by the million. :func:`score_rows`
takes the same 预算管理一体化 standard rows as :func:`perfeval.database.load_tables`
(iterables of mappings, DB-API cursors, pandas or polars DataFrames, Arrow tables or
record batches; a :class:`~perfeval.database.FieldMap` for other field names) and gives
the same scores as ``score_table(load_tables(...)[code])`` for every project, digit for
digit: the funds score, every row's score and rule, the total and the grade. A table's
own policy (its ``policy`` field) is honoured as everywhere else. :func:`score_batches`
takes the indicator rows in pieces instead (Arrow record batches from a Parquet dataset,
say, grouped by project) and yields the results as the projects end, so that memory stays
bounded however many rows come.

How it stays the same as the row path:

- Rows are grouped and every header and fund cell is read by :mod:`perfeval.database`
  itself. The common project (its name, department, unit, year, policy and funds weight
  cells text or numbers, at most one fund row, the total row, no amount unit) is made
  directly: its header by :class:`~perfeval.table.Table`, its fund row by
  :class:`~perfeval.funds.FundRow`, and its funds scored by the steps of
  :func:`~perfeval.funds.score_funds`; any other by
  :func:`perfeval.document.table_from_mapping`, as the row path makes it.
- Each distinct text of a chunk's target, actual, weight and score cells is read once
  (a number cell each time), by the same readers (``parse_target``, ``parse_actual``,
  the points reader); the rows hold codes into those readings.
- The common row, a number against a number in the same unit (``≥100个`` against
  ``95.5个``) with a weight, under a policy that keeps the printed weights, is decided a
  column at a time for each policy and direction, on exact integer columns
  (:mod:`perfeval.integers`: NumPy ``int64`` where the magnitudes allow, Python
  integers otherwise): the met test (:meth:`~perfeval.scoring.Test.holds_column`, next
  to its one-row ``holds``), each formula's exact values for the missed rows
  (``ratio_column``, next to its one-row ``ratio`` in :mod:`perfeval.formulas`), and
  the cap and the one half-up rounding (:func:`~perfeval.scoring.settle_missed_column`,
  next to :func:`~perfeval.scoring.settle_missed`). Laws hold each column evaluation to
  its one-row one; a property test holds every row's rule, weight, score and judged flag
  to the :class:`~perfeval.scoring.RowDecision` that
  :func:`~perfeval.scoring.decide_row` gives.
- Every other row (worded targets, deadlines, ranges, tiers, unit conversions, 无, rows
  without a weight or with cells of other types) is built as an
  :class:`~perfeval.indicators.Indicator` by the document reader and decided by
  :func:`~perfeval.scoring.decide_row`'s own function, once for each distinct row; a
  policy that rescales the indicator weights (``indicator_points``) scores its tables by
  the row path whole.
- The sums, the total, its range and the grade are :class:`~perfeval.table.Sums`'s, as
  for a :class:`~perfeval.table.Scorecard`.
- Projects are decided a chunk at a time (about :data:`CHUNK_ROWS` indicator rows), so
  what a call holds beyond its input and its result is bounded (see ``docs/scale.md``).
- Input the row path refuses is refused the same way: the column path only reads what it
  knows the row path accepts, and for anything else (a cell of an unexpected type, a
  header that disagrees, a bad code, a value above a limit) it hands the whole input to
  :func:`~perfeval.database.load_tables`, which raises its own
  :class:`~perfeval.errors.DocumentError` naming the project, the row and the field (or
  scores the input by the row path, when it does not refuse it).
- One thing the row path accepts and the result cannot hold: text with a lone surrogate
  (Python text, not UTF-8) in a project code or name, which Arrow text cannot store. It
  is refused with a :class:`~perfeval.errors.DocumentError` naming the project and the
  column.

>>> result = score_rows(
...     funds=[{"PRO_CODE": "P1", "FUND_SOURCE": "年度资金总额", "CUR_AMT": "60",
...             "YEAR_EXE_AMT": "51.79"}],
...     indicators=[{"PRO_CODE": "P1", "KPI_LV1": "产出指标", "KPI_LV2": "数量指标",
...                  "KPI_LV3": "培训人数", "KPI_VAL": "≥200人", "IND_COMP": "185人",
...                  "IND_WEIGHT": "90", "EVAL_SCORE": "80"}])
>>> result.projects.column("total").to_pylist(), result.indicators.column("score").to_pylist()
(['91.88'], ['83.25'])
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from itertools import chain
from typing import TYPE_CHECKING, Any, Final, Literal, NoReturn

import attrs

from perfeval.cells import read_points, read_text, read_year
from perfeval.database import (
    _FUND_FIELDS,
    _HEADER,
    _INDICATOR_FIELDS,
    FieldMap,
    LoadOptions,
    _arrow_kind,
    _bare_number,
    _cell,
    _check_columns,
    _declared_columns,
    _document,
    _funds_weight_cell,
    _group,
    _is_percent_target,
    _is_total,
    _key,
    _load,
    _Project,
    _project_name,
    _ratio,
    _refuse_twice,
    load_tables,
    mappings,
)
from perfeval.document import _indicator, table_from_mapping
from perfeval.errors import DocumentError, PerfevalError
from perfeval.formulas import column_of
from perfeval.funds import FundRow, _funds_score, _FundsPart, _plain_funds_score
from perfeval.indicators import Indicator
from perfeval.limits import DEFAULT_LIMITS, check_parsed, number_within
from perfeval.number import fixed, from_units, private_context
from perfeval.policy import Policy
from perfeval.rows import _arrow
from perfeval.scoring import (
    RowDecision,
    Way,
    _decide_row,
    _unprinted_direction,
    _ways,
    settle_missed,
    settle_missed_column,
)
from perfeval.table import Scorecard, Sums, Table, _score_table, _sums_of, policy_of
from perfeval.targets import Comparison, Direction, Reading, parse_actual, parse_target

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow

    from perfeval.integers import Exact

__all__ = ["INDICATOR_COLUMNS", "PROJECT_COLUMNS", "BulkResult", "score_batches", "score_rows"]

#: The columns of :attr:`BulkResult.projects`, in order.
PROJECT_COLUMNS: Final = (
    "PRO_CODE", "project", "year", "policy", "funds_score", "total", "total_max",
    "complete", "grade", "indicators", "unscored", "judged",
)  # fmt: skip
#: The columns of :attr:`BulkResult.indicators`, in order.
INDICATOR_COLUMNS: Final = ("PRO_CODE", "row", "rule", "weight", "score", "judged")


@attrs.frozen(kw_only=True)
class BulkResult:
    """What :func:`score_rows` gives, and :func:`score_batches` for each chunk of projects:
    two Arrow tables, decimals as exact text (cast with ``pyarrow.compute.cast`` to a
    ``decimal128`` of the scale you need)."""

    projects: pyarrow.Table
    """One row per project, in the order the codes first appear (project rows, fund
    rows, indicator rows): ``PRO_CODE``, ``project`` (the name), ``year``, ``policy``
    (the id used), ``funds_score``, ``total``, ``total_max`` (the highest total the
    table can reach, equal to ``total`` when complete; blank when unknown),
    ``complete``, ``grade`` (the label; blank when the unscored rows could still change
    it), ``indicators`` (rows), ``unscored`` (applicable rows without a score) and
    ``judged`` (rows scored by their printed score)."""
    indicators: pyarrow.Table
    """One row per indicator row, by project and in input order within it: ``PRO_CODE``,
    ``row`` (its index within the project, as ``indicators[row]`` of its table),
    ``rule``, ``weight`` (the one used), ``score`` and ``judged``."""

    def to_pandas(self, part: Literal["projects", "indicators"] = "projects") -> Any:
        """The *part* as a pandas DataFrame (pandas must be installed)."""
        table: pyarrow.Table = getattr(self, _part(part))
        return table.to_pandas()

    def to_polars(self, part: Literal["projects", "indicators"] = "projects") -> Any:
        """The *part* as a polars DataFrame (polars must be installed)."""
        import polars

        return polars.from_arrow(getattr(self, _part(part)))


def _part(part: str) -> str:
    if part not in ("projects", "indicators"):
        raise ValueError(f"expected 'projects' or 'indicators', not {part!r}")
    return part


class _RowPath(Exception):
    """Raised inside the column path for input it does not read plainly: the row path
    then reads the whole input (and refuses it with its own error, if it refuses it)."""


# Reading the input a column at a time -------------------------------------------------


class _Columns:
    """One of the three inputs: its columns by name (cells as Python values), its row
    count, and how to give the rows again to the row path; *plain* is false when the
    input is not rows the column path reads (the row path then says why). An Arrow
    table's columns are read when asked for: whole (:meth:`get`), or only the rows of
    the projects being decided (:meth:`take`)."""

    __slots__ = ("arrow", "columns", "count", "declared", "names", "plain", "replay")

    def __init__(
        self,
        columns: dict[str, list[Any]],
        count: int,
        replay: Any,
        *,
        plain: bool = True,
        arrow: Any = None,
        declared: Sequence[str] = (),
    ) -> None:
        self.columns, self.count, self.replay, self.plain = columns, count, replay, plain
        self.arrow = arrow
        self.names: set[str] = set(columns) if arrow is None else set(arrow.schema.names)
        self.declared = declared
        """The column names a frame or table declares, in order (a name may come twice)."""

    def get(self, name: str | None) -> list[Any] | None:
        """Column *name* whole; ``None`` when the input has none."""
        if name is None or name not in self.names:
            return None
        found = self.columns.get(name)
        if found is None:
            found = self.columns[name] = self.arrow.column(name).to_pylist()
        return found

    def take(self, name: str | None, rows: Sequence[int]) -> list[Any] | None:
        """The cells of column *name* in *rows*, in that order."""
        if name is None or name not in self.names:
            return None
        values = self.columns.get(name)
        whole = type(rows) is range and rows.step == 1  # a run of rows: sliced
        if values is None:
            column = self.arrow.column(name)
            if whole:
                return column.slice(rows.start, len(rows)).to_pylist()  # type: ignore[no-any-return, attr-defined]
            pa = _arrow()
            return column.take(pa.array(rows, type=pa.int64())).to_pylist()  # type: ignore[no-any-return]
        if whole:
            return values[rows.start : rows.stop]  # type: ignore[attr-defined]
        return [values[i] for i in rows]

    def rows(self, rows: Sequence[int]) -> list[Mapping[str, Any]]:
        """The rows *rows* as mappings, for the row path: the caller's own mappings where
        it gave mappings."""
        if self.arrow is not None:
            pa = _arrow()
            return self.arrow.take(pa.array(rows, type=pa.int64())).to_pylist()  # type: ignore[no-any-return]
        if isinstance(self.replay, list):
            return [self.replay[i] for i in rows]
        return [{name: values[i] for name, values in self.columns.items()} for i in rows]

    def tail(self, start: int) -> _Columns:
        """The rows from *start* on, copied (nothing else of this input is kept)."""
        if self.arrow is not None:
            pa = _arrow()
            rest = self.arrow.take(pa.array(range(start, self.count), type=pa.int64()))
            return _Columns({}, rest.num_rows, rest, arrow=rest)
        columns = {name: values[start:] for name, values in self.columns.items()}
        replay = self.replay[start:] if isinstance(self.replay, list) else None
        return _Columns(columns, self.count - start, replay)


def _columns_of(source: Any) -> _Columns:
    """*source* read into columns; anything that is not a known table is read as
    :func:`perfeval.database.mappings` reads it."""
    if source is None:
        return _Columns({}, 0, None)
    if _arrow_kind(source) and hasattr(source, "read_all"):  # a reader: read once
        source = source.read_all()
    declared = [str(name) for name in _declared_columns(source)]
    twice = len(set(declared)) < len(declared)  # read as the row path reads it: the last
    if _arrow_kind(source) and not twice:
        return _Columns({}, source.num_rows, source, arrow=source, declared=declared)
    kind = type(source).__module__.split(".")[0]
    if kind == "pandas" and hasattr(source, "columns") and not twice:
        columns = {str(name): source[name].tolist() for name in source.columns}
        return _Columns(columns, len(source), source, declared=declared)
    if kind == "polars" and hasattr(source, "columns"):
        columns = {name: source[name].to_list() for name in source.columns}
        return _Columns(columns, source.height, source, declared=declared)
    try:
        rows = list(mappings(source))
    except (DocumentError, TypeError):
        return _Columns({}, 0, source, plain=False)
    if not all(type(row) is dict or isinstance(row, Mapping) for row in rows):
        return _Columns({}, 0, rows, plain=False)
    names: dict[str, Any] = dict.fromkeys(declared)
    for row in rows:
        names.update(row)  # the keys, in order (no dict made per row)
    columns = {name: [row.get(name) for row in rows] for name in names}
    # the row path is given the frame or table itself, whose names it checks
    return _Columns(columns, len(rows), source if twice else rows, declared=declared)


def _joined(first: _Columns | None, second: _Columns) -> _Columns:
    """The rows of *first* followed by those of *second* (Arrow joined as Arrow; other
    input, or Arrow pieces whose types disagree, as columns of Python values)."""
    if first is None or not first.count:
        return second
    if first.arrow is not None and second.arrow is not None:
        pa = _arrow()
        try:
            table = pa.concat_tables(
                [_table(pa, first.arrow), _table(pa, second.arrow)], promote_options="default"
            )
        except pa.ArrowException:
            pass
        else:
            return _Columns({}, table.num_rows, table, arrow=table)
    columns = {
        name: (first.get(name) or [None] * first.count)
        + (second.get(name) or [None] * second.count)
        for name in sorted(first.names | second.names)
    }
    replay = None
    if isinstance(first.replay, list) and isinstance(second.replay, list):
        replay = first.replay + second.replay
    return _Columns(columns, first.count + second.count, replay)


def _table(pa: Any, arrow: Any) -> Any:
    """An Arrow table or record batch as a table."""
    return arrow if isinstance(arrow, pa.Table) else pa.Table.from_batches([arrow])


# Scoring ------------------------------------------------------------------------------


def score_rows(
    funds: Any = None,
    indicators: Any = None,
    projects: Any = None,
    *,
    fields: FieldMap | None = None,
    options: LoadOptions | None = None,
    policy: Policy | str | None = None,
) -> BulkResult:
    """Score the tables stored in standard rows, a column at a time (see the module).

    *funds*, *indicators* and *projects* are what :func:`~perfeval.database.load_tables`
    takes, and also Arrow tables, record batches or readers; *policy* (a
    :class:`~perfeval.policy.Policy` or its id) replaces each table's own, as in
    :func:`~perfeval.table.score_table`. A row that cannot be used raises the
    :class:`~perfeval.errors.DocumentError` that ``load_tables`` raises for it."""
    names = fields or FieldMap()
    chosen = options or LoadOptions()
    read = [_columns_of(part) for part in (funds, indicators, projects)]
    chunks = _column_path(read[0], read[1], read[2], names, chosen, policy)
    parts: list[BulkResult] = []
    while True:
        try:
            cards = next(chunks, None)
        except (_RowPath, PerfevalError):
            # What the column path does not read plainly, or a table it cannot score
            # (whose rows the row path reads, and may refuse, before it scores any table):
            # the row path, reading every row first, gives its own answer or its own error.
            tables = load_tables(
                read[0].replay, read[1].replay, read[2].replay, fields=names, options=chosen
            )
            parts = [_result(_row_path_cards(tables, policy))]
            break
        if cards is None:
            break
        parts.append(_result(cards))  # its refusal (text Arrow cannot hold) is the answer
    if len(parts) <= 1:
        return parts[0] if parts else _result({})
    pa = _arrow()
    return BulkResult(
        projects=pa.concat_tables([part.projects for part in parts]),
        indicators=pa.concat_tables([part.indicators for part in parts]),
    )


def score_batches(
    indicators: Iterable[Any] | None,
    funds: Any = None,
    projects: Any = None,
    *,
    fields: FieldMap | None = None,
    options: LoadOptions | None = None,
    policy: Policy | str | None = None,
) -> Iterator[BulkResult]:
    """Score indicator rows that come in pieces, giving results as their projects end.

    *indicators* is an iterable of pieces of the indicator rows, in order: Arrow tables or
    record batches (a ``pyarrow.RecordBatchReader``, ``pyarrow.parquet.ParquetFile``
    ``iter_batches()``), pandas or polars DataFrames, or lists of mappings; an Arrow
    table, dataset or scanner is read by its ``to_batches()``. *funds* and *projects*
    are small and taken whole, as :func:`score_rows` takes them; *fields*, *options* and
    *policy* are those of :func:`score_rows`.

    Each :class:`BulkResult` yielded holds the projects completed since the one before
    (about :data:`CHUNK_ROWS` indicator rows at most), so ``pyarrow.concat_tables`` of
    their parts gives what :func:`score_rows` gives for all the rows at once, project by
    project, digit for digit. A project is complete when its rows end: **the indicator
    rows of a project must come together** (an export sorted or clustered by
    ``PRO_CODE``). A project code that comes back after another project's rows began is
    refused with a :class:`~perfeval.errors.DocumentError` naming the code and the row
    (its index in the stream, and in its piece): the rows must be grouped by project.

    The projects come in the order their indicator rows end, then those with fund or
    project rows only, in the order :func:`score_rows` gives them; at least one result is
    yielded (with no rows at all, an empty one, with its columns).

    Rows the column path does not read plainly are read by the row path a chunk of
    projects at a time (:func:`~perfeval.database.load_tables` on their indicator, fund
    and project rows), so a refusal is the row path's own ``DocumentError`` naming the
    project, the row (counted in the whole stream, and in the fund and project rows as
    given) and the field. Errors are raised while iterating, when the piece that holds
    the row is read; the results yielded before it stand.

    A column the field map names (other than a standard name) must be held by the fund
    or project rows or by the first piece of indicator rows, or it is refused at once
    with the ``DocumentError`` :func:`score_rows` gives for a column no row holds: a
    misspelt name would otherwise be read as blank in every result yielded before the
    stream ends. An Arrow or DataFrame piece holds each of its columns, filled or not; a
    piece of mappings holds the keys its rows have.

    What a call holds beyond one piece and one result is the fund and project rows, the
    rows of the project still open at the end of a piece, and the codes of the projects
    done (to refuse one that comes back).

    >>> rows = [{"PRO_CODE": code, "KPI_LV3": "人数", "KPI_VAL": "≥10", "IND_COMP": "9",
    ...          "IND_WEIGHT": "10"} for code in ("P1", "P1", "P2")]
    >>> [r.projects.column("PRO_CODE").to_pylist() for r in score_batches([rows[:1], rows[1:]])]
    [['P1'], ['P2']]
    """
    return _streamed(indicators, funds, projects, fields, options, policy, frozenset())


def _streamed(
    indicators: Iterable[Any] | None,
    funds: Any,
    projects: Any,
    fields: FieldMap | None,
    options: LoadOptions | None,
    policy: Policy | str | None,
    columns: frozenset[str],
) -> Iterator[BulkResult]:
    """:func:`score_batches`, the indicator rows known to hold *columns* besides those of
    the pieces read so far (files whose headers are read before their rows)."""
    stream = _Stream(
        _columns_of(funds), _columns_of(projects), fields or FieldMap(), options or LoadOptions(),
        policy,
    )  # fmt: skip
    stream.names |= columns
    yielded = False
    for number, piece in enumerate(_pieces(indicators)):
        for cards in stream.piece(piece, number):
            yielded = True
            yield _result(cards)
    for cards in stream.end():
        yielded = True
        yield _result(cards)
    if not yielded:
        yield _result({})


def _pieces(indicators: Any) -> Iterable[Any]:
    """The pieces of *indicators* (see :func:`score_batches`)."""
    if indicators is None:
        return ()
    if type(indicators).__module__.split(".")[0] == "pyarrow" and hasattr(indicators, "to_batches"):
        return indicators.to_batches()  # type: ignore[no-any-return]
    if hasattr(indicators, "columns") or isinstance(indicators, str | bytes | Mapping):
        raise DocumentError(
            "expected an iterable of pieces of indicator rows; give one table or frame "
            "as a list of one piece",
            field="indicator rows",
            value=type(indicators).__name__,
        )
    if not hasattr(indicators, "__iter__"):
        raise DocumentError(
            "expected an iterable of pieces of indicator rows",
            field="indicator rows",
            value=type(indicators).__name__,
        )
    return indicators  # type: ignore[no-any-return]


class _Scored:
    """What the result reads of one scored project: its name, year and policy, its funds
    weight and score (``None`` without a fund block), its sums (which, with the policy,
    give the total and the grade: :class:`~perfeval.table.Sums`), and each indicator
    row's rule, weight, score, whether it is judged and whether it applies (columns, in
    row order)."""

    __slots__ = ("applies", "funds", "judged", "name", "policy", "rules", "scores", "sums",
                 "texts", "weights", "year")  # fmt: skip

    def __init__(
        self,
        *,
        name: str,
        year: int | None,
        policy: Policy,
        funds: _FundsPart | None,
        rules: Sequence[str],
        weights: Sequence[Decimal | None],
        scores: Sequence[Decimal | None],
        judged: Sequence[bool],
        applies: Sequence[bool],
        texts: tuple[Sequence[str | None], Sequence[str | None]] | None = None,
        sums: Sums | None = None,
    ) -> None:
        self.name, self.year, self.policy, self.funds = name, year, policy, funds
        self.texts = texts
        """The weights and scores as printed (:func:`~perfeval.number.fixed`), when
        already made."""
        self.rules, self.weights, self.scores = rules, weights, scores
        self.judged, self.applies = judged, applies
        if sums is None:  # the column path's: summed here, as a scorecard sums its rows
            parts = zip(applies, weights, scores, strict=True)
            if funds is not None:
                parts = chain(parts, ((True, funds.weight, funds.score),))  # type: ignore[assignment]
            sums = _sums_of(parts, has_funds=funds is not None)
        self.sums = sums

    @classmethod
    def of(cls, card: Scorecard) -> _Scored:
        """What *card*, scored by the row path, says."""
        rows = card.rows
        return cls(
            name=card.table.project,
            year=card.table.year,
            policy=card.policy,
            funds=None if card.funds is None else _FundsPart(card.funds.weight, card.funds.score),
            rules=[row.rule.value for row in rows],
            weights=[row.weight for row in rows],
            scores=[row.score for row in rows],
            judged=[row.judged for row in rows],
            applies=[row.applies for row in rows],
            sums=card.sums,
        )


def _row_path_cards(tables: Mapping[str, Table], policy: Policy | str | None) -> dict[str, _Scored]:
    """What the row path's scorecards of *tables* say, by project code."""
    return {
        code: _Scored.of(_score_table(table, policy, explain=False))
        for code, table in tables.items()
    }


def _result(cards: Mapping[str, _Scored]) -> BulkResult:
    pa = _arrow()
    project: dict[str, list[Any]] = {name: [] for name in PROJECT_COLUMNS}
    rows: dict[str, list[Any]] = {name: [] for name in INDICATOR_COLUMNS}
    for code, item in cards.items():
        sums, chosen = item.sums, item.policy
        low, high = sums.total_range(chosen)
        grade = sums.grade(chosen)
        funds = item.funds
        count = len(item.rules)
        project["PRO_CODE"].append(code)
        project["project"].append(item.name)
        project["year"].append(item.year)
        project["policy"].append(chosen.id)
        project["funds_score"].append(
            None if funds is None or funds.score is None else fixed(funds.score)
        )
        project["total"].append(fixed(low))
        project["total_max"].append(None if high is None else fixed(high))
        project["complete"].append(sums.complete)
        project["grade"].append(None if grade is None else grade.label)
        project["indicators"].append(count)
        project["unscored"].append(
            sum(1 for a, s in zip(item.applies, item.scores, strict=True) if a and s is None)
        )
        project["judged"].append(sum(item.judged))
        rows["PRO_CODE"].extend([code] * count)
        rows["row"].extend(range(count))
        rows["rule"].extend(item.rules)
        if item.texts is None:
            rows["weight"].extend([None if w is None else fixed(w) for w in item.weights])
            rows["score"].extend([None if s is None else fixed(s) for s in item.scores])
        else:
            rows["weight"].extend(item.texts[0])
            rows["score"].extend(item.texts[1])
        rows["judged"].extend(item.judged)
    types = {
        "year": pa.int64(),
        "indicators": pa.int64(),
        "unscored": pa.int64(),
        "judged": pa.int64(),
        "complete": pa.bool_(),
        "row": pa.int64(),
    }
    indicator_types = {**types, "judged": pa.bool_()}

    def table(data: dict[str, list[Any]], kinds: Mapping[str, Any]) -> Any:
        arrays = [_array(pa, name, values, kinds, data) for name, values in data.items()]
        return pa.Table.from_arrays(arrays, names=list(data))

    return BulkResult(projects=table(project, types), indicators=table(rows, indicator_types))


def _array(
    pa: Any, name: str, values: list[Any], kinds: Mapping[str, Any], data: Mapping[str, list[Any]]
) -> Any:
    """Column *name* of a result table as an Arrow array; text that UTF-8 cannot hold (a
    lone surrogate, which Python text may carry and Arrow text may not) is refused naming
    the project and the column."""
    try:
        return pa.array(values, type=kinds.get(name, pa.string()))
    except UnicodeEncodeError:
        for code, value in zip(data["PRO_CODE"], values, strict=True):
            try:
                value.encode("utf-8")
            except (AttributeError, UnicodeEncodeError):
                if isinstance(value, str):
                    raise DocumentError(
                        "text that is not valid Unicode (a lone surrogate) cannot be "
                        "written to an Arrow table",
                        field=name,
                        row=f"project {code!a}",
                        value=ascii(value),
                    ) from None
        raise


_ROW_CELLS: Final = ("level1", "level2", "name", "target", "actual", "weight", "score", "note")


def _column_path(
    funds: _Columns,
    indicators: _Columns,
    projects: _Columns,
    fields: FieldMap,
    options: LoadOptions,
    policy: Policy | str | None,
) -> Iterator[dict[str, _Scored]]:
    """The scorecards of every project, a chunk of projects at a time, the indicator
    rows read a column at a time; :class:`_RowPath` for what only the row path reads."""
    for part in (funds, indicators, projects):
        if not part.plain:
            raise _RowPath
    declared = {"fund": funds.declared, "indicator": indicators.declared,
                "project": projects.declared}  # fmt: skip
    _refuse_twice(fields, declared)  # a column the field map reads, named twice
    try:  # projects and fund rows: read by the row path itself (a few per project)
        grouped = _group(funds.replay, None, projects.replay, fields, options)
    except PerfevalError:
        raise _RowPath from None
    owner = _owners(indicators, fields, grouped)
    seen = {"project": projects.names, "fund": funds.names, "indicator": indicators.names}
    try:
        _check_columns(fields, seen)
    except PerfevalError:
        raise _RowPath from None
    members: dict[str, list[int]] = {code: [] for code in grouped}
    for index, code in enumerate(owner):
        members[code].append(index)
    for chunk in _chunks(members):
        yield _score_chunk(chunk, grouped, members, indicators, fields, options, policy)


#: How many indicator rows are decided at once: what bounds the memory a call takes
#: beyond its input and its result (a chunk's readings, decisions and header tables).
CHUNK_ROWS: Final = 50_000


def _chunks(members: Mapping[str, Sequence[int]]) -> Iterator[list[str]]:
    """The project codes in order, in runs of about :data:`CHUNK_ROWS` indicator rows (a
    project without indicator rows counted as one: its table is held all the same)."""
    chunk: list[str] = []
    size = 0
    for code, rows in members.items():
        chunk.append(code)
        size += len(rows) or 1
        if size >= CHUNK_ROWS:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


@private_context
def _score_chunk(
    codes: list[str],
    grouped: Mapping[str, _Project],
    members: Mapping[str, Sequence[int]],
    indicators: _Columns,
    fields: FieldMap,
    options: LoadOptions,
    policy: Policy | str | None,
) -> dict[str, _Scored]:
    """The scores of the projects *codes*, in that order: *members* gives each one's
    rows in *indicators*, whose header cells are checked against the project's first."""
    limits = DEFAULT_LIMITS
    every = [index for code in codes for index in members[code]]
    _check_headers(indicators, every, [code for code in codes for _ in members[code]],
                   fields, options, grouped)  # fmt: skip
    tables: dict[str, Table] = {}
    amounts: dict[str, _Amounts] = {}
    for code in codes:
        item = grouped[code]
        count = len(members[code])
        if count > limits.max_rows or _cells_at_most(count, len(item.funds)) > limits.max_cells:
            raise _RowPath  # the row path checks the table's document and says which limit
        tables[code], found = _head(item, options)
        if found is not None:
            amounts[code] = found
    out: dict[str, _Scored] = {}
    policies: dict[str, Policy] = {}
    for code, table in tables.items():
        chosen = policy_of(table, policy)
        if chosen.indicator_points is not None:  # weights rescaled: the row path, whole
            rows = members[code]
            cells = _cells(indicators, rows, [code] * len(rows), fields, options)
            out[code] = _Scored.of(_whole(grouped[code], cells, len(rows), options, chosen))
        else:
            policies[code] = chosen
    rows = _run([index for code in policies for index in members[code]])
    owner = [code for code in policies for _ in members[code]]
    decided = _decide_all(_cells(indicators, rows, owner, fields, options), owner, tables, policies)
    start = 0
    for code, chosen in policies.items():
        table = tables[code]
        end = start + len(members[code])
        out[code] = _Scored(
            name=table.project,
            year=table.year,
            policy=chosen,
            funds=_funds(table, amounts.get(code), chosen),
            rules=decided.rules[start:end],
            weights=decided.weights[start:end],
            scores=decided.scores[start:end],
            judged=decided.judged[start:end],
            applies=decided.applies[start:end],
            texts=(decided.weight_texts[start:end], decided.score_texts[start:end]),
        )
        start = end
    return {code: out[code] for code in codes}  # in the order the codes first appear


def _funds(table: Table, amounts: _Amounts | None, policy: Policy) -> _FundsPart | None:
    """The funds weight and score of *table* (of its fund *amounts*, when it was made
    without its fund block); ``None`` without a fund block."""
    if amounts is not None:
        total = amounts.total
        return _plain_funds_score(amounts.weight, total.executed, total.annual_budget, policy)
    if table.funds is None:
        return None
    scored = _funds_score(table.funds, policy)
    return _FundsPart(scored.weight, scored.score)


def _cells_at_most(indicators: int, funds: int) -> int:
    """A bound on the values :func:`~perfeval.limits.check_parsed` counts in the document
    of a table of *indicators* and *funds* rows (each row and its cells, as
    :func:`perfeval.database._document` writes them, and the header): the count is never
    more. Past the limit on cells, the row path reads the table instead, and refuses it
    if its count is past the limit too."""
    per_row = len(_INDICATOR_FIELDS) + 1  # the row and each of its cells
    per_fund = len(_FUND_FIELDS) + 2  # the row, its source and each of its amounts
    return per_row * indicators + per_fund * funds + 100


def _run(rows: list[int]) -> Sequence[int]:
    """*rows* as a ``range`` when they are a run of consecutive rows (a project's rows
    come together, most often): taken from a column by slicing it."""
    if rows and rows[-1] - rows[0] + 1 == len(rows) and rows == [*range(rows[0], rows[-1] + 1)]:
        return range(rows[0], rows[-1] + 1)
    return rows


#: The header fields a table is made from directly (:func:`_head`); ``weight`` is the
#: funds weight.
_PLAIN_HEADER: Final = frozenset(("project_name", "department", "unit", "year", "policy", "weight"))


class _Amounts:
    """A fund block that is its total row alone, without the block: the row, read by
    :class:`~perfeval.funds.FundRow` itself, and the funds weight, read as the block
    reads it."""

    __slots__ = ("total", "weight")

    def __init__(self, row: Mapping[str, Any], weight: object) -> None:
        self.total = FundRow(  # the cells the document reader gives a fund row
            source="total",
            initial_budget=row.get("initial_budget"),
            annual_budget=row.get("annual_budget"),
            executed=row.get("executed"),
            printed_rate=row.get("rate"),
            printed_score=row.get("score"),
        )
        self.weight = read_points(weight, field="funds.weight")


def _head(item: _Project, options: LoadOptions) -> tuple[Table, _Amounts | None]:
    """The table of *item* without its indicator rows, and the amounts of its fund row
    when the table was made without its fund block.

    The common project (its name, department, unit, year, policy and funds weight cells
    text or numbers within the limits, at most one fund row, the total row, no amount
    unit) is made directly from its cells by the models themselves: its header by
    :class:`~perfeval.table.Table`, its fund row by :class:`~perfeval.funds.FundRow`
    (the fund block is not made). Any other project, or one with a cell those models
    refuse, is made by :func:`~perfeval.document.table_from_mapping` as the row path
    makes it (whose error the row path then gives)."""
    plain = _plain_head(item, options)
    if plain is not None:
        return plain
    item.indicators = []
    try:
        return table_from_mapping(_document(item, options)), None
    except PerfevalError:
        raise _RowPath from None


def _plain_head(item: _Project, options: LoadOptions) -> tuple[Table, _Amounts | None] | None:
    """:func:`_head` of a common project, made directly; ``None`` for any other."""
    header = item.header
    if len(item.funds) > 1 or options.amount_unit is not None:
        return None
    if not all(key in _PLAIN_HEADER and _plain_cell(value) for key, value in header.items()):
        return None
    amounts = None
    try:
        if item.funds:
            row = item.funds[0]
            if not _is_total(row.get("source")) or not all(
                _plain_cell(value) for value in row.values()
            ):
                return None
            amounts = _Amounts(row, _funds_weight_cell(item, options))
        project = read_text(_project_name(item), field="project")
        if not project:
            return None
        table = Table(
            project=project,
            department=read_text(header.get("department"), field="department"),
            unit=read_text(header.get("unit"), field="unit"),
            year=read_year(header.get("year")),
            policy=read_text(header.get("policy"), field="policy"),
        )
    except PerfevalError:
        return None
    return table, amounts


def _plain_cell(value: object) -> bool:
    """Whether *value* is blank, text within the limit on text, or a whole or decimal
    number within the limits on numbers."""
    if value is None:
        return True
    if type(value) is str:
        return len(value) <= _LONGEST
    return (type(value) is int or type(value) is Decimal) and number_within(value)


class _Stream:
    """What :func:`score_batches` keeps between pieces: the projects of the fund and
    project rows, the rows of the project still open, and the codes of those done."""

    def __init__(
        self,
        funds: _Columns,
        projects: _Columns,
        fields: FieldMap,
        options: LoadOptions,
        policy: Policy | str | None,
    ) -> None:
        # the row path's own reading of the fund and project rows: its error, if any (the
        # named columns are checked once the indicator rows' columns are known)
        self.grouped = _group(funds.replay, None, projects.replay, fields, options, check=False)
        if not funds.plain or not projects.plain:  # pragma: no cover - _group refuses them
            raise DocumentError("expected fund and project rows", field="fund rows")
        self.funds, self.projects = funds, projects
        self.fields, self.options, self.policy = fields, options, policy
        self.names: set[str] = set()
        """The indicator columns seen so far."""
        self.done: set[str] = set()
        self.open: _Columns | None = None
        """The rows of the project still open (the last of the rows read so far)."""
        self.open_code: str | None = None
        self.start = 0
        """The index in the stream of the first row of :attr:`open` (or of the next)."""
        self.origins: dict[str, dict[str, list[int]]] | None = None

    def piece(self, piece: Any, number: int) -> Iterator[dict[str, _Scored]]:
        """The scorecards of the projects that *piece* (the *number*-th) completes."""
        fields = self.fields
        if isinstance(piece, str | bytes | Mapping):
            raise DocumentError(
                "expected a piece of indicator rows (an Arrow table or record batch, a "
                "DataFrame or a list of rows)",
                field="indicator rows",
                row=f"piece {number}",
                value=type(piece).__name__,
            )
        read = _columns_of(piece)
        carried = 0 if self.open is None else self.open.count
        if not read.plain:
            self._refuse(read.replay, range(self.start + carried, sys.maxsize), number)
        _refuse_twice(fields, {"indicator": read.declared})
        self.names |= read.names
        self._check_columns()
        rows = _joined(self.open, read)
        try:
            owner = _owners(rows, fields, self.grouped)
        except _RowPath:
            self._refuse(rows.rows(range(rows.count)), range(self.start, sys.maxsize), number)
        spans = self._spans(owner, number, carried)
        if not spans:
            return
        *complete, last = spans
        members = {code: range(*spans[code]) for code in complete}
        yield from self._scored(members, rows, self.start)
        first = spans[last][0]
        self.open, self.open_code = rows.tail(first), last
        self.start += first

    def end(self) -> Iterator[dict[str, _Scored]]:
        """The scorecards of the project still open, then of the projects that have fund
        or project rows and no indicator rows."""
        if self.open is not None and self.open_code is not None:
            members = {self.open_code: range(self.open.count)}
            yield from self._scored(members, self.open, self.start)
            self.open = self.open_code = None
        self._check_columns()  # with no piece, the fund and project rows' columns
        rest: dict[str, Sequence[int]] = {code: () for code in self.grouped}
        yield from self._scored(rest, _Columns({}, 0, []), self.start)

    def _seen(self) -> dict[str, set[str]]:
        """The columns of the rows read so far, by kind of row."""
        return {"project": self.projects.names, "fund": self.funds.names, "indicator": self.names}

    def _check_columns(self) -> None:
        """Refuse a column named in the field map that no row read so far holds: the
        fund and project rows, and the pieces of indicator rows read (see
        :func:`score_batches`)."""
        _check_columns(self.fields, self._seen())

    def _spans(self, owner: list[str], number: int, carried: int) -> dict[str, tuple[int, int]]:
        """Each project's rows (first, end) in the rows joined; a project that comes back
        after another began is refused."""
        spans: dict[str, tuple[int, int]] = {}
        code: str | None = None
        first = 0
        for index, this in enumerate([*owner, None]):
            if this == code:
                continue
            if code is not None:
                spans[code] = (first, index)
            if this is not None and (this in spans or this in self.done):
                raise DocumentError(
                    "the indicator rows of a project must come together (grouped or sorted "
                    "by project code): this project's rows began before another project's",
                    field=self.fields.project_code,
                    row=f"indicator row {self.start + index} (piece {number}, row "
                    f"{index - carried})",
                    value=this,
                )
            code, first = this, index
        return spans

    def _scored(
        self, members: Mapping[str, Sequence[int]], rows: _Columns, start: int
    ) -> Iterator[dict[str, _Scored]]:
        """The scorecards of the projects *members* (their rows in *rows*, the first of
        which is row *start* of the stream), a chunk at a time."""
        for chunk in _chunks(members):
            try:
                cards = _score_chunk(
                    chunk, self.grouped, members, rows, self.fields, self.options, self.policy
                )
            except (_RowPath, PerfevalError):  # the row path's answer, or its own error
                cards = self._row_path(chunk, members, rows, start)
            for code in chunk:
                self.grouped.pop(code, None)
                self.done.add(code)
            yield cards

    def _row_path(
        self, codes: list[str], members: Mapping[str, Sequence[int]], rows: _Columns, start: int
    ) -> dict[str, _Scored]:
        """The projects *codes* loaded by the row path from their own rows (which names
        what it refuses, rows counted as in the whole input)."""
        origins = self._origins()
        mine = [index for code in codes for index in members[code]]
        funds = sorted(i for code in codes for i in origins["fund"].get(code, ()))
        projects = sorted(i for code in codes for i in origins["project"].get(code, ()))
        where = {"indicator": [start + i for i in mine], "fund": funds, "project": projects}
        try:
            tables = _load(
                self.funds.rows(funds), rows.rows(mine), self.projects.rows(projects),
                self.fields, self.options, known=self._seen(),
            )  # fmt: skip
        except DocumentError as error:
            raise _in_stream(error, where) from None
        cards = _row_path_cards(tables, self.policy)
        return {code: cards[code] for code in codes}

    def _refuse(self, rows: Any, where: Sequence[int], number: int) -> NoReturn:
        """The row path's refusal of indicator *rows* the column path cannot read (*where*:
        their indices in the stream)."""
        try:
            load_tables(None, rows, fields=self.fields, options=self.options)
        except DocumentError as error:
            raise _in_stream(error, {"indicator": where}) from None
        raise DocumentError(  # pragma: no cover - the row path refuses what is not rows
            "the rows of this piece cannot be read", field="indicator rows", row=f"piece {number}"
        )

    def _origins(self) -> dict[str, dict[str, list[int]]]:
        """The fund and project rows of each project code (read once, when first asked)."""
        if self.origins is None:
            self.origins = {
                table: _rows_by_code(part, self.fields.project_code, table)
                for table, part in (("fund", self.funds), ("project", self.projects))
            }
        return self.origins


def _rows_by_code(rows: _Columns, field: str, table: str) -> dict[str, list[int]]:
    """The rows of each project code in *rows* (codes the row path has read already)."""
    out: dict[str, list[int]] = {}
    for index, value in enumerate(rows.get(field) or ()):
        out.setdefault(_key(value, field, index, table), []).append(index)
    return out


_ROW_NAME: Final = re.compile(r"\b(project|fund|indicator) row (\d+)\b")


def _in_stream(error: DocumentError, where: Mapping[str, Sequence[int]]) -> DocumentError:
    """*error*, raised by the row path for some of the rows, naming each row as counted in
    the whole input (*where*: the index of each row given to it, by kind of row)."""

    def renamed(match: re.Match[str]) -> str:
        kind, index = match.group(1), int(match.group(2))
        indices = where.get(kind)
        if indices is None or index >= len(indices):
            return match.group(0)
        return f"{kind} row {indices[index]}"

    row = error.row
    return DocumentError(
        error.reason,
        field=error.field,
        row=_ROW_NAME.sub(renamed, row) if isinstance(row, str) else row,
        value=error.value,
        errors=tuple(_in_stream(inner, where) for inner in error.errors),
    )


def _cells(
    indicators: _Columns,
    rows: Sequence[int],
    owner: list[str],
    fields: FieldMap,
    options: LoadOptions,
) -> dict[str, list[Any] | None]:
    """The indicator cells of *rows* (whose projects are *owner*), by document key, read
    as the row path reads database cells."""
    cells = {
        key: _as_cells(
            indicators.take(getattr(fields, key), rows), owner, getattr(fields, key), options
        )
        for key in _ROW_CELLS
    }
    if options.ratio_actuals and fields.actual is not None:
        cells["actual"] = _ratio_actuals(cells, owner, fields.actual, options)
    return cells


def _as_cells(
    values: list[Any] | None, owner: Sequence[str], field: str | None, options: LoadOptions
) -> list[Any] | None:
    """*values* as the row path reads database values (:func:`perfeval.database` reads
    each cell so: a missing value is blank, a float is refused or read through its repr,
    a NumPy scalar is its value, an integer with more digits than a table holds is
    refused); text and numbers are kept as they are."""
    if values is None or field is None:
        return values
    odd = [
        i
        for i, value in enumerate(values)
        if value is not None
        and type(value) is not str
        and (type(value) is not int or not number_within(value))
        and type(value) is not Decimal
    ]
    if not odd:
        return values
    values = list(values)
    for index in odd:
        try:
            values[index] = _cell(
                values[index],
                code=owner[index],
                row=f"indicator row {index}",
                field=field,
                options=options,
            )
        except PerfevalError:
            raise _RowPath from None
    return values


def _ratio_actuals(
    cells: Mapping[str, list[Any] | None], owner: Sequence[str], field: str, options: LoadOptions
) -> list[Any] | None:
    """The actuals with a bare number against a target in percent read as a ratio, as
    :class:`~perfeval.database.LoadOptions` ``ratio_actuals`` asks (the database's own
    functions decide and convert)."""
    actuals, targets = cells["actual"], cells["target"]
    if actuals is None:
        return None
    out = list(actuals)
    for index, actual in enumerate(actuals):
        target = None if targets is None else targets[index]
        if actual is None or not _is_percent_target(target) or not _bare_number(actual):
            continue
        try:
            out[index] = _ratio(
                actual,
                code=owner[index],
                row=f"indicator row {index}",
                field=field,
                options=options,
            )
        except PerfevalError:
            raise _RowPath from None
    return out


def _owners(indicators: _Columns, fields: FieldMap, grouped: dict[str, _Project]) -> list[str]:
    """The project code of each indicator row, new projects added to *grouped* in order
    (a code the row path refuses goes to the row path)."""
    codes = indicators.get(fields.project_code)
    if indicators.count and codes is None:
        raise _RowPath
    owner: list[str] = []
    known: dict[str, str] = {}
    for index, value in enumerate(codes or ()):
        code = known.get(value) if type(value) is str else None
        if code is None:
            try:
                code = _key(value, fields.project_code, index, "indicator")
            except PerfevalError:
                raise _RowPath from None
            if type(value) is str:
                known[value] = code
        if code not in grouped:
            grouped[code] = _Project(code)
        owner.append(code)
    return owner


def _check_headers(
    indicators: _Columns,
    rows: list[int],
    owner: Sequence[str],
    fields: FieldMap,
    options: LoadOptions,
    grouped: Mapping[str, _Project],
) -> None:
    """The header cells the indicator *rows* carry (of the projects *owner*) checked
    against the project's, as the row path checks them, and kept where the project has
    none (a disagreement or an odd cell goes to the row path)."""
    for part in _HEADER:
        field = getattr(fields, part)
        column = indicators.take(field, rows)
        if column is None:
            continue
        for index, code, value in zip(rows, owner, column, strict=True):
            if value is None:
                continue
            if type(value) is not str:
                try:  # a missing value (NaN) is blank; a float, refused or its repr; an
                    # integer with more digits than a table holds, refused
                    value = _cell(
                        value, code=code, row=f"indicator row {index}", field=field, options=options
                    )
                except PerfevalError:
                    raise _RowPath from None
                if value is None:
                    continue
            header = grouped[code].header
            held = header.setdefault(part, value)
            if held is not value and str(held).strip() != str(value).strip():
                raise _RowPath


def _whole(
    item: _Project,
    cells: Mapping[str, list[Any] | None],
    count: int,
    options: LoadOptions,
    policy: Policy,
) -> Scorecard:
    """A table scored by the row path: its *count* indicator rows (*cells*) read as the
    document reads them."""
    item.indicators = [_raw(cells, index) for index in range(count)]
    try:
        full = table_from_mapping(_document(item, options))
    except PerfevalError:
        raise _RowPath from None
    return _score_table(full, policy, explain=False)


def _raw(cells: Mapping[str, list[Any] | None], index: int) -> dict[str, Any]:
    """Row *index* as a document's indicator row (cells as the row path reads them)."""
    return {key: None if values is None else values[index] for key, values in cells.items()}


class _Odd:
    """A cell the column path does not read (another type, or refused by its reader)."""


_ODD: Final = _Odd()
#: The longest text a cell may hold (:class:`~perfeval.limits.Limits`, as documents).
_LONGEST: Final = DEFAULT_LIMITS.max_string


def _reading(value: object, year: int | None, target: bool) -> Reading | _Odd | None:
    """A target or actual cell read as the document reads it: text through the parser,
    a whole or decimal number through its printed digits; ``_ODD`` for anything else."""
    if value is None:
        return None
    if type(value) is not str:
        if (type(value) is not int and type(value) is not Decimal) or not number_within(value):
            return _ODD
        try:
            value = read_text(value, field="target" if target else "actual")
        except PerfevalError:
            return _ODD
    assert isinstance(value, str)
    if len(value) > _LONGEST:  # above the limit on text: the row path refuses it
        return _ODD
    return parse_target(value, year=year) if target else parse_actual(value, year=year)


def _points(value: object) -> Decimal | _Odd | None:
    """A weight or score cell read by the reader of the Indicator's fields; ``_ODD`` for
    a cell of another type or one it refuses (the row path names the row and field)."""
    if value is None:
        return None
    if type(value) is str:
        if len(value) > _LONGEST:
            return _ODD
    elif (type(value) is not int and type(value) is not Decimal) or not number_within(value):
        return _ODD
    try:
        return read_points(value, field="weight")
    except PerfevalError:
        return _ODD


def _coded(
    values: list[Any] | None, count: int, years: Sequence[int | None], read: Any, *args: Any
) -> tuple[Any, list[Any]]:
    """Each of the *count* cells of *values* (``None``: all blank) read by *read* (cell,
    year, *args*), as codes into the list of readings made: row *i* reads
    ``readings[codes[i]]``. A blank cell and each distinct text of a year are read once;
    a cell of another type each time (``Decimal("1.0")`` equals ``1`` and ``True``, but
    is not read as they are). *years* holds one year per row, or one for all."""
    numpy = _numpy()
    one_year = len(years) == 1
    if values is None:
        return numpy.zeros(count, dtype=numpy.intp), [read(None, years[0], *args)]
    if one_year:
        # Each distinct cell, in order. Cells are text, whole or decimal numbers, or blank
        # here (_as_cells): a number never equals a text, so text alone gives only text.
        distinct: dict[Any, None] | None
        try:
            distinct = dict.fromkeys(values)
        except TypeError:  # Decimal("sNaN") cannot be hashed: read cell by cell below
            distinct = None
        if distinct is not None and all(v is None or type(v) is str for v in distinct):
            known = {value: code for code, value in enumerate(distinct)}
            found = numpy.fromiter(map(known.__getitem__, values), numpy.intp, len(values))
            return found, [read(value, years[0], *args) for value in distinct]
    index: dict[Any, int] = {}
    readings: list[Any] = []
    codes: list[int] = []
    append = codes.append
    for row, value in enumerate(values):
        year = years[0] if one_year else years[row]
        if value is None or type(value) is str:
            key = value if one_year else (value, year)
            code = index.get(key)
            if code is None:
                code = index[key] = len(readings)
                readings.append(read(value, year, *args))
        else:
            code = len(readings)
            readings.append(read(value, year, *args))
        append(code)
    return numpy.array(codes, dtype=numpy.intp), readings


def _objects(values: list[Any]) -> Any:
    """*values* as a NumPy column of Python objects."""
    numpy = _numpy()
    found = numpy.empty(len(values), dtype=object)
    found[:] = values
    return found


def _short_text(value: object) -> bool:
    """Whether *value* is blank, or text within the limit on text (nothing the limits
    of a document refuse)."""
    return value is None or (type(value) is str and len(value) <= _LONGEST)


def _plain_text(values: list[Any] | None) -> set[int]:
    """The rows whose text cell is neither blank nor text within the limit on text (read
    by the row path)."""
    if values is None:
        return set()
    longest = _LONGEST
    return {
        i
        for i, value in enumerate(values)
        if value is not None and (type(value) is not str or len(value) > longest)
    }


def _numpy() -> Any:
    import numpy

    return numpy


#: The directions a target prints, by their number in the columns below (-1: none).
_DIRECTIONS: Final = tuple(Direction)


class _Readings:
    """The distinct readings of a chunk's target or actual cells, as columns: whether
    each is a number (a :class:`~perfeval.targets.Comparison`), its unit (a number per
    unit object), its printed direction (a number into :data:`_DIRECTIONS`, -1 for
    none) and its exact integers."""

    def __init__(self, readings: list[Any], units: dict[int, int]) -> None:
        numpy = _numpy()
        from perfeval.integers import pairs

        compared = [type(r) is Comparison for r in readings]
        self.number = numpy.array(compared, dtype=bool)
        self.unit = numpy.array(
            [units.setdefault(id(r.unit), len(units)) if c else -1
             for r, c in zip(readings, compared, strict=True)],
            dtype=numpy.int64,
        )  # fmt: skip
        self.direction = numpy.array(
            [_DIRECTIONS.index(r.direction) if c and r.direction is not None else -1
             for r, c in zip(readings, compared, strict=True)],
            dtype=numpy.int64,
        )  # fmt: skip
        self.exact = pairs(
            [r.exact if c else (0, 1) for r, c in zip(readings, compared, strict=True)]
        )


class _Points:
    """The distinct readings of a chunk's weight or score cells, as columns: each value
    (``None`` for a blank), whether it is a weight the column path scores by (a number
    other than 0) or a cell the column path reads at all, its exact integers and its
    text."""

    def __init__(self, readings: list[Any]) -> None:
        numpy = _numpy()
        from perfeval.integers import pairs

        numbers = [type(r) is Decimal for r in readings]
        self.value = _objects([None if r is _ODD else r for r in readings])
        self.read = numpy.array([r is not _ODD for r in readings], dtype=bool)
        self.weight = numpy.array(
            [n and not r.is_zero() for r, n in zip(readings, numbers, strict=True)], dtype=bool
        )
        self.exact = pairs(
            [r.as_integer_ratio() if n else (0, 1) for r, n in zip(readings, numbers, strict=True)]
        )
        self.text = _objects(
            [fixed(r) if n else None for r, n in zip(readings, numbers, strict=True)]
        )


class _Decided:
    """The decisions of a chunk's indicator rows, as columns in row order: each row's
    rule (its value), weight, score, whether it is judged and whether it applies, and
    the weight and score as printed in the result."""

    __slots__ = ("applies", "judged", "rules", "score_texts", "scores", "weight_texts",
                 "weights")  # fmt: skip

    def __init__(self, **columns: list[Any]) -> None:
        self.rules: list[str] = columns["rules"]
        self.weights: list[Decimal | None] = columns["weights"]
        self.scores: list[Decimal | None] = columns["scores"]
        self.judged: list[bool] = columns["judged"]
        self.applies: list[bool] = columns["applies"]
        self.weight_texts: list[str | None] = columns["weight_texts"]
        self.score_texts: list[str | None] = columns["score_texts"]


def _decide_all(
    cells: Mapping[str, list[Any] | None],
    owner: Sequence[str],
    tables: Mapping[str, Table],
    policies: Mapping[str, Policy],
) -> _Decided:
    """The decision of every indicator row of the projects in *policies*, in row order
    (the rows come project by project).

    Each distinct cell is read once (:func:`_coded`). The plain rows (a number against a
    number in the same unit, with a weight other than 0, cells the column path reads)
    are decided a column at a time for each policy and direction: the met test
    (:meth:`~perfeval.scoring.Test.holds_column`), the formula's exact values for the
    missed rows (``ratio_column``), and the cap and the one rounding
    (:func:`~perfeval.scoring.settle_missed_column`), each on integer columns; what
    :func:`~perfeval.scoring.decide_row` does for one row. Every other row is decided by
    the row path's own decision, once for each distinct row of text cells."""
    numpy = _numpy()
    count = len(owner)
    year_of = {code: tables[code].year for code in policies}
    years: list[int | None] = (
        [year_of[code] for code in owner] if count and len(set(year_of.values())) > 1
        else [next(iter(year_of.values()), None)]
    )  # fmt: skip
    units: dict[int, int] = {}
    target_codes, target_readings = _coded(cells["target"], count, years, _reading, True)
    actual_codes, actual_readings = _coded(cells["actual"], count, years, _reading, False)
    weight_codes, weight_readings = _coded(cells["weight"], count, [None], _point)
    score_codes, score_readings = _coded(cells["score"], count, [None], _point)
    targets = _Readings(target_readings, units)
    actuals = _Readings(actual_readings, units)
    weights, scores = _Points(weight_readings), _Points(score_readings)
    odd = numpy.zeros(count, dtype=bool)
    for key in ("level1", "level2", "name", "note"):
        found = _plain_text(cells[key])
        if found:
            odd[list(found)] = True
    plain = (
        targets.number[target_codes]
        & actuals.number[actual_codes]
        & (targets.unit[target_codes] == actuals.unit[actual_codes])
        & weights.weight[weight_codes]
        & scores.read[score_codes]
        & ~odd
    )
    chosen = list({id(policy): policy for policy in policies.values()}.values())
    number_of = {id(policy): index for index, policy in enumerate(chosen)}
    runs: list[list[int]] = []  # the rows come project by project: [policy, rows]
    previous = None
    for code in owner:
        if code != previous:
            runs.append([number_of[id(policies[code])], 0])
            previous = code
        runs[-1][1] += 1
    policy_of_row = numpy.repeat(
        numpy.array([number for number, _ in runs], dtype=numpy.int64),
        numpy.array([size for _, size in runs], dtype=numpy.int64),
    )
    direction = targets.direction[target_codes]
    _unprinted(direction, plain, policy_of_row, chosen, cells)
    out = _Out(count, weights, weight_codes)
    every = numpy.flatnonzero(plain)
    # Each plain row's policy and direction as one number, to find the rows of each pair.
    pair = policy_of_row[every] * len(_DIRECTIONS) + direction[every]
    for key in numpy.unique(pair).tolist():
        rows = every[pair == key]
        number, printed = divmod(key, len(_DIRECTIONS))
        way = _ways(chosen[number])[_DIRECTIONS[printed]]
        _decide_column(
            out,
            way,
            rows,
            _taken(targets.exact, target_codes[rows]),
            _taken(actuals.exact, actual_codes[rows]),
            _taken(weights.exact, weight_codes[rows]),
            scores.value[score_codes[rows]],
        )
    codes = (target_codes, actual_codes, weight_codes, score_codes)
    _decide_rows(out, numpy.flatnonzero(~plain).tolist(), codes, cells, owner, years, policies)
    return out.decided()


def _point(value: object, _year: object) -> Decimal | _Odd | None:
    return _points(value)


def _unprinted(
    direction: Any, plain: Any, policy_of_row: Any, chosen: list[Policy],
    cells: Mapping[str, list[Any] | None],
) -> None:  # fmt: skip
    """Into *direction*, for each plain row whose target prints none (a bare number), the
    direction its policy gives its groups (once for each policy and pair of headings)."""
    numpy = _numpy()
    bare = numpy.flatnonzero(plain & (direction < 0)).tolist()
    if not bare:
        return
    level1, level2 = cells["level1"], cells["level2"]
    found: dict[tuple[int, Any, Any], int] = {}
    numbers = policy_of_row[bare].tolist()
    for row, number in zip(bare, numbers, strict=True):
        key = (number, None if level1 is None else level1[row],
               None if level2 is None else level2[row])  # fmt: skip
        given = found.get(key)
        if given is None:
            probe = Indicator(name="", level1=key[1], level2=key[2])
            given = found[key] = _DIRECTIONS.index(_unprinted_direction(probe, chosen[number])[0])
        direction[row] = given


class _Out:
    """The columns :func:`_decide_all` fills: each row's rule, weight, score (the weight,
    hundredths, or a number of its own), judged and applies."""

    def __init__(self, count: int, weights: _Points, weight_codes: Any) -> None:
        numpy = _numpy()
        self.rules = numpy.empty(count, dtype=object)
        self.weights = weights.value[weight_codes]
        self.weight_texts = weights.text[weight_codes]
        self.hundredths: dict[int, int] = {}
        """The rows scored by a formula: their score in hundredths."""
        self.other: dict[int, Decimal | None] = {}
        """The rows scored otherwise (judged, or by the row path): their score. Every
        other row scores its weight."""
        self.judged = numpy.zeros(count, dtype=bool)
        self.applies = numpy.ones(count, dtype=bool)

    def decided(self) -> _Decided:
        """The columns as lists, each score and its text made once per value."""
        weights, weight_texts = self.weights.tolist(), self.weight_texts.tolist()
        scores = list(weights)
        score_texts = list(weight_texts)
        made: dict[int, tuple[Decimal, str]] = {}
        for row, units in self.hundredths.items():
            known = made.get(units)
            if known is None:
                number = from_units(units)
                known = made[units] = (number, fixed(number))
            scores[row], score_texts[row] = known
        for row, score in self.other.items():
            scores[row] = score
            score_texts[row] = None if score is None else fixed(score)
        return _Decided(
            rules=self.rules.tolist(),
            weights=weights,
            scores=scores,
            judged=self.judged.tolist(),
            applies=self.applies.tolist(),
            weight_texts=weight_texts,
            score_texts=score_texts,
        )


def _taken(exact: Exact, rows: Any) -> Exact:
    """The exact numbers at *rows* (indices or a mask) of the column *exact*."""
    from perfeval.integers import Exact

    return Exact(exact.numerators[rows], exact.denominators[rows])


def _decide_column(
    out: _Out,
    way: Way,
    rows: Any,
    target: Exact,
    actual: Exact,
    weight: Exact,
    printed: Any,
) -> None:
    """The plain *rows* of one policy and direction (their exact *target*, *actual* and
    *weight* columns, and the *printed* scores) decided at once, into *out*: met rows
    score their weight; a missed row's exact value is its formula's (0 for a target of
    0 or less), settled by :func:`~perfeval.scoring.settle_missed_column`, and a row it
    leaves judged takes the score :func:`~perfeval.scoring.settle_missed` gives."""
    numpy = _numpy()
    from perfeval.integers import Exact, column

    out.rules[rows] = way.rule.value
    missed = ~way.test.holds_column(actual, target)
    if not numpy.any(missed):
        return  # each scores its weight
    below = rows[missed]
    t, a, w = (_taken(part, missed) for part in (target, actual, weight))
    formula = t.numerators > 0  # the other rows' exact value is 0
    tops = numpy.zeros(len(below), dtype=object)
    bottoms = numpy.ones(len(below), dtype=object)
    if numpy.any(formula):
        value = column_of(way.formula)(*(_taken(part, formula) for part in (w, t, a)))
        tops[formula], bottoms[formula] = value.numerators, value.denominators
    exact = Exact(column(tops.tolist()), column(bottoms.tolist()))
    hundredths, judged = settle_missed_column(exact, w, way.test)
    settled = ~judged
    for row, units in zip(below[settled].tolist(), hundredths[settled].tolist(), strict=True):
        out.hundredths[row] = units
    if not numpy.any(judged):
        return
    taken = numpy.flatnonzero(judged)
    for row, top, bottom, score in zip(
        below[taken].tolist(),
        exact.numerators[taken].tolist(),
        exact.denominators[taken].tolist(),
        printed[missed][taken].tolist(),
        strict=True,
    ):
        out.other[row], out.judged[row] = settle_missed(
            (top, bottom), out.weights[row], way.test, score
        )


def _decide_rows(
    out: _Out,
    rows: list[int],
    codes: tuple[Any, ...],
    cells: Mapping[str, list[Any] | None],
    owner: Sequence[str],
    years: Sequence[int | None],
    policies: Mapping[str, Policy],
) -> None:
    """The other *rows*, each decided by the row path's own decision, into *out*: once
    for each distinct row (its target, actual, weight and score as read, coded by
    *codes*; its headings, name and note as text; its year and policy)."""
    made: dict[tuple[Any, ...], RowDecision] = {}
    start: dict[str, int] = {}
    for index, code in enumerate(owner):
        start.setdefault(code, index)
    read = [column[rows].tolist() for column in codes]
    texts = [cells[key] for key in ("level1", "level2", "name", "note")]
    for position, index in enumerate(rows):
        code = owner[index]
        chosen = policies[code]
        year = years[index] if len(years) > 1 else years[0]
        words = [None if column is None else column[index] for column in texts]
        key: tuple[Any, ...] | None = None
        if all(word is None or type(word) is str for word in words):
            key = (*(column[position] for column in read), *words, year, id(chosen))
        decision = None if key is None else made.get(key)
        if decision is None:
            raw = _raw(cells, index)
            try:
                if not all(_short_text(value) for value in raw.values()):
                    check_parsed(raw)  # the limits the document reader checks
                indicator = _indicator(raw, index - start[code], year)
            except PerfevalError:
                raise _RowPath from None
            decision = _decide_row(indicator, chosen, _ways(chosen), year, None)
            if key is not None:
                made[key] = decision
        out.rules[index] = decision.rule.value
        out.weights[index] = decision.weight
        out.weight_texts[index] = None if decision.weight is None else fixed(decision.weight)
        out.other[index] = decision.score
        out.judged[index] = decision.judged
        out.applies[index] = decision.applies
