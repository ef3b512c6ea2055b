"""Render one page of each printed document (demo year) to PNG for the docs, plus the print page.

    xvfb-run -a env QT_QPA_PLATFORM=xcb .venv/bin/python tools/render_documents.py

Writes docs/screenshots/print-<document>.png (pdftoppm, 60 dpi) and print-page.png (the 打印与导出 page
with a notice preview) from a throw-away database."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.documents.data import gather  # noqa: E402
from app.documents.export import DOCUMENTS, render_document  # noqa: E402
from app.models.db import open_database  # noqa: E402
from app.models.demo import build_demo_year  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if shutil.which("pdftoppm") is None:
        print("pdftoppm (poppler-utils) is needed", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "demo.sqlite")
        build_demo_year(db)
        data = gather(db, 2017)
        for doc in DOCUMENTS:
            pdf = Path(folder) / f"{doc}.pdf"
            pdf.write_bytes(render_document(data, doc))
            stem = args.out / f"print-{doc}"
            subprocess.run(
                ["pdftoppm", "-png", "-r", str(args.dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
                check=True,
            )
            print(f"{stem}.png")
        screenshot_page(db, args.out / "print-page.png")
        db.close()
    return 0


def screenshot_page(db, target: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from app.ui.printing.page import PrintPage
    from app.ui.shell.app import apply_cjk_font, install_qt_chinese
    from app.ui.shell.main_window import MainWindow

    app = QApplication.instance() or QApplication(["appraisal"])
    apply_cjk_font(app)
    install_qt_chinese(app)  # Qt's own buttons (OK/Cancel) in Chinese, as run_gui does
    window = MainWindow(db, poll_ms=0)
    window.resize(1400, 850)
    window.show()
    page = window.page(PrintPage)
    window.show_page(window.page_list.index(page))
    page.document.setCurrentIndex(page.document.findData("notice"))
    page.preview()
    for _ in range(20):
        app.processEvents()
    window.grab().save(str(target))
    print(target)
    window.close()


if __name__ == "__main__":
    sys.exit(main())
