"""Open the files people hold: .xlsx, .docx, BIFF .xls and SpreadsheetML 2003 workbooks,
and the web pages and PDFs tables are published as.

:func:`read_tables` sniffs the format from the first bytes (never from the name), turns
each visible sheet or Word table into a :class:`~perfeval.layout.Grid` of printed cells,
and lets :func:`perfeval.layout.find_tables` find every 自评表 in it. Each format's
library is imported only when a file of that format is read; a missing one raises
:class:`~perfeval.errors.DocumentError` naming the extra to install:

- .xlsx: ``perfeval[xlsx]`` (openpyxl, defusedxml);
- .docx: ``perfeval[docx]`` (python-docx);
- .xls (BIFF, Excel 97–2003) and SpreadsheetML 2003 (WPS "XML 2003" files named .xls):
  ``perfeval[xls]`` (xlrd, defusedxml);
- web pages (.html, .htm, saved .mhtml): ``perfeval[html]`` (lxml), see :mod:`perfeval.web`;
- text PDFs: ``perfeval[pdf]`` (pdfplumber), see :mod:`perfeval.pdf`.

Word tables are read from their XML: text in tracked insertions, content controls, smart
tags, custom XML, simple fields and hyperlinks counts, tracked deletions and field codes
do not, and a table continued in the next Word table (split across a page) is joined to
it (:func:`perfeval.layout.join_continuation`). :func:`read_file_tables` also lists the
sheets and tables it did not read as 自评表, and why.

Numbers are read as the spreadsheet shows them: 15 significant digits (a cached
51.790000000000006 reads "51.79"), rounded to the decimals of the cell's number format,
percent formats as percentages ("86.32%"). Untrusted files are bounded: at most
:data:`MAX_BYTES`, packages checked for decompression bombs before they are opened, XML
parsed without entities, and every grid within :data:`~perfeval.layout.MAX_ROWS` ×
:data:`~perfeval.layout.MAX_COLUMNS`.
"""

from __future__ import annotations

import contextlib
import html
import io
import math
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any, Final

import attrs

from perfeval.cells import shown_digits
from perfeval.document import parse_json, table_from_mapping
from perfeval.errors import DocumentError, PerfevalError
from perfeval.layout import (
    MAX_COLUMNS,
    MAX_ROWS,
    FoundTable,
    Grid,
    SkippedTable,
    check_size,
    column_letter,
    read_grid,
    table_of,
)
from perfeval.limits import Limits, read_source
from perfeval.number import fixed, private_context, quantize_half_up
from perfeval.printed import MAX_TABLES, PrintedTable, stack
from perfeval.web import is_html, is_mhtml

__all__ = [
    "MAX_BYTES",
    "MAX_RATIO",
    "MAX_TABLES",
    "MAX_UNPACKED_BYTES",
    "FileGrids",
    "FileTables",
    "check_package",
    "read_file_grids",
    "read_file_tables",
    "read_grids",
    "read_tables",
    "shown_number",
    "sniff",
]

#: Limits on untrusted files, whatever their format (and :data:`MAX_TABLES`, the most
#: tables of a document or a page).
MAX_BYTES: Final = 20 * 1024 * 1024
MAX_UNPACKED_BYTES: Final = 100 * 1024 * 1024
MAX_RATIO: Final = 200

_OLE: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SS: Final = "urn:schemas-microsoft-com:office:spreadsheet"
_XL: Final = "urn:schemas-microsoft-com:office:excel"
_META: Final = "perfeval"
_EXPORT = "; export the table to .xlsx or .docx"

Source = str | Path | bytes | IO[bytes]


# Sniffing -------------------------------------------------------------------------------


def sniff(data: bytes, name: str = "<file>") -> str:
    """The format of *data* from its first bytes: ``xlsx``, ``docx``, ``xls``, ``xml2003``,
    ``html``, ``pdf`` or ``json``; anything else raises :class:`DocumentError` saying what
    it is.

    >>> sniff(b"%PDF-1.7 ..."), sniff(b"<!DOCTYPE html><html>...")
    ('pdf', 'html')
    >>> sniff(b"GIF89a...")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    perfeval.errors.DocumentError: <file>: this is a GIF image; export the table to ...
    """
    head = data[:8]
    if head.startswith(b"%PDF"):
        return "pdf"
    if is_html(data) or is_mhtml(data):
        return "html"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        check_package(data, name)
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = package.namelist()
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("ppt/") for n in names):
            raise DocumentError("this is a PowerPoint presentation" + _EXPORT, field=name)
        if "mimetype" in names:
            raise DocumentError(
                "this is an OpenDocument file (.ods/.odt); save it as .xlsx or .docx", field=name
            )
        raise DocumentError("this is a zip archive, not an .xlsx or .docx" + _EXPORT, field=name)
    if head == _OLE:
        if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
            return "xls"
        raise DocumentError(
            "this is an OLE2 compound file without a workbook (an old Word .doc?)" + _EXPORT,
            field=name,
        )
    known = (
        (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"), (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"),
        (b"BM", "a BMP image"), (b"{\\rtf", "an RTF document"),
    )  # fmt: skip
    for magic, what in known:
        if head.startswith(magic):
            raise DocumentError(f"this is {what}{_EXPORT}", field=name)
    text = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        if _SS.encode() in text:
            return "xml2003"
        if b"<html" in text[:2048].lower():
            return "html"
        raise DocumentError(
            "this is XML but not a SpreadsheetML 2003 workbook" + _EXPORT, field=name
        )
    if text.startswith(b"{"):
        return "json"
    if not data:
        raise DocumentError("the file is empty", field=name)
    raise DocumentError(
        "not a file perfeval reads (not a zip package, OLE2 workbook or XML; it starts "
        f"with {data[:16]!r}): expected .xlsx, .docx, .xls or a JSON document",
        field=name,
    )


