"""The scheme editor's 考评项目 tab: one unit's items (or the common ones), the chosen item's rule text and
its structured rules, and whether the items add up to the part's points."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.models import scheme_rows as sr
from app.ui.scheme.draft import RecordTab, SchemeDraft, button_row
from app.ui.scheme.tables import (
    RecordTableModel,
    cap_column,
    check_column,
    choice_column,
    points_column,
    read_only_column,
    record_table,
    text_column,
)

KIND_RULE = (("deduct", "扣分"), ("add", "加分"))
SCOPE_RULE = (("unit", "本科室"), ("branch", "支部所有科室"))


class ItemsTab(RecordTab):
    def __init__(self, draft: SchemeDraft, parent: QWidget | None = None) -> None:
        model = RecordTableModel(
            [
                read_only_column("id", "编号"),
                text_column("title", "项目"),
                points_column("max", "分值"),
                check_column("may_exceed", "可超过分值"),
                read_only_column("text", "评分标准"),
            ],
            "考评项目",
        )
        view = record_table(model, stretch_column=4)
        view.setColumnHidden(0, True)  # the item's code (b01-01) is the file's, not the clerk's
        view.setColumnWidth(1, 200)
        view.setColumnWidth(2, 60)
        super().__init__(draft, model, view, "添加项目(&N)", "删除项目", parent)
        self._showing_item = False  # the rule text and rules are being filled in, not typed

        self.unit_picker = QComboBox()
        self.unit_picker.setEditable(False)
        self.unit_picker.currentIndexChanged.connect(lambda _i: self._load_items())
        picker_label = QLabel("科室(&U)：")
        picker_label.setBuddy(self.unit_picker)
        self.sum_label = QLabel()
        self.sum_label.setObjectName("itemSum")
        self.view.selectionModel().currentRowChanged.connect(self._item_chosen)

        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("ruleText")
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.textChanged.connect(self._text_edited)
        text_label = QLabel("评分标准（原文）(&T)：")
        text_label.setBuddy(self.text_edit)
        self.rule_model = RecordTableModel(
            [
                choice_column("kind", "类型", KIND_RULE),
                text_column("label", "情形"),
                points_column("points", "每次分值"),
                text_column("per", "计量", required=False),
                cap_column("cap", "上限（空=不限）"),
                choice_column("scope", "适用范围", SCOPE_RULE),
            ],
            "评分规则",
        )
        self.rule_view = record_table(self.rule_model, stretch_column=1)
        self.add_rule_button = QPushButton("添加规则(&R)")
        self.remove_rule_button = QPushButton("删除规则")
        self.add_rule_button.clicked.connect(self._add_rule)
        self.remove_rule_button.clicked.connect(self._remove_rule)
        self.rule_model.edited.connect(self._rules_edited)
        draft.changed.connect(self._draft_changed)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        picker_row = QHBoxLayout()
        picker_row.addWidget(picker_label)
        picker_row.addWidget(self.unit_picker, 1)
        picker_row.addWidget(self.sum_label, 1)
        top_layout.addLayout(picker_row)
        top_layout.addWidget(self.view, 1)
        top_layout.addLayout(button_row(*self.buttons()))
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(text_label)
        bottom_layout.addWidget(self.text_edit, 1)
        bottom_layout.addWidget(QLabel("结构化规则（录入扣分事项时按此计算）："))
        bottom_layout.addWidget(self.rule_view, 1)
        bottom_layout.addLayout(button_row(self.add_rule_button, self.remove_rule_button))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setSizes([380, 320])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.rule_model.read_only = read_only
        for button in (self.add_rule_button, self.remove_rule_button):
            button.setEnabled(not read_only)
        self.text_edit.setReadOnly(read_only)

    # --- the unit -------------------------------------------------------------------------------

    def load(self) -> None:
        """Refill the unit picker (keeping the unit chosen) and show its items."""
        current = self.unit_picker.currentData()
        self.unit_picker.blockSignals(True)
        self.unit_picker.clear()
        self.unit_picker.addItem("共性工作（各科室通用）", sr.COMMON)
        for unit in self.draft.body.get("units", []):
            self.unit_picker.addItem(f"{unit['name']}（业务工作）", unit["name"])
        index = self.unit_picker.findData(current) if current is not None else 0
        self.unit_picker.setCurrentIndex(max(index, 0))
        self.unit_picker.blockSignals(False)
        self._load_items()

    def _draft_changed(self, part: str) -> None:
        if part == "units":  # renamed, added or removed units: the picker follows
            self.load()

    def current_unit(self) -> str:
        return str(self.unit_picker.currentData() or sr.COMMON)

    def choose_unit(self, name: str) -> None:
        self.unit_picker.setCurrentIndex(self.unit_picker.findData(name))

    def _load_items(self) -> None:
        unit = self.current_unit()
        self.model.set_rows(sr.item_rows(self.draft.body, unit), "共性工作" if unit == sr.COMMON else unit)
        self._update_sum()
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 1))
        self._item_chosen(self.view.currentIndex(), QModelIndex())

    def _update_sum(self) -> None:
        unit = self.current_unit()
        part = "common" if unit == sr.COMMON else "business"
        expected = self.draft.body.get("parts", {}).get(part, {}).get("points")
        total = sr.points_total(self.model.rows())
        ok = expected is None or total == Decimal(sr.num_text(expected))
        name = "共性工作" if part == "common" else "业务工作"
        self.sum_label.setText(
            f"{name}合计 {sr.num_text(sr.json_number(total))} 分"
            + (f" / 应为 {sr.num_text(expected)} 分" if expected else "")
        )
        self.sum_label.setStyleSheet("color: #1d6b1d;" if ok else "color: #b00000; font-weight: bold;")

    # --- the item -------------------------------------------------------------------------------

    def _item_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._showing_item = True
        try:
            if current.isValid():
                record = self.model.row_record(current.row())
                self.text_edit.setPlainText(record.get("text", ""))
                self.rule_model.set_rows(record.get("rules", []), f"“{record.get('title')}”的评分规则")
            else:
                self.text_edit.setPlainText("")
                self.rule_model.set_rows([])
            self.text_edit.setEnabled(current.isValid())
        finally:
            self._showing_item = False

    def _quiet(self) -> bool:
        return self.draft.loading or self._showing_item

    def store(self) -> None:
        self.draft.put(sr.put_item_rows(self.draft.body, self.current_unit(), self.model.rows()), "items")
        self._update_sum()

    def _edited(self) -> None:
        if not self._quiet():
            self.store()

    def _rules_edited(self) -> None:
        row = self.view.currentIndex().row()
        if not self._quiet() and row >= 0:
            self.model.update_record(row, rules=self.rule_model.rows())

    def _text_edited(self) -> None:
        row = self.view.currentIndex().row()
        if not self._quiet() and row >= 0 and not self.draft.read_only:
            self.model.update_record(row, text=self.text_edit.toPlainText())

    def add(self) -> None:
        unit = self.current_unit()
        record = {"id": sr.new_item_id(self.draft.body, unit), "title": "新项目", "max": 1, "text": "", "rules": []}
        if unit == sr.COMMON:
            sections = self.draft.body.get("parts", {}).get("common", {}).get("sections", [])
            if sections:
                record["section"] = sections[0]["name"]
        record["may_exceed"] = False
        self.append(record, 1)

    def _add_rule(self) -> None:
        if self.view.currentIndex().row() < 0:
            return
        row = self.rule_model.append_record(
            {"kind": "deduct", "label": "新情形", "points": 0.5, "per": "次", "cap": None, "scope": "unit"}
        )
        self.rule_view.setCurrentIndex(self.rule_model.index(row, 1))
        self.rule_view.setFocus()

    def _remove_rule(self) -> None:
        row = self.rule_view.currentIndex().row()
        if row >= 0 and not self.draft.read_only:
            self.rule_model.remove_record(row)
