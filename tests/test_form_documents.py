"""perfeval.form_documents: the other forms as JSON documents, read back exactly."""

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# Any form perfeval can hold -----------------------------------------------------------------


_points = st.none() | st.decimals(min_value=0, max_value=100, places=2).map(Decimal)
_texts = st.none() | st.text(alphabet="资金到位率≥95%（）分 \n1.5", min_size=1, max_size=12)
_names = st.text(alphabet="养护里程资金率", min_size=1, max_size=6)


def _fund_rows(sources):
    from perfeval.funds import FundRow

    amounts = st.none() | st.decimals(min_value=0, max_value=10**6, places=2)
    return st.builds(
        FundRow, source=sources, unit=st.sampled_from(["元", "万元"]), initial_budget=amounts,
        annual_budget=amounts, executed=amounts, printed_rate=amounts, printed_score=_points,
    )  # fmt: skip


def _forms_any():
    from perfeval.coefficient import CoefficientRow, CoefficientTable
    from perfeval.funds import FundBlock
    from perfeval.rubric import Level, Rubric, RubricRow

    rubric_rows = st.builds(
        RubricRow, level1=_texts, level2=_texts, name=_names, explanation=_texts,
        criterion=_texts, target=_texts, evidence=_texts, weight=_points, score=_points,
        optional=st.booleans(),
    )  # fmt: skip
    levels = st.builds(
        Level, name=_names, weight=_points, parent=st.none() | _names, printed_score=_points
    )
    rubrics = st.builds(
        Rubric, title=_texts, levels=st.lists(levels, max_size=3),
        rows=st.lists(rubric_rows, max_size=4), printed_total=_points,
        printed_total_weight=_points, printed_grade=st.none() | st.sampled_from(["优", "良"]),
        notes=st.lists(st.text(min_size=1, max_size=8), max_size=2).map(tuple),
    )  # fmt: skip
    lines = st.builds(
        CoefficientRow, level1=_texts, level2=_texts, name=_names,
        core=st.none() | st.booleans(), target=_texts, adjusted_target=_texts, actual=_texts,
        weight=_points, coefficient=st.none() | st.decimals(min_value=0, max_value=2, places=4),
        score=_points, note=_texts,
    )  # fmt: skip
    blocks = st.builds(
        FundBlock, weight=_points, unit=st.sampled_from(["元", "万元"]),
        total=st.none() | _fund_rows(st.just("total")),
        sources=st.lists(_fund_rows(st.sampled_from(["current_year", "other"])), max_size=2),
    )  # fmt: skip
    coefficients = st.builds(
        CoefficientTable, title=_texts, execution=st.none() | blocks,
        rows=st.lists(lines, max_size=4), printed_total=_points,
    )  # fmt: skip
    return rubrics | coefficients


@settings(max_examples=60, deadline=None)
@given(_forms_any())
def test_any_form_validates_and_reads_back_equal_as_json_and_toml(form):
    import jsonschema

    from perfeval.form_documents import dumps_form, form_schema, loads_form

    data = json.loads(json.dumps(form_to_mapping(form), ensure_ascii=False))
    jsonschema.Draft202012Validator(form_schema(data["format"])).validate(data)
    for format in ("json", "toml"):
        assert loads_form(dumps_form(form, format=format), format=format) == form


def test_a_department_form_scored_as_printed_stays_so_through_json_and_toml():
    from perfeval.department_form import IndicatorScoring, score_department_form
    from perfeval.form_documents import dumps_form, loads_form
    from test_department_form import PRINTED_TAIL, STACKED, form_with, read

    form = read(*form_with(STACKED, tail=PRINTED_TAIL))
    assert form.indicator_scoring is IndicatorScoring.PRINTED
    for back in (through_json(form), loads_form(dumps_form(form, format="toml"), format="toml")):
        assert back.indicator_scoring is IndicatorScoring.PRINTED
        assert back.scoring_basis == form.scoring_basis
        assert score_department_form(back).total == score_department_form(form).total
        assert audit_department_form(back).findings == audit_department_form(form).findings
    mapping = form_to_mapping(form)
    with pytest.raises(DocumentError, match="indicator_scoring"):
        form_from_mapping({**mapping, "indicator_scoring": "by-eye"})
