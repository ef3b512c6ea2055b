"""`carried_unit_adjustments` / `carried_cadre_adjustments`: the events the year took from the year before (表彰奖励在
本年度干部考核之后公布的，相关加分项目计入下一年度考核成绩), as its export writes them, so the year's results come out
the same on a PC without the year before (app.models.carried). Each entry is read like its year's own adjustments,
except that its points are not held to this year's figures (they were checked in their own year)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from app.models.carried import SECTIONS, adjustment_entry
from app.models.db import Database
from app.models.loader import carried_rows
from app.models.reader import Keys
from app.models.yearfile import cadres, unit_data
from app.models.yearfile.adjustments import read_adjustment
from app.models.yearfile.plan import Plan, YearFile

KEYS: dict[str, Keys] = {
    SECTIONS["unit"]: unit_data.KEYS["unit_adjustments"],
    SECTIONS["cadre"]: cadres.KEYS["cadre_adjustments"],
}


def read(file: YearFile, plan: Plan) -> None:
    if not any(name in file.data for name in KEYS):
        return
    carried: dict[str, list[dict[str, Any]]] = {"unit": [], "cadre": []}
    for target_kind, name in SECTIONS.items():
        rules = plan.scheme.unit_adjustment_rules if target_kind == "unit" else plan.scheme.cadre_adjustment_rules
        categories = {cid: replace(c, tiers=()) for cid, c in rules.categories.items()}
        for path, entry in file.section(name, KEYS[name]):
            if target_kind == "unit":
                raw = entry["units"]
                if not isinstance(raw, list) or not raw:
                    file.problem(f"{path}.units", "应为至少包含一个科室的数组")
                    continue
                targets = tuple(file.unit(u, f"{path}.units[{i}]", plan.scheme) for i, u in enumerate(raw))
            else:
                cadre_id = file.text(entry["cadre"], f"{path}.cadre")
                targets = (cadre_id,)  # a person no longer on this year's roster is said in the results, not here
            row = read_adjustment(file, entry, path, categories, target_kind, tuple(t for t in targets if t))
            if row is not None and all(targets):
                carried[target_kind].append(adjustment_entry(row))
    plan.carried = carried


def export(db: Database, year: int) -> dict[str, Any]:
    """The sections as the export writes them: absent when nothing was carried in."""
    out: dict[str, Any] = {}
    for target_kind, name in SECTIONS.items():
        rows = carried_rows(db, year, target_kind)
        if rows:
            out[name] = [adjustment_entry(row) for row in rows]
    return out
