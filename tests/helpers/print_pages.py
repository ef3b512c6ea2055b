"""打印与导出 alone on a year, and choosing a document in its list with the keyboard as a clerk does."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.models.db import Database
from app.models.demo import DEMO_YEAR
from app.ui.printing.page import PrintPage
from tests.helpers.windows import open_page


def open_print_page(qtbot, db: Database, year: int = DEMO_YEAR) -> PrintPage:
    return open_page(qtbot, PrintPage, db, year)


def choose(page: PrintPage, qtbot, doc: str) -> None:
    page.document.setFocus()
    while page.current_doc() != doc:
        qtbot.keyClick(page.document, Qt.Key.Key_Down)
