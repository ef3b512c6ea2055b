"""Every number explained (issue 12, §3): the explanation of a unit or a cadre traces each figure to its inputs and
names the seed clause of each step. Small years, expectations worked out by hand."""

from __future__ import annotations

import json
from dataclasses import replace

from app.scoring import compute_year
from app.scoring.explain import explain_year
from app.scoring.inputs import Item, LeaderRating, MarkCounts, Unit
from tests.helpers.builders import D, ballot, base_year, by_name, cadres_year, event, pool, units_year


def lines_of(explanation) -> list[str]:
    return [str(line) for line in explanation.lines]


def test_a_shared_bonus_shows_where_each_units_share_went() -> None:
    """科室办法三（一）3（1）：受表彰工作由几个科室（单位）共同承担的，将总分值分解后分别加分. Three units share a 2-point
    省级表彰: 2 ÷ 3 = 0.666… each, shown as 0.67, and the line says so with its clause ③."""
    data = units_year(
        {1: [80, 70, 60]}, unit_adjustments=(event(["G1-1", "G1-2", "G1-3"], "honor_provincial", 2, "省级文明"),)
    )
    explained = explain_year(data, compute_year(data)).units["G1-2"]
    row = explained.data["adjustments"]["events"][0]
    assert row["share"] == D(2) / 3 and row["counted"] is True and row["targets"] == ["G1-1", "G1-2", "G1-3"]
    line = next(line for line in explained.lines if line.topic == "adjustment")
    assert line.clause == "科室办法三（一）3（1）③"
    assert "3 个共同承担" in line.text and "本项计 0.67 分" in line.text and "该类不超过 4 分" in line.text
    assert explained.data["adjustments"]["bonus"]["counted"] == D("0.67")


def test_same_matter_drop_and_both_caps_are_each_a_line() -> None:
    """同一事项不重复加分，取最大分值: a 6-point and an 8-point award for the same matter count 8. Five media reports
    at 0.5 are 2.5, cut to the category's 2. 8 + 6 (another matter) + 2 = 16 exceeds 加分最高不超过 10 分."""
    events = (
        event("G1-1", "recognition", 6, "重大项目"),
        event("G1-1", "recognition", 8, "重大项目"),
        event("G1-1", "recognition", 6, "全市第一"),
        *(event("G1-1", "media", "0.5", f"报道{i}") for i in range(5)),
    )
    data = units_year({1: [70]}, unit_adjustments=events)
    result = compute_year(data)
    assert result.units[0].bonus == D(10)
    explained = explain_year(data, result).units["G1-1"]
    text = lines_of(explained)
    assert any(
        "同一事项“重大项目”另有 8 分一项，取最大分值，本项不计" in t and "科室办法三（一）3（1）" in t for t in text
    )
    assert any("“media”合计 2.5 分，超过该类上限 2 分，计 2 分" in t and "3（1）②" in t for t in text)
    assert any("加分合计 16.00 分，加分最高不超过 10 分，计 10.00 分" in t for t in text)
    dropped = [e for e in explained.data["adjustments"]["events"] if not e["counted"]]
    assert [(e["points"], e["matter"]) for e in dropped] == [(D(6), "重大项目")]
    assert explained.data["adjustments"]["bonus"] == {"amount": D(16), "cap": D(10), "counted": D(10), "cut": D(6)}


def test_components_name_their_inputs() -> None:
    """Items with score and points, ballots counted and void (科室办法三（一）1–2; 附件 4/5 取平均值)."""
    items = (Item("c1", None, "common", "党建", D(25)), Item("b1", "甲科", "business", "业务", D(45)))
    ballots = (
        ballot("leaders", 1, {"甲科": (4, 4, 4, 4, 3)}),
        ballot("leaders", 2, {"甲科": (4, 4, 4, 3, 3)}),
        ballot("leaders", 3, {"甲科": (0, 0, 0, 0, 0)}, void="涂改"),
        ballot("heads", 1, {"甲科": (2, 2, 2, 2, 2)}),
    )
    data = base_year(
        units=(Unit("甲科", "甲科", 1),), items=items, item_scores={("甲科", "c1"): D("24.5")}, unit_ballots=ballots
    )
    result = compute_year(data)
    explained = explain_year(data, result).units["甲科"]
    leaders = explained.data["components"]["leaders"]
    assert (leaders["ballots"], leaders["void"], leaders["sum"], leaders["score"]) == (2, 1, D(37), D("18.50"))
    text = lines_of(explained)
    assert any("委领导评分 18.50 分：有效评分表 2 张，合计 37.00 ÷ 2（废票 1 张不计）" in t for t in text)
    assert any("业务工作缺 1 项未评分（业务），计 0 分" in t for t in text)
    assert explained.data["components"]["business"]["missing"] == ["b1"]
    assert any(t.startswith("暂定：缺项") for t in text)


