"""Cadres (干部): democratic evaluation, leadership rating, adjustments, pools, 优秀 quotas, grades.

A pool's grades may hang on the committee's choice at a unit's 一等奖 tie (一等奖科室主要负责人为优秀 takes a
place of the quota). The pool is then graded once per way the tie can be decided; whoever's grade differs
between them is shown without a grade and provisional, and so is the head himself.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations, product

from app.scoring.adjustments import capped_adjustments_by_entity, counted_events
from app.scoring.decisions import CADRE, TieGroup, applicable
from app.scoring.inputs import MARKS, CadreRules, MarkCounts, YearInput
from app.scoring.numbers import ZERO, mean2, round2
from app.scoring.quotas import pool_quota, pool_quotas
from app.scoring.ranking import competition_ranks, place_outcomes, tie_places
from app.scoring.results import (
    BARRED,
    BELOW_MIN,
    DECIDED,
    HEAD_FIRST,
    INCOMPLETE,
    NOT_ASSESSED,
    PENDING,
    QUOTA_FULL,
    QUOTA_PLACE,
    TIE,
    CadreResult,
    Notice,
    PoolSummary,
)
from app.scoring.units import NO_ADJUSTMENTS, eligible_places

EXCELLENT, COMPETENT, BASIC, INCOMPETENT = MARKS
__all__ = ["EXCELLENT", "CadreOutcome", "UnitStanding", "compute_cadres", "democratic_score", "pool_quota"]
MAX_SCENARIOS = 256  # ways an undecided 一等奖 tie can go; beyond this the pool is simply marked provisional


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


def democratic_counts(data: YearInput) -> dict[str, MarkCounts]:
    """Per cadre: the valid ballots' marks, or the tally keyed instead of them."""
    counts = count_ballot_marks(data)
    counts.update(data.democratic_tallies)
    return counts


def leader_sums(data: YearInput) -> dict[str, list[Decimal]]:
    """Each cadre's raters' five-score sums (领导评价所得总分 is their total)."""
    sums: dict[str, list[Decimal]] = defaultdict(list)
    for rating in data.leader_ratings:
        sums[rating.cadre].append(sum(rating.scores, ZERO))
    return sums


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


def grade_by_total(total: Decimal, rules: CadreRules) -> str:
    if total >= rules.competent_min:
        return COMPETENT
    if total >= rules.basic_min:
        return BASIC
    return INCOMPETENT


@dataclass(frozen=True)
class UnitStanding:
    """What the cadres' grades need from the units' results."""

    first_prize: frozenset[str] = frozenset()  # units whose 一等奖 stands
    # Undecided 一等奖 ties: (the undecided tied units, how many of them get 一等奖).
    pending: tuple[tuple[tuple[str, ...], int], ...] = ()
    unsettled_groups: dict[str, str] = field(default_factory=dict)  # unit → why its prize may still change


@dataclass(frozen=True)
class CadreOutcome:
    results: list[CadreResult]
    pools: list[PoolSummary]
    warnings: list[Notice]
    ties: list[TieGroup] = field(default_factory=list)


@dataclass
class PoolGrades:
    """One pool graded under one assumption about which units hold 一等奖."""

    grades: dict[str, str | None] = field(default_factory=dict)
    basis: dict[str, str] = field(default_factory=dict)
    places: dict[str, int] = field(default_factory=dict)
    ties: set[str] = field(default_factory=set)
    decided: set[str] = field(default_factory=set)
    tie_groups: list[TieGroup] = field(default_factory=list)
    heads_first: list[str] = field(default_factory=list)
    candidates: set[str] = field(default_factory=set)
    warnings: list[Notice] = field(default_factory=list)


