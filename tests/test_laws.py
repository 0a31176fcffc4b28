"""perfeval.testing.laws: the laws hold for perfeval and catch deliberately wrong scorers."""

from decimal import Decimal

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from perfeval import MOF_2020, NATIONAL_GRADES, POLICIES, Indicator, Rule, Table, score_indicator
from perfeval.audit import audit
from perfeval.funds import FundBlock, FundRow
from perfeval.number import CONTEXT, quantize_half_up
from perfeval.targets import (
    Achievement,
    Comparison,
    Qualitative,
    parse_actual,
    parse_target,
)
from perfeval.testing import (
    LawViolation,
    check_agrees_with_perfeval,
    check_catches_fault,
    check_deadline,
    check_funds_score,
    check_funds_unit_invariance,
    check_grade_bands,
    check_judged_rows,
    check_met_scores_weight,
    check_missed_by_formula,
    check_monotone,
    check_negation_not_met,
    check_not_applicable,
    check_read_or_unreadable,
    check_row_order,
    check_score_within_weight,
    check_table_grade,
    check_time_limit_monotone,
    check_total_is_sum,
    check_tree,
    check_unit_invariance,
    perfeval_funds_scorer,
    perfeval_scorer,
    perfeval_table_grader,
    perfeval_table_scorer,
)
from perfeval.testing import strategies as pst

D = Decimal


#: Tables take a while to draw on a busy machine: that is not a failure.
SLOW = [HealthCheck.too_slow]
#: For tests that expect a law to fail: found the same way every run, not shrunk.
NO_SHRINK = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=SLOW,
    phases=(Phase.explicit, Phase.generate),
    report_multiple_bugs=False,
)
every_policy = st.sampled_from(list(POLICIES.values())) | pst.policies()
steps = st.decimals(min_value=0, max_value=1000, places=2)


@settings(max_examples=60)
@given(pst.indicators(kinds=pst.KINDS), every_policy)
def test_law_bounds_for_every_rule_and_policy(indicator, policy):
    check_score_within_weight(perfeval_scorer(policy), indicator, policy=policy, year=2023)


@settings(max_examples=60)
@given(st.data(), steps)
def test_law_monotone_for_every_policy(data, step):
    policy = data.draw(every_policy)
    indicator = data.draw(pst.indicators(kinds=("positive", "reverse", "equal"), policy=policy))
    check_monotone(perfeval_scorer(policy), indicator, step=step, policy=policy)


@settings(max_examples=40, deadline=None, suppress_health_check=SLOW)
@given(st.data())
def test_law_total_is_sum_for_every_policy(data):
    policy = data.draw(every_policy)
    table = data.draw(pst.tables(policy=policy))
    check_total_is_sum(perfeval_table_scorer(policy), table, policy=policy)


def test_total_law_holds_for_a_rescaled_table_with_a_not_applicable_row():
    """The old false alarm: "total 60.00 is not the sum of its rows, 30.00" under
    mof-2020-rescaled, where 30 of 50 available points is 60 of 100."""
    policy = POLICIES["mof-2020-rescaled"]
    table = Table(
        project="x", year=2023,
        funds=FundBlock(weight=10, total=FundRow(source="total", annual_budget=1, executed=1)),
        indicators=[
            Indicator(name="a", level2="数量指标", target="≥40", actual="20", weight="40"),
            Indicator(name="生态效益", level2="生态效益指标", target="无", weight="50"),
        ],
    )  # fmt: skip
    assert check_total_is_sum(perfeval_table_scorer(policy), table, policy=policy) == D("60.00")
    with pytest.raises(LawViolation, match="rescaled to 100 over 50"):
        check_total_is_sum(perfeval_table_scorer(MOF_2020), table, policy=policy)


@given(pst.totals(), pst.totals())
def test_law_grades(low, high):
    check_grade_bands(lambda total: NATIONAL_GRADES.grade(total).label, low, high)


