"""Merging a year file: validate everything first (`read_year_file`), then write it all in one transaction,
or nothing. `import_ballot_batch` merges only the ballots keyed on another PC."""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from typing import Any

from app.models import store
from app.models.carried import store_copies
from app.models.committee import tie_group_of
from app.models.db import Database
from app.models.decisions import decision_map, delete_decision, insert_decisions
from app.models.district.events import event_body, insert_event, stored_bodies
from app.models.district.indicators import replace_peers, save_indicator
from app.models.district.reports import save_report
from app.models.errors import Problem, ValidationError
from app.models.yearfile.plan import ImportSummary, Plan
from app.models.yearfile.reading import read_year_file
from app.scoring.decisions import group_problem

BALLOT_BATCH_KEYS = ("format", "year", "scheme", "unit_ballots", "democratic_ballots")


def import_year_file(db: Database, data: Any, source: str = "import") -> ImportSummary:
    """Validate everything first; then write it all in one transaction, or nothing."""
    plan = read_year_file(db, data)
    counts: dict[str, int] = defaultdict(int)
    # Re-importing a file must not double its events, yet two identical events in one file both count:
    # an event is skipped only while the file has no more copies of it than the year already holds.
    already_stored = Counter(row.content_key() for row in store.read_adjustments(db, plan.year))
    with db.atomic(reason="导入年度文件", source=source) as conn:
        if plan.create_scheme_body is not None:
            store.create_year(conn, plan.year, plan.create_scheme_body)
        for (unit, item), (score, note) in plan.item_scores.items():
            store.set_item_score(conn, plan.year, unit, item, score, note)
            counts["item_scores"] += 1
        for form, serial, scores, void in plan.unit_ballots:
            store.insert_rating_ballot(conn, plan.year, form, serial, scores, void, keyed_on=source)
            counts["unit_ballots"] += 1
        for row in plan.adjustments:
            if already_stored[row.content_key()] > 0:
                already_stored[row.content_key()] -= 1
                continue
            store.insert_adjustment(conn, plan.year, row)
            counts[f"{row.target_kind}_adjustments"] += 1
        if plan.carried is not None:
            store_copies(conn, plan.year, plan.carried)
            counts["carried_adjustments"] += sum(len(entries) for entries in plan.carried.values())
        for unit, reason in plan.vetoes.items():
            store.set_veto(conn, plan.year, unit, reason)
            counts["vetoes"] += 1
        for unit, (award, reason) in plan.special_awards.items():
            store.set_special_award(conn, plan.year, unit, award, reason)
            counts["special_awards"] += 1
        for cadre in plan.cadres:
            store.upsert_cadre(conn, plan.year, cadre)
            counts["cadres"] += 1
        write_year_rules(conn, plan, counts)
        for serial, marks, void in plan.democratic_ballots:
            store.insert_democratic_ballot(conn, plan.year, serial, marks, void, keyed_on=source)
            counts["democratic_ballots"] += 1
        for cadre_id, tally in plan.tallies.items():
            store.set_tally(conn, plan.year, cadre_id, tally)
            counts["democratic_tallies"] += 1
        for (rater, cadre_id), scores in plan.leader_ratings.items():
            store.set_leader_rating(conn, plan.year, rater, cadre_id, scores)
            counts["leader_ratings"] += 1
        write_district(conn, plan, counts)
        if plan.decisions:
            write_decisions(db, conn, plan, counts)
    return ImportSummary(plan.year, plan.create_scheme_body is not None, dict(counts), plan.skipped_identical)


def write_year_rules(conn: sqlite3.Connection, plan: Plan, counts: dict[str, int]) -> None:
    """The assessment date and quota mode the file gives, 突出贡献奖, the 人社局's quotas (year_rules)."""
    if plan.settings:
        settings = store.read_year_settings_in(conn, plan.year)
        store.write_year_settings(
            conn,
            plan.year,
            store.YearSettings(
                plan.settings.get("assessment_date", settings.assessment_date),
                plan.settings.get("quota_mode", settings.quota_mode),
            ),
        )
    for cadre_id, (award, reason) in plan.cadre_awards.items():
        store.set_cadre_special_award(conn, plan.year, store.CadreAwardRow(cadre_id, award, reason))
        counts["special_awards"] += 1
    for override in plan.quota_overrides:
        store.set_quota_override(conn, plan.year, override)
        counts["quota_overrides"] += 1


