"""compute_year: the one entry point the GUI, the printouts and the headless commands share."""

from __future__ import annotations

from app.scoring.adjustments import counted_events
from app.scoring.cadres import BASIC, EXCELLENT, INCOMPETENT, UnitStanding, compute_cadres
from app.scoring.decisions import UNIT, TieGroup, applicable
from app.scoring.inputs import YearInput
from app.scoring.results import CadreResult, Flag, Notice, UnitResult, YearResult
from app.scoring.units import FAIL, FIRST_PRIZE, PASS, compute_units_detailed

FOLLOW_UP = "诫勉谈话，限期改进；一年内不得晋升职务；不享受年度考核奖金"


def last_in_group(result: UnitResult, units: list[UnitResult]) -> bool:
    """排序在末位: the worst rank of the group (a tie for last counts)."""
    worst = max(u.rank for u in units if u.group == result.group)
    return result.rank == worst


def count_word(years: int) -> str:
    return "一二三四五六七八九十"[years - 1] if 1 <= years <= 10 else str(years)


def unit_flags(data: YearInput, units: list[UnitResult]) -> list[Flag]:
    """The seed's follow-ups; “两年” in 连续两年 is the scheme's consecutive_years_for_talk."""
    flags: list[Flag] = []
    years = max(2, data.talk_years)
    for result in units:
        is_last = last_in_group(result, units)
        failed = result.grade == FAIL
        if failed or (is_last and result.grade == PASS):
            # 评定为合格但排序在末位以及评定为不合格的 → 书面说明、整改措施
            flags.append(Flag(result.name, "written_explanation", "负责人写出书面说明，制订整改措施"))
        history = {h.year: h for h in data.unit_history.get(result.name, ())}
        earlier = [history.get(data.year - back) for back in range(1, years)]
        demo = [data.year - back for back in range(1, years) if data.year - back in data.history_demo_years]
        if demo and (failed or is_last) and flags and flags[-1].entity == result.name:
            # The clerk sees why no 诫勉谈话 follows: the year before is the invented demo year.
            shown = "、".join(str(y) for y in demo)
            flags[-1] = Flag(
                result.name,
                flags[-1].kind,
                f"{flags[-1].text}（{shown} 年度是示例数据，不计入连续{count_word(years)}年的判断）",
            )
        if any(h is None for h in earlier):
            continue
        always_last = is_last and all(h.last_in_group for h in earlier if h is not None)
        always_failed = failed and all(h.failed for h in earlier if h is not None)
        if always_last or always_failed:
            # 连续两年排序在末位或连续两年评定为不合格 → 诫勉谈话，调整工作岗位
            word = count_word(years)
            reason = f"连续{word}年排序在末位" if always_last else f"连续{word}年评定为不合格"
            flags.append(Flag(result.name, "talk_warning", f"{reason}：对负责人诫勉谈话，并调整工作岗位"))
    return flags


def cadre_flags(data: YearInput, cadres: list[CadreResult]) -> list[Flag]:
    """连续三年被评定为优秀等次的，记三等功一次 — “三” is the scheme's consecutive_excellent_for_merit."""
    years = data.cadre_rules.merit_years if data.cadre_rules is not None else 3
    needed = set(range(data.year - years + 1, data.year))
    count = count_word(years)
    flags = []
    for result in cadres:
        earlier = set(data.cadre_excellent_years.get(result.id, ()))
        if result.grade == EXCELLENT and needed <= earlier:
            flags.append(Flag(result.id, "third_class_merit", f"连续{count}年被评定为优秀等次，记三等功一次"))
        if result.grade in (BASIC, INCOMPETENT):
            # 六（二）年度考核被评定为基本称职、不称职等次的：1、对其诫勉谈话，限期改进；2、一年内不得晋升职务；
            # 3、不享受年度考核奖金。
            flags.append(Flag(result.id, "follow_up", f"{result.grade}：{FOLLOW_UP}"))
    return flags


def unit_standing(data: YearInput, units: list[UnitResult], ties: list[TieGroup]) -> UnitStanding:
    """Which units hold 一等奖, which 一等奖 ties are still open, and which groups' prizes can still move."""
    pending = []
    for group in ties:
        if group.kind != UNIT or FIRST_PRIZE not in group.places:
            continue
        decided, _problem = applicable(group, data.decisions)
        open_units = tuple(m for m in group.members if m not in decided)
        places = group.places.count(FIRST_PRIZE) - sum(1 for v in decided.values() if v == FIRST_PRIZE)
        if open_units and places > 0:
            pending.append((open_units, places))
    unsettled: dict[str, str] = {}
    for result in units:
        # As for the units themselves: a vetoed unit is 不合格 whatever its data, so neither its own gaps nor its
        # group's can move its head's grade, and its gaps move no one else's prize.
        missing = [u.name for u in units if u.group == result.group and u.incomplete and not u.veto]
        if missing and not result.veto:
            unsettled[result.name] = f"所在科室“{result.name}”同组有科室缺项（{'、'.join(missing)}），奖项可能变动"
    return UnitStanding(
        first_prize=frozenset(u.name for u in units if u.prize == FIRST_PRIZE),
        pending=tuple(pending),
        unsettled_groups=unsettled,
    )


def compute_year(data: YearInput) -> YearResult:
    unit_outcome = compute_units_detailed(data)
    units = unit_outcome.results
    # 被评为一等奖的科室（单位）: a 一等奖 decided by the committee (党委审定) counts as any other; an undecided
    # one leaves its head's grade open.
    cadre_outcome = compute_cadres(data, unit_standing(data, units, unit_outcome.ties))
    warnings = list(unit_outcome.warnings) + list(cadre_outcome.warnings)
    if data.history_demo_years:
        shown = "、".join(str(y) for y in sorted(data.history_demo_years))
        warnings.append(
            Notice("year", "", f"{shown} 年度是示例年度（虚构数据），不计入连续年度末位、不合格和优秀的判断")
        )
    for unit in units:
        if unit.name in data.special_awards and not unit.special_award:
            # 评定等次在合格等次（含合格）以上的科室（单位）…设 1-2 个科室为突出业绩奖
            why = "该科室数据未录齐，等次待定，暂不授予" if unit.incomplete else "该科室不合格，未授予"
            warnings.append(Notice("unit", unit.name, f"突出业绩奖要求评定等次在合格以上，{why}"))
    if len(data.special_awards) > 2:
        warnings.append(Notice("year", "", f"突出业绩奖设 1-2 个科室，现有 {len(data.special_awards)} 个"))
    if len(data.cadre_special_awards) > 2:
        warnings.append(Notice("year", "", f"突出贡献奖设 1—2 名，现有 {len(data.cadre_special_awards)} 名"))
    _, late_units = counted_events(data.unit_adjustments, (), data.assessment_date, data.unit_adjustment_rules)
    _, late_cadres = counted_events(data.cadre_adjustments, (), data.assessment_date, data.cadre_adjustment_rules)
    return YearResult(
        year=data.year,
        units=tuple(units),
        cadres=tuple(cadre_outcome.results),
        pools=tuple(cadre_outcome.pools),
        flags=tuple(unit_flags(data, units) + cadre_flags(data, cadre_outcome.results)),
        warnings=tuple(warnings),
        ties=tuple(unit_outcome.ties) + tuple(cadre_outcome.ties),
        carried_out=late_units + late_cadres,
    )
