"""Findings: what scoring and audit have to say about a table, located and bilingual.

Each :class:`Finding` has a stable :attr:`~Finding.code` (the codes of the document
spec and perfeval's own, listed in :data:`CATALOGUE` with their default severity and
meaning in zh and en; any other code is refused), a :attr:`~Finding.where`
path into the input document (``indicators[3].score``), what the table printed, what
perfeval computed, and a message in zh_CN and in en.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Collection, Iterable, Sequence
from decimal import Decimal
from typing import Any, Final, Protocol, TypeVar

import attrs

from perfeval._validate import chinese, instances, optional_text, required_text
from perfeval.errors import InvalidTypeError, UnknownCodeError
from perfeval.number import fixed

__all__ = [
    "CATALOGUE",
    "CODES",
    "Check",
    "Code",
    "Finding",
    "Severity",
    "check_list",
    "known_code",
    "run_checks",
    "run_kind_checks",
]


class Severity(enum.StrEnum):
    """How bad a finding is."""

    ERROR = "error"
    """The table is wrong."""
    WARNING = "warning"
    """The table is doubtful or incomplete."""
    INFO = "info"
    """Worth knowing; nothing to fix."""


@attrs.frozen(kw_only=True)
class Code:
    """A finding code of the catalogue: its default severity and what it means."""

    code: str
    severity: Severity
    meaning: str
    """When the finding is made, in English."""
    meaning_zh: str
    """When the finding is made, in Chinese."""
    scope: tuple[str, ...] = ("table",)
    """Where it is used: ``table`` (the audit), ``monitoring``, ``department``."""


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO
_T, _M, _D = "table", "monitoring", "department"
_R, _C = "rubric", "coefficient"

#: Every finding code perfeval makes, in one place: severity and meaning in en and zh.
CATALOGUE: Final[dict[str, Code]] = {
    entry.code: entry
    for entry in (
        Code(code="fund-total-mismatch", severity=_E,
             meaning="the total fund row differs from the sum of its source rows",
             meaning_zh="年度资金总额与各资金来源之和不符"),
        Code(code="fund-total-blank", severity=_W,
             meaning="the total fund row leaves an amount blank (never filled, or a formula "
             "saved without its value) while its source rows print it; their sum is used",
             meaning_zh="年度资金总额某列为空（未填写或公式未计算），而各资金来源已填列；"
             "按各来源之和计"),
        Code(code="rate-mismatch", severity=_E,
             meaning="a printed execution rate differs from the computed one",
             meaning_zh="表中执行率与计算值不符"),
        Code(code="rate-reading", severity=_I,
             meaning="a printed rate agrees only read as a ratio (0.98) or as truncated "
             "(97.80 for 97.81…%); says which",
             meaning_zh="表中执行率按比值（0.98）或截断（97.80 即 97.81…%）读取方一致，"
             "说明按何读取"),
        Code(code="funds-weight-default", severity=_I,
             meaning="the table prints no funds weight; the policy's default is used",
             meaning_zh="表中未列预算执行分值，按评分政策的默认分值计"),
        Code(code="fund-score-mismatch", severity=_E,
             meaning="the printed funds score differs from the computed one",
             meaning_zh="表中预算执行得分与计算值不符"),
        Code(code="score-mismatch", severity=_E, scope=(_T, _D, _C),
             meaning="a printed score differs from the computed one",
             meaning_zh="表中得分与计算值不符"),
        Code(code="score-exceeds-weight", severity=_E, scope=(_T, _D, _R, _C),
             meaning="a printed score is above its weight",
             meaning_zh="表中得分超过分值"),
        Code(code="qualitative-score-out-of-tier", severity=_W,
             meaning="a judged score lies outside the tier its actual states",
             meaning_zh="定性指标评价得分不在实际完成值所述档次内"),
        Code(code="weights-mismatch", severity=_E, scope=(_T, _D, _R),
             meaning="weights do not add up (to a level-1 weight, a parent's, or to 100)",
             meaning_zh="分值合计不符（与一级指标分值、上级分值或100）"),
        Code(code="total-mismatch", severity=_E, scope=(_T, _R, _C),
             meaning="the printed total differs from the printed rows or the computed total",
             meaning_zh="表中总分与各行得分之和或计算总分不符"),
        Code(code="total-unverified", severity=_I,
             meaning="a row has no score; what the printed total implies for it",
             meaning_zh="有指标无得分，表中总分无法核实；给出其推算得分"),
        Code(code="grade-mismatch", severity=_E, scope=(_T, _R),
             meaning="the printed grade does not match the total",
             meaning_zh="表中评价等级与总分不符"),
        Code(code="missing-value", severity=_W, scope=(_T, _M, _D, _R, _C),
             meaning="a value needed for scoring is blank (info for a blank printed total "
             "of a complete table)",
             meaning_zh="计分所需的值为空（完整表格的表中总分为空时为提示）"),
        Code(code="unparseable-value", severity=_W, scope=(_T, _M),
             meaning="a target, actual or likelihood could not be read; says how the row "
             "was then treated",
             meaning_zh="指标值、实际完成值或完成可能性无法识别，并说明如何处理"),
        Code(code="unit-mismatch", severity=_E, scope=(_T, _M),
             meaning="target and actual units cannot be compared: different kinds, a number "
             "printed without a unit that reads sensibly both ways or neither way (0.3 beside "
             "≤5%: 0.3% or 30%?), or a total beside a standard per a period",
             meaning_zh="年度指标值与实际完成值单位不一致：单位种类不同，未标单位的数值两种读法"
             "均可或均不可（0.3 对 ≤5%：0.3% 还是 30%？），或合计数对按期间的单位标准"),
        Code(code="unit-reading", severity=_I, scope=(_T, _M),
             meaning="a number printed without the other side's unit was read in it: a "
             "rate typed as a fraction (0.9823 beside ≥90% is 98.23%), an amount in the base "
             "unit (14000 beside ≤1.5万元 is 14000元), an amount per the target's standard "
             "(280元 beside ≤300元/亩); says which",
             meaning_zh="未标（或少标）单位的数值按对方单位读取：按比值读的百分数（0.9823 对 "
             "≥90% 即 98.23%）、按基本单位读的数额（14000 对 ≤1.5万元 即 14000元）、按对方"
             "单位标准读的数额（280元 对 ≤300元/亩）；说明按何读取"),
        Code(code="invalid-weight", severity=_E,
             meaning="an applicable row has weight 0",
             meaning_zh="适用指标的分值为0"),
        Code(code="missing-deviation-note", severity=_W, scope=(_T, _D),
             meaning="a row lost points or was not met, and its note is empty",
             meaning_zh="失分或未达成目标，但未填写偏差原因分析"),
        Code(code="over-achievement", severity=_W,
             meaning="an actual at or above the threshold × target with no note",
             meaning_zh="实际完成值远超目标（达到阈值），未说明原因"),
        Code(code="over-budget", severity=_W,
             meaning="executed exceeds a non-zero annual budget",
             meaning_zh="执行数超过全年预算数"),
        Code(code="undefined-rate", severity=_W, scope=(_T, _M),
             meaning="the annual budget is zero or blank (or executed is blank)",
             meaning_zh="全年预算数为0或为空（或执行数为空），执行率无法计算"),
        Code(code="unknown-group", severity=_I,
             meaning="a level-1 / level-2 heading perfeval does not know (kept as written)",
             meaning_zh="一级/二级指标名称不是已知分类（按原文保留）"),
        Code(code="execution-behind", severity=_W, scope=(_M,),
             meaning="spending lags time progress (yellow: warning, red: error)",
             meaning_zh="执行进度落后于时间进度（黄色预警为警告，红色为错误）"),
        Code(code="progress-mismatch", severity=_E, scope=(_M,),
             meaning="the printed execution progress differs from the computed one",
             meaning_zh="表中执行进度与计算值不符"),
        Code(code="level-mismatch", severity=_E, scope=(_M,),
             meaning="the printed warning level differs from the computed one",
             meaning_zh="表中预警等级与计算结果不符"),
        Code(code="missing-explanation", severity=_W, scope=(_M,),
             meaning="a target that may not be met gives no reason (error when impossible)",
             meaning_zh="完成目标可能性不为“确定能”，但未说明原因（不可能时为错误）"),
        Code(code="likelihood-inconsistent", severity=_W, scope=(_M,),
             meaning="the forecast falls short of the target, yet it is 'certain' to be met",
             meaning_zh="全年预计完成低于目标，却填报“确定能”完成"),
        Code(code="overshoot", severity=_W, scope=(_M,),
             meaning="the forecast far exceeds the target with no explanation",
             meaning_zh="全年预计完成远超目标，未说明原因（目标可能偏低）"),
        # The other printed forms: rubrics, score-coefficient tables, department forms.
        Code(code="optional-choice", severity=_W, scope=(_R,),
             meaning="an optional group (可选项) has no row or more than one row scored",
             meaning_zh="可选项未计分或多项计分（应仅一项计分）"),
        Code(code="criterion-mismatch", severity=_E, scope=(_R,),
             meaning="a score differs from the formula its criterion states (到位率 × 分值) "
             "applied to the figure the row prints",
             meaning_zh="得分与评分标准所列公式（如到位率×分值）按表中数据计算的结果不符"),
        Code(code="criterion-unverified", severity=_I, scope=(_R,),
             meaning="a criterion states a formula, and the row prints no figure to apply it to",
             meaning_zh="评分标准列有计算公式，但未列出所需数据，得分无法核实"),
        Code(code="coefficient-out-of-range", severity=_E, scope=(_C,),
             meaning="a score coefficient (得分系数) lies outside [0, 1] (0%–100%)",
             meaning_zh="得分系数不在0至1（0%至100%）之间"),
        Code(code="coefficient-unearned", severity=_E, scope=(_C,),
             meaning="a coefficient of 100% on a row whose actual misses its target",
             meaning_zh="全年完成值未达到指标值，得分系数却为100%"),
        Code(code="breakdown-score-mismatch", severity=_E, scope=(_D,),
             meaning="a fund breakdown row prints a score that is neither the fund score it "
             "repeats nor its own",
             meaning_zh="资金分项行所列得分既非年度资金总额得分，也非按本行执行率计算的得分"),
        Code(code="indicator-scoring", severity=_I, scope=(_D,),
             meaning="which rule scored a department form's indicators (the 项目支出 rules, "
             "or the printed scores), and where the form says so",
             meaning_zh="部门整体自评表绩效指标的计分方式（按项目支出规则，或按表中所列得分）"
             "及其依据"),
    )
}  # fmt: skip

#: Every finding code, with its default severity.
CODES: Final[dict[str, Severity]] = {code: entry.severity for code, entry in CATALOGUE.items()}


def _known_code(_instance: object, _attribute: object, code: str) -> None:
    if not isinstance(code, str) or code not in CATALOGUE:
        raise UnknownCodeError("not a finding code of the catalogue", field="code", value=code)


def known_code(code: str) -> str:
    """*code* itself when it is a code of :data:`CATALOGUE`; else
    :class:`~perfeval.errors.UnknownCodeError`."""
    _known_code(None, None, code)
    return code


@attrs.frozen(kw_only=True)
class Finding:
    """One located observation about a table."""

    code: str = attrs.field(validator=_known_code)
    """A code of :data:`CATALOGUE`; any other is refused."""
    where: str = attrs.field(validator=required_text)
    """Path into the input document: ``funds.rows[0].rate``, ``indicators[3].score``."""
    message: str = attrs.field(validator=required_text)
    """In English."""
    message_zh: str = attrs.field(validator=required_text)
    """In Chinese (zh_CN)."""
    severity: Severity = attrs.field(validator=instances(Severity))
    printed: str | None = attrs.field(default=None, validator=optional_text)
    computed: str | None = attrs.field(default=None, validator=optional_text)

    @severity.default
    def _default_severity(self) -> Severity:
        known = isinstance(self.code, str) and self.code in CATALOGUE  # checked after defaults
        return CATALOGUE[self.code].severity if known else Severity.WARNING

    @classmethod
    def make(
        cls,
        code: str,
        where: str,
        message: str,
        message_zh: str,
        printed: Decimal | str | None = None,
        computed: Decimal | str | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding with printed and computed values written as plain text, and the
        code's default severity unless *severity* is given."""
        return cls(
            code=code,
            where=where,
            message=message,
            message_zh=message_zh,
            printed=fixed(printed) if isinstance(printed, Decimal) else printed,
            computed=fixed(computed) if isinstance(computed, Decimal) else computed,
            severity=severity or CODES.get(code, Severity.WARNING),
        )

    def text(self, locale: str = "zh_CN") -> str:
        """The message in *locale* (``zh_CN`` or ``en``)."""
        return self.message_zh if chinese(locale) else self.message

    def at(self, prefix: str) -> Finding:
        """This finding with its path placed under *prefix* (``indicators[3]``)."""
        where = f"{prefix}.{self.where}" if self.where else prefix
        moved: Finding = object.__new__(Finding)  # a copy of a checked finding: fields as they are
        for field in _FIELDS:
            object.__setattr__(moved, field, getattr(self, field))
        object.__setattr__(moved, "where", where)
        return moved


