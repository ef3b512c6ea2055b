"""考评结果's side panel (issue 12, §1 and §3): the selected unit's or cadre's explanation in Chinese, each line
naming its clause; provisional rows marked (暂定/待定, the reason on hover and in the panel); the 考评明细 of the
selected unit saved from the keyboard; a pool's quota set to the 人社局's figure with Enter."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from app.models import store
from app.models.db import Database
from app.ui.results.cadre_models import C_NAME
from app.ui.results.models import U_GRADE, U_NAME
from app.ui.results.page import ResultsPage
from app.ui.results.quota_dialog import QuotaDialog
from app.ui.widgets.ask import Question
from tests.helpers import windows
from tests.helpers.ask_mock import AskMock


@pytest.fixture
def db(demo_db: Database) -> Database:
    return demo_db


def open_page(qtbot, db: Database) -> ResultsPage:
    return windows.open_page(qtbot, ResultsPage, db, size=(1280, 800))


def activate(qtbot, page: ResultsPage) -> None:
    """Keys reach the focused widget only in the active window; the offscreen platform activates a new window a
    moment after it is exposed."""
    qtbot.wait(100)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)


def go_to_row(qtbot, view, column: int, text: str) -> None:
    """Put the cursor on the row showing `text`, moving with ↓ from the first row as the clerk would."""
    model = view.model()
    target = next(r for r in range(model.rowCount()) if model.index(r, column).data() == text)
    view.setFocus()
    view.setCurrentIndex(model.index(0, column))
    for _ in range(target):
        qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex().row() == target


def test_selecting_a_unit_explains_it_line_by_line_with_its_clauses(qtbot, db: Database) -> None:
    page = open_page(qtbot, db)
    view = page.group_tab(1).view
    go_to_row(qtbot, view, U_NAME, "人事科")
    text = page.explanation.text()
    assert "人事科" in text and "得分构成" in text and "加分与减分" in text
    assert "委领导评分 19.00 分：有效评分表 12 张，合计 228.00 ÷ 12" in text
    assert "加分：中心工作任务完成出色 0.5 分，该类不超过 1 分" in text and "〔科室办法三（一）3（1）④〕" in text
    assert "参评名次第 1 名，本组一等奖 1 名，获一等奖（优秀等次）" in text
    assert page.explanation.save_button.isEnabled()


def test_selecting_a_cadre_explains_the_pool_and_the_quota(qtbot, db: Database) -> None:
    page = open_page(qtbot, db)
    page.tabs.setCurrentWidget(page.cadre_tab)
    view = page.cadre_tab.view
    name = view.model().index(0, C_NAME).data()
    go_to_row(qtbot, view, C_NAME, name)
    text = page.explanation.text()
    assert name in text and "民主测评" in text and "领导评价" in text and "优秀名额" in text
    assert "取整" in text and "〔干部办法五（一）〕" in text


def test_f6_moves_between_the_table_and_the_panel(qtbot, db: Database) -> None:
    page = open_page(qtbot, db)
    activate(qtbot, page)
    view = page.group_tab(1).view
    go_to_row(qtbot, view, U_NAME, "办公室")
    qtbot.keyClick(view, Qt.Key.Key_F6)
    assert page.explanation.browser.hasFocus()
    qtbot.keyClick(page.explanation.browser, Qt.Key.Key_F6)
    assert view.hasFocus()


def test_a_provisional_row_is_marked_with_its_reason(qtbot, db: Database) -> None:
    """科室办法: a unit missing an item has no grade yet; the others of its group are 暂定 — italic, 等次 （暂定）,
    the reason on hover and at the top of the panel."""
    with db.atomic("删一项得分", "test") as conn:
        conn.execute("DELETE FROM item_scores WHERE year = 2017 AND unit = '财务科' AND item = 'common-01'")
    page = open_page(qtbot, db)
    view = page.group_tab(1).view
    model = view.model()
    rows = {model.index(r, U_NAME).data(): r for r in range(model.rowCount())}
    assert model.index(rows["财务科"], U_GRADE).data() == "待定"
    first = model.index(rows["人事科"], U_GRADE)
    assert first.data() == "优秀（暂定）"
    assert "财务科缺项" in first.data(Qt.ItemDataRole.ToolTipRole)
    font = first.data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.italic()
    go_to_row(qtbot, view, U_NAME, "人事科")
    text = page.explanation.text()
    assert text.index("尚未确定") < text.index("得分构成") and "财务科缺项" in text


def test_the_units_detail_is_saved_from_the_panel(qtbot, db: Database, tmp_path: Path, ask_mock: AskMock) -> None:
    page = open_page(qtbot, db)
    activate(qtbot, page)
    page.group_tab(1).view.setFocus()
    qtbot.keyClick(page.group_tab(1).view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)  # 第二组
    assert page.tabs.currentWidget() is page.group_tab(2)
    go_to_row(qtbot, page.group_tab(2).view, U_NAME, "投资规划科")
    out = tmp_path / "明细.pdf"
    ask_mock.file(out)
    page.explanation.save_button.setFocus()
    qtbot.keyClick(page.explanation.save_button, Qt.Key.Key_Space)
    pages = [p.extract_text() for p in PdfReader(BytesIO(out.read_bytes())).pages]
    assert len(pages) == 2 and "投资规划科" in pages[0] and "考评明细" in pages[0].replace("\n", "")
    assert "已保存 投资规划科 的考评明细" in page.decision_message.text()


def test_enter_on_a_pool_records_the_quota_the_hrb_approved(qtbot, db: Database, ask_mock: AskMock) -> None:
    """最终优秀等次比例以市人社局审核通过为准: Enter on a pool, type the number and the reason; audited; undone the
    same way."""
    page = open_page(qtbot, db)
    page.tabs.setCurrentWidget(page.cadre_tab)
    pools = page.cadre_tab.pool_view
    model = pools.model()
    row = next(r for r in range(model.rowCount()) if "正科" in (model.index(r, 0).data() or ""))

    def fill(quota: int, reason: str, restore: bool = False):
        def answer(question: Question) -> bool:
            dialog = question.subject
            assert isinstance(dialog, QuotaDialog)
            dialog.quota.setValue(quota)
            dialog.reason.setText(reason)
            dialog.restore.setChecked(restore)
            return True

        return answer

    ask_mock.dialog(fill(4, "市人社局审核批复"))
    pools.setFocus()
    pools.setCurrentIndex(model.index(row, 0))
    qtbot.keyClick(pools, Qt.Key.Key_Return)
    summary = next(p for p in page.session.result().pools if p.pool == "civil_servant/正科")
    assert (summary.quota, summary.computation.computed) == (4, 3)
    assert "核定" in model.index(row, 2).data()
    assert [o.reason for o in store.read_quota_overrides(db, 2017)] == ["市人社局审核批复"]
    ask_mock.dialog(fill(0, "", restore=True))
    pools.setCurrentIndex(model.index(row, 0))
    qtbot.keyClick(pools, Qt.Key.Key_Return)
    assert store.read_quota_overrides(db, 2017) == []
