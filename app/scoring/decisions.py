"""党委审定: the committee's choice for entities tied at a prize or 优秀 quota line.

Spec §4–5: "Tied units take consecutive places; where those places would lead to different outcomes, the tied
units get prize null, grade null and tie true, and the choice is left to the committee" (seed: 提出获奖科室和
突出贡献奖名单，报委党委审定). A decision picks one of the outcomes the tie's places would lead to; the decisions of
one tie group never give more prizes (or 优秀) than the places the tie occupies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

UNIT, CADRE = "unit", "cadre"
NO_PRIZE = "无"
# Best first: the cumulative check counts "this outcome or better".
LADDERS = {UNIT: ("一等奖", "二等奖", NO_PRIZE), CADRE: ("优秀", "称职")}
KIND_NAMES = {UNIT: "科室（单位）", CADRE: "干部"}

DecisionKey = tuple[str, str]  # (kind, subject: unit name | cadre id)


@dataclass(frozen=True)
class TieGroup:
    """Entities with equal totals whose consecutive places lead to different outcomes."""

    kind: str  # "unit" | "cadre"
    scope: str  # "第1组" / the pool id
    members: tuple[str, ...]  # unit names or cadre ids
    places: tuple[str, ...]  # the outcome each place of the tie would lead to, best first

    @property
    def options(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.places))


def group_problem(group: TieGroup, outcomes: Mapping[str, str]) -> str | None:
    """Why `outcomes` (member → decided outcome, any subset of the members) cannot stand; None when it can."""
    chosen = [outcomes[m] for m in group.members if m in outcomes]
    for outcome in chosen:
        if outcome not in group.options:
            return f"并列的名次只能审定为{'或'.join(group.options)}，不能审定为“{outcome}”"
    ladder = LADDERS[group.kind]
    for index, level in enumerate(ladder[:-1]):
        better = set(ladder[: index + 1])
        allowed = sum(1 for p in group.places if p in better)
        given = sum(1 for c in chosen if c in better)
        if given > allowed:
            what = level if index == 0 else f"{level}及以上"
            return f"{len(group.members)}个并列者只占{allowed}个{what}名次，不能审定{given}个"
    return None


def applicable(group: TieGroup, decisions: Mapping[DecisionKey, str]) -> tuple[dict[str, str], str | None]:
    """The decisions that apply to this group (all or none) and, when they cannot stand, why."""
    outcomes = {m: decisions[(group.kind, m)] for m in group.members if (group.kind, m) in decisions}
    if not outcomes:
        return {}, None
    problem = group_problem(group, outcomes)
    return ({}, problem) if problem else (outcomes, None)
