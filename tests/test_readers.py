"""perfeval.readers: every layout in every file format gives the JSON's scorecard."""

import copy
import io
import json
import re
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
        (b"<html><body>text</body></html>", "HTML page with no table"),
        (b"<?xml version='1.0'?><root/>", "not a SpreadsheetML"),
        (b"hello", "not a file perfeval reads"),
        (b"", "empty"),
    ],
)
def test_other_files_are_refused_saying_what_they_are(data, what):
    with pytest.raises(DocumentError, match=what) as caught:
        read_tables(data)
    if what in ("PNG", "JPEG", "without a workbook"):
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


def test_spreadsheetml_declaring_an_unknown_encoding_is_refused():
    declared = (
        b'<?xml version="1.0" encoding="UTF-899"?><?mso-application progid="Excel.Sheet"?>'
        b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet>'
        b"<Table><Row><Cell><Data>x</Data></Cell></Row></Table></Worksheet></Workbook>"
    )
    with pytest.raises(DocumentError, match=r"SpreadsheetML.*UTF-899"):
        read_tables(declared)


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


# Word content in wrappers, tables split across a page, reports with other tables ------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def word_2_3(scored=True):
    """The seed's 工作经费 as a Word 自评表 (total 98.63), and the python-docx document."""
    import docx

    from perfeval.forms import write_docx

    table = seed_tables()[2]
    buffer = io.BytesIO()
    write_docx(table, buffer, scorecard=score_table(table) if scored else None)
    return docx.Document(io.BytesIO(buffer.getvalue()))


def saved(document):
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def element(xml):
    """An element of WordprocessingML from *xml* written with the ``w:`` prefix."""
    from docx.oxml import parse_xml

    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    return parse_xml(re.sub(r"^<([\w:]+)", rf"<\1 {namespace}", xml))


def cell_holding(document, text):
    """The first w:tc of the first table whose text is *text*."""
    for tc in document.tables[0]._tbl.iter(f"{W}tc"):
        if "".join(t.text or "" for t in tc.iter(f"{W}t")) == text:
            return tc
    raise AssertionError(text)


def wrap(parent, children, xml):
    """Move *children* (elements of *parent*, in order) into a new element made of *xml*,
    whose innermost element receives them."""
    wrapper = element(xml)
    inner = wrapper
    while len(inner):
        inner = inner[-1]
    parent.insert(parent.index(children[0]), wrapper)
    for child in children:
        inner.append(child)
    return wrapper


RUN_WRAPPERS = {
    "ins": '<w:ins w:id="91" w:author="x" w:date="2024-01-01T00:00:00Z"/>',
    "sdt": "<w:sdt><w:sdtPr/><w:sdtContent/></w:sdt>",
    "smartTag": '<w:smartTag w:uri="urn:x" w:element="n"/>',
    "customXml": '<w:customXml w:element="n"/>',
    "fldSimple": '<w:fldSimple w:instr=" =SUM(ABOVE) "/>',
    "hyperlink": '<w:hyperlink w:anchor="n"/>',
}


@pytest.mark.parametrize("kind", sorted(RUN_WRAPPERS))
def test_values_inside_word_wrappers_read_as_their_text(kind):
    document = word_2_3()
    for text in ("51.79", "98.63", "（2023年度）"):
        if text.startswith("（"):
            paragraph = next(p for p in document.paragraphs if p.text == text)._p
        else:
            paragraph = cell_holding(document, text).find(f"{W}p")
        runs = paragraph.findall(f"{W}r")
        wrap(paragraph, runs, RUN_WRAPPERS[kind])
    (found,) = read_tables(saved(document))
    assert found.table.funds.total.executed == D("51.79")
    assert found.table.printed_total == D("98.63")
    assert found.document["year"] == "2023"
    assert card(found.table) == card(word_tables_2_3())


def word_tables_2_3():
    (found,) = read_tables(saved(word_2_3()))
    return found.table


