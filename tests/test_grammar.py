"""perfeval.targets and scoring: the written grammar (docs/grammar.md), row by row.

Every row is a real-world phrasing pair: the printed target, the printed actual, the level-2
group, the weight, the printed (judged) score, what the target and the actual read as, and
the score the row gets under the national rules. Every expected score is worked by hand:
positive targets weight × actual / target, reverse (and time limits) weight × target /
actual, bands weight × actual / low below and weight × high / actual above, rounded half up
to 2 decimals; rows no rule can compute take the printed score.

Reading shorthand: ``≤30 天 limit`` a time limit; ``≥50 个`` a comparison; ``80~90 %`` a
band; ``date 2023-12`` a deadline or completion date; ``on-time`` / ``late`` a statement;
``says met|partly|not_met|none`` a qualitative statement and the tier it states;
``n/a``, ``blank``, ``unreadable``.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfeval.indicators import Indicator
from perfeval.number import fixed
from perfeval.scoring import score_indicator
from perfeval.targets import (
    Band,
    Blank,
    Comparison,
    Deadline,
    NotApplicable,
    Qualitative,
    Reading,
    Unreadable,
    parse_actual,
    parse_target,
)

YEAR = 2023


def shorthand(reading: Reading) -> str:
    """A reading in the shorthand of the table below."""
    if isinstance(reading, Comparison):
        sign = reading.direction.value if reading.direction else ""
        unit = f" {reading.unit.symbol}" if reading.unit else ""
        return f"{sign}{fixed(reading.value)}{unit}" + (" limit" if reading.time_limit else "")
    if isinstance(reading, Band):
        unit = f" {reading.unit.symbol}" if reading.unit else ""
        return f"{fixed(reading.low)}~{fixed(reading.high)}{unit}"
    if isinstance(reading, Deadline):
        if not reading.dated:
            return "on-time" if reading.on_time else "late"
        text = f"date {reading.year}-{reading.month:02d}"
        return text + (f"-{reading.day:02d}" if reading.day else "")
    if isinstance(reading, Qualitative):
        return f"says {reading.achievement.value if reading.achievement else 'none'}"
    if isinstance(reading, NotApplicable):
        return "n/a"
    if isinstance(reading, Blank):
        return "blank"
    assert isinstance(reading, Unreadable)
    return "unreadable"


# (target, actual, level-2 group, weight, printed score, target reads, actual reads, score)
ROWS = [
    # Operators: ASCII, full-width, compatibility, box-drawing look-alikes, words -------
    ("≥50个", "46个", "数量指标", "10", None, "≥50 个", "46 个", "9.20"),  # 10×46/50
    ("≧50个", "50个", "数量指标", "10", None, "≥50 个", "50 个", "10"),
    ("＞＝50个", "60个", "数量指标", "10", None, "≥50 个", "60 个", "10"),  # capped
    (">=3", "2", "数量指标", "10", None, "≥3", "2", "6.67"),  # 10×2/3
    ("＞80", "81", "质量指标", "10", None, ">80", "81", "10"),
    ("大于等于90%", "85%", "质量指标", "10", None, "≥90 %", "85 %", "9.44"),  # 9.444…
    ("大于或等于90%", "90%", "质量指标", "10", None, "≥90 %", "90 %", "10"),
    ("不低于95%", "96%", "质量指标", "10", None, "≥95 %", "96 %", "10"),
    ("不低于95％", "90%", "质量指标", "10", None, "≥95 %", "90 %", "9.47"),  # 9.4736…
    ("不少于1,000人次", "800人次", "数量指标", "10", None, "≥1000 人次", "800 人次", "8.00"),
    ("至少12次", "9次", "数量指标", "10", None, "≥12 次", "9 次", "7.50"),
    ("达到100%", "95%", "质量指标", "10", None, "≥100 %", "95 %", "9.50"),
    ("1000人次以上", "1200人次", "数量指标", "10", None, "≥1000 人次", "1200 人次", "10"),
    ("95%及以上", "94%", "质量指标", "10", None, "≥95 %", "94 %", "9.89"),  # 9.894…
    ("≤60万元", "65万元", "成本指标", "10", None, "≤60 万元", "65 万元", "9.23"),  # 10×60/65
    ("≦5%", "6%", "成本指标", "10", None, "≤5 %", "6 %", "8.33"),  # 10×5/6
    ("<=10", "12", "成本指标", "10", None, "≤10", "12", "8.33"),
    ("小于等于20万元", "18万元", "成本指标", "10", None, "≤20 万元", "18 万元", "10"),
    ("不超过100万元", "120万元", "成本指标", "10", None, "≤100 万元", "120 万元", "8.33"),
    ("不高于5%", "4%", "质量指标", "10", None, "≤5 %", "4 %", "10"),
    ("10万元以内", "12万元", "成本指标", "10", None, "≤10 万元", "12 万元", "8.33"),
    ("50万元以下", "40万元", "成本指标", "10", None, "≤50 万元", "40 万元", "10"),
    ("＜3次", "3次", "质量指标", "10", None, "<3 次", "3 次", "10"),  # inclusive policy
    ("=100%", "100%", "质量指标", "10", None, "=100 %", "100 %", "10"),
    ("═100%", "98%", "质量指标", "10", None, "=100 %", "98 %", "9.80"),  # box-drawing =
    ("﹦100%", "100%", "质量指标", "10", None, "=100 %", "100 %", "10"),
    ("＝100%", "97%", "质量指标", "10", None, "=100 %", "97 %", "9.70"),
    ("等于12次", "12次", "数量指标", "10", None, "=12 次", "12 次", "10"),
    ("约5个", "4个", "数量指标", "10", None, "=5 个", "4 个", "8.00"),  # = scored positive
    ("5个左右", "5个", "数量指标", "10", None, "=5 个", "5 个", "10"),
    ("≈200人", "150人", "数量指标", "10", None, "=200 人", "150 人", "7.50"),
    ("满意度≥90%", "92%", "服务对象满意度指标", "10", None, "≥90 %", "92 %", "10"),
    ("群众满意度不低于95%", "93%", "服务对象满意度指标", "10", None, "≥95 %", "93 %", "9.79"),
    ("按时完成率≥95%", "100%", "时效指标", "10", None, "≥95 %", "100 %", "10"),
    ("覆盖率达到90%以上", "81%", "质量指标", "10", None, "≥90 %", "81 %", "9.00"),
    ("完成率100%", "完成率95%", "质量指标", "10", None, "100 %", "95 %", "9.50"),
    ("满意度≥90%", "满意度88%", "服务对象满意度指标", "10", None, "≥90 %", "88 %", "9.78"),
    ("群众满意度95%以上", "群众满意度96%", "服务对象满意度指标", "10", None, "≥95 %", "96 %", "10"),
    # Numbers: Arabic, full-width, Chinese numerals, 百分之…, 万/亿 ----------------------
    ("200", "535", "数量指标", "10", None, "200", "535", "10"),  # capped
    ("１２３个", "１００个", "数量指标", "10", None, "123 个", "100 个", "8.13"),  # 8.1300…
    (
        "12,000平方米",
        "11000平方米",
        "数量指标",
        "10",
        None,
        "12000 平方米",
        "11000 平方米",
        "9.17",
    ),  # 9.1666…
    ("≥五十个", "四十个", "数量指标", "10", None, "≥50 个", "40 个", "8.00"),
    ("不少于两千人次", "1800人次", "数量指标", "10", None, "≥2000 人次", "1800 人次", "9.00"),
    ("一百二十个", "120个", "数量指标", "10", None, "120 个", "120 个", "10"),
    ("十二次", "十次", "数量指标", "10", None, "12 次", "10 次", "8.33"),
    ("三十五场", "28场", "数量指标", "10", None, "35 场", "28 场", "8.00"),
    ("百分之九十五", "百分之九十", "质量指标", "10", None, "95 %", "90 %", "9.47"),
    ("≥百分之九十", "92%", "质量指标", "10", None, "≥90 %", "92 %", "10"),
    ("百分之95以上", "96%", "质量指标", "10", None, "≥95 %", "96 %", "10"),
    ("百分之八十五点五", "85.5%", "质量指标", "10", None, "85.5 %", "85.5 %", "10"),
    ("千分之五以下", "6‰", "质量指标", "10", None, "≤5 ‰", "6 ‰", "8.33"),
    ("十万人次", "12万人次", "数量指标", "10", None, "10 万人次", "12 万人次", "10"),
    ("5万人次", "4万人次", "数量指标", "10", None, "5 万人次", "4 万人次", "8.00"),
    ("≥5万人次", "45000人次", "数量指标", "10", None, "≥5 万人次", "45000 人次", "9.00"),
    ("≥5万个", "40000个", "数量指标", "10", None, "≥50000 个", "40000 个", "8.00"),
    ("≥3万", "24000", "数量指标", "10", None, "≥30000", "24000", "8.00"),
    ("≥1.2亿元", "1亿元", "经济效益指标", "10", None, "≥1.2 亿元", "1 亿元", "8.33"),
    ("≥600000元", "60万元", "经济效益指标", "10", None, "≥600000 元", "60 万元", "10"),
    ("≥3公里", "2500米", "数量指标", "10", None, "≥3 公里", "2500 米", "8.33"),
    ("6项", "5项", "数量指标", "10", None, "6 项", "5 项", "8.33"),
    ("≥20户", "20户", "数量指标", "10", None, "≥20 户", "20 户", "10"),
    ("60", "65", "成本指标", "10", None, "60", "65", "9.23"),  # 成本: reverse
    ("≤60", "51.79", "成本指标", "10", None, "≤60", "51.79", "10"),  # seed 2-3
    ("300元/人*月", "300元/人*月", "成本指标", "10", None, "300 元/人·月", "300 元/人·月", "10"),
    # Units with bracketed names ---------------------------------------------------------
    ("95%(百分比)", "95", "质量指标", "10", None, "95 %", "95", "10"),
    ("≥90%（百分比）", "88%（百分比）", "质量指标", "10", None, "≥90 %", "88 %", "9.78"),
    ("12个（家）", "12家", "数量指标", "10", None, "12 个", "12 家", "10"),
    ("≥10（个）", "8个", "数量指标", "10", None, "≥10 个", "8 个", "8.00"),
    ("≥20户(家)", "15户", "数量指标", "10", None, "≥20 户", "15 户", "7.50"),
    # Time limits: upper limits in a duration unit, scored as reverse targets ------------
    ("30天内完成", "45天内完成", "时效指标", "10", None, "≤30 天 limit", "≤45 天 limit", "6.67"),
    ("30天内完成", "10天内完成", "时效指标", "10", None, "≤30 天 limit", "≤10 天 limit", "10"),
    ("30天内完成", "30天", "时效指标", "10", None, "≤30 天 limit", "30 天", "10"),
    ("30日内完工", "35日", "时效指标", "10", None, "≤30 日 limit", "35 日", "8.57"),
    ("24小时内到位", "48小时", "时效指标", "10", None, "≤24 小时 limit", "48 小时", "5.00"),
    ("24小时内到位", "2天", "时效指标", "10", None, "≤24 小时 limit", "2 天", "5.00"),
    (
        "5个工作日内办结",
        "3个工作日",
        "时效指标",
        "10",
        None,
        "≤5 个工作日 limit",
        "3 个工作日",
        "10",
    ),
    (
        "5个工作日内办结",
        "8个工作日内办结",
        "时效指标",
        "10",
        None,
        "≤5 个工作日 limit",
        "≤8 个工作日 limit",
        "6.25",
    ),
    # a working day is not a fixed number of days: judged
    ("5个工作日内办结", "7天", "时效指标", "10", "8", "≤5 个工作日 limit", "7 天", "8"),
    ("3个工作日内", "2工作日", "时效指标", "10", None, "≤3 个工作日 limit", "2 工作日", "10"),
    ("3个月内", "4个月", "时效指标", "10", None, "≤3 个月 limit", "4 个月", "7.50"),
    ("三个月内完成", "2个月", "时效指标", "10", None, "≤3 个月 limit", "2 个月", "10"),
    ("两周内完成", "10天", "时效指标", "10", None, "≤2 周 limit", "10 天", "10"),
    ("15天内完成", "15天完成", "时效指标", "10", None, "≤15 天 limit", "15 天", "10"),
    ("7日内答复", "9日", "时效指标", "10", None, "≤7 日 limit", "9 日", "7.78"),  # 7.777…
    ("一个月内办结", "1个月", "时效指标", "10", None, "≤1 个月 limit", "1 个月", "10"),
    ("在30天内完成", "20天", "时效指标", "10", None, "≤30 天 limit", "20 天", "10"),
    ("2小时内响应", "1.5小时", "时效指标", "10", None, "≤2 小时 limit", "1.5 小时", "10"),
    ("1年内完成", "10个月", "时效指标", "10", None, "≤1 年 limit", "10 个月", "10"),
    ("10日内拨付", "用时12天", "时效指标", "10", "8", "≤10 日 limit", "unreadable", "8"),
    ("48小时内", "36小时", "时效指标", "10", None, "≤48 小时 limit", "36 小时", "10"),
    ("半个月内完成", "20天", "时效指标", "10", "7", "≤0.5 个月 limit", "20 天", "7"),  # judged
    ("半年内", "9个月", "时效指标", "10", None, "≤0.5 年 limit", "9 个月", "6.67"),  # 6/9
    ("60天", "45天", "成本指标", "10", None, "60 天", "45 天", "10"),
    # Deadlines and periods: the end of the period, inclusive -----------------------------
    ("2023年底前", "2023年11月完成", "时效指标", "10", None, "date 2023-12", "date 2023-11", "10"),
    ("2023年底前", "2024年1月完成", "时效指标", "10", "6", "date 2023-12", "date 2024-01", "6"),
    ("2023年上半年", "2023年6月", "时效指标", "10", None, "date 2023-06", "date 2023-06", "10"),
    ("2023年上半年", "2023年7月", "时效指标", "10", "5", "date 2023-06", "date 2023-07", "5"),
    ("2023年下半年", "2023年12月", "时效指标", "10", None, "date 2023-12", "date 2023-12", "10"),
    (
        "2023年第三季度",
        "2023年9月30日",
        "时效指标",
        "10",
        None,
        "date 2023-09",
        "date 2023-09-30",
        "10",
    ),
    ("第三季度", "10月", "时效指标", "10", "7", "date 2023-09", "date 2023-10", "7"),
    ("第3季度", "9月", "时效指标", "10", None, "date 2023-09", "date 2023-09", "10"),
    ("四季度", "12月", "时效指标", "10", None, "date 2023-12", "date 2023-12", "10"),
    ("第一季度", "2023年第一季度", "时效指标", "10", None, "date 2023-03", "date 2023-03", "10"),
    ("2023.12月", "2023.11月", "时效指标", "10", None, "date 2023-12", "date 2023-11", "10"),
    ("上半年", "5月完成", "时效指标", "10", None, "date 2023-06", "date 2023-05", "10"),
    ("年底前", "12月底完成", "时效指标", "10", None, "date 2023-12", "date 2023-12", "10"),
    (
        "年底前完成",
        "2024-03-01 00:00:00",
        "时效指标",
        "10",
        "4",
        "date 2023-12",
        "date 2024-03-01",
        "4",
    ),
    (
        "2024年3月前",
        "2024-03-01 00:00:00",
        "时效指标",
        "10",
        None,
        "date 2024-03",
        "date 2024-03-01",
        "10",
    ),
    (
        "2024年3月31日前",
        "2024/3/1",
        "时效指标",
        "10",
        None,
        "date 2024-03-31",
        "date 2024-03-01",
        "10",
    ),
    (
        "2024年3月31日前",
        "2024/4/2",
        "时效指标",
        "10",
        "5",
        "date 2024-03-31",
        "date 2024-04-02",
        "5",
    ),
    (
        "2023年12月之前完成",
        "2023年12月完成",
        "时效指标",
        "10",
        None,
        "date 2023-12",
        "date 2023-12",
        "10",
    ),
    ("9月前", "2023年8月", "时效指标", "10", None, "date 2023-09", "date 2023-08", "10"),
    (
        "2023年12月31日前",
        "2023-12-31",
        "时效指标",
        "10",
        None,
        "date 2023-12-31",
        "date 2023-12-31",
        "10",
    ),
    ("2023年", "2023年10月", "时效指标", "10", None, "date 2023-12", "date 2023-10", "10"),
    ("2023年度", "2023.6", "时效指标", "10", "10", "date 2023-12", "2023.6", "10"),
    ("2023年度内完成", "已按时完成", "时效指标", "10", None, "date 2023-12", "on-time", "10"),
    ("年内完成", "按期完成", "时效指标", "10", None, "date 2023-12", "on-time", "10"),
    ("当年完成", "2023年12月", "时效指标", "10", None, "date 2023-12", "date 2023-12", "10"),
    ("2023年12月前", "2023年12月未完成", "时效指标", "10", "3", "date 2023-12", "late", "3"),
    ("12月底前", "截至12月底未完工", "时效指标", "10", "2", "date 2023-12", "late", "2"),
    (
        "2023年11月底前",
        "2023年11月20日",
        "时效指标",
        "10",
        None,
        "date 2023-11",
        "date 2023-11-20",
        "10",
    ),
    (
        "2024.06.30前",
        "2024.06.15",
        "时效指标",
        "10",
        None,
        "date 2024-06-30",
        "date 2024-06-15",
        "10",
    ),
    (
        "2023-12-31",
        "2023-12-01 00:00:00",
        "时效指标",
        "10",
        None,
        "date 2023-12-31",
        "date 2023-12-01",
        "10",
    ),
    # On-time statements and their negations ----------------------------------------------
    ("按时完成", "未能按时完成", "时效指标", "10", "5", "on-time", "late", "5"),
    ("按时完成", "没有按时完成", "时效指标", "10", "5", "on-time", "late", "5"),
    ("按时完成", "未延期", "时效指标", "10", None, "on-time", "on-time", "10"),
    ("按时完成", "无逾期", "时效指标", "10", None, "on-time", "on-time", "10"),
    ("按时完成", "不延期", "时效指标", "10", None, "on-time", "on-time", "10"),
    ("按时完成", "没有延期", "时效指标", "10", None, "on-time", "on-time", "10"),
    ("按时完成", "未出现延误", "时效指标", "10", None, "on-time", "on-time", "10"),
    ("按时完成", "延期完成", "时效指标", "10", "5", "on-time", "late", "5"),
    ("按时完成", "未按时完成", "时效指标", "10", "5", "on-time", "late", "5"),
    ("按时完成", "存在滞后", "时效指标", "10", "6", "on-time", "late", "6"),
    ("按时完成", "未能如期完成", "时效指标", "10", "4", "on-time", "late", "4"),
    ("按时完成", "不能按期完成", "时效指标", "10", "4", "on-time", "late", "4"),
    ("按时完成", "已完成", "时效指标", "10", None, "on-time", "says met", "10"),
    ("按期完成", "如期完成", "时效指标", "10", None, "on-time", "on-time", "10"),
    ("在项目计划完成时间内完成", "按时完成", "时效指标", "10", None, "on-time", "on-time", "10"),
    ("2023年12月前", "按时完成", "时效指标", "10", None, "date 2023-12", "on-time", "10"),
    ("2023年12月前", "未能按时完成", "时效指标", "10", "4", "date 2023-12", "late", "4"),
    ("及时", "不及时", "时效指标", "10", "3", "says met", "late", "3"),
    ("及时", "及时", "时效指标", "10", "10", "says met", "says met", "10"),
    # Statements with negations and tier words (judged scores, in their tier) ------------
    ("效果明显", "效果不好", "社会效益指标", "10", "4", "says met", "says not_met", "4"),
    ("效果明显", "不到位", "社会效益指标", "10", "3", "says met", "says not_met", "3"),
    ("效果明显", "未能完成", "社会效益指标", "10", "2", "says met", "says not_met", "2"),
    ("效果明显", "没有达到", "社会效益指标", "10", "5", "says met", "says not_met", "5"),
    ("效果明显", "不太满意", "社会效益指标", "10", "5", "says met", "says not_met", "5"),
    ("效果明显", "效果不明显", "社会效益指标", "10", "5", "says met", "says not_met", "5"),
    ("效果明显", "没有达到预期", "社会效益指标", "10", "4", "says met", "says not_met", "4"),
    ("效果明显", "满意度不高", "社会效益指标", "10", "5", "says met", "says not_met", "5"),
    ("效果明显", "效果欠佳", "社会效益指标", "10", "5", "says met", "says not_met", "5"),
    ("效果明显", "不理想", "社会效益指标", "10", "4", "says met", "says not_met", "4"),
    ("效果明显", "不满意", "社会效益指标", "10", "2", "says met", "says not_met", "2"),
    ("效果明显", "不是很满意", "社会效益指标", "10", "5", "says met", "says not_met", "5"),
    ("效果明显", "尚未完成", "社会效益指标", "10", "2", "says met", "says not_met", "2"),
    ("效果明显", "无法完成", "社会效益指标", "10", "0", "says met", "says not_met", "0"),
    ("效果明显", "没有明显改善", "社会效益指标", "10", "4", "says met", "says not_met", "4"),
    ("效果明显", "未见成效", "社会效益指标", "10", "3", "says met", "says not_met", "3"),
    ("效果明显", "不合格", "质量指标", "10", "0", "says met", "says not_met", "0"),
    ("效果明显", "未达到", "社会效益指标", "10", "3", "says met", "says not_met", "3"),
    ("效果明显", "较差", "社会效益指标", "10", "3", "says met", "says not_met", "3"),
    ("效果明显", "差", "社会效益指标", "10", "2", "says met", "says not_met", "2"),
    ("效果明显", "否", "社会效益指标", "10", "0", "says met", "says not_met", "0"),
    ("效果明显", "没有效果", "社会效益指标", "10", "1", "says met", "says not_met", "1"),
    ("效果明显", "毫无效果", "社会效益指标", "10", "0", "says met", "says none", "0"),
    ("效果明显", "基本达到", "社会效益指标", "10", "7", "says met", "says partly", "7"),
    ("效果明显", "部分达到", "社会效益指标", "10", "6", "says met", "says partly", "6"),
    ("效果明显", "一般", "社会效益指标", "10", "7", "says met", "says partly", "7"),
    ("效果明显", "中", "社会效益指标", "10", "6.5", "says met", "says partly", "6.5"),
    ("效果明显", "中等", "社会效益指标", "10", "7", "says met", "says partly", "7"),
    ("效果明显", "基本满意", "服务对象满意度指标", "10", "7", "says met", "says partly", "7"),
    ("效果明显", "有待提高", "社会效益指标", "10", "7", "says met", "says partly", "7"),
    ("效果明显", "未完全达到预期", "社会效益指标", "10", "7", "says met", "says partly", "7"),
    ("效果明显", "没有全部完成", "社会效益指标", "10", "6", "says met", "says partly", "6"),
    ("效果明显", "尚未全面完成", "社会效益指标", "10", "6", "says met", "says partly", "6"),
    ("效果明显", "达到", "社会效益指标", "10", "10", "says met", "says met", "10"),
    ("效果明显", "好", "社会效益指标", "10", "9", "says met", "says met", "9"),
    ("效果明显", "较好", "社会效益指标", "10", "8", "says met", "says met", "8"),
    ("效果明显", "优", "社会效益指标", "10", "10", "says met", "says met", "10"),
    ("效果明显", "优秀", "社会效益指标", "10", "10", "says met", "says met", "10"),
    ("效果明显", "良", "社会效益指标", "10", "8.5", "says met", "says met", "8.5"),
    ("效果明显", "良好", "社会效益指标", "10", "9", "says met", "says met", "9"),
    ("效果明显", "效果明显", "社会效益指标", "10", "10", "says met", "says met", "10"),
    ("效果明显", "效果显著", "社会效益指标", "10", "10", "says met", "says met", "10"),
    ("效果明显", "不断提升", "社会效益指标", "10", "10", "says met", "says met", "10"),
    ("效果明显", "是", "社会效益指标", "10", "10", "says met", "says met", "10"),
    ("无投诉", "无投诉", "社会效益指标", "10", "10", "says met", "says met", "10"),
    ("无重大安全事故", "未发生安全事故", "社会效益指标", "10", "10", "says met", "says met", "10"),
    ("零差错", "零差错", "质量指标", "10", "9", "says met", "says met", "9"),
    ("准确无误", "准确无误", "质量指标", "10", "10", "says met", "says met", "10"),
    ("合规", "发生违规问题", "质量指标", "10", "4", "says met", "says none", "4"),
    ("达成预期指标", "达成预期指标", "社会效益指标", "10", "10", "says met", "says met", "10"),
    ("有效保障", "部分达成", "社会效益指标", "10", "7", "says met", "says partly", "7"),
    ("有效保障", "详见附件", "社会效益指标", "10", "8", "says met", "says none", "8"),
    ("显著提升", "未达成预期目标", "社会效益指标", "10", "5", "says met", "says not_met", "5"),
    ("显著提升", "未达预期", "社会效益指标", "10", "5", "says met", "says not_met", "5"),
    ("不断完善", "不太按时完成", "社会效益指标", "10", "5", "says met", "late", "5"),
    ("≥100%", "完成率未达到100%", "质量指标", "10", "8", "≥100 %", "unreadable", "8"),
    # Numeric target, actual in words ----------------------------------------------------
    ("≥90%", "达到预期", "服务对象满意度指标", "10", "9", "≥90 %", "says met", "9"),
    ("100%", "基本完成", "质量指标", "10", "7", "100 %", "says partly", "7"),
    ("≥50个", "详见附件", "数量指标", "10", "7", "≥50 个", "says none", "7"),
    # Ranges as bands: met inside [low, high] ------------------------------------------
    ("80%-90%", "85%", "质量指标", "10", None, "80~90 %", "85 %", "10"),
    ("80%-90%", "72%", "质量指标", "10", None, "80~90 %", "72 %", "9.00"),  # 10×72/80
    ("80%-90%", "99%", "质量指标", "10", None, "80~90 %", "99 %", "9.09"),  # 10×90/99
    ("80%～90%", "80%", "质量指标", "10", None, "80~90 %", "80 %", "10"),
    ("80%~90%", "90%", "质量指标", "10", None, "80~90 %", "90 %", "10"),
    ("80%〜90%", "100%", "质量指标", "10", None, "80~90 %", "100 %", "9.00"),
    ("80-90分", "95分", "质量指标", "10", None, "80~90 分", "95 分", "9.47"),  # 9.4736…
    ("80-90分", "60分", "质量指标", "10", None, "80~90 分", "60 分", "7.50"),
    ("1-2项", "2项", "数量指标", "10", None, "1~2 项", "2 项", "10"),
    ("1-2项", "3项", "数量指标", "10", None, "1~2 项", "3 项", "6.67"),
    ("100至200人", "150人", "数量指标", "10", None, "100~200 人", "150 人", "10"),
    (
        "100到200人次",
        "50人次",
        "数量指标",
        "10",
        None,
        "100~200 人次",
        "50 人次",
        "5.00",
    ),  # 10×50/100
    ("95%—100%", "96%", "质量指标", "10", None, "95~100 %", "96 %", "10"),
    ("5-8个", "0个", "数量指标", "10", None, "5~8 个", "0 个", "0.00"),
    ("3-5万元", "6万元", "成本指标", "10", None, "3~5 万元", "6 万元", "8.33"),
    ("10～20天", "25天", "时效指标", "10", None, "10~20 天", "25 天", "8.00"),
    ("85%-95%之间", "90%", "服务对象满意度指标", "10", None, "85~95 %", "90 %", "10"),
    ("80%-90%", "达成", "质量指标", "10", "9", "80~90 %", "says met", "9"),  # judged
    # Not covered by the grammar: unreadable, the printed score is used ------------------
    ("约5到10个", "6个", "数量指标", "10", "10", "unreadable", "6 个", "10"),
    ("100%完成率高", "100%", "质量指标", "10", "9", "unreadable", "100 %", "9"),
    ("80%-90个", "85%", "质量指标", "10", "8", "unreadable", "85 %", "8"),
    ("90-80%", "85%", "质量指标", "10", "8", "unreadable", "85 %", "8"),
    ("≥50个", "46个/年左右吧", "数量指标", "10", "7", "≥50 个", "unreadable", "7"),
    ("≥50个", "约五十个左右", "数量指标", "10", None, "≥50 个", "=50 个", "10"),
    ("≥50个", "", "数量指标", "10", None, "≥50 个", "blank", None),
    ("/", "/", "数量指标", "10", "5", "blank", "blank", "5"),
    ("无", "无", "生态效益指标", "5", None, "n/a", "blank", None),
    ("不适用", "—", "生态效益指标", "5", None, "n/a", "blank", None),
    # Per-unit standards: a number in a compound unit --------------------------------------
    ("每亩300", "280", "成本指标", "10", None, "300 /亩", "280", "10"),
    ("每亩300元", "320元/亩", "成本指标", "10", None, "300 元/亩", "320 元/亩", "9.38"),
    ("300元/亩", "每亩280元", "成本指标", "10", None, "300 元/亩", "280 元/亩", "10"),
    ("≤300元/亩", "0.04万元/亩", "成本指标", "10", None, "≤300 元/亩", "0.04 万元/亩", "7.50"),
    ("≤每亩300元", "400元每亩", "成本指标", "10", None, "≤300 元/亩", "400 元/亩", "7.50"),
    ("每亩不超过300元", "250元/亩", "经济成本指标", "10", None, "≤300 元/亩", "250 元/亩", "10"),
    ("单位成本每亩≤300元", "360元/亩", "产出成本", "10", None, "≤300 元/亩", "360 元/亩", "8.33"),
    ("每人每月500元", "550元/人·月", "成本", "10", None, "500 元/人·月", "550 元/人·月", "9.09"),
    ("500元/人·月", "500元/人*月", "成本指标", "10", None, "500 元/人·月", "500 元/人·月", "10"),
    ("500元/(人·月)", "每人每月480元", "成本", "10", None, "500 元/人·月", "480 元/人·月", "10"),
    ("≥2次/年", "每年3次", "数量指标", "10", None, "≥2 次/年", "3 次/年", "10"),
    ("人均500元", "400元/人", "成本指标", "10", None, "500 元/人", "400 元/人", "10"),
    ("200-300元/亩", "330元/亩", "成本指标", "10", None, "200~300 元/亩", "330 元/亩", "9.09"),
    # an amount printed without what it is per: read per the standard, with a note
    ("≤300元/亩", "320元", "成本指标", "10", None, "≤300 元/亩", "320 元", "9.38"),
    # different per-units, or a total against a per-unit standard: judged
    ("≤300元/亩", "280元/平方米", "成本指标", "10", "8", "≤300 元/亩", "280 元/平方米", "8"),
    ("≤300元/亩", "500元/人", "成本指标", "10", "8", "≤300 元/亩", "500 元/人", "8"),
    ("≤300元/亩", "45万元", "成本指标", "10", "6", "≤300 元/亩", "45 万元", "6"),
    ("每亩30%", "30%", "成本指标", "10", "6", "unreadable", "30 %", "6"),
    # Rates typed as fractions beside a percentage --------------------------------------
    ("≥90%", "0.9823", "服务对象满意度指标", "10", "10", "≥90 %", "0.9823", "10"),
    ("1", "45.17%", "质量指标", "20", None, "1", "45.17 %", "9.03"),  # "=100%" shown as 1
    ("100%", "0.98", "质量指标", "10", None, "100 %", "0.98", "9.80"),
    ("≤3‰", "0.004", "质量指标", "10", None, "≤3 ‰", "0.004", "7.50"),
    ("≥90%", "95", "质量指标", "10", None, "≥90 %", "95", "10"),  # a percentage as printed
    ("≤1%", "1", "质量指标", "10", None, "≤1 %", "1", "10"),  # 1%, not 100%
    ("≤5%", "0.3", "质量指标", "10", "9", "≤5 %", "0.3", "9"),  # 0.3% or 30%: judged
    ("≥90%", "0.02", "质量指标", "10", "1", "≥90 %", "0.02", "1"),  # neither fits: judged
    ("80%-90%", "0.85", "质量指标", "10", None, "80~90 %", "0.85", "10"),
    ("≥100%", "1.02", "质量指标", "10", None, "≥100 %", "1.02", "10"),  # 102%, above 1
    ("90%-110%", "1.05", "质量指标", "10", None, "90~110 %", "1.05", "10"),
    ("0.8-1.2", "130%", "质量指标", "10", None, "0.8~1.2", "130 %", "9.23"),  # 10×120/130
    ("≥90‰", "0.9", "质量指标", "10", "6", "≥90 ‰", "0.9", "6"),  # 0.9‰ or 900‰: judged
    ("≥-5%", "-0.08", "经济效益指标", "10", None, "≥-5 %", "-0.08", "0.00"),  # -8%: missed
    ("≥90%", "-0.5", "质量指标", "10", "2", "≥90 %", "-0.5", "2"),  # signs differ: judged
    # A bare number beside a unit with a multiplier: read by its order ------------------
    ("≤1.5万元", "14000", "成本指标", "10", None, "≤1.5 万元", "14000", "10"),  # 14000元
    ("≤1.5万元/亩", "1.4", "成本指标", "10", None, "≤1.5 万元/亩", "1.4", "10"),
    ("≤1.5万元/亩", "16000", "成本指标", "10", None, "≤1.5 万元/亩", "16000", "9.38"),
    # Per-units: what they are per is a set; a standard per a period is never a total -----
    (
        "≥500元/人·月",
        "450元/月·人",
        "经济效益指标",
        "10",
        None,
        "≥500 元/人·月",
        "450 元/月·人",
        "9.00",
    ),
    ("≤200元/人次", "每人每次180元", "成本指标", "10", None, "≤200 元/人次", "180 元/人·次", "10"),
    ("每亩300", "280元/亩", "成本指标", "10", None, "300 /亩", "280 元/亩", "10"),
    ("每亩300", "330元", "成本指标", "10", None, "300 /亩", "330 元", "9.09"),
    ("每月1次", "10次", "数量指标", "10", "8", "1 次/月", "10 次", "8"),  # ten a year: judged
    ("每年≥2次", "1次", "数量指标", "10", "5", "≥2 次/年", "1 次", "5"),
    ("每一户≥1人", "1人/户", "数量指标", "10", None, "≥1 人/户", "1 人/户", "10"),
    ("每周一", "每周一", "时效指标", "10", "10", "says none", "says none", "10"),  # Mondays
    # 指标性质 定性 printed in the cell ---------------------------------------------------
    ("定性：效果明显", "效果明显", "社会效益指标", "10", "9", "says met", "says met", "9"),
    ("定性：无", "无", "社会效益指标", "10", "9", "says none", "blank", "9"),
    ("定性：≥90%", "92%", "质量指标", "10", "8", "unreadable", "92 %", "8"),
]


@pytest.mark.parametrize(
    ("target", "actual", "level2", "weight", "printed", "target_reads", "actual_reads", "score"),
    ROWS,
)
def test_grammar_row(target, actual, level2, weight, printed, target_reads, actual_reads, score):
    row = Indicator(
        name="指标",
        level2=level2,
        target=parse_target(target, year=YEAR),
        actual=parse_actual(actual, year=YEAR),
        weight=weight,
        score=printed,
    )
    assert shorthand(row.target) == target_reads
    assert shorthand(row.actual) == actual_reads
    result = score_indicator(row, year=YEAR)
    assert result.score == (None if score is None else Decimal(score))
    if score is not None:  # scale as worked by hand: "9.20", "10", "6.5"
        assert fixed(result.score) == score


def test_the_table_holds_two_hundred_phrasings():
    phrasings = {text for row in ROWS for text in row[:2]}
    assert len(ROWS) >= 200 or len(phrasings) >= 200


# What a reading says it was read as, and how it is quoted ------------------------------


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("2024年1月完成", "2024年1月完成"),  # a completion date, never 「…之前完成」
        ("12月底完成", "12月底完成"),
        ("2023年第三季度", "2023年第三季度"),
        ("2024-03-01 00:00:00", "2024-03-01"),  # a spreadsheet date cell
        ("未能按时完成", "未能按时完成"),
        ("30天内完成", "30天内"),
        ("≥五十个", "≥50个"),
        ("80%～90%", "80-90%"),
    ],
)
def test_actuals_are_quoted_as_printed_normalised_at_most(text, quoted):
    assert str(parse_actual(text, year=YEAR)) == quoted


def test_explanation_quotes_the_completion_date_as_printed():
    row = Indicator(
        name="完成时间", level2="时效指标", target="2023年12月之前完成",
        actual="2024年1月完成", weight="10", score="6",
    )  # fmt: skip
    text = score_indicator(row, year=YEAR).explain("zh_CN")
    assert "实际「2024年1月完成」" in text
    assert "2024年1月之前完成" not in text


@pytest.mark.parametrize(
    ("text", "en", "zh"),
    [
        ("30天内完成", "a time limit: at most 30天 (less is better)",
         "时限：不超过30天（越短越好）"),
        ("≥50个", "a lower bound ≥50个", "下限≥50个"),
        ("不超过60万元", "an upper bound ≤60万元 (the operator printed in words)",
         "上限≤60万元（比较关系以文字表述）"),
        ("═100%", "an exact value =100% (a look-alike character read as the operator)",
         "等值=100%（形近字符按比较符号读）"),
        ("80%-90%", "a band 80-90%: met inside it", "区间80-90%：落在区间内为达成"),
        ("2023年第三季度", "a date or period ending 2023-09 (inclusive) (the end of the quarter)",
         "日期或期间，截至2023-09（含当期）（季度末）"),
        ("未延期",
         "a statement that it was on time (a problem stated as absent (无投诉, 未延期): met)",
         "按时的表述（否定问题（无投诉、未延期）：视为达成）"),
        ("效果不明显", "a statement, stating 'not met' (a negated statement: never read as met)",
         "定性表述，表明「未达成」（否定表述：不视为达成）"),
        ("无", "not applicable (无)", "不适用（无）"),
        ("每年一次", "a number with no operator 1次/年 (the number printed in Chinese numerals; "
         "a per-unit standard: a number in the compound unit 次/年)",
         "未标比较符号的数值1次/年（数值为中文数字；单位标准：复合单位次/年的数值）"),
        ("定性：≥90%", "unreadable: a qualitative (定性) target whose value is a number or a "
         "date: '≥90%'", "无法识别：指标性质为定性，指标值却是数值或日期：「≥90%」"),
        ("", "blank", "空白"),
        ("约5到10个", "unreadable: text after the number is not a unit: '到10个'",
         "无法识别：数值后的文字不是单位：「到10个」"),
    ],
)  # fmt: skip
def test_every_reading_says_what_it_was_read_as(text, en, zh):
    reading = parse_target(text, year=YEAR)
    assert reading.describe("en") == en
    assert reading.describe("zh_CN") == zh


def test_five_wan_person_times_is_five_of_the_unit_when_the_unit_is_known():
    known, multiplied = parse_target("5万人次"), parse_target("5万个")
    assert isinstance(known, Comparison)
    assert isinstance(multiplied, Comparison)
    assert (known.value, known.unit.symbol) == (Decimal(5), "万人次")
    assert (multiplied.value, multiplied.unit.symbol) == (Decimal(50000), "个")
    assert "multiplier" in multiplied.notes


@pytest.mark.parametrize("text", ["一般", "十分满意", "一流服务", "万无一失", "三星级"])
def test_chinese_numerals_in_words_stay_words(text):
    assert isinstance(parse_actual(text), Qualitative)


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_new_readings_round_trip(fmt):
    from perfeval.serialization import dumps, loads
    from perfeval.table import Scorecard, Table, score_table

    table = Table(
        project="x",
        year=YEAR,
        indicators=[
            Indicator(name="a", level2="质量指标", target="80%-90%", actual="99%", weight="10"),
            Indicator(name="b", level2="时效指标", target="30天内完成", actual="45天内完成",
                      weight="10"),
            Indicator(name="c", target="2023年第三季度", actual="2024-03-01 00:00:00",
                      weight="10", score="5"),
        ],
    )  # fmt: skip
    loaded = loads(dumps(table, format=fmt), Table, format=fmt)
    assert loaded == table
    assert loaded.indicators[1].target.time_limit
    card = score_table(table)
    assert loads(dumps(card, format=fmt), Scorecard, format=fmt) == card
    assert [row.score for row in card.indicators] == [Decimal("9.09"), Decimal("6.67"), 5]
