"""Exact integer columns: what the column evaluations of the met test, the formulas and
the rounding compute on (:meth:`perfeval.scoring.Test.holds_column`,
``ratio_column`` in :mod:`perfeval.formulas`,
:func:`perfeval.scoring.settle_missed_column`).

A column is a one-dimensional NumPy array of integers. Each operation here looks at the
largest magnitudes of its operands first: where the result is sure to fit in 64 bits it
is computed on ``int64`` (a column at a time, in C); otherwise on Python integers (an
``object`` array), which never overflow. So the result is the exact integer either way,
and a column of ordinary table numbers is computed at machine speed. NumPy is needed
only here (the ``arrow`` and ``testing`` extras bring it); the one-row evaluations
beside each column evaluation use Python integers alone.

>>> tops, belows = pairs([(15, 2), (2**70, 1)])  # 7.5, and a number past 64 bits
>>> tops.dtype, multiply(tops, 3).tolist()
(dtype('O'), [45, 3541774862152233910272])
>>> half_up_units(column([13, -1]), column([200, 8])).tolist()  # 0.065 → 0.07, -0.125 → -0.13
[7, -13]

A number's exact value is a pair of columns, :data:`Pairs`: numerators and denominators
(> 0), what ``Decimal.as_integer_ratio()`` and
:attr:`perfeval.targets.Comparison.exact` give for one number.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import numpy

__all__ = [
    "Column",
    "Pairs",
    "choose",
    "column",
    "half_up_units",
    "multiply",
    "pairs",
    "signed",
    "subtract",
]

Column = Any
"""A one-dimensional NumPy array of integers (``int64`` or Python integers)."""
Pairs = tuple[Column, Column]
"""Numerators and denominators (> 0) of a column of exact numbers."""

#: The magnitude (in bits) an int64 result may reach: one bit of room below the sign.
_ROOM: Final = 62
_INT64: Final = numpy.dtype(numpy.int64)


def column(values: Sequence[int] | Column) -> Column:
    """*values* (Python integers) as a column: ``int64`` when every one fits."""
    if isinstance(values, numpy.ndarray):
        return values
    try:
        found = numpy.array(values, dtype=numpy.int64)
    except OverflowError:
        return numpy.array(values, dtype=object)
    if len(found) and _bits(found) > _ROOM:
        return numpy.array(values, dtype=object)
    return found


def pairs(exact: Sequence[tuple[int, int]]) -> Pairs:
    """A column of exact numbers from their (numerator, denominator > 0) pairs."""
    return column([top for top, _ in exact]), column([below for _, below in exact])


def _bits(values: Column) -> int:
    """The bit length of the largest magnitude in *values* (0 when empty)."""
    if not len(values):
        return 0
    if values.dtype == _INT64:
        low, high = int(values.min()), int(values.max())
        return max(low.bit_length(), high.bit_length())
    return max(abs(int(value)) for value in values).bit_length()


def _wide(value: Column | int) -> Column | int:
    """*value* as Python integers (an ``object`` column), for a result beyond 64 bits."""
    if isinstance(value, numpy.ndarray) and value.dtype == _INT64:
        return value.astype(object)
    return value


def _size(value: Column | int) -> int:
    return _bits(value) if isinstance(value, numpy.ndarray) else abs(value).bit_length()


def multiply(*factors: Column | int) -> Column:
    """The product of *factors* (columns of one length, or integers), exactly."""
    result = factors[0]
    for factor in factors[1:]:
        if _size(result) + _size(factor) > _ROOM:
            result, factor = _wide(result), _wide(factor)
        result = result * factor
    return result


def subtract(left: Column | int, right: Column | int) -> Column:
    """*left* − *right*, exactly."""
    if max(_size(left), _size(right)) + 1 > _ROOM:
        left, right = _wide(left), _wide(right)
    return left - right


def signed(top: Column, below: Column) -> Pairs:
    """*top* / *below* with every denominator positive; a zero denominator divides by
    zero, as the fraction it stands for would."""
    if not numpy.all(below != 0):
        raise ZeroDivisionError("a formula's value divides by zero")
    flip = below < 0
    if numpy.any(flip):
        top = numpy.where(flip, -top, top)
        below = numpy.where(flip, -below, below)
    return top, below


def choose(condition: Column, chosen: Pairs, other: Pairs) -> Pairs:
    """Row by row, *chosen* where *condition* holds, else *other*."""
    return (
        numpy.where(condition, chosen[0], other[0]),
        numpy.where(condition, chosen[1], other[1]),
    )


def half_up_units(numerator: Column, denominator: Column, places: int = 2) -> Column:
    """:func:`perfeval.number.half_up_units` of each row: *numerator* / *denominator*
    (> 0) rounded half up (away from zero) to *places* decimals, as a count of the last
    place."""
    magnitude = multiply(abs(numerator), 10**places)
    if magnitude.dtype != _INT64 or denominator.dtype != _INT64:
        magnitude, denominator = _wide(magnitude), _wide(denominator)
    whole = magnitude // denominator  # both ≥ 0 (denominators > 0)
    rest = magnitude - multiply(whole, denominator)
    whole = whole + (multiply(rest, 2) >= denominator)
    return numpy.where(numerator < 0, -whole, whole)
