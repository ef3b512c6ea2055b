"""考评结果: every component, incomplete entries highlighted, consecutive-year flags, and updates as data changes.

Seed: “连续两年在本组排名最后一名的……诫勉谈话”, “连续三年被评定为优秀等次的，记三等功一次”.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtGui import QBrush

from app.models.db import Database, open_database
from app.models.demo import build_demo_year
from app.models.store import set_item_score
from app.models.years import create_year_from
from app.ui.results.cadre_models import C_NAME, C_NOTE
from app.ui.results.models import (
    COLOURS,
    F_KIND,
    F_SUBJECT,
    F_TEXT,
    ROW_ROLE,
    U_BUSINESS,
    U_COMMON,
    U_GRADE,
    U_NAME,
    U_TOTAL,
    FlagsModel,
)
from app.ui.results.page import ResultsPage
from tests.helpers import windows


@pytest.fixture(scope="module")
def three_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three years generated from the same seed, then made real years (a demo year is no history for the
    consecutive-year rules): the same cadres are 优秀 three years running."""
    path = tmp_path_factory.mktemp("results") / "years.sqlite"
    with open_database(path) as db:
        for year in (2015, 2016, 2017):
            build_demo_year(db, year=year, seed=2017)
        with db.atomic("测试：作为正式年度") as conn:
            conn.execute("UPDATE years SET is_demo = 0")
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def db(tmp_path: Path, three_years: Path) -> Iterator[Database]:
    path = tmp_path / "years.sqlite"
    path.write_bytes(three_years.read_bytes())
    database = open_database(path)
    yield database
    database.close()


def open_page(qtbot, db: Database, year: int) -> ResultsPage:
    return windows.open_page(qtbot, ResultsPage, db, year, size=(1300, 800))


def test_consecutive_year_flags_are_listed_and_noted(qtbot, db: Database) -> None:
    page = open_page(qtbot, db, 2017)
    flags = page.flag_model
    assert flags.rowCount() > 0
    assert page.tabs.tabText(page.tabs.indexOf(page.flags_tab)) == f"后续事项（{flags.rowCount()}）"
    merits = [r for r in range(flags.rowCount()) if flags.index(r, F_KIND).data() == "记三等功"]
    assert merits
    name = flags.index(merits[0], F_SUBJECT).data()
    assert flags.index(merits[0], F_TEXT).data() == "连续三年被评定为优秀等次，记三等功一次"
    cadres = page.cadre_model
    row = next(r for r in range(cadres.rowCount()) if cadres.index(r, C_NAME).data() == name)
    assert "记三等功" in cadres.index(row, C_NOTE).data()
    # The first year has no history: 组内末位 asks for a written explanation, nothing is 连续.
    first = open_page(qtbot, db, 2015)
    kinds = {first.flag_model.index(r, F_KIND).data() for r in range(first.flag_model.rowCount())}
    assert kinds <= {"书面说明"}


def test_results_follow_every_change_while_shown(qtbot, db: Database) -> None:
    page = open_page(qtbot, db, 2017)
    units = page.unit_model

    def office() -> tuple[str, str, str]:
        row = next(r for r in range(units.rowCount()) if units.index(r, U_NAME).data() == "办公室")
        return units.index(row, U_COMMON).data(), units.index(row, U_BUSINESS).data(), units.index(row, U_TOTAL).data()

    common, business, total = office()
    old = Decimal(
        db.query("SELECT score FROM item_scores WHERE year = 2017 AND unit = '办公室' AND item = 'b01-01'")[0][0]
    )
    with page.session.write("更正") as conn:
        set_item_score(conn, 2017, "办公室", "b01-01", old - 1, None)
    new_common, new_business, new_total = office()
    assert new_common == common
    assert Decimal(new_business) == Decimal(business) - 1
    assert Decimal(new_total) == Decimal(total) - 1


def test_a_new_year_shows_every_unit_as_incomplete(qtbot, db: Database) -> None:
    """A year still being keyed: every unit 缺项 (grey), never 不合格."""
    with db.atomic("新建 2018 年度", "test") as conn:
        create_year_from(conn, db, 2018, copy_of=2017)
    page = open_page(qtbot, db, 2018)
    units = page.unit_model
    assert units.rowCount() == 25
    for row in range(units.rowCount()):
        unit = units.index(row, 0).data(ROW_ROLE)
        assert unit.incomplete
        brush = units.index(row, U_TOTAL).data(0x0008)  # BackgroundRole
        assert isinstance(brush, QBrush) and brush.color() == COLOURS["incomplete"]
        assert units.index(row, U_GRADE).data() == "待定"  # not 不合格: its scores are not keyed yet
    summary = page.group_tab(1).summary.text()
    assert "缺项 8 个" in summary and "不合格" not in summary
    # Nothing follows (书面说明, 诫勉谈话) from a year that is still being keyed.
    assert page.flag_model.rowCount() == 0
    assert page.tabs.tabText(page.tabs.indexOf(page.flags_tab)) == "后续事项（0）"


def test_flags_model_passes_the_model_tester(qtbot, qtmodeltester, db: Database) -> None:
    page = open_page(qtbot, db, 2017)
    model = FlagsModel()
    model.set_results(page.session.result())
    qtmodeltester.check(model, force_py=True)
