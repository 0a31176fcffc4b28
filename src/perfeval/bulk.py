"""Exact scoring of database rows a column at a time: standard rows in, Arrow tables out.

An edge module, for data teams that hold indicator rows by the million. :func:`score_rows`
takes the same 预算管理一体化 standard rows as :func:`perfeval.database.load_tables`
(iterables of mappings, DB-API cursors, pandas or polars DataFrames, Arrow tables or
record batches; a :class:`~perfeval.database.FieldMap` for other field names) and gives
the same scores as ``score_table(load_tables(...)[code])`` for every project, digit for
digit: the funds score, every row's score and rule, the total and the grade. A table's
own policy (its ``policy`` field) is honoured as everywhere else.

How it stays the same as the row path:

- Rows are grouped and every header and fund cell is read by :mod:`perfeval.database`
  and :func:`perfeval.document.table_from_mapping` themselves; every indicator cell by
  the same readers (``parse_target``, ``parse_actual``, the points reader), each
  distinct text once.
- The common row, a number against a number in the same unit (``≥100个`` against
  ``95.5个``) under a policy that keeps the printed weights, is decided a column at a
  time: the met test per row, then each formula's exact integer values for all its
  missed rows at once (``ratio_column``, next to its one-row ``ratio`` in
  :mod:`perfeval.formulas`), the cap and the one half-up rounding. The result is the
  :class:`~perfeval.scoring.RowDecision` that :func:`~perfeval.scoring.decide_row` gives
  for the row (a property test compares them field by field).
- Every other row (worded targets, deadlines, ranges, tiers, unit conversions, 无, rows
  without a weight or with cells of other types) is built as an
  :class:`~perfeval.indicators.Indicator` by the document reader and decided by
  :func:`~perfeval.scoring.decide_row`'s own function; a policy that rescales the
  indicator weights (``indicator_points``) scores its tables by the row path whole.
- Sums, the total and the grade are the :class:`~perfeval.table.Scorecard`'s own.
- Input the row path refuses is refused the same way: the column path only reads what it
  knows the row path accepts, and for anything else (a cell of an unexpected type, a
  header that disagrees, a bad code, a value above a limit) it hands the whole input to
  :func:`~perfeval.database.load_tables`, which raises its own
  :class:`~perfeval.errors.DocumentError` naming the project, the row and the field (or
  scores the input by the row path, when it does not refuse it).

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

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from perfeval.cells import read_points, read_text
from perfeval.database import (
    FieldMap,
    LoadOptions,
    _check_columns,
    _document,
    _group,
    _key,
    _Project,
    load_tables,
    mappings,
)
from perfeval.document import _indicator, table_from_mapping
from perfeval.errors import DocumentError, PerfevalError
from perfeval.formulas import column_of
from perfeval.funds import _funds_score
from perfeval.indicators import Indicator
from perfeval.limits import DEFAULT_LIMITS, check_parsed, number_within
from perfeval.number import fixed, half_up, private_context
from perfeval.policy import Policy
from perfeval.rows import _arrow
from perfeval.scoring import (
    RowDecision,
    Route,
    Test,
    Way,
    _decide_row,
    _decision,
    _judged_score,
    _unprinted_direction,
    _ways,
)
from perfeval.table import Scorecard, Table, _score_table, _summed, policy_of
from perfeval.targets import Comparison, Direction, Reading, parse_actual, parse_target

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow

__all__ = ["INDICATOR_COLUMNS", "PROJECT_COLUMNS", "BulkResult", "score_rows"]

#: The columns of :attr:`BulkResult.projects`, in order.
PROJECT_COLUMNS: Final = (
    "PRO_CODE", "project", "year", "policy", "funds_score", "total", "total_max",
    "complete", "grade", "indicators", "unscored", "judged",
)  # fmt: skip
#: The columns of :attr:`BulkResult.indicators`, in order.
INDICATOR_COLUMNS: Final = ("PRO_CODE", "row", "rule", "weight", "score", "judged")


@attrs.frozen(kw_only=True)
class BulkResult:
    """What :func:`score_rows` gives: two Arrow tables, decimals as exact text (cast with
    ``pyarrow.compute.cast`` to a ``decimal128`` of the scale you need)."""

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
    input is not rows the column path reads (the row path then says why)."""

    __slots__ = ("columns", "count", "plain", "replay")

    def __init__(
        self, columns: dict[str, list[Any]], count: int, replay: Any, *, plain: bool = True
    ) -> None:
        self.columns, self.count, self.replay, self.plain = columns, count, replay, plain

    def get(self, name: str | None) -> list[Any] | None:
        return None if name is None else self.columns.get(name)


