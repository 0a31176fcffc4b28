"""perfeval.testing.laws: the laws hold for perfeval and catch deliberately wrong scorers."""

from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfeval import MOF_2020, NATIONAL_GRADES, POLICIES, Indicator, score_indicator
from perfeval.audit import audit
from perfeval.number import CONTEXT, quantize_half_up
from perfeval.targets import (
    Achievement,
    Comparison,
    Direction,
    Qualitative,
    parse_actual,
    parse_target,
)
from perfeval.testing import (
    LawViolation,
    check_agrees_with_perfeval,
    check_catches_fault,
    check_grade_bands,
    check_monotone,
    check_negation_not_met,
    check_read_or_unreadable,
    check_score_within_weight,
    check_time_limit_monotone,
    check_total_is_sum,
    check_tree,
    perfeval_scorer,
    perfeval_table_scorer,
)
from perfeval.testing import strategies as pst

D = Decimal


every_policy = st.sampled_from(list(POLICIES.values())) | pst.policies()
steps = st.decimals(min_value=0, max_value=1000, places=2)


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


day_steps = st.decimals(min_value=0, max_value=100, places=1)


@settings(max_examples=60)
@given(pst.time_limit_indicators(), day_steps)
def test_law_more_time_never_scores_more(indicator, step):
    check_time_limit_monotone(perfeval_scorer(), indicator, step=step)
    check_monotone(perfeval_scorer(), indicator, step=step)


@settings(max_examples=80)
@given(pst.negated_statements())
def test_law_negated_statements_are_never_met(text):
    check_negation_not_met(parse_actual, text)
    check_negation_not_met(parse_target, text)


@settings(max_examples=150)
@given(pst.phrases(), st.booleans())
def test_law_every_phrase_is_read_or_reported(text, as_target):
    check_read_or_unreadable(parse_target if as_target else parse_actual, text)


def limit_as_quantity(indicator: Indicator):
    """The old misreading: a time limit scored as a quantity to reach."""
    target, actual = indicator.target, indicator.actual
    if isinstance(target, Comparison) and target.time_limit and isinstance(actual, Comparison):
        if actual.value >= target.value:
            return indicator.weight
        ratio = CONTEXT.divide(actual.value, target.value)
        return quantize_half_up(CONTEXT.multiply(indicator.weight, ratio))
    return score_indicator(indicator).score


def test_time_limit_law_catches_a_limit_read_as_a_quantity():
    @settings(report_multiple_bugs=False, max_examples=100)
    @given(pst.time_limit_indicators(), day_steps)
    def law(indicator, step):
        check_time_limit_monotone(limit_as_quantity, indicator, step=step)

    with pytest.raises(LawViolation, match="raised the score"):
        law()


def test_negation_law_catches_a_parser_that_ignores_negation():
    def naive(text: str):
        reading = parse_actual(text)
        if isinstance(reading, Qualitative) and reading.achievement is Achievement.NOT_MET:
            return attrs.evolve(reading, achievement=Achievement.MET)  # 效果不好: "好"
        return reading

    with pytest.raises(LawViolation, match="read as met"):
        check_negation_not_met(naive, "效果不好")


def test_phrase_law_catches_a_parser_that_drops_text():
    def dropping(text: str):
        reading = parse_actual(text)
        return attrs.evolve(reading, text="")

    with pytest.raises(LawViolation, match="keeps"):
        check_read_or_unreadable(dropping, "30天内完成")


def test_phrase_law_catches_a_phrase_read_as_blank():
    from perfeval.targets import Blank

    with pytest.raises(LawViolation, match="dropped"):
        check_read_or_unreadable(lambda text: Blank(text), "效果明显")


def test_time_limit_law_holds_on_the_issue_example():
    row = Indicator(name="办结时限", level2="时效指标", target="30天内完成",
                    actual="10天内完成", weight="10")  # fmt: skip
    check_time_limit_monotone(perfeval_scorer(), row, step=Decimal(35))
    assert score_indicator(row).score == Decimal(10)
    slower = attrs.evolve(row, actual=parse_actual("45天内完成"))
    assert score_indicator(slower).score == Decimal("6.67")  # 10 × 30 / 45
