"""JSON documents of the other forms: rubrics, score-coefficient tables, department forms.

Each form is written as a mapping of printed values (numbers as strings, exactly) with a
``format`` key, and read back into the same model through the model's own converters (so
through :mod:`perfeval.cells`):

- ``perfeval.rubric/1``: ``title``, ``levels`` (``name``, ``weight``, ``parent``,
  ``printed_score``), ``rows`` (``level1``, ``level2``, ``name``, ``explanation``,
  ``criterion``, ``evidence``, ``weight``, ``score``, ``optional``), ``printed_total``,
  ``printed_total_weight``, ``notes``;
- ``perfeval.coefficient/1``: ``title``, ``execution`` (``weight``, ``total``,
  ``sources``: fund rows), ``rows`` (``level1``, ``level2``, ``name``, ``core``,
  ``target``, ``adjusted_target``, ``actual``, ``weight``, ``coefficient`` as a
  fraction, ``score``, ``note``), ``printed_total``;
- ``perfeval.department-form/1``: ``department``, ``table`` (a
  ``perfeval.self-evaluation/1`` document), ``breakdown`` (fund rows),
  ``indicator_scoring`` (``project-rules``, the default, or ``printed``) and
  ``scoring_basis`` (where the form says so).

A fund row is ``source``, ``unit``, ``initial_budget``, ``annual_budget``, ``executed``,
``printed_rate`` (percent) and ``printed_score``. Where each value came from (``cells``)
is not written. :func:`form_from_mapping` refuses an unknown format or key with a
:class:`~perfeval.errors.DocumentError` naming it. :func:`dumps_form` and
:func:`loads_form` write and read the documents as JSON or TOML text (TOML has no null: a
blank is a key left out, or ``""`` where a default would read back otherwise), and
:func:`form_schema` gives each format's JSON Schema (shipped in
``perfeval/data/schema``).

>>> from perfeval.rubric import Rubric, RubricRow
>>> rubric = Rubric(rows=(RubricRow(name="资金到位率", weight="5", score="4.5"),))
>>> form_from_mapping(form_to_mapping(rubric)) == rubric
True
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

import attrs

from perfeval.coefficient import CoefficientRow, CoefficientTable
from perfeval.department_form import DepartmentForm, IndicatorScoring
from perfeval.document import document_text, parse_document, table_from_mapping
from perfeval.errors import DocumentError, PerfevalError
from perfeval.funds import FundBlock, FundRow
from perfeval.layout import FoundTable
from perfeval.limits import DEFAULT_LIMITS, Limits
from perfeval.number import fixed, to_decimal
from perfeval.rubric import Level, Rubric, RubricRow

__all__ = [
    "FORMATS",
    "dumps_form",
    "form_from_mapping",
    "form_schema",
    "form_to_mapping",
    "loads_form",
]

#: The format of each kind of form.
FORMATS: Final = {
    Rubric: "perfeval.rubric/1",
    CoefficientTable: "perfeval.coefficient/1",
    DepartmentForm: "perfeval.department-form/1",
}


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return fixed(value)
    return value


def _fields(item: Any, skip: tuple[str, ...] = (), *, toml: bool = False) -> dict[str, Any]:
    """An attrs value's fields as printed values, nested values written too. *toml*:
    TOML has no null, so a blank is a key left out where that reads back blank (the
    field's default is ``None``), else ``""``, which every value field reads as blank."""
    data: dict[str, Any] = {}
    for field in attrs.fields(type(item)):
        if field.name in skip:
            continue
        value = getattr(item, field.name)
        if isinstance(value, tuple):
            data[field.name] = [
                _fields(part, toml=toml) if attrs.has(type(part)) else _plain(part)
                for part in value
            ]
        elif attrs.has(type(value)):
            data[field.name] = _fields(value, toml=toml)
        elif value is None and toml:
            if field.default is not None:
                data[field.name] = ""
        else:
            data[field.name] = _plain(value)
    return data


def _present(value: Any) -> Any:
    """*value* without the keys that hold ``None`` (a 自评表 document's blank, for TOML)."""
    if isinstance(value, Mapping):
        return {key: _present(item) for key, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [_present(item) for item in value]
    return value


def form_to_mapping(
    form: Rubric | CoefficientTable | DepartmentForm, *, toml: bool = False
) -> dict[str, Any]:
    """*form* as a JSON-ready mapping with its ``format``; *toml*: without the nulls TOML
    cannot hold (a blank written as a key left out, or ``""``), read back the same."""
    if isinstance(form, DepartmentForm):
        table = dict(form.found.document)
        return {
            "format": FORMATS[DepartmentForm],
            "department": form.department,
            "table": _present(table) if toml else table,
            "breakdown": [_fields(row, toml=toml) for row in form.breakdown],
            "indicator_scoring": form.indicator_scoring.value,
            **({} if form.scoring_basis is None else {"scoring_basis": form.scoring_basis}),
        }
    if isinstance(form, Rubric | CoefficientTable):
        return {"format": FORMATS[type(form)], **_fields(form, skip=("cells",), toml=toml)}
    raise DocumentError("not a form perfeval writes", field="form", value=type(form).__name__)


def dumps_form(form: Rubric | CoefficientTable | DepartmentForm, *, format: str = "json") -> str:
    """*form* as the text of a JSON or TOML document (``format="toml"`` needs the
    serialization extra, for ``tomli_w``), as :func:`perfeval.document.dumps_document`
    writes a 自评表; :func:`loads_form` reads it back to an equal form."""
    return document_text(form_to_mapping(form, toml=format == "toml"), format=format)


def loads_form(
    text: str, *, format: str = "json", limits: Limits = DEFAULT_LIMITS
) -> Rubric | CoefficientTable | DepartmentForm:
    """The form of a JSON or TOML form document *text*, parsed as a 自评表 document is
    (:func:`perfeval.document.parse_document`: numbers exactly, within *limits*)."""
    return form_from_mapping(parse_document(text, format=format, limits=limits))


#: The file of each format's JSON Schema, in ``perfeval/data/schema``.
_SCHEMAS: Final = {
    "perfeval.self-evaluation/1": "self-evaluation-1.schema.json",
    "perfeval.rubric/1": "rubric-1.schema.json",
    "perfeval.coefficient/1": "coefficient-1.schema.json",
    "perfeval.department-form/1": "department-form-1.schema.json",
}


def form_schema(format: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the document *format* (``perfeval.rubric/1``,
    ``perfeval.coefficient/1``, ``perfeval.department-form/1``, or the 自评表's
    ``perfeval.self-evaluation/1``); its ``$id`` is the format. The department form's
    ``table`` is checked by the 自评表's schema, put in its ``$defs`` (as
    ``selfEvaluation``): each schema validates alone."""
    if format not in _SCHEMAS:
        raise DocumentError(
            f"no such document format; expected {', '.join(_SCHEMAS)}", field="format", value=format
        )
    from importlib.resources import files

    text = files("perfeval.data").joinpath("schema", _SCHEMAS[format]).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    if "selfEvaluation" in data.get("$defs", {}):
        table = form_schema("perfeval.self-evaluation/1")
        del table["$schema"], table["$id"]
        data["$defs"]["selfEvaluation"] = _moved(table, "#/$defs/selfEvaluation")
    return data


def _moved(schema: Any, to: str) -> Any:
    """*schema* with its local references (``#/$defs/…``) pointing under *to*."""
    if isinstance(schema, dict):
        return {
            key: to + value[1:] if key == "$ref" and value.startswith("#/") else _moved(value, to)
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [_moved(item, to) for item in schema]
    return schema


def _build(cls: type, data: object, where: str) -> Any:
    """``cls(**data)``, a bad key or value named by *where*."""
    if not isinstance(data, Mapping):
        raise DocumentError("expected an object", field=where, value=type(data).__name__)
    known = {field.name for field in attrs.fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise DocumentError(f"unknown keys: {', '.join(unknown)}", field=where)
    try:
        return cls(**data)
    except PerfevalError as error:
        raise DocumentError(str(error), field=where) from None
    except (TypeError, ValueError) as error:
        raise DocumentError(str(error), field=where) from None


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise DocumentError("expected a list", field=key, value=type(value).__name__)
    return value


def _fund_rows(data: Mapping[str, Any], key: str) -> list[FundRow]:
    return [_build(FundRow, row, f"{key}[{i}]") for i, row in enumerate(_list(data, key))]


def form_from_mapping(data: object) -> Rubric | CoefficientTable | DepartmentForm:
    """The form a mapping written by :func:`form_to_mapping` holds."""
    if not isinstance(data, Mapping):
        raise DocumentError("expected an object", field="document", value=type(data).__name__)
    kind = data.get("format")
    body = {key: value for key, value in data.items() if key != "format"}
    if kind == FORMATS[Rubric]:
        levels = [_build(Level, v, f"levels[{i}]") for i, v in enumerate(_list(body, "levels"))]
        rows = [_build(RubricRow, v, f"rows[{i}]") for i, v in enumerate(_list(body, "rows"))]
        notes = tuple(_list(body, "notes"))
        return _build(Rubric, {**body, "levels": levels, "rows": rows, "notes": notes}, "")  # type: ignore[no-any-return]
    if kind == FORMATS[CoefficientTable]:
        rows = [
            _build(CoefficientRow, _coefficient(v, f"rows[{i}].coefficient"), f"rows[{i}]")
            for i, v in enumerate(_list(body, "rows"))
        ]
        execution = body.get("execution")
        block = None
        if execution is not None:
            if not isinstance(execution, Mapping):
                raise DocumentError("expected an object", field="execution")
            total = execution.get("total")
            block = _build(FundBlock, {
                **execution,
                "total": None if total is None else _build(FundRow, total, "execution.total"),
                "sources": _fund_rows(execution, "sources"),
            }, "execution")  # fmt: skip
        return _build(CoefficientTable, {**body, "rows": rows, "execution": block}, "")  # type: ignore[no-any-return]
    if kind == FORMATS[DepartmentForm]:
        document = body.get("table")
        table = table_from_mapping(document)
        assert isinstance(document, Mapping)
        found = FoundTable(name="document", document=document, cells={}, table=table)
        return _build(DepartmentForm, {  # type: ignore[no-any-return]
            "department": body.get("department"), "found": found,
            "breakdown": _fund_rows(body, "breakdown"),
            "indicator_scoring": body.get("indicator_scoring", IndicatorScoring.PROJECT_RULES),
            "scoring_basis": body.get("scoring_basis"),
        }, "")  # fmt: skip
    raise DocumentError(
        f"not a form document; expected format {', '.join(FORMATS.values())}",
        field="format",
        value=kind,
    )


def _coefficient(row: object, where: str) -> object:
    """A coefficient row as written: its coefficient a fraction, read as one (not a
    percentage, whatever its size)."""
    if isinstance(row, Mapping) and isinstance(row.get("coefficient"), str):
        return {**row, "coefficient": to_decimal(row["coefficient"], field=where)}
    return row
