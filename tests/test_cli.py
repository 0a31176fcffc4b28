"""perfeval.cli: every command, output formats, exit codes, one-line errors, broken streams."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _helpers import run, uncalculated_workbook
from perfeval import DEFAULT_LIMITS
from perfeval.cli import main


def write(tmp_path, document, name="table.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_demo_shows_the_seed_results():
    code, out = run(["demo"])
    assert code == 0
    for text in ("98.63", "98.00", "106.06", "推动怀化经济发展", "total-unverified", "优"):
        assert text in out


def test_demo_in_english_and_json():
    code, out = run(["demo", "--locale", "en"])
    assert code == 0
    assert "Budget execution" in out
    code, out = run(["demo", "--format", "json"])
    data = json.loads(out)
    assert [t["total"] for t in data["tables"]] == ["90.00", "98.00", "98.63"]
    assert data["sums"]["executed"] == "106.06"


def test_score_json_has_no_findings(tmp_path, document):
    code, out = run(["score", write(tmp_path, document), "--format", "json"])
    assert code == 0
    data = json.loads(out)
    assert data["total"] == "100.00"
    assert data["findings"] == []


def test_audit_exits_1_on_an_error_finding(tmp_path, document):
    document["total_score"] = "95"
    code, out = run(["audit", write(tmp_path, document), "--format", "json"])
    assert code == 1
    assert [f["code"] for f in json.loads(out)["findings"]] == ["total-mismatch"]


def test_audit_exits_0_with_only_warnings(tmp_path, document):
    document["indicators"][0]["actual"] = "20个"
    code, _ = run(["audit", write(tmp_path, document)])
    assert code == 0


def test_markdown_output(tmp_path, document):
    code, out = run(["audit", write(tmp_path, document), "--format", "markdown", "--explain"])
    assert code == 0
    assert "| # |" in out
    assert "## 示例项目" in out


def test_stdin_and_toml(tmp_path):
    toml = 'project = "x"\nindicators = []\n'
    code, out = run(["score", "-", "--input-format", "toml", "--format", "json"], stdin=toml)
    assert code == 0
    assert json.loads(out)["project"] == "x"
    path = tmp_path / "t.toml"
    path.write_text(toml, encoding="utf-8")
    assert run(["score", str(path)])[0] == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"project": ', "line 1 column"),
        ('{"project": "x", "indicators": [{"weight": {}}]}', "indicators[0].weight"),
        ('{"project": "x", "indicators": [], "policy": "mof-2099"}', "policy"),
        ("[1, 2]", "expected an object"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, capsys, content, expected):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    code, out = run(["audit", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert str(path) in err
    assert expected in err
    assert "Traceback" not in err


def test_missing_file_and_unknown_policy_option(tmp_path, capsys, document):
    assert run(["score", str(tmp_path / "nope.json")])[0] == 2
    assert "nope.json" in capsys.readouterr().err
    assert run(["score", write(tmp_path, document), "--policy", "xx"])[0] == 2
    assert "--policy" in capsys.readouterr().err


def test_policy_option_changes_the_scorecard(tmp_path, document):
    _, out = run(["score", write(tmp_path, document), "--policy", "mof-2020-20-80",
                     "--format", "json"])  # fmt: skip
    assert json.loads(out)["policy"] == "mof-2020-20-80"


def test_policies_lists_every_id():
    code, out = run(["policies", "--format", "json"])
    assert code == 0
    assert "mof-2020-tier50" in [p["id"] for p in json.loads(out)]


def test_python_dash_m_runs_the_same_command_line():
    result = subprocess.run(
        [sys.executable, "-m", "perfeval", "policies"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "mof-2020" in result.stdout


def test_a_closed_pipe_ends_quietly():
    """`perfeval demo | head -1`: no traceback when the reader goes away."""
    result = subprocess.run(
        f"{sys.executable} -m perfeval demo | head -1", shell=True, capture_output=True, text=True
    )
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr


FILES = Path(__file__).parent / "fixtures" / "files"


def test_a_word_report_is_scored_table_by_table():
    out = io.StringIO()
    code = main(["score", str(FILES / "seed-report.docx"), "--format", "json"], stdout=out)
    data = json.loads(out.getvalue())
    assert code == 0
    assert [t["total"] for t in data["tables"]] == ["90.00", "98.00", "98.63"]


def test_sheet_selects_one_table_and_audit_exits_by_the_worst():
    out = io.StringIO()
    argv = ["audit", str(FILES / "seed-report.docx"), "--sheet", "table 3", "--format", "json"]
    code = main(argv, stdout=out)
    assert code == 0
    assert json.loads(out.getvalue())["total"] == "98.00"


def test_an_unresolvable_header_names_the_cell(capsys):
    code = main(["audit", str(FILES / "bad-split-no-value.xlsx")], stdout=io.StringIO())
    assert code == 2
    assert "!E15" in capsys.readouterr().err


def test_a_pdf_is_refused_naming_its_kind_once(tmp_path, capsys):
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    assert main(["score", str(pdf)], stdout=io.StringIO()) == 2
    err = capsys.readouterr().err
    assert "PDF" in err
    assert err.count(str(pdf)) == 1


SEED = Path(__file__).resolve().parent.parent / "src" / "perfeval" / "data" / "seed"


def test_a_batch_of_files_prints_its_summary_and_lists_bad_files(tmp_path, capsys):
    for path in SEED.glob("*.json"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "bad.json").write_text('{"project": "x"}', encoding="utf-8")
    out = io.StringIO()
    code = main(["audit", str(tmp_path), "--format", "json"], stdout=out)
    summary = json.loads(out.getvalue())
    assert code == 2  # a file could not be used; the others were still audited
    assert summary["tables"] == 3
    assert "bad.json" in capsys.readouterr().err


def test_a_batch_writes_rows_as_csv_and_an_html_page(tmp_path):
    html = tmp_path / "summary.html"
    out = io.StringIO()
    files = [str(path) for path in sorted(SEED.glob("*.json"))]
    code = main(["score", *files, "--format", "csv", "--rows", "tables", "--html", str(html)],
                stdout=out)  # fmt: skip
    lines = out.getvalue().splitlines()
    assert code == 0
    assert lines[0].startswith("table_index,table_name,project")
    assert len(lines) == 4
    assert "<svg" in html.read_text(encoding="utf-8")


def test_one_file_as_csv_rows(tmp_path):
    out = io.StringIO()
    main(["audit", str(SEED / "2-2.json"), "--format", "csv"], stdout=out)
    header = out.getvalue().splitlines()[0]
    assert "code" in header
    assert "severity" in header


def _long_document(tmp_path, rows):
    from perfeval.seed import seed_document

    data = json.loads(seed_document("2-3"))
    data["indicators"] = (data["indicators"] * rows)[:rows]
    path = tmp_path / "long.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["score", "audit"])
def test_limit_raises_a_limit_from_the_command_line(tmp_path, command, capsys):
    path = _long_document(tmp_path, 30)
    assert main([command, str(path), "--limit", "max_rows=20", "--format", "json"]) == 2
    error = capsys.readouterr().err
    assert "max_rows=20" in error
    assert "--limit max_rows=N" in error
    code = main([command, str(path), "--limit", "max_rows=20", "--limit", "max_rows=40"])
    assert code in (0, 1)
    assert "项目" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("max_rowz=5", "expected NAME=N with NAME one of max_bytes"),
        ("max_rows", "expected NAME=N"),
        ("max_rows=many", "'many' is not a whole number"),
        ("max_rows=0", "must be a whole number of at least 1"),
    ],
)
def test_a_bad_limit_option_is_one_line_and_exit_2(tmp_path, given, said, capsys):
    path = _long_document(tmp_path, 3)
    assert main(["score", str(path), "--limit", given]) == 2
    error = capsys.readouterr().err
    assert said in error
    assert error.count("\n") == 1


def test_monitor_and_department_read_within_the_limits_given(tmp_path, capsys):
    from importlib.resources import files

    text = files("perfeval.data").joinpath("monitoring-example.json").read_text("utf-8")
    path = tmp_path / "m.json"
    path.write_text(text, encoding="utf-8")
    assert main(["monitor", str(path), "--limit", "max_string=5"]) == 2
    assert "max_string=5" in capsys.readouterr().err
    assert main(["monitor", str(path)]) in (0, 1)


def test_a_batch_refuses_devices_and_fifos_and_scores_the_rest(tmp_path, capsys):
    good = _long_document(tmp_path, 3)
    fifo = tmp_path / "waiting.json"
    os.mkfifo(fifo)
    code = main(["score", str(good), "/dev/zero", str(fifo), "--format", "csv", "--rows", "tables"])
    captured = capsys.readouterr()
    assert code == 2
    assert "/dev/zero: is a device or special file" in captured.err
    assert f"{fifo}: is a FIFO" in captured.err
    assert "long.json" in captured.out


def test_standard_input_is_read_with_the_same_cap(capsys):
    code, _ = run(
        ["score", "-", "--input-format", "json"], stdin=" " * (DEFAULT_LIMITS.max_bytes + 1)
    )
    assert code == 2
    assert "max_bytes" in capsys.readouterr().err


def test_a_missing_file_is_named_once(tmp_path, capsys):
    missing = str(tmp_path / "nope.json")
    assert main(["score", missing], stdout=io.StringIO()) == 2
    err = capsys.readouterr().err
    assert err.count(missing) == 1
    assert err.startswith(f"perfeval: {missing}: cannot read")
    assert len(err.splitlines()) == 1


def _perfeval(args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "perfeval", *args], capture_output=True, text=True, **kwargs
    )


def test_ctrl_c_exits_130_with_one_line(monkeypatch, capsys, tmp_path, document):
    import importlib

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    # the command imports the audit when it runs: interrupt it there
    monkeypatch.setattr(importlib.import_module("perfeval.audit"), "audit", interrupted)
    assert main(["audit", write(tmp_path, document)], stdout=io.StringIO()) == 130
    assert capsys.readouterr().err == "perfeval: interrupted\n"


def test_a_closed_output_stream_is_one_line_and_exit_2(capsys):
    out = io.StringIO()
    out.close()
    assert main(["policies"], stdout=out) == 2
    assert capsys.readouterr().err == "perfeval: standard output is closed\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_is_one_line_and_exit_2():
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "perfeval", "demo"], stdout=full, stderr=subprocess.PIPE,
            text=True, check=False,
        )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == "perfeval: cannot write the output: No space left on device\n"


def test_a_closed_stdout_is_one_line_and_exit_2():
    result = subprocess.run(
        ["sh", "-c", f"'{sys.executable}' -m perfeval demo >&-"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == "perfeval: standard output is closed\n"


def test_a_lone_surrogate_in_a_name_is_written_escaped(tmp_path, document):
    document["project"] = "名\udcff"
    path = tmp_path / "t.json"
    path.write_text(json.dumps(document), encoding="ascii")  # "\udcff" as a JSON escape
    result = _perfeval(["score", str(path), "--format", "json"], check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert json.loads(result.stdout)["project"] == "名\udcff"  # \udcff: the same string


@settings(max_examples=25)
@given(st.binary(max_size=300))
def test_random_bytes_on_stdin_end_with_a_clean_exit_code(data):
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    assert main(["audit", "-"], stdout=io.StringIO(), stdin=stdin) in (0, 1, 2)


def test_a_batch_on_a_terminal_shows_progress_without_tqdm(tmp_path):
    """The base install has no tqdm: a batch run in a terminal counts files instead."""
    import pty

    import perfeval

    blocker = tmp_path / "no-tqdm" / "tqdm"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('tqdm is not installed')\n")
    folder = tmp_path / "reports"
    folder.mkdir()
    for path in sorted(SEED.glob("*.json")):
        (folder / path.name).write_bytes(path.read_bytes())
    source = str(Path(perfeval.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(blocker.parent), source])}
    primary, secondary = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "perfeval", "audit", str(folder), "--workers", "2"],
            stdin=secondary, stdout=secondary, stderr=secondary, env=env, close_fds=True,
        )  # fmt: skip
        os.close(secondary)
        shown = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the terminal closes when the command ends
                break
            if not chunk:
                break
            shown += chunk
        code = process.wait(timeout=120)
    finally:
        os.close(primary)
    text = shown.decode("utf-8", "replace")
    assert code == 0, text
    assert "Traceback" not in text
    assert "perfeval: 3/3 files" in text
    assert "3 张表" in text


def _mixed_folder(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for path in sorted(SEED.glob("*.json")):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "report.docx").write_bytes((FILES / "seed-report.docx").read_bytes())
    (folder / "notes.txt").write_text("notes", encoding="utf-8")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    (folder / "memo.wps").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    (folder / "sheet.ods").write_bytes(b"PK\x03\x04")
    (folder / "~$2-1.xlsx").write_bytes(b"\x0blocked by someone")
    return folder


def test_a_folder_batch_lists_each_table_and_the_files_it_skipped(tmp_path, capsys):
    folder = _mixed_folder(tmp_path)
    code, out = run(["audit", str(folder)])
    assert code == 0  # the lock file is skipped with a note, not an error
    assert capsys.readouterr().err == ""
    listed = out[out.index("各表") :].splitlines()
    assert listed[1].split() == ["文件", "表", "项目", "总分", "等级", "发现", "错误"]
    assert listed[3].split() == [str(folder / "2-1.json"), "—", "专项业务（工作）经费",
                                 "90.00", "优", "3", "0"]  # fmt: skip
    assert listed[8].split()[:4] == [str(folder / "report.docx"), "table", "4", "工作经费"]
    skipped = out[out.index("跳过的文件") :].splitlines()[3:]
    assert [line.split()[0] for line in skipped] == [
        str(folder / name)
        for name in ("memo.wps", "notes.txt", "old.doc", "sheet.ods", "~$2-1.xlsx")
    ]
    assert "WPS" in skipped[0]
    assert "OpenDocument" in skipped[3]
    assert "lock file" in skipped[4]
    code, out = run(["score", str(folder), "--format", "markdown", "--locale", "en"])
    assert "| file | table | project | total | grade |" in out  # scored: no findings
    assert f"| {folder / 'sheet.ods'} | an OpenDocument spreadsheet" in out


def test_a_folder_batch_in_json_lists_every_table_in_full(tmp_path):
    folder = _mixed_folder(tmp_path)
    code, out = run(["audit", str(folder), "--format", "json"])
    data = json.loads(out)
    assert code == 0
    assert data["tables"] == 6
    first, last = data["results"][0], data["results"][-1]
    assert (first["file"], first["sheet"], first["total"]) == (
        str(folder / "2-1.json"),
        None,
        "90.00",
    )
    assert (first["findings"], first["errors"], first["grade"]) == (3, 0, "优")
    assert (last["file"], last["sheet"], last["project"]) == (
        str(folder / "report.docx"), "table 4", "工作经费",
    )  # fmt: skip
    assert set(first) >= {"project", "department", "unit", "warnings", "policy"}
    assert [item["path"] for item in data["skipped"]][-1] == str(folder / "~$2-1.xlsx")
    assert all(item["reason"] for item in data["skipped"])


def test_a_file_in_a_batch_that_is_no_table_is_named_by_its_path(tmp_path, capsys):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "2-1.json").write_bytes((SEED / "2-1.json").read_bytes())
    (folder / "x.xlsx").write_bytes(b"hello")
    code, out = run(["audit", str(folder)])
    err = capsys.readouterr().err
    assert code == 2
    assert "<file>" not in err + out
    assert err.startswith(f"perfeval: {folder / 'x.xlsx'}: not a file perfeval reads")


def test_a_folder_of_no_tables_says_what_it_skipped(tmp_path, capsys):
    (tmp_path / "a.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    assert run(["audit", str(tmp_path)])[0] == 2
    err = capsys.readouterr().err
    assert "no table files found" in err
    assert "a.doc: an old Word .doc" in err


@pytest.mark.parametrize(
    ("source", "sheet", "total"),
    [
        ("seed-report.docx", "table 4", "98.63"),
        ("national-2-3.xlsx", None, "98.63"),
        ("national-2-1.xls", None, "90.00"),
    ],
)
def test_export_reads_what_score_reads_and_writes_xlsx_and_docx(tmp_path, source, sheet, total):
    xlsx, docx = tmp_path / "o.xlsx", tmp_path / "o.docx"
    argv = ["export", str(FILES / source), "--xlsx", str(xlsx), "--docx", str(docx)]
    code, out = run(argv + (["--sheet", sheet] if sheet else []))
    assert code == 0
    assert out.splitlines() == [str(xlsx), str(docx)]
    for written in (xlsx, docx):  # what was written reads back as the same table
        code, out = run(["score", str(written), "--format", "json"])
        assert code == 0
        assert json.loads(out)["total"] == total


def test_export_of_a_file_of_several_tables_asks_for_one(tmp_path, capsys):
    argv = ["export", str(FILES / "seed-report.docx"), "--docx", str(tmp_path / "o.docx")]
    assert run(argv)[0] == 2
    err = capsys.readouterr().err
    assert "holds 3 forms (table 2, table 3, table 4); pick one with --sheet" in err
    assert run(["export", str(FILES / "national-2-3.xlsx")])[0] == 2
    assert "give --xlsx OUT, --docx OUT or both" in capsys.readouterr().err
    bad = ["export", str(FILES / "national-2-3.xlsx"), "--docx", str(tmp_path / "no" / "o.docx")]
    assert run(bad)[0] == 2
    assert capsys.readouterr().err.startswith(f"perfeval: {tmp_path / 'no' / 'o.docx'}: cannot")


def test_every_option_of_every_command_has_help():
    import argparse

    from perfeval.cli import _parser

    parser = _parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(commands.choices) >= {"demo", "score", "audit", "export", "schema", "policies"}
    missing = [
        f"{name} {action.option_strings or action.dest}"
        for name, sub in [("perfeval", parser), *commands.choices.items()]
        for action in sub._actions
        if not isinstance(action, argparse._SubParsersAction)
        and (not action.help or action.help == argparse.SUPPRESS)
    ]
    assert missing == []


def test_the_forms_command_scores_and_audits_every_form_of_a_workbook(tmp_path):
    """A rubric and a score-coefficient table, each audited by its own checks, each finding
    naming its cell; an error finding gives exit code 1."""
    from _forms import xlsx
    from test_coefficient import chongqing
    from test_rubric import MERGED, rubric_rows

    path = tmp_path / "forms.xlsx"
    rows = rubric_rows(execution_score="5", total="98")
    path.write_bytes(xlsx({"评分表": (rows, MERGED), "系数表": (chongqing(total="93.75"), [])}))
    code, out = run(["forms", str(path), "--format", "json"])
    assert code == 1
    forms = json.loads(out)["forms"]
    assert [(form["name"], form["kind"], form["total"]) for form in forms] == [
        ("评分表", "rubric", "98"),
        ("系数表", "coefficient", "93.75"),
    ]
    assert [(f["code"], f["cell"]) for f in forms[0]["findings"]] == [
        ("criterion-mismatch", "评分表!H6")
    ]
    assert forms[1]["findings"] == []
    code, out = run(["forms", str(path), "--locale", "en"])
    assert "criterion-mismatch rows[3].score (评分表!H6)" in out


def test_the_forms_command_names_what_it_looked_at_in_a_file_with_no_form(tmp_path):
    from _forms import xlsx

    path = tmp_path / "cover.xlsx"
    path.write_bytes(xlsx({"封面": ([["2023年度绩效自评报告"]], [])}))
    assert run(["forms", str(path)])[0] == 2


@pytest.mark.parametrize(
    ("environment", "english"),
    [
        ({"LANG": "en_US.UTF-8"}, True),
        ({"LC_MESSAGES": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, True),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, True),
        ({"LC_ALL": "C", "LANG": "en_US.UTF-8"}, False),  # LC_ALL decides, as it does
        ({"LC_ALL": "", "LANG": "en_US.UTF-8"}, True),  # an empty variable is not set
        ({"LANG": "zh_CN.UTF-8"}, False),
        ({"LANG": "fr_FR.UTF-8"}, False),
        ({}, False),
    ],
)
def test_an_english_environment_makes_english_the_default_locale(monkeypatch, environment, english):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    code, out = run(["demo"])
    assert code == 0
    assert ("Budget execution" in out) is english
    assert ("预算执行" in out) is not english
    code, explicit = run(["demo", "--locale", "zh_CN"])  # what the user gives wins
    assert "预算执行" in explicit
    code, explicit = run(["demo", "--locale", "en"])
    assert "Budget execution" in explicit


@pytest.mark.parametrize("workers", ["-1", "1.5", "two", "1e3"])
def test_workers_that_are_not_a_count_exit_2_with_one_line(workers, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["audit", str(SEED), "--workers", workers], stdout=io.StringIO())
    assert caught.value.code == 2
    error = capsys.readouterr().err
    assert "--workers" in error
    assert "positive whole number" in error
    assert "Traceback" not in error


def test_a_huge_worker_count_is_capped_rather_than_started(capsys):
    code, out = run(
        ["audit", str(SEED), "--workers", "99999999999999999999999", "--format", "json"]
    )
    assert code in (0, 1)
    assert "Traceback" not in capsys.readouterr().err
    assert len(json.loads(out)["results"]) == len(list(SEED.glob("*.json")))


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_sigterm_during_a_batch_ends_its_workers_and_exits_130(tmp_path):
    import signal
    import time

    import perfeval

    folder = tmp_path / "reports"
    folder.mkdir()
    documents = sorted(SEED.glob("*.json"))
    for copy in range(400):
        source = documents[copy % len(documents)]
        (folder / f"{copy:04d}-{source.name}").write_bytes(source.read_bytes())
    source = str(Path(perfeval.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": source}
    process = subprocess.Popen(
        [sys.executable, "-m", "perfeval", "audit", str(folder), "--workers", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while time.monotonic() < deadline and len(workers) < 2 and process.poll() is None:
            workers = _children(process.pid)
            time.sleep(0.05)
        if process.poll() is not None:
            pytest.skip("the batch ended before its workers could be seen")
        time.sleep(0.3)
        workers |= _children(process.pid)
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=60)
        error = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
        assert code == 130, error
        assert "Traceback" not in error
        end = time.monotonic() + 15
        while time.monotonic() < end and any(_alive(pid) for pid in workers):
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers)
    finally:
        if process.poll() is None:
            process.kill()


# A table's notes (what its reader noted) in every output ---------------------------------

NOTE_E5 = "自评表!E5: the formula =SUM(E6:E8) has no saved value"


@pytest.mark.parametrize("command", ["score", "audit"])
def test_the_tables_notes_are_shown_in_text_and_markdown_in_both_locales(tmp_path, command):
    path = uncalculated_workbook(tmp_path / "t.xlsx")
    for extra, heading in (
        ([], "\n说明:\n"),
        (["--locale", "en"], "\nNotes:\n"),
        (["--format", "markdown"], "\n### 说明\n"),
        (["--format", "markdown", "--locale", "en"], "\n### Notes\n"),
    ):
        code, out = run([command, path, *extra])
        assert code == 0
        notes = out[out.index(heading) :]
        assert notes.count("the formula") == 4, extra
        assert NOTE_E5 in notes
    code, out = run([command, path, "--locale", "en"])
    assert "executed 90万元 (the total row is blank: the sources' sum)" in out
    assert "Total: 99.00" in out


def test_score_and_audit_json_carry_the_notes_and_the_blank_total_findings(tmp_path):
    path = uncalculated_workbook(tmp_path / "t.xlsx")
    code, out = run(["score", path, "--format", "json"])
    data = json.loads(out)
    assert (data["funds"]["score"], data["total"], data["findings"]) == ("9.00", "99.00", [])
    assert data["funds"]["filled_from_sources"] == ["initial_budget", "annual_budget", "executed"]
    assert len(data["notes"]) == 4
    assert data["notes"][2].startswith(NOTE_E5)
    code, out = run(["audit", path, "--format", "json"])
    data = json.loads(out)
    assert code == 0  # warnings: the table is doubtful, not wrong
    assert data["notes"][2].startswith(NOTE_E5)
    blank = [f for f in data["findings"] if f["code"] == "fund-total-blank"]
    assert [(f["where"], f["cell"], f["computed"]) for f in blank] == [
        ("funds.rows[0].initial_budget", "自评表!C5", "100"),
        ("funds.rows[0].annual_budget", "自评表!D5", "100"),
        ("funds.rows[0].executed", "自评表!E5", "90"),
    ]
    assert "undefined-rate" not in {f["code"] for f in data["findings"]}


def test_a_document_without_notes_gives_an_empty_list_and_no_section(tmp_path, document):
    path = write(tmp_path, document)
    assert json.loads(run(["audit", path, "--format", "json"])[1])["notes"] == []
    assert "说明" not in run(["audit", path])[1]
    document["notes"] = ["附件2-1 的一个得分单元格丢失"]
    path = write(tmp_path, document)
    assert json.loads(run(["score", path, "--format", "json"])[1])["notes"] == document["notes"]
    assert "说明:\n  - 附件2-1 的一个得分单元格丢失" in run(["score", path])[1]


def test_csv_rows_and_export_say_the_notes_on_standard_error(tmp_path, capsys):
    path = uncalculated_workbook(tmp_path / "t.xlsx")
    code, out = run(["audit", path, "--format", "csv"])
    assert code == 0
    assert "fund-total-blank" in out
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 4
    assert err[2].startswith(f"perfeval: note: {path}: {NOTE_E5}")
    code, out = run(["export", path, "--xlsx", str(tmp_path / "o.xlsx")])
    assert (code, out) == (0, f"{tmp_path / 'o.xlsx'}\n")
    err = capsys.readouterr().err.splitlines()
    assert err[2].startswith(f"perfeval: note: {path}: {NOTE_E5}")


def test_a_batch_lists_every_tables_notes_in_text_json_html_and_csv(tmp_path, capsys, document):
    folder = tmp_path / "b"
    folder.mkdir()
    path = uncalculated_workbook(folder / "t.xlsx")
    write(folder, document, "a.json")  # a table without notes
    html = tmp_path / "summary.html"
    code, out = run(["audit", str(folder), "--locale", "en", "--html", str(html)])
    assert code == 0
    notes = out[out.index("\nNotes\n") :].splitlines()
    assert notes[2].split()[:2] == ["file", "note"]
    assert len(notes) == 8  # heading, blank line before it, header, rule, four notes
    assert notes[6].startswith(f"{path}  {NOTE_E5}")
    page = html.read_text(encoding="utf-8")
    assert f'<li class="note">{NOTE_E5}' in page
    code, out = run(["audit", str(folder), "--format", "json"])
    by_file = {item["file"]: item for item in json.loads(out)["results"]}
    assert by_file[str(folder / "a.json")]["notes"] == []
    assert by_file[path]["notes"][2].startswith(NOTE_E5)
    capsys.readouterr()
    code, out = run(["audit", str(folder), "--format", "csv", "--rows", "tables"])
    err = capsys.readouterr().err.splitlines()
    assert err[2].startswith(f"perfeval: note: {path}: {NOTE_E5}")


class _Probe(io.StringIO):
    """Standard input that records the SIGTERM handler in force while it is read."""

    def __init__(self, text: str, seen: list) -> None:
        super().__init__(text)
        self.seen = seen

    def read(self, *args):
        import signal

        self.seen.append(signal.getsignal(signal.SIGTERM))
        return super().read(*args)


def test_sigterm_is_handled_only_where_it_would_end_the_process_and_put_back():
    import signal

    document = (SEED / sorted(p.name for p in SEED.glob("*.json"))[0]).read_text("utf-8")
    previous = signal.getsignal(signal.SIGTERM)
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        seen: list = []
        main(["score", "-"], stdout=io.StringIO(), stdin=_Probe(document, seen))
        assert seen
        assert seen[0] not in (signal.SIG_DFL, signal.SIG_IGN)  # the command's own
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL

        def host(signum, frame):  # a program that calls main() and stops on its own terms
            return None

        for handler in (host, signal.SIG_IGN):
            signal.signal(signal.SIGTERM, handler)
            seen = []
            main(["score", "-"], stdout=io.StringIO(), stdin=_Probe(document, seen))
            assert seen == [handler] * len(seen)
            assert seen
            assert signal.getsignal(signal.SIGTERM) is handler
    finally:
        signal.signal(signal.SIGTERM, previous)


# Every form a file holds ------------------------------------------------------------------


def _forms_workbook(path, *, table=True, rubric=True, coefficient=True, department=True):
    """A workbook holding the chosen forms, one sheet each, as provinces print them."""
    from _forms import xlsx
    from test_coefficient import chongqing
    from test_department_form import MERGED as DEPARTMENT_MERGED
    from test_department_form import department_rows
    from test_kinds import PROJECT
    from test_rubric import MERGED as RUBRIC_MERGED
    from test_rubric import rubric_rows

    sheets = {}
    if table:
        sheets["自评表"] = (PROJECT, [])
    if rubric:
        sheets["评分表"] = (rubric_rows(), RUBRIC_MERGED)
    if coefficient:
        sheets["系数表"] = (chongqing(), [])  # its printed total 97.50 is wrong: 93.75
    if department:
        sheets["部门整体"] = (department_rows(), DEPARTMENT_MERGED)
    path.write_bytes(xlsx(sheets))
    return str(path)


def test_score_and_audit_read_a_file_that_holds_only_another_form(tmp_path):
    rubric = _forms_workbook(tmp_path / "r.xlsx", table=False, coefficient=False, department=False)
    code, out = run(["score", rubric])
    assert code == 0
    assert "绩效评价评分表" in out
    assert "97.32" in out
    only = _forms_workbook(tmp_path / "c.xlsx", table=False, rubric=False, department=False)
    code, out = run(["audit", only, "--locale", "en"])
    assert code == 1  # the wrong printed total is an error finding
    assert "total-mismatch" in out
    assert "(系数表!J10)" in out


def test_every_output_format_shows_every_form_of_a_workbook(tmp_path):
    path = _forms_workbook(tmp_path / "all.xlsx")
    code, out = run(["audit", path, "--format", "json"])
    assert code == 1
    data = json.loads(out)
    assert [t["name"] for t in data["tables"]] == ["自评表"]
    assert [(f["name"], f["kind"]) for f in data["forms"]] == [
        ("评分表", "rubric"), ("系数表", "coefficient"), ("部门整体", "department"),
    ]  # fmt: skip
    assert data["forms"][1]["findings"][0]["cell"] == "系数表!J10"
    code, out = run(["score", path, "--format", "json"])
    assert "findings" not in json.loads(out)["forms"][0]  # scored, not audited
    code, out = run(["audit", path, "--format", "markdown", "--locale", "en"])
    for heading in ("## [评分表] evaluation rubric", "## [系数表] score-coefficient table",
                    "## [部门整体] department self-evaluation"):  # fmt: skip
        assert heading in out
    code, out = run(["audit", path])
    assert out.index("[自评表]") < out.index("[评分表]") < out.index("[部门整体]")


def test_rows_of_every_form_and_a_clear_refusal_where_rows_cannot_show_one(tmp_path, capsys):
    import csv

    path = _forms_workbook(tmp_path / "all.xlsx")
    code, out = run(["audit", path, "--format", "csv", "--rows", "forms"])
    assert code == 1
    made = list(csv.DictReader(io.StringIO(out)))
    assert [(r["table_index"], r["kind"], r["total"]) for r in made] == [
        ("0", "table", "15"), ("1", "rubric", "97.32"), ("2", "coefficient", "93.75"),
        ("3", "department", "99.50"),
    ]  # fmt: skip
    assert made[2]["errors"] == "1"
    code, out = run(["audit", path, "--format", "csv"])  # findings, every form's
    made = list(csv.DictReader(io.StringIO(out)))
    assert ("系数表", "total-mismatch") in {(r["table_name"], r["code"]) for r in made}
    code, out = run(["score", path, "--format", "csv", "--rows", "form-items"])
    parts = {(r["kind"], r["part"]) for r in csv.DictReader(io.StringIO(out))}
    assert {("rubric", "rows"), ("coefficient", "rows"), ("department", "breakdown")} <= parts
    capsys.readouterr()
    code, out = run(["score", path, "--format", "csv", "--rows", "indicators"])
    assert code == 2
    assert out == ""
    err = capsys.readouterr().err
    assert "评分表 holds a form of kind rubric" in err
    assert "--rows forms" in err


def test_a_form_document_is_read_by_score_and_audit_as_json_or_toml(tmp_path):
    import tomli_w

    from perfeval.form_documents import form_to_mapping
    from perfeval.kinds import read_forms

    forms = read_forms(Path(_forms_workbook(tmp_path / "all.xlsx")))
    data = form_to_mapping(forms.coefficients[0])
    path = write(tmp_path, data, name="coefficient.json")
    code, out = run(["audit", path, "--format", "json"])
    assert code == 1
    item = json.loads(out)["forms"][0]
    assert (item["kind"], item["total"]) == ("coefficient", "93.75")
    assert [f["code"] for f in item["findings"]] == ["total-mismatch"]
    toml = tmp_path / "rubric.toml"
    mapping = form_to_mapping(forms.rubrics[0])
    toml.write_text(tomli_w.dumps(_without_blanks(mapping)), encoding="utf-8")
    code, out = run(["score", str(toml)])
    assert code == 0
    assert "97.32" in out
    code, _ = run(["export", path, "--xlsx", str(tmp_path / "out.xlsx")])
    assert code == 0  # export writes the coefficient table in its printed layout
    assert read_forms(tmp_path / "out.xlsx").coefficients[0] == forms.coefficients[0]


def _without_blanks(value):
    """*value* without the blanks TOML cannot hold (a blank is a key left out)."""
    if isinstance(value, dict):
        return {k: _without_blanks(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_blanks(v) for v in value]
    return value


def test_a_batch_of_mixed_files_lists_every_form_in_every_format(tmp_path, capsys):
    import csv

    folder = tmp_path / "in"
    folder.mkdir()
    _forms_workbook(folder / "all.xlsx")
    _forms_workbook(folder / "rubric.xlsx", table=False, coefficient=False, department=False)
    html = tmp_path / "summary.html"
    code, out = run(["audit", str(folder), "--locale", "en", "--html", str(html)])
    assert code == 1
    assert "Other forms by kind" in out
    listed = out[out.index("\nOther forms\n") :]
    for name in ("评分表", "系数表", "部门整体", "rubric.xlsx"):
        assert name in listed
    page = html.read_text("utf-8")
    assert "Other forms" in page
    assert "城区道路养护" in page
    assert "total-mismatch" in page
    code, out = run(["audit", str(folder), "--format", "json"])
    data = json.loads(out)
    assert data["tables"] == 1
    assert data["forms"]["rubric"] == {"forms": 2, "findings": 0, "errors": 0}
    assert [(f["sheet"], f["kind"]) for f in data["other_forms"]] == [
        ("评分表", "rubric"), ("系数表", "coefficient"), ("部门整体", "department"),
        (None, "rubric"),
    ]  # fmt: skip
    code, out = run(["audit", str(folder), "--format", "csv", "--rows", "forms"])
    assert len(list(csv.DictReader(io.StringIO(out)))) == 5
    code, out = run(["audit", str(folder), "--format", "csv"])  # the summary rows
    sections = {(r["section"], r["key"], r["value"]) for r in csv.DictReader(io.StringIO(out))}
    assert ("form", "rubric", "2") in sections
    capsys.readouterr()
    code, out = run(["score", str(folder), "--format", "csv", "--rows", "tables"])
    assert code == 2  # the other forms are named on standard error, not dropped
    assert len(list(csv.DictReader(io.StringIO(out)))) == 1
    assert "rubric.xlsx: holds a form of kind rubric" in capsys.readouterr().err


def test_the_forms_command_reads_documents_as_score_and_audit_do(tmp_path):
    from perfeval.form_documents import dumps_form
    from perfeval.kinds import read_forms

    forms = read_forms(Path(_forms_workbook(tmp_path / "all.xlsx")))
    path = tmp_path / "coefficient.toml"
    path.write_text(dumps_form(forms.coefficients[0], format="toml"), encoding="utf-8")
    code, out = run(["forms", str(path), "--format", "json"])
    assert code == 1
    assert [(f["kind"], f["total"]) for f in json.loads(out)["forms"]] == [("coefficient", "93.75")]
    code, _ = run(["forms", str(path), "--policy", "no-such-policy"])
    assert code == 2
