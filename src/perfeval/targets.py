"""Targets (年度指标值) and actual values (实际完成值): a typed model and the parser.

The parser implements the grammar written out in ``docs/grammar.md``. A printed cell
reads as one of:

- :class:`Comparison`: a direction (≥ > = ≤ <, or none printed), a number and a unit;
  time limits ("30天内完成") read as upper limits (≤) in a duration unit;
- :class:`Band`: a range ("80%-90%", "80～90分"), met inside it;
- :class:`Qualitative`: a statement ("效果明显", "达成预期指标", "效果不明显"), with the
  achievement it states when it states one (negations included);
- :class:`Deadline`: a date or period to finish by ("2023年12月之前完成", "2023年第三季度",
  "年底前"), a completion date ("2024-03-01 00:00:00"), or an on-time statement
  ("按时完成", "未延期", "未能按时完成");
- :class:`NotApplicable`: "无" (or "不适用", "N/A") in a target cell;
- :class:`Blank`: an empty cell or a placeholder ("", "-", "/", "——", "一", "－－", "……"),
  as :func:`perfeval.cells.is_placeholder` says;
- :class:`Unreadable`: text the grammar does not cover; it keeps the text and the reason.

Every reading keeps the printed text and says what it was read as
(``reading.describe("en")`` / ``reading.describe("zh_CN")``).

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
>>> parse_target("30天内完成").describe("en")
'a time limit: at most 30天 (less is better)'
>>> parse_actual("没有达到预期").achievement
<Achievement.NOT_MET: 'not_met'>
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, ClassVar, Final, Literal, TypeVar

import attrs

from perfeval._memo import short_text_cache
from perfeval._regex import lazy
from perfeval._validate import (
    chinese,
    flag,
    instances,
    optional_flag,
    optional_whole,
    required_text,
    texts,
    whole_number,
)
from perfeval.cells import (
    MONEY_UNITS,
    PLACEHOLDERS,
    is_not_applicable,
    is_placeholder,
    read_text,
)
from perfeval.errors import InvalidNumberError, TargetParseError
from perfeval.findings import Finding
from perfeval.number import CONTEXT, fixed, normalize_text, to_decimal

__all__ = [
    "PLACEHOLDERS",
    "QUALITATIVE_PREFIX",
    "READING_TYPES",
    "UNITS",
    "Achievement",
    "Band",
    "Blank",
    "Comparison",
    "Deadline",
    "Direction",
    "NotApplicable",
    "Qualitative",
    "Reading",
    "SettledBand",
    "Unit",
    "UnitChoice",
    "UnitConflict",
    "Unreadable",
    "classify_achievement",
    "compound_unit",
    "names_qualitative",
    "parse_actual",
    "parse_target",
    "settle_band",
    "settle_units",
    "structured_target",
    "unit_finding",
    "unit_of",
]


class Direction(enum.Enum):
    """The comparison a target states (指标性质)."""

    GE = "≥"
    GT = ">"
    EQ = "="
    LE = "≤"
    LT = "<"

    # Members are singletons compared by identity: hash them by identity too, in C (the
    # inherited Enum.__hash__ is Python code, and scoring looks a direction up per row).
    __hash__ = object.__hash__

    @functools.cached_property
    def reverse(self) -> bool:
        """Whether less is better (≤, <): a reverse target."""
        return self in (Direction.LE, Direction.LT)

    @functools.cached_property
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


def _factor(value: object) -> Decimal:
    """A unit's factor to its base unit: a positive exact number."""
    if type(value) is Decimal and value.is_finite() and value > 0:
        return value
    factor = to_decimal(value, field="factor")
    if factor <= 0:
        raise InvalidNumberError("must be positive", field="factor", value=value)
    return factor


@attrs.frozen
class Unit:
    """A unit of measure: its symbol, its kind, and its factor to the kind's base unit.

    Units of one kind convert into each other (元, 万元, 亿元); units of kind ``"other"``
    (a symbol perfeval does not know) agree only with the same symbol. A per-unit
    (a compound unit: 元/亩, 元/人·月, the unit of "每亩300元") is of kind
    ``"per:<the numerator's kind>/<the denominators>"``: it converts in its numerator
    (万元/亩 into 元/亩) and agrees only with the same denominators.
    """

    symbol: str = attrs.field(validator=required_text)
    kind: str = attrs.field(validator=required_text)
    factor: Decimal = attrs.field(default=Decimal(1), converter=_factor)
    """How many base units one of this unit is: a positive exact number."""

    @property
    def per_unit(self) -> bool:
        """Whether this is a compound unit, an amount per something (元/亩, 元/人·月)."""
        return self.kind.startswith("per:")

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
    for symbol, factor in (("小时", 1), ("个小时", 1), ("天", 24), ("日", 24), ("周", 168),
                           ("星期", 168), ("个星期", 168)):  # fmt: skip
        table[symbol] = Unit(symbol, "duration", Decimal(factor))
    # A working day is not a fixed number of calendar days: working days compare only
    # with working days.
    for symbol in ("工作日", "个工作日"):
        table[symbol] = Unit(symbol, "working-days")
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
                   "部", "类", "轮", "课时", "学时"):  # fmt: skip
        table[symbol] = Unit(symbol, "count")
    return table


#: Known units by printed symbol.
UNITS: Final[dict[str, Unit]] = _units()

#: The base unit (factor 1) of each kind that has one: 元, 米, 小时 … (the first listed).
_BASES: Final[dict[str, str]] = {
    unit.kind: unit.symbol for unit in reversed(UNITS.values()) if unit.factor == 1
}


def unit_of(symbol: str | None) -> Unit | None:
    """The unit printed as *symbol*: a known one, a per-unit ("元/亩", "元/人·月"), or a
    unit of kind ``"other"``.

    ``None`` for an empty symbol.
    """
    if symbol is None:
        return None
    text = _fold(symbol).replace(" ", "")
    if not text:
        return None
    known = UNITS.get(text)
    if known is not None:
        return known
    if _PER_HINT.search(text):
        try:
            per, _, _ = _unit(text, Decimal(1), known_only=False)
        except _Failed:
            per = None
        if per is not None and per.per_unit:
            return per
    return Unit(text, "other")


#: What a note on a reading says, in English and in Chinese.
_NOTES: Final[dict[str, tuple[str, str]]] = {
    "word-operator": ("the operator printed in words", "比较关系以文字表述"),
    "suffix-operator": ("the operator printed after the number (以上, 以内 …)",
                        "比较关系印在数值之后（以上、以内等）"),
    "look-alike": ("a look-alike character read as the operator", "形近字符按比较符号读"),
    "approximately": ("约 / 左右 read as =", "“约”“左右”按等于读"),
    "chinese-numeral": ("the number printed in Chinese numerals", "数值为中文数字"),
    "percent-words": ("百分之… read as a percentage", "“百分之…”按百分数读"),
    "multiplier": ("万/亿 read as a multiplier of the number", "“万”“亿”按数值倍数读"),
    "unit-alias": ("the bracketed name of the unit set aside", "单位的括注名称不计"),
    "label": ("the words naming the indicator set aside", "指标名称文字不计"),
    "duration": ("a duration", "用时"),
    "excel-date": ("a spreadsheet date cell", "表格日期单元格"),
    "year-end": ("the end of the year", "年底"),
    "half-year": ("the end of the half-year", "半年末"),
    "quarter": ("the end of the quarter", "季度末"),
    "negated-problem": ("a problem stated as absent (无投诉, 未延期): met",
                        "否定问题（无投诉、未延期）：视为达成"),
    "negated": ("a negated statement: never read as met", "否定表述：不视为达成"),
    "tier-word": ("a tier word (优/良/中/差, 好/较好/一般/差)", "等级词（优良中差、好较好一般差）"),
    "per-unit": ("a per-unit standard: a number in the compound unit {unit}",
                 "单位标准：复合单位{unit}的数值"),
}  # fmt: skip


def _with_notes(text: str, notes: tuple[str, ...], locale: str, unit: Unit | None = None) -> str:
    """*text* followed by what its *notes* say; a note on a per-unit names *unit*."""
    pick = 1 if chinese(locale) else 0
    symbol = unit.symbol if unit is not None else ""
    said = [_NOTES[note][pick].replace("{unit}", symbol) for note in notes if note in _NOTES]
    if not said:
        return text
    return text + ("（" + "；".join(said) + "）" if pick else " (" + "; ".join(said) + ")")


_DIRECTION_WORDS: Final = {
    None: ("a number with no operator", "未标比较符号的数值"),
    Direction.GE: ("a lower bound", "下限"),
    Direction.GT: ("a strict lower bound", "严格下限"),
    Direction.EQ: ("an exact value", "等值"),
    Direction.LE: ("an upper bound", "上限"),
    Direction.LT: ("a strict upper bound", "严格上限"),
}


def _exact_number(value: object, field: attrs.Attribute[Any]) -> Decimal:
    """A reading's number: a finite ``Decimal`` (an ``int`` or exact text is converted);
    a float, a boolean, NaN or an infinity is refused naming the field."""
    return to_decimal(value, field=field.name)


_EXACT: Final = attrs.Converter(_exact_number, takes_field=True)


_DIRECTION: Final = instances(Direction, optional=True)
_UNIT: Final = instances(Unit, optional=True)


def _exact_field() -> Any:
    """A reading's number field (see :func:`_exact_number`)."""
    return attrs.field(converter=_EXACT)


def _ratio_of_value(reading: Comparison) -> tuple[int, int]:
    return reading.value.as_integer_ratio()


