"""Read the ruled tables of a text PDF: the 自评表 published as a PDF printed from Word,
Excel or WPS.

:func:`pdf_tables` finds each page's ruled tables with pdfplumber (``perfeval[pdf]``)
and turns each into a :class:`~perfeval.printed.PrintedTable`, which
:mod:`perfeval.readers` hands to the one layout finder (:mod:`perfeval.layout`) like any
Word table. What a PDF does not say, the reader works out from where things are drawn,
and says so in the table's notes:

- **Cells** are placed on the table's ruling: a cell drawn over several columns or rows
  is a merged range (its text in its first cell). Tables of the same width on several
  pages share their column lines, so a table's parts line up.
- **Lines inside a cell** are the cell's width wrapping its text: they are joined
  (nothing between Chinese characters, a space between two Latin words). A number
  broken over the lines of its cell ("250000." over "00") reads whole, and a note
  quotes the cell as printed and says how it was read.
- **A table continued on the next page** (the same columns; page numbers, 续表 labels
  and running heads between) is joined to it through
  :func:`perfeval.printed.stack` and :func:`perfeval.layout.join_continuation`: a
  repeated header is dropped, a row broken at the page edge ("满意度指" / "标") is
  merged back, and notes say so; a row that may or may not be the rest of the one above
  is kept as its own row, with a note quoting it.
- **Text drawn across a cell's border** (overflowing a cell of fixed size into the
  next) is read in the cell that holds the middle of each character, and a note names
  every cell it crosses, with what was read there, for a person to check.
- **The title, year, 单位 and 项目名称 lines** printed above a table are the lines
  above its grid, as for a Word table.

Cells are named ``page P, table T, row R, column C`` (tables counted on their page).
A PDF with no text layer (a scanned image of the table) is refused saying so: reading it
needs OCR, which perfeval does not do; so is a page whose fonts do not map most of the
characters they draw to text (pdfminer's ``(cid:…)``), and a cell holding a few such
characters is named in the notes. A page without a text layer in a PDF that has
one is named in every table's notes. Bounded: the reader's byte limit, at most
:data:`MAX_PAGES` pages, :data:`MAX_CONTENT` bytes of drawing instructions in all
(measured before each page is laid out, so a compressed bomb or a page of endless lines
is refused cheaply) and :data:`MAX_OBJECTS` characters and lines on a page, every grid
within :func:`perfeval.layout.check_size`.
"""

from __future__ import annotations

import bisect
import contextlib
import io
import itertools
import operator
import re
import warnings
from collections.abc import Iterator, Sequence
from typing import Any, Final

import attrs

from perfeval.errors import DocumentError
from perfeval.layout import Grid, check_size, fold
from perfeval.printed import PrintedTable

__all__ = ["MAX_CONTENT", "MAX_OBJECTS", "MAX_PAGES", "pdf_tables", "unwrap"]

#: The most pages a PDF may have.
MAX_PAGES: Final = 200
#: The most characters, lines and rectangles one page may draw.
MAX_OBJECTS: Final = 200_000
#: The most bytes of drawing instructions the pages of a PDF may hold, decoded (each
#: form XObject counted as often as a page draws it). Measured before a page is laid
#: out, without decoding more than this: the work of reading a PDF grows with these bytes
#: (about 4–9 µs a byte), not with the file's size, which compression keeps small. A
#: page of a printed table holds about 5–50 KB.
MAX_CONTENT: Final = 600_000

#: How far apart (in points) two rulings may be drawn and still be one line.
_NEAR: Final = 2.0
_NUMBER: Final = re.compile(r"[-+]?(\d[\d,]*)?\.?\d+%?")


def unwrap(text: str) -> str:
    """The text of a cell with the lines its width wrapped joined: nothing between
    Chinese characters, a space between two Latin words or numbers.

    >>> unwrap("满意度\\n指标"), unwrap("250000.\\n00"), unwrap("250000\\n300")
    ('满意度指标', '250000.00', '250000 300')
    """
    lines = [line.strip() for line in text.splitlines()]
    out = ""
    for line in lines:
        if not line:
            continue
        pair = out[-1:] + line[:1]
        out += (" " if len(pair) == 2 and pair.isascii() and pair.isalnum() else "") + line
    return out


