"""Never lost: a keying session killed with SIGKILL mid-ballot loses at most the ballot on screen."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pytest

from app.models.ballots.keying import next_serial
from app.models.db import open_database
from app.models.store import ensure_year
from tests.helpers.process_helpers import kill_at_marker

YEAR = 2017

# The child keys ballots through the real page with simulated keys, prints each serial once its commit
# returned, and is killed while the next ballot is half keyed.
CHILD = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from app.models.db import open_database
    from app.ui.keying.rating_page import RatingKeyingPage
    from app.ui.shell.session import Session

    app = QApplication([])
    db = open_database(sys.argv[1])
    session = Session(db)
    session.set_year(2017)
    page = RatingKeyingPage(session)
    page.show()
    page.set_form("leaders")
    view = page.grid_view
    view.setFocus()
    while True:
        serial = page.serial_box.value()
        for _ in range(25):
            QTest.keyClicks(view, "443.53")
            QTest.keyClick(view, Qt.Key.Key_Tab)
            QTest.keyClicks(view, "4")
        QTest.keyClick(view, Qt.Key.Key_Return)
        assert page.serial_box.value() == serial + 1, page.status.text()
        print(serial, flush=True)
        if serial >= 3:
            QTest.keyClicks(view, "4444")  # the next ballot, half keyed
            print("mid-ballot", flush=True)
            sys.stdin.readline()  # wait here to be killed
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_mid_ballot_keeps_every_committed_ballot(tmp_path: Path) -> None:
    path = tmp_path / "killed.sqlite"
    with open_database(path) as db:
        ensure_year(db, YEAR)
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    lines = kill_at_marker([sys.executable, str(script), str(path)], "mid-ballot")
    committed = [int(line) for line in lines[: lines.index("mid-ballot")]]
    assert committed == [1, 2, 3]
    with open_database(path) as db:
        assert db.query("PRAGMA integrity_check")[0][0] == "ok"
        rows = db.query("SELECT serial, scores FROM rating_ballots WHERE year = ? ORDER BY serial", (YEAR,))
        assert [r["serial"] for r in rows] == committed  # every committed ballot, and not the half-keyed one
        assert all(len(json.loads(r["scores"])) == 25 for r in rows)
        assert next_serial(db, YEAR, "leaders") == 4  # reopening continues with the next ballot
