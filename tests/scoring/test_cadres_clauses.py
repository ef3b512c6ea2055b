"""Review of app/scoring/cadres.py against the clauses of the seed's 干部考核办法 not covered elsewhere.

五、（一）…在本年度科室（单位）绩效考评中被评为一等奖的科室（单位），其科室（单位）主要负责人个人年度考核为优秀等次;
三、（三）3、有下列情形的，本年度考核不予评为优秀等次：①因严重违法违纪行为受到处分的；②因工作严重失职….
"""

from __future__ import annotations

import json
from pathlib import Path

from app.scoring import compute_year
from app.scoring.cadres import pool_quota
from tests.helpers.builders import D, by_name, cadres_year, person, pool


def test_a_barred_head_of_a_first_prize_unit_is_not_excellent_and_the_committee_is_told() -> None:
    """其科室（单位）主要负责人个人年度考核为优秀等次 meets 有下列情形的，本年度考核不予评为优秀等次：…严重失职: the bar
    wins (spec: "unless barred"), and since the first clause alone would make the head 优秀, the program warns."""
    people = [person("h", 98, unit="G3-1", is_head=True, barred="严重失职"), *pool("a", [90, 89, 88, 87, 86, 85])]
    result = compute_year(cadres_year(people, unit_groups={3: [90]}))
    assert by_name(result)["G3-1"].prize == "一等奖"
    assert [by_name(result)[cid].grade for cid in ("h", "a1", "a2")] == ["称职", "优秀", "称职"]
    notices = [w for w in result.warnings if w.scope == "pool"]
    assert len(notices) == 1
    assert notices[0].subject == "civil_servant/科员"
    assert "G3-1" in notices[0].text and "严重失职" in notices[0].text and "不予评为优秀" in notices[0].text


def test_a_barred_head_of_an_ordinary_unit_gives_no_warning() -> None:
    """Only the 一等奖 clause is in conflict with the bar; any other barred person is simply skipped."""
    people = [person("h", 98, unit="G3-2", is_head=True, barred="严重失职"), *pool("a", [90, 89, 88, 87, 86, 85])]
    result = compute_year(cadres_year(people, unit_groups={3: [90, 80]}))
    assert result.warnings == ()


def test_quota_rounding_at_every_size_up_to_forty() -> None:
    """优秀等次人数比例一般控制在本单位参与年度考核总人数的 15％以内 / 10％以内 — “以内”: never above the rate, so the
    quota is the largest whole number ≤ rate × size (spec: floor). 15% of 7 is 1.05 → 1; of 6, 0.9 → 0; 10% of 9 → 0."""
    for size in range(0, 41):
        for rate in (D("0.15"), D("0.10")):
            quota = pool_quota(rate, size)
            assert quota <= rate * size < quota + 1
    assert (pool_quota(D("0.15"), 7), pool_quota(D("0.15"), 6), pool_quota(D("0.10"), 9)) == (1, 0, 0)
    assert (pool_quota(D("0.15"), 20), pool_quota(D("0.10"), 10)) == (3, 1)  # exact products are not cut


def test_a_one_person_pool_has_no_excellent_place_even_for_a_perfect_score() -> None:
    """15％以内 of one person is 0.15 → no place; 不同职务层次优秀名额不得相互挤占: the lone 正科 cannot take a place
    of the 科员 pool."""
    people = [person("z", 100, level="正科"), *pool("k", [80, 79, 78, 77, 76, 75, 74])]
    result = compute_year(cadres_year(people))
    assert [by_name(result)[cid].grade for cid in ("z", "k1", "k2")] == ["称职", "优秀", "称职"]


