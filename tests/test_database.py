"""perfeval.database: tables in from 预算管理一体化 rows, results back out."""

import sqlite3
from decimal import Decimal

import pytest
from hypothesis import given, settings

from perfeval import DocumentError
from perfeval.audit import audit
from perfeval.database import (
    FieldMap,
    LoadOptions,
    ResultTables,
    documents,
    load_tables,
    write_results,
)
from perfeval.document import dump_table
from perfeval.seed import seed_tables
from perfeval.table import score_table
from perfeval.testing import strategies as pst

_FUND = {
    "initial_budget": "REPLY_AMT",
    "annual_budget": "CUR_AMT",
    "executed": "YEAR_EXE_AMT",
    "rate": "EXE_AMT_RATE",
    "score": "EXE_SCORE",
}
_KPI = {
    "level1": "KPI_LV1",
    "level2": "KPI_LV2",
    "name": "KPI_LV3",
    "target": "KPI_VAL",
    "actual": "IND_COMP",
    "weight": "IND_WEIGHT",
    "score": "EVAL_SCORE",
    "note": "DEVI_ANALY",
}


PRINTED = FieldMap(total_score="TOTAL_SCORE", grade="GRADE")


def records(code, table):
    """A table as the fund and indicator rows a budget system stores."""
    document = dump_table(table)
    header = {
        "PRO_CODE": code,
        "PRO_NAME": document.get("project"),
        "DEPT_NAME": document.get("department"),
        "AGENCY_NAME": document.get("unit"),
        "FISCAL_YEAR": document.get("year"),
        "TOTAL_SCORE": document.get("total_score"),
        "GRADE": document.get("grade"),
    }
    funds = [
        {**header, "FUND_SOURCE": row.get("source"), **{_FUND[k]: row.get(k) for k in _FUND}}
        for row in (document.get("funds") or {}).get("rows", [])
    ]
    indicators = [
        {"PRO_CODE": code, **{_KPI[k]: row.get(k) for k in _KPI}}
        for row in document.get("indicators", [])
    ]
    return funds, indicators


def test_seed_tables_read_from_rows_score_as_the_documents():
    funds, indicators = [], []
    for index, table in enumerate(seed_tables()):
        more_funds, more_indicators = records(f"P{index}", table)
        funds += more_funds
        indicators += more_indicators
    loaded = load_tables(funds, indicators, fields=PRINTED)
    assert list(loaded) == ["P0", "P1", "P2"]
    for table, read in zip(seed_tables(), loaded.values(), strict=True):
        assert score_table(read).total == score_table(table).total
        assert audit(read).codes() == audit(table).codes()


@settings(max_examples=15, deadline=None)
@given(pst.printed_tables(max_indicators=8))
def test_rows_read_back_the_table_they_were_made_from(table):
    funds, indicators = records("X1", table)
    read = load_tables(funds, indicators, fields=PRINTED)["X1"]
    assert read.indicators == table.indicators
    assert read.funds == table.funds
    assert audit(read).findings == audit(table).findings
    assert score_table(read).total == score_table(table).total


def test_the_total_fund_row_is_put_first_whatever_the_database_order():
    funds, indicators = records("P", seed_tables()[2])
    funds.reverse()
    document = documents(funds, indicators)["P"]
    assert document["funds"]["rows"][0]["source"] == "total"
    assert load_tables(funds, indicators)["P"].funds.total == seed_tables()[2].funds.total


def test_a_float_is_refused_naming_project_row_and_field():
    funds, indicators = records("P7", seed_tables()[2])
    funds[0]["YEAR_EXE_AMT"] = 51.79
    with pytest.raises(DocumentError) as caught:
        load_tables(funds, indicators)
    assert str(caught.value).startswith("project P7, fund row 0, YEAR_EXE_AMT: a float")


def test_floats_opt_in_reads_the_shortest_repr():
    funds, indicators = records("P7", seed_tables()[2])
    funds[0]["YEAR_EXE_AMT"] = 51.79
    indicators[0]["IND_WEIGHT"] = 15.0
    table = load_tables(funds, indicators, options=LoadOptions(floats=True))["P7"]
    assert table.funds.total.executed == Decimal("51.79")
    assert table.indicators[0].weight == Decimal("15.0")


