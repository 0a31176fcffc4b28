"""Indicator rows (三级指标) of a table.

An :class:`Indicator` keeps what the table printed: its level-1 and level-2 headings as
written, its name, target and actual (read into :mod:`perfeval.targets` readings), its
weight (分值), the score it printed (得分, which for a qualitative row is the evaluator's
judgement) and its deviation note (偏差原因分析及改进措施).

>>> row = Indicator(level1="产出指标", level2="成本", name="项目成本控制",
...                 target="≤60", actual="51.79", weight="10", score="10")
>>> row.level2_group.key, str(row.target)
('cost', '≤60')
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from perfeval._convert import as_text, name_field, points_field, text_field
from perfeval.cells import is_blank, is_template_name, read_text
from perfeval.groups import Group, match_group
from perfeval.targets import (
    READING_TYPES,
    Blank,
    NotApplicable,
    Reading,
    parse_actual,
    parse_target,
)

__all__ = ["Indicator"]


_READINGS = READING_TYPES


def _as_target(value: Reading | str | int | Decimal | None) -> Reading:
    if isinstance(value, _READINGS):
        return value
    return parse_target(read_text(value, field="target"))


def _as_actual(value: Reading | str | int | Decimal | None) -> Reading:
    if isinstance(value, _READINGS):
        return value
    return parse_actual(read_text(value, field="actual"))


def _optional_note(value: object, instance: object, field: attrs.Attribute[Any]) -> str | None:
    """A note as printed, trimmed; ``None`` when blank (:func:`~perfeval.cells.is_blank`:
    "", "无", "—", "/" and their look-alikes "／", "－－"). A refused value names the
    field (``note``, ``explanation``) and the row."""
    text = as_text(value, instance, field)
    if text is None or is_blank(text):
        return None
    return text.strip()


def note_field() -> Any:
    """An optional note or explanation as printed (see :func:`_optional_note`)."""
    return attrs.field(
        default=None,
        converter=attrs.Converter(_optional_note, takes_self=True, takes_field=True),
    )


@attrs.frozen(kw_only=True)
class Indicator:
    """One scored row: where it sits, what it aimed at, what it reached, what it printed."""

    name: str = name_field()
    """三级指标: the row's name as printed."""
    level1: str | None = text_field()
    """一级指标 as printed ("产出指标", "产出指标（50分）")."""
    level2: str | None = text_field()
    """二级指标 as printed ("数量指标", "成本")."""
    target: Reading = attrs.field(default=None, converter=_as_target)
    """年度指标值: printed text (parsed) or a reading."""
    actual: Reading = attrs.field(default=None, converter=_as_actual)
    """实际完成值: printed text (parsed) or a reading."""
    weight: Decimal | None = points_field()
    """分值; ``None`` when blank ("10", "10分", a placeholder)."""
    score: Decimal | None = points_field()
    """得分 as printed; for qualitative rows, the evaluator's judged score."""
    note: str | None = note_field()
    """偏差原因分析及改进措施; blank ("无", a placeholder such as "—", "／", "－－") reads as
    ``None``."""

    @property
    def level1_group(self) -> Group | None:
        """The known level-1 group the heading names, if any."""
        return match_group(self.level1, level=1)

    @property
    def level2_group(self) -> Group | None:
        """The known level-2 group the heading names, if any."""
        return match_group(self.level2, level=2)

    @property
    def not_applicable(self) -> bool:
        """Whether the row is "无": a target of 无, a row named 无 (or left unnamed) with
        no weight, or a template leftover (:attr:`template_leftover`). A named row with
        nothing else printed is *not* "无": it was cut off, and the scorer reports it."""
        if isinstance(self.target, NotApplicable):
            return True
        if is_blank(self.name):
            return self.weight is None or self.weight.is_zero()
        return self.template_leftover

    @property
    def template_leftover(self) -> bool:
        """Whether the row is left over from a blank template: a name the template prints
        in place of a real one ("指标1…", "指标2", "XX指标",
        :func:`~perfeval.cells.is_template_name`) and nothing else filled."""
        return is_template_name(self.name) and self._nothing_filled

    @property
    def plainly_applicable(self) -> bool:
        """Whether the row prints a weight other than 0 and a target other than 无: such a
        row is neither 无 (:attr:`not_applicable`) nor cut off (:attr:`cut_off`), whatever
        its name. A quick test for the common row; those two are the full tests."""
        weight = self.weight
        return (
            weight is not None
            and not weight.is_zero()
            and not isinstance(self.target, NotApplicable)
        )

    @property
    def cut_off(self) -> bool:
        """Whether the row has a real name and nothing else: target, actual, weight and
        score all blank (a table cut off, or a row left unfinished)."""
        return self._nothing_filled and not is_blank(self.name) and not is_template_name(self.name)

    @property
    def _nothing_filled(self) -> bool:
        return (
            self.weight is None
            and self.score is None
            and isinstance(self.target, Blank)
            and isinstance(self.actual, Blank)
        )
