"""One home for every rule: the same answer through every door (regressions and laws)."""

from __future__ import annotations

import copy
import io
import json
import re
from decimal import (
    ROUND_FLOOR,
    Clamped,
    Decimal,
    DivisionByZero,
    FloatOperation,
    Inexact,
    InvalidOperation,
    Overflow,
    Rounded,
    Subnormal,
    Underflow,
    getcontext,
    localcontext,
)
from fractions import Fraction
from importlib.resources import files
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfeval import (
    CATALOGUE,
    MOF_2020,
    FundBlock,
    FundRow,
    Indicator,
    InvalidPolicyError,
    InvalidTypeError,
    PerfevalError,
    Table,
    UnknownCodeError,
    audit,
    audit_tree,
    build_report,
    monitor,
    score_indicator,
    score_table,
)
from perfeval.cli import main
from perfeval.department import Deduction, Node
from perfeval.document import department_from_mapping, monitoring_from_mapping, table_from_mapping
from perfeval.findings import Finding
from perfeval.render import render_report
from perfeval.seed import seed_tables
from perfeval.targets import Achievement, Comparison, Direction

D = Decimal
ROOT = Path(__file__).resolve().parent.parent


def run(*argv: str, stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), stdout=out, stdin=io.StringIO(stdin))
    return code, out.getvalue()


# 1. Printed-total agreement is answered once -------------------------------------------


def test_score_and_audit_agree_on_the_printed_total(document):
    """A wrong row score with a printed total equal to the computed one: both say differs."""
    document["indicators"][0]["score"] = "14"  # computed 15; the printed total stays 100
    document["total_score"] = "100"
    text = json.dumps(document, ensure_ascii=False)
    _, scored = run("score", "-", stdin=text)
    _code, audited = run("audit", "-", "--format", "json", stdin=text)
    assert "表中总分: 100（不一致）" in scored
    assert "total-mismatch" in [f["code"] for f in json.loads(audited)["findings"]]
    assert json.loads(audited)["printed_total_verdict"] == "differs"


# 2. Tier membership is one rule ------------------------------------------------------


def test_the_top_of_a_lower_tier_is_outside_it_in_both_checks(document):
    row = document["indicators"][4]
    row.update(actual="部分达成", score="8.00", note="说明")
    report = audit(table_from_mapping(document))
    assert "qualitative-score-out-of-tier" in report.codes()
    row["score"] = None  # now the printed total must imply 8.00 for it
    document["total_score"] = "98"
    report = audit(table_from_mapping(document))
    unverified = [f for f in report.findings if f.code == "total-unverified"]
    assert unverified
    assert "outside the tier" in unverified[0].message


# 3. Printed against computed: one comparison, at the printed precision ------------------


def test_department_scores_compare_at_the_printed_precision():
    leaf = Node(
        name="预算执行",
        weight="10",
        rule=Deduction(
            value="96.3", threshold="100", per_unit="0.1", direction="under", counting="exact"
        ),
        printed_score="9.6",
    )
    scored, findings, _ = audit_tree(Node(name="整体", weight="10", children=[leaf]))
    assert scored.children[0].score == D("9.63")
    assert "score-mismatch" not in [f.code for f in findings]


# 4. All arithmetic in the private context ------------------------------------------------

ALL_TRAPS = [Clamped, DivisionByZero, Inexact, InvalidOperation, Overflow, Rounded,
             Subnormal, Underflow, FloatOperation]  # fmt: skip


def _everything() -> list[str]:
    """Output of every door: the demo in every format and locale, score and audit of varied
    tables, monitoring, department, rendering, serialization, the .xlsx round trip."""
    from perfeval import serialization
    from perfeval.spreadsheet import read_workbook, write_workbook

    outputs = []
    for fmt in ("text", "json", "markdown"):
        for locale in ("zh_CN", "en"):
            outputs.append(run("demo", "--format", fmt, "--locale", locale, "--explain")[1])
    for policy in ("mof-2020", "mof-2020-linear-reverse", "mof-2020-rescaled",
                   "mof-2020-20-80", "mof-2020-uncapped", "mof-2020-tier50"):  # fmt: skip
        for table in seed_tables():
            card = score_table(table, policy)
            report = audit(table, policy)
            outputs.append(repr((card.total, card.total_range, card.grade, report.findings)))
            outputs.extend(
                row.explain(locale) for row in card.indicators for locale in ("zh_CN", "en")
            )
            outputs.append(serialization.dumps(card))
            buffer = io.BytesIO()
            write_workbook(table, buffer, scorecard=card)
            buffer.seek(0)
            outputs.append(repr(score_table(read_workbook(buffer), policy).total))
    outputs.append(render_report(build_report(seed_tables()), locale="en", markdown=True))
    example = files("perfeval.data").joinpath("monitoring-example.json").read_text("utf-8")
    outputs.append(repr(monitor(monitoring_from_mapping(json.loads(example))).findings))
    tree = files("perfeval.data").joinpath("department-example.json").read_text("utf-8")
    outputs.append(repr(audit_tree(department_from_mapping(json.loads(tree))[0])))
    for name in ("monitoring-example.json", "department-example.json"):
        text = files("perfeval.data").joinpath(name).read_text("utf-8")
        command = "monitor" if name.startswith("monitoring") else "department"
        for fmt in ("text", "json", "markdown"):
            outputs.append(run(command, "-", "--format", fmt, stdin=text)[1])
    linear = attrs.evolve(MOF_2020, reverse_form="linear")
    row = Indicator(name="成本", level2="成本指标", target="≤60", actual="150", weight="10")
    outputs.append(repr(score_indicator(row, linear)))
    return outputs


