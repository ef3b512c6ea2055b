"""What every screenshot script shares: the repository on sys.path, Qt offscreen unless told otherwise, a
throw-away data folder, an application set up as `run_gui` sets it up (Chinese font, Qt's own texts in Chinese),
the output folder, and letting the event loop settle before a grab. Import it before anything from `app`.

Screenshots are taken under Xvfb on a 1280×800 screen; the main window is not resized by the scripts but placed
as the program places it on a 1280×800 laptop (`app/ui/shell/geometry.py`: fitted to the free area). The data
folder is a fresh one, so no window place remembered from an earlier run (or the user's) changes that, and
closing the window writes nothing into the user's data folder.

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb .venv/bin/python tools/<script>.py
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_DATA = tempfile.mkdtemp(prefix="appraisal-shots-")
os.environ["APPRAISAL_DATA_DIR"] = _DATA  # never the user's folder, even when the shell names one
atexit.register(shutil.rmtree, _DATA, True)

SCREEN = (1280, 800)  # the project's screenshot size: a small office laptop

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.ui.shell.app import APP_NAME, apply_cjk_font, install_qt_chinese  # noqa: E402


def output_folder(description: str, argv: list[str] | None = None) -> Path:
    """`--out` (default docs/screenshots), created."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    folder: Path = parser.parse_args(argv).out
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def make_app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    family = apply_cjk_font(app)
    install_qt_chinese(app)  # Qt's own buttons (OK/Cancel) in Chinese, as run_gui does
    print(f"font: {family or app.font().family()}")
    screen = app.primaryScreen()
    size = (screen.size().width(), screen.size().height()) if screen else None
    if size != SCREEN:  # the window would be fitted to another screen: not the shots the docs promise
        print(f"warning: screen {size}, not {SCREEN}; run under xvfb-run -s '-screen 0 1280x800x24'", file=sys.stderr)
    return app


def settle(app: QApplication, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()
