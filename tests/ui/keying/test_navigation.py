"""A tired clerk in the middle of a ballot: page, year, F5, another PC committing, closing the window, undo.

Issue 4, “Never lost: killing the program mid-ballot loses at most the ballot on screen”: a kill may lose
the ballot on screen, a deliberate move must not lose it silently — it stays on the page or the clerk is
asked first (the default answer keeps it).
Seed, 附件6 民主测评表: every cadre is marked 优秀 / 称职 / 基本称职 / 不称职 — a run of unmarked cadres
(0 or space) is keyed too, so the cursor's place on the ballot is part of the ballot on screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.models.ballots.keying import commit_democratic_ballot, commit_rating_ballot, read_ballot
from app.models.db import Database, _connect
from app.models.store import ensure_year
from app.ui.keying.common import MODE_DEPENDENT, MODE_FIRST
from app.ui.keying.democratic_page import DemocraticKeyingPage
from app.ui.keying.leader_ratings_page import LeaderRatingsPage
from app.ui.keying.rating_page import RatingKeyingPage
from app.ui.shell.main_window import MainWindow
from app.ui.widgets.ask import DISCARD_TITLE
from tests.helpers.ask_mock import AskMock
from tests.helpers.keying_helpers import YEAR, ctrl_enter, press
from tests.helpers.windows import open_window

OFFICE = "办公室"


class Asked:
    """The "discard the half-keyed ballot?" question: records what was asked and gives the test's answer."""

    def __init__(self, mock: AskMock, answer: bool) -> None:
        self.mock = mock
        self.answer = answer
        mock.always(DISCARD_TITLE, lambda _question: self.answer)

    @property
    def questions(self) -> list[str]:
        return [q.text for q in self.mock.asked if q.title == DISCARD_TITLE]


@pytest.fixture
def asked(ask_mock: AskMock) -> Asked:
    return Asked(ask_mock, answer=False)


@pytest.fixture
def window(qtbot, db: Database, asked: Asked) -> Iterator[MainWindow]:
    win = open_window(qtbot, db, poll_ms=3_600_000)  # polled by hand in these tests
    yield win
    asked.answer = True  # the test is over: let the window close


def go(qtbot, window: MainWindow, number: int):
    """Ctrl+<number> as the clerk presses it; the page shown."""
    qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
    page = window.current_page()
    page.view().setFocus() if hasattr(page, "view") else None
    return page


def other_program(db: Database) -> Database:
    """A second connection to the same file, as another copy of the program would have."""
    return Database(_connect(db.path), db.path)


def test_switching_pages_keeps_the_half_keyed_ballot_unasked(qtbot, window: MainWindow, asked: Asked) -> None:
    rating = go(qtbot, window, 5)
    assert isinstance(rating, RatingKeyingPage)
    press(qtbot, rating.grid_view, "44")
    democratic = go(qtbot, window, 6)
    assert isinstance(democratic, DemocraticKeyingPage)
    press(qtbot, democratic.mark_view, "12")
    leaders = go(qtbot, window, 7)
    assert isinstance(leaders, LeaderRatingsPage)
    press(qtbot, leaders.grid_view, "66")
    go(qtbot, window, 1)
    assert go(qtbot, window, 5) is rating and rating.grid is not None
    assert rating.grid.cells == {(0, 0): Decimal(4), (0, 1): Decimal(4)} and rating.grid_view.cell() == (0, 2)
    assert go(qtbot, window, 6) is democratic and democratic.marks is not None
    assert democratic.marks.marks[:2] == ["优秀", "称职"] and democratic.mark_view.cell()[0] == 2
    assert go(qtbot, window, 7) is leaders and leaders.grid is not None and len(leaders.grid.cells) == 2
    assert asked.questions == []


