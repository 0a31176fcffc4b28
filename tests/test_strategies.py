"""perfeval.testing.strategies: the Hypothesis strategies are valid by construction."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfeval import Rule, score_indicator
from perfeval.testing import check_audit_clean, check_catches_fault, perfeval_auditor
from perfeval.testing import strategies as pst


@given(pst.tables())
def test_generated_tables_have_weights_adding_to_100(table):
    weights = [row.weight for row in table.indicators]
    assert sum(weights) + table.funds.weight == 100
    assert table.funds.discrepancies() == ()


@given(pst.printed_tables())
def test_printed_tables_audit_clean(table):
    check_audit_clean(perfeval_auditor(), table)


@pytest.mark.parametrize("fault", pst.FAULTS)
@given(data=st.data())
def test_faulty_tables_are_caught_where_planted(fault, data):
    table, where = data.draw(pst.faulty_tables(fault=fault))
    check_catches_fault(perfeval_auditor(), table, fault, where)


@given(pst.target_texts())
def test_target_texts_parse(text):
    from perfeval.targets import parse_target

    assert parse_target(text, year=2023).kind != "unreadable"


@given(pst.policies())
def test_generated_policies_are_valid(policy):
    assert policy.qualitative_partly_floor <= policy.qualitative_met_floor


def test_every_rule_is_generated():
    """The strategies reach every computed rule the laws are checked on."""
    seen = set()

    @given(pst.indicators())
    def collect(indicator):
        seen.add(score_indicator(indicator).rule)

    collect()
    assert {Rule.POSITIVE, Rule.REVERSE, Rule.QUALITATIVE, Rule.DEADLINE} <= seen
