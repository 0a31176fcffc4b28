"""Batches of files: folders and globs, errors beside results, progress, parallel workers.

An edge module. :func:`audit_files` and :func:`score_files` run over files (expand
folders and globs with :func:`expand_paths`), report progress through a callback, and
return one :class:`FileResult` per file in input order: the table's rows (see
:mod:`perfeval.rows`) or, for a file that cannot be used, an error naming the file and
the reason; a bad file never aborts the batch. Worker processes receive paths and send
back rows, which cost far less to move between processes than the objects they are made
from. Every file of a batch is read by :func:`perfeval.kinds.read_named_forms`: every
form it holds (自评表, rubrics, score-coefficient tables, department forms, and their
documents) gives a result. :func:`read_documents` reads the 自评表 alone.

>>> from perfeval.seed import seed_document
>>> table = read_document("2-3.json", seed_document("2-3").encode())
>>> table.project
'工作经费'
"""

from __future__ import annotations

import glob
import io
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path, PurePath
from typing import IO, Any, Final

import attrs

from perfeval._convert import whole_number
from perfeval.audit import audit
from perfeval.batch import worker_count, worker_pool
from perfeval.document import loads
from perfeval.errors import DocumentError, PerfevalError
from perfeval.limits import DEFAULT_LIMITS, Limits, read_source
from perfeval.policy import Policy, registered_policies
from perfeval.rows import (
    Row,
    finding_row,
    form_item_rows,
    form_key_row,
    form_row,
    indicator_rows,
    key_row,
    table_row,
)
from perfeval.table import Table, policy_of, score_table

__all__ = [
    "SUFFIXES",
    "BatchResult",
    "FileResult",
    "Progress",
    "SkippedFile",
    "audit_files",
    "expand_paths",
    "progress_bar",
    "read_document",
    "read_documents",
    "read_file",
    "read_path",
    "run_files",
    "scan_paths",
    "score_files",
    "skip_reason",
]

#: The file suffixes :func:`expand_paths` collects from folders.
SUFFIXES: Final = (
    ".json", ".toml", ".xlsx", ".xlsm", ".docx", ".xls", ".xml", ".html", ".htm", ".mhtml",
    ".mht", ".pdf",
)  # fmt: skip
#: A progress callback: called with the number of files done and the total.
Progress = Callable[[int, int], None]


def _is_document(name: str) -> bool:
    return PurePath(name).suffix.lower() in (".json", ".toml")


def read_documents(
    name: str, data: bytes, *, limits: Limits = DEFAULT_LIMITS
) -> list[tuple[str, Table]]:
    """Every table in *data*, each with its name: a ``.json`` or ``.toml`` document (by
    the suffix of *name*) through :func:`perfeval.document.loads` within *limits*; any
    other file through :func:`perfeval.readers.read_tables`, which recognises .xlsx,
    .docx, .xls and XML 2003 by their first bytes and reads every table they hold.
    Everything that reads a file of a batch goes through here. Raises
    :class:`~perfeval.errors.DocumentError` (or :class:`~perfeval.errors.LimitError`)."""
    if _is_document(name):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DocumentError("not UTF-8 text") from None
        return [(name, loads(text, format=PurePath(name).suffix.lower()[1:], limits=limits))]
    from perfeval.readers import read_tables

    buffer = io.BytesIO(data)
    buffer.name = name  # errors name the file, not <file>
    found = read_tables(buffer)
    if len(found) == 1:
        return [(name, found[0].table)]
    return [(f"{name}#{item.name}", item.table) for item in found]


def read_document(name: str, data: bytes) -> Table:
    """The first table in *data* (see :func:`read_documents`)."""
    return read_documents(name, data)[0][1]


