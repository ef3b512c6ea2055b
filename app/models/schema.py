"""Schema, created and migrated by PRAGMA user_version; audit triggers on every keyed table."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

# Each keyed table and the columns that identify a row in the audit log.
AUDITED_TABLES: dict[str, tuple[str, ...]] = {
    "years": ("year",),
    "item_scores": ("year", "unit", "item"),
    "item_events": ("year", "id"),
    "ballot_counts": ("year", "form"),
    "rating_ballots": ("year", "form", "serial", "pass"),
    "democratic_ballots": ("year", "serial", "pass"),
    "democratic_tallies": ("year", "cadre"),
    "leader_ratings": ("year", "rater", "cadre"),
    "adjustments": ("year", "id"),
    "vetoes": ("year", "unit"),
    "special_awards": ("year", "unit"),
    "cadres": ("year", "id"),
    "indicators": ("year", "id"),
    "indicator_reports": ("year", "indicator", "month"),
    "district_events": ("year", "id"),
}
# Added by migration 2.
AUDITED_TABLES_V2: dict[str, tuple[str, ...]] = {
    "verification_findings": ("year", "id"),
    "year_documents": ("year", "kind"),
}
# Added by migration 4.
AUDITED_TABLES_V4: dict[str, tuple[str, ...]] = {"leader_sheets": ("year", "rater")}
# Added by migration 6.
AUDITED_TABLES_V6: dict[str, tuple[str, ...]] = {"committee_decisions": ("year", "kind", "subject")}
# Added by migration 8 (scanned ballots). scan_images holds PNG bytes, which an audit row (JSON) cannot:
# it is written only together with an audited row that names the image by its digest, and never changed.
AUDITED_TABLES_V8: dict[str, tuple[str, ...]] = {
    "scan_pending": ("year", "id"),
    "scan_ballot_pages": ("year", "form", "serial", "page"),
    "scan_decisions": ("year", "id"),
    "scan_inputs": ("year", "digest", "page"),
}
# Added by the migration of issue 12 (see migrate_clauses).
AUDITED_TABLES_CLAUSES: dict[str, tuple[str, ...]] = {
    "cadre_special_awards": ("year", "cadre"),
    "quota_overrides": ("year", "pool"),
}
# Added by migrate_carried_copies: a year's copy of the events it took from the year before (app.models.carried).
AUDITED_TABLES_CARRIED: dict[str, tuple[str, ...]] = {"carried_copies": ("year", "target_kind")}

SCHEMA_V1 = """
CREATE TABLE schemes (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    body TEXT NOT NULL,             -- the scheme as JSON (resources/schemes/*.json)
    builtin INTEGER NOT NULL DEFAULT 0,
    added_at TEXT NOT NULL
);
CREATE TABLE years (
    year INTEGER PRIMARY KEY,
    scheme_id TEXT NOT NULL,
    scheme TEXT NOT NULL,           -- the year's own copy of its scheme (JSON)
    is_demo INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    locked_at TEXT, locked_by TEXT, lock_reason TEXT
);
CREATE TABLE item_scores (
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    unit TEXT NOT NULL, item TEXT NOT NULL,
    score TEXT NOT NULL,            -- decimal string, never a float
    note TEXT,
    PRIMARY KEY (year, unit, item)
);
CREATE TABLE item_events (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    item TEXT NOT NULL, rule TEXT NOT NULL,
    unit TEXT, branch TEXT,         -- a branch-level event applies to every unit of the branch
    count TEXT NOT NULL, note TEXT, date TEXT,
    CHECK ((unit IS NULL) <> (branch IS NULL))
);
CREATE TABLE ballot_counts (
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    form TEXT NOT NULL, issued INTEGER, returned INTEGER,
    PRIMARY KEY (year, form)
);
CREATE TABLE rating_ballots (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    form TEXT NOT NULL CHECK (form IN ('leaders', 'heads')),
    serial INTEGER NOT NULL,
    pass INTEGER NOT NULL DEFAULT 1,  -- 1 first keying, 2 verification keying
    scores TEXT NOT NULL,           -- JSON: unit -> five decimal strings
    void TEXT,
    keyed_by TEXT, keyed_on TEXT, keyed_at TEXT NOT NULL,
    UNIQUE (year, form, serial, pass)
);
CREATE TABLE democratic_ballots (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    serial INTEGER NOT NULL,
    pass INTEGER NOT NULL DEFAULT 1,
    marks TEXT NOT NULL,            -- JSON: cadre id -> mark; no voter identity, ever
    void TEXT,
    keyed_by TEXT, keyed_on TEXT, keyed_at TEXT NOT NULL,
    UNIQUE (year, serial, pass)
);
CREATE TABLE democratic_tallies (
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    cadre TEXT NOT NULL,
    excellent INTEGER NOT NULL, competent INTEGER NOT NULL,
    basic INTEGER NOT NULL, incompetent INTEGER NOT NULL,
    PRIMARY KEY (year, cadre)
);
CREATE TABLE leader_ratings (
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    rater INTEGER NOT NULL, cadre TEXT NOT NULL,
    scores TEXT NOT NULL,           -- JSON: five decimal strings (德能勤绩廉)
    PRIMARY KEY (year, rater, cadre)
);
CREATE TABLE adjustments (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('unit', 'cadre')),
    kind TEXT NOT NULL CHECK (kind IN ('bonus', 'deduction')),
    category TEXT NOT NULL, matter TEXT,
    points TEXT NOT NULL,
    targets TEXT NOT NULL,          -- JSON list of unit names or cadre ids
    shares TEXT,                    -- JSON list of decimal strings, or NULL for an equal split
    date TEXT, note TEXT
);
CREATE TABLE vetoes (
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    unit TEXT NOT NULL, reason TEXT NOT NULL,
    PRIMARY KEY (year, unit)
);
CREATE TABLE special_awards (
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    unit TEXT NOT NULL, award TEXT NOT NULL, reason TEXT,
    PRIMARY KEY (year, unit)
);
CREATE TABLE cadres (
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    id TEXT NOT NULL, name TEXT NOT NULL, unit TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('civil_servant', 'institution')),
    level TEXT NOT NULL, is_head INTEGER NOT NULL DEFAULT 0, barred TEXT,
    position INTEGER NOT NULL DEFAULT 0,   -- order on the printed ballot
    PRIMARY KEY (year, id)
);
CREATE TABLE indicators (
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    id TEXT NOT NULL, name TEXT NOT NULL, lead_unit TEXT, content TEXT, target TEXT, liaison TEXT,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (year, id)
);
CREATE TABLE indicator_peers (
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    position INTEGER NOT NULL, name TEXT NOT NULL,
    PRIMARY KEY (year, name)
);
CREATE TABLE indicator_reports (
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    indicator TEXT NOT NULL, month TEXT NOT NULL,
    rank INTEGER, estimated INTEGER NOT NULL DEFAULT 0,
    peer_ranks TEXT NOT NULL DEFAULT '{}', progress TEXT, signed INTEGER NOT NULL DEFAULT 0, submitted TEXT,
    PRIMARY KEY (year, indicator, month)
);
CREATE TABLE district_events (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    category TEXT NOT NULL, body TEXT NOT NULL, date TEXT
);
CREATE TABLE audit_context (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    reason TEXT, source TEXT
);
INSERT INTO audit_context (id) VALUES (1);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now', 'localtime')),
    year INTEGER, tbl TEXT NOT NULL, action TEXT NOT NULL, key TEXT NOT NULL,
    old TEXT, new TEXT, reason TEXT, source TEXT
);
CREATE INDEX audit_log_year ON audit_log (year, tbl);
"""


def audited_key_columns() -> dict[str, tuple[str, ...]]:
    """Every audited table of the current schema and the columns that identify its rows."""
    return {
        **AUDITED_TABLES,
        **AUDITED_TABLES_V2,
        **AUDITED_TABLES_V4,
        **AUDITED_TABLES_V6,
        **AUDITED_TABLES_V8,
        **AUDITED_TABLES_CLAUSES,
        **AUDITED_TABLES_CARRIED,
    }


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    # PRAGMA, not sqlite_utils: sqlite_utils imports numpy when it is installed (it is, for scanning),
    # which would add ~80 ms to every start of the window
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")').fetchall()]


def audit_trigger_sql(
    conn: sqlite3.Connection, table: str, key_columns: tuple[str, ...], with_change_id: bool = True
) -> str:
    """Triggers that write old and new row images (JSON) to audit_log for every change
    (version 1's triggers had no change id)."""
    columns = _columns(conn, table)

    def image(alias: str) -> str:
        return "json_object(" + ", ".join(f"'{c}', {alias}.{c}" for c in columns) + ")"

    def key(alias: str) -> str:
        return " || '/' || ".join(f"COALESCE({alias}.{c}, '')" for c in key_columns)

    context = "(SELECT reason FROM audit_context WHERE id = 1), (SELECT source FROM audit_context WHERE id = 1)"
    columns_out = "year, tbl, action, key, old, new, reason, source"
    if with_change_id:
        context += ", (SELECT change_id FROM audit_context WHERE id = 1)"
        columns_out += ", change_id"
    statements = []
    for action, when, old, new, alias in (
        ("insert", "AFTER INSERT", "NULL", image("NEW"), "NEW"),
        ("update", "AFTER UPDATE", image("OLD"), image("NEW"), "NEW"),
        ("delete", "AFTER DELETE", image("OLD"), "NULL", "OLD"),
    ):
        guard = ""
        if action == "update":
            # An UPDATE that changes nothing is not a change.
            guard = f" WHEN {image('OLD')} IS NOT {image('NEW')}"
        statements.append(
            f"CREATE TRIGGER audit_{table}_{action} {when} ON {table}{guard} BEGIN "
            f"INSERT INTO audit_log ({columns_out}) VALUES "
            f"({alias}.year, '{table}', '{action}', {key(alias)}, {old}, {new}, {context}); END;"
        )
    return "\n".join(statements) + "\n"


def execute_script(conn: sqlite3.Connection, script: str) -> None:
    """Run statements one by one inside the caller's transaction (executescript would commit)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""


SCHEMA_V2 = """
-- One row per atomic() block that changed something: what the audit viewer lists and undo reverts.
CREATE TABLE changes (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now', 'localtime')),
    reason TEXT, source TEXT,
    undoes INTEGER REFERENCES changes(id)  -- set on the change that undid another
);
ALTER TABLE audit_context ADD COLUMN change_id INTEGER;
ALTER TABLE audit_log ADD COLUMN change_id INTEGER;
CREATE INDEX audit_log_change ON audit_log (change_id);
-- Double entry: when and how a keyed ballot was checked against the paper.
ALTER TABLE rating_ballots ADD COLUMN verified_at TEXT;
ALTER TABLE rating_ballots ADD COLUMN verified_mode TEXT;   -- 'dependent' | 'independent'
ALTER TABLE democratic_ballots ADD COLUMN verified_at TEXT;
ALTER TABLE democratic_ballots ADD COLUMN verified_mode TEXT;
-- Every difference found by verification, and how it was settled (the keying error rate comes from here).
CREATE TABLE verification_findings (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    form TEXT NOT NULL,             -- 'leaders' | 'heads' | 'democratic' | 'leader_ratings'
    serial INTEGER NOT NULL,        -- ballot serial (rater number for leader ratings)
    mode TEXT NOT NULL CHECK (mode IN ('dependent', 'independent')),
    row_key TEXT NOT NULL,          -- unit name or cadre id
    col INTEGER,                    -- criterion index (0-based), NULL for a democratic mark
    first_value TEXT, second_value TEXT,
    resolved_value TEXT,            -- NULL while open
    first_was_wrong INTEGER,        -- 1 when the first keying was the one in error
    found_at TEXT NOT NULL, resolved_at TEXT
);
-- Editable wording of printed documents (the notice's issuer and number, certificate text), JSON per kind.
CREATE TABLE year_documents (
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (year, kind)
);
"""


def migrate_to_1(conn: sqlite3.Connection) -> None:
    execute_script(conn, SCHEMA_V1)
    for table, key_columns in AUDITED_TABLES.items():
        execute_script(conn, audit_trigger_sql(conn, table, key_columns, with_change_id=False))


def migrate_to_2(conn: sqlite3.Connection) -> None:
    execute_script(conn, SCHEMA_V2)
    # Recreate every audit trigger: new columns in the row images, and the change id.
    for table in AUDITED_TABLES:
        for action in ("insert", "update", "delete"):
            conn.execute(f"DROP TRIGGER IF EXISTS audit_{table}_{action}")
    for table, key_columns in {**AUDITED_TABLES, **AUDITED_TABLES_V2}.items():
        execute_script(conn, audit_trigger_sql(conn, table, key_columns))


# Index i migrates from version i to i + 1. Append; never edit a released step.
def migrate_to_3(conn: sqlite3.Connection) -> None:
    """The 附1 progress table is signed twice: 单位主要负责人 (`signed`) and 区分管领导 (`leader_signed`)."""
    conn.execute("ALTER TABLE indicator_reports ADD COLUMN leader_signed INTEGER NOT NULL DEFAULT 0")
    for action in ("insert", "update", "delete"):
        conn.execute(f"DROP TRIGGER IF EXISTS audit_indicator_reports_{action}")
    execute_script(conn, audit_trigger_sql(conn, "indicator_reports", AUDITED_TABLES["indicator_reports"]))


def migrate_to_4(conn: sqlite3.Connection) -> None:
    """A leader's 德能勤绩廉 sheet can be checked against the paper like a ballot: when and how."""
    conn.execute(
        "CREATE TABLE leader_sheets ("
        " year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,"
        " rater INTEGER NOT NULL,"
        " verified_at TEXT, verified_mode TEXT,"
        " PRIMARY KEY (year, rater))"
    )
    execute_script(conn, audit_trigger_sql(conn, "leader_sheets", AUDITED_TABLES_V4["leader_sheets"]))


# A locked (审定) year's keyed data cannot change, whoever writes: the window, the command line, an undo.
# The notice's wording (year_documents) stays editable: it is printed after the committee's approval.
LOCKED_YEAR_MESSAGE = "年度已审定锁定"
LOCK_GUARDED_TABLES = (
    "item_scores",
    "item_events",
    "ballot_counts",
    "rating_ballots",
    "democratic_ballots",
    "democratic_tallies",
    "leader_ratings",
    "leader_sheets",
    "adjustments",
    "vetoes",
    "special_awards",
    "cadres",
    "indicators",
    "indicator_peers",
    "indicator_reports",
    "district_events",
    "verification_findings",
)


def lock_trigger_sql(table: str) -> str:
    statements = []
    for action, rows in (("insert", ("NEW",)), ("update", ("OLD", "NEW")), ("delete", ("OLD",))):
        locked = " OR ".join(f"(SELECT locked_at FROM years WHERE year = {row}.year) IS NOT NULL" for row in rows)
        statements.append(
            f"CREATE TRIGGER lock_{table}_{action} BEFORE {action.upper()} ON {table} WHEN {locked} "
            f"BEGIN SELECT RAISE(ABORT, '{LOCKED_YEAR_MESSAGE}'); END;"
        )
    return "\n".join(statements) + "\n"


def migrate_to_5(conn: sqlite3.Connection) -> None:
    for table in LOCK_GUARDED_TABLES:
        execute_script(conn, lock_trigger_sql(table))
    # Deleting the year itself would cascade past the guards above (the parent row is gone by then).
    conn.execute(
        "CREATE TRIGGER lock_years_delete BEFORE DELETE ON years WHEN OLD.locked_at IS NOT NULL "
        f"BEGIN SELECT RAISE(ABORT, '{LOCKED_YEAR_MESSAGE}'); END"
    )


def migrate_to_6(conn: sqlite3.Connection) -> None:
    """The committee's choice where a tie at a prize or quota line leaves it open (spec: "the choice is left
    to the committee"): outcome per unit or cadre, with the reason, so certificates and the notice follow it."""
    conn.execute(
        "CREATE TABLE committee_decisions ("
        " year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,"
        " kind TEXT NOT NULL CHECK (kind IN ('unit', 'cadre')),"
        " subject TEXT NOT NULL,"  # unit name or cadre id
        " outcome TEXT NOT NULL,"  # unit: 一等奖 | 二等奖 | 无; cadre: 优秀 | 称职
        " reason TEXT, decided_at TEXT NOT NULL,"
        " PRIMARY KEY (year, kind, subject))"
    )
    execute_script(conn, audit_trigger_sql(conn, "committee_decisions", AUDITED_TABLES_V6["committee_decisions"]))
    execute_script(conn, lock_trigger_sql("committee_decisions"))


def migrate_to_7(conn: sqlite3.Connection) -> None:
    """The `years` row of a locked year is guarded too: while it is locked, the only change allowed is unlocking
    it (locked_at back to NULL, with the lock's who and why), so no writer can swap a locked year's scheme or
    flags in the file."""
    conn.execute(
        "CREATE TRIGGER lock_years_update BEFORE UPDATE ON years WHEN OLD.locked_at IS NOT NULL AND ("
        " NEW.locked_at IS NOT NULL OR NEW.year IS NOT OLD.year OR NEW.scheme_id IS NOT OLD.scheme_id"
        " OR NEW.scheme IS NOT OLD.scheme OR NEW.is_demo IS NOT OLD.is_demo OR NEW.created_at IS NOT OLD.created_at)"
        f" BEGIN SELECT RAISE(ABORT, '{LOCKED_YEAR_MESSAGE}'); END"
    )


SCHEMA_V8 = """
-- How a first-pass democratic ballot came in: keyed by the clerk, or read from a scan (扫描). A scanned
-- ballot has no keyed_by/keyed_on, and keyed_at holds the day only (no time that could follow a voter).
ALTER TABLE democratic_ballots ADD COLUMN entry TEXT NOT NULL DEFAULT 'keyed';
-- Page images of scanned forms (PNG, code area blank: no sheet token), by the SHA-256 of their bytes.
CREATE TABLE scan_images (
    digest TEXT PRIMARY KEY,
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    data BLOB NOT NULL
);
-- The pages of a stored ballot or sheet (form as in verification_findings; serial: the rater for a leader's sheet).
CREATE TABLE scan_ballot_pages (
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    form TEXT NOT NULL, serial INTEGER NOT NULL, page INTEGER NOT NULL,
    image TEXT NOT NULL,            -- scan_images.digest
    PRIMARY KEY (year, form, serial, page)
);
-- Scanned and not (yet) a ballot: a democratic ballot waiting for review (unclear marks, a page missing, no
-- mark at all), or an annex-4/5 ballot or leader's sheet waiting to be keyed from its image. Never counted.
CREATE TABLE scan_pending (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    form TEXT NOT NULL,
    pages INTEGER NOT NULL,         -- pages the form has
    body TEXT NOT NULL,             -- JSON: page → image digest and (democratic) the reading of each row
    scanned_on TEXT NOT NULL        -- the day only
);
-- The clerk's decision on each unclear row of a scanned ballot (cadre NULL: the whole ballot, 废票).
CREATE TABLE scan_decisions (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    serial INTEGER NOT NULL, cadre TEXT,
    machine TEXT,                   -- the reader's best reading (NULL: no mark)
    reason TEXT,                    -- why it was unclear
    decided TEXT NOT NULL           -- 优秀/称职/基本称职/不称职, 未标记 or 废票
);
-- Pages of scan files already taken in (file SHA-256, 0-based page), so a rerun never stores a ballot twice.
CREATE TABLE scan_inputs (
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    digest TEXT NOT NULL, page INTEGER NOT NULL,
    outcome TEXT NOT NULL,          -- 'ballot' (stored or waiting) or 'other' (a test ballot, an empty side)
    PRIMARY KEY (year, digest, page)
);
-- A stored ballot's pages go with it (an undo restores both: the delete below is audited too).
CREATE TRIGGER scan_pages_follow_democratic AFTER DELETE ON democratic_ballots WHEN OLD.pass = 1 BEGIN
    DELETE FROM scan_ballot_pages WHERE year = OLD.year AND form = 'democratic' AND serial = OLD.serial;
END;
CREATE TRIGGER scan_pages_follow_rating AFTER DELETE ON rating_ballots WHEN OLD.pass = 1 BEGIN
    DELETE FROM scan_ballot_pages WHERE year = OLD.year AND form = OLD.form AND serial = OLD.serial;
END;
CREATE TRIGGER scan_pages_follow_leader AFTER DELETE ON leader_ratings
WHEN NOT EXISTS (SELECT 1 FROM leader_ratings WHERE year = OLD.year AND rater = OLD.rater) BEGIN
    DELETE FROM scan_ballot_pages WHERE year = OLD.year AND form = 'leader_ratings' AND serial = OLD.rater;
END;
-- Scans keep no time finer than the day: a change that touches a scanned ballot or a scan table records
-- only its date, in the audit log and in the change list (whoever writes: the scan page, the command line,
-- an undo, a verification).
CREATE TRIGGER scan_audit_day AFTER INSERT ON audit_log
WHEN NEW.tbl IN ('scan_pending', 'scan_ballot_pages', 'scan_decisions', 'scan_inputs')
  OR (NEW.tbl = 'democratic_ballots' AND json_extract(COALESCE(NEW.new, NEW.old), '$.entry') = 'scanned')
  OR (SELECT length(at) FROM changes WHERE id = NEW.change_id) = 10
BEGIN
    UPDATE audit_log SET at = substr(at, 1, 10) WHERE change_id = NEW.change_id AND length(at) > 10;
    UPDATE changes SET at = substr(at, 1, 10) WHERE id = NEW.change_id AND length(at) > 10;
END;
"""


def migrate_to_8(conn: sqlite3.Connection) -> None:
    """Scanned ballots (扫描录入, docs/guide/scanning.md): the entry column, page images, waiting items, the
    clerk's decisions, the scan files taken in; their audit and lock triggers; day-only times."""
    execute_script(conn, SCHEMA_V8)
    for action in ("insert", "update", "delete"):
        conn.execute(f"DROP TRIGGER IF EXISTS audit_democratic_ballots_{action}")
    execute_script(conn, audit_trigger_sql(conn, "democratic_ballots", AUDITED_TABLES["democratic_ballots"]))
    for table, key_columns in AUDITED_TABLES_V8.items():
        execute_script(conn, audit_trigger_sql(conn, table, key_columns))
        execute_script(conn, lock_trigger_sql(table))


def migrate_clauses(conn: sqlite3.Connection) -> None:
    """Issue 12, the seed's clauses that could not be keyed: the year's assessment date (表彰奖励在本年度干部考核之后
    公布的，相关加分项目计入下一年度) and its quota mode; a barred cadre's ground (干部办法三（三）3 ①②, or 其他 with the
    reason as the note); 不定等次 / 不参加评优 with a reason (干部办法七); 突出贡献奖 for cadres (干部办法五); the 人社局's
    quota for a pool (最终优秀等次比例以市人社局审核通过为准), with the reason."""
    # The cadres' and years' audit triggers are rebuilt (new columns in the row images); the cadres' lock triggers
    # wait until a locked year's barred cadres have their ground.
    guarded = ("cadres", *AUDITED_TABLES_CLAUSES)
    for action in ("insert", "update", "delete"):
        for table in ("years", *guarded):
            conn.execute(f"DROP TRIGGER IF EXISTS audit_{table}_{action}")
        for table in guarded:
            conn.execute(f"DROP TRIGGER IF EXISTS lock_{table}_{action}")
    # Idempotent: a file whose version number was set back (a test simulating an older file) runs it again.
    added = {
        ("years", "assessment_date"): "TEXT",
        ("years", "quota_mode"): "TEXT CHECK (quota_mode IN ('per_pool', 'proportional'))",
        ("cadres", "barred_ground"): "TEXT CHECK (barred_ground IN ('受到处分', '严重失职', '其他'))",
        ("cadres", "not_assessed"): "TEXT CHECK (not_assessed IN ('不定等次', '不参加评优'))",
        ("cadres", "not_assessed_reason"): "TEXT",
    }
    for (table, column), kind in added.items():
        if column not in _columns(conn, table):
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    execute_script(
        conn,
        """
        UPDATE cadres SET barred_ground = CASE
            WHEN barred LIKE '%处分%' THEN '受到处分'
            WHEN barred LIKE '%失职%' THEN '严重失职'
            ELSE '其他' END
          WHERE barred IS NOT NULL AND barred <> '' AND barred_ground IS NULL;
        CREATE TABLE IF NOT EXISTS cadre_special_awards (
            year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
            cadre TEXT NOT NULL, award TEXT NOT NULL, reason TEXT,
            PRIMARY KEY (year, cadre)
        );
        CREATE TABLE IF NOT EXISTS quota_overrides (
            year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
            pool TEXT NOT NULL,             -- category/level, as the results name it
            quota INTEGER NOT NULL CHECK (quota >= 0),
            reason TEXT NOT NULL,
            PRIMARY KEY (year, pool)
        );
        """,
    )
    for table in ("years", *guarded):
        execute_script(conn, audit_trigger_sql(conn, table, audited_key_columns()[table]))
    for table in guarded:
        execute_script(conn, lock_trigger_sql(table))
    # A locked year's assessment date and quota mode are as guarded as the rest of its row (migration 7).
    conn.execute("DROP TRIGGER IF EXISTS lock_years_update")
    conn.execute(
        "CREATE TRIGGER lock_years_update BEFORE UPDATE ON years WHEN OLD.locked_at IS NOT NULL AND ("
        " NEW.locked_at IS NOT NULL OR NEW.year IS NOT OLD.year OR NEW.scheme_id IS NOT OLD.scheme_id"
        " OR NEW.scheme IS NOT OLD.scheme OR NEW.is_demo IS NOT OLD.is_demo OR NEW.created_at IS NOT OLD.created_at"
        " OR NEW.assessment_date IS NOT OLD.assessment_date OR NEW.quota_mode IS NOT OLD.quota_mode)"
        f" BEGIN SELECT RAISE(ABORT, '{LOCKED_YEAR_MESSAGE}'); END"
    )


def migrate_carried_copies(conn: sqlite3.Connection) -> None:
    """The events a year took from the year before (干部办法三（三）1：表彰奖励在本年度干部考核之后公布的，相关加分项目
    计入下一年度考核成绩), as the year's own year file brought them: kept with the year, audited and guarded by its
    lock like its other keyed data, and read only while the file holds no real year before (app.models.carried)."""
    execute_script(
        conn,
        """
        CREATE TABLE IF NOT EXISTS carried_copies (
            year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
            target_kind TEXT NOT NULL CHECK (target_kind IN ('unit', 'cadre')),
            body TEXT NOT NULL,             -- JSON list of year-file adjustment entries
            PRIMARY KEY (year, target_kind)
        );
        """,
    )
    for table, key_columns in AUDITED_TABLES_CARRIED.items():
        for action in ("insert", "update", "delete"):
            conn.execute(f"DROP TRIGGER IF EXISTS audit_{table}_{action}")
            conn.execute(f"DROP TRIGGER IF EXISTS lock_{table}_{action}")
        execute_script(conn, audit_trigger_sql(conn, table, key_columns))
        execute_script(conn, lock_trigger_sql(table))


def migrate_years_replace_guard(conn: sqlite3.Connection) -> None:
    """`INSERT OR REPLACE INTO years` deletes a locked year's row without firing `lock_years_delete` (SQLite fires
    delete triggers on REPLACE only with recursive_triggers), and the delete cascades to every keyed table: the
    year would come back unlocked, on any scheme, without its data. The insert is guarded instead."""
    conn.execute(
        "CREATE TRIGGER IF NOT EXISTS lock_years_insert BEFORE INSERT ON years"
        " WHEN (SELECT locked_at FROM years WHERE year = NEW.year) IS NOT NULL"
        f" BEGIN SELECT RAISE(ABORT, '{LOCKED_YEAR_MESSAGE}'); END"
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    migrate_to_1,
    migrate_to_2,
    migrate_to_3,
    migrate_to_4,
    migrate_to_5,
    migrate_to_6,
    migrate_to_7,
    migrate_to_8,
    migrate_clauses,
    migrate_carried_copies,
    migrate_years_replace_guard,
]
SCHEMA_VERSION = len(MIGRATIONS)