@attrs.frozen(kw_only=True)
class _Found:
    """A table pdfplumber found on a page: its box, and each cell's box and text."""

    page: int
    index: int
    box: tuple[float, float, float, float]
    cells: tuple[tuple[tuple[float, float, float, float], str], ...]
    above: tuple[str, ...]
    below: tuple[str, ...]
    crossed: frozenset[tuple[float, float, float, float]] = frozenset()
    """The boxes of cells with text drawn across their border."""


def pdf_tables(data: bytes, name: str = "<pdf>") -> list[PrintedTable]:
    """The ruled tables of the PDF *data*, page by page, each with the lines printed
    between it and the table before.

    :class:`DocumentError` when pdfplumber is not installed (naming the ``pdf`` extra),
    when the file is not a readable PDF, has no text layer, holds no ruled table, or is
    beyond the limits.
    """
    try:
        import pdfplumber
    except ImportError:
        raise DocumentError(
            "PDF files need the pdf extra: pip install 'perfeval[pdf]'", field=None
        ) from None
    quiet = contextlib.ExitStack()
    quiet.enter_context(contextlib.redirect_stdout(io.StringIO()))
    quiet.enter_context(warnings.catch_warnings())
    warnings.simplefilter("ignore")
    found: list[_Found] = []
    blank: list[int] = []
    lines_by_page: list[list[str]] = []
    try:
        with quiet, pdfplumber.open(io.BytesIO(data)) as document:
            if len(document.pages) > MAX_PAGES:
                raise DocumentError(
                    f"the PDF has {len(document.pages)} pages; the limit is {MAX_PAGES}",
                    field=name,
                )
            budget = MAX_CONTENT
            for number, page in enumerate(document.pages, start=1):
                budget -= _drawn(page.page_obj, budget, number, name)
                tables, texts = _page(page, number, name)
                if tables is None:
                    blank.append(number)
                    continue
                found += tables
                lines_by_page.append(texts)
    except DocumentError:
        raise
    except Exception as error:  # pdfminer raises many kinds on damaged or encrypted files
        first = (str(error).splitlines() or [type(error).__name__])[0]
        raise DocumentError(f"not a readable PDF document: {first}", field=name) from None
    pages = len(blank) + len(lines_by_page)
    if not lines_by_page:
        raise DocumentError(
            "this PDF has no text layer (a scanned image of the table?): perfeval reads the "
            "tables of PDFs printed from Word, Excel or WPS; reading a scanned table needs "
            "OCR, which perfeval does not do",
            field=name,
        )
    if not found:
        raise DocumentError(
            f"no ruled table on the PDF's {pages} page{'s' if pages > 1 else ''}: perfeval "
            "reads tables drawn with their cell borders",
            field=name,
        )
    notes = tuple(
        f"page {number} of the PDF has no text layer (a scanned image?): it is not read."
        for number in blank
    )
    return list(_printed(found, notes, _furniture(lines_by_page)))


def _drawn(page: Any, budget: int, number: int, name: str) -> int:
    """The bytes of drawing instructions page *number* holds (a pdfminer ``PDFPage``):
    its content streams and the form XObjects they draw, each as often as it is drawn.
    :class:`DocumentError` once the PDF's pages hold more than :data:`MAX_CONTENT`
    (*budget* is what is left of it), before the page is laid out."""
    total = 0
    for stream in page.contents:
        total += _drawn_stream(stream, page.resources, budget - total, 0)
        if total > budget:
            break
    if total > budget:
        raise DocumentError(
            f"the pages up to page {number} hold more than {MAX_CONTENT} bytes of drawing "
            "instructions, the limit: a PDF of a few tables holds far less; give perfeval "
            "the pages that print the tables",
            field=name,
        )
    return total


#: How deep form XObjects drawn inside form XObjects are followed.
_FORM_DEPTH: Final = 4
_DRAWS: Final = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do\b")


def _drawn_stream(stream: Any, resources: Any, budget: int, depth: int) -> int:
    """The decoded bytes of *stream* and of the form XObjects it draws, counting no
    further than just past *budget*."""
    from pdfminer.pdftypes import resolve1

    stream = resolve1(stream)
    data = _decoded(stream, budget + 1)
    total = len(data)
    if total > budget or depth >= _FORM_DEPTH:
        return total
    forms = resolve1(resolve1(resources or {}).get("XObject", {})) if resources else {}
    if not isinstance(forms, dict) or not forms:
        return total
    for match in _DRAWS.finditer(data):
        form = resolve1(forms.get(match.group(1).decode("latin-1")))
        if form is None or not hasattr(form, "attrs"):
            continue
        if getattr(resolve1(form.attrs.get("Subtype")), "name", None) != "Form":
            continue
        inner = resolve1(form.attrs.get("Resources")) or resources
        total += _drawn_stream(form, inner, budget - total, depth + 1)
        if total > budget:
            break
    return total


