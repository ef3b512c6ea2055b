"""The seed's 干部考核办法: democratic score, leaders' rating, total, pools, 优秀 quotas, grades, merits."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN

from app.scoring import compute_year
from app.scoring.cadres import democratic_score, pool_quota
from app.scoring.inputs import LeaderRating, MarkCounts
from tests.helpers.builders import (
    CADRE_RULES,
    D,
    by_name,
    cadre_event,
    cadres_year,
    democratic_ballots,
    person,
    pool,
)


def grades(result, ids):
    cadres = by_name(result)
    return [cadres[cid].grade for cid in ids]


# ---------------------------------------------------------------- democratic evaluation


def test_democratic_score_formula():
    """（一）民主测评…优秀（70 分）、称职（65 分）、基本称职（60 分）、不称职（55 分）…民主测评得分=民主测评所得总分
    /所得票数（保留两位小数）."""
    counts = MarkCounts(excellent=40, competent=10, basic=1, incompetent=0)
    expected = (70 * D(40) + 65 * D(10) + 60 * D(1) + 55 * D(0)) / 51  # 3510 / 51 = 68.8235…
    assert democratic_score(counts, CADRE_RULES) == D("68.82")
    assert abs(democratic_score(counts, CADRE_RULES) - expected) < D("0.005")
    assert democratic_score(MarkCounts(0, 0, 0, 3), CADRE_RULES) == D(55)


def test_democratic_score_rounds_half_up():
    """民主测评得分…（保留两位小数） with spec's "rounded half-up (四舍五入)": (70 + 7 × 65) / 8 = 65.625 → 65.63."""
    exact = (70 * D(1) + 65 * D(7)) / 8
    assert exact == D("65.625")
    assert democratic_score(MarkCounts(excellent=1, competent=7), CADRE_RULES) == D("65.63")
    assert exact.quantize(D("0.01"), rounding=ROUND_HALF_EVEN) == D("65.62")  # what banker's rounding would give


def test_tallies_are_the_same_as_ballots():
    """Spec: "`democratic_tallies`: the same as counts, for clerks who count marks by hand"."""
    marks = [{"c1": "优秀"}, {"c1": "优秀"}, {"c1": "称职"}, {"c1": "基本称职"}, {"c1": "不称职"}, {"c1": "优秀"}]
    c1, _ = person("c1", 80)
    c2, _ = person("c2", 80)
    data = cadres_year(
        [],
        cadres=(c1, c2),
        democratic_ballots=democratic_ballots(marks),
        democratic_tallies={"c2": MarkCounts(excellent=3, competent=1, basic=1, incompetent=1)},
        leader_ratings=(),
    )
    cadres = by_name(compute_year(data))
    expected = (70 * D(3) + 65 + 60 + 55) / 6  # 390 / 6 = 65
    assert cadres["c1"].democratic == cadres["c2"].democratic == expected
    assert cadres["c1"].votes == cadres["c2"].votes == 6


def test_void_democratic_ballot_and_cadre_left_off_are_not_counted():
    """Spec: "A cadre left off was not marked"; void ballots are "left out of every average"."""
    c1, _ = person("c1", 80)
    c2, _ = person("c2", 80)
    ballots = democratic_ballots(
        [{"c1": "优秀", "c2": "称职"}, {"c1": "不称职", "c2": "不称职"}, {"c1": "称职"}], void={2: "多选"}
    )
    data = cadres_year([], cadres=(c1, c2), democratic_ballots=ballots, democratic_tallies={}, leader_ratings=())
    cadres = by_name(compute_year(data))
    assert (cadres["c1"].democratic, cadres["c1"].votes) == ((D(70) + D(65)) / 2, 2)  # 67.5
    assert (cadres["c2"].democratic, cadres["c2"].votes) == (D(65), 1)


# ---------------------------------------------------------------- leaders' rating and total


