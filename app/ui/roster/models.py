"""Table models of the 干部名册 page: the year's roster, and the preview of a roster workbook."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from app.models.store import CadreRow
from app.ui.widgets.table_model import ROW_ROLE, AnyIndex, RowTableModel

NEW_COLOUR = QColor("#d7f0d2")
CHANGED_COLOUR = QColor("#fff1b8")
BARRED_COLOUR = QColor("#f4d3d3")


class _CadreTable(RowTableModel):
    HEADERS: tuple[str, ...] = ()

    def __init__(self, category_names: Mapping[str, str] | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.category_names = dict(category_names or {})
        self._rows: list[Any] = []

    def _cadre_cell(self, cadre: CadreRow, field: str) -> str:
        return {
            "id": cadre.id,
            "name": cadre.name,
            "unit": cadre.unit,
            "category": self.category_names.get(cadre.category, cadre.category),
            "level": cadre.level,
            "head": "是" if cadre.is_head else "",
            "barred": cadre.barred or "",
            "assessed": f"{cadre.not_assessed}：{cadre.not_assessed_reason or ''}" if cadre.not_assessed else "",
        }[field]


class RosterModel(_CadreTable):
    R_ID, R_NAME, R_UNIT, R_CATEGORY, R_LEVEL, R_HEAD, R_BARRED, R_ASSESSED = range(8)
    HEADERS = ("编号", "姓名", "科室（单位）", "类别", "职务层次", "主要负责人", "不得评优原因", "不定等次")
    FIELDS = ("id", "name", "unit", "category", "level", "head", "barred", "assessed")

    def cadre(self, row: int) -> CadreRow:
        return self._rows[row]

    def row_of(self, cadre_id: str) -> int:
        return next((i for i, c in enumerate(self._rows) if c.id == cadre_id), -1)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        cadre: CadreRow = self._rows[index.row()]
        if role == ROW_ROLE:
            return cadre
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cadre_cell(cadre, self.FIELDS[index.column()])
        if role == Qt.ItemDataRole.BackgroundRole and cadre.barred:
            return QBrush(BARRED_COLOUR)
        if role == Qt.ItemDataRole.ForegroundRole and cadre.barred:
            return QBrush(QColor("#000000"))
        return None


class RosterPreviewModel(_CadreTable):
    """What an import would write, row by row (新增 / 更新 / 不变)."""

    P_ROW, P_ACTION, P_ID, P_NAME, P_UNIT, P_CATEGORY, P_LEVEL, P_HEAD, P_BARRED = range(9)
    HEADERS = ("行", "处理", "编号", "姓名", "科室（单位）", "类别", "职务层次", "主要负责人", "不得评优原因")
    FIELDS = ("id", "name", "unit", "category", "level", "head", "barred")

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        number, cadre, action = self._rows[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.P_ROW:
                return str(number)
            if column == self.P_ACTION:
                return action
            return self._cadre_cell(cadre, self.FIELDS[column - self.P_ID])
        if role == Qt.ItemDataRole.BackgroundRole and action != "不变":
            return QBrush(NEW_COLOUR if action == "新增" else CHANGED_COLOUR)
        if role == Qt.ItemDataRole.ForegroundRole and action != "不变":
            return QBrush(QColor("#000000"))
        return None
