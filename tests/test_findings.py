"""perfeval.findings: the finding catalogue, its codes and the audit page listing them."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from perfeval import CATALOGUE, UnknownCodeError
from perfeval.errors import InvalidTypeError
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


def test_run_checks_checks_what_an_untrusted_check_gives_and_reads_a_generator_once():
    from perfeval.errors import InvalidTypeError
    from perfeval.findings import Finding, run_checks

    def lists(subject):
        return [Finding.make("missing-value", "total_score", f"{subject}", f"{subject}")]

    def generates(subject):
        yield Finding.make("missing-value", "grade", "g", "g")

    def wrong(subject):
        return ["not a finding"]

    assert [f.where for f in run_checks("x", [lists, generates])] == ["total_score", "grade"]
    with pytest.raises(InvalidTypeError, match="wrong gave something"):
        run_checks("x", [lists, wrong])
    assert run_checks("x", [wrong], trusted={wrong}) == ["not a finding"]


_FINDING = {"code": "score-mismatch", "where": "indicators", "message": "m", "message_zh": "m"}


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("code", ["score-mismatch"], UnknownCodeError),
        ("code", None, UnknownCodeError),
        ("where", None, InvalidTypeError),
        ("message", 5, InvalidTypeError),
        ("message_zh", b"m", InvalidTypeError),
        ("severity", "error", InvalidTypeError),
        ("printed", 5.5, InvalidTypeError),
        ("computed", Decimal("5"), InvalidTypeError),
    ],
)
def test_a_wrong_finding_field_is_refused_naming_it(field, value, error):
    assert Finding(**_FINDING).code == "score-mismatch"  # the valid neighbour constructs
    with pytest.raises(error) as caught:
        Finding(**{**_FINDING, field: value})
    assert caught.value.field == field


def test_a_finding_refuses_a_locale_that_is_not_text():
    with pytest.raises(InvalidTypeError) as caught:
        Finding(**_FINDING).text(None)
    assert caught.value.field == "locale"
