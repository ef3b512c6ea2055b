"""Reading and writing a year's keyed data. Write functions take the connection of an open
`Database.atomic()` block, so a caller groups them into one transaction."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from app.models.db import Database
from app.models.errors import AppraisalError
from app.models.jsontext import refuse_typed_text
from app.scoring.clauses import barred_ground_of

if TYPE_CHECKING:  # the scheme (and the engine's dataclasses) load on first use, after the window shows
    from app.models.schemes import Scheme


def now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def dec_str(value: Decimal) -> str:
    """Store decimals as canonical strings ("2.8", "4"), never floats."""
    text = format(value.normalize(), "f")
    return text


@dataclass(frozen=True)
class YearInfo:
    year: int
    scheme_id: str
    is_demo: bool
    locked_at: str | None
    lock_reason: str | None
    locked_by: str | None = None

    @property
    def label(self) -> str:
        return f"{self.year} 年度（示例）" if self.is_demo else f"{self.year} 年度"


# --- years and schemes -------------------------------------------------------------------------


def list_years(db: Database) -> list[YearInfo]:
    rows = db.query("SELECT year, scheme_id, is_demo, locked_at, lock_reason, locked_by FROM years ORDER BY year")
    return [
        YearInfo(r["year"], r["scheme_id"], bool(r["is_demo"]), r["locked_at"], r["lock_reason"], r["locked_by"])
        for r in rows
    ]


def year_info(db: Database, year: int) -> YearInfo | None:
    return next((info for info in list_years(db) if info.year == year), None)


def scheme_body(db: Database, scheme_id: str) -> dict[str, Any] | None:
    row = db.query("SELECT body FROM schemes WHERE id = ?", (scheme_id,))
    return json.loads(row[0]["body"]) if row else None


def year_scheme(db: Database, year: int) -> Scheme:
    row = db.query("SELECT scheme FROM years WHERE year = ?", (year,))
    if not row:
        raise AppraisalError(f"数据文件中没有 {year} 年度。")
    from app.models.schemes import Scheme

    return Scheme(json.loads(row[0]["scheme"]))


def titled_for_year(body: dict[str, Any], year: int) -> dict[str, Any]:
    """A scheme as a new year's own copy: its title names that year (…2017年度…考评办法 → …2018年度…)."""
    title = body.get("title")
    if not isinstance(title, str):
        return body
    return {**body, "title": re.sub(r"(?:19|20)\d\d(?=\s*年度)", str(year), title)}


def create_year(conn: sqlite3.Connection, year: int, body: dict[str, Any], is_demo: bool = False) -> None:
    conn.execute(
        "INSERT INTO years (year, scheme_id, scheme, is_demo, created_at) VALUES (?, ?, ?, ?, ?)",
        (year, body["id"], json.dumps(body, ensure_ascii=False), int(is_demo), now()),
    )


def ensure_year(db: Database, year: int, scheme_id: str | None = None, is_demo: bool = False) -> Scheme:
    """The year, created with `scheme_id` (default: the built-in scheme) when the file does not have it yet."""
    if year_info(db, year) is None:
        if scheme_id is None:
            from app.models.schemes import DEFAULT_SCHEME_ID

            scheme_id = DEFAULT_SCHEME_ID
        body = scheme_body(db, scheme_id)
        if body is None:
            raise AppraisalError(f"没有名为 {scheme_id} 的考评方案。")
        with db.atomic(reason=f"新建 {year} 年度", source="system") as conn:
            create_year(conn, year, body, is_demo)
    return year_scheme(db, year)


# --- unit data ----------------------------------------------------------------------------------


def set_item_score(conn: sqlite3.Connection, year: int, unit: str, item: str, score: Decimal, note: str | None) -> None:
    """A later score for the same (unit, item) replaces the earlier one; the trigger audits it."""
    refuse_typed_text({"备注": note})
    conn.execute(
        "INSERT INTO item_scores (year, unit, item, score, note) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (year, unit, item) DO UPDATE SET score = excluded.score, note = excluded.note",
        (year, unit, item, dec_str(score), note),
    )


def delete_item_score(conn: sqlite3.Connection, year: int, unit: str, item: str) -> None:
    conn.execute("DELETE FROM item_scores WHERE year = ? AND unit = ? AND item = ?", (year, unit, item))


def rating_ballot_json(scores: dict[str, Sequence[Decimal]]) -> str:
    return json.dumps({unit: [dec_str(s) for s in values] for unit, values in scores.items()}, ensure_ascii=False)


