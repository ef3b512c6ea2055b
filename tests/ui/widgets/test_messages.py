"""Every action answered where the clerk looks (issue 20 point 4): the window's message bar at the top of the
page area, green for done, amber for a warning, red for a refusal; cleared on a page or year switch."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.models.db import open_database
from app.models.store import ensure_year
from app.ui.shell.main_window import MainWindow
from app.ui.unit_data.scoring_page import ScoringPage
from app.ui.widgets.messages import ERROR, OK, STYLES, WARNING
from tests.helpers.data_pages import type_cell, type_chinese


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:
    db = open_database(tmp_path / "two-years.sqlite")
    ensure_year(db, 2017)
    ensure_year(db, 2018)
    win = MainWindow(db, poll_ms=60000)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.started)
    yield win
    win.close()
    db.close()


def colour_of(window: MainWindow) -> str:
    return window.message_bar.styleSheet().split("color:")[1].split(";")[0].strip()


def test_one_colour_per_kind_at_the_top_and_cleared_on_switching(qtbot, window: MainWindow) -> None:
    assert window.session.year == 2018
    qtbot.keyClick(window.navigation, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page = window.current_page()
    assert isinstance(page, ScoringPage)
    bar = window.message_bar
    # The bar sits above the page, the page's own line is hidden.
    assert bar.mapTo(window, bar.rect().topLeft()).y() < page.mapTo(window, page.rect().topLeft()).y()
    assert not page.message.isVisible()

    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    type_chinese(page.finder, "民爆")
    qtbot.keyClick(page.finder, Qt.Key.Key_Return)
    type_cell(qtbot, page.items_view, "4.5")  # done: green
    assert bar.isVisible() and bar.kind == OK and colour_of(window) == STYLES[OK][0]
    assert "已保存" in bar.text()

    qtbot.keyClick(page.items_view, Qt.Key.Key_Up)
    type_cell(qtbot, page.items_view, "9")  # over the item's 5 points: refused, red
    assert bar.kind == ERROR and colour_of(window) == STYLES[ERROR][0]
    assert "超过该项分值" in bar.text()

    # A deduction event on an item that has a keyed score: recorded, but the total does not move — amber.
    qtbot.keyClick(page, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.count_edit, "1")
    qtbot.keyClick(page.count_edit, Qt.Key.Key_Return)
    assert bar.kind == WARNING and colour_of(window) == STYLES[WARNING][0]
    assert "总分不变" in bar.text()
    assert len({STYLES[k][0] for k in (OK, WARNING, ERROR)}) == 3

    # Another page: the answer was about 科室评分, it goes.
    qtbot.keyClick(window.navigation, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert not bar.isVisible() and bar.text() == ""
    qtbot.keyClick(window.navigation, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    type_cell(qtbot, page.items_view, "4")
    assert bar.kind == OK
    # Another year: a 2018 answer does not stay over 2017.
    window.year_combo.setFocus()
    qtbot.keyClick(window.year_combo, Qt.Key.Key_Up)
    assert window.session.year == 2017
    assert not bar.isVisible()
