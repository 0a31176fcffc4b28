"""Scoring policies: every rule parameter in one frozen object.

A :class:`Policy` is data. The national default is :data:`MOF_2020`; regional practice is
a policy made from it with :func:`attrs.evolve`, never a branch on a province's name.
:data:`POLICIES` registers the built-in variants by id, and :func:`get_policy` looks one
up.

Formulas are named by id (``reverse_form="linear"``) and resolved through
:mod:`perfeval.formulas`; every text setting is checked when the policy is made, so a
misspelt setting fails at once with :class:`~perfeval.errors.InvalidPolicyError`.

>>> import attrs
>>> mine = attrs.evolve(MOF_2020, id="my-city", cap_execution_score=False)
>>> mine.reverse_form
'ratio'
>>> attrs.evolve(MOF_2020, reverse_form="linar")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
perfeval.errors.InvalidPolicyError: reverse_form: unknown formula; ... (got 'linar')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Final, Literal

import attrs

from perfeval.errors import InvalidPolicyError, InvalidTypeError, UnknownPolicyError
from perfeval.formulas import Formula, Role, formula_for
from perfeval.grades import NATIONAL_GRADES, GradeScale
from perfeval.number import DecimalInput, to_decimal

__all__ = [
    "MOF_2020",
    "POLICIES",
    "Policy",
    "get_policy",
    "policy_ids",
    "resolve_policy",
]


def _number(value: DecimalInput) -> Decimal:
    return to_decimal(value, field="policy")


def _optional_number(value: DecimalInput | None) -> Decimal | None:
    return None if value is None else to_decimal(value, field="policy")


def _fraction(_instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if not isinstance(value, Decimal) or not value.is_finite() or not 0 <= value <= 1:
        raise InvalidPolicyError("must be a Decimal in [0, 1]", field=attribute.name, value=value)


def _optional_points(
    _instance: object, attribute: attrs.Attribute[Decimal | None], value: Decimal | None
) -> None:
    if value is not None and not value > 0:
        raise InvalidPolicyError(
            "must be a positive Decimal or None", field=attribute.name, value=value
        )


def _form(role: Role) -> Callable[[object, attrs.Attribute[str], str], None]:
    def check(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
        formula_for(role, value)

    return check


def _one_of(*choices: str) -> Callable[[object, attrs.Attribute[str], str], None]:
    def check(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in choices:
            raise InvalidPolicyError(
                f"expected one of {', '.join(choices)}", field=attribute.name, value=value
            )

    return check


def _text(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError(
            f"expected text, not {type(value).__name__}", field=attribute.name, value=value
        )


def _keys(value: object) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidTypeError("expected a set of group keys", field="reverse_level2", value=value)
    return frozenset(str(key) for key in value)


@attrs.frozen(kw_only=True)
class Policy:
    """How a table is scored and audited. Change one with :func:`attrs.evolve`."""

    id: str = attrs.field(validator=_text)
    """Registry id, recorded on every scorecard (``"mof-2020"``)."""
    title: str = attrs.field(default="", validator=_text)
    """One line saying what the policy is for."""

    # Funds (预算执行率)
    cap_execution_score: bool = True
    """Cap the funds score at its weight when more than the budget is spent."""
    funds_weight: Decimal | None = attrs.field(
        default=None, converter=_optional_number, validator=_optional_points
    )
    """Points for budget execution; ``None`` keeps the weight the table prints."""
    default_funds_weight: Decimal | None = attrs.field(
        default=None, converter=_optional_number, validator=_optional_points
    )
    """Points for budget execution when the table prints none (the national template
    fixes them at 10); ``None`` leaves such a table's funds unscored."""
    indicator_points: Decimal | None = attrs.field(
        default=None, converter=_optional_number, validator=_optional_points
    )
    """Points shared by the indicators; ``None`` keeps the printed weights, else the
    printed weights are rescaled in proportion to add up to this."""

    # Quantitative rules: formula ids resolved through perfeval.formulas
    positive_form: str = attrs.field(default="ratio", validator=_form("positive"))
    """Positive (≥, >) targets missed: ``ratio`` = weight × actual / target."""
    reverse_form: str = attrs.field(default="ratio", validator=_form("reverse"))
    """Reverse (≤, <) targets missed: ``ratio`` = weight × target / actual,
    ``linear`` = weight × (1 − (actual − target) / target), floored at 0, or a registered
    form of a region's own."""
    equal_form: str = attrs.field(default="positive", validator=_form("equal"))
    """"=" targets: ``positive`` (scored as positive targets), or ``symmetric``:
    weight × (1 − abs(a − t) / t), floored at 0."""
    strict_operators: Literal["inclusive", "strict"] = attrs.field(
        default="inclusive", validator=_one_of("inclusive", "strict")
    )
    """Whether an actual equal to the bound of ">" or "<" meets it (``inclusive``) or not."""
    reverse_level2: frozenset[str] = attrs.field(default=frozenset({"cost"}), converter=_keys)
    """Keys of level-2 groups whose targets without an operator are reverse targets."""
    over_achievement_threshold: Decimal = attrs.field(default=Decimal("1.3"), converter=_number)
    """actual / target at or above which a positive row needs a deviation note."""

    # Qualitative rules
    qualitative_met_floor: Decimal = attrs.field(
        default=Decimal("0.8"), converter=_number, validator=_fraction
    )
    """Lowest share of the weight for a met (达成) qualitative row."""
    qualitative_partly_floor: Decimal = attrs.field(
        default=Decimal("0.6"), converter=_number, validator=_fraction
    )
    """Lowest share of the weight for a partly met (部分达成) row; not met lies below."""

    # Table
    rescale_not_applicable: bool = False
    """Rescale the total to 100 when not-applicable rows leave points unassigned."""
    grades: GradeScale = NATIONAL_GRADES
    """The grade bands and the basis (exact or rounded total) they apply to."""

    # Audit
    tolerance: Decimal = attrs.field(default=Decimal(0), converter=_number)
    """How far a printed value may lie from the computed one and still agree."""
    match_printed_precision: bool = True
    """Compare at the printed value's own precision: "86%" agrees with 86.32%."""

    def __attrs_post_init__(self) -> None:
        if self.qualitative_partly_floor > self.qualitative_met_floor:
            raise InvalidPolicyError(
                "must not exceed qualitative_met_floor",
                field="qualitative_partly_floor",
                value=self.qualitative_partly_floor,
            )
        if self.over_achievement_threshold < 1:
            raise InvalidPolicyError(
                "must be at least 1",
                field="over_achievement_threshold",
                value=self.over_achievement_threshold,
            )
        if self.tolerance < 0:
            raise InvalidPolicyError(
                "must not be negative", field="tolerance", value=self.tolerance
            )
        if not isinstance(self.grades, GradeScale):
            raise InvalidTypeError("expected a GradeScale", field="grades", value=self.grades)

    def formula_id(self, role: Role) -> str:
        """The id of the formula this policy scores a missed *role* target by."""
        if role == "positive":
            return self.positive_form
        return self.reverse_form if role == "reverse" else self.equal_form

    def formula(self, role: Role) -> Formula:
        """The formula this policy scores a missed *role* target by."""
        return formula_for(role, self.formula_id(role))


