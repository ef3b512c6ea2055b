"""Opening, creating and migrating the one SQLite file; transactions that carry an audit reason."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from app.models import schema
from app.models.errors import StoreError, user_facing_sqlite_error

SQLITE_HEADER = b"SQLite format 3\x00"
APPLICATION_ID = 0x4B505447  # "KPTG": marks the file as ours (考评通)


class Database:
    """One open appraisal file. Every write goes through `atomic()`: one transaction, audited."""

    def __init__(self, conn: sqlite3.Connection, path: str):
        self.conn = conn
        self.path = path

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def atomic(self, reason: str | None = None, source: str | None = None) -> Iterator[sqlite3.Connection]:
        """One transaction; every audited change inside records `reason` and `source`."""
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


def check_file_is_ours(path: Path) -> None:
    """Refuse, without writing a byte, a file that is not an appraisal database."""
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise StoreError(f"文件 {path} 不是考评通的数据库（不是 SQLite 文件，或文件已截断）。")
    application_id = int.from_bytes(header[68:72], "big")
    if application_id != APPLICATION_ID:
        raise StoreError(f"文件 {path} 是其他程序的 SQLite 数据库，不是考评通的数据文件。")


def open_database(path: str | Path, create: bool = True) -> Database:
    """Open (or create) an appraisal file, migrating an older one after copying it aside."""
    path = Path(path)
    memory = str(path) == ":memory:"
    is_new = memory or not path.exists() or path.stat().st_size == 0
    if not is_new:
        check_file_is_ours(path)
    elif not create:
        raise StoreError(f"文件 {path} 不存在。")
    conn = None
    try:
        conn = _connect(str(path))
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > schema.SCHEMA_VERSION:
            raise StoreError(
                f"文件 {path} 由更新版本的考评通创建（数据格式 {version}，本程序支持到 {schema.SCHEMA_VERSION}），"
                "请升级程序后再打开。文件未被修改。"
            )
        if not is_new:
            problem = conn.execute("PRAGMA quick_check").fetchone()[0]
            if problem != "ok":
                raise StoreError(f"文件 {path} 已损坏（完整性检查未通过：{problem}）。文件未被修改，请从备份恢复。")
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
        if isinstance(exc, sqlite3.DatabaseError):
            raise (user_facing_sqlite_error(exc, str(path)) or exc) from exc
        raise
    db = Database(conn, str(path))
    if version == 0:
        from app.models.schemes import install_builtin_schemes

        install_builtin_schemes(db)
    return db


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