def test_leaders_score_is_the_mean_of_five_score_sums_half_up():
    """（二）领导评价（30 分）。测评内容包括德、能、勤、绩、廉五项，每项计 6 分…领导评价得分=领导评价所得总分/打分
    人数（保留两位小数）— (28.25 + 28) / 2 = 28.125 → 28.13."""
    c1, _ = person("c1", 80)
    ratings = (
        LeaderRating(1, "c1", tuple(D(s) for s in ("6", "6", "5.5", "5.5", "5.25"))),  # 28.25
        LeaderRating(2, "c1", tuple(D(s) for s in ("6", "6", "5", "5.5", "5.5"))),  # 28
    )
    data = cadres_year([], cadres=(c1,), democratic_tallies={"c1": MarkCounts(competent=1)}, leader_ratings=ratings)
    cadre = by_name(compute_year(data))["c1"]
    assert (D("28.25") + D(28)) / 2 == D("28.125")
    assert cadre.leaders == D("28.13")
    assert cadre.raters == 2


def test_cadre_total_formula():
    """个人年度考核总分＝民主测评得分＋领导评价计分＋加减分 (spec: democratic + leaders + bonus − deduction)."""
    c1, _ = person("c1", 80)
    data = cadres_year(
        [],
        cadres=(c1,),
        democratic_tallies={"c1": MarkCounts(excellent=2, competent=1)},  # (140 + 65) / 3 = 68.333… → 68.33
        leader_ratings=(
            LeaderRating(1, "c1", (D(6), D(6), D(6), D(5), D(5))),  # 28
            LeaderRating(2, "c1", (D(5), D(5), D(5), D(5), D(5))),  # 25
        ),
        cadre_adjustments=(
            cadre_event("c1", "individual_honor", 2, matter="市级先进个人"),
            cadre_event("c1", "meeting_absence", "0.5", matter="缺会"),
        ),
    )
    cadre = by_name(compute_year(data))["c1"]
    democratic = D("68.33")
    leaders = (D(28) + D(25)) / 2  # 26.5
    assert (cadre.democratic, cadre.leaders, cadre.bonus, cadre.deduction) == (democratic, leaders, D(2), D("0.5"))
    assert cadre.total == democratic + leaders + D(2) - D("0.5")  # 96.33
    assert cadre.incomplete is False


def test_unrated_cadre_scores_zero_and_is_incomplete():
    """Spec: "An unrated component is 0 and the entity is flagged incomplete"."""
    c1, _ = person("c1", 80)
    data = cadres_year([], cadres=(c1,), democratic_tallies={"c1": MarkCounts(excellent=1)}, leader_ratings=())
    cadre = by_name(compute_year(data))["c1"]
    assert (cadre.leaders, cadre.raters, cadre.total, cadre.incomplete) == (D(0), 0, D(70), True)


# ---------------------------------------------------------------- pools and quotas


def test_pools_are_category_and_level():
    """Spec: "pools are (category, level)"; 公务员…事业单位 rates differ, 不同职务层次优秀名额不得相互挤占."""
    people = [
        *pool("a", [80, 79], level="正科"),
        *pool("b", [78], level="科员"),
        *pool("c", [77], level="科员", category="institution"),
    ]
    result = compute_year(cadres_year(people))
    pools = {c.id: c.pool for c in result.cadres}
    assert pools == {
        "a1": "civil_servant/正科",
        "a2": "civil_servant/正科",
        "b1": "civil_servant/科员",
        "c1": "institution/科员",
    }
    assert {(p.pool, p.size) for p in result.pools} == {
        ("civil_servant/正科", 2),
        ("civil_servant/科员", 1),
        ("institution/科员", 1),
    }


def test_civil_servant_quota_is_floor_of_fifteen_percent():
    """公务员年度考核优秀等次人数比例一般控制在本单位参与年度考核总人数的 15％以内 — floor(0.15 × 7) = 1,
    floor(0.15 × 14) = 2."""
    assert pool_quota(D("0.15"), 7) == 1  # 1.05
    assert pool_quota(D("0.15"), 6) == 0  # 0.9
    assert pool_quota(D("0.15"), 14) == 2  # 2.1
    totals = [95, 94, 93, 92, 91, 90, 89]
    result = compute_year(cadres_year(pool("a", totals)))
    assert grades(result, [f"a{i}" for i in range(1, 8)]) == ["优秀"] + ["称职"] * 6
    assert result.pools[0].quota == 1
    assert result.pools[0].excellent == 1
    result = compute_year(cadres_year(pool("a", [99 - i for i in range(14)])))
    assert grades(result, ["a1", "a2", "a3"]) == ["优秀", "优秀", "称职"]


