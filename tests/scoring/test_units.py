"""The seed's rules for units (科室/单位): averages, totals, ranking, prizes, grades, flags.

Every expected figure is worked out by hand in the test, never copied from the engine.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_HALF_EVEN

from app.scoring import compute_year
from app.scoring.inputs import Item, Unit, UnitHistory
from tests.helpers.builders import (
    D,
    ballot,
    base_year,
    by_name,
    event,
    unit_name,
    units_year,
)

U = unit_name


def rated_units_year(ballots, units=("甲科", "乙科", "丙科")):
    """Units in group 1 with no items, so their total is the ballot averages only."""
    return base_year(units=tuple(Unit(name, name, 1) for name in units), unit_ballots=tuple(ballots))


# ---------------------------------------------------------------- averages


def test_leaders_average_is_rounded_half_up():
    """附件 4 说明：每个科室的最后得分计分方法为取平均值；spec: "Averages are rounded half-up (四舍五入) to 2
    decimals" — a mean of 18.125 is 18.13, not the banker's 18.12."""
    data = rated_units_year(
        [
            ballot("leaders", 1, {"甲科": (4, 4, 4, "3.25", 3)}),  # 18.25
            ballot("leaders", 2, {"甲科": (4, 4, 4, 3, 3)}),  # 18.00
        ]
    )
    unit = by_name(compute_year(data))["甲科"]
    mean = (D("18.25") + D(18)) / 2
    assert mean == D("18.125")
    assert unit.leaders == D("18.13")
    assert unit.leaders != mean.quantize(D("0.01"), rounding=ROUND_HALF_EVEN)


def test_heads_average_is_rounded_half_up():
    """附件 5 说明：每个科室的最后得分计分方法为取平均值 — the heads' form (max 2 a criterion) likewise:
    (9.5 + 9 + 9 + 9) / 4 = 9.125 → 9.13."""
    data = rated_units_year(
        [
            ballot("heads", 1, {"甲科": (2, 2, 2, 2, "1.5")}),
            ballot("heads", 2, {"甲科": (2, 2, 2, "1.5", "1.5")}),
            ballot("heads", 3, {"甲科": (2, 2, 2, "1.5", "1.5")}),
            ballot("heads", 4, {"甲科": (2, 2, 2, "1.5", "1.5")}),
        ]
    )
    unit = by_name(compute_year(data))["甲科"]
    assert (D("9.5") + 3 * D(9)) / 4 == D("9.125")
    assert unit.heads == D("9.13")
    assert unit.head_ballots == 4


def test_unit_left_off_a_ballot_is_not_rated_by_it():
    """Spec: "A unit left off a ballot was not rated on it" — its mean is over the ballots that rated it."""
    data = rated_units_year(
        [
            ballot("leaders", 1, {"甲科": (4, 4, 4, 4, 4), "乙科": (3, 3, 3, 3, 3)}),
            ballot("leaders", 2, {"甲科": (4, 4, 4, 4, 3), "乙科": (4, 4, 4, 4, 4)}),
            ballot("leaders", 3, {"甲科": (3, 3, 3, 3, 3)}),  # 乙科 left off
        ]
    )
    units = by_name(compute_year(data))
    # 乙科: (15 + 20) / 2 = 17.5, not (15 + 20 + 0) / 3
    assert units["乙科"].leaders == D("17.50")
    assert units["乙科"].leader_ballots == 2
    # 甲科: (20 + 19 + 15) / 3 = 18.0
    assert units["甲科"].leaders == D("18.00")
    assert units["甲科"].leader_ballots == 3


def test_void_ballots_are_left_out_of_every_average():
    """Spec: "Ballots may carry "void": "reason" (废票): kept, but left out of every average"."""
    data = rated_units_year(
        [
            ballot("leaders", 1, {"甲科": (4, 4, 4, 4, 4)}),
            ballot("leaders", 2, {"甲科": (2, 2, 2, 2, 2)}),
            ballot("leaders", 3, {"甲科": (0, 0, 0, 0, 0)}, void="小计超过 20 分"),
            ballot("heads", 1, {"甲科": (2, 2, 2, 2, 2)}, void="字迹无法辨认"),
            ballot("heads", 2, {"甲科": (1, 1, 1, 1, 1)}),
        ]
    )
    unit = by_name(compute_year(data))["甲科"]
    assert unit.leaders == (D(20) + D(10)) / 2  # 15, the void ballot's 0 not counted
    assert unit.leader_ballots == 2
    assert unit.heads == D(5)
    assert unit.head_ballots == 1


