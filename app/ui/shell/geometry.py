"""The window's place on the screen: it opens inside the screen's available area (1280×800 and 1366×768
laptops included, taskbar left free) and comes back where the clerk left it, remembered per screen (a
laptop alone and the same laptop on the office monitor are two places).

Kept in `window.json` in the data folder: {screen key: [x, y, width, height, maximized]}.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QWidget

from app.models.paths import data_dir

STORE_NAME = "window.json"
PREFERRED = QSize(1400, 850)  # the size the pages are laid out for, when the screen has room for it
MINIMUM = QSize(960, 600)
# Before the window is shown its frame (title bar, borders) is unknown: assume a common one.
FRAME_GUESS = (8, 31, 8, 8)  # left, top, right, bottom


def screen_key(screen: QScreen) -> str:
    size = screen.size()
    return f"{screen.name()}:{size.width()}x{size.height()}"


def fitted(available: QRect, wanted: QRect | None, frame: tuple[int, int, int, int] = FRAME_GUESS) -> QRect:
    """The window's inner rectangle, so that its frame lies inside `available`: `wanted` moved and shrunk into
    it, or (None) the preferred size centred."""
    left, top, right, bottom = frame
    room = QRect(
        available.x() + left,
        available.y() + top,
        max(available.width() - left - right, 1),
        max(available.height() - top - bottom, 1),
    )
    size = wanted.size() if wanted is not None else PREFERRED
    width = min(max(size.width(), min(MINIMUM.width(), room.width())), room.width())
    height = min(max(size.height(), min(MINIMUM.height(), room.height())), room.height())
    if wanted is None:
        x = room.x() + (room.width() - width) // 2
        y = room.y() + (room.height() - height) // 2
    else:
        x = min(max(wanted.x(), room.x()), room.right() + 1 - width)
        y = min(max(wanted.y(), room.y()), room.bottom() + 1 - height)
    return QRect(x, y, width, height)


def _store() -> Path:
    return data_dir() / STORE_NAME


def _read() -> dict[str, list[int]]:
    try:
        data = json.loads(_store().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remembered(screen: QScreen) -> tuple[QRect, bool] | None:
    entry = _read().get(screen_key(screen))
    if not (isinstance(entry, list) and len(entry) == 5 and all(isinstance(v, int) for v in entry)):
        return None
    x, y, width, height, maximized = entry
    return QRect(x, y, width, height), bool(maximized)


def place(window: QWidget, screen: QScreen | None = None) -> None:
    """Before the first show: the remembered place on this screen, or the preferred size, fitted to it."""
    screen = screen or window.screen()
    if screen is None:
        window.resize(PREFERRED)
        return
    memory = remembered(screen)
    rect = fitted(screen.availableGeometry(), memory[0] if memory else None)
    window.setGeometry(rect)
    if memory and memory[1]:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def remember(window: QWidget) -> None:
    """On close: where the window is now, for this screen (a failing disk only forgets it)."""
    screen = window.screen()
    if screen is None:
        return
    rect = window.normalGeometry() if window.isMaximized() else window.geometry()
    data = _read()
    data[screen_key(screen)] = [rect.x(), rect.y(), rect.width(), rect.height(), int(window.isMaximized())]
    target = _store()
    partial = target.with_name(target.name + ".part")
    try:
        partial.write_text(json.dumps(data), encoding="utf-8")
        os.replace(partial, target)
    except OSError:
        pass