def test_institution_quota_is_floor_of_ten_percent():
    """事业单位优秀等次人数比例一般控制在本单位参与年度考核总人数的 10％以内 — floor(0.10 × 19) = 1,
    floor(0.10 × 9) = 0."""
    assert pool_quota(D("0.10"), 19) == 1
    assert pool_quota(D("0.10"), 20) == 2
    result = compute_year(cadres_year(pool("s", [99 - i for i in range(19)], category="institution")))
    assert [c.grade for c in result.cadres].count("优秀") == 1
    assert by_name(result)["s1"].grade == "优秀"
    result = compute_year(cadres_year(pool("s", [99 - i for i in range(9)], category="institution")))
    assert "优秀" not in [c.grade for c in result.cadres]


def test_levels_do_not_encroach_on_each_others_places():
    """不同职务层次优秀名额不得相互挤占，按比例进行评选 — the 科员 pool's best (80) is 优秀 though the 正科 pool's
    second (94) is higher; each pool of 7 has its own single place."""
    people = [*pool("z", [95, 94, 93, 92, 91, 90, 89], level="正科"), *pool("k", [80, 79, 78, 77, 76, 75, 74])]
    result = compute_year(cadres_year(people))
    assert grades(result, ["z1", "z2", "k1", "k2"]) == ["优秀", "称职", "优秀", "称职"]


def test_head_of_first_prize_unit_is_excellent_first():
    """在本年度科室（单位）绩效考评中被评为一等奖的科室（单位），其科室（单位）主要负责人个人年度考核为优秀等次 —
    and takes the pool's only place before higher totals (spec: "are 优秀 first")."""
    people = [
        person("h", 72, unit="G3-1", is_head=True),
        *pool("a", [95, 94, 93, 92, 91, 90]),
    ]
    result = compute_year(cadres_year(people, unit_groups={3: [90, 80]}))
    assert by_name(result)["G3-1"].prize == "一等奖"
    assert grades(result, ["h", "a1", "a2"]) == ["优秀", "称职", "称职"]
    assert result.warnings == ()


def test_heads_of_first_prize_units_are_excellent_even_beyond_the_quota():
    """其科室（单位）主要负责人个人年度考核为优秀等次; spec: "even beyond the quota (the program warns when they
    exceed it)" — two heads of group 2's two 一等奖 units in a pool of 7 (quota 1)."""
    people = [
        person("h1", 75, unit="G2-1", is_head=True),
        person("h2", 71, unit="G2-2", is_head=True),
        person("h3", 99, unit="G2-3", is_head=True),  # 二等奖 unit: no priority
        *pool("a", [98, 97, 96, 95]),
    ]
    result = compute_year(cadres_year(people, unit_groups={2: [95, 94, 93, 70]}))
    assert grades(result, ["h1", "h2", "h3", "a1"]) == ["优秀", "优秀", "称职", "称职"]
    summary = result.pools[0]
    assert (summary.quota, summary.excellent, summary.heads_beyond_quota) == (1, 2, 2 - 1)
    assert len(result.warnings) == 1 and "超出优秀名额" in result.warnings[0].text
    assert result.warnings[0].scope == "pool"


def test_head_of_first_prize_unit_is_excellent_whatever_the_total():
    """其科室（单位）主要负责人个人年度考核为优秀等次 — the clause sets no score condition; the 70 floor of the spec
    applies to "the remaining places" only."""
    people = [person("h", 68, unit="G3-1", is_head=True), *pool("a", [95, 94, 93, 92, 91, 90, 89])]
    result = compute_year(cadres_year(people, unit_groups={3: [90]}))
    assert grades(result, ["h", "a1"]) == ["优秀", "称职"]


def test_barred_cadre_is_never_excellent():
    """有下列情形的，本年度考核不予评为优秀等次：①因严重违法违纪行为受到处分的；②因工作严重失职造成重大事故、
    不良影响和后果的 — barred people are skipped (the next one takes the place), even a first-prize head."""
    people = [
        person("x", 99, barred="严重违法违纪受处分"),
        person("h", 98, unit="G3-1", is_head=True, barred="严重失职"),
        *pool("a", [90, 89, 88, 87, 86]),
    ]
    result = compute_year(cadres_year(people, unit_groups={3: [90]}))
    assert grades(result, ["x", "h", "a1", "a2"]) == ["称职", "称职", "优秀", "称职"]


