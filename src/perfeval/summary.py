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
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs

from perfeval._validate import chinese, expect
from perfeval.errors import InvalidTypeError
from perfeval.findings import CATALOGUE
from perfeval.grades import NATIONAL_GRADES, GradeScale
from perfeval.number import add, divide, fixed, quantize_half_up, to_decimal
from perfeval.policy import registered_policies
from perfeval.render import _md_table, _text_table
from perfeval.report import Report
from perfeval.rows import Items, Row, finding_rows, table_rows

if TYPE_CHECKING:  # pragma: no cover
    from perfeval.files import BatchResult

__all__ = [
    "SUMMARY_COLUMNS",
    "GroupCounts",
    "KindCounts",
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
class KindCounts:
    """Counts for one kind of form other than the 自评表."""

    forms: int = 0
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
    policies: dict[str, int] = attrs.field(factory=dict)
    """Tables per policy id they were scored under, most first."""
    forms: dict[str, KindCounts] = attrs.field(factory=dict)
    """The other forms read (rubrics, score-coefficient tables, department forms), by
    kind (``rubric``, ``coefficient``, ``department``) in the order first met; the table
    counts above are the 自评表's alone."""


def _decimal(value: object) -> Decimal | None:
    return None if value is None else to_decimal(value, field="total")


def _mappings(rows: Iterable[Mapping[str, Any]], field: str) -> Iterator[Mapping[str, Any]]:
    """Each of *rows*, refused with :class:`~perfeval.errors.InvalidTypeError` naming
    *field* and the row when it is not a mapping of column names to values."""
    if isinstance(rows, str | bytes | Mapping) or not hasattr(rows, "__iter__"):
        raise InvalidTypeError(
            f"expected an iterable of rows (mappings), not {type(rows).__name__}",
            field=field,
            value=rows,
        )
    for index, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise InvalidTypeError(
                f"expected a row (a mapping of column names to values), not {type(row).__name__}",
                field=field,
                row=index,
                value=row,
            )
        yield row


def _count(value: object, field: str) -> int:
    """A count cell of a form row: blank is 0, a whole number (or its digits) counts."""
    if not value:
        return 0
    number = to_decimal(value, field=field)
    if number != number.to_integral_value() or number < 0:
        raise InvalidTypeError("expected a count (a whole number)", field=field, value=value)
    return int(number)


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


#: What names one table in rows: its ``table_index`` and its ``table_name``. The tables of
#: one file of a batch share the file's index; their names differ (``path#sheet``).
Key = tuple[object, object]


def _key(row: Mapping[str, Any]) -> Key:
    return row.get("table_index"), row.get("table_name")


class _Tables:
    """Which table a finding row belongs to: the one with its ``table_index`` and
    ``table_name``, else (rows made by hand without names) the only one with its index."""

    def __init__(self) -> None:
        self.known: set[Key] = set()
        self.by_index: dict[object, Key | None] = {}

    def add(self, row: Mapping[str, Any]) -> Key:
        key = _key(row)
        self.known.add(key)
        index = key[0]
        self.by_index[index] = key if self.by_index.get(index, key) == key else None
        return key

    def of(self, finding: Mapping[str, Any]) -> Key | None:
        key = _key(finding)
        return key if key in self.known else self.by_index.get(key[0])


def summarize(
    tables: Iterable[Mapping[str, Any]],
    findings: Iterable[Mapping[str, Any]] = (),
    errors: Iterable[Mapping[str, Any]] = (),
    *,
    grades: GradeScale = NATIONAL_GRADES,
    forms: Iterable[Mapping[str, Any]] = (),
) -> Summary:
    """Summarise table rows, finding rows and error rows (``path``, ``error``), and the
    form rows (:data:`perfeval.rows.FORM_COLUMNS`) of the other forms, counted by kind.

    Findings are counted by department and unit through their table: the table row with
    the same ``table_index`` and ``table_name``."""
    kinds: dict[str, list[int]] = {}
    for row in _mappings(forms, "forms"):
        counts = kinds.setdefault(str(row.get("kind")), [0, 0, 0])
        counts[0] += 1
        counts[1] += _count(row.get("findings"), "findings")
        counts[2] += _count(row.get("errors"), "errors")
    totals: list[Decimal] = []
    grade_counts: Counter[str] = Counter()
    policies: Counter[str] = Counter()
    departments: dict[str, list[int]] = {}
    units: dict[str, list[int]] = {}
    known = _Tables()
    where: dict[Key | None, tuple[str, str]] = {}
    complete = 0
    for row in _mappings(tables, "tables"):
        total = _decimal(row.get("total"))
        if total is not None:
            totals.append(total)
        grade_counts[row.get("grade") or NONE] += 1
        policies[str(row.get("policy") or NONE)] += 1
        complete += bool(row.get("complete"))
        department, unit = row.get("department") or NONE, row.get("unit") or NONE
        where[known.add(row)] = (department, unit)
        departments.setdefault(department, [0, 0, 0])[0] += 1
        units.setdefault(unit, [0, 0, 0])[0] += 1
    codes: Counter[str] = Counter()
    severities: Counter[str] = Counter()
    count = 0
    for finding in _mappings(findings, "findings"):
        count += 1
        codes[str(finding.get("code"))] += 1
        severity = str(finding.get("severity"))
        severities[severity] += 1
        department, unit = where.get(known.of(finding), (NONE, NONE))
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
        policies=_counted(policies),
        errors=tuple(_error(row) for row in _mappings(errors, "errors")),
        forms={
            kind: KindCounts(forms=n, findings=f, errors=e) for kind, (n, f, e) in kinds.items()
        },
    )


