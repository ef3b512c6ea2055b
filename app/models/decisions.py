"""党委审定 of ties: the committee's choice for units tied at a prize line and cadres tied at the 优秀 quota line.

Spec §4–5: tied entities whose places would lead to different outcomes get prize/grade null and tie true, "and
the choice is left to the committee" (seed: 提出获奖科室和突出贡献奖名单，报委党委审定). The choice is stored in
`committee_decisions` (audited, refused on a locked year by triggers) and fed to the engine through the loader.
This module is the table; `app.models.committee` checks a decision against the ties of the computed results.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from app.models.db import Database
from app.models.errors import Problem, ValidationError


@dataclass(frozen=True)
class Decision:
    kind: str  # "unit" | "cadre"
    subject: str  # unit name | cadre id
    outcome: str  # unit: 一等奖 | 二等奖 | 无; cadre: 优秀 | 称职
    reason: str
    decided_at: str


def now_text() -> str:
    return datetime.now().isoformat(timespec="seconds")


def read_decisions(db: Database, year: int) -> list[Decision]:
    return [
        Decision(r["kind"], r["subject"], r["outcome"], r["reason"] or "", r["decided_at"])
        for r in db.query(
            "SELECT kind, subject, outcome, reason, decided_at FROM committee_decisions WHERE year = ? "
            "ORDER BY kind DESC, decided_at, subject",
            (year,),
        )
    ]


def decision_map(db: Database, year: int) -> dict[tuple[str, str], str]:
    """(kind, subject) → outcome, the engine's YearInput.decisions."""
    return {(d.kind, d.subject): d.outcome for d in read_decisions(db, year)}


def write_decision(conn: sqlite3.Connection, year: int, kind: str, subject: str, outcome: str, reason: str) -> None:
    """Record (or replace) one decision already checked (`app.models.committee.set_decision`)."""
    conn.execute(
        "INSERT INTO committee_decisions (year, kind, subject, outcome, reason, decided_at) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (year, kind, subject) DO UPDATE SET outcome = excluded.outcome, reason = excluded.reason, "
        "decided_at = excluded.decided_at",
        (year, kind, subject, outcome, reason.strip(), now_text()),
    )


def delete_decision(conn: sqlite3.Connection, year: int, kind: str, subject: str) -> int:
    """Remove one decision (a year file's import replaces it); returns how many rows went."""
    return conn.execute(
        "DELETE FROM committee_decisions WHERE year = ? AND kind = ? AND subject = ?", (year, kind, subject)
    ).rowcount


def clear_decision(conn: sqlite3.Connection, year: int, kind: str, subject: str) -> None:
    """Withdraw a decision: the tie is open again."""
    if not delete_decision(conn, year, kind, subject):
        raise ValidationError([Problem("党委审定", f"{subject} 没有党委审定记录，无需撤销")])


def insert_decisions(conn: sqlite3.Connection, year: int, decisions: list[Decision]) -> None:
    """Write decisions already validated (the year file's import)."""
    conn.executemany(
        "INSERT INTO committee_decisions (year, kind, subject, outcome, reason, decided_at) VALUES (?, ?, ?, ?, ?, ?)",
        [(year, d.kind, d.subject, d.outcome, d.reason, d.decided_at) for d in decisions],
    )
