"""The remarks (备注) beside a unit or a cadre, worded once for the screen (考评结果), the printed results sheet and
the results workbook, so the committee reads the same words everywhere: 一票否决, 并列需党委审定, 缺项, 组内末位 …"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from app.scoring.results import CadreResult, Flag, UnitResult, YearResult

FIRST_PRIZE = "一等奖"
EXCELLENT = "优秀"


PROVISIONAL = "（暂定）"
UNDECIDED = "待定"


def grade_text(entity: UnitResult | CadreResult) -> str:
    """The 等次 column: 待定 while there is no grade, the grade marked 暂定 while it can still change."""
    if entity.grade is None or (isinstance(entity, UnitResult) and entity.incomplete and not entity.veto):
        if isinstance(entity, CadreResult) and entity.not_assessed:
            return entity.not_assessed
        return UNDECIDED
    return entity.grade + (PROVISIONAL if entity.provisional else "")


def open_reason(entity: UnitResult | CadreResult) -> str | None:
    """The first reason the result is provisional that the other notes do not already say (缺项, 并列)."""
    for reason in entity.provisional_reasons:
        if reason.startswith(("缺项", "缺票", "与同分")):
            continue
        return f"暂定：{reason}"
    return None


def unit_notes(unit: UnitResult, flags: Sequence[str] = ()) -> list[str]:
    notes = []
    if unit.veto:
        notes.append(f"一票否决：{unit.veto_reason}" if unit.veto_reason else "一票否决")
    if unit.tie:
        notes.append("总分并列，已由党委审定" if unit.decided else "总分并列，需党委审定")
    if unit.missing_items:
        notes.append(f"缺项 {len(unit.missing_items)} 项")
    return notes + closing_notes(unit, {"委领导评分": unit.leader_ballots, "科室负责人评分": unit.head_ballots}, flags)


def effective_flags(result: YearResult) -> list[Flag]:
    """The engine's follow-up flags, leaving out units and cadres whose data is not all keyed yet: a unit
    still being keyed is last or 不合格 only for want of its scores, and nothing follows from that."""
    incomplete = {u.name for u in result.units if u.incomplete} | {c.id for c in result.cadres if c.incomplete}
    return [flag for flag in result.flags if flag.entity not in incomplete]


def result_notes(result: YearResult) -> dict[str, list[str]]:
    """Per unit name / cadre id: the engine's follow-up flags, worded for the 备注 column."""
    units = {u.name: u for u in result.units}
    notes: dict[str, list[str]] = defaultdict(list)
    for flag in effective_flags(result):
        text = flag.text
        if flag.kind == "written_explanation" and flag.entity in units:
            # The engine raises it for 不合格 and for the last place of a group; say which.
            text = ("不合格：" if units[flag.entity].grade == "不合格" else "组内末位：") + text
        notes[flag.entity].append(text)
    first_prize = {u.name for u in result.units if u.prize == FIRST_PRIZE}
    for cadre in result.cadres:
        if cadre.is_head and cadre.unit in first_prize and cadre.grade == EXCELLENT:
            notes[cadre.id].append("一等奖科室主要负责人，评为优秀")
    return dict(notes)


def cadre_notes(cadre: CadreResult, flags: Sequence[str] = ()) -> list[str]:
    notes = []
    if cadre.is_head and not any("主要负责人" in text for text in flags):
        notes.append("主要负责人")
    if cadre.tie:
        notes.append("名额边界并列，已由党委审定" if cadre.decided else "名额边界并列，需党委审定")
    if cadre.barred:
        notes.append(f"不得评为优秀：{cadre.barred}")
    if cadre.not_assessed:
        reason = f"：{cadre.not_assessed_reason}" if cadre.not_assessed_reason else ""
        notes.append(f"{cadre.not_assessed}{reason}")
    if cadre.special_award:
        notes.append("突出贡献奖")
    return notes + closing_notes(cadre, {"民主测评票": cadre.votes, "领导评价": cadre.raters}, flags)


def closing_notes(entity: UnitResult | CadreResult, sources: dict[str, int], flags: Sequence[str]) -> list[str]:
    """How every remark ends: each source with nothing keyed yet (无…), why the result is still open, the flags."""
    notes = [f"无{source}" for source, count in sources.items() if count == 0]
    reason = open_reason(entity)
    if reason:
        notes.append(reason)
    return [*notes, *flags]