@attrs.frozen
class Comparison:
    """A quantitative target or value: direction, number, unit."""

    direction: Direction | None = attrs.field(validator=_DIRECTION)
    """The printed operator; ``None`` when the table prints a bare number."""
    value: Decimal = _exact_field()
    """The number (a finite ``Decimal``; an ``int`` is converted, a float refused)."""
    unit: Unit | None = attrs.field(default=None, validator=_UNIT)
    text: str = attrs.field(default="", eq=False, repr=False, validator=required_text)
    """The text as printed (not part of equality)."""
    time_limit: bool = attrs.field(default=False, eq=False, repr=False, validator=flag)
    """Whether the text is a time limit ("30天内完成"): an upper limit, less is better."""
    notes: tuple[str, ...] = attrs.field(default=(), eq=False, repr=False, validator=texts)
    """How the text was read (keys of the grammar's notes: ``word-operator`` …)."""
    exact: tuple[int, int] = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(_ratio_of_value, takes_self=True)
    )
    """:attr:`value` as exact integers (numerator, denominator > 0), kept from reading
    so that a column of readings is compared and scored without converting each number
    again (:meth:`perfeval.scoring.Test.holds_column`)."""

    kind: ClassVar[Literal["comparison"]] = "comparison"

    def __str__(self) -> str:
        unit = self.unit.symbol if self.unit else ""
        if self.time_limit and self.direction is Direction.LE:
            return f"{fixed(self.value)}{unit}内"  # "30天内": reads back as the same limit
        symbol = self.direction.value if self.direction else ""
        return f"{symbol}{fixed(self.value)}{unit}"

    def in_unit(self, unit: Unit) -> Decimal | None:
        """This value expressed in *unit*; ``None`` when the units do not agree."""
        return _in_unit(self.value, self.unit, unit)

    def describe(self, locale: str = "zh_CN") -> str:
        """What the text was read as, in zh_CN or en."""
        zh = chinese(locale)
        amount = fixed(self.value) + (self.unit.symbol if self.unit else "")
        if self.time_limit:
            head = (
                f"时限：不超过{amount}（越短越好）"
                if zh
                else f"a time limit: at most {amount} (less is better)"
            )
            notes = tuple(n for n in self.notes if n != "suffix-operator")
            return _with_notes(head, notes, locale, self.unit)
        words = _DIRECTION_WORDS[self.direction][1 if zh else 0]
        head = f"{words} {self}" if not zh else f"{words}{self}"
        return _with_notes(head, self.notes, locale, self.unit)


def _in_unit(value: Decimal, own: Unit | None, unit: Unit) -> Decimal | None:
    if own is None or own == unit:
        return value
    if not own.agrees_with(unit):
        return None
    return CONTEXT.divide(CONTEXT.multiply(value, own.factor), unit.factor)


# Settling the units of a target and an actual ----------------------------------------
# The one home of what a number printed without the other side's unit means.

#: Two values of the same order: fewer than this many times apart (10 times apart is an
#: order of magnitude apart, not the same order).
SAME_ORDER: Final = Decimal(10)
#: Two values of different orders: more than this many times apart.
OTHER_ORDER: Final = Decimal(30)

#: What a per-unit may be per that is a period of time: an amount without the per is a
#: count over the whole year (or over the table's period), never a count per period.
PERIODS: Final = frozenset(
    {"年", "年度", "半年", "季度", "季", "月", "个月", "旬", "周", "星期", "天", "日", "学期"}
)

#: How a number printed without the other side's unit was read in it.
_How = Literal["fraction", "base-unit", "per-unit"]


@attrs.frozen(kw_only=True)
class UnitChoice:
    """A number printed without the other side's unit, read in that unit because only
    that reading makes the target and the actual agree (:func:`settle_units` decides).

    - ``fraction``: a bare number beside a percentage is a rate typed as a fraction
      (0.9823 for 98.23%; the 1 that Excel shows for a typed "=100%");
    - ``base-unit``: a bare number beside a unit with a multiplier is in the kind's base
      unit (14000 against "≤1.5万元" is 14000元, 1.4万元);
    - ``per-unit``: an amount beside a per-unit standard is per the same thing
      ("280元" against "≤300元/亩" is 280元/亩).
    """

    side: Literal["target", "actual"]
    """The cell read in the other side's unit."""
    how: _How
    printed: Comparison | Band
    """That cell's reading as printed."""
    read_as: Comparison | Band
    """The same cell in the other side's unit: 1 as 100%."""
    target: Decimal
    """The target's value, in the unit compared (for a range, its low end)."""
    actual: Decimal
    """The actual's value, in the unit compared."""
    read_in: str = ""
    """For ``base-unit``: the unit the number was taken in (元)."""

    def describe(self, locale: str = "zh_CN") -> str:
        """What the cell was read as, and why, in zh_CN or en."""
        printed, read = _numbers(self.printed), _shown(self.read_as)
        if chinese(locale):
            if self.how == "fraction":
                return f"未标单位的{printed}按比值读作{read}（对方为百分数）"
            if self.how == "base-unit":
                return f"未标单位的{printed}按{self.read_in}读作{read}"
            return f"{_shown(self.printed)}按对方的单位标准读作{read}"
        if self.how == "fraction":
            return (
                f"{printed} without a unit read as a fraction, {read} "
                "(the other side is a percentage)"
            )
        if self.how == "base-unit":
            return f"{printed} without a unit read in {self.read_in}, as {read}"
        return f"{_shown(self.printed)} read per the other side's standard, as {read}"


@attrs.frozen(kw_only=True)
class UnitConflict:
    """A target and an actual whose units do not settle: different kinds, or a number
    printed without a unit that reads sensibly either way or neither way."""

    reason: str
    reason_zh: str


@attrs.frozen(kw_only=True)
class SettledBand:
    """A range target and an actual in one unit (:func:`settle_band`)."""

    low: Decimal
    high: Decimal
    actual: Decimal
    choice: UnitChoice | None = None
    """How a number printed without the other side's unit was read in it."""


def _numbers(reading: Comparison | Band) -> str:
    """The number(s) of *reading*, without its unit."""
    return _written(_values(reading))


def _written(values: Sequence[Decimal]) -> str:
    """A number, or a range's two ends, as a reading prints them ("80-90")."""
    return "-".join(fixed(value) for value in values)


def _shown(reading: Comparison | Band) -> str:
    """The number(s) of *reading*, with its unit."""
    return _numbers(reading) + (reading.unit.symbol if reading.unit else "")


def _scaled_text(reading: Comparison | Band, unit: Unit, by: tuple[int, Decimal]) -> str:
    """The number(s) of *reading* scaled *by*, with *unit*: what :func:`_in` would read,
    written out even where that number is past what a reading holds (a bare 1E+16 beside
    a percentage, read as a fraction), for a message that quotes it."""
    return _written([_scale(value, by) for value in _values(reading)]) + unit.symbol


def _values(reading: Comparison | Band) -> tuple[Decimal, ...]:
    return (reading.low, reading.high) if isinstance(reading, Band) else (reading.value,)


def _sign(values: tuple[Decimal, ...]) -> int | None:
    """1 or -1 when every value that is not 0 has that sign, 0 when all are 0, ``None``
    when the signs are mixed."""
    signs = {1 if value > 0 else -1 for value in values if not value.is_zero()}
    if len(signs) > 1:
        return None
    return signs.pop() if signs else 0


def _apart(left: tuple[Decimal, ...], right: tuple[Decimal, ...]) -> Decimal:
    """How many times apart two sets of values of one sign are (≥ 1; 1 when the ranges
    they span overlap), by their magnitudes."""
    a = sorted(abs(value) for value in left)
    b = sorted(abs(value) for value in right)
    if a[-1] < b[0]:
        return CONTEXT.divide(b[0], a[-1])
    if b[-1] < a[0]:
        return CONTEXT.divide(a[0], b[-1])
    return Decimal(1)


def _scale(value: Decimal, by: tuple[int, Decimal]) -> Decimal:
    """*value* × 10 ** by[0] / by[1], written without an exponent (1E+2 as 100)."""
    scaled = CONTEXT.divide(value.scaleb(by[0]), by[1])
    if scaled.as_tuple().exponent > 0:  # type: ignore[operator]
        scaled = CONTEXT.quantize(scaled, Decimal(1))
    return scaled


def _of_order(
    bare: tuple[Decimal, ...], other: tuple[Decimal, ...], by: tuple[int, Decimal]
) -> Literal["printed", "scaled"] | None:
    """Which reading of the *bare* values is of the order of the *other* ones: as printed,
    or scaled *by*; ``None`` when both are, neither is, or the signs differ. Values of 0
    read as printed: 0 is 0 in any unit, and beside a 0 the unit decides nothing."""
    mine, theirs = _sign(bare), _sign(other)
    if mine == 0 or theirs == 0:
        return "printed"
    if mine is None or theirs is None or mine != theirs:
        return None
    plain = _apart(bare, other)
    scaled = _apart(tuple(_scale(value, by) for value in bare), other)
    if scaled < SAME_ORDER and plain > OTHER_ORDER:
        return "scaled"
    if plain < SAME_ORDER and scaled > OTHER_ORDER:
        return "printed"
    return None


def _base(unit: Unit) -> str | None:
    """The symbol of the base unit (factor 1) of *unit*'s kind: 元 for 万元, 元/亩 for
    万元/亩; ``None`` when the kind has none."""
    if unit.per_unit:
        top_kind = unit.kind.removeprefix("per:").partition("/")[0]
        top = _BASES.get(top_kind)
        return None if top is None else f"{top}/{unit.symbol.partition('/')[2]}"
    return _BASES.get(unit.kind)


def _amountless(unit: Unit | None) -> bool:
    """Whether *unit* is a per-unit printed without its amount's unit ("每亩300": /亩)."""
    return unit is not None and unit.kind.startswith("per:/")


def _per_of(unit: Unit) -> str:
    """What a per-unit is per, as its kind keeps it (sorted): "人·月" for 元/月·人."""
    return unit.kind.partition("/")[2]


def _in(
    reading: Comparison | Band, unit: Unit | None, by: tuple[int, Decimal]
) -> Comparison | Band:
    """*reading* scaled *by*, in *unit*."""
    if isinstance(reading, Band):
        low, high = _scale(reading.low, by), _scale(reading.high, by)
        return Band(low, high, unit, reading.text, reading.notes)
    value = _scale(reading.value, by)
    return Comparison(reading.direction, value, unit, reading.text, notes=reading.notes)


