"""perfeval.readers: every layout in every file format gives the JSON's scorecard."""

import io
import json
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from perfeval.audit import audit
from perfeval.document import loads
from perfeval.errors import DocumentError
from perfeval.layout import Grid, find_tables
from perfeval.output import scorecard_to_json
from perfeval.readers import read_tables, shown_number, sniff
from perfeval.seed import seed_document, seed_tables
from perfeval.table import score_table
from perfeval.testing import strategies as pst

D = Decimal
FIXTURES = Path(__file__).parent / "fixtures"
FILES = FIXTURES / "files"
LAYOUTS = json.loads((FILES / "layouts.json").read_text(encoding="utf-8"))


def source_document(source):
    kind, name = source.split(":")
    if kind == "seed":
        return seed_document(name)
    return (FIXTURES / f"{name}.json").read_text(encoding="utf-8")


def card(table):
    """The scorecard's JSON without its notes: each reader notes what it met in its own
    format (a label written once, a formula …), and the scores must agree all the same."""
    data = scorecard_to_json(score_table(table))
    del data["notes"]
    return data


GOOD = [
    (stem, fmt)
    for stem, info in LAYOUTS.items()
    for fmt in info["formats"]
    if info["sources"] and not stem.startswith("no-cache")
]


@pytest.mark.parametrize(("stem", "fmt"), GOOD, ids=[f"{s}.{f}" for s, f in GOOD])
def test_each_layout_in_each_format_scores_as_its_json(stem, fmt):
    found = read_tables(FILES / f"{stem}.{fmt}")
    wanted = [card(loads(source_document(s))) for s in LAYOUTS[stem]["sources"]]
    assert [card(item.table) for item in found] == wanted


def test_the_seed_report_in_word_gives_the_three_seed_tables():
    found = read_tables(FILES / "seed-report.docx")
    assert [item.table.project for item in found] == [t.project for t in seed_tables()]
    assert [item.name for item in found] == ["table 2", "table 3", "table 4"]  # 1: 资金到位情况
    assert found[2].cells["funds.rows[0].executed"] == "table 4, row 4, column 7"


def test_split_targets_are_read_as_objects_under_a_merged_heading():
    found = read_tables(FILES / "split-merged-2-3.xlsx")[0]
    target = found.document["indicators"][3]["target"]
    assert target == {"direction": "≤", "value": "60", "unit": None}
    assert found.cells["indicators[3].target"].startswith("附件2-3!F")


@pytest.mark.parametrize(
    ("stem", "cell", "missing"),
    [
        ("bad-split-no-value.xlsx", "附件2-3!E15", "指标值"),
        ("bad-split-no-value.xml", "附件2-3!E15", "指标值"),
        ("bad-split-no-value.docx", "table 1, row 11, column 5", "指标值"),
        ("bad-split-no-subheads.xlsx", "附件2-3!E14", "指标值"),
        ("bad-split-no-subheads.docx", "table 1, row 10, column 5", "指标值"),
        ("bad-split-merged-no-subheads.xlsx", "附件2-3!E14", "指标值"),
        ("bad-no-actual.xlsx", "附件2-3!D14", "实际完成值"),
        ("bad-no-actual.docx", "table 1, row 10, column 4", "实际完成值"),
    ],
)
def test_an_unresolved_header_fails_with_the_cell_and_the_column(stem, cell, missing):
    with pytest.raises(DocumentError) as caught:
        read_tables(FILES / stem)
    assert caught.value.field == cell
    assert f"headed {missing}" in str(caught.value)


def test_hidden_sheets_are_skipped_and_every_visible_one_is_read_in_order():
    found = read_tables(FILES / "two-sheets-hidden-first.xlsx")
    assert [item.name for item in found] == ["附件2-2", "附件2-3"]
    assert [item.table.project for item in found] == ["维权维稳（工作）经费", "工作经费"]


