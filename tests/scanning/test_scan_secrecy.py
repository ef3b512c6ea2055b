"""Secret by construction (issue 18): after printing ballots and committing their scan, no sheet token of the
printed codes is anywhere in the year's file — not in any table, not in the audit log, not in the stored page
images (decoded with zxing, and as raw bytes), not in the file's bytes at all."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import zxingcpp

from app.cli import main
from app.models.db import open_database
from app.models.demo import DEMO_YEAR
from tests.helpers.scan_runs import UNCLEAR_MIX, filled_scan, print_pdf, printed_tokens


def test_no_printed_token_survives_in_the_sqlite_file(scan_demo, demo_path: Path, tmp_path: Path) -> None:
    layout = scan_demo[2].democratic
    run = filled_scan(demo_path, tmp_path, layout, 3, seed=21, mix={**UNCLEAR_MIX, "tick": 200})
    leaders = tmp_path / "leaders.pdf"
    assert main(["print", str(demo_path), "--year", "2017", "ballot-leaders", "--out", str(leaders)]) == 0
    deck = print_pdf(demo_path, tmp_path / "deck.pdf", "--test-deck")
    tokens = printed_tokens(run.printed) | printed_tokens(leaders) | printed_tokens(deck)
    assert len(tokens) == 5 and all(len(t) == 16 for t in tokens)

    args = ["scan", str(demo_path), "--year", str(DEMO_YEAR), str(run.path), str(leaders), str(deck), "--commit"]
    assert main(args) == 0
    with open_database(demo_path, readonly=True) as db:
        stored = db.query("SELECT count(*) FROM democratic_ballots WHERE entry = 'scanned'")[0][0]
        waiting = db.query("SELECT form, count(*) FROM scan_pending GROUP BY form ORDER BY form")
        assert stored + sum(r[1] for r in waiting if r[0] == "democratic") == 3
        assert ("leaders", 1) in [tuple(r) for r in waiting]  # the annex ballot waits for keying, with its image

        # every value of every table, the audit log included
        tables = [r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'table'")]
        assert "audit_log" in tables and "scan_images" in tables
        for table in tables:
            for row in db.query(f'SELECT * FROM "{table}"'):
                for value in row:
                    text = value.hex() if isinstance(value, bytes) else str(value)
                    raw = value if isinstance(value, bytes) else text.encode()
                    for token in tokens:
                        assert token.lower() not in text.lower(), (table, token)
                        assert bytes.fromhex(token) not in raw, (table, token)

        # the stored pages: decoded, no code is left on them
        images = db.query("SELECT data FROM scan_images")
        assert len(images) >= 7  # 6 democratic pages + the annex page
        for (data,) in images:
            page = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
            assert page is not None and page.shape[0] > 1500
            assert zxingcpp.read_barcodes(page) == []
            assert zxingcpp.read_barcodes(cv2.resize(page, None, fx=2, fy=2)) == []
    # and the file itself, byte by byte (with its write-ahead log, if any)
    blob = b"".join(p.read_bytes() for p in tmp_path.glob("demo.sqlite*"))
    for token in tokens:
        for form in (token.lower().encode(), token.upper().encode(), bytes.fromhex(token)):
            assert form not in blob
