"""Hostile and broken input costs little and fails cleanly; what perfeval writes reads back."""

import contextlib
import functools
import io
import json
import os
import subprocess
import sys
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfeval import DEFAULT_LIMITS, LimitError, Limits
from perfeval.audit import audit
from perfeval.checks import rate_reading
from perfeval.cli import main
from perfeval.document import (
    dump_table,
    dumps_document,
    loads,
    parse_json,
    parse_toml,
    table_from_mapping,
    table_shape,
)
from perfeval.errors import DocumentError, PerfevalError
from perfeval.funds import FundBlock, FundRow
from perfeval.indicators import Indicator
from perfeval.limits import check_parsed, json_text_within, read_source, read_text
from perfeval.seed import seed_tables
from perfeval.table import Scorecard, Table, score_table
from perfeval.targets import NotApplicable, Qualitative
from perfeval.testing import strategies as pst


def run(argv, stdin=""):
    out = io.StringIO()
    code = main(argv, stdout=out, stdin=io.StringIO(stdin))
    return code, out.getvalue()


def write(tmp_path, document, name="table.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return str(path)


# Numbers, nesting, sizes: refused from the text, before the work ---------------------------


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


def test_a_number_cell_with_an_exponent_decimal_cannot_hold_is_a_document_error():
    """Found by fuzzing: "7.41e9999999999999999999" in a cell raised InvalidOperation."""
    document = {"project": "x", "indicators": [{"weight": "7.41e9999999999999999999"}]}
    with pytest.raises(DocumentError, match=r"indicators\[0\]\.weight"):
        table_from_mapping(document)


def test_a_printed_rate_with_thousands_of_decimals_is_audited_not_a_crash():
    """Found by fuzzing: a rate cell "86.3999…" with 10,000 decimals made the rate-reading
    check quantize beyond the private context (InvalidOperation) after 10,000 tries."""
    rate = "86.3" + "9" * 10_000
    document = {
        "project": "x",
        "funds": {"weight": "10", "rows": [
            {"source": "total", "annual_budget": "60", "executed": "51.79", "rate": rate},
        ]},
        "indicators": [],
    }  # fmt: skip
    report = audit(table_from_mapping(document))
    codes = {finding.code for finding in report.findings}
    assert "rate-mismatch" in codes or "rate-reading" in codes
    assert report.scorecard.funds is not None
    assert report.scorecard.funds.score == Decimal("8.63")
    assert rate_reading(Decimal(rate), Decimal("51.79"), Decimal("60")) is None
    assert rate_reading(Decimal("86.32" + "0" * 50), Decimal("51.79"), Decimal("60")) == "percent"
    assert rate_reading(Decimal("86.31" + "0" * 50), Decimal("51.79"), Decimal("60")) == "truncated"


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


def test_duplicate_keys_are_refused_naming_the_key():
    text = '{"project": "x", "indicators": [{"name": "a"}], "indicators": []}'
    with pytest.raises(DocumentError, match="indicators: a key given twice"):
        loads(text)


@pytest.mark.parametrize("year", ["፩", "9" * 5000, 10**30, True, "20233"])
def test_years_in_other_digits_or_too_long_are_document_errors(year):
    with pytest.raises(DocumentError, match="year"):
        table_from_mapping({"project": "x", "indicators": [], "year": year})


@pytest.mark.parametrize(
    ("year", "read"), [("２０２３年度", 2023), ("2023年", 2023), (2023, 2023), ("²⁰²³", 2023)]
)
def test_years_as_tables_print_them_still_read(year, read):
    """Compatibility digits fold to ASCII (NFKC) as full-width ones do: a reading, no crash."""
    assert table_from_mapping({"project": "x", "indicators": [], "year": year}).year == read


# Reading files: regular files and stdin only, with a cap ---------------------------------


def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "table.json"
    os.mkfifo(fifo)  # no writer: opening it for reading would block forever
    with pytest.raises(DocumentError, match="FIFO"):
        read_source(fifo)
    assert main(["score", str(fifo)], stdout=io.StringIO()) == 2


def test_a_fifo_named_like_a_workbook_is_refused_at_once(tmp_path):
    pytest.importorskip("openpyxl")
    from perfeval.spreadsheet import read_workbook

    fifo = tmp_path / "table.xlsx"
    os.mkfifo(fifo)
    with pytest.raises(DocumentError, match="FIFO"):
        read_workbook(fifo)
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


def test_standard_input_is_read_with_the_same_cap(capsys):
    code, _ = run(
        ["score", "-", "--input-format", "json"], stdin=" " * (DEFAULT_LIMITS.max_bytes + 1)
    )
    assert code == 2
    assert "max_bytes" in capsys.readouterr().err


def test_a_missing_file_is_named_once(tmp_path, capsys):
    missing = str(tmp_path / "nope.json")
    assert main(["score", missing], stdout=io.StringIO()) == 2
    err = capsys.readouterr().err
    assert err.count(missing) == 1
    assert err.startswith(f"perfeval: {missing}: cannot read")
    assert len(err.splitlines()) == 1


def test_text_of_a_file_is_utf8_with_an_optional_bom(tmp_path):
    path = tmp_path / "t.json"
    path.write_bytes(b"\xef\xbb\xbf{}")
    assert read_text(path) == "{}"
    path.write_bytes(b"\xff{}")
    with pytest.raises(DocumentError, match="not UTF-8"):
        read_text(path)


# The workbook's hidden sheet ---------------------------------------------------------------


def _workbook_with_meta(tmp_path, rows):
    openpyxl = pytest.importorskip("openpyxl")
    from perfeval.spreadsheet import write_workbook

    path = tmp_path / "t.xlsx"
    write_workbook(seed_tables()[2], path)
    book = openpyxl.load_workbook(path)
    del book["perfeval"]
    meta = book.create_sheet("perfeval")
    meta.sheet_state = "hidden"
    for row in rows:
        meta.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize(
    "rows",
    [
        [["level1_weights", "[" * 5000 + "]" * 5000]],
        [["level1_weights", '["产出指标", 50]']],
        [["notes", '{"a": 1}']],
        [["notes", "[1, 2]"]],
        [["policy", 5]],
        [["level1_weights", "{"]],
    ],
)
def test_a_bad_hidden_sheet_is_a_document_error_naming_its_cell(tmp_path, rows):
    from perfeval.spreadsheet import read_workbook

    with pytest.raises(DocumentError, match=r"perfeval!B1"):
        read_workbook(_workbook_with_meta(tmp_path, rows))


def test_a_one_column_hidden_sheet_reads(tmp_path):
    """Found by fuzzing: a row with one cell raised ValueError while unpacking."""
    from perfeval.spreadsheet import read_workbook

    table = read_workbook(_workbook_with_meta(tmp_path, [["format"], ["notes"]]))
    assert table.project == seed_tables()[2].project


# The command line: one line, exit codes, output that cannot be written --------------------


def _perfeval(args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "perfeval", *args], capture_output=True, text=True, **kwargs
    )


