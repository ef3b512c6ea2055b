"""The scan page on the keying tests' small year (four cadres: a one-page ballot), reading in this process."""

from __future__ import annotations

import pytest

from app.ui.scanning.page import ScanPage
from app.ui.shell.session import Session


@pytest.fixture
def scan_page(qtbot, session: Session) -> ScanPage:
    session.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the CLI prints from the file: header written
    page = ScanPage(session)
    page.runner.workers = 1  # no process pool in the tests (the pool is tested in tests/scanning)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    return page


def run_scan(qtbot, page: ScanPage, *paths) -> None:
    page.scan_files([str(p) for p in paths])
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=60_000)
