"""Reports over several tables, like a unit's self-evaluation report with its annexes.

:func:`build_report` audits each table under one policy and sums the fund columns across
projects, as the report's 项目资金到位情况 table does (the seed report: 46.78 + 7.49 +
51.79 = 106.06 executed).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import attrs

from perfeval.audit import AuditReport, audit
from perfeval.findings import Finding
from perfeval.funds import AMOUNT_FIELDS
from perfeval.number import add
from perfeval.policy import MOF_2020, Policy
from perfeval.table import Table

__all__ = ["Report", "build_report"]


@attrs.frozen(kw_only=True)
class Report:
    """Audited tables and their sums."""

    policy: Policy
    audits: tuple[AuditReport, ...]

    def amount(self, field: str) -> Decimal | None:
        """Sum of one fund column (``initial_budget``, ``annual_budget``, ``executed``)
        over the projects' scored total rows; ``None`` when no project has it."""
        if field not in AMOUNT_FIELDS:
            raise ValueError(f"unknown fund column {field!r}; use one of {AMOUNT_FIELDS}")
        values = []
        for item in self.audits:
            funds = item.scorecard.table.funds
            row = funds.scored_row if funds is not None else None
            value = getattr(row, field) if row is not None else None
            if value is not None:
                values.append(value)
        return add(*values) if values else None

    @property
    def findings(self) -> tuple[tuple[str, Finding], ...]:
        """Every finding, with the project it belongs to."""
        return tuple(
            (item.scorecard.table.project, finding)
            for item in self.audits
            for finding in item.findings
        )


def build_report(tables: Iterable[Table], policy: Policy = MOF_2020) -> Report:
    """Audit every table of *tables* under *policy*."""
    return Report(policy=policy, audits=tuple(audit(table, policy) for table in tables))