def test_grade_law_holds_the_grader_to_the_declared_scale():
    """良 from 85 is monotone and includes each of its own lower bounds: only the declared
    scale shows it is wrong."""

    def good_from_85(total):
        return "优" if total >= 90 else "良" if total >= 85 else "中" if total >= 60 else "差"

    with pytest.raises(LawViolation, match="graded '中', the scale says '良'"):
        check_grade_bands(good_from_85, D(0), D(100))


@settings(max_examples=60, deadline=None, suppress_health_check=SLOW)
@given(st.data())
def test_perfeval_obeys_the_row_laws_under_every_policy(data):
    """perfeval's scorer against the rules as each policy declares them: not against
    itself."""
    policy = data.draw(every_policy)
    row = data.draw(pst.indicators(kinds=pst.KINDS, policy=policy))
    year = data.draw(st.sampled_from([2023, 2024]))
    for law in (check_met_scores_weight, check_missed_by_formula, check_judged_rows,
                check_deadline, check_score_within_weight):  # fmt: skip
        law(perfeval_scorer(policy), row, policy=policy, year=year)
    check_not_applicable(perfeval_scorer(policy), row, year=year)
    check_unit_invariance(perfeval_scorer(policy), row, year=year)


def test_agreement_law_fails_on_a_scorer_that_differs():
    half_even = perfeval_scorer()

    def scorer(row):
        score = half_even(row)
        return None if score is None else score + D("0.01")

    row = Indicator(name="x", level2="数量指标", target="≥80", actual="69", weight="10")
    with pytest.raises(LawViolation, match=r"perfeval gives 8\.63"):
        check_agrees_with_perfeval(scorer, row)


def inverted_reverse(indicator: Indicator):
    """Reverse targets scored with the ratio upside down: weight × actual / target."""
    result = score_indicator(indicator)
    missed = result.rule is Rule.REVERSE and result.achievement is Achievement.NOT_MET
    if missed and result.target_value:  # a zero target is scored 0 whichever way up
        return quantize_half_up(result.weight * result.actual_value / result.target_value)
    return result.score


def uncapped_positive(indicator: Indicator):
    result = score_indicator(indicator)
    return quantize_half_up(result.exact) if result.capped else result.score


def test_bounds_law_catches_an_uncapped_positive_rule():
    @NO_SHRINK
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
        scores = perfeval_table_scorer()(table)
        parts = [scores.funds, *scores.indicators]
        return parts, sum(p for p in parts[:-1] if p is not None)

    @NO_SHRINK
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

    with pytest.raises(LawViolation, match="the band 优 starts at 90, inclusive"):
        law()


def test_audit_law_catches_an_auditor_that_misses_totals():
    def lax(table):
        return [f for f in audit(table).findings if f.code != "total-mismatch"]

    @NO_SHRINK
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

    @settings(report_multiple_bugs=False, derandomize=True, database=None, max_examples=300)
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


# The laws one by one, each on a worked example it must catch -------------------------------


def test_formula_law_names_half_even_rounding():
    """≥80 against 69, weight 10: 10 × 69 / 80 = 8.625 → 8.63 half up, 8.62 half even."""
    row = Indicator(
        name="培训人次", level2="数量指标", target="≥80人次", actual="69人次", weight="10"
    )

    def half_even(row):
        return (D(10) * D(69) / D(80)).quantize(D("0.01"), rounding="ROUND_HALF_EVEN")

    check_missed_by_formula(perfeval_scorer(), row)
    with pytest.raises(LawViolation, match="half cent must round up"):
        check_missed_by_formula(half_even, row)


def test_met_law_catches_a_bound_sent_to_the_evaluator():
    row = Indicator(name="x", level2="数量指标", target="≥50个", actual="50个", weight="10")
    with pytest.raises(LawViolation, match="the rule gives 10"):
        check_met_scores_weight(lambda row: None, row)
    with pytest.raises(LawViolation, match="no score, but the rules compute one"):
        check_score_within_weight(lambda row: None, row, policy=MOF_2020)


