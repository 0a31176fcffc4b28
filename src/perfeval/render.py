"""Readable renderings of scorecards, audits and reports: terminal text and Markdown.

An edge module (it formats numbers with :mod:`perfeval.formatting`, hence babel). Labels
come in zh_CN and en.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from perfeval._validate import chinese, expect
from perfeval.audit import AuditReport, total_verdict
from perfeval.findings import Finding
from perfeval.formatting import format_amount, format_rate, format_score
from perfeval.grades import GradeBand
from perfeval.number import HUNDRED, private_context
from perfeval.policy import Policy
from perfeval.table import Scorecard

if TYPE_CHECKING:  # type names only: these modules load with their commands
    from perfeval.department import NodeScore
    from perfeval.monitoring import MonitoringResult
    from perfeval.report import Report

__all__ = [
    "render_audit",
    "render_batch_tables",
    "render_department",
    "render_findings",
    "render_monitoring",
    "render_policies",
    "render_report",
    "render_rows",
    "render_scorecard",
]

_LABELS = {
    "funds": ("预算执行", "Budget execution"),
    "annual_budget": ("全年预算数", "annual budget"),
    "executed": ("全年执行数", "executed"),
    "initial_budget": ("年初预算数", "initial budget"),
    "rate": ("执行率", "rate"),
    "score": ("得分", "score"),
    "weight": ("分值", "weight"),
    "indicators": ("绩效指标", "Indicators"),
    "level1": ("一级指标", "level 1"),
    "level2": ("二级指标", "level 2"),
    "name": ("三级指标", "indicator"),
    "target": ("年度指标值", "target"),
    "actual": ("实际完成值", "actual"),
    "rule": ("规则", "rule"),
    "total": ("总分", "Total"),
    "grade": ("评价等级", "Grade"),
    "incomplete": ("（不完整：最高可达 {high}）", " (incomplete: at most {high})"),
    "unbounded": (
        "（不完整：有行缺少分值，最高分未知）",
        " (incomplete: a row has no weight, the highest total is unknown)",
    ),
    "undetermined": ("待定", "undetermined"),
    "printed": ("表中总分", "printed total"),
    "printed_blank": ("空白", "blank"),
    "agrees": ("一致", "agrees"),
    "differs": ("不一致", "differs"),
    "unverified": ("无法核实", "cannot be verified"),
    "findings": ("审核发现", "Findings"),
    "none": ("无", "none"),
    "policy": ("评分政策", "policy"),
    "subtotals": ("一级指标小计", "Subtotals"),
    "report": ("项目资金到位情况及评分汇总", "Funds and scores across projects"),
    "project": ("项目", "project"),
    "sum": ("合计", "Total"),
    "notes": ("说明", "Notes"),
    "summed": ("（年度资金总额为空，取各来源之和）", " (the total row is blank: the sources' sum)"),
}
_RULES = {
    "positive": ("正向", "positive"),
    "reverse": ("反向", "reverse"),
    "equal": ("等值", "equal"),
    "qualitative": ("定性", "qualitative"),
    "deadline": ("时限", "deadline"),
    "judged": ("按评分", "judged"),
    "not-applicable": ("不适用", "n/a"),
    "unscored": ("未计分", "unscored"),
}
_SEVERITY = {"error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "info")}


def _pick(table: dict[str, tuple[str, str]], key: str, locale: str) -> str:
    zh, en = table[key]
    return zh if chinese(locale) else en


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _text_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(_width(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    lines = ["  ".join(_pad(cell, width) for cell, width in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * width for width in widths))
    for row in rows:
        lines.append("  ".join(_pad(cell, width) for cell, width in zip(row, widths, strict=True)))
    return [line.rstrip() for line in lines]


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    return [line(header), line(["---"] * len(header)), *(line(row) for row in rows)]


def render_rows(
    rows: Sequence[Mapping[str, object]], columns: Sequence[str], *, markdown: bool = False
) -> str:
    """*rows* (dicts, such as :mod:`perfeval.rows` gives) as a text or Markdown table of
    *columns*, a blank for ``None``."""
    cells = [["" if row.get(name) is None else str(row[name]) for name in columns] for row in rows]
    lines = (_md_table if markdown else _text_table)(list(columns), cells)
    return "\n".join(lines)


def _score(value: Decimal | None, locale: str) -> str:
    return "—" if value is None else format_score(value, locale=locale)


def _grade(grade: GradeBand, locale: str) -> str:
    return grade.label if chinese(locale) else f"{grade.label} ({grade.name})"


def _short(text: str, limit: int = 18) -> str:
    text = " ".join(text.split())
    return text if _width(text) <= limit * 2 else text[: limit - 1] + "…"


def _indicator_rows(card: Scorecard, locale: str) -> list[list[str]]:
    rows = []
    for index, row in enumerate(card.indicators):
        item = row.indicator
        rows.append(
            [
                str(index),
                _short(item.level1 or "", 10),
                _short(item.level2 or "", 10),
                _short(item.name or "", 14),
                _short(str(item.target), 12),
                _short(str(item.actual), 12),
                format_amount(row.weight, locale=locale) if row.weight is not None else "",
                _score(row.score, locale),
                _pick(_RULES, row.rule.value, locale),
            ]
        )
    return rows


@private_context
def render_findings(
    findings: Sequence[Finding], *, locale: str = "zh_CN", markdown: bool = False
) -> list[str]:
    """Findings as lines of terminal text or a Markdown list."""
    if not findings:
        return [
            "- " + _pick(_LABELS, "none", locale)
            if markdown
            else "  " + _pick(_LABELS, "none", locale)
        ]
    lines = []
    for finding in findings:
        severity = _pick(_SEVERITY, finding.severity.value, locale)
        if markdown:
            lines.append(
                f"- **{severity}** `{finding.code}` at `{finding.where}`: {finding.text(locale)}"
            )
        else:
            lines.append(f"  [{severity}] {finding.code} @ {finding.where}: {finding.text(locale)}")
    return lines


@private_context
def render_scorecard(
    card: Scorecard,
    *,
    findings: Sequence[Finding] | None = None,
    locale: str = "zh_CN",
    markdown: bool = False,
    explain: bool = False,
) -> str:
    """A scorecard (and, when given, its findings) as terminal text or Markdown, with
    the table's notes (说明 / Notes) last when it has any."""
    expect(card, Scorecard, "card")
    card = card.explained()  # its rows are read more than once below
    table = card.table

    def label(key: str) -> str:
        return _pick(_LABELS, key, locale)

    title = f"{table.project}（{table.year}）" if table.year else table.project
    lines = [f"## {title}" if markdown else title]
    lines.append(f"{label('policy')}: {card.policy_id}")
    lines.append("")
    funds = card.funds
    if funds is not None:
        row = funds.block.scored_row
        unit = funds.block.unit
        amounts = ""
        if row is not None:
            annual = (
                "—"
                if row.annual_budget is None
                else format_amount(row.annual_budget, locale=locale, unit=unit)
            )
            executed = (
                "—"
                if row.executed is None
                else format_amount(row.executed, locale=locale, unit=unit)
            )
            amounts = f"{label('annual_budget')} {annual}, {label('executed')} {executed}"
            scored = {"annual_budget", "executed"}  # the findings and --explain say which
            if scored.intersection(funds.block.filled_from_sources):
                amounts += label("summed")
            amounts += ", "
        weight = "—" if funds.weight is None else format_amount(funds.weight, locale=locale)
        lines.append(
            f"{label('funds')}: {amounts}{label('rate')} {format_rate(funds.rate, locale=locale)}, "
            f"{label('score')} {_score(funds.score, locale)} / {weight}"
        )
        if explain:
            lines.append("  " + funds.explain(locale))
        lines.append("")
    header = ["#", label("level1"), label("level2"), label("name"), label("target"),
              label("actual"), label("weight"), label("score"), label("rule")]  # fmt: skip
    rows = _indicator_rows(card, locale)
    lines.extend(_md_table(header, rows) if markdown else _text_table(header, rows))
    if explain:
        lines.append("")
        lines.extend(f"  [{i}] {row.explain(locale)}" for i, row in enumerate(card.indicators))
    lines.append("")
    subtotals = ", ".join(f"{k} {_score(v, locale)}" for k, v in card.subtotals(1).items())
    lines.append(f"{label('subtotals')}: {subtotals}")
    _, high = card.total_range
    total = _score(card.total, locale)
    if not card.complete:
        if high is None:
            total += label("unbounded")
        else:
            total += label("incomplete").format(high=_score(high, locale))
    grade = card.grade
    lines.append(
        f"{'**' if markdown else ''}{label('total')}: {total}    {label('grade')}: "
        f"{_grade(grade, locale) if grade else label('undetermined')}{'**' if markdown else ''}"
    )
    judged = total_verdict(card)
    if judged.printed is None:
        verdict = label("printed_blank")
    else:
        state = {
            "agrees": label("agrees"),
            "unverified": label("unverified"),
        }.get(judged.state, label("differs"))
        shown = format_amount(judged.printed, locale=locale)
        verdict = f"{shown}（{state}）" if chinese(locale) else f"{shown} ({state})"
    lines.append(f"{label('printed')}: {verdict}")
    if findings is not None:
        lines.append("")
        lines.append(f"### {label('findings')}" if markdown else f"{label('findings')}:")
        lines.extend(render_findings(findings, locale=locale, markdown=markdown))
    if table.notes:  # what the reader noted (a formula with no saved value …): always shown
        lines.append("")
        lines.append(f"### {label('notes')}" if markdown else f"{label('notes')}:")
        lines.extend(f"- {note}" if markdown else f"  - {note}" for note in table.notes)
    return "\n".join(lines)


