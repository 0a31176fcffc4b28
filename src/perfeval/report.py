"""Reports over several tables, like a unit's self-evaluation report with its annexes.

:func:`build_report` audits each table under one policy and sums the fund columns across
projects, as the report's 项目资金到位情况 table does (the seed report: 46.78 + 7.49 +
51.79 = 106.06 executed).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import attrs

from perfeval._validate import tuple_of
from perfeval.audit import AuditReport, audit
from perfeval.cells import MONEY_UNITS, convert_money
from perfeval.errors import InvalidIndicatorError
from perfeval.findings import Finding
from perfeval.funds import AMOUNT_FIELDS
from perfeval.number import add, private_context
from perfeval.policy import Policy, resolve_policy
from perfeval.table import Table

__all__ = ["Report", "build_report"]


@attrs.frozen(kw_only=True)
class Report:
    """Audited tables and their sums."""

    policy: Policy
    audits: tuple[AuditReport, ...]
    unit: str = attrs.field(default="万元", validator=attrs.validators.in_(tuple(MONEY_UNITS)))
    """The money unit the sums are stated in; each project's amounts are converted into it."""

    @private_context
    def amount(self, field: str) -> Decimal | None:
        """Sum of one fund column (``initial_budget``, ``annual_budget``, ``executed``)
        over the projects' scored total rows, in :attr:`unit` (a block in 元 and one in
        万元 are converted before they are added); ``None`` when no project has it."""
        if field not in AMOUNT_FIELDS:
            raise InvalidIndicatorError(
                f"unknown fund column; use one of {', '.join(AMOUNT_FIELDS)}",
                field="field",
                value=field,
            )
        values = []
        for item in self.audits:
            funds = item.scorecard.table.funds
            row = funds.scored_row if funds is not None else None
            value = getattr(row, field) if row is not None else None
            if row is not None and value is not None:
                values.append(convert_money(value, row.unit, self.unit))
        return add(*values) if values else None

    @property
    def findings(self) -> tuple[tuple[str, Finding], ...]:
        """Every finding, with the project it belongs to."""
        return tuple(
            (item.scorecard.table.project, finding)
            for item in self.audits
            for finding in item.findings
        )


@private_context
def build_report(
    tables: Iterable[Table], policy: Policy | str = "mof-2020", *, unit: str = "万元"
) -> Report:
    """Audit every table of *tables* under *policy*; sums are stated in *unit*."""
    policy = resolve_policy(policy)
    items: tuple[Table, ...] = tuple_of(Table, "tables")(tables)
    return Report(policy=policy, audits=tuple(audit(table, policy) for table in items), unit=unit)
