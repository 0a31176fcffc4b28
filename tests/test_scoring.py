"""perfeval.scoring: indicator rules on pairs scored by hand, explanations, settings, laws."""

import re
from decimal import ROUND_FLOOR, Decimal, localcontext
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfeval import MOF_2020, POLICIES, FundBlock, FundRow, Table, score_table
from perfeval.errors import InvalidAmountError, InvalidNumberError
from perfeval.indicators import Indicator
from perfeval.integers import pairs as exact_pairs
from perfeval.scoring import Rule, decide_row, score_indicator, settle_missed, settle_missed_column
from perfeval.scoring import Test as MetTest
from perfeval.seed import seed_tables
from perfeval.targets import Achievement, Band, Comparison, Direction, unit_of

D = Decimal

# (target, actual, level-2 group, weight, printed score, rule, expected score, codes)
# Every expected score is worked by hand from the national rules of DOMAIN.md.
PAIRS = [
    ("≥50个", "50个", "数量指标", "15", None, "positive", "15", ()),
    ("≥50个", "46个", "数量指标", "15", None, "positive", "13.80", ()),  # 15×46/50
    ("≥50个", "60个", "数量指标", "10", None, "positive", "10", ()),
    ("200", "535", "数量指标", "15", "15", "positive", "15", ()),  # seed 2-3, capped
    ("6项", "6项", "数量指标", "15", "15", "positive", "15", ()),  # seed 2-1
    ("6项", "5项", "数量指标", "15", None, "positive", "12.50", ()),  # 15×5/6
    ("100%", "100%", "质量指标", "10", "10", "positive", "10", ()),
    ("100%", "98%", "质量指标", "10", None, "positive", "9.80", ()),
    ("100%", "100", "质量指标", "10", None, "positive", "10", ()),  # bare actual in %
    ("≥90%", "≥95%", "服务对象满意度指标", "10", "10", "positive", "10", ()),  # seed
    ("≥90%", "85%", "服务对象满意度指标", "10", None, "positive", "9.44", ()),  # 10×85/90
    ("≥95%", "92.5%", "质量指标", "10", None, "positive", "9.74", ()),  # 9.7368…
    ("大于等于90%", "91%", "满意度", "10", None, "positive", "10", ()),
    ("不低于95％", "95%", "质量", "5", None, "positive", "5", ()),
    ("不少于1,000人次", "1,200人次", "数量", "10", None, "positive", "10", ()),
    ("不少于1,000人次", "800人次", "数量", "10", None, "positive", "8.00", ()),
    ("＞80", "81", "质量", "5", None, "positive", "5", ()),
    (">=3", "2", "数量", "6", None, "positive", "4.00", ()),  # 6×2/3
    ("95%以上", "96%", "质量", "10", None, "positive", "10", ()),
    ("≥20户", "18户", "数量", "10", None, "positive", "9.00", ()),
    ("≥80%", "0%", "质量", "10", None, "positive", "0.00", ()),
    ("１２３个", "１２３个", "数量", "5", None, "positive", "5", ()),
    ("≥1公里", "800米", "数量", "10", None, "positive", "8.00", ()),  # 0.8 km
    ("≥266米", "≥266米", "数量", "5", None, "positive", "5", ()),
    ("达到100%", "100%", "质量", "10", None, "positive", "10", ()),
    ("≤62.34", "46.78", "成本指标", "10", "10", "reverse", "10", ()),  # seed 2-1
    ("≤60", "51.79", "成本指标", "10", "10", "reverse", "10", ()),  # seed 2-3
    ("≤10", "7.49", "成本指标", "10", "10", "reverse", "10", ()),  # seed 2-2
    ("≤60万元", "65万元", "成本指标", "10", None, "reverse", "9.23", ()),  # 10×60/65
    ("60", "65", "成本指标", "10", None, "reverse", "9.23", ()),  # direction from 成本
    ("60", "65", "成本", "10", None, "reverse", "9.23", ()),
    ("≤60万元", "600000元", "成本指标", "10", None, "reverse", "10", ()),
    ("≤60万元", "650000元", "成本指标", "10", None, "reverse", "9.23", ()),
    ("不超过100万元", "1.2亿元", "成本指标", "10", None, "reverse", "0.08", ()),  # 10×100/12000
    ("10万元以内", "9.5万元", "成本指标", "5", None, "reverse", "5", ()),
    ("小于等于5天", "6天", "时效指标", "10", None, "reverse", "8.33", ()),  # 10×5/6
    ("＜3次", "2次", "质量指标", "5", None, "reverse", "5", ()),
    ("≤0.5亿元", "4000万元", "成本指标", "10", None, "reverse", "10", ()),
    ("不高于5%", "4%", "质量指标", "5", None, "reverse", "5", ()),
    ("≤5%", "8%", "质量指标", "10", None, "reverse", "6.25", ()),  # 10×5/8
    ("300元/人*月", "300元/人*月", "成本指标", "5", None, "reverse", "5", ()),
    ("=100%", "100%", "质量指标", "10", None, "equal", "10", ()),
    ("=100%", "90%", "质量指标", "10", None, "equal", "9.00", ()),  # as positive
    ("等于12次", "12次", "数量指标", "6", None, "equal", "6", ()),
    ("效果明显", "效果明显", "经济效益指标", "10", "10", "qualitative", "10", ()),
    (
        "效果明显",
        "效果明显",
        "生态效益指标",
        "5",
        "3",
        "qualitative",
        "3",
        ("qualitative-score-out-of-tier",),
    ),  # seed 2-2
    ("效果明显", "达成预期指标", "社会效益指标", "10", "9", "qualitative", "9", ()),
    ("显著提升", "部分达成", "社会效益指标", "10", "7", "qualitative", "7", ()),
    ("显著提升", "未达成", "社会效益指标", "10", "3", "qualitative", "3", ()),
    ("合规", "合规", "质量指标", "5", "5", "qualitative", "5", ()),
    ("符合相关规定", "基本符合", "质量指标", "10", "7", "qualitative", "7", ()),
    ("及时", "及时", "时效指标", "5", "5", "qualitative", "5", ()),
    (
        "效果明显",
        "效果不明显",
        "经济效益",
        "10",
        "8",
        "qualitative",
        "8",
        ("qualitative-score-out-of-tier",),
    ),
    (
        "效果明显",
        "效果明显",
        "可持续影响指标",
        "10",
        None,
        "qualitative",
        None,
        ("missing-value",),
    ),  # seed 2-1's lost cell
    ("100%", "达成预期指标", "质量指标", "10", "10", "qualitative", "10", ()),
    ("≥90%", "部分达成", "满意度", "10", "7", "qualitative", "7", ()),
    ("2023年12月之前完成", "2023年12月之前完成", "时效指标", "15", "15", "deadline", "15", ()),
    ("12月底前", "2023年11月完成", "时效指标", "10", None, "deadline", "10", ()),
    ("9月前", "2023年10月完成", "时效指标", "10", "6", "deadline", "6", ()),
    ("2021年12月完成", "2021年12月完成", "时效指标", "10", None, "deadline", "10", ()),
    ("在项目计划完成时间内完成", "按时完成", "时效指标", "10", None, "deadline", "10", ()),
    ("按时完成", "已完成", "时效指标", "10", None, "deadline", "10", ()),
    ("按时完成", "延期完成", "时效指标", "10", "5", "deadline", "5", ()),
    ("2023年12月31日前", "2023年12月20日", "时效指标", "5", None, "deadline", "5", ()),
    ("≥50个", "50万元", "数量指标", "5", "3", "judged", "3", ("unit-mismatch",)),
    ("-", "-", "数量指标", "10", "10", "judged", "10", ("missing-value",)),
    ("≥50个", "", "数量指标", "10", None, "judged", None, ("missing-value", "missing-value")),
    ("≥90%", "一", "满意度", "10", "10", "judged", "10", ("missing-value",)),
    ("约1到2项", "2项", "数量指标", "10", "10", "judged", "10", ("unparseable-value",)),
    ("无", "", "生态效益指标", None, None, "not-applicable", None, ()),
]


