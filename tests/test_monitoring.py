"""perfeval.monitoring: progress against time, warning levels at their boundaries."""

import json
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfeval.cli import main
from perfeval.document import monitoring_from_mapping, parse_json
from perfeval.errors import DocumentError, InvalidNumberError, InvalidPolicyError, InvalidTypeError
from perfeval.monitoring import (
    DEFAULT_MONITORING,
    Likelihood,
    MonitoredFunds,
    MonitoredIndicator,
    MonitoringPolicy,
    MonitoringTable,
    WarningLevel,
    monitor,
    parse_likelihood,
)

D = Decimal


def funds_level(month, budget, spent, policy=DEFAULT_MONITORING):
    table = MonitoringTable(
        project="x", month=month, funds=MonitoredFunds(annual_budget=budget, executed=spent)
    )
    return monitor(table, policy).funds


@pytest.mark.parametrize(
    ("month", "budget", "spent", "level"),
    [
        (6, "100", "40", "green"),  # 40% / 50% = 80%: green, inclusive
        (6, "100", "39.99", "yellow"),  # 79.98%
        (6, "100", "30", "yellow"),  # 60%: yellow, inclusive
        (6, "100", "29.99", "red"),  # 59.98%
        (12, "100", "80", "green"),  # 80% of a full year
        (3, "120", "24", "green"),  # 20% / 25% = 80%
        (9, "100", "0", "red"),
        (1, "1200", "80", "green"),  # 80 of the 100 a month needs: exactly 80%
        (1, "1200", "79", "yellow"),
    ],
)
def test_warning_levels_at_their_boundaries(month, budget, spent, level):
    assert funds_level(month, budget, spent).level is WarningLevel(level)


def test_progress_and_deviation_are_exact():
    funds = funds_level(6, "100", "35")
    assert funds.time_progress == D("0.5")
    assert funds.progress == D("0.35")
    assert funds.ratio == D("0.7")
    assert funds.deviation == D("-0.15")


def test_thresholds_are_a_policy():
    strict = attrs.evolve(DEFAULT_MONITORING, green_ratio=D("0.9"), yellow_ratio=D("0.7"))
    assert funds_level(6, "100", "40", strict).level is WarningLevel.YELLOW
    with pytest.raises(ValueError, match="yellow_ratio"):
        attrs.evolve(DEFAULT_MONITORING, yellow_ratio=D("0.95"))


def test_zero_budget_is_undefined_not_an_error():
    table = MonitoringTable(
        project="x", month=6, funds=MonitoredFunds(annual_budget="0", executed="5")
    )
    result = monitor(table)
    assert result.funds.level is None
    assert [f.code for f in result.findings] == ["undefined-rate"]


@pytest.mark.parametrize(
    ("text", "likelihood"),
    [("确定能", Likelihood.CERTAIN), ("有可能", Likelihood.POSSIBLE),
     ("不可能", Likelihood.IMPOSSIBLE),
     ("能", Likelihood.CERTAIN), (" 有 可能 ", Likelihood.POSSIBLE), ("不清楚", None)],
)  # fmt: skip
def test_likelihood_words(text, likelihood):
    assert parse_likelihood(text) is likelihood


def indicator(**changes):
    base = {"name": "养护里程", "target": "≥100公里", "to_date": "50公里", "forecast": "100公里",
            "likelihood": "确定能"}  # fmt: skip
    return MonitoredIndicator(**{**base, **changes})


def codes(*rows):
    return [
        (f.code, f.where)
        for f in monitor(MonitoringTable(project="x", month=6, indicators=rows)).findings
    ]


def test_a_certain_row_on_track_has_no_finding():
    assert codes(indicator()) == []
    result = monitor(MonitoringTable(project="x", month=6, indicators=[indicator()]))
    assert result.indicators[0].to_date_ratio == D("0.5")
    assert result.indicators[0].forecast_ratio == D(1)


@pytest.mark.parametrize("likelihood", ["有可能", "不可能"])
def test_not_certain_needs_an_explanation(likelihood):
    assert codes(indicator(likelihood=likelihood, forecast="90公里")) == [
        ("missing-explanation", "indicators[0].explanation")
    ]
    assert codes(indicator(likelihood=likelihood, forecast="90公里", explanation="雨季停工")) == []


@pytest.mark.parametrize(("forecast", "flagged"), [("119.99公里", False), ("120公里", True)])
def test_overshoot_threshold_is_inclusive(forecast, flagged):
    found = codes(indicator(forecast=forecast))
    assert (("overshoot", "indicators[0].forecast") in found) is flagged


def test_certain_with_a_short_forecast_is_inconsistent():
    assert codes(indicator(forecast="80公里")) == [
        ("likelihood-inconsistent", "indicators[0].likelihood")
    ]


def test_unreadable_likelihood_is_kept_and_reported():
    row = indicator(likelihood="待定")
    assert row.likelihood == "待定"
    assert codes(row) == [("unparseable-value", "indicators[0].likelihood")]


@given(
    month=st.integers(1, 12),
    budget=st.decimals(min_value=1, max_value=10**6, places=2),
    low=st.decimals(min_value=0, max_value=10**6, places=2),
    extra=st.decimals(min_value=0, max_value=10**6, places=2),
)
def test_levels_never_worsen_as_spending_grows(month, budget, low, extra):
    order = [WarningLevel.RED, WarningLevel.YELLOW, WarningLevel.GREEN]
    before = funds_level(month, budget, low).level
    after = funds_level(month, budget, low + extra).level
    assert order.index(after) >= order.index(before)


def test_month_out_of_range_is_refused():
    with pytest.raises(InvalidNumberError, match="month"):
        MonitoringTable(project="x", month=13)