def grade_pool(pool: str, members: list[str], rows: dict, quota: int, first_prize: Iterable[str], data) -> PoolGrades:
    rules: CadreRules = data.cadre_rules
    first_prize = set(first_prize)
    out = PoolGrades()
    assessed = [cid for cid in members if not rows[cid]["cadre"].not_assessed]
    # 被评为一等奖的科室（单位），其主要负责人个人年度考核为优秀等次.
    for cid in assessed:
        cadre = rows[cid]["cadre"]
        if cadre.is_head and cadre.unit in first_prize:
            if not cadre.barred:
                out.heads_first.append(cid)
                out.grades[cid], out.basis[cid] = EXCELLENT, HEAD_FIRST
            else:
                # The seed's two clauses meet here: 一等奖科室主要负责人为优秀等次 and 有下列情形的…不予评为优秀等次.
                # The bar wins (spec: "unless barred"); the committee is told.
                out.warnings.append(
                    Notice(
                        "pool", pool, f"一等奖科室“{cadre.unit}”主要负责人{cadre.name}因“{cadre.barred}”不予评为优秀"
                    )
                )
    remaining = max(0, quota - len(out.heads_first))
    candidates = sorted(
        (
            (cid, rows[cid]["total"])
            for cid in assessed
            if cid not in out.grades and not rows[cid]["cadre"].barred and rows[cid]["total"] >= rules.excellent_min
        ),
        key=lambda pair: pair[1],
        reverse=True,
    )
    out.candidates = {cid for cid, _ in candidates}
    out.places = eligible_places(candidates)
    outcomes, ties = place_outcomes(candidates, lambda place, limit=remaining: place <= limit)
    out.ties = set(ties)
    decided: dict[str, str] = {}
    # A tie at the 优秀 quota line is handled as for units: 报委党委审定.
    for tied_ids, places in tie_places(candidates, lambda place, limit=remaining: place <= limit):
        group = TieGroup(CADRE, pool, tied_ids, tuple(EXCELLENT if p else COMPETENT for p in places))
        out.tie_groups.append(group)
        chosen, problem = applicable(group, data.decisions)
        decided.update(chosen)
        if problem:
            names = "、".join(rows[cid]["cadre"].name for cid in tied_ids)
            out.warnings.append(Notice("pool", pool, f"{names}：党委审定未采用：{problem}"))
    out.decided = set(decided)
    for cid in members:
        if cid in out.grades:
            continue
        cadre, total = rows[cid]["cadre"], rows[cid]["total"]
        if cadre.not_assessed:
            out.grades[cid], out.basis[cid] = None, NOT_ASSESSED
        elif cid in decided:
            excellent = decided[cid] == EXCELLENT
            out.grades[cid] = EXCELLENT if excellent else grade_by_total(total, rules)
            out.basis[cid] = DECIDED
        elif cid in ties:
            out.grades[cid], out.basis[cid] = None, TIE
        elif outcomes.get(cid):
            out.grades[cid], out.basis[cid] = EXCELLENT, QUOTA_PLACE
        else:
            out.grades[cid] = grade_by_total(total, rules)
            out.basis[cid] = BARRED if cadre.barred else (QUOTA_FULL if cid in out.candidates else BELOW_MIN)
    return out


def scenarios(pending: tuple[tuple[tuple[str, ...], int], ...]) -> list[frozenset[str]] | None:
    """Every way the undecided 一等奖 ties can go: the set of units that get it. None: too many to try."""
    options = [list(combinations(units, min(k, len(units)))) for units, k in pending]
    count = 1
    for choice in options:
        count *= len(choice)
    if count > MAX_SCENARIOS:
        return None
    return [frozenset(u for chosen in combo for u in chosen) for combo in product(*options)]


