"""perfeval.indicators: an indicator row and what it says about itself."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from perfeval import Indicator

D = Decimal


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


def test_cost_by_every_name_is_the_cost_group():
    """产出成本 and the 2023 split 经济/社会/生态环境成本指标 are all the cost group, under a
    level-1 成本指标 that is known too."""
    for label in ["成本指标", "成本", "产出成本", "产出成本指标", "经济成本指标", "社会成本指标",
                  "生态环境成本指标", "经济成本指标（10分）"]:  # fmt: skip
        row = Indicator(name="x", level1="成本指标", level2=label)
        assert (row.level2_group.key, row.level1_group.key) == ("cost", "costs"), label
    assert Indicator(name="x", level2="经济效益指标").level2_group.key == "economic"
    assert Indicator(name="x", level2="成本效益").level2_group is None


def test_a_template_placeholder_with_nothing_filled_is_a_leftover_not_a_cut_off_row():
    for name in ["指标1…", "指标2", "XX指标"]:
        row = Indicator(name=name)
        assert row.template_leftover
        assert row.not_applicable
        assert not row.cut_off
    real = Indicator(name="培训人次")  # a real name with nothing filled was cut off
    assert (real.template_leftover, real.not_applicable, real.cut_off) == (False, False, True)
    filled = Indicator(name="指标1", target="≥10个", weight="10")  # filled in: a row
    assert (filled.template_leftover, filled.not_applicable, filled.cut_off) == (False,) * 3
    assert not Indicator(name="指标1", score="5").template_leftover
