"""perfeval.testing.fuzz: short runs here; the long runs are `python -m perfeval.testing.fuzz`."""

import contextlib
import io
import random
from pathlib import Path

import pytest

import perfeval
from perfeval.errors import DocumentError, PerfevalError
from perfeval.testing import fuzz as fuzz_module
from perfeval.testing.fuzz import ENTRY_POINTS, fuzz, replay

#: The entry points of the file readers and of other doors, each tried in this process on a
#: few inputs below (a PDF costs a quarter of a second); the short run in workers covers
#: the others.
DOORS = {
    "read_tables docx + audit": 12,
    "read_tables xls + audit": 12,
    "read_tables xml2003 + audit": 12,
    "read_tables html + audit": 12,
    "read_tables pdf + audit": 4,
    "read_forms + audit_forms": 8,
    "read_policy + audit": 30,
    "load_tables + audit": 30,
}


@pytest.fixture(scope="module")
def corpus():
    return fuzz_module._Corpus()


def test_every_entry_point_is_named_and_available(corpus):
    assert set(fuzz_module._entries(corpus)) == set(ENTRY_POINTS)
    assert set(DOORS) <= set(ENTRY_POINTS)


def test_a_short_run_in_workers_lets_only_perfeval_errors_escape():
    out = io.StringIO()
    names = tuple(name for name in ENTRY_POINTS if name not in DOORS)
    results = fuzz(30, seed=7, workers=2, batch=15, out=out, entries=names)
    assert set(results) == set(names)
    for name, result in results.items():
        assert result.inputs == 30, name
        assert (result.foreign, result.hangs) == (0, 0), out.getvalue()
        assert result.peak_rss_mib > 0


def test_a_hang_and_a_foreign_exception_are_reported_and_the_run_goes_on(monkeypatch):
    def run(index):
        if index == 3:
            while True:  # a hang: the worker is killed after the timeout
                pass
        if index == 5:
            raise KeyError("not a perfeval error")
        if index == 6:
            raise DocumentError("a perfeval error")

    def entries(corpus):
        return {"parse_target": fuzz_module._Entry(lambda rng: rng.index, run)}

    class Indexed(random.Random):
        def __init__(self, index):
            super().__init__(index)
            self.index = index

    monkeypatch.setattr(fuzz_module, "_entries", entries)
    monkeypatch.setattr(fuzz_module, "_rng", lambda seed, name, index: Indexed(index))
    out = io.StringIO()
    result = fuzz(10, workers=1, batch=10, timeout=1, out=out, start_method="fork")
    result = result["parse_target"]
    assert (result.inputs, result.foreign, result.hangs) == (10, 1, 1)
    assert "HANG in parse_target, input 3" in out.getvalue()
    assert "KeyError" in out.getvalue()


def test_an_input_can_be_drawn_again():
    first = replay("json document + audit", 12, seed=3)
    assert first == replay("json document + audit", 12, seed=3)
    assert first != replay("json document + audit", 13, seed=3)


@pytest.mark.parametrize("name", list(DOORS))
def test_each_door_takes_a_few_inputs_and_lets_only_perfeval_errors_escape(corpus, name):
    entry = fuzz_module._entries(corpus)[name]
    drawn = []
    for index in range(DOORS[name]):
        given = entry.draw(fuzz_module._rng(11, name, index))
        drawn.append(repr(given))
        with contextlib.suppress(PerfevalError):
            entry.run(given)
    assert len(set(drawn)) > DOORS[name] // 2  # mutations, not the same input again


def test_the_files_mutations_start_from_are_read_to_their_tables(corpus):
    from perfeval.kinds import read_forms
    from perfeval.readers import read_tables

    projects = [table.project for table in corpus.tables]
    files = [corpus.docx[0], corpus.xml2003[0], corpus.html[0], corpus.pdf[0]]
    for data in files:
        assert [found.table.project for found in read_tables(data)] == projects[:1]
    assert [found.table.project for found in read_tables(corpus.docx[-1])] == projects
    assert [found.table.project for found in read_tables(corpus.xls.data)] == ["乡村道路养护"]
    workbooks, documents = corpus.form_workbooks, corpus.form_documents
    kinds = [kind for _, kind in read_forms(workbooks[-1]).names]
    assert kinds == ["table", "rubric", "coefficient", "department"]
    assert [kind for _, kind in read_forms(documents[-1]).names] == ["table", "rubric"]


def test_database_rows_and_policy_files_unmutated_load(corpus):
    from perfeval.database import load_tables
    from perfeval.policy_files import loads_policy

    rows = corpus.rows
    funds = [row for table in rows for row in table["funds"]]
    indicators = [row for table in rows for row in table["indicators"]]
    loaded = load_tables(funds, indicators)
    assert [table.project for table in loaded.values()] == [t.project for t in corpus.tables]
    texts = corpus.policies
    assert {loads_policy(text).id for text in texts.toml} == {
        loads_policy(text, format="json").id for text in texts.json
    }


def test_an_xls_record_is_changed_in_place_so_the_container_stays_whole(corpus):
    import xlrd

    changed = damaged = 0
    for index in range(20):
        data = fuzz_module._xls_bytes(corpus.xls, random.Random(index))
        assert len(data) == len(corpus.xls.data)
        changed += data != corpus.xls.data
        try:
            xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO())
        except xlrd.compdoc.CompDocError:
            damaged += 1  # one input in ten changes a byte anywhere in the file
        except Exception:
            pass  # the BIFF records may well be damaged
    assert changed >= 18
    assert damaged <= 4


def _children(pid: int) -> list[str]:
    """The processes whose parent is *pid* (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "stat").read_text().rsplit(")", 1)[1].split()[1] == str(pid):
                    found.append(entry.name)
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_the_workers_stop_when_the_runner_is_killed():
    """A runner killed outright (SIGKILL, no chance to clean up) leaves no worker running
    the batches it had queued."""
    import os
    import signal
    import subprocess
    import sys
    import time

    env = dict(os.environ, PYTHONPATH=str(Path(perfeval.__file__).resolve().parents[1]))
    runner = subprocess.Popen(
        [sys.executable, "-m", "perfeval.testing.fuzz", "--count", "1000000", "--workers", "1",
         "--batch", "1000", "--seed", "9", "--entry", "parse_target"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        workers: list[str] = []
        while time.monotonic() < deadline and not workers:
            time.sleep(0.5)
            workers = _children(runner.pid)
        assert workers, "the runner started no worker"
        time.sleep(2)  # the worker is at its inputs
    finally:
        runner.kill()
        runner.wait()

    def running(pid: str) -> bool:
        try:
            return (Path("/proc") / pid / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(running(pid) for pid in workers):
        time.sleep(0.2)
    left = [pid for pid in workers if running(pid)]
    for pid in left:
        os.kill(int(pid), signal.SIGKILL)
    assert not left
