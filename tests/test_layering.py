"""perfeval's layers: the core imports no edge library; the package exports what it documents."""

import re
import subprocess
import sys

import perfeval
from perfeval._regex import lazy
from perfeval.seed import seed_document


def _printed(code: str) -> str:
    """What *code* prints, run in a fresh interpreter (so that nothing is imported yet)."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_importing_perfeval_loads_no_edge_library():
    code = (
        "import sys, perfeval; "
        "print(sorted({m.split('.')[0] for m in sys.modules} "
        "& {'babel', 'cattrs', 'openpyxl', 'hypothesis', 'tomli_w', 'docx', 'xlrd', "
        "'defusedxml', 'numpy', 'pyarrow'}))"
    )
    assert _printed(code) == "[]"


def test_every_exported_name_exists_once():
    for name in perfeval.__all__:
        assert hasattr(perfeval, name), name
    assert len(set(perfeval.__all__)) == len(perfeval.__all__)


# The direction of imports inside the package ---------------------------------------------

import ast  # noqa: E402
from pathlib import Path  # noqa: E402

SRC = Path(perfeval.__file__).resolve().parent

#: The core, bottom up: a module may import only modules of a lower rank (or its own).
CORE_RANKS = {
    "errors": 0,
    "_memo": 0,
    "_regex": 0,
    "number": 1,
    "_validate": 1,
    "integers": 1,  # NumPy, loaded only when a column evaluation runs
    "cells": 2,
    "groups": 2,
    "grades": 2,
    "findings": 2,
    "_convert": 3,
    "formulas": 3,
    "targets": 3,
    "policy": 4,
    "indicators": 4,
    "checks": 5,
    "funds": 5,
    "scoring": 6,
    "explain": 7,
    "table": 7,
    "audit": 8,
    "monitoring": 8,
    "department": 8,
    "report": 9,
    "batch": 9,
}


def _imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        name = ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                if module.startswith("perfeval."):
                    found.add(module.removeprefix("perfeval."))
        graph[name] = found - {name}
    return graph


def test_core_modules_import_only_lower_core_modules():
    graph = _imports()
    for module, rank in CORE_RANKS.items():
        for imported in graph[module]:
            top = imported.split(".")[0]
            assert top in CORE_RANKS, f"core {module} imports edge {imported}"
            assert CORE_RANKS[top] < rank, f"{module} (rank {rank}) imports {imported}"


def test_there_is_no_import_cycle_inside_the_package():
    graph = _imports()
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for imported in graph.get(module, ()):
            if imported not in graph or module.startswith(imported + "."):
                continue
            assert state.get(imported) != 1, " -> ".join([*path, module, imported])
            if imported not in state:
                visit(imported, [*path, module])
        state[module] = 2

    for module in sorted(graph):
        if module not in state and module != "__init__":
            visit(module, [])


def test_the_readers_load_a_format_library_only_for_a_file_of_that_format():
    code = (
        "import sys; from perfeval.readers import read_tables; "
        "from perfeval.seed import seed_document; read_tables(seed_document('2-3').encode()); "
        "print(sorted({m.split('.')[0] for m in sys.modules} "
        "& {'openpyxl', 'docx', 'xlrd', 'defusedxml'}))"
    )
    assert _printed(code) == "[]"


def test_a_score_command_loads_neither_other_commands_nor_policy_files(tmp_path):
    path = tmp_path / "table.json"
    path.write_text(seed_document("2-3"), encoding="utf-8")
    code = (
        "import io, sys; from perfeval.cli import main; "
        f"assert main(['score', {str(path)!r}], stdout=io.StringIO()) == 0; "
        "print(sorted(m for m in sys.modules if m in {'perfeval.monitoring', "
        "'perfeval.department', 'perfeval.report', 'perfeval.policy_files', 'tomllib', "
        "'perfeval.files', 'perfeval.readers', 'perfeval.spreadsheet'}))"
    )
    assert _printed(code) == "[]"


def test_a_lazy_pattern_answers_as_the_compiled_one():
    source = r"(?P<n>\d+)(?P<unit>[\u4e00-\u9fff]{1,3})"
    pattern, compiled = lazy(source), re.compile(source)
    text = "共12个，3天内完成，无"
    assert pattern.search(text).groupdict() == compiled.search(text).groupdict()
    assert pattern.findall(text) == compiled.findall(text)
    assert pattern.sub("#", text) == compiled.sub("#", text)
    assert pattern.fullmatch("5万元") is not None
    assert pattern.match("无") is None
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert pattern.pattern == source
