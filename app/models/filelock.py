"""One writer per file, whatever path names it: an operating-system lock on a side file `<db>.lock` beside the
file's real path (symbolic links resolved), with who holds it written inside; and, on Linux and macOS, a lock
on the database file itself, which every hard link to it shares.

The lock belongs to the process: when the program ends in any way (closed, crashed, killed, power cut) the
operating system drops it, so there is no stale lock to clear by hand. The side file itself stays behind,
empty or with the last owner's note; its content is only read when the lock is actually held by someone.

Inside one process the lock is shared: a second `acquire()` of the same file by the same real path (the window
and a helper connection, or a test opening the file twice) adds a reference instead of locking the program
out of itself. The same file reached by another name (a hard link) is refused even inside one process: SQLite
would keep a second journal (`-wal`) beside that name.
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

    def __init__(self, path: Path, owner: LockOwner | None, other_name: str | None = None):
        self.path = path
        self.owner = owner
        who = owner.describe() if owner else "另一个考评通程序"
        # other_name "": the file is held under a name this program cannot see (a hard link elsewhere).
        via = (
            ""
            if other_name is None
            else f"（通过同一文件的另一个名称{' ' + other_name if other_name else '，如硬链接'}）"
        )
        super().__init__(f"文件 {path} 正由 {who}打开并编辑{via}。同一时间只能有一个人修改，可以只读方式打开查看。")


def real_path(db_path: Path) -> Path:
    """The file's own path: symbolic links (of the file or of any folder above it) resolved."""
    return Path(os.path.realpath(db_path))


def lock_path(db_path: Path) -> Path:
    real = real_path(db_path)
    return real.with_name(real.name + LOCK_SUFFIX)


def file_identity(db_path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file, the same for every name of it; None when it does not exist yet."""
    try:
        info = os.stat(db_path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if info.st_ino else None


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


def _lock_file_itself(real: Path) -> int | None:
    """Lock the database file (its inode, so every hard link) for this process; the descriptor to keep, or None
    when another process holds it. Not on Windows: a byte-range lock there is mandatory and would collide with
    SQLite's own; the side file beside the real path guards the file there."""
    if sys.platform == "win32":
        return -1
    import fcntl

    # flock, not fcntl: SQLite's own locks are fcntl (POSIX) locks, which flock never touches on Linux/macOS.
    descriptor = os.open(real, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(descriptor)
        return None
    return descriptor


class WriterLock:
    """This process's hold on one file; `release()` once per `acquire_writer()`."""

    def __init__(self, key: str, handle: IO[bytes], real: Path):
        self.key = key
        self.handle = handle
        self.real = real
        self.identity: tuple[int, int] | None = None
        self._descriptor: int | None = None
        self.references = 1

    def cover_file(self) -> None:
        """Lock the database file itself (it exists now); raise FileInUseError when another name of it is held."""
        if self._descriptor is not None:
            return
        identity = file_identity(self.real)
        if identity is None:
            return
        with _registry_guard:
            other = _by_identity.get(identity)
            if other is not None and other is not self:
                raise FileInUseError(self.real, _me(), other_name=str(other.real))
            descriptor = _lock_file_itself(self.real)
            if descriptor is None:
                raise FileInUseError(self.real, None, other_name="")
            self._descriptor = descriptor
            self.identity = identity
            _by_identity[identity] = self

    def release(self) -> None:
        with _registry_guard:
            self.references -= 1
            if self.references > 0:
                return
            _registry.pop(self.key, None)
            if self.identity is not None and _by_identity.get(self.identity) is self:
                del _by_identity[self.identity]
            if self._descriptor is not None and self._descriptor >= 0:
                # Closing any descriptor of the file drops every POSIX lock this process holds on it: this one is
                # closed only after the last connection of this writer was (Database.close closes first).
                os.close(self._descriptor)
            self._descriptor = None
            with contextlib.suppress(OSError):  # the note is a courtesy; the lock itself is what counts
                self.handle.seek(0)
                self.handle.truncate()
                self.handle.flush()
            with contextlib.suppress(OSError):
                _unlock(self.handle)
            self.handle.close()


_registry: dict[str, WriterLock] = {}  # by real path
_by_identity: dict[tuple[int, int], WriterLock] = {}  # by (device, inode): a hard link finds its other name
_registry_guard = threading.RLock()


def _key(db_path: Path) -> str:
    return os.path.normcase(str(real_path(db_path)))


def acquire_writer(db_path: Path) -> WriterLock:
    """Become the file's one writer, or raise FileInUseError naming who is. The file need not exist yet (a new
    file is locked before it is created); call `cover_file()` once it does."""
    key = _key(db_path)
    real = real_path(db_path)
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
        lock = WriterLock(key, handle, real)
        try:
            lock.cover_file()
        except BaseException:
            with contextlib.suppress(OSError):
                _unlock(handle)
            handle.close()
            raise
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(_me().__dict__, ensure_ascii=False).encode("utf-8"))
        handle.flush()
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
