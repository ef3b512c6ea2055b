"""The typefaces of the year's documents, on 打印与导出: a banner at the page's top says which face each role
(标题 小标宋, 正文 仿宋, 一级标题 黑体, 二级标题 楷体, 表格 宋体) will be set in and which the PC lacks; a form lets the
clerk pick a face per role from the PC's Chinese TrueType faces (kept in the year file, audited). The faces are
looked up when the page is first shown, never when the window starts."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QPushButton, QWidget

AUTOMATIC = "自动（公文字体，缺则用程序自带）"


class FontsBanner(QLabel):
    """One line per role; amber while a role falls back to a substitute."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fontsBanner")
        self.setWordWrap(True)

    def show_plan(self, plan) -> None:
        lines = plan.role_lines()
        missing = plan.missing()
        head = "文书字体：" + ("公文字体齐全" if not missing else f"本机缺{'、'.join(missing)}（可在下方“字体”中另选）")
        self.setText(head + "\n" + "\n".join(lines))
        self.setStyleSheet("color: #8a4b00;" if missing else "color: #245c1e;")


class FontsBox(QGroupBox):
    """A picker per role (自动, or one of the PC's Chinese TrueType faces) and a save button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("字体（按 GB/T 9704 公文用字）", parent)
        from app.documents.fonts import ROLE_FACES, ROLES

        form = QFormLayout(self)
        self.combos: dict[str, QComboBox] = {}
        for role, use in ROLES.items():
            combo = QComboBox()
            combo.setObjectName(f"font_{role}")
            # long family names must not widen the page's left column
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
            combo.addItem(AUTOMATIC, "")
            self.combos[role] = combo
            form.addRow(f"{use}（{ROLE_FACES[role]}）", combo)
        self.unusable = QLabel()
        self.unusable.setWordWrap(True)
        self.unusable.hide()
        form.addRow(self.unusable)
        self.save_button = QPushButton("保存字体选择(&G)")
        form.addRow("", self.save_button)

    def load(self, families: list[str], choices: Mapping[str, str], unusable: list[str]) -> None:
        """The faces to offer (Chinese TrueType faces of this PC and the shipped ones) and the year's picks; a pick
        this PC does not have stays listed, marked."""
        for role, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(AUTOMATIC, "")
            for family in families:
                combo.addItem(family, family)
            picked = choices.get(role, "")
            if picked and combo.findData(picked) < 0:
                combo.addItem(f"{picked}（本机没有）", picked)
            combo.setCurrentIndex(max(combo.findData(picked), 0))
            combo.blockSignals(False)
        if unusable:
            self.unusable.setText(
                "以下字体为 OpenType/CFF 轮廓，无法嵌入 PDF，未列出："
                + "、".join(unusable)
                + "。请安装其 TrueType 版本。"
            )
        self.unusable.setVisible(bool(unusable))

    def choices(self) -> dict[str, str]:
        return {role: str(combo.currentData() or "") for role, combo in self.combos.items() if combo.currentData()}
