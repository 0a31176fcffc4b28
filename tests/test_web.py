"""perfeval.web: the tables of a published web page read as their JSON document."""

import contextlib
import html
import io
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfeval.audit import audit
from perfeval.errors import DocumentError, PerfevalError
from perfeval.forms import official_form
from perfeval.output import scorecard_to_json
from perfeval.readers import read_file_tables, read_tables, sniff
from perfeval.seed import seed_tables
from perfeval.table import score_table
from perfeval.testing import strategies as pst
from perfeval.web import decode_page, html_tables

pytest.importorskip("lxml")


def card(table):
    """The scorecard's JSON without its notes: a page or a PDF prints none of the
    document's notes, and says what its reader repaired in its own."""
    data = scorecard_to_json(score_table(table))
    del data["notes"]
    return data


def codes(table):
    return sorted(finding.code for finding in audit(table).findings)


def form_html(table, *, scored=False, cell=None):
    """*table* as the official form in an HTML ``<table>`` (rowspan and colspan for its
    merged ranges), with the title, year and 单位 lines above it; *cell* renders a cell's
    text (HTML), by default escaped with ``<br>`` for its line breaks."""
    form = official_form(table, scorecard=score_table(table) if scored else None)
    render = cell or (lambda text: html.escape(text).replace("\n", "<br>"))
    starts = {(item.row, item.col): item for item in form.cells}
    covered = {
        (r, c)
        for item in form.cells
        for r in range(item.row, item.to_row + 1)
        for c in range(item.col, item.to_col + 1)
    }
    rows = []
    for r in range(1, form.rows + 1):
        cells = []
        for c in range(1, len(form.widths) + 1):
            item = starts.get((r, c))
            if item is None:
                if (r, c) not in covered:
                    cells.append("<td></td>")
                continue
            spans = ""
            if item.to_row > item.row:
                spans += f' rowspan="{item.to_row - item.row + 1}"'
            if item.to_col > item.col:
                spans += f' colspan="{item.to_col - item.col + 1}"'
            cells.append(f"<td{spans}>{render(item.shown)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    lines = [form.annex, form.title, form.year_line or "", form.unit_line]
    above = "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)
    return (
        above + '<table border="1" style="border-collapse:collapse">' + "".join(rows) + "</table>"
    )


def page(body, *, charset="utf-8", meta=True):
    head = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if meta else ""
    )
    text = (
        f"<!DOCTYPE html><html><head>{head}<title>绩效自评</title>"
        "<style>td{padding:2px}</style><script>var t='<table>';</script></head>"
        f"<body>{body}</body></html>"
    )
    return text.encode(charset)


NAV = (
    '<table class="nav"><tr><td><a href="/">首页</a></td><td>政务公开</td>'
    "<td>财政预决算</td></tr></table>"
)
FUNDS = (
    "<p>项目资金到位情况</p><table border=1><tr><th>资金来源</th><th>到位金额（万元）</th></tr>"
    "<tr><td>财政拨款</td><td>46.78</td></tr></table>"
)


# The same table from its JSON document and its page ---------------------------------


@pytest.mark.parametrize("index", [0, 1, 2])
def test_a_published_page_reads_to_the_same_scorecard_as_the_document(index):
    table = seed_tables()[index]
    (found,) = read_tables(page(form_html(table)))
    assert card(found.table) == card(table)
    assert codes(found.table) == codes(table)
    assert found.table.year == table.year


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=15, deadline=None)
@given(pst.printed_tables())
def test_generated_tables_read_from_their_page_as_from_their_document(table):
    (found,) = read_tables(page(form_html(table)))
    assert card(found.table) == card(table)
    assert codes(found.table) == codes(table)


# What published pages look like --------------------------------------------------------


def test_a_gbk_page_with_a_layout_table_and_two_data_tables():
    table = seed_tables()[2]
    body = (
        NAV
        + '<table width="100%"><tr><td class="side">栏目导航</td><td>'
        + form_html(table)
        + FUNDS
        + "</td></tr></table><div class='footer'>主办：某县财政局</div>"
    )
    data = page(body, charset="gb2312")
    assert sniff(data) == "html"
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    read = read_file_tables(data)
    (found,) = read.tables
    assert card(found.table) == card(table)
    assert [(item.name, item.reason) for item in read.skipped] == [
        ("table 1", "no cell headed 三级指标"),
        ("table 3", "no cell headed 三级指标"),
    ]
    assert found.cells["indicators[0].score"].startswith("table 2, row ")


def test_a_gbk_page_without_a_declaration_is_read_from_its_bytes():
    table = seed_tables()[2]
    data = page(form_html(table), charset="gbk", meta=False)
    (found,) = read_tables(data)
    assert found.table.project == table.project


def test_line_breaks_no_break_spaces_and_full_width_digits_read_as_printed():
    table = seed_tables()[2]
    wide = str.maketrans("0123456789", "０１２３４５６７８９")

    def cell(text):
        if text == "三级指标":
            return "三级<br/>指标"
        if text.replace(".", "").isdigit():
            return "&nbsp;" + text.translate(wide) + "&nbsp;"
        return html.escape(text).replace("\n", "<br>")

    (found,) = read_tables(page(form_html(table, cell=cell)))
    assert card(found.table) == card(table)
    grids = html_tables(page(form_html(table, cell=cell)))
    assert any("三级\n指标" in row for row in grids[0].grid.rows)


