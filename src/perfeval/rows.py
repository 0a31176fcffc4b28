"""Scorecards, audits and reports as rows: one per table, fund row, indicator or finding.

Rows are plain dicts with stable snake_case column names (listed in :data:`COLUMNS` and
documented in ``docs/rows.md``), ready for a CSV file, a DataFrame or a database table.
Money, rates, weights and scores are decimal strings (``"8.63"``), exactly as perfeval
computed them, or ``None``; counts and indexes are ints; flags are bools. Every row
starts with the same keys, so rows of different kinds join:

- ``table_index``: the table's position in the input (0, 1, 2 …); in a batch of files
  (:mod:`perfeval.files`) the file's position, shared by the tables of one file;
- ``table_name``: what the caller calls the table (a file name, a project code), else
  the project name; in a batch ``path#sheet`` when a file holds several tables, so
  ``table_index`` and ``table_name`` together name one table;
- ``project``, ``department``, ``unit``, ``year``, ``policy``.

Indicator and finding rows also carry ``row`` (the indicator's index, as in the
document path ``indicators[3]``). Every kind of form (the 自评表, rubrics,
score-coefficient tables, department forms: :class:`perfeval.kinds.FormAudit`) has
rows of its own, leaving the 自评表's above unchanged: one per form
(:func:`form_rows`, :data:`FORM_COLUMNS`, with its ``kind``), one per scored row
(:func:`form_item_rows`, :data:`FORM_ITEM_COLUMNS`) and its findings as finding rows
(:func:`form_finding_rows`). The module is pure: :func:`to_csv` writes to a text
stream the caller opens, and :func:`to_arrow`, :func:`to_pandas` and :func:`to_polars`
import their library only when called (``pip install 'perfeval[pandas]'``, or
``perfeval[polars]``).

>>> from perfeval.audit import audit
>>> from perfeval.seed import seed_tables
>>> audits = [audit(table) for table in seed_tables()]
>>> row = table_rows(audits)[2]
>>> row["project"], row["funds_score"], row["total"], row["grade"]
('工作经费', '8.63', '98.63', '优')
>>> [(f["code"], f["row"], f["where"]) for f in finding_rows(audits) if f["table_index"] == 0][:1]
[('missing-value', 4, 'indicators[4].score')]
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any, Final, Literal

from perfeval.audit import AuditReport
from perfeval.cells import is_placeholder
from perfeval.findings import Finding, Severity
from perfeval.number import add, fixed
from perfeval.report import Report
from perfeval.table import Scorecard
from perfeval.targets import Reading

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import polars
    import pyarrow

    from perfeval.funds import FundRow
    from perfeval.kinds import FormAudit

__all__ = [
    "COLUMNS",
    "FINDING_COLUMNS",
    "FORM_COLUMNS",
    "FORM_ITEM_COLUMNS",
    "FUND_COLUMNS",
    "INDICATOR_COLUMNS",
    "KEY_COLUMNS",
    "TABLE_COLUMNS",
    "Row",
    "finding_row",
    "finding_rows",
    "form_finding_rows",
    "form_item_rows",
    "form_key_row",
    "form_row",
    "form_rows",
    "fund_rows",
    "indicator_rows",
    "key_row",
    "rows",
    "table_row",
    "table_rows",
    "to_arrow",
    "to_csv",
    "to_pandas",
    "to_polars",
]

#: A cell: a decimal string or text, an int (indexes, counts, years), a bool, or None.
Value = str | int | bool | None
#: One row: column name → value.
Row = dict[str, Value]
#: What the row functions accept: scorecards, audits, or a report (its audits).
Items = Iterable[Scorecard | AuditReport] | Report

#: The columns every row starts with; they join rows of different kinds.
KEY_COLUMNS: Final = (
    "table_index",
    "table_name",
    "project",
    "department",
    "unit",
    "year",
    "policy",
)

#: One row per table.
TABLE_COLUMNS: Final = (
    *KEY_COLUMNS,
    "funds_weight",
    "funds_rate",
    "funds_rate_percent",
    "funds_score",
    "indicator_score",
    "total",
    "total_max",
    "complete",
    "grade",
    "printed_total",
    "printed_grade",
    "indicators",
    "findings",
    "errors",
    "warnings",
)

#: One row per fund row (total first, then the source rows, as ``funds.rows[i]``).
FUND_COLUMNS: Final = (
    *KEY_COLUMNS,
    "row",
    "fund_source",
    "label",
    "initial_budget",
    "annual_budget",
    "executed",
    "rate_percent",
    "printed_rate",
    "printed_score",
    "amount_unit",
)

#: One row per indicator row.
INDICATOR_COLUMNS: Final = (
    *KEY_COLUMNS,
    "row",
    "level1",
    "level2",
    "name",
    "target",
    "actual",
    "weight",
    "score",
    "printed_score",
    "rule",
    "achievement",
    "capped",
    "judged",
    "formula",
    "note",
)

#: One row per finding.
FINDING_COLUMNS: Final = (
    *KEY_COLUMNS,
    "row",
    "where",
    "code",
    "severity",
    "printed",
    "computed",
    "message",
    "message_zh",
)

#: One row per form of any kind (:func:`form_rows`): a 自评表, a rubric, a
#: score-coefficient table or a department self-evaluation.
FORM_COLUMNS: Final = (
    *KEY_COLUMNS,
    "kind",
    "title",
    "total",
    "grade",
    "items",
    "findings",
    "errors",
    "warnings",
)

#: One row per scored row of a form (:func:`form_item_rows`): a rubric's or a
#: score-coefficient table's rows, a table's or a department form's indicators and fund
#: rows, a coefficient table's execution rows, a department form's breakdown rows.
FORM_ITEM_COLUMNS: Final = (
    *KEY_COLUMNS,
    "kind",
    "part",
    "row",
    "level1",
    "level2",
    "name",
    "weight",
    "coefficient",
    "score",
    "printed_score",
    "fund_source",
    "annual_budget",
    "executed",
    "rate_percent",
    "printed_rate",
    "amount_unit",
)

Kind = Literal["tables", "funds", "indicators", "findings", "forms", "form_items"]

#: The columns of each kind of row.
COLUMNS: Final[Mapping[str, tuple[str, ...]]] = {
    "tables": TABLE_COLUMNS,
    "funds": FUND_COLUMNS,
    "indicators": INDICATOR_COLUMNS,
    "findings": FINDING_COLUMNS,
    "forms": FORM_COLUMNS,
    "form_items": FORM_ITEM_COLUMNS,
}

_INT_COLUMNS: Final = frozenset(
    {"table_index", "year", "row", "indicators", "findings", "errors", "warnings", "items"}
)
_BOOL_COLUMNS: Final = frozenset({"complete", "capped", "judged"})
_ROW_PATH: Final = re.compile(r"indicators\[(\d+)\]")


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else fixed(value)


def _reading(reading: Reading) -> str | None:
    if reading.kind == "blank" and not reading.text:
        return None
    return reading.text or str(reading)


def _items(
    items: Items, names: Sequence[str | None] | None
) -> Iterator[tuple[Row, Scorecard, tuple[Finding, ...] | None]]:
    sequence = items.audits if isinstance(items, Report) else items
    for index, item in enumerate(sequence):
        if isinstance(item, AuditReport):
            card, findings = item.scorecard, item.findings
        else:
            card, findings = item, None
        name = names[index] if names is not None and index < len(names) else None
        yield key_row(card, index=index, name=name), card, findings


def key_row(card: Scorecard, *, index: int = 0, name: str | None = None) -> Row:
    """The :data:`KEY_COLUMNS` of *card*: the table at *index* in the input, called *name*
    (a file name, a project code; else the project name)."""
    table = card.table
    return {
        "table_index": index,
        "table_name": name if name is not None else table.project,
        "project": table.project,
        "department": table.department,
        "unit": table.unit,
        "year": table.year,
        "policy": card.policy_id,
    }


def table_row(key: Row, card: Scorecard, findings: Sequence[Finding] | None) -> Row:
    """The table row of one scorecard (with its findings, if audited) under *key*."""
    funds = card.funds
    grade = card.grade
    indicator_scores = [r.score for r in card.rows if r.score is not None]
    counted = findings or ()
    return {
        **key,
        "funds_weight": None if funds is None else _dec(funds.weight),
        "funds_rate": None if funds is None else _dec(funds.rate.fraction),
        "funds_rate_percent": None if funds is None else _dec(funds.rate.percent),
        "funds_score": None if funds is None else _dec(funds.score),
        "indicator_score": fixed(add(*indicator_scores)),
        "total": fixed(card.total),
        "total_max": _dec(card.total_range[1]),
        "complete": card.complete,
        "grade": None if grade is None else grade.label,
        "printed_total": _dec(card.table.printed_total),
        "printed_grade": card.table.printed_grade,
        "indicators": len(card.rows),
        "findings": None if findings is None else len(counted),
        "errors": None
        if findings is None
        else sum(1 for f in counted if f.severity is Severity.ERROR),
        "warnings": None
        if findings is None
        else sum(1 for f in counted if f.severity is Severity.WARNING),
    }


def finding_row(key: Row, finding: Finding) -> Row:
    """The row of one finding under *key*; ``row`` is the indicator index it names."""
    match = _ROW_PATH.match(finding.where)
    return {
        **key,
        "row": int(match.group(1)) if match else None,
        "where": finding.where,
        "code": finding.code,
        "severity": finding.severity.value,
        "printed": finding.printed,
        "computed": finding.computed,
        "message": finding.message,
        "message_zh": finding.message_zh,
    }


def table_rows(items: Items, *, names: Sequence[str | None] | None = None) -> list[Row]:
    """One row per table (:data:`TABLE_COLUMNS`). *names* fill ``table_name``, in order.

    The finding counts are ``None`` for scorecards (not audited)."""
    return [table_row(key, card, findings) for key, card, findings in _items(items, names)]


def fund_rows(items: Items, *, names: Sequence[str | None] | None = None) -> list[Row]:
    """One row per printed fund row (:data:`FUND_COLUMNS`), numbered as ``funds.rows[i]``."""
    out: list[Row] = []
    for key, card, _ in _items(items, names):
        block = card.table.funds
        if block is None:
            continue
        printed = ([block.total] if block.total is not None else []) + list(block.sources)
        for index, item in enumerate(printed):
            out.append(
                {
                    **key,
                    "row": index,
                    "fund_source": item.source,
                    "label": item.label,
                    "initial_budget": _dec(item.initial_budget),
                    "annual_budget": _dec(item.annual_budget),
                    "executed": _dec(item.executed),
                    "rate_percent": _dec(item.rate.percent),
                    "printed_rate": _dec(item.printed_rate),
                    "printed_score": _dec(item.printed_score),
                    "amount_unit": block.unit,
                }
            )
    return out


def indicator_rows(items: Items, *, names: Sequence[str | None] | None = None) -> list[Row]:
    """One row per indicator row (:data:`INDICATOR_COLUMNS`); ``score`` is the scorecard's."""
    out: list[Row] = []
    for key, card, _ in _items(items, names):
        for index, scored in enumerate(card.indicators):
            row = scored.indicator
            out.append(
                {
                    **key,
                    "row": index,
                    "level1": row.level1,
                    "level2": row.level2,
                    "name": row.name,
                    "target": _reading(row.target),
                    "actual": _reading(row.actual),
                    "weight": _dec(scored.weight),
                    "score": _dec(scored.score),
                    "printed_score": _dec(row.score),
                    "rule": scored.rule.value,
                    "achievement": None if scored.achievement is None else scored.achievement.value,
                    "capped": scored.capped,
                    "judged": scored.judged,
                    "formula": scored.formula or None,
                    "note": row.note,
                }
            )
    return out


