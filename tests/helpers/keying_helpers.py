"""Key helpers and the small roster of the keying tests (fixtures: keying_fixtures.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.models.store import CadreRow

YEAR = 2017
CADRES = [
    CadreRow("c001", "张一", "办公室", "civil_servant", "正科", True, None, 0),
    CadreRow("c002", "李二", "办公室", "civil_servant", "科员", False, None, 1),
    CadreRow("c003", "王三", "财务科", "civil_servant", "正科", True, None, 2),
    CadreRow("c004", "赵四", "财务科", "institution", "科员", False, None, 3),
]


def press(qtbot, widget: QWidget, keys: str) -> None:
    """Type ASCII keys one by one; '\\n' is Enter, '\\t' is Tab."""
    for ch in keys:
        if ch == "\n":
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        elif ch == "\t":
            qtbot.keyClick(widget, Qt.Key.Key_Tab)
        elif ch == " ":
            qtbot.keyClick(widget, Qt.Key.Key_Space)
        else:
            qtbot.keyClicks(widget, ch)


def ctrl_enter(qtbot, widget: QWidget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