@private_context
def render_audit(
    report: AuditReport, *, locale: str = "zh_CN", markdown: bool = False, explain: bool = False
) -> str:
    """An audit: the scorecard and every finding."""
    expect(report, AuditReport, "report")
    return render_scorecard(
        report.scorecard,
        findings=report.findings,
        locale=locale,
        markdown=markdown,
        explain=explain,
    )


@private_context
def render_report(
    report: Report, *, locale: str = "zh_CN", markdown: bool = False, explain: bool = False
) -> str:
    """Every table of *report*, then the sums across projects."""
    from perfeval.report import Report  # loaded already with a Report to read

    expect(report, Report, "report")
    parts = [
        render_audit(item, locale=locale, markdown=markdown, explain=explain)
        for item in report.audits
    ]

    def label(key: str) -> str:
        return _pick(_LABELS, key, locale)

    header = [label("project"), label("initial_budget"), label("annual_budget"),
              label("executed"), label("total"), label("grade")]  # fmt: skip
    rows = []
    for item in report.audits:
        card = item.scorecard
        funds = card.table.funds
        row = funds.scored_row if funds is not None else None

        def cell(value: Decimal | None) -> str:
            return "—" if value is None else format_amount(value, locale=locale)

        rows.append(
            [
                card.table.project,
                cell(row.initial_budget if row else None),
                cell(row.annual_budget if row else None),
                cell(row.executed if row else None),
                _score(card.total, locale) + ("" if card.complete else "*"),
                _grade(card.grade, locale) if card.grade else label("undetermined"),
            ]
        )
    sums = [report.amount(field) for field in ("initial_budget", "annual_budget", "executed")]
    rows.append(
        [
            label("sum"),
            *("—" if v is None else format_amount(v, locale=locale) for v in sums),
            "",
            "",
        ]
    )
    unit = report.unit
    title = label("report") + f"（{unit}）" if chinese(locale) else f"{label('report')} ({unit})"
    summary = [f"## {title}" if markdown else title]
    summary.extend(_md_table(header, rows) if markdown else _text_table(header, rows))
    if any(not item.scorecard.complete for item in report.audits):
        summary.append(
            "* 总分不完整：有指标缺少得分，见审核发现。"
            if chinese(locale)
            else "* incomplete total: a row has no score; see the findings."
        )
    separator = "\n\n" if markdown else "\n\n" + "=" * 60 + "\n\n"
    return separator.join([*parts, "\n".join(summary)])


