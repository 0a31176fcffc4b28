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
from perfeval.number import quantize_half_up, to_amount, to_decimal
from perfeval.policy import MOF_2020, POLICIES, Policy, get_policy, policy_ids

__all__ = [
    "MOF_2020",
    "NATIONAL_GRADES",
    "POLICIES",
    "DocumentError",
    "ExecutionRate",
    "FundBlock",
    "FundDiscrepancy",
    "FundRow",
    "FundsScore",
    "GradeBand",
    "GradeScale",
    "InvalidAmountError",
    "InvalidIndicatorError",
    "InvalidNumberError",
    "PerfevalError",
    "Policy",
    "TargetParseError",
    "UnknownPolicyError",
    "fund_source",
    "get_policy",
    "policy_ids",
    "quantize_half_up",
    "score_funds",
    "to_amount",
    "to_decimal",
]

__version__ = "0.1.0.dev0"
