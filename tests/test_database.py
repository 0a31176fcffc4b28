"""perfeval.database: tables in from 预算管理一体化 rows, results back out."""

import json
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
    ResultWriteError,
    documents,
    load_tables,
    write_results,
)
from perfeval.document import dump_table, table_from_mapping
from perfeval.errors import InvalidNumberError, InvalidTypeError
from perfeval.files import FileResult, audit_files
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


def test_ratio_actuals_are_loaded_as_printed_unless_asked():
    plain = load_tables([], _percent_row("0.98"))["R"]
    assert plain.indicators[0].actual.text == "0.98"
    row = score_table(plain).indicators[0]  # the scorer reads 0.98 beside ≥95% as 98%, and says so
    assert (row.score, row.actual_value) == (Decimal(10), Decimal(98))
    assert [problem.code for problem in row.problems] == ["unit-reading"]
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


def _batch(tmp_path, document, *, indicators=True):
    """A batch audited from two table files: one clean, one with a wrong printed score."""
    first = tmp_path / "a.json"
    first.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    changed = {**document, "project": "第二项目", "department": "市教育局", "unit": "某中学"}
    changed["indicators"] = [dict(row) for row in document["indicators"]]
    changed["indicators"][0]["score"] = "12"
    second = tmp_path / "b.json"
    second.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    return audit_files([first, second], indicators=indicators), str(first), str(second)


_IDENTITY = "PRO_CODE, PRO_NAME, DEPT_NAME, AGENCY_NAME, FISCAL_YEAR, SOURCE_FILE, TABLE_NAME"


def test_a_batch_is_written_with_the_columns_that_identify_each_table(tmp_path, document):
    document["department"], document["unit"] = "市财政局", "市财政局机关"
    batch, first, second = _batch(tmp_path, document)
    connection = sqlite3.connect(":memory:")
    assert write_results(connection, batch) == 2
    projects = connection.execute(f"SELECT {_IDENTITY} FROM PERF_PRO_RESULT").fetchall()
    assert projects == [
        (first, "示例项目", "市财政局", "市财政局机关", 2024, first, None),
        (second, "第二项目", "市教育局", "某中学", 2024, second, None),
    ]
    rows = connection.execute(
        "SELECT PRO_CODE, TOTAL_SCORE, GRADE, POLICY FROM PERF_PRO_RESULT"
    ).fetchall()
    assert rows == [(row["table_name"], row["total"], row["grade"], row["policy"])
                    for row in batch.table_rows()]  # fmt: skip
    findings = connection.execute(
        f"SELECT {_IDENTITY}, ROW_NO, CODE FROM PERF_FINDING WHERE CODE = 'score-mismatch'"
    ).fetchall()
    assert findings == [(second, "第二项目", "市教育局", "某中学", 2024, second, None, 0,
                         "score-mismatch")]  # fmt: skip
    assert connection.execute("SELECT count(*) FROM PERF_FINDING").fetchone()[0] == len(
        batch.finding_rows()
    )
    kpis = connection.execute(
        "SELECT PRO_NAME, SOURCE_FILE, ROW_NO, KPI_LV3, EVAL_SCORE FROM PERF_KPI_RESULT"
    ).fetchall()
    assert len(kpis) == 2 * len(document["indicators"])
    assert kpis[0] == ("示例项目", first, 0, "培训人次", "15")


def test_a_batch_is_the_same_as_the_audits_it_was_made_from(tmp_path, document):
    batch, first, _ = _batch(tmp_path, document)
    from_batch, from_audits = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
    write_results(from_batch, batch.results[:1])
    write_results(from_audits, {first: audit(table_from_mapping(document))})
    for table in ("PERF_PRO_RESULT", "PERF_KPI_RESULT", "PERF_FINDING"):
        query = f"SELECT * FROM {table}"
        batch_rows = [row[:-2] for row in from_batch.execute(query)]  # SOURCE_FILE, TABLE_NAME
        audit_rows = from_audits.execute(query).fetchall()
        assert batch_rows == [row[:-2] for row in audit_rows]
        assert all(row[-2:] == (None, None) for row in audit_rows)


def test_a_table_of_several_in_one_file_is_named_within_it():
    item = FileResult(
        index=0,
        path="book.xlsx",
        table={"table_name": "book.xlsx#表2", "project": "P", "department": None, "unit": None,
               "year": None, "policy": "mof-2020", "funds_score": None, "total": "90.00",
               "grade": "优", "complete": True},
    )  # fmt: skip
    connection = sqlite3.connect(":memory:")
    write_results(connection, [item])
    row = connection.execute("SELECT PRO_CODE, SOURCE_FILE, TABLE_NAME FROM PERF_PRO_RESULT")
    assert row.fetchall() == [("book.xlsx#表2", "book.xlsx", "表2")]


