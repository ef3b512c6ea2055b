#!/usr/bin/env bash
# Make .venv ready for PURPOSE, saying in Chinese what it does on first use and keeping pip quiet unless it fails:
#   packaging/setup_env.sh run|test|bundle      (./run.sh, ./test.sh, packaging/build.sh)
# 1. the system check (packaging/check_system.sh: Qt's libraries, a Chinese font), before anything else;
# 2. .venv created on first use;
# 3. the program (with the test or bundle extra) installed again only when pyproject.toml changed; pip's output
#    goes to .venv/pip.log and is shown only when pip fails;
# 4. after an install (and on every test run) Qt is started once in a subprocess (packaging/qt_probe.py).
set -euo pipefail
cd "$(dirname "$0")/.."
purpose="${1:-}"
case "$purpose" in
    run) spec="." ;;
    test) spec=".[test]" ;;
    bundle) spec=".[bundle]" ;;
    *)
        echo "用法：packaging/setup_env.sh run|test|bundle" >&2
        exit 2
        ;;
esac
say() { echo "考评通：$*" >&2; }

packaging/check_system.sh "$purpose"

if [ ! -x .venv/bin/python ]; then
    if ! command -v python3 >/dev/null 2>&1 ||
        ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        say "需要 Python 3.11 或更新版本（python3）。"
        exit 2
    fi
    say "首次使用，正在创建运行环境（.venv）…"
    if ! python3 -m venv .venv >/dev/null 2>&1; then
        rm -rf .venv
        say "无法创建运行环境：缺少 Python 的 venv 模块。请先安装，再重新运行："
        echo "    sudo apt-get install -y python3-venv" >&2
        exit 2
    fi
fi

stamp=".venv/.installed-$purpose"
wanted="$(cksum <pyproject.toml)"
installed=0
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    say "正在安装依赖（PySide6 等，约需一两分钟，只在首次使用或依赖变化时进行）…"
    if ! .venv/bin/python -m pip install --disable-pip-version-check -e "$spec" >.venv/pip.log 2>&1; then
        cat .venv/pip.log >&2
        say "安装依赖失败（上面是 pip 的输出，也保存在 .venv/pip.log）。"
        exit 1
    fi
    echo "$wanted" >"$stamp"
    installed=1
fi

# Starting Qt costs a few tenths of a second: on every test run, but for the window only after an install.
if [ "$installed" = 1 ] || [ "$purpose" != run ]; then
    packaging/check_system.sh "$purpose" .venv/bin/python
fi
if [ "$installed" = 1 ]; then
    say "运行环境已就绪。"
fi
