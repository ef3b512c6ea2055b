"""Bonus and deduction events a year took from the year before (干部办法三（三）1：表彰奖励在本年度干部考核之后公布的，
相关加分项目计入下一年度考核成绩), as a year file carries them.

Where the file holds the year before (a real year), the events come from there (`app.models.loader.carried_in`).
A year imported without it keeps the copy its year file brought (`carried_unit_adjustments`,
`carried_cadre_adjustments`: docs/year-file.md), stored with the year (table carried_copies: audited, guarded by
the year's lock), so a year's export reproduces its results on another PC; an event still counts in one year only,
since the copy is read only while the year before is not in the file.
"""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from typing import Any

from app.models.db import Database
from app.models.jsontext import num
from app.models.store import AdjustmentRow

SECTIONS = {"unit": "carried_unit_adjustments", "cadre": "carried_cadre_adjustments"}


def adjustment_entry(row: AdjustmentRow) -> dict[str, Any]:
    """One event as the year file writes it (`unit_adjustments` / `cadre_adjustments`)."""
    entry: dict[str, Any] = {"kind": row.kind, "category": row.category, "points": num(row.points)}
    if row.matter:
        entry["matter"] = row.matter
    if row.date:
        entry["date"] = row.date
    if row.note:
        entry["note"] = row.note
    if row.target_kind == "cadre":
        return {"cadre": row.targets[0], **entry}
    entry = {"units": list(row.targets), **entry}
    if row.shares is not None:
        entry["shares"] = [num(s) for s in row.shares]
    return entry


def entry_row(entry: dict[str, Any], target_kind: str) -> AdjustmentRow:
    """A stored entry (checked when its file was imported) back as a row."""
    targets = tuple(entry["units"]) if target_kind == "unit" else (entry["cadre"],)
    shares = entry.get("shares")
    return AdjustmentRow(
        target_kind,
        entry["kind"],
        entry["category"],
        entry.get("matter"),
        Decimal(str(entry["points"])),
        targets,
        None if shares is None else tuple(Decimal(str(s)) for s in shares),
        entry.get("date"),
        entry.get("note"),
    )


def stored_copies(db: Database, year: int, target_kind: str) -> list[AdjustmentRow]:
    """The copy of the events carried into `year` that its year file brought (empty when none)."""
    rows = db.query("SELECT body FROM carried_copies WHERE year = ? AND target_kind = ?", (year, target_kind))
    return [entry_row(entry, target_kind) for entry in json.loads(rows[0]["body"])] if rows else []


def store_copies(conn: sqlite3.Connection, year: int, entries: dict[str, list[dict[str, Any]]]) -> None:
    """Replace the year's copy with the entries of the file being imported (inside its transaction)."""
    for target_kind, listed in entries.items():
        conn.execute("DELETE FROM carried_copies WHERE year = ? AND target_kind = ?", (year, target_kind))
        if listed:
            conn.execute(
                "INSERT INTO carried_copies (year, target_kind, body) VALUES (?, ?, ?)",
                (year, target_kind, json.dumps(listed, ensure_ascii=False)),
            )
