"""The summary of a batch: grades, totals, findings by code, department and unit, errors.

An edge module. :func:`summarize` works on rows (:mod:`perfeval.rows`), so it summarises a
batch of files (:func:`summarize_batch`), audits in memory (:func:`summarize_audits`) or
rows read back from a database alike. The mean and median totals are exact Decimals
rounded half up to 2 decimals. The summary is written as text or Markdown
(:func:`render_text`, :func:`render_markdown`), as JSON (:func:`summary_to_json`), as CSV
rows (:func:`summary_rows` with :func:`perfeval.rows.to_csv`), and as an HTML page a
bureau can open in a browser (:func:`render_html`): the grade distribution as an inline
SVG chart, then the files that could not be read and the tables with errors first, each
with its findings. The page needs no script and no network.

>>> from perfeval.audit import audit
>>> from perfeval.seed import seed_tables
>>> summary = summarize_audits([audit(table) for table in seed_tables()])
>>> summary.grades, str(summary.mean_total), str(summary.median_total)
({'优': 3, '良': 0, '中': 0, '差': 0}, '95.54', '98.00')
>>> print(render_text(summary, locale="en").splitlines()[0])
3 tables, files in error: 0; mean total 95.54, median 98.00
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs

from perfeval.grades import NATIONAL_GRADES, GradeScale
from perfeval.number import add, divide, fixed, quantize_half_up, to_decimal
from perfeval.render import _md_table, _text_table
from perfeval.report import Report
from perfeval.rows import Items, Row, finding_rows, table_rows

if TYPE_CHECKING:  # pragma: no cover
    from perfeval.files import BatchResult

__all__ = [
    "SUMMARY_COLUMNS",
    "GroupCounts",
    "Summary",
    "render_batch_html",
    "render_html",
    "render_markdown",
    "render_text",
    "summarize",
    "summarize_audits",
    "summarize_batch",
    "summary_rows",
    "summary_to_json",
]

#: The key of tables with no grade (incomplete) and of rows with no department or unit.
NONE: Final = "—"


@attrs.frozen(kw_only=True)
class GroupCounts:
    """Counts for one department or unit."""

    tables: int = 0
    findings: int = 0
    errors: int = 0
    """Findings of severity error."""


@attrs.frozen(kw_only=True)
class Summary:
    """What a batch came to."""

    tables: int
    """Tables read and scored."""
    complete: int
    """Tables whose every row carries a score."""
    grades: dict[str, int]
    """Tables per grade, every grade of the scale best first (0 when none), then ``—``:
    no grade (incomplete)."""
    mean_total: Decimal | None
    median_total: Decimal | None
    findings: int
    findings_by_code: dict[str, int]
    """Most frequent first."""
    findings_by_severity: dict[str, int]
    by_department: dict[str, GroupCounts]
    by_unit: dict[str, GroupCounts]
    errors: tuple[tuple[str, str], ...] = ()
    """Files that could not be used: (path, reason)."""


def _decimal(value: object) -> Decimal | None:
    return None if value is None else to_decimal(value, field="total")


def _median(values: Sequence[Decimal]) -> Decimal | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return quantize_half_up(ordered[middle])
    return quantize_half_up(divide(add(ordered[middle - 1], ordered[middle]), Decimal(2)))


def _counted(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


def _error(row: Mapping[str, Any]) -> tuple[str, str]:
    """(file, reason) of an error row; the reason without the file name it starts with."""
    path, reason = str(row.get("path")), str(row.get("error"))
    return path, reason.removeprefix(f"{path}: ")


def summarize(
    tables: Iterable[Mapping[str, Any]],
    findings: Iterable[Mapping[str, Any]] = (),
    errors: Iterable[Mapping[str, Any]] = (),
    *,
    grades: GradeScale = NATIONAL_GRADES,
) -> Summary:
    """Summarise table rows, finding rows and error rows (``path``, ``error``).

    Findings are counted by department and unit through their ``table_index``."""
    totals: list[Decimal] = []
    grade_counts: Counter[str] = Counter()
    departments: dict[str, list[int]] = {}
    units: dict[str, list[int]] = {}
    where: dict[object, tuple[str, str]] = {}
    complete = 0
    for row in tables:
        total = _decimal(row.get("total"))
        if total is not None:
            totals.append(total)
        grade_counts[row.get("grade") or NONE] += 1
        complete += bool(row.get("complete"))
        department, unit = row.get("department") or NONE, row.get("unit") or NONE
        where[row.get("table_index")] = (department, unit)
        departments.setdefault(department, [0, 0, 0])[0] += 1
        units.setdefault(unit, [0, 0, 0])[0] += 1
    codes: Counter[str] = Counter()
    severities: Counter[str] = Counter()
    count = 0
    for finding in findings:
        count += 1
        codes[str(finding.get("code"))] += 1
        severity = str(finding.get("severity"))
        severities[severity] += 1
        department, unit = where.get(finding.get("table_index"), (NONE, NONE))
        for groups, key in ((departments, department), (units, unit)):
            counts = groups.setdefault(key, [0, 0, 0])
            counts[1] += 1
            counts[2] += severity == "error"
    order = [band.label for band in grades.bands]

    def place(grade: str) -> tuple[int, bool, str]:
        return (order.index(grade) if grade in order else len(order), grade == NONE, grade)

    ranked = sorted(set(grade_counts) | set(order), key=place)
    mean = None
    if totals:
        mean = quantize_half_up(divide(add(*totals), Decimal(len(totals))))

    def grouped(groups: dict[str, list[int]]) -> dict[str, GroupCounts]:
        ordered = sorted(groups.items(), key=lambda item: (-item[1][2], -item[1][1], item[0]))
        return {key: GroupCounts(tables=t, findings=f, errors=e) for key, (t, f, e) in ordered}

    return Summary(
        tables=sum(grade_counts.values()),
        complete=complete,
        grades={grade: grade_counts[grade] for grade in ranked},
        mean_total=mean,
        median_total=_median(totals),
        findings=count,
        findings_by_code=_counted(codes),
        findings_by_severity=_counted(severities),
        by_department=grouped(departments),
        by_unit=grouped(units),
        errors=tuple(_error(row) for row in errors),
    )


def summarize_batch(batch: BatchResult, *, grades: GradeScale = NATIONAL_GRADES) -> Summary:
    """The summary of a batch of files (:func:`perfeval.files.audit_files`)."""
    return summarize(batch.table_rows(), batch.finding_rows(), batch.error_rows(), grades=grades)


def summarize_audits(items: Items, *, grades: GradeScale = NATIONAL_GRADES) -> Summary:
    """The summary of audits (or scorecards) in memory."""
    sequence = items.audits if isinstance(items, Report) else tuple(items)
    return summarize(table_rows(sequence), finding_rows(sequence), grades=grades)


def _total(value: Decimal | None) -> str:
    return NONE if value is None else fixed(value)


_LABELS: Final = {
    "tables": ("张表", "tables"),
    "errors_files": ("个文件无法读取", "files in error"),
    "mean": ("平均总分", "mean total"),
    "median": ("中位总分", "median total"),
    "grades": ("评价等级", "Grades"),
    "codes": ("审核发现（按类型）", "Findings by code"),
    "departments": ("按主管部门", "By department"),
    "units": ("按实施单位", "By unit"),
    "failed": ("无法读取的文件", "Files in error"),
    "group_header": (("名称", "表数", "发现", "错误"), ("name", "tables", "findings", "errors")),
    "complete": ("张完整", "complete"),
    "title": ("绩效自评表审核汇总", "Self-evaluation audit summary"),
    "all_tables": ("各表（有错误的在前）", "Tables, those with errors first"),
    "table_header": (
        ("文件", "项目", "主管部门", "实施单位", "总分", "等级", "发现"),
        ("file", "project", "department", "unit", "total", "grade", "findings"),
    ),
}


def _label(key: str, locale: str) -> Any:
    zh, en = _LABELS[key]
    return zh if locale.startswith("zh") else en


def _lines(summary: Summary, locale: str, markdown: bool) -> list[str]:
    zh = locale.startswith("zh")
    head = (
        f"{summary.tables} {_label('tables', locale)}，{len(summary.errors)} "
        f"{_label('errors_files', locale)}；{_label('mean', locale)} "
        f"{_total(summary.mean_total)}，{_label('median', locale)} {_total(summary.median_total)}"
        if zh
        else f"{summary.tables} tables, files in error: {len(summary.errors)}; mean total "
        f"{_total(summary.mean_total)}, median {_total(summary.median_total)}"
    )
    lines = [head, ""]

    def section(title: str, header: Sequence[str], rows: list[Sequence[object]]) -> None:
        cells = [[str(cell) for cell in row] for row in rows]
        if markdown:
            lines.extend([f"## {title}", "", *_md_table(header, cells)])
        else:
            lines.extend([title, *_text_table(header, cells)])
        lines.append("")

    section(
        _label("grades", locale),
        ("等级", "表数") if zh else ("grade", "tables"),
        list(summary.grades.items()),
    )
    section(
        _label("codes", locale),
        ("类型", "次数") if zh else ("code", "count"),
        list(summary.findings_by_code.items()),
    )
    for key, groups in (("departments", summary.by_department), ("units", summary.by_unit)):
        section(
            _label(key, locale),
            _label("group_header", locale),
            [(name, g.tables, g.findings, g.errors) for name, g in groups.items()],
        )
    if summary.errors:
        section(
            _label("failed", locale),
            ("文件", "原因") if zh else ("file", "reason"),
            list(summary.errors),
        )
    while lines and not lines[-1]:
        lines.pop()
    return lines


def render_text(summary: Summary, *, locale: str = "zh_CN") -> str:
    """The summary as plain text, in zh_CN or en."""
    return "\n".join(_lines(summary, locale, markdown=False))


def render_markdown(summary: Summary, *, locale: str = "zh_CN") -> str:
    """The summary as Markdown tables, in zh_CN or en."""
    return "\n".join(_lines(summary, locale, markdown=True))


def summary_to_json(summary: Summary) -> dict[str, Any]:
    """The summary as JSON-ready data; totals are decimal strings."""

    def groups(items: dict[str, GroupCounts]) -> list[dict[str, Any]]:
        return [{"name": name, **attrs.asdict(counts)} for name, counts in items.items()]

    return {
        "tables": summary.tables,
        "complete": summary.complete,
        "grades": summary.grades,
        "mean_total": None if summary.mean_total is None else fixed(summary.mean_total),
        "median_total": None if summary.median_total is None else fixed(summary.median_total),
        "findings": summary.findings,
        "findings_by_code": summary.findings_by_code,
        "findings_by_severity": summary.findings_by_severity,
        "by_department": groups(summary.by_department),
        "by_unit": groups(summary.by_unit),
        "errors": [{"path": path, "error": reason} for path, reason in summary.errors],
    }


#: The columns of :func:`summary_rows`.
SUMMARY_COLUMNS: Final = ("section", "key", "tables", "findings", "errors", "value")


def summary_rows(summary: Summary) -> list[Row]:
    """The summary as rows (:data:`SUMMARY_COLUMNS`) for :func:`perfeval.rows.to_csv`:
    ``section`` is ``overview``, ``grade``, ``code``, ``department``, ``unit`` or
    ``error``."""

    def row(section: str, key: str, **values: str | int | None) -> Row:
        base: Row = {column: None for column in SUMMARY_COLUMNS}
        base.update(section=section, key=key, **values)
        return base

    out = [
        row("overview", "tables", tables=summary.tables),
        row("overview", "complete", tables=summary.complete),
        row("overview", "findings", findings=summary.findings),
        row("overview", "files_in_error", value=str(len(summary.errors))),
        row("overview", "mean_total", value=_none(summary.mean_total)),
        row("overview", "median_total", value=_none(summary.median_total)),
    ]
    out += [row("grade", grade, tables=count) for grade, count in summary.grades.items()]
    out += [row("code", code, findings=count) for code, count in summary.findings_by_code.items()]
    for section, groups in (("department", summary.by_department), ("unit", summary.by_unit)):
        out += [
            row(section, name, tables=g.tables, findings=g.findings, errors=g.errors)
            for name, g in groups.items()
        ]
    out += [row("error", path, value=reason) for path, reason in summary.errors]
    return out


def _none(value: Decimal | None) -> str | None:
    return None if value is None else fixed(value)


# HTML ------------------------------------------------------------------------------------

_STYLE: Final = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;
color:#222;max-width:75em}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.5em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .5em;
text-align:left;vertical-align:top}th{background:#f3f3f3}.n{text-align:right}
.error{color:#b00020}.warning{color:#8a6d00}.info{color:#555}
details{border-bottom:1px solid #eee;padding:.2em 0}summary{cursor:pointer}
summary span{display:inline-block;min-width:6em;margin-right:.5em}
.grid{display:flex;gap:2em;flex-wrap:wrap;align-items:flex-start}
"""


