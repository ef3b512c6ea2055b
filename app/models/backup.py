"""Backups: whole-file copies made with SQLite's online backup API, kept per database in the data folder.

Made automatically when a file is opened, before every import or merge, before a year is locked, and on
demand. Each copy is a complete, self-contained SQLite file (no -wal beside it) with a small JSON note
(when, why, which file, what it holds: years and ballots keyed). Automatic copies rotate (the newest
`KEEP_AUTOMATIC` stay); copies made on demand or before a restore are kept until deleted by hand.

Restoring never destroys the current file: it is backed up first (or, when it cannot be opened, its raw
bytes are copied aside together with its `-wal` and `-shm`), and the copy is written back through SQLite
itself, so a crash midway leaves the old content, never half of each. A copy that fails (a full disk)
leaves no `.part` file behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from app.models import schema
from app.models.copies import PART, copy_database, copy_whole, sync_folder, write_whole
from app.models.db import (
    APPLICATION_ID,
    SIDE_SUFFIXES,
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
    write_whole(info.note_path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


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


def clear_partials(folder: Path) -> list[Path]:
    """Remove what a copy killed midway left in a backup folder (a failing copy removes its own): `.part` files,
    and a copy in place without its note (killed between the two), which no list shows and no rotation
    removes — its content is still in the file it was copied from. Only the file's one writer makes backups,
    so none is being written now."""
    orphans = [copy for copy in folder.glob(f"*{COPY_SUFFIX}") if not copy.with_suffix(NOTE_SUFFIX).exists()]
    sides = [Path(f"{copy}{suffix}") for copy in orphans for suffix in SIDE_SUFFIXES]
    removed = []
    for leftover in [*folder.glob(f"*{PART}*"), *orphans, *(side for side in sides if side.exists())]:
        with contextlib.suppress(OSError):
            leftover.unlink()
            removed.append(leftover)
    return removed


def make_backup(db: Database, kind: BackupKind, note: str = "") -> BackupInfo:
    """Copy the open database now. An automatic copy identical to the newest one is not kept twice."""
    folder = backup_folder(db.path)
    clear_partials(folder)
    target = _new_name(folder, kind)
    copy_database(db.conn, target)
    try:
        return _note_new_copy(db, kind, note, target)
    except BaseException:
        target.unlink(missing_ok=True)  # a copy without its note is listed nowhere: never leave one
        raise


def _note_new_copy(db: Database, kind: BackupKind, note: str, target: Path) -> BackupInfo:
    digest = _sha256(target)
    if kind.automatic:
        newest = next((b for b in list_backups(db.path) if b.kind.automatic or b.kind == BackupKind.MANUAL), None)
        if newest is not None and newest.digest == digest and newest.path != target:
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

    The file is first set aside whole (`set_aside`: the main file with its `-wal`, `-shm` and `-journal`, so
    nothing a journal holds is lost); then the backup is written beside the file and renamed over it. The old
    side files go just before the rename, since SQLite would replay a `-wal` left there into the restored
    file. Nobody else may have the file open (writer lock).
    """
    db_path = Path(db_path)
    verify_backup(info)
    lock = acquire_writer(db_path)
    try:
        aside = set_aside(db_path)
        restored = db_path.with_name(db_path.name + ".restore")
        source = sqlite3.connect(info.path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            copy_database(source, restored)
        finally:
            source.close()
        try:
            for suffix in SIDE_SUFFIXES:
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)
            os.replace(restored, db_path)
            sync_folder(db_path.parent)
        finally:
            restored.unlink(missing_ok=True)
    finally:
        lock.release()
    return aside


def set_aside(db_path: Path) -> BackupInfo:
    """Copy a file that cannot be opened, byte for byte, into its backups together with its side files, under
    matching names (`…-damaged.sqlite`, `…-damaged.sqlite-wal`): opened there, SQLite still sees every change
    its `-wal` holds. The caller removes the originals only after this returned."""
    folder = backup_folder(db_path)
    clear_partials(folder)
    target = _new_name(folder, BackupKind.DAMAGED)
    copied: list[Path] = []
    try:
        if db_path.exists():
            copy_whole(db_path, target)
        else:
            write_whole(target, b"")
        copied.append(target)
        for suffix in SIDE_SUFFIXES:
            side = Path(f"{db_path}{suffix}")
            if side.exists():
                copy_whole(side, Path(f"{target}{suffix}"))
                copied.append(Path(f"{target}{suffix}"))
        info = BackupInfo(
            path=target,
            kind=BackupKind.DAMAGED,
            made_at=datetime.now(),
            source=str(Path(db_path).resolve()),
            size=target.stat().st_size,
            digest=_sha256(target),
            note="恢复备份之前，原样保存的无法打开的文件（连同其 -wal、-shm 日志文件）",
        )
        _write_note(info)
    except BaseException:
        for path in copied:  # a half set is no use to anyone; the original stays where it was
            path.unlink(missing_ok=True)
        raise
    sync_folder(folder)
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
