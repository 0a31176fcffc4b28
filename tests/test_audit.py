"""perfeval.audit: every finding code caught where it is planted, on tables as printed."""

import json
from decimal import Decimal

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _helpers import _generated, uncalculated_workbook
from _helpers import run_args as run
from perfeval import MOF_2020, FundBlock, FundRow, Indicator
from perfeval.audit import CHECKS, _audit_card, agrees, audit, total_verdict
from perfeval.checks import rate_reading
from perfeval.document import table_from_mapping
from perfeval.errors import InvalidTypeError
from perfeval.findings import Severity
from perfeval.table import Table, score_table

D = Decimal


def findings_of(document, policy=MOF_2020):
    """(code, where) of every finding above info level."""
    report = audit(table_from_mapping(document), policy)
    return [(f.code, f.where) for f in report.findings if f.severity is not Severity.INFO]


def test_the_base_table_audits_clean(document):
    report = audit(table_from_mapping(document))
    assert report.findings == ()
    assert report.scorecard.total == D("100.00")
    assert report.scorecard.grade.label == "优"


def fund_row(document):
    return document["funds"]["rows"][0]


def row(document, index):
    return document["indicators"][index]


def blank_total(document):
    document["total_score"] = None


FAULTS = {
    "fund-total-mismatch": (
        lambda d: d["funds"]["rows"].append(
            {"source": "current_year", "annual_budget": "100", "executed": "90"}
        ),
        "funds.rows[0].executed",
    ),
    "fund-total-blank": (
        lambda d: (
            fund_row(d).update(executed=None),
            d["funds"]["rows"].append(
                {"source": "current_year", "annual_budget": "100", "executed": "100"}
            ),
        ),
        "funds.rows[0].executed",
    ),
    "rate-mismatch": (lambda d: fund_row(d).update(rate="95%"), "funds.rows[0].rate"),
    "fund-score-mismatch": (
        lambda d: (fund_row(d).update(score="9"), blank_total(d)),
        "funds.rows[0].score",
    ),
    "score-mismatch": (
        lambda d: (row(d, 0).update(score="13"), blank_total(d)),
        "indicators[0].score",
    ),
    "score-exceeds-weight": (
        lambda d: (row(d, 4).update(score="12"), blank_total(d)),
        "indicators[4].score",
    ),
    "qualitative-score-out-of-tier": (
        lambda d: (row(d, 4).update(score="7", note="受市场影响"), blank_total(d)),
        "indicators[4].score",
    ),
    "weights-mismatch": (
        lambda d: d["level1_weights"].update({"产出指标": "45"}),
        "level1_weights",
    ),
    "total-mismatch": (lambda d: d.update(total_score="95"), "total_score"),
    "grade-mismatch": (lambda d: d.update(grade="良"), "grade"),
    "missing-value": (lambda d: row(d, 1).update(target=""), "indicators[1].target"),
    "unparseable-value": (lambda d: row(d, 1).update(target="约5到10个"), "indicators[1].target"),
    "missing-deviation-note": (
        lambda d: (row(d, 0).update(actual="9个", score="13.5"), blank_total(d)),
        "indicators[0].note",
    ),
    "over-achievement": (lambda d: row(d, 0).update(actual="20个"), "indicators[0].note"),
    "over-budget": (
        lambda d: fund_row(d).update(executed="110", rate="110%"),
        "funds.rows[0].executed",
    ),
    "undefined-rate": (
        lambda d: fund_row(d).update(annual_budget="0", rate=None, score=None),
        "funds.rows[0].annual_budget",
    ),
    "unit-mismatch": (lambda d: row(d, 0).update(actual="10万元"), "indicators[0].actual"),
    "invalid-weight": (
        lambda d: (
            row(d, 0).update(weight="0", score="0"),
            row(d, 1).update(weight="25", score="25"),
        ),
        "indicators[0].weight",
    ),
}


@pytest.mark.parametrize("code", sorted(FAULTS))
def test_each_fault_is_caught_alone(document, code):
    fault, where = FAULTS[code]
    fault(document)
    assert findings_of(document) == [(code, where)]


def test_every_spec_code_has_a_fault_table():
    spec_codes = {
        "fund-total-mismatch", "rate-mismatch", "fund-score-mismatch", "score-mismatch",
        "score-exceeds-weight", "qualitative-score-out-of-tier", "weights-mismatch",
        "total-mismatch", "grade-mismatch", "missing-value", "unparseable-value",
        "missing-deviation-note", "over-achievement", "over-budget", "undefined-rate",
    }  # fmt: skip
    assert spec_codes <= set(FAULTS)


