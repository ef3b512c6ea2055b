"""A realistic full year (25 units, 12 + 25 rating ballots, 150 cadres, 150 democratic ballots)
imported through the year file and computed, checked part by part against figures worked out by hand
from the patterns in full_year.py."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

import tests.helpers.full_year as full_year
from app.models.db import open_database
from app.models.results_json import results_object
from app.models.yearfile.reading import parse_year_file
from app.models.yearfile.writing import import_year_file

D = Decimal


def half_up(value: Decimal) -> Decimal:
    return value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    path = tmp_path_factory.mktemp("full") / "year.sqlite"
    with open_database(path) as db:
        import json

        import_year_file(db, parse_year_file(json.dumps(full_year.year_file(), ensure_ascii=False)))
        return results_object(db, 2017)


def expected_unit_parts(index: int, name: str) -> dict[str, Decimal]:
    # Leaders: 12 ballots of 20, minus 0.5 on (i mod 4) of them → 20 − 0.5·(i mod 4)/12:
    #   i mod 4 = 0: 20.00; 1: 19.9583… → 19.96; 2: 19.9166… → 19.92; 3: 19.875 → 19.88 (half-up).
    leaders = {0: D("20.00"), 1: D("19.96"), 2: D("19.92"), 3: D("19.88")}[index % 4]
    # Heads: 24 ballots (a unit's own head does not rate it); the 12 even ballots give 9.5.
    # If the unit's own ballot (i + 1) is even, only 11 of them rate it: 10 − 0.5·11/24 = 9.7708… → 9.77.
    heads = D("9.77") if (index + 1) % 2 == 0 else D("9.75")
    bonus = {"办公室": D(1), "财务科": D(1), "投资规划科": D(2)}.get(name, D(0))  # 2 shared by two; 5 × 0.5 capped at 2
    deduction = D(2) if name == "人事科" else D(0)
    common = D(25) - D(index) * 2 / 10
    return {
        "common": common,
        "business": D(45),
        "leaders": leaders,
        "heads": heads,
        "bonus": bonus,
        "deduction": deduction,
        "total": common + 45 + leaders + heads + bonus - deduction,
    }


def test_every_unit_part_matches_the_hand_figures(results):
    plan = full_year.scheme()
    by_name = {u["name"]: u for u in results["units"]}
    assert len(by_name) == 25
    for index, unit in enumerate(plan.units):
        got = by_name[unit.name]
        for part, value in expected_unit_parts(index, unit.name).items():
            assert D(str(got[part])) == value, (unit.name, part)
        assert got["incomplete"] is False


def test_ranks_prizes_and_grades_follow_the_quotas(results):
    plan = full_year.scheme()
    totals = {u.name: expected_unit_parts(i, u.name)["total"] for i, u in enumerate(plan.units)}
    quotas = {1: (1, 2), 2: (2, 3), 3: (1, 0)}
    for group, (first, second) in quotas.items():
        members = [u for u in results["units"] if u["group"] == group]
        ordered = sorted(members, key=lambda u: totals[u["name"]], reverse=True)
        assert len({totals[u["name"]] for u in members}) == len(members), "pattern chosen without ties"
        assert [u["rank"] for u in ordered] == list(range(1, len(members) + 1))
        eligible = [u for u in ordered if u["name"] != full_year.VETOED_UNIT]
        for place, unit in enumerate(eligible, start=1):
            expected_prize = "一等奖" if place <= first else "二等奖" if place <= first + second else None
            assert unit["prize"] == expected_prize, unit["name"]
            assert unit["grade"] == {"一等奖": "优秀", "二等奖": "良好", None: "合格"}[expected_prize]
    vetoed = next(u for u in results["units"] if u["name"] == full_year.VETOED_UNIT)
    assert vetoed["veto"] is True and vetoed["grade"] == "不合格" and vetoed["prize"] is None
    assert next(u for u in results["units"] if u["name"] == "投资规划科")["special_award"] is True


def expected_democratic(cadre_index: int) -> Decimal:
    counts = {"优秀": 0, "称职": 0, "基本称职": 0}
    for ballot in range(1, full_year.DEMOCRATIC_BALLOTS + 1):
        counts[full_year.democratic_mark(ballot, cadre_index)] += 1
    weighted = 70 * counts["优秀"] + 65 * counts["称职"] + 60 * counts["基本称职"]
    return half_up(D(weighted) / full_year.DEMOCRATIC_BALLOTS)


def test_every_cadre_matches_the_hand_figures(results):
    cadres = results["cadres"]
    assert len(cadres) == 150
    for index, cadre in enumerate(cadres):
        # 9 raters × 30, minus 0.5 from (j mod 4) of them.
        leaders = half_up((D(9 * 30) - D("0.5") * (index % 4)) / 9)
        adjustment = {"c002": D(2), "c003": D("-0.5")}.get(cadre["id"], D(0))
        assert D(str(cadre["democratic"])) == expected_democratic(index), cadre["id"]
        assert D(str(cadre["leaders"])) == leaders
        assert D(str(cadre["total"])) == expected_democratic(index) + leaders + adjustment


def test_pool_quotas_heads_first_and_barred_skipped(results):
    cadres = results["cadres"]
    pools: dict[str, list[dict]] = {}
    for cadre in cadres:
        pools.setdefault(cadre["pool"], []).append(cadre)
    # 21 正科 heads (groups 1–2), 21 副科, 84 科员 civil servants; group 3: 8 管理岗, 16 专技岗 institution staff.
    sizes = {p: len(m) for p, m in pools.items()}
    assert sizes == {
        "civil_servant/正科": 21,
        "civil_servant/副科": 21,
        "civil_servant/科员": 84,
        "institution/管理岗": 8,
        "institution/专技岗": 16,
    }
    quota = {
        "civil_servant/正科": 3,
        "civil_servant/副科": 3,
        "civil_servant/科员": 12,
        "institution/管理岗": 0,
        "institution/专技岗": 1,
    }  # floor(15% or 10% × size)
    first_prize_units = {u["name"] for u in results["units"] if u["prize"] == "一等奖"}
    roster = {c["id"]: c for c in full_year.cadre_rows(full_year.scheme())}
    for pool, members in pools.items():
        heads = [m for m in members if roster[m["id"]]["is_head"] and roster[m["id"]]["unit"] in first_prize_units]
        excellent = [m for m in members if m["grade"] == "优秀"]
        tied = [m for m in members if m["tie"]]
        assert all(h["grade"] == "优秀" for h in heads)
        places = max(quota[pool], len(heads))
        # The quota is filled, except where a tie at the boundary is left to the committee.
        assert len(excellent) == places or (tied and len(excellent) < places <= len(excellent) + len(tied))
        assert len({m["total"] for m in tied}) <= 1, "only one boundary per pool"
        others = [m for m in members if m not in excellent and m not in tied and not roster[m["id"]]["barred"]]
        by_quota = [m for m in excellent if m not in heads]
        if by_quota and others:
            assert min(m["total"] for m in by_quota) > max(m["total"] for m in others)
        assert all(m["total"] >= 70 for m in excellent if m not in heads)
    assert next(c for c in cadres if c["id"] == "c050")["grade"] != "优秀"