_FIELDS: Final = tuple(field.name for field in attrs.fields(Finding))


class Findings:
    """What every audit result has (:class:`~perfeval.audit.AuditReport`, a rubric's, a
    score-coefficient table's, a department form's, :class:`~perfeval.kinds.FormAudit`):
    its :attr:`findings`, their codes, its errors and whether it is clean."""

    __slots__ = ()
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Findings of severity error."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def clean(self) -> bool:
        """Whether nothing of severity warning or error was found."""
        return all(f.severity is Severity.INFO for f in self.findings)

    def codes(self) -> list[str]:
        """The finding codes, in order."""
        return [f.code for f in self.findings]


class Check(Protocol):
    """An audit check: a function of a :class:`~perfeval.table.Scorecard` that gives its
    findings (:func:`perfeval.audit.check` makes one). Its :attr:`codes` are the finding
    codes it may give. (The scorecard is typed ``Any`` here because findings come before
    scorecards in the library's layers; :func:`perfeval.audit.check` takes a function of
    a ``Scorecard``.)"""

    codes: frozenset[str]
    __name__: str

    def __call__(self, card: Any, /) -> Iterable[Finding]: ...


Subject = TypeVar("Subject")


def check(*codes: str) -> Callable[[Callable[[Subject], Iterable[Finding]]], Check]:
    """Make a function of a scored form (a :class:`~perfeval.table.Scorecard`, a scored
    rubric, score-coefficient table or department form) an audit check that may give the
    finding *codes* (codes of :data:`CATALOGUE`), without changing it otherwise: the one
    marking of every form's checks (:func:`perfeval.audit.check` is this function).

    >>> @check("missing-value")
    ... def check_project_named(card):
    ...     return []
    >>> sorted(check_project_named.codes)
    ['missing-value']
    """
    known = frozenset(known_code(code) for code in codes)

    def mark(function: Callable[[Subject], Iterable[Finding]]) -> Check:
        function.codes = known  # type: ignore[attr-defined]
        return function  # type: ignore[return-value]

    return mark


