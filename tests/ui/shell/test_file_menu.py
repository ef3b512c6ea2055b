"""The 文件 menu (issue 6 §5): "new, open, recent files, save a copy, backups; the window title shows the file
and the year" — driven from the keyboard as a clerk would.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.models.backup import BackupKind, list_backups, make_backup
from app.models.db import Database, open_database
from app.models.demo import DEMO_YEAR
from app.models.store import set_item_score
from app.ui.shell.backup_dialog import COL_KIND, BackupDialog
from app.ui.shell.file_menu import RecentFiles, WindowManager
from app.ui.shell.main_window import MainWindow
from app.ui.shell.session import ReadOnlySessionError
from app.ui.widgets.ask import Question
from tests.helpers.ask_mock import AskMock


@pytest.fixture
def other_path(tmp_path: Path, demo_template: Path) -> Path:
    path = tmp_path / "其他" / "另一个.sqlite"
    path.parent.mkdir()
    path.write_bytes(demo_template.read_bytes())
    return path


@pytest.fixture
def manager(qtbot) -> Iterator[WindowManager]:
    windows = WindowManager(MainWindow)
    yield windows
    windows.close_all()
    QApplication.processEvents()


@pytest.fixture
def window(qtbot, manager: WindowManager, demo_path: Path) -> MainWindow:
    shown = manager.show(open_database(demo_path))
    qtbot.waitExposed(shown)
    qtbot.waitUntil(lambda: shown.started)  # the first page and the status come just after showing
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    return shown


def menu_texts(window: MainWindow) -> list[str]:
    return [a.text() for a in window.file_menu.menu.actions() if not a.isSeparator()]


def test_the_file_menu_has_what_people_expect(window: MainWindow) -> None:
    assert menu_texts(window) == [
        "新建(&N)…",
        "打开(&O)…",
        "最近打开的文件(&J)",
        "另存副本(&A)…",
        "备份与恢复(&B)…",
        "导入年度文件(&I)…",
        "导出年度文件(&E)…",
        "刷新(&R)",
        "退出(&X)",
    ]
    assert window.windowTitle() == f"考评通 — demo.sqlite — {DEMO_YEAR} 年度（示例）"


def test_ctrl_o_swaps_the_window_to_another_file(
    qtbot, window: MainWindow, manager: WindowManager, other_path: Path, ask_mock: AskMock
) -> None:
    old_db = window.db
    ask_mock.file(other_path)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    (new,) = manager.windows
    assert new is not window and new.db.path == str(other_path)
    assert new.windowTitle() == f"考评通 — 另一个.sqlite — {DEMO_YEAR} 年度（示例）"
    with pytest.raises(Exception, match="closed"):
        old_db.query("SELECT 1")  # the old file was closed with its window
    assert [p.name for p in manager.recent.paths()] == ["另一个.sqlite", "demo.sqlite"]
    assert [b.kind for b in list_backups(other_path)] == [BackupKind.OPEN]  # backed up when opened


def test_recent_files_reopen_from_the_menu(qtbot, window: MainWindow, manager: WindowManager, other_path: Path) -> None:
    manager.recent.add(other_path)
    manager.recent.add(window.db.path)
    window.file_menu.fill_recent()
    actions = window.file_menu.recent_menu.actions()
    assert [a.text().split(" — ")[0] for a in actions] == ["&1 demo.sqlite", "&2 另一个.sqlite"]
    actions[1].trigger()
    assert [w.db.path for w in manager.windows] == [str(other_path)]
    assert RecentFiles.default().paths()[0] == other_path.resolve()  # kept in the data folder, not in memory


def test_new_creates_an_empty_file_and_never_overwrites(
    qtbot, window: MainWindow, manager: WindowManager, tmp_path: Path, other_path: Path, ask_mock: AskMock
) -> None:
    ask_mock.file(other_path)
    before = other_path.read_bytes()
    assert window.file_menu.new_file() is None
    assert "已存在" in ask_mock.told[0] and other_path.read_bytes() == before
    fresh = tmp_path / "2018年.sqlite"
    ask_mock.file(fresh)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    (new,) = manager.windows
    assert new.windowTitle() == "考评通 — 2018年.sqlite" and new.pages.currentIndex() == 1  # "no year yet" page


def test_save_a_copy_keeps_editing_the_original(qtbot, window: MainWindow, tmp_path: Path, ask_mock: AskMock) -> None:
    target = tmp_path / "给领导的副本.sqlite"
    ask_mock.file(target)
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    with open_database(target, readonly=True) as copy:
        assert copy.query("SELECT year FROM years")[0][0] == DEMO_YEAR
    assert window.db.path.endswith("demo.sqlite")
    assert "副本已保存" in window.message_bar.text()


def test_backup_dialog_backs_up_and_restores_from_the_keyboard(qtbot, window: MainWindow, ask_mock: AskMock) -> None:
    db = window.db
    make_backup(db, BackupKind.OPEN)
    with window.session.write("误删") as conn:
        conn.execute("DELETE FROM item_scores WHERE unit = '办公室'")
    ask_mock.choose(0)  # confirm the restore
    dialog = BackupDialog(db.path, db, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.table, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)  # 立即备份
    assert [dialog.model.index(r, COL_KIND).data() for r in range(dialog.model.rowCount())] == [
        "手动备份",
        "打开文件时自动备份",
    ]
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert "当前内容会先另存为一个备份" in ask_mock.said[0]
    assert dialog.restored is not None and dialog.restored.kind == BackupKind.OPEN
    assert db.query("SELECT count(*) FROM item_scores WHERE unit = '办公室'")[0][0] > 0
    assert list_backups(db.path)[0].kind == BackupKind.RESTORE


def test_a_file_someone_else_is_editing_opens_read_only(
    qtbot, window: MainWindow, manager: WindowManager, other_path: Path, ask_mock: AskMock
) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from app.models.db import open_database; db = open_database(sys.argv[1]); "
            "print('READY', flush=True); sys.stdin.read()",
            str(other_path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "READY"
        ask_mock.choose(0)  # 以只读方式打开
        window.file_menu.open_path(other_path)
        assert "正由" in ask_mock.said[0] and str(holder.pid) in ask_mock.said[0]
        (new,) = manager.windows
        assert new.windowTitle() == f"考评通 — 另一个.sqlite（只读） — {DEMO_YEAR} 年度（示例）"
        with pytest.raises(ReadOnlySessionError, match="只读"), new.session.write("试图修改") as conn:
            set_item_score(conn, DEMO_YEAR, "办公室", "b01-01", Decimal(1), None)
    finally:
        assert holder.stdin is not None and holder.stdout is not None
        holder.stdin.close()
        holder.wait(timeout=30)
        holder.stdout.close()


def test_opening_a_damaged_file_keeps_the_current_window_and_the_file(
    qtbot, window: MainWindow, manager: WindowManager, other_path: Path, ask_mock: AskMock
) -> None:
    other_path.write_bytes(other_path.read_bytes()[:50_000])
    before = other_path.read_bytes()
    assert window.file_menu.open_path(other_path) is None
    assert "已损坏" in ask_mock.said[0]
    assert manager.windows == [window] and window.db.query("SELECT 1")[0][0] == 1
    assert other_path.read_bytes() == before


def test_a_window_made_directly_is_adopted_when_switching(qtbot, demo_path: Path, other_path: Path) -> None:
    db: Database = open_database(demo_path)
    window = MainWindow(db)
    window.show()
    new = window.file_menu.open_path(other_path)
    assert new is not None and new.db.path == str(other_path)
    manager = window.file_menu.manager
    assert manager is not None and manager.windows == [new]
    manager.close_all()


def test_a_damaged_file_is_restored_from_a_backup_when_the_clerk_agrees(
    qtbot, demo_path: Path, ask_mock: AskMock
) -> None:
    """Issue 6 §2: "a clear message and an offer to restore a backup" — and the damaged bytes are kept."""
    from app.models.backup import BackupKind as Kind
    from app.ui.shell.file_menu import open_interactively

    with open_database(demo_path) as db:
        make_backup(db, Kind.OPEN)
    damaged = demo_path.read_bytes()[:50_000]
    demo_path.write_bytes(damaged)

    def choose_the_newest_and_restore(question: Question) -> bool:
        dialog = question.subject
        assert isinstance(dialog, BackupDialog)
        dialog.restore_selected()  # the newest copy is selected when the dialog opens
        return True

    ask_mock.choose(0)  # 选择备份恢复…
    ask_mock.dialog(choose_the_newest_and_restore)
    ask_mock.choose(0)  # then, inside the dialog, confirm the restore
    db = open_interactively(demo_path)
    assert db is not None
    try:
        assert "已损坏" in ask_mock.said[0] and "无法打开的原文件会先原样复制" in ask_mock.said[2]
        assert db.query("PRAGMA integrity_check")[0][0] == "ok"
        assert db.query("SELECT year FROM years")[0][0] == DEMO_YEAR
    finally:
        db.close()
    kept = [b for b in list_backups(demo_path) if b.kind == Kind.DAMAGED]
    assert len(kept) == 1 and kept[0].path.read_bytes() == damaged
