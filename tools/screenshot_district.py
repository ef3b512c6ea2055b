"""Screenshots of the 市对区考绩 page and a rendered page of the monthly notice, for the docs.

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshot_district.py

Works on a throw-away database: the demo year 2017 plus the small demo indicator set
(app/models/district/demo.py), viewed on 2017-09-12, the day before the units' deadline.
Writes docs/screenshots/district-progress.png, district-flags.png, district-events.png,
district-notice-wording.png and district-notice.png
(page 1 and 2 of the monthly notice rendered with pdftoppm, side by side).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QWidget
from shots import make_app, output_folder, settle  # first: puts the repository on sys.path

from app.documents.district import district_pdf_bytes
from app.models.db import open_database
from app.models.demo import build_demo_year
from app.models.district.demo import add_demo_district
from app.ui.district.page import DistrictPage
from app.ui.shell.main_window import MainWindow

TODAY = date(2017, 9, 12)


def shoot(app: QApplication, widget: QWidget, path: Path) -> None:
    settle(app)
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path}")


def render_notice(db, out: Path, work: Path) -> None:
    pdf = work / "notice.pdf"
    pdf.write_bytes(district_pdf_bytes(db, 2017, "indicator-notice", "2017-09", today=TODAY))
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm not found (poppler-utils)")
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf), str(work / "n")], check=True)
    pages = sorted(work.glob("n-*.png"))
    images = [QImage(str(p)) for p in pages]
    gap = 16
    width = sum(i.width() for i in images) + gap * (len(images) + 1)
    height = max(i.height() for i in images) + 2 * gap
    sheet = QImage(width, height, QImage.Format.Format_RGB32)
    sheet.fill(0xD0D0D0)
    painter = QPainter(sheet)
    x = gap
    for image in images:
        painter.drawImage(x, gap, image)
        x += image.width() + gap
    painter.end()
    sheet.save(str(out))
    print(f"wrote {out}")


def main(argv: list[str] | None = None) -> int:
    out = output_folder(__doc__.splitlines()[0], argv)

    app = make_app()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = open_database(work / "district.sqlite")
        build_demo_year(db)
        add_demo_district(db, 2017)
        window = MainWindow(db, poll_ms=0)
        page = window.page(DistrictPage)
        assert isinstance(page, DistrictPage)
        page.today = lambda: TODAY
        window.show_page(window.page_list.index(page))
        window.show()
        settle(app)
        page.refresh_now()
        page.set_month("2017-09")
        page.tabs.setCurrentWidget(page.progress)
        view = page.progress.view
        view.setCurrentIndex(page.progress.model.index(1, page.progress.model.column("signed")))
        view.setFocus()
        shoot(app, window, out / "district-progress.png")
        page.tabs.setCurrentWidget(page.flags)
        page.flags.view.setCurrentIndex(page.flags.model.index(1, 0))
        shoot(app, window, out / "district-flags.png")
        page.tabs.setCurrentWidget(page.events)
        shoot(app, window, out / "district-events.png")
        page.tabs.setCurrentWidget(page.notice)
        shoot(app, window, out / "district-notice-wording.png")
        render_notice(db, out / "district-notice.png", work)
        window.close()
        db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