def test_a_hostile_caller_context_changes_nothing_and_is_left_as_it_was():
    normal = _everything()
    with localcontext() as hostile:
        hostile.prec, hostile.rounding = 3, ROUND_FLOOR
        for trap in ALL_TRAPS:
            hostile.traps[trap] = True
        hostile.clear_flags()
        before = (hostile.prec, hostile.rounding, dict(hostile.traps), dict(hostile.flags))
        assert _everything() == normal
        after = (hostile.prec, hostile.rounding, dict(hostile.traps), dict(hostile.flags))
        assert after == before
        assert not any(hostile.flags.values())
    assert getcontext().prec == 28


def test_linear_reverse_floors_at_zero_under_a_hostile_context():
    policy = attrs.evolve(MOF_2020, reverse_form="linear")
    row = Indicator(name="成本", level2="成本指标", target="≤58.3", actual="130", weight="10")
    with localcontext() as ctx:
        ctx.prec, ctx.rounding = 3, ROUND_FLOOR
        assert score_indicator(row, policy).score == D("0.00")


# 5. One cell, one reading, through every door ------------------------------------------


@pytest.mark.parametrize(
    ("printed", "field", "expected"),
    [("", "weight", None), ("——", "weight", None), ("/", "score", None), ("无", "score", None),
     ("10分", "weight", D(10)), ("８", "score", D(8))],
)  # fmt: skip
def test_constructors_read_cells_as_documents_do(document, printed, field, expected):
    assert getattr(Indicator(name="x", **{field: printed}), field) == expected
    document["indicators"][0][field] = printed
    assert getattr(table_from_mapping(document).indicators[0], field) == expected


def test_a_money_unit_in_a_cell_reads_the_same_everywhere(document):
    document["funds"]["rows"][0]["executed"] = "517900元"
    assert table_from_mapping(document).funds.total.executed == D("51.79")
    assert FundRow(source="total", executed="517900元").executed == D("51.79")
    block = FundBlock(unit="元", total=FundRow(source="total", executed="51.79万元"))
    assert block.total.executed == D(517900)
    assert FundRow(source="total", printed_rate="86.32%").printed_rate == D("86.32")


@pytest.mark.parametrize(
    "make",
    [
        lambda: Table(project="x", printed_total=90.0),
        lambda: Table(project="x", year="二〇二三"),
        lambda: Table(project="x", indicators=None),
        lambda: Indicator(name="x", note=object()),
        lambda: FundRow(source=None),
        lambda: score_table({"project": "x"}),
        lambda: score_table(None),
        lambda: audit("not a table"),
        lambda: score_table(Table(project="x"), 7),
        lambda: score_table(Table(project="x"), "no-such-policy"),
    ],
)
def test_wrong_input_fails_with_perfevals_own_error(make):
    with pytest.raises(PerfevalError):
        make()


def test_constructors_convert_what_documents_accept():
    table = Table(project="x", printed_total="90", year="2023年", indicators=[
        Indicator(name=None, note=5, weight="10", score="8")])  # fmt: skip
    assert (table.printed_total, table.year) == (D(90), 2023)
    assert (table.indicators[0].name, table.indicators[0].note) == ("", "5")
    assert score_table(table, "mof-2020").total == D(8)
    with pytest.raises(InvalidTypeError) as caught:
        Table(project="x", indicators=None)
    assert isinstance(caught.value, TypeError)


# 6. The formula text comes from the formula object ---------------------------------------


def test_linear_reverse_explanation_shows_its_floor():
    policy = attrs.evolve(MOF_2020, reverse_form="linear")
    row = Indicator(name="成本", level2="成本指标", target="≤60", actual="150", weight="10")
    result = score_indicator(row, policy)
    assert result.score == D("0.00")
    assert result.formula == "10 × max(0, 1 − (150 − 60) / 60) = 0.0000 → 0.00"


def test_symmetric_row_with_target_zero_explains_itself():
    policy = attrs.evolve(MOF_2020, equal_form="symmetric")
    row = Indicator(name="x", target="=0", actual="3", weight="10", score="5")
    result = score_indicator(row, policy)
    assert result.formula
    assert "0" in result.formula
    assert result.explain("en")
    assert result.explain("zh_CN")
    assert json.dumps(result.formula)


def test_zh_explanations_carry_no_english_words():
    for table in seed_tables():
        for row in score_table(table).indicators:
            assert not re.search(r"[A-Za-z]{3,}", row.explain("zh_CN")), row.explain("zh_CN")


# 7. Reports add amounts in one unit --------------------------------------------------


