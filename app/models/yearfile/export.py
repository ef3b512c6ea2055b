"""A year as a year file: importing it into an empty database gives the same results."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from app.models import store
from app.models.carried import adjustment_entry
from app.models.db import Database
from app.models.decisions import Decision, read_decisions
from app.models.district.events import read_bodies
from app.models.district.indicators import read_indicators, stored_peers
from app.models.district.reports import read_reports
from app.models.errors import Problem, ValidationError
from app.models.jsontext import num
from app.models.loader import compute_results, load_item_scores
from app.models.yearfile import carried_in, year_rules
from app.models.yearfile.plan import FORMAT
from app.scoring.decisions import applicable


def export_year(db: Database, year: int) -> dict[str, Any]:
    info = store.year_info(db, year)
    if info is None:
        raise ValidationError([Problem("--year", f"数据文件中没有 {year} 年度")])
    scheme = store.year_scheme(db, year)
    notes = store.read_item_notes(db, year)
    scores = load_item_scores(db, year, scheme)  # includes scores derived from deduction events
    item_scores = []
    for unit in scheme.units:
        for item in scheme.items_for_unit(unit.name):
            if (unit.name, item.id) in scores:
                entry: dict[str, Any] = {"unit": unit.name, "item": item.id, "score": num(scores[(unit.name, item.id)])}
                note = notes.get((unit.name, item.id))
                if note:
                    entry["note"] = note
                item_scores.append(entry)
    unit_ballots = []
    for r in db.query(
        "SELECT form, serial, scores, void FROM rating_ballots WHERE year = ? AND pass = 1 ORDER BY form, serial",
        (year,),
    ):
        ballot: dict[str, Any] = {
            "form": r["form"],
            "ballot": r["serial"],
            "scores": {u: [num(Decimal(s)) for s in v] for u, v in json.loads(r["scores"]).items()},
        }
        if r["void"]:
            ballot["void"] = r["void"]
        unit_ballots.append(ballot)
    unit_adjustments, cadre_adjustments = [], []
    for row in store.read_adjustments(db, year):
        (unit_adjustments if row.target_kind == "unit" else cadre_adjustments).append(adjustment_entry(row))
    cadres = [cadre_entry(c) for c in store.read_cadres(db, year)]
    democratic = []
    for r in db.query(
        "SELECT serial, marks, void FROM democratic_ballots WHERE year = ? AND pass = 1 ORDER BY serial", (year,)
    ):
        ballot = {"ballot": r["serial"], "marks": json.loads(r["marks"])}
        if r["void"]:
            ballot["void"] = r["void"]
        democratic.append(ballot)
    tallies = [
        {
            "cadre": r["cadre"],
            "优秀": r["excellent"],
            "称职": r["competent"],
            "基本称职": r["basic"],
            "不称职": r["incompetent"],
        }
        for r in db.query("SELECT * FROM democratic_tallies WHERE year = ? ORDER BY cadre", (year,))
    ]
    ratings = [
        {"rater": r["rater"], "cadre": r["cadre"], "scores": [num(Decimal(s)) for s in json.loads(r["scores"])]}
        for r in db.query("SELECT * FROM leader_ratings WHERE year = ? ORDER BY rater, cadre", (year,))
    ]
    body = scheme.body
    result: dict[str, Any] = {
        "format": FORMAT,
        "year": year,
        "scheme": info.scheme_id,
        "units": [{"name": u.name, "short": u.short, "group": u.group, "branch": u.branch} for u in scheme.units],
        "items": [
            {"id": i.id, "unit": i.unit, "part": i.part, "title": i.title, "max": num(i.max)} for i in scheme.items
        ],
        "criteria": {
            form: [{"name": c["name"], "max": c["max"]} for c in body["criteria"][form]["items"]]
            for form in ("leaders", "heads")
        },
        "categories": [
            {"id": c["id"], "kind": c["kind"], "cap": c.get("cap")}
            for c in [*body["unit_adjustments"]["categories"], *body["cadres"]["adjustments"]["categories"]]
        ],
        "item_scores": item_scores,
        "unit_ballots": unit_ballots,
        "unit_adjustments": unit_adjustments,
        "vetoes": [
            {"unit": r["unit"], "reason": r["reason"]} for r in db.query("SELECT * FROM vetoes WHERE year = ?", (year,))
        ],
        "special_awards": [
            {"unit": r["unit"], "award": r["award"], **({"reason": r["reason"]} if r["reason"] else {})}
            for r in db.query("SELECT * FROM special_awards WHERE year = ?", (year,))
        ]
        + year_rules.export_cadre_awards(db, year),
        "cadres": cadres,
        "democratic_ballots": democratic,
        "democratic_tallies": tallies,
        "leader_ratings": ratings,
        "cadre_adjustments": cadre_adjustments,
    }
    result.update(carried_in.export(db, year))
    result.update(year_rules.export(db, year))
    result.update(export_district(db, year))
    decisions = standing_decisions(db, year)
    if decisions:  # this program's extension: absent when there is no 党委审定, so the file is the spec's format
        result["committee_decisions"] = [
            {"kind": d.kind, "subject": d.subject, "outcome": d.outcome, "reason": d.reason} for d in decisions
        ]
    return result


def standing_decisions(db: Database, year: int) -> list[Decision]:
    """The 党委审定 that still stand: the subject is in a tie of the results as they are now and its group's decisions
    can all stand. One whose tie is gone (a score corrected since: the results say 党委审定未采用) moves no result,
    and the import, which checks each decision against the ties, would refuse the file: it is left out."""
    stored = read_decisions(db, year)
    decided = {(d.kind, d.subject): d.outcome for d in stored}
    standing: set[tuple[str, str]] = set()
    for group in compute_results(db, year).ties:
        outcomes, problem = applicable(group, decided)
        if problem is None:
            standing |= {(group.kind, member) for member in outcomes}
    return [d for d in stored if (d.kind, d.subject) in standing]


def cadre_entry(c: store.CadreRow) -> dict[str, Any]:
    """The spec's fields; the ground of a barred person and 不定等次 only when set (docs/year-file.md)."""
    entry: dict[str, Any] = {
        "id": c.id,
        "name": c.name,
        "unit": c.unit,
        "category": c.category,
        "level": c.level,
        "is_head": c.is_head,
        "barred": c.barred,
    }
    if c.barred:
        entry["barred_ground"] = c.ground
    if c.not_assessed:
        entry["not_assessed"] = {"kind": c.not_assessed, "reason": c.not_assessed_reason or ""}
    return entry


