"""perfeval: exact, explainable scoring of 项目支出绩效自评表 (performance self-evaluation tables).

The public API is re-exported here; the modules behind it are an implementation detail.
Edge modules (:mod:`perfeval.formatting`, :mod:`perfeval.document`, :mod:`perfeval.cli`)
are imported by path and never by this package.
"""

from perfeval.errors import (
    DocumentError,
    InvalidAmountError,
    InvalidIndicatorError,
    InvalidNumberError,
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
from perfeval.number import quantize_half_up, to_amount, to_decimal
from perfeval.policy import MOF_2020, POLICIES, Policy, get_policy, policy_ids
from perfeval.scoring import IndicatorScore, Rule, score_indicator, tier_bounds
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
    "GROUPS",
    "MOF_2020",
    "NATIONAL_GRADES",
    "POLICIES",
    "Achievement",
    "Blank",
    "Comparison",
    "Deadline",
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
    "IndicatorScore",
    "InvalidAmountError",
    "InvalidIndicatorError",
    "InvalidNumberError",
    "NotApplicable",
    "PerfevalError",
    "Policy",
    "Qualitative",
    "Reading",
    "Rule",
    "Severity",
    "TargetParseError",
    "Unit",
    "UnknownPolicyError",
    "Unreadable",
    "fund_source",
    "get_policy",
    "match_group",
    "parse_actual",
    "parse_target",
    "policy_ids",
    "quantize_half_up",
    "score_funds",
    "score_indicator",
    "structured_target",
    "tier_bounds",
    "to_amount",
    "to_decimal",
]

__version__ = "0.1.0.dev0"
