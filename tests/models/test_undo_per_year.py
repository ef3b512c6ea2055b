"""Undo and redo within one year (issue 20 point 2): the newest change of the year asked for, never another
year's; redo takes the newest undo back while no new change of that year came after it; a redo can be undone."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from app.models.audit import REDO_SOURCE, last_redoable, last_undoable, redo_last, undo_last
from app.models.audit_words import Words
from app.models.db import Database
from app.models.errors import AppraisalError
from app.models.store import set_item_score
from tests.helpers.data_pages import years_file


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    with years_file(tmp_path / "years.sqlite", 2017, 2018) as database:
        yield database


def score(db: Database, year: int, value: str, reason: str) -> None:
    with db.atomic(reason, "gui") as conn:
        set_item_score(conn, year, "办公室", "b01-01", Decimal(value), None)


def stored(db: Database, year: int) -> str | None:
    rows = db.query("SELECT score FROM item_scores WHERE year = ? AND unit = '办公室' AND item = 'b01-01'", (year,))
    return rows[0][0] if rows else None


def test_undo_takes_the_newest_change_of_its_year_only(db: Database) -> None:
    score(db, 2018, "3", "2018 录入")
    score(db, 2017, "2", "2017 录入")  # the newest change of the file, but of 2017
    change = last_undoable(db, 2018)
    assert change is not None and change.reason == "2018 录入" and change.years == (2018,)
    undo_last(db, year=2018)
    assert stored(db, 2018) is None and stored(db, 2017) == "2"
    # Further back in 2018: its creation (a year with no data left may be taken back); 2017 never.
    assert last_undoable(db, 2018).reason.startswith("新建 2018")  # type: ignore[union-attr]
    assert last_undoable(db, 2017).reason == "2017 录入"  # type: ignore[union-attr]


def test_redo_takes_back_undos_in_order_and_ends_with_a_new_change(db: Database) -> None:
    score(db, 2018, "3", "第一次")
    score(db, 2018, "2.5", "第二次")
    undo_last(db, year=2018)
    undo_last(db, year=2018)
    assert stored(db, 2018) is None
    assert last_redoable(db, 2017) is None  # 2017's own: nothing was undone there
    assert redo_last(db, 2018).reason.startswith("撤销：第一次")
    assert stored(db, 2018) == "3"
    redo_last(db, 2018)
    assert stored(db, 2018) == "2.5"
    assert last_redoable(db, 2018) is None
    with pytest.raises(AppraisalError, match="没有可以重做"):
        redo_last(db, 2018)
    # A redo is a change: Ctrl+Z takes it out again, and Ctrl+Y puts it back.
    assert last_undoable(db, 2018).source == REDO_SOURCE  # type: ignore[union-attr]
    undo_last(db, year=2018)
    assert stored(db, 2018) == "3"
    redo_last(db, 2018)
    assert stored(db, 2018) == "2.5"
    # After an undo, a new change of the year ends what can be redone.
    undo_last(db, year=2018)
    score(db, 2018, "1", "新的修改")
    assert last_redoable(db, 2018) is None


def test_codes_read_as_words(db: Database) -> None:
    words = Words(db)
    assert words.value("item_scores", "item", "b01-01", 2017) == "办文工作"
    assert words.value("cadres", "category", "civil_servant", 2017) == "公务员"
    assert words.value("adjustments", "category", "honor_city", 2017) != "honor_city"
    assert words.value("rating_ballots", "form", "leaders", 2017) == "委领导评分表（附件4）"
    assert words.value("cadres", "is_head", 1, 2017) == "是"
    assert words.value("years", "created_at", "2017-12-01T10:00:00.123", 2017) == "2017-12-01 10:00:00"
