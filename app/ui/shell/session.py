"""The open file and the chosen year, shared by every page of the window.

Pages never compute: they ask the session for the year's results (computed once per change and
cached), and they write through `session.write()`, which refuses a locked year, runs one audited
transaction and tells every page that the data changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from sqlite3 import Connection
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.models.db import Database
from app.models.errors import AppraisalError, LockedYearError
from app.models.status import data_version
from app.models.store import YearInfo, list_years, year_scheme

if TYPE_CHECKING:  # loaded with the first result, once the window is on screen
    from app.models.schemes import Scheme
    from app.scoring.results import YearResult


class ReadOnlySessionError(AppraisalError):
    """The file is open read-only: nothing can be changed in this window."""


class Session(QObject):
    year_changed = Signal(object)  # int | None
    data_changed = Signal()  # something was committed, by this window or by another process

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.year: int | None = None
        self.generation = 0  # bumped on every change; caches are keyed by it
        self._version: int | None = None
        self._years: list[YearInfo] | None = None
        self._result: tuple[int, int, YearResult] | None = None
        self._explanation: tuple[int, int, Any] | None = None
        self._scheme: tuple[int, int, Scheme] | None = None
        # Asked before the chosen year changes under a half-keyed ballot; the window installs its question.
        self.confirm_leaving: Callable[[str], bool] = lambda _action: True

    # --- reading --------------------------------------------------------------------------------

    def years(self) -> list[YearInfo]:
        if self._years is None:
            self._years = list_years(self.db)
        return self._years

    def info(self) -> YearInfo | None:
        return next((y for y in self.years() if y.year == self.year), None)

    @property
    def readonly(self) -> bool:
        """The file was opened read-only (someone else is editing it, or it is write-protected)."""
        return self.db.readonly

    @property
    def locked(self) -> bool:
        info = self.info()
        return bool(info and info.locked_at)

    def scheme(self) -> Scheme | None:
        if self.year is None:
            return None
        if self._scheme is None or self._scheme[:2] != (self.year, self.generation):
            self._scheme = (self.year, self.generation, year_scheme(self.db, self.year))
        return self._scheme[2]

    def result(self) -> YearResult | None:
        """The engine's results for the chosen year, recomputed only after a change."""
        if self.year is None:
            return None
        if self._result is None or self._result[:2] != (self.year, self.generation):
            # The engine is imported with the first result, after the window is on screen (start-up time).
            from app.models.loader import compute_results

            self._result = (self.year, self.generation, compute_results(self.db, self.year))
        return self._result[2]

    def explanation(self) -> Any:
        """Every unit's and cadre's explanation for the chosen year's results (app.scoring.explain), made when
        first asked after a change (the 考评结果 side panel asks when a row is selected)."""
        result = self.result()
        if result is None or self.year is None:
            return None
        if self._explanation is None or self._explanation[:2] != (self.year, self.generation):
            from app.models.loader import load_year_input
            from app.scoring.explain import explain_year

            self._explanation = (self.year, self.generation, explain_year(load_year_input(self.db, self.year), result))
        return self._explanation[2]

    # --- changing -------------------------------------------------------------------------------

    def set_year(self, year: int | None) -> None:
        if year != self.year:
            self.year = year
            self.year_changed.emit(year)

    def notify_changed(self) -> None:
        """Forget every cached read and tell the pages (after our own commit, or another process's)."""
        self.generation += 1
        self._years = None
        self._version = data_version(self.db)
        years = {y.year for y in self.years()}
        if self.year is not None and self.year not in years:
            self.set_year(max(years) if years else None)
        self.data_changed.emit()

    def poll(self) -> bool:
        """True (and pages told) when another connection committed since we last looked."""
        version = data_version(self.db)
        if self._version is None:
            self._version = version
            return False
        if version != self._version:
            self.notify_changed()
            return True
        return False

    @contextmanager
    def write(self, reason: str, source: str = "gui", allow_locked: bool = False) -> Iterator[Connection]:
        """One audited transaction on the chosen year; every page is told afterwards."""
        if self.readonly:
            raise ReadOnlySessionError(
                f"数据文件 {self.db.path} 是以只读方式打开的，不能修改。"
                "请等正在编辑的人关闭程序后，用“文件 → 打开”重新打开。"
            )
        if self.locked and not allow_locked:
            raise LockedYearError(
                f"{self.year} 年度已审定锁定，不能修改。如需更正，请先在“年度与方案”中解锁并说明原因。"
            )
        with self.db.atomic(reason, source) as conn:
            yield conn
        self.notify_changed()
