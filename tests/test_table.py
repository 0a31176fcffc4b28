"""perfeval.table: tables and scorecards (numbers first, explained on demand), comparisons."""

import pickle
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _helpers import _generated
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
from perfeval.audit import CHECKS, _audit_card
from perfeval.document import table_from_mapping
from perfeval.policy import Policy
from perfeval.scoring import IndicatorScore
from perfeval.seed import seed_tables
from perfeval.table import Scorecard, _score_table, compare, score_table
from perfeval.testing import strategies as pst

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


def test_points_are_put_on_the_total_s_scale_by_the_scorecard(document):
    document["indicators"][6].update(name="无", target="无", actual=None, weight=None, score=None)
    table = table_from_mapping(document)
    rescaling = score_table(table, POLICIES["mof-2020-rescaled"])
    assert rescaling.available_points == D(90)
    assert rescaling.rescaled(D(45)) == D("50.00")
    assert rescaling.rescaled(D(1)) == D("1.11")  # 100 / 90 = 1.111… half up
    assert score_table(table).rescaled(D(45)) == D(45)  # the national rule keeps points


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


#: The shipped policies, and variants that reach the strict, symmetric and linear forms.
POLICY_LIST: list[Policy] = [
    *POLICIES.values(),
    attrs.evolve(POLICIES["mof-2020"], id="strict-symmetric", strict_operators="strict",
                 equal_form="symmetric", reverse_form="linear", rescale_not_applicable=True),
]  # fmt: skip


def _sums(card: Scorecard) -> dict[str, Any]:
    """Everything a scorecard computes from its rows' numbers."""
    return {
        "total": card.total,
        "total_range": card.total_range,
        "grade": card.grade,
        "complete": card.complete,
        "scored_points": card.scored_points,
        "available_points": card.available_points,
        "missing_points": card.missing_points,
        "weights_known": card.weights_known,
        "subtotals": [card.subtotals(1), card.subtotals(2)],
        "group_weights": [card.group_weights(1), card.group_weights(2)],
    }


def assert_same_both_ways(table: Table, policy: Policy) -> None:
    eager = _score_table(table, policy, explain=True)
    lazy = score_table(table, policy)
    assert _sums(lazy) == _sums(eager)  # from the numbers alone
    assert len(lazy.indicators) == len(eager.indicators)
    for late, early in zip(lazy.indicators, eager.indicators, strict=True):
        for field in attrs.fields(IndicatorScore):
            assert getattr(late, field.name) == getattr(early, field.name), field.name
        assert repr(late) == repr(early)
        assert late.formula == early.formula
        assert late.explain("en") == early.explain("en")
        assert late.explain("zh_CN") == early.explain("zh_CN")
    assert lazy.funds == eager.funds
    assert lazy.weights_scale == eager.weights_scale
    assert lazy == eager
    assert _sums(lazy) == _sums(eager)  # and from the explained rows
    assert _audit_card(score_table(table, policy), CHECKS) == _audit_card(eager, CHECKS)


@pytest.mark.parametrize("policy", POLICY_LIST, ids=lambda p: p.id)
def test_numbers_first_equals_explained_eagerly_on_generated_tables(policy: Policy) -> None:
    for table in _generated(300, seed=15):
        assert_same_both_ways(table, policy)


@pytest.mark.parametrize("policy", POLICY_LIST, ids=lambda p: p.id)
def test_numbers_first_equals_explained_eagerly_on_the_seed_tables(policy: Policy) -> None:
    for table in seed_tables():
        assert_same_both_ways(table, policy)


@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
@given(
    tables=st.lists(
        st.one_of(
            pst.tables(),
            pst.printed_tables(),
            pst.faulty_tables(fault="score-mismatch").map(lambda pair: pair[0]),
        ),
        min_size=4,
        max_size=4,
    )
)
def test_numbers_first_equals_explained_eagerly_on_strategy_tables(tables: list[Table]) -> None:
    for table in tables:
        for policy in POLICY_LIST:
            assert_same_both_ways(table, policy)


def test_a_scorecard_pickles_and_serializes_with_its_rows_explained() -> None:
    from perfeval.serialization import dumps, loads, unstructure

    for table in [*seed_tables(), *_generated(20, seed=3)]:
        eager = _score_table(table, "mof-2020", explain=True)
        assert pickle.loads(pickle.dumps(score_table(table))) == eager
        assert unstructure(score_table(table)) == unstructure(eager)
        assert loads(dumps(score_table(table)), Scorecard) == eager


def test_threads_reading_the_rows_at_once_get_the_same_rows() -> None:
    tables = _generated(40, seed=11)
    cards = [score_table(table) for table in tables]
    with ThreadPoolExecutor(max_workers=4) as pool:
        seen = [pool.map(lambda card: card.indicators, cards) for _ in range(4)]
        results = [list(rows) for rows in seen]
    for rows in results:
        assert rows == [_score_table(t, "mof-2020", explain=True).indicators for t in tables]


def test_a_scorecard_stays_immutable() -> None:
    card = score_table(seed_tables()[0])
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        card.indicators = ()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        _ = card.no_such_attribute  # type: ignore[attr-defined]


def test_unknown_weights_leave_the_maximum_and_grade_unknown(document):
    for row in document["indicators"]:
        row.update(weight=None, score=None)
    card = audit(table_from_mapping(document)).scorecard
    assert card.total_range == (D("10.00"), None)
    assert card.grade is None


def test_an_empty_indicator_list_gives_a_funds_only_total(document):
    document["indicators"] = []
    document["total_score"] = None
    report = audit(table_from_mapping(document))
    assert report.scorecard.total == D("10.00")
    assert report.scorecard.grade.label == "差"
    assert "weights-mismatch" not in report.codes()


def test_an_explained_scorecard_keeps_every_field_of_the_one_it_explains() -> None:
    """explained() makes the scorecard field by field: a field added to Scorecard and not
    passed on would read as its default here."""
    card = score_table(seed_tables()[0], get_policy("mof-2020-20-80"))
    explained = card.explained()
    for field in attrs.fields(Scorecard):
        if field.name != "explained_rows":
            assert getattr(explained, field.name) is getattr(card, field.name), field.name
    assert explained.explained_rows == card.indicators
    assert explained.explained() is explained


def test_rows_and_notes_given_as_numpy_arrays_are_read_as_any_iterable():
    numpy = pytest.importorskip("numpy")
    row = Indicator(name="培训人数", target="≥10", actual="9", weight="10")
    table = Table(project="x", indicators=numpy.array([row], dtype=object),
                  notes=numpy.array(["抄录"]))  # fmt: skip
    assert table.indicators == (row,)
    assert table.notes == ("抄录",)
    assert Table(project="x", indicators=numpy.array([], dtype=object)).indicators == ()
