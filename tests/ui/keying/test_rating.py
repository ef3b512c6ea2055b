"""评分表录入 through the real widgets: annex 4 (班子成员评分表) and annex 5 (科室负责人评分表).

Seed, annex 4: “分值 4 4 4 4 4 20 … 小计总分不能超过 20 分 … 每个科室的最后得分计分方法为取平均值”;
annex 5: “分值 2 2 2 2 2 10 … 小计总分不能超过 10 分”.
"""

from __future__ import annotations

import json
from decimal import Decimal

from PySide6.QtCore import Qt

from app.models.ballots.keying import read_ballot
from app.ui.keying.common import MODE_DEPENDENT
from app.ui.keying.rating_page import RatingKeyingPage
from app.ui.shell.session import Session
from tests.helpers.keying_helpers import YEAR, ctrl_enter, press

OFFICE, REGULATION = "办公室", "综合与法规科"


def page_for(qtbot, session: Session, form: str = "leaders") -> RatingKeyingPage:
    page = RatingKeyingPage(session)
    qtbot.addWidget(page)
    page.show()
    page.set_form(form)
    page.grid_view.setFocus()
    return page


def stored(session: Session, form: str = "leaders") -> dict[int, tuple[dict, str | None]]:
    rows = session.db.query(
        "SELECT serial, scores, void FROM rating_ballots WHERE year = ? AND form = ? AND pass = 1", (YEAR, form)
    )
    return {r["serial"]: (json.loads(r["scores"]), r["void"]) for r in rows}


def unit_result(session: Session, name: str):
    result = session.result()
    assert result is not None
    return next(u for u in result.units if u.name == name)


def test_a_full_annex_4_ballot_keyed_and_averaged(qtbot, session: Session) -> None:
    """“每个科室的最后得分计分方法为取平均值”: two ballots, each unit's five scores summed, then averaged."""
    page = page_for(qtbot, session)
    view = page.grid_view
    assert page.serial_box.value() == 1
    # Ballot 1: every unit 4 4 3.5 3 4 (a full mark advances by itself; 3.5 too; 3 needs Enter).
    press(qtbot, view, "443.53\t4" * 25)  # Tab or Enter confirms a value that is not complete by itself
    assert stored(session) == {}  # the last value is in, the ballot not yet committed
    press(qtbot, view, "\n")  # Enter on the last cell commits and opens the next empty ballot
    assert page.serial_box.value() == 2, page.status.text()
    assert page.grid is not None and page.grid.is_empty()
    ballots = stored(session)
    assert list(ballots) == [1]
    assert ballots[1][0][OFFICE] == ["4", "4", "3.5", "3", "4"]
    assert len(ballots[1][0]) == 25
    # Ballot 2: only 办公室 (4 4 4 4 4), the other units left blank; Ctrl+Enter commits.
    press(qtbot, view, "44444")
    ctrl_enter(qtbot, view)
    ballots = stored(session)
    assert ballots[2][0] == {OFFICE: ["4", "4", "4", "4", "4"]}
    assert unit_result(session, OFFICE).leaders == Decimal("19.25")  # (18.5 + 20) / 2
    assert unit_result(session, REGULATION).leaders == Decimal("18.5")  # rated on ballot 1 only
    assert unit_result(session, OFFICE).leader_ballots == 2


def test_a_value_above_the_criterion_maximum_is_refused_as_typed(qtbot, session: Session) -> None:
    """Annex 4: “分值 4”; annex 5: “分值 2” — nothing above a criterion's points is accepted."""
    page = page_for(qtbot, session)
    view = page.grid_view
    press(qtbot, view, "5")
    assert "满分 4" in page.status.text()
    assert page.grid is not None and page.grid.cells == {} and page.grid.buffer == ""
    press(qtbot, view, "4")  # the full mark: nothing can follow, so the cursor moves on by itself
    assert page.grid.cells == {(0, 0): Decimal(4)} and view.cell() == (0, 1)
    press(qtbot, view, "39")  # 39 > 4: refused at the 9, the 3 stays pending
    assert "满分 4" in page.status.text() and page.grid.buffer == "3"
    press(qtbot, view, ".5")
    assert page.grid.cells[(0, 1)] == Decimal("3.5") and view.cell() == (0, 2)
    press(qtbot, view, "1.53")  # one decimal completes the value; the 3 goes to the next cell
    assert page.grid.cells[(0, 2)] == Decimal("1.5") and page.grid.buffer == "3"
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    press(qtbot, view, "x")
    assert "不是分数" in page.status.text()
    page.set_form("heads")
    view.setFocus()
    press(qtbot, view, "3")
    assert "满分 2" in page.status.text()
    assert page.grid.cells == {}
    press(qtbot, view, "2")  # the full mark advances by itself
    assert page.grid.cells == {(0, 0): Decimal(2)} and view.cell() == (0, 1)


