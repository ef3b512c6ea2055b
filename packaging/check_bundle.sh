#!/usr/bin/env bash
# Build the Linux bundle and run it headless, away from the source tree and its virtualenv:
#   1. `appraisal demo` + `appraisal results` on the demo year (JSON checked),
#   2. printing (the notice) and a workbook,
#   3. scanning: a printed test deck read back (pdfium, zxing-cpp, OpenCV, numpy and the spawned pool of
#      worker processes inside the frozen program), the same pages as PNG files (Pillow; made with pdftoppm,
#      of the test group in packaging/system-packages.txt), and a printed ballot taken in with --commit (its
#      page images stored in the file),
#   4. the window starting offscreen on that file and quitting (`gui --check`).
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
# Scanning in the frozen program: six pages, so the pool of two spawned processes reads them.
run "$BUNDLE/appraisal" print "$WORK/check.sqlite" --year 2017 ballot-democratic --test-deck --copies 3 \
    --out "$WORK/deck.pdf"
scan_start=$(date +%s.%N)
run "$BUNDLE/appraisal" scan "$WORK/check.sqlite" --year 2017 "$WORK/deck.pdf" --report "$WORK/deck.json" \
    2>"$WORK/deck.txt"
scan_end=$(date +%s.%N)
python3 - "$WORK/deck.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
pages, tests = report["pages"], report.get("test_deck") or []
assert len(pages) == 6 and all(p["status"] == "read" for p in pages), pages
assert len(tests) == 3 and all(t["right"] == t["marks"] == 150 for t in tests), tests
print(f"scan: test deck of {len(pages)} pages read, {sum(t['marks'] for t in tests)} marks all right")
PY
pdftoppm -r 150 -gray -png -f 1 -l 2 "$WORK/deck.pdf" "$WORK/deck-page"
run "$BUNDLE/appraisal" scan "$WORK/check.sqlite" --year 2017 "$WORK"/deck-page-*.png --report "$WORK/png.json" \
    2>"$WORK/png.txt"
python3 - "$WORK/png.json" <<'PY'
import json, sys
tests = json.load(open(sys.argv[1], encoding="utf-8"))["test_deck"]
assert len(tests) == 1 and tests[0]["complete"] and tests[0]["right"] == 150, tests
print("scan: the first test ballot as two PNG files read, 150 marks right")
PY
run "$BUNDLE/appraisal" print "$WORK/check.sqlite" --year 2017 ballot-democratic --out "$WORK/blank.pdf"
run "$BUNDLE/appraisal" scan "$WORK/check.sqlite" --year 2017 "$WORK/blank.pdf" --commit --report "$WORK/blank.json" \
    2>"$WORK/blank.txt"
python3 - "$WORK/blank.json" "$WORK/check.sqlite" <<'PY'
import json, sqlite3, sys
ballots = json.load(open(sys.argv[1], encoding="utf-8"))["ballots"]
assert [b.get("waiting") for b in ballots] == ["empty"], ballots  # an unmarked ballot waits for the clerk
conn = sqlite3.connect(sys.argv[2])
images = conn.execute("SELECT count(*), min(substr(data, 2, 3)) FROM scan_images").fetchone()
assert images == (2, b"PNG"), images
print("scan --commit: the unmarked ballot waits for review, its 2 page images stored")
PY
echo "scan: $(python3 -c "print(f'{$scan_end - $scan_start:.1f} s')") for the 6-page test deck (start-up of the pool included)"
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
