"""perfeval.rows and perfeval.summary: rows out, and the summary of a batch built from them."""

import csv
import io
import json
import os
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from perfeval.audit import audit
from perfeval.errors import PerfevalError
from perfeval.files import audit_files
from perfeval.findings import CATALOGUE
from perfeval.report import build_report
from perfeval.rows import (
    COLUMNS,
    finding_rows,
    fund_rows,
    indicator_rows,
    rows,
    table_rows,
    to_arrow,
    to_csv,
    to_pandas,
    to_polars,
)
from perfeval.seed import seed_tables
from perfeval.summary import (
    render_batch_html,
    render_html,
    render_markdown,
    render_text,
    summarize,
    summarize_audits,
    summarize_batch,
    summary_rows,
    summary_to_json,
)
from perfeval.table import score_table


@pytest.fixture(scope="module")
def audits():
    return [audit(table) for table in seed_tables()]


def test_every_kind_of_row_has_exactly_its_documented_columns(audits):
    for kind, columns in COLUMNS.items():
        made = rows(audits, kind)
        assert made
        assert all(tuple(row) == columns for row in made), kind


def test_rows_of_a_report_equal_rows_of_its_audits(audits):
    report = build_report(seed_tables())
    assert table_rows(report) == table_rows(audits)


def test_indicator_rows_carry_the_scorecard_scores_and_join_on_table_index(audits):
    made = indicator_rows(audits)
    assert len(made) == sum(len(item.scorecard.indicators) for item in audits)
    total = sum(Decimal(row["score"] or 0) for row in made if row["table_index"] == 2)
    funds = Decimal(table_rows(audits)[2]["funds_score"])
    assert funds + total == Decimal(table_rows(audits)[2]["total"])


def test_fund_rows_are_numbered_as_the_document_paths(audits):
    made = [row for row in fund_rows(audits) if row["table_index"] == 2]
    assert [row["row"] for row in made] == [0, 1, 2, 3]
    assert (made[0]["fund_source"], made[0]["rate_percent"]) == ("total", "86.32")


def test_scorecards_give_table_rows_without_finding_counts():
    row = table_rows([score_table(seed_tables()[2])], names=["2-3.json"])[0]
    assert (row["table_name"], row["findings"], row["total"]) == ("2-3.json", None, "98.63")
    assert finding_rows([score_table(seed_tables()[2])]) == []


def test_finding_rows_name_the_indicator_row(audits):
    for row in finding_rows(audits):
        assert (row["row"] is not None) == row["where"].startswith("indicators[")


def test_csv_reads_back_the_rows(audits):
    out = io.StringIO()
    made = finding_rows(audits)
    to_csv(made, out)
    back = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [row["code"] for row in back] == [row["code"] for row in made]
    assert back[0]["table_index"] == str(made[0]["table_index"])


def test_arrow_and_dataframes_keep_types_and_values(audits):
    pytest.importorskip("pyarrow")
    made = table_rows(audits)
    table = to_arrow(made)
    assert str(table.schema.field("total").type) == "string"
    assert str(table.schema.field("year").type) == "int64"
    assert table.column("total").to_pylist() == ["90.00", "98.00", "98.63"]
    assert to_arrow([], columns=COLUMNS["findings"]).num_rows == 0
    pytest.importorskip("pandas")
    assert list(to_pandas(made)["grade"]) == ["优", "优", "优"]
    pytest.importorskip("polars")
    assert to_polars(made)["funds_score"].to_list() == ["10.00", "10.00", "8.63"]


