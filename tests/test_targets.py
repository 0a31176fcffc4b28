"""perfeval.targets: the target/actual parser reads what real tables print into typed values."""

import contextlib
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfeval.audit import audit
from perfeval.errors import InvalidNumberError, InvalidTypeError, PerfevalError, TargetParseError
from perfeval.indicators import Indicator
from perfeval.table import Table
from perfeval.targets import (
    READ_CACHE_SIZE,
    UNITS,
    Achievement,
    Band,
    Blank,
    Comparison,
    Deadline,
    Direction,
    NotApplicable,
    Qualitative,
    SettledBand,
    Unit,
    UnitChoice,
    UnitConflict,
    Unreadable,
    _fold,
    _read_cached,
    _simple,
    parse_actual,
    parse_target,
    settle_band,
    settle_units,
    structured_target,
    unit_of,
)
from perfeval.testing import strategies as pst

D = Decimal


@pytest.mark.parametrize(
    ("text", "direction", "value", "unit"),
    [
        ("≥50个", "≥", "50", "个"),
        ("≧50个", "≥", "50", "个"),
        ("＞80", ">", "80", None),
        (">=3", "≥", "3", None),
        ("<=10", "≤", "10", None),
        ("＜3次", "<", "3", "次"),
        ("＝100%", "=", "100", "%"),
        ("≤62.34", "≤", "62.34", None),
        ("大于等于90%", "≥", "90", "%"),
        ("不低于95％", "≥", "95", "%"),
        ("不少于 1,000 人次", "≥", "1000", "人次"),
        ("小于等于5天", "≤", "5", "天"),
        ("不高于5%", "≤", "5", "%"),
        ("不超过100万元", "≤", "100", "万元"),
        ("等于12次", "=", "12", "次"),
        ("达到100%", "≥", "100", "%"),
        ("95%以上", "≥", "95", "%"),
        ("10万元以内", "≤", "10", "万元"),
        ("１２３个", None, "123", "个"),
        ("200", None, "200", None),
        ("6项", None, "6", "项"),
        ("300元/人*月", None, "300", "元/人·月"),  # a per-unit, written one way
        ("0.5亿元", None, "0.5", "亿元"),
        ("12,000平方米", None, "12000", "平方米"),
        ("≥266米", "≥", "266", "米"),
        ("≥20户", "≥", "20", "户"),
        ("95百分比", None, "95", "%"),
        ("1919.01", None, "1919.01", None),
        ("2023.12", None, "2023.12", None),
    ],
)
def test_comparisons(text, direction, value, unit):
    reading = parse_target(text)
    assert isinstance(reading, Comparison)
    assert (reading.direction.value if reading.direction else None) == direction
    assert reading.value == D(value)
    assert (reading.unit.symbol if reading.unit else None) == unit
    assert reading.text == text


@pytest.mark.parametrize(
    ("text", "year", "month", "day", "on_time"),
    [
        ("2023年12月之前完成", 2023, 12, None, None),
        ("12月底前", 2023, 12, None, None),
        ("9月前", 2023, 9, None, None),
        ("2021年12月完成", 2021, 12, None, None),
        ("2023年12月31日前", 2023, 12, 31, None),
        ("2023年底前完成", 2023, 12, None, None),
        ("年内完成", 2023, 12, None, None),
        ("在项目计划完成时间内完成", None, None, None, True),
        ("按时完成", None, None, None, True),
        ("延期完成", None, None, None, False),
        ("2023.12前完成", 2023, 12, None, None),
        ("2023-12", 2023, 12, None, None),
    ],
)
def test_deadlines_take_the_tables_year(text, year, month, day, on_time):
    reading = parse_target(text, year=2023)
    assert reading == Deadline(year=year, month=month, day=day, on_time=on_time)


def test_yearless_deadline_without_a_year_keeps_none():
    assert parse_target("9月前") == Deadline(month=9)


