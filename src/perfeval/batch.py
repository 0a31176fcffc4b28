"""Scoring many tables: lazily, or across processes with identical results.

>>> from perfeval.seed import seed_tables
>>> [str(card.total) for card in score_many(seed_tables())]
['90.00', '98.00', '98.63']

For batches of files (folders, globs, errors collected beside results, progress, workers
that receive paths), see :mod:`perfeval.files`.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.context
import os
from collections.abc import Callable, Iterable, Iterator, Sized
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from itertools import islice
from typing import TypeVar

from perfeval._convert import whole_number
from perfeval.audit import AuditReport, audit
from perfeval.policy import Policy, resolve_policy
from perfeval.table import Scorecard, Table, policy_of, score_table

__all__ = ["audit_many", "score_many", "worker_context", "worker_count", "worker_pool"]

T = TypeVar("T")


def worker_context() -> multiprocessing.context.BaseContext:
    """How perfeval starts its worker processes: ``spawn`` on every platform. A forked
    worker copies the caller's threads' locks as they stand and can hang for good when
    the caller runs threads (a web server, a notebook kernel); a spawned one starts
    clean, receives everything it scores by as values, and gives the same results on
    Linux, Windows and macOS."""
    return multiprocessing.get_context("spawn")


def worker_count(workers: int | None, work: int | None = None) -> int:
    """How many worker processes a batch starts for *workers* (0: none, in this process;
    ``None``: one per core): never more than the cores, nor than the *work* items (chunks)
    there are, when that is known. Anything but 0, a positive whole number or ``None``
    is refused with :class:`~perfeval.errors.InvalidTypeError` naming ``workers``."""
    if workers is not None:
        workers = whole_number(workers, "workers", least=0)
    if workers == 0:
        return 0
    cores = _cores()
    count = cores if workers is None else min(workers, cores)
    return max(1, count if work is None else min(count, work))


def _cores() -> int:
    """The cores this process may run on (its CPU affinity where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


@contextlib.contextmanager
def worker_pool(count: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of *count* worker processes started by :func:`worker_context`. When the
    batch is stopped (Ctrl-C, SIGTERM through the command line, an error), the work
    not yet started is cancelled and the workers are ended at once, rather than left to
    finish their chunks or to outlive the caller."""
    pool = ProcessPoolExecutor(max_workers=count, mp_context=worker_context())
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        # terminate_workers() is Python 3.14's; before it, the pool's own processes
        stop = getattr(pool, "terminate_workers", None)
        if stop is not None:
            stop()
        else:
            for process in dict(getattr(pool, "_processes", None) or {}).values():
                process.terminate()
        raise
    else:
        pool.shutdown(wait=True)


def _chunks(
    pairs: Iterable[tuple[Table, Policy]], size: int
) -> Iterator[list[tuple[Table, Policy]]]:
    iterator = iter(pairs)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _run_chunk(chunk: list[tuple[Table, Policy]], work: Callable[[Table, Policy], T]) -> list[T]:
    return [work(table, policy) for table, policy in chunk]


def _run(
    work: Callable[[Table, Policy], T],
    tables: Iterable[Table],
    policy: Policy | str | None,
    workers: int | None,
    chunk_size: int,
) -> Iterator[T]:
    # Each table's policy is chosen here, in this process, as score_table chooses it; the
    # workers receive the policy values themselves, so a policy read from a file or
    # registered in this process scores alike in processes that never saw it.
    chunk_size = whole_number(chunk_size, "chunk_size", least=1)
    size = len(tables) if isinstance(tables, Sized) else None
    count = worker_count(workers, None if size is None else -(-size // chunk_size))
    chosen = None if policy is None else resolve_policy(policy)
    pairs = ((table, policy_of(table, chosen)) for table in tables)
    if count == 0:
        for table, used in pairs:
            yield work(table, used)
        return
    with worker_pool(count) as pool:
        run = partial(_run_chunk, work=work)
        for chunk in pool.map(run, _chunks(pairs, chunk_size)):
            yield from chunk


def score_many(
    tables: Iterable[Table],
    policy: Policy | str | None = None,
    *,
    workers: int | None = 0,
    chunk_size: int = 500,
) -> Iterator[Scorecard]:
    """Score *tables* in order, lazily.

    *policy* is chosen for each table as :func:`~perfeval.table.score_table` chooses it:
    the one given, else the table's own ``policy``, else ``mof-2020``. ``workers=0`` (the
    default) scores in this process as the iterable is consumed; ``workers=None`` or a
    number uses that many processes (``None``: one per core), sending *chunk_size* tables
    at a time with the policy each is scored by, so that any start method (``spawn`` on
    Windows and macOS, Dask, loky) gives the same results, in the same order.
    """
    return _run(score_table, tables, policy, workers, chunk_size)


def audit_many(
    tables: Iterable[Table],
    policy: Policy | str | None = None,
    *,
    workers: int | None = 0,
    chunk_size: int = 500,
) -> Iterator[AuditReport]:
    """Audit *tables* in order, lazily; *policy* and *workers* as for :func:`score_many`."""
    return _run(audit, tables, policy, workers, chunk_size)