def check_package(data: bytes, name: str) -> None:
    """Refuse a zip package that is too large, unpacks too far or cannot be read."""
    if len(data) > MAX_BYTES:
        raise DocumentError(f"the file is larger than {MAX_BYTES // 2**20} MiB", field=name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = 0
            for part in package.infolist():
                unpacked += part.file_size
                if part.compress_size and part.file_size / part.compress_size > MAX_RATIO:
                    raise DocumentError(
                        f"part {part.filename} unpacks {part.file_size // part.compress_size}"
                        "-fold: refused as a decompression bomb",
                        field=name,
                    )
            if unpacked > MAX_UNPACKED_BYTES:
                raise DocumentError("the package unpacks to more than 100 MiB", field=name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile):
        raise DocumentError("not an .xlsx or .docx file (not a zip package)", field=name) from None
    except (NotImplementedError, ValueError, RuntimeError, EOFError, OSError) as error:
        if isinstance(error, DocumentError):
            raise
        # a damaged or exotic package: unsupported zip versions, encryption, truncation
        raise DocumentError(f"not a readable zip package: {error}", field=name) from None


# Numbers as shown -----------------------------------------------------------------------


def shown_number(number: Decimal, number_format: str = "General") -> str:
    """*number* as a spreadsheet shows it under *number_format*: 15 significant digits,
    rounded to the format's decimals, ×100 with a ``%`` for percent formats.

    >>> shown_number(Decimal("51.790000000000006"))
    '51.79'
    >>> shown_number(Decimal("0.86316666"), "0.00%")
    '86.32%'
    >>> shown_number(Decimal("10"), "0.00")
    '10.00'
    """
    value = shown_digits(number)
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format.split(";")[0])
    percent = "%" in section
    if percent:
        value = value.scaleb(2)
    decimals = re.search(r"\.([0#?]+)", section)
    if decimals:
        most = len(decimals.group(1))
        least = decimals.group(1).count("0")
        value = quantize_half_up(value, most)
        while least < most and value == value.quantize(Decimal(1).scaleb(-(most - 1))):
            most -= 1
            value = value.quantize(Decimal(1).scaleb(-most))
    elif re.search(r"[0#]", section):
        value = quantize_half_up(value, 0)
    text = fixed(value)
    return text + "%" if percent else text


def _shown_date(value: date) -> str:
    if isinstance(value, datetime) and (value.hour, value.minute, value.second) != (0, 0, 0):
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    return f"{value.year}年{value.month}月{value.day}日"