def test_refusals_write_nothing(qtbot, session: Session) -> None:
    """A ballot rating nobody, a unit half rated, a duplicate serial, 废票 without a reason: refused, nothing written."""
    page = page_for(qtbot, session)
    view = page.grid_view
    ctrl_enter(qtbot, view)
    assert "没有给任何科室评分" in page.status.text()
    press(qtbot, view, "44")
    ctrl_enter(qtbot, view)
    assert "未填" in page.status.text() and "办公室" in page.status.text()
    assert stored(session) == {}
    press(qtbot, view, "443")  # the 3 is still being typed: Ctrl+Enter takes it
    ctrl_enter(qtbot, view)
    assert list(stored(session)) == [1]
    assert stored(session)[1][0]["办公室"] == ["4", "4", "4", "4", "3"]
    # The paper says 1 again: duplicate refused, the ballot stays on screen.
    page.serial_box.setValue(1)
    press(qtbot, view, "44444")
    ctrl_enter(qtbot, view)
    assert "编号不能重复" in page.status.text()
    assert page.grid is not None and len(page.grid.cells) == 5
    # 废票 ticked without a reason
    page.serial_box.setValue(2)
    page.void_box.setChecked(True)
    ctrl_enter(qtbot, view)
    assert "废票原因" in page.status.text()
    assert list(stored(session)) == [1]
    audit = session.db.query("SELECT count(*) FROM audit_log WHERE tbl = 'rating_ballots'")[0][0]
    assert audit == 1


def test_a_void_ballot_is_kept_but_left_out_of_the_average(qtbot, session: Session) -> None:
    """Interchange: ballots may carry "void" (废票): kept, but left out of every average."""
    page = page_for(qtbot, session)
    view = page.grid_view
    press(qtbot, view, "44444")
    ctrl_enter(qtbot, view)
    press(qtbot, view, "1\n" * 5)
    page.void_box.setChecked(True)
    page.void_reason.setText("字迹无法辨认")
    ctrl_enter(qtbot, view)
    ballots = stored(session)
    assert ballots[2] == ({OFFICE: ["1", "1", "1", "1", "1"]}, "字迹无法辨认")
    assert unit_result(session, OFFICE).leaders == Decimal(20)
    assert unit_result(session, OFFICE).leader_ballots == 1
    # A spoiled ballot with nothing legible may be keyed as void with no scores.
    page.void_box.setChecked(True)
    page.void_reason.setText("空白票")
    ctrl_enter(qtbot, view)
    assert stored(session)[3] == ({}, "空白票")


def test_backspace_and_delete_correct_the_ballot_on_screen(qtbot, session: Session) -> None:
    page = page_for(qtbot, session)
    view = page.grid_view
    press(qtbot, view, "3.")
    qtbot.keyClick(view, Qt.Key.Key_Backspace)
    qtbot.keyClick(view, Qt.Key.Key_Backspace)
    assert page.grid is not None and page.grid.buffer == ""
    press(qtbot, view, "44")
    qtbot.keyClick(view, Qt.Key.Key_Backspace)  # empty cell: back one and clear it
    assert view.cell() == (0, 1) and (0, 1) not in page.grid.cells
    assert page.grid.cells == {(0, 0): Decimal(4)}


def test_reopening_returns_to_the_form_and_serial_where_keying_stopped(qtbot, session: Session) -> None:
    page = page_for(qtbot, session, "heads")
    press(qtbot, page.grid_view, "22222")
    ctrl_enter(qtbot, page.grid_view)
    fresh = Session(session.db)
    fresh.set_year(YEAR)
    again = RatingKeyingPage(fresh)
    qtbot.addWidget(again)
    again.show()
    assert again.form == "heads" and again.serial_box.value() == 2


