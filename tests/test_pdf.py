"""perfeval.pdf: the ruled tables of a text PDF read as their JSON document, tables
split across pages joined, and every repair said in the table's notes."""

import contextlib
import io

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfeval.audit import audit
from perfeval.errors import DocumentError, PerfevalError
from perfeval.forms import official_form
from perfeval.output import scorecard_to_json
from perfeval.pdf import pdf_tables
from perfeval.readers import read_file_tables, read_tables
from perfeval.seed import seed_tables
from perfeval.table import score_table
from perfeval.testing import strategies as pst

pytest.importorskip("pdfplumber")
pytest.importorskip("reportlab")

FONT = "STSong-Light"
SIZE = 7.0
LINE = 9.0
PAGE = (595.0, 842.0)
MARGIN = 30.0


def tables():
    """The seed's tables with goals short enough for a table to fit its page."""
    return [
        attrs.evolve(
            table,
            goals_planned=table.goals_planned and table.goals_planned[:80],
            goals_achieved=table.goals_achieved and table.goals_achieved[:120],
        )
        for table in seed_tables()
    ]


def card(table):
    """The scorecard's JSON without its notes: a page or a PDF prints none of the
    document's notes, and says what its reader repaired in its own."""
    data = scorecard_to_json(score_table(table))
    del data["notes"]
    return data


def codes(table):
    return sorted(finding.code for finding in audit(table).findings)


@attrs.frozen
class Box:
    """A cell drawn on a page: grid rows and columns (1-based, inclusive) and its text."""

    row: int
    col: int
    to_row: int
    to_col: int
    text: str
    wrap: bool = True
    """Whether the text is wrapped to the cell's width (otherwise drawn on as one line,
    overflowing into the cell beside it)."""


def _font():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def wrap(text, width):
    """*text* broken into lines that fit *width* points, as a word processor wraps it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    _font()
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for char in paragraph:
            if stringWidth(line + char, FONT, SIZE) > width - 4 and line:
                lines.append(line)
                line = ""
            line += char
        lines.append(line)
    return lines


def form_boxes(table, *, scored=False):
    """*table* as the official form: the lines above it, its boxes and column widths."""
    form = official_form(table, scorecard=score_table(table) if scored else None)
    scale = (PAGE[0] - 2 * MARGIN) / sum(form.widths)
    widths = [w * scale for w in form.widths]
    boxes = [Box(c.row, c.col, c.to_row, c.to_col, c.shown) for c in form.cells]
    lines = [line for line in (form.annex, form.title, form.year_line, form.unit_line) if line]
    return lines, boxes, widths, form.rows


def heights(boxes, widths, rows):
    """Each row's height: enough for the wrapped text of the cells that start in it."""
    high = dict.fromkeys(range(1, rows + 1), 14.0)
    for box in sorted(boxes, key=lambda b: b.to_row - b.row):
        width = sum(widths[box.col - 1 : box.to_col])
        need = len(wrap(box.text, width)) * LINE + 4
        have = sum(high[r] for r in range(box.row, box.to_row + 1))
        if need > have:
            high[box.to_row] += need - have
    return high


