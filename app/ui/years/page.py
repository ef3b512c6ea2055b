"""年度与方案: the years in the file, creating a year (from a scheme, or as a copy of another year's scheme —
the seed: next year's items are set next year), editing the chosen year's own scheme, and 审定 (lock) / unlock.

The page only collects what the clerk typed: checking and writing are in app/models/years.py, in one
transaction through `session.write()`.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.models import roster as rm
from app.models import scheme_rows as sr
from app.models import years as ym
from app.models.backup import BackupKind, backup_quietly
from app.models.errors import AppraisalError, Problem, ValidationError
from app.models.jsontext import read_input
from app.models.schemes import Scheme
from app.models.store import YearSettings, read_cadres, read_year_settings
from app.models.year_settings import set_assessment_date, set_quota_mode
from app.scoring.quotas import QUOTA_MODE_NAMES, QUOTA_MODES
from app.ui.scheme.editor import SchemeEditor
from app.ui.scheme.tables import RecordTableModel, read_only_column, record_table
from app.ui.shell.page import Page
from app.ui.shell.session import Session
from app.ui.widgets import ask
from app.ui.widgets.messages import MessageLine

ERROR_STYLE = "color: #b00000; font-weight: bold;"
OK_STYLE = "color: #1d6b1d;"
SCHEME_FILTER = "考评方案 (*.json)"


def year_rows(session: Session) -> list[dict[str, Any]]:
    return [
        {
            "year": info.year,
            "scheme": info.scheme_id,
            "kind": "示例" if info.is_demo else "正式",
            "state": f"已审定（{info.locked_at[:16].replace('T', ' ')}）" if info.locked_at else "编辑中",
            "note": info.lock_reason or "",
        }
        for info in session.years()
    ]


class YearsPage(Page):
    title = "年度与方案"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._loaded_year: int | None = None
        self._loaded_generation = -1
        self._proposed = ""  # the year the 年度 box proposed (replaced when the years change, unlike typing)
        self._roster_source: int | None = None
        self._proposed_source: object = None  # the 方案来源 proposed (the newest year), unless the clerk chose another
        self.dirty = False

        self.tabs = QTabWidget()
        # Not Alt+Y: that is the toolbar's year selector, which the README promises works on every page.
        self.tabs.addTab(self._build_years_tab(), "年度(&D)")
        self.tabs.addTab(self._build_scheme_tab(), "本年度方案(&S)")
        self.message = MessageLine()
        self.message.setObjectName("yearsMessage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)

    # --- building ------------------------------------------------------------------------------

    def _build_years_tab(self) -> QWidget:
        self.year_model = RecordTableModel(
            [
                read_only_column("year", "年度"),
                read_only_column("scheme", "方案"),
                read_only_column("kind", "类型"),
                read_only_column("state", "状态"),
                read_only_column("note", "审定／解锁说明"),
            ],
            "年度表",
        )
        self.year_model.read_only = True
        self.year_view = record_table(self.year_model, stretch_column=4)
        self.year_view.setColumnWidth(3, 200)

        create = QGroupBox("新建年度")
        self.new_year_edit = QLineEdit()
        self.new_year_edit.setObjectName("newYear")
        self.new_year_edit.setMaxLength(4)
        self.new_year_edit.setPlaceholderText("如 2018")
        self.source_combo = QComboBox()
        self.source_combo.setObjectName("yearSource")
        self.source_combo.currentIndexChanged.connect(lambda _i: self._describe_roster())
        self.roster_box = QCheckBox()
        self.roster_box.setObjectName("carryRoster")
        self.roster_box.setChecked(True)
        self.roster_note = QLabel()
        self.roster_note.setWordWrap(True)
        self.roster_note.setStyleSheet("color: #555;")
        self.create_button = QPushButton("新建年度(&N)")
        self.create_button.clicked.connect(self.create_year)
        self.new_year_edit.returnPressed.connect(self.create_year)
        form = QFormLayout(create)
        form.addRow("年度(&R)：", self.new_year_edit)  # Alt+E/Alt+F: the 编辑/文件 menus
        form.addRow("方案来源(&C)：", self.source_combo)
        form.addRow(self.roster_box)
        form.addRow(self.roster_note)
        explained = QLabel("复制方案时只复制科室、项目、名额和规则；得分、评分票和测评票从不复制。")
        explained.setWordWrap(True)
        form.addRow(explained)
        form.addRow(self.create_button)
        # A year whose scheme was edited names its own scheme in the year file: another PC imports it first.
        self.export_scheme_button = QPushButton("导出本年度方案…")
        self.export_scheme_button.clicked.connect(self.export_scheme)
        self.import_scheme_button = QPushButton("导入方案文件…")
        self.import_scheme_button.clicked.connect(self.import_scheme)
        scheme_files = QHBoxLayout()
        scheme_files.addWidget(self.export_scheme_button)
        scheme_files.addWidget(self.import_scheme_button)
        form.addRow(scheme_files)

        lock = QGroupBox("审定（锁定）当前年度")
        self.locked_by_edit = QLineEdit()
        self.locked_by_edit.setObjectName("lockedBy")
        self.lock_note_edit = QLineEdit()
        self.lock_note_edit.setObjectName("lockNote")
        self.lock_note_edit.setPlaceholderText("如：委党委会审定，结果已印发")
        self.lock_button = QPushButton("审定锁定(&L)")
        self.lock_button.clicked.connect(self.lock_year)
        self.unlock_reason_edit = QLineEdit()
        self.unlock_reason_edit.setObjectName("unlockReason")
        self.unlock_reason_edit.setPlaceholderText("必须说明原因，记入操作记录")
        self.unlock_button = QPushButton("解锁(&K)")
        self.unlock_button.clicked.connect(self.unlock_year)
        self.unlock_reason_edit.returnPressed.connect(self.unlock_year)
        self.lock_state = QLabel()
        lock_form = QFormLayout(lock)
        lock_form.addRow(self.lock_state)
        lock_form.addRow("审定人(&B)：", self.locked_by_edit)
        lock_form.addRow("审定说明(&O)：", self.lock_note_edit)
        lock_form.addRow(self.lock_button)
        lock_form.addRow("解锁原因(&W)：", self.unlock_reason_edit)
        lock_form.addRow(self.unlock_button)

        # 本年度考核设置 (issue 12): the assessment date decides which year a late bonus counts in
        # (表彰奖励在本年度干部考核之后公布的，相关加分项目计入下一年度); the quota mode how 优秀 places are reached.
        settings = QGroupBox("本年度考核设置")
        self.assessment_date_edit = QLineEdit()
        self.assessment_date_edit.setObjectName("assessmentDate")
        self.assessment_date_edit.setPlaceholderText("如 2018-01-10（干部考核之日）")
        self.assessment_date_edit.returnPressed.connect(self.save_settings)
        self.quota_mode_combo = QComboBox()
        self.quota_mode_combo.setObjectName("quotaMode")
        self.quota_mode_combo.addItem("按方案（未另行设定）", None)
        for mode in QUOTA_MODES:
            self.quota_mode_combo.addItem(QUOTA_MODE_NAMES[mode], mode)
        self.settings_button = QPushButton("保存考核设置(&G)")
        self.settings_button.clicked.connect(self.save_settings)
        settings_form = QFormLayout(settings)
        date_label = QLabel("考核日期(&A)：")
        date_label.setBuddy(self.assessment_date_edit)
        mode_label = QLabel("优秀名额(&Q)：")
        mode_label.setBuddy(self.quota_mode_combo)
        settings_form.addRow(date_label, self.assessment_date_edit)
        settings_form.addRow(mode_label, self.quota_mode_combo)
        hint = QLabel(
            "考核日期之后公布的表彰奖励，其干部加分计入下一年度。优秀名额：按各职务层次分别取整，"
            "或按类别总人数取整后按人数比例（最大余数）分到各职务层次；个别职务层次可在考评结果的干部页核定。"
        )
        hint.setWordWrap(True)
        settings_form.addRow(hint)
        settings_form.addRow(self.settings_button)

        side_widget = QWidget()
        side = QVBoxLayout(side_widget)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(create)
        side.addWidget(settings)
        side.addWidget(lock)
        side.addStretch(1)
        # On a 768-high screen the three boxes are taller than the page: they scroll, nothing overlaps.
        side_scroll = QScrollArea()
        side_scroll.setWidget(side_widget)
        side_scroll.setWidgetResizable(True)
        side_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        page = QWidget()
        layout = QHBoxLayout(page)
        layout.addWidget(self.year_view, 3)
        layout.addWidget(side_scroll, 2)
        return page

    def _build_scheme_tab(self) -> QWidget:
        self.scheme_title = QLabel()
        self.scheme_title.setStyleSheet("font-weight: bold;")
        self.editor = SchemeEditor()
        self.editor.changed.connect(self._draft_changed)
        self.editor.rejected.connect(self._show_error)
        self.check_label = QLabel()
        self.check_label.setObjectName("schemeCheck")
        self.check_label.setWordWrap(True)
        self.save_button = QPushButton("保存方案（Ctrl+S）")
        self.save_button.clicked.connect(self.save_scheme)
        self.revert_button = QPushButton("放弃修改")
        self.revert_button.clicked.connect(self.revert)
        page = QWidget()
        save_shortcut = QShortcut(QKeySequence.StandardKey.Save, page)
        save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_shortcut.activated.connect(self.save_scheme)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_label, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.scheme_title)
        layout.addWidget(self.editor, 1)
        layout.addLayout(buttons)
        return page

    # --- reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.year_model.set_rows(year_rows(self.session))
        self._fill_sources()
        years = [info.year for info in self.session.years()]
        if not self.new_year_edit.text() or self.new_year_edit.text() == self._proposed:
            # An empty file: the appraisal of the year now running (the year-end meeting is in its December).
            self.new_year_edit.setText(str(max(years) + 1 if years else date.today().year))
            self._proposed = self.new_year_edit.text()
        year = self.session.year
        info = self.session.info()
        locked = bool(info and info.locked_at)
        if info is not None and info.locked_at:
            by = f"，审定人 {info.locked_by or '—'}"
            self.lock_state.setText(f"{year} 年度已审定（{info.locked_at[:16].replace('T', ' ')}{by}）")
            self.lock_state.setStyleSheet(ERROR_STYLE)
        else:
            self.lock_state.setText(f"{year} 年度尚未审定，可以修改。" if year is not None else "没有年度")
            self.lock_state.setStyleSheet(OK_STYLE)
        self.lock_button.setEnabled(year is not None and not locked)
        self._load_settings(year, locked)
        self.unlock_button.setEnabled(locked)
        self.unlock_reason_edit.setEnabled(locked)
        # Reload the draft unless the clerk is editing this same year's scheme.
        if year != self._loaded_year or not self.dirty or locked:
            self._load_scheme()

    def _fill_sources(self) -> None:
        current = self.source_combo.currentData()
        self.source_combo.clear()
        for info in reversed(self.session.years()):
            self.source_combo.addItem(f"复制 {info.year} 年度的方案（不含数据）", f"year:{info.year}")
        for choice in ym.scheme_choices(self.session.db):
            kind = "内置方案" if choice.builtin else "导入方案"
            self.source_combo.addItem(f"{kind}：{choice.title}（{choice.id}）", f"scheme:{choice.id}")
        # The newest year is proposed, also right after a year is created (a choice of the clerk's is kept).
        index = 0 if current is None or current == self._proposed_source else self.source_combo.findData(current)
        self.source_combo.setCurrentIndex(max(index, 0))
        self._proposed_source = self.source_combo.itemData(0)
        self._describe_roster()

    def roster_source(self) -> int | None:
        """The year whose roster 新建年度 carries over: the year whose scheme is copied, else the latest year."""
        source = str(self.source_combo.currentData() or "")
        if source.startswith("year:"):
            return int(source.partition(":")[2])
        years = self.session.years()
        return max(info.year for info in years) if years else None

    def _describe_roster(self) -> None:
        """The box says whose roster, how many people; ticked for a real year, not for the demo year (its people
        are invented), unless the clerk chose otherwise for this same source."""
        source = self.roster_source()
        info = next((y for y in self.session.years() if y.year == source), None)
        count = len(read_cadres(self.session.db, source)) if source else 0
        self.roster_box.setEnabled(bool(count))
        if source is None or not count:
            self.roster_box.setText("带入上一年度的干部名册(&M)")
            self.roster_box.setChecked(False)
            self.roster_note.setText("没有可带入的干部名册：新建后在“干部名册”中录入或从 Excel 导入。")
            self._roster_source = source
            return
        self.roster_box.setText(f"带入 {source} 年度的干部名册（{count} 人，含主要负责人和职务层次）(&M)")
        if source != self._roster_source:
            self.roster_box.setChecked(not (info and info.is_demo))
        self._roster_source = source
        note = "不参评原因不带入；新年度中可在“干部名册”中增删改。"
        if info and info.is_demo:
            note = f"{source} 年度是示例年度，名册是虚构人员，默认不带入。" + note
        self.roster_note.setText(note)

    def _load_scheme(self) -> None:
        year = self.session.year
        self._loaded_year = year
        self.dirty = False
        scheme = self.session.scheme()
        if year is None or scheme is None:
            self.scheme_title.setText("没有年度")
            self.editor.set_body({}, read_only=True)
            self._update_check()
            return
        locked = self.session.locked
        self.scheme_title.setText(
            f"{year} 年度考评方案（{scheme.id}）"
            + ("：已审定锁定，只能查看；如需修改请先解锁" if locked else "：修改后按 Ctrl+S 保存，只影响本年度")
        )
        self.editor.set_body(scheme.body, read_only=locked)
        self._update_check()

    # --- scheme edits --------------------------------------------------------------------------

    def _draft_changed(self) -> None:
        self.dirty = True
        self._update_check()

    def _update_check(self) -> None:
        self.save_button.setEnabled(self.dirty and not self.editor.read_only)
        self.revert_button.setEnabled(self.dirty)
        if not self.editor.draft:
            self.check_label.clear()
            return
        check = ym.check_scheme(self.editor.draft)
        lines = [f"✖ {p}" for p in check.errors[:6]] + [f"⚠ {p}" for p in check.warnings[:6]]
        hidden = len(check.errors) + len(check.warnings) - len(lines)
        if hidden > 0:
            lines.append(f"……另有 {hidden} 条")
        if not lines:
            lines = ["方案检查通过" + ("，尚未保存" if self.dirty else "")]
        elif self.dirty:
            lines.append("（尚未保存）")
        self.check_label.setText("\n".join(lines))
        self.check_label.setStyleSheet(
            ERROR_STYLE if check.errors else ("color: #8a4b00;" if check.warnings else OK_STYLE)
        )

    def save_scheme(self) -> bool:
        year = self.session.year
        if year is None or not self.dirty:
            return False
        draft = self.editor.draft
        if ym.scheme_unchanged(self.session.db, year, draft):
            self._unchanged(year)
            return False
        check = ym.check_scheme(draft)
        if check.errors:
            self._show_error("方案有错误，未保存：\n" + "\n".join(str(p) for p in check.errors))
            return False
        if check.warnings and not ask.confirm(
            self, "年度与方案", "方案有以下问题：\n" + "\n".join(str(p) for p in check.warnings) + "\n\n仍要保存吗？"
        ):
            self._show_error("未保存。")
            return False
        try:
            with self.session.write(f"修改 {year} 年度考评方案") as conn:
                saved = ym.save_scheme(conn, self.session.db, year, draft)
        except AppraisalError as exc:
            self._show_error(f"方案未保存：\n{exc}")
            return False
        if not saved:
            self._unchanged(year)
            return False
        self.dirty = False
        self._load_scheme()
        self._show_ok(f"{year} 年度考评方案已保存。")
        return True

    def _unchanged(self, year: int) -> None:
        """Edits that were all taken back: nothing to save, and the year keeps its scheme's id."""
        self.dirty = False
        self._load_scheme()
        self._show_ok(f"{year} 年度考评方案没有改动，无需保存。")

    def revert(self) -> None:
        self.dirty = False
        self._load_scheme()
        self._show_ok("已放弃未保存的修改。")

    # --- years ---------------------------------------------------------------------------------

    def create_year(self) -> bool:
        text = self.new_year_edit.text().strip()
        try:
            year = sr.parse_int(text, "新建年度·年度", minimum=ym.FIRST_YEAR)
            ym.check_new_year(self.session.db, year)
        except ValidationError as exc:
            self._show_error(str(exc))
            self.new_year_edit.setFocus()
            return False
        source = self.source_combo.currentData()
        if source is None:
            self._show_error("请选择方案来源。")
            return False
        if not self.session.confirm_leaving(f"新建并换到 {year} 年度"):
            return False
        kind, _, value = str(source).partition(":")
        described = f"复制 {value} 年度方案" if kind == "year" else f"方案 {value}"
        roster_from = self.roster_source() if self.roster_box.isChecked() and self.roster_box.isEnabled() else None
        if roster_from is not None:
            described += f"，带入 {roster_from} 年度干部名册"
        carried = None
        try:
            with self.session.write(f"新建 {year} 年度（{described}）", allow_locked=True) as conn:
                if kind == "year":
                    ym.create_year_from(conn, self.session.db, year, copy_of=int(value))
                else:
                    ym.create_year_from(conn, self.session.db, year, scheme_id=str(value))
                if roster_from is not None:
                    units = {
                        unit.name for unit in Scheme(ym.new_year_body(self.session.db, **self._source_args())).units
                    }
                    carried = rm.carry_over_roster(conn, self.session.db, roster_from, year, units)
        except AppraisalError as exc:
            self._show_error(str(exc))
            return False
        self._proposed = ""
        self.new_year_edit.clear()
        self._proposed_source = self.source_combo.currentData()  # used: the next year is proposed from the newest
        self._fill_sources()
        self.session.set_year(year)
        self.year_view.setFocus()  # not the 年度 box, which now proposes the next year: a second Enter makes nothing
        done = f"已新建 {year} 年度（{described}）。"
        if carried is not None:
            done += f"带入干部 {carried.copied} 人"
            if carried.left_out:
                shown = "、".join(carried.left_out[:5]) + ("等" if len(carried.left_out) > 5 else "")
                done += f"；{len(carried.left_out)} 人所在科室不在新方案中，未带入：{shown}"
            done += "。"
        self._show_ok(done + "下一步：在“本年度方案”中核对科室和考评项目，在“干部名册”中核对人员。")
        return True

    def _source_args(self) -> dict[str, Any]:
        kind, _, value = str(self.source_combo.currentData()).partition(":")
        return {"copy_of": int(value)} if kind == "year" else {"scheme_id": value}

    # --- scheme files (moving an edited year's scheme to another PC) ------------------------------

    def export_scheme(self) -> None:
        path = ask.save_file(self, "导出本年度方案", f"{self.session.year}年度考评方案.json", SCHEME_FILTER)
        if path:
            self.export_scheme_to(path)

    def import_scheme(self) -> None:
        path = ask.open_file(self, "导入方案文件", SCHEME_FILTER)
        if path:
            self.import_scheme_from(path)

    def export_scheme_to(self, path: str) -> bool:
        year = self.session.year
        if year is None:
            return False
        try:
            body = ym.export_scheme(self.session.db, year)
            Path(path).write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        except (AppraisalError, OSError) as exc:
            self._show_error(f"方案未导出：{exc}")
            return False
        self._show_ok(
            f"{year} 年度方案（{body.get('id')}）已导出到 {path}。另一台电脑先导入此方案文件，再导入年度文件。"
        )
        return True

    def import_scheme_from(self, path: str) -> bool:
        try:
            data = ym.parse_scheme_file(read_input(path))
            with self.session.write(f"导入考评方案 {Path(path).name}", allow_locked=True) as conn:
                scheme_id = ym.import_scheme(conn, self.session.db, data)
        except ValidationError as exc:
            self._show_error("方案文件有误，未导入：\n" + "\n".join(str(p) for p in exc.problems))
            return False
        except (AppraisalError, OSError, UnicodeDecodeError) as exc:
            self._show_error(f"方案文件未导入：{exc}")
            return False
        self._show_ok(f"已导入考评方案 {scheme_id}：现在可以导入使用它的年度文件，或在“方案来源”中选它新建年度。")
        return True

    def _load_settings(self, year: int | None, locked: bool) -> None:
        settings = read_year_settings(self.session.db, year) if year is not None else YearSettings()
        # The year-end assessment of `year` is held early the next year: the example follows the year on screen.
        self.assessment_date_edit.setPlaceholderText(f"如 {(year or 2017) + 1}-01-10（干部考核之日）")
        self.assessment_date_edit.setText(settings.assessment_date or "")
        self.quota_mode_combo.setCurrentIndex(max(0, self.quota_mode_combo.findData(settings.quota_mode)))
        for widget in (self.assessment_date_edit, self.quota_mode_combo, self.settings_button):
            widget.setEnabled(year is not None and not locked)

    def save_settings(self) -> bool:
        """考核日期 and 优秀名额计算方式 of the chosen year, one audited change."""
        year = self.session.year
        if year is None:
            return False
        mode = self.quota_mode_combo.currentData()
        try:
            with self.session.write(f"{year} 年度考核设置：考核日期、优秀名额计算方式") as conn:
                day = set_assessment_date(self.session.db, conn, year, self.assessment_date_edit.text())
                set_quota_mode(self.session.db, conn, year, mode)
        except AppraisalError as exc:
            self._show_error(str(exc))
            self.assessment_date_edit.setFocus()
            return False
        when = f"考核日期 {day}" if day else "未设考核日期"
        self._show_ok(f"{year} 年度考核设置已保存：{when}，优秀名额{self.quota_mode_combo.currentText()}。")
        return True

    def lock_year(self) -> bool:
        year = self.session.year
        if year is None:
            return False
        if self.dirty:
            self._show_error("方案有未保存的修改，请先保存或放弃，再审定。")
            return False
        note = self.lock_note_edit.text().strip()
        # The seed's 审定 is the point of no return for the year: keep a copy of the file as it was.
        _copy, backup_problem = backup_quietly(self.session.db, BackupKind.LOCK)
        if backup_problem:
            self._show_error(f"{backup_problem}。审定未进行，请先排除备份问题（如磁盘已满）。")
            return False
        try:
            with self.session.write(f"审定锁定 {year} 年度" + (f"：{note}" if note else "")) as conn:
                ym.lock_year(conn, self.session.db, year, self.locked_by_edit.text(), note)
        except AppraisalError as exc:
            self._show_error(str(exc))
            return False
        self.lock_note_edit.clear()
        self._show_ok(f"{year} 年度已审定锁定，任何修改都将被拒绝，除非说明原因后解锁。")
        return True

    def unlock_year(self) -> bool:
        year = self.session.year
        if year is None:
            return False
        reason = self.unlock_reason_edit.text().strip()
        try:
            if not reason:
                raise ValidationError([Problem("解锁原因", "解锁已审定的年度必须说明原因")])
            with self.session.write(f"解锁 {year} 年度：{reason}", allow_locked=True) as conn:
                ym.unlock_year(conn, self.session.db, year, reason)
        except AppraisalError as exc:
            self._show_error(str(exc))
            self.unlock_reason_edit.setFocus()
            return False
        self.unlock_reason_edit.clear()
        self._show_ok(f"{year} 年度已解锁（原因已记入操作记录）。")
        return True

    # --- messages ------------------------------------------------------------------------------

    def _show_error(self, text: str) -> None:
        self.message.error(text)

    def _show_ok(self, text: str) -> None:
        self.message.ok(text)
