"""领导评价录入: one leadership member's sheet at a time, cadres in ballot order × 德能勤绩廉 (6 each)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from app.models.ballots import (
    GridLayout,
    KeyingError,
    check_rating_scores,
    commit_leader_sheet,
    leader_layout,
    leader_raters,
    read_leader_ratings,
    subtotal,
)
from app.models.errors import AppraisalError
from app.models.store import dec_str
from app.ui.keying.grid import ScoreGridModel, ScoreGridView
from app.ui.page import Page
from app.ui.session import Session


class LeaderRatingsPage(Page):
    title = "领导评价录入"
    help_text = (
        "每位班子成员一张表：先选打分人编号，再按表上顺序录入德、能、勤、绩、廉（每项满分 6），"
        "满分或一位小数自动跳格，回车/Tab/空格确认跳格，整行留空表示未给此人打分；"
        "最后一格按回车或任何时候按 Ctrl+Enter 保存本表并转到下一位打分人。"
    )

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.loaded_year: int | None = None
        self.layout_for: GridLayout | None = None
        self.grid: ScoreGridModel | None = None
        box = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.rater_box = QSpinBox()
        self.rater_box.setRange(1, 99)
        rater_label = QLabel("打分人编号(&R)：")
        rater_label.setBuddy(self.rater_box)
        self.raters_label = QLabel()
        bar.addWidget(rater_label)
        bar.addWidget(self.rater_box)
        bar.addWidget(self.raters_label)
        bar.addStretch(1)
        box.addLayout(bar)
        help_label = QLabel(self.help_text)
        help_label.setWordWrap(True)
        box.addWidget(help_label)
        self.grid_view = ScoreGridView()
        box.addWidget(self.grid_view, 1)
        self.counts_label = QLabel()
        box.addWidget(self.counts_label)
        self.status = QLabel()
        self.status.setObjectName("keyingStatus")
        self.status.setStyleSheet("#keyingStatus { color: #a00000; font-weight: bold; }")
        box.addWidget(self.status)
        self.grid_view.message.connect(self.status.setText)
        self.grid_view.commit_requested.connect(self.commit)
        self.grid_view.progressed.connect(self.update_counts)
        self.rater_box.editingFinished.connect(self.load_rater)
        self.rater_box.lineEdit().returnPressed.connect(self.grid_view.setFocus)
        commit = QShortcut(QKeySequence("Ctrl+Return"), self)
        commit.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        commit.activated.connect(self.commit)

    def refresh(self) -> None:
        year = self.session.year
        if year is None:
            return
        raters = leader_raters(self.session.db, year)
        self.raters_label.setText(f"已录入打分人：{'、'.join(map(str, raters)) or '无'}")
        new_year = year != self.loaded_year
        if new_year or self.grid is None or not self.grid.edited:
            # A new year, or nothing typed on screen: follow the roster and what is stored.
            self.loaded_year = year
            scheme = self.session.scheme()
            assert scheme is not None
            self.layout_for = leader_layout(self.session.db, year, scheme)
            self.grid = ScoreGridModel(self.layout_for, self)
            self.grid_view.set_grid(self.grid)
            if new_year:
                self.rater_box.setValue((max(raters) + 1) if raters else 1)
            self.load_rater()

    def load_rater(self) -> None:
        """Show the chosen rater's sheet as stored (empty for a new rater)."""
        if self.grid is None or self.layout_for is None or self.session.year is None:
            return
        stored = read_leader_ratings(self.session.db, self.session.year, self.rater_box.value())
        cells = {}
        for row, (cadre_id, _label) in enumerate(self.layout_for.rows):
            for col, value in enumerate(stored.get(cadre_id, ())):
                cells[(row, col)] = value
        self.grid.load(cells)
        self.grid_view.go(0, 0)
        self.update_counts()

    def commit(self) -> None:
        year = self.session.year
        if year is None or self.grid is None or self.layout_for is None:
            return
        if self.grid.buffer:
            self.grid_view.finish_buffer(at_end_commits=False)
            if self.grid.buffer:
                return
        rater = self.rater_box.value()
        try:
            scores = check_rating_scores(self.layout_for, self.grid.cells)
            with self.session.write(f"录入第 {rater} 号班子成员领导评价") as conn:
                commit_leader_sheet(conn, year, rater, scores)
        except (KeyingError, AppraisalError) as exc:
            self.status.setText(f"未保存：{exc}")
            return
        self.rater_box.setValue(rater + 1)
        self.load_rater()
        self.status.setText(f"第 {rater} 号打分人的评价已保存（{len(scores)} 人）。请录入下一位。")
        self.grid_view.setFocus()

    def update_counts(self) -> None:
        if self.grid is None or self.layout_for is None:
            return
        total = subtotal(self.grid.cells.values())
        self.counts_label.setText(
            f"本表已评 {self.grid.rows_filled()} / {len(self.layout_for.rows)} 人，合计 {dec_str(total)} 分"
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self._focus_sheet)  # arriving on the page, the keys go to the sheet

    def _focus_sheet(self) -> None:
        if self.isVisible():
            self.grid_view.setFocus()
