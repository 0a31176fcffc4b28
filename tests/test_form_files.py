"""perfeval.form_files: rubrics, score-coefficient tables and department forms written as
.xlsx and .docx, read back by perfeval.kinds.read_forms to equal forms."""

import io
import json
import zipfile
from decimal import Decimal

import attrs
import docx as python_docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _form_strategies import coefficient_tables, department_forms, rubrics
from _forms import xlsx
from perfeval.coefficient import CoefficientRow, CoefficientTable, audit_coefficients
from perfeval.department_form import DepartmentForm, audit_department_form
from perfeval.document import dump_table, table_from_mapping
from perfeval.errors import DocumentError, InvalidTypeError
from perfeval.form_files import write_form_docx, write_form_workbook
from perfeval.kinds import read_forms
from perfeval.rubric import Level, Rubric, RubricRow, audit_rubric
from perfeval.testing import strategies as pst

D = Decimal
WRITERS = {"xlsx": write_form_workbook, "docx": write_form_docx}
KINDS = sorted(WRITERS)
SLOW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def export(form, kind, **options):
    buffer = io.BytesIO()
    WRITERS[kind](form, buffer, **options)
    return buffer.getvalue()


def written_or_refused(form, kind):
    """The file written from *form*, or the DocumentError that refused it."""
    try:
        return export(form, kind), None
    except DocumentError as error:
        return None, error


def read_back(form, kind):
    forms = read_forms(export(form, kind))
    found = forms.rubrics + forms.coefficients + forms.departments
    assert len(found) == 1, forms.names
    return found[0]


def same(back, form):
    """Whether *back* holds every field of *form* (a department form: its name, its table's
    document, as the 自评表 exports are compared, and its breakdown rows; where its table
    was read from is not a field)."""
    if isinstance(form, DepartmentForm):
        return (back.department, dump_table(back.table), back.breakdown) == (
            form.department,
            dump_table(form.table),
            form.breakdown,
        )
    return back == form


# Round trips ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@SLOW
@given(rubrics())
def test_a_rubric_reads_back_equal(kind, rubric):
    assert same(read_back(rubric, kind), rubric)


@pytest.mark.parametrize("kind", KINDS)
@SLOW
@given(coefficient_tables())
def test_a_coefficient_table_reads_back_equal(kind, table):
    assert same(read_back(table, kind), table)


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(department_forms())
def test_a_department_form_reads_back_equal(kind, form):
    assert same(read_back(form, kind), form)


