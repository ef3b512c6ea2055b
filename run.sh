#!/usr/bin/env bash
# Start 考评通 (on its default database without arguments). The first time, packaging/setup_env.sh checks the
# system packages (installs them when run as root), creates .venv and installs the program, saying so in Chinese.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/packaging/setup_env.sh" run
exec "$here/.venv/bin/appraisal" "$@"