def read_file(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> Table:
    """The first table in the file at *path* (see :func:`read_documents`), read as
    :func:`read_path` reads it."""
    name = os.fspath(path)
    return read_documents(name, read_path(name, limits=limits), limits=limits)[0][1]


def read_path(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of the file at *path*, through :func:`perfeval.limits.read_source`: a
    regular file only (a FIFO, a device or a folder is refused before it is opened), read
    up to ``limits.max_bytes`` for a .json/.toml document, ``max_workbook_bytes`` for any
    other file."""
    name = os.fspath(path)
    return read_source(name, limits=limits, workbook=not _is_document(name))


@attrs.frozen
class SkippedFile:
    """A file of a folder or glob that is not read as a table, and why."""

    path: str
    reason: str


#: Why a file with one of these suffixes is not a table perfeval reads.
_NOT_TABLES: Final = {
    ".doc": "an old Word .doc document; save it as .docx",
    ".wps": "a WPS document; save it as .docx",
    ".et": "a WPS spreadsheet; save it as .xlsx",
    ".ods": "an OpenDocument spreadsheet; save it as .xlsx",
    ".odt": "an OpenDocument text; save it as .docx",
    ".csv": "a CSV file, not a 自评表; save the table as .xlsx",
}


def _is_lock_file(name: str) -> bool:
    """Whether *name* is the lock file Office or WPS (``~$a.xlsx``) or LibreOffice
    (``.~lock.a.xlsx#``) leaves beside a file that is open."""
    return name.startswith(("~$", ".~lock."))


def skip_reason(path: str | os.PathLike[str], *, suffixes: Sequence[str] = SUFFIXES) -> str | None:
    """Why the file at *path* is passed over in a folder (not a table file: ``.txt``,
    ``.doc``, ``.csv`` …, or an Office lock file ``~$a.xlsx``), else ``None``.

    >>> skip_reason("2023/~$2-1.xlsx")
    'an Office lock file (the file beside it is open in Excel or WPS), not a table'
    >>> skip_reason("2023/2-1.xlsx") is None
    True
    """
    name = PurePath(os.fspath(path)).name
    if _is_lock_file(name):
        return "an Office lock file (the file beside it is open in Excel or WPS), not a table"
    suffix = PurePath(name).suffix.lower()
    if suffix in suffixes:
        return None
    if suffix in _NOT_TABLES:
        return _NOT_TABLES[suffix]
    shown = f"a {suffix} file" if suffix else "a file without a suffix"
    return f"{shown}, not a table file ({', '.join(suffixes)})"


def scan_paths(
    items: Iterable[str | os.PathLike[str]], *, suffixes: Sequence[str] = SUFFIXES
) -> tuple[list[str], list[SkippedFile]]:
    """The files named by *items* (as :func:`expand_paths` gives them) and the files
    passed over, each with the reason: in a folder, every file without one of *suffixes*
    (folders whose name starts with ``.``, such as ``.git``, are not entered); anywhere,
    an Office lock file (``~$a.xlsx``), which is never a table."""
    found: dict[str, None] = {}
    skipped: dict[str, str] = {}

    def add(path: str, reason: str | None) -> None:
        if reason is None:
            found[path] = None
        elif path not in found:
            skipped[path] = reason

    for item in items:
        text = os.fspath(item)
        if os.path.isdir(text):
            for path in sorted(Path(text).rglob("*")):
                hidden = any(part.startswith(".") for part in path.relative_to(text).parts[:-1])
                if path.is_file() and not hidden:
                    add(str(path), skip_reason(path, suffixes=suffixes))
        elif glob.has_magic(text):
            matches = sorted(p for p in glob.glob(text, recursive=True) if os.path.isfile(p))
            for match in matches or [text]:
                lock = _is_lock_file(PurePath(match).name)
                add(match, skip_reason(match) if lock else None)
        else:
            add(text, skip_reason(text) if _is_lock_file(PurePath(text).name) else None)
    return list(found), [SkippedFile(path, reason) for path, reason in skipped.items()]


def expand_paths(
    items: Iterable[str | os.PathLike[str]], *, suffixes: Sequence[str] = SUFFIXES
) -> list[str]:
    """The files named by *items*, in order and without repeats: a folder gives the files
    with one of *suffixes* below it (sorted), a glob (``data/**/*.json``) the files it
    matches (sorted), anything else itself. A glob that matches nothing is kept as it
    is, so that the batch reports it instead of dropping it. Office lock files
    (``~$a.xlsx``) are left out; :func:`scan_paths` also says what was left out and why."""
    return scan_paths(items, suffixes=suffixes)[0]


@attrs.frozen(kw_only=True)
class FileResult:
    """What one form of a batch gave: its rows, or the reason its file could not be used.
    A workbook or report holding several forms gives one result per form, each named
    ``path#sheet`` in its rows. A 自评表 gives its :attr:`table` row; every form (a
    rubric, a score-coefficient table, a department form, and a 自评表 too) its
    :attr:`form` row."""

    index: int
    """The file's position in the input."""
    path: str
    table: Row | None = None
    """The table row (:data:`perfeval.rows.TABLE_COLUMNS`); ``None`` on error."""
    findings: tuple[Row, ...] = ()
    """The finding rows (:data:`perfeval.rows.FINDING_COLUMNS`); none when scoring."""
    indicators: tuple[Row, ...] = ()
    """The indicator rows, when asked for."""
    form: Row | None = None
    """The form row (:data:`perfeval.rows.FORM_COLUMNS`: its kind, total, grade and
    counts); ``None`` on error."""
    items: tuple[Row, ...] = ()
    """The form's scored rows (:data:`perfeval.rows.FORM_ITEM_COLUMNS`), when the
    indicator rows are asked for."""
    notes: tuple[str, ...] = ()
    """The table's notes (:attr:`perfeval.table.Table.notes`: a formula cell saved without
    its value …)."""
    error: str | None = None
    """Why the file could not be used, naming the file: ``a.json: indicators[2].weight: …``."""

    @property
    def ok(self) -> bool:
        """Whether the file was read and scored."""
        return self.error is None


@attrs.frozen(kw_only=True)
class BatchResult:
    """Every file's result, in input order."""

    results: tuple[FileResult, ...]
    audited: bool
    """Whether the tables were audited (else only scored)."""
    skipped: tuple[SkippedFile, ...] = ()
    """The files of the batch's folders and globs that were not read (see
    :func:`scan_paths`); the caller sets them, :func:`run_files` reads only paths."""

    @property
    def errors(self) -> tuple[FileResult, ...]:
        """The files that could not be used."""
        return tuple(item for item in self.results if item.error is not None)

    def table_rows(self) -> list[Row]:
        """One row per table read (see :mod:`perfeval.rows`)."""
        return [item.table for item in self.results if item.table is not None]

    def finding_rows(self) -> list[Row]:
        """One row per finding, over every table."""
        return [row for item in self.results for row in item.findings]

    def indicator_rows(self) -> list[Row]:
        """One row per indicator, over every table (when the batch kept them)."""
        return [row for item in self.results for row in item.indicators]

    def form_rows(self) -> list[Row]:
        """One row per form of every kind read (the 自评表 too), in input order."""
        return [item.form for item in self.results if item.form is not None]

    def form_item_rows(self) -> list[Row]:
        """One row per scored row of every form (when the batch kept them)."""
        return [row for item in self.results for row in item.items]

    def form_list(self) -> list[dict[str, Any]]:
        """One row per form other than the 自评表, in input order: ``file``, ``sheet``
        (as in :meth:`table_list`) and the form row's columns
        (:data:`perfeval.rows.FORM_COLUMNS`)."""
        listed: list[dict[str, Any]] = []
        for item in self.results:
            if item.form is None or item.table is not None:
                continue
            name = str(item.form.get("table_name"))
            sheet = name[len(item.path) + 1 :] if name.startswith(f"{item.path}#") else None
            listed.append({"file": item.path, "sheet": sheet, **item.form})
        return listed

    def table_list(self) -> list[dict[str, Any]]:
        """One row per table read, in input order: ``file`` (the path), ``sheet`` (the
        sheet or table's name when the file holds several, else ``None``), the table
        row's columns (:data:`perfeval.rows.TABLE_COLUMNS`) and ``notes``, the table's
        notes as a list of texts."""
        listed: list[dict[str, Any]] = []
        for item in self.results:
            if item.table is None:
                continue
            name = str(item.table.get("table_name"))
            sheet = name[len(item.path) + 1 :] if name.startswith(f"{item.path}#") else None
            listed.append(
                {"file": item.path, "sheet": sheet, **item.table, "notes": list(item.notes)}
            )
        return listed

    def error_rows(self) -> list[Row]:
        """One row per file that could not be used: ``table_index``, ``path``, ``error``."""
        return [
            {"table_index": item.index, "path": item.path, "error": item.error}
            for item in self.errors
        ]


def _one(
    index: int,
    path: str,
    audited: bool,
    policy: Policy | None,
    indicators: bool,
    limits: Limits,
    known: Mapping[str, Policy] | None = None,
) -> list[FileResult]:
    """Every table of the file at *path* scored or audited, one result each; a file that
    cannot be used gives one result with its error. A table naming a policy by id finds
    it in *known* (what the parent process knew), else among this process's."""
    try:
        from perfeval.department_form import DepartmentForm
        from perfeval.kinds import audit_form, forms_in_order, read_named_forms, table_audit
        from perfeval.layout import FoundTable

        forms = list(forms_in_order(read_named_forms(path, read_path(path, limits=limits),
                                                     limits=limits)))  # fmt: skip
        done = []
        for sheet, _, form in forms:
            name = path if len(forms) == 1 else f"{path}#{sheet}"
            if not isinstance(form, FoundTable):  # a rubric, a coefficient or department form
                own = (
                    policy_of(form.table, policy, known=known)
                    if isinstance(form, DepartmentForm)
                    else None
                )
                item = audit_form(sheet, form, policy or own)
                key = form_key_row(item, index=index, name=name)
                done.append(
                    FileResult(
                        index=index,
                        path=path,
                        form=form_row(key, item, audited=audited),
                        findings=tuple(finding_row(key, f) for f in item.findings)
                        if audited
                        else (),
                        items=tuple({**row, **key} for row in form_item_rows([item]))
                        if indicators
                        else (),
                    )
                )
                continue
            table = form.table
            chosen = policy_of(table, policy, known=known)
            if audited:
                report = audit(table, chosen)
                card, findings = report.scorecard, report.findings
            else:
                card, findings = score_table(table, chosen), ()
            key = key_row(card, index=index, name=name)
            scored = table_audit(sheet, report if audited else card)
            done.append(
                FileResult(
                    index=index,
                    path=path,
                    table=table_row(key, card, findings if audited else None),
                    form=form_row(key, scored, audited=audited),
                    findings=tuple(finding_row(key, finding) for finding in findings),
                    indicators=tuple(
                        {**row, "table_index": index}
                        for row in indicator_rows([card], names=[name])
                    )
                    if indicators
                    else (),
                    items=tuple({**row, **key} for row in form_item_rows([scored]))
                    if indicators
                    else (),
                    notes=table.notes,
                )
            )
        return done
    except PerfevalError as error:
        shown = str(error)
        reason = shown if shown.startswith(f"{path}:") else f"{path}: {shown}"
        return [FileResult(index=index, path=path, error=reason)]
    except OSError as error:
        return [FileResult(index=index, path=path, error=f"{path}: {error.strerror or error}")]
    except Exception as error:  # never abort a batch; say what happened instead
        reason = f"unexpected {type(error).__name__}: {error}"
        return [FileResult(index=index, path=path, error=f"{path}: {reason}")]


def _file_chunk(
    chunk: tuple[int, list[str]],
    audited: bool,
    policy: Policy | None,
    indicators: bool,
    limits: Limits,
    known: Mapping[str, Policy],
) -> list[FileResult]:
    start, paths = chunk
    return [
        result
        for offset, path in enumerate(paths)
        for result in _one(start + offset, path, audited, policy, indicators, limits, known)
    ]


def run_files(
    paths: Iterable[str | os.PathLike[str]],
    *,
    audited: bool = True,
    policy: Policy | None = None,
    workers: int | None = 0,
    chunk_size: int | None = None,
    progress: Progress | None = None,
    indicators: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> BatchResult:
    """Score or audit every file of *paths*, never aborting; results in input order.

    *policy*: the policy for every table; ``None`` (the default) uses each table's own
    ``policy`` field, else ``mof-2020``. *workers*: 0 runs in this process, a number (or
    ``None``, one per core) that many processes, each sent *chunk_size* paths at a time
    (default: enough chunks to keep every worker busy and the progress moving).
    *progress* is called with (files done, total) as results arrive. *indicators* keeps
    the indicator rows (and every form's scored rows) too. Each file is read by
    :func:`read_path` and :func:`perfeval.kinds.read_named_forms` within *limits*: every
    form it holds (自评表, rubrics, score-coefficient tables, department forms, and
    their JSON or TOML documents) gives a result."""
    count = worker_count(workers)  # checked before any file is read
    if chunk_size is not None:
        chunk_size = whole_number(chunk_size, "chunk_size", least=1)
    names = [os.fspath(path) for path in paths]
    total = len(names)
    if progress is not None:
        progress(0, total)
    results: list[FileResult] = []
    if count == 0 or total == 0:
        for index, path in enumerate(names):
            results.extend(_one(index, path, audited, policy, indicators, limits))
            if progress is not None:
                progress(index + 1, total)
        return BatchResult(results=tuple(results), audited=audited)
    size = chunk_size or max(1, min(200, -(-total // (count * 8))))
    chunks = [(start, names[start : start + size]) for start in range(0, total, size)]
    count = worker_count(workers, len(chunks))
    # The policies this process knows by id (built-in, and registered from files), sent
    # with the work: a worker started with spawn knows only the built-in ones.
    known = {known_policy.id: known_policy for known_policy in registered_policies()}
    work = partial(
        _file_chunk,
        audited=audited,
        policy=policy,
        indicators=indicators,
        limits=limits,
        known=known,
    )
    with worker_pool(count) as pool:
        files_done = 0
        for (_, chunk_paths), done in zip(chunks, pool.map(work, chunks), strict=True):
            results.extend(done)
            files_done += len(chunk_paths)
            if progress is not None:
                progress(files_done, total)
    return BatchResult(results=tuple(results), audited=audited)


def audit_files(
    paths: Iterable[str | os.PathLike[str]],
    *,
    policy: Policy | None = None,
    workers: int | None = 0,
    chunk_size: int | None = None,
    progress: Progress | None = None,
    indicators: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> BatchResult:
    """Audit every file of *paths*; the options are those of :func:`run_files`."""
    return run_files(
        paths,
        audited=True,
        policy=policy,
        workers=workers,
        chunk_size=chunk_size,
        progress=progress,
        indicators=indicators,
        limits=limits,
    )


def score_files(
    paths: Iterable[str | os.PathLike[str]],
    *,
    policy: Policy | None = None,
    workers: int | None = 0,
    chunk_size: int | None = None,
    progress: Progress | None = None,
    indicators: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> BatchResult:
    """Score every file of *paths*; the options are those of :func:`run_files`."""
    return run_files(
        paths,
        audited=False,
        policy=policy,
        workers=workers,
        chunk_size=chunk_size,
        progress=progress,
        indicators=indicators,
        limits=limits,
    )


def progress_bar(*, description: str = "perfeval", file: IO[str] | None = None) -> Progress:
    """A progress callback for :func:`run_files` that shows progress on *file* (standard
    error by default) when it is a terminal, and nothing otherwise: a tqdm bar when tqdm
    is installed (``pip install 'perfeval[progress]'``), else a plain counter rewritten in
    place, ``\\rperfeval: 12/40 files``, ended by a new line when the last file is done."""
    try:
        from tqdm import tqdm
    except ImportError:
        return _counter(description, file)
    bar: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc=description, unit="file", file=file, disable=None)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return update


def _counter(description: str, file: IO[str] | None) -> Progress:
    """The progress callback of the base install: ``\\r{description}: done/total files`` on
    a terminal, nothing elsewhere (a log file does not fill with carriage returns)."""
    shown: bool | None = False

    def update(done: int, total: int) -> None:
        nonlocal shown
        stream = file if file is not None else sys.stderr
        if stream is None or shown is None:
            return
        try:
            if not shown and not stream.isatty():
                shown = None
                return
            stream.write(f"\r{description}: {done}/{total} files")
            if done >= total:
                stream.write("\n")
            stream.flush()
            shown = True
        except (OSError, ValueError):  # a closed or broken terminal: stop showing progress
            shown = None

    return update
