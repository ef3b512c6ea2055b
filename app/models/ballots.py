"""Meeting-day keying: ballots, their serials, void flags, reconciliation and double-entry verification.

No Qt here. The keying pages keep the ballot on screen in memory and call one `commit_*` function
inside one `session.write()` transaction; everything a clerk can get wrong is refused with a Chinese
message naming the place (`KeyingError`), before anything is written.

Passes: pass 1 is the keying the results use; pass 2 is an independent second keying (on this PC or
merged from another one's year file), compared with pass 1 by `compare_passes`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from app.models.db import Database
from app.models.errors import AppraisalError
from app.models.schemes import Scheme
from app.models.store import (
    dec_str,
    insert_democratic_ballot,
    insert_rating_ballot,
    now,
    read_cadres,
    set_leader_rating,
    set_tally,
)

RATING_FORMS = ("leaders", "heads")
DEMOCRATIC = "democratic"
LEADER_RATINGS = "leader_ratings"
FORM_TITLES = {
    "leaders": "附件4 班子成员评分表",
    "heads": "附件5 科室负责人评分表",
    DEMOCRATIC: "民主测评表",
    LEADER_RATINGS: "领导评价表",
}
# The seed's four grades, in the order printed on the ballot; the key that marks each.
MARKS = ("优秀", "称职", "基本称职", "不称职")
MARK_KEYS = {"1": "优秀", "2": "称职", "3": "基本称职", "4": "不称职"}
NO_MARK_KEYS = ("0", " ")
LEADER_CRITERIA = ("德", "能", "勤", "绩", "廉")


# The forms counted and verified on 清点与核对, in the page's order.
COUNTED_FORMS = (*RATING_FORMS, DEMOCRATIC, LEADER_RATINGS)


class KeyingError(AppraisalError):
    """A ballot (or a value on it) the clerk must correct; nothing was written."""


# --- layout of the paper forms ---------------------------------------------------------------------


@dataclass(frozen=True)
class GridLayout:
    """Rows (id, label) × columns with maxima, in the paper form's order."""

    rows: tuple[tuple[str, str], ...]
    columns: tuple[str, ...]
    maxima: tuple[Decimal, ...]


def rating_layout(scheme: Scheme, form: str) -> GridLayout:
    """Annex 4/5: the units in the seed's order (short names as printed) × the five criteria."""
    criteria = scheme.criteria(form)
    return GridLayout(tuple((u.name, u.short) for u in scheme.units), criteria.names, criteria.maxima)


def sheet_name(form: str, serial: int) -> str:
    """How the clerk calls one paper form: 附件4 班子成员评分表第 3 号, 第 2 号打分人的领导评价表."""
    if form == LEADER_RATINGS:
        return f"第 {serial} 号打分人的{FORM_TITLES[form]}"
    return f"{FORM_TITLES[form]}第 {serial} 号"


def grid_cells(layout: GridLayout, values: Mapping[str, Sequence[Decimal]]) -> dict[tuple[int, int], Decimal]:
    """Stored rows (unit or cadre → scores) placed on the paper form's grid: (row, column) → value."""
    cells = {}
    for row, (key, _label) in enumerate(layout.rows):
        for col, value in enumerate(values.get(key, ())):
            cells[(row, col)] = value
    return cells


def leader_layout(db: Database, year: int, scheme: Scheme) -> GridLayout:
    """The leadership's sheet: cadres in ballot order × 德能勤绩廉."""
    rows = tuple((c.id, f"{c.name}（{c.unit}）") for c in read_cadres(db, year))
    return GridLayout(rows, leader_criteria(scheme), scheme.leader_rating_maxima)


def leader_criteria(scheme: Scheme) -> tuple[str, ...]:
    """德能勤绩廉, or 第 n 项 when a scheme rates a different number of criteria."""
    count = len(scheme.leader_rating_maxima)
    return LEADER_CRITERIA if count == len(LEADER_CRITERIA) else tuple(f"第{i + 1}项" for i in range(count))


# --- values as typed ----------------------------------------------------------------------------


def subtotal(values: Iterable[Decimal | None]) -> Decimal:
    """The paper form's 小计/合计 of what has been keyed so far (blanks count as nothing)."""
    return sum((v for v in values if v is not None), Decimal(0))


