"""perfeval.document: exact numbers, placeholders, shapes, located errors, round trips."""

import contextlib
import copy
import json
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from _helpers import _only_perfeval_errors, run
from perfeval.document import dump_table, dumps_document, loads, parse_json, table_from_mapping
from perfeval.errors import DocumentError, InvalidTypeError, LimitError
from perfeval.output import scorecard_to_json
from perfeval.seed import seed_tables
from perfeval.table import score_table
from perfeval.targets import Comparison, Direction, NotApplicable, Qualitative
from perfeval.testing import strategies as pst

D = Decimal


def test_json_numbers_are_read_exactly(document):
    document["funds"]["rows"][0]["executed"] = "PLACEHOLDER"
    text = json.dumps(document).replace('"PLACEHOLDER"', "51.790")
    table = loads(text)
    assert table.funds.total.executed.as_tuple() == D("51.790").as_tuple()


@pytest.mark.parametrize("blank", ["", "/", "-", "—", "——", "无", None])
def test_placeholders_read_as_blank(document, blank):
    document["funds"]["rows"][0]["annual_budget"] = blank
    assert table_from_mapping(document).funds.total.annual_budget is None


@pytest.mark.parametrize(("printed", "percent"), [("86.32%", "86.32"), ("86.32", "86.32"),
                                                  ("８６．３２％", "86.32")])  # fmt: skip
def test_printed_rate_with_or_without_percent_sign(document, printed, percent):
    document["funds"]["rows"][0]["rate"] = printed
    assert table_from_mapping(document).funds.total.printed_rate == D(percent)


def test_structured_target_object(document):
    document["indicators"][3]["target"] = {"direction": "≤", "value": "50", "unit": "万元"}
    target = table_from_mapping(document).indicators[3].target
    assert isinstance(target, Comparison)
    assert (target.direction, target.value) == (Direction.LE, D(50))


def test_chinese_fund_labels_and_own_rows(document):
    document["funds"]["rows"] += [
        {"source": "其中：本年财政拨款", "annual_budget": "100", "executed": "100"},
        {"source": "政府性基金", "annual_budget": "0", "executed": "0"},
    ]
    funds = table_from_mapping(document).funds
    assert [row.source for row in funds.sources] == ["current_year", "政府性基金"]
    assert funds.discrepancies() == ()


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.update(indicators="none"), "indicators"),
        (lambda d: d.pop("project"), "project"),
        (lambda d: d.pop("indicators"), "indicators"),
        (lambda d: d["indicators"][2].update(weight="fifteen"), "indicators[2].weight"),
        (lambda d: d["indicators"][2].update(weight=[15]), "indicators[2].weight"),
        (lambda d: d["indicators"][2].update(weight="-1"), "indicators[2].weight"),
        (lambda d: d["indicators"][2].update(colour="red"), "indicators[2].colour"),
        (lambda d: d["funds"]["rows"][0].pop("source"), "funds.rows[0].source"),
        (lambda d: d["funds"].update(rows={}), "funds.rows"),
        (lambda d: d.update(year="next year"), "year"),
        (lambda d: d.update(format="other/2"), "format"),
    ],
)
def test_unusable_documents_name_the_place(document, change, where):
    change(document)
    with pytest.raises(DocumentError) as caught:
        table_from_mapping(document)
    assert caught.value.field == where
    assert where in str(caught.value)


def test_malformed_json_names_line_and_column():
    with pytest.raises(DocumentError, match="line 1 column"):
        loads('{"project": ')


def test_json_float_constants_are_refused():
    with pytest.raises(DocumentError, match="NaN"):
        loads('{"project": "x", "indicators": [], "total_score": NaN}')


def test_toml_documents_read_exactly():
    table = loads(
        'project = "x"\nindicators = []\ntotal_score = 98.50\n[funds]\nweight = 10\n'
        '[[funds.rows]]\nsource = "total"\nannual_budget = 60\nexecuted = 51.79\n',
        format="toml",
    )
    assert table.printed_total.as_tuple() == D("98.50").as_tuple()
    assert table.funds.total.executed == D("51.79")


def test_scorecard_json_follows_the_spec():
    card = score_table(seed_tables()[2])
    data = json.loads(json.dumps(scorecard_to_json(card)))
    assert data["policy"] == "mof-2020"
    assert data["funds"] == {**data["funds"], "rate": "0.8632", "rate_percent": "86.32%",
                             "score": "8.63", "weight": "10"}  # fmt: skip
    first = data["indicators"][0]
    assert (first["name"], first["score"], first["weight"], first["rule"]) == (
        "信访接待人数", "15", "15", "positive")  # fmt: skip
    assert data["total"] == "98.63"
    assert data["grade"] == "优"
    assert data["findings"] == []


def test_undefined_rate_is_null_in_json(document):
    document["funds"]["rows"][0].update(annual_budget="0", rate=None, score=None)
    data = scorecard_to_json(score_table(table_from_mapping(document)))
    assert data["funds"]["rate"] is None
    assert data["funds"]["score"] is None


def test_seed_tables_round_trip_through_documents():
    for table in seed_tables():
        assert table_from_mapping(json.loads(json.dumps(dump_table(table)))) == table


@given(st.text(max_size=60))
@example("0E100")  # a number beyond max_exponent: refused by its limit, as designed
def test_loader_raises_only_document_errors_on_any_text(text):
    with contextlib.suppress(DocumentError, LimitError):  # any other exception fails the test
        loads(text)


def test_printed_units_in_number_cells(document):
    document["funds"]["rows"][0].update(annual_budget="1,000,000元", executed="90万元")
    document["indicators"][0].update(weight="15分", score="15分")
    table = table_from_mapping(document)
    assert table.funds.total.annual_budget == D(100)  # 万元, the block's unit
    assert table.funds.total.executed == D(90)
    assert table.indicators[0].weight == D(15)


