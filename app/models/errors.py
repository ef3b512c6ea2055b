"""Errors the user is told about, kept apart from bugs."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


class AppraisalError(Exception):
    """Anything the clerk should read as a message (Chinese), not as a crash."""


@dataclass
class Problem:
    path: str  # JSON path or a place in the GUI/workbook
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ValidationError(AppraisalError):
    """Bad input: every problem found, with where it is. Nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class StoreError(AppraisalError):
    """The file cannot be used as it is (not ours, damaged, newer, read-only, disk full)."""


class LockedYearError(AppraisalError):
    """The year has been 审定 (locked): its data cannot change until it is unlocked with a reason."""


def user_facing_sqlite_error(exc: sqlite3.Error, path: str) -> AppraisalError | None:
    """Sort SQLite errors into "tell the user" (returned as an AppraisalError) and bugs (None)."""
    if "年度已审定锁定" in str(exc):  # schema.LOCKED_YEAR_MESSAGE, raised by the lock triggers
        return LockedYearError("该年度已审定锁定，不能修改。如需更正，请先在“年度与方案”中解锁并说明原因。")
    text = str(exc).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return StoreError(f"磁盘空间已满，无法写入 {path}。请清理磁盘后重试，已提交的数据不受影响。")
    if "readonly" in text or "read-only" in text:
        return StoreError(f"文件 {path} 是只读的，无法保存修改。")
    if "not a database" in text or "malformed" in text or "file is encrypted" in text:
        return StoreError(f"文件 {path} 不是考评通的数据库，或已损坏。")
    if "unable to open" in text:
        return StoreError(f"无法打开文件 {path}（路径不存在或没有权限）。")
    if "locked" in text or "busy" in text:
        return StoreError(f"文件 {path} 正被另一个程序使用，请稍后重试。")
    return None
