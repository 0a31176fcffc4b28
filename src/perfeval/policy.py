"""Scoring policies: every rule parameter in one frozen object.

A :class:`Policy` is data. The national default is :data:`MOF_2020`; regional practice is
a policy made from it with :func:`attrs.evolve`, never a branch on a province's name.
:data:`POLICIES` registers the built-in variants by id, and :func:`get_policy` looks one
up.

A policy is a self-contained **value**: it compares and hashes by value and pickles to
any process (``spawn`` workers, Dask, Spark) with everything it scores by. Formulas are
named by id (``reverse_form="linear"``): a built-in one of :mod:`perfeval.formulas`, or
one of the policy's own :attr:`Policy.formulas`, whose ids mean something in that policy
only (two regions may both call a formula ``floored``). Every text setting is checked
when the policy is made, so a misspelt setting fails at once with
:class:`~perfeval.errors.InvalidPolicyError`. Ids are looked up by name only where names
are read: policy files, documents that name a policy, the command line
(:func:`get_policy`, :func:`register_policy`).

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

from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, Final, Literal

import attrs

from perfeval._validate import expect, flag
from perfeval.errors import (
    InvalidPolicyError,
    InvalidTypeError,
    PerfevalError,
    UnknownPolicyError,
)
from perfeval.findings import Check, check_list
from perfeval.formulas import (
    Formula,
    InverseRatio,
    LinearReverse,
    Ratio,
    Role,
    Symmetric,
    check_formula,
    formula_for,
)
from perfeval.grades import NATIONAL_GRADES, GradeBand, GradeScale
from perfeval.number import DecimalInput, to_decimal

__all__ = [
    "MOF_2020",
    "POLICIES",
    "POLICY_FORMAT",
    "Policy",
    "PolicyFormula",
    "formula_from_mapping",
    "formula_to_mapping",
    "get_policy",
    "policy_from_mapping",
    "policy_ids",
    "policy_to_mapping",
    "register_policy",
    "registered_policies",
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


@attrs.frozen
class PolicyFormula:
    """A formula of a policy's own: the *role* it scores (``positive``, ``reverse`` or
    ``equal``), the *id* the policy's ``*_form`` settings name it by, and the formula
    object itself."""

    role: Role
    id: str
    formula: Formula


def _own_formulas(value: object) -> tuple[PolicyFormula, ...]:
    """A policy's own formulas from ``{role: {id: formula}}`` or :class:`PolicyFormula`
    values; each (role, id) once, in a stable order."""
    if value is None:
        return ()
    entries: list[PolicyFormula] = []
    if isinstance(value, Mapping):
        for role, forms in value.items():
            if not isinstance(forms, Mapping):
                raise InvalidTypeError(
                    "expected a mapping of formula ids to formulas",
                    field=f"formulas.{role}",
                    value=forms,
                )
            entries.extend(PolicyFormula(role, formula_id, f) for formula_id, f in forms.items())
    elif isinstance(value, Iterable) and not isinstance(value, str):
        entries = list(value)
    else:
        raise InvalidTypeError(
            "expected {role: {id: formula}} or PolicyFormula values", field="formulas", value=value
        )
    seen: dict[tuple[str, str], PolicyFormula] = {}
    for entry in entries:
        if not isinstance(entry, PolicyFormula):
            raise InvalidTypeError("expected a PolicyFormula", field="formulas", value=entry)
        check_formula(entry.role, entry.id, entry.formula)
        key = (entry.role, entry.id)
        if key in seen and seen[key] != entry:
            raise InvalidPolicyError(
                "two formulas with this id", field=f"formulas.{entry.role}", value=entry.id
            )
        seen[key] = entry
    return tuple(sorted(seen.values(), key=lambda entry: (entry.role, entry.id)))


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
    # a mapping is refused: its values would be dropped silently
    if isinstance(value, str | Mapping) or not isinstance(value, Iterable):
        raise InvalidTypeError("expected a set of group keys", field="reverse_level2", value=value)
    keys = tuple(value)
    for key in keys:
        if not isinstance(key, str):
            raise InvalidTypeError(
                "a group key is text", field="reverse_level2", value=key
            )  # never a number turned into text
    return frozenset(keys)


@attrs.frozen(kw_only=True)
class Policy:
    """How a table is scored and audited. Change one with :func:`attrs.evolve`."""

    id: str = attrs.field(validator=_text)
    """Registry id, recorded on every scorecard (``"mof-2020"``)."""
    title: str = attrs.field(default="", validator=_text)
    """One line saying what the policy is for (English)."""
    title_zh: str = attrs.field(default="", validator=_text)
    """The same line in Chinese."""

    # Funds (预算执行率)
    cap_execution_score: bool = attrs.field(default=True, validator=flag)
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
    positive_form: str = attrs.field(default="ratio", validator=_text)
    """Positive (≥, >) targets missed: ``ratio`` = weight × actual / target."""
    reverse_form: str = attrs.field(default="ratio", validator=_text)
    """Reverse (≤, <) targets missed: ``ratio`` = weight × target / actual,
    ``linear`` = weight × (1 − (actual − target) / target), floored at 0, or the id of one
    of the policy's own :attr:`formulas`."""
    equal_form: str = attrs.field(default="positive", validator=_text)
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
    rescale_not_applicable: bool = attrs.field(default=False, validator=flag)
    """Rescale the total to 100 when not-applicable rows leave points unassigned."""
    grades: GradeScale = NATIONAL_GRADES
    """The grade bands and the basis (exact or rounded total) they apply to."""

    formulas: tuple[PolicyFormula, ...] = attrs.field(default=(), converter=_own_formulas)
    """The policy's own formulas, which its ``*_form`` settings may name: given as
    ``{"reverse": {"floored": LinearReverse(floor=Decimal("0.5"))}}`` (or as
    :class:`PolicyFormula` values), kept as :class:`PolicyFormula` values sorted by role
    and id. An id here takes precedence over a built-in one of the same role."""

    # Audit
    checks: tuple[Check, ...] = attrs.field(default=(), converter=check_list)
    """Audit checks of the policy's own, run after :data:`perfeval.audit.CHECKS` (see
    docs/regional.md). A check is code: it travels to worker processes by its module
    and name, so define it in an importable module; it is not written to policy files."""
    tolerance: Decimal = attrs.field(default=Decimal(0), converter=_number)
    """How far a printed value may lie from the computed one and still agree."""
    match_printed_precision: bool = attrs.field(default=True, validator=flag)
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
        for role in ("positive", "reverse", "equal"):
            formula_id = self.formula_id(role)
            if self._own(role, formula_id) is None:
                formula_for(role, formula_id)  # a built-in, or refused naming it

    def _own(self, role: Role, formula_id: str) -> Formula | None:
        for entry in self.formulas:
            if entry.role == role and entry.id == formula_id:
                return entry.formula
        return None

    def formula_id(self, role: Role) -> str:
        """The id of the formula this policy scores a missed *role* target by."""
        if role == "positive":
            return self.positive_form
        return self.reverse_form if role == "reverse" else self.equal_form

    def formula(self, role: Role) -> Formula:
        """The formula object this policy scores a missed *role* target by: its own
        formula of that id, else the built-in one."""
        formula_id = self.formula_id(role)
        own = self._own(role, formula_id)
        return own if own is not None else formula_for(role, formula_id)