def test_dataframes_are_typed_as_their_libraries_frames(tmp_path, monkeypatch):
    """mypy sees to_pandas and to_polars return DataFrames, not Any (pandas' types come
    from pandas-stubs, in the dev extra; without it mypy cannot know them)."""
    import inspect
    from importlib import metadata
    from pathlib import Path

    import perfeval.rows

    assert inspect.signature(to_pandas).return_annotation == "pandas.DataFrame"
    assert inspect.signature(to_polars).return_annotation == "polars.DataFrame"
    api = pytest.importorskip("mypy.api")
    pytest.importorskip("polars")
    snippet = tmp_path / "snippet.py"
    snippet.write_text(
        "from perfeval.rows import to_pandas, to_polars\n"
        "reveal_type(to_pandas([]))\n"
        "reveal_type(to_polars([]))\n",
        encoding="utf-8",
    )
    # this checkout's perfeval, whichever one is installed
    monkeypatch.setenv("MYPYPATH", str(Path(perfeval.rows.__file__).parents[1]))
    out, err, _ = api.run(
        ["--strict", "--cache-dir", str(tmp_path / "cache"), "--no-error-summary", str(snippet)]
    )
    revealed = [
        line.split("Revealed type is ")[1] for line in out.splitlines() if "Revealed" in line
    ]
    assert len(revealed) == 2, out + err
    assert revealed[1] == '"polars.dataframe.frame.DataFrame"'
    try:
        metadata.version("pandas-stubs")
    except metadata.PackageNotFoundError:
        pytest.skip("pandas-stubs is not installed: mypy sees pandas as Any")
    assert revealed[0] == '"pandas.core.frame.DataFrame"'


def test_summary_counts_grades_totals_and_findings(audits):
    summary = summarize_audits(audits)
    assert summary.tables == 3
    assert summary.findings == sum(len(item.findings) for item in audits)
    assert sum(summary.findings_by_code.values()) == summary.findings
    department = summary.by_department["怀化市人民政府"]
    assert (department.tables, department.findings) == (3, summary.findings)


def test_median_of_an_even_count_rounds_half_up():
    tables = [
        {"table_index": i, "total": total, "grade": "良"}
        for i, total in enumerate(["80.005", "80.000"])
    ]
    summary = summarize(tables)
    assert summary.median_total == Decimal("80.00")  # (80.005 + 80) / 2 = 80.0025
    three = summarize([*tables, {"table_index": 2, "total": "80.01", "grade": "良"}])
    assert three.median_total == Decimal("80.01")  # the middle one, 80.005, half up


def test_ungraded_tables_and_errors_are_counted():
    summary = summarize(
        [{"table_index": 0, "total": "50", "grade": None}],
        errors=[{"path": "x.json", "error": "x.json: not valid JSON"}],
    )
    assert summary.grades == {"优": 0, "良": 0, "中": 0, "差": 0, "—": 1}
    assert summary.errors == (("x.json", "not valid JSON"),)
    assert "x.json" in render_markdown(summary, locale="en")


def test_summary_outputs_agree(audits):
    summary = summarize_audits(audits)
    data = summary_to_json(summary)
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["mean_total"] == "95.54"
    made = summary_rows(summary)
    assert {row["section"] for row in made} >= {"overview", "grade", "code", "department"}
    assert "95.54" in render_text(summary)


def test_html_escapes_what_tables_print(audits):
    summary = summarize_audits(audits)
    tables = table_rows(audits)
    tables[0] = {**tables[0], "project": "<script>alert(1)</script>"}
    page = render_html(summary, tables, finding_rows(audits), title="A & B")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<title>A &amp; B</title>" in page
    assert page.count("<svg") == 1


# A batch whose file holds several tables ------------------------------------------------

FILES = Path(__file__).parent / "fixtures" / "files"


