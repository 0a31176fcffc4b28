"""perfeval.cells: one vocabulary of blank cells for every reader; printed rates read once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfeval.audit import audit
from perfeval.cells import (
    BLANKS,
    NOT_APPLICABLE,
    PLACEHOLDERS,
    is_blank,
    is_not_applicable,
    is_placeholder,
    is_template_name,
    percent_text,
    read_amount,
    read_measure,
    read_percent,
    read_points,
)
from perfeval.department import Checklist, Node
from perfeval.document import table_from_mapping
from perfeval.errors import InvalidNumberError
from perfeval.indicators import Indicator
from perfeval.targets import Blank, NotApplicable, parse_actual, parse_target
from perfeval.testing.laws import check_read_or_unreadable

D = Decimal

#: Placeholders as tables print them: full-width forms, runs of dashes of every kind,
#: ellipses, slashes, with spaces around or inside.
LOOK_ALIKES = [
    "／", "＼", "－", "－－", "—", "——", "———", "―", "–", "−", "‐", "─", "⸺", "---",
    "--", "_", "__", "＿＿", "…", "……", "⋯⋯", "...", "//", "/", "\\", "一", " — ",
    "\u3000／\u3000", "- -", "—\t—", "",
]  # fmt: skip

#: Text that is never blank, though it starts or ends like a placeholder.
REAL_TEXT = ["受市场影响", "无法计算", "-5", "--5", "一一", "...完成", "N/A", "不适用", "/人", "0"]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_placeholders_and_their_look_alikes_are_blank(text):
    assert is_placeholder(text)
    assert is_blank(text)
    assert not is_not_applicable(text)


@pytest.mark.parametrize("text", REAL_TEXT)
def test_real_text_is_not_blank(text):
    assert not is_placeholder(text)
    assert not is_blank(text)


def test_none_is_blank_and_wu_is_blank_but_no_placeholder():
    assert is_blank(None)
    assert is_placeholder(None)
    assert is_blank("无")
    assert is_blank(" 无 ")
    assert not is_placeholder("无")
    assert all(is_not_applicable(text) for text in ["无", "不适用", "N/A"])
    assert not is_blank("不适用")  # not applicable in a target, refused in a number cell


def test_the_named_sets_agree_with_the_functions():
    assert all(is_placeholder(text) for text in PLACEHOLDERS)
    assert all(is_blank(text) for text in BLANKS)
    assert all(is_not_applicable(text) for text in NOT_APPLICABLE)


# Notes (偏差原因分析及改进措施) ----------------------------------------------------------


@pytest.mark.parametrize("note", ["／", "－－", "—", "/", "——", "---", "……", "＼", " 无 ", "无"])
def test_a_placeholder_note_is_no_note(note):
    """Found by a user: "／" and "－－" were kept as notes, while "/" and "—" were not."""
    assert Indicator(name="x", note=note).note is None


@pytest.mark.parametrize("note", ["受市场影响", " 不适用 ", "N/A", "一一"])
def test_a_real_note_is_kept_trimmed(note):
    assert Indicator(name="x", note=note).note == note.strip()


@pytest.mark.parametrize("note", ["／", "－－", "—", "/", "……", "___"])
def test_a_row_that_lost_points_with_a_placeholder_note_is_reported(document, note):
    row = document["indicators"][0]
    row.update(actual="9个", score="13.5", note=note)
    document["total_score"] = None
    codes = [(f.code, f.where) for f in audit(table_from_mapping(document)).findings]
    assert ("missing-deviation-note", "indicators[0].note") in codes


def test_a_row_that_lost_points_with_a_real_note_is_not_reported(document):
    document["indicators"][0].update(actual="9个", score="13.5", note="受市场影响")
    document["total_score"] = None
    codes = [f.code for f in audit(table_from_mapping(document)).findings]
    assert "missing-deviation-note" not in codes


def test_department_notes_read_blanks_the_same_way():
    node = Node(name="a", weight="5", rule=Checklist(violations=1), printed_score="5", note="／")
    assert node.note is None


# Names, targets, actual values, number cells ----------------------------------------------


@pytest.mark.parametrize("name", ["无", "", "－－", "／", "……", " — "])
def test_a_blank_name_without_weight_is_not_applicable_not_cut_off(name):
    row = Indicator(name=name)
    assert row.not_applicable
    assert not row.cut_off


def test_a_named_row_with_nothing_else_is_cut_off():
    assert Indicator(name="培训人次").cut_off


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_placeholder_targets_and_actuals_read_as_blank(text):
    assert isinstance(parse_target(text), Blank)
    assert isinstance(parse_actual(text), Blank)


@pytest.mark.parametrize("text", ["无", "不适用", "N/A", " 无 "])
def test_wu_is_not_applicable_in_a_target_and_blank_in_an_actual(text):
    assert isinstance(parse_target(text), NotApplicable)
    assert isinstance(parse_actual(text), Blank)


@pytest.mark.parametrize("text", ["一一", "无法计算", "...完成"])
def test_real_targets_are_not_blank(text):
    assert not isinstance(parse_target(text), Blank | NotApplicable)


@pytest.mark.parametrize("text", [*LOOK_ALIKES, "无"])
def test_placeholder_number_cells_read_as_blank(text):
    assert read_points(text, field="weight") is None
    assert read_amount(text, field="executed") is None
    assert read_percent(text, field="rate") is None
    assert read_measure(text, field="value") is None


@pytest.mark.parametrize("text", ["不适用", "N/A", "--5", "一一", "NaN", "Infinity", "inf", "sNaN"])
def test_other_words_in_number_cells_are_refused(text):
    with pytest.raises(InvalidNumberError) as caught:
        read_points(text, field="weight", row=3)
    assert caught.value.field == "weight"
    assert caught.value.value == text


@pytest.mark.parametrize("text", ["……", "———", "－－", "__"])
def test_the_read_or_unreadable_law_accepts_every_placeholder(text):
    assert isinstance(check_read_or_unreadable(parse_target, text), Blank)


# Properties -----------------------------------------------------------------------------


def _full_width(text: str) -> str:
    """*text* with each printable ASCII character as its full-width look-alike."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


