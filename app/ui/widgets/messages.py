"""The one-line message under a data page's form: what was saved, or what was refused and why."""

from __future__ import annotations

from collections.abc import Callable
from sqlite3 import Connection
from typing import TypeVar

from PySide6.QtWidgets import QLabel, QWidget

from app.models.errors import AppraisalError, ValidationError
from app.ui.shell.session import Session

T = TypeVar("T")


def error_text(exc: AppraisalError) -> str:
    if isinstance(exc, ValidationError):
        parts = []
        for problem in exc.problems:
            message = problem.message
            parts.append(message if problem.path in message or not problem.path else f"{problem.path}：{message}")
        return "\n".join(parts)
    return str(exc)


class MessageLine(QLabel):
    """Green for done, red for refused; the text stays until the next action."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.refused = False

    def ok(self, text: str) -> None:
        self.refused = False
        self.setStyleSheet("color: #1b6e20;")
        self.setText(text)

    def error(self, text: str) -> None:
        self.refused = True
        self.setStyleSheet("color: #b00020; font-weight: bold;")
        self.setText(text)


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
