"""The dialog shown after an unexpected error (app/ui/shell/crash.py writes the report and shows it): what
happened, that the data is safe, and where the report is. Loaded at the first crash, not at every start."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard

SAFE_TEXT = (
    "您的数据是安全的：每一项修改在界面上显示已保存时就已写入数据文件，截至最后一次保存的内容都在。"
    "出错时正在进行的那一步操作（如果有）没有写入，请检查后重做。"
)


class CrashDialog(QDialog):
    """What happened, that the data is safe, and where the report is."""

    def __init__(self, summary: str, report: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle("考评通 — 程序出错")
        self.report = report
        self.quit_requested = False
        layout = QVBoxLayout(self)
        head = QLabel("程序遇到了一个意外错误。")
        head.setStyleSheet("font-weight: bold; font-size: 15px;")
        layout.addWidget(head)
        self.what = QLabel(f"出了什么问题：{summary}")
        self.safe = QLabel(SAFE_TEXT)
        self.where = QLabel(f"错误报告已保存在：\n{report}\n请把这个文件发给系统维护人员，并说明出错前正在做什么。")
        for label in (self.what, self.safe, self.where):
            label.setWordWrap(True)
            label.setTextInteractionFlags(SELECTABLE)
            layout.addWidget(label)
        buttons = QDialogButtonBox()
        self.continue_button = buttons.addButton("继续使用(&C)", QDialogButtonBox.ButtonRole.AcceptRole)
        folder_button = buttons.addButton("打开报告所在文件夹(&O)", QDialogButtonBox.ButtonRole.ActionRole)
        copy_button = buttons.addButton("复制报告内容(&P)", QDialogButtonBox.ButtonRole.ActionRole)
        self.quit_button = buttons.addButton("退出程序(&X)", QDialogButtonBox.ButtonRole.RejectRole)
        self.continue_button.setDefault(True)
        folder_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(report.parent))))
        copy_button.clicked.connect(self._copy)
        self.continue_button.clicked.connect(self.accept)
        self.quit_button.clicked.connect(self._quit)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def text(self) -> str:
        return "\n".join(label.text() for label in (self.what, self.safe, self.where))

    def _copy(self) -> None:
        try:
            QGuiApplication.clipboard().setText(self.report.read_text(encoding="utf-8"))
        except OSError:
            QGuiApplication.clipboard().setText(str(self.report))

    def _quit(self) -> None:
        self.quit_requested = True
        self.reject()
        app = QGuiApplication.instance()
        if app is not None:
            app.quit()