_PLACEHOLDER_RUNS = st.one_of(
    st.sampled_from(sorted(PLACEHOLDERS)),
    st.text(st.sampled_from("-_—―–−"), min_size=1, max_size=6),
    st.text(st.just("/"), min_size=1, max_size=3),
    st.text(st.just("…"), min_size=1, max_size=3),
)


@given(_PLACEHOLDER_RUNS, st.sampled_from(["", " ", "\u3000", "\t"]))
def test_a_placeholder_and_its_full_width_look_alike_agree(text, pad):
    look_alike = pad + _full_width(text) + pad
    assert is_blank(text)
    assert is_blank(look_alike)
    assert is_placeholder(look_alike)
    assert Indicator(name="x", note=text).note is None
    assert Indicator(name="x", note=look_alike).note is None
    assert isinstance(parse_target(look_alike), Blank)


@given(st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=8))
def test_is_blank_agrees_for_any_text_and_its_full_width_form(text):
    assert is_blank(text) == is_blank(_full_width(text))
    assert is_placeholder(text) == is_placeholder(_full_width(text))


@given(
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
    st.sampled_from(["%", " %", "％", "%(百分比)", "%（百分比）", ""]),
)
def test_percent_text_is_the_number_of_every_percent_form(number, suffix):
    assert D(percent_text(f"{number}{suffix}")) == number
    assert read_percent(f"{number}{suffix}", field="rate") == number


@pytest.mark.parametrize(
    ("printed", "field", "expected"),
    [("", "weight", None), ("——", "weight", None), ("/", "score", None), ("无", "score", None),
     ("10分", "weight", D(10)), ("８", "score", D(8))],
)  # fmt: skip
def test_constructors_read_cells_as_documents_do(document, printed, field, expected):
    assert getattr(Indicator(name="x", **{field: printed}), field) == expected
    document["indicators"][0][field] = printed
    assert getattr(table_from_mapping(document).indicators[0], field) == expected


_TEMPLATE_NAMES = ["指标1", "指标1…", "指标2……", "指标 3...", "指标一", "指标X", "三级指标1",
                   "XX指标", "××指标", "某某指标", "xxx", "ＸＸ指标"]  # fmt: skip
_REAL_NAMES = ["培训人次", "指标完成率", "指标", "项目成本控制", "X光机数量", "指标10项",
               "满意度", "", None, "……", "无"]  # fmt: skip


@pytest.mark.parametrize("name", _TEMPLATE_NAMES)
def test_template_names_are_what_a_blank_template_prints(name):
    assert is_template_name(name)


@pytest.mark.parametrize("name", _REAL_NAMES)
def test_real_names_and_blanks_are_not_template_names(name):
    assert not is_template_name(name)
