"""Bonus and deduction events → one capped bonus and one capped deduction per entity.

The spec's order: split shares first, then per matter keep the largest
(同一事项不重复加分/不累计扣分，取最大分值), then per category sum and apply
the category cap, then sum the categories and apply the total cap
(加分/减分最高不超过 10 分; cadres 5 分).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from app.scoring.inputs import Adjustment, AdjustmentRules
from app.scoring.numbers import ZERO, round2


@dataclass(frozen=True)
class CappedAdjustments:
    bonus: Decimal
    deduction: Decimal
    by_category: dict[str, Decimal]  # after each category's cap, before the total cap


def entity_shares(event: Adjustment) -> dict[str, Decimal]:
    """Each credited entity's part: equal split (将总分值分解后分别加分) unless shares are given."""
    if event.shares is not None:
        return {target: event.points * share for target, share in zip(event.targets, event.shares, strict=True)}
    count = len(event.targets)
    return {target: event.points / count for target in event.targets}


def cap_adjustments(events: list[tuple[Adjustment, Decimal]], rules: AdjustmentRules) -> CappedAdjustments:
    """Apply same-matter maximum, category caps and total caps to one entity's events.

    `events` pairs each event with this entity's share of its points.
    """
    # Same matter (per kind): only the largest event counts. Events without a matter stand alone.
    kept: dict[tuple[str, str], tuple[Adjustment, Decimal]] = {}
    standalone: list[tuple[Adjustment, Decimal]] = []
    for event, share in events:
        if not event.matter:
            standalone.append((event, share))
            continue
        key = (event.kind, event.matter)
        if key not in kept or share > kept[key][1]:
            kept[key] = (event, share)
    per_category: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for event, share in [*kept.values(), *standalone]:
        per_category[event.category] += share
    by_category: dict[str, Decimal] = {}
    totals = {"bonus": ZERO, "deduction": ZERO}
    for category_id, amount in per_category.items():
        category = rules.categories[category_id]
        capped = amount if category.cap is None else min(amount, category.cap)
        by_category[category_id] = round2(capped)
        totals[category.kind] += capped
    return CappedAdjustments(
        bonus=round2(min(totals["bonus"], rules.bonus_cap)),
        deduction=round2(min(totals["deduction"], rules.deduction_cap)),
        by_category=by_category,
    )


def capped_adjustments_by_entity(
    events: tuple[Adjustment, ...], rules: AdjustmentRules
) -> dict[str, CappedAdjustments]:
    per_entity: dict[str, list[tuple[Adjustment, Decimal]]] = defaultdict(list)
    for event in events:
        for target, share in entity_shares(event).items():
            per_entity[target].append((event, share))
    return {entity: cap_adjustments(items, rules) for entity, items in per_entity.items()}
