"""perfeval.department_form: the 部门整体支出绩效自评表 read, scored and audited."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _forms import docx, xlsx
from perfeval.department_form import (
    DepartmentForm,
    IndicatorScoring,
    audit_department_form,
    read_department_form,
    score_department_form,
)
from perfeval.errors import DocumentError, InvalidTypeError
from perfeval.kinds import read_forms
from perfeval.layout import Grid


def department_rows(*, breakdown_score="9.5", basic="700", total="99.5"):
    """A department form: funds 1140 of 1200 (95% → 9.5), income rows 1045 + 95, expenditure
    rows 700 + 440 repeating the fund score, and three indicators (90 points)."""
    return [
        ["2023年度部门整体支出绩效自评表", "", "", "", "", "", "", "", ""],
        ["部门名称", "某市农业农村局", "", "", "", "", "", "", ""],
        ["年度预算申请（万元）", "资金来源", "年初预算数", "全年预算数", "全年执行数", "分值",
         "执行率", "得分", ""],
        ["", "年度资金总额", "1000", "1200", "1140", "10", "95%", "9.5", ""],
        ["", "按收入性质分", "", "", "", "", "", "", ""],
        ["", "其中：财政拨款", "900", "1100", "1045", "", "95%", "", ""],
        ["", "其他资金", "100", "100", "95", "", "95%", "", ""],
        ["", "按支出性质分", "", "", "", "", "", "", ""],
        ["", "其中：基本支出", "600", "700", basic, "", "100%", breakdown_score, ""],
        ["", "项目支出", "400", "500", "440", "", "88%", breakdown_score, ""],
        ["年度总体目标", "预期目标", "", "", "", "实际完成情况", "", "", ""],
        ["", "保障机关运转，完成农民培训", "", "", "", "已完成", "", "", ""],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值",
         "得分", "偏差原因分析及改进措施"],
        ["", "产出指标", "数量指标", "培训农民人数", "≥1000人", "1200人", "50", "50", ""],
        ["", "效益指标", "社会效益指标", "农民增收", "效果明显", "效果明显", "30", "30", ""],
        ["", "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", "10", "10", ""],
        ["总分", "", "", "", "", "", "100", total, ""],
    ]  # fmt: skip


MERGED = [(2, 0, 9, 0), (10, 0, 11, 0), (12, 0, 15, 0)]


def read(rows, merged=MERGED):
    form = read_department_form(Grid.from_rows("部门整体", rows, merged=merged))
    assert form is not None
    return form


def test_the_form_is_read_as_a_table_with_its_income_rows_and_its_breakdown():
    form = read(department_rows())
    assert form.department == "某市农业农村局"
    assert form.table.project == "某市农业农村局"
    funds = form.table.funds
    assert funds is not None
    assert [row.source for row in funds.sources] == ["current_year", "other"]
    assert [row.source for row in form.breakdown] == ["基本支出", "项目支出"]
    assert form.breakdown[1].printed_rate == 88
    assert len(form.table.indicators) == 3


def test_every_cell_keeps_its_own_name():
    form = read(department_rows())
    assert form.found.cells["project"] == "部门整体!B2"
    assert form.found.cells["funds.rows[1].executed"] == "部门整体!E6"
    assert form.found.cells["indicators[0].score"] == "部门整体!H14"  # below the dropped rows
    assert form.cells["breakdown[0].score"] == "部门整体!H9"


def test_breakdown_rows_repeating_the_fund_score_are_checked_and_not_added():
    audit = audit_department_form(read(department_rows()))
    assert audit.codes() == ["indicator-scoring"]
    assert audit.scored.total == Decimal("99.50")  # 9.5 + 90, not 9.5 × 3 + 90
    assert audit.scored.scorecard.funds is not None
    assert audit.scored.scorecard.funds.score == Decimal("9.50")


def test_a_breakdown_row_may_print_its_own_score():
    rows = department_rows()
    rows[8][7], rows[9][7] = "10", "8.8"  # 10 × 100%, 10 × 88%
    assert audit_department_form(read(rows)).codes() == ["indicator-scoring"]


def test_a_breakdown_score_that_is_neither_is_a_finding():
    audit = audit_department_form(read(department_rows(breakdown_score="7")))
    assert audit.codes() == ["breakdown-score-mismatch"] * 2 + ["indicator-scoring"]
    assert audit.findings[0].where == "breakdown[0].score"


def test_breakdown_rows_that_do_not_add_up_to_the_total_are_a_finding():
    audit = audit_department_form(read(department_rows(basic="690")))
    codes = [(f.code, f.where) for f in audit.findings]
    assert ("fund-total-mismatch", "breakdown.executed") in codes


def test_a_printed_total_that_disagrees_with_the_sum_is_a_finding():
    audit = audit_department_form(read(department_rows(total="100")))
    assert audit.codes() == ["total-mismatch", "indicator-scoring"]


def test_the_indicators_are_scored_by_the_project_rules():
    rows = department_rows(total="94.5")
    rows[13][5] = "900人"  # 50 × 900 / 1000 = 45
    rows[13][7] = "45"
    rows[13][8] = "部分农民外出务工"
    scored = score_department_form(read(rows))
    assert scored.total == Decimal("94.50")
    assert audit_department_form(read(rows)).codes() == ["indicator-scoring"]


def test_a_form_with_no_department_name_is_an_error_naming_the_cell():
    rows = department_rows()
    rows[1] = [""] * 9
    with pytest.raises(DocumentError, match="部门名称"):
        read(rows)


def test_a_project_table_is_not_a_department_form():
    grid = Grid.from_rows(
        "x", [["项目名称", "工作经费"], ["三级指标", "年度指标值", "分值", "得分"]]
    )
    assert read_department_form(grid) is None


def test_the_form_is_read_from_a_workbook_and_from_a_word_document_alike():
    rows = department_rows(breakdown_score="7")
    from_xlsx = read_forms(xlsx({"部门整体": (rows, MERGED)})).departments[0]
    from_docx = read_forms(docx([(rows, MERGED)])).departments[0]
    assert from_xlsx.breakdown == from_docx.breakdown
    assert from_xlsx.table.indicators == from_docx.table.indicators
    assert audit_department_form(from_docx).codes() == audit_department_form(from_xlsx).codes()
    assert audit_department_form(from_docx).codes()[:2] == ["breakdown-score-mismatch"] * 2
    assert from_docx.cells["breakdown[0].score"] == "table 1, row 9, column 8"


def test_amounts_under_a_section_label_with_no_type_are_refused_naming_the_cell():
    rows = department_rows()
    rows[4] = ["", "按收入性质分", "", "", "按支出性质分", "", "", "", ""]
    with pytest.raises(DocumentError, match=r"部门整体!E6.*no type"):
        read(rows)


def test_a_department_name_printed_above_a_word_table_is_read():
    rows = department_rows()
    rows[1] = [""] * 9
    grid = Grid.from_rows(
        "table 1", rows, merged=MERGED, kind="table", above=["部门名称：某市林业局"]
    )
    form = read_department_form(grid)
    assert form is not None
    assert form.department == "某市林业局"


# The rows by type as provinces print them --------------------------------------------

HEAD = [
    ["2023年度部门整体支出绩效自评表"],
    ["部门名称", "某市农业农村局"],
    ["年度预算申请（万元）", "资金来源", "年初预算数", "全年预算数", "全年执行数", "分值",
     "执行率", "得分", ""],
    ["", "年度资金总额", "1000", "1200", "1140", "10", "95%", "9.5", ""],
]  # fmt: skip
TAIL = [
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
     "偏差原因分析及改进措施"],
    ["", "产出指标", "数量指标", "培训农民人数", "≥1000人", "1200人", "50", "50", ""],
    ["", "效益指标", "社会效益指标", "农民增收", "效果明显", "效果明显", "30", "30", ""],
    ["", "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", "10", "10", ""],
    ["总分", "", "", "", "", "", "100", "99.5", ""],
]  # fmt: skip


def form_with(block, merged=(), tail=TAIL):
    """A department form whose rows by type are *block* (rows below the total), and the
    merged ranges of the whole form."""
    rows = [list(row) for row in (*HEAD, *block, *tail)]
    top = len(HEAD) + len(block)
    total = next(i for i, row in enumerate(tail) if row[0] == "总分")
    spans = [(2, 0, top - 1, 0), (top, 0, top + total - 1, 0), *merged]
    return rows, spans


def both(rows, spans):
    """The form read from a workbook and from a Word document, which must agree."""
    from_xlsx = read_forms(xlsx({"部门整体": (rows, spans)})).departments[0]
    from_docx = read_forms(docx([(rows, spans)])).departments[0]
    assert from_xlsx.breakdown == from_docx.breakdown
    assert from_xlsx.table.funds == from_docx.table.funds
    return from_xlsx, from_docx


def sources(form):
    return [(row.source, row.annual_budget, row.executed) for row in form.table.funds.sources]


def spent(form):
    return [(row.source, row.annual_budget, row.executed) for row in form.breakdown]


INCOME = [("current_year", 1100, 1045), ("other", 100, 95)]
SPENT = [("基本支出", 700, 700), ("项目支出", 500, 440)]


def test_rows_side_by_side_under_header_rows_of_their_own_each_go_to_their_list():
    block = [
        ["", "按收入性质分", "年初预算数", "全年预算数", "全年执行数", "按支出性质分", "年初预算数",
         "全年预算数", "全年执行数"],
        ["", "财政拨款", "900", "1100", "1045", "基本支出", "600", "700", "700"],
        ["", "其他资金", "100", "100", "95", "项目支出", "400", "500", "440"],
    ]  # fmt: skip
    from_xlsx, from_docx = both(*form_with(block))
    assert sources(from_xlsx) == INCOME
    assert spent(from_xlsx) == SPENT
    assert from_xlsx.found.cells["funds.rows[1].executed"] == "部门整体!E6"
    assert from_xlsx.cells["breakdown[1].executed"] == "部门整体!I7"
    assert from_docx.cells["breakdown[1].executed"] == "table 1, row 7, column 9"
    assert audit_department_form(from_xlsx).codes() == ["indicator-scoring"]


def test_rows_side_by_side_whose_right_part_has_no_header_are_refused_naming_the_cell():
    block = [
        ["", "按收入性质分", "", "", "", "按支出性质分", "", "", ""],
        ["", "财政拨款", "900", "1100", "1045", "基本支出", "600", "700", "700"],
    ]
    rows, spans = form_with(block)
    with pytest.raises(DocumentError, match=r"部门整体!G6.*header row of their own"):
        read(rows, spans)


def test_rows_side_by_side_cutting_the_left_part_short_are_refused():
    block = [
        ["", "按收入性质分", "", "", "", "", "", "", ""],
        ["", "财政拨款", "900", "1100", "基本支出", "700", "", "", ""],
    ]
    rows, spans = form_with(block)
    with pytest.raises(DocumentError, match=r"部门整体!E6.*全年执行数"):
        read(rows, spans)


def test_a_type_beside_the_rows_with_no_section_is_refused_naming_it():
    block = [
        ["", "按收入性质分", "年初预算数", "全年预算数", "全年执行数", "", "年初预算数",
         "全年预算数", "全年执行数"],
        ["", "财政拨款", "900", "1100", "1045", "某项资金", "600", "700", "700"],
    ]  # fmt: skip
    rows, spans = form_with(block)
    with pytest.raises(DocumentError, match=r"部门整体!F6.*某项资金"):
        read(rows, spans)


def test_types_in_a_header_row_over_their_amounts_are_read():
    block = [
        ["", "", "按收入性质分", "", "", "", "", "", "按支出性质分", "", "", "", "", ""],
        ["", "", "财政拨款", "", "", "其他资金", "", "", "基本支出", "", "", "项目支出", "", ""],
        ["", "", *["年初预算数", "全年预算数", "全年执行数"] * 4],
        ["", "金额", "900", "1100", "1045", "100", "100", "95", "600", "700", "700", "400",
         "500", "440"],
    ]  # fmt: skip
    merged = [(4, 2, 4, 7), (4, 8, 4, 13), (5, 2, 5, 4), (5, 5, 5, 7), (5, 8, 5, 10),
              (5, 11, 5, 13)]  # fmt: skip
    from_xlsx, _ = both(*form_with(block, merged))
    assert sources(from_xlsx) == INCOME
    assert spent(from_xlsx) == SPENT
    assert from_xlsx.cells["breakdown[0].executed"] == "部门整体!K8"
    assert audit_department_form(from_xlsx).codes() == ["indicator-scoring"]


def test_types_in_a_header_row_with_the_amounts_named_row_by_row_are_read():
    block = [
        ["", "资金性质", "财政拨款", "其他资金", "基本支出", "项目支出", "", "", ""],
        ["", "年初预算数", "900", "100", "600", "400", "", "", ""],
        ["", "全年预算数", "1100", "100", "700", "500", "", "", ""],
        ["", "全年执行数", "1045", "95", "700", "440", "", "", ""],
    ]
    from_xlsx, _ = both(*form_with(block))
    assert sources(from_xlsx) == INCOME
    assert spent(from_xlsx) == SPENT
    assert from_xlsx.cells["breakdown[1].annual_budget"] == "部门整体!F7"


def test_section_rows_that_carry_their_own_column_headers_are_read():
    block = [
        ["", "按收入性质分", "年初预算数", "全年预算数", "全年执行数", "", "执行率", "", ""],
        ["", "财政拨款", "900", "1100", "1045", "", "95%", "", ""],
        ["", "其他资金", "100", "100", "95", "", "95%", "", ""],
        ["", "按支出性质分", "年初预算数", "全年预算数", "全年执行数", "", "执行率", "得分", ""],
        ["", "基本支出", "600", "700", "700", "", "100%", "9.5", ""],
        ["", "项目支出", "400", "500", "440", "", "80%", "9.5", ""],
    ]
    form, _ = both(*form_with(block))
    assert sources(form) == INCOME
    assert spent(form) == SPENT
    assert audit_department_form(form).codes() == ["rate-mismatch", "indicator-scoring"]
    assert audit_department_form(form).findings[0].where == "breakdown[1].rate"


def test_expenditure_types_with_no_section_label_are_not_read_as_income():
    block = [
        ["", "其中：财政拨款", "900", "1100", "1045", "", "", "", ""],
        ["", "其他资金", "100", "100", "95", "", "", "", ""],
        ["", "基本支出", "600", "700", "700", "", "", "", ""],
        ["", "项目支出", "400", "500", "440", "", "", "", ""],
    ]
    form = read(*form_with(block))
    assert sources(form) == INCOME
    assert spent(form) == SPENT


def test_breakdown_rows_are_read_in_the_unit_of_the_fund_block():
    rows, spans = form_with([["", "基本支出", "", "12000000", "11400000", "", "", "", ""]])
    rows[2] = [
        *rows[2][:2],
        "年初预算数（元）",
        "全年预算数（元）",
        "全年执行数（元）",
        *rows[2][5:],
    ]
    rows[3][2:5] = ["10000000", "12000000", "11400000"]
    form = read(rows, spans)
    assert form.breakdown[0].unit == form.table.funds.unit == "元"
    assert "fund-total-mismatch" not in audit_department_form(form).codes()


# How the indicators are scored --------------------------------------------------------

PRINTED_TAIL = [
    ["绩效指标", "一级指标", "二级指标", "三级指标", "分值", "得分", "", "", ""],
    ["", "产出指标", "数量指标", "培训农民人数", "50", "45", "", "", ""],
    ["", "效益指标", "社会效益指标", "农民增收", "30", "28", "", "", ""],
    ["", "满意度指标", "服务对象满意度指标", "群众满意度", "10", "9", "", "", ""],
    ["总分", "", "", "", "100", "91.5", "", "", ""],
]
STACKED = department_rows()[4:10]


def test_indicators_printing_only_weights_and_scores_are_scored_as_printed():
    rows, spans = form_with(STACKED, tail=PRINTED_TAIL)
    for form in both(rows, spans):
        assert form.indicator_scoring is IndicatorScoring.PRINTED
        assert "分值 and 得分 with no 年度指标值" in form.scoring_basis
        scored = score_department_form(form)
        assert scored.total == Decimal("91.50")  # 9.5 + 45 + 28 + 9, as printed
        audit = audit_department_form(form)
        assert audit.codes() == ["missing-deviation-note", "missing-deviation-note",
                                 "missing-deviation-note", "indicator-scoring"]  # fmt: skip
        assert "as printed" in audit.findings[-1].message
        assert form.found.cells["indicators[0].score"].endswith(("F12", "row 12, column 6"))


def test_a_printed_score_above_its_weight_is_still_a_finding():
    tail = [list(row) for row in PRINTED_TAIL]
    tail[1][5], tail[-1][5] = "55", "101.5"
    form = read(*form_with(STACKED, tail=tail))
    assert "score-exceeds-weight" in audit_department_form(form).codes()


def test_a_note_naming_the_project_rules_is_the_basis():
    tail = [*TAIL, ["注：绩效指标得分按项目支出绩效自评规则计算。", "", "", "", "", "", "", "", ""]]
    form = read(*form_with(STACKED, tail=tail))
    assert form.indicator_scoring is IndicatorScoring.PROJECT_RULES
    assert form.scoring_basis.startswith("部门整体!A16: 「注：绩效指标得分按项目支出")
    assert "项目支出 rules" in audit_department_form(form).findings[-1].message


def test_a_note_naming_the_project_rules_with_no_targets_to_score_is_refused():
    tail = [*PRINTED_TAIL, ["注：指标得分参照项目支出评分规则计算", "", "", "", "", "", "", "", ""]]
    with pytest.raises(DocumentError, match=r"部门整体!D11.*年度指标值 and 实际完成值"):
        read(*form_with(STACKED, tail=tail))


def test_a_note_saying_the_evaluator_scored_the_indicators_keeps_the_printed_scores():
    tail = [list(row) for row in TAIL]
    tail[1][5], tail[1][7], tail[-1][7] = "900人", "48", "97.5"  # the formula gives 45
    tail.append(["说明：指标得分由评价小组综合评定。", "", "", "", "", "", "", "", ""])
    form = read(*form_with(STACKED, tail=tail))
    assert form.indicator_scoring is IndicatorScoring.PRINTED
    assert score_department_form(form).total == Decimal("97.50")
    assert "score-mismatch" not in audit_department_form(form).codes()
    assert form.table.indicators[0].actual is not None  # kept as printed


def test_the_scoring_defaults_to_the_project_rules_for_a_form_built_by_hand():
    form = read(department_rows())
    built = DepartmentForm(department=form.department, found=form.found)
    assert built.indicator_scoring is IndicatorScoring.PROJECT_RULES
    assert DepartmentForm(department="x", found=form.found, indicator_scoring="printed") != built
    with pytest.raises(InvalidTypeError, match="indicator_scoring"):
        DepartmentForm(department="x", found=form.found, indicator_scoring="guessed")


def test_rows_by_type_printed_above_their_total_are_read():
    rows = [list(row) for row in department_rows()]
    total = rows.pop(3)
    total[1] = "合计"
    rows.insert(9, total)  # 合计 below the rows by type
    form = read(rows)
    assert sources(form) == INCOME
    assert spent(form) == SPENT
    assert form.table.funds.total.executed == 1140
    assert form.found.cells["funds.rows[0].executed"] == "部门整体!E10"
    assert audit_department_form(form).codes() == ["indicator-scoring"]


def test_a_label_among_the_amounts_of_the_total_row_is_refused_naming_it():
    rows = [list(row) for row in department_rows()]
    rows[3][5] = "支出合计"
    with pytest.raises(DocumentError, match="部门整体!F4"):
        read(rows)


def test_the_total_printed_as_a_type_in_a_header_row_of_types_is_read():
    block = [
        ["资金情况（元）", "", "年度资金总额", "", "", "", "", "", "财政拨款", "", "", "其他资金",
         "", "", "基本支出", "", "", "项目支出", "", ""],
        ["", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分",
         *["年初预算数", "全年预算数", "全年执行数"] * 4],
        ["", "金额", "1000", "1200", "1140", "10", "95%", "9.5", "900", "1100", "1045", "100",
         "100", "95", "600", "700", "700", "400", "500", "440"],
    ]  # fmt: skip
    merged = [(2, 2, 2, 7), *((2, c, 2, c + 2) for c in (8, 11, 14, 17))]
    rows = [*HEAD[:2], *block, *TAIL]
    spans = [(5, 0, 8, 0), *merged]
    from_xlsx, from_docx = both(rows, spans)
    funds = from_xlsx.table.funds
    assert (funds.weight, funds.unit, funds.total.executed) == (10, "元", 1140)
    assert sources(from_xlsx) == INCOME
    assert spent(from_xlsx) == SPENT
    assert from_xlsx.found.cells["funds.weight"] == "部门整体!F5"
    assert from_docx.found.cells["funds.rows[0].score"] == "table 1, row 5, column 8"
    audit = audit_department_form(from_xlsx)
    assert audit.scored.scorecard.funds.score == Decimal("9.50")
    assert audit.codes() == ["indicator-scoring"]


def test_the_total_heading_a_column_with_its_amounts_named_row_by_row_is_read():
    block = [
        ["", "项目", "年度资金总额", "财政拨款", "其他资金", "基本支出", "项目支出", "", ""],
        ["", "年初预算数", "1000", "900", "100", "600", "400", "", ""],
        ["", "全年预算数", "1200", "1100", "100", "700", "500", "", ""],
        ["", "全年执行数", "1140", "1045", "95", "700", "440", "", ""],
        ["", "执行率", "95%", "95%", "95%", "100%", "88%", "", ""],
        ["", "分值", "10", "", "", "", "", "", ""],
        ["", "得分", "9.5", "", "", "", "", "", ""],
    ]
    rows = [*HEAD[:2], *block, *TAIL]
    form, _ = both(rows, [(9, 0, 12, 0)])
    assert form.table.funds.total.printed_score == Decimal("9.5")
    assert sources(form) == INCOME
    assert spent(form) == SPENT
    assert form.cells["breakdown[1].rate"] == "部门整体!G7"
    assert audit_department_form(form).codes() == ["indicator-scoring"]


def test_a_subtotal_among_the_rows_by_type_is_refused_naming_it():
    rows = [list(row) for row in department_rows()]
    rows.insert(10, ["", "合计", "1000", "1200", "1140", "", "", "", ""])
    with pytest.raises(DocumentError, match=r"部门整体!B11.*second total"):
        read(rows, [(2, 0, 10, 0), (11, 0, 12, 0), (13, 0, 16, 0)])


TASKS = [
    ["年度主要任务", "任务名称", "", "主要内容", "", "预算数", "执行数", "", ""],
    ["", "机关运转", "", "保障机关正常运转", "", "700", "700", "", ""],
    ["", "农民培训", "", "培训农民1000人", "", "500", "440", "", ""],
]


def test_the_main_tasks_above_the_fund_block_are_not_read_as_its_header():
    rows = [list(row) for row in department_rows()]
    rows[2:2] = [list(row) for row in TASKS]
    form = read(rows, [(2, 0, 4, 0), (5, 0, 12, 0), (13, 0, 14, 0), (15, 0, 18, 0)])
    assert sources(form) == INCOME
    assert spent(form) == SPENT
    assert form.found.cells["funds.rows[0].executed"] == "部门整体!E7"
    assert audit_department_form(form).codes() == ["indicator-scoring"]


def test_the_main_tasks_below_the_fund_block_end_it():
    rows = [list(row) for row in department_rows()]
    rows[10:10] = [list(row) for row in TASKS]
    form = read(rows, [(2, 0, 9, 0), (10, 0, 12, 0), (13, 0, 14, 0), (15, 0, 18, 0)])
    assert spent(form) == SPENT
    assert audit_department_form(form).codes() == ["indicator-scoring"]


@pytest.mark.parametrize(
    "title", ["2023年度部门（单位）整体支出绩效自评表", "单位整体支出绩效自评表"]
)
def test_a_form_titled_for_a_unit_with_no_section_labels_is_read(title):
    block = [
        ["", "其中：财政拨款", "900", "1100", "1045", "", "", "", ""],
        ["", "其他资金", "100", "100", "95", "", "", "", ""],
        ["", "基本支出", "600", "700", "700", "", "", "", ""],
        ["", "项目支出", "400", "500", "440", "", "", "", ""],
    ]
    rows, spans = form_with(block)
    rows[0], rows[1][0] = [title], "部门（单位）名称"
    form = read(rows, spans)
    assert form.department == "某市农业农村局"
    assert spent(form) == SPENT


AMOUNT = st.integers(min_value=0, max_value=10**7).map(str)
TYPE_ROWS = st.fixed_dictionaries(
    {
        label: st.tuples(AMOUNT, AMOUNT, AMOUNT)
        for label in ("财政拨款", "其他资金", "基本支出", "项目支出")
    }
)


def _layouts(amounts):
    """The same rows by type printed one below the other, side by side, and under a
    header row of types: (block, merged) each."""
    inc, oth, basic, project = (
        list(amounts[k]) for k in ("财政拨款", "其他资金", "基本支出", "项目支出")
    )
    pad = ["", "", "", ""]
    stacked = [
        ["", "按收入性质分", *[""] * 7],
        ["", "其中：财政拨款", *inc, *pad],
        ["", "其他资金", *oth, *pad],
        ["", "按支出性质分", *[""] * 7],
        ["", "基本支出", *basic, *pad],
        ["", "项目支出", *project, *pad],
    ]
    fields = ["年初预算数", "全年预算数", "全年执行数"]
    side = [
        ["", "按收入性质分", *fields, "按支出性质分", *fields],
        ["", "财政拨款", *inc, "基本支出", *basic],
        ["", "其他资金", *oth, "项目支出", *project],
    ]
    heading = [
        ["", "", "财政拨款", "", "", "其他资金", "", "", "基本支出", "", "", "项目支出", "", ""],
        ["", "", *fields * 4],
        ["", "金额", *inc, *oth, *basic, *project],
    ]
    spans = [(4, c, 4, c + 2) for c in (2, 5, 8, 11)]
    return [(stacked, []), (side, []), (heading, spans)]


@settings(max_examples=25, deadline=None)
@given(TYPE_ROWS)
def test_every_layout_of_the_same_rows_by_type_reads_the_same(amounts):
    read_each = [read(*form_with(block, merged)) for block, merged in _layouts(amounts)]
    first = read_each[0]
    assert [row.source for row in first.breakdown] == ["基本支出", "项目支出"]
    assert first.breakdown[0].executed == int(amounts["基本支出"][2])
    for form in read_each[1:]:
        assert form.table.funds == first.table.funds
        assert form.breakdown == first.breakdown


def test_a_goal_that_speaks_of_project_spending_rules_decides_nothing():
    rows, spans = form_with(STACKED, tail=PRINTED_TAIL)
    rows.insert(
        10, ["年度总体目标", "严格按照项目支出管理办法使用资金", "", "", "", "", "", "", ""]
    )
    spans = [(2, 0, 9, 0), (11, 0, 14, 0)]
    assert read(rows, spans).indicator_scoring is IndicatorScoring.PRINTED


def test_the_left_part_under_the_fund_header_and_the_right_under_its_own_are_read():
    fields = ["年初预算数", "全年预算数", "全年执行数"]
    block = [
        ["", "按收入性质分", "", "", "", "按支出性质分", *fields],
        ["", "财政拨款", "900", "1100", "1045", "基本支出", "600", "700", "700"],
        ["", "其他资金", "100", "100", "95", "项目支出", "400", "500", "440"],
    ]
    form, _ = both(*form_with(block))
    assert sources(form) == INCOME
    assert spent(form) == SPENT


def test_the_department_audit_runs_a_list_of_checks_a_caller_may_change():
    from perfeval.department_form import DEPARTMENT_CHECKS, check_breakdown_scores
    from perfeval.findings import Finding, check

    form = read(department_rows(breakdown_score="7"))
    full = audit_department_form(form)
    assert "breakdown-score-mismatch" in full.codes()
    assert "indicator-scoring" in full.codes()
    table_only = audit_department_form(form, checks=[])
    assert table_only.codes() == list(table_only.report.codes())

    @check("fund-total-mismatch")
    def no_basic_expenditure(scored):  # a regional rule: 基本支出 must be printed
        if any(row.source == "基本支出" for row in scored.form.breakdown):
            return []
        return [Finding.make("fund-total-mismatch", "breakdown", "no 基本支出", "缺少基本支出")]

    mine = audit_department_form(form, checks=[check_breakdown_scores, no_basic_expenditure])
    assert mine.codes()[-1] == "breakdown-score-mismatch"
    assert len(DEPARTMENT_CHECKS) == 4
    with pytest.raises(InvalidTypeError):
        audit_department_form(form, checks=[lambda scored: ["not a finding"]])


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_a_department_form_file_is_scored_and_audited_as_its_grid_is(kind):
    """Rows by type repeating the fund score, checked and not added, and a printed total
    that disagrees with the sum, in a file of each kind."""

    def form(rows):
        data = xlsx({"部门整体": (rows, MERGED)}) if kind == "xlsx" else docx([(rows, MERGED)])
        return read_forms(data).departments[0]

    repeated = audit_department_form(form(department_rows()))
    assert [row.printed_score for row in repeated.scored.form.breakdown] == [Decimal("9.5")] * 2
    assert repeated.codes() == ["indicator-scoring"]
    assert repeated.scored.total == Decimal("99.50")  # 9.5 + 90, the rows by type not added
    assert audit_department_form(form(department_rows(total="100"))).codes() == [
        "total-mismatch",
        "indicator-scoring",
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [("department", None), ("found", None), ("found", "table"), ("scoring_basis", 5)],
)
def test_a_form_built_by_hand_refuses_a_wrong_field_naming_it(field, value):
    form = read(department_rows())
    valid = {"department": form.department, "found": form.found, "scoring_basis": "note"}
    assert DepartmentForm(**valid).found is form.found  # the valid neighbour constructs
    with pytest.raises(InvalidTypeError) as caught:
        DepartmentForm(**{**valid, field: value})
    assert caught.value.field == field