def compute_cadres(data: YearInput, standing: UnitStanding | set[str]) -> CadreOutcome:
    if not isinstance(standing, UnitStanding):  # the plain set of 一等奖 units, as before
        standing = UnitStanding(first_prize=frozenset(standing))
    rules = data.cadre_rules
    if rules is None or not data.cadres:
        return CadreOutcome([], [], [])
    counts = democratic_counts(data)
    rater_sums = leader_sums(data)
    adjustments = {}
    if data.cadre_adjustment_rules:
        counted, _late = counted_events(
            data.cadre_adjustments, data.carried_cadre_adjustments, data.assessment_date, data.cadre_adjustment_rules
        )
        adjustments = capped_adjustments_by_entity(counted, data.cadre_adjustment_rules)

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
    bases = {
        pool: (rows[members[0]]["cadre"].category, sum(1 for c in members if not rows[c]["cadre"].not_assessed))
        for pool, members in pools.items()
    }
    quotas = pool_quotas(bases, rules.excellent_rates, rules.quota_mode, data.quota_overrides)
    heads_of: dict[str, list[str]] = defaultdict(list)  # unit → its heads' ids
    for cadre in data.cadres:
        if cadre.is_head:
            heads_of[cadre.unit].append(cadre.id)

    grades: dict[str, str | None] = {}
    basis: dict[str, str] = {}
    places: dict[str, int] = {}
    tied: set[str] = set()
    decided: set[str] = set()
    reasons: dict[str, list[str]] = defaultdict(list)
    ranks: dict[str, int] = {}
    summaries: list[PoolSummary] = []
    warnings: list[Notice] = []
    tie_groups: list[TieGroup] = []
    for pool, members in pools.items():
        quota = quotas[pool].quota
        ranks.update(competition_ranks([(cid, rows[cid]["total"]) for cid in members]))
        in_pool = set(members)
        pending = tuple(
            (units, k) for units, k in standing.pending if any(h in in_pool for u in units for h in heads_of[u])
        )
        # A barred or not-assessed head's grade does not wait for the committee: he cannot be 优秀 either way.
        pending_heads = {
            h
            for units, _k in pending
            for u in units
            for h in heads_of[u]
            if h in in_pool and not rows[h]["cadre"].barred and not rows[h]["cadre"].not_assessed
        }
        tried = scenarios(pending)
        overflow = tried is None
        if tried is None:  # far too many open ties: grade as if none of them won, and mark the candidates
            tried = [frozenset()]
        graded = [grade_pool(pool, members, rows, quota, standing.first_prize | chosen, data) for chosen in tried]
        first = graded[0]
        tie_names = "、".join(sorted({u for units, _ in pending for u in units}))
        for cid in members:
            values = {g.grades[cid] for g in graded}
            if cid in pending_heads:
                unit = rows[cid]["cadre"].unit
                grades[cid], basis[cid] = None, PENDING
                reasons[cid].append(f"所在科室“{unit}”一等奖并列，待党委审定；一等奖科室主要负责人为优秀等次")
            elif len(values) > 1 or (overflow and cid in first.candidates):
                grades[cid], basis[cid] = None, PENDING
                reasons[cid].append(f"本职务层次的优秀名额取决于党委对“{tie_names}”一等奖并列的审定")
            else:
                grades[cid], basis[cid] = first.grades[cid], first.basis[cid]
            if cid in first.places:
                places[cid] = first.places[cid]
            if all(cid in g.ties for g in graded):
                tied.add(cid)
                reasons[cid].append("与同分者并列于优秀名额边界，待党委审定")
            if all(cid in g.decided for g in graded):
                decided.add(cid)
        common_groups = [t for t in first.tie_groups if all(t in g.tie_groups for g in graded)]
        tie_groups.extend(common_groups)
        warnings.extend(w for w in first.warnings if all(w in g.warnings for g in graded))
        mark_open_pool(pool, members, rows, first, standing, heads_of, reasons)
        heads_first = tuple(cid for cid in members if basis[cid] == HEAD_FIRST)
        beyond = max(0, len(heads_first) - quota)
        if beyond:
            warnings.append(
                Notice(
                    "pool",
                    pool,
                    f"一等奖科室主要负责人 {len(heads_first)} 人评为优秀，超出优秀名额 {beyond} 人"
                    f"（本职务层次优秀名额 {quota} 名）",
                )
            )
        summaries.append(
            PoolSummary(
                pool=pool,
                size=len(members),
                quota=quota,
                excellent=sum(1 for cid in members if grades[cid] == EXCELLENT),
                heads_beyond_quota=beyond,
                base=bases[pool][1],
                computation=quotas[pool],
                heads_first=heads_first,
            )
        )

    results = []
    for cadre in data.cadres:
        row = rows[cadre.id]
        incomplete = row["votes"] == 0 or row["raters"] == 0
        grade = grades[cadre.id]
        if cadre.not_assessed:
            reasons.pop(cadre.id, None)  # no grade to wait for
        elif incomplete:
            missing = "无民主测评票" if row["votes"] == 0 else "无领导评价"
            if row["votes"] == 0 and row["raters"] == 0:
                missing = "无民主测评票，无领导评价"
            grade, basis[cadre.id] = None, INCOMPLETE
            reasons[cadre.id].insert(0, f"缺票：{missing}")
        award = cadre.id in data.cadre_special_awards and special_award_allowed(grade, row["total"], cadre, rules)
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
                grade=grade,
                tie=cadre.id in tied,
                incomplete=incomplete,
                is_head=cadre.is_head,
                barred=cadre.barred,
                votes=row["votes"],
                raters=row["raters"],
                decided=cadre.id in decided,
                provisional=bool(reasons.get(cadre.id)),
                provisional_reasons=tuple(dict.fromkeys(reasons.get(cadre.id, ()))),
                special_award=award,
                barred_ground=cadre.barred_ground,
                not_assessed=cadre.not_assessed,
                not_assessed_reason=cadre.not_assessed_reason,
                basis=basis[cadre.id],
                quota_place=places.get(cadre.id),
            )
        )
        if cadre.id in data.cadre_special_awards and not award:
            if cadre.not_assessed or grade is not None:
                why = f"为{cadre.not_assessed or grade}，未授予"
            else:
                why = "等次待定，暂不授予"
            warnings.append(Notice("year", "", f"突出贡献奖要求年度考核称职及以上等次，{cadre.name}{why}"))
    tied_anywhere = {m for group in tie_groups for m in group.members}
    for kind, subject in data.decisions:
        if kind == CADRE and subject not in tied_anywhere:
            warnings.append(Notice("year", "", f"党委审定未采用：干部 {subject} 现已不在优秀名额边界的并列中"))
    known = {c.id for c in data.cadres}
    for event in data.carried_cadre_adjustments:
        for target in event.targets:
            if target not in known:
                warnings.append(
                    Notice(
                        "year",
                        "",
                        f"{event.carried_from} 年度转入的加减分“{event.matter or event.category}”"
                        f"所记干部 {target} 不在本年度名册中，未计入",
                    )
                )
    return CadreOutcome(results, summaries, warnings, tie_groups)


