"""Clauses of the seed that could not be keyed before issue 12, each from a small year checked by hand."""

from __future__ import annotations

import datetime
from dataclasses import replace

from app.scoring import compute_year
from app.scoring.adjustments import tier_problem
from app.scoring.explain import explain_year
from app.scoring.inputs import Category
from tests.helpers.builders import (
    CADRE_ADJUSTMENT_RULES,
    UNIT_RULES,
    D,
    by_name,
    cadre_event,
    cadres_year,
    event,
    person,
    pool,
    units_year,
)

# ---------------------------------------------------------------- 突出贡献奖 (cadres)


def test_cadre_special_award_needs_competent_or_better_and_may_go_with_excellent() -> None:
    """干部办法五：年度考核评定为称职及以上等次，工作做出突出贡献的个人，经委党委讨论通过，设 1—2 名突出贡献奖
    （突出贡献奖可空缺、可重复）. Pool of 7 (quota 1): a1 (95) 优秀 and 突出贡献奖 (可重复); a2 (85) 称职 and
    突出贡献奖; a7 (65) 基本称职: not granted, and the committee is told."""
    people = pool("a", [95, 85, 84, 83, 82, 81, 65])
    awards = {"a1": "突出贡献奖", "a2": "突出贡献奖"}
    cadres = by_name(compute_year(cadres_year(people, cadre_special_awards=awards)))
    assert [(cadres[c].grade, cadres[c].special_award) for c in ("a1", "a2", "a3")] == [
        ("优秀", True),
        ("称职", True),
        ("称职", False),
    ]
    result = compute_year(cadres_year(people, cadre_special_awards={"a7": "突出贡献奖"}))
    assert by_name(result)["a7"].special_award is False
    assert any("突出贡献奖" in w.text and "未授予" in w.text for w in result.warnings)


def test_no_cadre_special_award_is_fine_and_a_third_is_warned_about() -> None:
    """可空缺: none at all is no warning; 设 1—2 名: a third one is (the year file refuses it outright)."""
    people = pool("a", [95, 85, 84, 83, 82, 81, 80])
    assert compute_year(cadres_year(people)).warnings == ()
    three = {cid: "突出贡献奖" for cid in ("a1", "a2", "a3")}
    result = compute_year(cadres_year(people, cadre_special_awards=three))
    assert any("1—2 名" in w.text for w in result.warnings)


# ---------------------------------------------------------------- 不定等次 / 不参加评优


def test_a_not_assessed_cadre_gets_no_grade_and_is_outside_the_quota_base() -> None:
    """干部办法七 (脱产培训、借调、试用期、挂职、军转 …按湘组发[2007]11 号执行). Pool of 8: n (99) is 不定等次
    (试用期). Base 7 → 15% × 7 = 1.05 → 1 place, which goes to a1 (95), not to n; n has no grade and is final."""
    people = [person("n", 99), *pool("a", [95, 94, 93, 92, 91, 90, 89])]
    people[0] = (replace(people[0][0], not_assessed="不定等次", not_assessed_reason="新录用试用期"), people[0][1])
    result = compute_year(cadres_year(people))
    cadres = by_name(result)
    assert (cadres["n"].grade, cadres["n"].provisional, cadres["n"].basis) == (None, False, "not_assessed")
    assert (cadres["a1"].grade, result.pools[0].base, result.pools[0].quota) == ("优秀", 7, 1)
    lines = [str(line) for line in explain_year(cadres_year(people), result).cadres["n"].lines]
    assert any("不定等次：新录用试用期" in line and "干部办法七" in line for line in lines)


# ---------------------------------------------------------------- 不予评为优秀 (grounds)


def test_barred_cadre_with_each_ground_is_never_excellent_and_the_explanation_names_the_clause() -> None:
    """干部办法三（三）3：有下列情形的，本年度考核不予评为优秀等次：①因严重违法违纪行为受到处分的；②因工作严重失职
    造成重大事故、不良影响和后果的 — and 其他 with the committee's note. Pool of 7 (quota 1): each barred person
    tops the pool with 99; the place goes to a1 (95) every time."""
    for ground, note, clause in (
        ("受到处分", "受到处分", "干部办法三（三）3①"),
        ("严重失职", "严重失职", "干部办法三（三）3②"),
        ("其他", "其他：党委认定", "干部办法三（三）3"),
    ):
        barred = person("x", 99, barred=note)
        barred = (replace(barred[0], barred_ground=ground), barred[1])
        data = cadres_year([barred, *pool("a", [95, 94, 93, 92, 91, 90])])
        result = compute_year(data)
        cadres = by_name(result)
        assert (cadres["x"].grade, cadres["x"].basis, cadres["a1"].grade) == ("称职", "barred", "优秀")
        lines = explain_year(data, result).cadres["x"].lines
        assert any(line.clause == clause and "不予评为优秀" in line.text for line in lines), ground


# ---------------------------------------------------------------- 表彰奖励在考核之后公布的，计入下一年度


