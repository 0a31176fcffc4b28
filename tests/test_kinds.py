"""perfeval.kinds: every form a file holds, each read by the recogniser that knows it."""

from decimal import Decimal

import pytest

from _forms import docx, xlsx
from perfeval.errors import DocumentError
from perfeval.kinds import audit_forms, read_forms, render_form_audits
from perfeval.readers import read_file_tables, read_grids
from perfeval.rubric import audit_rubric
from test_coefficient import chongqing
from test_department_form import MERGED as DEPARTMENT_MERGED
from test_department_form import department_rows
from test_rubric import MERGED as RUBRIC_MERGED
from test_rubric import rubric_rows

PROJECT = [
    ["项目名称", "工作经费", "", "", ""],
    ["三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["信访接待人数", "200", "535", "15", "15"],
    ["总分", "", "", "15", "15"],
]


def test_a_workbook_with_every_form_is_read_form_by_form():
    data = xlsx({
        "封面": ([["2023年度绩效自评报告"]], []),
        "自评表": (PROJECT, []),
        "评分表": (rubric_rows(), RUBRIC_MERGED),
        "系数表": (chongqing(), []),
        "部门整体": (department_rows(), DEPARTMENT_MERGED),
    })  # fmt: skip
    forms = read_forms(data)
    assert forms.names == (
        ("自评表", "table"), ("评分表", "rubric"), ("系数表", "coefficient"),
        ("部门整体", "department"),
    )  # fmt: skip
    assert forms.count == 4
    assert forms.tables[0].table.project == "工作经费"
    assert forms.rubrics[0].printed_total is not None
    assert forms.coefficients[0].title == "城区道路养护"
    assert forms.departments[0].department == "某市农业农村局"
    assert [item.name for item in forms.skipped] == ["封面"]


def test_the_table_reader_still_reads_only_the_self_evaluation_tables():
    data = xlsx({"自评表": (PROJECT, []), "评分表": (rubric_rows(), RUBRIC_MERGED)})
    read = read_file_tables(data)
    assert [found.name for found in read.tables] == ["自评表"]
    assert [item.name for item in read.skipped] == ["评分表"]


def test_a_word_report_with_a_rubric_and_a_project_table():
    data = docx([(PROJECT, []), (rubric_rows(), RUBRIC_MERGED)], title="附件1")
    forms = read_forms(data)
    assert forms.names == (("table 1", "table"), ("table 2", "rubric"))


def test_a_file_with_no_form_names_what_was_looked_at():
    with pytest.raises(DocumentError, match="封面: no form perfeval reads"):
        read_forms(xlsx({"封面": ([["2023年度绩效自评报告"]], [])}))


def test_a_json_document_holds_no_grid():
    with pytest.raises(DocumentError, match="no printed grid"):
        read_grids(b'{"format": "perfeval.self-evaluation/1"}')


def test_every_form_is_audited_by_the_functions_of_its_kind():
    data = xlsx({
        "自评表": (PROJECT, []),
        "部门整体": (department_rows(breakdown_score="7"), DEPARTMENT_MERGED),
    })  # fmt: skip
    audits = audit_forms(read_forms(data))
    assert [(item.kind, item.title, str(item.total)) for item in audits] == [
        ("table", "工作经费", "15"),
        ("department", "某市农业农村局", "99.50"),
    ]
    department = audits[1]
    assert [item.code for item in department.errors] == ["breakdown-score-mismatch"] * 2
    assert department.cell(department.findings[0]) == "部门整体!H9"
    text = render_form_audits(audits, "zh_CN")
    assert "[部门整体] 部门整体支出绩效自评表: 某市农业农村局" in text
    assert "breakdown[0].score (部门整体!H9)" in text


def test_a_self_evaluation_table_above_a_rubric_in_one_sheet_is_read_too():
    rows = [*PROJECT, [""], *rubric_rows()]
    merged = [(r0 + 5, c0, r1 + 5, c1) for r0, c0, r1, c1 in RUBRIC_MERGED]
    forms = read_forms(xlsx({"评价": (rows, merged)}))
    assert [kind for _, kind in forms.names] == ["table", "rubric"]
    assert forms.tables[0].table.project == "工作经费"


@pytest.mark.parametrize("repeat_header", [False, True])
def test_a_rubric_split_across_two_word_tables_is_read_as_one(repeat_header):
    rows = rubric_rows(execution_score="5", total="98")
    first = rows[:8]  # the title, the header and 6 rows
    second = ([rows[1]] if repeat_header else []) + rows[8:]
    merged = [span for span in RUBRIC_MERGED if span[2] < 8]
    forms = read_forms(docx([(first, merged), (second, [])], title="附件：评分表"))
    assert forms.names == (("table 1", "rubric"),)
    rubric = forms.rubrics[0]
    assert len(rubric.rows) == 10
    assert rubric.rows[6].level1 == "项目产出"
    assert rubric.printed_total == 98
    row = 2 if repeat_header else 1
    assert rubric.cells["rows[6].score"] == f"table 2, row {row}, column 8"
    assert [f.code for f in audit_rubric(rubric).findings] == ["criterion-mismatch"]


def test_a_word_table_after_a_finished_rubric_is_its_own():
    data = docx([(rubric_rows(), RUBRIC_MERGED), (PROJECT, [])])
    assert read_forms(data).names == (("table 1", "rubric"), ("table 2", "table"))


def test_a_table_perfeval_wrote_reads_as_the_table_reader_reads_it(tmp_path):
    import attrs

    from perfeval.readers import read_tables
    from perfeval.seed import seed_tables
    from perfeval.spreadsheet import write_workbook

    table = attrs.evolve(seed_tables()[2], policy="mof-2020")  # kept in the hidden sheet
    path = tmp_path / "table.xlsx"
    write_workbook(table, path)
    forms = read_forms(path)
    assert forms.names == (("自评表", "table"),)
    read = forms.tables[0].table
    assert read == read_tables(path)[0].table
    assert read.policy == "mof-2020"
    assert read.notes == table.notes


def test_json_and_toml_documents_of_every_kind_are_forms():
    import json

    import tomli_w

    from perfeval.form_documents import form_to_mapping
    from perfeval.kinds import read_named_forms
    from perfeval.seed import seed_document

    workbook = read_forms(
        xlsx({"评分表": (rubric_rows(), RUBRIC_MERGED), "系数表": (chongqing(), [])})
    )
    rubric, coefficient = workbook.rubrics[0], workbook.coefficients[0]
    data = json.dumps(form_to_mapping(coefficient), ensure_ascii=False).encode()
    assert read_forms(data).coefficients == (coefficient,)
    assert read_forms(data).names == (("document", "coefficient"),)
    assert read_forms(seed_document("2-3").encode()).names == (("document", "table"),)
    mapping = {k: v for k, v in form_to_mapping(rubric).items() if v is not None}
    mapping["rows"] = [{k: v for k, v in row.items() if v is not None} for row in mapping["rows"]]
    mapping["levels"] = [{k: v for k, v in x.items() if v is not None} for x in mapping["levels"]]
    toml = tomli_w.dumps(mapping).encode()
    assert read_named_forms("r.toml", toml).rubrics == (rubric,)
    with pytest.raises(DocumentError, match="format"):
        read_named_forms("x.json", b'{"format": "perfeval.rubric/9"}')


def test_every_form_audited_alone_is_audited_as_in_the_file():
    from perfeval.kinds import audit_form, forms_in_order

    forms = read_forms(xlsx({
        "自评表": (PROJECT, []), "评分表": (rubric_rows(), RUBRIC_MERGED),
        "系数表": (chongqing(), []), "部门整体": (department_rows(), DEPARTMENT_MERGED),
    }))  # fmt: skip
    together = audit_forms(forms)
    alone = tuple(audit_form(name, form) for name, _, form in forms_in_order(forms))
    assert alone == together
    assert [item.policy for item in alone] == ["mof-2020"] * 4
    assert [item.kind for item in alone] == ["table", "rubric", "coefficient", "department"]
    assert [item.total for item in alone][1:3] == [Decimal("97.32"), Decimal("93.75")]
