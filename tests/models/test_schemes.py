"""The built-in scheme jxw-2017 transcribes seed 000 completely."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from app.models.schemes import Scheme, builtin_scheme_ids, load_builtin_scheme


@pytest.fixture(scope="module")
def scheme() -> Scheme:
    return Scheme(load_builtin_scheme("jxw-2017"))


def test_the_scheme_is_shipped_as_data():
    assert "jxw-2017" in builtin_scheme_ids()


def test_25_units_in_3_groups_as_the_seed_lists_them(scheme):
    """第一组（8 个）… 第二组（13 个）… 第三组（4 个）"""
    assert Counter(u.group for u in scheme.units) == {1: 8, 2: 13, 3: 4}
    by_group = {g: [u.name for u in scheme.units if u.group == g] for g in (1, 3)}
    assert set(by_group[3]) == {"能源监测站", "无线电监测站", "中小企业服务中心", "后勤服务中心"}
    assert "离退休人员管理服务科" in by_group[1]


def test_short_names_of_annexes_3_to_5_resolve_to_full_names(scheme):
    assert scheme.resolve_unit("运行监测协调科") == "运行协调监测科"
    assert scheme.resolve_unit("军工发展科") == "军工发展与军民结合推进科"
    assert scheme.resolve_unit("民爆科") == "民用爆炸物品管理与安全生产科"
    assert scheme.resolve_unit("新工化推进科") == "新型工业化推进科"
    assert scheme.resolve_unit("离退休人员管理") == "离退休人员管理服务科"
    assert scheme.resolve_unit("中小企业服务中") == "中小企业服务中心"


def test_each_units_business_items_sum_to_45_and_common_items_to_25(scheme):
    """定量考核方法（基础分 70 分，其中共性工作任务 25 分，业务工作任务 45 分）"""
    common = [i for i in scheme.items if i.unit is None]
    assert len(common) == 7 and sum(i.max for i in common) == 25
    for unit in scheme.units:
        business = [i for i in scheme.items if i.unit == unit.name]
        assert business, unit.name
        assert sum(i.max for i in business) == 45, unit.name


def test_common_sections_are_9_8_8(scheme):
    """党建工作 9 分、干部队伍建设工作 8 分、党风廉政建设工作 8 分"""
    sections = Counter()
    for row in scheme.body["common_items"]:
        sections[row["section"]] += Decimal(str(row["max"]))
    assert sections == {"党建工作": 9, "干部队伍建设工作": 8, "党风廉政建设工作": 8}


def test_items_carry_the_seeds_scoring_text_and_structured_rules(scheme):
    rows = scheme.item_rows()
    assert all(row["text"].strip() for row in rows)
    office_first = next(r for r in rows if r["id"] == "b01-01")
    assert office_first["title"] == "办文工作" and "每次扣0.2分" in office_first["text"].replace(" ", "")
    assert office_first["rules"][0]["points"] == 0.2
    branch_rules = [r for row in rows for r in row["rules"] if r["scope"] == "branch"]
    assert branch_rules, "支部所有科室扣… clauses apply to every unit of the branch"
    exceeding = {row["id"] for row in rows if row["may_exceed"]}
    assert exceeding and all(i.startswith("b04-") for i in exceeding), "only 投资规划科 items add points"


def test_rating_criteria_5_by_4_and_5_by_2(scheme):
    """附件 4 分值 4 4 4 4 4 小计 20；附件 5 分值 2 2 2 2 2 小计 10"""
    names = ("大局观念", "党建及干部队伍建设工作", "党风廉政建设工作", "业务工作", "重点工作")
    assert scheme.criteria("leaders").names == names and scheme.criteria("heads").names == names
    assert scheme.criteria("leaders").maxima == (4,) * 5 and scheme.criteria("heads").maxima == (2,) * 5


def test_prize_quotas_are_explicit(scheme):
    """其中： 1 组 1 名，2 组 2 名，3 组 1 名 … 1 组 2 名，2 组 3 名"""
    assert {g: (r.first_prize, r.second_prize) for g, r in scheme.groups.items()} == {1: (1, 2), 2: (2, 3), 3: (1, 0)}


def test_unit_adjustment_categories_and_caps(scheme):
    """加分最高不超过 10 分 … 减分最高不超过 10 分"""
    rules = scheme.unit_adjustment_rules
    assert (rules.bonus_cap, rules.deduction_cap) == (10, 10)
    caps = {c.id: c.cap for c in rules.categories.values()}
    assert caps == {
        "recognition": None,
        "media": 2,
        "honor_provincial": 4,
        "honor_city": 2,
        "central_task": 1,
        "criticized_city_office": 2,
        "criticized_city_dept": 4,
        "task_failed": 8,
        "ranked_bottom": None,
    }


def test_cadre_rules(scheme):
    """优秀（70 分）、称职（65 分）、基本称职（60 分）、不称职（55 分）；德能勤绩廉每项计 6 分；加减分最高均不超过 5 分"""
    rules = scheme.cadre_rules
    assert rules.mark_scores == {"优秀": 70, "称职": 65, "基本称职": 60, "不称职": 55}
    assert rules.excellent_rates == {"civil_servant": Decimal("0.15"), "institution": Decimal("0.10")}
    assert (rules.competent_min, rules.basic_min) == (70, 60)
    assert scheme.leader_rating_maxima == (6,) * 5
    cadre_adjustments = scheme.cadre_adjustment_rules
    assert (cadre_adjustments.bonus_cap, cadre_adjustments.deduction_cap) == (5, 5)
