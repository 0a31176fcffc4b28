"""perfeval.forms: the printed 自评表, and exports that read back to the same document."""

import io
import re
import zipfile
from decimal import Decimal

import attrs
import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfeval.audit import audit
from perfeval.document import dump_table, table_from_mapping
from perfeval.errors import DocumentError
from perfeval.forms import write_docx
from perfeval.funds import FundBlock, FundRow
from perfeval.readers import read_tables
from perfeval.seed import seed_tables
from perfeval.spreadsheet import write_workbook
from perfeval.table import Table, score_table
from perfeval.targets import Qualitative
from perfeval.testing import strategies as pst

D = Decimal
WRITERS = {"xlsx": write_workbook, "docx": write_docx}
KINDS = sorted(WRITERS)


def export(table, kind, **options):
    buffer = io.BytesIO()
    WRITERS[kind](table, buffer, **options)
    return buffer.getvalue()


def read_back(table, kind):
    (found,) = read_tables(export(table, kind))
    return found.table


def findings(table):
    return [(finding.code, finding.where) for finding in audit(table).findings]


# Tables as a form can print them ---------------------------------------------------------

_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def as_printed(value):
    """A document's text as a form shows it: no character XML cannot hold, line breaks as
    "\\n", no surrounding spaces, and a text left blank left out."""
    if isinstance(value, str):
        text = _UNPRINTABLE.sub("", value).replace("\r\n", "\n").replace("\r", "\n")
        return text.strip() or None
    if isinstance(value, dict):
        printed = {key: as_printed(item) for key, item in value.items()}
        return {key: item for key, item in printed.items() if item is not None}
    if isinstance(value, list):
        return [as_printed(item) for item in value]
    return value


@st.composite
def blank_levels(draw, tables):
    """Tables some of whose rows print no 一级指标 or 二级指标, and some no fund block."""
    table = draw(tables)
    rows = [
        attrs.evolve(
            row,
            level1=None if draw(st.booleans()) else row.level1,
            level2=None if draw(st.booleans()) else row.level2,
        )
        for row in table.indicators
    ]
    funds = None if draw(st.booleans()) else table.funds
    return attrs.evolve(table, indicators=rows, funds=funds)


@st.composite
def assembled_tables(draw):
    """Tables put together from the row and block strategies: any kind of row, time
    limits, a fund block or none."""
    rows = draw(st.lists(pst.indicators() | pst.time_limit_indicators(), min_size=1, max_size=5))
    funds = draw(st.none() | pst.fund_blocks(over_budget=None))
    return Table(project="培训项目", year=2023, funds=funds, indicators=rows)


TABLES = st.one_of(
    pst.documents().map(as_printed).map(table_from_mapping),
    pst.tables(max_indicators=6),
    pst.printed_tables(max_indicators=6),
    st.sampled_from(pst.FAULTS)
    .flatmap(lambda fault: pst.faulty_tables(fault=fault))
    .map(lambda planted: planted[0]),
    blank_levels(pst.printed_tables(max_indicators=6)),
    assembled_tables(),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TABLES)
def test_an_export_reads_back_to_the_same_document_and_audit(table):
    """JSON document → .xlsx → read, and → .docx → read: the same document field by field
    and the same findings at the same places."""
    document, found = dump_table(table), findings(table)
    for kind in KINDS:
        back = read_back(table, kind)
        assert dump_table(back) == document, kind
        assert findings(back) == found, kind


# What exports used to lose ---------------------------------------------------------------


def table(**fields):
    return table_from_mapping({"project": "工作经费", "year": 2023, "indicators": [], **fields})


def row(**fields):
    defaults = {
        "level1": "产出指标",
        "level2": "数量指标",
        "name": "培训人次",
        "target": "≥100人次",
        "actual": "120人次",
        "weight": "50",
        "score": "50",
    }
    return {**defaults, **fields}


@pytest.mark.parametrize("kind", KINDS)
def test_a_qualitative_target_of_none_reads_back_qualitative_not_not_applicable(kind):
    original = table(
        indicators=[
            row(
                target={"direction": "定性", "value": "无"}, actual="已完成", weight="10", score="9"
            )
        ],
        total_score="9",
    )
    back = read_back(original, kind)
    assert back.indicators[0].target == Qualitative("无")
    assert score_table(back).indicators[0].score == D("9")
    assert score_table(back).total == D("9")


def test_a_word_export_keeps_level1_weights_policy_and_notes():
    original = table(
        policy="mof-2020",
        level1_weights={"产出指标": "60"},
        indicators=[row()],
        notes=["年中调整了预算"],
    )
    back = read_back(original, "docx")
    assert back.level1_weights == {"产出指标": D("60")}
    assert back.policy == "mof-2020"
    assert back.notes == ("年中调整了预算",)
    assert ("weights-mismatch", "level1_weights") in findings(back)


def test_the_hidden_fields_of_a_word_export_are_custom_document_properties():
    data = export(table(level1_weights={"产出指标": "60"}, indicators=[row()]), "docx")
    package = docx.Document(io.BytesIO(data)).part.package
    names = [part.partname for part in package.iter_parts()]
    assert "/docProps/custom.xml" in names
    custom = next(part for part in package.iter_parts() if part.partname == "/docProps/custom.xml")
    assert b'name="perfeval.level1_weights"' in custom.blob
    assert "产出指标".encode() in custom.blob


