"""Hypothesis strategies for perfeval's types: the verification kit's generators.

Install with ``pip install perfeval[testing]``. Every strategy is valid by construction
(weights that must add up to 100 are built that way, never filtered), takes keyword-only
arguments, and bounds its decimals (no NaN, no infinity).

>>> from hypothesis import given
>>> @given(tables())
... def test_total_is_at_most_100(table):
...     assert score_table(table).total <= 100
>>> test_total_is_at_most_100()
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Final

import attrs
from hypothesis import strategies as st

from perfeval.checks import note_required, tier_bounds
from perfeval.funds import FundBlock, FundRow
from perfeval.grades import NATIONAL_GRADES
from perfeval.indicators import Indicator
from perfeval.number import fixed
from perfeval.policy import MOF_2020, Policy
from perfeval.table import Table, score_table
from perfeval.targets import (
    Achievement,
    Comparison,
    Deadline,
    Direction,
    Qualitative,
    unit_of,
)

__all__ = [
    "FAULTS",
    "amounts",
    "comparisons",
    "deadlines",
    "department_rules",
    "directions",
    "documents",
    "evaluation_trees",
    "faulty_tables",
    "fund_blocks",
    "indicators",
    "negated_statements",
    "phrases",
    "policies",
    "printed_tables",
    "qualitatives",
    "rates",
    "tables",
    "target_texts",
    "time_limit_indicators",
    "time_limit_texts",
    "weights",
]

_CENT: Final = Decimal("0.01")
_UNITS: Final = (None, "个", "项", "人次", "%", "万元", "元", "天", "平方米", "户")
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
    symbol = st.sampled_from(["≥", "≤", ">", "<", "=", "", "不低于", "不超过", "大于等于"])
    number = st.decimals(min_value=0, max_value=10**6, places=2).map(fixed)
    unit = st.sampled_from([u or "" for u in _UNITS])
    comparison = st.tuples(symbol, number, unit).map("".join)
    dated = st.tuples(st.integers(2015, 2030), st.integers(1, 12)).map(
        lambda ym: f"{ym[0]}年{ym[1]}月之前完成"
    )
    return st.one_of(
        comparison,
        dated,
        st.sampled_from(_STATEMENTS),
        st.sampled_from(["无", "", "-", "按时完成", "9月前", "12月底前"]),
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
        st.sampled_from(["", "在"]),
        number,
        st.sampled_from(list(units)),
        st.sampled_from(["内", "以内", "之内"]),
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
    actual = draw(st.sampled_from([f"{fixed(days)}天", f"{fixed(days)}天内{verb}"]))
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
        st.sampled_from(["", "效果", "服务", "群众", "项目", "工作", "整体"]),
        st.sampled_from(_NEGATIONS),
        st.sampled_from(_MET_WORDS),
        st.sampled_from(["", "。", "，有待改进", "预期目标"]),
    ).map("".join)


def phrases() -> st.SearchStrategy[str]:
    """Printed target and actual cells across the grammar, and text it does not cover."""
    word_operator = st.sampled_from(
        ["不低于", "不少于", "大于等于", "不高于", "不超过", "小于等于", "约", "≧", "≦", "═", "﹦"]
    )
    number = st.decimals(min_value=0, max_value=10**5, places=2).map(fixed)
    unit = st.sampled_from(["个", "%", "%(百分比)", "万元", "人次", "个（家）", "万人次", ""])
    worded = st.tuples(word_operator, number, unit).map("".join)
    suffixed = st.tuples(number, unit, st.sampled_from(["以上", "以内", "以下", "左右"])).map(
        "".join
    )
    band = st.tuples(number, unit, st.sampled_from(["-", "～", "至"]), number, unit).map("".join)
    period = st.tuples(
        st.sampled_from(["", "2023年", "2024年"]),
        st.sampled_from(["底前", "上半年", "下半年", "第三季度", "12月底前", "年底前完成"]),
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
        st.text(alphabet="0123456789.%≥≤=~-年月日天内以上下个万元未不无完成达到", max_size=12),
        st.text(max_size=12),
    )


@st.composite
def _partition(draw: st.DrawFn, total: int, parts: int) -> list[Decimal]:
    """*parts* positive whole-point weights adding up to *total*, built by cut points."""
    if parts == 1:
        return [Decimal(total)]
    cuts = sorted(draw(st.sets(st.integers(1, total - 1), min_size=parts - 1, max_size=parts - 1)))
    bounds = [0, *cuts, total]
    return [Decimal(b - a) for a, b in itertools.pairwise(bounds)]


@st.composite
def indicators(
    draw: st.DrawFn,
    *,
    weight: Decimal | None = None,
    level1: str = "产出指标",
    level2: str | None = None,
    kinds: Sequence[str] = ("positive", "reverse", "qualitative", "deadline"),
    year: int = 2023,
    judged: bool = True,
) -> Indicator:
    """An indicator row of one of *kinds*, its actual drawn to meet or miss the target.

    Qualitative rows carry a judged score inside the tier their actual states when
    *judged* is true.
    """
    kind = draw(st.sampled_from(list(kinds)))
    row_weight = weight if weight is not None else draw(weights())
    name = draw(st.sampled_from(["培训人次", "覆盖率", "完成及时性", "成本控制", "群众满意度"]))
    if kind in ("positive", "reverse"):
        reverse = kind == "reverse"
        group = level2 or ("成本指标" if reverse else "数量指标")
        printed = draw(st.booleans())
        direction = draw(directions(reverse=reverse)) if printed or group != "成本指标" else None
        if direction is None and not reverse:
            direction = Direction.GE
        unit = draw(st.sampled_from(_UNITS))
        target = Comparison(
            direction, draw(st.decimals(min_value=1, max_value=10**5, places=2)), unit_of(unit)
        )
        actual = Comparison(None, draw(st.decimals(0, 2 * 10**5, places=2)), unit_of(unit))
        return Indicator(
            name=name, level1=level1, level2=group, target=target, actual=actual,
            weight=row_weight,
        )  # fmt: skip
    if kind == "deadline":
        month = draw(st.integers(1, 12))
        done = draw(st.integers(1, 12))
        late_score = None
        if judged and done > month:  # a missed deadline takes the evaluator's score
            late_score = draw(st.decimals(min_value=0, max_value=row_weight, places=2))
        return Indicator(
            name=name,
            level1=level1,
            level2=level2 or "时效指标",
            target=Deadline(year=year, month=month),
            actual=Deadline(year=year, month=done),
            weight=row_weight,
            score=late_score,
        )
    tier = draw(st.sampled_from(list(Achievement)))
    statement = draw(st.sampled_from(_STATEMENTS))
    text = draw(st.sampled_from(_ACHIEVED[tier]))
    score = None
    if judged:
        low, high = tier_bounds(tier, row_weight, MOF_2020)
        top = high if tier is Achievement.MET else high - Decimal("0.01")
        score = draw(st.decimals(min_value=low, max_value=max(low, top), places=2))
    return Indicator(
        name=name,
        level1=level1,
        level2=level2 or "社会效益指标",
        target=statement,  # read by the grammar, as a printed table's text is
        actual=text,
        weight=row_weight,
        score=score,
    )


@st.composite
def fund_blocks(
    draw: st.DrawFn, *, weight: Decimal | int = 10, over_budget: bool | None = False
) -> FundBlock:
    """A fund block with a total and one or two source rows that add up to it."""
    budget = draw(amounts(min_value=Decimal("0.01"), max_value=10**6))
    ceiling = budget * 2 if over_budget is not False else budget
    floor = budget + Decimal("0.01") if over_budget else Decimal(0)
    executed = draw(st.decimals(min_value=floor, max_value=max(floor, ceiling), places=2))
    split = draw(st.booleans())
    sources: tuple[FundRow, ...]
    if split and budget > Decimal("0.01") and executed > 0:
        part = draw(st.decimals(min_value=0, max_value=budget, places=2))
        spent = draw(st.decimals(min_value=0, max_value=executed, places=2))
        sources = (
            FundRow(source="current_year", annual_budget=part, executed=spent),
            FundRow(source="carry_over", annual_budget=budget - part, executed=executed - spent),
        )
    else:
        sources = (FundRow(source="current_year", annual_budget=budget, executed=executed),)
    total = FundRow(source="total", annual_budget=budget, executed=executed)
    return FundBlock(weight=Decimal(weight), total=total, sources=sources)


@st.composite
def tables(
    draw: st.DrawFn,
    *,
    min_indicators: int = 3,
    max_indicators: int = 12,
    year: int = 2023,
    kinds: Sequence[str] = ("positive", "reverse", "qualitative", "deadline"),
) -> Table:
    """A table whose weights add up to 100 by construction (funds 10; 50 / 30 / 10)."""
    count = draw(st.integers(min_value=max(3, min_indicators), max_value=max_indicators))
    split = [1, 1, 1]
    for _ in range(count - 3):
        split[draw(st.integers(0, 1))] += 1  # satisfaction keeps one row
    rows: list[Indicator] = []
    for (level1, groups, points), parts in zip(_GROUPS, split, strict=True):
        for weight in draw(_partition(points, parts)):
            level2 = draw(st.sampled_from(groups))
            row_kinds = [k for k in kinds if (k == "reverse") == (level2 == "成本指标")] or list(
                kinds
            )
            rows.append(
                draw(
                    indicators(
                        weight=weight, level1=level1, level2=level2, kinds=row_kinds, year=year
                    )
                )
            )
    return Table(
        project=draw(st.sampled_from(["工作经费", "专项业务经费", "维稳经费", "培训项目"])),
        year=year,
        funds=draw(fund_blocks()),
        level1_weights={name: Decimal(points) for name, _, points in _GROUPS},
        indicators=rows,
    )


def print_table(table: Table, policy: Policy = MOF_2020) -> Table:
    """*table* with every printed value filled from perfeval's own scores, and a note on
    every row that lost points or over-achieved: a table that audits clean."""
    card = score_table(table, policy)
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


def printed_tables(**kwargs: Any) -> st.SearchStrategy[Table]:
    """Tables (as :func:`tables`) printed from perfeval's own scores: they audit clean."""
    return tables(**kwargs).map(print_table)


