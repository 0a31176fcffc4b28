"""perfeval.funds: execution rate, score, cap, undefined rates, derived totals, units."""

from decimal import ROUND_FLOOR, Decimal, localcontext

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfeval import MOF_2020, FundBlock, FundRow, score_funds
from perfeval.document import table_from_mapping
from perfeval.errors import InvalidAmountError, InvalidNumberError, InvalidTypeError
from perfeval.number import divide

D = Decimal


def block(budget, executed, weight="10", **row):
    return FundBlock(
        weight=weight,
        total=FundRow(source="total", annual_budget=budget, executed=executed, **row),
    )


@pytest.mark.parametrize(
    ("budget", "executed", "percent", "score"),
    [
        ("46.78", "46.78", "100.00", "10.00"),  # seed 附件2-1
        ("7.49", "7.49", "100.00", "10.00"),  # seed 附件2-2
        ("60", "51.79", "86.32", "8.63"),  # seed 附件2-3
    ],
)
def test_seed_fund_blocks_score_as_printed(budget, executed, percent, score):
    result = score_funds(block(budget, executed))
    assert result.rate.percent == D(percent)
    assert result.score == D(score)


def test_worked_example_half_up():
    """10 × 86.25 / 100 = 8.625 → 8.63 (half even would give 8.62)."""
    result = score_funds(block("100", "86.25"))
    assert result.exact == D("8.625")
    assert result.score == D("8.63")


def test_rate_is_exact_and_rounded_only_for_display():
    rate = block("60", "51.79").rate
    assert rate.value == divide(D("51.79"), D("60"))
    assert rate.fraction == D("0.8632")
    assert str(rate) == "86.32%"


def test_over_budget_keeps_rate_caps_score_and_says_so():
    result = score_funds(block("50", "60"))
    assert result.rate.percent == D("120.00")
    assert result.rate.over_budget
    assert result.score == D("10.00")
    assert result.capped
    assert "cap" in result.formula


def test_uncapped_setting_lets_score_exceed_weight():
    policy = attrs.evolve(MOF_2020, cap_execution_score=False)
    result = score_funds(block("50", "60"), policy)
    assert result.score == D("12.00")
    assert not result.capped


@pytest.mark.parametrize(
    ("budget", "executed", "reason"),
    [("0", "5", "zero-budget"), (None, "5", "blank-budget"), ("5", None, "blank-executed")],
)
def test_undefined_rate_is_a_value_not_zero_or_error(budget, executed, reason):
    result = score_funds(block(budget, executed))
    assert result.rate.undefined_reason == reason
    assert result.rate.value is None
    assert result.rate.percent is None
    assert result.score is None
    assert str(result.rate) == "undefined"


def test_total_derived_from_sources_when_blank():
    funds = FundBlock(
        sources=(
            FundRow(source="current_year", annual_budget="40", executed="30"),
            FundRow(source="carry_over", annual_budget="20", executed="21.79"),
            FundRow(source="other"),
        )
    )
    assert funds.scored_row == FundRow(
        source="total", initial_budget=None, annual_budget=D("60"), executed=D("51.79")
    )
    assert score_funds(funds).score == D("8.63")


def test_printed_total_disagreeing_with_sources_is_reported():
    funds = FundBlock(
        total=FundRow(source="total", annual_budget="60", executed="51.79"),
        sources=(FundRow(source="current_year", annual_budget="60", executed="50"),),
    )
    result = score_funds(funds)
    assert [(d.field, d.printed, d.derived) for d in result.discrepancies] == [
        ("executed", D("51.79"), D("50"))
    ]
    assert result.score == D("8.63")  # the printed total row is the scored row


def sources_80_20():
    return (
        FundRow(source="current_year", initial_budget="80", annual_budget="80", executed="70"),
        FundRow(source="carry_over", initial_budget="20", annual_budget="20", executed="20"),
        FundRow(source="other"),
    )


