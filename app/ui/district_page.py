"""市对区考绩 (to be built)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.ui.page import PlaceholderPage
from app.ui.session import Session


class DistrictPage(PlaceholderPage):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, "市对区考绩", parent)