@private_context
def render_monitoring(
    result: MonitoringResult, *, locale: str = "zh_CN", markdown: bool = False
) -> str:
    """A monitoring result: progress against time, the warning level, and the findings."""
    from perfeval.monitoring import (
        MonitoringResult,
    )  # loaded already with a MonitoringResult to read

    expect(result, MonitoringResult, "result")
    zh = chinese(locale)
    table, funds = result.table, result.funds
    title = (
        f"{table.project}（{table.month}月）" if zh else f"{table.project} (month {table.month})"
    )
    lines = [f"## {title}" if markdown else title]
    if funds is not None and funds.progress is not None and funds.level is not None:
        time = format_score(funds.time_progress * HUNDRED, locale=locale)
        spent = format_score(funds.progress * HUNDRED, locale=locale)
        lines.append(
            f"时间进度 {time}%，执行进度 {spent}%，{funds.level.label}预警"
            if zh
            else f"time {time}%, spent {spent}%: {funds.level.value}"
        )
    heading = _pick(_LABELS, "findings", locale)
    lines.append(f"### {heading}" if markdown else f"{heading}:")
    lines.extend(render_findings(result.findings, locale=locale, markdown=markdown))
    return "\n".join(lines)


@private_context
def render_department(
    scored: NodeScore,
    findings: Sequence[Finding],
    grade: GradeBand | None,
    *,
    locale: str = "zh_CN",
    markdown: bool = False,
) -> str:
    """A scored department evaluation tree, node by node, with its total and findings."""

    def cell(value: Decimal | None) -> str:
        return "—" if value is None else format_amount(value, locale=locale)

    rows = []
    for path, item in scored.walk("tree"):
        depth = path.count(".children")
        rows.append(("  " * depth, item.node.name, cell(item.score), cell(item.node.weight)))
    lines: list[str] = []
    if markdown:
        header = [_pick(_LABELS, "name", locale), _pick(_LABELS, "score", locale),
                  _pick(_LABELS, "weight", locale)]  # fmt: skip
        body = [
            ["\u3000" * len(indent) + name, score, weight] for indent, name, score, weight in rows
        ]
        lines.extend(_md_table(header, body))
    else:
        lines.extend(f"{indent}{name}  {score} / {weight}" for indent, name, score, weight in rows)
    total = "—" if scored.score is None else format_score(scored.score, locale=locale)
    shown = f"{_pick(_LABELS, 'total', locale)}: {total}  {grade.label if grade else ''}".rstrip()
    lines.append(f"**{shown}**" if markdown else shown)
    heading = _pick(_LABELS, "findings", locale)
    lines.append(f"### {heading}" if markdown else f"{heading}:")
    lines.extend(render_findings(findings, locale=locale, markdown=markdown))
    return "\n".join(lines)