def insert_rating_ballot(
    conn: sqlite3.Connection,
    year: int,
    form: str,
    serial: int,
    scores: dict[str, Sequence[Decimal]],
    void: str | None = None,
    keying_pass: int = 1,
    keyed_by: str | None = None,
    keyed_on: str | None = None,
) -> int:
    refuse_typed_text({"废票原因": void})
    cursor = conn.execute(
        "INSERT INTO rating_ballots (year, form, serial, pass, scores, void, keyed_by, keyed_on, keyed_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (year, form, serial, keying_pass, rating_ballot_json(scores), void, keyed_by, keyed_on, now()),
    )
    return int(cursor.lastrowid or 0)


def insert_democratic_ballot(
    conn: sqlite3.Connection,
    year: int,
    serial: int,
    marks: dict[str, str],
    void: str | None = None,
    keying_pass: int = 1,
    keyed_by: str | None = None,
    keyed_on: str | None = None,
) -> int:
    refuse_typed_text({"废票原因": void})
    cursor = conn.execute(
        "INSERT INTO democratic_ballots (year, serial, pass, marks, void, keyed_by, keyed_on, keyed_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (year, serial, keying_pass, json.dumps(marks, ensure_ascii=False), void, keyed_by, keyed_on, now()),
    )
    return int(cursor.lastrowid or 0)


def set_tally(conn: sqlite3.Connection, year: int, cadre: str, counts: Sequence[int]) -> None:
    conn.execute(
        "INSERT INTO democratic_tallies (year, cadre, excellent, competent, basic, incompetent) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (year, cadre) DO UPDATE SET excellent = excluded.excellent, competent = excluded.competent, "
        "basic = excluded.basic, incompetent = excluded.incompetent",
        (year, cadre, *counts),
    )


def set_leader_rating(conn: sqlite3.Connection, year: int, rater: int, cadre: str, scores: Sequence[Decimal]) -> None:
    conn.execute(
        "INSERT INTO leader_ratings (year, rater, cadre, scores) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (year, rater, cadre) DO UPDATE SET scores = excluded.scores",
        (year, rater, cadre, json.dumps([dec_str(s) for s in scores])),
    )


@dataclass(frozen=True)
class AdjustmentRow:
    target_kind: str  # "unit" | "cadre"
    kind: str
    category: str
    matter: str | None
    points: Decimal
    targets: tuple[str, ...]
    shares: tuple[Decimal, ...] | None = None
    date: str | None = None
    note: str | None = None
    id: int | None = None

    def content_key(self) -> tuple:
        """What makes two events the same event (id, note and date aside)."""
        return (self.target_kind, self.kind, self.category, self.matter or None, self.points, self.targets, self.shares)


def insert_adjustment(conn: sqlite3.Connection, year: int, row: AdjustmentRow) -> int:
    refuse_typed_text({"事项": row.matter, "备注": row.note})
    cursor = conn.execute(
        "INSERT INTO adjustments (year, target_kind, kind, category, matter, points, targets, shares, date, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            year,
            row.target_kind,
            row.kind,
            row.category,
            row.matter,
            dec_str(row.points),
            json.dumps(list(row.targets), ensure_ascii=False),
            None if row.shares is None else json.dumps([dec_str(s) for s in row.shares]),
            row.date,
            row.note,
        ),
    )
    return int(cursor.lastrowid or 0)


def read_adjustments(db: Database, year: int, target_kind: str | None = None) -> list[AdjustmentRow]:
    sql = "SELECT * FROM adjustments WHERE year = ?"
    params: tuple = (year,)
    if target_kind:
        sql += " AND target_kind = ?"
        params = (year, target_kind)
    rows = []
    for r in db.query(sql + " ORDER BY id", params):
        rows.append(
            AdjustmentRow(
                target_kind=r["target_kind"],
                kind=r["kind"],
                category=r["category"],
                matter=r["matter"],
                points=Decimal(r["points"]),
                targets=tuple(json.loads(r["targets"])),
                shares=None if r["shares"] is None else tuple(Decimal(s) for s in json.loads(r["shares"])),
                date=r["date"],
                note=r["note"],
                id=r["id"],
            )
        )
    return rows


def set_veto(conn: sqlite3.Connection, year: int, unit: str, reason: str) -> None:
    refuse_typed_text({"一票否决原因": reason})
    conn.execute(
        "INSERT INTO vetoes (year, unit, reason) VALUES (?, ?, ?) "
        "ON CONFLICT (year, unit) DO UPDATE SET reason = excluded.reason",
        (year, unit, reason),
    )


def set_special_award(conn: sqlite3.Connection, year: int, unit: str, award: str, reason: str | None = None) -> None:
    refuse_typed_text({f"{award}理由": reason})
    conn.execute(
        "INSERT INTO special_awards (year, unit, award, reason) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (year, unit) DO UPDATE SET award = excluded.award, reason = excluded.reason",
        (year, unit, award, reason),
    )


