"""perfeval.form_files: rubrics, score-coefficient tables and department forms written as
.xlsx and .docx, read back by perfeval.kinds.read_forms to equal forms."""

import io
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _form_strategies import coefficient_tables, department_forms, rubrics
from perfeval.department_form import DepartmentForm
from perfeval.document import dump_table
from perfeval.errors import DocumentError
from perfeval.form_files import write_form_docx, write_form_workbook
from perfeval.kinds import read_forms

D = Decimal
WRITERS = {"xlsx": write_form_workbook, "docx": write_form_docx}
KINDS = sorted(WRITERS)
SLOW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def export(form, kind, **options):
    buffer = io.BytesIO()
    WRITERS[kind](form, buffer, **options)
    return buffer.getvalue()


def written_or_refused(form, kind):
    """The file written from *form*, or the DocumentError that refused it."""
    try:
        return export(form, kind), None
    except DocumentError as error:
        return None, error


def read_back(form, kind):
    forms = read_forms(export(form, kind))
    found = forms.rubrics + forms.coefficients + forms.departments
    assert len(found) == 1, forms.names
    return found[0]


def same(back, form):
    """Whether *back* holds every field of *form* (a department form: its name, its table's
    document, as the 自评表 exports are compared, and its breakdown rows; where its table
    was read from is not a field)."""
    if isinstance(form, DepartmentForm):
        return (back.department, dump_table(back.table), back.breakdown) == (
            form.department,
            dump_table(form.table),
            form.breakdown,
        )
    return back == form


# Round trips ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@SLOW
@given(rubrics())
def test_a_rubric_reads_back_equal(kind, rubric):
    assert same(read_back(rubric, kind), rubric)


@pytest.mark.parametrize("kind", KINDS)
@SLOW
@given(coefficient_tables())
def test_a_coefficient_table_reads_back_equal(kind, table):
    assert same(read_back(table, kind), table)


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(department_forms())
def test_a_department_form_reads_back_equal(kind, form):
    assert same(read_back(form, kind), form)


ANY_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=10)


@pytest.mark.parametrize("kind", KINDS)
@SLOW
@given(
    st.one_of(
        rubrics(name=ANY_TEXT, text=ANY_TEXT), coefficient_tables(name=ANY_TEXT, text=ANY_TEXT)
    )
)
def test_any_text_is_written_losslessly_or_refused_naming_the_field(kind, form):
    """A form with any text in it: written, it reads back equal; else the writer refuses
    it with a DocumentError naming the field, before writing."""
    data, refused = written_or_refused(form, kind)
    if refused is not None:
        assert refused.field
    else:
        forms = read_forms(data)
        (back,) = forms.rubrics + forms.coefficients
        assert same(back, form)