@pytest.mark.parametrize(
    ("text", "achievement"),
    [
        ("效果明显", Achievement.MET),
        ("显著提升", Achievement.MET),
        ("合规", Achievement.MET),
        ("及时", Achievement.MET),
        ("符合相关规定", Achievement.MET),
        ("达成预期指标", Achievement.MET),
        ("已完成", Achievement.MET),
        ("部分达成", Achievement.PARTLY),
        ("基本完成", Achievement.PARTLY),
        ("未达成预期目标", Achievement.NOT_MET),
        ("效果不明显", Achievement.NOT_MET),
        ("详见附件", None),
    ],
)
def test_statements(text, achievement):
    reading = parse_actual(text)
    assert isinstance(reading, Qualitative)
    assert reading.achievement is achievement


@pytest.mark.parametrize("text", ["", "-", "一", "/", "——", "—", None, "  "])
def test_placeholders_are_blank(text):
    assert isinstance(parse_target(text), Blank)


def test_wu_is_not_applicable_as_target_and_blank_as_actual():
    assert isinstance(parse_target("无"), NotApplicable)
    assert isinstance(parse_actual("无"), Blank)


@pytest.mark.parametrize("text", ["5-3项", "约5到10个", "80%-90个", "100%完成率高"])
def test_unreadable_text_keeps_the_text_and_a_reason(text):
    reading = parse_target(text)
    assert isinstance(reading, Unreadable)
    assert reading.text == text
    assert reading.reason


@pytest.mark.parametrize("text", ["1" * 25 + "个", "0." + "0" * 20 + "1", "≥1E+400"])
def test_numbers_out_of_range_are_unreadable_not_errors(text):
    assert isinstance(parse_target(text), Unreadable)


def test_strict_parsing_raises_our_error():
    with pytest.raises(TargetParseError) as caught:
        parse_target("约5到10个", strict=True)
    assert caught.value.value == "约5到10个"


def test_actual_repeating_an_operator_reads_as_its_bound():
    assert parse_actual("≥95%") == Comparison(Direction.GE, D(95), unit_of("%"))


def test_money_units_convert():
    yuan = parse_actual("600000元")
    assert isinstance(yuan, Comparison)
    assert yuan.in_unit(unit_of("万元")) == D(60)
    assert yuan.in_unit(unit_of("个")) is None


def test_unknown_unit_agrees_only_with_itself():
    assert unit_of("棚") == Unit("棚", "other")
    assert unit_of("棚").agrees_with(unit_of("棚"))
    assert not unit_of("棚").agrees_with(unit_of("个"))


@pytest.mark.parametrize(
    ("columns", "printed"),
    [
        (("≥", "50", "个"), "≥50个"),
        (("≤", "60", "万元"), "≤60万元"),
        (("=", "100", "%"), "=100%"),
        ((">", "3", None), ">3"),
    ],
)
def test_structured_targets_equal_their_printed_form(columns, printed):
    assert structured_target(*columns) == parse_target(printed)


def test_structured_qualitative():
    assert structured_target("定性", "效果明显") == Qualitative("效果明显", Achievement.MET)
    assert isinstance(structured_target("定性", ""), Blank)


def test_structured_with_unknown_direction_is_unreadable():
    assert isinstance(structured_target("±", "5", "个"), Unreadable)


@given(st.text(max_size=40))
def test_parser_never_raises_on_any_text(text):
    assert parse_target(text) is not None
    assert parse_actual(text, year=2023) is not None


@given(st.text(alphabet="0123456789.,%≥≤<>=年月日前底个万元-/ 以上下内", max_size=20))
def test_strict_parser_raises_only_its_own_error(text):
    # TargetParseError is the one error strict parsing may raise; any other fails the test.
    with contextlib.suppress(TargetParseError):
        parse_target(text, strict=True, year=2024)


@given(
    direction=st.sampled_from(list(Direction)),
    value=st.decimals(min_value=0, max_value=10**9, places=3),
    unit=st.sampled_from([None, "个", "%", "万元", "元", "人次", "平方米", "天", "项"]),
)
def test_printed_form_of_a_structured_target_parses_back(direction, value, unit):
    target = Comparison(direction, value, unit_of(unit))
    assert parse_target(str(target)) == target


