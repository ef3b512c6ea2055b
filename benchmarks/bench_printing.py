"""Printing speed: 200 numbered democratic ballots for 150 cadres, 60 certificates, the results; prints medians.

    .venv/bin/python benchmarks/bench_printing.py [--repeat N]

Uses the demo year (150 cadres). Each run builds the whole PDF in memory, fonts already registered
(the first document of a session also pays ~0.1 s to read the font file)."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.documents.ballots import DemocraticBallotRenderer  # noqa: E402
from app.documents.certificates import CertificateRenderer  # noqa: E402
from app.documents.data import gather  # noqa: E402
from app.documents.export import render_document  # noqa: E402
from app.documents.fonts import resolve_fonts  # noqa: E402
from app.models.db import open_database  # noqa: E402
from app.models.demo import build_demo_year  # noqa: E402
from app.workbooks.results import results_workbook_bytes  # noqa: E402


def median_seconds(job: Callable[[], bytes], repeat: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        size = len(job())
        times.append(time.perf_counter() - start)
    return statistics.median(times), size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "bench.sqlite")
        build_demo_year(db)
        data = gather(db, 2017)
        fonts = resolve_fonts()
        recipients = (data.recipients() * 60)[:60]
        jobs: dict[str, Callable[[], bytes]] = {
            f"200 democratic ballots × {len(data.roster)} cadres": lambda: DemocraticBallotRenderer(
                data, copies=200, fonts=fonts
            ).render(),
            "60 certificates": lambda: CertificateRenderer(data, recipients, fonts=fonts).render(),
            "results (all groups and pools)": lambda: render_document(data, "results", fonts=fonts),
            "notice of commendation": lambda: render_document(data, "notice", fonts=fonts),
            "results workbook (xlsx, all sheets)": lambda: results_workbook_bytes(db, data),
        }
        for name, job in jobs.items():
            seconds, size = median_seconds(job, args.repeat)
            print(f"{name:45s} median {seconds * 1000:8.1f} ms  ({size / 1024:.0f} KiB, {args.repeat} runs)")
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