def _decoded(stream: Any, limit: int) -> bytes:
    """*stream*'s data decoded through its filters, no more than *limit* bytes of it
    (*limit* bytes back means at least that many): Flate and LZW are decoded only as far
    as *limit*, the text filters give fewer bytes than they take, and run-length decoding
    (at most 128 bytes a byte) is done only on input within *limit*. A filter that does
    not draw (an image's) counts its raw bytes."""
    import zlib

    from pdfminer.ascii85 import ascii85decode, asciihexdecode
    from pdfminer.lzw import LZWDecoder
    from pdfminer.runlength import rldecode

    data = stream.get_rawdata()
    if data is None:  # decoded already
        return bytes(stream.get_data()[:limit])
    if stream.decipher:  # an encrypted PDF: its streams are deciphered first
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    for kind, _ in stream.get_filters():
        label = getattr(kind, "name", kind)
        if label in ("FlateDecode", "Fl"):
            try:
                data = zlib.decompressobj().decompress(data, limit)
            except zlib.error:
                return b""  # damaged: pdfminer reads what it can, or refuses it
        elif label in ("LZWDecode", "LZW"):
            out = bytearray()
            try:
                for chunk in LZWDecoder(io.BytesIO(data)).run():
                    out += chunk
                    if len(out) >= limit:
                        break
            except Exception:  # damaged: as pdfminer would find it
                return b""
            data = bytes(out)
        elif label in ("ASCIIHexDecode", "AHx"):
            data = asciihexdecode(data)
        elif label in ("ASCII85Decode", "A85"):
            data = ascii85decode(data)
        elif label in ("RunLengthDecode", "RL"):
            if len(data) > limit:
                return bytes(limit)
            data = rldecode(data)
        data = data[:limit]
    return bytes(data)


def _page(page: Any, number: int, name: str) -> tuple[list[_Found] | None, list[str]]:
    """The tables of *page* and the lines of text outside them; ``None`` for a page
    with no text layer."""
    objects = len(page.chars) + len(page.lines) + len(page.rects) + len(page.curves)
    if objects > MAX_OBJECTS:
        raise DocumentError(
            f"page {number} draws {objects} characters and lines; the limit is {MAX_OBJECTS}",
            field=name,
        )
    if not page.chars:
        return None, []
    unmapped = sum(1 for char in page.chars if str(char.get("text", "")).startswith("(cid:"))
    if 2 * unmapped > len(page.chars):
        raise DocumentError(
            f"the fonts of page {number} do not say which characters they draw ({unmapped} of "
            f"{len(page.chars)} read as (cid:…), with no Unicode mapping): its text cannot be "
            "read; print the PDF again with its fonts embedded, or export the table to .xlsx "
            "or .docx",
            field=name,
        )
    page = _deduped(page)  # text drawn twice to look bold reads once
    tables = sorted(page.find_tables(), key=lambda table: (table.bbox[1], table.bbox[0]))
    found: list[_Found] = []
    texts: list[str] = []
    top = float(page.bbox[1])
    for index, table in enumerate(tables, start=1):
        x0, t0, x1, t1 = (float(v) for v in table.bbox)
        above = _lines(page, top, t0)
        texts += above
        cells = []
        for row, texts_of_row in zip(table.rows, table.extract(), strict=True):
            for box, text in zip(row.cells, texts_of_row, strict=True):
                if box is not None:
                    cells.append(
                        ((float(box[0]), float(box[1]), float(box[2]), float(box[3])), text or "")
                    )
        found.append(
            _Found(
                page=number,
                index=index,
                box=(x0, t0, x1, t1),
                cells=tuple(cells),
                above=tuple(above),
                below=(),
                crossed=_crossed(page.chars, [box for box, _ in cells], (x0, t0, x1, t1)),
            )
        )
        top = max(top, t1)
    below = _lines(page, top, float(page.bbox[3]))
    texts += below
    if found:
        found[-1] = attrs.evolve(found[-1], below=tuple(below))
    return found, texts


