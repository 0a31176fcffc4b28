"""perfeval.spreadsheet: the 自评表 as .xlsx, written like the official table, read back."""

import functools
import io
import json
import os
import zipfile
from decimal import Decimal

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _helpers import _only_perfeval_errors
from perfeval.audit import audit
from perfeval.cli import main
from perfeval.errors import DocumentError
from perfeval.seed import seed_tables
from perfeval.spreadsheet import MAX_ROWS, read_workbook, write_workbook
from perfeval.table import score_table
from perfeval.targets import Comparison, Direction
from perfeval.testing import strategies as pst

D = Decimal


def round_trip(table, **kwargs):
    buffer = io.BytesIO()
    write_workbook(table, buffer, **kwargs)
    buffer.seek(0)
    return read_workbook(buffer)


@pytest.mark.parametrize("index", [0, 1, 2])
def test_seed_tables_round_trip(index):
    table = seed_tables()[index]
    assert round_trip(table) == table


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=40)
@given(pst.printed_tables())
def test_tables_round_trip_through_xlsx(table):
    assert round_trip(table) == table


def test_layout_is_the_official_one():
    buffer = io.BytesIO()
    table = seed_tables()[2]
    write_workbook(table, buffer, scorecard=score_table(table), annex="附件2-3")
    buffer.seek(0)
    sheet = openpyxl.load_workbook(buffer)["自评表"]
    column_a = [sheet.cell(row=r, column=1).value for r in range(1, 6)]
    assert column_a == ["附件2-3", "项目支出绩效自评表", "（2023年度）", "单位：万元", "项目名称"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "A2:J2" in merged
    level1 = [r for r in merged if r.startswith("B") and r.split(":")[1].startswith("B")]
    assert level1  # level-1 groups merged down their rows
    texts = {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert texts["绩效指标"].column == 1
    assert any(r.startswith(texts["绩效指标"].coordinate + ":A") for r in merged)
    assert {"填报单位（盖章）：", "填报人：", "联系电话：", "填报日期："} <= set(texts)
    assert {c.font.name for c in texts.values()} == {"宋体"}
    rate = next(c for row in sheet.iter_rows() for c in row if c.number_format == "0.00%")
    assert rate.value == pytest.approx(0.8632)
    total_row = texts["总分"].row
    assert sheet.cell(row=total_row, column=8).value == pytest.approx(98.63)
    goals = texts[table.goals_achieved]
    rows = next(r for r in sheet.merged_cells.ranges if r.min_row == goals.row and r.min_col == 7)
    height = sum(sheet.row_dimensions[r].height for r in range(rows.min_row, rows.max_row + 1))
    assert height > 600  # the long achieved-goals text is given the room it needs
    assert all(sheet.row_dimensions[r].height <= 409 for r in range(1, sheet.max_row + 1)
               if sheet.row_dimensions[r].height)  # fmt: skip
    assert int(sheet.page_setup.paperSize) == 9  # A4


def test_a_short_table_fits_one_page_and_a_long_one_flows():
    short, long = seed_tables()[0], seed_tables()[2]
    short = attrs.evolve(short, goals_planned="完成年度目标", goals_achieved="已完成")
    for table, pages in ((short, 1), (long, 0)):
        buffer = io.BytesIO()
        write_workbook(table, buffer)
        buffer.seek(0)
        sheet = openpyxl.load_workbook(buffer)["自评表"]
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, pages)


def hand_laid(*, split=True, title=True, blanks=True, text_in_weight=False, drop=None):
    """A workbook laid out by hand in another arrangement."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2024年自评"
    r = 1
    if title:
        sheet.cell(row=r, column=2, value="附件3  项目支出绩效自评表（2024年度）")
        r += 2
    sheet.cell(row=r, column=2, value="项目支出名称")
    sheet.cell(row=r, column=4, value="乡村道路养护")
    r += 1
    sheet.cell(row=r, column=2, value="主管部门")
    sheet.cell(row=r, column=3, value="某县交通运输局")
    sheet.cell(row=r, column=6, value="实施单位")
    sheet.cell(row=r, column=7, value="某县公路事务中心")
    r += 1 + (1 if blanks else 0)
    heads = [
        "项目资金（万元）",
        "",
        "年初预算\n数",
        "全年预\n算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    ]
    for c, text in enumerate(heads, 2):
        sheet.cell(row=r, column=c, value=text)
    rows = [("年度资金总额", 100, 100, 90, 10, "90%", 9), ("其中：本年财政拨款", 100, 100, 90),
            ("上年结转资金", None, None, None)]  # fmt: skip
    for values in rows:
        r += 1
        for c, value in enumerate(values, 3):
            sheet.cell(row=r, column=c, value=value)
    r += 2 if blanks else 1
    heads = ["一级指标", "二级指标", "三级指标"]
    heads += ["指标性质", "指标值", "度量单位"] if split else ["年度指标值"]
    heads += ["实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    all_heads = list(heads)
    heads = [h for h in heads if h != drop]
    for c, text in enumerate(heads, 2):
        sheet.cell(row=r, column=c, value=text)
    header = r
    data = [
        ("产出指标（50分）", "数量指标", "养护里程", ("≥", 120, "公里"), "126公里", 20, 20, None),
        (None, "质量指标", "优良路率", ("≥", 85, "%"), "88%", 15, 15, None),
        (None, "成本指标", "养护成本", ("≤", 100, "万元"), "90万元", 15, 15, None),
        ("效益指标（30分）", "社会效益指标", "群众出行", ("定性", "明显改善", None), "达成预期指标",
         30, 28, None),
        ("满意度指标（10分）", "服务对象满意度指标", "群众满意度", ("≥", 90, "%"), "92%", 10, 10,
         None),
    ]  # fmt: skip
    for level1, level2, name, target, actual, weight, score, note in data:
        r += 1
        if blanks and name == "优良路率":
            r += 1  # a stray blank row inside the block
        values = [level1, level2, name]
        values += list(target) if split else ["".join(str(t) for t in target if t and t != "定性")]
        values += [actual, "十五" if text_in_weight and name == "优良路率" else weight, score, note]
        if drop is not None:
            del values[all_heads.index(drop)]
        for c, value in enumerate(values, 2):
            sheet.cell(row=r, column=c, value=value)
    sheet.merge_cells(start_row=header + 1, start_column=2, end_row=header + 4, end_column=2)
    r += 1
    sheet.cell(row=r, column=2, value="总分")
    sheet.cell(row=r, column=9 if split else 7, value=100)
    sheet.cell(row=r, column=10 if split else 8, value=97)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_hand_laid_workbook_reads_correctly():
    table = read_workbook(hand_laid())
    assert (table.project, table.department, table.year) == ("乡村道路养护", "某县交通运输局", 2024)
    assert table.funds.total.executed == D(90)
    assert table.funds.total.printed_rate == D(90)
    assert [s.source for s in table.funds.sources] == ["current_year", "carry_over"]
    assert [row.name for row in table.indicators] == [
        "养护里程", "优良路率", "养护成本", "群众出行", "群众满意度"]  # fmt: skip
    assert table.indicators[1].level1 == "产出指标（50分）"  # merged down
    assert table.indicators[2].level1 == "产出指标（50分）"  # blank continues the group
    assert table.indicators[0].target == Comparison(
        Direction.GE, D(120), table.indicators[0].actual.unit
    )
    assert table.indicators[3].target.kind == "qualitative"
    assert table.printed_total == D(97)
    report = audit(table)
    assert report.scorecard.total == D(97)
    assert report.errors == ()


def test_hand_laid_with_target_in_one_column():
    table = read_workbook(hand_laid(split=False, title=False, blanks=False))
    assert str(table.indicators[0].target) == "≥120公里"
    assert audit(table).scorecard.total == D(97)


def test_text_in_a_number_cell_names_sheet_and_cell():
    with pytest.raises(DocumentError) as caught:
        read_workbook(hand_laid(text_in_weight=True))
    assert "2024年自评!" in str(caught.value)
    assert "十五" in str(caught.value)
    assert "weight" in str(caught.value)


def _fund_rows_of(sheet):
    total = next(c for row in sheet.iter_rows() for c in row if c.value == "年度资金总额")
    return total.row, total.column


def test_fund_cells_merged_down_from_the_total_row_are_the_total_row_only():
    buffer = hand_laid()
    book = openpyxl.load_workbook(buffer)
    sheet = book.active
    top, label = _fund_rows_of(sheet)
    for col in (label + 4, label + 5, label + 6):  # 分值, 执行率, 得分 down the block
        sheet.merge_cells(start_row=top, start_column=col, end_row=top + 2, end_column=col)
    out = io.BytesIO()
    book.save(out)
    table = read_workbook(io.BytesIO(out.getvalue()))
    assert table.funds.total.printed_rate == D(90)
    assert [(s.printed_rate, s.printed_score) for s in table.funds.sources] == [(None, None)] * 2
    assert audit(table).errors == ()


def test_a_source_row_prints_its_own_rate_and_score():
    buffer = hand_laid()
    book = openpyxl.load_workbook(buffer)
    sheet = book.active
    top, label = _fund_rows_of(sheet)
    sheet.cell(row=top + 1, column=label + 5, value="80%")  # its rate is 90%
    sheet.cell(row=top + 1, column=label + 6, value=8)
    out = io.BytesIO()
    book.save(out)
    table = read_workbook(io.BytesIO(out.getvalue()))
    assert (table.funds.sources[0].printed_rate, table.funds.sources[0].printed_score) == (
        D(80),
        D(8),
    )
    assert "rate-mismatch" in {f.code for f in audit(table).findings}


def test_a_missing_column_is_named():
    with pytest.raises(DocumentError, match="实际完成值"):
        read_workbook(hand_laid(drop="实际完成值"))


def test_merged_cells_in_odd_places_still_read():
    buffer = hand_laid()
    book = openpyxl.load_workbook(buffer)
    sheet = book.active
    sheet.merge_cells("C3:H3")  # the project name merged across the whole row
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    with pytest.raises(DocumentError, match="project"):
        read_workbook(out)


def test_not_a_workbook():
    with pytest.raises(DocumentError, match="zip"):
        read_workbook(io.BytesIO(b"hello"))


def test_a_package_with_an_unsupported_zip_version_is_refused():
    data = bytearray(hand_laid().getvalue())
    central = data.rfind(b"PK\x01\x02")  # the last central-directory entry
    data[central + 6] = 125  # "version needed to extract": 12.5
    with pytest.raises(DocumentError, match="package"):
        read_workbook(io.BytesIO(bytes(data)))


def test_decompression_bomb_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/worksheets/sheet1.xml", "0" * 50_000_000)
    buffer.seek(0)
    with pytest.raises(DocumentError, match=r"bomb|unpacks"):
        read_workbook(buffer)


def test_entity_expansion_is_refused():
    source = hand_laid()
    out = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                head, body = text.split("?>", 1) if text.startswith("<?xml") else ("", text)
                bomb = (
                    '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
                    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
                )
                prolog = head + "?>" if head else ""
                body = body.replace("<v>", "<v>&c;", 1)
                data = (prolog + bomb + body).encode()
            new.writestr(item, data)
    out.seek(0)
    with pytest.raises(DocumentError):
        read_workbook(out)


def test_a_huge_sheet_is_refused():
    book = openpyxl.Workbook()
    book.active.cell(row=MAX_ROWS + 5, column=1, value="x")
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    with pytest.raises(DocumentError, match="limit"):
        read_workbook(buffer)


def test_cli_scores_audits_and_exports_xlsx(tmp_path, capsys):
    source = tmp_path / "in.xlsx"
    source.write_bytes(hand_laid().getvalue())
    assert main(["audit", str(source), "--format", "json"]) == 0
    assert '"total": "97.00"' in capsys.readouterr().out
    out = tmp_path / "out.xlsx"
    seed = tmp_path / "seed.json"
    from perfeval.seed import seed_document

    seed.write_text(seed_document("2-3"), encoding="utf-8")
    assert main(["export", str(seed), "--xlsx", str(out), "--scored"]) == 0
    assert read_workbook(out).printed_total == D("98.63")


def test_cli_bad_workbook_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    assert main(["score", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.xlsx" in err
    assert err.count("\n") == 1


def test_findings_on_a_workbook_name_the_cell(tmp_path, capsys):
    buffer = hand_laid()
    book = openpyxl.load_workbook(buffer)
    sheet = book.active
    total = next(c for row in sheet.iter_rows() for c in row if c.value == "总分")
    sheet.cell(row=total.row, column=10, value=95)  # printed total 95, computed 97
    path = tmp_path / "t.xlsx"
    book.save(path)
    cells = {}
    read_workbook(path, cells=cells)
    assert cells["total_score"] == f"2024年自评!J{total.row}"
    assert cells["indicators[1].weight"].startswith("2024年自评!I")
    assert main(["audit", str(path), "--format", "json"]) == 1
    finding = json.loads(capsys.readouterr().out)["findings"][-1]
    assert (finding["code"], finding["cell"]) == ("total-mismatch", f"2024年自评!J{total.row}")
    assert main(["audit", str(path)]) == 1
    assert f"total_score (2024年自评!J{total.row})" in capsys.readouterr().out


def test_a_fifo_named_like_a_workbook_is_refused_at_once(tmp_path):
    pytest.importorskip("openpyxl")
    from perfeval.spreadsheet import read_workbook

    fifo = tmp_path / "table.xlsx"
    os.mkfifo(fifo)
    with pytest.raises(DocumentError, match="FIFO"):
        read_workbook(fifo)
    assert main(["score", str(fifo)], stdout=io.StringIO()) == 2


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
