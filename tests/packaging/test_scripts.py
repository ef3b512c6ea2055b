"""The set-up scripts (issue 11, point 1; issue 20, point 7): one list of system packages that every entry point
reads, a check that stops before anything else with the exact apt-get line and exit 2 (never a traceback), and
a first use that says in Chinese what it does while pip stays quiet unless it fails.

The scripts run on copies in tmp_path, so a check that failed to stop could not touch the real .venv or recurse
into the test suite. APPRAISAL_PRETEND_MISSING (documented in packaging/check_system.sh) makes packages count as
missing and forbids installing, so the tests never run apt-get even as root."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
PACKAGE_LIST = REPOSITORY / "packaging" / "system-packages.txt"
SCRIPTS = ["run.sh", "test.sh", ".ci/run", "packaging/build.sh", "packaging/setup_env.sh", "packaging/check_system.sh"]
SCRIPT_FILES = [*SCRIPTS, "packaging/check_bundle.sh", "packaging/qt_probe.py", "run.bat", "test.bat"]
DOCUMENTS = ["README.md"]
GROUPS = {"qt", "font", "test", "bundle"}

pytestmark = pytest.mark.skipif(shutil.which("bash") is None or sys.platform == "win32", reason="bash scripts")


def package_list() -> list[tuple[str, str]]:
    rows = []
    for line in PACKAGE_LIST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            package, group = line.split()
            rows.append((package, group))
    return rows


def copy_scripts(target: Path) -> Path:
    """The entry points and packaging scripts, with the package list, in the repository's layout."""
    for name in [*SCRIPT_FILES, "packaging/system-packages.txt"]:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPOSITORY / name, target / name)
    return target


def run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("APPRAISAL_")}
    return subprocess.run(
        command, cwd=cwd, env={**environment, **env}, capture_output=True, text=True, timeout=60, check=False
    )


def test_the_list_names_each_package_once_in_a_known_group():
    rows = package_list()
    names = [name for name, _ in rows]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9+.-]+", name) for name in names)
    assert {group for _, group in rows} == GROUPS
    # The two failures issue 11 saw on a bare Debian 12: Qt's GLib and PyInstaller's objdump.
    assert ("libglib2.0-0", "qt") in rows and ("binutils", "bundle") in rows
    # The fonts the documents' tests need: 宋体 and rare characters, beside the window's font.
    assert {"fonts-wqy-microhei", "fonts-arphic-gbsn00lp", "fonts-hanazono"} <= set(names)


@pytest.mark.parametrize("name", [*SCRIPT_FILES, *DOCUMENTS])
def test_no_script_keeps_its_own_copy_of_the_list(name):
    text = (REPOSITORY / name).read_text(encoding="utf-8")
    named = [package for package, _ in package_list() if re.search(rf"(?<![\w.-]){re.escape(package)}(?![\w.-])", text)]
    assert named == [], f"{name} names {named}: they belong in packaging/system-packages.txt only"


@pytest.mark.parametrize(
    ("entry", "shown"),
    [
        ("run.sh", "./run.sh"),
        ("test.sh", "./test.sh"),
        (".ci/run", ".ci/run"),
        ("packaging/build.sh", "packaging/build.sh"),
    ],
)
def test_every_entry_point_stops_first_with_the_apt_line_and_exit_2(tmp_path, entry, shown):
    root = copy_scripts(tmp_path)
    done = run(["bash", entry], root, APPRAISAL_PRETEND_MISSING="libglib2.0-0")
    assert done.returncode == 2, done.stderr
    assert "sudo apt-get update && sudo apt-get install -y --no-install-recommends " in done.stderr
    assert re.search(r"install -y --no-install-recommends .*\blibglib2\.0-0\b", done.stderr)
    assert f"再重新运行 {shown}" in done.stderr and "本机缺少以下系统软件包" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout and done.stdout == ""
    assert not (root / ".venv").exists(), "the check must come before the virtualenv"


@pytest.mark.skipif(shutil.which("dpkg-query") is None, reason="the package check by name needs dpkg")
def test_the_check_reads_the_list(tmp_path):
    """A package added to the list is required at once: the list is what the check reads, not a copy of it."""
    root = copy_scripts(tmp_path)
    with (root / "packaging/system-packages.txt").open("a", encoding="utf-8") as list_file:
        list_file.write("kaopingtong-no-such-package qt\n")
    done = run(["bash", "packaging/check_system.sh", "run"], root, APPRAISAL_PRETEND_MISSING="libgl1")
    assert done.returncode == 2
    line = next(line for line in done.stderr.splitlines() if "apt-get install" in line)
    assert {"kaopingtong-no-such-package", "libgl1"} <= set(line.split())


