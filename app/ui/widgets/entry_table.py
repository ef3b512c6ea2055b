"""The keyboard-first table of the data pages: typing edits, Enter commits and moves down, Delete clears.

Used by 科室评分 (item scores) and 市对区考绩 (indicators, monthly progress).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QTableView, QWidget


class EntryTableView(QTableView):
    """Typing starts an edit; Enter commits the cell and moves down (Tab moves right, as usual).
    A refused value (the model's `last_edit_ok` is False) keeps the cursor on the cell."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setStretchLastSection(True)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        model = self.model()
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache and getattr(model, "last_edit_ok", True):
            current = self.currentIndex()
            below = current.sibling(current.row() + 1, current.column())
            if below.isValid():
                self.setCurrentIndex(below)
        elif hint in (
            QAbstractItemDelegate.EndEditHint.EditNextItem,
            QAbstractItemDelegate.EndEditHint.EditPreviousItem,
        ):
            step = 1 if hint == QAbstractItemDelegate.EndEditHint.EditNextItem else -1
            current = self.currentIndex()
            beside = current.sibling(current.row(), current.column() + step)
            if beside.isValid():
                self.setCurrentIndex(beside)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        current = self.currentIndex()
        editable = current.isValid() and bool(current.flags() & Qt.ItemFlag.ItemIsEditable)
        if editable and self.state() != self.State.EditingState:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.edit(current)
                return
            if event.key() == Qt.Key.Key_Delete:  # clear the cell (the score goes back to events / 未录)
                self.model().setData(current, "", Qt.ItemDataRole.EditRole)
                return
        super().keyPressEvent(event)