def _decimal(text: str) -> Decimal | None:
    """The number a cell stores, or ``None`` (the text is then read as it is, and the cell
    reader refuses it naming the cell): not a number, not finite, or beyond what a
    spreadsheet holds (about 1E+308), so that ``1E+99999999`` costs nothing to refuse."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number.adjusted()) > _LARGEST_EXPONENT:
        return None
    return number


_LARGEST_EXPONENT: Final = 330  # a double's range, 1E±308, and its subnormals


# Adapters -------------------------------------------------------------------------------


def _missing(kind: str, extra: str) -> DocumentError:
    return DocumentError(
        f"{kind} files need the {extra} extra: pip install 'perfeval[{extra}]'", field=None
    )


@attrs.frozen
class _Sheet:
    grid: Grid
    hidden: bool = False


def _xlsx(data: bytes, name: str) -> tuple[list[_Sheet], dict[str, Any]]:
    try:
        import openpyxl
    except ImportError:
        raise _missing(".xlsx", "xlsx") from None
    # openpyxl prints to stdout and warns on some damaged packages; neither may reach the
    # caller's output (a command's JSON), so both are kept inside.
    quiet = contextlib.ExitStack()
    quiet.enter_context(contextlib.redirect_stdout(io.StringIO()))
    quiet.enter_context(warnings.catch_warnings())
    warnings.simplefilter("ignore")
    try:
        with quiet:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                parts = {
                    n: package.read(n) for n in package.namelist() if n.startswith("xl/worksheets/")
                }
            _check_merges(parts, name)
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
            formulas = None
            if any(b"<f" in part for part in parts.values()):
                formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except DocumentError:
        raise
    except Exception as error:  # openpyxl raises many kinds on malformed packages
        first = (str(error).splitlines() or [type(error).__name__])[0]
        raise DocumentError(f"not a readable .xlsx workbook: {first}", field=name) from None
    sheets: list[_Sheet] = []
    meta: dict[str, Any] = {}
    for sheet in book.worksheets:
        if sheet.title == _META and sheet.sheet_state != "visible":
            meta = _meta(sheet)
            continue
        check_size(sheet.title, sheet.max_row, sheet.max_column)
        cells: dict[tuple[int, int], str] = {}
        notes: list[str] = []
        for r, row in enumerate(sheet.iter_rows(min_row=1, min_col=1)):
            for c, cell in enumerate(row):
                value = cell.value
                if value is None:
                    if formulas is not None:
                        formula = formulas[sheet.title].cell(row=r + 1, column=c + 1).value
                        if isinstance(formula, str) and formula.startswith("="):
                            where = f"{sheet.title}!{column_letter(c)}{r + 1}"
                            notes.append(
                                f"{where}: the formula {formula} has no saved value (the file was "
                                "not recalculated before it was saved); the cell is read as blank."
                            )
                    continue
                if isinstance(value, float) and not math.isfinite(value):
                    raise _not_finite(f"{sheet.title}!{column_letter(c)}{r + 1}", value)
                text = _cell_text(value, str(cell.number_format or "General"))
                if text:
                    cells[(r, c)] = text
        merged = [
            (m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1)
            for m in sheet.merged_cells.ranges
        ]
        sheets.append(
            _Sheet(
                Grid.from_cells(sheet.title, cells, merged=merged, notes=notes),
                hidden=sheet.sheet_state != "visible",
            )
        )
    return sheets, meta


_MERGE_CELL: Final = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b([^>]*)>")
_REF: Final = re.compile(rb"""\bref\s*=\s*(["'])(.*?)\1""", re.DOTALL)


def _check_merges(parts: dict[str, bytes], name: str) -> None:
    """Refuse a merged range beyond the grid limits before openpyxl lays it out: it makes
    an object for every cell of a range, and ``A1:XFD1048576`` has 17 billion."""
    from openpyxl.utils.cell import range_boundaries

    for part, xml in parts.items():
        for element in _MERGE_CELL.finditer(xml):
            ref = _REF.search(element.group(1))
            if ref is None:
                continue
            text = html.unescape(ref.group(2).decode("utf-8", errors="replace"))
            try:
                _, _, right, bottom = range_boundaries(text.strip())
            except (ValueError, TypeError):
                continue  # not a range: openpyxl refuses it
            # whole rows (3:3) or columns (A:A) reach the sheet's last column or row
            width = 16384 if right is None else right
            height = 1048576 if bottom is None else bottom
            check_size(f"{name}: {part} (merged range {text})", height, width)


def _not_finite(where: str, value: float) -> DocumentError:
    """A cell whose stored number is infinite or not a number (``1e999`` typed into the
    file's XML): no spreadsheet shows it, and no table can hold it."""
    return DocumentError(
        "the cell stores a number beyond what a spreadsheet holds; type the number again",
        field=where,
        value=str(value),
    )


def _cell_text(value: object, number_format: str) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return shown_number(Decimal(repr(value)), number_format)
    if isinstance(value, int | Decimal):
        return shown_number(Decimal(value), number_format)
    if isinstance(value, date):
        return _shown_date(value)
    return str(value).strip()


def _meta(sheet: Any) -> dict[str, Any]:
    """What perfeval's own hidden sheet keeps that the printed layout has no cell for: the
    policy (text), level1_weights (a JSON object) and notes (a JSON list of texts)."""
    rows = sheet.iter_rows(min_row=1, max_row=10, max_col=2, values_only=True)
    pairs = []
    for number, row in enumerate(rows, start=1):
        key, value = (*row, None, None)[:2]  # a row may hold one cell, or none
        pairs.append((key, value, f"{_META}!B{number}"))
    return _meta_fields(pairs)


def _meta_fields(pairs: Sequence[tuple[object, object, str]]) -> dict[str, Any]:
    """The hidden fields of an export (key, value, where each is kept), each checked for
    its shape, the JSON read within the document limits."""
    found: dict[str, Any] = {}
    for key, value, where in pairs:
        if key in ("level1_weights", "notes"):
            if value is None:
                continue
            if not isinstance(value, str):
                raise DocumentError(f"{key}: expected JSON text", field=where, value=value)
            try:
                data = parse_json(value)
            except PerfevalError as error:
                raise DocumentError(f"{key}: {error}", field=where) from None
            if key == "notes":
                if not isinstance(data, list) or not all(isinstance(n, str) for n in data):
                    raise DocumentError("notes: expected a JSON list of texts", field=where)
            elif not isinstance(data, dict):
                raise DocumentError("level1_weights: expected a JSON object", field=where)
            found[key] = data
        elif key == "policy":
            if value is not None and not isinstance(value, str):
                raise DocumentError("policy: expected a policy id", field=where, value=value)
            found[key] = value
        elif key is not None:
            found[str(key)] = value
    return found


def _docx_meta(document: Any, name: str) -> dict[str, Any]:
    """The hidden fields perfeval's own .docx keeps as custom document properties
    (``perfeval.policy``, ``perfeval.level1_weights``, ``perfeval.notes``)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml.parser import parse_xml  # lxml without entities, as python-docx parses

    try:
        part = document.part.package.part_related_by(RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)
    except KeyError:
        return {}
    try:
        properties = parse_xml(part.blob)
    except Exception as error:  # lxml raises its own kinds on malformed XML
        raise DocumentError(f"unreadable custom properties: {error}", field=name) from None
    pairs = []
    for item in list(properties)[:50]:
        label = str(item.get("name", ""))
        if label.startswith(f"{_META}."):
            where = f"{name}: custom property {label}"
            pairs.append((label.removeprefix(f"{_META}."), "".join(item.itertext()), where))
    return _meta_fields(pairs[:10])


def _docx(data: bytes, name: str) -> tuple[list[_Sheet], dict[str, Any]]:
    try:
        import docx
    except ImportError:
        raise _missing(".docx", "docx") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on malformed packages
        first = (str(error).splitlines() or [type(error).__name__])[0]
        raise DocumentError(f"not a readable .docx document: {first}", field=name) from None
    body = getattr(document.element, "body", None)  # a main part not w:document, or empty
    if body is None:
        raise DocumentError(
            "not a readable .docx document: its main part has no document body", field=name
        )
    tables: list[PrintedTable] = []
    above: list[str] = []
    between: list[str] = []  # the lines since the last table: page furniture at a split
    for block in _word_parts(body, "p", "tbl"):
        if _local(block) == "p":
            text = _word_text(block)
            if text:
                above.append(text)
                between.append(text)
            continue
        if len(tables) >= MAX_TABLES:
            raise DocumentError(f"more than {MAX_TABLES} tables", field=name)
        grid = _word_grid(block, f"table {len(tables) + 1}", above[-4:])
        tables.append(PrintedTable(grid=grid, between=tuple(between)))
        above = []
        between = []
    sheets = [_Sheet(grid) for grid in stack(tables, name)]
    return sheets, _docx_meta(document, name)


_W: Final = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC: Final = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
#: What is not read in a Word part: tracked deletions and moves away, field codes, the
#: fallback copy of alternate content, phonetic guides over text (ruby ``w:rt``), and the
#: properties that hold no text.
_UNREAD: Final = frozenset(
    f"{_W}{tag}"
    for tag in ("del", "moveFrom", "delText", "delInstrText", "instrText", "rt", "rPr",
                "pPr", "sdtPr", "sdtEndPr", "tcPr", "trPr", "tblPr", "tblGrid", "tblPrEx")
) | {f"{_MC}Fallback"}  # fmt: skip
_WRAPS: Final = frozenset(f"{_W}{tag}" for tag in ("sdt", "sdtContent", "customXml"))


def _local(element: Any) -> str:
    return str(element.tag).rpartition("}")[2]


def _placeholder(sdt: Any) -> bool:
    """A content control still showing its prompt ("单击此处输入文字"): blank."""
    return sdt.find(f"{_W}sdtPr/{_W}showingPlcHdr") is not None


def _word_parts(parent: Any, *tags: str) -> Iterator[Any]:
    """The children of *parent* with one of *tags* (``p``, ``tbl``, ``tr``, ``tc``), those
    wrapped in content controls (``w:sdt``) and custom XML included, in order."""
    wanted = {f"{_W}{tag}" for tag in tags}
    for child in parent:
        if child.tag in wanted:
            yield child
        elif child.tag in _WRAPS:
            if child.tag == f"{_W}sdt" and _placeholder(child):
                continue
            yield from _word_parts(child, *tags)


def _word_text(element: Any) -> str:
    """The text Word shows for *element* (a paragraph or a cell): every ``w:t`` under it,
    inside tracked insertions, content controls, smart tags, custom XML, simple fields and
    hyperlinks too, and inserted symbols (``w:sym``); tracked deletions, field codes,
    hidden text and content-control prompts are not read. Tabs read as tabs, breaks and
    paragraph ends as line breaks."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _UNREAD:
                continue  # comments and processing instructions have no string tag
            if tag == f"{_W}t":
                parts.append(child.text or "")
            elif tag == f"{_W}tab":
                parts.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
            elif tag == f"{_W}noBreakHyphen":
                parts.append("-")
            elif tag == f"{_W}sym":
                parts.append(_symbol(child))
            elif (tag == f"{_W}r" and _hidden(child)) or (
                tag == f"{_W}sdt" and _placeholder(child)
            ):
                continue  # hidden text, a content control's prompt: not on the page
            else:
                walk(child)
                if tag in (f"{_W}p", f"{_W}tr"):
                    parts.append("\n")
                elif tag == f"{_W}tc":  # a cell of a table inside the cell
                    parts.append("\t")

    walk(element)
    return "".join(parts).strip()


#: Characters of the Symbol font that tables use, by their code in the font.
_SYMBOL_FONT: Final = {0xB3: "≥", 0xA3: "≤", 0xB9: "≠", 0xB1: "±", 0xB4: "×", 0xB8: "÷", 0xB0: "°"}


def _symbol(sym: Any) -> str:
    """The character of a ``w:sym`` (Insert → Symbol): a Unicode code point, or a code
    of the Symbol font in the private range (F0B3 is ≥)."""
    try:
        code = int(sym.get(f"{_W}char", ""), 16)
    except ValueError:
        return ""
    if 0xF000 <= code <= 0xF0FF:
        code -= 0xF000
        if "symbol" in sym.get(f"{_W}font", "").lower() and code in _SYMBOL_FONT:
            return _SYMBOL_FONT[code]
        return chr(code) if 0x20 <= code < 0x7F else ""
    return chr(code) if 0x20 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else ""


def _hidden(run: Any) -> bool:
    """Whether a run is hidden text (``w:vanish``): not on the page."""
    vanish = run.find(f"{_W}rPr/{_W}vanish")
    return vanish is not None and vanish.get(f"{_W}val", "true") not in ("0", "false", "off")


def _word_number(element: Any, path: str, name: str, default: int) -> int:
    found = element.find(path)
    if found is None:
        return default
    value = found.get(f"{_W}val")
    if value is None:
        return default
    if not value.isdigit() or int(value) > MAX_COLUMNS:
        raise DocumentError(
            f"a cell span or offset beyond the limit of {MAX_COLUMNS} columns",
            field=name,
            value=value,
        )
    return int(value)


def _word_grid(table: Any, name: str, above: Sequence[str]) -> Grid:
    """The grid of a Word table, read from its XML: rows and cells inside content controls
    and custom XML included, tracked row and cell deletions left out, horizontal spans
    (``w:gridSpan``, ``w:gridBefore``) and vertical merges (``w:vMerge``) as merged ranges."""
    rows = [
        row
        for row in _word_parts(table, "tr")
        if row.find(f"{_W}trPr/{_W}del") is None  # a row deleted with changes tracked
    ]
    check_size(name, len(rows), 0)
    ranges: list[list[int]] = []  # first row, first column, last row, last column
    texts: list[str] = []
    going_on: set[int] = set()  # ranges that go on from a merged cell of a table above
    width = 0
    reaching: dict[tuple[int, int], int] = {}  # (columns) → the range that ends on the row above
    for r, row in enumerate(rows):
        column = _word_number(row, f"{_W}trPr/{_W}gridBefore", name, 0)
        now: dict[tuple[int, int], int] = {}
        for cell in _word_parts(row, "tc"):
            if cell.find(f"{_W}tcPr/{_W}cellDel") is not None:
                continue  # a cell deleted with changes tracked
            span = max(1, _word_number(cell, f"{_W}tcPr/{_W}gridSpan", name, 1))
            check_size(name, len(rows), column + span)
            merge = cell.find(f"{_W}tcPr/{_W}vMerge")
            key = (column, column + span)
            continued = merge is not None and merge.get(f"{_W}val", "continue") == "continue"
            if continued and key in reaching:
                index = reaching[key]
                ranges[index][2] = r
            else:
                index = len(ranges)
                ranges.append([r, column, r, column + span - 1])
                texts.append("" if continued else _word_text(cell))
                if continued and r == 0:
                    going_on.add(index)
            now[key] = index
            column += span
        width = max(width, column)
        reaching = now
    cells = [[""] * width for _ in rows]
    merged = []
    for (r0, c0, r1, c1), text in zip(ranges, texts, strict=True):
        cells[r0][c0] = text
        if (r0, c0) != (r1, c1):
            merged.append((r0, c0, r1, c1))
    grid = Grid.from_rows(name, cells, merged=merged, kind="table", above=above)
    continued = tuple(
        (r0, c0, r1, c1) for i, (r0, c0, r1, c1) in enumerate(ranges) if i in going_on
    )
    return attrs.evolve(grid, continued=continued) if continued else grid


def _xls(data: bytes, name: str) -> tuple[list[_Sheet], dict[str, Any]]:
    try:
        import xlrd  # type: ignore[import-untyped]
    except ImportError:
        raise _missing(".xls", "xls") from None
    try:
        # ragged rows: a damaged sheet's one cell far out costs that row, not a padding
        # of every row to its column (34284 × 32738 cells before the size is checked)
        book = xlrd.open_workbook(
            file_contents=data,
            formatting_info=True,
            on_demand=True,
            ragged_rows=True,
            logfile=io.StringIO(),
        )
    except Exception as error:  # xlrd raises many kinds on damaged files
        first = (str(error).splitlines() or [type(error).__name__])[0]
        if "workbook" in first.lower() and "ole2" in first.lower():
            raise DocumentError(
                "this is an OLE2 compound file without a workbook (an old Word .doc?)" + _EXPORT,
                field=name,
            ) from None
        raise DocumentError(f"not a readable .xls workbook: {first}", field=name) from None
    sheets: list[_Sheet] = []
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            check_size(sheet.name, sheet.nrows, sheet.ncols)
            cells: dict[tuple[int, int], str] = {}
            for r in range(sheet.nrows):
                for c in range(sheet.row_len(r)):
                    text = _xls_text(book, sheet, r, c, xlrd)
                    if text:
                        cells[(r, c)] = text
            merged = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells]
            sheets.append(
                _Sheet(Grid.from_cells(sheet.name, cells, merged=merged), sheet.visibility != 0)
            )
    except DocumentError:
        raise
    except Exception as error:
        first = (str(error).splitlines() or [type(error).__name__])[0]
        raise DocumentError(f"not a readable .xls workbook: {first}", field=name) from None
    return sheets, {}