def test_amount_unit_of_the_document_applies_to_funds(document):
    document["amount_unit"] = "元"
    document["funds"]["rows"][0].update(annual_budget="60万元", executed="51.79万元")
    funds = table_from_mapping(document).funds
    assert funds.unit == "元"
    assert funds.total.annual_budget == D(600000)


def test_every_bad_row_is_reported_at_once(document):
    document["indicators"][1]["weight"] = "ten"
    document["indicators"][4]["score"] = "nine"
    with pytest.raises(DocumentError) as caught:
        table_from_mapping(document)
    assert [e.field for e in caught.value.errors] == ["indicators[1].weight", "indicators[4].score"]
    assert "2 problems" in str(caught.value)
    assert caught.value.field == "indicators[1].weight"


def test_document_round_trip_is_unchanged_by_the_new_reader(document):
    first = table_from_mapping(copy.deepcopy(document))
    assert score_table(first).total == D("100.00")


def test_a_number_cell_with_an_exponent_decimal_cannot_hold_is_a_document_error():
    """Found by fuzzing: "7.41e9999999999999999999" in a cell raised InvalidOperation."""
    document = {"project": "x", "indicators": [{"weight": "7.41e9999999999999999999"}]}
    with pytest.raises(DocumentError, match=r"indicators\[0\]\.weight"):
        table_from_mapping(document)


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


def test_a_serialized_scorecard_given_as_a_table_names_both_shapes(tmp_path, capsys):
    from perfeval.serialization import dumps

    path = tmp_path / "card.json"
    path.write_text(dumps(score_table(seed_tables()[2])), encoding="utf-8")
    code, _ = run(["score", str(path)])
    assert code == 2
    err = capsys.readouterr().err
    assert "neither a table document" in err
    assert "nor a serialized Table" in err


def test_a_parsed_document_reads_numbers_exactly():
    assert parse_json('{"a": 0.1}') == {"a": Decimal("0.1")}


@settings(max_examples=40)
@given(st.text(max_size=200), st.sampled_from(["json", "toml"]))
def test_any_text_is_a_table_or_a_perfeval_error(text, fmt):
    _only_perfeval_errors(lambda t: loads(t, format=fmt), text)


def _with_rows(document, rows, total):
    changed = copy.deepcopy(document)
    changed["indicators"][1:1] = rows
    changed["total_score"] = total
    return changed


_LEFTOVERS = [
    {"level1": "产出指标", "level2": "数量指标", "name": "指标1…"},
    {"name": "指标2", "target": "", "actual": "/", "weight": None, "score": "—"},
    {"name": "……"},
    {"name": "XX指标"},
]


def test_template_leftovers_are_left_out_and_named_in_a_note(document):
    """A wrong printed total is a total-mismatch with or without the template's rows."""
    from perfeval.audit import audit

    plain = audit(table_from_mapping(_with_rows(document, [], "99.5")))
    table = table_from_mapping(_with_rows(document, _LEFTOVERS, "99.5"))
    report = audit(table)
    assert "total-mismatch" in plain.codes()
    assert report.codes() == plain.codes()
    assert report.scorecard.total == plain.scorecard.total
    assert [row.name for row in table.indicators][1:5] == ["指标1…", "指标2", "……", "XX指标"]
    note = table.notes[-1]
    assert "indicators[1] '指标1…'" in note
    assert "indicators[4] 'XX指标'" in note
    assert "'……'" not in note  # a blank name is 无 already
    assert "模板占位行" in report.scorecard.indicators[1].explain()
    again = table_from_mapping(dump_table(table))  # the note is not written twice
    assert again.notes == table.notes


def test_a_real_name_with_nothing_filled_still_makes_the_table_incomplete(document):
    from perfeval.audit import audit

    table = table_from_mapping(_with_rows(document, [{"name": "培训人次"}], "99.5"))
    report = audit(table)
    assert "missing-value" in report.codes()
    assert not any("template" in note for note in table.notes)


def test_template_leftovers_in_a_spreadsheet_do_not_hide_a_wrong_total():
    import io

    import openpyxl

    from perfeval.audit import audit
    from perfeval.readers import read_tables

    def workbook(leftovers):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["项目名称", "培训项目"])
        sheet.append(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值",
                      "得分"])  # fmt: skip
        sheet.append(["产出指标", "数量指标", "培训人次", "≥100人次", "90人次", 50, 45])
        for name in leftovers:
            sheet.append(["产出指标", "数量指标", name, None, None, None, None])
        sheet.append(["效益指标", "社会效益指标", "群众知晓率", "≥90%", "95%", 50, 50])
        sheet.append(["总分", None, None, None, None, 100, 98])  # 45 + 50 = 95
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    plain = audit(read_tables(workbook([]))[0].table)
    found = read_tables(workbook(["指标1…", "指标2", "……", "XX指标"]))[0]
    report = audit(found.table)
    assert "total-mismatch" in plain.codes()
    assert "total-mismatch" in report.codes()
    assert "total-unverified" not in report.codes()
    assert report.errors == plain.errors
    assert any("指标1…" in note and "template" in note for note in found.table.notes)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: loads(None), "text"),
        (lambda: loads(b'{"project": "p"}'), "text"),
        (lambda: parse_json(["{}"]), "text"),
        (lambda: dump_table({"project": "p"}), "table"),
        (lambda: dumps_document(None), "table"),
    ],
)
def test_a_document_function_refuses_a_wrong_argument_naming_it(call, field):
    with pytest.raises(InvalidTypeError) as caught:
        call()
    assert caught.value.field == field
