"""The verification kit: laws (here) and Hypothesis strategies (:mod:`.strategies`).

The laws need only perfeval; the strategies need Hypothesis (``perfeval[testing]``). See
``docs/verify.md`` for a worked example that catches a wrong scorer.
"""

from perfeval.testing.laws import (
    Auditor,
    Grader,
    IndicatorScorer,
    LawViolation,
    TableScorer,
    check_agrees_with_perfeval,
    check_audit_clean,
    check_catches_fault,
    check_grade_bands,
    check_monotone,
    check_negation_not_met,
    check_read_or_unreadable,
    check_score_within_weight,
    check_time_limit_monotone,
    check_total_is_sum,
    check_tree,
    perfeval_auditor,
    perfeval_scorer,
    perfeval_table_scorer,
)

__all__ = [
    "Auditor",
    "Grader",
    "IndicatorScorer",
    "LawViolation",
    "TableScorer",
    "check_agrees_with_perfeval",
    "check_audit_clean",
    "check_catches_fault",
    "check_grade_bands",
    "check_monotone",
    "check_negation_not_met",
    "check_read_or_unreadable",
    "check_score_within_weight",
    "check_time_limit_monotone",
    "check_total_is_sum",
    "check_tree",
    "perfeval_auditor",
    "perfeval_scorer",
    "perfeval_table_scorer",
]
