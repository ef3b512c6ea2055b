"""The base of every page in the main window's navigation."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from app.ui.shell.session import Session


class Page(QWidget):
    """A page reads from the session when it is shown and something changed since it last read;
    a hidden page costs nothing when the data changes, so switching pages stays fast."""

    title = ""  # the navigation entry (Chinese)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.stale = True
        session.data_changed.connect(self.mark_stale)
        session.year_changed.connect(self.mark_stale)

    def mark_stale(self, *_args: object) -> None:
        self.stale = True
        if self.isVisible():
            self.refresh_now()

    def refresh_now(self) -> None:
        self.stale = False
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        if self.stale:
            self.refresh_now()
        super().showEvent(event)

    def refresh(self) -> None:
        """Re-read what the page shows from `self.session` (the year may be None)."""
        raise NotImplementedError

    def focus_first(self) -> None:
        """Arriving by Ctrl+1…9 from outside (the year selector): the keys go to the page — its first field that
        takes the keyboard — so that the page's own shortcuts (Ctrl+F, Ctrl+S, Ctrl+Shift+N) work at once."""
        widget = self.nextInFocusChain()
        while widget is not None and widget is not self and self.isAncestorOf(widget):
            if widget.isVisible() and widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return
            widget = widget.nextInFocusChain()

    def unsaved_work(self) -> str | None:
        """What the clerk typed on this page and has not committed (a half-keyed ballot), in words; None: nothing.
        The window asks before anything deliberate (another year, closing, another file) would throw it away."""
        return None


def discard_question(works: list[str], action: str) -> str:
    """The question asked (`ask.discard`) before `action` would throw away `works` (each `Page.unsaved_work`)."""
    listed = "\n".join(f"· {w}" for w in works)
    return f"以下录入尚未提交：\n{listed}\n\n{action}将丢弃它们。要提交，请返回并按 Ctrl+Enter。\n\n丢弃吗？"


class PlaceholderPage(Page):
    """A page whose feature is not built yet."""

    def __init__(self, session: Session, title: str, parent: QWidget | None = None) -> None:
        self.title = title
        super().__init__(session, parent)
        from PySide6.QtWidgets import QLabel, QVBoxLayout

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{title}：尚未实现"))

    def refresh(self) -> None:
        return None
