"""干部名册 (to be built)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.ui.page import PlaceholderPage
from app.ui.session import Session


class RosterPage(PlaceholderPage):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, "干部名册", parent)
