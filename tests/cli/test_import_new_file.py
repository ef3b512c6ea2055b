"""`appraisal import` into a file that does not exist yet removes what it created when it fails ("A run that fails
changes nothing", interchange.md) — and only that: a file another program created meanwhile is that program's
(issue 16: one writer per file, nothing lost)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import app.models.yearfile.reading as reading
import tests.helpers.full_year as full_year
from app.cli import main
from app.models.db import open_database
from app.models.store import list_years
from tests.helpers.process_helpers import REPOSITORY

# The other program: creates the file, puts the demo year in (committed), and keeps the file open.
OTHER_PROGRAM = """
import sys
from app.models.db import open_database
from app.models.demo import build_demo_year
db = open_database(sys.argv[1])
build_demo_year(db)
print("committed", flush=True)
sys.stdin.readline()
db.close()
"""


def test_a_failed_import_never_removes_a_file_another_program_created_meanwhile(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "new.sqlite"
    source = tmp_path / "2018.json"
    source.write_text(json.dumps(full_year.year_file(2018), ensure_ascii=False), encoding="utf-8")
    other: list[subprocess.Popen[str]] = []
    checked_in_memory = reading.read_year_file

    def while_checking_the_other_program_creates_the_file(db, data):  # after `import` saw no file there
        if not other:
            child = subprocess.Popen(
                [sys.executable, "-c", OTHER_PROGRAM, str(target)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                env={"PYTHONPATH": str(REPOSITORY), "PATH": "/usr/bin:/bin"},
            )
            other.append(child)
            assert child.stdout is not None and child.stdout.readline().strip() == "committed"
        return checked_in_memory(db, data)

    monkeypatch.setattr(reading, "read_year_file", while_checking_the_other_program_creates_the_file)
    try:
        assert main(["import", str(target), str(source)]) == 2  # the other program is the writer now
        assert target.exists(), "import removed the file another program had created and was writing"
        assert Path(f"{target}.lock").exists()
    finally:
        child = other[0]
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write("\n")
        child.stdin.close()
        child.wait(timeout=60)
        child.stdout.close()
    with open_database(target, readonly=True) as db:
        assert [y.year for y in list_years(db)] == [2017]  # its committed demo year is there
