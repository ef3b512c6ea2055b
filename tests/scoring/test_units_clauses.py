"""Review of the units' engine against the seed's clauses (科室（单位）绩效考评办法) and the spec's
"How the numbers are computed"."""

from __future__ import annotations

from app.scoring import compute_year
from app.scoring.inputs import Item, Unit
from tests.helpers.builders import UNIT_RULES, D, base_year, event, unit_name, units_year


def units(result) -> dict:
    return {u.name: u for u in result.units}


def test_special_award_is_never_granted_to_a_vetoed_unit() -> None:
    """四（二）“对在工作上有突出表现和特别贡献且评定等次在合格等次（含合格）以上的科室（单位）…设 1-2 个科室为
    突出业绩奖”; 三（一）3（3）“被…‘一票否决’的责任科室（单位）取消当年评先评优资格”. A record that slipped in
    (e.g. by a year file carrying both) must not reach the certificates or the notice: the engine withholds it
    and warns."""
    g1 = unit_name(1, 1)
    result = compute_year(units_year({1: [95, 90]}, vetoes={g1: "一票否决"}, special_awards={g1: "突出业绩奖"}))
    unit = units(result)[g1]
    assert unit.veto and unit.grade == "不合格" and unit.special_award is False
    assert [w.subject for w in result.warnings] == [g1]
    assert "未授予" in result.warnings[0].text


def test_special_award_is_never_granted_below_60() -> None:
    """四（一）4“考核评分低于 60 分…评定为不合格等次” — and 突出业绩奖 needs 合格以上."""
    g2 = unit_name(1, 2)
    result = compute_year(units_year({1: [95, "59.99"]}, special_awards={g2: "突出业绩奖"}))
    assert units(result)[g2].grade == "不合格" and units(result)[g2].special_award is False
    assert any(w.subject == g2 for w in result.warnings)


def test_special_award_of_a_unit_in_a_boundary_tie_stands_without_a_warning() -> None:
    """A unit whose grade waits for the committee (spec §4: tie → grade null) is eligible (no veto, ≥ 60), so at least
    合格: its 突出业绩奖 stands and no “合格以上” warning is raised (the old check read grade null as not 合格)."""
    g1 = unit_name(1, 1)
    result = compute_year(units_year({1: [90, 90, 80]}, special_awards={g1: "突出业绩奖"}))
    unit = units(result)[g1]
    assert unit.tie and unit.grade is None and unit.special_award
    assert result.warnings == ()


def test_total_is_the_sum_of_the_reported_parts() -> None:
    """三（一）计分办法: 基础分 70（共性 25 + 业务 45）+ 定性 30 + 加减分; spec §3 “Unit total = common + business +
    leaders + heads + bonus − deduction. Totals carry 2 decimals”. With item scores keyed to 3 decimals, the parts
    are reported rounded (24.99 → shown 25.00 is the sum 24.995 half-up) and the total must be their sum, so that
    every printed row adds up."""
    items = (
        Item("c1", None, "common", "甲", D(13)),
        Item("c2", None, "common", "乙", D(12)),
        Item("b1", "甲科", "business", "丙", D(45)),
    )
    scores = {("甲科", "c1"): D("12.995"), ("甲科", "c2"): D(12), ("甲科", "b1"): D("44.995")}
    data = base_year(units=(Unit("甲科", "甲科", 1),), items=items, item_scores=scores)
    unit = compute_year(data).units[0]
    assert (unit.common, unit.business) == (D("25.00"), D("45.00"))
    assert unit.total == unit.common + unit.business + unit.leaders + unit.heads + unit.bonus - unit.deduction
    assert unit.total == D("70.00")


def test_a_vetoed_first_placed_unit_keeps_its_rank_and_the_next_takes_the_first_prize() -> None:
    """一票否决 → 不合格, no prize; spec §4: `rank` counts every unit of the group, prizes go to eligible units in
    order. Group 3 (1 组 1 名…3 组 1 名; 3 组不设二等奖)."""
    g31, g32, g33 = (unit_name(3, i) for i in (1, 2, 3))
    result = units(compute_year(units_year({3: [99, 90, 80]}, vetoes={g31: "一票否决"})))
    assert (result[g31].rank, result[g31].prize, result[g31].grade) == (1, None, "不合格")
    assert (result[g32].rank, result[g32].prize, result[g32].grade) == (2, "一等奖", "优秀")
    assert (result[g33].prize, result[g33].grade) == (None, "合格")


def test_a_tie_for_group_3s_single_first_prize_is_left_to_the_committee() -> None:
    """3 组 1 名 一等奖, no 二等奖: two units tied on top take places 1 and 2 → 一等奖 or nothing → tie."""
    g31, g32, g33 = (unit_name(3, i) for i in (1, 2, 3))
    result = units(compute_year(units_year({3: [90, 90, 80]})))
    assert result[g31].tie and result[g32].tie and result[g31].prize is None and result[g31].grade is None
    assert (result[g33].prize, result[g33].grade, result[g33].tie) == (None, "合格", False)


def test_same_matter_keeps_the_largest_share_after_the_split() -> None:
    """“受表彰工作由几个科室（单位）共同承担的，将总分值分解后分别加分；同一事项不重复加分，取最大分值”: a 省级
    表彰 of 4 shared by two (2 each) and the same matter credited 3 to 甲 alone — 甲 keeps 3, 乙 keeps 2."""
    g1, g2 = unit_name(1, 1), unit_name(1, 2)
    events = (
        event([g1, g2], "honor_provincial", 4, "省级表彰"),
        event(g1, "honor_city", 3, "省级表彰"),
    )
    result = units(compute_year(units_year({1: [70, 70]}, unit_adjustments=events)))
    # the same matter counts once even across categories; honor_city's own cap (2) applies to the one kept
    assert result[g1].bonus == D(2) and result[g1].adjustments_by_category == {"honor_city": D(2)}
    assert result[g2].bonus == D(2)


def test_total_caps_after_category_caps() -> None:
    """“加分最高不超过 10 分”“减分最高不超过 10 分”, after each category's own cap (media 2, honor_provincial 4 …)."""
    g1 = unit_name(1, 1)
    events = (
        event(g1, "recognition", 8, "甲"),
        event(g1, "media", "0.5", "乙"),
        *(event(g1, "media", "0.5", f"报道{k}") for k in range(6)),  # 3.5 → cap 2
        event(g1, "task_failed", 4, "丙"),
        event(g1, "task_failed", 4, "丁"),
        event(g1, "task_failed", 4, "戊"),  # 12 → cap 8
        event(g1, "ranked_bottom", 4, "己"),  # 8 + 4 = 12 → total cap 10
    )
    unit = compute_year(units_year({1: [80]}, unit_adjustments=events, unit_adjustment_rules=UNIT_RULES)).units[0]
    assert (unit.bonus, unit.deduction) == (D(10), D(10))
    assert unit.adjustments_by_category["media"] == D(2) and unit.adjustments_by_category["task_failed"] == D(8)
    assert unit.total == D(80)
