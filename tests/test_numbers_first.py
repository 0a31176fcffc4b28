"""Numbers first, explanations on demand: the scorecard that score_table returns (each
row's score and the total first, every row explained when it is read) is the scorecard
explained eagerly, field by field, and audits to the same findings, under every policy."""

import pickle
import random
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfeval.audit import CHECKS, _audit_card, audit
from perfeval.funds import FundBlock, FundRow
from perfeval.indicators import Indicator
from perfeval.policy import POLICIES, Policy
from perfeval.scoring import IndicatorScore
from perfeval.seed import seed_tables
from perfeval.table import Scorecard, Table, _score_table, score_table
from perfeval.targets import READ_CACHE_SIZE, _read_cached, parse_actual, parse_target
from perfeval.testing import strategies as pst
from perfeval.testing.fuzz import _CELLS, _mutate

#: The shipped policies, and variants that reach the strict, symmetric and linear forms.
POLICY_LIST: list[Policy] = [
    *POLICIES.values(),
    attrs.evolve(POLICIES["mof-2020"], id="strict-symmetric", strict_operators="strict",
                 equal_form="symmetric", reverse_form="linear", rescale_not_applicable=True),
]  # fmt: skip

_HEADINGS = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "成本指标"),
             ("产出指标", "时效指标"), ("效益指标", "社会效益指标"), ("产出指标（50分）", "成本"),
             ("满意度指标", "服务对象满意度指标"), ("其他", "自定义"), (None, None)]  # fmt: skip
_WORDS = ["效果明显", "达成预期指标", "部分达成", "未达成", "基本完成", "效果不明显", "无", "",
          "-", "按时完成", "未能按时完成", "2023年12月之前完成", "2023年9月", "30天内完成",
          "80%-90%", "85%", "95%以上", "≥95%", "无投诉", "12月底前", "1-2项"]  # fmt: skip
_OPERATORS = ["≥", "≤", "=", ">", "<", "", "不少于", "不超过"]
_UNITS = ["", "个", "%", "万元", "元", "人次", "天"]


def _number(rng: random.Random) -> str:
    value = Decimal(rng.choice([0, 1, 50, 95, 100, rng.randint(1, 5000)]))
    if rng.random() < 0.4:
        value += Decimal(rng.randint(0, 99)) / 100
    return str(value)


def _cells(rng: random.Random) -> tuple[str, str]:
    """A target and an actual, of every shape tables print: numbers against numbers in
    the same or another unit, words, dates, ranges, blanks and damaged text."""
    choice = rng.random()
    unit = rng.choice(_UNITS)
    if choice < 0.55:
        target = f"{rng.choice(_OPERATORS)}{_number(rng)}{unit}"
        other = unit if rng.random() < 0.9 else rng.choice(_UNITS)
        actual = f"{_number(rng)}{other}"
        if rng.random() < 0.1:
            actual = rng.choice(_WORDS)
        return target, actual
    if choice < 0.75:
        return rng.choice(_WORDS), rng.choice(_WORDS)
    if choice < 0.9:
        return rng.choice(_CELLS), rng.choice(_CELLS)
    return _mutate(rng.choice(_CELLS), rng), _mutate(rng.choice(_CELLS), rng)


def _points(rng: random.Random, high: int) -> Decimal | None:
    if rng.random() < 0.08:
        return None
    return Decimal(rng.randint(0, high * 100)) / 100


def _generated(count: int, seed: int) -> list[Table]:
    """*count* tables of mixed rows, drawn from a fixed seed (cheaper than hypothesis for
    thousands of tables, and the same on every run)."""
    rng = random.Random(seed)
    tables = []
    for index in range(count):
        rows = []
        for _ in range(rng.randint(0, 14)):
            level1, level2 = rng.choice(_HEADINGS)
            target, actual = _cells(rng)
            weight = _points(rng, 20) if rng.random() < 0.95 else Decimal(0)
            score = _points(rng, 22)
            name = "无" if rng.random() < 0.03 else f"指标{len(rows)}"
            if rng.random() < 0.02:  # a row cut off after its name
                target = actual = ""
                weight = score = None
            note = "已说明" if rng.random() < 0.3 else None
            row = Indicator(name=name, level1=level1, level2=level2, target=target, actual=actual,
                            weight=weight, score=score, note=note)  # fmt: skip
            rows.append(row)
        funds = None
        if rng.random() < 0.95:
            budget = _points(rng, 1000)
            executed = _points(rng, 1100)
            funds = FundBlock(
                weight=_points(rng, 10) if rng.random() < 0.2 else Decimal(10),
                total=FundRow(source="total", annual_budget=budget, executed=executed,
                              printed_rate=_points(rng, 110), printed_score=_points(rng, 10)),
            )  # fmt: skip
        grade = rng.choice([None, "优", "良", "中", "差", "甲"])
        table = Table(project=f"项目{index}", year=2023, funds=funds, indicators=rows,
                      printed_total=_points(rng, 100), printed_grade=grade)  # fmt: skip
        tables.append(table)
    return tables


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


def _explained_yet(card: Scorecard) -> bool:
    return all(row.explained is not None for row in card.rows)


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


def test_audit_reports_the_scorecard_score_table_gives() -> None:
    for table in _generated(30, seed=7):
        report = audit(table)
        assert report.scorecard == score_table(table)
        assert report.findings == _audit_card(score_table(table), CHECKS).findings


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


def test_a_reading_is_read_once_and_handed_out_again() -> None:
    first = parse_target("≥95%")
    assert parse_target("≥95%") is first
    assert parse_actual("≥95%") is not first  # actuals are read on their own
    assert _read_cached.cache_info().maxsize == READ_CACHE_SIZE


def test_a_cached_reading_keeps_the_year_it_was_read_with() -> None:
    assert parse_target("12月底前", year=2023) != parse_target("12月底前", year=2024)
