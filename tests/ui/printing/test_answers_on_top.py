"""打印与导出 answers where the clerk looks (issue 20 point 4): choosing a document previews it, and what was
saved and what is still open (ties, missing ballots) are at the top of the page, not below the fold."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.models.db import open_database
from app.ui.printing.page import PrintPage
from app.ui.shell.main_window import MainWindow
from tests.helpers.ask_mock import AskMock
from tests.helpers.windows import open_window


@pytest.fixture
def window(qtbot, demo_path: Path) -> Iterator[MainWindow]:
    db = open_database(demo_path)
    with db.atomic("测试：办公室缺一项得分") as conn:  # an open matter: a unit not fully keyed
        conn.execute("DELETE FROM item_scores WHERE year = 2017 AND unit = '办公室' AND item = 'b01-01'")
    win = open_window(qtbot, db)  # active: Alt+ shortcuts reach it
    yield win
    win.close()
    db.close()


def top_of(widget, window: MainWindow) -> int:
    return widget.mapTo(window, widget.rect().topLeft()).y()


def test_choosing_a_document_previews_it_and_answers_sit_on_top(
    qtbot, window: MainWindow, tmp_path: Path, ask_mock: AskMock
) -> None:
    qtbot.keyClick(window.navigation, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    page = window.current_page()
    assert isinstance(page, PrintPage)
    page.document.setFocus()
    while page.current_doc() != "results":
        qtbot.keyClick(page.document, Qt.Key.Key_Down)
    # No 预览 pressed: the choice alone shows the document.
    qtbot.waitUntil(lambda: page.preview_pane.page_count() > 0, timeout=15000)
    assert page.preview_pane.info.text().startswith("考评结果")

    # The demo year has open matters: they are shown above both columns, as is what was saved.
    assert page.open_matters_label.isVisible() and "办公室" in page.open_matters_label.text()
    assert top_of(page.open_matters_label, window) < top_of(page.preview_pane, window)
    assert top_of(page.open_matters_label, window) < top_of(page.save_button, window)
    out = tmp_path / "结果.pdf"
    ask_mock.file(out)
    page.save_button.setFocus()
    qtbot.keyClick(page.save_button, Qt.Key.Key_Space)  # 保存 PDF
    assert out.exists()
    bar = window.message_bar
    assert bar.kind == "ok" and f"已保存：{out}" in bar.text()
    assert top_of(bar, window) < top_of(page, window)
