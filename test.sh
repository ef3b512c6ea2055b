#!/usr/bin/env bash
# Run every check: lint, layer contracts, the test suite. packaging/setup_env.sh first checks the system packages
# (installs them when run as root, else prints the apt-get line and exits 2), then sets up .venv with the test extras.
set -euo pipefail
cd "$(dirname "$0")"
export LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen
packaging/setup_env.sh test
.venv/bin/ruff check app tests benchmarks tools packaging
.venv/bin/ruff format --check app tests benchmarks tools packaging
.venv/bin/lint-imports
.venv/bin/python -m pytest "$@"