@pytest.mark.parametrize(
    ("target", "actual", "level2", "weight", "printed", "rule", "expected", "codes"), PAIRS
)
def test_realistic_pairs(target, actual, level2, weight, printed, rule, expected, codes):
    row = Indicator(
        name="指标", level2=level2, target=target, actual=actual, weight=weight, score=printed
    )
    result = score_indicator(row, year=2023)
    assert result.rule == Rule(rule)
    assert result.score == (None if expected is None else D(expected))
    if expected is not None:
        assert str(result.score) == expected  # the scale too: "13.80", "15"
    assert tuple(problem.code for problem in result.problems) == codes


def test_there_are_at_least_sixty_pairs():
    assert len(PAIRS) >= 60


def test_linear_reverse_form():
    """10 × (1 − (65 − 60) / 60) = 9.1666… → 9.17 (the ratio form gives 9.23)."""
    policy = attrs.evolve(MOF_2020, reverse_form="linear")
    row = Indicator(name="成本", level2="成本指标", target="≤60", actual="65", weight="10")
    assert score_indicator(row, policy).score == D("9.17")


def test_linear_reverse_floors_at_zero():
    policy = attrs.evolve(MOF_2020, reverse_form="linear")
    row = Indicator(name="成本", level2="成本指标", target="≤60", actual="200", weight="10")
    assert score_indicator(row, policy).score == D("0.00")