#: A target or an actual with a number: a comparison or a range.
_Read = TypeVar("_Read", bound="Comparison | Band")

#: A settled pair: the target's values and the actual's value in the unit compared, and
#: how a cell was read in the other side's unit.
_Settled = tuple[tuple[Decimal, ...], Decimal, UnitChoice | None]


def _settle(target: Comparison | Band, actual: Comparison) -> _Settled | UnitConflict:
    """The one rule behind :func:`settle_units` and :func:`settle_band`."""
    unit, own = target.unit, actual.unit
    if own is unit or own == unit:
        return _values(target), actual.value, None
    if unit is not None and own is not None:
        if _amountless(unit) != _amountless(own) and unit.per_unit and own.per_unit:
            if _per_of(unit) == _per_of(own):  # "每亩300" against "280元/亩"
                return _bare(target, actual)
        elif _amountless(unit) and not own.per_unit and own.kind != "percent":
            target = _with_amount(target, own)  # "每亩300" against "280元": 300元/亩
            unit = target.unit
            assert unit is not None
        elif _amountless(own) and not unit.per_unit and unit.kind != "percent":
            actual = _with_amount(actual, unit)
            own = actual.unit
            assert own is not None
        converted = _converted(target, actual)
        if converted is not None:
            return converted
        if own.per_unit != unit.per_unit and isinstance(target, Comparison):
            per = _per(target, actual)
            return per if isinstance(per, UnitConflict) else ((per.target,), per.actual, per)
        return UnitConflict(
            reason=f"the actual {actual!s} is not in a unit comparable with the target {target!s}",
            reason_zh=f"实际完成值「{actual!s}」与年度指标值「{target!s}」单位不一致",
        )
    return _bare(target, actual)


def _with_amount(reading: _Read, amount: Unit) -> _Read:
    """A per-unit printed without its amount's unit, in the per-unit of *amount*."""
    assert reading.unit is not None
    per = compound_unit(amount, tuple(reading.unit.symbol.partition("/")[2].split("·")))
    return attrs.evolve(reading, unit=per)


def _converted(target: Comparison | Band, actual: Comparison) -> _Settled | None:
    assert target.unit is not None
    value = actual.in_unit(target.unit)
    return None if value is None else (_values(target), value, None)


def _bare(target: Comparison | Band, actual: Comparison) -> _Settled | UnitConflict:
    """A number printed without the other side's unit (or a per-unit without its amount's
    unit beside one with it): read in the other side's unit, unless that unit has another
    reading (a percentage; a unit with a multiplier), when the order decides."""
    if actual.unit is None or (_amountless(actual.unit) and target.unit is not None):
        bare: Comparison | Band = actual
        other: Comparison | Band = target
    else:
        bare, other = target, actual
    unit = other.unit
    assert unit is not None
    how: _How
    if unit.kind == "percent":
        how, by, read_in = "fraction", (2, unit.factor), "%"
    elif unit.factor != 1 and (base := _base(unit)) is not None:
        how, by, read_in = "base-unit", (0, unit.factor), base
    else:  # a bare number is in the other side's unit
        return _values(target), actual.value, None
    found = _of_order(_values(bare), _values(other), by)
    if found == "printed":
        return _values(target), actual.value, None
    side: Literal["target", "actual"] = "actual" if bare is actual else "target"
    if found is None and how == "base-unit":
        # neither reading is of the other side's order: an amount printed bare is in the
        # table's unit, as tables print amounts (1% of a 1.00万元 target is 0.01)
        return _values(target), actual.value, None
    if found is None:
        return _unsettled(side, bare, other, by, how, read_in)
    read = _in(bare, unit, by)
    if side == "actual":
        assert isinstance(read, Comparison)
        values, value = _values(target), read.value
    else:
        values, value = _values(read), actual.value
    choice = UnitChoice(
        side=side,
        how=how,
        printed=bare,
        read_as=read,
        target=values[0],
        actual=value,
        read_in=read_in if how == "base-unit" else "",
    )
    return values, value, choice


def _unsettled(
    side: Literal["target", "actual"],
    bare: Comparison | Band,
    other: Comparison | Band,
    by: tuple[int, Decimal],
    how: _How,
    read_in: str,
) -> UnitConflict:
    field, field_zh = ("actual", "实际完成值") if side == "actual" else ("target", "年度指标值")
    unit = other.unit
    assert unit is not None
    numbers = _numbers(bare)
    as_printed, scaled = numbers + unit.symbol, _scaled_text(bare, unit, by)
    if how == "fraction":
        return UnitConflict(
            reason=f"the {field} {numbers} has no unit beside the percentage {other!s}: it may "
            f"be {as_printed} or {scaled} (a fraction)",
            reason_zh=f"{field_zh}「{numbers}」未标单位，对方为百分数「{other!s}」：可读作"
            f"{as_printed}或{scaled}（比值），无法确定",
        )
    return UnitConflict(
        reason=f"the {field} {numbers} has no unit beside {other!s}: it may be {as_printed} or "
        f"{numbers}{read_in} ({scaled})",
        reason_zh=f"{field_zh}「{numbers}」未标单位，对方为「{other!s}」：可读作{as_printed}或"
        f"{numbers}{read_in}（{scaled}），无法确定",
    )


def settle_units(target: Comparison, actual: Comparison) -> Decimal | UnitChoice | UnitConflict:
    """The actual's value in the target's unit (a number), a :class:`UnitChoice` when a
    number printed without the other side's unit reads in it, or a :class:`UnitConflict`
    when the two cannot be compared. The rule, written out in ``docs/grammar.md``:

    - units of one kind convert; a bare number is read in the other side's unit;
    - except beside a percentage: a bare number x may be a percentage (x %) or a rate
      typed as a fraction (100 × x %); and beside a unit with a multiplier (万元, 公里): x
      may be in that unit or in the kind's base unit (元, 米). The reading of the same
      order as the other side (fewer than 10 times apart) is taken when the other reading
      is of another order (more than 30 times apart); a reading other than as printed is a
      :class:`UnitChoice`. Beside a percentage, when both or neither fit, or the signs
      differ, the units conflict; beside a unit with a multiplier, the number is then read
      as printed (amounts are printed in the table's unit). A 0 on either side reads as
      printed;
    - a per-unit printed without its amount's unit ("每亩300") takes the other side's;
    - an amount beside a per-unit standard of the same kind ("280元" against "300元/亩")
      is per the same thing when of the same order, unless the standard is per a period
      (每月1次: a count over the year is not a count per month); else the units conflict;
    - any other units of different kinds conflict.

    >>> settle_units(parse_target("≥90%"), parse_actual("0.9823")).read_as.value
    Decimal('98.23')
    >>> settle_units(parse_target("1"), parse_actual("45.17%")).target
    Decimal('100')
    >>> settle_units(parse_target("≥90%"), parse_actual("95"))
    Decimal('95')
    >>> settle_units(parse_target("≥100%"), parse_actual("1.02")).actual
    Decimal('102')
    >>> settle_units(parse_target("≤5%"), parse_actual("0.3")).reason
    'the actual 0.3 has no unit beside the percentage ≤5%: it may be 0.3% or 30% (a fraction)'
    """
    settled = _settle(target, actual)
    if isinstance(settled, UnitConflict):
        return settled
    _, value, choice = settled
    return value if choice is None else choice


def settle_band(target: Band, actual: Comparison) -> SettledBand | UnitConflict:
    """A range target and an actual in one unit, by the rule of :func:`settle_units`
    (a range's ends are read alike: "0.8-1.2" against 95% is 80%-120%).

    >>> settled = settle_band(parse_target("80%-90%"), parse_actual("0.85"))
    >>> settled.low, settled.high, settled.actual, settled.choice.side
    (Decimal('80'), Decimal('90'), Decimal('85'), 'actual')
    """
    settled = _settle(target, actual)
    if isinstance(settled, UnitConflict):
        return settled
    (low, high), value, choice = settled
    return SettledBand(low=low, high=high, actual=value, choice=choice)


def _per(target: Comparison, actual: Comparison) -> UnitChoice | UnitConflict:
    """An amount beside a per-unit standard (see :func:`settle_units`)."""
    per, plain = (target, actual) if target.unit and target.unit.per_unit else (actual, target)
    unit, own = per.unit, plain.unit
    assert unit is not None
    assert own is not None
    over = unit.symbol.partition("/")[2]
    top = unit.kind.removeprefix("per:").rpartition("/")[0]
    periods = [part for part in over.split("·") if part in PERIODS]
    if top in (own.kind, own.symbol) and own.kind != "percent" and not periods:
        value = CONTEXT.divide(CONTEXT.multiply(plain.value, own.factor), unit.factor)
        if per.value > 0 and value > 0 and _apart((value,), (per.value,)) < SAME_ORDER:
            read = Comparison(plain.direction, value, unit, plain.text, notes=plain.notes)
            side: Literal["target", "actual"] = "actual" if plain is actual else "target"
            return UnitChoice(
                side=side,
                how="per-unit",
                printed=plain,
                read_as=read,
                target=value if side == "target" else target.value,
                actual=value if side == "actual" else actual.value,
            )
    if periods:
        return UnitConflict(
            reason=f"the actual {actual!s} is not in a unit comparable with the target {target!s} "
            f"(one is per {over}, a period; the other is a count or amount over the whole "
            "period evaluated)",
            reason_zh=f"实际完成值「{actual!s}」与年度指标值「{target!s}」单位不一致"
            f"（一方为每{over}的数值，另一方为整个评价期的合计）",
        )
    return UnitConflict(
        reason=f"the actual {actual!s} is not in a unit comparable with the target {target!s} "
        f"(one is per {over}, the other is not)",
        reason_zh=f"实际完成值「{actual!s}」与年度指标值「{target!s}」单位不一致"
        f"（一方为每{over}的单位标准，另一方不是）",
    )


