"""perfeval: exact, explainable scoring of 项目支出绩效自评表 (performance self-evaluation tables).

The public API is re-exported here; the modules behind it are an implementation detail.
Edge modules (:mod:`perfeval.formatting`, :mod:`perfeval.document`,
:mod:`perfeval.serialization`, :mod:`perfeval.spreadsheet`, :mod:`perfeval.render`,
:mod:`perfeval.seed`, :mod:`perfeval.cli`, :mod:`perfeval.testing`) are imported by path
and never by this package.
"""

from perfeval.audit import AuditReport, agrees, audit
from perfeval.batch import audit_many, score_many
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
    InvalidTypeError,
    LimitError,
    PerfevalError,
    TargetParseError,
    UnknownPolicyError,
)
from perfeval.findings import CODES, Finding, Severity
from perfeval.funds import (
    ExecutionRate,
    FundBlock,
    FundDiscrepancy,
    FundRow,
    FundsScore,
    fund_source,
    score_funds,
)
from perfeval.grades import NATIONAL_GRADES, GradeBand, GradeScale
from perfeval.groups import GROUPS, Group, match_group
from perfeval.indicators import Indicator
from perfeval.limits import DEFAULT_LIMITS, Limits
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
from perfeval.number import quantize_half_up, to_amount, to_decimal
from perfeval.policy import MOF_2020, POLICIES, Policy, get_policy, policy_ids
from perfeval.report import Report, build_report
from perfeval.scoring import IndicatorScore, Rule, score_indicator, tier_bounds
from perfeval.table import RowChange, Scorecard, Table, compare, score_table
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

__all__ = [
    "CODES",
    "DEFAULT_LIMITS",
    "DEFAULT_MONITORING",
    "GROUPS",
    "MOF_2020",
    "NATIONAL_GRADES",
    "POLICIES",
    "Achievement",
    "AuditReport",
    "Bands",
    "Blank",
    "Checklist",
    "Comparison",
    "Deadline",
    "Deduction",
    "Direction",
    "DocumentError",
    "ExecutionRate",
    "Finding",
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
    "InvalidTypeError",
    "Judged",
    "LeafRule",
    "Likelihood",
    "LimitError",
    "Limits",
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
    "Reading",
    "Report",
    "RowChange",
    "Rule",
    "Scorecard",
    "Severity",
    "Table",
    "TargetParseError",
    "Unit",
    "UnknownPolicyError",
    "Unreadable",
    "WarningLevel",
    "agrees",
    "audit",
    "audit_many",
    "audit_tree",
    "build_report",
    "compare",
    "fund_source",
    "get_policy",
    "match_group",
    "monitor",
    "parse_actual",
    "parse_target",
    "policy_ids",
    "quantize_half_up",
    "score_funds",
    "score_indicator",
    "score_many",
    "score_node",
    "score_table",
    "structured_target",
    "tier_bounds",
    "to_amount",
    "to_decimal",
]

__version__ = "0.1.0.dev0"