def test_rank_place_and_why_none() -> None:
    """科室办法四（一）: G1-1 place 1 一等奖; G1-2 vetoed (why: veto, with the reason); G1-3 under 60; of the eligible
    G1-4 is place 2 and G1-5 place 3 (二等奖 2 名), G1-6 place 4: 合格."""
    data = units_year({1: [95, 90, 59, 80, 75, 70]}, vetoes={"G1-2": "安全生产事故"})
    explained = explain_year(data, compute_year(data)).units
    assert explained["G1-1"].data["place"]["place"] == 1
    assert any("参评名次第 1 名，本组一等奖 1 名，获一等奖（优秀等次）" in t for t in lines_of(explained["G1-1"]))
    veto = explained["G1-2"]
    assert veto.data["place"]["why"] == "veto" and veto.data["veto"] == {"reason": "安全生产事故"}
    assert any("一票否决" in t and "安全生产事故" in t and "科室办法三（一）3（3）" in t for t in lines_of(veto))
    assert explained["G1-3"].data["place"]["why"] == "below_pass"
    assert any("第一组 6 个科室（单位）中排第 6 名" in t for t in lines_of(explained["G1-3"]))
    assert any("参评名次第 2 名" in t and "获二等奖（良好等次）" in t for t in lines_of(explained["G1-4"]))
    assert any("参评名次第 4 名，在一、二等奖名额（1＋2）之外" in t for t in lines_of(explained["G1-6"]))


def test_a_committee_decision_is_named_with_its_reason() -> None:
    data = units_year(
        {3: [90, 90]},
        decisions={("unit", "G3-1"): "一等奖", ("unit", "G3-2"): "无"},
        decision_reasons={("unit", "G3-1"): "业务工作更突出"},
    )
    explained = explain_year(data, compute_year(data)).units["G3-1"]
    assert explained.data["decision"] == {"outcome": "一等奖", "reason": "业务工作更突出"}
    assert any("党委审定：一等奖（业务工作更突出）" in t and "科室办法三（二）3" in t for t in lines_of(explained))


def test_a_cadres_votes_raters_pool_and_quota_computation() -> None:
    """干部办法三（一）民主测评得分=所得总分/所得票数: (70×3 + 65×1) ÷ 4 = 68.75; 三（二）: two raters 28 and 27 →
    27.50; 五（一）: pool of 7 × 15% = 1.05 → 1 place."""
    data = cadres_year(pool("a", [95, 94, 93, 92, 91, 90, 89]))
    tallies = dict(data.democratic_tallies)
    tallies["a1"] = MarkCounts(excellent=3, competent=1)
    ratings = (
        *(r for r in data.leader_ratings if r.cadre != "a1"),
        LeaderRating(1, "a1", (D(6), D(6), D(6), D(5), D(5))),
        LeaderRating(2, "a1", (D(6), D(6), D(5), D(5), D(5))),
    )
    data = replace(data, democratic_tallies=tallies, leader_ratings=ratings)
    result = compute_year(data)
    explained = explain_year(data, result).cadres["a1"]
    assert by_name(result)["a1"].total == D("96.25")
    text = lines_of(explained)
    assert any("民主测评 68.75 分：有效票 4 张（优秀 3、称职 1、基本称职 0、不称职 0）" in t for t in text)
    assert any("领导评价 27.50 分：2 位委班子成员打分，合计 55.00 ÷ 2" in t for t in text)
    assert any("参加考核 7 人 × 15% = 1.05，取整 1 名" in t and "干部办法五（一）" in t for t in text)
    assert explained.data["pool"]["quota"] == 1 and explained.data["components"]["democratic"]["counted"] == 4
    assert explained.data["place"] == {"basis": "quota_place", "quota_place": 1}


def test_every_line_names_a_clause_and_the_data_is_json_ready() -> None:
    data = cadres_year(
        pool("a", [95, 85, 65]),
        unit_groups={1: [95, 90, 59]},
        unit_adjustments=(event(["G1-1", "G1-2"], "honor_city", 1, "m"),),
    )
    explained = explain_year(data, compute_year(data))
    for explanation in [*explained.units.values(), *explained.cadres.values()]:
        assert explanation.lines and all(line.clause for line in explanation.lines)
        json.dumps(explanation.as_dict(), default=str, ensure_ascii=False)


def test_a_cadres_committee_decision_names_the_tie_rule_not_the_units_clause() -> None:
    """A tie at a pool's 优秀 line is handled as for units (spec §5) and left to the committee; the cadre's line named
    科室办法三（二）3 (提出获奖科室和突出贡献奖名单，报委党委审定) — a clause of the units' part about prize lists."""
    data = cadres_year(
        pool("a", [95, 95, 80, 79, 78, 77, 76]),
        decisions={("cadre", "a1"): "优秀", ("cadre", "a2"): "称职"},
        decision_reasons={("cadre", "a1"): "党委会议"},
    )
    explained = explain_year(data, compute_year(data)).cadres["a1"]
    assert explained.data["decision"] == {"outcome": "优秀", "reason": "党委会议"}
    line = next(line for line in explained.lines if line.text.startswith("党委审定"))
    assert not line.clause.startswith("科室办法") and line.clause.startswith("计算约定")