def test_files_that_could_not_be_used_are_not_written(tmp_path, document):
    batch, *_ = _batch(tmp_path, document)
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with_error = audit_files([broken, *(item.path for item in batch.results)])
    assert len(with_error.errors) == 1
    connection = sqlite3.connect(":memory:")
    assert write_results(connection, with_error) == 2
    written = connection.execute("SELECT SOURCE_FILE FROM PERF_PRO_RESULT").fetchall()
    assert str(broken) not in {path for (path,) in written}


def test_nothing_is_committed_unless_asked(tmp_path, document):
    batch, *_ = _batch(tmp_path, document)
    path = tmp_path / "results.sqlite"
    connection = sqlite3.connect(path)
    write_results(connection, batch)
    assert connection.in_transaction
    other = sqlite3.connect(path)
    assert other.execute("SELECT count(*) FROM PERF_PRO_RESULT").fetchone() == (0,)
    connection.rollback()
    assert connection.execute("SELECT count(*) FROM PERF_PRO_RESULT").fetchone() == (0,)
    write_results(connection, batch, commit=True)
    assert not connection.in_transaction
    assert other.execute("SELECT count(*) FROM PERF_PRO_RESULT").fetchone() == (2,)


def test_an_older_result_table_gets_the_identifying_columns(tmp_path, document):
    connection = sqlite3.connect(":memory:")
    connection.execute(
        "CREATE TABLE PERF_PRO_RESULT (PRO_CODE TEXT, POLICY TEXT, EXE_SCORE TEXT,"
        " TOTAL_SCORE TEXT, GRADE TEXT, COMPLETE INTEGER)"
    )
    connection.execute("INSERT INTO PERF_PRO_RESULT VALUES ('OLD', NULL, '8', '80', '良', 1)")
    batch, first, _ = _batch(tmp_path, document)
    write_results(connection, batch)
    rows = connection.execute(
        "SELECT PRO_CODE, TOTAL_SCORE, PRO_NAME, SOURCE_FILE FROM PERF_PRO_RESULT"
    ).fetchall()
    assert rows[0] == ("OLD", "80", None, None)
    assert rows[1] == (first, "100.00", "示例项目", first)


def test_a_refused_row_is_a_perfeval_error_naming_the_table_and_project(tmp_path, document):
    connection = sqlite3.connect(":memory:")
    connection.execute(
        "CREATE TABLE PERF_FINDING (PRO_CODE TEXT, ROW_NO INTEGER,"
        " CODE TEXT CHECK (CODE <> 'score-mismatch'))"
    )
    batch, _, second = _batch(tmp_path, document)
    with pytest.raises(ResultWriteError) as caught:
        write_results(connection, batch)
    assert caught.value.field == "PERF_FINDING"
    assert caught.value.row == f"project {second}"
    assert isinstance(caught.value.__cause__, sqlite3.IntegrityError)
    assert "CHECK constraint failed" in str(caught.value)


def test_something_else_than_results_is_refused_by_type():
    with pytest.raises(InvalidTypeError, match="expected an AuditReport or a Scorecard"):
        write_results(sqlite3.connect(":memory:"), {"P": seed_tables()[0]})
    with pytest.raises(InvalidTypeError, match="found a dict"):
        write_results(sqlite3.connect(":memory:"), [{"table_name": "x"}])


@pytest.mark.parametrize(
    ("tables", "reason", "part"),
    [
        ({"projects": "ORDER"}, "reserved word", "projects"),
        ({"findings": "select"}, "reserved word", "findings"),
        ({"projects": "sqlite_master"}, "keeps for its own", "projects"),
        ({"findings": "PERF_KPI_RESULT"}, "another of the result tables", "indicators"),
        ({"projects": "A" * 64}, "plain SQL table name", "projects"),
    ],
)
def test_result_table_names_the_database_would_refuse_or_mix_are_refused_first(
    tables, reason, part
):
    with pytest.raises(ResultWriteError, match=reason) as caught:
        ResultTables(**tables)
    assert caught.value.field == f"ResultTables.{part}"


