"""What a printed cell means: the one reader of number and text cells, used by every door.

Tables print amounts, weights, scores and rates in many ways. This module decides, once,
what each printed form means, and every way into perfeval uses it: the model
constructors (:class:`~perfeval.funds.FundRow`, :class:`~perfeval.indicators.Indicator`,
:class:`~perfeval.table.Table`), JSON and TOML documents, spreadsheets and Word reports
(through the document loader), and database rows.

- blank (``None``), nothing printed: ``""``, ``-``, ``—``, ``——``, ``/``, ``无`` …
  (:func:`is_blank`; the vocabulary is below);
- the number, exactly: ``51.79``, ``1,234.5``, ``１２３`` (full-width digits and thousands
  separators allowed);
- an amount in a money unit, converted into the block's unit (``万元`` unless the table
  says otherwise): ``517900元`` → 51.79, ``0.5亿元`` → 5000;
- points (weights, scores): ``10分`` → 10;
- a printed rate, in percent: ``86.32%``, ``86.32`` (a bare number is a percentage, as
  tables print it), ``86.32%(百分比)`` → 86.32;
- a ``float`` is refused (it is not exact), except through :func:`spreadsheet_number`,
  which takes the 15 significant digits a spreadsheet shows (51.790000000000006 → 51.79);
  the spreadsheet readers show every number cell through :func:`shown_digits`.

**Blank cells.** This module is the one home of what "blank" means; every reader asks it:
number cells, notes (偏差原因分析及改进措施), row names, targets and actual values, and the
testing laws. A cell is first folded as :func:`~perfeval.number.normalize_text` folds it
(NFKC: full-width ``／`` ``＼`` ``－`` ``＿`` become ``/`` ``\\`` ``-`` ``_``, ``…`` becomes
``...``; surrounding spaces trimmed), then spaces inside are dropped. It is then

- a *placeholder* (:func:`is_placeholder`: nothing printed, in any column) when it is
  empty, a run of dashes of any kind (``-`` ``--`` ``---`` ``－－`` ``—`` ``——`` ``―`` ``–``
  ``−`` ``‐`` ``─`` ``⸺`` ``_`` ``__``, mixed or not), a run of ellipses (``…`` ``……``
  ``⋯⋯``), a run of ``/`` or of ``\\``, or a single ``一`` (a dash look-alike; ``一一`` is
  not);
- *blank* (:func:`is_blank`) when it is a placeholder or ``无`` (none): number cells,
  notes and row names;
- *not applicable* (:func:`is_not_applicable`) when it is ``无``, ``不适用`` or ``N/A``:
  in a target cell the row does not apply (:class:`~perfeval.targets.NotApplicable`), in
  an actual value it is blank. ``不适用`` or ``N/A`` in a note is a note, and in a number
  cell it is refused.

Real text is never blank: ``无法计算``, ``-5``, ``--5``, ``一一``, ``...完成``.

**Template names.** A blank template prints names in place of real ones: ``指标1…``,
``指标2``, ``指标一``, ``XX指标``, ``××指标``, ``某某指标``, ``三级指标1``
(:func:`is_template_name`). A row with such a name and nothing else filled is a template
leftover (:attr:`perfeval.indicators.Indicator.template_leftover`), left out of the score;
a row with a real name and nothing filled is not (it was cut off, and is reported).

Anything else raises :class:`~perfeval.errors.InvalidNumberError` (or
:class:`~perfeval.errors.InvalidAmountError` for a negative amount) naming the field, the
row and the value.

>>> read_amount("517900元", field="executed", unit="万元")
Decimal('51.79')
>>> read_points("10分", field="weight"), read_percent("86.32%", field="rate")
(Decimal('10'), Decimal('86.32'))
>>> read_points("——", field="score") is None
True
>>> is_blank("－－"), is_blank("／"), is_blank("……"), is_blank("无"), is_placeholder("无")
(True, True, True, True, False)
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import Final

from perfeval._memo import short_text_cache
from perfeval.errors import InvalidAmountError, InvalidNumberError, InvalidTypeError, PerfevalError
from perfeval.number import (
    divide,
    fixed,
    multiply,
    normalize_text,
    private_context,
    quantize_half_up,
    to_decimal,
)

__all__ = [
    "BLANKS",
    "MONEY_UNITS",
    "NOT_APPLICABLE",
    "PLACEHOLDERS",
    "convert_money",
    "is_blank",
    "is_not_applicable",
    "is_placeholder",
    "is_template_name",
    "percent_text",
    "read_amount",
    "read_measure",
    "read_percent",
    "read_points",
    "read_text",
    "read_year",
    "shown_digits",
    "spreadsheet_number",
]

#: The common placeholders, cells that mean "nothing printed here" in any column. They
#: are examples: :func:`is_placeholder` also takes their look-alikes and runs ("－－",
#: "———", "__", "……", "／").
PLACEHOLDERS: Final = frozenset({"", "-", "--", "—", "——", "―", "/", "\\", "一", "－", "_", "…"})

#: Blank number cells, notes and names: the placeholders, and "无" (none).
BLANKS: Final = PLACEHOLDERS | {"无"}

#: Words that say a row does not apply: :class:`~perfeval.targets.NotApplicable` in a
#: target cell, blank in an actual value.
NOT_APPLICABLE: Final = frozenset({"无", "不适用", "N/A", "n/a", "NA"})

#: Dashes, once folded (NFKC makes "－" "﹣" "-", "＿" "﹍" "﹏" "_", "﹘" "—", "‑" "‐").
_DASHES: Final = "-_‐‒–—―−─━⸺⸻"
#: A placeholder once folded and without spaces: a run of dashes, of ellipses ("…" folds
#: to "..."), of slashes or of backslashes, or one "一".
_PLACEHOLDER: Final = re.compile("[" + re.escape(_DASHES) + r"]+|(?:\.\.\.|⋯)+|/+|\\+|一")

#: Money units and their factor in 元.
MONEY_UNITS: Final = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10**4),
    "亿元": Decimal(10**8),
}
_MONEY_SUFFIX: Final = re.compile("(" + "|".join(sorted(MONEY_UNITS, key=len, reverse=True)) + ")$")
_PERCENT_SUFFIX: Final = re.compile(r"%\s*(?:[(（]\s*百分比\s*[)）])?$")
_YEAR_TEXT: Final = re.compile(r"(\d{4})(?:年度|年)?")

Row = int | str | None


def _fold(text: str) -> str:
    """*text* folded, runs of spaces as one; ``""`` for any placeholder."""
    folded = " ".join(normalize_text(text).split())
    if folded in PLACEHOLDERS or _PLACEHOLDER.fullmatch(folded.replace(" ", "")):
        return ""
    return folded


# Kept per text, as short_text_cache does, without its wrapper: every cell is asked.
_fold_short: Final = functools.lru_cache(maxsize=4096)(_fold)
_SHORT: Final = 32
_BLANK_FOLDS: Final = frozenset({"", "无"})


def is_placeholder(value: object) -> bool:
    """Whether *value* is ``None``, an empty cell or a placeholder: nothing printed
    ("", "-", "——", "－－", "／", "……"). "无" is not a placeholder (see :func:`is_blank`)."""
    if isinstance(value, str):
        return not (_fold_short(value) if len(value) <= _SHORT else _fold(value))
    return value is None


def is_blank(value: object) -> bool:
    """Whether *value* is blank as a number cell, a note or a name: ``None``, a placeholder
    ("", "——", "/", "－－", "／"), or "无"."""
    if isinstance(value, str):
        return (_fold_short(value) if len(value) <= _SHORT else _fold(value)) in _BLANK_FOLDS
    return value is None


def is_not_applicable(value: object) -> bool:
    """Whether *value* is a word saying the row does not apply ("无", "不适用", "N/A")."""
    if isinstance(value, str):
        return (_fold_short(value) if len(value) <= _SHORT else _fold(value)) in NOT_APPLICABLE
    return False


#: A name a blank template prints in place of a real one, once folded, without spaces and
#: without the ellipses after it: 指标1, 指标一, 指标X, 三级指标2, XX指标, ××指标, 某某指标.
_TEMPLATE_NAME: Final = re.compile(
    r"(?:[一二三]级)?指标(?:\d{1,2}|[一二三四五六七八九十]|[XxNn×*])"
    r"|(?:[Xx×*]{1,4}|某{1,2})(?:[一二三]级)?指标|[Xx×*]{2,6}"
)
_TRAILING_ELLIPSES: Final = re.compile(r"(?:\.|⋯|。)+$")


def is_template_name(value: object) -> bool:
    """Whether *value* is a name that a blank template prints in place of a real one:
    "指标1…", "指标2", "指标一", "XX指标", "××指标", "某某指标". A real name never is.

    >>> is_template_name("指标1……"), is_template_name("XX指标"), is_template_name("培训人次")
    (True, True, False)
    """
    if not isinstance(value, str):
        return False
    folded = _TRAILING_ELLIPSES.sub("", normalize_text(value).replace(" ", ""))
    return bool(_TEMPLATE_NAME.fullmatch(folded))


def percent_text(text: str) -> str:
    """The number of a printed rate: *text* folded, spaces dropped, and a trailing "%" or
    "%(百分比)" dropped ("８６．３２ ％（百分比）" → "86.32"); the one reading of the percent
    forms, for :func:`read_percent` and :func:`perfeval.formatting.parse_rate`."""
    return _PERCENT_SUFFIX.sub("", normalize_text(text).replace(" ", ""))


def _number(value: object, field: str, row: Row) -> Decimal:
    if isinstance(value, str):
        return to_decimal(normalize_text(value).replace(" ", ""), field=field, row=row)
    return to_decimal(value, field=field, row=row)


def _non_negative(number: Decimal, field: str, row: Row, value: object) -> Decimal:
    if number < 0:
        raise InvalidAmountError("must not be negative", field=field, row=row, value=value)
    return number


def convert_money(amount: Decimal, unit: str, into: str) -> Decimal:
    """*amount* in money *unit* expressed in money unit *into* (517900 元 → 51.79 万元).

    >>> convert_money(Decimal(60), "万元", "元")
    Decimal('600000')
    """
    return divide(multiply(amount, MONEY_UNITS[unit]), MONEY_UNITS[into])


def read_amount(
    value: object, *, field: str, row: Row = None, unit: str | None = "万元"
) -> Decimal | None:
    """A non-negative amount in *unit*; text may end in a money unit (元, 千元, 万元,
    亿元), converted into *unit* when *unit* is one too."""
    if is_blank(value):
        return None
    if isinstance(value, str):
        text = normalize_text(value).replace(" ", "")
        match = _MONEY_SUFFIX.search(text)
        if match and match.start() > 0 and unit in MONEY_UNITS:
            number = _number(text[: match.start()], field, row)
            converted = convert_money(number, match.group(1), unit)
            return _non_negative(converted, field, row, value)
        value = text
    return _non_negative(_number(value, field, row), field, row, value)


def read_points(value: object, *, field: str, row: Row = None) -> Decimal | None:
    """A non-negative weight or score; text may end in 分 ("10分")."""
    if type(value) is str:
        try:
            return _points_text(value)
        except PerfevalError as error:  # the same error, naming the field and the row
            raise type(error)(error.reason, field=field, row=row, value=error.value) from None
    if is_blank(value):
        return None
    return _non_negative(_number(value, field, row), field, row, value)


@short_text_cache(maxsize=4096, longest=32)
def _points_text(text: str) -> Decimal | None:
    """:func:`read_points` of printed text, kept per text: tables repeat their weights."""
    if is_blank(text):
        return None
    value = normalize_text(text).replace(" ", "").removesuffix("分")
    return _non_negative(_number(value, "", None), "", None, value)


def read_percent(value: object, *, field: str, row: Row = None) -> Decimal | None:
    """A printed rate in percent: "86.32%", "86.32%(百分比)" or a bare "86.32"."""
    if is_blank(value):
        return None
    if isinstance(value, str):
        value = percent_text(value)
    return _non_negative(_number(value, field, row), field, row, value)


def read_measure(value: object, *, field: str, row: Row = None) -> Decimal | None:
    """A measured value that may be negative; a trailing "%" is dropped."""
    if is_blank(value):
        return None
    if isinstance(value, str):
        value = percent_text(value)
    return _number(value, field, row)


def read_text(value: object, *, field: str, row: Row = None) -> str | None:
    """Printed text: a string as written, a number cell as its printed digits, ``None``
    for ``None``; anything else is refused with :class:`~perfeval.errors.InvalidTypeError`."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return fixed(to_decimal(value, field=field, row=row))
    raise InvalidTypeError(
        f"expected text, not {type(value).__name__}", field=field, row=row, value=value
    )