def test_a_blank_total_row_takes_the_sum_of_its_sources_and_says_so():
    """A total row of uncalculated =SUM formulas reads as blank: its parts give it."""
    funds = FundBlock(total=FundRow(source="total"), sources=sources_80_20())
    assert funds.filled_from_sources == ("initial_budget", "annual_budget", "executed")
    assert (funds.scored_row.annual_budget, funds.scored_row.executed) == (D(100), D(90))
    result = score_funds(funds)
    assert (result.rate.percent, result.score) == (D("90.00"), D("9.00"))
    assert result.discrepancies == ()
    assert "年度资金总额的年初预算数、全年预算数、全年执行数为空" in result.explain("zh_CN")
    assert "全年执行数 90" in result.explain("zh_CN")
    english = result.explain("en")
    assert english.startswith(
        "The total row's initial budget, annual budget and executed amount are blank"
    )
    assert "10 × 90 / 100 = 9.0000 → 9.00" in english


def test_only_the_blank_columns_of_a_printed_total_are_summed():
    """A printed column is scored as printed, and compared with the sources' sum."""
    funds = FundBlock(
        total=FundRow(source="total", annual_budget="120", printed_rate="75%"),
        sources=sources_80_20(),
    )
    assert funds.filled_from_sources == ("initial_budget", "executed")
    row = funds.scored_row
    assert (row.annual_budget, row.executed, row.printed_rate) == (D(120), D(90), D(75))
    assert score_funds(funds).score == D("7.50")
    assert [(d.field, d.printed, d.derived) for d in funds.discrepancies()] == [
        ("annual_budget", D(120), D(100))
    ]
    assert "executed amount are blank" in score_funds(funds).explain("en")


def test_a_total_printed_as_zero_is_compared_not_filled():
    funds = FundBlock(
        total=FundRow(source="total", initial_budget="0", annual_budget="100", executed="90"),
        sources=sources_80_20(),
    )
    assert funds.filled_from_sources == ()
    assert [(d.field, d.printed) for d in funds.discrepancies()] == [("initial_budget", D(0))]


def test_a_blank_total_over_blank_sources_stays_undefined():
    funds = FundBlock(total=FundRow(source="total"), sources=(FundRow(source="other"),))
    assert funds.filled_from_sources == ()
    result = score_funds(funds)
    assert (result.rate.undefined_reason, result.score) == ("blank-budget", None)
    assert result.explain("en") == "Execution rate undefined: the annual budget is blank."


def test_agreeing_total_has_no_discrepancy():
    funds = FundBlock(
        total=FundRow(source="total", annual_budget="60", executed="51.79"),
        sources=(FundRow(source="其中：当年财政拨款", annual_budget="60", executed="51.79"),),
    )
    assert funds.discrepancies() == ()
    assert funds.sources[0].source == "current_year"


def test_unknown_source_label_is_kept_and_counted():
    funds = FundBlock(
        sources=(
            FundRow(source="当年财政拨款", annual_budget="10", executed="10"),
            FundRow(source="财政专户管理资金", annual_budget="5", executed="4"),
        )
    )
    assert funds.sources[1].source == "财政专户管理资金"
    assert funds.scored_row is not None
    assert funds.scored_row.annual_budget == D("15")


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("executed", "-1", InvalidAmountError),
        ("annual_budget", "sixty", InvalidNumberError),
        ("executed", 51.79, InvalidNumberError),
    ],
)
def test_bad_amount_names_row_field_and_value(field, value, error):
    with pytest.raises(error) as caught:
        FundRow(source="上年结转资金", **{field: value})
    assert caught.value.row == "carry_over"
    assert caught.value.field == field
    assert str(value) in str(caught.value)


def test_policy_weight_overrides_printed_weight():
    policy = attrs.evolve(MOF_2020, funds_weight=D(20))
    assert score_funds(block("60", "51.79"), policy).score == D("17.26")


def test_blank_weight_gives_no_score_under_a_policy_without_a_default():
    no_default = attrs.evolve(MOF_2020, default_funds_weight=None)
    result = score_funds(block("60", "51.79", weight=None), no_default)
    assert result.score is None
    assert result.rate.percent == D("86.32")