def test_an_unknown_paramstyle_is_refused_before_anything_is_written():
    connection = sqlite3.connect(":memory:")
    with pytest.raises(ResultWriteError, match="paramstyle") as caught:
        write_results(connection, {"P2": audit(seed_tables()[2])}, paramstyle="dollar")  # type: ignore[arg-type]
    assert caught.value.field == "paramstyle"
    tables = connection.execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == []


@pytest.mark.parametrize(
    ("funds", "where", "reason"),
    [
        ([1, 2], "fund row 0", "a mapping"),
        ([{"PRO_CODE": "P1", "FUND_SOURCE": "合计"}, ["P1", "合计"]], "fund row 1", "a mapping"),
        ("P1,合计", "fund rows", "iterable of mappings"),
        (5, "fund rows", "iterable of mappings"),
    ],
)
def test_rows_that_are_not_mappings_are_refused_naming_the_row(funds, where, reason):
    with pytest.raises(DocumentError, match=reason) as caught:
        load_tables(funds, [])
    assert where in str(caught.value)


@pytest.mark.parametrize("code", [b"P1", True, ["P1"], 1.5, Decimal("1.5")])
def test_a_project_code_that_is_not_text_or_a_whole_number_is_refused(code):
    with pytest.raises(DocumentError, match="project code") as caught:
        load_tables(indicators=[{"PRO_CODE": code, "KPI_LV3": "指标"}])
    assert caught.value.field == "PRO_CODE"


def test_a_whole_number_project_code_reads_as_its_digits():
    tables = load_tables(indicators=[{"PRO_CODE": Decimal("1001"), "KPI_LV3": "指标"}])
    assert list(tables) == ["1001"]


def test_a_project_listed_twice_is_refused_rather_than_the_first_kept():
    projects = [{"PRO_CODE": "P1", "PRO_NAME": "甲"}, {"PRO_CODE": "P1", "PRO_NAME": "甲"}]
    with pytest.raises(DocumentError, match="given twice") as caught:
        load_tables(projects=projects)
    assert "project row 1" in str(caught.value)


def test_rows_of_one_project_that_disagree_on_its_name_are_refused():
    rows = [
        {"PRO_CODE": "P1", "PRO_NAME": "甲项目", "KPI_LV3": "一"},
        {"PRO_CODE": "P1", "PRO_NAME": "乙项目", "KPI_LV3": "二"},
    ]
    with pytest.raises(DocumentError, match="disagree") as caught:
        load_tables(indicators=rows)
    assert caught.value.field == "PRO_NAME"
    assert "indicator row 1" in str(caught.value)
    same = [dict(rows[0]), dict(rows[1], PRO_NAME=" 甲项目 ")]
    assert load_tables(indicators=same)["P1"].project == "甲项目"


def test_a_named_column_that_no_row_holds_is_refused_not_read_as_blank():
    rows = [{"PRO_CODE": "P1", "KPI_LV3": "一", "KPI_VAL": "≥10", "IND_COMP": "12"}]
    with pytest.raises(DocumentError, match="none of the indicator rows") as caught:
        load_tables(indicators=rows, fields=FieldMap(target="KPI_VALUE"))
    assert caught.value.field == "FieldMap.target"
    assert caught.value.value == "KPI_VALUE"
    # the standard names may be absent: an optional part of the rows
    assert load_tables(indicators=rows)["P1"].indicators[0].weight is None


def test_rows_that_print_the_same_header_in_other_forms_agree():
    rows = [
        {"PRO_CODE": "P1", "PRO_NAME": "工作经费（2023）", "FISCAL_YEAR": 2023, "KPI_LV3": "一"},
        {"PRO_CODE": "P1", "PRO_NAME": "工作经费(2023)", "FISCAL_YEAR": "2023", "KPI_LV3": "二"},
        {"PRO_CODE": "P1", "PRO_NAME": "工作 经费(2023)", "FISCAL_YEAR": Decimal("2023.0"),
         "KPI_LV3": "三"},
    ]  # fmt: skip
    table = load_tables(indicators=rows)["P1"]
    assert (table.project, table.year) == ("工作经费（2023）", 2023)


def test_a_named_column_a_cursor_declares_may_be_null_in_every_row():
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE kpi (PRO_CODE, KPI_LV3, YEAR)")
    connection.execute("INSERT INTO kpi VALUES ('P1', '一', NULL)")
    fields = FieldMap(year="YEAR")
    assert load_tables(indicators=connection.execute("SELECT * FROM kpi"), fields=fields)
    with pytest.raises(DocumentError, match="none of the rows"):
        load_tables(indicators=connection.execute("SELECT * FROM kpi"), fields=FieldMap(year="YR"))


