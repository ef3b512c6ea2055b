"""Screenshots of 考评结果's 计分明细 panel and of a 考评明细 page, for the docs (issue 12).

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshot_explanation.py

Throw-away database: the demo year 2017. Writes docs/screenshots/results-explanation.png (电子通信产业科 selected:
its two reports of one matter, the smaller not counted), results-provisional.png (财务科 missing an item: its group
in italics, 暂定, the reason at the top of the panel), print-detail.png (the 考评明细 page of 运行协调监测科, whose
省级表彰 is shared with another unit) and print-detail-cadres.png (the cadres' lines of that unit).
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication
from shots import make_app, output_folder, settle  # first: puts the repository on sys.path

from app.documents.data import gather
from app.documents.export import render_document
from app.models.db import open_database
from app.models.demo import build_demo_year
from app.ui.results.models import U_NAME
from app.ui.results.page import ResultsPage
from app.ui.shell.main_window import MainWindow


def select_unit(results: ResultsPage, group: int, name: str) -> None:
    tab = results.group_tab(group)
    results.tabs.setCurrentWidget(tab)
    model = tab.view.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, U_NAME).data() == name)
    tab.view.setFocus()
    tab.view.setCurrentIndex(model.index(row, U_NAME))


def shoot(app: QApplication, window: MainWindow, path: Path) -> None:
    settle(app)
    if not window.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path}")


def pdf_page(pdf: bytes, page: int, target: Path, folder: str) -> None:
    source = Path(folder) / "detail.pdf"
    source.write_bytes(pdf)
    stem = target.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile", str(source), str(stem)],
        check=True,
    )
    print(f"wrote {target}")


def main(argv: list[str] | None = None) -> int:
    out = output_folder(__doc__.splitlines()[0], argv)
    app = make_app()
    with tempfile.TemporaryDirectory() as folder, open_database(Path(folder) / "demo.sqlite") as db:
        build_demo_year(db)
        window = MainWindow(db)
        window.show()
        window.session.set_year(2017)
        results = window.page(ResultsPage)
        assert isinstance(results, ResultsPage)
        window.show_page(window.page_list.index(results))
        results.body.setSizes([760, 520])
        select_unit(results, 2, "电子通信产业科")
        shoot(app, window, out / "results-explanation.png")
        pdf = render_document(gather(db, 2017), "detail", unit="运行协调监测科")
        pdf_page(pdf, 1, out / "print-detail.png", folder)
        pdf_page(pdf, 2, out / "print-detail-cadres.png", folder)
        with window.session.write("截图：删去财务科一项得分") as conn:
            conn.execute("DELETE FROM item_scores WHERE year = 2017 AND unit = '财务科' AND item = 'common-01'")
        select_unit(results, 1, "人事科")
        shoot(app, window, out / "results-provisional.png")
        window.leaving_confirmed = True
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