def _columns_of(source: Any) -> _Columns:
    """*source* read into columns; anything that is not a known table is read as
    :func:`perfeval.database.mappings` reads it."""
    if source is None:
        return _Columns({}, 0, None)
    kind = type(source).__module__.split(".")[0]
    if kind == "pyarrow":
        table = source.read_all() if hasattr(source, "read_all") else source
        if hasattr(table, "num_rows") and hasattr(table, "schema"):
            columns = {name: table.column(name).to_pylist() for name in table.schema.names}
            return _Columns(columns, table.num_rows, _Replay(table))
    if kind == "pandas" and hasattr(source, "columns"):
        columns = {str(name): source[name].tolist() for name in source.columns}
        return _Columns(columns, len(source), source)
    if kind == "polars" and hasattr(source, "columns"):
        columns = {name: source[name].to_list() for name in source.columns}
        return _Columns(columns, source.height, source)
    try:
        rows = list(mappings(source))
    except (DocumentError, TypeError):
        return _Columns({}, 0, source, plain=False)
    if not all(isinstance(row, Mapping) for row in rows):
        return _Columns({}, 0, rows, plain=False)
    names: dict[str, None] = {}
    for row in rows:
        names.update(dict.fromkeys(row))
    columns = {name: [row.get(name) for row in rows] for name in names}
    return _Columns(columns, len(rows), rows)


class _Replay:
    """Arrow rows given to the row path as mappings, when it is needed."""

    __slots__ = ("table",)

    def __init__(self, table: Any) -> None:
        self.table = table

    def __iter__(self) -> Any:
        return iter(self.table.to_pylist())


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
    try:
        cards = _column_path(read[0], read[1], read[2], names, chosen, policy)
    except _RowPath:
        tables = load_tables(
            read[0].replay, read[1].replay, read[2].replay, fields=names, options=chosen
        )
        cards = {code: _score_table(table, policy, explain=False) for code, table in tables.items()}
    return _result(cards)


@attrs.frozen(kw_only=True)
class _Card:
    """What the result reads of a scored table: the scorecard's sums, total and grade,
    and each row's decision."""

    card: Scorecard
    name: str


def _result(cards: Mapping[str, _Card | Scorecard]) -> BulkResult:
    pa = _arrow()
    project: dict[str, list[Any]] = {name: [] for name in PROJECT_COLUMNS}
    rows: dict[str, list[Any]] = {name: [] for name in INDICATOR_COLUMNS}
    for code, item in cards.items():
        card = item.card if isinstance(item, _Card) else item
        name = item.name if isinstance(item, _Card) else card.table.project
        decisions = card.rows
        grade = card.grade
        high = card.total_range[1]
        funds = card.funds
        project["PRO_CODE"].append(code)
        project["project"].append(name)
        project["year"].append(card.table.year)
        project["policy"].append(card.policy.id)
        project["funds_score"].append(
            None if funds is None or funds.score is None else fixed(funds.score)
        )
        project["total"].append(fixed(card.total))
        project["total_max"].append(None if high is None else fixed(high))
        project["complete"].append(card.complete)
        project["grade"].append(None if grade is None else grade.label)
        project["indicators"].append(len(decisions))
        project["unscored"].append(sum(1 for r in decisions if r.applies and r.score is None))
        project["judged"].append(sum(1 for r in decisions if r.judged))
        rows["PRO_CODE"].extend([code] * len(decisions))
        rows["row"].extend(range(len(decisions)))
        rows["rule"].extend([r.rule.value for r in decisions])
        rows["weight"].extend([None if r.weight is None else fixed(r.weight) for r in decisions])
        rows["score"].extend([None if r.score is None else fixed(r.score) for r in decisions])
        rows["judged"].extend([r.judged for r in decisions])
    types = {"year": pa.int64(), "indicators": pa.int64(), "unscored": pa.int64(),
             "judged": pa.int64(), "complete": pa.bool_(), "row": pa.int64()}  # fmt: skip
    indicator_types = {**types, "judged": pa.bool_()}

    def table(data: dict[str, list[Any]], kinds: Mapping[str, Any]) -> Any:
        arrays = [pa.array(values, type=kinds.get(name, pa.string())) for name, values in data.items()]
        return pa.Table.from_arrays(arrays, names=list(data))

    return BulkResult(projects=table(project, types), indicators=table(rows, indicator_types))


