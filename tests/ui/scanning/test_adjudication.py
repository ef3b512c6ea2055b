"""扫描录入's review, driven by keystrokes (issue 18 point 3): only the unclear rows come up, one key decides and
moves on (1–4 a grade, 0 no mark, V 废票 for the whole ballot, Backspace back), the ballot is stored when its
last row is decided, and every decision is audited beside what the reader saw — with the day only."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from app.documents.ballot_layout import GRADES
from app.models.scanning.pending import read_pending
from app.scanning.layouts import load_expected
from tests.helpers.keying_helpers import YEAR
from tests.helpers.scan_runs import CLEAR_MIX, filled_scan
from tests.ui.scanning.conftest import run_scan

DOUBLE = {"double": 1}  # every row two marks: every row unclear


def ballots(session) -> dict[int, dict]:
    rows = session.db.query("SELECT * FROM democratic_ballots WHERE year = ? AND pass = 1", (YEAR,))
    return {r["serial"]: dict(r) for r in rows}


def test_clear_ballots_are_stored_and_the_pages_listed(qtbot, session, db_path, scan_page, tmp_path) -> None:
    layout = load_expected(session.db, YEAR).democratic
    run = filled_scan(db_path, tmp_path, layout, 2, seed=41, mix=CLEAR_MIX)
    run_scan(qtbot, scan_page, run.path)
    stored = ballots(session)
    assert sorted(stored) == [1, 2] and {b["entry"] for b in stored.values()} == {"scanned"}
    assert [scan_page.pages.index(r, 4).data() for r in range(2)] == ["已保存", "已保存"]
    assert "已保存民主测评票 2 张" in scan_page.status.text()
    assert read_pending(session.db, YEAR) == []


def test_each_unclear_row_is_decided_with_one_key_and_the_ballot_stored(qtbot, session, db_path, scan_page, tmp_path):
    layout = load_expected(session.db, YEAR).democratic
    run = filled_scan(db_path, tmp_path, layout, 1, seed=42, mix=DOUBLE)
    run_scan(qtbot, scan_page, run.path)
    assert ballots(session) == {}  # nothing stored before the review
    review = scan_page.review
    assert scan_page.tabs.currentWidget() is review
    item = review.queue.item
    assert item is not None and len(item.unclear) == 4
    first = item.unclear[0]
    assert review.who.text().endswith(layout.rows[first.index].name)
    assert "多处标记" in review.reading.text() and not review.crop.pixmap().isNull()
    review.setFocus()
    qtbot.keyClicks(review, "2")  # row 1: 称职
    assert review.queue.step == 1
    qtbot.keyClicks(review, "4")
    qtbot.keyClick(review, Qt.Key.Key_Backspace)  # row 2 again: its answer taken back
    assert review.queue.step == 1 and len(review.queue.answers) == 1
    qtbot.keyClicks(review, "104")  # row 2: 优秀, row 3: no mark, row 4: 不称职 → stored
    stored = ballots(session)
    assert list(stored) == [1] and stored[1]["entry"] == "scanned" and stored[1]["void"] is None
    keys = [row.key for row in item.unclear]
    assert json.loads(stored[1]["marks"]) == {keys[0]: "称职", keys[1]: "优秀", keys[3]: "不称职"}
    decisions = session.db.query("SELECT cadre, machine, reason, decided FROM scan_decisions ORDER BY id")
    assert [(d["cadre"], d["decided"]) for d in decisions] == list(
        zip(keys, ["称职", "优秀", "未标记", "不称职"], strict=True)
    )
    machine = [None if r.grade is None else GRADES[r.grade] for r in item.unclear]
    assert [d["machine"] for d in decisions] == machine and {d["reason"] for d in decisions} == {"多处标记"}
    audit = session.db.query("SELECT at FROM audit_log WHERE tbl = 'scan_decisions'")
    assert len(audit) == 4 and {len(a["at"]) for a in audit} == {10}  # when: the day, never the time
    assert "已保存为民主测评表第 1 号" in scan_page.status.text()
    assert review.queue.item is None and read_pending(session.db, YEAR) == []


def test_v_voids_the_whole_ballot_with_one_key(qtbot, session, db_path, scan_page, tmp_path) -> None:
    layout = load_expected(session.db, YEAR).democratic
    run = filled_scan(db_path, tmp_path, layout, 1, seed=43, mix=DOUBLE)
    run_scan(qtbot, scan_page, run.path)
    review = scan_page.review
    review.setFocus()
    qtbot.keyClicks(review, "1")
    qtbot.keyClicks(review, "v")
    stored = ballots(session)
    assert stored[1]["void"] and "废票" in stored[1]["void"]
    decided = [d["decided"] for d in session.db.query("SELECT decided FROM scan_decisions ORDER BY id")]
    assert decided == ["优秀", "废票"]


def test_p_shows_the_whole_page_with_the_row_framed(qtbot, session, db_path, scan_page, tmp_path) -> None:
    layout = load_expected(session.db, YEAR).democratic
    run = filled_scan(db_path, tmp_path, layout, 1, seed=44, mix=DOUBLE)
    run_scan(qtbot, scan_page, run.path)
    review = scan_page.review
    review.setFocus()
    qtbot.keyClicks(review, "p")
    assert review.dialog is not None and review.dialog.isVisible()
    assert review.dialog.label.pixmap().width() > 800
    qtbot.keyClicks(review, "3")  # the keys still decide while the page is open
    assert review.queue.step == 1


def test_undo_brings_a_reviewed_ballot_back_to_the_review(qtbot, session, db_path, scan_page, tmp_path) -> None:
    from app.models.audit import undo_last

    layout = load_expected(session.db, YEAR).democratic
    run = filled_scan(db_path, tmp_path, layout, 1, seed=45, mix=DOUBLE)
    run_scan(qtbot, scan_page, run.path)
    review = scan_page.review
    review.setFocus()
    qtbot.keyClicks(review, "1234")
    assert list(ballots(session)) == [1]
    undo_last(session.db)
    session.notify_changed()
    assert ballots(session) == {}
    assert review.queue.item is not None and len(review.queue.item.unclear) == 4
    assert session.db.query("SELECT count(*) FROM scan_decisions")[0][0] == 0


def test_a_refused_save_asks_the_last_row_again(qtbot, session, db_path, scan_page, tmp_path) -> None:
    """The ballot is stored at its last answer; when that is refused (here: one of its cadres got a tally of
    votes meanwhile), nothing is stored, the last row comes back with its answer taken back and the earlier
    answers stay (before, the row before it came back and the last answer stayed)."""
    from app.models.store import set_tally

    layout = load_expected(session.db, YEAR).democratic
    run = filled_scan(db_path, tmp_path, layout, 1, seed=46, mix=DOUBLE)
    run_scan(qtbot, scan_page, run.path)
    review = scan_page.review
    item = review.queue.item
    keys = [row.key for row in item.unclear]
    with session.write("汇总票数", source="test") as conn:
        set_tally(conn, YEAR, keys[0], [1, 0, 0, 0])
    review.setFocus()
    qtbot.keyClicks(review, "1234")
    assert ballots(session) == {} and "未保存" in scan_page.status.text()
    assert review.queue.step == 3 and set(review.queue.answers) == set(keys[:3])
    assert review.who.text().endswith(layout.rows[item.unclear[3].index].name)


def test_pgdn_pgup_move_between_ballots_and_the_last_one_done_shows_another(
    qtbot, session, db_path, scan_page, tmp_path
) -> None:
    """PgDn/PgUp go to the next/previous waiting ballot (round the list; answers on the one left are dropped).
    When the last ballot of the list is stored or dropped, another waiting one comes up — before, the screen
    said every scanned ballot was stored while two still waited."""
    layout = load_expected(session.db, YEAR).democratic
    run = filled_scan(db_path, tmp_path, layout, 3, seed=47, mix=DOUBLE)
    run_scan(qtbot, scan_page, run.path)
    review = scan_page.review
    review.setFocus()
    ids = [item.id for item in review.queue.items]
    assert len(ids) == 3
    qtbot.keyClicks(review, "1")
    qtbot.keyClick(review, Qt.Key.Key_PageDown)
    assert review.queue.item.id == ids[1] and review.queue.step == 0 and review.queue.answers == {}
    qtbot.keyClick(review, Qt.Key.Key_PageUp)
    qtbot.keyClick(review, Qt.Key.Key_PageUp)
    assert review.queue.item.id == ids[2]  # round the list
    qtbot.keyClicks(review, "1234")  # the last ballot of the list is stored
    assert list(ballots(session)) == [1]
    assert review.queue.item is not None and review.queue.item.id == ids[1]  # the last that still waits
    assert review.who.text() and "都已保存" not in review.reading.text()
    qtbot.keyClick(review, Qt.Key.Key_Delete)  # the last of the list again, dropped to be scanned again
    assert [item.id for item in review.queue.items] == ids[:1] and review.queue.item.id == ids[0]
