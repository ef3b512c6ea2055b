"""The main window, or one page, on a database: shown, started and ready for the clerk's keys."""

from __future__ import annotations

from typing import TypeVar

from app.models.db import Database
from app.ui.shell.main_window import MainWindow
from app.ui.shell.page import Page
from app.ui.shell.session import Session

P = TypeVar("P", bound=Page)


def open_window(qtbot, db: Database, poll_ms: int = 60_000) -> MainWindow:
    """The main window, its first page shown, active (keys and Alt+ shortcuts reach only the active window)."""
    window = MainWindow(db, poll_ms=poll_ms)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.started)  # the first page and the status come just after showing
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def open_page(qtbot, page_class: type[P], db: Database, year: int = 2017, size: tuple[int, int] | None = None) -> P:
    """One page alone on a session of `year`, resized to `size` when given (the sizes the layout tests need)."""
    session = Session(db)
    session.set_year(year)
    page = page_class(session)
    qtbot.addWidget(page)
    if size is not None:
        page.resize(*size)
    page.show()
    qtbot.waitExposed(page)
    return page
