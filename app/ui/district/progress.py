"""The month's 附1 progress table (2015年市对区考绩指标进展情况表), keyed from the paper forms the units send.

Keyboard: type a rank and Enter (moves down); Tab moves right; Space toggles 预估 and the two signatures (one
keystroke per mark); the 报送日期 takes "12" (that day of the month) or "9-12"; Delete clears a cell.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QVBoxLayout, QWidget

from app.models.district.entry import parse_rank, parse_submitted
from app.models.district.indicators import Indicator, read_indicators, read_peers
from app.models.district.reports import Report, month_reports, save_report
from app.models.district.reports import Report as district_Report
from app.models.district.status import MonthStatus, month_flags, month_status
from app.models.district.wording import comparison_text
from app.models.errors import ValidationError
from app.ui.district.columns import arrange_columns
from app.ui.shell.session import Session
from app.ui.widgets.entry_table import EntryTableView
from app.ui.widgets.messages import MessageLine, error_text, write_or_refuse
from app.ui.widgets.table_model import ROW_ROLE, AnyIndex, RowTableModel

MISSING_COLOUR = QColor("#ffe08a")
DONE_COLOUR = QColor("#d7f0d2")
FLAG_COLOUR = QColor("#f8c4c4")

# Column keys; the peers' columns sit between 预估 and 目前三区比较情况.
NO, NAME, CONTENT, RANK, ESTIMATED = "no", "name", "content", "rank", "estimated"
COMPARE, TARGET, PROGRESS, SIGNED, LEADER_SIGNED, SUBMITTED, MISSING = (
    "compare",
    "target",
    "progress",
    "signed",
    "leader_signed",
    "submitted",
    "missing",
)
# The seed's words; the narrow columns' headers break into lines so that the 14 columns fit a laptop's width.
HEADERS = {
    NO: "序号",
    NAME: "考绩指标",
    CONTENT: "考核主要内容",
    RANK: "最新排名\n（或预估\n排名）",
    ESTIMATED: "预估",
    COMPARE: "目前三区比较情况",
    TARGET: "年终承诺\n目标",
    PROGRESS: "进展情况",
    SIGNED: "单位主要\n负责人\n签字",
    LEADER_SIGNED: "区分管\n领导\n审签",
    SUBMITTED: "报送日期",
    MISSING: "尚缺",
}
BOOL_KEYS = (ESTIMATED, SIGNED, LEADER_SIGNED)
EDITABLE = (RANK, PROGRESS, SUBMITTED)


@dataclass(frozen=True)
class ProgressLine:
    number: int
    indicator: Indicator
    report: Report | None
    missing: tuple[str, ...]
    flagged: bool


class ProgressModel(RowTableModel):
    """One row per indicator; an edited cell goes to `commit(line, key, value)` which writes it (or refuses)."""

    def __init__(self, commit: Callable[[ProgressLine, str, Any], bool], parent: Any = None) -> None:
        super().__init__(parent)
        self.commit = commit
        self.peers: list[str] = []
        self.keys: list[str] = []
        self._rows: list[ProgressLine] = []
        self.last_edit_ok = True
        self.set_peers([])

    def set_peers(self, peers: Sequence[str]) -> None:
        self.peers = list(peers)
        self.keys = [NO, NAME, CONTENT, RANK, ESTIMATED, *(f"peer:{p}" for p in self.peers)]
        self.keys += [COMPARE, TARGET, PROGRESS, SIGNED, LEADER_SIGNED, SUBMITTED, MISSING]

    def row_key(self, row: ProgressLine) -> object:
        return row.indicator.id

    def show_month(self, peers: Sequence[str], lines: Sequence[ProgressLine]) -> bool:
        """Same peers: `replace_rows` (same indicators update in place, so the cursor stays where the clerk is
        keying). Other peers are other columns: a reset. True when the table was rebuilt (columns to size)."""
        if list(peers) == self.peers:
            return self.replace_rows(lines)
        self.beginResetModel()
        self.set_peers(peers)
        self._rows = list(lines)
        self.endResetModel()
        return True

    def column(self, key: str) -> int:
        return self.keys.index(key)

    def line(self, row: int) -> ProgressLine:
        return self._rows[row]

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.keys)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            key = self.keys[section]
            return f"{key[5:]}\n排名" if key.startswith("peer:") else HEADERS[key]
        return None

    def is_editable(self, key: str) -> bool:
        return key in EDITABLE or key.startswith("peer:")

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and self.is_editable(self.keys[index.column()]):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def text(self, line: ProgressLine, key: str) -> str:
        report = line.report
        if key == NO:
            return str(line.number)
        if key == NAME:
            return line.indicator.name
        if key == CONTENT:
            return line.indicator.content or ""
        if key == TARGET:
            return line.indicator.target or ""
        if key == MISSING:
            return "、".join(line.missing)
        if report is None:
            return ""
        if key == RANK:
            return "" if report.rank is None else str(report.rank)
        if key.startswith("peer:"):
            rank = report.peer_ranks.get(key[5:])
            return "" if rank is None else str(rank)
        if key == COMPARE:
            return comparison_text(report, self.peers)
        if key == PROGRESS:
            return report.progress or ""
        if key in BOOL_KEYS:
            return "✓" if getattr(report, key) else ""
        if key == SUBMITTED:
            return report.submitted or ""
        return ""

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        line = self._rows[index.row()]
        key = self.keys[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.text(line, key)
        if role == ROW_ROLE:
            return line
        if role == Qt.ItemDataRole.TextAlignmentRole and (key in (NO, RANK, *BOOL_KEYS) or key.startswith("peer:")):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if key == MISSING and line.missing:
                return QBrush(MISSING_COLOUR)
            if key == NAME and line.flagged:
                return QBrush(FLAG_COLOUR)
            if key in BOOL_KEYS[1:] and line.report is not None and not getattr(line.report, key):
                return QBrush(MISSING_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole and key == MISSING and line.missing:
            return "；".join(line.missing)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        key = self.keys[index.column()]
        if not (self.is_editable(key) or key in BOOL_KEYS):
            return False
        self.last_edit_ok = self.commit(self._rows[index.row()], key, value)
        return self.last_edit_ok


class ProgressView(EntryTableView):
    """EntryTableView plus one keystroke per mark: Space (or Y / N) sets 预估 and the signatures."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        current = self.currentIndex()
        model = self.model()
        if current.isValid() and isinstance(model, ProgressModel) and self.state() != self.State.EditingState:
            key = model.keys[current.column()]
            if key in BOOL_KEYS:
                line = model.line(current.row())
                now = bool(line.report is not None and getattr(line.report, key))
                wanted = {Qt.Key.Key_Space: not now, Qt.Key.Key_Y: True, Qt.Key.Key_N: False}.get(Qt.Key(event.key()))
                if wanted is not None:
                    model.setData(current, wanted, Qt.ItemDataRole.EditRole)
                    self.setCurrentIndex(model.index(current.row(), current.column()))
                    return
                if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    below = current.sibling(current.row() + 1, current.column())
                    if below.isValid():
                        self.setCurrentIndex(below)
                    return
        super().keyPressEvent(event)


