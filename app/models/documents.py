"""The editable wording of printed documents, per year and kind (table year_documents): the notice of
commendation's issuer and number, the monthly indicator notice's header. The printing package decides what
the JSON holds; this module only stores it."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from app.models.db import Database
from app.models.jsontext import refuse_typed_text, texts_in


def read_document(db: Database, year: int, kind: str) -> Any:
    """The stored JSON, or None when nothing (or nothing readable) is stored."""
    rows = db.query("SELECT body FROM year_documents WHERE year = ? AND kind = ?", (year, kind))
    if not rows:
        return None
    try:
        return json.loads(rows[0]["body"])
    except ValueError:
        return None


def write_document(conn: sqlite3.Connection, year: int, kind: str, body: Any) -> None:
    """Store inside the caller's audited transaction (db.atomic / session.write)."""
    refuse_typed_text(("文书措辞", text) for text in texts_in(body))
    conn.execute(
        "INSERT INTO year_documents (year, kind, body) VALUES (?, ?, ?) "
        "ON CONFLICT (year, kind) DO UPDATE SET body = excluded.body",
        (year, kind, json.dumps(body, ensure_ascii=False)),
    )


def read_assessment_date(db: Database, year: int) -> str | None:
    """The year's assessment date (YYYY-MM-DD) where the file keeps one (`years.assessment_date`, from the year
    file's `assessment_date`); None when it has none or the file predates the column."""
    try:
        rows = db.query("SELECT assessment_date FROM years WHERE year = ?", (year,))
    except sqlite3.OperationalError:  # no such column (yet)
        return None
    value = rows[0]["assessment_date"] if rows else None
    return str(value) if value else None
