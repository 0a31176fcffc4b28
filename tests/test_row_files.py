import csv
import json
from pathlib import Path
from typing import Any

import pytest

from perfeval.bulk import score_rows
from perfeval.database import LoadOptions, load_tables
from perfeval.errors import DocumentError
from perfeval.row_files import (
    audit_row_files,
    audit_rows,
    is_row_file,
    read_row_files,
    score_row_files,
    stream_row_files,
    write_result,
)
from perfeval.table import score_table

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

FUNDS = [
    {"PRO_CODE": "P1", "PRO_NAME": "=培训", "FUND_SOURCE": "年度资金总额", "CUR_AMT": "60",
     "YEAR_EXE_AMT": "51.79"},
    {"PRO_CODE": "P2", "PRO_NAME": "维修", "FUND_SOURCE": "年度资金总额", "CUR_AMT": "100",
     "YEAR_EXE_AMT": "100"},
]  # fmt: skip
INDICATORS = [
    {"PRO_CODE": "P1", "KPI_LV1": "产出指标", "KPI_LV2": "数量指标", "KPI_LV3": "培训人数",
     "KPI_VAL": "≥200人", "IND_COMP": "185人", "IND_WEIGHT": "90", "EVAL_SCORE": "80",
     "DEVI_ANALY": None},
    {"PRO_CODE": "P2", "KPI_LV1": "产出指标", "KPI_LV2": "时效指标", "KPI_LV3": "完成时间",
     "KPI_VAL": "12月底前", "IND_COMP": "按时完成", "IND_WEIGHT": "50", "EVAL_SCORE": "50",
     "DEVI_ANALY": None},
    {"PRO_CODE": "P2", "KPI_LV1": "效益指标", "KPI_LV2": "成本指标", "KPI_LV3": "单价",
     "KPI_VAL": "≤300元", "IND_COMP": "320元", "IND_WEIGHT": "40", "EVAL_SCORE": "37.5",
     "DEVI_ANALY": "超支"},
]  # fmt: skip


