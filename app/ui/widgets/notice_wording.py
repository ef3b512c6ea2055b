"""The wording of an official notice's frame (发文机关标志, 文号, 标题, 主送, 署名, 印发…) as a small form: one line
per field, optional paragraphs, a save button. Used by 打印与导出 (the notice of commendation) and by 市对区考绩
(the monthly notice); each page reads and checks the values its own way."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit, QPlainTextEdit, QPushButton, QWidget


class NoticeWordingForm(QGroupBox):
    """Fields keyed by name (`inputs`: one line each, `texts`: paragraphs); Tab moves on. With `enter_saves`,
    Enter in a line presses the save button (keyboard first)."""

    def __init__(
        self,
        title: str,
        fields: Sequence[tuple[str, str]],
        paragraphs: Sequence[tuple[str, str]] = (),
        save_text: str = "保存通报设置(&W)",
        enter_saves: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, parent)
        self.form = QFormLayout(self)
        # Long labels (成文日期（空：考核日期，无则打印时询问）) go above their field when the column is narrow, as
        # beside the preview of 打印与导出 on a 1280-pixel screen, instead of pushing the field out of sight.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.inputs: dict[str, QLineEdit] = {}
        self.texts: dict[str, QPlainTextEdit] = {}
        for key, label in fields:
            edit = QLineEdit()
            edit.setObjectName(f"notice_{key}")
            self.inputs[key] = edit
            self.form.addRow(label, edit)
        for key, label in paragraphs:
            text = QPlainTextEdit()
            text.setObjectName(f"notice_{key}")
            text.setTabChangesFocus(True)
            text.setFixedHeight(70)
            self.texts[key] = text
            self.form.addRow(label, text)
        self.save_button = QPushButton(save_text)
        self.form.addRow("", self.save_button)
        if enter_saves:
            for edit in self.inputs.values():
                edit.returnPressed.connect(self.save_button.click)

    def load(self, values: Mapping[str, object]) -> None:
        """Show `values` (0 and missing values as empty fields)."""
        for key, edit in self.inputs.items():
            value = values.get(key, "")
            edit.setText("" if value in (0, "", None) else str(value))
        for key, text in self.texts.items():
            value = values.get(key, "")
            text.setPlainText("" if value is None else str(value))

    def values(self) -> dict[str, str]:
        """Every field as typed, trimmed."""
        return {
            **{key: edit.text().strip() for key, edit in self.inputs.items()},
            **{key: text.toPlainText().strip() for key, text in self.texts.items()},
        }