#: The national default (财预〔2020〕10号), followed by most provinces.
MOF_2020: Final = Policy(
    id="mof-2020",
    title="National default (财预〔2020〕10号): capped execution score, ratio reverse rule",
)

_VARIANTS: Final = (
    MOF_2020,
    attrs.evolve(
        MOF_2020,
        id="mof-2020-uncapped",
        title="National default, execution score not capped at its weight",
        cap_execution_score=False,
    ),
    attrs.evolve(
        MOF_2020,
        id="mof-2020-linear-reverse",
        title="National default, reverse targets by the linear form",
        reverse_form="linear",
    ),
    attrs.evolve(
        MOF_2020,
        id="mof-2020-tier50",
        title="National default, qualitative 'partly met' tier from 50%",
        qualitative_partly_floor=Decimal("0.5"),
    ),
    attrs.evolve(
        MOF_2020,
        id="mof-2020-20-80",
        title="20 points for budget execution, 80 for the indicators",
        funds_weight=Decimal(20),
        indicator_points=Decimal(80),
    ),
    attrs.evolve(
        MOF_2020,
        id="mof-2020-rescaled",
        title="National default, total rescaled to 100 over applicable rows",
        rescale_not_applicable=True,
    ),
)

#: Built-in policies by id.
POLICIES: Final[Mapping[str, Policy]] = {policy.id: policy for policy in _VARIANTS}


def policy_ids() -> Iterable[str]:
    """Ids of the built-in policies, in registry order."""
    return tuple(POLICIES)


def resolve_policy(policy: Policy | str) -> Policy:
    """*policy* itself, or the built-in policy whose id it is; any other object is refused
    with :class:`~perfeval.errors.InvalidTypeError`. Every public function that takes a
    policy accepts either."""
    if isinstance(policy, Policy):
        return policy
    if isinstance(policy, str):
        return get_policy(policy)
    raise InvalidTypeError(
        f"expected a Policy or a policy id, not {type(policy).__name__}",
        field="policy",
        value=policy,
    )


def get_policy(policy_id: str) -> Policy:
    """The built-in policy with *policy_id*; :class:`UnknownPolicyError` if none."""
    try:
        return POLICIES[policy_id]
    except KeyError:
        known = ", ".join(POLICIES)
        raise UnknownPolicyError(
            f"unknown policy; known: {known}", field="policy", value=policy_id
        ) from None
