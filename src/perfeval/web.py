"""Read the tables of a web page: the 自评表 a finance bureau or a people's congress
publishes as HTML.

:func:`html_tables` turns every data table of a page (``.html``, ``.htm``, or a page
saved as ``.mhtml``) into a :class:`~perfeval.printed.PrintedTable`, which
:mod:`perfeval.readers` hands to the one layout finder (:mod:`perfeval.layout`) like any
Word table. The page is parsed by lxml's HTML parser (``perfeval[html]``), which reads
pages as browsers do: unclosed cells and rows, stray tags and comments.

- **Charset**: a byte-order mark, else the ``<meta charset>`` or ``http-equiv``
  declaration (GB2312 and GBK read as GB18030, which contains them), else UTF-8 if the
  bytes are UTF-8, else GB18030.
- **Tables**: every ``<table>`` holding no other table is a data table, in page order;
  a table that holds others (a page laid out with tables) is not read as one, its text
  outside them counts as text around them. Tables with no text are passed over.
- **Cells**: ``rowspan`` and ``colspan`` become merged ranges (the text in the range's
  first cell; a span is cut at the table's edge, as browsers do); ``<br>`` and block
  elements inside a cell (``<p>``, ``<div>``) break lines; runs of spaces collapse;
  ``&nbsp;`` and full-width digits are left to the one cell reader
  (:mod:`perfeval.cells`); scripts, styles and elements hidden with ``display:none`` or
  ``hidden`` are not read.
- **Text above a table** (its title, year, 单位 and 项目名称 lines, and its
  ``<caption>``) is given to the grid as the lines above it, as for a Word table. A
  table continued in the next one (split across a printed page and saved as two) is
  joined by :func:`perfeval.printed.stack`.

Cells are named ``table N, row R, column C`` (counting data tables from 1). Tables that
are not 自评表 (navigation, a 项目资金到位情况 table, an indicator list) are listed by
:func:`perfeval.readers.read_file_tables` as skipped, with the reason. Bounded: the
reader's byte limit, every grid within :func:`perfeval.layout.check_size` (a huge
``colspan`` is refused before anything is laid out, a huge ``rowspan`` is cut at the
table's last row), at most :data:`perfeval.printed.MAX_TABLES` data tables; a page nested
deeper than the parser reads (256 levels) is refused rather than read in part.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import re
from collections.abc import Iterator
from typing import Any, Final

import attrs

from perfeval.errors import DocumentError
from perfeval.layout import MAX_CELLS, MAX_COLUMNS, Grid, check_size
from perfeval.printed import PrintedTable

__all__ = ["decode_page", "html_tables", "is_html", "is_mhtml"]

_HTML_START: Final = re.compile(
    rb"(?is)^(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|table)\b"
)
_CHARSET: Final = re.compile(rb"""(?i)<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""")
#: Charsets a Chinese page declares that GB18030 contains.
_GB: Final = frozenset({"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"})
#: Elements that start a new line of text.
_BLOCKS: Final = frozenset(
    ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "table",
     "ul", "ol", "dl", "dt", "dd", "section", "article", "header", "footer", "nav", "aside",
     "blockquote", "pre", "hr", "address", "center", "form", "fieldset", "legend")
)  # fmt: skip
_UNREAD: Final = frozenset({"script", "style", "noscript", "template", "head", "title"})
_SPACES: Final = re.compile(r"[ \t\r\n\f]+")  # HTML whitespace, not the no-break space
_HIDDEN: Final = re.compile(r"(?i)display\s*:\s*none|visibility\s*:\s*hidden")


def is_html(data: bytes) -> bool:
    """Whether *data* starts like an HTML page (after a byte-order mark, spaces, an XML
    declaration or comments).

    >>> is_html(b"<!DOCTYPE html><html>"), is_html(b"<?xml version='1.0'?><root/>")
    (True, False)
    """
    text = _ascii_head(data)
    text = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", text)
    return bool(_HTML_START.match(text))


def is_mhtml(data: bytes) -> bool:
    """Whether *data* is a web page saved as one file (MHTML: a MIME message holding the
    page)."""
    head = _ascii_head(data)[:4096].lower()
    starts = (b"mime-version:", b"from:", b"subject:", b"date:", b"content-type:")
    return head.startswith(starts) and b"multipart/related" in head


def _ascii_head(data: bytes) -> bytes:
    head = data[:65536]
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if head.startswith(bom):
            if bom == codecs.BOM_UTF8:
                return head[3:].lstrip()
            return head.decode("utf-16", errors="ignore").encode("ascii", errors="ignore").lstrip()
    return head.lstrip()


def decode_page(data: bytes, name: str = "<page>") -> str:
    """The text of a page's bytes: the charset of its byte-order mark, else of its
    ``<meta>`` declaration (GB2312 and GBK as GB18030), else UTF-8, else GB18030.

    >>> decode_page('<meta charset="gbk"><p>绩效</p>'.encode("gbk"))
    '<meta charset="gbk"><p>绩效</p>'
    >>> decode_page("<p>绩效</p>".encode("gb18030"))
    '<p>绩效</p>'
    """
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _decoded(data, codec, name)
    declared = _CHARSET.search(data[:8192])
    if declared:
        label = declared.group(1).decode("ascii").lower()
        codec = "gb18030" if label in _GB else label
        if codec.startswith(("utf-16", "utf-32", "ucs")) and b"\x00" not in data[:1024]:
            codec = "utf-8"  # a page saved as ASCII-compatible text, whatever it says
        try:
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass  # an unknown charset, or declared wrongly (a page saved again): sniffed
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise DocumentError(
        "the page's text is neither in the charset it declares nor UTF-8 nor GB18030",
        field=name,
    )


def _decoded(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise DocumentError(f"the page is not valid {codec} text", field=name) from None


def _mhtml_page(data: bytes, name: str) -> bytes:
    """The HTML part of a saved MHTML page, as bytes with its charset declared."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            body = part.get_payload(decode=True)
            if not isinstance(body, bytes):
                break
            charset = part.get_content_charset()
            if charset and not _CHARSET.search(body[:8192]):
                body = f'<meta charset="{charset}">'.encode("ascii", "ignore") + body
            return body
    raise DocumentError("a saved web page (MHTML) with no HTML part", field=name)


