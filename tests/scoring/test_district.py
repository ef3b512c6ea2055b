"""Indicator tracking (seed 004, 附2 加减分办法 of the city's 考绩法) — app/scoring/district.py."""

from __future__ import annotations

from datetime import date

import pytest

from app.scoring.district import DistrictEvent, IndicatorMonth, compute_district, laggards, validity_window
from tests.helpers.builders import D

GROUPS = (
    "big_project",
    "rank_gain",
    "honors",
    "rank_loss",
    "poor_implementation",
    "criticized_provincial",
    "criticized_city",
    "media_exposure",
)


def project(yuan) -> DistrictEvent:
    return DistrictEvent("big_project", matter="项目", investment=D(yuan))


def rank(indicator: str, measure: str, last_year: int, now: int) -> DistrictEvent:
    return DistrictEvent("rank_change", indicator=indicator, measure=measure, last_year_rank=last_year, rank=now)


def honor(category: str, tier: int | None, share=None) -> DistrictEvent:
    return DistrictEvent(category, matter="表彰", tier=tier, peers_honored_share=None if share is None else D(share))


# ---------------------------------------------------------------- 引进产业大项目


@pytest.mark.parametrize(
    ("investment", "expected"),
    [
        ("2000000000", D(10)),  # 达到 20 亿元：10
        ("2740000000", D(10) + 2 * 1),  # one full further 5 亿: 12
        ("2499999999", D(10)),  # not yet a full 5 亿
        ("2500000000", D(10) + 2 * 1),
        ("3000000000", D(10) + 2 * 2),
        ("1900000000", D(0)),  # under 20 亿: nothing
    ],
)
def test_big_project_points(investment, expected):
    """引进重大制造业或生产性服务业项目，单体投资规模达到20亿元每个给予加10分，单体投资规模每增加5亿元再累加2分."""
    assert compute_district([project(investment)]).by_category["big_project"] == expected


def test_big_project_group_cap():
    """…本项最多加20分 — two projects of 30 亿 (14 each) give 20, one of 60 亿 (10 + 8 × 2 = 26) gives 20."""
    result = compute_district([project("3000000000"), project("3000000000")])
    assert result.by_category["big_project"] == min(D(14) * 2, D(20))
    assert compute_district([project("6000000000")]).by_category["big_project"] == min(D(10) + 2 * 8, D(20))


# ---------------------------------------------------------------- 指标排名


def test_each_place_gained_adds_point_three():
    """每项指标总量或增速与上年比每进1位加0.3分 — 5th → 3rd: 2 × 0.3."""
    result = compute_district([rank("i01", "total", 5, 3)])
    assert (result.by_category["rank_gain"], result.bonus) == (2 * D("0.3"), D("0.6"))


def test_each_place_lost_deducts_point_three():
    """每项指标总量或增速与上年每退1位减0.3分 — 2nd → 5th: 3 × 0.3 of deduction."""
    result = compute_district([rank("i01", "growth", 2, 5)])
    assert (result.by_category["rank_loss"], result.deduction) == (3 * D("0.3"), D("0.9"))
    assert result.by_category["rank_gain"] == D(0)


def test_no_change_no_points():
    """每进1位 / 每退1位 — the same rank as last year changes nothing."""
    result = compute_district([rank("i01", "total", 4, 4)])
    assert (result.bonus, result.deduction) == (D(0), D(0))


def test_rank_gain_per_indicator_at_most_two():
    """单项最多加2分 — total 8 places up (2.4) and growth 1 up (0.3) of one indicator give 2."""
    result = compute_district([rank("i01", "total", 10, 2), rank("i01", "growth", 4, 3)])
    assert result.by_category["rank_gain"] == min(8 * D("0.3") + D("0.3"), D(2))


def test_rank_loss_per_indicator_at_most_two():
    """单项最多减2分 — 9 places down of one indicator (2.7) deducts 2."""
    result = compute_district([rank("i01", "total", 1, 10)])
    assert result.by_category["rank_loss"] == min(9 * D("0.3"), D(2))


def test_gains_and_losses_of_one_indicator_are_never_netted():
    """Spec: "per indicator, gains over its measures add up to at most 2 and losses to at most 2, never netted
    (total +4 and growth −2 → bonus 1.2, deduction 0.6)"."""
    result = compute_district([rank("i01", "total", 7, 3), rank("i01", "growth", 3, 5)])
    assert (result.bonus, result.deduction) == (4 * D("0.3"), 2 * D("0.3"))
    assert (result.by_category["rank_gain"], result.by_category["rank_loss"]) == (D("1.2"), D("0.6"))
    assert result.net == D("1.2") - D("0.6")


def test_indicators_are_capped_separately():
    """单项最多加2分 — two indicators 7 places up each: 2 + 2 (not one cap of 2 for both)."""
    result = compute_district([rank("i01", "total", 8, 1), rank("i02", "total", 8, 1)])
    assert result.by_category["rank_gain"] == D(2) + D(2)


