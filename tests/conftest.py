"""Test set-up: offscreen Qt before anything imports it; every path under tmp_path."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

import pytest
from hypothesis import settings

# CI runs the same examples every time (.ci/run sets HYPOTHESIS_PROFILE=ci), so a red CI means a change broke
# something, not that a new example turned up; ./test.sh on a developer's machine keeps exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])

# The keying tests' fixtures (db, session: a year with a small roster), shared by tests in several rooms.
# The demo fixtures (demo_db: the demo copy opened; tied: with ties to decide), likewise.
pytest_plugins = ("tests.helpers.keying_fixtures", "tests.helpers.ask_mock", "tests.helpers.demo_fixtures")


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path, monkeypatch):
    """The default database and logs go to a temp folder, never the user's."""
    data_dir = tmp_path / "appdata"
    monkeypatch.setenv("APPRAISAL_DATA_DIR", str(data_dir))
    return data_dir


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory):
    """The demo year (25 units, 150 cadres, every ballot), built once per test run; tests copy it."""
    from app.models.db import open_database
    from app.models.demo import build_demo_year

    path = tmp_path_factory.mktemp("template") / "demo.sqlite"
    with open_database(path) as db:
        build_demo_year(db)
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def demo_path(tmp_path, demo_template):
    """A private copy of the demo file for one test."""
    path = tmp_path / "demo.sqlite"
    path.write_bytes(demo_template.read_bytes())
    return path


@pytest.fixture(autouse=True)
def no_modal_question(monkeypatch):
    """A modal dialog nobody answers would block the run (a half-keyed ballot's "discard it?" at teardown, a
    file dialog); every one goes through app/ui/widgets/ask.py, so fail the test loudly instead. Tests that
    expect questions take the `ask_mock` fixture (tests/helpers/ask_mock.py) and answer them in order."""
    from app.ui.widgets import ask
    from tests.helpers.ask_mock import refuse_every_question

    monkeypatch.setattr(ask, "responder", refuse_every_question)