#: The national default (财预〔2020〕10号), followed by most provinces.
MOF_2020: Final = Policy(
    id="mof-2020",
    title="National default (财预〔2020〕10号): capped execution score, ratio reverse rule",
    title_zh="国家默认规则（财预〔2020〕10号）：预算执行得分封顶，反向指标按比值计分",
    default_funds_weight=Decimal(10),
)

# Policies as data: the mapping form, files, and the registry -----------------------------

_SETTINGS: Final = tuple(
    field.name
    for field in attrs.fields(Policy)
    if field.name not in ("id", "title", "title_zh", "formulas", "checks")
)
_KINDS: Final[dict[str, Callable[..., Formula]]] = {
    "ratio": Ratio,
    "inverse-ratio": InverseRatio,
    "linear": LinearReverse,
    "symmetric": Symmetric,
}
_TOP_KEYS: Final = frozenset({"format", "id", "title", "extends", "settings", "formulas"})
POLICY_FORMAT: Final = "perfeval.policy/1"


def _policy_error(key: str, message: str, value: object = None) -> InvalidPolicyError:
    return InvalidPolicyError(message, field=key, value=value)


def _grades(value: object, key: str) -> GradeScale:
    if not isinstance(value, Mapping):
        raise _policy_error(key, "expected a table with basis and bands", value)
    unknown = set(value) - {"basis", "bands"}
    if unknown:
        raise _policy_error(f"{key}.{sorted(unknown)[0]}", "unknown key; known: basis, bands")
    listed = value.get("bands", NATIONAL_GRADES.bands)  # absent: the national bands
    if listed is not NATIONAL_GRADES.bands and (
        isinstance(listed, str | Mapping) or not isinstance(listed, list | tuple) or not listed
    ):
        raise _policy_error(f"{key}.bands", "expected a list of one or more bands", listed)
    bands = []
    for index, band in enumerate(listed):
        if isinstance(band, GradeBand):
            bands.append(band)
            continue
        where = f"{key}.bands[{index}]"
        if not isinstance(band, Mapping):
            raise _policy_error(where, "expected a table with label, name, lower, aliases", band)
        if "label" not in band:
            raise _policy_error(f"{where}.label", "required")
        label = _band_text(band["label"], f"{where}.label")
        aliases = band.get("aliases", ())
        if isinstance(aliases, str) or not isinstance(aliases, list | tuple):
            raise _policy_error(f"{where}.aliases", "expected a list of texts", aliases)
        try:
            bands.append(
                GradeBand(
                    label=label,
                    name=_band_text(band.get("name", label), f"{where}.name"),
                    lower=None if band.get("lower") is None else to_decimal(band["lower"]),
                    aliases=tuple(
                        _band_text(alias, f"{where}.aliases[{i}]")
                        for i, alias in enumerate(aliases)
                    ),
                )
            )
        except PerfevalError as error:
            if isinstance(error, InvalidPolicyError):
                raise
            raise _policy_error(f"{where}.lower", error.reason, band.get("lower")) from None
    try:
        return GradeScale(bands=tuple(bands), basis=value.get("basis", "exact"))
    except (ValueError, TypeError) as error:
        raise _policy_error(key, str(error)) from None


