"""Fuzzing: random, mutated and hostile input into every entry point; only perfeval's own
errors may escape, within a time bound per input.

Run ``python -m perfeval.testing.fuzz --count 100000 --workers 4`` (``--entry NAME`` for
one entry point, ``--seed`` to vary, ``--timeout`` for the hang bound). Each entry point
gets *count* inputs: mutations of real printed cells, of the seed documents (JSON and
TOML), of document objects, of serialized objects, of policy files and of database rows
(odd values and wrong types among them), plus hostile shapes (deep nesting, huge
exponents, long digit runs). Every door that reads a file is fuzzed from real files:

- .xlsx and .docx: what perfeval writes (:mod:`perfeval.spreadsheet`,
  :func:`perfeval.forms.write_docx`), and the other forms (a rubric, a score-coefficient
  table, a department form) built as the tests build them. The XML of their parts is
  mutated and re-zipped, so the change reaches the reader rather than :mod:`zipfile`;
  now and then the package's bytes, a part packed as a small decompression bomb, or
  thousands of parts;
- .xls: a BIFF8 workbook kept in this module (perfeval writes none), its records changed
  in place so the OLE2 container stays whole;
- SpreadsheetML 2003, web pages (and MHTML) and text PDFs: written here from the
  official form of the seed tables (the PDF by hand, uncompressed, so a mutation of its
  text reaches the page's drawing), mutated as text.

Each format has its hostile shapes: merged ranges and spans over the whole sheet, cells
at the last row, nesting thousands deep, entities, huge numbers in number cells. Every
file or row set that yields tables is then scored and audited. Input *i*
of an entry point is drawn from its own random generator (seed, entry point, *i*), so any
input can be drawn again with :func:`replay`.

Inputs run in batches in worker processes. A worker that stays on one input longer than
*timeout* seconds is killed and the input reported as a hang; the rest of its batch goes to
a fresh worker. An input that raises anything but a
:class:`~perfeval.errors.PerfevalError` is a *foreign exception*: the first few are printed
with their traceback (and saved with ``--save DIR``). The report gives, per entry point,
the inputs tried, foreign exceptions, hangs and the peak memory (maximum resident set size)
of its workers. The exit code is 1 when there was a foreign exception or a hang.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import copy
import datetime
import functools
import html
import importlib.util
import io
import json
import logging
import multiprocessing
import os
import queue
import random
import re
import resource
import struct
import sys
import tempfile
import time
import traceback
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal
from xml.sax.saxutils import escape

import attrs

from perfeval.audit import audit
from perfeval.errors import DocumentError, PerfevalError
from perfeval.layout import Span
from perfeval.seed import SEED_NAMES, seed_document, seed_tables

if TYPE_CHECKING:
    from perfeval.table import Table

__all__ = ["ENTRY_POINTS", "FuzzResult", "fuzz", "main", "replay"]

_CELLS = (
    "≥50个", "≤60万元", "200", "100%", "≥90%", "≥95%", "2023年12月之前完成", "9月前",
    "12月底前", "效果明显", "达成预期指标", "部分达成", "未达成", "不少于1,000人次",
    "10万元以内", "95%以上", "按时完成", "无", "-", "", "１２３个", "300元/人*月", "≤0.5亿元",
    "2023.12", "大于等于90%", "＞80", "1-2项", "2023-12-31前",
)  # fmt: skip
_ALPHABET = (
    "0123456789.,-+%％≥≤<>=＞＜＝年月日前底个项万元亿人次天/*· 　\t\n达成未完部分效果明显无"
    "eE∞NaN\"'{}[]:"
)
#: Hostile fragments: huge exponents and digit runs, deep nesting, odd digits, surrogates.
_HOSTILE = (
    "1e400000000", "1e999999999999999999", "9" * 5000, "[" * 3000, "{\"a\":" * 3000, "፩",
    "²⁰²³", "\ud800", "\x00", "1E-13", "-0", "1e-400000", "0." + "0" * 400 + "1",
)  # fmt: skip


def _mutate(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        position = rng.randint(0, len(chars))
        if op < 0.4 or not chars:
            chars.insert(position, rng.choice(_ALPHABET))
        elif op < 0.7:
            del chars[min(position, len(chars) - 1)]
        elif op < 0.8:
            chars[min(position, len(chars) - 1)] = rng.choice(_ALPHABET)
        elif op < 0.88:
            chars.insert(position, rng.choice("0.9") * rng.randint(1, 30))
        elif op < 0.97:
            chars.insert(position, chr(rng.randint(0x20, 0x2FFF)))
        else:
            chars.insert(position, rng.choice(_HOSTILE))
    return "".join(chars)


def _text(rng: random.Random) -> str:
    choice = rng.random()
    if choice < 0.7:
        return _mutate(rng.choice(_CELLS), rng)
    if choice < 0.9:
        return "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 16)))
    if choice < 0.97:
        return "".join(chr(rng.randint(0, 0x10FFFF) % 0xD800) for _ in range(rng.randint(0, 8)))
    return rng.choice(_HOSTILE)


_ODD_VALUES: tuple[Any, ...] = (
    None, "", "/", "——", "无", "abc", "-1", "1e999", "1E+400", "NaN", "Infinity", 0, -5,
    10**30, True, 1.5, [], {}, [1], {"a": 1}, "８６．３２％", "１,２３４", "0.000000001",
    "፩", "²⁰²³", "9" * 5000, 10**5000, "\ud800", {"direction": "定性", "value": "无"},
    {"direction": "x", "value": "5"},
)  # fmt: skip


def _paths(node: Any) -> list[tuple[Any, ...]]:
    """Every path into *node*, without recursion (a mutated document may be deep)."""
    found: list[tuple[Any, ...]] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(node, ())]
    while stack:
        value, prefix = stack.pop()
        found.append(prefix)
        if isinstance(value, dict):
            stack.extend((item, (*prefix, key)) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, (*prefix, index)) for index, item in enumerate(value))
    return found


def _nested(rng: random.Random) -> Any:
    value: Any = "x"
    for _ in range(rng.choice((40, 400, 4000))):
        value = [value] if rng.random() < 0.5 else {"a": value}
    return value


def _mutated_document(base: dict[str, Any], rng: random.Random) -> Any:
    document = copy.deepcopy(base)
    for _ in range(rng.randint(1, 3)):
        paths = _paths(document)
        path = rng.choice(paths[1:]) if len(paths) > 1 else ()
        if not path:
            return copy.deepcopy(rng.choice(_ODD_VALUES))
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        value = copy.deepcopy(rng.choice(_ODD_VALUES))  # shared values would make cycles
        if rng.random() < 0.3 and isinstance(parent[path[-1]], str):
            value = _mutate(parent[path[-1]], rng)
        if rng.random() < 0.1 and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = value
    if rng.random() < 0.02 and isinstance(document, dict):  # last: too deep to copy or walk
        document[rng.choice([*document, "indicators"])] = _nested(rng)
    return document


def _cut(text: str, rng: random.Random) -> str:
    """*text* with a window of up to 40 characters mutated."""
    start = rng.randint(0, max(len(text) - 1, 0))
    return text[:start] + _mutate(text[start : start + 40], rng) + text[start + 40 :]


# Printed forms: the corpora of the file readers ----------------------------------------


@attrs.frozen
class _Box:
    """A cell or merged range of a printed form: its rows and columns (0-based,
    inclusive) and its text."""

    top: int
    left: int
    bottom: int
    right: int
    text: str


@attrs.frozen
class _Printed:
    """A form as a clerk prints it: the lines above it, its rows of text with merged
    ranges (0-based, inclusive: top, left, bottom, right) and column widths in points."""

    name: str
    rows: tuple[tuple[str, ...], ...]
    merged: tuple[Span, ...] = ()
    above: tuple[str, ...] = ()
    widths: tuple[float, ...] = ()

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def cells(self) -> Iterator[_Box]:
        """Each cell a person sees (a merged range once, with the text of its first
        cell)."""
        starts = {(top, left): (bottom, right) for top, left, bottom, right in self.merged}
        covered = {
            (r, c)
            for top, left, bottom, right in self.merged
            for r in range(top, bottom + 1)
            for c in range(left, right + 1)
        }
        for r, row in enumerate(self.rows):
            for c in range(self.width):
                if (r, c) in covered and (r, c) not in starts:
                    continue
                bottom, right = starts.get((r, c), (r, c))
                yield _Box(r, c, bottom, right, row[c] if c < len(row) else "")


def _official(table: Table, name: str, *, scored: bool) -> _Printed:
    """*table* as the official form perfeval writes."""
    from perfeval.forms import official_form
    from perfeval.table import score_table

    form = official_form(table, scorecard=score_table(table) if scored else None)
    rows = [[""] * len(form.widths) for _ in range(form.rows)]
    merged: list[Span] = []
    for cell in form.cells:
        rows[cell.row - 1][cell.col - 1] = cell.shown
        if (cell.to_row, cell.to_col) != (cell.row, cell.col):
            merged.append((cell.row - 1, cell.col - 1, cell.to_row - 1, cell.to_col - 1))
    above = tuple(line for line in (form.annex, form.title, form.year_line, form.unit_line) if line)
    return _Printed(
        name=name,
        rows=tuple(map(tuple, rows)),
        merged=tuple(merged),
        above=above,
        widths=tuple(w * 7.0 for w in form.widths),
    )


#: The other forms, as the tests print them: a rubric (评分表), a score-coefficient table
#: and a department form.
_RUBRIC = _Printed(
    "评分表",
    (
        ("某县农村公路养护项目绩效评价指标体系及评分表",),
        ("一级指标", "二级指标", "三级指标", "分值", "指标解释", "评分标准", "评价情况", "得分"),
        ("项目决策（20分）", "项目立项", "立项依据充分性", "10", "项目立项是否符合规划",
         "依据充分得10分，否则酌情扣分", "依据充分", "10"),
        ("", "绩效目标", "绩效目标合理性", "10", "", "目标明确合理得10分", "目标偏粗", "8"),
        ("项目过程（20分）", "资金管理", "资金到位率", "5", "实际到位资金/计划投入资金",
         "得分=资金到位率×分值", "资金到位率100%", "5"),
        ("", "", "预算执行率", "5", "实际支出/实际到位资金", "预算执行率×分值",
         "预算执行率86.32%", "4.32"),
        ("", "组织实施", "管理制度健全性（可选项）", "10", "", "制度健全得10分", "", "10"),
        ("", "", "制度执行有效性（可选项）", "10", "", "执行有效得10分", "", ""),
        ("项目产出（40分）", "产出数量", "养护里程完成率", "20", "", "完成率×20", "完成率100%",
         "20"),
        ("", "产出质量", "路面优良率", "20", "", "达标得20分", "", "20"),
        ("项目效益（20分）", "社会效益", "群众出行条件改善", "10", "", "明显改善得10分", "", "10"),
        ("", "满意度", "群众满意度", "10", "", "满意度≥90%得10分", "", "10"),
        ("合计", "", "", "100", "", "", "", "97.32"),
    ),
    ((2, 0, 3, 0), (4, 0, 7, 0), (4, 1, 5, 1), (6, 1, 7, 1), (8, 0, 9, 0), (10, 0, 11, 0)),
)  # fmt: skip
_COEFFICIENT = _Printed(
    "系数表",
    (
        ("2023年度项目支出绩效自评表",),
        ("项目名称", "城区道路养护"),
        ("年初预算数", "全年预算数", "全年执行数", "执行率", "执行率权重", "执行率得分"),
        ("100", "120", "108", "90%", "10", "9"),
        ("一级指标", "二级指标", "三级指标", "是否核心指标", "年初指标值", "调整指标值",
         "全年完成值", "指标权重", "得分系数", "指标得分", "未完成原因"),
        ("产出指标", "数量指标", "养护里程", "是", "≥100公里", "≥110公里", "112公里", "30",
         "100%", "30", ""),
        ("", "时效指标", "预算调整率", "否", "10%", "", "8%", "10", "100%", "10", ""),
        ("", "成本指标", "资金结余率", "否", "5%", "", "3%", "15", "100%", "15", ""),
        ("效益指标", "社会效益", "通行满意度", "是", "≥90%", "", "88%", "35", "85%", "29.75",
         "部分路段施工影响通行"),
        ("合计", "", "", "", "", "", "", "90", "", "97.50", ""),
    ),
)  # fmt: skip
_DEPARTMENT = _Printed(
    "部门整体",
    (
        ("2023年度部门整体支出绩效自评表", "", "", "", "", "", "", "", ""),
        ("部门名称", "某市农业农村局", "", "", "", "", "", "", ""),
        ("年度预算申请（万元）", "资金来源", "年初预算数", "全年预算数", "全年执行数", "分值",
         "执行率", "得分", ""),
        ("", "年度资金总额", "1000", "1200", "1140", "10", "95%", "9.5", ""),
        ("", "按收入性质分", "", "", "", "", "", "", ""),
        ("", "其中：财政拨款", "900", "1100", "1045", "", "95%", "", ""),
        ("", "其他资金", "100", "100", "95", "", "95%", "", ""),
        ("", "按支出性质分", "", "", "", "", "", "", ""),
        ("", "其中：基本支出", "600", "700", "700", "", "100%", "9.5", ""),
        ("", "项目支出", "400", "500", "440", "", "88%", "9.5", ""),
        ("年度总体目标", "预期目标", "", "", "", "实际完成情况", "", "", ""),
        ("", "保障机关运转，完成农民培训", "", "", "", "已完成", "", "", ""),
        ("绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值",
         "得分", "偏差原因分析及改进措施"),
        ("", "产出指标", "数量指标", "培训农民人数", "≥1000人", "1200人", "50", "50", ""),
        ("", "效益指标", "社会效益指标", "农民增收", "效果明显", "效果明显", "30", "30", ""),
        ("", "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", "10", "10", ""),
        ("总分", "", "", "", "", "", "100", "99.5", ""),
    ),
    ((2, 0, 9, 0), (10, 0, 11, 0), (12, 0, 15, 0)),
)  # fmt: skip
_PROJECT = _Printed(
    "自评表",
    (
        ("项目名称", "工作经费", "", "", ""),
        ("三级指标", "年度指标值", "实际完成值", "分值", "得分"),
        ("信访接待人数", "200", "535", "15", "15"),
        ("总分", "", "", "15", "15"),
    ),
)
_OTHER_FORMS = (_RUBRIC, _COEFFICIENT, _DEPARTMENT)


def _xlsx_of(forms: Sequence[_Printed]) -> bytes:
    """A workbook with a sheet per form (the lines above it in the first rows)."""
    import openpyxl

    book = openpyxl.Workbook()
    for sheet in book.worksheets:
        book.remove(sheet)
    for form in forms:
        sheet = book.create_sheet(form.name)
        for r, line in enumerate(form.above, start=1):
            sheet.cell(row=r, column=1, value=line)
        skip = len(form.above)
        for box in form.cells():
            if box.text:
                sheet.cell(row=box.top + skip + 1, column=box.left + 1, value=box.text)
            if (box.bottom, box.right) != (box.top, box.left):
                sheet.merge_cells(
                    start_row=box.top + skip + 1,
                    start_column=box.left + 1,
                    end_row=box.bottom + skip + 1,
                    end_column=box.right + 1,
                )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _docx_of(forms: Sequence[_Printed]) -> bytes:
    """A Word document with a table per form, each after the lines above it."""
    import docx

    document = docx.Document()
    for form in forms:
        for line in form.above:
            document.add_paragraph(line)
        table = document.add_table(rows=len(form.rows), cols=form.width)
        for box in form.cells():
            table.cell(box.top, box.left).text = box.text
            if (box.bottom, box.right) != (box.top, box.left):
                table.cell(box.top, box.left).merge(table.cell(box.bottom, box.right))
        document.add_paragraph("")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?%?")


def _xml2003_of(forms: Sequence[_Printed], *, hidden: int | None = None) -> bytes:
    """A SpreadsheetML 2003 workbook (WPS's "XML 2003") with a worksheet per form: plain
    numbers as Number cells (percentages under a percent style), every row and cell at
    its ``ss:Index``; the worksheet *hidden* hidden."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>',
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">',
        '<Styles><Style ss:ID="pct"><NumberFormat ss:Format="0.00%"/></Style>'
        '<Style ss:ID="fixed"><NumberFormat ss:Format="Fixed"/></Style></Styles>',
    ]
    for index, form in enumerate(forms):
        out.append(f'<Worksheet ss:Name="{escape(form.name)}"><Table>')
        skip = len(form.above)
        for r, line in enumerate(form.above, start=1):
            out.append(
                f'<Row ss:Index="{r}"><Cell ss:MergeAcross="{max(form.width - 1, 0)}">'
                f'<Data ss:Type="String">{escape(line)}</Data></Cell></Row>'
            )
        rows: dict[int, list[str]] = {}
        for box in form.cells():
            text = box.text
            spans = ""
            if box.right > box.left:
                spans += f' ss:MergeAcross="{box.right - box.left}"'
            if box.bottom > box.top:
                spans += f' ss:MergeDown="{box.bottom - box.top}"'
            if _PLAIN_NUMBER.fullmatch(text):
                percent = text.endswith("%")
                value = Decimal(text.rstrip("%")) / (100 if percent else 1)
                style = ' ss:StyleID="pct"' if percent else ' ss:StyleID="fixed"' * ("." in text)
                data = f'<Data ss:Type="Number">{value}</Data>'
            else:
                style, data = "", f'<Data ss:Type="String">{escape(text)}</Data>' if text else ""
            rows.setdefault(box.top, []).append(
                f'<Cell ss:Index="{box.left + 1}"{spans}{style}>{data}</Cell>'
            )
        for r, cells in sorted(rows.items()):
            out.append(f'<Row ss:Index="{r + skip + 1}">{"".join(cells)}</Row>')
        out.append("</Table>")
        if index == hidden:
            out.append(
                '<WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel">'
                "<Visible>SheetHidden</Visible></WorksheetOptions>"
            )
        out.append("</Worksheet>")
    out.append("</Workbook>")
    return "\n".join(out).encode("utf-8")


