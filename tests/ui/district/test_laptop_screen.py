"""市对区考绩 on a 1280×800 laptop (issue 20 point 3: "every page is usable at those sizes with nothing important
cut"): each of the page's tables shows every column whole and on screen, without scrolling sideways. The 附1
table lost 报送日期 and 尚缺 off its right edge, the 考绩法加减分 list lost 本项分值 and the units after it.

The data is the demo indicator set (app/models/district/demo.py: six indicators, two peers, February to September,
four events) plus an event credited to two units and one charged to a unit with a long name, as the clerk keys."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QStyleOptionViewItem, QTableView, QWidget

from app.models.db import Database, open_database
from app.models.district.demo import add_demo_district
from app.models.district.events import add_event
from app.models.store import year_scheme
from app.ui.district.flags import FlagsModel
from app.ui.district.indicators import IndicatorsModel
from app.ui.district.page import DistrictPage
from app.ui.district.progress import COMPARE, CONTENT, MISSING, PROGRESS, TARGET
from app.ui.shell.main_window import MainWindow
from tests.helpers.laptop import column_problems, laptop_window

YEAR = 2017  # the demo year


@pytest.fixture
def db(demo_path: Path) -> Iterator[Database]:
    database = open_database(demo_path)
    add_demo_district(database, YEAR)
    units = [u.name for u in year_scheme(database, YEAR).units]
    longest = max(units, key=len)
    with database.atomic("测试：加减分事项", "test") as conn:
        add_event(
            conn,
            database,
            YEAR,
            {
                "category": "honor_national",
                "matter": "全国文明城区创建工作先进集体",
                "date": f"{YEAR}-08-18",
                "tier": "2",
                "credited_units": units[:2],
            },
        )
        add_event(
            conn,
            database,
            YEAR,
            {
                "category": "criticized_city",
                "matter": "被市委市政府通报批评",
                "date": f"{YEAR}-09-01",
                "charged_units": [longest],
            },
        )
    yield database
    database.close()


def district_tab(qtbot, window: MainWindow, name: str) -> DistrictPage:
    """The 市对区考绩 page on September 2017, its tab `name` (the attribute: progress, flags, …) in front."""
    page = window.page(DistrictPage)
    assert isinstance(page, DistrictPage)
    page.today = lambda: date(YEAR, 9, 12)
    window.show_page(window.page_list.index(page))
    page.refresh_now()
    page.set_month(f"{YEAR}-09")
    tab: QWidget = getattr(page, name)
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(tab.isVisible)
    return page


def wrapped_problems(view: QTableView, column: int) -> list[str]:
    """A column of prose wraps: each cell's text, laid out in the column's width as the view paints it, fits
    the column and its row's height (more lines than the row holds would end in "…")."""
    model = view.model()
    header = model.headerData(column, Qt.Orientation.Horizontal)
    grid = 1 if view.showGrid() else 0
    problems = []
    for row in range(model.rowCount()):
        index = model.index(row, column)
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        # The cell as QTableView paints it: the grid line takes a pixel of the column's width and the row's height.
        cell = QRect(0, 0, view.columnWidth(column) - grid, view.rowHeight(row) - grid)
        option.rect = cell
        needed = view.itemDelegateForIndex(index).sizeHint(option, index)
        if needed.width() > cell.width() or needed.height() > cell.height():
            problems.append(
                f"{header}: “{index.data()}” wrapped needs {needed.width()}×{needed.height()} px,"
                f" the cell is {cell.width()}×{cell.height()} px"
            )
    return problems


def every_column_problem(view: QTableView, wrapping: set[int]) -> list[str]:
    """`column_problems` for each column: on screen, and its text whole on one line, except in the `wrapping`
    columns (prose), whose text only has to fit when wrapped."""
    model = view.model()
    assert model.rowCount() > 0 and view.wordWrap()
    problems = []
    for column in range(model.columnCount()):
        found = column_problems(view, column)
        if column in wrapping:
            found = [p for p in found if " needs " not in p] + wrapped_problems(view, column)
        problems += found
    return problems


def test_the_month_progress_table_shows_every_column_whole(qtbot, db: Database) -> None:
    with laptop_window(qtbot, db) as window:
        page = district_tab(qtbot, window, "progress")
        view, model = page.progress.view, page.progress.model
        assert model.columnCount() == 14  # two peers' 排名 columns among them
        prose = {model.column(key) for key in (CONTENT, COMPARE, TARGET, PROGRESS, MISSING)}
        problems = every_column_problem(view, prose)
        assert not problems, "\n".join(problems)
        assert not view.horizontalScrollBar().isVisible()


def test_the_flags_table_shows_every_column_whole(qtbot, db: Database) -> None:
    with laptop_window(qtbot, db) as window:
        page = district_tab(qtbot, window, "flags")
        view = page.flags.view
        problems = every_column_problem(view, {FlagsModel.F_FACTS, FlagsModel.F_ACTION})
        assert not problems, "\n".join(problems)
        assert not view.horizontalScrollBar().isVisible()


def test_the_events_table_shows_every_column_whole_beside_its_form(qtbot, db: Database) -> None:
    with laptop_window(qtbot, db) as window:
        page = district_tab(qtbot, window, "events")
        view, model = page.events.view, page.events.model
        assert model.rowCount() == 6
        prose = {model.E_CATEGORY, model.E_MATTER, model.E_DETAIL, model.E_CREDIT, model.E_CHARGE}
        problems = every_column_problem(view, prose)
        assert not problems, "\n".join(problems)
        assert not view.horizontalScrollBar().isVisible()


def test_the_indicators_table_shows_every_column_whole(qtbot, db: Database) -> None:
    with laptop_window(qtbot, db) as window:
        page = district_tab(qtbot, window, "indicators")
        view = page.indicators.view
        problems = every_column_problem(view, {IndicatorsModel.C_CONTENT, IndicatorsModel.C_TARGET})
        assert not problems, "\n".join(problems)
        assert not view.horizontalScrollBar().isVisible()
