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