@attrs.frozen
class _Event:
    """A line of text outside the data tables, or a data table, in page order."""

    line: str = ""
    table: Any = None


def html_tables(data: bytes, name: str = "<page>") -> list[PrintedTable]:
    """The data tables of the page *data* (HTML or MHTML bytes), in page order, each
    with the lines printed above it since the table before.

    :class:`DocumentError` when lxml is not installed (naming the ``html`` extra), when
    the page cannot be parsed, when it holds no table, or when a table is beyond the
    limits.
    """
    try:
        import lxml.etree
        import lxml.html
    except ImportError:
        raise DocumentError(
            "HTML pages need the html extra: pip install 'perfeval[html]'", field=None
        ) from None
    if is_mhtml(data):
        data = _mhtml_page(data, name)
    text = decode_page(data, name)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses a declaration in a str
    parser = lxml.html.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, huge_tree=False
    )
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as error:
        raise DocumentError(f"not a readable HTML page: {error}", field=name) from None
    for entry in parser.error_log:
        if entry.type_name == "ERR_RESOURCE_LIMIT":  # the parser stopped: the rest is lost
            raise DocumentError(
                f"the page is beyond what is read: {entry.message} (line {entry.line})",
                field=name,
            )
    tables: list[PrintedTable] = []
    lines: list[str] = []
    count = 0
    for event in _events(root):
        if event.table is None:
            lines.append(event.line)
            continue
        rows, merged = _table_cells(event.table, f"table {count + 1}")
        if not any(any(row) for row in rows):
            continue  # a spacer or an empty frame
        count += 1
        grid = Grid.from_rows(f"table {count}", rows, merged=merged, kind="table", above=lines[-4:])
        tables.append(PrintedTable(grid=grid, between=tuple(lines)))
        lines = []
    if not tables:
        raise DocumentError("an HTML page with no table", field=name)
    return tables