def test_unrated_component_is_zero_and_flags_incomplete():
    """Spec: "An unrated component is 0 and the entity is flagged incomplete"."""
    item = Item("c1", None, "common", "党建", D(25))
    data = base_year(
        units=(Unit("甲科", "甲科", 1), Unit("乙科", "乙科", 1)),
        items=(item,),
        item_scores={("甲科", "c1"): D(20), ("乙科", "c1"): D(20)},
        unit_ballots=(
            ballot("leaders", 1, {"甲科": (4, 4, 4, 4, 4), "乙科": (4, 4, 4, 4, 4)}),
            ballot("heads", 1, {"甲科": (2, 2, 2, 2, 2)}),  # 乙科 rated by no head
        ),
    )
    units = by_name(compute_year(data))
    assert units["乙科"].heads == D(0)
    assert units["乙科"].head_ballots == 0
    assert units["乙科"].incomplete is True
    assert units["乙科"].total == D(20) + D(20) + D(0)
    assert units["甲科"].incomplete is False


def test_missing_item_counts_zero_and_is_listed():
    """Spec: "An item with no score counts 0 and is listed as missing"."""
    items = (
        Item("c1", None, "common", "党建", D(9)),
        Item("c2", None, "common", "廉政", D(16)),
        Item("b1", "甲科", "business", "办文", D(45)),
    )
    data = base_year(
        units=(Unit("甲科", "甲科", 1),),
        items=items,
        item_scores={("甲科", "c1"): D("8.5"), ("甲科", "b1"): D(44)},  # c2 never scored
        unit_ballots=(ballot("leaders", 1, {"甲科": (4, 4, 4, 4, 4)}), ballot("heads", 1, {"甲科": (2, 2, 2, 2, 2)})),
    )
    unit = by_name(compute_year(data))["甲科"]
    assert unit.missing_items == ("c2",)
    assert unit.common == D("8.5")  # 8.5 + 0
    assert unit.incomplete is True
    assert unit.total == D("8.5") + D(0) + D(44) + D(20) + D(10)


def test_business_items_of_another_unit_do_not_count():
    """Spec: "`unit` (null for an annex-2 common item, which every unit has)" — a business item belongs to
    its unit only, so it is neither scored nor listed as missing for another unit."""
    items = (Item("b1", "甲科", "business", "办文", D(45)), Item("b2", "乙科", "business", "网站", D(45)))
    data = base_year(
        units=(Unit("甲科", "甲科", 1), Unit("乙科", "乙科", 1)),
        items=items,
        item_scores={("甲科", "b1"): D(40)},
    )
    units = by_name(compute_year(data))
    assert units["甲科"].business == D(40)
    assert units["甲科"].missing_items == ()
    assert units["乙科"].missing_items == ("b2",)


def test_unit_total_formula():
    """Spec: "Unit total = common + business + leaders + heads + bonus − deduction"; the seed: 定量考核
    （基础分 70 分，其中共性工作任务 25 分，业务工作任务 45 分）… 定性考核（30 分，其中委领导评分占 20 分，
    科室（单位）主要负责人评分占 10 分）."""
    items = (
        Item("c1", None, "common", "党支部标准化建设", D(5)),
        Item("c2", None, "common", "廉洁自律", D(20)),
        Item("b1", "甲科", "business", "办文工作", D(30)),
        Item("b2", "甲科", "business", "会务工作", D(15)),
    )
    data = base_year(
        units=(Unit("甲科", "甲科", 1),),
        items=items,
        item_scores={("甲科", "c1"): D("4.5"), ("甲科", "c2"): D(20), ("甲科", "b1"): D("29.8"), ("甲科", "b2"): D(15)},
        unit_ballots=(
            ballot("leaders", 1, {"甲科": (4, 4, 4, 4, "3.5")}),  # 19.5
            ballot("leaders", 2, {"甲科": (4, 4, 4, 4, 4)}),  # 20
            ballot("heads", 1, {"甲科": (2, 2, 2, 2, "1.5")}),  # 9.5
        ),
        unit_adjustments=(
            event("甲科", "media", "0.5", matter="省报报道"),
            event("甲科", "criticized_city_office", 1, matter="通报"),
        ),
    )
    unit = by_name(compute_year(data))["甲科"]
    common = D("4.5") + D(20)
    business = D("29.8") + D(15)
    leaders = (D("19.5") + D(20)) / 2  # 19.75
    heads = D("9.5")
    assert (unit.common, unit.business, unit.leaders, unit.heads) == (common, business, leaders, heads)
    assert (unit.bonus, unit.deduction) == (D("0.5"), D(1))
    assert unit.total == common + business + leaders + heads + D("0.5") - D(1)  # 98.05
    assert unit.total == D("98.05")
    assert unit.incomplete is False


