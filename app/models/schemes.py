"""Schemes are data (resources/schemes/*.json); a year keeps its own copy."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cached_property
from importlib import resources
from typing import Any

from app.scoring.inputs import (
    AdjustmentRules,
    CadreRules,
    Category,
    GroupRule,
    Item,
    Unit,
)
from app.scoring.numbers import to_decimal
from app.scoring.quotas import PER_POOL

DEFAULT_SCHEME_ID = "jxw-2017"


def builtin_scheme_ids() -> list[str]:
    folder = resources.files("resources") / "schemes"
    return sorted(entry.name.removesuffix(".json") for entry in folder.iterdir() if entry.name.endswith(".json"))


def load_builtin_scheme(scheme_id: str) -> dict[str, Any]:
    path = resources.files("resources") / "schemes" / f"{scheme_id}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def install_builtin_schemes(conn: sqlite3.Connection) -> None:
    """Register the shipped schemes in a new file (kept even if resources change later)."""
    now = datetime.now().isoformat(timespec="seconds")
    for scheme_id in builtin_scheme_ids():
        body = load_builtin_scheme(scheme_id)
        conn.execute(
            "INSERT OR REPLACE INTO schemes (id, title, body, builtin, added_at) VALUES (?, ?, ?, 1, ?)",
            (scheme_id, body.get("title", scheme_id), json.dumps(body, ensure_ascii=False), now),
        )


@dataclass(frozen=True)
class CriterionSet:
    names: tuple[str, ...]
    maxima: tuple[Decimal, ...]


class Scheme:
    """Read access to a scheme's JSON: units, items, criteria, categories, quotas, cadre rules."""

    def __init__(self, body: dict[str, Any]):
        self.body = body

    @property
    def id(self) -> str:
        return self.body["id"]

    @cached_property
    def units(self) -> tuple[Unit, ...]:
        return tuple(
            Unit(u["name"], u.get("short") or u["name"], int(u["group"]), u.get("branch", ""))
            for u in self.body["units"]
        )

    @cached_property
    def unit_names(self) -> dict[str, str]:
        """Every accepted spelling (full, short, aliases) → the full name."""
        names: dict[str, str] = {}
        for unit in self.body["units"]:
            for spelling in (unit["name"], unit.get("short"), *unit.get("aliases", [])):
                if spelling:
                    names.setdefault(spelling, unit["name"])
        return names

    def resolve_unit(self, name: str) -> str | None:
        return self.unit_names.get(name.strip()) if isinstance(name, str) else None

    @cached_property
    def groups(self) -> dict[int, GroupRule]:
        return {
            int(g["group"]): GroupRule(int(g["group"]), g["name"], int(g["first_prize"]), int(g["second_prize"]))
            for g in self.body["groups"]
        }

    def item_rows(self) -> list[dict[str, Any]]:
        """Every item with its unit (None for common) and part, in the seed's order."""
        rows = [{**item, "unit": None, "part": "common"} for item in self.body.get("common_items", [])]
        for unit in self.body["units"]:
            for item in self.body.get("business_items", {}).get(unit["name"], []):
                rows.append({**item, "unit": unit["name"], "part": "business"})
        return rows

    @cached_property
    def items(self) -> tuple[Item, ...]:
        return tuple(
            Item(
                id=row["id"],
                unit=row["unit"],
                part=row["part"],
                title=row["title"],
                max=to_decimal(row["max"]),
                may_exceed=bool(row.get("may_exceed")),
            )
            for row in self.item_rows()
        )

    @cached_property
    def items_by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    def items_for_unit(self, unit: str) -> list[Item]:
        return [item for item in self.items if item.unit is None or item.unit == unit]

    def criteria(self, form: str) -> CriterionSet:
        entries = self.body["criteria"][form]["items"]
        return CriterionSet(tuple(c["name"] for c in entries), tuple(to_decimal(c["max"]) for c in entries))

    @staticmethod
    def _adjustment_rules(section: dict[str, Any], late_by_default: bool) -> AdjustmentRules:
        categories = {
            c["id"]: Category(
                c["id"],
                c["kind"],
                None if c.get("cap") is None else to_decimal(c["cap"]),
                name=c.get("name", ""),
                clause=c.get("clause", ""),
                # The seed fixes the points of each kind of event (每次加 0.5 分 / 0.2 分); `free_points` lets a
                # scheme take any figure (e.g. 根据不同情况扣 1-6 分).
                tiers=tuple(dict.fromkeys(to_decimal(o["points"]) for o in c.get("options", []))),
                free_points=bool(c.get("free_points", False)),
            )
            for c in section["categories"]
        }
        return AdjustmentRules(
            categories,
            to_decimal(section["caps"]["bonus"]),
            to_decimal(section["caps"]["deduction"]),
            late_counts_next_year=bool(section.get("late_counts_next_year", late_by_default)),
        )

    @cached_property
    def unit_adjustment_rules(self) -> AdjustmentRules:
        # The seed's 表彰奖励在本年度干部考核之后公布的…计入下一年度 is a clause of the cadres' part; for units only
        # where the scheme says so.
        return self._adjustment_rules(self.body["unit_adjustments"], late_by_default=False)

    @cached_property
    def cadre_adjustment_rules(self) -> AdjustmentRules:
        return self._adjustment_rules(self.body["cadres"]["adjustments"], late_by_default=True)

    @cached_property
    def cadre_rules(self) -> CadreRules:
        cadres = self.body["cadres"]
        grades = cadres["grades"]
        return CadreRules(
            mark_scores={m["mark"]: to_decimal(m["score"]) for m in cadres["democratic"]["marks"]},
            excellent_rates={c["id"]: to_decimal(c["excellent_rate"]) for c in cadres["categories_of_staff"]},
            competent_min=to_decimal(grades["competent_min"]),
            basic_min=to_decimal(grades["basic_min"]),
            excellent_min=to_decimal(grades["excellent_min"]),
            merit_years=int(cadres.get("consecutive_excellent_for_merit", 3)),
            quota_mode=cadres.get("quota_mode", PER_POOL),
        )

    @cached_property
    def leader_rating_maxima(self) -> tuple[Decimal, ...]:
        return tuple(to_decimal(i["max"]) for i in self.body["cadres"]["leaders"]["items"])

    @property
    def pass_threshold(self) -> Decimal:
        return to_decimal(self.body.get("unit_grades", {}).get("pass_threshold", 60))


def register_scheme(conn: sqlite3.Connection, body: dict[str, Any]) -> None:
    """Add (or replace) a non-built-in scheme, e.g. a county's own, so years can be created from it."""
    conn.execute(
        "INSERT OR REPLACE INTO schemes (id, title, body, builtin, added_at) VALUES (?, ?, ?, 0, ?)",
        (
            body["id"],
            body.get("title", body["id"]),
            json.dumps(body, ensure_ascii=False),
            datetime.now().isoformat(),
        ),
    )
