"""Screenshots of the main window on the demo year, for the docs.

    xvfb-run -a env QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshot_main.py
    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshot_main.py

Writes docs/screenshots/main-window.png (第二组) and main-window-cadres.png (干部) from a
throw-away database, so the user's own file is never touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.models.db import open_database  # noqa: E402
from app.models.demo import build_demo_year  # noqa: E402
from app.ui.app import APP_NAME, apply_cjk_font, install_qt_chinese  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402

SIZE = (1400, 850)


def settle(app: QApplication, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    family = apply_cjk_font(app)
    install_qt_chinese(app)  # Qt's own buttons (OK/Cancel) in Chinese, as run_gui does
    print(f"font: {family or app.font().family()}")
    with tempfile.TemporaryDirectory() as folder:
        # A temp file name the title can show plainly.
        db = open_database(Path(folder) / "考评通.sqlite")
        try:
            build_demo_year(db)
            window = MainWindow(db)
            window.resize(*SIZE)
            window.show()
            shots = (("main-window.png", 1), ("main-window-cadres.png", 3))
            for name, tab in shots:
                window.results_page.tabs.setCurrentIndex(tab)
                settle(app)
                path = args.out / name
                if not window.grab().save(str(path)):
                    print(f"could not write {path}", file=sys.stderr)
                    return 1
                print(f"wrote {path}")
            window.close()
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