def _xls_text(book: Any, sheet: Any, r: int, c: int, xlrd: Any) -> str:
    cell = sheet.cell(r, c)
    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if kind == xlrd.XL_CELL_TEXT:
        return str(cell.value).strip()
    if kind == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    if kind == xlrd.XL_CELL_ERROR:
        return str(xlrd.error_text_from_code.get(cell.value, "#ERROR"))
    if kind == xlrd.XL_CELL_DATE:
        return _shown_date(xlrd.xldate_as_datetime(cell.value, book.datemode))
    if not math.isfinite(cell.value):
        raise _not_finite(f"{sheet.name}!{column_letter(c)}{r + 1}", cell.value)
    xf = book.xf_list[sheet.cell_xf_index(r, c)]
    fmt = book.format_map.get(xf.format_key)
    return shown_number(Decimal(repr(float(cell.value))), fmt.format_str if fmt else "General")


def _xml2003(data: bytes, name: str) -> tuple[list[_Sheet], dict[str, Any]]:
    try:
        from defusedxml import DefusedXmlException
        from defusedxml.ElementTree import ParseError, fromstring
    except ImportError:
        raise _missing("SpreadsheetML 2003", "xls") from None
    try:
        root = fromstring(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError, LookupError) as error:
        # LookupError: an XML declaration naming an encoding Python does not know
        raise DocumentError(
            f"not a readable SpreadsheetML 2003 file: {error}", field=name
        ) from None
    ss = f"{{{_SS}}}"
    formats: dict[str, str] = {}
    for style in root.iter(f"{ss}Style"):
        number = style.find(f"{ss}NumberFormat")
        if number is not None:
            formats[style.get(f"{ss}ID", "")] = _xml_format(number.get(f"{ss}Format", "General"))
    sheets: list[_Sheet] = []
    for sheet in root.findall(f"{ss}Worksheet"):
        title = sheet.get(f"{ss}Name", f"Sheet{len(sheets) + 1}")
        visible = sheet.find(f"{{{_XL}}}WorksheetOptions/{{{_XL}}}Visible")
        hidden = visible is not None and (visible.text or "").strip() in (
            "SheetHidden",
            "SheetVeryHidden",
        )
        cells: dict[tuple[int, int], str] = {}
        merged: list[tuple[int, int, int, int]] = []
        notes: list[str] = []
        table = sheet.find(f"{ss}Table")
        r = -1
        for row in table.findall(f"{ss}Row") if table is not None else ():
            r = _index(row.get(f"{ss}Index"), r, title, MAX_ROWS)
            c = -1
            for cell in row.findall(f"{ss}Cell"):
                c = _index(cell.get(f"{ss}Index"), c, title, MAX_COLUMNS)
                across = _count(cell.get(f"{ss}MergeAcross"), title)
                down = _count(cell.get(f"{ss}MergeDown"), title)
                check_size(title, r + down + 1, c + across + 1)
                if across or down:
                    merged.append((r, c, r + down, c + across))
                value = cell.find(f"{ss}Data")
                formula = cell.get(f"{ss}Formula")
                if value is None:
                    if formula:
                        notes.append(
                            f"{title}!{column_letter(c)}{r + 1}: the formula {formula} has no "
                            "saved value; the cell is read as blank."
                        )
                else:
                    text = _xml_text(value, formats.get(cell.get(f"{ss}StyleID", ""), "General"))
                    if text:
                        cells[(r, c)] = text
                c += across
        sheets.append(
            _Sheet(Grid.from_cells(title, cells, merged=merged, notes=notes), hidden=hidden)
        )
    return sheets, {}