_ROW_CELLS: Final = ("level1", "level2", "name", "target", "actual", "weight", "score", "note")


@private_context
def _column_path(
    funds: _Columns,
    indicators: _Columns,
    projects: _Columns,
    fields: FieldMap,
    options: LoadOptions,
    policy: Policy | str | None,
) -> dict[str, _Card]:
    """The scorecards of every project, the indicator rows read a column at a time;
    :class:`_RowPath` for what only the row path reads."""
    limits = DEFAULT_LIMITS
    for part in (funds, indicators, projects):
        if not part.plain:
            raise _RowPath
        for values in part.columns.values():
            longest = max((len(v) for v in values if type(v) is str), default=0)
            if longest > limits.max_string:
                raise _RowPath
    try:  # projects and fund rows: read by the row path itself (a few per project)
        grouped = _group(funds.replay, None, projects.replay, fields, options)
    except PerfevalError:
        raise _RowPath from None
    owner = _indicator_owners(indicators, fields, options, grouped)
    seen = {"project": set(projects.columns), "fund": set(funds.columns),
            "indicator": set(indicators.columns)}  # fmt: skip
    try:
        _check_columns(fields, seen)
    except PerfevalError:
        raise _RowPath from None
    cells = {key: indicators.get(getattr(fields, key)) for key in _ROW_CELLS}
    members: dict[str, list[int]] = {code: [] for code in grouped}
    for index, code in enumerate(owner):
        members[code].append(index)
    tables: dict[str, Table] = {}
    for code, item in grouped.items():
        count = len(members[code])
        if count > limits.max_rows or 10 * (count + len(item.funds)) + 100 > limits.max_cells:
            raise _RowPath
        item.indicators = []
        try:
            tables[code] = table_from_mapping(_document(item, options))
        except PerfevalError:
            raise _RowPath from None
    plan = _Plan(cells)
    out: dict[str, _Card] = {}
    for code, table in tables.items():
        chosen = policy_of(table, policy)
        rows = members[code]
        if chosen.indicator_points is not None:  # weights rescaled: the row path, whole
            scored = _whole(grouped[code], table, rows, plan, options, chosen)
            out[code] = _Card(card=scored, name=table.project)
            continue
        plan.add(code, table, chosen, rows)
    decided = plan.decide()
    for code, table in tables.items():
        if code in out:
            continue
        chosen = policy_of(table, policy)
        funds_score = _funds_score(table.funds, chosen) if table.funds is not None else None
        decisions = decided[code]
        card = Scorecard(  # the table's header and funds; its rows are the decisions
            table=table, policy=chosen, funds=funds_score, rows=decisions,
            sums=_summed(decisions, funds_score),
        )  # fmt: skip
        out[code] = _Card(card=card, name=table.project)
    return out


def _indicator_owners(
    indicators: _Columns, fields: FieldMap, options: LoadOptions, grouped: dict[str, _Project]
) -> list[str]:
    """The project code of each indicator row, new projects added to *grouped* in order
    and the header cells the rows carry checked against the project's (as the row path
    checks them; a disagreement or an odd cell goes to the row path)."""
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
    for part in ("project_name", "department", "unit", "year", "policy", "total_score", "grade"):
        column = indicators.get(getattr(fields, part))
        if column is None:
            continue
        for code, value in zip(owner, column, strict=True):
            if value is None:
                continue
            if type(value) is not str and type(value) is not int:
                raise _RowPath  # other types: read by the row path
            header = grouped[code].header
            held = header.setdefault(part, value)
            if held is not value and str(held).strip() != str(value).strip():
                raise _RowPath
    return owner


def _whole(
    item: _Project,
    table: Table,
    rows: Sequence[int],
    plan: _Plan,
    options: LoadOptions,
    policy: Policy,
) -> Scorecard:
    """A table scored by the row path: its indicator rows read as the document reads them."""
    item.indicators = [plan.raw(index) for index in rows]
    try:
        full = table_from_mapping(_document(item, options))
    except PerfevalError:
        raise _RowPath from None
    return _score_table(full, policy, explain=False)


