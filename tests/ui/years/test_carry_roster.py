"""新建年度 carries last year's roster over (issue 20 point 5): the same people, 编号, 科室, 职务层次 and heads,
on by default for a real year, in the one transaction that creates the year; 不参评原因 stay with their year."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.models.db import Database, open_database
from app.ui.years.page import YearsPage
from tests.helpers.windows import open_page


@pytest.fixture
def db(tmp_path: Path, demo_template: Path) -> Iterator[Database]:
    """The demo file with 2017 made a real year (as an office's own 2017 would be), one person barred."""
    path = tmp_path / "real.sqlite"
    path.write_bytes(demo_template.read_bytes())
    database = open_database(path)
    with database.atomic("测试：2017 作为正式年度") as conn:
        conn.execute("UPDATE years SET is_demo = 0 WHERE year = 2017")
        conn.execute("UPDATE cadres SET barred = '受处分' WHERE year = 2017 AND id = 'c001'")
        conn.execute(
            "UPDATE cadres SET not_assessed = '不定等次', not_assessed_reason = '病休' WHERE year = 2017 AND id = 'c002'"
        )
    yield database
    database.close()


@pytest.fixture
def page(qtbot, db: Database) -> YearsPage:
    return open_page(qtbot, YearsPage, db, size=(1280, 760))


def roster(db: Database, year: int) -> list[tuple]:
    rows = db.query(
        "SELECT id, name, unit, category, level, is_head, position FROM cadres WHERE year = ? ORDER BY id", (year,)
    )
    return [tuple(r) for r in rows]


def test_enter_creates_the_year_with_last_years_roster(qtbot, page: YearsPage, db: Database) -> None:
    people = roster(db, 2017)
    assert len(people) > 100
    assert page.roster_box.isChecked()  # a real year: on by default
    assert f"带入 2017 年度的干部名册（{len(people)} 人" in page.roster_box.text()
    page.new_year_edit.setFocus()
    qtbot.keyClick(page.new_year_edit, Qt.Key.Key_Return)

    assert roster(db, 2018) == people  # same 编号, names, 科室, categories, levels, heads, order
    assert db.query("SELECT count(*) FROM cadres WHERE year = 2018 AND barred IS NOT NULL")[0][0] == 0
    assert db.query("SELECT count(*) FROM cadres WHERE year = 2018 AND not_assessed IS NOT NULL")[0][0] == 0
    assert db.query("SELECT barred FROM cadres WHERE year = 2017 AND id = 'c001'")[0][0] == "受处分"
    # One change: the year and its roster together (one undo takes both back).
    reason, rows = db.query(
        "SELECT c.reason, count(a.id) FROM changes c JOIN audit_log a ON a.change_id = c.id "
        "GROUP BY c.id ORDER BY c.id DESC LIMIT 1"
    )[0]
    assert reason == "新建 2018 年度（复制 2017 年度方案，带入 2017 年度干部名册）"
    assert rows == 1 + len(people)
    assert f"带入干部 {len(people)} 人" in page.message.text()


def test_untick_creates_the_year_without_people(qtbot, page: YearsPage, db: Database) -> None:
    page.roster_box.setFocus()
    qtbot.keyClick(page.roster_box, Qt.Key.Key_Space)
    assert not page.roster_box.isChecked()
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert db.query("SELECT count(*) FROM years WHERE year = 2018")[0][0] == 1
    assert roster(db, 2018) == []


def test_people_of_a_unit_the_new_scheme_lacks_are_named(qtbot, page: YearsPage, db: Database) -> None:
    with db.atomic("测试：一个科室外的人") as conn:
        conn.execute(
            "INSERT INTO cadres (year, id, name, unit, category, level) "
            "VALUES (2017, 'x900', '赵外', '已撤销科', 'civil_servant', '科员')"
        )
    page.refresh()
    page.new_year_edit.setFocus()
    qtbot.keyClick(page.new_year_edit, Qt.Key.Key_Return)
    assert db.query("SELECT count(*) FROM cadres WHERE year = 2018 AND id = 'x900'")[0][0] == 0
    assert "1 人所在科室不在新方案中，未带入：赵外（已撤销科）" in page.message.text()


def test_the_next_new_year_is_proposed_from_the_year_just_created(qtbot, page: YearsPage, db: Database) -> None:
    """After 2018 is created from 2017, the box proposes 2019 — from 2018's scheme and roster (the newest year, which
    the clerk may have edited since), not again from 2017."""
    page.new_year_edit.setFocus()
    qtbot.keyClick(page.new_year_edit, Qt.Key.Key_Return)
    with db.atomic("测试：2018 年度新来一人") as conn:
        conn.execute(
            "INSERT INTO cadres (year, id, name, unit, category, level) "
            "VALUES (2018, 'x901', '钱新', '办公室', 'civil_servant', '科员')"
        )
    page.session.notify_changed()
    assert page.new_year_edit.text() == "2019"
    assert page.source_combo.currentData() == "year:2018"
    assert "带入 2018 年度的干部名册" in page.roster_box.text()
    page.new_year_edit.setFocus()
    qtbot.keyClick(page.new_year_edit, Qt.Key.Key_Return)
    reason = db.query("SELECT reason FROM changes ORDER BY id DESC LIMIT 1")[0][0]
    assert reason == "新建 2019 年度（复制 2018 年度方案，带入 2018 年度干部名册）"
    assert db.query("SELECT count(*) FROM cadres WHERE year = 2019 AND id = 'x901'")[0][0] == 1


def test_a_source_the_clerk_chose_is_kept_when_the_page_refreshes(qtbot, page: YearsPage, db: Database) -> None:
    page.new_year_edit.setFocus()
    qtbot.keyClick(page.new_year_edit, Qt.Key.Key_Return)  # 2018 from 2017
    page.source_combo.setFocus()
    qtbot.keyClick(page.source_combo, Qt.Key.Key_Down)  # the clerk picks 2017 (second in the list)
    assert page.source_combo.currentData() == "year:2017"
    page.session.notify_changed()
    assert page.source_combo.currentData() == "year:2017"


def test_after_a_year_is_made_from_a_chosen_source_the_newest_is_proposed_again(qtbot, page: YearsPage) -> None:
    page.new_year_edit.setFocus()
    qtbot.keyClick(page.new_year_edit, Qt.Key.Key_Return)  # 2018 from 2017
    page.source_combo.setFocus()
    qtbot.keyClick(page.source_combo, Qt.Key.Key_Down)  # 2019 from 2017, chosen
    page.new_year_edit.setFocus()
    qtbot.keyClick(page.new_year_edit, Qt.Key.Key_Return)
    assert page.source_combo.currentData() == "year:2019"