def _html_of(forms: Sequence[_Printed], *, charset: str = "utf-8") -> bytes:
    """A web page with a ``<table>`` per form (rowspan and colspan for its merged
    ranges), each after the lines above it, between a navigation table and a script."""
    body = ['<table class="nav"><tr><td><a href="/">首页</a></td><td>政务公开</td></tr></table>']
    for form in forms:
        body += [f"<p>{html.escape(line)}</p>" for line in form.above]
        body.append('<table border="1">')
        rows: dict[int, list[str]] = {}
        for box in form.cells():
            spans = f' rowspan="{box.bottom - box.top + 1}"' * (box.bottom > box.top)
            spans += f' colspan="{box.right - box.left + 1}"' * (box.right > box.left)
            shown = html.escape(box.text).replace("\n", "<br>")
            rows.setdefault(box.top, []).append(f"<td{spans}>{shown}</td>")
        body += ["<tr>" + "".join(rows.get(r, [])) + "</tr>" for r in range(len(form.rows))]
        body.append("</table>")
    page = (
        f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; '
        f'charset={charset}"><title>绩效自评</title><script>var t="<table>";</script></head>'
        f"<body>{''.join(body)}</body></html>"
    )
    return page.encode(charset, errors="replace")


def _mhtml_of(page: bytes) -> bytes:
    """*page* saved as one file (MHTML), its HTML part in base64."""
    encoded = base64.encodebytes(page).decode("ascii")
    return (
        'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b1"\r\n\r\n'
        '--b1\r\nContent-Type: text/html; charset="utf-8"\r\n'
        f"Content-Transfer-Encoding: base64\r\n\r\n{encoded}\r\n--b1--\r\n"
    ).encode("ascii")


_PAGE_WIDTH, _PAGE_HEIGHT, _MARGIN = 595.0, 842.0, 36.0
_FONT_SIZE, _LEADING = 7.0, 8.5


def _char_width(char: str) -> float:
    return _FONT_SIZE / 2 if ord(char) < 0x2E80 else _FONT_SIZE


