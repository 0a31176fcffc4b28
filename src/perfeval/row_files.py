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

Scoring reads files of indicator rows :data:`BATCH_ROWS` rows at a time, Parquet and CSV
alike (:func:`stream_row_files`, through :func:`perfeval.bulk.score_batches`), so ten
million rows take the memory of a batch, not of the file: a project's indicator rows must
then come together (files sorted or clustered by project code), and :func:`write_result`
appends the results to their files as they come.

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

import codecs
import contextlib
import csv
import importlib
import io
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, Literal

from perfeval.errors import DocumentError

if TYPE_CHECKING:  # pragma: no cover - imported where used: the command line asks
    # is_row_file of every file it is given, and loads the rest only for files of rows
    from perfeval.audit import AuditReport
    from perfeval.bulk import BulkResult
    from perfeval.database import FieldMap, LoadOptions
    from perfeval.policy import Policy
    from perfeval.rows import Row

__all__ = [
    "BATCH_ROWS",
    "ROW_FILE_SUFFIXES",
    "RowKind",
    "audit_row_files",
    "audit_rows",
    "is_row_file",
    "read_row_files",
    "row_kind",
    "score_row_files",
    "stream_row_files",
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


def _csv_encoding(path: Path) -> str:
    """The encoding of the CSV file at *path*: UTF-8 (with or without the BOM Excel
    writes), else GB18030; anything else is refused. The file is read a block at a time,
    so a big file is checked without being held."""
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as file:
                while block := file.read(1 << 20):
                    decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise DocumentError("the CSV file is neither UTF-8 nor GB18030 text", field=str(path))


class _Csv:
    """A CSV file of rows, its header read: its rows read when asked (all, or
    :data:`BATCH_ROWS` at a time), each a mapping of the header's names to the cells'
    text (an empty cell blank). A blank line is skipped; a record shorter than the header
    has its last cells blank; a header naming a column twice, a record longer than the
    header, or text the CSV reader cannot read is refused naming the file and the line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.encoding = _csv_encoding(path)
        with self._open() as file:
            reader = csv.reader(file)
            header = self._guarded(reader, lambda: next(reader, None))
        if header is None:
            raise DocumentError("the CSV file is empty: expected a header row", field=str(path))
        self.columns = [name.strip() for name in header]
        twice = sorted({name for name in self.columns if self.columns.count(name) > 1})
        if twice:
            raise DocumentError(
                "a column is named twice in the header", field=str(path), value=", ".join(twice)
            )

    def _open(self) -> IO[str]:
        try:
            return self.path.open(encoding=self.encoding, newline="")
        except OSError as error:  # gone since its header was read
            raise DocumentError(f"not a readable CSV file: {error}", field=str(self.path)) from None

    def codes(self, field: str) -> Iterator[str | None]:
        """The cell of column *field* in each row, in order (``None`` where blank or
        where the file has no such column), read one record at a time."""
        at = self.columns.index(field) if field in self.columns else None
        for _, record in self._records():
            cell = record[at].strip() if at is not None and at < len(record) else ""
            yield cell or None

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        """Each record after the header but blank lines, with the line it ends on."""
        with self._open() as file:
            reader = csv.reader(file)
            self._guarded(reader, lambda: next(reader, None))  # the header
            while (record := self._guarded(reader, lambda: next(reader, None))) is not None:
                if any(cell.strip() for cell in record):  # else a blank line
                    yield reader.line_num, record

    def _guarded(self, reader: Any, read: Any) -> Any:
        try:
            return read()
        except (csv.Error, OSError, UnicodeDecodeError) as error:
            # a field above csv.field_size_limit() (128 KiB); a file changed or gone since
            # it was opened
            raise DocumentError(
                f"not a readable CSV file: {error}",
                field=str(self.path),
                row=f"line {reader.line_num}",
            ) from None

    def rows(self) -> Iterator[dict[str, str | None]]:
        """The rows, read one at a time."""
        names, width = self.columns, len(self.columns)
        for line, record in self._records():
            if len(record) > width:
                raise DocumentError(
                    f"the record has {len(record)} cells, the header {width}",
                    field=str(self.path),
                    row=f"line {line}",
                )
            cells = [cell if cell.strip() else None for cell in record]
            cells += [None] * (width - len(cells))  # a short record: the rest blank
            yield dict(zip(names, cells, strict=True))

    def read(self) -> list[dict[str, str | None]]:
        """The rows, all of them."""
        return list(self.rows())

    def batches(self) -> Iterator[list[dict[str, str | None]]]:
        """The rows in lists of :data:`BATCH_ROWS`, read one list at a time."""
        rows = self.rows()
        while batch := list(itertools.islice(rows, BATCH_ROWS)):
            yield batch


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


#: How many rows of a file of indicator rows are read at once when scoring.
BATCH_ROWS: Final = 100_000


class _Parquet:
    """A Parquet file of rows, open: its columns known, its rows read when asked (whole,
    or in record batches of :data:`BATCH_ROWS`)."""

    def __init__(self, path: Path) -> None:
        pa = _arrow()
        self.path = path
        try:
            self.file = pa.parquet.ParquetFile(path)
            self.columns: list[str] = list(self.file.schema_arrow.names)
        except (OSError, pa.ArrowException) as error:
            raise self._unreadable(error) from None

    def read(self) -> Any:
        """The rows whole, as an Arrow table."""
        pa = _arrow()
        try:
            return self.file.read()
        except (OSError, pa.ArrowException) as error:
            raise self._unreadable(error) from None

    def batches(self) -> Iterator[Any]:
        """The rows in record batches, read one at a time."""
        pa = _arrow()
        try:
            yield from self.file.iter_batches(batch_size=BATCH_ROWS)
        except (OSError, pa.ArrowException) as error:
            raise self._unreadable(error) from None

    def codes(self, field: str) -> Iterator[str | None]:
        """The cell of column *field* in each row, as text, in order (``None`` where blank
        or where the file has no such column), read a record batch at a time."""
        pa = _arrow()
        if field not in self.columns:
            yield from itertools.repeat(None, self.file.metadata.num_rows)
            return
        try:
            for batch in self.file.iter_batches(batch_size=BATCH_ROWS, columns=[field]):
                for value in batch.column(0).to_pylist():
                    text = None if value is None else str(value).strip()
                    yield text or None
        except (OSError, pa.ArrowException) as error:
            raise self._unreadable(error) from None

    def _unreadable(self, error: Exception) -> DocumentError:
        return DocumentError(f"not a readable Parquet file: {error}", field=str(self.path))


def _grouped(parts: Sequence[_Csv | _Parquet], field: str) -> bool:
    """Whether the rows of the files *parts*, read in order, come together by project
    (column *field*): what streaming them asks. Only the codes are read."""
    done: set[str | None] = set()
    current: str | None = None
    for part in parts:
        for code in part.codes(field):
            if code == current:
                continue
            if code in done or code is None:
                return False
            if current is not None:
                done.add(current)
            current = code
    return True


def _opened(paths: Sequence[str | Path], names: FieldMap) -> dict[RowKind, list[Any]]:
    """The files at *paths* by kind, each open: its columns known, its rows read when asked."""
    found: dict[RowKind, list[Any]] = {}
    for given in paths:
        path = Path(given)
        if not path.is_file():
            raise DocumentError("no such file of standard rows", field=str(path))
        suffix = path.suffix.lower()
        if suffix not in ROW_FILE_SUFFIXES:
            raise DocumentError(
                "expected a .parquet or .csv file of standard rows", field=str(path)
            )
        opened = _Csv(path) if suffix == ".csv" else _Parquet(path)
        found.setdefault(row_kind(opened.columns, names, str(path)), []).append(opened)
    return found


def read_row_files(
    paths: Sequence[str | Path], *, fields: FieldMap | None = None
) -> dict[RowKind, Any]:
    """The standard rows of the files at *paths*, by kind (see the module): an Arrow table
    where every file of a kind is Parquet, else a list of mappings. A kind no file holds is
    absent."""
    from perfeval.database import FieldMap

    found = _opened(paths, fields or FieldMap())
    return {kind: _joined(_read(parts)) for kind, parts in found.items()}


def _read(parts: list[Any]) -> list[Any]:
    return [part.read() for part in parts]


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
    """Every project in the files at *paths* scored, in one result: the results of
    :func:`stream_row_files` joined."""
    from perfeval.bulk import BulkResult

    pa = _arrow()
    parts = list(stream_row_files(paths, fields=fields, options=options, policy=policy))
    if len(parts) == 1:
        return parts[0]
    return BulkResult(
        projects=pa.concat_tables([part.projects for part in parts]),
        indicators=pa.concat_tables([part.indicators for part in parts]),
    )


def stream_row_files(
    paths: Sequence[str | Path],
    *,
    fields: FieldMap | None = None,
    options: LoadOptions | None = None,
    policy: Policy | str | None = None,
) -> Iterator[BulkResult]:
    """Every project in the files at *paths* scored, the results given as they come.

    The files of indicator rows are read :data:`BATCH_ROWS` rows at a time (a Parquet
    file a record batch at a time, a CSV file a run of records at a time) and scored by
    :func:`perfeval.bulk.score_batches`, so that ten million rows take the memory of a
    batch: the projects come in the order their indicator rows end, and the indicator
    rows of a project must come together (the files sorted or clustered by project
    code; in Parquet files, a project that comes back is refused naming it). Where a CSV
    file is among them and the rows do not come together (read first, the project codes
    alone), every file is read whole and scored by :func:`perfeval.bulk.score_rows`, in
    one result, as :func:`score_row_files` reads them. Fund and project rows are read
    whole."""
    from perfeval.bulk import _streamed, score_rows
    from perfeval.database import FieldMap

    names = fields or FieldMap()
    found = _opened(paths, names)
    funds, projects = (
        _joined(_read(found[kind])) if kind in found else None for kind in ("funds", "projects")
    )
    indicators = found.get("indicators", [])
    texts = any(isinstance(part, _Csv) for part in indicators)
    if texts and not _grouped(indicators, names.project_code):
        yield score_rows(
            funds, _joined(_read(indicators)), projects, fields=fields, options=options,
            policy=policy,
        )  # fmt: skip
        return
    pieces = (batch for part in indicators for batch in part.batches())
    columns = frozenset(name for part in indicators for name in part.columns)
    yield from _streamed(pieces, funds, projects, fields, options, policy, columns)


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
    result: BulkResult | Iterable[BulkResult] | Mapping[str, Sequence[Mapping[str, Any]]],
    folder: str | Path,
    fmt: OutFormat = "parquet",
) -> list[Path]:
    """Write a score (:class:`~perfeval.bulk.BulkResult`: ``projects`` and ``indicators``)
    or rows by name (``tables``, ``findings``) into *folder* (made if missing), one file
    per part named after it (``projects.parquet``); the paths written.

    A stream of scores (what :func:`stream_row_files` or
    :func:`perfeval.bulk.score_batches` give) is written as it comes: each result
    appended to the two files, so that only one is held at a time (a refusal met on the
    way leaves the files holding the results before it)."""
    from perfeval.bulk import BulkResult

    out = Path(folder)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DocumentError(f"cannot make the output folder: {error}", field=str(out)) from None
    if not isinstance(result, BulkResult | Mapping):
        return _write_stream(iter(result), out, fmt)
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


_SCORE_PARTS: Final = ("projects", "indicators")


def _write_stream(results: Iterator[BulkResult], out: Path, fmt: OutFormat) -> list[Path]:
    """Write each of *results* as it comes, appended to ``projects`` and ``indicators``
    (a Parquet writer per file, or CSV with the header written once)."""
    from perfeval.bulk import score_rows

    first = next(results, None) or score_rows()  # no result: the empty tables, with columns
    paths = [out / f"{name}.{fmt}" for name in _SCORE_PARTS]
    with contextlib.ExitStack() as stack:
        if fmt == "parquet":
            parquet = _arrow().parquet
            writers = [
                stack.enter_context(parquet.ParquetWriter(path, getattr(first, name).schema))
                for path, name in zip(paths, _SCORE_PARTS, strict=True)
            ]
            for result in itertools.chain([first], results):
                for writer, name in zip(writers, _SCORE_PARTS, strict=True):
                    writer.write_table(getattr(result, name))
            return paths
        streams = [
            stack.enter_context(path.open("w", encoding="utf-8", newline="")) for path in paths
        ]
        for index, result in enumerate(itertools.chain([first], results)):
            for stream, name in zip(streams, _SCORE_PARTS, strict=True):
                _append_csv(getattr(result, name), stream, header=index == 0)
    return paths


def _append_csv(table: Any, stream: IO[str], *, header: bool) -> None:
    """The rows of the Arrow *table* appended to the CSV *stream* as
    :func:`perfeval.rows.to_csv` writes them, its header line only if *header*."""
    from perfeval.rows import to_csv

    text = io.StringIO()
    to_csv(table.to_pylist(), text, columns=table.column_names)
    written = text.getvalue()
    stream.write(written if header else written[written.index("\n") + 1 :])