def test_ctrl_c_exits_130_with_one_line(monkeypatch, capsys, tmp_path, document):
    import importlib

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    # the command imports the audit when it runs: interrupt it there
    monkeypatch.setattr(importlib.import_module("perfeval.audit"), "audit", interrupted)
    assert main(["audit", write(tmp_path, document)], stdout=io.StringIO()) == 130
    assert capsys.readouterr().err == "perfeval: interrupted\n"


def test_a_closed_output_stream_is_one_line_and_exit_2(capsys):
    out = io.StringIO()
    out.close()
    assert main(["policies"], stdout=out) == 2
    assert capsys.readouterr().err == "perfeval: standard output is closed\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_is_one_line_and_exit_2():
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "perfeval", "demo"], stdout=full, stderr=subprocess.PIPE,
            text=True, check=False,
        )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == "perfeval: cannot write the output: No space left on device\n"


def test_a_closed_stdout_is_one_line_and_exit_2():
    result = subprocess.run(
        ["sh", "-c", f"'{sys.executable}' -m perfeval demo >&-"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == "perfeval: standard output is closed\n"


def test_a_lone_surrogate_in_a_name_is_written_escaped(tmp_path, document):
    document["project"] = "名\udcff"
    path = tmp_path / "t.json"
    path.write_text(json.dumps(document), encoding="ascii")  # "\udcff" as a JSON escape
    result = _perfeval(["score", str(path), "--format", "json"], check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert json.loads(result.stdout)["project"] == "名\udcff"  # \udcff: the same string


# Lossless round trips ----------------------------------------------------------------------


def _walk(value):
    yield value
    if isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


@settings(max_examples=60)
@given(pst.documents(), st.sampled_from(["json", "toml"]))
def test_load_write_load_is_the_identity_on_tables_and_scorecards(document, fmt):
    table = table_from_mapping(document)
    data = dump_table(table)
    assert None not in _walk(data)
    again = loads(dumps_document(table, format=fmt), format=fmt)
    assert again == table
    assert score_table(again) == score_table(table)


def test_a_qualitative_none_target_from_split_columns_stays_qualitative():
    document = {
        "project": "x",
        "indicators": [{"name": "a", "target": {"direction": "定性", "value": "无"}}],
    }
    table = table_from_mapping(document)
    assert isinstance(table.indicators[0].target, Qualitative)
    written = dump_table(table)
    assert written["indicators"][0]["target"] == {"direction": "定性", "value": "无"}
    again = loads(dumps_document(table, format="toml"), format="toml")
    assert again == table
    assert not isinstance(again.indicators[0].target, NotApplicable)


def test_a_target_with_an_unknown_direction_round_trips():
    document = {"project": "x", "indicators": [{"target": {"direction": "x", "value": "5"}}]}
    table = table_from_mapping(document)
    assert loads(dumps_document(table)) == table


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_seed_tables_round_trip_as_documents_in_both_formats(fmt):
    for table in seed_tables():
        assert loads(dumps_document(table, format=fmt), format=fmt) == table


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_a_scorecard_with_an_exact_funds_value_of_1e_13_reloads(fmt):
    from perfeval.serialization import dumps
    from perfeval.serialization import loads as load_object

    funds = FundBlock(
        weight=Decimal(10),
        total=FundRow(source="total", annual_budget="1000000000000", executed="0.01"),
    )
    card = score_table(Table(project="x", funds=funds))
    assert card.funds is not None
    assert card.funds.exact == Decimal("1E-13")
    assert load_object(dumps(card, format=fmt), Scorecard, format=fmt) == card


def test_serialized_tables_are_recognised_and_read(tmp_path, capsys):
    from perfeval.serialization import dumps, table_from_data, unstructure

    table = seed_tables()[2]
    assert table_shape(unstructure(table)) == "serialized Table"
    assert table_from_data(unstructure(table)) == (table, "serialized Table")
    path = tmp_path / "table.json"
    path.write_text(dumps(table), encoding="utf-8")
    code, out = run(["score", str(path), "--format", "json"])
    assert code == 0
    assert json.loads(out)["total"] == "98.63"
    assert capsys.readouterr().err == f"perfeval: {path}: read as serialized Table\n"


def test_a_serialized_scorecard_given_as_a_table_names_both_shapes(tmp_path, capsys):
    from perfeval.serialization import dumps

    path = tmp_path / "card.json"
    path.write_text(dumps(score_table(seed_tables()[2])), encoding="utf-8")
    code, _ = run(["score", str(path)])
    assert code == 2
    err = capsys.readouterr().err
    assert "neither a table document" in err
    assert "nor a serialized Table" in err


def test_serialization_loads_refuses_duplicate_keys_and_deep_nesting():
    from perfeval.serialization import loads as load_object

    with pytest.raises(DocumentError, match="project"):
        load_object('{"project": "a", "project": "b"}', Table)
    with pytest.raises(LimitError):
        load_object("[" * 5000 + "]" * 5000, Table)


def test_a_parsed_document_reads_numbers_exactly():
    assert parse_json('{"a": 0.1}') == {"a": Decimal("0.1")}


# Every reader, given mutated bytes, raises only perfeval's errors -------------------------


def _only_perfeval_errors(read, data):
    with contextlib.suppress(PerfevalError):  # anything else fails the test
        read(data)


@settings(max_examples=40)
@given(st.text(max_size=200), st.sampled_from(["json", "toml"]))
def test_any_text_is_a_table_or_a_perfeval_error(text, fmt):
    _only_perfeval_errors(lambda t: loads(t, format=fmt), text)


@functools.cache
def _seed_package():
    """One workbook, written once (a package written twice differs in its timestamps)."""
    from perfeval.spreadsheet import write_workbook

    buffer = io.BytesIO()
    write_workbook(seed_tables()[2], buffer)
    return buffer.getvalue()


@settings(max_examples=25)
@given(st.data())
def test_mutated_workbook_bytes_are_a_table_or_a_perfeval_error(data):
    pytest.importorskip("openpyxl")
    from perfeval.spreadsheet import read_workbook

    package = bytearray(_seed_package())
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        package[data.draw(st.integers(0, len(package) - 1))] = data.draw(st.integers(0, 255))
    _only_perfeval_errors(lambda b: read_workbook(io.BytesIO(b)), bytes(package))


@settings(max_examples=25)
@given(st.binary(max_size=300))
def test_random_bytes_on_stdin_end_with_a_clean_exit_code(data):
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    assert main(["audit", "-"], stdout=io.StringIO(), stdin=stdin) in (0, 1, 2)


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


def test_long_distinct_texts_do_not_grow_the_reading_caches():
    """Readings are kept per text, but only for short texts: a stream of long distinct
    cells (each up to max_string characters) costs time, never a cache of them."""
    from perfeval.cells import _points_text
    from perfeval.groups import _match_group
    from perfeval.scoring import _folded
    from perfeval.targets import READ_CACHE_LONGEST, _read_cached, parse_target

    caches = (_read_cached, _points_text, _match_group, _folded)
    before = [cache.cache_info().currsize for cache in caches]
    for i in range(200):
        long = f"{i}个" + "很" * (READ_CACHE_LONGEST + i)
        parse_target(long)
        with contextlib.suppress(PerfevalError):
            Indicator(name="x", level1=long, level2=long, weight=" " * 40 + str(i))
        row = Indicator(name="x", target=long, actual=long, weight=Decimal(1))
        said = "效果" + "很" * (READ_CACHE_LONGEST + i) + "明显"
        stated = Indicator(name="y", target=said, actual=said + "。", weight=Decimal(1))
        audit(Table(project="x", indicators=[row, stated]))
    assert [cache.cache_info().currsize for cache in caches] == before
    short = parse_target("≥95%")
    assert parse_target("≥95%") is short  # a short text is still read once


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_an_amount_printed_with_thousands_of_decimals_is_shown_not_a_crash(fmt, capsys):
    """Found by fuzzing the command line: an executed amount "46.999…" with thousands of
    decimals made babel quantize beyond the private context (InvalidOperation)."""
    from perfeval.seed import seed_document

    data = json.loads(seed_document("2-3"))
    data["funds"]["rows"][0]["executed"] = "46." + "9" * 3000
    stdin = io.StringIO(json.dumps(data, ensure_ascii=False))
    code = main(["audit", "-", "--format", fmt], stdin=stdin)
    captured = capsys.readouterr()
    assert code in (0, 1), captured.err
    assert "46.999" in captured.out
    assert captured.err == ""