def test_a_three_way_tie_inside_and_across_the_quota_line() -> None:
    """Spec: tied people take consecutive places; where those places lead to different outcomes, they get grade null
    and tie true and "the units after them are unaffected". Pool of 14 (quota 2): 90 alone is 优秀; 85, 85, 85
    straddle place 2 → all three 待定; 84 is 称职."""
    result = compute_year(cadres_year(pool("a", [90, 85, 85, 85, 84, 83, 82, 81, 80, 79, 78, 77, 76, 75])))
    cadres = by_name(result)
    assert [(cadres[c].grade, cadres[c].tie) for c in ("a1", "a2", "a3", "a4", "a5")] == [
        ("优秀", False),
        (None, True),
        (None, True),
        (None, True),
        ("称职", False),
    ]
    assert result.pools[0].excellent == 1


def test_a_tie_with_a_barred_person_is_no_tie() -> None:
    """The barred are skipped before places are given: a barred 90 beside a 90 leaves the other one the place."""
    people = [person("x", 90, barred="严重违法违纪受处分"), *pool("a", [90, 85, 84, 83, 82, 81])]
    result = compute_year(cadres_year(people))
    assert [(by_name(result)[c].grade, by_name(result)[c].tie) for c in ("x", "a1")] == [
        ("称职", False),
        ("优秀", False),
    ]


def test_the_schemes_merit_years_setting_is_obeyed() -> None:
    """六、（一）1、…连续三年被评定为优秀等次的，记三等功一次 — the scheme keeps “三” as consecutive_excellent_for_merit
    and the 年度与方案 page lets the office change it (连续几年优秀记三等功); the engine ignored it (always 3)."""
    from dataclasses import replace

    from app.models.schemes import Scheme
    from tests.helpers.builders import CADRE_RULES

    people = pool("a", [95, 94, 93, 92, 91, 90, 89])
    two = replace(CADRE_RULES, merit_years=2)
    result = compute_year(cadres_year(people, cadre_rules=two, cadre_excellent_years={"a1": (2016,)}))
    assert [(f.entity, f.text) for f in result.flags if f.kind == "third_class_merit"] == [
        ("a1", "连续二年被评定为优秀等次，记三等功一次")
    ]
    four = replace(CADRE_RULES, merit_years=4)
    result = compute_year(cadres_year(people, cadre_rules=four, cadre_excellent_years={"a1": (2015, 2016)}))
    assert [f for f in result.flags if f.kind == "third_class_merit"] == []
    result = compute_year(cadres_year(people, cadre_rules=four, cadre_excellent_years={"a1": (2014, 2015, 2016)}))
    assert [f.entity for f in result.flags if f.kind == "third_class_merit"] == ["a1"]
    assert compute_year(cadres_year(people, cadre_excellent_years={"a1": (2015, 2016)})).flags[0].text == (
        "连续三年被评定为优秀等次，记三等功一次"
    )
    # The built-in scheme's figure, read from the scheme body.
    body = json.loads((Path(__file__).parents[2] / "resources/schemes/jxw-2017.json").read_text(encoding="utf-8"))
    assert Scheme(body).cadre_rules.merit_years == 3
    body["cadres"]["consecutive_excellent_for_merit"] = 2
    assert Scheme(body).cadre_rules.merit_years == 2


def test_history_reaches_back_as_far_as_the_merit_needs(tmp_path) -> None:
    """With 连续四年, the loader must look three years back (it looked two); a demo year is never history."""
    from app.models.db import open_database
    from app.models.demo import build_demo_year
    from app.models.loader import demo_years_before, load_history

    with open_database(tmp_path / "h.sqlite") as db:
        for year in (2014, 2015, 2016):
            build_demo_year(db, year=year, seed=2017)
        assert load_history(db, 2017, merit_years=4) == ({}, {})  # invented years: no history
        assert demo_years_before(db, 2017, merit_years=4) == (2016, 2015, 2014)
        with db.atomic("测试：作为正式年度") as conn:
            conn.execute("UPDATE years SET is_demo = 0")
        _, three = load_history(db, 2017)
        _, four = load_history(db, 2017, merit_years=4)
    assert {y for years in three.values() for y in years} == {2015, 2016}
    assert {y for years in four.values() for y in years} == {2014, 2015, 2016}