def test_an_uncalculated_fund_total_is_summed_from_its_sources_and_reported(tmp_path):
    """A total row of =SUM formulas saved without values: 9.00 from its parts, not an
    undefined rate, and each blank column of the total row reported."""
    from perfeval.readers import read_tables

    (found,) = read_tables(uncalculated_workbook(tmp_path / "t.xlsx"))
    assert found.table.funds.total.annual_budget is None
    assert any(note.startswith("自评表!E5: the formula =SUM(E6:E8)") for note in found.table.notes)
    report = audit(found.table)
    card = report.scorecard
    assert (card.funds.rate.percent, card.funds.score, card.total) == (D(90), D(9), D(99))
    blank = [f for f in report.findings if f.code == "fund-total-blank"]
    assert [(f.where, f.computed) for f in blank] == [
        ("funds.rows[0].initial_budget", "100"),
        ("funds.rows[0].annual_budget", "100"),
        ("funds.rows[0].executed", "90"),
    ]
    assert [found.cells[f.where] for f in blank] == ["自评表!C5", "自评表!D5", "自评表!E5"]
    assert all(f.severity is Severity.WARNING for f in blank)
    assert "formula saved without its value" in blank[2].message
    assert "公式未计算" in blank[2].message_zh
    assert "undefined-rate" not in report.codes()
    assert "sum of the source rows is used" in card.funds.explain("en")


def test_a_printed_rate_on_a_blank_total_row_is_checked_against_the_summed_amounts():
    sources = (FundRow(source="current_year", annual_budget="80", executed="70"),
               FundRow(source="carry_over", annual_budget="20", executed="20"))  # fmt: skip
    for printed, codes in (("90%", []), ("80%", ["rate-mismatch"])):
        funds = FundBlock(total=FundRow(source="total", printed_rate=printed), sources=sources)
        table = Table(project="x", funds=funds, indicators=[])
        found = [f.code for f in audit(table).findings if f.where == "funds.rows[0].rate"]
        assert found == codes


def test_a_blank_total_over_blank_sources_is_an_undefined_rate_not_a_blank_total():
    funds = FundBlock(total=FundRow(source="total"), sources=(FundRow(source="other"),))
    codes = audit(Table(project="x", funds=funds, indicators=[])).codes()
    assert "undefined-rate" in codes
    assert "fund-total-blank" not in codes


def test_findings_carry_printed_computed_and_both_languages(document):
    document["total_score"] = "95"
    (finding,) = audit(table_from_mapping(document)).findings
    assert (finding.printed, finding.computed) == ("95", "100.00")
    assert "95" in finding.message
    assert "95" in finding.message_zh
    assert finding.severity is Severity.ERROR


def test_printed_whole_numbers_are_rounding_not_errors(document):
    document["funds"]["rows"][0].update(annual_budget="60", executed="51.79", rate="86%",
                                         score="8.63")  # fmt: skip
    document["total_score"] = "98.63"
    assert findings_of(document) == []


def test_tolerance_is_a_setting(document):
    document["funds"]["rows"][0].update(rate="99.5%")
    assert findings_of(document) == [("rate-mismatch", "funds.rows[0].rate")]
    lenient = attrs.evolve(MOF_2020, tolerance=D("0.5"))
    assert findings_of(document, lenient) == []


@pytest.mark.parametrize(
    ("printed", "computed", "agree"),
    [("86", "86.32", True), ("86.3", "86.32", True), ("86.32", "86.316", True),
     ("86.31", "86.316", False), ("8.6", "8.63", True), ("8.6", "8.66", False),
     ("98", "98.00", True)],
)  # fmt: skip
def test_agreement_at_printed_precision(printed, computed, agree):
    assert agrees(D(printed), D(computed)) is agree


def test_unknown_group_is_info_and_kept(document):
    document["indicators"][1]["level2"] = "达标指标"
    report = audit(table_from_mapping(document))
    assert [(f.code, f.severity) for f in report.findings] == [("unknown-group", Severity.INFO)]
    assert report.scorecard.indicators[1].indicator.level2 == "达标指标"


