"""Rows → the engine's dataclasses, and the year's results computed from them."""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal

from app.models.carried import stored_copies
from app.models.db import Database
from app.models.decisions import read_decisions
from app.models.district.events import derived_adjustments, read_events
from app.models.district.reports import read_reports
from app.models.errors import AppraisalError
from app.models.schemes import Scheme
from app.models.store import (
    AdjustmentRow,
    read_adjustments,
    read_cadre_special_awards,
    read_cadres,
    read_quota_overrides,
    read_year_settings,
    year_has_indicator_data,
    year_info,
    year_scheme,
)
from app.scoring import YearInput, YearResult, compute_year
from app.scoring.adjustments import counts_next_year
from app.scoring.district import DERIVED_CATEGORIES, DistrictEvent, IndicatorMonth
from app.scoring.inputs import (
    Adjustment,
    AdjustmentRules,
    Cadre,
    Category,
    DemocraticBallot,
    LeaderRating,
    MarkCounts,
    QuotaOverride,
    RatingBallot,
    UnitHistory,
)
from app.scoring.items import ItemEvent, ItemRule, item_score


def rule_lookup(scheme: Scheme) -> dict[tuple[str, str], ItemRule]:
    """(item id, rule index) → the item's structured rule, for scoring by deduction events."""
    rules = {}
    for row in scheme.item_rows():
        for index, rule in enumerate(row.get("rules", [])):
            rules[(row["id"], str(index))] = ItemRule(
                id=f"{row['id']}#{index}",
                kind=rule["kind"],
                points=Decimal(str(rule["points"])),
                cap=None if rule.get("cap") is None else Decimal(str(rule["cap"])),
            )
    return rules


def load_item_scores(db: Database, year: int, scheme: Scheme) -> dict[tuple[str, str], Decimal]:
    scores = {
        (r["unit"], r["item"]): Decimal(r["score"])
        for r in db.query("SELECT unit, item, score FROM item_scores WHERE year = ?", (year,))
    }
    events = db.query("SELECT item, rule, unit, branch, count FROM item_events WHERE year = ?", (year,))
    if events:
        rules = rule_lookup(scheme)
        units_of_branch: dict[str, list[str]] = defaultdict(list)
        for unit in scheme.units:
            units_of_branch[unit.branch].append(unit.name)
        per_item: dict[tuple[str, str], list[ItemEvent]] = defaultdict(list)
        for event in events:
            rule = rules.get((event["item"], event["rule"]))
            if rule is None:
                continue
            # 支部所有科室扣…: a branch-level event applies to every unit of that branch.
            targets = [event["unit"]] if event["unit"] else units_of_branch.get(event["branch"], [])
            for unit in targets:
                per_item[(unit, event["item"])].append(ItemEvent(rule, Decimal(event["count"])))
        for (unit, item_id), item_events in per_item.items():
            item = scheme.items_by_id.get(item_id)
            if item is None or (unit, item_id) in scores:
                continue  # an explicit score wins over events
            scores[(unit, item_id)] = item_score(item.max, item_events, item.may_exceed)
    return scores


