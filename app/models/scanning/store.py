"""Page images and the scan files taken in: small tables written beside a stored or waiting ballot."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from datetime import date

from app.models.db import Database

BALLOT, OTHER = "ballot", "other"  # scan_inputs.outcome


def today() -> str:
    """Scans keep the day, never the time (a time could follow the order voters handed their ballots in)."""
    return date.today().isoformat()


def put_image(conn: sqlite3.Connection, year: int, data: bytes) -> str:
    """Store a page image (PNG, code area blank) once; returns its digest, by which audited rows name it."""
    digest = hashlib.sha256(data).hexdigest()
    conn.execute("INSERT OR IGNORE INTO scan_images (digest, year, data) VALUES (?, ?, ?)", (digest, year, data))
    return digest


def image_data(db: Database, digest: str) -> bytes | None:
    rows = db.query("SELECT data FROM scan_images WHERE digest = ?", (digest,))
    return bytes(rows[0][0]) if rows else None


def set_ballot_pages(conn: sqlite3.Connection, year: int, form: str, serial: int, images: dict[int, str]) -> None:
    """The page images of a stored ballot (a leader's sheet: serial = rater), replacing any before."""
    conn.execute("DELETE FROM scan_ballot_pages WHERE year = ? AND form = ? AND serial = ?", (year, form, serial))
    for page, digest in sorted(images.items()):
        conn.execute(
            "INSERT INTO scan_ballot_pages (year, form, serial, page, image) VALUES (?, ?, ?, ?, ?)",
            (year, form, serial, page, digest),
        )


def ballot_pages(db: Database, year: int, form: str, serial: int) -> dict[int, str]:
    """Page number → image digest of a stored ballot (empty: it was keyed from paper)."""
    return {
        r["page"]: r["image"]
        for r in db.query(
            "SELECT page, image FROM scan_ballot_pages WHERE year = ? AND form = ? AND serial = ? ORDER BY page",
            (year, form, serial),
        )
    }


def file_digest(path: str) -> str:
    """SHA-256 of a scan file's bytes: how a file already taken in is recognised (not its name or time)."""
    hasher = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


def record_inputs(conn: sqlite3.Connection, year: int, digest: str, pages: Iterable[int], outcome: str) -> None:
    """Pages (0-based) of a scan file taken in: their ballot is stored or waiting (BALLOT), or they held
    nothing to keep (OTHER: a test ballot, an empty side)."""
    for page in pages:
        conn.execute(
            "INSERT OR IGNORE INTO scan_inputs (year, digest, page, outcome) VALUES (?, ?, ?, ?)",
            (year, digest, page, outcome),
        )


def forget_inputs(conn: sqlite3.Connection, year: int, digest: str, pages: Iterable[int]) -> None:
    """A discarded waiting item: its pages may be taken in again (the same file scanned again)."""
    for page in pages:
        conn.execute("DELETE FROM scan_inputs WHERE year = ? AND digest = ? AND page = ?", (year, digest, page))


def taken_pages(db: Database, year: int, digest: str) -> dict[int, str]:
    """0-based page → outcome, for the pages of this file already taken in."""
    return {
        r["page"]: r["outcome"]
        for r in db.query("SELECT page, outcome FROM scan_inputs WHERE year = ? AND digest = ?", (year, digest))
    }