def _deduped(page: Any) -> Any:
    """*page* with each character drawn more than once at the same place (within a point)
    kept once, the first drawn: pdfplumber's ``dedupe_chars``, without its last step, a
    sort by ``list.index`` that costs the square of the characters (half a minute for
    20,000 on a page)."""
    from pdfplumber.utils.clustering import cluster_objects

    same = operator.itemgetter("upright", "text")
    keep: set[int] = set()
    for _, group in itertools.groupby(sorted(page.chars, key=same), key=same):
        for line in cluster_objects(list(group), operator.itemgetter("doctop"), 1):
            for place in cluster_objects(line, operator.itemgetter("x0"), 1):
                keep.add(id(min(place, key=operator.itemgetter("doctop", "x0"))))
    return page.filter(lambda item: item.get("object_type") != "char" or id(item) in keep)


Box = tuple[float, float, float, float]


def _crossed(chars: Sequence[Any], boxes: Sequence[Box], table: Box) -> frozenset[Box]:
    """The cells of a table (by their *boxes*) that text is drawn across: a character
    drawn over a cell's border, or a line of text running on from one cell into the next
    with no space between (text overflowing a cell of fixed size, or clipped at its edge).
    Each character is read in the cell that holds its middle."""
    if not boxes:
        return frozenset()
    xs = _edges([x for box in boxes for x in box[::2]])
    ys = _edges([y for box in boxes for y in box[1::2]])
    owner: dict[tuple[int, int], Box] = {}
    for box in boxes:
        for r in range(_at(ys, box[1]), max(_at(ys, box[1]) + 1, _at(ys, box[3]))):
            for c in range(_at(xs, box[0]), max(_at(xs, box[0]) + 1, _at(xs, box[2]))):
                owner[(r, c)] = box

    def cell_at(x: float, y: float) -> Box | None:
        return owner.get((bisect.bisect_right(ys, y) - 1, bisect.bisect_right(xs, x) - 1))

    crossed: set[Box] = set()
    inside = []
    for char in chars:
        x0, top, x1, bottom = (float(char[k]) for k in ("x0", "top", "x1", "bottom"))
        middle, centre = (x0 + x1) / 2, (top + bottom) / 2
        if not (table[0] < middle < table[2] and table[1] < centre < table[3]):
            continue
        inside.append((top, x0, x1, cell_at(middle, centre)))
        touched = {
            cell_at(x0 + _NEAR, centre), cell_at(x1 - _NEAR, centre),
            cell_at(middle, top + _NEAR), cell_at(middle, bottom - _NEAR),
        } - {None}  # fmt: skip
        if len(touched) > 1:
            crossed.update(cell for cell in touched if cell is not None)
    inside.sort(key=lambda item: (round(item[0]), item[1]))
    for before, after in itertools.pairwise(inside):
        same_line = abs(before[0] - after[0]) < _NEAR
        if same_line and after[1] - before[2] < 0.5 and before[3] != after[3]:
            crossed.update(cell for cell in (before[3], after[3]) if cell is not None)
    return frozenset(crossed)


def _lines(page: Any, top: float, bottom: float) -> list[str]:
    """The lines of text printed across the page between *top* and *bottom*."""
    if bottom - top < 1:
        return []
    x0, _, x1, _ = page.bbox
    region = page.within_bbox((x0, top, x1, bottom), relative=False, strict=False)
    text = region.extract_text() or ""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _furniture(pages: Sequence[Sequence[str]]) -> frozenset[str]:
    """Lines printed on at least two pages and at least half of them: a running head or
    foot, not text."""
    if len(pages) < 2:
        return frozenset()
    counts: dict[str, int] = {}
    for lines in pages:
        for line in {fold(line) for line in lines}:
            counts[line] = counts.get(line, 0) + 1
    return frozenset(line for line, n in counts.items() if n >= 2 and 2 * n >= len(pages))


def _edges(values: Sequence[float]) -> list[float]:
    """*values* sorted, those closer than :data:`_NEAR` taken as one line."""
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > _NEAR:
            edges.append(value)
    return edges