def _xml_format(name: str) -> str:
    named = {
        "Percent": "0.00%",
        "Fixed": "0.00",
        "Standard": "#,##0.00",
        "General Number": "General",
    }
    return named.get(name, name)


def _index(value: str | None, last: int, title: str, limit: int) -> int:
    if value is None:
        return last + 1
    index = _whole(value, title, "a row or cell index")
    if not 0 < index <= limit:
        raise DocumentError(
            f"a row or cell index beyond the limit of {limit}", field=title, value=value
        )
    return index - 1


def _count(value: str | None, title: str) -> int:
    if value is None:
        return 0
    count = _whole(value, title, "a merged range")
    if count > MAX_ROWS:
        raise DocumentError("a merged range beyond the limits", field=title, value=value)
    return count


def _whole(value: str, title: str, what: str) -> int:
    """*value* as a whole number of ASCII digits (``isdigit`` alone takes "²", which
    ``int`` refuses; more than nine digits is beyond any sheet's size)."""
    if not (value.isascii() and value.isdigit()):
        raise DocumentError(f"{what} that is not a whole number", field=title, value=value)
    if len(value) > 9:
        raise DocumentError(f"{what} beyond the limits", field=title, value=value)
    return int(value)


def _xml_text(data: Any, number_format: str) -> str:
    kind = data.get(f"{{{_SS}}}Type", "String")
    text = "".join(data.itertext()).strip()
    if kind == "Number":
        number = _decimal(text)
        return text if number is None else shown_number(number, number_format)
    if kind == "DateTime":
        try:
            return _shown_date(datetime.fromisoformat(text[:19]))
        except ValueError:
            return text
    if kind == "Boolean":
        return "TRUE" if text == "1" else "FALSE"
    return text


