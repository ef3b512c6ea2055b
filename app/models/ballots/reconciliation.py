"""清点与核对: ballots issued and returned per form, against what was keyed, voided and verified."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from decimal import Decimal

from app.models.ballots.forms import (
    COUNTED_FORMS,
    DEMOCRATIC,
    FORM_TITLES,
    LEADER_RATINGS,
    KeyingError,
    form_clause,
    table_for,
)
from app.models.ballots.keying import leader_raters, serials, verified_raters
from app.models.db import Database
from app.models.schemes import Scheme

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
    scanned: int = 0  # of `keyed`, the ballots that came in by 扫描 (democratic only)
    waiting_scans: int = 0  # scanned forms waiting for review or keying: not ballots, not in `keyed`

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
        if self.waiting_scans:
            where = "“扫描录入”页复核" if self.form == DEMOCRATIC else "录入页对照图像录入"
            out.append(f"{title}：还有 {self.waiting_scans} 张扫描件待在{where}（未计入已录入）")
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
    waiting = {
        r[0]: r[1] for r in db.query("SELECT form, count(*) FROM scan_pending WHERE year = ? GROUP BY form", (year,))
    }
    scanned = db.query(
        "SELECT count(*) FROM democratic_ballots WHERE year = ? AND pass = 1 AND entry = 'scanned'", (year,)
    )[0][0]
    result = []
    for form in COUNTED_FORMS:
        if form == LEADER_RATINGS:
            # One sheet per rater; no 废票 and no second keying pass for these.
            row = {"keyed": len(leader_raters(db, year)), "void": 0, "verified": len(verified_raters(db, year))}
            row["second"] = 0
            per_ballot = cadre_count * len(scheme.leader_rating_maxima)
        else:
            clause, params = form_clause(form)
            row = db.query(
                f"SELECT sum(pass = 1) AS keyed, count(void) FILTER (WHERE pass = 1) AS void, "
                f"sum(pass = 1 AND verified_at IS NOT NULL) AS verified, sum(pass = 2) AS second "
                f"FROM {table_for(form)} WHERE year = ?{clause}",
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
                scanned if form == DEMOCRATIC else 0,
                waiting.get(form, 0),
            )
        )
    return result
