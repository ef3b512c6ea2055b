"""An editable table of scheme records (units, items, rules, groups, categories, criteria, settings).

Each column says how the clerk's text becomes a value; text that does not parse is refused on the spot
(`rejected` carries the Chinese message) and the row keeps its old value. The model edits a copy: the page
puts the rows back into its draft of the scheme and saves the draft in one transaction.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from app.models.errors import Problem, ValidationError
from app.models.scheme_rows import json_number, num_text, parse_decimal, parse_int
from app.ui.widgets.table_model import ROW_ROLE, AnyIndex

READ_ONLY_BRUSH = QBrush(QColor("#f0f0f0"))


def _text(text: str, where: str, row: dict[str, Any]) -> Any:
    return text.strip()


def _required_text(text: str, where: str, row: dict[str, Any]) -> Any:
    if not text.strip():
        raise ValidationError([Problem(where, "不能为空")])
    return text.strip()


def _points(text: str, where: str, row: dict[str, Any]) -> Any:
    value = parse_decimal(text, where, positive=True)
    assert value is not None
    return json_number(value)


def _cap(text: str, where: str, row: dict[str, Any]) -> Any:
    value = parse_decimal(text, where, positive=True, allow_empty=True)
    return None if value is None else json_number(value)


def _count(text: str, where: str, row: dict[str, Any]) -> Any:
    return parse_int(text, where)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    parse: Callable[[str, str, dict[str, Any]], Any] | None = _text  # None: read-only
    choices: tuple[tuple[Any, str], ...] = ()  # (value, label): the clerk types the label (or the value)
    check: bool = False  # a check box (True/False)
    unique: bool = False
    show: Callable[[Any], str] = field(default=num_text)


def text_column(key: str, header: str, required: bool = True, unique: bool = False) -> Column:
    return Column(key, header, _required_text if required else _text, unique=unique)


def points_column(key: str, header: str) -> Column:
    return Column(key, header, _points)


def cap_column(key: str, header: str) -> Column:
    return Column(key, header, _cap, show=lambda v: "" if v is None else num_text(v))


def count_column(key: str, header: str) -> Column:
    return Column(key, header, _count)


def choice_column(key: str, header: str, choices: tuple[tuple[Any, str], ...]) -> Column:
    def parse(text: str, where: str, row: dict[str, Any]) -> Any:
        for value, label in choices:
            if text.strip() in (label, str(value)):
                return value
        allowed = "、".join(label for _v, label in choices)
        raise ValidationError([Problem(where, f"“{text}”不是可选值（可填：{allowed}）")])

    labels = dict(choices)
    return Column(key, header, parse, choices=choices, show=lambda v: labels.get(v, num_text(v)))


def check_column(key: str, header: str) -> Column:
    return Column(key, header, None, check=True)


def read_only_column(key: str, header: str) -> Column:
    return Column(key, header, None)


class RecordTableModel(QAbstractTableModel):
    rejected = Signal(str)  # a Chinese message: what was refused and where
    edited = Signal()  # a value was accepted (or a row added/removed)

    def __init__(self, columns: list[Column], what: str = "", parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.what = what  # e.g. "科室": names the table in messages
        self.read_only = False
        self._rows: list[dict[str, Any]] = []

    # --- rows ----------------------------------------------------------------------------------

    def set_rows(self, rows: list[dict[str, Any]], what: str | None = None) -> None:
        self.beginResetModel()
        self._rows = copy.deepcopy(rows)
        if what is not None:
            self.what = what
        self.endResetModel()

    def rows(self) -> list[dict[str, Any]]:
        return copy.deepcopy(self._rows)

    def row_record(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def update_record(self, row: int, **values: Any) -> None:
        """A change made outside the table (e.g. the rule text box)."""
        self._rows[row].update(values)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))
        self.edited.emit()

    def append_record(self, record: dict[str, Any]) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(copy.deepcopy(record))
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove_record(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
            self.edited.emit()

    # --- Qt ------------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].header
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = self.columns[index.column()]
        if not self.read_only:
            if column.check:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            elif column.parse is not None:
                flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        record = self._rows[index.row()]
        column = self.columns[index.column()]
        value = record.get(column.key)
        if role == ROW_ROLE:
            return record
        if column.check:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.DisplayRole:
                return "是" if value else "否"
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            text = column.show(value)
            if role == Qt.ItemDataRole.DisplayRole:
                text = text.replace("\n", " ")
                return text if len(text) <= 80 else text[:78] + "…"
            return text
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, str) and len(value) > 30:
            return value
        if role == Qt.ItemDataRole.BackgroundRole and column.parse is None and not column.check:
            return READ_ONLY_BRUSH
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self.read_only:
            return False
        column = self.columns[index.column()]
        record = self._rows[index.row()]
        if column.check and role == Qt.ItemDataRole.CheckStateRole:
            checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
            record[column.key] = checked
        elif role == Qt.ItemDataRole.EditRole and column.parse is not None:
            where = f"{self.what}第 {index.row() + 1} 行“{column.header}”"
            try:
                parsed = column.parse(str(value), where, record)
                if column.unique and any(
                    r.get(column.key) == parsed for i, r in enumerate(self._rows) if i != index.row()
                ):
                    raise ValidationError([Problem(where, f"“{parsed}”与其他行重复，必须唯一")])
            except ValidationError as exc:
                self.rejected.emit(str(exc))
                return False
            if record.get(column.key) == parsed:
                return True
            record[column.key] = parsed
        else:
            return False
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True


def record_table(model: RecordTableModel, stretch_column: int | None = None) -> QTableView:
    """Keyboard editing: typing starts an edit, Enter commits and moves on (the view's defaults), F2 edits."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.AnyKeyPressed
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.DoubleClicked
    )
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setDefaultSectionSize(110)
    if stretch_column is not None:
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    return view
