"""Faults (issue 6 acceptance): "SIGKILL during an import/merge and during ballot keying leaves a file that opens
and passes integrity_check with every committed change; a truncated file, a random-bytes file, a read-only
file, a file from a newer schema version each get the message and stay byte-identical."

The kills are deterministic: the child process announces (on stdout) that it is inside the transaction,
with uncommitted pages already spilled to the -wal, and then waits to be killed.
"""

from __future__ import annotations

import hashlib
import json
import random
import signal
import sqlite3
import stat
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from app.models import schema
from app.models.db import (
    DamagedFileError,
    NewerFileError,
    NotOurFileError,
    ReadOnlyDatabaseError,
    ReadOnlyFileError,
    open_database,
)
from app.models.demo import DEMO_YEAR
from app.models.errors import StoreError
from app.models.store import set_item_score
from app.models.yearfile.export import export_year
from app.ui.shell.file_menu import open_interactively
from tests.helpers.process_helpers import kill_at_marker

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")

# `appraisal import`, with one hook: after 500 leader ratings it says MIDWAY (and how big the -wal is) and waits.
IMPORT_KILLED_MIDWAY = """
import os, sys, time
from app import cli
from app.models import store
original = store.set_leader_rating
calls = 0
def set_leader_rating(conn, *args):
    global calls
    calls += 1
    if calls == 1:
        conn.execute("PRAGMA cache_size = 2")  # spill uncommitted pages to the -wal, as a big import does
    original(conn, *args)
    if calls == 500:
        print("MIDWAY", os.path.getsize(sys.argv[2] + "-wal"), flush=True)
        time.sleep(600)
store.set_leader_rating = set_leader_rating
sys.exit(cli.main(sys.argv[1:]))
"""

# Ballot keying as the window does it: one transaction per ballot; the 21st is killed before its commit.
KEYING_KILLED_MIDWAY = """
import json, sys, time
from app.models.db import open_database
from app.models.store import insert_democratic_ballot
db = open_database(sys.argv[1])
marks = json.loads(db.query("SELECT marks FROM democratic_ballots ORDER BY serial LIMIT 1")[0][0])
for serial in range(1001, 1100):
    with db.atomic(reason="录入民主测评票", source="gui") as conn:
        insert_democratic_ballot(conn, 2017, serial, marks, keyed_on="gui")
        if serial == 1021:
            print("KEYING", serial, flush=True)
            time.sleep(600)
    print("COMMITTED", serial, flush=True)
"""


def snapshot(path: Path) -> dict[str, int]:
    with open_database(path) as db:
        assert db.query("PRAGMA integrity_check")[0][0] == "ok"
        tables = [
            "years",
            "item_scores",
            "rating_ballots",
            "democratic_ballots",
            "leader_ratings",
            "cadres",
            "audit_log",
        ]
        return {t: db.query(f"SELECT count(*) FROM {t}")[0][0] for t in tables}


