"""The stored 考绩法 bonus/deduction events, their points, and the unit adjustments they imply
(考绩贡献加分 and 失分扣分: derived on every read, never stored twice)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from app.models.db import Database
from app.models.district.checks import check_event
from app.models.district.wording import CATEGORY_NAMES
from app.models.store import AdjustmentRow
from app.scoring.district import (
    CHARGE_CATEGORY,
    CONTRIBUTION_CATEGORY,
    DistrictEvent,
    DistrictResult,
    compute_district,
    event_points,
)
from app.scoring.inputs import Adjustment

DERIVED_NOTE = "由市对区考绩事项自动计算（只读，在“市对区考绩”页修改）"


@dataclass(frozen=True)
class EventRow:
    id: int
    body: dict[str, Any]
    event: DistrictEvent
    kind: str  # bonus | deduction
    points: Decimal  # the event's own points, before the group caps

    @property
    def category(self) -> str:
        return self.body["category"]

    @property
    def credited_units(self) -> list[str]:
        return list(self.body.get("credited_units") or [])

    @property
    def charged_units(self) -> list[str]:
        return list(self.body.get("charged_units") or [])


def to_event(body: dict[str, Any]) -> DistrictEvent:
    def dec(key: str) -> Decimal | None:
        return None if body.get(key) is None else Decimal(str(body[key]))

    return DistrictEvent(
        category=body["category"],
        matter=body.get("matter") or "",
        investment=dec("investment"),
        indicator=body.get("indicator"),
        measure=body.get("measure"),
        last_year_rank=body.get("last_year_rank"),
        rank=body.get("rank"),
        tier=body.get("tier"),
        peers_honored_share=dec("peers_honored_share"),
        points=dec("points"),
        date=date.fromisoformat(body["date"]) if body.get("date") else None,
    )


def read_bodies(db: Database, year: int) -> list[tuple[int, dict[str, Any]]]:
    """(id, event as stored) in the order they were added."""
    return [
        (r["id"], json.loads(r["body"]))
        for r in db.query("SELECT id, body FROM district_events WHERE year = ? ORDER BY id", (year,))
    ]


def read_events(db: Database, year: int) -> list[EventRow]:
    rows = []
    for event_id, body in read_bodies(db, year):
        event = to_event(body)
        kind, points = event_points(event)
        rows.append(EventRow(event_id, body, event, kind, points))
    return rows


def district_result(db: Database, year: int) -> DistrictResult:
    return compute_district([row.event for row in read_events(db, year)])


def event_body(event: dict[str, Any]) -> str:
    return json.dumps(event, ensure_ascii=False, default=str, sort_keys=True)


def insert_event(conn: sqlite3.Connection, year: int, event: dict[str, Any]) -> int:
    """Store an event already checked (`check_event`, or the year file's reading of it)."""
    cursor = conn.execute(
        "INSERT INTO district_events (year, category, body, date) VALUES (?, ?, ?, ?)",
        (year, event["category"], event_body(event), event.get("date")),
    )
    return int(cursor.lastrowid or 0)


def add_event(conn: sqlite3.Connection, db: Database, year: int, entry: dict[str, Any]) -> int:
    return insert_event(conn, year, check_event(db, year, entry))


def update_event(conn: sqlite3.Connection, db: Database, year: int, event_id: int, entry: dict[str, Any]) -> None:
    event = check_event(db, year, entry)
    conn.execute(
        "UPDATE district_events SET category = ?, body = ?, date = ? WHERE year = ? AND id = ?",
        (event["category"], event_body(event), event.get("date"), year, event_id),
    )


def delete_event(conn: sqlite3.Connection, year: int, event_id: int) -> None:
    conn.execute("DELETE FROM district_events WHERE year = ? AND id = ?", (year, event_id))


def stored_bodies(conn: sqlite3.Connection, year: int) -> list[tuple[str, str]]:
    """(category, body text) of every stored event, read inside a write (the import's duplicate check)."""
    return [(r[0], r[1]) for r in conn.execute("SELECT category, body FROM district_events WHERE year = ?", (year,))]


# --- 考绩贡献加分 and 失分扣分: derived, never stored twice ---------------------------------------------


def derived_adjustments(db: Database, year: int) -> list[Adjustment]:
    """The unit adjustments the district events imply, computed on every read (never stored as adjustments).

    - 凡是符合市对区考绩加分条件，为我区在市考绩争取加分的事项，都按“考绩贡献加分”计入有关单位年终考绩分值: each
      bonus event credited to units becomes one unit bonus of category `district_contribution`;
    - 对于因区委区政府重点工作推进不力，导致我区在市考绩失分的，按照考绩办法的有关规定，扣减责任部门年终考绩分数:
      each deduction event charged to units becomes one unit deduction of category `district_charge`.

    Either is worth the event's own points (before the district's group caps), split equally among its units
    as any shared adjustment; the unit's own caps (加分/减分最高不超过 10 分) apply in the engine.
    """
    return [adjustment for _row, adjustment in _derived(db, year)]


def _derived(db: Database, year: int) -> list[tuple[EventRow, Adjustment]]:
    pairs = []
    for row in read_events(db, year):
        if row.points <= 0:
            continue
        matter = row.body.get("matter") or CATEGORY_NAMES[row.category]
        if row.kind == "bonus" and row.credited_units:
            units, category, label = row.credited_units, CONTRIBUTION_CATEGORY, "考绩贡献"
        elif row.kind == "deduction" and row.charged_units:
            units, category, label = row.charged_units, CHARGE_CATEGORY, "考绩失分"
        else:
            continue
        pairs.append((row, Adjustment(tuple(units), row.kind, category, row.points, f"{label}：{matter}#{row.id}")))
    return pairs


def derived_adjustment_rows(db: Database, year: int) -> list[AdjustmentRow]:
    """The derived unit adjustments as rows of the 加分与扣分 page's list (no id: not stored, not editable)."""
    return [
        AdjustmentRow(
            "unit",
            adjustment.kind,
            adjustment.category,
            adjustment.matter,
            adjustment.points,
            adjustment.targets,
            date=row.body.get("date"),
            note=DERIVED_NOTE,
        )
        for row, adjustment in _derived(db, year)
    ]


def contribution_adjustments(db: Database, year: int) -> list[Adjustment]:
    """考绩贡献加分 alone (see `derived_adjustments`)."""
    return [a for a in derived_adjustments(db, year) if a.category == CONTRIBUTION_CATEGORY]


def charge_adjustments(db: Database, year: int) -> list[Adjustment]:
    """市对区考绩失分扣分 alone (see `derived_adjustments`)."""
    return [a for a in derived_adjustments(db, year) if a.category == CHARGE_CATEGORY]
