"""操作记录 (to be built)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.ui.page import PlaceholderPage
from app.ui.session import Session


class AuditPage(PlaceholderPage):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, "操作记录", parent)


def install_edit_menu(window: QWidget) -> None:
    """编辑 menu: undo of the last change (to be built)."""
    return None