def _band_text(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise _policy_error(where, "expected text", value)  # never a number made text
    return value


def _formulas(value: object) -> list[PolicyFormula]:
    """The formulas a policy file defines (``[formulas.reverse]`` …), as the policy's own."""
    if not isinstance(value, Mapping):
        raise _policy_error("formulas", "expected a table of roles", value)
    found: list[PolicyFormula] = []
    for role, forms in value.items():
        if not isinstance(forms, Mapping):
            raise _policy_error(f"formulas.{role}", "expected a table of formulas", forms)
        found.extend(
            formula_from_mapping(role, formula_id, spec) for formula_id, spec in forms.items()
        )
    return found


def formula_from_mapping(role: object, formula_id: object, spec: object) -> PolicyFormula:
    """One of a policy's own formulas from its policy-file form (``kind`` and the kind's
    options: ``{kind = "linear", floor = "0.5"}``); errors name the key."""
    if role not in ("positive", "reverse", "equal"):
        raise _policy_error(f"formulas.{role}", "unknown role; known: positive, reverse, equal")
    where = f"formulas.{role}.{formula_id}"
    if not isinstance(spec, Mapping) or spec.get("kind") not in _KINDS:
        raise _policy_error(
            f"{where}.kind", f"expected one of {', '.join(_KINDS)}",
            spec.get("kind") if isinstance(spec, Mapping) else spec,
        )  # fmt: skip
    options = {str(k): v for k, v in spec.items() if k != "kind"}
    if "floor" in options:
        options["floor"] = _decimal_setting(options["floor"], f"{where}.floor")
    try:
        formula = _KINDS[spec["kind"]](**options)
    except TypeError:
        raise _policy_error(where, "unknown option for this kind", sorted(options)) from None
    return PolicyFormula(role, str(formula_id), formula)


def formula_to_mapping(entry: PolicyFormula) -> dict[str, str]:
    """The policy-file form of one of a policy's own formulas; a formula of a class of
    one's own has none and is refused, naming it."""
    for kind, make in _KINDS.items():
        if type(entry.formula) is make:
            spec = {"kind": kind}
            if isinstance(entry.formula, LinearReverse):
                spec["floor"] = format(entry.formula.floor, "f")
            return spec
    raise _policy_error(
        f"formulas.{entry.role}.{entry.id}",
        "a formula of its own class cannot be written down; known kinds: " + ", ".join(_KINDS),
        type(entry.formula).__name__,
    )


def _decimal_setting(value: object, key: str) -> Decimal:
    if isinstance(value, float):
        raise _policy_error(key, 'a float is not exact; pass a str ("0.5") or Decimal', value)
    try:
        return to_decimal(value, field=key)
    except PerfevalError as error:
        raise _policy_error(key, error.reason, value) from None


def policy_from_mapping(data: object) -> Policy:
    """A :class:`Policy` from its mapping form (a parsed ``perfeval.policy/1`` TOML or JSON
    file): ``id``, ``title`` (text, or ``{zh = "…", en = "…"}``), ``extends`` (the id of a
    known policy, ``mof-2020`` by default), ``settings`` (any setting of :class:`Policy`)
    and ``formulas`` (new formula ids per role). Errors name the key."""
    if not isinstance(data, Mapping):
        raise _policy_error("$", f"expected a table, not {type(data).__name__}")
    for key in data:
        if key not in _TOP_KEYS:
            raise _policy_error(str(key), "unknown key; known: " + ", ".join(sorted(_TOP_KEYS)))
    if data.get("format", POLICY_FORMAT) != POLICY_FORMAT:
        raise _policy_error("format", f"expected {POLICY_FORMAT!r}", data.get("format"))
    policy_id = data.get("id")
    if not isinstance(policy_id, str) or not policy_id.strip():
        raise _policy_error("id", "a policy needs an id (text)", policy_id)
    base_id = data.get("extends", "mof-2020")
    try:
        base = get_policy(str(base_id))
    except UnknownPolicyError as error:
        raise _policy_error("extends", error.reason, base_id) from None
    changes: dict[str, Any] = {"id": policy_id.strip()}
    if "formulas" in data:  # the file's own formulas; an id of the base's is replaced
        mine = _formulas(data["formulas"])
        named = {(entry.role, entry.id) for entry in mine}
        kept = [entry for entry in base.formulas if (entry.role, entry.id) not in named]
        changes["formulas"] = (*kept, *mine)
    title = data.get("title", "")
    if isinstance(title, Mapping):
        unknown = set(title) - {"zh", "en"}
        if unknown:
            raise _policy_error(f"title.{sorted(unknown)[0]}", "unknown key; known: zh, en")
        changes["title"] = str(title.get("en", ""))
        changes["title_zh"] = str(title.get("zh", ""))
    elif isinstance(title, str):  # one title for both languages, not the base's
        changes["title"] = changes["title_zh"] = title
    else:
        raise _policy_error("title", "expected text or {zh, en}", title)
    settings = data.get("settings", {})
    if not isinstance(settings, Mapping):
        raise _policy_error("settings", "expected a table", settings)
    defaults = {field.name: field.default for field in attrs.fields(Policy)}
    for key, value in settings.items():
        where = f"settings.{key}"
        if key not in _SETTINGS:
            raise _policy_error(where, "unknown setting; known: " + ", ".join(_SETTINGS))
        default = defaults[key]
        if key == "grades":
            changes[key] = _grades(value, where)
        elif isinstance(default, bool):
            if not isinstance(value, bool):
                raise _policy_error(where, "expected true or false", value)
            changes[key] = value
        elif key == "reverse_level2":
            if isinstance(value, str) or not isinstance(value, list | tuple):
                raise _policy_error(where, "expected a list of group keys", value)
            for index, item in enumerate(value):
                if not isinstance(item, str):
                    raise _policy_error(f"{where}[{index}]", "expected text", item)
            changes[key] = frozenset(value)
        elif isinstance(default, str):
            if not isinstance(value, str):
                raise _policy_error(where, "expected text", value)
            changes[key] = value
        else:  # numbers, some optional
            changes[key] = None if value is None else _decimal_setting(value, where)
    try:
        return attrs.evolve(base, **changes)
    except InvalidPolicyError as error:
        raise _policy_error(f"settings.{error.field}", error.reason, error.value) from None


def policy_to_mapping(policy: Policy, *, base: Policy | None = None) -> dict[str, Any]:
    """The mapping form of *policy*: what differs from *base* (the national default) under
    ``settings``; :func:`policy_from_mapping` reads it back to an equal policy."""
    expect(policy, Policy, "policy")
    base = base or MOF_2020
    if policy.checks != base.checks:
        raise _policy_error(
            "checks", "audit checks are code and are not written down; add them in Python"
        )
    settings: dict[str, Any] = {}
    for key in _SETTINGS:
        value, default = getattr(policy, key), getattr(base, key)
        if value == default:
            continue
        if isinstance(value, Decimal):
            settings[key] = format(value, "f")
        elif isinstance(value, frozenset):
            settings[key] = sorted(value)
        elif isinstance(value, GradeScale):
            settings[key] = {
                "basis": value.basis,
                "bands": [
                    {"label": band.label, "name": band.name, "aliases": list(band.aliases)}
                    | ({} if band.lower is None else {"lower": format(band.lower, "f")})
                    for band in value.bands
                ],
            }
        else:
            settings[key] = value
    data: dict[str, Any] = {
        "format": POLICY_FORMAT,
        "id": policy.id,
        "extends": base.id,
        "title": {"zh": policy.title_zh, "en": policy.title},
        "settings": settings,
    }
    formulas: dict[str, dict[str, dict[str, str]]] = {}
    for entry in policy.formulas:
        if entry not in base.formulas:
            formulas.setdefault(entry.role, {})[entry.id] = formula_to_mapping(entry)
    if formulas:
        data["formulas"] = formulas
    return data


def _shipped() -> dict[str, Policy]:
    """The named variants shipped as policy files inside the package."""
    import tomllib
    from importlib.resources import files

    found: dict[str, Policy] = {MOF_2020.id: MOF_2020}
    folder = files("perfeval.data").joinpath("policies")
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".toml"):
            # a number as the exact decimal of its text, as policy files are read
            data = tomllib.loads(entry.read_text(encoding="utf-8"), parse_float=Decimal)
            policy = policy_from_mapping(data)
            if policy.id in found:  # the national default is not a file's to redefine
                raise _policy_error("id", "a second built-in policy with this id", policy.id)
            found[policy.id] = policy
    return found