@pytest.mark.parametrize("fmt", ["xlsx", "xml", "xls"])
def test_sheet_selects_one_by_name_or_visible_index(fmt):
    path = FILES / f"two-sheets-hidden-first.{fmt}"
    assert read_tables(path, sheet=1)[0].name == "附件2-3"
    assert read_tables(path, sheet="附件2-2")[0].table.project == "维权维稳（工作）经费"
    assert read_tables(path, sheet="旧表")[0].table.project == "乡村道路养护"  # asked by name
    with pytest.raises(DocumentError, match="no such sheet"):
        read_tables(path, sheet="附件9")
    with pytest.raises(DocumentError, match="no sheet number 2"):
        read_tables(path, sheet=2)


@pytest.mark.parametrize("fmt", ["xlsx", "xml"])
def test_float_noise_in_cached_values_reads_as_the_sheet_shows_it(fmt):
    found = read_tables(FILES / f"float-noise-2-3.{fmt}")[0]
    assert found.document["funds"]["rows"][0]["executed"] == "51.79"
    report = audit(found.table)
    codes = {finding.code for finding in report.findings}
    assert not codes & {"over-budget", "fund-total-mismatch", "rate-mismatch"}


@pytest.mark.parametrize("fmt", ["xlsx", "xml"])
def test_a_formula_without_a_saved_value_is_blank_and_said(fmt):
    found = read_tables(FILES / f"no-cache-2-3.{fmt}")[0]
    assert found.table.funds.total.executed is None
    cell = found.cells["funds.rows[0].executed"]
    assert any(note.startswith(f"{cell}: the formula") for note in found.table.notes)


def test_colons_after_labels_do_not_turn_the_total_into_a_source():
    table = read_tables(FILES / "colons-2-1.xlsx")[0].table
    assert table.funds.total.executed == D("46.78")
    assert [row.source for row in table.funds.sources] == ["current_year", "carry_over", "other"]
    assert "fund-total-mismatch" not in {f.code for f in audit(table).findings}


def test_the_sichuan_export_keeps_its_names_and_units():
    found = read_tables(FILES / "sichuan.xlsx")[0]
    table = found.table
    assert table.project == "51140223T000001234567-乡村振兴示范村建设"
    assert table.funds.unit == "元"
    assert [row.source for row in table.funds.sources] == [
        "财政资金", "财政专户管理资金", "单位资金", "other"]  # fmt: skip
    assert table.printed_total == D(99)
    assert any("权重" in note for note in table.notes)
    assert audit(table).errors == ()


def grid(rows, **kwargs):
    return Grid.from_rows("表", rows, **kwargs)


HEAD = ["三级指标", "年度指标值", "实际完成值", "分值", "得分"]
ROW = ["培训人次", "≥100人次", "120人次", "20", "20"]


