"""Reading the audit log (one `changes` row per committed `atomic()` block, its `audit_log` rows carrying the
old and new row images) in readable Chinese, filtering it, and undoing the last change.

Undo is itself a change: one new `atomic()` block that writes back the old row image of every row the undone
change touched, recorded with `changes.undoes`. It refuses a locked year, and a row that a later change has
touched since (the row no longer looks as the undone change left it).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from app.models.audit_words import ACTION_NAMES, COLUMN_NAMES, SCHEME_KEYS, TABLE_NAMES, Words
from app.models.db import Database
from app.models.errors import AppraisalError
from app.models.schema import audited_key_columns

KEY_COLUMNS: dict[str, tuple[str, ...]] = audited_key_columns()

UNDO_SOURCE, REDO_SOURCE = "undo", "redo"
MAX_ROWS_SHOWN = 200
MAX_DIFFS = 12


@dataclass(frozen=True)
class AuditRow:
    id: int
    year: int | None
    table: str
    action: str
    key: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None

    def key_values(self) -> dict[str, Any]:
        image = self.new if self.new is not None else self.old
        assert image is not None
        return {c: image.get(c) for c in KEY_COLUMNS[self.table]}


@dataclass(frozen=True)
class Change:
    id: int
    at: str
    reason: str
    source: str
    undoes: int | None
    undone_by: int | None
    row_count: int
    tables: tuple[str, ...]
    years: tuple[int, ...] = field(default=())

    @property
    def table_names(self) -> str:
        return "、".join(TABLE_NAMES.get(t, t) for t in self.tables)


# --- reading ------------------------------------------------------------------------------------


def _row(r: sqlite3.Row) -> AuditRow:
    return AuditRow(
        r["id"],
        r["year"],
        r["tbl"],
        r["action"],
        r["key"],
        None if r["old"] is None else json.loads(r["old"]),
        None if r["new"] is None else json.loads(r["new"]),
    )


def change_rows(db: Database, change_id: int, limit: int | None = None) -> list[AuditRow]:
    sql = "SELECT * FROM audit_log WHERE change_id = ? ORDER BY id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [_row(r) for r in db.query(sql, (change_id,))]


def cadre_ids(db: Database, text: str) -> set[str]:
    """A cadre typed by id or name (any year)."""
    text = text.strip()
    rows = db.query("SELECT DISTINCT id FROM cadres WHERE id = ? OR name = ?", (text, text))
    return {r["id"] for r in rows} | ({text} if text else set())


def list_changes(
    db: Database,
    *,
    year: int | None = None,
    unit: str | None = None,
    cadre: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 1000,
) -> list[Change]:
    """Newest first. `unit` (full name) and `cadre` (id or name) match the rows' keys and contents;
    `since`/`until` are dates (YYYY-MM-DD, inclusive)."""
    where, params = ["1"], []
    if year is not None:
        where.append("(a.year = ? OR a.year IS NULL)")
        params.append(year)
    if since:
        where.append("c.at >= ?")
        params.append(since)
    if until:
        where.append("c.at < date(?, '+1 day')")
        params.append(until)
    needles: list[str] = []
    if unit and unit.strip():
        needles.append(unit.strip())
    if cadre and cadre.strip():
        needles.extend(sorted(cadre_ids(db, cadre)))
    scheme_changes: set[int] = set()
    if needles:
        tests = []
        for needle in needles:
            tests.append(
                "(a.tbl <> 'years' AND (instr('/' || a.key || '/', ?) OR instr(COALESCE(a.old, ''), ?) "
                "OR instr(COALESCE(a.new, ''), ?)))"
            )
            params.extend([f"/{needle}/", needle, needle])
        where.append("(" + " OR ".join(tests) + ")")
        # A scheme edit lists every unit in its row images: match it only when the difference names the unit.
        for r in db.query("SELECT * FROM audit_log WHERE tbl = 'years' AND change_id IS NOT NULL"):
            if any(needle in describe(_row(r)) for needle in needles):
                scheme_changes.add(int(r["change_id"]))
    sql = (
        "SELECT c.id, c.at, c.reason, c.source, c.undoes, "
        "(SELECT u.id FROM changes u WHERE u.undoes = c.id) AS undone_by, "
        "count(a.id) AS n, group_concat(DISTINCT a.tbl) AS tables, group_concat(DISTINCT a.year) AS years "
        "FROM changes c JOIN audit_log a ON a.change_id = c.id "
        f"WHERE {' AND '.join(where)} GROUP BY c.id ORDER BY c.id DESC LIMIT {int(limit)}"
    )
    found = {r["id"]: r for r in db.query(sql, tuple(params))}
    if scheme_changes:
        extra = [i for i in scheme_changes if i not in found]
        if extra:
            marks = ",".join("?" * len(extra))
            more = (
                "SELECT c.id, c.at, c.reason, c.source, c.undoes, "
                "(SELECT u.id FROM changes u WHERE u.undoes = c.id) AS undone_by, "
                "count(a.id) AS n, group_concat(DISTINCT a.tbl) AS tables, group_concat(DISTINCT a.year) AS years "
                f"FROM changes c JOIN audit_log a ON a.change_id = c.id WHERE c.id IN ({marks}) GROUP BY c.id"
            )
            for r in db.query(more, tuple(extra)):
                if _in_range(r["at"], since, until) and (year is None or str(year) in (r["years"] or "").split(",")):
                    found[r["id"]] = r
    return [
        Change(
            r["id"],
            r["at"],
            r["reason"] or "",
            r["source"] or "",
            r["undoes"],
            r["undone_by"],
            r["n"],
            tuple((r["tables"] or "").split(",")),
            tuple(int(y) for y in (r["years"] or "").split(",") if y),
        )
        for r in sorted(found.values(), key=lambda r: -r["id"])
    ]


def _in_range(at: str, since: str | None, until: str | None) -> bool:
    day = at[:10]
    return (not since or day >= since) and (not until or day <= until)


# --- describing ---------------------------------------------------------------------------------


def value_text(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _label(entry: Any, index: int) -> str:
    if isinstance(entry, dict):
        for key in ("name", "title", "label", "mark", "id", "group"):
            if entry.get(key) not in (None, ""):
                return str(entry[key])
    return f"第{index + 1}项"


def json_differences(old: Any, new: Any, path: str = "", out: list[str] | None = None) -> list[str]:
    """Readable differences of two JSON documents (a scheme): “科室·办公室·负责人：（空） → 张三”."""
    out = [] if out is None else out
    if len(out) > MAX_DIFFS:
        return out
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            name = SCHEME_KEYS.get(key, COLUMN_NAMES.get(key, key))
            sub = f"{path}·{name}" if path else name
            if key not in new:
                out.append(f"{sub}：删除")
            elif key not in old:
                out.append(f"{sub}：新增 {value_text(new[key])}")
            elif old[key] != new[key]:
                json_differences(old[key], new[key], sub, out)
        return out
    if isinstance(old, list) and isinstance(new, list):
        old_labels = [_label(e, i) for i, e in enumerate(old)]
        new_labels = [_label(e, i) for i, e in enumerate(new)]
        if old_labels == new_labels or len(old) == len(new):
            for i, (a, b) in enumerate(zip(old, new, strict=True)):
                if a != b:
                    json_differences(a, b, f"{path}·{new_labels[i]}", out)
            return out
        for label in new_labels:
            if label not in old_labels:
                out.append(f"{path}：新增“{label}”")
        for label in old_labels:
            if label not in new_labels:
                out.append(f"{path}：删除“{label}”")
        for i, label in enumerate(new_labels):
            if label in old_labels and old[old_labels.index(label)] != new[i]:
                json_differences(old[old_labels.index(label)], new[i], f"{path}·{label}", out)
        return out
    out.append(f"{path}：{value_text(old)} → {value_text(new)}")
    return out


def subject(row: AuditRow, words: Words | None = None) -> str:
    """What the row is about, in the clerk's words (the key without the year)."""
    image = row.new if row.new is not None else row.old or {}

    def word(column: str, value: Any) -> Any:
        return words.value(row.table, column, value, row.year) if words is not None else value

    if row.table == "years":
        return f"{image.get('year')} 年度"
    if row.table == "cadres":
        return f"{image.get('name')}（{image.get('unit')}）"
    if row.table == "adjustments":
        targets = image.get("targets")
        with contextlib.suppress(ValueError):
            targets = "、".join(json.loads(targets)) if isinstance(targets, str) else targets
        return f"{word('category', image.get('category'))}·{targets}"
    parts = [
        str(word(c, image.get(c))) for c in KEY_COLUMNS.get(row.table, ()) if c != "year" and image.get(c) is not None
    ]
    return "·".join(parts)


