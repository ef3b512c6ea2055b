"""科室评分: a unit's annex-2 (共性工作) and annex-3 (业务工作) items, scored directly or by deduction events.

Seed: 共性工作和业务工作任务考核，由绩效考核办根据每项工作目标完成情况，按照相应评分细则（附件 2、3）
对应分值计分. Party-building deductions are recorded against the branch: 支部所有科室扣….
Keyboard: Ctrl+F finds a unit (full or short name), Enter goes to its items, typing a number scores the
current item and Enter moves down; Ctrl+E adds a deduction event (次数, 日期, 说明) to the current item; Ctrl+M scores every
item that has neither a score nor an event at full points.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
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

from app.models import unit_data
from app.models.errors import ValidationError
from app.models.loader import load_item_scores
from app.scoring.inputs import Unit
from app.ui.shell.page import Page
from app.ui.shell.session import Session
from app.ui.unit_data.scoring_models import (
    EventLine,
    ItemLine,
    ScoringEventsModel,
    ScoringItemsModel,
    ScoringUnitsModel,
    UnitFilterProxy,
    UnitLine,
)
from app.ui.widgets.entry_table import EntryTableView
from app.ui.widgets.messages import MessageLine, error_text, write_or_refuse
from app.ui.widgets.tables import keep_columns_whole, list_table

KIND_VERB = {"deduct": "扣", "add": "加"}


def rule_label(rule: dict) -> str:
    cap = "" if rule.get("cap") is None else f"，上限{rule['cap']}分"
    branch = "，支部所有科室" if rule.get("scope") == "branch" else ""
    return f"{rule['label']}（每{rule.get('per', '次')}{KIND_VERB[rule['kind']]}{rule['points']}分{cap}{branch}）"


class ScoringPage(Page):
    title = "科室评分"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.unit: str | None = None

        self.group_box = QComboBox()
        self.group_box.setToolTip("只看某一组的科室")
        self.finder = QLineEdit()
        self.finder.setPlaceholderText("输入科室全称或简称查找（Ctrl+F），回车进入")
        self.finder.setClearButtonEnabled(True)
        self.message = MessageLine()

        self.units_model = ScoringUnitsModel(self)
        self.units_proxy = UnitFilterProxy(self)
        self.units_proxy.setSourceModel(self.units_model)
        self.units_view = list_table(self.units_proxy, stretch_last=False)
        self.units_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, ScoringUnitsModel.U_TOTAL + 1):
            self.units_view.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.items_model = ScoringItemsModel(self)
        self.items_model.commit = self._commit_cell
        self.items_view = EntryTableView()
        self.items_view.setModel(self.items_model)
        header = self.items_view.horizontalHeader()
        header.setSectionResizeMode(ScoringItemsModel.I_TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (
            ScoringItemsModel.I_PART,
            ScoringItemsModel.I_MAX,
            ScoringItemsModel.I_SCORE,
            ScoringItemsModel.I_SOURCE,
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.full_marks = QPushButton("未扣分项目记满分（Ctrl+M）")

        self.rule_text = QPlainTextEdit()
        self.rule_text.setReadOnly(True)
        self.rule_text.setPlaceholderText("评分细则")
        self.rule_box = QComboBox()
        self.count_edit = QLineEdit()
        self.count_edit.setPlaceholderText("次数，如 1 或 2")
        self.date_edit = QLineEdit()
        self.date_edit.setPlaceholderText("日期，如 2017-05-12")
        self.date_edit.setToolTip("事件发生的日期（可不填）：2017-05-12、2017.5.12 或 2017年5月12日")
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("说明（依据、文件号）")
        self.add_event = QPushButton("添加扣分事件")
        self.events_model = ScoringEventsModel(self)
        self.events_view = list_table(self.events_model, stretch_last=False)
        self.events_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.events_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.delete_event = QPushButton("删除所选事件（Delete）")

        self._layout()
        self._connect()

    # --- layout ---------------------------------------------------------------------------------

    def _layout(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.group_box)
        left_layout.addWidget(self.finder)
        left_layout.addWidget(self.units_view)

        events = QWidget()
        form = QFormLayout(events)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("细则", self.rule_box)
        entry = QHBoxLayout()
        entry.addWidget(self.count_edit, 1)
        entry.addWidget(self.date_edit, 1)
        entry.addWidget(self.note_edit, 3)
        entry.addWidget(self.add_event)
        form.addRow("次数 日期 说明（Ctrl+E）", entry)
        form.addRow(self.events_view)
        form.addRow(self.delete_event)

        detail = QSplitter(Qt.Orientation.Horizontal)
        detail.addWidget(self.rule_text)
        detail.addWidget(events)
        detail.setStretchFactor(0, 2)
        detail.setStretchFactor(1, 3)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.full_marks)
        right_layout.addLayout(top)
        inner = QSplitter(Qt.Orientation.Vertical)
        inner.addWidget(self.items_view)
        inner.addWidget(detail)
        inner.setStretchFactor(0, 3)
        inner.setStretchFactor(1, 2)
        right_layout.addWidget(inner, 1)
        right_layout.addWidget(self.message)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 1020])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _connect(self) -> None:
        self.group_box.currentIndexChanged.connect(self._group_changed)
        self.finder.textChanged.connect(self._filter_changed)
        self.finder.installEventFilter(self)
        self.units_view.installEventFilter(self)
        self.events_view.installEventFilter(self)
        self.count_edit.returnPressed.connect(self._add_event)
        self.date_edit.returnPressed.connect(self._add_event)
        self.note_edit.returnPressed.connect(self._add_event)
        self.add_event.clicked.connect(self._add_event)
        self.delete_event.clicked.connect(self._delete_event)
        self.full_marks.clicked.connect(self._fill_full_marks)
        self.units_view.selectionModel().currentRowChanged.connect(self._unit_row_changed)
        self.items_view.selectionModel().currentRowChanged.connect(self._item_row_changed)
        QShortcut(QKeySequence("Ctrl+F"), self, self._focus_finder)
        QShortcut(QKeySequence("Ctrl+E"), self, self.count_edit.setFocus)
        QShortcut(QKeySequence("Ctrl+M"), self, self._fill_full_marks)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.finder and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down):
                self._enter_units(go_to_items=key != Qt.Key.Key_Down)
                return True
            if watched is self.units_view and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._enter_items()
                return True
            if watched is self.events_view and key == Qt.Key.Key_Delete:
                self._delete_event()
                return True
        return super().eventFilter(watched, event)

    # --- reading --------------------------------------------------------------------------------

    def refresh(self) -> None:
        scheme = self.session.scheme()
        result = self.session.result()
        example = f"{self.session.year or 2018}-05-12"  # the year on screen, not a fixed one
        self.date_edit.setPlaceholderText(f"日期，如 {example}")
        self.date_edit.setToolTip(
            f"事件发生的日期（可不填）：{example}、{example.replace('-05-', '.5.')} 或 {example[:4]}年5月12日"
        )
        if scheme is None or result is None:
            self.units_model.replace_rows([])
            self.items_model.replace_rows([])
            self.heading.setText("请先在“年度与方案”中建立年度。")
            return
        groups = [(None, "全部科室（单位）")] + [(g.group, f"{g.name}") for g in scheme.groups.values()]
        if self.group_box.count() != len(groups):
            self.group_box.blockSignals(True)
            self.group_box.clear()
            for group, name in groups:
                self.group_box.addItem(name, group)
            self.group_box.blockSignals(False)
        by_name = {u.name: u for u in result.units}
        aliases = {u["name"]: tuple(u.get("aliases", [])) for u in scheme.body["units"]}
        lines = []
        for unit in scheme.units:
            items = len(scheme.items_for_unit(unit.name))
            outcome = by_name.get(unit.name)
            missing = len(outcome.missing_items) if outcome else items
            lines.append(
                UnitLine(unit, items - missing, items, outcome.total if outcome else None, aliases.get(unit.name, ()))
            )
        self.units_model.replace_rows(lines)
        keep_columns_whole(self.units_view)
        if self.unit is None or self.units_model.row_of(self.unit) < 0:
            self.unit = None
            first = self.units_proxy.index(0, 0)
            if first.isValid():
                self.units_view.setCurrentIndex(first)
        self._show_unit()

    def _unit_of_row(self, proxy_index: QModelIndex) -> Unit | None:
        if not proxy_index.isValid():
            return None
        line = self.units_proxy.mapToSource(proxy_index)
        return self.units_model.line(line.row()).unit

    def _show_unit(self) -> None:
        scheme = self.session.scheme()
        result = self.session.result()
        year = self.session.year
        if scheme is None or result is None or year is None or self.unit is None:
            self.items_model.replace_rows([])
            self._show_item()
            return
        unit = next(u for u in scheme.units if u.name == self.unit)
        stored = unit_data.stored_scores(self.session.db, year)
        effective = load_item_scores(self.session.db, year, scheme)
        events = unit_data.events_of_unit(scheme, unit.name, unit_data.read_item_events(self.session.db, year))
        sections = {row["id"]: row.get("section") for row in scheme.item_rows()}
        lines = []
        for item in scheme.items_for_unit(unit.name):
            typed = stored.get((unit.name, item.id))
            label = f"附件2 · {sections.get(item.id) or '共性工作'}" if item.part == "common" else "附件3 · 业务工作"
            lines.append(
                ItemLine(
                    item=item,
                    label=label,
                    stored=typed[0] if typed else None,
                    note=typed[1] if typed else None,
                    effective=effective.get((unit.name, item.id)),
                    events=sum(1 for e in events if e.item == item.id),
                )
            )
        self.items_model.replace_rows(lines)
        outcome = next((u for u in result.units if u.name == unit.name), None)
        if outcome is not None:
            missing = [scheme.items_by_id[i].title for i in outcome.missing_items if i in scheme.items_by_id]
            text = (
                f"<b>{unit.name}</b>（{unit.short}，第{unit.group}组，{unit.branch or '未分支部'}）　"
                f"共性工作 {outcome.common:.2f}　业务工作 {outcome.business:.2f}　"
                f"加分 {outcome.bonus:.2f}　减分 {outcome.deduction:.2f}　总分 <b>{outcome.total:.2f}</b>"
            )
            done = len(lines) - len(missing)
            text += f"<br>已录 {done}/{len(lines)}"
            if missing:
                text += "　<span style='color:#b00020'>缺：" + "、".join(missing[:8])
                text += f" 等 {len(missing)} 项</span>" if len(missing) > 8 else "</span>"
            self.heading.setText(text)
        if not self.items_view.currentIndex().isValid() and lines:
            self.items_view.setCurrentIndex(self.items_model.index(0, ScoringItemsModel.I_SCORE))
        self._show_item()

    def current_item(self) -> ItemLine | None:
        index = self.items_view.currentIndex()
        return self.items_model.line(index.row()) if index.isValid() else None

    def _show_item(self) -> None:
        scheme = self.session.scheme()
        line = self.current_item()
        year = self.session.year
        self.rule_box.clear()
        if scheme is None or line is None or year is None or self.unit is None:
            self.rule_text.setPlainText("")
            self.events_model.replace_rows([])
            return
        rules = unit_data.item_rules(scheme, line.item.id)
        self.rule_text.setPlainText(
            f"{line.item.title}（{line.item.max}分）\n\n{unit_data.item_text(scheme, line.item.id)}"
        )
        for index, rule in enumerate(rules):
            self.rule_box.addItem(rule_label(rule), index)
        enabled = bool(rules)
        for widget in (self.rule_box, self.count_edit, self.date_edit, self.note_edit, self.add_event):
            widget.setEnabled(enabled)
        if not enabled:
            self.rule_box.addItem("本项无结构化扣分细则，请直接录入得分")
        events = unit_data.events_of_unit(scheme, self.unit, unit_data.read_item_events(self.session.db, year))
        lines = []
        for event in events:
            if event.item != line.item.id:
                continue
            rule = rules[int(event.rule)] if event.rule.isdigit() and int(event.rule) < len(rules) else {}
            lines.append(
                EventLine(
                    id=event.id,
                    rule=rule.get("label", f"细则 {event.rule}"),
                    per=rule.get("per", "次"),
                    points=Decimal(str(rule.get("points", 0))),
                    kind=rule.get("kind", "deduct"),
                    count=event.count,
                    target=event.unit or f"{event.branch}（支部所有科室）",
                    note=event.note or "",
                    date=event.date or "",
                )
            )
        self.events_model.replace_rows(lines)

    # --- navigation -----------------------------------------------------------------------------

    def _group_changed(self) -> None:
        self.units_proxy.set_group(self.group_box.currentData())

    def _filter_changed(self, text: str) -> None:
        self.units_proxy.set_text(text)
        first = self.units_proxy.index(0, 0)
        if first.isValid():
            self.units_view.setCurrentIndex(first)

    def _focus_finder(self) -> None:
        self.finder.setFocus()
        self.finder.selectAll()

    def _enter_units(self, go_to_items: bool) -> None:
        first = self.units_proxy.index(0, 0)
        if not first.isValid():
            self.message.error(f"没有名称含“{self.finder.text().strip()}”的科室（单位）。")
            return
        if not self.units_view.currentIndex().isValid():
            self.units_view.setCurrentIndex(first)
        if go_to_items:
            self._enter_items()
        else:
            self.units_view.setFocus()

    def _enter_items(self) -> None:
        """Into the items table, on the first item still missing (else the first item)."""
        lines = self.items_model.rows()
        row = next((i for i, line in enumerate(lines) if line.effective is None), 0)
        if lines:
            self.items_view.setCurrentIndex(self.items_model.index(row, ScoringItemsModel.I_SCORE))
        self.items_view.setFocus()

    def select_unit(self, name: str) -> None:
        row = self.units_model.row_of(name)
        if row >= 0:
            proxy = self.units_proxy.mapFromSource(self.units_model.index(row, 0))
            if proxy.isValid():
                self.units_view.setCurrentIndex(proxy)

    def _unit_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        unit = self._unit_of_row(current)
        name = unit.name if unit else None
        if name != self.unit:
            self.unit = name
            self.items_model.replace_rows([])
            self._show_unit()

    def _item_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_item()

    # --- writing --------------------------------------------------------------------------------

    def _commit_cell(self, item_id: str, column: int, text: str) -> bool:
        scheme = self.session.scheme()
        year = self.session.year
        unit = self.unit
        if scheme is None or year is None or unit is None:
            return False
        item = scheme.items_by_id[item_id]
        stored = unit_data.stored_scores(self.session.db, year).get((unit, item_id))
        if column == ScoringItemsModel.I_NOTE:
            if stored is None:
                self.message.error(f"“{item.title}”还没有录入得分，请先录得分再写备注（扣分依据请记为扣分事件）。")
                return False
            ok, _ = write_or_refuse(
                self.session,
                self.message,
                f"{unit}“{item.title}”备注",
                lambda conn: unit_data.save_item_score(conn, year, scheme, unit, item_id, str(stored[0]), text),
            )
            return ok
        if not text.strip():
            if stored is None:
                return True
            ok, _ = write_or_refuse(
                self.session,
                self.message,
                f"清除{unit}“{item.title}”得分",
                lambda conn: unit_data.clear_item_score(conn, year, unit, item_id),
            )
            return ok
        ok, value = write_or_refuse(
            self.session,
            self.message,
            f"{unit}“{item.title}”得分",
            lambda conn: unit_data.save_item_score(
                conn, year, scheme, unit, item_id, text, stored[1] if stored else None
            ),
        )
        if ok:
            self.message.ok(f"已保存：{unit}“{item.title}”{value} 分（满分 {item.max}）。")
        return ok

    def _add_event(self) -> None:
        scheme = self.session.scheme()
        year = self.session.year
        line = self.current_item()
        unit = self.unit
        if scheme is None or year is None or line is None or unit is None:
            return
        rule_index = self.rule_box.currentData()
        if rule_index is None:
            self.message.error(f"“{line.item.title}”没有结构化扣分细则，请直接录入得分。")
            return
        rule = unit_data.item_rules(scheme, line.item.id)[rule_index]
        try:
            unit_data.parse_date(self.date_edit.text(), unit_data.event_date_where(line.item))
        except ValidationError as exc:  # checked again when written; here only to put the cursor on it
            self.message.error(error_text(exc))
            self.date_edit.setFocus()
            self.date_edit.selectAll()
            return
        branch = next(u.branch for u in scheme.units if u.name == unit)
        where = f"{branch}（支部所有科室）" if rule.get("scope") == "branch" and branch else unit
        ok, _ = write_or_refuse(
            self.session,
            self.message,
            f"{where}“{line.item.title}”扣分事件",
            lambda conn: unit_data.add_item_event(
                conn,
                year,
                scheme,
                unit,
                line.item.id,
                rule_index,
                self.count_edit.text(),
                self.note_edit.text(),
                self.date_edit.text(),
            ),
        )
        if ok:
            recorded = f"已记：{where}“{line.item.title}”{rule['label']} {self.count_edit.text().strip()} 次"
            targets = [unit] if where == unit else [x.name for x in scheme.units if x.branch == branch]
            scored = unit_data.units_with_direct_score(self.session.db, year, targets, line.item.id)
            if scored:  # the loader lets an explicit score win over events: the total does not move
                self.message.warn(
                    f"{recorded}，但{'、'.join(scored[:3])}{'等' if len(scored) > 3 else ''}的这一项已直接录入得分，"
                    "得分以直接录入为准，总分不变。要按扣分事件计分，请先删除直接录入的得分。"
                )
            else:
                self.message.ok(recorded + "。")
            self.count_edit.clear()
            self.date_edit.clear()
            self.note_edit.clear()
            self.count_edit.setFocus()

    def _delete_event(self) -> None:
        year = self.session.year
        index = self.events_view.currentIndex()
        if year is None or not index.isValid():
            self.message.error("请先在事件表中选中要删除的扣分事件。")
            return
        event = self.events_model.line(index.row())
        write_or_refuse(
            self.session,
            self.message,
            f"删除扣分事件：{event.rule}",
            lambda conn: unit_data.delete_item_event(conn, year, event.id),
            f"已删除扣分事件：{event.rule}（{event.target}）。",
        )

    def _fill_full_marks(self) -> None:
        scheme = self.session.scheme()
        year = self.session.year
        unit = self.unit
        if scheme is None or year is None or unit is None:
            return
        ok, filled = write_or_refuse(
            self.session,
            self.message,
            f"{unit}未扣分项目记满分",
            lambda conn: unit_data.fill_full_marks(self.session.db, conn, year, scheme, unit),
        )
        if ok:
            self.message.ok(f"{unit}：{filled} 个未录项目记满分。")