# The common shape read as printed: only where folding would change nothing ----------------

_OPERATORS = ["", "≥", "≤", ">", "<", "=", ">=", "<=", "≧", "＞", "⩾"]
_NUMBERS = ["0", "7", "95.5", "100", "１２", "١٢", "𝟏𝟐", "1,000", ".5", "12.", "9" * 16]
_SYMBOLS = ["", "个", "%", "％", "万元", "m2", "㎡", "天", "個", "分", "人次", " 个",
            "元/人", "ｋｍ"]  # fmt: skip


@given(
    st.sampled_from(_OPERATORS),
    st.sampled_from(_NUMBERS),
    st.one_of(st.sampled_from(_SYMBOLS), st.text(max_size=4)),
    st.text(max_size=2),
)
def test_a_text_read_as_printed_reads_as_its_folded_form(operator, number, symbol, noise):
    for text in (f"{operator}{number}{symbol}", f"{noise}{operator}{number}{symbol}{noise}"):
        quick = _simple(text, text, as_printed=True)
        if quick is None:
            continue
        assert _fold(text) == text
        folded = _simple(_fold(text), text, as_printed=False)
        assert folded is not None
        for field in ("direction", "value", "unit", "text", "time_limit", "notes"):
            assert getattr(quick, field) == getattr(folded, field)
        assert str(quick.value) == str(folded.value)


def test_a_reading_is_read_once_and_handed_out_again() -> None:
    first = parse_target("≥95%")
    assert parse_target("≥95%") is first
    assert parse_actual("≥95%") is not first  # actuals are read on their own
    assert _read_cached.cache_info().maxsize == READ_CACHE_SIZE


def test_a_cached_reading_keeps_the_year_it_was_read_with() -> None:
    assert parse_target("12月底前", year=2023) != parse_target("12月底前", year=2024)


def test_long_distinct_texts_do_not_grow_the_reading_caches():
    """Readings are kept per text, but only for short texts: a stream of long distinct
    cells (each up to max_string characters) costs time, never a cache of them."""
    from perfeval.cells import _points_text
    from perfeval.groups import _match_group
    from perfeval.scoring import _folded
    from perfeval.targets import READ_CACHE_LONGEST, _read_cached, parse_target

    caches = (_read_cached, _points_text, _match_group, _folded)
    before = [cache.cache_info().currsize for cache in caches]
    for i in range(200):
        long = f"{i}个" + "很" * (READ_CACHE_LONGEST + i)
        parse_target(long)
        with contextlib.suppress(PerfevalError):
            Indicator(name="x", level1=long, level2=long, weight=" " * 40 + str(i))
        row = Indicator(name="x", target=long, actual=long, weight=Decimal(1))
        said = "效果" + "很" * (READ_CACHE_LONGEST + i) + "明显"
        stated = Indicator(name="y", target=said, actual=said + "。", weight=Decimal(1))
        audit(Table(project="x", indicators=[row, stated]))
    assert [cache.cache_info().currsize for cache in caches] == before
    short = parse_target("≥95%")
    assert parse_target("≥95%") is short  # a short text is still read once


@settings(max_examples=60)
@given(pst.time_limit_texts())
def test_time_limits_read_as_upper_limits(text):
    reading = parse_target(text)
    assert isinstance(reading, Comparison)
    assert reading.time_limit
    assert reading.direction is not None
    assert reading.direction.reverse


# Per-unit standards and settling the units of a target and an actual -----------------------


