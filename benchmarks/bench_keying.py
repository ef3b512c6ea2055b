"""Keying speed through the real widgets, with simulated keystrokes; prints medians.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_keying.py [--ballots N]
    xvfb-run -a env QT_QPA_PLATFORM=xcb .venv/bin/python benchmarks/bench_keying.py

Reports:
- keystrokes per mark on a democratic ballot (150 cadres): must be exactly 1;
- keystrokes per annex-4 ballot (25 units × 5 criteria), keyed from the demo year's own ballots, and the
  same ballot keyed into a spreadsheet (value + Tab/Enter per cell; a blank cell still costs its Tab);
- milliseconds per keystroke (median, p99) on the 150-cadre democratic ballot and on a leader's
  150-cadre 德能勤绩廉 sheet (750 cells), each key timed with the repaint it causes (processEvents);
  the commit keystroke (one transaction + refresh) is timed apart.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.models.db import open_database  # noqa: E402
from app.models.demo import build_demo_year  # noqa: E402
from app.models.store import dec_str  # noqa: E402
from app.ui.keying.democratic_page import DemocraticKeyingPage  # noqa: E402
from app.ui.keying.leader_ratings_page import LeaderRatingsPage  # noqa: E402
from app.ui.keying.rating_page import RatingKeyingPage  # noqa: E402
from app.ui.shell.session import Session  # noqa: E402

YEAR = 2017
KEY_OF_MARK = {"优秀": "1", "称职": "2", "基本称职": "3", "不称职": "4"}


class Keyboard:
    """Sends keys to a widget, counting them and timing each with the repaint it causes."""

    def __init__(self, app: QApplication, widget: QWidget) -> None:
        self.app, self.widget = app, widget
        self.count = 0
        self.times: list[float] = []

    def key(self, key: str | Qt.Key, ctrl: bool = False, timed: bool = True) -> float:
        start = time.perf_counter()
        if isinstance(key, str):
            QTest.keyClicks(self.widget, key)
        else:
            mods = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
            QTest.keyClick(self.widget, key, mods)
        self.app.processEvents()
        elapsed = (time.perf_counter() - start) * 1000
        self.count += 1
        if timed:
            self.times.append(elapsed)
        return elapsed


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def cell_keys(value: Decimal | None, maximum: Decimal) -> list[str | Qt.Key]:
    """Our keys for one cell: the digits, plus Tab unless the value completes itself (full mark, x.5)."""
    if value is None:
        return [Qt.Key.Key_Tab]
    text = dec_str(value)
    complete = "." in text or value == maximum
    return [*text] + ([] if complete else [Qt.Key.Key_Tab])


def spreadsheet_keys(value: Decimal | None) -> int:
    return 1 if value is None else len(dec_str(value)) + 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=5, help="democratic ballots to key (150 marks each)")
    args = parser.parse_args(argv)
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        source = open_database(Path(folder) / "demo.sqlite")
        build_demo_year(source)
        db = open_database(Path(folder) / "keying.sqlite")
        build_demo_year(db)
        # Key into an empty copy of the demo year: same roster and scheme, no ballots.
        with db.atomic("基准测试：清空选票", "bench") as conn:
            for table in ("rating_ballots", "democratic_ballots", "leader_ratings"):
                conn.execute(f"DELETE FROM {table}")
        session = Session(db)
        session.set_year(YEAR)

        # --- democratic ballots: 150 cadres, one key per mark --------------------------------------
        page = DemocraticKeyingPage(session)
        page.resize(1200, 800)
        page.show()
        page.mark_view.setFocus()
        keyboard = Keyboard(app, page.mark_view)
        demo_ballots = source.query(
            "SELECT serial, marks FROM democratic_ballots ORDER BY serial LIMIT ?", (args.ballots,)
        )
        cadre_ids = page.cadre_ids
        marks_keyed = 0
        commit_ms = []
        for row in demo_ballots:
            marks = json.loads(row["marks"])
            for cadre_id in cadre_ids:
                mark = marks.get(cadre_id)
                keyboard.key(KEY_OF_MARK[mark] if mark else "0")
                marks_keyed += 1 if mark else 0
            commit_ms.append(keyboard.key(Qt.Key.Key_Return, timed=False))
        stored = [json.loads(r["marks"]) for r in db.query("SELECT marks FROM democratic_ballots ORDER BY serial")]
        assert stored == [json.loads(r["marks"]) for r in demo_ballots], "keyed ballots differ from the source"
        mark_keys = keyboard.count - len(demo_ballots)  # without the commit keys
        print(f"民主测评票（{len(cadre_ids)} 人）× {len(demo_ballots)} 张：")
        print(
            f"  keystrokes per cadre row: {mark_keys / (len(cadre_ids) * len(demo_ballots)):.2f} "
            f"(per mark: 1; plus 1 commit key per ballot)"
        )
        print(
            f"  ms per keystroke: median {statistics.median(keyboard.times):.2f}, "
            f"p99 {percentile(keyboard.times, 99):.2f}, max {max(keyboard.times):.2f} (n={len(keyboard.times)})"
        )
        print(
            f"  commit (Enter on the last cadre, one transaction + refresh): median {statistics.median(commit_ms):.1f} ms"
        )
        print("  spreadsheet: a mark code + Enter per cell = 2 keystrokes per mark")
        page.hide()

        # --- annex 4: the demo's own ballots, keyed cell by cell --------------------------------------
        rating = RatingKeyingPage(session)
        rating.resize(1200, 800)
        rating.show()
        rating.set_form("leaders")
        rating.grid_view.setFocus()
        keyboard = Keyboard(app, rating.grid_view)
        scheme = session.scheme()
        assert scheme is not None
        maxima = scheme.criteria("leaders").maxima
        per_ballot, sheet = [], []
        for row in source.query(
            "SELECT scores FROM rating_ballots WHERE form = 'leaders' AND pass = 1 ORDER BY serial"
        ):
            scores = {u: [Decimal(s) for s in v] for u, v in json.loads(row["scores"]).items()}
            before = keyboard.count
            spreadsheet = 0
            for unit in scheme.units:
                values = scores.get(unit.name, [None] * 5)
                for col, value in enumerate(values):
                    for key in cell_keys(value, maxima[col]):
                        keyboard.key(key)
                    spreadsheet += spreadsheet_keys(value)
            keyboard.key(Qt.Key.Key_Return, ctrl=True, timed=False)
            per_ballot.append(keyboard.count - before)
            sheet.append(spreadsheet)
        keyed = [json.loads(r["scores"]) for r in db.query("SELECT scores FROM rating_ballots ORDER BY serial")]
        expected = [
            json.loads(r["scores"])
            for r in source.query(
                "SELECT scores FROM rating_ballots WHERE form = 'leaders' AND pass = 1 ORDER BY serial"
            )
        ]
        assert keyed == expected, "keyed annex-4 ballots differ from the source"
        print(f"附件4 评分表（25 科室 × 5 项）× {len(per_ballot)} 张：")
        print(
            f"  keystrokes per ballot: median {statistics.median(per_ballot):.0f} (incl. Ctrl+Enter), "
            f"spreadsheet median {statistics.median(sheet):.0f}; saving "
            f"{100 * (1 - statistics.median(per_ballot) / statistics.median(sheet)):.0f}%"
        )
        print(
            f"  ms per keystroke: median {statistics.median(keyboard.times):.2f}, p99 {percentile(keyboard.times, 99):.2f}"
        )
        rating.hide()

        # --- a leader's sheet: 150 cadres × 德能勤绩廉 (750 cells) ---------------------------------------
        leaders = LeaderRatingsPage(session)
        leaders.resize(1200, 800)
        leaders.show()
        leaders.grid_view.setFocus()
        keyboard = Keyboard(app, leaders.grid_view)
        ratings = source.query("SELECT cadre, scores FROM leader_ratings WHERE rater = 1")
        by_cadre = {r["cadre"]: [Decimal(s) for s in json.loads(r["scores"])] for r in ratings}
        leader_maxima = scheme.leader_rating_maxima
        spreadsheet = 0
        for cadre_id in cadre_ids:
            for col, value in enumerate(by_cadre[cadre_id]):
                for key in cell_keys(value, leader_maxima[col]):
                    keyboard.key(key)
                spreadsheet += spreadsheet_keys(value)
        keyboard.key(Qt.Key.Key_Return, ctrl=True, timed=False)
        assert db.query("SELECT count(*) FROM leader_ratings WHERE rater = 1")[0][0] == len(cadre_ids)
        print(f"领导评价表（{len(cadre_ids)} 人 × 5 项）：")
        print(f"  keystrokes: {keyboard.count} (spreadsheet {spreadsheet})")
        print(
            f"  ms per keystroke: median {statistics.median(keyboard.times):.2f}, "
            f"p99 {percentile(keyboard.times, 99):.2f}, max {max(keyboard.times):.2f} (n={len(keyboard.times)})"
        )
        db.close()
        source.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