def test_tracked_deletions_and_field_codes_are_not_read():
    document = word_2_3()
    paragraph = cell_holding(document, "98.63").find(f"{W}p")
    deleted = element('<w:del w:id="92" w:author="x"><w:r><w:delText>90</w:delText></w:r></w:del>')
    paragraph.append(deleted)
    code = element('<w:r><w:instrText xml:space="preserve"> =SUM(ABOVE) </w:instrText></w:r>')
    paragraph.insert(0, code)
    found = read_tables(saved(document))[0]
    assert found.table.printed_total == D("98.63")


def test_symbols_read_as_their_character_and_hidden_text_is_not_read():
    document = word_2_3()
    paragraph = cell_holding(document, "≤60").find(f"{W}p")
    run = paragraph.find(f"{W}r")
    run.find(f"{W}t").text = "60"
    run.insert(1, element('<w:sym w:font="Symbol" w:char="F0A3"/>'))
    hidden = element("<w:r><w:rPr><w:vanish/></w:rPr><w:t>（见说明）</w:t></w:r>")
    paragraph.append(hidden)
    found = read_tables(saved(document))[0]
    assert found.document["indicators"][3]["target"] == "≤60"


def test_a_content_control_showing_its_prompt_reads_as_blank():
    document = word_2_3()
    paragraph = cell_holding(document, "98.63").find(f"{W}p")
    sdt = wrap(
        paragraph,
        paragraph.findall(f"{W}r"),
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent/></w:sdt>",
    )
    sdt.find(f".//{W}t").text = "单击此处输入文字"
    assert read_tables(saved(document))[0].table.printed_total is None


@pytest.mark.parametrize("xml", ["<w:sdt><w:sdtPr/><w:sdtContent/></w:sdt>",
                                 '<w:customXml w:element="n"/>'])  # fmt: skip
def test_cells_and_rows_wrapped_in_content_controls_keep_their_places(xml):
    document = word_2_3()
    tc = cell_holding(document, "98.63")
    wrap(tc.getparent(), [tc], xml)  # the total score cell
    row = cell_holding(document, "项目质量达标率").getparent()
    wrap(row.getparent(), [row], xml)  # a whole indicator row
    (found,) = read_tables(saved(document))
    assert found.table.printed_total == D("98.63")
    assert [i.name for i in found.table.indicators] == [
        i.name for i in word_tables_2_3().indicators
    ]
    assert found.cells["total_score"] == "table 1, row 24, column 8"


def test_a_deleted_row_is_not_read():
    document = word_2_3()
    row = cell_holding(document, "项目质量达标率").getparent()
    properties = row.find(f"{W}trPr")
    if properties is None:
        properties = element("<w:trPr/>")
        row.insert(0, properties)
    properties.append(element('<w:del w:id="93" w:author="x"/>'))
    names = [i.name for i in read_tables(saved(document))[0].table.indicators]
    assert "项目质量达标率" not in names
    assert "信访接待人数" in names


