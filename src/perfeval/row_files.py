"""Standard rows in Parquet and CSV files: scored a column at a time, results written back.

An edge module: the command line's door to :mod:`perfeval.bulk` (``perfeval score
funds.parquet indicators.parquet --out results``). A file holds one kind of 预算管理一体化
standard rows (the fields of :class:`~perfeval.database.FieldMap`), told by its columns:

- **indicator rows** hold the indicator name column (``KPI_LV3``);
- **fund rows** hold the fund source column (``FUND_SOURCE``);
- **project rows** hold the project code (``PRO_CODE``) and neither of those.

A file with both the indicator and the fund column, or without the project code, is
refused with a :class:`~perfeval.errors.DocumentError` naming the file and the columns it
expected. Several files of one kind are read one after the other.

Cells are read exactly: a CSV cell is its text (an empty cell is blank; UTF-8, with or
without the BOM Excel writes, else GB18030, what Excel on a Chinese Windows writes), and
a Parquet cell its stored value. A float column (a Parquet ``double``) is refused by the
database reader, naming the project, the row and the field, unless the caller opts in with
``LoadOptions(floats=True)``: store amounts as text or ``decimal128``.

Results are written as Parquet or CSV: ``projects`` and ``indicators`` for a score
(:class:`~perfeval.bulk.BulkResult`), ``tables`` and ``findings`` rows for an audit
(:mod:`perfeval.rows`). CSV text that a spreadsheet would run as a formula is written
inert, as :func:`perfeval.rows.to_csv` does.
"""

from __future__ import annotations

import csv
import importlib
import io
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from perfeval.errors import DocumentError

if TYPE_CHECKING:  # pragma: no cover - imported where used: the command line asks
    # is_row_file of every file it is given, and loads the rest only for files of rows
    from perfeval.audit import AuditReport
    from perfeval.bulk import BulkResult
    from perfeval.database import FieldMap, LoadOptions
    from perfeval.policy import Policy
    from perfeval.rows import Row

__all__ = [
    "ROW_FILE_SUFFIXES",
    "RowKind",
    "audit_row_files",
    "audit_rows",
    "is_row_file",
    "read_row_files",
    "row_kind",
    "score_row_files",
    "write_result",
    "write_rows",
]

#: The file name endings read as standard rows.
ROW_FILE_SUFFIXES: Final = (".parquet", ".csv")

RowKind = Literal["funds", "indicators", "projects"]
OutFormat = Literal["parquet", "csv"]


def is_row_file(path: str | Path) -> bool:
    """Whether *path* names a file of standard rows (by its ending: ``.parquet``, ``.csv``)."""
    return Path(path).suffix.lower() in ROW_FILE_SUFFIXES


def row_kind(columns: Sequence[str], fields: FieldMap, where: str) -> RowKind:
    """Which standard rows a file with *columns* holds (see the module); *where* names the
    file in the error raised for a file that is none of them."""
    names = set(columns)
    indicators, funds = fields.name in names, fields.fund_source in names
    if indicators and funds:
        raise DocumentError(
            f"a file holds one kind of rows: it has both {fields.name} (indicator rows) and "
            f"{fields.fund_source} (fund rows)",
            field=where,
        )
    if fields.project_code not in names:
        raise DocumentError(
            f"expected a {fields.project_code} column in every file of standard rows",
            field=where,
            value=", ".join(columns[:12]),
        )
    if indicators:
        return "indicators"
    return "funds" if funds else "projects"


def _csv_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise DocumentError(
                "the CSV file is neither UTF-8 nor GB18030 text", field=str(path)
            ) from None


