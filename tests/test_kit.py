"""The verification kit: strategies are valid by construction; the laws hold for perfeval
under every rule and policy, and catch deliberately wrong scorers."""

from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfeval import MOF_2020, NATIONAL_GRADES, POLICIES, Indicator, Rule, score_indicator
from perfeval.audit import audit
from perfeval.number import quantize_half_up
from perfeval.targets import Direction
from perfeval.testing import (
    LawViolation,
    check_agrees_with_perfeval,
    check_audit_clean,
    check_catches_fault,
    check_grade_bands,
    check_monotone,
    check_score_within_weight,
    check_total_is_sum,
    check_tree,
    perfeval_auditor,
    perfeval_scorer,
    perfeval_table_scorer,
)
from perfeval.testing import strategies as pst

D = Decimal
every_policy = st.sampled_from(list(POLICIES.values())) | pst.policies()
steps = st.decimals(min_value=0, max_value=1000, places=2)


# Strategies -----------------------------------------------------------------------------


@given(pst.tables())
def test_generated_tables_have_weights_adding_to_100(table):
    weights = [row.weight for row in table.indicators]
    assert sum(weights) + table.funds.weight == 100
    assert table.funds.discrepancies() == ()


@given(pst.printed_tables())
def test_printed_tables_audit_clean(table):
    check_audit_clean(perfeval_auditor(), table)


@pytest.mark.parametrize("fault", pst.FAULTS)
@given(data=st.data())
def test_faulty_tables_are_caught_where_planted(fault, data):
    table, where = data.draw(pst.faulty_tables(fault=fault))
    check_catches_fault(perfeval_auditor(), table, fault, where)


@given(pst.target_texts())
def test_target_texts_parse(text):
    from perfeval.targets import parse_target

    assert parse_target(text, year=2023).kind != "unreadable"


@given(pst.policies())
def test_generated_policies_are_valid(policy):
    assert policy.qualitative_partly_floor <= policy.qualitative_met_floor


# Laws hold for perfeval under every rule and policy ---------------------------------


@given(pst.indicators(), every_policy)
def test_law_bounds_for_every_rule_and_policy(indicator, policy):
    check_score_within_weight(perfeval_scorer(policy), indicator)


@given(pst.indicators(kinds=("positive", "reverse")), every_policy, steps)
def test_law_monotone_for_every_policy(indicator, policy, step):
    check_monotone(perfeval_scorer(policy), indicator, step=step, policy=policy)


@given(pst.tables(), every_policy)
def test_law_total_is_sum_for_every_policy(table, policy):
    check_total_is_sum(perfeval_table_scorer(policy), table)


@given(st.decimals(0, 100, places=3), st.decimals(0, 100, places=3))
def test_law_grades(low, high):
    check_grade_bands(lambda total: NATIONAL_GRADES.grade(total).label, low, high)


@given(pst.indicators(), every_policy)
def test_perfeval_agrees_with_itself(indicator, policy):
    check_agrees_with_perfeval(perfeval_scorer(policy), indicator, policy)


def test_every_rule_is_generated():
    """The strategies reach every computed rule the laws are checked on."""
    seen = set()

    @given(pst.indicators())
    def collect(indicator):
        seen.add(score_indicator(indicator).rule)

    collect()
    assert {Rule.POSITIVE, Rule.REVERSE, Rule.QUALITATIVE, Rule.DEADLINE} <= seen


# The laws catch wrong scorers ---------------------------------------------------------


def inverted_reverse(indicator: Indicator):
    """Reverse targets scored with the ratio upside down: weight × actual / target."""
    target, actual, weight = indicator.target, indicator.actual, indicator.weight
    if target.direction in (Direction.LE, Direction.LT) and actual.value > target.value:
        return quantize_half_up(weight * actual.value / target.value)
    return score_indicator(indicator).score


def uncapped_positive(indicator: Indicator):
    target, actual, weight = indicator.target, indicator.actual, indicator.weight
    if target.direction in (Direction.GE, Direction.GT):
        return quantize_half_up(weight * actual.value / target.value)
    return score_indicator(indicator).score


def test_bounds_law_catches_an_uncapped_positive_rule():
    @given(pst.indicators(kinds=("positive",)))
    def law(indicator):
        check_score_within_weight(uncapped_positive, indicator)

    with pytest.raises(LawViolation, match="exceeds the weight"):
        law()


def test_laws_catch_an_inverted_reverse_ratio():
    @settings(report_multiple_bugs=False)
    @given(pst.indicators(kinds=("reverse",)), steps)
    def law(indicator, step):
        check_score_within_weight(inverted_reverse, indicator)
        check_monotone(inverted_reverse, indicator, step=step)

    with pytest.raises(LawViolation):
        law()


def test_total_law_catches_a_total_that_drops_a_row():
    def drops_last_row(table):
        parts, _ = perfeval_table_scorer()(table)
        return parts, sum(p for p in parts[:-1] if p is not None)

    @given(pst.tables())
    def law(table):
        check_total_is_sum(drops_last_row, table)

    with pytest.raises(LawViolation, match="not the sum"):
        law()


def test_grade_law_catches_a_band_open_at_the_wrong_end():
    def wrong(total):
        return "优" if total > 90 else "良" if total > 80 else "中" if total > 60 else "差"

    @given(st.decimals(0, 100, places=2), st.decimals(0, 100, places=2))
    def law(low, high):
        check_grade_bands(wrong, low, high)

    with pytest.raises(LawViolation, match="lower bound"):
        law()


def test_audit_law_catches_an_auditor_that_misses_totals():
    def lax(table):
        return [f for f in audit(table).findings if f.code != "total-mismatch"]

    @given(pst.faulty_tables(fault="total-mismatch"))
    def law(planted):
        table, where = planted
        check_catches_fault(lax, table, "total-mismatch", where)

    with pytest.raises(LawViolation, match="missed"):
        law()


def test_agreement_law_names_the_difference():
    row = Indicator(name="x", level2="成本指标", target="≤60", actual="65", weight="10")
    linear = attrs.evolve(MOF_2020, reverse_form="linear")
    with pytest.raises(LawViolation, match=r"perfeval gives 9\.23"):
        check_agrees_with_perfeval(perfeval_scorer(linear), row)


# Department trees -------------------------------------------------------------------


@given(pst.evaluation_trees())
def test_law_tree_holds_for_perfeval(tree):
    from perfeval.department import score_node

    check_tree(score_node, tree)


def test_tree_law_catches_an_uncapped_band_scorer():
    from perfeval.department import Bands, NodeScore, score_node

    def uncapped(node):
        scored = score_node(node)
        if isinstance(node.rule, Bands) and node.rule.value is not None:
            points = next((p for lo, p in node.rule.bands if node.rule.value >= lo), D(0))
            return NodeScore(node=node, score=points, formula="uncapped")
        return scored

    @settings(report_multiple_bugs=False)
    @given(pst.evaluation_trees(max_depth=0, weight=3))
    def law(tree):
        check_tree(uncapped, tree)

    with pytest.raises(LawViolation, match="outside"):
        law()
