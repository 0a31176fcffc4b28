"""attrs fields that turn caller input into exact numbers, naming the field and the row.

The fields are annotated ``Decimal`` (what they hold); at run time they also accept
``int`` and ``str``, and refuse floats, booleans, NaN and text, through
:mod:`perfeval.number`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from perfeval.errors import InvalidTypeError
from perfeval.number import to_amount, to_decimal


def _row_of(instance: Any) -> int | str | None:
    for name in ("source", "name"):
        row = getattr(instance, name, None)
        if isinstance(row, str) and row:
            return row
    return None


def _optional_amount(value: object, instance: Any, field: attrs.Attribute[Any]) -> Decimal | None:
    if value is None:
        return None
    return to_amount(value, field=field.name, row=_row_of(instance))


def _optional_number(value: object, instance: Any, field: attrs.Attribute[Any]) -> Decimal | None:
    if value is None:
        return None
    return to_decimal(value, field=field.name, row=_row_of(instance))


_AMOUNT = attrs.Converter(_optional_amount, takes_self=True, takes_field=True)
_NUMBER = attrs.Converter(_optional_number, takes_self=True, takes_field=True)


def amount_field(*, default: Decimal | None = None) -> Any:
    """An optional, non-negative exact amount (money, weight, score)."""
    return attrs.field(default=default, converter=_AMOUNT)


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
