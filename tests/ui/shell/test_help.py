"""帮助 ▸ 使用说明 (issue 20 point 6): the clerk's guide in Chinese inside the program; F1 opens it at the part
about the page on screen, and every page has its part."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.models.db import open_database
from app.ui.shell.help import HelpWindow, guide_path, section_for, sections
from app.ui.shell.main_window import MainWindow
from app.ui.shell.pages import PAGES
from tests.helpers.windows import open_window


@pytest.fixture
def window(qtbot, demo_path: Path) -> Iterator[MainWindow]:
    db = open_database(demo_path)
    win = open_window(qtbot, db)
    yield win
    win.close()
    db.close()


def test_every_page_has_its_part_in_the_guide() -> None:
    titles = sections(guide_path().read_text(encoding="utf-8"))
    for spec in PAGES:
        assert section_for(titles, spec.title).startswith(spec.title), spec.title
    assert "一年的工作步骤" in titles


def test_f1_opens_the_guide_at_the_current_pages_part(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window.navigation, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # 科室评分
    qtbot.keyClick(window.current_page(), Qt.Key.Key_F1)
    guide = window.help_window
    assert isinstance(guide, HelpWindow) and guide.isVisible()
    assert guide.section == "科室评分"
    # The heading is the first line in view: the part is what the clerk sees.
    top_line = guide.browser.cursorForPosition(guide.browser.viewport().rect().topLeft()).block().text()
    assert top_line == "科室评分"
    assert "Ctrl+M" in guide.browser.toPlainText()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.navigation, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # 干部名册
    qtbot.keyClick(window.current_page(), Qt.Key.Key_F1)
    assert window.help_window is guide and guide.section == "干部名册"


@pytest.mark.parametrize("keys", [Qt.Key.Key_9, None])  # 打印与导出 (Ctrl+9), 操作记录 (the last page)
def test_a_part_near_the_end_of_the_guide_also_opens_at_its_top(qtbot, window: MainWindow, keys) -> None:
    """The guide's last parts are shorter than the window: F1 still puts their heading on the first line."""
    if keys is None:
        window.show_page(len(window.page_list) - 1, focus=True)
    else:
        qtbot.keyClick(window.navigation, keys, Qt.KeyboardModifier.ControlModifier)
    title = window.current_page().title
    qtbot.keyClick(window.current_page(), Qt.Key.Key_F1)
    guide = window.help_window
    assert guide is not None and guide.section.startswith(title)
    top_line = guide.browser.cursorForPosition(guide.browser.viewport().rect().topLeft()).block().text()
    assert top_line == guide.section
