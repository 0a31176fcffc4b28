"""Benchmarks: what scoring, loading, parsing and auditing cost, against a bare-Decimal floor.

    python benchmarks/run.py                  # N = 1,000 / 10,000 / 100,000 tables
    python benchmarks/run.py --sizes 1000     # a quick run

Synthetic tables of realistic size (8–20 indicators, mixed rules) are generated from a
fixed seed. Every measure runs on one core, in this process; the timed measures keep the
fastest of ``--repeat`` runs (3), the parsing measures run once. The floor is the same
formulas (funds score, positive and reverse ratio rules, caps, half-up rounding, the
total) written as a bare Decimal loop over tuples; each result is reported as a ratio to
it. Measured: scoring (score_table and the total), scoring with every row's explanation
read, load + score (JSON documents), auditing, parsing the printed target and actual
strings (with the per-process cache of readings emptied first; again, every string
seen before; and with no cache at all),
and peak memory (tracemalloc) while every scorecard is kept with its total read,
unexplained and explained.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import random
import time
import tracemalloc
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from typing import Any

from perfeval import FundBlock, FundRow, Indicator, parse_target
from perfeval.audit import audit
from perfeval.document import dump_table, loads
from perfeval.table import Table, score_table
from perfeval.targets import _read_cached, _read_text

GROUPS = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "成本指标"),
          ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]  # fmt: skip
CENT = Decimal("0.01")


def synthetic(count: int, seed: int = 20231231) -> list[dict[str, Any]]:
    """Plain descriptions of *count* tables: the same data for perfeval and the floor."""
    rng = random.Random(seed)
    tables = []
    for index in range(count):
        rows = []
        n = rng.randint(8, 20)
        for _ in range(n):
            level1, level2 = rng.choice(GROUPS)
            kind = rng.random()
            target = Decimal(rng.randint(1, 5000))
            actual = (target * Decimal(rng.randint(50, 160)) / 100).quantize(CENT)
            if level2 == "成本指标":
                text, op = f"≤{target}万元", "le"
                actual_text = f"{actual}万元"
            elif kind < 0.6:
                text, op = f"≥{target}个", "ge"
                actual_text = f"{actual}个"
            elif kind < 0.8:
                text, op = f"{target}", "ge"
                actual_text = f"{actual}"
            else:
                text, op = "效果明显", "q"
                actual_text = "效果明显"
            rows.append((level1, level2, text, actual_text, op, target, actual))
        budget = Decimal(rng.randint(10, 100000)) / 100
        executed = (budget * Decimal(rng.randint(60, 110)) / 100).quantize(CENT)
        tables.append({"project": f"项目{index}", "budget": budget, "executed": executed,
                       "rows": rows, "weight": (Decimal(90) / n).quantize(CENT)})  # fmt: skip
    return tables


def build(description: dict[str, Any]) -> Table:
    weight = description["weight"]
    return Table(
        project=description["project"],
        year=2023,
        funds=FundBlock(
            total=FundRow(
                source="total",
                annual_budget=description["budget"],
                executed=description["executed"],
            )
        ),
        indicators=[
            Indicator(
                name=f"指标{i}",
                level1=l1,
                level2=l2,
                target=text,
                actual=actual,
                weight=weight,
                score=weight if op == "q" else None,
            )
            for i, (l1, l2, text, actual, op, _, _) in enumerate(description["rows"])
        ],
    )


def floor(descriptions: list[dict[str, Any]]) -> list[Decimal]:
    """The same formulas as a bare Decimal loop over tuples."""
    context = Context(prec=34, rounding=ROUND_HALF_UP)
    totals = []
    with localcontext(context):
        for d in descriptions:
            weight = d["weight"]
            rate = d["executed"] / d["budget"]
            funds = min(Decimal(10) * rate, Decimal(10)).quantize(CENT)
            total = funds
            for *_, op, target, actual in d["rows"]:
                if op == "q":
                    score = weight
                elif op == "ge":
                    score = (
                        weight if actual >= target else (weight * actual / target).quantize(CENT)
                    )
                else:
                    score = (
                        weight if actual <= target else (weight * target / actual).quantize(CENT)
                    )
                total += score
            totals.append(total)
    return totals


def timed(run: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """The fastest of *repeat* runs (other work on the machine only ever slows a run
    down), and the last run's result."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def _peak(run: Callable[[], Any]) -> int:
    gc.collect()
    tracemalloc.start()
    kept = run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kept
    return peak


