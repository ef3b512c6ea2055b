"""The year's 市对区考绩指标: lead unit, 考核主要内容, 年终承诺目标 and the 线上对接人员, edited in place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.models.district.entry import split_names
from app.models.district.indicators import (
    Indicator,
    delete_indicator,
    next_indicator_id,
    read_indicators,
    read_peers,
    save_indicator,
    set_peers,
)
from app.ui.shell.session import Session
from app.ui.widgets.entry_table import EntryTableView
from app.ui.widgets.messages import MessageLine, write_or_refuse
from app.ui.widgets.table_model import ROW_ROLE, AnyIndex, RowTableModel
from app.ui.widgets.tables import fit_columns

FIELDS = ("id", "name", "lead_unit", "content", "target", "liaison")


class IndicatorsModel(RowTableModel):
    C_ID, C_NAME, C_LEAD, C_CONTENT, C_TARGET, C_LIAISON = range(6)
    HEADERS = ("序号", "考绩指标", "牵头单位", "考核主要内容", "年终承诺目标", "线上对接人员")

    def __init__(self, commit: Callable[[Indicator, str, str], bool], parent: Any = None) -> None:
        super().__init__(parent)
        self.commit = commit
        self._rows: list[Indicator] = []
        self.last_edit_ok = True

    def row_key(self, row: Indicator) -> object:
        return row.id

    def row(self, index: int) -> Indicator:
        return self._rows[index]

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.isValid() and index.column() != self.C_ID else base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        indicator = self._rows[index.row()]
        if index.column() == self.C_ID:  # the list's order, as the 附1 table numbers it; the file's id on hover
            if role == Qt.ItemDataRole.DisplayRole:
                return str(index.row() + 1)
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"年度数据文件中的指标编号：{indicator.id}"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return getattr(indicator, FIELDS[index.column()]) or ""
        if role == ROW_ROLE:
            return indicator
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() == self.C_ID:
            return False
        self.last_edit_ok = self.commit(self._rows[index.row()], FIELDS[index.column()], str(value))
        return self.last_edit_ok


class IndicatorsTab(QWidget):
    """The indicators (edit a cell in place; the form below adds one) and the peer districts compared with."""

    def __init__(self, session: Session, message: MessageLine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.message = message
        self.model = IndicatorsModel(self.commit)
        self.view = EntryTableView(self)
        self.view.setModel(self.model)
        self.view.installEventFilter(self)
        self.fields = {key: QLineEdit() for key in FIELDS[1:]}
        for key, placeholder in zip(FIELDS[1:], IndicatorsModel.HEADERS[1:], strict=True):
            self.fields[key].setPlaceholderText(placeholder)
            self.fields[key].returnPressed.connect(self.add)
        self.add_button = QPushButton("添加指标（Enter）")
        self.add_button.clicked.connect(self.add)
        self.peers = QLineEdit()
        self.peers.setPlaceholderText("鹿城区、瓯海区")
        self.peers.returnPressed.connect(self.save_peers)
        self.peers_button = QPushButton("保存比较区")
        self.peers_button.clicked.connect(self.save_peers)

        form = QHBoxLayout()
        for widget in self.fields.values():
            form.addWidget(widget)
        form.addWidget(self.add_button)
        peers = QHBoxLayout()
        peers.addWidget(QLabel("目前三区比较情况：本区与"))
        peers.addWidget(self.peers, 1)
        peers.addWidget(QLabel("相比（区名以顿号分隔）"))
        peers.addWidget(self.peers_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(peers)
        layout.addWidget(self.view, 1)
        layout.addLayout(form)
        hint = QLabel("单元格内直接修改（回车保存）；选中一行按 Delete 删除尚无月度进展和加减分事项的指标。")
        hint.setStyleSheet("color: #666;")
        layout.addWidget(hint)

    def refresh(self) -> None:
        year = self.session.year
        if year is None:
            self.model.replace_rows([])
            return
        self.model.replace_rows(read_indicators(self.session.db, year))
        self.peers.setText("、".join(read_peers(self.session.db, year)))
        fit_columns(self.view)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.view
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Delete
            and self.view.state() != QAbstractItemView.State.EditingState
        ):
            self.delete_current()
            return True
        return super().eventFilter(watched, event)

    def commit(self, indicator: Indicator, key: str, value: str) -> bool:
        year = self.session.year
        if year is None:
            return False
        changed = replace(indicator, **{key: value})
        ok, _ = write_or_refuse(
            self.session,
            self.message,
            f"市对区考绩指标“{indicator.name}”",
            lambda conn: save_indicator(conn, year, changed),
        )
        return ok

    def add(self) -> None:
        year = self.session.year
        if year is None:
            return
        values = {key: widget.text() for key, widget in self.fields.items()}
        indicator = Indicator(next_indicator_id(self.session.db, year), **values)
        ok, _ = write_or_refuse(
            self.session,
            self.message,
            f"添加市对区考绩指标“{values['name']}”",
            lambda conn: save_indicator(conn, year, indicator),
        )
        if ok:
            for widget in self.fields.values():
                widget.clear()
            self.fields["name"].setFocus()

    def delete_current(self) -> None:
        year = self.session.year
        index = self.view.currentIndex()
        if year is None or not index.isValid():
            return
        indicator = self.model.row(index.row())
        write_or_refuse(
            self.session,
            self.message,
            f"删除市对区考绩指标“{indicator.name}”",
            lambda conn: delete_indicator(conn, year, indicator.id),
        )

    def save_peers(self) -> None:
        year = self.session.year
        if year is None:
            return
        names = split_names(self.peers.text())
        write_or_refuse(
            self.session,
            self.message,
            f"比较区：{'、'.join(names)}",
            lambda conn: set_peers(conn, year, names),
        )
