"""编辑 ▸ 撤销 (Ctrl+Z): undo the newest change after asking, from any page (操作记录 uses it too).

Installed by the main window at start-up, so it stays small: the 操作记录 page is built when first shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QWidget

from app.models.errors import AppraisalError
from app.ui.shell.session import Session
from app.ui.widgets import ask


def undo_last_change(
    session: Session, parent: QWidget, show_message: Callable[[str, bool], None] | None = None
) -> bool:
    """Undo the newest change after asking; tell the outcome in the status bar (and `show_message`:
    the page that asked, 操作记录)."""

    from app.models import audit  # with the first undo, not at start-up (the menu is installed then)

    def tell(text: str, error: bool) -> None:
        if show_message is not None:
            show_message(text, error)
        window = parent.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 15000)

    change = audit.last_undoable(session.db)
    if change is None:
        tell("没有可以撤销的操作。", True)
        return False
    when = change.at[:16].replace("T", " ")
    question = f"撤销 {when} 的操作“{change.reason}”（{change.row_count} 行：{change.table_names}）？"
    if not ask.confirm(parent, "撤销", question):
        return False
    try:
        with session.write(audit.undo_reason(change), source="undo", allow_locked=True) as conn:
            audit.undo_change(conn, change.id)
    except AppraisalError as exc:
        tell(str(exc), True)
        return False
    tell(f"已撤销“{change.reason}”，可在“操作记录”中查看。", False)
    return True


def install_edit_menu(window: QMainWindow) -> None:
    """编辑 ▸ 撤销上一步操作 (Ctrl+Z). A focused text field gets Ctrl+Z first and undoes its own typing."""
    menu = window.menuBar().addMenu("编辑(&E)")
    action = QAction("撤销上一步操作(&U)", window)
    action.setObjectName("undoAction")
    action.setShortcut(QKeySequence.StandardKey.Undo)
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)

    def run() -> None:
        session = getattr(window, "session", None)
        if session is not None:
            undo_last_change(session, window)

    def describe_next() -> None:
        from app.models import audit

        session = getattr(window, "session", None)
        change = audit.last_undoable(session.db) if session is not None else None
        action.setText(f"撤销“{change.reason}”(&U)" if change else "撤销上一步操作(&U)（无可撤销的操作）")

    action.triggered.connect(run)
    menu.aboutToShow.connect(describe_next)
    menu.addAction(action)
    window.undo_action = action  # type: ignore[attr-defined]
