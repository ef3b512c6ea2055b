"""Screenshots of 年度与方案, the scheme editor, 操作记录 and 考评结果 (后续事项), for the docs.

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshot_admin_pages.py

Works on a throw-away database: demo years 2015–2017 (same seed, so some cadres are 优秀 three years running),
2018 created as a copy of 2017's scheme, one unit's head filled in, one score corrected and undone, 2017 locked.
Writes docs/screenshots/years.png, scheme.png, audit.png, results-flags.png, results-new-year.png.
"""

from __future__ import annotations

import sys
import tempfile
from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget
from shots import make_app, output_folder, settle  # first: puts the repository on sys.path

from app.models.audit import undo_last
from app.models.db import open_database
from app.models.demo import build_demo_year
from app.models.scheme_rows import put_unit_rows, unit_rows
from app.models.store import set_item_score
from app.models.years import create_year_from, lock_year, save_scheme
from app.models.years import year_scheme_body as scheme_of
from app.ui.audit.page import AuditPage
from app.ui.results.page import ResultsPage
from app.ui.shell.main_window import MainWindow
from app.ui.years.page import YearsPage


def shoot(app: QApplication, widget: QWidget, path: Path) -> None:
    settle(app)
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path}")


def main(argv: list[str] | None = None) -> int:
    out = output_folder(__doc__.splitlines()[0], argv)

    app = make_app()
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "考评通.sqlite")
        try:
            for year in (2015, 2016, 2017):
                build_demo_year(db, year=year, seed=2017)
            with db.atomic("新建 2018 年度（复制 2017 年度方案）", "gui") as conn:
                create_year_from(conn, db, 2018, copy_of=2017)
            body = scheme_of(db, 2018)
            rows = unit_rows(body)
            rows[0]["head"] = "张明"
            with db.atomic("修改 2018 年度考评方案", "gui") as conn:
                save_scheme(conn, db, 2018, put_unit_rows(body, rows))
            with db.atomic("录入办公室办文工作得分", "gui") as conn:
                set_item_score(conn, 2018, "办公室", "b01-01", Decimal("2.8"), "重大差错 1 次")
            with db.atomic("录入财务科得分（误录）", "gui") as conn:
                set_item_score(conn, 2018, "财务科", "b16-01", Decimal("1"), None)
            undo_last(db)
            with db.atomic("审定锁定 2017 年度：委党委会审定", "gui") as conn:
                lock_year(conn, db, 2017, "王主任", "委党委会审定")

            window = MainWindow(db)
            window.show()
            settle(app)

            years = window.page(YearsPage)
            assert isinstance(years, YearsPage)
            window.session.set_year(2017)
            window.show_page(window.page_list.index(years))
            years.tabs.setCurrentIndex(0)
            shoot(app, window, out / "years.png")

            window.session.set_year(2018)
            settle(app)
            years.tabs.setCurrentIndex(1)
            editor = years.editor
            editor.tabs.setCurrentIndex(1)
            editor.items.choose_unit("办公室")
            model = editor.items.model
            model.setData(model.index(0, 2), "4")  # an unsaved edit: the sum turns red
            editor.items.view.setCurrentIndex(model.index(0, 2))
            shoot(app, window, out / "scheme.png")
            years.revert()
            years.message.clear()

            audit = window.page(AuditPage)
            window.show_page(window.page_list.index(audit))
            shoot(app, window, out / "audit.png")

            results = window.page(ResultsPage)
            assert isinstance(results, ResultsPage)
            window.session.set_year(2017)
            window.show_page(window.page_list.index(results))
            results.tabs.setCurrentIndex(results.tabs.indexOf(results.flags_tab))
            shoot(app, window, out / "results-flags.png")
            window.session.set_year(2018)
            settle(app)
            results.tabs.setCurrentIndex(0)
            shoot(app, window, out / "results-new-year.png")
            window.close()
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
