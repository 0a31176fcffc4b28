"""Every form a file holds: 自评表, evaluation rubrics, score-coefficient tables and
department self-evaluations.

:func:`read_forms` is the sibling of :func:`perfeval.readers.read_file_tables` for a file
that may hold the other forms. Each visible sheet or Word table (a table split across a
page joined, as :func:`perfeval.readers.read_grids` gives them) is shown to each
recogniser of :data:`RECOGNISERS` in turn, each a function of a
:class:`~perfeval.layout.Grid` that returns its model or ``None``:

- :func:`perfeval.department_form.read_department_form`: a 部门整体支出绩效自评表 (fund
  rows by income and by expenditure type, and indicators);
- :func:`perfeval.coefficient.read_coefficient_table`: a table headed 得分系数;
- :func:`perfeval.rubric.read_rubric`: a 评分表 headed 一级指标, 三级指标, 分值 and
  评分标准 (or 指标解释), with no targets;

and a grid none of them recognises is read by :func:`perfeval.layout.read_grid` for
自评表. A grid is one form: the first recogniser that knows it reads it (and a 自评表
printed in the same sheet as a rubric or a department form is read too). A rubric or a
score-coefficient table split across Word tables is joined first. Recognised by its
headings, a form that cannot be read raises :class:`~perfeval.errors.DocumentError`
naming the cell.

:func:`read_forms` also reads a JSON document (a 自评表, or a form document of
:mod:`perfeval.form_documents`: :func:`forms_of_document`), and :func:`read_named_forms`
a ``.json`` or ``.toml`` document by its name: every door of perfeval (``perfeval score``,
``audit`` and ``forms``, batches of files) reads a file through them, so one list of
recognisers decides what a file holds. A 自评表 carries what perfeval's hidden sheet
keeps, as :func:`perfeval.readers.read_tables` reads it.

:func:`audit_form` scores and audits one form by the functions of its kind
(:func:`audit_forms`: every form of a file), and :func:`render_form_audits` /
:func:`form_audit_to_json` show the result; :mod:`perfeval.rows` makes rows of them.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import PurePath
from typing import Any, Final

import attrs

from perfeval._validate import chinese
from perfeval.audit import AuditReport, audit
from perfeval.coefficient import (
    CoefficientAudit,
    CoefficientTable,
    audit_coefficients,
    read_coefficient_table,
)
from perfeval.department_form import (
    DepartmentAudit,
    DepartmentForm,
    audit_department_form,
    read_department_form,
)
from perfeval.document import parse_document, table_from_mapping
from perfeval.errors import DocumentError
from perfeval.findings import Finding, Findings
from perfeval.form_documents import FORMATS, form_from_mapping
from perfeval.layout import FoundTable, Grid, Part, SkippedTable, check_size, fold, read_grid
from perfeval.limits import DEFAULT_LIMITS, Limits
from perfeval.number import fixed
from perfeval.policy import Policy
from perfeval.printed import PAGE_LINE as _PAGE_LINE
from perfeval.readers import Source, read_file_grids
from perfeval.rubric import Rubric, RubricAudit, audit_rubric, read_rubric
from perfeval.table import Scorecard

__all__ = [
    "RECOGNISERS",
    "Form",
    "FormAudit",
    "Forms",
    "audit_form",
    "audit_forms",
    "form_audit_to_json",
    "forms_in_order",
    "forms_of_document",
    "is_form_document",
    "kind_label",
    "read_forms",
    "read_named_forms",
    "render_form_audits",
    "table_audit",
]

#: A form other than the 自评表.
Form = Rubric | CoefficientTable | DepartmentForm

#: The recognisers, asked in this order.
RECOGNISERS: Final[tuple[Callable[[Grid], Form | None], ...]] = (
    read_department_form,
    read_coefficient_table,
    read_rubric,
)


@attrs.frozen(kw_only=True)
class Forms:
    """What :func:`read_forms` finds in a file, in file order within each kind."""

    tables: tuple[FoundTable, ...] = ()
    """The 自评表, as :func:`perfeval.readers.read_tables` reads them."""
    rubrics: tuple[Rubric, ...] = ()
    coefficients: tuple[CoefficientTable, ...] = ()
    departments: tuple[DepartmentForm, ...] = ()
    skipped: tuple[SkippedTable, ...] = ()
    """Sheets and tables holding none of the forms, and why."""
    names: tuple[tuple[str, str], ...] = ()
    """For every form found, in file order, its sheet or Word table and its kind:
    ``("评分表", "rubric")``."""

    @property
    def count(self) -> int:
        """How many forms were found."""
        return len(self.names)


def read_forms(source: Source, *, sheet: str | int | None = None) -> Forms:
    """Every form in *source* (a path, bytes or a binary file; *sheet* as for
    :func:`perfeval.readers.read_tables`): a workbook, a Word report or a page, or a JSON
    document (a ``perfeval.self-evaluation/1`` table, or a form document of
    :mod:`perfeval.form_documents`). :class:`~perfeval.errors.DocumentError` when the
    file is not one perfeval reads, when a form cannot be read without guessing (naming
    the cell), or when it holds no form (naming what was looked at). A 自评表, a
    department form's table and a rubric's notes carry what perfeval's hidden sheet (or a
    .docx's custom properties) keeps, as :func:`perfeval.readers.read_tables` reads it."""
    read = read_file_grids(source, sheet=sheet)
    if read.document is not None:
        return forms_of_document(read.document, name="document")
    tables: list[FoundTable] = []
    rubrics: list[Rubric] = []
    coefficients: list[CoefficientTable] = []
    departments: list[DepartmentForm] = []
    skipped: list[SkippedTable] = list(read.skipped)
    names: list[tuple[str, str]] = []
    for grid in _joined(read.grids):
        form = next((f for f in (recognise(grid) for recognise in RECOGNISERS) if f), None)
        if isinstance(form, Rubric | DepartmentForm):
            # a 自评表 printed in the same sheet is read too
            also = _tables_beside(grid)
            tables += also
            names += [(item.name, "table") for item in also]
        if isinstance(form, Rubric):
            rubrics.append(form)
            names.append((grid.name, "rubric"))
        elif isinstance(form, CoefficientTable):
            coefficients.append(form)
            names.append((grid.name, "coefficient"))
        elif isinstance(form, DepartmentForm):
            departments.append(form)
            names.append((grid.name, "department"))
        else:
            found = read_grid(grid)
            tables += found.found
            names += [(item.name, "table") for item in found.found]
            skipped += found.skipped
            if not found.found and not found.skipped:
                skipped.append(SkippedTable(name=grid.name, reason="no form perfeval reads"))
    if not names:
        looked = "; ".join(f"{item.cell or item.name}: {item.reason}" for item in skipped)
        raise DocumentError(
            f"no form found; looked at {looked or 'no sheet or table'}", field=read.name
        )
    if read.meta:  # perfeval's own export: what no cell holds, kept aside
        notes = read.kept_notes
        rubrics = [attrs.evolve(item, notes=(*notes, *item.notes)) for item in rubrics]
        departments = [attrs.evolve(item, found=read.kept(item.found)) for item in departments]
    return Forms(
        tables=read.finish(tables, skipped),
        rubrics=tuple(rubrics),
        coefficients=tuple(coefficients),
        departments=tuple(departments),
        skipped=tuple(skipped),
        names=tuple(names),
    )