@dataclass(frozen=True)
class CadreRow:
    id: str
    name: str
    unit: str
    category: str
    level: str
    is_head: bool = False
    barred: str | None = None
    position: int = 0
    barred_ground: str | None = None  # 受到处分 | 严重失职 | 其他; None with a reason: inferred from its words
    not_assessed: str | None = None  # 不定等次 | 不参加评优
    not_assessed_reason: str | None = None

    @property
    def ground(self) -> str | None:
        """The barred ground, stated or inferred from the reason's words (干部办法三（三）3)."""
        if not self.barred:
            return None
        return self.barred_ground or barred_ground_of(self.barred)


def upsert_cadre(conn: sqlite3.Connection, year: int, cadre: CadreRow) -> None:
    conn.execute(
        "INSERT INTO cadres (year, id, name, unit, category, level, is_head, barred, position, barred_ground, "
        "not_assessed, not_assessed_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (year, id) DO UPDATE SET name = excluded.name, "
        "unit = excluded.unit, category = excluded.category, level = excluded.level, is_head = excluded.is_head, "
        "barred = excluded.barred, position = excluded.position, barred_ground = excluded.barred_ground, "
        "not_assessed = excluded.not_assessed, not_assessed_reason = excluded.not_assessed_reason",
        (
            year,
            cadre.id,
            cadre.name,
            cadre.unit,
            cadre.category,
            cadre.level,
            int(cadre.is_head),
            cadre.barred,
            cadre.position,
            cadre.ground,
            cadre.not_assessed,
            cadre.not_assessed_reason if cadre.not_assessed else None,
        ),
    )


def stated_ground(barred: str | None, ground: str | None) -> str | None:
    """The stored ground as a row carries it: None where the reason's own words give it (a row built from the
    reason alone then equals the stored one), else the ground the office chose."""
    if not barred or ground == barred_ground_of(barred):
        return None
    return ground


def read_cadres(db: Database, year: int) -> list[CadreRow]:
    return [
        CadreRow(
            r["id"],
            r["name"],
            r["unit"],
            r["category"],
            r["level"],
            bool(r["is_head"]),
            r["barred"],
            r["position"],
            stated_ground(r["barred"], r["barred_ground"]),
            r["not_assessed"],
            r["not_assessed_reason"],
        )
        for r in db.query("SELECT * FROM cadres WHERE year = ? ORDER BY position, id", (year,))
    ]


# --- the seed's clauses of issue 12: assessment date, quota mode and overrides, 突出贡献奖 ---------------------


@dataclass(frozen=True)
class YearSettings:
    assessment_date: str | None = None  # ISO date
    quota_mode: str | None = None  # None: the scheme's


def read_year_settings(db: Database, year: int) -> YearSettings:
    rows = db.query("SELECT assessment_date, quota_mode FROM years WHERE year = ?", (year,))
    return YearSettings(rows[0]["assessment_date"], rows[0]["quota_mode"]) if rows else YearSettings()


def read_year_settings_in(conn: sqlite3.Connection, year: int) -> YearSettings:
    """The same, inside a write's transaction."""
    row = conn.execute("SELECT assessment_date, quota_mode FROM years WHERE year = ?", (year,)).fetchone()
    return YearSettings(row[0], row[1]) if row else YearSettings()


def write_year_settings(conn: sqlite3.Connection, year: int, settings: YearSettings) -> None:
    conn.execute(
        "UPDATE years SET assessment_date = ?, quota_mode = ? WHERE year = ?",
        (settings.assessment_date, settings.quota_mode, year),
    )


@dataclass(frozen=True)
class QuotaOverrideRow:
    pool: str
    quota: int
    reason: str


def read_quota_overrides(db: Database, year: int) -> list[QuotaOverrideRow]:
    return [
        QuotaOverrideRow(r["pool"], r["quota"], r["reason"])
        for r in db.query("SELECT pool, quota, reason FROM quota_overrides WHERE year = ? ORDER BY pool", (year,))
    ]


def set_quota_override(conn: sqlite3.Connection, year: int, row: QuotaOverrideRow) -> None:
    refuse_typed_text({"核定名额原因": row.reason})
    conn.execute(
        "INSERT INTO quota_overrides (year, pool, quota, reason) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (year, pool) DO UPDATE SET quota = excluded.quota, reason = excluded.reason",
        (year, row.pool, row.quota, row.reason),
    )


def delete_quota_override(conn: sqlite3.Connection, year: int, pool: str) -> None:
    conn.execute("DELETE FROM quota_overrides WHERE year = ? AND pool = ?", (year, pool))


