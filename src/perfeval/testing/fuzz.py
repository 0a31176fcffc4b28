"""Fuzzing: random, mutated and hostile input into every entry point; only perfeval's own
errors may escape, within a time bound per input.

Run ``python -m perfeval.testing.fuzz --count 100000 --workers 4`` (``--entry NAME`` for
one entry point, ``--seed`` to vary, ``--timeout`` for the hang bound). Each entry point
gets *count* inputs: mutations of real printed cells, of the seed documents (JSON and
TOML), of document objects, of the .xlsx workbooks perfeval writes and of serialized
objects, plus hostile shapes (deep nesting, huge exponents, long digit runs). Input *i*
of an entry point is drawn from its own random generator (seed, entry point, *i*), so any
input can be drawn again with :func:`replay`.

Inputs run in batches in worker processes. A worker that stays on one input longer than
*timeout* seconds is killed and the input reported as a hang; the rest of its batch goes to
a fresh worker. An input that raises anything but a
:class:`~perfeval.errors.PerfevalError` is a *foreign exception*: the first few are printed
with their traceback (and saved with ``--save DIR``). The report gives, per entry point,
the inputs tried, foreign exceptions, hangs and the peak memory (maximum resident set size)
of its workers. The exit code is 1 when there was a foreign exception or a hang.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import json
import multiprocessing
import os
import queue
import random
import resource
import sys
import time
import traceback
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, Literal

import attrs

from perfeval.audit import audit
from perfeval.errors import PerfevalError
from perfeval.seed import SEED_NAMES, seed_document, seed_tables

__all__ = ["ENTRY_POINTS", "FuzzResult", "fuzz", "main", "replay"]

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
#: Hostile fragments: huge exponents and digit runs, deep nesting, odd digits, surrogates.
_HOSTILE = (
    "1e400000000", "1e999999999999999999", "9" * 5000, "[" * 3000, "{\"a\":" * 3000, "፩",
    "²⁰²³", "\ud800", "\x00", "1E-13", "-0", "1e-400000", "0." + "0" * 400 + "1",
)  # fmt: skip


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
        elif op < 0.88:
            chars.insert(position, rng.choice("0.9") * rng.randint(1, 30))
        elif op < 0.97:
            chars.insert(position, chr(rng.randint(0x20, 0x2FFF)))
        else:
            chars.insert(position, rng.choice(_HOSTILE))
    return "".join(chars)


def _text(rng: random.Random) -> str:
    choice = rng.random()
    if choice < 0.7:
        return _mutate(rng.choice(_CELLS), rng)
    if choice < 0.9:
        return "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 16)))
    if choice < 0.97:
        return "".join(chr(rng.randint(0, 0x10FFFF) % 0xD800) for _ in range(rng.randint(0, 8)))
    return rng.choice(_HOSTILE)


_ODD_VALUES: tuple[Any, ...] = (
    None, "", "/", "——", "无", "abc", "-1", "1e999", "1E+400", "NaN", "Infinity", 0, -5,
    10**30, True, 1.5, [], {}, [1], {"a": 1}, "８６．３２％", "１,２３４", "0.000000001",
    "፩", "²⁰²³", "9" * 5000, 10**5000, "\ud800", {"direction": "定性", "value": "无"},
    {"direction": "x", "value": "5"},
)  # fmt: skip


def _paths(node: Any) -> list[tuple[Any, ...]]:
    """Every path into *node*, without recursion (a mutated document may be deep)."""
    found: list[tuple[Any, ...]] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(node, ())]
    while stack:
        value, prefix = stack.pop()
        found.append(prefix)
        if isinstance(value, dict):
            stack.extend((item, (*prefix, key)) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, (*prefix, index)) for index, item in enumerate(value))
    return found


def _nested(rng: random.Random) -> Any:
    value: Any = "x"
    for _ in range(rng.choice((40, 400, 4000))):
        value = [value] if rng.random() < 0.5 else {"a": value}
    return value


def _mutated_document(base: dict[str, Any], rng: random.Random) -> Any:
    document = copy.deepcopy(base)
    for _ in range(rng.randint(1, 3)):
        paths = _paths(document)
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
    if rng.random() < 0.02 and isinstance(document, dict):  # last: too deep to copy or walk
        document[rng.choice([*document, "indicators"])] = _nested(rng)
    return document


def _cut(text: str, rng: random.Random) -> str:
    """*text* with a window of up to 40 characters mutated."""
    start = rng.randint(0, max(len(text) - 1, 0))
    return text[:start] + _mutate(text[start : start + 40], rng) + text[start + 40 :]


@attrs.frozen
class _Entry:
    """An entry point: how to draw an input, and how to run it."""

    draw: Callable[[random.Random], Any]
    run: Callable[[Any], None]


class _Corpus:
    """The real inputs that mutations start from, built once per process."""

    def __init__(self) -> None:
        from perfeval.document import dumps_document

        self.tables = seed_tables()
        self.json = [seed_document(name) for name in SEED_NAMES]
        self.objects = [json.loads(text) for text in self.json]
        self.toml: list[str] = []
        with contextlib.suppress(PerfevalError):  # writing TOML needs the serialization extra
            self.toml = [dumps_document(table, format="toml") for table in self.tables]
        data = Path(__file__).parent.parent / "data"
        self.monitoring = (data / "monitoring-example.json").read_text(encoding="utf-8")
        self.department = (data / "department-example.json").read_text(encoding="utf-8")
        self.serialized: list[tuple[str, str, str]] = []
        self.packages: list[bytes] = []
        with contextlib.suppress(ImportError):
            from perfeval.serialization import dumps
            from perfeval.table import score_table

            for table in self.tables:
                card = score_table(table)
                for fmt in ("json", "toml"):
                    self.serialized.append(("Table", fmt, dumps(table, format=fmt)))
                    self.serialized.append(("Scorecard", fmt, dumps(card, format=fmt)))
        with contextlib.suppress(ImportError):
            from perfeval.spreadsheet import write_workbook

            for table in self.tables:
                buffer = io.BytesIO()
                write_workbook(table, buffer)
                self.packages.append(buffer.getvalue())


def _workbook_bytes(packages: list[bytes], rng: random.Random) -> bytes:
    data = rng.choice(packages)
    if rng.random() < 0.1:  # damage the package itself
        position = rng.randrange(len(data))
        return data[:position] + bytes([rng.randrange(256)]) + data[position + 1 :]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        parts = [item.filename for item in old.infolist() if item.filename.startswith("xl/")]
        chosen = {
            "xl/worksheets/sheet1.xml",
            "xl/sharedStrings.xml",
            "xl/worksheets/sheet2.xml",
            rng.choice(parts),
        }
        for item in old.infolist():
            part = old.read(item.filename)
            if item.filename in chosen and rng.random() < 0.7:
                text = part.decode("utf-8")
                for _ in range(rng.randint(1, 3)):
                    text = _cut(text, rng) if len(text) > 12 else text
                part = text.encode("utf-8", errors="surrogatepass")
            new.writestr(item, part)
    return out.getvalue()


def _cli_input(corpus: _Corpus, rng: random.Random) -> tuple[list[str], bytes]:
    choice = rng.random()
    if choice < 0.4:
        argv = ["audit", "-", "--format", rng.choice(("text", "json", "markdown"))]
        if rng.random() < 0.3:
            argv.append("--explain")
        return argv, _cut(rng.choice(corpus.json), rng).encode("utf-8", "surrogatepass")
    if choice < 0.55 and corpus.toml:
        text = _cut(rng.choice(corpus.toml), rng)
        return ["score", "-", "--input-format", "toml"], text.encode("utf-8", "surrogatepass")
    if choice < 0.65 and corpus.serialized:
        _, fmt, text = rng.choice([item for item in corpus.serialized if item[0] == "Table"])
        argv = ["score", "-", "--format", "json", "--input-format", fmt]
        return argv, _cut(text, rng).encode("utf-8", "surrogatepass")
    if choice < 0.75:
        return ["monitor", "-"], _cut(corpus.monitoring, rng).encode("utf-8", "surrogatepass")
    if choice < 0.85:
        argv = ["department", "-", "--format", rng.choice(("text", "json"))]
        return argv, _cut(corpus.department, rng).encode("utf-8", "surrogatepass")
    if corpus.packages:
        return ["audit", "-", "--input-format", "xlsx"], _workbook_bytes(corpus.packages, rng)
    return ["score", "-"], _text(rng).encode("utf-8", "surrogatepass")


def _run_cli(given: tuple[list[str], bytes]) -> None:
    from perfeval.cli import main

    argv, data = given
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    with contextlib.redirect_stderr(io.StringIO()):
        code = main(argv, stdout=io.StringIO(), stdin=stdin)
    if code not in (0, 1, 2):
        raise AssertionError(f"exit code {code}")


def _entries(corpus: _Corpus) -> dict[str, _Entry]:
    from perfeval.document import loads, table_from_mapping
    from perfeval.targets import parse_actual, parse_target, structured_target

    def target(given: tuple[str, int | None, bool]) -> None:
        parse_target(given[0], year=given[1], strict=given[2])

    def actual(text: str) -> None:
        parse_actual(text, year=2023)

    def columns(given: tuple[str, str, str]) -> None:
        structured_target(*given, year=2023)

    def json_text(text: str) -> None:
        audit(loads(text))

    def toml_text(text: str) -> None:
        audit(loads(text, format="toml"))

    def mapping(data: Any) -> None:
        audit(table_from_mapping(data))

    entries: dict[str, _Entry] = {
        "parse_target": _Entry(
            lambda rng: (_text(rng), rng.choice([None, 2023]), rng.random() < 0.5), target
        ),
        "parse_actual": _Entry(_text, actual),
        "structured_target": _Entry(lambda rng: (_text(rng), _text(rng), _text(rng)), columns),
        "json document + audit": _Entry(lambda rng: _cut(rng.choice(corpus.json), rng), json_text),
        "table_from_mapping + audit": _Entry(
            lambda rng: _mutated_document(rng.choice(corpus.objects), rng), mapping
        ),
    }
    if corpus.toml:
        entries["toml document + audit"] = _Entry(
            lambda rng: _cut(rng.choice(corpus.toml), rng), toml_text
        )
    if corpus.packages:
        from perfeval.spreadsheet import read_workbook

        def workbook(data: bytes) -> None:
            audit(read_workbook(io.BytesIO(data)))

        entries["read_workbook + audit"] = _Entry(
            lambda rng: _workbook_bytes(corpus.packages, rng), workbook
        )
    if corpus.serialized:
        from perfeval import serialization
        from perfeval.table import Scorecard, Table

        types: dict[str, Any] = {"Table": Table, "Scorecard": Scorecard}

        def serialized(rng: random.Random) -> tuple[str, str, str]:
            kind, fmt, text = rng.choice(corpus.serialized)
            return kind, fmt, _cut(text, rng)

        def load(given: Any) -> None:
            serialization.loads(given[2], types[given[0]], format=given[1])

        entries["serialization.loads"] = _Entry(serialized, load)
    entries["cli main"] = _Entry(lambda rng: _cli_input(corpus, rng), _run_cli)
    return entries


#: The fuzzed entry points' names (TOML, .xlsx and serialization ones need their extras).
ENTRY_POINTS = (
    "parse_target",
    "parse_actual",
    "structured_target",
    "json document + audit",
    "toml document + audit",
    "table_from_mapping + audit",
    "read_workbook + audit",
    "serialization.loads",
    "cli main",
)


def _rng(seed: int, name: str, index: int) -> random.Random:
    return random.Random(f"{seed}/{name}/{index}")


@attrs.frozen
class FuzzResult:
    """What one entry point met: inputs tried, foreign exceptions, hangs, peak memory."""

    inputs: int
    foreign: int
    hangs: int
    peak_rss_mib: float
    seconds: float
    examples: tuple[str, ...] = ()
    """The first few foreign exceptions and hangs, each with its input and traceback."""


def replay(name: str, index: int, *, seed: int = 0) -> Any:
    """The input *index* of entry point *name* under *seed*, drawn again."""
    return _entries(_Corpus())[name].draw(_rng(seed, name, index))


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 2000 else text[:2000] + f"… ({len(text)} characters)"


_CORPUS: _Corpus | None = None


class _Results:
    """The workers' messages to the runner: a one-way pipe, each message sent whole under
    a lock, read with a timeout."""

    def __init__(self, context: Any) -> None:
        self._reader, self._writer = context.Pipe(duplex=False)
        self._lock = context.Lock()

    def put(self, message: tuple[Any, ...]) -> None:
        with self._lock:
            self._writer.send(message)

    def get(self, timeout: float) -> Any:
        if not self._reader.poll(timeout):
            raise queue.Empty
        return self._reader.recv()

    def close(self) -> None:
        self._reader.close()
        self._writer.close()


def _worker(tasks: Any, results: Any, progress: Any, slot: int, memory_mib: int, seed: int) -> None:
    """Run batches ``(name, start, stop)``; report each foreign exception at once."""
    if memory_mib:
        limit = memory_mib * 1024 * 1024
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    corpus = _CORPUS or _Corpus()
    entries = _entries(corpus)
    while True:
        task = tasks.get()
        if task is None:
            break
        name, start, stop = task
        entry = entries[name]
        for index in range(start, stop):
            progress[slot * 2] = index
            progress[slot * 2 + 1] = time.monotonic()
            given: Any = None
            try:
                given = entry.draw(_rng(seed, name, index))
                entry.run(given)
            except PerfevalError:
                pass
            except (Exception, SystemExit):
                results.put(
                    ("foreign", name, index, _describe(given) + "\n" + traceback.format_exc())
                )
        progress[slot * 2 + 1] = 0.0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        results.put(("done", name, start, stop, rss))


def _starter(
    context: Any, pool: dict[int, Any], queues: tuple[Any, Any, Any], memory_mib: int, seed: int
) -> Callable[[int], None]:
    def start(slot: int) -> None:
        pool[slot] = context.Process(
            target=_worker, args=(*queues, slot, memory_mib, seed), daemon=True
        )
        pool[slot].start()

    return start


def fuzz(
    count: int,
    *,
    seed: int = 0,
    workers: int = 1,
    timeout: float = 10.0,
    batch: int = 500,
    memory_mib: int = 2048,
    entries: tuple[str, ...] | None = None,
    out: IO[str] = sys.stdout,
    save: Path | None = None,
    start_method: Literal["spawn", "fork", "forkserver"] = "spawn",
) -> dict[str, FuzzResult]:
    """Run *count* inputs into each entry point (all, or those named in *entries*) across
    *workers* processes; report and return a :class:`FuzzResult` per entry point.

    Workers are spawned: this process runs a queue's feeder thread once tasks are put,
    and a worker forked while that thread holds the queue's lock waits for it for good
    (before it reports any progress, so it would not be seen as hung either).
    *start_method* ``"fork"`` is for tests that change this module in this process and
    need the workers to see the change; the first workers are then forked before any
    task is put, while no feeder thread runs."""
    global _CORPUS
    _CORPUS = _Corpus()
    available = _entries(_CORPUS)
    names = [name for name in available if entries is None or name in entries]
    context = multiprocessing.get_context(start_method)
    report: dict[str, FuzzResult] = {}
    for name in names:
        started = time.monotonic()
        tasks: Any = context.Queue()
        # Results come back through a pipe written under a lock: unlike a Queue, a put
        # starts no feeder thread in the worker, which in a worker forked from a process
        # running threads (a test runner) could wait for good to start.
        results = _Results(context)
        pending: dict[int, tuple[int, int]] = {}
        progress: Any = context.Array("d", 2 * workers, lock=False)
        for slot in range(workers):
            progress[slot * 2 + 1] = 0.0
        pool: dict[int, Any] = {}
        start_worker = _starter(context, pool, (tasks, results, progress), memory_mib, seed)
        for slot in range(workers):  # before the first task is put: see start_method
            start_worker(slot)
        for start in range(0, count, batch):
            pending[start] = (start, min(start + batch, count))
            tasks.put((name, start, min(start + batch, count)))
        foreign, hangs, tried, peak = 0, 0, 0, 0.0
        examples: list[str] = []
        while pending:
            try:
                message = results.get(timeout=0.2)
            except queue.Empty:
                message = None
            if message is not None and message[0] == "foreign":
                foreign += 1
                if len(examples) < 3:
                    examples.append(f"input {message[2]}: {message[3]}")
                    out.write(f"FOREIGN EXCEPTION in {name}, input {message[2]}:\n{message[3]}\n")
            elif message is not None:
                _, _, start, stop, rss = message
                peak = max(peak, rss)
                if pending.pop(start, None) is not None:
                    tried += stop - start
            now = time.monotonic()
            for slot, process in list(pool.items()):
                since = progress[slot * 2 + 1]
                stuck = since and now - since > timeout
                if stuck or not process.is_alive():
                    index = int(progress[slot * 2])
                    process.kill()
                    process.join()
                    if stuck or since:
                        hangs += 1 if stuck else 0
                        foreign += 0 if stuck else 1
                        what = "HANG" if stuck else "WORKER DIED"
                        text = f"{what} in {name}, input {index} (replay({name!r}, {index}))"
                        out.write(text + "\n")
                        if len(examples) < 3:
                            examples.append(text)
                        key = max(k for k in pending if k <= index)
                        begin, stop = pending.pop(key)
                        tried += index - begin + 1
                        rest = (index + 1, stop) if index + 1 < stop else None
                    else:
                        rest = None
                    progress[slot * 2 + 1] = 0.0
                    if pending or rest:
                        # the new worker starts before the rest of the batch is put: a
                        # worker forked while the queue's feeder thread writes waits for
                        # good (see start_method)
                        start_worker(slot)
                    else:
                        del pool[slot]
                    if rest is not None:
                        pending[rest[0]] = rest
                        tasks.put((name, *rest))
        for _ in pool:
            tasks.put(None)
        for process in pool.values():
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
        tasks.close()  # no feeder thread outlives the run
        tasks.join_thread()
        results.close()
        seconds = time.monotonic() - started
        result = FuzzResult(
            tried, foreign, hangs, round(peak, 1), round(seconds, 1), tuple(examples)
        )
        report[name] = result
        out.write(
            f"{name}: {tried} inputs, {foreign} foreign exceptions, {hangs} hangs, "
            f"peak RSS {result.peak_rss_mib} MiB, {result.seconds} s\n"
        )
        out.flush()
        if save is not None and examples:
            save.mkdir(parents=True, exist_ok=True)
            stem = name.replace(" ", "_").replace("+", "").replace(".", "_")
            (save / f"{stem}.txt").write_text(
                "\n\n".join(examples), encoding="utf-8", errors="backslashreplace"
            )
    return report


def main(argv: list[str] | None = None) -> int:
    """``python -m perfeval.testing.fuzz``."""
    parser = argparse.ArgumentParser(prog="python -m perfeval.testing.fuzz")
    parser.add_argument("--count", type=int, default=10_000, help="inputs per entry point")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--entry", action="append", metavar="NAME", choices=ENTRY_POINTS)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds before a hang")
    parser.add_argument("--batch", type=int, default=500, help="inputs per worker batch")
    parser.add_argument("--memory", type=int, default=2048, help="MiB each worker may map")
    parser.add_argument("--save", type=Path, metavar="DIR", help="save the first examples")
    args = parser.parse_args(argv)
    results = fuzz(
        args.count,
        seed=args.seed,
        workers=args.workers,
        timeout=args.timeout,
        batch=args.batch,
        memory_mib=args.memory,
        entries=tuple(args.entry) if args.entry else None,
        save=args.save,
    )
    return 1 if any(result.foreign or result.hangs for result in results.values()) else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