def finding_rows(items: Items, *, names: Sequence[str | None] | None = None) -> list[Row]:
    """One row per finding (:data:`FINDING_COLUMNS`); scorecards give none."""
    return [
        finding_row(key, finding)
        for key, _, findings in _items(items, names)
        for finding in findings or ()
    ]


def rows(items: Items, kind: Kind, *, names: Sequence[str | None] | None = None) -> list[Row]:
    """The rows of *kind* (``tables``, ``funds``, ``indicators``, ``findings``, or
    ``forms`` and ``form_items``: the rows every kind of form has, here of 自评表)."""
    makers = {
        "tables": table_rows,
        "funds": fund_rows,
        "indicators": indicator_rows,
        "findings": finding_rows,
        "forms": _table_form_rows,
        "form_items": _table_form_item_rows,
    }
    if kind not in makers:
        raise ValueError(f"unknown kind of row {kind!r}; use one of {', '.join(makers)}")
    return makers[kind](items, names=names)


def _table_audits(items: Items, names: Sequence[str | None] | None) -> list[FormAudit]:
    from perfeval.kinds import table_audit

    sequence = items.audits if isinstance(items, Report) else items
    out = []
    for index, item in enumerate(sequence):
        name = names[index] if names is not None and index < len(names) else None
        card = item.scorecard if isinstance(item, AuditReport) else item
        out.append(table_audit(name if name is not None else card.table.project, item))
    return out


