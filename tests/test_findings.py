"""perfeval.findings: the finding catalogue, its codes and the audit page listing them."""

import re
from pathlib import Path

import pytest

from perfeval import CATALOGUE, UnknownCodeError
from perfeval.findings import Finding

ROOT = Path(__file__).resolve().parent.parent


def test_every_code_has_severity_and_meaning_in_both_languages():
    for code, entry in CATALOGUE.items():
        assert entry.code == code
        assert entry.meaning
        assert entry.meaning_zh
    for code in ("execution-behind", "progress-mismatch", "level-mismatch",
                 "missing-explanation", "likelihood-inconsistent", "overshoot"):  # fmt: skip
        assert code in CATALOGUE


def test_unknown_codes_are_refused():
    with pytest.raises(UnknownCodeError):
        Finding.make("made-up", "x", "en", "zh")


def test_the_audit_page_lists_the_catalogue():
    page = (ROOT / "docs" / "audit.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z-]+)` \| (error|warning|info) \|", page, re.MULTILINE)
    assert dict(rows) == {code: entry.severity.value for code, entry in CATALOGUE.items()}