def _blank_total(table: Table) -> Table:
    return attrs.evolve(table, printed_total=None, printed_grade=None)


def _with_row(table: Table, index: int, **changes: Any) -> Table:
    rows = list(table.indicators)
    rows[index] = attrs.evolve(rows[index], **changes)
    return attrs.evolve(table, indicators=rows)


def _quantitative_index(table: Table) -> int | None:
    for index, row in enumerate(table.indicators):
        if isinstance(row.target, Comparison) and row.score is not None:
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
def faulty_tables(draw: st.DrawFn, *, fault: str) -> tuple[Table, str]:
    """A printed table carrying one planted *fault* (a finding code of :data:`FAULTS`),
    with the path where an auditor must report it."""
    if fault not in FAULTS:
        raise ValueError(f"unknown fault {fault!r}; use one of {FAULTS}")
    kinds = ("positive", "reverse") if fault == "score-mismatch" else ("positive", "deadline")
    table = draw(printed_tables(kinds=kinds))
    step = draw(st.sampled_from([Decimal(1), Decimal(2), Decimal(5)]))
    assert table.funds is not None
    assert table.funds.total is not None
    if fault == "total-mismatch":
        assert table.printed_total is not None
        printed = table.printed_total - step if table.printed_total >= step else step + 100
        return attrs.evolve(table, printed_total=printed, printed_grade=None), "total_score"
    if fault == "grade-mismatch":
        assert table.printed_total is not None
        actual = NATIONAL_GRADES.grade(table.printed_total)
        other = next(b for b in NATIONAL_GRADES.bands if b != actual)
        return attrs.evolve(table, printed_grade=other.label), "grade"
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
    index = _quantitative_index(table)
    assert index is not None
    row = table.indicators[index]
    assert row.score is not None
    changed = row.score - Decimal("0.5") if row.score >= 1 else row.score + Decimal("0.5")
    changed = changed.quantize(_CENT)
    faulty = _blank_total(_with_row(table, index, score=changed, note="说明"))
    return faulty, f"indicators[{index}].score"


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """Policies with every setting drawn within its valid range."""
    met = draw(st.decimals(min_value=Decimal("0.5"), max_value=1, places=2))
    partly = draw(st.decimals(min_value=0, max_value=met, places=2))
    return Policy(
        id="generated",
        cap_execution_score=draw(st.booleans()),
        reverse_form=draw(st.sampled_from(["ratio", "linear"])),
        equal_form=draw(st.sampled_from(["positive", "symmetric"])),
        strict_operators=draw(st.sampled_from(["inclusive", "strict"])),
        over_achievement_threshold=draw(st.decimals(min_value=1, max_value=3, places=2)),
        qualitative_met_floor=met,
        qualitative_partly_floor=partly,
        rescale_not_applicable=draw(st.booleans()),
        grades=attrs.evolve(NATIONAL_GRADES, basis=draw(st.sampled_from(["exact", "rounded"]))),
    )


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
        st.sampled_from(["over", "under"]),
        st.sampled_from(["whole", "started", "exact"]),
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
            "direction": st.sampled_from(["≥", "≤", "=", ">", "<", "定性", "", "约", "x", "≥ "])
            | st.none(),
            "value": st.sampled_from(_ODD_TEXTS) | _number_cells() | st.text(max_size=6),
            "unit": st.sampled_from(["个", "万元", "%", "", "人次", "天", "批次"]) | st.none(),
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
                "unit": draw(st.sampled_from([None, "万元", "元", "千元"])),
                "rows": rows,
            }
        )
    indicators = [
        _drop_none(
            {
                "level1": draw(st.none() | st.sampled_from([g for g, _, _ in _GROUPS])),
                "level2": draw(st.none() | st.sampled_from([s for _, g, _ in _GROUPS for s in g])),
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
            "format": draw(st.sampled_from([None, "perfeval.self-evaluation/1"])),
            "project": draw(st.sampled_from(["工作经费", "维权维稳（工作）经费", "x"])),
            "department": draw(_texts()),
            "year": draw(st.sampled_from([None, 2023, "2023", "2023年", "２０２３年度", ""])),
            "policy": draw(st.sampled_from([None, "mof-2020"])),
            "amount_unit": draw(st.sampled_from([None, "万元", "元"])),
            "funds": funds,
            "goals": draw(
                st.none()
                | st.fixed_dictionaries({}, optional={"planned": _texts(), "achieved": _texts()})
            ),
            "level1_weights": draw(
                st.none()
                | st.dictionaries(
                    st.sampled_from([g for g, _, _ in _GROUPS]), _number_cells(max_value=60)
                )
            ),
            "indicators": indicators,
            "total_score": draw(_number_cells()),
            "grade": draw(st.none() | st.sampled_from(["优", "良", "", "—", "优（98分）", "合格"])),
            "notes": draw(st.none() | st.lists(st.text(max_size=8), max_size=2)),
        }
    )