def test_sigkill_during_an_import_leaves_every_committed_change(demo_path: Path, tmp_path: Path) -> None:
    with open_database(demo_path) as db:
        with db.atomic(reason="已确认的修改", source="test") as conn:
            set_item_score(conn, DEMO_YEAR, "办公室", "b01-01", Decimal("1.5"), "提交在导入之前")
        data = export_year(db, DEMO_YEAR)
    data["year"] = 2019
    year_file = tmp_path / "2019.json"
    year_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = snapshot(demo_path)

    lines = kill_at_marker(
        [sys.executable, "-c", IMPORT_KILLED_MIDWAY, "import", str(demo_path), str(year_file)], "MIDWAY"
    )
    wal_bytes = int(lines[-1].split()[1])
    assert wal_bytes > 100_000  # uncommitted pages really were on disk when it died

    assert snapshot(demo_path) == before  # opens, passes integrity_check, nothing half-imported
    with open_database(demo_path) as db:
        assert (
            db.query("SELECT note FROM item_scores WHERE unit = '办公室' AND item = 'b01-01'")[0][0] == "提交在导入之前"
        )
    # The file is fully usable: the same import now runs to the end.
    done = subprocess.run(
        [sys.executable, "-m", "app", "import", str(demo_path), str(year_file)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert snapshot(demo_path)["years"] == 2


def test_sigkill_during_ballot_keying_keeps_every_committed_ballot(demo_path: Path) -> None:
    before = snapshot(demo_path)
    lines = kill_at_marker([sys.executable, "-c", KEYING_KILLED_MIDWAY, str(demo_path)], "KEYING")
    committed = [int(line.split()[1]) for line in lines if line.startswith("COMMITTED")]
    assert committed == list(range(1001, 1021))
    after = snapshot(demo_path)
    assert after["democratic_ballots"] == before["democratic_ballots"] + 20
    with open_database(demo_path) as db:
        serials = [r[0] for r in db.query("SELECT serial FROM democratic_ballots WHERE serial > 1000 ORDER BY serial")]
    assert serials == committed


# --- files that must be refused untouched -------------------------------------------------------


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def truncated(demo_path: Path) -> None:
    demo_path.write_bytes(demo_path.read_bytes()[: 30 * 4096 + 1000])


def random_bytes(demo_path: Path) -> None:
    demo_path.write_bytes(random.Random(6).randbytes(64 * 1024))


def newer_schema(demo_path: Path) -> None:
    conn = sqlite3.connect(demo_path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()


def header_ok_but_damaged(demo_path: Path) -> None:
    """A page in the middle overwritten: the header is fine, integrity_check is not."""
    content = bytearray(demo_path.read_bytes())
    content[20 * 4096 : 21 * 4096] = random.Random(7).randbytes(4096)
    demo_path.write_bytes(bytes(content))


CASES = [
    (truncated, DamagedFileError, "已损坏"),
    (random_bytes, NotOurFileError, "不是考评通的数据库"),
    (newer_schema, NewerFileError, "更新版本"),
    (header_ok_but_damaged, DamagedFileError, "完整性检查未通过"),
]


@pytest.mark.parametrize(("spoil", "error", "message"), CASES, ids=[c[0].__name__ for c in CASES])
def test_a_bad_file_gets_the_message_and_stays_byte_identical(demo_path, spoil, error, message, ask_mock) -> None:
    spoil(demo_path)
    before = digest(demo_path)
    with pytest.raises(error, match=message):
        open_database(demo_path)
    with pytest.raises(StoreError):
        open_database(demo_path, readonly=True)
    # The command line and the window say the same, and touch nothing either.
    done = subprocess.run(
        [sys.executable, "-m", "app", "results", str(demo_path), "--year", str(DEMO_YEAR)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and message in done.stderr
    assert open_interactively(demo_path) is None
    assert message in ask_mock.told[0] and "没有可用的备份" in ask_mock.told[0]
    assert digest(demo_path) == before
    assert not Path(f"{demo_path}-wal").exists() and not Path(f"{demo_path}-shm").exists()


def test_a_damaged_file_with_backups_is_offered_a_restore(demo_path: Path, ask_mock) -> None:
    with open_database(demo_path):
        pass
    from app.models.backup import BackupKind, make_backup

    with open_database(demo_path) as db:
        make_backup(db, BackupKind.OPEN)
    truncated(demo_path)
    before = digest(demo_path)
    ask_mock.choose(1)  # "取消"
    assert open_interactively(demo_path) is None
    assert "最近的一个是" in ask_mock.said[0] and "要从备份恢复吗" in ask_mock.said[0]
    assert digest(demo_path) == before


@pytest.fixture
def write_protected(demo_path: Path):
    demo_path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    yield demo_path
    demo_path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_read_only_file_gets_the_message_and_opens_read_only(write_protected: Path, ask_mock) -> None:
    path = write_protected
    before = digest(path)
    with pytest.raises(ReadOnlyFileError, match="只读"):
        open_database(path)
    done = subprocess.run(
        [sys.executable, "-m", "app", "demo", str(path), "--year", "2020"], capture_output=True, text=True
    )
    assert done.returncode == 2 and "只读" in done.stderr
    ask_mock.choose(0)  # "以只读方式打开"
    db = open_interactively(path)
    assert db is not None and db.readonly and "只读" in ask_mock.said[0]
    try:
        assert db.query("SELECT count(*) FROM years")[0][0] == 1
        with pytest.raises(ReadOnlyDatabaseError), db.atomic(reason="试图修改") as conn:
            conn.execute("DELETE FROM years")
    finally:
        db.close()
    # Reading commands still work on it.
    done = subprocess.run(
        [sys.executable, "-m", "app", "results", str(path), "--year", str(DEMO_YEAR)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert digest(path) == before
