"""Locale-aware formatting and parsing of amounts, rates and scores (zh_CN, en), with babel.

This is an edge module: the core never imports it. Every value is rounded half up
(四舍五入) by :mod:`perfeval.number` *before* babel sees it, so babel's own half-even
rounding never applies, and a zero never prints as ``-0``.

>>> format_score(Decimal("8.625"))
'8.63'
>>> format_rate(Decimal("0.86315"))
'86.32%'
>>> format_amount(Decimal("51.79"), unit="万元")
'51.79万元'
>>> parse_number("１２３")
Decimal('123')
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from babel import Locale, UnknownLocaleError
from babel.numbers import NumberFormatError, format_decimal, parse_decimal

from perfeval._validate import expect, whole_number
from perfeval.cells import is_blank, percent_text
from perfeval.errors import InvalidNumberError
from perfeval.funds import ExecutionRate
from perfeval.number import (
    CONTEXT,
    HUNDRED,
    decimal_places,
    divide,
    multiply,
    normalize_text,
    private_context,
    quantize_half_up,
    to_decimal,
)

__all__ = [
    "LOCALES",
    "format_amount",
    "format_rate",
    "format_score",
    "parse_number",
    "parse_rate",
]

#: The locales perfeval's texts are written in.
LOCALES = ("zh_CN", "en")

_UNDEFINED = {"zh": "无法计算", "en": "undefined"}


def _locale(locale: str) -> Locale:
    try:
        return Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError) as error:
        raise InvalidNumberError("unknown locale", field="locale", value=locale) from error


def _digits(value: Decimal, places: int | None, locale: str, field: str) -> str:
    """*value* written in *locale*: an exact number (a float, NaN refused naming *field*)
    with *places* decimals (a whole number ≥ 0), or its own."""
    if type(value) is not Decimal or not value.is_finite():
        value = to_decimal(value, field=field)
    if places is not None:
        places = whole_number(places, "places", least=0)
        value = quantize_half_up(value, places)
        decimals = places
    else:
        if value.is_zero():
            value = abs(value)
        decimals = decimal_places(value)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    # babel quantizes to the pattern in the current context: give it room for every digit
    # the value has (an amount printed with thousands of decimals is shown, not a crash).
    with localcontext(CONTEXT) as context:
        context.prec = max(CONTEXT.prec, max(value.adjusted(), 0) + decimals + 2)
        return format_decimal(
            value, format=pattern, locale=_locale(locale), decimal_quantization=True
        )


@private_context
def format_amount(
    amount: Decimal, *, locale: str = "zh_CN", unit: str | None = None, places: int | None = None
) -> str:
    """An amount with grouped thousands, its own decimals (or *places*, half up), and *unit*.

    >>> format_amount(Decimal("1234.5"), locale="en", places=2)
    '1,234.50'
    """
    text = _digits(amount, places, locale, "amount")
    return f"{text}{unit}" if unit else text


@private_context
def format_score(score: Decimal, *, locale: str = "zh_CN", places: int = 2) -> str:
    """A score with *places* decimals, rounded half up."""
    return _digits(score, places, locale, "score")


@private_context
def format_rate(
    rate: Decimal | ExecutionRate | None, *, locale: str = "zh_CN", places: int = 2
) -> str:
    """A rate given as a fraction (or an :class:`ExecutionRate`) as a percentage.

    An undefined rate is written as such, never as 0%.

    >>> format_rate(ExecutionRate(executed=Decimal(1), annual_budget=Decimal(0)), locale="en")
    'undefined'
    """
    value = rate.value if isinstance(rate, ExecutionRate) else rate
    if value is None:
        return _UNDEFINED.get(_locale(locale).language, _UNDEFINED["en"])
    if type(value) is not Decimal or not value.is_finite():
        value = to_decimal(value, field="rate")
    percent = _digits(multiply(value, HUNDRED), places, locale, "rate")
    sign = _locale(locale).number_symbols["latn"]["percentSign"]
    return f"{percent}{sign}"


def _parse(text: str, body: str, locale: str, field: str) -> Decimal:
    """*body* (folded *text*) read as a number of *locale*: exact, finite and within the
    range :func:`~perfeval.number.to_decimal` accepts, or an error naming *text*."""
    try:
        number = parse_decimal(body, locale=_locale(locale), strict=True)
    except NumberFormatError as error:
        raise InvalidNumberError("not a number in this locale", field=field, value=text) from error
    if not number.is_finite():  # babel reads "NaN", "Infinity", "inf", "sNaN"
        raise InvalidNumberError("not a finite number", field=field, value=text)
    try:
        return to_decimal(number, field=field)
    except InvalidNumberError as error:
        raise InvalidNumberError(error.reason, field=field, value=text) from None


@private_context
def parse_number(text: str, *, locale: str = "zh_CN") -> Decimal:
    """Read a locale-formatted number ("1,234.56", full-width "１２３") exactly.

    NaN, an infinity or a number beyond perfeval's range raises
    :class:`~perfeval.errors.InvalidNumberError`, as :func:`~perfeval.number.to_decimal` does.

    >>> parse_number("1,234.56", locale="en")
    Decimal('1234.56')
    >>> parse_number("NaN")
    Traceback (most recent call last):
    ...
    perfeval.errors.InvalidNumberError: number: not a finite number (got 'NaN')
    """
    expect(text, str, "number")
    return _parse(text, normalize_text(text), locale, "number")


@private_context
def parse_rate(text: str, *, locale: str = "zh_CN") -> Decimal:
    """Read a printed rate as a fraction: the forms :func:`perfeval.cells.read_percent`
    reads ("86.32%", "86.32%(百分比)", a bare percentage "86.32"), the number in *locale*
    ("1,234.5%" in en).

    >>> parse_rate("86.32%"), parse_rate("86.32%(百分比)")
    (Decimal('0.8632'), Decimal('0.8632'))
    """
    expect(text, str, "rate")
    if is_blank(text):
        raise InvalidNumberError("no rate printed", field="rate", value=text)
    body = percent_text(text)  # the one reading of "%" and "%(百分比)"
    sign = _locale(locale).number_symbols["latn"]["percentSign"]
    if sign != "%":
        body = body.removesuffix(sign).strip()
    return divide(_parse(text, body, locale, "rate"), HUNDRED)