def _chart(grades: Mapping[str, int], locale: str) -> str:
    """The grade distribution as an inline SVG bar chart."""
    width, height, bar, gap, top, bottom = 420, 220, 60, 30, 20, 40
    largest = max(grades.values(), default=0) or 1
    colours = ["#2e7d32", "#1565c0", "#ef6c00", "#c62828", "#757575"]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="{html.escape(_label("grades", locale))}">'
    ]
    usable = height - top - bottom
    for index, (grade, count) in enumerate(grades.items()):
        h = round(usable * count / largest)  # pixels: layout, not money
        x = gap + index * (bar + gap)
        y = top + usable - h
        colour = colours[min(index, len(colours) - 1)]
        label = html.escape(grade)
        parts.append(
            f'<rect x="{x}" y="{y}" width="{bar}" height="{h}" fill="{colour}">'
            f"<title>{label}: {count}</title></rect>"
            f'<text x="{x + bar // 2}" y="{y - 4}" text-anchor="middle" '
            f'font-size="13">{count}</text>'
            f'<text x="{x + bar // 2}" y="{height - bottom + 18}" text-anchor="middle" '
            f'font-size="15">{label}</text>'
        )
    parts.append(
        f'<line x1="{gap // 2}" y1="{top + usable}" x2="{width - gap // 2}" '
        f'y2="{top + usable}" stroke="#999"/></svg>'
    )
    return "".join(parts)


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    head = "".join(f"<th>{html.escape(str(cell))}</th>" for cell in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{cell}</td>'
            if isinstance(cell, int)
            else f"<td>{html.escape(str(cell))}</td>"
            for cell in row
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _finding_items(found: Sequence[Mapping[str, Any]], message_key: str) -> Iterator[str]:
    """Error findings one by one with their message; warnings and notes grouped by code
    with the places they name (the messages are in the CSV and JSON output)."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for finding in found:
        severity, code = str(finding.get("severity")), str(finding.get("code"))
        where = html.escape(str(finding.get("where")))
        if severity == "error":
            message = html.escape(str(finding.get(message_key)))
            yield f'<li class="error"><code>{where}</code> {html.escape(code)}: {message}</li>'
        else:
            grouped.setdefault((severity, code), []).append(where)
    for (severity, code), places in grouped.items():
        yield (
            f'<li class="{html.escape(severity)}">{html.escape(code)} ×{len(places)}: '
            f"<code>{', '.join(places)}</code></li>"
        )


def render_html(
    summary: Summary,
    tables: Sequence[Mapping[str, Any]] = (),
    findings: Iterable[Mapping[str, Any]] = (),
    *,
    title: str | None = None,
    locale: str = "zh_CN",
) -> str:
    """A self-contained HTML page of *summary*, listing the files in error first, then
    every table of *tables* (those with error findings first, then warnings, then the
    rest) with its *findings* folded under it: errors with their message, warnings and
    notes by code with the places they name. Every value is escaped; the page loads
    nothing."""
    zh = locale.startswith("zh")
    message_key = "message_zh" if zh else "message"
    by_table: dict[object, list[Mapping[str, Any]]] = {}
    for finding in findings:
        by_table.setdefault(finding.get("table_index"), []).append(finding)
    heading = html.escape(title or _label("title", locale))
    out = [
        f'<!DOCTYPE html><html lang="{"zh-CN" if zh else "en"}"><head><meta charset="utf-8">',
        f"<title>{heading}</title><style>{_STYLE}</style></head><body><h1>{heading}</h1>",
        f"<p>{html.escape(_lines(summary, locale, markdown=False)[0])}</p>",
        '<div class="grid"><div>',
        f"<h2>{html.escape(_label('grades', locale))}</h2>",
        _chart(summary.grades, locale),
        "</div><div>",
        f"<h2>{html.escape(_label('codes', locale))}</h2>",
        _table(("类型", "次数") if zh else ("code", "count"), summary.findings_by_code.items()),
        "</div></div>",
    ]
    if summary.errors:
        out.append(f'<h2 class="error">{html.escape(_label("failed", locale))}</h2>')
        out.append(_table(("文件", "原因") if zh else ("file", "reason"), summary.errors))
    out.append('<div class="grid">')
    for key, groups in (("departments", summary.by_department), ("units", summary.by_unit)):
        out.append(f"<div><h2>{html.escape(_label(key, locale))}</h2>")
        out.append(
            _table(
                _label("group_header", locale),
                [(name, g.tables, g.findings, g.errors) for name, g in groups.items()],
            )
        )
        out.append("</div>")
    out.append("</div>")
    out.append(f"<h2>{html.escape(_label('all_tables', locale))}</h2>")

    def rank(row: Mapping[str, Any]) -> tuple[int, int, int]:
        found = by_table.get(row.get("table_index"), ())
        errors = sum(1 for f in found if f.get("severity") == "error")
        warnings = sum(1 for f in found if f.get("severity") == "warning")
        return (-errors, -warnings, int(row.get("table_index") or 0))

    shown = 0
    for row in sorted(tables, key=rank):
        found = by_table.get(row.get("table_index"), [])
        cells = (
            row.get("table_name"),
            row.get("project"),
            row.get("department"),
            row.get("unit"),
            row.get("total"),
            row.get("grade") or NONE,
        )
        spans = "".join(f"<span>{html.escape(str(cell or NONE))}</span>" for cell in cells)
        worst = next(
            (s for s in ("error", "warning", "info") if any(f.get("severity") == s for f in found)),
            "",
        )
        count = f' <span class="{worst}">{len(found)}</span>' if found else ""
        if not found:
            out.append(f"<div>{spans}</div>")
            continue
        items = "".join(_finding_items(found, message_key))
        opened = " open" if not shown else ""  # the worst table, unfolded
        shown += 1
        out.append(f"<details{opened}><summary>{spans}{count}</summary><ul>{items}</ul></details>")
    out.append("</body></html>")
    return "\n".join(out)


def render_batch_html(
    batch: BatchResult,
    *,
    title: str | None = None,
    locale: str = "zh_CN",
    grades: GradeScale = NATIONAL_GRADES,
) -> str:
    """The HTML page (:func:`render_html`) of a batch of files, summary included."""
    summary = summarize_batch(batch, grades=grades)
    return render_html(
        summary, batch.table_rows(), batch.finding_rows(), title=title, locale=locale
    )
