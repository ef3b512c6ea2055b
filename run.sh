#!/usr/bin/env bash
# Set up (first time) and start 考评通 on its default database in the user's data folder.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
if ! .venv/bin/python -c "import app.cli, PySide6" 2>/dev/null; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e .
fi
exec .venv/bin/appraisal "$@"
