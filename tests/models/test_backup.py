"""Backups (issue 6): automatic rotating copies, a list with what each holds, restores that never destroy.

Issue 6 §1: "automatic, rotating copies (SQLite's online backup API) when a file is opened, before every
import/merge, before locking a year, and on demand; … listing them with time and content summary (years,
ballots keyed); restoring never destroys the current file (it is backed up first)."
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from app.models import backup
from app.models.backup import (
    BackupKind,
    backup_folder,
    list_backups,
    make_backup,
    restore_into,
    restore_over_damaged,
    save_copy,
)
from app.models.db import DamagedFileError, open_database
from app.models.demo import DEMO_YEAR
from app.models.store import ensure_year, set_item_score
from app.models.yearfile.export import export_year


def item_count(db) -> int:
    return db.query("SELECT count(*) FROM item_scores")[0][0]


def test_a_backup_is_a_whole_file_with_its_content_summary(demo_path: Path) -> None:
    with open_database(demo_path) as db:
        info = make_backup(db, BackupKind.MANUAL)
    assert info.path.parent == backup_folder(demo_path)
    assert not Path(f"{info.path}-wal").exists()  # self-contained: nothing beside it
    with open_database(info.path, readonly=True) as copy:
        assert copy.query("PRAGMA integrity_check")[0][0] == "ok"
        assert copy.query("SELECT count(*) FROM years")[0][0] == 1
    (listed,) = list_backups(demo_path)
    assert listed.kind == BackupKind.MANUAL
    assert listed.describe() == f"{DEMO_YEAR} 年度（示例） 评分票 187 张"  # 37 unit ballots + 150 democratic
    assert listed.made_at == info.made_at


def test_an_unchanged_file_is_not_backed_up_twice_but_a_manual_copy_always_is(demo_path: Path) -> None:
    with open_database(demo_path) as db:
        first = make_backup(db, BackupKind.OPEN)
        again = make_backup(db, BackupKind.IMPORT)
        assert again.path == first.path
        manual = make_backup(db, BackupKind.MANUAL)
        assert manual.path != first.path
        with db.atomic(reason="测试", source="test") as conn:
            set_item_score(conn, DEMO_YEAR, "办公室", "b01-01", Decimal("1.5"), "改")
        changed = make_backup(db, BackupKind.OPEN)
    assert changed.path != first.path
    assert [b.path for b in list_backups(demo_path)] == [changed.path, manual.path, first.path]


def test_automatic_copies_rotate_and_manual_ones_stay(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup, "KEEP_AUTOMATIC", 3)
    with open_database(demo_path) as db:
        manual = make_backup(db, BackupKind.MANUAL)
        for n in range(5):
            with db.atomic(reason="测试", source="test") as conn:
                set_item_score(conn, DEMO_YEAR, "办公室", "b01-01", Decimal(n), None)
            make_backup(db, BackupKind.OPEN)
    listed = list_backups(demo_path)
    assert [b.kind for b in listed].count(BackupKind.OPEN) == 3
    assert manual.path in [b.path for b in listed]
    assert len(list(backup_folder(demo_path).glob("*.sqlite"))) == 4


def test_two_files_of_the_same_name_keep_separate_backups(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert backup_folder(tmp_path / "a" / "x.sqlite") != backup_folder(tmp_path / "b" / "x.sqlite")


def test_restore_backs_up_the_current_content_first(demo_path: Path) -> None:
    with open_database(demo_path) as db, open_database(demo_path) as reader:
        old = make_backup(db, BackupKind.MANUAL)
        with db.atomic(reason="误操作", source="test") as conn:
            conn.execute("DELETE FROM item_scores WHERE unit = '办公室'")
        after_mistake = item_count(db)
        before = restore_into(db, old)
        assert item_count(db) == item_count(reader) > after_mistake  # other connections see it at once
        assert db.query("PRAGMA journal_mode")[0][0] == "wal"
        assert db.query("PRAGMA integrity_check")[0][0] == "ok"
    assert before.kind == BackupKind.RESTORE
    with open_database(before.path, readonly=True) as saved:
        assert item_count(saved) == after_mistake  # the replaced content is kept, and can be restored back


def test_a_read_only_window_cannot_restore(demo_path: Path) -> None:
    with open_database(demo_path) as db:
        info = make_backup(db, BackupKind.MANUAL)
    with open_database(demo_path, readonly=True) as db, pytest.raises(backup.StoreError, match="只读"):
        restore_into(db, info)


def test_restoring_over_a_damaged_file_keeps_the_damaged_bytes(demo_path: Path) -> None:
    with open_database(demo_path) as db:
        good = make_backup(db, BackupKind.OPEN)
    damaged = demo_path.read_bytes()[: 40 * 4096]
    demo_path.write_bytes(damaged)
    with pytest.raises(DamagedFileError):
        open_database(demo_path)
    aside = restore_over_damaged(demo_path, good)
    assert aside.kind == BackupKind.DAMAGED
    assert aside.path.read_bytes() == damaged
    with open_database(demo_path) as db:
        assert db.query("PRAGMA integrity_check")[0][0] == "ok"
        assert db.query("SELECT count(*) FROM years")[0][0] == 1


def test_save_a_copy_elsewhere_but_not_over_itself(demo_path: Path, tmp_path: Path) -> None:
    with open_database(demo_path) as db:
        target = save_copy(db, tmp_path / "副本.sqlite")
        with pytest.raises(backup.StoreError, match="不能保存为正在使用的文件"):
            save_copy(db, demo_path)
    with open_database(target, readonly=True) as copy:
        assert copy.query("SELECT count(*) FROM years")[0][0] == 1


def test_the_cli_backs_up_before_every_import(demo_path: Path, tmp_path: Path) -> None:
    """Issue 6 §1 "before every import/merge": the copy holds the file as it was before the import."""
    with open_database(demo_path) as db:
        ensure_year(db, 2018)
        data = export_year(db, DEMO_YEAR)
    data["year"] = 2019
    year_file = tmp_path / "2019.json"
    year_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "app", "import", str(demo_path), str(year_file)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (copy,) = list_backups(demo_path)
    assert copy.kind == BackupKind.IMPORT
    assert [y.year for y in copy.years] == [DEMO_YEAR, 2018]
    with open_database(demo_path, readonly=True) as db:
        assert [r[0] for r in db.query("SELECT year FROM years ORDER BY year")] == [DEMO_YEAR, 2018, 2019]


def test_a_backup_is_refused_for_restore_when_it_is_not_whole(demo_path: Path) -> None:
    with open_database(demo_path) as db:
        info = make_backup(db, BackupKind.MANUAL)
        info.path.write_bytes(info.path.read_bytes()[:8192])
        with pytest.raises(backup.StoreError):
            restore_into(db, info)
        assert item_count(db) > 0  # nothing changed
    assert not [b for b in list_backups(demo_path) if b.kind == BackupKind.RESTORE]


def test_a_backup_copy_is_plain_sqlite(demo_path: Path) -> None:
    with open_database(demo_path) as db:
        info = make_backup(db, BackupKind.MANUAL)
    conn = sqlite3.connect(info.path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()
