"""The seed's bonus and deduction rules (加减分项目) for units and cadres."""

from __future__ import annotations

import pytest

from app.scoring import compute_year
from app.scoring.adjustments import cap_adjustments, capped_adjustments_by_entity, entity_shares
from tests.helpers.builders import (
    CADRE_ADJUSTMENT_RULES,
    UNIT_RULES,
    D,
    by_name,
    cadre_event,
    event,
    units_year,
)


def capped(events, rules=UNIT_RULES):
    """Capped adjustments per entity for these events."""
    return capped_adjustments_by_entity(tuple(events), rules)


# ---------------------------------------------------------------- sharing


def test_shared_bonus_is_split_equally():
    """受表彰工作由几个科室（单位）共同承担的，将总分值分解后分别加分."""
    result = capped([event(["甲科", "乙科"], "honor_provincial", 2, matter="省级文明单位")])
    assert result["甲科"].bonus == D(2) / 2
    assert result["乙科"].bonus == D(1)


def test_shared_bonus_split_three_ways_rounds_half_up():
    """将总分值分解后分别加分 — 1 ÷ 3 = 0.333… → 0.33 for each of three units (spec: 2 decimals, half-up)."""
    result = capped([event(["甲科", "乙科", "丙科"], "honor_city", 1, matter="市级表彰")])
    assert {name: r.bonus for name, r in result.items()} == {n: D("0.33") for n in ("甲科", "乙科", "丙科")}
    result = capped([event(["甲科", "乙科", "丙科"], "honor_city", 2, matter="市级表彰")])
    assert result["甲科"].bonus == D("0.67")  # 0.666… → 0.67


def test_explicit_shares_override_the_equal_split():
    """Spec: "split equally among them … unless `shares` (same length, summing to 1) says otherwise"."""
    shared = event(["甲科", "乙科"], "honor_provincial", 2, matter="省级表彰", shares=["0.75", "0.25"])
    assert entity_shares(shared) == {"甲科": D(2) * D("0.75"), "乙科": D(2) * D("0.25")}
    result = capped([shared])
    assert (result["甲科"].bonus, result["乙科"].bonus) == (D("1.5"), D("0.5"))


def test_shared_bonus_reaches_the_unit_total():
    """受表彰工作由几个科室（单位）共同承担的，将总分值分解后分别加分 — through compute_year."""
    data = units_year({1: [80, 70]}, unit_adjustments=(event(["G1-1", "G1-2"], "honor_city", 1, matter="m"),))
    units = by_name(compute_year(data))
    assert units["G1-1"].bonus == D("0.5")
    assert units["G1-1"].total == D(80) + D("0.5")
    assert units["G1-2"].total == D(70) + D("0.5")


# ---------------------------------------------------------------- same matter


def test_same_matter_bonus_counts_once_at_its_largest():
    """同一事项不重复加分，取最大分值."""
    result = capped(
        [
            event("甲科", "honor_city", 1, matter="2017 文明单位"),
            event("甲科", "honor_provincial", 2, matter="2017 文明单位"),
            event("甲科", "media", "0.5", matter="2017 文明单位"),
        ]
    )
    assert result["甲科"].bonus == D(2)  # max(1, 2, 0.5), not 3.5
    assert result["甲科"].by_category == {"honor_provincial": D(2)}


def test_same_matter_deduction_counts_once_at_its_largest():
    """同一事项，不累计扣分，取最大分值."""
    result = capped(
        [
            event("甲科", "criticized_city_office", 1, matter="某次失误"),
            event("甲科", "criticized_city_dept", 2, matter="某次失误"),
        ]
    )
    assert result["甲科"].deduction == D(2)  # not 1 + 2


def test_different_matters_add_up():
    """同一事项不重复加分 — different matters are different 事项 and do add up."""
    result = capped(
        [
            event("甲科", "honor_city", 1, matter="文明单位"),
            event("甲科", "honor_provincial", 2, matter="平安单位"),
            event("甲科", "media", "0.2", matter=None),
            event("甲科", "media", "0.2", matter=None),  # no matter: each stands alone
        ]
    )
    assert result["甲科"].bonus == D(1) + D(2) + D("0.2") + D("0.2")


