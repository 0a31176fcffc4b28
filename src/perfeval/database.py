"""Tables in from database rows keyed by the 预算管理一体化 standard fields, results back out.

An edge module. Budget systems built on the 预算管理一体化 (integrated budget management)
specification store a self-evaluation table as rows: fund rows by fund source and
indicator rows, each carrying the project code. :func:`load_tables` groups them by
project, builds one ``perfeval.self-evaluation/1`` document per project (see
:func:`documents`) and loads it with :func:`perfeval.document.table_from_mapping`, so a
cell means here exactly what it means in a document file.

The standard field names (the defaults of :class:`FieldMap`; pass your own for a system
that names them otherwise):

==========================  ==================  ==========================================
what                        field               document key
==========================  ==================  ==========================================
project code                ``PRO_CODE``        (groups the rows; ``table_name`` of rows)
project name                ``PRO_NAME``        ``project``
department (主管部门)       ``DEPT_NAME``       ``department``
unit (实施单位)             ``AGENCY_NAME``     ``unit``
fiscal year                 ``FISCAL_YEAR``     ``year``
fund source                 ``FUND_SOURCE``     ``funds.rows[].source``
年初预算数 (approved)       ``REPLY_AMT``       ``funds.rows[].initial_budget``
全年预算数 (current)        ``CUR_AMT``         ``funds.rows[].annual_budget``
全年执行数                  ``YEAR_EXE_AMT``    ``funds.rows[].executed``
执行率                      ``EXE_AMT_RATE``    ``funds.rows[].rate``
得分 (funds)                ``EXE_SCORE``       ``funds.rows[].score``
一级指标                    ``KPI_LV1``         ``indicators[].level1``
二级指标                    ``KPI_LV2``         ``indicators[].level2``
三级指标                    ``KPI_LV3``         ``indicators[].name``
年度指标值                  ``KPI_VAL``         ``indicators[].target``
实际完成值                  ``IND_COMP``        ``indicators[].actual``
分值                        ``IND_WEIGHT``      ``indicators[].weight``
得分                        ``EVAL_SCORE``      ``indicators[].score``
偏差原因分析                ``DEVI_ANALY``      ``indicators[].note``
==========================  ==================  ==========================================

Header fields are read from the project rows when given, else from the first fund or
indicator row of the project that carries them. The standard has no field for the funds
分值 nor for the unit of the amounts: :class:`LoadOptions` gives them (10, 万元) unless
a :class:`FieldMap` names a column for them (``funds_weight``, ``amount_unit``), whose
blank cell is a blank. :func:`table_records` writes a table as the rows that read back
to it, refusing what no column holds. Rows keep the order they arrive in (ask
the database for ``ORDER BY``); the fund row whose source is the total comes first.

Two explicit opt-ins, off by default (:class:`LoadOptions`): ``floats`` reads float cells
(SQLite ``REAL``) through their shortest repr (``0.1`` → ``"0.1"``), and
``ratio_actuals`` reads a bare-number actual against a percent target as a ratio
(``"0.98"`` against ``"≥95%"`` → ``"98%"``). Without them a float is refused with a
:class:`~perfeval.errors.DocumentError` naming the project, the row and the field, and
an actual is read as printed.

:func:`write_results` writes scores and findings back into tables of perfeval's own,
created when absent, with parameterised SQL only: audits or scorecards by project code,
or a batch of files (:class:`perfeval.files.BatchResult`) from its rows. Every result
row carries the project, department, unit and year, and for a batch the source file and
the table's name within it (:data:`IDENTITY_COLUMNS`). The caller owns the transaction:
nothing is committed unless asked (``commit=True``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, Literal, get_args

import attrs

from perfeval._convert import exact_field
from perfeval._validate import flag, optional_text, required_text
from perfeval.audit import AuditReport
from perfeval.document import FORMAT, dump_table, table_from_mapping
from perfeval.errors import DocumentError, InvalidTypeError, PerfevalError
from perfeval.files import BatchResult, FileResult
from perfeval.funds import FundBlock, fund_source
from perfeval.limits import number_within
from perfeval.number import (
    HUNDRED,
    decimal_places,
    fixed,
    multiply,
    normalize_text,
    quantize_half_up,
    to_decimal,
)
from perfeval.rows import Row, finding_row, indicator_rows, key_row, table_row
from perfeval.table import Scorecard, Table
from perfeval.targets import Comparison, parse_actual, parse_target

__all__ = [
    "IDENTITY_COLUMNS",
    "FieldMap",
    "LoadOptions",
    "ResultTables",
    "ResultWriteError",
    "Results",
    "StoredRows",
    "documents",
    "load_tables",
    "mappings",
    "table_records",
    "write_results",
]


@attrs.frozen(kw_only=True)
class FieldMap:
    """The database's field names for each part of a table; the defaults are the
    预算管理一体化 standard names. A field mapped to ``None`` is not read."""

    project_code: str = attrs.field(default="PRO_CODE", validator=required_text)
    project_name: str | None = attrs.field(default="PRO_NAME", validator=optional_text)
    department: str | None = attrs.field(default="DEPT_NAME", validator=optional_text)
    unit: str | None = attrs.field(default="AGENCY_NAME", validator=optional_text)
    year: str | None = attrs.field(default="FISCAL_YEAR", validator=optional_text)
    policy: str | None = attrs.field(default=None, validator=optional_text)
    """A column naming the policy id (none in the standard)."""
    total_score: str | None = attrs.field(default=None, validator=optional_text)
    """The printed 总分 (none in the standard)."""
    grade: str | None = attrs.field(default=None, validator=optional_text)
    """The printed 评价等级 (none in the standard)."""
    amount_unit: str | None = attrs.field(default=None, validator=optional_text)
    """The unit a project's amounts are stored in, ``元`` or ``万元`` (none in the
    standard: :attr:`LoadOptions.amount_unit` applies)."""
    fund_source: str = attrs.field(default="FUND_SOURCE", validator=required_text)
    initial_budget: str | None = attrs.field(default="REPLY_AMT", validator=optional_text)
    annual_budget: str | None = attrs.field(default="CUR_AMT", validator=optional_text)
    executed: str | None = attrs.field(default="YEAR_EXE_AMT", validator=optional_text)
    rate: str | None = attrs.field(default="EXE_AMT_RATE", validator=optional_text)
    funds_score: str | None = attrs.field(default="EXE_SCORE", validator=optional_text)
    funds_weight: str | None = attrs.field(default=None, validator=optional_text)
    """The funds 分值 (none in the standard: :attr:`LoadOptions.funds_weight` applies).
    When the fund rows of a project hold this column, a blank cell is a blank 分值, not
    the default."""
    level1: str | None = attrs.field(default="KPI_LV1", validator=optional_text)
    level2: str | None = attrs.field(default="KPI_LV2", validator=optional_text)
    name: str = attrs.field(default="KPI_LV3", validator=required_text)
    target: str | None = attrs.field(default="KPI_VAL", validator=optional_text)
    actual: str | None = attrs.field(default="IND_COMP", validator=optional_text)
    weight: str | None = attrs.field(default="IND_WEIGHT", validator=optional_text)
    score: str | None = attrs.field(default="EVAL_SCORE", validator=optional_text)
    note: str | None = attrs.field(default="DEVI_ANALY", validator=optional_text)


@attrs.frozen(kw_only=True)
class LoadOptions:
    """How database cells are read. Every conversion is off unless asked for."""

    floats: bool = attrs.field(default=False, validator=flag)
    """Read float cells through their shortest repr (``repr(0.1)`` is ``"0.1"``); off:
    a float is refused with a :class:`DocumentError`."""
    ratio_actuals: bool = attrs.field(default=False, validator=flag)
    """Read a bare-number actual against a target in percent as a ratio: ``0.98``
    against ``≥95%`` is ``98%``. An actual above :attr:`ratio_limit` is then refused."""
    ratio_rates: bool = attrs.field(default=False, validator=flag)
    """Read ``EXE_AMT_RATE`` as a ratio (``0.8632`` is ``86.32%``)."""
    ratio_limit: Decimal = exact_field(default=Decimal(2), negative=False)
    """The largest ratio believed (2 = 200%): a larger "ratio" is a percentage in a
    database that mixes the two, and is refused rather than misread."""
    funds_weight: str | None = attrs.field(default="10", validator=optional_text)
    """The funds 分值 when the database has no column for it (the national template
    fixes 10); ``None`` leaves it blank. A :attr:`FieldMap.funds_weight` column held by a
    project's fund rows says the 分值 itself, blank included."""
    amount_unit: str | None = attrs.field(default=None, validator=optional_text)
    """The unit the amounts are stored in (``元``, ``万元``) when the database has no
    :attr:`FieldMap.amount_unit` column (or a project leaves it blank); ``None``: the
    document default, 万元."""