def test_f5_keeps_the_ballot_on_screen(qtbot, window: MainWindow, asked: Asked) -> None:
    democratic = go(qtbot, window, 6)
    press(qtbot, democratic.mark_view, "1 2")
    qtbot.keyClick(democratic.mark_view, Qt.Key.Key_F5)
    assert democratic.marks.marks[:3] == ["优秀", None, "称职"] and democratic.mark_view.cell()[0] == 3
    assert asked.questions == []


def test_another_year_asks_first_and_no_keeps_the_ballot(qtbot, window: MainWindow, db: Database, asked) -> None:
    ensure_year(db, YEAR + 1)
    window.reload()
    rating = go(qtbot, window, 5)
    press(qtbot, rating.grid_view, "443")
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)  # Alt+Y: the year selector
    assert window.year_combo.hasFocus()
    index = window.year_combo.findData(YEAR + 1)
    window.year_combo.setCurrentIndex(index)  # what an arrow key in the selector does
    assert len(asked.questions) == 1
    assert "附件4 班子成员评分表第 1 号" in asked.questions[0] and "已录入 3 个分值" in asked.questions[0]
    assert window.session.year == YEAR and window.year_combo.currentData() == YEAR  # answered no: nothing moved
    assert rating.grid.cells == {(0, 0): Decimal(4), (0, 1): Decimal(4)} and rating.grid.buffer == "3"
    asked.answer = True
    window.year_combo.setCurrentIndex(index)
    assert window.session.year == YEAR + 1


def test_closing_the_window_asks_first(qtbot, window: MainWindow, asked: Asked) -> None:
    democratic = go(qtbot, window, 6)
    press(qtbot, democratic.mark_view, "   ")  # three cadres not marked: keyed all the same
    assert not window.close()
    assert window.isVisible() and "民主测评表第 1 号（已录入到第 4 人，标记 0 个）" in asked.questions[0]
    asked.answer = True
    assert window.close()
    assert len(asked.questions) == 2


def test_closing_with_nothing_typed_does_not_ask(qtbot, window: MainWindow, asked: Asked) -> None:
    go(qtbot, window, 5)
    assert window.close() and asked.questions == []


def test_another_program_committing_keeps_the_ballot_its_place_and_a_serial_chosen_by_hand(
    qtbot, window: MainWindow, db: Database
) -> None:
    """The poll timer sees the other program's commit; the refresh must not wipe the ballot being keyed."""
    democratic = go(qtbot, window, 6)
    press(qtbot, democratic.mark_view, "  ")  # the first two cadres unmarked on paper: nothing in the counts yet
    rating = go(qtbot, window, 5)
    rating.serial_box.setValue(17)  # this paper is number 17
    rating.serial_box.editingFinished.emit()
    other = other_program(db)
    with other.atomic("另一台电脑录入", "test") as conn:
        commit_rating_ballot(conn, YEAR, "leaders", 1, {OFFICE: (Decimal(4),) * 5})
    assert window.session.poll()  # what the timer does
    assert rating.serial_box.value() == 17  # not reset to the next free number
    rating.grid_view.setFocus()
    press(qtbot, rating.grid_view, "44444")
    democratic = go(qtbot, window, 6)
    assert democratic.mark_view.cell()[0] == 2  # the next mark goes to the third cadre, not the first
    press(qtbot, democratic.mark_view, "1")
    with other.atomic("另一台电脑录入", "test") as conn:
        commit_democratic_ballot(conn, YEAR, 1, {"c001": "优秀"})
    assert window.session.poll()
    assert democratic.marks.marks[:3] == [None, None, "优秀"]
    rating = go(qtbot, window, 5)
    assert rating.grid.cells == {(0, c): Decimal(4) for c in range(5)}
    ctrl_enter(qtbot, rating.grid_view)
    assert read_ballot(db, YEAR, "leaders", 17) is not None, rating.status.text()
    other.conn.close()