def load_year_input(db: Database, year: int, with_history: bool = True) -> YearInput:
    scheme = year_scheme(db, year)
    unit_ballots = tuple(
        RatingBallot(
            form=r["form"],
            serial=r["serial"],
            scores={unit: tuple(Decimal(s) for s in values) for unit, values in json.loads(r["scores"]).items()},
            void=r["void"],
        )
        for r in db.query(
            "SELECT form, serial, scores, void FROM rating_ballots WHERE year = ? AND pass = 1 ORDER BY form, serial",
            (year,),
        )
    )
    adjustments = read_adjustments(db, year)
    settings = read_year_settings(db, year)
    cadres = tuple(
        Cadre(
            c.id,
            c.name,
            c.unit,
            c.category,
            c.level,
            c.is_head,
            c.barred,
            barred_ground=c.ground,
            not_assessed=c.not_assessed,
            not_assessed_reason=c.not_assessed_reason or "",
        )
        for c in read_cadres(db, year)
    )
    decisions = read_decisions(db, year)
    carried_units, carried_cadres = carried_in(db, year, "unit"), carried_in(db, year, "cadre")
    cadre_rules = scheme.cadre_rules
    if settings.quota_mode:
        cadre_rules = replace(cadre_rules, quota_mode=settings.quota_mode)
    democratic = tuple(
        DemocraticBallot(r["serial"], json.loads(r["marks"]), r["void"])
        for r in db.query(
            "SELECT serial, marks, void FROM democratic_ballots WHERE year = ? AND pass = 1 ORDER BY serial", (year,)
        )
    )
    tallies = {
        r["cadre"]: MarkCounts(r["excellent"], r["competent"], r["basic"], r["incompetent"])
        for r in db.query("SELECT * FROM democratic_tallies WHERE year = ?", (year,))
    }
    ratings = tuple(
        LeaderRating(r["rater"], r["cadre"], tuple(Decimal(s) for s in json.loads(r["scores"])))
        for r in db.query(
            "SELECT rater, cadre, scores FROM leader_ratings WHERE year = ? ORDER BY rater, cadre", (year,)
        )
    )
    unit_history: dict[str, tuple[UnitHistory, ...]] = {}
    excellent_years: dict[str, tuple[int, ...]] = {}
    demo_years: tuple[int, ...] = ()
    if with_history:
        merit, talk = scheme.cadre_rules.merit_years, talk_years(scheme)
        unit_history, excellent_years = load_history(db, year, merit, talk)
        demo_years = demo_years_before(db, year, merit, talk)
    return YearInput(
        year=year,
        groups=scheme.groups,
        units=scheme.units,
        items=scheme.items,
        item_scores=load_item_scores(db, year, scheme),
        unit_ballots=unit_ballots,
        unit_adjustment_rules=with_carried_categories(
            db, year, "unit", with_district_categories(scheme.unit_adjustment_rules), carried_units
        ),
        unit_adjustments=(
            *(to_event(a) for a in adjustments if a.target_kind == "unit"),
            *derived_adjustments(db, year),
        ),
        vetoes={r["unit"]: r["reason"] for r in db.query("SELECT unit, reason FROM vetoes WHERE year = ?", (year,))},
        special_awards={
            r["unit"]: r["award"] for r in db.query("SELECT unit, award FROM special_awards WHERE year = ?", (year,))
        },
        pass_threshold=scheme.pass_threshold,
        cadres=cadres,
        cadre_rules=cadre_rules,
        democratic_ballots=democratic,
        democratic_tallies=tallies,
        leader_ratings=ratings,
        cadre_adjustment_rules=with_carried_categories(
            db, year, "cadre", scheme.cadre_adjustment_rules, carried_cadres
        ),
        cadre_adjustments=tuple(to_event(a) for a in adjustments if a.target_kind == "cadre"),
        unit_history=unit_history,
        talk_years=talk_years(scheme),
        cadre_excellent_years=excellent_years,
        history_demo_years=demo_years,
        decisions={(d.kind, d.subject): d.outcome for d in decisions},
        decision_reasons={(d.kind, d.subject): d.reason for d in decisions},
        assessment_date=iso_date(settings.assessment_date),
        carried_unit_adjustments=carried_units,
        carried_cadre_adjustments=carried_cadres,
        cadre_special_awards={a.cadre: a.award for a in read_cadre_special_awards(db, year)},
        quota_overrides={o.pool: QuotaOverride(o.quota, o.reason) for o in read_quota_overrides(db, year)},
    )


def to_event(row: AdjustmentRow, carried_from: int | None = None) -> Adjustment:
    return Adjustment(
        row.targets,
        row.kind,
        row.category,
        row.points,
        row.matter,
        row.shares,
        date=iso_date(row.date),
        ref=str(row.id) if row.id is not None else "",
        carried_from=carried_from,
    )


def iso_date(text: str | None) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None  # a date the file should never hold; the event then counts in its own year


def late_event_ids(db: Database, year: int, target_kind: str) -> set[int]:
    """The year's own events that count in the next year (dated after its assessment date), by id."""
    assessment = iso_date(read_year_settings(db, year).assessment_date)
    if assessment is None:
        return set()
    scheme = year_scheme(db, year)
    rules = scheme.unit_adjustment_rules if target_kind == "unit" else scheme.cadre_adjustment_rules
    return {
        row.id
        for row in read_adjustments(db, year, target_kind)
        if row.id is not None and counts_next_year(to_event(row), assessment, rules)
    }


def carried_in(db: Database, year: int, target_kind: str) -> tuple[Adjustment, ...]:
    """The year before's events dated after its assessment date (表彰奖励在本年度干部考核之后公布的，相关加分项目
    计入下一年度考核成绩): they count in this year, marked with the year they came from, and not in theirs. Without
    the year before in the file, the copy this year's year file brought (app.models.carried)."""
    return tuple(to_event(row, carried_from=year - 1) for row in carried_rows(db, year, target_kind))


def carried_rows(db: Database, year: int, target_kind: str) -> list[AdjustmentRow]:
    before = year - 1
    info = year_info(db, before)
    if info is None or info.is_demo:  # the demo year's invented events never reach a real year
        return stored_copies(db, year, target_kind)
    assessment = iso_date(read_year_settings(db, before).assessment_date)
    if assessment is None:
        return []
    scheme = year_scheme(db, before)
    rules = scheme.unit_adjustment_rules if target_kind == "unit" else scheme.cadre_adjustment_rules
    return [
        row for row in read_adjustments(db, before, target_kind) if counts_next_year(to_event(row), assessment, rules)
    ]


