"""Scanned forms waiting for the clerk (scan_pending): democratic ballots with unclear marks, a page missing or
no mark at all (review on 扫描录入), annex-4/5 ballots and leaders' sheets (keyed from their image). A waiting
item is not a ballot: it has no serial, and no count includes it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from app.models.ballots.forms import KeyingError
from app.models.db import Database
from app.models.scanning.store import forget_inputs, today

DEMOCRATIC = "democratic"
# Why a democratic ballot waits (Pending.status).
REVIEW, INCOMPLETE, EMPTY, KEYING = "review", "incomplete", "empty", "keying"
STATUS_NAMES = {REVIEW: "待复核", INCOMPLETE: "缺页", EMPTY: "无任何标记", KEYING: "待录入"}


@dataclass(frozen=True)
class PendingRow:
    """How the reader saw one row of a democratic ballot."""

    key: str  # cadre id
    index: int  # row in ballot order (0-based)
    state: str  # "grade", "blank", "unclear"
    grade: int | None  # best reading: index into MARKS, None for no mark
    reason: str = ""  # why unclear
    scores: tuple[float, ...] = ()

    def as_json(self) -> list:
        return [self.key, self.index, self.state, self.grade, self.reason, [round(s, 3) for s in self.scores]]

    @staticmethod
    def from_json(item: list) -> PendingRow:
        key, index, state, grade, reason, scores = item
        return PendingRow(key, index, state, grade, reason, tuple(scores))


@dataclass(frozen=True)
class PendingPage:
    image: str  # scan_images.digest
    rows: tuple[PendingRow, ...] = ()


@dataclass(frozen=True)
class Pending:
    id: int
    year: int
    form: str  # democratic, leaders, heads, leader_ratings
    page_count: int
    pages: dict[int, PendingPage]
    scanned_on: str
    inputs: tuple[tuple[str, int], ...] = field(default=())  # (file digest, 0-based page) it came from

    @property
    def complete(self) -> bool:
        return len(self.pages) == self.page_count

    @property
    def missing(self) -> list[int]:
        return [p for p in range(1, self.page_count + 1) if p not in self.pages]

    @property
    def rows(self) -> list[PendingRow]:
        return [row for number in sorted(self.pages) for row in self.pages[number].rows]

    @property
    def unclear(self) -> list[PendingRow]:
        return [row for row in self.rows if row.state == "unclear"]

    @property
    def status(self) -> str:
        if self.form != DEMOCRATIC:
            return KEYING
        if not self.complete:
            return INCOMPLETE
        if self.unclear:
            return REVIEW
        return EMPTY  # complete and clear, yet waiting: not a single mark

    @property
    def images(self) -> dict[int, str]:
        return {number: page.image for number, page in sorted(self.pages.items())}


def _body(pages: Mapping[int, PendingPage], inputs: Sequence[tuple[str, int]]) -> str:
    body = {
        "pages": {str(n): {"image": p.image, "rows": [r.as_json() for r in p.rows]} for n, p in sorted(pages.items())},
        "inputs": [list(i) for i in inputs],
    }
    return json.dumps(body, ensure_ascii=False)


def add_pending(
    conn: sqlite3.Connection,
    year: int,
    form: str,
    page_count: int,
    pages: Mapping[int, PendingPage],
    inputs: Sequence[tuple[str, int]] = (),
) -> int:
    cursor = conn.execute(
        "INSERT INTO scan_pending (year, form, pages, body, scanned_on) VALUES (?, ?, ?, ?, ?)",
        (year, form, page_count, _body(pages, inputs), today()),
    )
    return int(cursor.lastrowid or 0)


def update_pending(
    conn: sqlite3.Connection, year: int, pending_id: int, pages: Mapping[int, PendingPage], inputs: Sequence[tuple]
) -> None:
    """More pages of the same form arrived (a later file of the same scan session)."""
    conn.execute("UPDATE scan_pending SET body = ? WHERE year = ? AND id = ?", (_body(pages, inputs), year, pending_id))


def _pending(r: sqlite3.Row) -> Pending:
    body = json.loads(r["body"])
    pages = {
        int(n): PendingPage(p["image"], tuple(PendingRow.from_json(row) for row in p.get("rows", [])))
        for n, p in body["pages"].items()
    }
    inputs = tuple((str(d), int(p)) for d, p in body.get("inputs", []))
    return Pending(r["id"], r["year"], r["form"], r["pages"], pages, r["scanned_on"], inputs)


def read_pending(db: Database, year: int, form: str | None = None) -> list[Pending]:
    """Waiting items in the order they were scanned."""
    clause, params = ("", ()) if form is None else (" AND form = ?", (form,))
    return [
        _pending(r) for r in db.query(f"SELECT * FROM scan_pending WHERE year = ?{clause} ORDER BY id", (year, *params))
    ]


def get_pending(conn: sqlite3.Connection, year: int, pending_id: int) -> Pending:
    row = conn.execute("SELECT * FROM scan_pending WHERE year = ? AND id = ?", (year, pending_id)).fetchone()
    if row is None:
        raise KeyingError("这张扫描的选票已处理过（或已删除），请刷新列表")
    return _pending(row)


def is_waiting(db: Database, year: int, pending_id: int) -> bool:
    return bool(db.query("SELECT 1 FROM scan_pending WHERE year = ? AND id = ?", (year, pending_id)))


def pending_counts(db: Database, year: int) -> dict[str, int]:
    """form → how many scanned forms wait (none of them is counted as a ballot)."""
    return {
        r["form"]: r["n"]
        for r in db.query("SELECT form, count(*) AS n FROM scan_pending WHERE year = ? GROUP BY form", (year,))
    }


def discard_pending(conn: sqlite3.Connection, year: int, pending_id: int) -> None:
    """Drop a waiting item (the paper is to be scanned again): its scan-file pages may then be read again."""
    item = get_pending(conn, year, pending_id)
    conn.execute("DELETE FROM scan_pending WHERE year = ? AND id = ?", (year, pending_id))
    for digest, page in item.inputs:
        forget_inputs(conn, year, digest, [page])