def test_a_bad_cell_names_the_database_row_and_column():
    funds, indicators = records("P2", seed_tables()[2])
    indicators[3]["IND_WEIGHT"] = "十五点"
    with pytest.raises(DocumentError) as caught:
        load_tables(funds, indicators)
    assert "project P2, indicator row 3, indicators[3].weight (IND_WEIGHT)" in str(caught.value)


def _percent_row(actual):
    return [
        {
            "PRO_CODE": "R",
            "KPI_LV1": "产出指标",
            "KPI_LV2": "质量指标",
            "KPI_LV3": "合格率",
            "KPI_VAL": "≥95%",
            "IND_COMP": actual,
            "IND_WEIGHT": "10",
        }
    ]


def test_ratio_actuals_are_read_as_printed_unless_asked():
    plain = load_tables([], _percent_row("0.98"))["R"]
    assert score_table(plain).indicators[0].score < 1  # 0.98% against 95%: the audit shows it
    ratio = load_tables([], _percent_row("0.98"), options=LoadOptions(ratio_actuals=True))["R"]
    assert ratio.indicators[0].actual.text == "98%"
    assert score_table(ratio).indicators[0].score == Decimal(10)


def test_a_percentage_in_a_ratio_column_is_refused_not_misread():
    with pytest.raises(DocumentError, match="mixes ratios and percentages"):
        load_tables([], _percent_row("98"), options=LoadOptions(ratio_actuals=True))


def test_ratio_rates_keep_the_ratio_precision():
    funds, indicators = records("P", seed_tables()[2])
    funds[0]["EXE_AMT_RATE"] = "0.8632"
    document = documents(funds, indicators, options=LoadOptions(ratio_rates=True))["P"]
    assert document["funds"]["rows"][0]["rate"] == "86.32%"
    table = load_tables(funds, indicators, options=LoadOptions(ratio_rates=True))["P"]
    assert "rate-mismatch" not in audit(table).codes()


def test_a_field_map_reads_other_names_from_a_cursor():
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE kpi (xmdm TEXT, mc TEXT, mb TEXT, wc TEXT, fz TEXT)")
    connection.execute("INSERT INTO kpi VALUES ('A1', '接待人数', '≥200人', '535人', '15')")
    fields = FieldMap(
        project_code="xmdm", name="mc", target="mb", actual="wc", weight="fz", level1=None
    )
    cursor = connection.execute("SELECT * FROM kpi")
    table = load_tables(indicators=cursor, fields=fields)["A1"]
    assert table.project == "A1"
    assert score_table(table).indicators[0].score == Decimal(15)


@pytest.mark.parametrize("library", ["pandas", "polars"])
def test_a_dataframe_is_read_like_rows(library):
    frames = pytest.importorskip(library)
    funds, indicators = records("P", seed_tables()[2])
    table = load_tables(frames.DataFrame(funds), frames.DataFrame(indicators))["P"]
    assert score_table(table).total == Decimal("98.63")


def test_writing_twice_leaves_one_set_of_rows():
    connection = sqlite3.connect(":memory:")
    results = {f"P{i}": audit(table) for i, table in enumerate(seed_tables())}
    write_results(connection, results)
    write_results(connection, results)
    rows = connection.execute("SELECT PRO_CODE, TOTAL_SCORE FROM PERF_PRO_RESULT").fetchall()
    assert rows == [("P0", "90.00"), ("P1", "98.00"), ("P2", "98.63")]
    written = connection.execute("SELECT count(*) FROM PERF_FINDING").fetchone()[0]
    assert written == sum(len(item.findings) for item in results.values())


def test_result_table_names_must_be_plain_identifiers():
    with pytest.raises(ValueError, match="plain SQL table name"):
        ResultTables(projects="x; DROP TABLE y")


@pytest.mark.parametrize("paramstyle", ["qmark", "named", "numeric"])
def test_results_are_written_in_each_paramstyle_sqlite_speaks(paramstyle):
    connection = sqlite3.connect(":memory:")
    write_results(connection, {"P2": audit(seed_tables()[2])}, paramstyle=paramstyle)
    kpis = connection.execute("SELECT ROW_NO, EVAL_SCORE FROM PERF_KPI_RESULT").fetchall()
    assert kpis[0] == (0, "15")
    assert len(kpis) == len(seed_tables()[2].indicators)
