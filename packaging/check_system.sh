#!/usr/bin/env bash
# Are the system packages 考评通 needs installed (packaging/system-packages.txt, the one list)? Run before
# anything else by ./run.sh and ./test.sh (through packaging/setup_env.sh), packaging/build.sh and .ci/run.
#
#   packaging/check_system.sh PURPOSE [PYTHON] [--sudo]
#     PURPOSE  run | test | bundle | ci — which groups of the list are needed (ci: every group)
#     PYTHON   a Python with PySide6 (the venv's): Qt is then started too, in a subprocess (packaging/qt_probe.py)
#     --sudo   when not root, install with passwordless sudo (CI runners); otherwise only root installs
#
# Missing packages are installed when running as root with apt-get (or --sudo); otherwise the exact command is
# printed in Chinese and the exit code is 2. Never a traceback.
# Test hook: APPRAISAL_PRETEND_MISSING="pkg ..." counts those packages as missing and never installs anything.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
list="$here/system-packages.txt"
export DEBIAN_FRONTEND=noninteractive

purpose="${1:-}"
python=""
use_sudo=0
shift || true
for arg in "$@"; do
    case "$arg" in
        --sudo) use_sudo=1 ;;
        *) python="$arg" ;;
    esac
done
case "$purpose" in
    run) groups="qt font"; entry="./run.sh"; any_font=1 ;;
    test) groups="qt font test"; entry="./test.sh"; any_font=0 ;;
    bundle) groups="qt font bundle"; entry="packaging/build.sh"; any_font=1 ;;
    ci) groups="qt font test bundle"; entry=".ci/run"; any_font=0 ;;
    *)
        echo "用法：packaging/check_system.sh run|test|bundle|ci [PYTHON] [--sudo]" >&2
        exit 2
        ;;
esac

say() { echo "考评通：$*" >&2; }

chinese_font() { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family 2>/dev/null)" ]; }

# The packages this purpose needs, in the list's order. A Chinese font already on the machine will do for
# the window (any_font); the tests want the listed ones.
needed=()
while read -r package group _; do
    [ -z "$package" ] && continue
    case "$package" in "#"*) continue ;; esac
    case " $groups " in *" $group "*) ;; *) continue ;; esac
    if [ "$group" = font ] && [ "$any_font" = 1 ] && chinese_font; then
        continue
    fi
    needed+=("$package")
done <"$list"

missing=()
have_dpkg=0
if command -v dpkg-query >/dev/null 2>&1; then
    have_dpkg=1
    # dpkg-query fails when it knows a package not at all: that package is missing, like the others not "ii".
    installed=" $({ dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "${needed[@]}" 2>/dev/null || true; } |
        awk '$1 == "ii" { printf "%s ", $2 }')"
    for package in "${needed[@]}"; do
        case "$installed" in *" $package "*) ;; *) missing+=("$package") ;; esac
    done
fi
for package in ${APPRAISAL_PRETEND_MISSING:-}; do
    case " ${missing[*]} " in *" $package "*) ;; *) missing+=("$package") ;; esac
done

# Without dpkg (another distribution) the list cannot be checked by name: Qt itself and fc-list tell.
problems=""
if [ "$have_dpkg" = 0 ] && ! chinese_font; then
    problems="本机没有中文字体（fc-list :lang=zh 为空）。"
fi
if [ ${#missing[@]} -eq 0 ] && [ -n "$python" ] && [ -x "$python" ]; then
    set +e
    probe=$("$python" "$here/qt_probe.py" 2>&1)
    status=$?
    set -e
    if [ "$status" = 1 ]; then
        problems="$problems$probe"
    fi
fi

if [ ${#missing[@]} -gt 0 ] && [ -z "${APPRAISAL_PRETEND_MISSING:-}" ] && [ -z "${APPRAISAL_SYSTEM_INSTALLED:-}" ] &&
    command -v apt-get >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ] && [ "$use_sudo" = 1 ] && sudo -n true 2>/dev/null; then
        sudo="sudo -n"
    fi
    if [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; then
        say "正在安装缺少的系统软件包（${missing[*]}），约需一两分钟…"
        log=$(mktemp)
        if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
            cat "$log" >&2
            rm -f "$log"
            say "系统软件包安装失败（上面是 apt-get 的输出）。"
            exit 2
        fi
        rm -f "$log"
        say "系统软件包已安装。"
        # Check again, Qt included, exactly as a fresh run would (once: the guard stops a loop).
        APPRAISAL_SYSTEM_INSTALLED=1 exec "$0" "$purpose" ${python:+"$python"}
    fi
fi

if [ ${#missing[@]} -gt 0 ]; then
    say "本机缺少以下系统软件包（Qt 图形界面所需的系统库、中文字体等，清单见 packaging/system-packages.txt）："
    echo "    ${missing[*]}" >&2
    echo "请先安装，再重新运行 $entry：" >&2
    echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    echo "（没有 sudo 时以 root 身份运行这两条 apt-get 命令；以 root 身份运行 $entry 会自动安装。）" >&2
    exit 2
fi
if [ -n "$problems" ]; then
    say "$problems"
    if [ "$have_dpkg" = 1 ]; then
        echo "清单 packaging/system-packages.txt 中的软件包都已安装；请安装提供上述库的软件包（apt-file search 库名）。" >&2
    else
        echo "在 Debian/Ubuntu 上需要：sudo apt-get install -y --no-install-recommends ${needed[*]}" >&2
        echo "其他发行版请安装对应的软件包，然后重新运行 $entry。" >&2
    fi
    exit 2
fi
exit 0