def _table_form_rows(items: Items, *, names: Sequence[str | None] | None = None) -> list[Row]:
    audits = _table_audits(items, names)
    audited = [isinstance(item.result, AuditReport) for item in audits]
    return [
        form_row(key, item, audited=done)
        for (key, item), done in zip(_named(audits, None), audited, strict=True)
    ]


def _table_form_item_rows(items: Items, *, names: Sequence[str | None] | None = None) -> list[Row]:
    return form_item_rows(_table_audits(items, names))


# Every kind of form ---------------------------------------------------------------------


def form_key_row(item: FormAudit, *, index: int = 0, name: str | None = None) -> Row:
    """The :data:`KEY_COLUMNS` of a form of any kind (:class:`perfeval.kinds.FormAudit`):
    a 自评表's as :func:`key_row` gives them; a department form's with its department; a
    rubric's or a score-coefficient table's ``project`` its title. *name* as for
    :func:`key_row` (else the sheet or Word table it was read from)."""
    from perfeval.department_form import DepartmentAudit

    shown = name if name is not None else item.name
    if isinstance(item.result, AuditReport):
        return key_row(item.result.scorecard, index=index, name=shown)
    if isinstance(item.result, Scorecard):
        return key_row(item.result, index=index, name=shown)
    if isinstance(item.result, DepartmentAudit):
        key = key_row(item.result.scored.scorecard, index=index, name=shown)
        return {**key, "department": item.title}
    return {
        "table_index": index,
        "table_name": shown,
        "project": item.title,
        "department": None,
        "unit": None,
        "year": None,
        "policy": item.policy,
    }


