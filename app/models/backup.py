"""Backups: whole-file copies made with SQLite's online backup API, kept per database in the data folder.

Made automatically when a file is opened, before every import or merge, before a year is locked, and on
demand. Each copy is a complete, self-contained SQLite file (no -wal beside it) with a small JSON note
(when, why, which file, what it holds: years and ballots keyed). Automatic copies rotate (the newest
`KEEP_AUTOMATIC` stay); copies made on demand or before a restore are kept until deleted by hand.

Restoring never destroys the current file: it is backed up first (or, when it is too damaged to open,
its raw bytes are copied aside), and the copy is written back through SQLite itself, so a crash midway
leaves the old content, never half of each.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from app.models import schema
from app.models.db import (
    APPLICATION_ID,
    Database,
    check_file_is_ours,
    check_integrity,
)
from app.models.errors import AppraisalError, StoreError
from app.models.filelock import acquire_writer
from app.models.paths import data_dir

BACKUP_FOLDER = "backups"
KEEP_AUTOMATIC = 30
NOTE_SUFFIX = ".json"
COPY_SUFFIX = ".sqlite"


class BackupKind(StrEnum):
    OPEN = "open"  # the file was opened
    IMPORT = "import"  # before an import or a merge
    LOCK = "lock"  # before a year is locked (审定)
    MANUAL = "manual"  # on demand
    RESTORE = "restore"  # the current content, just before a restore replaced it
    DAMAGED = "damaged"  # raw bytes of a file too damaged to open, copied aside before a restore

    @property
    def label(self) -> str:
        return KIND_LABELS[self]

    @property
    def automatic(self) -> bool:
        return self in (BackupKind.OPEN, BackupKind.IMPORT, BackupKind.LOCK)


KIND_LABELS = {
    BackupKind.OPEN: "打开文件时自动备份",
    BackupKind.IMPORT: "导入（合并）前自动备份",
    BackupKind.LOCK: "审定锁定前自动备份",
    BackupKind.MANUAL: "手动备份",
    BackupKind.RESTORE: "恢复前的原文件",
    BackupKind.DAMAGED: "损坏的原文件（原样保存）",
}


@dataclass(frozen=True)
class YearSummary:
    year: int
    locked: bool
    is_demo: bool
    ballots: int  # rating ballots + democratic ballots keyed (first pass)

    def describe(self) -> str:
        flags = "（示例）" if self.is_demo else ""
        flags += "（已审定）" if self.locked else ""
        return f"{self.year} 年度{flags} 评分票 {self.ballots} 张"


@dataclass(frozen=True)
class BackupInfo:
    path: Path  # the copy
    kind: BackupKind
    made_at: datetime
    source: str  # the database it was made from
    size: int
    digest: str  # sha256 of the copy
    years: tuple[YearSummary, ...] = field(default=())
    note: str = ""

    def describe(self) -> str:
        if not self.years:
            return "无年度数据" if self.kind != BackupKind.DAMAGED else "文件已损坏，无法读取内容"
        return "；".join(y.describe() for y in self.years)

    @property
    def note_path(self) -> Path:
        return self.path.with_suffix(NOTE_SUFFIX)


def backup_folder(db_path: str | Path) -> Path:
    """backups/<file name>-<hash of its full path>/: copies of two files with the same name never mix."""
    resolved = Path(db_path).resolve()
    digest = hashlib.sha1(os.path.normcase(str(resolved)).encode("utf-8")).hexdigest()[:8]
    stem = re.sub(r'[\\/:*?"<>|\s]+', "_", resolved.stem)[:40] or "db"
    folder = data_dir() / BACKUP_FOLDER / f"{stem}-{digest}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _new_name(folder: Path, kind: BackupKind) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return folder / f"{stamp}-{kind.value}{COPY_SUFFIX}"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def summarize(conn: sqlite3.Connection) -> tuple[YearSummary, ...]:
    """Years and ballots keyed, read from any connection to one of our files."""
    try:
        years = conn.execute("SELECT year, is_demo, locked_at FROM years ORDER BY year").fetchall()
        ballots = dict(
            conn.execute(
                "SELECT year, sum(n) FROM ("
                " SELECT year, count(*) AS n FROM rating_ballots WHERE pass = 1 GROUP BY year"
                " UNION ALL SELECT year, count(*) FROM democratic_ballots WHERE pass = 1 GROUP BY year"
                ") GROUP BY year"
            ).fetchall()
        )
    except sqlite3.DatabaseError:
        return ()
    return tuple(YearSummary(int(y[0]), bool(y[2]), bool(y[1]), int(ballots.get(y[0], 0) or 0)) for y in years)


def copy_database(conn: sqlite3.Connection, target: Path) -> None:
    """A consistent, self-contained copy of `conn`'s database at `target` (written aside, then renamed)."""
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    destination = sqlite3.connect(partial, isolation_level=None)
    try:
        conn.backup(destination)
        destination.execute("PRAGMA journal_mode = DELETE")  # one file, nothing beside it
        problem = destination.execute("PRAGMA quick_check").fetchone()[0]
        if problem != "ok":
            raise StoreError(f"备份副本校验未通过（{problem}），未保存。")
    finally:
        destination.close()
    os.replace(partial, target)


