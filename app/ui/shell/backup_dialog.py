"""备份与恢复: the copies of the open file, newest first, with what each holds; back up now or restore one.

Restoring asks first, and the current content is itself backed up before it is replaced (see
app/models/backup.py). The same dialog serves a file that cannot be opened at all (damaged, foreign,
newer): then the file is copied aside byte for byte and the chosen backup is put in its place.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.models.backup import (
    BackupInfo,
    BackupKind,
    backup_folder,
    list_backups,
    make_backup,
    restore_into,
    restore_over_damaged,
)
from app.models.db import Database
from app.models.errors import AppraisalError
from app.ui.widgets import ask
from app.ui.widgets.table_model import ROW_ROLE, AnyIndex, RowTableModel
from app.ui.widgets.tables import list_table

APP_TITLE = "考评通"
COL_TIME, COL_KIND, COL_CONTENT, COL_SIZE = range(4)
HEADERS = ("备份时间", "类型", "内容（年度、已录入评分票）", "大小")


def human_size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, size // 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class BackupListModel(RowTableModel):
    HEADERS = HEADERS

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == COL_TIME:
                return f"{row.made_at:%Y-%m-%d %H:%M:%S}"
            if column == COL_KIND:
                return row.kind.label
            if column == COL_CONTENT:
                return row.describe()
            if column == COL_SIZE:
                return human_size(row.size)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.path}\n{row.note}".strip()
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COL_SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class BackupTable(QTableView):
    """Enter restores the selected copy (like double-click)."""

    def __init__(self, on_enter: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._on_enter = on_enter

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_enter()
            return
        super().keyPressEvent(event)


class BackupDialog(QDialog):
    """`db` given: the open file (back up now, restore into it). `db` None: a file that cannot be opened."""

    def __init__(
        self,
        db_path: str | Path,
        db: Database | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("backupDialog")
        self.db_path = Path(db_path)
        self.db = db
        self.restored: BackupInfo | None = None
        self.setWindowTitle(f"备份与恢复 — {self.db_path.name}")

        layout = QVBoxLayout(self)
        intro = QLabel(
            "打开文件时、每次导入（合并）前、审定锁定前，程序都会自动备份；也可以随时手动备份。"
            "恢复备份前，当前内容会先另存为一个备份，不会丢失。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = BackupListModel(self)
        self.table = list_table(self.model, BackupTable(self.restore_selected), stretch_last=False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_CONTENT, QHeaderView.ResizeMode.Stretch)
        for column in (COL_TIME, COL_KIND, COL_SIZE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        layout.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        buttons = QDialogButtonBox()
        self.backup_button = buttons.addButton("立即备份(&B)", QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button = buttons.addButton("恢复所选备份(&R)", QDialogButtonBox.ButtonRole.ActionRole)
        folder_button = buttons.addButton("打开备份文件夹(&F)", QDialogButtonBox.ButtonRole.ActionRole)
        close_button = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.backup_button.clicked.connect(self.backup_now)
        self.backup_button.setToolTip("立即备份当前文件（Ctrl+B）")
        backup_shortcut = QAction(self)
        backup_shortcut.setShortcut(QKeySequence("Ctrl+B"))
        backup_shortcut.triggered.connect(self.backup_now)
        self.addAction(backup_shortcut)
        self.restore_button.clicked.connect(self.restore_selected)
        folder_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(backup_folder(self.db_path))))
        )
        close_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        writable = db is None or not db.readonly
        self.backup_button.setEnabled(db is not None and not db.readonly)
        self.restore_button.setEnabled(writable)
        if db is not None and db.readonly:
            self.status.setText("文件以只读方式打开：可以查看备份，不能备份或恢复。")
        self.resize(900, 420)
        self.reload()

    def reload(self) -> None:
        self.model.replace_rows(list_backups(self.db_path))
        if self.model.rowCount():
            self.table.selectRow(0)
        elif not self.status.text():
            self.status.setText("这个文件还没有备份。")
        self.table.setFocus()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def confirm(self, text: str) -> bool:
        return ask.choose(self, APP_TITLE, text, ["确定", "取消"]) == 0

    def inform(self, text: str) -> None:
        ask.inform(self, APP_TITLE, text)

    def backup_now(self) -> None:
        if self.db is None or self.db.readonly:
            return
        try:
            info = make_backup(self.db, BackupKind.MANUAL)
        except (AppraisalError, OSError) as exc:
            self.inform(f"备份失败：{exc}")
            return
        self.reload()
        self.status.setText(f"已备份：{info.path}")

    def restore_selected(self) -> None:
        info = self.selected()
        if info is None or not self.restore_button.isEnabled():
            return
        if info.kind == BackupKind.DAMAGED:
            self.inform("这是损坏文件的原样副本，供维护人员检查，不能用来恢复。")
            return
        question = (
            f"用 {info.made_at:%Y-%m-%d %H:%M:%S} 的备份（{info.describe()}）替换文件 {self.db_path.name} 的当前内容？\n\n"
            + (
                "当前内容会先另存为一个备份（“恢复前的原文件”），需要时可以再恢复回来。"
                if self.db is not None
                else "无法打开的原文件会先原样复制到备份文件夹，不会删除。"
            )
        )
        if not self.confirm(question):
            return
        try:
            if self.db is not None:
                restore_into(self.db, info)
            else:
                restore_over_damaged(self.db_path, info)
        except (AppraisalError, OSError) as exc:
            self.inform(f"恢复失败，文件未被修改：{exc}")
            return
        self.restored = info
        self.accept()
