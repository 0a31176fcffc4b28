"""perfeval.rubric: evaluation rubrics (绩效评价指标体系及评分表) read, scored and audited."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _forms import docx, xlsx
from perfeval.errors import DocumentError, InvalidTypeError
from perfeval.kinds import read_forms
from perfeval.layout import Grid
from perfeval.rubric import (
    RUBRIC_CHECKS,
    Criterion,
    Level,
    Rubric,
    RubricRow,
    audit_rubric,
    criterion_formula,
    read_rubric,
    score_rubric,
)

HEADER = ["一级指标", "二级指标", "三级指标", "分值", "指标解释", "评分标准", "评价情况", "得分"]


def rubric_rows(*, execution_score="4.32", optional=("10", ""), total="97.32"):
    """A project rubric: 决策 20, 过程 20 (a 资金到位率 and a 预算执行率 row with formula
    criteria, and two optional rows), 产出 40, 效益 20."""
    first, second = optional
    return [
        ["某县农村公路养护项目绩效评价指标体系及评分表"],
        list(HEADER),
        ["项目决策（20分）", "项目立项", "立项依据充分性", "10", "项目立项是否符合规划",
         "依据充分得10分，否则酌情扣分", "依据充分", "10"],
        ["", "绩效目标", "绩效目标合理性", "10", "", "目标明确合理得10分", "目标偏粗", "8"],
        ["项目过程（20分）", "资金管理", "资金到位率", "5", "实际到位资金/计划投入资金",
         "得分=资金到位率×分值", "资金到位率100%", "5"],
        ["", "", "预算执行率", "5", "实际支出/实际到位资金", "预算执行率×分值",
         "预算执行率86.32%", execution_score],
        ["", "组织实施", "管理制度健全性（可选项）", "10", "", "制度健全得10分", "", first],
        ["", "", "制度执行有效性（可选项）", "10", "", "执行有效得10分", "", second],
        ["项目产出（40分）", "产出数量", "养护里程完成率", "20", "", "完成率×20", "完成率100%",
         "20"],
        ["", "产出质量", "路面优良率", "20", "", "达标得20分", "", "20"],
        ["项目效益（20分）", "社会效益", "群众出行条件改善", "10", "", "明显改善得10分", "", "10"],
        ["", "满意度", "群众满意度", "10", "", "满意度≥90%得10分", "", "10"],
        ["合计", "", "", "100", "", "", "", total],
    ]  # fmt: skip


MERGED = [(2, 0, 3, 0), (4, 0, 7, 0), (4, 1, 5, 1), (6, 1, 7, 1), (8, 0, 9, 0), (10, 0, 11, 0)]


def read(rows, merged=MERGED):
    rubric = read_rubric(Grid.from_rows("评分表", rows, merged=merged))
    assert rubric is not None
    return rubric


# The formula a criterion states ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rate", "multiplier"),
    [
        ("得分=资金到位率×分值", "资金到位率", None),
        ("预算执行率*该指标分值", "预算执行率", None),
        ("到位率×3分", "到位率", Decimal(3)),
        ("得分＝执行率 × 5", "执行率", Decimal(5)),
    ],
)
def test_a_criterion_that_states_a_formula_is_read(text, rate, multiplier):
    assert criterion_formula(text) == Criterion(rate=rate, multiplier=multiplier)


def test_a_criterion_in_words_states_no_formula():
    assert criterion_formula("制度健全得满分，发现一项问题扣1分") is None
    assert criterion_formula(None) is None


# Reading and scoring ---------------------------------------------------------------------


def test_a_rubric_is_read_with_its_levels_rows_and_total():
    rubric = read(rubric_rows())
    assert [(level.name, level.weight) for level in rubric.levels if level.parent is None] == [
        ("项目决策", 20), ("项目过程", 20), ("项目产出", 40), ("项目效益", 20)]  # fmt: skip
    assert len(rubric.rows) == 10
    assert rubric.rows[3].level1 == "项目过程"
    assert rubric.rows[3].level2 == "资金管理"  # merged down from the row above
    assert rubric.rows[3].criterion == "预算执行率×分值"
    assert rubric.printed_total == Decimal("97.32")
    assert rubric.printed_total_weight == 100
    assert rubric.cells["rows[3].score"] == "评分表!H6"
    assert rubric.title == "某县农村公路养护项目绩效评价指标体系及评分表"


def test_the_total_is_the_sum_of_the_scores_with_one_optional_row_counted():
    result = score_rubric(read(rubric_rows()))
    assert result.total == Decimal("97.32")  # 10 + 8 + 5 + 4.32 + 10 + 20 + 20 + 10 + 10
    assert [item.counted for item in result.rows[4:6]] == [True, False]
    assert result.grade is not None
    assert result.grade.label == "优"


def test_a_clean_rubric_has_no_findings():
    assert audit_rubric(read(rubric_rows())).findings == ()


def test_an_execution_row_is_checked_against_its_formula_criterion():
    audit = audit_rubric(read(rubric_rows(execution_score="5", total="98")))
    assert audit.codes() == ["criterion-mismatch"]
    finding = audit.findings[0]
    assert finding.where == "rows[3].score"
    assert (finding.printed, finding.computed) == ("5", "4.32")  # 5 × 86.32% = 4.316 → 4.32
    assert audit.scored.rows[3].rate == Decimal("86.32")


def test_a_formula_criterion_with_no_figure_printed_is_unverified():
    rows = rubric_rows()
    rows[5][6] = "支出进度正常"
    assert audit_rubric(read(rows)).codes() == ["criterion-unverified"]


def test_an_optional_group_with_two_rows_scored_is_a_finding():
    audit = audit_rubric(read(rubric_rows(optional=("10", "10"))))
    assert "optional-choice" in audit.codes()
    assert audit.scored.total == Decimal("97.32")  # only the first scored row counts


def test_an_optional_group_with_no_row_scored_is_a_finding():
    audit = audit_rubric(read(rubric_rows(optional=("", ""), total="87.32")))
    assert audit.codes().count("optional-choice") == 1
    assert "missing-value" in audit.codes()
    assert audit.scored.total is None


def test_a_printed_total_that_disagrees_with_the_sum_is_a_finding():
    audit = audit_rubric(read(rubric_rows(total="98")))
    assert audit.codes() == ["total-mismatch"]
    assert (audit.findings[0].printed, audit.findings[0].computed) == ("98", "97.32")


def test_a_score_above_its_weight_is_a_finding():
    rows = rubric_rows(total="105.32")
    rows[3][7] = "12"
    audit = audit_rubric(read(rows))
    assert audit.codes()[0] == "score-exceeds-weight"
    assert audit.findings[0].where == "rows[1].score"


def test_rows_that_do_not_add_up_to_their_level_are_a_finding():
    rows = rubric_rows()
    rows[9][3] = "25"  # 产出 declares 40; its rows now hold 45
    codes = {(f.code, f.where) for f in audit_rubric(read(rows)).findings}
    assert ("weights-mismatch", "levels[6].weight") in codes


def test_level_weights_that_do_not_add_up_to_100_are_a_finding():
    rows = rubric_rows()
    rows[10][0] = "项目效益（25分）"
    audit = audit_rubric(read(rows))
    wheres = [f.where for f in audit.findings if f.code == "weights-mismatch"]
    assert wheres == ["levels[9].weight", "levels"]


def test_level_weights_in_columns_of_their_own_are_read():
    rows = [
        ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "评分标准", "得分"],
        ["决策", "15", "目标", "15", "目标明确性", "15", "明确得满分", "15"],
        ["过程", "25", "管理", "25", "制度执行", "25", "有效得满分", "20"],
        ["产出", "30", "数量", "30", "完成率", "30", "完成率×分值", "30"],
        ["效益", "30", "社会效益", "30", "受益人数", "30", "达标得满分", "30"],
        ["总分", "100", "", "", "", "100", "", "95"],
    ]
    rubric = read(rows, merged=[])
    assert [level.weight for level in rubric.levels if level.parent is None] == [15, 25, 30, 30]
    assert audit_rubric(rubric).codes() == ["criterion-unverified"]


def test_a_cell_that_does_not_read_is_an_error_naming_it():
    rows = rubric_rows()
    rows[2][3] = "十分"
    with pytest.raises(DocumentError, match="评分表!D3"):
        read(rows)


def test_a_table_without_criteria_is_not_a_rubric():
    grid = Grid.from_rows("x", [["一级指标", "二级指标", "三级指标", "分值", "得分"]])
    assert read_rubric(grid) is None


def test_the_checks_are_a_list_a_caller_may_choose_from():
    rubric = read(rubric_rows(execution_score="5", total="99"))
    audit = audit_rubric(rubric, checks=[c for c in RUBRIC_CHECKS if "total-mismatch" in c.codes])
    assert audit.codes() == ["total-mismatch"]


def test_a_rubric_built_in_python_scores_the_same():
    rubric = Rubric(
        levels=(Level(name="过程", weight=Decimal(3)),),
        rows=(
            RubricRow(
                level1="过程",
                name="资金到位率",
                weight="3",
                score="2.85",
                criterion="到位率×3",
                evidence="到位率95%",
            ),
        ),
        printed_total="2.85",
    )
    assert audit_rubric(rubric, checks=RUBRIC_CHECKS[:3]).findings == ()
    assert score_rubric(rubric).rows[0].expected == Decimal("2.85")


# Files ----------------------------------------------------------------------------------


def test_a_rubric_is_read_from_a_workbook_and_from_a_word_document_alike():
    rows = rubric_rows(execution_score="5", total="98")
    from_xlsx = read_forms(xlsx({"评分表": (rows, MERGED)})).rubrics[0]
    from_docx = read_forms(docx([(rows, MERGED)])).rubrics[0]
    assert from_xlsx.rows == from_docx.rows
    assert from_xlsx.levels == from_docx.levels
    assert audit_rubric(from_docx).codes() == ["criterion-mismatch"]
    assert from_xlsx.cells["rows[3].score"] == "评分表!H6"
    assert from_docx.cells["rows[3].score"] == "table 1, row 6, column 8"


def test_a_criterion_may_name_the_points_first():
    assert criterion_formula("得分=分值×预算执行率") == Criterion(
        rate="预算执行率", multiplier=None
    )


def test_points_first_are_read_from_where_the_number_starts():
    assert criterion_formula("得分=12.5分×到位率") == Criterion(
        rate="到位率", multiplier=Decimal("12.5")
    )
    # a cell of 50,000 digits: tried from every digit, the search took minutes
    assert criterion_formula("9" * 50_000) is None
    assert criterion_formula("9" * 50_000 + "×到位率").multiplier == Decimal("9" * 50_000)


def test_a_rate_is_read_from_where_its_number_starts_in_the_evidence():
    from perfeval.rubric import Rubric, RubricRow, audit_rubric

    def figure(evidence):
        row = RubricRow(name="预算执行率", weight="5", score="5",
                        criterion="预算执行率×分值", evidence=evidence)  # fmt: skip
        return [(f.code, f.computed) for f in audit_rubric(Rubric(rows=(row,))).findings
                if f.code.startswith("criterion")]  # fmt: skip

    assert figure("执行率为86.32%") == [("criterion-mismatch", "4.32")]
    # evidence of 50,000 digits and no percentage: tried from every digit, the search
    # for a percentage took minutes; it is unverified, at once
    assert figure("9" * 50_000) == [("criterion-unverified", None)]


def test_heading_rows_carry_their_levels_weights_and_a_note_line_is_not_a_row():
    rows = [
        ["一级指标", "二级指标", "三级指标", "分值", "评分标准", "得分"],
        ["决策", "", "", "20", "", "18"],
        ["", "项目立项", "", "10", "", ""],
        ["", "", "立项依据充分性", "10", "依据充分得满分", "10"],
        ["", "绩效目标", "", "10", "", ""],
        ["", "", "目标合理性", "10", "合理得满分", "8"],
        ["产出", "", "", "80", "", ""],
        ["", "产出数量", "完成率", "80", "完成率×分值", "80"],
        ["注：可选项两项选一", "", "", "", "", ""],
        ["合计", "", "", "100", "", "98"],
    ]
    rubric = read(rows, merged=[(8, 0, 8, 5)])
    assert [row.name for row in rubric.rows] == ["立项依据充分性", "目标合理性", "完成率"]
    weights = [(level.name, level.weight) for level in rubric.levels]
    assert weights == [("决策", 20), ("项目立项", 10), ("绩效目标", 10), ("产出", 80),
                       ("产出数量", None)]  # fmt: skip
    assert rubric.levels[0].printed_score == 18
    assert rubric.notes == ("评分表!A9: a line, not a row: 注：可选项两项选一",)
    assert [f.code for f in audit_rubric(rubric).findings] == ["criterion-unverified"]


def test_a_cell_saying_optional_marks_its_row():
    rows = [
        ["一级指标", "二级指标", "三级指标", "指标类型", "分值", "评分标准", "得分"],
        ["过程", "管理", "制度健全性", "可选", "20", "健全得满分", "20"],
        ["", "", "制度执行", "可选", "20", "有效得满分", ""],
        ["产出", "数量", "完成率", "必选", "80", "完成得满分", "80"],
    ]
    rubric = read(rows, merged=[(1, 0, 2, 0), (1, 1, 2, 1)])
    assert [row.optional for row in rubric.rows] == [True, True, False]
    assert audit_rubric(rubric).findings == ()


def test_a_header_of_two_rows_is_read():
    rows = [
        ["指标", "", "", "分值", "评分标准", "得分"],
        ["一级指标", "二级指标", "三级指标", "", "", ""],
        ["决策", "立项", "立项依据充分性", "40", "依据充分得满分", "40"],
        ["产出", "数量", "完成率", "60", "完成得满分", "57"],
        ["合计", "", "", "100", "", "97"],
    ]
    rubric = read(rows, merged=[(0, 0, 0, 2)])
    assert [(row.name, row.weight, row.score) for row in rubric.rows] == [
        ("立项依据充分性", 40, 40),
        ("完成率", 60, 57),
    ]
    assert rubric.cells["rows[1].score"] == "评分表!F4"
    assert audit_rubric(rubric).findings == ()


def test_a_rubric_printing_targets_is_known_by_its_decision_and_process_headings():
    rows = [
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["决策", "目标", "目标明确性", "明确", "明确", "20", "20"],
        ["过程", "资金管理", "预算执行率", "100%", "95%", "20", "19"],
        ["产出", "数量", "培训人数", "≥1000人", "1200人", "40", "40"],
        ["效益", "满意度", "满意度", "≥90%", "95%", "20", "20"],
        ["合计", "", "", "", "", "100", "99"],
    ]
    rubric = read(rows, merged=[])
    assert [(row.target, row.evidence) for row in rubric.rows][1] == ("100%", "95%")
    assert audit_rubric(rubric).findings == ()
    assert read_forms(xlsx({"评价": (rows, [])})).names == (("评价", "rubric"),)


def test_a_self_evaluation_table_is_not_a_rubric():
    rows = [
        ["项目名称", "工作经费", "", "", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "接待人数", "200", "535", "50", "50"],
        ["效益指标", "管理", "制度执行", "有效", "有效", "50", "50"],
    ]
    assert read_rubric(Grid.from_rows("x", rows)) is None


@pytest.mark.parametrize(
    ("printed", "codes"), [("优", []), ("优秀", []), ("良", ["grade-mismatch"])]
)
def test_a_grade_printed_below_the_total_is_checked(printed, codes):
    rows = [*rubric_rows(), ["评价等级", printed, "", "", "", "", "", ""]]
    rubric = read(rows)
    assert rubric.printed_grade == printed
    assert audit_rubric(rubric).codes() == codes


@given(st.lists(st.decimals(min_value=0, max_value=20, places=2), min_size=1, max_size=12))
def test_the_total_is_the_sum_of_the_printed_scores(scores):
    rows = tuple(RubricRow(level1="产出", name=f"指标{i}", weight="20", score=s)
                 for i, s in enumerate(scores))  # fmt: skip
    result = score_rubric(Rubric(rows=rows))
    assert result.total == sum(scores, Decimal(0))
    assert not any(
        f.code == "score-exceeds-weight" for f in audit_rubric(Rubric(rows=rows)).findings
    )


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_a_rubric_file_is_scored_and_audited_as_its_grid_is(kind):
    """An optional row, an execution row with a formula criterion and a printed total
    that disagrees with the sum, in a file of each kind."""

    def rubric(rows):
        data = xlsx({"评分表": (rows, MERGED)}) if kind == "xlsx" else docx([(rows, MERGED)])
        return read_forms(data).rubrics[0]

    plain = score_rubric(rubric(rubric_rows()))
    assert [item.counted for item in plain.rows[4:6]] == [True, False]  # the optional pair
    assert plain.total == Decimal("97.32")
    audit = audit_rubric(rubric(rubric_rows(execution_score="5", total="90")))
    assert audit.codes() == ["criterion-mismatch", "total-mismatch"]
    assert [(f.printed, f.computed) for f in audit.findings] == [("5", "4.32"), ("90", "98")]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: RubricRow(name=object()), "name"),
        (lambda: RubricRow(name="x", level1=5.5), "level1"),
        (lambda: RubricRow(name="x", evidence=b"x"), "evidence"),
        (lambda: RubricRow(name="x", optional=1), "optional"),
        (lambda: Level(name="决策", parent=5), "parent"),
        (lambda: Rubric(rows=[RubricRow(name="x"), 1]), "rows"),
        (lambda: Rubric(levels=[Level(name="决策"), "过程"]), "levels"),
        (lambda: Rubric(title=5), "title"),
        (lambda: Rubric(printed_grade=90.5), "printed_grade"),
        (lambda: Rubric(notes=["x"]), "notes"),
        (lambda: Rubric(cells=None), "cells"),
    ],
)
def test_a_wrong_rubric_field_is_refused_naming_it(call, field):
    """A text field is text or a number cell (its digits), never an object's repr."""
    with pytest.raises(InvalidTypeError) as caught:
        call()
    assert caught.value.field == field


def test_the_valid_neighbours_of_the_refused_rubric_fields_construct():
    row = RubricRow(name=12, level1=" 决策 ", evidence=Decimal("86.32"), optional=True)
    assert (row.name, row.level1, row.evidence, row.optional) == ("12", "决策", "86.32", True)
    rubric = Rubric(rows=[row], levels=[Level(name="决策", parent=None)], notes=("x",))
    assert rubric.rows == (row,)
