"""The verification kit: laws, one call that runs them (:func:`verify`), and Hypothesis
strategies (:mod:`.strategies`).

The laws need only perfeval; :func:`verify` and the strategies need Hypothesis
(``perfeval[testing]``). See ``docs/verify.md`` for a tutorial that verifies a province's
scorer end to end.
"""

from perfeval.testing.laws import (
    Auditor,
    Expected,
    FundsScorer,
    Grader,
    IndicatorScorer,
    LawViolation,
    Reader,
    TableGrader,
    TableScorer,
    TableScores,
    check_agrees_with_perfeval,
    check_audit_clean,
    check_catches_fault,
    check_deadline,
    check_funds_agree_with_perfeval,
    check_funds_score,
    check_funds_unit_invariance,
    check_grade_bands,
    check_judged_rows,
    check_met_scores_weight,
    check_missed_by_formula,
    check_monotone,
    check_negation_not_met,
    check_not_applicable,
    check_read_or_unreadable,
    check_reading_agrees_with_perfeval,
    check_row_order,
    check_rows_in_table,
    check_score_within_weight,
    check_table_agrees_with_perfeval,
    check_table_grade,
    check_time_limit_monotone,
    check_total_is_sum,
    check_tree,
    check_unit_invariance,
    expected_row,
    indicator_caller,
    perfeval_auditor,
    perfeval_funds_scorer,
    perfeval_reader,
    perfeval_scorer,
    perfeval_table_grader,
    perfeval_table_scorer,
    table_weights,
)

try:  # the one call needs Hypothesis (perfeval[testing]); the laws do not
    from perfeval.testing.verify import (
        LAWS,
        Law,
        LawFailure,
        Parts,
        VerificationError,
        VerificationReport,
        verify,
    )
except ImportError as missing:  # pragma: no cover - Hypothesis is not installed
    _MISSING = missing

    def verify(*_args: object, **_kwargs: object) -> object:  # type: ignore[misc]
        """Needs Hypothesis: ``pip install perfeval[testing]``."""
        raise ImportError(
            "perfeval.testing.verify needs Hypothesis: pip install perfeval[testing]"
        ) from _MISSING


__all__ = [
    "LAWS",
    "Auditor",
    "Expected",
    "FundsScorer",
    "Grader",
    "IndicatorScorer",
    "Law",
    "LawFailure",
    "LawViolation",
    "Parts",
    "Reader",
    "TableGrader",
    "TableScorer",
    "TableScores",
    "VerificationError",
    "VerificationReport",
    "check_agrees_with_perfeval",
    "check_audit_clean",
    "check_catches_fault",
    "check_deadline",
    "check_funds_agree_with_perfeval",
    "check_funds_score",
    "check_funds_unit_invariance",
    "check_grade_bands",
    "check_judged_rows",
    "check_met_scores_weight",
    "check_missed_by_formula",
    "check_monotone",
    "check_negation_not_met",
    "check_not_applicable",
    "check_read_or_unreadable",
    "check_reading_agrees_with_perfeval",
    "check_row_order",
    "check_rows_in_table",
    "check_score_within_weight",
    "check_table_agrees_with_perfeval",
    "check_table_grade",
    "check_time_limit_monotone",
    "check_total_is_sum",
    "check_tree",
    "check_unit_invariance",
    "expected_row",
    "indicator_caller",
    "perfeval_auditor",
    "perfeval_funds_scorer",
    "perfeval_reader",
    "perfeval_scorer",
    "perfeval_table_grader",
    "perfeval_table_scorer",
    "table_weights",
    "verify",
]
