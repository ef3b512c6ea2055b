"""Nothing shown as final that can still change (issue 12, §1), from small years one can check by hand.

科室办法四（一）1 优秀等次（一等奖）…按照考核得分从高分到低分的名次评定; 三（二）3 委党委审定; 干部办法五（一）在本年度科室
（单位）绩效考评中被评为一等奖的科室（单位），其科室（单位）主要负责人个人年度考核为优秀等次.
"""

from __future__ import annotations

from dataclasses import replace

from app.scoring import compute_year
from tests.helpers.builders import by_name, cadres_year, person, pool, units_year


def test_an_incomplete_unit_has_no_grade_and_its_group_is_provisional() -> None:
    """A unit still missing a ballot showed 合格 although keying the ballot can move every prize of its group. Group 1
    (一等奖 1, 二等奖 2): G1-2 has no ballot at all. It gets grade null and prize null; the other three keep the
    outcome of their places among the eligible (G1-1 place 1 一等奖, G1-3 place 3 二等奖, G1-4 place 4 合格) but
    are provisional. Group 2 is complete and untouched."""
    result = compute_year(units_year({1: [95, 90, 85, 80], 2: [80, 70]}, incomplete=["G1-2"]))
    units = by_name(result)
    assert (units["G1-2"].incomplete, units["G1-2"].grade, units["G1-2"].prize) == (True, None, None)
    assert units["G1-2"].provisional and "缺项" in units["G1-2"].provisional_reasons[0]
    assert [(units[n].prize, units[n].grade) for n in ("G1-1", "G1-3", "G1-4")] == [
        ("一等奖", "优秀"),
        ("二等奖", "良好"),
        (None, "合格"),
    ]
    for name in ("G1-1", "G1-3", "G1-4"):
        assert units[name].provisional and any("G1-2缺项" in r for r in units[name].provisional_reasons)
    assert not units["G2-1"].provisional and not units["G2-2"].provisional
    assert (units["G2-1"].prize, units["G2-2"].prize) == ("一等奖", "一等奖")


def test_a_complete_undisputed_group_is_final() -> None:
    result = compute_year(units_year({1: [95, 90, 85, 80]}))
    assert not any(u.provisional for u in result.units)
    assert [u.grade for u in result.units] == ["优秀", "良好", "良好", "合格"]


def tie_year(**fields):
    """Group 3 (一等奖 1 名): G3-1 and G3-2 both 90 — tied at the 一等奖 line. h1 heads G3-1 with 72; his pool
    (公务员/科员) has 7 people, so 15% × 7 = 1.05 → quota 1; a1 (95) is the best of the rest, a2 (80) next.
    A second pool holds h2, head of G3-2."""
    people = [
        person("h1", 72, unit="G3-1", is_head=True),
        *pool("a", [95, 80, 79, 78, 77, 76]),
        person("h2", 71, unit="G3-2", is_head=True, level="正科"),
    ]
    return cadres_year(people, unit_groups={3: [90, 90]}, **fields)


def test_head_of_a_unit_tied_for_first_prize_waits_for_the_committee_and_so_does_his_pool() -> None:
    """If the committee gives G3-1 the 一等奖, h1 is 优秀 first and the one place is gone: a1 称职. If G3-2 gets it,
    h1 competes by total (72) and a1 (95) takes the place. So h1 and a1 have no grade yet and are provisional;
    a2 is 称职 either way and final. h2 is alone in his pool: his grade waits as well."""
    result = compute_year(tie_year())
    units, cadres = by_name(result), by_name(result)
    assert units["G3-1"].tie and units["G3-2"].tie and units["G3-1"].prize is None
    assert (cadres["h1"].grade, cadres["h1"].provisional) == (None, True)
    assert "G3-1" in cadres["h1"].provisional_reasons[0] and "党委审定" in cadres["h1"].provisional_reasons[0]
    assert (cadres["a1"].grade, cadres["a1"].provisional) == (None, True)
    assert "G3-1" in cadres["a1"].provisional_reasons[0]
    assert (cadres["a2"].grade, cadres["a2"].provisional) == ("称职", False)
    assert (cadres["h2"].grade, cadres["h2"].provisional) == (None, True)
    assert result.pools[0].excellent == 0  # nobody is 优秀 for sure yet