def test_the_example_document(capsys):
    from importlib.resources import files

    path = files("perfeval.data").joinpath("monitoring-example.json")
    table = monitoring_from_mapping(parse_json(path.read_text(encoding="utf-8")))
    result = monitor(table)
    assert result.funds.level is WarningLevel.YELLOW
    assert main(["monitor", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["level"] == "yellow"
    assert {f["code"] for f in data["findings"]} == {
        "execution-behind",
        "missing-explanation",
        "overshoot",
    }


@pytest.mark.parametrize(
    ("document", "where"),
    [
        ({"project": "x", "month": 0}, "month"),
        ({"project": "x", "month": 6, "funds": {"executed": "abc"}}, "funds.executed"),
        ({"project": "x", "month": 6, "indicators": [{"colour": 1}]}, "indicators[0].colour"),
        ({"month": 6}, "project"),
    ],
)
def test_bad_monitoring_documents_name_the_place(document, where):
    with pytest.raises(DocumentError) as caught:
        monitoring_from_mapping(document)
    assert caught.value.field == where


def test_printed_level_and_progress_are_checked():
    document = {"project": "x", "month": 6, "warning_level": "绿色",
                "funds": {"annual_budget": "100", "executed": "35", "progress": "30%"}}  # fmt: skip
    found = {f.code for f in monitor(monitoring_from_mapping(document)).findings}
    assert {"level-mismatch", "progress-mismatch", "execution-behind"} <= found


def test_a_forecast_typed_as_a_fraction_is_read_as_scoring_reads_it():
    """0.98 beside ≥95% is 98% (settled as the scorer settles units), never 0.98%."""
    row = indicator(target="≥95%", to_date="0.5", forecast="0.98")
    result = monitor(MonitoringTable(project="x", month=6, indicators=[row]))
    assert result.indicators[0].forecast_ratio.quantize(D("0.0001")) == D("1.0316")  # 98 / 95
    # each cell read as a fraction says so, as a scored row does
    assert codes(row) == [
        ("unit-reading", "indicators[0].to_date"),
        ("unit-reading", "indicators[0].forecast"),
    ]
    unsettled = indicator(target="≤5%", to_date="0.3", forecast="0.3")  # 0.3% or 30%?
    assert (
        monitor(MonitoringTable(project="x", month=6, indicators=[unsettled]))
        .indicators[0]
        .forecast_ratio
        is None
    )


def test_units_that_do_not_settle_are_reported_never_dropped():
    """≤5% against a to-date 1 (1% or 100%?) gives no ratio and says why."""
    row = indicator(target="≤5%", to_date="1", forecast="4%")
    result = monitor(MonitoringTable(project="x", month=6, indicators=[row]))
    assert result.indicators[0].to_date_ratio is None
    assert result.indicators[0].forecast_ratio == D("0.8")
    mismatch = [f for f in result.findings if f.code == "unit-mismatch"]
    assert [(f.where, f.printed) for f in mismatch] == [("indicators[0].to_date", "1")]
    assert "1% or 100%" in mismatch[0].message
    assert "未计算其进度" in mismatch[0].message_zh


def test_a_target_read_as_a_fraction_is_said_once_and_as_scoring_says_it():
    from perfeval.indicators import Indicator
    from perfeval.scoring import score_indicator

    row = indicator(target="1", to_date="45%", forecast="98%")
    found = [f for f in monitor(MonitoringTable(project="x", month=6, indicators=[row])).findings
             if f.code.startswith("unit-")]  # fmt: skip
    assert [(f.code, f.where) for f in found] == [("unit-reading", "indicators[0].target")]
    scored = score_indicator(Indicator(name="x", level2="质量指标", target="1", actual="98%",
                                       weight="10"))  # fmt: skip
    assert [p.message for p in scored.problems] == [found[0].message]


@pytest.mark.parametrize(
    ("call", "error", "field"),
    [
        (lambda: MonitoringPolicy(green_ratio=0.8), InvalidNumberError, "green_ratio"),
        (lambda: MonitoringPolicy(overshoot_ratio=Decimal("NaN")), InvalidNumberError,
         "overshoot_ratio"),
        (lambda: MonitoringPolicy(yellow_ratio=Decimal(11)), InvalidPolicyError, "yellow_ratio"),
        (lambda: MonitoringPolicy(yellow_ratio=Decimal("0.9")), InvalidPolicyError,
         "yellow_ratio"),
        (lambda: MonitoringPolicy(id=None), InvalidTypeError, "id"),
        (lambda: MonitoredIndicator(name="x", likelihood=5), InvalidTypeError, "likelihood"),
        (lambda: MonitoredIndicator(name=object()), InvalidTypeError, "name"),
        (lambda: MonitoredIndicator(name="x", explanation=5.5), InvalidTypeError, "explanation"),
        (lambda: MonitoringTable(project="p", month=6, indicators=None), InvalidTypeError,
         "indicators"),
        (lambda: MonitoringTable(project="p", month=6, indicators=["x"]), InvalidTypeError,
         "indicators"),
        (lambda: MonitoringTable(project=None, month=6), InvalidTypeError, "project"),
        (lambda: MonitoringTable(project="p", month=6, year=2023.0), InvalidNumberError, "year"),
    ],
)  # fmt: skip
def test_a_wrong_monitoring_setting_or_row_is_refused_naming_the_field(call, error, field):
    with pytest.raises(error) as caught:
        call()
    assert caught.value.field == field


def test_the_valid_neighbours_of_the_refused_monitoring_values_construct():
    assert MonitoringPolicy(green_ratio="0.9").green_ratio == Decimal("0.9")
    row = MonitoredIndicator(name="x", likelihood="有可能")
    assert row.likelihood is Likelihood.POSSIBLE
    assert MonitoringTable(project="p", month=6, year="2023年").year == 2023
