"""Benchmark: batches of document files across processes, and the summary of a batch.

    python benchmarks/batch.py                 # 10,000 files
    python benchmarks/batch.py --files 2000    # a quick run
    python benchmarks/batch.py --repeat 3      # best of 3 runs, on a machine that is shared

Writes N synthetic table documents (8–20 indicators, mixed rules, the generator of
benchmarks/run.py, with departments and units added) to a temporary folder, then audits
them with :func:`perfeval.files.audit_files` in this process (workers=0) and with 1 and
2 worker processes, and prints the throughput and the 2-worker / 1-worker ratio. Then
it times the summary of the batch (text, Markdown, JSON, CSV) and the HTML page, and
prints the page's size.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import attrs

sys.path.insert(0, str(Path(__file__).parent))
from run import build, synthetic

from perfeval.document import dump_table
from perfeval.files import audit_files
from perfeval.rows import to_csv
from perfeval.summary import (
    render_html,
    render_markdown,
    render_text,
    summarize_batch,
    summary_rows,
    summary_to_json,
)

DEPARTMENTS = ["市财政局", "市教育局", "市卫健委", "市交通局", "市农业农村局", "市民政局"]


def write_files(folder: Path, count: int) -> list[str]:
    rng = random.Random(7)
    paths = []
    for index, description in enumerate(synthetic(count)):
        department = rng.choice(DEPARTMENTS)
        table = attrs.evolve(
            build(description),
            department=department,
            unit=f"{department}第{rng.randint(1, 8)}单位",
        )
        path = folder / f"{index:05d}.json"
        if index % 500 == 499:  # a damaged file now and then: the batch must carry on
            path.write_text('{"project": "缺指标"', encoding="utf-8")
        else:
            path.write_text(json.dumps(dump_table(table), ensure_ascii=False), encoding="utf-8")
        paths.append(str(path))
    return paths


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(function):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs per worker count; best kept")
    args = parser.parse_args()
    print(f"python {platform.python_version()}, {os.cpu_count()} cores, {args.files:,} files")
    with tempfile.TemporaryDirectory() as folder:
        paths = write_files(Path(folder), args.files)
        runs: dict[int, float] = {}
        for _ in range(args.repeat):
            for workers in (0, 1, 2):
                parent, children = time.process_time(), _children_cpu()
                seconds, batch = timed(lambda w=workers: audit_files(paths, workers=w))
                parent, children = time.process_time() - parent, _children_cpu() - children
                runs[workers] = min(seconds, runs.get(workers, seconds))
                print(
                    f"workers={workers}: {seconds:6.2f} s, {args.files / seconds:5.0f} files/s, "
                    f"{len(batch.errors)} files in error; CPU: this process {parent:.2f} s, "
                    f"workers {children:.2f} s; load average {os.getloadavg()[0]:.1f}"
                )
        print(f"best of {args.repeat}:")
        print(f"2 workers / 1 worker throughput: {runs[1] / runs[2]:.2f}x")
        print(f"2 workers / in-process throughput: {runs[0] / runs[2]:.2f}x")
    tables, findings = batch.table_rows(), batch.finding_rows()
    seconds, summary = timed(lambda: summarize_batch(batch))
    print(f"summary of {len(tables):,} tables ({len(findings):,} findings): {seconds:.3f} s")
    outputs = {
        "text": lambda: render_text(summary),
        "markdown": lambda: render_markdown(summary),
        "json": lambda: json.dumps(summary_to_json(summary), ensure_ascii=False),
        "csv": lambda: to_csv(summary_rows(summary), io.StringIO()),
    }
    for name, make in outputs.items():
        seconds, _ = timed(make)
        print(f"  {name}: {seconds:.3f} s")
    seconds, page = timed(lambda: render_html(summary, tables, findings))
    size = len(page.encode("utf-8"))
    print(f"HTML page: {seconds:.3f} s, {size:,} bytes ({size / 1024 / 1024:.1f} MiB)")


if __name__ == "__main__":
    main()
