"""perfeval.number: exact conversion and half-up rounding in a private context."""

import io
import json
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

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _helpers import run_args as run
from perfeval import (
    MOF_2020,
    Indicator,
    audit,
    audit_tree,
    build_report,
    monitor,
    score_indicator,
    score_table,
)
from perfeval.document import department_from_mapping, monitoring_from_mapping
from perfeval.errors import InvalidAmountError, InvalidNumberError, PerfevalError
from perfeval.number import (
    divide,
    fixed,
    half_up,
    quantize_half_up,
    ratio_half_up,
    to_amount,
    to_decimal,
)
from perfeval.render import render_report
from perfeval.seed import seed_tables

D = Decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("51.79", "51.79"),
        ("1,234.56", "1234.56"),
        ("１２３", "123"),
        ("１，２３４．５", "1234.5"),
        (" 60 ", "60"),
        ("-3.5", "-3.5"),
        (".5", "0.5"),
        ("1 234", "1234"),
    ],
)
def test_strings_convert_exactly(text, expected):
    assert to_decimal(text) == Decimal(expected)


def test_ints_and_decimals_pass_through():
    assert to_decimal(7) == Decimal(7)
    assert to_decimal(Decimal("8.60")).as_tuple() == Decimal("8.60").as_tuple()


@pytest.mark.parametrize("bad", [0.1, 1.0, True, False, None, [1], "NaN", "inf", "abc", "1,23", ""])
def test_non_numbers_are_refused(bad):
    with pytest.raises(InvalidNumberError):
        to_decimal(bad, field="executed")


@pytest.mark.parametrize("text", ["1E+18", "1" * 19, "0.0000000000001", "-1e20"])
def test_magnitudes_beyond_any_table_are_refused(text):
    with pytest.raises(InvalidNumberError, match="range"):
        to_decimal(text, field="executed")


def test_largest_accepted_amount_still_rounds():
    assert quantize_half_up(to_decimal("999999999999999999.995")) == Decimal(
        "1000000000000000000.00"
    )


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_non_finite_decimals_are_refused(bad):
    with pytest.raises(InvalidNumberError):
        to_decimal(bad)


def test_error_names_field_row_and_value():
    with pytest.raises(InvalidNumberError) as caught:
        to_decimal(51.79, field="executed", row="current_year")
    message = str(caught.value)
    assert "executed" in message
    assert "current_year" in message
    assert "51.79" in message
    assert caught.value.field == "executed"
    assert caught.value.row == "current_year"
    assert caught.value.value == 51.79


def test_errors_are_perfeval_errors_and_value_errors():
    with pytest.raises(PerfevalError):
        to_decimal("x")
    with pytest.raises(ValueError, match="not a decimal number"):
        to_decimal("x")


def test_negative_amount_is_refused_with_its_own_error():
    with pytest.raises(InvalidAmountError, match="negative"):
        to_amount("-0.01", field="annual_budget", row="total")


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("8.625", 2, "8.63"),
        ("8.635", 2, "8.64"),
        ("0.86315", 4, "0.8632"),
        ("2.5", 0, "3"),
        ("-8.625", 2, "-8.63"),
        ("-0.004", 2, "0.00"),
        ("89.995", 2, "90.00"),
    ],
)
def test_quantize_rounds_half_up(value, places, expected):
    result = quantize_half_up(Decimal(value), places)
    assert str(result) == expected


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=6))
def test_every_trailing_five_rounds_up(digits, places):
    """x.xx5 → x.xx + 0.01 at every scale: the half-up law."""
    value = Decimal(digits).scaleb(-places) + Decimal(5).scaleb(-places - 1)
    assert quantize_half_up(value, places) == Decimal(digits).scaleb(-places) + Decimal(1).scaleb(
        -places
    )


@given(
    st.decimals(min_value=0, max_value=10**6, places=6, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=Decimal("0.01"), max_value=10**6, places=2),
)
def test_results_ignore_the_callers_context(numerator, denominator):
    expected = quantize_half_up(divide(numerator, denominator), 4)
    with localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = ROUND_FLOOR
        assert quantize_half_up(divide(numerator, denominator), 4) == expected
        assert ctx.prec == 3
        assert ctx.rounding == ROUND_FLOOR


def test_fixed_never_prints_an_exponent_or_negative_zero():
    assert fixed(Decimal("1E+3")) == "1000"
    assert fixed(Decimal("-0")) == "0"
    assert fixed(Decimal("-0.001"), 2) == "0.00"


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


@given(st.integers(-(10**12), 10**12), st.integers(1, 10**9), st.integers(0, 6))
def test_half_up_rounds_the_ratio_once_away_from_zero(top, below, places):
    exact = Fraction(top, below) * 10**places
    whole = abs(exact.numerator) // exact.denominator
    if 2 * (abs(exact.numerator) % exact.denominator) >= exact.denominator:
        whole += 1
    expected = D(whole if exact >= 0 else -whole).scaleb(-places)
    assert half_up(top, below, places) == expected
    assert ratio_half_up(D(top), D(below), places) == expected


@pytest.mark.parametrize("value", [0.1, "0.1", 1, None])
def test_quantize_half_up_refuses_what_is_not_a_decimal(value):
    from perfeval.errors import InvalidTypeError
    from perfeval.number import quantize_half_up

    with pytest.raises(InvalidTypeError, match="expected a Decimal"):
        quantize_half_up(value)
