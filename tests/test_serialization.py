"""perfeval.serialization: lossless JSON and TOML for every public type (cattrs at the edge)."""

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _helpers import run
from perfeval import POLICIES, Finding, LimitError, Policy
from perfeval.audit import AuditReport
from perfeval.document import table_shape
from perfeval.errors import DocumentError, InvalidTypeError
from perfeval.funds import FundBlock, FundRow
from perfeval.report import Report, build_report
from perfeval.seed import seed_tables
from perfeval.serialization import dumps, loads, structure, unstructure
from perfeval.table import Scorecard, Table, score_table
from perfeval.testing import strategies as pst

formats = st.sampled_from(["json", "toml"])


@given(pst.tables(), formats)
def test_tables_round_trip(table, fmt):
    assert loads(dumps(table, format=fmt), Table, format=fmt) == table


@given(pst.printed_tables(), formats)
def test_scorecards_round_trip(table, fmt):
    card = score_table(table)
    assert loads(dumps(card, format=fmt), Scorecard, format=fmt) == card


@given(pst.policies(), formats)
def test_policies_round_trip(policy, fmt):
    assert loads(dumps(policy, format=fmt), Policy, format=fmt) == policy


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_builtin_policies_audits_and_reports_round_trip(fmt):
    for policy in POLICIES.values():
        assert loads(dumps(policy, format=fmt), Policy, format=fmt) == policy
    report = build_report(seed_tables())
    assert loads(dumps(report, format=fmt), Report, format=fmt) == report
    first = report.audits[0]
    assert loads(dumps(first, format=fmt), AuditReport, format=fmt) == first
    finding = first.findings[0]
    assert loads(dumps(finding, format=fmt), Finding, format=fmt) == finding


def test_decimal_scale_is_kept():
    table = Table(project="x", printed_total=Decimal("8.60"))
    data = json.loads(dumps(table))
    assert data["printed_total"] == "8.60"
    assert loads(dumps(table), Table).printed_total.as_tuple() == Decimal("8.60").as_tuple()


def test_scorecard_json_carries_explanations():
    card = score_table(seed_tables()[2])
    row = unstructure(card)["indicators"][0]
    assert "capped" in row["explanation"]
    assert "封顶" in row["explanation_zh"]


def test_readings_are_tagged_by_kind():
    data = unstructure(seed_tables()[2])
    kinds = {row["target"]["kind"] for row in data["indicators"]}
    assert kinds == {"comparison", "deadline", "qualitative", "blank"}


def test_floats_are_refused_naming_the_field():
    text = dumps(Table(project="x", printed_total=Decimal("98.5")))
    data = json.loads(text)
    data["printed_total"] = 98.5

    with pytest.raises(DocumentError, match="printed_total"):
        structure(data, Table)


def test_wrong_shapes_are_document_errors():
    with pytest.raises(DocumentError, match="Table"):
        loads('{"project": 5, "indicators": "x"}', Table)
    with pytest.raises(DocumentError):
        loads("{", Table)


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_monitoring_and_department_types_round_trip(fmt):
    from importlib.resources import files

    from perfeval.department import Node, NodeScore, score_node
    from perfeval.document import department_from_mapping, monitoring_from_mapping, parse_json
    from perfeval.monitoring import MonitoringResult, MonitoringTable, monitor

    data = files("perfeval.data")
    tree, _ = department_from_mapping(
        parse_json(data.joinpath("department-example.json").read_text())
    )
    table = monitoring_from_mapping(
        parse_json(data.joinpath("monitoring-example.json").read_text())
    )
    for obj, cls in ((tree, Node), (score_node(tree), NodeScore), (table, MonitoringTable),
                     (monitor(table), MonitoringResult)):  # fmt: skip
        assert loads(dumps(obj, format=fmt), cls, format=fmt) == obj


@given(pst.evaluation_trees(), formats)
def test_generated_trees_round_trip(tree, fmt):
    from perfeval.department import Node

    assert loads(dumps(tree, format=fmt), Node, format=fmt) == tree


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_a_scorecard_with_an_exact_funds_value_of_1e_13_reloads(fmt):
    from perfeval.serialization import dumps
    from perfeval.serialization import loads as load_object

    funds = FundBlock(
        weight=Decimal(10),
        total=FundRow(source="total", annual_budget="1000000000000", executed="0.01"),
    )
    card = score_table(Table(project="x", funds=funds))
    assert card.funds is not None
    assert card.funds.exact == Decimal("1E-13")
    assert load_object(dumps(card, format=fmt), Scorecard, format=fmt) == card


def test_serialized_tables_are_recognised_and_read(tmp_path, capsys):
    from perfeval.serialization import dumps, table_from_data, unstructure

    table = seed_tables()[2]
    assert table_shape(unstructure(table)) == "serialized Table"
    assert table_from_data(unstructure(table)) == (table, "serialized Table")
    path = tmp_path / "table.json"
    path.write_text(dumps(table), encoding="utf-8")
    code, out = run(["score", str(path), "--format", "json"])
    assert code == 0
    assert json.loads(out)["total"] == "98.63"
    assert capsys.readouterr().err == f"perfeval: {path}: read as serialized Table\n"


def test_serialization_loads_refuses_duplicate_keys_and_deep_nesting():
    from perfeval.serialization import loads as load_object

    with pytest.raises(DocumentError, match="project"):
        load_object('{"project": "a", "project": "b"}', Table)
    with pytest.raises(LimitError):
        load_object("[" * 5000 + "]" * 5000, Table)


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_a_scorecard_whose_cells_were_read_in_the_other_sides_unit_round_trips(fmt):
    from perfeval.indicators import Indicator

    table = Table(
        project="x",
        indicators=(
            Indicator(name="a", target="≥90%", actual="0.95", weight="10", score="10"),
            Indicator(name="b", target="80%-90%", actual="0.85", weight="10", score="10"),
            Indicator(name="c", target="≤1.5万元", actual="14000", weight="10", score="10"),
        ),
    )
    card = score_table(table).explained()
    assert card.rows[0].unit_choice is not None
    assert loads(dumps(card, format=fmt), Scorecard, format=fmt) == card


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: loads("{}", "Table"), "cls"),
        (lambda: structure({}, None), "cls"),
        (lambda: dumps(b"x"), "obj"),
        (lambda: dumps(object(), format="toml"), "obj"),
        (lambda: loads(None, Table), "text"),
    ],
)
def test_serialization_refuses_a_wrong_argument_naming_it(call, field):
    with pytest.raises(InvalidTypeError) as caught:
        call()
    assert caught.value.field == field
