"""Bonus and deduction events → one capped bonus and one capped deduction per entity.

The spec's order: split shares first, then per matter keep the largest
(同一事项不重复加分/不累计扣分，取最大分值), then per category sum and apply
the category cap, then sum the categories and apply the total cap
(加分/减分最高不超过 10 分; cadres 5 分).

`adjustment_trail` keeps every step (which event was dropped for which, which
points which cap cut), so an explanation shows exactly what the totals came from.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from app.scoring.inputs import Adjustment, AdjustmentRules, Category
from app.scoring.numbers import ZERO, round2


@dataclass(frozen=True)
class CappedAdjustments:
    bonus: Decimal
    deduction: Decimal
    by_category: dict[str, Decimal]  # after each category's cap, before the total cap


@dataclass(frozen=True)
class EventStep:
    event: Adjustment
    share: Decimal  # this entity's part of the event's points, full precision
    kept_instead: Adjustment | None = None  # set when 同一事项取最大 dropped this event for that one


@dataclass(frozen=True)
class CategoryStep:
    category: Category
    amount: Decimal  # the kept events' shares, full precision
    counted: Decimal  # after the category's cap (full precision)

    @property
    def cut(self) -> Decimal:
        return self.amount - self.counted


@dataclass(frozen=True)
class KindStep:
    kind: str  # bonus | deduction
    amount: Decimal  # the categories after their caps, full precision
    cap: Decimal
    counted: Decimal  # rounded to 2 places: the bonus or deduction of the result

    @property
    def cut(self) -> Decimal:
        return round2(max(ZERO, self.amount - self.cap))


@dataclass(frozen=True)
class AdjustmentTrail:
    events: tuple[EventStep, ...]
    categories: tuple[CategoryStep, ...]
    kinds: tuple[KindStep, ...]

    @property
    def capped(self) -> CappedAdjustments:
        totals = {step.kind: step.counted for step in self.kinds}
        return CappedAdjustments(
            bonus=totals.get("bonus", round2(ZERO)),
            deduction=totals.get("deduction", round2(ZERO)),
            by_category={step.category.id: round2(step.counted) for step in self.categories},
        )


def entity_shares(event: Adjustment) -> dict[str, Decimal]:
    """Each credited entity's part: equal split (将总分值分解后分别加分) unless shares are given."""
    if event.shares is not None:
        return {target: event.points * share for target, share in zip(event.targets, event.shares, strict=True)}
    count = len(event.targets)
    return {target: event.points / count for target in event.targets}


def adjustment_trail(events: list[tuple[Adjustment, Decimal]], rules: AdjustmentRules) -> AdjustmentTrail:
    """Same-matter maximum, category caps and total caps on one entity's events, every step kept.

    `events` pairs each event with this entity's share of its points.
    """
    # Same matter (per kind): only the largest event counts. Events without a matter stand alone.
    kept: dict[tuple[str, str], tuple[Adjustment, Decimal]] = {}
    for event, share in events:
        if not event.matter:
            continue
        key = (event.kind, event.matter)
        if key not in kept or share > kept[key][1]:
            kept[key] = (event, share)
    steps: list[EventStep] = []
    per_category: dict[str, Decimal] = {}
    for event, share in events:
        winner = kept.get((event.kind, event.matter or "")) if event.matter else None
        if winner is not None and winner[0] is not event:
            steps.append(EventStep(event, share, kept_instead=winner[0]))
            continue
        steps.append(EventStep(event, share))
        per_category[event.category] = per_category.get(event.category, ZERO) + share
    categories: list[CategoryStep] = []
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for category_id, amount in per_category.items():
        category = rules.categories[category_id]
        counted = amount if category.cap is None else min(amount, category.cap)
        categories.append(CategoryStep(category, amount, counted))
        totals[category.kind] += counted
    kinds = tuple(
        KindStep(kind, totals[kind], cap, round2(min(totals[kind], cap)))
        for kind, cap in (("bonus", rules.bonus_cap), ("deduction", rules.deduction_cap))
    )
    return AdjustmentTrail(tuple(steps), tuple(categories), kinds)


def cap_adjustments(events: list[tuple[Adjustment, Decimal]], rules: AdjustmentRules) -> CappedAdjustments:
    """Apply same-matter maximum, category caps and total caps to one entity's events."""
    return adjustment_trail(events, rules).capped


def events_by_entity(events: tuple[Adjustment, ...]) -> dict[str, list[tuple[Adjustment, Decimal]]]:
    per_entity: dict[str, list[tuple[Adjustment, Decimal]]] = defaultdict(list)
    for event in events:
        for target, share in entity_shares(event).items():
            per_entity[target].append((event, share))
    return per_entity


def capped_adjustments_by_entity(
    events: tuple[Adjustment, ...], rules: AdjustmentRules
) -> dict[str, CappedAdjustments]:
    return {entity: cap_adjustments(items, rules) for entity, items in events_by_entity(events).items()}


def counts_next_year(event: Adjustment, assessment_date: datetime.date | None, rules: AdjustmentRules) -> bool:
    """表彰奖励在本年度干部考核之后公布的，相关加分项目计入下一年度考核成绩: dated after the assessment date."""
    return (
        rules.late_counts_next_year
        and assessment_date is not None
        and event.date is not None
        and event.date > assessment_date
    )


def counted_events(
    own: tuple[Adjustment, ...],
    carried_in: tuple[Adjustment, ...],
    assessment_date: datetime.date | None,
    rules: AdjustmentRules | None,
) -> tuple[tuple[Adjustment, ...], tuple[Adjustment, ...]]:
    """(the events that count this year, the year's own events that count next year instead): never both."""
    if rules is None:
        return own + carried_in, ()
    late = tuple(e for e in own if counts_next_year(e, assessment_date, rules))
    now = tuple(e for e in own if not counts_next_year(e, assessment_date, rules))
    return now + carried_in, late


def tier_problem(category: Category, points: Decimal) -> str | None:
    """Why `points` is not one of the category's tiers (e.g. 媒体 0.3 where the seed fixes 0.5 and 0.2), or None."""
    if category.allows(points):
        return None
    allowed = "、".join(f"{tier.normalize():f}" for tier in category.tiers)
    name = category.name or category.id
    return f"“{name}”每次只能是 {allowed} 分，不能是 {points.normalize():f} 分"
