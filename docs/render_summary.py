"""Write an example batch summary page and screenshot it in headless Chromium.

    python docs/render_summary.py [OUT_DIR]     (default: docs/img)

Needs Chromium and a CJK font, e.g. on Debian: apt-get install chromium fonts-noto-cjk.
The batch: a Word report holding the three seed tables (tests/fixtures/files/
seed-report.docx), 300 generated tables (the benchmark generator, with departments and
units), and two files that cannot be used.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import attrs

here = Path(__file__).resolve().parent
sys.path.insert(0, str(here.parent / "benchmarks"))
from run import build, synthetic  # noqa: E402

from perfeval.document import dump_table  # noqa: E402
from perfeval.files import audit_files  # noqa: E402
from perfeval.summary import render_batch_html  # noqa: E402

DEPARTMENTS = ["市财政局", "市教育局", "市卫健委", "市交通局", "市农业农村局"]


def main() -> None:
    out = (Path(sys.argv[1]) if len(sys.argv) > 1 else here / "img").resolve()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        report = work / "seed-report.docx"
        report.write_bytes(
            (here.parent / "tests" / "fixtures" / "files" / report.name).read_bytes()
        )
        paths = [report]
        for index, description in enumerate(synthetic(300, seed=5)):
            department = rng.choice(DEPARTMENTS)
            table = attrs.evolve(
                build(description),
                department=department,
                unit=f"{department}第{rng.randint(1, 3)}单位",
            )
            path = work / f"{index:03d}.json"
            path.write_text(json.dumps(dump_table(table), ensure_ascii=False), encoding="utf-8")
            paths.append(path)
        (work / "damaged.json").write_text('{"project": "缺指标"', encoding="utf-8")
        paths += [work / "damaged.json", work / "missing.toml"]
        os.chdir(work)  # file names as a clerk would pass them
        batch = audit_files([path.name for path in paths])
        page = work / "summary.html"
        page.write_text(
            render_batch_html(batch, title="2023年度项目支出绩效自评表审核汇总（示例）"),
            encoding="utf-8",
        )
        shot = out / "batch-summary.png"
        subprocess.run(
            [
                "chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", f"--screenshot={shot}",
                "--window-size=1200,1600", page.as_uri(),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        print(shot)


if __name__ == "__main__":
    main()