def _at(edges: Sequence[float], value: float) -> int:
    """The index of the edge nearest *value*."""
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _printed(
    found: Sequence[_Found], notes: tuple[str, ...], furniture: frozenset[str]
) -> Iterator[PrintedTable]:
    # Tables of the same width share their column lines, so the parts of a table split
    # across pages have the same columns even when one part lacks a row that draws one.
    columns: dict[int, list[float]] = {}
    for i, table in enumerate(found):
        same = [
            other
            for other in found
            if abs(other.box[0] - table.box[0]) <= _NEAR
            and abs(other.box[2] - table.box[2]) <= _NEAR
        ]
        columns[i] = _edges([x for other in same for box, _ in other.cells for x in box[::2]])
    between: list[str] = []
    for i, table in enumerate(found):
        between += table.above
        grid = _grid(table, columns[i], between[-4:], notes)
        going_on: tuple[str, ...] = ()
        if table.index == 1 and table.page > 1:
            grid, going_on = _going_on(grid)
        yield PrintedTable(
            grid=grid, between=tuple(between), furniture=furniture, if_joined=going_on
        )
        between = list(table.below)


def _grid(
    table: _Found, columns: Sequence[float], above: Sequence[str], notes: tuple[str, ...]
) -> Grid:
    name = f"page {table.page}, table {table.index}"
    rows = _edges([y for box, _ in table.cells for y in box[1::2]])
    height, width = len(rows) - 1, len(columns) - 1
    check_size(name, height, width)
    cells: dict[tuple[int, int], str] = {}
    merged: list[tuple[int, int, int, int]] = []
    repaired: list[str] = []
    for (x0, top, x1, bottom), raw in table.cells:
        r0, c0 = _at(rows, top), _at(columns, x0)
        r1, c1 = max(r0, _at(rows, bottom) - 1), max(c0, _at(columns, x1) - 1)
        if (r0, c0) != (r1, c1):
            merged.append((r0, c0, r1, c1))
        text = unwrap(raw)
        whole = re.sub(r"\s+", "", raw)
        if "\n" in raw.strip() and _NUMBER.fullmatch(whole):
            text = whole
            repaired.append(
                f"{name}, row {r0 + 1}, column {c0 + 1}: {raw.strip()!r} is a number broken "
                f"over the lines of its cell and is read as {text}."
            )
        if (x0, top, x1, bottom) in table.crossed:
            repaired.append(
                f"{name}, row {r0 + 1}, column {c0 + 1}: text is drawn across this cell's "
                f"border (text overflowing a cell into the next): the cell is read as "
                f"{text[:40]!r}, which may hold text of the cell beside it; check it."
            )
        if "(cid:" in text:
            repaired.append(
                f"{name}, row {r0 + 1}, column {c0 + 1}: {text[:40]!r} holds characters whose "
                "font does not map them to text ((cid:…)); they are read as printed there."
            )
        if text:
            cells[(r0, c0)] = text
    grid = Grid.from_cells(name, cells, merged=merged, kind="table", above=above, notes=notes)
    if grid.rows and (len(grid.rows) < height or len(grid.rows[0]) < width):
        # blank rows or columns at the bottom or right: the grid keeps the ruling's size
        padded = [list(row) + [""] * (width - len(row)) for row in grid.rows]
        padded += [[""] * width for _ in range(height - len(padded))]
        grid = attrs.evolve(grid, rows=tuple(tuple(row) for row in padded))
    return attrs.evolve(grid, notes=(*grid.notes, *repaired))


def _going_on(grid: Grid) -> tuple[Grid, tuple[str, ...]]:
    """*grid*, at the top of a page, with the blank cells that start its first row below
    a repeated header (left of the row's first text: the group labels of a tree-shaped
    table) marked as going on from the cell above them, and the notes that say so if it
    is joined to the table above.

    A PDF does not say whether a label printed once and merged down goes on across the
    page; a row whose leading cells are blank is read as carrying the labels above it,
    as a person reading the printed page does."""
    top = 0  # the first row below a header repeated at the top of the page
    while top < len(grid.rows) and grid.rows[top][0]:
        top += 1
    if top >= len(grid.rows):
        return grid, ()
    first = next((c for c, text in enumerate(grid.rows[top]) if text), None)
    if first is None:
        return grid, ()
    spans = {(r0, c0): (r0, c0, r1, c1) for r0, c0, r1, c1 in grid.merged}
    going: list[tuple[int, int, int, int]] = []
    c = 0
    while c < first:
        span = spans.get((top, c), (top, c, top, c))
        going.append(span)
        c = span[3] + 1
    notes = tuple(
        f"{grid.cell_name(top, c0)}: blank at the top of the page, below a cell of the part "
        "of the table on the page before; read as that cell going on across the page."
        for _, c0, _, _ in going
    )
    return attrs.evolve(grid, continued=tuple(going)), notes
