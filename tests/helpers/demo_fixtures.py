"""Fixtures on a private copy of the demo file (loaded with `pytest_plugins`): the file opened, and the same
with ties made at the prize line and at a pool's 优秀 line (tests/helpers/decision_fixtures.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.models.db import Database, open_database
from app.models.demo import DEMO_YEAR
from tests.helpers.decision_fixtures import tied_demo


@pytest.fixture
def demo_db(demo_path: Path) -> Iterator[Database]:
    """The demo file (`demo_path`, a copy for this test) opened."""
    database = open_database(demo_path)
    yield database
    database.close()


@pytest.fixture
def tied(demo_db: Database) -> tuple[Database, dict[str, tuple[str, ...]]]:
    """The demo year with ties to decide: (the database, `tied_demo`'s subjects)."""
    return demo_db, tied_demo(demo_db, DEMO_YEAR)
