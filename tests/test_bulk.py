"""perfeval.bulk: standard rows scored a column at a time, as the row path scores them."""

from decimal import Decimal
from itertools import pairwise
from typing import Any

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from perfeval import POLICIES, DocumentError
from perfeval.bulk import INDICATOR_COLUMNS, PROJECT_COLUMNS, score_batches, score_rows
from perfeval.database import FieldMap, LoadOptions, load_tables
from perfeval.errors import LimitError, PerfevalError
from perfeval.formulas import LinearReverse, Ratio
from perfeval.number import fixed
from perfeval.policy import MOF_2020, Policy
from perfeval.table import Scorecard, score_table
from perfeval.testing import strategies as pst

pa = pytest.importorskip("pyarrow")


class _Halved(Ratio):
    """A formula of a region's own: half the ratio (a subclass, so computed by value())."""

    def value(self, weight: Decimal, target: Decimal, actual: Decimal) -> Any:
        return super().value(weight, target, actual) / 2


_OWN = [
    attrs.evolve(MOF_2020, id="strict", strict_operators="strict", equal_form="symmetric"),
    attrs.evolve(MOF_2020, id="floored", reverse_form="floored",
                 formulas={"reverse": {"floored": LinearReverse(floor=Decimal("0.5"))}}),
    attrs.evolve(MOF_2020, id="halved", positive_form="halved",
                 formulas={"positive": {"halved": _Halved()}}),
]  # fmt: skip

_GROUPS = [
    ("产出指标", "数量指标"),
    ("产出指标", "成本指标"),
    ("效益指标", "社会效益指标"),
    ("满意度指标", "服务对象满意度指标"),
    (None, None),
    ("产出指标", "时效指标"),
]
_UNITS = ["", "个", "万元", "%", "人次", "元"]
_SIGNS = ["≥", "≤", ">", "<", "=", ""]
_WORDS = ["效果明显", "达到预期", "按时完成", "无", "", "未完成", "2023年12月前", "80%-90%",
          "30天内完成", "基本达成", "较好"]  # fmt: skip


@st.composite
def _numbers(draw: st.DrawFn) -> str:
    """Numbers as printed, many of them ending in an exact half cent."""
    whole = draw(st.integers(0, 5000))
    tail = draw(st.sampled_from(["", ".5", ".005", ".125", ".25", ".75", ".01", ".335"]))
    return f"{whole}{tail}"


@st.composite
def _cells(draw: st.DrawFn) -> tuple[str | None, str | None]:
    """A target and an actual: mostly numbers against numbers, often in one unit."""
    kind = draw(st.integers(0, 9))
    unit = draw(st.sampled_from(_UNITS))
    if kind <= 5:
        other = unit if draw(st.integers(0, 4)) else draw(st.sampled_from(_UNITS))
        return (
            draw(st.sampled_from(_SIGNS)) + draw(_numbers()) + unit,
            draw(_numbers()) + other,
        )
    if kind == 6:
        return draw(pst.target_texts()), draw(st.sampled_from(_WORDS) | _numbers())
    return (
        draw(st.sampled_from([*_WORDS, None])),
        draw(st.sampled_from([*_WORDS, None]) | _numbers()),
    )


