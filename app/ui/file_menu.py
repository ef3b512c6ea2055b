"""The 文件 menu (to be extended: new, open, recent files, save a copy, backups)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


def install_file_menu(window: MainWindow) -> None:
    menu = window.menuBar().addMenu("文件(&F)")
    menu.addAction(window.refresh_action)
    menu.addSeparator()
    quit_action = QAction("退出(&X)", window)
    quit_action.setShortcut(QKeySequence("Ctrl+Q"))
    quit_action.triggered.connect(window.close)
    menu.addAction(quit_action)
