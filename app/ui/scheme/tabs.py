"""The scheme editor's plain tabs: 科室, 分组名额, 加减分类别, 评分要素, 参数 (考评项目 is items_tab.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from app.models import scheme_rows as sr
from app.ui.scheme.draft import RecordTab, SchemeDraft
from app.ui.scheme.tables import (
    Column,
    RecordTableModel,
    cap_column,
    choice_column,
    count_column,
    points_column,
    read_only_column,
    record_table,
    text_column,
)

KIND_CATEGORY = (("bonus", "加分"), ("deduction", "减分"))
FORMS = (("leaders", "班子成员评分表（附件4）"), ("heads", "科室负责人评分表（附件5）"))
TARGETS = (("unit", "科室（单位）加减分"), ("cadre", "干部加减分"))


class UnitsTab(RecordTab):
    def __init__(self, draft: SchemeDraft, parent: QWidget | None = None) -> None:
        model = RecordTableModel(self.columns(draft), "科室表")
        view = record_table(model)
        view.setColumnWidth(0, 240)
        view.setColumnWidth(3, 160)
        super().__init__(draft, model, view, "添加科室(&A)", "删除科室", parent)
        hint = QLabel("全称、简称不得重名；组别填组号或组名；党支部用于“支部所有科室扣分”；负责人为科室主要负责人。")
        hint.setWordWrap(True)
        self.lay_out([hint])
        draft.changed.connect(self._draft_changed)

    @staticmethod
    def columns(draft: SchemeDraft) -> list[Column]:
        groups = tuple((g.get("group"), str(g.get("name"))) for g in draft.body.get("groups", []))
        return [
            text_column("name", "全称", unique=True),
            text_column("short", "简称", required=False, unique=True),
            choice_column("group", "组别", groups),
            text_column("branch", "党支部"),
            text_column("head", "负责人", required=False),
        ]

    def _draft_changed(self, part: str) -> None:
        if part == "groups":  # the 组别 column offers the groups as they are now
            self.model.columns = self.columns(self.draft)

    def load(self) -> None:
        self.model.columns = self.columns(self.draft)
        self.model.set_rows(sr.unit_rows(self.draft.body))

    def store(self) -> None:
        body = sr.put_unit_rows(self.draft.body, self.model.rows())
        # The table keeps each row's current name as its origin from now on.
        for row, record in enumerate(self.model.rows()):
            self.model.row_record(row)["orig"] = record["name"]
        self.draft.put(body, "units")

    def add(self) -> None:
        units = self.draft.body.get("units", [])
        groups = self.draft.body.get("groups", [])
        n = len(units) + 1
        name = f"新科室{n}"
        while any(u["name"] == name for u in units):
            n += 1
            name = f"新科室{n}"
        self.append(
            {"name": name, "short": name, "group": groups[0]["group"] if groups else 1, "branch": "", "head": ""}, 0
        )


class GroupsTab(RecordTab):
    def __init__(self, draft: SchemeDraft, parent: QWidget | None = None) -> None:
        model = RecordTableModel(
            [
                read_only_column("group", "组号"),
                text_column("name", "组名", unique=True),
                count_column("first_prize", "一等奖名额"),
                count_column("second_prize", "二等奖名额"),
            ],
            "分组名额",
        )
        super().__init__(draft, model, record_table(model), "添加组", "删除组", parent)
        self.lay_out([QLabel("各组一等奖、二等奖名额（委党委审定）。删除仍有科室的组会被拒绝。")])

    def load(self) -> None:
        self.model.set_rows(sr.group_rows(self.draft.body))

    def store(self) -> None:
        self.draft.put(sr.put_group_rows(self.draft.body, self.model.rows()), "groups")

    def add(self) -> None:
        self.append(sr.new_group(self.draft.body), 2)


def _options_column() -> Column:
    def parse(text: str, where: str, row: dict[str, Any]) -> Any:
        return sr.parse_options(text, where)

    return Column("options", "可选分值（情形 分值；…）", parse, show=lambda v: sr.options_text(v or []))


class CategoriesTab(RecordTab):
    """The bonus and deduction categories of units or of cadres (the picker above the table)."""

    def __init__(self, draft: SchemeDraft, parent: QWidget | None = None) -> None:
        model = RecordTableModel(
            [
                read_only_column("id", "编号"),
                text_column("name", "类别", unique=True),
                choice_column("kind", "加/减", KIND_CATEGORY),
                cap_column("cap", "本类上限（空=不限）"),
                _options_column(),
            ],
            "加减分类别",
        )
        view = record_table(model, stretch_column=4)
        view.setColumnHidden(0, True)  # the category's code (honor_city) is the file's, not the clerk's
        view.setColumnWidth(1, 260)
        super().__init__(draft, model, view, "添加类别", "删除类别", parent)
        self.target_picker = QComboBox()
        for value, label in TARGETS:
            self.target_picker.addItem(label, value)
        self.target_picker.currentIndexChanged.connect(lambda _i: self.load())
        self.lay_out([self.target_picker], [QLabel("加分、减分的总上限在“参数”中修改。")])

    def target(self) -> str:
        return str(self.target_picker.currentData())

    def load(self) -> None:
        self.model.set_rows(sr.category_rows(self.draft.body, self.target()))

    def store(self) -> None:
        self.draft.put(sr.put_category_rows(self.draft.body, self.target(), self.model.rows()), "categories")

    def add(self) -> None:
        record = {
            "id": sr.new_category_id(self.draft.body, self.target()),
            "kind": "bonus",
            "name": "新类别",
            "cap": None,
            "options": [{"label": "每次", "points": 1}],
        }
        self.append(record, 1)


class CriteriaTab(RecordTab):
    """The rating forms' criteria (附件4 or 附件5, the picker above the table)."""

    def __init__(self, draft: SchemeDraft, parent: QWidget | None = None) -> None:
        model = RecordTableModel(
            [text_column("name", "评分要素", unique=True), points_column("max", "满分")], "评分要素"
        )
        super().__init__(draft, model, record_table(model, stretch_column=0), parent=parent)
        self.form_picker = QComboBox()
        for value, label in FORMS:
            self.form_picker.addItem(label, value)
        self.form_picker.currentIndexChanged.connect(lambda _i: self.load())
        self.lay_out([self.form_picker])

    def form(self) -> str:
        return str(self.form_picker.currentData())

    def load(self) -> None:
        self.model.set_rows(sr.criteria_rows(self.draft.body, self.form()))

    def store(self) -> None:
        self.draft.put(sr.put_criteria_rows(self.draft.body, self.form(), self.model.rows()), "criteria")


class SettingsTab(RecordTab):
    """分值结构, caps and the cadre rules: one number per row, checked as the scheme checks it."""

    def __init__(self, draft: SchemeDraft, parent: QWidget | None = None) -> None:
        def parse(text: str, where: str, row: dict[str, Any]) -> Any:
            setting = row["setting"]
            return sr.get_setting(sr.put_setting(draft.body, setting, text), setting)

        model = RecordTableModel([read_only_column("label", "参数"), Column("value", "数值", parse)], "参数表")
        view = record_table(model, stretch_column=1)
        view.setColumnWidth(0, 260)
        super().__init__(draft, model, view, parent=parent)
        self.lay_out([QLabel("分值结构、加减分总上限和干部考评规则（比例填小数，如 0.15）。")])

    def load(self) -> None:
        body = self.draft.body
        rows = [{"label": s.label, "value": sr.get_setting(body, s), "setting": s} for s in sr.settings(body)]
        self.model.set_rows(rows)

    def store(self) -> None:
        body = self.draft.body
        for record in self.model.rows():
            body = sr.put_setting(body, record["setting"], sr.num_text(record["value"]))
        self.draft.put(body, "settings")
