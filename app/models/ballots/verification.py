"""Double-entry verification: a ballot re-keyed against the stored one (dependent), or two keyings compared
(independent); every difference a finding, settled with the paper in hand."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from app.models.ballots.forms import (
    DEMOCRATIC,
    LEADER_RATINGS,
    RATING_FORMS,
    KeyingError,
    form_clause,
    sheet_name,
    table_for,
)
from app.models.ballots.keying import ballot_keyed, replace_leader_sheet
from app.models.db import Database
from app.models.store import dec_str, now

# --- verification ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One difference between two keyings of the same ballot."""

    form: str
    serial: int
    row_key: str
    col: int | None  # criterion index; None for a democratic mark
    first_value: str | None
    second_value: str | None
    resolved_value: str | None = None
    first_was_wrong: bool | None = None
    id: int | None = None


def _cell(value: object, col: int | None) -> str | None:
    if value is None:
        return None
    if col is None:
        return str(value)
    return dec_str(value[col])  # type: ignore[index]


def diff_ballots(form: str, serial: int, first: Mapping[str, object], second: Mapping[str, object]) -> list[Finding]:
    """Every cell where two keyings differ (a unit present on one only differs in all five)."""
    findings = []
    keys = list(dict.fromkeys([*first, *second]))
    for key in keys:
        a, b = first.get(key), second.get(key)
        if form == DEMOCRATIC:
            if a != b:
                findings.append(Finding(form, serial, key, None, _cell(a, None), _cell(b, None)))
            continue
        width = len(a if a is not None else b)  # type: ignore[arg-type]
        for col in range(width):
            va, vb = _cell(a, col), _cell(b, col)
            if va != vb:
                findings.append(Finding(form, serial, key, col, va, vb))
    return findings


def _insert_finding(conn: sqlite3.Connection, year: int, mode: str, finding: Finding, resolved: bool) -> None:
    conn.execute(
        "INSERT INTO verification_findings (year, form, serial, mode, row_key, col, first_value, second_value, "
        "resolved_value, first_was_wrong, found_at, resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            year,
            finding.form,
            finding.serial,
            mode,
            finding.row_key,
            finding.col,
            finding.first_value,
            finding.second_value,
            finding.resolved_value if resolved else None,
            None if finding.first_was_wrong is None else int(finding.first_was_wrong),
            now(),
            now() if resolved else None,
        ),
    )


def _write_values(conn: sqlite3.Connection, year: int, form: str, serial: int, values: Mapping[str, object]) -> None:
    if form == LEADER_RATINGS:
        replace_leader_sheet(conn, year, serial, values)  # type: ignore[arg-type]
        return
    clause, params = form_clause(form)
    if form == DEMOCRATIC:
        body = json.dumps(dict(values), ensure_ascii=False)
    else:
        body = json.dumps({u: [dec_str(s) for s in v] for u, v in values.items()}, ensure_ascii=False)  # type: ignore[attr-defined]
    column = "marks" if form == DEMOCRATIC else "scores"
    conn.execute(
        f"UPDATE {table_for(form)} SET {column} = ? WHERE year = ? AND serial = ? AND pass = 1{clause}",
        (body, year, serial, *params),
    )


def _mark_verified(conn: sqlite3.Connection, year: int, form: str, serial: int, mode: str) -> None:
    if form == LEADER_RATINGS:
        conn.execute(
            "INSERT INTO leader_sheets (year, rater, verified_at, verified_mode) VALUES (?, ?, ?, ?) ON CONFLICT "
            "(year, rater) DO UPDATE SET verified_at = excluded.verified_at, verified_mode = excluded.verified_mode",
            (year, serial, now(), mode),
        )
        return
    clause, params = form_clause(form)
    conn.execute(
        f"UPDATE {table_for(form)} SET verified_at = ?, verified_mode = ? WHERE year = ? AND serial = ? AND pass = 1"
        f"{clause}",
        (now(), mode, year, serial, *params),
    )


def commit_dependent_verification(
    conn: sqlite3.Connection,
    year: int,
    form: str,
    serial: int,
    corrected: Mapping[str, object],
    findings: Sequence[Finding],
) -> None:
    """A ballot (or a leader's sheet, serial = rater) re-keyed against the stored one: `corrected` is it as
    settled with the paper in hand; every stop on a mismatch is recorded with the clerk's answer; it is
    marked verified."""
    if not ballot_keyed(conn, year, form, serial, 1):
        raise KeyingError(f"{sheet_name(form, serial)}尚未录入，无法核对")
    if form in RATING_FORMS and not corrected:
        raise KeyingError(f"第 {serial} 号票核对后没有任何评分")
    if form == LEADER_RATINGS and not corrected:
        raise KeyingError(f"{sheet_name(form, serial)}核对后没有给任何人打分")
    for finding in findings:
        if finding.form != form or finding.serial != serial:
            raise KeyingError(f"核对记录不属于{sheet_name(form, serial)}")
    for finding in findings:
        _insert_finding(conn, year, "dependent", finding, resolved=True)
    if any(f.first_was_wrong for f in findings):
        _write_values(conn, year, form, serial, corrected)
    _mark_verified(conn, year, form, serial, "dependent")


