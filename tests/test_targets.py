"""perfeval.targets: the target/actual parser reads what real tables print into typed values."""

import contextlib
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfeval.audit import audit
from perfeval.errors import PerfevalError, TargetParseError
from perfeval.indicators import Indicator
from perfeval.table import Table
from perfeval.targets import (
    READ_CACHE_SIZE,
    Achievement,
    Blank,
    Comparison,
    Deadline,
    Direction,
    NotApplicable,
    Qualitative,
    Unit,
    Unreadable,
    _fold,
    _read_cached,
    _simple,
    parse_actual,
    parse_target,
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
        ("300元/人*月", None, "300", "元/人*月"),
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