def test_symmetric_equal_form():
    """10 × (1 − |110 − 100| / 100) = 9.00: over and under the target both lose."""
    policy = attrs.evolve(MOF_2020, equal_form="symmetric")
    over = Indicator(name="x", target="=100", actual="110", weight="10")
    under = Indicator(name="x", target="=100", actual="90", weight="10")
    assert score_indicator(over, policy).score == D("9.00")
    assert score_indicator(under, policy).score == D("9.00")
    assert score_indicator(over).score == D(10)  # positive by default


def test_strict_operator_setting():
    row = Indicator(name="x", target=">80%", actual="80%", weight="5", score="4")
    assert score_indicator(row).score == D(5)  # inclusive by default
    strict = score_indicator(row, attrs.evolve(MOF_2020, strict_operators="strict"))
    assert strict.achievement is Achievement.NOT_MET
    assert strict.score == D(4)  # the judged deduction
    assert strict.judged


def test_reverse_groups_are_a_setting():
    row = Indicator(name="x", level2="时效指标", target="5", actual="6", weight="10")
    assert score_indicator(row).rule is Rule.POSITIVE
    policy = attrs.evolve(MOF_2020, reverse_level2=frozenset({"cost", "timeliness"}))
    assert score_indicator(row, policy).rule is Rule.REVERSE
    assert score_indicator(row, policy).score == D("8.33")


@pytest.mark.parametrize("group", ["产出成本", "经济成本指标", "社会成本指标", "生态环境成本指标"])
def test_a_bare_target_under_any_cost_name_is_an_upper_limit(group):
    """A cost of 70 against a bare cost target of 63 loses points (10 × 63 / 70 = 9.00);
    63 against 70 is met."""
    over = Indicator(name="x", level1="成本指标", level2=group, target="63", actual="70",
                     weight="10")  # fmt: skip
    result = score_indicator(over)
    assert (result.rule, result.score, result.direction_from) == (Rule.REVERSE, D("9.00"), "level2")
    under = attrs.evolve(over, target="70", actual="63")
    assert score_indicator(under).score == D(10)
    table = Table(project="p", indicators=[over])
    from perfeval.audit import audit

    assert "unknown-group" not in audit(table).codes()


def test_fifty_percent_tier_boundary():
    row = Indicator(name="x", target="效果明显", actual="部分达成", weight="10", score="5.5")
    assert [p.code for p in score_indicator(row).problems] == ["qualitative-score-out-of-tier"]
    assert score_indicator(row, POLICIES["mof-2020-tier50"]).problems == ()


def test_over_achievement_flag_follows_the_threshold():
    row = Indicator(name="x", target="≥100", actual="130", weight="10")
    assert score_indicator(row).over_achieved
    assert not score_indicator(
        row, attrs.evolve(MOF_2020, over_achievement_threshold=D("1.5"))
    ).over_achieved


def test_judged_score_above_weight_is_capped_and_reported():
    row = Indicator(name="x", target="效果明显", actual="效果明显", weight="10", score="12")
    result = score_indicator(row)
    assert result.score == D(10)
    assert "score-exceeds-weight" in [p.code for p in result.problems]
    finding = next(p for p in result.problems if p.code == "score-exceeds-weight")
    assert finding.where == "score"
    assert finding.printed == "12"


