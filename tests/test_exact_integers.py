"""Formulas compute their exact values with integers: the same values, the same errors,
and every formula of a policy's own still counts by its ``value()``."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfeval import Indicator, LimitError
from perfeval.audit import audit
from perfeval.document import parse_json, parse_toml
from perfeval.formulas import (
    InverseRatio,
    LinearReverse,
    Ratio,
    Symmetric,
    exact_ratio,
    register_formula,
)
from perfeval.funds import FundBlock, FundRow
from perfeval.number import half_up, ratio_half_up
from perfeval.policy import MOF_2020, Policy
from perfeval.scoring import decide_row, score_indicator
from perfeval.table import Table

D = Decimal
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


@given(st.integers(-(10**12), 10**12), st.integers(1, 10**9), st.integers(0, 6))
def test_half_up_rounds_the_ratio_once_away_from_zero(top, below, places):
    exact = Fraction(top, below) * 10**places
    whole = abs(exact.numerator) // exact.denominator
    if 2 * (abs(exact.numerator) % exact.denominator) >= exact.denominator:
        whole += 1
    expected = D(whole if exact >= 0 else -whole).scaleb(-places)
    assert half_up(top, below, places) == expected
    assert ratio_half_up(D(top), D(below), places) == expected


@attrs.frozen
class _Half(Ratio):
    """A region's form derived from the ratio, changing only its value."""

    def value(self, weight: Decimal, target: Decimal, actual: Decimal) -> Fraction:
        return super().value(weight, target, actual) / 2


@attrs.frozen
class _Scaled:
    """A formula of one's own with a field named ratio."""

    ratio: Decimal = D("0.9")

    def value(self, weight: Decimal, target: Decimal, actual: Decimal) -> Fraction:
        return Fraction(weight) * Fraction(actual) / Fraction(target) * Fraction(self.ratio)

    def describe(self, weight: Decimal, target: Decimal, actual: Decimal) -> str:
        return f"{weight} × {actual} / {target} × {self.ratio}"


@pytest.mark.parametrize(("formula", "score"), [(_Half(), "4.00"), (_Scaled(), "7.20")])
def test_a_policy_formula_of_ones_own_is_scored_by_its_own_value(formula, score):
    form_id = f"test-{type(formula).__name__.lower()}"
    policy = Policy(
        id=f"{form_id}-policy", positive_form=form_id, formulas={"positive": {form_id: formula}}
    )
    row = Indicator(name="x", target="≥100", actual="80", weight="10")
    assert score_indicator(row, policy).score == D(score)


def test_a_formula_given_to_the_deprecated_registry_is_kept_by_the_policy_naming_it():
    formula = _Half()
    with pytest.warns(DeprecationWarning, match="register_formula"):
        register_formula("positive", "test-deprecated-half", formula)
    policy = Policy(id="deprecated", positive_form="test-deprecated-half")
    assert policy.formula("positive") is formula
    assert [entry.id for entry in policy.formulas] == ["test-deprecated-half"]


def test_a_row_named_none_with_a_weight_given_is_not_applicable():
    row = Indicator(name="无", target="≥90", actual="80")
    explained = score_indicator(row, MOF_2020, weight=D(10))
    decision = decide_row(row, MOF_2020, weight=D(10))
    assert explained.rule.value == "not-applicable"
    assert (decision.applies, decision.weight, decision.score) == (False, None, None)
    assert decision.explained == explained


@pytest.mark.parametrize("fmt", ["json", "toml"])
@pytest.mark.parametrize("padding", [0, 30_000])
def test_an_integer_beyond_max_digits_is_refused_however_long_the_document(fmt, padding):
    data = {"a": 10**100 - 1, "note": "x" * padding}
    if fmt == "json":
        text = json.dumps(data)
        with pytest.raises(LimitError, match="max_digits"):
            parse_json(text)
    else:
        text = f'note = "{"x" * padding}"\na = {10**100 - 1}\n'
        with pytest.raises(LimitError, match="max_digits"):
            parse_toml(text)


def test_a_missing_note_on_a_zero_score_quotes_the_score_as_computed():
    table = Table(
        project="x",
        funds=FundBlock(total=FundRow(source="total", annual_budget="10", executed="10")),
        indicators=[
            Indicator(name="a", target="≥100", actual="0", weight="90", score="0.00"),
        ],
    )
    found = [f for f in audit(table).findings if f.code == "missing-deviation-note"]
    assert [(f.printed, f.computed) for f in found] == [("0.00", "90")]


@given(
    st.sampled_from(["无", "", "  ", "—", "指标", "无 "]),
    st.sampled_from(["无", "不适用", "", "-", "≥90", "效果明显", "按时完成", "80%-90%"]),
    st.sampled_from(["", "80", "无", "-"]),
    st.one_of(st.none(), st.sampled_from([D(0), D("0.00"), D(5), D("0.5")])),
    st.one_of(st.none(), st.sampled_from([D(0), D(3)])),
)
def test_a_plainly_applicable_row_is_neither_not_applicable_nor_cut_off(
    name, target, actual, weight, score
):
    row = Indicator(name=name, target=target, actual=actual, weight=weight, score=score)
    if row.plainly_applicable:
        assert not row.not_applicable
        assert not row.cut_off
    elif row.weight is not None and not row.weight.is_zero():
        assert row.target.kind == "not_applicable"
