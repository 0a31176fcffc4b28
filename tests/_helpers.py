"""Helpers shared by several test modules (tests/ is on sys.path when pytest runs)."""

import io

from perfeval.cli import main


def run(argv, stdin=""):
    out = io.StringIO()
    code = main(argv, stdout=out, stdin=io.StringIO(stdin))
    return code, out.getvalue()


def run_args(*argv: str, stdin: str = "") -> tuple[int, str]:
    """run, with the arguments given one by one."""
    return run(list(argv), stdin=stdin)