def _events(root: Any) -> Iterator[_Event]:
    """Lines of text outside the data tables, and the data tables, in page order."""
    line: list[str] = []

    def flush() -> Iterator[_Event]:
        text = _SPACES.sub(" ", "".join(line)).strip()
        line.clear()
        if text:
            yield _Event(line=text)

    def walk(node: Any) -> Iterator[_Event]:
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else ""
            tag = tag.lower()
            if tag and (tag in _UNREAD or _hidden(child)):
                if child.tail:
                    line.append(child.tail)
                continue
            if tag == "table" and not _holds_table(child):
                yield from flush()
                for caption in child.iterchildren("caption"):  # the table's title
                    line.append(_cell_text(caption))
                    yield from flush()
                yield _Event(table=child)
            elif tag in _BLOCKS or tag in ("td", "th"):
                yield from flush()
                if child.text:
                    line.append(child.text)
                yield from walk(child)
                yield from flush()
            elif tag:
                if child.text:
                    line.append(child.text)
                yield from walk(child)
            if child.tail:
                line.append(child.tail)

    body = root.find("body")
    yield from walk(body if body is not None else root)
    yield from flush()


def _holds_table(table: Any) -> bool:
    return any(True for _ in table.iterdescendants("table"))


def _hidden(element: Any) -> bool:
    return element.get("hidden") is not None or bool(_HIDDEN.search(element.get("style", "")))


def _own_rows(table: Any) -> list[Any]:
    """The rows of *table* itself (in ``thead``, ``tbody``, ``tfoot`` or directly)."""
    rows = []
    for child in table:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows += [row for row in child if isinstance(row.tag, str) and row.tag.lower() == "tr"]
    return [row for row in rows if not _hidden(row)]


def _span(cell: Any, attribute: str, limit: int, name: str) -> int:
    """A cell's ``rowspan`` or ``colspan``: 1 when absent or not a number (as browsers
    read it), 0 for a ``rowspan`` to the table's end; beyond *limit* refused."""
    value = (cell.get(attribute) or "").strip()
    match = re.match(r"\d+", value)
    if not match:
        return 1
    if len(match.group()) > 6 or int(match.group()) > limit:
        raise DocumentError(
            f"a cell's {attribute} beyond the limit of {limit}", field=name, value=value
        )
    number = int(match.group())
    return number if number or attribute == "rowspan" else 1


def _table_cells(table: Any, name: str) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """The rows of text of a data table and its merged ranges, laid out as browsers lay
    out ``rowspan`` and ``colspan``."""
    rows = _own_rows(table)
    height = len(rows)
    check_size(name, height, 0)
    taken: set[tuple[int, int]] = set()
    budget = 4 * MAX_CELLS  # cells marked by spans, overlapping ones counted again
    texts: dict[tuple[int, int], str] = {}
    merged: list[tuple[int, int, int, int]] = []
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            tag = cell.tag.lower() if isinstance(cell.tag, str) else ""
            if tag not in ("td", "th") or _hidden(cell):
                continue
            while (r, c) in taken:
                c += 1
            across = _span(cell, "colspan", MAX_COLUMNS, name)
            down = _span(cell, "rowspan", 65534, name)
            last_row = height - 1 if down == 0 else min(height - 1, r + down - 1)
            check_size(name, height, c + across)
            budget -= (last_row - r + 1) * across
            if budget < 0:
                raise DocumentError("cells spanning more than the table holds", field=name)
            for rr in range(r, last_row + 1):
                for cc in range(c, c + across):
                    taken.add((rr, cc))
            text = _cell_text(cell)
            if text:
                texts[(r, c)] = text
            if (last_row, c + across - 1) != (r, c):
                merged.append((r, c, last_row, c + across - 1))
            c += across
            width = max(width, c)
    cells = [[""] * width for _ in range(height)]
    for (r, c), text in texts.items():
        cells[r][c] = text
    return cells, merged


def _cell_text(cell: Any) -> str:
    """The text a browser shows in *cell*: spaces collapsed, ``<br>`` and blocks as line
    breaks, hidden elements, scripts and styles left out."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        for child in node:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag and not (tag in _UNREAD or _hidden(child)):
                if tag == "br":
                    parts.append("\n")
                else:
                    block = tag in _BLOCKS or tag in ("td", "th")
                    if block:
                        parts.append("\n")
                    parts.append(_SPACES.sub(" ", child.text or ""))
                    walk(child)
                    if block:
                        parts.append("\n")
            parts.append(_SPACES.sub(" ", child.tail or ""))

    parts.append(_SPACES.sub(" ", cell.text or ""))
    walk(cell)
    lines = (line.strip(" ") for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line).strip()