def unit_finding(
    settled: UnitChoice | UnitConflict,
    actual: Reading,
    *,
    fields: tuple[str, str] = ("target", "actual"),
    then: tuple[str, str] = ("the row is scored as judged", "按表中得分计"),
) -> Finding:
    """The finding a target and an actual whose units were settled give: an info
    ``unit-reading`` note that quotes the cell read in the other side's unit, or a
    ``unit-mismatch`` that says why they cannot be compared and *then* what was done
    (en, zh). *fields* name the target and the actual where the finding points (a
    monitoring table's actual is its 1–N月 or forecast value). Scoring and monitoring
    both report through here."""
    where = dict(zip(("target", "actual"), fields, strict=True))
    if isinstance(settled, UnitConflict):
        return Finding.make(
            "unit-mismatch",
            where["actual"],
            f"{settled.reason}; {then[0]}",
            f"{settled.reason_zh}，{then[1]}",
            str(actual),
        )
    side = settled.side
    field_zh = "年度指标值" if side == "target" else "实际完成值"
    printed, read = settled.printed, settled.read_as
    return Finding.make(
        "unit-reading",
        where[side],
        f"the {side} {printed.text or printed!s}: {settled.describe('en')}",
        f"{field_zh}「{printed.text or printed!s}」：{settled.describe('zh_CN')}",
        printed.text or str(printed),
        str(read),
    )


@attrs.frozen
class Band:
    """A range target or value ("80%-90%", "80～90分"): met inside [low, high]."""

    low: Decimal = _exact_field()
    high: Decimal = _exact_field()
    unit: Unit | None = attrs.field(default=None, validator=_UNIT)
    text: str = attrs.field(default="", eq=False, repr=False, validator=required_text)
    notes: tuple[str, ...] = attrs.field(default=(), eq=False, repr=False, validator=texts)

    kind: ClassVar[Literal["band"]] = "band"

    def __str__(self) -> str:
        unit = self.unit.symbol if self.unit else ""
        return f"{fixed(self.low)}-{fixed(self.high)}{unit}"

    def in_unit(self, unit: Unit) -> tuple[Decimal, Decimal] | None:
        """The band's ends in *unit*; ``None`` when the units do not agree."""
        low, high = _in_unit(self.low, self.unit, unit), _in_unit(self.high, self.unit, unit)
        return None if low is None or high is None else (low, high)

    def describe(self, locale: str = "zh_CN") -> str:
        """What the text was read as, in zh_CN or en."""
        if chinese(locale):
            return _with_notes(f"区间{self}：落在区间内为达成", self.notes, locale)
        return _with_notes(f"a band {self}: met inside it", self.notes, locale)


@attrs.frozen
class Qualitative:
    """A statement: a qualitative target, or an actual value in words."""

    statement: str = attrs.field(validator=required_text)
    achievement: Achievement | None = attrs.field(
        default=None, validator=instances(Achievement, optional=True)
    )
    """The tier the statement itself states, if it states one."""
    text: str = attrs.field(default="", eq=False, repr=False, validator=required_text)
    notes: tuple[str, ...] = attrs.field(default=(), eq=False, repr=False, validator=texts)

    kind: ClassVar[Literal["qualitative"]] = "qualitative"

    def __str__(self) -> str:
        return self.statement

    def describe(self, locale: str = "zh_CN") -> str:
        """What the text was read as, in zh_CN or en."""
        if chinese(locale):
            said = f"表明「{self.achievement.label}」" if self.achievement else "未表明是否达成"
            return _with_notes(f"定性表述，{said}", self.notes, locale)
        said = (
            f"stating '{self.achievement.value.replace('_', ' ')}'"
            if self.achievement
            else "stating no tier"
        )
        return _with_notes(f"a statement, {said}", self.notes, locale)


def _date_part(*, least: int, most: int) -> Any:
    """A deadline's year, month or day: ``None`` or a whole number in [least, most]."""
    return attrs.field(default=None, converter=optional_whole(least=least, most=most))


@attrs.frozen
class Deadline:
    """A date to finish by (a target), a completion date (an actual), or an on-time
    statement.

    A date without a year takes the table's year when scored. A date is read as inclusive
    of the period it names: "9月前" and "2023年12月之前完成" mean by the end of that month,
    "2023年第三季度" by the end of September, "上半年" by the end of June.
    """

    year: int | None = _date_part(least=0, most=9999)
    month: int | None = _date_part(least=1, most=12)
    day: int | None = _date_part(least=1, most=31)
    on_time: bool | None = attrs.field(default=None, validator=optional_flag)
    """For statements with no date: ``True`` for "按时完成", ``False`` for "延期完成"."""
    text: str = attrs.field(default="", eq=False, repr=False, validator=required_text)
    notes: tuple[str, ...] = attrs.field(default=(), eq=False, repr=False, validator=texts)

    kind: ClassVar[Literal["deadline"]] = "deadline"

    @property
    def dated(self) -> bool:
        """Whether a date (at least a month) is stated."""
        return self.month is not None

    def key(self, year: int | None) -> tuple[int, int, int]:
        """A sortable (year, month, day) end point, taking *year* where none is printed."""
        return (self.year or year or 0, self.month or 12, self.day or 31)

    def _date(self) -> str:
        text = f"{self.year}年" if self.year else ""
        text += f"{self.month}月"
        return text + (f"{self.day}日" if self.day else "")

    def __str__(self) -> str:
        """The text as printed (normalised), so that a completion date is never quoted as
        a deadline; a constructed value shows its date or statement."""
        if self.text:
            if "excel-date" in self.notes and self.day:
                return f"{self.year}-{self.month:02d}-{self.day:02d}"
            return _fold(self.text)
        if not self.dated:
            return "按时完成" if self.on_time is not False else "未按时完成"
        return self._date()

    def describe(self, locale: str = "zh_CN") -> str:
        """What the text was read as, in zh_CN or en."""
        zh = chinese(locale)
        if not self.dated:
            if self.on_time is False:
                head = "未按时的表述" if zh else "a statement that it was late or not done"
            else:
                head = "按时的表述" if zh else "a statement that it was on time"
            return _with_notes(head, self.notes, locale)
        end = "-".join(
            [str(self.year) if self.year else "", f"{self.month:02d}"]
            + ([f"{self.day:02d}"] if self.day else [])
        ).lstrip("-")
        head = (
            f"日期或期间，截至{end}（含当期）"
            if zh
            else f"a date or period ending {end} (inclusive)"
        )
        return _with_notes(head, self.notes, locale)


@attrs.frozen
class NotApplicable:
    """ "无" in a target cell: the row does not apply to this project."""

    text: str = attrs.field(default="无", eq=False, validator=required_text)
    kind: ClassVar[Literal["not_applicable"]] = "not_applicable"

    def __str__(self) -> str:
        return "无"

    def describe(self, locale: str = "zh_CN") -> str:
        """What the text was read as, in zh_CN or en."""
        return "不适用（无）" if chinese(locale) else "not applicable (无)"


@attrs.frozen
class Blank:
    """An empty cell or a placeholder: a value that is missing."""

    text: str = attrs.field(default="", eq=False, validator=required_text)
    kind: ClassVar[Literal["blank"]] = "blank"

    def __str__(self) -> str:
        return self.text

    def describe(self, locale: str = "zh_CN") -> str:
        """What the text was read as, in zh_CN or en."""
        return "空白" if chinese(locale) else "blank"


@attrs.frozen
class Unreadable:
    """Text the parser could not read, kept as printed, with the reason."""

    text: str = attrs.field(validator=required_text)
    reason: str = attrs.field(validator=required_text)
    reason_zh: str = attrs.field(default="", eq=False, validator=required_text)
    kind: ClassVar[Literal["unreadable"]] = "unreadable"

    def __str__(self) -> str:
        return self.text

    def describe(self, locale: str = "zh_CN") -> str:
        """What the text was read as, in zh_CN or en."""
        if chinese(locale):
            return f"无法识别：{self.reason_zh or self.reason}"
        return f"unreadable: {self.reason}"


#: What a printed target or actual cell reads as.
Reading = Comparison | Band | Qualitative | Deadline | NotApplicable | Blank | Unreadable

#: The reading classes, for ``isinstance`` checks.
READING_TYPES: Final = (Comparison, Band, Qualitative, Deadline, NotApplicable, Blank, Unreadable)

# The grammar ------------------------------------------------------------------------
# Every pattern is compiled once, here; the parser only runs them.

