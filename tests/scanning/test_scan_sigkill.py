"""Nothing lost, nothing half (issue 18 point 4): a scan killed with SIGKILL while storing its ballots keeps every
ballot stored before, leaves no half ballot (the one being written is rolled back whole), and running the
same file again stores the rest, each ballot once, with no gap in the serials."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pytest

from app.cli import main
from app.models.ballots.forms import DEMOCRATIC
from app.models.db import open_database
from app.models.demo import DEMO_YEAR
from app.models.scanning.store import ballot_pages
from tests.helpers.process_helpers import kill_at_marker
from tests.helpers.scan_runs import CLEAR_MIX, filled_scan

# The child takes the scan in; the third ballot's transaction stops between its ballot row and its page
# images (inside set_ballot_pages), prints the marker and waits there to be killed.
CHILD = textwrap.dedent(
    """
    import sys
    import app.models.scanning.commit as commit
    from app.models.db import open_database
    from app.scanning.batch import scan_year
    from app.scanning.intake import Intake

    real = commit.set_ballot_pages
    calls = []

    def set_pages_then_wait(conn, year, form, serial, images):
        calls.append(serial)
        if len(calls) == 3:
            print("mid-ballot", serial, flush=True)
            sys.stdin.readline()  # killed here, the ballot row written, its images not yet
        real(conn, year, form, serial, images)

    commit.set_ballot_pages = set_pages_then_wait
    db = open_database(sys.argv[1])
    intake = Intake(db, 2017)
    result = scan_year(db, 2017, [sys.argv[2]], workers=1, store=True, skip=intake.skip([sys.argv[2]]))
    intake.take(result, on_commit=lambda serial: print(serial, flush=True))
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_mid_scan_keeps_whole_ballots_and_a_rerun_finishes(scan_demo, demo_path: Path, tmp_path: Path) -> None:
    layout = scan_demo[2].democratic
    run = filled_scan(demo_path, tmp_path, layout, 5, seed=31, mix=CLEAR_MIX)
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    lines = kill_at_marker([sys.executable, str(script), str(demo_path), str(run.path)], "mid-ballot")
    committed = [int(line) for line in lines[: next(i for i, v in enumerate(lines) if v.startswith("mid-ballot"))]]
    assert committed == [151, 152]
    with open_database(demo_path) as db:
        assert db.query("PRAGMA integrity_check")[0][0] == "ok"
        rows = db.query("SELECT serial FROM democratic_ballots WHERE year = ? AND entry = 'scanned'", (DEMO_YEAR,))
        assert [r[0] for r in rows] == committed  # the third ballot is not there, not even its row
        for serial in committed:
            assert sorted(ballot_pages(db, DEMO_YEAR, DEMOCRATIC, serial)) == [1, 2]
        assert db.query("SELECT count(*) FROM scan_pending")[0][0] == 0
    assert main(["scan", str(demo_path), "--year", "2017", str(run.path), "--commit", "--workers", "1"]) == 0
    with open_database(demo_path, readonly=True) as db:
        rows = db.query(
            "SELECT serial, marks FROM democratic_ballots WHERE year = ? AND entry = 'scanned' ORDER BY serial",
            (DEMO_YEAR,),
        )
        assert [r[0] for r in rows] == [151, 152, 153, 154, 155]
        assert len({r[1] for r in rows}) == 5  # five different ballots: none stored twice
        assert all(len(json.loads(r[1])) > 100 for r in rows)