def export_district(db: Database, year: int) -> dict[str, Any]:
    indicators = [
        {k: v for k, v in vars(indicator).items() if v is not None} for indicator in read_indicators(db, year)
    ]
    peers = stored_peers(db, year)
    reports = []
    for r in sorted(read_reports(db, year), key=lambda report: (report.indicator, report.month)):
        report: dict[str, Any] = {
            "indicator": r.indicator,
            "month": r.month,
            "rank": r.rank,
            "estimated": r.estimated,
            "peer_ranks": r.peer_ranks,
            "signed": r.signed,
        }
        if r.leader_signed:  # the program's addition; left out when false so the file stays the spec's
            report["leader_signed"] = True
        if r.progress is not None:
            report["progress"] = r.progress
        if r.submitted is not None:
            report["submitted"] = r.submitted
        reports.append(report)
    events = []
    for _id, event in read_bodies(db, year):
        events.append(
            {
                k: (num(Decimal(v)) if k in ("investment", "points", "peers_honored_share") and v is not None else v)
                for k, v in event.items()
                if v is not None or k == "tier"
            }
        )
    out: dict[str, Any] = {}
    if indicators:
        out["indicators"] = indicators
    if peers:
        out["peers"] = peers
    if reports:
        out["indicator_reports"] = reports
    if events:
        out["district_events"] = events
    return out