def _csv(path: Path, rows: list[dict[str, object]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _parquet(path: Path, rows: list[dict[str, object]]) -> Path:
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def _exact() -> dict[str, tuple[str, str]]:
    tables = load_tables(FUNDS, INDICATORS)
    cards = {code: score_table(table) for code, table in tables.items()}
    return {code: (str(card.total), card.grade.label) for code, card in cards.items()}


def _totals(result: object) -> dict[str, tuple[str, str | None]]:
    rows = result.projects.to_pylist()  # type: ignore[attr-defined]
    return {row["PRO_CODE"]: (row["total"], row["grade"]) for row in rows}


def test_row_files_are_told_by_their_ending():
    assert is_row_file("a/funds.parquet")
    assert is_row_file("B.CSV")
    assert not is_row_file("table.xlsx")
    assert not is_row_file("rows.json")


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_files_of_standard_rows_score_as_the_rows_do(tmp_path, kind):
    write = _csv if kind == "csv" else _parquet
    paths = [write(tmp_path / f"i.{kind}", INDICATORS), write(tmp_path / f"f.{kind}", FUNDS)]
    result = score_row_files(paths)
    assert _totals(result) == _totals(score_rows(FUNDS, INDICATORS)) == _exact()
    assert result.indicators.column("score").to_pylist() == (
        score_rows(FUNDS, INDICATORS).indicators.column("score").to_pylist()
    )


def test_a_csv_written_by_excel_on_a_chinese_windows_is_read(tmp_path):
    funds = _csv(tmp_path / "f.csv", FUNDS, encoding="gb18030")
    indicators = _csv(tmp_path / "i.csv", INDICATORS, encoding="utf-8-sig")
    assert _totals(score_row_files([funds, indicators])) == _totals(score_rows(FUNDS, INDICATORS))


def test_each_kind_is_read_from_its_columns_and_several_files_of_a_kind_join(tmp_path):
    rows = read_row_files([
        _csv(tmp_path / "f.csv", FUNDS[:1]), _parquet(tmp_path / "g.parquet", FUNDS[1:]),
        _csv(tmp_path / "i.csv", INDICATORS),
        _csv(tmp_path / "p.csv", [{"PRO_CODE": "P1", "PRO_NAME": "培训"}]),
    ])  # fmt: skip
    assert sorted(rows) == ["funds", "indicators", "projects"]
    assert [row["PRO_CODE"] for row in rows["funds"]] == ["P1", "P2"]


def test_a_file_that_is_no_kind_of_rows_is_refused_naming_it(tmp_path):
    both = _csv(tmp_path / "both.csv", [{**FUNDS[0], **INDICATORS[0]}])
    with pytest.raises(DocumentError, match="one kind of rows") as raised:
        read_row_files([both])
    assert str(both) in str(raised.value)
    codeless = _csv(tmp_path / "nocode.csv", [{"KPI_LV3": "培训人数"}])
    with pytest.raises(DocumentError, match="PRO_CODE"):
        read_row_files([codeless])
    with pytest.raises(DocumentError, match="no such file"):
        read_row_files([tmp_path / "missing.csv"])
    with pytest.raises(DocumentError, match="Parquet"):
        read_row_files([_csv(tmp_path / "x.parquet", FUNDS)])


def test_a_csv_that_would_lose_cells_is_refused(tmp_path):
    twice = tmp_path / "twice.csv"
    twice.write_text("PRO_CODE,FUND_SOURCE,CUR_AMT,CUR_AMT\nP1,合计,1,2\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="named twice"):
        read_row_files([twice])
    long = tmp_path / "long.csv"
    long.write_text("PRO_CODE,FUND_SOURCE\nP1,合计\nP2,合计,9\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="3 cells") as raised:
        read_row_files([long])
    assert "line 3" in str(raised.value)


def test_a_float_column_is_refused_unless_floats_are_asked_for(tmp_path):
    floats = [{**row, "CUR_AMT": float(row["CUR_AMT"])} for row in FUNDS]  # type: ignore[arg-type]
    paths = [_parquet(tmp_path / "f.parquet", floats), _csv(tmp_path / "i.csv", INDICATORS)]
    with pytest.raises(DocumentError, match="float") as raised:
        score_row_files(paths)
    assert "CUR_AMT" in str(raised.value)
    opted = score_row_files(paths, options=LoadOptions(floats=True))
    assert _totals(opted) == _totals(score_rows(FUNDS, INDICATORS))


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_results_are_written_and_read_back(tmp_path, fmt):
    result = score_rows(FUNDS, INDICATORS)
    written = write_result(result, tmp_path / "out", fmt)
    assert [path.name for path in written] == [f"projects.{fmt}", f"indicators.{fmt}"]
    if fmt == "parquet":
        back = pq.read_table(written[0]).to_pylist()
        assert back == result.projects.to_pylist()
    else:
        with written[0].open(encoding="utf-8", newline="") as stream:
            back = list(csv.DictReader(stream))
        assert [row["total"] for row in back] == result.projects.column("total").to_pylist()
        assert back[0]["project"] == "'=培训"  # a spreadsheet would run it as a formula


def test_audited_row_files_give_table_and_finding_rows(tmp_path):
    paths = [_csv(tmp_path / "f.csv", FUNDS), _csv(tmp_path / "i.csv", INDICATORS)]
    reports = audit_row_files(paths)
    assert list(reports) == ["P1", "P2"]
    rows = audit_rows(reports)
    assert [row["table_name"] for row in rows["tables"]] == ["P1", "P2"]
    codes = {(row["table_name"], row["code"]) for row in rows["findings"]}
    assert ("P1", "missing-deviation-note") in codes
    written = write_result(rows, tmp_path / "audit", "csv")
    assert [path.name for path in written] == ["tables.csv", "findings.csv"]


def result_columns(result: object) -> list[str]:
    return list(result.projects.column_names)  # type: ignore[attr-defined]


def _files(tmp_path: Path, kind: str = "csv") -> list[str]:
    write = _csv if kind == "csv" else _parquet
    return [
        str(write(tmp_path / f"f.{kind}", FUNDS)),
        str(write(tmp_path / f"i.{kind}", INDICATORS)),
    ]


def test_the_command_line_scores_files_of_rows_as_csv_and_json(tmp_path):
    from _helpers import run

    files = _files(tmp_path)
    code, out = run(["score", *files, "--format", "csv"])
    assert code == 0
    rows = list(csv.DictReader(out.splitlines()))
    assert {row["PRO_CODE"]: (row["total"], row["grade"]) for row in rows} == _exact()
    code, out = run(["score", *files, "--format", "json", "--rows", "indicators"])
    assert code == 0
    assert [row["score"] for row in json.loads(out)] == (
        score_rows(FUNDS, INDICATORS).indicators.column("score").to_pylist()
    )
    code, out = run(["score", *files, "--format", "markdown"])  # the projects as a table
    assert code == 0
    assert out.splitlines()[0].startswith("| PRO_CODE | project |")
    assert "| P2 | 维修 |" in out
    code, out = run(["score", *files])  # text: the same table, aligned
    assert code == 0
    assert out.split("\n")[0].split() == list(result_columns(score_rows(FUNDS, INDICATORS)))
    assert next(line.split()[:2] for line in out.splitlines() if "P2" in line) == ["P2", "维修"]


def test_the_command_line_writes_result_files_into_a_folder(tmp_path):
    from _helpers import run

    code, out = run(["score", *_files(tmp_path, "parquet"), "--out", str(tmp_path / "res")])
    assert code == 0
    assert out.split() == [str(tmp_path / "res" / "projects.parquet"),
                           str(tmp_path / "res" / "indicators.parquet")]  # fmt: skip
    totals = pq.read_table(tmp_path / "res" / "projects.parquet").column("total").to_pylist()
    assert totals == [total for total, _ in _exact().values()]
    code, out = run(["audit", *_files(tmp_path), "--out", str(tmp_path / "aud"),
                     "--out-format", "csv"])  # fmt: skip
    errors = any(report.errors for report in audit_row_files(_files(tmp_path)).values())
    assert code == (1 if errors else 0)  # an audit with errors exits 1, as for tables
    with (tmp_path / "aud" / "findings.csv").open(encoding="utf-8", newline="") as stream:
        codes = {(row["table_name"], row["code"]) for row in csv.DictReader(stream)}
    assert ("P1", "missing-deviation-note") in codes


def test_the_command_line_refuses_what_files_of_rows_cannot_give(tmp_path, capsys):
    from _helpers import run

    files = _files(tmp_path)
    assert run(["score", *files, "--rows", "findings", "--format", "csv"])[0] == 2
    assert "projects or indicators" in capsys.readouterr().err
    assert run(["score", files[0], str(tmp_path / "table.json")])[0] == 2
    assert "apart from table files" in capsys.readouterr().err
    floats = [{**row, "CUR_AMT": float(row["CUR_AMT"])} for row in FUNDS]  # type: ignore[arg-type]
    parquet = str(_parquet(tmp_path / "floats.parquet", floats))
    assert run(["score", parquet, files[1], "--format", "csv"])[0] == 2
    assert "CUR_AMT" in capsys.readouterr().err
    assert run(["score", parquet, files[1], "--format", "csv", "--floats"])[0] == 0


def _many(projects: int) -> list[dict[str, object]]:
    """Indicator rows of *projects* projects, grouped by project, two rows each."""
    return [{**row, "PRO_CODE": f"Q{number}"} for number in range(projects)
            for row in INDICATORS[1:]]  # fmt: skip


def test_a_parquet_file_of_indicator_rows_is_scored_a_batch_at_a_time(tmp_path, monkeypatch):
    import perfeval.row_files

    monkeypatch.setattr(perfeval.row_files, "BATCH_ROWS", 3)
    rows = _many(5)
    paths = [
        _parquet(tmp_path / "i1.parquet", rows[:4]),
        _parquet(tmp_path / "i2.parquet", rows[4:]),
        _csv(tmp_path / "f.csv", FUNDS),
    ]
    parts = list(stream_row_files(paths))
    assert len(parts) > 1  # results come before the last batch is read
    joined = pa.concat_tables([part.projects for part in parts])
    whole = score_rows(FUNDS, rows).projects
    assert joined.sort_by("PRO_CODE").equals(whole.sort_by("PRO_CODE"))
    assert score_row_files(paths).projects.equals(joined)


def test_ungrouped_parquet_rows_are_refused_and_ungrouped_csv_rows_read_whole(tmp_path):
    """Grouped rows are streamed; Parquet rows that are not are refused naming the
    project; CSV rows that are not are read whole, as score_rows reads them."""
    rows = [INDICATORS[1], INDICATORS[0], INDICATORS[2]]  # P2, P1, P2
    with pytest.raises(DocumentError, match="grouped or sorted by project code") as raised:
        score_row_files([_parquet(tmp_path / "i.parquet", rows)])
    assert raised.value.value == "P2"
    scored = score_row_files([_csv(tmp_path / "i.csv", rows)])
    assert scored.projects.equals(score_rows(None, rows).projects)
    grouped = sorted(rows, key=lambda row: str(row["PRO_CODE"]))
    for path in (_parquet(tmp_path / "g.parquet", grouped), _csv(tmp_path / "g.csv", grouped)):
        assert score_row_files([path]).projects.equals(score_rows(None, grouped).projects)


def test_a_named_column_held_by_a_later_file_is_read(tmp_path):
    """Every file's header is read before its rows: a column the field map names that only
    a later file of indicator rows holds is read, not refused."""
    from perfeval.database import FieldMap

    first = [{key: value for key, value in INDICATORS[0].items()}]
    later = [{**row, "POLICY": "mof-2020-20-80"} for row in INDICATORS[1:]]
    fields = FieldMap(policy="POLICY")
    for suffix, write in (("csv", _csv), ("parquet", _parquet)):
        paths = [write(tmp_path / f"a.{suffix}", first), write(tmp_path / f"b.{suffix}", later)]
        scored = list(stream_row_files(paths, fields=fields))
        policies = [p for part in scored for p in part.projects.column("policy").to_pylist()]
        assert policies == ["mof-2020", "mof-2020-20-80"]


def test_a_csv_file_of_indicator_rows_is_read_a_batch_at_a_time(tmp_path, monkeypatch):
    """Ten million rows take the memory of a batch: the rows of a CSV file are read
    BATCH_ROWS at a time, and score as the whole file does."""
    import perfeval.row_files

    rows = _many(5)
    path = _csv(tmp_path / "i.csv", rows)
    whole = score_rows(FUNDS, rows)
    monkeypatch.setattr(perfeval.row_files, "BATCH_ROWS", 4)
    read: list[int] = []
    batches = perfeval.row_files._Csv.batches

    def counted(self: Any) -> Any:
        for batch in batches(self):
            read.append(len(batch))
            yield batch

    monkeypatch.setattr(perfeval.row_files._Csv, "batches", counted)
    parts = list(stream_row_files([_csv(tmp_path / "f.csv", FUNDS), path]))
    assert max(read) == 4
    assert sum(read) == len(rows)
    joined = pa.concat_tables([part.projects for part in parts])
    assert joined.sort_by("PRO_CODE").equals(whole.projects.sort_by("PRO_CODE"))


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_stream_of_results_is_written_as_it_comes(tmp_path, fmt):
    from perfeval.bulk import score_batches

    rows = _many(4)
    pieces = [rows[:3], rows[3:5], rows[5:]]
    whole = write_result(score_rows(FUNDS, rows), tmp_path / "whole", fmt)
    streamed = write_result(score_batches(pieces, FUNDS), tmp_path / "stream", fmt)
    assert [path.name for path in streamed] == [path.name for path in whole]
    for one, other in zip(whole, streamed, strict=True):
        if fmt == "parquet":
            back = pq.read_table(other)
            assert back.sort_by("PRO_CODE").equals(pq.read_table(one).sort_by("PRO_CODE"))
        else:
            lines = other.read_text(encoding="utf-8").splitlines()
            assert lines[0] == one.read_text(encoding="utf-8").splitlines()[0]  # header once
            assert sorted(lines) == sorted(one.read_text(encoding="utf-8").splitlines())
    empty = write_result(iter(()), tmp_path / "empty", fmt)  # no result: the columns
    if fmt == "parquet":
        assert pq.read_table(empty[0]).column_names == pq.read_table(whole[0]).column_names
        assert pq.read_table(empty[1]).num_rows == 0
    else:
        assert empty[0].read_text(encoding="utf-8").splitlines() == lines_of(whole[0])[:1]


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()