_OPERATORS: Final = sorted(
    [
        ("大于或等于", Direction.GE), ("大于等于", Direction.GE), ("不低于", Direction.GE),
        ("不少于", Direction.GE), ("不小于", Direction.GE), ("至少", Direction.GE),
        ("达到", Direction.GE), ("≥", Direction.GE), (">=", Direction.GE),
        ("=>", Direction.GE), ("小于或等于", Direction.LE), ("小于等于", Direction.LE),
        ("不高于", Direction.LE), ("不超过", Direction.LE), ("不大于", Direction.LE),
        ("不多于", Direction.LE), ("最多", Direction.LE), ("≤", Direction.LE),
        ("<=", Direction.LE), ("=<", Direction.LE), ("大于", Direction.GT),
        ("高于", Direction.GT), ("超过", Direction.GT), (">", Direction.GT),
        ("小于", Direction.LT), ("低于", Direction.LT), ("少于", Direction.LT),
        ("<", Direction.LT), ("等于", Direction.EQ), ("==", Direction.EQ),
        ("=", Direction.EQ), ("约", Direction.EQ), ("≈", Direction.EQ),
    ],
    key=lambda pair: -len(pair[0]),
)  # fmt: skip
_NEUTRAL_PREFIXES: Final = ("控制在", "保持在", "维持在", "保持", "达", "为")
_SUFFIXES: Final = sorted(
    [
        ("及以上", Direction.GE), ("以上", Direction.GE), ("及以下", Direction.LE),
        ("以下", Direction.LE), ("以内", Direction.LE), ("之内", Direction.LE),
        ("内", Direction.LE), ("左右", Direction.EQ),
    ],
    key=lambda pair: -len(pair[0]),
)  # fmt: skip
_NUMBER = lazy(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+")
_UNIT_TEXT = lazy(r"[\u4e00-\u9fffA-Za-z/*·²³]{1,5}")
_UNIT_ALIAS = lazy(r"([^()]*)\(([^()]+)\)")
#: Multipliers printed between a number and its unit ("5万个"), when the two together
#: are not a known unit ("5万人次" is 5 of the unit 万人次).
_MULTIPLIERS: Final = (("亿", Decimal(10**8)), ("千万", Decimal(10**7)),
                       ("百万", Decimal(10**6)), ("万", Decimal(10**4)))  # fmt: skip

_CN_DIGITS: Final = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                     "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_UNITS: Final = {"十": 10, "百": 100, "千": 1000}
_CN_NUMBER = lazy(
    r"(?P<per>百分之|千分之)?"
    r"(?P<n>[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?)"
)
_PERCENT_ARABIC = lazy(r"(百分之|千分之)(\d+(?:\.\d+)?)")

_DATE = (
    r"(?:(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月份?(?:(?P<day>\d{1,2})[日号])?"
    r"|(?P<year2>(?:19|20)\d{2})[.\-/](?P<month2>\d{1,2})月?(?:[.\-/](?P<day2>\d{1,2})日?)?"
    r"(?P<clock>\d{1,2}:\d{2}(?::\d{2})?)?)"
)
_DEADLINE = lazy(
    r"(?:在|于|截至|截止)?" + _DATE + r"(?:底|末|中旬|上旬|下旬|初)?"
    r"(?:之前|以前|前|内|止)?(?:全部|全面|按时|如期)?"
    r"(?P<done>完成|实施完毕|结束|完工|竣工|到位|支付完毕|拨付完毕|验收|办结)?(?P<tail>[^\d]{0,8})"
)
_DONE: Final = r"(?:完成|实施完毕|结束|完工|竣工|到位|支付完毕|拨付完毕|验收|办结|上线|交付)"
_PERIOD = lazy(
    r"(?:在|于|截至|截止)?"
    r"(?:(?P<year>(?:19|20)\d{2})年度?|(?P<this>当年|本年|今年)度?|(?P<bare>年)度?)?"
    r"(?:(?P<half>上半年|下半年|年中)|第?(?P<quarter>[一二三四1-4])季度|(?P<end>底|末|内))?"
    r"(?:之前|以前|前|止)?(?:全部|全面|按时|如期)?" + _DONE + "?"
)
_QUARTERS: Final = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}
_DONE_WORDS: Final = ("完成", "结束", "完工", "竣工", "验收", "到位", "办结", "交付", "上线",
                      "使用", "实施", "拨付", "支付")  # fmt: skip
_BARE_NUMBER = lazy(r"\d+\.\d+")

#: Negation words, longest first where one starts another.
_NEGATION: Final = r"(?:未能|没能|没有|不能|无法|尚未|并未|从未|毫无|未|没|不|无)"
_LATE_WORDS: Final = r"(?:延期|逾期|滞后|推迟|超期|拖延|延误|延迟)"
_ON_TIME_WORDS: Final = r"(?:按时|按期|如期|及时|准时|按计划|按进度|在规定时[间限]内|在计划时间内)"
#: "未延期", "无逾期", "没有出现延误": a problem stated as absent, i.e. on time.
_NOT_LATE = lazy(_NEGATION + r"(?:出现|发生|存在|任何)?" + _LATE_WORDS)
#: "延期完成", "未能按时完成", "没有如期": late.
_LATE = lazy(_LATE_WORDS + "|" + _NEGATION + r"[能够太很是曾]{0,2}" + _ON_TIME_WORDS)
#: "2023年12月未完成": a date with a completion denied.
_NEGATED_DONE = lazy(_NEGATION + r"[能够太很是曾]{0,2}(?:全部|全面|按时)?" + _DONE)
_ON_TIME: Final = (
    "按时完成", "按期完成", "如期完成", "及时完成", "按计划完成", "按进度完成",
    "计划时间内完成", "计划完成时间内完成", "规定时间内完成", "规定时限内完成", "按时",
    "按期", "如期", "准时",
)  # fmt: skip

_LIMIT_NUMBER: Final = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+|半)"
_TIME_LIMIT = lazy(
    r"(?:须|需|应)?(?:在|于)?(?P<n>" + _LIMIT_NUMBER + r")"
    r"(?P<unit>个工作日|工作日|个小时|小时|个星期|星期|个月|天|日|周|年)"
    r"(?P<within>之内|以内|内)?(?:全部|按时|及时)?"
    r"(?P<done>完成|办结|完工|到位|办理完毕|处理完毕|答复|回复|响应|解决|处置|结案|竣工|验收"
    r"|拨付|支付|兑付|发放|上报|反馈|到达|到场|办理)?"
)
_LIMIT_HINT = lazy(r"工作日|小时|星期|个月|[天日周年]")

_BAND = lazy(
    r"(?P<low>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?P<u1>[%‰]|[\u4e00-\u9fffA-Za-z/]{1,5})?"
    r"(?:-|~|—|–|至|到)"
    r"(?P<high>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?P<u2>[%‰]|[\u4e00-\u9fffA-Za-z/]{1,5})?"
    r"(?:之间|区间内|区间|范围内)?"
)
_BAND_HINT = lazy(r"\d[^\d]{0,5}(?:-|~|—|–|至|到)\d")

_NOT_MET: Final = (
    "未达成", "未达到", "未完成", "没有完成", "未实现", "不达标", "不合格", "不明显",
    "无明显", "未见", "较差", "很差", "太差", "偏差较大", "不满意", "未按", "不符合",
    "不规范", "未取得", "不到位", "不理想", "不佳", "欠佳", "效果差", "质量差",
)  # fmt: skip
_PARTLY: Final = (
    "部分达成", "部分完成", "部分实现", "部分达到", "基本达成", "基本完成", "基本实现",
    "基本达到", "基本符合", "基本满意", "基本到位", "一般", "有待提高", "有待提升", "尚需",
)  # fmt: skip
_MET: Final = (
    "达成", "完成", "实现", "达到", "达标", "合格", "合规", "明显", "显著", "良好", "较好",
    "有效", "满意", "及时", "符合", "提升", "提高", "增强", "改善", "加强", "优化", "稳定",
    "保障", "到位", "规范", "增加", "促进", "推动", "持续", "长效", "好", "是", "理想",
    "佳", "优秀", "高", "完善", "达预期",
)  # fmt: skip
#: A whole cell that is a tier word.
_TIER_WORDS: Final = {
    "优": Achievement.MET, "优秀": Achievement.MET, "良": Achievement.MET,
    "良好": Achievement.MET, "好": Achievement.MET, "较好": Achievement.MET,
    "很好": Achievement.MET, "中": Achievement.PARTLY, "中等": Achievement.PARTLY,
    "一般": Achievement.PARTLY, "差": Achievement.NOT_MET, "较差": Achievement.NOT_MET,
    "是": Achievement.MET, "否": Achievement.NOT_MET,
}  # fmt: skip
#: Words with a negation character that negate nothing ("不断提升", "无障碍").
_NEUTRAL_NEGATIONS = lazy(
    r"不断|不懈|不仅|不但|无论|不论|无障碍|无缝|无偿|不锈钢|无人机|无线|未来|不定期|不忘|"
    r"无私|毫不|不以|高于|低于|不低于|不少于|不高于|不超过"
)
#: A problem stated as absent: "无投诉", "未发生安全事故", "零差错", "准确无误".
_NEGATED_PROBLEM = lazy(
    r"(?:" + _NEGATION + r"|零|杜绝|不存在)"
    r"(?:出现|发生|存在|发现|收到|造成|产生|引发|有)?(?:任何|重大|较大|安全|一起|一例|明显){0,2}"
    r"(?:事故|投诉|违规|违纪|违法|差错|失误|问题|逾期|延期|滞后|纠纷|隐患|浪费|闲置|挪用|"
    r"损失|负面|舆情|上访|缺陷|错误|拖欠|漏洞|误|延误|拖延|截留)"
)
_PARTLY_NEGATED = lazy(r"(?:未|没有|没|不|尚未|并未)(?:能|够)?(?:完全|全部|全面|彻底|充分|足额)")
_NEGATED_MET = lazy(
    _NEGATION
    + r"[能够太很甚是曾再大十分]{0,2}(?:"
    + "|".join(re.escape(w) for w in sorted({*_MET, *_PARTLY}, key=len, reverse=True))
    + ")"
)
_BARE_NEGATION = lazy(r"[未没不无]|毫无")
_NEGATION_GATE = lazy(r"[未没不无零杜]")


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_NOT_MET_PATTERN: Final = lazy(_alternation(_NOT_MET))
_PARTLY_PATTERN: Final = lazy(_alternation(_PARTLY))
#: A problem stated as absent is replaced by this private mark, which reads as met.
_ABSENT_PROBLEM: Final = "\ue000"
_MET_PATTERN: Final = lazy(_alternation(_MET) + "|" + _ABSENT_PROBLEM)
_OPERATOR_OF: Final = dict(_OPERATORS)
_OPERATOR_PREFIX: Final = lazy(_alternation([word for word, _ in _OPERATORS]))
_OPERATOR_NOTE: Final = {
    word: "approximately"
    if word in ("约", "≈")
    else (None if re.fullmatch(r"[≥≤<>=]+", word) else "word-operator")
    for word, _ in _OPERATORS
}
_NEUTRAL_PREFIX: Final = lazy(_alternation(_NEUTRAL_PREFIXES))
_SUFFIX_OF: Final = dict(_SUFFIXES)
_SUFFIX_PATTERN: Final = lazy("(?:" + _alternation([word for word, _ in _SUFFIXES]) + ")$")
_ON_TIME_PATTERN: Final = lazy(_alternation(_ON_TIME))
#: A cheap test before the date patterns: every deadline has one of these.
_DATE_HINT: Final = lazy(
    r"月|年|季度|(?:19|20)\d\d[.\-/]\d|按|如期|及时|准时|规定|计划|延|逾|滞后|推迟|超期|拖|误"
)
_SYMBOLS: Final = str.maketrans(
    {"≧": "≥", "≦": "≤", "⩾": "≥", "⩽": "≤", "％": "%", "═": "=", "〜": "~", "≯": "≤", "≮": "≥"}
)
#: The common shape: a symbol, a plain number of a size ``to_decimal`` accepts, a unit.
_SIMPLE: Final = lazy(r"(≥|≤|>=|<=|>|<|=)?(\d{1,15}(?:\.\d{1,12})?)([^\d.,\s]{0,6})")
_TIME_KINDS: Final = frozenset({"duration", "months", "working-days"})
#: Every number starts with one of these (Arabic digits, a sign, Chinese numerals).
_NUMERIC_HINT: Final = lazy(r"[\d.零〇一二两三四五六七八九十百千万亿]")
_LOOK_ALIKES = lazy(r"[≧≦⩾⩽═﹦≯≮]")
_DIGIT: Final = lazy(r"\d")