def write_district(conn: sqlite3.Connection, plan: Plan, counts: dict[str, int]) -> None:
    """Indicators, peers, reports and events through the district's own writes (the reports' one upsert)."""
    for indicator in plan.indicators:
        save_indicator(conn, plan.year, indicator)
        counts["indicators"] += 1
    if plan.peers is not None:
        replace_peers(conn, plan.year, plan.peers)
    for report in plan.indicator_reports:
        save_report(conn, plan.year, report)
        counts["indicator_reports"] += 1
    already_stored = Counter(stored_bodies(conn, plan.year))
    for event in plan.district_events:
        key = (event["category"], event_body(event))
        if already_stored[key] > 0:
            already_stored[key] -= 1
            continue
        insert_event(conn, plan.year, event)
        counts["district_events"] += 1


def write_decisions(db: Database, conn: sqlite3.Connection, plan: Plan, counts: dict[str, int]) -> None:
    """Replace the file's decisions, then check them against the ties of the data as now written; a problem
    raises inside the transaction, so nothing of the file is written."""
    for _path, decision in plan.decisions:
        delete_decision(conn, plan.year, decision.kind, decision.subject)
    insert_decisions(conn, plan.year, [d for _p, d in plan.decisions])
    stored = decision_map(db, plan.year)
    problems = []
    for path, decision in plan.decisions:
        group = tie_group_of(db, plan.year, decision.kind, decision.subject)
        if group is None:
            problems.append(Problem(f"{path}.subject", f"{decision.subject} 不在需党委审定的并列名次中"))
            continue
        chosen = {m: stored[(group.kind, m)] for m in group.members if (group.kind, m) in stored}
        problem = group_problem(group, chosen)
        if problem:
            problems.append(Problem(f"{path}.outcome", f"{group.scope}：{problem}"))
    if problems:
        raise ValidationError(problems)
    counts["committee_decisions"] += len(plan.decisions)


def import_ballot_batch(db: Database, data: Any, keying_pass: int = 1, source: str = "batch") -> ImportSummary:
    """Merge only the ballots of a year file keyed on another PC into a year that exists here: as first
    keying (two clerks sharing the stack) or as the verification keying (pass 2). The file's other
    sections (catalogue, roster, scores …) are that PC's copy of the same year and are not read, so
    nothing else can be overwritten. A ballot already keyed in that pass with the same content is
    skipped; with different content it is a conflict, listed with both versions, and nothing is
    written. Pass 2 is then compared with pass 1 by `app.models.ballots.verification.compare_passes`."""
    if not isinstance(data, dict):
        raise ValidationError([Problem("$", "年度文件应为一个 JSON 对象")])
    year = data.get("year")
    if not isinstance(year, int) or store.year_info(db, year) is None:
        raise ValidationError([Problem("$.year", f"本数据文件中没有 {year} 年度，无法合并另一台电脑的录入")])
    subset = {key: data[key] for key in BALLOT_BATCH_KEYS if key in data}
    plan = read_year_file(db, subset, keying_pass=keying_pass)
    counts: dict[str, int] = defaultdict(int)
    what = "第二遍录入" if keying_pass == 2 else "录入"
    with db.atomic(reason=f"合并另一台电脑的{what}", source=source) as conn:
        for form, serial, scores, void in plan.unit_ballots:
            store.insert_rating_ballot(
                conn, plan.year, form, serial, scores, void, keying_pass=keying_pass, keyed_on=source
            )
            counts["unit_ballots"] += 1
        for serial, marks, void in plan.democratic_ballots:
            store.insert_democratic_ballot(
                conn, plan.year, serial, marks, void, keying_pass=keying_pass, keyed_on=source
            )
            counts["democratic_ballots"] += 1
    return ImportSummary(plan.year, False, dict(counts), plan.skipped_identical)


def import_second_pass(db: Database, data: Any, source: str = "second-pass") -> ImportSummary:
    """A batch keyed on another PC as the verification keying (pass 2)."""
    return import_ballot_batch(db, data, keying_pass=2, source=source)
