"""The keying page says so when the disk is short, before the clerk types the first ballot (issue 16 §6)."""

from __future__ import annotations

from app.models import space
from app.ui.keying.rating_page import RatingKeyingPage


def test_the_keying_page_shows_it_when_it_opens(qtbot, session, monkeypatch) -> None:
    monkeypatch.setattr(space, "free_space", lambda folder: 1 * space.MB)
    page = RatingKeyingPage(session)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    assert page.notice.isVisible() and "磁盘空间不足" in page.notice.text()