def test_once_the_committee_decides_the_tie_the_head_and_his_pool_are_final() -> None:
    decided_for_g31 = compute_year(tie_year(decisions={("unit", "G3-1"): "一等奖", ("unit", "G3-2"): "无"}))
    cadres = by_name(decided_for_g31)
    assert [(cadres[c].grade, cadres[c].provisional) for c in ("h1", "a1", "h2")] == [
        ("优秀", False),
        ("称职", False),
        ("称职", False),
    ]
    decided_for_g32 = compute_year(tie_year(decisions={("unit", "G3-1"): "无", ("unit", "G3-2"): "一等奖"}))
    cadres = by_name(decided_for_g32)
    assert [(cadres[c].grade, cadres[c].provisional) for c in ("h1", "a1", "h2")] == [
        ("称职", False),
        ("优秀", False),
        ("优秀", False),
    ]
    assert by_name(decided_for_g32)["G3-2"].decided and not by_name(decided_for_g32)["G3-2"].provisional


def test_a_unit_tied_at_the_line_is_itself_provisional() -> None:
    result = compute_year(units_year({3: [90, 90]}))
    assert all(u.provisional and u.grade is None for u in result.units)


def test_cadre_with_no_leader_rating_or_no_votes_is_incomplete_without_a_grade() -> None:
    """Spec §1 “An unrated component is 0 and the entity is flagged incomplete” — and then it has no grade. c1 has
    votes but no 领导评价 (70 + 0 = 70: 称职 by total, but it is not final); c2 has a rating but no votes."""
    c1, _ = person("c1", 80)
    c2, _ = person("c2", 80)
    data = cadres_year([(c1, 80), (c2, 80)])
    data = replace(
        data,
        leader_ratings=tuple(r for r in data.leader_ratings if r.cadre != "c1"),
        democratic_tallies={k: v for k, v in data.democratic_tallies.items() if k != "c2"},
    )
    cadres = by_name(compute_year(data))
    assert (cadres["c1"].incomplete, cadres["c1"].grade, cadres["c1"].provisional) == (True, None, True)
    assert "无领导评价" in cadres["c1"].provisional_reasons[0]
    assert (cadres["c2"].incomplete, cadres["c2"].grade, cadres["c2"].provisional) == (True, None, True)
    assert "无民主测评票" in cadres["c2"].provisional_reasons[0]


def test_a_missing_ballot_in_a_pool_makes_its_places_provisional() -> None:
    """Pool of 7 (quota 1): a1 (95) holds the place, but a7 has no votes yet; once keyed, a7 may overtake a1.
    a1 (a candidate) is provisional, a5 (under 70: 基本称职 whatever happens) is not."""
    data = cadres_year(pool("a", [95, 90, 85, 80, 65, 75, 72]))
    data = replace(data, democratic_tallies={k: v for k, v in data.democratic_tallies.items() if k != "a7"})
    cadres = by_name(compute_year(data))
    assert (cadres["a1"].grade, cadres["a1"].provisional) == ("优秀", True)
    assert "a7" in cadres["a1"].provisional_reasons[0] or "干部a7" in cadres["a1"].provisional_reasons[0]
    assert (cadres["a5"].grade, cadres["a5"].provisional) == ("基本称职", False)


def test_heads_of_units_in_a_group_with_an_incomplete_unit_are_provisional() -> None:
    """G1-1 holds the 一等奖 for now, but G1-2 is 缺项: the 一等奖 (and with it h's 优秀) can still move."""
    people = [person("h", 75, unit="G1-1", is_head=True), *pool("a", [95, 90, 85, 80, 79, 78])]
    data = cadres_year(people, unit_groups={1: [95, 90, 85]})
    data = replace(data, unit_ballots=tuple(b for b in units_year({1: [95, 90, 85]}, incomplete=["G1-2"]).unit_ballots))
    cadres = by_name(compute_year(data))
    assert (cadres["h"].grade, cadres["h"].provisional) == ("优秀", True)
    assert any("G1-2" in r for r in cadres["h"].provisional_reasons)
    assert cadres["a1"].provisional  # the place h takes may come free


def test_a_vetoed_unit_is_final_even_while_its_data_are_missing() -> None:
    """科室办法四（一）4：被“一票否决”的，评定为不合格等次 — whatever its missing ballots would add. Its gaps cannot
    move anyone's prize either (it takes no place), so the group stays final."""
    result = compute_year(units_year({1: [95, 90, 85]}, incomplete=["G1-2"], vetoes={"G1-2": "一票否决"}))
    units = by_name(result)
    assert (units["G1-2"].grade, units["G1-2"].incomplete, units["G1-2"].provisional) == ("不合格", True, False)
    assert not units["G1-1"].provisional and units["G1-1"].prize == "一等奖"


