"""The main window: a navigation list of pages, the year selector, the demo banner and the status bar.

It holds no data and does no arithmetic: the `Session` owns the file and the year, each page reads from it.

So that the window opens at once, it first shows itself with the navigation, the year and the title; the
first page (the year's results, computed then) comes on the next turn of the event loop (`start`), and every
other page is built, its module imported, the first time it is shown.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.models.db import Database
from app.models.errors import AppraisalError
from app.models.status import KeyingCounts, keying_counts
from app.ui.audit.undo import install_edit_menu
from app.ui.shell import geometry
from app.ui.shell.file_menu import install_file_menu
from app.ui.shell.page import Page, discard_question
from app.ui.shell.pages import PAGES, PageSpec
from app.ui.shell.session import Session
from app.ui.widgets import ask
from app.ui.widgets.messages import MessageBar, MessageLine

APP_NAME = "考评通"
POLL_MS = 1500  # how often to ask SQLite whether someone else changed the file
DEMO_BANNER = "示例数据，仅供熟悉程序 —— 本年度的得分、评分票和干部名单均为程序生成的虚构数据，不是真实考评结果。"


class MainWindow(QMainWindow):
    opened = Signal()  # `start` is done: the first page is on screen with the year's results

    def __init__(self, db: Database, parent: QWidget | None = None, poll_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self.db = db
        self.session = Session(db, self)
        self.session.confirm_leaving = self.confirm_leaving
        self.counts = KeyingCounts()
        self._page_actions: list[QAction] = []
        self.leaving_confirmed = False  # the clerk already agreed to drop uncommitted keying (another file)
        self.started = False  # the first page and the status line are filled (after the first paint)
        self.closed = False
        self._start_scheduled = False

        self.specs: tuple[PageSpec, ...] = PAGES
        self._pages: list[Page | None] = [None] * len(self.specs)  # built when first shown
        self._build_actions()
        self._build_toolbar()
        self._build_central()
        self._build_status_bar()
        geometry.place(self)  # inside the screen's free area, where the clerk left it on this screen

        self.session.data_changed.connect(self._after_change)
        self.session.year_changed.connect(lambda _year: self.message_bar.clear_message())  # 2018's answer ≠ 2017's
        self.session.year_changed.connect(lambda _year: self._after_change())
        self.reload()
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(poll_ms)
        self.poll_timer.timeout.connect(self.poll)
        self.poll_timer.start()

    # --- construction ---------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.refresh_action = QAction("刷新(&R)", self)
        self.refresh_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.refresh_action.setIconText("刷新（F5）")
        self.refresh_action.setToolTip("重新读取数据文件并计算结果（F5）；文件被他人修改时也会自动刷新")
        self.refresh_action.triggered.connect(self.reload)
        self.file_menu = install_file_menu(self)
        install_edit_menu(self)
        self.view_menu = self.menuBar().addMenu("查看(&V)")
        for index, spec in enumerate(self.specs):
            action = QAction(spec.title, self)
            if index < 9:
                action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _checked=False, i=index: self.show_page(i, focus=True))
            self.view_menu.addAction(action)
            self._page_actions.append(action)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        self.help_action = QAction("使用说明(&H)", self)
        self.help_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        self.help_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.help_action.triggered.connect(self.show_help)
        help_menu.addAction(self.help_action)
        about_action = QAction("关于考评通(&A)", self)
        about_action.triggered.connect(self._about)
        help_menu.addAction(about_action)
        self.help_window: QWidget | None = None

    def _build_toolbar(self) -> None:
        bar = QToolBar("年度")
        bar.setObjectName("yearToolbar")
        bar.setMovable(False)
        self.addToolBar(bar)
        label = QLabel("年度(&Y)：")
        self.year_combo = QComboBox()
        self.year_combo.setMinimumContentsLength(14)
        self.year_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        label.setBuddy(self.year_combo)  # Alt+Y focuses the selector; arrow keys then switch years
        self.year_combo.currentIndexChanged.connect(self._year_chosen)
        bar.addWidget(label)
        bar.addWidget(self.year_combo)
        bar.addSeparator()
        bar.addAction(self.refresh_action)
        self.lock_label = QLabel()
        self.lock_label.setStyleSheet("color: #a00000; font-weight: bold; padding-left: 12px;")
        bar.addWidget(self.lock_label)

    def _build_central(self) -> None:
        self.banner = QLabel(DEMO_BANNER)
        self.banner.setObjectName("demoBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "background: #fff1b8; color: #5c4400; border: 1px solid #e0b84c; padding: 6px 10px; font-weight: bold;"
        )
        self.banner.hide()

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        for index, spec in enumerate(self.specs):
            self.navigation.addItem(f"{spec.title}" + (f"\tCtrl+{index + 1}" if index < 9 else ""))
        self.navigation.setFixedWidth(self.navigation.fontMetrics().horizontalAdvance("年度与方案  Ctrl+9") + 40)
        self.navigation.setStyleSheet("QListWidget::item { padding: 6px 8px; }")
        self.stack = QStackedWidget()
        for _spec in self.specs:
            self.stack.addWidget(QWidget())  # a place for the page, filled when it is first shown
        self.navigation.currentRowChanged.connect(self._show_index)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addWidget(self.banner)
        body = QHBoxLayout()
        body.addWidget(self.navigation)
        # The answer to the clerk's last action sits at the top of the page, above whatever the page scrolls.
        self.message_bar = MessageBar()
        page_column = QVBoxLayout()
        page_column.setContentsMargins(0, 0, 0, 0)
        page_column.addWidget(self.message_bar)
        page_column.addWidget(self.stack, 1)
        body.addLayout(page_column, 1)
        layout.addLayout(body, 1)

        self.pages = QStackedWidget()  # the pages, or (a file with no year yet) what to do first
        self.pages.addWidget(content)
        self.setCentralWidget(self.pages)
        self.empty_page: QWidget | None = None

    def _show_empty(self) -> None:
        """A file with no year: generate the demo year, import a year file, or create a year."""
        if self.empty_page is None:
            from app.models.demo import DEMO_YEAR  # only for a file with no year

            self.empty_page = empty = QWidget()
            empty_layout = QVBoxLayout(empty)
            empty_layout.addStretch(1)
            message = QLabel(
                "此数据文件中还没有任何年度。\n可以先生成示例年度熟悉程序，或用“文件 → 导入年度文件”导入年度数据，或在“年度与方案”中新建年度。"
            )
            message.setAlignment(Qt.AlignmentFlag.AlignCenter)
            empty_layout.addWidget(message)
            self.demo_button = QPushButton(f"生成 {DEMO_YEAR} 年度示例数据")
            self.demo_button.clicked.connect(self._generate_demo)
            empty_layout.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignCenter)
            self.new_year_button = QPushButton("新建年度…")
            self.new_year_button.clicked.connect(self._create_first_year)
            empty_layout.addWidget(self.new_year_button, 0, Qt.AlignmentFlag.AlignCenter)
            empty_layout.addStretch(1)
            self.pages.addWidget(empty)
        self.pages.setCurrentWidget(self.empty_page)

    def _build_status_bar(self) -> None:
        self.status_label = QLabel()
        self.updated_label = QLabel()
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.updated_label)

    # --- start ----------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._start_scheduled:  # on screen: now the first page and the year's results
            self._start_scheduled = True
            QTimer.singleShot(0, self, self.start)  # (dropped if the window is destroyed first)

    def start(self) -> None:
        """Show the first page (unless one was chosen already) and the status line: the year's results are
        computed here, after the window is on screen. Called once; later calls do nothing."""
        if self.started or self.closed:
            return
        self.started = True
        if self.navigation.currentRow() < 0:
            self.navigation.setCurrentRow(0)
        if self.session.year is not None:
            self._update_status()
        self.opened.emit()

    # --- pages ----------------------------------------------------------------------------------

    def show_page(self, index: int, focus: bool = False) -> None:
        """`focus` (Ctrl+1…9): the keyboard goes into the page unless it is there already (a keying page puts
        it on its ballot itself); choosing in the navigation list with ↑/↓ leaves it in the list."""
        self.navigation.setCurrentRow(index)
        if focus and self.navigation.currentRow() == index:
            page = self.page_at(index)
            focused = QApplication.focusWidget()
            if focused is None or not page.isAncestorOf(focused):
                page.focus_first()

    def _show_index(self, index: int) -> None:
        if index >= 0:
            self.message_bar.clear_message()  # an answer belongs to the page it was given on
            self.page_at(index)
            self.stack.setCurrentIndex(index)

    def say(self, text: str, kind: str = "ok") -> None:
        """Tell the clerk at the top of the page area (kind: ok, info, warning, error)."""
        self.message_bar.say(text, kind)

    def page_at(self, index: int) -> Page:
        """The page in place `index` of the navigation, built now if it was not yet."""
        page = self._pages[index]
        if page is None:
            page = self.specs[index].make(self.session)
            self._pages[index] = page
            place = self.stack.widget(index)
            current = self.stack.currentIndex()
            self.stack.removeWidget(place)
            place.deleteLater()
            self.stack.insertWidget(index, page)
            self.stack.setCurrentIndex(current)
            for line in page.findChildren(MessageLine):
                line.hide()  # the page's messages are shown in the window's bar
        return page

    def index_of(self, page: Page) -> int:
        return self._pages.index(page)

    def built_pages(self) -> list[Page]:
        return [page for page in self._pages if page is not None]

    @property
    def page_list(self) -> list[Page]:
        """Every page, in navigation order, building those not built yet (for tests and tools)."""
        return [self.page_at(index) for index in range(len(self.specs))]

    def current_page(self) -> Page:
        return self.page_at(self.stack.currentIndex())

    def page(self, kind: type[Page]) -> Page:
        """The page of class `kind` (built now if need be)."""
        index = next(i for i, spec in enumerate(self.specs) if spec.title == kind.title)
        page = self.page_at(index)
        assert isinstance(page, kind)
        return page

    @property
    def results_page(self) -> Page:
        return self.page_at(0)

    # --- years ----------------------------------------------------------------------------------

    @property
    def current_year(self) -> int | None:
        return self.session.year

    def _fill_years(self) -> None:
        """Refill the selector, keeping the chosen year; first time, the latest real year (else a demo)."""
        years = self.session.years()
        wanted = self.session.year
        if wanted is None or wanted not in {y.year for y in years}:
            real = [y.year for y in years if not y.is_demo]
            wanted = max(real) if real else (max(y.year for y in years) if years else None)
        self.year_combo.blockSignals(True)
        try:
            self.year_combo.clear()
            for info in years:
                self.year_combo.addItem(info.label + ("（已审定）" if info.locked_at else ""), info.year)
            if wanted is not None:
                self.year_combo.setCurrentIndex(self.year_combo.findData(wanted))
        finally:
            self.year_combo.blockSignals(False)
        self.session.set_year(wanted)

    def _year_chosen(self, _index: int) -> None:
        year = self.year_combo.currentData()
        year = int(year) if year is not None else None
        if year != self.session.year and not self.confirm_leaving(f"换到 {year} 年度"):
            self.year_combo.blockSignals(True)
            self.year_combo.setCurrentIndex(self.year_combo.findData(self.session.year))  # stay with the ballot
            self.year_combo.blockSignals(False)
            return
        self.session.set_year(year)

    def unsaved_work(self) -> list[str]:
        """Half-keyed ballots (and other uncommitted typing) on the pages, in words."""
        return [work for page in self.built_pages() if (work := page.unsaved_work()) is not None]

    def confirm_leaving(self, action: str) -> bool:
        """Before something deliberate throws away what is typed but not committed: True when nothing is, or
        the clerk agrees. (A kill loses at most the ballot on screen; a click should not lose it silently.)"""
        works = self.unsaved_work()
        return not works or ask.discard(self, discard_question(works, action))

    # --- loading --------------------------------------------------------------------------------

    def poll(self) -> None:
        """Recompute only when another connection committed since we last read."""
        try:
            self.session.poll()
        except Exception as exc:  # a vanished network share must not kill the window
            self.status_label.setText(f"无法读取数据文件：{exc}")

    def reload(self) -> None:
        """F5: forget every cached read and re-read the file."""
        try:
            self.session.notify_changed()
        except AppraisalError as exc:
            self.status_label.setText(f"无法读取数据文件：{exc}")

    def _after_change(self) -> None:
        """The window's own parts (years, banner, title, status); the pages refresh themselves."""
        try:
            self._fill_years()
            year = self.session.year
            if year is None:
                self._show_empty()
                self.banner.hide()
                self.lock_label.clear()
                self.setWindowTitle(f"{APP_NAME} — {self.file_label()}")
                self.status_label.setText("没有年度数据")
                return
            self.pages.setCurrentIndex(0)
            info = self.session.info()
        except AppraisalError as exc:
            self.status_label.setText(f"无法读取数据文件：{exc}")
            return
        assert info is not None
        self.setWindowTitle(f"{APP_NAME} — {self.file_label()} — {info.label}")
        self.banner.setVisible(info.is_demo)
        self.lock_label.setText(f"已审定锁定（{info.locked_at[:10]}）" if info.locked_at else "")
        self.updated_label.setText(f"已更新 {datetime.now():%H:%M:%S}")
        if self.started:
            self._update_status()
        else:
            self.status_label.setText(f"正在计算 {year} 年度的结果…")

    def file_label(self) -> str:
        return Path(self.db.path).name + ("（只读）" if self.db.readonly else "")

    # --- status ---------------------------------------------------------------------------------

    def _update_status(self) -> None:
        try:
            self.counts = c = keying_counts(self.db, self.session.year)
            result = self.session.result()
        except AppraisalError as exc:
            self.status_label.setText(f"无法计算 {self.session.year} 年度：{exc}")
            return
        parts = [
            f"委领导评分表 {c.leader_ballots} 张" + (f"（废票 {c.leader_void}）" if c.leader_void else ""),
            f"科室负责人评分表 {c.head_ballots} 张" + (f"（废票 {c.head_void}）" if c.head_void else ""),
            f"民主测评票 {c.democratic_ballots} 张" + (f"（废票 {c.democratic_void}）" if c.democratic_void else ""),
            f"领导评价 {c.leader_raters} 人",
        ]
        if c.keyed_ballots:
            parts.append(f"已核对 {c.verified_ballots}/{c.keyed_ballots} 张")
        if c.leader_raters:
            parts.append(f"领导评价表已核对 {c.leader_sheets_verified}/{c.leader_raters} 份")
        if c.open_findings:
            parts.append(f"两遍录入不一致待处理 {c.open_findings} 处")
        if result is not None:
            incomplete = sum(1 for u in result.units if u.incomplete)
            ties = sum(1 for u in result.units if u.tie and not u.decided) + sum(
                1 for x in result.cadres if x.tie and not x.decided
            )
            parts += [f"干部 {len(result.cadres)} 人", f"缺项科室 {incomplete} 个"]
            if ties:
                parts.append(f"并列待审定 {ties} 个")
        self.status_label.setText(" · ".join(parts))

    # --- actions --------------------------------------------------------------------------------

    def _generate_demo(self) -> None:
        from app.models.demo import build_demo_year  # only for an empty file

        try:
            build_demo_year(self.db)
        except AppraisalError as exc:
            ask.inform(self, APP_NAME, str(exc))
            return
        self.reload()

    def _create_first_year(self) -> None:
        """An empty file: show the pages with 年度与方案, where the first year is created from a scheme."""
        from app.ui.years.page import YearsPage

        self.pages.setCurrentIndex(0)
        years_page = self.page(YearsPage)
        self.show_page(self.index_of(years_page))
        assert isinstance(years_page, YearsPage)
        years_page.new_year_edit.setFocus()

    def _about(self) -> None:
        ask.inform(
            self,
            f"关于{APP_NAME}",
            f"{APP_NAME}：机关科室（单位）与干部年度绩效考评。\n\n数据文件：{self.db.path}",
            icon="about",
        )

    def show_help(self) -> None:
        """帮助 ▸ 使用说明 (F1): the clerk's guide, opened at the part about the page on screen."""
        from app.ui.shell.help import HelpWindow, show_help  # the guide is read and rendered only when asked for

        index = self.stack.currentIndex()
        existing = self.help_window if isinstance(self.help_window, HelpWindow) else None
        self.help_window = show_help(self, self.specs[index].title if index >= 0 else None, existing)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.leaving_confirmed and self.isVisible() and not self.confirm_leaving("关闭窗口"):
            event.ignore()
            return
        if self.isVisible():
            geometry.remember(self)
        self.leaving_confirmed = True  # asked once: quitting after this does not ask again
        self.closed = True  # a start still pending finds the file closed: it does nothing
        self.poll_timer.stop()
        super().closeEvent(event)
