"""The core imports no edge library; the package exports what it documents."""

import subprocess
import sys

import perfeval


def test_importing_perfeval_loads_no_edge_library():
    code = (
        "import sys, perfeval; "
        "print(sorted({m.split('.')[0] for m in sys.modules} "
        "& {'babel', 'cattrs', 'openpyxl', 'hypothesis', 'tomli_w', 'docx', 'xlrd', "
        "'defusedxml'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_every_exported_name_exists_once():
    for name in perfeval.__all__:
        assert hasattr(perfeval, name), name
    assert len(set(perfeval.__all__)) == len(perfeval.__all__)


def test_the_readers_load_a_format_library_only_for_a_file_of_that_format():
    code = (
        "import sys; from perfeval.readers import read_tables; "
        "from perfeval.seed import seed_document; read_tables(seed_document('2-3').encode()); "
        "print(sorted({m.split('.')[0] for m in sys.modules} "
        "& {'openpyxl', 'docx', 'xlrd', 'defusedxml'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
