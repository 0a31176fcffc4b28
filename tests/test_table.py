"""Tables, scorecards, policies and what-if comparisons."""

from decimal import Decimal

import attrs
import pytest

from perfeval import (
    MOF_2020,
    POLICIES,
    FundRow,
    Indicator,
    InvalidTypeError,
    PerfevalError,
    Table,
    UnknownPolicyError,
    audit,
    get_policy,
    policy_ids,
)
from perfeval.document import table_from_mapping
from perfeval.table import compare, score_table

D = Decimal


def test_registry_has_the_named_variants():
    assert set(policy_ids()) == {
        "mof-2020", "mof-2020-uncapped", "mof-2020-linear-reverse", "mof-2020-tier50",
        "mof-2020-20-80", "mof-2020-rescaled",
    }  # fmt: skip
    assert get_policy("mof-2020") is MOF_2020


def test_unknown_policy_names_the_id():
    with pytest.raises(UnknownPolicyError, match="mof-2099"):
        get_policy("mof-2099")


def test_a_user_policy_is_an_evolved_one():
    mine = attrs.evolve(MOF_2020, id="湖南-2020", reverse_form="linear")
    assert mine.cap_execution_score
    assert mine.reverse_form == "linear"


@pytest.mark.parametrize(
    "changes",
    [{"qualitative_met_floor": D("1.5")}, {"qualitative_partly_floor": D("0.9")},
     {"over_achievement_threshold": D("0.5")}, {"funds_weight": D(0)}],
)  # fmt: skip
def test_invalid_policy_settings_are_refused(changes):
    with pytest.raises(ValueError, match=r"floor|threshold|positive"):
        attrs.evolve(MOF_2020, **changes)


def test_scorecard_subtotals_and_policy_id(document):
    card = score_table(table_from_mapping(document))
    assert card.policy_id == "mof-2020"
    assert card.subtotals(1) == {"产出指标": D(50), "效益指标": D(30), "满意度指标": D(10)}
    assert card.subtotals(2)["成本指标"] == D(10)
    assert card.total == sum(card.subtotals(1).values()) + card.funds.score


def test_twenty_eighty_policy_rescales_indicator_weights(document):
    document["indicators"][0]["actual"] = "5个"  # half the target: 15 × 5/10 → 7.50
    card = score_table(table_from_mapping(document), POLICIES["mof-2020-20-80"])
    assert card.funds.weight == D(20)
    assert sum(r.weight for r in card.indicators) == D(80)
    assert card.indicators[0].weight == D("13.3333")
    assert card.indicators[0].score == D("6.67")


def test_rescaled_policy_scales_the_total_over_applicable_rows(document):
    document["indicators"][6].update(name="无", target="无", actual=None, weight=None, score=None)
    table = table_from_mapping(document)
    assert score_table(table).total == D(90)
    assert score_table(table, POLICIES["mof-2020-rescaled"]).total == D(100)


def test_what_if_lists_the_rows_that_change(document):
    document["indicators"][3]["actual"] = "60万元"  # over the ≤50万元 cost target
    table = table_from_mapping(document)
    ratio = score_table(table)
    linear = score_table(table, POLICIES["mof-2020-linear-reverse"])
    changes = compare(ratio, linear)
    assert [(c.where, c.before, c.after) for c in changes] == [
        ("indicators[3]", D("8.33"), D("8.00"))  # 10×50/60 vs 10×(1−10/50)
    ]


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: __import__("perfeval").Table(project="x", indicators=[1]), "indicators"),
        (lambda: __import__("perfeval").Table(project="x", funds="60"), "funds"),
        (lambda: __import__("perfeval").FundBlock(sources=[{"source": "other"}]), "sources"),
        (lambda: __import__("perfeval").Indicator(name="x", target=object()), "target"),
        (lambda: __import__("perfeval").Node(name="x", children=["y"]), "children"),
    ],
)
def test_wrong_objects_fail_where_they_are_passed(build, field):
    from perfeval import InvalidTypeError

    with pytest.raises(InvalidTypeError) as caught:
        build()
    assert caught.value.field == field
    assert isinstance(caught.value, TypeError)


def test_a_number_passed_as_target_reads_as_its_printed_form():
    from perfeval import Indicator, score_indicator

    row = Indicator(name="x", level2="成本指标", target=60, actual=D("65"), weight="10")
    assert str(row.target) == "60"
    assert score_indicator(row).score == D("9.23")


@pytest.mark.parametrize(
    "make",
    [
        lambda: Table(project="x", printed_total=90.0),
        lambda: Table(project="x", year="二〇二三"),
        lambda: Table(project="x", indicators=None),
        lambda: Indicator(name="x", note=object()),
        lambda: FundRow(source=None),
        lambda: score_table({"project": "x"}),
        lambda: score_table(None),
        lambda: audit("not a table"),
        lambda: score_table(Table(project="x"), 7),
        lambda: score_table(Table(project="x"), "no-such-policy"),
    ],
)
def test_wrong_input_fails_with_perfevals_own_error(make):
    with pytest.raises(PerfevalError):
        make()


def test_constructors_convert_what_documents_accept():
    table = Table(project="x", printed_total="90", year="2023年", indicators=[
        Indicator(name=None, note=5, weight="10", score="8")])  # fmt: skip
    assert (table.printed_total, table.year) == (D(90), 2023)
    assert (table.indicators[0].name, table.indicators[0].note) == ("", "5")
    assert score_table(table, "mof-2020").total == D(8)
    with pytest.raises(InvalidTypeError) as caught:
        Table(project="x", indicators=None)
    assert isinstance(caught.value, TypeError)
