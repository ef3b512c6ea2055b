"""Seed: 考评结果经委党委审定 — once a year is locked (审定) nothing may change its data, whoever writes: the
window, the command line, a merge, an undo. The lock lives in the file (triggers), not only in the window."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from app.cli import main
from app.models import schema
from app.models import years as ym
from app.models.db import open_database
from app.models.errors import LockedYearError
from app.models.schema import LOCK_GUARDED_TABLES, SCHEMA_VERSION
from app.models.store import ensure_year, set_item_score
from app.models.yearfile.export import export_year


def lock(path: Path, year: int = 2017) -> None:
    with open_database(path) as db, db.atomic("审定", "test") as conn:
        ym.lock_year(conn, db, year, "王主任", "委党委会审定")


def table_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in LOCK_GUARDED_TABLES}


def test_every_keyed_table_refuses_changes_of_a_locked_year(demo_path: Path) -> None:
    lock(demo_path)
    with open_database(demo_path) as db:
        with pytest.raises(LockedYearError, match="已审定锁定"), db.atomic("改分", "test") as conn:
            set_item_score(conn, 2017, "办公室", "b01-01", Decimal(1), None)
        triggers = {r["name"] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        for table in LOCK_GUARDED_TABLES:
            assert {f"lock_{table}_{action}" for action in ("insert", "update", "delete")} <= triggers
            if db.query(f"SELECT 1 FROM {table} WHERE year = 2017 LIMIT 1"):  # the demo has data here
                with pytest.raises(LockedYearError), db.atomic(f"删除 {table}", "test") as conn:
                    conn.execute(f"DELETE FROM {table} WHERE year = 2017")
                with pytest.raises(LockedYearError), db.atomic(f"修改 {table}", "test") as conn:
                    conn.execute(f"UPDATE {table} SET year = year WHERE year = 2017")
        with pytest.raises(LockedYearError), db.atomic("删年度", "test") as conn:
            conn.execute("DELETE FROM years WHERE year = 2017")  # the cascade would delete its data
        # The notice's wording is printed after approval, so it stays editable.
        with db.atomic("通报措辞", "test") as conn:
            conn.execute("INSERT INTO year_documents (year, kind, body) VALUES (2017, 'notice', '{}')")
        with db.atomic("解锁", "test") as conn:
            ym.unlock_year(conn, db, 2017, "更正第三组计分差错")
        with db.atomic("改分", "test") as conn:
            set_item_score(conn, 2017, "办公室", "b01-01", Decimal(1), None)


def test_importing_into_a_locked_year_is_refused_and_nothing_written(demo_path: Path, tmp_path: Path, capsys) -> None:
    with open_database(demo_path) as db:
        year_file = export_year(db, 2017)
    year_file["item_scores"][0]["score"] = 0  # a change the import would make
    path = tmp_path / "y.json"
    path.write_text(json.dumps(year_file, ensure_ascii=False), encoding="utf-8")
    lock(demo_path)
    before = table_counts(demo_path)
    assert main(["import", str(demo_path), str(path)]) == 2
    assert "已审定锁定" in capsys.readouterr().err
    assert table_counts(demo_path) == before


def test_the_years_row_of_a_locked_year_is_guarded_in_the_file(demo_path: Path) -> None:
    """Migration 7: while a year is locked, its own row can only be unlocked — its scheme, scheme id and flags
    stay as approved, whoever writes to the file."""
    lock(demo_path)
    with open_database(demo_path) as db:
        assert db.query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
        for change in (
            "scheme = json_set(scheme, '$.pass_threshold', 0)",
            "scheme_id = 'other'",
            "is_demo = 0",
            "lock_reason = '改过的审定说明'",
            "locked_at = '2000-01-01T00:00:00'",
        ):
            with pytest.raises(LockedYearError), db.atomic("改年度", "test") as conn:
                conn.execute(f"UPDATE years SET {change} WHERE year = 2017")
        with pytest.raises(LockedYearError), db.atomic("解锁并改方案", "test") as conn:
            conn.execute("UPDATE years SET locked_at = NULL, scheme_id = 'other' WHERE year = 2017")
        with db.atomic("解锁", "test") as conn:
            ym.unlock_year(conn, db, 2017, "更正")
        with db.atomic("改方案编号", "test") as conn:
            conn.execute("UPDATE years SET scheme_id = scheme_id || '@2017' WHERE year = 2017")


def test_a_file_of_the_previous_version_gets_the_guard_on_opening(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "previous.sqlite"
    before_guard = schema.MIGRATIONS.index(schema.migrate_to_7)  # a file written before the guard existed
    with monkeypatch.context() as older:
        older.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:before_guard])
        older.setattr(schema, "SCHEMA_VERSION", before_guard)
        with open_database(path) as db:
            ensure_year(db, 2017)
            with db.atomic("审定", "test") as conn:
                ym.lock_year(conn, db, 2017, "王主任", "审定")
            assert db.query("SELECT 1 FROM sqlite_master WHERE name = 'lock_years_update'") == []
    with open_database(path) as db:
        assert db.query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
        with pytest.raises(LockedYearError), db.atomic("改方案", "test") as conn:
            conn.execute("UPDATE years SET scheme_id = 'x' WHERE year = 2017")


def test_a_locked_years_row_cannot_be_replaced(demo_path: Path) -> None:
    """INSERT OR REPLACE deletes the old row without firing its delete trigger (SQLite fires delete triggers on
    REPLACE only with recursive_triggers), and the delete cascades to every keyed table: a locked year would
    come back unlocked, on another scheme and without its ballots. The insert itself is guarded."""
    lock(demo_path)
    before = table_counts(demo_path)
    with open_database(demo_path) as db:
        for statement in (
            "INSERT OR REPLACE INTO years (year, scheme_id, scheme, is_demo, created_at)"
            " SELECT year, 'other', scheme, 0, created_at FROM years WHERE year = 2017",
            "REPLACE INTO years SELECT * FROM years WHERE year = 2017",  # even the same row: the cascade
        ):
            with pytest.raises(LockedYearError), db.atomic("换年度", "test") as conn:
                conn.execute(statement)
        assert db.query("SELECT locked_at IS NOT NULL, scheme_id FROM years WHERE year = 2017")[0][:] == (1, "jxw-2017")
    assert table_counts(demo_path) == before
