"""Hypothesis strategies for perfeval's types: the verification kit's generators.

Install with ``pip install perfeval[testing]``. Every strategy is valid by construction
(weights that must add up to 100 are built that way, never filtered), takes keyword-only
arguments, and bounds its decimals (no NaN, no infinity).

>>> from hypothesis import HealthCheck, given, settings
>>> @settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
... @given(tables())
... def test_total_is_at_most_100(table):
...     assert score_table(table).total <= 100
>>> test_total_is_at_most_100()
"""

from __future__ import annotations

import calendar
import datetime
import itertools
from collections.abc import Sequence
from decimal import ROUND_CEILING, Decimal
from typing import Any, Final, Literal

import attrs
from hypothesis import strategies as st

from perfeval.cells import is_placeholder
from perfeval.checks import in_tier, note_required, tier_bounds
from perfeval.formulas import LinearReverse
from perfeval.funds import FundBlock, FundRow
from perfeval.grades import NATIONAL_GRADES, GradeBand, GradeScale
from perfeval.groups import COST, COSTS, match_group
from perfeval.indicators import Indicator
from perfeval.number import fixed
from perfeval.policy import MOF_2020, Policy, resolve_policy
from perfeval.scoring import Rule, score_indicator
from perfeval.table import Table, score_table
from perfeval.targets import (
    Achievement,
    Comparison,
    Deadline,
    Direction,
    Qualitative,
    UnitChoice,
    UnitConflict,
    parse_actual,
    parse_target,
    settle_units,
    unit_of,
)

__all__ = [
    "FAULTS",
    "GRAMMAR_CELLS",
    "KINDS",
    "NOT_GRADES",
    "InvalidSetting",
    "amounts",
    "chinese_numeral",
    "comparisons",
    "deadlines",
    "department_rules",
    "directions",
    "documents",
    "evaluation_trees",
    "faulty_tables",
    "floors",
    "fund_blocks",
    "grade_scales",
    "hard_blocks",
    "hard_rows",
    "indicators",
    "invalid_settings",
    "negated_statements",
    "phrases",
    "policies",
    "printed_tables",
    "qualitatives",
    "rates",
    "reprinted_cells",
    "tables",
    "target_columns",
    "target_texts",
    "time_limit_indicators",
    "time_limit_texts",
    "totals",
    "weights",
]

_CENT: Final = Decimal("0.01")
_HALF_CENT: Final = Decimal("0.005")
_UNITS: Final = (None, "个", "项", "人次", "%", "万元", "元", "天", "平方米", "户")
#: Units that convert within their kind, for targets and actuals printed in different ones.
_CONVERTIBLE: Final = (("元", "千元", "万元", "亿元"), ("%", "‰"), ("天", "小时"),
                       ("人次", "万人次"), ("米", "公里"))  # fmt: skip
