"""Scoring many tables: lazily, or across processes with identical results.

>>> from perfeval.seed import seed_tables
>>> [str(card.total) for card in score_many(seed_tables())]
['90.00', '98.00', '98.63']

For batches of files (folders, globs, errors collected beside results, progress, workers
that receive paths), see :mod:`perfeval.files`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from itertools import islice
from typing import TypeVar

from perfeval.audit import AuditReport, audit
from perfeval.policy import MOF_2020, Policy
from perfeval.table import Scorecard, Table, score_table

__all__ = ["audit_many", "score_many"]

T = TypeVar("T")


def _chunks(tables: Iterable[Table], size: int) -> Iterator[list[Table]]:
    iterator = iter(tables)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _run_chunk(chunk: list[Table], work: Callable[[Table, Policy], T], policy: Policy) -> list[T]:
    return [work(table, policy) for table in chunk]


def _run(
    work: Callable[[Table, Policy], T],
    tables: Iterable[Table],
    policy: Policy,
    workers: int | None,
    chunk_size: int,
) -> Iterator[T]:
    if workers == 0:
        for table in tables:
            yield work(table, policy)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        run = partial(_run_chunk, work=work, policy=policy)
        for chunk in pool.map(run, _chunks(tables, chunk_size)):
            yield from chunk


def score_many(
    tables: Iterable[Table],
    policy: Policy = MOF_2020,
    *,
    workers: int | None = 0,
    chunk_size: int = 500,
) -> Iterator[Scorecard]:
    """Score *tables* in order, lazily.

    ``workers=0`` (the default) scores in this process as the iterable is consumed;
    ``workers=None`` or a number uses that many processes (``None``: one per core), sending
    *chunk_size* tables at a time. The results are the same either way, in the same order.
    """
    return _run(score_table, tables, policy, workers, chunk_size)


def audit_many(
    tables: Iterable[Table],
    policy: Policy = MOF_2020,
    *,
    workers: int | None = 0,
    chunk_size: int = 500,
) -> Iterator[AuditReport]:
    """Audit *tables* in order, lazily; *workers* as for :func:`score_many`."""
    return _run(audit, tables, policy, workers, chunk_size)