def test_zero_weight_on_an_applicable_row_is_reported():
    row = Indicator(name="x", target="≥5个", actual="5个", weight="0")
    result = score_indicator(row)
    assert result.score is None
    assert [(p.code, p.where) for p in result.problems] == [("invalid-weight", "weight")]


def test_negative_weight_is_refused_naming_row_field_value():
    with pytest.raises(InvalidAmountError) as caught:
        Indicator(name="信访接待人数", target="200", actual="535", weight="-15")
    assert caught.value.row == "信访接待人数"
    assert caught.value.field == "weight"
    assert "-15" in str(caught.value)


def test_unit_mismatch_is_located_on_the_actual():
    row = Indicator(name="x", target="≥50个", actual="50万元", weight="5")
    (problem,) = score_indicator(row).problems[:1]
    assert (problem.code, problem.where) == ("unit-mismatch", "actual")
    assert "50万元" in problem.message
    assert "50万元" in problem.message_zh


def test_every_score_explains_itself_in_both_locales():
    for target, actual, level2, weight, printed, *_ in PAIRS:
        row = Indicator(
            name="x", level2=level2, target=target, actual=actual, weight=weight, score=printed
        )
        result = score_indicator(row, year=2023)
        zh, en = result.explain("zh_CN"), result.explain("en")
        assert zh != en
        assert result.formula in zh
        assert result.formula in en


def test_explanation_of_a_shortfall_shows_the_formula():
    row = Indicator(name="x", level2="数量指标", target="≥50个", actual="46个", weight="15")
    result = score_indicator(row)
    assert result.formula == "15 × 46 / 50 = 13.8000 → 13.80"
    assert "四舍五入" in result.explain("zh_CN")
    assert "rounded half up" in result.explain("en")


# Properties -------------------------------------------------------------------------

values = st.decimals(min_value=0, max_value=10**6, places=2)
weights = st.decimals(min_value=D("0.5"), max_value=50, places=1)
units = st.sampled_from([None, "个", "%", "万元"])
policies = st.sampled_from(
    [
        *POLICIES.values(),
        attrs.evolve(MOF_2020, equal_form="symmetric", strict_operators="strict"),
        attrs.evolve(MOF_2020, reverse_form="linear", strict_operators="strict"),
    ]
)


def quantitative(direction, target, actual, weight, unit=None, score=None):
    return Indicator(
        name="x",
        target=Comparison(direction, target, unit_of(unit)),
        actual=Comparison(None, actual, unit_of(unit)),
        weight=weight,
        score=score,
    )


@given(
    direction=st.sampled_from([*Direction, None]),
    target=values,
    actual=values,
    weight=weights,
    unit=units,
    policy=policies,
    printed=st.none() | values,
)
def test_score_is_between_zero_and_weight(direction, target, actual, weight, unit, policy, printed):
    result = score_indicator(quantitative(direction, target, actual, weight, unit, printed), policy)
    assert result.score is None or 0 <= result.score <= weight


@given(
    tier_text=st.sampled_from(["效果明显", "部分达成", "未达成", "详见附件"]),
    weight=weights,
    printed=st.none() | values,
    policy=policies,
)
def test_qualitative_score_is_between_zero_and_weight(tier_text, weight, printed, policy):
    row = Indicator(name="x", target="效果明显", actual=tier_text, weight=weight, score=printed)
    result = score_indicator(row, policy)
    assert result.score is None or 0 <= result.score <= weight


@given(
    direction=st.sampled_from([Direction.GE, Direction.GT, Direction.EQ]),
    target=values,
    low=values,
    extra=values,
    weight=weights,
)
def test_positive_scores_never_fall_as_the_actual_grows(direction, target, low, extra, weight):
    a = score_indicator(quantitative(direction, target, low, weight)).score
    b = score_indicator(quantitative(direction, target, low + extra, weight)).score
    assert b >= a


@given(
    direction=st.sampled_from([Direction.LE, Direction.LT]),
    target=values,
    low=values,
    extra=values,
    weight=weights,
    form=st.sampled_from(["ratio", "linear"]),
)
def test_reverse_scores_never_rise_as_the_actual_grows(direction, target, low, extra, weight, form):
    policy = attrs.evolve(MOF_2020, reverse_form=form)
    a = score_indicator(quantitative(direction, target, low, weight), policy).score
    b = score_indicator(quantitative(direction, target, low + extra, weight), policy).score
    assert b <= a


