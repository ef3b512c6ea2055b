"""Scan to folder: the office scanner writes a file into a shared folder; the page picks it up once it stops
growing (the scanner may still be writing), once per file and window session. QFileSystemWatcher says
when the folder changes; a timer looks as well, because network folders do not always tell."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

SUFFIXES = {".pdf", ".tif", ".tiff", ".jpg", ".jpeg", ".png"}
POLL_MS = 2000


class FolderWatch(QObject):
    arrived = Signal(list)  # new scan files, complete (their size stayed the same over one look)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder: Path | None = None
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._soon)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.look)
        self.seen: set[str] = set()  # files handed over in this session
        self._sizes: dict[str, tuple[int, float]] = {}  # size and mtime at the last look

    @property
    def active(self) -> bool:
        return self.folder is not None

    def start(self, folder: str) -> None:
        self.stop()
        self.folder = Path(folder)
        self.watcher.addPath(str(self.folder))
        self.timer.start()
        self.look()

    def stop(self) -> None:
        if self.folder is not None:
            self.watcher.removePath(str(self.folder))
        self.folder = None
        self.timer.stop()
        self._sizes.clear()

    def _soon(self, _path: str) -> None:
        QTimer.singleShot(500, self.look)

    def look(self) -> None:
        """Hand over every scan file that has stopped growing since the last look (files already there when
        watching starts too: pages taken in before are not read again)."""
        if self.folder is None:
            return
        ready = []
        try:
            entries = sorted(self.folder.iterdir(), key=lambda p: p.name)
        except OSError:
            return  # the share went away for a moment: look again later
        for path in entries:
            key = str(path)
            if key in self.seen or path.suffix.lower() not in SUFFIXES or path.name.startswith("~"):
                continue
            try:
                stat = path.stat()
            except OSError:
                continue
            now = (stat.st_size, stat.st_mtime)
            if stat.st_size > 0 and self._sizes.get(key) == now:
                ready.append(key)
                self.seen.add(key)
                self._sizes.pop(key, None)
            else:
                self._sizes[key] = now
        if ready:
            self.arrived.emit(ready)
