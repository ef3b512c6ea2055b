"""Free disk space, checked before a clerk starts keying rather than discovered at the hundredth ballot.

A keying session writes to the file's journal (`-wal`, checkpointed into the file every ~4 MB) and the file
grows by its new pages; the automatic backups (on opening, before an import, before a lock) each need a copy
of the file in the backups folder, which may sit on another disk. `space_problem` says, in Chinese, which
disk is short and how much is needed; the keying page shows it when it opens, and a failed write can too.
"""

from __future__ import annotations

import contextlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from app.models.paths import data_dir

MB = 1024 * 1024
# What one keying session may write besides the backups: SQLite checkpoints the journal at 1000 pages
# (4 MB) and a day's ballots add a few MB to the file; twice that, so the check is not the last word.
KEYING_HEADROOM = 16 * MB


@dataclass(frozen=True)
class DiskSpace:
    folder: Path
    free: int  # bytes
    needed: int  # bytes

    @property
    def enough(self) -> bool:
        return self.free >= self.needed


def size_of(path: Path) -> int:
    """The file and its journal, as a copy of it would need."""
    total = 0
    for suffix in ("", "-wal"):
        with contextlib.suppress(OSError):
            total += Path(f"{path}{suffix}").stat().st_size
    return total


def free_space(folder: Path) -> int:
    return shutil.disk_usage(folder).free


def needs(db_path: str | Path) -> list[DiskSpace]:
    """Each disk keying depends on, with what it has and what it needs: the file's folder (journal, growth and,
    when the backups share that disk, a backup copy) and the backups' folder."""
    path = Path(db_path)
    size = size_of(path)
    backups = data_dir()
    if _same_disk(path.parent, backups):
        return [DiskSpace(path.parent, free_space(path.parent), KEYING_HEADROOM + size)]
    return [
        DiskSpace(path.parent, free_space(path.parent), KEYING_HEADROOM),
        DiskSpace(backups, free_space(backups), size),
    ]


def _same_disk(first: Path, second: Path) -> bool:
    try:
        return first.stat().st_dev == second.stat().st_dev
    except OSError:
        return False


def space_problem(db_path: str | Path) -> str | None:
    """Why keying into this file may fail for want of disk space (None: there is enough, or no such file)."""
    if str(db_path) == ":memory:" or not Path(db_path).exists():
        return None
    try:
        short = [space for space in needs(db_path) if not space.enough]
    except OSError:
        return None  # a folder we cannot measure is reported when a write fails, not guessed at here
    if not short:
        return None
    parts = [f"{space.folder} 所在磁盘只剩 {_mb(space.free)}，至少需要 {_mb(space.needed)}" for space in short]
    return (
        "磁盘空间不足："
        + "；".join(parts)
        + "（录入日志、文件增长和自动备份所需）。请先清理磁盘再录入，已录入的数据不受影响。"
    )


def _mb(size: int) -> str:
    return f"{size / MB:.1f} MB" if size < 1024 * MB else f"{size / (1024 * MB):.1f} GB"
