"""Lossless JSON and TOML for every public type, through a cattrs converter.

An edge module (``pip install 'perfeval[serialization]'``): the domain classes know nothing
of JSON; the configuration lives on the converter that :func:`make_converter` builds.
Decimals are written as strings in plain notation with their scale ("8.60" stays "8.60")
and read from strings, integers or exact JSON numbers, never through ``float``. Target and
actual readings carry their ``kind`` as a tag. TOML has no null: a ``None`` is written by
leaving the key out, and a key left out reads back as ``None``.

>>> from perfeval.seed import seed_tables
>>> from perfeval.table import Table
>>> table = seed_tables()[2]
>>> loads(dumps(table), Table) == table
True
>>> loads(dumps(table, format="toml"), Table, format="toml") == table
True
"""

from __future__ import annotations

import json
import re
import sys
import typing
from decimal import Decimal
from typing import Any, Literal, TypeVar

import attrs
import cattrs
import tomli_w
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.strategies import configure_tagged_union

from perfeval._validate import expect
from perfeval.department import LeafRule
from perfeval.document import (
    DOCUMENT_SHAPE,
    parse_json,
    parse_toml,
    table_from_mapping,
    table_shape,
)
from perfeval.errors import DocumentError, InvalidTypeError, PerfevalError
from perfeval.findings import Check
from perfeval.limits import DEFAULT_LIMITS, Limits, check_number_text, check_parsed
from perfeval.number import fixed, private_context
from perfeval.policy import Policy, PolicyFormula, formula_from_mapping, formula_to_mapping
from perfeval.scoring import IndicatorScore
from perfeval.table import Scorecard, Table, _score_table
from perfeval.targets import Band, Comparison, Reading

__all__ = ["dumps", "loads", "make_converter", "structure", "table_from_data", "unstructure"]

T = TypeVar("T")
Format = Literal["json", "toml"]


#: What :func:`dumps` writes for a Decimal (``format(d, "f")``), and JSON's exact numbers.
_DECIMAL_TEXT = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _structure_decimal(value: object, _: type) -> Decimal:
    """A Decimal exactly as written. Not :func:`~perfeval.number.to_decimal`: that bounds
    the amounts a table may hold, and derived values (an exact funds score of 1E-13) lie
    outside those bounds; the models check their own inputs when they are built."""
    if isinstance(value, float):
        raise DocumentError("a float is not exact; write the number as a string", value=value)
    if isinstance(value, bool):
        raise DocumentError("a boolean is not a number", value=value)
    if isinstance(value, int):
        check_parsed(value)
        return Decimal(value)
    if isinstance(value, Decimal) and value.is_finite():
        check_parsed(value)
        return value
    if isinstance(value, str) and _DECIMAL_TEXT.fullmatch(value):
        check_number_text(value)
        return Decimal(value)
    shown = value[:40] if isinstance(value, str) else type(value).__name__
    raise DocumentError("not a decimal number", value=shown)


def _optional_fields(cls: type) -> list[str]:
    attrs.resolve_types(cls)
    return [field.name for field in attrs.fields(cls) if type(None) in typing.get_args(field.type)]


#: Keys written for people and recomputed on load.
_DERIVED = frozenset({"formula", "explanation", "explanation_zh"})


def _is_frozenset(kind: Any) -> bool:
    return kind is frozenset or typing.get_origin(kind) is frozenset


def _tag(cls: Any) -> str:
    return str(cls.kind)