def draw(pages):
    """A PDF of *pages*; each page is a list of ``("text", line)`` and
    ``("table", boxes, widths, row_heights)`` items drawn top to bottom."""
    from reportlab.pdfgen import canvas

    _font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=PAGE)
    for number, items in enumerate(pages, start=1):
        y = PAGE[1] - MARGIN
        for item in items:
            if item[0] == "text":
                pdf.setFont(FONT, 10)
                pdf.drawString(MARGIN, y - 10, item[1])
                y -= 16
                continue
            _, boxes, widths, high = item
            tops = {}
            at = y
            for r in sorted(high):
                tops[r] = at
                at -= high[r]
            tops[max(high) + 1] = at
            lefts = [MARGIN]
            for width in widths:
                lefts.append(lefts[-1] + width)
            pdf.setLineWidth(0.5)
            for box in boxes:
                x0, x1 = lefts[box.col - 1], lefts[box.to_col]
                top, bottom = tops[box.row], tops[box.to_row + 1]
                pdf.rect(x0, bottom, x1 - x0, top - bottom)
                pdf.setFont(FONT, SIZE)
                shown = wrap(box.text, x1 - x0) if box.wrap else box.text.split("\n")
                for index, line in enumerate(shown):
                    pdf.drawString(x0 + 2, top - 2 - SIZE - index * LINE, line)
            y = at - 8
        pdf.setFont(FONT, 9)
        pdf.drawString(PAGE[0] / 2, 15, f"第 {number} 页")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def rows_of(boxes, lo, hi):
    """The boxes of rows [lo, hi), renumbered from 1; a box crossing an edge is cut there,
    its text staying with its first row."""
    out = []
    for box in boxes:
        if box.to_row < lo or box.row >= hi:
            continue
        text = box.text if box.row >= lo else ""
        out.append(Box(max(box.row, lo) - lo + 1, box.col, min(box.to_row, hi - 1) - lo + 1,
                       box.to_col, text))  # fmt: skip
    return out


def fitted(part, widths, high):
    """The row heights *high* of a part of a table, each row made tall enough for the text
    of the cells cut at the part's edge (a word processor grows the row on the page
    rather than draw text below the table)."""
    need = heights(part, widths, max(high))
    return {r: max(h, need[r]) for r, h in high.items()}


def header_row(boxes):
    return next(box.row for box in boxes if box.text == "三级指标")


def split_form(table, *, at, repeat=False, scored=False):
    """*table*'s form drawn over two pages, the table broken before row *at* (1-based);
    with *repeat*, its 三级指标 header drawn again at the top of the second page."""
    lines, boxes, widths, rows = form_boxes(table, scored=scored)
    high = heights(boxes, widths, rows)
    first = rows_of(boxes, 1, at)
    second = rows_of(boxes, at, rows + 1)
    second_high = {r - at + 1: high[r] for r in range(at, rows + 1)}
    if repeat:
        head = header_row(boxes)
        second = rows_of(boxes, head, head + 1) + [
            attrs.evolve(b, row=b.row + 1, to_row=b.to_row + 1) for b in second
        ]
        second_high = {1: high[head]} | {r + 1: h for r, h in second_high.items()}
    return draw(
        [
            [("text", line) for line in lines]
            + [("table", first, widths, fitted(first, widths, {r: high[r] for r in range(1, at)}))],
            [("table", second, widths, fitted(second, widths, second_high))],
        ]
    )


def one_page(table, *, scored=False, before=(), after=()):
    lines, boxes, widths, rows = form_boxes(table, scored=scored)
    items = [("text", line) for line in (*before, *lines)]
    items.append(("table", boxes, widths, heights(boxes, widths, rows)))
    items += [("text", line) for line in after]
    return items


# The same table from its JSON document and its PDF -------------------------------------


@pytest.mark.parametrize("index", [0, 1, 2])
def test_a_published_pdf_reads_to_the_same_scorecard_as_the_document(index):
    table = tables()[index]
    (found,) = read_tables(draw([one_page(table)]))
    assert card(found.table) == card(table)
    assert codes(found.table) == codes(table)
    assert found.table.year == table.year
    assert found.cells["indicators[0].score"].startswith("page 1, table 1, row ")
    assert not [note for note in found.table.notes if "drawn across" in note]


def _indicator_rows(table):
    _, boxes, _, rows = form_boxes(table)
    head = header_row(boxes)
    return head, rows


@pytest.mark.parametrize("repeat", [False, True])
def test_a_table_across_two_pages_is_joined(repeat):
    table = tables()[2]
    head, _ = _indicator_rows(table)
    at = head + 4
    read = read_file_tables(split_form(table, at=at, repeat=repeat))
    (found,) = read.tables
    assert card(found.table) == card(table)
    assert codes(found.table) == codes(table)
    notes = " ".join(found.table.notes)
    assert "page 2, table 1 continues page 1, table 1" in notes
    assert ("repeated header" in notes) is repeat
    # the 一级指标 label printed once above the page edge goes on below it, and is said
    seam = f"page 2, table 1, row {2 if repeat else 1}, column 2: blank at the top of the page"
    assert seam in notes
    assert "read as that cell going on across the page" in notes
    # a cell on the second page is named by its own page and row
    last = len(table.indicators) - 1
    assert found.cells[f"indicators[{last}].score"].startswith("page 2, table 1, row ")