def test_a_vetoed_units_missing_data_leave_the_heads_of_its_group_final() -> None:
    """The same for the cadres: G1-2 is vetoed (一票否决，取消当年评先评优资格) and still misses its ballots, so G1-1's
    一等奖 is final — and so is its head's 优秀 (被评为一等奖的科室…主要负责人个人年度考核为优秀等次) and the places of
    his pool. The head was marked 暂定 “同组有科室缺项（G1-2）”, and certificates and the notice asked first."""
    people = [person("h", 75, unit="G1-1", is_head=True), *pool("a", [95, 90, 85, 80, 79, 78])]
    data = cadres_year(people, unit_groups={1: [95, 90, 85]}, vetoes={"G1-2": "一票否决"})
    data = replace(data, unit_ballots=tuple(b for b in units_year({1: [95, 90, 85]}, incomplete=["G1-2"]).unit_ballots))
    result = compute_year(data)
    cadres = by_name(result)
    assert not any(u.provisional for u in result.units)
    assert (cadres["h"].grade, cadres["h"].provisional, cadres["h"].provisional_reasons) == ("优秀", False, ())
    assert not cadres["a1"].provisional


def test_the_shared_remarks_say_what_is_open() -> None:
    """The 等次 column and the 备注 that the screen, the printed results and the workbook share (app/scoring/remarks)."""
    from app.scoring.remarks import cadre_notes, grade_text, unit_notes

    units = by_name(compute_year(units_year({1: [95, 90, 85]}, incomplete=["G1-2"])))
    assert [grade_text(units[n]) for n in ("G1-1", "G1-2", "G1-3")] == ["优秀（暂定）", "待定", "良好（暂定）"]
    assert any(note.startswith("暂定：同组G1-2缺项") for note in unit_notes(units["G1-1"]))
    assert not any(note.startswith("暂定") for note in unit_notes(units["G1-2"]))  # 缺项 says it already
    cadres = by_name(compute_year(tie_year()))
    assert grade_text(cadres["h1"]) == "待定"
    assert any("一等奖并列" in note for note in cadre_notes(cadres["h1"]))
    people = [(replace(c, not_assessed="不定等次", not_assessed_reason="借调"), t) for c, t in pool("n", [80])]
    lone = compute_year(cadres_year(people)).cadres[0]
    assert grade_text(lone) == "不定等次" and "不定等次：借调" in cadre_notes(lone)


def test_an_incomplete_unit_under_60_is_not_called_failed_nor_refused_its_award() -> None:
    """科室办法四（一）4 考核评分低于 60 分…评定为不合格等次 and 四（二）突出业绩奖 for 合格（含合格）以上 — but G3-4 still
    misses its ballots, so its 55 is only what is keyed so far (the ballots add up to 30 more): it has no grade, and
    nothing about it may read as final. Its explanation and the year's warnings said 不合格 / 未授予 all the same."""
    from app.scoring.explain import explain_year

    data = units_year({3: [95, 90, 85, 55]}, incomplete=["G3-4"], special_awards={"G3-4": "突出业绩奖"})
    result = compute_year(data)
    unit = by_name(result)["G3-4"]
    assert (unit.grade, unit.prize, unit.special_award, unit.provisional) == (None, None, False, True)
    lines = [line.text for line in explain_year(data, result).units["G3-4"].lines]
    assert not any("不合格" in text or "未授予" in text for text in lines), lines
    assert any("待录齐后评定" in text for text in lines)
    assert not any("不合格" in str(w) for w in result.warnings), result.warnings


def test_a_cadre_without_a_grade_yet_is_not_refused_his_special_award() -> None:
    """干部办法五：年度考核评定为称职及以上等次…设 1—2 名突出贡献奖. c1 has his vote (不称职, 55) but no 领导评价 yet:
    55 so far, and the rating adds up to 30 — his grade is open, so is the award, not “未评为称职及以上等次，未授予”."""
    from app.scoring.explain import explain_year

    data = cadres_year(pool("c", [65, 80, 75]), cadre_special_awards={"c1": "突出贡献奖"})
    data = replace(data, leader_ratings=tuple(r for r in data.leader_ratings if r.cadre != "c1"))
    result = compute_year(data)
    cadre = by_name(result)["c1"]
    assert (cadre.incomplete, cadre.grade, cadre.special_award) == (True, None, False)
    lines = [line.text for line in explain_year(data, result).cadres["c1"].lines]
    assert not any("未评为" in text or "未授予" in text for text in lines), lines
    assert not any("未授予" in str(w) for w in result.warnings), result.warnings
