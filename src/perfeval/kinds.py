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
自评表. A grid is one form: the first recogniser that knows it reads it. Recognised by
its headings, a form that cannot be read raises
:class:`~perfeval.errors.DocumentError` naming the cell.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import attrs

from perfeval.coefficient import CoefficientTable, read_coefficient_table
from perfeval.department_form import DepartmentForm, read_department_form
from perfeval.errors import DocumentError
from perfeval.layout import FoundTable, Grid, SkippedTable, read_grid
from perfeval.readers import Source, read_grids
from perfeval.rubric import Rubric, read_rubric

__all__ = ["RECOGNISERS", "Form", "Forms", "read_forms"]

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
    """(sheet or table, kind) for every form found: ``("评分表", "rubric")``."""

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
    for grid in read_grids(source, sheet=sheet):
        form = next((f for f in (read(grid) for read in RECOGNISERS) if f is not None), None)
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
