#!/usr/bin/env bash
# Render the seed's 附件2-3 as perfeval exports it (.xlsx and .docx) and then as PNGs, to see
# what a clerk prints. Needs LibreOffice (soffice) and poppler (pdftoppm), e.g. on Debian:
#   apt-get install --no-install-recommends libreoffice-calc libreoffice-writer \
#       fonts-noto-cjk poppler-utils
# Usage: docs/render_forms.sh [OUT_DIR]   (default: docs/img)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/img}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python - "$work" <<'PY'
import sys
from pathlib import Path
from perfeval.forms import write_docx, write_report_docx
from perfeval.seed import seed_tables
from perfeval.spreadsheet import write_workbook
from perfeval.table import score_table

work = Path(sys.argv[1])
tables = seed_tables()
write_workbook(tables[2], work / "seed-2-3.xlsx", scorecard=score_table(tables[2]), annex="附件2-3")
write_docx(tables[1], work / "seed-2-2-docx.docx", annex="附件2-2")
write_report_docx(tables, work / "seed-report.docx", unit="湖南省怀化市人民政府驻北京联络处")
PY
for name in seed-2-3.xlsx seed-2-2-docx.docx seed-report.docx; do
    soffice --headless --convert-to pdf --outdir "$work" "$work/$name" >/dev/null
done
pdftoppm -png -r 60 "$work/seed-2-3.pdf" "$out/seed-2-3"  # one PNG per page
pdftoppm -png -r 60 "$work/seed-2-2-docx.pdf" "$out/seed-2-2-docx"
pdftoppm -png -r 50 -f 1 -l 1 -singlefile "$work/seed-report.pdf" "$out/seed-report-page1"
echo "$out"