class _Plan:
    """The indicator rows of every project, read and sorted into the rows decided a
    column at a time and the rows decided one by one."""

    def __init__(self, cells: dict[str, list[Any] | None]) -> None:
        self.cells = cells
        self.readings: dict[tuple[str, int | None, bool], Reading] = {}
        self.points: dict[object, Decimal | None] = {}
        self.decisions: dict[str, list[RowDecision | None]] = {}
        self.columns: dict[int, _Column] = {}

    def raw(self, index: int) -> dict[str, Any]:
        """Row *index* as a document's indicator row (cells as the row path reads them)."""
        return {
            key: None if values is None else values[index] for key, values in self.cells.items()
        }

    def add(self, code: str, table: Table, policy: Policy, rows: Sequence[int]) -> None:
        """Read the rows of project *code*: the plain ones into the policy's column, the
        others decided now."""
        year = table.year
        decisions: list[RowDecision | None] = [None] * len(rows)
        self.decisions[code] = decisions
        column = self.columns.get(id(policy))
        if column is None:
            column = self.columns[id(policy)] = _Column(policy)
        ways = column.ways
        get = self.cells.get
        target_cells, actual_cells = get("target"), get("actual")
        weight_cells, score_cells = get("weight"), get("score")
        level1, level2, names, notes = get("level1"), get("level2"), get("name"), get("note")
        for position, index in enumerate(rows):
            target = self._reading(target_cells, index, year, True)
            actual = self._reading(actual_cells, index, year, False)
            weight = self._points(weight_cells, index)
            score = self._points(score_cells, index)
            plain = (
                type(target) is Comparison
                and type(actual) is Comparison
                and target.unit is actual.unit
                and weight is not None
                and score is not _ODD
                and not weight.is_zero()
                and _text(level1, index)
                and _text(level2, index)
                and _text(names, index)
                and _text(notes, index)
            )
            if plain:
                assert isinstance(target, Comparison) and isinstance(actual, Comparison)
                assert isinstance(weight, Decimal) and not isinstance(score, _Odd)
                column.append(
                    decisions, position, target, actual, weight, score,
                    None if level1 is None else level1[index],
                    None if level2 is None else level2[index],
                )  # fmt: skip
                continue
            raw = self.raw(index)
            try:
                if not all(value is None or type(value) is str for value in raw.values()):
                    check_parsed(raw)  # text was measured against the limits when read
                indicator = _indicator(raw, position, year)
            except PerfevalError:
                raise _RowPath from None
            decisions[position] = _decide_row(indicator, policy, ways, year, None)

    def _reading(self, cells: list[Any] | None, index: int, year: int | None, target: bool) -> Any:
        value = None if cells is None else cells[index]
        if value is None:
            return None
        if type(value) is not str:
            if (type(value) is not int and type(value) is not Decimal) or not number_within(value):
                return _ODD
            try:
                value = read_text(value, field="target" if target else "actual")
            except PerfevalError:
                return _ODD
            assert value is not None
        key = (value, year, target)
        reading = self.readings.get(key)
        if reading is None:
            parse = parse_target if target else parse_actual
            reading = self.readings[key] = parse(value, year=year)
        return reading

    def _points(self, cells: list[Any] | None, index: int) -> Decimal | None | _Odd:
        value = None if cells is None else cells[index]
        if value is None:
            return None
        if type(value) is not str:
            if (type(value) is not int and type(value) is not Decimal) or not number_within(value):
                return _ODD
        try:
            return self.points[value]
        except KeyError:
            pass
        try:  # the reader of the Indicator's weight and score fields
            number = read_points(value, field="weight")
        except PerfevalError:
            return _ODD  # the row path names the row and the field
        self.points[value] = number
        return number

    def decide(self) -> dict[str, tuple[RowDecision, ...]]:
        """Every project's row decisions, in row order."""
        for column in self.columns.values():
            column.decide()
        out = {}
        for code, decisions in self.decisions.items():
            assert all(decision is not None for decision in decisions)
            out[code] = tuple(decisions)  # type: ignore[arg-type]
        return out


class _Odd:
    """A cell the column path does not read (another type, or refused by its reader)."""