def render_policies(
    policies: Sequence[Policy], *, locale: str = "zh_CN", markdown: bool = False
) -> str:
    """The policies as a list of ids and titles in *locale* (a Markdown table when
    *markdown*); a policy with no Chinese title shows its English one."""

    def title(policy: Policy) -> str:
        return (policy.title_zh or policy.title) if chinese(locale) else policy.title

    if markdown:
        rows = [f"| {p.id} | {title(p)} |" for p in policies]
        return "\n".join(["| id | title |", "| --- | --- |", *rows])
    width = max((len(p.id) for p in policies), default=0)
    return "\n".join(f"{p.id.ljust(width)}  {title(p)}" for p in policies)


_BATCH = {
    "tables": ("各表", "Tables"),
    "skipped": ("跳过的文件", "Skipped files"),
    "file": ("文件", "file"),
    "sheet": ("表", "table"),
    "project": ("项目", "project"),
    "total": ("总分", "total"),
    "grade": ("等级", "grade"),
    "findings": ("发现", "findings"),
    "errors": ("错误", "errors"),
    "reason": ("原因", "reason"),
    "notes": ("说明", "Notes"),
    "note": ("说明", "note"),
    "forms": ("其他表", "Other forms"),
    "kind": ("类型", "kind"),
    "title": ("名称", "title"),
}