def describe(row: AuditRow, words: Words | None = None) -> str:
    """One audit row as a sentence: 修改 项目得分 办公室·办文工作：得分 3 → 2.8 (`words`: codes as words)."""

    def shown(column: str, value: Any) -> str:
        return value_text(words.value(row.table, column, value, row.year) if words is not None else value)

    head = f"{ACTION_NAMES.get(row.action, row.action)}{TABLE_NAMES.get(row.table, row.table)} {subject(row, words)}"
    keys = set(KEY_COLUMNS.get(row.table, ()))
    if row.action == "update" and row.old is not None and row.new is not None:
        changes = []
        for column, before in row.old.items():
            after = row.new.get(column)
            if before == after:
                continue
            name = COLUMN_NAMES.get(column, column)
            if column == "scheme":
                try:
                    old_body, new_body = json.loads(before), json.loads(after)
                    # The body's id repeats the 方案编号 column, shown on its own.
                    old_body.pop("id", None), new_body.pop("id", None)
                    diffs = json_differences(old_body, new_body)
                except (TypeError, ValueError, AttributeError):
                    diffs = []
                listed = diffs[:MAX_DIFFS]
                more = f"；另有 {len(diffs) - len(listed)} 处" if len(diffs) > len(listed) else ""
                changes.append("方案：" + ("；".join(listed) or "格式调整") + more)
            else:
                changes.append(f"{name} {shown(column, before)} → {shown(column, after)}")
        return f"{head}：" + "，".join(changes)
    image = row.new if row.action == "insert" else row.old
    fields = [
        f"{COLUMN_NAMES.get(c, c)} {shown(c, v)}"
        for c, v in (image or {}).items()
        if c not in keys and c not in ("id", "scheme", "image") and v not in (None, "")
    ]
    return f"{head}：" + "，".join(fields[:6]) if fields else head