def special_award_allowed(grade: str | None, total: Decimal, cadre, rules: CadreRules) -> bool:
    """年度考核评定为称职及以上等次…设 1—2 名突出贡献奖: 优秀 or 称职; a grade still open counts when every way
    it can go is 称职 or better (total ≥ 70)."""
    if cadre.not_assessed:
        return False
    if grade is None:
        return total >= rules.competent_min
    return grade in (EXCELLENT, COMPETENT)


def mark_open_pool(pool, members, rows, graded: PoolGrades, standing: UnitStanding, heads_of, reasons) -> None:
    """The pool's places may still move: a member has no votes or no 领导评价 yet, or a head's unit sits in a group
    whose prizes are not final. Then every candidate for a place (and such a head) is provisional."""
    missing = [
        rows[cid]["cadre"].name
        for cid in members
        if (rows[cid]["votes"] == 0 or rows[cid]["raters"] == 0) and not rows[cid]["cadre"].not_assessed
    ]
    unsettled_heads = [
        cid for cid in members if rows[cid]["cadre"].is_head and rows[cid]["cadre"].unit in standing.unsettled_groups
    ]
    for cid in unsettled_heads:
        reasons[cid].append(standing.unsettled_groups[rows[cid]["cadre"].unit])
    if not missing and not unsettled_heads:
        return
    why = []
    if missing:
        why.append(f"本职务层次有干部缺票（{'、'.join(missing)}）")
    if unsettled_heads:
        why.append("本职务层次有科室负责人所在科室的奖项未定")
    text = "，".join(why) + "，优秀名额可能变动"
    for cid in members:
        own_missing = rows[cid]["votes"] == 0 or rows[cid]["raters"] == 0
        if (cid in graded.candidates or cid in graded.heads_first) and not own_missing:
            reasons[cid].append(text)
