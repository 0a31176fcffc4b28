"""perfeval.batch: lazy, and across processes identical to the sequential run."""

import io
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfeval import MOF_2020, DocumentError, InvalidNumberError
from perfeval.batch import audit_many, score_many
from perfeval.files import (
    audit_files,
    expand_paths,
    progress_bar,
    read_document,
    score_files,
)
from perfeval.seed import seed_tables
from perfeval.summary import render_batch_html
from perfeval.table import score_table
from perfeval.testing import strategies as pst


class Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self):
        return True


def test_score_many_is_lazy():
    consumed = []

    def tables():
        for table in seed_tables():
            consumed.append(table.project)
            yield table

    results = score_many(tables())
    assert consumed == []
    first = next(results)
    assert consumed == ["专项业务（工作）经费"]
    assert first == score_table(seed_tables()[0])


@settings(max_examples=3)
@given(st.lists(pst.tables(max_indicators=6), min_size=1, max_size=12))
def test_processes_give_the_sequential_results_in_order(tables):
    sequential = list(score_many(tables))
    parallel = list(score_many(tables, workers=2, chunk_size=5))
    assert parallel == sequential


def test_audit_many_across_processes():
    tables = seed_tables() * 3
    assert list(audit_many(tables, workers=2, chunk_size=2)) == list(audit_many(tables))


def test_policy_settings_accept_text_and_ints_but_not_floats():
    assert attrs.evolve(MOF_2020, funds_weight=20).funds_weight == Decimal(20)
    assert attrs.evolve(MOF_2020, tolerance="0.5").tolerance == Decimal("0.5")
    with pytest.raises(InvalidNumberError):
        attrs.evolve(MOF_2020, tolerance=0.5)


# Batches of files -----------------------------------------------------------------------


