"""Units (科室/单位): quantitative items, rating ballots, adjustments, rank, prizes, grades."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from app.scoring.adjustments import CappedAdjustments, capped_adjustments_by_entity, counted_events
from app.scoring.decisions import NO_PRIZE, UNIT, TieGroup, applicable
from app.scoring.inputs import GroupRule, YearInput
from app.scoring.numbers import ZERO, mean2, round2
from app.scoring.ranking import competition_ranks, place_outcomes, tie_places
from app.scoring.results import Notice, UnitResult

FIRST_PRIZE = "一等奖"
SECOND_PRIZE = "二等奖"
GRADE_FOR_PRIZE = {FIRST_PRIZE: "优秀", SECOND_PRIZE: "良好"}
PASS = "合格"
FAIL = "不合格"
NO_ADJUSTMENTS = CappedAdjustments(bonus=round2(ZERO), deduction=round2(ZERO), by_category={})


def ballot_averages(data: YearInput, form: str) -> dict[str, tuple[Decimal, int]]:
    """Per unit: the half-up mean of the five-score sums over the valid ballots that rated it."""
    sums: dict[str, list[Decimal]] = defaultdict(list)
    for ballot in data.unit_ballots:
        if ballot.form != form or ballot.void:
            continue
        for unit, scores in ballot.scores.items():
            sums[unit].append(sum(scores, ZERO))
    return {unit: (mean2(values), len(values)) for unit, values in sums.items()}


def prize_for_place(rule: GroupRule):
    def outcome(place: int) -> str | None:
        if place <= rule.first_prize:
            return FIRST_PRIZE
        if place <= rule.first_prize + rule.second_prize:
            return SECOND_PRIZE
        return None

    return outcome


def is_incomplete(row: dict) -> bool:
    """Spec §1: an unrated component is 0 and the entity is flagged incomplete; so is an item with no score."""
    return bool(row["missing"]) or row["leader_ballots"] == 0 or row["head_ballots"] == 0


def missing_text(row: dict) -> str:
    parts = []
    if row["missing"]:
        parts.append(f"{len(row['missing'])} 个考核项目未评分")
    if row["leader_ballots"] == 0:
        parts.append("无委领导评分表（附件 4）")
    if row["head_ballots"] == 0:
        parts.append("无科室负责人评分表（附件 5）")
    return "，".join(parts)


def eligible_places(eligible: list[tuple[str, Decimal]]) -> dict[str, int]:
    """Each eligible unit's place (1, 2, 3 …); tied units share the first place of the run they take."""
    places: dict[str, int] = {}
    place = 1
    for _total, run in groupby(eligible, key=lambda pair: pair[1]):
        names = [name for name, _ in run]
        for name in names:
            places[name] = place
        place += len(names)
    return places


@dataclass(frozen=True)
class UnitOutcome:
    results: list[UnitResult]
    ties: list[TieGroup]
    warnings: list[Notice]


def compute_units(data: YearInput) -> list[UnitResult]:
    return compute_units_detailed(data).results


