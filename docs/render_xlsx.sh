#!/usr/bin/env bash
# Render the seed's 附件2-3 as an .xlsx 自评表 and then as a PNG, to see what a clerk prints.
# Needs LibreOffice (soffice) and poppler (pdftoppm), e.g. on Debian:
#   apt-get install --no-install-recommends libreoffice-calc fonts-noto-cjk poppler-utils
# Usage: docs/render_xlsx.sh [OUT_DIR]   (default: docs/img)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/img}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python -c 'from perfeval.seed import seed_document; print(seed_document("2-3"))' > "$work/2-3.json"
perfeval export "$work/2-3.json" --xlsx "$work/seed-2-3.xlsx" --scored >/dev/null
soffice --headless --convert-to pdf --outdir "$work" "$work/seed-2-3.xlsx" >/dev/null
pdftoppm -png -r 90 -singlefile "$work/seed-2-3.pdf" "$out/seed-2-3"
echo "$out/seed-2-3.png"