@given(target=values, actual=values, weight=weights)
def test_scoring_ignores_the_callers_context(target, actual, weight):
    row = quantitative(Direction.LE, target, actual, weight)
    expected = score_indicator(row).score
    with localcontext() as ctx:
        ctx.prec, ctx.rounding = 3, ROUND_FLOOR
        assert score_indicator(row).score == expected


def test_zh_explanations_carry_no_english_words():
    for table in seed_tables():
        for row in score_table(table).indicators:
            assert not re.search(r"[A-Za-z]{3,}", row.explain("zh_CN")), row.explain("zh_CN")


def test_strict_operator_never_gives_full_marks_to_a_worse_actual():
    """<58.3182 under strict: at the bound the judged score; a worse 58.3282 cannot score
    the full weight (its formula rounds to it) and takes the judged score too."""
    policy = attrs.evolve(MOF_2020, strict_operators="strict")

    def scored(actual):
        row = Indicator(name="成本", level2="成本指标", target="<58.3182", actual=actual,
                        weight="17.55", score="12.21", note="说明")  # fmt: skip
        return score_indicator(row, policy).score

    assert scored("58.3182") == D("12.21")
    assert scored("58.3282") == D("12.21")
    assert scored("58.3282") <= scored("58.3182")


def test_multiply_first_round_once():
    row = Indicator(name="x", target="≥114", actual="13", weight="0.57")
    result = score_indicator(row)
    assert result.score == D("0.07")
    assert result.formula == "0.57 × 13 / 114 = 0.0650 → 0.07"
    funds = score_table(Table(project="x", funds=FundBlock(weight="0.57", total=FundRow(
        source="total", annual_budget="114", executed="13")))).funds  # fmt: skip
    assert funds.score == D("0.07")


def test_a_row_named_none_with_a_weight_given_is_not_applicable():
    row = Indicator(name="无", target="≥90", actual="80")
    explained = score_indicator(row, MOF_2020, weight=D(10))
    decision = decide_row(row, MOF_2020, weight=D(10))
    assert explained.rule.value == "not-applicable"
    assert (decision.applies, decision.weight, decision.score) == (False, None, None)
    assert decision.explained == explained


@pytest.mark.parametrize(
    ("actual", "score", "rule"),
    [
        ("按时完成", D(10), "deadline"),
        ("延期完成", D(6), "deadline"),
        ("25天内完成", D(10), "reverse"),
    ],
)
def test_a_time_limit_met_or_missed_in_words(actual, score, rule):
    from perfeval import Indicator, score_indicator

    row = Indicator(name="办结时限", level2="时效指标", target="30天内完成", actual=actual,
                    weight="10", score="6")  # fmt: skip
    result = score_indicator(row)
    assert (result.score, result.rule.value) == (score, rule)


# A bare number beside a percentage: a rate typed as a fraction, or a unit mismatch ---------


def test_a_target_excel_shows_as_1_for_a_typed_100_percent_is_read_as_100_percent():
    """ "=100%" shows as 1: 45.17% of it scores 20 × 45.17 / 100 = 9.03, never full marks."""
    row = Indicator(name="合格率", target="1", actual="45.17%", weight="20", score="9.03")
    result = score_indicator(row)
    assert (result.rule, result.score, result.target_value) == (Rule.POSITIVE, D("9.03"), 100)
    assert result.unit_choice.side == "target"
    assert [(p.code, p.where, p.printed, p.computed) for p in result.problems] == [
        ("unit-reading", "target", "1", "100%")
    ]
    assert "100%" in result.explain("en")
    assert "按比值读作100%" in result.explain("zh_CN")


def test_a_satisfaction_typed_as_a_fraction_meets_its_percentage():
    row = Indicator(name="满意度", target="≥90%", actual="0.9823", weight="10", score="10")
    result = score_indicator(row)
    assert (result.score, result.actual_value, result.achievement) == (
        D(10), D("98.23"), Achievement.MET,
    )  # fmt: skip
    assert [p.code for p in result.problems] == ["unit-reading"]
    assert result.problems[0].where == "actual"


