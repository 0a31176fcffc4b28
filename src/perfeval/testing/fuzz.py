"""Fuzzing: random and mutated input into perfeval's entry points; only perfeval's own
errors may escape.

Run ``python -m perfeval.testing.fuzz --count 100000`` (``--seed`` to vary). Each entry
point gets *count* inputs: mutations of real printed cells and of the seed documents, and
random text. An input that raises anything but a :class:`~perfeval.errors.PerfevalError`
is a bug: it is printed with its traceback, and the exit code is 1.

Entry points: ``parse_target`` / ``parse_actual`` (text), ``structured_target``
(columns), the document loader on mutated JSON text, and the loader on mutated document
objects — each loaded table is then scored and audited, so the whole pipeline is fuzzed.
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import random
import sys
import time
import traceback
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

from perfeval.audit import audit
from perfeval.document import loads, table_from_mapping
from perfeval.errors import PerfevalError
from perfeval.seed import SEED_NAMES, seed_document
from perfeval.targets import parse_actual, parse_target, structured_target

__all__ = ["ENTRY_POINTS", "fuzz", "main"]

_CELLS = (
    "≥50个", "≤60万元", "200", "100%", "≥90%", "≥95%", "2023年12月之前完成", "9月前",
    "12月底前", "效果明显", "达成预期指标", "部分达成", "未达成", "不少于1,000人次",
    "10万元以内", "95%以上", "按时完成", "无", "-", "", "１２３个", "300元/人*月", "≤0.5亿元",
    "2023.12", "大于等于90%", "＞80", "1-2项", "2023-12-31前",
)  # fmt: skip
_ALPHABET = (
    "0123456789.,-+%％≥≤<>=＞＜＝年月日前底个项万元亿人次天/*· 　\t\n达成未完部分效果明显无"
    "eE∞NaN\"'{}[]:"
)


def _mutate(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        position = rng.randint(0, len(chars))
        if op < 0.4 or not chars:
            chars.insert(position, rng.choice(_ALPHABET))
        elif op < 0.7:
            del chars[min(position, len(chars) - 1)]
        elif op < 0.8:
            chars[min(position, len(chars) - 1)] = rng.choice(_ALPHABET)
        elif op < 0.9:
            chars.insert(position, rng.choice("0.9") * rng.randint(1, 30))
        else:
            chars.insert(position, chr(rng.randint(0x20, 0x2FFF)))
    return "".join(chars)


def _texts(rng: random.Random) -> Iterator[str]:
    while True:
        choice = rng.random()
        if choice < 0.7:
            yield _mutate(rng.choice(_CELLS), rng)
        elif choice < 0.9:
            yield "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 16)))
        else:
            yield "".join(chr(rng.randint(0, 0x10FFFF) % 0xD800) for _ in range(rng.randint(0, 8)))


_ODD_VALUES: tuple[Any, ...] = (
    None, "", "/", "——", "无", "abc", "-1", "1e999", "1E+400", "NaN", "Infinity", 0, -5,
    10**30, True, 1.5, [], {}, [1], {"a": 1}, "８６．３２％", "１,２３４", "0.000000001",
)  # fmt: skip


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


def _mutated_document(base: dict[str, Any], rng: random.Random) -> Any:
    document = copy.deepcopy(base)
    for _ in range(rng.randint(1, 3)):
        paths = list(_paths(document))
        path = rng.choice(paths[1:]) if len(paths) > 1 else ()
        if not path:
            return copy.deepcopy(rng.choice(_ODD_VALUES))
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        value = copy.deepcopy(rng.choice(_ODD_VALUES))  # shared values would make cycles
        if rng.random() < 0.3 and isinstance(parent[path[-1]], str):
            value = _mutate(parent[path[-1]], rng)
        if rng.random() < 0.1 and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = value
    return document


def _pipeline(table: Any) -> None:
    audit(table)


def _entry_points(rng: random.Random) -> dict[str, Callable[[], None]]:
    texts = _texts(rng)
    documents = [json.loads(seed_document(name)) for name in SEED_NAMES]
    raw = [seed_document(name) for name in SEED_NAMES]

    def target() -> None:
        parse_target(next(texts), year=rng.choice([None, 2023]), strict=rng.random() < 0.5)

    def actual() -> None:
        parse_actual(next(texts), year=2023)

    def columns() -> None:
        structured_target(next(texts), next(texts), next(texts), year=2023)

    def json_text() -> None:
        text = rng.choice(raw)
        start = rng.randint(0, len(text) - 1)
        cut = text[:start] + _mutate(text[start : start + 40], rng) + text[start + 40 :]
        _pipeline(loads(cut))

    def document_object() -> None:
        _pipeline(table_from_mapping(_mutated_document(rng.choice(documents), rng)))

    entry_points: dict[str, Callable[[], None]] = {
        "parse_target": target,
        "parse_actual": actual,
        "structured_target": columns,
        "loads (mutated JSON text) + audit": json_text,
        "table_from_mapping (mutated objects) + audit": document_object,
    }
    workbook = _workbook_entry_point(rng)
    if workbook is not None:
        entry_points["read_workbook (mutated .xlsx) + audit"] = workbook
    return entry_points


def _workbook_entry_point(rng: random.Random) -> Callable[[], None] | None:
    try:
        from perfeval.spreadsheet import read_workbook, write_workbook
    except ImportError:  # the xlsx extra is not installed
        return None
    from perfeval.seed import seed_tables

    packages = []
    for table in seed_tables():
        buffer = io.BytesIO()
        write_workbook(table, buffer)
        packages.append(buffer.getvalue())

    def mutated() -> bytes:
        data = rng.choice(packages)
        if rng.random() < 0.1:  # damage the package itself
            position = rng.randrange(len(data))
            return data[:position] + bytes([rng.randrange(256)]) + data[position + 1 :]
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
            for item in old.infolist():
                part = old.read(item.filename)
                if item.filename in ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"):
                    text = part.decode("utf-8")
                    for _ in range(rng.randint(1, 3)):
                        start = rng.randrange(len(text))
                        text = (
                            text[:start]
                            + _mutate(text[start : start + 12], rng)
                            + text[start + 12 :]
                        )
                    part = text.encode("utf-8")
                new.writestr(item, part)
        return out.getvalue()

    def workbook() -> None:
        _pipeline(read_workbook(io.BytesIO(mutated())))

    return workbook


#: The fuzzed entry points' names.
ENTRY_POINTS = tuple(_entry_points(random.Random(0)))


def fuzz(
    count: int, *, seed: int = 0, out: Any = sys.stdout, only: str | None = None
) -> dict[str, tuple[int, int]]:
    """Run *count* inputs per entry point; returns ``{name: (inputs, foreign_errors)}``."""
    rng = random.Random(seed)
    results: dict[str, tuple[int, int]] = {}
    for name, run in _entry_points(rng).items():
        if only is not None and only not in name:
            continue
        foreign = 0
        started = time.perf_counter()
        for _ in range(count):
            state = rng.getstate()
            try:
                run()
            except PerfevalError:
                pass
            except Exception:
                foreign += 1
                if foreign <= 3:
                    out.write(f"FOREIGN EXCEPTION in {name} (rng state hash {hash(state)}):\n")
                    out.write(traceback.format_exc())
        seconds = time.perf_counter() - started
        out.write(f"{name}: {count} inputs, {foreign} foreign exceptions, {seconds:.1f} s\n")
        results[name] = (count, foreign)
    return results


def main(argv: list[str] | None = None) -> int:
    """``python -m perfeval.testing.fuzz``."""
    parser = argparse.ArgumentParser(prog="python -m perfeval.testing.fuzz")
    parser.add_argument("--count", type=int, default=10_000, help="inputs per entry point")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", metavar="TEXT", help="only entry points whose name has TEXT")
    args = parser.parse_args(argv)
    results = fuzz(args.count, seed=args.seed, only=args.only)
    return 1 if any(foreign for _, foreign in results.values()) else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
