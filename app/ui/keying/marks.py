"""The democratic ballot's keying column (民主测评表): one row per cadre in ballot order, one key per mark
(1 优秀, 2 称职, 3 基本称职, 4 不称职). Verification works as in the score grid (`app.ui.keying.grid`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHeaderView, QWidget

from app.models.ballots.forms import (
    MARK_KEYS,
    MARKS,
    NO_MARK_KEYS,
)
from app.ui.keying.grid import (
    CHECKED,
    CONFIRM_FIRST,
    CONFIRM_SECOND,
    CONFLICT,
    CONFLICT_HINT,
    ENTER_KEYS,
    Index,
    KeyingView,
)
from app.ui.widgets.table_model import ROW_ROLE  # in the grids: the row's id (unit name or cadre id)
from app.ui.widgets.tables import fit_columns


class MarkModel(QAbstractTableModel):
    """The democratic ballot: one row per cadre in ballot order; the mark column is keyed."""

    COL_SERIAL, COL_NAME, COL_UNIT, COL_MARK = range(4)
    HEADERS = ("序号", "姓名", "科室（单位）", "测评等次")

    def __init__(self, cadres: Sequence[tuple[str, str, str]], parent: Any = None) -> None:
        super().__init__(parent)
        self.cadres = list(cadres)  # (id, name, unit)
        self.marks: list[str | None] = [None] * len(self.cadres)
        self.counts = dict.fromkeys(MARKS, 0)
        self.expected: list[str | None] | None = None
        self.checked: set[int] = set()
        self.conflict: int | None = None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.cadres)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role == ROW_ROLE:
            return self.cadres[row][0]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_SERIAL:
                return row + 1
            if col == self.COL_NAME:
                return self.cadres[row][1]
            if col == self.COL_UNIT:
                return self.cadres[row][2]
            mark = self.marks[row]
            if row == self.conflict and self.expected is not None:
                return f"本次 {mark or '未标记'} ≠ 原录入 {self.expected[row] or '未标记'}"
            return "" if mark is None else mark
        if role == Qt.ItemDataRole.BackgroundRole and col == self.COL_MARK:
            if row == self.conflict:
                return CONFLICT
            if row in self.checked:
                return CHECKED
        return None

    def set_mark(self, row: int, mark: str | None) -> None:
        old = self.marks[row]
        if old is not None:
            self.counts[old] -= 1
        if mark is not None:
            self.counts[mark] += 1
        self.marks[row] = mark
        index = self.index(row, self.COL_MARK)
        self.dataChanged.emit(index, index)

    def set_conflict(self, row: int | None) -> None:
        old, self.conflict = self.conflict, row
        for where in {old, row} - {None}:
            assert where is not None
            index = self.index(where, self.COL_MARK)
            self.dataChanged.emit(index, index)

    def clear(self, expected: list[str | None] | None = None) -> None:
        self.beginResetModel()
        self.marks = [None] * len(self.cadres)
        self.counts = dict.fromkeys(MARKS, 0)
        self.expected, self.checked, self.conflict = expected, set(), None
        self.endResetModel()

    def unmarked(self) -> int:
        return len(self.cadres) - sum(self.counts.values())

    def is_empty(self) -> bool:
        return not any(self.counts.values())


class MarkView(KeyingView):
    """1 优秀 2 称职 3 基本称职 4 不称职, 0 or space no mark: one key per mark, then the next cadre."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.marks_model: MarkModel | None = None

    def set_marks_model(self, model: MarkModel) -> None:
        self.marks_model = model
        self.setModel(model)
        header = self.horizontalHeader()
        # Sized once here, from a sample of rows: ResizeToContents would measure all rows on every keystroke.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        fit_columns(self)
        header.setSectionResizeMode(MarkModel.COL_MARK, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().hide()
        self.go(0, MarkModel.COL_MARK)

    def accept(self, mark: str | None) -> None:
        model = self.marks_model
        assert model is not None
        row = self.cell()[0]
        if model.expected is not None:
            stored = model.expected[row]
            if stored != mark:
                model.set_mark(row, mark)
                model.set_conflict(row)
                self.message.emit(
                    f"核对不一致：第 {row + 1} 人 {model.cadres[row][1]} 原录入 {stored or '未标记'}，"
                    f"本次 {mark or '未标记'}。{CONFLICT_HINT}"
                )
                return
            model.checked.add(row)
        model.set_mark(row, mark)
        self.progressed.emit()
        if row + 1 < model.rowCount():
            self.go(row + 1, MarkModel.COL_MARK)

    def resolve(self, first_is_right: bool) -> None:
        model = self.marks_model
        assert model is not None and model.conflict is not None and model.expected is not None
        row = model.conflict
        stored, typed = model.expected[row], model.marks[row]
        if self.finding_context is not None:
            from dataclasses import replace

            finding = self.finding_context(row, None, stored, typed)
            chosen = stored if first_is_right else typed
            self.findings.append(replace(finding, resolved_value=chosen, first_was_wrong=not first_is_right))
        model.expected[row] = stored if first_is_right else typed  # settled with the paper
        model.set_mark(row, stored if first_is_right else typed)
        model.checked.add(row)
        model.set_conflict(None)
        self.message.emit(f"第 {row + 1} 人已按{'原录入' if first_is_right else '本次录入'}确认")
        self.progressed.emit()
        if row + 1 < model.rowCount():
            self.go(row + 1, MarkModel.COL_MARK)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        model = self.marks_model
        if model is None or model.rowCount() == 0:
            return super().keyPressEvent(event)
        key, text = event.key(), event.text()
        if model.conflict is not None:
            if key in (CONFIRM_FIRST, CONFIRM_SECOND):
                self.resolve(key == CONFIRM_FIRST)
            else:
                self.message.emit(CONFLICT_HINT)
            return
        if self.is_ctrl_enter(event):
            self.commit_requested.emit()
            return
        row = self.cell()[0]
        if text in MARK_KEYS:
            self.accept(MARK_KEYS[text])
            return
        if text in NO_MARK_KEYS:
            self.accept(None)
            return
        if key in ENTER_KEYS:
            if row == model.rowCount() - 1:
                if model.expected is not None and row not in model.checked:
                    self.accept(model.marks[row])
                    if model.conflict is not None:
                        return
                self.commit_requested.emit()
            else:
                self.accept(model.marks[row])
            return
        if key == Qt.Key.Key_Backspace:
            if model.marks[row] is None and row > 0:
                row -= 1
                self.go(row, MarkModel.COL_MARK)
            model.set_mark(row, None)
            model.checked.discard(row)
            self.progressed.emit()
            return
        if key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            self.go(0 if key == Qt.Key.Key_Home else model.rowCount() - 1, MarkModel.COL_MARK)
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            super().keyPressEvent(event)
            self.go(self.cell()[0], MarkModel.COL_MARK)
            return
        if text and text.isprintable():
            self.message.emit(f"“{text}”不是测评等次：1 优秀，2 称职，3 基本称职，4 不称职，0 或空格不标记")
            return
        super().keyPressEvent(event)