def parse_score(text: str, maximum: Decimal, where: str) -> Decimal:
    """A criterion score as typed: 0 ≤ s ≤ maximum, at most two decimals."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise KeyingError(f"{where}：“{text}”不是分数") from None
    if not value.is_finite():
        raise KeyingError(f"{where}：“{text}”不是分数")
    if value < 0:
        raise KeyingError(f"{where}：分数不能为负")
    if value > maximum:
        raise KeyingError(f"{where}：{text} 超过该项满分 {dec_str(maximum)}")
    if value != value.quantize(Decimal("0.01")):
        raise KeyingError(f"{where}：{text} 最多两位小数")
    return value


def score_prefix_ok(text: str, maximum: Decimal) -> bool:
    """Could `text` (partially typed) still become a valid score? Used to refuse a key on the spot."""
    if text in ("", "."):
        return True
    if text.count(".") > 1 or not all(ch.isdigit() or ch == "." for ch in text):
        return False
    whole, _, frac = text.partition(".")
    if len(frac) > 1:
        return False  # ballots are marked in halves; one decimal is enough on paper
    value = Decimal((whole or "0") + ("." + frac if frac else ""))
    return value <= maximum


def score_complete(text: str, maximum: Decimal) -> bool:
    """True when no further key could change the value (auto-advance): "4" of max 4, "3.5"."""
    if not text or text.endswith("."):
        return False
    whole, dot, frac = text.partition(".")
    if dot and len(frac) >= 1:
        return True  # one decimal completes the value
    value = Decimal(whole)
    # Neither another digit (value × 10 + d) nor a decimal part (value + 0.1) could stay within the maximum.
    return value * 10 > maximum and value + Decimal("0.1") > maximum


# --- serials and where keying stopped -------------------------------------------------------------


def _table(form: str) -> str:
    return "democratic_ballots" if form == DEMOCRATIC else "rating_ballots"


def _form_clause(form: str) -> tuple[str, tuple]:
    return ("", ()) if form == DEMOCRATIC else (" AND form = ?", (form,))


def serials(db: Database, year: int, form: str, keying_pass: int = 1) -> list[int]:
    """The serials keyed (for the leaders' sheets: the rater numbers; they have one keying pass)."""
    if form == LEADER_RATINGS:
        return leader_raters(db, year) if keying_pass == 1 else []
    clause, params = _form_clause(form)
    return [
        r[0]
        for r in db.query(
            f"SELECT serial FROM {_table(form)} WHERE year = ? AND pass = ?{clause} ORDER BY serial",
            (year, keying_pass, *params),
        )
    ]


def next_serial(db: Database, year: int, form: str, keying_pass: int = 1) -> int:
    """The smallest serial above every one keyed in this pass (the next ballot of the stack)."""
    used = serials(db, year, form, keying_pass)
    return (used[-1] + 1) if used else 1


def next_unverified_serial(db: Database, year: int, form: str) -> int | None:
    if form == LEADER_RATINGS:
        return db.query(
            "SELECT min(r.rater) FROM leader_ratings r WHERE r.year = ? AND NOT EXISTS (SELECT 1 FROM leader_sheets s "
            "WHERE s.year = r.year AND s.rater = r.rater AND s.verified_at IS NOT NULL)",
            (year,),
        )[0][0]
    clause, params = _form_clause(form)
    rows = db.query(
        f"SELECT min(serial) FROM {_table(form)} WHERE year = ? AND pass = 1 AND verified_at IS NULL{clause}",
        (year, *params),
    )
    return rows[0][0]


def last_rating_form(db: Database, year: int) -> str | None:
    """The form keyed most recently, so reopening the program returns to it."""
    rows = db.query("SELECT form FROM rating_ballots WHERE year = ? ORDER BY id DESC LIMIT 1", (year,))
    return rows[0]["form"] if rows else None


def _exists(conn: sqlite3.Connection, year: int, form: str, serial: int, keying_pass: int) -> bool:
    if form == LEADER_RATINGS:
        sql = "SELECT 1 FROM leader_ratings WHERE year = ? AND rater = ? LIMIT 1"
        return keying_pass == 1 and conn.execute(sql, (year, serial)).fetchone() is not None
    clause, params = _form_clause(form)
    row = conn.execute(
        f"SELECT 1 FROM {_table(form)} WHERE year = ? AND serial = ? AND pass = ?{clause}",
        (year, serial, keying_pass, *params),
    ).fetchone()
    return row is not None


def ballot_exists(db: Database, year: int, form: str, serial: int, keying_pass: int = 1) -> bool:
    """Is this serial (a leader sheet: rater) keyed in this pass already? (A warning while keying.)"""
    return serial in serials(db, year, form, keying_pass)


def issued_count(db: Database, year: int, form: str) -> int | None:
    """How many of this form were issued, as typed on 清点与核对 (None: not typed)."""
    rows = db.query("SELECT issued FROM ballot_counts WHERE year = ? AND form = ?", (year, form))
    return rows[0]["issued"] if rows else None


def returned_count(db: Database, year: int, form: str) -> int | None:
    """How many of this form came back, as typed on 清点与核对 (None: not typed)."""
    rows = db.query("SELECT returned FROM ballot_counts WHERE year = ? AND form = ?", (year, form))
    return rows[0]["returned"] if rows else None


def _check_serial(conn: sqlite3.Connection, year: int, form: str, serial: int, keying_pass: int) -> None:
    if serial < 1:
        raise KeyingError(f"选票编号必须是正整数（现在是 {serial}）")
    if _exists(conn, year, form, serial, keying_pass):
        which = "第二遍录入" if keying_pass == 2 else "已录入"
        raise KeyingError(f"{FORM_TITLES[form]} 第 {serial} 号{which}过，编号不能重复。请核对票面编号。")


# --- committing ballots --------------------------------------------------------------------------


def check_rating_scores(layout: GridLayout, cells: Mapping[tuple[int, int], Decimal]) -> dict[str, tuple[Decimal, ...]]:
    """Grid cells → unit → five scores; a unit with some criteria blank is refused, all blank is unrated."""
    scores: dict[str, tuple[Decimal, ...]] = {}
    for row, (name, label) in enumerate(layout.rows):
        values = [cells.get((row, col)) for col in range(len(layout.columns))]
        filled = [v for v in values if v is not None]
        if not filled:
            continue
        if len(filled) != len(values):
            missing = "、".join(layout.columns[c] for c, v in enumerate(values) if v is None)
            raise KeyingError(f"第 {row + 1} 行 {label}：{missing} 未填。请补全五项，或整行留空表示未评分")
        for col, value in enumerate(values):
            assert value is not None
            if value < 0 or value > layout.maxima[col]:
                raise KeyingError(f"第 {row + 1} 行 {label} {layout.columns[col]}：{value} 超过满分")
        scores[name] = tuple(values)  # type: ignore[arg-type]
    return scores


def commit_rating_ballot(
    conn: sqlite3.Connection,
    year: int,
    form: str,
    serial: int,
    scores: Mapping[str, Sequence[Decimal]],
    void: str | None = None,
    keying_pass: int = 1,
    keyed_on: str | None = None,
) -> int:
    if form not in RATING_FORMS:
        raise KeyingError(f"未知的评分表：{form}")
    void = (void or "").strip() or None
    _check_serial(conn, year, form, serial, keying_pass)
    if not scores and not void:
        raise KeyingError(f"第 {serial} 号票没有给任何科室评分。空白票请标记为废票并写明原因")
    return insert_rating_ballot(conn, year, form, serial, dict(scores), void, keying_pass, keyed_on=keyed_on)


def check_marks(cadre_ids: Sequence[str], marks: Sequence[str | None]) -> dict[str, str]:
    result = {}
    for cadre_id, mark in zip(cadre_ids, marks, strict=True):
        if mark is None:
            continue
        if mark not in MARKS:
            raise KeyingError(f"干部 {cadre_id}：“{mark}”不是测评等次")
        result[cadre_id] = mark
    return result


def commit_democratic_ballot(
    conn: sqlite3.Connection,
    year: int,
    serial: int,
    marks: Mapping[str, str],
    void: str | None = None,
    keying_pass: int = 1,
    keyed_on: str | None = None,
) -> int:
    """One anonymous ballot: serial and marks only — no voter identity, ever."""
    void = (void or "").strip() or None
    _check_serial(conn, year, DEMOCRATIC, serial, keying_pass)
    if not marks and not void:
        raise KeyingError(f"第 {serial} 号民主测评票没有标记任何人。空白票请标记为废票并写明原因")
    tallied = {
        r[0] for r in conn.execute("SELECT cadre FROM democratic_tallies WHERE year = ?", (year,)).fetchall()
    } & set(marks)
    if tallied:
        raise KeyingError(f"干部 {'、'.join(sorted(tallied))} 已录入汇总票数，不能同时录入测评票")
    return insert_democratic_ballot(conn, year, serial, dict(marks), void, keying_pass, keyed_on=keyed_on)


def set_void(conn: sqlite3.Connection, year: int, form: str, serial: int, reason: str | None) -> None:
    """Mark a keyed ballot 废票 (reason required) or clear the mark (reason None)."""
    if reason is not None and not reason.strip():
        raise KeyingError("标记废票必须写明原因")
    clause, params = _form_clause(form)
    cursor = conn.execute(
        f"UPDATE {_table(form)} SET void = ? WHERE year = ? AND serial = ? AND pass = 1{clause}",
        (reason.strip() if reason else None, year, serial, *params),
    )
    if cursor.rowcount == 0:
        raise KeyingError(f"{FORM_TITLES[form]} 第 {serial} 号尚未录入")


# --- tallies and leadership ratings ---------------------------------------------------------------


def commit_tallies(
    conn: sqlite3.Connection, year: int, counts: Mapping[str, Sequence[int]], ballots_returned: int | None
) -> None:
    """Hand counts per cadre (优秀, 称职, 基本称职, 不称职): no more marks than ballots returned."""
    marked = set()
    for row in conn.execute("SELECT marks FROM democratic_ballots WHERE year = ?", (year,)).fetchall():
        marked.update(json.loads(row[0]))
    for cadre_id, values in counts.items():
        if any(v < 0 for v in values):
            raise KeyingError(f"干部 {cadre_id}：票数不能为负")
        if ballots_returned is not None and sum(values) > ballots_returned:
            raise KeyingError(f"干部 {cadre_id}：四项票数合计 {sum(values)} 超过收回的测评票 {ballots_returned} 张")
        if cadre_id in marked and any(values):
            raise KeyingError(f"干部 {cadre_id} 已有逐张录入的测评票，不能再录汇总票数")
    for cadre_id, values in counts.items():
        if any(values):
            set_tally(conn, year, cadre_id, values)
        else:
            conn.execute("DELETE FROM democratic_tallies WHERE year = ? AND cadre = ?", (year, cadre_id))


def read_tallies(db: Database, year: int) -> dict[str, tuple[int, int, int, int]]:
    return {
        r["cadre"]: (r["excellent"], r["competent"], r["basic"], r["incompetent"])
        for r in db.query("SELECT * FROM democratic_tallies WHERE year = ?", (year,))
    }


def read_leader_ratings(db: Database, year: int, rater: int) -> dict[str, tuple[Decimal, ...]]:
    return {
        r["cadre"]: tuple(Decimal(s) for s in json.loads(r["scores"]))
        for r in db.query("SELECT cadre, scores FROM leader_ratings WHERE year = ? AND rater = ?", (year, rater))
    }


def leader_raters(db: Database, year: int) -> list[int]:
    return [r[0] for r in db.query("SELECT DISTINCT rater FROM leader_ratings WHERE year = ? ORDER BY rater", (year,))]


def leader_sheet_verified(db: Database, year: int, rater: int) -> str | None:
    """How the rater's sheet was checked against the paper ('dependent'), or None."""
    rows = db.query(
        "SELECT verified_mode FROM leader_sheets WHERE year = ? AND rater = ? AND verified_at IS NOT NULL",
        (year, rater),
    )
    return rows[0][0] if rows else None


def verified_raters(db: Database, year: int) -> list[int]:
    return [
        r[0]
        for r in db.query(
            "SELECT s.rater FROM leader_sheets s WHERE s.year = ? AND s.verified_at IS NOT NULL AND EXISTS "
            "(SELECT 1 FROM leader_ratings r WHERE r.year = s.year AND r.rater = s.rater) ORDER BY s.rater",
            (year,),
        )
    ]


def _replace_leader_sheet(
    conn: sqlite3.Connection, year: int, rater: int, scores: Mapping[str, Sequence[Decimal]]
) -> bool:
    """The rows given replace the rater's ratings; rows left blank are removed. True when anything changed."""
    existing = {
        r[0]: r[1]
        for r in conn.execute("SELECT cadre, scores FROM leader_ratings WHERE year = ? AND rater = ?", (year, rater))
    }
    changed = False
    for cadre_id in existing.keys() - set(scores):
        conn.execute("DELETE FROM leader_ratings WHERE year = ? AND rater = ? AND cadre = ?", (year, rater, cadre_id))
        changed = True
    for cadre_id, values in scores.items():
        before = existing.get(cadre_id)
        if before is None or tuple(Decimal(s) for s in json.loads(before)) != tuple(values):
            set_leader_rating(conn, year, rater, cadre_id, values)
            changed = True
    return changed


def commit_leader_sheet(
    conn: sqlite3.Connection, year: int, rater: int, scores: Mapping[str, Sequence[Decimal]]
) -> None:
    """One leader's sheet: the rows given replace that rater's ratings; rows left blank are removed.
    A sheet changed after it was checked against the paper must be checked again."""
    if rater < 1:
        raise KeyingError("打分人编号必须是正整数")
    if not scores:
        raise KeyingError(f"第 {rater} 号打分人没有给任何人打分")
    if _replace_leader_sheet(conn, year, rater, scores):
        conn.execute("DELETE FROM leader_sheets WHERE year = ? AND rater = ?", (year, rater))


# --- reading keyed ballots ------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyedBallot:
    form: str
    serial: int
    keying_pass: int
    values: dict[str, object]  # unit → five Decimals, or cadre id → mark
    void: str | None
    verified_mode: str | None


def read_ballot(db: Database, year: int, form: str, serial: int, keying_pass: int = 1) -> KeyedBallot | None:
    clause, params = _form_clause(form)
    column = "marks" if form == DEMOCRATIC else "scores"
    rows = db.query(
        f"SELECT {column} AS body, void, verified_mode FROM {_table(form)} "
        f"WHERE year = ? AND serial = ? AND pass = ?{clause}",
        (year, serial, keying_pass, *params),
    )
    if not rows:
        return None
    body = json.loads(rows[0]["body"])
    values: dict[str, object] = (
        body if form == DEMOCRATIC else {u: tuple(Decimal(s) for s in v) for u, v in body.items()}
    )
    return KeyedBallot(form, serial, keying_pass, values, rows[0]["void"], rows[0]["verified_mode"])


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
        _replace_leader_sheet(conn, year, serial, values)  # type: ignore[arg-type]
        return
    clause, params = _form_clause(form)
    if form == DEMOCRATIC:
        body = json.dumps(dict(values), ensure_ascii=False)
    else:
        body = json.dumps({u: [dec_str(s) for s in v] for u, v in values.items()}, ensure_ascii=False)  # type: ignore[attr-defined]
    column = "marks" if form == DEMOCRATIC else "scores"
    conn.execute(
        f"UPDATE {_table(form)} SET {column} = ? WHERE year = ? AND serial = ? AND pass = 1{clause}",
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
    clause, params = _form_clause(form)
    conn.execute(
        f"UPDATE {_table(form)} SET verified_at = ?, verified_mode = ? WHERE year = ? AND serial = ? AND pass = 1"
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
    if not _exists(conn, year, form, serial, 1):
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
    clause, params = _form_clause(form)
    column = "marks" if form == DEMOCRATIC else "scores"
    rows = conn.execute(
        f"SELECT a.serial, a.{column}, b.{column} FROM {_table(form)} a JOIN {_table(form)} b "
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
        clause, params = _form_clause(form)
        column = "marks" if form == DEMOCRATIC else "scores"
        body = json.loads(
            conn.execute(
                f"SELECT {column} FROM {_table(form)} WHERE year = ? AND serial = ? AND pass = 1{clause}",
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
                        f"SELECT {column} FROM {_table(form)} WHERE year = ? AND serial = ? AND pass = 2{clause}",
                        (year, serial, *params),
                    ).fetchone()
                    row_values = list(json.loads(second[0])[finding.row_key])
                row_values[finding.col] = value
                body[finding.row_key] = row_values
        conn.execute(
            f"UPDATE {_table(form)} SET {column} = ? WHERE year = ? AND serial = ? AND pass = 1{clause}",
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


# --- reconciliation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormCount:
    form: str
    issued: int | None
    returned: int | None
    keyed: int
    void: int
    verified: int
    second_pass: int
    values_checked: int
    errors_found: int  # first keying wrong, found by verification
    open_findings: int
    max_serial: int = 0  # the highest serial keyed (first pass); a leader's sheet: the highest rater number

    @property
    def valid(self) -> int:
        return self.keyed - self.void

    @property
    def error_rate(self) -> Decimal | None:
        if not self.values_checked:
            return None
        return Decimal(self.errors_found) / Decimal(self.values_checked)

    def warnings(self) -> list[str]:
        title = FORM_TITLES[self.form]
        out = []
        if self.issued is None or self.returned is None:
            out.append(f"{title}：请填写发出和收回张数")
        else:
            if self.returned > self.issued:
                out.append(f"{title}：收回 {self.returned} 张多于发出 {self.issued} 张")
            if self.keyed != self.returned:
                out.append(f"{title}：已录入 {self.keyed} 张，与收回 {self.returned} 张不符")
        if self.issued is not None and self.max_serial > self.issued:
            out.append(f"{title}：已录入的最大编号 {self.max_serial} 超过发出 {self.issued} 张，请核对票面编号")
        if self.verified < self.keyed:
            out.append(f"{title}：还有 {self.keyed - self.verified} 张未核对")
        if self.open_findings:
            out.append(f"{title}：有 {self.open_findings} 处两遍录入不一致待处理")
        return out


def set_ballot_counts(conn: sqlite3.Connection, year: int, form: str, issued: int | None, returned: int | None) -> None:
    for label, value in (("发出", issued), ("收回", returned)):
        if value is not None and value < 0:
            raise KeyingError(f"{FORM_TITLES[form]}：{label}张数不能为负")
    conn.execute(
        "INSERT INTO ballot_counts (year, form, issued, returned) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (year, form) DO UPDATE SET issued = excluded.issued, returned = excluded.returned",
        (year, form, issued, returned),
    )


def form_counts(db: Database, year: int, scheme: Scheme) -> list[FormCount]:
    counts = {
        r["form"]: (r["issued"], r["returned"]) for r in db.query("SELECT * FROM ballot_counts WHERE year = ?", (year,))
    }
    cadre_count = db.query("SELECT count(*) FROM cadres WHERE year = ?", (year,))[0][0]
    result = []
    for form in COUNTED_FORMS:
        if form == LEADER_RATINGS:
            # One sheet per rater; no 废票 and no second keying pass for these.
            row = {"keyed": len(leader_raters(db, year)), "void": 0, "verified": len(verified_raters(db, year))}
            row["second"] = 0
            per_ballot = cadre_count * len(scheme.leader_rating_maxima)
        else:
            clause, params = _form_clause(form)
            row = db.query(
                f"SELECT sum(pass = 1) AS keyed, count(void) FILTER (WHERE pass = 1) AS void, "
                f"sum(pass = 1 AND verified_at IS NOT NULL) AS verified, sum(pass = 2) AS second "
                f"FROM {_table(form)} WHERE year = ?{clause}",
                (year, *params),
            )[0]
            per_ballot = cadre_count if form == DEMOCRATIC else len(scheme.units) * len(scheme.criteria(form).names)
        findings = db.query(
            "SELECT count(*) FILTER (WHERE first_was_wrong = 1) AS errors, count(*) FILTER (WHERE resolved_at IS NULL) "
            "AS open FROM verification_findings WHERE year = ? AND form = ?",
            (year, form),
        )[0]
        issued, returned = counts.get(form, (None, None))
        keyed_serials = serials(db, year, form)
        result.append(
            FormCount(
                form,
                issued,
                returned,
                row["keyed"] or 0,
                row["void"] or 0,
                row["verified"] or 0,
                row["second"] or 0,
                (row["verified"] or 0) * per_ballot,
                findings["errors"],
                findings["open"],
                keyed_serials[-1] if keyed_serials else 0,
            )
        )
    return result
