"""The command line: ``perfeval demo | score FILE... | audit FILE... | export FILE |
forms FILE | monitor FILE | department FILE | policies | schema``.

It parses arguments, reads files, dispatches to the library and sets the exit code;
what is printed is built by :mod:`perfeval.output` (JSON) and :mod:`perfeval.render`
(text, Markdown). Several files, folders or globs make a batch (:mod:`perfeval.files`).

Exit codes: 0 done (no error finding), 1 done with at least one error finding (audit),
2 the input could not be used at all (in a batch: a file could not be used), with one
line on standard error naming the file and the place; 130 on Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

import attrs

from perfeval._convert import whole_number
from perfeval.document import (
    DOCUMENT_SHAPE,
    FORMAT,
    department_from_mapping,
    monitoring_from_mapping,
    parse_document,
    parse_json,
    schema,
    table_from_mapping,
    table_shape,
)
from perfeval.errors import LimitError, PerfevalError
from perfeval.findings import Finding
from perfeval.limits import DEFAULT_LIMITS, Limits, read_source, read_text
from perfeval.policy import MOF_2020, Policy, get_policy, registered_policies
from perfeval.table import Table, score_table

__all__ = ["main"]


class _InputError(Exception):
    """Input that cannot be used: reported on one line, exit code 2."""


_FORMATS = ("text", "json", "markdown")


def _workers(text: str) -> int:
    """``--workers``: 0 or a positive whole number, as every batch takes it
    (:func:`perfeval.batch.worker_count`, which also caps it at the cores and the work)."""
    try:
        return whole_number(int(text), "--workers", least=0)
    except (ValueError, PerfevalError):
        raise argparse.ArgumentTypeError(
            f"expected 0 or a positive whole number, not {text!r}"
        ) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="perfeval",
        description="Score and audit 项目支出绩效自评表 (performance self-evaluation tables).",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="print the version")
    locale = _default_locale()
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def policy_file(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--policy-file",
            metavar="F",
            action="append",
            default=[],
            help="a policy file (TOML or JSON, perfeval.policy/1): its policy is known by its "
            "id and used unless --policy names another (may be given more than once)",
        )

    def limit(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--limit",
            metavar="NAME=N",
            action="append",
            default=[],
            help="raise (or lower) one of the input limits, e.g. --limit max_rows=200000 "
            "(may be given more than once; see docs/robustness.md)",
        )

    def source(sub: argparse.ArgumentParser, sheet_help: str) -> None:
        """How the input file is read: its format, and which of its sheets."""
        sub.add_argument(
            "--input-format",
            choices=("json", "toml", "xlsx", "docx", "xls"),
            help="json or toml for a document (default: .json/.toml by name); any other file "
            "(.xlsx, .docx, .xls, XML 2003) is recognised by its first bytes",
        )
        sub.add_argument("--sheet", metavar="NAME", help=sheet_help)

    def output(sub: argparse.ArgumentParser, formats: tuple[str, ...] = _FORMATS) -> None:
        sub.add_argument(
            "--format", choices=formats, default="text", help="the output format (default: text)"
        )
        sub.add_argument(
            "--locale",
            choices=("zh_CN", "en"),
            default=locale,
            help="the language of text and Markdown output (default: en when LC_ALL, "
            "LC_MESSAGES or LANG, the first one set, starts with en; else zh_CN)",
        )

    def common(sub: argparse.ArgumentParser, formats: tuple[str, ...] = _FORMATS) -> None:
        output(sub, formats)
        sub.add_argument(
            "--policy", metavar="ID", help="policy id (default: the table's own, else mof-2020)"
        )
        policy_file(sub)
        sub.add_argument("--explain", action="store_true", help="explain every score in a sentence")

    demo = commands.add_parser("demo", help="score and audit the embedded 2023 Huaihua report")
    common(demo)
    for name, text in (("score", "score a table document"), ("audit", "audit a table document")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument(
            "files",
            metavar="FILE",
            nargs="+",
            help="a JSON or TOML document, an .xlsx/.xls workbook or a .docx report, or - for "
            "stdin; every table it holds is read. Several files, folders or globs make a "
            "batch: each file is read on its own, errors are listed, the summary is printed",
        )
        sub.add_argument(
            "--rows",
            choices=("tables", "funds", "indicators", "findings", "forms", "form-items"),
            help="with --format csv: which rows (default: indicators for score, findings for "
            "audit; a batch prints its summary unless --rows is given). tables, funds and "
            "indicators are the 自评表's; forms (one row per form of any kind) and "
            "form-items (one row per scored row of every form) show every form",
        )
        sub.add_argument(
            "--summary", action="store_true", help="print the batch summary even for one file"
        )
        sub.add_argument("--html", metavar="OUT", help="also write the batch's HTML summary page")
        sub.add_argument(
            "--workers", type=_workers, default=0, metavar="N",
            help="score a batch in N processes (0: in this one; at most one per core)",
        )  # fmt: skip
        source(sub, "read only this sheet (a name, or a 0-based index among the visible ones)")
        common(sub, (*_FORMATS, "csv"))
        limit(sub)
        sub.add_argument(
            "--out", metavar="DIR",
            help="files of standard rows (.parquet, .csv): write the results into DIR "
            "(projects and indicators for score, tables and findings for audit)",
        )  # fmt: skip
        sub.add_argument(
            "--out-format", choices=("parquet", "csv"), default="parquet",
            help="with --out: the files' format (default: parquet)",
        )  # fmt: skip
        sub.add_argument(
            "--floats", action="store_true",
            help="files of standard rows: read float cells through their shortest repr "
            "(default: a float is refused, not being exact)",
        )  # fmt: skip
    export = commands.add_parser(
        "export",
        help="write a table as the official 自评表, or a rubric, score-coefficient table or "
        "department form in its printed layout: an .xlsx workbook, a .docx report",
    )
    export.add_argument(
        "file",
        metavar="FILE",
        help="a JSON or TOML document, an .xlsx/.xls workbook or a .docx report (read as "
        "score and audit read it), or - for stdin",
    )
    export.add_argument("--xlsx", metavar="OUT", help="write the table as this .xlsx workbook")
    export.add_argument(
        "--docx",
        metavar="OUT",
        help="write the table as this Word document (A4, the official form)",
    )
    source(
        export, "the sheet or table to write when FILE holds several (a name, or a 0-based index)"
    )
    export.add_argument(
        "--scored",
        action="store_true",
        help="fill the score cells with perfeval's scores instead of the printed ones",
    )
    export.add_argument(
        "--policy",
        metavar="ID",
        help="policy id for --scored (default: the table's own, else mof-2020)",
    )
    policy_file(export)
    limit(export)
    for name, text in (
        ("monitor", "check a mid-year monitoring table (perfeval.monitoring/1)"),
        ("department", "score and audit a department evaluation tree (perfeval.department/1)"),
    ):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("file", metavar="FILE", help="a JSON document, or - for stdin")
        output(sub)
        limit(sub)
        if name == "department":
            sub.add_argument(
                "--policy", metavar="ID", help="policy id (default: the tree's own, else mof-2020)"
            )
            policy_file(sub)
    forms = commands.add_parser(
        "forms",
        help="score and audit every form a workbook or Word report holds: 自评表, rubrics "
        "(评分表), score-coefficient tables, 部门整体支出绩效自评表",
    )
    forms.add_argument(
        "file",
        metavar="FILE",
        help="an .xlsx/.xls workbook, a .docx report, a JSON or TOML document (a 自评表 or "
        "a form document), or - for stdin",
    )
    forms.add_argument("--sheet", metavar="NAME", help="read only this sheet or Word table")
    forms.add_argument(
        "--policy", metavar="ID", help="policy id (default: a table's own, else mof-2020)"
    )
    output(forms, ("text", "json"))
    schema_command = commands.add_parser(
        "schema", help="print the JSON Schema of the input document (or of a form document)"
    )
    schema_command.add_argument(
        "document_format",
        metavar="FORMAT",
        nargs="?",
        default=FORMAT,
        choices=(
            FORMAT,
            "perfeval.rubric/1",
            "perfeval.coefficient/1",
            "perfeval.department-form/1",
        ),
        help=f"the document format (default: {FORMAT}, the 自评表's)",
    )
    policies = commands.add_parser("policies", help="list the known policies")
    output(policies)
    policies.add_argument(
        "--file", metavar="F", action="append", default=[], dest="policy_file",
        help="also read this policy file (and show it)",
    )  # fmt: skip
    return parser


def _default_locale() -> str:
    """``en`` when the environment asks for English, else ``zh_CN``: the first of
    ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set and not empty decides, as it does
    for the messages of other programs (``LC_ALL=C`` keeps zh_CN)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "en" if value.lower().startswith("en") else "zh_CN"
    return "zh_CN"


