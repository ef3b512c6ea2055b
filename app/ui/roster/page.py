"""干部名册: the people appraised this year, their import from Excel, and their bonus and deduction events.

Seed (干部考核办法): 考核对象为委机关、事业单位科级及以下全体在职工作人员; 公务员 15%、事业单位 10% 优秀比例，
不同职务层次优秀名额不得相互挤占; 科室主要负责人另行评选; 有下列情形的，本年度考核不予评为优秀等次.
Keyboard: Ctrl+F filters the roster, Enter in the roster edits the person, Ctrl+S saves, Ctrl+Shift+N adds a
person; Ctrl+Tab switches to 干部加减分.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSortFilterProxyModel, QStringListModel, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.models import cadre_status, roster
from app.models.errors import AppraisalError
from app.models.roster import CadreFields, ImportPlan
from app.models.store import CadreRow, read_cadre_special_awards, read_cadres
from app.ui.roster.models import RosterModel, RosterPreviewModel
from app.ui.shell.page import Page
from app.ui.shell.session import Session
from app.ui.unit_data.adjustments_editor import AdjustmentEditor, Catalogue
from app.ui.unit_data.adjustments_models import TotalLine
from app.ui.widgets import ask
from app.ui.widgets.messages import MessageLine, error_text, write_or_refuse
from app.ui.widgets.tables import fit_once, list_table

GROUND_LABELS = {
    "受到处分": "①因严重违法违纪行为受到处分",
    "严重失职": "②因工作严重失职造成重大事故、不良影响和后果",
    "其他": "其他（在“不得评优原因”中写明）",
}


def cadre_catalogue(session: Session) -> Catalogue:
    """A person may be typed as 姓名（科室简称）, by name alone when it is unique, or by 编号."""
    scheme = session.scheme()
    year = session.year
    if scheme is None or year is None:
        return Catalogue({}, {})
    short = {u.name: u.short for u in scheme.units}
    cadres = read_cadres(session.db, year)
    labels = {c.id: f"{c.name}（{short.get(c.unit, c.unit)}）" for c in cadres}
    spellings = {label: cid for cid, label in labels.items()}
    names: dict[str, list[str]] = {}
    for cadre in cadres:
        names.setdefault(cadre.name, []).append(cadre.id)
    spellings |= {name: ids[0] for name, ids in names.items() if len(ids) == 1}
    spellings |= {c.id: c.id for c in cadres}
    return Catalogue(spellings, labels)


def cadre_totals(session: Session) -> list[TotalLine]:
    result = session.result()
    if result is None:
        return []
    return [
        TotalLine(c.id, c.name, c.unit, c.bonus, c.deduction, f"不得评优：{c.barred}" if c.barred else "")
        for c in result.cadres
    ]


class ImportPreview(QDialog):
    """Every row the workbook would write and every problem found; 导入 only when there is none."""

    def __init__(self, plan: ImportPlan, source: str, category_names: dict[str, str], parent: QWidget) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(f"导入干部名册：{source}")
        self.resize(1000, 640)
        self.model = RosterPreviewModel(category_names, self)
        self.model.replace_rows(plan.rows)
        self.view = list_table(self.model)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.summary = QLabel(plan.summary())
        self.summary.setWordWrap(True)
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        if plan.problems or plan.conflicts:
            self.problems.setPlainText("\n".join(p.message for p in [*plan.problems, *plan.conflicts]))
            found = [f"{len(plan.problems)} 处错误"] if plan.problems else []
            found += [f"{len(plan.conflicts)} 行与名册中已有人员冲突"] if plan.conflicts else []
            self.summary.setText(
                f"发现{'、'.join(found)}，改正工作簿后重新导入；本次不写入任何数据。\n{plan.summary()}"
            )
            self.summary.setStyleSheet("color: #b00020; font-weight: bold;")
        elif plan.questions():
            self.problems.setPlainText("\n".join(plan.questions()) + "\n导入前会再次询问。")
            self.summary.setStyleSheet("color: #8a4b00; font-weight: bold;")
        else:
            self.problems.setPlainText("没有发现错误。")
            self.problems.setMaximumHeight(60)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("导入", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(plan.ok)
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel("错误（按行）："))
        layout.addWidget(self.problems)
        layout.addWidget(QLabel("预览（绿色新增，黄色更新）："))
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)


class RosterPage(Page):
    title = "干部名册"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.editing: str | None = None
        self.preview: ImportPreview | None = None

        self.finder = QLineEdit()
        self.finder.setPlaceholderText("按姓名、科室查找（Ctrl+F）")
        self.finder.setClearButtonEnabled(True)
        self.import_button = QPushButton("从 Excel 导入名册…")
        self.template_button = QPushButton("导出名册表格（模板）…")
        self.model = RosterModel(parent=self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.view = list_table(self.proxy, line_rows=True)
        fit_once(self.view)
        self.count_label = QLabel()

        self.name_edit = QLineEdit()
        self.unit_edit = QLineEdit()
        self.unit_edit.setPlaceholderText("科室全称或简称")
        self.unit_completer = QCompleter([], self)
        self.unit_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.unit_edit.setCompleter(self.unit_completer)
        self.category_box = QComboBox()
        self.level_box = QComboBox()
        self.level_box.setEditable(True)
        self.head_check = QCheckBox("科室（单位）主要负责人")
        self.barred_box = QComboBox()
        self.barred_box.setEditable(True)
        # Issue 12: 不予评为优秀 on one of the seed's grounds (or 其他 with the reason as the note); 不定等次 /
        # 不参加评优 with its reason (干部办法七); 突出贡献奖 with the committee's decision (干部办法五).
        self.ground_box = QComboBox()
        self.ground_box.setObjectName("barredGround")
        self.ground_box.addItem("（按原因文字判断）", None)
        for ground in cadre_status.GROUNDS:
            self.ground_box.addItem(GROUND_LABELS[ground], ground)
        self.not_assessed_box = QComboBox()
        self.not_assessed_box.setObjectName("notAssessed")
        self.not_assessed_box.addItem("参加评定", None)
        for kind in cadre_status.NOT_ASSESSED_KINDS:
            self.not_assessed_box.addItem(kind, kind)
        self.not_assessed_edit = QLineEdit()
        self.not_assessed_edit.setObjectName("notAssessedReason")
        self.not_assessed_edit.setPlaceholderText("原因，如 脱产培训、借调、试用期、挂职锻炼、军转")
        self.award_check = QCheckBox("突出贡献奖（设 1—2 名，称职及以上）")
        self.award_check.setObjectName("specialAward")
        self.award_edit = QLineEdit()
        self.award_edit.setObjectName("specialAwardReason")
        self.award_edit.setPlaceholderText("依据，如 委党委会议 2018 年第 2 次")
        self.save_button = QPushButton("保存（Ctrl+S）")
        self.new_button = QPushButton("新增人员（Ctrl+Shift+N）")
        self.delete_button = QPushButton("删除此人")
        self.mode_label = QLabel()
        self.message = MessageLine()

        self.cadre_adjustments = AdjustmentEditor(
            session, "cadre", cadre_catalogue, cadre_totals, "科室（单位）", "不得评优"
        )
        self._layout()
        self._connect()

    def _layout(self) -> None:
        roster_tab = QWidget()
        layout = QVBoxLayout(roster_tab)
        top = QHBoxLayout()
        top.addWidget(self.finder, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.import_button)
        top.addWidget(self.template_button)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        form = QFormLayout()
        form.addRow("姓名", self.name_edit)
        form.addRow("科室（单位）", self.unit_edit)
        form.addRow("类别", self.category_box)
        form.addRow("职务层次", self.level_box)
        form.addRow("", self.head_check)
        form.addRow("不得评优原因", self.barred_box)
        form.addRow("不予评优情形", self.ground_box)
        assessed = QHBoxLayout()
        assessed.addWidget(self.not_assessed_box)
        assessed.addWidget(self.not_assessed_edit, 1)
        form.addRow("是否评定等次", assessed)
        award = QHBoxLayout()
        award.addWidget(self.award_check)
        award.addWidget(self.award_edit, 1)
        form.addRow("", award)
        buttons = QHBoxLayout()
        for widget in (self.save_button, self.new_button, self.delete_button):
            buttons.addWidget(widget)
        buttons.addWidget(self.mode_label, 1)
        form.addRow(buttons)
        form.addRow(self.message)
        layout.addLayout(form)
        self.tabs = QTabWidget()
        self.tabs.addTab(roster_tab, "名册")
        self.tabs.addTab(self.cadre_adjustments, "干部加减分")
        outer = QVBoxLayout(self)
        outer.addWidget(self.tabs)

    def _connect(self) -> None:
        self.finder.textChanged.connect(self.proxy.setFilterFixedString)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.view.installEventFilter(self)
        self.finder.installEventFilter(self)
        self.save_button.clicked.connect(self.save)
        self.new_button.clicked.connect(self.new_person)
        self.delete_button.clicked.connect(self.delete_person)
        self.import_button.clicked.connect(self._choose_workbook)
        self.template_button.clicked.connect(self._export_template)
        self.barred_box.lineEdit().returnPressed.connect(self.save)
        self.not_assessed_edit.returnPressed.connect(self.save)
        self.award_edit.returnPressed.connect(self.save)
        roster_tab = self.tabs.widget(0)
        for keys, slot in (
            ("Ctrl+S", self.save),
            ("Ctrl+Shift+N", self.new_person),
            ("Ctrl+F", self._focus_finder),
        ):
            shortcut = QShortcut(QKeySequence(keys), roster_tab, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+Tab"), self, lambda: self.tabs.setCurrentIndex(1 - self.tabs.currentIndex()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.view and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.name_edit.setFocus()
                self.name_edit.selectAll()
                return True
            if watched is self.finder and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down):
                first = self.proxy.index(0, 0)
                if first.isValid():
                    self.view.setCurrentIndex(first)
                self.view.setFocus()
                return True
        return super().eventFilter(watched, event)

    # --- reading --------------------------------------------------------------------------------

    def refresh(self) -> None:
        scheme = self.session.scheme()
        year = self.session.year
        if scheme is None or year is None:
            self.model.replace_rows([])
            self.cadre_adjustments.refresh()
            return
        names = roster.category_names(scheme)
        self.model.category_names = names
        cadres = read_cadres(self.session.db, year)
        current = self.editing
        self.model.replace_rows(cadres)
        self.count_label.setText(f"共 {len(cadres)} 人")
        if self.category_box.count() != len(names):
            self.category_box.clear()
            for cid, label in names.items():
                self.category_box.addItem(label, cid)
        levels = roster.levels(cadres)
        if [self.level_box.itemText(i) for i in range(self.level_box.count())] != levels:
            text = self.level_box.currentText()
            self.level_box.clear()
            self.level_box.addItems(levels)
            self.level_box.setCurrentText(text)
        reasons = ["", *roster.barred_reasons(scheme)]
        if self.barred_box.count() != len(reasons):
            self.barred_box.clear()
            self.barred_box.addItems(reasons)
        self.unit_completer.setModel(QStringListModel(sorted(scheme.unit_names), self.unit_completer))
        if current is not None and self.model.row_of(current) >= 0:
            self.select(current)
        self.cadre_adjustments.refresh()

    def select(self, cadre_id: str) -> None:
        row = self.model.row_of(cadre_id)
        proxy = self.proxy.mapFromSource(self.model.index(row, 0))
        if proxy.isValid():
            self.view.setCurrentIndex(proxy)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        cadre = self.model.cadre(self.proxy.mapToSource(current).row())
        self._load(cadre)

    def _load(self, cadre: CadreRow) -> None:
        self.editing = cadre.id
        self.name_edit.setText(cadre.name)
        self.unit_edit.setText(cadre.unit)
        self.category_box.setCurrentIndex(max(0, self.category_box.findData(cadre.category)))
        self.level_box.setCurrentText(cadre.level)
        self.head_check.setChecked(cadre.is_head)
        self.barred_box.setCurrentText(cadre.barred or "")
        self.ground_box.setCurrentIndex(max(0, self.ground_box.findData(cadre.barred_ground)))
        self.not_assessed_box.setCurrentIndex(max(0, self.not_assessed_box.findData(cadre.not_assessed)))
        self.not_assessed_edit.setText(cadre.not_assessed_reason or "")
        award = next(
            (a for a in read_cadre_special_awards(self.session.db, self.session.year or 0) if a.cadre == cadre.id), None
        )
        self.award_check.setChecked(award is not None)
        self.award_edit.setText(award.reason or "" if award else "")
        self.mode_label.setText(f"正在修改：{cadre.id} {cadre.name}")

    def focus_first(self) -> None:
        self.view.setFocus()  # the roster, not the search box: typed letters and Ctrl+Shift+N then do what they say

    def _focus_finder(self) -> None:
        self.finder.setFocus()
        self.finder.selectAll()

    # --- writing --------------------------------------------------------------------------------

    def fields(self) -> CadreFields:
        return CadreFields(
            name=self.name_edit.text(),
            unit=self.unit_edit.text(),
            category=self.category_box.currentData() or "",
            level=self.level_box.currentText(),
            is_head=self.head_check.isChecked(),
            barred=self.barred_box.currentText(),
        )

    def new_person(self) -> None:
        self.editing = None
        self.view.clearSelection()
        self.view.setCurrentIndex(QModelIndex())
        for edit in (self.name_edit, self.unit_edit):
            edit.clear()
        self.head_check.setChecked(False)
        self.barred_box.setCurrentText("")
        self.ground_box.setCurrentIndex(0)
        self.not_assessed_box.setCurrentIndex(0)
        self.not_assessed_edit.clear()
        self.award_check.setChecked(False)
        self.award_edit.clear()
        self.mode_label.setText("新增人员")
        self.name_edit.setFocus()

    def save(self) -> None:
        scheme, year = self.session.scheme(), self.session.year
        if scheme is None or year is None:
            return
        fields, cadre_id = self.fields(), self.editing
        verb = "修改" if cadre_id else "新增"
        ground = self.ground_box.currentData()
        kind, kind_reason = self.not_assessed_box.currentData(), self.not_assessed_edit.text()
        award, award_reason = self.award_check.isChecked(), self.award_edit.text()

        def write(conn) -> CadreRow:
            db = self.session.db
            row = roster.save_cadre(db, conn, year, scheme, fields, cadre_id)
            if ground is not None:
                cadre_status.set_barred(db, conn, year, row.id, ground, fields.barred or "")
            if not award:  # first: a 突出贡献奖 taken back lets the person be made 不定等次 in the same save
                cadre_status.clear_special_award(conn, year, row.id)
            cadre_status.set_not_assessed(db, conn, year, row.id, kind, kind_reason)
            if award:
                cadre_status.set_special_award(db, conn, year, row.id, award_reason)
            return row

        ok, row = write_or_refuse(self.session, self.message, f"{verb}干部：{fields.name.strip()}", write)
        if ok and row is not None:
            self.message.ok(f"已{verb}：{row.id} {row.name}（{row.unit}，{row.level}）")
            self.editing = row.id
            self.select(row.id)
            self.mode_label.setText(f"正在修改：{row.id} {row.name}")

    def delete_person(self) -> None:
        year, cadre_id = self.session.year, self.editing
        if year is None or cadre_id is None:
            self.message.error("请先在名册中选中要删除的人员。")
            return
        name = self.name_edit.text().strip()
        ok, _ = write_or_refuse(
            self.session,
            self.message,
            f"删除干部：{name}",
            lambda conn: roster.delete_cadre(self.session.db, conn, year, cadre_id),
            f"已删除：{cadre_id} {name}。可在审计日志中撤销。",
        )
        if ok:
            self.new_person()

    # --- Excel ----------------------------------------------------------------------------------

    def _choose_workbook(self) -> None:
        path = ask.open_file(self, "选择干部名册工作簿", "名册 (*.xlsx *.xlsm *.xls *.csv);;所有文件 (*)")
        if path:
            self.import_workbook(path)

    def import_workbook(self, path: str | Path) -> ImportPreview | None:
        """Read and check the workbook, then show the preview (modal, through `ask.run`); nothing is written
        until 导入 is pressed. Returns the preview once it is closed (None when none was shown)."""
        from app.workbooks.roster import read_roster_workbook

        scheme, year = self.session.scheme(), self.session.year
        if scheme is None or year is None:
            return None
        try:
            db = self.session.db
            plan = read_roster_workbook(path, scheme, read_cadres(db, year), roster.earlier_roster(db, year))
        except AppraisalError as exc:
            self.message.error(error_text(exc))
            return None
        source = Path(path).name
        if plan.problems or plan.conflicts:
            count = len(plan.problems) + len(plan.conflicts)
            self.message.error(f"{source}：{count} 处错误或冲突，未导入。")
        self.preview = ImportPreview(plan, source, roster.category_names(scheme), self)
        if ask.run(self.preview):  # 导入 is enabled only for a plan with no problem or conflict
            self._apply_import(plan, source)
        return self.preview

    def _apply_import(self, plan: ImportPlan, source: str) -> None:
        year = self.session.year
        if year is None:
            return
        question = "\n\n".join(plan.questions()) + "\n\n仍要导入吗？"
        if plan.questions() and not ask.confirm(self, "确认导入", question, default_no=True):
            self.message.error(f"未导入 {source}：名册保持不变。")
            return
        ok, written = write_or_refuse(
            self.session,
            self.message,
            f"从 {source} 导入干部名册",
            lambda conn: roster.apply_import(conn, year, plan),
        )
        if ok:
            self.message.ok(f"已从 {source} 导入（共写入 {written} 人）：{plan.summary()}")

    def _export_template(self) -> None:
        path = ask.save_file(self, "保存干部名册表格", "干部名册.xlsx", "Excel 工作簿 (*.xlsx)")
        if path:
            self.export_template(path)

    def export_template(self, path: str | Path) -> None:
        from app.workbooks.roster import write_roster_template

        scheme, year = self.session.scheme(), self.session.year
        if scheme is None or year is None:
            return
        try:
            write_roster_template(path, scheme, read_cadres(self.session.db, year), year)
        except OSError as exc:
            self.message.error(f"无法保存 {path}：{exc.strerror or exc}")
            return
        self.message.ok(f"已导出名册表格：{path}（填写后用“从 Excel 导入名册”导入）")
