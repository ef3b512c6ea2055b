"""A cadre's standing beyond the roster's fields (issue 12): 不予评为优秀 with its ground, 不定等次 / 不参加评优 with
a reason, 突出贡献奖. No Qt; every write validates first and raises `ValidationError` before touching the connection.

干部办法三（三）3：有下列情形的，本年度考核不予评为优秀等次：①因严重违法违纪行为受到处分的；②因工作严重失职造成重大事故、
不良影响和后果的 (or 其他, with the committee's note). 七：涉及脱产培训、借调…试用期…挂职锻炼…军转干部等情况的，
按《湖南省公务员考核实施办法（试行）》执行 — 不定等次 or 不参加评优, outside the quota base. 五：设 1—2 名突出贡献奖
（可空缺、可重复），for 称职 or better (the engine grants it only then).
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from app.models import store
from app.models.db import Database
from app.models.errors import Problem, ValidationError
from app.models.jsontext import typed_text_problems
from app.models.unit_data import refuse
from app.scoring.clauses import BARRED_GROUND_TEXTS, OTHER_GROUND

GROUNDS = (*BARRED_GROUND_TEXTS, OTHER_GROUND)
NOT_ASSESSED_KINDS = ("不定等次", "不参加评优")
SPECIAL_AWARD = "突出贡献奖"
SPECIAL_AWARD_MOST = 2


def cadre_of(db: Database, year: int, cadre_id: str) -> store.CadreRow:
    for cadre in store.read_cadres(db, year):
        if cadre.id == cadre_id:
            return cadre
    raise refuse("干部", f"本年度名册中没有编号为“{cadre_id}”的干部。")


def barred_problems(ground: str | None, note: str, where: str = "不予评优") -> list[Problem]:
    """A ground must be one of the seed's two or 其他; 其他 needs the note."""
    if ground is None:
        return []
    if ground not in GROUNDS:
        return [Problem(where, f"情形“{ground}”无效，应为{'、'.join(GROUNDS)}之一。")]
    if ground == OTHER_GROUND and not (note or "").strip():
        return [Problem(where, "情形为“其他”时须写明具体原因。")]
    return typed_text_problems({where: note})


def barred_text(ground: str, note: str) -> str:
    """What the roster shows: the note if given, else the seed's words for the ground."""
    return (note or "").strip() or BARRED_GROUND_TEXTS.get(ground, "")


def set_barred(db: Database, conn: sqlite3.Connection, year: int, cadre_id: str, ground: str | None, note: str) -> None:
    """不予评为优秀 on a ground (None: not barred)."""
    cadre = cadre_of(db, year, cadre_id)
    problems = barred_problems(ground, note)
    if problems:
        raise ValidationError(problems)
    if ground is None:
        store.upsert_cadre(conn, year, replace(cadre, barred=None, barred_ground=None))
    else:
        store.upsert_cadre(conn, year, replace(cadre, barred=barred_text(ground, note), barred_ground=ground))


def not_assessed_problems(kind: str | None, reason: str, where: str = "不定等次") -> list[Problem]:
    if kind is None:
        return []
    if kind not in NOT_ASSESSED_KINDS:
        return [Problem(where, f"“{kind}”无效，应为{'或'.join(NOT_ASSESSED_KINDS)}。")]
    if not (reason or "").strip():
        return [Problem(where, f"请写明{kind}的原因（如脱产培训、借调、试用期、挂职锻炼、军转）。")]
    return typed_text_problems({where: reason})


def set_not_assessed(
    db: Database, conn: sqlite3.Connection, year: int, cadre_id: str, kind: str | None, reason: str
) -> None:
    """不定等次 / 不参加评优 with the reason (None: assessed as everyone)."""
    cadre = cadre_of(db, year, cadre_id)
    problems = not_assessed_problems(kind, reason)
    if kind is not None and any(a.cadre == cadre_id for a in store.read_cadre_special_awards(db, year)):
        problems.append(award_held(cadre.name, kind))
    if problems:
        raise ValidationError(problems)
    store.upsert_cadre(
        conn, year, replace(cadre, not_assessed=kind, not_assessed_reason=(reason or "").strip() if kind else None)
    )


def award_held(name: str, kind: str, where: str = "不定等次") -> Problem:
    """突出贡献奖 is for 称职 or better (干部办法五); a 不定等次 person has no grade: the award goes first."""
    return Problem(where, f"{name}已评{SPECIAL_AWARD}（须称职及以上等次），先撤销{SPECIAL_AWARD}才能设为{kind}。")


def set_special_award(db: Database, conn: sqlite3.Connection, year: int, cadre_id: str, reason: str) -> None:
    """突出贡献奖: 经委党委讨论通过，设 1—2 名; the reason (the committee's decision) is required."""
    cadre = cadre_of(db, year, cadre_id)
    problems = []
    if not (reason or "").strip():
        problems.append(Problem(SPECIAL_AWARD, "请写明突出贡献奖的依据（突出贡献、党委讨论通过的会议）。"))
    if cadre.not_assessed:
        problems.append(Problem(SPECIAL_AWARD, f"{cadre.name}为{cadre.not_assessed}，不评定等次，不能评突出贡献奖。"))
    others = [a.cadre for a in store.read_cadre_special_awards(db, year) if a.cadre != cadre_id]
    if len(others) >= SPECIAL_AWARD_MOST:
        names = {c.id: c.name for c in store.read_cadres(db, year)}
        problems.append(
            Problem(
                SPECIAL_AWARD,
                f"突出贡献奖最多设 {SPECIAL_AWARD_MOST} 名，已有：{'、'.join(names.get(o, o) for o in others)}。",
            )
        )
    if problems:
        raise ValidationError(problems)
    store.set_cadre_special_award(conn, year, store.CadreAwardRow(cadre_id, SPECIAL_AWARD, reason.strip()))


def clear_special_award(conn: sqlite3.Connection, year: int, cadre_id: str) -> None:
    store.delete_cadre_special_award(conn, year, cadre_id)