def as_printed(value):
    """A table document's texts as a form prints them: trimmed, a blank text left out."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        printed = {key: as_printed(item) for key, item in value.items()}
        return {key: item for key, item in printed.items() if item is not None}
    if isinstance(value, list):
        return [as_printed(item) for item in value]
    return value


ANY_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=10)


@pytest.mark.parametrize("kind", KINDS)
@SLOW
@given(
    st.one_of(
        rubrics(name=ANY_TEXT, text=ANY_TEXT),
        coefficient_tables(name=ANY_TEXT, text=ANY_TEXT),
        department_forms(tables=pst.documents().map(as_printed).map(table_from_mapping)),
    )
)
def test_any_text_is_written_losslessly_or_refused_naming_the_field(kind, form):
    """A form with any text in it: written, it reads back equal; else the writer refuses
    it with a DocumentError naming the field, before writing."""
    data, refused = written_or_refused(form, kind)
    if refused is not None:
        assert refused.field
    else:
        forms = read_forms(data)
        (back,) = forms.rubrics + forms.coefficients + forms.departments
        assert same(back, form)


# Forms read from clerks' files -------------------------------------------------------------

RUBRIC_ROWS = [
    ["某县农村公路养护项目绩效评价指标体系及评分表"],
    ["一级指标", "二级指标", "三级指标", "分值", "指标解释", "评分标准", "评价情况", "得分"],
    ["项目决策（20分）", "项目立项", "立项依据充分性", "10", "项目立项是否符合规划",
     "依据充分得10分", "依据充分", "10"],
    ["", "绩效目标", "绩效目标合理性", "10", "", "目标明确合理得10分", "目标偏粗", "8"],
    ["项目过程（20分）", "资金管理", "预算执行率", "10", "实际支出/实际到位", "预算执行率×分值",
     "预算执行率86.32%", "10"],
    ["", "组织实施", "管理制度健全性（可选项）", "10", "", "制度健全得10分", "", "10"],
    ["", "", "制度执行有效性（可选项）", "10", "", "执行有效得10分", "", ""],
    ["项目产出（60分）", "产出数量", "养护里程完成率", "60", "", "完成率×60", "完成率100%", "60"],
    ["合计", "", "", "100", "", "", "", "98"],
    ["评价等级", "优"],
]  # fmt: skip
RUBRIC_MERGED = [(2, 0, 3, 0), (4, 0, 6, 0), (5, 1, 6, 1)]

COEFFICIENT_ROWS = [
    ["项目名称", "城区道路养护"],
    ["资金来源", "年初预算数", "全年预算数", "全年执行数", "执行率", "执行率权重", "执行率得分"],
    ["年度资金总额", "100", "120", "108", "90%", "10", "9"],
    ["财政拨款", "100", "110", "100", "90.91%", "", ""],
    ["一级指标", "二级指标", "三级指标", "是否核心指标", "年初指标值", "调整指标值", "全年完成值",
     "指标权重", "得分系数", "指标得分"],
    ["产出指标", "数量指标", "养护里程", "是", "≥100公里", "≥110公里", "112公里", "30", "100%",
     "30"],
    ["", "成本指标", "资金结余率", "否", "5%", "", "3%", "15", "120%", "18"],
    ["效益指标", "社会效益", "通行满意度", "是", "≥90%", "", "88%", "35", "85.5%", "29.93"],
    ["合计", "", "", "", "", "", "", "80", "", "98"],
]  # fmt: skip

DEPARTMENT_ROWS = [
    ["2023年度部门整体支出绩效自评表"],
    ["部门名称", "某市农业农村局"],
    ["年度预算申请（万元）", "资金来源", "年初预算数", "全年预算数", "全年执行数", "分值",
     "执行率", "得分", ""],
    ["", "年度资金总额", "1000", "1200", "1140", "10", "95%", "9.5"],
    ["", "按收入性质分"],
    ["", "其中：财政拨款", "900", "1100", "1045", "", "95%", ""],
    ["", "其他资金", "100", "100", "95", "", "95%", ""],
    ["", "按支出性质分"],
    ["", "其中：基本支出", "600", "700", "700", "", "100%", "9.5"],
    ["", "项目支出", "400", "500", "440", "", "88%", "7"],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
     "偏差原因分析及改进措施"],
    ["", "产出指标", "数量指标", "培训农民人数", "≥1000人", "1200人", "50", "50", ""],
    ["", "效益指标", "社会效益指标", "农民增收", "效果明显", "效果明显", "30", "30", ""],
    ["", "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", "10", "10", ""],
    ["总分", "", "", "", "", "", "100", "99.5", ""],
]  # fmt: skip


def clerks_forms():
    """The three forms as a clerk's workbook prints them, read by read_forms."""
    forms = read_forms(
        xlsx(
            {
                "评分表": (RUBRIC_ROWS, RUBRIC_MERGED),
                "得分系数表": (COEFFICIENT_ROWS, []),
                "部门整体": (DEPARTMENT_ROWS, [(2, 0, 9, 0)]),
            }
        )
    )
    return forms.rubrics[0], forms.coefficients[0], forms.departments[0]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("index", [0, 1, 2], ids=["rubric", "coefficient", "department"])
def test_a_form_read_from_a_clerks_file_is_written_and_read_back_equal(kind, index):
    form = clerks_forms()[index]
    assert same(read_back(form, kind), form)