def test_not_applicable_law_catches_a_zero():
    row = Indicator(name="生态效益", level2="生态效益指标", target="无", weight="5")
    check_not_applicable(perfeval_scorer(), row)
    with pytest.raises(LawViolation, match="not None"):
        check_not_applicable(lambda row: D(0), row)


def test_unit_law_catches_wan_yuan_read_as_yuan():
    """≤60万元 against 517900元 is met (51.79万元); read as 517900 万元 it is not."""
    row = Indicator(
        name="成本", level2="成本指标", target="≤60万元", actual="51.79万元", weight="10"
    )

    def raw_numbers(row):
        t, a = row.target.value, row.actual.value
        return row.weight if a <= t else (row.weight * t / a).quantize(D("0.01"))

    check_unit_invariance(perfeval_scorer(), row)
    with pytest.raises(LawViolation, match="another unit score differently"):
        check_unit_invariance(raw_numbers, row)


def test_deadline_law_counts_the_last_day_and_the_table_year():
    row = Indicator(name="完工", level2="时效指标", target="9月前", actual="2023年9月30日完成",
                    weight="10", score="6")  # fmt: skip
    check_deadline(perfeval_scorer(), row, year=2023)
    with pytest.raises(LawViolation, match="the rule gives 10"):
        check_deadline(lambda row: perfeval_scorer()(row, year=None), row, year=2023)
    late = attrs.evolve(row, actual=parse_actual("2023年10月1日完成"))
    check_deadline(perfeval_scorer(), late, year=2023)
    with pytest.raises(LawViolation, match="the rule gives 6"):
        check_deadline(lambda row: D(0), late, year=2023)


def test_judged_law_caps_the_evaluator_at_the_weight():
    row = Indicator(name="x", level2="社会效益指标", target="效果明显", actual="效果明显",
                    weight="5", score="6")  # fmt: skip
    check_judged_rows(perfeval_scorer(), row)
    with pytest.raises(LawViolation, match="the rule gives 5"):
        check_judged_rows(lambda row: row.score, row)


def test_funds_law_on_the_seed_and_over_budget():
    block = FundBlock(total=FundRow(source="total", annual_budget="60", executed="51.79"))
    assert check_funds_score(perfeval_funds_scorer(), block) == D("8.63")
    over = FundBlock(total=FundRow(source="total", annual_budget="50", executed="60"))
    check_funds_score(perfeval_funds_scorer("mof-2020-uncapped"), over,
                      policy="mof-2020-uncapped")  # fmt: skip
    with pytest.raises(LawViolation, match="capped at 10"):
        check_funds_score(perfeval_funds_scorer("mof-2020-uncapped"), over)
    with pytest.raises(LawViolation, match="the policy's funds weight"):
        check_funds_score(perfeval_funds_scorer(), block, policy="mof-2020-20-80")


def test_funds_unit_law_catches_amounts_read_without_their_unit():
    block = FundBlock(unit="元", total=FundRow(source="total", unit="元", annual_budget="600000",
                                              executed="517900"))  # fmt: skip

    def in_wan_yuan_always(block):  # reads 元 amounts as if they were 万元, capping at 1e4
        row = block.total
        return min(D(10), (D(10) * row.executed / 10**4 / 60).quantize(D("0.01")))

    check_funds_unit_invariance(perfeval_funds_scorer(), block)
    with pytest.raises(LawViolation, match="scores"):
        check_funds_unit_invariance(in_wan_yuan_always, block)


def test_table_grade_law_catches_a_grade_while_rows_are_missing():
    table = Table(
        project="x", year=2023,
        funds=FundBlock(weight=10, total=FundRow(source="total", annual_budget=1, executed=1)),
        indicators=[
            Indicator(name="a", level2="数量指标", target="≥1", actual="1", weight="80"),
            Indicator(name="b", level2="社会效益指标", target="效果明显", actual="效果明显",
                      weight="10"),
        ],
    )  # fmt: skip
    check_table_grade(perfeval_table_grader(), table)  # 90 to 100: 优 either way
    short = attrs.evolve(
        table,
        indicators=[
            attrs.evolve(table.indicators[0], weight="75"),
            attrs.evolve(table.indicators[1], weight="15"),
        ],
    )
    check_table_grade(perfeval_table_grader(), short)  # 85 to 100: no grade yet
    with pytest.raises(LawViolation, match="graded '良', the scale gives None"):
        check_table_grade(lambda t: "良", short)