class _ListedTables(HTMLParser):
    """The rows of the page's table list: each table's cells, then its findings' codes
    (one per code and severity) and the count above them."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, list[str]]] = []
        self.inside = False
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "table":
            self.inside = found.get("class") == "tables"
        elif self.inside and tag == "tr" and found.get("class") == "found":
            self.rows[-1]["codes"] = []
        elif self.inside and tag == "tr":
            self.rows.append({"cells": []})
        elif self.inside and tag == "td" and "codes" not in self.rows[-1]:
            self.cell = []
        elif self.inside and tag == "li":
            self.rows[-1]["codes"].append(found["data-code"])
        elif self.inside and tag == "summary":
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif tag == "td" and self.cell is not None:
            self.rows[-1]["cells"].append("".join(self.cell).strip())
            self.cell = None
        elif tag == "summary" and self.cell is not None:
            self.rows[-1]["counted"] = ["".join(self.cell).strip()]
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


@pytest.fixture(scope="module")
def report_batch(tmp_path_factory):
    """A Word report holding three tables, then one single-table workbook."""
    folder = tmp_path_factory.mktemp("batch")
    paths = []
    for name in ("seed-report.docx", "national-2-2.xlsx"):
        (folder / name).write_bytes((FILES / name).read_bytes())
        paths.append(str(folder / name))
    return audit_files(paths)


def test_each_table_of_a_file_lists_its_own_findings(report_batch):
    tables = report_batch.table_rows()
    assert [row["table_index"] for row in tables] == [0, 0, 0, 1]  # one index per file
    page = render_batch_html(report_batch, locale="en")
    parser = _ListedTables()
    parser.feed(page)
    listed = [row for row in parser.rows if row["cells"]]  # not the heading row
    assert len(listed) == len(tables)
    by_part = {(row["cells"][0], row["cells"][1]): row for row in listed}
    for table in tables:
        name = str(table["table_name"])
        file, _, part = name.partition("#")
        shown = by_part[(file, part or "—")]
        codes = [
            str(f["code"])
            for f in report_batch.finding_rows()
            if (f["table_index"], f["table_name"]) == (table["table_index"], name)
        ]
        assert shown["cells"][-1] == str(table["findings"]) == str(len(codes))
        assert set(shown["codes"]) == set(codes), name
        assert shown["counted"][0].startswith(f"{len(codes)} findings"), name


def test_the_table_list_has_headings_and_names_the_policy(report_batch):
    page = render_batch_html(report_batch, locale="en")
    for heading in ("file", "sheet/table", "project", "total", "grade", "findings"):
        assert f"<th>{heading}</th>" in page
    assert "mof-2020" in page
    assert summarize_batch(report_batch).policies == {"mof-2020": 4}
    made = summary_rows(summarize_batch(report_batch))
    assert [(r["key"], r["tables"]) for r in made if r["section"] == "policy"] == [("mof-2020", 4)]


def test_the_chinese_page_shows_what_a_finding_code_means(report_batch):
    page = render_batch_html(report_batch)
    meaning = CATALOGUE["missing-value"].meaning_zh
    assert meaning in page
    assert "missing-value" in page  # the code stays visible
    assert CATALOGUE["missing-value"].meaning not in page


def test_findings_count_under_the_department_of_their_own_table():
    tables = [
        {"table_index": 0, "table_name": "a.docx#table 1", "department": "甲", "grade": "优"},
        {"table_index": 0, "table_name": "a.docx#table 2", "department": "乙", "grade": "良"},
    ]
    findings = [
        {"table_index": 0, "table_name": "a.docx#table 2", "code": "x", "severity": "error"}
    ]
    summary = summarize(tables, findings)
    assert (summary.by_department["甲"].findings, summary.by_department["乙"].errors) == (0, 1)
    page = render_html(summary, tables, findings)
    assert page.count("<li ") == 1
    # rows made by hand without names still find the only table with their index
    alone = summarize(tables[:1], [{"table_index": 0, "code": "x", "severity": "warning"}])
    assert alone.by_department["甲"].findings == 1


def test_a_tables_notes_are_listed_under_its_row_escaped_even_without_findings():
    tables = [
        {"table_index": 0, "table_name": "a.xlsx", "grade": "优",
         "notes": ["自评表!E5: the formula =SUM(E6:E8) has no saved value <blank>"]},
        {"table_index": 1, "table_name": "b.json", "grade": "良", "notes": []},
    ]  # fmt: skip
    page = render_html(summarize(tables), tables, [], locale="en")
    assert page.count('<li class="note">') == 1
    assert "=SUM(E6:E8) has no saved value &lt;blank&gt;" in page
    assert "<summary>1 notes on the table</summary>" in page
    findings = [{"table_index": 0, "table_name": "a.xlsx", "code": "x", "severity": "warning"}]
    page = render_html(summarize(tables, findings), tables, findings)
    assert "<summary>1 条发现（警告 1）；说明 1 条</summary>" in page


def test_a_batch_page_shows_the_notes_its_reader_wrote(tmp_path):
    from _helpers import uncalculated_workbook

    batch = audit_files([uncalculated_workbook(tmp_path / "t.xlsx")])
    assert batch.results[0].notes[2].startswith("自评表!E5: the formula =SUM(E6:E8)")
    assert batch.table_list()[0]["notes"] == list(batch.results[0].notes)
    page = render_batch_html(batch, locale="en")
    assert page.count('<li class="note">') == 4
    assert "4 findings (warnings 3, info 1); 4 notes on the table" in page


def test_csv_text_that_a_spreadsheet_would_run_is_written_as_text():
    from perfeval.rows import to_csv

    rows = [
        {"name": '=HYPERLINK("http://x","y")', "note": "+1", "score": "-1.50"},
        {"name": "@SUM(A1)", "note": "-项目", "score": "-"},
        {"name": "\t=1", "note": "正常", "score": "98.63"},
    ]
    out = io.StringIO()
    to_csv(rows, out)
    read = list(csv.reader(io.StringIO(out.getvalue())))
    assert read[1] == ['\'=HYPERLINK("http://x","y")', "+1", "-1.50"]
    assert read[2] == ["'@SUM(A1)", "'-项目", "-"]
    assert read[3] == ["'\t=1", "正常", "98.63"]
    raw = io.StringIO()
    to_csv(rows, raw, formulas=True)
    assert list(csv.reader(io.StringIO(raw.getvalue())))[1:] == [list(row.values()) for row in rows]


def test_a_csv_cell_holding_a_carriage_return_reads_back_as_one_record():
    from perfeval.rows import to_csv

    rows = [{"name": "一\r二", "note": "三\n四"}, {"name": "五", "note": "六"}]
    out = io.StringIO()
    to_csv(rows, out)
    read = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert read == [["name", "note"], ["一\r二", "三\n四"], ["五", "六"]]
    assert out.getvalue().endswith("五,六\n")


def test_a_batch_page_shows_a_damaged_file_name_instead_of_failing(tmp_path):
    from perfeval.summary import render_batch_html

    source = sorted((Path(__file__).parent.parent / "src/perfeval/data/seed").glob("*.json"))[0]
    damaged = os.fsdecode(b"\xff\xfe" + source.name.encode())
    path = tmp_path / damaged
    try:
        path.write_bytes(source.read_bytes())
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses a name that is not UTF-8")
    page = render_batch_html(audit_files([path]))
    page.encode("utf-8")  # always UTF-8 text
    assert "\\udcff\\udcfe" + source.name in page


@pytest.mark.parametrize(
    "value", ["-1,234.50", "-1,234", "-5.", "-.5", "-1e5", "-1E5", "-5%", "+1.5%", "-", "--"]
)
def test_csv_numbers_and_blanks_beginning_with_a_sign_are_written_as_they_are(value):
    from perfeval.rows import to_csv

    out = io.StringIO()
    to_csv([{"value": value}], out)
    assert list(csv.reader(io.StringIO(out.getvalue())))[1] == [value]


@pytest.mark.parametrize("value", ["-e5", "-.", "+", "-1,23", "-A1+B1"])
def test_csv_text_that_only_looks_like_a_number_is_written_as_text(value):
    from perfeval.rows import to_csv

    out = io.StringIO()
    to_csv([{"value": value}], out)
    assert list(csv.reader(io.StringIO(out.getvalue())))[1] == ["'" + value]


# Every kind of form ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def form_audits():
    from _forms import xlsx
    from perfeval.kinds import audit_forms, read_forms
    from test_coefficient import chongqing
    from test_department_form import MERGED as DEPARTMENT_MERGED
    from test_department_form import department_rows
    from test_kinds import PROJECT
    from test_rubric import MERGED as RUBRIC_MERGED
    from test_rubric import rubric_rows

    data = xlsx({
        "自评表": (PROJECT, []), "评分表": (rubric_rows(), RUBRIC_MERGED),
        "系数表": (chongqing(), []), "部门整体": (department_rows(), DEPARTMENT_MERGED),
    })  # fmt: skip
    return audit_forms(read_forms(data))


def test_form_rows_have_exactly_their_documented_columns_for_every_kind(form_audits):
    from perfeval.rows import FORM_COLUMNS, FORM_ITEM_COLUMNS, form_item_rows, form_rows

    made = form_rows(form_audits)
    assert all(tuple(row) == FORM_COLUMNS for row in made)
    assert [(r["kind"], r["table_name"], r["total"], r["grade"]) for r in made] == [
        ("table", "自评表", "15", "差"), ("rubric", "评分表", "97.32", "优"),
        ("coefficient", "系数表", "93.75", None), ("department", "部门整体", "99.50", "优"),
    ]  # fmt: skip
    assert [r["items"] for r in made] == [1, 10, 4, 3]
    assert [r["errors"] for r in made] == [1, 0, 1, 0]
    assert made[3]["department"] == "某市农业农村局"
    items = form_item_rows(form_audits)
    assert all(tuple(row) == FORM_ITEM_COLUMNS for row in items)
    lines = [r for r in items if r["kind"] == "coefficient" and r["part"] == "rows"]
    assert [(r["coefficient"], r["score"]) for r in lines][-1] == ("0.85", "29.75")
    breakdown = [r for r in items if r["part"] == "breakdown"]
    assert [(r["name"], r["rate_percent"], r["score"]) for r in breakdown] == [
        ("基本支出", "100.00", "10.00"), ("项目支出", "88.00", "8.80"),
    ]  # fmt: skip
    assert to_arrow(made).schema.field("items").type == "int64"


def test_form_findings_are_finding_rows_keyed_by_their_form(form_audits):
    from perfeval.rows import FINDING_COLUMNS, form_finding_rows

    made = form_finding_rows(form_audits)
    assert all(tuple(row) == FINDING_COLUMNS for row in made)
    coefficient = [r for r in made if r["table_name"] == "系数表"]
    assert [(r["table_index"], r["code"], r["project"]) for r in coefficient] == [
        (2, "total-mismatch", "城区道路养护"),
    ]  # fmt: skip


def test_a_table_gives_the_same_form_rows_through_rows_and_through_its_form(audits):
    from perfeval.kinds import table_audit
    from perfeval.rows import form_item_rows, form_rows

    assert rows(audits, "forms") == form_rows(
        [table_audit(a.scorecard.table.project, a) for a in audits]
    )
    scored = rows([a.scorecard for a in audits], "forms")
    assert [row["findings"] for row in scored] == [None, None, None]
    assert [row["total"] for row in scored] == ["90.00", "98.00", "98.63"]
    items = rows(audits, "form_items")
    assert items == form_item_rows([table_audit(a.scorecard.table.project, a) for a in audits])
    assert {row["part"] for row in items} == {"funds", "indicators"}


def test_the_summary_counts_the_other_forms_by_kind_apart_from_the_tables(form_audits):
    from perfeval.rows import form_rows

    made = form_rows(form_audits)
    others = [row for row in made if row["kind"] != "table"]
    summary = summarize([], forms=others)
    assert summary.tables == 0
    assert {k: (c.forms, c.findings, c.errors) for k, c in summary.forms.items()} == {
        # a department form's one finding is the info saying which rule scored its indicators
        "rubric": (1, 0, 0), "coefficient": (1, 1, 1), "department": (1, 1, 0),
    }  # fmt: skip
    assert summary_to_json(summary)["forms"]["coefficient"] == {
        "forms": 1, "findings": 1, "errors": 1,
    }  # fmt: skip
    assert ("form", "coefficient", "1") in {
        (r["section"], r["key"], r["value"]) for r in summary_rows(summary)
    }
    assert "得分系数表" in render_text(summary)
    assert "score-coefficient table" in render_markdown(summary, locale="en")


@pytest.mark.parametrize(
    ("call", "field", "row"),
    [
        (lambda: summarize(None), "tables", None),
        (lambda: summarize([{"total": "90"}, ["90"]]), "tables", 1),
        (lambda: summarize([], findings="code"), "findings", None),
        (lambda: summarize([], errors=[3]), "errors", 0),
        (lambda: summarize([], forms=[{"kind": "rubric", "findings": "1.5"}]), "findings", None),
        (lambda: summarize([{"total": 90.5}]), "total", None),
    ],
)
def test_summarize_refuses_what_is_not_rows_naming_the_part(call, field, row):
    with pytest.raises(PerfevalError) as raised:
        call()
    assert raised.value.field == field
    assert raised.value.row == row


def test_summarize_counts_form_rows_read_back_as_text():
    summary = summarize([], forms=[{"kind": "rubric", "findings": "2", "errors": ""}])
    assert summary.forms["rubric"].findings == 2
    assert summary.forms["rubric"].errors == 0
