"""perfeval.form_documents: the other forms as JSON documents, read back exactly."""

import json

import pytest

from perfeval.coefficient import audit_coefficients, read_coefficient_table
from perfeval.department_form import (
    DepartmentForm,
    audit_department_form,
    read_department_form,
)
from perfeval.document import parse_json
from perfeval.errors import DocumentError
from perfeval.form_documents import form_from_mapping, form_to_mapping
from perfeval.layout import Grid
from perfeval.rubric import audit_rubric, read_rubric
from test_coefficient import chongqing
from test_department_form import MERGED as DEPARTMENT_MERGED
from test_department_form import department_rows
from test_rubric import MERGED as RUBRIC_MERGED
from test_rubric import rubric_rows


def through_json(form):
    """*form* written as JSON text and read back."""
    return form_from_mapping(parse_json(json.dumps(form_to_mapping(form), ensure_ascii=False)))


def test_a_rubric_reads_back_the_same_and_audits_the_same():
    rubric = read_rubric(
        Grid.from_rows("评分表", rubric_rows(execution_score="5"), merged=RUBRIC_MERGED)
    )
    back = through_json(rubric)
    assert back == rubric
    assert audit_rubric(back).findings == audit_rubric(rubric).findings


def test_a_coefficient_table_reads_back_the_same_with_a_coefficient_above_1():
    rows = chongqing(adjustment=("10%", "8%", "120%", "12"))
    table = read_coefficient_table(Grid.from_rows("自评表", rows))
    back = through_json(table)
    assert back == table
    assert back.rows[1].coefficient == table.rows[1].coefficient  # 1.2, not 1.2%
    assert audit_coefficients(back).findings == audit_coefficients(table).findings


def test_a_department_form_reads_back_the_same():
    grid = Grid.from_rows(
        "部门整体", department_rows(breakdown_score="7"), merged=DEPARTMENT_MERGED
    )
    form = read_department_form(grid)
    back = through_json(form)
    assert back.breakdown == form.breakdown
    assert back.table == form.table
    assert audit_department_form(back).findings == audit_department_form(form).findings


def test_an_unknown_key_is_named():
    with pytest.raises(DocumentError, match=r"rows\[0\].*unknown keys: weigth"):
        form_from_mapping({"format": "perfeval.rubric/1", "rows": [{"name": "x", "weigth": "5"}]})


def test_an_unknown_format_is_refused():
    with pytest.raises(DocumentError, match="not a form document"):
        form_from_mapping({"format": "perfeval.self-evaluation/1"})


def _every_form():
    from test_schema import _forms

    return _forms()


@pytest.mark.parametrize("format", ["json", "toml"])
def test_every_form_reads_back_equal_from_json_and_toml_text(format):
    from perfeval.form_documents import dumps_form, loads_form

    for form in _every_form():
        text = dumps_form(form, format=format)
        back = loads_form(text, format=format)
        if isinstance(form, DepartmentForm):  # read from a sheet, read back from a document
            assert (back.department, back.table, back.breakdown) == (
                form.department, form.table, form.breakdown,
            )  # fmt: skip
        else:
            assert back == form
        if format == "toml":
            assert "null" not in text
    blank = _every_form()[3]
    assert blank.execution.weight is None  # a blank weight, not the default 10
    assert loads_form(dumps_form(blank, format="toml"), format="toml").execution.weight is None


def test_a_toml_form_document_is_read_where_a_json_one_is():
    from perfeval.form_documents import dumps_form
    from perfeval.kinds import read_named_forms

    rubric = _every_form()[0]
    text = dumps_form(rubric, format="toml").encode()
    assert read_named_forms("评分表.toml", text).rubrics == (rubric,)
    with pytest.raises(DocumentError, match="unknown document format"):
        dumps_form(rubric, format="yaml")
