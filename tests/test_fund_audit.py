"""The audit of the fund block and of totals as real tables print them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfeval import audit
from perfeval.document import table_from_mapping
from perfeval.findings import Severity

D = Decimal


def findings(document):
    return [(f.code, f.where, f.severity) for f in audit(table_from_mapping(document)).findings]


def with_source(document, **row):
    document["funds"]["rows"].append({"source": "current_year", **row})
    return document


def test_a_source_row_printing_zero_percent_is_caught(document):
    document["funds"]["rows"][0].update(annual_budget="1.8", executed="1.8", rate="100%")
    with_source(document, annual_budget="1.8", executed="1.8", rate="0%")
    assert ("rate-mismatch", "funds.rows[1].rate", Severity.ERROR) in findings(document)


@pytest.mark.parametrize(
    ("printed", "executed", "reading"),
    [("86.32%", "51.79", None), ("86.32", "51.79", None), ("86", "51.79", None),
     ("0.86", "51.79", "rate-reading"), ("1", "60", "rate-reading"),
     ("97.80%", "58.716", "rate-reading"), ("87%", "51.79", "rate-mismatch"),
     ("0.5", "51.79", "rate-mismatch")],
)  # fmt: skip
def test_printed_rates_are_read_as_a_person_would(document, printed, executed, reading):
    """51.79/60 = 86.3167%; 60/60 = 100%; 58.716/60 = 97.86% (97.80 is it cut off)."""
    document["funds"]["rows"][0].update(annual_budget="60", executed=executed, rate=printed,
                                        score=None)  # fmt: skip
    codes = [code for code, where, _ in findings(document) if where == "funds.rows[0].rate"]
    assert codes == ([] if reading is None else [reading])


def test_a_blank_funds_weight_takes_the_policys_and_says_so(document):
    document["funds"]["weight"] = None
    report = audit(table_from_mapping(document))
    assert report.scorecard.funds.weight == D(10)
    assert ("funds-weight-default", "funds.weight", Severity.INFO) in findings(document)
    assert report.scorecard.total == D("100.00")


def test_unknown_weights_leave_the_maximum_and_grade_unknown(document):
    for row in document["indicators"]:
        row.update(weight=None, score=None)
    card = audit(table_from_mapping(document)).scorecard
    assert card.total_range == (D("10.00"), None)
    assert card.grade is None


def test_an_empty_indicator_list_gives_a_funds_only_total(document):
    document["indicators"] = []
    document["total_score"] = None
    report = audit(table_from_mapping(document))
    assert report.scorecard.total == D("10.00")
    assert report.scorecard.grade.label == "差"
    assert "weights-mismatch" not in report.codes()


def test_full_marks_on_a_row_not_met_are_an_error_whatever_the_precision(document):
    row = document["indicators"][0]
    row.update(target="≥50个", actual="49个", score="15", note="说明")  # computed 14.70
    found = [f for f in audit(table_from_mapping(document)).findings if f.code == "score-mismatch"]
    assert len(found) == 1
    assert found[0].printed == "15"
    assert "15" in found[0].message


def test_a_row_not_met_needs_a_note_even_when_its_score_rounds_to_the_weight(document):
    row = document["indicators"][0]
    row.update(target="≥10000个", actual="9999个", weight="15", score="15.00", note=None)
    codes = [(c, w) for c, w, _ in findings(document)]
    assert ("missing-deviation-note", "indicators[0].note") in codes


def test_a_row_cut_off_after_its_name_is_reported(document):
    document["indicators"].append({"level1": "产出指标", "name": "培训覆盖率"})
    report = audit(table_from_mapping(document))
    row = report.scorecard.indicators[-1]
    assert row.rule.value == "unscored"
    assert any(
        f.code == "missing-value" and f.where == f"indicators[{len(document['indicators']) - 1}]"
        for f in report.findings
    )


@pytest.mark.parametrize(
    ("actual", "score", "rule"),
    [
        ("按时完成", D(10), "deadline"),
        ("延期完成", D(6), "deadline"),
        ("25天内完成", D(10), "reverse"),
    ],
)
def test_a_time_limit_met_or_missed_in_words(actual, score, rule):
    from perfeval import Indicator, score_indicator

    row = Indicator(name="办结时限", level2="时效指标", target="30天内完成", actual=actual,
                    weight="10", score="6")  # fmt: skip
    result = score_indicator(row)
    assert (result.score, result.rule.value) == (score, rule)
