"""The verification kit's grammar laws: time limits score the right way, negations are
never met, and every phrase is read or reported unreadable; and the laws catch a parser
and a scorer that break them."""

from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfeval import Indicator, score_indicator
from perfeval.number import CONTEXT, quantize_half_up
from perfeval.targets import Achievement, Comparison, Qualitative, parse_actual, parse_target
from perfeval.testing import (
    LawViolation,
    check_monotone,
    check_negation_not_met,
    check_read_or_unreadable,
    check_time_limit_monotone,
    perfeval_scorer,
)
from perfeval.testing import strategies as pst

steps = st.decimals(min_value=0, max_value=100, places=1)


@settings(max_examples=60)
@given(pst.time_limit_indicators(), steps)
def test_law_more_time_never_scores_more(indicator, step):
    check_time_limit_monotone(perfeval_scorer(), indicator, step=step)
    check_monotone(perfeval_scorer(), indicator, step=step)


@settings(max_examples=60)
@given(pst.time_limit_texts())
def test_time_limits_read_as_upper_limits(text):
    reading = parse_target(text)
    assert isinstance(reading, Comparison)
    assert reading.time_limit
    assert reading.direction is not None
    assert reading.direction.reverse


@settings(max_examples=80)
@given(pst.negated_statements())
def test_law_negated_statements_are_never_met(text):
    check_negation_not_met(parse_actual, text)
    check_negation_not_met(parse_target, text)


@settings(max_examples=150)
@given(pst.phrases(), st.booleans())
def test_law_every_phrase_is_read_or_reported(text, as_target):
    check_read_or_unreadable(parse_target if as_target else parse_actual, text)


# The laws catch what they are for ---------------------------------------------------


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
    @given(pst.time_limit_indicators(), steps)
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
