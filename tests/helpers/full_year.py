"""A realistic full year built from simple, hand-checkable patterns (also used by the benchmark).

25 units, 12 annex-4 ballots, 25 annex-5 ballots, 150 cadres, 150 democratic ballots, 9 raters.
Each pattern is chosen so the expected figure can be worked out on paper (see test_full_year.py).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.models.schemes import Scheme, load_builtin_scheme

LEADER_BALLOTS = 12
HEAD_BALLOTS = 25
CADRES_PER_UNIT = 6
DEMOCRATIC_BALLOTS = 150
RATERS = 9
SHARED_HONOUR_UNITS = ("办公室", "财务科")  # one 省级表彰 of 2 points shared by two units
VETOED_UNIT = "轻工业科"


def scheme() -> Scheme:
    return Scheme(load_builtin_scheme("jxw-2017"))


def common_deduction(unit_index: int) -> str:
    """Unit i loses 0.2 × i on common-01 (党支部标准化建设, 5 points): no two units tie."""
    return f"{unit_index * 0.2:.1f}"


def leader_total(unit_index: int, ballot: int) -> list[str]:
    """Ballot b marks 0.5 off 重点工作 for unit i when b ≤ i mod 4."""
    last = "3.5" if ballot <= unit_index % 4 else "4"
    return ["4", "4", "4", "4", last]


def head_scores(ballot: int) -> list[str]:
    """Even-numbered heads' ballots mark 0.5 off 业务工作; every head skips his own unit."""
    return ["2", "2", "2", "1.5" if ballot % 2 == 0 else "2", "2"]


def democratic_mark(ballot: int, cadre_index: int) -> str:
    """基本称职 on the first (j mod 7) ballots, then 优秀 when (v + j) mod 10 < 7, else 称职."""
    if ballot <= cadre_index % 7:
        return "基本称职"
    return "优秀" if (ballot + cadre_index) % 10 < 7 else "称职"


def rater_scores(rater: int, cadre_index: int) -> list[str]:
    """Each rater gives 6 everywhere except 5.5 on 绩 when rater ≤ j mod 4."""
    return ["6", "6", "6", "5.5" if rater <= cadre_index % 4 else "6", "6"]


def cadre_rows(plan: Scheme) -> list[dict[str, Any]]:
    rows = []
    index = 0
    for unit in plan.units:
        institution = unit.group == 3
        for slot in range(CADRES_PER_UNIT):
            index += 1
            if institution:
                level = "管理岗" if slot < 2 else "专技岗"
            else:
                level = ("正科", "副科", "科员", "科员", "科员", "科员")[slot]
            rows.append(
                {
                    "id": f"c{index:03d}",
                    "name": f"干部{index:03d}",
                    "unit": unit.name,
                    "category": "institution" if institution else "civil_servant",
                    "level": level,
                    "is_head": slot == 0,
                    "barred": "因严重违法违纪行为受到处分" if index == 50 else None,
                }
            )
    return rows


def year_file(year: int = 2017) -> dict[str, Any]:
    plan = scheme()
    units = plan.units
    item_scores = []
    for i, unit in enumerate(units):
        for item in plan.items_for_unit(unit.name):
            score = str(item.max)
            if item.id == "common-01":
                score = str(item.max - Decimal(common_deduction(i)))
            item_scores.append({"unit": unit.name, "item": item.id, "score": score})
    leader_ballots = [
        {"form": "leaders", "ballot": b, "scores": {u.name: leader_total(i, b) for i, u in enumerate(units)}}
        for b in range(1, LEADER_BALLOTS + 1)
    ]
    head_ballots = [
        {
            "form": "heads",
            "ballot": b,
            "scores": {u.name: head_scores(b) for i, u in enumerate(units) if i != b - 1},
        }
        for b in range(1, HEAD_BALLOTS + 1)
    ]
    cadres = cadre_rows(plan)
    democratic = [
        {"ballot": v, "marks": {c["id"]: democratic_mark(v, j) for j, c in enumerate(cadres)}}
        for v in range(1, DEMOCRATIC_BALLOTS + 1)
    ]
    ratings = [
        {"rater": r, "cadre": c["id"], "scores": rater_scores(r, j)}
        for r in range(1, RATERS + 1)
        for j, c in enumerate(cadres)
    ]
    return {
        "format": "appraisal-year/1",
        "year": year,
        "scheme": "jxw-2017",
        "item_scores": item_scores,
        "unit_ballots": leader_ballots + head_ballots,
        "unit_adjustments": [
            {
                "units": list(SHARED_HONOUR_UNITS),
                "kind": "bonus",
                "category": "honor_provincial",
                "matter": "省级文明单位",
                "points": 2,
            },
            *[
                {
                    "units": ["投资规划科"],
                    "kind": "bonus",
                    "category": "media",
                    "matter": f"省级媒体报道{k}",
                    "points": 0.5,
                }
                for k in range(5)
            ],
            {
                "units": ["人事科"],
                "kind": "deduction",
                "category": "criticized_city_dept",
                "matter": "通报批评",
                "points": 2,
            },
        ],
        "vetoes": [{"unit": VETOED_UNIT, "reason": "被市委、市政府一票否决"}],
        "special_awards": [{"unit": "投资规划科", "award": "突出业绩奖"}],
        "cadres": cadres,
        "democratic_ballots": democratic,
        "leader_ratings": ratings,
        "cadre_adjustments": [
            {"cadre": "c002", "kind": "bonus", "category": "individual_honor", "matter": "市级先进个人", "points": 2},
            {"cadre": "c003", "kind": "deduction", "category": "meeting_absence", "matter": "会议缺勤", "points": 0.5},
        ],
    }
