"""Targets (年度指标值) and actual values (实际完成值): a typed model and the parser.

A printed cell reads as one of:

- :class:`Comparison`: a direction (≥ > = ≤ <, or none printed), a number and a unit;
- :class:`Qualitative`: a statement ("效果明显", "达成预期指标"), with the achievement it
  states when it states one;
- :class:`Deadline`: a date to finish by ("2023年12月之前完成", "9月前"), or an on-time
  statement ("按时完成", "延期完成");
- :class:`NotApplicable`: "无" in a target cell;
- :class:`Blank`: an empty cell or a placeholder ("", "-", "/", "——", "一");
- :class:`Unreadable`: text the parser cannot read; it keeps the text and the reason.

:func:`parse_target` and :func:`parse_actual` never raise on text (unless ``strict=True``,
which raises :class:`~perfeval.errors.TargetParseError`). :func:`structured_target` builds a
target from split 指标性质 / 指标值 / 度量单位 columns.

>>> target = parse_target("≥50个")
>>> target.direction, target.value, target.unit.symbol
(<Direction.GE: '≥'>, Decimal('50'), '个')
>>> str(parse_target("不超过 1,000 万元"))
'≤1000万元'
>>> parse_actual("达成预期指标").achievement
<Achievement.MET: 'met'>
"""

from __future__ import annotations

import enum
import re
from decimal import Decimal
from typing import ClassVar, Final, Literal

import attrs

from perfeval.cells import MONEY_UNITS, PLACEHOLDERS
from perfeval.errors import InvalidNumberError, TargetParseError
from perfeval.number import CONTEXT, fixed, normalize_text, to_decimal

__all__ = [
    "PLACEHOLDERS",
    "UNITS",
    "Achievement",
    "Blank",
    "Comparison",
    "Deadline",
    "Direction",
    "NotApplicable",
    "Qualitative",
    "Reading",
    "Unit",
    "Unreadable",
    "classify_achievement",
    "parse_actual",
    "parse_target",
    "structured_target",
    "unit_of",
]


class Direction(enum.Enum):
    """The comparison a target states (指标性质)."""

    GE = "≥"
    GT = ">"
    EQ = "="
    LE = "≤"
    LT = "<"

    @property
    def reverse(self) -> bool:
        """Whether less is better (≤, <): a reverse target."""
        return self in (Direction.LE, Direction.LT)

    @property
    def strict(self) -> bool:
        """Whether the bound itself is excluded (>, <)."""
        return self in (Direction.GT, Direction.LT)


class Achievement(enum.Enum):
    """How far a statement says a target was reached: the three qualitative tiers."""

    MET = "met"
    """达成"""
    PARTLY = "partly"
    """部分达成"""
    NOT_MET = "not_met"
    """未达成"""

    @property
    def label(self) -> str:
        """The Chinese label of the tier."""
        return {"met": "达成", "partly": "部分达成", "not_met": "未达成"}[self.value]


@attrs.frozen
class Unit:
    """A unit of measure: its symbol, its kind, and its factor to the kind's base unit.

    Units of one kind convert into each other (元, 万元, 亿元); units of kind ``"other"``
    (a symbol perfeval does not know) agree only with the same symbol.
    """

    symbol: str
    kind: str
    factor: Decimal = Decimal(1)

    def agrees_with(self, other: Unit) -> bool:
        """Whether amounts in *self* and *other* can be compared."""
        if self.kind == "other" or other.kind == "other":
            return self.symbol == other.symbol
        return self.kind == other.kind


