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

:func:`audit_forms` scores and audits every form by the functions of its kind, and
:func:`render_form_audits` / :func:`form_audit_to_json` show the result (the ``perfeval
forms`` command).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

import attrs

from perfeval.audit import audit
from perfeval.coefficient import CoefficientTable, audit_coefficients, read_coefficient_table
from perfeval.department_form import DepartmentForm, audit_department_form, read_department_form
from perfeval.errors import DocumentError
from perfeval.findings import Finding, Severity
from perfeval.layout import FoundTable, Grid, Part, SkippedTable, check_size, fold, read_grid
from perfeval.number import fixed
from perfeval.policy import Policy
from perfeval.printed import PAGE_LINE as _PAGE_LINE
from perfeval.readers import Source, read_grids
from perfeval.rubric import Rubric, audit_rubric, read_rubric

__all__ = [
    "RECOGNISERS",
    "Form",
    "FormAudit",
    "Forms",
    "audit_forms",
    "form_audit_to_json",
    "read_forms",
    "render_form_audits",
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
    :func:`perfeval.readers.read_tables`). :class:`~perfeval.errors.DocumentError` when
    the file is not one perfeval reads, when a form cannot be read without guessing
    (naming the cell), or when it holds no form (naming what was looked at)."""
    tables: list[FoundTable] = []
    rubrics: list[Rubric] = []
    coefficients: list[CoefficientTable] = []
    departments: list[DepartmentForm] = []
    skipped: list[SkippedTable] = []
    names: list[tuple[str, str]] = []
    for grid in _joined(read_grids(source, sheet=sheet)):
        form = next((f for f in (read(grid) for read in RECOGNISERS) if f is not None), None)
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
            read = read_grid(grid)
            tables += read.found
            names += [(item.name, "table") for item in read.found]
            skipped += read.skipped
            if not read.found and not read.skipped:
                skipped.append(SkippedTable(name=grid.name, reason="no form perfeval reads"))
    if not names:
        looked = "; ".join(f"{item.cell or item.name}: {item.reason}" for item in skipped)
        where = source if isinstance(source, str) else getattr(source, "name", "<file>")
        raise DocumentError(
            f"no form found; looked at {looked or 'no sheet or table'}", field=str(where)
        )
    return Forms(
        tables=tuple(tables),
        rubrics=tuple(rubrics),
        coefficients=tuple(coefficients),
        departments=tuple(departments),
        skipped=tuple(skipped),
        names=tuple(names),
    )


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
class FormAudit:
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

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Findings of severity error."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    def cell(self, finding: Finding) -> str | None:
        """The cell a finding's path names, if it was read from one."""
        path = finding.where
        while path:
            if path in self.cells:
                return self.cells[path]
            path = path.rpartition(".")[0]
        return None


def _forms_in_order(forms: Forms) -> Iterator[tuple[str, str, object]]:
    queues: dict[str, list[object]] = {
        "table": list(forms.tables),
        "rubric": list(forms.rubrics),
        "coefficient": list(forms.coefficients),
        "department": list(forms.departments),
    }
    for name, kind in forms.names:
        yield name, kind, queues[kind].pop(0)


def audit_forms(forms: Forms, policy: Policy | str | None = None) -> tuple[FormAudit, ...]:
    """Score and audit every form of *forms* in file order, each by the functions of its
    kind (:func:`perfeval.audit.audit`, :func:`~perfeval.rubric.audit_rubric`,
    :func:`~perfeval.coefficient.audit_coefficients`,
    :func:`~perfeval.department_form.audit_department_form`), under *policy* (by default
    a table's own, else ``mof-2020``)."""
    chosen = "mof-2020" if policy is None else policy
    audits = []
    for name, kind, form in _forms_in_order(forms):
        if isinstance(form, FoundTable):
            report = audit(form.table, policy)
            card = report.scorecard
            audits.append(FormAudit(
                name=name, kind=kind, title=form.table.project, total=card.total,
                grade=card.grade.label if card.grade else None, findings=report.findings,
                cells=form.cells))  # fmt: skip
        elif isinstance(form, Rubric):
            rubric = audit_rubric(form, chosen)
            grade = rubric.scored.grade
            audits.append(FormAudit(
                name=name, kind=kind, title=form.title, total=rubric.scored.total,
                grade=grade.label if grade else None, findings=rubric.findings,
                cells=form.cells))  # fmt: skip
        elif isinstance(form, CoefficientTable):
            result = audit_coefficients(form, chosen)
            audits.append(FormAudit(
                name=name, kind=kind, title=form.title, total=result.scored.total,
                grade=None, findings=result.findings, cells=form.cells))  # fmt: skip
        elif isinstance(form, DepartmentForm):
            department = audit_department_form(form, policy)
            card = department.scored.scorecard
            audits.append(FormAudit(
                name=name, kind=kind, title=form.department, total=card.total,
                grade=card.grade.label if card.grade else None, findings=department.findings,
                cells={**form.found.cells, **form.cells}))  # fmt: skip
    return tuple(audits)


_KINDS_ZH: Final = {
    "table": "项目支出绩效自评表",
    "rubric": "绩效评价评分表",
    "coefficient": "得分系数表",
    "department": "部门整体支出绩效自评表",
}


def render_form_audits(audits: Sequence[FormAudit], locale: str = "zh_CN") -> str:
    """The audits as text: for each form its kind, title, total, grade and findings, each
    finding with the cell it names."""
    zh = locale.startswith("zh")
    blocks = []
    for item in audits:
        kind = _KINDS_ZH[item.kind] if zh else item.kind
        total = "—" if item.total is None else fixed(item.total)
        lines = [f"[{item.name}] {kind}: {item.title or ''}".rstrip()]
        lines.append(
            ("总分 " if zh else "total ") + total + (f" {item.grade}" if item.grade else "")
        )
        for finding in item.findings:
            cell = item.cell(finding)
            where = f"{finding.where} ({cell})" if cell else finding.where
            lines.append(
                f"  {finding.severity.value} {finding.code} {where}: {finding.text(locale)}"
            )
        if not item.findings:
            lines.append("  无问题" if zh else "  no findings")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def form_audit_to_json(item: FormAudit) -> dict[str, Any]:
    """One audit as JSON data: numbers as strings, each finding with its cell."""
    return {
        "name": item.name,
        "kind": item.kind,
        "title": item.title,
        "total": None if item.total is None else fixed(item.total),
        "grade": item.grade,
        "findings": [
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
        ],
    }
