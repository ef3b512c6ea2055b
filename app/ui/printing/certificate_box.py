"""奖状 on the office's pre-printed stock, on 打印与导出: plain paper or 套打, the positions of the variable text in
millimetres and the shift after a trial print (kept per year, audited). Choose 奖状套打校准页 in the document list
to print the rulers and grid with the boxes where the text will go."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QWidget

from app.documents.certificate_layout import NUMBER_FIELDS, PLAIN, PREPRINTED, CertificateSettings

MODES = ((PLAIN, "普通纸（程序印边框和“奖状”）"), (PREPRINTED, "套打（奖状纸已印边框和标题，只印文字）"))


class CertificateBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("奖状纸张与套打位置", parent)
        form = QFormLayout(self)
        self.mode = QComboBox()
        self.mode.setObjectName("certificate_mode")
        self.mode.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.mode.setMinimumContentsLength(14)
        for key, label in MODES:
            self.mode.addItem(label, key)
        form.addRow("纸张", self.mode)
        self.inputs: dict[str, QLineEdit] = {}
        for name, label, _low, _high in NUMBER_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"certificate_{name}")
            self.inputs[name] = edit
            form.addRow(label, edit)
        hint = QLabel(
            "位置从奖状纸左上角量起（毫米）。先选文档“奖状套打校准页”打印，对照奖状纸读数；试印一张后用“整体右移／下移”微调。"
        )
        hint.setWordWrap(True)
        form.addRow(hint)
        self.save_button = QPushButton("保存奖状设置(&J)")
        form.addRow("", self.save_button)
        self.mode.currentIndexChanged.connect(self.mode_changed)
        self.mode_changed()

    def mode_changed(self, *_args: object) -> None:
        preprinted = self.mode.currentData() == PREPRINTED
        for name, edit in self.inputs.items():
            edit.setEnabled(preprinted or name in ("paper_width", "paper_height"))

    def load(self, settings: CertificateSettings) -> None:
        self.mode.setCurrentIndex(max(self.mode.findData(settings.mode), 0))
        for name, edit in self.inputs.items():
            edit.setText(f"{getattr(settings, name):g}")
        self.mode_changed()

    def settings(self) -> CertificateSettings:
        """The form as settings; raises ValidationError naming every field that is not a number in range."""
        from app.documents.certificate_layout import check_certificate_settings

        return check_certificate_settings(
            str(self.mode.currentData()), {name: edit.text() for name, edit in self.inputs.items()}
        )