class _Version(argparse.Action):
    """--version, looked up only when asked for (importlib.metadata costs a start-up)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        parser.exit(message=f"perfeval {_version()}\n")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("perfeval")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def _xlsx() -> Any:
    try:
        from perfeval import spreadsheet
    except ImportError:
        raise _InputError(".xlsx files need the xlsx extra: pip install 'perfeval[xlsx]'") from None
    return spreadsheet


def _read(file: str, input_format: str | None, stdin: TextIO, limits: Limits) -> Table | _Part:
    """The table in the JSON or TOML document *file* (or a serialized Table), or the form
    a form document (``perfeval.rubric/1`` …) holds."""
    try:
        text = read_text(file, stdin=stdin, limits=limits)
        kind = input_format or ("toml" if file.lower().endswith(".toml") else "json")
        data = parse_document(text, format=kind, limits=limits)
        if isinstance(data, dict) and data.get("format") not in (None, FORMAT):
            from perfeval.kinds import forms_in_order, forms_of_document, is_form_document

            if is_form_document(data):
                for name, form_kind, form in forms_in_order(forms_of_document(data, name=file)):
                    return _Part(name=name, kind=form_kind, form=form)
        if table_shape(data) == DOCUMENT_SHAPE:
            return table_from_mapping(data, limits=limits)
        try:
            from perfeval.serialization import table_from_data
        except ImportError:
            raise _InputError(
                f"{file}: a serialized Table; reading it needs the serialization extra: "
                "pip install 'perfeval[serialization]'"
            ) from None
        table, shape = table_from_data(data)
    except PerfevalError as error:
        raise _InputError(_about(file, error)) from None
    _say(f"{file}: read as {shape}")
    return table


def _about(file: str, error: PerfevalError) -> str:
    """*error* as one line naming *file* once (and, for a limit, the option that raises
    it)."""
    text = str(error)
    for name in (file, "<workbook>", "<bytes>"):
        if error.field == name and text.startswith(f"{name}: "):
            text = text[len(name) + 2 :]
    if isinstance(error, LimitError) and error.limit:
        text += f"; on the command line: --limit {error.limit}=N"
    return f"{file}: {text}"


def _limits(args: argparse.Namespace) -> Limits:
    """The input limits of a run: the defaults, with each --limit NAME=N applied."""
    given: dict[str, int] = {}
    known = [field.name for field in attrs.fields(Limits)]
    for item in getattr(args, "limit", None) or []:
        name, equals, number = item.partition("=")
        name = name.strip()
        if not equals or name not in known:
            raise _InputError(
                f"--limit {item}: expected NAME=N with NAME one of {', '.join(known)}"
            )
        try:
            given[name] = int(number.strip().replace("_", ""))
        except ValueError:
            raise _InputError(f"--limit {item}: {number!r} is not a whole number") from None
    try:
        return attrs.evolve(DEFAULT_LIMITS, **given)
    except PerfevalError as error:
        raise _InputError(f"--limit: {error}") from None


def _policy_files(args: argparse.Namespace) -> Policy | None:
    """Read and register every --policy-file; the last one's policy, if any."""
    files = getattr(args, "policy_file", None) or []
    if not files:
        return None
    from perfeval.policy_files import read_policy

    chosen = None
    for file in files:
        try:
            chosen = read_policy(file, register=True)
        except PerfevalError as error:
            raise _InputError(f"--policy-file {file}: {error}") from None
    return chosen