def test_a_broken_hidden_field_of_a_word_export_is_refused_naming_the_property():
    data = export(table(level1_weights={"产出指标": "60"}, indicators=[row()]), "docx")
    source, broken = io.BytesIO(data), io.BytesIO()
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(broken, "w") as out:
        for item in package.infolist():
            content = package.read(item.filename)
            if item.filename == "docProps/custom.xml":
                content = content.replace("产出指标".encode(), b'"oops')
            out.writestr(item, content)
    with pytest.raises(DocumentError, match=r"custom property perfeval\.level1_weights"):
        read_tables(broken.getvalue())


@pytest.mark.parametrize("kind", KINDS)
def test_a_fund_sub_row_keeps_its_printed_rate_and_score(kind):
    original = table(
        funds={
            "weight": "10",
            "rows": [
                {"source": "total", "annual_budget": "100", "executed": "50", "rate": "50%",
                 "score": "5"},
                {"source": "current_year", "annual_budget": "100", "executed": "50",
                 "rate": "70%", "score": "7"},
            ],
        },
        indicators=[row()],
    )  # fmt: skip
    back = read_back(original, kind)
    assert back.funds.sources[0].printed_rate == D("70")
    assert back.funds.sources[0].printed_score == D("7")
    assert ("rate-mismatch", "funds.rows[1].rate") in findings(back)


@pytest.mark.parametrize("kind", KINDS)
def test_a_fund_block_without_a_total_row_reads_back_without_one(kind):
    original = table(
        funds={
            "weight": "10",
            "rows": [
                {"source": "current_year", "annual_budget": "100", "executed": "50"},
                {"source": "carry_over", "annual_budget": "10", "executed": "5"},
            ],
        },
        indicators=[row()],
    )
    back = read_back(original, kind)
    assert back.funds.total is None
    assert [source.source for source in back.funds.sources] == ["current_year", "carry_over"]
    assert back.funds.sources[0].annual_budget == D("100")
    assert back.funds.weight == D("10")


@pytest.mark.parametrize("kind", KINDS)
def test_a_fund_block_without_rows_keeps_its_weight(kind):
    back = read_back(table(funds={"weight": "10", "rows": []}, indicators=[row()]), kind)
    assert back.funds.weight == D("10")
    assert back.funds.total is None
    assert back.funds.sources == ()


@pytest.mark.parametrize("kind", KINDS)
def test_a_blank_level1_below_a_heading_stays_blank(kind):
    original = table(indicators=[row(), row(level1=None, level2=None, name="培训满意度")])
    back = read_back(original, kind)
    assert [item.level1 for item in back.indicators] == ["产出指标", None]
    assert [item.level2 for item in back.indicators] == ["数量指标", None]


@pytest.mark.parametrize("kind", KINDS)
def test_a_row_with_nothing_printed_is_still_a_row(kind):
    back = read_back(table(indicators=[row(), {"level1": "产出指标"}]), kind)
    assert len(back.indicators) == 2
    assert back.indicators[1].name == ""
    assert back.indicators[1].note is None


@pytest.mark.parametrize("kind", KINDS)
def test_a_table_without_funds_reads_back_without_funds(kind):
    original = table(indicators=[row()], total_score="40")
    back = read_back(original, kind)
    assert back.funds is None
    assert ("total-mismatch", "total_score") in findings(back)
    assert not any(code == "total-unverified" for code, _ in findings(back))


@pytest.mark.parametrize("kind", KINDS)
def test_text_no_form_can_hold_is_refused_naming_its_place(kind):
    with pytest.raises(DocumentError, match=r"indicators\[0\]\.name.*U\+0007"):
        export(table(indicators=[row(name="培训\x07人次")]), kind)


# The Word form's columns -----------------------------------------------------------------


def _twips(value):
    return int(value) / 1440 * 72  # points


def _text_points(text, size=10.0):
    """What *text* takes on one line in 宋体: a CJK character is one em, others half."""
    wide = sum(1 for ch in text if ord(ch) > 0x2E7F)
    return (wide + (len(text) - wide) / 2) * size


def test_word_columns_keep_numbers_and_short_headings_on_one_line():
    rich = attrs.evolve(
        seed_tables()[2],
        funds=FundBlock(
            weight=D("10"),
            total=FundRow(source="total", annual_budget=D("1234567.89"),
                              executed=D("1234567.89"), printed_rate=D("100.00"),
                              printed_score=D("10.00")),
        ),
    )  # fmt: skip
    for scored in (None, score_table(rich)):
        document = docx.Document(io.BytesIO(export(rich, "docx", scorecard=scored)))
        (form,) = document.tables
        grid = [_twips(col.get(qn("w:w"))) for col in form._tbl.tblGrid.gridCol_lst]
        margins = form._tbl.tblPr.find(qn("w:tblCellMar"))
        padding = sum(_twips(side.get(qn("w:w"))) for side in margins)
        checked = set()
        for tr in form._tbl.tr_lst:
            col = 0
            for tc in tr.tc_lst:
                text = "".join(node.text or "" for node in tc.iter(qn("w:t")))
                one_line = re.fullmatch(r"[\d.,%]+", text) or (text and len(text) <= 5)
                if one_line and tc.grid_span == 1 and tc.vMerge is None:
                    room = grid[col] - padding
                    assert _text_points(text) <= room, (text, room)
                    assert tc.tcPr.find(qn("w:noWrap")) is not None, text
                    checked.add(text)
                col += tc.grid_span
        assert {"全年执行数", "年度指标值", "100.00%", "1234567.89"} <= checked
    assert sum(grid) <= 17.4 / 2.54 * 72 + 1  # still fits the A4 page
