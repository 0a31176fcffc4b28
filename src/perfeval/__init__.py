"""perfeval: exact, explainable scoring of 项目支出绩效自评表 (performance self-evaluation tables).

The public API is re-exported here; the modules behind it are an implementation detail.
Each name is imported when it is first used (``perfeval.score_table`` loads the scoring
modules then), so ``import perfeval`` costs almost nothing and a command imports only what
it uses. Edge modules (:mod:`perfeval.formatting`, :mod:`perfeval.document`,
:mod:`perfeval.serialization`, :mod:`perfeval.spreadsheet`, :mod:`perfeval.render`,
:mod:`perfeval.seed`, :mod:`perfeval.cli`, :mod:`perfeval.testing`) are imported by path
and never by this package.
"""

from __future__ import annotations

import importlib
import sys
import types

TYPE_CHECKING = False  # typing itself costs milliseconds to import; type checkers know this name
if TYPE_CHECKING:  # what type checkers and editors read; at run time, see __getattr__
    from typing import Any

    from perfeval.audit import (
        AuditReport,
        TotalVerdict,
        agrees,
        audit,
        total_verdict,
    )
    from perfeval.batch import (
        audit_many,
        score_many,
    )
    from perfeval.checks import (
        exceeds_weight,
        in_tier,
        note_required,
    )
    from perfeval.department import (
        Bands,
        Checklist,
        Deduction,
        IndicatorRule,
        Judged,
        LeafRule,
        Node,
        NodeScore,
        audit_tree,
        score_node,
    )
    from perfeval.errors import (
        DocumentError,
        InvalidAmountError,
        InvalidIndicatorError,
        InvalidNumberError,
        InvalidPolicyError,
        InvalidTypeError,
        LimitError,
        PerfevalError,
        TargetParseError,
        UnknownCodeError,
        UnknownPolicyError,
    )
    from perfeval.findings import (
        CATALOGUE,
        CODES,
        Code,
        Finding,
        Severity,
    )
    from perfeval.formulas import (
        FORMULAS,
        Formula,
        InverseRatio,
        LinearReverse,
        Ratio,
        Symmetric,
        formula_for,
        register_formula,
    )
    from perfeval.funds import (
        ExecutionRate,
        FundBlock,
        FundDiscrepancy,
        FundRow,
        FundsScore,
        fund_source,
        score_funds,
    )
    from perfeval.grades import (
        NATIONAL_GRADES,
        GradeBand,
        GradeScale,
    )
    from perfeval.groups import (
        GROUPS,
        Group,
        match_group,
    )
    from perfeval.indicators import (
        Indicator,
    )
    from perfeval.limits import (
        DEFAULT_LIMITS,
        Limits,
    )
    from perfeval.monitoring import (
        DEFAULT_MONITORING,
        Likelihood,
        MonitoredFunds,
        MonitoredIndicator,
        MonitoringPolicy,
        MonitoringResult,
        MonitoringTable,
        WarningLevel,
        monitor,
    )
    from perfeval.number import (
        quantize_half_up,
        to_amount,
        to_decimal,
    )
    from perfeval.policy import (
        MOF_2020,
        POLICIES,
        Policy,
        get_policy,
        policy_ids,
        resolve_policy,
    )
    from perfeval.report import (
        Report,
        build_report,
    )
    from perfeval.scoring import (
        IndicatorScore,
        Rule,
        score_indicator,
        tier_bounds,
    )
    from perfeval.table import (
        RowChange,
        Scorecard,
        Table,
        compare,
        score_table,
    )
    from perfeval.targets import (
        Achievement,
        Blank,
        Comparison,
        Deadline,
        Direction,
        NotApplicable,
        Qualitative,
        Reading,
        Unit,
        Unreadable,
        parse_actual,
        parse_target,
        structured_target,
    )