# ---------------------------------------------------------------- ranking


def test_competition_ranking_within_each_group():
    """Spec: "Units rank within their group by total, highest first, equal totals sharing a rank (1, 2, 2, 4);
    `rank` counts every unit of the group"; the seed: 根据汇总情况进行排序."""
    data = units_year({2: [95, 90, 90, 80, "79.99"], 1: [70, 99]})
    units = by_name(compute_year(data))
    assert [units[U(2, i)].rank for i in range(1, 6)] == [1, 2, 2, 4, 5]
    # Groups are independent: group 1's 99 is first in its own group, 70 second.
    assert units[U(1, 2)].rank == 1
    assert units[U(1, 1)].rank == 2


# ---------------------------------------------------------------- prizes and grades


def test_prizes_follow_each_groups_explicit_quotas():
    """四、等次评定：优秀等次（一等奖）…（其中： 1 组 1 名，2 组 2 名，3 组 1 名）；良好等次（二等奖）…
    （其中：1 组 2 名，2 组 3 名），按照考核得分从高分到低分的名次评定."""
    data = units_year({1: [99, 98, 97, 96, 95], 2: [90, 89, 88, 87, 86, 85, 84], 3: [80, 79, 78, 77]})
    units = by_name(compute_year(data))

    def prizes(group, count):
        return [units[U(group, i)].prize for i in range(1, count + 1)]

    def grades(group, count):
        return [units[U(group, i)].grade for i in range(1, count + 1)]

    assert prizes(1, 5) == ["一等奖", "二等奖", "二等奖", None, None]
    assert grades(1, 5) == ["优秀", "良好", "良好", "合格", "合格"]
    assert prizes(2, 7) == ["一等奖", "一等奖", "二等奖", "二等奖", "二等奖", None, None]
    assert grades(2, 7) == ["优秀", "优秀", "良好", "良好", "良好", "合格", "合格"]
    assert prizes(3, 4) == ["一等奖", None, None, None]
    assert grades(3, 4) == ["优秀", "合格", "合格", "合格"]
    assert not any(u.tie for u in units.values())


def test_vetoed_unit_is_ranked_but_skipped_for_prizes_and_fails():
    """（3）一票否决项目：被市委、市政府“一票否决”的责任科室（单位）取消当年评先评优资格；不合格等次：
    考核评分低于 60 分或被“一票否决”的，评定为不合格等次."""
    data = units_year({1: [99, 95, 90, 85, 80]}, vetoes={U(1, 1): "重大失误"})
    units = by_name(compute_year(data))
    vetoed = units[U(1, 1)]
    assert (vetoed.rank, vetoed.prize, vetoed.grade, vetoed.veto) == (1, None, "不合格", True)
    # The eligible units take places 1, 2, 3 … without it.
    assert [units[U(1, i)].prize for i in range(2, 6)] == ["一等奖", "二等奖", "二等奖", None]
    assert units[U(1, 5)].grade == "合格"


def test_unit_under_60_is_ranked_but_skipped_for_prizes_and_fails():
    """不合格等次：考核评分低于 60 分或被“一票否决”的，评定为不合格等次；spec: "the eligible units
    (no veto, total ≥ 60) take places 1, 2, 3 …" — a unit at place 2 with 59.99 gets no 二等奖."""
    data = units_year({1: [90, "59.99", 50]})
    units = by_name(compute_year(data))
    assert units[U(1, 1)].prize == "一等奖"
    low = units[U(1, 2)]
    assert (low.rank, low.prize, low.grade) == (2, None, "不合格")
    assert (units[U(1, 3)].rank, units[U(1, 3)].grade) == (3, "不合格")


