"""落后指标、退步指标 of the month for 督查 and 约谈, with the chosen indicator's history as a rank chart."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.models.district.indicators import OWN, Indicator, read_indicators, read_peers
from app.models.district.reports import history as district_history
from app.models.district.reports import month_reports
from app.models.district.status import TALK_AFTER, flag_text, month_flags
from app.ui.district.chart import RankChart, Series
from app.ui.shell.session import Session
from app.ui.widgets.table_model import ROW_ROLE, AnyIndex, RowTableModel
from app.ui.widgets.tables import fit_columns, list_table

TALK_COLOUR = QColor("#f4a3a3")
WATCH_COLOUR = QColor("#ffe08a")


@dataclass(frozen=True)
class FlagLine:
    indicator: Indicator
    rank: str  # 本月排名 as shown (预估 marked)
    kinds: str  # 落后指标、退步指标 (empty: not flagged)
    facts: str
    action: str  # 跟踪督查 / 提请约谈（…）
    talk: bool


class FlagsModel(RowTableModel):
    F_NAME, F_LEAD, F_RANK, F_KIND, F_FACTS, F_ACTION = range(6)
    HEADERS = ("考绩指标", "牵头单位", "本月排名", "类别", "情况", "措施")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[FlagLine] = []

    def line(self, row: int) -> FlagLine:
        return self._rows[row]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        line = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                line.indicator.name,
                line.indicator.lead_unit or "",
                line.rank,
                line.kinds or "—",
                line.facts,
                line.action if line.kinds else "",
            )[column]
        if role == ROW_ROLE:
            return line
        if role == Qt.ItemDataRole.BackgroundRole and line.kinds:
            return QBrush(TALK_COLOUR if line.talk else WATCH_COLOUR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.F_RANK:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class FlagsTab(QWidget):
    """The month's indicators, flagged ones first; the current row's history as a chart."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.month = ""
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = FlagsModel(self)
        self.view = list_table(self.model, parent=self)
        self.chart = RankChart(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 3)
        layout.addWidget(self.chart, 2)
        self.view.selectionModel().currentRowChanged.connect(self._show_chart)

    def refresh(self, month: str) -> None:
        self.month = month
        year = self.session.year
        if year is None or not month:
            self.model.replace_rows([])
            self.chart.set_data("", [], [])
            return
        db = self.session.db
        indicators = {i.id: i for i in read_indicators(db, year)}
        reports = month_reports(db, year, month)
        lines = []
        for flag in month_flags(db, year, month):
            kinds, facts, action = flag_text(flag)
            report = reports[flag.indicator]
            rank = "" if flag.rank is None else f"第{flag.rank}位" + ("（预估）" if report.estimated else "")
            lines.append(FlagLine(indicators[flag.indicator], rank, kinds, facts, action, flag.talk(TALK_AFTER)))
        lines.sort(key=lambda line: (not line.kinds, not line.talk))
        self.model.replace_rows(lines)
        flagged = [line for line in lines if line.kinds]
        talks = [line for line in flagged if line.talk]
        self.summary.setText(
            f"{month[:4]}年{int(month[5:])}月：报送 {len(lines)} 项，落后、退步指标 {len(flagged)} 项"
            f"（跟踪督查），其中提请约谈 {len(talks)} 项。"
            "对于多次排名靠后或督查后仍未见起效的，提请区委、区政府主要领导进行约谈。"
        )
        fit_columns(self.view)
        if lines:
            self.view.setCurrentIndex(self.model.index(0, 0))
        self._show_chart()

    def _show_chart(self, *_args: object) -> None:
        year = self.session.year
        index = self.view.currentIndex()
        if year is None or not index.isValid():
            self.chart.set_data("", [], [])
            return
        indicator = self.model.line(index.row()).indicator
        history = [r for r in district_history(self.session.db, year, indicator.id) if r.month <= self.month]
        months = [r.month for r in history]
        peers = read_peers(self.session.db, year)
        series = [Series(OWN, tuple(r.rank for r in history), own=True)]
        series += [Series(p, tuple(r.peer_ranks.get(p) for r in history)) for p in peers]
        self.chart.set_data(f"{indicator.name}：逐月排名（第1位在上）", months, series)
