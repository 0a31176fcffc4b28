"""The JSON objects perfeval writes: built here, and only here.

Every JSON output of the command line (``score``, ``audit``, ``demo``, ``monitor``,
``department``) and of callers that want the same shapes comes from these functions; the
command line only parses arguments, reads files, dispatches and sets the exit code.
Values are decimal strings (``"98.63"``), ``None`` where there is none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from perfeval._validate import expect
from perfeval.audit import AuditReport, total_verdict
from perfeval.findings import Finding
from perfeval.grades import GradeBand
from perfeval.number import fixed, private_context
from perfeval.policy import Policy
from perfeval.table import Scorecard

if TYPE_CHECKING:  # type names only: these modules load with their commands
    from perfeval.department import NodeScore
    from perfeval.monitoring import MonitoringResult
    from perfeval.report import Report

__all__ = [
    "batch_to_json",
    "department_to_json",
    "finding_to_json",
    "monitoring_to_json",
    "report_to_json",
    "scorecard_to_json",
]


def _decimal(value: Decimal | None, places: int | None = None) -> str | None:
    return None if value is None else fixed(value, places)


def finding_to_json(finding: Finding) -> dict[str, Any]:
    """A finding as the JSON object of the command line's output."""
    expect(finding, Finding, "finding")
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "where": finding.where,
        "message": finding.message,
        "message_zh": finding.message_zh,
        "printed": finding.printed,
        "computed": finding.computed,
    }


@private_context
def scorecard_to_json(
    card: Scorecard, findings: Sequence[Finding] | AuditReport = ()
) -> dict[str, Any]:
    """The JSON object of ``perfeval score`` / ``perfeval audit`` for *card*: the scores,
    the *findings*, and ``notes``, the table's own notes (what its reader noted, such as a
    formula cell saved without its value)."""
    expect(card, Scorecard, "card")
    if isinstance(findings, AuditReport):
        findings = findings.findings
    funds: dict[str, Any] | None = None
    if card.funds is not None:
        rate = card.funds.rate
        funds = {
            "rate": _decimal(rate.fraction),
            "rate_percent": None if rate.percent is None else f"{fixed(rate.percent)}%",
            "score": _decimal(card.funds.score),
            "weight": _decimal(card.funds.weight),
            "capped": card.funds.capped,
            "over_budget": rate.over_budget,
            "weight_from": card.funds.weight_from,
            "filled_from_sources": list(card.funds.block.filled_from_sources),
            "explanation": card.funds.explain("en"),
            "explanation_zh": card.funds.explain("zh_CN"),
        }
    grade = card.grade
    low, high = card.total_range
    return {
        "policy": card.policy_id,
        "project": card.table.project,
        "year": card.table.year,
        "funds": funds,
        "indicators": [
            {
                "name": row.indicator.name,
                "level1": row.indicator.level1,
                "level2": row.indicator.level2,
                "score": _decimal(row.score),
                "weight": _decimal(row.weight),
                "rule": row.rule.value,
                "achievement": None if row.achievement is None else row.achievement.value,
                "judged": row.judged,
                "capped": row.capped,
                "formula": row.formula or None,
                "explanation": row.explain("en"),
                "explanation_zh": row.explain("zh_CN"),
            }
            for row in card.indicators
        ],
        "subtotals": {key: fixed(value) for key, value in card.subtotals(1).items()},
        "total": fixed(card.total),
        "total_range": [fixed(low), _decimal(high)],
        "complete": card.complete,
        "printed_total": _decimal(card.table.printed_total),
        "printed_total_verdict": total_verdict(card).state,
        "grade": None if grade is None else grade.label,
        "findings": [finding_to_json(finding) for finding in findings],
        "notes": list(card.table.notes),
    }


@private_context
def report_to_json(report: Report) -> dict[str, Any]:
    """A report: every table's audit, and the fund columns summed across projects (万元)."""
    from perfeval.report import Report  # loaded already with a Report to read

    expect(report, Report, "report")
    return {
        "policy": report.policy.id,
        "tables": [scorecard_to_json(item.scorecard, item) for item in report.audits],
        "sums": {
            field: _decimal(report.amount(field))
            for field in ("initial_budget", "annual_budget", "executed")
        },
        "unit": report.unit,
    }


@private_context
def monitoring_to_json(result: MonitoringResult) -> dict[str, Any]:
    """A monitoring result: progress, warning level, each row's ratios and the findings."""
    from perfeval.monitoring import (
        MonitoringResult,
    )  # loaded already with a MonitoringResult to read

    expect(result, MonitoringResult, "result")
    table, funds = result.table, result.funds
    return {
        "project": table.project,
        "month": table.month,
        "time_progress": None if funds is None else _decimal(funds.time_progress, 4),
        "progress": None if funds is None else _decimal(funds.progress, 4),
        "level": None if funds is None or funds.level is None else funds.level.value,
        "indicators": [
            {
                "name": row.indicator.name,
                "to_date_ratio": _decimal(row.to_date_ratio, 4),
                "forecast_ratio": _decimal(row.forecast_ratio, 4),
                "overshooting": row.overshooting,
            }
            for row in result.indicators
        ],
        "findings": [finding_to_json(f) for f in result.findings],
    }


@private_context
def department_to_json(
    scored: NodeScore,
    findings: Sequence[Finding],
    grade: GradeBand | None,
    *,
    policy: Policy,
    header: Mapping[str, Any],
) -> dict[str, Any]:
    """A scored department evaluation tree: every node, the total, the grade, findings."""
    return {
        "department": header.get("department"),
        "year": header.get("year"),
        "policy": policy.id,
        "total": _decimal(scored.score),
        "grade": None if grade is None else grade.label,
        "nodes": [
            {
                "where": path,
                "name": item.node.name,
                "weight": _decimal(item.node.weight),
                "score": _decimal(item.score),
                "formula": item.formula,
            }
            for path, item in scored.walk("tree")
        ],
        "findings": [finding_to_json(f) for f in findings],
    }


def batch_to_json(
    summary: Mapping[str, Any],
    tables: Sequence[Mapping[str, Any]],
    skipped: Sequence[tuple[str, str]] = (),
    *,
    forms: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """A batch as JSON: its *summary* (what :func:`perfeval.summary.summary_to_json`
    makes), then ``results``, one object per table read in input order (``file``,
    ``sheet``, every column of the table row: ``project``, ``total``, ``grade``,
    ``findings``, ``errors`` …, and ``notes``, the table's notes; see
    :meth:`perfeval.files.BatchResult.table_list`), ``other_forms``, one object per
    other form (rubric, score-coefficient table, department form) in input order
    (``file``, ``sheet`` and the form row's columns: ``kind``, ``title``, ``total``,
    ``grade``, ``findings`` …; see :meth:`perfeval.files.BatchResult.form_list`), and
    ``skipped``, one ``{"path", "reason"}`` per file passed over."""
    return {
        **summary,
        "results": [dict(row) for row in tables],
        "other_forms": [dict(row) for row in forms],
        "skipped": [{"path": path, "reason": reason} for path, reason in skipped],
    }
