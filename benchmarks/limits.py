"""What a 100,000-row document costs against the limits: refused by default, accepted when
the limits are raised.

    python benchmarks/limits.py               # 100,000 indicator rows
    python benchmarks/limits.py --rows 20000

Each measure runs in a fresh process (so the peak resident memory, ``ru_maxrss``, is its
own) on one core, timed in wall-clock and in CPU seconds: reading the JSON text with the
default limits, and loading and scoring it with ``max_rows`` and ``max_cells`` raised.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time

_LEVELS = [("产出指标", "数量指标", "≥{}个", "{}个"), ("产出指标", "成本指标", "≤{}万元", "{}万元"),
           ("效益指标", "社会效益指标", "效果明显", "达成预期指标")]  # fmt: skip


def document(rows: int) -> str:
    """A table document with *rows* indicator rows of mixed rules."""
    indicators = []
    for index in range(rows):
        level1, level2, target, actual = _LEVELS[index % len(_LEVELS)]
        indicators.append(
            {
                "level1": level1,
                "level2": level2,
                "name": f"指标{index}",
                "target": target.format(50 + index % 7),
                "actual": actual.format(45 + index % 11),
                "weight": "0.001",
                "score": "0.001",
            }
        )
    data = {
        "project": "十万行",
        "year": 2023,
        "funds": {"weight": "10", "rows": [{"source": "total", "annual_budget": "60",
                                            "executed": "51.79"}]},
        "indicators": indicators,
    }  # fmt: skip
    return json.dumps(data, ensure_ascii=False)


def _measure(path: str, raised: bool) -> dict[str, object]:
    from perfeval.document import loads
    from perfeval.errors import PerfevalError
    from perfeval.limits import DEFAULT_LIMITS, Limits
    from perfeval.table import score_table

    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    limits = DEFAULT_LIMITS
    if raised:
        limits = Limits(max_rows=1_000_000, max_cells=20_000_000, max_bytes=1 << 30)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu = time.perf_counter(), time.process_time()
    try:
        card = score_table(loads(text, limits=limits))
        outcome = f"accepted, total {card.total}"
    except PerfevalError as error:
        outcome = f"refused: {error}"
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"outcome": outcome, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "peak_mib": round(peak / 1024, 1), "before_mib": round(before / 1024, 1)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--measure", nargs=2, metavar=("FILE", "RAISED"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.measure[0], args.measure[1] == "1"), ensure_ascii=False))
        return
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        f.write(document(args.rows))
    size = f"{os.path.getsize(f.name) / 2**20:.1f} MiB"
    print(f"{args.rows:,} rows, {size}; {platform.machine()}, CPython {platform.python_version()}")
    for raised in (False, True):
        result = subprocess.run(
            [sys.executable, __file__, "--measure", f.name, "1" if raised else "0"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        label = "raised limits" if raised else "default limits"
        print(f"{label}: {result.stdout.strip()}")


if __name__ == "__main__":
    main()
