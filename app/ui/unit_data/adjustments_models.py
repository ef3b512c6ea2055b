"""Table models of the bonus and deduction events (加减分项目) and each entity's capped totals.

Events sharing a matter are listed together (同一事项不重复加分/不累计扣分，取最大分值) and the note column says
which of them counts; the totals come from the engine's results.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.models.store import AdjustmentRow
from app.ui.unit_data.scoring_models import ALIGN_NUMBER, fmt
from app.ui.widgets.table_model import ROW_ROLE, AnyIndex, RowTableModel

GROUP_COLOUR = QColor("#e8eefc")  # a same-matter group
NOT_COUNTED = QColor("#777777")
BONUS_COLOUR = QColor("#1b6e20")
DEDUCTION_COLOUR = QColor("#b00020")


@dataclass(frozen=True)
class EventView:
    row: AdjustmentRow
    category: str  # the category's name
    targets: str  # 投资规划科 1.00、运行监测协调科 1.00
    matter_note: str  # "" unless the matter is shared
    group: int  # index of the same-matter group, for the shading (-1 when alone)


class AdjustmentEventsModel(RowTableModel):
    A_KIND, A_CATEGORY, A_MATTER, A_POINTS, A_TARGETS, A_DATE, A_NOTE, A_SAME = range(8)
    HEADERS = ("加/扣", "类别", "事项", "分值", "对象（分摊后）", "日期", "说明", "同一事项")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[EventView] = []

    def view_at(self, row: int) -> EventView:
        return self._rows[row]

    def row_of(self, event_id: int) -> int:
        return next((i for i, view in enumerate(self._rows) if view.row.id == event_id), -1)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        view = self._rows[index.row()]
        row = view.row
        column = index.column()
        if role == ROW_ROLE:
            return view
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                self.A_KIND: "加分" if row.kind == "bonus" else "扣分",
                self.A_CATEGORY: view.category,
                self.A_MATTER: row.matter or "",
                self.A_POINTS: f"{row.points}",
                self.A_TARGETS: view.targets,
                self.A_DATE: row.date or "",
                self.A_NOTE: row.note or "",
                self.A_SAME: view.matter_note,
            }.get(column)
        if role == Qt.ItemDataRole.BackgroundRole and view.group >= 0 and view.group % 2 == 0:
            return QBrush(GROUP_COLOUR)
        if role == Qt.ItemDataRole.ForegroundRole:
            if view.matter_note and "不重复" in view.matter_note:
                return QBrush(NOT_COUNTED)
            if column == self.A_KIND:
                return QBrush(BONUS_COLOUR if row.kind == "bonus" else DEDUCTION_COLOUR)
            return QBrush(QColor("#000000"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.A_POINTS:
            return ALIGN_NUMBER
        if role == Qt.ItemDataRole.ToolTipRole and column == self.A_TARGETS:
            return view.targets
        return None


@dataclass(frozen=True)
class TotalLine:
    key: str  # unit name or cadre id
    name: str
    context: str  # the unit's group, or the cadre's unit
    bonus: Decimal
    deduction: Decimal
    status: str  # 一票否决 / 突出业绩奖 (units) or the barred reason (cadres)
    reasons: str = ""


class AdjustmentTotalsModel(RowTableModel):
    T_NAME, T_CONTEXT, T_BONUS, T_DEDUCTION, T_STATUS = range(5)

    def __init__(self, context_header: str = "组别", parent: Any = None) -> None:
        super().__init__(parent)
        self.headers = ("名称", context_header, "加分（封顶后）", "减分（封顶后）", "一票否决 / 突出业绩奖")
        self._rows: list[TotalLine] = []

    def row_key(self, row: TotalLine) -> object:
        return row.key

    def line(self, row: int) -> TotalLine:
        return self._rows[row]

    def row_of(self, key: str) -> int:
        return next((i for i, line in enumerate(self._rows) if line.key == key), -1)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        line = self._rows[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return line
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                self.T_NAME: line.name,
                self.T_CONTEXT: line.context,
                self.T_BONUS: fmt(line.bonus) if line.bonus else "",
                self.T_DEDUCTION: fmt(line.deduction) if line.deduction else "",
                self.T_STATUS: line.status,
            }.get(column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.T_BONUS, self.T_DEDUCTION):
            return ALIGN_NUMBER
        if role == Qt.ItemDataRole.ForegroundRole and column in (self.T_BONUS, self.T_DEDUCTION, self.T_STATUS):
            good = column == self.T_BONUS or (column == self.T_STATUS and "突出业绩奖" in line.status)
            return QBrush(BONUS_COLOUR if good else DEDUCTION_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole and line.reasons:
            return line.reasons
        return None
