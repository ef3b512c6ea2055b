"""The year's own scheme as editable tables, one tab each: 科室, 考评项目 (with rule text and structured rules),
分组名额, 加减分类别, 评分要素, 参数. The tabs edit one shared draft (draft.py); `YearsPage` checks and saves
the draft in one transaction."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTabWidget, QVBoxLayout, QWidget

from app.ui.scheme.draft import RecordTab, SchemeDraft
from app.ui.scheme.items_tab import ItemsTab
from app.ui.scheme.tabs import CategoriesTab, CriteriaTab, GroupsTab, SettingsTab, UnitsTab


class SchemeEditor(QWidget):
    changed = Signal()  # the draft changed
    rejected = Signal(str)  # a cell refused the clerk's text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._draft = SchemeDraft(self)
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("schemeTitle")
        self.title_edit.textEdited.connect(self._title_edited)
        title_label = QLabel("方案名称(&M)：")
        title_label.setBuddy(self.title_edit)
        title_row = QHBoxLayout()
        title_row.addWidget(title_label)
        title_row.addWidget(self.title_edit, 1)

        self.units = UnitsTab(self._draft)
        self.items = ItemsTab(self._draft)
        self.groups = GroupsTab(self._draft)
        self.categories = CategoriesTab(self._draft)
        self.criteria = CriteriaTab(self._draft)
        self.settings = SettingsTab(self._draft)
        self.tabs = QTabWidget()
        for tab, label in self.labelled_tabs():
            self.tabs.addTab(tab, label)
            tab.model.rejected.connect(self.rejected)
        self.items.rule_model.rejected.connect(self.rejected)
        self._draft.changed.connect(lambda _part: self.changed.emit())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(title_row)
        layout.addWidget(self.tabs)

    def labelled_tabs(self) -> list[tuple[RecordTab, str]]:
        return [
            (self.units, "科室(&1)"),
            (self.items, "考评项目(&2)"),
            (self.groups, "分组名额(&3)"),
            (self.categories, "加减分类别(&4)"),
            (self.criteria, "评分要素(&5)"),
            (self.settings, "参数(&6)"),
        ]

    @property
    def draft(self) -> dict[str, Any]:
        """The scheme as edited so far (a JSON object)."""
        return self._draft.body

    @property
    def read_only(self) -> bool:
        return self._draft.read_only

    def set_body(self, body: dict[str, Any], read_only: bool) -> None:
        self._draft.loading = True
        try:
            self._draft.load(body, read_only)
            self.title_edit.setReadOnly(read_only)
            self.title_edit.setText(str(body.get("title", "")))
            for tab, _label in self.labelled_tabs():
                tab.set_read_only(read_only)
                tab.load()
        finally:
            self._draft.loading = False

    def _title_edited(self, text: str) -> None:
        if self._draft.loading or self._draft.read_only:
            return
        self._draft.put({**self._draft.body, "title": text.strip()}, "title")
