"""Doctest setup for the pages: a page's JSON example is the text its doctests read."""

from __future__ import annotations

import re

import pytest

_JSON_BLOCK = re.compile(r"^```json\n(.*?)^```$", re.DOTALL | re.MULTILINE)


@pytest.fixture(autouse=True)
def _page_example(request: pytest.FixtureRequest, doctest_namespace: dict[str, object]) -> None:
    """Give a page's doctests its first ```json block as ``example_json``.

    So the example a page shows is the very text its doctests load, and cannot go stale.
    """
    path = getattr(request.node, "path", None)
    doctest_namespace.pop("example_json", None)
    if path is not None and path.suffix == ".md":
        found = _JSON_BLOCK.search(path.read_text(encoding="utf-8"))
        if found is not None:
            doctest_namespace["example_json"] = found.group(1)
