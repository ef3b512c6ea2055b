#!/usr/bin/env bash
# Build the Linux bundle and run it headless, away from the source tree and its virtualenv:
#   1. `appraisal demo` + `appraisal results` on the demo year (JSON checked),
#   2. the window starting offscreen on that file and quitting (`gui --check`).
# Prints the bundle's size and the window's start time. Slow (a build): not part of ./test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
packaging/build.sh
BUNDLE=$(ls -d "$ROOT"/dist/kaopingtong-* | tail -1)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# A clean environment: no PYTHONPATH, no virtualenv on PATH, the bundle's own data folder.
run() {
    (cd "$WORK" && env -i PATH=/usr/bin:/bin HOME="$WORK" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
        APPRAISAL_DATA_DIR="$WORK/data" "$@")
}
run "$BUNDLE/appraisal" demo "$WORK/check.sqlite"
run "$BUNDLE/appraisal" results "$WORK/check.sqlite" --year 2017 >"$WORK/results.json"
python3 - "$WORK/results.json" <<'PY'
import json, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
units = data.get("units") or []
assert len(units) == 25, f"expected 25 units, got {len(units)}"
print(f"results: {len(units)} units, {len(data.get('cadres') or [])} cadres")
PY
# Printing needs reportlab, the shipped font and the schemes inside the bundle.
run "$BUNDLE/appraisal" print "$WORK/check.sqlite" --year 2017 notice --out "$WORK/notice.pdf"
run "$BUNDLE/appraisal" results "$WORK/check.sqlite" --year 2017 --format xlsx --out "$WORK/results.xlsx"
head -c 5 "$WORK/notice.pdf" | grep -q "%PDF-" || { echo "the notice was not printed" >&2; exit 1; }
[ -s "$WORK/results.xlsx" ] || { echo "the workbook was not written" >&2; exit 1; }
echo "print: notice.pdf $(stat -c %s "$WORK/notice.pdf") bytes, results.xlsx $(stat -c %s "$WORK/results.xlsx") bytes"
start=$(date +%s.%N)
title=$(run "$BUNDLE/KaoPingTong" gui "$WORK/check.sqlite" --check)
end=$(date +%s.%N)
echo "$title"
case "$title" in
    *"check.sqlite — 2017 年度（示例）"*) ;;
    *) echo "the window did not open on the demo year" >&2; exit 1 ;;
esac
ls "$WORK/data/backups"/*/ | grep -q -- "-open.sqlite" || { echo "no backup made on open" >&2; exit 1; }
echo "bundle: $BUNDLE"
echo "size: $(du -sh "$BUNDLE" | cut -f1)"
echo "window start to quit: $(python3 -c "print(f'{$end - $start:.2f} s')")"
echo "bundle check passed"
