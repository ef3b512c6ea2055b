"""考评结果: a tied row is decided from the keyboard (seed: 提出获奖科室和突出贡献奖名单，报委党委审定)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.models.db import Database
from app.models.decisions import decision_map
from app.ui.results.cadre_models import C_GRADE, C_NAME
from app.ui.results.decision_dialog import CLEAR, DecisionDialog
from app.ui.results.models import U_NAME, U_NOTE, U_PRIZE
from app.ui.results.page import ResultsPage
from app.ui.widgets.ask import Question
from tests.helpers import windows
from tests.helpers.ask_mock import AskMock


def open_page(qtbot, db: Database) -> ResultsPage:
    return windows.open_page(qtbot, ResultsPage, db, size=(1300, 800))


def select_row(qtbot, view, column: int, text: str) -> None:
    model = view.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, column).data() == text)
    view.setFocus()
    view.setCurrentIndex(model.index(row, column))


def decide(outcome: str, reason: str, asked: list[tuple[str, list[str]]] | None = None):
    """Fills the 党委审定 dialog as the clerk would (and notes what it offered)."""

    def answer(question: Question) -> bool:
        dialog = question.subject
        assert isinstance(dialog, DecisionDialog)
        if asked is not None:
            asked.append((dialog.subject, [dialog.outcome.itemText(i) for i in range(dialog.outcome.count())]))
        dialog.outcome.setCurrentText(outcome)
        dialog.reason.setText(reason)
        return True

    return answer


def test_enter_on_a_tied_unit_records_and_clears_the_decision(qtbot, tied, ask_mock: AskMock) -> None:
    db, subjects = tied
    _upper, lower = subjects["units"]
    asked: list[tuple[str, list[str]]] = []
    ask_mock.dialog(decide("一等奖", "纪要5号", asked)).dialog(decide(CLEAR, "更正", asked))
    page = open_page(qtbot, db)
    tab = page.group_tab(1)
    page.tabs.setCurrentWidget(tab)
    select_row(qtbot, tab.view, U_NAME, lower)
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert asked == [(f"第1组：{lower}", ["一等奖", "二等奖"])]
    assert decision_map(db, 2017) == {("unit", lower): "一等奖"}
    page.refresh()
    select_row(qtbot, tab.view, U_NAME, lower)
    row = tab.view.currentIndex().row()
    assert tab.view.model().index(row, U_PRIZE).data() == "一等奖（党委审定）"
    assert "已由党委审定" in tab.view.model().index(row, U_NOTE).data()
    assert "并列需党委审定" in tab.summary.text()  # the other tied unit is still open
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert asked[-1][1] == ["一等奖", "二等奖", CLEAR]
    assert decision_map(db, 2017) == {}
    reasons = [r["reason"] for r in db.query("SELECT reason FROM audit_log WHERE tbl = 'committee_decisions'")]
    assert reasons == [f"党委审定：{lower} 一等奖；纪要5号", f"撤销党委审定：{lower}；更正"]


def test_enter_on_a_tied_cadre_and_on_an_untied_row(qtbot, tied, ask_mock: AskMock) -> None:
    db, subjects = tied
    upper, _lower = subjects["cadres"]
    ask_mock.dialog(decide("称职", "纪要"))
    page = open_page(qtbot, db)
    page.tabs.setCurrentWidget(page.cadre_tab)
    cadre = next(c for c in page.session.result().cadres if c.id == upper)
    pool_row = page.pool_model.row_of_pool(cadre.pool)
    page.cadre_tab.pool_view.setCurrentIndex(page.pool_model.index(pool_row, 0))
    select_row(qtbot, page.cadre_tab.view, C_NAME, cadre.name)
    qtbot.keyClick(page.cadre_tab.view, Qt.Key.Key_Enter)
    assert decision_map(db, 2017) == {("cadre", upper): "称职"}
    page.refresh()
    select_row(qtbot, page.cadre_tab.view, C_NAME, cadre.name)
    assert page.cadre_tab.view.currentIndex().siblingAtColumn(C_GRADE).data() == "称职（党委审定）"
    # An untied row: nothing asked (ask_mock fails on an unexpected question), a hint instead.
    page.tabs.setCurrentWidget(page.group_tab(2))
    select_row(qtbot, page.group_tab(2).view, U_NAME, page.group_tab(2).view.model().index(0, U_NAME).data())
    qtbot.keyClick(page.group_tab(2).view, Qt.Key.Key_Return)
    assert "只有并列" in page.decision_message.text()


def test_decision_dialog_needs_a_reason(qtbot) -> None:
    dialog = DecisionDialog(None, "第1组：办公室", ["一等奖", "二等奖"])
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    qtbot.keyClick(dialog.outcome, Qt.Key.Key_Down)
    qtbot.keyClicks(dialog.reason, "No.5")
    assert ok.isEnabled()
    assert dialog.answer() == ("二等奖", "No.5")


def test_locked_year_refuses_a_decision_with_a_message(qtbot, tied, ask_mock: AskMock) -> None:
    db, subjects = tied
    with db.atomic("锁定", "test") as conn:
        conn.execute("UPDATE years SET locked_at = '2018-01-10', locked_by = 'x', lock_reason = 'y' WHERE year = 2017")
    ask_mock.dialog(decide("一等奖", "纪要"))
    page = open_page(qtbot, db)
    tab = page.group_tab(1)
    page.tabs.setCurrentWidget(tab)
    select_row(qtbot, tab.view, U_NAME, subjects["units"][0])
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert "锁定" in page.decision_message.text()
    assert decision_map(db, 2017) == {}


def test_the_dialog_proposes_a_free_place_and_shows_a_recorded_reason(qtbot, tied, ask_mock: AskMock) -> None:
    """Issue 20: with the tie's one 一等奖 given, the other member is proposed 二等奖 (not a choice the check would
    refuse); a decided row reopened shows the reason it was recorded with."""
    db, subjects = tied
    upper, lower = subjects["units"]
    seen: list[tuple[str, str]] = []

    def look(outcome: str | None, reason: str = ""):
        def answer(question: Question) -> bool:
            dialog = question.subject
            assert isinstance(dialog, DecisionDialog)
            seen.append((dialog.outcome.currentText(), dialog.reason.text()))
            if outcome is None:
                return False  # looked at, cancelled
            dialog.outcome.setCurrentText(outcome)
            dialog.reason.setText(reason)
            return True

        return answer

    ask_mock.dialog(look("一等奖", "纪要5号")).dialog(look("二等奖", "纪要5号")).dialog(look(None))
    page = open_page(qtbot, db)
    tab = page.group_tab(1)
    page.tabs.setCurrentWidget(tab)
    select_row(qtbot, tab.view, U_NAME, lower)
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert seen[0] == ("一等奖", "")  # nothing given yet: the best place
    page.refresh()
    select_row(qtbot, tab.view, U_NAME, upper)
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert seen[1] == ("二等奖", "")  # the one 一等奖 place is taken
    assert decision_map(db, 2017) == {("unit", lower): "一等奖", ("unit", upper): "二等奖"}
    page.refresh()
    select_row(qtbot, tab.view, U_NAME, lower)
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert seen[2] == ("一等奖", "纪要5号")  # reopened: its outcome and its reason
