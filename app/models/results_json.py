"""The results object of `appraisal results --format json`, field by field as the spec gives it.

Beyond the spec's base fields (and its December 2026 additions) the object carries the committee-facing fields of
issue 12; every such field is listed in `docs/year-file.md`. `--explain` adds an `explanation` per unit and cadre.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from app.models.db import Database
from app.models.errors import AppraisalError
from app.models.jsontext import num
from app.models.loader import compute_results, load_district, load_year_input
from app.models.store import year_info
from app.scoring import YearResult, compute_year
from app.scoring.district import compute_district, laggards
from app.scoring.explain import YearExplanation, explain_year


def results_object(db: Database, year: int, with_flags: bool = False, explain: bool = False) -> dict[str, Any]:
    if explain:
        if year_info(db, year) is None:
            raise AppraisalError(f"数据文件中没有 {year} 年度。")
        data = load_year_input(db, year)
        result = compute_year(data)
        payload = results_payload(result, explain_year(data, result))
    else:
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


def results_payload(result: YearResult, explanation: YearExplanation | None = None) -> dict[str, Any]:
    units = sorted(result.units, key=lambda u: (u.group, u.rank))
    payload: dict[str, Any] = {
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
                # issue 12
                "provisional": u.provisional,
                "provisional_reasons": list(u.provisional_reasons),
                "decided": u.decided,
                "veto_reason": u.veto_reason,
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
                # issue 12
                "provisional": c.provisional,
                "provisional_reasons": list(c.provisional_reasons),
                "unit": c.unit,
                "is_head": c.is_head,
                "votes": c.votes,
                "raters": c.raters,
                "special_award": c.special_award,
                "decided": c.decided,
                "not_assessed": c.not_assessed,
            }
            for c in result.cadres
        ],
        "pools": [
            {
                "pool": p.pool,
                "size": p.size,
                "base": p.base,
                "quota": p.quota,
                "excellent": p.excellent,
                "heads_beyond_quota": p.heads_beyond_quota,
                "quota_mode": p.computation.mode if p.computation else None,
                "quota_override": (
                    {"quota": p.computation.override.quota, "reason": p.computation.override.reason}
                    if p.computation and p.computation.override
                    else None
                ),
            }
            for p in result.pools
        ],
    }
    if explanation is not None:
        for entry in payload["units"]:
            entry["explanation"] = jsonable(explanation.units[entry["name"]].as_dict())
        for entry in payload["cadres"]:
            entry["explanation"] = jsonable(explanation.cadres[entry["id"]].as_dict())
    return payload


FOUR_PLACES = Decimal("0.0001")


def jsonable(value: Any) -> Any:
    """Decimals as JSON numbers (a share of 2/3 as 0.6667), recursively."""
    if isinstance(value, Decimal):
        if value.as_tuple().exponent < -4:  # type: ignore[operator]
            value = value.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)
        return num(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value
