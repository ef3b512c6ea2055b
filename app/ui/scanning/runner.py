"""Scans run off the window's thread: the pages are read in a QThread (which uses app.scanning's pool of two
processes), so the window stays responsive and the progress bar moves; what was read is then taken into the
year's file on the window's thread, one transaction per ballot (app.scanning.intake)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QThread, Signal

from app.models.errors import AppraisalError
from app.ui.shell.session import Session


class ScanThread(QThread):
    progressed = Signal(int, int)  # pages done, pages to read
    read = Signal(object)  # the ScanResult
    failed = Signal(str)

    def __init__(self, inputs: list[str], expected, first_serial: int, skip, workers: int | None) -> None:
        super().__init__()
        self.inputs, self.expected, self.first_serial = inputs, expected, first_serial
        self.skip, self.workers = skip, workers
        self.intake = None

    def run(self) -> None:
        try:
            from app.scanning.batch import scan

            result = scan(
                self.inputs,
                self.expected,
                self.first_serial,
                workers=self.workers,
                progress=self.progressed.emit,
                store=True,
                skip=self.skip,
            )
        except AppraisalError as exc:  # an input that cannot be opened at all: said in Chinese by the reader
            self.failed.emit(str(exc))
        except ImportError as exc:
            self.failed.emit(f"扫描功能缺少组件（{exc.name}），请重新安装本程序。")
        except Exception as exc:  # a scan must never take the window down
            self.failed.emit(f"读取扫描件时出错（{type(exc).__name__}：{exc}）")
        else:
            self.read.emit(result)


class ScanRunner(QObject):
    """One scan at a time; batches submitted meanwhile wait their turn. One `Intake` per year and window
    session, so a ballot whose pages are in two files of the session is completed."""

    started = Signal(list)  # the inputs of the batch now read
    progressed = Signal(int, int)
    taken = Signal(object, object)  # (ScanResult, TakeIn); TakeIn None when nothing was stored (test run)
    failed = Signal(str)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.workers: int | None = None  # None: app.scanning's default (two processes); tests use 1
        self.queue: list[list[str]] = []
        self.thread: ScanThread | None = None
        self._intake = None
        self._intake_year: int | None = None
        from PySide6.QtCore import QCoreApplication

        app = QCoreApplication.instance()
        if app is not None:  # a scan still being read when the program quits: let it finish, never kill it
            app.aboutToQuit.connect(self.wait)

    @property
    def busy(self) -> bool:
        return self.thread is not None

    def submit(self, inputs: Sequence[str]) -> None:
        if inputs:
            self.queue.append(list(inputs))
            self._next()

    def intake(self):
        from app.scanning.intake import Intake

        year = self.session.year
        assert year is not None
        if self._intake is None or self._intake_year != year or self._intake.db is not self.session.db:
            self._intake, self._intake_year = Intake(self.session.db, year), year
        return self._intake

    def _next(self) -> None:
        if self.thread is not None or not self.queue or self.session.year is None:
            return
        inputs = self.queue.pop(0)
        from app.models.ballots.forms import DEMOCRATIC
        from app.models.ballots.keying import next_serial
        from app.scanning.layouts import load_expected

        year = self.session.year
        try:
            expected = load_expected(self.session.db, year)
            intake = self.intake()
            skip = intake.skip(inputs)
        except (AppraisalError, OSError) as exc:
            self.failed.emit(f"无法读取：{exc}")
            self._next()
            return
        first = next_serial(self.session.db, year, DEMOCRATIC)
        self.thread = ScanThread(inputs, expected, first, skip, self.workers)
        self.thread.intake = intake  # the file and year the pages were read for
        self.thread.progressed.connect(self.progressed)
        self.thread.read.connect(self._read)
        self.thread.failed.connect(self._failed)
        self.thread.finished.connect(self._finished)
        self.started.emit(inputs)
        self.thread.start()

    def _read(self, result) -> None:
        took = None
        intake = self.thread.intake if self.thread is not None else None
        try:
            if intake is None or intake.db is not self.session.db or intake.year != self.session.year:
                raise AppraisalError("读取期间换了数据文件或年度：这次扫描未保存，请重新读取扫描件")
            if self.session.readonly or self.session.locked:
                raise AppraisalError("数据文件只读或年度已锁定：扫描结果未保存")
            took = intake.take(result)
        except AppraisalError as exc:
            self.failed.emit(f"未保存：{exc}")
        finally:
            self.session.notify_changed()
        self.taken.emit(result, took)

    def _failed(self, message: str) -> None:
        self.failed.emit(message)

    def _finished(self) -> None:
        if self.thread is not None:
            self.thread.deleteLater()
        self.thread = None
        self._next()

    def wait(self) -> None:
        """Block until the scan being read is done (closing the window, tests)."""
        if self.thread is not None:
            self.thread.wait()
