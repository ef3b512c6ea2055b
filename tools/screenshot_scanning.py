"""Screenshots of 扫描录入 on the demo year, for the docs: the page after a scan (pages and their state), the
review of an unclear row, a test deck's report, and an annex-4 ballot keyed beside its scan.

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshot_scanning.py

Writes docs/screenshots/scan-pages.png, scan-review.png, scan-test-deck.png and scan-keying-sheet.png
(the window as on a 1280×800 laptop) from a throw-away database; the ballots are printed by the program and filled in by the test
corpus generator (tests/helpers/scan_corpus.py)."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QWidget
from shots import make_app, output_folder, settle  # first: puts the repository on sys.path

from app.cli import main as cli
from app.models.db import open_database
from app.models.demo import build_demo_year
from app.scanning.layouts import load_expected
from app.ui.keying.rating_page import RatingKeyingPage
from app.ui.scanning.page import ScanPage
from app.ui.shell.main_window import MainWindow
from app.ui.widgets import ask
from tests.helpers.scan_runs import CLEAR_MIX, filled_scan

AWKWARD = {"tick": 600, "cross": 80, "blank": 60, "double": 4, "faint": 4, "crossed_out": 2, "over_edge": 2}


def main(argv: list[str] | None = None) -> int:
    out = output_folder(__doc__.splitlines()[0], argv)
    app = make_app()
    # Questions answered by the script: a file name when one is set below; "discard the half-keyed ballot?" yes.
    answers: dict[str, object] = {}
    ask.responder = lambda question, _show: answers.get(question.kind, True)
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        path = folder / "考评通.sqlite"
        db = open_database(path)
        try:
            build_demo_year(db)
            db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            window = MainWindow(db)
            window.show()
            scan = window.page(ScanPage)
            assert isinstance(scan, ScanPage)
            scan.runner.workers = 1

            def shoot(page: QWidget, name: str) -> None:
                window.show_page(window.page_list.index(page))
                settle(app)
                target = out / name
                if not window.grab().save(str(target)):
                    raise SystemExit(f"could not write {target}")
                print(f"wrote {target}")

            def read(*paths: Path) -> None:
                scan.scan_files([str(p) for p in paths])
                while scan.runner.busy:
                    app.processEvents()
                    time.sleep(0.02)
                settle(app)

            window.show_page(window.page_list.index(scan))
            settle(app)
            # The test deck: printed by the button, read back as the scanner would deliver it.
            deck = folder / "测试票.pdf"
            answers[ask.SAVE_FILE] = str(deck)
            scan.print_test_deck()
            read(deck)
            shoot(scan, "scan-test-deck.png")

            # The real stack: ballots filled in and scanned; the clear ones stored, the others waiting.
            layout = load_expected(db, 2017).democratic
            clear = filled_scan(path, folder, layout, 4, seed=7, mix=CLEAR_MIX, name="扫描件-001.pdf")
            awkward = filled_scan(path, folder, layout, 2, seed=8, mix=AWKWARD, name="扫描件-002.pdf")
            leaders = folder / "附件4.pdf"
            assert cli(["print", str(path), "--year", "2017", "ballot-leaders", "--out", str(leaders)]) == 0
            read(clear.path, awkward.path, leaders)
            scan.tabs.setCurrentWidget(scan.pages_view)
            shoot(scan, "scan-pages.png")
            scan.tabs.setCurrentWidget(scan.review)
            scan.review.setFocus()
            shoot(scan, "scan-review.png")

            rating = window.page(RatingKeyingPage)
            assert isinstance(rating, RatingKeyingPage)
            window.show_page(window.page_list.index(rating))
            settle(app)
            rating.set_form("leaders")
            view = rating.grid_view
            view.setFocus()
            view.go(4, 0)
            shoot(rating, "scan-keying-sheet.png")
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
