"""SIGKILL at random moments of creating a file (issue 16, acceptance): the first start's default database,
`appraisal import` into a new file and `appraisal demo`. Every file left behind opens — read-write and
read-only — and holds every change whose commit the child had reported.

The child reports each commit as it returns (`COMMITTED <last change id> <last audit row id>`); the kill lands
at a random moment between the child's start of work and its usual end (calibrated by one uninterrupted run
per scenario), so it falls before, inside and between the transactions — and on the new file's creation.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

import tests.helpers.full_year as full_year
from app.models.db import open_database
from tests.helpers.process_helpers import REPOSITORY

pytestmark = [
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX"),
    pytest.mark.slow,  # 60 children, 30–60 s; part of the default run all the same
]

TRIALS_PER_SCENARIO = 20
CHILD = r"""
import contextlib, sys
from app.models import db as dbmod

original = dbmod.Database.atomic


@contextlib.contextmanager
def reported(self, reason=None, source=None):
    with original(self, reason, source) as conn:
        yield conn
    change = self.conn.execute("SELECT max(id) FROM changes").fetchone()[0] or 0
    audit = self.conn.execute("SELECT max(id) FROM audit_log").fetchone()[0] or 0
    print("COMMITTED", change, audit, flush=True)


dbmod.Database.atomic = reported
# Imported before STARTED, so the random moment falls in the work, not in the interpreter's imports.
import app.models.backup, app.models.demo, app.models.yearfile.writing
from app.cli import main

if sys.argv[1] == "first-start":
    from app.ui.shell.app import open_for_gui

    print("STARTED", flush=True)
    open_for_gui(None).close()
    sys.exit(0)
print("STARTED", flush=True)
sys.exit(main(sys.argv[1:]))
"""


def scenario_command(scenario: str, folder: Path, source: Path) -> tuple[list[str], Path]:
    if scenario == "first-start":
        return [sys.executable, "-c", CHILD, "first-start"], folder / "appdata" / "考评通.sqlite"
    target = folder / "new.sqlite"
    if scenario == "import":
        return [sys.executable, "-c", CHILD, "import", str(target), str(source)], target
    return [sys.executable, "-c", CHILD, "demo", str(target)], target


def run_child(command: list[str], folder: Path, kill_after: float | None) -> tuple[list[str], bool]:
    """The child's lines, and whether it was killed (False: it finished first)."""
    env = {**os.environ, "PYTHONPATH": str(REPOSITORY), "APPRAISAL_DATA_DIR": str(folder / "appdata")}
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None and child.stderr is not None
    first = child.stdout.readline()
    assert first.startswith("STARTED"), child.stderr.read()
    killed = False
    if kill_after is not None:
        try:
            child.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
            killed = True
    child.wait(timeout=120)
    lines = [line.strip() for line in child.stdout]
    error = child.stderr.read()
    child.stdout.close()
    child.stderr.close()
    assert killed or child.returncode == 0, error
    return lines, killed


def check_file(path: Path, lines: list[str]) -> str:
    """The file left behind opens and holds every reported commit; returns what it held."""
    if not path.exists():
        assert not any(line.startswith("COMMITTED") for line in lines)
        return "no file"
    committed = [tuple(int(n) for n in line.split()[1:]) for line in lines if line.startswith("COMMITTED")]
    with open_database(path, readonly=True) as reader:  # read-only first: opens as it was left
        assert reader.query("SELECT count(*) FROM schemes")[0][0] >= 1  # created whole, schemes included
    with open_database(path) as db:
        assert db.query("PRAGMA integrity_check")[0][0] == "ok"
        for change, audit in committed:
            if audit:
                assert db.query("SELECT 1 FROM audit_log WHERE id = ?", (audit,)), f"audit row {audit} lost"
            if change:
                assert (db.query("SELECT max(id) FROM changes")[0][0] or 0) >= change, f"change {change} lost"
        years = db.query("SELECT count(*) FROM years")[0][0]
    if committed and years:
        return "with data"
    return "schema only" if not years else "data not yet reported"


def test_sigkill_while_creating_a_file_leaves_a_file_that_opens_with_every_commit(tmp_path: Path) -> None:
    source = tmp_path / "full.json"
    source.write_text(json.dumps(full_year.year_file(), ensure_ascii=False), encoding="utf-8")
    rng = random.Random(16)
    outcomes: dict[str, Counter[str]] = {}
    for scenario in ("first-start", "import", "demo"):
        folder = tmp_path / f"{scenario}-calibration"
        folder.mkdir()
        command, target = scenario_command(scenario, folder, source)
        started = time.monotonic()
        lines, _killed = run_child(command, folder, kill_after=None)
        span = time.monotonic() - started
        assert check_file(target, lines) == "with data"
        counts: Counter[str] = Counter()
        for trial in range(TRIALS_PER_SCENARIO):
            folder = tmp_path / f"{scenario}-{trial}"
            folder.mkdir()
            command, target = scenario_command(scenario, folder, source)
            lines, killed = run_child(command, folder, kill_after=rng.uniform(0, 0.85 * span))
            counts[("killed: " if killed else "finished: ") + check_file(target, lines)] += 1
        outcomes[scenario] = counts
    print("\nSIGKILL while creating a file:", json.dumps(outcomes, ensure_ascii=False, indent=1))
    assert sum(sum(c.values()) for c in outcomes.values()) >= 40
    killed_with_a_file = sum(
        n
        for c in outcomes.values()
        for outcome, n in c.items()
        if outcome.startswith("killed") and "no file" not in outcome
    )
    assert killed_with_a_file >= 10, outcomes  # the kills reached the files, not only the interpreter's start