def test_bonus_and_deduction_with_the_same_matter_name_are_separate():
    """同一事项不重复加分 / 同一事项不累计扣分 — two separate rules: a bonus never absorbs a deduction."""
    result = capped(
        [event("甲科", "honor_city", 1, matter="某工作"), event("甲科", "criticized_city_office", 1, matter="某工作")]
    )
    assert (result["甲科"].bonus, result["甲科"].deduction) == (D(1), D(1))


def test_same_matter_compares_each_units_share_after_the_split():
    """Spec: "per entity, split shares first, then per matter keep the largest" — 甲科's share 4/2 = 2 of a joint
    award and its own 3 for the same matter: it keeps 3; 乙科 keeps its 2."""
    result = capped(
        [
            event(["甲科", "乙科"], "recognition", 4, matter="全省推广"),
            event("甲科", "recognition", 3, matter="全省推广"),
        ]
    )
    assert result["甲科"].bonus == max(D(4) / 2, D(3))
    assert result["乙科"].bonus == D(4) / 2


def test_cadre_same_matter_keeps_the_largest():
    """干部考核办法：同一事项不累计加分，取最大值 … 同一事项不累计减分，取最大值."""
    result = capped(
        [
            cadre_event("c1", "individual_honor", 3, matter="省级先进个人"),
            cadre_event("c1", "leader_endorsement", 2, matter="省级先进个人"),
            cadre_event("c1", "criticized", 1, matter="通报"),
            cadre_event("c1", "meeting_absence", "0.5", matter="通报"),
        ],
        CADRE_ADJUSTMENT_RULES,
    )
    assert (result["c1"].bonus, result["c1"].deduction) == (D(3), D(1))


# ---------------------------------------------------------------- category and total caps

CATEGORY_CAP_CASES = [
    # (category, points a time, times, clause, expected after the category cap)
    ("media", "0.5", 5, "省级以上新闻媒体…每次加 0.5 分…加分不超过 2 分", D(2)),
    ("media", "0.2", 11, "市级以上新闻媒体…每次加 0.2 分，加分不超过 2 分", D(2)),
    (
        "honor_provincial",
        2,
        3,
        "获得省委、省政府、中央部委表彰奖励的集体荣誉，负责的科室每次加 2 分，加分不超过 4 分",
        D(4),
    ),
    (
        "honor_city",
        1,
        3,
        "获得省直单位或者市委、市政府表彰奖励的集体荣誉，负责的科室每次加 1 分，加分不超过 2 分",
        D(2),
    ),
    ("central_task", "0.5", 3, "中心工作完成出色…具体负责的科室加 0.5 分，加分不超过 1 分", D(1)),
    (
        "criticized_city_office",
        1,
        3,
        "受到市委办公室、市政府办公室通报批评的责任科室（单位），每次减 1 分，扣分不超过 2 分",
        D(2),
    ),
    (
        "criticized_city_dept",
        2,
        3,
        "被市委、市政府相关部门（单位）通报批评的科室（单位）每次减 2 分，扣分不超过 4 分",
        D(4),
    ),
    ("task_failed", 4, 3, "重要工作任务未完成…每次减 4 分，扣分不超过 8 分", D(8)),
    ("recognition", 6, 2, "上级充分肯定…每项工作加 6 分 (no own cap)", D(12)),
    ("ranked_bottom", 4, 3, "科室负责的工作在全省或全市排在后三位的…每项工作减 4 分 (no own cap)", D(12)),
]


@pytest.mark.parametrize(
    ("category", "points", "times", "clause", "expected"), CATEGORY_CAP_CASES, ids=[c[0] for c in CATEGORY_CAP_CASES]
)
def test_category_caps(category, points, times, clause, expected):
    """Each category's own cap (加分不超过 … / 扣分不超过 …), applied to the category's sum; the total cap (10)
    applies after it. The clause for each case is in `clause`."""
    events = [event("甲科", category, points, matter=f"事项{i}") for i in range(times)]
    result = capped(events)["甲科"]
    uncapped = D(points) * times
    assert uncapped > expected or UNIT_RULES.categories[category].cap is None, clause
    assert result.by_category == {category: expected}
    kind = UNIT_RULES.categories[category].kind
    assert getattr(result, kind) == min(expected, D(10))


