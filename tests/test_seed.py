"""perfeval.seed: the Huaihua 2023 report scores and audits as DOMAIN.md works it by hand."""

from decimal import Decimal

import pytest

from perfeval import score_table
from perfeval.audit import audit
from perfeval.findings import Severity
from perfeval.report import build_report
from perfeval.seed import SEED_NAMES, seed_document, seed_tables

D = Decimal


@pytest.fixture(scope="module")
def audits():
    return {name: audit(table) for name, table in zip(SEED_NAMES, seed_tables(), strict=True)}


def test_2_2_scores_98_excellent_as_printed(audits):
    report = audits["2-2"]
    card = report.scorecard
    assert card.total == D(98)
    assert card.grade.label == "优"
    assert card.table.printed_total == D(98)
    assert "total-mismatch" not in report.codes()


def test_2_2_flags_the_ecological_row_judged_below_its_tier(audits):
    report = audits["2-2"]
    located = {(f.code, f.where) for f in report.findings}
    assert ("qualitative-score-out-of-tier", "indicators[6].score") in located
    assert ("missing-deviation-note", "indicators[6].note") in located
    assert not report.errors


def test_2_3_scores_98_63_excellent_and_reports_the_blank_total(audits):
    report = audits["2-3"]
    card = report.scorecard
    assert card.funds.rate.percent == D("86.32")
    assert card.funds.score == D("8.63")
    assert card.total == D("98.63")
    assert card.grade.label == "优"
    assert ("missing-value", "total_score") in {(f.code, f.where) for f in report.findings}


def test_2_3_capped_count_and_not_applicable_row(audits):
    rows = audits["2-3"].scorecard.indicators
    assert rows[0].score == D(15)
    assert rows[0].capped
    assert rows[6].rule.value == "not-applicable"
    assert rows[6].score is None


def test_2_1_reports_the_lost_score_and_does_not_guess_it(audits):
    report = audits["2-1"]
    card = report.scorecard
    assert card.indicators[4].score is None
    assert not card.complete
    assert card.total == D(90)
    assert card.total_range == (D(90), D(100))
    assert card.grade.label == "优"  # 优 whatever the lost cell held
    located = {(f.code, f.where): f for f in report.findings}
    assert ("missing-value", "indicators[4].score") in located
    unverified = located[("total-unverified", "total_score")]
    assert unverified.severity is Severity.INFO
    assert "8.00" in unverified.message  # what the printed 98 implies, said, not assumed
    assert "98" in unverified.message_zh


def test_the_report_sums_the_executed_amounts():
    report = build_report(seed_tables())
    assert report.amount("executed") == D("106.06")
    assert report.amount("initial_budget") == D("72.34")


def test_seed_documents_note_their_lost_cells():
    assert "lost" in seed_document("2-1")
    with pytest.raises(ValueError, match="unknown seed"):
        seed_document("2-4")


def test_2_1_says_the_implied_score_lies_in_the_stated_tier(audits):
    finding = next(f for f in audits["2-1"].findings if f.code == "total-unverified")
    assert "inside the tier" in finding.message
    assert "8.00–10.00" in finding.message_zh


def test_seed_demo_keeps_its_totals():
    totals = [(str(c.total), c.grade.label) for c in map(score_table, seed_tables())]
    assert totals == [("90.00", "优"), ("98.00", "优"), ("98.63", "优")]