@pytest.mark.parametrize(
    ("text", "direction", "value", "symbol"),
    [
        ("每亩300", None, "300", "/亩"),
        ("每亩300元", None, "300", "元/亩"),
        ("300元每亩", None, "300", "元/亩"),
        ("300元/亩", None, "300", "元/亩"),
        ("≤300元/亩", "≤", "300", "元/亩"),
        ("≤每亩300元", "≤", "300", "元/亩"),
        ("每亩不超过300元", "≤", "300", "元/亩"),
        ("每人每月500元", None, "500", "元/人·月"),
        ("500元/人·月", None, "500", "元/人·月"),
        ("500元/人/月", None, "500", "元/人·月"),
        ("500元/(人·月)", None, "500", "元/人·月"),
        ("500元/人月", None, "500", "元/人·月"),
        ("0.5万元/亩", None, "0.5", "万元/亩"),
        ("每个村10万元", None, "10", "万元/村"),
        ("人均500元", None, "500", "元/人"),
        ("≥2次/年", "≥", "2", "次/年"),
        ("三百元/亩", None, "300", "元/亩"),
    ],
)
def test_per_unit_standards_are_numbers_in_a_compound_unit(text, direction, value, symbol):
    reading = parse_target(text)
    assert isinstance(reading, Comparison)
    assert (reading.direction.value if reading.direction else None) == direction
    assert reading.value == D(value)
    assert reading.unit.symbol == symbol
    assert reading.unit.per_unit
    assert "per-unit" in reading.notes
    assert parse_target(str(reading)) == reading  # its printed form reads back the same


def test_per_units_agree_only_per_the_same_thing():
    per_mu = parse_target("300元/亩").unit
    assert per_mu == parse_target("每亩300元").unit == unit_of("元/亩")
    assert parse_target("0.03万元/亩").in_unit(per_mu) == D(300)
    assert parse_target("300元/平方米").in_unit(per_mu) is None
    assert parse_target("300元/人").in_unit(per_mu) is None
    assert parse_target("300元").in_unit(per_mu) is None
    assert parse_target("300个/亩").in_unit(per_mu) is None
    assert structured_target("≤", "300", "元/亩") == parse_target("≤300元/亩")


@pytest.mark.parametrize(
    "text",
    [
        "每亩30%",
        "每月15日前",
        "46个/年左右吧",
        "每亩300-500元",
        "每月补助500元",
        "人均每月补助≥500元",
    ],
)
def test_what_a_per_unit_cannot_be_is_not_read_as_one(text):
    reading = parse_target(text)
    assert not (isinstance(reading, Comparison) and reading.unit and reading.unit.per_unit)


def test_a_per_word_inside_a_longer_name_stays_part_of_the_name():
    """Only a 每… right before the operator is the unit's: "每年开展活动次数≥4次" is ≥4次."""
    assert str(parse_target("每年开展活动次数≥4次")) == "≥4次"
    assert str(parse_target("单位成本每亩≤300元")) == "≤300元/亩"


@pytest.mark.parametrize(
    ("target", "actual", "side", "target_value", "actual_value"),
    [
        ("1", "45.17%", "target", "100", "45.17"),  # "=100%" shown by Excel as 1
        ("≥90%", "0.9823", "actual", "90", "98.23"),  # a rate typed as a fraction
        ("100%", "1", "actual", "100", "100"),
        ("≥95%", "0.5", "actual", "95", "50"),
        ("≤3‰", "0.002", "actual", "3", "2"),
        ("0.95", "96%", "target", "95", "96"),
    ],
)
def test_a_bare_fraction_beside_a_percentage_is_read_as_one(
    target, actual, side, target_value, actual_value
):
    choice = settle_units(parse_target(target), parse_actual(actual))
    assert isinstance(choice, UnitChoice)
    assert (choice.side, choice.how) == (side, "fraction")
    assert (choice.target, choice.actual) == (D(target_value), D(actual_value))
    assert choice.read_as.unit.kind == "percent"
    assert "fraction" in choice.describe("en")
    assert "比值" in choice.describe("zh_CN")


@pytest.mark.parametrize(
    ("target", "actual", "value"),
    [
        ("≥90%", "95", "95"),  # above 1: a percentage as printed
        ("≤1%", "1", "1"),  # 1%: 100% would be a hundred times the target
        ("0.5", "0.5%", "0.5"),
        ("≤3%", "1", "1"),
        ("≤0%", "0.5", "0.5"),  # met or missed alike either way
        ("0", "5%", "5"),
        ("≥50个", "48", "48"),  # a bare number beside any other unit is in that unit
        ("≤60万元", "600000元", "60"),
    ],
)
def test_a_bare_number_that_reads_one_way_only_is_read_as_printed(target, actual, value):
    assert settle_units(parse_target(target), parse_actual(actual)) == D(value)