def test_rank_gain_and_loss_totals_are_capped_at_ten():
    """指标排名…累计最多加10分 / …累计最多减10分 — six indicators at the per-indicator 2 each: 12 → 10."""
    ups = [rank(f"i{n}", "total", 9, 1) for n in range(6)]
    downs = [rank(f"j{n}", "growth", 1, 9) for n in range(6)]
    result = compute_district(ups + downs)
    assert result.by_category["rank_gain"] == min(6 * D(2), D(10))
    assert result.by_category["rank_loss"] == min(6 * D(2), D(10))


# ---------------------------------------------------------------- 荣获上级表彰荣誉


@pytest.mark.parametrize(("tier", "expected"), [(1, D(3)), (2, D(2)), (3, D(1)), (4, D(0)), (5, D(0)), (None, D(2))])
def test_national_honor_tiers(tier, expected):
    """获得中央、国务院（包括中办、国办）发文表彰或授予荣誉称号的，第一等次加3分，每降一个等次少加1分，不分等次的加
    2分 — spec: "tier n gives max(0, 4 − n), no tiers (`tier` null) 2"."""
    assert compute_district([honor("honor_national", tier)]).by_category["honors"] == expected


@pytest.mark.parametrize(
    ("tier", "expected"), [(1, D("1.5")), (2, D(1)), (3, D("0.5")), (4, D(0)), (6, D(0)), (None, D(1))]
)
def test_provincial_honor_tiers(tier, expected):
    """获得国家部委和省委、省政府（省“两办”）发文表彰或授予荣誉称号的，第一等次加1.5分，每降一个等次少加0.5分，不分
    等次的加1分 — spec: "max(0, 2 − 0.5 n), no tiers 1"."""
    assert compute_district([honor("honor_provincial", tier)]).by_category["honors"] == expected


@pytest.mark.parametrize("category", ["honor_national", "honor_provincial"])
def test_no_bonus_when_two_thirds_of_peers_are_honored(category):
    """三分之二以上同类单位均受到表彰或获得荣誉的，不予加分 — spec: "no bonus when `peers_honored_share` ≥ 2/3
    (以上 includes 2/3), for either kind"."""
    exactly = D(2) / D(3)
    assert compute_district([honor(category, 1, exactly)]).by_category["honors"] == D(0)
    assert compute_district([honor(category, None, "0.8")]).by_category["honors"] == D(0)
    assert compute_district([honor(category, None, 1)]).by_category["honors"] == D(0)
    below = compute_district([honor(category, None, "0.66")]).by_category["honors"]
    assert below == (D(2) if category == "honor_national" else D(1))


def test_honors_are_capped_at_ten():
    """本项最高加分不超过10分 — four national first tiers (12) and a provincial one (1.5) give 10."""
    events = [honor("honor_national", 1) for _ in range(4)] + [honor("honor_provincial", 1)]
    assert compute_district(events).by_category["honors"] == min(4 * D(3) + D("1.5"), D(10))


# ---------------------------------------------------------------- deductions


def test_poor_implementation_as_given_capped_at_ten():
    """重要事项落实不力…每项减1－2分，累计最多减10分."""
    assert compute_district([DistrictEvent("poor_implementation", points=D("1.5"))]).deduction == D("1.5")
    events = [DistrictEvent("poor_implementation", matter=f"事项{n}", points=D(2)) for n in range(6)]
    assert compute_district(events).by_category["poor_implementation"] == min(6 * D(2), D(10))


def test_criticized_provincial_five_each():
    """（1）因工作不力、失误或作风建设问题，被省级以上党政机关部门通报批评的每次减5分 (no own cap)."""
    events = [DistrictEvent("criticized_provincial", matter=f"通报{n}") for n in range(3)]
    assert compute_district(events).by_category["criticized_provincial"] == 3 * D(5)


def test_criticized_city_three_each():
    """（2）被市委市政府（市“两办”)通报批评的每次减3分 (no own cap)."""
    events = [DistrictEvent("criticized_city", matter=f"通报{n}") for n in range(4)]
    assert compute_district(events).by_category["criticized_city"] == 4 * D(3)


def test_media_exposure_three_each():
    """媒体曝光…引发成为全国性舆论事件、对温州形象造成重大负面影响的，每次减3分."""
    events = [DistrictEvent("media_exposure", matter="事件一"), DistrictEvent("media_exposure", matter="事件一")]
    # Spec: "Each event counts on its own (no same-matter rule here)".
    assert compute_district(events).by_category["media_exposure"] == 2 * D(3)


# ---------------------------------------------------------------- kinds and result


def test_bonus_is_capped_at_thirty():
    """加分（最高不超过30分） — big project 20 + ranks 10 + honours 10 = 40 → 30."""
    events = [
        project("6000000000"),
        *[rank(f"i{n}", "total", 9, 1) for n in range(5)],
        *[honor("honor_national", 1) for _ in range(4)],
    ]
    result = compute_district(events)
    groups = result.by_category
    assert (groups["big_project"], groups["rank_gain"], groups["honors"]) == (D(20), D(10), D(10))
    assert result.bonus == min(D(20) + D(10) + D(10), D(30))