def test_a_report_converts_units_before_adding():
    yuan = Table(project="a", funds=FundBlock(unit="元", total=FundRow(
        source="total", unit="元", annual_budget="600000", executed="517900")))  # fmt: skip
    wan = Table(project="b", funds=FundBlock(total=FundRow(
        source="total", annual_budget="10", executed="8")))  # fmt: skip
    report = build_report([yuan, wan])
    assert report.amount("executed") == D("59.79")
    assert build_report([yuan, wan], unit="元").amount("annual_budget") == D(700000)


# 8. The finding catalogue ------------------------------------------------------------


def test_every_code_has_severity_and_meaning_in_both_languages():
    for code, entry in CATALOGUE.items():
        assert entry.code == code
        assert entry.meaning
        assert entry.meaning_zh
    for code in ("execution-behind", "progress-mismatch", "level-mismatch",
                 "missing-explanation", "likelihood-inconsistent", "overshoot"):  # fmt: skip
        assert code in CATALOGUE


def test_unknown_codes_are_refused():
    with pytest.raises(UnknownCodeError):
        Finding.make("made-up", "x", "en", "zh")


def test_the_audit_page_lists_the_catalogue():
    page = (ROOT / "docs" / "audit.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z-]+)` \| (error|warning|info) \|", page, re.MULTILINE)
    assert dict(rows) == {code: entry.severity.value for code, entry in CATALOGUE.items()}


# 9. Policy settings are checked; strict operators ---------------------------------------


@pytest.mark.parametrize(
    "setting",
    [{"reverse_form": "linar"}, {"equal_form": "sym"}, {"strict_operators": "strickt"},
     {"positive_form": "nope"}, {"reverse_level2": "cost"}],
)  # fmt: skip
def test_misspelt_policy_settings_are_refused(setting):
    with pytest.raises((InvalidPolicyError, InvalidTypeError)):
        attrs.evolve(MOF_2020, **setting)


def test_strict_operator_never_gives_full_marks_to_a_worse_actual():
    """<58.3182 under strict: at the bound the judged score; a worse 58.3282 cannot score
    the full weight (its formula rounds to it) and takes the judged score too."""
    policy = attrs.evolve(MOF_2020, strict_operators="strict")

    def scored(actual):
        row = Indicator(name="成本", level2="成本指标", target="<58.3182", actual=actual,
                        weight="17.55", score="12.21", note="说明")  # fmt: skip
        return score_indicator(row, policy).score

    assert scored("58.3182") == D("12.21")
    assert scored("58.3282") == D("12.21")
    assert scored("58.3282") <= scored("58.3182")


# 10. Rounding once, from the exact value ---------------------------------------------


def test_multiply_first_round_once():
    row = Indicator(name="x", target="≥114", actual="13", weight="0.57")
    result = score_indicator(row)
    assert result.score == D("0.07")
    assert result.formula == "0.57 × 13 / 114 = 0.0650 → 0.07"
    funds = score_table(Table(project="x", funds=FundBlock(weight="0.57", total=FundRow(
        source="total", annual_budget="114", executed="13")))).funds  # fmt: skip
    assert funds.score == D("0.07")


def _half_up(value: Fraction) -> Decimal:
    scaled = value * 100
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    return D(whole + (1 if 2 * rest >= scaled.denominator else 0)) / 100


values = st.decimals(min_value=D("0.01"), max_value=1000, places=2)
weights = st.decimals(min_value=D("0.01"), max_value=30, places=2)


@given(
    direction=st.sampled_from([Direction.GE, Direction.LE, Direction.EQ]),
    target=values,
    actual=values,
    weight=weights,
    form=st.sampled_from(["ratio", "linear"]),
    symmetric=st.booleans(),
)
def test_every_computed_score_is_the_exact_value_rounded_half_up_once(
    direction, target, actual, weight, form, symmetric
):
    policy = attrs.evolve(
        MOF_2020, reverse_form=form, equal_form="symmetric" if symmetric else "positive"
    )
    row = Indicator(name="x", target=Comparison(direction, target), actual=str(actual),
                    weight=weight)  # fmt: skip
    result = score_indicator(row, policy)
    if result.judged or result.achievement is Achievement.MET:
        return
    w, t, a = Fraction(weight), Fraction(target), Fraction(actual)
    if result.form == "ratio" and direction is not Direction.LE:
        exact = w * a / t
    elif result.form == "ratio":
        exact = w * t / a
    elif result.form == "linear":
        exact = max(Fraction(0), w * (1 - (a - t) / t))
    else:
        exact = max(Fraction(0), w * (1 - abs(a - t) / t))
    assert result.score == _half_up(min(exact, w))


def test_seed_demo_keeps_its_totals():
    totals = [(str(c.total), c.grade.label) for c in map(score_table, seed_tables())]
    assert totals == [("90.00", "优"), ("98.00", "优"), ("98.63", "优")]


def test_document_round_trip_is_unchanged_by_the_new_reader(document):
    first = table_from_mapping(copy.deepcopy(document))
    assert score_table(first).total == D("100.00")