_STATEMENTS: Final = ("效果明显", "显著提升", "合规", "符合相关规定", "有效保障", "明显改善")
_ACHIEVED: Final = {
    Achievement.MET: ("达成预期指标", "已完成", "效果明显"),
    Achievement.PARTLY: ("部分达成", "基本完成", "基本达到"),
    Achievement.NOT_MET: ("未达成", "效果不明显", "未完成"),
}
_GROUPS: Final = (
    ("产出指标", ("数量指标", "质量指标", "时效指标", "成本指标"), 50),
    ("效益指标", ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"), 30),
    ("满意度指标", ("服务对象满意度指标",), 10),
)
#: The kinds of indicator row :func:`indicators` draws.
KINDS: Final = (
    "positive", "reverse", "equal", "qualitative", "deadline", "time_limit", "band",
    "judged", "not_applicable", "odd",
)  # fmt: skip
_DEFAULT_KINDS: Final = ("positive", "reverse", "qualitative", "deadline")


def amounts(
    *,
    min_value: Decimal | int = 0,
    max_value: Decimal | int = 10**8,
    places: int = 2,
) -> st.SearchStrategy[Decimal]:
    """Non-negative money amounts with at most *places* decimals."""
    return st.decimals(min_value=min_value, max_value=max_value, places=places)


def rates(
    *, min_value: Decimal | int = 0, max_value: Decimal | int = 2, places: int = 4
) -> st.SearchStrategy[Decimal]:
    """Execution rates as fractions (1 = 100%)."""
    return st.decimals(min_value=min_value, max_value=max_value, places=places)


def weights(
    *, min_value: Decimal | int = 1, max_value: Decimal | int = 30, places: int = 1
) -> st.SearchStrategy[Decimal]:
    """Positive row weights (分值)."""
    return st.decimals(min_value=min_value, max_value=max_value, places=places)


def directions(*, reverse: bool | None = None) -> st.SearchStrategy[Direction]:
    """Directions; only reverse ones (≤ <) with ``reverse=True``, none with ``False``."""
    choices = [d for d in Direction if reverse is None or d.reverse is reverse]
    return st.sampled_from(choices)


def comparisons(
    *,
    direction: st.SearchStrategy[Direction | None] | None = None,
    min_value: Decimal | int = 0,
    max_value: Decimal | int = 10**6,
    units: Sequence[str | None] = _UNITS,
) -> st.SearchStrategy[Comparison]:
    """Quantitative targets: a direction (or none), a value, a unit."""
    return st.builds(
        Comparison,
        direction if direction is not None else st.none() | directions(),
        st.decimals(min_value=min_value, max_value=max_value, places=2),
        st.sampled_from(units).map(unit_of),
    )


def qualitatives() -> st.SearchStrategy[Qualitative]:
    """Qualitative targets (效果明显, 合规 …)."""
    return st.sampled_from(_STATEMENTS).map(lambda text: Qualitative(text, Achievement.MET, text))


def deadlines(*, year: int = 2023) -> st.SearchStrategy[Deadline]:
    """Dated deadlines within *year*."""
    return st.integers(min_value=1, max_value=12).map(lambda m: Deadline(year=year, month=m))


def target_texts() -> st.SearchStrategy[str]:
    """Printed target cells in the shapes real tables use."""
    symbol = st.sampled_from(("≥", "≤", ">", "<", "=", "", "不低于", "不超过", "大于等于"))
    number = st.decimals(min_value=0, max_value=10**6, places=2).map(fixed)
    unit = st.sampled_from(tuple(u or "" for u in _UNITS))
    comparison = st.tuples(symbol, number, unit).map("".join)
    dated = st.tuples(st.integers(2015, 2030), st.integers(1, 12)).map(
        lambda ym: f"{ym[0]}年{ym[1]}月之前完成"
    )
    return st.one_of(
        comparison,
        dated,
        st.sampled_from(_STATEMENTS),
        st.sampled_from(("无", "", "-", "按时完成", "9月前", "12月底前")),
    )


_LIMIT_UNITS: Final = ("天", "日", "个工作日", "小时", "个月", "周")
_LIMIT_VERBS: Final = ("完成", "办结", "到位", "完工", "答复", "")
_CN_NUMERALS: Final = {1: "一", 2: "两", 3: "三", 5: "五", 7: "七", 10: "十", 15: "十五",
                       30: "三十", 45: "四十五", 60: "六十"}  # fmt: skip


def time_limit_texts(
    *, min_value: int = 1, max_value: int = 365, units: Sequence[str] = _LIMIT_UNITS
) -> st.SearchStrategy[str]:
    """Printed time limits: "30天内完成", "5个工作日内办结", "24小时内到位", "三个月内"."""
    number = st.integers(min_value=min_value, max_value=max_value).map(
        lambda n: _CN_NUMERALS.get(n, str(n))
    ) | st.integers(min_value=min_value, max_value=max_value).map(str)
    return st.tuples(
        st.sampled_from(("", "在")),
        number,
        st.sampled_from(list(units)),
        st.sampled_from(("内", "以内", "之内")),
        st.sampled_from(_LIMIT_VERBS),
    ).map("".join)


@st.composite
def time_limit_indicators(
    draw: st.DrawFn, *, weight: Decimal | None = None, max_days: int = 120
) -> Indicator:
    """A 时效 row with a time limit in days ("30天内完成") and an actual in days, printed
    as a duration ("45天") or as a limit of its own ("45天内完成")."""
    limit = draw(st.integers(min_value=1, max_value=max_days))
    days = draw(st.decimals(min_value=0, max_value=3 * max_days, places=1))
    verb = draw(st.sampled_from(_LIMIT_VERBS))
    actual = draw(st.sampled_from((f"{fixed(days)}天", f"{fixed(days)}天内{verb}")))
    return Indicator(
        name="办理时限",
        level1="产出指标",
        level2="时效指标",
        target=f"{limit}天内{verb}",
        actual=actual,
        weight=weight if weight is not None else draw(weights()),
    )


_NEGATIONS: Final = ("未", "没", "不", "无", "未能", "没有", "不太", "无法", "尚未", "并未", "没能")
_MET_WORDS: Final = ("达成", "完成", "实现", "达到", "达标", "合格", "合规", "明显", "显著",
                     "良好", "较好", "有效", "满意", "符合", "提升", "提高", "改善", "到位",
                     "规范", "好", "理想", "达到预期", "按时完成", "如期完成", "及时")  # fmt: skip


def negated_statements() -> st.SearchStrategy[str]:
    """Statements that deny what would be met: "效果不明显", "没有达到预期", "未能按时完成"."""
    return st.tuples(
        st.sampled_from(("", "效果", "服务", "群众", "项目", "工作", "整体")),
        st.sampled_from(_NEGATIONS),
        st.sampled_from(_MET_WORDS),
        st.sampled_from(("", "。", "，有待改进", "预期目标")),
    ).map("".join)


def phrases() -> st.SearchStrategy[str]:
    """Printed target and actual cells across the grammar, and text it does not cover."""
    word_operator = st.sampled_from(
        ["不低于", "不少于", "大于等于", "不高于", "不超过", "小于等于", "约", "≧", "≦", "═", "﹦"]
    )
    number = st.decimals(min_value=0, max_value=10**5, places=2).map(fixed)
    unit = st.sampled_from(("个", "%", "%(百分比)", "万元", "人次", "个（家）", "万人次", ""))
    worded = st.tuples(word_operator, number, unit).map("".join)
    suffixed = st.tuples(number, unit, st.sampled_from(("以上", "以内", "以下", "左右"))).map(
        "".join
    )
    band = st.tuples(number, unit, st.sampled_from(("-", "～", "至")), number, unit).map("".join)
    period = st.tuples(
        st.sampled_from(("", "2023年", "2024年")),
        st.sampled_from(("底前", "上半年", "下半年", "第三季度", "12月底前", "年底前完成")),
    ).map("".join)
    dates = st.sampled_from(
        ["2024-03-01 00:00:00", "2024/3/1", "2023.12月", "2024年1月完成", "12月底完成"]
    )
    words = st.sampled_from(
        ["效果明显", "基本达到", "部分达到", "未达到", "优", "良", "中", "差", "一般", "较好",
         "未延期", "无逾期", "按时完成", "无投诉", "详见附件", "百分之九十五", "≥五十个"]
    )  # fmt: skip
    return st.one_of(
        target_texts(),
        worded,
        suffixed,
        band,
        period,
        dates,
        words,
        time_limit_texts(),
        negated_statements(),
        _per_unit_cells(),
        _labelled_cells(),
        _numeral_cells(),
        st.sampled_from(GRAMMAR_CELLS),
        st.text(alphabet="0123456789.%≥≤=~-年月日天内以上下个万元未不无完成达到", max_size=12),
        st.text(max_size=12),
    )


#: Cells real tables print that reach every corner of the grammar: neutral prefixes,
#: multipliers, bracketed unit names, per-unit standards, labelled rates, Chinese numerals
#: (and words that only look like them), dates in every shape (and impossible ones),
#: periods, time limits in words, ranges in mixed units or backwards, on-time and late
#: statements, problems stated as absent, 定性 printed in the cell, numbers too long to be
#: exact. :func:`perfeval.testing.verify` reads every one of them, as a target and as an
#: actual, besides the cells it draws.
GRAMMAR_CELLS: Final = (
    "控制在60万元以内", "保持在95%以上", "维持在90%", "达95%", "为100%", "5万个", "≥1.5亿元",
    "3千万元", "≥5万户", "2百万人次", "10万人次", "≥95%(百分比)", "50个（家）", "≥3项(个)",
    "2023-12-31 00:00:00", "2023/12/31 8:30", "2023年13月", "2023年12月32日", "12月15号前",
    "2023年12月未完成", "2023.12", "2023. 12", "2023-12", "2023.12前", "12月", "2023年6月",
    "2023年12月底前全部完成",
    "于2023年11月上旬完成", "截至2023年10月", "当年底", "本年度内完成", "年内完成", "今年",
    "2023年度", "第四季度前", "第1季度", "下半年完成", "年中", "2023年底", "1919.01个",
    "5月份人数", "半个月内", "半年内完成", "三个工作日内办结", "30天完成", "五天办结",
    "24小时到场", "二十四小时内响应", "1.5天内", "须在7日内答复", "80%-90个", "90%-80%",
    "1,000-2,000人次", "80～90%", "80至90分", "80到90之间", "1-2项", "未延期", "无逾期",
    "没有出现延误", "延期完成", "未能如期", "未全部完成", "没有完全达到", "不断提升",
    "无障碍通行", "未发生安全事故", "零差错", "杜绝浪费", "效果不明显", "不到位",
    "未见成效", "不太理想", "基本满意", "有待提高", "无法评估", "未", "是", "否", "较好。",
    "定性：效果明显", "定性:95%", "定性：", "定性：无", "定性指标：合格", "定性：定性：好",
    "定性：2023年12月", "1" + "0" * 40, "0." + "0" * 40 + "1", "≥" + "9" * 30 + "个",
    "≥-5", "+5%", ".5", "1,000.5元", "≥1,000,000元", "3号楼", "A1", "1,2,3", "第1-3批",
    "≥50个以上", "95%及以上", "60万元及以下", "不少于10次左右", "≈100%", "=>90%", "=<5天",
    "大于或等于95%", "小于或等于60万元", "至少3项", "最多5次", "不多于2次", "≯5%", "≮90%",
    "⩾95%", "⩽60万元", "〜90%", "≥95％以上", "＞＝９５％",
    # per-unit standards, and what only looks like one
    "每亩300元", "≤300元/亩", "每人每月不低于500元", "人均500元", "户均2000元", "≤每亩300元",
    "单位成本每亩≤300元", "补助标准每人每月≥500元", "500元每人", "300元/人·月", "300元/人*月",
    "300元/(人·月)", "300元/人/月", "300元/人月", "30万元/公里", "每村5万元", "每个村5万元",
    "每一户200元", "300/亩", "每亩300", "每周一", "每月十五", "每亩300%", "元/亩", "300元/人次",
    "300元/班", "200元/床位", "1000元/标准间", "300元/标准间住宿", "5个/人", "3万元/亩/年",
    "每班次每人20元", "每亩三百元", "300%/亩", "每", "每人", "每人每",
    # a name before its number
    "满意度≥90%", "按时完成率不低于95%", "完成率100%", "满意度95%", "完成率未达到100%",
    "群众满意度≧九十%", "覆盖率达到百分之九十五", "合格率≥", "完成率≥95个百分点以上",
    "资金到位率100％", "满意度九十五", "单位成本每亩≤300元", "满意度≥良好",
    # Chinese numerals, and words that only look like them
    "五十", "一百二十个", "两千户", "一万零五人次", "三点五万元", "百分之九十五", "千分之五",
    "百分之95", "千分之3.5", "五五十", "百个", "零五", "〇五", "二〇二三年", "十万", "一亿",
    "亿", "万个", "一般", "十分满意", "十足", "九十五分", "万一", "两亿五千万", "一万亿", "千",
    "一千零", "十一点", "五十万元", "≥五十个", "不少于三十人次", "约五成", "五百千克", "十千元",
    # time limits
    "半个月内", "半年内完成", "三个工作日内办结", "30天完成", "五天办结", "24小时到场",
    "二十四小时内响应", "1.5天内", "须在7日内答复", "十五个工作日内", "3个月内", "两周内完成",
    # statements
    "无投诉", "未发生安全事故", "零事故", "不存在问题", "未全部到位", "没有完全完成",
    "并未达到", "完成了", "达预期", "效果差", "偏差较大", "尚需改进", "不太满意", "不满意",
    "基本完成", "部分达成", "未达成", "已完成。", "好！", "年内未完成", "未经验收合格",
    # shapes the grammar reports rather than reads
    "300元每亩/人", "每天都要开展5次", "每村组织5万元", "百分之五五十", "≤每天都要开展5次",
    "完成率五五十", "五五十天内完成", "每人3天内完成", "单位成本每天都≤300元",
)  # fmt: skip


def _per_unit_cells() -> st.SearchStrategy[str]:
    """Per-unit standards as printed: "每亩300元", "≤300元/亩", "每人每月不低于500元",
    "人均500元", "单位成本每亩≤300元", "300元/人·月", "300/亩", and the shapes that are
    not one ("每周一", "每亩300%")."""
    number = st.sampled_from(("300", "500", "2.5", "1,200", "三百", "五"))
    per = st.sampled_from(("亩", "人", "人·月", "人*月", "(人·月)", "人/月", "公里", "户",
                           "人次", "班", "床位", "标准间", "人月", "kg"))  # fmt: skip
    before = st.sampled_from(("每亩", "每人每月", "每个村", "每一户", "人均", "户均", "每公里",
                              "每周", "每月", "每班次每人", "单位成本每亩", "补助标准每人每月",
                              "每"))  # fmt: skip
    unit = st.sampled_from(("元", "万元", "", "%", "个", "天"))
    operator = st.sampled_from(("", "", "≤", "≥", "不超过", "不低于", "控制在"))
    after = st.tuples(operator, number, unit, st.sampled_from(("/", "每")), per).map("".join)
    front = st.tuples(before, operator, number, unit).map("".join)
    outside = st.tuples(operator, before, number, unit).map("".join)
    return st.one_of(after, front, outside, st.sampled_from(("每周一", "每月十五", "元/亩")))


def _labelled_cells() -> st.SearchStrategy[str]:
    """A name before its number: "满意度≥90%", "按时完成率不低于95%", "完成率100%",
    "覆盖率达到百分之九十五", "完成率未达到100%"."""
    name = st.sampled_from(("满意度", "按时完成率", "完成率", "覆盖率", "群众满意度", "合格率",
                            "完成率未", "不合格率", "资金到位率", "单位成本每亩"))  # fmt: skip
    operator = st.sampled_from(("≥", "≧", "不低于", "达到", "", "≤", "未达到"))
    value = st.sampled_from(("90%", "95", "百分之九十五", "100%", "九十%", "300元"))
    return st.tuples(name, operator, value).map("".join)


def _numeral_cells() -> st.SearchStrategy[str]:
    """Numbers in Chinese numerals, with and without units, and runs of characters that
    only look like numerals ("五五十", "百个", "零五", "一般", "十分满意")."""
    numeral = st.integers(0, 10**7).map(lambda n: chinese_numeral(n) or "零")
    odd = st.sampled_from(("五五十", "百个", "零五", "〇五", "二〇二三年", "十万", "一亿", "亿",
                           "万个", "三点五", "一般", "十分满意", "十足", "九十五分", "万一",
                           "两亿五千万", "一万亿", "千", "一千零", "十一点"))  # fmt: skip
    unit = st.sampled_from(("", "个", "万元", "人次", "%", "天内", "户", "元"))
    operator = st.sampled_from(("", "≥", "不少于", "约"))
    return st.tuples(operator, numeral | odd, unit).map("".join)


@st.composite
def _partition(draw: st.DrawFn, total: int, parts: int) -> list[Decimal]:
    """*parts* positive whole-point weights adding up to *total*, built by cut points."""
    if parts == 1:
        return [Decimal(total)]
    cuts = sorted(draw(st.sets(st.integers(1, total - 1), min_size=parts - 1, max_size=parts - 1)))
    bounds = [0, *cuts, total]
    return [Decimal(b - a) for a, b in itertools.pairwise(bounds)]


@st.composite
def _weights_adding_to(draw: st.DrawFn, total: int, parts: int) -> list[Decimal]:
    """*parts* positive weights adding up to *total*: whole points, or (one time in three)
    half points such as 7.5, as tables with decimal weights print them."""
    halves = parts <= total and draw(st.integers(0, 2)) == 0
    if halves:
        return [w / 2 for w in draw(_partition(total * 2, parts))]
    return draw(_partition(total, parts))


def _policy(policy: Policy | str) -> Policy:
    return resolve_policy(policy)


def _group_key(level2: str | None) -> str | None:
    group = match_group(level2, level=2)
    return None if group is None else group.key


_OPERATOR_TEXTS: Final = {
    Direction.GE: ("≥", "≥", "≥", ">=", "不低于", "大于等于"),
    Direction.GT: (">", ">", "＞"),
    Direction.EQ: ("=", "="),
    Direction.LE: ("≤", "≤", "≤", "<=", "不超过", "小于等于"),
    Direction.LT: ("<", "<", "＜"),
}


def _half_cents(weight: Decimal) -> st.SearchStrategy[Decimal]:
    """Scores strictly between 0 and *weight* that end in an exact half cent (x.xx5)."""
    top = max(int(weight * 100) - 1, 0)
    return st.integers(0, top).map(lambda cents: Decimal(cents) / 100 + _HALF_CENT)


def _other_unit(draw: st.DrawFn, unit: str | None) -> str | None:
    """Another unit of *unit*'s kind that re-expresses a value exactly, or ``None``."""
    for family in _CONVERTIBLE:
        if unit in family:
            others = [u for u in family if u != unit and (unit, u) != ("小时", "天")]
            return draw(st.sampled_from(others)) if others else None
    return None


def _convert(value: Decimal, unit: str, into: str) -> Decimal:
    own, other = unit_of(unit), unit_of(into)
    assert own is not None
    assert other is not None
    return (value * own.factor / other.factor).normalize() + 0  # exact by construction


@st.composite
def _quantities(
    draw: st.DrawFn,
    *,
    kind: str,
    weight: Decimal,
    policy: Policy,
    level2: str,
    level1: str = "产出指标",
    clean: bool = False,
) -> tuple[str, str]:
    """A quantitative target and actual as printed: ``(target text, actual text)``,
    biased to actual = target, a cent either side, exact half-cent scores, zero targets,
    tiny and large values, actuals printed in another unit of the target's kind,
    per-unit standards ("每亩300元"), rates typed as fractions (0.9823 beside 95%),
    amounts in 元 beside 万元, and cells printed in full-width digits, with spaces or
    in Chinese numerals."""
    reverse = kind == "reverse"
    key = _group_key(level2)
    if key is None and match_group(level1, level=1) is COSTS:
        key = COST.key  # a level-1 成本指标 makes its rows cost rows
    choices = [Direction.LE, Direction.LT] if reverse else [Direction.GE, Direction.GT]
    if kind == "equal":
        choices = [Direction.EQ]
    bare_allowed = kind != "equal" and (key in policy.reverse_level2) == reverse
    direction: Direction | None = draw(st.sampled_from(choices))
    if bare_allowed and draw(st.integers(0, 3)) == 0:
        direction = None
    unit = draw(
        st.sampled_from((None, "个", "人次", "%", "万元", "元", "千元", "天", "‰", "户", "批次"))
    )
    mode = draw(
        st.sampled_from(
            ["ratio", "ratio", "ratio", "equal", "above", "below", "half", "half", "zero",
             "zero", "far", "large", "tiny"]
        )
    )  # fmt: skip
    target = draw(st.decimals(min_value=1, max_value=10**5, places=2))
    if mode == "large":
        target = draw(st.decimals(min_value=10**7, max_value=10**10, places=2))
    elif mode == "tiny":
        target = draw(st.decimals(min_value=_CENT, max_value=1, places=2))
    actual = draw(st.decimals(min_value=0, max_value=2 * target, places=2))
    if mode == "equal":
        actual = target
    elif mode == "above":
        actual = target + _CENT
    elif mode == "below":
        actual = max(target - _CENT, Decimal(0))
    elif mode == "far":  # far beyond the target: where a linear form falls below 0
        actual = target * draw(st.integers(2, 12)) + draw(st.decimals(0, 1, places=2))
    elif mode == "zero":
        target = Decimal(0)
        actual = draw(st.sampled_from((Decimal(0), Decimal(1), Decimal("0.5"), Decimal(5))))
    elif mode == "half":
        score = draw(_half_cents(weight))
        times = Decimal(draw(st.integers(1, 40)))
        if kind == "positive":  # weight × actual / target = score
            target, actual = weight * times, score * times
        elif reverse and policy.reverse_form == "ratio":  # weight × target / actual = score
            target, actual = score * times, weight * times
        else:  # linear or symmetric: weight × (1 − (actual − target) / target) = score
            target = weight * times
            actual = (target * (2 - score / weight)).normalize() + 0  # no trailing zeros
    actual_unit = unit
    unsettled: tuple[str, str] | None = None
    if unit in ("元", "万元") and draw(st.integers(0, 5)) == 0:  # a per-unit standard
        unsettled = draw(_per_unit_quantities(direction, target, actual, unit))
    elif unit in ("%", "万元") and draw(st.integers(0, 4)) == 0:
        # a rate typed as a fraction (0.9823 for 98.23%), an amount in 元 beside 万元
        scale = Decimal(100) if unit == "%" else Decimal("0.0001")
        operator = "" if direction is None else direction.value
        unsettled = f"{operator}{fixed(target)}{unit}", fixed((actual / scale).normalize() + 0)
    if unsettled is not None and not (clean and _unsettled(*unsettled)):
        return unsettled  # a correctly printed table prints units that settle
    if unit is not None and draw(st.integers(0, 3)) == 0:
        other = _other_unit(draw, unit)
        if other is not None:
            actual, actual_unit = _convert(actual, unit, other), other
    operator = "" if direction is None else draw(st.sampled_from(_OPERATOR_TEXTS[direction]))
    target_text = f"{operator}{fixed(target)}{unit or ''}"
    if draw(st.integers(0, 9)) == 0:  # full-width, spaced, Chinese numerals, 1,000 …
        sign = "" if direction is None else direction.value
        target_text = draw(_reprint(sign, target, unit or ""))
    if unit is not None and actual_unit == unit and draw(st.integers(0, 4)) == 0:
        # a bare actual, where the grammar reads it in the target's unit as printed (beside
        # a percentage, a number of another order is a unit question: settle_units)
        printed, bare = parse_target(target_text), parse_actual(fixed(actual))
        if isinstance(printed, Comparison) and isinstance(bare, Comparison):
            read = settle_units(printed, bare)
            if not isinstance(read, UnitChoice | UnitConflict) and read == actual:
                actual_unit = None
    actual_text = f"{fixed(actual)}{actual_unit or ''}"
    if draw(st.integers(0, 9)) == 0:
        actual_text = draw(_reprint("", actual, actual_unit or ""))
    return (target_text, actual_text)


def _unsettled(target: str, actual: str) -> bool:
    """Whether the printed target and actual are numbers whose units do not settle."""
    printed, done = parse_target(target), parse_actual(actual)
    if isinstance(printed, Comparison) and isinstance(done, Comparison):
        return isinstance(settle_units(printed, done), UnitConflict)
    return False


_PER: Final = (("亩", "每亩"), ("人", "每人"), ("人·月", "每人每月"), ("公里", "每公里"),
               ("户", "每户"), ("人次", "每人次"))  # fmt: skip


@st.composite
def _per_unit_quantities(
    draw: st.DrawFn, direction: Direction | None, target: Decimal, actual: Decimal, unit: str
) -> tuple[str, str]:
    """A per-unit standard and its actual, as printed: "≤300元/亩" or "每亩不超过300元"
    (a bare "每亩300元" under 成本), against "280元/亩", "每亩280元", or the amount alone
    ("280元", read per the target's unit) or, now and then, per something else."""
    per, before = draw(st.sampled_from(_PER))
    sign = "" if direction is None else direction.value
    worded = "" if direction is None else draw(st.sampled_from(_OPERATOR_TEXTS[direction]))
    target_text = draw(
        st.sampled_from(
            (f"{sign}{fixed(target)}{unit}/{per}", f"{before}{worded}{fixed(target)}{unit}")
        )
    )
    other = draw(st.sampled_from([p for p, _ in _PER if p != per]))
    actual_text = draw(
        st.sampled_from(
            (
                f"{fixed(actual)}{unit}/{per}",
                f"{before}{fixed(actual)}{unit}",
                f"{fixed(actual)}{unit}",
                f"{fixed(actual)}{unit}/{per}",
                f"{fixed(actual)}{unit}/{other}",
            )
        )
    )
    return target_text, actual_text


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


@st.composite
def _deadline_texts(draw: st.DrawFn, *, year: int) -> tuple[str, str]:
    """A printed deadline and completion: ``(target text, actual text)``, biased to the
    completion on the deadline's last day, a day either side, month ends, leap days
    (29 February) and deadlines printed without a year (the table's year applies)."""
    deadline_year = draw(st.sampled_from((year, year, year + 1)))
    month = draw(st.integers(1, 12))
    day: int | None = None
    leap = calendar.isleap(deadline_year) and draw(st.integers(0, 5)) == 0
    if leap:
        month, day = 2, 29
    elif draw(st.booleans()):
        day = draw(st.sampled_from((1, 15, 28, _last_day(deadline_year, month))))
    yearless = deadline_year == year and draw(st.booleans())
    prefix = "" if yearless else f"{deadline_year}年"
    periods = {12: "底前", 9: "第三季度", 6: "上半年"}  # a period ends with its last month
    if day is None and month in periods and draw(st.booleans()):
        bare = {12: "年底前", 9: "第三季度前完成", 6: "上半年"}
        target = bare[month] if yearless else f"{deadline_year}年{periods[month]}"
        end = datetime.date(deadline_year, month, _last_day(deadline_year, month))
    elif day is None:
        target = prefix + draw(st.sampled_from([f"{month}月前", f"{month}月底前",
                                                f"{month}月之前完成"]))  # fmt: skip
        end = datetime.date(deadline_year, month, _last_day(deadline_year, month))
    else:
        target = f"{prefix}{month}月{day}日前完成"
        end = datetime.date(deadline_year, month, day)
    shift = draw(st.sampled_from((0, 0, 0, 1, 1, -1, 30, -30, 365)))
    if draw(st.integers(0, 7)) == 7:
        return target, draw(st.sampled_from(("按时完成", "已按期完成", "未能按时完成", "延期完成")))
    done = end + datetime.timedelta(days=shift)
    shape = draw(st.sampled_from(("zh", "iso", "month")))
    if shape == "iso":
        return target, done.isoformat()
    if shape == "month" and shift in (0, 1):  # the month only: inclusive of the month
        return target, f"{done.year}年{done.month}月"
    return target, f"{done.year}年{done.month}月{done.day}日完成"


@st.composite
def _time_limits(draw: st.DrawFn) -> tuple[str, str]:
    """A printed time limit and the time taken: days against days or hours, the limit
    itself, a day either side."""
    limit = draw(st.integers(1, 90))
    days = draw(
        st.sampled_from((Decimal(limit), Decimal(limit + 1), Decimal(max(limit - 1, 0))))
        | st.decimals(min_value=0, max_value=3 * limit, places=1)
    )
    verb = draw(st.sampled_from(_LIMIT_VERBS))
    if draw(st.integers(0, 3)) == 0:
        return f"{limit}天内{verb}", f"{fixed(days * 24)}小时"
    return f"{limit}天内{verb}", draw(
        st.sampled_from((f"{fixed(days)}天", f"{fixed(days)}天内{verb}"))
    )


@st.composite
def _bands(draw: st.DrawFn) -> tuple[str, str]:
    low = draw(st.integers(0, 90))
    high = draw(st.integers(low + 1, 100))
    actual = draw(
        st.sampled_from((Decimal(low), Decimal(high), Decimal(low) - _CENT, Decimal(high) + _CENT))
        | st.decimals(min_value=0, max_value=120, places=2)
    )
    return f"{low}%-{high}%", f"{fixed(max(actual, Decimal(0)))}%"


def _cents_up(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_CEILING)


@st.composite
def _judged_score(
    draw: st.DrawFn, *, weight: Decimal, policy: Policy, tier: Achievement | None, clean: bool
) -> Decimal | None:
    """An evaluator's score: inside the tier (at its edges often), or, for tables that are
    not to audit clean, above the weight, outside the tier or blank."""
    if tier is None:
        low, high = Decimal(0), weight
    else:
        low, high = tier_bounds(tier, weight, policy)
        low = _cents_up(low)
        if tier is not Achievement.MET:
            high = _cents_up(high) - _CENT
    high = max(low, high)
    inside = st.sampled_from((low, high)) | st.decimals(min_value=low, max_value=high, places=2)
    if clean or draw(st.integers(0, 4)) < 3:  # three times in five (and more) inside
        return draw(inside)
    return draw(
        st.sampled_from((weight + 1, weight + _CENT, max(low - _CENT, Decimal(0)))) | st.none()
    )


@st.composite
def indicators(
    draw: st.DrawFn,
    *,
    weight: Decimal | None = None,
    level1: str = "产出指标",
    level2: str | None = None,
    kinds: Sequence[str] = _DEFAULT_KINDS,
    year: int = 2023,
    judged: bool = True,
    policy: Policy | str = MOF_2020,
    clean: bool = False,
) -> Indicator:
    """An indicator row of one of *kinds* (:data:`KINDS`), printed as clerks write it and
    read by perfeval's grammar, drawn under *policy* (its bare-number directions, tiers
    and formulas), biased to the hard cases: actual = target and a cent either side, exact
    half-cent scores, zero targets, tiny and large values, actuals in another unit,
    deadlines on their last day or a day late, leap days, tier edges, decimal weights.

    Rows that take the evaluator's score (qualitative, missed deadlines, judged) carry one
    when *judged* is true; with *clean*, every printed score is one a correct table could
    print (within the weight and the stated tier).
    """
    chosen = _policy(policy)
    kind = draw(st.sampled_from(tuple(kinds)))
    row_weight = weight if weight is not None else draw(weights())
    name = draw(st.sampled_from(("培训人次", "覆盖率", "完成及时性", "成本控制", "群众满意度")))
    groups = {"reverse": "成本指标", "deadline": "时效指标", "time_limit": "时效指标",
              "not_applicable": "生态效益指标", "qualitative": "社会效益指标",
              "band": "质量指标", "equal": "质量指标"}  # fmt: skip
    group = level2 or groups.get(kind, "数量指标")
    if kind == "reverse" and level2 is None and draw(st.integers(0, 5)) == 0:
        # the 2023 template: a level-1 成本指标 over a level-2 name of the unit's own
        level1, group = "成本指标", draw(st.sampled_from(("运行成本", "人员成本")))
    score: Decimal | None = None
    tier: Achievement | None = None
    if kind in ("positive", "reverse", "equal"):
        target, actual = draw(
            _quantities(
                kind=kind,
                weight=row_weight,
                policy=chosen,
                level2=group,
                level1=level1,
                clean=clean,
            )
        )
        if judged and (clean or draw(st.integers(0, 3)) == 0):  # judged at a strict bound
            score = draw(_judged_score(weight=row_weight, policy=chosen, tier=None, clean=clean))
        if clean:
            hit = target.lstrip("≥≤><=＞＜不低于超过大小等")
            actual = _no_full_score_for_a_miss(target, actual, hit, row_weight, chosen, group)
    elif kind == "deadline":
        target, actual = draw(_deadline_texts(year=year))
        if judged:
            score = draw(_judged_score(weight=row_weight, policy=chosen, tier=None, clean=clean))
    elif kind == "time_limit":
        target, actual = draw(_time_limits())
    elif kind == "band":
        target, actual = draw(_bands())
        if clean:
            hit = target.split("-")[0]
            actual = _no_full_score_for_a_miss(target, actual, hit, row_weight, chosen, group)
    elif kind == "judged":
        target = draw(st.sampled_from(("≥50个", "≥95%", "≤60万元", "效果明显", "", "第1-3批")))
        actual = draw(st.sampled_from(("", "—", "/", "详见附件", "1,2,3")))
        if judged:
            score = draw(_judged_score(weight=row_weight, policy=chosen, tier=None, clean=clean))
    elif kind == "odd":  # what no rule computes, or a row that carries nothing
        shapes = {
            "no-weight": ("≥50个", "50个"), "zero-weight": ("≥50个", "40个"),
            "units": ("≥50个", "50万元"), "words": ("≥95%", "达成预期指标"),
            "band-units": ("80%-90%", "85个"), "date-actual": ("≥50个", "2023年12月"),
            "band-actual": ("≥95%", "90%-95%"), "band-words": ("80%-90%", "基本达到"),
            "statement-number": ("效果明显", "95%"), "deadline-words": ("2023年12月前完成",
            "详见附件"), "deadline-met-words": ("2023年底前", "效果明显"),
            "limit-on-time": ("30天内完成", "按时完成"), "limit-late": ("5个工作日内办结",
            "未能按时办结"), "period-date": ("2023年上半年", "2023年6月30日"),
        }  # fmt: skip
        shape = draw(st.sampled_from(["cut-off", "template", *shapes]))
        if shape == "cut-off":
            return Indicator(name=name, level1=level1, level2=group)
        if shape == "template":  # a row of the blank template, never filled
            leftover = draw(st.sampled_from(("指标1", "指标2…", "……", "XX指标")))
            return Indicator(name=leftover, level1=level1, level2=group)
        target, actual = shapes[shape]
        score = draw(_judged_score(weight=row_weight, policy=chosen, tier=None, clean=clean))
        if shape in ("no-weight", "zero-weight"):
            return Indicator(name=name, level1=level1, level2=group, target=target,
                             actual=actual, score=score,
                             weight=None if shape == "no-weight" else Decimal(0))  # fmt: skip
    elif kind == "not_applicable":
        return Indicator(
            name=draw(st.sampled_from(("无", "生态效益", "环境影响"))),
            level1=level1,
            level2=group,
            target="无",
            actual=draw(st.sampled_from(("无", "", "—"))),
            weight=draw(st.sampled_from((row_weight, None))) if weight is None else weight,
        )
    else:  # qualitative
        tier = draw(st.sampled_from(tuple(Achievement)))
        low, high = tier_bounds(tier, row_weight, chosen)
        if clean and tier is not Achievement.MET and _cents_up(low) >= high:
            tier = Achievement.MET  # the policy leaves this tier no score to print
        target = draw(st.sampled_from(_STATEMENTS))
        actual = draw(st.sampled_from(_ACHIEVED[tier]))
        if actual == "效果明显":
            tier = Achievement.MET
        if judged:
            score = draw(_judged_score(weight=row_weight, policy=chosen, tier=tier, clean=clean))
    return Indicator(
        name=name,
        level1=level1,
        level2=group,
        # as printed, a date without a year keeps none; a printed table is read as the
        # readers read it, with the table's year
        target=parse_target(target, year=year if clean else None),
        actual=parse_actual(actual, year=year if clean else None),
        weight=row_weight,
        score=score,
    )


def _no_full_score_for_a_miss(
    target: str, actual: str, hit: str, weight: Decimal, policy: Policy, level2: str
) -> str:
    """The actual of a row a correct table can print: a near miss whose score rounds to
    the full weight (which the audit refuses for a missed target) becomes *hit*."""
    row = Indicator(name="x", level2=level2, target=target, actual=actual, weight=weight)
    result = score_indicator(row, policy)
    if result.achievement is Achievement.NOT_MET and result.score == weight:
        return hit
    return actual


@st.composite
def fund_blocks(
    draw: st.DrawFn,
    *,
    weight: Decimal | int | None = 10,
    over_budget: bool | None = None,
    policy: Policy | str = MOF_2020,
    defined: bool = False,
) -> FundBlock:
    """A fund block with a total and one to three source rows that add up to it, drawn
    under *policy* (whose funds weight decides where a score ends in a half cent), biased
    to executed = budget, over-budget blocks (unless *over_budget* is false), exact
    half-cent scores, tiny and large amounts, blocks in 元, source rows printed in another
    unit, and (unless *defined*) a zero budget."""
    chosen = _policy(policy)
    used = chosen.funds_weight or (
        Decimal(weight) if weight is not None else chosen.default_funds_weight
    )
    modes = ["plain", "plain", "equal", "half", "half", "near-half", "near-half", "tiny", "large"]
    if over_budget is not False:
        modes += ["over", "over"]
    if not defined and not over_budget:
        modes.append("zero")
    mode = draw(st.sampled_from(["over"] if over_budget else modes))
    unit = "元" if mode == "large" else draw(st.sampled_from(("万元", "万元", "万元", "元")))
    budget = draw(amounts(min_value=_CENT, max_value=10**6))
    executed = draw(st.decimals(min_value=0, max_value=budget, places=2))
    if mode == "equal":
        executed = budget
    elif mode == "over":
        executed = budget + draw(
            st.sampled_from((_CENT,)) | amounts(min_value=_CENT, max_value=budget)
        )
    elif mode == "tiny":
        budget = draw(st.decimals(min_value=_CENT, max_value=1, places=2))
        executed = draw(st.decimals(min_value=0, max_value=budget, places=2))
    elif mode == "large":
        budget = draw(st.decimals(min_value=10**7, max_value=10**10, places=2))
        executed = draw(st.decimals(min_value=0, max_value=budget, places=2))
    elif mode == "zero":
        budget, executed = Decimal(0), draw(st.sampled_from((Decimal(0), Decimal(5))))
    elif mode in ("half", "near-half") and used is not None:  # weight × executed / budget
        times = Decimal(draw(st.integers(1, 400)))  # = x.xx5, or a hair either side of it
        budget, executed = used * times, draw(_half_cents(used)) * times
        if mode == "near-half":
            budget = budget * 100
            executed = executed * 100 + draw(st.sampled_from((-_CENT, _CENT)))
    sources = draw(_fund_sources(budget, executed, unit))
    total: FundRow | None = FundRow(
        source=draw(st.sampled_from(("total", "total", "年度资金总额：", "总额"))),
        unit=unit,
        annual_budget=budget,
        executed=executed,
    )
    printed = None if weight is None else Decimal(weight)
    shape = "printed" if defined else draw(st.sampled_from(["printed"] * 16 + list(_BLANKS)))
    if shape != "printed":
        total, sources = _BLANKS[shape](total, sources)
    return FundBlock(weight=printed, unit=unit, total=total, sources=sources)


def _blank_column(field: str) -> Any:
    def blank(total: FundRow, sources: tuple[FundRow, ...]) -> tuple[FundRow, tuple[FundRow, ...]]:
        changes: dict[str, Any] = {field: None}
        return attrs.evolve(total, **changes), sources

    return blank


#: Fund blocks with cells left blank: a total row whose executed amount or budget was
#: never filled (or a =SUM saved without its value: the sources' sum is scored), no
#: total row at all (derived from the sources), nothing executed printed anywhere.
_BLANKS: Final[dict[str, Any]] = {
    "total executed blank": _blank_column("executed"),
    "total budget blank": _blank_column("annual_budget"),
    "no total row": lambda total, sources: (None, sources),
    "executed blank everywhere": lambda total, sources: (
        attrs.evolve(total, executed=None),
        tuple(attrs.evolve(row, executed=None) for row in sources),
    ),
}


#: Source rows as tables label them: the national template, with 其中 and colons, and the
#: Sichuan 一体化 labels.
_PRINTED_SOURCES: Final = (
    ("其中：当年财政拨款", "上年结转资金", "其他资金"),
    ("本年财政拨款：", "上年结转：", "其他资金："),
    ("财政资金", "财政专户管理资金", "单位资金"),
)


@st.composite
def _fund_sources(
    draw: st.DrawFn, budget: Decimal, executed: Decimal, unit: str
) -> tuple[FundRow, ...]:
    """One to three source rows adding up to *budget* and *executed*; a row of a block in
    万元 is printed in 元 now and then (the block converts it)."""
    count = draw(st.integers(1, 3))
    budgets, spent = [budget], [executed]
    for _ in range(count - 1):
        part = draw(st.decimals(min_value=0, max_value=budgets[-1], places=2))
        used = draw(st.decimals(min_value=0, max_value=spent[-1], places=2))
        budgets[-1:] = [budgets[-1] - part, part]
        spent[-1:] = [spent[-1] - used, used]
    keys: Sequence[str] = ("current_year", "carry_over", "other")
    if draw(st.integers(0, 2)) == 0:  # the labels as tables print them
        keys = draw(st.sampled_from(_PRINTED_SOURCES))
    rows = []
    for key, row_budget, row_spent in zip(keys, budgets, spent, strict=False):
        if unit == "万元" and draw(st.integers(0, 4)) == 0:
            rows.append(FundRow(source=key, unit="元", annual_budget=row_budget * 10000,
                                executed=row_spent * 10000))  # fmt: skip
        else:
            rows.append(FundRow(source=key, unit=unit, annual_budget=row_budget,
                                executed=row_spent))  # fmt: skip
    return tuple(rows)


#: Which kinds of row each level-2 group holds in :func:`tables`.
_GROUP_KINDS: Final = {
    "数量指标": ("positive", "positive", "judged", "band"),
    "质量指标": ("positive", "equal", "band"),
    "时效指标": ("deadline", "deadline", "time_limit"),
    "成本指标": ("reverse",),
    "经济效益指标": ("positive", "qualitative"),
    "社会效益指标": ("qualitative", "qualitative", "positive"),
    "生态效益指标": ("qualitative", "not_applicable"),
    "可持续影响指标": ("qualitative", "not_applicable"),
    "服务对象满意度指标": ("positive", "qualitative"),
}


@st.composite
def tables(
    draw: st.DrawFn,
    *,
    min_indicators: int = 3,
    max_indicators: int = 12,
    year: int = 2023,
    kinds: Sequence[str] | None = None,
    policy: Policy | str = MOF_2020,
    clean: bool = False,
    boundaries: bool = True,
) -> Table:
    """A table drawn under *policy*: funds weight 10 printed (unless *clean*, now and then
    left blank, for the policy's default; with *clean*, the policy's own funds weight
    when it has one), indicator weights
    adding up to the rest by construction over outputs / 30 / 10 (half points now and
    then), rows of the kinds each level-2 group holds (restricted to *kinds* when given),
    无 rows that leave their points unassigned (declared level-1 weights count the
    applicable rows only), and (with
    *boundaries*) a total steered onto a grade boundary of the policy's scale or a cent
    either side, by moving one evaluator's score. With *clean* every printed score is one
    a correct table could print (see :func:`printed_tables`)."""
    chosen = _policy(policy)
    count = draw(st.integers(min_value=max(3, min_indicators), max_value=max(3, max_indicators)))
    split = [1, 1, 1]
    for _ in range(count - 3):
        split[draw(st.integers(0, 1))] += 1  # satisfaction keeps one row
    funds_points = Decimal(10)
    if clean and chosen.funds_weight is not None and chosen.indicator_points is not None:
        funds_points = chosen.funds_weight  # printed as the policy scores it
    rows: list[Indicator] = []
    for (level1, groups, points), parts in zip(_GROUPS, split, strict=True):
        if level1 == "产出指标":  # the outputs take what funds and the rest leave
            points = int(100 - funds_points) - 40
        specs = []
        for place, weight in enumerate(draw(_weights_adding_to(points, parts))):
            level2 = draw(st.sampled_from(groups))
            excluded = {"judged"} if clean else set()
            if clean and place == 0:  # takes the points of the group's 无 rows
                excluded.add("not_applicable")
            row_kinds = [
                k
                for k in _GROUP_KINDS[level2]
                if (kinds is None or k in kinds) and k not in excluded
            ]
            if not row_kinds:
                row_kinds = [k for k in kinds or _DEFAULT_KINDS if k != "reverse"] or ["positive"]
                level2 = "成本指标" if row_kinds == ["reverse"] else level2
            specs.append((weight, level2, draw(st.sampled_from(row_kinds))))
        if clean:  # a 无 row prints no points: the group's first row takes them
            given = sum((w for w, _, k in specs if k == "not_applicable"), Decimal(0))
            specs[0] = (specs[0][0] + given, specs[0][1], specs[0][2])
        for weight, level2, kind in specs:
            row_weight = None if clean and kind == "not_applicable" else weight
            row = draw(
                indicators(
                    weight=row_weight, level1=level1, level2=level2, kinds=(kind,),
                    year=year, policy=chosen, clean=clean,
                )
            )  # fmt: skip
            rows.append(attrs.evolve(row, weight=None) if row_weight is None else row)
    printed_weight: Decimal | None = funds_points
    blank = not clean and (chosen.default_funds_weight or chosen.funds_weight)
    if blank and draw(st.integers(0, 6)) == 0:
        printed_weight = None  # the national template fixes it: the policy's default
    declared: dict[str, Decimal] = {}
    for row in rows:
        if row.level1 is not None and row.weight is not None and not row.not_applicable:
            declared[row.level1] = declared.get(row.level1, Decimal(0)) + row.weight
    block = draw(
        fund_blocks(
            weight=printed_weight,
            policy=chosen,
            defined=clean,
            over_budget=False if clean else None,
        )
    )
    if clean and block.unit != "万元":  # printed in the table's 万元, as the forms print it
        total = None if block.total is None else block.total.in_unit("万元")
        sources = [row.in_unit("万元") for row in block.sources]
        block = FundBlock(weight=block.weight, unit="万元", total=total, sources=sources)
    table = Table(
        project=draw(st.sampled_from(("工作经费", "专项业务经费", "维稳经费", "培训项目"))),
        year=year,
        funds=block,
        level1_weights=declared,
        indicators=rows,
    )
    if boundaries and draw(st.booleans()):
        table = _steered(draw, table, chosen, clean)
    return table


def _steered(draw: st.DrawFn, table: Table, policy: Policy, clean: bool) -> Table:
    """*table* with one evaluator's score moved so that the total lands on a grade
    boundary of *policy*'s scale (the nearest one some score can reach), or a cent either
    side of it."""
    card = score_table(table, policy)
    if policy.rescale_not_applicable and card.available_points < 100:
        return table  # (with rows left unscored, the total is still what the scored rows add)
    offset = draw(st.sampled_from((-_CENT, Decimal(0), _CENT)))
    bounds = [band.lower for band in policy.grades.bands if band.lower is not None]
    goals = sorted((bound + offset for bound in bounds), key=lambda goal: abs(goal - card.total))
    for goal in goals:
        change = goal - card.total
        for index, row in enumerate(card.indicators):
            if not row.judged or row.score is None or row.weight is None:
                continue
            moved = row.score + change
            if not 0 <= moved <= row.weight or moved != moved.quantize(_CENT):
                continue
            if (
                clean
                and row.tier is not None
                and not in_tier(moved, row.achievement or Achievement.MET, row.weight, policy)
            ):
                continue
            if clean and row.rule is not Rule.QUALITATIVE and moved == row.weight:
                continue
            return _with_row(table, index, score=moved)
    return table


def print_table(table: Table, policy: Policy | str = MOF_2020) -> Table:
    """*table* with every printed value filled from perfeval's own scores under *policy*,
    and a note on every row that lost points or over-achieved: a table that audits clean."""
    chosen = _policy(policy)
    card = score_table(table, chosen)
    block = table.funds
    if block is not None and block.total is not None and card.funds is not None:
        total = attrs.evolve(
            block.total, printed_rate=card.funds.rate.percent, printed_score=card.funds.score
        )
        block = attrs.evolve(block, total=total)
    rows = []
    for row in card.indicators:
        explain = note_required(row.score, row.weight, row.achievement) or row.over_achieved
        note = "已说明偏差原因" if explain else None
        rows.append(attrs.evolve(row.indicator, score=row.score, note=note))
    grade = card.grade
    return attrs.evolve(
        table,
        funds=block,
        indicators=rows,
        printed_total=card.total,
        printed_grade=None if grade is None else grade.label,
    )


@st.composite
def printed_tables(draw: st.DrawFn, /, *, policy: Policy | str = MOF_2020, **kwargs: Any) -> Table:
    """Tables (as :func:`tables`, under *policy*) printed from perfeval's own scores under
    *policy*: they audit clean under it. The grade is printed as tables print it: the
    label, an alias ("优秀"), or with the total ("优（98.5分）")."""
    chosen = _policy(policy)
    table = print_table(draw(tables(policy=chosen, clean=True, **kwargs)), chosen)
    return _grade_printed(draw, table, chosen)


def _grade_printed(draw: st.DrawFn, table: Table, policy: Policy) -> Table:
    """*table* with its printed grade in one of the ways tables print that band."""
    band = policy.grades.band(table.printed_grade or "")
    if band is None or draw(st.integers(0, 2)) > 0:
        return table
    from perfeval.testing.laws import printed_grades

    return attrs.evolve(
        table, printed_grade=draw(st.sampled_from(printed_grades(band, table.printed_total)))
    )


def _blank_total(table: Table) -> Table:
    return attrs.evolve(table, printed_total=None, printed_grade=None)


def _with_row(table: Table, index: int, **changes: Any) -> Table:
    rows = list(table.indicators)
    rows[index] = attrs.evolve(rows[index], **changes)
    return attrs.evolve(table, indicators=rows)


def _quantitative_index(table: Table, policy: Policy) -> int | None:
    """A row scored by a formula (not judged), whose printed score an auditor checks."""
    for index, row in enumerate(score_table(table, policy).indicators):
        if row.rule in (Rule.POSITIVE, Rule.REVERSE) and not row.judged and row.score is not None:
            return index
    return None


#: The fault kinds :func:`faulty_tables` can plant, by finding code.
FAULTS: Final = (
    "total-mismatch",
    "grade-mismatch",
    "rate-mismatch",
    "fund-score-mismatch",
    "fund-total-mismatch",
    "score-mismatch",
    "weights-mismatch",
)


@st.composite
def faulty_tables(
    draw: st.DrawFn, *, fault: str, policy: Policy | str = MOF_2020
) -> tuple[Table, str]:
    """A table printed under *policy* carrying one planted *fault* (a finding code of
    :data:`FAULTS`), with the path where an auditor must report it."""
    if fault not in FAULTS:
        raise ValueError(f"unknown fault {fault!r}; use one of {FAULTS}")
    chosen = _policy(policy)
    kinds = ("positive", "reverse") if fault == "score-mismatch" else ("positive", "deadline")
    table = draw(printed_tables(kinds=kinds, policy=chosen))
    step = draw(st.sampled_from((Decimal(1), Decimal(2), Decimal(5))))
    assert table.funds is not None
    assert table.funds.total is not None
    if fault == "total-mismatch":
        assert table.printed_total is not None
        printed = table.printed_total - step if table.printed_total >= step else step + 100
        return attrs.evolve(table, printed_total=printed, printed_grade=None), "total_score"
    if fault == "grade-mismatch":
        assert table.printed_total is not None
        scale = chosen.grades
        actual = scale.grade(table.printed_total)
        other = next(b for b in scale.bands if b != actual)
        label = draw(st.sampled_from((other.label, *other.aliases, f"{other.label}级")))
        return attrs.evolve(table, printed_grade=label), "grade"
    total = table.funds.total
    if fault == "rate-mismatch":
        assert total.printed_rate is not None
        block = attrs.evolve(
            table.funds, total=attrs.evolve(total, printed_rate=total.printed_rate + step)
        )
        return attrs.evolve(table, funds=block), "funds.rows[0].rate"
    if fault == "fund-score-mismatch":
        assert total.printed_score is not None
        lower = max(Decimal(0), total.printed_score - step).quantize(_CENT)
        if lower == total.printed_score:
            lower = (total.printed_score + Decimal("0.5")).quantize(_CENT)
        block = attrs.evolve(table.funds, total=attrs.evolve(total, printed_score=lower))
        return _blank_total(attrs.evolve(table, funds=block)), "funds.rows[0].score"
    if fault == "fund-total-mismatch":
        assert total.executed is not None
        block = attrs.evolve(table.funds, total=attrs.evolve(total, executed=total.executed + step))
        return _blank_total(attrs.evolve(table, funds=block)), "funds.rows[0].executed"
    if fault == "weights-mismatch":
        declared = dict(table.level1_weights)
        declared["产出指标"] = declared["产出指标"] + step
        return attrs.evolve(table, level1_weights=declared), "level1_weights"
    index = _quantitative_index(table, chosen)
    if index is None:  # every quantitative row judged: plant the fault on a new one
        last = table.indicators[-1]
        row = Indicator(name="培训人次", level1=last.level1, level2="数量指标", target="≥50个",
                        actual="40个", weight=last.weight)  # fmt: skip
        rows = [*table.indicators[:-1], row]
        table = print_table(attrs.evolve(table, indicators=rows), chosen)
        index = len(rows) - 1
    row = table.indicators[index]
    assert row.score is not None
    changed = row.score - Decimal("0.5") if row.score >= 1 else row.score + Decimal("0.5")
    changed = changed.quantize(_CENT)
    faulty = _blank_total(_with_row(table, index, score=changed, note="说明"))
    return faulty, f"indicators[{index}].score"


_BAND_LABELS: Final = (("优", "excellent"), ("良", "good"), ("中", "fair"), ("差", "poor"))


@st.composite
def grade_scales(draw: st.DrawFn) -> GradeScale:
    """Grade scales: the national one, or three or four bands with other lower bounds
    (优 from 85, a 合格 line at 50 …), graded on the exact or the rounded total."""
    basis: Literal["exact", "rounded"] = draw(st.sampled_from(("exact", "rounded")))
    if draw(st.booleans()):
        return attrs.evolve(NATIONAL_GRADES, basis=basis)
    count = draw(st.integers(3, 4))
    lowers = sorted(
        draw(st.sets(st.sampled_from((95, 90, 85, 80, 75, 70, 65, 60, 50)), min_size=count - 1,
                     max_size=count - 1)),
        reverse=True,
    )  # fmt: skip
    labels = _BAND_LABELS if count == 4 else (_BAND_LABELS[0], _BAND_LABELS[1], _BAND_LABELS[3])
    bands = [
        GradeBand(label=label, name=name, lower=Decimal(lower) if lower is not None else None)
        for (label, name), lower in zip(labels, [*lowers, None], strict=True)
    ]
    return GradeScale(bands=tuple(bands), basis=basis)


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """Policies with every setting drawn within its valid range: caps, forms (built-in or
    a formula of the policy's own), strict operators, tiers, the funds weight and the
    indicator points, the default funds weight, rescaling, and the grade scale."""
    met = draw(st.decimals(min_value=Decimal("0.5"), max_value=1, places=2))
    partly = draw(st.decimals(min_value=0, max_value=met, places=2))
    funds_weight = draw(st.sampled_from((None, None, Decimal(10), Decimal(15), Decimal(20))))
    points = None if funds_weight is None else 100 - funds_weight
    own = {}
    reverse_form = draw(st.sampled_from(("ratio", "linear", "floored")))
    if reverse_form == "floored":
        floor = draw(st.decimals(min_value=Decimal("0.1"), max_value=Decimal("0.9"), places=1))
        own = {"reverse": {"floored": LinearReverse(floor=floor)}}
    return Policy(
        id="generated",
        cap_execution_score=draw(st.booleans()),
        funds_weight=funds_weight,
        indicator_points=points,
        default_funds_weight=draw(st.sampled_from((None, Decimal(10)))),
        reverse_form=reverse_form,
        formulas=own,
        equal_form=draw(st.sampled_from(("positive", "symmetric"))),
        strict_operators=draw(st.sampled_from(("inclusive", "strict"))),
        over_achievement_threshold=draw(st.decimals(min_value=1, max_value=3, places=2)),
        qualitative_met_floor=met,
        qualitative_partly_floor=partly,
        rescale_not_applicable=draw(st.booleans()),
        grades=draw(grade_scales()),
    )


def totals(*, policy: Policy | str = MOF_2020) -> st.SearchStrategy[Decimal]:
    """Totals to grade, biased to every band boundary of *policy*'s scale: the boundary
    itself, half a cent and a cent either side (x − 0.005, x, x + 0.005), 0 and 100."""
    chosen = _policy(policy)
    edges = [Decimal(0), Decimal(100)]
    for band in chosen.grades.bands:
        if band.lower is not None:
            edges += [band.lower + step for step in (-_CENT, -_HALF_CENT, Decimal(0), _HALF_CENT,
                                                     _CENT, Decimal("-0.001"))]  # fmt: skip
    return st.sampled_from(edges) | st.decimals(min_value=0, max_value=100, places=3)


def department_rules(
    *, kinds: Sequence[str] = ("bands", "deduction", "checklist", "judged")
) -> st.SearchStrategy[Any]:
    """Leaf rules of a department evaluation, valid by construction."""
    from perfeval.department import Bands, Checklist, Deduction, Judged

    value = st.decimals(min_value=-50, max_value=200, places=2)
    lowers = st.lists(st.integers(0, 100), min_size=1, max_size=5, unique=True).map(
        lambda xs: sorted(xs, reverse=True)
    )
    bands = st.builds(
        lambda v, ls, pts: Bands(value=v, bands=[(lo, p) for lo, p in zip(ls, pts, strict=False)]),
        value,
        lowers,
        st.lists(st.integers(0, 20), min_size=5, max_size=5).map(
            lambda ps: sorted(ps, reverse=True)
        ),
    )
    deduction = st.builds(
        lambda v, t, per, d, c: Deduction(
            value=v, threshold=t, per_unit=per, direction=d, counting=c
        ),
        value,
        st.integers(0, 100),
        st.decimals(min_value=0, max_value=5, places=1),
        st.sampled_from(("over", "under")),
        st.sampled_from(("whole", "started", "exact")),
    )
    checklist = st.builds(
        lambda n, per: Checklist(violations=n, per_violation=per),
        st.integers(0, 20),
        st.decimals(min_value=0, max_value=3, places=1),
    )
    judged = st.builds(lambda x: Judged(score=x), st.decimals(min_value=0, max_value=30, places=2))
    choices = {"bands": bands, "deduction": deduction, "checklist": checklist, "judged": judged}
    return st.one_of(*(choices[kind] for kind in kinds))


@st.composite
def evaluation_trees(draw: st.DrawFn, *, max_depth: int = 3, weight: int = 100) -> Any:
    """Department evaluation trees whose children's weights add up to their parent's."""
    from perfeval.department import Node

    def node(depth: int, points: int, name: str) -> Node:
        if depth >= max_depth or points < 2 or draw(st.booleans()):
            return Node(name=name, weight=Decimal(points), rule=draw(department_rules()))
        parts = draw(st.integers(min_value=2, max_value=min(4, points)))
        weights = draw(_partition(points, parts))
        return Node(
            name=name,
            weight=Decimal(points),
            children=[node(depth + 1, int(w), f"{name}.{i}") for i, w in enumerate(weights)],
        )

    return node(0, weight, "root")


# Documents as they arrive: printed cells, messy ------------------------------------------

_PLACEHOLDER_CELLS: Final = ("", "/", "-", "—", "——", "无", " ", "－")
_SOURCE_LABELS: Final = (
    "current_year", "carry_over", "other", "当年财政拨款", "其中：本年财政拨款",
    "上年结转资金", "其他资金", "财政专户管理资金", "单位资金", "自筹资金（专户）",
)  # fmt: skip
_ODD_TEXTS: Final = (
    "≥50个", "≤60万元", "200", "100%", "≥90%", "2023年12月之前完成", "9月前", "12月底前",
    "效果明显", "达成预期指标", "部分达成", "未达成", "不少于1,000人次", "10万元以内",
    "95%以上", "按时完成", "无", "-", "", "１２３个", "300元/人*月", "≤0.5亿元", "2023.12",
    "大于等于90%", "＞80", "1-2项", "2023-12-31前", "30天内完成", "未能按时完成", "不适用",
    "%(百分比)", "≧95％", "五十", "较上年提高", "2023年底前", "1,2,3", "≥ 9 5 %",
)  # fmt: skip


def _number_cells(
    *, max_value: int = 100, money: bool = False, percent: bool = False
) -> st.SearchStrategy[Any]:
    """A printed number cell: a decimal string, a JSON number, with 分 / a money unit /
    a percent sign, full-width digits, or a placeholder."""
    number = st.decimals(min_value=0, max_value=max_value, places=2)
    shapes: list[st.SearchStrategy[Any]] = [
        number.map(fixed),
        number,
        st.integers(min_value=0, max_value=max_value),
        number.map(lambda d: f" {fixed(d)} "),
        number.map(
            lambda d: fixed(d).translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
        ),
        st.sampled_from(_PLACEHOLDER_CELLS),
        st.none(),
    ]
    if money:
        shapes.append(number.map(lambda d: f"{fixed(d * 10000)}元"))
        shapes.append(number.map(lambda d: f"{fixed(d)}万元"))
    elif percent:
        shapes.append(number.map(lambda d: f"{fixed(d)}%"))
    else:
        shapes.append(number.map(lambda d: f"{fixed(d)}分"))
    return st.one_of(shapes)


def _texts() -> st.SearchStrategy[str | None]:
    return st.none() | st.sampled_from(_ODD_TEXTS) | st.text(max_size=12)


def _targets() -> st.SearchStrategy[Any]:
    columns = st.fixed_dictionaries(
        {},
        optional={
            "direction": st.sampled_from(("≥", "≤", "=", ">", "<", "定性", "", "约", "x", "≥ "))
            | st.none(),
            "value": st.sampled_from(_ODD_TEXTS) | _number_cells() | st.text(max_size=6),
            "unit": st.sampled_from(("个", "万元", "%", "", "人次", "天", "批次")) | st.none(),
        },
    )
    return st.one_of(
        _texts(),
        target_texts(),
        st.integers(min_value=0, max_value=10**6),
        st.decimals(min_value=0, max_value=10**6, places=2),
        columns,
        st.just({"direction": "定性", "value": "无"}),
    )


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value is not None}


