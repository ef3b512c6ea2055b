"""优秀名额核定: a pool's quota as the 市人社局 approved it (最终优秀等次比例以市人社局审核通过为准), with the reason;
or back to the computed figure."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget

from app.ui.widgets import ask


class QuotaDialog(QDialog):
    """Keyboard only: type the number, Tab to the reason, Enter confirms (only with a reason)."""

    def __init__(self, parent: QWidget | None, pool: str, computation: str, current: int, overridden: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle("优秀名额核定")
        self.setMinimumWidth(480)
        intro = QLabel(f"{pool}\n按规则计算：{computation}\n最终优秀等次比例以市人社局审核通过为准。")
        intro.setWordWrap(True)
        self.quota = QSpinBox()
        self.quota.setRange(0, 999)
        self.quota.setValue(current)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("如：市人社局 2018 年 1 月审核批复")
        self.restore = QCheckBox("撤销核定，恢复按规则计算的名额")
        self.restore.setVisible(overridden)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow(intro)
        layout.addRow("核定名额：", self.quota)
        layout.addRow("依据：", self.reason)
        layout.addRow(self.restore)
        layout.addRow(self.buttons)
        self.reason.textChanged.connect(self._update_ok)
        self.restore.toggled.connect(self._update_ok)
        self._update_ok()

    def _update_ok(self) -> None:
        ok = self.restore.isChecked() or bool(self.reason.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        self.quota.setEnabled(not self.restore.isChecked())

    def answer(self) -> tuple[int | None, str]:
        """(quota, reason); quota None: restore the computed figure."""
        return (None if self.restore.isChecked() else self.quota.value()), self.reason.text().strip()


def ask_quota(
    parent: QWidget | None, pool: str, computation: str, current: int, overridden: bool
) -> tuple[int | None, str] | None:
    dialog = QuotaDialog(parent, pool, computation, current, overridden)
    return dialog.answer() if ask.run(dialog) else None
