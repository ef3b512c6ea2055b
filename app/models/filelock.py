"""One writer per file: an operating-system lock on a side file `<db>.lock`, with who holds it written inside.

The lock belongs to the process: when the program ends in any way (closed, crashed, killed, power cut) the
operating system drops it, so there is no stale lock to clear by hand. The side file itself stays behind,
empty or with the last owner's note; its content is only read when the lock is actually held by someone.

Inside one process the lock is shared: a second `acquire()` of the same file (the window and a helper
connection, or a test opening the file twice) adds a reference instead of locking the program out of itself.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from app.models.errors import StoreError

LOCK_SUFFIX = ".lock"
# Windows locks a byte range, and a locked range cannot be read by others: lock a byte far past the note.
_WINDOWS_LOCK_OFFSET = 1 << 20


@dataclass(frozen=True)
class LockOwner:
    user: str
    host: str
    pid: int
    since: str  # ISO time, local

    def describe(self) -> str:
        since = self.since[:16].replace("T", " ")
        return f"{self.user}（计算机 {self.host}，进程 {self.pid}）自 {since} 起"


class FileInUseError(StoreError):
    """Another program holds the file for writing; it can still be opened read-only."""

    def __init__(self, path: Path, owner: LockOwner | None):
        self.path = path
        self.owner = owner
        who = owner.describe() if owner else "另一个考评通程序"
        super().__init__(f"文件 {path} 正由 {who}打开并编辑。同一时间只能有一个人修改，可以只读方式打开查看。")


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


def _try_lock(handle: IO[bytes]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_WINDOWS_LOCK_OFFSET)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_WINDOWS_LOCK_OFFSET)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _read_owner(handle: IO[bytes]) -> LockOwner | None:
    try:
        handle.seek(0)
        data = json.loads(handle.read(4096).decode("utf-8"))
        return LockOwner(str(data["user"]), str(data["host"]), int(data["pid"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # being written right now, or an old empty file


def _me() -> LockOwner:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no login name (a service account)
        user = "未知用户"
    return LockOwner(user, socket.gethostname(), os.getpid(), datetime.now().isoformat(timespec="seconds"))


class WriterLock:
    """This process's hold on one file; `release()` once per `acquire_writer()`."""

    def __init__(self, key: str, handle: IO[bytes]):
        self.key = key
        self.handle = handle
        self.references = 1

    def release(self) -> None:
        with _registry_guard:
            self.references -= 1
            if self.references > 0:
                return
            _registry.pop(self.key, None)
            with contextlib.suppress(OSError):  # the note is a courtesy; the lock itself is what counts
                self.handle.seek(0)
                self.handle.truncate()
                self.handle.flush()
            with contextlib.suppress(OSError):
                _unlock(self.handle)
            self.handle.close()


_registry: dict[str, WriterLock] = {}
_registry_guard = threading.Lock()


def _key(db_path: Path) -> str:
    return os.path.normcase(str(db_path.resolve()))


def acquire_writer(db_path: Path) -> WriterLock:
    """Become the file's one writer, or raise FileInUseError naming who is."""
    key = _key(db_path)
    with _registry_guard:
        held = _registry.get(key)
        if held is not None:
            held.references += 1
            return held
        path = lock_path(db_path)
        try:
            handle = open(path, "a+b")  # noqa: SIM115 -- kept open as long as the lock is held
        except OSError as exc:
            raise StoreError(f"无法在文件 {db_path} 旁建立锁文件（{exc.strerror}）。请检查文件夹的写入权限。") from exc
        if not _try_lock(handle):
            owner = _read_owner(handle)
            handle.close()
            raise FileInUseError(db_path, owner)
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(_me().__dict__, ensure_ascii=False).encode("utf-8"))
        handle.flush()
        lock = WriterLock(key, handle)
        _registry[key] = lock
        return lock


def current_owner(db_path: Path) -> LockOwner | None:
    """Who holds the file for writing (None: nobody, or this process)."""
    if _key(db_path) in _registry:
        return None
    path = lock_path(db_path)
    if not path.exists():
        return None
    with open(path, "rb") as handle:
        if _try_lock(handle):
            _unlock(handle)
            return None
        return _read_owner(handle) or LockOwner("未知用户", "未知", 0, "")
