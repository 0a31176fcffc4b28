"""perfeval.integers: exact integer columns, int64 where they fit and Python integers past it."""

from decimal import Decimal

import numpy
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfeval.errors import InvalidNumberError, InvalidTypeError
from perfeval.integers import (
    Exact,
    column,
    exact_column,
    half_up_units,
    multiply,
    pairs,
    signed,
    subtract,
)
from perfeval.number import half_up_units as one_half_up_units

_WIDE = st.integers(-(2**80), 2**80)
_EDGES = st.sampled_from([0, 1, -1, 2**31 - 1, 2**61, 2**62 - 1, 2**62, -(2**62), 2**63 - 1,
                          -(2**63), 2**64])  # fmt: skip
_ANY = _WIDE | _EDGES


@given(st.lists(_ANY, max_size=8), st.lists(_ANY, max_size=8))
def test_products_and_differences_are_exact_whatever_the_magnitudes(left, right):
    count = min(len(left), len(right))
    a, b = column(left[:count]), column(right[:count])
    assert multiply(a, b).tolist() == [x * y for x, y in zip(left, right, strict=False)]
    assert multiply(a, b, 3).tolist() == [3 * x * y for x, y in zip(left, right, strict=False)]
    assert subtract(a, b).tolist() == [x - y for x, y in zip(left, right, strict=False)]


@given(st.lists(st.tuples(_ANY, _ANY.filter(lambda n: n > 0)), max_size=8),
       st.integers(0, 6))  # fmt: skip
def test_a_column_rounds_half_up_as_one_number_does(rows, places):
    """The column's rounding is perfeval.number's one rounding, row by row."""
    tops, belows = pairs(rows)
    found = half_up_units(tops, belows, places).tolist()
    assert found == [one_half_up_units(top, below, places) for top, below in rows]


def test_a_column_is_int64_only_where_every_value_has_room():
    assert column([1, 2**62 - 1]).dtype == numpy.int64
    assert column([1, 2**62]).dtype == object  # 63 bits: products could wrap
    assert column(numpy.array([-(2**63)], dtype=numpy.int64)).dtype == object
    assert column(numpy.array([7], dtype=numpy.int32)).dtype == numpy.int64
    assert column(numpy.array([2**64 - 1], dtype=numpy.uint64)).tolist() == [2**64 - 1]
    assert multiply(column([2**31 - 1]), column([2**31 - 1])).tolist() == [(2**31 - 1) ** 2]
    assert multiply(column([2**61]), 2).tolist() == [2**62]
    assert multiply(column([2**61]), 4).tolist() == [2**63]  # widened, not wrapped


@pytest.mark.parametrize(
    "values",
    [[1.5, 2], [Decimal("1.5")], [True], [None], numpy.array([1.5]), numpy.array([[1, 2]])],
)
def test_what_is_not_integers_is_refused_never_rounded(values):
    with pytest.raises(InvalidTypeError):
        column(values)


@pytest.mark.parametrize("below", [0, -1])
def test_a_denominator_of_zero_or_less_is_refused(below):
    with pytest.raises(InvalidNumberError, match="above 0"):
        pairs([(1, 2), (5, below)])
    with pytest.raises(InvalidNumberError):
        half_up_units(column([5]), column([below]))
    with pytest.raises(InvalidNumberError):
        exact_column((column([1]), column([below])))


def test_signed_puts_the_sign_on_the_numerator_and_refuses_zero():
    top, below = signed(column([3, -(2**70)]), column([-4, 5]))
    assert (top.tolist(), below.tolist()) == ([-3, -(2**70)], [4, 5])
    with pytest.raises(ZeroDivisionError):
        signed(column([1]), column([0]))


def test_an_exact_column_is_read_by_name_or_unpacked():
    value = pairs([(15, 2)])
    assert isinstance(value, Exact)
    assert value.numerators.tolist() == [15]
    numerators, denominators = value
    assert numerators is value.numerators
    assert denominators.tolist() == [2]