@pytest.mark.parametrize("kind", KINDS)
def test_a_read_form_audits_the_same_once_written(kind):
    rubric, coefficients, department = clerks_forms()
    assert audit_rubric(read_back(rubric, kind)).findings == audit_rubric(rubric).findings
    back = read_back(coefficients, kind)
    assert audit_coefficients(back).findings == audit_coefficients(coefficients).findings
    back = read_back(department, kind)
    assert [(f.code, f.where) for f in audit_department_form(back).findings] == [
        (f.code, f.where) for f in audit_department_form(department).findings
    ]


# What a layout must print for a field to read back ---------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_level_weights_and_subtotals_print_in_columns_of_their_own(kind):
    """A level's 分值 and 得分, 0 included, print beside its heading, not in its name."""
    rubric = Rubric(
        levels=(
            Level(name="决策", weight="0", printed_score="0"),
            Level(name="立项", parent="决策", weight="0"),
            Level(name="产出", weight="100", printed_score="95"),
        ),
        rows=(
            RubricRow(level1="决策", level2="立项", name="立项依据", weight="0", score="0"),
            RubricRow(level1="产出", name="完成率", weight="100", score="95"),
        ),
        printed_total="95",
    )
    back = read_back(rubric, kind)
    assert back.levels == rubric.levels
    assert [level.name for level in back.levels] == ["决策", "立项", "产出"]


