"""The audit log read back in Chinese, filtered, and the last change undone as one new change.

Seed (考评纪律): 考评工作要坚持公开、公平、公正 — every change is kept with its reason, and a correction is itself
recorded rather than erasing what was there.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from app.models.audit import (
    change_rows,
    describe,
    last_undoable,
    list_changes,
    undo_change,
    undo_last,
)
from app.models.db import Database, open_database
from app.models.errors import AppraisalError
from app.models.loader import compute_results
from app.models.scheme_rows import put_unit_rows, unit_rows
from app.models.store import (
    AdjustmentRow,
    CadreRow,
    ensure_year,
    insert_adjustment,
    list_years,
    set_item_score,
    upsert_cadre,
)
from app.models.years import create_year_from, lock_year, save_scheme, year_scheme_body


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "audit.sqlite")
    ensure_year(database, 2017)
    yield database
    database.close()


def score(db: Database, unit: str, item: str, value: str, reason: str = "录入得分") -> None:
    with db.atomic(reason, "gui") as conn:
        set_item_score(conn, 2017, unit, item, Decimal(value), None)


def stored_score(db: Database, unit: str, item: str) -> str | None:
    rows = db.query("SELECT score FROM item_scores WHERE year = 2017 AND unit = ? AND item = ?", (unit, item))
    return rows[0][0] if rows else None


def test_changes_are_listed_newest_first_in_chinese(db: Database) -> None:
    score(db, "办公室", "b01-01", "3")
    score(db, "办公室", "b01-01", "2.8", "更正办公室办文工作得分")
    changes = list_changes(db)
    assert [c.reason for c in changes[:2]] == ["更正办公室办文工作得分", "录入得分"]
    assert changes[0].table_names == "项目得分" and changes[0].row_count == 1 and changes[0].years == (2017,)
    assert [describe(r) for r in change_rows(db, changes[0].id)] == ["修改项目得分 办公室·b01-01：得分 3 → 2.8"]
    assert [describe(r) for r in change_rows(db, changes[1].id)] == ["新增项目得分 办公室·b01-01：得分 3"]


def test_scheme_edits_are_described_field_by_field(db: Database) -> None:
    body = year_scheme_body(db, 2017)
    rows = unit_rows(body)
    rows[0]["head"] = "张明"
    with db.atomic("修改 2017 年度考评方案", "gui") as conn:
        save_scheme(conn, db, 2017, put_unit_rows(body, rows))
    (row,) = change_rows(db, list_changes(db)[0].id)
    assert describe(row) == "修改年度 2017 年度：方案编号 jxw-2017 → jxw-2017@2017，方案：科室·办公室·负责人：新增 张明"


def test_filters_by_unit_cadre_and_date(db: Database) -> None:
    score(db, "办公室", "b01-01", "3")
    score(db, "财务科", "b16-01", "2")
    with db.atomic("名册", "gui") as conn:
        upsert_cadre(conn, 2017, CadreRow("c001", "张一", "人事科", "civil_servant", "正科"))
    with db.atomic("干部加分", "gui") as conn:
        insert_adjustment(conn, 2017, AdjustmentRow("cadre", "bonus", "individual_honor", None, Decimal(2), ("c001",)))
    assert [c.reason for c in list_changes(db, unit="财务科")] == ["录入得分"]
    assert {c.reason for c in list_changes(db, unit="人事科")} == {"名册"}
    assert [c.reason for c in list_changes(db, cadre="张一")] == ["干部加分", "名册"]
    assert [c.reason for c in list_changes(db, cadre="c001")] == ["干部加分", "名册"]
    today = list_changes(db)[0].at[:10]
    assert len(list_changes(db, since=today, until=today)) == len(list_changes(db))
    assert list_changes(db, until="2000-01-01") == []


def test_undo_restores_the_old_rows_as_one_new_change(db: Database) -> None:
    score(db, "办公室", "b01-01", "3")
    score(db, "办公室", "b01-01", "2.8", "更正")
    undone = undo_last(db)
    assert undone.reason == "更正"
    assert stored_score(db, "办公室", "b01-01") == "3"
    newest = list_changes(db)[0]
    assert newest.undoes == undone.id and newest.reason.startswith("撤销：更正")
    assert list_changes(db)[1].undone_by == newest.id
    # The next undo goes one further back: the first score disappears.
    assert undo_last(db).reason == "录入得分"
    assert stored_score(db, "办公室", "b01-01") is None
    assert compute_results(db, 2017).units  # the engine still reads the year


def test_undo_of_a_deleted_row_puts_it_back_with_its_id(db: Database) -> None:
    with db.atomic("加分", "gui") as conn:
        event_id = insert_adjustment(
            conn, 2017, AdjustmentRow("unit", "bonus", "media", "报道", Decimal("0.5"), ("办公室",))
        )
    with db.atomic("删除加分", "gui") as conn:
        conn.execute("DELETE FROM adjustments WHERE id = ?", (event_id,))
    undo_last(db)
    row = db.query("SELECT id, matter, points FROM adjustments")[0]
    assert (row["id"], row["matter"], row["points"]) == (event_id, "报道", "0.5")


def test_undo_refuses_a_locked_year(db: Database) -> None:
    score(db, "办公室", "b01-01", "3")
    with db.atomic("审定", "gui") as conn:
        lock_year(conn, db, 2017, "王主任", "委党委会审定")
    before = db.query("SELECT count(*) FROM changes")[0][0]
    with pytest.raises(AppraisalError, match="2017 年度已审定锁定，不能撤销"):
        undo_last(db)
    assert db.query("SELECT count(*) FROM changes")[0][0] == before
    assert stored_score(db, "办公室", "b01-01") == "3"


def test_undo_refuses_rows_a_later_change_touched(db: Database) -> None:
    score(db, "办公室", "b01-01", "3", "第一次")
    first = list_changes(db)[0].id
    score(db, "办公室", "b01-01", "2", "第二次")
    with pytest.raises(AppraisalError, match=r"之后的操作“第二次”.*又改过它"), db.atomic("撤销", "undo") as conn:
        undo_change(conn, first)
    assert stored_score(db, "办公室", "b01-01") == "2"
    assert last_undoable(db).reason == "第二次"  # type: ignore[union-attr]


def test_undo_of_a_new_year_removes_it_only_while_it_is_empty(db: Database) -> None:
    with db.atomic("新建 2018 年度", "gui") as conn:
        create_year_from(conn, db, 2018, copy_of=2017)
    undo_last(db)
    assert [y.year for y in list_years(db)] == [2017]
    with pytest.raises(AppraisalError, match="已经撤销过了"), db.atomic("x", "undo") as conn:
        undo_change(conn, list_changes(db)[1].id)


def test_an_undo_row_images_are_json(db: Database) -> None:
    score(db, "办公室", "b01-01", "3")
    undo_last(db)
    (row,) = change_rows(db, list_changes(db)[0].id)
    assert row.action == "delete" and row.old is not None and json.dumps(row.old)
