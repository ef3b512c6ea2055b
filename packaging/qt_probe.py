"""Can Qt start here, and does it see a Chinese font? Used by packaging/check_system.sh and run.bat/test.bat.

Imports nothing of the program, only PySide6. The QApplication is started in a child process, because a
missing platform plugin library makes Qt abort the process (no exception to catch). Exit codes:
0 Qt starts and a Chinese font is there; 1 it does not (a Chinese message on stderr); 3 PySide6 is not installed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

NO_PYSIDE, NO_FONT = 3, 4


def child() -> int:
    """Start a QApplication with a label, as the program does; exit NO_FONT when no Chinese font is known."""
    try:
        from PySide6.QtGui import QFontDatabase
        from PySide6.QtPrintSupport import QPrinter  # the print dialog's libraries (libcups) load with it
        from PySide6.QtWidgets import QApplication, QLabel
    except ModuleNotFoundError as error:
        if error.name == "PySide6":
            return NO_PYSIDE
        raise
    app = QApplication(["qt_probe"])
    label = QLabel("考评通")
    label.show()
    app.processEvents()
    QPrinter()
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    label.close()
    return 0 if chinese else NO_FONT


def main() -> int:
    if "--child" in sys.argv:
        return child()
    env = dict(os.environ)
    if sys.platform.startswith("linux") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")  # no screen: test the libraries, not the display
    done = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--child"],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    if done.returncode == 0:
        return 0
    if done.returncode == NO_PYSIDE:
        print("PySide6 尚未安装。", file=sys.stderr)
        return NO_PYSIDE
    if done.returncode == NO_FONT:
        print("Qt 可以启动，但本机没有中文字体，界面上的汉字会显示成方框。", file=sys.stderr)
        return 1
    output = (done.stderr + done.stdout).strip()
    libraries = sorted(set(re.findall(r"(lib[\w.+-]+\.so[\d.]*)", output)))
    if libraries:
        print(f"Qt 无法启动：缺少系统库 {'、'.join(libraries)}。", file=sys.stderr)
    else:
        print(f"Qt 无法启动（退出码 {done.returncode}）。", file=sys.stderr)
    if sys.platform == "win32":
        print("请安装微软的 Visual C++ 运行库（vc_redist.x64.exe）后重试。", file=sys.stderr)
    # Qt's own last lines say which plugin or library failed; of a Python traceback only the error line.
    lines = output.splitlines()
    for line in lines[-1:] if "Traceback (most recent call last)" in output else lines[-3:]:
        print(f"    {line}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
