"""评分表录入 (to be built)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.ui.page import PlaceholderPage
from app.ui.session import Session


class RatingKeyingPage(PlaceholderPage):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, "评分表录入", parent)