def test_an_unknown_purpose_is_a_usage_message(tmp_path):
    done = run(["bash", "packaging/check_system.sh", "deploy"], copy_scripts(tmp_path))
    assert done.returncode == 2 and "用法" in done.stderr and "Traceback" not in done.stderr


def test_qt_starts_here():
    """The probe the scripts use agrees with the test suite's own Qt (which runs offscreen here)."""
    done = run([sys.executable, str(REPOSITORY / "packaging/qt_probe.py")], REPOSITORY)
    assert done.returncode == 0, done.stderr


def test_a_missing_qt_library_is_named_in_chinese_without_a_traceback(tmp_path):
    # A PySide6 that fails to load the way the real one does on a bare Debian (issue 11's INTERNALERROR).
    fake = tmp_path / "fake" / "PySide6"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(
        'raise ImportError("libglib-2.0.so.0: cannot open shared object file: No such file or directory")\n'
    )
    done = run([sys.executable, str(REPOSITORY / "packaging/qt_probe.py")], tmp_path, PYTHONPATH=str(fake.parent))
    assert done.returncode == 1
    assert "Qt 无法启动：缺少系统库 libglib-2.0.so.0" in done.stderr
    assert "Traceback" not in done.stderr and 'File "' not in done.stderr


FAKE_PYTHON = """#!/usr/bin/env bash
# Stands in for the venv's Python: pip is noisy, and fails when FAKE_PIP_FAILS is set.
if [ "$1 $2" = "-m pip" ]; then
    echo "Collecting PySide6-Essentials"; echo "WARNING: pip's noise"
    [ -n "${FAKE_PIP_FAILS:-}" ] && { echo "ERROR: No matching distribution found for PySide6-Essentials"; exit 1; }
    touch "$(dirname "$0")/appraisal"; chmod +x "$(dirname "$0")/appraisal"
fi
exit 0
"""


def fake_setup(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """setup_env.sh with a stub system check and a `python3` whose venv holds FAKE_PYTHON: no network, no pip."""
    root = copy_scripts(tmp_path / "repo")
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (root / "packaging/check_system.sh").write_text("#!/usr/bin/env bash\nexit 0\n")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    venv_python = tmp_path / "fake-python"
    venv_python.write_text(FAKE_PYTHON)
    (bin_dir / "python3").write_text(
        "#!/usr/bin/env bash\n"
        f'if [ "$1 $2" = "-m venv" ]; then mkdir -p "$3/bin" && cp {venv_python} "$3/bin/python"; fi\n'
        "exit 0\n"
    )
    for script in [bin_dir / "python3", venv_python]:
        script.chmod(0o755)
    return root, {"PATH": f"{bin_dir}:{os.environ['PATH']}"}


def test_first_use_says_what_it_does_and_pip_stays_quiet(tmp_path):
    root, env = fake_setup(tmp_path)
    first = run(["bash", "packaging/setup_env.sh", "run"], root, **env)
    assert first.returncode == 0, first.stderr
    said = first.stderr.splitlines()
    assert (
        said[0].startswith("考评通：首次使用，正在创建运行环境") and "正在安装依赖" in said[1] and "一两分钟" in said[1]
    )
    assert said[-1] == "考评通：运行环境已就绪。"
    assert "Collecting" not in first.stderr + first.stdout and "WARNING" not in first.stderr + first.stdout
    again = run(["bash", "packaging/setup_env.sh", "run"], root, **env)
    assert (again.returncode, again.stderr, again.stdout) == (0, "", ""), "a second start is silent"


def test_a_failing_pip_shows_its_log(tmp_path):
    root, env = fake_setup(tmp_path)
    done = run(["bash", "packaging/setup_env.sh", "test"], root, FAKE_PIP_FAILS="1", **env)
    assert done.returncode == 1
    assert "ERROR: No matching distribution found" in done.stderr and "安装依赖失败" in done.stderr
    assert not (root / ".venv/.installed-test").exists(), "the next run tries again"
