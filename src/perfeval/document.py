"""The table document format (``perfeval.self-evaluation/1``): read it, and write results.

This is an edge module: it turns JSON or TOML text, or an already-parsed mapping, into a
:class:`~perfeval.table.Table` (and writes a table back as a document). The JSON objects
that the command line prints are built in :mod:`perfeval.output`. Numbers are read
exactly: JSON numbers through ``Decimal``, never through ``float``. What a printed cell
means (placeholders, units, 分, %) is decided by :mod:`perfeval.cells`, through the model
constructors.

A document that cannot be used at all (not an object, a wrong type, a number cell that
holds text) raises :class:`~perfeval.errors.DocumentError` naming the place, e.g.
``indicators[2].weight``. A table that is merely incomplete loads, and the audit says
what is missing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, TypeVar

from perfeval._validate import expect
from perfeval.cells import (
    MONEY_UNITS,
    is_blank,
    read_measure,
    read_percent,
    read_points,
    read_text,
    read_year,
)
from perfeval.errors import DocumentError, LimitError, PerfevalError
from perfeval.funds import FundBlock, FundRow
from perfeval.indicators import Indicator
from perfeval.limits import (
    DEFAULT_LIMITS,
    Limits,
    check_number_text,
    check_parsed,
    json_text_within,
    limit_error,
    number_within,
)
from perfeval.number import fixed, normalize_text
from perfeval.table import Table
from perfeval.targets import (
    Blank,
    Comparison,
    Qualitative,
    Reading,
    Unreadable,
    names_qualitative,
    parse_actual,
    parse_target,
    structured_target,
)

__all__ = [
    "DOCUMENT_SHAPE",
    "FORMAT",
    "SERIALIZED_SHAPE",
    "document_text",
    "dump_table",
    "dumps_document",
    "loads",
    "parse_document",
    "parse_json",
    "parse_toml",
    "schema",
    "table_from_mapping",
    "table_shape",
]

if TYPE_CHECKING:  # read by the functions that need them: a table needs neither
    from perfeval.department import Node
    from perfeval.monitoring import MonitoringTable

T = TypeVar("T")
N = TypeVar("N", Decimal, int)

#: The format tag of an input document.
FORMAT: Final = "perfeval.self-evaluation/1"

_TOP_KEYS: Final = frozenset(
    {
        "format", "project", "department", "unit", "year", "policy", "amount_unit", "funds",
        "goals", "level1_weights", "indicators", "total_score", "grade", "notes",
    }
)  # fmt: skip
_FUND_KEYS: Final = frozenset({"weight", "rows", "unit"})
_ROW_KEYS: Final = frozenset(
    {"source", "initial_budget", "annual_budget", "executed", "rate", "score"}
)
_INDICATOR_KEYS: Final = frozenset(
    {"level1", "level2", "name", "target", "actual", "weight", "score", "note"}
)
_TARGET_KEYS: Final = frozenset({"direction", "value", "unit"})


def _fail(where: str, message: str, value: object = None) -> DocumentError:
    return DocumentError(message, field=where, value=value)


def _check_keys(data: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    for key in data:
        if key not in allowed:
            place = f"{where}.{key}" if where else key
            raise _fail(place, "unknown key; known: " + ", ".join(sorted(allowed)))


def _object(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict) and not isinstance(value, Mapping):  # dict: the quick test
        raise _fail(where, f"expected an object, not {type(value).__name__}")
    return value


def _list(value: object, where: str) -> Sequence[Any]:
    if not isinstance(value, list | tuple):
        raise _fail(where, f"expected a list, not {type(value).__name__}")
    return value


def _cell(read: Callable[..., T], value: object, where: str, **options: Any) -> T:
    """Read one cell with :mod:`perfeval.cells`, naming the document path on failure."""
    try:
        return read(value, field=where, **options)
    except PerfevalError as error:
        raise _fail(where, error.reason, value) from None


def _text(value: object, where: str) -> str | None:
    return _cell(read_text, value, where)


def _blank(value: object) -> bool:
    return is_blank(value)


def _number(value: object, where: str) -> Decimal | None:
    """A non-negative weight or score ("10", "10分", a placeholder)."""
    return _cell(read_points, value, where)


def _percent(value: object, where: str) -> Decimal | None:
    return _cell(read_percent, value, where)


def _reading(value: object, where: str, *, target: bool, year: int | None) -> Reading:
    if type(value) is not str and isinstance(value, Mapping):  # printed text, mostly
        _check_keys(value, _TARGET_KEYS, where)
        if not target:
            raise _fail(where, "an actual value is printed text, not an object")
        return structured_target(
            _text(value.get("direction"), f"{where}.direction"),
            _text(value.get("value"), f"{where}.value"),
            _text(value.get("unit"), f"{where}.unit"),
            year=year,
        )
    text = _text(value, where)
    return parse_target(text, year=year) if target else parse_actual(text, year=year)


def _year(value: object) -> int | None:
    return _cell(read_year, value, "year")


def _build(where: str, make: Callable[..., T], **fields: Any) -> T:
    """Make a model from raw cell values: the model's own converters read each cell (the
    one home of what a cell means); an error is reported at its document path."""
    try:
        return make(**fields)
    except PerfevalError as error:
        place = f"{where}.{error.field}" if error.field else where
        raise _fail(place, error.reason, error.value) from None


def _shown(value: object) -> object:
    """*value* cut short for an error message (a 5000-digit number is not repeated whole)."""
    if isinstance(value, str) and len(value) > 40:
        return value[:40] + "…"
    if isinstance(value, Mapping | list | tuple):
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"a number of about {value.bit_length() * 30103 // 100000 + 1} digits"
    return value


def _funds(data: Mapping[str, Any], default_unit: str | None = None) -> FundBlock:
    _check_keys(data, _FUND_KEYS, "funds")
    unit = _text(data.get("unit"), "funds.unit") or default_unit or "万元"
    if unit not in MONEY_UNITS:
        raise _fail("funds.unit", f"expected a money unit: {', '.join(MONEY_UNITS)}", unit)
    total: FundRow | None = None
    sources: list[FundRow] = []
    for index, raw in enumerate(_list(data.get("rows", []), "funds.rows")):
        where = f"funds.rows[{index}]"
        row = _object(raw, where)
        _check_keys(row, _ROW_KEYS, where)
        label = _text(row.get("source"), f"{where}.source")
        if not label:
            raise _fail(f"{where}.source", "a fund row needs its source (total, current_year…)")
        fund_row = _build(
            where,
            FundRow,
            source=label,
            unit=unit,
            initial_budget=row.get("initial_budget"),
            annual_budget=row.get("annual_budget"),
            executed=row.get("executed"),
            printed_rate=row.get("rate"),
            printed_score=row.get("score"),
        )
        if fund_row.source == "total":
            if total is not None:
                raise _fail(f"{where}.source", "a second total row")
            if sources:
                raise _fail(f"{where}.source", "the total row must come before the source rows")
            total = fund_row
        else:
            sources.append(fund_row)
    return _build(
        "funds",
        FundBlock,
        weight=_number(data.get("weight"), "funds.weight"),
        unit=unit,
        total=total,
        sources=tuple(sources),
    )


def _indicator(raw: object, index: int, year: int | None) -> Indicator:
    where = f"indicators[{index}]"
    data = _object(raw, where)
    _check_keys(data, _INDICATOR_KEYS, where)
    return _build(
        where,
        Indicator,
        name=data.get("name"),
        level1=data.get("level1"),
        level2=data.get("level2"),
        target=_reading(data.get("target"), f"{where}.target", target=True, year=year),
        actual=_reading(data.get("actual"), f"{where}.actual", target=False, year=year),
        weight=data.get("weight"),
        score=data.get("score"),
        note=data.get("note"),
    )


def table_from_mapping(data: object, *, limits: Limits = DEFAULT_LIMITS) -> Table:
    """A :class:`Table` from a parsed document; :class:`DocumentError` names any bad place,
    :class:`~perfeval.errors.LimitError` a document beyond *limits* (checked first)."""
    check_parsed(data, limits)
    return _table(data)


def _table(data: object) -> Table:
    """A :class:`Table` from a parsed document already checked against the limits."""
    document = _object(data, "$")
    _check_keys(document, _TOP_KEYS, "")
    tag = document.get("format", FORMAT)
    if tag != FORMAT:
        raise _fail("format", f"unsupported format; expected {FORMAT!r}", tag)
    project = _text(document.get("project"), "project")
    if not project:
        raise _fail("project", "the project name is required")
    if "indicators" not in document:
        raise _fail("indicators", "the indicator rows are required (may be an empty list)")
    year = _year(document.get("year"))
    funds = document.get("funds")
    goals = _object(document.get("goals") or {}, "goals")
    weights = _object(document.get("level1_weights") or {}, "level1_weights")
    amount_unit = _text(document.get("amount_unit"), "amount_unit")
    block = None if funds is None else _funds(_object(funds, "funds"), amount_unit)
    indicators = _every(
        lambda index, raw: _indicator(raw, index, year),
        _list(document["indicators"], "indicators"),
    )
    notes = tuple(
        _text(note, f"notes[{i}]") or ""
        for i, note in enumerate(_list(document.get("notes") or [], "notes"))
    )
    leftover = _leftover_note(indicators)
    return Table(
        project=project,
        department=_text(document.get("department"), "department"),
        unit=_text(document.get("unit"), "unit"),
        year=year,
        funds=block,
        goals_planned=_text(goals.get("planned"), "goals.planned"),
        goals_achieved=_text(goals.get("achieved"), "goals.achieved"),
        level1_weights={
            str(name): number
            for name, value in weights.items()
            if (number := _number(value, f"level1_weights.{name}")) is not None
        },
        indicators=indicators,
        printed_total=_number(document.get("total_score"), "total_score"),
        printed_grade=None if _blank(document.get("grade")) else _text(document["grade"], "grade"),
        policy=_text(document.get("policy"), "policy"),
        notes=notes if leftover is None or leftover in notes else (*notes, leftover),
    )


def _leftover_note(indicators: Sequence[Indicator]) -> str | None:
    """The note that names the rows left over from a blank template ("指标1…", "XX指标"
    with nothing else filled), which are left out of the score; ``None`` if there are
    none."""
    rows = [
        f"indicators[{index}] {row.name!r}"
        for index, row in enumerate(indicators)
        if row.template_leftover
    ]
    if not rows:
        return None
    return (
        ", ".join(rows)
        + ": rows left over from the template (a placeholder name, nothing else filled); "
        "left out of the score."
    )


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the input document."""
    from importlib.resources import files

    text = files("perfeval.data").joinpath("schema", "self-evaluation-1.schema.json")
    data: dict[str, Any] = json.loads(text.read_text(encoding="utf-8"))
    return data