@pytest.mark.parametrize(
    ("target", "actual"),
    [
        ("≤5%", "0.3"),  # 0.3% or 30%: both of the order of 5%
        ("≤5%", "0.5"),
        ("≥10%", "1"),
        ("≥90%", "0.02"),  # 0.02% or 2%: neither of the order of 90%
        ("0.3", "5%"),
        ("≥50个", "48万元"),
        ("≤300元/亩", "280元/平方米"),
        ("≤300元/亩", "45万元"),  # a total, not a standard per 亩
    ],
)
def test_units_that_do_not_settle_conflict_and_say_why(target, actual):
    conflict = settle_units(parse_target(target), parse_actual(actual))
    assert isinstance(conflict, UnitConflict)
    assert conflict.reason
    assert conflict.reason_zh


@given(
    st.decimals(min_value="0.0001", max_value=1, places=4),
    st.decimals(min_value="0.01", max_value=200, places=2),
)
def test_a_bare_fraction_is_compared_only_in_a_reading_of_the_percentages_order(x, p):
    settled = settle_units(Comparison(None, p, unit_of("%")), Comparison(None, x))
    if isinstance(settled, UnitChoice):
        compared = settled.actual
        assert compared == x * 100
    elif isinstance(settled, Decimal):
        compared = settled
        assert compared == x
    else:
        return
    assert max(compared, p) / min(compared, p) < 10


@pytest.mark.parametrize(
    ("target", "actual", "side", "target_value", "actual_value"),
    [
        ("≥100%", "1.02", "actual", "100", "102"),  # above 1, still a fraction
        ("≥150%", "1.5", "actual", "150", "150"),
        ("≥95%", "0.98", "actual", "95", "98"),
        ("100%", "1", "actual", "100", "100"),
        ("≥-5%", "-0.08", "actual", "-5", "-8"),  # signs agree: magnitudes decide
        ("≤-5%", "-0.03", "actual", "-5", "-3"),
        ("1.2", "95%", "target", "120", "95"),
    ],
)
def test_a_bare_number_of_any_size_is_read_by_the_order_of_its_readings(
    target, actual, side, target_value, actual_value
):
    choice = settle_units(parse_target(target), parse_actual(actual))
    assert isinstance(choice, UnitChoice)
    assert (choice.side, choice.how) == (side, "fraction")
    assert (choice.target, choice.actual) == (D(target_value), D(actual_value))


@pytest.mark.parametrize(
    ("target", "actual", "value"),
    [
        ("≥90%", "95", "95"),  # 95% is 1.06 times 90%; 9500% is 105 times
        ("100%", "100", "100"),
        ("≥100%", "120", "120"),
        ("≥0.5%", "0.5", "0.5"),
        ("≥90%", "0", "0"),  # 0 is 0 in any unit
        ("≤1.5万元/亩", "1.4", "1.4"),  # 1.4万元/亩, not 1.4元/亩
        ("≤60万元", "51.79", "51.79"),
        ("≥100公里", "95", "95"),
        ("30天内", "20", "20"),
        ("≥50万元", "5", "5"),  # neither 5万元 nor 5元 is of 50万元's order: as printed
        ("≥1.00万元", "0.01", "0.01"),  # 1% of the target, in its unit
    ],
)
def test_a_bare_number_that_reads_one_way_only_stays_as_printed(target, actual, value):
    assert settle_units(parse_target(target), parse_actual(actual)) == D(value)


