"""Screenshots of the keying pages mid-ballot, on the demo year, for the docs.

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshot_keying.py

Writes docs/screenshots/keying-rating.png, keying-verify.png, keying-democratic.png, keying-tally.png,
keying-leaders.png, keying-leaders-verify.png and keying-reconcile.png from a throw-away database (the user's
file is never touched).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from shots import make_app, output_folder, settle  # first: puts the repository on sys.path

from app.models.ballots.reconciliation import set_ballot_counts
from app.models.db import open_database
from app.models.demo import build_demo_year
from app.ui.keying.common import MODE_DEPENDENT, MODE_SECOND
from app.ui.keying.democratic_page import DemocraticKeyingPage
from app.ui.keying.leader_ratings_page import LeaderRatingsPage
from app.ui.keying.rating_page import RatingKeyingPage
from app.ui.keying.reconcile_page import ReconcilePage
from app.ui.shell.main_window import MainWindow
from app.ui.widgets import ask

KEY_OF_MARK = {"优秀": "1", "称职": "2", "基本称职": "3", "不称职": "4"}


def keys(widget: QWidget, text: str) -> None:
    for ch in text:
        if ch == "\n":
            QTest.keyClick(widget, Qt.Key.Key_Return)
        elif ch == "\t":
            QTest.keyClick(widget, Qt.Key.Key_Tab)
        else:
            QTest.keyClicks(widget, ch)


def main(argv: list[str] | None = None) -> int:
    out = output_folder(__doc__.splitlines()[0], argv)
    app = make_app()
    # The script leaves half-keyed ballots on purpose (mode switches between shots): no "discard?" question.
    ask.responder = lambda question, _show: True  # every "discard the half-keyed ballot?" answered yes
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "考评通.sqlite")
        try:
            build_demo_year(db)
            window = MainWindow(db)
            window.show()

            def shoot(page: QWidget, name: str) -> None:
                window.show_page(window.page_list.index(page))
                settle(app)
                path = out / name
                if not window.grab().save(str(path)):
                    raise SystemExit(f"could not write {path}")
                print(f"wrote {path}")

            # 附件4 mid-ballot: the 13th annex-4 ballot, four units keyed, a value being typed, a refusal shown.
            rating = window.page(RatingKeyingPage)
            assert isinstance(rating, RatingKeyingPage)
            window.show_page(window.page_list.index(rating))
            settle(app)
            rating.set_form("leaders")
            view = rating.grid_view
            view.setFocus()
            keys(view, "443.53\t4" + "3.53.5443.5" + "44444" + "3\t3.53.53\t3.5")
            keys(view, "5")  # refused on the spot: 大局观念 is worth 4
            keys(view, "3.")  # a value being typed
            shoot(rating, "keying-rating.png")
            QTest.keyClick(view, Qt.Key.Key_Escape)

            # Dependent verification of ballot 1: a mismatch stops the cursor and asks which is right.
            rating.mode_box.setCurrentIndex(rating.mode_box.findData(MODE_DEPENDENT))
            view.setFocus()
            stored = json.loads(
                db.query("SELECT scores FROM rating_ballots WHERE form = 'leaders' AND serial = 1")[0][0]
            )
            office = stored["办公室"]
            keys(view, "".join(v + ("" if "." in v or v == "4" else "\t") for v in office))
            wrong = "3\t" if stored["综合与法规科"][0] != "3" else "2\t"
            keys(view, wrong)
            shoot(rating, "keying-verify.png")

            # 民主测评 mid-ballot: the first 40 marks of a new ballot.
            democratic = window.page(DemocraticKeyingPage)
            assert isinstance(democratic, DemocraticKeyingPage)
            window.show_page(window.page_list.index(democratic))
            settle(app)
            democratic.mark_view.setFocus()
            marks = json.loads(db.query("SELECT marks FROM democratic_ballots WHERE serial = 7")[0][0])
            keys(
                democratic.mark_view, "".join(KEY_OF_MARK.get(marks.get(c, ""), "0") for c in democratic.cadre_ids[:40])
            )
            shoot(democratic, "keying-democratic.png")

            # 领导评价 mid-sheet: the 10th leader, 12 cadres keyed.
            leaders = window.page(LeaderRatingsPage)
            assert isinstance(leaders, LeaderRatingsPage)
            window.show_page(window.page_list.index(leaders))
            settle(app)
            leaders.grid_view.setFocus()
            keys(leaders.grid_view, ("665.566" + "5.55.5655.5") * 6 + "5.5")
            shoot(leaders, "keying-leaders.png")

            # 领导评价 核对录入: rater 1's sheet re-keyed from the paper; the 4th cadre's 德 differs and stops the cursor.
            QTest.keyClick(leaders.grid_view, Qt.Key.Key_Escape)
            leaders.grid_view.setFocus()
            leaders.mode_box.setCurrentIndex(leaders.mode_box.findData(MODE_DEPENDENT))
            leaders.grid_view.setFocus()
            sheet = {
                r["cadre"]: json.loads(r["scores"])
                for r in db.query(
                    "SELECT cadre, scores FROM leader_ratings WHERE rater = ?", (leaders.serial_box.value(),)
                )
            }
            assert leaders.layout_for is not None
            typed = []
            for cadre_id, _label in leaders.layout_for.rows[:3]:
                typed += [v + ("" if "." in v or v == "6" else "\t") for v in sheet.get(cadre_id, [""] * 5)]
            keys(leaders.grid_view, "".join(v or "\t" for v in typed))
            fourth = sheet.get(leaders.layout_for.rows[3][0], ["6"])[0]
            keys(leaders.grid_view, "4\t" if fourth != "4" else "3\t")
            shoot(leaders, "keying-leaders-verify.png")
            QTest.keyClick(leaders.grid_view, Qt.Key.Key_A)  # the paper agrees with the first keying
            rest = sheet.get(leaders.layout_for.rows[3][0], [""] * 5)[1:]
            for cadre_id, _label in leaders.layout_for.rows[4:]:
                rest += sheet.get(cadre_id, [""] * 5)
            keys(leaders.grid_view, "".join(v + ("" if "." in v or v == "6" else "\t") for v in rest))
            QTest.keyClick(leaders.grid_view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            assert leaders.serial_box.value() == 2, leaders.status.text()  # sheet 1 verified, on to the next

            # 清点与核对: counts typed, two democratic ballots keyed a second time with one difference, compared.
            with window.session.write("截图：清点") as conn:
                set_ballot_counts(conn, 2017, "leaders", 12, 12)
                set_ballot_counts(conn, 2017, "heads", 25, 25)
                set_ballot_counts(conn, 2017, "democratic", 152, 151)
                set_ballot_counts(conn, 2017, "leader_ratings", 9, 9)
            democratic.mark_view.setFocus()
            QTest.keyClick(democratic.mark_view, Qt.Key.Key_Escape)
            democratic.mode_box.setCurrentIndex(democratic.mode_box.findData(MODE_SECOND))
            for serial in (1, 2):
                marks = json.loads(db.query("SELECT marks FROM democratic_ballots WHERE serial = ?", (serial,))[0][0])
                typed = [KEY_OF_MARK[marks[c]] if c in marks else "0" for c in democratic.cadre_ids]
                if serial == 2:
                    typed[5] = "1" if typed[5] != "1" else "2"
                democratic.mark_view.setFocus()
                keys(democratic.mark_view, "".join(typed) + "\n")
            reconcile = window.page(ReconcilePage)
            assert isinstance(reconcile, ReconcilePage)
            window.show_page(window.page_list.index(reconcile))
            settle(app)
            reconcile.compare()
            shoot(reconcile, "keying-reconcile.png")

            # 汇总计票 (tally mode) on the democratic page.
            window.show_page(window.page_list.index(democratic))
            settle(app)
            democratic.mode_box.setCurrentIndex(0)
            democratic.tally_box.setChecked(True)
            keys(democratic.tally_view, "120\t25\t6\t0\t98\t40\t12\t1\t10")  # mid-entry, not saved
            shoot(democratic, "keying-tally.png")
            window.close()
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