def test_row_order_law_catches_a_scorer_that_reads_rows_by_place():
    table = Table(
        project="x", year=2023,
        indicators=[
            Indicator(name="a", level2="数量指标", target="≥10", actual="5", weight="40"),
            Indicator(name="b", level2="数量指标", target="≥10", actual="10", weight="60"),
        ],
    )  # fmt: skip

    def first_row_halved(table):
        scores = perfeval_table_scorer()(table)
        rows = list(scores.indicators)
        rows[0] = rows[0] / 2
        return rows, sum(rows)

    check_row_order(perfeval_table_scorer(), table, order=[1, 0])
    with pytest.raises(LawViolation, match="in the order"):
        check_row_order(first_row_halved, table, order=[1, 0])


# Explanations, formulas, grade labels and prints -------------------------------------------


def test_explanation_law_holds_for_perfeval_in_both_languages():
    from perfeval.testing import check_row_explained, perfeval_explainer

    row = Indicator(name="培训人次", level2="数量指标", target="≥50人次", actual="46人次",
                    weight=15)  # fmt: skip
    for locale in ("zh_CN", "en"):
        text = check_row_explained(perfeval_scorer(), perfeval_explainer(locale=locale), row)
        assert "13.80" in text
        assert "15 × 46 / 50" in text


def test_explanation_law_catches_an_explanation_that_disagrees_with_its_score():
    from perfeval.testing import check_row_explained

    row = Indicator(name="培训人次", level2="数量指标", target="≥50人次", actual="46.33人次",
                    weight=15)  # fmt: skip
    with pytest.raises(LawViolation, match=r"does not state 13\.90"):
        check_row_explained(perfeval_scorer(), lambda r: "score 13.899 (15 × 46.33 / 50)", row)


def test_explanation_law_asks_for_the_floor_of_a_floored_linear_formula():
    from perfeval.formulas import LinearReverse
    from perfeval.testing import check_row_explained, perfeval_explainer

    half = LinearReverse(floor=D("0.5"))
    floored = attrs.evolve(MOF_2020, id="half", reverse_form="half",
                           formulas={"reverse": {"half": half}})  # fmt: skip
    row = Indicator(name="成本", level2="成本指标", target="≤60万元", actual="150万元", weight=10)
    check_row_explained(perfeval_scorer(floored), perfeval_explainer(floored), row, policy=floored)
    national = "10 × max(0, 1 − (150 − 60) / 60) → 5"
    with pytest.raises(LawViolation, match="does not name the policy's formula"):
        check_row_explained(perfeval_scorer(floored), lambda r: national, row, policy=floored)


def test_funds_explanation_law_asks_for_the_sum_scored_where_the_total_is_blank():
    from perfeval.testing import check_funds_explained, perfeval_funds_explainer

    block = FundBlock(
        total=FundRow(source="total", annual_budget=60, executed=None),
        sources=[FundRow(source="current_year", annual_budget=40, executed="31.79"),
                 FundRow(source="carry_over", annual_budget=20, executed=20)],
    )  # fmt: skip
    scorer = perfeval_funds_scorer()
    text = check_funds_explained(scorer, perfeval_funds_explainer(locale="en"), block)
    assert "51.79" in text
    with pytest.raises(LawViolation, match=r"does not state 51\.79"):
        check_funds_explained(scorer, lambda b: "10 × 0 / 60: score 8.63", block)
    blank = FundBlock(total=FundRow(source="total", annual_budget=0, executed=5))
    with pytest.raises(LawViolation, match="undefined"):
        check_funds_explained(scorer, lambda b: "rate 0.00%, no score", blank)


