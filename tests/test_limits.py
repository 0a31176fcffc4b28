"""perfeval.limits: hostile input is refused from its text, cheaply, naming the limit."""

import json

import pytest

from perfeval import LimitError
from perfeval.document import parse_json, parse_toml


@pytest.mark.parametrize("fmt", ["json", "toml"])
@pytest.mark.parametrize("padding", [0, 30_000])
def test_an_integer_beyond_max_digits_is_refused_however_long_the_document(fmt, padding):
    data = {"a": 10**100 - 1, "note": "x" * padding}
    if fmt == "json":
        text = json.dumps(data)
        with pytest.raises(LimitError, match="max_digits"):
            parse_json(text)
    else:
        text = f'note = "{"x" * padding}"\na = {10**100 - 1}\n'
        with pytest.raises(LimitError, match="max_digits"):
            parse_toml(text)