_ODD: Final = _Odd()
_GE, _LE, _EQ, _GT, _LT = Test.GE, Test.LE, Test.EQ, Test.GT, Test.LT
_QUANTITATIVE: Final = Route.QUANTITATIVE


def _text(cells: list[Any] | None, index: int) -> bool:
    """Whether the text cell at *index* is blank or text (what the row path takes as
    written)."""
    if cells is None:
        return True
    value = cells[index]
    return value is None or type(value) is str


class _Column:
    """The plain rows of one policy, decided a column at a time."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.ways = _ways(policy)
        self.unprinted: dict[tuple[Any, Any], tuple[Direction, str]] = {}
        self.slots: list[tuple[list[RowDecision | None], int]] = []
        self.targets: list[Comparison] = []
        self.actuals: list[Comparison] = []
        self.weights: list[Decimal] = []
        self.scores: list[Decimal | None] = []
        self.directions: list[tuple[Direction, str]] = []

    def append(
        self,
        decisions: list[RowDecision | None],
        position: int,
        target: Comparison,
        actual: Comparison,
        weight: Decimal,
        score: Decimal | None,
        level1: str | None,
        level2: str | None,
    ) -> None:
        direction = target.direction
        if direction is None:
            key = (level1, level2)
            found = self.unprinted.get(key)
            if found is None:
                probe = Indicator(name="", level1=level1, level2=level2)
                found = self.unprinted[key] = _unprinted_direction(probe, self.policy)
            self.directions.append(found)
        else:
            self.directions.append((direction, "printed"))
        self.slots.append((decisions, position))
        self.targets.append(target)
        self.actuals.append(actual)
        self.weights.append(weight)
        self.scores.append(score)

    def decide(self) -> None:
        """The decision of every row: the met test, then each formula's exact values for
        its missed rows in one column, then the cap and the one rounding (what
        :func:`~perfeval.scoring.decide_row` does for one row)."""
        ways = self.ways
        missed: dict[int, tuple[Way, list[int]]] = {}
        fields: list[list[Any]] = []
        for row, (target, actual, weight, (direction, source)) in enumerate(
            zip(self.targets, self.actuals, self.weights, self.directions, strict=True)
        ):
            t, a = target.value, actual.value
            way = ways[direction]
            test = way.test
            if test is _GE:
                met = a >= t
            elif test is _LE:
                met = a <= t
            elif test is _EQ:
                met = a == t
            else:
                met = a > t if test is _GT else a < t
            rule, role = way.rule, way.role
            if met:
                form = "equal" if role == "equal" else "met"
                fields.append([_QUANTITATIVE, rule, True, weight, weight, False, True, role,
                               form, None, None, direction, source, t, a, None, None, None])  # fmt: skip
                continue
            fields.append([_QUANTITATIVE, rule, True, weight, None, False, False, role,
                           way.form, way.formula, (0, 1), direction, source, t, a, None, None,
                           None])  # fmt: skip
            if t <= 0:
                fields[-1][8] = "zero-target"
            else:
                missed.setdefault(id(way), (way, []))[1].append(row)
        for way, rows in missed.values():
            exact = column_of(way.formula)(
                [self.weights[r] for r in rows],
                [self.targets[r].value for r in rows],
                [self.actuals[r].value for r in rows],
            )
            for row, value in zip(rows, exact, strict=True):
                fields[row][10] = value
        for row, values in enumerate(fields):
            if not values[6]:  # missed: capped at the weight, rounded once
                _settle(values, self.ways[values[11]], self.scores[row])
            decisions, position = self.slots[row]
            decisions[position] = _decision(tuple(values))


def _settle(values: list[Any], way: Way, printed: Decimal | None) -> None:
    """The score of a missed row from its exact value, in place: as
    ``scoring._decide`` settles it (capped at the weight, rounded half up once; a
    strict bound met exactly, or a value that reaches the weight, takes the judged score)."""
    weight: Decimal = values[3]
    n, d = values[10]
    wn, wd = weight.as_integer_ratio()
    over = n * wd - wn * d
    score = half_up(wn, wd) if over > 0 else half_up(n, d)
    test = way.test
    judged = over >= 0 or ((test is _GT or test is _LT) and score >= weight)
    values[4] = _judged_score(printed, weight) if judged else score
    values[5] = judged

