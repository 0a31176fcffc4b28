"""Scoring formulas as data: each form computes its value and describes itself.

A quantitative row that misses its target scores by a formula of its weight *w*, target
*t* and actual *a*. Each formula is a small frozen object with two methods that read the
same numbers, so the explanation cannot disagree with the value:

- :meth:`Formula.value` gives the **exact** rational value (a :class:`~fractions.Fraction`:
  multiply first, divide once, never a rounded quotient);
- :meth:`Formula.describe` writes the same computation with its numbers.

The built-in formulas compute once, with integers, in ``ratio()`` (the exact value as a
numerator and a positive denominator: what scoring uses, since building fractions costs
more than the arithmetic); their ``value()`` is that ratio as a fraction, and their
``ratio_column()`` the same integers for many rows at once (what
:func:`perfeval.bulk.score_rows` uses; :func:`column_of` asks each formula so). A formula
of your own needs only ``value()`` and ``describe()``: :func:`exact_ratio` asks each
formula the same way.

A policy names its formulas by id (``reverse_form="linear"``). :data:`FORMULAS` holds the
built-in ones per role (``positive``, ``reverse``, ``equal``); a formula of a region's
own travels **inside its policy** (:attr:`perfeval.policy.Policy.formulas`), so that its
id means that formula in that policy only, and the policy carries it to any process:

>>> import attrs
>>> from perfeval.policy import MOF_2020
>>> half = LinearReverse(floor=Decimal("0.5"))
>>> mine = attrs.evolve(MOF_2020, id="mine", reverse_form="floored",
...                     formulas={"reverse": {"floored": half}})
>>> mine.formula("reverse") is half
True
>>> half.describe(Decimal(10), Decimal(60), Decimal(150))
'10 × max(0.5, 1 − (150 − 60) / 60)'
>>> half.value(Decimal(10), Decimal(60), Decimal(150))
Fraction(5, 1)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal, Protocol, runtime_checkable

import attrs

from perfeval.errors import InvalidNumberError, InvalidPolicyError, InvalidTypeError
from perfeval.number import fixed

if TYPE_CHECKING:  # pragma: no cover
    from perfeval.integers import Exact

__all__ = [
    "FORMULAS",
    "Formula",
    "InverseRatio",
    "LinearReverse",
    "Ratio",
    "RatioColumn",
    "RatioOf",
    "Role",
    "Symmetric",
    "column_of",
    "exact_ratio",
    "formula_for",
    "ratio_of",
]

#: What a formula scores: positive targets (≥ >), reverse targets (≤ <), or "=" targets.
Role = Literal["positive", "reverse", "equal"]
ROLES: Final = ("positive", "reverse", "equal")


@runtime_checkable
class Formula(Protocol):
    """A scoring form for a missed quantitative target (target > 0)."""

    def value(self, weight: Decimal, target: Decimal, actual: Decimal) -> Fraction:
        """The exact, uncapped score."""
        ...

    def describe(self, weight: Decimal, target: Decimal, actual: Decimal) -> str:
        """The computation with its numbers, e.g. ``15 × 46 / 50``."""
        ...


def _t(value: Decimal) -> str:
    return fixed(value)


#: A formula's exact value as integers: (weight, target, actual) → (numerator,
#: denominator > 0), not necessarily in lowest terms.
RatioOf = Callable[[Decimal, Decimal, Decimal], tuple[int, int]]


def ratio_of(formula: Formula) -> RatioOf:
    """How *formula*'s exact value is computed as integers: ``ratio()`` for the built-in
    formulas themselves, else the ``value()`` the formula gives (a formula of your own, or
    a subclass that changes ``value()``). Ask once, compute for many rows."""
    if type(formula) in _INTEGER_FORMS:
        ratio: RatioOf = formula.ratio  # type: ignore[attr-defined]
        return ratio

    def through_value(weight: Decimal, target: Decimal, actual: Decimal) -> tuple[int, int]:
        return formula.value(weight, target, actual).as_integer_ratio()

    return through_value


#: The exact values of a column of rows: (weights, targets, actuals), each a pair of
#: integer columns (numerators, denominators > 0: :class:`perfeval.integers.Exact`, what
#: ``Decimal.as_integer_ratio`` and :attr:`~perfeval.targets.Comparison.exact` give for
#: one number) → the (numerators, denominators > 0) of the rows, as :data:`RatioOf`
#: gives each.
RatioColumn = Callable[["Exact", "Exact", "Exact"], "Exact"]


def column_of(formula: Formula) -> RatioColumn:
    """How *formula*'s exact values are computed for a column of rows, on integer columns
    (NumPy; see :mod:`perfeval.integers`): ``ratio_column()`` for the built-in formulas
    themselves (every row at once), else :func:`ratio_of` row by row, each number given
    back as the ``Decimal`` of its value (its printed decimal places are not kept: a
    formula's value depends on the numbers, not on how they were printed). Row *i* of
    the column is what :func:`ratio_of` gives for row *i*, the same value (a law in the
    tests)."""
    if type(formula) in _INTEGER_FORMS:
        column: RatioColumn = formula.ratio_column  # type: ignore[attr-defined]
        return column
    one = ratio_of(formula)

    def row_by_row(weights: Any, targets: Any, actuals: Any) -> Any:
        from perfeval.integers import pairs

        numbers = [_rows_of(part) for part in (weights, targets, actuals)]
        return pairs(
            [
                one(_decimal_of(w), _decimal_of(t), _decimal_of(a))
                for w, t, a in zip(*numbers, strict=True)
            ]
        )

    return row_by_row


def _rows_of(part: Any) -> list[tuple[int, int]]:
    """The (numerator, denominator) of each row of a pair of integer columns."""
    tops, belows = part
    return [(int(top), int(below)) for top, below in zip(tops, belows, strict=True)]


def _decimal_of(exact: tuple[int, int]) -> Decimal:
    """The ``Decimal`` that the integers *exact* (numerator, denominator > 0) stand for,
    exactly, with the fewest decimal places that hold it (``10.00`` comes back as ``10``:
    equal in value, which is what a formula computes on): the denominator must divide a
    power of ten, as those of a ``Decimal``'s ``as_integer_ratio()`` do;
    :class:`~perfeval.errors.InvalidNumberError` otherwise."""
    top, below = exact
    places = max(_factor(below, 2), _factor(below, 5)) if below > 0 else 0
    scale, rest = divmod(10**places, below) if below > 0 else (0, 1)
    if rest:
        raise InvalidNumberError(f"{top}/{below} is not a decimal number", value=(top, below))
    return Decimal(top * scale).scaleb(-places, _EXACT)


def _factor(number: int, prime: int) -> int:
    """How many times *prime* divides *number* (> 0)."""
    count = 0
    while number > 0 and number % prime == 0:
        number //= prime
        count += 1
    return count


# Wide enough for any number a table holds (the limits bound its digits).
_EXACT: Final = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)


def exact_ratio(
    formula: Formula, weight: Decimal, target: Decimal, actual: Decimal
) -> tuple[int, int]:
    """*formula*'s exact value as integers in lowest terms (numerator, denominator > 0),
    computed as :func:`ratio_of` says."""
    top, below = ratio_of(formula)(weight, target, actual)
    common = math.gcd(top, below)
    return top // common, below // common


def _terms(weight: Decimal, target: Decimal, actual: Decimal) -> tuple[int, ...]:
    """The numerators and denominators of the three numbers, in order."""
    wn, wd = weight.as_integer_ratio()
    tn, td = target.as_integer_ratio()
    an, ad = actual.as_integer_ratio()
    return wn, wd, tn, td, an, ad


def _signed(top: int, below: int) -> tuple[int, int]:
    """*top* / *below* with a positive denominator; a zero one divides by zero, as the
    fraction it stands for would."""
    if below == 0:
        raise ZeroDivisionError("a formula's value divides by zero")
    return (-top, -below) if below < 0 else (top, below)


@attrs.frozen
class Ratio:
    """Positive targets: weight × actual / target."""

    def ratio(self, weight: Decimal, target: Decimal, actual: Decimal) -> tuple[int, int]:
        """The exact value: numerator and (positive) denominator."""
        wn, wd, tn, td, an, ad = _terms(weight, target, actual)
        return _signed(wn * an * td, wd * ad * tn)

    def ratio_column(self, weights: Exact, targets: Exact, actuals: Exact) -> Exact:
        """:meth:`ratio` of each row of integer columns, at once."""
        from perfeval.integers import exact_column, multiply, signed

        (wn, wd), (tn, td), (an, ad) = map(exact_column, (weights, targets, actuals))
        return signed(multiply(wn, an, td), multiply(wd, ad, tn))

    def value(self, weight: Decimal, target: Decimal, actual: Decimal) -> Fraction:
        return Fraction(*self.ratio(weight, target, actual))

    def describe(self, weight: Decimal, target: Decimal, actual: Decimal) -> str:
        return f"{_t(weight)} × {_t(actual)} / {_t(target)}"


@attrs.frozen
class InverseRatio:
    """Reverse targets, ratio form: weight × target / actual."""

    def ratio(self, weight: Decimal, target: Decimal, actual: Decimal) -> tuple[int, int]:
        """The exact value: numerator and (positive) denominator."""
        wn, wd, tn, td, an, ad = _terms(weight, target, actual)
        return _signed(wn * tn * ad, wd * td * an)

    def ratio_column(self, weights: Exact, targets: Exact, actuals: Exact) -> Exact:
        """:meth:`ratio` of each row of integer columns, at once."""
        from perfeval.integers import exact_column, multiply, signed

        (wn, wd), (tn, td), (an, ad) = map(exact_column, (weights, targets, actuals))
        return signed(multiply(wn, tn, ad), multiply(wd, td, an))

    def value(self, weight: Decimal, target: Decimal, actual: Decimal) -> Fraction:
        return Fraction(*self.ratio(weight, target, actual))

    def describe(self, weight: Decimal, target: Decimal, actual: Decimal) -> str:
        return f"{_t(weight)} × {_t(target)} / {_t(actual)}"


def _share(_instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if not isinstance(value, Decimal) or not value.is_finite() or not 0 <= value <= 1:
        raise InvalidPolicyError("must be a Decimal in [0, 1]", field=attribute.name, value=value)


@attrs.frozen
class LinearReverse:
    """Reverse targets, linear form: weight × (1 − (actual − target) / target), never below
    *floor* × weight (0 in the national variant)."""

    floor: Decimal = attrs.field(default=Decimal(0), validator=_share)

    def ratio(self, weight: Decimal, target: Decimal, actual: Decimal) -> tuple[int, int]:
        """The exact value: numerator and (positive) denominator."""
        return self._of(*_terms(weight, target, actual))

    def ratio_column(self, weights: Exact, targets: Exact, actuals: Exact) -> Exact:
        """:meth:`ratio` of each row of integer columns, at once."""
        from perfeval.integers import Exact, choose, exact_column, multiply, signed, subtract

        (wn, wd), (tn, td), (an, ad) = map(exact_column, (weights, targets, actuals))
        fn, fd = self.floor.as_integer_ratio()
        value = signed(
            multiply(wn, subtract(multiply(2, tn, ad), multiply(an, td))), multiply(wd, ad, tn)
        )
        low = Exact(multiply(wn, fn), multiply(wd, fd))  # weight × floor
        floored = multiply(low.numerators, value.denominators) > multiply(
            value.numerators, low.denominators
        )
        return choose(floored, low, value)

    def _of(self, wn: int, wd: int, tn: int, td: int, an: int, ad: int) -> tuple[int, int]:
        fn, fd = self.floor.as_integer_ratio()
        top, below = _signed(wn * (2 * tn * ad - an * td), wd * ad * tn)  # w × (2t − a) / t
        low_top, low_below = wn * fn, wd * fd  # w × floor
        if low_top * below > top * low_below:
            return low_top, low_below
        return top, below

    def value(self, weight: Decimal, target: Decimal, actual: Decimal) -> Fraction:
        return Fraction(*self.ratio(weight, target, actual))

    def describe(self, weight: Decimal, target: Decimal, actual: Decimal) -> str:
        w, t, a = _t(weight), _t(target), _t(actual)
        return f"{w} × max({_t(self.floor)}, 1 − ({a} − {t}) / {t})"


@attrs.frozen
class Symmetric:
    """ "=" targets, symmetric form: weight × (1 − ``|actual − target|`` / target), floored at 0:
    over and under the target both lose."""

    def ratio(self, weight: Decimal, target: Decimal, actual: Decimal) -> tuple[int, int]:
        """The exact value: numerator and (positive) denominator."""
        return self._of(*_terms(weight, target, actual))

    def ratio_column(self, weights: Exact, targets: Exact, actuals: Exact) -> Exact:
        """:meth:`ratio` of each row of integer columns, at once."""
        from perfeval.integers import Exact, choose, exact_column, multiply, signed, subtract

        (wn, wd), (tn, td), (an, ad) = map(exact_column, (weights, targets, actuals))
        gap = abs(subtract(multiply(an, td), multiply(tn, ad)))
        value = signed(multiply(wn, subtract(multiply(tn, ad), gap)), multiply(wd, ad, tn))
        zero = Exact(value.numerators * 0, value.numerators * 0 + 1)  # 0/1 in each row
        return choose(value.numerators > 0, value, zero)

    @staticmethod
    def _of(wn: int, wd: int, tn: int, td: int, an: int, ad: int) -> tuple[int, int]:
        # w × (t − |a − t|) / t
        top, below = _signed(wn * (tn * ad - abs(an * td - tn * ad)), wd * ad * tn)
        return (top, below) if top > 0 else (0, 1)

    def value(self, weight: Decimal, target: Decimal, actual: Decimal) -> Fraction:
        return Fraction(*self.ratio(weight, target, actual))

    def describe(self, weight: Decimal, target: Decimal, actual: Decimal) -> str:
        w, t, a = _t(weight), _t(target), _t(actual)
        return f"{w} × max(0, 1 − |{a} − {t}| / {t})"


RATIO: Final = Ratio()
INVERSE_RATIO: Final = InverseRatio()
LINEAR: Final = LinearReverse()
SYMMETRIC: Final = Symmetric()

#: The built-in forms that compute with integers (exactly these classes: a subclass may
#: change ``value()``, which is then what counts).
_INTEGER_FORMS: Final = frozenset({Ratio, InverseRatio, LinearReverse, Symmetric})

#: The built-in formulas, by role and id (what a policy's ``*_form`` ids name unless the
#: policy defines a formula of that id itself).
_BUILT_IN: Final[dict[str, dict[str, Formula]]] = {
    "positive": {"ratio": RATIO},
    "reverse": {"ratio": INVERSE_RATIO, "linear": LINEAR},
    "equal": {"positive": RATIO, "symmetric": SYMMETRIC},
}

#: The built-in formulas by role and id, read-only.
FORMULAS: Final[Mapping[str, Mapping[str, Formula]]] = MappingProxyType(
    {role: MappingProxyType(forms) for role, forms in _BUILT_IN.items()}
)


def check_formula(role: object, formula_id: object, formula: object) -> None:
    """Refuse, with :class:`~perfeval.errors.InvalidPolicyError` or
    :class:`~perfeval.errors.InvalidTypeError`, what is not a role, an id and a formula
    object."""
    if role not in ROLES:
        raise InvalidPolicyError(
            f"unknown role; known: {', '.join(ROLES)}", field="formulas", value=role
        )
    if not isinstance(formula_id, str) or not formula_id.strip():
        raise InvalidTypeError("a formula id is text", field=f"formulas.{role}", value=formula_id)
    if not isinstance(formula, Formula):
        raise InvalidTypeError(
            "expected a formula object with value() and describe()",
            field=f"formulas.{role}.{formula_id}",
            value=formula,
        )


def formula_for(role: Role, formula_id: str) -> Formula:
    """The built-in formula *formula_id* for *role*; :class:`InvalidPolicyError` if there is
    none. A policy's own formulas, which travel with it, are found by
    :meth:`perfeval.policy.Policy.formula`."""
    if not isinstance(role, str) or role not in _BUILT_IN:
        raise InvalidPolicyError(
            f"unknown role; known: {', '.join(_BUILT_IN)}", field="role", value=role
        )
    forms = _BUILT_IN[role]
    try:
        return forms[formula_id]
    except (KeyError, TypeError):
        known = ", ".join(forms)
        raise InvalidPolicyError(
            f"unknown formula; known: {known}", field=f"{role}_form", value=formula_id
        ) from None
