"""A scheme edit against the points already keyed: every keyed bonus/deduction event must stay one of its category's
figures (科室办法三（一）3（1）②：每次加 0.5 分 / 0.2 分), or the year's own year file would be refused by the import."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from app.models.db import Database
from app.models.errors import Problem


def figure(value: Any) -> Decimal | None:
    try:
        return None if value is None or isinstance(value, bool) else Decimal(str(value))
    except InvalidOperation:
        return None


def category_tiers(section: Any) -> dict[Any, set[Decimal] | None]:
    """Per category id: the points its figures allow, or None for any points (free_points, or no figures)."""
    tiers: dict[Any, set[Decimal] | None] = {}
    for c in section.get("categories", []) if isinstance(section, Mapping) else []:
        if not isinstance(c, Mapping):
            continue
        figures = {figure(o.get("points")) for o in c.get("options", []) if isinstance(o, Mapping)}
        allowed = {f for f in figures if f is not None}
        tiers[c.get("id")] = None if c.get("free_points") or not allowed else allowed
    return tiers


def off_tier_events(
    db: Database, year: int, target: str, section: Mapping[str, Any], label: str, before: Any
) -> list[Problem]:
    """Keyed events the edited figures of their category would no longer allow (每次加 0.5 分 / 0.2 分), where the
    scheme as it stands allows them: the import refuses such points, so the year's own file would not import."""
    problems = []
    now = category_tiers(before)
    for c in section.get("categories", []):
        if not isinstance(c, Mapping):
            continue
        tiers = category_tiers({"categories": [c]}).get(c.get("id"))
        if tiers is None:
            continue
        allowed = "、".join(f"{t.normalize():f}" for t in sorted(tiers, reverse=True))
        for r in db.query(
            "SELECT matter, points FROM adjustments WHERE year = ? AND target_kind = ? AND category = ?",
            (year, target, c.get("id")),
        ):
            points = Decimal(r["points"])
            was = now.get(c.get("id"))
            if points not in tiers and (was is None or points in was):
                problems.append(
                    Problem(
                        f"{label}·{c.get('name') or c.get('id')}",
                        f"已录入“{r['matter'] or '未填事项'}” {points.normalize():f} 分，分值只能是 {allowed} 分时该事项不再有效，"
                        "请先修改该事项或保留该分值",
                    )
                )
    return problems
