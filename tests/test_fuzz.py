"""A short fuzz run in the suite; the long runs are `python -m perfeval.testing.fuzz`."""

import io

from perfeval.testing.fuzz import ENTRY_POINTS, fuzz


def test_short_fuzz_run_lets_only_perfeval_errors_escape():
    out = io.StringIO()
    results = fuzz(300, seed=7, out=out)
    assert set(results) == set(ENTRY_POINTS)
    assert all(foreign == 0 for _, foreign in results.values()), out.getvalue()
