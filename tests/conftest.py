"""Shared builders for table tests."""

from __future__ import annotations

import copy
import os
from typing import Any

import pytest
from hypothesis import settings

BASE: dict[str, Any] = {
    "format": "perfeval.self-evaluation/1",
    "project": "示例项目",
    "year": 2024,
    "funds": {
        "weight": "10",
        "rows": [
            {"source": "total", "annual_budget": "100", "executed": "100", "rate": "100%",
             "score": "10"},
        ],
    },
    "level1_weights": {"产出指标": "50", "效益指标": "30", "满意度指标": "10"},
    "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "name": "培训人次", "target": "≥10个",
         "actual": "10个", "weight": "15", "score": "15"},
        {"level1": "产出指标", "level2": "质量指标", "name": "合格率", "target": "100%",
         "actual": "100%", "weight": "10", "score": "10"},
        {"level1": "产出指标", "level2": "时效指标", "name": "完成及时性",
         "target": "2024年12月之前完成", "actual": "2024年11月完成", "weight": "15", "score": "15"},
        {"level1": "产出指标", "level2": "成本指标", "name": "成本控制", "target": "≤50万元",
         "actual": "45万元", "weight": "10", "score": "10"},
        {"level1": "效益指标", "level2": "经济效益指标", "name": "带动就业", "target": "效果明显",
         "actual": "效果明显", "weight": "10", "score": "10"},
        {"level1": "效益指标", "level2": "社会效益指标", "name": "社会影响", "target": "效果明显",
         "actual": "达成预期指标", "weight": "10", "score": "10"},
        {"level1": "效益指标", "level2": "可持续影响指标", "name": "长效机制",
         "target": "效果明显", "actual": "效果明显", "weight": "10", "score": "10"},
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "服务对象满意度",
         "target": "≥90%", "actual": "95%", "weight": "10", "score": "10"},
    ],
    "total_score": "100",
    "grade": "优",
}  # fmt: skip


@pytest.fixture
def document() -> dict[str, Any]:
    """A clean, fully consistent table document; tests change one thing in it."""
    return copy.deepcopy(BASE)


# Timing is measured in benchmarks/, not asserted in tests: no per-example deadline, so a
# loaded CI machine cannot make a property test flaky. The test command draws the same
# examples on every run (derandomize: each test seeds its own draws), so that a tree that
# passes once passes on any clean checkout; HYPOTHESIS_PROFILE=explore draws new examples
# on each run, to look for new failures (docs/verify.md).
settings.register_profile("perfeval", deadline=None, derandomize=True)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "perfeval"))


@pytest.fixture(autouse=True)
def _no_locale_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests expect the command line's zh_CN default, whatever the machine's LANG."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
