"""The scan page's tables: every page of this session's scans and its state; the test deck, mark by mark."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.models.scanning.pending import EMPTY, INCOMPLETE, REVIEW
from app.ui.widgets.table_model import ROW_ROLE, AnyIndex, RowTableModel

FORM_NAMES = {
    "democratic": "民主测评表",
    "leaders": "附件4 评分表",
    "heads": "附件5 评分表",
    "leader-ratings": "领导评价计分表",
}
STATUS_NAMES = {
    "read": "已识读",
    "duplicate": "重复",
    "unreadable": "无法识读",
    "wrong_layout": "版式不符",
    "not_a_ballot": "不是选票",
}
WAITING = {REVIEW: "待复核", INCOMPLETE: "缺页，待处理", EMPTY: "无标记，待处理"}
PROBLEM = QColor(255, 224, 224)
ATTENTION = QColor(255, 245, 200)


@dataclass(frozen=True)
class PageRow:
    file: str
    page: int
    form: str
    serial: str
    state: str
    note: str
    problem: bool = False
    attention: bool = False


def page_rows(result, took) -> list[PageRow]:
    """One row per page of a scan, after it was taken in (`took` None: nothing was stored)."""
    waiting = {id(r): b.waiting for b in result.ballots for r in b.pages.values()}
    incomplete = {id(r): b for b in result.ballots if not b.complete for r in b.pages.values()}
    sheets = {id(r) for s in result.sheets for r in s.pages.values()}
    rows = []
    for entry in result.pages:
        reading, status = entry.reading, entry.status
        code = reading.code if status == "read" else None
        form = "测试票" if reading.test else FORM_NAMES.get(code.form, "") if code else ""
        state, note, problem, attention = STATUS_NAMES.get(status, status), entry.reason, False, False
        if reading.taken:
            state = "此前已处理"
        elif reading.blank:
            state, note = "空白页", "已跳过"
        elif status != "read":
            problem = True
        elif reading.test:
            state, note = "测试票", "不保存，见“测试票报告”"
        elif id(reading) in sheets:
            state, note = "待录入", "在录入页对照图像录入分值"
        elif waiting.get(id(reading)):
            state, attention = WAITING[waiting[id(reading)]], True
            if id(reading) in incomplete:
                note = "缺第 " + "、".join(map(str, incomplete[id(reading)].missing)) + " 页"
        elif took is not None and entry.serial is not None:
            state = "已保存"
        page = f"{code.page}/{code.pages}" if code else ""
        serial = str(entry.serial) if entry.serial is not None else ""
        rows.append(
            PageRow(
                reading.ref.name,
                reading.ref.index + 1,
                f"{form} {page}".strip(),
                serial,
                state,
                note,
                problem,
                attention,
            )
        )
    return rows


class PagesModel(RowTableModel):
    HEADERS = ("文件", "页", "表", "编号", "状态", "说明")

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row: PageRow = self._rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.file, str(row.page), row.form, row.serial, row.state, row.note)[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return PROBLEM if row.problem else ATTENTION if row.attention else None
        return None

    def add(self, rows: list[PageRow]) -> None:
        """A later scan's pages go on top: the newest first."""
        self.replace_rows([*rows, *self._rows])


@dataclass(frozen=True)
class DeckRow:
    variant: int
    row: int  # 1-based, ballot order
    cadre: str  # name (id)
    printed: str
    read: str
    ok: bool


def deck_rows(tests, names: dict[str, str]) -> list[DeckRow]:
    return [
        DeckRow(
            test.variant, c.index + 1, f"{names.get(c.key, c.key)}（{c.key}）", c.describe(), c.describe(True), c.ok
        )
        for test in tests
        for c in test.checks
    ]


class DeckModel(RowTableModel):
    HEADERS = ("测试票", "行", "干部", "印的是", "读成", "结果")

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row: DeckRow = self._rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            result = "正确" if row.ok else "不符"
            return (str(row.variant), str(row.row), row.cadre, row.printed, row.read, result)[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and not row.ok:
            return PROBLEM
        return None