def is_form_document(data: object) -> bool:
    """Whether *data* (a parsed JSON or TOML document) is a form document of
    :mod:`perfeval.form_documents` rather than a 自评表."""
    return isinstance(data, Mapping) and data.get("format") in FORMATS.values()


def forms_of_document(
    data: object, *, name: str = "document", limits: Limits = DEFAULT_LIMITS
) -> Forms:
    """The form a parsed JSON or TOML document holds, as :func:`read_forms` gives it: a
    form document (``perfeval.rubric/1`` …) through
    :func:`~perfeval.form_documents.form_from_mapping`, anything else as a 自评表 through
    :func:`~perfeval.document.table_from_mapping` within *limits*. *name* names it."""
    if is_form_document(data):
        form = form_from_mapping(data)
        if isinstance(form, Rubric):
            return Forms(rubrics=(form,), names=((name, "rubric"),))
        if isinstance(form, CoefficientTable):
            return Forms(coefficients=(form,), names=((name, "coefficient"),))
        return Forms(departments=(form,), names=((name, "department"),))
    table = table_from_mapping(data, limits=limits)
    assert isinstance(data, Mapping)  # table_from_mapping refuses anything else
    found = FoundTable(name=name, document=data, cells={}, table=table)
    return Forms(tables=(found,), names=((name, "table"),))


