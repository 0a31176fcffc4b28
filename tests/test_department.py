"""perfeval.department: every rule kind at its boundaries, laws, located errors."""

import json
from decimal import Decimal
from importlib.resources import files

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfeval.cli import main
from perfeval.department import (
    Bands,
    Checklist,
    Deduction,
    IndicatorRule,
    Judged,
    Node,
    audit_tree,
    score_node,
)
from perfeval.document import department_from_mapping, parse_json
from perfeval.errors import (
    DocumentError,
    InvalidAmountError,
    InvalidNumberError,
    InvalidPolicyError,
    InvalidTypeError,
)
from perfeval.indicators import Indicator

D = Decimal
BANDS = (("90", "5"), ("80", "4"), ("60", "2"))


def leaf(rule, weight="5", **extra):
    return Node(name="指标", weight=weight, rule=rule, **extra)


@pytest.mark.parametrize(
    ("value", "points"),
    [("100", "5"), ("90", "5"), ("89.99", "4"), ("80", "4"), ("79.99", "2"), ("60", "2"),
     ("59.99", "0"), ("-5", "0")],
)  # fmt: skip
def test_bands_are_inclusive_at_each_lower_bound(value, points):
    assert score_node(leaf(Bands(value=value, bands=BANDS))).score == D(points)


def test_band_points_never_exceed_the_weight():
    assert score_node(leaf(Bands(value="95", bands=(("90", "8"),)), weight="5")).score == D(5)


@pytest.mark.parametrize(
    ("value", "counting", "score"),
    [("5", "whole", "5"), ("5.99", "whole", "5"), ("6", "whole", "4.5"), ("7.2", "whole", "4.0"),
     ("7.2", "started", "3.5"), ("7.2", "exact", "3.90"), ("100", "whole", "0"),
     ("3", "whole", "5")],
)  # fmt: skip
def test_deduction_per_percentage_point_over(value, counting, score):
    rule = Deduction(value=value, threshold="5", per_unit="0.5", counting=counting)
    assert score_node(leaf(rule)).score == D(score)


def test_deduction_under_a_threshold():
    rule = Deduction(value="85", threshold="90", per_unit="1", direction="under", unit="2")
    assert score_node(leaf(rule)).score == D(3)  # 5 pp under, 2 whole units of 2 pp


@pytest.mark.parametrize(("violations", "score"), [(0, "5"), (1, "4"), (5, "0"), (9, "0")])
def test_checklist_deducts_per_violation_floored_at_zero(violations, score):
    assert score_node(leaf(Checklist(violations=violations))).score == D(score)


def test_judged_and_indicator_leaves():
    assert score_node(leaf(Judged(score="3.5"))).score == D("3.5")
    assert score_node(leaf(Judged(score="7"))).score == D(5)
    row = Indicator(name="完成率", target="≥95%", actual="90%")
    assert score_node(leaf(IndicatorRule(indicator=row), weight="10")).score == D("9.47")


def test_tree_sums_and_checks_weights():
    tree = Node(name="root", weight="10", children=[
        Node(name="a", weight="6", rule=Judged(score="6")),
        Node(name="b", weight="3", rule=Checklist(violations=1)),
    ])  # fmt: skip
    scored, findings, grade = audit_tree(tree)
    assert scored.score == D(8)
    assert [(f.code, f.where) for f in findings] == [
        ("weights-mismatch", "tree.weight"),
        ("missing-deviation-note", "tree.children[1].note"),
    ]
    assert grade.label == "差"


def test_printed_scores_are_checked_at_every_level():
    tree = Node(name="root", weight="5", printed_score="5", children=[
        Node(name="a", weight="5", rule=Checklist(violations=1), printed_score="5", note="x"),
    ])  # fmt: skip
    _, findings, _ = audit_tree(tree)
    assert [(f.code, f.where) for f in findings] == [
        ("score-mismatch", "tree.printed_score"),
        ("score-mismatch", "tree.children[0].printed_score"),
    ]


def test_a_blank_leaf_leaves_the_total_blank_and_says_so():
    tree = Node(name="root", weight="5", children=[Node(name="a", weight="5", rule=Judged())])
    scored, findings, grade = audit_tree(tree)
    assert scored.score is None
    assert grade is None
    assert [(f.code, f.where) for f in findings] == [("missing-value", "tree.children[0].rule")]


def test_the_example_framework_scores_by_hand():
    path = files("perfeval.data").joinpath("department-example.json")
    tree, header = department_from_mapping(parse_json(path.read_text(encoding="utf-8")))
    scored, findings, grade = audit_tree(tree)
    # 决策 19 + 过程 (8 + 4.0 + 5 + 4) + 产出 30 + 效益 (14 + 10) = 94
    assert scored.score == D(94)
    assert findings == ()
    assert grade.label == "优"
    assert header["department"].startswith("示例市")


