"""Batch scoring: lazy, and across processes with results identical to the sequential run."""

from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfeval import MOF_2020, InvalidNumberError
from perfeval.batch import audit_many, score_many
from perfeval.seed import seed_tables
from perfeval.table import score_table
from perfeval.testing import strategies as pst


def test_score_many_is_lazy():
    consumed = []

    def tables():
        for table in seed_tables():
            consumed.append(table.project)
            yield table

    results = score_many(tables())
    assert consumed == []
    first = next(results)
    assert consumed == ["专项业务（工作）经费"]
    assert first == score_table(seed_tables()[0])


@settings(max_examples=3)
@given(st.lists(pst.tables(max_indicators=6), min_size=1, max_size=12))
def test_processes_give_the_sequential_results_in_order(tables):
    sequential = list(score_many(tables))
    parallel = list(score_many(tables, workers=2, chunk_size=5))
    assert parallel == sequential


def test_audit_many_across_processes():
    tables = seed_tables() * 3
    assert list(audit_many(tables, workers=2, chunk_size=2)) == list(audit_many(tables))


def test_policy_settings_accept_text_and_ints_but_not_floats():
    assert attrs.evolve(MOF_2020, funds_weight=20).funds_weight == Decimal(20)
    assert attrs.evolve(MOF_2020, tolerance="0.5").tolerance == Decimal("0.5")
    with pytest.raises(InvalidNumberError):
        attrs.evolve(MOF_2020, tolerance=0.5)
