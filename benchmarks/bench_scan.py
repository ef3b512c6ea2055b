"""Scanning speed and accuracy: 150 two-page democratic ballots (300 pages at 200 dpi) read on two cores.

    .venv/bin/python benchmarks/bench_scan.py [--ballots 150] [--dpi 200] [--workers 2] [--seed 1] [--no-store]

The ballots are printed by the program for the demo year (150 cadres), marked by the corpus generator
(tests/helpers/scan_corpus.py: mostly ticks, crosses, filled boxes and circles, plus faint pencil, two
marks, crossed-out marks, marks over the edge and blank rows), degraded like an office scan (±3° skew,
±2 mm shift, 97–103 % scale, blur, noise, JPEG, some pages upside down) and written to three image-only
PDFs with the pages shuffled across them. Targets (issue 18): 0 marks read definitely and wrong; at most
1 % of clean marks sent to review at ≥ 200 dpi; the 300 pages read in under 60 s.

The pages are read as `appraisal scan --commit` reads them (each page's stored image made too), then taken
into the year's file: the time of that, and how much the file grew (150 two-page ballots with their images)."""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.documents.data import gather  # noqa: E402
from app.models.db import open_database  # noqa: E402
from app.models.demo import build_demo_year  # noqa: E402
from app.scanning.batch import page_refs, scan  # noqa: E402
from app.scanning.intake import Intake  # noqa: E402
from app.scanning.layouts import load_expected  # noqa: E402
from app.scanning.sources import close_sources, load_page  # noqa: E402
from tests.helpers.scan_corpus import evaluate, make_corpus, place  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=150)
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-store", action="store_true", help="read only (no page images, nothing stored)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "bench.sqlite")
        build_demo_year(db)
        data = gather(db, 2017)
        expected = load_expected(db, 2017)
        start = time.perf_counter()
        corpus = make_corpus(data, args.ballots, args.seed, args.dpi)
        pages = list(corpus.pages)
        random.Random(args.seed).shuffle(pages)
        third = len(pages) // 3 + 1
        inputs = []
        for n in range(3):
            path = Path(folder) / f"scan{n + 1}.pdf"
            place(corpus, path, pages[n * third : (n + 1) * third])
            inputs.append(str(path))
        made = time.perf_counter() - start
        path = Path(folder) / "bench.sqlite"
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size_before = path.stat().st_size
        intake = Intake(db, 2017)
        start = time.perf_counter()
        result = scan(inputs, expected, 151, workers=args.workers, store=not args.no_store)
        seconds = time.perf_counter() - start
        took, stored_seconds, size_after = None, 0.0, size_before
        if not args.no_store:
            start = time.perf_counter()
            took = intake.take(result)
            stored_seconds = time.perf_counter() - start
            db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            size_after = path.stat().st_size
            images = db.query("SELECT count(*), sum(length(data)) FROM scan_images")[0]
        # baseline in the same run: only decoding the pages (PDF → grey image), one process
        refs = page_refs(inputs)[:30]
        start = time.perf_counter()
        for ref in refs:
            load_page(ref)
        close_sources()
        decode = (time.perf_counter() - start) / len(refs)
        tally = evaluate(corpus, result)
        db.close()
    not_read = [p for p in result.pages if p.status != "read"]
    complete = sum(1 for b in result.ballots if b.complete)
    print(f"corpus: {len(pages)} pages at {args.dpi} dpi made in {made:.1f} s (not timed)")
    what = "read only" if args.no_store else "read, each page's stored image made"
    print(
        f"{what}: {len(result.pages)} pages in {seconds:.1f} s ({seconds / len(result.pages) * 1000:.0f} ms a page, "
        f"{args.workers} workers); {len(not_read)} not read; {complete}/{len(result.ballots)} ballots complete"
    )
    per_page = seconds / len(result.pages)
    print(
        f"baseline: decoding alone {decode * 1000:.0f} ms a page (1 process); reading / decoding = {per_page / decode:.2f}"
    )
    print(
        f"marks {tally.marks}: definite and right {tally.definite_right}, definite and WRONG {len(tally.definite_wrong)}"
    )
    print(
        f"sent to review {tally.review} ({tally.review / max(tally.marks, 1):.1%} of all marks); clean marks "
        f"{tally.clean}, of them to review {tally.clean_review} ({tally.clean_review_share:.2%})"
    )
    print("review by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(tally.review_by_kind.items())))
    if took is not None:
        waiting = sum(took.waiting.values())
        print(
            f"taken in: {len(took.committed)} ballots stored, {waiting} waiting for review, in {stored_seconds:.1f} s "
            f"({stored_seconds / max(len(result.ballots), 1) * 1000:.0f} ms a ballot, one transaction each)"
        )
        print(
            f"year file: {size_before / 1e6:.1f} MB before, {size_after / 1e6:.1f} MB after (+{(size_after - size_before) / 1e6:.1f} MB); "
            f"{images[0]} page images, {images[1] / 1e6:.1f} MB, {images[1] / max(images[0], 1) / 1024:.0f} KB a page"
        )
    for wrong in tally.definite_wrong[:10]:
        print("  wrong:", wrong)
    for entry in not_read[:10]:
        print("  not read:", entry.as_json())
    return 0


if __name__ == "__main__":
    sys.exit(main())
