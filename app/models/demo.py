"""A demo year (示例): plausible invented data so a new user sees a full appraisal at once.

Everything is drawn from one `random.Random(seed)`, so the same seed gives the same data and
therefore the same results. Names are built from common surnames and given-name characters;
they belong to no real person (the seed's own named officials are excluded).
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.models.db import Database, open_database
from app.models.errors import AppraisalError
from app.models.schemes import DEFAULT_SCHEME_ID, Scheme
from app.models.store import (
    AdjustmentRow,
    CadreRow,
    create_year,
    insert_adjustment,
    insert_democratic_ballot,
    insert_rating_ballot,
    list_years,
    scheme_body,
    set_item_score,
    set_leader_rating,
    set_special_award,
    upsert_cadre,
    year_info,
)
from app.scoring.inputs import MARKS
from app.scoring.items import ItemEvent, ItemRule, item_score

DEMO_YEAR = 2017
HALF = Decimal("0.5")

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢钟谭陆汪范廖石邹熊"
GIVEN_CHARS = (
    "建国华军明丽芳敏静伟强磊洋勇艳杰娟涛超霞平刚桂英文辉力宇鹏飞俊峰玲红梅琳雪晓燕斌波亮晨欣怡佳瑶思远航志宏海"
    "东春秋兰婷慧颖凯锋毅诚博睿智彬琪璐倩蕾"
)
# Names in the seed's text (leading group members): never reuse them for invented staff.
RESERVED_NAMES = frozenset(
    {"许永", "李岳星", "李煌", "陈岳红", "程均", "姚海燕", "向阳", "刘建武", "陈丰", "周洪兵", "李智", "黄兴旺"}
)

BARRED_REASON = "因严重违法违纪行为受到处分"
VOID_HEADS_BALLOT = "废票：字迹无法辨认"
VOID_DEMOCRATIC_BALLOT = "废票：未按要求填写"


def _step_down(rng: random.Random, top: Decimal, floor: Decimal, mean_steps: float, spread: float) -> Decimal:
    """A score in 0.5 steps below `top`: how many half-points are lost follows a clipped normal."""
    steps = max(0, round(rng.gauss(mean_steps, spread)))
    return max(floor, top - HALF * steps)


def _strengths(rng: random.Random, count: int) -> list[float]:
    """Evenly spaced qualities (0 weak … 1 strong), shuffled, so each group has a clear order."""
    if count == 1:
        return [0.8]
    values = [0.97 - 0.8 * i / (count - 1) for i in range(count)]
    rng.shuffle(values)
    return values


def _fmt_count(count: int, per: str) -> str:
    if per and per[0].isdigit():  # "每低100万元" → "3×100万元"
        return f"{count}×{per}"
    return f"{count} {per or '次'}"


def _item_scores(
    rng: random.Random, scheme: Scheme, strength: dict[str, float]
) -> list[tuple[str, str, Decimal, str | None]]:
    """(unit, item, score, note) for every unit × item, from invented deduction events."""
    branch_of = {unit.name: unit.branch for unit in scheme.units}
    # Branch-scope rules (支部所有科室扣…) hit every unit of a branch together: decide once per branch.
    branch_events: dict[tuple[str, str, int], int] = {}
    rows: list[tuple[str, str, Decimal, str | None]] = []
    for unit in scheme.units:
        weakness = 1.0 - strength[unit.name]
        for row in scheme.item_rows():
            if row["unit"] not in (None, unit.name):
                continue
            rules: list[dict[str, Any]] = row.get("rules", [])
            events: list[ItemEvent] = []
            notes: list[str] = []
            # Deductions first; only a unit with none on the item may exceed its target.
            ordered = sorted(enumerate(rules), key=lambda pair: pair[1]["kind"] == "add")
            for index, rule in ordered:
                points = Decimal(str(rule["points"]))
                cap = None if rule.get("cap") is None else Decimal(str(rule["cap"]))
                if rule["kind"] == "add":
                    # Only strong units exceed a target (e.g. 争资每多 100 万元加 0.5 分).
                    count = 1 if not events and rng.random() < 0.5 * strength[unit.name] - 0.2 else 0
                elif rule.get("scope") == "branch":
                    key = (branch_of[unit.name], row["id"], index)
                    if key not in branch_events:
                        branch_events[key] = 1 if rng.random() < 0.04 else 0
                    count = branch_events[key]
                else:
                    # Heavy one-off deductions (扣 5 分、扣 10 分) are rarer than small per-occurrence ones.
                    chance = (0.015 + 0.22 * weakness**1.5) * min(1.0, 1.0 / float(points))
                    count = 0
                    while count < 3 and rng.random() < chance * (0.4**count):
                        count += 1
                    if cap is not None and points > 0:
                        count = min(count, max(1, int(cap / points))) if count else 0
                if count:
                    events.append(
                        ItemEvent(ItemRule(f"{row['id']}#{index}", rule["kind"], points, cap), Decimal(count))
                    )
                    notes.append(f"{rule['label']}（{_fmt_count(count, rule.get('per', ''))}）")
            item = scheme.items_by_id[row["id"]]
            score = item_score(item.max, events, item.may_exceed)
            rows.append((unit.name, row["id"], score, "；".join(notes) or None))
    return rows


def _criteria_scores(
    rng: random.Random, maxima: Sequence[Decimal], strength: float, harshness: float
) -> tuple[Decimal, ...]:
    """Five criterion scores in 0.5 steps, near the top for strong units; each rater a bit different."""
    top = maxima[0]
    mean_steps = (1.0 - strength) * float(top) * 0.55 + harshness
    return tuple(_step_down(rng, m, m / 2, mean_steps, 0.6) for m in maxima)


def _unit_ballots(
    rng: random.Random, scheme: Scheme, strength: dict[str, float], form: str, count: int
) -> list[tuple[int, dict[str, tuple[Decimal, ...]], str | None]]:
    maxima = scheme.criteria(form).maxima
    ballots = []
    blank_on = {count // 2: scheme.units[rng.randrange(len(scheme.units))].name}  # one ballot skips a unit
    void_serial = count - 2 if form == "heads" else None
    for serial in range(1, count + 1):
        harshness = rng.uniform(-0.2, 0.4)
        scores = {
            unit.name: _criteria_scores(rng, maxima, strength[unit.name], harshness)
            for unit in scheme.units
            if blank_on.get(serial) != unit.name
        }
        ballots.append((serial, scores, VOID_HEADS_BALLOT if serial == void_serial else None))
    return ballots


def _unique_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set(RESERVED_NAMES)
    while len(names) < count:
        given = "".join(rng.sample(GIVEN_CHARS, 2 if rng.random() < 0.7 else 1))
        name = rng.choice(SURNAMES) + given
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def _roster(rng: random.Random, scheme: Scheme, cadre_count: int, disciplined_units: set[str]) -> list[CadreRow]:
    """One principal head per unit; 机关 units are civil servants, group-3 stations/centres 事业单位.

    The one barred person works, where possible, in a unit whose 廉洁自律 item lost points for a
    disciplinary sanction, so the demo's story holds together.
    """
    units = list(scheme.units)
    sizes = {unit.name: 1 for unit in units}
    while sum(sizes.values()) < cadre_count:
        unit = rng.choice(units)
        # Stations/centres have more staff; keep any one unit at a plausible size.
        limit = 11 if unit.group == 3 else 8
        if sizes[unit.name] < limit or all(sizes[u.name] >= (11 if u.group == 3 else 8) for u in units):
            sizes[unit.name] += 1
    names = _unique_names(rng, sum(sizes.values()))
    roster: list[CadreRow] = []
    for unit in units:
        institution = unit.group == 3
        for index in range(sizes[unit.name]):
            if index == 0:
                level = "管理岗" if institution else "正科"
            elif institution:
                level = "管理岗" if index <= 2 else "专技岗"
            else:
                level = "副科" if index <= (2 if sizes[unit.name] >= 6 else 1) else "科员"
            position = len(roster)
            roster.append(
                CadreRow(
                    id=f"c{position + 1:03d}",
                    name=names[position],
                    unit=unit.name,
                    category="institution" if institution else "civil_servant",
                    level=level,
                    is_head=index == 0,
                    position=position,
                )
            )
    staff = [i for i, c in enumerate(roster) if not c.is_head]
    barred_at = rng.choice([i for i in staff if roster[i].unit in disciplined_units] or staff)
    barred = roster[barred_at]
    roster[barred_at] = CadreRow(
        barred.id,
        barred.name,
        barred.unit,
        barred.category,
        barred.level,
        barred.is_head,
        BARRED_REASON,
        barred.position,
    )
    return roster


def _democratic_marks(rng: random.Random, merit: dict[str, float]) -> dict[str, str]:
    marks: dict[str, str] = {}
    for cadre_id, m in merit.items():
        if rng.random() < 0.01:
            continue  # left unmarked on this ballot
        draw = rng.random()
        excellent = 0.25 + 0.55 * m
        basic = 0.04 * (1.0 - m)
        incompetent = 0.004
        if draw < excellent:
            marks[cadre_id] = MARKS[0]
        elif draw < 1.0 - basic - incompetent:
            marks[cadre_id] = MARKS[1]
        elif draw < 1.0 - incompetent:
            marks[cadre_id] = MARKS[2]
        else:
            marks[cadre_id] = MARKS[3]
    return marks


def _unit_adjustments(scheme: Scheme) -> list[AdjustmentRow]:
    """Fixed, hand-written events so the demo shows each adjustment rule once."""
    names = {unit.short: unit.name for unit in scheme.units} | {unit.name: unit.name for unit in scheme.units}

    def unit(*events: str) -> tuple[str, ...]:
        return tuple(names[e] for e in events)

    return [
        # 受表彰工作由几个科室共同承担的，将总分值分解后分别加分
        AdjustmentRow(
            "unit",
            "bonus",
            "honor_provincial",
            "2017 年度全省工业和信息化系统先进集体",
            Decimal(2),
            unit("运行监测协调科", "新工化推进科"),
        ),
        AdjustmentRow("unit", "bonus", "media", "省级党报报道中小企业服务平台建设", HALF, unit("中小企业服务中心")),
        # 同一事项不重复加分，取最大分值: the same report also ran in the city paper.
        AdjustmentRow("unit", "bonus", "media", "电子信息产业发展报道", HALF, unit("电子通信产业科")),
        AdjustmentRow("unit", "bonus", "media", "电子信息产业发展报道", Decimal("0.2"), unit("电子通信产业科")),
        AdjustmentRow("unit", "bonus", "recognition", "项目争资经验做法在全省推广", Decimal(2), unit("投资规划科")),
        AdjustmentRow("unit", "bonus", "honor_city", "2017 年度市级文明科室", Decimal(1), unit("办公室")),
        AdjustmentRow("unit", "bonus", "central_task", "市重点项目集中开工保障", HALF, unit("人事科")),
        AdjustmentRow(
            "unit", "deduction", "criticized_city_dept", "安全生产专项检查通报批评", Decimal(2), unit("轻工业科")
        ),
        AdjustmentRow(
            "unit", "deduction", "criticized_city_office", "信息报送迟报通报", Decimal(1), unit("离退休人员管理服务科")
        ),
    ]


def _cadre_adjustments(rng: random.Random, roster: list[CadreRow]) -> list[AdjustmentRow]:
    picks = rng.sample([c for c in roster if not c.barred], 6)
    return [
        AdjustmentRow("cadre", "bonus", "individual_honor", "2017 年度市级先进工作者", Decimal(2), (picks[0].id,)),
        AdjustmentRow("cadre", "bonus", "publication", "省级党刊发表调研文章", Decimal("0.3"), (picks[1].id,)),
        AdjustmentRow(
            "cadre", "bonus", "leader_endorsement", "调研报告获省经信委主要领导批示", Decimal(2), (picks[2].id,)
        ),
        AdjustmentRow("cadre", "deduction", "meeting_absence", "机关集中学习无故缺勤", HALF, (picks[3].id,)),
        AdjustmentRow("cadre", "deduction", "inspection_absence", "市直机关工委暗访缺勤", HALF, (picks[4].id,)),
        AdjustmentRow("cadre", "deduction", "criticized", "市级部门通报批评", Decimal(1), (picks[5].id,)),
    ]


def build_demo_year(
    db: Database,
    year: int = DEMO_YEAR,
    seed: int = DEMO_YEAR,
    cadre_count: int = 150,
    leader_ballots: int = 12,
    head_ballots: int = 25,
    democratic_ballots: int = 150,
    leader_raters: int = 9,
) -> None:
    """Create `year` marked 示例 and fill it, in one transaction, with invented but plausible data."""
    if year_info(db, year) is not None:
        raise AppraisalError(f"数据文件中已有 {year} 年度，不能在其中生成示例数据。")
    body = scheme_body(db, DEFAULT_SCHEME_ID)
    if body is None:
        raise AppraisalError(f"没有名为 {DEFAULT_SCHEME_ID} 的考评方案。")
    scheme = Scheme(body)
    rng = random.Random(seed)

    strength: dict[str, float] = {}
    for group in sorted(scheme.groups):
        members = [unit.name for unit in scheme.units if unit.group == group]
        strength.update(zip(members, _strengths(rng, len(members)), strict=True))

    item_rows = _item_scores(rng, scheme, strength)
    leader_forms = _unit_ballots(rng, scheme, strength, "leaders", leader_ballots)
    head_forms = _unit_ballots(rng, scheme, strength, "heads", head_ballots)
    disciplined = {unit for unit, _item, _score, note in item_rows if note and "，给予纪律处分" in note}
    roster = _roster(rng, scheme, cadre_count, disciplined)
    # A cadre's standing follows their unit's a little, plus a personal part.
    merit = {c.id: min(1.0, max(0.0, 0.35 * strength[c.unit] + rng.uniform(0.0, 0.65))) for c in roster}
    void_democratic = rng.randrange(1, democratic_ballots + 1)
    democratic = [
        (serial, _democratic_marks(rng, merit), VOID_DEMOCRATIC_BALLOT if serial == void_democratic else None)
        for serial in range(1, democratic_ballots + 1)
    ]
    leader_maxima = scheme.leader_rating_maxima
    ratings = []
    for rater in range(1, leader_raters + 1):
        harshness = rng.uniform(-0.3, 0.6)
        for cadre in roster:
            mean_steps = (1.0 - merit[cadre.id]) * 3.0 + harshness
            ratings.append((rater, cadre.id, tuple(_step_down(rng, m, m / 2, mean_steps, 0.7) for m in leader_maxima)))
    cadre_events = _cadre_adjustments(rng, roster)
    award_unit = max((u for u in scheme.units if u.group == 2), key=lambda u: strength[u.name]).name

    with db.atomic(reason="生成示例数据", source="demo") as conn:
        create_year(conn, year, body, is_demo=True)
        _write(conn, year, item_rows, leader_forms, head_forms, roster, democratic, ratings)
        for event in [*_unit_adjustments(scheme), *cadre_events]:
            insert_adjustment(conn, year, event)
        set_special_award(conn, year, award_unit, "突出业绩奖", "示例：全年重点工作完成突出")


def _write(
    conn: sqlite3.Connection,
    year: int,
    item_rows: list[tuple[str, str, Decimal, str | None]],
    leader_forms: list[tuple[int, dict[str, tuple[Decimal, ...]], str | None]],
    head_forms: list[tuple[int, dict[str, tuple[Decimal, ...]], str | None]],
    roster: list[CadreRow],
    democratic: list[tuple[int, dict[str, str], str | None]],
    ratings: list[tuple[int, str, tuple[Decimal, ...]]],
) -> None:
    keyed = {"keyed_by": "示例", "keyed_on": "demo"}
    for unit, item, score, note in item_rows:
        set_item_score(conn, year, unit, item, score, note)
    for form, ballots in (("leaders", leader_forms), ("heads", head_forms)):
        for serial, scores, void in ballots:
            insert_rating_ballot(conn, year, form, serial, scores, void=void, **keyed)
    for cadre in roster:
        upsert_cadre(conn, year, cadre)
    for serial, marks, void in democratic:
        insert_democratic_ballot(conn, year, serial, marks, void=void, **keyed)
    for rater, cadre_id, scores in ratings:
        set_leader_rating(conn, year, rater, cadre_id, scores)


def ensure_default_database(path: str | Path) -> Database:
    """Open (or create) the file; a file without any year gets the demo year, so nothing starts empty."""
    db = open_database(path)
    if not list_years(db):
        build_demo_year(db)
    return db
