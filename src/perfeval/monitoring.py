"""Mid-year monitoring (绩效运行监控表): is a project keeping pace with the year?

For month N, time progress is N / 12 and execution progress is spent to date (1–N月执行数)
/ annual budget. Their ratio sets the warning level, with thresholds on a
:class:`MonitoringPolicy` (defaults: green when execution progress is at least 80% of
time progress, yellow from 60% to 80%, red below 60%; each band inclusive at its lower
bound). Per indicator: progress to date against the annual target, the forecast for the
year (全年预计完成), the likelihood of meeting the target (确定能 / 有可能 / 不可能), the
explanation required when it is not 确定能, and a flag when the forecast reaches 120% of
the target (overshooting: the target was probably set too low). A target and a value
are compared as scoring compares them (:func:`~perfeval.targets.settle_units`), with the
same ``unit-reading`` and ``unit-mismatch`` findings.

>>> table = MonitoringTable(project="示例", month=6,
...     funds=MonitoredFunds(annual_budget="100", executed="35"))
>>> result = monitor(table)
>>> str(result.funds.time_progress), str(result.funds.progress), result.funds.level.value
('0.5', '0.35', 'yellow')
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import Decimal
from typing import Final

import attrs

from perfeval._convert import (
    amount_field,
    exact_field,
    instances,
    name_field,
    text_field,
    tuple_of,
)
from perfeval._validate import required_text
from perfeval.cells import read_year
from perfeval.checks import agrees
from perfeval.errors import InvalidPolicyError, InvalidTypeError
from perfeval.findings import Finding, Severity
from perfeval.indicators import _as_actual, _as_target, note_field
from perfeval.number import (
    HUNDRED,
    divide,
    fixed,
    normalize_text,
    private_context,
    quantize_half_up,
)
from perfeval.targets import (
    Blank,
    Comparison,
    Reading,
    UnitChoice,
    UnitConflict,
    settle_units,
    unit_finding,
)

__all__ = [
    "DEFAULT_MONITORING",
    "Likelihood",
    "MonitoredFunds",
    "MonitoredIndicator",
    "MonitoringPolicy",
    "MonitoringResult",
    "MonitoringTable",
    "WarningLevel",
    "monitor",
    "parse_likelihood",
]


class WarningLevel(enum.Enum):
    """预警等级."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"

    @property
    def label(self) -> str:
        """The Chinese label."""
        return {"green": "绿色", "yellow": "黄色", "red": "红色"}[self.value]


class Likelihood(enum.Enum):
    """完成目标可能性."""

    CERTAIN = "certain"
    """确定能"""
    POSSIBLE = "possible"
    """有可能"""
    IMPOSSIBLE = "impossible"
    """不可能"""

    @property
    def label(self) -> str:
        """The Chinese label."""
        return {"certain": "确定能", "possible": "有可能", "impossible": "不可能"}[self.value]


_LIKELIHOOD: Final = (
    (("不可能", "无法完成", "不能"), Likelihood.IMPOSSIBLE),
    (("有可能", "可能", "基本能"), Likelihood.POSSIBLE),
    (("确定能", "能", "确定", "可以"), Likelihood.CERTAIN),
)


def parse_likelihood(text: str | None) -> Likelihood | None:
    """The likelihood a printed cell states (确定能 / 有可能 / 不可能), if any.

    >>> parse_likelihood("有可能"), parse_likelihood("不可能")
    (<Likelihood.POSSIBLE: 'possible'>, <Likelihood.IMPOSSIBLE: 'impossible'>)
    """
    if text is None:
        return None
    folded = "".join(normalize_text(text).split())
    for words, likelihood in _LIKELIHOOD:
        if any(word in folded for word in words):
            return likelihood
    return None


def _as_likelihood(value: Likelihood | str | None) -> Likelihood | str | None:
    if value is None or isinstance(value, Likelihood):
        return value
    if not isinstance(value, str):
        raise InvalidTypeError(
            f"expected a Likelihood or text, not {type(value).__name__}",
            field="likelihood",
            value=value,
        )
    try:
        return Likelihood(value)  # the English value, as written by perfeval itself
    except ValueError:
        return parse_likelihood(value) or value.strip() or None


