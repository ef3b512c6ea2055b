"""One entity's bonus and deduction events, step by step: its share, 同一事项取最大, the category's cap, the total cap,
and the events that count in another year."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from app.scoring import clauses
from app.scoring.adjustments import AdjustmentTrail, adjustment_trail, counted_events, entity_shares, events_by_entity
from app.scoring.explain.model import ADJUSTMENT, Lines, fmt, points
from app.scoring.inputs import Adjustment, AdjustmentRules, Category

KIND_WORDS = {"bonus": "加分", "deduction": "减分"}
EventMap = dict[str, list[tuple[Adjustment, Decimal]]]  # entity → its (event, share) pairs


def event_maps(
    own: tuple[Adjustment, ...],
    carried_in: tuple[Adjustment, ...],
    assessment_date: datetime.date | None,
    rules: AdjustmentRules | None,
) -> tuple[EventMap, EventMap]:
    """Per entity (unit or cadre): the (event, share) pairs that count this year, and its own that count next year."""
    counted, late = counted_events(own, carried_in, assessment_date, rules)
    return events_by_entity(counted), events_by_entity(late)


def category_clause(category: Category, entity: str) -> str:
    if category.clause:
        return category.clause
    if category.id in clauses.CATEGORY_CLAUSES:
        return clauses.CATEGORY_CLAUSES[category.id]
    return f"{clauses.U}三（一）3" if entity == "unit" else f"{clauses.C}三（三）"


def event_data(event: Adjustment, share: Decimal, rules: AdjustmentRules) -> dict[str, Any]:
    category = rules.categories.get(event.category)
    return {
        "ref": event.ref or None,
        "kind": event.kind,
        "category": event.category,
        "category_name": category.name if category else event.category,
        "matter": event.matter,
        "points": event.points,
        "targets": list(event.targets),
        "share": share,
        "date": event.date.isoformat() if event.date else None,
        "carried_from": event.carried_from,
    }


def event_label(event: Adjustment) -> str:
    label = f"“{event.matter}”" if event.matter else "（未填事项）"
    if event.date is not None:
        label += f"（{event.date.isoformat()}）"
    return label


def share_text(event: Adjustment, share: Decimal) -> str:
    if len(event.targets) == 1:
        return ""
    how = "按约定比例" if event.shares is not None else "平均"
    return f"，{len(event.targets)} 个共同承担、{how}分解，本项计 {points(share)} 分"


def explain_adjustments(
    entity: str,
    kind: str,  # "unit" | "cadre"
    events: EventMap,
    late: EventMap,
    rules: AdjustmentRules,
    assessment_date: datetime.date | None,
    out: Lines,
) -> dict[str, Any]:
    """Lines for one entity's adjustments and the data behind them, from the maps of what counts this year (`events`)
    and what counts next year (`late`)."""
    trail: AdjustmentTrail = adjustment_trail(events.get(entity, []), rules)
    same = {
        "unit": {"bonus": clauses.UNIT_BONUS_SAME, "deduction": clauses.UNIT_DEDUCTION_SAME},
        "cadre": {"bonus": clauses.CADRE_BONUS_SAME, "deduction": clauses.CADRE_DEDUCTION_SAME},
    }[kind]
    caps = {
        "unit": {"bonus": clauses.UNIT_BONUS_CAP, "deduction": clauses.UNIT_DEDUCTION_CAP},
        "cadre": {"bonus": clauses.CADRE_CAP, "deduction": clauses.CADRE_CAP},
    }[kind]
    event_rows = []
    for step in trail.events:
        event, category = step.event, rules.categories[step.event.category]
        row = event_data(event, step.share, rules)
        word = KIND_WORDS[event.kind]
        cap = f"，该类不超过 {points(category.cap)} 分" if category.cap is not None else ""
        head = f"{word}：{category.name or category.id} {points(event.points)} 分{cap}——{event_label(event)}"
        head += share_text(event, step.share)
        if event.carried_from is not None:
            head += f"；{event.carried_from} 年度考核日之后公布，转入本年度"
        out.add(ADJUSTMENT, category_clause(category, kind), head)
        if step.kept_instead is not None:
            row["counted"] = False
            row["dropped_for"] = step.kept_instead.ref or step.kept_instead.matter
            out.add(
                ADJUSTMENT,
                same[event.kind],
                f"同一事项{event_label(event)}另有 {points(entity_share(step.kept_instead, entity))} 分一项，"
                f"取最大分值，本项不计",
            )
        else:
            row["counted"] = True
            row["dropped_for"] = None
        event_rows.append(row)
    category_rows = []
    for step in trail.categories:
        category = step.category
        category_rows.append(
            {
                "category": category.id,
                "name": category.name or category.id,
                "kind": category.kind,
                "amount": step.amount,
                "cap": category.cap,
                "counted": step.counted,
                "cut": step.cut,
            }
        )
        if step.cut > 0:
            out.add(
                ADJUSTMENT,
                category_clause(category, kind),
                f"“{category.name or category.id}”合计 {points(step.amount)} 分，超过该类上限 "
                f"{points(category.cap or step.counted)} 分，计 {points(step.counted)} 分（减去 {points(step.cut)} 分）",
            )
    kind_rows = {}
    for step in trail.kinds:
        kind_rows[step.kind] = {"amount": step.amount, "cap": step.cap, "counted": step.counted, "cut": step.cut}
        if step.cut > 0:
            word = KIND_WORDS[step.kind]
            out.add(
                ADJUSTMENT,
                caps[step.kind],
                f"{word}合计 {fmt(step.amount)} 分，{word}最高不超过 {points(step.cap)} 分，计 {fmt(step.counted)} 分",
            )
    late_rows = []
    for event, share in late.get(entity, []):
        late_rows.append(event_data(event, share, rules))
        when = assessment_date.isoformat() if assessment_date else ""
        out.add(
            ADJUSTMENT,
            clauses.CADRE_LATE,
            f"{KIND_WORDS[event.kind]} {points(share)} 分{event_label(event)}在本年度考核日 {when} 之后，计入下一年度",
        )
    return {
        "events": event_rows,
        "categories": category_rows,
        "bonus": kind_rows["bonus"],
        "deduction": kind_rows["deduction"],
        "next_year": late_rows,
    }


def entity_share(event: Adjustment, entity: str) -> Decimal:
    return entity_shares(event).get(entity, event.points)
