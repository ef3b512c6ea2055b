"""清点与核对: issued / returned / keyed / void / verified per form, the keying error rate, the
independent comparison of two keyings with its discrepancies settled one by one, and 废票."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.models.ballots.forms import DEMOCRATIC, FORM_TITLES, LEADER_RATINGS, RATING_FORMS, KeyingError, leader_criteria
from app.models.ballots.keying import set_void
from app.models.ballots.reconciliation import FormCount, form_counts, set_ballot_counts
from app.models.ballots.verification import compare_passes, open_findings, resolve_finding
from app.models.errors import AppraisalError, ValidationError
from app.models.store import read_cadres
from app.ui.shell.page import Page
from app.ui.shell.session import Session
from app.ui.widgets import ask
from app.ui.widgets.table_model import ROW_ROLE, RowTableModel

Index = QModelIndex | QPersistentModelIndex


class CountsModel(RowTableModel):
    COL_FORM, COL_ISSUED, COL_RETURNED, COL_KEYED, COL_VOID, COL_VALID, COL_VERIFIED, COL_SECOND, COL_RATE = range(9)
    HEADERS = ("表格", "发出", "收回", "已录入", "废票", "有效票", "已核对", "第二遍录入", "首遍差错率")

    def __init__(self, page: ReconcilePage) -> None:
        super().__init__(page)
        self.page = page

    def row_key(self, row: FormCount) -> object:
        return row.form  # same forms, new figures: no reset, so an open editor (a count being typed) survives

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (self.COL_ISSUED, self.COL_RETURNED):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == ROW_ROLE:
            return row.form
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() != self.COL_FORM:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        rate = row.error_rate
        sheets = row.form == LEADER_RATINGS  # one sheet per rater: no 废票, no second keying pass
        values = (
            FORM_TITLES[row.form],
            row.issued,
            row.returned,
            f"{row.keyed}（其中扫描 {row.scanned}）" if row.scanned else row.keyed,
            "—" if sheets else row.void,
            row.valid,
            row.verified,
            "—" if sheets else row.second_pass,
            "—" if rate is None else f"{rate * 100:.2f}%（{row.errors_found}/{row.values_checked}）",
        )
        value = values[index.column()]
        if role == Qt.ItemDataRole.EditRole:
            return "" if value is None else str(value)  # a plain line editor: the clerk's text, checked here
        return "" if value is None else value

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        row = self._rows[index.row()]
        text = str(value).strip()
        if text and not text.isdigit():
            self.page.say(f"{FORM_TITLES[row.form]}：“{text}”不是张数")
            return False
        number = int(text) if text else None
        issued, returned = row.issued, row.returned
        if index.column() == self.COL_ISSUED:
            issued = number
        else:
            returned = number
        return self.page.save_counts(row.form, issued, returned)


class FindingsModel(RowTableModel):
    COL_FORM, COL_SERIAL, COL_ROW, COL_COLUMN, COL_FIRST, COL_SECOND = range(6)
    HEADERS = ("表格", "票号", "行", "项目", "第一遍", "第二遍")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.labels: dict[str, str] = {}
        self.columns: dict[str, tuple[str, ...]] = {}

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        f = self._rows[index.row()]
        if role == ROW_ROLE:
            return f.id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        names = self.columns.get(f.form, ())
        column = "测评等次" if f.col is None else (names[f.col] if f.col < len(names) else f"第 {f.col + 1} 项")
        values = (
            FORM_TITLES.get(f.form, f.form),
            f.serial,
            self.labels.get(f.row_key, f.row_key),
            column,
            f.first_value or "（空白）",
            f.second_value or "（空白）",
        )
        return values[index.column()]


class FindingsView(QTableView):
    """A = the first keying is right, B = the second: one key settles the selected discrepancy."""

    def __init__(self, page: ReconcilePage) -> None:
        super().__init__(page)
        self.page = page

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_A, Qt.Key.Key_B):
            self.page.resolve_current(event.key() == Qt.Key.Key_A)
            return
        super().keyPressEvent(event)


class ReconcilePage(Page):
    title = "清点与核对"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        box = QVBoxLayout(self)
        self.notice = QLabel()  # read-only file or locked year, said before the clerk types a count
        self.notice.setObjectName("keyingNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(
            "#keyingNotice { background: #ffe0e0; color: #a00000; font-weight: bold; padding: 4px; }"
        )
        self.notice.hide()
        box.addWidget(self.notice)
        box.addWidget(QLabel("选票清点（“发出”“收回”两列可直接输入张数，回车确认）："))
        self.counts = CountsModel(self)
        self.counts_view = QTableView()
        self.counts_view.setModel(self.counts)
        header = self.counts_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        # 发出/收回 are typed into: wide enough for “1200” and the editor; the 表格 column takes the rest.
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("0000") + 24)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.counts_view.setColumnWidth(column, self.fontMetrics().horizontalAdvance("收回 12000") + 16)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.counts_view.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.counts_view.setMaximumHeight(160)
        box.addWidget(self.counts_view)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setObjectName("reconcileWarnings")
        box.addWidget(self.warnings)

        void_bar = QHBoxLayout()
        self.void_form = QComboBox()
        for form in (*RATING_FORMS, DEMOCRATIC):
            self.void_form.addItem(FORM_TITLES[form], form)
        self.void_serial = QSpinBox()
        self.void_serial.setRange(1, 99999)
        self.void_reason = QLineEdit()
        self.void_reason.setPlaceholderText("废票原因")
        mark = QPushButton("标记废票")
        unmark = QPushButton("取消废票")
        mark.clicked.connect(lambda: self.change_void(True))
        unmark.clicked.connect(lambda: self.change_void(False))
        label = QLabel("已录入的票标记废票(&W)：")
        label.setBuddy(self.void_form)
        for widget in (label, self.void_form, QLabel("票号"), self.void_serial, self.void_reason, mark, unmark):
            void_bar.addWidget(widget)
        void_bar.addStretch(1)
        box.addLayout(void_bar)

        compare_bar = QHBoxLayout()
        compare = QPushButton("比对两遍录入(&C)")
        compare.clicked.connect(self.compare)
        first = QPushButton("第一遍正确 (A)")
        second = QPushButton("第二遍正确 (B)")
        first.clicked.connect(lambda: self.resolve_current(True))
        second.clicked.connect(lambda: self.resolve_current(False))
        merge_first = QPushButton("合并另一台电脑的录入(&M)…")
        merge_first.clicked.connect(lambda: self.choose_batch_file(1))
        merge_second = QPushButton("合并另一台电脑的第二遍录入(&I)…")
        merge_second.clicked.connect(lambda: self.choose_batch_file(2))
        for widget in (compare, first, second, merge_first, merge_second):
            compare_bar.addWidget(widget)
        compare_bar.addStretch(1)
        box.addLayout(compare_bar)
        box.addWidget(QLabel("两遍录入不一致之处（对照纸质票逐条处理：选中后按 A 或 B）："))
        self.findings = FindingsModel(self)
        self.findings_view = FindingsView(self)
        self.findings_view.setModel(self.findings)
        self.findings_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.findings_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.findings_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.findings_view, 1)
        self.status = QLabel()
        self.status.setObjectName("keyingStatus")
        self.status.setStyleSheet("#keyingStatus { color: #a00000; font-weight: bold; }")
        box.addWidget(self.status)

    def say(self, text: str) -> None:
        self.status.setText(text)

    def refresh(self) -> None:
        year = self.session.year
        blocked = None
        if year is not None and self.session.readonly:
            blocked = (
                "数据文件是以只读方式打开的（另一个程序正在编辑它）：本页只能查看，不能填写张数、标记废票或处理差异。"
            )
        elif year is not None and self.session.locked:
            blocked = f"{year} 年度已审定锁定：本页只能查看。如需更正，请先在“年度与方案”中解锁并说明原因。"
        self.notice.setText(blocked or "")
        self.notice.setVisible(blocked is not None)
        scheme = self.session.scheme()
        if year is None or scheme is None:
            self.counts.replace_rows([])
            self.findings.replace_rows([])
            return
        rows = form_counts(self.session.db, year, scheme)
        self.counts.replace_rows(rows)
        warnings = [w for row in rows for w in row.warnings()]
        self.warnings.setText(("⚠ " + "\n⚠ ".join(warnings)) if warnings else "✔ 各表发出、收回、录入、核对数相符。")
        self.warnings.setStyleSheet("color: #a00000;" if warnings else "color: #006000;")
        labels = {u.name: u.short for u in scheme.units}
        labels.update({c.id: f"{c.name}（{c.unit}）" for c in read_cadres(self.session.db, year)})
        self.findings.labels = labels
        self.findings.columns = {form: scheme.criteria(form).names for form in RATING_FORMS}
        self.findings.columns[LEADER_RATINGS] = leader_criteria(scheme)
        current = self.findings_view.currentIndex().row()
        self.findings.replace_rows(open_findings(self.session.db, year))
        if self.findings.rows():
            self.findings_view.selectRow(min(max(current, 0), len(self.findings.rows()) - 1))

    def save_counts(self, form: str, issued: int | None, returned: int | None) -> bool:
        year = self.session.year
        if year is None:
            return False
        try:
            with self.session.write(f"填写{FORM_TITLES[form]}发出/收回张数") as conn:
                set_ballot_counts(conn, year, form, issued, returned)
        except AppraisalError as exc:
            self.say(f"未保存：{exc}")
            return False
        return True

    def compare(self) -> None:
        year = self.session.year
        if year is None:
            return
        summary = []
        try:
            with self.session.write("比对两遍录入") as conn:
                for form in (*RATING_FORMS, DEMOCRATIC):
                    compared, differences = compare_passes(conn, year, form)
                    if compared:
                        summary.append(f"{FORM_TITLES[form]} 比对 {compared} 张，不一致 {differences} 处")
        except AppraisalError as exc:
            self.say(f"未完成：{exc}")
            return
        self.say("；".join(summary) or "没有需要比对的票（两遍都录入且尚未核对的票为零）。")
        self.findings_view.setFocus()

    def resolve_current(self, first_is_right: bool) -> None:
        year = self.session.year
        row = self.findings_view.currentIndex().row()
        if year is None or not 0 <= row < len(self.findings.rows()):
            self.say("请先选中一处不一致。")
            return
        finding = self.findings.rows()[row]
        assert finding.id is not None
        try:
            with self.session.write(f"处理两遍录入差异：{FORM_TITLES.get(finding.form)}第 {finding.serial} 号") as conn:
                resolve_finding(conn, year, finding.id, first_is_right)
        except AppraisalError as exc:
            self.say(f"未保存：{exc}")
            return
        self.say(f"第 {finding.serial} 号：已按{'第一遍' if first_is_right else '第二遍'}录入确认。")

    def change_void(self, void: bool) -> None:
        year = self.session.year
        if year is None:
            return
        form, serial = str(self.void_form.currentData()), self.void_serial.value()
        reason = self.void_reason.text() if void else None
        try:
            with self.session.write(f"{'标记' if void else '取消'}废票：{FORM_TITLES[form]}第 {serial} 号") as conn:
                set_void(conn, year, form, serial, reason)
        except KeyingError as exc:
            self.say(f"未保存：{exc}")
            return
        except AppraisalError as exc:
            self.say(f"未保存：{exc}")
            return
        self.say(f"{FORM_TITLES[form]}第 {serial} 号已{'标记为废票' if void else '取消废票'}。")

    def choose_batch_file(self, keying_pass: int) -> None:
        path = ask.open_file(self, "选择另一台电脑导出的年度文件", "年度文件 (*.json)")
        if path:
            self.merge_batch(path, keying_pass)

    def merge_batch(self, path: str, keying_pass: int) -> None:
        """Ballots keyed on another PC, merged as first or second keying; conflicts listed, nothing overwritten."""
        from pathlib import Path

        from app.models.jsontext import read_input
        from app.models.yearfile.reading import parse_year_file
        from app.models.yearfile.writing import import_ballot_batch

        if self.session.readonly or self.session.locked:
            self.say(f"{self.session.year} 年度已审定锁定或文件只读，不能合并。")
            return
        try:
            data = parse_year_file(read_input(path))
            if isinstance(data, dict) and data.get("year") != self.session.year:
                self.say(f"未合并：文件是 {data.get('year')} 年度，当前是 {self.session.year} 年度。")
                return
            summary = import_ballot_batch(self.session.db, data, keying_pass, source=f"batch:{Path(path).name}")
        except ValidationError as exc:
            self.say("未合并（没有写入任何数据）：\n" + "\n".join(str(p) for p in exc.problems[:12]))
            return
        except (AppraisalError, OSError, UnicodeDecodeError) as exc:
            self.say(f"未合并：{exc}")
            return
        self.session.notify_changed()
        counts = summary.counts
        what = "第二遍录入" if keying_pass == 2 else "录入"
        hint = "请按“比对两遍录入”。" if keying_pass == 2 else ""
        self.say(
            f"已合并另一台电脑的{what}：评分表 {counts.get('unit_ballots', 0)} 张，民主测评票 "
            f"{counts.get('democratic_ballots', 0)} 张，内容相同跳过 {summary.skipped_identical} 张。{hint}"
        )
