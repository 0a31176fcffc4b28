"""perfeval.testing.verify: one call catches every deliberately wrong scorer, the laws
alone most of them, and a scorer written from the rules passes."""

import functools

import pytest

import _wrong_scorers as wrong
from perfeval import MOF_2020, POLICIES, Indicator
from perfeval.errors import InvalidTypeError
from perfeval.testing import (
    LAWS,
    VerificationError,
    perfeval_funds_scorer,
    perfeval_scorer,
    verify,
)

METHODS = {
    "indicator": "score_indicator",
    "funds": "score_funds",
    "table": "score_table",
    "grader": "grade",
    "table_grader": "grade_table",
    "auditor": "audit",
    "reader": "read",
    "explainer": "explain_indicator",
    "funds_explainer": "explain_funds",
    "column_reader": "read_columns",
}
DIFFERENTIAL = [law.name for law in LAWS if not law.oracle_free]
QUICK = {"max_examples": 200, "shrink": False, "fail_fast": True, "raise_on_failure": False}


def parts_of(scorer: object, names) -> dict:
    return {name: getattr(scorer, METHODS[name]) for name in names if name != "policy"}


@functools.cache
def caught(kind: type) -> str:
    """How one call catches a wrong scorer: by an oracle-free law, by the differential
    check, or not at all."""
    scorer = kind()
    parts = parts_of(scorer, kind.parts)
    mine = [law.name for law in LAWS if law.part in kind.parts]  # where the bug lives
    if not verify(policy=kind.policy, **parts, only=mine, differential=False, **QUICK).ok:
        return "oracle-free"
    if not verify(policy=kind.policy, **parts, only=DIFFERENTIAL, **QUICK).ok:
        return "differential"
    return "missed"


def test_there_are_at_least_30_wrong_scorers():
    assert len(wrong.WRONG) >= 30
    assert len({kind.__doc__ for kind in wrong.WRONG}) == len(wrong.WRONG)


@pytest.mark.parametrize("kind", wrong.WRONG, ids=lambda kind: kind.__name__)
def test_one_call_catches_the_wrong_scorer(kind):
    assert caught(kind) != "missed", kind.__doc__


def test_the_oracle_free_laws_alone_catch_most_wrong_scorers():
    found = [kind for kind in wrong.WRONG if caught(kind) == "oracle-free"]
    assert len(found) >= 0.6 * len(wrong.WRONG), [k.__name__ for k in wrong.WRONG if k not in found]


def test_a_scorer_written_from_the_rules_passes_every_law_under_the_national_policy():
    report = verify(wrong.Independent(MOF_2020), policy=MOF_2020, max_examples=40)
    assert report.ok
    assert not report.skipped
    assert len(report.passed) == len(LAWS)


@pytest.mark.parametrize(
    "policy",
    [*(p for p in POLICIES.values() if p.id != "mof-2020"),
     wrong.PROVINCE, wrong.STRICT, wrong.SYMMETRIC],
    ids=lambda policy: policy.id,
)  # fmt: skip
def test_a_scorer_written_from_the_rules_passes_every_law_under_other_policies(policy):
    report = verify(wrong.Independent(policy), policy=policy, max_examples=12)
    assert report.ok
    assert len(report.passed) == len(LAWS)


def test_a_scorer_written_from_the_rules_passes_under_20_80_except_the_audit():
    policy = POLICIES["mof-2020-20-80"]
    names = [law.name for law in LAWS if law.part != "auditor"]
    report = verify(wrong.Independent(policy), policy=policy, max_examples=20, only=names)
    assert report.ok


def test_the_audit_under_20_80_reports_a_declared_level1_weight_its_rows_miss():
    from perfeval import Table
    from perfeval.audit import audit
    from perfeval.funds import FundBlock, FundRow

    rows = [
        Indicator(name="a", level1="产出指标", level2="数量指标", target="≥1", actual="1",
                  weight=40, score=40),
        Indicator(name="b", level1="效益指标", level2="经济效益指标", target="≥1", actual="1",
                  weight=30, score=30),
        Indicator(name="c", level1="满意度指标", level2="服务对象满意度指标", target="≥1",
                  actual="1", weight=10, score=10),
    ]  # fmt: skip
    table = Table(
        project="x", year=2023, indicators=rows,
        funds=FundBlock(weight=20, total=FundRow(source="total", annual_budget=1, executed=1)),
        level1_weights={"产出指标": 45, "效益指标": 30, "满意度指标": 10},
    )  # fmt: skip
    codes = [f.code for f in audit(table, POLICIES["mof-2020-20-80"]).findings]
    assert "weights-mismatch" in codes


def test_a_failure_names_the_law_and_its_minimal_example():
    with pytest.raises(VerificationError) as raised:
        verify(indicator=wrong.InvertedReverse().score_indicator, max_examples=30,
               fail_fast=True)  # fmt: skip
    report = raised.value.report
    assert not report.ok
    failure = report.failures[0]
    assert failure.law in report.failed
    assert "target" in failure.example
    assert failure.law in str(raised.value)


def test_the_report_runs_every_failed_law_unless_told_to_stop():
    scorer = wrong.HalfEvenRounding()
    full = verify(indicator=scorer.score_indicator, max_examples=150, shrink=False,
                  raise_on_failure=False)  # fmt: skip
    assert {"row missed by the formula", "agrees with perfeval: rows"} <= set(full.failed)
    assert "half" in next(f.message for f in full.failures if "formula" in f.law)


def test_a_scorer_that_raises_breaks_the_law():
    def crashes(row):
        raise ZeroDivisionError("division by zero")

    report = verify(indicator=crashes, max_examples=5, raise_on_failure=False, fail_fast=True)
    assert "ZeroDivisionError" in report.failures[0].message


def test_a_scorer_object_gives_its_parts_by_method_name():
    report = verify(wrong.Perfeval(), max_examples=10, only=["grade bands", "funds score"])
    assert report.passed == ("funds score", "grade bands")


def test_a_bare_function_is_an_indicator_scorer_and_may_ignore_the_year():
    report = verify(lambda row: perfeval_scorer()(row, year=2023), max_examples=10,
                    only=["row within weight"])  # fmt: skip
    assert report.passed == ("row within weight",)


def test_nothing_to_verify_is_refused():
    with pytest.raises(InvalidTypeError, match="nothing to verify"):
        verify(policy=MOF_2020)


def test_the_declared_policy_is_the_one_held_to():
    """perfeval's funds scorer under the national policy is wrong for a policy that does
    not cap: the laws follow the declared policy, not perfeval's default."""
    report = verify(funds=perfeval_funds_scorer("mof-2020"), policy="mof-2020-uncapped",
                    differential=False, **QUICK)  # fmt: skip
    assert report.failed == ("funds score",)
