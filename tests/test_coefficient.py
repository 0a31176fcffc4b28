"""perfeval.coefficient: score-coefficient tables (指标权重 × 得分系数 = 指标得分)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _forms import docx, xlsx
from perfeval.coefficient import (
    CoefficientRow,
    CoefficientTable,
    audit_coefficients,
    direction_in_name,
    read_coefficient,
    read_coefficient_table,
    score_coefficients,
)
from perfeval.errors import DocumentError, InvalidNumberError, InvalidTypeError
from perfeval.kinds import read_forms
from perfeval.layout import Grid
from perfeval.targets import Direction

HEADER = ["一级指标", "二级指标", "三级指标", "是否核心指标", "年初指标值", "调整指标值",
          "全年完成值", "指标权重", "得分系数", "指标得分", "未完成原因"]  # fmt: skip


def chongqing(*, adjustment=("10%", "8%", "100%", "10"), total="97.50"):
    """A Chongqing table: execution 10 × 108/120 = 9, then four lines."""
    target, actual, coefficient, score = adjustment
    return [
        ["2023年度项目支出绩效自评表"],
        ["项目名称", "城区道路养护"],
        ["年初预算数", "全年预算数", "全年执行数", "执行率", "执行率权重", "执行率得分"],
        ["100", "120", "108", "90%", "10", "9"],
        list(HEADER),
        ["产出指标", "数量指标", "养护里程", "是", "≥100公里", "≥110公里", "112公里", "30",
         "100%", "30", ""],
        ["", "时效指标", "预算调整率", "否", target, "", actual, "10", coefficient, score, ""],
        ["", "成本指标", "资金结余率", "否", "5%", "", "3%", "15", "100%", "15", ""],
        ["效益指标", "社会效益", "通行满意度", "是", "≥90%", "", "88%", "35", "85%", "29.75",
         "部分路段施工影响通行"],
        ["合计", "", "", "", "", "", "", "90", "", total, ""],
    ]  # fmt: skip


def read(rows):
    table = read_coefficient_table(Grid.from_rows("自评表", rows))
    assert table is not None
    return table


def test_a_table_is_read_with_its_execution_block_and_lines():
    table = read(chongqing())
    assert table.title == "城区道路养护"
    assert table.execution is not None
    assert table.execution.total is not None
    assert table.execution.total.executed == 108
    assert table.rows[0].core is True
    assert table.rows[0].effective_target == "≥110公里"  # the adjusted value
    assert table.rows[3].coefficient == Decimal("0.85")
    assert table.cells["rows[3].coefficient"] == "自评表!I9"


def test_each_line_is_weight_times_coefficient_and_the_total_adds_execution():
    scored = score_coefficients(read(chongqing()))
    assert [line.score for line in scored.lines] == [30, 10, 15, Decimal("29.75")]
    assert scored.execution is not None
    assert scored.execution.score == 9  # 10 × 108 / 120, by the funds rule
    assert scored.total == Decimal("93.75")


def test_a_line_is_rounded_half_up_to_two_places():
    row = CoefficientRow(name="x", weight="15", coefficient="0.335")
    assert score_coefficients(CoefficientTable(rows=(row,))).lines[0].score == Decimal("5.03")


def test_a_clean_table_has_no_findings_but_its_total():
    audit = audit_coefficients(read(chongqing(total="93.75")))
    assert audit.findings == ()


def test_a_printed_total_that_disagrees_with_the_sum_is_a_finding():
    audit = audit_coefficients(read(chongqing(total="97.50")))
    assert audit.codes() == ["total-mismatch"]
    assert (audit.findings[0].printed, audit.findings[0].computed) == ("97.50", "93.75")


def test_a_coefficient_above_1_is_a_finding_as_is_the_score_above_its_weight():
    audit = audit_coefficients(read(chongqing(adjustment=("10%", "8%", "120%", "12"),
                                              total="95.75")))  # fmt: skip
    assert audit.codes() == ["coefficient-out-of-range", "score-exceeds-weight"]
    assert audit.findings[0].where == "rows[1].coefficient"


def test_a_rate_whose_direction_is_only_in_its_name_misses_when_above_its_target():
    """预算调整率 10%, actual 12%: less is better, so the target is missed; 100% is unearned."""
    audit = audit_coefficients(read(chongqing(adjustment=("10%", "12%", "100%", "10"),
                                              total="93.75")))  # fmt: skip
    assert audit.codes() == ["coefficient-unearned"]
    assert "less is better" in audit.findings[0].message
    line = audit.scored.lines[1]
    assert (line.direction, line.direction_from, line.missed) == (Direction.LE, "name", True)


def test_a_rate_named_for_less_is_met_below_its_target():
    line = audit_coefficients(read(chongqing())).scored.lines[2]  # 资金结余率 5% → 3%
    assert (line.direction_from, line.missed) == ("name", False)


def test_a_printed_direction_wins_over_the_name():
    row = CoefficientRow(name="预算调整率", target="≥10%", actual="12%", weight="10",
                         coefficient="1", score="10")  # fmt: skip
    assert audit_coefficients(CoefficientTable(rows=(row,))).findings == ()


@pytest.mark.parametrize(
    ("name", "direction"),
    [("成本控制率", Direction.LE), ("资金结转结余率", Direction.LE), ("资金到位率", None)],
)
def test_direction_in_name(name, direction):
    assert direction_in_name(name) is direction


def test_a_printed_score_other_than_weight_times_coefficient_is_a_finding():
    rows = chongqing(total="93.75")
    rows[8][9] = "28"
    audit = audit_coefficients(read(rows))
    assert audit.codes() == ["score-mismatch"]
    assert audit.findings[0].computed == "29.75"


@pytest.mark.parametrize(
    ("text", "percent", "value"),
    [("100%", False, Decimal(1)), ("0.85", False, Decimal("0.85")), ("85", True, Decimal("0.85")),
     ("1.2", False, Decimal("1.2")), ("", False, None)],
)  # fmt: skip
def test_read_coefficient(text, percent, value):
    assert read_coefficient(text, percent=percent) == value


def test_a_coefficient_header_in_percent_reads_bare_numbers_as_percentages():
    rows = chongqing(total="93.75")
    rows[4][8] = "得分系数（%）"
    for r in range(5, 9):
        rows[r][8] = rows[r][8].removesuffix("%")
    assert audit_coefficients(read(rows)).findings == ()


def test_a_coefficient_cell_that_does_not_read_is_an_error_naming_it():
    rows = chongqing()
    rows[6][8] = "较好"
    with pytest.raises(DocumentError, match="自评表!I7"):
        read(rows)


def test_a_table_with_no_weight_column_is_an_error_naming_the_header():
    rows = chongqing()
    rows[4][7] = "说明"
    with pytest.raises(DocumentError, match="指标权重"):
        read(rows)


def test_a_table_is_read_from_a_workbook_and_from_a_word_document_alike():
    rows = chongqing(adjustment=("10%", "8%", "120%", "12"), total="95.75")
    from_xlsx = read_forms(xlsx({"自评表": (rows, [])})).coefficients[0]
    from_docx = read_forms(docx([(rows, [])])).coefficients[0]
    assert from_xlsx.rows == from_docx.rows
    assert from_xlsx.execution == from_docx.execution
    assert audit_coefficients(from_docx).codes() == [
        "coefficient-out-of-range",
        "score-exceeds-weight",
    ]


def test_a_national_fund_block_is_the_execution_block_with_its_sources():
    rows = chongqing(total="93.75")
    rows[2:4] = [
        ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "100", "120", "108", "10", "90%", "9"],
        ["其中：当年财政拨款", "100", "110", "100", "", "", ""],
        ["上年结转资金", "", "10", "8", "", "", ""],
    ]
    table = read(rows)
    assert table.execution is not None
    assert [row.source for row in table.execution.sources] == ["current_year", "carry_over"]
    assert audit_coefficients(table).findings == ()


def test_several_unlabelled_rows_of_amounts_are_an_error_naming_the_cell():
    rows = chongqing()
    rows.insert(4, ["100", "120", "100", "", "", ""])
    with pytest.raises(DocumentError, match="自评表!C5"):
        read(rows)


def test_core_marks_in_words_are_read_and_others_are_an_error_naming_the_cell():
    rows = chongqing()
    rows[5][3], rows[6][3] = "核心指标", "非核心"
    table = read(rows)
    assert [row.core for row in table.rows[:2]] == [True, False]
    rows[6][3] = "重要"
    with pytest.raises(DocumentError, match="自评表!D7"):
        read(rows)


@given(
    weight=st.decimals(min_value=0, max_value=100, places=2),
    coefficient=st.decimals(min_value=0, max_value=1, places=4),
)
def test_a_line_never_exceeds_its_weight_when_its_coefficient_is_within_range(weight, coefficient):
    row = CoefficientRow(name="x", weight=weight, coefficient=coefficient, score="0")
    line = score_coefficients(CoefficientTable(rows=(row,))).lines[0]
    assert line.score is not None
    assert 0 <= line.score <= weight
    assert abs(line.score - weight * coefficient) <= Decimal("0.005")
    assert not any(f.code == "coefficient-out-of-range" for f in audit_coefficients(
        CoefficientTable(rows=(row,))).findings)  # fmt: skip


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_a_coefficient_file_is_scored_and_audited_as_its_grid_is(kind):
    """A coefficient above 1, rates whose direction is only in their names and a printed
    total that disagrees with the sum, in a file of each kind."""

    def table(rows):
        data = xlsx({"自评表": (rows, [])}) if kind == "xlsx" else docx([(rows, [])])
        return read_forms(data).coefficients[0]

    above = audit_coefficients(table(chongqing(adjustment=("10%", "8%", "120%", "12"))))
    assert above.codes() == ["coefficient-out-of-range", "score-exceeds-weight", "total-mismatch"]
    named = audit_coefficients(table(chongqing(adjustment=("10%", "12%", "100%", "10"))))
    missed, met = named.scored.lines[1], named.scored.lines[2]  # 调整率 up, 结余率 down
    assert (missed.direction_from, missed.missed) == ("name", True)
    assert (met.direction_from, met.missed) == ("name", False)
    assert named.codes() == ["coefficient-unearned", "total-mismatch"]


@pytest.mark.parametrize(
    ("call", "error", "field"),
    [
        (lambda: CoefficientRow(name="x", coefficient=0.85), InvalidNumberError, "coefficient"),
        (lambda: CoefficientRow(name="x", coefficient=Decimal("NaN")), InvalidNumberError,
         "coefficient"),
        (lambda: CoefficientRow(name="x", coefficient=True), InvalidNumberError, "coefficient"),
        (lambda: CoefficientRow(name="x", core="是"), InvalidTypeError, "core"),
        (lambda: CoefficientRow(name="x", note=object()), InvalidTypeError, "note"),
        (lambda: CoefficientRow(name=5.5), InvalidTypeError, "name"),
        (lambda: CoefficientTable(rows=[CoefficientRow(name="x"), 1]), InvalidTypeError, "rows"),
        (lambda: CoefficientTable(execution="100"), InvalidTypeError, "execution"),
        (lambda: CoefficientTable(title=1.5), InvalidTypeError, "title"),
    ],
)  # fmt: skip
def test_a_wrong_coefficient_field_is_refused_naming_it(call, error, field):
    with pytest.raises(error) as caught:
        call()
    assert caught.value.field == field


def test_the_valid_neighbours_of_the_refused_coefficient_fields_construct():
    row = CoefficientRow(name="x", coefficient="85%", core=True, actual=Decimal("0.9"))
    assert (row.coefficient, row.core, row.actual) == (Decimal("0.85"), True, "0.9")
    assert CoefficientRow(name="x", coefficient=1).coefficient == 1
    assert CoefficientTable(rows=[row]).rows == (row,)