def _units() -> dict[str, Unit]:
    table: dict[str, Unit] = {}
    for symbol, money in MONEY_UNITS.items():
        table[symbol] = Unit(symbol, "money", money)
    table["%"] = Unit("%", "percent")
    table["百分比"] = Unit("%", "percent")
    table["‰"] = Unit("‰", "percent", Decimal("0.1"))
    for symbol, factor in (("米", 1), ("m", 1), ("公里", 1000), ("千米", 1000), ("km", 1000)):
        table[symbol] = Unit(symbol, "length", Decimal(factor))
    for symbol, area in (("平方米", "1"), ("㎡", "1"), ("m2", "1"), ("亩", "666.6667"),
                         ("公顷", "10000"), ("平方公里", "1000000")):  # fmt: skip
        table[symbol] = Unit(symbol, "area", Decimal(area))
    for symbol, factor in (("克", 1), ("千克", 1000), ("公斤", 1000), ("吨", 10**6)):
        table[symbol] = Unit(symbol, "mass", Decimal(factor))
    for symbol, factor in (("小时", 1), ("天", 24), ("日", 24), ("个工作日", 24), ("周", 168)):
        table[symbol] = Unit(symbol, "duration", Decimal(factor))
    for symbol in ("月", "个月"):
        table[symbol] = Unit(symbol, "months")
    table["年"] = Unit("年", "months", Decimal(12))
    for symbol, factor in (("人次", 1), ("万人次", 10**4)):
        table[symbol] = Unit(symbol, "person-times", Decimal(factor))
    for symbol, factor in (("人", 1), ("名", 1), ("位", 1), ("万人", 10**4)):
        table[symbol] = Unit(symbol, "persons", Decimal(factor))
    for symbol in ("个", "项", "次", "户", "只", "头", "家", "场", "期", "篇", "件", "台",
                   "套", "所", "座", "间", "本", "份", "批", "辆", "条", "处", "起", "门",
                   "册", "张", "块", "棵", "株", "宗", "例", "支", "组", "村", "镇", "栋",
                   "部", "类", "轮", "课时", "学时", "元/人*月", "元/人/月",
                   "元/人·月"):  # fmt: skip
        table[symbol] = Unit(symbol, "count" if "/" not in symbol else "rate")
    return table


#: Known units by printed symbol.
UNITS: Final[dict[str, Unit]] = _units()


def unit_of(symbol: str | None) -> Unit | None:
    """The unit printed as *symbol*: a known one, or a unit of kind ``"other"``.

    ``None`` for an empty symbol.
    """
    if symbol is None:
        return None
    text = normalize_text(symbol).replace(" ", "")
    if not text:
        return None
    return UNITS.get(text) or Unit(text, "other")


@attrs.frozen
class Comparison:
    """A quantitative target or value: direction, number, unit."""

    direction: Direction | None
    """The printed operator; ``None`` when the table prints a bare number."""
    value: Decimal
    unit: Unit | None = None
    text: str = attrs.field(default="", eq=False, repr=False)
    """The text as printed (not part of equality)."""

    kind: ClassVar[Literal["comparison"]] = "comparison"

    def __str__(self) -> str:
        symbol = self.direction.value if self.direction else ""
        unit = self.unit.symbol if self.unit else ""
        return f"{symbol}{fixed(self.value)}{unit}"

    def in_unit(self, unit: Unit) -> Decimal | None:
        """This value expressed in *unit*; ``None`` when the units do not agree."""
        if self.unit is None or self.unit == unit:
            return self.value
        if not self.unit.agrees_with(unit):
            return None
        return CONTEXT.divide(CONTEXT.multiply(self.value, self.unit.factor), unit.factor)


@attrs.frozen
class Qualitative:
    """A statement: a qualitative target, or an actual value in words."""

    statement: str
    achievement: Achievement | None = None
    """The tier the statement itself states, if it states one."""
    text: str = attrs.field(default="", eq=False, repr=False)

    kind: ClassVar[Literal["qualitative"]] = "qualitative"

    def __str__(self) -> str:
        return self.statement


