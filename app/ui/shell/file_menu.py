"""The 文件 menu: 新建, 打开, 最近打开的文件, 另存副本, 备份与恢复, 刷新, 退出 — and how a file is opened.

Opening is the same at start-up and from the menu (`open_interactively`): a file that is damaged, not ours,
or from a newer version is never modified — the clerk is told why and offered a backup to restore; a file
another program is editing, or a write-protected one, can be opened read-only.

Switching files opens a new window on the new file and closes the old one (and its file) afterwards;
`WindowManager` owns the windows and their databases.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from app.models.db import (
    DamagedFileError,
    Database,
    NewerFileError,
    NotOurFileError,
    ReadOnlyFileError,
    open_database,
)
from app.models.errors import AppraisalError
from app.models.filelock import FileInUseError
from app.models.paths import data_dir
from app.ui.shell.session import Session
from app.ui.widgets import ask

APP_TITLE = "考评通"
FILE_FILTER = "考评通数据文件 (*.sqlite *.db);;所有文件 (*)"
RECENT_NAME = "recent-files.json"
# What an import wrote, as the clerk calls it (the summary counts by section of the year file).
IMPORT_COUNT_NAMES = {
    "item_scores": "项目得分",
    "unit_ballots": "科室评分表",
    "unit_adjustments": "科室加减分",
    "cadre_adjustments": "干部加减分",
    "vetoes": "一票否决",
    "special_awards": "突出业绩奖、突出贡献奖",
    "quota_overrides": "优秀名额核定",
    "cadres": "干部",
    "democratic_ballots": "民主测评票",
    "democratic_tallies": "民主测评汇总",
    "leader_ratings": "领导评价",
    "indicators": "考核指标",
    "indicator_reports": "指标月报",
    "district_events": "区县事项",
    "committee_decisions": "党委审定",
    "carried_adjustments": "上年度转入的加减分",
}
RECENT_MAX = 8
YEAR_FILE_FILTER = "年度文件 (*.json);;所有文件 (*)"
MAX_PROBLEMS_SHOWN = 30  # a message box, not a report: the rest are counted


class MainWindow(Protocol):
    """What the menu and `WindowManager` use of the main window (app/ui/shell/main_window.py). Not imported
    from there: the main window installs this menu, and one import each way would make a circle."""

    db: Database
    session: Session
    leaving_confirmed: bool
    refresh_action: QAction

    def confirm_leaving(self, action: str) -> bool: ...
    def reload(self) -> None: ...


def backups() -> ModuleType:
    """app/models/backup.py, loaded with the first backup (after the window shows), not at start-up."""
    from app.models import backup

    return backup


def inform(parent: QWidget | None, text: str) -> None:
    ask.inform(parent, APP_TITLE, text)


def choose(parent: QWidget | None, text: str, options: list[str]) -> int:
    """Index of the chosen option; the last option is the cancel/escape one."""
    return ask.choose(parent, APP_TITLE, text, options)


# --- recent files ---------------------------------------------------------------------------------


@dataclass
class RecentFiles:
    """The last opened files, newest first, in a small JSON file in the data folder."""

    store: Path

    @classmethod
    def default(cls) -> RecentFiles:
        return cls(data_dir() / RECENT_NAME)

    def paths(self) -> list[Path]:
        try:
            data = json.loads(self.store.read_text(encoding="utf-8"))
            return [Path(p) for p in data if isinstance(p, str)][:RECENT_MAX]
        except (OSError, ValueError):
            return []

    def add(self, path: str | Path) -> None:
        if str(path) == ":memory:":
            return
        full = Path(path).resolve()
        paths = [full] + [p for p in self.paths() if os.path.normcase(str(p)) != os.path.normcase(str(full))]
        partial = self.store.with_name(self.store.name + ".part")
        partial.write_text(json.dumps([str(p) for p in paths[:RECENT_MAX]], ensure_ascii=False), encoding="utf-8")
        os.replace(partial, self.store)


# --- opening --------------------------------------------------------------------------------------


def open_interactively(
    path: str | Path, parent: QWidget | None = None, create: bool = False, backup: bool = True
) -> Database | None:
    """Open `path` for the window, asking the clerk what to do when it cannot simply be opened; `backup`:
    copy it right away (else the caller calls `backup_opened`, as start-up does once the window shows).

    None: nothing was opened (the clerk cancelled, or there was nothing to offer). The file is never
    modified on the way unless the clerk chose to restore a backup over it.
    """
    path = Path(path)
    if not create and not path.exists():
        inform(parent, f"文件 {path} 不存在。")
        return None
    while True:
        try:
            db = open_database(path, create=create)
        except FileInUseError as exc:
            if choose(parent, f"{exc}\n\n要以只读方式打开吗？", ["以只读方式打开(&R)", "取消"]) != 0:
                return None
            return _open_readonly(path, parent)
        except ReadOnlyFileError as exc:
            if choose(parent, f"{exc}\n\n要以只读方式打开吗？", ["以只读方式打开(&R)", "取消"]) != 0:
                return None
            return _open_readonly(path, parent)
        except (NotOurFileError, NewerFileError, DamagedFileError) as exc:
            if not _offer_restore(path, str(exc), parent):
                return None
            continue  # restored: open it again, through every check
        except AppraisalError as exc:
            inform(parent, str(exc))
            return None
        if backup:
            backup_opened(db, parent)
        return db


def backup_opened(db: Database, parent: QWidget | None = None) -> None:
    """The copy made each time a file is opened; a failure is said, and the file stays open."""
    store = backups()
    _copy, failure = store.backup_quietly(db, store.BackupKind.OPEN)
    if failure:
        inform(parent, f"{failure}\n\n文件已正常打开，可以继续工作。")


def _open_readonly(path: Path, parent: QWidget | None) -> Database | None:
    try:
        return open_database(path, readonly=True)
    except AppraisalError as exc:
        inform(parent, str(exc))
        return None


def _offer_restore(path: Path, problem: str, parent: QWidget | None) -> bool:
    """True when a backup was restored over the file."""
    store = backups()
    copies = [b for b in store.list_backups(path) if b.kind != store.BackupKind.DAMAGED]
    if not copies:
        inform(parent, f"{problem}\n\n这个文件没有可用的备份。")
        return False
    newest = copies[0]
    text = (
        f"{problem}\n\n这个文件有 {len(copies)} 个备份，最近的一个是 {newest.made_at:%Y-%m-%d %H:%M}"
        f"（{newest.describe()}）。\n要从备份恢复吗？恢复前，原文件会原样复制到备份文件夹，不会删除。"
    )
    if choose(parent, text, ["选择备份恢复(&R)…", "取消"]) != 0:
        return False
    from app.ui.shell.backup_dialog import BackupDialog

    dialog = BackupDialog(path, None, parent)
    ask.run(dialog)
    restored = dialog.restored is not None
    dialog.deleteLater()
    return restored


# --- windows --------------------------------------------------------------------------------------


class WindowManager(QObject):
    """The open windows and their files: switching files replaces the window; quitting closes every file."""

    def __init__(
        self,
        make_window: Callable[[Database], MainWindow],
        recent: RecentFiles | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.make_window = make_window  # main_window.MainWindow (passed in: see the MainWindow protocol)
        self.recent = recent or RecentFiles.default()
        self.windows: list[MainWindow] = []

    def adopt(self, window: MainWindow) -> None:
        if window not in self.windows:
            self.windows.append(window)
        menu = window.findChild(FileMenu)
        if menu is not None:
            menu.manager = self
        self.recent.add(window.db.path)

    def show(self, db: Database) -> MainWindow:
        window = self.make_window(db)
        self.adopt(window)
        window.show()
        return window

    def replace(self, old: MainWindow, db: Database) -> MainWindow:
        """The new window is shown before the old one closes (closing the last window would quit)."""
        new = self.show(db)
        new.move(old.pos())
        new.resize(old.size())
        self.close_window(old)
        new.activateWindow()
        return new

    def close_window(self, window: MainWindow) -> None:
        window.close()  # stops its polling
        if window in self.windows:
            self.windows.remove(window)
        db = window.db
        window.deleteLater()
        if not any(w.db is db for w in self.windows):
            db.close()

    def close_all(self) -> None:
        for window in list(self.windows):
            window.leaving_confirmed = True  # the program is ending (quit, or after a crash): no more questions
            self.close_window(window)


class FileMenu(QObject):
    """The menu's actions for one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("fileMenu")
        self.window = window
        self.manager: WindowManager | None = None
        menu = window.menuBar().addMenu("文件(&F)")
        self.menu = menu
        self.new_action = self._action("新建(&N)…", QKeySequence.StandardKey.New, self.new_file)
        self.open_action = self._action("打开(&O)…", QKeySequence.StandardKey.Open, self.open_file)
        menu.addAction(self.new_action)
        menu.addAction(self.open_action)
        self.recent_menu = QMenu("最近打开的文件(&J)", window)
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        menu.addMenu(self.recent_menu)
        menu.addSeparator()
        self.copy_action = self._action("另存副本(&A)…", QKeySequence("Ctrl+Shift+S"), self.save_copy)
        self.backup_action = self._action("备份与恢复(&B)…", QKeySequence("Ctrl+Shift+B"), self.show_backups)
        menu.addAction(self.copy_action)
        menu.addAction(self.backup_action)
        menu.addSeparator()
        # The open year file (../shared/spec/interchange.md): archives, a colleague's PC, other programs.
        self.import_action = self._action("导入年度文件(&I)…", QKeySequence(), self.import_year_file)
        self.export_action = self._action("导出年度文件(&E)…", QKeySequence(), self.export_year_file)
        menu.addAction(self.import_action)
        menu.addAction(self.export_action)
        menu.addSeparator()
        menu.addAction(window.refresh_action)
        menu.addSeparator()
        self.quit_action = self._action("退出(&X)", QKeySequence("Ctrl+Q"), window.close)
        menu.addAction(self.quit_action)

    def _action(self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey, slot) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)  # shortcuts work with the menu closed
        return action

    def _manager(self) -> WindowManager:
        if self.manager is None:  # a window made directly (tests): adopt it; new windows are of its kind
            WindowManager(type(self.window), parent=self.window.parent() or None).adopt(self.window)
        assert self.manager is not None
        return self.manager

    # --- choosing paths -------------------------------------------------------------------------

    def folder(self) -> Path:
        return Path(self.window.db.path).parent

    def ask_open_path(self) -> str | None:
        return ask.open_file(self.window, "打开数据文件", FILE_FILTER, str(self.folder()))

    def ask_save_path(self, title: str, suggestion: str) -> str | None:
        return ask.save_file(self.window, title, str(self.folder() / suggestion), FILE_FILTER)

    # --- actions --------------------------------------------------------------------------------

    def open_path(self, path: str | Path, create: bool = False) -> MainWindow | None:
        if not self.window.confirm_leaving("打开另一个数据文件"):
            return None  # a half-keyed ballot stays on screen
        db = open_interactively(path, self.window, create=create)
        if db is None:
            return None
        self.window.leaving_confirmed = True
        return self._manager().replace(self.window, db)

    def new_file(self) -> MainWindow | None:
        chosen = self.ask_save_path("新建数据文件", "新数据文件.sqlite")
        if not chosen:
            return None
        path = Path(chosen)
        if path.exists() and path.stat().st_size > 0:
            inform(self.window, f"文件 {path} 已存在。新建不会覆盖已有文件，请换一个文件名，或用“打开”。")
            return None
        return self.open_path(path, create=True)

    def open_file(self) -> MainWindow | None:
        chosen = self.ask_open_path()
        return self.open_path(chosen) if chosen else None

    def fill_recent(self) -> None:
        self.recent_menu.clear()
        paths = self._manager().recent.paths()
        if not paths:
            empty = self.recent_menu.addAction("（无）")
            empty.setEnabled(False)
            return
        for index, path in enumerate(paths, start=1):
            missing = "" if path.exists() else "（不存在）"
            action = self.recent_menu.addAction(f"&{index} {path.name}{missing} — {path.parent}")
            action.setData(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_path(p))

    def save_copy(self) -> Path | None:
        stem = Path(self.window.db.path).stem
        chosen = self.ask_save_path("另存副本", f"{stem}-副本.sqlite")
        if not chosen:
            return None
        try:
            target = backups().save_copy(self.window.db, chosen)
        except (AppraisalError, OSError) as exc:
            inform(self.window, f"副本未保存：{exc}")
            return None
        self.window.say(f"副本已保存：{target}（仍在编辑原文件）")
        return target

    def import_year_file(self, chosen: str | None = None) -> bool:
        """Validate the whole file, back up, then merge it in one transaction; on any problem, list every
        one (with its place in the file) and write nothing."""
        from app.models.errors import ValidationError
        from app.models.jsontext import read_input
        from app.models.yearfile.reading import parse_year_file
        from app.models.yearfile.writing import import_year_file

        session = self.window.session
        if session.readonly:
            inform(self.window, "数据文件是以只读方式打开的，不能导入。")
            return False
        chosen = chosen or ask.open_file(self.window, "导入年度文件", YEAR_FILE_FILTER, str(self.folder()))
        if not chosen or not session.confirm_leaving("导入年度文件并换到该年度"):
            return False
        path = Path(chosen)
        try:
            data = parse_year_file(read_input(path))
            store = backups()
            _copy, backup_problem = store.backup_quietly(self.window.db, store.BackupKind.IMPORT)
            summary = import_year_file(self.window.db, data, source=f"import:{path.name}")
        except ValidationError as exc:
            shown = [str(p) for p in exc.problems[:MAX_PROBLEMS_SHOWN]]
            if len(exc.problems) > len(shown):
                shown.append(f"……另有 {len(exc.problems) - len(shown)} 处问题")
            inform(self.window, f"年度文件 {path.name} 有误，未导入任何数据：\n" + "\n".join(shown))
            return False
        except UnicodeDecodeError as exc:
            inform(self.window, f"{path.name} 不是 UTF-8 编码的年度文件（第 {exc.start} 字节），未导入。")
            return False
        except (AppraisalError, OSError) as exc:
            inform(self.window, f"年度文件未导入：{exc}")
            return False
        session.set_year(summary.year)
        self.window.reload()
        parts = (
            "，".join(f"{IMPORT_COUNT_NAMES.get(k, k)} {v}" for k, v in sorted(summary.counts.items())) or "无新数据"
        )
        skipped = f"；相同内容已存在而跳过 {summary.skipped_identical} 张" if summary.skipped_identical else ""
        warning = f"（{backup_problem}）" if backup_problem else "（导入前已自动备份）"
        self.window.say(f"已导入 {summary.year} 年度：{parts}{skipped}{warning}")
        return True

    def export_year_file(self, chosen: str | None = None) -> Path | None:
        from app.models.yearfile.export import export_year

        year = self.window.session.year
        if year is None:
            inform(self.window, "没有可导出的年度。")
            return None
        suggestion = str(self.folder() / f"{year}年度.json")
        chosen = chosen or ask.save_file(self.window, "导出年度文件", suggestion, YEAR_FILE_FILTER)
        if not chosen:
            return None
        target = Path(chosen)
        try:
            text = json.dumps(export_year(self.window.db, year), ensure_ascii=False, indent=1) + "\n"
            partial = target.with_name(target.name + ".part")
            partial.write_text(text, encoding="utf-8")
            partial.replace(target)  # never half a file under the real name
        except (AppraisalError, OSError) as exc:
            inform(self.window, f"年度文件未导出：{exc}")
            return None
        self.window.say(f"{year} 年度已导出到 {target}")
        return target

    def show_backups(self) -> None:
        from app.ui.shell.backup_dialog import BackupDialog

        dialog = BackupDialog(self.window.db.path, self.window.db, self.window)
        if ask.run(dialog) and dialog.restored is not None:
            self.window.reload()
            self.window.say(f"已恢复 {dialog.restored.made_at:%Y-%m-%d %H:%M:%S} 的备份；恢复前的内容已另存为备份。")
        dialog.deleteLater()


def install_file_menu(window: MainWindow) -> FileMenu:
    return FileMenu(window)