@st.composite
def documents(draw: st.DrawFn, *, max_rows: int = 6) -> dict[str, Any]:
    """Table documents (``perfeval.self-evaluation/1``, as parsed JSON) that load, printed
    the messy ways real tables are: placeholders in number cells, units in cells ("15分",
    "600000元"), rates with and without "%", full-width digits, targets as text, numbers or
    split columns (including ``{"direction": "定性", "value": "无"}``), fund rows with labels
    perfeval does not know, and odd texts in every text cell."""
    rows = []
    sources = draw(st.lists(st.sampled_from(_SOURCE_LABELS), max_size=4, unique=True))
    labels = (["total"] if draw(st.booleans()) else []) + sources
    for label in labels:
        rows.append(
            _drop_none(
                {
                    "source": label,
                    "initial_budget": draw(_number_cells(max_value=10**6, money=True)),
                    "annual_budget": draw(_number_cells(max_value=10**6, money=True)),
                    "executed": draw(_number_cells(max_value=10**6, money=True)),
                    "rate": draw(_number_cells(max_value=200, percent=True)),
                    "score": draw(_number_cells(max_value=10)),
                }
            )
        )
    funds = None
    if draw(st.booleans()):
        funds = _drop_none(
            {
                "weight": draw(_number_cells(max_value=20)),
                "unit": draw(st.sampled_from((None, "万元", "元", "千元"))),
                "rows": rows,
            }
        )
    indicators = [
        _drop_none(
            {
                "level1": draw(st.none() | st.sampled_from(tuple(g for g, _, _ in _GROUPS))),
                "level2": draw(
                    st.none() | st.sampled_from(tuple(s for _, g, _ in _GROUPS for s in g))
                ),
                "name": draw(_texts()),
                "target": draw(_targets()),
                "actual": draw(_texts() | target_texts()),
                "weight": draw(_number_cells(max_value=30)),
                "score": draw(_number_cells(max_value=30)),
                "note": draw(_texts()),
            }
        )
        for _ in range(draw(st.integers(min_value=0, max_value=max_rows)))
    ]
    return _drop_none(
        {
            "format": draw(st.sampled_from((None, "perfeval.self-evaluation/1"))),
            "project": draw(st.sampled_from(("工作经费", "维权维稳（工作）经费", "x"))),
            "department": draw(_texts()),
            "year": draw(st.sampled_from((None, 2023, "2023", "2023年", "２０２３年度", ""))),
            "policy": draw(st.sampled_from((None, "mof-2020"))),
            "amount_unit": draw(st.sampled_from((None, "万元", "元"))),
            "funds": funds,
            "goals": draw(
                st.none()
                | st.fixed_dictionaries({}, optional={"planned": _texts(), "achieved": _texts()})
            ),
            "level1_weights": draw(
                st.none()
                | st.dictionaries(
                    st.sampled_from(tuple(g for g, _, _ in _GROUPS)), _number_cells(max_value=60)
                )
            ),
            "indicators": indicators,
            "total_score": draw(_number_cells()),
            "grade": draw(st.none() | st.sampled_from(("优", "良", "", "—", "优（98分）", "合格"))),
            "notes": draw(st.none() | st.lists(st.text(max_size=8), max_size=2)),
        }
    )


