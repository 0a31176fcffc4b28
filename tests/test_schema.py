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