def _write_seed_files(folder):
    from perfeval.seed import SEED_NAMES, seed_document

    paths = []
    for name in SEED_NAMES:
        path = folder / f"{name}.json"
        path.write_text(seed_document(name), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_a_bad_file_becomes_an_error_entry_and_the_batch_goes_on(tmp_path):
    good = _write_seed_files(tmp_path)
    broken = tmp_path / "broken.json"
    broken.write_text('{"project": "x"', encoding="utf-8")
    missing = str(tmp_path / "missing.json")
    paths = [good[0], str(broken), missing, good[2]]
    batch = audit_files(paths)
    assert [item.path for item in batch.results] == paths
    assert [item.ok for item in batch.results] == [True, False, False, True]
    assert batch.results[1].error.startswith(f"{broken}: line 1 column 16: not valid JSON")
    assert batch.results[2].error == f"{missing}: cannot read: No such file or directory"
    assert [row["total"] for row in batch.table_rows()] == ["90.00", "98.63"]
    page = render_batch_html(batch)
    assert page.index("missing.json") < page.index("2-1.json")  # what failed comes first


def test_workers_give_the_in_process_results_in_input_order(tmp_path):
    paths = _write_seed_files(tmp_path) * 3 + [str(tmp_path / "nope.toml")]
    progress = []
    sequential = audit_files(paths)
    parallel = audit_files(
        paths, workers=2, chunk_size=2, progress=lambda done, total: progress.append(done)
    )
    assert parallel == sequential
    assert progress[0] == 0
    assert progress[-1] == len(paths)
    assert progress == sorted(progress)


def test_each_file_is_scored_by_its_own_policy_unless_one_is_given(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(seed_document_with_policy("mof-2020-uncapped"), encoding="utf-8")
    own = score_files([path]).table_rows()[0]
    forced = score_files([path], policy=MOF_2020).table_rows()[0]
    assert (own["policy"], forced["policy"]) == ("mof-2020-uncapped", "mof-2020")
    assert own["findings"] is None  # scored, not audited
    unknown = tmp_path / "u.json"
    unknown.write_text(seed_document_with_policy("nowhere-2024"), encoding="utf-8")
    assert "unknown policy" in score_files([unknown]).results[0].error


def seed_document_with_policy(policy):
    import json

    from perfeval.seed import seed_document

    data = json.loads(seed_document("2-3"))
    data["policy"] = policy
    return json.dumps(data, ensure_ascii=False)


def test_expand_paths_takes_folders_globs_and_keeps_what_matches_nothing(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "2.json").write_text("{}")
    (tmp_path / "a" / "1.toml").write_text("")
    (tmp_path / "a" / "notes.txt").write_text("")
    (tmp_path / "b.json").write_text("{}")
    found = expand_paths([tmp_path / "a", str(tmp_path / "*.json"), str(tmp_path / "*.xlsx")])
    assert found == [
        str(tmp_path / "a" / "1.toml"),
        str(tmp_path / "a" / "2.json"),
        str(tmp_path / "b.json"),
        str(tmp_path / "*.xlsx"),
    ]


def test_read_document_refuses_an_unknown_kind_of_file():
    with pytest.raises(DocumentError, match="PDF"):
        read_document("table.pdf", b"%PDF-1.4\n")


def test_every_table_of_a_word_report_is_a_result_of_the_batch():
    from pathlib import Path

    from perfeval.files import audit_files

    report = Path(__file__).parent / "fixtures" / "files" / "seed-report.docx"
    batch = audit_files([report])
    assert [item.table["total"] for item in batch.results] == ["90.00", "98.00", "98.63"]
    assert batch.results[0].table["table_name"].endswith("#table 2")


def test_an_xlsx_file_is_read_in_a_batch(tmp_path):
    from perfeval.spreadsheet import write_workbook

    path = tmp_path / "2-3.xlsx"
    write_workbook(seed_tables()[2], path)
    assert audit_files([path]).table_rows()[0]["total"] == "98.63"


def test_progress_bar_draws_on_a_terminal_and_stays_quiet_elsewhere():

    pytest.importorskip("tqdm")

    for stream, drawn in ((Terminal(), True), (io.StringIO(), False)):
        update = progress_bar(description="tables", file=stream)
        for done in range(4):
            update(done, 3)
        assert ("3/3" in stream.getvalue()) is drawn


def test_batch_files_are_read_bounded_and_regular_only(tmp_path):
    import json
    import os

    from perfeval import DEFAULT_LIMITS, LimitError
    from perfeval.files import read_file, run_files
    from perfeval.seed import seed_document

    fifo = tmp_path / "t.json"
    os.mkfifo(fifo)
    with pytest.raises(DocumentError, match="is a FIFO"):
        read_file(fifo)  # refused before it is opened: no wait for a writer
    data = json.loads(seed_document("2-3"))
    data["indicators"] = (data["indicators"] * 10)[:25]
    path = tmp_path / "long.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    strict = attrs.evolve(DEFAULT_LIMITS, max_rows=20)
    with pytest.raises(LimitError, match="max_rows=20"):
        read_file(path, limits=strict)
    assert len(read_file(path).indicators) == 25
    batch = run_files([path, fifo], audited=False, limits=strict)
    assert [item.error is not None for item in batch.results] == [True, True]
    assert "max_rows=20" in str(batch.results[0].error)
    assert run_files([path], audited=False).results[0].error is None


def test_without_tqdm_progress_is_a_counter_on_a_terminal(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "tqdm", None)  # import tqdm raises ImportError

    for stream, drawn in ((Terminal(), True), (io.StringIO(), False)):
        update = progress_bar(description="tables", file=stream)
        for done in range(4):
            update(done, 3)
        shown = stream.getvalue()
        assert (shown == "\rtables: 0/3 files\rtables: 1/3 files\rtables: 2/3 files"
                "\rtables: 3/3 files\n") is drawn  # fmt: skip
        assert bool(shown) is drawn


def test_scan_paths_says_which_files_it_passed_over_and_why(tmp_path):
    from perfeval.files import SkippedFile, scan_paths

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "1.json").write_text("{}")
    (tmp_path / "a" / "notes.txt").write_text("")
    (tmp_path / "a" / "~$1.xlsx").write_text("")
    (tmp_path / "a" / ".git").mkdir()
    (tmp_path / "a" / ".git" / "HEAD").write_text("")
    (tmp_path / "b.xlsx").write_text("")
    (tmp_path / "~$b.xlsx").write_text("")
    paths, skipped = scan_paths([tmp_path / "a", str(tmp_path / "*.xlsx")])
    assert paths == [str(tmp_path / "a" / "1.json"), str(tmp_path / "b.xlsx")]
    assert [item.path for item in skipped] == [
        str(tmp_path / "a" / "notes.txt"),
        str(tmp_path / "a" / "~$1.xlsx"),
        str(tmp_path / "~$b.xlsx"),
    ]
    assert isinstance(skipped[0], SkippedFile)
    assert ".txt" in skipped[0].reason
    assert "lock file" in skipped[1].reason
    assert expand_paths([tmp_path / "a"]) == [str(tmp_path / "a" / "1.json")]


def test_a_file_that_is_no_table_is_named_by_its_path_in_a_batch(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"hello")
    error = audit_files([path]).results[0].error
    assert error.startswith(f"{path}: not a file perfeval reads")
    assert "<file>" not in error


@pytest.mark.parametrize("workers", [-1, 1.5, True, "2"])
def test_a_worker_count_that_is_not_a_count_is_refused_before_any_work(workers, tmp_path):
    from perfeval.batch import worker_count
    from perfeval.errors import InvalidTypeError
    from perfeval.files import score_files

    with pytest.raises(InvalidTypeError) as caught:
        worker_count(workers)
    assert caught.value.field == "workers"
    with pytest.raises(InvalidTypeError):
        score_files([tmp_path / "absent.xlsx"], workers=workers)
    with pytest.raises(InvalidTypeError):
        list(score_many(seed_tables(), workers=workers))


def test_workers_are_capped_at_the_cores_and_at_the_work_there_is(monkeypatch):
    from perfeval import batch

    monkeypatch.setattr(batch, "_cores", lambda: 4)
    assert batch.worker_count(0) == 0
    assert batch.worker_count(None) == 4
    assert batch.worker_count(10**24) == 4
    assert batch.worker_count(3) == 3
    assert batch.worker_count(10**6, work=2) == 2
    assert batch.worker_count(None, work=0) == 1
    assert batch.worker_count(np_int(2)) == 2


def np_int(value):
    numpy = pytest.importorskip("numpy")
    return numpy.int64(value)


def test_score_many_starts_no_more_workers_than_chunks_of_tables(monkeypatch):
    from perfeval import batch

    counts = []
    real = batch.worker_count

    def counted(workers, work=None):
        counts.append(real(workers, work))
        return counts[-1]

    monkeypatch.setattr(batch, "worker_count", counted)
    monkeypatch.setattr(batch, "_cores", lambda: 8)
    assert [card.total for card in score_many(seed_tables()[:1], workers=8)] == [
        score_table(seed_tables()[0]).total
    ]
    assert counts == [1]


@pytest.mark.parametrize("chunk_size", [0, -3, 2.5])
def test_a_file_batch_refuses_a_chunk_size_that_would_skip_files(chunk_size, tmp_path):
    from perfeval.errors import InvalidTypeError
    from perfeval.files import score_files

    with pytest.raises(InvalidTypeError) as caught:
        score_files([tmp_path / "a.json"], workers=2, chunk_size=chunk_size)
    assert caught.value.field == "chunk_size"


def test_every_form_of_every_file_is_a_result_alike_in_workers(tmp_path):
    import json

    from _forms import xlsx
    from perfeval.form_documents import form_to_mapping
    from perfeval.kinds import read_forms
    from test_coefficient import chongqing
    from test_kinds import PROJECT
    from test_rubric import MERGED, rubric_rows

    mixed = xlsx({"自评表": (PROJECT, []), "评分表": (rubric_rows(), MERGED)})
    (tmp_path / "a.xlsx").write_bytes(mixed)
    coefficient = read_forms(xlsx({"系数表": (chongqing(), [])})).coefficients[0]
    document = json.dumps(form_to_mapping(coefficient), ensure_ascii=False)
    (tmp_path / "b.json").write_text(document, encoding="utf-8")
    paths = sorted(str(p) for p in tmp_path.iterdir())
    batch = audit_files(paths, indicators=True)
    assert not batch.errors
    assert [(r["table_name"].rsplit("/", 1)[-1], r["kind"]) for r in batch.form_rows()] == [
        ("a.xlsx#自评表", "table"), ("a.xlsx#评分表", "rubric"), ("b.json", "coefficient"),
    ]  # fmt: skip
    assert [row["table_index"] for row in batch.form_rows()] == [0, 0, 1]
    assert len(batch.table_rows()) == 1  # the 自评表 alone
    assert [item["kind"] for item in batch.form_list()] == ["rubric", "coefficient"]
    assert {row["code"] for row in batch.finding_rows()} >= {"total-mismatch"}
    assert {row["part"] for row in batch.form_item_rows()} >= {"rows", "indicators"}
    parallel = audit_files(paths, indicators=True, workers=2)
    assert parallel.results == batch.results
    scored = score_files(paths)
    assert [row["findings"] for row in scored.form_rows()] == [None, None, None]
    assert scored.finding_rows() == []