def read_named_forms(name: str, data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> Forms:
    """Every form in the file *name* whose bytes are *data*: a ``.json`` or ``.toml``
    document by its suffix (a 自评表 or a form document, parsed within *limits* by
    :func:`perfeval.document.parse_document`), any other file through
    :func:`read_forms`. What a batch of files (:mod:`perfeval.files`) reads each file by."""
    suffix = PurePath(name).suffix.lower()
    if suffix in (".json", ".toml"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DocumentError("not UTF-8 text") from None
        parsed = parse_document(text, format=suffix[1:], limits=limits)
        return forms_of_document(parsed, name=name, limits=limits)
    buffer = io.BytesIO(data)
    buffer.name = name  # errors name the file, not <file>
    return read_forms(buffer)


def _joined(grids: Iterable[Grid]) -> Iterator[Grid]:
    """*grids*, a Word table that goes on with a rubric or a score-coefficient table left
    open (no total row) joined to it: the next table, with the same columns and nothing
    but page furniture (续表, a page number) printed between them. Joined, its cells keep
    their own names; a header it repeats is skipped by the reader."""
    held: tuple[Grid, Form] | None = None
    for grid in grids:
        if held is not None and _continues(held[0], grid):
            first, form = held
            joined = _join(first, grid)
            reread = _READER[type(form)](joined)
            if reread is not None:
                held = (joined, reread)
                continue
        if held is not None:
            yield held[0]
            held = None
        opened = _open_form(grid)
        if opened is not None:
            held = (grid, opened)
        else:
            yield grid
    if held is not None:
        yield held[0]


def _open_form(grid: Grid) -> Form | None:
    """The rubric or score-coefficient table of a Word table, when it has no total row."""
    if grid.kind != "table":
        return None
    for read in (read_coefficient_table, read_rubric):
        form = read(grid)
        if form is not None:
            return form if form.printed_total is None else None
    return None


def _continues(first: Grid, grid: Grid) -> bool:
    """Whether Word table *grid* may go on with *first*: same columns, nothing but page
    furniture between them."""
    width = len(first.rows[0]) if first.rows else 0
    return (
        grid.kind == "table"
        and bool(grid.rows)
        and len(grid.rows[0]) == width
        and all(_PAGE_LINE.match(fold(line)) for line in grid.above)
    )


def _join(first: Grid, second: Grid) -> Grid:
    start = len(first.rows)
    check_size(first.name, start + len(second.rows), len(first.rows[0]))
    parts = (
        *first.parts,
        Part(name=second.name, start=start, first=0),
        *(attrs.evolve(part, start=part.start + start) for part in second.parts),
    )
    return attrs.evolve(
        first,
        rows=first.rows + second.rows,
        merged=first.merged + tuple((a + start, b, c + start, d) for a, b, c, d in second.merged),
        notes=first.notes + second.notes,
        parts=parts,
    )


_READER: Final[dict[type, Callable[[Grid], Form | None]]] = {
    Rubric: read_rubric,
    CoefficientTable: read_coefficient_table,
}


def _tables_beside(grid: Grid) -> tuple[FoundTable, ...]:
    """The 自评表 the 自评表 reader finds in a grid that holds another form as well; none
    when it cannot read one there (the other form is what the grid holds)."""
    try:
        return read_grid(grid).found
    except DocumentError:
        return ()


# Auditing every form --------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class FormAudit(Findings):
    """One form of a file, scored and audited by the functions of its kind."""

    name: str
    """The sheet or Word table it was read from."""
    kind: str
    """``table``, ``rubric``, ``coefficient`` or ``department``."""
    title: str | None
    """The project, the department or the form's title line."""
    total: Decimal | None
    grade: str | None
    findings: tuple[Finding, ...]
    cells: Mapping[str, str] = attrs.field(factory=dict, eq=False, repr=False)
    """Path → cell, to name the cell of each finding."""
    policy: str | None = None
    """The id of the policy it was scored by."""
    result: AuditReport | Scorecard | RubricAudit | CoefficientAudit | DepartmentAudit | None = (
        attrs.field(default=None, eq=False, repr=False)
    )
    """What the audit of its kind gave (scores row by row, findings); a 自评表 only scored
    gives its scorecard."""

    def cell(self, finding: Finding) -> str | None:
        """The cell a finding's path names, if it was read from one."""
        path = finding.where
        while path:
            if path in self.cells:
                return self.cells[path]
            path = path.rpartition(".")[0]
        return None


def forms_in_order(forms: Forms) -> Iterator[tuple[str, str, FoundTable | Form]]:
    """Every form of *forms* in file order: its sheet or Word table, its kind and the form
    (a 自评表 as its :class:`~perfeval.layout.FoundTable`)."""
    queues: dict[str, list[FoundTable | Form]] = {
        "table": list(forms.tables),
        "rubric": list(forms.rubrics),
        "coefficient": list(forms.coefficients),
        "department": list(forms.departments),
    }
    for name, kind in forms.names:
        yield name, kind, queues[kind].pop(0)


def audit_form(name: str, form: FoundTable | Form, policy: Policy | str | None = None) -> FormAudit:
    """Score and audit one form by the functions of its kind
    (:func:`perfeval.audit.audit`, :func:`~perfeval.rubric.audit_rubric`,
    :func:`~perfeval.coefficient.audit_coefficients`,
    :func:`~perfeval.department_form.audit_department_form`), under *policy* (by default
    a table's own, else ``mof-2020``); *name* is its sheet or Word table."""
    chosen = "mof-2020" if policy is None else policy
    if isinstance(form, FoundTable):
        return table_audit(name, audit(form.table, policy), form.cells)
    if isinstance(form, Rubric):
        rubric = audit_rubric(form, chosen)
        grade = rubric.scored.grade
        return FormAudit(
            name=name, kind="rubric", title=form.title, total=rubric.scored.total,
            grade=grade.label if grade else None, findings=rubric.findings,
            cells=form.cells, policy=rubric.scored.policy.id, result=rubric)  # fmt: skip
    if isinstance(form, CoefficientTable):
        result = audit_coefficients(form, chosen)
        return FormAudit(
            name=name, kind="coefficient", title=form.title, total=result.scored.total,
            grade=None, findings=result.findings, cells=form.cells,
            policy=result.scored.policy.id, result=result)  # fmt: skip
    if isinstance(form, DepartmentForm):
        department = audit_department_form(form, policy)
        card = department.scored.scorecard
        return FormAudit(
            name=name, kind="department", title=form.department, total=card.total,
            grade=card.grade.label if card.grade else None, findings=department.findings,
            cells={**form.found.cells, **form.cells}, policy=card.policy_id,
            result=department)  # fmt: skip
    raise DocumentError("not a form perfeval scores", field=name, value=type(form).__name__)


def table_audit(
    name: str, result: AuditReport | Scorecard, cells: Mapping[str, str] | None = None
) -> FormAudit:
    """The :class:`FormAudit` of a 自评表 already audited (or only scored: no findings),
    *cells* naming where its values were read."""
    card = result.scorecard if isinstance(result, AuditReport) else result
    return FormAudit(
        name=name, kind="table", title=card.table.project, total=card.total,
        grade=card.grade.label if card.grade else None,
        findings=result.findings if isinstance(result, AuditReport) else (),
        cells=dict(cells or {}), policy=card.policy_id, result=result)  # fmt: skip


def audit_forms(forms: Forms, policy: Policy | str | None = None) -> tuple[FormAudit, ...]:
    """Score and audit every form of *forms* in file order (:func:`audit_form`)."""
    return tuple(audit_form(name, form, policy) for name, _, form in forms_in_order(forms))


_KINDS_ZH: Final = {
    "table": "项目支出绩效自评表",
    "rubric": "绩效评价评分表",
    "coefficient": "得分系数表",
    "department": "部门整体支出绩效自评表",
}
_KINDS_EN: Final = {
    "table": "project self-evaluation table",
    "rubric": "evaluation rubric",
    "coefficient": "score-coefficient table",
    "department": "department self-evaluation",
}


def kind_label(kind: str, locale: str = "zh_CN") -> str:
    """The name of a kind of form (``rubric``) as *locale* says it (绩效评价评分表)."""
    return _KINDS_ZH[kind] if chinese(locale) else _KINDS_EN[kind]


def render_form_audits(
    audits: Sequence[FormAudit],
    locale: str = "zh_CN",
    *,
    markdown: bool = False,
    findings: bool = True,
) -> str:
    """The audits as text (or Markdown): for each form its kind, title, total, grade and,
    when *findings* is true (an audit, not only a score), its findings, each with the
    cell it names."""
    zh = chinese(locale)
    blocks = []
    for item in audits:
        kind = kind_label(item.kind, locale)
        total = "—" if item.total is None else fixed(item.total)
        head = f"[{item.name}] {kind}: {item.title or ''}".rstrip()
        lines = [f"## {head}", ""] if markdown else [head]
        lines.append(
            ("总分 " if zh else "total ") + total + (f" {item.grade}" if item.grade else "")
        )
        if findings:
            if markdown:
                lines.append("")
            for finding in item.findings:
                cell = item.cell(finding)
                where = f"{finding.where} ({cell})" if cell else finding.where
                text = f"{finding.severity.value} {finding.code} {where}: {finding.text(locale)}"
                lines.append(f"- {text}" if markdown else f"  {text}")
            if not item.findings:
                lines.append(("" if markdown else "  ") + ("无问题" if zh else "no findings"))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def form_audit_to_json(item: FormAudit, *, findings: bool = True) -> dict[str, Any]:
    """One audit as JSON data: numbers as strings, each finding with its cell (no
    ``findings`` key when *findings* is false: a score, not an audit)."""
    data: dict[str, Any] = {
        "name": item.name,
        "kind": item.kind,
        "title": item.title,
        "policy": item.policy,
        "total": None if item.total is None else fixed(item.total),
        "grade": item.grade,
    }
    if findings:
        data["findings"] = [
            {
                "code": f.code,
                "severity": f.severity.value,
                "where": f.where,
                "cell": item.cell(f),
                "message": f.message,
                "message_zh": f.message_zh,
                "printed": f.printed,
                "computed": f.computed,
            }
            for f in item.findings
        ]
    return data