def _write_note(info: BackupInfo) -> None:
    data = {
        "kind": info.kind.value,
        "made_at": info.made_at.isoformat(),
        "source": info.source,
        "size": info.size,
        "sha256": info.digest,
        "note": info.note,
        "years": [y.__dict__ for y in info.years],
    }
    partial = info.note_path.with_name(info.note_path.name + ".part")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(partial, info.note_path)


def _read_note(copy: Path) -> BackupInfo | None:
    try:
        data = json.loads(copy.with_suffix(NOTE_SUFFIX).read_text(encoding="utf-8"))
        return BackupInfo(
            path=copy,
            kind=BackupKind(data["kind"]),
            made_at=datetime.fromisoformat(data["made_at"]),
            source=str(data["source"]),
            size=int(data["size"]),
            digest=str(data["sha256"]),
            years=tuple(YearSummary(**y) for y in data.get("years", [])),
            note=str(data.get("note", "")),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def list_backups(db_path: str | Path) -> list[BackupInfo]:
    """The copies of one database, newest first (copies whose note is missing are skipped)."""
    folder = backup_folder(db_path)
    found = (_read_note(copy) for copy in folder.glob(f"*{COPY_SUFFIX}"))
    return sorted((b for b in found if b is not None and b.path.exists()), key=lambda b: b.made_at, reverse=True)


def make_backup(db: Database, kind: BackupKind, note: str = "") -> BackupInfo:
    """Copy the open database now. An automatic copy identical to the newest one is not kept twice."""
    folder = backup_folder(db.path)
    target = _new_name(folder, kind)
    copy_database(db.conn, target)
    digest = _sha256(target)
    if kind.automatic:
        newest = next((b for b in list_backups(db.path) if b.kind.automatic or b.kind == BackupKind.MANUAL), None)
        if newest is not None and newest.digest == digest:
            target.unlink()
            return newest
    summary_conn = sqlite3.connect(target)
    try:
        years = summarize(summary_conn)
    finally:
        summary_conn.close()
    info = BackupInfo(
        path=target,
        kind=kind,
        made_at=datetime.now(),
        source=str(Path(db.path).resolve()),
        size=target.stat().st_size,
        digest=digest,
        years=years,
        note=note,
    )
    _write_note(info)
    rotate(db.path)
    return info


def rotate(db_path: str | Path, keep: int | None = None) -> list[Path]:
    """Delete the oldest automatic copies beyond `keep` (KEEP_AUTOMATIC); returns what was deleted."""
    keep = KEEP_AUTOMATIC if keep is None else keep
    automatic = [b for b in list_backups(db_path) if b.kind.automatic]
    removed = []
    for old in automatic[keep:]:
        delete_backup(old)
        removed.append(old.path)
    return removed


def delete_backup(info: BackupInfo) -> None:
    info.path.unlink(missing_ok=True)
    info.note_path.unlink(missing_ok=True)


def save_copy(db: Database, target: str | Path) -> Path:
    """另存副本: a standalone copy anywhere the clerk chooses (the open file stays the one being edited)."""
    target = Path(target)
    if target.resolve() == Path(db.path).resolve():
        raise StoreError("副本不能保存为正在使用的文件本身，请换一个文件名。")
    copy_database(db.conn, target)
    return target


def verify_backup(info: BackupInfo) -> None:
    """The copy is ours, not newer than this program, and whole; else StoreError."""
    if not info.path.exists():
        raise StoreError(f"备份文件 {info.path} 已不存在。")
    if info.kind == BackupKind.DAMAGED:
        raise StoreError("这是损坏文件的原样副本，不能用来恢复。")
    check_file_is_ours(info.path)
    check_integrity(info.path)


def restore_into(db: Database, info: BackupInfo) -> BackupInfo:
    """Put a backup's content into the open (writable) database; returns the copy of what was there before.

    The content is written through SQLite's backup API into the live connection: one transaction, so a
    crash midway leaves the old content. Other readers see the new content on their next read.
    """
    if db.readonly:
        raise StoreError("文件以只读方式打开，不能恢复备份。")
    verify_backup(info)
    before = make_backup(db, BackupKind.RESTORE, note=f"恢复 {info.made_at:%Y-%m-%d %H:%M:%S} 的备份之前")
    source = sqlite3.connect(info.path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        source.backup(db.conn)
    finally:
        source.close()
    _after_restore(db.conn)
    return before


def _after_restore(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if application_id != APPLICATION_ID or version > schema.SCHEMA_VERSION:
        raise StoreError("恢复后的文件不是本程序可用的数据库。")  # verify_backup makes this unreachable


def restore_over_damaged(db_path: str | Path, info: BackupInfo) -> BackupInfo:
    """Restore a backup over a file that cannot be opened (damaged, foreign, newer).

    The damaged file and its side files are first copied, byte for byte, into the backups; then the backup
    is written beside the file and renamed over it. Nobody else may have the file open (writer lock).
    """
    db_path = Path(db_path)
    verify_backup(info)
    lock = acquire_writer(db_path)
    try:
        aside = _keep_raw_copy(db_path)
        partial = db_path.with_name(db_path.name + ".restore.part")
        source = sqlite3.connect(info.path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            copy_database(source, partial)
        finally:
            source.close()
        # A -wal left by the damaged file would be replayed into the restored one: remove it (it is saved aside).
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        os.replace(partial, db_path)
    finally:
        lock.release()
    return aside


def _keep_raw_copy(db_path: Path) -> BackupInfo:
    folder = backup_folder(db_path)
    target = _new_name(folder, BackupKind.DAMAGED)
    if db_path.exists():
        shutil.copy2(db_path, target)
    else:
        target.write_bytes(b"")
    for suffix in ("-wal", "-shm", "-journal"):
        side = Path(f"{db_path}{suffix}")
        if side.exists():
            shutil.copy2(side, Path(f"{target}{suffix}"))
    info = BackupInfo(
        path=target,
        kind=BackupKind.DAMAGED,
        made_at=datetime.now(),
        source=str(db_path.resolve()),
        size=target.stat().st_size,
        digest=_sha256(target),
        note="恢复备份之前，原样保存的无法打开的文件",
    )
    _write_note(info)
    return info


def backup_quietly(db: Database, kind: BackupKind) -> tuple[BackupInfo | None, str | None]:
    """An automatic copy that must never stop the work: (copy, None) or (None, why it failed)."""
    if db.readonly or db.path == ":memory:":
        return None, None
    try:
        return make_backup(db, kind), None
    except (AppraisalError, OSError, sqlite3.Error) as exc:
        return None, f"自动备份失败：{exc}"


def total_size(backups: Iterable[BackupInfo]) -> int:
    return sum(b.size for b in backups)
