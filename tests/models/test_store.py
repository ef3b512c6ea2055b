"""The store: schema by version, refusing files that are not ours, one transaction per change, audit."""

from __future__ import annotations

import json
import os
import sqlite3
from decimal import Decimal

import pytest

from app.models import schema, store
from app.models.db import APPLICATION_ID, open_database
from app.models.errors import StoreError


def test_a_new_file_is_versioned_wal_and_enforces_foreign_keys(tmp_path):
    path = tmp_path / "new.sqlite"
    with open_database(path) as db:
        assert db.query("PRAGMA user_version")[0][0] == schema.SCHEMA_VERSION
        assert db.query("PRAGMA application_id")[0][0] == APPLICATION_ID
        assert db.query("PRAGMA journal_mode")[0][0] == "wal"
        assert db.query("PRAGMA foreign_keys")[0][0] == 1
        assert [r["id"] for r in db.query("SELECT id FROM schemes")] == ["jxw-2017"]
        with pytest.raises(sqlite3.IntegrityError), db.atomic() as conn:
            store.set_item_score(conn, 1999, "办公室", "b01-01", Decimal(1), None)  # no such year


@pytest.mark.parametrize(
    "content",
    [b"", b"hello, this is not a database", os.urandom(4096), b"SQLite format 3\x00" + b"\x00" * 20],
    ids=["empty-but-named", "text", "random-bytes", "truncated"],
)
def test_files_that_are_not_ours_are_refused_and_untouched(tmp_path, content):
    path = tmp_path / "other.sqlite"
    path.write_bytes(content)
    if not content:
        # An empty file is a fresh one: it becomes a database (nothing to lose).
        with open_database(path) as db:
            assert db.query("PRAGMA user_version")[0][0] == schema.SCHEMA_VERSION
        return
    with pytest.raises(StoreError) as caught:
        open_database(path)
    assert "不是考评通" in str(caught.value)
    assert path.read_bytes() == content


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "foreign.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="其他程序"):
        open_database(path)
    assert path.read_bytes() == before


def test_a_file_from_a_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "newer.sqlite"
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="更新版本"):
        open_database(path)
    assert path.read_bytes() == before


def test_a_failed_transaction_writes_nothing(tmp_path):
    with open_database(tmp_path / "a.sqlite") as db:
        store.ensure_year(db, 2017)
        with pytest.raises(RuntimeError), db.atomic(reason="测试") as conn:
            store.set_item_score(conn, 2017, "办公室", "b01-01", Decimal("2.5"), None)
            raise RuntimeError("keying interrupted")
        assert db.query("SELECT COUNT(*) FROM item_scores")[0][0] == 0
        assert db.query("SELECT COUNT(*) FROM audit_log WHERE tbl = 'item_scores'")[0][0] == 0


def test_every_change_of_a_score_is_audited_with_old_new_and_reason(tmp_path):
    with open_database(tmp_path / "a.sqlite") as db:
        store.ensure_year(db, 2017)
        with db.atomic(reason="初次录入", source="gui") as conn:
            store.set_item_score(conn, 2017, "办公室", "b01-01", Decimal("3"), None)
        with db.atomic(reason="复核更正") as conn:
            store.set_item_score(conn, 2017, "办公室", "b01-01", Decimal("2.8"), "公文差错 1 次")
        with db.atomic(reason="无变化") as conn:
            store.set_item_score(conn, 2017, "办公室", "b01-01", Decimal("2.8"), "公文差错 1 次")
        with db.atomic(reason="删除") as conn:
            store.delete_item_score(conn, 2017, "办公室", "b01-01")
        rows = db.query("SELECT action, key, old, new, reason, source, at FROM audit_log WHERE tbl = 'item_scores'")
        assert [r["action"] for r in rows] == ["insert", "update", "delete"], "an unchanged write is not a change"
        assert rows[0]["key"] == "2017/办公室/b01-01" and rows[0]["source"] == "gui"
        assert json.loads(rows[1]["old"])["score"] == "3" and json.loads(rows[1]["new"])["score"] == "2.8"
        assert rows[1]["reason"] == "复核更正" and json.loads(rows[2]["old"])["note"] == "公文差错 1 次"
        assert all(r["at"] for r in rows)
        # The context is cleared after each transaction: a bare write carries no stale reason.
        assert db.query("SELECT reason FROM audit_context")[0][0] is None


