"""党委审定 checked against the ties: a decision may be recorded only for a subject that is now in a tie group
needing the committee, with an outcome the group's places allow (app.scoring.decisions.group_problem)."""

from __future__ import annotations

import sqlite3

from app.models.db import Database
from app.models.decisions import decision_map, read_decisions, write_decision
from app.models.errors import Problem, ValidationError
from app.models.jsontext import typed_text_problems
from app.models.loader import compute_results
from app.scoring.decisions import KIND_NAMES, LADDERS, UNIT, TieGroup, group_problem


def tie_group_of(db: Database, year: int, kind: str, subject: str) -> TieGroup | None:
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
    problems += typed_text_problems({f"{where}.reason": reason})
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


def set_decision(
    db: Database, conn: sqlite3.Connection, year: int, kind: str, subject: str, outcome: str, reason: str
) -> None:
    """Record (or replace) one decision inside the caller's transaction; refuses with nothing written."""
    problems = decision_problems(db, year, kind, subject, outcome, reason)
    if problems:
        raise ValidationError(problems)
    write_decision(conn, year, kind, subject, outcome, reason)


def proposed_outcome(db: Database, year: int, group: TieGroup, subject: str) -> str:
    """The outcome the 党委审定 dialog proposes for `subject`: the best whose places the other members' decisions
    have not filled yet (with 1 一等奖 place already given, 二等奖, not a choice the check would refuse)."""
    existing = {s: o for (k, s), o in decision_map(db, year).items() if k == group.kind and s in group.members}
    existing.pop(subject, None)
    for option in group.options:
        if group_problem(group, {**existing, subject: option}) is None:
            return option
    return group.options[-1]


def decision_reason(db: Database, year: int, kind: str, subject: str) -> str:
    """The reason recorded with `subject`'s decision ("" when none)."""
    return next((d.reason for d in read_decisions(db, year) if d.kind == kind and d.subject == subject), "")