def _every(read: Callable[[int, Any], T], items: Sequence[Any]) -> tuple[T, ...]:
    """Read every item, collecting the errors so that one run reports every bad row."""
    done: list[T] = []
    errors: list[DocumentError] = []
    for index, item in enumerate(items):
        try:
            done.append(read(index, item))
        except DocumentError as error:
            errors.append(error)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise DocumentError(
            f"{len(errors)} problems: " + "; ".join(str(error) for error in errors),
            field=errors[0].field,
            errors=tuple(errors),
        )
    return tuple(done)


def _no_constants(name: str) -> None:
    raise ValueError(f"{name} is not a number perfeval accepts")


def loads(text: str, *, format: str = "json", limits: Limits = DEFAULT_LIMITS) -> Table:
    """Read a table document from JSON or TOML *text*, numbers exactly, within *limits*."""
    return _table(parse_document(text, format=format, limits=limits))


def parse_document(text: str, *, format: str = "json", limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse JSON or TOML *text* (:func:`parse_json`, :func:`parse_toml`)."""
    if format == "json":
        return parse_json(text, limits=limits)
    if format == "toml":
        return parse_toml(text, limits=limits)
    raise DocumentError("unknown document format; use json or toml", value=format)


def parse_toml(text: str, *, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse TOML *text* exactly (floats through ``Decimal``) within *limits*;
    :class:`DocumentError` or :class:`~perfeval.errors.LimitError`, nothing else."""
    _check_size(text, limits)

    def number(literal: str) -> Decimal:
        check_number_text(literal, limits)
        return Decimal(literal)

    import tomllib  # only TOML documents need it

    try:
        data = tomllib.loads(text, parse_float=number)
    except RecursionError:
        raise limit_error("max_depth", limits.max_depth + 1, limits.max_depth, "$") from None
    except tomllib.TOMLDecodeError as error:
        raise DocumentError(f"not valid TOML: {error}") from None
    except LimitError:
        raise
    except ValueError as error:  # an integer beyond int()'s digit limit, and the like
        raise DocumentError(f"not valid TOML: {error}") from None
    check_parsed(data, limits)
    return data


def _check_size(text: str, limits: Limits) -> None:
    expect(text, str, "text")  # bytes are decoded by the caller, which knows the file
    if len(text) > limits.max_bytes:  # every character is at least one byte
        raise limit_error("max_bytes", len(text), limits.max_bytes, "$")


def _value(value: Decimal | None) -> str | None:
    return None if value is None else fixed(value)


def _present(**items: Any) -> dict[str, Any]:
    """The items that hold a value: TOML has no null, so a blank is a key left out."""
    return {key: value for key, value in items.items() if value is not None}


def _unknown_direction(reading: Unreadable) -> str | None:
    """The direction column of a split target whose direction was not known."""
    prefix = "unknown direction "
    if not reading.reason.startswith(prefix):
        return None
    import ast

    try:
        direction = ast.literal_eval(reading.reason[len(prefix) :])
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    return direction if isinstance(direction, str) else None


def _target_columns(reading: Reading) -> Iterator[dict[str, str]]:
    """Split 指标性质 / 指标值 / 度量单位 columns that could have printed *reading*."""
    if isinstance(reading, Qualitative):
        yield {"direction": "定性", "value": reading.text or reading.statement}
    elif isinstance(reading, Blank):
        yield {"direction": "定性", "value": reading.text}
    elif isinstance(reading, Comparison):
        yield _present(
            direction=reading.direction.value if reading.direction else None,
            value=fixed(reading.value),
            unit=reading.unit.symbol if reading.unit else None,
        )
    elif isinstance(reading, Unreadable):
        direction = _unknown_direction(reading)
        if direction is not None:
            sign = normalize_text(direction)
            if reading.text.startswith(sign):
                yield {"direction": direction, "value": reading.text[len(sign) :]}


def _reading_out(reading: Reading, *, target: bool, year: int | None) -> Any:
    """What to write for *reading* so that the loader reads it back equal: its printed
    text when that re-reads the same, else (targets) the split columns it came from."""
    if isinstance(reading, Blank) and not reading.text:
        return None
    text = reading.text or str(reading)
    if target and isinstance(reading, Qualitative) and names_qualitative(text):
        columns = {"direction": "定性", "value": reading.statement}  # "定性：无", written as
        if _reading(columns, "target", target=True, year=year) == reading:  # its columns
            return columns
    read = parse_target if target else parse_actual
    if read(text, year=year) == reading:
        return text
    if target:
        for columns in _target_columns(reading):
            if _reading(columns, "target", target=True, year=year) == reading:
                return columns
    return text  # a reading built by hand that no printed cell gives: its text, as printed


def dump_table(table: Table) -> dict[str, Any]:
    """A document (plain JSON-ready data) for *table*; :func:`table_from_mapping` reads it.

    The exact inverse of the loader: every document that loads is written back to one that
    loads to an equal table (and so an equal scorecard). A blank is a key left out, never a
    ``None``, so the document can be written as TOML too (:func:`dumps_document`).
    """
    expect(table, Table, "table")

    def row(source: str, item: FundRow) -> dict[str, Any]:
        return _present(
            source=source,
            initial_budget=_value(item.initial_budget),
            annual_budget=_value(item.annual_budget),
            executed=_value(item.executed),
            rate=None if item.printed_rate is None else f"{fixed(item.printed_rate)}%",
            score=_value(item.printed_score),
        )

    funds = None
    if table.funds is not None:
        rows = [row("total", table.funds.total)] if table.funds.total is not None else []
        rows += [row(item.source, item) for item in table.funds.sources]
        funds = _present(weight=_value(table.funds.weight), unit=table.funds.unit, rows=rows)
    goals = _present(planned=table.goals_planned, achieved=table.goals_achieved)
    return _present(
        format=FORMAT,
        project=table.project,
        department=table.department,
        unit=table.unit,
        year=table.year,
        policy=table.policy,
        funds=funds,
        goals=goals or None,
        level1_weights={name: fixed(points) for name, points in table.level1_weights.items()},
        indicators=[
            _present(
                level1=item.level1,
                level2=item.level2,
                name=item.name,
                target=_reading_out(item.target, target=True, year=table.year),
                actual=_reading_out(item.actual, target=False, year=table.year),
                weight=_value(item.weight),
                score=_value(item.score),
                note=item.note,
            )
            for item in table.indicators
        ],
        total_score=_value(table.printed_total),
        grade=table.printed_grade,
        notes=list(table.notes),
    )


def dumps_document(table: Table, *, format: str = "json") -> str:
    """*table* as the text of a JSON or TOML document (``format="toml"`` needs the
    serialization extra, for ``tomli_w``); :func:`loads` reads it back to an equal table."""
    return document_text(dump_table(table), format=format)


def document_text(data: Mapping[str, Any], *, format: str = "json") -> str:
    """A document mapping (a 自评表's, or another form's) as JSON or TOML text: the one
    writer of document text (``format="toml"`` needs the serialization extra, for
    ``tomli_w``; TOML has no null, so give it a mapping without ``None``)."""
    if format == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if format == "toml":
        try:
            import tomli_w
        except ImportError:
            raise DocumentError(
                "writing TOML needs the serialization extra: pip install 'perfeval[serialization]'"
            ) from None
        return tomli_w.dumps(data)
    raise DocumentError("unknown document format; use json or toml", value=format)


#: The names of the two JSON shapes of a table that :func:`table_from_data` reads.
DOCUMENT_SHAPE: Final = "document"
SERIALIZED_SHAPE: Final = "serialized Table"
_SERIALIZED_KEYS: Final = frozenset(
    {
        "project", "department", "unit", "year", "funds", "goals_planned", "goals_achieved",
        "level1_weights", "indicators", "printed_total", "printed_grade", "policy", "notes",
    }
)  # fmt: skip


def table_shape(data: object) -> str:
    """Which JSON shape *data* is: :data:`DOCUMENT_SHAPE` (``perfeval.self-evaluation/1``)
    or :data:`SERIALIZED_SHAPE` (what ``perfeval.serialization.dumps(table)`` writes);
    :func:`perfeval.serialization.table_from_data` reads either.

    >>> table_shape({"project": "x", "indicators": []})
    'document'
    >>> table_shape({"project": "x", "printed_total": "98", "indicators": []})
    'serialized Table'
    """
    if not isinstance(data, Mapping) or "format" in data:
        return DOCUMENT_SHAPE
    keys = set(data)
    if keys <= _TOP_KEYS and not _serialized_inside(data):
        return DOCUMENT_SHAPE
    if keys <= _SERIALIZED_KEYS:
        return SERIALIZED_SHAPE
    unknown = sorted(keys - _TOP_KEYS - _SERIALIZED_KEYS)
    if unknown:
        raise DocumentError(
            "neither a table document (perfeval.self-evaluation/1) nor a serialized Table; "
            "unknown keys: " + ", ".join(key[:40] for key in unknown[:10])
        )
    return DOCUMENT_SHAPE  # keys of both shapes mixed: the document's errors name them


def _serialized_inside(data: Mapping[str, Any]) -> bool:
    funds = data.get("funds")
    if isinstance(funds, Mapping) and ("sources" in funds or "total" in funds):
        return True
    rows = data.get("indicators")
    return isinstance(rows, list) and any(
        isinstance(row, Mapping) and isinstance(row.get("actual"), Mapping) for row in rows
    )


# Monitoring tables and department evaluations -------------------------------------------

MONITORING_FORMAT: Final = "perfeval.monitoring/1"
DEPARTMENT_FORMAT: Final = "perfeval.department/1"
_MONITORING_KEYS: Final = frozenset(
    {"format", "project", "department", "unit", "year", "month", "funds", "indicators",
     "warning_level", "notes"}
)  # fmt: skip
_MONITORED_FUNDS_KEYS: Final = frozenset(
    {"annual_budget", "executed", "forecast", "progress", "note"}
)
_MONITORED_KEYS: Final = frozenset(
    {"name", "level1", "level2", "target", "to_date", "forecast", "likelihood", "explanation"}
)
_DEPARTMENT_KEYS: Final = frozenset({"format", "department", "year", "policy", "tree", "notes"})
_NODE_KEYS: Final = frozenset({"name", "weight", "children", "rule", "score", "note"})


def _month(value: object) -> int:
    text = normalize_text(str(value)).removesuffix("月") if value is not None else ""
    if isinstance(value, bool) or not text.isdigit() or not 1 <= int(text) <= 12:
        raise _fail("month", "expected the month monitored, 1 to 12", value)
    return int(text)


def monitoring_from_mapping(data: object) -> MonitoringTable:
    """A :class:`~perfeval.monitoring.MonitoringTable` from a ``perfeval.monitoring/1``
    document; :class:`DocumentError` names any bad place."""
    from perfeval.monitoring import MonitoredFunds, MonitoredIndicator, MonitoringTable

    document = _object(data, "$")
    _check_keys(document, _MONITORING_KEYS, "")
    if document.get("format", MONITORING_FORMAT) != MONITORING_FORMAT:
        raise _fail("format", f"expected {MONITORING_FORMAT!r}", document.get("format"))
    project = _text(document.get("project"), "project")
    if not project:
        raise _fail("project", "the project name is required")
    year = _year(document.get("year"))
    funds = None
    if document.get("funds") is not None:
        money = _object(document["funds"], "funds")
        _check_keys(money, _MONITORED_FUNDS_KEYS, "funds")
        funds = MonitoredFunds(
            annual_budget=_number(money.get("annual_budget"), "funds.annual_budget"),
            executed=_number(money.get("executed"), "funds.executed"),
            forecast=_number(money.get("forecast"), "funds.forecast"),
            printed_progress=_percent(money.get("progress"), "funds.progress"),
            note=_text(money.get("note"), "funds.note"),
        )
    rows = []
    for index, raw in enumerate(_list(document.get("indicators") or [], "indicators")):
        where = f"indicators[{index}]"
        row = _object(raw, where)
        _check_keys(row, _MONITORED_KEYS, where)
        rows.append(
            MonitoredIndicator(
                name=_text(row.get("name"), f"{where}.name") or "",
                level1=_text(row.get("level1"), f"{where}.level1"),
                level2=_text(row.get("level2"), f"{where}.level2"),
                target=_reading(row.get("target"), f"{where}.target", target=True, year=year),
                to_date=_reading(row.get("to_date"), f"{where}.to_date", target=False, year=year),
                forecast=_reading(
                    row.get("forecast"), f"{where}.forecast", target=False, year=year
                ),
                likelihood=_text(row.get("likelihood"), f"{where}.likelihood"),
                explanation=_text(row.get("explanation"), f"{where}.explanation"),
            )
        )
    return MonitoringTable(
        project=project,
        month=_month(document.get("month")),
        year=year,
        department=_text(document.get("department"), "department"),
        unit=_text(document.get("unit"), "unit"),
        funds=funds,
        indicators=tuple(rows),
        printed_level=_text(document.get("warning_level"), "warning_level"),
    )


def _rule(data: Mapping[str, Any], where: str, name: str = "") -> Any:
    from perfeval.department import Bands, Checklist, Deduction, IndicatorRule, Judged

    kind = data.get("kind")
    fields = {key: value for key, value in data.items() if key != "kind"}
    try:
        if kind == "bands":
            bands = _list(fields.get("bands"), f"{where}.bands")
            return Bands(
                value=_number_any(fields.get("value"), f"{where}.value"),
                bands=tuple(tuple(_list(b, f"{where}.bands[{i}]")) for i, b in enumerate(bands)),
            )
        if kind == "deduction":
            return Deduction(
                value=_number_any(fields.get("value"), f"{where}.value"),
                threshold=_text(fields.get("threshold"), f"{where}.threshold"),
                per_unit=_text(fields.get("per_unit"), f"{where}.per_unit"),
                unit=_text(fields.get("unit"), f"{where}.unit") or "1",
                direction=fields.get("direction", "over"),
                counting=fields.get("counting", "whole"),
            )
        if kind == "checklist":
            count = fields.get("violations")
            if count is not None and (isinstance(count, bool) or not isinstance(count, int)):
                raise _fail(f"{where}.violations", "expected a whole number", count)
            return Checklist(
                violations=count,
                per_violation=_text(fields.get("per_violation"), f"{where}.per_violation") or "1",
            )
        if kind == "judged":
            return Judged(score=_number(fields.get("score"), f"{where}.score"))
        if kind == "indicator":
            return IndicatorRule(
                indicator=Indicator(
                    name=_text(fields.get("name"), f"{where}.name") or name,
                    level2=_text(fields.get("level2"), f"{where}.level2"),
                    target=_reading(
                        fields.get("target"), f"{where}.target", target=True, year=None
                    ),
                    actual=_reading(
                        fields.get("actual"), f"{where}.actual", target=False, year=None
                    ),
                    score=_number(fields.get("score"), f"{where}.score"),
                )
            )
    except DocumentError:
        raise
    except PerfevalError as error:
        raise _fail(
            f"{where}.{error.field}" if error.field else where, error.reason, error.value
        ) from None
    except (TypeError, ValueError) as error:
        raise _fail(where, f"a {kind} rule that cannot be used: {error}") from None
    raise _fail(f"{where}.kind", "expected bands, deduction, checklist, judged or indicator", kind)


def _number_any(value: object, where: str) -> Decimal | None:
    """A number that may be negative (a measured value), or a percentage."""
    return _cell(read_measure, value, where)


def _node(data: object, where: str) -> Node:
    from perfeval.department import Node

    item = _object(data, where)
    _check_keys(item, _NODE_KEYS, where)
    name = _text(item.get("name"), f"{where}.name")
    if not name:
        raise _fail(f"{where}.name", "every node needs a name")
    rule = item.get("rule")
    children = _list(item.get("children") or [], f"{where}.children")
    if children and rule is not None:
        raise _fail(where, "a node has either children or a rule, not both")
    return Node(
        name=name,
        weight=_number(item.get("weight"), f"{where}.weight"),
        children=tuple(_node(child, f"{where}.children[{i}]") for i, child in enumerate(children)),
        rule=None if rule is None else _rule(_object(rule, f"{where}.rule"), f"{where}.rule", name),
        printed_score=_number(item.get("score"), f"{where}.score"),
        note=_text(item.get("note"), f"{where}.note"),
    )


def department_from_mapping(data: object) -> tuple[Node, dict[str, Any]]:
    """The evaluation tree of a ``perfeval.department/1`` document, and its header
    (``department``, ``year``, ``policy``)."""
    document = _object(data, "$")
    _check_keys(document, _DEPARTMENT_KEYS, "")
    if document.get("format", DEPARTMENT_FORMAT) != DEPARTMENT_FORMAT:
        raise _fail("format", f"expected {DEPARTMENT_FORMAT!r}", document.get("format"))
    if "tree" not in document:
        raise _fail("tree", "the evaluation tree is required")
    header = {
        "department": _text(document.get("department"), "department"),
        "year": _year(document.get("year")),
        "policy": _text(document.get("policy"), "policy"),
    }
    return _node(document["tree"], "tree"), header


def parse_json(text: str, *, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse JSON *text* exactly (numbers through ``Decimal``) within *limits*.

    Numbers are checked from their text before they are converted (``1e400000000`` and a
    million-digit integer cost nothing); a key given twice in one object is refused, naming
    it. Raises :class:`DocumentError` or :class:`~perfeval.errors.LimitError`, nothing else.

    >>> parse_json('{"year": 2023, "year": 2024}')
    Traceback (most recent call last):
    ...
    perfeval.errors.DocumentError: year: a key given twice in one object (got 2024)
    """
    _check_size(text, limits)
    beyond: list[Decimal | int] = []  # numbers whose place check_parsed must name

    def read(literal: str, kind: type[N]) -> N:
        check_number_text(literal, limits)
        value = kind(literal)
        if not beyond and not number_within(value, limits):
            beyond.append(value)
        return value

    def number(literal: str) -> Decimal:
        return read(literal, Decimal)

    def integer(literal: str) -> int:
        return read(literal, int)

    try:
        data = json.loads(
            text,
            parse_float=number,
            parse_int=integer,
            parse_constant=_no_constants,
            object_pairs_hook=_unique_keys,
        )
    except RecursionError:
        raise limit_error("max_depth", limits.max_depth + 1, limits.max_depth, "$") from None
    except json.JSONDecodeError as error:
        raise DocumentError(
            f"not valid JSON: {error.msg}", field=f"line {error.lineno} column {error.colno}"
        ) from None
    except PerfevalError:
        raise
    except ValueError as error:
        raise DocumentError(f"not valid JSON: {error}") from None
    if beyond or not json_text_within(text, limits):  # else no limit can be broken
        check_parsed(data, limits)
    return data


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise DocumentError(
                "a key given twice in one object", field=key[:40], value=_shown(value)
            )
        data[key] = value
    return data
