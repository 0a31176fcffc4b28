"""perfeval.document's schema(): the published JSON Schema of the input document."""

import json
from pathlib import Path

import jsonschema
import pytest

from perfeval.cli import main
from perfeval.document import dump_table, schema
from perfeval.seed import SEED_NAMES, seed_document, seed_tables

VALIDATOR = jsonschema.Draft202012Validator(schema())


def test_the_schema_is_valid():
    jsonschema.Draft202012Validator.check_schema(schema())


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_documents_validate(name):
    VALIDATOR.validate(json.loads(seed_document(name)))


def test_dumped_tables_validate():
    for table in seed_tables():
        VALIDATOR.validate(json.loads(json.dumps(dump_table(table))))


@pytest.mark.parametrize(
    "document",
    [
        {"indicators": []},
        {"project": "x"},
        {"project": "x", "indicators": [], "colour": "red"},
        {"project": "x", "indicators": [{"weight": -1}]},
        {"project": "x", "indicators": [], "funds": {"rows": [{"executed": "1"}]}},
    ],
)
def test_invalid_documents_fail(document):
    assert list(VALIDATOR.iter_errors(document))


def test_cli_prints_the_shipped_schema(capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == schema()


def test_the_docs_show_the_shipped_schema():
    docs = Path(__file__).parent.parent / "docs" / "schema.json"
    assert json.loads(docs.read_text(encoding="utf-8")) == schema()


# The form documents ----------------------------------------------------------------------


def _forms():
    """Every kind of form as the readers give it, and variants with blanks."""
    import attrs

    from _forms import xlsx
    from perfeval.kinds import read_forms
    from test_coefficient import chongqing
    from test_department_form import MERGED as DEPARTMENT_MERGED
    from test_department_form import department_rows
    from test_rubric import MERGED as RUBRIC_MERGED
    from test_rubric import rubric_rows

    forms = read_forms(xlsx({
        "评分表": (rubric_rows(), RUBRIC_MERGED), "系数表": (chongqing(), []),
        "部门整体": (department_rows(), DEPARTMENT_MERGED),
    }))  # fmt: skip
    rubric, coefficient = forms.rubrics[0], forms.coefficients[0]
    blank = attrs.evolve(coefficient.execution, weight=None, unit="元")
    return [
        rubric,
        attrs.evolve(rubric, title=None, printed_total=None, notes=("一条说明",)),
        coefficient,
        attrs.evolve(coefficient, execution=blank),
        attrs.evolve(coefficient, execution=None),
        forms.departments[0],
    ]


def _validator(format):
    from perfeval.form_documents import form_schema

    return jsonschema.Draft202012Validator(form_schema(format))


def test_every_form_document_written_validates_against_its_schema():
    from perfeval.form_documents import FORMATS, form_schema, form_to_mapping

    assert form_schema("perfeval.self-evaluation/1") == schema()
    for format in FORMATS.values():
        jsonschema.Draft202012Validator.check_schema(form_schema(format))
    for form in _forms():
        data = json.loads(json.dumps(form_to_mapping(form), ensure_ascii=False))
        _validator(data["format"]).validate(data)


@pytest.mark.parametrize(
    ("format", "document"),
    [
        ("perfeval.rubric/1", {"format": "perfeval.rubric/1", "rows": [{"weight": "5"}]}),
        ("perfeval.rubric/1", {"format": "perfeval.rubric/1", "colour": "red"}),
        (
            "perfeval.coefficient/1",
            {"format": "perfeval.coefficient/1", "rows": [{"name": "x", "coefficient": -1}]},
        ),
        (
            "perfeval.department-form/1",
            {
                "format": "perfeval.department-form/1",
                "department": "局",
                "table": {"indicators": []},
            },
        ),
        ("perfeval.department-form/1", {"format": "perfeval.coefficient/1"}),
    ],
)
def test_invalid_form_documents_fail(format, document):
    assert list(_validator(format).iter_errors(document))


def test_an_unknown_document_format_has_no_schema():
    from perfeval import DocumentError
    from perfeval.form_documents import form_schema

    with pytest.raises(DocumentError, match="no such document format"):
        form_schema("perfeval.rubric/2")


def test_cli_prints_the_schema_of_each_form_document(capsys):
    from perfeval.form_documents import form_schema

    assert main(["schema", "perfeval.coefficient/1"]) == 0
    assert json.loads(capsys.readouterr().out) == form_schema("perfeval.coefficient/1")