def test_under_seventy_is_never_excellent_by_quota():
    """（二）称职等次：除评定为优秀等次外且最终得分在 70 分以上的 … spec: "the remaining places go to the others
    by total, highest first, skipping barred people and anyone under 70"."""
    result = compute_year(cadres_year(pool("a", ["69.99", 69, 68, 67, 66, 65, 64])))
    assert "优秀" not in [c.grade for c in result.cadres]
    assert by_name(result)["a1"].grade == "基本称职"


def test_tie_at_the_quota_boundary_goes_to_the_committee():
    """Spec: "A tie at the boundary is handled as for units (`grade` null, `tie` true)"."""
    result = compute_year(cadres_year(pool("a", [90, 90, 85, 84, 83, 82, 81])))  # quota 1
    cadres = by_name(result)
    assert [(cadres[i].grade, cadres[i].tie) for i in ("a1", "a2")] == [(None, True), (None, True)]
    assert (cadres["a3"].grade, cadres["a3"].tie) == ("称职", False)


def test_tie_inside_the_quota_is_no_tie():
    """按综合得分由高到低进行评选 — two equal totals both within a pool of 14's two places are both 优秀."""
    result = compute_year(cadres_year(pool("a", [90, 90, *range(85, 73, -1)])))
    cadres = by_name(result)
    assert [(cadres[i].grade, cadres[i].tie) for i in ("a1", "a2", "a3")] == [
        ("优秀", False),
        ("优秀", False),
        ("称职", False),
    ]


def test_grades_by_total():
    """（二）称职等次：…最终得分在 70 分以上的；（三）基本称职等次：最终得分在 60—69 分的；（四）不称职等次：最终得分
    在 60 分以下的 — spec: "≥ 70 称职, 60 ≤ total < 70 基本称职, < 60 不称职" (an institution pool of 5 has no 优秀)."""
    people = pool("s", [70, "69.99", 60, "59.99", 55], category="institution")
    result = compute_year(cadres_year(people))
    assert grades(result, ["s1", "s2", "s3", "s4", "s5"]) == ["称职", "基本称职", "基本称职", "不称职", "不称职"]
    assert by_name(result)["s2"].total == D("69.99")


def test_rank_in_pool_is_a_competition_ranking():
    """Spec: "`rank_in_pool` ranks the whole pool by total, as for units" (1, 2, 2, 4), pools apart."""
    people = [*pool("a", [90, 85, 85, 80]), *pool("b", [99], level="正科")]
    cadres = by_name(compute_year(cadres_year(people)))
    assert [cadres[f"a{i}"].rank_in_pool for i in range(1, 5)] == [1, 2, 2, 4]
    assert cadres["b1"].rank_in_pool == 1


# ---------------------------------------------------------------- consecutive years


def test_three_years_excellent_earns_third_class_merit():
    """六、（一）1、被评定为优秀等次的…连续三年被评定为优秀等次的，记三等功一次."""
    people = pool("a", [95, 94, 93, 92, 91, 90, 89])
    history = {"a1": (2015, 2016), "a2": (2015, 2016), "a3": (2016,)}
    result = compute_year(cadres_year(people, cadre_excellent_years=history))
    merits = {f.entity for f in result.flags if f.kind == "third_class_merit"}
    assert merits == {"a1"}  # a2 not 优秀 this year; a3 only two years


def test_three_years_must_be_consecutive():
    """连续三年被评定为优秀等次 — 2014, 2016 and 2017 are not three years running."""
    people = pool("a", [95, 94, 93, 92, 91, 90, 89])
    result = compute_year(cadres_year(people, cadre_excellent_years={"a1": (2014, 2016)}))
    assert [f for f in result.flags if f.kind == "third_class_merit"] == []


def test_cadre_without_rules_or_people_is_skipped():
    """Spec: every section is optional — a year without cadres has no cadre results."""
    result = compute_year(cadres_year([], cadres=()))
    assert (result.cadres, result.pools) == ((), ())