def test_deduction_is_capped_at_thirty_and_net_may_be_negative():
    """减分（最高不超过30分）; spec: "net = bonus − deduction (may be negative)"."""
    events = [
        *[DistrictEvent("criticized_provincial", matter=f"省通报{n}") for n in range(5)],  # 25
        *[DistrictEvent("criticized_city", matter=f"市通报{n}") for n in range(3)],  # 9
        project("2000000000"),  # 10
    ]
    result = compute_district(events)
    assert result.deduction == min(5 * D(5) + 3 * D(3), D(30))
    assert result.net == D(10) - D(30)


def test_by_category_lists_all_eight_groups_before_the_caps_of_thirty():
    """Spec: "`by_category` has all eight groups, after each group's cap and before the caps of 30, deductions as
    positive numbers"."""
    empty = compute_district([])
    assert set(empty.by_category) == set(GROUPS)
    assert all(value == 0 for value in empty.by_category.values())
    events = [DistrictEvent("criticized_provincial", matter=f"省通报{n}") for n in range(7)]  # 35
    result = compute_district(events)
    assert result.by_category["criticized_provincial"] == 7 * D(5)
    assert result.deduction == D(30)


def test_unknown_category_is_an_error():
    """Spec: the eight categories are the seed's; anything else is refused."""
    with pytest.raises(ValueError, match="unknown"):
        compute_district([DistrictEvent("honor_city")])


def test_validity_window():
    """备注：加减分事项的有效期为2015年2月至2016年1月 — February of the year to January of the next."""
    assert validity_window(2015) == (date(2015, 2, 1), date(2016, 1, 31))


# ---------------------------------------------------------------- laggards (落后指标、退步指标)


def month(indicator: str, ym: str, rank_now: int | None, **peers: int) -> IndicatorMonth:
    return IndicatorMonth(indicator, ym, rank_now, dict(peers))


def test_fell_back_since_the_month_before_is_a_laggard():
    """对于发现的在市对区考绩指标推进中的落后指标、退步指标…及时进行跟踪督查 — spec: "latest month's rank is worse
    than its rank the calendar month before"."""
    reports = [
        month("i01", "2015-08", 1, 鹿城区=2, 瓯海区=3),
        month("i01", "2015-09", 2, 鹿城区=1, 瓯海区=3),  # 1st → 2nd, not last
        month("i02", "2015-08", 3, 鹿城区=1, 瓯海区=4),
        month("i02", "2015-09", 2, 鹿城区=1, 瓯海区=3),  # improved, not last
    ]
    assert laggards(reports) == ["i01"]


def test_january_compares_with_the_previous_december():
    """Spec: "worse than its rank the calendar month before" — January's month before is last year's December."""
    reports = [month("i01", "2015-12", 1, 鹿城区=2, 瓯海区=3), month("i01", "2016-01", 2, 鹿城区=1, 瓯海区=3)]
    assert laggards(reports) == ["i01"]


def test_only_the_calendar_month_before_counts():
    """Spec: "the calendar month before" — with August missing, July's better rank does not make September a
    step back."""
    reports = [month("i01", "2015-07", 1, 鹿城区=2, 瓯海区=3), month("i01", "2015-09", 2, 鹿城区=1, 瓯海区=3)]
    assert laggards(reports) == []


def test_last_among_peers_is_a_laggard():
    """落后指标 — spec: "or is last among the peers (no peer ranked worse; a tie for last counts)"."""
    reports = [
        month("i01", "2015-09", 3, 鹿城区=1, 瓯海区=2),  # last
        month("i02", "2015-09", 3, 鹿城区=3, 瓯海区=1),  # tie for last
        month("i03", "2015-09", 2, 鹿城区=3, 瓯海区=1),  # a peer is worse
    ]
    assert laggards(reports) == ["i01", "i02"]


def test_latest_month_decides():
    """Spec: "an indicator whose latest month's rank …" — last in August but first in September is no laggard."""
    reports = [month("i01", "2015-08", 3, 鹿城区=1, 瓯海区=2), month("i01", "2015-09", 1, 鹿城区=2, 瓯海区=3)]
    assert laggards(reports) == []


def test_two_thirds_written_as_a_binary_fraction_still_counts_as_two_thirds():
    """三分之二以上同类单位均受到表彰或获得荣誉的，不予加分 — a share exported as 0.6666666666666666 is 2/3."""
    assert compute_district([honor("honor_national", 1, "0.6666666666666666")]).by_category["honors"] == 0
    assert compute_district([honor("honor_national", 1, "0.66")]).by_category["honors"] == D(3)


def test_an_indicator_without_peer_ranks_is_not_last_among_peers():
    """对于无法掌握排名的指标 … 准确预估排名 — with no peer ranks there is no one to stand last against."""
    assert laggards([month("i1", "2015-09", 1)]) == []
    assert laggards([month("i1", "2015-08", 1), month("i1", "2015-09", 2)]) == ["i1"]