def test_the_explanation_reads_the_units_from_the_rows_decision():
    row = Indicator(name="满意度", target="≥90%", actual="0.9823", weight="10")
    decision = decide_row(row)
    assert (decision.target, decision.actual) == (D(90), D("98.23"))
    assert score_indicator(row).unit_choice == decision.unit_choice
    table = Table(project="p", indicators=[row])
    assert score_table(table).indicators[0].unit_choice == decision.unit_choice


@pytest.mark.parametrize(("actual", "printed"), [("0.3", "9"), ("0.5", None), ("0.02", "1")])
def test_a_bare_number_that_reads_both_ways_or_neither_is_a_unit_mismatch(actual, printed):
    row = Indicator(name="差错率", target="≤5%", actual=actual, weight="10", score=printed)
    if actual == "0.02":
        row = attrs.evolve(row, target="≥90%")
    result = score_indicator(row)
    assert result.rule is Rule.JUDGED
    assert result.score == (None if printed is None else D(printed))
    assert "unit-mismatch" in [p.code for p in result.problems]
    assert "unit-reading" not in [p.code for p in result.problems]


def test_a_bare_number_above_1_beside_a_percentage_is_a_percentage_without_a_note():
    result = score_indicator(Indicator(name="x", target="≥90%", actual="85", weight="10"))
    assert (result.score, result.problems, result.unit_choice) == (D("9.44"), (), None)


def _workbook(rows, formulas):
    """An .xlsx of *rows*; *formulas* put a formula beside a cell's saved value (what
    Excel writes for a typed "=100%": the formula and the value 1 it shows)."""
    import io
    import re
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as copy:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                for ref, formula in formulas.items():
                    text, count = re.subn(
                        rf'(<c r="{ref}"[^>]*>)(<v>)', rf"\1<f>{formula}</f>\2", text
                    )
                    assert count == 1
                data = text.encode()
            copy.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize("printed", [None, 9.03])
def test_a_formula_100_percent_against_a_percentage_in_a_spreadsheet(printed):
    from perfeval.audit import audit
    from perfeval.readers import read_tables

    rows = [
        ["项目名称", "培训项目"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "质量指标", "培训合格率", 1, "45.17%", 20, printed],
        ["满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%", 0.9823, 10, 10],
    ]
    found = read_tables(_workbook(rows, {"D3": "100%"}))[0]
    assert [row["target"] for row in found.document["indicators"]] == ["1", "≥90%"]
    report = audit(found.table)
    assert [row.score for row in report.scorecard.indicators] == [D("9.03"), D(10)]
    codes = [(f.code, f.where) for f in report.findings if f.where.startswith("indicators[")]
    assert ("unit-reading", "indicators[0].target") in codes
    assert ("unit-reading", "indicators[1].actual") in codes
    assert "score-mismatch" not in report.codes()


def test_a_row_under_the_level1_cost_group_is_a_cost_whatever_its_level2():
    row = Indicator(name="x", level1="成本指标", level2="单位成本", target="63", actual="70",
                    weight="10")  # fmt: skip
    assert score_indicator(row).score == D("9.00")
    assert score_indicator(attrs.evolve(row, level2=None)).score == D("9.00")
    assert score_indicator(attrs.evolve(row, level2="数量指标")).score == D(10)  # known: its own


def test_quantitative_decisions_built_from_their_fields_have_every_field():
    from perfeval.indicators import Indicator
    from perfeval.scoring import RowDecision, decide_row

    for actual in ("120", "80"):
        row = Indicator(name="验收合格率", target="≥95%", actual=actual, weight=Decimal(10))
        decision = decide_row(row)
        assert len(decision) == len(RowDecision._fields)
        assert decision._replace() == decision
        assert decision.unit_choice is None
    fraction = decide_row(
        Indicator(name="验收合格率", target="≥95%", actual="0.9", weight=Decimal(10))
    )
    assert fraction.unit_choice is not None
    assert fraction.actual == Decimal("90")