def _html(data: bytes, name: str) -> tuple[list[_Sheet], dict[str, Any]]:
    from perfeval.web import html_tables

    return [_Sheet(grid) for grid in stack(html_tables(data, name), name)], {}


def _pdf(data: bytes, name: str) -> tuple[list[_Sheet], dict[str, Any]]:
    from perfeval.pdf import pdf_tables

    return [_Sheet(grid) for grid in stack(pdf_tables(data, name), name)], {}


_ADAPTERS: Final[dict[str, Callable[[bytes, str], tuple[list[_Sheet], dict[str, Any]]]]] = {
    "xlsx": _xlsx,
    "docx": _docx,
    "xls": _xls,
    "xml2003": _xml2003,
    "html": _html,
    "pdf": _pdf,
}


# Reading --------------------------------------------------------------------------------


def _bytes(source: Source) -> tuple[str, bytes]:
    if isinstance(source, bytes):
        return "<bytes>", source
    if isinstance(source, str | Path):
        # a regular file only (a FIFO or a device is refused before it is opened), read
        # with a cap
        name = str(source)
        return name, read_source(name, limits=Limits(max_workbook_bytes=MAX_BYTES), workbook=True)
    data = source.read(MAX_BYTES + 1)
    if not isinstance(data, bytes):
        raise DocumentError("expected a binary file (opened with 'rb')", field="<file>")
    if len(data) > MAX_BYTES:
        raise DocumentError(f"the file is larger than {MAX_BYTES // 2**20} MiB", field="<file>")
    return str(getattr(source, "name", "<file>")), data