def _cn_integer(text: str) -> int | None:
    """An integer written in Chinese numerals ("一百二十", "两千", "十万", "二〇二三")."""
    if not any(ch in _CN_UNITS or ch in "万亿" for ch in text):
        if len(text) > 1 and text[0] in "零〇":
            return None
        digits = [_CN_DIGITS.get(ch) for ch in text]
        return None if None in digits else int("".join(str(d) for d in digits))
    total, section, number, last, place = 0, 0, None, "", 10**4
    for ch in text:
        if ch in _CN_DIGITS:
            if number is not None and last not in "零〇":
                return None  # two digits in a row: "五五十"
            number = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            if number is None and not (ch == "十" and not section and not total):
                return None  # "百" with no digit before it
            if _CN_UNITS[ch] >= place:
                return None  # places run down within a section: "十一千" is no number
            section += (1 if number is None else number) * _CN_UNITS[ch]
            number, place = None, _CN_UNITS[ch]
        elif ch == "万":
            if section == 0 and number is None:
                return None
            total += (section + (number or 0)) * 10**4
            section, number, place = 0, None, 10**4
        else:  # 亿
            if section == 0 and number is None and total == 0:
                return None
            total = (total + section + (number or 0)) * 10**8
            section, number, place = 0, None, 10**4
        last = ch
    return total + section + (number or 0)


def _cn_decimal(text: str) -> Decimal | None:
    whole, _, fraction = text.partition("点")
    integer = _cn_integer(whole) if whole else None
    if integer is None:
        return None
    if not fraction:
        return Decimal(integer)
    digits = "".join(str(_CN_DIGITS[ch]) for ch in fraction)
    return Decimal(f"{integer}.{digits}")


def _fold(text: str) -> str:
    folded = normalize_text(text).translate(_SYMBOLS)
    return " ".join(folded.split())  # runs of whitespace as one space, trimmed


#: The units whose symbol folding keeps as it is after a number ("㎡" folds to "m2").
_FOLDED_UNITS: Final = {
    symbol: unit for symbol, unit in UNITS.items() if _fold(f"≥1{symbol}") == f"≥1{symbol}"
}


class _Failed(Exception):
    """Internal: a number was found but what follows it is not a unit."""

    def __init__(self, reason: str, reason_zh: str) -> None:
        super().__init__(reason)
        self.reason, self.reason_zh = reason, reason_zh


def _unit(rest: str, value: Decimal, *, known_only: bool) -> tuple[Unit | None, Decimal, list[str]]:
    """The unit printed after a number, the value after any multiplier, and notes.

    Raises :class:`_Failed` when *rest* is not a unit (with *known_only*, when it is not a
    known unit).
    """
    notes: list[str] = []
    if not rest:
        return None, value, notes
    known = UNITS.get(rest)
    if known is not None:
        return known, value, notes
    if _PER_HINT.search(rest):
        per = _per_suffix(rest, value, known_only=known_only)
        if per is not None:
            return per
    if "(" in rest:
        alias = _UNIT_ALIAS.fullmatch(rest)
        if alias:
            outer, inner = alias.group(1), alias.group(2)
            unit, value, more = _unit(outer or inner, value, known_only=known_only)
            return unit, value, [*more, "unit-alias"]
    for word, factor in _MULTIPLIERS:
        if rest.startswith(word):
            unit, _, more = _unit(rest[len(word) :], value, known_only=known_only)
            return unit, CONTEXT.multiply(value, factor), ["multiplier", *more]
    if not known_only and _UNIT_TEXT.fullmatch(rest):
        return Unit(rest, "other"), value, notes
    raise _Failed(
        f"text after the number is not a unit: {rest!r}", f"数值后的文字不是单位：「{rest}」"
    )


def compound_unit(numerator: Unit | None, denominators: tuple[str, ...]) -> Unit:
    """The compound unit *numerator* per *denominators*: 元 per (亩,) is 元/亩, 元 per
    (人, 月) is 元/人·月, nothing per (亩,) is /亩 (a per-unit standard printed without
    its amount's unit, "每亩300"). Its kind keeps the denominators as a sorted set, 人次
    as 人·次: 元/月·人 agrees with 元/人·月, 元/人次 with 每人每次 (元/人·次)."""
    over = "·".join(denominators)
    top = "" if numerator is None else numerator.symbol
    kind = "" if numerator is None else (top if numerator.kind == "other" else numerator.kind)
    factor = Decimal(1) if numerator is None else numerator.factor
    # What it is per is a set of things, in any order: 元/月·人 is 元/人·月, and 人次 is 人·次.
    parts = sorted(part for each in denominators for part in _PER_FOLDS.get(each, (each,)))
    return Unit(f"{top}/{over}", f"per:{kind}/{'·'.join(parts)}", factor)


#: Denominators that are two things: 元/人次 is 元/人·次 (每人每次).
_PER_FOLDS: Final = {"人次": ("人", "次")}


def _denominators(text: str, *, known_only: bool) -> tuple[str, ...] | None:
    """What a per-unit is per: "亩", "人·月", "(人·月)", "人/月", "人*月", "每人每月"
    ("人月": two known units run together, 人 and 月); each part a known unit or a word
    of one or two characters (班, 床位); ``None`` when *text* is not that (with
    *known_only*, when a part is not a known unit)."""
    if text.startswith("每"):
        parts = text[1:].split("每")
    else:
        if text.startswith("(") and text.endswith(")"):
            text = text[1:-1]
        parts = _PER_SEPARATOR.split(text)
    found: list[str] = []
    for part in parts:
        if not _PER_PART.fullmatch(part):
            return None
        while part not in UNITS and part[0] in "一个" and len(part) > 1:
            part = part[1:]  # "每个村", "每一户": 一 and 个 say "each", 村 and 户 the thing
        if part not in UNITS:
            halves = [
                (part[:cut], part[cut:])
                for cut in range(1, len(part))
                if part[:cut] in UNITS and part[cut:] in UNITS
            ]
            if halves:
                found.extend(halves[0])
                continue
            if known_only or len(part) > 2:  # a word of its own is short: 班, 床位, kg
                return None
        found.append(part)
    return tuple(found)


def _per_suffix(
    rest: str, value: Decimal, *, known_only: bool
) -> tuple[Unit | None, Decimal, list[str]] | None:
    """The per-unit printed after a number ("元/亩", "万元/亩", "元/人·月", "元每亩",
    "/亩"), the value after any multiplier, and notes; ``None`` when *rest* is not one."""
    cut = rest.find("每") if "/" not in rest else rest.find("/")
    if cut < 0 or (rest[cut] == "每" and cut == 0):
        return None
    over = _denominators(rest[cut + 1 :] if rest[cut] == "/" else rest[cut:], known_only=known_only)
    if over is None:
        return None
    try:
        top, value, notes = _unit(rest[:cut], value, known_only=known_only)
    except _Failed:
        return None
    if top is not None and top.per_unit:
        return None
    return compound_unit(top, over), value, [*notes, "per-unit"]


def _per_prefix(body: str) -> tuple[tuple[str, ...], str] | None:
    """A per-unit printed before the number ("每亩300元", "每人每月不低于500元",
    "人均500元"): what it is per, and the text after it; ``None`` when *body* does not
    start so."""
    average = _PER_AVERAGE.match(body)
    if average is not None:
        return (average.group(1),), body[average.end() :]
    over: list[str] = []
    while body.startswith("每"):
        for length in range(1, 5):
            part, after = body[1 : 1 + length], body[1 + length :]
            if not _PER_PART.fullmatch(part):
                return None
            if not after or after.startswith("每") or _PER_NEXT.match(after):
                break
        else:
            return None
        parts = _denominators(part, known_only=False)
        if parts is None:
            return None
        over.extend(parts)
        body = after
    return (tuple(over), body) if over else None


def _with_per(
    reading: Comparison | Unreadable | None, over: tuple[str, ...], text: str
) -> Comparison | Unreadable | None:
    """*reading* in the per-unit over *over* ("每亩" before "300元": 300元/亩)."""
    if not isinstance(reading, Comparison) or reading.time_limit:
        return reading if isinstance(reading, Unreadable) else None
    if reading.unit is None and "chinese-numeral" in reading.notes and PERIODS.intersection(over):
        return None  # "每周一", "每月十五": a day of the period, not an amount per period
    if reading.unit is not None and (
        reading.unit.per_unit or reading.unit.kind in ("percent", "other")
    ):
        return Unreadable(
            text,
            "a per-unit standard (每…) before a number whose unit is not a known amount",
            "单位标准（每…）后的数值单位不是已知的计量单位",
        )
    notes = reading.notes if "per-unit" in reading.notes else (*reading.notes, "per-unit")
    return attrs.evolve(reading, unit=compound_unit(reading.unit, over), text=text, notes=notes)