@pytest.mark.parametrize(
    ("target", "actual", "level2", "score", "compared", "code"),
    [
        ("≥100%", "1.02", "质量指标", "10", "102", "unit-reading"),  # never 10 × 1.02 / 100
        ("≥150%", "1.5", "质量指标", "10", "150", "unit-reading"),
        ("≥95%", "0.9", "质量指标", "9.47", "90", "unit-reading"),
        ("≥-5%", "-0.08", "经济效益指标", "0.00", "-8", "unit-reading"),  # -8% misses -5%
        ("≤-5%", "-0.08", "成本指标", "10", "-8", "unit-reading"),
        ("≤1.5万元", "14000", "成本指标", "10", "1.4", "unit-reading"),  # 14000元
        ("≤1.5万元/亩", "14000", "成本指标", "10", "1.4", "unit-reading"),
        ("≤1.5万元/亩", "1.4", "成本指标", "10", "1.4", None),
        ("每亩300", "280元/亩", "成本指标", "10", "280", None),  # 300 of 元 per 亩
        ("每亩300", "280元", "成本指标", "10", "280", "unit-reading"),
        ("≤200元/人次", "每人每次180元", "成本指标", "10", "180", None),
        ("≥500元/人·月", "450元/月·人", "经济效益指标", "9.00", "450", None),
        ("90%-110%", "1.05", "质量指标", "10", "105", "unit-reading"),
        ("0.8-1.2", "95%", "质量指标", "10", "95", "unit-reading"),
        ("0.8-1.2", "130%", "质量指标", "9.23", "130", "unit-reading"),  # 10 × 120 / 130
    ],
)
def test_a_number_printed_without_the_other_sides_unit_is_read_by_its_order(
    target, actual, level2, score, compared, code
):
    row = Indicator(name="x", level2=level2, target=target, actual=actual, weight="10")
    result = score_indicator(row)
    assert (result.score, result.actual_value) == (D(score), D(compared))
    assert [p.code for p in result.problems] == ([code] if code else [])
    if code:
        assert result.unit_choice is not None
        assert result.problems[0].severity.value == "info"


@pytest.mark.parametrize(
    ("target", "actual", "said"),
    [
        ("≥90‰", "0.9", "0.9‰ or 900‰"),  # 900‰ is ten times 90‰: not read as met
        ("≥90%", "-0.5", "-0.5% or -50%"),
        ("每月1次", "10次", "per 月"),  # ten in the year is not ten a month
        ("每年≥2次", "1次", "per 年"),
        ("≤300元/亩", "3000元", "per 亩"),
        ("0-5%", "0.03", "0.03% or 3%"),  # a range: reported, never compared across units
    ],
)
def test_units_that_do_not_settle_make_the_row_judged_and_say_why(target, actual, said):
    row = Indicator(name="x", level2="数量指标", target=target, actual=actual, weight="10",
                    score="7")  # fmt: skip
    result = score_indicator(row)
    assert (result.rule, result.score) == (Rule.JUDGED, D(7))
    assert [(p.code, p.where) for p in result.problems] == [("unit-mismatch", "actual")]
    assert said in result.problems[0].message
    assert result.problems[0].message.endswith("the row is scored as judged")


def test_a_per_unit_reading_explains_itself_in_its_own_unit():
    row = Indicator(name="x", level2="数量指标", target="每年≥2次", actual="3次/年", weight="10")
    explained = score_indicator(row).explain("en")
    assert "compound unit 次/年" in explained
    assert "每亩" not in explained
    assert "复合单位次/年" in score_indicator(row).explain("zh_CN")


def test_every_monday_is_a_statement_not_one_per_week():
    row = Indicator(name="例会", level2="时效指标", target="每周一", actual="每周一召开",
                    weight="10", score="8")  # fmt: skip
    result = score_indicator(row)
    assert result.rule is Rule.QUALITATIVE
    assert result.actual_value is None


# The met test: one row and a column ------------------------------------------------------

_SCORES = st.none() | st.decimals(min_value=0, max_value=100, places=2)
_EXACT_NUMBERS = st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**9),
                             max_value=10**9, places=4)  # fmt: skip


# products of these pass 64 bits: the column is computed on Python integers
_WIDE_NUMBERS = st.decimals(min_value=-(10**15), max_value=10**15, places=12)


