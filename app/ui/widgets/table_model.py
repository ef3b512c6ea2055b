"""The plumbing every read-mostly table of the window shares: a list of row objects behind fixed headers.

Subclasses name their columns with constants, set HEADERS (or override `columnCount`/`headerData`) and
implement `data()`; the object behind a row is returned for ROW_ROLE so views and tests never re-derive it
from the displayed text. `replace_rows` is the one way rows arrive; `row_key` lets it update in place.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the object behind a row
AnyIndex = QModelIndex | QPersistentModelIndex


class RowTableModel(QAbstractTableModel):
    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None

    def row_key(self, row: Any) -> object | None:
        """What identifies a row across refreshes; None (the default): rows are not compared."""
        return None

    def replace_rows(self, rows: Iterable[Any]) -> bool:
        """Show `rows`. When every row has a key and the keys are those already shown, in the same order,
        only the values are repainted: the view keeps its cursor, scroll position and an open editor, which a
        reset would lose. Anything else is a reset (True: the rows were reset, columns may need sizing again)."""
        rows = list(rows)
        keys = [self.row_key(row) for row in rows]
        if rows and None not in keys and keys == [self.row_key(row) for row in self._rows]:
            self._rows = rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, self.columnCount() - 1))
            return False
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()
        return True

    def rows(self) -> list[Any]:
        return list(self._rows)
