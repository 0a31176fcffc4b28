"""perfeval.formulas: each scoring form's exact value and the text that explains it."""

import json
from decimal import ROUND_FLOOR, Decimal, localcontext
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfeval import MOF_2020, Indicator, score_indicator
from perfeval.errors import InvalidPolicyError
from perfeval.formulas import (
    InverseRatio,
    LinearReverse,
    Ratio,
    Symmetric,
    column_of,
    exact_ratio,
    formula_for,
    ratio_of,
)
from perfeval.integers import pairs
from perfeval.targets import Achievement, Comparison, Direction

D = Decimal


def test_linear_reverse_floors_at_zero_under_a_hostile_context():
    policy = attrs.evolve(MOF_2020, reverse_form="linear")
    row = Indicator(name="成本", level2="成本指标", target="≤58.3", actual="130", weight="10")
    with localcontext() as ctx:
        ctx.prec, ctx.rounding = 3, ROUND_FLOOR
        assert score_indicator(row, policy).score == D("0.00")


def test_linear_reverse_explanation_shows_its_floor():
    policy = attrs.evolve(MOF_2020, reverse_form="linear")
    row = Indicator(name="成本", level2="成本指标", target="≤60", actual="150", weight="10")
    result = score_indicator(row, policy)
    assert result.score == D("0.00")
    assert result.formula == "10 × max(0, 1 − (150 − 60) / 60) = 0.0000 → 0.00"


def test_symmetric_row_with_target_zero_explains_itself():
    policy = attrs.evolve(MOF_2020, equal_form="symmetric")
    row = Indicator(name="x", target="=0", actual="3", weight="10", score="5")
    result = score_indicator(row, policy)
    assert result.formula
    assert "0" in result.formula
    assert result.explain("en")
    assert result.explain("zh_CN")
    assert json.dumps(result.formula)


def _half_up(value: Fraction) -> Decimal:
    scaled = value * 100
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    return D(whole + (1 if 2 * rest >= scaled.denominator else 0)) / 100


values = st.decimals(min_value=D("0.01"), max_value=1000, places=2)
weights = st.decimals(min_value=D("0.01"), max_value=30, places=2)


@given(
    direction=st.sampled_from([Direction.GE, Direction.LE, Direction.EQ]),
    target=values,
    actual=values,
    weight=weights,
    form=st.sampled_from(["ratio", "linear"]),
    symmetric=st.booleans(),
)
def test_every_computed_score_is_the_exact_value_rounded_half_up_once(
    direction, target, actual, weight, form, symmetric
):
    policy = attrs.evolve(
        MOF_2020, reverse_form=form, equal_form="symmetric" if symmetric else "positive"
    )
    row = Indicator(name="x", target=Comparison(direction, target), actual=str(actual),
                    weight=weight)  # fmt: skip
    result = score_indicator(row, policy)
    if result.judged or result.achievement is Achievement.MET:
        return
    w, t, a = Fraction(weight), Fraction(target), Fraction(actual)
    if result.form == "ratio" and direction is not Direction.LE:
        exact = w * a / t
    elif result.form == "ratio":
        exact = w * t / a
    elif result.form == "linear":
        exact = max(Fraction(0), w * (1 - (a - t) / t))
    else:
        exact = max(Fraction(0), w * (1 - abs(a - t) / t))
    assert result.score == _half_up(min(exact, w))


_NUMBERS = st.decimals(min_value=-10_000, max_value=10_000, places=3, allow_nan=False)
_FORMS = (Ratio(), InverseRatio(), LinearReverse(), LinearReverse(D("0.5")), Symmetric())


def _by_fractions(formula: object, w: Decimal, t: Decimal, a: Decimal) -> Fraction:
    """Each form as written in its docstring, with fractions."""
    f, W, T, A = Fraction, Fraction(w), Fraction(t), Fraction(a)
    if isinstance(formula, Ratio):
        return W * A / T
    if isinstance(formula, InverseRatio):
        return W * T / A
    if isinstance(formula, LinearReverse):
        return max(W * f(formula.floor), W * (2 * T - A) / T)
    return max(f(0), W * (T - abs(A - T)) / T)


@given(st.sampled_from(_FORMS), _NUMBERS, _NUMBERS, _NUMBERS)
def test_every_form_is_its_fraction_formula_for_any_signs(formula, w, t, a):
    try:
        expected = _by_fractions(formula, w, t, a)
    except ZeroDivisionError:
        with pytest.raises(ZeroDivisionError):
            formula.value(w, t, a)
        return
    assert formula.value(w, t, a) == expected
    top, below = exact_ratio(formula, w, t, a)
    assert below > 0
    assert Fraction(top, below) == expected
    assert (top, below) == (expected.numerator, expected.denominator)


class _Halved(Ratio):
    """A formula of one's own: computed through value(), row by row."""

    def value(self, weight: Decimal, target: Decimal, actual: Decimal) -> Fraction:
        return super().value(weight, target, actual) / 2


_POSITIVE = st.decimals(min_value=D("0.01"), max_value=10**6, places=3)
# numbers whose products pass 64 bits: computed on Python integers
_WIDE = st.decimals(min_value=10**12, max_value=10**18, places=8)


@given(
    st.sampled_from([*_FORMS, _Halved()]),
    st.lists(st.tuples(_POSITIVE | _WIDE, _POSITIVE | _WIDE, _NUMBERS | _WIDE), max_size=12),
)
def test_a_column_of_rows_is_each_row_computed_alone(formula, rows):
    """column_of(formula) gives, for every row, the integers ratio_of gives for it."""
    weights, targets, actuals = (
        pairs([row[i].as_integer_ratio() for row in rows]) for i in range(3)
    )
    one = ratio_of(formula)
    expected = []
    for w, t, a in rows:
        try:
            expected.append(one(w, t, a))
        except ZeroDivisionError:
            with pytest.raises(ZeroDivisionError):
                column_of(formula)(weights, targets, actuals)
            return
    tops, belows = column_of(formula)(weights, targets, actuals)
    assert [(int(n), int(d)) for n, d in zip(tops, belows, strict=True)] == expected


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: formula_for(["positive"], "ratio"), "role"),
        (lambda: formula_for("sideways", "ratio"), "role"),
        (lambda: formula_for("positive", ["ratio"]), "positive_form"),
        (lambda: LinearReverse(floor=0.2), "floor"),
        (lambda: LinearReverse(floor=D("NaN")), "floor"),
    ],
)
def test_a_wrong_formula_role_id_or_floor_is_refused_naming_it(call, field):
    with pytest.raises(InvalidPolicyError) as caught:
        call()
    assert caught.value.field == field


def test_the_built_in_formulas_are_still_found():
    assert formula_for("positive", "ratio") == Ratio()
    assert LinearReverse(floor=D("0.2")).floor == D("0.2")


@given(st.decimals(places=6, min_value=-(10**9), max_value=10**9))
def test_a_column_gives_a_formula_of_your_own_the_decimal_each_pair_stands_for(value):
    from perfeval.formulas import _decimal_of

    assert _decimal_of(value.as_integer_ratio()) == value


def test_a_pair_that_is_no_decimal_number_is_refused():
    from perfeval.formulas import _decimal_of

    with pytest.raises(ValueError, match="1/3"):
        _decimal_of((1, 3))
    with pytest.raises(ValueError, match="not a decimal number"):
        _decimal_of((1, 0))
