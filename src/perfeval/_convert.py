"""attrs fields that turn caller input into exact numbers, naming the field and the row.

The fields are annotated ``Decimal`` (what they hold); at run time they also accept
``int`` and ``str``, and refuse floats, booleans, NaN and text, through
:mod:`perfeval.number`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

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
