"""Screenshots of the main window on the demo year, for the docs.

    xvfb-run -a env QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshot_main.py
    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshot_main.py

Writes docs/screenshots/main-window.png (第二组) and main-window-cadres.png (干部) from a
throw-away database, so the user's own file is never touched.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from shots import make_app, output_folder, settle  # first: puts the repository on sys.path

from app.models.db import open_database
from app.models.demo import build_demo_year
from app.ui.shell.main_window import MainWindow

SIZE = (1400, 850)


def main(argv: list[str] | None = None) -> int:
    out = output_folder(__doc__.splitlines()[0], argv)

    app = make_app()
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
                path = out / name
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
