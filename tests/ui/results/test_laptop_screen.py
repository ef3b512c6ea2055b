"""考评结果 on a 1280×800 laptop (issue 20 point 3: "every page is usable at those sizes with nothing important
cut"): beside the 计分明细 panel, each group's table shows the unit's name, 等次, 奖项 and 总分 whole, and the
cadres' table the name, 等次 and 总分, without scrolling sideways."""

from __future__ import annotations

import pytest

from app.models.db import Database
from app.ui.results.cadre_models import C_GRADE, C_NAME, C_TOTAL
from app.ui.results.models import U_GRADE, U_NAME, U_PRIZE, U_TOTAL
from app.ui.results.page import GroupTab, ResultsPage
from tests.helpers.laptop import column_problems, laptop_window


@pytest.fixture
def db(demo_db: Database) -> Database:
    return demo_db


def test_each_groups_name_grade_prize_and_total_are_whole_beside_the_panel(qtbot, db: Database) -> None:
    with laptop_window(qtbot, db) as window:
        page = window.page(ResultsPage)
        assert isinstance(page, ResultsPage) and page.explanation.isVisible()
        groups = [page.tabs.widget(i) for i in range(page.tabs.count()) if isinstance(page.tabs.widget(i), GroupTab)]
        assert len(groups) == 3
        problems = []
        for tab in groups:
            page.tabs.setCurrentWidget(tab)
            qtbot.waitUntil(tab.view.isVisible)
            for column in (U_NAME, U_GRADE, U_PRIZE, U_TOTAL):
                problems += column_problems(tab.view, column)
        assert problems == []


def test_each_cadres_name_grade_and_total_are_whole_beside_the_panel(qtbot, db: Database) -> None:
    with laptop_window(qtbot, db) as window:
        page = window.page(ResultsPage)
        assert isinstance(page, ResultsPage)
        page.tabs.setCurrentWidget(page.cadre_tab)
        qtbot.waitUntil(page.cadre_tab.view.isVisible)
        view = page.cadre_tab.view
        assert view.model().rowCount() > 100
        problems = [p for column in (C_NAME, C_GRADE, C_TOTAL) for p in column_problems(view, column)]
        assert problems == []


def test_a_grade_that_becomes_provisional_after_the_table_was_fitted_is_still_whole(qtbot, db: Database) -> None:
    """Issue 20: no screenshot “cuts a column that holds a grade, prize or name”. The columns are fitted once, when
    the table first has rows; a score deleted afterwards turns 优秀 into 优秀（暂定） (计算约定: a result that can still
    change is provisional), and the 等次 column kept its old width and showed “优秀…”."""
    from app.models.store import delete_item_score, year_scheme

    with laptop_window(qtbot, db) as window:
        page = window.page(ResultsPage)
        assert isinstance(page, ResultsPage)
        first = page.tabs.widget(0)
        assert isinstance(first, GroupTab)
        qtbot.waitUntil(first.view.isVisible)
        assert column_problems(first.view, U_GRADE) == []
        year = window.session.year
        scheme = year_scheme(db, year)
        unit = next(u for u in scheme.units if u.group == first.rule.group)
        item = scheme.items_for_unit(unit.name)[0]
        with db.atomic("删除一项得分", "test") as conn:
            delete_item_score(conn, year, unit.name, item.id)
        window.session.notify_changed()
        qtbot.waitUntil(lambda: "暂定" in "".join(str(first.view.model().index(r, U_GRADE).data()) for r in range(5)))
        problems = [p for column in (U_NAME, U_GRADE, U_PRIZE) for p in column_problems(first.view, column)]
        page.tabs.setCurrentWidget(page.cadre_tab)
        qtbot.waitUntil(page.cadre_tab.view.isVisible)
        problems += [p for column in (C_NAME, C_GRADE) for p in column_problems(page.cadre_tab.view, column)]
        assert problems == []
