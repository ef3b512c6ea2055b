"""An item's score from its deduction (or addition) events, as the seed's 评分细则 give them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.scoring.numbers import ZERO, round2


@dataclass(frozen=True)
class ItemRule:
    id: str  # the clause, so two clauses with equal figures keep separate caps
    kind: str  # "deduct" | "add"
    points: Decimal  # per occurrence (每次/每人次/每项 …)
    cap: Decimal | None = None  # 扣完为止 within a clause, or a one-off deduction


@dataclass(frozen=True)
class ItemEvent:
    rule: ItemRule
    count: Decimal  # occurrences (may be fractional for "每低 1 个百分点" style rules)


def item_score(max_points: Decimal, events: list[ItemEvent], may_exceed: bool = False) -> Decimal:
    """max − Σ deductions + Σ additions, each rule capped, floored at 0 (扣完为止).

    Only items whose rule adds points (e.g. 投资规划科 增速每高 1 个百分点加 1 分)
    may end above their points.
    """
    per_rule: dict[str, tuple[ItemRule, Decimal]] = {}
    for event in events:
        rule, amount = per_rule.get(event.rule.id, (event.rule, ZERO))
        per_rule[event.rule.id] = (rule, amount + event.rule.points * event.count)
    score = max_points
    for rule, amount in per_rule.values():
        if rule.cap is not None:
            amount = min(amount, rule.cap)
        score = score + amount if rule.kind == "add" else score - amount
    score = max(score, ZERO)
    if not may_exceed:
        score = min(score, max_points)
    return round2(score)