def test_odd_real_table_still_scores(document):
    """Own fund-row label, unknown level-1 group, placeholders, a missing weight."""
    document["funds"]["rows"].append({"source": "财政专户管理资金", "annual_budget": "/"})
    document["indicators"][7]["level1"] = "公众评价"
    document["indicators"][2].update(actual="——")
    document["indicators"][3]["weight"] = None
    report = audit(table_from_mapping(document))
    card = report.scorecard
    assert card.funds.block.sources[0].source == "财政专户管理资金"
    assert card.indicators[3].score is None
    assert card.total == D("90.00")  # 100 less the blank-weight row; row 2 keeps its judged 15
    assert card.indicators[2].judged
    codes = report.codes()
    assert "missing-value" in codes
    assert "unknown-group" in codes


# Property: a table printed by perfeval itself audits clean ------------------------------


@st.composite
def printed_tables(draw):
    """Tables whose weights add up to 100 by construction, printed from their own scores."""
    count = draw(st.integers(min_value=2, max_value=8))
    cuts = sorted(draw(st.lists(st.integers(1, 89), min_size=count - 1, max_size=count - 1,
                                unique=True)))  # fmt: skip
    weights = [D(b - a) for a, b in zip([0, *cuts], [*cuts, 90], strict=True)]
    rows = []
    for index, weight in enumerate(weights):
        operator = draw(st.sampled_from(["≥", "≤"]))
        target = draw(st.integers(min_value=1, max_value=1000))
        actual = draw(st.integers(min_value=0, max_value=2000))
        rows.append(
            Indicator(
                name=f"指标{index}",
                level1="产出指标",
                target=f"{operator}{target}个",
                actual=f"{actual}个",
                weight=weight,
                note="已说明",
            )
        )
    budget = draw(st.integers(min_value=1, max_value=10**6))
    executed = draw(st.integers(min_value=0, max_value=budget))
    table = Table(
        project="生成项目",
        funds=FundBlock(total=FundRow(source="total", annual_budget=budget, executed=executed)),
        indicators=rows,
    )
    card = score_table(table)
    funds = attrs.evolve(
        table.funds.total, printed_rate=card.funds.rate.percent, printed_score=card.funds.score
    )
    printed_rows = [attrs.evolve(r.indicator, score=r.score) for r in card.indicators]
    return attrs.evolve(
        table,
        funds=attrs.evolve(table.funds, total=funds),
        indicators=printed_rows,
        printed_total=card.total,
        printed_grade=card.grade.label,
        level1_weights={"产出指标": D(90)},
    )


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(printed_tables())
def test_self_printed_table_audits_clean(table):
    assert audit(table).findings == ()


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(printed_tables(), st.data())
def test_changing_one_printed_score_is_caught_at_that_row(table, data):
    index = data.draw(st.integers(min_value=0, max_value=len(table.indicators) - 1))
    row = table.indicators[index]
    step = data.draw(st.sampled_from([D("0.01"), D("-0.01"), D(1), D(-1)]))
    changed = row.score + step
    if changed < 0:
        changed = row.score + abs(step)
    rows = list(table.indicators)
    rows[index] = attrs.evolve(row, score=changed)
    report = audit(attrs.evolve(table, indicators=rows))
    assert any(f.where.startswith(f"indicators[{index}]") for f in report.findings)


def test_a_grade_printed_in_words_agrees(document):
    document["grade"] = "优秀"
    assert findings_of(document) == []


def test_the_checks_page_lists_every_check_with_its_codes():
    import re
    from pathlib import Path

    from perfeval.audit import CHECKS

    page = (Path(__file__).parents[1] / "docs" / "audit.md").read_text(encoding="utf-8")
    listed = {
        name: set(re.findall(r"`([a-z-]+)`", codes))
        for name, codes in re.findall(r"^\| `(check_\w+)` \| (.*) \|$", page, re.MULTILINE)
    }
    assert listed == {check.__name__: set(check.codes) for check in CHECKS}


def test_a_check_of_ones_own_runs_after_the_national_ones_and_its_findings_sit_by_place():
    import attrs

    from perfeval.audit import CHECKS, audit, check
    from perfeval.findings import Finding
    from perfeval.policy import MOF_2020
    from perfeval.seed import seed_tables

    @check("score-exceeds-weight")
    def first_row(card):
        return [Finding.make("score-exceeds-weight", "indicators[0].score", "x", "x")]

    table = seed_tables()[2]
    plain = audit(table).findings
    policy = attrs.evolve(MOF_2020, id="with-check", checks=(first_row,))
    mine = audit(table, policy).findings
    assert len(mine) == len(plain) + 1
    added = [f for f in mine if f.message == "x"]
    assert len(added) == 1
    assert mine.index(added[0]) < mine.index(next(f for f in mine if f.where == "total_score"))
    assert audit(table, policy, checks=CHECKS).findings == plain
    assert audit(table, checks=()).findings == ()