def form_row(key: Row, item: FormAudit, *, audited: bool = True) -> Row:
    """The row of one form under *key* (:data:`FORM_COLUMNS`); the finding counts are
    ``None`` when it was only scored (*audited* false)."""
    counted = item.findings
    return {
        **key,
        "kind": item.kind,
        "title": item.title,
        "total": _dec(item.total),
        "grade": item.grade,
        "items": sum(1 for row in _items_of(item) if row["part"] in ("rows", "indicators")),
        "findings": len(counted) if audited else None,
        "errors": sum(1 for f in counted if f.severity is Severity.ERROR) if audited else None,
        "warnings": sum(1 for f in counted if f.severity is Severity.WARNING) if audited else None,
    }


def _named(
    audits: Iterable[FormAudit], names: Sequence[str | None] | None
) -> Iterator[tuple[Row, FormAudit]]:
    for index, item in enumerate(audits):
        name = names[index] if names is not None and index < len(names) else None
        yield form_key_row(item, index=index, name=name), item


def form_rows(
    audits: Iterable[FormAudit],
    *,
    names: Sequence[str | None] | None = None,
    audited: bool = True,
) -> list[Row]:
    """One row per form (:data:`FORM_COLUMNS`), of the :class:`perfeval.kinds.FormAudit`
    of :func:`perfeval.kinds.audit_forms`; *names* fill ``table_name``, in order."""
    return [form_row(key, item, audited=audited) for key, item in _named(audits, names)]


def form_item_rows(
    audits: Iterable[FormAudit], *, names: Sequence[str | None] | None = None
) -> list[Row]:
    """One row per scored row of every form (:data:`FORM_ITEM_COLUMNS`), numbered as the
    form's document numbers them (``rows[i]``, ``indicators[i]``, ``funds.rows[i]``,
    ``execution.rows[i]``, ``breakdown[i]``): ``score`` is perfeval's, ``printed_score``
    the form's."""
    return [{**key, **row} for key, item in _named(audits, names) for row in _items_of(item)]


