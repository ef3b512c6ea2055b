"""A unit's result, traced: items, ballots, adjustments, total, rank, place, prize, grade, what is still open."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from app.scoring import clauses
from app.scoring.decisions import UNIT
from app.scoring.explain.adjustments import EventMap, event_maps, explain_adjustments
from app.scoring.explain.model import (
    AWARD,
    COMPONENT,
    OUTCOME,
    PROVISIONAL,
    RANK,
    TOTAL,
    Explanation,
    Lines,
    explain_decision,
    fmt,
    points,
)
from app.scoring.inputs import YearInput
from app.scoring.numbers import ZERO
from app.scoring.results import UnitResult, YearResult
from app.scoring.units import FIRST_PRIZE, SECOND_PRIZE

FORM_WORDS = {"leaders": ("委领导评分", "附件 4"), "heads": ("科室负责人评分", "附件 5")}


def ballot_data(data: YearInput, unit: str, form: str) -> dict[str, Any]:
    counted, void, total = [], [], ZERO
    for ballot in data.unit_ballots:
        if ballot.form != form or unit not in ballot.scores:
            continue
        if ballot.void:
            void.append(ballot.serial)
        else:
            counted.append(ballot.serial)
            total += sum(ballot.scores[unit], ZERO)
    return {"serials": counted, "void_serials": void, "ballots": len(counted), "void": len(void), "sum": total}


def explain_unit(
    data: YearInput,
    result: YearResult,
    unit: UnitResult,
    events: EventMap,
    late: EventMap,
) -> Explanation:
    out = Lines()
    members = [u for u in result.units if u.group == unit.group]
    rule = data.groups[unit.group]
    parts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in data.items:
        if item.unit is not None and item.unit != unit.name:
            continue
        score = data.item_scores.get((unit.name, item.id))
        parts[item.part].append({"id": item.id, "title": item.title, "max": item.max, "score": score})
    components: dict[str, Any] = {}
    for part, clause, word, value in (
        ("common", clauses.UNIT_COMMON, "共性工作", unit.common),
        ("business", clauses.UNIT_BUSINESS, "业务工作", unit.business),
    ):
        items = parts.get(part, [])
        full = sum((i["max"] for i in items), ZERO)
        missing = [i for i in items if i["score"] is None]
        components[part] = {"score": value, "points": full, "items": items, "missing": [i["id"] for i in missing]}
        text = f"{word} {fmt(value)} 分（{len(items)} 项，满分 {points(full)} 分）"
        out.add(COMPONENT, clause, text)
        if missing:
            names = "、".join(i["title"] for i in missing[:5]) + ("等" if len(missing) > 5 else "")
            out.add(COMPONENT, clauses.SPEC_INCOMPLETE, f"{word}缺 {len(missing)} 项未评分（{names}），计 0 分")
    for form, clause, value in (
        ("leaders", clauses.UNIT_LEADERS, unit.leaders),
        ("heads", clauses.UNIT_HEADS, unit.heads),
    ):
        ballots = ballot_data(data, unit.name, form)
        components[form] = {"score": value, **ballots}
        word, annex = FORM_WORDS[form]
        if ballots["ballots"]:
            text = f"{word} {fmt(value)} 分：有效评分表 {ballots['ballots']} 张，合计 {fmt(ballots['sum'])} ÷ {ballots['ballots']}"
        else:
            text = f"{word} 0 分：尚无评到本科室的有效评分表（{annex}），计 0 分并标为缺项"
        if ballots["void"]:
            text += f"（废票 {ballots['void']} 张不计）"
        out.add(COMPONENT, clause, text)
    adjustments = explain_adjustments(
        unit.name, "unit", events, late, data.unit_adjustment_rules, data.assessment_date, out
    )
    out.add(
        TOTAL,
        clauses.UNIT_TOTAL,
        f"总分 {fmt(unit.total)} = 共性工作 {fmt(unit.common)} + 业务工作 {fmt(unit.business)} + 委领导评分 "
        f"{fmt(unit.leaders)} + 科室负责人评分 {fmt(unit.heads)} + 加分 {fmt(unit.bonus)} − 减分 {fmt(unit.deduction)}",
    )
    out.add(RANK, clauses.UNIT_RANK, f"{rule.name} {len(members)} 个科室（单位）中排第 {unit.rank} 名")
    place = explain_place(data, unit, out)
    decision = explain_decision(data, (UNIT, unit.name), unit.decided, clauses.UNIT_COMMITTEE, out)
    if unit.name in data.special_awards:
        if unit.special_award:
            out.add(AWARD, clauses.UNIT_SPECIAL, f"{data.special_awards[unit.name]}（经委党委讨论通过）")
        elif unit.incomplete:
            out.add(
                AWARD, clauses.UNIT_SPECIAL, f"记有{data.special_awards[unit.name]}，等次待数据录齐后评定，暂不授予"
            )
        else:
            out.add(AWARD, clauses.UNIT_SPECIAL, f"记有{data.special_awards[unit.name]}，但等次不合格，未授予")
    for reason in unit.provisional_reasons:
        out.add(PROVISIONAL, clauses.PROVISIONAL, f"暂定：{reason}")
    payload = {
        "components": components,
        "adjustments": adjustments,
        "total": unit.total,
        "rank": {"rank": unit.rank, "of": len(members), "group": unit.group},
        "place": place,
        "outcome": {"grade": unit.grade, "prize": unit.prize, "special_award": unit.special_award, "tie": unit.tie},
        "decision": decision,
        "veto": {"reason": unit.veto_reason} if unit.veto else None,
        "provisional": list(unit.provisional_reasons),
    }
    return Explanation(UNIT, unit.name, payload, tuple(out.items))


def explain_place(data: YearInput, unit: UnitResult, out: Lines) -> dict[str, Any]:
    rule = data.groups[unit.group]
    quota = {"first_prize": rule.first_prize, "second_prize": rule.second_prize}
    if unit.veto:
        out.add(OUTCOME, clauses.UNIT_VETO, f"被“一票否决”（{unit.veto_reason or '未填原因'}），取消当年评先评优资格")
        out.add(OUTCOME, clauses.UNIT_FAIL, "评定为不合格等次")
        return {"place": None, "why": "veto", **quota}
    if unit.incomplete and unit.place is None:
        # What is keyed so far is under the line, but the missing scores and ballots can only add: nothing is final.
        out.add(
            OUTCOME,
            clauses.SPEC_INCOMPLETE,
            f"按现有分数总分低于 {points(data.pass_threshold)} 分；数据未录齐，等次和奖项待录齐后评定",
        )
        return {"place": None, "why": "incomplete", **quota}
    if unit.total < data.pass_threshold:
        out.add(OUTCOME, clauses.UNIT_FAIL, f"总分低于 {points(data.pass_threshold)} 分，不参加评奖，评定为不合格等次")
        return {"place": None, "why": "below_pass", **quota}
    lines = {
        FIRST_PRIZE: (clauses.UNIT_FIRST, f"本组一等奖 {rule.first_prize} 名，获一等奖（优秀等次）"),
        SECOND_PRIZE: (
            clauses.UNIT_SECOND,
            f"本组一等奖 {rule.first_prize} 名之后的二等奖 {rule.second_prize} 名之内，获二等奖（良好等次）",
        ),
    }
    where = f"参评名次第 {unit.place} 名"
    if unit.incomplete:
        out.add(OUTCOME, clauses.SPEC_INCOMPLETE, f"{where}（按现有分数）；数据未录齐，等次和奖项待录齐后评定")
    elif unit.tie and not unit.decided:
        out.add(OUTCOME, clauses.SPEC_TIE, f"{where}，与同分科室并列，所占名次跨越奖项界线，交委党委审定")
    elif unit.prize in lines:
        clause, text = lines[unit.prize]
        out.add(OUTCOME, clause, f"{where}，{text}")
    elif unit.decided:
        out.add(OUTCOME, clauses.UNIT_PASS, f"{where}，党委审定不授奖，评定为合格等次")
    else:
        out.add(
            OUTCOME,
            clauses.UNIT_PASS,
            f"{where}，在一、二等奖名额（{rule.first_prize}＋{rule.second_prize}）之外；"
            f"总分 {points(data.pass_threshold)} 分以上且未被一票否决，评定为合格等次",
        )
    return {"place": unit.place, "why": None, **quota}


def unit_event_maps(data: YearInput) -> tuple[EventMap, EventMap]:
    """Per unit: the (event, share) pairs that count this year, and its own that count next year."""
    return event_maps(
        data.unit_adjustments, data.carried_unit_adjustments, data.assessment_date, data.unit_adjustment_rules
    )
