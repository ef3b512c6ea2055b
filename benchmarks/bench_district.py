"""市对区考绩: a month's status and flags, the page's refresh after one keyed cell, and the two prints, for a
large district (60 indicators × 12 months, 40 events); prints medians.

    .venv/bin/python benchmarks/bench_district.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.models.db import open_database  # noqa: E402
from app.models.district.events import add_event, district_result  # noqa: E402
from app.models.district.indicators import Indicator, save_indicator  # noqa: E402
from app.models.district.reports import Report, save_report  # noqa: E402
from app.models.district.status import month_flags, month_status, months_of_year  # noqa: E402
from app.models.store import ensure_year  # noqa: E402

YEAR = 2017
INDICATORS = 60


def median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def build(db) -> None:
    ensure_year(db, YEAR)
    months = months_of_year(YEAR)
    with db.atomic("bench", "bench") as conn:
        for n in range(1, INDICATORS + 1):
            save_indicator(conn, YEAR, Indicator(f"i{n:02d}", f"指标{n}", "牵头单位", "总量", "第1位"))
            for m, month in enumerate(months):
                save_report(
                    conn,
                    YEAR,
                    Report(
                        f"i{n:02d}",
                        month,
                        1 + (n + m) % 3,
                        False,
                        {"鹿城区": 1 + (n + m + 1) % 3, "瓯海区": 2},
                        "进展情况" * 10,
                        True,
                        m % 2 == 0,
                        f"{month}-12",
                    ),
                )
        for n in range(40):
            add_event(conn, db, YEAR, {"category": "criticized_city", "matter": f"通报{n}"})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "b.sqlite")
        build(db)
        month = f"{YEAR}-09"
        print(f"{INDICATORS} indicators × 12 months, 40 events")
        print(
            f"month status        {median_ms(lambda: month_status(db, YEAR, month, date(2017, 9, 10)), args.repeat):8.1f} ms"
        )
        print(f"month flags         {median_ms(lambda: month_flags(db, YEAR, month), args.repeat):8.1f} ms")
        print(f"district result     {median_ms(lambda: district_result(db, YEAR), args.repeat):8.1f} ms")

        from PySide6.QtWidgets import QApplication

        from app.ui.district.page import DistrictPage
        from app.ui.shell.session import Session

        app = QApplication.instance() or QApplication([])
        session = Session(db)
        session.set_year(YEAR)
        page = DistrictPage(session)
        page.resize(1400, 860)
        page.show()
        page.refresh_now()
        page.set_month(month)
        line = page.progress.model.line(0)

        def key_one_cell() -> None:
            page.progress.commit(line, "progress", "新的进展情况")
            app.processEvents()

        print(f"key one cell + refresh {median_ms(key_one_cell, args.repeat):5.1f} ms")
        from app.documents.district import district_pdf_bytes

        print(
            f"print 附1 table     {median_ms(lambda: district_pdf_bytes(db, YEAR, 'indicator-progress', month), 3):8.1f} ms"
        )
        print(
            f"print notice        {median_ms(lambda: district_pdf_bytes(db, YEAR, 'indicator-notice', month), 3):8.1f} ms"
        )
        page.close()
        db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