def test_inline_labels_unit_lines_and_signature_lines():
    found = find_tables(
        grid(
            [
                ["项目名称：培训项目", "", "", "单位：元"],
                ["项目资金", "", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
                ["", "年度资金总额：", "600000", "540000", "10", "90%", "9"],
                HEAD,
                ROW,
                ["填报人：张三", "", "联系电话：123"],
                ["其他", "x", "y", "z", "w"],
            ]
        )
    )[0]
    assert found.table.project == "培训项目"
    assert found.document["amount_unit"] == "元"
    assert found.table.funds.unit == "元"
    assert found.table.funds.total.annual_budget == D(600000)
    assert [row.name for row in found.table.indicators] == ["培训人次"]


def test_a_weight_share_header_is_kept_and_noted():
    head = ["三级指标", "年度指标值", "实际完成值", "权重占比(%)", "单项指标得分", "折算得分"]
    found = find_tables(grid([["项目名称", "x"], head, [*ROW[:4], "100", "20"]]))[0]
    assert found.table.indicators[0].score == D(20)
    assert any("权重占比" in note for note in found.table.notes)
    assert any("单项指标得分" in note for note in found.table.notes)


def test_two_tables_stacked_in_one_sheet():
    rows = [["项目名称", "甲"], HEAD, ROW, ["总分", "", "", "20", "20"], [],
            ["项目名称", "乙"], HEAD, ROW]  # fmt: skip
    found = find_tables(grid(rows))
    assert [item.table.project for item in found] == ["甲", "乙"]
    assert [item.name for item in found] == ["表 (1)", "表 (2)"]
    assert found[1].cells["indicators[0].name"] == "表!A8"


def test_a_grid_without_a_table_yields_nothing():
    assert find_tables(grid([["项目资金到位情况"], ["合计", "106.06"]])) == []


def test_a_bad_number_names_the_cell_and_the_path():
    with pytest.raises(DocumentError) as caught:
        find_tables(grid([["项目名称", "x"], HEAD, [*ROW[:3], "十五", "20"]]))
    assert caught.value.field == "表!D3"
    assert "indicators[0].weight" in str(caught.value)


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.4\n", "PDF"),
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (b"\xff\xd8\xff\xe0", "JPEG"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "without a workbook"),
        (b"<html><body>table</body></html>", "HTML"),
        (b"<?xml version='1.0'?><root/>", "not a SpreadsheetML"),
        (b"hello", "not a file perfeval reads"),
        (b"", "empty"),
    ],
)
def test_other_files_are_refused_saying_what_they_are(data, what):
    with pytest.raises(DocumentError, match=what) as caught:
        read_tables(data)
    if what not in ("not a file perfeval reads", "empty", "not a SpreadsheetML", "HTML"):
        assert "export the table to .xlsx or .docx" in str(caught.value)


def test_a_zip_that_is_neither_workbook_nor_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("readme.txt", "hi")
    with pytest.raises(DocumentError, match="zip archive"):
        read_tables(buffer.getvalue())


def test_formats_are_sniffed_not_taken_from_the_name(tmp_path):
    disguised = tmp_path / "report.xls"  # WPS names XML 2003 files .xls
    disguised.write_bytes((FILES / "national-2-3.xml").read_bytes())
    assert sniff(disguised.read_bytes()) == "xml2003"
    assert read_tables(disguised)[0].table.project == "工作经费"
    with open(FILES / "national-2-3.docx", "rb") as handle:
        assert read_tables(handle)[0].table.project == "工作经费"


def test_json_documents_are_handed_to_the_document_reader():
    found = read_tables(seed_document("2-3").encode())
    assert found[0].table == seed_tables()[2]
    assert found[0].cells == {}


def test_a_missing_extra_is_named(monkeypatch):
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(DocumentError, match=r"perfeval\[docx\]"):
        read_tables(FILES / "national-2-3.docx")


def test_entities_in_spreadsheetml_are_refused():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaa">]>'
        b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet>'
        b"<Table><Row><Cell><Data>&a;</Data></Cell></Row></Table></Worksheet></Workbook>"
    )
    with pytest.raises(DocumentError, match="SpreadsheetML"):
        read_tables(bomb)


def test_spreadsheetml_indexes_beyond_the_limits_are_refused():
    huge = (
        b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="a" '
        b'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Table>'
        b'<Row ss:Index="999999999"><Cell><Data ss:Type="String">x</Data></Cell></Row>'
        b"</Table></Worksheet></Workbook>"
    )
    with pytest.raises(DocumentError, match="limit"):
        read_tables(huge)


def test_a_decompression_bomb_in_a_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", "0" * 50_000_000)
    with pytest.raises(DocumentError, match="bomb"):
        read_tables(buffer.getvalue())


@pytest.mark.parametrize(
    ("number", "fmt", "shown"),
    [
        ("51.790000000000006", "General", "51.79"),
        ("0.1", "0.00%", "10.00%"),
        ("0.86316", "0%", "86%"),
        ("8.625", "0.00", "8.63"),
        ("60", "0.00##", "60.00"),
        ("60.12345", "0.00##", "60.1235"),
        ("1234567.891", "#,##0.00", "1234567.89"),
        ("123456789012345678", "General", "123456789012346000"),
    ],
)
def test_numbers_are_shown_as_the_spreadsheet_shows_them(number, fmt, shown):
    assert shown_number(D(number), fmt) == shown


