"""Cadres (干部): democratic evaluation, leadership rating, adjustments, pools, 优秀 quotas, grades."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from app.scoring.adjustments import capped_adjustments_by_entity
from app.scoring.decisions import CADRE, TieGroup, applicable
from app.scoring.inputs import MARKS, CadreRules, MarkCounts, YearInput
from app.scoring.numbers import ZERO, mean2, round2
from app.scoring.ranking import competition_ranks, place_outcomes, tie_places
from app.scoring.results import CadreResult, Notice, PoolSummary
from app.scoring.units import NO_ADJUSTMENTS

EXCELLENT, COMPETENT, BASIC, INCOMPETENT = MARKS


def count_ballot_marks(data: YearInput) -> dict[str, MarkCounts]:
    """Tally the valid (non-void) democratic ballots per cadre."""
    counters: dict[str, Counter[str]] = defaultdict(Counter)
    for ballot in data.democratic_ballots:
        if ballot.void:
            continue
        for cadre_id, mark in ballot.marks.items():
            counters[cadre_id][mark] += 1
    return {
        cadre_id: MarkCounts(c[EXCELLENT], c[COMPETENT], c[BASIC], c[INCOMPETENT]) for cadre_id, c in counters.items()
    }


def democratic_score(counts: MarkCounts, rules: CadreRules) -> Decimal:
    """(70·a + 65·b + 60·c + 55·d) / (a+b+c+d), half-up to 2 decimals (民主测评所得总分/所得票数)."""
    if counts.total == 0:
        return round2(ZERO)
    weighted = (
        rules.mark_scores[EXCELLENT] * counts.excellent
        + rules.mark_scores[COMPETENT] * counts.competent
        + rules.mark_scores[BASIC] * counts.basic
        + rules.mark_scores[INCOMPETENT] * counts.incompetent
    )
    return round2(weighted / counts.total)


def pool_quota(rate: Decimal, size: int) -> int:
    """floor(rate × pool size): 优秀 一般控制在 15%/10% 以内."""
    return int((rate * size).to_integral_value(rounding=ROUND_FLOOR))


def grade_by_total(total: Decimal, rules: CadreRules) -> str:
    if total >= rules.competent_min:
        return COMPETENT
    if total >= rules.basic_min:
        return BASIC
    return INCOMPETENT


@dataclass(frozen=True)
class CadreOutcome:
    results: list[CadreResult]
    pools: list[PoolSummary]
    warnings: list[Notice]
    ties: list[TieGroup] = field(default_factory=list)


def compute_cadres(data: YearInput, first_prize_units: set[str]) -> CadreOutcome:
    rules = data.cadre_rules
    if rules is None or not data.cadres:
        return CadreOutcome([], [], [])
    counts = count_ballot_marks(data)
    counts.update(data.democratic_tallies)
    rater_sums: dict[str, list[Decimal]] = defaultdict(list)
    for rating in data.leader_ratings:
        rater_sums[rating.cadre].append(sum(rating.scores, ZERO))
    adjustments = (
        capped_adjustments_by_entity(data.cadre_adjustments, data.cadre_adjustment_rules)
        if data.cadre_adjustment_rules
        else {}
    )

    rows: dict[str, dict] = {}
    for cadre in data.cadres:
        mark_counts = counts.get(cadre.id, MarkCounts())
        democratic = democratic_score(mark_counts, rules)
        leaders = mean2(rater_sums.get(cadre.id, []))
        capped = adjustments.get(cadre.id, NO_ADJUSTMENTS)
        rows[cadre.id] = {
            "cadre": cadre,
            "democratic": democratic,
            "leaders": leaders,
            "capped": capped,
            "total": round2(democratic + leaders + capped.bonus - capped.deduction),
            "votes": mark_counts.total,
            "raters": len(rater_sums.get(cadre.id, [])),
        }

    pools: dict[str, list[str]] = defaultdict(list)
    for cadre in data.cadres:
        pools[f"{cadre.category}/{cadre.level}"].append(cadre.id)

    grades: dict[str, str | None] = {}
    tied: set[str] = set()
    ranks: dict[str, int] = {}
    summaries: list[PoolSummary] = []
    warnings: list[Notice] = []
    tie_groups: list[TieGroup] = []
    decided: dict[str, str] = {}
    for pool, members in pools.items():
        category = rows[members[0]]["cadre"].category
        quota = pool_quota(rules.excellent_rates[category], len(members))
        ranks.update(competition_ranks([(cid, rows[cid]["total"]) for cid in members]))
        # 被评为一等奖的科室（单位），其主要负责人个人年度考核为优秀等次.
        heads_first = [
            cid
            for cid in members
            if rows[cid]["cadre"].is_head
            and rows[cid]["cadre"].unit in first_prize_units
            and not rows[cid]["cadre"].barred
        ]
        for cid in heads_first:
            grades[cid] = EXCELLENT
        # The seed's two clauses meet here: 一等奖科室主要负责人为优秀等次 and 有下列情形的…不予评为优秀等次. The
        # bar wins (spec: "unless barred"); the committee is told, since the first clause alone would make them 优秀.
        for cid in members:
            cadre = rows[cid]["cadre"]
            if cadre.is_head and cadre.unit in first_prize_units and cadre.barred:
                warnings.append(
                    Notice(
                        "pool", pool, f"一等奖科室“{cadre.unit}”主要负责人{cadre.name}因“{cadre.barred}”不予评为优秀"
                    )
                )
        remaining = max(0, quota - len(heads_first))
        beyond = max(0, len(heads_first) - quota)
        if beyond:
            warnings.append(
                Notice("pool", pool, f"一等奖科室主要负责人 {len(heads_first)} 人评为优秀，超出优秀名额 {quota} 人")
            )
        candidates = sorted(
            (
                (cid, rows[cid]["total"])
                for cid in members
                if cid not in grades and not rows[cid]["cadre"].barred and rows[cid]["total"] >= rules.excellent_min
            ),
            key=lambda pair: pair[1],
            reverse=True,
        )
        outcomes, ties = place_outcomes(candidates, lambda place, limit=remaining: place <= limit)
        tied.update(ties)
        # A tie at the 优秀 quota line is handled as for units: 报委党委审定.
        for tied_ids, places in tie_places(candidates, lambda place, limit=remaining: place <= limit):
            group = TieGroup(CADRE, pool, tied_ids, tuple(EXCELLENT if p else COMPETENT for p in places))
            tie_groups.append(group)
            chosen, problem = applicable(group, data.decisions)
            decided.update(chosen)
            if problem:
                names = "、".join(rows[cid]["cadre"].name for cid in tied_ids)
                warnings.append(Notice("pool", pool, f"{names}：党委审定未采用：{problem}"))
        for cid in members:
            if cid in grades:
                continue
            if cid in decided:
                grades[cid] = EXCELLENT if decided[cid] == EXCELLENT else grade_by_total(rows[cid]["total"], rules)
            elif cid in ties:
                grades[cid] = None
            elif outcomes.get(cid):
                grades[cid] = EXCELLENT
            else:
                grades[cid] = grade_by_total(rows[cid]["total"], rules)
        summaries.append(
            PoolSummary(
                pool=pool,
                size=len(members),
                quota=quota,
                excellent=sum(1 for cid in members if grades[cid] == EXCELLENT),
                heads_beyond_quota=beyond,
            )
        )

    results = []
    for cadre in data.cadres:
        row = rows[cadre.id]
        results.append(
            CadreResult(
                id=cadre.id,
                name=cadre.name,
                unit=cadre.unit,
                pool=f"{cadre.category}/{cadre.level}",
                democratic=row["democratic"],
                leaders=row["leaders"],
                bonus=row["capped"].bonus,
                deduction=row["capped"].deduction,
                total=row["total"],
                rank_in_pool=ranks[cadre.id],
                grade=grades[cadre.id],
                tie=cadre.id in tied,
                incomplete=row["votes"] == 0 or row["raters"] == 0,
                is_head=cadre.is_head,
                barred=cadre.barred,
                votes=row["votes"],
                raters=row["raters"],
                decided=cadre.id in decided,
            )
        )
    tied_anywhere = {m for group in tie_groups for m in group.members}
    for kind, subject in data.decisions:
        if kind == CADRE and subject not in tied_anywhere:
            warnings.append(Notice("year", "", f"党委审定未采用：干部 {subject} 现已不在优秀名额边界的并列中"))
    return CadreOutcome(results, summaries, warnings, tie_groups)