# The round trip table → rows → load_tables ----------------------------------------------

KEPT = FieldMap(
    total_score="TOTAL_SCORE", grade="GRADE", policy="POLICY",
    funds_weight="FUNDS_WEIGHT", amount_unit="AMOUNT_UNIT",
)  # fmt: skip


def _with_funds(table, **changes):
    """*table* with its funds changed and without the goals the standard rows cannot hold."""
    import attrs

    funds = attrs.evolve(table.funds, **changes)
    return attrs.evolve(
        table, funds=funds, goals_planned=None, goals_achieved=None, level1_weights={}
    )


def test_a_blank_funds_weight_and_amounts_in_yuan_read_back_as_stored():
    from perfeval.database import table_records

    table = _with_funds(seed_tables()[2], weight=None, unit="元")
    stored = table_records(table, "P1", fields=KEPT)
    assert stored.funds[0]["FUNDS_WEIGHT"] is None
    assert stored.funds[0]["AMOUNT_UNIT"] == "元"
    read = load_tables(stored.funds, stored.indicators, fields=KEPT)["P1"]
    assert read.funds.weight is None  # not the default 10
    assert read.funds.unit == "元"  # not 万元
    assert read.funds == table.funds
    assert score_table(read).total == score_table(table).total


def test_a_blank_weight_column_is_a_blank_weight_and_no_column_the_default():
    funds, indicators = records("P", seed_tables()[2])
    blank = [{**row, "FUNDS_WEIGHT": None} for row in funds]
    fields = FieldMap(funds_weight="FUNDS_WEIGHT")
    assert load_tables(blank, indicators, fields=fields)["P"].funds.weight is None
    assert documents(blank, indicators, fields=fields)["P"]["funds"]["weight"] is None
    assert documents(funds, indicators)["P"]["funds"]["weight"] == "10"
    yuan = [{**row, "AMOUNT_UNIT": "元"} for row in funds]
    fields = FieldMap(amount_unit="AMOUNT_UNIT")
    assert load_tables(yuan, indicators, fields=fields)["P"].funds.unit == "元"
    options = LoadOptions(amount_unit="元")
    assert load_tables(funds, indicators, options=options)["P"].funds.unit == "元"


@settings(max_examples=25, deadline=None)
@given(pst.printed_tables(max_indicators=8))
def test_every_table_reads_back_equal_through_the_rows_that_keep_it(table):
    import attrs
    from hypothesis import assume

    from perfeval.database import table_records

    # what the standard rows have no column for: goals, level-1 weights, split targets
    table = attrs.evolve(table, goals_planned=None, goals_achieved=None, level1_weights={})
    cells = [
        row.get(key) for row in dump_table(table)["indicators"] for key in ("target", "actual")
    ]
    assume(all(isinstance(cell, str | None) for cell in cells))
    stored = table_records(table, "X1", fields=KEPT)
    read = load_tables(stored.funds, stored.indicators, fields=KEPT)["X1"]
    assert read.funds == table.funds
    assert read.indicators == table.indicators
    assert (read.project, read.unit, read.year, read.policy) == (
        table.project, table.unit, table.year, table.policy,
    )  # fmt: skip
    assert (read.printed_total, read.printed_grade) == (table.printed_total, table.printed_grade)


HEADER = FieldMap(total_score="TOTAL_SCORE", grade="GRADE", policy="POLICY")


def test_a_value_no_column_holds_is_refused_naming_it():
    from perfeval.database import table_records

    table = _with_funds(seed_tables()[2], weight=Decimal(20))
    with pytest.raises(DocumentError) as caught:
        table_records(table, "P1", fields=HEADER)
    assert caught.value.field == "funds.weight"
    assert "FieldMap(funds_weight=...)" in str(caught.value)
    with pytest.raises(DocumentError) as caught:
        table_records(_with_funds(seed_tables()[2], unit="元"), "P1", fields=HEADER)
    assert caught.value.field == "funds.unit"
    with pytest.raises(DocumentError) as caught:
        table_records(seed_tables()[2], "P1", fields=HEADER)
    assert caught.value.field == "goals"
    table = _with_funds(seed_tables()[2])
    plain = table_records(table, "P1", fields=HEADER)  # 10 and 万元: the defaults
    assert load_tables(plain.funds, plain.indicators, fields=HEADER)["P1"].funds == table.funds


