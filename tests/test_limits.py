"""perfeval.limits: hostile input is refused from its text, cheaply, naming the limit."""

import io
import json
import os

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfeval import DEFAULT_LIMITS, LimitError, Limits
from perfeval.cli import main
from perfeval.document import loads, parse_json, parse_toml, table_from_mapping
from perfeval.errors import DocumentError, PerfevalError
from perfeval.limits import check_parsed, json_text_within, read_source, read_text


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


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ('{"project": 1e400000000, "indicators": []}', "max_exponent"),
        ('{"project": "x", "indicators": [{"target": 1e999999999999999999}]}', "max_exponent"),
        ('{"project": ' + "9" * 1_000_000 + ', "indicators": []}', "max_digits"),
        ('{"project": "x", "indicators": [' + "[" * 5000 + "]" * 5000 + "]}", "max_depth"),
    ],
)
def test_hostile_json_numbers_and_nesting_are_limit_errors(text, limit):
    with pytest.raises(LimitError) as caught:
        loads(text)
    assert caught.value.limit == limit
    assert f"Limits({limit}=...)" in str(caught.value)


def test_deep_toml_is_a_limit_error():
    with pytest.raises(LimitError, match="max_depth"):
        parse_toml("a = " + "[" * 5000 + "]" * 5000)


def test_toml_huge_exponent_and_integer_are_refused():
    with pytest.raises(LimitError, match="max_exponent"):
        parse_toml("a = 1e400000000")
    with pytest.raises(PerfevalError):
        parse_toml("a = " + "9" * 5000)


def test_limits_are_settings_that_can_be_raised():
    text = json.dumps({"project": "x", "indicators": [{"name": str(i)} for i in range(30)]})
    strict = attrs.evolve(DEFAULT_LIMITS, max_rows=20)
    with pytest.raises(LimitError, match=r"indicators: 30 is above the limit max_rows=20"):
        loads(text, limits=strict)
    assert len(loads(text).indicators) == 30


def test_a_string_above_the_limit_is_refused_naming_the_place():
    document = {"project": "x", "indicators": [{"note": "长" * 50}]}
    with pytest.raises(LimitError, match=r"indicators\[0\]\.note"):
        table_from_mapping(document, limits=Limits(max_string=40))


def test_limits_must_be_positive_whole_numbers():
    with pytest.raises(LimitError, match="max_rows"):
        Limits(max_rows=0)


def test_deep_objects_passed_from_python_are_limit_errors():
    nested: object = "x"
    for _ in range(5000):
        nested = [nested]
    with pytest.raises(LimitError, match="max_depth"):
        table_from_mapping({"project": "x", "indicators": nested})


def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "table.json"
    os.mkfifo(fifo)  # no writer: opening it for reading would block forever
    with pytest.raises(DocumentError, match="FIFO"):
        read_source(fifo)
    assert main(["score", str(fifo)], stdout=io.StringIO()) == 2


def test_a_directory_and_a_device_are_refused(tmp_path, capsys):
    with pytest.raises(DocumentError, match="directory"):
        read_source(tmp_path)
    if os.path.exists("/dev/zero"):
        with pytest.raises(DocumentError, match="device"):
            read_source("/dev/zero")
    assert main(["score", str(tmp_path)], stdout=io.StringIO()) == 2
    assert capsys.readouterr().err.count(str(tmp_path)) == 1


def test_reading_stops_one_byte_past_the_cap():
    class Endless(io.RawIOBase):
        served = 0

        def readable(self):
            return True

        def readinto(self, buffer):
            buffer[:] = b"[" * len(buffer)
            self.served += len(buffer)
            return len(buffer)

    endless = Endless()
    with pytest.raises(LimitError, match="max_bytes"):
        read_source("-", stdin=endless, limits=Limits(max_bytes=1000))
    assert endless.served <= 1001


def test_text_of_a_file_is_utf8_with_an_optional_bom(tmp_path):
    path = tmp_path / "t.json"
    path.write_bytes(b"\xef\xbb\xbf{}")
    assert read_text(path) == "{}"
    path.write_bytes(b"\xff{}")
    with pytest.raises(DocumentError, match="not UTF-8"):
        read_text(path)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=6), inner, max_size=6)
    ),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(
    _JSON_VALUES,
    st.integers(1, 40),
    st.integers(1, 400),
    st.integers(1, 40),
    st.integers(1, 12),
    st.booleans(),
)
def test_json_short_enough_for_its_limits_cannot_break_them(
    value, string, cells, rows, depth, ascii
):
    """parse_json skips the walk over a document that json_text_within clears: the walk
    must then have nothing to refuse."""
    limits = attrs.evolve(
        DEFAULT_LIMITS, max_string=string, max_cells=cells, max_rows=rows, max_depth=depth
    )
    text = json.dumps(value, ensure_ascii=ascii)
    if json_text_within(text, limits):
        check_parsed(json.loads(text), limits)  # raises if the bound were wrong


def test_a_long_written_small_number_is_refused_with_its_place():
    text = json.dumps({"project": "x", "indicators": [{"weight": 0}]}).replace(
        '"weight": 0', '"weight": 0.' + "0" * 80 + "1"
    )
    with pytest.raises(LimitError, match=r"indicators\[0\]\.weight.*max_exponent"):
        loads(text)
