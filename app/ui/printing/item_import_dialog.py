"""The preview of an item-score workbook before it is imported: every change, or every error (then the
import button stays disabled and nothing is written)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QVBoxLayout, QWidget

from app.ui.widgets.table_model import ROW_ROLE
from app.ui.widgets.tables import list_table
from app.workbooks.items import ItemImportPreview

C_ROW, C_UNIT, C_ITEM, C_OLD, C_NEW, C_NOTE = range(6)
CHANGE_HEADER = ("行", "科室（单位）", "考核项目", "原得分", "新得分", "说明")
E_ROW, E_COLUMN, E_MESSAGE = range(3)
ERROR_HEADER = ("行", "列", "问题")


def plain(value: Any) -> str:
    return "" if value is None else format(value.normalize(), "f")


class PreviewModel(QAbstractTableModel):
    """Changes when the workbook is clean, else its errors (the row object under ROW_ROLE)."""

    def __init__(self, preview: ItemImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.showing_errors = not preview.ok
        self.rows: list[Any] = list(preview.errors if self.showing_errors else preview.changes)
        self.header = ERROR_HEADER if self.showing_errors else CHANGE_HEADER

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.header)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.header[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if self.showing_errors:
            return (str(row.row), row.column, row.message)[index.column()]
        return (str(row.row), row.unit, row.title, plain(row.old), plain(row.new), row.note or "")[index.column()]


class ItemImportDialog(QDialog):
    def __init__(self, preview: ItemImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导入项目得分：预览")
        self.preview = preview
        self.model = PreviewModel(preview, self)
        if preview.ok:
            text = f"将更新 {len(preview.changes)} 项得分；{preview.unchanged} 项与现有得分相同，不变。"
        else:
            text = f"发现 {len(preview.errors)} 处错误，请在 Excel 中改正后重新导入。本次不写入任何数据。"
        self.summary = QLabel(text)
        self.view = list_table(self.model)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("导入")
        ok.setEnabled(preview.ok and bool(preview.changes))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 480)
