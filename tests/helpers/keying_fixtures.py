"""Fixtures of the keying tests (loaded with `pytest_plugins`): a year with a small roster and a session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.models.db import Database, open_database
from app.models.store import ensure_year, upsert_cadre
from app.ui.shell.session import Session
from tests.helpers.keying_helpers import CADRES, YEAR


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "keying.sqlite"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    ensure_year(database, YEAR)
    with database.atomic("名册", "test") as conn:
        # Listed out of order on purpose: the ballot order is `position`.
        for cadre in reversed(CADRES):
            upsert_cadre(conn, YEAR, cadre)
    yield database
    database.close()


@pytest.fixture
def session(qtbot, db: Database) -> Session:
    s = Session(db)
    s.set_year(YEAR)
    return s
