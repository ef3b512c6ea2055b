"""A cadre's result, traced: votes, raters, adjustments, total, pool and quota, place, grade, what is still open."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.scoring import clauses
from app.scoring.cadres import BASIC, COMPETENT, EXCELLENT, INCOMPETENT
from app.scoring.decisions import CADRE
from app.scoring.explain.adjustments import EventMap, event_maps, explain_adjustments
from app.scoring.explain.model import (
    AWARD,
    COMPONENT,
    FOLLOW_UP,
    OUTCOME,
    PROVISIONAL,
    QUOTA,
    RANK,
    TOTAL,
    Explanation,
    Lines,
    explain_decision,
    fmt,
    points,
)
from app.scoring.inputs import MarkCounts, YearInput
from app.scoring.numbers import ZERO
from app.scoring.quotas import QUOTA_MODE_NAMES
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
    PoolSummary,
    YearResult,
)

STAFF_WORDS = {"civil_servant": "公务员", "institution": "事业单位"}


def pool_label(pool: str) -> str:
    category, _, level = pool.partition("/")
    return f"{STAFF_WORDS.get(category, category)}·{level}"


def cadre_event_maps(data: YearInput) -> tuple[EventMap, EventMap]:
    rules = data.cadre_adjustment_rules
    return event_maps(data.cadre_adjustments, data.carried_cadre_adjustments, data.assessment_date, rules)


def explain_cadre(
    data: YearInput,
    result: YearResult,
    cadre: CadreResult,
    marks: dict[str, MarkCounts],
    events: EventMap,
    late: EventMap,
    rater_sums: dict[str, list[Decimal]],
) -> Explanation:
    out = Lines()
    rules = data.cadre_rules
    assert rules is not None
    summary = next(p for p in result.pools if p.pool == cadre.pool)
    counts = marks.get(cadre.id, MarkCounts())
    source = "tallies" if cadre.id in data.democratic_tallies else "ballots"
    weights = [rules.mark_scores[m] for m in (EXCELLENT, COMPETENT, BASIC, INCOMPETENT)]
    numbers = (counts.excellent, counts.competent, counts.basic, counts.incompetent)
    if counts.total:
        formula = " + ".join(f"{points(w)}×{n}" for w, n in zip(weights, numbers, strict=True))
        out.add(
            COMPONENT,
            clauses.CADRE_DEMOCRATIC,
            f"民主测评 {fmt(cadre.democratic)} 分：有效票 {counts.total} 张（优秀 {counts.excellent}、称职 "
            f"{counts.competent}、基本称职 {counts.basic}、不称职 {counts.incompetent}），({formula}) ÷ {counts.total}"
            + ("（按计票汇总录入）" if source == "tallies" else ""),
        )
    else:
        out.add(COMPONENT, clauses.SPEC_INCOMPLETE, "民主测评 0 分：尚无有效的民主测评票，计 0 分并标为缺项")
    sums = rater_sums.get(cadre.id, [])
    if sums:
        out.add(
            COMPONENT,
            clauses.CADRE_LEADERS,
            f"领导评价 {fmt(cadre.leaders)} 分：{len(sums)} 位委班子成员打分，合计 {fmt(sum(sums, ZERO))} ÷ {len(sums)}",
        )
    else:
        out.add(COMPONENT, clauses.SPEC_INCOMPLETE, "领导评价 0 分：尚无委班子成员打分，计 0 分并标为缺项")
    adjustments = {}
    if data.cadre_adjustment_rules is not None:
        adjustments = explain_adjustments(
            cadre.id, "cadre", events, late, data.cadre_adjustment_rules, data.assessment_date, out
        )
    out.add(
        TOTAL,
        clauses.CADRE_TOTAL,
        f"总分 {fmt(cadre.total)} = 民主测评 {fmt(cadre.democratic)} + 领导评价 {fmt(cadre.leaders)} + 加分 "
        f"{fmt(cadre.bonus)} − 减分 {fmt(cadre.deduction)}",
    )
    pool = explain_pool(summary, out)
    out.add(
        RANK,
        clauses.CADRE_BY_TOTAL,
        f"在{pool_label(cadre.pool)} {summary.size} 人中按总分排第 {cadre.rank_in_pool} 名",
    )
    explain_outcome(data, cadre, summary, out)
    # 干部办法 has no clause for a tie at the 优秀 line: the spec's rule (§5, as for units) leaves it to the 党委.
    decision = explain_decision(data, (CADRE, cadre.id), cadre.decided, clauses.SPEC_TIE, out)
    if cadre.id in data.cadre_special_awards:
        award = data.cadre_special_awards[cadre.id]
        if cadre.special_award:
            out.add(AWARD, clauses.CADRE_SPECIAL, f"{award}（经委党委讨论通过）")
        elif cadre.grade is None and not cadre.not_assessed:
            out.add(AWARD, clauses.CADRE_SPECIAL, f"记有{award}，等次待定，暂不授予")
        else:
            out.add(AWARD, clauses.CADRE_SPECIAL, f"记有{award}，但未评为称职及以上等次，未授予")
    if cadre.grade in (BASIC, INCOMPETENT):
        out.add(FOLLOW_UP, clauses.CADRE_FOLLOW_UP, "对其诫勉谈话，限期改进；一年内不得晋升职务；不享受年度考核奖金")
    for reason in cadre.provisional_reasons:
        out.add(PROVISIONAL, clauses.PROVISIONAL, f"暂定：{reason}")
    payload = {
        "components": {
            "democratic": {
                "score": cadre.democratic,
                "votes": {
                    EXCELLENT: counts.excellent,
                    COMPETENT: counts.competent,
                    BASIC: counts.basic,
                    INCOMPETENT: counts.incompetent,
                },
                "counted": counts.total,
                "source": source,
            },
            "leaders": {"score": cadre.leaders, "raters": len(sums), "sum": sum(sums, ZERO)},
        },
        "adjustments": adjustments,
        "total": cadre.total,
        "pool": pool,
        "rank_in_pool": cadre.rank_in_pool,
        "place": {"basis": cadre.basis, "quota_place": cadre.quota_place},
        "outcome": {"grade": cadre.grade, "tie": cadre.tie, "special_award": cadre.special_award},
        "decision": decision,
        "barred": {"ground": cadre.barred_ground, "text": cadre.barred} if cadre.barred else None,
        "not_assessed": (
            {"kind": cadre.not_assessed, "reason": cadre.not_assessed_reason} if cadre.not_assessed else None
        ),
        "provisional": list(cadre.provisional_reasons),
    }
    return Explanation(CADRE, cadre.id, payload, tuple(out.items))


def explain_pool(summary: PoolSummary, out: Lines) -> dict[str, Any]:
    computation = summary.computation
    outside = summary.size - summary.base
    text = f"{pool_label(summary.pool)}：参加考核 {summary.base} 人"
    if outside:
        text += f"（另有不参加评优或不定等次 {outside} 人，不计入基数）"
    text += f"，优秀名额 {summary.quota} 名"
    if computation is not None:
        text += f"（{QUOTA_MODE_NAMES.get(computation.mode, computation.mode)}：{computation.text()}）"
    out.add(QUOTA, clauses.CADRE_QUOTA, text)
    if computation is not None and computation.override is not None:
        out.add(
            QUOTA,
            clauses.CADRE_QUOTA_FINAL,
            f"优秀名额按市人社局审核定为 {summary.quota} 名：{computation.override.reason}",
        )
    heads = len(summary.heads_first)
    if heads:
        left = max(0, summary.quota - heads)
        out.add(
            QUOTA,
            clauses.CADRE_HEAD_FIRST,
            f"一等奖科室主要负责人 {heads} 人先评为优秀，余下优秀名额 {left} 名"
            + (f"（超出名额 {heads - summary.quota} 人）" if heads > summary.quota else ""),
        )
    data: dict[str, Any] = {
        "pool": summary.pool,
        "size": summary.size,
        "base": summary.base,
        "quota": summary.quota,
        "excellent": summary.excellent,
        "heads_first": list(summary.heads_first),
    }
    if computation is not None:
        data["computation"] = {
            "mode": computation.mode,
            "rate": computation.rate,
            "computed": computation.computed,
            "category_base": computation.category_base or None,
            "category_places": computation.category_places if computation.mode != "per_pool" else None,
            "exact": computation.exact,
            "remainder_place": computation.remainder_place,
            "override": (
                {"quota": computation.override.quota, "reason": computation.override.reason}
                if computation.override
                else None
            ),
            "text": computation.text(),
        }
    return data


def explain_outcome(data: YearInput, cadre: CadreResult, summary: PoolSummary, out: Lines) -> None:
    rules = data.cadre_rules
    assert rules is not None
    left = max(0, summary.quota - len(summary.heads_first))
    where = f"参评优秀名次第 {cadre.quota_place} 名" if cadre.quota_place else ""
    by_total = grade_clause(cadre.grade)
    if cadre.barred:
        ground = clauses.BARRED_GROUNDS.get(cadre.barred_ground or "", clauses.CADRE_BARRED)
        out.add(OUTCOME, ground, f"不予评为优秀等次：{cadre.barred}")
    basis = cadre.basis
    if basis == NOT_ASSESSED:
        reason = f"：{cadre.not_assessed_reason}" if cadre.not_assessed_reason else ""
        out.add(OUTCOME, clauses.CADRE_OTHER, f"{cadre.not_assessed}{reason}；不计入优秀名额基数，不评定等次")
    elif basis == INCOMPLETE:
        out.add(OUTCOME, clauses.SPEC_INCOMPLETE, "民主测评票或领导评价未录齐，等次待录齐后评定")
    elif basis == HEAD_FIRST:
        out.add(OUTCOME, clauses.CADRE_HEAD_FIRST, f"所在科室“{cadre.unit}”获一等奖，作为主要负责人评为优秀等次")
    elif basis == QUOTA_PLACE:
        out.add(OUTCOME, clauses.CADRE_BY_TOTAL, f"{where}，在余下的 {left} 个优秀名额之内，评为优秀等次")
    elif basis == QUOTA_FULL:
        out.add(OUTCOME, clauses.CADRE_BY_TOTAL, f"{where}，余下的 {left} 个优秀名额已满")
        out.add(OUTCOME, by_total, f"评为{cadre.grade}等次")
    elif basis == BELOW_MIN:
        out.add(OUTCOME, by_total, f"总分不足 {points(rules.excellent_min)} 分，不参加优秀评选，评为{cadre.grade}等次")
    elif basis == BARRED:
        out.add(OUTCOME, by_total, f"按总分评为{cadre.grade}等次")
    elif basis == TIE:
        out.add(OUTCOME, clauses.SPEC_TIE, f"{where}，与同分者并列于优秀名额界线，交委党委审定")
    elif basis == DECIDED:
        out.add(OUTCOME, clauses.SPEC_TIE, f"{where}，与同分者并列于优秀名额界线，经党委审定为{cadre.grade}")
    elif basis == PENDING:
        out.add(OUTCOME, clauses.SPEC_TIE, "等次取决于党委对科室一等奖并列的审定，暂不评定")


def grade_clause(grade: str | None) -> clauses.Clause:
    return {
        COMPETENT: clauses.CADRE_COMPETENT,
        BASIC: clauses.CADRE_BASIC,
        INCOMPETENT: clauses.CADRE_INCOMPETENT,
    }.get(grade or "", clauses.CADRE_COMPETENT)
