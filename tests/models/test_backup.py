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
from tests.helpers.process_helpers import kill_at_marker


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


# A writer that commits a change into the -wal of a file it makes "newer" (so it cannot be opened), then waits.
NEWER_WITH_COMMITS_IN_THE_WAL = """
import sys, time
from app.models import schema
from app.models.db import open_database
db = open_database(sys.argv[1])
with db.atomic("新年度", "test") as conn:
    conn.execute("INSERT INTO years (year, scheme_id, scheme, created_at) "
                 "SELECT 2099, id, body, '2099-01-01' FROM schemes LIMIT 1")
db.conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
print("COMMITTED", flush=True)
time.sleep(600)
"""


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGKILL"), reason="SIGKILL is POSIX")
def test_setting_a_file_aside_keeps_its_journal_with_it(demo_path: Path) -> None:
    """Issue 16 §1: restoring moves the file with its -wal/-shm together and never discards a WAL with commits."""
    from tests.helpers.process_helpers import kill_at_marker

    with open_database(demo_path) as db:
        good = make_backup(db, BackupKind.MANUAL)
    kill_at_marker([sys.executable, "-c", NEWER_WITH_COMMITS_IN_THE_WAL, str(demo_path)], "COMMITTED")
    wal = Path(f"{demo_path}-wal").read_bytes()
    assert wal  # the commits are in the journal only
    with pytest.raises(backup.StoreError, match="更新版本"):
        open_database(demo_path)
    aside = restore_over_damaged(demo_path, good)
    assert Path(f"{aside.path}-wal").read_bytes() == wal
    with sqlite3.connect(f"file:{aside.path}?mode=ro", uri=True) as kept:  # opened there, the commits are seen
        assert kept.execute("SELECT count(*) FROM years WHERE year = 2099").fetchone()[0] == 1
    assert not Path(f"{demo_path}-wal").exists() or Path(f"{demo_path}-wal").stat().st_size == 0
    with open_database(demo_path) as db:
        assert [r[0] for r in db.query("SELECT year FROM years")] == [DEMO_YEAR]


# A backup on a disk that fills up midway (the file size limit stands in for the full disk).
BACKUP_ON_A_FULL_DISK = """
import resource, signal, sys
from app.models.backup import BackupKind, backup_folder, make_backup
from app.models.db import open_database
db = open_database(sys.argv[1])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) as on a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, resource.RLIM_INFINITY))
try:
    make_backup(db, BackupKind.MANUAL)
except Exception as exc:
    print(type(exc).__name__, exc)
print("LEFT", sorted(p.name for p in backup_folder(db.path).iterdir()))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_backup_that_fails_on_a_full_disk_leaves_no_part_file(demo_path: Path) -> None:
    """Issue 16 §8: the .part files of failed backups ate the last space and the next keying failed."""
    done = subprocess.run(
        [sys.executable, "-c", BACKUP_ON_A_FULL_DISK, str(demo_path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("StoreError") and "磁盘" in done.stdout, done.stdout
    left = done.stdout.split("LEFT", 1)[1]
    assert ".part" not in left and ".sqlite" not in left, left


def test_part_files_left_by_a_killed_backup_are_cleared_by_the_next(demo_path: Path) -> None:
    with open_database(demo_path) as db:
        folder = backup_folder(db.path)
        (folder / "20170101-000000-000000-manual.sqlite.part").write_bytes(b"x" * 1000)
        (folder / "20170101-000000-000000-manual.json.part").write_bytes(b"{")
        make_backup(db, BackupKind.MANUAL)
    assert not list(folder.glob("*.part*"))


# The child makes a copy and is killed after the copy is in place, before its note is written.
KILLED_BEFORE_THE_NOTE = """
import sys
from app.models import backup
from app.models.db import open_database

def wait_to_be_killed(info):
    print("copied", info.path, flush=True)
    sys.stdin.readline()

backup._write_note = wait_to_be_killed
backup.make_backup(open_database(sys.argv[1]), backup.BackupKind.MANUAL)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_copy_left_without_its_note_by_a_killed_backup_is_cleared_by_the_next(demo_path: Path) -> None:
    """A copy without its note is listed nowhere and never rotated: each kill at that moment left a whole file's
    worth of space taken for good. Its content is still in the file (or, before a restore, the restore never
    happened), so the next backup removes it with the .part files."""
    lines = kill_at_marker([sys.executable, "-c", KILLED_BEFORE_THE_NOTE, str(demo_path)], "copied")
    orphan = Path(lines[0].split(" ", 1)[1])
    assert orphan.exists() and not orphan.with_suffix(".json").exists()
    with open_database(demo_path) as db:
        made = make_backup(db, BackupKind.MANUAL)
    folder = backup_folder(demo_path)
    assert sorted(p.name for p in folder.iterdir()) == sorted([made.path.name, made.note_path.name])
