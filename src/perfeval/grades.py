"""Grade bands: 优 / 良 / 中 / 差 as data.

A :class:`GradeScale` is a tuple of :class:`GradeBand` objects, each inclusive at its lower
bound. The national scale is :data:`NATIONAL_GRADES`: [90, 100] 优, [80, 90) 良,
[60, 80) 中, below 60 差. A policy may carry another scale.

Which total is graded is stated by :attr:`GradeScale.basis`: ``"exact"`` (the default)
grades the total as given, ``"rounded"`` rounds it half up to two decimals first. A
scorecard's total is already the sum of two-decimal row scores, so both bases agree on
it; they differ only for totals with more decimals, such as 89.995 (良 exact, 优 rounded).

>>> NATIONAL_GRADES.grade(Decimal("90")).label
'优'
>>> NATIONAL_GRADES.grade(Decimal("89.995")).label
'良'
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Literal

import attrs

from perfeval._validate import instances, required_text, texts, tuple_of
from perfeval.errors import InvalidPolicyError, InvalidTypeError
from perfeval.number import normalize_text, quantize_half_up, to_decimal

_BRACKETED = re.compile(r"[(（\[【].*?[)）\]】]")

__all__ = ["NATIONAL_GRADES", "GradeBand", "GradeScale"]


def _lower(value: object) -> Decimal | None:
    """A band's lower bound: ``None`` or an exact number (a float or NaN refused)."""
    if value is None or (type(value) is Decimal and value.is_finite()):
        return value
    return to_decimal(value, field="lower")


@attrs.frozen(kw_only=True)
class GradeBand:
    """One grade: its printed label, English name, and inclusive lower bound."""

    label: str = attrs.field(validator=required_text)
    name: str = attrs.field(validator=required_text)
    lower: Decimal | None = attrs.field(default=None, converter=_lower)
    """Inclusive lower bound; ``None`` for the bottom band (everything below the others)."""
    aliases: tuple[str, ...] = attrs.field(default=(), validator=texts)
    """Other ways tables print this grade ("优秀" for 优)."""


def _check_bands(_instance: object, _attribute: object, bands: tuple[GradeBand, ...]) -> None:
    """Every total falls in exactly one band, and every printed grade names one band:
    bands ordered from the highest lower bound down (none from the same total), the last
    one open below, and no label, name or alias shared by two bands."""
    if not bands:
        raise InvalidPolicyError("a grade scale needs at least one band", field="bands")
    bounds = [band.lower for band in bands]
    if bounds[-1] is not None or any(bound is None for bound in bounds[:-1]):
        raise InvalidPolicyError(
            "only the last (lowest) band may have no lower bound", field="bands", value=bounds
        )
    known = [bound for bound in bounds if bound is not None]
    if any(a <= b for a, b in itertools.pairwise(known)):
        raise InvalidPolicyError(
            "bands must be ordered from the highest lower bound down", field="bands", value=known
        )
    seen: dict[str, str] = {}
    for band in bands:
        for word in {band.label, band.name, *band.aliases}:
            owner = seen.setdefault(word, band.label)
            if owner != band.label:
                raise InvalidPolicyError(
                    f"the bands {owner} and {band.label} are both printed as {word!r}",
                    field="bands",
                    value=word,
                )


def _check_basis(_instance: object, _attribute: object, basis: object) -> None:
    if basis not in ("exact", "rounded"):
        raise InvalidPolicyError("expected exact or rounded", field="basis", value=basis)


def _band_tuple(bands: Iterable[GradeBand]) -> tuple[GradeBand, ...]:
    items: tuple[GradeBand, ...] = tuple_of(GradeBand, "bands")(bands)
    return items


@attrs.frozen(kw_only=True)
class GradeScale:
    """An ordered band table, highest band first, and the basis on which totals are graded."""

    bands: tuple[GradeBand, ...] = attrs.field(
        converter=_band_tuple, validator=[instances(GradeBand), _check_bands]
    )
    basis: Literal["exact", "rounded"] = attrs.field(default="exact", validator=_check_basis)

    def grade(self, total: Decimal) -> GradeBand:
        """The band that *total* falls in (inclusive at each band's lower bound)."""
        if type(total) is not Decimal or not total.is_finite():
            total = to_decimal(total, field="total")
        value = quantize_half_up(total, 2) if self.basis == "rounded" else total
        for band in self.bands:
            if band.lower is None or value >= band.lower:
                return band
        raise AssertionError("unreachable: the last band has no lower bound")  # pragma: no cover

    def band(self, label: str) -> GradeBand | None:
        """The band printed as *label* ("优", "优秀", "优（98分）") or named so
        ("excellent"), if any."""
        if not isinstance(label, str):
            raise InvalidTypeError(
                f"expected a printed grade, not {type(label).__name__}", field="grade", value=label
            )
        text = _BRACKETED.sub("", normalize_text(label)).strip().removesuffix("级")
        text = text.removesuffix("等") if len(text) > 1 else text
        for band in self.bands:
            if text in (band.label, band.name, *band.aliases):
                return band
        return None


#: The national grade scale (财预〔2020〕10号): 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below.
NATIONAL_GRADES = GradeScale(
    bands=(
        GradeBand(label="优", name="excellent", lower=Decimal(90), aliases=("优秀",)),
        GradeBand(label="良", name="good", lower=Decimal(80), aliases=("良好",)),
        GradeBand(label="中", name="fair", lower=Decimal(60), aliases=("中等", "一般", "合格")),
        GradeBand(label="差", name="poor", aliases=("较差", "不合格")),
    )
)