def test_a_new_ballot_follows_the_other_program_when_nothing_is_typed(qtbot, window: MainWindow, db: Database):
    rating = go(qtbot, window, 5)
    assert rating.serial_box.value() == 1
    other = other_program(db)
    with other.atomic("另一台电脑录入", "test") as conn:
        commit_rating_ballot(conn, YEAR, "leaders", 1, {OFFICE: (Decimal(4),) * 5})
    other.conn.close()
    assert window.session.poll()
    assert rating.serial_box.value() == 2


def test_undo_right_after_a_commit_gives_the_serial_back(qtbot, window: MainWindow, db: Database, ask_mock):
    ask_mock.always("撤销", True)
    rating = go(qtbot, window, 5)
    press(qtbot, rating.grid_view, "44444")
    ctrl_enter(qtbot, rating.grid_view)
    assert rating.serial_box.value() == 2
    qtbot.keyClick(rating.grid_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # 编辑 ▸ 撤销
    assert read_ballot(db, YEAR, "leaders", 1) is None
    assert rating.serial_box.value() == 1 and rating.grid.is_empty() and rating.grid_view.cell() == (0, 0)
    press(qtbot, rating.grid_view, "3\t" * 5)
    ctrl_enter(qtbot, rating.grid_view)
    assert read_ballot(db, YEAR, "leaders", 1).values[OFFICE] == (Decimal(3),) * 5, rating.status.text()


def test_undo_while_the_next_ballot_is_half_keyed_keeps_it(qtbot, window: MainWindow, db: Database, ask_mock):
    ask_mock.always("撤销", True)
    democratic = go(qtbot, window, 6)
    press(qtbot, democratic.mark_view, "1111\n")
    assert democratic.serial_box.value() == 2, democratic.status.text()
    press(qtbot, democratic.mark_view, "22")
    qtbot.keyClick(democratic.mark_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert read_ballot(db, YEAR, "democratic", 1) is None
    assert democratic.marks.marks[:2] == ["称职", "称职"] and democratic.serial_box.value() == 2


def test_changing_form_or_mode_mid_ballot_asks_and_no_keeps_it(qtbot, window: MainWindow, asked: Asked) -> None:
    rating = go(qtbot, window, 5)
    press(qtbot, rating.grid_view, "4")
    qtbot.keyClick(rating.grid_view, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)  # 表格(&B)
    qtbot.keyClick(rating.form_box, Qt.Key.Key_Down)
    assert rating.form == "leaders" and len(asked.questions) == 1 and "换成“附件5" in asked.questions[0]
    assert rating.grid.cells == {(0, 0): Decimal(4)}
    rating.grid_view.setFocus()
    qtbot.keyClick(rating.grid_view, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # 方式(&M)
    qtbot.keyClick(rating.mode_box, Qt.Key.Key_Down)
    assert rating.mode == MODE_FIRST and len(asked.questions) == 2
    assert rating.grid.cells == {(0, 0): Decimal(4)}
    asked.answer = True
    qtbot.keyClick(rating.form_box, Qt.Key.Key_Down)
    assert rating.form == "heads" and rating.grid.is_empty()


def test_a_rater_number_corrected_after_typing_keeps_the_sheet(qtbot, window: MainWindow, db: Database, asked):
    leaders = go(qtbot, window, 7)
    press(qtbot, leaders.grid_view, "66666")
    qtbot.keyClick(leaders.grid_view, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # 打分人编号(&R)
    qtbot.keyClicks(leaders.rater_box, "3")
    qtbot.keyClick(leaders.rater_box, Qt.Key.Key_Return)
    assert leaders.grid.cells == {(0, c): Decimal(6) for c in range(5)} and asked.questions == []
    ctrl_enter(qtbot, leaders.grid_view)
    assert db.query("SELECT DISTINCT rater FROM leader_ratings")[0][0] == 3, leaders.status.text()


def test_visiting_the_number_box_during_verification_keeps_the_progress(qtbot, window: MainWindow, asked) -> None:
    """Alt+N, Enter without changing the number: the checked values stay checked."""
    rating = go(qtbot, window, 5)
    press(qtbot, rating.grid_view, "44444")
    ctrl_enter(qtbot, rating.grid_view)
    rating.mode_box.setCurrentIndex(rating.mode_box.findData(MODE_DEPENDENT))
    rating.grid_view.setFocus()
    press(qtbot, rating.grid_view, "444")
    qtbot.keyClick(rating.grid_view, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert rating.serial_box.hasFocus()
    qtbot.keyClick(rating.serial_box, Qt.Key.Key_Return)
    assert len(rating.grid.checked) == 3 and rating.grid_view.cell() == (0, 3) and asked.questions == []
    # Another number typed with Enter: that is a deliberate move, so the clerk is asked; no keeps the checks.
    qtbot.keyClick(rating.grid_view, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClicks(rating.serial_box, "2")
    qtbot.keyClick(rating.serial_box, Qt.Key.Key_Return)
    assert len(asked.questions) == 1 and len(rating.grid.checked) == 3


def test_window_quit_after_choosing_another_file_does_not_ask_twice(qtbot, window: MainWindow, asked, tmp_path: Path):
    rating = go(qtbot, window, 5)
    press(qtbot, rating.grid_view, "4")
    menu = window.file_menu
    assert menu.open_path(tmp_path / "other.sqlite", create=True) is None  # answered no: still here
    assert len(asked.questions) == 1 and rating.grid.cells == {(0, 0): Decimal(4)}


def test_undo_right_after_a_verification_offers_that_ballot_again(qtbot, window: MainWindow, db, ask_mock):
    """核对录入: “One 撤销 (Ctrl+Z) takes all of it back” — and the page offers the same ballot to check again."""
    ask_mock.always("撤销", True)
    democratic = go(qtbot, window, 6)
    for marks in ("1234", "4321"):
        press(qtbot, democratic.mark_view, marks + "\n")
    democratic.mode_box.setCurrentIndex(democratic.mode_box.findData(MODE_DEPENDENT))
    democratic.mark_view.setFocus()
    press(qtbot, democratic.mark_view, "1234\n")
    assert read_ballot(db, YEAR, "democratic", 1).verified_mode == "dependent", democratic.status.text()
    assert democratic.serial_box.value() == 2
    qtbot.keyClick(democratic.mark_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert read_ballot(db, YEAR, "democratic", 1).verified_mode is None
    assert democratic.serial_box.value() == 1 and democratic.marks.expected == ["优秀", "称职", "基本称职", "不称职"]
    assert democratic.marks.checked == set() and democratic.mark_view.cell()[0] == 0


def test_creating_or_importing_a_year_asks_first_and_no_keeps_the_ballot(
    qtbot, window: MainWindow, db: Database, asked: Asked, tmp_path: Path
) -> None:
    from app.models.yearfile.export import export_year
    from app.ui.years.page import YearsPage

    democratic = go(qtbot, window, 6)
    press(qtbot, democratic.mark_view, "12")
    years_page = window.page(YearsPage)
    assert isinstance(years_page, YearsPage)
    window.show_page(window.page_list.index(years_page))  # the draft stays on its page
    years_page.new_year_edit.setText(str(YEAR + 1))
    assert not years_page.create_year(), years_page.message.text()  # the clerk answered 返回继续录入
    assert "新建并换到" in asked.questions[-1]
    assert [y.year for y in window.session.years()] == [YEAR]

    year_file = tmp_path / "y.json"
    year_file.write_text(__import__("json").dumps(export_year(db, YEAR), ensure_ascii=False), encoding="utf-8")
    assert not window.file_menu.import_year_file(str(year_file))
    assert "导入年度文件" in asked.questions[-1]
    assert democratic.marks.marks[:2] == ["优秀", "称职"]  # still on screen