def make_converter(*, omit_none: bool = False) -> cattrs.Converter:
    """A converter for perfeval's types; *omit_none* for formats without null (TOML)."""
    converter = cattrs.Converter()
    converter.register_unstructure_hook(Decimal, fixed)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_unstructure_hook_func(_is_frozenset, sorted)

    def attrs_factory(cls: type) -> Any:
        optional = _optional_fields(cls)
        base: Any = make_dict_structure_fn(cls, converter)

        def structure(data: Any, _: type) -> Any:
            if omit_none and isinstance(data, dict):
                data = {**{name: None for name in optional}, **data}
            if cls is IndicatorScore and isinstance(data, dict):
                data = {k: v for k, v in data.items() if k not in _DERIVED}
            return base(data, cls)

        return structure

    converter.register_structure_hook_factory(attrs.has, attrs_factory)
    _policy_formulas(converter)
    _policy_checks(converter)
    _scorecards(converter)
    configure_tagged_union(Reading, converter, tag_generator=_tag, tag_name="kind")
    # a unit choice's printed cell and its reading: a comparison or a range
    configure_tagged_union(Comparison | Band, converter, tag_generator=_tag, tag_name="kind")
    configure_tagged_union(LeafRule, converter, tag_generator=_tag, tag_name="kind")
    structure_rule = converter.get_structure_hook(LeafRule)
    unstructure_rule = converter.get_unstructure_hook(LeafRule)
    converter.register_structure_hook(
        LeafRule | None,
        lambda value, _: None if value is None else structure_rule(value, LeafRule),
    )
    converter.register_unstructure_hook(
        LeafRule | None,
        lambda value: None if value is None else unstructure_rule(value),
    )

    base_score = make_dict_unstructure_fn(
        IndicatorScore, converter, formula_object=override(omit=True)
    )

    def unstructure_score(score: IndicatorScore) -> dict[str, Any]:
        data: dict[str, Any] = base_score(score)
        data["formula"] = score.formula
        data["explanation"] = score.explain("en")
        data["explanation_zh"] = score.explain("zh_CN")
        return data

    converter.register_unstructure_hook(IndicatorScore, unstructure_score)
    return converter


def _policy_formulas(converter: cattrs.Converter) -> None:
    """A policy's own formulas as in a policy file: role, id, kind and options."""

    def unstructure_formula(entry: PolicyFormula) -> dict[str, Any]:
        return {"role": entry.role, "id": entry.id, **formula_to_mapping(entry)}

    def structure_formula(data: Any, _: type) -> PolicyFormula:
        if not isinstance(data, dict):
            raise DocumentError("a policy's formula is a table", field="formulas", value=data)
        spec = {k: v for k, v in data.items() if k not in ("role", "id")}
        return formula_from_mapping(data.get("role"), data.get("id"), spec)

    converter.register_unstructure_hook(PolicyFormula, unstructure_formula)
    converter.register_structure_hook(PolicyFormula, structure_formula)


def _policy_checks(converter: cattrs.Converter) -> None:
    """A policy's audit checks by name (``module:qualified.name``). Read back only from a
    module this process has already imported: reading data never imports code."""

    def unstructure_check(item: Check) -> str:
        return f"{getattr(item, '__module__', '?')}:{getattr(item, '__qualname__', '?')}"

    def structure_check(data: Any, _: type) -> Check:
        module_name, _colon, name = str(data).partition(":")
        found: Any = sys.modules.get(module_name)
        for part in name.split(".") if found is not None else ():
            found = getattr(found, part, None)
        if found is None or not callable(found):
            raise DocumentError(
                "an audit check is read back only from a module already imported",
                field="checks",
                value=str(data)[:80],
            )
        return found  # type: ignore[no-any-return]

    converter.register_unstructure_hook(Check, unstructure_check)
    converter.register_structure_hook(Check, structure_check)


