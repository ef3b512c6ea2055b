"""Crash reports: an unexpected error becomes a Chinese dialog and a report file, never a silent exit.

Every write is one SQLite transaction, committed before the screen says it is done; an error in the
middle of one rolls it back. So whatever the clerk saw saved is in the file, and the dialog can say so.
The reporter also keeps a running log (`logs/appraisal.log` in the data folder) of Qt's own warnings.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6 import __version__ as PYSIDE_VERSION
from PySide6.QtCore import QMessageLogContext, QObject, QtMsgType, Signal, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog

from app import __version__
from app.models.paths import data_dir

LOG_FOLDER = "logs"
LOG_NAME = "appraisal.log"
LOG_MAX_BYTES = 1_000_000
LOG_KEEP = 3
LOGGER = "appraisal"
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def rotate_log(path: Path, max_bytes: int = LOG_MAX_BYTES, keep: int = LOG_KEEP) -> None:
    """At start-up, a log grown past `max_bytes` becomes .1 (.1 becomes .2 …, the oldest beyond `keep` goes):
    what logging.handlers' RotatingFileHandler does on every write, without importing that module."""
    try:
        if path.stat().st_size <= max_bytes:
            return
        for number in range(keep, 0, -1):
            older = path.with_name(f"{path.name}.{number}")
            if older.exists():
                if number == keep:
                    older.unlink()
                else:
                    os.replace(older, path.with_name(f"{path.name}.{number + 1}"))
        os.replace(path, path.with_name(f"{path.name}.1"))
    except OSError:
        pass  # a log that cannot be rotated is appended to: never a reason not to start


def log_folder() -> Path:
    folder = data_dir() / LOG_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


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
        self.dialogs: list[QDialog] = []
        self.logger = logging.getLogger(LOGGER)
        rotate_log(self.folder / LOG_NAME)
        self.handler = logging.FileHandler(self.folder / LOG_NAME, encoding="utf-8", delay=True)
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
            from app.ui.shell.crash_dialog import CrashDialog  # loaded at the first crash, not at every start

            dialog = CrashDialog(summary, Path(report), QApplication.activeWindow())
            dialog.finished.connect(lambda _result, d=dialog: self._forget(d))
            self.dialogs.append(dialog)
            dialog.open()  # window-modal, without a nested event loop inside the excepthook
        except Exception:  # never let the reporter itself crash the program
            sys.stderr.write(f"考评通：意外错误（{summary}），报告见 {report}\n")

    def _forget(self, dialog: QDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
        dialog.deleteLater()


def summarize(exc_type: type[BaseException], exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{exc_type.__name__}" + (f"：{text[:200]}" if text else "")