def test_a_batch_holding_other_forms_writes_its_tables_alone(tmp_path):
    from _forms import xlsx
    from test_kinds import PROJECT
    from test_rubric import MERGED, rubric_rows

    (tmp_path / "a.xlsx").write_bytes(
        xlsx({"自评表": (PROJECT, []), "评分表": (rubric_rows(), MERGED)})
    )
    batch = audit_files([tmp_path / "a.xlsx"])
    assert [row["kind"] for row in batch.form_rows()] == ["table", "rubric"]
    db = sqlite3.connect(":memory:")
    assert write_results(db, batch) == 1
    written = db.execute("SELECT PRO_CODE, TOTAL_SCORE FROM PERF_PRO_RESULT").fetchall()
    assert written == [(f"{tmp_path / 'a.xlsx'}#自评表", "15")]
    codes = {row[0] for row in db.execute("SELECT PRO_CODE FROM PERF_FINDING")}
    assert codes == {f"{tmp_path / 'a.xlsx'}#自评表"}  # the rubric's findings stay in its rows


@pytest.mark.parametrize(
    ("field", "value"),
    [("PRO_CODE", 10**5000), ("PRO_CODE", Decimal("1E+5000")), ("IND_WEIGHT", 10**5000)],
    ids=["code", "code-decimal", "weight"],
)
def test_a_number_too_long_to_print_is_refused_naming_the_field(field, value):
    row = {"PRO_CODE": "P1", "KPI_LV3": "信访接待人数", "IND_WEIGHT": "10", field: value}
    with pytest.raises(DocumentError) as caught:
        load_tables([], [row])
    assert field in str(caught.value)


@pytest.mark.parametrize(
    ("call", "error", "field"),
    [
        (lambda: LoadOptions(floats="yes"), InvalidTypeError, "floats"),
        (lambda: LoadOptions(ratio_actuals=1), InvalidTypeError, "ratio_actuals"),
        (lambda: LoadOptions(ratio_limit=2.0), InvalidNumberError, "ratio_limit"),
        (lambda: LoadOptions(ratio_limit=Decimal("NaN")), InvalidNumberError, "ratio_limit"),
        (lambda: LoadOptions(funds_weight=10), InvalidTypeError, "funds_weight"),
        (lambda: LoadOptions(amount_unit=["元"]), InvalidTypeError, "amount_unit"),
        (lambda: FieldMap(name=3), InvalidTypeError, "name"),
        (lambda: FieldMap(project_code=None), InvalidTypeError, "project_code"),
        (lambda: FieldMap(weight=b"IND_WEIGHT"), InvalidTypeError, "weight"),
    ],
)
def test_a_wrong_field_map_or_load_option_is_refused_naming_it(call, error, field):
    with pytest.raises(error) as caught:
        call()
    assert caught.value.field == field


def test_the_valid_neighbours_of_the_refused_options_construct():
    assert LoadOptions(floats=True, ratio_limit="1.5").ratio_limit == Decimal("1.5")
    assert FieldMap(weight=None, name="NAME").name == "NAME"


def test_an_arrow_table_is_read_as_its_rows_are():
    pa = pytest.importorskip("pyarrow")
    rows = [{"PRO_CODE": "P1", "KPI_LV3": "人数", "KPI_VAL": "≥10", "IND_COMP": "9",
             "IND_WEIGHT": "10"}]  # fmt: skip
    from_arrow = load_tables(None, pa.Table.from_pylist(rows))
    assert from_arrow == load_tables(None, rows)
    batches = pa.Table.from_pylist(rows).to_reader()
    assert load_tables(None, batches) == from_arrow


def test_a_column_named_twice_is_refused_naming_it():
    import sqlite3

    connection = sqlite3.connect(":memory:")
    cursor = connection.execute("SELECT 'P1' AS PRO_CODE, '甲' AS KPI_LV3, '10' AS IND_WEIGHT, "
                                "'20' AS IND_WEIGHT")  # fmt: skip
    with pytest.raises(DocumentError, match="'IND_WEIGHT' is given twice"):
        load_tables(None, cursor)


def test_a_column_named_twice_that_is_not_read_is_left_alone():
    """A SELECT * over a join names its keys twice: a column the field map does not read
    may come twice, and the rows score as without it."""
    import sqlite3

    connection = sqlite3.connect(":memory:")
    cursor = connection.execute("SELECT 'P1' AS PRO_CODE, '甲' AS KPI_LV3, '10' AS IND_WEIGHT, "
                                "1 AS ID, 2 AS ID")  # fmt: skip
    tables = load_tables(None, cursor)
    assert tables["P1"].indicators[0].weight == Decimal("10")