def split(document, at, *, repeat=(), between=("",)):
    """*document* with its first table split before row *at* into two Word tables with
    paragraphs *between*, the rows *repeat* copied to the top of the second."""
    import copy

    tbl = document.tables[0]._tbl
    rows = tbl.findall(f"{W}tr")
    second = copy.deepcopy(tbl)
    for tr in second.findall(f"{W}tr"):
        second.remove(tr)
    for index in repeat:
        second.append(copy.deepcopy(rows[index]))
    for tr in rows[at:]:
        second.append(tr)
    anchor = tbl
    for line in between:
        paragraph = element(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>")
        anchor.addnext(paragraph)
        anchor = paragraph
    anchor.addnext(second)
    return document


def set_texts(tr, texts):
    """Set the texts of the w:tc of *tr* by their index among the row's cells."""
    cells = tr.findall(f"{W}tc")
    for index, tc in enumerate(cells):
        ts = list(tc.iter(f"{W}t"))
        if index in texts:
            if not ts:
                tc.find(f"{W}p").append(element("<w:r><w:t/></w:r>"))
                ts = list(tc.iter(f"{W}t"))
            ts[0].text = texts[index]
        for t in ts[1 if index in texts else 0 :]:
            t.text = ""


@pytest.mark.parametrize(("at", "repeat"), [(18, ()), (18, (13,)), (15, (13,)), (23, ())])
def test_a_table_split_across_a_page_is_read_as_one(at, repeat):
    """Split before 效益指标 (header repeated or not), inside 产出指标, before 总分."""
    whole = word_tables_2_3()
    data = saved(split(word_2_3(), at, repeat=repeat))
    (found,) = read_tables(data)
    assert card(found.table) == card(whole)
    assert found.table.printed_total == D("98.63")
    assert any("table 2 continues table 1" in note for note in found.table.notes)
    named = found.cells["indicators[4].name"] if at <= 18 else found.cells["total_score"]
    assert named.startswith("table 2, row ")
    if repeat and at == 18:
        assert named == "table 2, row 2, column 4"
        assert any("repeated header" in note for note in found.table.notes)


def test_a_row_broken_at_the_page_edge_is_merged_and_noted():
    import copy

    document = word_2_3()
    rows = document.tables[0]._tbl.findall(f"{W}tr")
    last = rows[22]  # 满意度指标（10分）| 服务对象满意度指标 | 服务对象满意度 | ≥90% | 10
    rest = copy.deepcopy(last)
    set_texts(last, {1: "满意度指", 2: "服务对象满意", 3: "服务对象满", 4: "≥90%", 5: "≥95%",
                     6: "10", 7: "10.00"})  # fmt: skip
    set_texts(rest, {1: "标（10分）", 2: "度指标", 3: "意度"})
    last.addnext(rest)
    (found,) = read_tables(saved(split(document, 23, repeat=(13,))))
    whole = word_tables_2_3()
    assert card(found.table) == card(whole)
    row = found.table.indicators[-1]
    assert (row.level1, row.level2, row.name) == ("满意度指标（10分）", "服务对象满意度指标",
                                                  "服务对象满意度")  # fmt: skip
    assert any("满意度指 + 标（10分） → 满意度指标（10分）" in n for n in found.table.notes)


def test_a_first_row_with_no_numbers_that_starts_a_new_group_is_kept_and_noted():
    """Split right before the 生态效益 row, which has no 分值 of its own: a new group, so it
    is not merged into the 社会效益 row above, and a note says why."""
    (found,) = read_tables(saved(split(word_2_3(), 20)))
    assert card(found.table) == card(word_tables_2_3())
    assert any("read as a row of its own" in note for note in found.table.notes)


def test_tables_with_text_between_them_are_not_joined_and_a_note_says_so():
    document = split(word_2_3(), 18, between=("说明：以上为产出指标。",))
    (found,) = read_tables(saved(document))
    assert len(found.table.indicators) == 4
    assert any("text stands between them (说明" in note for note in found.table.notes)
    narrower = split(word_2_3(), 18)
    for tr in narrower.tables[0]._tbl.getnext().getnext().findall(f"{W}tr"):
        tr.remove(tr.findall(f"{W}tc")[-1])  # the second part loses its last column
    (found,) = read_tables(saved(narrower))
    assert any("it has 9 columns, not 10" in note for note in found.table.notes)
    (found,) = read_tables(saved(split(word_2_3(), 18, repeat=(13,), between=("说明",))))
    assert any(
        note.startswith("table 2, row 1, column 4: table 2 skipped: a table of indicators with "
                        "scores but no project name") for note in found.table.notes
    )  # fmt: skip
    for between in (("", "（续表）"), ("- 3 -",), ("第2页共3页",)):
        found = read_tables(saved(split(word_2_3(), 18, between=between)))[0]
        assert found.table.printed_total == D("98.63")
        assert len(found.table.indicators) == 9


def report_with_other_tables(*, own=True):
    """A report: the seed's 维权维稳 and 工作经费 自评表 (when *own*), a 指标完成情况 table
    headed 一级/二级/三级指标 with no scores, and a 整改台账."""
    import docx

    from perfeval.forms import write_report_docx

    if own:
        buffer = io.BytesIO()
        write_report_docx(seed_tables()[1:], buffer)
        document = docx.Document(io.BytesIO(buffer.getvalue()))
    else:
        document = docx.Document()
    document.add_paragraph("三、绩效指标完成情况")
    rows = [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"],
            ["产出指标", "数量指标", "信访接待人数", "200", "535"]]  # fmt: skip
    indicators = document.add_table(rows=2, cols=5)
    for r, texts in enumerate(rows):
        for c, text in enumerate(texts):
            indicators.cell(r, c).text = text
    document.add_paragraph("四、整改台账")
    ledger = document.add_table(rows=2, cols=4)
    for c, text in enumerate(["序号", "存在问题", "整改措施", "完成时限"]):
        ledger.cell(0, c).text = text
    ledger.cell(1, 0).text = "1"
    return saved(document)


def test_a_report_with_other_tables_reads_every_table_and_lists_the_others():
    from perfeval.readers import read_file_tables

    data = report_with_other_tables()
    read = read_file_tables(data)
    assert [item.table.project for item in read.tables] == [t.project for t in seed_tables()[1:]]
    assert [(item.name, item.cell) for item in read.skipped] == [
        ("table 1", None), ("table 4", "table 4, row 1, column 3"), ("table 5", None)]  # fmt: skip
    assert read.skipped[1].reason.startswith("headed 三级指标 but with no 分值")
    assert "no cell headed 三级指标" in read.skipped[2].reason
    for item in read.tables:
        assert any(note.startswith("table 4, row 1, column 3: table 4 skipped: headed 三级指标") for
                   note in item.table.notes)  # fmt: skip
    assert [item.table for item in read_tables(data)] == [item.table for item in read.tables]


def test_a_file_with_no_self_evaluation_table_names_what_was_looked_at():
    with pytest.raises(DocumentError) as caught:
        read_tables(report_with_other_tables(own=False))
    message = str(caught.value)
    assert "no 自评表 found" in message
    assert "table 1, row 1, column 3: headed 三级指标 but with no 分值" in message
    assert "table 2: no cell headed 三级指标" in message


def test_a_project_name_printed_above_a_word_table_is_read():
    document = word_2_3()
    rows = document.tables[0]._tbl.findall(f"{W}tr")
    rows[0].getparent().remove(rows[0])  # 项目名称 | 工作经费
    paragraph = next(p for p in document.paragraphs if p.text == "（2023年度）")._p
    paragraph.addnext(element("<w:p><w:r><w:t>项目名称：工作经费</w:t></w:r></w:p>"))
    (found,) = read_tables(saved(document))
    assert found.table.project == "工作经费"
    assert found.cells["project"] == "table 1, the line above it"
    paragraph.getparent().remove(paragraph.getnext())  # no project name anywhere
    with pytest.raises(DocumentError, match=r"no 自评表 found.*no project name") as caught:
        read_tables(saved(document))
    assert "table 1, row 13, column 4" in str(caught.value)


def test_a_scoring_sheet_headed_like_a_table_is_skipped():
    from perfeval.layout import read_grid

    rubric = grid([["一级指标", "二级指标", "三级指标", "分值", "评分标准", "得分"],
                   ["决策", "项目立项", "立项依据充分性", "3", "…", "3"]])  # fmt: skip
    read = read_grid(rubric)
    assert read.found == ()
    assert "a scoring sheet" in read.skipped[0].reason
    assert find_tables(rubric) == []


def test_a_weight_of_1e999_in_xlsx_names_the_cell():
    from perfeval.spreadsheet import write_workbook

    buffer = io.BytesIO()
    write_workbook(seed_tables()[2], buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(rb'(<c r="G19"[^>]*>)<v>[^<]*</v>', rb"\1<v>1e999</v>", data)
                assert count == 1
            package.writestr(item, data)
    with pytest.raises(DocumentError) as caught:
        read_tables(out.getvalue())
    assert caught.value.field == "自评表!G19"
    assert "beyond what a spreadsheet holds" in str(caught.value)


@pytest.mark.parametrize("ref", ["A1:XFD1048576", "B2:B3000", "A:A", "3:3"])
def test_a_merged_range_beyond_the_limits_in_xlsx_is_refused_before_it_is_laid_out(ref):
    from perfeval.spreadsheet import write_workbook

    buffer = io.BytesIO()
    write_workbook(seed_tables()[2], buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":  # openpyxl would make a cell
                data, count = re.subn(  # object for each of its 17 billion cells
                    rb'<mergeCell ref="[^"]*"', f'<mergeCell ref="{ref}"'.encode(), data, count=1
                )
                assert count == 1
            package.writestr(item, data)
    with pytest.raises(DocumentError, match="the limit is 2000 × 60") as caught:
        read_tables(out.getvalue())
    assert f"xl/worksheets/sheet1.xml (merged range {ref})" in str(caught.value)


def test_an_xls_merged_range_far_out_is_refused_without_padding_every_row():
    data = bytearray((FILES / "road.xls").read_bytes())
    at = data.index(bytes.fromhex("e500d200"))  # MERGEDCELLS: a count, then ranges
    data[at + 6 : at + 14] = bytes.fromhex("0000eb850000e17f")  # rows 0-34283, cols 0-32737
    with pytest.raises(DocumentError, match=r"the grid is 34284 × 32738 cells"):
        read_tables(bytes(data))


@pytest.mark.parametrize(
    "main",
    [
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
        b"<a/>",
    ],
)
def test_a_word_main_part_without_a_document_body_is_refused(main):
    source = zipfile.ZipFile(io.BytesIO(saved(word_2_3())))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for item in source.infolist():
            data = source.read(item.filename)
            package.writestr(item, main if item.filename == "word/document.xml" else data)
    with pytest.raises(DocumentError, match="its main part has no document body"):
        read_tables(out.getvalue())


def test_a_goal_broken_across_the_page_before_the_indicators_is_read_whole():
    import copy

    document = word_2_3()
    rows = document.tables[0]._tbl.findall(f"{W}tr")
    rest = copy.deepcopy(rows[8])  # 年度总体目标 | 预期目标 text | 实际完成情况 text
    set_texts(rows[8], {1: "一、突出政治建设，", 2: "1.强化政治引领，"})
    set_texts(rest, {1: "强化忠诚履职。", 2: "筑牢政治忠诚。"})
    rows[12].addnext(rest)
    (found,) = read_tables(saved(split(document, 13)))
    assert found.document["goals"] == {
        "planned": "一、突出政治建设，强化忠诚履职。",
        "achieved": "1.强化政治引领，筑牢政治忠诚。",
    }
    assert found.table.printed_total == D("98.63")
    assert found.cells["indicators[0].name"] == "table 2, row 3, column 4"
    assert any("broken across the page" in note for note in found.table.notes)


# The Sichuan 一体化 export and its neighbours -------------------------------------------

SICHUAN_HEAD = ["项目资金（元）", "", "年初预算数", "调整后预算数", "预算执行数", "权重", "执行率",
                "得分"]  # fmt: skip
SICHUAN_TOTAL = ["800000", "750000", "712500", "10", "95%", "9.5"]
SICHUAN_SOURCE = ["600000", "550000", "522500", "", "", ""]
SICHUAN_INDICATORS = [
    ["一级指标", "二级指标", "三级指标", "年度指标值", "完成值", "权重", "得分", "未完成原因分析"],
    ["产出指标", "数量指标", "建成示范村个数", "≥3个", "3个", "90", "90", ""],
    ["合计", "", "", "", "", "100", "99.5", ""],
]


def sichuan(funds, merged=()):
    rows = [["项目名称", "乡村振兴示范村建设"], *funds, *SICHUAN_INDICATORS]
    return find_tables(grid(rows, merged=merged))[0]


def assert_sichuan_funds(found):
    funds = found.table.funds
    assert (funds.total.annual_budget, funds.total.executed) == (D(750000), D(712500))
    assert (funds.total.printed_rate, funds.total.printed_score) == (D(95), D("9.5"))
    assert funds.weight == D(10)
    assert [row.source for row in funds.sources] == ["财政资金"]
    assert funds.sources[0].executed == D(522500)
    assert found.table.printed_total == D("99.5")


def test_a_first_fund_row_under_the_block_label_is_the_total_and_noted():
    found = sichuan(
        [SICHUAN_HEAD, ["", "", *SICHUAN_TOTAL], ["", "财政资金", *SICHUAN_SOURCE]],
        merged=[(1, 0, 2, 1)],  # 项目资金 spans the header and the first row
    )
    assert_sichuan_funds(found)
    assert found.cells["funds.rows[0].executed"] == "表!E3"
    assert any("read as the total" in note for note in found.table.notes)


@pytest.mark.parametrize(
    "marks",
    [["", "", "A", "B", "C", "", "D=C/B", ""], ["栏次", "", "1", "2", "3", "4", "5=3/2", "6"],
     ["", "", "（元）", "（元）", "（元）", "（分）", "%", "（分）"]],
)  # fmt: skip
def test_a_row_marking_the_fund_columns_belongs_to_the_header(marks):
    found = sichuan([SICHUAN_HEAD, marks, ["", "总额", *SICHUAN_TOTAL],
                     ["", "财政资金", *SICHUAN_SOURCE]])  # fmt: skip
    assert_sichuan_funds(found)


def test_fund_headers_with_units_in_brackets_are_read():
    head = ["项目资金", "", "年初预算数（元）", "调整后预算数（元）", "预算执行数（元）",
            "权重（分）", "执行率（%）", "得分（分）"]  # fmt: skip
    found = sichuan([head, ["", "总额", *SICHUAN_TOTAL], ["", "财政资金", *SICHUAN_SOURCE]])
    assert_sichuan_funds(found)
    assert found.table.funds.unit == "元"


def test_a_fund_total_printed_below_its_sources_is_the_total():
    found = sichuan([SICHUAN_HEAD, ["", "财政资金", *SICHUAN_SOURCE], ["", "合计", *SICHUAN_TOTAL]])
    assert_sichuan_funds(found)
    assert found.cells["funds.rows[0].executed"] == "表!E4"
    assert found.cells["funds.rows[1].executed"] == "表!E3"


def test_a_fund_row_with_no_label_and_no_block_label_is_refused_by_its_cell():
    with pytest.raises(DocumentError, match="a fund row without its label") as caught:
        sichuan([SICHUAN_HEAD, ["", "总额", *SICHUAN_TOTAL], ["", "", *SICHUAN_SOURCE]])
    assert caught.value.field == "表!C4"


def test_a_header_repeated_inside_one_table_is_dropped_and_noted():
    import copy

    document = word_2_3()
    rows = document.tables[0]._tbl.findall(f"{W}tr")
    rows[17].addnext(copy.deepcopy(rows[13]))  # the header printed again before 效益指标
    (found,) = read_tables(saved(document))
    assert card(found.table) == card(word_tables_2_3())
    assert found.cells["indicators[4].name"] == "table 1, row 20, column 4"
    assert any("repeated header (table 1, row 19, column 1)" in n for n in found.table.notes)


def test_a_repeated_header_and_a_broken_row_in_one_sheet():
    rows = [["项目名称", "甲"], HEAD, ROW, ["信访接待", "≥100人次", "120人次", "20", "20"],
            HEAD, ["", "", "", "", ""], ["人数", "", "", "", ""],
            ["满意度", "≥90%", "95%", "60", "60"], ["总分", "", "", "100", "100"]]  # fmt: skip
    (found,) = find_tables(grid(rows))
    assert [i.name for i in found.table.indicators] == ["培训人次", "信访接待人数", "满意度"]
    assert found.table.printed_total == D(100)
    assert found.cells["indicators[2].name"] == "表!A8"
    assert any("表!A4 信访接待 + 人数 → 信访接待人数" in n for n in found.table.notes)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=12, deadline=None)
@given(
    pst.printed_tables(),
    st.integers(min_value=0, max_value=40),
    st.sampled_from(["split", "split, header repeated", "header repeated inside"]),
)
def test_a_generated_table_split_at_any_row_reads_as_the_whole(table, at, how):
    import copy

    import docx

    from perfeval.forms import write_docx

    buffer = io.BytesIO()
    write_docx(table, buffer)
    document = docx.Document(io.BytesIO(buffer.getvalue()))
    rows = document.tables[0]._tbl.findall(f"{W}tr")
    texts = ["".join(t.text or "" for t in tr.iter(f"{W}t")) for tr in rows]
    header = next(i for i, text in enumerate(texts) if "三级指标" in text)
    split_at = header + 1 + at % (len(rows) - header - 1)
    if how == "header repeated inside":
        rows[split_at].addprevious(copy.deepcopy(rows[header]))
    else:
        split(document, split_at, repeat=(header,) if how.endswith("repeated") else ())
    (found,) = read_tables(saved(document))
    assert card(found.table) == card(table)


def test_a_not_applicable_row_on_the_next_page_is_not_merged_into_the_row_above():
    """The 生态效益 row (三级指标 无, no 分值) split onto the next page without its own
    二级指标: it has no numbers, but 无 is a value of its own, not the rest of a text."""
    document = word_2_3()
    rows = document.tables[0]._tbl.findall(f"{W}tr")
    set_texts(rows[20], {2: "", 3: "无"})  # 二级指标 blank, as if it went on from above
    (found,) = read_tables(saved(split(document, 20)))
    assert found.table.indicators[5].name == "提高接待水平"
    assert found.document["indicators"][6]["name"] == "无"
    assert any("read as a row of its own" in note for note in found.table.notes)


def test_a_not_applicable_row_below_another_on_the_next_page_is_a_row_of_its_own():
    """Two 无 rows, the second on the next page with a name of its own and no 二级指标:
    its 无 equals the 无 above, but 无 is a value of its own, not a label repeated on
    the new page, so the rows are not merged into 无生态效益."""
    document = word_2_3()
    rows = document.tables[0]._tbl.findall(f"{W}tr")
    set_texts(rows[20], {2: "生态效益指标", 3: "无", 4: "无"})  # 三级指标 无, 指标值 无
    second = copy.deepcopy(rows[20])
    set_texts(second, {3: "生态效益", 4: "无"})  # (set_texts blanks the cells not given)
    rows[20].addnext(second)
    (found,) = read_tables(saved(split(document, 21)))
    rows_read = [(row.get("name"), row.get("target")) for row in found.document["indicators"]]
    assert rows_read[6:8] == [("无", "无"), ("生态效益", "无")]
    assert any("read as a row of its own" in note for note in found.table.notes)


@pytest.mark.parametrize("stem", ["national-2-1", "split-merged-2-3", "road"])
def test_every_indicator_row_broken_across_a_page_reads_as_the_whole(stem):
    """Each indicator row cut in two at the page edge (its long texts halved: 产出指标 +
    （50分）, 信访接 + 待人数), the header repeated or not, reads as the unbroken table."""
    import copy

    import docx

    whole = card(read_tables(FILES / f"{stem}.docx")[0].table)
    rows = docx.Document(str(FILES / f"{stem}.docx")).tables[0]._tbl.findall(f"{W}tr")
    texts = ["".join(t.text or "" for t in tr.iter(f"{W}t")) for tr in rows]
    header = next(i for i, text in enumerate(texts) if "三级指标" in text)
    depth = 2 if "指标值" in texts[header + 1] else 1
    broken = 0
    for k in range(header + depth, len(rows)):
        if "总分" in texts[k] or "合计" in texts[k]:
            break
        for repeat in ((), tuple(range(header, header + depth))):
            document = docx.Document(str(FILES / f"{stem}.docx"))
            row = document.tables[0]._tbl.findall(f"{W}tr")[k]
            head, tail = {}, {}
            for i, tc in enumerate(row.findall(f"{W}tc")):
                text = "".join(t.text or "" for t in tc.iter(f"{W}t"))
                merge = tc.find(f"{W}tcPr/{W}vMerge")
                if not text or (merge is not None and merge.get(f"{W}val") != "restart"):
                    continue
                head[i] = text
                if len(text) >= 4 and not re.match(r"[0-9≥≤<>=]", text):
                    head[i], tail[i] = text[: len(text) // 2], text[len(text) // 2 :]
            if not tail:
                continue
            rest = copy.deepcopy(row)
            set_texts(row, head)
            set_texts(rest, tail)
            row.addnext(rest)
            (found,) = read_tables(saved(split(document, k + 1, repeat=repeat)))
            assert card(found.table) == whole, (k, repeat, tail)
            assert any("broken across the page" in note for note in found.table.notes)
            broken += 1
    assert broken >= 6


def test_two_tables_in_one_sheet_are_not_joined_when_the_second_has_a_head():
    """The second table has no 项目名称 cell, but its fund block shows it is a table of
    its own: it is not read as the rest of the first (which has no 总分 row)."""
    rows = [["项目名称", "甲"], HEAD, ROW, [], ["项目资金", "全年预算数", "全年执行数"],
            ["年度资金总额", "10", "9"], HEAD, ROW]  # fmt: skip
    from perfeval.layout import read_grid

    read = read_grid(grid(rows))
    assert [len(item.table.indicators) for item in read.found] == [1]
    assert "no project name" in read.skipped[0].reason


def test_a_workbook_sheet_listing_indicators_without_scores_is_skipped_and_noted():
    import openpyxl

    from perfeval.readers import read_file_tables
    from perfeval.spreadsheet import write_workbook

    buffer = io.BytesIO()
    write_workbook(seed_tables()[2], buffer)
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    listing = book.create_sheet("指标完成情况")
    listing.append(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "完成情况"])
    listing.append(["产出指标", "数量指标", "信访接待人数", "200", "535", "超额完成"])
    out = io.BytesIO()
    book.save(out)
    read = read_file_tables(out.getvalue())
    assert [item.table.project for item in read.tables] == ["工作经费"]
    assert [(item.name, item.cell) for item in read.skipped] == [
        ("指标完成情况", "指标完成情况!C1")
    ]
    assert any(
        note.startswith("指标完成情况!C1: 指标完成情况 skipped")
        for note in read.tables[0].table.notes
    )


@pytest.mark.parametrize("where", ["label", "title"])
def test_a_year_in_other_digits_is_left_blank_with_a_note_quoting_it(where):
    head = [["（٢٠٢٣年度）"]] if where == "title" else []
    label = [["年度", "٢٠٢٣"]] if where == "label" else []
    rows = [
        *head,
        ["项目名称", "工作经费"],
        *label,
        ["三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["信访接待人数", "200", "535", "15", "15"],
    ]
    found = find_tables(Grid.from_rows("s", rows))[0]
    assert "year" not in found.document or found.document["year"] is None
    assert any("٢٠٢٣" in note and "0–9" in note for note in found.document["notes"])


@pytest.mark.parametrize("year", ["²⁰²³", "２０２３"])
def test_a_year_that_folds_to_the_digits_0_to_9_is_read(year):
    rows = [
        ["项目名称", "工作经费"],
        ["年度", year],
        ["三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["信访接待人数", "200", "535", "15", "15"],
    ]
    assert find_tables(Grid.from_rows("s", rows))[0].document["year"] == "2023"


def test_a_grid_showing_more_text_than_the_limit_is_refused_before_it_is_searched():
    from perfeval.layout import MAX_TEXT

    long = "项" * 30_000
    rows = [["项目名称", "x"], *[[long] * 20 for _ in range(MAX_TEXT // (30_000 * 20) + 1)]]
    with pytest.raises(DocumentError, match="characters of text") as caught:
        Grid.from_rows("s", rows)
    assert caught.value.field == "s"


@pytest.mark.parametrize("group", ["产出成本", "经济成本指标", "社会成本指标", "生态环境成本指标"])
def test_cost_groups_by_other_names_and_per_unit_standards_read_from_a_workbook(group):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["项目名称", "高标准农田建设"])
    sheet.append(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"])
    sheet.append(["产出指标", group, "项目成本", "63", "70", 10, 9])  # lower is better
    sheet.append(["产出指标", group, "亩均投入", "每亩300", "280元/亩", 10, 10])
    sheet.append(["产出指标", group, "人均补贴", "≤500元/人·月", "520元/月·人", 10, 9.62])
    buffer = io.BytesIO()
    book.save(buffer)
    (found,) = read_tables(buffer.getvalue())
    rows = score_table(found.table).indicators
    assert [row.score for row in rows] == [Decimal("9.00"), Decimal(10), Decimal("9.62")]
    assert [row.rule.value for row in rows] == ["reverse", "reverse", "reverse"]
    assert "unknown-group" not in audit(found.table).codes()