@given(
    st.sampled_from(list(MetTest)),
    st.lists(st.tuples(_EXACT_NUMBERS | _WIDE_NUMBERS, _EXACT_NUMBERS | _WIDE_NUMBERS)),
)
def test_the_met_test_of_a_column_is_each_row_tested_alone(test, pairs):
    """Test.holds_column on the readings' exact integers gives, row by row, Test.holds."""
    actuals = [Comparison(None, a) for a, _ in pairs]
    targets = [Comparison(Direction.GE, t) for _, t in pairs]
    column = test.holds_column(
        exact_pairs([a.exact for a in actuals]), exact_pairs([t.exact for t in targets])
    )
    assert list(column) == [test.holds(a, t) for a, t in pairs]


_WEIGHTS = st.decimals(min_value=Decimal("0.01"), max_value=100, places=3)
_VALUES = st.tuples(st.integers(-(10**12), 10**12) | st.integers(-(10**30), 10**30),
                    st.integers(1, 10**9) | st.integers(1, 10**25))  # fmt: skip


@given(st.sampled_from(list(MetTest)), st.lists(st.tuples(_VALUES, _WEIGHTS, _SCORES)))
def test_settling_a_column_of_missed_rows_is_each_row_settled_alone(test, rows):
    """settle_missed_column marks judged the rows settle_missed gives the judged score,
    and gives every other row's score in hundredths."""
    hundredths, judged = settle_missed_column(
        exact_pairs([exact for exact, _, _ in rows]),
        exact_pairs([weight.as_integer_ratio() for _, weight, _ in rows]),
        test,
    )
    for units, taken, (exact, weight, printed) in zip(hundredths, judged, rows, strict=True):
        score, one_judged = settle_missed(exact, weight, test, printed)
        assert bool(taken) is one_judged
        if not one_judged:
            assert Fraction(score) * 100 == int(units)
            assert score.as_tuple().exponent == -2


@given(_EXACT_NUMBERS)
def test_a_reading_keeps_its_number_as_exact_integers(value):
    reading = Comparison(Direction.LE, value)
    top, below = reading.exact
    assert below > 0
    assert Fraction(top, below) == Fraction(value)
    assert reading == attrs.evolve(reading, text="printed otherwise")


@pytest.mark.parametrize(
    ("value", "error"),
    [(Decimal("NaN"), "not a finite number"), (Decimal("-Infinity"), "not a finite number"),
     (5.5, "a float is not exact"), (True, "a boolean"), ("many", "not a decimal number"),
     (Decimal("1E+999999"), "outside the range")],
)  # fmt: skip
def test_a_reading_built_in_python_refuses_what_is_not_an_exact_number(value, error):
    with pytest.raises(InvalidNumberError, match=error) as raised:
        Comparison(Direction.GE, value)
    assert raised.value.field == "value"
    with pytest.raises(InvalidNumberError, match=error):
        Band(Decimal(1), value)


def test_a_reading_built_from_a_whole_number_holds_a_decimal():
    reading = Comparison(Direction.GE, 5)
    assert type(reading.value) is Decimal
    assert reading.exact == (5, 1)


def test_a_band_ending_at_or_below_zero_scores_a_value_above_it_zero():
    """A range built in Python may end below zero ("-5 to -1"): an actual above it scores
    0 by the reverse ratio's rule for an end ≤ 0, as a target ≤ 0 does, not a division by
    zero."""
    for high in (Decimal(-1), Decimal(0)):
        row = Indicator(
            name="降幅",
            target=Band(Decimal(-5), high, unit_of("%")),
            actual=Comparison(Direction.LE, Decimal(0) if high < 0 else Decimal(2), unit_of("%")),
            weight="10",
        )
        result = score_indicator(row)
        assert result.score == Decimal("0.00")
        assert result.achievement is Achievement.NOT_MET


@pytest.mark.parametrize("target", ["≥80%", "80%-90%"])
def test_a_bare_number_too_big_to_read_as_a_fraction_is_judged_with_a_finding(target):
    """Read as a fraction beside a percentage, 10^16 would be 10^18 %, past what a reading
    holds: the two readings are quoted and the row is judged, the table still scored."""
    row = Indicator(name="x", target=target, actual="10000000000000000", weight="10", score="5")
    result = score_indicator(row)
    assert result.rule is Rule.JUDGED
    assert result.score == Decimal("5")
    assert "1000000000000000000%" in result.problems[0].message