def form_finding_rows(
    audits: Iterable[FormAudit], *, names: Sequence[str | None] | None = None
) -> list[Row]:
    """One row per finding of every form (:data:`FINDING_COLUMNS`, keyed as
    :func:`form_key_row` keys the form)."""
    return [
        finding_row(key, finding)
        for key, item in _named(audits, names)
        for finding in item.findings
    ]


def _item(kind: str, part: str, index: int, **values: Value) -> Row:
    row: Row = {name: None for name in FORM_ITEM_COLUMNS if name not in KEY_COLUMNS}
    row.update(kind=kind, part=part, row=index, **values)
    return row


def _fund_item(kind: str, part: str, index: int, fund: FundRow, score: Value) -> Row:
    return _item(
        kind, part, index, name=fund.label, fund_source=fund.source,
        annual_budget=_dec(fund.annual_budget), executed=_dec(fund.executed),
        rate_percent=_dec(fund.rate.percent), printed_rate=_dec(fund.printed_rate),
        printed_score=_dec(fund.printed_score), score=score, amount_unit=fund.unit,
    )  # fmt: skip


def _card_items(kind: str, card: Scorecard) -> list[Row]:
    """A scorecard's fund rows (the total scored) and indicators."""
    out: list[Row] = []
    block = card.table.funds
    if block is not None:
        printed = ([block.total] if block.total is not None else []) + list(block.sources)
        for index, fund in enumerate(printed):
            score = _dec(card.funds.score) if index == 0 and card.funds is not None else None
            out.append(_fund_item(kind, "funds", index, fund, score))
    for index, scored in enumerate(card.indicators):
        row = scored.indicator
        out.append(_item(
            kind, "indicators", index, level1=row.level1, level2=row.level2, name=row.name,
            weight=_dec(scored.weight), score=_dec(scored.score), printed_score=_dec(row.score),
        ))  # fmt: skip
    return out


def _items_of(item: FormAudit) -> list[Row]:
    """The scored rows of one form, as :func:`form_item_rows` gives them (no key)."""
    from perfeval.coefficient import CoefficientAudit
    from perfeval.department_form import DepartmentAudit
    from perfeval.rubric import RubricAudit

    result, kind = item.result, item.kind
    if isinstance(result, AuditReport):
        return _card_items(kind, result.scorecard)
    if isinstance(result, Scorecard):
        return _card_items(kind, result)
    if isinstance(result, DepartmentAudit):
        out = _card_items(kind, result.scored.scorecard)
        for index, part in enumerate(result.scored.breakdown):
            out.append(_fund_item(kind, "breakdown", index, part.row, _dec(part.own.score)))
        return out
    if isinstance(result, RubricAudit):
        out = []
        for index, line in enumerate(result.scored.rows):
            out.append(_item(
                kind, "rows", index, level1=line.row.level1, level2=line.row.level2,
                name=line.row.name, weight=_dec(line.row.weight), score=_dec(line.expected),
                printed_score=_dec(line.row.score),
            ))  # fmt: skip
        return out
    if isinstance(result, CoefficientAudit):
        out = []
        execution = result.scored.table.execution
        if execution is not None:
            printed = ([execution.total] if execution.total is not None else []) + list(
                execution.sources
            )
            funds = result.scored.execution
            for index, fund in enumerate(printed):
                score = _dec(funds.score) if index == 0 and funds is not None else None
                out.append(_fund_item(kind, "execution", index, fund, score))
        for index, scored_line in enumerate(result.scored.lines):
            printed_line = scored_line.row
            out.append(_item(
                kind, "rows", index, level1=printed_line.level1, level2=printed_line.level2,
                name=printed_line.name, weight=_dec(printed_line.weight),
                coefficient=_dec(printed_line.coefficient), score=_dec(scored_line.score),
                printed_score=_dec(printed_line.score),
            ))  # fmt: skip
        return out
    return []


def _columns(data: Sequence[Mapping[str, Value]], columns: Sequence[str] | None) -> list[str]:
    if columns is not None:
        return list(columns)
    if not data:
        return []
    return list(data[0])


