"""Crash reports: an unexpected error becomes a Chinese dialog and a report file, never a silent exit.

Every write is one SQLite transaction, committed before the screen says it is done; an error in the
middle of one rolls it back. So whatever the clerk saw saved is in the file, and the dialog can say so.
The reporter also keeps a running log (`logs/appraisal.log` in the data folder) of Qt's own warnings.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6 import __version__ as PYSIDE_VERSION
from PySide6.QtCore import QMessageLogContext, QObject, Qt, QtMsgType, QUrl, Signal, qInstallMessageHandler
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app import __version__
from app.models.paths import data_dir

LOG_FOLDER = "logs"
LOG_NAME = "appraisal.log"
LOGGER = "appraisal"
SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]

SAFE_TEXT = (
    "您的数据是安全的：每一项修改在界面上显示已保存时就已写入数据文件，截至最后一次保存的内容都在。"
    "出错时正在进行的那一步操作（如果有）没有写入，请检查后重做。"
)


def log_folder() -> Path:
    folder = data_dir() / LOG_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


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


class CrashReporter(QObject):
    """Installs sys.excepthook, threading.excepthook and Qt's message handler; `uninstall()` puts them back."""

    _from_thread = Signal(str, str)  # summary, report path: a dialog must be shown on the GUI thread
    reported = Signal(str)  # the report's path, after it is written

    def __init__(
        self,
        parent: QObject | None = None,
        context: Callable[[], str] | None = None,
        show_dialog: bool = True,
    ) -> None:
        super().__init__(parent)
        self.folder = log_folder()
        self.context = context
        self.show_dialog = show_dialog
        self.dialogs: list[CrashDialog] = []
        self.logger = logging.getLogger(LOGGER)
        self.handler = logging.handlers.RotatingFileHandler(
            self.folder / LOG_NAME, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True
        )
        self.handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        self._previous: tuple | None = None
        self._from_thread.connect(self._show)

    # --- installing -----------------------------------------------------------------------------

    def install(self) -> CrashReporter:
        self.logger.addHandler(self.handler)
        self.logger.setLevel(logging.INFO)
        previous_qt = qInstallMessageHandler(self.qt_message)
        self._previous = (sys.excepthook, threading.excepthook, previous_qt)
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook
        self.logger.info("考评通 %s 启动（Python %s，PySide6 %s）", __version__, sys.version.split()[0], PYSIDE_VERSION)
        return self

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook, previous_qt = self._previous
            qInstallMessageHandler(previous_qt)
            self._previous = None
        self.logger.removeHandler(self.handler)
        self.handler.close()

    # --- reporting ------------------------------------------------------------------------------

    def write_report(self, exc_info: ExcInfo, where: str = "") -> Path:
        import platform  # for the report only: not at every start-up

        exc_type, exc, tb = exc_info
        stamp = datetime.now()
        path = self.folder / f"crash-{stamp:%Y%m%d-%H%M%S-%f}.txt"
        lines = [
            "考评通 错误报告",
            f"时间：{stamp:%Y-%m-%d %H:%M:%S}",
            f"版本：{__version__}（Python {platform.python_version()}，PySide6 {PYSIDE_VERSION}，{platform.platform()}）",
            f"命令：{' '.join(sys.argv)}",
        ]
        if where:
            lines.append(f"位置：{where}")
        if self.context is not None:
            try:
                lines.append(self.context())
            except Exception as context_error:  # the report must be written whatever the context does
                lines.append(f"（无法读取当前状态：{context_error!r}）")
        lines += ["", "".join(traceback.format_exception(exc_type, exc, tb))]
        path.write_text("\n".join(lines), encoding="utf-8")
        self.logger.error("意外错误，报告见 %s：%s: %s", path, exc_type.__name__, exc)
        self.reported.emit(str(path))
        return path

    def excepthook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        try:
            report = self.write_report((exc_type, exc, tb))
        except OSError:  # no place to write: at least the console gets it
            sys.__excepthook__(exc_type, exc, tb)
            return
        self._show(summarize(exc_type, exc), str(report))

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        report = self.write_report((args.exc_type, args.exc_value, args.exc_traceback), where=f"线程 {args.thread}")
        self._from_thread.emit(summarize(args.exc_type, args.exc_value), str(report))

    def qt_message(self, mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        level = {
            QtMsgType.QtDebugMsg: logging.DEBUG,
            QtMsgType.QtInfoMsg: logging.INFO,
            QtMsgType.QtWarningMsg: logging.WARNING,
            QtMsgType.QtCriticalMsg: logging.ERROR,
            QtMsgType.QtFatalMsg: logging.CRITICAL,
        }.get(mode, logging.WARNING)
        self.logger.log(level, "Qt：%s", message)
        if mode == QtMsgType.QtFatalMsg:  # Qt aborts right after this returns: leave the report behind first
            try:
                raise RuntimeError(f"Qt 致命错误：{message}")
            except RuntimeError:
                report = self.write_report(sys.exc_info(), where=f"{context.file}:{context.line}")  # type: ignore[arg-type]
            sys.stderr.write(f"考评通：Qt 致命错误，报告见 {report}\n")

    def _show(self, summary: str, report: str) -> None:
        if not self.show_dialog or QGuiApplication.instance() is None:
            sys.stderr.write(f"考评通：意外错误（{summary}），报告见 {report}\n")
            return
        try:
            dialog = CrashDialog(summary, Path(report), QApplication.activeWindow())
            dialog.finished.connect(lambda _result, d=dialog: self._forget(d))
            self.dialogs.append(dialog)
            dialog.open()  # window-modal, without a nested event loop inside the excepthook
        except Exception:  # never let the reporter itself crash the program
            sys.stderr.write(f"考评通：意外错误（{summary}），报告见 {report}\n")

    def _forget(self, dialog: CrashDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
        dialog.deleteLater()


def summarize(exc_type: type[BaseException], exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{exc_type.__name__}" + (f"：{text[:200]}" if text else "")
