"""Refused before the work, not after it: a read-only file, a locked year, a serial already used or beyond the
ballots issued.

Issue 6, “One writer: a second copy of the program … gets it read-only”; issue 4, “duplicate serials
refused” and “the program shows issued / returned / keyed … and warns until they agree”.
Seed: 年度考评结果经审定后 … (a locked year's data does not change).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.models.ballots.keying import commit_rating_ballot
from app.models.ballots.reconciliation import form_counts, set_ballot_counts
from app.models.db import Database, open_database
from app.ui.keying.common import BallotPage
from app.ui.keying.democratic_page import DemocraticKeyingPage
from app.ui.keying.leader_ratings_page import LeaderRatingsPage
from app.ui.keying.rating_page import RatingKeyingPage
from app.ui.keying.reconcile_page import ReconcilePage
from app.ui.shell.main_window import MainWindow
from app.ui.shell.session import Session
from tests.helpers.keying_helpers import YEAR, ctrl_enter, press
from tests.helpers.windows import open_window

KEYING_PAGES = (RatingKeyingPage, DemocraticKeyingPage, LeaderRatingsPage)


def lock(db: Database) -> None:
    with db.atomic("审定", "test") as conn:
        conn.execute("UPDATE years SET locked_at = '2018-01-20', lock_reason = '审定' WHERE year = ?", (YEAR,))


@pytest.fixture
def reader(db: Database, db_path: Path) -> Iterator[Database]:
    """The file as a second copy of the program sees it while the first one is editing."""
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the header as the second program reads it
    with open_database(db_path, readonly=True) as second:
        yield second


def window_on(qtbot, db: Database) -> MainWindow:
    return open_window(qtbot, db, poll_ms=3_600_000)


@pytest.mark.parametrize("why", ["readonly", "locked"])
def test_every_keying_page_says_it_cannot_key_before_a_mark_is_typed(qtbot, db, reader, why: str) -> None:
    if why == "locked":
        lock(db)
    window = window_on(qtbot, reader if why == "readonly" else db)
    expected = "只读" if why == "readonly" else "已审定锁定"
    for kind in (*KEYING_PAGES, ReconcilePage):
        page = window.page(kind)
        window.show_page(window.page_list.index(page))
        assert page.notice.isVisible() and expected in page.notice.text(), kind.__name__
        if isinstance(page, BallotPage):
            assert not page.view().isEnabled()
            qtbot.keyClicks(page.view(), "4444")  # the keys go nowhere: nothing on screen to lose
            assert page.typed_on_screen() is None
            ctrl_enter(qtbot, page.view())
            page.commit()
            assert expected in page.status.text()
    assert db.query("SELECT count(*) FROM rating_ballots")[0][0] == 0


@pytest.mark.parametrize("why", ["readonly", "locked"])
def test_hand_tallies_are_refused_with_a_message_not_a_crash(qtbot, db, reader, why: str) -> None:
    """The tally save caught only wrong counts: a locked year or a read-only file escaped as a traceback."""
    if why == "locked":
        lock(db)
    session = Session(reader if why == "readonly" else db)
    session.set_year(YEAR)
    page = DemocraticKeyingPage(session)
    qtbot.addWidget(page)
    page.show()
    page.tally_box.setChecked(True)
    page.tally.set_value((0, 0), Decimal(3))  # as if keyed before the lock
    page.commit()
    assert "未保存" in page.status.text() and ("只读" in page.status.text() or "锁定" in page.status.text())
    assert db.query("SELECT count(*) FROM democratic_tallies")[0][0] == 0


def test_the_lock_arriving_while_a_ballot_is_keyed_keeps_it_on_screen(
    qtbot, db: Database
) -> None:  # any question fails it (conftest)
    window = window_on(qtbot, db)
    rating = window.page(RatingKeyingPage)
    window.show_page(window.page_list.index(rating))
    rating.grid_view.setFocus()
    press(qtbot, rating.grid_view, "44")
    lock(db)
    window.reload()
    assert rating.notice.isVisible() and rating.grid.cells == {(0, 0): Decimal(4), (0, 1): Decimal(4)}
    window.leaving_confirmed = True  # the test is over: closing drops the ballot unasked


def test_every_page_of_a_read_only_window_takes_the_clerks_keys_without_a_traceback(qtbot, db, reader) -> None:
    window = window_on(qtbot, reader)
    for index in range(len(window.page_list)):
        window.show_page(index)
        page = window.current_page()
        page.setFocus()
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Delete, Qt.Key.Key_A, Qt.Key.Key_B, Qt.Key.Key_1):
            qtbot.keyClick(page, key)
        qtbot.keyClick(page, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert db.query("SELECT count(*) FROM changes WHERE source = 'gui'")[0][0] == 0


def test_a_serial_already_keyed_is_said_when_it_is_typed_not_after_the_ballot(qtbot, session: Session) -> None:
    with session.write("录入") as conn:
        commit_rating_ballot(conn, YEAR, "leaders", 5, {"办公室": (Decimal(4),) * 5})
    page = RatingKeyingPage(session)
    qtbot.addWidget(page)
    page.show()
    page.set_form("leaders")
    page.serial_box.setFocus()
    page.serial_box.selectAll()
    qtbot.keyClicks(page.serial_box, "5")
    qtbot.keyClick(page.serial_box, Qt.Key.Key_Return)
    assert "第 5 号已录入过" in page.status.text()
    page.grid_view.setFocus()  # the clerk keys the ballot anyway: the commit refuses it while it says 5
    press(qtbot, page.grid_view, "44444")
    ctrl_enter(qtbot, page.grid_view)
    assert "编号不能重复" in page.status.text() and len(page.grid.cells) == 5


def test_serial_zero_or_letters_cannot_be_typed(qtbot, session: Session) -> None:
    page = RatingKeyingPage(session)
    qtbot.addWidget(page)
    page.show()
    page.serial_box.setFocus()
    page.serial_box.selectAll()
    qtbot.keyClicks(page.serial_box, "ab")
    assert page.serial_box.value() == 1 and page.serial_box.text() in ("", "1")
    page.serial_box.selectAll()
    qtbot.keyClicks(page.serial_box, "0")
    qtbot.keyClick(page.serial_box, Qt.Key.Key_Return)
    assert page.serial_box.value() >= 1


def test_a_serial_beyond_the_ballots_issued_is_warned_when_typed_saved_and_on_reconciliation(
    qtbot, session: Session
) -> None:
    with session.write("清点") as conn:
        set_ballot_counts(conn, YEAR, "leaders", 12, 12)
    page = RatingKeyingPage(session)
    qtbot.addWidget(page)
    page.show()
    page.set_form("leaders")
    page.serial_box.setFocus()
    page.serial_box.selectAll()
    qtbot.keyClicks(page.serial_box, "21")  # 12 on paper, two keys swapped
    qtbot.keyClick(page.serial_box, Qt.Key.Key_Return)
    assert "超过" in page.status.text() and "发出张数 12" in page.status.text()
    press(qtbot, page.grid_view, "44444")
    ctrl_enter(qtbot, page.grid_view)
    assert "已录入保存" in page.status.text() and "超过发出张数 12" in page.status.text()
    scheme = session.scheme()
    assert scheme is not None
    leaders = next(c for c in form_counts(session.db, YEAR, scheme) if c.form == "leaders")
    assert any("最大编号 21 超过发出 12 张" in w for w in leaders.warnings())


def test_a_democratic_ballot_checked_under_one_number_is_not_verified_under_another(qtbot, session: Session) -> None:
    """核对录入: the ballot compared was number 1; the box says 2 (arrow key, no Enter) — 2 was never checked."""
    page = DemocraticKeyingPage(session)
    qtbot.addWidget(page)
    page.show()
    page.mark_view.setFocus()
    for marks in ("1111", "2222"):
        press(qtbot, page.mark_view, marks + "\n")
    page.mode_box.setCurrentIndex(page.mode_box.findData("dependent"))
    assert page.serial_box.value() == 1
    page.mark_view.setFocus()
    press(qtbot, page.mark_view, "111")
    page.serial_box.setFocus()
    qtbot.keyClick(page.serial_box, Qt.Key.Key_Up)  # 2, without Enter
    page.mark_view.setFocus()  # leaving the box: the ballot on screen stays, the number does not match
    press(qtbot, page.mark_view, "1\n")
    assert "不是第 2 号" in page.status.text(), page.status.text()
    verified = session.db.query("SELECT serial FROM democratic_ballots WHERE verified_at IS NOT NULL")
    assert verified == []


def test_a_leaders_sheet_is_not_overwritten_by_the_sheet_on_screen_under_a_changed_number(qtbot, session) -> None:
    """Rater 1's sheet is stored; the clerk types rater 2's, then the number box goes to 1 without Enter."""
    page = LeaderRatingsPage(session)
    qtbot.addWidget(page)
    page.show()
    page.grid_view.setFocus()
    press(qtbot, page.grid_view, "66666")
    ctrl_enter(qtbot, page.grid_view)
    assert page.rater_box.value() == 2
    press(qtbot, page.grid_view, "5\t" * 5)
    page.rater_box.setFocus()
    qtbot.keyClick(page.rater_box, Qt.Key.Key_Down)  # 1, no Enter
    page.commit()  # Ctrl+Enter with the number box focused
    assert "已录入过" in page.status.text(), page.status.text()
    stored = session.db.query("SELECT scores FROM leader_ratings WHERE rater = 1")
    assert [r["scores"] for r in stored] == ['["6", "6", "6", "6", "6"]']