def test_a_row_broken_at_the_page_edge_is_merged_back_and_said():
    table = tables()[2]
    head, rows = _indicator_rows(table)
    lines, boxes, widths, rows = form_boxes(table)
    at = head + 3  # the row broken: its name's end is printed on the next page
    name_col = next(box.col for box in boxes if box.text == "三级指标")
    broken = next(b for b in boxes if b.row == at - 1 and b.col == name_col)
    whole = broken.text
    cut = attrs.evolve(broken, text=whole[:-1])
    high = heights(boxes, widths, rows)
    first = [cut if b == broken else b for b in rows_of(boxes, 1, at)]
    rest = Box(1, broken.col, 1, broken.to_col, whole[-1])
    second = [rest] + [attrs.evolve(b, row=b.row + 1, to_row=b.to_row + 1)
                       for b in rows_of(boxes, at, rows + 1)]  # fmt: skip
    second_high = {1: 14.0} | {r - at + 2: high[r] for r in range(at, rows + 1)}
    # the level-1 and level-2 cells merged down over the broken row go on below it
    data = draw(
        [
            [("text", line) for line in lines]
            + [("table", first, widths, {r: high[r] for r in range(1, at)})],
            [("table", second, widths, second_high)],
        ]
    )
    (found,) = read_tables(data)
    assert card(found.table) == card(table)
    assert whole in [indicator.name for indicator in found.table.indicators]
    assert any("broken across the page" in note and whole in note for note in found.table.notes)


def test_a_full_report_with_narrative_text_and_two_tables():
    first, second = tables()[1:]
    pages = [
        [("text", "2023年度项目支出绩效自评报告"), ("text", "一、项目基本情况"),
         ("text", "为保障单位正常运转，全年共开展工作。"), *one_page(first)],
        one_page(second, scored=True, before=["二、绩效目标完成情况"], after=["三、存在的问题"]),
    ]  # fmt: skip
    found = read_tables(draw(pages))
    assert [item.table.project for item in found] == [first.project, second.project]
    assert card(found[0].table) == card(first)
    assert found[1].table.printed_total == score_table(second).total
    assert found[1].cells["indicators[0].score"].startswith("page 2, table 1, row ")


@pytest.mark.parametrize("printed", ["51.\n79", "5\n1.79", "51\n.79"])
def test_a_number_broken_over_the_lines_of_its_cell_is_rejoined_and_said(printed):
    table = tables()[2]
    lines, boxes, widths, rows = form_boxes(table)
    target = next(b for b in boxes if b.text == "51.79")
    high = heights(boxes, widths, rows)
    high[target.row] += LINE
    boxes = [attrs.evolve(b, text=printed) if b is target else b for b in boxes]
    data = draw([[("text", line) for line in lines] + [("table", boxes, widths, high)]])
    (found,) = read_tables(data)
    assert card(found.table) == card(table)
    (note,) = [n for n in found.table.notes if "is a number broken" in n]
    cell = found.cells["funds.rows[0].executed"]
    assert note.startswith(f"{cell}: {printed!r} is a number broken")
    assert "as 51.79" in note


# Refusals ----------------------------------------------------------------------------


def test_a_scanned_pdf_is_refused_saying_it_has_no_text_layer():
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    png = io.BytesIO()
    _tiny_png(png)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=PAGE)
    pdf.drawImage(ImageReader(io.BytesIO(png.getvalue())), 50, 400, 400, 300)
    pdf.showPage()
    pdf.save()
    with pytest.raises(DocumentError, match=r"no text layer.*OCR"):
        read_tables(buffer.getvalue())


