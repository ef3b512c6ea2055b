#!/usr/bin/env bash
# Build the one-folder program: dist/kaopingtong-<version>/ (run from anywhere). packaging/setup_env.sh checks the
# system packages first (PyInstaller needs objdump) and installs the bundle extra (PyInstaller).
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8
packaging/setup_env.sh bundle
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/appraisal.spec
ls -d dist/kaopingtong-*
