"""The window fits the screen (issue 20 point 3): on a 1280×800 or 1366×768 laptop its frame lies inside the
screen's free area, and it comes back where the clerk left it, per screen.

The screen sizes are real: each case runs the window in a child process on Qt's offscreen platform given a
screen of that size (its `configfile` option), with window frames drawn."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect

from app.ui.shell.geometry import PREFERRED, fitted

CHILD = r"""
import json, sys
from PySide6.QtWidgets import QApplication
from app.models.db import open_database
from app.ui.shell.main_window import MainWindow

app = QApplication([])
db = open_database(sys.argv[1])
window = MainWindow(db, poll_ms=60000)
window.show()
for _ in range(20):
    app.processEvents()
if sys.argv[2] == "move":
    window.setGeometry(40, 60, 1000, 640)
    app.processEvents()
screen = window.screen().availableGeometry()
frame = window.frameGeometry()
print(json.dumps({"screen": [screen.x(), screen.y(), screen.width(), screen.height()],
                  "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
                  "inner": [window.width(), window.height()]}))
window.close()
db.close()
"""


def run_on_screen(tmp_path: Path, db_path: Path, width: int, height: int, action: str = "") -> dict:
    config = tmp_path / f"screen-{width}x{height}.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"windowFrameMargins": True, "screens": [screen]}), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(db_path), action or "-"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def inside(frame: list[int], screen: list[int]) -> bool:
    return QRect(*screen).contains(QRect(*frame))


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (1366, 768)])
def test_the_frame_fits_a_laptop_screen(tmp_path: Path, demo_path: Path, width: int, height: int) -> None:
    shown = run_on_screen(tmp_path, demo_path, width, height)
    assert shown["screen"] == [0, 0, width, height]
    assert inside(shown["frame"], shown["screen"]), shown
    assert shown["inner"][0] >= 1200  # and it uses the room it has (not a small window)


def test_the_place_is_remembered_per_screen(tmp_path: Path, demo_path: Path) -> None:
    run_on_screen(tmp_path, demo_path, 1280, 800, "move")
    again = run_on_screen(tmp_path, demo_path, 1280, 800)
    assert again["inner"] == [1000, 640]
    # Another screen size is another place: there it opens fitted to that screen.
    other = run_on_screen(tmp_path, demo_path, 1366, 768)
    assert other["inner"] != [1000, 640] and inside(other["frame"], other["screen"])


def test_fitted_keeps_a_remembered_window_on_a_smaller_screen() -> None:
    laptop = QRect(0, 0, 1280, 760)  # a taskbar takes 40 px
    big_monitor_place = QRect(300, 200, 1800, 1000)
    rect = fitted(laptop, big_monitor_place)
    assert laptop.contains(rect.adjusted(-8, -31, 8, 8))
    assert fitted(QRect(0, 0, 2560, 1440), None).size() == PREFERRED