def read_year(value: object, *, field: str = "year") -> int | None:
    """A fiscal year: 2023, "2023", "2023年", "2023年度"; blank is ``None``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return value
    if isinstance(value, str):
        match = _YEAR_TEXT.fullmatch(normalize_text(value).replace(" ", ""))
        if match and match.group(1).isascii():
            return int(match.group(1))
    raise InvalidNumberError("expected a year such as 2023", field=field, value=value)


def shown_digits(number: Decimal, digits: int = 15) -> Decimal:
    """*number* as a spreadsheet shows it: rounded half up to *digits* significant digits
    (15, as Excel and WPS show a number), trailing zeros dropped.

    >>> shown_digits(Decimal("51.790000000000006"))
    Decimal('51.79')
    """
    if not number:
        return Decimal(0)
    places = digits - number.adjusted() - 1
    shown = quantize_half_up(number, places) if places < 28 else number
    return shown.normalize() if shown == shown.to_integral() or places > 0 else shown


@private_context
def spreadsheet_number(value: float) -> Decimal:
    """A number cell of a spreadsheet (a stored double) as the spreadsheet shows it: its
    exact shortest text, then 15 significant digits; no float arithmetic.

    >>> spreadsheet_number(12.3 + 39.49)
    Decimal('51.79')
    """
    if isinstance(value, bool) or not isinstance(value, float | int):
        raise InvalidTypeError(f"expected a number, not {type(value).__name__}", value=value)
    number = Decimal(repr(value))
    if not number.is_finite():
        raise InvalidNumberError("not a finite number", value=value)
    return shown_digits(number)
