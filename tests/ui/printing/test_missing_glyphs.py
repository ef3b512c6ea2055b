"""打印与导出, issue 16.7: a name with a character no available font has (王𰀀, CJK Extension G, which no free face
covers, printed as 王) is named, with the character, before anything is printed or saved, and the clerk decides whether to go on."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.documents.fonts import missing_glyphs, resolve_fonts
from app.models.db import Database
from app.models.demo import DEMO_YEAR
from app.models.store import read_cadres, upsert_cadre
from app.ui.printing.page import PrintPage
from tests.helpers.ask_mock import AskMock
from tests.helpers.print_pages import choose, open_print_page


@pytest.fixture
def page(qtbot, demo_db: Database) -> Iterator[PrintPage]:
    first = read_cadres(demo_db, DEMO_YEAR)[0]
    with demo_db.atomic("生僻字", "test") as conn:
        upsert_cadre(conn, DEMO_YEAR, replace(first, name="王𰀀"))
    widget = open_print_page(qtbot, demo_db)
    yield widget
    widget.close()


@pytest.fixture(autouse=True)
def needs_a_missing_glyph() -> None:
    if not missing_glyphs("𰀀", resolve_fonts()):
        pytest.skip("a font on this machine has U+30000 (Extension G): nothing to warn about")


@pytest.mark.parametrize("answer", [False, True])
def test_saving_asks_naming_the_person_and_the_character(
    page: PrintPage, qtbot, tmp_path: Path, ask_mock: AskMock, answer: bool
) -> None:
    out = tmp_path / "ballots.pdf"
    if answer:
        ask_mock.yes().file(out)  # go on, then the save dialog
    else:
        ask_mock.no()
    choose(page, qtbot, "ballot-democratic")
    qtbot.keyClick(page.save_button, Qt.Key.Key_Space)
    asked = [q.text for q in ask_mock.questions if q.title == "有字符无法打印"]
    assert len(asked) == 1
    assert "王𰀀（" in asked[0] and "“𰀀”（U+30000）" in asked[0]
    assert page.glyphs_label.isVisible() and "王𰀀" in page.glyphs_label.text()
    assert out.exists() == answer
    if not answer:
        assert page.status.text().startswith("已取消")


def test_a_document_without_the_person_does_not_ask(page: PrintPage, qtbot, tmp_path: Path, ask_mock: AskMock) -> None:
    """The annex 4/5 ballots list units only: the save dialog is the only question."""
    out = tmp_path / "heads.pdf"
    ask_mock.file(out)
    choose(page, qtbot, "ballot-heads")
    qtbot.keyClick(page.save_button, Qt.Key.Key_Space)
    assert out.exists() and not page.glyphs_label.isVisible()


def test_the_preview_shows_the_warning(page: PrintPage, qtbot) -> None:
    choose(page, qtbot, "results")
    qtbot.keyClick(page.preview_button, Qt.Key.Key_Space)
    assert page.glyphs_label.isVisible()
    assert "打印出来将是空白" in page.glyphs_label.text()
