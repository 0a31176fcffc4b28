"""perfeval.grades: bands inclusive at the bottom, exact or rounded basis, data to replace."""

from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfeval import NATIONAL_GRADES, GradeBand, GradeScale
from perfeval.errors import InvalidNumberError, InvalidTypeError


@pytest.mark.parametrize(
    ("total", "label"),
    [
        ("59.99", "差"),
        ("60", "中"),
        ("79.995", "中"),
        ("80", "良"),
        ("89.995", "良"),
        ("90", "优"),
        ("90.005", "优"),
        ("100", "优"),
        ("0", "差"),
    ],
)
def test_national_bands_on_the_exact_total(total, label):
    assert NATIONAL_GRADES.grade(Decimal(total)).label == label


@pytest.mark.parametrize(
    ("total", "label"), [("89.995", "优"), ("89.994", "良"), ("79.995", "良"), ("59.995", "中")]
)
def test_rounded_basis_rounds_half_up_first(total, label):
    scale = attrs.evolve(NATIONAL_GRADES, basis="rounded")
    assert scale.grade(Decimal(total)).label == label


def test_a_policy_can_replace_the_band_table():
    pass_fail = GradeScale(
        bands=(
            GradeBand(label="合格", name="pass", lower=Decimal(60)),
            GradeBand(label="不合格", name="fail"),
        )
    )
    assert pass_fail.grade(Decimal(60)).label == "合格"
    assert pass_fail.grade(Decimal("59.99")).label == "不合格"


@pytest.mark.parametrize(
    "bands",
    [
        (),
        (GradeBand(label="a", name="a", lower=Decimal(60)),),
        (
            GradeBand(label="a", name="a", lower=Decimal(60)),
            GradeBand(label="b", name="b", lower=Decimal(80)),
            GradeBand(label="c", name="c"),
        ),
    ],
)
def test_malformed_band_tables_are_refused(bands):
    with pytest.raises(ValueError, match="band"):
        GradeScale(bands=bands)


def test_band_lookup_by_label_or_name():
    assert NATIONAL_GRADES.band("良") is NATIONAL_GRADES.band("good")
    assert NATIONAL_GRADES.band("甲") is None


@pytest.mark.parametrize(
    ("printed", "label"),
    [("优秀", "优"), ("优（98分）", "优"), ("良好", "良"), ("中等", "中"), ("合格", "中"),
     ("较差", "差"), ("不合格", "差"), (" 优 ", "优")],
)  # fmt: skip
def test_grades_as_tables_print_them(printed, label):
    assert NATIONAL_GRADES.band(printed).label == label


@given(
    st.decimals(min_value=0, max_value=100, places=3),
    st.decimals(min_value=0, max_value=100, places=3),
)
def test_grades_never_fall_as_the_total_rises(a, b):
    low, high = sorted((a, b))
    order = [band.label for band in NATIONAL_GRADES.bands]
    assert order.index(NATIONAL_GRADES.grade(high).label) <= order.index(
        NATIONAL_GRADES.grade(low).label
    )


def test_a_scale_with_a_label_of_two_bands_is_refused_with_a_policy_error():
    from perfeval.errors import InvalidPolicyError

    bands = list(NATIONAL_GRADES.bands)
    bands[1] = attrs.evolve(bands[1], aliases=("优",))  # 良 printed as 优 too
    with pytest.raises(InvalidPolicyError, match="both printed as '优'") as raised:
        GradeScale(bands=tuple(bands))
    assert raised.value.field == "bands"


def test_an_unknown_grading_basis_is_refused():
    from perfeval.errors import InvalidPolicyError

    with pytest.raises(InvalidPolicyError, match="exact or rounded"):
        GradeScale(bands=NATIONAL_GRADES.bands, basis="truncated")


@pytest.mark.parametrize(
    ("call", "error", "field"),
    [
        (lambda: GradeBand(label="优", name="excellent", lower=89.5), InvalidNumberError, "lower"),
        (lambda: GradeBand(label="优", name="excellent", lower=Decimal("NaN")), InvalidNumberError,
         "lower"),
        (lambda: GradeBand(label=None, name="excellent"), InvalidTypeError, "label"),
        (lambda: GradeBand(label="优", name=1), InvalidTypeError, "name"),
        (lambda: GradeBand(label="优", name="excellent", aliases="优秀"), InvalidTypeError,
         "aliases"),
        (lambda: GradeScale(bands=None), InvalidTypeError, "bands"),
        (lambda: GradeScale(bands=[GradeBand(label="优", name="e"), "差"]), InvalidTypeError,
         "bands"),
        (lambda: NATIONAL_GRADES.grade(Decimal("NaN")), InvalidNumberError, "total"),
        (lambda: NATIONAL_GRADES.grade(89.5), InvalidNumberError, "total"),
        (lambda: NATIONAL_GRADES.band(None), InvalidTypeError, "grade"),
    ],
)  # fmt: skip
def test_a_wrong_grade_setting_or_argument_is_refused_naming_it(call, error, field):
    with pytest.raises(error) as caught:
        call()
    assert caught.value.field == field


def test_a_scale_given_as_a_list_is_kept_as_a_tuple():
    scale = GradeScale(bands=[GradeBand(label="合格", name="pass", lower=Decimal(60)),
                              GradeBand(label="不合格", name="fail")])  # fmt: skip
    assert isinstance(scale.bands, tuple)
    assert [band.label for band in scale.bands] == ["合格", "不合格"]
    assert scale.grade(Decimal(60)).label == "合格"
