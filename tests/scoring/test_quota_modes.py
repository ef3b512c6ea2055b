"""优秀 quotas as the 人事科 rules them (issue 12, §2).

干部办法五（一）：公务员年度考核优秀等次人数比例一般控制在本单位参与年度考核总人数的 15％以内…最终优秀等次比例以市人社局
审核通过为准。不同职务层次优秀名额不得相互挤占，按比例进行评选。
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from app.scoring import compute_year
from app.scoring.inputs import QuotaOverride
from app.scoring.quotas import PER_POOL, PROPORTIONAL, pool_quotas
from tests.helpers.builders import CADRE_RULES, D, cadres_year, pool

RATES = {"civil_servant": D("0.15"), "institution": D("0.10")}


def levels_8_6_7():
    """公务员 in three levels of 8, 6 and 7 people (21 in all), every total distinct and ≥ 70."""
    return [
        *pool("z", [99, 98, 97, 96, 95, 94, 93, 92], level="正科"),
        *pool("f", [91, 90, 89, 88, 87, 86], level="副科"),
        *pool("k", [85, 84, 83, 82, 81, 80, 79], level="科员"),
    ]


def quotas(result) -> dict[str, int]:
    return {p.pool.split("/")[1]: p.quota for p in result.pools}


def test_per_pool_mode_leaves_the_six_person_level_without_a_place() -> None:
    """per_pool (today's reading, the default): 15% × 8 = 1.2 → 1, 15% × 6 = 0.9 → 0, 15% × 7 = 1.05 → 1: two
    places, although 15% of the 21 people is 3.15."""
    result = compute_year(cadres_year(levels_8_6_7()))
    assert quotas(result) == {"正科": 1, "副科": 0, "科员": 1}
    assert [c.id for c in result.cadres if c.grade == "优秀"] == ["z1", "k1"]


def test_proportional_mode_shares_the_categorys_places_by_largest_remainder() -> None:
    """proportional: floor(15% × 21) = 3 places, shared in proportion to the levels' sizes: 3 × 8/21 = 1.14,
    3 × 6/21 = 0.86, 3 × 7/21 = 1.00 → floors 1, 0, 1 leave one place, which goes to the largest remainder
    (0.86, the 副科) → 1, 1, 1. The levels still do not take each other's places (不得相互挤占)."""
    rules = replace(CADRE_RULES, quota_mode=PROPORTIONAL)
    result = compute_year(cadres_year(levels_8_6_7(), cadre_rules=rules))
    assert quotas(result) == {"正科": 1, "副科": 1, "科员": 1}
    assert [c.id for c in result.cadres if c.grade == "优秀"] == ["z1", "f1", "k1"]
    fu = next(p for p in result.pools if p.pool.endswith("副科")).computation
    assert (fu.category_base, fu.category_places, fu.remainder_place) == (21, 3, True)
    assert fu.exact.quantize(D("0.01")) == D("0.86")
    assert "最大余数" in fu.text()


def test_an_override_sets_one_pools_figure_with_its_reason() -> None:
    """最终优秀等次比例以市人社局审核通过为准: the 人社局 approved 2 places for the 正科 this year."""
    overrides = {"civil_servant/正科": QuotaOverride(2, "市人社局审核批复")}
    result = compute_year(cadres_year(levels_8_6_7(), quota_overrides=overrides))
    assert quotas(result) == {"正科": 2, "副科": 0, "科员": 1}
    assert [c.id for c in result.cadres if c.grade == "优秀"] == ["z1", "z2", "k1"]
    computation = result.pools[0].computation
    assert computation.computed == 1 and computation.quota == 2 and "市人社局审核批复" in computation.text()


def test_not_assessed_people_are_outside_the_base_in_both_modes() -> None:
    """干部办法七 (脱产培训、借调、试用期…): two 科员 marked 不定等次 leave 5 in the base: 15% × 5 = 0.75 → 0."""
    people = levels_8_6_7()
    people = [
        (replace(c, not_assessed="不定等次", not_assessed_reason="借调") if c.id in ("k6", "k7") else c, t)
        for c, t in people
    ]
    per_pool = compute_year(cadres_year(people))
    assert quotas(per_pool)["科员"] == 0
    proportional = compute_year(cadres_year(people, cadre_rules=replace(CADRE_RULES, quota_mode=PROPORTIONAL)))
    # 19 in the base: floor(2.85) = 2 places; 2 × 8/19 = 0.84, 2 × 6/19 = 0.63, 2 × 5/19 = 0.53 → 1, 1, 0.
    assert quotas(proportional) == {"正科": 1, "副科": 1, "科员": 0}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=1, max_size=5), st.sampled_from([D("0.15"), D("0.10")]))
def test_proportional_places_add_up_to_the_categorys_and_never_stray_from_the_share(sizes, rate) -> None:
    """Largest remainder: the levels' places add up to floor(rate × all); each level gets its exact share rounded
    down or up, never further off."""
    bases = {f"civil_servant/L{i}": ("civil_servant", n) for i, n in enumerate(sizes)}
    result = pool_quotas(bases, {"civil_servant": rate}, PROPORTIONAL)
    total = sum(sizes)
    places = int((rate * total) // 1)
    assert sum(c.quota for c in result.values()) == places
    for pool_id, computation in result.items():
        exact = Decimal(places) * bases[pool_id][1] / total if total else Decimal(0)
        assert exact - 1 < computation.quota <= exact + 1
        assert computation.quota in (int(exact // 1), int(exact // 1) + 1)


def test_per_pool_is_the_default() -> None:
    assert CADRE_RULES.quota_mode == PER_POOL
