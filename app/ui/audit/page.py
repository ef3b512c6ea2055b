"""操作记录: every committed change (time, year, reason, source, what it touched, old → new in Chinese — item
titles, category and cadre names, never the file's codes), filtered by year / unit / cadre / date, and undo and
redo of the year's last change (编辑 ▸ 撤销 Ctrl+Z, 重做 Ctrl+Y).

Reading, describing and undoing are in app/models/audit.py; undo is one new audited change recorded with
`changes.undoes`. A focused text field keeps its own Ctrl+Z (Qt gives the field the shortcut first).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.models import audit
from app.models.audit_words import Words
from app.ui.audit.undo import redo_last_undo, undo_last_change
from app.ui.shell.page import Page
from app.ui.shell.session import Session
from app.ui.widgets.messages import MessageLine
from app.ui.widgets.table_model import ROW_ROLE, AnyIndex
from app.ui.widgets.tables import list_table

A_ID, A_AT, A_YEAR, A_REASON, A_SOURCE, A_TABLES, A_ROWS, A_STATE = range(8)
HEADERS = ("编号", "时间", "年度", "操作", "来源", "涉及", "行数", "状态")
SOURCE_NAMES = {
    "gui": "窗口",
    "undo": "撤销",
    "redo": "重做",
    "import": "导入",
    "demo": "示例",
    "system": "系统",
    "scheme": "方案",
    "cli": "命令行",
    "scan": "扫描",
}
FILE_SOURCES = {"import": "导入", "batch": "合并"}  # "import:2018.json": read from that file


def source_text(source: str | None) -> str:
    """Where a change came from, in words: 窗口, 导入 2018.json (never the stored code)."""
    kind, colon, name = (source or "").partition(":")
    if colon and kind in FILE_SOURCES:
        return f"{FILE_SOURCES[kind]} {name}"
    return SOURCE_NAMES.get(source or "", source or "")


UNDONE_BRUSH = QBrush(QColor("#e2e2e2"))
UNDO_BRUSH = QBrush(QColor("#d9e9fb"))
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def state_text(change: audit.Change) -> str:
    if change.undone_by is not None:
        return f"已撤销（第 {change.undone_by} 号）"
    if change.undoes is not None:
        verb = "重做" if change.source == audit.REDO_SOURCE else "撤销"
        return f"{verb}了第 {change.undoes} 号"
    return ""


class ChangesModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[audit.Change] = []

    def set_changes(self, changes: Sequence[audit.Change]) -> None:
        self.beginResetModel()
        self._rows = list(changes)
        self.endResetModel()

    def change_at(self, row: int) -> audit.Change | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        change = self._rows[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return change
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                A_ID: str(change.id),
                A_AT: change.at[:19].replace("T", " "),
                A_YEAR: "、".join(str(y) for y in change.years),
                A_REASON: change.reason,
                A_SOURCE: source_text(change.source),
                A_TABLES: change.table_names,
                A_ROWS: str(change.row_count),
                A_STATE: state_text(change),
            }.get(column)
        if role == Qt.ItemDataRole.BackgroundRole:
            if change.undone_by is not None:
                return UNDONE_BRUSH
            if change.undoes is not None:
                return UNDO_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole and column == A_REASON:
            return change.reason
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (A_ID, A_ROWS, A_YEAR):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class AuditPage(Page):
    title = "操作记录"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.year_filter = QComboBox()
        self.year_filter.setObjectName("auditYear")
        self.unit_filter = QComboBox()
        self.unit_filter.setObjectName("auditUnit")
        self.cadre_filter = QLineEdit()
        self.cadre_filter.setObjectName("auditCadre")
        self.cadre_filter.setPlaceholderText("姓名或编号")
        self.since_edit = QLineEdit()
        self.since_edit.setObjectName("auditSince")
        self.since_edit.setPlaceholderText("YYYY-MM-DD")
        self.until_edit = QLineEdit()
        self.until_edit.setObjectName("auditUntil")
        self.until_edit.setPlaceholderText("YYYY-MM-DD")
        for edit in (self.cadre_filter, self.since_edit, self.until_edit):
            edit.returnPressed.connect(self.refresh)
        self.unit_filter.activated.connect(lambda _i: self.refresh())
        self.year_filter.activated.connect(lambda _i: self.refresh())
        self.filter_button = QPushButton("筛选(&L)")
        self.filter_button.clicked.connect(self.refresh)
        self.undo_button = QPushButton("撤销本年度最近一次操作（Ctrl+Z）")
        self.undo_button.clicked.connect(self.undo)
        self.redo_button = QPushButton("重做（Ctrl+Y）")
        self.redo_button.clicked.connect(self.redo)

        bar = QHBoxLayout()
        for text, widget in (
            ("年度(&N)：", self.year_filter),
            ("科室(&U)：", self.unit_filter),
            ("干部(&C)：", self.cadre_filter),
            ("从(&D)：", self.since_edit),
            ("到：", self.until_edit),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            bar.addWidget(label)
            bar.addWidget(widget)
        bar.addWidget(self.filter_button)
        bar.addStretch(1)
        bar.addWidget(self.undo_button)
        bar.addWidget(self.redo_button)

        self.model = ChangesModel(self)
        self.view = list_table(self.model, wrap=False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in (
            (A_ID, 50),
            (A_AT, 150),
            (A_YEAR, 50),
            (A_REASON, 330),
            (A_SOURCE, 110),
            (A_TABLES, 220),
            (A_ROWS, 50),
        ):
            self.view.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        self.view.selectionModel().currentRowChanged.connect(self._change_chosen)
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("auditDetail")
        self.detail.setReadOnly(True)
        self.message = MessageLine()
        self.message.setObjectName("auditMessage")
        self.words = Words(session.db)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setSizes([420, 260])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        self.count_label = QLabel()
        self.count_label.setObjectName("auditCount")
        layout.addWidget(self.count_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)

    # --- reading -------------------------------------------------------------------------------

    def _fill_units(self) -> None:
        current = self.unit_filter.currentData()
        self.unit_filter.blockSignals(True)
        self.unit_filter.clear()
        self.unit_filter.addItem("全部科室", None)
        scheme = self.session.scheme()
        for unit in scheme.units if scheme is not None else ():
            self.unit_filter.addItem(unit.name, unit.name)
        index = self.unit_filter.findData(current) if current is not None else 0
        self.unit_filter.setCurrentIndex(max(index, 0))
        self.unit_filter.blockSignals(False)

    def _fill_years(self) -> None:
        current = self.year_filter.currentData()
        self.year_filter.blockSignals(True)
        self.year_filter.clear()
        self.year_filter.addItem("本年度", "current")
        self.year_filter.addItem("全部年度", "all")
        for info in reversed(self.session.years()):
            self.year_filter.addItem(f"{info.year} 年度", info.year)
        index = self.year_filter.findData(current) if current is not None else 0
        self.year_filter.setCurrentIndex(max(index, 0))
        self.year_filter.blockSignals(False)

    def chosen_year(self) -> int | None:
        """The year whose changes are listed (None: every year)."""
        data = self.year_filter.currentData()
        if data == "all":
            return None
        return self.session.year if data in (None, "current") else int(data)

    def refresh(self) -> None:
        self.words = Words(self.session.db)  # names may have changed (a cadre renamed, a scheme edited)
        self._fill_years()
        self._fill_units()
        since, until = self.since_edit.text().strip(), self.until_edit.text().strip()
        for text, name in ((since, "起始日期"), (until, "截止日期")):
            if text and not DATE.match(text):
                self.show_message(f"{name}“{text}”格式不对，请按 2018-01-31 的格式填写。", error=True)
                return
        changes = audit.list_changes(
            self.session.db,
            year=self.chosen_year(),
            unit=self.unit_filter.currentData(),
            cadre=self.cadre_filter.text(),
            since=since or None,
            until=until or None,
        )
        chosen = self.model.change_at(self.view.currentIndex().row())
        self.model.set_changes(changes)
        year = self.chosen_year()
        scope = f"{year} 年度" if year is not None else "全部年度"
        self.count_label.setText(f"{scope}共 {len(changes)} 次操作（最新在上）。")
        if changes:
            # Keep the change the clerk was reading; otherwise the newest.
            row = next((i for i, c in enumerate(changes) if chosen is not None and c.id == chosen.id), 0)
            self.view.setCurrentIndex(self.model.index(row, A_REASON))
        else:
            self.detail.clear()

    def _change_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        change = self.model.change_at(current.row())
        if change is None:
            self.detail.clear()
            return
        rows = audit.change_rows(self.session.db, change.id, limit=audit.MAX_ROWS_SHOWN)
        lines = [f"{change.at[:19].replace('T', ' ')}  {change.reason}  （{source_text(change.source)}）"]
        lines += [f"  {audit.describe(row, self.words)}" for row in rows]
        if change.row_count > len(rows):
            lines.append(f"  ……另有 {change.row_count - len(rows)} 行")
        self.detail.setPlainText("\n".join(lines))

    # --- undo ----------------------------------------------------------------------------------

    def undo(self) -> bool:
        return undo_last_change(self.session, self, self.show_message)

    def redo(self) -> bool:
        return redo_last_undo(self.session, self, self.show_message)

    def show_message(self, text: str, error: bool) -> None:
        if error:
            self.message.error(text)
        else:
            self.message.ok(text)
