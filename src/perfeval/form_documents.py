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
  ``perfeval.self-evaluation/1`` document), ``breakdown`` (fund rows).

A fund row is ``source``, ``unit``, ``initial_budget``, ``annual_budget``, ``executed``,
``printed_rate`` (percent) and ``printed_score``. Where each value came from (``cells``)
is not written. :func:`form_from_mapping` refuses an unknown format or key with a
:class:`~perfeval.errors.DocumentError` naming it.

>>> from perfeval.rubric import Rubric, RubricRow
>>> rubric = Rubric(rows=(RubricRow(name="资金到位率", weight="5", score="4.5"),))
>>> form_from_mapping(form_to_mapping(rubric)) == rubric
True
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

import attrs

from perfeval.coefficient import CoefficientRow, CoefficientTable
from perfeval.department_form import DepartmentForm
from perfeval.document import table_from_mapping
from perfeval.errors import DocumentError, PerfevalError
from perfeval.funds import FundBlock, FundRow
from perfeval.layout import FoundTable
from perfeval.number import fixed, to_decimal
from perfeval.rubric import Level, Rubric, RubricRow

__all__ = ["FORMATS", "form_from_mapping", "form_to_mapping"]

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


def _fields(item: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """An attrs value's fields as printed values, nested values written too."""
    data: dict[str, Any] = {}
    for field in attrs.fields(type(item)):
        if field.name in skip:
            continue
        value = getattr(item, field.name)
        if isinstance(value, tuple):
            data[field.name] = [
                _fields(part) if attrs.has(type(part)) else _plain(part) for part in value
            ]
        elif attrs.has(type(value)):
            data[field.name] = _fields(value)
        else:
            data[field.name] = _plain(value)
    return data


def form_to_mapping(form: Rubric | CoefficientTable | DepartmentForm) -> dict[str, Any]:
    """*form* as a JSON-ready mapping with its ``format``."""
    if isinstance(form, DepartmentForm):
        return {
            "format": FORMATS[DepartmentForm],
            "department": form.department,
            "table": dict(form.found.document),
            "breakdown": [_fields(row) for row in form.breakdown],
        }
    if isinstance(form, Rubric | CoefficientTable):
        return {"format": FORMATS[type(form)], **_fields(form, skip=("cells",))}
    raise DocumentError("not a form perfeval writes", field="form", value=type(form).__name__)


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