@attrs.frozen
class Deadline:
    """A date to finish by, or an on-time statement.

    A date without a year takes the table's year when scored. A date is read as inclusive
    of the period it names: "9月前" and "2023年12月之前完成" mean by the end of that month.
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None
    on_time: bool | None = None
    """For statements with no date: ``True`` for "按时完成", ``False`` for "延期完成"."""
    text: str = attrs.field(default="", eq=False, repr=False)

    kind: ClassVar[Literal["deadline"]] = "deadline"

    @property
    def dated(self) -> bool:
        """Whether a date (at least a month) is stated."""
        return self.month is not None

    def key(self, year: int | None) -> tuple[int, int, int]:
        """A sortable (year, month, day) end point, taking *year* where none is printed."""
        return (self.year or year or 0, self.month or 12, self.day or 31)

    def __str__(self) -> str:
        if not self.dated:
            return "按时完成" if self.on_time is not False else "未按时完成"
        text = f"{self.year}年" if self.year else ""
        text += f"{self.month}月"
        if self.day:
            text += f"{self.day}日"
        return text + "之前完成"


@attrs.frozen
class NotApplicable:
    """ "无" in a target cell: the row does not apply to this project."""

    text: str = attrs.field(default="无", eq=False)
    kind: ClassVar[Literal["not_applicable"]] = "not_applicable"

    def __str__(self) -> str:
        return "无"


@attrs.frozen
class Blank:
    """An empty cell or a placeholder: a value that is missing."""

    text: str = attrs.field(default="", eq=False)
    kind: ClassVar[Literal["blank"]] = "blank"

    def __str__(self) -> str:
        return self.text


@attrs.frozen
class Unreadable:
    """Text the parser could not read, kept as printed, with the reason."""

    text: str
    reason: str
    kind: ClassVar[Literal["unreadable"]] = "unreadable"

    def __str__(self) -> str:
        return self.text


#: What a printed target or actual cell reads as.
Reading = Comparison | Qualitative | Deadline | NotApplicable | Blank | Unreadable

_OPERATORS: Final = sorted(
    [
        ("大于或等于", Direction.GE), ("大于等于", Direction.GE), ("不低于", Direction.GE),
        ("不少于", Direction.GE), ("不小于", Direction.GE), ("至少", Direction.GE),
        ("达到", Direction.GE), ("≥", Direction.GE), (">=", Direction.GE),
        ("=>", Direction.GE), ("≧", Direction.GE), ("⩾", Direction.GE),
        ("小于或等于", Direction.LE), ("小于等于", Direction.LE), ("不高于", Direction.LE),
        ("不超过", Direction.LE), ("不大于", Direction.LE), ("不多于", Direction.LE),
        ("最多", Direction.LE), ("≤", Direction.LE), ("<=", Direction.LE),
        ("=<", Direction.LE), ("≦", Direction.LE), ("⩽", Direction.LE),
        ("大于", Direction.GT), ("高于", Direction.GT), ("超过", Direction.GT),
        (">", Direction.GT), ("小于", Direction.LT), ("低于", Direction.LT),
        ("少于", Direction.LT), ("<", Direction.LT), ("等于", Direction.EQ),
        ("==", Direction.EQ), ("=", Direction.EQ),
    ],
    key=lambda pair: -len(pair[0]),
)  # fmt: skip
_NEUTRAL_PREFIXES: Final = ("控制在", "保持在", "维持在", "保持", "达", "约", "为")
_SUFFIXES: Final = sorted(
    [
        ("及以上", Direction.GE), ("以上", Direction.GE), ("及以下", Direction.LE),
        ("以下", Direction.LE), ("以内", Direction.LE), ("之内", Direction.LE),
        ("内", Direction.LE), ("左右", Direction.EQ),
    ],
    key=lambda pair: -len(pair[0]),
)  # fmt: skip
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+")
_UNIT_TEXT = re.compile(r"[\u4e00-\u9fffA-Za-z/*·²³]{1,5}")

_DATE = (
    r"(?:(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月份?(?:(?P<day>\d{1,2})[日号])?"
    r"|(?P<year2>(?:19|20)\d{2})[.\-/](?P<month2>\d{1,2})(?:[.\-/](?P<day2>\d{1,2}))?)"
)
_DEADLINE = re.compile(
    r"(?:在|于|截至|截止)?" + _DATE + r"\s*(?:底|末|中旬|上旬|下旬|初)?\s*"
    r"(?:之前|以前|前|内|止)?\s*(?:全部|全面|按时|如期)?\s*"
    r"(?P<done>完成|实施完毕|结束|完工|竣工|到位|支付完毕|拨付完毕|验收|办结)?(?P<tail>[^\d]{0,8})"
)
_DONE_WORDS: Final = ("完成", "结束", "完工", "竣工", "验收", "到位", "办结", "交付", "上线",
                      "使用", "实施", "拨付", "支付")  # fmt: skip
_BARE_NUMBER = re.compile(r"\d+\.\d+")
_YEAR_END = re.compile(
    r"(?:(?:(?P<year>\d{4})年|年)度?(?:底|末|内)|(?:当年|本年)度?(?:底|末|内)?)"
    r"(?:之前|以前|前)?(?:全部|全面)?(?:完成|结束|完工|竣工|到位|办结)"
)
_ON_TIME: Final = (
    "按时完成", "按期完成", "如期完成", "及时完成", "按计划完成", "按进度完成",
    "计划时间内完成", "计划完成时间内完成", "规定时间内完成", "规定时限内完成", "按时",
    "按期", "如期",
)  # fmt: skip
_LATE: Final = ("未按时", "未按期", "未如期", "延期", "逾期", "滞后", "推迟", "超期")

_NOT_MET: Final = (
    "未达成", "未达到", "未完成", "没有完成", "未实现", "不达标", "不合格", "不明显",
    "无明显", "未见", "较差", "不满意", "未按", "不符合", "不规范", "未取得",
)  # fmt: skip
_PARTLY: Final = (
    "部分达成", "部分完成", "部分实现", "部分达到", "基本达成", "基本完成", "基本实现",
    "基本达到", "基本符合", "基本满意", "一般", "有待提高", "有待提升", "尚需",
)  # fmt: skip
_MET: Final = (
    "达成", "完成", "实现", "达到", "达标", "合格", "合规", "明显", "显著", "良好", "较好",
    "有效", "满意", "及时", "符合", "提升", "提高", "增强", "改善", "加强", "优化", "稳定",
    "保障", "到位", "规范", "增加", "促进", "推动", "持续", "长效", "好", "是",
)  # fmt: skip


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_TIERS: Final = (
    (re.compile(_alternation(_NOT_MET)), Achievement.NOT_MET),
    (re.compile(_alternation(_PARTLY)), Achievement.PARTLY),
    (re.compile(_alternation(_MET)), Achievement.MET),
)
_OPERATOR_OF: Final = dict(_OPERATORS)
_OPERATOR_PREFIX: Final = re.compile(_alternation([word for word, _ in _OPERATORS]))
_NEUTRAL_PREFIX: Final = re.compile(_alternation(_NEUTRAL_PREFIXES))
_SUFFIX_OF: Final = dict(_SUFFIXES)
_SUFFIX_PATTERN: Final = re.compile("(?:" + _alternation([word for word, _ in _SUFFIXES]) + ")$")
_LATE_PATTERN: Final = re.compile(_alternation(_LATE))
_ON_TIME_PATTERN: Final = re.compile(_alternation(_ON_TIME))
#: A cheap test before the date patterns: every deadline has one of these.
_DATE_HINT: Final = re.compile(r"月|年|[.\-/]\d|按|如期|及时|规定|计划|延|逾|滞后|推迟|超期")
_SYMBOLS: Final = str.maketrans({"≧": "≥", "≦": "≤", "⩾": "≥", "⩽": "≤", "％": "%"})
_SPACE_RUNS: Final = re.compile(r"\s+")


def classify_achievement(text: str) -> Achievement | None:
    """The tier a statement states: 未达成 before 部分达成 before 达成; ``None`` if none.

    >>> classify_achievement("效果不明显")
    <Achievement.NOT_MET: 'not_met'>
    >>> classify_achievement("基本完成") is Achievement.PARTLY
    True
    """
    folded = normalize_text(text)
    for pattern, tier in _TIERS:
        if pattern.search(folded):
            return tier
    return None


def _fold(text: str) -> str:
    folded = normalize_text(text).translate(_SYMBOLS)
    return _SPACE_RUNS.sub(" ", folded).strip()


def _comparison(text: str) -> Comparison | Unreadable | None:
    """A comparison read from *text*, ``Unreadable`` for a number in a shape not known,
    ``None`` when *text* has no number at the place one would be."""
    body = text.replace(" ", "")
    direction: Direction | None = None
    prefix = _OPERATOR_PREFIX.match(body)
    if prefix:
        direction, body = _OPERATOR_OF[prefix.group(0)], body[prefix.end() :]
    else:
        neutral = _NEUTRAL_PREFIX.match(body)
        if neutral and _NUMBER.match(body, neutral.end()):
            body = body[neutral.end() :]
    suffix = _SUFFIX_PATTERN.search(body)
    if suffix and suffix.start() > 0:
        body = body[: suffix.start()]
        direction = direction or _SUFFIX_OF[suffix.group(0)]
    match = _NUMBER.match(body)
    if match is None:
        return None
    try:
        value = to_decimal(match.group(0))
    except InvalidNumberError as error:
        return Unreadable(text, error.reason)
    rest = body[match.end() :]
    if rest and rest not in UNITS and not _UNIT_TEXT.fullmatch(rest):
        return Unreadable(text, f"text after the number is not a unit: {rest!r}")
    return Comparison(direction, value, unit_of(rest), text)


def _deadline(text: str) -> Deadline | None:
    body = text.replace(" ", "")
    if not _DATE_HINT.search(body):
        return None
    if _LATE_PATTERN.search(body):
        return Deadline(on_time=False, text=text)
    if _BARE_NUMBER.fullmatch(body):
        return None  # "2023.12" alone is a number; "2023.12前", "2023-12" are dates
    match = _DEADLINE.fullmatch(body)
    if (
        match
        and match.group("tail")
        and not (match.group("done") or any(word in match.group("tail") for word in _DONE_WORDS))
    ):
        match = None  # "1919.01个", "5月份人数": a date-like number followed by other words
    if match and (match.group("month") or match.group("month2")):
        year = match.group("year") or match.group("year2")
        month = int(match.group("month") or match.group("month2"))
        day = match.group("day") or match.group("day2")
        if 1 <= month <= 12 and (day is None or 1 <= int(day) <= 31):
            return Deadline(
                year=int(year) if year else None,
                month=month,
                day=int(day) if day else None,
                text=text,
            )
    match = _YEAR_END.fullmatch(body)
    if match:
        year = match.group("year")
        return Deadline(year=int(year) if year else None, month=12, text=text)
    if len(body) <= 20 and _ON_TIME_PATTERN.search(body):
        return Deadline(on_time=True, text=text)
    return None


def _read(text: str | None, *, year: int | None, target: bool) -> Reading:
    reading = _interpret(text, year=year, target=target)
    if text is not None and reading.text != text:
        reading = attrs.evolve(reading, text=text)
    return reading


def _interpret(text: str | None, *, year: int | None, target: bool) -> Reading:
    if text is None:
        return Blank("")
    folded = _fold(text)
    if folded in PLACEHOLDERS:
        return Blank(text)
    if folded in ("无", "不适用", "N/A", "n/a", "NA"):
        return NotApplicable(text) if target else Blank(text)
    deadline = _deadline(folded)
    if deadline is not None:
        if deadline.year is None and deadline.dated and year is not None:
            deadline = attrs.evolve(deadline, year=year)
        return deadline
    comparison = _comparison(folded)
    if comparison is not None:
        return comparison
    if re.search(r"\d", folded):
        return Unreadable(text, "a number in a shape perfeval does not read")
    return Qualitative(folded, classify_achievement(folded), text)


def _checked(reading: Reading, strict: bool) -> Reading:
    if strict and isinstance(reading, Unreadable):
        raise TargetParseError(reading.reason, value=reading.text)
    return reading


def parse_target(text: str | None, *, year: int | None = None, strict: bool = False) -> Reading:
    """Read a printed target cell (年度指标值).

    *year* is the table's year, given to dates printed without one. Text that cannot be
    read gives :class:`Unreadable`, or raises :class:`~perfeval.errors.TargetParseError`
    when *strict*.
    """
    return _checked(_read(text, year=year, target=True), strict)


def parse_actual(text: str | None, *, year: int | None = None, strict: bool = False) -> Reading:
    """Read a printed actual-value cell (实际完成值); "无" there is a blank, not a verdict.

    An actual that repeats an operator ("≥95%") reads as a :class:`Comparison` with that
    direction: the bound it states.
    """
    return _checked(_read(text, year=year, target=False), strict)


_QUALITATIVE_WORDS: Final = frozenset({"定性", "定性指标", "qualitative"})


def structured_target(
    direction: str | None,
    value: str | Decimal | int | None,
    unit: str | None = None,
    *,
    year: int | None = None,
) -> Reading:
    """A target from split columns: 指标性质 (≥ ≤ = 定性 …), 指标值, 度量单位.

    >>> str(structured_target("≤", "60", "万元"))
    '≤60万元'
    >>> structured_target("定性", "效果明显").kind
    'qualitative'
    """
    shown = "" if value is None else (fixed(value) if isinstance(value, Decimal) else str(value))
    sign = _fold(direction or "")
    if sign in _QUALITATIVE_WORDS or sign.startswith("定性"):
        folded = _fold(shown)
        if not folded or folded in PLACEHOLDERS:
            return Blank(shown)
        return Qualitative(folded, classify_achievement(folded), shown)
    text = f"{sign}{shown}{_fold(unit or '')}"
    reading = parse_target(text, year=year)
    if isinstance(reading, Comparison) and sign and reading.direction is None:
        return Unreadable(text, f"unknown direction {direction!r}")
    return reading


def reading_kind(
    reading: Reading,
) -> Literal["comparison", "qualitative", "deadline", "not_applicable", "blank", "unreadable"]:
    """The kind of *reading*, as a string."""
    return reading.kind