# --- undo ---------------------------------------------------------------------------------------


def _year_changes(db: Database, year: int | None) -> list[sqlite3.Row]:
    """The changes that touched `year` and no other year (None: every change), newest first, with what undo
    and redo need to know of each."""
    in_year = (
        "EXISTS (SELECT 1 FROM audit_log a WHERE a.change_id = c.id)"
        if year is None
        else "EXISTS (SELECT 1 FROM audit_log a WHERE a.change_id = c.id AND a.year = ?) "
        "AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.change_id = c.id AND a.year IS NOT ?)"
    )
    return db.query(
        "SELECT c.id, c.source, c.undoes, EXISTS (SELECT 1 FROM changes u WHERE u.undoes = c.id) AS undone "
        f"FROM changes c WHERE {in_year} ORDER BY c.id DESC",
        () if year is None else (year, year),
    )


def last_undoable(db: Database, year: int | None = None) -> Change | None:
    """The newest change (of `year`, when given: undo never reaches into another year) that is not an undo
    and has not been undone. A redo counts as a change: undoing it takes the change back out again."""
    for r in _year_changes(db, year):
        if not r["undone"] and (r["undoes"] is None or r["source"] == REDO_SOURCE):
            return get_change(db, r["id"])
    return None


def last_redoable(db: Database, year: int | None = None) -> Change | None:
    """The undo that 重做 would take back: the newest undo of `year` not itself taken back, when nothing but
    undos and redos came after it (a new change ends what can be redone, as in any editor)."""
    for r in _year_changes(db, year):
        if r["undone"] or r["source"] == REDO_SOURCE:
            continue
        if r["source"] == UNDO_SOURCE and r["undoes"] is not None:
            return get_change(db, r["id"])
        return None
    return None