# Printed other ways: full-width, spaced, Chinese numerals ---------------------------------

_CN_DIGIT_NAMES: Final = "零一二三四五六七八九"
_FULL_WIDTH: Final = str.maketrans("0123456789.%<>=", "０１２３４５６７８９．％＜＞＝")


def chinese_numeral(value: Decimal | int, *, two: bool = False) -> str | None:
    """*value* in Chinese numerals, as clerks write it ("五十", "一百二十", "一千零五",
    "三点五", with *two* "两千"), or ``None`` when it is negative, has more than four
    decimals or reaches 10⁸ (a numeral no table prints)."""
    value = Decimal(value)
    if value < 0 or value >= 10**8 or value != value.quantize(Decimal("0.0001")):
        return None
    whole = int(value)
    text = _cn_whole(whole, two=two)
    rest = fixed(value - whole).rstrip("0").rstrip(".")
    if rest not in ("", "0"):
        text += "点" + "".join(_CN_DIGIT_NAMES[int(d)] for d in rest.split(".")[1])
    return text


def _cn_whole(number: int, *, two: bool) -> str:
    if number == 0:
        return "零"
    if number >= 10**4:
        high, low = divmod(number, 10**4)
        tail = _cn_section(low, two=two, leading=False) if low else ""
        if low and low < 1000:
            tail = "零" + tail
        return _cn_section(high, two=two) + "万" + tail
    return _cn_section(number, two=two)


