"""attrs fields that turn caller input into exact numbers, naming the field and the row.

The fields are annotated ``Decimal`` (what they hold); at run time they accept exactly
what a document cell accepts (``int``, ``Decimal`` and printed text, read by
:mod:`perfeval.cells`: placeholders, "10分", "86.32%", "517900元") and refuse floats,
booleans, NaN and other text.
"""

from __future__ import annotations

import numbers
from decimal import Decimal
from typing import Any

import attrs

from perfeval.cells import read_amount, read_percent, read_points, read_text
from perfeval.errors import InvalidTypeError, PerfevalError
from perfeval.number import to_decimal


def _row_of(instance: Any) -> int | str | None:
    for name in ("source", "name"):
        row = getattr(instance, name, None)
        if isinstance(row, str) and row:
            return row
    return None


def _located(error: PerfevalError, instance: Any) -> PerfevalError:
    """*error* naming the row of *instance* (read only when a cell is refused, so a
    valid cell costs no lookup)."""
    row = _row_of(instance)
    if row is None or error.row is not None:
        return error
    return type(error)(error.reason, field=error.field, row=row, value=error.value)


def _optional_amount(value: object, instance: Any, field: attrs.Attribute[Any]) -> Decimal | None:
    if value is None:
        return None
    unit = getattr(instance, "unit", "万元")
    try:
        return read_amount(value, field=field.name, unit=unit)
    except PerfevalError as error:
        raise _located(error, instance) from None


def _optional_points(value: object, instance: Any, field: attrs.Attribute[Any]) -> Decimal | None:
    if value is None:
        return None
    try:
        return read_points(value, field=field.name)
    except PerfevalError as error:
        raise _located(error, instance) from None


def _optional_percent(value: object, instance: Any, field: attrs.Attribute[Any]) -> Decimal | None:
    if value is None:
        return None
    try:
        return read_percent(value, field=field.name)
    except PerfevalError as error:
        raise _located(error, instance) from None


def _optional_number(value: object, instance: Any, field: attrs.Attribute[Any]) -> Decimal | None:
    if value is None:
        return None
    try:
        return to_decimal(value, field=field.name)
    except PerfevalError as error:
        raise _located(error, instance) from None


def tuple_of(cls: type, field: str) -> Any:
    """A converter to a tuple of *cls* items that refuses ``None``, a string or a mapping
    where an iterable of items is expected (a wrong type fails where it is passed)."""

    def convert(value: Any) -> tuple[Any, ...]:
        if value is None or isinstance(value, str | bytes) or hasattr(value, "keys"):
            raise InvalidTypeError(
                f"expected an iterable of {cls.__name__}, not {type(value).__name__}",
                field=field,
                value=value,
            )
        try:
            return tuple(value)
        except TypeError:
            raise InvalidTypeError(
                f"expected an iterable of {cls.__name__}, not {type(value).__name__}",
                field=field,
                value=value,
            ) from None

    return convert


_AMOUNT = attrs.Converter(_optional_amount, takes_self=True, takes_field=True)
_POINTS = attrs.Converter(_optional_points, takes_self=True, takes_field=True)
_PERCENT = attrs.Converter(_optional_percent, takes_self=True, takes_field=True)
_NUMBER = attrs.Converter(_optional_number, takes_self=True, takes_field=True)


def amount_field(*, default: Decimal | None = None) -> Any:
    """An optional, non-negative amount of money, in the instance's ``unit`` (万元 when it
    has none); printed text may carry a money unit ("517900元")."""
    return attrs.field(default=default, converter=_AMOUNT)


def points_field(*, default: Decimal | None = None) -> Any:
    """An optional, non-negative weight or score; printed text may end in 分."""
    return attrs.field(default=default, converter=_POINTS)


def percent_field(*, default: Decimal | None = None) -> Any:
    """An optional printed rate in percent ("86.32%", "86.32")."""
    return attrs.field(default=default, converter=_PERCENT)


def _text_converter(value: object, instance: Any, field: attrs.Attribute[Any]) -> str | None:
    if value is None or type(value) is str:  # text as written: nothing to read
        return value
    try:
        return read_text(value, field=field.name)
    except PerfevalError as error:
        raise _located(error, instance) from None


def _name_converter(value: object, instance: Any, field: attrs.Attribute[Any]) -> str:
    return _text_converter(value, instance, field) or ""


_TEXT = attrs.Converter(_text_converter, takes_self=True, takes_field=True)
_NAME = attrs.Converter(_name_converter, takes_self=True, takes_field=True)


def text_field(*, default: str | None = None) -> Any:
    """Optional printed text; a number cell becomes its digits; other types are refused."""
    return attrs.field(default=default, converter=_TEXT)


def name_field() -> Any:
    """Required printed text (a name); ``None`` reads as "" as in documents."""
    return attrs.field(converter=_NAME)


def number_field(*, default: Decimal | None = None) -> Any:
    """An optional exact number that may be negative."""
    return attrs.field(default=default, converter=_NUMBER)


def instances(cls: type, *, optional: bool = False) -> Any:
    """An attrs validator: the value (or every item of a tuple value) is a *cls*.

    Raises :class:`~perfeval.errors.InvalidTypeError` naming the field, the item and the
    value, so a wrong object fails where it is passed, not deep inside scoring.
    """

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        items = value if isinstance(value, tuple) else (value,)
        for index, item in enumerate(items):
            if item is None and optional:
                continue
            if not isinstance(item, cls):
                row = index if isinstance(value, tuple) else _row_of(instance)
                raise InvalidTypeError(
                    f"expected {cls.__name__}, not {type(item).__name__}",
                    field=attribute.name,
                    row=row,
                    value=item,
                )

    return check


def whole_number(value: object, field: str, *, least: int) -> int:
    """*value* as a whole number ≥ *least* (an ``int``, or a NumPy integer), else
    :class:`~perfeval.errors.InvalidTypeError` naming *field*."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < least:
        expected = "0 or a positive whole number" if least == 0 else "a positive whole number"
        raise InvalidTypeError(f"expected {expected}", field=field, value=value)
    return int(value)
