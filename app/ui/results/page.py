"""结果: units ranked per group and cadres per pool, exactly as the engine returns them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.models.committee import decision_reason, proposed_outcome, set_decision
from app.models.decisions import clear_decision
from app.models.errors import AppraisalError
from app.models.year_settings import clear_quota_override, set_quota_override
from app.scoring.decisions import CADRE, UNIT
from app.scoring.inputs import GroupRule
from app.scoring.results import CadreResult, PoolSummary, UnitResult
from app.ui.results import decision_dialog, quota_dialog
from app.ui.results.cadre_models import (
    C_GRADE,
    C_RANK,
    C_TOTAL,
    C_UNIT,
    CadreResultsModel,
    PoolFilterProxy,
    PoolSummaryModel,
)
from app.ui.results.explanation import ExplanationPanel
from app.ui.results.models import (
    CADRE_LEGEND,
    COLOURS,
    LEGEND,
    PROVISIONAL_NOTE,
    U_GRADE,
    U_NAME,
    U_NOTE,
    U_PRIZE,
    U_RANK,
    U_TOTAL,
    FlagsModel,
    GroupFilterProxy,
    UnitResultsModel,
    group_quota_text,
    pool_label,
    result_notes,
)
from app.ui.shell.page import Page
from app.ui.shell.session import Session
from app.ui.widgets import ask
from app.ui.widgets.messages import MessageLine
from app.ui.widgets.table_model import ROW_ROLE
from app.ui.widgets.tables import fit_once, list_table


def _results_table(model: Any) -> QTableView:
    view = list_table(model, line_rows=True, wrap=False)
    header = view.horizontalHeader()
    # Columns are fitted to their header and first rows once, when the table first has rows, then left alone:
    # ResizeToContents would measure every cell again after each change and slow every page switch.
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
    fit_once(view)
    return view


def _legend(entries: tuple[tuple[str, str], ...]) -> QWidget:
    """What the row colours mean (the models use the same COLOURS), in two lines so the tables and the side panel
    both fit a 1280-pixel screen."""
    box = QWidget()
    lines = QVBoxLayout(box)
    lines.setContentsMargins(0, 0, 0, 0)
    lines.setSpacing(2)
    rows = [QHBoxLayout(), QHBoxLayout()]
    rows[0].addWidget(QLabel("图例："))
    half = (len(entries) + 1) // 2
    for index, (key, text) in enumerate(entries):
        swatch = QLabel(text)
        swatch.setStyleSheet(
            f"background: {COLOURS[key].name()}; color: black; border: 1px solid #b0b0b0; padding: 1px 6px;"
        )
        rows[0 if index < half else 1].addWidget(swatch)
    provisional = QLabel(PROVISIONAL_NOTE)
    provisional.setToolTip("等次标“暂定”或“待定”的行，结果还可能变动：悬停可见原因，右侧计分明细也列出原因")
    provisional.setStyleSheet("font-style: italic; padding: 1px 6px;")
    rows[1].insertSpacing(0, 42)
    rows[1].addWidget(provisional)
    for row in rows:
        row.addStretch(1)
        lines.addLayout(row)
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
        # 等次, 奖项 and 总分, what the committee reads first, right after the unit's name: never scrolled off
        # beside the 计分明细 panel on a 1280-wide screen (the view's order only; the model keeps its columns).
        header = self.view.horizontalHeader()
        for offset, column in enumerate((U_GRADE, U_PRIZE, U_TOTAL)):
            header.moveSection(header.visualIndex(column), U_NAME + 1 + offset)
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
        # 等次 and 总分, what matters most, beside the name: never scrolled off on a 1280-wide screen (the model's
        # order stays; only the view shows them there).
        header = self.view.horizontalHeader()
        for offset, column in enumerate((C_GRADE, C_TOTAL)):
            header.moveSection(header.visualIndex(column), C_UNIT + 1 + offset)
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
        hint = QLabel(
            "优秀名额按考核池分别计算，不同职务层次不得相互挤占；一等奖科室的主要负责人先评为优秀。"
            "选中考核池按 Enter 可录入市人社局核定的名额。"
        )
        hint.setWordWrap(True)
        left_layout.addWidget(hint)
        left_layout.addWidget(self.warnings)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 1100])
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


class ResultsPage(Page):
    """One tab per group of the year's scheme, then 干部; Ctrl+Tab / Ctrl+Shift+Tab switch tabs."""

    title = "考评结果"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._group_tabs: dict[int, GroupTab] = {}
        self.unit_model = UnitResultsModel(self)
        self.cadre_model = CadreResultsModel(self)
        self.pool_model = PoolSummaryModel(self)
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #8a4b00;")
        self.warning_label.hide()
        self.tabs = QTabWidget()
        self.cadre_tab = CadreTab(self.cadre_model, self.pool_model)
        self.flag_model = FlagsModel(self)
        self.flags_tab = _results_table(self.flag_model)
        self.flags_tab.setObjectName("flagsTable")
        # 党委审定: a tied row is decided with Enter (the view's `activated`) or this button.
        self.decide_button = QPushButton("党委审定…")
        self.decide_button.setToolTip("选中并列的科室或干部后按 Enter：录入委党委审定的结果（可撤销）")
        self.decide_button.clicked.connect(self.decide_current)
        self.decision_message = MessageLine()
        self.decision_message.setObjectName("decisionMessage")
        bar = QHBoxLayout()
        bar.addWidget(self.decide_button)
        bar.addWidget(self.decision_message, 1)
        bar.addStretch(1)  # (the message is shown in the window's bar; the button keeps its size)
        # 计分明细: the selected row's explanation beside the tables (F6 moves the cursor there and back).
        self.explanation = ExplanationPanel()
        self.explanation.save_button.clicked.connect(self.save_detail)
        self.body = QSplitter(Qt.Orientation.Horizontal)
        self.body.addWidget(self.tabs)
        self.body.addWidget(self.explanation)
        self.body.setStretchFactor(0, 1)
        self.body.setStretchFactor(1, 0)
        self.body.setSizes([960, 320])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.warning_label)
        layout.addLayout(bar)
        layout.addWidget(self.body, 1)
        self.cadre_tab.view.activated.connect(self.decide_current)
        self.cadre_tab.view.selectionModel().currentRowChanged.connect(self.show_explanation)
        self.cadre_tab.pool_view.activated.connect(self.set_pool_quota)
        self.tabs.currentChanged.connect(self.show_explanation)
        to_panel = QShortcut(QKeySequence("F6"), self, self.toggle_explanation_focus)
        to_panel.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # Ctrl+Tab wherever the cursor is on the page: in a results table the view would take it as Tab and
        # only move its own cursor, and the tab bar would never see it.
        for keys, step in (("Ctrl+Tab", 1), ("Ctrl+Shift+Tab", -1)):
            QShortcut(QKeySequence(keys), self, lambda step=step: self.next_tab(step))

    def next_tab(self, step: int) -> None:
        if self.tabs.count():
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def refresh(self) -> None:
        result = self.session.result()
        scheme = self.session.scheme()
        if result is None or scheme is None:
            self.unit_model.set_results([], {})
            self.flag_model.set_results(None)
            self.cadre_model.set_results([], [], {}, {})
            self.pool_model.set_results([], [], {})
            return
        flags = result_notes(result)
        categories = {c["id"]: c["name"] for c in scheme.body.get("cadres", {}).get("categories_of_staff", [])}
        self._ensure_group_tabs(scheme.groups)
        self.unit_model.set_results(result.units, flags)
        self.cadre_model.set_results(result.cadres, result.pools, categories, flags)
        self.pool_model.set_results(result.pools, result.cadres, categories)
        self.flag_model.set_results(result, categories, {g.group: g.name for g in scheme.groups.values()})
        if self.tabs.indexOf(self.flags_tab) >= 0:
            self.tabs.setTabText(self.tabs.indexOf(self.flags_tab), f"后续事项（{self.flag_model.rowCount()}）")
        for tab in self._group_tabs.values():
            tab.update_summary(self.unit_model)
        cadre_warnings = [
            f"{pool_label(w.subject, categories)}：{w.text}" for w in result.warnings if w.scope == "pool"
        ]
        unit_warnings = [str(w) for w in result.warnings if w.scope != "pool"]
        self.cadre_tab.after_reload(cadre_warnings)
        self.warning_label.setText("\n".join(f"⚠ {w}" for w in unit_warnings))
        self.warning_label.setVisible(bool(unit_warnings))
        self.show_explanation()

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
                if widget is not self.cadre_tab and widget is not self.flags_tab:
                    widget.deleteLater()
            self._group_tabs = {}
            for number, rule in sorted(groups.items()):
                tab = GroupTab(rule, self.unit_model)
                tab.view.activated.connect(self.decide_current)
                tab.view.selectionModel().currentRowChanged.connect(self.show_explanation)
                self._group_tabs[number] = tab
                self.tabs.addTab(tab, rule.name)
            if self._group_tabs:
                # The tables come before the tab bar and the 党委审定 button in Tab order: arriving on the page
                # (Ctrl+1), the cursor lands in the table shown, whichever page was built first.
                last = list(self._group_tabs.values())[-1].view
                QWidget.setTabOrder(last, self.tabs.tabBar())
                QWidget.setTabOrder(self.tabs.tabBar(), self.decide_button)
            self.tabs.addTab(self.cadre_tab, "干部")
            # 连续两年末位（不合格）、连续三年优秀: what the seed asks the office to follow up.
            self.tabs.addTab(self.flags_tab, "后续事项")
        finally:
            self.tabs.blockSignals(False)
        self.tabs.setCurrentIndex(max(0, min(current, self.tabs.count() - 1)))

    def current_row(self) -> UnitResult | CadreResult | None:
        """The unit or cadre under the cursor of the tab shown."""
        tab = self.tabs.currentWidget()
        view = getattr(tab, "view", None)
        if view is None or not view.currentIndex().isValid():
            return None
        return view.currentIndex().data(ROW_ROLE)

    def decide_current(self, *_args: object) -> None:
        """党委审定 of the tied row under the cursor: outcome and reason from the dialog, one audited write."""
        row = self.current_row()
        result = self.session.result()
        if row is None or result is None or not getattr(row, "tie", False):
            self.decision_message.info("只有并列、需党委审定的科室（干部）可以审定：请先选中一行橙色的并列行。")
            return
        kind, subject = (UNIT, row.name) if isinstance(row, UnitResult) else (CADRE, row.id)
        label = row.name if kind == UNIT else f"{row.name}（{row.unit}）"
        group = next((g for g in result.ties if g.kind == kind and subject in g.members), None)
        if group is None:
            return
        options = list(group.options)
        # Proposed: the best outcome whose places are not yet given to the others of the tie.
        current = proposed_outcome(self.session.db, self.session.year, group, subject)
        reason = ""
        if row.decided:
            options.append(decision_dialog.CLEAR)
            current = (row.prize or "无") if kind == UNIT else row.grade
            reason = decision_reason(self.session.db, self.session.year, kind, subject)
        answer = decision_dialog.ask_decision(self, f"{group.scope}：{label}", options, current, reason)
        if answer is None:
            return
        outcome, reason = answer
        try:
            if outcome == decision_dialog.CLEAR:
                with self.session.write(f"撤销党委审定：{label}；{reason}") as conn:
                    clear_decision(conn, self.session.year, kind, subject)
                self.decision_message.ok(f"已撤销 {label} 的党委审定，恢复为并列待定。")
            else:
                with self.session.write(f"党委审定：{label} {outcome}；{reason}") as conn:
                    set_decision(self.session.db, conn, self.session.year, kind, subject, outcome, reason)
                self.decision_message.ok(f"已录入党委审定：{label} {outcome}。")
        except AppraisalError as exc:
            self.decision_message.error(f"未保存：{exc}")

    def group_tab(self, group: int) -> GroupTab:
        return self._group_tabs[group]

    # --- 计分明细 ---------------------------------------------------------------------------------------

    def show_explanation(self, *_args: object) -> None:
        """The side panel follows the cursor: the selected unit's or cadre's explanation, in Chinese."""
        if not self.isVisible():
            return  # a hidden page computes nothing; showing it refreshes
        row = self.current_row()
        if not isinstance(row, (UnitResult, CadreResult)):
            self.explanation.clear()
            return
        explained = self.session.explanation()
        if explained is None:
            self.explanation.clear()
            return
        if isinstance(row, UnitResult):
            heading = f"{row.name}　总分 {row.total:.2f}，{self.unit_model.grade_words(row)}"
            self.explanation.show_explanation(heading, explained.units[row.name], row.name)
        else:
            heading = f"{row.name}（{row.unit}）　总分 {row.total:.2f}，{self.cadre_model.grade_words(row)}"
            self.explanation.show_explanation(heading, explained.cadres[row.id], row.unit)

    def toggle_explanation_focus(self) -> None:
        tab = self.tabs.currentWidget()
        view = getattr(tab, "view", None)
        if self.explanation.browser.hasFocus() and view is not None:
            view.setFocus()
        else:
            self.explanation.browser.setFocus()

    def save_detail(self) -> None:
        """考评明细 of the selected row's unit (its page and its cadres' lines), to hand to the unit's head."""
        unit = self.explanation.unit
        if unit is None or self.session.year is None:
            return
        path = ask.save_file(self, "保存考评明细", f"{self.session.year}-考评明细-{unit}.pdf", "PDF 文件 (*.pdf)")
        if not path:
            return
        from app.documents.data import gather
        from app.documents.export import render_document
        from app.documents.output import write_bytes

        try:
            data = gather(self.session.db, self.session.year, self.session.result())
            write_bytes(path, render_document(data, "detail", unit=unit))
        except (AppraisalError, OSError) as exc:
            self.decision_message.error(f"未能保存考评明细：{exc}")
            return
        self.decision_message.ok(f"已保存 {unit} 的考评明细：{path}")

    # --- 优秀名额核定 ------------------------------------------------------------------------------------

    def set_pool_quota(self, index: QModelIndex) -> None:
        """最终优秀等次比例以市人社局审核通过为准: Enter on a pool records the approved number, with the reason."""
        entry = index.data(ROW_ROLE) if index.isValid() else None
        if not isinstance(entry, PoolSummary) or entry.computation is None or self.session.year is None:
            return
        label = pool_label(entry.pool, self.pool_model.category_names())
        overridden = entry.computation.override is not None
        answer = quota_dialog.ask_quota(self, label, entry.computation.text(), entry.quota, overridden)
        if answer is None:
            return
        quota, reason = answer
        try:
            if quota is None:
                with self.session.write(f"撤销优秀名额核定：{label}") as conn:
                    clear_quota_override(self.session.db, conn, self.session.year, entry.pool)
                self.decision_message.ok(f"{label} 的优秀名额恢复为按规则计算。")
            else:
                with self.session.write(f"优秀名额核定：{label} {quota} 名；{reason}") as conn:
                    set_quota_override(self.session.db, conn, self.session.year, entry.pool, str(quota), reason)
                self.decision_message.ok(f"已录入 {label} 的核定优秀名额 {quota} 名。")
        except AppraisalError as exc:
            self.decision_message.error(f"未保存：{exc}")