def _policy(
    args: argparse.Namespace, table: Table | None, source: str, requested: str | None = None
) -> Policy:
    """The policy of a run: --policy, else the last --policy-file's, else the one the input
    names (*requested* for a department tree, the table's ``policy``), else mof-2020."""
    if args.policy is None and args.file_policy is not None:
        return args.file_policy  # type: ignore[no-any-return]
    requested = args.policy or requested
    wanted = requested or (table.policy if table is not None else None)
    if not wanted:
        return MOF_2020
    try:
        return get_policy(wanted)
    except PerfevalError as error:
        where = "--policy" if requested else f"{source}: policy"
        raise _InputError(f"{where}: {error.reason} (got {wanted!r})") from None


def _emit(out: TextIO, data: Any) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _policies(args: argparse.Namespace, out: TextIO) -> int:
    from perfeval.render import render_policies

    known = registered_policies()
    if args.format == "json":
        _emit(out, [{"id": p.id, "title": p.title, "title_zh": p.title_zh} for p in known])
    else:
        markdown = args.format == "markdown"
        out.write(render_policies(list(known), locale=args.locale, markdown=markdown) + "\n")
    return 0


def _located(findings: Sequence[Finding], cells: dict[str, str]) -> list[Finding]:
    """Findings whose path also names the workbook cell, for people reading a workbook."""
    if not cells:
        return list(findings)
    from perfeval.spreadsheet import cell_of

    located = []
    for finding in findings:
        cell = cell_of(finding.where, cells)
        located.append(
            attrs.evolve(finding, where=f"{finding.where} ({cell})") if cell else finding
        )
    return located


