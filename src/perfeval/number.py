"""Exact numbers: the one place where perfeval converts to and rounds :class:`~decimal.Decimal`.

Every amount, rate, weight and score in perfeval passes through :func:`to_decimal` on the
way in and through :func:`quantize_half_up` (or :func:`ratio_half_up`) when it is rounded.
All arithmetic runs in :data:`CONTEXT`, a private decimal context with 34 significant
digits and half-up rounding (四舍五入): every public function and property that computes
is wrapped in :func:`private_context`, so results never depend on the caller's
:func:`decimal.getcontext`, and the caller's context (precision, rounding, traps, flags)
is never changed.

A score that a formula computes is **rounded once**: :func:`half_up` rounds the exact
rational value numerator / denominator (integers; :func:`ratio_half_up` for two decimals)
half up to the declared places, with integer arithmetic, so no intermediate quotient is
rounded first (0.57 × 13 / 114 = 0.065 → 0.07).

>>> to_decimal("１，２３４.５６", field="executed")
Decimal('1234.56')
>>> quantize_half_up(Decimal("8.625"))
Decimal('8.63')
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Callable
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from typing import Final, ParamSpec, TypeVar

from perfeval.errors import InvalidAmountError, InvalidNumberError, InvalidTypeError

__all__ = [
    "CONTEXT",
    "HUNDRED",
    "ONE",
    "ZERO",
    "DecimalInput",
    "add",
    "agrees_at_precision",
    "decimal_places",
    "divide",
    "fixed",
    "from_units",
    "half_up",
    "half_up_units",
    "multiply",
    "normalize_text",
    "private_context",
    "quantize_half_up",
    "ratio_half_up",
    "to_amount",
    "to_decimal",
]

#: What perfeval accepts as a number: never a ``float``.
DecimalInput = int | str | Decimal

#: The private context: 34 significant digits (IEEE decimal128), half-up rounding, and
#: traps on for invalid operations, division by zero and overflow.
CONTEXT: Final = Context(
    prec=34,
    rounding=ROUND_HALF_UP,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)

#: Accepted magnitudes: below 10**18 and with at most 12 decimals' worth of smallness
#: (no table holds more; it keeps every product and quotient exact within 34 digits).
MAX_EXPONENT: Final = 17
MIN_EXPONENT: Final = -12

ZERO: Final = Decimal(0)
_EXPONENTS: Final = tuple(Decimal(1).scaleb(-places) for places in range(9))
ONE: Final = Decimal(1)
HUNDRED: Final = Decimal(100)

# Plain decimal notation, or with correct thousands grouping; an optional exponent.
_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009_']+")


def normalize_text(text: str) -> str:
    """Fold full-width and compatibility characters (``１２３``, ``％``, ``≥``) and trim.

    >>> normalize_text(" １２３．５％ ")
    '123.5%'
    """
    if text.isascii():  # NFKC leaves ASCII as it is
        return text.strip()
    return unicodedata.normalize("NFKC", text).strip()


def _refuse(message: str, field: str | None, row: int | str | None, value: object) -> None:
    raise InvalidNumberError(message, field=field, row=row, value=value)


def to_decimal(
    value: object,
    *,
    field: str | None = None,
    row: int | str | None = None,
) -> Decimal:
    """Convert *value* to an exact, finite :class:`~decimal.Decimal`.

    Accepts ``int``, ``Decimal`` and ``str``; strings may carry thousands separators
    (``"1,234.56"``), full-width digits (``"１２３"``) and surrounding spaces. A ``float``,
    a ``bool``, NaN, an infinity or text that is not a number raises
    :class:`~perfeval.errors.InvalidNumberError` naming *field*, *row* and the value.

    >>> to_decimal(7)
    Decimal('7')
    >>> to_decimal(0.1, field="executed", row=2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    perfeval.errors.InvalidNumberError: row 2, executed: a float is not exact; ... (got 0.1)
    """
    if type(value) is Decimal and value.is_finite():  # the common case first
        if value.is_zero() or MIN_EXPONENT <= value.adjusted() <= MAX_EXPONENT:
            return value
        _refuse("outside the range of amounts perfeval accepts", field, row, value)
    if isinstance(value, bool):
        _refuse("a boolean is not a number", field, row, value)
    if isinstance(value, float):
        _refuse("a float is not exact; pass a str or Decimal", field, row, value)
    number: Decimal | None = None
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            _refuse("not a finite number", field, row, value)
        number = value
    elif isinstance(value, str):
        text = _SPACES.sub("", normalize_text(value))
        try:
            if _PLAIN.fullmatch(text):
                number = Decimal(text)
            elif _GROUPED.fullmatch(text):
                number = Decimal(text.replace(",", ""))
            else:
                _refuse("not a decimal number", field, row, value)
        except InvalidOperation:  # an exponent beyond what Decimal holds: 1e99999999999999999999
            _refuse("outside the range of amounts perfeval accepts", field, row, value)
    if number is not None:
        if not number.is_zero() and not MIN_EXPONENT <= number.adjusted() <= MAX_EXPONENT:
            _refuse("outside the range of amounts perfeval accepts", field, row, value)
        return number
    _refuse(f"expected int, str or Decimal, not {type(value).__name__}", field, row, value)
    raise AssertionError("unreachable")  # pragma: no cover


def to_amount(
    value: object,
    *,
    field: str | None = None,
    row: int | str | None = None,
) -> Decimal:
    """Like :func:`to_decimal`, and refuse negative values (amounts, weights, scores).

    >>> to_amount("-5", field="executed")
    Traceback (most recent call last):
    ...
    perfeval.errors.InvalidAmountError: executed: must not be negative (got '-5')
    """
    number = to_decimal(value, field=field, row=row)
    if number < 0:
        raise InvalidAmountError("must not be negative", field=field, row=row, value=value)
    return number


P = ParamSpec("P")
R = TypeVar("R")

_STATE = threading.local()


def private_context(function: Callable[P, R]) -> Callable[P, R]:
    """Run *function* in a copy of :data:`CONTEXT`, whatever the caller's context is.

    The caller's context is restored afterwards, unchanged (values, traps and flags). A
    call made from inside another wrapped call reuses the context already in force, so a
    table costs one context switch, not one per row.
    """

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if getattr(_STATE, "active", False):
            return function(*args, **kwargs)
        with localcontext(CONTEXT):
            _STATE.active = True
            try:
                return function(*args, **kwargs)
            finally:
                _STATE.active = False

    return wrapper


def ratio_half_up(numerator: Decimal, denominator: Decimal, places: int = 2) -> Decimal:
    """*numerator* / *denominator* rounded half up to *places* decimals, exactly: the
    rational value is rounded once, never a rounded quotient again.

    >>> ratio_half_up(Decimal("7.41"), Decimal("114"))   # 0.57 × 13 / 114 = 0.065
    Decimal('0.07')
    >>> ratio_half_up(Decimal("-1"), Decimal("8"), 2)    # half away from zero
    Decimal('-0.13')
    """
    top, below = numerator.as_integer_ratio()
    over, under = denominator.as_integer_ratio()
    if over < 0:
        top, over = -top, -over
    return half_up(top * under, below * over, places)


_POWERS: Final = tuple(10**places for places in range(9))


def half_up(numerator: int, denominator: int, places: int = 2) -> Decimal:
    """The rational *numerator* / *denominator* (integers, *denominator* > 0) rounded half
    up (away from zero) to *places* decimals: the one rounding of an exact value.

    >>> half_up(13, 200), half_up(-1, 8)
    (Decimal('0.07'), Decimal('-0.13'))
    """
    return from_units(half_up_units(numerator, denominator, places), places)


def from_units(units: int, places: int = 2) -> Decimal:
    """The ``Decimal`` of *units* counted in the last of *places* decimals (hundredths for
    2 places), exactly, with those places: what :func:`half_up_units` and a column of
    scores hold, as a score.

    >>> from_units(7), from_units(-1250)
    (Decimal('0.07'), Decimal('-12.50'))
    """
    return Decimal(units).scaleb(-places, CONTEXT)


def half_up_units(numerator: int, denominator: int, places: int = 2) -> int:
    """:func:`half_up` as an integer count of its last place (hundredths for 2 places):
    what a column of scores holds before it is printed.

    >>> half_up_units(13, 200), half_up_units(-1, 8)
    (7, -13)
    """
    scale: int = _POWERS[places] if 0 <= places < len(_POWERS) else 10**places
    whole, rest = divmod(abs(numerator) * scale, denominator)
    if 2 * rest >= denominator:
        whole += 1
    return -whole if numerator < 0 else whole


def divide(numerator: Decimal, denominator: Decimal) -> Decimal:
    """``numerator / denominator`` in the private context (raises on a zero denominator)."""
    return CONTEXT.divide(numerator, denominator)


def multiply(left: Decimal, right: Decimal) -> Decimal:
    """``left * right`` in the private context."""
    return CONTEXT.multiply(left, right)


def add(*values: Decimal) -> Decimal:
    """Exact sum of *values* (addition of finite decimals here never needs rounding)."""
    total = ZERO
    for value in values:
        total = CONTEXT.add(total, value)
    return total


def quantize_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round *value* half up (四舍五入) to *places* decimals; never returns ``-0``.

    >>> quantize_half_up(Decimal("0.863166"), 4)
    Decimal('0.8632')
    >>> quantize_half_up(Decimal("-0.001"))
    Decimal('0.00')
    """
    if not isinstance(value, Decimal):
        raise InvalidTypeError(
            "expected a Decimal to round (a float or text is never rounded as it is: "
            "read it with perfeval.cells first)",
            field="value",
            value=value,
        )
    exponent = _EXPONENTS[places] if 0 <= places < len(_EXPONENTS) else Decimal(1).scaleb(-places)
    if value.adjusted() + places + 2 <= CONTEXT.prec:
        rounded = value.quantize(exponent, rounding=ROUND_HALF_UP, context=CONTEXT)
    else:  # more digits than the private context holds: widen it for this one value
        with localcontext(CONTEXT) as context:
            context.prec = value.adjusted() + places + 2
            rounded = value.quantize(exponent, rounding=ROUND_HALF_UP)
    if rounded.is_zero() and rounded.is_signed():
        rounded = rounded.copy_abs()
    return rounded


def decimal_places(value: Decimal) -> int:
    """How many decimals *value* is written with: 2 for ``86.32``, 0 for ``86`` or ``1E+2``.

    >>> decimal_places(Decimal("8.60")), decimal_places(Decimal("98"))
    (2, 0)
    """
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def agrees_at_precision(printed: Decimal, computed: Decimal, tolerance: Decimal = ZERO) -> bool:
    """Whether *printed* equals *computed* rounded half up to the printed value's own
    decimals, give or take *tolerance*: "86" agrees with 86.32, "8.6" with 8.63.

    >>> agrees_at_precision(Decimal("86"), Decimal("86.32"))
    True
    >>> agrees_at_precision(Decimal("8.6"), Decimal("8.66"))
    False
    """
    rounded = quantize_half_up(computed, decimal_places(printed))
    return abs(printed - rounded) <= tolerance


def fixed(value: Decimal, places: int | None = None) -> str:
    """Plain text of *value* (no exponent); rounded half up first when *places* is given.

    >>> fixed(Decimal("1E+2"))
    '100'
    >>> fixed(Decimal("0.8632"), 2)
    '0.86'
    """
    if places is not None:
        value = quantize_half_up(value, places)
    elif value.is_zero() and value.is_signed():
        value = value.copy_abs()
    return format(value, "f")
