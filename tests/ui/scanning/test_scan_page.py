"""扫描录入's page: the test-deck button and its mark-by-mark report (nothing stored), the watched folder (scan to
folder), a ballot missing a page (Delete: scan it again), a locked year, and the page in the window."""

from __future__ import annotations

import shutil

from PySide6.QtCore import Qt

from app.models.scanning.pending import INCOMPLETE, read_pending
from app.scanning.layouts import load_expected
from app.ui.scanning.page import ScanPage
from app.ui.shell.session import Session
from tests.helpers.keying_helpers import YEAR
from tests.helpers.scan_runs import CLEAR_MIX, filled_scan, write_scan
from tests.ui.scanning.conftest import run_scan


def test_the_test_deck_button_prints_and_its_scan_reports_every_mark(
    qtbot, session, scan_page, tmp_path, ask_mock
) -> None:
    deck = tmp_path / "测试票.pdf"
    ask_mock.file(deck)
    qtbot.mouseClick(scan_page.deck_button, Qt.MouseButton.LeftButton)
    assert deck.read_bytes().startswith(b"%PDF") and "测试票 3 张" in scan_page.status.text()
    run_scan(qtbot, scan_page, deck)  # the printed deck itself, as a perfect scanner would see it
    assert scan_page.tabs.currentIndex() == 2
    assert scan_page.deck.rowCount() == 3 * 4  # three test ballots, four cadres each: every mark listed
    results = {scan_page.deck.index(r, 5).data() for r in range(scan_page.deck.rowCount())}
    assert results == {"正确"}
    assert "测试票 1：4 个标记，正确 4 个，全部正确" in scan_page.deck_summary.text()
    assert session.db.query("SELECT count(*) FROM democratic_ballots")[0][0] == 0
    assert session.db.query("SELECT count(*) FROM scan_pending")[0][0] == 0  # commits nothing


def test_a_watched_folder_picks_up_a_new_scan_once_it_is_written(
    qtbot, session, db_path, scan_page, tmp_path, ask_mock
):
    layout = load_expected(session.db, YEAR).democratic
    run = filled_scan(db_path, tmp_path, layout, 1, seed=51, mix=CLEAR_MIX)
    folder = tmp_path / "scanner"
    folder.mkdir()
    ask_mock.file(folder)
    qtbot.mouseClick(scan_page.watch_button, Qt.MouseButton.LeftButton)
    assert "正在监视" in scan_page.folder_label.text() and scan_page.stop_button.isEnabled()
    shutil.copy(run.path, folder / "doc001.pdf")
    scan_page.watch.look()  # first look: the file is new (the scanner may still be writing it)
    assert not scan_page.runner.busy and scan_page.runner.queue == []
    qtbot.waitUntil(lambda: session.db.query("SELECT count(*) FROM democratic_ballots")[0][0] == 1, timeout=60_000)
    qtbot.waitUntil(lambda: not scan_page.runner.busy, timeout=60_000)
    scan_page.watch.look()
    assert session.db.query("SELECT count(*) FROM democratic_ballots")[0][0] == 1  # once per file
    qtbot.mouseClick(scan_page.stop_button, Qt.MouseButton.LeftButton)
    assert not scan_page.watch.active


def test_a_ballot_missing_a_page_waits_and_delete_drops_it(qtbot, demo_path, tmp_path) -> None:
    from app.models.db import open_database

    db = open_database(demo_path)
    session = Session(db)
    session.set_year(2017)
    page = ScanPage(session)
    page.runner.workers = 1
    qtbot.addWidget(page)
    page.show()
    layout = load_expected(db, 2017).democratic
    run = filled_scan(demo_path, tmp_path, layout, 1, seed=52, mix=CLEAR_MIX)
    run_scan(qtbot, page, write_scan(run.pages[:1], tmp_path / "half.pdf"))
    waiting = read_pending(db, 2017)
    assert [w.status for w in waiting] == [INCOMPLETE]
    review = page.review
    assert "缺第 2 页" in review.who.text()
    review.setFocus()
    qtbot.keyClicks(review, "1")  # a grade means nothing here: the ballot is settled as a whole
    assert read_pending(db, 2017) and "整张处理" in page.status.text()
    qtbot.keyClick(review, Qt.Key.Key_Delete)
    assert read_pending(db, 2017) == [] and "重新扫描" in page.status.text()
    run_scan(qtbot, page, run.path)  # the whole ballot scanned again: stored
    assert db.query("SELECT entry FROM democratic_ballots WHERE serial = 151")[0][0] == "scanned"
    page.close()
    db.close()


def test_a_locked_year_refuses_to_scan_before_reading(qtbot, session, scan_page) -> None:
    with session.db.atomic("lock", "test") as conn:
        conn.execute("UPDATE years SET locked_at = '2018-01-05' WHERE year = ?", (YEAR,))
    session.notify_changed()
    assert scan_page.notice.isVisible() and "锁定" in scan_page.notice.text()
    assert not scan_page.files_button.isEnabled()


def test_the_window_lists_the_scan_page(qtbot, db) -> None:
    from app.ui.shell.main_window import MainWindow

    window = MainWindow(db)
    qtbot.addWidget(window)
    assert isinstance(window.page(ScanPage), ScanPage)


def test_pages_of_one_ballot_in_two_files_of_a_session_are_paired(qtbot, demo_path, tmp_path) -> None:
    """Scan to folder: the scanner split the stack into two files between the pages of one ballot."""
    from app.models.db import open_database

    db = open_database(demo_path)
    session = Session(db)
    session.set_year(2017)
    page = ScanPage(session)
    page.runner.workers = 1
    qtbot.addWidget(page)
    layout = load_expected(db, 2017).democratic
    run = filled_scan(demo_path, tmp_path, layout, 2, seed=53, mix=CLEAR_MIX)
    run_scan(qtbot, page, write_scan(run.pages[:3], tmp_path / "a.pdf"))  # ballot 1, and page 1 of ballot 2
    assert [w.status for w in read_pending(db, 2017)] == [INCOMPLETE]
    run_scan(qtbot, page, write_scan(run.pages[3:], tmp_path / "b.pdf"))  # page 2 of ballot 2
    assert read_pending(db, 2017) == []
    rows = db.query("SELECT serial FROM democratic_ballots WHERE entry = 'scanned' ORDER BY serial")
    assert [r[0] for r in rows] == [151, 152]
    page.close()
    db.close()