@attrs.frozen(kw_only=True)
class _Part:
    """One form of an input file: a 自评表 (*table*, where its cells are) or another form
    (*form*: a rubric, a score-coefficient table, a department form)."""

    name: str
    kind: str
    """``table``, ``rubric``, ``coefficient`` or ``department``."""
    table: Table | None = None
    cells: dict[str, str] = attrs.field(factory=dict)
    form: Any = None


def _read_parts(
    file: str, input_format: str | None, stdin: TextIO, sheet: str | None, limits: Limits
) -> list[_Part]:
    """Every form in *file*, in file order: a JSON/TOML document (a 自评表 or a form
    document), or every form a workbook or Word report holds (sniffed by their first
    bytes, read by :func:`perfeval.kinds.read_forms`)."""
    suffix = os.path.splitext(file)[1].lower() if file != "-" else ""
    if input_format in ("json", "toml") or (input_format is None and suffix in (".json", ".toml")):
        read = _read(file, input_format, stdin, limits)
        return [read if isinstance(read, _Part) else _Part(name=file, kind="table", table=read)]
    from perfeval.kinds import forms_in_order, read_forms
    from perfeval.layout import FoundTable

    try:
        binary = getattr(stdin, "buffer", stdin)
        source = read_source(file, stdin=binary, workbook=True, limits=limits)
        index: str | int | None = int(sheet) if sheet is not None and sheet.isdigit() else sheet
        forms = read_forms(source, sheet=index)
    except PerfevalError as error:
        raise _InputError(_about(file, error)) from None
    return [
        _Part(name=name, kind=kind, table=form.table, cells=dict(form.cells))
        if isinstance(form, FoundTable)
        else _Part(name=name, kind=kind, form=form)
        for name, kind, form in forms_in_order(forms)
    ]


def _kind_name(kind: str) -> str:
    from perfeval.kinds import kind_label

    return f"a form of kind {kind} ({kind_label(kind)})"


def _is_batch(args: argparse.Namespace) -> bool:
    import glob

    files = args.files
    many = len(files) > 1 or os.path.isdir(files[0]) or glob.has_magic(files[0])
    return many or args.summary or args.html is not None


def _batch(args: argparse.Namespace, out: TextIO) -> int:
    from perfeval.files import run_files, scan_paths

    if "-" in args.files:
        raise _InputError("-: standard input cannot be part of a batch; name the files")
    paths, skipped = scan_paths(args.files)
    if not paths:
        passed = "; ".join(f"{item.path}: {item.reason}" for item in skipped)
        raise _InputError(
            f"{' '.join(args.files)}: no table files found"
            + (f" (skipped {passed})" if passed else "")
        )
    progress = None
    if sys.stderr.isatty():
        from perfeval.files import progress_bar

        progress = progress_bar()
    policy = _policy(args, None, "batch") if args.policy or args.file_policy else None
    batch = run_files(
        paths,
        audited=args.command == "audit",
        policy=policy,
        workers=args.workers,
        progress=progress,
        indicators=args.rows in ("indicators", "form-items"),
        limits=args.limits,
    )
    batch = attrs.evolve(batch, skipped=tuple(skipped))
    for item in batch.errors:
        sys.stderr.write("perfeval: " + " ".join(str(item.error).split()) + "\n")
    if args.html:
        from perfeval.summary import render_batch_html

        try:
            from pathlib import Path

            Path(args.html).write_text(render_batch_html(batch, locale=args.locale), "utf-8")
        except OSError as error:
            raise _InputError(f"{args.html}: cannot write: {error.strerror}") from None
    unshown = 0
    if args.format == "csv" and args.rows is not None:
        from perfeval.rows import to_csv

        chosen = {
            "tables": batch.table_rows,
            "findings": batch.finding_rows,
            "indicators": batch.indicator_rows,
            "forms": batch.form_rows,
            "form-items": batch.form_item_rows,
        }.get(args.rows)
        if chosen is None:
            raise _InputError("--rows funds: fund rows are given for one file at a time")
        to_csv(chosen(), out)
        for passed_over in batch.skipped:  # the rows cannot say it: standard error does
            _say(f"skipped {passed_over.path}: {passed_over.reason}")
        _say_notes(batch)
        if args.rows in _TABLE_ROWS:  # what these rows cannot show is said, not dropped
            for form in batch.form_list():
                unshown += 1
                _say(
                    f"{form['table_name']}: holds {_kind_name(str(form['kind']))}, not "
                    f"shown in --rows {args.rows}; use --rows forms, form-items or findings"
                )
    else:
        out.write(_summary_text(batch, args))
    worst = 2 if batch.errors or unshown else 0
    if any(row.get("severity") == "error" for row in batch.finding_rows()):
        worst = max(worst, 1)
    return worst