def _cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_csv(
    data: Iterable[Mapping[str, Value]],
    stream: IO[str],
    *,
    columns: Sequence[str] | None = None,
    formulas: bool = False,
) -> None:
    """Write *data* as CSV with a header row to the text *stream* (open it with
    ``newline=""``). Columns: *columns*, else the first row's keys. ``None`` is written as
    an empty cell and bools as ``true``/``false``.

    A text cell that a spreadsheet would run as a formula (it begins with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return and is not a number) is written with a
    leading ``'``, which spreadsheets show as text, unless *formulas* is true (for a
    program that reads the file as data). A row holding a line break of any kind is
    written with every cell quoted, so that it reads back as one record.

    >>> import io
    >>> out = io.StringIO()
    >>> to_csv([{"project": "工作经费", "total": "98.63", "complete": True}], out)
    >>> out.getvalue().splitlines()
    ['project,total,complete', '工作经费,98.63,true']
    >>> out = io.StringIO()
    >>> to_csv([{"name": "=1+2", "note": "@SUM(A1)", "score": "-1.50"}], out)
    >>> out.getvalue().splitlines()[1]
    "'=1+2,'@SUM(A1),-1.50"
    """
    materialized = list(data)
    names = _columns(materialized, columns)
    writer = csv.writer(stream, lineterminator="\n")
    quoted = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(names)
    for row in materialized:
        cells = [_cell(row.get(name)) for name in names]
        if not formulas:
            cells = [_inert(cell) for cell in cells]
        # csv quotes a field holding "\n" (the line terminator) but not a lone "\r",
        # which most readers take as the end of a record
        (quoted if any("\r" in cell for cell in cells) else writer).writerow(cells)


_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def _inert(cell: str) -> str:
    """*cell*, with a leading ``'`` when a spreadsheet would run it as a formula."""
    if not cell.startswith(_FORMULA_STARTS) or _PLAIN_NUMBER.fullmatch(cell):
        return cell  # a number such as -1,234.50 is shown as the number it is
    if is_placeholder(cell):
        return cell  # "-", "--": a blank as printed, never run
    return "'" + cell


#: A signed number as tables print it (thousands separators, a leading or trailing point,
#: an exponent, a percent sign): what a spreadsheet reads as a number, not a formula.
_PLAIN_NUMBER: Final = re.compile(
    r"[-+](?=\.?[0-9])(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?[%‰]?"
)


def _arrow() -> Any:
    try:
        import pyarrow
    except ImportError:
        raise ImportError("Arrow output needs pyarrow: pip install 'perfeval[arrow]'") from None
    return pyarrow


def to_arrow(
    data: Iterable[Mapping[str, Value]], *, columns: Sequence[str] | None = None
) -> pyarrow.Table:
    """*data* as a :class:`pyarrow.Table`, column by column.

    Decimal strings stay strings (exact; cast with ``pyarrow.compute.cast`` to a
    ``decimal128`` of the scale you need); indexes, years and counts are ``int64``, flags
    ``bool``. The types come from the column name, so an empty or all-blank column keeps
    its type."""
    pa = _arrow()
    materialized = list(data)
    names = _columns(materialized, columns)
    fields = []
    arrays = []
    for name in names:
        if name in _INT_COLUMNS:
            kind = pa.int64()
        elif name in _BOOL_COLUMNS:
            kind = pa.bool_()
        else:
            kind = pa.string()
        fields.append(pa.field(name, kind))
        arrays.append(pa.array([row.get(name) for row in materialized], type=kind))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def to_pandas(
    data: Iterable[Mapping[str, Value]], *, columns: Sequence[str] | None = None
) -> pandas.DataFrame:
    """*data* as a pandas DataFrame, built through :func:`to_arrow` (nullable ints and
    bools; strings as pandas' string dtype)."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("DataFrames need pandas: pip install 'perfeval[pandas]'") from None
    table = to_arrow(data, columns=columns)
    frame: pandas.DataFrame = table.to_pandas(types_mapper=pd.ArrowDtype)
    return frame


def to_polars(
    data: Iterable[Mapping[str, Value]], *, columns: Sequence[str] | None = None
) -> polars.DataFrame:
    """*data* as a polars DataFrame, built through :func:`to_arrow` (zero-copy)."""
    try:
        import polars as pl
    except ImportError:
        raise ImportError("DataFrames need polars: pip install 'perfeval[polars]'") from None
    frame: polars.DataFrame = pl.DataFrame(to_arrow(data, columns=columns))
    return frame
