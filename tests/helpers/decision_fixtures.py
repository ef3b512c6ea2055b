"""A demo year with ties at the prize line (group 1) and at a cadre pool's 优秀 quota line, for 党委审定 tests."""

from __future__ import annotations

import json
from decimal import Decimal

from app.models.db import Database
from app.models.loader import compute_results

TIE_REASON = "测试：制造并列"


def tie_units(db: Database, year: int, group: int, places: tuple[int, int]) -> tuple[str, str]:
    """Lower the higher unit's common-01 score so the units at `places` (1-based, group order) tie."""
    members = sorted((u for u in compute_results(db, year).units if u.group == group), key=lambda u: u.rank)
    upper, lower = members[places[0] - 1], members[places[1] - 1]
    lower_by = upper.total - lower.total
    item = db.query(
        "SELECT item, score FROM item_scores WHERE year = ? AND unit = ? AND CAST(score AS REAL) >= ? "
        "ORDER BY item LIMIT 1",
        (year, upper.name, float(lower_by)),
    )[0]
    with db.atomic(TIE_REASON, "test") as conn:
        conn.execute(
            "UPDATE item_scores SET score = ? WHERE year = ? AND unit = ? AND item = ?",
            (str(Decimal(item["score"]) - lower_by), year, upper.name, item["item"]),
        )
    return upper.name, lower.name


def tie_cadres(db: Database, year: int) -> tuple[str, str]:
    """Give the best non-优秀 cadre of a pool exactly the inputs (votes and ratings) of the pool's last 优秀, so
    the two tie across the 优秀 quota line. Returns (upper id, lower id)."""
    result = compute_results(db, year)
    for pool in result.pools:
        members = sorted((c for c in result.cadres if c.pool == pool.pool), key=lambda c: c.total, reverse=True)
        plain = [c for c in members if not c.is_head and not c.barred and not c.bonus and not c.deduction]
        excellent = [c for c in plain if c.grade == "优秀"]
        below = [c for c in plain if c.grade != "优秀" and c.total < (excellent or [c])[-1].total]
        if excellent and below:
            return _copy_inputs(db, year, excellent[-1].id, below[0].id)
    raise AssertionError("the demo has no pool where a tie can be made")


def _copy_inputs(db: Database, year: int, upper: str, lower: str) -> tuple[str, str]:
    """On every democratic ballot the lower cadre gets the upper one's mark; the ratings are copied too."""
    ballots = db.query("SELECT id, marks FROM democratic_ballots WHERE year = ?", (year,))
    with db.atomic(TIE_REASON, "test") as conn:
        for ballot in ballots:
            marks = json.loads(ballot["marks"])
            if upper in marks:
                marks[lower] = marks[upper]
            else:
                marks.pop(lower, None)
            conn.execute(
                "UPDATE democratic_ballots SET marks = ? WHERE id = ?",
                (json.dumps(marks, ensure_ascii=False), ballot["id"]),
            )
        conn.execute("DELETE FROM leader_ratings WHERE year = ? AND cadre = ?", (year, lower))
        conn.execute(
            "INSERT INTO leader_ratings (year, rater, cadre, scores) "
            "SELECT year, rater, ?, scores FROM leader_ratings WHERE year = ? AND cadre = ?",
            (lower, year, upper),
        )
    return upper, lower


def tied_demo(db: Database, year: int) -> dict[str, tuple[str, ...]]:
    """Group 1's places 1–2 tied (across the 一等奖/二等奖 line) and one cadre pool tied at its 优秀 line."""
    return {"units": tie_units(db, year, 1, (1, 2)), "cadres": tie_cadres(db, year)}