def test_sixty_exactly_is_a_pass():
    """合格等次：考核评分在 60 分以上，且没有被“一票否决”的，评定为合格等次 — 60分以上 includes 60
    (spec: "total ≥ 60 and no veto → 合格")."""
    data = units_year({3: [80, 60, "59.99"]})
    units = by_name(compute_year(data))
    assert units[U(3, 2)].grade == "合格"
    assert units[U(3, 3)].grade == "不合格"


def test_tie_at_first_second_prize_boundary_goes_to_the_committee():
    """Spec: "Tied units take consecutive places; where those places would lead to different outcomes, the tied
    units get `prize` null, `grade` null and `tie` true … the units after them are unaffected"."""
    data = units_year({1: [95, 95, 90, 80, 70]})  # q1 = 1, q2 = 2
    units = by_name(compute_year(data))
    for i in (1, 2):  # places 1 and 2: 一等奖 or 二等奖
        assert (units[U(1, i)].prize, units[U(1, i)].grade, units[U(1, i)].tie) == (None, None, True)
        assert units[U(1, i)].rank == 1
    # The next unit still takes place 3 (≤ q1 + q2 = 3): 二等奖.
    assert (units[U(1, 3)].prize, units[U(1, 3)].grade, units[U(1, 3)].tie) == ("二等奖", "良好", False)
    assert units[U(1, 3)].rank == 3
    assert (units[U(1, 4)].prize, units[U(1, 4)].grade) == (None, "合格")


def test_tie_inside_second_prize_places_is_no_tie():
    """Spec: "where those places would lead to different outcomes" only — a tie at places 3 and 4 of group 2
    (q1 = 2, q2 = 3, 二等奖 places 3–5) gives both 二等奖."""
    data = units_year({2: [99, 98, 90, 90, 85, 80]})
    units = by_name(compute_year(data))
    for i in (3, 4):
        assert (units[U(2, i)].prize, units[U(2, i)].grade, units[U(2, i)].tie) == ("二等奖", "良好", False)
    assert units[U(2, 5)].prize == "二等奖"  # place 5
    assert (units[U(2, 6)].prize, units[U(2, 6)].grade) == (None, "合格")


def test_tie_at_second_prize_and_pass_boundary_goes_to_the_committee():
    """Spec: "where those places would lead to different outcomes, the tied units get `prize` null, `grade` null
    and `tie` true" — places 3 (二等奖) and 4 (none) in group 1."""
    data = units_year({1: [99, 98, 90, 90, 80]})
    units = by_name(compute_year(data))
    for i in (3, 4):
        assert (units[U(1, i)].prize, units[U(1, i)].grade, units[U(1, i)].tie) == (None, None, True)
    assert (units[U(1, 5)].grade, units[U(1, 5)].tie) == ("合格", False)


def test_tie_below_the_prize_places_is_plain_pass():
    """Spec: "Every other unit: total ≥ 60 and no veto → 合格" — a tie at places 4 and 5 of group 1 changes
    nothing."""
    data = units_year({1: [99, 98, 97, 80, 80]})
    units = by_name(compute_year(data))
    for i in (4, 5):
        assert (units[U(1, i)].grade, units[U(1, i)].tie, units[U(1, i)].rank) == ("合格", False, 4)


def test_special_award_is_a_flag_alongside_the_prize():
    """（二）…设 1-2 个科室为突出业绩奖；该奖项可与优秀科室或良好科室（单位）重复获奖."""
    data = units_year({1: [95, 90, 85, 80]}, special_awards={U(1, 1): "突出业绩奖", U(1, 4): "突出业绩奖"})
    result = compute_year(data)
    units = by_name(result)
    assert (units[U(1, 1)].special_award, units[U(1, 1)].prize) == (True, "一等奖")
    assert (units[U(1, 4)].special_award, units[U(1, 4)].prize, units[U(1, 4)].grade) == (True, None, "合格")
    assert units[U(1, 2)].special_award is False
    assert result.warnings == ()