def test_dependent_verification_stops_on_a_mismatch_and_asks_which_is_right(qtbot, session: Session) -> None:
    """Double entry, dependent: the stored 办公室 大局观念 4 was a keying error; the paper says 3."""
    page = page_for(qtbot, session)
    view = page.grid_view
    press(qtbot, view, "44444" + "3\n" * 5)
    ctrl_enter(qtbot, view)
    page.mode_box.setCurrentIndex(page.mode_box.findData(MODE_DEPENDENT))
    assert page.serial_box.value() == 1
    view.setFocus()
    press(qtbot, view, "3\n")
    assert "核对不一致" in page.status.text() and "原录入 4" in page.status.text()
    assert view.cell() == (0, 0)  # the cursor stopped
    press(qtbot, view, "4")  # any other key only repeats the question
    assert "按 A" in page.status.text()
    qtbot.keyClick(view, Qt.Key.Key_B)  # the paper says 3: this keying is right
    assert view.cell() == (0, 1)
    press(qtbot, view, "4444" + "3\n" * 5)
    press(qtbot, view, "\n" * 5 * 23)  # the other units are blank on paper and in the store
    press(qtbot, view, "\n")
    ballot = read_ballot(session.db, YEAR, "leaders", 1)
    assert ballot is not None and ballot.verified_mode == "dependent", page.status.text()
    assert ballot.values[OFFICE] == tuple(Decimal(v) for v in "34444")
    finding = session.db.query("SELECT * FROM verification_findings")[0]
    assert (finding["row_key"], finding["col"], finding["first_value"], finding["second_value"]) == (
        OFFICE,
        0,
        "4",
        "3",
    )
    assert finding["first_was_wrong"] == 1 and finding["resolved_value"] == "3"
    assert unit_result(session, OFFICE).leaders == Decimal(19)
    assert page.status.text().startswith("附件4") and "核对" in page.status.text()


def test_in_the_main_window_ctrl_5_opens_the_page_with_the_keys_on_the_ballot(qtbot, db) -> None:
    """Keyboard first: from the navigation shortcut straight into the grid, no mouse."""
    from app.ui.shell.main_window import POLL_MS
    from tests.helpers.windows import open_window

    window = open_window(qtbot, db, POLL_MS)
    page = window.page(RatingKeyingPage)
    assert isinstance(page, RatingKeyingPage)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(page.grid_view.hasFocus)
    press(qtbot, page.grid_view, "44444")
    ctrl_enter(qtbot, page.grid_view)
    assert "第 1 号已录入保存" in page.status.text()
    assert "委领导评分表 1 张" in window.status_label.text()


def test_the_running_count_counts_a_unit_once_all_its_cells_are_in(qtbot, session: Session) -> None:
    """Issue 20: “本票已评 1/25” counted a unit after 2 of its 5 cells."""
    page = page_for(qtbot, session)
    press(qtbot, page.grid_view, "44")  # 办公室: 2 of 5 cells
    assert "本票已评 0 / 25" in page.counts_label.text()
    assert "另有 1 个科室未评完" in page.counts_label.text()
    press(qtbot, page.grid_view, "444")  # its 5 cells
    assert "本票已评 1 / 25" in page.counts_label.text()
    assert "未评完" not in page.counts_label.text()


def test_every_criterions_heading_is_whole_on_a_laptop_screen(qtbot, demo_path) -> None:
    """附件4's columns on a 1280×800 screen: 党建及干部队伍建设工作 and its points read whole, not cut at both ends."""
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QApplication

    from app.models.db import open_database
    from tests.helpers.laptop import laptop_window

    db = open_database(demo_path)
    try:
        with laptop_window(qtbot, db) as window:
            qtbot.keyClick(window.navigation, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
            page = window.current_page()
            assert isinstance(page, RatingKeyingPage)
            view = page.grid_view
            header = view.horizontalHeader()
            metrics = QFontMetrics(header.font())
            model = view.model()
            titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
            assert any("党建及干部队伍建设工作" in t for t in titles)
            for column, title in enumerate(titles):
                widest = max(metrics.horizontalAdvance(line) for line in title.splitlines())
                assert widest + 6 <= view.columnWidth(column), (title, widest, view.columnWidth(column))
            # A scanned form beside the grid (扫描录入, issue 18) takes half the width: the headings wrap as the
            # paper's do (党建及干 / 部队伍建 / 设工作) instead of being cut to 干部队伍建.
            page.scans.show()
            splitter = page.scans.parentWidget()
            splitter.setSizes([470, 600])
            qtbot.waitUntil(lambda: view.width() < 500)
            QApplication.processEvents()
            titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
            assert any(len(t.splitlines()) >= 3 for t in titles), titles
            for column, title in enumerate(titles):
                widest = max(metrics.horizontalAdvance(line) for line in title.splitlines())
                assert widest + 6 <= view.columnWidth(column), (title, widest, view.columnWidth(column))
                tall = metrics.lineSpacing() * len(title.splitlines())
                assert tall <= header.height(), (title, tall, header.height())
            assert "".join(titles[1].split("\n")[:-1]) == "党建及干部队伍建设工作"  # the words whole, only wrapped
    finally:
        db.close()
