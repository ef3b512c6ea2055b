"""Start-up imports only what the window needs (issue 11: "nothing is imported at start-up that only printing,
Excel or scanning needs"): checked in a fresh process, so other tests' imports cannot hide one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.models.db import open_database

# Printing (ReportLab, the PDF preview), Excel, a library the program does not use at all, and scanning.
HEAVY = ("reportlab", "openpyxl", "pypdfium2", "sqlite_utils", "cv2", "numpy", "zxingcpp", "PIL")

SCRIPT = """
import json, sys
from app.ui.shell.app import run_gui  # what `appraisal gui` imports
from PySide6.QtWidgets import QApplication
from app.models.db import open_database
from app.ui.shell.main_window import MainWindow
app = QApplication([])
window = MainWindow(open_database(sys.argv[1]), poll_ms=3_600_000)
window.show()
app.processEvents()
window.start()  # the first page, with the year's results when the file has a year
app.processEvents()
print(json.dumps({"page": window.current_page().title, "modules": sorted(sys.modules)}))
window.leaving_confirmed = True
window.close()
"""


def modules_after_start(path: Path) -> tuple[str, set[str]]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(path)], capture_output=True, text=True, env=environment, timeout=120
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return report["page"], {name.split(".")[0] for name in report["modules"]}


def test_an_empty_file_opens_without_the_heavy_libraries(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    open_database(path).close()
    page, loaded = modules_after_start(path)
    assert page == "考评结果"
    assert not loaded & set(HEAVY), f"imported at start-up: {sorted(loaded & set(HEAVY))}"


def test_the_demo_year_shows_its_results_without_the_heavy_libraries(demo_path: Path) -> None:
    page, loaded = modules_after_start(demo_path)
    assert page == "考评结果" and "PySide6" in loaded and "app" in loaded  # the walk sees real imports
    assert not loaded & set(HEAVY), f"imported at start-up: {sorted(loaded & set(HEAVY))}"
