"""Test set-up: offscreen Qt before anything imports it; every path under tmp_path."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

import pytest

# The keying tests' fixtures (db, session: a year with a small roster), shared by tests in several rooms.
pytest_plugins = ("tests.helpers.keying_fixtures",)


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
def no_modal_discard_question(monkeypatch):
    """A test that leaves a half-keyed ballot on screen would otherwise block on the modal "discard it?"
    question at teardown; fail it loudly instead. Tests of the question patch `ask_discard` themselves."""
    import app.ui.shell.page as page_module

    def refuse_to_block(_parent, text: str) -> bool:
        raise AssertionError(f"unexpected modal question in a test: {text}")

    monkeypatch.setattr(page_module, "ask_discard", refuse_to_block)


@pytest.fixture(autouse=True)
def no_modal_date_question(monkeypatch):
    """Printing the notice or certificates without a 成文日期 asks for one (a modal input dialog): a test that does
    not answer it (by patching `ask_document_date`) fails loudly instead of blocking."""
    from app.ui.printing.document_settings import DocumentSettingsMixin

    def refuse_to_block(_page, proposed: str) -> str | None:
        raise AssertionError(f"unexpected modal question in a test: 成文日期 (proposed {proposed!r})")

    monkeypatch.setattr(DocumentSettingsMixin, "ask_document_date", refuse_to_block)