def _wrapped(text: str, width: float) -> list[str]:
    """*text* broken into lines of at most *width* points, as a word processor wraps."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for char in paragraph:
            if line and used + _char_width(char) > width:
                lines.append(line)
                line, used = "", 0.0
            line += char
            used += _char_width(char)
        lines.append(line)
    return lines


def _pdf_text(x: float, y: float, text: str) -> str:
    """A line of text at (*x*, *y*) in the CJK font: its characters as UCS-2 codes."""
    codes = "".join(f"{ord(c):04X}" if ord(c) < 0x10000 else "003F" for c in text)
    return f"BT /F1 {_FONT_SIZE:g} Tf {x:.2f} {y:.2f} Td <{codes}> Tj ET"


def _pdf_of(forms: Sequence[_Printed], height: float = _PAGE_HEIGHT) -> bytes:
    """A text PDF of ruled tables, one form after another, A4 wide and *height* high, a
    table going on to the next page where it does not fit. Written by hand, uncompressed
    (so a mutation of the text reaches the page's drawing), in the Adobe-GB1 font every
    PDF reader has (STSong-Light, not embedded)."""
    pages: list[list[str]] = [[]]
    y = height - _MARGIN
    for form in forms:
        scale = (_PAGE_WIDTH - 2 * _MARGIN) / sum(form.widths or (1.0,) * form.width)
        widths = [w * scale for w in form.widths or (1.0,) * form.width]
        lefts = [_MARGIN + sum(widths[:c]) for c in range(len(widths) + 1)]
        cells = list(form.cells())
        heights = [12.0] * len(form.rows)
        for box in sorted(cells, key=lambda box: box.bottom - box.top):
            width = lefts[box.right + 1] - lefts[box.left] - 4
            need = len(_wrapped(box.text, width)) * _LEADING + 4
            have = sum(heights[box.top : box.bottom + 1])
            heights[box.bottom] += max(need - have, 0.0)
        for line in form.above:
            pages[-1].append(_pdf_text(_MARGIN, y - _FONT_SIZE, line))
            y -= _LEADING + 4
        tops: dict[int, tuple[int, float]] = {}  # row: page, top
        for r, row_height in enumerate(heights):
            if y - row_height < _MARGIN:
                pages.append([])
                y = height - _MARGIN
            tops[r] = (len(pages) - 1, y)
            y -= row_height
        for box in cells:
            page, upper = tops[box.top]
            lower_page, lower = tops[box.bottom]
            lower -= heights[box.bottom]
            if lower_page != page:  # a range cut by the page edge: drawn on its first page
                lower = _MARGIN
            x, width = lefts[box.left], lefts[box.right + 1] - lefts[box.left]
            pages[page].append(f"{x:.2f} {lower:.2f} {width:.2f} {upper - lower:.2f} re S")
            lines = _wrapped(box.text, width - 4)
            for number, line in enumerate(lines):
                at = upper - 2 - _FONT_SIZE - number * _LEADING
                if line and at > lower:
                    pages[page].append(_pdf_text(x + 2, at, line))
        y -= 2 * _LEADING
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [{kids}] /Count {count} >>",
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        "/DescendantFonts [4 0 R] >>",
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
        "<< /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 5 0 R "
        "/DW 1000 /W [1 95 500] >>",
        "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox "
        "[-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 "
        "/StemV 93 >>",
    ]
    kids = []
    for drawing in pages:
        stream = "0.5 w\n" + "\n".join(drawing)
        objects.append(f"<< /Length {len(stream.encode('ascii'))} >>\nstream\n{stream}\nendstream")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_PAGE_WIDTH:g} {height:g}] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = objects[1].format(kids=" ".join(kids), count=len(kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("ascii"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii"))
    out.write("".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode("ascii"))
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode(
            "ascii"
        )
    )
    return out.getvalue()


# A BIFF8 workbook (Excel 97-2003 .xls) of a road-maintenance 自评表: perfeval writes no
# .xls and no writer is a dependency, so this one (made by LibreOffice from the .xlsx the
# tests build, tests/fixtures/files/road.xls) is kept here, zlib-compressed, base85.
# fmt: off
_ROAD_XLS = (
    "c-rk53v3kEao+Cj-tPI%cm7};2aHQYFkpy*Kum3HCx(`^<m@{GO$#ypWPLWi*cNtBfQFcaC@9#qUDSXo+6dK<sFj*lRa"
    "&Vn0n}ECA}UCuMCvE1L82l}1#Z=*f)=hbv+ve-&Vp<bRZZ)++I?^4&F9UVd9!cdo;#a0dh`bc=V3xA2NiB4Owdzs0`Fi"
    "F2m$yd?nWY!NTL(d<r7t|%UVU>dGOZoCZBupHt;s__Til&{Y-bJY=>k$T|T)b3SD^hLJ_QmPOP`XPMAu`!-z?hHyNHAl"
    "cbw$nbv>%`b`5@v97^S17~Q-^V&ZT3Vh#l8lM0c@ZJL5lpAWA;w?r0sqz4ip-IpfPT@;tHMRsCL2M?x!q}hjb2Vh!hEz"
    "jQnS4t<tW@*Z2lzRcpP4}XKW3iaGG-|h!tXiD4be+X5#SXy&;)U4hh|&{?MP7ouhaZK#T1ks#r@nvR3ELkG)*_YPDPm4"
    "VHd8%dZg)u9&FXX=iv*CsewX|A4VuIf6nT(wl~EKJzh9QtflitAs3~Lz~2)^DQ-ShM0k?V_`gjKuS^jS|9AKioIAI9US"
    "!jcO~fy_3BKee_=PvYo33~*IiBL1;EjpnKW5`S<M@LL0)3F6I@G6foz<svo!#f*I;YReb#9-QXyj$|EGB=I_6N9dmSI3"
    "IgL|R3;ZJ*iaiAZC3%pJX18;y00|MTMFVp66EXq3dv3#(19E#jTrrygTV~m#dNgTWZdj%>nPKj!KRzu-mXxkCMHf}$Sn"
    "Rx#LSI@s7;91LAfFz1FFMJR-LF_zydB;80wa9yW)>$;Jw*3Z}Dj13J;T~@=6SV6Qy!W9?Y^;B%wjkjR*F-$Fh`@%iojQ"
    "o7a3oegbY)<7WTY8;%EL!@UmCjfbuWl>v6J;9;ew%ag9itzw_xA5HlMIajA8f1BUc6vgpWoShkw4+uw||pcyribC1wJ3"
    "_BPCp?mK*FcejN=Tco!k4Tv?b-`{PaU3#>lP6a{mb3F(j+Nwu&;y&I$0?Qk}c^J*!5m_8ANR-5S8|DsFS(lnCJCMc~?r"
    "nH$PkfN*JVf(On3|Hiys^Ia@(yns_Ut=6Cq_-3%vk$E|K?EhFB@Nt%mz~f0@@-c>z4w}U_5eW_(&uYBl9j=Weqej{zQI"
    "l*V9)9p6dyO!?j-xm%$2{2TCc;u7~%P8r*^PEUdGWB8ibiu4IwpBFdobL(H`K%wkwT_@zDG79Mo}c+-?k&9;o16?NLUF"
    "%@+gAZqI_Kk{Pz=q5cn6nmq7mG!&9@3fq-kekToHx>`5cC(@mamO3Z4wE-c3Z9q3*CNzoBv#-Q=uta-G&wq??zYYj%b}"
    "26XNEI&;aaffqPxgC4NL{bjiptf+Kj~m4r6ixFe>LE7-}wwrHCXDMLtR*?Jz}=t8g>~0IvYlLW5mry|Kd{>~fdEqK7MY"
    "7Stw*5FB}GX6?1e`u$C@55g$?8=L1hqR!0L%GOoZzKz(tG^9sg8w@q$6y6o~eCf)-s~w}8Hpl10UT*or;0f#EBR*1lzB"
    "AZl&%BXXnxa_eS00T`1Y$>{S2s8HkCSS)dK-bt%NvmmM90I&nt3TD-q|s_%S;p`JT~$t7~{yZq3@qxS@HP02N)pyMQcv"
    "105>>3Oa^ax?61@oV+P*iDSL*j6`!*O3Z-p<{5Xe?V!onHLl)<#5RQCt&8+t?tSqS7%J{zV)C%(`gF=bei#?}33z=gPK"
    "c8mWT&eUK#_i+h-46eys`)AHVy8V;wIHQ^6t^-ajtV%pDyXeQ<ooq!PB)HLC2Ij2vB!WX*=!Kc8}fr)$>eG#KgnuC3CV"
    "Vey+IK{#t9dk;(}9Ma2^+&=7Q5*a9$Uj!GW5NGx@cVj`O+TGF;^OU2p*xTqatlPrwEFV>lfba=~S};IdtG<han~y5RCA"
    "@Lp$YlOg;X<a0dC_|RoCrC>@SDa9=)6{b`qrE&{Ol_^z8sosLp!<6(Ciq08(hQuq_(pW++LaHmb#@xE()*Nn)xxLIykj"
    "?FpeHyk6hevmKyev1#W2ETOS&xtV{FD^sC{)?&K_5^w*^q{i-+^?50uJOwDAR!qgn|xaA{3JPy{wV^a-AWvCrggm%l4e"
    "WU7!~=2jOc1oaZ)vF64FG!R@;_Vo0WuCevV<*;1w<W#(hcO{UHg%rprmOURKDOqM`YzBDQyQ{_r3A5#%NLsHrJ499mFO"
    "rIy`I>Yh2CVR<WGo4<q6Az@>pQhQ*lJX_3e}W`GOS;49^`=EufDbMTq;CQ!F%Rx^AO)dW4x}P9+kwd6g$|VJ?*RKd<Ur"
    ")_ITFfbDMb!M5%nntqKKL+p&;A%X$PW_-Q_?uvUv`qO8@Us2qM2;5XnB0Ip3kw@uts%6BrRe9CZ+)e3TpI_c3`W#CnN3"
    "#5xy9-Vp0t=s>ADL#%U?NcL$6En+SCKskOUv~Yw~Lh@<r%5rpNv91y+J&ScMb|BKVMC!_N;@0jX`|fcl$-Yu)Ul!Y!s*"
    "`B4+2czkM>gwS=0K!(xdV}}?sXvY)d~k9|F4vqvRTuvl$o??$n*C}jvUro=0K!(l>?F9&p1%(+~%;o+eET2b#8NbZhM?"
    "uU_Wi`_CBMW<37Y+jpJEW<5B1GsO`1iDw2G8%vT}TOWuSWn8#UlwOq}4PFBt16;LTH$m6V9<xrUjU4&orI^&}ze*XYx7"
    "KLk--y$a3%I^rS6@=|As^D5doc&>@^V19TQ^Lpnlz$bJ;pH5v^4B8OChJgTeo`@$*uN?=IR9u|Q%>`97SXsSILNUHI7h"
    "ksIhe=uqH?XV@5x3J{tR`r8pqbz`@%6pez%etxGu*^*(;v0V#b?eA(ulq1$@j$JY;R9k_|u7L4Lzl@IDVP^8|U0k_xcI"
    "@S`_oqzV$rgFoNY&kjY(xqj;TKf%fK|LHUS|J@?cyQ<GVLk<~=eIR6q#%Jl3_)vSx_O70;*50DEPqbL^qE+`T-q6%+#p"
    "4!-$ph`Jtz{qO>{{3-K(}3PB!EAL+~Rul*%$wMwYDwv-C+Y3&Hv$VXjvYX|F(o&XcY77WSno2OQ=o$@9G8n>#@&1aDsm"
    "Os21M44!j8<o~~}IvwP<gane~R`%9(lWSQ9R`*z1Ge|+*?k=p*a?I(=#_OISPvgFRt!9!?&$<^<zq4hlhM>glD9KD57Y"
    "+TRD&n`u>zfAU5OIVR}b$@sFCTn|7dsk=r9MSwPU$PXY%YSG2IRF1~{7lFpZalP>`eev{5w&lJ4ru0abWC~t*>W@Ck^j"
    "La!$b6M<|Ok(4eEUix}g@wu<f?=t118BCd>Drlc#DS4%Th^k2W|{{r{)%7DxV-f_iuy?SBlK*!K@&6tuEW2-6Gg*zUZA"
    "tYWEOo5K9le7)}IUxON2cnlUt;MB%bb{qCn{(pJ;|1Xz+1LIO61p"
)
# fmt: on


@attrs.frozen
class _Record:
    """A BIFF record of the Workbook stream: where its header starts (in the stream), its
    type and its length."""

    start: int
    kind: int
    length: int


@attrs.frozen
class _Biff:
    """An .xls file, the file offset of each byte of its Workbook stream (the stream's
    sectors need not follow each other) and the stream's records."""

    data: bytes
    offsets: tuple[int, ...]
    records: tuple[_Record, ...]


def _biff(data: bytes) -> _Biff:
    """Find the Workbook stream of the OLE2 file *data* and walk its records (a version
    3 file: 512-byte sectors, the stream in regular sectors)."""
    sector = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    fat_count, directory = struct.unpack_from("<II", data, 0x2C)
    fat: list[int] = []
    for number in struct.unpack_from(f"<{fat_count}I", data, 0x4C):
        fat += struct.unpack_from(f"<{sector // 4}I", data, (number + 1) * sector)

    def chain(first: int) -> list[int]:
        found = []
        while first < 0xFFFFFFF0:
            found.append(first)
            first = fat[first]
        return found

    for number in chain(directory):
        for entry in range(sector // 128):
            at = (number + 1) * sector + entry * 128
            size = struct.unpack_from("<H", data, at + 0x40)[0]
            if data[at : at + max(size - 2, 0)].decode("utf-16-le") == "Workbook":
                first, length = struct.unpack_from("<II", data, at + 0x74)
                offsets = tuple(
                    (part + 1) * sector + i for part in chain(first) for i in range(sector)
                )[:length]
                records = []
                position = 0
                while position + 4 <= length:
                    head = bytes(data[offsets[position + i]] for i in range(4))
                    kind, size = struct.unpack("<HH", head)
                    records.append(_Record(position, kind, size))
                    position += 4 + size
                return _Biff(data, offsets, tuple(records))
    raise ValueError("no Workbook stream")  # the embedded file has one


#: Records that hold what the reader reads: shared strings, string, number, RK, formula
#: and boolean cells, merged ranges, dimensions, rows, formats, cell styles, sheets.
_CELL_RECORDS = (0x00FC, 0x00FD, 0x0203, 0x027E, 0x00BD, 0x0006, 0x0205, 0x00E5, 0x0200,
                 0x0208, 0x041E, 0x00E0, 0x0085, 0x003C)  # fmt: skip
_ODD_WORDS = (0, 1, 0x7FFF, 0x8000, 0xFFFF, 0xFFFE, 255, 256, 16384, 65535)
_ODD_DOUBLES = (float("nan"), float("inf"), -float("inf"), 1e308, -0.0, 5e-324, 1e15 + 0.3)


def _xls_bytes(book: _Biff, rng: random.Random) -> bytes:
    """*book* with a few of its records changed in place (the container stays whole, so
    the change reaches the BIFF reader); now and then a byte anywhere in the file."""
    data = bytearray(book.data)
    if rng.random() < 0.1:
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)

    def put(position: int, values: bytes) -> None:
        for i, value in enumerate(values):
            if position + i < len(book.offsets):
                data[book.offsets[position + i]] = value

    wanted = [item for item in book.records if item.kind in _CELL_RECORDS]
    for _ in range(rng.randint(1, 3)):
        record = rng.choice(wanted if rng.random() < 0.8 else book.records)
        body = record.start + 4
        at = body + rng.randrange(max(record.length, 1))
        choice = rng.random()
        if choice < 0.15:  # the record's length
            put(record.start + 2, struct.pack("<H", rng.choice(_ODD_WORDS)))
        elif choice < 0.2:  # its type
            put(record.start, struct.pack("<H", rng.choice(_CELL_RECORDS)))
        elif choice < 0.5:
            put(at, struct.pack("<H", rng.choice(_ODD_WORDS)))
        elif choice < 0.65 and record.length >= 8:
            put(body + record.length - 8, struct.pack("<d", rng.choice(_ODD_DOUBLES)))
        elif choice < 0.75:
            put(at, struct.pack("<I", rng.choice((0, 0xFFFFFFFF, 0x7FFFFFFF, rng.getrandbits(32)))))
        else:
            put(at, bytes(rng.randrange(256) for _ in range(rng.randint(1, 4))))
    return bytes(data)


# Mutating files: bytes, the XML inside a package, hostile shapes -------------------------


def _flip(data: bytes, rng: random.Random) -> bytes:
    """*data* with a few bytes changed, or cut short."""
    if rng.random() < 0.2:
        return data[: rng.randrange(len(data) + 1)]
    changed = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        changed[rng.randrange(len(changed))] = rng.randrange(256)
    return bytes(changed)


def _nest(open_tag: str, close_tag: str, inner: str, depth: int) -> str:
    return open_tag * depth + inner + close_tag * depth


@attrs.frozen
class _Shape:
    """A hostile shape of a format: what replaces (*make*, from the random generator) one
    place where *pattern* matches the file's text."""

    pattern: str
    make: Callable[[random.Random], str]


_XLSX_SHAPES: tuple[_Shape, ...] = (
    _Shape(r'<mergeCell ref="[^"]*"', lambda rng: '<mergeCell ref="A1:XFD1048576"'),
    _Shape(r'<mergeCell ref="[^"]*"', lambda rng: f'<mergeCell ref="B{rng.randint(1, 50)}:A1"'),
    _Shape(r'<dimension ref="[^"]*"', lambda rng: '<dimension ref="A1:XFD1048576"'),
    _Shape(r'<c r="[A-Z]+[0-9]+"', lambda rng: rng.choice(('<c r="XFD1048576"', '<c r="A0"'))),
    _Shape(r'<row r="[0-9]+"', lambda rng: rng.choice(('<row r="1048576"', '<row r="0"'))),
    _Shape(
        r"<v>[^<]*</v>", lambda rng: "<v>" + rng.choice(("1e308", "NaN", "inf", "9" * 400)) + "</v>"
    ),
    _Shape(r'<c r="([A-Z]+[0-9]+)"', lambda rng: '<c t="n" s="9999" r="C3"'),
    _Shape(r"<t>[^<]*</t>", lambda rng: "<t>" + rng.choice(("表", "9", "≥")) * 32000 + "</t>"),
    _Shape(r"<t>[^<]*</t>", lambda rng: "<t>" + _nest("<x>", "</x>", "9", 3000) + "</t>"),
)
_DOCX_SHAPES: tuple[_Shape, ...] = (
    _Shape(
        r'<w:gridSpan w:val="[0-9]+"/>',
        lambda rng: f'<w:gridSpan w:val="{rng.choice((0, 61, 10**6))}"/>',
    ),
    _Shape(r"<w:tcPr>", lambda rng: f'<w:tcPr><w:gridSpan w:val="{rng.choice((2, 60, 100000))}"/>'),
    _Shape(r"<w:tcPr>", lambda rng: "<w:tcPr><w:vMerge/>"),
    _Shape(r"<w:tcPr>", lambda rng: '<w:tcPr><w:vMerge w:val="restart"/>'),
    _Shape(
        r"<w:gridCol [^>]*/>", lambda rng: '<w:gridCol w:w="99999999999"/>' * rng.choice((1, 5000))
    ),
    _Shape(
        r"<w:tbl>",
        lambda rng: (
            _nest(
                "<w:tbl><w:tr><w:tc>",
                "<w:p/></w:tc></w:tr></w:tbl>",
                "<w:p/>",
                rng.choice((40, 300, 3000)),
            )
            + "<w:p/><w:tbl>"
        ),
    ),
    _Shape(
        r"<w:tr[ >].*?</w:tr>",
        lambda rng: (
            "<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>" * rng.choice((100, 2100))
        ),
    ),
    _Shape(r"<w:t>", lambda rng: "<w:t>" + _nest("<w:r>", "</w:r>", "", 2000)),
    _Shape(r"<w:t>[^<]*</w:t>", lambda rng: "<w:t>" + "信访" * 40000 + "</w:t>"),
    _Shape(r"<w:r>", lambda rng: '<w:r><w:fldChar w:fldCharType="begin"/>'),
    _Shape(
        r"<w:p>",
        lambda rng: _nest("<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>", "", 2000) + "<w:p>",
    ),
)
_XML2003_SHAPES: tuple[_Shape, ...] = (
    _Shape(r'ss:Index="[0-9]+"', lambda rng: f'ss:Index="{rng.choice((0, 61, 2001, 999999999))}"'),
    _Shape(
        r'ss:MergeAcross="[0-9]+"', lambda rng: f'ss:MergeAcross="{rng.choice((59, 60, 16384))}"'
    ),
    _Shape(r"<Cell ", lambda rng: f'<Cell ss:MergeDown="{rng.choice((1999, 2000, 99999))}" '),
    _Shape(r'<Data ss:Type="String">', lambda rng: '<Data ss:Type="Number">'),
    _Shape(
        r'<Data ss:Type="Number">[^<]*',
        lambda rng: (
            '<Data ss:Type="Number">'
            + rng.choice(
                ("1e400000000", "NaN", "-Infinity", "9" * 5000, "1E-999999", "0x10", "1_000", "²")
            )
        ),
    ),
    _Shape(
        r'<Data ss:Type="[A-Za-z]+">',
        lambda rng: (
            '<Data ss:Type="DateTime">'
            + rng.choice(("9999-99-99T", "0000-01-01T00:00:00", "2023-02-30", "x"))
        ),
    ),
    _Shape(
        r'<Data ss:Type="String">',
        lambda rng: '<Data ss:Type="String">' + _nest("<B>", "</B>", "9", rng.choice((100, 3000))),
    ),
    _Shape(r"<\?mso-application[^>]*\?>", lambda rng: '<!DOCTYPE d [<!ENTITY a "aaaa">]>'),
    _Shape(
        r'ss:Format="[^"]*"',
        lambda rng: (
            'ss:Format="'
            + rng.choice(("0." + "0" * 400, "0.00%%%", "[Red]#,##0.00;", "@", "\\", "0" * 5000))
            + '"'
        ),
    ),
    _Shape(r"<Row ", lambda rng: '<Row ss:Index="1" ' * rng.choice((1, 2))),
)
_HTML_SHAPES: tuple[_Shape, ...] = (
    _Shape(r"<td", lambda rng: f'<td colspan="{rng.choice((0, -5, 61, 1000000, "2x", "9" * 40))}"'),
    _Shape(r"<td", lambda rng: f'<td rowspan="{rng.choice((0, -1, 2001, 99999999, "1e9"))}"'),
    _Shape(
        r"<table",
        lambda rng: (
            _nest("<table><tr><td>", "</td></tr></table>", "x", rng.choice((50, 300, 3000)))
            + "<table"
        ),
    ),
    _Shape(
        r"<table",
        lambda rng: "<table><tr><td>x</td></tr></table>" * rng.choice((100, 1001)) + "<table",
    ),
    _Shape(r"<tr>", lambda rng: "<tr><td>1</td></tr>" * rng.choice((100, 2001)) + "<tr>"),
    _Shape(r"<td>[^<]*", lambda rng: "<td>" + "满意度" * 40000),
    _Shape(
        r"charset=[a-z0-9-]+",
        lambda rng: (
            "charset="
            + rng.choice(
                ("utf-7", "x-unknown", "utf-16", "gbk", "utf-32", "hz-gb-2312", "iso-2022-jp")
            )
        ),
    ),
    _Shape(r"<td", lambda rng: '<td style="display:none"'),
    _Shape(r"<br>", lambda rng: "<br>" * 5000),
)
_PDF_SHAPES: tuple[_Shape, ...] = (
    _Shape(r"/Count [0-9]+", lambda rng: f"/Count {rng.choice((0, 201, 10**9))}"),
    _Shape(r"/Length [0-9]+", lambda rng: f"/Length {rng.choice((0, 5, 999999999))}"),
    _Shape(
        r"[0-9.]+ [0-9.]+ [0-9.]+ [0-9.]+ re S",
        lambda rng: rng.choice(
            ("0 0 1e30 1e30 re S", "-5 -5 -1 -1 re S", "0 0 0 0 re S", "10 10 10 10 re S" * 500)
        ),
    ),
    _Shape(  # many characters: within the drawing limit, or far beyond it
        r"<[0-9A-F]+> Tj", lambda rng: "<" + "4E00" * rng.choice((2000, 200_000)) + "> Tj"
    ),
    _Shape(r"/F1 [0-9.]+ Tf", lambda rng: f"/F1 {rng.choice((0, -7, 1e9, 0.001))} Tf"),
    _Shape(r"/W \[[^]]*\]", lambda rng: "/W [" + "[" * 3000 + "]" * 3000 + "]"),
    _Shape(
        r"/MediaBox \[[^]]*\]", lambda rng: rng.choice(("/MediaBox [0 0 0 0]", "/MediaBox [1 2]"))
    ),
    _Shape(r"<< /Type /Page ", lambda rng: "<< " * 3000 + " >>" * 3000 + "<< /Type /Page "),
    _Shape(  # many lines: within the drawing limit, or far beyond it
        r"stream\n", lambda rng: "stream\n" + "0 0 m 1 1 l S\n" * rng.choice((2000, 50_000))
    ),
    _Shape(r"/Kids \[", lambda rng: "/Kids [2 0 R 1 0 R "),
)


_XLSX_PARTS = ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet2.xml")


def _shaped(text: str, shapes: Sequence[_Shape], rng: random.Random) -> str:
    """*text* with one place a random hostile shape's pattern matches replaced."""
    shape = rng.choice(shapes)
    found = list(re.finditer(shape.pattern, text, re.DOTALL))
    if not found:
        return text
    match = rng.choice(found)
    return text[: match.start()] + shape.make(rng) + text[match.end() :]


def _text_file(data: bytes, shapes: Sequence[_Shape], rng: random.Random) -> bytes:
    """A text file (a page, an XML workbook, a PDF) mutated: its text cut and mutated
    in a few windows, a hostile shape put in, or its bytes changed."""
    choice = rng.random()
    if choice < 0.15:
        return _flip(data, rng)
    text = data.decode("latin-1")  # every byte a character: a PDF or GBK page survives
    if choice < 0.45:
        text = _shaped(text, shapes, rng)
    else:
        for _ in range(rng.randint(1, 3)):
            text = _cut(text, rng)
    return text.encode("latin-1", errors="backslashreplace")


def _package_bytes(
    packages: Sequence[bytes], rng: random.Random, parts: Sequence[str], shapes: Sequence[_Shape]
) -> bytes:
    """A zip package (.xlsx, .docx) mutated where its reader reads: the XML of a few of
    its parts cut and mutated and re-zipped (mutating the zip bytes mostly tests
    zipfile), or a hostile shape put in; now and then the package's own bytes, a part
    packed as a (small) decompression bomb, or thousands of parts."""
    data = rng.choice(packages)
    choice = rng.random()
    if choice < 0.08:  # damage the package itself
        return _flip(data, rng)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as old,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")  # a part written twice
        names = [item.filename for item in old.infolist()]
        xml = [name for name in names if name.endswith((".xml", ".rels"))]
        chosen = {*(name for name in parts if name in names), rng.choice(xml)}
        for item in old.infolist():
            part = old.read(item.filename)
            if item.filename in chosen and rng.random() < 0.7:
                text = part.decode("utf-8")
                if choice < 0.35:
                    text = _shaped(text, shapes, rng)
                else:
                    for _ in range(rng.randint(1, 3)):
                        text = _cut(text, rng) if len(text) > 12 else text
                part = text.encode("utf-8", errors="surrogatepass")
            if choice > 0.97 and item.filename in chosen:
                part += b" " * rng.choice((300_000, 3_000_000))  # packs far over the ratio
            new.writestr(item, part, compress_type=rng.choice((zipfile.ZIP_DEFLATED,) * 3 + (0,)))
        if 0.96 < choice <= 0.97:
            for index in range(rng.choice((100, 3000))):
                new.writestr(f"customXml/item{index}.xml", b"<a/>")
        if 0.95 < choice <= 0.96:
            new.writestr(rng.choice(names), b"<a/>")  # a part given twice
    return out.getvalue()


# Database rows and policy files ---------------------------------------------------------

_FUND_FIELDS = {
    "source": "FUND_SOURCE", "initial_budget": "REPLY_AMT", "annual_budget": "CUR_AMT",
    "executed": "YEAR_EXE_AMT", "rate": "EXE_AMT_RATE", "score": "EXE_SCORE",
}  # fmt: skip
_KPI_FIELDS = {
    "level1": "KPI_LV1", "level2": "KPI_LV2", "name": "KPI_LV3", "target": "KPI_VAL",
    "actual": "IND_COMP", "weight": "IND_WEIGHT", "score": "EVAL_SCORE", "note": "DEVI_ANALY",
}  # fmt: skip
_HEADER_FIELDS = {
    "project": "PRO_NAME", "department": "DEPT_NAME", "unit": "AGENCY_NAME",
    "year": "FISCAL_YEAR", "total_score": "TOTAL_SCORE", "grade": "GRADE",
}  # fmt: skip
#: What a database cell may hold besides text: the types drivers return, and wrong ones.
_CELL_VALUES: tuple[Any, ...] = (
    *_ODD_VALUES, 0.1, 86.32, float("nan"), float("inf"), -0.0, 1e308, Decimal("NaN"),
    Decimal("sNaN"), Decimal("-Infinity"), Decimal("1E+999"), Decimal("12.50"), b"12", b"\xff",
    bytearray(b"5"), datetime.date(2023, 12, 31), datetime.datetime(2023, 1, 1, 8, 0),
    datetime.time(12, 0), complex(1, 2), 2**63, -(2**63), "2023", 2023, 2023.0, "P0", "  ",
    "年度资金总额", "其中：当年财政拨款", "100%", "≥95%", "0.98", "98", frozenset({1}),
)  # fmt: skip


@attrs.frozen
class _Rows:
    """The rows of a budget system's tables, and how they are read."""

    funds: list[Any]
    indicators: list[Any]
    projects: list[Any]
    fields: Any  # a perfeval.database.FieldMap
    options: Any  # a perfeval.database.LoadOptions


def _records(code: str, table: Table) -> dict[str, list[dict[str, Any]]]:
    """*table* as the project, fund and indicator rows a budget system stores."""
    from perfeval.document import dump_table

    document = dump_table(table)
    header = {"PRO_CODE": code, **{v: document.get(k) for k, v in _HEADER_FIELDS.items()}}
    funds = [  # the header repeated on every fund row, as a view joining the tables gives
        {**header, **{v: row.get(k) for k, v in _FUND_FIELDS.items()}}
        for row in (document.get("funds") or {}).get("rows", [])
    ]
    indicators = [
        {"PRO_CODE": code, **{v: row.get(k) for k, v in _KPI_FIELDS.items()}}
        for row in document.get("indicators", [])
    ]
    return {"funds": funds, "indicators": indicators, "projects": [header]}


def _mutated_rows(bases: Sequence[dict[str, list[dict[str, Any]]]], rng: random.Random) -> _Rows:
    """Rows of one to three tables, some cells given odd values or wrong types, some
    fields or rows dropped, doubled or not mappings; read with random options."""
    from perfeval.database import FieldMap, LoadOptions

    tables: dict[str, list[Any]] = {"funds": [], "indicators": [], "projects": []}
    wrong: tuple[Any, ...] = (None, "PRO_CODE", 5, [], ("a", 1), {1: 2})
    for base in rng.sample(list(bases), rng.randint(1, len(bases))):
        for key, rows in base.items():
            tables[key] += copy.deepcopy(rows)
    fields = [*list({**_FUND_FIELDS, **_KPI_FIELDS, **_HEADER_FIELDS}.values()), "PRO_CODE"]
    for _ in range(rng.randint(1, 4)):
        rows = tables[rng.choice([key for key, rows in tables.items() if rows] or ["funds"])]
        if not rows:
            continue
        index = rng.randrange(len(rows))
        row = rows[index]
        choice = rng.random()
        if not isinstance(row, dict) or choice < 0.55:
            if isinstance(row, dict):
                row[rng.choice([*fields, "X_" + _text(rng)])] = copy.deepcopy(
                    rng.choice(_CELL_VALUES)
                )
        elif choice < 0.7:
            key = rng.choice(list(row) or ["PRO_CODE"])
            value = row.get(key)
            row[key] = _mutate(value if isinstance(value, str) else rng.choice(_CELLS), rng)
        elif choice < 0.78 and row:
            del row[rng.choice(list(row))]
        elif choice < 0.86:
            rows.insert(rng.randrange(len(rows) + 1), copy.deepcopy(row))
        elif choice < 0.92:
            del rows[index]
        else:
            rows[index] = copy.deepcopy(rng.choice(wrong))
    if rng.random() < 0.5:  # the header fields read from the first fund or indicator row
        tables["projects"] = []
    unit = rng.choice((None, "元", "万元", "亿元", "千元"))
    options = LoadOptions(
        floats=rng.random() < 0.5,
        ratio_actuals=rng.random() < 0.3,
        ratio_rates=rng.random() < 0.3,
        amount_unit=unit,
    )
    printed = rng.random() < 0.5
    names = FieldMap(total_score="TOTAL_SCORE", grade="GRADE") if printed else FieldMap()
    return _Rows(
        funds=tables["funds"],
        indicators=tables["indicators"],
        projects=tables["projects"],
        fields=names,
        options=options,
    )


@attrs.frozen
class _PolicyFile:
    """A policy file: its name's suffix (which says JSON or TOML) and its bytes, and the
    seed table scored under it."""

    suffix: str
    data: bytes
    table: int


@attrs.frozen
class _PolicyTexts:
    """Every shipped policy as TOML and JSON policy files, and as mappings."""

    toml: list[str]
    json: list[str]
    mappings: list[dict[str, Any]]


def _policy_texts() -> _PolicyTexts:
    """Every shipped policy as TOML and JSON policy files (and the shipped files as they
    are), and as mappings."""
    from perfeval.policy import POLICIES, policy_to_mapping
    from perfeval.policy_files import dumps_policy

    policies = [POLICIES[name] for name in POLICIES]
    toml = [dumps_policy(policy) for policy in policies]
    folder = Path(__file__).parent.parent / "data" / "policies"
    toml += [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.toml"))]
    as_json = [dumps_policy(policy, format="json") for policy in policies]
    return _PolicyTexts(
        toml=toml, json=as_json, mappings=[policy_to_mapping(policy) for policy in policies]
    )


def _policy_file(corpus: _Corpus, rng: random.Random) -> _PolicyFile:
    texts = corpus.policies
    toml, as_json = texts.toml, texts.json
    table = rng.randrange(len(corpus.tables))
    choice = rng.random()
    if choice < 0.45:
        return _PolicyFile(".toml", _encoded(_cut(rng.choice(toml), rng)), table)
    if choice < 0.75:
        return _PolicyFile(".json", _encoded(_cut(rng.choice(as_json), rng)), table)
    if choice < 0.95:
        data = _mutated_document(rng.choice(texts.mappings), rng)
        try:
            text = json.dumps(data, ensure_ascii=False)
        except (ValueError, RecursionError):  # an integer too long to print, deep nesting
            text = rng.choice(as_json)
        return _PolicyFile(".json", _encoded(text), table)
    hostile = rng.choice(
        (
            _encoded(rng.choice(toml)).decode("utf-8").encode("utf-16"),
            b"\xff\xfe\x00" + b"id = 1",
            b"[settings]\n" + b"a = " + b"[" * 5000 + b"]" * 5000,
            b"[settings]\nfunds_weight = 1e400000000\n",
            b"id = 'x'\nextends = 'x'\n",
            ("a." * 3000 + "b = 1\n").encode("ascii"),
            b"x" * (1024 * 1024 + 1),
        )
    )
    return _PolicyFile(rng.choice((".toml", ".json")), hostile, table)


def _encoded(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogatepass")


@attrs.frozen
class _Entry:
    """An entry point: how to draw an input, and how to run it."""

    draw: Callable[[random.Random], Any]
    run: Callable[[Any], None]


class _Corpus:
    """The real inputs that mutations start from, built once per process (each file
    format's only when an entry point of that format asks for it)."""

    def __init__(self) -> None:
        from perfeval.document import dumps_document

        self.tables = seed_tables()
        self.json = [seed_document(name) for name in SEED_NAMES]
        self.objects = [json.loads(text) for text in self.json]
        self.toml: list[str] = []
        with contextlib.suppress(PerfevalError):  # writing TOML needs the serialization extra
            self.toml = [dumps_document(table, format="toml") for table in self.tables]
        data = Path(__file__).parent.parent / "data"
        self.monitoring = (data / "monitoring-example.json").read_text(encoding="utf-8")
        self.department = (data / "department-example.json").read_text(encoding="utf-8")
        self.serialized: list[tuple[str, str, str]] = []
        self.packages: list[bytes] = []
        with contextlib.suppress(ImportError):
            from perfeval.serialization import dumps
            from perfeval.table import score_table

            for table in self.tables:
                card = score_table(table)
                for fmt in ("json", "toml"):
                    self.serialized.append(("Table", fmt, dumps(table, format=fmt)))
                    self.serialized.append(("Scorecard", fmt, dumps(card, format=fmt)))
        with contextlib.suppress(ImportError):
            from perfeval.spreadsheet import write_workbook

            for table in self.tables:
                buffer = io.BytesIO()
                write_workbook(table, buffer)
                self.packages.append(buffer.getvalue())

    @functools.cached_property
    def printed(self) -> list[_Printed]:
        """The seed tables as the official form, unscored and scored."""
        return [
            _official(table, f"附件2-{index + 1}", scored=scored)
            for index, table in enumerate(self.tables)
            for scored in (False, True)
        ]

    @functools.cached_property
    def docx(self) -> list[bytes]:
        """The seed tables as perfeval writes them in Word, alone and as a report."""
        from perfeval.forms import write_docx, write_report_docx
        from perfeval.table import score_table

        written = []
        for table in self.tables:
            for card in (None, score_table(table)):
                buffer = io.BytesIO()
                write_docx(table, buffer, scorecard=card)
                written.append(buffer.getvalue())
        buffer = io.BytesIO()
        write_report_docx(self.tables, buffer)
        return [*written, buffer.getvalue()]

    @functools.cached_property
    def xls(self) -> _Biff:
        return _biff(zlib.decompress(base64.b85decode("".join(_ROAD_XLS))))

    @functools.cached_property
    def xml2003(self) -> list[bytes]:
        """The seed tables as SpreadsheetML 2003, one a file and all three with the first
        hidden."""
        return [_xml2003_of([form]) for form in self.printed] + [
            _xml2003_of(self.printed[::2], hidden=0)
        ]

    @functools.cached_property
    def html(self) -> list[bytes]:
        """The seed tables as published pages: UTF-8, GBK, all three, saved as MHTML."""
        pages = [_html_of([form]) for form in self.printed]
        return [
            *pages,
            _html_of(self.printed[:1], charset="gbk"),
            _html_of(self.printed[::2]),
            _mhtml_of(pages[0]),
        ]

    @functools.cached_property
    def pdf(self) -> list[bytes]:
        """The seed tables printed to PDF cut to their first rows, since pdfminer's work
        grows with every character drawn (a whole table takes a fifth of a second, a cut
        one a few hundredths): one a file on A4, one a file on short pages (the table
        going on to the next pages), and all three in one; and one whole table."""
        import attrs

        def cut(table: Table) -> Table:
            return attrs.evolve(
                table,
                indicators=table.indicators[:4],
                goals_planned=(table.goals_planned or "")[:30] or None,
                goals_achieved=(table.goals_achieved or "")[:30] or None,
            )

        forms = [
            _official(cut(table), f"附件2-{index + 1}", scored=True)
            for index, table in enumerate(self.tables)
        ]
        return [
            *(_pdf_of([form]) for form in forms),
            *(_pdf_of([form], height=300.0) for form in forms),
            _pdf_of(forms),
            _pdf_of(self.printed[:1]),
        ]

    @functools.cached_property
    def form_workbooks(self) -> list[bytes]:
        """Workbooks of the other forms, alone and all with a 自评表."""
        if not importlib.util.find_spec("openpyxl"):
            return []
        return [_xlsx_of([form]) for form in _OTHER_FORMS] + [_xlsx_of([_PROJECT, *_OTHER_FORMS])]

    @functools.cached_property
    def form_documents(self) -> list[bytes]:
        """Word documents of the other forms, alone and a rubric with a 自评表."""
        if not importlib.util.find_spec("docx"):
            return []
        return [_docx_of([form]) for form in _OTHER_FORMS] + [_docx_of([_PROJECT, _RUBRIC])]

    @functools.cached_property
    def rows(self) -> list[dict[str, list[dict[str, Any]]]]:
        return [_records(f"P{index}", table) for index, table in enumerate(self.tables)]

    @functools.cached_property
    def policies(self) -> _PolicyTexts:
        return _policy_texts()


def _cli_input(corpus: _Corpus, rng: random.Random) -> tuple[list[str], bytes]:
    choice = rng.random()
    if choice < 0.4:
        argv = ["audit", "-", "--format", rng.choice(("text", "json", "markdown"))]
        if rng.random() < 0.3:
            argv.append("--explain")
        return argv, _cut(rng.choice(corpus.json), rng).encode("utf-8", "surrogatepass")
    if choice < 0.55 and corpus.toml:
        text = _cut(rng.choice(corpus.toml), rng)
        return ["score", "-", "--input-format", "toml"], text.encode("utf-8", "surrogatepass")
    if choice < 0.65 and corpus.serialized:
        _, fmt, text = rng.choice([item for item in corpus.serialized if item[0] == "Table"])
        argv = ["score", "-", "--format", "json", "--input-format", fmt]
        return argv, _cut(text, rng).encode("utf-8", "surrogatepass")
    if choice < 0.75:
        return ["monitor", "-"], _cut(corpus.monitoring, rng).encode("utf-8", "surrogatepass")
    if choice < 0.85:
        argv = ["department", "-", "--format", rng.choice(("text", "json"))]
        return argv, _cut(corpus.department, rng).encode("utf-8", "surrogatepass")
    if choice < 0.93 and corpus.packages:
        return ["audit", "-", "--input-format", "xlsx"], _package_bytes(
            corpus.packages, rng, _XLSX_PARTS, _XLSX_SHAPES
        )
    if choice < 0.96 and importlib.util.find_spec("docx"):
        data = _package_bytes(corpus.docx, rng, ("word/document.xml",), _DOCX_SHAPES)
        return ["score", "-", "--input-format", "docx", "--format", "json"], data
    if choice < 0.99 and importlib.util.find_spec("xlrd"):
        return ["audit", "-", "--input-format", "xls"], _xls_bytes(corpus.xls, rng)
    return ["score", "-"], _text(rng).encode("utf-8", "surrogatepass")


def _run_cli(given: tuple[list[str], bytes]) -> None:
    from perfeval.cli import main

    argv, data = given
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    with contextlib.redirect_stderr(io.StringIO()):
        code = main(argv, stdout=io.StringIO(), stdin=stdin)
    if code not in (0, 1, 2):
        raise AssertionError(f"exit code {code}")


def _entries(corpus: _Corpus) -> dict[str, _Entry]:
    from perfeval.document import loads, table_from_mapping
    from perfeval.targets import parse_actual, parse_target, structured_target

    def target(given: tuple[str, int | None, bool]) -> None:
        parse_target(given[0], year=given[1], strict=given[2])

    def actual(text: str) -> None:
        parse_actual(text, year=2023)

    def columns(given: tuple[str, str, str]) -> None:
        structured_target(*given, year=2023)

    def json_text(text: str) -> None:
        audit(loads(text))

    def toml_text(text: str) -> None:
        audit(loads(text, format="toml"))

    def mapping(data: Any) -> None:
        audit(table_from_mapping(data))

    entries: dict[str, _Entry] = {
        "parse_target": _Entry(
            lambda rng: (_text(rng), rng.choice([None, 2023]), rng.random() < 0.5), target
        ),
        "parse_actual": _Entry(_text, actual),
        "structured_target": _Entry(lambda rng: (_text(rng), _text(rng), _text(rng)), columns),
        "json document + audit": _Entry(lambda rng: _cut(rng.choice(corpus.json), rng), json_text),
        "table_from_mapping + audit": _Entry(
            lambda rng: _mutated_document(rng.choice(corpus.objects), rng), mapping
        ),
    }
    if corpus.toml:
        entries["toml document + audit"] = _Entry(
            lambda rng: _cut(rng.choice(corpus.toml), rng), toml_text
        )
    if corpus.packages:
        from perfeval.spreadsheet import read_workbook

        def workbook(data: bytes) -> None:
            audit(read_workbook(io.BytesIO(data)))

        entries["read_workbook + audit"] = _Entry(
            lambda rng: _package_bytes(corpus.packages, rng, _XLSX_PARTS, _XLSX_SHAPES), workbook
        )

    def tables_of(data: bytes) -> None:
        from perfeval.readers import read_tables

        for found in read_tables(data):
            audit(found.table)

    files: dict[str, tuple[str, Callable[[random.Random], bytes]]] = {
        "read_tables docx + audit": (
            "docx",
            lambda rng: _package_bytes(corpus.docx, rng, ("word/document.xml",), _DOCX_SHAPES),
        ),
        "read_tables xls + audit": ("xlrd", lambda rng: _xls_bytes(corpus.xls, rng)),
        "read_tables xml2003 + audit": (
            "defusedxml",
            lambda rng: _text_file(rng.choice(corpus.xml2003), _XML2003_SHAPES, rng),
        ),
        "read_tables html + audit": (
            "lxml",
            lambda rng: _text_file(rng.choice(corpus.html), _HTML_SHAPES, rng),
        ),
        "read_tables pdf + audit": (
            "pdfplumber",
            lambda rng: _text_file(rng.choice(corpus.pdf), _PDF_SHAPES, rng),
        ),
    }
    for name, (module, draw) in files.items():
        if importlib.util.find_spec(module):
            entries[name] = _Entry(draw, tables_of)
    if importlib.util.find_spec("openpyxl") or importlib.util.find_spec("docx"):
        from perfeval.kinds import audit_forms, read_forms

        def forms(rng: random.Random) -> bytes:
            workbooks, documents = corpus.form_workbooks, corpus.form_documents
            if documents and (not workbooks or rng.random() < 0.5):
                return _package_bytes(documents, rng, ("word/document.xml",), _DOCX_SHAPES)
            sheets = tuple(f"xl/worksheets/sheet{n}.xml" for n in (1, 2, 3, 4))
            return _package_bytes(workbooks, rng, (*sheets, "xl/sharedStrings.xml"), _XLSX_SHAPES)

        def read_all(data: bytes) -> None:
            audit_forms(read_forms(data))

        entries["read_forms + audit_forms"] = _Entry(forms, read_all)

    def policy(given: _PolicyFile) -> None:
        from perfeval.policy_files import read_policy

        handle, name = tempfile.mkstemp(suffix=given.suffix, prefix="perfeval-fuzz-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(given.data)
            chosen = read_policy(name)
        finally:
            os.unlink(name)
        audit(corpus.tables[given.table], chosen)

    def rows(given: _Rows) -> None:
        from perfeval.database import load_tables

        loaded = load_tables(
            given.funds, given.indicators, given.projects, fields=given.fields,
            options=given.options,
        )  # fmt: skip
        for table in loaded.values():
            audit(table)

    entries["read_policy + audit"] = _Entry(lambda rng: _policy_file(corpus, rng), policy)
    entries["load_tables + audit"] = _Entry(lambda rng: _mutated_rows(corpus.rows, rng), rows)
    if importlib.util.find_spec("pyarrow") and importlib.util.find_spec("numpy"):
        entries["score_rows = row path"] = _Entry(
            lambda rng: _mutated_rows(corpus.rows, rng), _same_as_row_path
        )
    if corpus.serialized:
        from perfeval import serialization
        from perfeval.table import Scorecard, Table

        types: dict[str, Any] = {"Table": Table, "Scorecard": Scorecard}

        def serialized(rng: random.Random) -> tuple[str, str, str]:
            kind, fmt, text = rng.choice(corpus.serialized)
            return kind, fmt, _cut(text, rng)

        def load(given: Any) -> None:
            serialization.loads(given[2], types[given[0]], format=given[1])

        entries["serialization.loads"] = _Entry(serialized, load)
    entries["cli main"] = _Entry(lambda rng: _cli_input(corpus, rng), _run_cli)
    return entries


def _utf8(text: str) -> bool:
    """Whether UTF-8 can hold *text* (no lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class Disagreement(AssertionError):
    """The column path (:func:`perfeval.bulk.score_rows`) said something other than the
    row path about the same rows: a failure the fuzzer reports as it reports a foreign
    exception."""


def _same_as_row_path(given: _Rows) -> None:
    """Score *given* by the column path and by the row path (``load_tables`` then
    ``score_table``): the same refusal, or the same funds score, rows, total and grade."""
    from perfeval.bulk import score_rows
    from perfeval.database import load_tables
    from perfeval.number import fixed
    from perfeval.table import score_table

    def text(value: Any) -> str | None:
        return None if value is None else fixed(value)

    parts = (given.funds, given.indicators, given.projects)
    try:
        tables = load_tables(*parts, fields=given.fields, options=given.options)
    except PerfevalError as error:
        try:
            score_rows(*parts, fields=given.fields, options=given.options)
        except PerfevalError as refused:
            if type(refused) is not type(error) or str(refused) != str(error):
                raise Disagreement(f"refused as {refused!r}, not {error!r}") from None
            raise
        raise Disagreement(f"scored what the row path refuses: {error!r}") from None
    try:
        result = score_rows(*parts, fields=given.fields, options=given.options)
    except DocumentError as error:  # Arrow text holds no lone surrogate: refused by name
        written = [code + table.project for code, table in tables.items()]
        if "not valid Unicode" in error.reason and not all(_utf8(text) for text in written):
            raise
        raise Disagreement(f"refused what the row path scores: {error!r}") from None
    projects = result.projects.to_pylist()
    rows = iter(result.indicators.to_pylist())
    if [row["PRO_CODE"] for row in projects] != list(tables):
        raise Disagreement(f"projects {[row['PRO_CODE'] for row in projects]}, not {list(tables)}")
    for row, table in zip(projects, tables.values(), strict=True):
        card = score_table(table)
        grade = card.grade
        expected = {
            "funds_score": None if card.funds is None else text(card.funds.score),
            "total": fixed(card.total),
            "total_max": text(card.total_range[1]),
            "complete": card.complete,
            "grade": None if grade is None else grade.label,
            "policy": card.policy.id,
        }
        found = {key: row[key] for key in expected}
        if found != expected:
            raise Disagreement(f"project {row['PRO_CODE']}: {found} against {expected}")
        for decision in card.rows:
            scored = next(rows)
            said = (scored["rule"], scored["weight"], scored["score"], scored["judged"])
            truth = (decision.rule.value, text(decision.weight), text(decision.score),
                     decision.judged)  # fmt: skip
            if said != truth:
                raise Disagreement(f"project {row['PRO_CODE']} row {scored['row']}: {said} "
                                   f"against {truth}")  # fmt: skip
    if next(rows, None) is not None:
        raise Disagreement("more indicator rows than the row path's")


#: The fuzzed entry points' names (those of TOML, serialization and each file format need
#: their extras: an entry point whose library is not installed is left out).
ENTRY_POINTS = (
    "parse_target",
    "parse_actual",
    "structured_target",
    "json document + audit",
    "toml document + audit",
    "table_from_mapping + audit",
    "read_workbook + audit",
    "serialization.loads",
    "cli main",
    "read_tables docx + audit",
    "read_tables xls + audit",
    "read_tables xml2003 + audit",
    "read_tables html + audit",
    "read_tables pdf + audit",
    "read_forms + audit_forms",
    "read_policy + audit",
    "load_tables + audit",
    "score_rows = row path",
)


def _rng(seed: int, name: str, index: int) -> random.Random:
    return random.Random(f"{seed}/{name}/{index}")


@attrs.frozen
class FuzzResult:
    """What one entry point met: inputs tried, foreign exceptions, hangs, peak memory."""

    inputs: int
    foreign: int
    hangs: int
    peak_rss_mib: float
    seconds: float
    examples: tuple[str, ...] = ()
    """The first few foreign exceptions and hangs, each with its input and traceback."""


def replay(name: str, index: int, *, seed: int = 0) -> Any:
    """The input *index* of entry point *name* under *seed*, drawn again."""
    return _entries(_Corpus())[name].draw(_rng(seed, name, index))


def _describe(value: Any) -> str:
    try:
        text = repr(value)
    except ValueError as error:  # an integer beyond the digits str() may print
        text = f"<{type(value).__name__} not printable: {error}>"
    return text if len(text) <= 2000 else text[:2000] + f"… ({len(text)} characters)"


_CORPUS: _Corpus | None = None


class _Results:
    """The workers' messages to the runner: a one-way pipe, each message sent whole under
    a lock, read with a timeout."""

    def __init__(self, context: Any) -> None:
        self._reader, self._writer = context.Pipe(duplex=False)
        self._lock = context.Lock()

    def put(self, message: tuple[Any, ...]) -> None:
        with self._lock:
            self._writer.send(message)

    def get(self, timeout: float) -> Any:
        if not self._reader.poll(timeout):
            raise queue.Empty
        return self._reader.recv()

    def close(self) -> None:
        self._reader.close()
        self._writer.close()


def _worker(tasks: Any, results: Any, progress: Any, slot: int, memory_mib: int, seed: int) -> None:
    """Run batches ``(name, start, stop)``; report each foreign exception at once."""
    if memory_mib:
        limit = memory_mib * 1024 * 1024
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    logging.disable(logging.WARNING)  # pdfminer logs what it repairs in a damaged PDF
    corpus = _CORPUS or _Corpus()
    entries = _entries(corpus)
    runner = os.getppid()
    while True:
        task = tasks.get()
        if task is None:
            break
        name, start, stop = task
        entry = entries[name]
        for index in range(start, stop):
            if os.getppid() != runner:  # the runner was killed: the batches queued go too
                return
            progress[slot * 2] = index
            progress[slot * 2 + 1] = time.monotonic()
            given: Any = None
            try:
                given = entry.draw(_rng(seed, name, index))
                entry.run(given)
            except PerfevalError:
                pass
            except (Exception, SystemExit):
                results.put(
                    ("foreign", name, index, _describe(given) + "\n" + traceback.format_exc())
                )
        progress[slot * 2 + 1] = 0.0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        results.put(("done", name, start, stop, rss))


def _starter(
    context: Any, pool: dict[int, Any], queues: tuple[Any, Any, Any], memory_mib: int, seed: int
) -> Callable[[int], None]:
    def start(slot: int) -> None:
        pool[slot] = context.Process(
            target=_worker, args=(*queues, slot, memory_mib, seed), daemon=True
        )
        pool[slot].start()

    return start


def fuzz(
    count: int,
    *,
    seed: int = 0,
    workers: int = 1,
    timeout: float = 10.0,
    batch: int = 500,
    memory_mib: int = 2048,
    entries: tuple[str, ...] | None = None,
    out: IO[str] = sys.stdout,
    save: Path | None = None,
    start_method: Literal["spawn", "fork", "forkserver"] = "spawn",
) -> dict[str, FuzzResult]:
    """Run *count* inputs into each entry point (all, or those named in *entries*) across
    *workers* processes; report and return a :class:`FuzzResult` per entry point.

    Workers are spawned: this process runs a queue's feeder thread once tasks are put,
    and a worker forked while that thread holds the queue's lock waits for it for good
    (before it reports any progress, so it would not be seen as hung either).
    *start_method* ``"fork"`` is for tests that change this module in this process and
    need the workers to see the change; the first workers are then forked before any
    task is put, while no feeder thread runs."""
    global _CORPUS
    _CORPUS = _Corpus()
    available = _entries(_CORPUS)
    names = [name for name in available if entries is None or name in entries]
    context = multiprocessing.get_context(start_method)
    report: dict[str, FuzzResult] = {}
    for name in names:
        started = time.monotonic()
        tasks: Any = context.Queue()
        # Results come back through a pipe written under a lock: unlike a Queue, a put
        # starts no feeder thread in the worker, which in a worker forked from a process
        # running threads (a test runner) could wait for good to start.
        results = _Results(context)
        pending: dict[int, tuple[int, int]] = {}
        progress: Any = context.Array("d", 2 * workers, lock=False)
        for slot in range(workers):
            progress[slot * 2 + 1] = 0.0
        pool: dict[int, Any] = {}
        start_worker = _starter(context, pool, (tasks, results, progress), memory_mib, seed)
        for slot in range(workers):  # before the first task is put: see start_method
            start_worker(slot)
        for start in range(0, count, batch):
            pending[start] = (start, min(start + batch, count))
            tasks.put((name, start, min(start + batch, count)))
        foreign, hangs, tried, peak = 0, 0, 0, 0.0
        examples: list[str] = []
        while pending:
            try:
                message = results.get(timeout=0.2)
            except queue.Empty:
                message = None
            if message is not None and message[0] == "foreign":
                foreign += 1
                if len(examples) < 3:
                    examples.append(f"input {message[2]}: {message[3]}")
                    out.write(f"FOREIGN EXCEPTION in {name}, input {message[2]}:\n{message[3]}\n")
            elif message is not None:
                _, _, start, stop, rss = message
                peak = max(peak, rss)
                if pending.pop(start, None) is not None:
                    tried += stop - start
            now = time.monotonic()
            for slot, process in list(pool.items()):
                since = progress[slot * 2 + 1]
                stuck = since and now - since > timeout
                if stuck or not process.is_alive():
                    index = int(progress[slot * 2])
                    process.kill()
                    process.join()
                    if stuck or since:
                        hangs += 1 if stuck else 0
                        foreign += 0 if stuck else 1
                        what = "HANG" if stuck else "WORKER DIED"
                        text = f"{what} in {name}, input {index} (replay({name!r}, {index}))"
                        out.write(text + "\n")
                        if len(examples) < 3:
                            examples.append(text)
                        key = max(k for k in pending if k <= index)
                        begin, stop = pending.pop(key)
                        tried += index - begin + 1
                        rest = (index + 1, stop) if index + 1 < stop else None
                    else:
                        rest = None
                    progress[slot * 2 + 1] = 0.0
                    if pending or rest:
                        # the new worker starts before the rest of the batch is put: a
                        # worker forked while the queue's feeder thread writes waits for
                        # good (see start_method)
                        start_worker(slot)
                    else:
                        del pool[slot]
                    if rest is not None:
                        pending[rest[0]] = rest
                        tasks.put((name, *rest))
        for _ in pool:
            tasks.put(None)
        for process in pool.values():
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
        tasks.close()  # no feeder thread outlives the run
        tasks.join_thread()
        results.close()
        seconds = time.monotonic() - started
        result = FuzzResult(
            tried, foreign, hangs, round(peak, 1), round(seconds, 1), tuple(examples)
        )
        report[name] = result
        out.write(
            f"{name}: {tried} inputs, {foreign} foreign exceptions, {hangs} hangs, "
            f"peak RSS {result.peak_rss_mib} MiB, {result.seconds} s\n"
        )
        out.flush()
        if save is not None and examples:
            save.mkdir(parents=True, exist_ok=True)
            stem = name.replace(" ", "_").replace("+", "").replace(".", "_")
            (save / f"{stem}.txt").write_text(
                "\n\n".join(examples), encoding="utf-8", errors="backslashreplace"
            )
    return report


def main(argv: list[str] | None = None) -> int:
    """``python -m perfeval.testing.fuzz``."""
    parser = argparse.ArgumentParser(prog="python -m perfeval.testing.fuzz")
    parser.add_argument("--count", type=int, default=10_000, help="inputs per entry point")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--entry", action="append", metavar="NAME", choices=ENTRY_POINTS)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds before a hang")
    parser.add_argument("--batch", type=int, default=500, help="inputs per worker batch")
    parser.add_argument("--memory", type=int, default=2048, help="MiB each worker may map")
    parser.add_argument("--save", type=Path, metavar="DIR", help="save the first examples")
    args = parser.parse_args(argv)
    results = fuzz(
        args.count,
        seed=args.seed,
        workers=args.workers,
        timeout=args.timeout,
        batch=args.batch,
        memory_mib=args.memory,
        entries=tuple(args.entry) if args.entry else None,
        save=args.save,
    )
    return 1 if any(result.foreign or result.hangs for result in results.values()) else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
