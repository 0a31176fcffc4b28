"""Exact integer columns: what the column evaluations of the met test, the formulas and
the rounding compute on (:meth:`perfeval.scoring.Test.holds_column`,
``ratio_column`` in :mod:`perfeval.formulas`,
:func:`perfeval.scoring.settle_missed_column`).

A column is a one-dimensional NumPy array of integers, made by :func:`column` (or
:func:`pairs`): ``int64`` when every value fits in 62 bits, else Python integers (an
``object`` array). Each arithmetic operation here (:func:`multiply`, :func:`subtract`,
:func:`half_up_units`) looks at the largest magnitudes of its operands first: where the
result is sure to fit in 64 bits it is computed on ``int64`` (a column at a time, in C);
otherwise on Python integers, which never overflow. So the result is the exact integer
either way, and a column of ordinary table numbers is computed at machine speed. NumPy is
needed only here (the ``arrow`` and ``testing`` extras bring it); the one-row evaluations
beside each column evaluation use Python integers alone.

A number's exact value is an :class:`Exact`: a column of numerators and one of
denominators (> 0), what ``Decimal.as_integer_ratio()`` and
:attr:`perfeval.targets.Comparison.exact` give for one number.

>>> tops, belows = pairs([(15, 2), (2**70, 1)])  # 7.5, and a number past 64 bits
>>> tops.dtype, multiply(tops, 3).tolist()
(dtype('O'), [45, 3541774862152233910272])
>>> half_up_units(column([13, -1]), column([200, 8])).tolist()  # 0.065 → 0.07, -0.125 → -0.13
[7, -13]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, NamedTuple

import numpy

from perfeval.errors import InvalidNumberError, InvalidTypeError

__all__ = [
    "Column",
    "Exact",
    "choose",
    "column",
    "exact_column",
    "half_up_units",
    "multiply",
    "pairs",
    "signed",
    "subtract",
]

Column = Any
"""A one-dimensional NumPy array of integers, as :func:`column` makes it (``int64`` of
at most 62 bits, or Python integers)."""


class Exact(NamedTuple):
    """A column of exact numbers: each row's numerator and denominator (> 0)."""

    numerators: Column
    denominators: Column


#: The magnitude (in bits) an int64 result may reach: one bit of room below the sign.
_ROOM: Final = 62
_INT64: Final = numpy.dtype(numpy.int64)


def column(values: Sequence[int] | Column) -> Column:
    """*values* (Python integers, or a NumPy array of integers) as a column: ``int64``
    when every one fits in 62 bits, else Python integers. Anything else (a float, a
    ``Decimal``, a boolean, an array of another type) is refused with
    :class:`~perfeval.errors.InvalidTypeError`: a column never rounds or wraps a value."""
    items: Sequence[int] = values
    if isinstance(values, numpy.ndarray):
        if values.ndim != 1:
            raise InvalidTypeError("expected a column of integers", value=values.shape)
        if values.dtype == _INT64:
            return values if _bits(values) <= _ROOM else values.astype(object)
        if values.dtype.kind not in "iuO":
            raise InvalidTypeError("expected a column of integers", value=str(values.dtype))
        items = values.tolist()  # Python integers (or the objects held)
    odd = [value for value in items if type(value) is not int]
    if odd:
        raise InvalidTypeError("expected a column of integers", value=odd[0])
    try:
        found = numpy.array(items, dtype=numpy.int64)
    except OverflowError:
        return _objects(items)
    if len(found) and _bits(found) > _ROOM:
        return _objects(items)
    return found


def pairs(exact: Sequence[tuple[int, int]]) -> Exact:
    """A column of exact numbers from their (numerator, denominator) pairs; a
    denominator of 0 or less is refused with :class:`~perfeval.errors.InvalidNumberError`."""
    return exact_column((column([top for top, _ in exact]), column([below for _, below in exact])))


def exact_column(value: Exact | tuple[Column, Column]) -> Exact:
    """*value*, a column of numerators and one of denominators, as an :class:`Exact`
    whose columns are :func:`column`'s and whose denominators are above 0 (else
    :class:`~perfeval.errors.InvalidNumberError`): what each column evaluation takes."""
    if type(value) is Exact and _checked(value):
        return value
    numerators, denominators = value
    found = Exact(column(numerators), column(denominators))
    if len(found.numerators) != len(found.denominators):
        raise InvalidTypeError(
            "expected as many denominators as numerators", value=len(found.denominators)
        )
    positive(found.denominators)
    return found


def _checked(value: Exact) -> bool:
    """Whether *value*'s columns are already :func:`column`'s, with positive
    denominators (what :func:`pairs` and the evaluations here make)."""
    return all(
        isinstance(part, numpy.ndarray)
        and part.ndim == 1
        and (
            (part.dtype == _INT64 and _bits(part) <= _ROOM)
            or (part.dtype == object and all(type(item) is int for item in part))
        )
        for part in value
    ) and (not len(value.denominators) or bool(numpy.all(value.denominators > 0)))


def positive(denominators: Column) -> None:
    """Refuse a column of *denominators* holding 0 or less
    (:class:`~perfeval.errors.InvalidNumberError`): the column evaluations divide by
    them and take their sign as positive."""
    if len(denominators) and not numpy.all(denominators > 0):
        raise InvalidNumberError(
            "a denominator must be above 0",
            value=next(int(below) for below in denominators if below <= 0),
        )


def _objects(values: Sequence[int]) -> Column:
    """*values* as a column of Python integers."""
    found = numpy.empty(len(values), dtype=object)
    found[:] = list(values)
    return found


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
    """The bit length of *value*'s largest magnitude (a column, or one integer)."""
    if isinstance(value, numpy.ndarray):
        return _bits(value)
    return abs(int(value)).bit_length()


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


def signed(top: Column, below: Column) -> Exact:
    """*top* / *below* with every denominator positive (both negated where *below* is
    negative); a zero denominator divides by zero, as the fraction it stands for would.
    Both are results of :func:`multiply` or :func:`subtract`, so negating them fits."""
    if not numpy.all(below != 0):
        raise ZeroDivisionError("a formula's value divides by zero")
    flip = below < 0
    if numpy.any(flip):
        top = numpy.where(flip, -top, top)
        below = numpy.where(flip, -below, below)
    return Exact(top, below)


def choose(condition: Column, chosen: Exact, other: Exact) -> Exact:
    """Row by row, *chosen* where *condition* holds, else *other*."""
    return Exact(
        numpy.where(condition, chosen.numerators, other.numerators),
        numpy.where(condition, chosen.denominators, other.denominators),
    )


def half_up_units(numerator: Column, denominator: Column, places: int = 2) -> Column:
    """:func:`perfeval.number.half_up_units` of each row: *numerator* / *denominator*
    (> 0, else :class:`~perfeval.errors.InvalidNumberError`) rounded half up (away from
    zero) to *places* decimals, as a count of the last place. The one rounding of
    :mod:`perfeval.number`, for a column (a law in the tests holds the two together)."""
    numerator, denominator = column(numerator), column(denominator)
    positive(denominator)
    magnitude = multiply(abs(numerator), 10**places)
    if magnitude.dtype != _INT64 or denominator.dtype != _INT64:
        magnitude, denominator = _wide(magnitude), _wide(denominator)
    whole = magnitude // denominator  # both ≥ 0
    rest = magnitude - multiply(whole, denominator)
    whole = whole + (multiply(rest, 2) >= denominator)
    return numpy.where(numerator < 0, -whole, whole)