def test_a_full_report_with_narrative_text_and_two_tables():
    first, second = seed_tables()[1:]
    body = (
        "<h1>2023年度项目支出绩效自评报告</h1><p>一、项目基本情况</p><p>为保障……，"
        "全年共开展工作。</p>"
        + form_html(first)
        + "<p>二、绩效目标完成情况</p><p>各项指标基本完成。</p>"
        + form_html(second, scored=True)
        + "<p>三、存在的问题及整改措施</p>"
    )
    found = read_tables(page(body))
    assert [item.table.project for item in found] == [first.project, second.project]
    assert card(found[0].table) == card(first)
    assert found[1].table.printed_total == score_table(second).total


def test_a_page_saved_as_mhtml_is_read():
    table = seed_tables()[2]
    body = page(form_html(table), charset="gbk")
    import base64

    mhtml = (
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\n'
        b'Content-Type: text/html; charset="gbk"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
        + base64.encodebytes(body)
        + b"\r\n--b--\r\n"
    )
    (found,) = read_tables(mhtml)
    assert card(found.table) == card(table)


# Refusals ----------------------------------------------------------------------------


def test_a_page_without_a_table_is_refused_saying_so():
    with pytest.raises(DocumentError, match="an HTML page with no table"):
        read_tables(page("<p>暂无数据</p>"))


def test_a_page_with_only_other_tables_names_them():
    with pytest.raises(DocumentError, match=r"no 自评表 found.*table 1: no cell headed 三级指标"):
        read_tables(page(NAV))


def test_a_huge_colspan_is_refused_before_it_is_laid_out():
    with pytest.raises(DocumentError, match="colspan beyond the limit"):
        read_tables(page('<table><tr><td colspan="99999999">x</td></tr></table>'))


def test_a_huge_rowspan_is_cut_at_the_table_edge():
    body = '<table><tr><td rowspan="65000">三级指标</td><td>x</td></tr><tr><td>y</td></tr></table>'
    (item,) = html_tables(page(body))
    assert item.grid.merged == ((0, 0, 1, 0),)


def test_overlapping_spans_cost_little_and_fail_with_perfevals_error():
    row = '<tr><td rowspan="2000" colspan="60">x</td></tr>'
    with pytest.raises(DocumentError):
        read_tables(page("<table>" + row * 1500 + "</table>"))


@pytest.mark.parametrize("declared", ["utf-8", "rot13", "no-such-charset", "base64"])
def test_a_page_in_a_charset_it_does_not_declare_is_still_read(declared):
    data = f'<meta charset="{declared}"><p>绩效</p>'.encode("gb18030")
    assert "绩效" in decode_page(data)


def test_without_lxml_the_page_is_refused_naming_the_extra(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "lxml", None)
    monkeypatch.setitem(sys.modules, "lxml.html", None)
    with pytest.raises(DocumentError, match=r"pip install 'perfeval\[html\]'"):
        read_tables(io.BytesIO(page(NAV)))


# Commands and folders ------------------------------------------------------------------


def test_the_commands_read_a_page_and_a_folder_of_pages(tmp_path):
    from _helpers import run

    first, second = seed_tables()[1:]
    folder = tmp_path / "published"
    folder.mkdir()
    (folder / "a.html").write_bytes(page(form_html(first)))
    (folder / "b.htm").write_bytes(page(form_html(second), charset="gbk"))
    code, out = run(["score", str(folder / "a.html"), "--format", "json"])
    assert code == 0
    assert json.loads(out)["total"] == card(first)["total"]
    code, out = run(["audit", str(folder), "--format", "json"])
    assert code == 0
    files = [item["file"] for item in json.loads(out)["results"]]
    assert files == [str(folder / "a.html"), str(folder / "b.htm")]


def test_a_page_nested_deeper_than_the_parser_reads_is_refused_not_cut():
    body = "<b>" * 300 + form_html(seed_tables()[2])
    with pytest.raises(DocumentError, match="beyond what is read"):
        read_tables(page(body))


def test_a_caption_is_read_as_a_line_above_the_table():
    table = seed_tables()[2]
    markup = form_html(table)
    assert "<p>（2023年度）</p>" in markup
    markup = markup.replace("<p>（2023年度）</p>", "")
    assert read_tables(page(markup))[0].document.get("year") is None
    markup = markup.replace("<tr>", "<caption>（2023年度）</caption><tr>", 1)
    (found,) = read_tables(page(markup))
    assert found.document["year"] == "2023"


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_a_damaged_page_fails_only_with_perfevals_error(data):
    base = page(form_html(seed_tables()[2]), charset="gbk")
    cut = data.draw(st.integers(0, len(base)))
    noise = data.draw(st.binary(max_size=40))
    at = data.draw(st.integers(0, len(base)))
    damaged = base[:at] + noise + base[at:cut] if cut > at else base[:cut] + noise
    with contextlib.suppress(PerfevalError):
        read_tables(damaged)


def test_a_bad_cell_is_named_by_its_table_row_and_column():
    markup = form_html(seed_tables()[2])
    assert markup.count("<td>信访接待人数</td><td>200</td><td>535</td><td>15</td>") == 1
    markup = markup.replace("<td>535</td><td>15</td>", "<td>535</td><td>十五</td>", 1)
    with pytest.raises(DocumentError) as caught:
        read_tables(page(markup))
    assert re.fullmatch(r"table 1, row \d+, column \d+", caught.value.field)
    assert "indicators[0].weight" in str(caught.value)
