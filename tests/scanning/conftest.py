"""Shared set-up for the scanning tests: the demo year (150 cadres, 150 keyed democratic ballots), its
printed ballots' layout, and a helper that makes a small marked-and-degraded corpus in files."""

from __future__ import annotations

import pytest

from app.models.db import open_database
from app.models.demo import DEMO_YEAR


@pytest.fixture(scope="session")
def scan_demo(demo_template):
    """(database, gathered documents data, expected layouts): read-only, shared by the whole session."""
    from app.documents.data import gather
    from app.scanning.layouts import load_expected

    db = open_database(demo_template, create=False, readonly=True)
    data = gather(db, DEMO_YEAR)
    expected = load_expected(db, DEMO_YEAR)
    yield db, data, expected
    db.close()
