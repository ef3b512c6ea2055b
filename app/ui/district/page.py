"""市对区考绩 (seed 004): the indicators on which the city assesses the district, month by month.

区考绩办将对市对区指标进展情况实行“一月一汇总一通报”: the month's 附1 table keyed from the units' forms (due the
13th to the bureau, the 15th to the district), the 落后/退步指标 for 督查 and 约谈, the 考绩法 bonus/deduction
calculator, the indicators with their peers, and the monthly notice's wording. Alt+← / Alt+→ change the month;
Ctrl+Tab changes the tab.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from app.models.district.indicators import read_indicators
from app.models.district.reports import report_months
from app.models.district.status import months_of_year
from app.ui.district.events import EventsTab
from app.ui.district.flags import FlagsTab
from app.ui.district.indicators import IndicatorsTab
from app.ui.district.notice import NoticeTab
from app.ui.district.progress import ProgressTab
from app.ui.shell.page import Page
from app.ui.shell.session import Session
from app.ui.widgets import ask
from app.ui.widgets.messages import MessageLine, write_or_refuse


class DistrictPage(Page):
    title = "市对区考绩"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.today: Callable[[], date] = date.today
        self.fresh_tabs: set[QWidget] = set()
        self.month_box = QComboBox()
        self.month_box.setMinimumContentsLength(10)
        self.print_progress_button = QPushButton("打印附1进展表…")
        self.print_notice_button = QPushButton("打印月度通报…")
        self.export_button = QPushButton("导出进展历史（Excel）…")
        self.demo_button = QPushButton("载入示例指标（仅示例年度）")
        self.demo_button.setVisible(False)
        self.message = MessageLine()
        self.progress = ProgressTab(session, self.message)
        self.flags = FlagsTab(session)
        self.events = EventsTab(session, self.message)
        self.indicators = IndicatorsTab(session, self.message)
        self.notice = NoticeTab(session, self.message)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.progress, "月度进展（附1）")
        self.tabs.addTab(self.flags, "落后、退步指标")
        self.tabs.addTab(self.events, "考绩法加减分")
        self.tabs.addTab(self.indicators, "指标与比较区")
        self.tabs.addTab(self.notice, "月度通报的文号与措辞")

        top = QHBoxLayout()
        label = QLabel("月份(&M)")
        label.setBuddy(self.month_box)
        top.addWidget(label)
        top.addWidget(self.month_box)
        top.addStretch(1)
        for button in (self.demo_button, self.print_progress_button, self.print_notice_button, self.export_button):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)

        self.month_box.currentIndexChanged.connect(self._month_changed)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.print_progress_button.clicked.connect(lambda: self.print_document("indicator-progress"))
        self.print_notice_button.clicked.connect(lambda: self.print_document("indicator-notice"))
        self.export_button.clicked.connect(self.export_history)
        self.demo_button.clicked.connect(self.load_demo)
        QShortcut(QKeySequence("Alt+Left"), self, lambda: self.step_month(-1))
        QShortcut(QKeySequence("Alt+Right"), self, lambda: self.step_month(1))

    @property
    def month(self) -> str:
        return str(self.month_box.currentData() or "")

    def set_month(self, month: str) -> None:
        index = self.month_box.findData(month)
        if index >= 0:
            self.month_box.setCurrentIndex(index)

    def step_month(self, step: int) -> None:
        index = self.month_box.currentIndex() + step
        if 0 <= index < self.month_box.count():
            self.month_box.setCurrentIndex(index)

    def refresh(self) -> None:
        year = self.session.year
        self.progress.today = self.today
        months = [] if year is None else months_of_year(year)
        if year is not None:
            months = sorted({*months, *report_months(self.session.db, year)})
        current = self.month
        self.month_box.blockSignals(True)
        self.month_box.clear()
        for month in months:
            self.month_box.addItem(f"{month[:4]}年{int(month[5:])}月", month)
        if current in months:
            self.set_month(current)
        elif months:
            self.set_month(self.default_month(months))
        self.month_box.blockSignals(False)
        info = self.session.info()
        empty = year is None or not read_indicators(self.session.db, year)
        self.demo_button.setVisible(bool(info is not None and info.is_demo and empty))
        self.refresh_tabs()

    def load_demo(self) -> None:
        """A demo year starts without indicators; this fills in a small made-up set to explore the page."""
        from app.models.district.demo import write_demo_district

        year = self.session.year
        if year is None:
            return
        write_or_refuse(
            self.session,
            self.message,
            "载入市对区考绩示例指标",
            lambda conn: write_demo_district(conn, self.session.db, year),
        )

    def default_month(self, months: list[str]) -> str:
        """This month when it is in the year's window, else the latest month with reports, else February."""
        today = self.today()
        this_month = f"{today.year}-{today.month:02d}"
        if this_month in months:
            return this_month
        year = self.session.year
        reported = [] if year is None else report_months(self.session.db, year)
        return reported[-1] if reported else months[0]

    def _month_changed(self, *_args: object) -> None:
        self.refresh_tabs()

    def _tab_changed(self, *_args: object) -> None:
        if self.tabs.currentWidget() not in self.fresh_tabs:
            self.refresh_current_tab()

    def refresh_tabs(self) -> None:
        """Only the tab in view is read now; the others when they are shown (keying stays quick)."""
        self.fresh_tabs: set[QWidget] = set()
        self.refresh_current_tab()

    def refresh_current_tab(self) -> None:
        tab = self.tabs.currentWidget()
        if tab is self.progress:
            self.progress.refresh(self.month)
        elif tab is self.flags:
            self.flags.refresh(self.month)
        elif tab is self.events:
            self.events.refresh()
        elif tab is self.indicators:
            self.indicators.refresh()
        elif tab is self.notice:
            self.notice.refresh(self.month)
        self.fresh_tabs.add(tab)

    # --- printing (app/printing/district_*.py, loaded on demand) ----------------------------------

    def print_document(self, kind: str) -> None:
        year = self.session.year
        if year is None or not self.month:
            return
        name = "市对区考绩指标进展情况表" if kind == "indicator-progress" else "市对区考绩指标进展情况通报"
        path = ask.save_file(self, "保存 PDF", f"{name}-{self.month}.pdf", "PDF (*.pdf)")
        if path:
            self.write_pdf(kind, path)

    def write_pdf(self, kind: str, path: str) -> None:
        from app.documents.district import write_district_pdf
        from app.models.errors import AppraisalError

        year = self.session.year
        if year is None:
            return
        try:
            write_district_pdf(self.session.db, year, kind, self.month, path, today=self.today())
        except AppraisalError as exc:
            self.message.error(str(exc))
            return
        self.message.ok(f"已保存：{path}")

    def export_history(self) -> None:
        year = self.session.year
        if year is None:
            return
        path = ask.save_file(self, "导出进展历史", f"市对区考绩指标进展-{year}.xlsx", "Excel 工作簿 (*.xlsx)")
        if path:
            self.write_history(path)

    def write_history(self, path: str) -> None:
        from app.models.errors import AppraisalError
        from app.workbooks.district import write_progress_history

        year = self.session.year
        if year is None:
            return
        try:
            write_progress_history(self.session.db, year, path)
        except AppraisalError as exc:
            self.message.error(str(exc))
            return
        self.message.ok(f"已导出：{path}")
