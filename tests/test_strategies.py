"""perfeval.testing.strategies: the Hypothesis strategies are valid by construction, under
any policy, and reach the hard cases."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfeval import POLICIES, Rule, score_indicator
from perfeval.audit import audit
from perfeval.testing import check_audit_clean, check_catches_fault, perfeval_auditor
from perfeval.testing import strategies as pst

#: Tables take a while to draw on a busy machine: that is not a failure.
SLOW = [HealthCheck.too_slow]
every_policy = st.sampled_from(list(POLICIES.values())) | pst.policies()


@settings(suppress_health_check=SLOW)
@given(pst.tables())
def test_generated_tables_have_weights_adding_to_100(table):
    weights = [row.weight for row in table.indicators]
    assert None not in weights
    assert sum(weights) + (table.funds.weight or 10) == 100
    assert table.funds.discrepancies() == ()


@settings(max_examples=60, deadline=None, suppress_health_check=SLOW)
@given(st.data())
def test_printed_tables_audit_clean_under_their_policy(data):
    policy = data.draw(every_policy)
    table = data.draw(pst.printed_tables(policy=policy))
    check_audit_clean(perfeval_auditor(policy), table)


@pytest.mark.parametrize("fault", pst.FAULTS)
@settings(max_examples=25, deadline=None, suppress_health_check=SLOW)
@given(data=st.data())
def test_faulty_tables_are_caught_where_planted(fault, data):
    # under indicator_points the audit leaves level-1 weights alone (see test_verify.py)
    policies = [p for p in POLICIES.values() if fault != "weights-mismatch" or
                p.indicator_points is None]  # fmt: skip
    policy = data.draw(st.sampled_from(policies))
    table, where = data.draw(pst.faulty_tables(fault=fault, policy=policy))
    check_catches_fault(perfeval_auditor(policy), table, fault, where)


@given(pst.target_texts())
def test_target_texts_parse(text):
    from perfeval.targets import parse_target

    assert parse_target(text, year=2023).kind != "unreadable"


@given(pst.policies())
def test_generated_policies_are_valid(policy):
    assert policy.qualitative_partly_floor <= policy.qualitative_met_floor
    assert (policy.funds_weight is None) == (policy.indicator_points is None)


def test_generated_policies_vary_every_setting():
    """Grade scales, funds weights, indicator points and formulas of a policy's own all
    come up, not only the national values."""
    seen: dict[str, set[object]] = {}

    @settings(max_examples=150, database=None, derandomize=True)
    @given(pst.policies())
    def collect(policy):
        for name in ("funds_weight", "indicator_points", "reverse_form", "grades",
                     "rescale_not_applicable", "default_funds_weight"):  # fmt: skip
            seen.setdefault(name, set()).add(getattr(policy, name))

    collect()
    assert all(len(values) > 1 for values in seen.values()), seen
    assert "floored" in seen["reverse_form"]
    assert len(seen["grades"]) > 2


def test_every_rule_is_generated():
    """The strategies reach every computed rule the laws are checked on."""
    seen = set()

    @settings(
        max_examples=200, database=None, derandomize=True, deadline=None, suppress_health_check=SLOW
    )
    @given(pst.indicators(kinds=pst.KINDS))
    def collect(indicator):
        seen.add(score_indicator(indicator, year=2023).rule)

    collect()
    assert {Rule.POSITIVE, Rule.REVERSE, Rule.EQUAL, Rule.QUALITATIVE, Rule.DEADLINE,
            Rule.JUDGED, Rule.NOT_APPLICABLE} <= seen  # fmt: skip


def test_tables_reach_the_hard_cases():
    """Over a modest run, tables hold 无 rows, over-budget funds, half-cent funds scores,
    actuals in another unit, and totals exactly on a grade boundary."""
    from perfeval.testing.frequencies import table_cases

    seen: set[str] = set()

    @settings(
        max_examples=150, database=None, derandomize=True, deadline=None, suppress_health_check=SLOW
    )
    @given(pst.tables())
    def collect(table):
        seen.update(table_cases(table))

    collect()
    wanted = {"not-applicable row", "over-budget funds", "half-cent funds score",
              "actual in another unit", "total on a grade boundary"}  # fmt: skip
    assert wanted <= seen, wanted - seen


@given(pst.totals(policy="mof-2020"))
def test_totals_lie_between_0_and_100_and_a_bit(total):
    assert Decimal("-0.01") <= total <= Decimal("100.01")


def test_audit_of_a_printed_table_under_a_policy_of_its_own():
    @settings(
        max_examples=10, database=None, derandomize=True, deadline=None, suppress_health_check=SLOW
    )
    @given(pst.policies().flatmap(lambda p: st.tuples(st.just(p), pst.printed_tables(policy=p))))
    def law(pair):
        policy, table = pair
        assert not [f for f in audit(table, policy).findings if f.severity.value == "error"]

    law()


@given(st.integers(0, 10**8 - 1) | st.decimals(min_value=0, max_value=10**6, places=2))
def test_chinese_numerals_read_back_as_the_number(number):
    from perfeval.targets import parse_target

    numeral = pst.chinese_numeral(Decimal(number))
    assert numeral is not None
    reading = parse_target(f"{numeral}个")
    assert reading.kind == "comparison"
    assert reading.value * reading.unit.factor == Decimal(number)


def test_chinese_numerals_are_written_as_clerks_write_them():
    assert [pst.chinese_numeral(n) for n in (15, 105, 1010, 10015, 20000)] == [
        "十五", "一百零五", "一千零一十", "一万零一十五", "二万"]  # fmt: skip
    assert pst.chinese_numeral(Decimal("3.5")) == "三点五"
    assert pst.chinese_numeral(2000, two=True) == "两千"
    assert pst.chinese_numeral(10**8) is None


@settings(max_examples=60, database=None)
@given(pst.invalid_settings(policy="mof-2020"))
def test_invalid_settings_are_refused_with_perfeval_errors(invalid):
    from perfeval.errors import PerfevalError

    with pytest.raises(PerfevalError) as raised:
        invalid.build()
    assert invalid.field in raised.value.field


def test_reprints_and_columns_come_in_every_way():
    """Full-width, spaced, Chinese numerals, 百分之, thousands separators and worded
    operators all come up, and split columns include 定性 with a number."""
    seen: set[str] = set()

    @settings(
        max_examples=200, database=None, derandomize=True, deadline=None, suppress_health_check=SLOW
    )
    @given(pst.reprinted_cells(), pst.target_columns())
    def collect(cell, columns):
        printed = cell[1]
        direction, value = columns[0] or "", columns[1] or ""
        ways = {
            "full-width": any("０" <= ch <= "９" for ch in printed),
            "spaced": " " in printed.strip(),
            "chinese": any(ch in "十百千万一二五" for ch in printed),
            "percent words": "百分之" in printed,
            "grouped": "," in printed,
            "worded": printed[:2] in ("不低", "不少", "大于", "不高", "不超", "小于"),
            "qualitative number": direction.startswith("定性") and "%" in value,
        }
        seen.update(way for way, found in ways.items() if found)

    collect()
    assert seen == {"full-width", "spaced", "chinese", "percent words", "grouped", "worded",
                    "qualitative number"}  # fmt: skip
