"""The embedded reference example: the 2023 self-evaluation report of 湖南省怀化市政府驻北京联络处.

Its three tables (附件2-1 专项业务（工作）经费, 2-2 维权维稳（工作）经费, 2-3 工作经费)
ship as documents in ``perfeval/data/seed/``. Cells lost in the source are left blank and
each table's ``notes`` say so.

>>> [table.project for table in seed_tables()]
['专项业务（工作）经费', '维权维稳（工作）经费', '工作经费']
"""

from __future__ import annotations

from importlib.resources import files

from perfeval.document import loads
from perfeval.table import Table

__all__ = ["SEED_NAMES", "seed_document", "seed_tables"]

#: The annex numbers of the seed tables, in report order.
SEED_NAMES = ("2-1", "2-2", "2-3")


def seed_document(name: str) -> str:
    """The JSON text of seed table *name* (``"2-1"``, ``"2-2"`` or ``"2-3"``)."""
    if name not in SEED_NAMES:
        raise ValueError(f"unknown seed table {name!r}; use one of {SEED_NAMES}")
    return files("perfeval.data").joinpath("seed", f"{name}.json").read_text(encoding="utf-8")


def seed_tables() -> list[Table]:
    """The three seed tables, in report order."""
    return [loads(seed_document(name)) for name in SEED_NAMES]