class _Registry(Mapping[str, Policy]):
    """The built-in policies, read from the package's policy files on first use."""

    def __init__(self) -> None:
        self._policies: dict[str, Policy] | None = None

    def _loaded(self) -> dict[str, Policy]:
        if self._policies is None:
            self._policies = {MOF_2020.id: MOF_2020}  # what the files extend
            self._policies = _shipped()
        return self._policies

    def __getitem__(self, key: str) -> Policy:
        if key == MOF_2020.id:  # the default needs no file read
            return MOF_2020
        return self._loaded()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())


#: Built-in policies by id: the national default and the variants shipped as files.
POLICIES: Final[Mapping[str, Policy]] = _Registry()
_REGISTERED: dict[str, Policy] = {}


def register_policy(policy: Policy, *, replace: bool = False) -> Policy:
    """Make *policy* known by its id to :func:`get_policy`, to documents that name it in
    their ``policy`` field and to the command line. A built-in id cannot be taken, and a
    registered one is replaced only with ``replace=True``."""
    expect(policy, Policy, "policy")
    if not isinstance(policy, Policy):
        raise InvalidTypeError("expected a Policy", field="policy", value=policy)
    if policy.id in POLICIES and POLICIES[policy.id] != policy:
        raise _policy_error("id", "a built-in policy has this id", policy.id)
    known = _REGISTERED.get(policy.id)
    if known is not None and known != policy and not replace:
        raise _policy_error("id", "another policy is registered with this id", policy.id)
    _REGISTERED[policy.id] = policy
    return policy


def registered_policies() -> tuple[Policy, ...]:
    """Every policy :func:`get_policy` knows: the built-in ones, then the registered ones."""
    return (*POLICIES.values(), *(p for k, p in _REGISTERED.items() if k not in POLICIES))


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
    """The built-in or registered policy with *policy_id*; :class:`UnknownPolicyError` if
    none."""
    if not isinstance(policy_id, str):
        raise InvalidTypeError(
            f"expected a policy id, not {type(policy_id).__name__}", field="policy", value=policy_id
        )
    if policy_id in _REGISTERED:
        return _REGISTERED[policy_id]
    try:
        return POLICIES[policy_id]
    except KeyError:
        known = ", ".join(p.id for p in registered_policies())
        raise UnknownPolicyError(
            f"unknown policy; known: {known}", field="policy", value=policy_id
        ) from None