def summarize_batch(batch: BatchResult, *, grades: GradeScale = NATIONAL_GRADES) -> Summary:
    """The summary of a batch of files (:func:`perfeval.files.audit_files`): its 自评表,
    and its other forms counted by kind."""
    return summarize(
        batch.table_rows(),
        _table_findings(batch),
        batch.error_rows(),
        grades=grades,
        forms=batch.form_list(),
    )


def _table_findings(batch: BatchResult) -> list[Row]:
    """The finding rows of the batch's 自评表 (the other forms' are counted by kind)."""
    return [row for item in batch.results if item.table is not None for row in item.findings]


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
        ("文件", "表", "项目", "主管部门", "实施单位", "总分", "等级", "发现"),
        ("file", "sheet/table", "project", "department", "unit", "total", "grade", "findings"),
    ),
    "policies": ("评分政策", "Scored under"),
    "forms": ("其他表（按类型）", "Other forms by kind"),
    "form_header": (("类型", "表数", "发现", "错误"), ("kind", "forms", "findings", "errors")),
    "form_list": ("其他表", "Other forms"),
    "form_list_header": (
        ("文件", "表", "类型", "名称", "总分", "等级", "发现"),
        ("file", "sheet/table", "kind", "title", "total", "grade", "findings"),
    ),
}


def _label(key: str, locale: str) -> Any:
    zh, en = _LABELS[key]
    return zh if chinese(locale) else en


def _lines(summary: Summary, locale: str, markdown: bool) -> list[str]:
    zh = chinese(locale)
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
    if summary.forms:
        from perfeval.kinds import kind_label

        section(
            _label("forms", locale),
            _label("form_header", locale),
            [(kind_label(kind, locale), c.forms, c.findings, c.errors)
             for kind, c in summary.forms.items()],
        )  # fmt: skip
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
    expect(summary, Summary, "summary")
    return "\n".join(_lines(summary, locale, markdown=False))


def render_markdown(summary: Summary, *, locale: str = "zh_CN") -> str:
    """The summary as Markdown tables, in zh_CN or en."""
    expect(summary, Summary, "summary")
    return "\n".join(_lines(summary, locale, markdown=True))


def summary_to_json(summary: Summary) -> dict[str, Any]:
    """The summary as JSON-ready data; totals are decimal strings."""
    expect(summary, Summary, "summary")

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
        "policies": summary.policies,
        "forms": {kind: attrs.asdict(counts) for kind, counts in summary.forms.items()},
    }


#: The columns of :func:`summary_rows`.
SUMMARY_COLUMNS: Final = ("section", "key", "tables", "findings", "errors", "value")


