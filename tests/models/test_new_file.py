"""A file is recognised as ours from its first commit (issue 16 §1): identity is read through SQLite, which sees
the `-wal`, not from the main file's raw header, which WAL leaves zero until the first checkpoint; and a new
file is created with its header (application id, schema version) on disk before any data.

Before this, 22 of 23 files left by a killed `appraisal import` into a new file were refused as "其他程序的
SQLite 数据库" although plain SQLite showed every committed ballot.
"""

from __future__ import annotations

import signal
import sqlite3
import sys
from pathlib import Path

import pytest

from app.models import schema
from app.models.db import APPLICATION_ID, NotOurFileError, check_file_is_ours, open_database
from app.models.store import ensure_year, list_years
from tests.helpers.process_helpers import kill_at_marker

sigkill = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")


def header(path: Path) -> tuple[int, int]:
    """(application_id, user_version) as the main file's own bytes say, without SQLite."""
    raw = path.read_bytes()[:100]
    return int.from_bytes(raw[68:72], "big"), int.from_bytes(raw[60:64], "big")


# A file made the way the program made it before (WAL first, identity and data in the journal), then killed
# before any checkpoint: what `appraisal import` into a new file left behind 23 times in 40.
OLD_STYLE_NEW_FILE = """
import sqlite3, sys, time
from app.models import schema
from app.models.db import APPLICATION_ID
from app.models.schemes import install_builtin_schemes
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = WAL")
conn.execute("BEGIN IMMEDIATE")
for step in schema.MIGRATIONS:
    step(conn)
install_builtin_schemes(conn)
conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
conn.execute("COMMIT")
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO years (year, scheme_id, scheme, created_at) "
             "SELECT 2017, id, body, '2017-12-01' FROM schemes WHERE id = 'jxw-2017'")
conn.execute("COMMIT")
print("COMMITTED", flush=True)
time.sleep(600)
"""


@sigkill
def test_a_file_killed_before_its_first_checkpoint_opens_with_its_commits(tmp_path: Path) -> None:
    path = tmp_path / "killed.sqlite"
    kill_at_marker([sys.executable, "-c", OLD_STYLE_NEW_FILE, str(path)], "COMMITTED")
    assert header(path) == (0, 0)  # the main file's header still says nothing: it is all in the -wal
    assert check_file_is_ours(path) == schema.SCHEMA_VERSION
    with open_database(path) as db:
        assert [info.year for info in list_years(db)] == [2017]
    assert header(path) == (APPLICATION_ID, schema.SCHEMA_VERSION)  # checkpointed since


def test_a_new_file_has_its_header_on_disk_before_any_data(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    with open_database(path) as db:
        assert header(path) == (APPLICATION_ID, schema.SCHEMA_VERSION)
        ensure_year(db, 2017)  # data goes to the -wal; the header is already there
        assert Path(f"{path}-wal").stat().st_size > 0
        assert header(path) == (APPLICATION_ID, schema.SCHEMA_VERSION)
        assert not list(tmp_path.glob("new.sqlite.new*"))


def test_an_interrupted_creation_leaves_no_file_and_is_cleared_next_time(tmp_path: Path) -> None:
    """A crash before the rename leaves only `<name>.new`; the next start creates the file afresh."""
    path = tmp_path / "new.sqlite"
    Path(f"{path}.new").write_bytes(b"half a file")
    Path(f"{path}.new-journal").write_bytes(b"its journal")
    with open_database(path) as db:
        assert db.query("SELECT count(*) FROM schemes")[0][0] >= 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("new.sqlite")) == [
        "new.sqlite",
        "new.sqlite.lock",
    ]


def test_an_empty_database_is_taken_as_a_new_file(tmp_path: Path) -> None:
    """No identity and no tables: what an older version left when killed before its schema committed."""
    path = tmp_path / "empty.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    with open_database(path) as db:
        assert db.query("PRAGMA application_id")[0][0] == APPLICATION_ID
        ensure_year(db, 2017)


def test_another_programs_database_is_refused_unchanged_with_no_trace(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE notes (text)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotOurFileError, match="其他程序"):
        open_database(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite"]


def test_a_journal_without_its_file_is_set_aside_not_replayed(tmp_path: Path) -> None:
    """A `-wal` whose main file is gone would be replayed into a new file of the same name."""
    path = tmp_path / "gone.sqlite"
    with open_database(path) as db:
        ensure_year(db, 2017)
        wal = Path(f"{path}-wal").read_bytes()
    path.unlink()
    Path(f"{path}-wal").write_bytes(wal)
    with open_database(path) as db:
        assert list_years(db) == []
    orphans = list(tmp_path.glob("gone.sqlite-wal.orphan-*"))
    assert len(orphans) == 1 and orphans[0].read_bytes() == wal
