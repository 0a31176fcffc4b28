"""Scoring many tables: lazily, or across processes with identical results.

>>> from perfeval.seed import seed_tables
>>> [str(card.total) for card in score_many(seed_tables())]
['90.00', '98.00', '98.63']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from itertools import islice

from perfeval.audit import AuditReport, audit
from perfeval.policy import MOF_2020, Policy
from perfeval.table import Scorecard, Table, score_table

__all__ = ["audit_many", "score_many"]


def _chunks(tables: Iterable[Table], size: int) -> Iterator[list[Table]]:
    iterator = iter(tables)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _score_chunk(chunk: list[Table], policy: Policy) -> list[Scorecard]:
    return [score_table(table, policy) for table in chunk]


def _audit_chunk(chunk: list[Table], policy: Policy) -> list[AuditReport]:
    return [audit(table, policy) for table in chunk]


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
    if workers == 0:
        for table in tables:
            yield score_table(table, policy)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for chunk in pool.map(partial(_score_chunk, policy=policy), _chunks(tables, chunk_size)):
            yield from chunk


def audit_many(
    tables: Iterable[Table],
    policy: Policy = MOF_2020,
    *,
    workers: int | None = 0,
    chunk_size: int = 500,
) -> Iterator[AuditReport]:
    """Audit *tables* in order, lazily; *workers* as for :func:`score_many`."""
    if workers == 0:
        for table in tables:
            yield audit(table, policy)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for chunk in pool.map(partial(_audit_chunk, policy=policy), _chunks(tables, chunk_size)):
            yield from chunk