def run_checks(
    subject: Any, checks: Iterable[Check], *, trusted: Collection[Check] = ()
) -> list[Finding]:
    """The findings of *checks* on *subject* (a scorecard, a scored rubric …), in the
    order of the checks. What a check gives is checked to be findings, except for the
    *trusted* ones (a kind's own built-in checks), whose findings are taken as they are."""
    findings: list[Finding] = []
    for run in checks:
        found = run(subject)
        if run not in trusted:  # a check of a policy's or a caller's
            found = list(found)
            for finding in found:
                if not isinstance(finding, Finding):
                    name = getattr(run, "__name__", repr(run))
                    raise InvalidTypeError(
                        f"the check {name} gave something that is not a Finding",
                        field="checks",
                        value=type(finding).__name__,
                    )
        findings.extend(found)
    return findings


def run_kind_checks(
    subject: Any, checks: Iterable[Check] | None, built_in: Sequence[Check]
) -> list[Finding]:
    """The findings of a form's audit: *checks* on *subject* (a scored rubric, score-
    coefficient table or department form), or its kind's *built_in* list when *checks* is
    ``None``; a caller's list is checked (:func:`check_list`) and what its checks give is
    checked to be findings, the built-in ones' taken as they are."""
    chosen = tuple(built_in) if checks is None else check_list(checks)
    return run_checks(subject, chosen, trusted=built_in)


def check_list(value: object) -> tuple[Check, ...]:
    """*value*, a list of audit checks, as a tuple; anything else is refused with
    :class:`~perfeval.errors.InvalidTypeError` naming ``checks``."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidTypeError("expected a list of audit checks", field="checks", value=value)
    checks = tuple(value)
    for item in checks:
        if not callable(item):
            raise InvalidTypeError(
                "an audit check is a function of a scorecard", field="checks", value=item
            )
    return checks
