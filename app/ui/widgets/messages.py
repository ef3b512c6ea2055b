"""What the clerk is told after an action, where the clerk looks: the window's message bar at the top of the page
area (`MessageBar`), in one colour per kind — green for done, grey for neutral news, amber for a warning (done,
but look), red for a refusal (nothing written). The bar is cleared when the clerk switches page or year, so an
answer never outlives the page or the year it was about.

A page keeps a `MessageLine` (its own record of its last message, read by tests); inside the window the line
passes its message to the bar and stays hidden, outside a window (a page alone) it shows the message itself.
"""

from __future__ import annotations

from collections.abc import Callable
from sqlite3 import Connection
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.models.errors import AppraisalError, ValidationError
from app.ui.shell.session import Session

T = TypeVar("T")

OK, INFO, WARNING, ERROR = "ok", "info", "warning", "error"
# kind: (text colour, background, border); the text is also prefixed so that colour is not the only sign
STYLES = {
    OK: ("#1b5e20", "#e8f5e9", "#a5d6a7"),
    INFO: ("#333333", "#f1f1f1", "#cfcfcf"),
    WARNING: ("#7a4a00", "#fff4d6", "#e8bf5a"),
    ERROR: ("#a0001c", "#fde7ea", "#ef9a9a"),
}
SIGNS = {OK: "✔ ", INFO: "", WARNING: "⚠ ", ERROR: "✖ "}


def style_for(kind: str, boxed: bool) -> str:
    fg, bg, border = STYLES[kind]
    weight = "font-weight: bold;" if kind in (ERROR, WARNING) else ""
    if not boxed:
        return f"color: {fg}; {weight}"
    return f"color: {fg}; background: {bg}; border: 1px solid {border}; padding: 5px 10px; {weight}"


def error_text(exc: AppraisalError) -> str:
    if isinstance(exc, ValidationError):
        parts = []
        for problem in exc.problems:
            message = problem.message
            parts.append(message if problem.path in message or not problem.path else f"{problem.path}：{message}")
        return "\n".join(parts)
    return str(exc)


class MessageBar(QLabel):
    """The window's answer line at the top of the page area; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind = ""
        self.hide()

    def say(self, text: str, kind: str = OK) -> None:
        self.kind = kind
        self.setStyleSheet(style_for(kind, boxed=True))
        self.setText(SIGNS[kind] + text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.kind = ""
        self.clear()
        self.hide()


def window_bar(widget: QWidget) -> MessageBar | None:
    """The message bar of the window `widget` sits in, if it is in one."""
    window = widget.window()
    bar = getattr(window, "message_bar", None)
    return bar if isinstance(bar, MessageBar) else None


def say(widget: QWidget, text: str, kind: str = OK) -> None:
    """Tell the clerk in `widget`'s window (nothing when the widget is in no window)."""
    bar = window_bar(widget)
    if bar is not None:
        bar.say(text, kind)


class MessageLine(QLabel):
    """A page's last message: handed to the window's bar (top of the page area); shown here when alone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.refused = False
        self.kind = ""

    def _show(self, text: str, kind: str) -> None:
        self.refused = kind == ERROR
        self.kind = kind
        self.setText(text)
        bar = window_bar(self)
        if bar is not None:
            self.hide()
            bar.say(text, kind)
        else:
            self.setStyleSheet(style_for(kind, boxed=False))

    def ok(self, text: str) -> None:
        self._show(text, OK)

    def info(self, text: str) -> None:
        self._show(text, INFO)

    def warn(self, text: str) -> None:
        self._show(text, WARNING)

    def error(self, text: str) -> None:
        self._show(text, ERROR)

    def show_kind(self, text: str, kind: str) -> None:
        self._show(text, kind)


def write_or_refuse(
    session: Session, message: MessageLine, reason: str, action: Callable[[Connection], T], done: str | None = None
) -> tuple[bool, T | None]:
    """Run `action` in one audited transaction; on a refusal, say why and leave the file as it was."""
    try:
        with session.write(reason) as conn:
            value = action(conn)
    except AppraisalError as exc:
        message.error(error_text(exc))
        return False, None
    message.ok(done or f"已保存：{reason}")
    return True, value