def mappings(source: Any) -> Iterator[Mapping[str, Any]]:
    """The rows of *source* as mappings: a DB-API cursor (after ``execute``), a pandas or
    polars DataFrame, an Arrow table, record batch or reader, or an iterable of mappings
    (returned as they are). Of a column named twice, the last is kept: reading the rows
    refuses a column named twice that the field map reads (:func:`_refuse_twice`)."""
    if source is None:
        return iter(())
    description = getattr(source, "description", None)
    if description is not None and hasattr(source, "fetchall"):
        names = [column[0] for column in description]
        return (dict(zip(names, values, strict=True)) for values in source.fetchall())
    if _arrow_kind(source):
        if hasattr(source, "read_all"):  # a reader of record batches
            source = source.read_all()
        return iter(source.to_pylist())
    if hasattr(source, "columns"):
        if hasattr(source, "to_dicts"):  # polars
            return iter(source.to_dicts())
        if hasattr(source, "to_dict"):  # pandas
            return iter(source.to_dict("records"))
    if isinstance(source, str | bytes | Mapping) or not hasattr(source, "__iter__"):
        raise DocumentError(
            "expected a DB-API cursor, a DataFrame, an Arrow table or an iterable of mappings",
            value=type(source).__name__,
        )
    return iter(source)


def _arrow_kind(source: Any) -> bool:
    """Whether *source* is an Arrow table, record batch or reader of record batches."""
    return (
        type(source).__module__.split(".")[0] == "pyarrow"
        and hasattr(source, "schema")
        and (hasattr(source, "to_pylist") or hasattr(source, "read_all"))
    )


def _refuse_twice(fields: FieldMap, declared: Mapping[str, Sequence[str]]) -> None:
    """Refuse a column that the field map reads and that the columns *declared* (by kind
    of rows: a cursor's, a frame's or a table's names, in order) name twice: which of the
    two holds the field is not known. A column named twice that is not read is left
    alone (a ``SELECT *`` over a join names its keys twice)."""
    read = {getattr(fields, name) for name in attrs.fields_dict(FieldMap)} - {None}
    for table, names in declared.items():
        counted: set[str] = set()
        for name in map(str, names):
            if name in counted and name in read:
                raise DocumentError(
                    f"the column {name!r} is given twice: which one holds the field is not known",
                    field=f"{table} rows",
                    value=name,
                )
            counted.add(name)


