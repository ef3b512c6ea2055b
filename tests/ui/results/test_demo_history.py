"""考评结果 ▸ 后续事项 for a real 2018 after the demo 2017 with the same data (issue 20 point 1): no 连续 follow-up
(the first of the two years would be invented), and the page says why."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.cli import main
from app.models.db import open_database
from app.ui.results.page import ResultsPage
from app.ui.shell.main_window import MainWindow
from tests.helpers.windows import open_window


@pytest.fixture
def window(qtbot, demo_path: Path, tmp_path: Path) -> Iterator[MainWindow]:
    exported = tmp_path / "2017.json"
    assert main(["export", str(demo_path), "--year", "2017", "--out", str(exported)]) == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    data["year"] = 2018
    as_2018 = tmp_path / "2018.json"
    as_2018.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["import", str(demo_path), str(as_2018)]) == 0
    db = open_database(demo_path)
    win = open_window(qtbot, db)
    yield win
    win.close()
    db.close()


def test_no_consecutive_follow_up_from_the_demo_year(qtbot, window: MainWindow) -> None:
    assert window.session.year == 2018  # the real year is the one shown
    qtbot.keyClick(window.navigation, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    page = window.current_page()
    assert isinstance(page, ResultsPage)
    while page.tabs.currentWidget() is not page.flags_tab:
        qtbot.keyClick(page.tabs.currentWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    model = page.flag_model
    texts = [
        " ".join(str(model.index(r, c).data() or "") for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]
    assert texts, "the single-year follow-ups (书面说明) are still listed"
    assert not [t for t in texts if "诫勉谈话" in t or "三等功" in t]
    assert any("2017 年度是示例数据" in t for t in texts)