def _summary_text(batch: Any, args: argparse.Namespace) -> str:
    from perfeval.summary import (
        render_markdown,
        render_text,
        summarize_batch,
        summary_rows,
        summary_to_json,
    )

    summary = summarize_batch(batch)
    skipped = [(item.path, item.reason) for item in batch.skipped]
    if args.format == "json":
        from perfeval.output import batch_to_json

        data = batch_to_json(
            summary_to_json(summary), batch.table_list(), skipped, forms=batch.form_list()
        )
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if args.format == "csv":
        from perfeval.rows import to_csv

        buffer = io.StringIO()
        to_csv(summary_rows(summary), buffer)
        for path, reason in skipped:
            _say(f"skipped {path}: {reason}")
        _say_notes(batch)
        return buffer.getvalue()
    from perfeval.render import render_batch_tables

    markdown = args.format == "markdown"
    render = render_markdown if markdown else render_text
    text = render(summary, locale=args.locale)
    listed = render_batch_tables(
        batch.table_list(),
        skipped,
        locale=args.locale,
        markdown=markdown,
        forms=batch.form_list(),
    )
    return text + ("\n\n" + listed if listed else "") + "\n"


def _say_notes(batch: Any) -> None:
    """Every table's notes on standard error, for output (CSV rows) that cannot hold them."""
    for row in batch.table_list():
        for note in row["notes"]:
            _say(f"note: {row['table_name']}: {note}")


def _row_files_command(args: argparse.Namespace, out: TextIO) -> int:
    """score/audit of files of standard rows (.parquet, .csv): the column path for a score,
    the database reader and the audit for an audit; results to --out or to *out*."""
    from perfeval.database import LoadOptions
    from perfeval.row_files import (
        audit_row_files,
        audit_rows,
        score_row_files,
        stream_row_files,
        write_result,
    )
    from perfeval.rows import to_csv

    audited = args.command == "audit"
    choices = ("tables", "findings") if audited else ("projects", "indicators")
    wanted = args.rows or choices[1 if audited else 0]
    if wanted == "tables" and not audited:
        wanted = "projects"
    if wanted not in choices:
        raise _InputError(
            f"--rows {args.rows}: files of standard rows give "
            f"{' or '.join(choices)} rows for {args.command}"
        )
    policy = _policy(args, None, "files") if args.policy or args.file_policy else None
    options = LoadOptions(floats=args.floats)
    terminal = sys.stderr.isatty()
    if terminal:
        _say(f"reading {len(args.files)} files of standard rows …")
    worst = 0
    parts: dict[str, Any]
    if audited:
        reports = audit_row_files(args.files, options=options, policy=policy)
        parts = audit_rows(reports)
        worst = 1 if any(report.errors for report in reports.values()) else 0
        count = len(reports)
    elif args.out is not None:  # written as the projects come, a record batch at a time
        scored = stream_row_files(args.files, options=options, policy=policy)
        for path in write_result(scored, args.out, args.out_format):
            out.write(f"{path}\n")
        return worst
    else:
        result = score_row_files(args.files, options=options, policy=policy)
        parts = {"projects": result.projects, "indicators": result.indicators}
        count = result.projects.num_rows
    if terminal:
        _say(f"{'audited' if audited else 'scored'} {count} projects")
    if args.out is not None:
        for path in write_result(parts, args.out, args.out_format):
            out.write(f"{path}\n")
        return worst
    chosen = parts[wanted]
    rows: list[dict[str, Any]] = chosen.to_pylist() if hasattr(chosen, "to_pylist") else chosen
    if args.format == "csv":
        to_csv(rows, out)
    elif args.format == "json":
        _emit(out, rows)
    else:  # text and Markdown: the rows as a table
        if hasattr(chosen, "column_names"):
            columns = list(chosen.column_names)
        else:
            from perfeval.rows import COLUMNS

            columns = list(COLUMNS[wanted])
        from perfeval.render import render_rows

        out.write(render_rows(rows, columns, markdown=args.format == "markdown") + "\n")
    return worst


