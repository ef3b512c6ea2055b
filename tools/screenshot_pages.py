"""Every page of the window at 1280×800, on a real 2018 holding the demo year's data, for the docs.

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshot_pages.py

The file holds the demo 2017 and, imported from its export, 2018 with the same data (a real year: its
后续事项 show no 连续 follow-up from the invented 2017). The window opens as on a 1280×800 laptop (fitted to
the screen's free area); each page is grabbed after it is shown (page-NN-….png), then 2019 created with the
roster carried over, an empty keying page of a year without people, the message bar's three colours and the
使用说明 opened with F1. From a throw-away database, so the user's own file is never touched.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget
from shots import make_app, output_folder, settle  # first: puts the repository on sys.path

from app.cli import main as appraisal
from app.models.db import open_database
from app.models.demo import build_demo_year
from app.ui.shell.main_window import MainWindow

SLUGS = (
    "results",
    "scoring",
    "adjustments",
    "roster",
    "keying-rating",
    "keying-democratic",
    "keying-leaders",
    "keying-reconcile",
    "printing",
    "scanning",
    "district",
    "years",
    "audit",
)


def save(widget: QWidget, path: Path) -> None:
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path}")


def main(argv: list[str] | None = None) -> int:
    out = output_folder(__doc__.splitlines()[0], argv)
    app = make_app()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "考评通.sqlite"
        with open_database(path) as demo:
            build_demo_year(demo)
        exported = Path(folder) / "2017.json"
        appraisal(["export", str(path), "--year", "2017", "--out", str(exported)])
        data = json.loads(exported.read_text(encoding="utf-8"))
        data["year"] = 2018
        exported.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        appraisal(["import", str(path), str(exported)])
        db = open_database(path)
        try:
            window = MainWindow(db)
            window.show()
            settle(app, 40)
            print(f"screen {window.screen().availableGeometry()}, window {window.frameGeometry()}")
            for index, slug in enumerate(SLUGS):
                window.show_page(index, focus=True)
                settle(app, 30)
                if slug == "printing":  # a document chosen: its preview beside the settings
                    page = window.current_page()
                    page.document.setCurrentIndex(page.document.findData("results"))
                    page.preview()
                    settle(app, 30)
                save(window, out / f"page-{index + 1:02d}-{slug}.png")
            years = window.page_at(SLUGS.index("years"))
            window.show_page(SLUGS.index("years"))
            years.tabs.setCurrentIndex(1)  # 本年度方案 ▸ 考评项目: titles, points, no codes
            years.editor.tabs.setCurrentWidget(years.editor.items)
            settle(app, 30)
            save(window, out / "page-12-scheme.png")
            years.tabs.setCurrentIndex(0)
            results = window.page_at(0)
            window.show_page(0)
            results.tabs.setCurrentWidget(results.cadre_tab)
            settle(app, 30)
            save(window, out / "page-01-results-cadres.png")
            results.tabs.setCurrentWidget(results.flags_tab)
            settle(app)
            save(window, out / "results-flags-after-demo.png")

            # 2019 from 2018, its roster carried over (ticked by default: 2018 is a real year).
            window.show_page(SLUGS.index("years"))
            settle(app)
            years.create_year()
            settle(app, 30)
            save(window, out / "new-year.png")

            # Messages: green (a score kept), amber (an event the direct score overrides), red (refused).
            window.show_page(SLUGS.index("scoring"), focus=True)
            scoring = window.current_page()
            settle(app)
            scoring.finder.setText("办公室")
            settle(app)
            scoring.message.ok("已保存：办公室“办文工作”3 分（满分 3）。")
            settle(app)
            save(window, out / "message-ok.png")
            scoring.message.warn(
                "已记：办公室“办文工作”审核公文出现重大差错 1 次，但办公室的这一项已直接录入得分，得分以直接录入为准，总分不变。"
            )
            settle(app)
            save(window, out / "message-warning.png")
            scoring.message.error("“5”超过该项分值 3，未保存。")
            settle(app)
            save(window, out / "message-error.png")

            # 操作记录 in words, with the 年度 column.
            window.show_page(SLUGS.index("audit"))
            settle(app, 30)
            save(window, out / "audit-in-words.png")

            # An empty keying page of a year without people (2020, roster not carried).
            window.show_page(SLUGS.index("years"))
            years.new_year_edit.setText("2020")
            years.roster_box.setChecked(False)
            years.create_year()
            settle(app, 30)
            window.show_page(SLUGS.index("keying-democratic"), focus=True)
            settle(app, 30)
            save(window, out / "keying-empty-roster.png")

            # F1 on 科室评分: the guide at its part.
            window.show_page(SLUGS.index("scoring"), focus=True)
            settle(app)
            window.show_help()
            settle(app, 30)
            guide = window.help_window
            assert guide is not None
            guide.move(window.x() + 60, window.y() + 40)
            settle(app)
            save(guide, out / "help.png")
            guide.close()
            window.leaving_confirmed = True
            window.close()
        finally:
            db.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
