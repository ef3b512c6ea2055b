#!/usr/bin/env bash
# Build the one-folder program: dist/kaopingtong-<version>/ (run from anywhere).
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet -e '.[bundle]' 2>/dev/null
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/appraisal.spec
ls -d dist/kaopingtong-*