def _number(body: str) -> tuple[Decimal, str, list[str], bool] | None:
    """The number at the start of *body*: (value, the rest, notes, in Chinese numerals)."""
    match = _NUMBER.match(body)
    if match is not None:
        return to_decimal(match.group(0)), body[match.end() :], [], False
    percent = _PERCENT_ARABIC.match(body)
    if percent is not None:
        rest = ("%" if percent.group(1) == "百分之" else "‰") + body[percent.end() :]
        return to_decimal(percent.group(2)), rest, ["percent-words"], False
    chinese = _CN_NUMBER.match(body)
    if chinese is None:
        return None
    digits, rest = chinese.group("n"), body[chinese.end() :]
    if chinese.group("per"):
        value = _cn_decimal(digits)
        if value is None:
            return None
        return (
            value,
            ("%" if chinese.group("per") == "百分之" else "‰") + rest,
            [
                "percent-words",
                "chinese-numeral",
            ],
            True,
        )
    # "五十万元": leave 万 to the unit when the two make a known unit
    if digits[-1] in "万亿" and len(digits) > 1 and digits[-1] + rest in UNITS:
        digits, rest = digits[:-1], digits[-1] + rest
    value = _cn_decimal(digits)
    if value is None and len(digits) > 1 and digits[-1] + rest in UNITS:
        # "五百千克", "五十千米": the numeral ends where a unit that starts with one begins
        digits, rest = digits[:-1], digits[-1] + rest
        value = _cn_decimal(digits)
    if value is None:
        return None
    return value, rest, ["chinese-numeral"], True


def _comparison(body: str, text: str, *, labelled: bool = True) -> Comparison | Unreadable | None:
    """A comparison read from *body* (the folded text without spaces; *text* as printed),
    ``Unreadable`` for a number in a shape not known, ``None`` when there is no number at
    the place one would be."""
    operator = _OPERATOR_PREFIX.match(body)
    if operator is not None and body.startswith("每", operator.end()):
        per = _per_prefix(body[operator.end() :])  # "≤每亩300元": the operator after 每亩
        if per is not None:
            over, after = per
            reading = _comparison(operator.group(0) + after, text, labelled=False)
            return _with_per(reading, over, text)
    if body.startswith("每") or _PER_AVERAGE.match(body):
        per = _per_prefix(body)
        if per is not None:
            over, after = per
            return _with_per(_comparison(after, text, labelled=False), over, text)
    direction: Direction | None = None
    notes: list[str] = []
    prefix = _OPERATOR_PREFIX.match(body)
    if prefix:
        word = prefix.group(0)
        direction, body = _OPERATOR_OF[word], body[prefix.end() :]
        note = _OPERATOR_NOTE[word]
        if note:
            notes.append(note)
    else:
        neutral = _NEUTRAL_PREFIX.match(body)
        if neutral and _NUMBER.match(body, neutral.end()):
            body = body[neutral.end() :]
    unsuffixed = body
    suffix = _SUFFIX_PATTERN.search(body)
    if suffix and suffix.start() > 0:
        body = body[: suffix.start()]
        if direction is None:
            direction = _SUFFIX_OF[suffix.group(0)]
            notes.append("approximately" if direction is Direction.EQ else "suffix-operator")
    try:
        number = _number(body)
    except InvalidNumberError as error:
        return Unreadable(text, error.reason, f"数值超出可读范围：{error.reason}")
    if number is None:
        if labelled and prefix is None:
            return _labelled(unsuffixed, text)
        return None
    value, rest, more, chinese = number
    try:
        unit, value, unit_notes = _unit(rest, value, known_only=chinese)
    except _Failed as failed:
        if chinese:
            return None  # "一般", "十分满意": words, not a number
        return Unreadable(text, failed.reason, failed.reason_zh)
    if chinese or unit_notes:
        value = to_decimal(value)  # the range check for numbers not read by to_decimal
    return Comparison(direction, value, unit, text, notes=(*notes, *more, *unit_notes))


def _labelled(body: str, text: str) -> Comparison | Unreadable | None:
    """ "满意度≥90%", "按时完成率不低于95%": a name, then an operator and a number;
    "完成率100%", "满意度95%": the name of a rate, then a number."""
    operator = _OPERATOR_SEARCH.search(body)
    if operator is None or operator.start() == 0:
        rate = _RATE_LABEL.match(body)
        if rate is None:
            return None
        reading = _comparison(body[rate.end() :], text, labelled=False)
        if not isinstance(reading, Comparison):
            return reading
        return attrs.evolve(reading, notes=("label", *reading.notes))
    label = body[: operator.start()]
    if not _LABEL.fullmatch(label):
        return None
    reading = _comparison(body[operator.start() :], text, labelled=False)
    if not isinstance(reading, Comparison) or reading.direction is None:
        return reading if isinstance(reading, Unreadable) else None
    per = _PER_TAIL.search(label)  # "单位成本每亩≤300元": the name ends in what it is per
    if per is not None:
        over = _per_prefix(per.group(0))
        if over is not None:
            reading = _with_per(reading, over[0], text)
            if not isinstance(reading, Comparison):
                return reading
    return attrs.evolve(reading, text=text, notes=("label", *reading.notes))


#: One part of what a per-unit is per: "亩", "人", "平方米" (a short word, no 每).
_PER_PART = lazy(r"(?:(?!每)[\u4e00-\u9fffA-Za-z²³]){1,4}")
#: Between the parts of a per-unit's denominator: "元/人·月", "元/人*月", "元/人/月".
_PER_SEPARATOR = lazy(r"[/·*・×]")
#: What may follow a per-prefix ("每亩"): a number or an operator.
_PER_NEXT = lazy(
    r"[\d.零〇一二两三四五六七八九十百千]|≥|≤|>|<|=|不低于|不少于|不小于|不高于|不超过|不大于|"
    r"不多于|大于|小于|高于|低于|少于|超过|等于|至少|最多|达到|约|控制在|保持在|维持在|为|达"
)
#: "人均", "户均", "亩均": per person, household, mu, before a number.
_PER_AVERAGE = lazy(r"(人|户|亩|村|次)均(?=[\d≥≤><=])")
#: A name that ends in what the standard is per: "单位成本每亩", "补助标准每人每月".
_PER_TAIL = lazy(r"(?:每(?:(?!每)[\u4e00-\u9fffA-Za-z]){1,4})+$")
#: A cheap test before the per-unit patterns.
_PER_HINT = lazy(r"[/每]")

_OPERATOR_SEARCH = lazy(
    r"≥|≤|>=|<=|>|<|=|不低于|不少于|不小于|不高于|不超过|不大于|不多于|大于等于|小于等于|达到"
)
#: A name before an operator; a negation there ("完成率未达到100%") is a statement, not a name.
_LABEL = lazy(r"(?:(?![未没不无非])[\u4e00-\u9fffA-Za-z]){1,12}")
#: The name of a rate or degree right before its number: "完成率100%", "满意度95%".
_RATE_LABEL = lazy(
    r"(?:(?![未没不无非])[\u4e00-\u9fff]){1,10}(?:率|度|比例|占比)(?=[\d零〇一二两三四五六七八九十百])"
)


def _time_limit(body: str) -> Comparison | None:
    match = _TIME_LIMIT.fullmatch(body)
    if match is None or not (match.group("within") or match.group("done")):
        return None
    digits = match.group("n")
    notes: list[str] = []
    if digits == "半":  # "半个月内", "半年内"
        value, notes = Decimal("0.5"), ["chinese-numeral"]
    elif digits[0].isdigit():
        value = to_decimal(digits)
    else:
        parsed = _cn_decimal(digits)
        if parsed is None:
            return None
        value, notes = to_decimal(parsed), ["chinese-numeral"]
    unit = UNITS[match.group("unit")]
    if match.group("within"):
        return Comparison(Direction.LE, value, unit, body, time_limit=True, notes=tuple(notes))
    return Comparison(None, value, unit, body, notes=("duration", *notes))


def _band(body: str) -> Band | Unreadable | None:
    match = _BAND.fullmatch(body)
    if match is None:
        return None
    low, high = to_decimal(match.group("low")), to_decimal(match.group("high"))
    first, second = unit_of(match.group("u1")), unit_of(match.group("u2"))
    if first is not None and second is not None and first != second:
        return Unreadable(
            body,
            f"the ends of the range are in different units: {first.symbol}, {second.symbol}",
            f"区间两端单位不同：{first.symbol}、{second.symbol}",
        )
    if low > high:
        return Unreadable(body, "the range runs backwards", "区间下限大于上限")
    return Band(low, high, first or second, body)


def _deadline(body: str) -> Deadline | None:
    """Dates, periods and on-time statements (*body* has no spaces)."""
    if _NOT_LATE.search(body) and not _LATE.search(_NOT_LATE.sub("", body)):
        return Deadline(on_time=True, text=body, notes=("negated-problem",))
    if _LATE.search(body):
        return Deadline(on_time=False, text=body)
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
        if _NEGATED_DONE.search(body):
            return Deadline(on_time=False, text=body, notes=("negated",))
        year = match.group("year") or match.group("year2")
        month = int(match.group("month") or match.group("month2"))
        day = match.group("day") or match.group("day2")
        if 1 <= month <= 12 and (day is None or 1 <= int(day) <= 31):
            return Deadline(
                year=int(year) if year else None,
                month=month,
                day=int(day) if day else None,
                text=body,
                notes=("excel-date",) if match.group("clock") else (),
            )
    period = _PERIOD.fullmatch(body)
    if period is not None and body:
        has_year = period.group("year") or period.group("this")
        if period.group("half"):
            month, note = (6 if period.group("half") != "下半年" else 12), "half-year"
        elif period.group("quarter"):
            month, note = _QUARTERS[period.group("quarter")], "quarter"
        elif (
            (period.group("end") and (has_year or period.group("bare")))
            or period.group("year")
            or (period.group("this") and len(body) > 2)
        ):
            month, note = 12, "year-end"
        else:
            month, note = 0, ""
        if month:
            year = period.group("year")
            return Deadline(year=int(year) if year else None, month=month, text=body, notes=(note,))
    if _NEGATED_DONE.search(body):
        return Deadline(on_time=False, text=body, notes=("negated",))
    if len(body) <= 20 and not _DIGIT.search(body) and _ON_TIME_PATTERN.search(body):
        return Deadline(on_time=True, text=body)
    return None


