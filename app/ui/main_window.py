"""The main window: a year's results, live. It shows what `compute_results` returns and nothing else;
every figure comes from the engine, every count from `app.models`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.models.db import Database
from app.models.demo import DEMO_YEAR, build_demo_year
from app.models.errors import AppraisalError
from app.models.loader import compute_results
from app.models.status import KeyingCounts, data_version, keying_counts
from app.models.store import YearInfo, list_years, year_scheme
from app.scoring.inputs import GroupRule
from app.scoring.results import YearResult
from app.ui.results_model import (
    C_RANK,
    CADRE_LEGEND,
    COLOURS,
    LEGEND,
    U_NOTE,
    U_RANK,
    CadreResultsModel,
    GroupFilterProxy,
    PoolFilterProxy,
    PoolSummaryModel,
    UnitResultsModel,
    group_quota_text,
    pool_label,
    result_notes,
)

APP_NAME = "考评通"
POLL_MS = 1500  # how often to ask SQLite whether someone else changed the file
DEMO_BANNER = "示例数据，仅供熟悉程序 —— 本年度的得分、评分票和干部名单均为程序生成的虚构数据，不是真实考评结果。"


def _results_table(model: Any) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
    return view


def _legend(entries: tuple[tuple[str, str], ...]) -> QWidget:
    """What the row colours mean; the models use the same COLOURS."""
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(QLabel("图例："))
    for key, text in entries:
        swatch = QLabel(text)
        swatch.setStyleSheet(
            f"background: {COLOURS[key].name()}; color: black; border: 1px solid #b0b0b0; padding: 1px 6px;"
        )
        layout.addWidget(swatch)
    layout.addStretch(1)
    return box


class GroupTab(QWidget):
    """One group's units in rank order, with its prize quotas used."""

    def __init__(self, rule: GroupRule, model: UnitResultsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rule = rule
        self.summary = QLabel()
        self.summary.setObjectName("groupSummary")
        self.summary.setStyleSheet("font-weight: bold; padding: 2px 0;")
        self.proxy = GroupFilterProxy(rule.group, self)
        self.proxy.setSourceModel(model)
        self.view = _results_table(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(U_RANK, Qt.SortOrder.AscendingOrder)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(_legend(LEGEND))

    def update_summary(self, model: UnitResultsModel) -> None:
        self.summary.setText(group_quota_text(model.units(), self.rule))
        # 备注 takes the rest of the width; ResizeToContents would keep it as wide as its longest note.
        self.view.horizontalHeader().setSectionResizeMode(U_NOTE, QHeaderView.ResizeMode.Stretch)


class CadreTab(QWidget):
    """Cadres by pool (类别 × 职务层次): pool sizes, quotas and 优秀 counts, and the people."""

    def __init__(self, model: CadreResultsModel, pools: PoolSummaryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pools = pools
        self.pool_view = _results_table(pools)
        self.pool_view.horizontalHeader().setStretchLastSection(True)
        self.proxy = PoolFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.view = _results_table(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(C_RANK, Qt.SortOrder.AscendingOrder)  # the rank key keeps pools together
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a4b00;")
        self.warnings.hide()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("考核池")
        title.setStyleSheet("font-weight: bold;")
        left_layout.addWidget(title)
        left_layout.addWidget(self.pool_view, 1)
        hint = QLabel("优秀名额按考核池分别计算，不同职务层次不得相互挤占；一等奖科室的主要负责人先评为优秀。")
        hint.setWordWrap(True)
        left_layout.addWidget(hint)
        left_layout.addWidget(self.warnings)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 1070])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(_legend(CADRE_LEGEND))
        self.pool_view.selectionModel().currentRowChanged.connect(self._pool_chosen)

    def _pool_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.proxy.set_pool(self.pools.pool_at(current.row()) if current.isValid() else None)

    def after_reload(self, warnings: list[str]) -> None:
        """Keep the chosen pool across a reload (the pool model was reset)."""
        row = self.pools.row_of_pool(self.proxy.pool)
        self.pool_view.selectionModel().setCurrentIndex(
            self.pools.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.proxy.set_pool(self.pools.pool_at(row))
        self.warnings.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.warnings.setVisible(bool(warnings))


class MainWindow(QMainWindow):
    def __init__(self, db: Database, parent: QWidget | None = None, poll_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self.db = db
        self.result: YearResult | None = None
        self.counts = KeyingCounts()
        self._version: int | None = None
        self._group_tabs: dict[int, GroupTab] = {}
        self._tab_actions: list[QAction] = []

        self.unit_model = UnitResultsModel(self)
        self.cadre_model = CadreResultsModel(self)
        self.pool_model = PoolSummaryModel(self)

        self._build_actions()
        self._build_toolbar()
        self._build_central()
        self._build_status_bar()
        self.resize(1400, 850)

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
        self.quit_action = QAction("退出(&X)", self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        about_action = QAction("关于考评通(&A)", self)
        about_action.triggered.connect(self._about)

        menu = self.menuBar()
        file_menu = menu.addMenu("文件(&F)")
        file_menu.addAction(self.refresh_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.view_menu = menu.addMenu("查看(&V)")  # one entry per tab, filled when the tabs are built
        help_menu = menu.addMenu("帮助(&H)")
        help_menu.addAction(about_action)

    def _build_toolbar(self) -> None:
        bar = QToolBar("年度")
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

    def _build_central(self) -> None:
        self.banner = QLabel(DEMO_BANNER)
        self.banner.setObjectName("demoBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "background: #fff1b8; color: #5c4400; border: 1px solid #e0b84c; padding: 6px 10px; font-weight: bold;"
        )
        self.banner.hide()
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #8a4b00;")
        self.warning_label.hide()

        self.tabs = QTabWidget()
        self.cadre_tab = CadreTab(self.cadre_model, self.pool_model)
        self.tabs.currentChanged.connect(lambda _index: self._update_status())

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addWidget(self.banner)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.tabs, 1)

        # Shown instead of the tabs when the file holds no year yet.
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        message = QLabel(
            "此数据文件中还没有任何年度。\n可以先生成示例年度熟悉程序，或用命令 appraisal import 导入年度数据。"
        )
        message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty_layout.addWidget(message)
        self.demo_button = QPushButton(f"生成 {DEMO_YEAR} 年度示例数据")
        self.demo_button.clicked.connect(self._generate_demo)
        empty_layout.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignCenter)
        empty_layout.addStretch(1)

        self.pages = QStackedWidget()
        self.pages.addWidget(content)
        self.pages.addWidget(empty)
        self.setCentralWidget(self.pages)

    def _build_status_bar(self) -> None:
        self.status_label = QLabel()
        self.updated_label = QLabel()
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.updated_label)

    # --- years ----------------------------------------------------------------------------------

    @property
    def current_year(self) -> int | None:
        year = self.year_combo.currentData()
        return int(year) if year is not None else None

    def _fill_years(self, years: list[YearInfo]) -> None:
        """Refill the selector, keeping the chosen year; first time, the latest real year (else a demo)."""
        wanted = self.current_year
        if wanted is None or wanted not in {y.year for y in years}:
            real = [y.year for y in years if not y.is_demo]
            wanted = max(real) if real else (max(y.year for y in years) if years else None)
        self.year_combo.blockSignals(True)
        try:
            self.year_combo.clear()
            for info in years:
                self.year_combo.addItem(info.label, info.year)
            if wanted is not None:
                self.year_combo.setCurrentIndex(self.year_combo.findData(wanted))
        finally:
            self.year_combo.blockSignals(False)

    def _year_chosen(self, _index: int) -> None:
        self.reload()

    # --- loading --------------------------------------------------------------------------------

    def poll(self) -> None:
        """Recompute only when another connection committed since we last read."""
        try:
            version = data_version(self.db)
        except Exception as exc:  # a vanished network share must not kill the window
            self.status_label.setText(f"无法读取数据文件：{exc}")
            return
        if version != self._version:
            self.reload()

    def reload(self) -> None:
        # Read the version first: a commit that lands while we compute triggers another reload.
        try:
            self._version = data_version(self.db)
            years = list_years(self.db)
        except AppraisalError as exc:
            self.status_label.setText(f"无法读取数据文件：{exc}")
            return
        self._fill_years(years)
        year = self.current_year
        if year is None:
            self.result = None
            self.pages.setCurrentIndex(1)
            self.banner.hide()
            self.setWindowTitle(f"{APP_NAME} — {Path(self.db.path).name}")
            self.status_label.setText("没有年度数据")
            return
        self.pages.setCurrentIndex(0)
        try:
            result = compute_results(self.db, year)
            scheme = year_scheme(self.db, year)
            counts = keying_counts(self.db, year)
        except AppraisalError as exc:
            self.status_label.setText(f"无法计算 {year} 年度：{exc}")
            return
        info = next(y for y in years if y.year == year)
        self.result, self.counts = result, counts
        self.setWindowTitle(f"{APP_NAME} — {Path(self.db.path).name} — {info.label}")
        self.banner.setVisible(info.is_demo)

        flags = result_notes(result)
        categories = {c["id"]: c["name"] for c in scheme.body.get("cadres", {}).get("categories_of_staff", [])}
        self._ensure_group_tabs(scheme.groups)
        self.unit_model.set_results(result.units, flags)
        self.cadre_model.set_results(result.cadres, result.pools, categories, flags)
        self.pool_model.set_results(result.pools, result.cadres, categories)
        for tab in self._group_tabs.values():
            tab.update_summary(self.unit_model)
        cadre_warnings = [
            f"{pool_label(w.subject, categories)}：{w.text}" for w in result.warnings if w.scope == "pool"
        ]
        unit_warnings = [str(w) for w in result.warnings if w.scope != "pool"]
        self.cadre_tab.after_reload(cadre_warnings)
        self.warning_label.setText("\n".join(f"⚠ {w}" for w in unit_warnings))
        self.warning_label.setVisible(bool(unit_warnings))
        self.updated_label.setText(f"已更新 {datetime.now():%H:%M:%S}")
        self._update_status()

    def _ensure_group_tabs(self, groups: dict[int, GroupRule]) -> None:
        """One tab per group of the year's scheme, then 干部; rebuilt only if the groups differ."""
        if {g: t.rule for g, t in self._group_tabs.items()} == groups and self.tabs.count():
            return
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)
        try:
            while self.tabs.count():
                widget = self.tabs.widget(0)
                self.tabs.removeTab(0)
                if widget is not self.cadre_tab:
                    widget.deleteLater()
            self._group_tabs = {}
            for number, rule in sorted(groups.items()):
                tab = GroupTab(rule, self.unit_model)
                self._group_tabs[number] = tab
                self.tabs.addTab(tab, rule.name)
            self.tabs.addTab(self.cadre_tab, "干部")
        finally:
            self.tabs.blockSignals(False)
        self.tabs.setCurrentIndex(max(0, min(current, self.tabs.count() - 1)))
        self._rebuild_tab_actions()

    def _rebuild_tab_actions(self) -> None:
        """查看 menu: Ctrl+1 … Ctrl+N go to the tabs in order."""
        for action in self._tab_actions:
            self.view_menu.removeAction(action)
            action.deleteLater()
        self._tab_actions = []
        for index in range(min(self.tabs.count(), 9)):
            action = QAction(self.tabs.tabText(index), self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _checked=False, i=index: self.tabs.setCurrentIndex(i))
            self.view_menu.addAction(action)
            self._tab_actions.append(action)

    def group_tab(self, group: int) -> GroupTab:
        return self._group_tabs[group]

    # --- status ---------------------------------------------------------------------------------

    def _update_status(self) -> None:
        if self.result is None:
            return
        c = self.counts
        incomplete = sum(1 for u in self.result.units if u.incomplete)
        ties = sum(1 for u in self.result.units if u.tie) + sum(1 for x in self.result.cadres if x.tie)
        parts = [
            f"委领导评分表 {c.leader_ballots} 张" + (f"（废票 {c.leader_void}）" if c.leader_void else ""),
            f"科室负责人评分表 {c.head_ballots} 张" + (f"（废票 {c.head_void}）" if c.head_void else ""),
            f"民主测评票 {c.democratic_ballots} 张" + (f"（废票 {c.democratic_void}）" if c.democratic_void else ""),
            f"领导评价 {c.leader_raters} 人",
            f"干部 {len(self.result.cadres)} 人",
            f"缺项科室 {incomplete} 个",
        ]
        if ties:
            parts.append(f"并列待审定 {ties} 个")
        self.status_label.setText(" · ".join(parts))

    # --- actions --------------------------------------------------------------------------------

    def _generate_demo(self) -> None:
        try:
            build_demo_year(self.db)
        except AppraisalError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            return
        self.reload()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            f"关于{APP_NAME}",
            f"{APP_NAME}：机关科室（单位）与干部年度绩效考评。\n\n数据文件：{self.db.path}",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.poll_timer.stop()
        super().closeEvent(event)
