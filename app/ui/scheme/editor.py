"""The year's own scheme as editable tables: 科室, 考评项目 (with rule text and structured rules), 分组名额,
加减分类别, 评分要素, 参数. It edits a draft; `YearsPage` checks and saves the draft in one transaction."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.models import years as ym
from app.ui.scheme.tables import (
    Column,
    RecordTableModel,
    cap_column,
    check_column,
    choice_column,
    count_column,
    points_column,
    read_only_column,
    record_table,
    text_column,
)

KIND_RULE = (("deduct", "扣分"), ("add", "加分"))
SCOPE_RULE = (("unit", "本科室"), ("branch", "支部所有科室"))
KIND_CATEGORY = (("bonus", "加分"), ("deduction", "减分"))
FORMS = (("leaders", "班子成员评分表（附件4）"), ("heads", "科室负责人评分表（附件5）"))
TARGETS = (("unit", "科室（单位）加减分"), ("cadre", "干部加减分"))


def _options_column() -> Column:
    def parse(text: str, where: str, row: dict[str, Any]) -> Any:
        return ym.parse_options(text, where)

    return Column("options", "可选分值（情形 分值；…）", parse, show=lambda v: ym.options_text(v or []))


def _buttons(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


class SchemeEditor(QWidget):
    changed = Signal()  # the draft changed
    rejected = Signal(str)  # a cell refused the clerk's text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft: dict[str, Any] = {}
        self.read_only = False
        self._loading = False
        self.tabs = QTabWidget()
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("schemeTitle")
        self.title_edit.textEdited.connect(self._title_edited)
        title_label = QLabel("方案名称(&M)：")
        title_label.setBuddy(self.title_edit)
        title_row = QHBoxLayout()
        title_row.addWidget(title_label)
        title_row.addWidget(self.title_edit, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(title_row)
        layout.addWidget(self.tabs)
        self._build_units()
        self._build_items()
        self._build_groups()
        self._build_categories()
        self._build_criteria()
        self._build_settings()
        for model in self.models():
            model.rejected.connect(self.rejected)

    def models(self) -> list[RecordTableModel]:
        return [
            self.unit_model,
            self.item_model,
            self.rule_model,
            self.group_model,
            self.category_model,
            self.criteria_model,
            self.setting_model,
        ]

    # --- building ------------------------------------------------------------------------------

    def _unit_columns(self) -> list[Column]:
        groups = tuple((g.get("group"), str(g.get("name"))) for g in self.draft.get("groups", []))
        return [
            text_column("name", "全称", unique=True),
            text_column("short", "简称", required=False, unique=True),
            choice_column("group", "组别", groups),
            text_column("branch", "党支部"),
            text_column("head", "负责人", required=False),
        ]

    def _build_units(self) -> None:
        self.unit_model = RecordTableModel(self._unit_columns(), "科室表")
        self.unit_view = record_table(self.unit_model)
        self.unit_view.setColumnWidth(0, 240)
        self.unit_view.setColumnWidth(3, 160)
        self.add_unit_button = QPushButton("添加科室(&A)")
        self.remove_unit_button = QPushButton("删除科室")
        self.add_unit_button.clicked.connect(self._add_unit)
        self.remove_unit_button.clicked.connect(lambda: self._remove(self.unit_view, self.unit_model))
        page = QWidget()
        layout = QVBoxLayout(page)
        hint = QLabel("全称、简称不得重名；组别填组号或组名；党支部用于“支部所有科室扣分”；负责人为科室主要负责人。")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.unit_view, 1)
        layout.addLayout(_buttons(self.add_unit_button, self.remove_unit_button))
        self.tabs.addTab(page, "科室(&1)")
        self.unit_model.edited.connect(self._units_edited)

    def _build_items(self) -> None:
        self.unit_picker = QComboBox()
        self.unit_picker.setEditable(False)
        self.unit_picker.currentIndexChanged.connect(self._unit_picked)
        picker_label = QLabel("科室(&U)：")
        picker_label.setBuddy(self.unit_picker)
        self.sum_label = QLabel()
        self.sum_label.setObjectName("itemSum")
        self.item_model = RecordTableModel(
            [
                read_only_column("id", "编号"),
                text_column("title", "项目"),
                points_column("max", "分值"),
                check_column("may_exceed", "可超过分值"),
                read_only_column("text", "评分标准"),
            ],
            "考评项目",
        )
        self.item_view = record_table(self.item_model, stretch_column=4)
        self.item_view.setColumnWidth(1, 200)
        self.item_view.setColumnWidth(2, 60)
        self.item_view.selectionModel().currentRowChanged.connect(self._item_chosen)
        self.add_item_button = QPushButton("添加项目(&N)")
        self.remove_item_button = QPushButton("删除项目")
        self.add_item_button.clicked.connect(self._add_item)
        self.remove_item_button.clicked.connect(lambda: self._remove(self.item_view, self.item_model))

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
        self.remove_rule_button.clicked.connect(lambda: self._remove(self.rule_view, self.rule_model))

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        picker_row = QHBoxLayout()
        picker_row.addWidget(picker_label)
        picker_row.addWidget(self.unit_picker, 1)
        picker_row.addWidget(self.sum_label, 1)
        top_layout.addLayout(picker_row)
        top_layout.addWidget(self.item_view, 1)
        top_layout.addLayout(_buttons(self.add_item_button, self.remove_item_button))
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(text_label)
        bottom_layout.addWidget(self.text_edit, 1)
        bottom_layout.addWidget(QLabel("结构化规则（录入扣分事项时按此计算）："))
        bottom_layout.addWidget(self.rule_view, 1)
        bottom_layout.addLayout(_buttons(self.add_rule_button, self.remove_rule_button))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setSizes([380, 320])
        self.tabs.addTab(splitter, "考评项目(&2)")
        self.item_model.edited.connect(self._items_edited)
        self.rule_model.edited.connect(self._rules_edited)

    def _build_groups(self) -> None:
        self.group_model = RecordTableModel(
            [
                read_only_column("group", "组号"),
                text_column("name", "组名", unique=True),
                count_column("first_prize", "一等奖名额"),
                count_column("second_prize", "二等奖名额"),
            ],
            "分组名额",
        )
        self.group_view = record_table(self.group_model)
        self.add_group_button = QPushButton("添加组")
        self.remove_group_button = QPushButton("删除组")
        self.add_group_button.clicked.connect(self._add_group)
        self.remove_group_button.clicked.connect(lambda: self._remove(self.group_view, self.group_model))
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("各组一等奖、二等奖名额（委党委审定）。删除仍有科室的组会被拒绝。"))
        layout.addWidget(self.group_view, 1)
        layout.addLayout(_buttons(self.add_group_button, self.remove_group_button))
        self.tabs.addTab(page, "分组名额(&3)")
        self.group_model.edited.connect(self._groups_edited)

    def _build_categories(self) -> None:
        self.target_picker = QComboBox()
        for value, label in TARGETS:
            self.target_picker.addItem(label, value)
        self.target_picker.currentIndexChanged.connect(lambda _i: self._load_categories())
        self.category_model = RecordTableModel(
            [
                read_only_column("id", "编号"),
                text_column("name", "类别", unique=True),
                choice_column("kind", "加/减", KIND_CATEGORY),
                cap_column("cap", "本类上限（空=不限）"),
                _options_column(),
            ],
            "加减分类别",
        )
        self.category_view = record_table(self.category_model, stretch_column=4)
        self.category_view.setColumnWidth(1, 260)
        self.add_category_button = QPushButton("添加类别")
        self.remove_category_button = QPushButton("删除类别")
        self.add_category_button.clicked.connect(self._add_category)
        self.remove_category_button.clicked.connect(lambda: self._remove(self.category_view, self.category_model))
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.target_picker)
        layout.addWidget(self.category_view, 1)
        layout.addLayout(_buttons(self.add_category_button, self.remove_category_button))
        layout.addWidget(QLabel("加分、减分的总上限在“参数”中修改。"))
        self.tabs.addTab(page, "加减分类别(&4)")
        self.category_model.edited.connect(self._categories_edited)

    def _build_criteria(self) -> None:
        self.form_picker = QComboBox()
        for value, label in FORMS:
            self.form_picker.addItem(label, value)
        self.form_picker.currentIndexChanged.connect(lambda _i: self._load_criteria())
        self.criteria_model = RecordTableModel(
            [text_column("name", "评分要素", unique=True), points_column("max", "满分")], "评分要素"
        )
        self.criteria_view = record_table(self.criteria_model, stretch_column=0)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.form_picker)
        layout.addWidget(self.criteria_view, 1)
        self.tabs.addTab(page, "评分要素(&5)")
        self.criteria_model.edited.connect(self._criteria_edited)

    def _build_settings(self) -> None:
        def parse(text: str, where: str, row: dict[str, Any]) -> Any:
            setting = row["setting"]
            return ym.get_setting(ym.put_setting(self.draft, setting, text), setting)

        self.setting_model = RecordTableModel(
            [read_only_column("label", "参数"), Column("value", "数值", parse)], "参数表"
        )
        self.setting_view = record_table(self.setting_model, stretch_column=1)
        self.setting_view.setColumnWidth(0, 260)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("分值结构、加减分总上限和干部考评规则（比例填小数，如 0.15）。"))
        layout.addWidget(self.setting_view, 1)
        self.tabs.addTab(page, "参数(&6)")
        self.setting_model.edited.connect(self._settings_edited)

    # --- loading -------------------------------------------------------------------------------

    def set_body(self, body: dict[str, Any], read_only: bool) -> None:
        self._loading = True
        try:
            self.draft = copy.deepcopy(body)
            self.read_only = read_only
            for model in self.models():
                model.read_only = read_only
            for button in (
                self.add_unit_button,
                self.remove_unit_button,
                self.add_item_button,
                self.remove_item_button,
                self.add_rule_button,
                self.remove_rule_button,
                self.add_group_button,
                self.remove_group_button,
                self.add_category_button,
                self.remove_category_button,
            ):
                button.setEnabled(not read_only)
            self.text_edit.setReadOnly(read_only)
            self.title_edit.setReadOnly(read_only)
            self.title_edit.setText(str(self.draft.get("title", "")))
            self.unit_model.columns = self._unit_columns()
            self.unit_model.set_rows(ym.unit_rows(self.draft))
            self.group_model.set_rows(ym.group_rows(self.draft))
            self._fill_unit_picker()
            self._load_categories()
            self._load_criteria()
            self._load_settings()
        finally:
            self._loading = False

    def _fill_unit_picker(self) -> None:
        current = self.unit_picker.currentData()
        self.unit_picker.blockSignals(True)
        self.unit_picker.clear()
        self.unit_picker.addItem("共性工作（各科室通用）", ym.COMMON)
        for unit in self.draft.get("units", []):
            self.unit_picker.addItem(f"{unit['name']}（业务工作）", unit["name"])
        index = self.unit_picker.findData(current) if current is not None else 0
        self.unit_picker.setCurrentIndex(max(index, 0))
        self.unit_picker.blockSignals(False)
        self._load_items()

    def current_unit(self) -> str:
        return str(self.unit_picker.currentData() or ym.COMMON)

    def choose_unit(self, name: str) -> None:
        self.unit_picker.setCurrentIndex(self.unit_picker.findData(name))

    def _unit_picked(self, _index: int) -> None:
        self._load_items()

    def _load_items(self) -> None:
        unit = self.current_unit()
        self.item_model.set_rows(ym.item_rows(self.draft, unit), "共性工作" if unit == ym.COMMON else unit)
        self._update_sum()
        if self.item_model.rowCount():
            self.item_view.setCurrentIndex(self.item_model.index(0, 1))
        self._item_chosen(self.item_view.currentIndex(), QModelIndex())

    def _item_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        was_loading, self._loading = self._loading, True
        try:
            if current.isValid():
                record = self.item_model.row_record(current.row())
                self.text_edit.setPlainText(record.get("text", ""))
                self.rule_model.set_rows(record.get("rules", []), f"“{record.get('title')}”的评分规则")
            else:
                self.text_edit.setPlainText("")
                self.rule_model.set_rows([])
            self.text_edit.setEnabled(current.isValid())
        finally:
            self._loading = was_loading

    def _load_categories(self) -> None:
        target = str(self.target_picker.currentData())
        self.category_model.set_rows(ym.category_rows(self.draft, target))

    def _load_criteria(self) -> None:
        self.criteria_model.set_rows(ym.criteria_rows(self.draft, str(self.form_picker.currentData())))

    def _load_settings(self) -> None:
        rows = [
            {"label": s.label, "value": ym.get_setting(self.draft, s), "setting": s} for s in ym.settings(self.draft)
        ]
        self.setting_model.set_rows(rows)

    def _update_sum(self) -> None:
        unit = self.current_unit()
        part = "common" if unit == ym.COMMON else "business"
        expected = self.draft.get("parts", {}).get(part, {}).get("points")
        total = ym.points_total(self.item_model.rows())
        ok = expected is None or total == Decimal(ym.num_text(expected))
        name = "共性工作" if part == "common" else "业务工作"
        self.sum_label.setText(
            f"{name}合计 {ym.num_text(ym.json_number(total))} 分"
            + (f" / 应为 {ym.num_text(expected)} 分" if expected else "")
        )
        self.sum_label.setStyleSheet("color: #1d6b1d;" if ok else "color: #b00000; font-weight: bold;")

    # --- edits ---------------------------------------------------------------------------------

    def _changed(self) -> None:
        if not self._loading:
            self.changed.emit()

    def _title_edited(self, text: str) -> None:
        if self._loading or self.read_only:
            return
        self.draft["title"] = text.strip()
        self._changed()

    def _units_edited(self) -> None:
        if self._loading:
            return
        self.draft = ym.put_unit_rows(self.draft, self.unit_model.rows())
        # The table keeps each row's current name as its origin from now on.
        for row, record in enumerate(self.unit_model.rows()):
            self.unit_model.row_record(row)["orig"] = record["name"]
        self._fill_unit_picker()
        self._changed()

    def _items_edited(self) -> None:
        if self._loading:
            return
        self.draft = ym.put_item_rows(self.draft, self.current_unit(), self.item_model.rows())
        self._update_sum()
        self._changed()

    def _rules_edited(self) -> None:
        row = self.item_view.currentIndex().row()
        if self._loading or row < 0:
            return
        self.item_model.update_record(row, rules=self.rule_model.rows())

    def _text_edited(self) -> None:
        row = self.item_view.currentIndex().row()
        if self._loading or row < 0 or self.read_only:
            return
        self.item_model.update_record(row, text=self.text_edit.toPlainText())

    def _groups_edited(self) -> None:
        if self._loading:
            return
        self.draft = ym.put_group_rows(self.draft, self.group_model.rows())
        self.unit_model.columns = self._unit_columns()
        self._changed()

    def _categories_edited(self) -> None:
        if self._loading:
            return
        target = str(self.target_picker.currentData())
        self.draft = ym.put_category_rows(self.draft, target, self.category_model.rows())
        self._changed()

    def _criteria_edited(self) -> None:
        if self._loading:
            return
        form = str(self.form_picker.currentData())
        self.draft = ym.put_criteria_rows(self.draft, form, self.criteria_model.rows())
        self._changed()

    def _settings_edited(self) -> None:
        if self._loading:
            return
        for record in self.setting_model.rows():
            self.draft = ym.put_setting(self.draft, record["setting"], ym.num_text(record["value"]))
        self._changed()

    # --- rows added and removed ----------------------------------------------------------------

    def _add_unit(self) -> None:
        groups = self.draft.get("groups", [])
        n = len(self.draft.get("units", [])) + 1
        name = f"新科室{n}"
        while any(u["name"] == name for u in self.draft.get("units", [])):
            n += 1
            name = f"新科室{n}"
        row = self.unit_model.append_record(
            {"name": name, "short": name, "group": groups[0]["group"] if groups else 1, "branch": "", "head": ""}
        )
        self.unit_view.setCurrentIndex(self.unit_model.index(row, 0))
        self.unit_view.setFocus()

    def _add_item(self) -> None:
        unit = self.current_unit()
        record = {"id": ym.new_item_id(self.draft, unit), "title": "新项目", "max": 1, "text": "", "rules": []}
        if unit == ym.COMMON:
            sections = self.draft.get("parts", {}).get("common", {}).get("sections", [])
            if sections:
                record["section"] = sections[0]["name"]
        record["may_exceed"] = False
        row = self.item_model.append_record(record)
        self.item_view.setCurrentIndex(self.item_model.index(row, 1))
        self.item_view.setFocus()

    def _add_rule(self) -> None:
        if self.item_view.currentIndex().row() < 0:
            return
        row = self.rule_model.append_record(
            {"kind": "deduct", "label": "新情形", "points": 0.5, "per": "次", "cap": None, "scope": "unit"}
        )
        self.rule_view.setCurrentIndex(self.rule_model.index(row, 1))
        self.rule_view.setFocus()

    def _add_group(self) -> None:
        row = self.group_model.append_record(ym.new_group(self.draft))
        self.group_view.setCurrentIndex(self.group_model.index(row, 2))
        self.group_view.setFocus()

    def _add_category(self) -> None:
        target = str(self.target_picker.currentData())
        record = {
            "id": ym.new_category_id(self.draft, target),
            "kind": "bonus",
            "name": "新类别",
            "cap": None,
            "options": [{"label": "每次", "points": 1}],
        }
        row = self.category_model.append_record(record)
        self.category_view.setCurrentIndex(self.category_model.index(row, 1))
        self.category_view.setFocus()

    def _remove(self, view: QTableView, model: RecordTableModel) -> None:
        row = view.currentIndex().row()
        if row >= 0 and not self.read_only:
            model.remove_record(row)