def _fraction(_instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if not 0 <= value <= 10:
        raise InvalidPolicyError("must lie in [0, 10]", field=attribute.name, value=value)


@attrs.frozen(kw_only=True)
class MonitoringPolicy:
    """Thresholds of mid-year monitoring. Change one with :func:`attrs.evolve`."""

    id: str = attrs.field(default="mof-monitoring", validator=required_text)
    green_ratio: Decimal = exact_field(default=Decimal("0.8"), validator=_fraction)
    """Execution progress / time progress at or above which the level is green."""
    yellow_ratio: Decimal = exact_field(default=Decimal("0.6"), validator=_fraction)
    """… at or above which it is yellow (below: red)."""
    overshoot_ratio: Decimal = exact_field(default=Decimal("1.2"), validator=_fraction)
    """Forecast / annual target at or above which an indicator is overshooting."""

    def __attrs_post_init__(self) -> None:
        if self.yellow_ratio > self.green_ratio:
            raise InvalidPolicyError(
                "yellow_ratio must not exceed green_ratio",
                field="yellow_ratio",
                value=self.yellow_ratio,
            )

    def level(self, ratio: Decimal) -> WarningLevel:
        """The warning level of execution progress / time progress = *ratio*."""
        if ratio >= self.green_ratio:
            return WarningLevel.GREEN
        if ratio >= self.yellow_ratio:
            return WarningLevel.YELLOW
        return WarningLevel.RED


#: The default thresholds.
DEFAULT_MONITORING: Final = MonitoringPolicy()


@attrs.frozen(kw_only=True)
class MonitoredFunds:
    """Money to date: the annual budget and 1–N月执行数."""

    annual_budget: Decimal | None = amount_field()
    executed: Decimal | None = amount_field()
    """Spent from January to the month monitored."""
    forecast: Decimal | None = amount_field()
    """全年预计执行数, if printed."""
    printed_progress: Decimal | None = amount_field()
    """The execution progress the table printed, in percent."""
    note: str | None = note_field()
    """Why spending is behind, if said."""


@attrs.frozen(kw_only=True)
class MonitoredIndicator:
    """One indicator row of a monitoring table."""

    name: str = name_field()
    level1: str | None = text_field()
    level2: str | None = text_field()
    target: Reading = attrs.field(default=None, converter=_as_target)
    """全年指标值."""
    to_date: Reading = attrs.field(default=None, converter=_as_actual)
    """1–N月执行情况: progress so far."""
    forecast: Reading = attrs.field(default=None, converter=_as_actual)
    """全年预计完成情况."""
    likelihood: Likelihood | str | None = attrs.field(default=None, converter=_as_likelihood)
    """完成目标可能性: parsed, or kept as written when it cannot be read."""
    explanation: str | None = note_field()
    """原因分析 / 偏差说明: required unless the target will certainly be met."""


def _rows(rows: Iterable[MonitoredIndicator]) -> tuple[MonitoredIndicator, ...]:
    indicators: tuple[MonitoredIndicator, ...] = tuple_of(MonitoredIndicator, "indicators")(rows)
    return indicators


@attrs.frozen(kw_only=True)
class MonitoringTable:
    """A 绩效运行监控表 for month *month* of *year*."""

    project: str = attrs.field(validator=required_text)
    month: int = attrs.field()
    year: int | None = attrs.field(default=None, converter=read_year)
    department: str | None = text_field()
    unit: str | None = text_field()
    funds: MonitoredFunds | None = attrs.field(
        default=None, validator=instances(MonitoredFunds, optional=True)
    )
    indicators: tuple[MonitoredIndicator, ...] = attrs.field(
        default=(), converter=_rows, validator=instances(MonitoredIndicator)
    )
    printed_level: str | None = text_field()
    """The warning level the table printed, if any."""

    @month.validator
    def _check_month(self, _attribute: object, value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
            from perfeval.errors import InvalidNumberError

            raise InvalidNumberError("a month from 1 to 12", field="month", value=value)


@attrs.frozen(kw_only=True)
class FundsProgress:
    """Execution against time."""

    time_progress: Decimal
    """N / 12, exact."""
    progress: Decimal | None
    """executed / annual budget, exact; ``None`` when undefined."""
    ratio: Decimal | None
    """progress / time progress."""
    level: WarningLevel | None
    """``None`` when the progress is undefined."""

    @property
    def deviation(self) -> Decimal | None:
        """progress − time progress (negative: behind)."""
        return None if self.progress is None else self.progress - self.time_progress


@attrs.frozen(kw_only=True)
class IndicatorProgress:
    """One indicator's progress, forecast and flags."""

    indicator: MonitoredIndicator
    to_date_ratio: Decimal | None
    """progress to date / annual target (numeric rows)."""
    forecast_ratio: Decimal | None
    """forecast / annual target (numeric rows)."""
    overshooting: bool


@attrs.frozen(kw_only=True)
class MonitoringResult:
    """A monitoring table's progress, levels and findings."""

    table: MonitoringTable
    policy: MonitoringPolicy
    funds: FundsProgress | None
    indicators: tuple[IndicatorProgress, ...]
    findings: tuple[Finding, ...]


def _ratio(
    reading: Reading, target: Reading, field: str, where: str
) -> tuple[Decimal | None, Finding | None]:
    """*reading* (the *field* of the row at *where*) over *target*, their units settled as
    for scoring (:func:`~perfeval.targets.settle_units`), and the finding that says how a
    number printed without the other side's unit was read, or why the two cannot be
    compared (the ratio is then ``None``)."""
    if not isinstance(reading, Comparison) or not isinstance(target, Comparison):
        return None, None
    settled = settle_units(target, reading)
    if isinstance(settled, UnitConflict | UnitChoice):
        finding = unit_finding(
            settled,
            reading,
            fields=(f"{where}.target", f"{where}.{field}"),
            then=("its progress is not computed", "未计算其进度"),
        )
        if isinstance(settled, UnitConflict):
            return None, finding
        goal, value = settled.target, settled.actual
    else:
        goal, value, finding = target.value, settled, None
    return (None if goal <= 0 else divide(value, goal)), finding


_FIELDS_ZH: Final = {"target": "全年指标值", "forecast": "全年预计完成情况"}


def _pct(value: Decimal) -> str:
    return f"{fixed(quantize_half_up(value * HUNDRED, 2))}%"


_TABLE: Final = attrs.fields(MonitoringResult).table
_POLICY: Final = attrs.fields(MonitoringResult).policy


@private_context
def monitor(
    table: MonitoringTable, policy: MonitoringPolicy = DEFAULT_MONITORING
) -> MonitoringResult:
    """Compute *table*'s progress and warning levels and list what needs attention."""
    instances(MonitoringTable)(None, _TABLE, table)
    instances(MonitoringPolicy)(None, _POLICY, policy)
    findings: list[Finding] = []
    time_progress = divide(Decimal(table.month), Decimal(12))
    funds = None
    if table.funds is not None:
        money = table.funds
        progress = ratio = None
        level = None
        if money.annual_budget is None or money.annual_budget.is_zero() or money.executed is None:
            findings.append(
                Finding.make(
                    "undefined-rate",
                    "funds",
                    "execution progress is undefined: the annual budget or the spending to date "
                    "is blank or zero",
                    "执行进度无法计算：全年预算数或1–N月执行数为空或为0",
                    severity=Severity.WARNING,
                )
            )
        else:
            progress = divide(money.executed, money.annual_budget)
            ratio = divide(progress, time_progress)
            level = policy.level(ratio)
            if level is not WarningLevel.GREEN:
                severity = Severity.ERROR if level is WarningLevel.RED else Severity.WARNING
                findings.append(
                    Finding.make(
                        "execution-behind",
                        "funds.executed",
                        f"execution progress {_pct(progress)} is {_pct(ratio)} of time progress "
                        f"{_pct(time_progress)}: {level.value}"
                        + ("" if money.note else "; no reason is given"),
                        f"执行进度 {_pct(progress)} 为时间进度 {_pct(time_progress)} 的 "
                        f"{_pct(ratio)}，{level.label}预警"
                        + ("" if money.note else "，未说明原因"),
                        severity=severity,
                        computed=level.value,
                    )
                )
            if money.printed_progress is not None:
                shown = quantize_half_up(progress * HUNDRED, 2)
                if not agrees(money.printed_progress, progress * HUNDRED):
                    findings.append(
                        Finding.make(
                            "progress-mismatch",
                            "funds.progress",
                            f"printed progress {fixed(money.printed_progress)}% differs from the "
                            f"computed {fixed(shown)}%",
                            f"表中执行进度 {fixed(money.printed_progress)}% "
                            f"与计算值 {fixed(shown)}% 不符",
                            severity=Severity.ERROR,
                            printed=f"{fixed(money.printed_progress)}%",
                            computed=f"{fixed(shown)}%",
                        )
                    )
        funds = FundsProgress(
            time_progress=time_progress, progress=progress, ratio=ratio, level=level
        )
        if table.printed_level and level is not None:
            printed = table.printed_level.strip()
            if printed not in (level.value, level.label, level.label.removesuffix("色")):
                findings.append(
                    Finding.make(
                        "level-mismatch",
                        "warning_level",
                        f"printed warning level {printed!r} is not the computed {level.value}",
                        f"表中预警等级「{printed}」与计算的「{level.label}」不符",
                        severity=Severity.ERROR,
                        printed=printed,
                        computed=level.value,
                    )
                )
    rows = []
    for index, item in enumerate(table.indicators):
        where = f"indicators[{index}]"
        to_date, read = _ratio(item.to_date, item.target, "to_date", where)
        forecast, read_forecast = _ratio(item.forecast, item.target, "forecast", where)
        findings.extend(
            finding
            for finding in (read, read_forecast)
            if finding is not None and finding not in findings  # a target read once is said once
        )
        over = forecast is not None and forecast >= policy.overshoot_ratio
        rows.append(
            IndicatorProgress(
                indicator=item, to_date_ratio=to_date, forecast_ratio=forecast, overshooting=over
            )
        )
        for field, reading in (("target", item.target), ("forecast", item.forecast)):
            if isinstance(reading, Blank):
                findings.append(
                    Finding.make(
                        "missing-value",
                        f"{where}.{field}",
                        f"{item.name}: the {field} is blank",
                        f"{item.name}：{_FIELDS_ZH[field]}为空",
                        severity=Severity.WARNING,
                    )
                )
        likelihood = item.likelihood
        if likelihood is None or isinstance(likelihood, str):
            findings.append(
                Finding.make(
                    "missing-value" if likelihood is None else "unparseable-value",
                    f"{where}.likelihood",
                    f"{item.name}: the likelihood is "
                    + (
                        "blank"
                        if likelihood is None
                        else f"{likelihood!r}, not 确定能/有可能/不可能"
                    ),
                    f"{item.name}：完成目标可能性"
                    + ("为空" if likelihood is None else f"「{likelihood}」无法识别"),
                    severity=Severity.WARNING,
                )
            )
        elif likelihood is not Likelihood.CERTAIN and not item.explanation:
            findings.append(
                Finding.make(
                    "missing-explanation",
                    f"{where}.explanation",
                    f"{item.name}: likelihood {likelihood.label} needs an explanation",
                    f"{item.name}：完成可能性为「{likelihood.label}」，须说明原因及措施",
                    severity=Severity.ERROR
                    if likelihood is Likelihood.IMPOSSIBLE
                    else Severity.WARNING,
                )
            )
        if (
            likelihood is Likelihood.CERTAIN
            and forecast is not None
            and forecast < 1
            and item.target.kind == "comparison"
            and getattr(item.target, "direction", None) is not None
            and not item.target.direction.reverse  # type: ignore[union-attr]
        ):
            findings.append(
                Finding.make(
                    "likelihood-inconsistent",
                    f"{where}.likelihood",
                    f"{item.name}: the forecast is {_pct(forecast)} of the target, yet the target "
                    "is certain to be met",
                    f"{item.name}：全年预计完成为目标的 {_pct(forecast)}，却填报「确定能」完成",
                    severity=Severity.WARNING,
                )
            )
        if over and not item.explanation:
            findings.append(
                Finding.make(
                    "overshoot",
                    f"{where}.forecast",
                    f"{item.name}: the forecast is {_pct(forecast or Decimal(0))} of the annual "
                    "target; the target may be set too low",
                    f"{item.name}：全年预计完成为目标的 "
                    f"{_pct(forecast or Decimal(0))}，目标可能偏低",
                    severity=Severity.WARNING,
                )
            )
    return MonitoringResult(
        table=table, policy=policy, funds=funds, indicators=tuple(rows), findings=tuple(findings)
    )
