"""Meeting-day keying: ballots, their serials, void flags, tallies and the leadership's sheets.

No Qt here. The keying pages keep the ballot on screen in memory and call one `commit_*` function
inside one `session.write()` transaction; everything a clerk can get wrong is refused with a Chinese
message naming the place (`KeyingError`), before anything is written.

Passes: pass 1 is the keying the results use; pass 2 is an independent second keying (on this PC or
merged from another one's year file), compared with pass 1 by `verification.compare_passes`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from app.models.ballots.forms import (
    DEMOCRATIC,
    FORM_TITLES,
    LEADER_RATINGS,
    MARKS,
    RATING_FORMS,
    GridLayout,
    KeyingError,
    form_clause,
    table_for,
)
from app.models.db import Database
from app.models.jsontext import refuse_typed_text
from app.models.store import (
    insert_democratic_ballot,
    insert_rating_ballot,
    set_leader_rating,
    set_tally,
)

# --- serials and where keying stopped -------------------------------------------------------------


def serials(db: Database, year: int, form: str, keying_pass: int = 1) -> list[int]:
    """The serials keyed (for the leaders' sheets: the rater numbers; they have one keying pass)."""
    if form == LEADER_RATINGS:
        return leader_raters(db, year) if keying_pass == 1 else []
    clause, params = form_clause(form)
    return [
        r[0]
        for r in db.query(
            f"SELECT serial FROM {table_for(form)} WHERE year = ? AND pass = ?{clause} ORDER BY serial",
            (year, keying_pass, *params),
        )
    ]


def next_serial(db: Database, year: int, form: str, keying_pass: int = 1) -> int:
    """The smallest serial above every one keyed in this pass (the next ballot of the stack)."""
    used = serials(db, year, form, keying_pass)
    return (used[-1] + 1) if used else 1


def next_unverified_serial(db: Database, year: int, form: str) -> int | None:
    if form == LEADER_RATINGS:
        return db.query(
            "SELECT min(r.rater) FROM leader_ratings r WHERE r.year = ? AND NOT EXISTS (SELECT 1 FROM leader_sheets s "
            "WHERE s.year = r.year AND s.rater = r.rater AND s.verified_at IS NOT NULL)",
            (year,),
        )[0][0]
    clause, params = form_clause(form)
    rows = db.query(
        f"SELECT min(serial) FROM {table_for(form)} WHERE year = ? AND pass = 1 AND verified_at IS NULL{clause}",
        (year, *params),
    )
    return rows[0][0]


def last_rating_form(db: Database, year: int) -> str | None:
    """The form keyed most recently, so reopening the program returns to it."""
    rows = db.query("SELECT form FROM rating_ballots WHERE year = ? ORDER BY id DESC LIMIT 1", (year,))
    return rows[0]["form"] if rows else None


def ballot_keyed(conn: sqlite3.Connection, year: int, form: str, serial: int, keying_pass: int) -> bool:
    if form == LEADER_RATINGS:
        sql = "SELECT 1 FROM leader_ratings WHERE year = ? AND rater = ? LIMIT 1"
        return keying_pass == 1 and conn.execute(sql, (year, serial)).fetchone() is not None
    clause, params = form_clause(form)
    row = conn.execute(
        f"SELECT 1 FROM {table_for(form)} WHERE year = ? AND serial = ? AND pass = ?{clause}",
        (year, serial, keying_pass, *params),
    ).fetchone()
    return row is not None


def ballot_exists(db: Database, year: int, form: str, serial: int, keying_pass: int = 1) -> bool:
    """Is this serial (a leader sheet: rater) keyed in this pass already? (A warning while keying.)"""
    return serial in serials(db, year, form, keying_pass)


def issued_count(db: Database, year: int, form: str) -> int | None:
    """How many of this form were issued, as typed on 清点与核对 (None: not typed)."""
    rows = db.query("SELECT issued FROM ballot_counts WHERE year = ? AND form = ?", (year, form))
    return rows[0]["issued"] if rows else None


def returned_count(db: Database, year: int, form: str) -> int | None:
    """How many of this form came back, as typed on 清点与核对 (None: not typed)."""
    rows = db.query("SELECT returned FROM ballot_counts WHERE year = ? AND form = ?", (year, form))
    return rows[0]["returned"] if rows else None


def _check_serial(conn: sqlite3.Connection, year: int, form: str, serial: int, keying_pass: int) -> None:
    if serial < 1:
        raise KeyingError(f"选票编号必须是正整数（现在是 {serial}）")
    if ballot_keyed(conn, year, form, serial, keying_pass):
        which = "第二遍录入" if keying_pass == 2 else "已录入"
        raise KeyingError(f"{FORM_TITLES[form]} 第 {serial} 号{which}过，编号不能重复。请核对票面编号。")


# --- committing ballots --------------------------------------------------------------------------


def check_rating_scores(layout: GridLayout, cells: Mapping[tuple[int, int], Decimal]) -> dict[str, tuple[Decimal, ...]]:
    """Grid cells → unit → five scores; a unit with some criteria blank is refused, all blank is unrated."""
    scores: dict[str, tuple[Decimal, ...]] = {}
    for row, (name, label) in enumerate(layout.rows):
        values = [cells.get((row, col)) for col in range(len(layout.columns))]
        filled = [v for v in values if v is not None]
        if not filled:
            continue
        if len(filled) != len(values):
            missing = "、".join(layout.columns[c] for c, v in enumerate(values) if v is None)
            raise KeyingError(f"第 {row + 1} 行 {label}：{missing} 未填。请补全五项，或整行留空表示未评分")
        for col, value in enumerate(values):
            assert value is not None
            if value < 0 or value > layout.maxima[col]:
                raise KeyingError(f"第 {row + 1} 行 {label} {layout.columns[col]}：{value} 超过满分")
        scores[name] = tuple(values)  # type: ignore[arg-type]
    return scores


def commit_rating_ballot(
    conn: sqlite3.Connection,
    year: int,
    form: str,
    serial: int,
    scores: Mapping[str, Sequence[Decimal]],
    void: str | None = None,
    keying_pass: int = 1,
    keyed_on: str | None = None,
) -> int:
    if form not in RATING_FORMS:
        raise KeyingError(f"未知的评分表：{form}")
    void = (void or "").strip() or None
    _check_serial(conn, year, form, serial, keying_pass)
    if not scores and not void:
        raise KeyingError(f"第 {serial} 号票没有给任何科室评分。空白票请标记为废票并写明原因")
    return insert_rating_ballot(conn, year, form, serial, dict(scores), void, keying_pass, keyed_on=keyed_on)


def check_marks(cadre_ids: Sequence[str], marks: Sequence[str | None]) -> dict[str, str]:
    result = {}
    for cadre_id, mark in zip(cadre_ids, marks, strict=True):
        if mark is None:
            continue
        if mark not in MARKS:
            raise KeyingError(f"干部 {cadre_id}：“{mark}”不是测评等次")
        result[cadre_id] = mark
    return result


def refuse_ballot_of_tallied(conn: sqlite3.Connection, year: int, marks: Mapping[str, str], doing: str) -> None:
    """A person's democratic votes are keyed either as a tally (汇总票数) or ballot by ballot, never both (both
    would count them twice): a ballot marking someone whose tally is keyed is refused, naming them. `doing`: what
    is refused (录入测评票 when keyed, 保存扫描的测评票 when scanned)."""
    tallied = {
        r[0] for r in conn.execute("SELECT cadre FROM democratic_tallies WHERE year = ?", (year,)).fetchall()
    } & set(marks)
    if tallied:
        raise KeyingError(f"干部 {'、'.join(sorted(tallied))} 已录入汇总票数，不能同时{doing}")


def commit_democratic_ballot(
    conn: sqlite3.Connection,
    year: int,
    serial: int,
    marks: Mapping[str, str],
    void: str | None = None,
    keying_pass: int = 1,
    keyed_on: str | None = None,
) -> int:
    """One anonymous ballot: serial and marks only — no voter identity, ever."""
    void = (void or "").strip() or None
    _check_serial(conn, year, DEMOCRATIC, serial, keying_pass)
    if not marks and not void:
        raise KeyingError(f"第 {serial} 号民主测评票没有标记任何人。空白票请标记为废票并写明原因")
    refuse_ballot_of_tallied(conn, year, marks, "录入测评票")
    return insert_democratic_ballot(conn, year, serial, dict(marks), void, keying_pass, keyed_on=keyed_on)


def set_void(conn: sqlite3.Connection, year: int, form: str, serial: int, reason: str | None) -> None:
    """Mark a keyed ballot 废票 (reason required) or clear the mark (reason None)."""
    if reason is not None and not reason.strip():
        raise KeyingError("标记废票必须写明原因")
    refuse_typed_text({"废票原因": reason})
    clause, params = form_clause(form)
    cursor = conn.execute(
        f"UPDATE {table_for(form)} SET void = ? WHERE year = ? AND serial = ? AND pass = 1{clause}",
        (reason.strip() if reason else None, year, serial, *params),
    )
    if cursor.rowcount == 0:
        raise KeyingError(f"{FORM_TITLES[form]} 第 {serial} 号尚未录入")


# --- tallies and leadership ratings ---------------------------------------------------------------


def commit_tallies(
    conn: sqlite3.Connection, year: int, counts: Mapping[str, Sequence[int]], ballots_returned: int | None
) -> None:
    """Hand counts per cadre (优秀, 称职, 基本称职, 不称职): no more marks than ballots returned."""
    marked = set()
    for row in conn.execute("SELECT marks FROM democratic_ballots WHERE year = ?", (year,)).fetchall():
        marked.update(json.loads(row[0]))
    for cadre_id, values in counts.items():
        if any(v < 0 for v in values):
            raise KeyingError(f"干部 {cadre_id}：票数不能为负")
        if ballots_returned is not None and sum(values) > ballots_returned:
            raise KeyingError(f"干部 {cadre_id}：四项票数合计 {sum(values)} 超过收回的测评票 {ballots_returned} 张")
        if cadre_id in marked and any(values):
            raise KeyingError(f"干部 {cadre_id} 已有逐张录入的测评票，不能再录汇总票数")
    for cadre_id, values in counts.items():
        if any(values):
            set_tally(conn, year, cadre_id, values)
        else:
            conn.execute("DELETE FROM democratic_tallies WHERE year = ? AND cadre = ?", (year, cadre_id))


def read_tallies(db: Database, year: int) -> dict[str, tuple[int, int, int, int]]:
    return {
        r["cadre"]: (r["excellent"], r["competent"], r["basic"], r["incompetent"])
        for r in db.query("SELECT * FROM democratic_tallies WHERE year = ?", (year,))
    }


def read_leader_ratings(db: Database, year: int, rater: int) -> dict[str, tuple[Decimal, ...]]:
    return {
        r["cadre"]: tuple(Decimal(s) for s in json.loads(r["scores"]))
        for r in db.query("SELECT cadre, scores FROM leader_ratings WHERE year = ? AND rater = ?", (year, rater))
    }


def leader_raters(db: Database, year: int) -> list[int]:
    return [r[0] for r in db.query("SELECT DISTINCT rater FROM leader_ratings WHERE year = ? ORDER BY rater", (year,))]


def leader_sheet_verified(db: Database, year: int, rater: int) -> str | None:
    """How the rater's sheet was checked against the paper ('dependent'), or None."""
    rows = db.query(
        "SELECT verified_mode FROM leader_sheets WHERE year = ? AND rater = ? AND verified_at IS NOT NULL",
        (year, rater),
    )
    return rows[0][0] if rows else None


def verified_raters(db: Database, year: int) -> list[int]:
    return [
        r[0]
        for r in db.query(
            "SELECT s.rater FROM leader_sheets s WHERE s.year = ? AND s.verified_at IS NOT NULL AND EXISTS "
            "(SELECT 1 FROM leader_ratings r WHERE r.year = s.year AND r.rater = s.rater) ORDER BY s.rater",
            (year,),
        )
    ]


def replace_leader_sheet(
    conn: sqlite3.Connection, year: int, rater: int, scores: Mapping[str, Sequence[Decimal]]
) -> bool:
    """The rows given replace the rater's ratings; rows left blank are removed. True when anything changed."""
    existing = {
        r[0]: r[1]
        for r in conn.execute("SELECT cadre, scores FROM leader_ratings WHERE year = ? AND rater = ?", (year, rater))
    }
    changed = False
    for cadre_id in existing.keys() - set(scores):
        conn.execute("DELETE FROM leader_ratings WHERE year = ? AND rater = ? AND cadre = ?", (year, rater, cadre_id))
        changed = True
    for cadre_id, values in scores.items():
        before = existing.get(cadre_id)
        if before is None or tuple(Decimal(s) for s in json.loads(before)) != tuple(values):
            set_leader_rating(conn, year, rater, cadre_id, values)
            changed = True
    return changed


def commit_leader_sheet(
    conn: sqlite3.Connection, year: int, rater: int, scores: Mapping[str, Sequence[Decimal]]
) -> None:
    """One leader's sheet: the rows given replace that rater's ratings; rows left blank are removed.
    A sheet changed after it was checked against the paper must be checked again."""
    if rater < 1:
        raise KeyingError("打分人编号必须是正整数")
    if not scores:
        raise KeyingError(f"第 {rater} 号打分人没有给任何人打分")
    if replace_leader_sheet(conn, year, rater, scores):
        conn.execute("DELETE FROM leader_sheets WHERE year = ? AND rater = ?", (year, rater))


# --- reading keyed ballots ------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyedBallot:
    form: str
    serial: int
    keying_pass: int
    values: dict[str, object]  # unit → five Decimals, or cadre id → mark
    void: str | None
    verified_mode: str | None


def read_ballot(db: Database, year: int, form: str, serial: int, keying_pass: int = 1) -> KeyedBallot | None:
    clause, params = form_clause(form)
    column = "marks" if form == DEMOCRATIC else "scores"
    rows = db.query(
        f"SELECT {column} AS body, void, verified_mode FROM {table_for(form)} "
        f"WHERE year = ? AND serial = ? AND pass = ?{clause}",
        (year, serial, keying_pass, *params),
    )
    if not rows:
        return None
    body = json.loads(rows[0]["body"])
    values: dict[str, object] = (
        body if form == DEMOCRATIC else {u: tuple(Decimal(s) for s in v) for u, v in body.items()}
    )
    return KeyedBallot(form, serial, keying_pass, values, rows[0]["void"], rows[0]["verified_mode"])
