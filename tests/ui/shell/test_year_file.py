"""The year file from the window (文件 ▸ 导入/导出年度文件), and the first year of an empty file — without the
command line: the clerk works in the window."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt

from app.models.backup import BackupKind, list_backups
from app.models.db import open_database
from app.models.loader import compute_results
from app.models.store import year_info
from tests.helpers.ask_mock import AskMock
from tests.helpers.windows import open_window


def test_export_then_import_into_an_empty_file_gives_the_same_results(qtbot, demo_path: Path, tmp_path: Path) -> None:
    """Spec: export … importing it into an empty DB reproduces the same results."""
    year_file = tmp_path / "2017年度.json"
    with open_database(demo_path) as db:
        window = open_window(qtbot, db)
        assert window.file_menu.export_year_file(str(year_file)) == year_file
        expected = compute_results(db, 2017)
        window.close()
    assert json.loads(year_file.read_text(encoding="utf-8"))["year"] == 2017

    with open_database(tmp_path / "new.sqlite") as empty:
        window = open_window(qtbot, empty)
        assert window.pages.currentIndex() == 1  # no year yet
        assert window.file_menu.import_year_file(str(year_file))
        assert window.current_year == 2017 and window.pages.currentIndex() == 0
        assert compute_results(empty, 2017) == expected
        assert "已导入 2017 年度" in window.message_bar.text()
        window.close()


def test_a_bad_year_file_lists_its_problems_and_writes_nothing(
    qtbot, demo_path: Path, tmp_path: Path, ask_mock: AskMock
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {"format": "appraisal-year/1", "year": 2017, "item_scores": [{"unit": "不存在科", "item": "x", "score": 1}]}
        ),
        encoding="utf-8",
    )
    with open_database(demo_path) as db:
        before = db.query("SELECT count(*) FROM audit_log")[0][0]
        window = open_window(qtbot, db)
        assert not window.file_menu.import_year_file(str(bad))
        (message,) = ask_mock.told
        assert "未导入任何数据" in message and "$.item_scores[0].unit" in message
        assert db.query("SELECT count(*) FROM audit_log")[0][0] == before
        window.close()


def test_an_import_is_preceded_by_a_backup(qtbot, demo_path: Path, tmp_path: Path) -> None:
    year_file = tmp_path / "y.json"
    with open_database(demo_path) as db:
        window = open_window(qtbot, db)
        window.file_menu.export_year_file(str(year_file))
        before = [b for b in list_backups(db.path) if b.kind == BackupKind.IMPORT]
        assert window.file_menu.import_year_file(str(year_file))  # identical: skipped, but still a merge
        after = [b for b in list_backups(db.path) if b.kind == BackupKind.IMPORT]
        assert len(after) == len(before) + 1
        window.close()


def test_an_empty_file_creates_its_first_year_in_the_window(qtbot, tmp_path: Path) -> None:
    with open_database(tmp_path / "new.sqlite") as db:
        window = open_window(qtbot, db)
        qtbot.mouseClick(window.new_year_button, Qt.MouseButton.LeftButton)
        years_page = window.current_page()
        assert years_page.title == "年度与方案"
        edit = years_page.new_year_edit  # type: ignore[attr-defined]
        qtbot.waitUntil(edit.hasFocus)
        assert edit.text() == str(date.today().year)
        qtbot.keyClick(edit, Qt.Key.Key_Return)
        assert year_info(db, date.today().year) is not None
        assert window.current_year == date.today().year and window.pages.currentIndex() == 0
        window.close()
