"""党委审定 of ties: the committee's choice for units tied at a prize line and cadres tied at the 优秀 quota line.

Spec §4–5: tied entities whose places would lead to different outcomes get prize/grade null and tie true, "and
the choice is left to the committee" (seed: 提出获奖科室和突出贡献奖名单，报委党委审定). The choice is stored in
`committee_decisions` (audited, refused on a locked year by triggers) and fed to the engine through the loader.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from app.models.db import Database
from app.models.errors import Problem, ValidationError
from app.scoring.decisions import CADRE, KIND_NAMES, LADDERS, UNIT, TieGroup, group_problem


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


def tie_group_of(db: Database, year: int, kind: str, subject: str) -> TieGroup | None:
    from app.models.loader import compute_results

    for group in compute_results(db, year).ties:
        if group.kind == kind and subject in group.members:
            return group
    return None


def decision_problems(
    db: Database, year: int, kind: str, subject: str, outcome: str, reason: str, where: str = "党委审定"
) -> list[Problem]:
    """Everything wrong with recording this decision now (empty: it may be written)."""
    if kind not in LADDERS:
        return [Problem(f"{where}.kind", f"类别“{kind}”无效，应为 unit（科室）或 cadre（干部）")]
    problems = []
    if outcome not in LADDERS[kind]:
        problems.append(
            Problem(f"{where}.outcome", f"审定结果“{outcome}”无效，{KIND_NAMES[kind]}只能为{'、'.join(LADDERS[kind])}")
        )
    if not (reason or "").strip():
        problems.append(Problem(f"{where}.reason", "请填写审定理由（如：委党委会议纪要文号）"))
    group = tie_group_of(db, year, kind, subject)
    if group is None:
        label = subject if kind == UNIT else f"干部 {subject}"
        problems.append(Problem(f"{where}.subject", f"{label}现在不在需党委审定的并列名次中"))
    elif not problems:
        existing = {s: o for (k, s), o in decision_map(db, year).items() if k == kind and s in group.members}
        problem = group_problem(group, {**existing, subject: outcome})
        if problem:
            problems.append(Problem(f"{where}.outcome", f"{group.scope}：{problem}"))
    return problems


def set_decision(db: Database, conn: sqlite3.Connection, year: int, kind: str, subject: str, outcome: str, reason: str):
    """Record (or replace) one decision inside the caller's transaction; refuses with nothing written."""
    problems = decision_problems(db, year, kind, subject, outcome, reason)
    if problems:
        raise ValidationError(problems)
    conn.execute(
        "INSERT INTO committee_decisions (year, kind, subject, outcome, reason, decided_at) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (year, kind, subject) DO UPDATE SET outcome = excluded.outcome, reason = excluded.reason, "
        "decided_at = excluded.decided_at",
        (year, kind, subject, outcome, reason.strip(), now_text()),
    )


def clear_decision(conn: sqlite3.Connection, year: int, kind: str, subject: str) -> None:
    """Withdraw a decision: the tie is open again."""
    deleted = conn.execute(
        "DELETE FROM committee_decisions WHERE year = ? AND kind = ? AND subject = ?", (year, kind, subject)
    ).rowcount
    if not deleted:
        raise ValidationError([Problem("党委审定", f"{subject} 没有党委审定记录，无需撤销")])


def insert_decisions(conn: sqlite3.Connection, year: int, decisions: list[Decision]) -> None:
    """Write decisions already validated (the year file's import)."""
    conn.executemany(
        "INSERT INTO committee_decisions (year, kind, subject, outcome, reason, decided_at) VALUES (?, ?, ?, ?, ?, ?)",
        [(year, d.kind, d.subject, d.outcome, d.reason, d.decided_at) for d in decisions],
    )


__all__ = [
    "CADRE",
    "UNIT",
    "Decision",
    "clear_decision",
    "decision_map",
    "decision_problems",
    "insert_decisions",
    "now_text",
    "read_decisions",
    "set_decision",
    "tie_group_of",
]
