"""打印与导出 on a 1280×800 laptop (issue 20 point 3, "every page usable at those sizes with nothing important
cut"; issue 20's "the notice settings fields … beside an empty half-screen preview"): the settings column shows
its fields whole, with no sideways scrolling, and the preview shows a whole page's width, the landscape results
sheet included."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea

from app.models.db import open_database
from app.ui.printing.page import PrintPage
from tests.helpers.laptop import laptop_window


def scroll_area_of(widget) -> QScrollArea:
    while not isinstance(widget, QScrollArea):
        widget = widget.parentWidget()
    return widget


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def test_the_settings_fit_their_column_and_the_preview_shows_whole_pages(qtbot, demo_path: Path) -> None:
    db = open_database(demo_path)
    try:
        with laptop_window(qtbot, db) as window:
            qtbot.keyClick(window.navigation, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
            page = window.current_page()
            assert isinstance(page, PrintPage)
            settings = scroll_area_of(page.notice_box)
            settle()
            # The fields of the notice, the certificates and the faces within the column: no sideways scrolling.
            assert settings.widget().width() <= settings.viewport().width(), (
                settings.widget().minimumSizeHint().width(),
                settings.viewport().width(),
            )
            assert not settings.horizontalScrollBar().isVisible()
            for edit in page.notice_inputs.values():
                right = edit.mapTo(settings.viewport(), edit.rect().topRight()).x()
                assert right <= settings.viewport().width()

            page.document.setFocus()
            while page.current_doc() != "results":  # landscape A4
                qtbot.keyClick(page.document, Qt.Key.Key_Down)
            qtbot.waitUntil(lambda: page.preview_pane.page_count() > 0, timeout=15000)
            settle()
            preview = scroll_area_of(page.preview_pane.pages)
            pages = [label for label in page.preview_pane.pages.findChildren(QLabel) if label.pixmap() is not None]
            assert pages and all(label.width() <= preview.viewport().width() for label in pages)
            assert not preview.horizontalScrollBar().isVisible()
    finally:
        db.close()
