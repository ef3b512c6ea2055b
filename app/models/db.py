"""Opening, creating and migrating the one SQLite file; transactions that carry an audit reason."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from app.models import schema
from app.models.errors import StoreError, user_facing_sqlite_error
from app.models.filelock import WriterLock, acquire_writer
from app.models.schemes import install_builtin_schemes

SQLITE_HEADER = b"SQLite format 3\x00"
APPLICATION_ID = 0x4B505447  # "KPTG": marks the file as ours (考评通)
# Up to this size every open runs the full `PRAGMA integrity_check` (a year's file is a few MB: milliseconds);
# beyond it the quicker `quick_check`, which still reads every page.
FULL_CHECK_MAX_BYTES = 256 * 1024 * 1024


class NotOurFileError(StoreError):
    """Not an SQLite file, truncated, or another program's database."""


class NewerFileError(StoreError):
    """Written by a newer version of the program."""


class DamagedFileError(StoreError):
    """Fails SQLite's integrity check."""


class ReadOnlyFileError(StoreError):
    """The file (or its folder) cannot be written: it can only be opened read-only."""


class NeedsUpgradeError(StoreError):
    """An older file opened read-only: it cannot be upgraded without writing."""


class ReadOnlyDatabaseError(StoreError):
    """A write was attempted on a file opened read-only."""


class Database:
    """One open appraisal file. Every write goes through `atomic()`: one transaction, audited.

    A file opened read-only (another program is writing it, or it is write-protected) refuses `atomic()`
    with a clear message before touching anything; SQLite itself would refuse as well (`mode=ro`).
    """

    def __init__(self, conn: sqlite3.Connection, path: str, readonly: bool = False, lock: WriterLock | None = None):
        self.conn = conn
        self.path = path
        self.readonly = readonly
        self._lock = lock

    def close(self) -> None:
        self.conn.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def atomic(self, reason: str | None = None, source: str | None = None) -> Iterator[sqlite3.Connection]:
        """One transaction; every audited change inside records `reason` and `source`."""
        if self.readonly:
            raise ReadOnlyDatabaseError(
                f"文件 {self.path} 是以只读方式打开的，不能保存修改。"
                "如需修改，请等正在编辑的人关闭程序后重新打开，或检查文件的只读属性。"
            )
        if self.conn.in_transaction:
            raise RuntimeError("nested atomic() would hide a partial write")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise (user_facing_sqlite_error(exc, self.path) or exc) from exc
        try:
            change_id = self.conn.execute(
                "INSERT INTO changes (reason, source) VALUES (?, ?)", (reason, source)
            ).lastrowid
            self.conn.execute(
                "UPDATE audit_context SET reason = ?, source = ?, change_id = ? WHERE id = 1",
                (reason, source, change_id),
            )
            yield self.conn
            self.conn.execute("UPDATE audit_context SET reason = NULL, source = NULL, change_id = NULL WHERE id = 1")
            # A block that changed no audited row is not a change the clerk can see or undo.
            self.conn.execute(
                "DELETE FROM changes WHERE id = ? AND NOT EXISTS (SELECT 1 FROM audit_log WHERE change_id = ?)",
                (change_id, change_id),
            )
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                friendly = user_facing_sqlite_error(exc, self.path)
                if friendly is not None:
                    raise friendly from exc
            raise

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()


def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def check_file_is_ours(path: Path) -> int:
    """Refuse, without writing a byte (not even opening it with SQLite), a file that is not ours or is newer.

    Returns the file's schema version (from the header's user_version).
    """
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise NotOurFileError(f"文件 {path} 不是考评通的数据库（不是 SQLite 文件，或文件已截断）。文件未被修改。")
    application_id = int.from_bytes(header[68:72], "big")
    if application_id != APPLICATION_ID:
        raise NotOurFileError(f"文件 {path} 是其他程序的 SQLite 数据库，不是考评通的数据文件。文件未被修改。")
    version = int.from_bytes(header[60:64], "big", signed=True)
    if version > schema.SCHEMA_VERSION:
        raise NewerFileError(
            f"文件 {path} 由更新版本的考评通创建（数据格式 {version}，本程序支持到 {schema.SCHEMA_VERSION}），"
            "请升级程序后再打开。文件未被修改。"
        )
    return version


