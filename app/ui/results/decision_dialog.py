"""党委审定 dialog: choose the committee's outcome for a tied unit or cadre, with the reason (required)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from app.ui.widgets import ask

CLEAR = "撤销审定（恢复并列待定）"


class DecisionDialog(QDialog):
    """Keyboard only: ↑/↓ choose the outcome, Tab to the reason, Enter confirms (only with a reason)."""

    def __init__(
        self,
        parent: QWidget | None,
        subject: str,
        options: Sequence[str],
        current: str | None = None,
        reason: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("党委审定")
        self.subject = subject
        self.setMinimumWidth(460)
        self.outcome = QComboBox()
        self.outcome.addItems(list(options))
        if current in options:
            self.outcome.setCurrentText(current)
        self.reason = QLineEdit(reason)  # a decided row reopened shows the reason it was recorded with
        self.reason.setPlaceholderText("如：委党委会议纪要〔2017〕5号")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        intro = QLabel(f"{subject}\n并列名次由委党委审定（提出获奖科室和突出贡献奖名单，报委党委审定）。")
        intro.setWordWrap(True)
        layout.addRow(intro)
        layout.addRow("审定结果：", self.outcome)
        layout.addRow("审定理由：", self.reason)
        layout.addRow(self.buttons)
        self.reason.textChanged.connect(self._update_ok)
        self._update_ok()

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.reason.text().strip()))

    def answer(self) -> tuple[str, str]:
        return self.outcome.currentText(), self.reason.text().strip()


def ask_decision(
    parent: QWidget | None, subject: str, options: Sequence[str], current: str | None = None, reason: str = ""
) -> tuple[str, str] | None:
    """(outcome or CLEAR, reason), or None when cancelled; `current`: the outcome proposed (or recorded),
    `reason`: the reason recorded."""
    dialog = DecisionDialog(parent, subject, options, current, reason)
    return dialog.answer() if ask.run(dialog) else None
