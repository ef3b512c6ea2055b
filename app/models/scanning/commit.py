"""A scanned ballot becomes a ballot: a first-pass democratic ballot like a keyed one, entered by 扫描, with
its page images and the clerk's decisions on its unclear rows; an annex-4/5 ballot or a leader's sheet keyed
from its image takes the image along. One call, inside the caller's transaction: all of it or nothing."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.models.ballots.forms import DEMOCRATIC, LEADER_RATINGS, MARKS, RATING_FORMS, KeyingError
from app.models.ballots.keying import refuse_ballot_of_tallied
from app.models.db import Database
from app.models.scanning.pending import get_pending
from app.models.scanning.store import set_ballot_pages, today

SCANNED = "scanned"  # democratic_ballots.entry
NO_MARK, VOID = "未标记", "废票"  # decisions besides the four grades


@dataclass(frozen=True)
class Decision:
    """The clerk's answer on one unclear row (cadre None: the whole ballot declared 废票)."""

    cadre: str | None
    machine: str | None  # the reader's best reading (a grade name) or None
    reason: str  # why the reader was unsure
    decided: str  # a grade name, NO_MARK or VOID


def next_scan_serial(conn: sqlite3.Connection, year: int) -> int:
    """The next free first-pass democratic serial, taken at commit time (waiting ballots leave no gap)."""
    row = conn.execute("SELECT max(serial) FROM democratic_ballots WHERE year = ? AND pass = 1", (year,)).fetchone()
    return (row[0] or 0) + 1


def commit_scanned_ballot(
    conn: sqlite3.Connection,
    year: int,
    marks: Mapping[str, str],
    images: Mapping[int, str],
    void: str | None = None,
    decisions: Sequence[Decision] = (),
    pending_id: int | None = None,
) -> int:
    """Store one scanned democratic ballot under the next free serial; returns the serial. `pending_id`: the
    waiting item it was reviewed from (removed in the same transaction). No voter, no token, the day only."""
    void = (void or "").strip() or None
    for cadre, mark in marks.items():
        if mark not in MARKS:
            raise KeyingError(f"干部 {cadre}：“{mark}”不是测评等次")
    if not marks and not void:
        raise KeyingError("这张扫描的测评票没有任何标记：请复核，认定为废票（V）或删除后重新扫描")
    refuse_ballot_of_tallied(conn, year, marks, "保存扫描的测评票")
    if pending_id is not None:
        get_pending(conn, year, pending_id)  # still waiting (not reviewed in another window meanwhile)
        conn.execute("DELETE FROM scan_pending WHERE year = ? AND id = ?", (year, pending_id))
    serial = next_scan_serial(conn, year)
    conn.execute(
        "INSERT INTO democratic_ballots (year, serial, pass, marks, void, keyed_by, keyed_on, keyed_at, entry) "
        "VALUES (?, ?, 1, ?, ?, NULL, NULL, ?, ?)",
        (year, serial, json.dumps(dict(marks), ensure_ascii=False), void, today(), SCANNED),
    )
    set_ballot_pages(conn, year, DEMOCRATIC, serial, dict(images))
    for decision in decisions:
        conn.execute(
            "INSERT INTO scan_decisions (year, serial, cadre, machine, reason, decided) VALUES (?, ?, ?, ?, ?, ?)",
            (year, serial, decision.cadre, decision.machine, decision.reason, decision.decided),
        )
    return serial


def take_sheet(conn: sqlite3.Connection, year: int, pending_id: int, form: str, serial: int) -> None:
    """An annex-4/5 ballot (serial) or a leader's sheet (serial = rater) was keyed from its scanned image:
    the image goes with it and the item stops waiting. Call after the keyed form was written."""
    if form not in (*RATING_FORMS, LEADER_RATINGS):
        raise KeyingError(f"未知的评分表：{form}")
    item = get_pending(conn, year, pending_id)
    if item.form != form:
        raise KeyingError("屏幕上的扫描件不是这种评分表")
    conn.execute("DELETE FROM scan_pending WHERE year = ? AND id = ?", (year, pending_id))
    set_ballot_pages(conn, year, form, serial, item.images)


def decisions_of(db: Database, year: int, serial: int) -> list[Decision]:
    return [
        Decision(r["cadre"], r["machine"], r["reason"] or "", r["decided"])
        for r in db.query(
            "SELECT cadre, machine, reason, decided FROM scan_decisions WHERE year = ? AND serial = ? ORDER BY id",
            (year, serial),
        )
    ]


def scanned_serials(db: Database, year: int) -> list[int]:
    """First-pass democratic ballots that came from a scan."""
    return [
        r[0]
        for r in db.query(
            "SELECT serial FROM democratic_ballots WHERE year = ? AND pass = 1 AND entry = ? ORDER BY serial",
            (year, SCANNED),
        )
    ]


REVIEW_VOID_REASON = "扫描复核：认定为废票"


def commit_review(
    conn: sqlite3.Connection, year: int, pending_id: int, answers: Mapping[str, str], void: bool = False
) -> int:
    """A waiting democratic ballot as the clerk settled it: `answers` (cadre id → a grade name or NO_MARK) for its
    unclear rows, or `void` (废票) for the whole ballot. Every answer is recorded beside what the reader saw.
    Returns the serial it is stored under."""
    item = get_pending(conn, year, pending_id)
    if item.form != DEMOCRATIC:
        raise KeyingError("这张扫描件是评分表，请在录入页对照图像录入")
    for cadre, answer in answers.items():
        if answer not in (*MARKS, NO_MARK):
            raise KeyingError(f"干部 {cadre}：“{answer}”不是复核结论")
    unclear = {row.key: row for row in item.unclear}
    unknown = set(answers) - set(unclear)
    if unknown:
        raise KeyingError(f"干部 {'、'.join(sorted(unknown))} 不是这张选票上待复核的行")
    if not void:
        if not item.complete:
            raise KeyingError(f"这张选票缺第 {'、'.join(map(str, item.missing))} 页：请重新扫描整张选票，或认定为废票")
        missing = [key for key in unclear if key not in answers]
        if missing:
            raise KeyingError(f"还有 {len(missing)} 处标记没有复核")
    marks = {row.key: MARKS[row.grade] for row in item.rows if row.state == "grade" and row.grade is not None}
    marks.update({key: answer for key, answer in answers.items() if answer != NO_MARK})
    decisions = [
        Decision(key, None if row.grade is None else MARKS[row.grade], row.reason, answers[key])
        for key, row in unclear.items()
        if key in answers
    ]
    if void:
        decisions.append(Decision(None, None, "", VOID))
    return commit_scanned_ballot(
        conn, year, marks, item.images, REVIEW_VOID_REASON if void else None, decisions, pending_id
    )