def get_change(db: Database, change_id: int) -> Change | None:
    rows = db.query(
        "SELECT c.id, c.at, c.reason, c.source, c.undoes, "
        "(SELECT u.id FROM changes u WHERE u.undoes = c.id) AS undone_by, "
        "count(a.id) AS n, group_concat(DISTINCT a.tbl) AS tables, group_concat(DISTINCT a.year) AS years "
        "FROM changes c LEFT JOIN audit_log a ON a.change_id = c.id WHERE c.id = ? GROUP BY c.id",
        (change_id,),
    )
    if not rows:
        return None
    r = rows[0]
    return Change(
        r["id"],
        r["at"],
        r["reason"] or "",
        r["source"] or "",
        r["undoes"],
        r["undone_by"],
        r["n"],
        tuple(t for t in (r["tables"] or "").split(",") if t),
        tuple(int(y) for y in (r["years"] or "").split(",") if y),
    )


def _current_image(conn: sqlite3.Connection, table: str, keys: dict[str, Any], columns: list[str]) -> Any:
    image = "json_object(" + ", ".join(f"'{c}', {c}" for c in columns) + ")"
    where = " AND ".join(f"{c} IS ?" for c in keys)
    row = conn.execute(f"SELECT {image} FROM {table} WHERE {where}", tuple(keys.values())).fetchone()
    return None if row is None else json.loads(row[0])