def test_score_and_audit_agree_on_the_printed_total(document):
    """A wrong row score with a printed total equal to the computed one: both say differs."""
    document["indicators"][0]["score"] = "14"  # computed 15; the printed total stays 100
    document["total_score"] = "100"
    text = json.dumps(document, ensure_ascii=False)
    _, scored = run("score", "-", stdin=text)
    _code, audited = run("audit", "-", "--format", "json", stdin=text)
    assert "表中总分: 100（不一致）" in scored
    assert "total-mismatch" in [f["code"] for f in json.loads(audited)["findings"]]
    assert json.loads(audited)["printed_total_verdict"] == "differs"


def test_the_top_of_a_lower_tier_is_outside_it_in_both_checks(document):
    row = document["indicators"][4]
    row.update(actual="部分达成", score="8.00", note="说明")
    report = audit(table_from_mapping(document))
    assert "qualitative-score-out-of-tier" in report.codes()
    row["score"] = None  # now the printed total must imply 8.00 for it
    document["total_score"] = "98"
    report = audit(table_from_mapping(document))
    unverified = [f for f in report.findings if f.code == "total-unverified"]
    assert unverified
    assert "outside the tier" in unverified[0].message


def test_audit_reports_the_scorecard_score_table_gives() -> None:
    for table in _generated(30, seed=7):
        report = audit(table)
        assert report.scorecard == score_table(table)
        assert report.findings == _audit_card(score_table(table), CHECKS).findings


def test_a_missing_note_on_a_zero_score_quotes_the_score_as_computed():
    table = Table(
        project="x",
        funds=FundBlock(total=FundRow(source="total", annual_budget="10", executed="10")),
        indicators=[
            Indicator(name="a", target="≥100", actual="0", weight="90", score="0.00"),
        ],
    )
    found = [f for f in audit(table).findings if f.code == "missing-deviation-note"]
    assert [(f.printed, f.computed) for f in found] == [("0.00", "90")]


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


def test_a_printed_rate_with_thousands_of_decimals_is_audited_not_a_crash():
    """Found by fuzzing: a rate cell "86.3999…" with 10,000 decimals made the rate-reading
    check quantize beyond the private context (InvalidOperation) after 10,000 tries."""
    rate = "86.3" + "9" * 10_000
    document = {
        "project": "x",
        "funds": {"weight": "10", "rows": [
            {"source": "total", "annual_budget": "60", "executed": "51.79", "rate": rate},
        ]},
        "indicators": [],
    }  # fmt: skip
    report = audit(table_from_mapping(document))
    codes = {finding.code for finding in report.findings}
    assert "rate-mismatch" in codes or "rate-reading" in codes
    assert report.scorecard.funds is not None
    assert report.scorecard.funds.score == Decimal("8.63")
    assert rate_reading(Decimal(rate), Decimal("51.79"), Decimal("60")) is None
    assert rate_reading(Decimal("86.32" + "0" * 50), Decimal("51.79"), Decimal("60")) == "percent"
    assert rate_reading(Decimal("86.31" + "0" * 50), Decimal("51.79"), Decimal("60")) == "truncated"


def test_a_check_names_catalogue_codes_and_a_list_of_checks_holds_only_functions():
    from perfeval.audit import audit, check
    from perfeval.errors import InvalidTypeError, UnknownCodeError
    from perfeval.policy import Policy
    from perfeval.seed import seed_tables

    with pytest.raises(UnknownCodeError):
        check("no-such-code")
    for bad in ("check_grade", [1]):
        with pytest.raises(InvalidTypeError) as caught:
            audit(seed_tables()[0], checks=bad)
        assert caught.value.field == "checks"
        with pytest.raises(InvalidTypeError):
            Policy(id="bad", checks=bad)


