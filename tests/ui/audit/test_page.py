"""操作记录 in the window: the list with filters, and 编辑 ▸ 撤销 (Ctrl+Z) — which leaves a text field's own Ctrl+Z alone."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.models.db import Database, open_database
from app.models.store import set_item_score
from app.models.years import lock_year
from app.ui.audit.page import A_REASON, A_SOURCE, A_STATE, AuditPage
from app.ui.results.page import ResultsPage
from app.ui.shell.main_window import MainWindow
from tests.helpers.ask_mock import AskMock
from tests.helpers.windows import open_window


@pytest.fixture
def db(tmp_path: Path, demo_template: Path) -> Iterator[Database]:
    path = tmp_path / "demo.sqlite"
    path.write_bytes(demo_template.read_bytes())
    database = open_database(path)
    yield database
    database.close()


@pytest.fixture
def window(qtbot, db: Database, ask_mock: AskMock) -> MainWindow:
    ask_mock.always("撤销", True)
    win = open_window(qtbot, db)
    win.asked = ask_mock  # type: ignore[attr-defined]
    return win


def office_total(window: MainWindow) -> str:
    page = window.page(ResultsPage)
    assert isinstance(page, ResultsPage)
    unit = next(u for u in page.unit_model.units() if u.name == "办公室")
    return str(unit.total)


def rescore(window: MainWindow, value: str) -> None:
    with window.session.write("更正办公室办文工作得分") as conn:
        set_item_score(conn, 2017, "办公室", "b01-01", Decimal(value), None)


def test_ctrl_z_undoes_the_last_change_and_results_follow(qtbot, window: MainWindow, db: Database) -> None:
    before = office_total(window)
    rescore(window, "0")
    assert office_total(window) != before
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.asked.said[0].startswith("撤销") and "更正办公室办文工作得分" in window.asked.said[0]  # type: ignore[attr-defined]
    assert office_total(window) == before
    assert "已撤销 2017 年度的“更正办公室办文工作得分”" in window.message_bar.text()
    assert window.message_bar.kind == "ok"
    newest = db.query("SELECT reason, undoes FROM changes ORDER BY id DESC LIMIT 1")[0]
    assert newest["reason"].startswith("撤销：更正办公室办文工作得分") and newest["undoes"] is not None


def test_ctrl_z_in_a_text_field_undoes_the_typing_only(qtbot, window: MainWindow, db: Database) -> None:
    rescore(window, "1")
    window.show_page(window.page_list.index(window.page(AuditPage)))
    page = window.page(AuditPage)
    assert isinstance(page, AuditPage)
    page.cadre_filter.setFocus()
    qtbot.keyClicks(page.cadre_filter, "c01")
    qtbot.keyClick(page.cadre_filter, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.cadre_filter.text() != "c01"  # the field undid its typing
    assert window.asked.said == []  # type: ignore[attr-defined]
    assert (
        db.query("SELECT score FROM item_scores WHERE year = 2017 AND unit = '办公室' AND item = 'b01-01'")[0][0] == "1"
    )


def test_list_filter_and_detail(qtbot, window: MainWindow, db: Database) -> None:
    rescore(window, "2")
    window.show_page(window.page_list.index(window.page(AuditPage)))
    page = window.page(AuditPage)
    assert isinstance(page, AuditPage)
    assert page.model.index(0, A_REASON).data() == "更正办公室办文工作得分"
    assert "修改项目得分 办公室·办文工作：得分" in page.detail.toPlainText()
    assert page.model.rowCount() == 2  # and the demo year's creation
    # Filter by unit: 财务科 was not touched by the correction.
    page.unit_filter.setFocus()
    page.unit_filter.setCurrentIndex(page.unit_filter.findData("财务科"))
    page.unit_filter.activated.emit(page.unit_filter.currentIndex())
    assert [page.model.index(r, A_REASON).data() for r in range(page.model.rowCount())] == ["生成示例数据"]
    page.unit_filter.setCurrentIndex(0)
    qtbot.keyClicks(page.since_edit, "2018/01/01")
    qtbot.keyClick(page.since_edit, Qt.Key.Key_Return)
    assert "起始日期“2018/01/01”格式不对" in page.message.text()
    # Undo from the page's button; the row then shows it was undone.
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    page.since_edit.clear()
    page.refresh()
    assert page.model.index(1, A_STATE).data().startswith("已撤销")
    assert page.model.index(0, A_STATE).data().startswith("撤销了第")


def test_undo_on_a_locked_year_is_refused(qtbot, window: MainWindow, db: Database) -> None:
    rescore(window, "2")
    with window.session.write("审定锁定 2017 年度") as conn:
        lock_year(conn, db, 2017, "", "")
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "2017 年度已审定锁定，不能撤销" in window.message_bar.text()
    assert db.query("SELECT locked_at FROM years WHERE year = 2017")[0][0] is not None
    QApplication.processEvents()


def test_changes_model_passes_the_model_tester(qtmodeltester, window: MainWindow) -> None:
    page = window.page(AuditPage)
    assert isinstance(page, AuditPage)
    page.refresh()
    qtmodeltester.check(page.model, force_py=True)


@pytest.mark.parametrize(
    ("source", "shown"),
    [("import:2018年度.json", "导入 2018年度.json"), ("batch:第二遍.json", "合并 第二遍.json"), ("gui", "窗口")],
)
def test_the_source_is_said_in_words_with_its_file(window: MainWindow, db: Database, source: str, shown: str) -> None:
    """A change read from a file names the file, in Chinese ("import:…", the stored code, is never shown)."""
    with window.session.write("导入年度文件", source=source) as conn:
        set_item_score(conn, 2017, "办公室", "b01-01", Decimal("1"), None)
    window.show_page(window.page_list.index(window.page(AuditPage)))
    page = window.page(AuditPage)
    assert isinstance(page, AuditPage)
    assert page.model.index(0, A_SOURCE).data() == shown
    assert f"（{shown}）" in page.detail.toPlainText().splitlines()[0]
    assert "import" not in page.detail.toPlainText() and "batch" not in page.detail.toPlainText()