def _totalled(table: Table) -> Any:
    card = score_table(table)
    card.total  # noqa: B018 - a scorecard in use: its total read
    return card


def _explained(table: Table) -> Any:
    card = _totalled(table)
    card.indicators  # noqa: B018 - reading the rows explains them
    return card


def measure(count: int, repeat: int = 3) -> dict[str, Any]:
    descriptions = synthetic(count)
    rows = sum(len(d["rows"]) for d in descriptions)
    tables = [build(d) for d in descriptions]
    documents = [json.dumps(dump_table(t), ensure_ascii=False) for t in tables]
    texts = [row[2] for d in descriptions for row in d["rows"]] + [
        row[3] for d in descriptions for row in d["rows"]
    ]
    floor_s, floor_totals = timed(lambda: floor(descriptions), repeat)
    score_s, totals = timed(lambda: [score_table(t).total for t in tables], repeat)
    assert totals == floor_totals, "perfeval and the floor disagree"
    explained_s, _ = timed(lambda: [_explained(t).total for t in tables], repeat)
    load_s, _ = timed(lambda: [score_table(loads(doc)).total for doc in documents], repeat)
    _read_cached.cache_clear()  # parse as a fresh process would: repeats within the mix hit
    parse_s, _ = timed(lambda: [parse_target(text) for text in texts])
    seen_s, _ = timed(lambda: [parse_target(text) for text in texts])  # every one seen before
    grammar_s, _ = timed(lambda: [_read_text(text, year=None, target=True) for text in texts])
    audit_s, _ = timed(lambda: [audit(t) for t in tables], repeat)
    peak = _peak(lambda: [_totalled(t) for t in tables])
    peak_explained = _peak(lambda: [_explained(t) for t in tables])
    return {
        "tables": count,
        "rows": rows,
        "floor_s": floor_s,
        "score_s": score_s,
        "explained_s": explained_s,
        "load_s": load_s,
        "parse_s": parse_s,
        "seen_s": seen_s,
        "grammar_s": grammar_s,
        "parse_n": len(texts),
        "audit_s": audit_s,
        "peak_bytes": peak,
        "peak_explained_bytes": peak_explained,
    }


def report(results: list[dict[str, Any]]) -> str:
    lines = [
        f"machine: {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.system()}; one core",
        "",
        "| tables | rows | score rows/s | × floor | explained × floor | load+score tables/s "
        "| × floor | audit tables/s | × floor | parse strings/s | seen strings/s "
        "| grammar strings/s "
        "| KiB/row | explained KiB/row |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        floor_s = r["floor_s"]
        lines.append(
            f"| {r['tables']:,} | {r['rows']:,} | {r['rows'] / r['score_s']:,.0f} "
            f"| {r['score_s'] / floor_s:.1f} | {r['explained_s'] / floor_s:.1f} "
            f"| {r['tables'] / r['load_s']:,.0f} | {r['load_s'] / floor_s:.1f} "
            f"| {r['tables'] / r['audit_s']:,.0f} | {r['audit_s'] / floor_s:.1f} "
            f"| {r['parse_n'] / r['parse_s']:,.0f} | {r['parse_n'] / r['seen_s']:,.0f} "
            f"| {r['parse_n'] / r['grammar_s']:,.0f} "
            f"| {r['peak_bytes'] / r['rows'] / 1024:.2f} "
            f"| {r['peak_explained_bytes'] / r['rows'] / 1024:.2f} |"
        )
    first, last = results[0], results[-1]
    if len(results) > 1:
        lines.append("")
        scale = last["rows"] / first["rows"]
        for key, name in (("score_s", "score"), ("explained_s", "explained"),
                          ("load_s", "load+score"), ("audit_s", "audit")):  # fmt: skip
            growth = (last[key] / first[key]) / scale
            lines.append(
                f"{name}: cost per row, {last['tables']:,} vs {first['tables']:,} tables: "
                f"{growth:.2f}× (1.00 = linear)"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--json", action="store_true", help="print the measures as JSON")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each timed measure; the fastest is kept"
    )
    args = parser.parse_args()
    results = []
    for size in args.sizes:
        results.append(measure(size, args.repeat))
        if not args.json:
            print(f"done: {size:,} tables", flush=True)
    print(json.dumps(results) if args.json else report(results))


if __name__ == "__main__":
    main()