@st.composite
def _row_sets(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Fund and indicator rows of a few projects, some naming their own policy."""
    funds: list[dict[str, Any]] = []
    indicators: list[dict[str, Any]] = []
    for number in range(draw(st.integers(1, 4))):
        code = f"P{number}"
        own = draw(st.sampled_from([None, *POLICIES]))
        if draw(st.booleans()):
            budget = draw(st.integers(1, 10**6))
            funds.append({
                "PRO_CODE": code, "FUND_SOURCE": "年度资金总额", "CUR_AMT": f"{budget / 100}",
                "YEAR_EXE_AMT": f"{draw(st.integers(0, 12 * budget // 10)) / 100}",
                "POLICY": own,
            })  # fmt: skip
            odd = draw(st.integers(0, 12))
            if odd == 0:  # a source row below the total
                funds.append({"PRO_CODE": code, "FUND_SOURCE": "当年财政拨款",
                              "CUR_AMT": f"{budget / 200}"})  # fmt: skip
            elif odd == 1:  # amounts with a unit, a zero or blank budget, a printed rate
                funds[-1]["CUR_AMT"] = draw(st.sampled_from(["517900元", "0", None, "3千元"]))
                funds[-1]["EXE_AMT_RATE"] = draw(st.sampled_from([None, "86.32%", "86.32"]))
            elif odd == 2:  # cells the fund row refuses
                funds[-1][draw(st.sampled_from(["CUR_AMT", "EXE_AMT_RATE", "EXE_SCORE"]))] = "abc"
            elif odd == 3:  # a weight of its own, and what the table prints
                funds[-1]["FUNDS_WEIGHT"] = draw(st.sampled_from(["10", "15分", None, "x"]))
                funds[-1]["PRO_NAME"] = draw(st.sampled_from(["项目", " ", ""]))
                funds[-1]["EXE_SCORE"] = draw(st.sampled_from(["8.5", None]))
        for name in range(draw(st.integers(0, 8))):
            level1, level2 = draw(st.sampled_from(_GROUPS))
            target, actual = draw(_cells())
            weight = draw(
                st.sampled_from(["10", "5.5", "0", None, "7.25", "3分", "12.5", 6, Decimal("7.50")])
            )
            score = draw(st.sampled_from([None, "0", "4", "5.25", "10", "8.5"]))
            indicators.append({
                "PRO_CODE": code, "KPI_LV1": level1, "KPI_LV2": level2,
                "KPI_LV3": draw(st.sampled_from([f"指标{name}", "", "无"])),
                "KPI_VAL": target, "IND_COMP": actual, "IND_WEIGHT": weight,
                "EVAL_SCORE": score, "FISCAL_YEAR": 2023, "POLICY": own,
            })  # fmt: skip
    return funds, indicators


def _fields(funds: list[dict[str, Any]], **names: Any) -> FieldMap:
    """The field map of *funds*: the funds weight column where a fund row holds one."""
    weighted = any("FUNDS_WEIGHT" in row for row in funds)
    return FieldMap(funds_weight="FUNDS_WEIGHT" if weighted else None, **names)


def _row_path(
    funds: Any, indicators: Any, policy: Policy | str | None, **kwargs: Any
) -> dict[str, Scorecard]:
    tables = load_tables(funds, indicators, **kwargs)
    return {code: score_table(table, policy) for code, table in tables.items()}


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else fixed(value)


def _assert_same(result: Any, cards: dict[str, Scorecard]) -> None:
    """The bulk result says what each scorecard says, field by field."""
    projects = result.projects.to_pylist()
    assert [row["PRO_CODE"] for row in projects] == list(cards)
    rows = iter(result.indicators.to_pylist())
    for row, card in zip(projects, cards.values(), strict=True):
        grade = card.grade
        assert row["policy"] == card.policy.id
        assert row["funds_score"] == (None if card.funds is None else _dec(card.funds.score))
        assert row["total"] == fixed(card.total)
        assert row["total_max"] == _dec(card.total_range[1])
        assert row["complete"] == card.complete
        assert row["grade"] == (None if grade is None else grade.label)
        assert row["indicators"] == len(card.rows)
        for index, decision in enumerate(card.rows):
            scored = next(rows)
            assert scored["PRO_CODE"] == row["PRO_CODE"]
            assert scored["row"] == index
            assert scored["rule"] == decision.rule.value
            assert scored["weight"] == _dec(decision.weight)
            assert scored["score"] == _dec(decision.score)
            assert scored["judged"] == decision.judged
    assert next(rows, None) is None


@settings(max_examples=80)
@given(
    rows=_row_sets(),
    policy=st.sampled_from([None, *POLICIES, *_OWN]) | pst.policies(),
    options=st.sampled_from([None, LoadOptions(ratio_actuals=True), LoadOptions(floats=True)]),
)
def test_the_column_path_scores_every_row_as_the_row_path(rows, policy, options):
    """Every shipped policy, policies of a region's own, and each table's own policy."""
    funds, indicators = rows
    fields = _fields(funds, policy="POLICY")
    try:
        cards = _row_path(funds, indicators, policy, fields=fields, options=options)
    except DocumentError as error:  # refused: refused the same way
        reason = str(error)
        with pytest.raises(DocumentError) as refused:
            score_rows(funds, indicators, fields=fields, options=options, policy=policy)
        assert str(refused.value) == reason
        return
    result = score_rows(funds, indicators, fields=fields, options=options, policy=policy)
    _assert_same(result, cards)


@settings(max_examples=30)
@given(rows=_row_sets(), policy=st.sampled_from([*POLICIES.values(), *_OWN]))
def test_the_column_decisions_are_the_row_decisions(rows, policy):
    """Each row's rule, weight, score, judged flag and whether it applies are those of the
    decision decide_row makes; the sums and the funds score are the scorecard's."""
    from perfeval.bulk import _column_path, _columns_of

    funds, indicators = rows
    fields = _fields(funds)
    try:
        cards = _row_path(funds, indicators, policy, fields=fields)
    except DocumentError:
        return  # refused: the test above holds the column path to the same refusal
    read = [_columns_of(part) for part in (funds, indicators, None)]
    bulk = {}
    for chunk in _column_path(*read, fields, LoadOptions(), policy):
        bulk.update(chunk)
    assert list(bulk) == list(cards)
    for code, card in cards.items():
        mine = bulk[code]
        assert mine.rules == [row.rule.value for row in card.rows]
        assert mine.judged == [row.judged for row in card.rows]
        assert mine.applies == [row.applies for row in card.rows]
        for name in ("weights", "scores"):  # the same numbers, printed the same way
            expected = [getattr(row, name[:-1]) for row in card.rows]
            assert [_dec(v) for v in getattr(mine, name)] == [_dec(v) for v in expected]
        assert mine.sums == card.sums
        assert mine.funds == (None if card.funds is None else (card.funds.weight, card.funds.score))


@settings(max_examples=20)
@given(rows=_row_sets())
def test_rows_decided_in_chunks_of_projects_score_as_all_at_once(rows):
    """Memory is bounded by deciding a few projects at a time; the result is the same."""
    import perfeval.bulk

    funds, indicators = rows
    try:
        whole = score_rows(funds, indicators)
    except DocumentError:
        assume(False)  # refused: the first test holds the refusal to the row path's
    chunk = perfeval.bulk.CHUNK_ROWS
    names = [
        list(dict.fromkeys(key for row in part for key in row)) for part in (funds, indicators)
    ]
    texts = [[{k: None if row.get(k) is None else str(row[k]) for k in keys} for row in part]
             for part, keys in zip((funds, indicators), names, strict=True)]  # fmt: skip
    # every row holds every column: Arrow takes its columns from the first row
    arrow = [pa.Table.from_pylist(part) if part else None for part in texts]
    try:
        perfeval.bulk.CHUNK_ROWS = 3  # type: ignore[misc]
        chunked = score_rows(funds, indicators)
        from_arrow = score_rows(*arrow)
    finally:
        perfeval.bulk.CHUNK_ROWS = chunk  # type: ignore[misc]
    assert chunked.projects.equals(whole.projects)
    assert chunked.indicators.equals(whole.indicators)
    as_text = score_rows(*texts)
    assert from_arrow.indicators.equals(as_text.indicators)
    assert from_arrow.projects.equals(as_text.projects)


def test_no_rows_give_empty_tables():
    result = score_rows()
    assert result.projects.num_rows == 0
    assert tuple(result.indicators.column_names) == INDICATOR_COLUMNS


def test_arrow_pandas_and_polars_input_score_as_mappings():
    funds = [{"PRO_CODE": "P1", "FUND_SOURCE": "年度资金总额", "CUR_AMT": "60",
              "YEAR_EXE_AMT": "51.79"}]  # fmt: skip
    indicators = [
        {"PRO_CODE": "P1", "KPI_LV1": "产出指标", "KPI_LV2": "成本指标", "KPI_LV3": "成本",
         "KPI_VAL": "≤60万元", "IND_COMP": "61.5万元", "IND_WEIGHT": "20", "EVAL_SCORE": "19"},
        {"PRO_CODE": "P1", "KPI_LV1": "效益指标", "KPI_LV2": "社会效益指标", "KPI_LV3": "效果",
         "KPI_VAL": "效果明显", "IND_COMP": "效果明显", "IND_WEIGHT": "70", "EVAL_SCORE": "70"},
    ]  # fmt: skip
    expected = score_rows(funds, indicators)
    arrow = score_rows(pa.Table.from_pylist(funds), pa.RecordBatch.from_pylist(indicators))
    assert arrow.projects.equals(expected.projects)
    assert arrow.indicators.equals(expected.indicators)
    assert expected.indicators.column("score").to_pylist() == ["19.51", "70"]
    pandas = pytest.importorskip("pandas")
    frames = score_rows(pandas.DataFrame(funds), pandas.DataFrame(indicators))
    assert frames.projects.equals(expected.projects)
    assert list(expected.to_pandas("indicators")["score"]) == ["19.51", "70"]


def test_the_result_has_its_documented_columns():
    result = score_rows(None, [{"PRO_CODE": 7, "KPI_LV3": "人数", "KPI_VAL": "≥10",
                                "IND_COMP": "9", "IND_WEIGHT": "10"}])  # fmt: skip
    assert tuple(result.projects.column_names) == PROJECT_COLUMNS
    assert tuple(result.indicators.column_names) == INDICATOR_COLUMNS
    assert result.projects.column("PRO_CODE").to_pylist() == ["7"]
    assert result.indicators.column("score").to_pylist() == ["9.00"]


def test_decimal_cells_keep_their_printed_digits():
    """``Decimal("10.0")`` equals ``Decimal("10")``; each is read as it is printed."""
    indicators = [
        {"PRO_CODE": "P1", "KPI_LV3": "甲", "KPI_VAL": "≥5", "IND_COMP": "6",
         "IND_WEIGHT": Decimal("10.0")},
        {"PRO_CODE": "P1", "KPI_LV3": "乙", "KPI_VAL": "≥5", "IND_COMP": "6",
         "IND_WEIGHT": Decimal("10")},
    ]  # fmt: skip
    cards = _row_path(None, indicators, None)
    result = score_rows(None, indicators)
    _assert_same(result, cards)
    assert result.indicators.column("score").to_pylist() == ["10.0", "10"]


_GOOD = {"PRO_CODE": "P1", "KPI_LV3": "人数", "KPI_VAL": "≥10", "IND_COMP": "9",
         "IND_WEIGHT": "10"}  # fmt: skip


_REFUSED = [
    ({"IND_WEIGHT": True}, None),
    ({"IND_WEIGHT": 9.5}, None),
    ({"IND_WEIGHT": "ten"}, None),
    ({"IND_WEIGHT": "-3"}, None),
    ({"EVAL_SCORE": "abc"}, None),
    ({"PRO_CODE": " "}, None),
    ({"PRO_CODE": 1.5}, None),
    ({"KPI_VAL": object()}, None),
    ({"KPI_LV3": ["a"]}, None),
    ({"PRO_NAME": "另一个项目"}, None),
    ({"IND_COMP": "9" * 100_001}, None),
    ({"IND_COMP": Decimal("1E+100")}, None),
    ({"IND_COMP": Decimal("sNaN")}, None),  # a Decimal that cannot be hashed
    ({"KPI_VAL": 10**5000}, LoadOptions(ratio_actuals=True)),  # beyond str() of an int
    ({"FISCAL_YEAR": 10**5000}, None),
    ({"IND_WEIGHT": Decimal("-sNaN"), "KPI_LV1": Decimal("NaN")}, None),
    (
        {"IND_COMP": 0.95, "KPI_VAL": "≥95%"},
        LoadOptions(ratio_actuals=True, ratio_limit=Decimal("0.5"), floats=True),
    ),
]


@pytest.mark.parametrize(("change", "options"), _REFUSED)
def test_a_row_the_row_path_refuses_is_refused_the_same_way(change, options):
    """The same error type and message, naming the project, the row and the field."""
    rows = [dict(_GOOD, PRO_NAME="项目"), {**_GOOD, **change}]
    with pytest.raises((DocumentError, LimitError)) as expected:
        load_tables(None, rows, options=options)
    with pytest.raises(type(expected.value)) as refused:
        score_rows(None, rows, options=options)
    assert str(refused.value) == str(expected.value)


def test_text_arrow_cannot_hold_is_refused_naming_the_project_and_column():
    """A lone surrogate is Python text but not UTF-8: the Arrow result cannot hold it."""
    rows = [dict(_GOOD, PRO_NAME="项目\ud800")]
    assert load_tables(None, rows)["P1"].project == "项目\ud800"
    with pytest.raises(DocumentError, match="lone surrogate") as refused:
        score_rows(None, rows)
    assert refused.value.field == "project"
    assert "P1" in str(refused.value.row)


def test_input_that_is_not_rows_is_refused_as_load_tables_refuses_it():
    with pytest.raises(DocumentError) as expected:
        load_tables(None, [_GOOD, "not a row"])
    with pytest.raises(DocumentError) as refused:
        score_rows(None, [_GOOD, "not a row"])
    assert str(refused.value) == str(expected.value)
    with pytest.raises(DocumentError, match="indicator rows"):
        score_rows(None, "P1")


def test_a_misspelt_field_name_is_refused():
    with pytest.raises(DocumentError, match=r"FieldMap\.weight"):
        score_rows(None, [_GOOD], fields=FieldMap(weight="IND_WEIGHTS"))


def test_float_cells_are_read_when_asked_as_the_row_path_reads_them():
    rows = [{**_GOOD, "IND_WEIGHT": 10.0, "IND_COMP": 9.125, "EVAL_SCORE": float("nan")}]
    options = LoadOptions(floats=True)
    _assert_same(
        score_rows(None, rows, options=options), _row_path(None, rows, None, options=options)
    )


def test_rows_without_the_optional_columns_score_as_the_row_path():
    rows = [{"PRO_CODE": "P1", "KPI_LV3": "人数"}, {"PRO_CODE": "P1", "KPI_LV3": "次数"}]
    for policy in ("mof-2020", "mof-2020-20-80"):
        _assert_same(score_rows(None, rows, policy=policy), _row_path(None, rows, policy))


def test_a_policy_that_rescales_indicator_weights_scores_as_the_row_path():
    rows = [{**_GOOD, "KPI_LV3": f"指标{i}", "IND_WEIGHT": "30", "IND_COMP": str(7 + i)}
            for i in range(3)]  # fmt: skip
    _assert_same(score_rows(None, rows, policy="mof-2020-20-80"),
                 _row_path(None, rows, "mof-2020-20-80"))  # fmt: skip


_REGIONAL = """\
format = "perfeval.policy/1"
id = "region-linear"
extends = "mof-2020"

[settings]
reverse_form = "linear-floor-half"

[formulas.reverse]
linear-floor-half = { kind = "linear", floor = 0.5 }
"""


def test_partitions_of_a_parquet_dataset_score_on_a_local_dask_cluster(tmp_path):
    """docs/scale.md: each partition (the fund and indicator rows of its projects) is
    scored by a spawned worker under a regional policy read from a file; the result is
    the one score_rows gives for all the rows at once."""
    dask = pytest.importorskip("dask")
    distributed = pytest.importorskip("distributed")
    parquet = pytest.importorskip("pyarrow.parquet")
    from perfeval.policy_files import read_policy

    policy_file = tmp_path / "region.toml"
    policy_file.write_text(_REGIONAL, encoding="utf-8")
    funds, indicators = [], []
    for number in range(6):
        code = f"P{number}"
        funds.append({"PRO_CODE": code, "FUND_SOURCE": "年度资金总额", "CUR_AMT": "80",
                      "YEAR_EXE_AMT": f"{70 + number}.5"})  # fmt: skip
        indicators += [
            {"PRO_CODE": code, "KPI_LV1": "产出指标", "KPI_LV2": "成本指标", "KPI_LV3": "成本",
             "KPI_VAL": "≤40万元", "IND_COMP": f"{45 + number}.25万元", "IND_WEIGHT": "45",
             "EVAL_SCORE": "40"},
            {"PRO_CODE": code, "KPI_LV1": "产出指标", "KPI_LV2": "数量指标", "KPI_LV3": "人数",
             "KPI_VAL": "≥200人", "IND_COMP": f"{185 + number}人", "IND_WEIGHT": "45",
             "EVAL_SCORE": "40"},
        ]  # fmt: skip
    parts = []
    for part in range(3):  # a project's rows all in one partition
        folder = tmp_path / "rows" / f"part={part}"
        folder.mkdir(parents=True)
        mine = {f"P{number}" for number in range(6) if number % 3 == part}
        parquet.write_table(
            pa.Table.from_pylist([r for r in funds if r["PRO_CODE"] in mine]),
            folder / "funds.parquet",
        )
        parquet.write_table(
            pa.Table.from_pylist([r for r in indicators if r["PRO_CODE"] in mine]),
            folder / "indicators.parquet",
        )
        parts.append(str(folder))

    def score_partition(folder: str, policy_path: str) -> Any:
        import pyarrow.parquet as pq

        from perfeval.bulk import score_rows
        from perfeval.policy_files import read_policy

        result = score_rows(
            pq.read_table(f"{folder}/funds.parquet"),
            pq.read_table(f"{folder}/indicators.parquet"),
            policy=read_policy(policy_path),
        )
        return result.projects, result.indicators

    spawn = {"distributed.worker.multiprocessing-method": "spawn"}
    with (
        dask.config.set(spawn),
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        futures = client.map(score_partition, parts, policy_path=str(policy_file))
        scored = client.gather(futures)
    projects = pa.concat_tables([part[0] for part in scored]).sort_by("PRO_CODE")
    order = [("PRO_CODE", "ascending"), ("row", "ascending")]
    rows = pa.concat_tables([part[1] for part in scored]).sort_by(order)
    whole = score_rows(funds, indicators, policy=read_policy(policy_file))
    assert projects.equals(whole.projects.sort_by("PRO_CODE"))
    assert rows.equals(whole.indicators)
    assert set(projects.column("policy").to_pylist()) == {"region-linear"}


def test_a_dataframe_with_missing_values_scores_as_the_row_path():
    """pandas stores a missing number as NaN in a float column: blank, as load_tables reads it."""
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame(
        [
            {**_GOOD, "FISCAL_YEAR": float("nan"), "EVAL_SCORE": 9.0},
            {**_GOOD, "KPI_LV3": "次数", "FISCAL_YEAR": float("nan"), "EVAL_SCORE": None},
        ]
    )
    options = LoadOptions(floats=True)
    expected = _row_path(None, frame, None, options=options)
    _assert_same(score_rows(None, frame, options=options), expected)
    with pytest.raises(DocumentError, match="float"):
        score_rows(None, frame)


# Streaming: score_batches ----------------------------------------------------------------


def _streamed(pieces: Any, funds: Any = None, **kwargs: Any) -> Any:
    """The results of score_batches joined into one BulkResult-like pair of tables."""
    parts = list(score_batches(pieces, funds, **kwargs))
    assert parts  # at least one result, with its columns
    return (
        pa.concat_tables([part.projects for part in parts]),
        pa.concat_tables([part.indicators for part in parts]),
    )


def _by_project(projects: Any, indicators: Any) -> tuple[Any, Any]:
    """The two tables in project order (streaming gives projects as their rows end)."""
    return projects.sort_by("PRO_CODE"), indicators.sort_by([("PRO_CODE", "ascending"),
                                                             ("row", "ascending")])  # fmt: skip


@st.composite
def _splits(draw: st.DrawFn, rows: list[Any]) -> list[list[Any]]:
    """*rows* cut into contiguous pieces, empty pieces included."""
    cuts = sorted(draw(st.lists(st.integers(0, len(rows)), max_size=5)))
    bounds = [0, *cuts, len(rows)]
    return [rows[start:end] for start, end in pairwise(bounds)]


@settings(max_examples=60)
@given(
    data=st.data(),
    rows=_row_sets(),
    policy=st.sampled_from([None, *POLICIES, *_OWN]),
    options=st.sampled_from([None, LoadOptions(ratio_actuals=True), LoadOptions(floats=True)]),
    arrow=st.booleans(),
)
def test_any_split_of_the_rows_into_pieces_scores_as_all_at_once(
    data, rows, policy, options, arrow
):
    """Each project scored from pieces as score_rows scores all the rows: field by field,
    whatever the cuts, from mappings or Arrow record batches; refused when it refuses."""
    funds, indicators = rows
    fields = FieldMap(policy="POLICY")
    pieces = data.draw(_splits(indicators))
    if arrow:
        pieces = [pa.RecordBatch.from_pylist(
            [{k: None if v is None else str(v) for k, v in row.items()} for row in piece]
        ) for piece in pieces if piece]  # fmt: skip
        indicators = [row for piece in pieces for row in piece.to_pylist()]
    try:
        whole = score_rows(funds, indicators, fields=fields, options=options, policy=policy)
    except DocumentError:
        with pytest.raises(DocumentError, match="project P"):
            _streamed(pieces, funds, fields=fields, options=options, policy=policy)
        return
    streamed = _streamed(pieces, funds, fields=fields, options=options, policy=policy)
    expected = _by_project(whole.projects, whole.indicators)
    got = _by_project(*streamed)
    assert got[0].equals(expected[0])
    assert got[1].equals(expected[1])


def test_projects_come_as_their_rows_end_and_fund_only_projects_last():
    funds = [{"PRO_CODE": code, "FUND_SOURCE": "年度资金总额", "CUR_AMT": "60",
              "YEAR_EXE_AMT": "51.79"} for code in ("P0", "P1", "P2")]  # fmt: skip
    rows = [{**_GOOD, "PRO_CODE": code, "KPI_LV3": f"指标{i}"}
            for code in ("P2", "P3", "P1") for i in range(2)]  # fmt: skip
    parts = list(score_batches([rows[:3], rows[3:]], funds))
    assert [part.projects.column("PRO_CODE").to_pylist() for part in parts] == [
        ["P2"],
        ["P3"],
        ["P1"],
        ["P0"],
    ]
    whole = score_rows(funds, rows)
    streamed = _by_project(*_streamed([rows[:3], rows[3:]], funds))
    assert streamed[0].equals(whole.projects.sort_by("PRO_CODE"))
    assert streamed[0].column("indicators").to_pylist() == [0, 2, 2, 2]


def test_an_empty_stream_gives_one_empty_result_with_its_columns():
    for pieces in (None, [], [[]], iter([pa.table({"PRO_CODE": pa.array([], pa.string())})])):
        (result,) = score_batches(pieces)
        assert result.projects.num_rows == result.indicators.num_rows == 0
        assert tuple(result.projects.column_names) == PROJECT_COLUMNS
        assert tuple(result.indicators.column_names) == INDICATOR_COLUMNS


def test_projects_with_fund_rows_only_are_scored():
    funds = [{"PRO_CODE": "P1", "FUND_SOURCE": "年度资金总额", "CUR_AMT": "60",
              "YEAR_EXE_AMT": "51.79"}]  # fmt: skip
    (result,) = score_batches([], funds, projects=[{"PRO_CODE": "P0", "PRO_NAME": "培训"}])
    assert result.projects.to_pylist() == score_rows(funds, None, [
        {"PRO_CODE": "P0", "PRO_NAME": "培训"}]).projects.to_pylist()  # fmt: skip
    assert result.projects.column("funds_score").to_pylist() == [None, "8.63"]


@pytest.mark.parametrize("pieces", [[["P1", "P2", "P1"]], [["P1"], ["P2"], ["P1"]],
                                    [["P1", "P2"], [], ["P2", "P1"]]])  # fmt: skip
def test_a_project_that_comes_back_after_another_began_is_refused_naming_it(pieces):
    stream = [[{**_GOOD, "PRO_CODE": code} for code in piece] for piece in pieces]
    with pytest.raises(DocumentError, match="grouped or sorted by project code") as refused:
        list(score_batches(stream))
    error = refused.value
    assert error.value == "P1"
    assert error.field == "PRO_CODE"
    last, count = len(pieces) - 1, sum(len(piece) for piece in pieces)
    assert error.row == f"indicator row {count - 1} (piece {last}, row {len(pieces[last]) - 1})"


@pytest.mark.parametrize(("change", "options"), _REFUSED)
def test_a_bad_row_in_a_piece_is_refused_as_load_tables_refuses_it(change, options):
    """The same message, the row counted in the whole stream, whichever piece holds it."""
    rows = [dict(_GOOD, PRO_CODE="P0"), dict(_GOOD, PRO_NAME="项目"), {**_GOOD, **change}]
    with pytest.raises((DocumentError, LimitError)) as expected:
        load_tables(None, rows, options=options)
    for pieces in ([rows], [rows[:1], rows[1:2], rows[2:]], [rows[:2], [], rows[2:]]):
        with pytest.raises(type(expected.value)) as refused:
            list(score_batches(pieces, options=options))
        assert str(refused.value) == str(expected.value)


def test_a_bad_fund_row_is_named_as_in_the_whole_input():
    funds = [{"PRO_CODE": f"P{i}", "FUND_SOURCE": "年度资金总额", "CUR_AMT": "60",
              "YEAR_EXE_AMT": "51.79"} for i in range(3)]  # fmt: skip
    funds[2]["CUR_AMT"] = "sixty"
    rows = [{**_GOOD, "PRO_CODE": f"P{i}"} for i in range(3)]
    with pytest.raises(DocumentError) as expected:
        load_tables(funds, rows)
    with pytest.raises(DocumentError) as refused:
        list(score_batches([rows[:2], rows[2:]], funds))
    assert str(refused.value) == str(expected.value)
    assert "fund row 2" in str(refused.value)


def test_a_piece_that_is_not_rows_is_refused_naming_the_row():
    with pytest.raises(DocumentError) as expected:
        load_tables(None, [_GOOD, _GOOD, "not a row"])
    with pytest.raises(DocumentError) as refused:
        list(score_batches([[_GOOD], [_GOOD, "not a row"]]))
    assert str(refused.value) == str(expected.value)
    with pytest.raises(DocumentError, match="piece 1"):
        list(score_batches([[_GOOD], _GOOD]))  # one row, not a piece of rows


def test_a_whole_table_is_read_by_its_batches_and_a_whole_frame_is_refused():
    rows = [{**_GOOD, "PRO_CODE": f"P{i // 2}", "KPI_LV3": f"指标{i}"} for i in range(6)]
    whole = score_rows(None, rows)
    table = pa.Table.from_batches(pa.Table.from_pylist(rows).to_batches(max_chunksize=3))
    assert _streamed(table)[0].equals(whole.projects)
    pandas = pytest.importorskip("pandas")
    with pytest.raises(DocumentError, match="iterable of pieces"):
        list(score_batches(pandas.DataFrame(rows)))
    assert _streamed([pandas.DataFrame(rows[:3]), pandas.DataFrame(rows[3:])])[1].equals(
        whole.indicators
    )


def test_a_misspelt_field_name_is_refused_in_a_stream():
    with pytest.raises(DocumentError, match=r"FieldMap\.weight"):
        list(score_batches([[_GOOD]], fields=FieldMap(weight="IND_WEIGHTS")))
    funds = [{"PRO_CODE": "P1", "FUND_SOURCE": "合计", "YEAR_EXE_AMT": "5"}]
    with pytest.raises(DocumentError, match=r"FieldMap\.executed"):
        list(score_batches([], funds, fields=FieldMap(executed="EXE_AMT")))


# Disagreements with the row path, and properties over wider input ----------------------


def _total_row(code: str, **cells: Any) -> dict[str, Any]:
    """A fund block's total row of project *code*."""
    return {"PRO_CODE": code, "FUND_SOURCE": "年度资金总额", "CUR_AMT": "100",
            "YEAR_EXE_AMT": "51.79", **cells}  # fmt: skip


def test_projects_with_fund_rows_only_of_different_years_score_as_the_row_path():
    funds = [_total_row("P0", FISCAL_YEAR=2022), _total_row("P1", FISCAL_YEAR=2023)]
    cards = _row_path(funds, None, None)
    _assert_same(score_rows(funds, None), cards)
    streamed = _streamed([], funds)
    assert streamed[0].equals(score_rows(funds, None).projects)


def test_a_stream_reads_a_named_column_held_by_other_projects_as_score_rows_does():
    """P1's names print the same in two ways (the row path reads it); only P0's rows hold
    the POLICY column the field map names."""
    fields = FieldMap(policy="POLICY")
    rows = [
        {**_GOOD, "PRO_CODE": "P0", "POLICY": "mof-2020"},
        {**_GOOD, "PRO_CODE": "P1", "PRO_NAME": "工作经费（2023）"},
        {**_GOOD, "PRO_CODE": "P1", "KPI_LV3": "次数", "PRO_NAME": "工作经费(2023)"},
    ]
    whole = score_rows(None, rows, fields=fields)
    _assert_same(whole, _row_path(None, rows, None, fields=fields))
    streamed = _by_project(*_streamed([rows], fields=fields))
    assert streamed[0].equals(whole.projects)
    assert streamed[1].equals(whole.indicators)


def test_a_named_column_no_row_read_so_far_holds_is_refused_at_once():
    """A stream checks the named columns against the fund and project rows and its first
    piece: a misspelt name is refused before any result read it as blank."""
    fields = FieldMap(policy="POLICY")
    rows = [{**_GOOD, "PRO_CODE": "P0"}, {**_GOOD, "PRO_CODE": "P1", "POLICY": "mof-2020-20-80"}]
    whole = score_rows(None, rows, fields=fields)
    assert whole.projects.column("policy").to_pylist() == ["mof-2020", "mof-2020-20-80"]
    assert _by_project(*_streamed([rows], fields=fields))[0].equals(whole.projects)
    with pytest.raises(DocumentError, match="column named for policy") as refused:
        _streamed([rows[:1], rows[1:]], fields=fields)
    assert refused.value.field == "FieldMap.policy"
    columns = [pa.Table.from_pylist([{**row, "POLICY": row.get("POLICY")}]) for row in rows]
    assert _by_project(*_streamed(columns, fields=fields))[0].equals(whole.projects)


_UNSCORABLE = [  # a first project the row path reads but cannot score
    ({"POLICY": "mof-2021"}, FieldMap(policy="POLICY"), None),  # a policy id misspelt
    ({}, None, "mof2020"),  # the policy given misspelt
]


@pytest.mark.parametrize(("change", "fields", "policy"), _UNSCORABLE)
def test_a_later_row_the_row_path_refuses_is_refused_before_an_earlier_row_is_scored(
    change, fields, policy
):
    """load_tables refuses P1's weight before any table is scored; score_table would
    raise for P0."""
    rows = [{**_GOOD, "PRO_CODE": "P0", **change}, {**_GOOD, "PRO_CODE": "P1", "IND_WEIGHT": "ten"}]
    with pytest.raises(DocumentError) as expected:
        load_tables(None, rows, fields=fields)
    with pytest.raises(DocumentError) as refused:
        score_rows(None, rows, fields=fields, policy=policy)
    assert str(refused.value) == str(expected.value)


@pytest.mark.parametrize("field", ["KPI_VAL", "IND_COMP", "IND_WEIGHT", "EVAL_SCORE"])
def test_a_signalling_nan_is_refused_as_load_tables_refuses_it(field):
    rows = [dict(_GOOD, PRO_NAME="项目"), {**_GOOD, field: Decimal("sNaN")}]
    with pytest.raises(DocumentError) as expected:
        load_tables(None, rows)
    with pytest.raises(DocumentError) as refused:
        score_rows(None, rows)
    assert str(refused.value) == str(expected.value)


def test_a_named_column_held_by_the_indicator_rows_alone_is_read_in_a_stream():
    fields = FieldMap(policy="POLICY")
    funds = [_total_row("P0")]
    rows = [{**_GOOD, "PRO_CODE": "P0", "POLICY": "mof-2020-20-80"}]
    whole = score_rows(funds, rows, fields=fields)
    assert whole.projects.column("policy").to_pylist() == ["mof-2020-20-80"]
    streamed = _streamed([rows], funds, fields=fields)
    assert streamed[0].equals(whole.projects)
    assert streamed[1].equals(whole.indicators)


@pytest.mark.filterwarnings("ignore:DataFrame columns are not unique")
@pytest.mark.parametrize("kind", ["pandas", "arrow"])
def test_a_column_given_twice_that_no_field_reads_scores_as_the_row_path(kind):
    names, values = [*_GOOD, "ID", "ID"], [*_GOOD.values(), 1, 2]
    if kind == "pandas":
        pandas = pytest.importorskip("pandas")
        frame: Any = pandas.DataFrame([values], columns=names)
    else:
        frame = pa.Table.from_arrays([pa.array([value]) for value in values], names=names)
    _assert_same(score_rows(None, frame), _row_path(None, frame, None))
    streamed = _streamed([frame])
    assert streamed[0].equals(score_rows(None, frame).projects)


def _twice(kind: str) -> tuple[Any, list[dict[str, Any]]]:
    """A frame or table whose IND_WEIGHT column is given twice ("10", then "20"), and its
    rows as the row path reads them."""
    names, values = [*_GOOD, "IND_WEIGHT"], [*_GOOD.values(), "20"]
    if kind == "pandas":
        pandas = pytest.importorskip("pandas")
        frame = pandas.DataFrame([values], columns=names)
        return frame, frame.to_dict("records")
    table = pa.Table.from_arrays([pa.array([value]) for value in values], names=names)
    return table, table.to_pylist()


@pytest.mark.filterwarnings("ignore:DataFrame columns are not unique")
@pytest.mark.parametrize("kind", ["pandas", "arrow"])
def test_a_column_name_given_twice_is_refused_by_both_paths_naming_it(kind):
    """Which of two IND_WEIGHT columns holds the weight is not known: both paths refuse,
    alike, rather than take one."""
    frame, _ = _twice(kind)
    with pytest.raises(DocumentError, match="IND_WEIGHT") as expected:
        load_tables(None, frame)
    with pytest.raises(DocumentError) as refused:
        score_rows(None, frame)
    assert str(refused.value) == str(expected.value)
    with pytest.raises(DocumentError) as streamed:
        _streamed([frame])
    assert "IND_WEIGHT" in str(streamed.value)


@st.composite
def _wide_numbers(draw: st.DrawFn) -> str:
    """Numbers as printed, whose products pass 64 bits, negative, zero or with many
    decimals."""
    return draw(
        st.sampled_from(["123456789012345.678", "-123456789012345.678", "0", "-0.5", "0.00",
                         "99999999999999999.99", "9.995", "10.005", "7.123456", "1E+3"])
        | st.builds("{}.{}".format, st.integers(-10**15, 10**15), st.integers(0, 10**9))
        | _numbers()
    )  # fmt: skip


@settings(max_examples=60)
@given(
    cells=st.lists(
        st.tuples(
            st.sampled_from(_SIGNS),
            _wide_numbers(),
            _wide_numbers(),
            st.sampled_from(["", "万元", "%"]),
            st.sampled_from(["10", "7.123456", "0.01", "99999999.99999", "12.5", Decimal("7.50")]),
            st.sampled_from([None, "0", "5.25", "10"]),
            st.sampled_from(_GROUPS),
        ),
        min_size=1,
        max_size=8,
    ),
    policy=st.sampled_from([*POLICIES, *_OWN]) | pst.policies(),
)
def test_numbers_past_64_bits_negative_or_zero_score_as_the_row_path(cells, policy):
    """The integer columns switch to Python integers where a product passes 64 bits; every
    row scores as decide_row scores it, whatever the policy's forms and operators."""
    indicators = [
        {"PRO_CODE": f"P{index % 2}", "KPI_LV1": level1, "KPI_LV2": level2,
         "KPI_LV3": f"指标{index}", "KPI_VAL": f"{sign}{target}{unit}",
         "IND_COMP": f"{actual}{unit}", "IND_WEIGHT": weight, "EVAL_SCORE": score}
        for index, (sign, target, actual, unit, weight, score, (level1, level2))
        in enumerate(cells)
    ]  # fmt: skip
    try:
        cards = _row_path(None, indicators, policy)
    except PerfevalError as error:  # refused, or not scored: the same way
        kind, reason = type(error), str(error)
        with pytest.raises(kind) as refused:
            score_rows(None, indicators, policy=policy)
        assert str(refused.value) == reason
        return
    _assert_same(score_rows(None, indicators, policy=policy), cards)


#: Targets and actuals whose reading depends on the year ("12月底前完成" in 2023 is missed
#: by "2024年1月完成", in 2024 met), and others.
_DATED_TARGETS = ["12月底前完成", "12月底前完成", "2023年12月前", "30天内完成", "≥10", "80%-90%"]
_DATED_ACTUALS = ["2023年11月完成", "2024年1月完成", "按时完成", "25天", "9", "85%", None]


@st.composite
def _dated_projects(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Projects of different years and policies, each with indicator rows, sharing cells
    whose reading depends on the year, their rows interleaved or not."""
    funds: list[dict[str, Any]] = []
    indicators: list[dict[str, Any]] = []
    for number in range(draw(st.integers(1, 4))):
        code = f"P{number}"
        year = draw(st.sampled_from([2023, 2024, "2023年", None]))
        own = draw(st.sampled_from([None, *POLICIES]))
        if draw(st.booleans()):
            funds.append(_total_row(code, FISCAL_YEAR=year, POLICY=own))
            year = own = None  # the project's header, printed on its fund row
        for name in range(draw(st.integers(1, 5))):
            indicators.append({
                "PRO_CODE": code, "KPI_LV1": "产出指标", "KPI_LV2": "时效指标",
                "KPI_LV3": f"指标{name}", "KPI_VAL": draw(st.sampled_from(_DATED_TARGETS)),
                "IND_COMP": draw(st.sampled_from(_DATED_ACTUALS)),
                "IND_WEIGHT": draw(st.sampled_from(["10", "5.5", 6])),
                "EVAL_SCORE": draw(st.sampled_from(["4", None, "10"])),
                "FISCAL_YEAR": year, "POLICY": own,
            })  # fmt: skip
    if draw(st.booleans()):
        indicators = draw(st.permutations(indicators))
    return funds, indicators


@settings(max_examples=40)
@given(
    rows=_dated_projects(),
    policy=st.sampled_from([None, "mof-2020", _OWN[0]]),
    chunk=st.sampled_from([1, 2, 50_000]),
)
def test_cells_read_by_year_score_as_the_row_path_in_any_chunk(rows, policy, chunk):
    """A cell such as "2023年12月前" is read in its project's year; projects of different
    years and policies, interleaved and cut into chunks, score as the row path scores
    them: names, years, counts, every row."""
    import perfeval.bulk

    funds, indicators = rows
    fields = FieldMap(policy="POLICY")
    cards = _row_path(funds, indicators, policy, fields=fields)
    saved = perfeval.bulk.CHUNK_ROWS
    try:
        perfeval.bulk.CHUNK_ROWS = chunk  # type: ignore[misc]
        result = score_rows(funds, indicators, fields=fields, policy=policy)
    finally:
        perfeval.bulk.CHUNK_ROWS = saved  # type: ignore[misc]
    _assert_same(result, cards)
    for row, card in zip(result.projects.to_pylist(), cards.values(), strict=True):
        assert (row["project"], row["year"]) == (card.table.project, card.table.year)
        assert row["unscored"] == sum(1 for r in card.rows if r.applies and r.score is None)
        assert row["judged"] == sum(1 for r in card.rows if r.judged)


def _piece_of(kind: str, rows: list[dict[str, Any]], names: list[str]) -> Any:
    """*rows* (text cells, every row with every name) as a piece of *kind*."""
    if kind == "arrow":
        schema = pa.schema([(name, pa.string()) for name in names])
        return pa.Table.from_pylist(rows, schema=schema)
    if kind == "batch":
        schema = pa.schema([(name, pa.string()) for name in names])
        return pa.RecordBatch.from_pylist(rows, schema=schema)
    if kind == "pandas":
        pandas = pytest.importorskip("pandas")
        return pandas.DataFrame(rows, columns=names, dtype=object)
    if kind == "polars" and rows:
        polars = pytest.importorskip("polars")
        return polars.DataFrame(rows, schema={name: polars.Utf8 for name in names})
    return rows


@settings(max_examples=40)
@given(
    data=st.data(),
    rows=_row_sets(),
    chunk=st.sampled_from([1, 3, 50_000]),
    policy=st.sampled_from([None, "mof-2020-20-80", _OWN[1]]),
)
def test_pieces_of_every_kind_in_chunks_score_as_all_at_once(data, rows, chunk, policy):
    """A stream of pieces each of its own kind (Arrow tables and batches, pandas and
    polars frames, lists of rows), joined where a project spans pieces and decided in
    chunks of any size, gives what score_rows gives for all the rows."""
    import perfeval.bulk

    funds, indicators = rows
    names = list(dict.fromkeys(name for row in indicators for name in row))
    indicators = [{name: None if row.get(name) is None else str(row[name]) for name in names}
                  for row in indicators]  # fmt: skip
    fields = FieldMap(policy="POLICY")
    funds = [{"POLICY": None, **row} for row in funds]  # the named column in every part
    try:
        whole = score_rows(funds, indicators, fields=fields, policy=policy)
    except DocumentError:
        assume(False)  # refused: the tests above hold refusals to the row path's
    kinds = st.sampled_from(["arrow", "batch", "pandas", "polars", "rows"])
    pieces = [_piece_of(data.draw(kinds), piece, names)
              for piece in data.draw(_splits(indicators))]  # fmt: skip
    saved = perfeval.bulk.CHUNK_ROWS
    try:
        perfeval.bulk.CHUNK_ROWS = chunk  # type: ignore[misc]
        streamed = _by_project(*_streamed(pieces, funds, fields=fields, policy=policy))
    finally:
        perfeval.bulk.CHUNK_ROWS = saved  # type: ignore[misc]
    expected = _by_project(whole.projects, whole.indicators)
    assert streamed[0].equals(expected[0])
    assert streamed[1].equals(expected[1])