def _csv_rows(path: Path) -> tuple[list[str], list[dict[str, str | None]]]:
    reader = csv.reader(io.StringIO(_csv_text(path), newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise DocumentError("the CSV file is empty: expected a header row", field=str(path))
        names = [name.strip() for name in header]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise DocumentError(
                "a column is named twice in the header", field=str(path), value=", ".join(twice)
            )
        rows: list[dict[str, str | None]] = []
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue  # a blank line
            if len(record) > len(names):
                raise DocumentError(
                    f"the record has {len(record)} cells, the header {len(names)}",
                    field=str(path),
                    row=f"line {reader.line_num}",
                )
            cells = [cell if cell.strip() else None for cell in record]
            cells += [None] * (len(names) - len(cells))  # a short record: the rest blank
            rows.append(dict(zip(names, cells, strict=True)))
    except csv.Error as error:  # a field above csv.field_size_limit() (128 KiB), a NUL …
        raise DocumentError(
            f"not a readable CSV file: {error}", field=str(path), row=f"line {reader.line_num}"
        ) from None
    return names, rows


def _arrow() -> Any:
    """pyarrow with its Parquet module, as :mod:`perfeval.rows` imports it; its absence
    a :class:`~perfeval.errors.DocumentError` (the command line says it in one line)."""
    from perfeval.rows import _arrow as arrow

    try:
        module = arrow()
    except ImportError as error:  # pragma: no cover - pyarrow is in perfeval[arrow]
        raise DocumentError(str(error)) from None
    importlib.import_module("pyarrow.parquet")  # module.parquet, with pyarrow itself
    return module


def _parquet(path: Path) -> Any:
    pa = _arrow()
    try:
        return pa.parquet.read_table(path)
    except (OSError, pa.ArrowException) as error:
        raise DocumentError(f"not a readable Parquet file: {error}", field=str(path)) from None


def read_row_files(
    paths: Sequence[str | Path], *, fields: FieldMap | None = None
) -> dict[RowKind, Any]:
    """The standard rows of the files at *paths*, by kind (see the module): an Arrow table
    where every file of a kind is Parquet, else a list of mappings. A kind no file holds is
    absent."""
    from perfeval.database import FieldMap

    names = fields or FieldMap()
    found: dict[RowKind, list[Any]] = {}
    for given in paths:
        path = Path(given)
        if not path.is_file():
            raise DocumentError("no such file of standard rows", field=str(path))
        if path.suffix.lower() == ".csv":
            columns, rows = _csv_rows(path)
            found.setdefault(row_kind(columns, names, str(path)), []).append(rows)
        elif path.suffix.lower() == ".parquet":
            table = _parquet(path)
            found.setdefault(row_kind(table.column_names, names, str(path)), []).append(table)
        else:
            raise DocumentError(
                "expected a .parquet or .csv file of standard rows", field=str(path)
            )
    return {kind: _joined(parts) for kind, parts in found.items()}


def _joined(parts: list[Any]) -> Any:
    if all(not isinstance(part, list) for part in parts):
        pa = _arrow()
        if len(parts) == 1:
            return parts[0]
        try:
            return pa.concat_tables(parts, promote_options="default")
        except pa.ArrowException as error:
            raise DocumentError(f"the files of one kind of rows disagree: {error}") from None
    rows: list[Mapping[str, Any]] = []
    for part in parts:
        rows.extend(part if isinstance(part, list) else part.to_pylist())
    return rows


def score_row_files(
    paths: Sequence[str | Path],
    *,
    fields: FieldMap | None = None,
    options: LoadOptions | None = None,
    policy: Policy | str | None = None,
) -> BulkResult:
    """Every project in the files at *paths* scored by :func:`perfeval.bulk.score_rows`."""
    from perfeval.bulk import score_rows

    rows = read_row_files(paths, fields=fields)
    return score_rows(
        rows.get("funds"),
        rows.get("indicators"),
        rows.get("projects"),
        fields=fields,
        options=options,
        policy=policy,
    )


def audit_row_files(
    paths: Sequence[str | Path],
    *,
    fields: FieldMap | None = None,
    options: LoadOptions | None = None,
    policy: Policy | str | None = None,
) -> dict[str, AuditReport]:
    """Every project in the files at *paths*, loaded by
    :func:`perfeval.database.load_tables` and audited, by project code."""
    from perfeval.audit import audit
    from perfeval.database import load_tables

    rows = read_row_files(paths, fields=fields)

    def plain(part: Any) -> Any:  # the database reader takes mappings
        return part.to_pylist() if hasattr(part, "to_pylist") else part

    tables = load_tables(
        plain(rows.get("funds")),
        plain(rows.get("indicators")),
        plain(rows.get("projects")),
        fields=fields,
        options=options,
    )
    return {code: audit(table, policy) for code, table in tables.items()}


def audit_rows(reports: Mapping[str, AuditReport]) -> dict[str, list[Row]]:
    """The ``tables`` and ``findings`` rows (:mod:`perfeval.rows`) of *reports*, named by
    their project codes."""
    from perfeval.rows import finding_rows, table_rows

    items, names = list(reports.values()), list(reports)
    return {
        "tables": table_rows(items, names=names),
        "findings": finding_rows(items, names=names),
    }


def write_rows(rows: Sequence[Mapping[str, Any]], path: Path, fmt: OutFormat) -> None:
    """Write *rows* (dicts of one shape) to *path* as Parquet or CSV."""
    from perfeval.rows import to_csv

    if fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as stream:
            to_csv(rows, stream)
        return
    pa = _arrow()
    pa.parquet.write_table(pa.Table.from_pylist(list(rows)), path)


def write_result(
    result: BulkResult | Mapping[str, Sequence[Mapping[str, Any]]],
    folder: str | Path,
    fmt: OutFormat = "parquet",
) -> list[Path]:
    """Write a score (:class:`~perfeval.bulk.BulkResult`: ``projects`` and ``indicators``)
    or rows by name (``tables``, ``findings``) into *folder* (made if missing), one file
    per part named after it (``projects.parquet``); the paths written."""
    from perfeval.bulk import BulkResult

    out = Path(folder)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DocumentError(f"cannot make the output folder: {error}", field=str(out)) from None
    parts: Iterator[tuple[str, Any]]
    if isinstance(result, BulkResult):
        parts = iter((("projects", result.projects), ("indicators", result.indicators)))
    else:
        parts = iter(result.items())
    written: list[Path] = []
    for name, part in parts:
        path = out / f"{name}.{fmt}"
        if isinstance(result, BulkResult) and fmt == "parquet":
            _arrow().parquet.write_table(part, path)
        else:
            rows = part.to_pylist() if hasattr(part, "to_pylist") else part
            write_rows(rows, path, fmt)
        written.append(path)
    return written