def test_a_rescaled_total_printed_over_its_rows_agrees_under_a_rescaling_policy():
    document = {
        "project": "工作经费",
        "policy": "mof-2020-rescaled",
        "funds": {"weight": "10", "rows": [
            {"source": "total", "annual_budget": "100", "executed": "90", "score": "9"}]},
        "indicators": [
            {"level1": "产出指标", "name": "一", "target": "≥10", "actual": "10",
             "weight": "30", "score": "30"},
            {"level1": "产出指标", "name": "二", "target": "无", "actual": "无",
             "weight": "30"},
            {"level1": "效益指标", "name": "三", "target": "≥10", "actual": "5",
             "weight": "30", "score": "15"},
        ],
        "total_score": "77.14",
    }  # fmt: skip
    report = audit(table_from_mapping(document))
    assert report.scorecard.total == Decimal("77.14")  # 54 of 70, × 100 / 70
    assert "total-mismatch" not in {finding.code for finding in report.findings}
    wrong = audit(table_from_mapping({**document, "total_score": "54"}))
    assert "total-mismatch" in {finding.code for finding in wrong.findings}


def test_a_funds_score_above_its_weight_is_not_flagged_under_a_policy_that_does_not_cap():
    document = {
        "project": "工作经费",
        "funds": {"weight": "10", "rows": [
            {"source": "total", "annual_budget": "100", "executed": "120", "score": "12"}]},
        "indicators": [{"level1": "产出指标", "name": "一", "target": "≥10", "actual": "10",
                        "weight": "90", "score": "90"}],
        "total_score": "102",
    }  # fmt: skip
    table = table_from_mapping(document)
    uncapped = audit(table, "mof-2020-uncapped")
    assert uncapped.scorecard.funds.score == Decimal("12.00")
    assert "score-exceeds-weight" not in {finding.code for finding in uncapped.findings}
    capped = audit(table)
    assert "score-exceeds-weight" in {finding.code for finding in capped.findings}


def test_a_near_miss_that_rounds_to_the_weight_may_print_the_full_score():
    row = {"level1": "产出指标", "name": "一", "target": "≥34", "actual": "33.99",
           "weight": "12", "score": "12"}  # fmt: skip
    report = audit(table_from_mapping({"project": "x", "indicators": [row]}))
    assert report.scorecard.indicators[0].score == Decimal("12.00")
    assert "score-mismatch" not in {finding.code for finding in report.findings}
    missed = {**row, "actual": "30"}
    flagged = audit(table_from_mapping({"project": "x", "indicators": [missed]}))
    assert "score-mismatch" in {finding.code for finding in flagged.findings}


def _twenty_eighty_table(weights: list[int], declared: dict[str, int] | None = None) -> Table:
    rows = [
        Indicator(name=f"r{i}", level1="产出指标", level2="数量指标", target="≥1", actual="1",
                  weight=w, score=w)
        for i, w in enumerate(weights)
    ]  # fmt: skip
    return Table(
        project="x", year=2023, indicators=rows,
        funds=FundBlock(weight=20, total=FundRow(source="total", annual_budget=1, executed=1)),
        level1_weights=declared or {},
    )  # fmt: skip


def test_weights_rescaled_to_four_places_are_not_a_mismatch():
    from perfeval.policy import POLICIES

    # 80 × 30 / 90 = 26.6667 three times: 80.0001, a rounding of the rescaling itself
    report = audit(_twenty_eighty_table([30, 30, 30]), POLICIES["mof-2020-20-80"])
    assert report.scorecard.available_points != 100
    assert "weights-mismatch" not in report.codes()


def test_declared_level1_points_are_compared_on_the_printed_scale_when_rescaled():
    from perfeval.policy import POLICIES

    policy = POLICIES["mof-2020-20-80"]
    agreeing = audit(_twenty_eighty_table([30, 30, 30], {"产出指标": 90}), policy)
    assert "weights-mismatch" not in agreeing.codes()
    missing = audit(_twenty_eighty_table([30, 30, 30], {"产出指标": 95}), policy)
    found = [f for f in missing.findings if f.code == "weights-mismatch"]
    assert [(f.where, f.printed, f.computed) for f in found] == [("level1_weights", "95", "90")]


@pytest.mark.parametrize("card", [None, "card", Table(project="p")])
def test_a_verdict_refuses_what_is_not_a_scorecard(card):
    """A table must be scored first: the verdict reads a scorecard."""
    with pytest.raises(InvalidTypeError) as caught:
        total_verdict(card)
    assert caught.value.field == "card"
