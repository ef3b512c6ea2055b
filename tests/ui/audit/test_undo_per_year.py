"""Ctrl+Z in 2018 never touches 2017 (issue 20 point 2): the question names the year, the change and when;
Ctrl+Y redoes it."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.models.db import Database
from app.models.store import set_item_score
from tests.helpers.ask_mock import AskMock
from tests.helpers.data_pages import years_file
from tests.helpers.windows import open_window


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    with years_file(tmp_path / "two.sqlite", 2017, 2018) as database:
        yield database


def stored(db: Database, year: int) -> str | None:
    rows = db.query("SELECT score FROM item_scores WHERE year = ? AND unit = '办公室' AND item = 'b01-01'", (year,))
    return rows[0][0] if rows else None


def test_ctrl_z_in_2018_leaves_2017_and_ctrl_y_redoes(qtbot, db: Database, ask_mock: AskMock) -> None:
    with db.atomic("录入 2018 办文工作得分", "gui") as conn:
        set_item_score(conn, 2018, "办公室", "b01-01", Decimal("3"), None)
    with db.atomic("录入 2017 办文工作得分", "gui") as conn:  # the file's newest change is 2017's
        set_item_score(conn, 2017, "办公室", "b01-01", Decimal("2"), None)
    when = db.query("SELECT at FROM changes WHERE reason = '录入 2018 办文工作得分'")[0][0][:16].replace("T", " ")
    window = open_window(qtbot, db)
    assert window.session.year == 2018

    ask_mock.yes()
    qtbot.keyClick(window.navigation, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    question = ask_mock.texts()[0]
    assert "2018 年度" in question and "录入 2018 办文工作得分" in question and when in question
    assert "2017 年度" not in question
    assert stored(db, 2018) is None and stored(db, 2017) == "2"
    assert "已撤销 2018 年度" in window.message_bar.text()

    qtbot.keyClick(window.navigation, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert stored(db, 2018) == "3" and stored(db, 2017) == "2"
    assert "已重做 2018 年度" in window.message_bar.text()
    window.close()
