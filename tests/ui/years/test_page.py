"""年度与方案: creating a year as a copy of last year's scheme, and 审定 (lock) / unlock with a reason.

Seed: “下一年度的考评项目在下一年度确定” and “考评结果经委党委审定后……” — a new year starts from last year's
scheme, never its data; a judged year refuses edits until unlocked with a reason the audit log keeps.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.models.backup import BackupKind, list_backups
from app.models.db import Database
from app.models.store import read_year_settings, set_item_score, year_info
from app.scoring.quotas import QUOTA_MODE_NAMES
from app.ui.shell.session import LockedYearError
from app.ui.years.page import YearsPage
from tests.helpers.windows import open_page, open_window


@pytest.fixture
def db(demo_db: Database) -> Database:
    return demo_db


@pytest.fixture
def page(qtbot, db: Database) -> YearsPage:
    return open_page(qtbot, YearsPage, db, size=(1300, 800))


def type_chinese(widget: QWidget, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def change_count(db: Database) -> int:
    return int(db.query("SELECT count(*) FROM changes")[0][0])


def test_new_year_copies_last_years_scheme_but_no_data(qtbot, page: YearsPage, db: Database) -> None:
    """Seed: 下一年度的考评项目在下一年度确定 — the 2018 year starts as a copy of 2017's scheme only."""
    assert page.new_year_edit.text() == "2018"  # proposed: the year after the latest
    assert page.source_combo.currentText() == "复制 2017 年度的方案（不含数据）"
    # The demo year's people are invented: its roster is offered, not ticked.
    assert "带入 2017 年度的干部名册" in page.roster_box.text() and not page.roster_box.isChecked()
    assert "示例年度" in page.roster_note.text()
    page.new_year_edit.setFocus()
    qtbot.keyClick(page.new_year_edit, Qt.Key.Key_Return)

    info = year_info(db, 2018)
    assert info is not None and not info.is_demo and info.locked_at is None
    scheme_2017 = json.loads(db.query("SELECT scheme FROM years WHERE year = 2017")[0][0])
    scheme_2018 = json.loads(db.query("SELECT scheme FROM years WHERE year = 2018")[0][0])
    # The copy is titled for its year; all else is the same scheme.
    assert "2018年度" in scheme_2018.pop("title") and "2017年度" in scheme_2017.pop("title")
    assert scheme_2018 == scheme_2017
    for table in ("item_scores", "rating_ballots", "democratic_ballots", "cadres", "adjustments", "leader_ratings"):
        assert db.query(f"SELECT count(*) FROM {table} WHERE year = 2018")[0][0] == 0, table
    assert page.session.year == 2018
    assert [r["year"] for r in page.year_model.rows()] == [2017, 2018]
    assert (
        db.query("SELECT reason FROM changes ORDER BY id DESC LIMIT 1")[0][0] == "新建 2018 年度（复制 2017 年度方案）"
    )
    assert "已新建 2018 年度" in page.message.text()
    # The 年度 box now proposes 2019, but the cursor left it: a second Enter creates nothing.
    assert page.new_year_edit.text() == "2019" and not page.new_year_edit.hasFocus()


def test_new_year_from_the_builtin_scheme(qtbot, page: YearsPage, db: Database) -> None:
    page.source_combo.setCurrentIndex(page.source_combo.findData("scheme:jxw-2017"))
    page.new_year_edit.setText("")
    qtbot.keyClicks(page.new_year_edit, "2019")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert year_info(db, 2019) is not None
    assert year_info(db, 2019).scheme_id == "jxw-2017"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("typed", "message"),
    [("20x8", "不是整数"), ("2017", "已有 2017 年度"), ("1999", "不能小于 2000"), ("", "不能为空")],
)
def test_bad_year_is_refused_and_nothing_written(
    qtbot, page: YearsPage, db: Database, typed: str, message: str
) -> None:
    before = change_count(db)
    page.new_year_edit.clear()
    qtbot.keyClicks(page.new_year_edit, typed)
    qtbot.keyClick(page.new_year_edit, Qt.Key.Key_Return)
    assert message in page.message.text()
    assert change_count(db) == before
    assert [y.year for y in page.session.years()] == [2017]