@dataclass(frozen=True)
class CadreAwardRow:
    cadre: str
    award: str
    reason: str | None = None


def read_cadre_special_awards(db: Database, year: int) -> list[CadreAwardRow]:
    return [
        CadreAwardRow(r["cadre"], r["award"], r["reason"])
        for r in db.query(
            "SELECT cadre, award, reason FROM cadre_special_awards WHERE year = ? ORDER BY cadre", (year,)
        )
    ]


def set_cadre_special_award(conn: sqlite3.Connection, year: int, row: CadreAwardRow) -> None:
    refuse_typed_text({f"{row.award}理由": row.reason})
    conn.execute(
        "INSERT INTO cadre_special_awards (year, cadre, award, reason) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (year, cadre) DO UPDATE SET award = excluded.award, reason = excluded.reason",
        (year, row.cadre, row.award, row.reason),
    )


def delete_cadre_special_award(conn: sqlite3.Connection, year: int, cadre: str) -> None:
    conn.execute("DELETE FROM cadre_special_awards WHERE year = ? AND cadre = ?", (year, cadre))


def year_has_indicator_data(db: Database, year: int) -> bool:
    for table in ("indicators", "indicator_reports", "district_events"):
        if db.query(f"SELECT 1 FROM {table} WHERE year = ? LIMIT 1", (year,)):
            return True
    return False


# --- edits used by the data pages (科室评分、加分与扣分、干部名册) ------------------------------------------


def update_adjustment(conn: sqlite3.Connection, year: int, row: AdjustmentRow) -> None:
    refuse_typed_text({"事项": row.matter, "备注": row.note})
    conn.execute(
        "UPDATE adjustments SET target_kind = ?, kind = ?, category = ?, matter = ?, points = ?, targets = ?, "
        "shares = ?, date = ?, note = ? WHERE year = ? AND id = ?",
        (
            row.target_kind,
            row.kind,
            row.category,
            row.matter,
            dec_str(row.points),
            json.dumps(list(row.targets), ensure_ascii=False),
            None if row.shares is None else json.dumps([dec_str(s) for s in row.shares]),
            row.date,
            row.note,
            year,
            row.id,
        ),
    )


def delete_adjustment(conn: sqlite3.Connection, year: int, adjustment_id: int) -> None:
    conn.execute("DELETE FROM adjustments WHERE year = ? AND id = ?", (year, adjustment_id))


def delete_cadre(conn: sqlite3.Connection, year: int, cadre_id: str) -> None:
    conn.execute("DELETE FROM cadres WHERE year = ? AND id = ?", (year, cadre_id))


# --- raw keyed data, as listed in the results workbook and the item-score template ---------------


@dataclass(frozen=True)
class StoredRatingBallot:
    form: str
    serial: int
    scores: dict[str, tuple[Decimal, ...]]
    void: str | None


@dataclass(frozen=True)
class StoredDemocraticBallot:
    serial: int
    marks: dict[str, str]
    void: str | None


def read_item_notes(db: Database, year: int) -> dict[tuple[str, str], str | None]:
    return {
        (r["unit"], r["item"]): r["note"]
        for r in db.query("SELECT unit, item, note FROM item_scores WHERE year = ?", (year,))
    }


def read_rating_ballots(db: Database, year: int) -> list[StoredRatingBallot]:
    """First-keying ballots, annex 4 (leaders) before annex 5 (heads), by serial."""
    return [
        StoredRatingBallot(
            r["form"],
            r["serial"],
            {unit: tuple(Decimal(s) for s in scores) for unit, scores in json.loads(r["scores"]).items()},
            r["void"],
        )
        for r in db.query(
            "SELECT form, serial, scores, void FROM rating_ballots WHERE year = ? AND pass = 1 "
            "ORDER BY form DESC, serial",
            (year,),
        )
    ]


def read_democratic_ballots(db: Database, year: int) -> list[StoredDemocraticBallot]:
    """First-keying democratic ballots by serial."""
    return [
        StoredDemocraticBallot(r["serial"], json.loads(r["marks"]), r["void"])
        for r in db.query(
            "SELECT serial, marks, void FROM democratic_ballots WHERE year = ? AND pass = 1 ORDER BY serial", (year,)
        )
    ]


def read_all_leader_ratings(db: Database, year: int) -> list[tuple[int, str, tuple[Decimal, ...]]]:
    """(rater, cadre id, 德能勤绩廉) for every rater, by rater then cadre."""
    return [
        (r["rater"], r["cadre"], tuple(Decimal(s) for s in json.loads(r["scores"])))
        for r in db.query(
            "SELECT rater, cadre, scores FROM leader_ratings WHERE year = ? ORDER BY rater, cadre", (year,)
        )
    ]