def undo_change(conn: sqlite3.Connection, change_id: int) -> int:
    """Inside an open `atomic()` block: write back every old row image of `change_id`; returns how many rows.
    Raises AppraisalError (the caller's block rolls back) when the change cannot be undone."""
    change = conn.execute("SELECT id, reason, undoes FROM changes WHERE id = ?", (change_id,)).fetchone()
    if change is None:
        raise AppraisalError(f"没有第 {change_id} 号操作。")
    if conn.execute("SELECT 1 FROM changes WHERE undoes = ?", (change_id,)).fetchone():
        raise AppraisalError(f"操作“{change['reason']}”已经撤销过了。")
    rows = [_row(r) for r in conn.execute("SELECT * FROM audit_log WHERE change_id = ? ORDER BY id", (change_id,))]
    if not rows:
        raise AppraisalError(f"操作“{change['reason']}”没有修改任何数据，无需撤销。")

    # Per row touched: the image before the change (first old) and after it (last new).
    touched: dict[tuple[str, str], tuple[AuditRow, Any, Any]] = {}
    for row in rows:
        ident = (row.table, json.dumps(row.key_values(), ensure_ascii=False, sort_keys=True))
        if ident in touched:
            first, before, _after = touched[ident]
            touched[ident] = (first, before, row.new)
        else:
            touched[ident] = (row, row.old, row.new)

    locked = {
        r[0]
        for r in conn.execute("SELECT year FROM years WHERE locked_at IS NOT NULL")
        if any(row.year == r[0] for row in rows)
    }
    if locked:
        years = "、".join(str(y) for y in sorted(locked))
        raise AppraisalError(f"{years} 年度已审定锁定，不能撤销该年度的修改。如需更正，请先解锁并说明原因。")

    for (table, _ident), (row, _before, after) in touched.items():
        columns = list((after or row.old or row.new or {}).keys())
        current = _current_image(conn, table, row.key_values(), columns)
        if current != after:
            later = conn.execute(
                "SELECT c.id, c.reason, c.at FROM audit_log a JOIN changes c ON c.id = a.change_id "
                "WHERE a.tbl = ? AND a.key = ? AND a.change_id > ? ORDER BY a.id DESC LIMIT 1",
                (table, row.key, change_id),
            ).fetchone()
            what = f"{TABLE_NAMES.get(table, table)} {subject(row)}"
            by = f"：之后的操作“{later['reason']}”（{later['at'][:16].replace('T', ' ')}）又改过它" if later else ""
            raise AppraisalError(f"不能撤销“{change['reason']}”：{what} 已被修改{by}。请手工更正。")

    restores = list(touched.values())
    year_rows = [t for t in restores if t[0].table == "years"]
    others = [t for t in reversed(restores) if t[0].table != "years"]
    ordered = (
        [t for t in year_rows if t[2] is None]  # years the change deleted: back first, so their rows can follow
        + others
        + [t for t in year_rows if t[2] is not None]  # years it created or edited: last
    )
    for row, before, after in ordered:
        keys = row.key_values()
        where = " AND ".join(f"{c} IS ?" for c in keys)
        if before is None:
            if row.table == "years":
                _refuse_deleting_year_with_data(conn, int(keys["year"]), change["reason"])
            conn.execute(f"DELETE FROM {row.table} WHERE {where}", tuple(keys.values()))
        elif after is None:
            names = list(before)
            conn.execute(
                f"INSERT INTO {row.table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                tuple(before.values()),
            )
        else:
            assignments = ", ".join(f"{c} = ?" for c in before)
            conn.execute(f"UPDATE {row.table} SET {assignments} WHERE {where}", (*before.values(), *keys.values()))
    new_id = conn.execute("SELECT change_id FROM audit_context WHERE id = 1").fetchone()[0]
    if new_id is not None:
        conn.execute("UPDATE changes SET undoes = ? WHERE id = ?", (change_id, new_id))
    return len(touched)


def _refuse_deleting_year_with_data(conn: sqlite3.Connection, year: int, reason: str) -> None:
    for table in KEY_COLUMNS:
        if table != "years" and conn.execute(f"SELECT 1 FROM {table} WHERE year = ? LIMIT 1", (year,)).fetchone():
            raise AppraisalError(
                f"不能撤销“{reason}”：{year} 年度已录入{TABLE_NAMES.get(table, table)}等数据，撤销会一并删除它们。"
            )


def undo_last(db: Database, source: str = UNDO_SOURCE, year: int | None = None) -> Change:
    """Undo the newest undoable change (of `year`) in its own transaction; returns the change that was undone."""
    change = last_undoable(db, year)
    if change is None:
        raise AppraisalError("没有可以撤销的操作。")
    with db.atomic(reason=undo_reason(change), source=source) as conn:
        undo_change(conn, change.id)
    return change


def when_text(change: Change) -> str:
    return change.at[:16].replace("T", " ")


def undo_reason(change: Change) -> str:
    if change.source == REDO_SOURCE and change.reason.startswith("重做："):
        return "撤销：" + change.reason.removeprefix("重做：")  # undoing a redo undoes the change again
    return f"撤销：{change.reason}（{when_text(change)}）"


def redo_reason(undo: Change) -> str:
    """An undo's reason is 撤销：X（time）: its redo is 重做：X（time）."""
    return "重做：" + undo.reason.removeprefix("撤销：")


def redo_last(db: Database, year: int | None = None) -> Change:
    """Take back the newest undo of `year` in its own transaction; returns the undo that was taken back."""
    undo = last_redoable(db, year)
    if undo is None:
        raise AppraisalError("没有可以重做的操作。")
    with db.atomic(reason=redo_reason(undo), source=REDO_SOURCE) as conn:
        undo_change(conn, undo.id)
    return undo
