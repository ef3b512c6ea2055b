"""Opening, creating and migrating the one SQLite file; transactions that carry an audit reason."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from app.models import schema
from app.models.copies import copy_database, sync_file, sync_folder
from app.models.errors import StoreError, user_facing_sqlite_error
from app.models.filelock import WriterLock, acquire_writer, real_path
from app.models.space import space_problem

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
                if friendly is not None and sqlite3_error_is_full(exc):
                    friendly = StoreError(f"{friendly}{space_problem(self.path) or ''}")
                if friendly is not None:
                    raise friendly from exc
            raise

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()


def sqlite3_error_is_full(exc: sqlite3.Error) -> bool:
    return "full" in str(exc).lower()


def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def check_file_is_ours(path: Path) -> int:
    """Refuse, without writing to it, a file that is not ours or is newer; returns its schema version.

    The identity (`application_id`, `user_version`) is read through SQLite on a read-only connection, which
    sees what the `-wal` holds: a new file killed before its first checkpoint still has zeros in the main
    file's header, yet every committed change in its journal. Only the 16-byte magic is read raw first, so
    SQLite never opens a file that is not a database at all. A database with nothing in it at all (no
    identity, no tables: what an older version left when killed while creating a file) counts as ours, new.
    """
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise NotOurFileError(f"文件 {path} 不是考评通的数据库（不是 SQLite 文件，或文件已截断）。文件未被修改。")
    try:
        application_id, version, objects = _read_identity(path)
    except sqlite3.DatabaseError as exc:
        raise DamagedFileError(f"文件 {path} 已损坏，无法读取（{exc}）。文件未被修改，请从备份恢复。") from exc
    if application_id != APPLICATION_ID and not (application_id == 0 and version == 0 and objects == 0):
        raise NotOurFileError(f"文件 {path} 是其他程序的 SQLite 数据库，不是考评通的数据文件。文件未被修改。")
    if version > schema.SCHEMA_VERSION:
        raise NewerFileError(
            f"文件 {path} 由更新版本的考评通创建（数据格式 {version}，本程序支持到 {schema.SCHEMA_VERSION}），"
            "请升级程序后再打开。文件未被修改。"
        )
    return version


def _read_identity(path: Path) -> tuple[int, int, int]:
    """(application_id, user_version, schema objects) as SQLite sees them, journal included."""
    with _reading(path) as conn:
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        objects = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    return application_id, version, objects


@contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection that leaves no trace: the `-wal`/`-shm` SQLite may create for it are removed again
    when they were not there before and stayed empty (it never writes the main file, nor checkpoints)."""
    side = [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
    existed = [p.exists() for p in side]
    conn = None
    try:
        conn = _connect_readonly(path)
        yield conn
    finally:
        if conn is not None:
            conn.close()
        wal = side[0]
        if not existed[0] and (not wal.exists() or wal.stat().st_size == 0):
            for created, extra in zip(existed, side, strict=True):
                if not created:
                    extra.unlink(missing_ok=True)


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

    Raises DamagedFileError naming the first problem.
    """
    try:
        with _reading(path) as conn:
            pragma = "integrity_check" if path.stat().st_size <= FULL_CHECK_MAX_BYTES else "quick_check"
            rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}(5)").fetchall()]
    except sqlite3.DatabaseError as exc:
        rows = [str(exc)]
    if rows != ["ok"]:
        problem = "；".join(rows[:3])
        raise DamagedFileError(f"文件 {path} 已损坏（完整性检查未通过：{problem}）。文件未被修改，请从备份恢复。")


def open_database(path: str | Path, create: bool = True, readonly: bool = False) -> Database:
    """Open (or create) an appraisal file, migrating an older one after copying it aside.

    Before SQLite writes anything, the file must be ours (identity read through SQLite), not newer, writable,
    whole (integrity check), and not held by another program under any name (`FileInUseError` names who has
    it). A new file appears whole (`_create_file`). `readonly=True` opens an existing file without the writer
    lock; every write is then refused.
    """
    path = Path(path)
    if str(path) == ":memory:":
        return _open_memory()
    if readonly:
        return _open_readonly(path)
    lock = None
    conn = None
    try:
        if _is_new(path):
            if not create:
                raise StoreError(f"文件 {path} 不存在。")
            lock = acquire_writer(path)
            if _is_new(path):  # nobody created it while we waited for the lock
                _create_file(path)
            lock.cover_file()
        check_file_is_ours(path)
        if is_write_protected(path):
            raise ReadOnlyFileError(f"文件 {path} 是只读的（写保护或没有写入权限），只能以只读方式打开。")
        if lock is None:
            lock = acquire_writer(path)
        check_integrity(path)
        conn = _connect(str(real_path(path)))
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > schema.SCHEMA_VERSION:  # the check said otherwise a moment ago: another program wrote it
            raise NewerFileError(f"文件 {path} 由更新版本的考评通创建，请升级程序后再打开。文件未被修改。")
        conn.execute("PRAGMA journal_mode = WAL")
        if version < schema.SCHEMA_VERSION:
            if version > 0:
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
                copy_database(conn, path.with_name(f"{path.name}.v{version}-{stamp}.bak"))
            _migrate(conn, version, with_builtin_schemes=version == 0)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the header says what the file now is
    except BaseException as exc:
        if conn is not None:
            conn.close()
        if lock is not None:
            lock.release()
        if isinstance(exc, sqlite3.DatabaseError):
            raise (user_facing_sqlite_error(exc, str(path)) or exc) from exc
        raise
    return Database(conn, str(path), lock=lock)


def _is_new(path: Path) -> bool:
    return not path.exists() or path.stat().st_size == 0


def _open_memory() -> Database:
    conn = _connect(":memory:")
    _migrate(conn, 0, with_builtin_schemes=True)
    return Database(conn, ":memory:")


SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def _create_file(path: Path) -> None:
    """A new file appears whole, or not at all: its header (application id, schema version), the schema and the
    built-in schemes are written to `<name>.new` beside it in rollback-journal mode, made durable and switched
    to WAL, and only then renamed to `path`. A crash before the rename leaves no file at `path` (the `.new` is
    cleared on the next try); after it, the main file's own header already says what it is, before any data.

    A journal left beside `path` by a file that is gone would be replayed into the new file: it is renamed
    aside (`<name>-wal.orphan-<time>`), never deleted.
    """
    _set_orphans_aside(path)
    partial = path.with_name(path.name + ".new")
    for suffix in ("", *SIDE_SUFFIXES):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    try:
        conn = sqlite3.connect(partial, isolation_level=None)
        try:
            conn.execute("PRAGMA synchronous = FULL")
            _migrate(conn, 0, with_builtin_schemes=True)
            conn.execute("PRAGMA journal_mode = WAL")
        finally:
            conn.close()
        sync_file(partial)
        os.replace(partial, path)
        sync_folder(path.parent)
    except BaseException as exc:
        for suffix in ("", *SIDE_SUFFIXES):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
        if isinstance(exc, sqlite3.Error):
            raise (user_facing_sqlite_error(exc, str(path)) or exc) from exc
        raise


def _set_orphans_aside(path: Path) -> None:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for suffix in ("-wal", "-journal"):
        side = Path(f"{path}{suffix}")
        if side.exists() and side.stat().st_size > 0:
            os.replace(side, side.with_name(f"{side.name}.orphan-{stamp}"))
    Path(f"{path}-shm").unlink(missing_ok=True)  # an index of the journal, rebuilt from it: holds nothing


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


def _migrate(conn: sqlite3.Connection, version: int, with_builtin_schemes: bool = False) -> None:
    """Every migration from `version` on, the identity and (a new file) the built-in schemes: one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for step in schema.MIGRATIONS[version:]:
            step(conn)
        if with_builtin_schemes:
            # Only a new file needs the schemes (and, through them, the engine's dataclasses): not at start-up.
            from app.models.schemes import install_builtin_schemes

            install_builtin_schemes(conn)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