def with_carried_categories(
    db: Database, year: int, target_kind: str, rules: AdjustmentRules, carried: tuple[Adjustment, ...]
) -> AdjustmentRules:
    """A carried event keeps the category it was keyed under. Where this year's scheme no longer has it (edited in
    年度与方案 before the event was carried), the year before's category, with its cap, is added to this year's
    rules: the event still counts here (计入下一年度考核成绩), under its own category's cap and the total cap."""
    missing = {event.category: event.kind for event in carried if event.category not in rules.categories}
    if not missing:
        return rules
    known: dict[str, Category] = {}
    if year_info(db, year - 1) is not None:
        before = year_scheme(db, year - 1)
        known = (before.unit_adjustment_rules if target_kind == "unit" else before.cadre_adjustment_rules).categories
    # Not even there (a copy brought by a year file): the event counts under the total cap alone.
    added = {
        cid: known.get(cid) or Category(cid, kind, None, name=cid, free_points=True) for cid, kind in missing.items()
    }
    return replace(rules, categories={**rules.categories, **added})


def with_district_categories(rules: AdjustmentRules) -> AdjustmentRules:
    """考绩贡献加分 and 市对区考绩失分扣分 (seed 004) are unit adjustments derived from the district events
    (credited_units / charged_units); a scheme without these categories gets them with no own cap — the
    unit's total bonus and deduction caps still apply. A scheme that declares one keeps its own cap."""
    missing = {cid: kind for cid, (kind, _name) in DERIVED_CATEGORIES.items() if cid not in rules.categories}
    if not missing:
        return rules
    names = {cid: name for cid, (_kind, name) in DERIVED_CATEGORIES.items()}
    derived = {cid: Category(cid, kind, None, name=names[cid], free_points=True) for cid, kind in missing.items()}
    categories = {**rules.categories, **derived}
    return replace(rules, categories=categories)


def talk_years(scheme: Scheme) -> int:
    """连续两年末位/不合格 → 诫勉谈话: “两” is the scheme's consecutive_years_for_talk."""
    return int(scheme.body.get("consecutive_years_for_talk", 2))


def load_history(
    db: Database, year: int, merit_years: int = 3, talk_years: int = 2
) -> tuple[dict[str, tuple[UnitHistory, ...]], dict[str, tuple[int, ...]]]:
    """Outcomes of the years before, for 连续两年末位/不合格 (consecutive_years_for_talk − 1 years back) and
    连续三年优秀 (consecutive_excellent_for_merit − 1 years back). A demo year is no history: its invented data
    never decides a real person's or unit's follow-up (`demo_years_before` names the years left out)."""
    unit_history: dict[str, list[UnitHistory]] = defaultdict(list)
    excellent: dict[str, list[int]] = defaultdict(list)
    for earlier in range(year - 1, year - max(2, merit_years, talk_years), -1):
        info = year_info(db, earlier)
        if info is None or info.is_demo:
            continue
        result = compute_year(load_year_input(db, earlier, with_history=False))
        if earlier > year - max(2, talk_years):
            for unit in result.units:
                worst = max(u.rank for u in result.units if u.group == unit.group)
                unit_history[unit.name].append(UnitHistory(earlier, unit.rank == worst, unit.grade == "不合格"))
        for cadre in result.cadres:
            if cadre.grade == "优秀":
                excellent[cadre.id].append(earlier)
    return (
        {name: tuple(items) for name, items in unit_history.items()},
        {cid: tuple(years) for cid, years in excellent.items()},
    )


def demo_years_before(db: Database, year: int, merit_years: int = 3, talk_years: int = 2) -> tuple[int, ...]:
    """The demo years among those the consecutive-year rules look back on (left out of `load_history`)."""
    span = range(year - 1, year - max(2, merit_years, talk_years), -1)
    return tuple(y for y in span if (info := year_info(db, y)) is not None and info.is_demo)


def compute_results(db: Database, year: int) -> YearResult:
    if year_info(db, year) is None:
        raise AppraisalError(f"数据文件中没有 {year} 年度。")
    return compute_year(load_year_input(db, year))


def load_district(db: Database, year: int) -> tuple[list[DistrictEvent], list[IndicatorMonth]] | None:
    """District indicator data (seed 004) as engine inputs, or None when the year has none."""
    if not year_has_indicator_data(db, year):
        return None
    events = [row.event for row in read_events(db, year)]
    return events, [report.as_month() for report in read_reports(db, year)]
