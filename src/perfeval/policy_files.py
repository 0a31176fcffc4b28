"""Policies as files: read a ``perfeval.policy/1`` TOML or JSON file, and write one.

A regional policy is written down as a small file that names the policy it extends and
the settings (and formulas) it changes; :func:`read_policy` reads it, and with
``register=True`` makes its id known to :func:`~perfeval.policy.get_policy`, to documents
that name it in their ``policy`` field, and to the command line (``--policy-file``).

.. code-block:: toml

    id = "hunan-2024"
    extends = "mof-2020"
    title = { zh = "湖南省2024年项目支出绩效自评规则", en = "Hunan 2024 self-evaluation rules" }

    [settings]
    reverse_form = "linear-floor-half"
    qualitative_partly_floor = 0.5

    [formulas.reverse]
    linear-floor-half = { kind = "linear", floor = 0.5 }

A number is read as the exact decimal of its text, as in table documents (``0.1`` is
``Decimal("0.1")``, and ``0.5`` reads as ``"0.5"`` does); a Python float passed in a
mapping to :func:`~perfeval.policy.policy_from_mapping` is inexact and refused. Errors
name the key (``settings.reverse_form``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from perfeval.errors import DocumentError
from perfeval.limits import Limits, decode_text, read_source
from perfeval.policy import Policy, policy_from_mapping, policy_to_mapping, register_policy

__all__ = ["dumps_policy", "loads_policy", "read_policy"]

#: The largest policy file read (a policy is a few hundred bytes).
MAX_POLICY_BYTES = 1024 * 1024


def loads_policy(
    text: str, *, format: Literal["toml", "json"] = "toml", register: bool = False
) -> Policy:
    """A policy from the text of a policy file; registered when *register*. Numbers are
    read exactly, by the readers of table documents (:func:`~perfeval.document.parse_toml`,
    :func:`~perfeval.document.parse_json`), within their limits."""
    from perfeval.document import parse_json, parse_toml  # reading a policy scores nothing

    if format == "toml":
        data: Any = parse_toml(text)
    elif format == "json":
        data = parse_json(text)
    else:
        raise DocumentError("unknown policy file format; use toml or json", value=format)
    policy = policy_from_mapping(data)
    return register_policy(policy, replace=True) if register else policy


def read_policy(path: str | Path, *, register: bool = False) -> Policy:
    """The policy in the file at *path* (``.json`` is JSON, anything else TOML): a regular
    file of at most :data:`MAX_POLICY_BYTES` (a FIFO, a device or a directory is refused
    before it is opened, so a pipe with no writer never blocks)."""
    name = str(path)
    raw = read_source(name, limits=Limits(max_bytes=MAX_POLICY_BYTES))
    text = decode_text(raw, name)
    kind: Literal["toml", "json"] = "json" if Path(path).suffix.lower() == ".json" else "toml"
    return loads_policy(text, format=kind, register=register)


def dumps_policy(policy: Policy, *, format: Literal["toml", "json"] = "toml") -> str:
    """The policy file text of *policy*: what differs from the national default, and the
    policy's own formulas (a formula of a class of one's own cannot be written and is
    refused, naming it)."""
    data = policy_to_mapping(policy)
    if format == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def value(item: Any) -> str:
        return json.dumps(item, ensure_ascii=False)  # a TOML basic string, list or boolean

    title = data["title"]
    lines = [
        f"format = {value(data['format'])}",
        f"id = {value(data['id'])}",
        f"extends = {value(data['extends'])}",
        f"title = {{ zh = {value(title['zh'])}, en = {value(title['en'])} }}",
        "",
        "[settings]",
    ]
    grades = data["settings"].pop("grades", None)
    for key, setting in data["settings"].items():
        lines.append(f"{key} = {value(setting)}")
    if grades is not None:
        lines += ["", "[settings.grades]", f"basis = {value(grades['basis'])}"]
        for band in grades["bands"]:
            lines += ["", "[[settings.grades.bands]]"]
            lines += [f"{k} = {value(v)}" for k, v in band.items()]
    for role, forms in data.get("formulas", {}).items():
        lines += ["", f"[formulas.{role}]"]
        for formula_id, spec in forms.items():
            options = ", ".join(f"{k} = {value(v)}" for k, v in spec.items())
            lines.append(f"{value(formula_id)} = {{ {options} }}")
    return "\n".join(lines) + "\n"
