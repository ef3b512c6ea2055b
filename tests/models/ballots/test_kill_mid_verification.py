"""Killed in the middle of 核对录入 (dependent verification): the verified ballots stay verified, the one being
checked stays as first keyed and unverified, and reopening offers it again.

Issue 4, “Never lost: killing the program mid-ballot loses at most the ballot on screen; reopening returns
to where keying stopped”; issue 6, “SIGKILL … during ballot keying leaves a file that opens and passes
integrity_check with every committed change”.
"""

from __future__ import annotations

import json
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from app.models.ballots.keying import commit_rating_ballot, next_unverified_serial
from app.models.db import open_database
from app.models.store import ensure_year
from tests.helpers.process_helpers import kill_at_marker

YEAR = 2017
FIRST = {"办公室": [Decimal(4)] * 5, "综合与法规科": [Decimal(3)] * 5}

CHILD = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from app.models.db import open_database
    from app.ui.keying.common import MODE_DEPENDENT
    from app.ui.keying.rating_page import RatingKeyingPage
    from app.ui.shell.session import Session

    app = QApplication([])
    session = Session(open_database(sys.argv[1]))
    session.set_year(2017)
    page = RatingKeyingPage(session)
    page.show()
    page.set_form("leaders")
    page.mode_box.setCurrentIndex(page.mode_box.findData(MODE_DEPENDENT))
    view = page.grid_view
    view.setFocus()

    for serial in (1, 2):
        assert page.serial_box.value() == serial, page.status.text()
        if serial == 2:  # the first keying was wrong here: the paper says 3
            QTest.keyClicks(view, "3")
            QTest.keyClick(view, Qt.Key.Key_Tab)
            assert "原录入 4" in page.status.text(), page.status.text()
            QTest.keyClick(view, Qt.Key.Key_B)  # this keying is right
            QTest.keyClicks(view, "4444")
        else:
            QTest.keyClicks(view, "44444")  # 办公室, as on paper
        for _ in range(5):  # 综合与法规科
            QTest.keyClicks(view, "3")
            QTest.keyClick(view, Qt.Key.Key_Tab)
        for _ in range(23):  # the other units blank on paper
            for _ in range(5):
                QTest.keyClick(view, Qt.Key.Key_Tab)
        QTest.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        print(serial, flush=True)
    assert page.serial_box.value() == 3, page.status.text()
    QTest.keyClicks(view, "2")  # ballot 3: a mismatch, the cursor stopped, waiting for A or B
    QTest.keyClick(view, Qt.Key.Key_Tab)
    QTest.keyClick(view, Qt.Key.Key_B)
    print("mid-verification", flush=True)
    sys.stdin.readline()  # wait here to be killed
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_mid_verification_keeps_every_verified_ballot(tmp_path: Path) -> None:
    path = tmp_path / "killed.sqlite"
    with open_database(path) as db:
        ensure_year(db, YEAR)
        with db.atomic("首次录入", "test") as conn:
            for serial in (1, 2, 3):
                commit_rating_ballot(conn, YEAR, "leaders", serial, FIRST)
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    lines = kill_at_marker([sys.executable, str(script), str(path)], "mid-verification")
    verified = [int(line) for line in lines[: lines.index("mid-verification")]]
    assert verified == [1, 2]
    with open_database(path) as db:
        assert db.query("PRAGMA integrity_check")[0][0] == "ok"
        rows = {
            r["serial"]: r
            for r in db.query("SELECT serial, scores, verified_mode FROM rating_ballots WHERE year = ?", (YEAR,))
        }
        assert [rows[s]["verified_mode"] for s in (1, 2, 3)] == ["dependent", "dependent", None]
        assert json.loads(rows[2]["scores"])["办公室"] == ["3", "4", "4", "4", "4"]  # corrected with the paper
        assert json.loads(rows[3]["scores"])["办公室"] == ["4"] * 5  # as first keyed: the B was never committed
        findings = db.query("SELECT serial, first_value, second_value FROM verification_findings")
        assert [tuple(f) for f in findings] == [(2, "4", "3")]
        assert next_unverified_serial(db, YEAR, "leaders") == 3  # reopening offers it again
