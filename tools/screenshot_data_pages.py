"""Screenshots of the data pages (科室评分、加分与扣分、干部名册) on the demo year, for the docs.

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshot_data_pages.py

Writes docs/screenshots/scoring.png, adjustments.png and roster.png from a throw-away database. To show a
branch deduction and a missing item, the script records one 三会一课 event for 机关第一党支部 and removes two
of 财务科's typed scores in that throw-away copy (the demo year itself types every score).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from shots import make_app, output_folder, settle  # first: puts the repository on sys.path

from app.models import unit_data
from app.models.db import open_database
from app.models.demo import DEMO_YEAR, build_demo_year
from app.models.store import year_scheme
from app.ui.roster.page import RosterPage
from app.ui.shell.main_window import MainWindow
from app.ui.unit_data.adjustments_page import AdjustmentsPage
from app.ui.unit_data.scoring_models import ScoringItemsModel
from app.ui.unit_data.scoring_page import ScoringPage


def main(argv: list[str] | None = None) -> int:
    out = output_folder(__doc__.splitlines()[0], argv)

    app = make_app()
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "考评通.sqlite")
        try:
            build_demo_year(db)
            scheme = year_scheme(db, DEMO_YEAR)
            with db.atomic("截图示例", "tools") as conn:
                for item in ("common-01", "b16-02"):
                    conn.execute("DELETE FROM item_scores WHERE unit = '财务科' AND item = ?", (item,))
                unit_data.add_item_event(
                    conn, DEMO_YEAR, scheme, "财务科", "common-01", 1, "1", "下半年未召开党员大会", "2017.12.29"
                )
            window = MainWindow(db)
            window.show()
            pages = window.page_list

            scoring = window.page(ScoringPage)
            assert isinstance(scoring, ScoringPage)
            window.show_page(pages.index(scoring))
            settle(app)
            scoring.select_unit("财务科")
            scoring.items_view.setCurrentIndex(scoring.items_model.index(0, ScoringItemsModel.I_SCORE))
            scoring.message.ok("已记：机关第一党支部（支部所有科室）“党支部标准化建设”未落实“三会一课”制度 1 次。")
            scoring.count_edit.setText("1")
            scoring.date_edit.setText("2017.6.30")  # the next event being typed: count and date
            settle(app)
            shoot(window, out / "scoring.png")

            adjustments = window.page(AdjustmentsPage)
            assert isinstance(adjustments, AdjustmentsPage)
            window.show_page(pages.index(adjustments))
            settle(app)
            editor = adjustments.editor
            editor.events_view.setCurrentIndex(editor.events_model.index(0, 0))
            editor.load_selected()
            settle(app)
            shoot(window, out / "adjustments.png")

            roster = window.page(RosterPage)
            assert isinstance(roster, RosterPage)
            window.show_page(pages.index(roster))
            settle(app)
            barred = next(c.id for c in (roster.model.cadre(r) for r in range(roster.model.rowCount())) if c.barred)
            roster.select(barred)
            settle(app)
            shoot(window, out / "roster.png")
            window.close()
        finally:
            db.close()
    return 0


def shoot(window: MainWindow, path: Path) -> None:
    if not window.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path}")


if __name__ == "__main__":
    sys.exit(main())