def render_batch_tables(
    tables: Sequence[Mapping[str, Any]],
    skipped: Sequence[tuple[str, str]] = (),
    *,
    locale: str = "zh_CN",
    markdown: bool = False,
    forms: Sequence[Mapping[str, Any]] = (),
) -> str:
    """The tables of a batch, one line each (file, the sheet or table when a file holds
    several, project, total, grade, and the findings and error findings when audited),
    then the other forms (*forms*: rubrics, score-coefficient tables, department forms,
    the rows of :meth:`perfeval.files.BatchResult.form_list`), one line each with their
    kind and title, then the tables' notes (a row's ``notes``: what the reader noted, one
    line each), then the files skipped with their reason. *tables* are the rows of
    :meth:`perfeval.files.BatchResult.table_list`; *skipped* are (path, reason)."""

    def label(key: str) -> str:
        return _pick(_BATCH, key, locale)

    def cell(value: object) -> str:
        return "—" if value is None else str(value)

    sheets = any(row.get("sheet") for row in tables)
    audited = any(row.get("findings") is not None for row in tables)
    keys = ["file", *(["sheet"] if sheets else []), "project", "total", "grade"]
    keys += ["findings", "errors"] if audited else []
    rows = []
    for row in tables:
        project = str(row.get("project") or "")
        shown = {**row, "project": project if markdown else _short(project, 24)}
        rows.append([cell(shown.get(key)) for key in keys])
    lines: list[str] = []

    def section(title: str, header: Sequence[str], cells: list[list[str]]) -> None:
        if lines:
            lines.append("")
        if markdown:
            lines.extend([f"## {title}", "", *_md_table(header, cells)])
        else:
            lines.extend([title, *_text_table(header, cells)])

    if rows:
        section(label("tables"), [label(key) for key in keys], rows)
    if forms:
        from perfeval.kinds import kind_label

        several = any(row.get("sheet") for row in forms)
        judged = any(row.get("findings") is not None for row in forms)
        form_keys = ["file", *(["sheet"] if several else []), "kind", "title", "total", "grade"]
        form_keys += ["findings", "errors"] if judged else []
        listed = []
        for row in forms:
            title = str(row.get("title") or "")
            shown = {
                **row,
                "kind": kind_label(str(row.get("kind")), locale),
                "title": title if markdown else _short(title, 24),
            }
            listed.append([cell(shown.get(key)) for key in form_keys])
        section(label("forms"), [label(key) for key in form_keys], listed)
    noted = [
        [
            cell(row.get("file")),
            *([cell(row.get("sheet"))] if sheets else []),
            " ".join(note.split()),
        ]
        for row in tables
        for note in row.get("notes") or ()
    ]
    if noted:
        header = [label("file"), *([label("sheet")] if sheets else []), label("note")]
        section(label("notes"), header, noted)
    if skipped:
        section(
            label("skipped"),
            [label("file"), label("reason")],
            [[path, " ".join(reason.split())] for path, reason in skipped],
        )
    return "\n".join(lines)