def _scorecards(converter: cattrs.Converter) -> None:
    """A scorecard as its table, policy, funds, explained rows and weight factor; read
    back by scoring the table under the policy again, and refused when the rows written
    do not agree with that scoring (nothing written is ignored)."""

    def unstructure_card(card: Scorecard) -> dict[str, Any]:
        return {
            "table": converter.unstructure(card.table, Table),
            "policy": converter.unstructure(card.policy, Policy),
            "funds": converter.unstructure(card.funds),
            "indicators": converter.unstructure(card.indicators, tuple[IndicatorScore, ...]),
            "weights_scale": converter.unstructure(card.weights_scale),
        }

    def structure_card(data: Any, _: type) -> Scorecard:
        if not isinstance(data, dict):
            raise DocumentError("a scorecard is a table of fields", value=type(data).__name__)
        unknown = set(data) - {"table", "policy", "funds", "indicators", "weights_scale"}
        if unknown:
            raise DocumentError("unknown scorecard field", field=sorted(unknown)[0])
        table = converter.structure(data.get("table"), Table)
        policy = converter.structure(data.get("policy"), Policy)
        card = _score_table(table, policy, explain=True)
        rows = converter.structure(data.get("indicators") or [], tuple[IndicatorScore, ...])
        if rows != card.indicators:
            at = next(
                (i for i, (a, b) in enumerate(zip(rows, card.indicators, strict=False)) if a != b),
                min(len(rows), len(card.indicators)),
            )
            raise DocumentError(
                "the rows written differ from the table scored under its policy",
                field=f"indicators[{at}]",
            )
        return card

    converter.register_unstructure_hook(Scorecard, unstructure_card)
    converter.register_structure_hook(Scorecard, structure_card)


_JSON = make_converter()
_TOML = make_converter(omit_none=True)


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


@private_context
def unstructure(obj: Any, *, format: Format = "json") -> Any:
    """*obj* as plain data (dicts, lists, strings, booleans, ints)."""
    if format == "toml":
        return _drop_none(_TOML.unstructure(obj))
    return _JSON.unstructure(obj)


@private_context
def structure(data: Any, cls: type[T], *, format: Format = "json") -> T:
    """A *cls* from plain data; :class:`DocumentError` when it does not fit."""
    expect(cls, type, "cls")
    converter = _TOML if format == "toml" else _JSON
    try:
        return converter.structure(data, cls)
    except PerfevalError:
        raise
    except Exception as error:  # cattrs' ClassValidationError and the like
        raise DocumentError(f"not a valid {cls.__name__}: {_describe(error)}") from None


def _describe(error: BaseException) -> str:
    if isinstance(error, BaseExceptionGroup):
        notes = (
            cattrs.transform_error(error) if isinstance(error, cattrs.BaseValidationError) else []
        )
        return "; ".join(notes) or str(error)
    return str(error)


@private_context
def dumps(obj: Any, *, format: Format = "json") -> str:
    """*obj* as JSON or TOML text."""
    data = unstructure(obj, format=format)
    try:
        if format == "toml":
            if not isinstance(data, dict):
                data = {"value": data}
            return tomli_w.dumps(data)
        return json.dumps(data, ensure_ascii=False, indent=2)
    except TypeError:  # what neither perfeval's converter nor the format knows: bytes, objects
        raise InvalidTypeError(
            f"cannot write a {type(obj).__name__} as {format}", field="obj", value=obj
        ) from None


@private_context
def loads(
    text: str, cls: type[T], *, format: Format = "json", limits: Limits = DEFAULT_LIMITS
) -> T:
    """A *cls* from JSON or TOML text written by :func:`dumps`, read within *limits*
    (:func:`perfeval.document.parse_json`: exact numbers, no duplicate keys, bounded)."""
    if format == "toml":
        data: Any = parse_toml(text, limits=limits)
    elif format == "json":
        data = parse_json(text, limits=limits)
    else:
        raise DocumentError("unknown format; use json or toml", value=format)
    return structure(data, cls, format=format)


def table_from_data(data: object, *, limits: Limits = DEFAULT_LIMITS) -> tuple[Table, str]:
    """A :class:`~perfeval.table.Table` from parsed JSON in either shape, and the shape's
    name (:func:`perfeval.document.table_shape`): a ``perfeval.self-evaluation/1`` document
    or what :func:`dumps` writes for a table.

    >>> from perfeval.seed import seed_tables
    >>> table_from_data(unstructure(seed_tables()[2]))[1]
    'serialized Table'
    """
    shape = table_shape(data)
    if shape == DOCUMENT_SHAPE:
        return table_from_mapping(data, limits=limits), shape
    check_parsed(data, limits)
    try:
        return structure(data, Table), shape
    except DocumentError as error:
        raise DocumentError(f"read as a serialized Table: {error}") from None
