"""Memory: indicator rows scored in pieces (score_batches) against all at once (score_rows).

    python benchmarks/stream_memory.py                   # 2,000,000 indicator rows
    python benchmarks/stream_memory.py --rows 400000     # a quick run

The rows are those of benchmarks/peers.py (``standard_rows``: text cells, one fund row a
project, 8-20 indicator rows a project), generated a block of projects at a time from
fixed seeds and given to :func:`perfeval.bulk.score_batches` as a generator of pieces of
``--piece`` rows (100,000), cut wherever the count falls, so that projects run across
pieces. The fund rows are built before measuring (the caller holds them, whole). Each
result is read (its row count) and dropped, as a writer appending record batches does.

:func:`perfeval.bulk.score_rows` is given the same rows as one list built before
measuring (what the call adds on top of its input), at a quarter and a half of
``--rows``; the input list itself is measured apart. Peaks are ``tracemalloc``'s,
reset before each call; "per million" is the growth between the two sizes, scaled to a
million indicator rows.
"""

from __future__ import annotations

import argparse
import gc
import platform
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from peers import standard_rows

from perfeval.bulk import score_batches, score_rows

#: Projects generated at once (about 7,000 indicator rows: the generator holds little).
BLOCK = 500
MIB = 2**20


def blocks(rows: int) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """Fund and indicator rows of BLOCK projects at a time, until *rows* indicator rows;
    each block from its own seed, its codes prefixed with its number (all distinct)."""
    made = 0
    number = 0
    while made < rows:
        funds, indicators = standard_rows(BLOCK, seed=20231231 + number)
        prefix = f"B{number:04d}"
        for row in funds:
            row["PRO_CODE"] = prefix + row["PRO_CODE"]
        indicators = indicators[: rows - made]
        for row in indicators:
            row["PRO_CODE"] = prefix + row["PRO_CODE"]
        codes = {row["PRO_CODE"] for row in indicators}
        yield [row for row in funds if row["PRO_CODE"] in codes], indicators
        made += len(indicators)
        number += 1


def fund_rows(rows: int) -> list[dict[str, Any]]:
    return [row for funds, _ in blocks(rows) for row in funds]


def all_rows(rows: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The fund and indicator rows as two lists (the input of score_rows)."""
    funds: list[dict[str, Any]] = []
    indicators: list[dict[str, Any]] = []
    for block_funds, block_indicators in blocks(rows):
        funds += block_funds
        indicators += block_indicators
    return funds, indicators


def pieces(rows: int, size: int) -> Iterator[list[dict[str, Any]]]:
    """The indicator rows in pieces of *size* rows (the last one shorter)."""
    piece: list[dict[str, Any]] = []
    for _, indicators in blocks(rows):
        for row in indicators:
            piece.append(row)
            if len(piece) == size:
                yield piece
                piece = []
    if piece:
        yield piece


def peak(run: Any) -> tuple[int, Any]:
    """The peak of traced memory while *run* runs, above what was traced before it."""
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    answer = run()
    high = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    return high, answer


def streamed(rows: int, size: int, funds: list[dict[str, Any]]) -> int:
    count = 0
    for result in score_batches(pieces(rows, size), funds):
        count += result.indicators.num_rows
    return count


def whole(funds: list[dict[str, Any]], indicators: list[dict[str, Any]]) -> int:
    return int(score_rows(funds, indicators).indicators.num_rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--piece", type=int, default=100_000)
    args = parser.parse_args()
    print(f"{platform.machine()}, CPython {platform.python_version()}, {platform.system()}")
    print("| call | indicator rows | peak MiB |")
    print("|---|---:|---:|")
    found: dict[str, list[tuple[int, int]]] = {"score_batches": [], "score_rows": []}
    for rows in (args.rows // 2, args.rows):
        funds = fund_rows(rows)
        high, count = peak(lambda rows=rows, funds=funds: streamed(rows, args.piece, funds))
        assert count == rows, (count, rows)
        found["score_batches"].append((rows, high))
        print(f"| score_batches, pieces of {args.piece:,} | {rows:,} | {high / MIB:,.0f} |")
        del funds
    inputs = []
    for rows in (args.rows // 4, args.rows // 2):
        made, (funds, indicators) = peak(lambda rows=rows: all_rows(rows))
        high, count = peak(lambda funds=funds, indicators=indicators: whole(funds, indicators))
        assert count == rows
        found["score_rows"].append((rows, high))
        inputs.append((rows, made))
        print(f"| score_rows, one list | {rows:,} | {high / MIB:,.0f} |")
        del funds, indicators
    print(f"| (the input list of score_rows itself) | {inputs[-1][0]:,} | "
          f"{inputs[-1][1] / MIB:,.0f} |")  # fmt: skip
    print()
    for name, ((small, low), (large, high)) in found.items():
        per = (high - low) / MIB / ((large - small) / 1e6)
        print(f"{name}: {per:,.0f} MiB per million indicator rows above {low / MIB:,.0f} MiB "
              f"at {small:,} rows")  # fmt: skip
    (small, low), (large, high) = inputs
    per = (high - low) / MIB / ((large - small) / 1e6)
    print(f"the input list of score_rows: {per:,.0f} MiB per million indicator rows")


if __name__ == "__main__":
    main()