def is_write_protected(path: Path) -> bool:
    """The file's read-only attribute, or no write permission (mode bits count even for an administrator)."""
    mode = path.stat().st_mode
    return not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(path, os.W_OK)


def _readonly_uri(path: Path) -> str:
    return path.resolve().as_uri() + "?mode=ro"


def _connect_readonly(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(_readonly_uri(path), uri=True, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA query_only = ON")
    return conn


def check_integrity(path: Path) -> None:
    """Run SQLite's integrity check on a read-only connection: the file is never written, not even checkpointed.

    Raises DamagedFileError naming the first problem. Side files (-wal, -shm) that SQLite creates for the
    check are removed again when they were not there before and stayed empty.
    """
    side = [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
    existed = [p.exists() for p in side]
    conn = None
    try:
        conn = _connect_readonly(path)
        pragma = "integrity_check" if path.stat().st_size <= FULL_CHECK_MAX_BYTES else "quick_check"
        rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}(5)").fetchall()]
    except sqlite3.DatabaseError as exc:
        rows = [str(exc)]
    finally:
        if conn is not None:
            conn.close()
        wal = side[0]
        if not existed[0] and wal.exists() and wal.stat().st_size == 0:
            for created, extra in zip(existed, side, strict=True):
                if not created:
                    extra.unlink(missing_ok=True)
    if rows != ["ok"]:
        problem = "；".join(rows[:3])
        raise DamagedFileError(f"文件 {path} 已损坏（完整性检查未通过：{problem}）。文件未被修改，请从备份恢复。")


def open_database(path: str | Path, create: bool = True, readonly: bool = False) -> Database:
    """Open (or create) an appraisal file, migrating an older one after copying it aside.

    Before SQLite writes anything, the file must be ours (header, application id), not newer, writable,
    whole (integrity check), and not held by another program (`FileInUseError` names who has it).
    `readonly=True` opens an existing file without the writer lock; every write is then refused.
    """
    path = Path(path)
    memory = str(path) == ":memory:"
    if readonly and not memory:
        return _open_readonly(path)
    is_new = memory or not path.exists() or path.stat().st_size == 0
    if not is_new:
        check_file_is_ours(path)
        if is_write_protected(path):
            raise ReadOnlyFileError(f"文件 {path} 是只读的（写保护或没有写入权限），只能以只读方式打开。")
    elif not create:
        raise StoreError(f"文件 {path} 不存在。")
    lock = None if memory else acquire_writer(path)
    conn = None
    try:
        if not is_new:
            check_integrity(path)
        conn = _connect(str(path))
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > schema.SCHEMA_VERSION:  # the header said otherwise a moment ago: another program wrote it
            raise NewerFileError(f"文件 {path} 由更新版本的考评通创建，请升级程序后再打开。文件未被修改。")
        if not memory:
            conn.execute("PRAGMA journal_mode = WAL")
        if version < schema.SCHEMA_VERSION:
            if version > 0 and not memory:
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
                shutil.copy2(path, path.with_name(f"{path.name}.v{version}-{stamp}.bak"))
            _migrate(conn, version)
    except BaseException as exc:
        if conn is not None:
            conn.close()
        if lock is not None:
            lock.release()
        if isinstance(exc, sqlite3.DatabaseError):
            raise (user_facing_sqlite_error(exc, str(path)) or exc) from exc
        raise
    db = Database(conn, str(path), lock=lock)
    if version == 0:
        with db.atomic(reason="新建数据文件", source="system") as conn:
            install_builtin_schemes(conn)
    return db


def _open_readonly(path: Path) -> Database:
    if not path.exists() or path.stat().st_size == 0:
        raise StoreError(f"文件 {path} 不存在或是空文件，无法以只读方式打开。")
    version = check_file_is_ours(path)
    if version < schema.SCHEMA_VERSION:
        raise NeedsUpgradeError(
            f"文件 {path} 是旧版本的数据格式（{version}），需要以可写方式打开一次完成升级，才能只读查看。"
        )
    check_integrity(path)
    try:
        conn = _connect_readonly(path)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise (user_facing_sqlite_error(exc, str(path)) or exc) from exc
    return Database(conn, str(path), readonly=True)


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        for step in schema.MIGRATIONS[version:]:
            step(conn)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
