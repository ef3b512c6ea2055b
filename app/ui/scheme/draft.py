"""The scheme being edited, shared by the editor's tabs: each tab shows its part and puts edits back."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTableView, QVBoxLayout, QWidget

from app.ui.scheme.tables import RecordTableModel


class SchemeDraft(QObject):
    """`body` is the scheme as a JSON object (app/models/years.py reads and writes its parts); every accepted
    edit replaces it and says which part changed ("title", "units", "items", "groups", …), so a tab that
    shows a derived list (the unit picker, the group choices) can follow."""

    changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.body: dict[str, Any] = {}
        self.read_only = False
        self.loading = False  # while the tabs fill their tables: their edits are not the clerk's

    def load(self, body: dict[str, Any], read_only: bool) -> None:
        self.body = copy.deepcopy(body)
        self.read_only = read_only

    def put(self, body: dict[str, Any], part: str) -> None:
        self.body = body
        self.changed.emit(part)


def button_row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


class RecordTab(QWidget):
    """One tab: a table of the draft's records with add and remove buttons (None: the table has neither)."""

    def __init__(
        self,
        draft: SchemeDraft,
        model: RecordTableModel,
        view: QTableView,
        add_text: str | None = None,
        remove_text: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.draft = draft
        self.model = model
        self.view = view
        self.add_button = QPushButton(add_text) if add_text else None
        self.remove_button = QPushButton(remove_text) if remove_text else None
        if self.add_button is not None:
            self.add_button.clicked.connect(self.add)
        if self.remove_button is not None:
            self.remove_button.clicked.connect(self.remove_current)
        self.model.edited.connect(self._edited)

    def lay_out(self, above: Sequence[QWidget], below: Sequence[QWidget] = ()) -> None:
        """`above` the table, the table, the buttons, `below` them."""
        layout = QVBoxLayout(self)
        for widget in above:
            layout.addWidget(widget)
        layout.addWidget(self.view, 1)
        if self.buttons():
            layout.addLayout(button_row(*self.buttons()))
        for widget in below:
            layout.addWidget(widget)

    def buttons(self) -> list[QPushButton]:
        return [b for b in (self.add_button, self.remove_button) if b is not None]

    def set_read_only(self, read_only: bool) -> None:
        self.model.read_only = read_only
        for button in self.buttons():
            button.setEnabled(not read_only)

    def load(self) -> None:
        """Show the draft's records."""
        raise NotImplementedError

    def store(self) -> None:
        """Put the table's records back into the draft (`draft.put`)."""
        raise NotImplementedError

    def add(self) -> None:
        raise NotImplementedError

    def _edited(self) -> None:
        if not self.draft.loading:
            self.store()

    def append(self, record: dict[str, Any], column: int) -> None:
        """A new row, with the cursor on `column` to type its first value."""
        row = self.model.append_record(record)
        self.view.setCurrentIndex(self.model.index(row, column))
        self.view.setFocus()

    def remove_current(self) -> None:
        row = self.view.currentIndex().row()
        if row >= 0 and not self.draft.read_only:
            self.model.remove_record(row)