def test_special_award_needs_a_pass_grade_and_at_most_two_units():
    """对在工作上有突出表现和特别贡献且评定等次在合格等次（含合格）以上的科室（单位）…设 1-2 个科室为突出业绩奖
    — the committee decides, the program warns."""
    awards = {U(2, 1): "突出业绩奖", U(2, 2): "突出业绩奖", U(2, 3): "突出业绩奖"}
    data = units_year({2: [95, 90, 50]}, special_awards=awards)
    warnings = compute_year(data).warnings
    assert any(w.subject == U(2, 3) and "合格" in w.text for w in warnings)  # 50 → 不合格
    assert any(w.scope == "year" and "1-2" in w.text for w in warnings)  # three units


# ---------------------------------------------------------------- consequences (engine flags)


def flags_of(result, kind):
    return {f.entity for f in result.flags if f.kind == kind}


def test_last_in_group_two_years_running_gives_talk_warning():
    """五、（四）对连续两年排序在末位或连续两年评定为不合格的科室（单位），党委对科室（单位）负责人进行诫勉谈话，
    并调整工作岗位."""
    history = {
        U(1, 3): (UnitHistory(2016, last_in_group=True, failed=False),),
        U(1, 2): (UnitHistory(2016, last_in_group=True, failed=False),),  # last last year, not this year
    }
    result = compute_year(units_year({1: [90, 80, 70]}, unit_history=history))
    assert flags_of(result, "talk_warning") == {U(1, 3)}


def test_last_two_years_needs_the_year_just_before():
    """连续两年排序在末位 — last in 2015 and 2017 but not 2016 is not two years running."""
    history = {U(1, 3): (UnitHistory(2015, last_in_group=True, failed=False),)}
    result = compute_year(units_year({1: [90, 80, 70]}, unit_history=history))
    assert flags_of(result, "talk_warning") == set()


def test_the_schemes_number_of_years_for_the_talk_is_used():
    """连续两年排序在末位 … 诫勉谈话 — “两年” is the scheme's consecutive_years_for_talk, which 年度与方案 lets the
    office change: with 3, last in 2016 and 2017 is not yet enough; last in 2015, 2016 and 2017 is."""
    two = {U(1, 3): (UnitHistory(2016, last_in_group=True, failed=False),)}
    three = {
        U(1, 3): (
            UnitHistory(2016, last_in_group=True, failed=False),
            UnitHistory(2015, last_in_group=True, failed=False),
        )
    }
    assert (
        flags_of(compute_year(units_year({1: [90, 80, 70]}, unit_history=two, talk_years=3)), "talk_warning") == set()
    )
    result = compute_year(units_year({1: [90, 80, 70]}, unit_history=three, talk_years=3))
    assert flags_of(result, "talk_warning") == {U(1, 3)}
    assert any("连续三年排序在末位" in f.text for f in result.flags if f.kind == "talk_warning")


def test_failed_two_years_running_gives_talk_warning():
    """五、（四）…连续两年评定为不合格的科室（单位），党委对科室（单位）负责人进行诫勉谈话."""
    history = {U(1, 1): (UnitHistory(2016, last_in_group=False, failed=True),)}
    # G1-1 is vetoed this year: 不合格 though not last.
    result = compute_year(units_year({1: [95, 80, 70]}, vetoes={U(1, 1): "一票否决"}, unit_history=history))
    assert flags_of(result, "talk_warning") == {U(1, 1)}


def test_last_or_failed_unit_must_explain_in_writing():
    """五、（三）对评定为合格但排序在末位以及评定为不合格的科室（单位），责成科室（单位）负责人写出书面说明."""
    result = compute_year(units_year({1: [95, 90, 85, 80], 2: [90, 55, 80]}))
    assert flags_of(result, "written_explanation") == {U(1, 4), U(2, 2)}


def test_last_unit_with_a_prize_need_not_explain():
    """五、（三）对评定为合格但排序在末位 … — a last unit graded 良好 (a group of three all winning prizes) is not
    评定为合格."""
    result = compute_year(units_year({2: [90, 80, 70]}))
    assert by_name(result)[U(2, 3)].grade == "良好"
    assert flags_of(result, "written_explanation") == set()


def test_unit_order_of_output_follows_the_scheme():
    """Spec: "`rank` counts every unit of the group" — and every unit of the scheme appears once in the results."""
    data = units_year({3: [70, 80], 1: [60]})
    data = replace(data, units=tuple(reversed(data.units)))
    names = [u.name for u in compute_year(data).units]
    assert names == [u.name for u in data.units]
    assert sorted(names) == sorted({u.name for u in data.units})