def summary_rows(summary: Summary) -> list[Row]:
    """The summary as rows (:data:`SUMMARY_COLUMNS`) for :func:`perfeval.rows.to_csv`:
    ``section`` is ``overview``, ``grade``, ``code``, ``department``, ``unit``, ``error``,
    ``policy`` (the tables scored under each policy id) or ``form`` (the other forms of
    one kind: ``key`` the kind, ``value`` how many, with their findings and errors)."""

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
    out += [row("policy", policy, tables=count) for policy, count in summary.policies.items()]
    out += [
        row("form", kind, findings=c.findings, errors=c.errors, value=str(c.forms))
        for kind, c in summary.forms.items()
    ]
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
th{position:sticky;top:0}table.tables{width:100%}
tr.found td{border-top:0;padding:0 .5em .3em 2em;background:#fafafa}
summary{cursor:pointer;color:#444}details ul{margin:.2em 0;padding-left:1.5em}
small.code{font-family:monospace;color:#777}li.note{color:#555;font-style:italic}
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


class _Html(str):
    """Markup made here, put into a page as it is (every other cell is escaped)."""


def _cell(cell: object) -> str:
    if isinstance(cell, _Html):
        return f"<td>{cell}</td>"
    if isinstance(cell, int):
        return f'<td class="n">{cell}</td>'
    return f"<td>{html.escape(str(cell))}</td>"


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    head = "".join(f"<th>{html.escape(str(cell))}</th>" for cell in header)
    body = "".join("<tr>" + "".join(_cell(cell) for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _code(code: str, zh: bool) -> _Html:
    """A finding code as the page shows it: in zh_CN the catalogue's Chinese meaning with
    the code in small type; in English the code, its meaning as a tooltip."""
    entry = CATALOGUE.get(code)
    shown = html.escape(code)
    if entry is None:
        return _Html(f"<code>{shown}</code>")
    if zh:
        return _Html(f'{html.escape(entry.meaning_zh)} <small class="code">{shown}</small>')
    return _Html(f'<code title="{html.escape(entry.meaning)}">{shown}</code>')


def _finding_items(found: Sequence[Mapping[str, Any]], zh: bool) -> Iterator[str]:
    """Error findings one by one with their message; warnings and info findings grouped
    by code with the places they name (the messages are in the CSV and JSON output)."""
    message_key = "message_zh" if zh else "message"
    grouped: dict[tuple[str, str], list[str]] = {}
    for finding in found:
        severity, code = str(finding.get("severity")), str(finding.get("code"))
        where = html.escape(str(finding.get("where")))
        if severity == "error":
            message = html.escape(str(finding.get(message_key)))
            yield (
                f'<li class="error" data-code="{html.escape(code)}">{_code(code, zh)} '
                f"<code>{where}</code>: {message}</li>"
            )
        else:
            grouped.setdefault((severity, code), []).append(where)
    for (severity, code), places in grouped.items():
        yield (
            f'<li class="{html.escape(severity)}" data-code="{html.escape(code)}">'
            f"{_code(code, zh)} ×{len(places)}: <code>{', '.join(places)}</code></li>"
        )


#: A batch's table name: the file, then ``#`` and the sheet or Word table when the file
#: holds several (:func:`perfeval.files.read_documents`).
_PART: Final = re.compile(r"(.+?\.(?:xlsx|xlsm|docx|xls|xml))#(.+)", re.IGNORECASE)


def _file_and_part(name: object) -> tuple[str, str]:
    text = "" if name is None else str(name)
    match = _PART.fullmatch(text)
    return (match.group(1), match.group(2)) if match else (text or NONE, NONE)


_SEVERITIES: Final = {
    "error": ("错误", "errors"),
    "warning": ("警告", "warnings"),
    "info": ("提示", "info"),
}


def _counts(found: Sequence[Mapping[str, Any]], zh: bool) -> str:
    """How many findings a table has, and of which severity."""
    severities = Counter(str(f.get("severity")) for f in found)
    parts = [
        f"{(zh_label if zh else en_label)} {severities[severity]}"
        for severity, (zh_label, en_label) in _SEVERITIES.items()
        if severities[severity]
    ]
    if zh:
        return f"{len(found)} 条发现（{'，'.join(parts)}）"
    return f"{len(found)} findings ({', '.join(parts)})"


def _policies(policies: Mapping[str, int], zh: bool) -> str:
    """The policies that scored the tables, with their titles when registered here."""
    titles = {p.id: p.title_zh if zh else p.title for p in registered_policies()}
    parts = []
    for policy, count in policies.items():
        title = titles.get(policy)
        named = f"<code>{html.escape(policy)}</code>"
        if title:
            named += f" {'（' if zh else '('}{html.escape(title)}{'）' if zh else ')'}"
        parts.append(f"{named}{'：' if zh else ': '}{count} {'张表' if zh else 'tables'}")
    label = html.escape(_label("policies", "zh_CN" if zh else "en"))
    return f'<p class="policy">{label}{"：" if zh else ": "}{"；".join(parts) or NONE}</p>'


def render_html(
    summary: Summary,
    tables: Sequence[Mapping[str, Any]] = (),
    findings: Iterable[Mapping[str, Any]] = (),
    *,
    title: str | None = None,
    locale: str = "zh_CN",
    forms: Sequence[Mapping[str, Any]] = (),
    form_findings: Iterable[Mapping[str, Any]] = (),
) -> str:
    """A self-contained HTML page of *summary*: the policies that scored the tables, the
    grades as a chart, the findings by code, the files in error, the counts by department
    and unit, then every table of *tables* as a row of one table (those with error
    findings first, then warnings, then the rest; the others in input order), each with
    its own *findings* in a row under it: errors with their message, warnings and info
    by code with the places they name, then the table's own notes when its row has
    ``notes`` (a list of texts, as :meth:`perfeval.files.BatchResult.table_list` gives
    them: what the reader noted, such as a formula saved without its value). A finding
    belongs to the table row with its ``table_index`` and ``table_name``. In zh_CN
    finding codes show as the catalogue's Chinese meaning, the code beside it in small
    type. Then the other forms (*forms*: rows of
    :meth:`perfeval.files.BatchResult.form_list`), each with its own *form_findings*
    folded under it. Every value is escaped; the page loads nothing."""
    zh = chinese(locale)
    known = _Tables()
    listed = [(known.add(row), row) for row in tables]
    by_table: dict[Key | None, list[Mapping[str, Any]]] = {}
    for finding in findings:
        by_table.setdefault(known.of(finding), []).append(finding)
    heading = html.escape(title or _label("title", locale))
    code_header = ("发现", "次数") if zh else ("code", "count")
    out = [
        f'<!DOCTYPE html><html lang="{"zh-CN" if zh else "en"}"><head><meta charset="utf-8">',
        f"<title>{heading}</title><style>{_STYLE}</style></head><body><h1>{heading}</h1>",
        f"<p>{html.escape(_lines(summary, locale, markdown=False)[0])}</p>",
        _policies(summary.policies, zh),
        '<div class="grid"><div>',
        f"<h2>{html.escape(_label('grades', locale))}</h2>",
        _chart(summary.grades, locale),
        "</div><div>",
        f"<h2>{html.escape(_label('codes', locale))}</h2>",
        _table(code_header, [(_code(c, zh), n) for c, n in summary.findings_by_code.items()]),
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
    out.append(_table_list(listed, by_table, zh, several=len(summary.policies) > 1))
    if forms:
        out.append(f"<h2>{html.escape(_label('form_list', locale))}</h2>")
        out.append(_form_list(forms, form_findings, zh))
    out.append("</body></html>")
    # a name read from a damaged file name holds lone surrogates: shown as \udcxx, so
    # that the page is always UTF-8 text (as the command line writes such names)
    return "\n".join(out).encode("utf-8", "backslashreplace").decode("utf-8")


def _table_list(
    listed: Sequence[tuple[Key, Mapping[str, Any]]],
    by_table: Mapping[Key | None, Sequence[Mapping[str, Any]]],
    zh: bool,
    *,
    several: bool,
) -> str:
    """Every table as a row (with a policy column when *several* policies scored them),
    its findings folded in a row under it; the worst table unfolded."""
    header = list(_label("table_header", "zh_CN" if zh else "en"))
    if several:
        header.insert(-3, "评分政策" if zh else "policy")

    def rank(item: tuple[int, tuple[Key, Mapping[str, Any]]]) -> tuple[int, int, int]:
        position, (key, _) = item
        found = by_table.get(key, ())
        errors = sum(1 for f in found if f.get("severity") == "error")
        warnings = sum(1 for f in found if f.get("severity") == "warning")
        return (-errors, -warnings, position)

    head = "".join(f"<th>{html.escape(cell)}</th>" for cell in header)
    out = [f'<table class="tables"><thead><tr>{head}</tr></thead><tbody>']
    shown = 0
    for _, (key, row) in sorted(enumerate(listed), key=rank):
        found = by_table.get(key, ())
        file, part = _file_and_part(row.get("table_name"))
        cells: list[object] = [
            file,
            part,
            row.get("project"),
            row.get("department"),
            row.get("unit"),
        ]
        if several:
            cells.append(row.get("policy"))
        cells += [row.get("total"), row.get("grade")]
        text = [html.escape(NONE if cell is None or cell == "" else str(cell)) for cell in cells]
        tds = "".join(f"<td>{cell}</td>" for cell in text[:-2])
        tds += f'<td class="n">{text[-2]}</td><td>{text[-1]}</td>'  # total, grade
        worst = next(
            (s for s in ("error", "warning", "info") if any(f.get("severity") == s for f in found)),
            "",
        )
        out.append(f'<tr>{tds}<td class="n {worst}">{len(found)}</td></tr>')
        notes = [str(note) for note in row.get("notes") or ()]
        if not found and not notes:
            continue
        items = "".join(_finding_items(found, zh))
        items += "".join(f'<li class="note">{html.escape(note)}</li>' for note in notes)
        opened = " open" if not shown else ""  # the worst table, unfolded
        shown += 1
        parts = [_counts(found, zh)] if found else []
        if notes:
            parts.append(f"说明 {len(notes)} 条" if zh else f"{len(notes)} notes on the table")
        counted = ("；" if zh else "; ").join(parts)
        out.append(
            f'<tr class="found"><td colspan="{len(header)}"><details{opened}>'
            f"<summary>{html.escape(counted)}</summary><ul>{items}</ul>"
            "</details></td></tr>"
        )
    out.append("</tbody></table>")
    return "".join(out)


def _form_list(
    forms: Sequence[Mapping[str, Any]], findings: Iterable[Mapping[str, Any]], zh: bool
) -> str:
    """Every other form as a row, in input order, its findings folded in a row under it."""
    from perfeval.kinds import kind_label

    header = _label("form_list_header", "zh_CN" if zh else "en")
    by_form: dict[Key, list[Mapping[str, Any]]] = {}
    for finding in findings:
        by_form.setdefault(_key(finding), []).append(finding)
    head = "".join(f"<th>{html.escape(cell)}</th>" for cell in header)
    out = [f'<table class="tables"><thead><tr>{head}</tr></thead><tbody>']
    for row in forms:
        found = by_form.get(_key(row), [])
        file, part = _file_and_part(row.get("table_name"))
        kind = kind_label(str(row.get("kind")), "zh_CN" if zh else "en")
        cells = [file, part, kind, row.get("title"), row.get("total"), row.get("grade")]
        text = [html.escape(NONE if cell is None or cell == "" else str(cell)) for cell in cells]
        worst = next(
            (s for s in ("error", "warning", "info") if any(f.get("severity") == s for f in found)),
            "",
        )
        tds = "".join(f"<td>{cell}</td>" for cell in text)
        out.append(f'<tr>{tds}<td class="n {worst}">{len(found)}</td></tr>')
        if found:
            items = "".join(_finding_items(found, zh))
            out.append(
                f'<tr class="found"><td colspan="{len(header)}"><details>'
                f"<summary>{html.escape(_counts(found, zh))}</summary><ul>{items}</ul>"
                "</details></td></tr>"
            )
    out.append("</tbody></table>")
    return "".join(out)


def render_batch_html(
    batch: BatchResult,
    *,
    title: str | None = None,
    locale: str = "zh_CN",
    grades: GradeScale = NATIONAL_GRADES,
) -> str:
    """The HTML page (:func:`render_html`) of a batch of files, summary included, each
    table with its notes (:meth:`perfeval.files.BatchResult.table_list`)."""
    summary = summarize_batch(batch, grades=grades)
    forms = batch.form_list()
    return render_html(
        summary,
        batch.table_list(),
        _table_findings(batch),
        title=title,
        locale=locale,
        forms=forms,
        form_findings=[
            row for item in batch.results if item.table is None for row in item.findings
        ],
    )