def test_unit_bonus_total_is_capped_at_ten():
    """加分最高不超过 10 分 (附件 1: 加分、减分最高不超过10分)."""
    result = capped(
        [
            event("甲科", "recognition", 6, matter="批示肯定"),
            event("甲科", "honor_provincial", 2, matter="省表彰"),
            event("甲科", "honor_city", 1, matter="市表彰"),
            event("甲科", "central_task", "0.5", matter="中心工作"),
            event("甲科", "media", "0.5", matter="省报"),
        ]
    )["甲科"]
    assert sum(result.by_category.values()) == D(6) + D(2) + D(1) + D("0.5") + D("0.5")  # 10
    result = capped(
        [
            event("甲科", "recognition", 8, matter="特别重大奖励"),
            event("甲科", "honor_provincial", 2, matter="省表彰"),
            event("甲科", "honor_city", 1, matter="市表彰"),
        ]
    )["甲科"]
    assert result.by_category == {"recognition": D(8), "honor_provincial": D(2), "honor_city": D(1)}
    assert result.bonus == D(10)  # min(11, 10)


def test_unit_deduction_total_is_capped_at_ten():
    """同一事项，不累计扣分，取最大分值，减分最高不超过 10 分."""
    result = capped(
        [
            event("甲科", "task_failed", 4, matter="任务一"),
            event("甲科", "task_failed", 4, matter="任务二"),
            event("甲科", "criticized_city_dept", 2, matter="失误一"),
            event("甲科", "criticized_city_office", 1, matter="通报一"),
        ]
    )["甲科"]
    assert result.deduction == min(D(8) + D(2) + D(1), D(10))


def test_capped_deduction_reaches_the_unit_total():
    """Spec: "Unit total = common + business + leaders + heads + bonus − deduction" with the capped figures."""
    events = tuple(event("G1-1", "ranked_bottom", 4, matter=f"排名{i}") for i in range(3))
    units = by_name(compute_year(units_year({1: [90]}, unit_adjustments=events)))
    assert units["G1-1"].deduction == D(10)  # 12 capped at 10
    assert units["G1-1"].total == D(90) - D(10)
    assert units["G1-1"].adjustments_by_category == {"ranked_bottom": D(12)}


def test_cadre_bonus_and_deduction_are_capped_at_five():
    """干部考核办法（三）加减分项目（加分、减分项目最高均不超过 5 分）."""
    result = capped(
        [
            cadre_event("c1", "individual_honor", 4, matter="国家级先进个人"),
            cadre_event("c1", "leader_endorsement", 3, matter="市委书记批示"),
            cadre_event("c1", "criticized", 2, matter="省通报一"),
            cadre_event("c1", "criticized", 2, matter="省通报二"),
            cadre_event("c1", "inspection_absence", "0.5", matter="暗访"),
            cadre_event("c1", "meeting_absence", "0.5", matter="缺会"),
        ],
        CADRE_ADJUSTMENT_RULES,
    )["c1"]
    assert result.bonus == min(D(4) + D(3), D(5))
    assert result.deduction == min(D(2) + D(2) + D("0.5") + D("0.5"), D(5))


def test_matter_maximum_comes_before_the_category_cap():
    """Spec: "split shares first, then per matter keep the largest, then per category sum and apply the category
    cap, then sum the categories and apply the total cap" — matter M is both a 市级 (1) and a 省级 (2) honour: it
    counts 2 under honor_provincial, which with two other 省级 honours (6) is capped at 4; honor_city gets
    nothing, so the bonus is 4 (not 4 + 1)."""
    result = capped(
        [
            event("甲科", "honor_city", 1, matter="M"),
            event("甲科", "honor_provincial", 2, matter="M"),
            event("甲科", "honor_provincial", 2, matter="N"),
            event("甲科", "honor_provincial", 2, matter="P"),
        ]
    )["甲科"]
    assert result.by_category == {"honor_provincial": min(D(2) * 3, D(4))}
    assert result.bonus == D(4)


def test_no_events_no_adjustment():
    """Spec: "`points` is positive for both kinds" — an entity without events has bonus 0 and deduction 0."""
    result = cap_adjustments([], UNIT_RULES)
    assert (result.bonus, result.deduction, result.by_category) == (D(0), D(0), {})
    units = by_name(compute_year(units_year({1: [75]})))
    assert (units["G1-1"].bonus, units["G1-1"].deduction, units["G1-1"].total) == (D(0), D(0), D(75))
