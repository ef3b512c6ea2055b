"""Shared set-up for the data pages' tests (科室评分、加分与扣分、干部名册): a fresh 2017 year, Chinese typing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.models.db import Database, open_database
from app.models.store import ensure_year
from app.ui.shell.page import Page
from app.ui.shell.session import Session

YEAR = 2017


def years_file(path: Path, *years: int) -> Database:
    """A new file at `path` holding the empty `years` (the one YEAR unless told)."""
    db = open_database(path)
    for year in years or (YEAR,):
        ensure_year(db, year)
    return db


def fresh_session(tmp_path) -> Session:
    session = Session(years_file(tmp_path / "year.sqlite"))
    session.set_year(YEAR)
    return session


def show_page(qtbot, page: Page) -> Page:
    qtbot.addWidget(page)
    page.resize(1400, 860)
    page.show()
    qtbot.waitExposed(page)
    return page


def type_chinese(widget: QWidget, text: str) -> None:
    """What an input method does when the clerk picks characters (qtbot.keyClicks cannot send CJK)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def lock_year(db: Database, year: int = YEAR) -> None:
    with db.atomic("测试：审定锁定", "test") as conn:
        conn.execute("UPDATE years SET locked_at = '2018-01-20T10:00:00', lock_reason = '审定' WHERE year = ?", (year,))


def type_cell(qtbot, view, text: str, finish=None) -> None:
    """Type into the view's current cell as a clerk would: the first key opens the editor, Enter commits."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    qtbot.keyClicks(view, text[0])
    editors = [e for e in view.viewport().findChildren(QLineEdit) if e.isVisible()]
    editor = editors[-1] if editors else None
    assert editor is not None, "typing did not open an editor"
    if text[1:]:
        qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, finish or Qt.Key.Key_Return)
    # The delegate commits on a queued call; wait for the editor to close.
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