@attrs.frozen(kw_only=True)
class FileTables:
    """What :func:`read_file_tables` finds in a file: every 自评表 it reads, and every
    sheet, Word table or part of one it looked at and did not read, with the reason."""

    tables: tuple[FoundTable, ...]
    skipped: tuple[SkippedTable, ...]


@private_context
def read_tables(source: Source, *, sheet: str | int | None = None) -> tuple[FoundTable, ...]:
    """Every 自评表 in *source* (a path, bytes or a binary file), in order.

    Workbooks: every visible sheet holding a table (hidden sheets are skipped); *sheet*
    picks one by name or by 0-based index among the visible sheets. Word documents: every
    table holding a 自评表, a table continued in the next Word table (split across a
    page) read as one; *sheet* picks ``"table N"`` or a 0-based index. Web pages and
    PDFs: every data table (:mod:`perfeval.web`) or ruled table (:mod:`perfeval.pdf`), a
    table continued on the next page read as one; *sheet* picks ``"table N"`` or
    ``"page P, table T"``. Tables headed 三级指标 that are not 自评表 (a report's
    指标完成情况) are skipped, and each table's notes name them; :func:`read_file_tables`
    also lists them. A JSON document (``perfeval.self-evaluation/1``) is handed to
    :mod:`perfeval.document`.
    :class:`DocumentError` when the format is not one perfeval reads, when a table cannot
    be read without guessing (naming the cell), or when no table is found (naming what
    was looked at).
    """
    return read_file_tables(source, sheet=sheet).tables


@private_context
def read_file_tables(source: Source, *, sheet: str | int | None = None) -> FileTables:
    """Every 自评表 in *source*, as :func:`read_tables` reads them, with what was not
    read: hidden sheets, sheets and Word tables with no cell headed 三级指标 (a cover
    sheet, the 项目资金到位情况 summary, a 整改台账), and tables headed 三级指标 that are
    not 自评表 (no 分值 or 得分 column: an indicator list such as 指标完成情况; scores but
    no target or actual column: a scoring sheet)."""
    grids = read_file_grids(source, sheet=sheet)
    if grids.document is not None:
        table = table_from_mapping(grids.document)
        found = FoundTable(name="document", document=grids.document, cells={}, table=table)
        return FileTables(tables=(found,), skipped=())
    tables: list[FoundTable] = []
    skipped = list(grids.skipped)
    for grid in grids.grids:
        read = read_grid(grid)
        tables += read.found
        skipped += read.skipped
        if not read.found and not read.skipped:
            skipped.append(SkippedTable(name=grid.name, reason="no cell headed 三级指标"))
    if not tables:
        where = f"sheet {sheet!r}" if sheet is not None else "any visible sheet or table"
        looked = "; ".join(f"{item.cell or item.name}: {item.reason}" for item in skipped)
        raise DocumentError(
            f"no 自评表 found in {where}; looked at {looked or 'no sheet or table'}",
            field=grids.name,
        )
    return FileTables(tables=grids.finish(tables, skipped), skipped=tuple(skipped))


