"""The transactions of taking a scan in (app.scanning.intake decides which, from a scan's readings): each
stores one ballot, or keeps one form waiting, with its page images and the scan-file pages it came from,
all or nothing. Plain data in (marks, PNG bytes, row readings); never a sheet token."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from app.models.db import Database
from app.models.scanning.commit import commit_scanned_ballot
from app.models.scanning.pending import Pending, PendingPage, PendingRow, add_pending, get_pending, update_pending
from app.models.scanning.store import put_image, record_inputs

SOURCE = "scan"  # changes.source of everything taken in from a scan
Inputs = Sequence[tuple[str, int]]  # (scan file SHA-256, 0-based page)
PageData = tuple[bytes, Sequence[PendingRow]]  # a page image as kept, and its rows as read


def _record(conn, year: int, inputs: Inputs, outcome: str) -> None:
    for digest, page in inputs:
        record_inputs(conn, year, digest, [page], outcome)


def store_ballot(db: Database, year: int, marks: Mapping[str, str], images: Mapping[int, bytes], inputs: Inputs) -> int:
    """A complete, clear democratic ballot: stored under the next free serial (returned)."""
    with db.atomic("扫描录入民主测评票", SOURCE) as conn:
        digests = {page: put_image(conn, year, data) for page, data in images.items()}
        serial = commit_scanned_ballot(conn, year, marks, digests)
        _record(conn, year, inputs, "ballot")
    return serial


def keep_waiting(
    db: Database, year: int, form: str, page_count: int, pages: Mapping[int, PageData], inputs: Inputs, reason: str
) -> int:
    """A scanned form the clerk must see first (review, or keying from its image); returns its id."""
    with db.atomic(reason, SOURCE) as conn:
        kept = {n: PendingPage(put_image(conn, year, data), tuple(rows)) for n, (data, rows) in pages.items()}
        pending = add_pending(conn, year, form, page_count, kept, inputs)
        _record(conn, year, inputs, "ballot")
    return pending


def add_pages(db: Database, year: int, pending_id: int, pages: Mapping[int, PageData], inputs: Inputs) -> Pending:
    """Pages a waiting form was missing, from a later file of the same scan session; returns it as now."""
    with db.atomic("扫描的民主测评票补齐缺页", SOURCE) as conn:
        item = get_pending(conn, year, pending_id)
        new = {n: PendingPage(put_image(conn, year, d), tuple(r)) for n, (d, r) in pages.items() if n not in item.pages}
        update_pending(conn, year, pending_id, {**item.pages, **new}, [*item.inputs, *inputs])
        _record(conn, year, inputs, "ballot")
        return get_pending(conn, year, pending_id)


def store_waiting(db: Database, year: int, pending_id: int, marks: Mapping[str, str]) -> int:
    """A waiting ballot that turned out complete and clear: stored (its images go along); returns the serial."""
    with db.atomic("扫描录入民主测评票", SOURCE) as conn:
        item = get_pending(conn, year, pending_id)
        return commit_scanned_ballot(conn, year, marks, item.images, pending_id=pending_id)


def record_other(db: Database, year: int, inputs: Inputs) -> None:
    """Pages taken in with nothing to keep (a second copy of a page in the same scan)."""
    if inputs:
        with db.atomic("扫描：记录重复扫描的页", SOURCE) as conn:
            _record(conn, year, inputs, "other")
