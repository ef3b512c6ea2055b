"""The results object of `appraisal results --format json`, field by field as the spec gives it."""

from __future__ import annotations

from typing import Any

from app.models.db import Database
from app.models.jsontext import num
from app.models.loader import compute_results, load_district
from app.scoring import YearResult
from app.scoring.district import compute_district, laggards


def results_object(db: Database, year: int, with_flags: bool = False) -> dict[str, Any]:
    result = compute_results(db, year)
    payload = results_payload(result)
    district = load_district(db, year)
    if district is not None:
        events, reports = district
        computed = compute_district(events)
        payload["district"] = {
            "bonus": num(computed.bonus),
            "deduction": num(computed.deduction),
            "net": num(computed.net),
            "by_category": {k: num(v) for k, v in computed.by_category.items()},
            "laggards": laggards(reports),
        }
    if with_flags:
        payload["flags"] = [{"entity": f.entity, "kind": f.kind, "text": f.text} for f in result.flags]
        payload["warnings"] = [str(w) for w in result.warnings]
    return payload


def results_payload(result: YearResult) -> dict[str, Any]:
    units = sorted(result.units, key=lambda u: (u.group, u.rank))
    return {
        "year": result.year,
        "units": [
            {
                "name": u.name,
                "group": u.group,
                "common": num(u.common),
                "business": num(u.business),
                "leaders": num(u.leaders),
                "heads": num(u.heads),
                "bonus": num(u.bonus),
                "deduction": num(u.deduction),
                "total": num(u.total),
                "rank": u.rank,
                "grade": u.grade,
                "prize": u.prize,
                "special_award": u.special_award,
                "veto": u.veto,
                "tie": u.tie,
                "incomplete": u.incomplete,
            }
            for u in units
        ],
        "cadres": [
            {
                "id": c.id,
                "name": c.name,
                "pool": c.pool,
                "democratic": num(c.democratic),
                "leaders": num(c.leaders),
                "bonus": num(c.bonus),
                "deduction": num(c.deduction),
                "total": num(c.total),
                "rank_in_pool": c.rank_in_pool,
                "grade": c.grade,
                "tie": c.tie,
                "incomplete": c.incomplete,
            }
            for c in result.cadres
        ],
    }