def _cn_section(number: int, *, two: bool, leading: bool = True) -> str:
    """1 ≤ *number* < 10000 in numerals: 十五 (not 一十五) at the start of a number, else
    一十五 (一万零一十五), 一百零五, 两千."""
    digits = [(number // 1000) % 10, (number // 100) % 10, (number // 10) % 10, number % 10]
    places = ("千", "百", "十", "")
    text, zero = "", False
    for index, (digit, place) in enumerate(zip(digits, places, strict=True)):
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        name = _CN_DIGIT_NAMES[digit]
        if digit == 2 and two and place in ("千", "百") and not text:
            name = "两"
        if place == "十" and digit == 1 and not text and index == 2 and leading:
            name = ""  # 十五, not 一十五
        text += name + place
    return text


def _spaced(text: str) -> str:
    return " ".join(text)


def _grouped(number: str) -> str:
    whole, dot, fraction = number.partition(".")
    return f"{int(whole):,}" + dot + fraction


@st.composite
def _reprint(draw: st.DrawFn, operator: str, number: Decimal, unit: str) -> str:
    """The cell ``operator + number + unit`` printed another way that says the same:
    full-width, spaced, in Chinese numerals or 百分之, with thousands separators, or with
    the operator in words."""
    plain = fixed(number)
    ways = ["full-width", "spaced", "words"]
    known = unit_of(unit) if unit else None
    if chinese_numeral(number) is not None and (not unit or (known and known.kind != "other")):
        ways += ["chinese", "chinese"]  # numerals are read before known units only
        if unit == "%":
            ways.append("percent words")
    if number >= 1000 and number == number.to_integral_value():
        ways.append("grouped")
    way = draw(st.sampled_from(ways))
    if way == "full-width":
        return f"{operator}{plain}{unit}".translate(_FULL_WIDTH)
    if way == "spaced":
        return " ".join((operator, _spaced(plain), unit)).strip()
    if way == "grouped":
        return f"{operator}{_grouped(plain)}{unit}"
    if way == "words":
        worded = draw(st.sampled_from(_WORDED.get(operator, (operator,))))
        return f"{worded}{plain}{unit}"
    numeral = chinese_numeral(number, two=draw(st.booleans()))
    assert numeral is not None
    if way == "percent words":
        return f"{operator}百分之{numeral}"
    printed = f"{operator}{numeral}{unit}"
    if is_placeholder(printed):  # "一" alone is the dash clerks type for a blank cell
        return f"{operator}{plain}{unit}".translate(_FULL_WIDTH)
    return printed


_WORDED: Final = {
    "≥": ("不低于", "不少于", "大于等于", "≧", ">=", "＞＝"),
    "≤": ("不高于", "不超过", "小于等于", "≦", "<="),
    ">": ("大于", "高于", "超过"),
    "<": ("小于", "低于", "少于"),
    "=": ("等于", "﹦", "═"),
    "": ("",),
}


@st.composite
def reprinted_cells(draw: st.DrawFn) -> tuple[str, str, bool]:
    """A target or actual cell printed plainly in ASCII and the same cell printed another
    way real tables print it: ``(plain, printed, as a target?)``. The other ways are
    full-width digits and signs ("≥５０个"), spaces between the characters
    ("≥ 9 5 %"), Chinese numerals ("五十个", "百分之九十五", "三点五万元"), thousands
    separators ("1,000人次") and operators in words or look-alikes ("不低于", "≧")."""
    operator = draw(st.sampled_from(("≥", "≤", ">", "<", "=", "", "")))
    unit = draw(
        st.sampled_from(
            ("个", "%", "%", "万元", "元", "人次", "户", "项", "天", "", "次", "千克", "千元")
        )
    )
    number = draw(
        st.integers(0, 200).map(Decimal)
        | st.sampled_from((10, 15, 20, 95, 100, 105, 120, 1000, 1005, 2000, 10000, 12000)).map(
            Decimal
        )
        | st.decimals(min_value=0, max_value=10**5, places=2)
        | st.decimals(min_value=0, max_value=100, places=1)
    )
    plain = f"{operator}{fixed(number)}{unit}"
    return plain, draw(_reprint(operator, number, unit)), draw(st.booleans())


#: Printed grades that are no grade of a scale: a blank dash, a word, a letter.
NOT_GRADES: Final = ("", "—", "甲", "不评级", "A", "待定")


@st.composite
def target_columns(draw: st.DrawFn) -> tuple[str | None, str | None, str | None]:
    """A target printed in three columns, 指标性质 | 指标值 | 度量单位, as tables split it:
    ``(direction, value, unit)``: a sign (≥, ＞＝, 不低于 …), 定性 with a statement (or,
    wrongly, a number), no sign, or a sign no table uses; the value in digits, full-width
    or Chinese numerals; the unit, bracketed names ("%(百分比)") included."""
    direction = draw(
        st.sampled_from(("≥", "≤", "=", ">", "<", "＞＝", "不低于", "不超过", "", None, "约"))
        | st.sampled_from(("定性", "定性指标", "定性 ", "x", "其他", "-"))
    )
    unit = draw(st.sampled_from(("个", "%", "万元", "人次", "%(百分比)", "天", "", None)))
    if direction is not None and direction.strip().startswith("定性"):
        value = draw(
            st.sampled_from((*_STATEMENTS, "", "无", "95%", "≥90%", "2023年12月", "定性：合格"))
        )
        return direction, value, None
    number = draw(st.decimals(min_value=0, max_value=10**4, places=2))
    value = draw(
        st.sampled_from(
            (
                fixed(number),
                fixed(number).translate(_FULL_WIDTH),
                chinese_numeral(number) or fixed(number),
            )
        )
    )
    return direction, value, unit


# Settings no policy may have -----------------------------------------------------------


@attrs.frozen(kw_only=True)
class InvalidSetting:
    """Something built from an invalid setting: *what* it is, the *field* perfeval's error
    must name, and how to *build* it (which must be refused)."""

    what: str
    field: str
    build: Any = attrs.field(repr=False)

    def __repr__(self) -> str:
        return f"InvalidSetting({self.what}; {self.field})"


def floors() -> st.SearchStrategy[Decimal]:
    """Floors of a linear reverse formula: shares of the weight in [0, 1]."""
    return st.decimals(min_value=0, max_value=1, places=2)


@st.composite
def invalid_settings(draw: st.DrawFn, *, policy: Policy | str = MOF_2020) -> InvalidSetting:
    """A policy (evolved from *policy*), a formula, a grade scale or a fund row built from
    a setting no table can be scored by: a floor or tier share outside [0, 1], a partly
    met tier above the met one, a funds weight of 0 or below, an unknown formula id, role
    or operator mode, a formula that is not one, grade bands out of order, overlapping,
    or leaving totals without a band, a label of two bands, a fund row without a source."""
    from perfeval.formulas import Ratio
    from perfeval.funds import FundBlock, FundRow

    chosen = _policy(policy)
    share = draw(
        st.sampled_from((Decimal("-0.1"), Decimal("1.01"), Decimal(2)))
        | st.decimals(min_value=Decimal("1.001"), max_value=10, places=3)
    )
    points = draw(st.sampled_from((Decimal(0), Decimal(-10), Decimal("-0.5"))))
    bands = list(chosen.grades.bands)
    top = bands[0].lower or Decimal(90)
    lowest = bands[-1]
    shapes: dict[str, tuple[str, Any]] = {
        "a floor above 1": ("floor", lambda: LinearReverse(floor=share)),
        "a met tier share outside [0, 1]": (
            "qualitative_met_floor",
            lambda: attrs.evolve(chosen, qualitative_met_floor=share),
        ),
        "a partly met tier above the met one": (
            "qualitative_partly_floor",
            lambda: attrs.evolve(
                chosen,
                qualitative_met_floor=Decimal("0.5"),
                qualitative_partly_floor=Decimal("0.7"),
            ),
        ),
        "a funds weight of 0 or below": (
            "funds_weight",
            lambda: attrs.evolve(chosen, funds_weight=points),
        ),
        "indicator points of 0 or below": (
            "indicator_points",
            lambda: attrs.evolve(chosen, indicator_points=points),
        ),
        "an unknown reverse form": (
            "reverse_form",
            lambda: attrs.evolve(chosen, reverse_form=draw(st.sampled_from(("linar", "ratios")))),
        ),
        "an unknown operator mode": (
            "strict_operators",
            lambda: attrs.evolve(chosen, strict_operators="exclusive"),  # type: ignore[arg-type]
        ),
        "a formula of an unknown role": (
            "formulas",
            lambda: attrs.evolve(chosen, formulas={"sideways": {"mine": Ratio()}}),
        ),
        "a formula without an id": (
            "formulas.reverse",
            lambda: attrs.evolve(chosen, formulas={"reverse": {" ": Ratio()}}),
        ),
        "a formula that is not one": (
            "formulas.reverse.mine",
            lambda: attrs.evolve(chosen, formulas={"reverse": {"mine": "w*t/a"}}),
        ),
        "an over-achievement threshold below 1": (
            "over_achievement_threshold",
            lambda: attrs.evolve(chosen, over_achievement_threshold=Decimal("0.9")),
        ),
        "no grade bands": ("bands", lambda: GradeScale(bands=())),
        "an unknown grading basis": (
            "basis",
            lambda: GradeScale(bands=tuple(bands), basis="truncated"),  # type: ignore[arg-type]
        ),
        "grade bands out of order": (
            "bands",
            lambda: GradeScale(bands=(*reversed(bands[:-1]), lowest)),
        ),
        "two bands from the same total": (
            "bands",
            lambda: GradeScale(
                bands=(
                    bands[0],
                    attrs.evolve(bands[0], label="甲", name="a", aliases=()),
                    *bands[1:],
                )
            ),
        ),
        "totals below the lowest band left without a grade": (
            "bands",
            lambda: GradeScale(bands=(*bands[:-1], attrs.evolve(lowest, lower=Decimal(1)))),
        ),
        "a bottom band above another": (
            "bands",
            lambda: GradeScale(bands=(attrs.evolve(bands[0], lower=None), *bands[1:])),
        ),
        "a label of two bands": (
            "bands",
            lambda: GradeScale(
                bands=(bands[0], attrs.evolve(bands[1], aliases=(bands[0].label,)), *bands[2:])
            ),
        ),
        "a fund row without a source": ("source", lambda: FundRow(source=" ")),
        "a fund row whose source is not text": ("source", lambda: FundRow(source=10)),  # type: ignore[arg-type]
        "a total row of another source": (
            "total",
            lambda: FundBlock(total=FundRow(source="other", annual_budget=top)),
        ),
        "a source row that is a total": (
            "sources",
            lambda: FundBlock(sources=[FundRow(source="总额", annual_budget=top)]),
        ),
    }
    if len(bands) < 3:  # a two-band scale has no second band to take the top one's label
        del shapes["a label of two bands"]
    what = draw(st.sampled_from(sorted(shapes)))
    field, build = shapes[what]
    return InvalidSetting(what=what, field=field, build=build)


# The classic slips, written out ----------------------------------------------------------

#: Rows every run of :func:`perfeval.testing.verify`'s row laws checks besides those it
#: draws (as ``(level-2 group, target, actual, weight, printed score)``): the slips scorers
#: make most, each at the number where it shows.
HARD_ROWS: Final = (
    ("数量指标", "≥50个", "50个", "10", None),  # the bound itself meets ≥
    ("数量指标", ">50个", "50个", "10", "8"),  # and > unless the operators are strict
    ("数量指标", "≥50个", "46.33个", "15", None),  # 13.899: half up to 13.90
    ("数量指标", "≥40个", "18.26个", "10", None),  # 4.565: half up 4.57, half even 4.56
    ("数量指标", "≥200人次", "535人次", "15", None),  # far over: capped at the weight
    ("成本指标", "≤60万元", "51.79万元", "10", None),
    ("成本指标", "≤60万元", "61万元", "10", None),
    ("成本指标", "≤60万元", "150万元", "10", None),  # more than twice: the linear floor
    ("成本指标", "<60万元", "60万元", "10", "9"),
    ("成本指标", "60", "75", "10", None),  # a bare cost number is a reverse target
    ("数量指标", "60", "45", "10", None),  # a bare number elsewhere is positive
    ("质量指标", "=100%", "101%", "10", None),  # over an "=" target: symmetric or met
    ("质量指标", "=100%", "98%", "10", None),
    ("质量指标", "≥95%", "0.9823", "10", None),  # a rate typed as a fraction
    ("成本指标", "≤1.5万元", "14000", "10", None),  # 元 beside 万元
    ("成本指标", "≤60万元", "610000元", "10", None),  # the actual in another unit
    ("成本指标", "≤300元/亩", "310元", "5", None),  # an amount per the standard's unit
    ("数量指标", "≥0个", "0个", "5", None),
    ("数量指标", "=0", "1", "5", None),  # a missed target of 0 scores 0
    ("时效指标", "30天内完成", "31天", "5", None),  # a time limit is an upper limit
    ("时效指标", "30天内完成", "744小时", "5", None),  # hours against days
    ("时效指标", "2023年12月前完成", "2023年12月31日", "5", None),  # the month's last day
    ("时效指标", "12月底前", "2024年1月1日", "5", "3"),  # a day late; the table's year
    ("时效指标", "2024年2月29日前完成", "2024-02-29", "5", None),  # a leap day
    ("时效指标", "2023年上半年", "2023年7月1日完成", "5", "4"),
    ("时效指标", "9月前", "按时完成", "5", None),
    ("社会效益指标", "效果明显", "基本达到", "10", "7"),
    ("社会效益指标", "效果明显", "效果不明显", "10", "12"),  # judged above the weight
    ("生态效益指标", "无", "无", None, None),  # 无: no score, not 0
    ("数量指标", "≥50个", "", "10", "6"),  # a blank actual: the judged score
    ("质量指标", "80%-90%", "95%", "10", None),  # above a range
    ("质量指标", "80%-90%", "70%", "10", None),  # below it
    ("数量指标", "≥50个", "50万元", "10", "5"),  # units of different kinds: judged
)  # fmt: skip

_LEVEL1: Final = {"社会效益指标": "效益指标", "生态效益指标": "效益指标"}


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def hard_rows(*, names: Sequence[str] = ("培训人次",)) -> list[Indicator]:
    """The rows of :data:`HARD_ROWS`, read by perfeval's grammar."""
    rows = []
    for level2, target, actual, weight, score in HARD_ROWS:
        rows.append(
            Indicator(name=names[0], level1=_LEVEL1.get(level2, "产出指标"), level2=level2,
                      target=target, actual=actual, weight=_decimal(weight),
                      score=_decimal(score))
        )  # fmt: skip
    return rows


def hard_blocks() -> list[FundBlock]:
    """Fund blocks every run of the funds laws checks besides those it draws: one without
    a row, the seed's 51.79 of 60 (8.63), exactly on budget, over it, an exact half cent
    (10 × 0.015 / 10 … 0.02), a zero budget, a total row whose executed amount was never
    filled (beside a source row without amounts), a block in 元, a blank weight."""

    def block(budget: str, executed: str | None, **changes: Any) -> FundBlock:
        total = FundRow(source="total", annual_budget=_decimal(budget), executed=_decimal(executed))
        return FundBlock(total=total, **changes)

    sources = (
        FundRow(source="current_year", annual_budget=Decimal(40), executed=Decimal("31.79")),
        FundRow(source="carry_over", annual_budget=Decimal(20), executed=Decimal(20)),
        FundRow(source="other"),  # a source row printed without amounts
    )
    return [
        FundBlock(),  # a fund block printed without a row
        block("60", "51.79"),
        block("7.49", "7.49"),
        block("60", "75"),
        block("10", "0.015"),
        block("0", "5"),
        block("60", None, sources=sources),
        block("600000", "517900", unit="元"),
        block("60", "51.79", weight=None),
    ]
