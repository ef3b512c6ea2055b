"""编辑 ▸ 撤销 (Ctrl+Z) and 重做 (Ctrl+Y): the newest change of the year on screen, after asking, from any page
(操作记录 uses them too). Undo never reaches into another year: Ctrl+Z in 2018 leaves 2017 as it is, and the
question names the year, the change and when it was made.

Installed by the main window at start-up, so it stays small: the 操作记录 page is built when first shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QWidget

from app.models.errors import AppraisalError
from app.ui.shell.session import Session
from app.ui.widgets import ask
from app.ui.widgets.messages import ERROR, OK, say


def _teller(parent: QWidget, show_message: Callable[[str, bool], None] | None) -> Callable[[str, bool], None]:
    def tell(text: str, error: bool) -> None:
        if show_message is not None:
            show_message(text, error)
        else:
            say(parent, text, ERROR if error else OK)

    return tell


def undo_last_change(
    session: Session, parent: QWidget, show_message: Callable[[str, bool], None] | None = None
) -> bool:
    """Undo the newest change of the chosen year after asking; tell the outcome at the top of the page
    (`show_message`: the page that asked, 操作记录)."""

    from app.models import audit  # with the first undo, not at start-up (the menu is installed then)

    tell = _teller(parent, show_message)
    year = session.year
    if year is None:
        return False
    change = audit.last_undoable(session.db, year)
    if change is None:
        tell(f"{year} 年度没有可以撤销的操作。", True)
        return False
    question = (
        f"撤销 {year} 年度的操作“{change.reason}”？\n\n"
        f"时间：{audit.when_text(change)}\n涉及：{change.table_names}，共 {change.row_count} 行\n\n"
        "其他年度不受影响；撤销后可以用“编辑 ▸ 重做”（Ctrl+Y）恢复。"
    )
    if not ask.confirm(parent, "撤销", question):
        return False
    if not _take_back(session, change.id, audit.undo_reason(change), audit.UNDO_SOURCE, tell):
        return False
    tell(f"已撤销 {year} 年度的“{change.reason}”（{audit.when_text(change)}），可用 Ctrl+Y 重做。", False)
    return True


def _take_back(session: Session, change_id: int, reason: str, source: str, tell: Callable[[str, bool], None]) -> bool:
    """Undo one change (a redo is the undo of an undo) in its own audited transaction; a refusal is told."""
    from app.models import audit

    try:
        with session.write(reason, source=source, allow_locked=True) as conn:
            audit.undo_change(conn, change_id)
    except AppraisalError as exc:
        tell(str(exc), True)
        return False
    return True


def redo_last_undo(session: Session, parent: QWidget, show_message: Callable[[str, bool], None] | None = None) -> bool:
    """Take back the newest undo of the chosen year (no question: it only restores what the clerk just undid)."""
    from app.models import audit

    tell = _teller(parent, show_message)
    year = session.year
    if year is None:
        return False
    undo = audit.last_redoable(session.db, year)
    if undo is None:
        tell(f"{year} 年度没有可以重做的操作。", True)
        return False
    if not _take_back(session, undo.id, audit.redo_reason(undo), audit.REDO_SOURCE, tell):
        return False
    tell(f"已重做 {year} 年度的“{undo.reason.removeprefix('撤销：')}”。", False)
    return True


def install_edit_menu(window: QMainWindow) -> None:
    """编辑 ▸ 撤销 (Ctrl+Z) / 重做 (Ctrl+Y, Ctrl+Shift+Z). A focused text field gets the keys first and
    undoes its own typing."""
    menu = window.menuBar().addMenu("编辑(&E)")
    undo_action = QAction("撤销上一步操作(&U)", window)
    undo_action.setObjectName("undoAction")
    undo_action.setShortcut(QKeySequence.StandardKey.Undo)
    undo_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    redo_action = QAction("重做(&R)", window)
    redo_action.setObjectName("redoAction")
    redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
    redo_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)

    def session_of() -> Session | None:
        session = getattr(window, "session", None)
        return session if isinstance(session, Session) else None

    def undo() -> None:
        session = session_of()
        if session is not None:
            undo_last_change(session, window)

    def redo() -> None:
        session = session_of()
        if session is not None:
            redo_last_undo(session, window)

    def describe_next() -> None:
        from app.models import audit

        session = session_of()
        year = session.year if session is not None else None
        change = audit.last_undoable(session.db, year) if session is not None and year is not None else None
        undo_action.setText(f"撤销“{change.reason}”(&U)" if change else "撤销上一步操作(&U)（本年度无可撤销的操作）")
        redo = audit.last_redoable(session.db, year) if session is not None and year is not None else None
        redo_action.setText(f"重做“{redo.reason.removeprefix('撤销：')}”(&R)" if redo else "重做(&R)（无可重做的操作）")

    undo_action.triggered.connect(undo)
    redo_action.triggered.connect(redo)
    menu.aboutToShow.connect(describe_next)
    menu.addAction(undo_action)
    menu.addAction(redo_action)
    window.undo_action = undo_action  # type: ignore[attr-defined]
    window.redo_action = redo_action  # type: ignore[attr-defined]