def _classify(text: str) -> tuple[Achievement | None, tuple[str, ...]]:
    folded = text.rstrip("。.!！")
    tier = _TIER_WORDS.get(folded)
    if tier is not None:
        return tier, ("tier-word",)
    notes: tuple[str, ...] = ()
    if _NEGATION_GATE.search(folded):
        folded = _NEUTRAL_NEGATIONS.sub("", folded)
        if _NEGATED_PROBLEM.search(folded):
            folded, notes = _NEGATED_PROBLEM.sub(_ABSENT_PROBLEM, folded), ("negated-problem",)
        if _PARTLY_NEGATED.search(folded):
            return Achievement.PARTLY, ("negated",)
        if _NEGATED_MET.search(folded):
            return Achievement.NOT_MET, ("negated",)
    if _NOT_MET_PATTERN.search(folded):
        return Achievement.NOT_MET, notes
    if _PARTLY_PATTERN.search(folded):
        return Achievement.PARTLY, notes
    if _MET_PATTERN.search(folded):
        if _BARE_NEGATION.search(folded):
            return None, ("negated",)  # a negation the grammar cannot place: never met
        return Achievement.MET, notes
    return None, notes


def classify_achievement(text: str) -> Achievement | None:
    """The tier a statement states: 未达成 before 部分达成 before 达成; ``None`` if none.

    A negation of what would be met ("不到位", "没有达到预期") states 未达成; a negation
    of a problem ("无投诉", "未发生安全事故") states 达成; a negation the grammar cannot
    place gives ``None``, never 达成.

    >>> classify_achievement("效果不明显")
    <Achievement.NOT_MET: 'not_met'>
    >>> classify_achievement("基本完成") is Achievement.PARTLY
    True
    >>> classify_achievement("未发生安全事故")
    <Achievement.MET: 'met'>
    """
    return _classify(normalize_text(text))[0]


#: How many distinct (text, year, target or actual) readings each process keeps. Tables
#: repeat their cells ("100%", "≥95%", "效果明显"), so most cells of a batch are read once;
#: a reading is immutable, so handing the same object out again is safe. Only texts of at
#: most :data:`READ_CACHE_LONGEST` characters are kept (real cells are short; a stream of
#: long distinct texts must not grow the cache): at a few hundred bytes a reading, a full
#: cache holds some tens of MiB at most.
READ_CACHE_SIZE: Final = 65_536
#: The longest text whose reading is kept.
READ_CACHE_LONGEST: Final = 128


def _read(text: str | None, year: int | None, target: bool, strict: bool) -> Reading:
    if type(text) is str and (year is None or type(year) is int):  # exact types: a key
        reading = _read_cached(text, year, target)  # that compares equal reads the same
    else:  # a subclass, a number cell, or a wrong type: refused naming the argument
        if year is not None:
            year = whole_number(year, "year", least=0)
        reading = _read_text(read_text(text, field="text"), year=year, target=target)
    if strict and isinstance(reading, Unreadable):
        raise TargetParseError(reading.reason, value=reading.text)
    return reading


@short_text_cache(maxsize=READ_CACHE_SIZE, longest=READ_CACHE_LONGEST)
def _read_cached(text: str, year: int | None, target: bool) -> Reading:
    return _read_text(text, year=year, target=target)


def _read_text(text: str | None, *, year: int | None, target: bool) -> Reading:
    try:
        reading = _interpret(text, year=year, target=target)
    except InvalidNumberError as error:  # a number too large or too small to be exact
        return Unreadable(text or "", error.reason, f"数值超出可读范围：{error.reason}")
    if text is not None and reading.text != text:
        reading = attrs.evolve(reading, text=text)
    return reading


def _simple(candidate: str, text: str, *, as_printed: bool) -> Comparison | None:
    """*candidate* (*text*, or *text* folded) read in the common shape: an operator, a plain
    number, a known unit that is not a time; ``None`` otherwise. *as_printed*: the
    candidate is the text itself, read only where folding would leave it as it is (ASCII
    digits, a unit whose symbol folding keeps), so that both ways give one reading."""
    simple = _SIMPLE.fullmatch(candidate)
    if simple is None:
        return None
    sign, number, symbol = simple.groups()
    if as_printed and not number.isascii():
        return None
    unit = (_FOLDED_UNITS if as_printed else UNITS).get(symbol) if symbol else None
    if (not symbol or (unit is not None and unit.kind not in _TIME_KINDS)) and (
        not sign or sign in text  # a look-alike operator takes the long path, to say so
    ):
        return Comparison(_OPERATOR_OF[sign] if sign else None, Decimal(number), unit, text)
    return None


def _interpret(text: str | None, *, year: int | None, target: bool) -> Reading:
    if text is None:
        return Blank("")
    # The common shape, "≥50个", "≤60万元", "200", read at once: as printed when the text
    # is already folded (no folding to pay for), else once folded.
    simple = _simple(text, text, as_printed=True)
    if simple is not None:
        return simple
    folded = _fold(text)
    simple = _simple(folded, text, as_printed=False)
    if simple is not None:
        return simple
    stated = _QUALITATIVE_PREFIX.match(folded)
    if stated is not None:  # "定性：效果明显": 指标性质 定性 and its statement in one cell
        return _statement(folded[stated.end() :], text)
    if is_placeholder(folded):
        return Blank(text)
    if is_not_applicable(folded):
        return NotApplicable(text) if target else Blank(text)
    body = folded.replace(" ", "")
    if _DATE_HINT.search(body):
        deadline = _deadline(body)
        if deadline is not None:
            if deadline.year is None and deadline.dated and year is not None:
                deadline = attrs.evolve(deadline, year=year)
            return deadline
    if _LIMIT_HINT.search(body):
        limit = _time_limit(body)
        if limit is not None:
            return limit
    if _BAND_HINT.search(body):
        band = _band(body)
        if band is not None:
            return band
    if _NUMERIC_HINT.search(body):
        comparison = _comparison(body, text)
        if comparison is not None:
            if (
                isinstance(comparison, Comparison)
                and comparison.direction is not None
                and _LOOK_ALIKES.search(text)
            ):
                comparison = attrs.evolve(comparison, notes=(*comparison.notes, "look-alike"))
            return comparison
    if _DIGIT.search(folded):
        return Unreadable(
            text, "a number in a shape perfeval does not read", "数值的写法不在可识别的格式内"
        )
    achievement, notes = _classify(folded)
    return Qualitative(folded, achievement, text, notes)


def parse_target(text: str | None, *, year: int | None = None, strict: bool = False) -> Reading:
    """Read a printed target cell (年度指标值).

    *year* is the table's year, given to dates printed without one. Text that cannot be
    read gives :class:`Unreadable`, or raises :class:`~perfeval.errors.TargetParseError`
    when *strict*.
    """
    return _read(text, year, True, strict)


def parse_actual(text: str | None, *, year: int | None = None, strict: bool = False) -> Reading:
    """Read a printed actual-value cell (实际完成值); "无" there is a blank, not a verdict.

    An actual that repeats an operator ("≥95%") reads as a :class:`Comparison` with that
    direction: the bound it states. A date is the completion date.
    """
    return _read(text, year, False, strict)


_QUALITATIVE_WORDS: Final = frozenset({"定性", "定性指标", "qualitative"})
#: 指标性质 定性 printed before its statement in one cell: "定性：效果明显".
_QUALITATIVE_PREFIX = lazy(r"定性(?:指标)?\s*:\s*")
#: How 指标性质 定性 is printed before a statement in one cell (what the prefix above reads).
QUALITATIVE_PREFIX: Final = "定性："


def names_qualitative(text: str) -> bool:
    """Whether a one-cell target *text* begins with 指标性质 定性 ("定性：效果明显"), which
    :func:`parse_target` reads as the split columns 定性 / 效果明显."""
    return _QUALITATIVE_PREFIX.match(_fold(text)) is not None


def _statement(shown: str, text: str) -> Blank | Qualitative | Unreadable:
    """What follows 指标性质 定性 (*shown*; *text* is what the reading keeps as printed):
    a statement, read for the tier it states; a placeholder is blank. A number or a date
    there contradicts 定性 and is reported (quoted with its 定性, so that it reads back
    the same), never read as a statement or as a number."""
    folded = _fold(shown)
    repeated = _QUALITATIVE_PREFIX.match(folded)
    if repeated is not None:  # 定性 / "定性：无": the cell written whole into the value
        folded = folded[repeated.end() :]
    if is_placeholder(folded):
        return Blank(text)
    reading = _interpret(folded, year=None, target=True)
    if isinstance(reading, Comparison | Band) or (
        isinstance(reading, Deadline | Unreadable) and _DIGIT.search(folded)
    ):
        return Unreadable(
            text if _QUALITATIVE_PREFIX.match(_fold(text)) else QUALITATIVE_PREFIX + shown,
            f"a qualitative (定性) target whose value is a number or a date: {folded!r}",
            f"指标性质为定性，指标值却是数值或日期：「{folded}」",
        )
    achievement, notes = _classify(folded)
    return Qualitative(folded, achievement, text, notes)


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
    shown = read_text(value, field="value") or ""
    direction = read_text(direction, field="direction")
    unit = read_text(unit, field="unit")
    sign = _fold(direction or "")
    if sign in _QUALITATIVE_WORDS or sign.startswith("定性"):
        return _statement(shown, shown)
    text = f"{sign}{shown}{_fold(unit or '')}"
    if sign and sign.replace(" ", "") not in _OPERATOR_OF:  # "x", "-": no direction
        return Unreadable(
            text, f"unknown direction {direction!r}", f"无法识别的指标性质「{direction}」"
        )
    return parse_target(text, year=year)


def reading_kind(
    reading: Reading,
) -> Literal[
    "comparison", "band", "qualitative", "deadline", "not_applicable", "blank", "unreadable"
]:
    """The kind of *reading*, as a string."""
    return reading.kind
