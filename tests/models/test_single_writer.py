"""One writer per file (issue 6 §3): "a second copy of the program opening the same file is told who has it
and gets it read-only or not at all; never two writers."
"""

from __future__ import annotations

import getpass
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from app.models.db import ReadOnlyDatabaseError, open_database
from app.models.filelock import FileInUseError, current_owner, lock_path
from app.models.store import ensure_year, set_item_score

# A second program: opens the file for writing, says READY, then obeys one command per line.
HOLDER = """
import sys
from decimal import Decimal
from app.models.db import open_database
from app.models.store import set_item_score
db = open_database(sys.argv[1])
print("READY", flush=True)
for line in sys.stdin:
    if line.strip() == "write":
        with db.atomic(reason="另一程序", source="holder") as conn:
            set_item_score(conn, 2017, "办公室", "b01-01", Decimal("2.5"), "来自另一程序")
        print("WROTE", flush=True)
    elif line.strip() == "close":
        db.close()
        print("CLOSED", flush=True)
"""


class Holder:
    def __init__(self, path: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.expect("READY")

    def expect(self, word: str) -> None:
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        assert line == word, f"holder said {line!r}"

    def send(self, command: str, answer: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        self.expect(answer)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
        self.process.wait(timeout=30)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "shared.sqlite"
    with open_database(path) as db:
        ensure_year(db, 2017)
    return path


@pytest.fixture
def holder(db_path: Path) -> Iterator[Holder]:
    other = Holder(db_path)
    yield other
    if other.process.poll() is None:
        other.kill()


def test_the_second_program_is_told_who_has_the_file_and_cannot_write(db_path: Path, holder: Holder) -> None:
    with pytest.raises(FileInUseError) as caught:
        open_database(db_path)
    owner = caught.value.owner
    assert owner is not None
    assert (owner.user, owner.host, owner.pid) == (getpass.getuser(), socket.gethostname(), holder.process.pid)
    message = str(caught.value)
    assert getpass.getuser() in message and socket.gethostname() in message and "只读" in message
    assert current_owner(db_path) == owner

    with open_database(db_path, readonly=True) as reader:
        with pytest.raises(ReadOnlyDatabaseError, match="只读"), reader.atomic(reason="试图修改") as conn:
            set_item_score(conn, 2017, "办公室", "b01-01", Decimal(1), None)
        # SQLite itself refuses too, even past our own check.
        with pytest.raises(Exception, match="readonly"):
            reader.conn.execute("DELETE FROM years")
        holder.send("write", "WROTE")  # the writer's change is seen by the reader
        assert reader.query("SELECT note FROM item_scores")[0][0] == "来自另一程序"


def test_the_cli_cannot_import_into_a_file_another_program_is_editing(db_path: Path, holder: Holder) -> None:
    year_file = db_path.with_name("y.json")
    year_file.write_text('{"format": "appraisal-year/1", "year": 2017}', encoding="utf-8")
    before = db_path.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "app", "import", str(db_path), str(year_file)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "正由" in done.stderr and str(holder.process.pid) in done.stderr
    assert db_path.read_bytes() == before
    # Reading is fine while someone else writes.
    done = subprocess.run(
        [sys.executable, "-m", "app", "results", str(db_path), "--year", "2017"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_a_killed_program_leaves_no_stale_lock(db_path: Path, holder: Holder) -> None:
    with pytest.raises(FileInUseError):
        open_database(db_path)
    holder.kill()
    assert lock_path(db_path).exists()  # the note stays behind; the operating system dropped the lock
    with open_database(db_path) as db:
        assert db.query("SELECT count(*) FROM years")[0][0] == 1


def test_a_closed_program_releases_the_file(db_path: Path, holder: Holder) -> None:
    holder.send("close", "CLOSED")
    assert current_owner(db_path) is None
    with open_database(db_path):
        pass


def test_one_program_may_open_its_own_file_twice(db_path: Path) -> None:
    """The window and the same program's other connections share the lock; it is released with the last one."""
    first = open_database(db_path)
    second = open_database(db_path)
    first.close()
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from app.models.db import open_database; open_database(sys.argv[1])",
            db_path,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert probe.returncode != 0 and "FileInUseError" in probe.stderr
    second.close()
    assert current_owner(db_path) is None
    assert os.path.getsize(lock_path(db_path)) == 0  # released: no owner note left


def test_a_symlink_or_a_hard_link_gets_no_second_writer(db_path: Path, holder: Holder, tmp_path: Path) -> None:
    """One writer per file whatever path names it: the lock follows the real path and the file's identity."""
    other_folder = tmp_path / "elsewhere"
    other_folder.mkdir()
    symlink = other_folder / "link.sqlite"
    symlink.symlink_to(db_path)
    hard_link = other_folder / "hard.sqlite"
    os.link(db_path, hard_link)
    for name in (symlink, hard_link):
        with pytest.raises(FileInUseError) as caught:
            open_database(name)
        assert "正由" in str(caught.value)
    assert str(holder.process.pid) in str(caught.value) or "另一个名称" in str(caught.value)


def test_inside_one_program_a_second_name_of_the_open_file_is_refused(db_path: Path, tmp_path: Path) -> None:
    """SQLite keeps the journal beside the name it was given: two names would mean two journals of one file."""
    hard_link = tmp_path / "hard.sqlite"
    os.link(db_path, hard_link)
    symlink = tmp_path / "link.sqlite"
    symlink.symlink_to(db_path)
    with open_database(db_path) as first:
        with pytest.raises(FileInUseError, match="另一个名称"):
            open_database(hard_link)
        with open_database(symlink) as second:  # the same real path: shared, as opening the file twice
            assert second.query("SELECT count(*) FROM years")[0][0] == first.query("SELECT count(*) FROM years")[0][0]
    with open_database(hard_link) as alone:  # once the first name is closed, the other may write
        assert alone.query("SELECT count(*) FROM years")[0][0] == 1
