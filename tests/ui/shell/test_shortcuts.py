"""Keyboard first: a page's Alt+letter must never take the menu bar's letters (文件 F, 编辑 E, 查看 V,
帮助 H) — on the ballot pages Alt+V once ticked 废票 instead of opening 查看."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabWidget, QWidget

from app.models.db import open_database
from app.ui.shell.main_window import MainWindow

MNEMONIC = re.compile(r"&([A-Za-z0-9])")


def mnemonics(page: QWidget) -> list[tuple[str, str]]:
    """(letter, text) of every mnemonic on a page: buttons, labels, group boxes, tabs."""
    texts: list[str] = []
    texts += [w.text() for w in page.findChildren(QAbstractButton)]
    texts += [w.text() for w in page.findChildren(QLabel) if w.buddy() is not None]
    texts += [w.title() for w in page.findChildren(QGroupBox)]
    for tabs in page.findChildren(QTabWidget):
        texts += [tabs.tabText(i) for i in range(tabs.count())]
    return [(m.group(1).upper(), text) for text in texts for m in MNEMONIC.finditer(text.replace("&&", ""))]


def test_no_page_takes_the_menu_bars_alt_letters(qtbot, demo_path: Path) -> None:
    with open_database(demo_path) as db:
        window = MainWindow(db, poll_ms=60000)
        qtbot.addWidget(window)
        menu_letters = {
            m.group(1).upper() for action in window.menuBar().actions() for m in MNEMONIC.finditer(action.text())
        }
        assert menu_letters == {"F", "E", "V", "H"}
        clashes = [
            f"{page.title}: {text}"
            for page in window.page_list
            for letter, text in mnemonics(page)
            if letter in menu_letters
        ]
        assert clashes == []
        window.close()
