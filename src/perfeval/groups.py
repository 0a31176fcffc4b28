"""Indicator groups: the level-1 (一级指标) and level-2 (二级指标) headings of a table.

Known groups are constants with their Chinese labels. Tables spell them in many ways
("成本", "成本指标", "数量指标(10分)", "可持续性"); :func:`match_group` finds the known
group a label clearly means, and returns ``None`` for a label it does not know, which the
indicator then keeps as written.

Cost goes by several names, and every one of them is the one cost group :data:`COST`
(a reverse group under the national policy: a bare cost target is an upper limit):
成本指标, 产出成本 and, in the template many provinces use since 2023, the level-2 groups
经济成本指标, 社会成本指标 and 生态环境成本指标 under a level-1 成本指标 (:data:`COSTS`).

>>> match_group("产出指标（50分）", level=1) is OUTPUT
True
>>> match_group("可持续性", level=2) is SUSTAINABILITY
True
>>> match_group("经济成本指标", level=2) is COST, match_group("成本指标", level=1) is COSTS
(True, True)
"""

from __future__ import annotations

import re
from typing import Final, Literal

import attrs

from perfeval._memo import short_text_cache
from perfeval._validate import expect
from perfeval.errors import InvalidTypeError
from perfeval.number import normalize_text

__all__ = [
    "BENEFIT",
    "COST",
    "COSTS",
    "ECOLOGICAL",
    "ECONOMIC",
    "GROUPS",
    "OUTPUT",
    "QUALITY",
    "QUANTITY",
    "SATISFACTION",
    "SERVICE_SATISFACTION",
    "SOCIAL",
    "SUSTAINABILITY",
    "TIMELINESS",
    "Group",
    "match_group",
]


@attrs.frozen(kw_only=True)
class Group:
    """A known indicator group: a stable key, the Chinese label, an English name."""

    key: str
    label: str
    name: str
    level: Literal[1, 2]
    parent: str | None = None
    aliases: tuple[str, ...] = ()


OUTPUT: Final = Group(key="output", label="产出指标", name="outputs", level=1, aliases=("产出",))
BENEFIT: Final = Group(key="benefit", label="效益指标", name="benefits", level=1, aliases=("效益",))
COSTS: Final = Group(key="costs", label="成本指标", name="costs", level=1, aliases=("成本",))
"""The level-1 成本指标 of the 2023 template (经济, 社会, 生态环境成本指标 under it)."""
SATISFACTION: Final = Group(
    key="satisfaction", label="满意度指标", name="satisfaction", level=1, aliases=("满意度",)
)
QUANTITY: Final = Group(
    key="quantity", label="数量指标", name="quantity", level=2, parent="output", aliases=("数量",)
)
QUALITY: Final = Group(
    key="quality", label="质量指标", name="quality", level=2, parent="output", aliases=("质量",)
)
TIMELINESS: Final = Group(
    key="timeliness",
    label="时效指标",
    name="timeliness",
    level=2,
    parent="output",
    aliases=("时效", "时效性"),
)
COST: Final = Group(
    key="cost",
    label="成本指标",
    name="cost",
    level=2,
    parent="output",
    aliases=("成本", "产出成本", "经济成本", "社会成本", "生态环境成本", "生态成本", "环境成本"),
)
"""Cost, by every name: 成本指标, 产出成本, and the 2023 split 经济成本指标, 社会成本指标,
生态环境成本指标 (one group: all of them are cost, scored alike)."""
ECONOMIC: Final = Group(
    key="economic",
    label="经济效益指标",
    name="economic benefits",
    level=2,
    parent="benefit",
    aliases=("经济效益",),
)
SOCIAL: Final = Group(
    key="social",
    label="社会效益指标",
    name="social benefits",
    level=2,
    parent="benefit",
    aliases=("社会效益",),
)
ECOLOGICAL: Final = Group(
    key="ecological",
    label="生态效益指标",
    name="ecological benefits",
    level=2,
    parent="benefit",
    aliases=("生态效益",),
)
SUSTAINABILITY: Final = Group(
    key="sustainability",
    label="可持续影响指标",
    name="sustainability",
    level=2,
    parent="benefit",
    aliases=("可持续影响", "可持续性", "可持续", "可持续效益", "可持续影响力"),
)
SERVICE_SATISFACTION: Final = Group(
    key="service_satisfaction",
    label="服务对象满意度指标",
    name="service-recipient satisfaction",
    level=2,
    parent="satisfaction",
    aliases=("服务对象满意度", "满意度", "社会公众或服务对象满意度"),
)

#: Every known group, level 1 first.
GROUPS: Final = (
    OUTPUT,
    BENEFIT,
    COSTS,
    SATISFACTION,
    QUANTITY,
    QUALITY,
    TIMELINESS,
    COST,
    ECONOMIC,
    SOCIAL,
    ECOLOGICAL,
    SUSTAINABILITY,
    SERVICE_SATISFACTION,
)

_POINTS = re.compile(r"[(（\[【]\s*[\d.]+\s*分?\s*[)）\]】]")
_NOISE = re.compile(r"[\s:：]+")


def _stem(label: str) -> str:
    text = _NOISE.sub("", _POINTS.sub("", normalize_text(label)))
    text = text.removeprefix("其中")
    return text.removesuffix("指标") if len(text) > 2 else text


def match_group(label: str | None, *, level: Literal[1, 2]) -> Group | None:
    """The known group of *level* that *label* clearly names, else ``None``.

    The comparison ignores spaces and line breaks, a points suffix such as "(10分)" or
    "（50分）", and a trailing "指标".
    """
    if not label:
        return None
    if type(label) is not str:
        expect(label, str, "label")
    if level != 1 and level != 2:
        raise InvalidTypeError("expected level 1 or 2", field="level", value=level)
    return _match_group(label, level)


@short_text_cache(maxsize=4096, longest=64)
def _match_group(label: str, level: Literal[1, 2]) -> Group | None:
    stem = _stem(label)
    for group in GROUPS:
        if group.level == level and stem in {_stem(group.label), *group.aliases}:
            return group
    return None


def group_by_key(key: str) -> Group | None:
    """The known group with stable *key* (``"cost"``), if any."""
    for group in GROUPS:
        if group.key == key:
            return group
    return None
