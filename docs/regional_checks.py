"""A province's own audit check: the worked example of docs/regional.md.

One function in its own module, marked with the finding codes it may give; a policy
that lists it in ``checks`` runs it after the national checks, in this process and in
worker processes alike (they import this module by its name).
"""

from __future__ import annotations

from perfeval.audit import check
from perfeval.findings import Finding
from perfeval.table import Scorecard


@check("missing-value")
def check_cost_indicator(card: Scorecard) -> list[Finding]:
    """This province's form requires at least one cost indicator (成本指标)."""
    for row in card.table.indicators:
        group = row.level2_group
        if group is not None and group.key == "cost" and not row.not_applicable:
            return []
    return [
        Finding.make(
            "missing-value",
            "indicators",
            "the table has no cost indicator (成本指标), which this province requires",
            "表中没有成本指标，本省要求至少设置一项成本指标",
        )
    ]