def test_lock_refuses_edits_until_unlocked_with_a_reason(qtbot, page: YearsPage, db: Database) -> None:
    """Seed: 考评结果经委党委审定 — a locked year refuses edits; unlocking needs a reason the audit log keeps."""
    page.locked_by_edit.setFocus()
    type_chinese(page.locked_by_edit, "王主任")
    type_chinese(page.lock_note_edit, "委党委会审定")
    qtbot.mouseClick(page.lock_button, Qt.MouseButton.LeftButton)
    row = db.query("SELECT locked_at, locked_by, lock_reason FROM years WHERE year = 2017")[0]
    assert row["locked_at"] and row["locked_by"] == "王主任" and row["lock_reason"] == "委党委会审定"
    assert "已审定" in page.lock_state.text()
    assert page.editor.read_only and not page.editor.items.add_button.isEnabled()
    # Issue 6: a copy of the file is taken before a year is locked.
    assert [b.kind for b in list_backups(db.path)].count(BackupKind.LOCK) == 1

    with pytest.raises(LockedYearError, match="已审定锁定"), page.session.write("改分") as conn:
        set_item_score(conn, 2017, "办公室", "b01-01", Decimal(2), None)

    # Unlock without a reason: refused, nothing written.
    before = change_count(db)
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    assert "必须说明原因" in page.message.text()
    assert change_count(db) == before and year_info(db, 2017).locked_at  # type: ignore[union-attr]

    type_chinese(page.unlock_reason_edit, "发现第三组计分差错，需更正")
    qtbot.keyClick(page.unlock_reason_edit, Qt.Key.Key_Return)
    assert year_info(db, 2017).locked_at is None  # type: ignore[union-attr]
    change = db.query("SELECT id, reason FROM changes ORDER BY id DESC LIMIT 1")[0]
    assert change["reason"] == "解锁 2017 年度：发现第三组计分差错，需更正"
    audit_row = db.query("SELECT old, new FROM audit_log WHERE change_id = ?", (change["id"],))[0]
    assert json.loads(audit_row["old"])["lock_reason"] == "委党委会审定"
    assert "发现第三组计分差错" in json.loads(audit_row["new"])["lock_reason"]
    assert not page.editor.read_only
    with page.session.write("改分") as conn:  # editable again
        set_item_score(conn, 2017, "办公室", "b01-01", Decimal(2), None)


def test_in_the_window_new_year_appears_in_the_selector_and_ctrl_s_saves(qtbot, db: Database) -> None:
    window = open_window(qtbot, db)
    page = window.page(YearsPage)
    assert isinstance(page, YearsPage)
    window.show_page(window.page_list.index(page))
    page.new_year_edit.setFocus()
    qtbot.keyClick(page.new_year_edit, Qt.Key.Key_Return)
    assert window.year_combo.currentText() == "2018 年度"
    page.tabs.setCurrentIndex(1)
    editor = page.editor
    view = editor.units.view
    view.setFocus()
    view.setCurrentIndex(editor.units.model.index(0, 4))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    type_chinese(QApplication.focusWidget(), "张明")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    QApplication.processEvents()
    qtbot.keyClick(view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert json.loads(db.query("SELECT scheme FROM years WHERE year = 2018")[0][0])["units"][0]["head"] == "张明"
    assert "head" not in json.loads(db.query("SELECT scheme FROM years WHERE year = 2017")[0][0])["units"][0]


def test_the_assessment_date_and_the_quota_mode_are_set_from_the_keyboard(qtbot, page: YearsPage, db: Database) -> None:
    """Issue 12: 表彰奖励在本年度干部考核之后公布的，相关加分项目计入下一年度 needs the day of the assessment; the
    quota mode is 按各职务层次分别计算 or 按比例分配. A bad date is refused with the reason and nothing stored."""
    edit, combo = page.assessment_date_edit, page.quota_mode_combo
    edit.setFocus()
    qtbot.keyClicks(edit, "2018-02-30")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert "不存在" in page.message.text()
    assert read_year_settings(db, 2017).assessment_date is None
    edit.selectAll()
    qtbot.keyClicks(edit, "2018-01-10")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == QUOTA_MODE_NAMES["proportional"]
    before = change_count(db)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert "已保存" in page.message.text()
    assert read_year_settings(db, 2017).assessment_date == "2018-01-10"
    assert read_year_settings(db, 2017).quota_mode == "proportional"
    assert change_count(db) == before + 1
    # The results follow: the 干部 pools are now shared out in proportion.
    assert {p.computation.mode for p in page.session.result().pools} == {"proportional"}


def test_edits_taken_back_then_ctrl_s_says_the_scheme_is_unchanged_and_writes_nothing(
    qtbot, page: YearsPage, db: Database
) -> None:
    """A 支部 typed over and typed back is no edit: Ctrl+S says so and the year keeps its scheme (no own id
    `jxw-2017@2017` that another PC would have to import first, no registered scheme, no change row)."""
    before = (change_count(db), db.query("SELECT count(*) FROM schemes")[0][0], year_info(db, 2017))
    page.tabs.setCurrentIndex(1)
    view = page.editor.units.view
    view.setFocus()
    original = page.editor.units.model.index(0, 3).data()
    assert original == "机关第一党支部"
    for branch in ("机关第二党支部", original):
        view.setCurrentIndex(page.editor.units.model.index(0, 3))
        qtbot.keyClick(view, Qt.Key.Key_F2)
        QApplication.focusWidget().selectAll()  # type: ignore[union-attr]
        type_chinese(QApplication.focusWidget(), branch)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        QApplication.processEvents()
    assert page.dirty and page.save_button.isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "没有改动" in page.message.text() and "已保存" not in page.message.text()
    assert (change_count(db), db.query("SELECT count(*) FROM schemes")[0][0], year_info(db, 2017)) == before
    assert not page.dirty and not page.save_button.isEnabled()