@attrs.frozen(kw_only=True)
class FileGrids:
    """What :func:`read_file_grids` finds in a file before anything is looked for in it."""

    name: str
    """The file's name, as errors name it."""
    grids: tuple[Grid, ...] = ()
    """The printed cells of every visible (or chosen) sheet or Word table."""
    skipped: tuple[SkippedTable, ...] = ()
    """The hidden sheets passed over."""
    meta: dict[str, Any] = attrs.field(factory=dict)
    """What perfeval's hidden sheet (or a .docx's custom properties) keeps."""
    document: dict[str, Any] | None = None
    """A JSON document, parsed (it holds no grid)."""

    def finish(
        self, tables: Sequence[FoundTable], skipped: Sequence[SkippedTable]
    ) -> tuple[FoundTable, ...]:
        """*tables* read from :attr:`grids`, with what :attr:`meta` keeps and notes that
        name the parts of the file *skipped* (those read from a cell)."""
        notes = [f"{item.cell}: {item.name} skipped: {item.reason}." for item in skipped
                 if item.cell]  # fmt: skip
        if not self.meta and not notes:
            return tuple(tables)
        return tuple(_with_meta(item, self.meta, notes) for item in tables)

    def kept(self, found: FoundTable) -> FoundTable:
        """*found* (a table inside another form, a department form's) with what
        :attr:`meta` keeps: its policy, declared level-1 weights and notes."""
        return _with_meta(found, self.meta, ()) if self.meta else found

    @property
    def kept_notes(self) -> tuple[str, ...]:
        """The notes :attr:`meta` keeps (of a form that is not a table: a rubric's)."""
        return tuple(self.meta.get("notes") or ())


@private_context
def read_file_grids(source: Source, *, sheet: str | int | None = None) -> FileGrids:
    """The printed cells of every visible sheet or Word table of *source* (a Word table
    continued in the next one joined to it), as :func:`read_file_tables` sees them before
    it looks for 自评表, with what perfeval's own hidden sheet keeps: the door of
    :func:`perfeval.kinds.read_forms` to every form. A JSON document is parsed, not
    read as grids."""
    name, data = _bytes(source)
    kind = sniff(data, name)
    if kind == "json":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DocumentError("a JSON document that is not UTF-8 text", field=name) from None
        mapping = parse_json(text)
        if not isinstance(mapping, dict):
            raise DocumentError("expected an object", field=name, value=type(mapping).__name__)
        return FileGrids(name=name, document=mapping)
    sheets, meta = _ADAPTERS[kind](data, name)
    hidden = [
        SkippedTable(name=item.grid.name, reason="a hidden sheet")
        for item in sheets
        if item.hidden and sheet is None
    ]
    chosen = _choose(sheets, sheet, name)
    return FileGrids(
        name=name, grids=tuple(item.grid for item in chosen), skipped=tuple(hidden), meta=meta
    )


@private_context
def read_grids(source: Source, *, sheet: str | int | None = None) -> tuple[Grid, ...]:
    """The printed cells of every visible sheet or Word table of *source*, as
    :func:`read_file_grids` gives them. A JSON document holds no grid:
    :class:`DocumentError`."""
    grids = read_file_grids(source, sheet=sheet)
    if grids.document is not None:
        raise DocumentError("a JSON document holds no printed grid", field=grids.name)
    return grids.grids


def _choose(sheets: list[_Sheet], sheet: str | int | None, name: str) -> list[_Sheet]:
    if sheet is None:
        return [item for item in sheets if not item.hidden]
    if isinstance(sheet, int) and not isinstance(sheet, bool):
        visible = [item for item in sheets if not item.hidden]
        if not 0 <= sheet < len(visible):
            raise DocumentError(
                f"no sheet number {sheet}: there are {len(visible)} (counted from 0)", field=name
            )
        return [visible[sheet]]
    for item in sheets:
        if item.grid.name == sheet:
            return [item]
    names = ", ".join(item.grid.name for item in sheets)
    raise DocumentError(f"no such sheet; sheets: {names}", field=name, value=sheet)


def _with_meta(found: FoundTable, meta: dict[str, Any], skipped: Sequence[str]) -> FoundTable:
    """*found* with what perfeval's hidden sheet keeps, and the notes that name the tables
    of its file that were skipped."""
    document = dict(found.document)
    if meta.get("policy"):
        document["policy"] = meta["policy"]
    if meta.get("level1_weights"):
        document["level1_weights"] = meta["level1_weights"]
    notes = [*(meta.get("notes") or ()), *(document.get("notes") or ()), *skipped]
    if notes:
        document["notes"] = notes
    return attrs.evolve(found, document=document, table=table_of(document, found.cells))
