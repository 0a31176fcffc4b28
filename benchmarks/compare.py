"""Compare two versions of perfeval on the benchmark of run.py, in one run.

    python benchmarks/compare.py BEFORE_SRC AFTER_SRC --sizes 10000 --rounds 3

Runs ``benchmarks/run.py --json`` (this file's neighbour, the same measures for both)
with ``PYTHONPATH`` set to each source folder in turn, alternating the two for each
round so that a machine's drift falls on both alike, and prints the fastest of the
rounds for each (other work on the machine only ever slows a round down) and the ratios
after / before (above 1: the after version takes longer).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

RUN = Path(__file__).with_name("run.py")
MEASURES = {
    "score": ("score_s", "scoring and the total"),
    "explained": ("explained_s", "scoring, every row explained"),
    "load": ("load_s", "JSON documents loaded and scored"),
    "audit": ("audit_s", "auditing"),
}


def _one(source: str, size: int) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=source)
    done = subprocess.run(
        [sys.executable, str(RUN), "--sizes", str(size), "--json"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])[0]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", help="the src folder of the version before")
    parser.add_argument("after", help="the src folder of the version after")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print("| tables | measure | before s/row | after s/row | after / before |")
    print("|---:|---|---:|---:|---:|")
    for size in args.sizes:
        runs: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
        for round_ in range(args.rounds):
            order = ("before", "after") if round_ % 2 == 0 else ("after", "before")
            for name in order:
                runs[name].append(_one(getattr(args, name), size))
        for label, (key, _) in MEASURES.items():
            rows = runs["after"][0]["rows"]
            before = min(r[key] for r in runs["before"]) / rows
            after = min(r[key] for r in runs["after"]) / rows
            print(
                f"| {size:,} | {label} | {before * 1e6:.2f} µs | {after * 1e6:.2f} µs "
                f"| {after / before:.2f} |"
            )


if __name__ == "__main__":
    main()