@pytest.mark.parametrize(
    ("target", "actual", "said"),
    [
        ("≥90‰", "0.9", "0.9‰ or 900‰"),  # 900‰ is exactly 10 times 90‰: not the same order
        ("90‰", "0.9", "0.9‰ or 900‰"),
        ("≥90%", "-0.5", "-0.5% or -50%"),  # the signs differ
        ("≥-5%", "0.08", "0.08% or 8%"),
        ("≤5%", "1", "1% or 100%"),
        ("≥10%", "1", "1% or 100%"),
    ],
)
def test_a_bare_number_that_reads_both_ways_or_neither_is_reported(target, actual, said):
    conflict = settle_units(parse_target(target), parse_actual(actual))
    assert isinstance(conflict, UnitConflict)
    assert said in conflict.reason
    assert conflict.reason_zh


@pytest.mark.parametrize(
    ("target", "actual", "side", "target_value", "actual_value", "read_in"),
    [
        ("≤1.5万元", "14000", "actual", "1.5", "1.4", "元"),
        ("≤1.5万元/亩", "14000", "actual", "1.5", "1.4", "元/亩"),
        ("≤15000", "1.4万元", "target", "1.5", "1.4", "元"),
        ("≥5万人次", "52000", "actual", "5", "5.2", "人次"),
        ("每亩300", "0.028万元/亩", "target", "0.03", "0.028", "元/亩"),
    ],
)
def test_a_bare_number_beside_a_unit_with_a_multiplier_is_read_by_its_order(
    target, actual, side, target_value, actual_value, read_in
):
    choice = settle_units(parse_target(target), parse_actual(actual))
    assert isinstance(choice, UnitChoice)
    assert (choice.side, choice.how, choice.read_in) == (side, "base-unit", read_in)
    assert (choice.target, choice.actual) == (D(target_value), D(actual_value))
    assert read_in in choice.describe("en")
    assert read_in in choice.describe("zh_CN")


@pytest.mark.parametrize(
    ("target", "actual"),
    [
        ("每月1次", "10次"),  # ten in the year, not ten a month
        ("每月≥1次", "10次"),
        ("每季度1次", "3次"),
        ("每年≥2次", "1次"),
        ("每周≥1次", "40次"),
        ("每学期2次", "4次"),
        ("每半年1次", "2次"),
        ("每天8小时", "2000小时"),
    ],
)
def test_an_amount_beside_a_standard_per_period_is_never_read_per_period(target, actual):
    conflict = settle_units(parse_target(target), parse_actual(actual))
    assert isinstance(conflict, UnitConflict)
    assert "period" in conflict.reason
    assert "每" in conflict.reason_zh


@pytest.mark.parametrize(
    ("target", "actual"),
    [
        ("≥500元/人·月", "500元/月·人"),  # what it is per, in any order
        ("≥500元/人·月", "500元/月/人"),
        ("≤200元/人次", "每人每次180元"),  # 人次 is 人·次
        ("每人次≤200元", "180元/人·次"),
        ("≤200元/次/人", "180元/人次"),
    ],
)
def test_per_units_compare_what_they_are_per_as_a_set(target, actual):
    reading = parse_actual(actual)
    assert settle_units(parse_target(target), reading) == reading.value
    assert parse_target(target).unit.agrees_with(reading.unit)


def test_a_per_unit_without_its_amounts_unit_takes_the_other_sides():
    """每亩300 is 300 of whatever the other side counts per 亩."""
    assert settle_units(parse_target("每亩300"), parse_actual("280元/亩")) == D(280)
    choice = settle_units(parse_target("每亩300"), parse_actual("280元"))
    assert isinstance(choice, UnitChoice)
    assert (choice.side, choice.how, choice.target, choice.actual) == (
        "actual", "per-unit", D(300), D(280),
    )  # fmt: skip
    assert isinstance(settle_units(parse_target("每亩300"), parse_actual("280元/人")), UnitConflict)
    assert isinstance(settle_units(parse_target("每亩300"), parse_actual("28%")), UnitConflict)