@pytest.mark.parametrize("kind", KINDS)
def test_an_optional_row_is_marked_in_a_column_and_its_name_kept(kind):
    rows = (
        RubricRow(level1="过程", level2="管理", name="制度健全性", weight="10", score="10",
                  optional=True),
        RubricRow(level1="过程", level2="管理", name="制度执行", weight="10", optional=True),
        RubricRow(level1="过程", level2="资金", name="执行率", weight="80", score="80"),
    )  # fmt: skip
    levels = (
        Level(name="过程"),
        Level(name="管理", parent="过程"),
        Level(name="资金", parent="过程"),
    )
    back = read_back(Rubric(levels=levels, rows=rows), kind)
    assert [(row.name, row.optional) for row in back.rows] == [
        ("制度健全性", True),
        ("制度执行", True),
        ("执行率", False),
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_a_rubric_without_a_title_prints_no_line_above_and_reads_none(kind):
    rubric = Rubric(
        levels=(Level(name="产出"),),
        rows=(RubricRow(level1="产出", name="完成率", weight="100", score="90"),),
    )
    assert read_back(rubric, kind) == rubric


@pytest.mark.parametrize("kind", KINDS)
def test_a_coefficient_prints_in_percent_and_reads_back_as_the_fraction(kind):
    rows = (
        CoefficientRow(level1="产出指标", level2="数量指标", name="里程", weight="10",
                       coefficient=D("1.2"), score="12"),
        CoefficientRow(level1="产出指标", level2="数量指标", name="桥梁", weight="10",
                       coefficient=D("0.33333"), score="3.33"),
    )  # fmt: skip
    back = read_back(CoefficientTable(title="养护", rows=rows), kind)
    assert [row.coefficient for row in back.rows] == [D("1.2"), D("0.33333")]


@pytest.mark.parametrize("kind", KINDS)
def test_a_department_form_prints_its_income_and_expenditure_sections(kind):
    form = clerks_forms()[2]
    data = export(form, kind)
    (back,) = read_forms(data).departments
    assert [row.source for row in back.table.funds.sources] == ["current_year", "other"]
    assert [row.source for row in back.breakdown] == ["基本支出", "项目支出"]


# Scores and findings filled in ---------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_an_audit_fills_in_the_computed_scores_and_prints_the_findings(kind):
    _, table, _ = clerks_forms()
    result = audit_coefficients(table)
    data = export(table, kind, audit=result)
    (back,) = read_forms(data).coefficients
    assert [row.score for row in back.rows] == [line.score for line in result.scored.lines]
    assert back.execution.total.printed_score == result.scored.execution.score
    assert back.printed_total == result.scored.total
    assert "审核发现" in printed_text(data, kind)
    assert result.findings[0].message_zh in printed_text(data, kind)


@pytest.mark.parametrize("kind", KINDS)
def test_an_audit_fills_in_a_rubrics_total_and_grade(kind):
    rubric = attrs.evolve(clerks_forms()[0], printed_total=D(90), printed_grade="良")
    result = audit_rubric(rubric)
    (back,) = read_forms(export(rubric, kind, audit=result)).rubrics
    assert (back.printed_total, back.printed_grade) == (result.scored.total, "优")
    assert back.rows == rubric.rows


@pytest.mark.parametrize("kind", KINDS)
def test_an_audit_fills_in_a_department_forms_scores(kind):
    form = clerks_forms()[2]
    result = audit_department_form(form)
    (back,) = read_forms(export(form, kind, audit=result)).departments
    assert back.table.printed_total == result.scored.total
    assert back.breakdown == form.breakdown


def printed_text(data, kind):
    """Every text a written file shows."""
    if kind == "docx":
        document = python_docx.Document(io.BytesIO(data))
        return "\n".join(paragraph.text for paragraph in document.paragraphs)
    book = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(
        str(value)
        for sheet in book.worksheets
        if sheet.sheet_state == "visible"
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


# Refused ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_text_no_form_can_hold_is_refused_naming_its_place(kind):
    rubric = Rubric(rows=(RubricRow(name="完成率", weight="10", criterion="按\x01完成"),))
    with pytest.raises(DocumentError) as raised:
        export(rubric, kind)
    assert raised.value.field == "rows[0].criterion"


@pytest.mark.parametrize("kind", KINDS)
def test_a_row_marked_optional_only_by_its_name_is_refused_not_misread(kind):
    rubric = Rubric(
        levels=(Level(name="过程"),),
        rows=(RubricRow(level1="过程", name="方案（可选）", weight="10"),),
    )
    with pytest.raises(DocumentError, match="would read as True") as raised:
        export(rubric, kind)
    assert raised.value.field == "rows[0].optional"


@pytest.mark.parametrize("kind", KINDS)
def test_a_level_without_rows_is_refused_naming_it(kind):
    rubric = Rubric(
        levels=(Level(name="产出", weight="100"), Level(name="效益", weight="0")),
        rows=(RubricRow(level1="产出", name="完成率", weight="100"),),
    )
    with pytest.raises(DocumentError) as raised:
        export(rubric, kind)
    assert raised.value.field == "levels[1]"


@pytest.mark.parametrize("kind", KINDS)
def test_a_row_named_as_a_total_is_refused(kind):
    rubric = Rubric(
        levels=(Level(name="产出"),), rows=(RubricRow(level1="产出", name="合计", weight="100"),)
    )
    with pytest.raises(DocumentError, match="cannot be printed so that it reads back"):
        export(rubric, kind)


@pytest.mark.parametrize("kind", KINDS)
def test_an_execution_block_without_a_title_is_refused(kind):
    """The reader takes the first line above the indicators for a title: with an
    execution block printed and no title, the table would read back with one."""
    _, table, _ = clerks_forms()
    with pytest.raises(DocumentError, match="would read as '资金来源'") as raised:
        export(attrs.evolve(table, title=None), kind)
    assert raised.value.field == "title"


@pytest.mark.parametrize("kind", KINDS)
def test_a_department_form_without_a_fund_block_is_refused(kind):
    form = clerks_forms()[2]
    table = attrs.evolve(form.table, funds=None)
    with pytest.raises(DocumentError) as raised:
        export(attrs.evolve(form, found=attrs.evolve(form.found, table=table)), kind)
    assert raised.value.field == "table.funds"


def test_a_department_table_of_another_department_is_refused():
    form = clerks_forms()[2]
    table = attrs.evolve(form.table, department="某市财政局")
    with pytest.raises(DocumentError) as raised:
        export(attrs.evolve(form, found=attrs.evolve(form.found, table=table)), "xlsx")
    assert raised.value.field == "table.department"


def test_a_table_or_a_foreign_audit_is_refused_by_type():
    rubric, table, _ = clerks_forms()
    with pytest.raises(InvalidTypeError) as raised:
        export(attrs.evolve(table), "xlsx", audit=audit_rubric(rubric))
    assert raised.value.field == "audit"
    with pytest.raises(InvalidTypeError):
        export(clerks_forms()[2].table, "docx")


# What no cell holds ----------------------------------------------------------------------


def test_a_rubrics_notes_are_kept_on_the_hidden_sheet_and_as_properties():
    rubric = attrs.evolve(clerks_forms()[0], notes=("评分表!A12: a line, not a row: 说明",))
    book = openpyxl.load_workbook(io.BytesIO(export(rubric, "xlsx")))
    hidden = {row[0]: row[1] for row in book["perfeval"].iter_rows(values_only=True)}
    assert json.loads(hidden["notes"]) == list(rubric.notes)
    assert book["perfeval"].sheet_state == "hidden"
    with zipfile.ZipFile(io.BytesIO(export(rubric, "docx"))) as package:
        properties = package.read("docProps/custom.xml").decode("utf-8")
    assert 'name="perfeval.notes"' in properties
    assert "a line, not a row" in properties


@pytest.mark.parametrize("kind", KINDS)
def test_a_rubrics_notes_read_back(kind):
    rubric = attrs.evolve(clerks_forms()[0], notes=("说明",))
    assert read_back(rubric, kind).notes == rubric.notes


@pytest.mark.parametrize("kind", KINDS)
def test_a_department_tables_policy_reads_back(kind):
    form = clerks_forms()[2]
    table = attrs.evolve(form.table, policy="mof-2020")
    form = attrs.evolve(form, found=attrs.evolve(form.found, table=table))
    assert read_back(form, kind).table.policy == "mof-2020"


def test_an_audit_of_another_form_is_refused():
    rubric = clerks_forms()[0]
    other = audit_rubric(attrs.evolve(rubric, title="另一个项目"))
    with pytest.raises(DocumentError) as raised:
        export(rubric, "xlsx", audit=other)
    assert raised.value.field == "audit"


def test_with_an_audit_a_form_that_would_not_read_back_is_still_refused():
    rubric = Rubric(
        levels=(Level(name="产出"),), rows=(RubricRow(level1="产出", name="合计", weight="100"),)
    )
    with pytest.raises(DocumentError, match="cannot be printed so that it reads back"):
        export(rubric, "docx", audit=audit_rubric(rubric))


def test_text_no_form_can_hold_in_a_department_table_is_named_under_table():
    form = clerks_forms()[2]
    table = attrs.evolve(form.table, goals_planned="培训\x07农民")
    with pytest.raises(DocumentError) as raised:
        export(attrs.evolve(form, found=attrs.evolve(form.found, table=table)), "docx")
    assert raised.value.field == "table.goals.planned"


@pytest.mark.parametrize("index", [0, 1], ids=["rubric", "coefficient"])
def test_a_form_of_many_columns_prints_on_a_page_turned_sideways(index):
    form = clerks_forms()[index]
    section = python_docx.Document(io.BytesIO(export(form, "docx"))).sections[0]
    assert section.page_width > section.page_height
    sheet = openpyxl.load_workbook(io.BytesIO(export(form, "xlsx"))).worksheets[0]
    assert sheet.page_setup.orientation == "landscape"


@pytest.mark.parametrize("index", [0, 1, 2])
def test_the_export_command_writes_each_form_that_reads_back(tmp_path, index):
    from _helpers import run
    from perfeval.form_documents import dumps_form

    form = clerks_forms()[index]
    source = tmp_path / "form.json"
    source.write_text(dumps_form(form), encoding="utf-8")
    xlsx_out, docx_out = tmp_path / "o.xlsx", tmp_path / "o.docx"
    code, out = run(["export", str(source), "--xlsx", str(xlsx_out), "--docx", str(docx_out)])
    assert code == 0
    assert out.split() == [str(xlsx_out), str(docx_out)]
    for written in (xlsx_out, docx_out):
        back = read_forms(written)
        assert same((back.rubrics + back.coefficients + back.departments)[0], form)
    scored = tmp_path / "scored.xlsx"
    assert run(["export", str(source), "--xlsx", str(scored), "--scored"])[0] == 0
    assert scored.stat().st_size > 0