def compute_units_detailed(data: YearInput) -> UnitOutcome:
    common_items = [item for item in data.items if item.unit is None]
    business_by_unit: dict[str, list] = defaultdict(list)
    for item in data.items:
        if item.unit is not None:
            business_by_unit[item.unit].append(item)
    leaders = ballot_averages(data, "leaders")
    heads = ballot_averages(data, "heads")
    counted, _late = counted_events(
        data.unit_adjustments, data.carried_unit_adjustments, data.assessment_date, data.unit_adjustment_rules
    )
    adjustments = capped_adjustments_by_entity(counted, data.unit_adjustment_rules)

    partial: dict[str, dict] = {}
    for unit in data.units:
        parts = {"common": ZERO, "business": ZERO}
        missing: list[str] = []
        for item in [*common_items, *business_by_unit.get(unit.name, [])]:
            score = data.item_scores.get((unit.name, item.id))
            if score is None:
                missing.append(item.id)  # an item with no score counts 0 and is listed
            else:
                parts[item.part] += score
        leader_mean, leader_count = leaders.get(unit.name, (mean2([]), 0))
        head_mean, head_count = heads.get(unit.name, (mean2([]), 0))
        capped = adjustments.get(unit.name, NO_ADJUSTMENTS)
        common, business = round2(parts["common"]), round2(parts["business"])
        # The total is the sum of the parts as reported (each carries 2 decimals), so a printed row always adds
        # up: 总分 = 共性工作 + 业务工作 + 委领导评分 + 负责人评分 + 加分 − 减分.
        total = round2(common + business + leader_mean + head_mean + capped.bonus - capped.deduction)
        partial[unit.name] = {
            "unit": unit,
            "common": common,
            "business": business,
            "leaders": leader_mean,
            "heads": head_mean,
            "leader_ballots": leader_count,
            "head_ballots": head_count,
            "capped": capped,
            "total": total,
            "missing": tuple(missing),
            "veto": unit.name in data.vetoes,
        }

    results: dict[str, UnitResult] = {}
    tie_groups: list[TieGroup] = []
    warnings: list[Notice] = []
    for group_number, rule in sorted(data.groups.items()):
        members = [row for row in partial.values() if row["unit"].group == group_number]
        ranks = competition_ranks([(row["unit"].name, row["total"]) for row in members])
        eligible = sorted(
            (
                (row["unit"].name, row["total"])
                for row in members
                if not row["veto"] and row["total"] >= data.pass_threshold
            ),
            key=lambda pair: pair[1],
            reverse=True,
        )
        prizes, ties = place_outcomes(eligible, prize_for_place(rule))
        place_of = eligible_places(eligible)
        # A vetoed unit is 不合格 and takes no place whatever its data: its gaps move nothing.
        incomplete_names = [row["unit"].name for row in members if is_incomplete(row) and not row["veto"]]
        # 报委党委审定: a tie the committee has decided takes the decided prize; the rest of a tie stays open.
        decided: dict[str, str] = {}
        for tied, places in tie_places(eligible, prize_for_place(rule)):
            group = TieGroup(UNIT, f"第{group_number}组", tied, tuple(p or NO_PRIZE for p in places))
            tie_groups.append(group)
            outcomes, problem = applicable(group, data.decisions)
            decided.update(outcomes)
            if problem:
                warnings.append(Notice("unit", "、".join(tied), f"党委审定未采用：{problem}"))
        eligible_names = {name for name, _ in eligible}
        for row in members:
            name = row["unit"].name
            prize = prizes.get(name)
            incomplete = is_incomplete(row)
            reasons: list[str] = []
            if name in decided:
                prize = None if decided[name] == NO_PRIZE else decided[name]
                grade = GRADE_FOR_PRIZE[prize] if prize is not None else PASS
            elif name in ties:
                grade = None
                reasons.append("与同分科室并列，奖项待党委审定")
            elif prize is not None:
                grade = GRADE_FOR_PRIZE[prize]
            else:
                grade = PASS if name in eligible_names else FAIL
            if incomplete and not row["veto"]:
                # Nothing shown as final that can change: a unit still missing data has no grade or prize yet.
                grade, prize = None, None
                reasons.insert(0, f"缺项：{missing_text(row)}")
            others = [n for n in incomplete_names if n != name]
            if others and not row["veto"]:
                reasons.append(f"同组{'、'.join(others)}缺项，录齐后名次和奖项可能变动")
            results[name] = UnitResult(
                name=name,
                short=row["unit"].short,
                group=group_number,
                common=row["common"],
                business=row["business"],
                leaders=row["leaders"],
                heads=row["heads"],
                bonus=row["capped"].bonus,
                deduction=row["capped"].deduction,
                total=row["total"],
                rank=ranks[name],
                grade=grade,
                prize=prize,
                # 突出业绩奖 only for a unit 评定等次在合格等次（含合格）以上: never for a vetoed or failed unit
                # (the engine warns about such a record instead; a unit in a boundary tie is eligible).
                special_award=name in data.special_awards and name in eligible_names,
                veto=row["veto"],
                tie=name in ties,
                incomplete=incomplete,
                missing_items=row["missing"],
                leader_ballots=row["leader_ballots"],
                head_ballots=row["head_ballots"],
                adjustments_by_category=row["capped"].by_category,
                decided=name in decided,
                provisional=bool(reasons),
                provisional_reasons=tuple(reasons),
                veto_reason=data.vetoes.get(name),
                place=place_of.get(name),
            )
    tied_anywhere = {m for group in tie_groups for m in group.members}
    for kind, subject in data.decisions:
        if kind == UNIT and subject not in tied_anywhere:
            warnings.append(Notice("unit", subject, "党委审定未采用：该科室（单位）现已不在并列名次中"))
    # Keep the scheme's order (the annex order) for a stable output.
    return UnitOutcome([results[unit.name] for unit in data.units if unit.name in results], tie_groups, warnings)