def _tiny_png(out):
    import struct
    import zlib

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes([200, 200, 200]) * 4 for _ in range(4))
    out.write(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_a_pdf_of_text_without_a_ruled_table_is_refused_saying_so():
    data = draw([[("text", "2023年度项目支出绩效自评报告"), ("text", "一、项目基本情况")]])
    with pytest.raises(DocumentError, match="no ruled table"):
        read_tables(data)


def test_a_damaged_pdf_fails_with_perfevals_error():
    data = draw([one_page(tables()[2])])
    with pytest.raises(DocumentError, match="not a readable PDF"):
        read_tables(data[: len(data) // 3])


def test_too_many_pages_are_refused(monkeypatch):
    import perfeval.pdf

    monkeypatch.setattr(perfeval.pdf, "MAX_PAGES", 1)
    table = tables()[2]
    with pytest.raises(DocumentError, match="the limit is 1"):
        pdf_tables(draw([one_page(table), one_page(table)]))


def test_without_pdfplumber_the_pdf_is_refused_naming_the_extra(monkeypatch):
    import sys

    data = draw([one_page(tables()[2])])
    monkeypatch.setitem(sys.modules, "pdfplumber", None)
    with pytest.raises(DocumentError, match=r"pip install 'perfeval\[pdf\]'"):
        read_tables(data)


def test_the_commands_read_a_pdf_in_a_folder(tmp_path):
    import json

    from _helpers import run

    table = tables()[2]
    (tmp_path / "2-3.pdf").write_bytes(draw([one_page(table)]))
    code, out = run(["score", str(tmp_path / "2-3.pdf"), "--format", "json"])
    assert code == 0
    assert json.loads(out)["total"] == card(table)["total"]
    code, out = run(["audit", str(tmp_path), "--format", "json"])
    assert code == 0
    assert [item["file"] for item in json.loads(out)["results"]] == [str(tmp_path / "2-3.pdf")]


def paginated(table, *, repeat=False, room=PAGE[1] - 2 * MARGIN - 40):
    """*table*'s form drawn over as many pages as its rows need, broken between rows as a
    word processor breaks a long table; with *repeat*, the 三级指标 header is drawn again
    at the top of each page that continues the indicator rows."""
    lines, boxes, widths, rows = form_boxes(table)
    high = heights(boxes, widths, rows)
    head = header_row(boxes)
    pages, start, used = [], 1, 16.0 * len(lines)
    for r in range(1, rows + 2):
        if (r <= rows and used + high[r] <= room) or r == start:
            used += high.get(r, 0)
            continue
        part = rows_of(boxes, start, r)
        part_high = {i - start + 1: high[i] for i in range(start, r)}
        if repeat and start > head + 1:
            part = rows_of(boxes, head, head + 1) + [
                attrs.evolve(b, row=b.row + 1, to_row=b.to_row + 1) for b in part
            ]
            part_high = {1: high[head]} | {i + 1: h for i, h in part_high.items()}
        items = [("text", line) for line in lines] if start == 1 else []
        pages.append([*items, ("table", part, widths, fitted(part, widths, part_high))])
        start, used = r, high.get(r, 0)
    return draw(pages)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=10, deadline=None)
@given(pst.printed_tables(), st.booleans(), st.sampled_from([760.0, 300.0, 200.0]))
def test_generated_tables_read_from_their_pdf_as_from_their_document(table, repeat, room):
    (found,) = read_tables(paginated(table, repeat=repeat, room=room))
    assert card(found.table) == card(table)
    assert codes(found.table) == codes(table)
    assert not [note for note in found.table.notes if "drawn across" in note]


def test_a_running_head_between_the_parts_does_not_keep_them_apart():
    table = tables()[2]
    head, _ = _indicator_rows(table)
    lines, boxes, widths, rows = form_boxes(table)
    high = heights(boxes, widths, rows)
    at = head + 4
    running = ("text", "某县财政局 2023年度部门预算绩效自评结果公开")
    data = draw(
        [
            [running, *[("text", line) for line in lines],
             ("table", rows_of(boxes, 1, at), widths, {r: high[r] for r in range(1, at)})],
            [running,
             ("table", rows_of(boxes, at, rows + 1), widths,
              {r - at + 1: high[r] for r in range(at, rows + 1)})],
        ]
    )  # fmt: skip
    (found,) = read_tables(data)
    assert card(found.table) == card(table)
    # other text between the parts keeps them apart, and the table's notes say why
    data = draw(
        [
            [*[("text", line) for line in lines],
             ("table", rows_of(boxes, 1, at), widths, {r: high[r] for r in range(1, at)})],
            [("text", "表2 项目资金到位情况"),
             ("table", rows_of(boxes, at, rows + 1), widths,
              {r - at + 1: high[r] for r in range(at, rows + 1)})],
        ]
    )  # fmt: skip
    found = read_file_tables(data)
    notes = " ".join(found.tables[0].table.notes)
    assert "page 2, table 1 follows page 1, table 1" in notes
    assert "表2 项目资金到位情况" in notes


def test_one_table_from_its_document_its_word_file_its_pdf_and_its_page():
    from perfeval.forms import write_docx
    from test_web import form_html, page

    for table in tables():
        buffer = io.BytesIO()
        write_docx(table, buffer)
        read = [
            read_tables(buffer.getvalue())[0].table,
            read_tables(paginated(table, room=300.0))[0].table,
            read_tables(page(form_html(table)))[0].table,
        ]
        for other in read:
            assert card(other) == card(table)
            assert score_table(other).grade == score_table(table).grade
            assert codes(other) == codes(table)


@settings(max_examples=15, deadline=None)
@given(st.data())
def test_a_damaged_pdf_fails_only_with_perfevals_error(data):
    base = _BASE.setdefault("pdf", draw([one_page(tables()[2])]))
    at = data.draw(st.integers(0, len(base) - 1))
    noise = data.draw(st.binary(min_size=1, max_size=40))
    with contextlib.suppress(PerfevalError):
        read_tables(base[:at] + noise + base[at + len(noise) :])


_BASE: dict[str, bytes] = {}


def test_a_bad_cell_is_named_by_its_page_row_and_column():
    table = tables()[2]
    lines, boxes, widths, rows = form_boxes(table)
    head = header_row(boxes)
    weight = next(b for b in boxes if b.row == head + 1 and b.text == "15")
    boxes = [attrs.evolve(b, text="十五") if b == weight else b for b in boxes]
    high = heights(boxes, widths, rows)
    data = draw([[("text", line) for line in lines] + [("table", boxes, widths, high)]])
    with pytest.raises(DocumentError) as caught:
        read_tables(data)
    assert caught.value.field == f"page 1, table 1, row {head + 1}, column {weight.col}"
    assert "indicators[0].weight" in str(caught.value)


def test_a_page_whose_fonts_map_no_text_is_refused_saying_so():
    from types import SimpleNamespace

    from perfeval.pdf import _page

    chars = [{"text": "(cid:3021)"}] * 8 + [{"text": "1"}] * 2
    page = SimpleNamespace(chars=chars, lines=[], rects=[], curves=[])
    with pytest.raises(DocumentError, match=r"page 3 do not say.*8 of 10 read as \(cid:"):
        _page(page, 3, "a.pdf")


def test_text_overflowing_its_cell_is_said_on_the_cells_it_crosses():
    table = tables()[2]
    lines, boxes, widths, rows = form_boxes(table)
    name = next(b for b in boxes if b.text == "信访接待人数")
    long = attrs.evolve(name, text="信访接待人数（含来电来信来访及网上信访件）", wrap=False)
    boxes = [long if b == name else b for b in boxes]
    high = heights(boxes, widths, rows)
    data = draw([[("text", line) for line in lines] + [("table", boxes, widths, high)]])
    (found,) = read_file_tables(data).tables
    crossed = [note for note in found.table.notes if "drawn across this cell's border" in note]
    assert crossed
    assert any(note.startswith(found.cells["indicators[0].target"]) for note in crossed)


def test_text_drawn_twice_reads_once_as_pdfplumber_dedupes_it():
    import pdfplumber
    from reportlab.pdfgen import canvas

    from perfeval.pdf import _deduped

    _font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=PAGE)
    pdf.setFont(FONT, SIZE)
    for row in range(40):  # each line twice, the second 0.4 pt off: bold as Word prints it
        text = f"第{row}行 满意度≥90% score {row * 7}"
        pdf.drawString(40, 800 - row * 12, text)
        pdf.drawString(40.4, 800 - row * 12, text)
        pdf.drawString(300, 800 - row * 12, text[::-1])  # the same characters elsewhere
    pdf.save()
    with pdfplumber.open(io.BytesIO(buffer.getvalue())) as document:
        page = document.pages[0]
        ours = _deduped(page).chars
        assert ours == page.dedupe_chars().chars
        assert 3 * len(ours) == 2 * len(page.chars)


# Bounded before the layout: drawing instructions -----------------------------------------


def raw_pdf(content, *, filters=(), form=None, draws=1):
    """A one-page PDF whose page draws *content* (bytes, stored through *filters*), and,
    when *form* is given, a form XObject of those instructions drawn *draws* times."""
    import zlib

    def stream(data, extra=b""):
        names = b""
        for name in filters:
            if name == "FlateDecode":
                data = zlib.compress(data)
            elif name == "ASCIIHexDecode":
                data = data.hex().encode() + b">"
            names = b"/" + name.encode() + b" " + names
        head = b"/Filter [" + names + b"] " if filters else b""
        return (
            b"<< " + head + extra + b"/Length %d >>\nstream\n" % len(data) + data + (b"\nendstream")
        )

    resources = b"<< /XObject << /Fm1 5 0 R >> >>" if form is not None else b"<< >>"
    page_content = content + (b"/Fm1 Do\n" * draws if form is not None else b"")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
        + resources
        + b" /Contents 4 0 R >>",
        stream(page_content),
    ]
    if form is not None:
        objects.append(stream(form, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_a_compressed_bomb_of_drawing_is_refused_before_it_is_decoded():
    import tracemalloc

    bomb = b"0 0 m 1 1 l S\n" * 20_000_000  # 280 MB of lines, about 300 KB compressed
    data = raw_pdf(bomb, filters=("FlateDecode",))
    assert len(data) < 2_000_000
    tracemalloc.start()
    with pytest.raises(DocumentError, match=r"more than 600000 bytes of drawing instructions"):
        pdf_tables(data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 50_000_000  # measured, not decoded whole


def test_a_page_of_endless_lines_is_refused_before_it_is_laid_out(monkeypatch):
    import perfeval.pdf

    laid_out = []
    monkeypatch.setattr(perfeval.pdf, "_page", lambda *args: laid_out.append(args))
    data = raw_pdf(b"0 0 m 1 1 l S\n" * 50_000)  # 700 KB, stored plain
    with pytest.raises(DocumentError, match="the pages up to page 1 hold more than"):
        pdf_tables(data)
    assert laid_out == []


def test_a_form_drawn_many_times_counts_each_time_it_is_drawn():
    form = b"0 0 m 1 1 l S\n" * 1_000  # 14 KB drawn 100 times: 1.4 MB of drawing
    with pytest.raises(DocumentError, match="bytes of drawing instructions"):
        pdf_tables(raw_pdf(b"", form=form, draws=100, filters=("FlateDecode",)))
    with pytest.raises(DocumentError, match="no text layer"):  # drawn once: read, no text
        pdf_tables(raw_pdf(b"", form=form, draws=1))


@pytest.mark.parametrize(
    "filters", [(), ("FlateDecode",), ("ASCIIHexDecode",), ("FlateDecode", "ASCIIHexDecode")]
)
def test_drawing_within_the_limit_is_read_as_before(filters):
    data = raw_pdf(b"0 0 m 1 1 l S\n" * 1_000, filters=filters)
    with pytest.raises(DocumentError, match="no text layer"):
        pdf_tables(data)