def make_progress_view(model: ProgressModel, parent: QWidget | None = None) -> ProgressView:
    view = ProgressView(parent)
    view.setModel(model)
    view.setWordWrap(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(False)
    return view


class ProgressTab(QWidget):
    """The month's deadlines and what is missing, above the 附1 table."""

    def __init__(self, session: Session, message: MessageLine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.message = message
        self.month = ""
        self.today: Callable[[], date] = date.today
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.model = ProgressModel(self.commit)
        self.view = make_progress_view(self.model, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        hint = QLabel(
            "键入排名后回车（下移），Tab 右移；预估、签字列按空格（或 Y / N）；报送日期键入“12”或“9-12”；Delete 清除。"
        )
        hint.setStyleSheet("color: #666;")
        layout.addWidget(hint)

    def refresh(self, month: str) -> None:
        self.month = month
        year = self.session.year
        if year is None or not month:
            self.model.show_month([], [])
            self.status.setText("")
            return
        db = self.session.db
        peers = read_peers(db, year)
        reports = month_reports(db, year, month)
        status = month_status(db, year, month, self.today())
        missing = {m.indicator.id: m.what for m in status.missing}
        flagged = {f.indicator for f in month_flags(db, year, month) if f.flagged}
        lines = [
            ProgressLine(
                n, indicator, reports.get(indicator.id), missing.get(indicator.id, ()), indicator.id in flagged
            )
            for n, indicator in enumerate(read_indicators(db, year), start=1)
        ]
        rebuilt = self.model.show_month(peers, lines)
        self.status.setText(status_html(status))
        if rebuilt:
            column = self.model.column
            arrange_columns(
                self.view,
                caps={column(NAME): 9, column(CONTENT): 6, column(TARGET): 5, column(MISSING): 7},
                stretch=[column(COMPARE), column(PROGRESS)],
            )
        current = self.view.currentIndex()
        if rebuilt or not current.isValid():
            self.view.resizeRowsToContents()
        else:
            self.view.resizeRowToContents(current.row())

    def commit(self, line: ProgressLine, key: str, value: Any) -> bool:
        year = self.session.year
        if year is None:
            return False
        report = line.report or district_Report(line.indicator.id, self.month)
        name = line.indicator.name
        try:
            if key == RANK:
                report = replace(report, rank=parse_rank(str(value), f"{name} 排名"))
            elif key.startswith("peer:"):
                peer = key[5:]
                ranks = dict(report.peer_ranks)
                rank = parse_rank(str(value), f"{name} {peer}排名")
                if rank is None:
                    ranks.pop(peer, None)
                else:
                    ranks[peer] = rank
                report = replace(report, peer_ranks=ranks)
            elif key == PROGRESS:
                report = replace(report, progress=str(value).strip() or None)
            elif key == SUBMITTED:
                report = replace(report, submitted=parse_submitted(str(value), self.month))
            elif key in BOOL_KEYS:
                report = replace(report, **{key: bool(value)})
        except ValidationError as exc:
            self.message.error(error_text(exc))
            return False
        label = HEADERS.get(key, key[5:] + "排名").replace("\n", "")
        ok, _ = write_or_refuse(
            self.session,
            self.message,
            f"{self.month} 市对区考绩进展：{name} {label}",
            lambda conn: save_report(conn, year, report),
        )
        return ok


def status_html(status: MonthStatus) -> str:
    head = status.headline()
    if not status.missing:
        return f"<b>{head}</b>；本月各指标已全部报齐。"
    urgent = status.days_to_district_deadline >= 0
    colour = "#b00020" if urgent else "#666"
    items = "；".join(
        f"{m.indicator.name}（{m.indicator.lead_unit or '未定牵头单位'}）：{'、'.join(m.what)}" for m in status.missing
    )
    return f"<b>{head}</b><br><span style='color:{colour}'>尚缺 {len(status.missing)} 项 — {items}</span>"
