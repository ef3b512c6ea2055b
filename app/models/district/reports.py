"""The monthly progress reports (附1): one row per indicator and month, written by one upsert that runs the
checks, whether the clerk keys it on the page or a year file brings it."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date

from app.models.db import Database
from app.models.district.indicators import blank_none
from app.models.errors import Problem, ValidationError
from app.models.jsontext import typed_text_problems
from app.models.reader import is_month
from app.scoring.district import IndicatorMonth


@dataclass(frozen=True)
class Report:
    indicator: str
    month: str  # YYYY-MM
    rank: int | None = None  # 最新排名（或预估排名）
    estimated: bool = False
    peer_ranks: dict[str, int] = field(default_factory=dict)  # 目前三区比较情况
    progress: str | None = None
    signed: bool = False  # 单位主要负责人签字
    leader_signed: bool = False  # 区分管领导审签
    submitted: str | None = None  # YYYY-MM-DD

    def as_month(self) -> IndicatorMonth:
        return IndicatorMonth(self.indicator, self.month, self.rank, dict(self.peer_ranks))


def _report(row: sqlite3.Row) -> Report:
    return Report(
        indicator=row["indicator"],
        month=row["month"],
        rank=row["rank"],
        estimated=bool(row["estimated"]),
        peer_ranks=json.loads(row["peer_ranks"]),
        progress=row["progress"],
        signed=bool(row["signed"]),
        leader_signed=bool(row["leader_signed"]),
        submitted=row["submitted"],
    )


def read_reports(db: Database, year: int, month: str | None = None) -> list[Report]:
    if month is None:
        rows = db.query("SELECT * FROM indicator_reports WHERE year = ? ORDER BY month, indicator", (year,))
    else:
        rows = db.query("SELECT * FROM indicator_reports WHERE year = ? AND month = ?", (year, month))
    return [_report(r) for r in rows]


def month_reports(db: Database, year: int, month: str) -> dict[str, Report]:
    return {r.indicator: r for r in read_reports(db, year, month)}


def history(db: Database, year: int, indicator: str) -> list[Report]:
    return [r for r in read_reports(db, year) if r.indicator == indicator]


def report_months(db: Database, year: int) -> list[str]:
    return [
        r["month"] for r in db.query("SELECT DISTINCT month FROM indicator_reports WHERE year = ? ORDER BY 1", (year,))
    ]


def all_months(db: Database, year: int) -> list[IndicatorMonth]:
    """This year's reports and last year's (for 与上年同期相比)."""
    rows = db.query(
        "SELECT indicator, month, rank, peer_ranks FROM indicator_reports WHERE year IN (?, ?)", (year, year - 1)
    )
    return [IndicatorMonth(r["indicator"], r["month"], r["rank"], json.loads(r["peer_ranks"])) for r in rows]


def check_month(month: str) -> str:
    if is_month(month):
        return month
    raise ValidationError([Problem("月份", f"月份应为 YYYY-MM，实际为 {month!r}")])


def save_report(conn: sqlite3.Connection, year: int, report: Report) -> None:
    """Store one indicator's month (replacing what was keyed before), after checking it: the one write of
    `indicator_reports`, for the page and the year file's import alike."""
    check_month(report.month)
    where = f"{report.month} {report.indicator}"
    problems = []
    known = conn.execute("SELECT 1 FROM indicators WHERE year = ? AND id = ?", (year, report.indicator)).fetchone()
    if known is None:
        problems.append(Problem(where, f"未知指标 {report.indicator!r}"))
    if report.rank is not None and report.rank < 1:
        problems.append(Problem(f"{where} 排名", "排名应为正整数"))
    problems += typed_text_problems({f"{where} 进展情况": report.progress})
    for peer, rank in report.peer_ranks.items():
        if rank < 1:
            problems.append(Problem(f"{where} {peer}", "排名应为正整数"))
    if report.submitted is not None:
        try:
            date.fromisoformat(report.submitted)
        except ValueError:
            problems.append(Problem(f"{where} 报送日期", f"日期应为 YYYY-MM-DD，实际为 {report.submitted!r}"))
    if problems:
        raise ValidationError(problems)
    conn.execute(
        "INSERT INTO indicator_reports (year, indicator, month, rank, estimated, peer_ranks, progress, signed, "
        "leader_signed, submitted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (year, indicator, month) "
        "DO UPDATE SET rank = excluded.rank, estimated = excluded.estimated, peer_ranks = excluded.peer_ranks, "
        "progress = excluded.progress, signed = excluded.signed, leader_signed = excluded.leader_signed, "
        "submitted = excluded.submitted",
        (
            year,
            report.indicator,
            report.month,
            report.rank,
            int(report.estimated),
            json.dumps(report.peer_ranks, ensure_ascii=False),
            blank_none(report.progress),
            int(report.signed),
            int(report.leader_signed),
            report.submitted,
        ),
    )


def delete_report(conn: sqlite3.Connection, year: int, indicator: str, month: str) -> None:
    conn.execute(
        "DELETE FROM indicator_reports WHERE year = ? AND indicator = ? AND month = ?", (year, indicator, month)
    )
