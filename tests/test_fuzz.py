"""perfeval.testing.fuzz: short runs here; the long runs are `python -m perfeval.testing.fuzz`."""

import io
import random

from perfeval.errors import DocumentError
from perfeval.testing import fuzz as fuzz_module
from perfeval.testing.fuzz import ENTRY_POINTS, fuzz, replay


def test_a_short_run_over_every_entry_point_lets_only_perfeval_errors_escape():
    out = io.StringIO()
    results = fuzz(30, seed=7, workers=2, batch=15, out=out)
    assert set(results) == set(ENTRY_POINTS)
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
