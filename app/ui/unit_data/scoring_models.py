"""Table models of the 科室评分 page.

The models only show what the store and the engine give them; an edited cell is handed to the page's
`commit` callback, which validates and writes it (no arithmetic here).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from app.scoring.inputs import Item, Unit
from app.scoring.numbers import round2
from app.ui.widgets.table_model import ROW_ROLE, AnyIndex, RowTableModel

MISSING_COLOUR = QColor("#ffe08a")
DONE_COLOUR = QColor("#d7f0d2")
ALIGN_NUMBER = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def fmt(value: Decimal | None) -> str:
    return "" if value is None else f"{round2(value):.2f}"  # half-up (四舍五入), not format()'s half-even


# --- units ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitLine:
    unit: Unit
    entered: int
    items: int
    total: Decimal | None
    aliases: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return self.entered == self.items


class ScoringUnitsModel(RowTableModel):
    U_NAME, U_GROUP, U_PROGRESS, U_TOTAL = range(4)
    HEADERS = ("科室（简称）", "组别", "已录项目", "总分")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[UnitLine] = []

    def row_key(self, row: UnitLine) -> object:
        return row.unit

    def line(self, row: int) -> UnitLine:
        return self._rows[row]

    def row_of(self, unit: str) -> int:
        return next((i for i, line in enumerate(self._rows) if line.unit.name == unit), -1)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        line = self._rows[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return line
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.U_NAME:
                return line.unit.short
            if column == self.U_GROUP:
                return str(line.unit.group)
            if column == self.U_PROGRESS:
                return f"已录 {line.entered}/{line.items}"
            if column == self.U_TOTAL:
                return fmt(line.total)
        if role == Qt.ItemDataRole.BackgroundRole and column == self.U_PROGRESS:
            return QBrush(DONE_COLOUR if line.complete else MISSING_COLOUR)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.U_PROGRESS:
            return QBrush(QColor("#000000"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.U_TOTAL:
            return ALIGN_NUMBER
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.U_PROGRESS and not line.complete:
                return f"还有 {line.items - line.entered} 项未录"
            return f"{line.unit.name}（{line.unit.short}），第{line.unit.group}组，{line.unit.branch}"
        return None


class UnitFilterProxy(QSortFilterProxyModel):
    """Type-ahead on the full name, the short name or an alias; optionally one group only."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._group: int | None = None
        self._text = ""

    def set_group(self, group: int | None) -> None:
        self._change(lambda: setattr(self, "_group", group))

    def set_text(self, text: str) -> None:
        self._change(lambda: setattr(self, "_text", text.strip()))

    def _change(self, apply: Callable[[], None]) -> None:
        if hasattr(self, "endFilterChange"):  # Qt ≥ 6.10 deprecates invalidateFilter()
            self.beginFilterChange()
            apply()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            apply()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        source = self.sourceModel()
        line = source.index(source_row, 0, source_parent).data(ROW_ROLE)
        if line is None:
            return False
        if self._group is not None and line.unit.group != self._group:
            return False
        if not self._text:
            return True
        return any(self._text.lower() in name.lower() for name in (line.unit.name, line.unit.short, *line.aliases))


# --- items of one unit ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemLine:
    item: Item
    label: str  # 附件2 · 党建工作 / 附件3
    stored: Decimal | None  # the score typed for the item
    note: str | None
    effective: Decimal | None  # what the engine counts: the typed score, else from the events, else none
    events: int  # deduction events that apply to the unit for this item


class ScoringItemsModel(RowTableModel):
    I_PART, I_TITLE, I_MAX, I_SCORE, I_SOURCE, I_NOTE = range(6)
    HEADERS = ("附件", "考评项目", "分值", "得分", "计分依据", "备注")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ItemLine] = []
        # (item id, column, text) → True when accepted; set by the page.
        self.commit: Callable[[str, int, str], bool] | None = None
        self.last_edit_ok = True

    def row_key(self, row: ItemLine) -> object:
        return row.item.id

    def line(self, row: int) -> ItemLine:
        return self._rows[row]

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (self.I_SCORE, self.I_NOTE):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        line = self._rows[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return line
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(line, column)
        if role == Qt.ItemDataRole.EditRole:
            if column == self.I_SCORE:
                return "" if line.stored is None else str(line.stored)
            if column == self.I_NOTE:
                return line.note or ""
            return self._display(line, column)
        if role == Qt.ItemDataRole.BackgroundRole and line.effective is None:
            return QBrush(MISSING_COLOUR)
        if role == Qt.ItemDataRole.ForegroundRole and line.effective is None:
            return QBrush(QColor("#000000"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.I_MAX, self.I_SCORE):
            return ALIGN_NUMBER
        return None

    def _display(self, line: ItemLine, column: int) -> str | None:
        if column == self.I_PART:
            return line.label
        if column == self.I_TITLE:
            return line.item.title
        if column == self.I_MAX:
            return f"{line.item.max}" + ("（可超）" if line.item.may_exceed else "")
        if column == self.I_SCORE:
            return "未录" if line.effective is None else fmt(line.effective)
        if column == self.I_SOURCE:
            if line.stored is not None:
                return "直接录入得分" + (f"（另有 {line.events} 条事件未用）" if line.events else "")
            if line.events:
                return f"按 {line.events} 条扣分事件计算"
            return "缺项"
        if column == self.I_NOTE:
            return line.note or ""
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.commit is None:
            return False
        line = self._rows[index.row()]
        text = "" if value is None else str(value)
        current = self.data(index, Qt.ItemDataRole.EditRole)
        if text.strip() == (current or "").strip():
            self.last_edit_ok = True
            return False
        self.last_edit_ok = self.commit(line.item.id, index.column(), text)
        return self.last_edit_ok


# --- deduction events of one unit's item ------------------------------------------------------------------


@dataclass(frozen=True)
class EventLine:
    id: int
    rule: str  # the rule's label
    per: str
    points: Decimal
    kind: str
    count: Decimal
    target: str  # the unit, or 机关第一党支部（支部所有科室）
    note: str
    date: str


class ScoringEventsModel(RowTableModel):
    E_RULE, E_COUNT, E_POINTS, E_TARGET, E_NOTE, E_DATE = range(6)
    HEADERS = ("扣分（加分）细则", "次数", "每次分值", "记在", "说明", "日期")

    def __init__(self, parent: QAbstractItemModel | None = None) -> None:
        super().__init__(parent)
        self._rows: list[EventLine] = []

    def line(self, row: int) -> EventLine:
        return self._rows[row]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        line = self._rows[index.row()]
        if role == ROW_ROLE:
            return line
        if role == Qt.ItemDataRole.DisplayRole:
            sign = "+" if line.kind == "add" else "−"
            return {
                self.E_RULE: line.rule,
                self.E_COUNT: f"{line.count} {line.per}",
                self.E_POINTS: f"{sign}{line.points}",
                self.E_TARGET: line.target,
                self.E_NOTE: line.note,
                self.E_DATE: line.date,
            }.get(index.column())
        return None