def _declared_columns(source: Any) -> list[str]:
    """The column names a cursor or a DataFrame declares (present even where every value
    is missing); none for an iterable of mappings, whose keys are all there is."""
    description = getattr(source, "description", None)
    if description is not None and hasattr(source, "fetchall"):
        return [str(column[0]) for column in description]
    if _arrow_kind(source):
        return [str(name) for name in source.schema.names]
    if hasattr(source, "columns") and (hasattr(source, "to_dicts") or hasattr(source, "to_dict")):
        return [str(column) for column in source.columns]
    return []


def _rows(source: Any, table: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """The rows of *source* (see :func:`mappings`) with their index, each checked to be a
    mapping; *table* (``project``, ``fund``, ``indicator``) names them in errors."""
    try:
        rows = mappings(source)
    except DocumentError as error:
        raise DocumentError(error.reason, field=f"{table} rows", value=error.value) from None
    for index, raw in enumerate(rows):
        if not isinstance(raw, Mapping):
            raise DocumentError(
                "expected a mapping of column names to values",
                row=f"{table} row {index}",
                value=type(raw).__name__,
            )
        yield index, raw


def _cell(
    value: Any, *, code: str, row: str, field: str, options: LoadOptions
) -> str | int | Decimal | None:
    """A database value as the document reads it: text, int, Decimal, or ``None``."""
    if type(value) is str:  # text, the most common cell: as it is
        return value
    if value is None or type(value).__name__ == "NAType":  # pandas' missing value
        return None
    if isinstance(value, bool):
        raise DocumentError(
            "a boolean is not a table value", field=field, row=f"project {code}, {row}", value=value
        )
    if isinstance(value, float):
        if math.isnan(value):  # how pandas and some drivers store a missing value
            return None
        if not options.floats:
            raise DocumentError(
                "a float is not exact; store the value as text or DECIMAL, or read it "
                "with LoadOptions(floats=True)",
                field=field,
                row=f"project {code}, {row}",
                value=value,
            )
        return repr(value)
    if isinstance(value, int) and not number_within(value):  # str() of it would fail
        raise DocumentError(
            "a number with more digits than a table holds",
            field=field,
            row=f"project {code}, {row}",
            value=f"an integer of {value.bit_length()} bits",
        )
    if isinstance(value, int | Decimal | str):
        return value
    if hasattr(value, "item") and callable(value.item):  # a NumPy scalar
        return _cell(value.item(), code=code, row=row, field=field, options=options)
    raise DocumentError(
        f"expected text or a number, not {type(value).__name__}",
        field=field,
        row=f"project {code}, {row}",
        value=value,
    )


def _key(value: Any, field: str, index: int, table: str) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise DocumentError("the project code is blank", field=field, row=f"{table} row {index}")
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise DocumentError(
            f"a project code is text or a whole number, not {type(value).__name__}",
            field=field,
            row=f"{table} row {index}",
            value=value,
        )
    if isinstance(value, Decimal) and (not value.is_finite() or value != value.to_integral()):
        raise DocumentError(
            "a project code is text or a whole number", field=field,
            row=f"{table} row {index}", value=value,
        )  # fmt: skip
    if not isinstance(value, str) and not number_within(value):  # str() of it would fail
        raise DocumentError(
            "a project code with more digits than a table holds",
            field=field,
            row=f"{table} row {index}",
        )
    if isinstance(value, Decimal):
        return str(int(value))
    return str(value).strip()


class _Project:
    def __init__(self, code: str) -> None:
        self.code = code
        self.header: dict[str, Any] = {}
        self.funds: list[dict[str, Any]] = []
        self.indicators: list[dict[str, Any]] = []
        self.fund_origin: list[str] = []
        """Where each fund row came from (``fund row 7``), in document order."""
        self.indicator_origin: list[str] = []
        self.weight_column = False
        """Whether a fund row of the project holds the funds weight column."""


#: The :class:`FieldMap` fields read from any row of a project, once per project.
_HEADER: Final = (
    "project_name", "department", "unit", "year", "policy", "total_score", "grade",
    "amount_unit",
)  # fmt: skip
_DOC_HEADER: Final = {
    "project_name": "project",
    "department": "department",
    "unit": "unit",
    "year": "year",
    "policy": "policy",
    "total_score": "total_score",
    "grade": "grade",
    "amount_unit": "amount_unit",
}
_DEFAULT_UNIT: Final = attrs.fields(FundBlock).unit.default
_FUND_FIELDS: Final = {
    "initial_budget": "initial_budget",
    "annual_budget": "annual_budget",
    "executed": "executed",
    "rate": "rate",
    "funds_score": "score",
}
_INDICATOR_FIELDS: Final = {
    "level1": "level1",
    "level2": "level2",
    "name": "name",
    "target": "target",
    "actual": "actual",
    "weight": "weight",
    "score": "score",
    "note": "note",
}


def _ratio(
    value: str | int | Decimal, *, code: str, row: str, field: str, options: LoadOptions
) -> str:
    """A ratio cell as percent text (``0.98`` → ``98%``), through the private context."""
    try:
        number = to_decimal(value, field=field)
    except PerfevalError as error:
        raise DocumentError(
            error.reason, field=field, row=f"project {code}, {row}", value=value
        ) from None
    if number > options.ratio_limit:
        raise DocumentError(
            f"read as a ratio, this is above {fixed(options.ratio_limit)}: "
            "it looks like a percentage; the column mixes ratios and percentages",
            field=field,
            row=f"project {code}, {row}",
            value=value,
        )
    # 0.8632 → 86.32: the percentage carries the ratio's precision, two places fewer
    places = max(decimal_places(number) - 2, 0)
    return fixed(quantize_half_up(multiply(number, HUNDRED), places)) + "%"


def _is_percent_target(target: object) -> bool:
    if not isinstance(target, str | int | Decimal):
        return False
    reading = parse_target(str(target))
    return (
        isinstance(reading, Comparison) and reading.unit is not None and reading.unit.symbol == "%"
    )


def _bare_number(actual: str | int | Decimal) -> bool:
    reading = parse_actual(str(actual))
    return isinstance(reading, Comparison) and reading.unit is None


def _group(
    funds: Any,
    indicators: Any,
    projects: Any,
    fields: FieldMap,
    options: LoadOptions,
    *,
    known: Mapping[str, set[str]] | None = None,
    check: bool = True,
) -> dict[str, _Project]:
    """The rows grouped by project, every cell read. With *check*, a column the field map
    names that none of the rows holds is refused (:func:`_check_columns`), counting the
    columns *known* to be held by other rows of the same input (by kind of row)."""
    grouped: dict[str, _Project] = {}

    listed: dict[str, int] = {}  # code → its row in the project rows
    declared = {
        "project": _declared_columns(projects),
        "fund": _declared_columns(funds),
        "indicator": _declared_columns(indicators),
    }
    _refuse_twice(fields, declared)
    seen: dict[str, set[str]] = {table: set(names) for table, names in declared.items()}

    def project(raw: Mapping[str, Any], index: int, table: str) -> tuple[_Project, str]:
        seen[table].update(raw.keys())
        code = _key(raw.get(fields.project_code), fields.project_code, index, table)
        item = grouped.get(code)
        if item is None:
            item = grouped[code] = _Project(code)
        where = f"{table} row {index}"
        for part in _HEADER:
            column = getattr(fields, part)
            if column is None or raw.get(column) is None:
                continue
            value = _cell(raw[column], code=code, row=where, field=column, options=options)
            if value is None:
                continue
            known = item.header.setdefault(part, value)
            if known is not value and not _same(known, value):  # never keep one silently
                raise DocumentError(
                    f"the rows of this project disagree: {known!r} before, {value!r} here",
                    field=column,
                    row=f"project {code}, {where}",
                    value=value,
                )
        return item, code

    for index, raw in _rows(projects, "project"):
        item, code = project(raw, index, "project")
        if code in listed:
            raise DocumentError(
                f"the project code is given twice in the project rows "
                f"(project rows {listed[code]} and {index})",
                field=fields.project_code,
                row=f"project row {index}",
                value=code,
            )
        listed[code] = index
    for index, raw in _rows(funds, "fund"):
        item, code = project(raw, index, "fund")
        where = f"fund row {index}"
        row: dict[str, Any] = {}
        source = _cell(
            raw.get(fields.fund_source),
            code=code,
            row=where,
            field=fields.fund_source,
            options=options,
        )
        row["source"] = source
        for part, key in _FUND_FIELDS.items():
            column = getattr(fields, part)
            if column is None:
                continue
            value = _cell(raw.get(column), code=code, row=where, field=column, options=options)
            if part == "rate" and value is not None and options.ratio_rates:
                value = _ratio(value, code=code, row=where, field=column, options=options)
            row[key] = value
        if fields.funds_weight is not None and fields.funds_weight in raw:
            item.weight_column = True
        if fields.funds_weight is not None and "weight" not in item.header:
            weight = _cell(
                raw.get(fields.funds_weight),
                code=code,
                row=where,
                field=fields.funds_weight,
                options=options,
            )
            if weight is not None:
                item.header["weight"] = weight
        item.funds.append(row)
        item.fund_origin.append(where)
    for index, raw in _rows(indicators, "indicator"):
        item, code = project(raw, index, "indicator")
        where = f"indicator row {index}"
        row = {}
        for part, key in _INDICATOR_FIELDS.items():
            column = getattr(fields, part)
            if column is not None:
                row[key] = _cell(
                    raw.get(column), code=code, row=where, field=column, options=options
                )
        if options.ratio_actuals and fields.actual is not None:
            actual = row.get("actual")
            if (
                actual is not None
                and _is_percent_target(row.get("target"))
                and _bare_number(actual)
            ):
                row["actual"] = _ratio(
                    actual, code=code, row=where, field=fields.actual, options=options
                )
        item.indicators.append(row)
        item.indicator_origin.append(where)
    if check:
        for table, names in (known or {}).items():
            seen[table] |= names
        _check_columns(fields, seen)
    return grouped


def _same(first: object, second: object) -> bool:
    """Whether two rows print the same header value: numbers by value (2023, "2023",
    2023.0 read as "2023.0"), text as folded by :func:`~perfeval.number.normalize_text`
    without spaces (工作经费（2023） and 工作经费(2023), 工作 经费 and 工作经费)."""
    texts = ["".join(normalize_text(str(value)).split()) for value in (first, second)]
    if texts[0] == texts[1]:
        return True
    try:
        return Decimal(texts[0]) == Decimal(texts[1])
    except ArithmeticError:
        return False


#: The FieldMap fields each kind of row is read for (the header fields: any row).
_COLUMNS_OF: Final = {
    "fund": ("fund_source", *_FUND_FIELDS, "funds_weight"),
    "indicator": tuple(_INDICATOR_FIELDS),
}


def _check_columns(fields: FieldMap, seen: Mapping[str, set[str]]) -> None:
    """Refuse a column the caller named in *fields* (other than the standard name) that
    none of the rows it is read from holds: a misspelt name would otherwise read as
    blank in every row. Standard columns may be absent (an optional part)."""
    standard = FieldMap()
    anywhere = set().union(*seen.values())
    checks = [(name, "any", anywhere) for name in ("project_code", *_HEADER)]
    for table, names in _COLUMNS_OF.items():
        checks += [(name, table, seen[table]) for name in names]
    for name, table, present in checks:
        column = getattr(fields, name)
        if column is None or column == getattr(standard, name) or not present:
            continue
        if column not in present:
            rows = "rows" if table == "any" else f"{table} rows"
            raise DocumentError(
                f"the column named for {name} is in none of the {rows}",
                field=f"FieldMap.{name}",
                value=column,
            )


def _project_name(item: _Project) -> Any:
    """The project name cell of *item*: its own, else its code."""
    return item.header.get("project_name", item.code)


def _funds_weight_cell(item: _Project, options: LoadOptions) -> Any:
    """The funds weight cell of *item*'s fund block: a fund row's weight column, else
    (when no fund row holds that column) the options' default weight."""
    return item.header.get("weight", None if item.weight_column else options.funds_weight)


def _document(item: _Project, options: LoadOptions) -> dict[str, Any]:
    document: dict[str, Any] = {"format": FORMAT}
    for part, key in _DOC_HEADER.items():
        if part in item.header:
            document[key] = item.header[part]
    document["project"] = _project_name(item)
    if options.amount_unit is not None:
        document.setdefault("amount_unit", options.amount_unit)
    if item.funds:
        order = sorted(
            range(len(item.funds)), key=lambda i: not _is_total(item.funds[i].get("source"))
        )
        item.fund_origin = [item.fund_origin[i] for i in order]
        rows = [item.funds[i] for i in order]
        rows = [{**row, "source": "total"} if _is_total(row.get("source")) else row for row in rows]
        document["funds"] = {"weight": _funds_weight_cell(item, options), "rows": rows}
    document["indicators"] = item.indicators
    return document


def _is_total(source: object) -> bool:
    return isinstance(source, str) and fund_source(source) == "total"


def documents(
    funds: Any = None,
    indicators: Any = None,
    projects: Any = None,
    *,
    fields: FieldMap | None = None,
    options: LoadOptions | None = None,
) -> dict[str, dict[str, Any]]:
    """One ``perfeval.self-evaluation/1`` document per project code, in the order the
    codes first appear (projects, then fund rows, then indicator rows).

    *funds*, *indicators* and *projects* are each a DB-API cursor, a pandas or polars
    DataFrame, an Arrow table, record batch or reader, an iterable of mappings, or
    ``None`` (see :func:`mappings`)."""
    grouped = _group(funds, indicators, projects, fields or FieldMap(), options or LoadOptions())
    chosen = options or LoadOptions()
    return {code: _document(item, chosen) for code, item in grouped.items()}


_PATH: Final = re.compile(r"(funds\.rows|indicators)\[(\d+)\](?:\.(\w+))?")


def _locate(error: DocumentError, item: _Project, fields: FieldMap) -> DocumentError:
    """*error* naming the project, the database row and the column behind the path."""
    row = f"project {item.code}"
    field = error.field
    match = _PATH.match(field or "")
    if match:
        part, index, key = match.group(1), int(match.group(2)), match.group(3)
        origin = item.fund_origin if part == "funds.rows" else item.indicator_origin
        if index < len(origin):
            row += f", {origin[index]}"
        names = _FUND_FIELDS if part == "funds.rows" else _INDICATOR_FIELDS
        attribute = next((name for name, value in names.items() if value == key), None)
        if key == "source":
            attribute = "fund_source"
        column = None if attribute is None else getattr(fields, attribute)
        if column is not None:
            field = f"{field} ({column})"
    return DocumentError(
        error.reason,
        field=field,
        row=row,
        value=error.value,
        errors=tuple(_locate(inner, item, fields) for inner in error.errors),
    )


def load_tables(
    funds: Any = None,
    indicators: Any = None,
    projects: Any = None,
    *,
    fields: FieldMap | None = None,
    options: LoadOptions | None = None,
) -> dict[str, Table]:
    """The tables stored in the rows, by project code (see :func:`documents`).

    A row that cannot be used raises :class:`DocumentError` naming the project, the row
    and the field (``project P001, indicators[3].weight``: the project's 4th indicator
    row in the order read)."""
    return _load(funds, indicators, projects, fields or FieldMap(), options or LoadOptions())


def _load(
    funds: Any,
    indicators: Any,
    projects: Any,
    fields: FieldMap,
    options: LoadOptions,
    *,
    known: Mapping[str, set[str]] | None = None,
) -> dict[str, Table]:
    """:func:`load_tables`, counting the columns *known* to be held by other rows of the
    same input (a stream's other pieces) when it checks the named columns."""
    out: dict[str, Table] = {}
    for code, item in _group(funds, indicators, projects, fields, options, known=known).items():
        document = _document(item, options)
        try:
            out[code] = table_from_mapping(document)
        except DocumentError as error:
            raise _locate(error, item, fields) from None
    return out


@attrs.frozen(kw_only=True)
class StoredRows:
    """A table as a budget system stores it (see :func:`table_records`)."""

    funds: tuple[dict[str, Any], ...]
    """The fund rows, the total first, each carrying the header fields."""
    indicators: tuple[dict[str, Any], ...]
    """The indicator rows, each carrying the header fields."""


def table_records(
    table: Table,
    code: str,
    *,
    fields: FieldMap | None = None,
    options: LoadOptions | None = None,
) -> StoredRows:
    """*table* as the rows :func:`load_tables` reads back to an equal table under
    *fields* and *options*, the project code *code*: the inverse of :func:`documents`.

    Cells are the document's values (:func:`perfeval.document.dump_table`: text, a blank
    as ``None``). A value no column of *fields* holds, which the rows would lose or read
    back otherwise (a funds weight other than :attr:`LoadOptions.funds_weight` without a
    :attr:`FieldMap.funds_weight` column, amounts in 元 without an
    :attr:`FieldMap.amount_unit` column, a printed total without
    :attr:`FieldMap.total_score`, goals, level-1 weights …), raises
    :class:`DocumentError` naming it. The table's notes (how its file was read) are not
    stored."""
    names = fields or FieldMap()
    chosen = options or LoadOptions()
    document = dump_table(table)

    def column(part: str, key: str, value: object) -> str | None:
        name: str | None = getattr(names, part)
        if name is None and value is not None:
            raise DocumentError(
                f"no column holds it; name one in FieldMap({part}=...)", field=key, value=value
            )
        return name

    block = document.get("funds")
    header: dict[str, Any] = {names.project_code: code}
    for part, key in _DOC_HEADER.items():
        value = document.get(key)
        if part == "amount_unit":  # the unit the funds block is printed in
            key, value = "funds.unit", None if block is None else block.get("unit")
            if value == (chosen.amount_unit or _DEFAULT_UNIT) and names.amount_unit is None:
                value = None
        name = column(part, key, value)
        if name is not None:
            header[name] = value
    for key in ("goals", "level1_weights"):  # notes say how a file was read: not stored
        if document.get(key):
            raise DocumentError("the standard rows have no column for it", field=key)
    funds: list[dict[str, Any]] = []
    if block is not None:
        weight = block.get("weight")
        if names.funds_weight is None and weight != chosen.funds_weight:
            column("funds_weight", "funds.weight", "blank" if weight is None else weight)
        for index, row in enumerate(block.get("rows", [])):
            out = {**header, names.fund_source: row.get("source")}
            if names.funds_weight is not None:
                out[names.funds_weight] = weight
            for part, key in _FUND_FIELDS.items():
                name = column(part, f"funds.rows[{index}].{key}", row.get(key))
                if name is not None:
                    out[name] = row.get(key)
            funds.append(out)
    indicators: list[dict[str, Any]] = []
    for index, row in enumerate(document.get("indicators", [])):
        out = dict(header)
        for part, key in _INDICATOR_FIELDS.items():
            value = row.get(key)
            if not isinstance(value, str | None):  # a target printed in split columns
                where = f"indicators[{index}].{key}"
                raise DocumentError("the standard rows hold a target as one text", field=where)
            name = column(part, f"indicators[{index}].{key}", value)
            if name is not None:
                out[name] = value
        indicators.append(out)
    if not funds and not indicators:
        raise DocumentError("a table with no fund row and no indicator row has no rows to store")
    return StoredRows(funds=tuple(funds), indicators=tuple(indicators))


# Writing back ------------------------------------------------------------------------

_IDENTIFIER: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")
#: Words reserved by SQL:2016 and the common databases that a table may not be named.
_RESERVED_WORDS: Final = """
    ADD ALL ALTER AND ANY AS ASC BETWEEN BY CASE CAST CHECK COLUMN CONSTRAINT CREATE CROSS
    CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER DEFAULT DELETE DESC
    DISTINCT DROP ELSE END EXCEPT EXISTS FALSE FETCH FOR FOREIGN FROM FULL GRANT GROUP
    HAVING IN INDEX INNER INSERT INTERSECT INTO IS JOIN KEY LEFT LIKE LIMIT NATURAL NOT
    NULL OFFSET ON OR ORDER OUTER PRIMARY REFERENCES RIGHT ROW ROWS SELECT SET SOME TABLE
    THEN TO TRUE UNION UNIQUE UPDATE USER USING VALUES VIEW WHEN WHERE WITH"""
_RESERVED: Final = frozenset(_RESERVED_WORDS.split())
ParamStyle = Literal["qmark", "format", "numeric", "named", "pyformat"]
_STYLES: Final[tuple[str, ...]] = get_args(ParamStyle)
#: What :func:`write_results` writes: audits or scorecards by project code, or a batch of
#: files (a :class:`~perfeval.files.BatchResult`, or some of its ``results``).
Results = Mapping[str, Scorecard | AuditReport] | BatchResult | Iterable[FileResult]


class ResultWriteError(PerfevalError, ValueError):
    """What :func:`write_results` cannot write: result table names that are not plain
    identifiers, are reserved or are given twice (:class:`ResultTables`), an unknown
    paramstyle, or a statement the database refused. :attr:`field` names the result
    table (and the column, when adding one), :attr:`row` the project or file; a driver's
    own error is the ``__cause__``."""


@attrs.frozen(kw_only=True)
class ResultTables:
    """The names of the tables :func:`write_results` writes (created when absent).

    Every table starts with ``PRO_CODE`` and ends with the columns that say which table
    the row belongs to: ``PRO_NAME``, ``DEPT_NAME``, ``AGENCY_NAME``, ``FISCAL_YEAR``
    (project, department, unit and year, as the table printed them), ``SOURCE_FILE``
    and ``TABLE_NAME`` (for a batch of files: the file, and the table's name within it
    when the file holds several)."""

    projects: str = "PERF_PRO_RESULT"
    """One row per project: ``PRO_CODE``, ``POLICY``, ``EXE_SCORE``, ``TOTAL_SCORE``,
    ``GRADE``, ``COMPLETE``, then the identifying columns."""
    indicators: str = "PERF_KPI_RESULT"
    """One row per indicator: ``PRO_CODE``, ``ROW_NO``, ``KPI_LV3``, ``EVAL_SCORE``,
    ``RULE``, then the identifying columns."""
    findings: str = "PERF_FINDING"
    """One row per finding: ``PRO_CODE``, ``ROW_NO``, ``WHERE_PATH``, ``CODE``,
    ``SEVERITY``, ``MESSAGE``, ``MESSAGE_ZH``, ``PRINTED``, ``COMPUTED``, then the
    identifying columns."""

    def __attrs_post_init__(self) -> None:
        names = {"projects": self.projects, "indicators": self.indicators,
                 "findings": self.findings}  # fmt: skip
        for part, name in names.items():
            if not isinstance(name, str) or not _IDENTIFIER.fullmatch(name):
                why = "not a plain SQL table name (letters, digits and _)"
            elif name.upper() in _RESERVED:
                why = "an SQL reserved word, not a table name"
            elif name.lower().startswith(("sqlite_", "pg_")):
                why = "a name the database keeps for its own tables"
            elif list(names.values()).count(name) > 1:
                why = "the name of another of the result tables"
            else:
                continue
            raise ResultWriteError(why, field=f"ResultTables.{part}", value=name)


#: The identifying columns every result table ends with (added to an older table).
IDENTITY_COLUMNS: Final = (
    "PRO_NAME",
    "DEPT_NAME",
    "AGENCY_NAME",
    "FISCAL_YEAR",
    "SOURCE_FILE",
    "TABLE_NAME",
)
_SCHEMA: Final = {
    "projects": (
        "PRO_CODE", "POLICY", "EXE_SCORE", "TOTAL_SCORE", "GRADE", "COMPLETE",
        *IDENTITY_COLUMNS,
    ),
    "indicators": ("PRO_CODE", "ROW_NO", "KPI_LV3", "EVAL_SCORE", "RULE", *IDENTITY_COLUMNS),
    "findings": (
        "PRO_CODE", "ROW_NO", "WHERE_PATH", "CODE", "SEVERITY", "MESSAGE", "MESSAGE_ZH",
        "PRINTED", "COMPUTED", *IDENTITY_COLUMNS,
    ),
}  # fmt: skip
_INTEGER_COLUMNS: Final = frozenset({"ROW_NO", "COMPLETE", "FISCAL_YEAR"})


def _placeholders(style: ParamStyle, columns: Sequence[str]) -> str:
    if style == "qmark":
        return ", ".join("?" for _ in columns)
    if style == "format":
        return ", ".join("%s" for _ in columns)
    if style == "numeric":
        return ", ".join(f":{i}" for i in range(1, len(columns) + 1))
    if style == "named":
        return ", ".join(f":{name}" for name in columns)
    if style == "pyformat":
        return ", ".join(f"%({name})s" for name in columns)
    raise ValueError(f"unknown DB-API paramstyle {style!r}")


def _parameters(style: ParamStyle, columns: Sequence[str], values: Sequence[object]) -> Any:
    if style in ("named", "pyformat"):
        return dict(zip(columns, values, strict=True))
    return tuple(values)


@attrs.frozen(kw_only=True)
class _Written:
    """One table's rows, ready to write under *code*."""

    code: str
    table: Row
    indicators: Sequence[Row]
    findings: Sequence[Row]
    source_file: str | None = None
    table_name: str | None = None

    def identity(self) -> tuple[object, ...]:
        """The values of :data:`IDENTITY_COLUMNS`."""
        row = self.table
        return (
            row["project"],
            row["department"],
            row["unit"],
            row["year"],
            self.source_file,
            self.table_name,
        )


def _from_result(code: str, result: object) -> _Written:
    if isinstance(result, AuditReport):
        card, findings = result.scorecard, result.findings
    elif isinstance(result, Scorecard):
        card, findings = result, None
    else:
        raise InvalidTypeError(
            f"expected an AuditReport or a Scorecard, not {type(result).__name__}",
            row=f"project {code}",
        )
    key = key_row(card, name=code)
    return _Written(
        code=code,
        table=table_row(key, card, findings),
        indicators=indicator_rows([card], names=[code]),
        findings=[finding_row(key, finding) for finding in findings or ()],
    )


def _from_file(item: FileResult) -> _Written | None:
    if item.table is None:
        return None
    name = item.table["table_name"]
    code = name if isinstance(name, str) and name else item.path
    prefix = f"{item.path}#"
    return _Written(
        code=code,
        table=item.table,
        indicators=item.indicators,
        findings=item.findings,
        source_file=item.path,
        table_name=code[len(prefix) :] if code.startswith(prefix) else None,
    )


def _written(results: Results) -> list[_Written]:
    if isinstance(results, BatchResult):
        results = results.results
    if isinstance(results, Mapping):
        return [_from_result(str(code), result) for code, result in results.items()]
    out = []
    for index, item in enumerate(results):
        if not isinstance(item, FileResult):
            raise InvalidTypeError(
                "expected a mapping of audits or scorecards, a BatchResult, or FileResults; "
                f"found a {type(item).__name__}",
                row=f"item {index}",
            )
        written = _from_file(item)
        if written is not None:
            out.append(written)
    return out


def _run(cursor: Any, sql: str, parameters: Any, *, field: str, row: str | None) -> None:
    """Run *sql* (``executemany`` when *parameters* is a list, without parameters when
    ``None``), the driver's error raised as a :class:`ResultWriteError` naming *field* and
    *row*."""
    try:
        if parameters is None:
            cursor.execute(sql)
        elif isinstance(parameters, list):
            cursor.executemany(sql, parameters)
        else:
            cursor.execute(sql, parameters)
    except Exception as error:  # any driver's error class: name the table and the row
        raise ResultWriteError(
            f"the database refused {sql.split()[0]}: {error}", field=field, row=row
        ) from error


def _prepare(cursor: Any, table: str, columns: Sequence[str]) -> None:
    """Create *table* when absent; add the *columns* an older table lacks."""
    spec = ", ".join(_column(column) for column in columns)
    _run(cursor, f"CREATE TABLE IF NOT EXISTS {table} ({spec})", None, field=table, row=None)
    _run(cursor, f"SELECT * FROM {table} WHERE 1 = 0", None, field=table, row=None)
    present = {str(column[0]).upper() for column in cursor.description or ()}
    cursor.fetchall()
    for column in columns:
        if column not in present:
            _run(
                cursor,
                f"ALTER TABLE {table} ADD COLUMN {_column(column)}",
                None,
                field=f"{table}.{column}",
                row=None,
            )


def _column(name: str) -> str:
    return f"{name} {'INTEGER' if name in _INTEGER_COLUMNS else 'TEXT'}"


def write_results(
    connection: Any,
    results: Results,
    *,
    tables: ResultTables | None = None,
    paramstyle: ParamStyle = "qmark",
    commit: bool = False,
) -> int:
    """Write the scores (and findings, for audits) of *results* into the tables named by
    *tables* through the DB-API *connection*; return the number of tables written.

    *results* is a mapping of :class:`~perfeval.audit.AuditReport` or
    :class:`~perfeval.table.Scorecard` by project code, or a batch of files: the
    :class:`~perfeval.files.BatchResult` of :func:`~perfeval.files.audit_files` (or
    ``score_files``), or some of its :class:`~perfeval.files.FileResult`, written from
    their rows without reading a file again. A batch's ``PRO_CODE`` is the table's name in
    the batch (the file's path, ``path#name`` for one of several tables in a file); its
    files that could not be used are skipped (they are in ``BatchResult.errors``), and
    its indicator rows are written when the batch kept them (``indicators=True``). Only
    自评表 are written: the standard has no fields for a rubric's, a score-coefficient
    table's or a department form's rows, whose results stay in the batch's form rows
    (:meth:`~perfeval.files.BatchResult.form_rows`).

    The caller owns the transaction: nothing is committed unless *commit* is true, so
    the rows can be rolled back, or committed with the caller's other work. Tables are
    created when absent, and an older table gets the identifying columns it lacks
    (:data:`IDENTITY_COLUMNS`); many databases commit such DDL on their own. Decimal
    values are text columns (exact, as the scorecard shows them). The earlier rows of
    every ``PRO_CODE`` written are deleted first, so writing twice leaves one set.
    *paramstyle* is the driver's (``sqlite3``: ``qmark``; ``psycopg``: ``format``).

    A statement the database refuses raises :class:`ResultWriteError` naming the table
    and the project or file."""
    names = tables or ResultTables()
    if paramstyle not in _STYLES:
        raise ResultWriteError(
            f"not a DB-API paramstyle; use one of {', '.join(_STYLES)}",
            field="paramstyle",
            value=paramstyle,
        )
    written = _written(results)
    cursor = connection.cursor()
    try:
        for part, columns in _SCHEMA.items():
            _prepare(cursor, getattr(names, part), columns)
        marker = _placeholders(paramstyle, ["PRO_CODE"])
        codes = list(dict.fromkeys(item.code for item in written))
        for part in _SCHEMA:
            table = getattr(names, part)
            if codes:
                _run(
                    cursor,
                    f"DELETE FROM {table} WHERE PRO_CODE = {marker}",
                    [_parameters(paramstyle, ["PRO_CODE"], [code]) for code in codes],
                    field=table,
                    row=None,
                )
        for item in written:
            for part, values in _result_rows(item):
                if not values:
                    continue
                table = getattr(names, part)
                columns = _SCHEMA[part]
                _run(
                    cursor,
                    f"INSERT INTO {table} ({', '.join(columns)}) "
                    f"VALUES ({_placeholders(paramstyle, columns)})",
                    [_parameters(paramstyle, columns, row) for row in values],
                    field=table,
                    row=f"project {item.code}",
                )
        if commit:
            try:
                connection.commit()
            except Exception as error:  # any driver's error class
                raise ResultWriteError(f"the database refused COMMIT: {error}") from error
    finally:
        cursor.close()
    return len(written)


def _result_rows(item: _Written) -> Iterable[tuple[str, list[tuple[object, ...]]]]:
    code, summary, identity = item.code, item.table, item.identity()
    yield (
        "projects",
        [
            (
                code,
                summary["policy"],
                summary["funds_score"],
                summary["total"],
                summary["grade"],
                int(bool(summary["complete"])),
                *identity,
            )
        ],
    )
    yield (
        "indicators",
        [
            (code, row["row"], row["name"], row["score"], row["rule"], *identity)
            for row in item.indicators
        ],
    )
    yield (
        "findings",
        [
            (
                code,
                row["row"],
                row["where"],
                row["code"],
                row["severity"],
                row["message"],
                row["message_zh"],
                row["printed"],
                row["computed"],
                *identity,
            )
            for row in item.findings
        ],
    )