@pytest.mark.parametrize(
    ("target", "actual", "low", "high", "value", "side"),
    [
        ("80%-90%", "0.85", "80", "90", "85", "actual"),
        ("90%-110%", "1.05", "90", "110", "105", "actual"),
        ("0.8-1.2", "95%", "80", "120", "95", "target"),  # both ends read alike
        ("0.8-0.9", "85%", "80", "90", "85", "target"),
        ("80%-90%", "85", "80", "90", "85", None),
        ("1-2万元", "15000", "1", "2", "1.5", "actual"),
    ],
)
def test_a_range_settles_by_the_same_rule(target, actual, low, high, value, side):
    settled = settle_band(parse_target(target), parse_actual(actual))
    assert isinstance(settled, SettledBand)
    assert (settled.low, settled.high, settled.actual) == (D(low), D(high), D(value))
    assert (settled.choice.side if settled.choice else None) == side


def test_a_range_whose_bare_ends_read_both_ways_is_reported():
    assert isinstance(settle_band(parse_target("0-5%"), parse_actual("0.03")), UnitConflict)
    assert isinstance(settle_band(parse_target("80%-90%"), parse_actual("-0.85")), UnitConflict)


@pytest.mark.parametrize(
    ("text", "statement", "achievement"),
    [
        ("定性：效果明显", "效果明显", Achievement.MET),
        ("定性:达到预期", "达到预期", Achievement.MET),
        ("定性：无", "无", None),  # a statement here, not 不适用
        ("定性：否", "否", Achievement.NOT_MET),
        ("定性指标：按时完成", "按时完成", Achievement.MET),
    ],
)
def test_a_qualitative_prefix_reads_its_statement_as_the_split_columns_do(
    text, statement, achievement
):
    for parse in (parse_target, parse_actual):
        reading = parse(text)
        assert reading == Qualitative(statement, achievement)
        assert reading.text == text
    assert reading == structured_target("定性", text.partition("：")[2] or text.partition(":")[2])


@pytest.mark.parametrize("value", ["≥90%", "100%", "2023年12月前", "50个", "80%-90%"])
def test_a_number_or_a_date_after_a_qualitative_prefix_is_reported(value):
    for reading in (parse_target(f"定性：{value}"), structured_target("定性", value)):
        assert isinstance(reading, Unreadable)
        assert "定性" in reading.reason
        assert parse_target(reading.text) == reading  # it reads back as itself
    assert isinstance(parse_target("定性：/"), Blank)


def test_a_qualitative_cell_read_whole_round_trips_through_split_columns():
    """A reading of "定性：无" keeps the cell as printed; written back as 指标性质 定性 and
    that text, it reads as the same statement."""
    from perfeval.document import dump_table, table_from_mapping

    for cell in ("定性：无", "定性：效果明显"):
        reading = parse_target(cell)
        assert structured_target("定性", reading.text) == reading
        table = table_from_mapping({"project": "x", "indicators": [{"name": "a", "target": cell}]})
        assert table.indicators[0].target == reading
        again = table_from_mapping(dump_table(table))
        assert again == table


@given(
    st.decimals(min_value=-5000, max_value=5000, places=3),
    st.decimals(min_value=-200, max_value=200, places=2),
    st.sampled_from(["%", "‰", "万元", "公里"]),
)
def test_a_bare_number_of_any_size_or_sign_is_compared_only_in_a_reading_of_the_others_order(
    x, p, symbol
):
    settled = settle_units(Comparison(None, p, unit_of(symbol)), Comparison(None, x))
    if isinstance(settled, UnitConflict) or x == 0 or p == 0:
        return
    if not isinstance(settled, UnitChoice) and symbol not in ("%", "‰"):
        assert settled == x  # beside a multiplier, neither reading fits: as printed
        return
    compared = settled.actual if isinstance(settled, UnitChoice) else settled
    assert (compared > 0) == (p > 0)  # never across signs
    assert max(abs(compared), abs(p)) / min(abs(compared), abs(p)) < 10


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [("五百千克", "500", "千克"), ("≥五十千米", "50", "千米"), ("十千元", "10", "千元"),
     ("三千元", "3000", "元"), ("十一千克", "11", "千克")],
)  # fmt: skip
def test_a_chinese_numeral_before_a_unit_that_starts_with_a_numeral_reads_as_a_number(
    text, value, unit
):
    reading = parse_target(text)
    assert reading.kind == "comparison"
    assert (reading.value, reading.unit.symbol) == (Decimal(value), unit)