amounts = st.decimals(min_value=0, max_value=10**8, places=2)
weights = st.decimals(min_value=D("0.5"), max_value=100, places=2)


@given(budget=amounts, executed=amounts, weight=weights)
def test_score_lies_between_zero_and_weight(budget, executed, weight):
    result = score_funds(block(budget, executed, weight=weight))
    if result.score is not None:
        assert 0 <= result.score <= weight


@given(budget=amounts.filter(bool), executed=amounts, extra=amounts)
def test_rate_never_decreases_as_spending_grows(budget, executed, extra):
    low = block(budget, executed).rate
    high = block(budget, executed + extra).rate
    assert high.value >= low.value
    assert high.percent >= low.percent


@given(budget=amounts, executed=amounts, weight=weights)
def test_funds_results_ignore_the_callers_context(budget, executed, weight):
    expected = score_funds(block(budget, executed, weight=weight))
    with localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = ROUND_FLOOR
        got = score_funds(block(budget, executed, weight=weight))
    assert (got.score, got.rate.percent) == (expected.score, expected.rate.percent)


def test_blank_weight_takes_the_national_default_and_says_so():
    result = score_funds(block("60", "51.79", weight=None))
    assert (result.weight, result.weight_from, result.score) == (D(10), "default", D("8.63"))


def test_a_money_unit_in_a_cell_reads_the_same_everywhere(document):
    document["funds"]["rows"][0]["executed"] = "517900元"
    assert table_from_mapping(document).funds.total.executed == D("51.79")
    assert FundRow(source="total", executed="517900元").executed == D("51.79")
    block = FundBlock(unit="元", total=FundRow(source="total", executed="51.79万元"))
    assert block.total.executed == D(517900)
    assert FundRow(source="total", printed_rate="86.32%").printed_rate == D("86.32")


def test_a_blank_total_is_not_filled_from_a_column_a_source_leaves_blank():
    block = FundBlock(
        total=FundRow(source="total", executed="51.79"),
        sources=(
            FundRow(source="current_year", annual_budget="50", executed="45"),
            FundRow(source="carryover", executed="6.79"),
        ),
    )
    assert block.filled_from_sources == ()
    assert block.scored_row.annual_budget is None
    assert score_funds(block).score is None
    assert block.derived_total.annual_budget is None
    assert block.derived_total.executed == Decimal("51.79")


def test_a_blank_total_over_sources_that_sum_to_zero_is_not_reported_as_filled():
    block = FundBlock(
        total=FundRow(source="total", annual_budget="60", executed="51.79"),
        sources=(
            FundRow(source="current_year", initial_budget="0", annual_budget="60",
                    executed="51.79"),
        ),
    )  # fmt: skip
    assert block.filled_from_sources == ()


def test_a_total_row_of_another_source_is_refused_with_perfeval_error():
    from perfeval.errors import InvalidIndicatorError

    with pytest.raises(InvalidIndicatorError, match="source 'total'") as raised:
        FundBlock(total=FundRow(source="other", annual_budget="60"))
    assert raised.value.field == "total"
    with pytest.raises(InvalidIndicatorError, match="pass it as total"):
        FundBlock(sources=[FundRow(source="年度资金总额", annual_budget="60")])


@pytest.mark.parametrize(
    ("cls", "value", "error"),
    [
        (FundRow, "美元", InvalidAmountError),
        (FundRow, None, InvalidTypeError),
        (FundRow, 10000, InvalidTypeError),
        (FundBlock, "dollars", InvalidAmountError),
        (FundBlock, None, InvalidTypeError),
        (FundBlock, ["元"], InvalidTypeError),
    ],
)
def test_a_money_unit_that_is_not_one_is_refused_naming_the_unit(cls, value, error):
    """A block converts its rows with its unit: a wrong one fails before any row is read."""
    fields = {"source": "total"} if cls is FundRow else {"total": FundRow(source="total")}
    assert cls(unit="元", **fields).unit == "元"  # the valid neighbour constructs
    with pytest.raises(error) as caught:
        cls(unit=value, **fields)
    assert caught.value.field == "unit"
