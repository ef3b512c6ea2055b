"""What every screenshot script shares: the repository on sys.path, Qt offscreen unless told otherwise, an
application set up as `run_gui` sets it up (Chinese font, Qt's own texts in Chinese), the output folder, and
letting the event loop settle before a grab. Import it before anything from `app`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

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
    return app


def settle(app: QApplication, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()
