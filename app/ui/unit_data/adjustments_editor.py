"""Keying bonus and deduction events (加减分项目) for units (加分与扣分 page) or cadres (干部名册 page).

Seed (units): 受表彰工作由几个科室（单位）共同承担的，将总分值分解后分别加分；同一事项不重复加分，取最大分值，
加分最高不超过 10 分 … 减分最高不超过 10 分. Seed (cadres): 加分、减分项目最高均不超过 5 分；同一事项不累计加分，
取最大值. The form prefills the seed's points for the chosen category; the engine applies the caps.
Keyboard: Tab through the form, Enter in 对象 adds the typed unit/person, Ctrl+S saves, Ctrl+Shift+N starts a new
event; in the events table Enter loads the event for editing and Delete removes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.models import unit_data
from app.models.errors import ValidationError
from app.models.loader import carried_in, late_event_ids
from app.models.store import AdjustmentRow, read_adjustments
from app.scoring.numbers import round2
from app.ui.shell.session import Session
from app.ui.unit_data.adjustments_models import AdjustmentEventsModel, AdjustmentTotalsModel, EventView, TotalLine
from app.ui.widgets.messages import MessageLine, error_text, write_or_refuse
from app.ui.widgets.table_model import RowTableModel
from app.ui.widgets.tables import fit_once, list_table


@dataclass
class Catalogue:
    """The entities events can name: how the clerk may type them, and how they are shown."""

    spellings: dict[str, str]  # typed text → key (unit name or cadre id)
    labels: dict[str, str]  # key → shown text

    def resolve(self, text: str) -> str | None:
        return self.spellings.get(text.strip())

    def label(self, key: str) -> str:
        return self.labels.get(key, key)


def unit_catalogue(session: Session) -> Catalogue:
    scheme = session.scheme()
    if scheme is None:
        return Catalogue({}, {})
    return Catalogue(dict(scheme.unit_names), {u.name: u.name for u in scheme.units})


def table(model: RowTableModel) -> QTableView:
    view = list_table(model, line_rows=True)
    # Columns are sized to their contents once, when rows first arrive (sizing on every refresh of a
    # 150-row table would cost more than the refresh itself).
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    fit_once(view)
    return view


class AdjustmentEditor(QWidget):
    """The form, the year's events of one target kind, and each entity's capped totals (from the engine)."""

    def __init__(
        self,
        session: Session,
        target_kind: str,
        catalogue: Callable[[Session], Catalogue],
        totals: Callable[[Session], list[TotalLine]],
        context_header: str,
        status_header: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.target_kind = target_kind
        self.who = unit_data.TARGET_NAMES[target_kind]
        self._catalogue_of = catalogue
        self._totals_of = totals
        self.catalogue = Catalogue({}, {})
        self.editing: int | None = None  # the id of the event loaded into the form
        # Categories derived from other data (id → name): never offered for keying; their rows (no id) are
        # listed read-only from `derived_rows`.
        self.derived_categories: dict[str, str] = {}
        self.derived_rows: Callable[[Session], list[AdjustmentRow]] = lambda _session: []

        self.category_box = QComboBox()
        self.option_box = QComboBox()
        self.points_edit = QLineEdit()
        self.points_edit.setPlaceholderText("分值")
        self.target_edit = QLineEdit()
        self.target_edit.setPlaceholderText(f"输入{self.who}名称，回车加入；可加入多个（共同承担，分值分解）")
        self.target_completer = QCompleter([], self)
        self.target_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.target_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.target_edit.setCompleter(self.target_completer)
        self.targets_model = QStringListModel(self)
        self.targets_view = QListView()
        self.targets_view.setModel(self.targets_model)
        self.targets_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.targets_view.setMaximumHeight(64)
        self.split_label = QLabel()
        self.matter_edit = QLineEdit()
        self.matter_edit.setPlaceholderText("事项名称（同一事项只取最大分值）")
        self.matter_completer = QCompleter([], self)
        self.matter_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.matter_edit.setCompleter(self.matter_completer)
        self.date_edit = QLineEdit()
        self.date_edit.setPlaceholderText("日期，如 2017-05-12")
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("说明（依据文件、文号）")
        self.save_button = QPushButton("保存（Ctrl+S）")
        self.new_button = QPushButton("新建（Ctrl+Shift+N）")
        self.mode_label = QLabel()
        self.message = MessageLine()

        self.events_model = AdjustmentEventsModel(self)
        self.events_view = table(self.events_model)
        self.edit_button = QPushButton("编辑所选（Enter）")
        self.delete_button = QPushButton("删除所选（Delete）")
        self.totals_model = AdjustmentTotalsModel(context_header, self)
        self.totals_model.headers = (*self.totals_model.headers[:-1], status_header)
        self.totals_view = table(self.totals_model)
        self.totals_view.horizontalHeader().setStretchLastSection(True)

        self._layout()
        self._connect()

    def _layout(self) -> None:
        form_box = QWidget()
        form = QFormLayout(form_box)
        form.addRow("类别", self.category_box)
        form.addRow("档次", self.option_box)
        form.addRow("分值", self.points_edit)
        form.addRow(self.who, self.target_edit)
        form.addRow("", self.targets_view)
        form.addRow("", self.split_label)
        form.addRow("事项", self.matter_edit)
        form.addRow("日期", self.date_edit)
        form.addRow("说明", self.note_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.mode_label, 1)
        form.addRow(buttons)
        form.addRow(self.message)
        self.form_layout = form

        events_box = QWidget()
        events_layout = QVBoxLayout(events_box)
        events_layout.setContentsMargins(0, 0, 0, 0)
        events_layout.addWidget(QLabel("本年度事项（同一事项排在一起，底色相同）"))
        events_layout.addWidget(self.events_view, 1)
        # 表彰奖励在本年度干部考核之后公布的，相关加分项目计入下一年度: what came in from the year before.
        self.carried_label = QLabel()
        self.carried_label.setObjectName("carriedIn")
        self.carried_label.setWordWrap(True)
        self.carried_label.setStyleSheet("color: #1d4f91;")
        self.carried_label.hide()
        events_layout.addWidget(self.carried_label)
        row = QHBoxLayout()
        row.addWidget(self.edit_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        events_layout.addLayout(row)

        totals_box = QWidget()
        totals_layout = QVBoxLayout(totals_box)
        totals_layout.setContentsMargins(0, 0, 0, 0)
        totals_layout.addWidget(QLabel(f"各{self.who}加减分（按类别和总分封顶后，引擎计算）"))
        totals_layout.addWidget(self.totals_view, 1)
        self.totals_layout = totals_layout
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(form_box)
        top.addWidget(totals_box)
        top.setStretchFactor(0, 1)
        top.setStretchFactor(1, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(events_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def _connect(self) -> None:
        self.category_box.currentIndexChanged.connect(self._category_changed)
        self.option_box.currentIndexChanged.connect(self._option_changed)
        self.points_edit.textChanged.connect(self._show_split)
        self.target_edit.returnPressed.connect(self._add_target)
        self.note_edit.returnPressed.connect(self.save)
        self.save_button.clicked.connect(self.save)
        self.new_button.clicked.connect(self.new_event)
        self.edit_button.clicked.connect(self.load_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.events_view.doubleClicked.connect(self.load_selected)
        self.events_view.installEventFilter(self)
        self.targets_view.installEventFilter(self)
        for keys, slot in (("Ctrl+S", self.save), ("Ctrl+Shift+N", self.new_event)):
            shortcut = QShortcut(QKeySequence(keys), self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.events_view and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.load_selected()
                return True
            if watched is self.events_view and event.key() == Qt.Key.Key_Delete:
                self.delete_selected()
                return True
            if watched is self.targets_view and event.key() == Qt.Key.Key_Delete:
                index = self.targets_view.currentIndex()
                if index.isValid():
                    self.targets_model.removeRows(index.row(), 1)
                    self._show_split()
                return True
        return super().eventFilter(watched, event)

    # --- reading --------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.date_edit.setPlaceholderText(f"日期，如 {self.session.year or 2018}-05-12")  # the year on screen
        scheme = self.session.scheme()
        year = self.session.year
        if scheme is None or year is None:
            self.events_model.replace_rows([])
            self.totals_model.replace_rows([])
            return
        categories = [
            c for c in unit_data.adjustment_categories(scheme, self.target_kind) if c.id not in self.derived_categories
        ]
        if [self.category_box.itemData(i) for i in range(self.category_box.count())] != [c.id for c in categories]:
            self.category_box.blockSignals(True)
            self.category_box.clear()
            for category in categories:
                self.category_box.addItem(category.label, category.id)
            self.category_box.blockSignals(False)
            self._category_changed()
        self.catalogue = self._catalogue_of(self.session)
        self.target_completer.setModel(QStringListModel(sorted(self.catalogue.spellings), self.target_completer))
        stored = read_adjustments(self.session.db, year, self.target_kind)
        self.matter_completer.setModel(
            QStringListModel(sorted({r.matter for r in stored if r.matter}), self.matter_completer)
        )
        rows = [*stored, *self.derived_rows(self.session)]
        names = {**{c.id: c.name for c in categories}, **self.derived_categories}
        notes = unit_data.same_matter_notes(rows)
        for event_id in late_event_ids(self.session.db, year, self.target_kind):
            late = "考核日期之后，计入下一年度"
            notes[event_id] = f"{notes[event_id]}；{late}" if notes.get(event_id) else late
        carried = carried_in(self.session.db, year, self.target_kind)
        self.carried_label.setText(
            "上年度转入（上年度考核日期之后公布，计入本年度）："
            + "；".join(
                f"{e.matter or names.get(e.category, e.category)} {e.points} 分"
                f"（{e.date.isoformat() if e.date else ''}）→ {'、'.join(self.catalogue.label(t) for t in e.targets)}"
                for e in carried
            )
        )
        self.carried_label.setVisible(bool(carried))
        first_of: dict[tuple[str, str], int] = {}
        for row in rows:
            if row.matter:
                first_of.setdefault((row.kind, row.matter), row.id or 0)
        shared = {key for key in first_of if sum(1 for r in rows if r.matter and (r.kind, r.matter) == key) > 1}
        group_index = {key: i for i, key in enumerate(k for k in first_of if k in shared)}
        ordered = sorted(
            rows,
            key=lambda r: (r.id is None, first_of.get((r.kind, r.matter or ""), r.id or 0), r.id or 0),
        )
        views = []
        for row in ordered:
            shares = unit_data.share_of_each(row)
            targets = "、".join(f"{self.catalogue.label(t)} {round2(shares[t]):.2f}" for t in row.targets)
            key = (row.kind, row.matter or "")
            views.append(
                EventView(
                    row,
                    names.get(row.category, row.category),
                    targets,
                    notes.get(row.id or 0, ""),
                    group_index.get(key, -1) if row.matter else -1,
                )
            )
        self.events_model.replace_rows(views)
        self.totals_model.replace_rows(self._totals_of(self.session))
        self._show_split()

    def current_category(self) -> unit_data.CategoryInfo | None:
        scheme = self.session.scheme()
        if scheme is None:
            return None
        wanted = self.category_box.currentData()
        return next((c for c in unit_data.adjustment_categories(scheme, self.target_kind) if c.id == wanted), None)

    def _category_changed(self) -> None:
        category = self.current_category()
        self.option_box.blockSignals(True)
        self.option_box.clear()
        for label, points in category.options if category else ():
            self.option_box.addItem(f"{label}：{points} 分", str(points))
        self.option_box.blockSignals(False)
        self._option_changed()

    def _option_changed(self) -> None:
        points = self.option_box.currentData()
        if points is not None:
            self.points_edit.setText(points)

    def targets(self) -> list[str]:
        return [self.catalogue.resolve(label) or label for label in self.targets_model.stringList()]

    def _add_target(self) -> None:
        text = self.target_edit.text().strip()
        if not text:
            self.matter_edit.setFocus()  # an empty Enter moves on
            return
        key = self.catalogue.resolve(text)
        if key is None:
            self.message.error(f"本年度没有{self.who}“{text}”，请从提示中选择。")
            return
        labels = self.targets_model.stringList()
        label = self.catalogue.label(key)
        if label in labels:
            self.message.error(f"“{label}”已在对象中。")
            return
        self.targets_model.setStringList([*labels, label])
        self.target_edit.clear()
        self.message.ok(f"已加入：{label}")
        self._show_split()

    def _show_split(self) -> None:
        targets = self.targets()
        if not targets:
            self.split_label.setText("")
            return
        try:
            points = unit_data.parse_number(self.points_edit.text(), "分值", "分值")
        except ValidationError:
            self.split_label.setText("")
            return
        row = AdjustmentRow(self.target_kind, "bonus", "", None, points, tuple(targets))
        shares = unit_data.share_of_each(row)
        if len(targets) == 1:
            self.split_label.setText(f"{self.catalogue.label(targets[0])} 记 {round2(shares[targets[0]]):.2f} 分")
        else:
            parts = "、".join(f"{self.catalogue.label(t)} {round2(shares[t]):.2f}" for t in targets)
            self.split_label.setText(f"{len(targets)} 个{self.who}共同承担，分值分解：{parts}")

    # --- writing --------------------------------------------------------------------------------

    def new_event(self) -> None:
        self.editing = None
        self.mode_label.setText("")
        self.targets_model.setStringList([])
        for edit in (self.target_edit, self.matter_edit, self.date_edit, self.note_edit):
            edit.clear()
        self._option_changed()
        self.category_box.setFocus()

    def save(self) -> None:
        scheme = self.session.scheme()
        year = self.session.year
        if scheme is None or year is None:
            return
        if self.target_edit.text().strip():
            self._add_target()
            if self.message.refused:
                return
        try:
            row = unit_data.build_adjustment(
                scheme,
                self.target_kind,
                self.category_box.currentData() or "",
                self.points_edit.text(),
                self.targets(),
                set(self.catalogue.labels),
                self.matter_edit.text(),
                self.date_edit.text(),
                self.note_edit.text(),
                self.editing,
            )
        except ValidationError as exc:
            self.message.error(error_text(exc))
            return
        category = self.category_box.currentText()
        verb = "修改" if self.editing else "新增"
        ok, _ = write_or_refuse(
            self.session,
            self.message,
            f"{verb}{self.who}{unit_data.KIND_NAMES[row.kind]}：{row.matter or category}",
            lambda conn: unit_data.save_adjustment(conn, year, row),
        )
        if ok:
            done = f"已{verb}：{category} {row.points} 分 → {self.split_label.text() or '、'.join(row.targets)}"
            self.new_event()
            self.message.ok(done)

    def refuse_derived(self, view: EventView) -> bool:
        """A derived row (no id) is read-only here: say where it is changed."""
        if view.row.id is not None:
            return False
        self.message.error(f"“{view.category}”由其他数据自动计算，不能在此修改或删除。{view.row.note or ''}")
        return True

    def selected(self) -> EventView | None:
        index = self.events_view.currentIndex()
        return self.events_model.view_at(index.row()) if index.isValid() else None

    def load_selected(self) -> None:
        view = self.selected()
        if view is None:
            self.message.error("请先在事项表中选中一条。")
            return
        if self.refuse_derived(view):
            return
        row = view.row
        self.editing = row.id
        index = self.category_box.findData(row.category)
        self.category_box.setCurrentIndex(index)
        self.points_edit.setText(str(row.points))
        self.targets_model.setStringList([self.catalogue.label(t) for t in row.targets])
        self.matter_edit.setText(row.matter or "")
        self.date_edit.setText(row.date or "")
        self.note_edit.setText(row.note or "")
        self.mode_label.setText(f"正在修改第 {row.id} 号事项（Ctrl+Shift+N 放弃修改）")
        self._show_split()
        self.points_edit.setFocus()

    def delete_selected(self) -> None:
        year = self.session.year
        view = self.selected()
        if view is None or year is None:
            self.message.error("请先在事项表中选中要删除的一条。")
            return
        if self.refuse_derived(view):
            return
        row = view.row
        event_id = row.id or 0
        ok, _ = write_or_refuse(
            self.session,
            self.message,
            f"删除{self.who}{unit_data.KIND_NAMES[row.kind]}：{row.matter or view.category}",
            lambda conn: unit_data.delete_adjustment(conn, year, event_id),
            f"已删除：{view.category} {row.points} 分（{view.targets}）。可在审计日志中撤销。",
        )
        if ok and self.editing == event_id:
            self.new_event()