def compare_passes(conn: sqlite3.Connection, year: int, form: str) -> tuple[int, int]:
    """Independent double entry: every ballot keyed in both passes and not yet verified is compared;
    identical ones are verified, each difference becomes an open finding. Returns (compared, differences)."""
    clause, params = form_clause(form)
    column = "marks" if form == DEMOCRATIC else "scores"
    rows = conn.execute(
        f"SELECT a.serial, a.{column}, b.{column} FROM {table_for(form)} a JOIN {table_for(form)} b "
        f"ON b.year = a.year AND b.serial = a.serial AND b.pass = 2"
        + ("" if form == DEMOCRATIC else " AND b.form = a.form")
        + f" WHERE a.year = ? AND a.pass = 1 AND a.verified_at IS NULL{clause.replace('form', 'a.form')} "
        "AND NOT EXISTS (SELECT 1 FROM verification_findings f WHERE f.year = a.year AND f.form = ? "
        "AND f.serial = a.serial AND f.mode = 'independent' AND f.resolved_at IS NULL) ORDER BY a.serial",
        (year, *params, form),
    ).fetchall()
    differences = 0
    for serial, first_body, second_body in rows:
        first, second = json.loads(first_body), json.loads(second_body)
        if form != DEMOCRATIC:
            first = {u: tuple(Decimal(s) for s in v) for u, v in first.items()}
            second = {u: tuple(Decimal(s) for s in v) for u, v in second.items()}
        found = diff_ballots(form, serial, first, second)
        if not found:
            _mark_verified(conn, year, form, serial, "independent")
        for finding in found:
            _insert_finding(conn, year, "independent", finding, resolved=False)
        differences += len(found)
    return len(rows), differences


def open_findings(db: Database, year: int) -> list[Finding]:
    return [
        _finding(r)
        for r in db.query(
            "SELECT * FROM verification_findings WHERE year = ? AND resolved_at IS NULL ORDER BY form, serial, id",
            (year,),
        )
    ]


def _finding(r: sqlite3.Row) -> Finding:
    return Finding(
        r["form"],
        r["serial"],
        r["row_key"],
        r["col"],
        r["first_value"],
        r["second_value"],
        r["resolved_value"],
        None if r["first_was_wrong"] is None else bool(r["first_was_wrong"]),
        r["id"],
    )


def resolve_finding(conn: sqlite3.Connection, year: int, finding_id: int, first_is_right: bool) -> None:
    """Settle one discrepancy with the paper: the right value goes into the first keying; when the ballot
    has no open finding left it is verified."""
    row = conn.execute(
        "SELECT * FROM verification_findings WHERE year = ? AND id = ? AND resolved_at IS NULL", (year, finding_id)
    ).fetchone()
    if row is None:
        raise KeyingError("该差异已处理或不存在")
    finding = _finding(row)
    value = finding.first_value if first_is_right else finding.second_value
    if not first_is_right:
        form, serial = finding.form, finding.serial
        clause, params = form_clause(form)
        column = "marks" if form == DEMOCRATIC else "scores"
        body = json.loads(
            conn.execute(
                f"SELECT {column} FROM {table_for(form)} WHERE year = ? AND serial = ? AND pass = 1{clause}",
                (year, serial, *params),
            ).fetchone()[0]
        )
        if form == DEMOCRATIC:
            if value is None:
                body.pop(finding.row_key, None)
            else:
                body[finding.row_key] = value
        else:
            assert finding.col is not None
            row_values = body.get(finding.row_key)
            if value is None:
                body.pop(finding.row_key, None)  # the unit was not rated on the paper
            else:
                if row_values is None:
                    second = conn.execute(
                        f"SELECT {column} FROM {table_for(form)} WHERE year = ? AND serial = ? AND pass = 2{clause}",
                        (year, serial, *params),
                    ).fetchone()
                    row_values = list(json.loads(second[0])[finding.row_key])
                row_values[finding.col] = value
                body[finding.row_key] = row_values
        conn.execute(
            f"UPDATE {table_for(form)} SET {column} = ? WHERE year = ? AND serial = ? AND pass = 1{clause}",
            (json.dumps(body, ensure_ascii=False), year, serial, *params),
        )
    conn.execute(
        "UPDATE verification_findings SET resolved_value = ?, first_was_wrong = ?, resolved_at = ? WHERE id = ?",
        (value, int(not first_is_right), now(), finding_id),
    )
    still_open = conn.execute(
        "SELECT 1 FROM verification_findings WHERE year = ? AND form = ? AND serial = ? AND resolved_at IS NULL",
        (year, finding.form, finding.serial),
    ).fetchone()
    if still_open is None:
        _mark_verified(conn, year, finding.form, finding.serial, "independent")
