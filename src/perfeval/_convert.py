"""attrs fields that turn caller input into exact numbers, naming the field and the row.

The fields are annotated ``Decimal`` (what they hold); at run time they accept exactly
what a document cell accepts (``int``, ``Decimal`` and printed text, read by
:mod:`perfeval.cells`: placeholders, "10分", "86.32%", "517900元") and refuse floats,
booleans, NaN and other text. The checks of types and settings that need no number
reading (``instances``, flags, texts, words from a list) live in :mod:`perfeval._validate`,
below the readings, which use them too.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from perfeval._validate import instances as instances
from perfeval._validate import located
from perfeval._validate import tuple_of as tuple_of
from perfeval._validate import whole_number as whole_number
from perfeval.cells import read_amount, read_percent, read_points, read_text
from perfeval.errors import PerfevalError
from perfeval.number import to_amount, to_decimal


def _optional_amount(value: object, instance: Any, field: attrs.Attribute[Any]) -> Decimal | None:
    if value is None:
        return None
    unit = getattr(instance, "unit", "万元")
    try:
        return read_amount(value, field=field.name, unit=unit)
    except PerfevalError as error:
        raise located(error, instance) from None


def _optional_points(value: object, instance: Any, field: attrs.Attribute[Any]) -> Decimal | None:
    if value is None:
        return None
    try:
        return read_points(value, field=field.name)
    except PerfevalError as error:
        raise located(error, instance) from None


def _optional_percent(value: object, instance: Any, field: attrs.Attribute[Any]) -> Decimal | None:
    if value is None:
        return None
    try:
        return read_percent(value, field=field.name)
    except PerfevalError as error:
        raise located(error, instance) from None


def _optional_number(value: object, instance: Any, field: attrs.Attribute[Any]) -> Decimal | None:
    return None if value is None else _required_number(value, instance, field)


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


def as_text(value: object, instance: Any, field: attrs.Attribute[Any]) -> str | None:
    """A text field's value as printed (see :func:`perfeval.cells.read_text`), naming the
    field and the row when it is refused; for converters that go on to fold the text."""
    if value is None or type(value) is str:  # text as written: nothing to read
        return value
    try:
        return read_text(value, field=field.name)
    except PerfevalError as error:
        raise located(error, instance) from None


def _name_converter(value: object, instance: Any, field: attrs.Attribute[Any]) -> str:
    return as_text(value, instance, field) or ""


_TEXT = attrs.Converter(as_text, takes_self=True, takes_field=True)
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


def _required_number(value: object, instance: Any, field: attrs.Attribute[Any]) -> Decimal:
    try:
        return to_decimal(value, field=field.name)
    except PerfevalError as error:
        raise located(error, instance) from None


def _required_amount(value: object, instance: Any, field: attrs.Attribute[Any]) -> Decimal:
    if type(value) is Decimal and value.is_finite() and value >= 0:
        return value
    try:
        return to_amount(value, field=field.name)
    except PerfevalError as error:
        raise located(error, instance) from None


_REQUIRED_NUMBER = attrs.Converter(_required_number, takes_self=True, takes_field=True)
_REQUIRED_AMOUNT = attrs.Converter(_required_amount, takes_self=True, takes_field=True)


def exact_field(
    *, default: Decimal | None = None, negative: bool = True, validator: Any = None
) -> Any:
    """A required exact number (``None`` refused), or a non-negative one when *negative*
    is false; *default* makes it optional to pass, not to hold. *validator* checks the
    converted number (a range)."""
    converter = _REQUIRED_NUMBER if negative else _REQUIRED_AMOUNT
    return attrs.field(
        default=attrs.NOTHING if default is None else default,
        converter=converter,
        validator=validator,
    )