def test_cli_department(capsys):
    path = files("perfeval.data").joinpath("department-example.json")
    assert main(["department", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == "94.0"
    assert data["nodes"][0]["where"] == "tree"


@pytest.mark.parametrize(
    ("tree", "where"),
    [
        ({"name": "r", "weight": "x"}, "tree.weight"),
        ({"name": "r", "rule": {"kind": "magic"}}, "tree.rule.kind"),
        ({"name": "r", "rule": {"kind": "bands", "value": "9", "bands": [["1", "2"], ["5", "1"]]}},
         "tree.rule.bands"),
        ({"name": "r", "rule": {"kind": "checklist", "violations": 1.5}}, "tree.rule.violations"),
        ({"name": "r", "children": [{"weight": "1"}]}, "tree.children[0].name"),
        ({"name": "r", "children": [{"name": "a"}], "rule": {"kind": "judged"}}, "tree"),
    ],
)  # fmt: skip
def test_bad_department_documents_name_the_place(tree, where):
    with pytest.raises(DocumentError) as caught:
        department_from_mapping({"tree": tree})
    assert caught.value.field == where


def test_invalid_rules_are_refused():
    with pytest.raises(InvalidAmountError):
        Bands(value="1", bands=())
    with pytest.raises(InvalidAmountError):
        Checklist(violations=-1)
    with pytest.raises(ValueError, match="direction"):
        Deduction(value="1", threshold="0", per_unit="1", direction="sideways")


# Laws: bounded by the weight, monotone in the measured value ---------------------------

values = st.decimals(min_value=-50, max_value=200, places=2)
weights = st.decimals(min_value=1, max_value=20, places=1)


@given(values, values, weights)
def test_bands_are_bounded_and_monotone(a, b, weight):
    low, high = sorted((a, b))
    score = lambda v: score_node(leaf(Bands(value=v, bands=BANDS), weight=weight)).score  # noqa: E731
    assert 0 <= score(low) <= score(high) <= weight


@given(values, values, weights, st.sampled_from(["whole", "started", "exact"]))
def test_deductions_are_bounded_and_never_rise_with_the_deviation(a, b, weight, counting):
    low, high = sorted((a, b))

    def score(value):
        rule = Deduction(value=value, threshold="5", per_unit="0.5", counting=counting)
        return score_node(leaf(rule, weight=weight)).score

    assert 0 <= score(high) <= score(low) <= weight


@given(st.integers(0, 50), st.integers(0, 50), weights)
def test_checklists_are_bounded_and_never_rise_with_violations(a, b, weight):
    low, high = sorted((a, b))
    score = lambda n: score_node(leaf(Checklist(violations=n), weight=weight)).score  # noqa: E731
    assert 0 <= score(high) <= score(low) <= weight


@given(st.lists(st.tuples(weights, st.integers(0, 30)), min_size=1, max_size=6))
def test_a_tree_total_is_the_sum_of_its_leaves(leaves):
    children = [
        Node(name=f"l{i}", weight=w, rule=Checklist(violations=n))
        for i, (w, n) in enumerate(leaves)
    ]
    scored = score_node(Node(name="root", weight=sum(w for w, _ in leaves), children=children))
    assert scored.score == sum(child.score for child in scored.children)


def test_department_scores_compare_at_the_printed_precision():
    leaf = Node(
        name="预算执行",
        weight="10",
        rule=Deduction(
            value="96.3", threshold="100", per_unit="0.1", direction="under", counting="exact"
        ),
        printed_score="9.6",
    )
    scored, findings, _ = audit_tree(Node(name="整体", weight="10", children=[leaf]))
    assert scored.children[0].score == D("9.63")
    assert "score-mismatch" not in [f.code for f in findings]


@pytest.mark.parametrize("violations", [1.5, Decimal("1"), "2", -1, True])
def test_a_checklist_counts_whole_violations_only(violations):
    from perfeval.department import Checklist
    from perfeval.errors import InvalidAmountError

    with pytest.raises(InvalidAmountError, match="whole count") as caught:
        Checklist(violations=violations)
    assert caught.value.field == "violations"


@pytest.mark.parametrize(
    ("call", "error", "field"),
    [
        (lambda: Deduction(value="1", threshold="0", per_unit="1", direction=1), InvalidTypeError,
         "direction"),
        (lambda: Deduction(value="1", threshold="0", per_unit="1", counting="weekly"),
         InvalidPolicyError, "counting"),
        (lambda: Deduction(value="1", threshold=0.5, per_unit="1"), InvalidNumberError,
         "threshold"),
        (lambda: Deduction(value="1", threshold="0", per_unit=None), InvalidNumberError,
         "per_unit"),
        (lambda: Checklist(violations=1, per_violation=0.5), InvalidNumberError, "per_violation"),
        (lambda: Bands(value="1", bands=None), InvalidTypeError, "bands"),
        (lambda: Bands(value="1", bands=[("90",)]), InvalidTypeError, "bands"),
        (lambda: Bands(value="1", bands=[("90", 8.5)]), InvalidNumberError, "bands"),
        (lambda: Node(name="a", children=None), InvalidTypeError, "children"),
        (lambda: Node(name="a", children=[Node(name="b"), "c"]), InvalidTypeError, "children"),
        (lambda: Node(name="a", rule="judged"), InvalidTypeError, "rule"),
        (lambda: IndicatorRule(indicator=None), InvalidTypeError, "indicator"),
    ],
)  # fmt: skip
def test_a_wrong_rule_or_node_is_refused_naming_the_field(call, error, field):
    with pytest.raises(error) as caught:
        call()
    assert caught.value.field == field


def test_the_valid_neighbours_of_the_refused_rules_construct():
    rule = Deduction(value="1", threshold="0", per_unit="1", direction="under", counting="exact")
    assert (rule.direction, rule.counting, rule.threshold) == ("under", "exact", Decimal(0))
    assert Bands(value="1", bands=[["90", "8"]]).bands == ((Decimal(90), Decimal(8)),)
    assert Node(name="a", children=[Node(name="b", rule=Judged(score="1"))]).children[0].name == "b"
