#!/usr/bin/env bash
# Set up (first time) and run every check: lint, layer contracts, the test suite.
set -euo pipefail
cd "$(dirname "$0")"
export LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
.venv/bin/ruff check app tests benchmarks tools
.venv/bin/ruff format --check app tests benchmarks tools
.venv/bin/lint-imports
.venv/bin/python -m pytest "$@"