def test_a_cadre_bonus_dated_after_the_assessment_date_counts_next_year_and_never_twice() -> None:
    """干部办法三（三）1：表彰奖励在本年度干部考核之后公布的，相关加分项目计入下一年度考核成绩. 2017's assessment is on
    2018-01-10. c1's 市级先进个人 (2 分) dated 2018-02-01 does not count in 2017 (total 80) but in 2018 (82); one
    dated 2018-01-10 (the day itself, not after) counts in 2017."""
    rules = replace(CADRE_ADJUSTMENT_RULES, late_counts_next_year=True)
    late = replace(cadre_event("c1", "individual_honor", 2, "2017 市级先进个人"), date=datetime.date(2018, 2, 1))
    on_day = replace(cadre_event("c2", "individual_honor", 2, "市级先进"), date=datetime.date(2018, 1, 10))
    people = [person("c1", 80), person("c2", 80)]
    y2017 = cadres_year(
        people,
        cadre_adjustment_rules=rules,
        cadre_adjustments=(late, on_day),
        assessment_date=datetime.date(2018, 1, 10),
    )
    r2017 = compute_year(y2017)
    assert (by_name(r2017)["c1"].total, by_name(r2017)["c2"].total) == (D(80), D(82))
    assert r2017.carried_out == (late,)
    carried = tuple(replace(e, carried_from=2017) for e in r2017.carried_out)
    y2018 = replace(
        cadres_year(people, cadre_adjustment_rules=rules, assessment_date=datetime.date(2019, 1, 12)),
        year=2018,
        carried_cadre_adjustments=carried,
    )
    r2018 = compute_year(y2018)
    assert (by_name(r2018)["c1"].total, by_name(r2018)["c1"].bonus) == (D(82), D(2))
    lines_2017 = [str(line) for line in explain_year(y2017, r2017).cadres["c1"].lines]
    lines_2018 = [str(line) for line in explain_year(y2018, r2018).cadres["c1"].lines]
    assert any("计入下一年度" in line and "干部办法三（三）1" in line for line in lines_2017)
    assert any("转入本年度" in line for line in lines_2018)


def test_unit_adjustments_count_in_their_own_year_unless_the_scheme_says_otherwise() -> None:
    dated = replace(event("G1-1", "honor_city", 1, "市级表彰"), date=datetime.date(2018, 3, 1))
    same_year = units_year({1: [80]}, unit_adjustments=(dated,), assessment_date=datetime.date(2018, 1, 10))
    assert compute_year(same_year).units[0].bonus == D(1)
    next_year = replace(same_year, unit_adjustment_rules=replace(UNIT_RULES, late_counts_next_year=True))
    assert compute_year(next_year).units[0].bonus == D(0)
    assert compute_year(next_year).carried_out == (dated,)


# ---------------------------------------------------------------- tiers


def test_points_off_the_seeds_tiers_are_refused_unless_the_category_allows_free_points() -> None:
    """科室办法三（一）3（1）②：省级以上…每次加 0.5 分…市级以上…每次加 0.2 分: 0.3 is neither."""
    media = Category("media", "bonus", D(2), name="社会影响较好", tiers=(D("0.5"), D("0.2")))
    problem = tier_problem(media, D("0.3"))
    assert problem is not None and "0.5、0.2" in problem and "0.3" in problem and "社会影响较好" in problem
    assert tier_problem(media, D("0.5")) is None and tier_problem(media, D("0.50")) is None
    assert tier_problem(replace(media, free_points=True), D("0.3")) is None
    assert tier_problem(replace(media, tiers=()), D("0.3")) is None


# ---------------------------------------------------------------- 六（二） follow-ups


def test_basic_and_incompetent_cadres_get_the_seeds_follow_ups() -> None:
    """干部办法六（二）：年度考核被评定为基本称职、不称职等次的：1、对其诫勉谈话，限期改进；2、一年内不得晋升职务；
    3、不享受年度考核奖金."""
    result = compute_year(cadres_year(pool("a", [95, 65, 55])))
    follow_ups = {f.entity: f.text for f in result.flags if f.kind == "follow_up"}
    assert set(follow_ups) == {"a2", "a3"}
    for text in follow_ups.values():
        assert "诫勉谈话，限期改进" in text and "一年内不得晋升职务" in text and "不享受年度考核奖金" in text
    assert follow_ups["a2"].startswith("基本称职") and follow_ups["a3"].startswith("不称职")


def test_the_beyond_quota_warning_says_by_how_many() -> None:
    """It read “超出优秀名额 0 人” when the quota was 0: now the excess and the quota, each named."""
    people = [person("h", 90, unit="G3-1", is_head=True), *pool("a", [80, 79, 78, 77, 76])]
    result = compute_year(cadres_year(people, unit_groups={3: [90]}))  # pool of 6: 0.9 → quota 0
    texts = [w.text for w in result.warnings]
    assert texts == ["一等奖科室主要负责人 1 人评为优秀，超出优秀名额 1 人（本职务层次优秀名额 0 名）"]
