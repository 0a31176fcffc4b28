"""perfeval (__init__): public names in one list, exact for type checkers, lazy at run time."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import perfeval
from test_layering import _printed

SRC = Path(perfeval.__file__).resolve().parent.parent

#: Modules that ``import perfeval`` must not load: all of its own, and the libraries they use.
HEAVY = ["perfeval.", "attr", "attrs", "cattrs", "babel", "openpyxl", "hypothesis", "ast"]


def _export_block() -> list[ast.stmt]:
    tree = ast.parse(Path(perfeval.__file__).read_text(encoding="utf-8"))
    return next(
        node.body
        for node in tree.body
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name)
        if node.test.id == "TYPE_CHECKING"
    )


def test_the_list_of_exports_is_one_re_export_a_line():
    """The form ``__getattr__`` reads and ``mypy --strict`` takes for a re-export."""
    for statement in _export_block():
        assert isinstance(statement, ast.ImportFrom), ast.unparse(statement)
        assert (statement.module or "").startswith("perfeval."), ast.unparse(statement)
        assert [(a.name, a.asname) for a in statement.names] == [
            (a.name, a.name) for a in statement.names
        ], ast.unparse(statement)


def test_every_name_in_all_resolves_from_its_module():
    block = {
        alias.name: statement.module
        for statement in _export_block()
        if isinstance(statement, ast.ImportFrom)
        for alias in statement.names
    }
    assert perfeval.__all__ == list(block)
    for name in perfeval.__all__:
        assert getattr(perfeval, name) is getattr(importlib.import_module(block[name]), name)
    assert set(perfeval.__all__) <= set(dir(perfeval))


def test_the_policy_files_and_the_registry_are_exported():
    for name in ("read_policy", "loads_policy", "dumps_policy", "register_policy",
                 "registered_policies", "get_policy", "resolve_policy"):  # fmt: skip
        assert name in perfeval.__all__, name
    assert perfeval.loads_policy(perfeval.dumps_policy(perfeval.MOF_2020)) == perfeval.MOF_2020


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("agrees", "perfeval.audit"),
        ("compare", "perfeval.table"),
        ("exceeds_weight", "perfeval.checks"),
        ("in_tier", "perfeval.checks"),
        ("note_required", "perfeval.checks"),
        ("quantize_half_up", "perfeval.number"),
        ("tier_bounds", "perfeval.checks"),
        ("to_decimal", "perfeval.number"),
    ],
)
def test_an_internal_helper_still_answers_with_a_deprecation_warning(name, module):
    assert name not in perfeval.__all__
    assert name not in dir(perfeval)
    with pytest.warns(DeprecationWarning, match=rf"perfeval\.{name} is internal.*{module}"):
        value = getattr(perfeval, name)
    assert value is getattr(importlib.import_module(module), name)
    with pytest.warns(DeprecationWarning, match=name):  # every time: the name is not kept
        getattr(perfeval, name)


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="scroe_table"):
        perfeval.scroe_table  # type: ignore[attr-defined]  # noqa: B018


def test_importing_perfeval_loads_nothing_heavy():
    code = (
        "import sys, perfeval; "
        f"print(sorted(m for m in sys.modules if m.startswith({tuple(HEAVY)!r})))"
    )
    assert _printed(code) == "[]"


def test_a_name_loads_its_module_and_not_the_others():
    code = (
        "import sys; from perfeval import read_policy; "
        "print(sorted(m for m in sys.modules if m in {'perfeval.policy_files', "
        "'perfeval.audit', 'perfeval.table', 'perfeval.monitoring', 'perfeval.department'}))"
    )
    assert _printed(code) == "['perfeval.policy_files']"


def test_the_audit_module_does_not_replace_the_audit_function():
    code = (
        "import sys, perfeval.audit, perfeval; from perfeval import audit; "
        "print(perfeval.audit is audit is sys.modules['perfeval.audit'].audit, callable(audit))"
    )
    assert _printed(code) == "True True"


def test_mypy_strict_refuses_a_misspelt_or_internal_top_level_name(tmp_path, monkeypatch):
    api = pytest.importorskip("mypy.api")
    good = tmp_path / "good.py"
    good.write_text(
        "from perfeval import MOF_2020, audit, read_policy, register_policy, score_table\n"
        "import perfeval\n"
        "reveal_type(perfeval.audit)\n"
        "reveal_type(score_table)\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from perfeval import scroe_table\n"
        "from perfeval import in_tier\n"
        "import perfeval\n"
        "perfeval.to_decimal\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("MYPYPATH", str(SRC))
    cache = str(tmp_path / "cache")
    options = ["--strict", "--no-error-summary", "--cache-dir", cache, "--config-file", ""]
    stdout, stderr, status = api.run([*options, str(good), str(bad)])
    lines = stdout.splitlines()
    assert status == 1, stdout + stderr
    assert not [line for line in lines if "good.py" in line and "error:" in line], stdout
    assert any("good.py:3: note: Revealed type" in line and "def (" in line for line in lines)
    assert any("good.py:4: note: Revealed type" in line and "Scorecard" in line for line in lines)
    errors = {line.split(":")[1]: line for line in lines if "bad.py" in line and "error" in line}
    assert "scroe_table" in errors["1"], stdout
    assert "in_tier" in errors["2"], stdout
    assert "to_decimal" in errors["4"], stdout


def test_the_package_declares_its_license_one_version_and_split_dataframe_extras():
    import re
    import tomllib
    from importlib.metadata import metadata
    from pathlib import Path

    root = Path(__file__).parents[1]
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert (root / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert "version" not in project
    assert project["dynamic"] == ["version"]
    extras = project["optional-dependencies"]
    assert {"pandas", "polars", "dataframe"} <= set(extras)
    assert not any("polars" in item for item in extras["pandas"])
    installed = metadata("perfeval")
    assert installed["Version"] == perfeval.__version__
    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    unreleased = changelog.split("## [Unreleased]", 1)[1].split("\n## ", 1)[0]
    headings = re.findall(r"^### (.+)$", unreleased, re.MULTILINE)
    order = ["Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"]
    assert len(headings) == len(set(headings))
    assert headings == [name for name in order if name in headings]