#: Where each public name lives: the module imported the first time the name is used.
_EXPORTS: dict[str, str] = {
    "Achievement": "perfeval.targets",
    "AuditReport": "perfeval.audit",
    "Bands": "perfeval.department",
    "Blank": "perfeval.targets",
    "CATALOGUE": "perfeval.findings",
    "CODES": "perfeval.findings",
    "Checklist": "perfeval.department",
    "Code": "perfeval.findings",
    "Comparison": "perfeval.targets",
    "DEFAULT_LIMITS": "perfeval.limits",
    "DEFAULT_MONITORING": "perfeval.monitoring",
    "Deadline": "perfeval.targets",
    "Deduction": "perfeval.department",
    "Direction": "perfeval.targets",
    "DocumentError": "perfeval.errors",
    "ExecutionRate": "perfeval.funds",
    "FORMULAS": "perfeval.formulas",
    "Finding": "perfeval.findings",
    "Formula": "perfeval.formulas",
    "FundBlock": "perfeval.funds",
    "FundDiscrepancy": "perfeval.funds",
    "FundRow": "perfeval.funds",
    "FundsScore": "perfeval.funds",
    "GROUPS": "perfeval.groups",
    "GradeBand": "perfeval.grades",
    "GradeScale": "perfeval.grades",
    "Group": "perfeval.groups",
    "Indicator": "perfeval.indicators",
    "IndicatorRule": "perfeval.department",
    "IndicatorScore": "perfeval.scoring",
    "InvalidAmountError": "perfeval.errors",
    "InvalidIndicatorError": "perfeval.errors",
    "InvalidNumberError": "perfeval.errors",
    "InvalidPolicyError": "perfeval.errors",
    "InvalidTypeError": "perfeval.errors",
    "InverseRatio": "perfeval.formulas",
    "Judged": "perfeval.department",
    "LeafRule": "perfeval.department",
    "Likelihood": "perfeval.monitoring",
    "LimitError": "perfeval.errors",
    "Limits": "perfeval.limits",
    "LinearReverse": "perfeval.formulas",
    "MOF_2020": "perfeval.policy",
    "MonitoredFunds": "perfeval.monitoring",
    "MonitoredIndicator": "perfeval.monitoring",
    "MonitoringPolicy": "perfeval.monitoring",
    "MonitoringResult": "perfeval.monitoring",
    "MonitoringTable": "perfeval.monitoring",
    "NATIONAL_GRADES": "perfeval.grades",
    "Node": "perfeval.department",
    "NodeScore": "perfeval.department",
    "NotApplicable": "perfeval.targets",
    "POLICIES": "perfeval.policy",
    "PerfevalError": "perfeval.errors",
    "Policy": "perfeval.policy",
    "Qualitative": "perfeval.targets",
    "Ratio": "perfeval.formulas",
    "Reading": "perfeval.targets",
    "Report": "perfeval.report",
    "RowChange": "perfeval.table",
    "Rule": "perfeval.scoring",
    "Scorecard": "perfeval.table",
    "Severity": "perfeval.findings",
    "Symmetric": "perfeval.formulas",
    "Table": "perfeval.table",
    "TargetParseError": "perfeval.errors",
    "TotalVerdict": "perfeval.audit",
    "Unit": "perfeval.targets",
    "UnknownCodeError": "perfeval.errors",
    "UnknownPolicyError": "perfeval.errors",
    "Unreadable": "perfeval.targets",
    "WarningLevel": "perfeval.monitoring",
    "agrees": "perfeval.audit",
    "audit": "perfeval.audit",
    "audit_many": "perfeval.batch",
    "audit_tree": "perfeval.department",
    "build_report": "perfeval.report",
    "compare": "perfeval.table",
    "exceeds_weight": "perfeval.checks",
    "formula_for": "perfeval.formulas",
    "fund_source": "perfeval.funds",
    "get_policy": "perfeval.policy",
    "in_tier": "perfeval.checks",
    "match_group": "perfeval.groups",
    "monitor": "perfeval.monitoring",
    "note_required": "perfeval.checks",
    "parse_actual": "perfeval.targets",
    "parse_target": "perfeval.targets",
    "policy_ids": "perfeval.policy",
    "quantize_half_up": "perfeval.number",
    "register_formula": "perfeval.formulas",
    "resolve_policy": "perfeval.policy",
    "score_funds": "perfeval.funds",
    "score_indicator": "perfeval.scoring",
    "score_many": "perfeval.batch",
    "score_node": "perfeval.department",
    "score_table": "perfeval.table",
    "structured_target": "perfeval.targets",
    "tier_bounds": "perfeval.scoring",
    "to_amount": "perfeval.number",
    "to_decimal": "perfeval.number",
    "total_verdict": "perfeval.audit",
}

__all__ = [
    "CATALOGUE",
    "CODES",
    "DEFAULT_LIMITS",
    "DEFAULT_MONITORING",
    "FORMULAS",
    "GROUPS",
    "MOF_2020",
    "NATIONAL_GRADES",
    "POLICIES",
    "Achievement",
    "AuditReport",
    "Bands",
    "Blank",
    "Checklist",
    "Code",
    "Comparison",
    "Deadline",
    "Deduction",
    "Direction",
    "DocumentError",
    "ExecutionRate",
    "Finding",
    "Formula",
    "FundBlock",
    "FundDiscrepancy",
    "FundRow",
    "FundsScore",
    "GradeBand",
    "GradeScale",
    "Group",
    "Indicator",
    "IndicatorRule",
    "IndicatorScore",
    "InvalidAmountError",
    "InvalidIndicatorError",
    "InvalidNumberError",
    "InvalidPolicyError",
    "InvalidTypeError",
    "InverseRatio",
    "Judged",
    "LeafRule",
    "Likelihood",
    "LimitError",
    "Limits",
    "LinearReverse",
    "MonitoredFunds",
    "MonitoredIndicator",
    "MonitoringPolicy",
    "MonitoringResult",
    "MonitoringTable",
    "Node",
    "NodeScore",
    "NotApplicable",
    "PerfevalError",
    "Policy",
    "Qualitative",
    "Ratio",
    "Reading",
    "Report",
    "RowChange",
    "Rule",
    "Scorecard",
    "Severity",
    "Symmetric",
    "Table",
    "TargetParseError",
    "TotalVerdict",
    "Unit",
    "UnknownCodeError",
    "UnknownPolicyError",
    "Unreadable",
    "WarningLevel",
    "agrees",
    "audit",
    "audit_many",
    "audit_tree",
    "build_report",
    "compare",
    "exceeds_weight",
    "formula_for",
    "fund_source",
    "get_policy",
    "in_tier",
    "match_group",
    "monitor",
    "note_required",
    "parse_actual",
    "parse_target",
    "policy_ids",
    "quantize_half_up",
    "register_formula",
    "resolve_policy",
    "score_funds",
    "score_indicator",
    "score_many",
    "score_node",
    "score_table",
    "structured_target",
    "tier_bounds",
    "to_amount",
    "to_decimal",
    "total_verdict",
]

__version__ = "0.1.0.dev0"


def __getattr__(name: str) -> Any:
    """Import a public name on first use, and keep it."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'perfeval' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Package(types.ModuleType):
    """The package module: a submodule that shares a public name (:mod:`perfeval.audit` and
    :func:`perfeval.audit`) must not replace the name when the submodule is imported."""

    def __setattr__(self, name: str, value: Any) -> None:
        if (
            isinstance(value, types.ModuleType)
            and value.__name__ == f"{__name__}.{name}"
            and _EXPORTS.get(name) == value.__name__
        ):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