# Exports that look like the printed form ---------------------------------------------


@pytest.mark.parametrize("index", [0, 1, 2])
def test_a_word_export_reads_back_to_the_same_scorecard(index):
    from perfeval.forms import write_docx

    table = seed_tables()[index]
    buffer = io.BytesIO()
    write_docx(table, buffer, annex=f"附件2-{index + 1}")
    (found,) = read_tables(buffer.getvalue())
    assert card(found.table) == card(table)
    assert found.table.goals_achieved == table.goals_achieved


def test_a_scored_export_holds_the_computed_scores():
    from perfeval.forms import write_docx
    from perfeval.spreadsheet import write_workbook

    table = seed_tables()[2]
    scored = score_table(table)
    for write in (write_docx, write_workbook):
        buffer = io.BytesIO()
        write(table, buffer, scorecard=scored)
        found = read_tables(buffer.getvalue())[0].table
        assert found.printed_total == D("98.63")
        assert found.funds.total.printed_rate == D("86.32")
        assert audit(found).errors == ()


def test_a_word_report_holds_the_summary_and_every_table():
    import docx

    from perfeval.forms import write_report_docx

    tables = seed_tables()
    buffer = io.BytesIO()
    write_report_docx(tables, buffer, unit="湖南省怀化市人民政府驻北京联络处")
    found = read_tables(buffer.getvalue())
    assert [card(item.table) for item in found] == [card(t) for t in tables]
    summary = docx.Document(io.BytesIO(buffer.getvalue())).tables[0]
    rows = [[cell.text for cell in row.cells] for row in summary.rows]
    assert rows[-1] == ["合计", "106.06"]
    assert rows[1] == ["专项业务（工作）经费", "46.78"]


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=8, deadline=None)
@given(pst.printed_tables())
def test_generated_tables_read_back_from_word_to_the_same_scorecard(table):
    from perfeval.forms import write_docx

    buffer = io.BytesIO()
    write_docx(table, buffer)
    (found,) = read_tables(buffer.getvalue())
    assert card(found.table) == card(table)


def _spreadsheet_2003(cell_attributes: str = "", number: str = "5") -> bytes:
    """A one-sheet SpreadsheetML 2003 workbook whose weight cell has *cell_attributes*
    and holds the Number *number*."""
    header = "".join(
        f'<Cell><Data ss:Type="String">{text}</Data></Cell>'
        for text in ("三级指标", "年度指标值", "实际完成值", "分值", "得分")
    )
    return f"""<?xml version="1.0"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="s"><Table>
<Row><Cell><Data ss:Type="String">项目名称</Data></Cell>
<Cell><Data ss:Type="String">工作经费</Data></Cell></Row>
<Row>{header}</Row>
<Row><Cell><Data ss:Type="String">接待人数</Data></Cell>
<Cell><Data ss:Type="String">≥200人</Data></Cell><Cell><Data ss:Type="String">535人</Data></Cell>
<Cell {cell_attributes}><Data ss:Type="Number">{number}</Data></Cell></Row>
</Table></Worksheet></Workbook>""".encode()


@pytest.mark.parametrize("attribute", ['ss:Index="²"', 'ss:MergeAcross="²"', 'ss:MergeDown="٣"'])
def test_an_xml_2003_index_in_other_digits_is_perfevals_error(attribute):
    with pytest.raises(DocumentError, match="not a whole number") as caught:
        read_tables(_spreadsheet_2003(attribute))
    assert caught.value.field == "s"


@pytest.mark.parametrize("number", ["1E+99999999", "1E-99999999", "1e999"])
def test_a_number_beyond_a_spreadsheets_range_is_refused_naming_its_cell(number):
    with pytest.raises(DocumentError, match="outside the range") as caught:
        read_tables(_spreadsheet_2003(number=number))
    assert "s!D3" in str(caught.value)
