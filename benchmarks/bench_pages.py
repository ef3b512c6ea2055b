"""Opening the main window on a full year and switching between its pages; prints medians and maxima (ms).

    .venv/bin/python benchmarks/bench_pages.py [--rounds N]
    xvfb-run -a env QT_QPA_PLATFORM=xcb .venv/bin/python benchmarks/bench_pages.py   # a real X server

The year is the demo year (25 units, 150 cadres, every ballot keyed: 12 + 25 rating ballots, 150 democratic
ballots, 9 leader raters). A switch is `window.show_page(i)` plus `processEvents()` (the page painted),
timed with perf_counter. Three cases:
  first visit  — each page shown for the first time: its module is imported, the page built and filled
                 (the results page excepted: it is the first page, shown by `start` right after the window);
  warm         — switching between pages that are up to date;
  after change — after every committed change each page is stale and re-reads when shown (the engine
                 recomputes once, on the first page that needs results).
Acceptance: every switch under 100 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.models.db import open_database  # noqa: E402
from app.models.demo import build_demo_year  # noqa: E402
from app.ui.shell.main_window import MainWindow  # noqa: E402

LIMIT_MS = 100.0


def switch(app: QApplication, window: MainWindow, index: int) -> float:
    start = time.perf_counter()
    window.show_page(index)
    app.processEvents()
    return (time.perf_counter() - start) * 1000


def summary(label: str, times: list[float]) -> str:
    return f"{label:<14} median {statistics.median(times):6.1f} ms   max {max(times):6.1f} ms   ({len(times)} switches)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        with open_database(path) as db:
            build_demo_year(db)
        db = open_database(path)
        start = time.perf_counter()
        window = MainWindow(db, poll_ms=600_000)
        window.show()
        app.processEvents()
        opened = (time.perf_counter() - start) * 1000
        started = time.perf_counter()
        window.start()  # the first page and the results, as on the first turn of the event loop after showing
        app.processEvents()
        filled = (time.perf_counter() - started) * 1000
        titles = [spec.title for spec in window.specs]  # the other pages are not built yet
        print(
            f"platform {app.platformName()}; window shown in {opened:.1f} ms, results on screen {filled:.1f} ms later"
        )

        first: dict[str, float] = {}
        for index in [*range(1, len(titles)), 0]:
            first[titles[index]] = switch(app, window, index)  # builds the page: imports, widgets, first read
        warm: dict[str, list[float]] = {title: [] for title in titles}
        changed: dict[str, list[float]] = {title: [] for title in titles}
        for _ in range(args.rounds):
            for index in range(len(titles)):
                warm[titles[index]].append(switch(app, window, index))
        for _ in range(args.rounds):
            for index in range(len(titles)):
                window.session.notify_changed()  # as after a committed change
                app.processEvents()
                changed[titles[(index + 1) % len(titles)]].append(switch(app, window, (index + 1) % len(titles)))

        print(f"\n{'page':<16}{'first visit':>12}{'warm median':>13}{'after change median':>21}{'max':>8}")
        worst = 0.0
        for title in titles:
            top = max([first[title], *warm[title], *changed[title]])
            worst = max(worst, top)
            print(
                f"{title:<14}{first[title]:>12.1f}{statistics.median(warm[title]):>13.1f}"
                f"{statistics.median(changed[title]):>21.1f}{top:>8.1f}"
            )
        print()
        print(summary("first visit", list(first.values())))
        print(summary("warm", [t for ts in warm.values() for t in ts]))
        print(summary("after change", [t for ts in changed.values() for t in ts]))
        print(f"\nslowest switch {worst:.1f} ms — {'OK' if worst < LIMIT_MS else 'OVER'} the {LIMIT_MS:.0f} ms limit")
        window.close()
        db.close()
        return 0 if worst < LIMIT_MS else 1


if __name__ == "__main__":
    sys.exit(main())
