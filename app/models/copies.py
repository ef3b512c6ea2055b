"""Files written whole: a consistent copy of an open database (SQLite's online backup, so the copy holds what is
still in the `-wal`), and small files such as a backup's note. Each is written beside its target as `.part`,
checked, made durable, then renamed over the target; any failure on the way (a full disk among them) removes
the `.part`, so a failed copy never leaves a half file or eats the last free space."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from app.models.errors import StoreError, user_facing_sqlite_error

PART = ".part"


def part_path(target: Path) -> Path:
    return target.with_name(target.name + PART)


def _remove_partial(partial: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)


def sync_file(path: Path) -> None:
    """Make the file's content durable (a power cut after the rename must not leave an empty file)."""
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable; folders cannot be opened for this on Windows, where NTFS journals it."""
    if os.name == "nt":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def copy_database(conn: sqlite3.Connection, target: Path) -> None:
    """A consistent, self-contained copy of `conn`'s database at `target` (one file, no `-wal` beside it)."""
    partial = part_path(target)
    _remove_partial(partial)
    try:
        destination = sqlite3.connect(partial, isolation_level=None)
        try:
            conn.backup(destination)
            destination.execute("PRAGMA journal_mode = DELETE")  # one file, nothing beside it
            problem = destination.execute("PRAGMA quick_check").fetchone()[0]
            if problem != "ok":
                raise StoreError(f"备份副本校验未通过（{problem}），未保存。")
        finally:
            destination.close()
        sync_file(partial)
        os.replace(partial, target)
        sync_folder(target.parent)
    except BaseException as exc:
        _remove_partial(partial)
        if isinstance(exc, sqlite3.Error):
            raise (user_facing_sqlite_error(exc, str(target)) or _write_failed(exc, target)) from exc
        raise


def _write_failed(exc: sqlite3.Error, target: Path) -> Exception:
    """A copy that could not be written (SQLite reports a file-size limit or a failing disk as an I/O error)."""
    if "i/o" in str(exc).lower():
        return StoreError(f"无法写入 {target}（磁盘已满或出错），副本未保存。已提交的数据不受影响。")
    return exc


def _replace_whole(target: Path, fill: Callable[[BinaryIO], object]) -> None:
    """Write `target` through a `.part` beside it, synced and renamed over it: all of it or (on any failure)
    nothing new."""
    partial = part_path(target)
    try:
        with open(partial, "wb") as handle:
            fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except BaseException:
        _remove_partial(partial)
        raise


def write_whole(target: Path, data: bytes) -> None:
    """`data` at `target`, all of it or (on any failure) nothing new."""
    _replace_whole(target, lambda handle: handle.write(data))


def copy_whole(source: Path, target: Path) -> None:
    """A byte-for-byte copy of a file that cannot be opened as a database (kept for the maintainer)."""
    with open(source, "rb") as reading:
        _replace_whole(target, lambda writing: shutil.copyfileobj(reading, writing, 1 << 20))
