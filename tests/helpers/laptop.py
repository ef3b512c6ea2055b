"""The window as it opens on a 1280×800 laptop, and whether a table column can be read there without scrolling.

The window's inner size is what `geometry.fitted` gives on that screen (its frame inside 1280×800), in the face
`run_gui` gives the program (the Chinese face found, WenQuanYi Micro Hei here); the checks measure Qt's own geometry, so a column that is partly off the table's right edge, or narrower than a cell's text
(shown with "…"), fails."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QApplication, QTableView

from app.models.db import Database
from app.ui.shell.app import apply_cjk_font
from app.ui.shell.main_window import MainWindow

LAPTOP_INNER = (1264, 761)  # the window's inside on a 1280×800 screen (8 px frames, a 31 px title bar)


@contextmanager
def laptop_window(qtbot, db: Database) -> Iterator[MainWindow]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font()
    apply_cjk_font(app)  # as the program starts (other tests keep Qt's default face)
    window = MainWindow(db, poll_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    window.resize(*LAPTOP_INNER)
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.started)
    try:
        yield window
    finally:
        window.leaving_confirmed = True
        window.close()
        app.setFont(before)


def column_problems(view: QTableView, column: int) -> list[str]:
    """Why `column` cannot be read whole on screen: off the right edge, or a cell's text wider than the column."""
    for _ in range(5):  # the layout settles first (a scroll bar that appears takes its width from the columns)
        QApplication.processEvents()
    model = view.model()
    header = model.headerData(column, view.horizontalHeader().orientation())
    problems = []
    right = view.columnViewportPosition(column) + view.columnWidth(column)
    if view.columnViewportPosition(column) < 0 or right > view.viewport().width():
        problems.append(f"{header}: columns end at {right} px, the table shows {view.viewport().width()} px")
    for row in range(model.rowCount()):
        needed = view.sizeHintForIndex(model.index(row, column)).width()
        if needed > view.columnWidth(column):
            text = model.index(row, column).data()
            problems.append(f"{header}: “{text}” needs {needed} px, the column is {view.columnWidth(column)} px")
    return problems
