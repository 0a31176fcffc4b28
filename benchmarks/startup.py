"""Start-up cost: what ``import perfeval`` and ``perfeval score FILE`` cost over bare Python.

    python benchmarks/startup.py              # medians of 20 runs
    python benchmarks/startup.py --runs 50

Each measure starts a fresh interpreter (this one, ``sys.executable``):

- ``import perfeval``, as ``python -X importtime -c "import perfeval"`` reports it (the
  cumulative time of the package's import), and as wall time over ``python -c pass``;
- ``perfeval score FILE`` on a seed document (``python -m perfeval score FILE``), as wall
  time over ``python -c pass``, with the modules that cost it most (from ``-X importtime``).

An installed package runs from compiled bytecode, so the interpreters started here may write
it (``PYTHONDONTWRITEBYTECODE`` is dropped from their environment) and one warm-up run
writes it before anything is measured; otherwise every run would time the compiler.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: The environment of the measured interpreters: free to write bytecode, as installed.
_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def _wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_ENV
    )
    return time.perf_counter() - start


def _importtime(command: list[str]) -> dict[str, int]:
    """Cumulative import time in microseconds per module, from ``-X importtime``."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", *command],
        check=True,
        capture_output=True,
        text=True,
        env=_ENV,
    )
    times: dict[str, int] = {}
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.split("|")
        times.setdefault(name.strip(), int(cumulative))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    from perfeval.seed import seed_document

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.json"
        path.write_text(seed_document("2-3"), encoding="utf-8")
        bare = [sys.executable, "-c", "pass"]
        imported = [sys.executable, "-c", "import perfeval"]
        score = [sys.executable, "-m", "perfeval", "score", str(path)]
        _wall(score)  # compile the bytecode once, outside the measure

        importtime = [
            _importtime(["-c", "import perfeval"])["perfeval"] / 1000 for _ in range(args.runs)
        ]
        bare_s, import_s, score_s = [], [], []
        for _ in range(args.runs):  # interleaved, so a busy moment affects all three alike
            bare_s.append(_wall(bare))
            import_s.append(_wall(imported))
            score_s.append(_wall(score))
        costly = _importtime(["-m", "perfeval", "score", str(path)])

    base = statistics.median(bare_s)
    print(f"python {sys.version.split()[0]}; medians of {args.runs} runs")
    rows = [
        ("bare python (-c pass)", base),
        ("import perfeval, -X importtime", statistics.median(importtime) / 1000),
        ("import perfeval, wall time over bare", statistics.median(import_s) - base),
        ("perfeval score FILE, wall time over bare", statistics.median(score_s) - base),
    ]
    for label, seconds in rows:
        print(f"{label:<42} {seconds * 1000:7.1f} ms")
    print("largest imports of perfeval score (cumulative ms):")
    top = sorted(
        ((ms, name) for name, ms in costly.items() if name.count(".") <= 1),
        reverse=True,
    )
    for microseconds, name in top[:12]:
        print(f"  {microseconds / 1000:7.1f}  {name}")


if __name__ == "__main__":
    main()
