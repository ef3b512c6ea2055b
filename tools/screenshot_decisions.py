"""Screenshot of 考评结果 with a tie decided by the committee (党委审定) and one still open, for the docs.

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshot_decisions.py

Throw-away database: the demo year 2017 with group 1's first two units tied (one decided 一等奖, the other left
open) and a cadre pool tied at its 优秀 line. Writes docs/screenshots/results-decision.png and
results-decision-dialog.png.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget
from shots import make_app, output_folder  # first: puts the repository on sys.path

from app.models.committee import set_decision
from app.models.db import open_database
from app.models.demo import build_demo_year
from app.ui.results.decision_dialog import DecisionDialog
from app.ui.results.models import U_NAME
from app.ui.results.page import ResultsPage
from app.ui.shell.main_window import MainWindow
from tests.helpers.decision_fixtures import tied_demo


def shoot(app: QApplication, widget: QWidget, path: Path) -> None:
    for _ in range(20):
        app.processEvents()
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path}")


def main(argv: list[str] | None = None) -> int:
    out = output_folder(__doc__.splitlines()[0], argv)
    app = make_app()
    with tempfile.TemporaryDirectory() as folder, open_database(Path(folder) / "demo.sqlite") as db:
        build_demo_year(db)
        subjects = tied_demo(db, 2017)
        upper, lower = subjects["units"]
        with db.atomic("党委审定", "screenshot") as conn:
            set_decision(db, conn, 2017, "unit", lower, "一等奖", "委党委会议纪要〔2018〕3号")
        window = MainWindow(db)
        window.show()
        window.session.set_year(2017)
        results = window.page(ResultsPage)
        assert isinstance(results, ResultsPage)
        window.show_page(window.page_list.index(results))
        tab = results.group_tab(1)
        results.tabs.setCurrentWidget(tab)
        model = tab.view.model()
        row = next(r for r in range(model.rowCount()) if model.index(r, U_NAME).data() == upper)
        tab.view.setFocus()
        tab.view.setCurrentIndex(model.index(row, U_NAME))
        results.decision_message.setText(f"已录入党委审定：{lower} 一等奖。选中 {upper} 按 Enter 审定。")
        shoot(app, window, out / "results-decision.png")
        dialog = DecisionDialog(window, f"第1组：{upper}", ["一等奖", "二等奖"], "二等奖")
        dialog.reason.setText("委党委会议纪要〔2018〕3号")
        dialog.show()
        shoot(app, dialog, out / "results-decision-dialog.png")
        dialog.close()
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