def _table_command(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    from perfeval.audit import audit
    from perfeval.row_files import is_row_file

    rowfiles = [is_row_file(name) for name in args.files]
    if any(rowfiles):
        if not all(rowfiles):
            raise _InputError(
                "files of standard rows (.parquet, .csv) are read together, apart from "
                "table files: give one or the other"
            )
        return _row_files_command(args, out)
    if args.out is not None or args.floats:
        raise _InputError("--out and --floats are for files of standard rows (.parquet, .csv)")
    if _is_batch(args):
        return _batch(args, out)
    if args.format == "json":
        from perfeval.output import scorecard_to_json
    elif args.format != "csv":
        from perfeval.render import render_audit, render_scorecard
    args.file = args.files[0]
    parts = _read_parts(args.file, args.input_format, stdin, args.sheet, args.limits)
    audited = args.command == "audit"
    if args.format == "csv":
        return _rows_command(args, parts, out)
    markdown = args.format == "markdown"
    results: list[dict[str, Any]] = []
    forms: list[dict[str, Any]] = []
    texts: list[str] = []
    worst = 0
    for part in parts:  # each form written in the one format asked for
        if part.table is None:
            item = _form_audit(args, part)
            worst = max(worst, 1 if audited and item.errors else 0)
            if args.format == "json":
                from perfeval.kinds import form_audit_to_json

                forms.append(form_audit_to_json(item, findings=audited))
            else:
                from perfeval.kinds import render_form_audits

                texts.append(
                    render_form_audits([item], args.locale, markdown=markdown, findings=audited)
                )
            continue
        name, table, cells = part.name, part.table, part.cells
        policy = _policy(args, table, args.file)
        if not audited:
            card = score_table(table, policy)
            if args.format == "json":
                data = scorecard_to_json(card)
            else:
                text = render_scorecard(
                    card, locale=args.locale, markdown=markdown, explain=args.explain
                )
        else:
            report = audit(table, policy)
            worst = max(worst, 1 if report.errors else 0)
            if args.format == "json":
                data = scorecard_to_json(report.scorecard, report)
                if cells:
                    from perfeval.spreadsheet import cell_of

                    for item_data in data["findings"]:
                        item_data["cell"] = cell_of(item_data["where"], cells)
            else:
                shown = attrs.evolve(report, findings=tuple(_located(report.findings, cells)))
                text = render_audit(
                    shown, locale=args.locale, markdown=markdown, explain=args.explain
                )
        if args.format == "json":
            results.append({"name": name, **data})
        else:
            texts.append(text if len(parts) == 1 else f"[{name}]\n{text}")
    if args.format == "json":
        if len(results) == 1 and not forms:
            _emit(out, results[0])
        else:
            _emit(
                out,
                {**({"tables": results} if results else {}), **({"forms": forms} if forms else {})},
            )
    else:
        out.write(("\n\n" + "=" * 60 + "\n\n").join(texts) + "\n")
    return worst


def _form_audit(args: argparse.Namespace, part: _Part) -> Any:
    """A form other than the 自评表 scored and audited by the functions of its kind, under
    the run's policy (a department form's own, else mof-2020)."""
    from perfeval.kinds import audit_form

    own = part.form.table if part.kind == "department" else None
    try:
        return audit_form(part.name, part.form, _policy(args, own, args.file))
    except PerfevalError as error:
        raise _InputError(_about(args.file, error)) from None


#: The rows (``--rows``) that hold only 自评表.
_TABLE_ROWS = ("tables", "funds", "indicators")


def _rows_command(args: argparse.Namespace, parts: Sequence[_Part], out: TextIO) -> int:
    """``--format csv``: the rows of every form of one file, numbered in file order."""
    from perfeval.audit import audit
    from perfeval.rows import (
        form_finding_rows,
        form_item_rows,
        form_rows,
        rows,
        to_csv,
    )

    audited = args.command == "audit"
    kind: Any = args.rows or ("findings" if audited else "indicators")
    kind = kind.replace("-", "_")
    if kind in _TABLE_ROWS:
        for part in parts:
            if part.table is None:
                raise _InputError(
                    f"{args.file}: {part.name} holds {_kind_name(part.kind)}: --rows {kind} "
                    "shows 自评表 only; use --rows forms, form-items or findings"
                )
    from perfeval.kinds import table_audit

    written: list[Any] = []
    worst = 0
    for index, part in enumerate(parts):
        if part.table is not None:
            policy = _policy(args, part.table, args.file)
            report: Any = audit(part.table, policy) if audited else score_table(part.table, policy)
            item = table_audit(part.name, report, part.cells)
        else:
            item = _form_audit(args, part)
        worst = max(worst, 1 if audited and item.errors else 0)
        if kind == "forms":
            made = form_rows([item], names=[part.name], audited=audited)
        elif kind == "form_items":
            made = form_item_rows([item], names=[part.name])
        elif part.table is not None:
            made = rows([report], kind, names=[part.name])
        else:  # findings: another form's own
            made = form_finding_rows([item], names=[part.name]) if audited else []
        written += [{**row, "table_index": index} for row in made]
    columns = None
    if not written:
        from perfeval.rows import COLUMNS

        columns = COLUMNS[kind]
    to_csv(written, out, columns=columns)
    for part in parts:  # the rows cannot say them: standard error does
        for note in part.table.notes if part.table is not None else ():
            _say(f"note: {args.file}: {note}")
    return worst


def _export(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    if not args.xlsx and not args.docx:
        raise _InputError("export: nothing to write; give --xlsx OUT, --docx OUT or both")
    parts = _read_parts(args.file, args.input_format, stdin, args.sheet, args.limits)
    if len(parts) > 1:
        names = ", ".join(part.name for part in parts)
        raise _InputError(f"{args.file}: holds {len(parts)} forms ({names}); pick one with --sheet")
    part = parts[0]
    table = part.table
    card = None
    audited = None
    if table is not None:
        for note in table.notes:  # what the reader noted is left blank in what is written
            _say(f"note: {args.file}: {note}")
        card = score_table(table, _policy(args, table, args.file)) if args.scored else None
    elif args.scored:  # a rubric, a score-coefficient table, a department form
        audited = _form_audit(args, part).result
    for target, kind in ((args.xlsx, "xlsx"), (args.docx, "docx")):
        if not target:
            continue
        try:
            if table is None:
                from perfeval.form_files import write_form_docx, write_form_workbook

                write = write_form_workbook if kind == "xlsx" else write_form_docx
                write(part.form, target, audit=audited)
            elif kind == "xlsx":
                _xlsx().write_workbook(table, target, scorecard=card)
            else:
                from perfeval.forms import write_docx

                write_docx(table, target, scorecard=card)
        except OSError as error:
            raise _InputError(f"{target}: cannot write: {error.strerror or error}") from None
        except PerfevalError as error:
            raise _InputError(f"{target}: {error}") from None
        out.write(f"{target}\n")
    return 0


def _read_json(file: str, stdin: TextIO, limits: Limits) -> Any:
    try:
        return parse_json(read_text(file, stdin=stdin, limits=limits), limits=limits)
    except PerfevalError as error:
        raise _InputError(_about(file, error)) from None


def _monitor(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    from perfeval.monitoring import monitor
    from perfeval.output import monitoring_to_json
    from perfeval.render import render_monitoring

    try:
        table = monitoring_from_mapping(_read_json(args.file, stdin, args.limits))
    except PerfevalError as error:
        raise _InputError(f"{args.file}: {error}") from None
    result = monitor(table)
    if args.format == "json":
        _emit(out, monitoring_to_json(result))
    else:
        markdown = args.format == "markdown"
        out.write(render_monitoring(result, locale=args.locale, markdown=markdown) + "\n")
    return 1 if any(f.severity.value == "error" for f in result.findings) else 0


def _department(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    from perfeval.department import audit_tree
    from perfeval.output import department_to_json
    from perfeval.render import render_department

    try:
        tree, header = department_from_mapping(_read_json(args.file, stdin, args.limits))
    except PerfevalError as error:
        raise _InputError(f"{args.file}: {error}") from None
    policy = _policy(args, None, args.file, header.get("policy"))
    scored, findings, grade = audit_tree(tree, policy)
    if args.format == "json":
        _emit(out, department_to_json(scored, findings, grade, policy=policy, header=header))
    else:
        markdown = args.format == "markdown"
        text = render_department(scored, findings, grade, locale=args.locale, markdown=markdown)
        out.write(text + "\n")
    return 1 if any(f.severity.value == "error" for f in findings) else 0


def _forms(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    from perfeval.audit import audit
    from perfeval.kinds import form_audit_to_json, render_form_audits, table_audit

    parts = _read_parts(args.file, None, stdin, args.sheet, args.limits)
    audits = []
    for part in parts:
        if part.table is None:
            audits.append(_form_audit(args, part))
        else:
            report = audit(part.table, _policy(args, part.table, args.file))
            audits.append(table_audit(part.name, report, part.cells))
    if args.format == "json":
        _emit(out, {"forms": [form_audit_to_json(item) for item in audits]})
    else:
        out.write(render_form_audits(audits, args.locale) + "\n")
    return 1 if any(item.errors for item in audits) else 0


def _demo(args: argparse.Namespace, out: TextIO) -> int:
    from perfeval.output import report_to_json
    from perfeval.render import render_report
    from perfeval.report import build_report
    from perfeval.seed import seed_tables

    policy = _policy(args, None, "demo")
    report = build_report(seed_tables(), policy)
    if args.format == "json":
        _emit(out, report_to_json(report))
    else:
        markdown = args.format == "markdown"
        text = render_report(report, locale=args.locale, markdown=markdown, explain=args.explain)
        out.write(text + "\n")
    return 0


def _say(line: str) -> None:
    """One line on standard error, if there is one."""
    if sys.stderr is not None:
        try:
            sys.stderr.write("perfeval: " + " ".join(line.split()) + "\n")
            sys.stderr.flush()
        except (OSError, ValueError):
            pass


def _silence_stdout() -> None:
    """Point standard output at the null device, so the flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stdin: TextIO | None = None
) -> int:
    """Run the command line; returns the exit code.

    Exit codes: 0 done, 1 done with an error finding, 2 unusable input or output that
    cannot be written (one line on standard error), 130 interrupted (Ctrl-C or SIGTERM).
    """
    out = stdout or sys.stdout
    try:
        with _terminated_as_interrupt():
            return _main(argv, out, stdin)
    except KeyboardInterrupt:  # a SIGTERM between the command's end and the handler's
        _say("interrupted")
        return 130


@contextlib.contextmanager
def _terminated_as_interrupt() -> Iterator[None]:
    """SIGTERM (a service manager's stop, ``kill``) ends the command as Ctrl-C does: the
    batch's workers are ended and the exit code is 130. Only where SIGTERM would
    otherwise end the process at once (its default action), in the main thread: a
    program that calls :func:`main` and handles or ignores SIGTERM itself keeps its own
    handling, which is put back as it was."""
    if (
        threading.current_thread() is not threading.main_thread()
        or not hasattr(signal, "SIGTERM")
        or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    ):
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _main(argv: Sequence[str] | None, out: TextIO | None, stdin: TextIO | None) -> int:
    try:
        if out is None:
            _say("standard output is closed")
            return 2
        if out is sys.stdout and isinstance(out, io.TextIOWrapper):
            # UTF-8 always; a lone surrogate (from a damaged name) is written as \udcxx
            # instead of failing half-way through the output
            out.reconfigure(encoding="utf-8", errors="backslashreplace")
        args = _parser().parse_args(argv)
        args.file_policy = _policy_files(args)
        args.limits = _limits(args)
        if args.command == "policies":
            code = _policies(args, out)
        elif args.command == "schema":
            if args.document_format == FORMAT:
                _emit(out, schema())
            else:
                from perfeval.form_documents import form_schema

                _emit(out, form_schema(args.document_format))
            code = 0
        elif args.command == "demo":
            code = _demo(args, out)
        elif args.command == "export":
            code = _export(args, out, stdin or sys.stdin)
        elif args.command == "monitor":
            code = _monitor(args, out, stdin or sys.stdin)
        elif args.command == "department":
            code = _department(args, out, stdin or sys.stdin)
        elif args.command == "forms":
            code = _forms(args, out, stdin or sys.stdin)
        else:
            code = _table_command(args, out, stdin or sys.stdin)
        out.flush()  # a full disk shows here, not in the flush at exit
        return code
    except _InputError as error:
        _say(str(error))
        return 2
    except PerfevalError as error:
        _say(str(error))
        return 2
    except KeyboardInterrupt:
        _say("interrupted")
        return 130
    except BrokenPipeError:
        # the reader went away (| head): stop quietly, as command-line tools do
        if out is sys.stdout:
            _silence_stdout()
        return 0
    except UnicodeEncodeError as error:
        _say(f"cannot write the output in {error.encoding}: {error.reason}")
        return 2
    except OSError as error:
        _say(f"cannot write the output: {error.strerror or error}")
        if out is sys.stdout:
            _silence_stdout()
        return 2
    except ValueError:
        if out is not None and getattr(out, "closed", False):  # a closed output stream
            _say("standard output is closed")
            return 2
        raise


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