@pytest.mark.parametrize("direction", ["x", "-", "其他"])
def test_split_columns_with_no_direction_a_table_prints_are_reported(direction):
    for value in ("50", "五十", "效果明显"):
        reading = structured_target(direction, value, "个")
        assert reading.kind == "unreadable"
        assert "unknown direction" in reading.reason


# Constructors and functions refuse a wrong input naming its field -----------------------

_READINGS = {
    Comparison: {
        "direction": Direction.GE,
        "value": D(5),
        "unit": UNITS["个"],
        "text": "≥5个",
        "time_limit": False,
        "notes": (),
    },
    Band: {"low": D(80), "high": D(90), "unit": UNITS["%"]},
    Qualitative: {"statement": "效果明显", "achievement": Achievement.MET},
    Deadline: {"year": 2023, "month": 12, "day": 31, "on_time": None},
    Unit: {"symbol": "个", "kind": "count", "factor": D(1)},
    Unreadable: {"text": "x", "reason": "why", "reason_zh": "为何"},
    Blank: {"text": "-"},
    NotApplicable: {"text": "无"},
}


@pytest.mark.parametrize(
    ("cls", "field", "value", "error"),
    [
        (Comparison, "direction", "≥", InvalidTypeError),
        (Comparison, "direction", 5.5, InvalidTypeError),
        (Comparison, "value", 5.5, InvalidNumberError),
        (Comparison, "value", D("NaN"), InvalidNumberError),
        (Comparison, "unit", "个", InvalidTypeError),
        (Comparison, "time_limit", 1, InvalidTypeError),
        (Comparison, "notes", ["word-operator"], InvalidTypeError),
        (Comparison, "text", 5, InvalidTypeError),
        (Band, "low", 0.8, InvalidNumberError),
        (Band, "high", D("Infinity"), InvalidNumberError),
        (Band, "unit", Direction.GE, InvalidTypeError),
        (Qualitative, "statement", None, InvalidTypeError),
        (Qualitative, "achievement", "met", InvalidTypeError),
        (Deadline, "month", 13, InvalidTypeError),
        (Deadline, "day", 40, InvalidTypeError),
        (Deadline, "day", 0, InvalidTypeError),
        (Deadline, "year", 2023.0, InvalidTypeError),
        (Deadline, "year", True, InvalidTypeError),
        (Deadline, "on_time", "是", InvalidTypeError),
        (Unit, "factor", 0.5, InvalidNumberError),
        (Unit, "factor", D(0), InvalidNumberError),
        (Unit, "symbol", None, InvalidTypeError),
        (Unreadable, "reason", None, InvalidTypeError),
        (Blank, "text", None, InvalidTypeError),
        (NotApplicable, "text", b"x", InvalidTypeError),
    ],
)
def test_a_reading_refuses_a_wrong_field_naming_it(cls, field, value, error):
    valid = _READINGS[cls]
    assert getattr(cls(**valid), field) == valid[field]  # the valid neighbour constructs
    with pytest.raises(error) as caught:
        cls(**{**valid, field: value})
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: parse_target(5.5), "text"),
        (lambda: parse_actual(b"95%"), "text"),
        (lambda: parse_target("12月前", year=2023.0), "year"),
        (lambda: structured_target("≥", 5.5, "个"), "value"),
        (lambda: structured_target(5.5, "5", "个"), "direction"),
        (lambda: structured_target("≥", "5", ["个"]), "unit"),
        (lambda: parse_target("≥5个").describe(None), "locale"),
    ],
)
def test_the_reading_functions_refuse_a_wrong_argument_naming_it(call, field):
    with pytest.raises(InvalidTypeError) as caught:
        call()
    assert caught.value.field == field


def test_a_number_cell_still_reads_as_its_digits():
    assert parse_target(5) == parse_target("5")
    assert str(structured_target("≤", D("60.50"), "万元")) == "≤60.50万元"
