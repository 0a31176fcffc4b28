"""perfeval.formatting: half-up everywhere, zh_CN and en, no negative zero, exact parsing."""

import io
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfeval.cells import read_percent
from perfeval.cli import main
from perfeval.errors import InvalidNumberError, InvalidTypeError
from perfeval.formatting import format_amount, format_rate, format_score, parse_number, parse_rate
from perfeval.funds import ExecutionRate
from perfeval.number import to_decimal

D = Decimal


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_scores_round_half_up_not_half_even(locale):
    assert format_score(D("8.625"), locale=locale) == "8.63"
    assert format_score(D("8.615"), locale=locale) == "8.62"


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_rates_round_half_up(locale):
    assert format_rate(D("0.86315"), locale=locale) == "86.32%"
    assert format_rate(D("51.79") / D(60), locale=locale) == "86.32%"


def test_execution_rate_formats_like_its_fraction():
    rate = ExecutionRate(executed=D("46.78"), annual_budget=D("46.78"))
    assert format_rate(rate) == "100.00%"


def test_undefined_rate_is_named_in_each_locale():
    rate = ExecutionRate(executed=D(1), annual_budget=D(0))
    assert format_rate(rate, locale="zh_CN") == "无法计算"
    assert format_rate(rate, locale="en") == "undefined"


@pytest.mark.parametrize("value", ["-0", "-0.001", "-0.004"])
def test_never_negative_zero(value):
    assert format_score(D(value)) == "0.00"
    assert format_amount(D(value), places=2) == "0.00"
    assert not format_rate(D(value) / 100).startswith("-")


def test_amounts_keep_their_own_decimals_and_group_thousands():
    assert format_amount(D("51.79"), unit="万元") == "51.79万元"
    assert format_amount(D("1234567.5"), locale="en") == "1,234,567.5"
    assert format_amount(D("1234.565"), locale="en", places=2) == "1,234.57"


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [("1,234.56", "en", "1234.56"), ("1,234.56", "zh_CN", "1234.56"), ("１２３", "zh_CN", "123")],
)
def test_parse_number(text, locale, expected):
    assert parse_number(text, locale=locale) == D(expected)


@pytest.mark.parametrize("text", ["86.32%", "86.32", "８６．３２％"])
def test_parse_rate_reads_percent_and_bare_percentage(text):
    assert parse_rate(text) == D("0.8632")


@pytest.mark.parametrize("text", ["abc", "1,23", ""])
def test_parse_refuses_bad_text(text):
    with pytest.raises(InvalidNumberError):
        parse_number(text, locale="en")


def test_unknown_locale_is_a_clear_error():
    with pytest.raises(InvalidNumberError, match="locale"):
        format_score(D(1), locale="xx_NOPE")


# One percent reading, finite numbers only ---------------------------------------------


@pytest.mark.parametrize(
    "text", ["86.32%(百分比)", "86.32%（百分比）", "86.32 % (百分比)", "８６．３２％（百分比）"]
)
def test_parse_rate_reads_the_forms_the_cell_reader_reads(text):
    """Found by a user: parse_rate refused "86.32%(百分比)", which read_percent reads."""
    assert parse_rate(text) == D("0.8632")
    assert read_percent(text, field="rate") == D("86.32")


def test_parse_rate_keeps_the_locale_number():
    assert parse_rate("1,234.5%", locale="en") == D("12.345")
    assert parse_rate("1,234.5%(百分比)", locale="zh_CN") == D("12.345")


@given(
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
    st.sampled_from(["%", " %", "％", "%(百分比)", "%（百分比）", ""]),
    st.sampled_from(["zh_CN", "en"]),
)
def test_parse_rate_is_read_percent_as_a_fraction(number, suffix, locale):
    text = f"{number}{suffix}"
    assert parse_rate(text, locale=locale) == read_percent(text, field="rate") / 100


@pytest.mark.parametrize(
    "text", ["NaN", "nan", "-NaN", "sNaN", "Infinity", "-Infinity", "inf", "-inf", "ＮａＮ"]
)
def test_parse_number_refuses_non_finite_numbers(text):
    """Found by a user: parse_number("NaN") returned Decimal('NaN')."""
    with pytest.raises(InvalidNumberError) as caught:
        parse_number(text)
    assert caught.value.field == "number"
    assert caught.value.value == text
    assert text in str(caught.value)


@pytest.mark.parametrize("text", ["NaN%", "inf%", "Infinity%(百分比)"])
def test_parse_rate_refuses_non_finite_rates(text):
    with pytest.raises(InvalidNumberError) as caught:
        parse_rate(text)
    assert (caught.value.field, caught.value.value) == ("rate", text)


@pytest.mark.parametrize("text", ["1e999", "1E+400", "1e-40"])
def test_parse_number_refuses_what_to_decimal_refuses(text):
    with pytest.raises(InvalidNumberError) as caught:
        parse_number(text, locale="en")
    assert caught.value.value == text
    with pytest.raises(InvalidNumberError):
        to_decimal(text)


@pytest.mark.parametrize("text", ["", "—", "／", "－－"])
def test_parse_rate_refuses_a_blank_cell_naming_it(text):
    with pytest.raises(InvalidNumberError) as caught:
        parse_rate(text)
    assert (caught.value.field, caught.value.value) == ("rate", text)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_an_amount_printed_with_thousands_of_decimals_is_shown_not_a_crash(fmt, capsys):
    """Found by fuzzing the command line: an executed amount "46.999…" with thousands of
    decimals made babel quantize beyond the private context (InvalidOperation)."""
    from perfeval.seed import seed_document

    data = json.loads(seed_document("2-3"))
    data["funds"]["rows"][0]["executed"] = "46." + "9" * 3000
    stdin = io.StringIO(json.dumps(data, ensure_ascii=False))
    code = main(["audit", "-", "--format", fmt], stdin=stdin)
    captured = capsys.readouterr()
    assert code in (0, 1), captured.err
    assert "46.999" in captured.out
    assert captured.err == ""


@pytest.mark.parametrize(
    ("call", "error", "field"),
    [
        (lambda: format_amount(1234.5), InvalidNumberError, "amount"),
        (lambda: format_amount(D("NaN")), InvalidNumberError, "amount"),
        (lambda: format_score(D(5), places=2.5), InvalidTypeError, "places"),
        (lambda: format_score(D(5), places=-1), InvalidTypeError, "places"),
        (lambda: format_score(None), InvalidNumberError, "score"),
        (lambda: format_rate(0.5), InvalidNumberError, "rate"),
        (lambda: format_rate(""), InvalidNumberError, "rate"),
        (lambda: format_score(D(5), locale=None), InvalidNumberError, "locale"),
        (lambda: parse_number(5), InvalidTypeError, "number"),
        (lambda: parse_rate(0.5), InvalidTypeError, "rate"),
    ],
)
def test_a_formatting_function_refuses_a_wrong_argument_naming_it(call, error, field):
    with pytest.raises(error) as caught:
        call()
    assert caught.value.field == field


def test_whole_numbers_are_still_formatted():
    assert format_amount(1234, locale="en", places=2) == "1,234.00"