def test_formula_law_tells_a_floor_from_none():
    from perfeval.formulas import FORMULAS, LinearReverse
    from perfeval.testing import check_formula_described

    class FloorUnsaid(LinearReverse):
        def describe(self, weight, target, actual):
            return LinearReverse().describe(weight, target, actual)

    linear = FORMULAS["reverse"]["linear"]
    args = (D(10), D(60), D(150))
    check_formula_described(LinearReverse(floor=D("0.5")), *args, others=[linear])
    with pytest.raises(LawViolation, match="describe both"):
        check_formula_described(FloorUnsaid(floor=D("0.5")), *args, others=[linear])


def test_formula_law_catches_a_description_without_its_numbers():
    from perfeval.formulas import Ratio
    from perfeval.testing import check_formula_described

    class Terse(Ratio):
        def describe(self, weight, target, actual):
            return "weight × actual / target"

    with pytest.raises(LawViolation, match="does not state"):
        check_formula_described(Terse(), D(15), D(50), D(46))


@settings(max_examples=40, database=None)
@given(pst.totals(policy="mof-2020"))
def test_grade_label_law_holds_for_the_national_scale(total):
    from perfeval.testing import check_grade_labels

    check_grade_labels(NATIONAL_GRADES, total, unknown="甲")


def test_grade_label_law_catches_a_label_read_as_another_band():
    from perfeval.grades import GradeScale
    from perfeval.testing import check_grade_labels

    class Lenient(GradeScale):  # reads every label it does not know as the top band
        def band(self, label):
            return super().band(label) or self.bands[0]

    lenient = Lenient(bands=NATIONAL_GRADES.bands)
    with pytest.raises(LawViolation, match="no grade"):
        check_grade_labels(lenient, D(95), unknown="甲")


def test_refusal_law_catches_a_setting_accepted_or_refused_with_a_foreign_error():
    from perfeval.testing import check_refused

    with pytest.raises(LawViolation, match="accepted"):
        check_refused(lambda: attrs.evolve(MOF_2020, id="x"), "id", "a policy")
    with pytest.raises(LawViolation, match="ZeroDivisionError"):
        check_refused(lambda: 1 / 0, "x", "a division")
    check_refused(lambda: attrs.evolve(MOF_2020, funds_weight=D(0)), "funds_weight", "weight")


@settings(max_examples=100, database=None)
@given(pst.reprinted_cells())
def test_reprint_law_holds_for_perfeval(cell):
    from perfeval.testing import check_reprint_read_alike, perfeval_reader

    plain, printed, target = cell
    check_reprint_read_alike(perfeval_reader, plain, printed, target=target)


def test_reprint_law_catches_a_reader_blind_to_chinese_numerals():
    from perfeval.targets import Unreadable
    from perfeval.testing import check_reprint_read_alike, perfeval_reader

    def ascii_only(text, target=False):
        if any(ch in "一二三四五六七八九十百千万" for ch in text):
            return Unreadable(text, "no digits", "无数字")
        return perfeval_reader(text, target=target)

    check_reprint_read_alike(ascii_only, "≥50个", "≥５０个")
    with pytest.raises(LawViolation, match="五十"):
        check_reprint_read_alike(ascii_only, "≥50个", "不少于五十个")


def test_column_law_reads_split_columns_as_one_cell_and_reports_a_number_under_qualitative():
    from perfeval.testing import (
        check_columns_read_as_cell,
        perfeval_column_reader,
        perfeval_reader,
    )

    check_columns_read_as_cell(perfeval_column_reader, perfeval_reader, "≤", "60", "万元")
    check_columns_read_as_cell(perfeval_column_reader, perfeval_reader, "定性", "95%")

    def run_together(direction, value, unit=None):
        return perfeval_reader(f"{value or ''}{unit or ''}", target=True)

    with pytest.raises(LawViolation, match="定性"):
        check_columns_read_as_cell(run_together, perfeval_reader, "定性", "95%")
    with pytest.raises(LawViolation, match="one cell"):
        check_columns_read_as_cell(run_together, perfeval_reader, "≤", "60", "万元")