def test_ballots_and_adjustments_are_audited(tmp_path):
    with open_database(tmp_path / "a.sqlite") as db:
        store.ensure_year(db, 2017)
        with db.atomic(reason="录入") as conn:
            store.insert_rating_ballot(conn, 2017, "leaders", 1, {"办公室": [Decimal(4)] * 5})
            store.insert_adjustment(
                conn, 2017, store.AdjustmentRow("unit", "bonus", "media", "报道", Decimal("0.5"), ("办公室",))
            )
        tables = {r["tbl"] for r in db.query("SELECT tbl FROM audit_log")}
        assert {"rating_ballots", "adjustments", "years"} <= tables


def test_the_year_keeps_its_own_copy_of_the_scheme(tmp_path):
    with open_database(tmp_path / "a.sqlite") as db:
        store.ensure_year(db, 2017)
        with db.atomic() as conn:
            conn.execute("UPDATE schemes SET body = json_set(body, '$.groups[0].first_prize', 5)")
        assert store.year_scheme(db, 2017).groups[1].first_prize == 1


def test_an_older_file_is_copied_aside_then_migrated_in_one_step(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite"
    current = schema.SCHEMA_VERSION
    with open_database(path) as db:
        store.ensure_year(db, 2017)

    def add_column(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE years ADD COLUMN approved_by TEXT")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, add_column])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 1)
    with open_database(path) as db:
        assert db.query("PRAGMA user_version")[0][0] == current + 1
        assert "approved_by" in [r["name"] for r in db.query("PRAGMA table_info(years)")]
        assert store.year_info(db, 2017) is not None
    backups = list(tmp_path.glob(f"old.sqlite.v{current}-*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == current


def test_a_version_1_file_migrates_and_its_changes_are_then_grouped_for_undo(tmp_path, monkeypatch):
    path = tmp_path / "v1.sqlite"
    with open_database(tmp_path / "source.sqlite") as source:
        store.ensure_year(source, 2017)
        year_row = dict(source.query("SELECT * FROM years")[0])
    # A file as version 1 of the program left it.
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    schema.migrate_to_1(conn)
    v1_columns = [r[1] for r in conn.execute("PRAGMA table_info(years)")]
    year_row = {k: v for k, v in year_row.items() if k in v1_columns}  # columns added later are not there yet
    conn.execute(
        f"INSERT INTO years ({', '.join(year_row)}) VALUES ({', '.join('?' * len(year_row))})", tuple(year_row.values())
    )
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("COMMIT")
    conn.close()
    with open_database(path) as db:
        assert db.query("PRAGMA user_version")[0][0] == schema.SCHEMA_VERSION
        assert store.year_info(db, 2017) is not None
        with db.atomic("两项得分", "test") as conn:
            store.set_item_score(conn, 2017, "办公室", "common-01", Decimal("8"), None)
            store.set_item_score(conn, 2017, "办公室", "common-02", Decimal("7"), None)
        change = db.query("SELECT id, reason FROM changes ORDER BY id DESC LIMIT 1")[0]
        assert change["reason"] == "两项得分"
        logged = db.query("SELECT count(*) FROM audit_log WHERE change_id = ?", (change["id"],))[0][0]
        assert logged == 2
        ballot_columns = [r["name"] for r in db.query("PRAGMA table_info(rating_ballots)")]
        assert "verified_at" in ballot_columns


def test_a_failing_migration_leaves_the_file_at_its_old_version(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite"
    open_database(path).close()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE years ADD COLUMN half_done TEXT")
        raise sqlite3.OperationalError("disk I/O error")

    current = schema.SCHEMA_VERSION
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, broken])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 1)
    with pytest.raises(sqlite3.OperationalError):
        open_database(path)
    monkeypatch.undo()
    with open_database(path) as db:
        assert db.query("PRAGMA user_version")[0][0] == current
        assert "half_done" not in [r["name"] for r in db.query("PRAGMA table_info(years)")]


def test_the_loader_passes_the_schemes_years_for_the_talk(tmp_path):
    """年度与方案 ▸ 参数 “连续几年末位须约谈” (consecutive_years_for_talk) reaches the engine."""
    from app.models.loader import load_year_input

    with open_database(tmp_path / "t.sqlite") as db:
        store.ensure_year(db, 2017)
        assert load_year_input(db, 2017).talk_years == 2
        with db.atomic("参数", "test") as conn:
            conn.execute("UPDATE years SET scheme = json_set(scheme, '$.consecutive_years_for_talk', 3)")
        assert load_year_input(db, 2017).talk_years == 3
