"""Properties the spec's rules imply for any input (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from app.scoring import compute_year
from app.scoring.adjustments import capped_adjustments_by_entity
from app.scoring.cadres import democratic_score, pool_quota
from app.scoring.inputs import MARKS, Adjustment, MarkCounts, Unit
from tests.helpers.builders import (
    CADRE_ADJUSTMENT_RULES,
    CADRE_RULES,
    SEED_GROUPS,
    UNIT_RULES,
    D,
    ballot,
    base_year,
    cadres_year,
    democratic_ballots,
    person,
    unit_name,
    units_year,
)

FAST = settings(max_examples=100, deadline=None)
ENTITIES = ("甲", "乙", "丙")


def cents(low: int, high: int) -> st.SearchStrategy[Decimal]:
    """Decimals low…high in steps of 0.01."""
    return st.integers(low * 100, high * 100).map(lambda n: D(n) / 100)


@st.composite
def adjustment_events(draw, rules):
    category = draw(st.sampled_from(sorted(rules.categories)))
    targets = tuple(draw(st.lists(st.sampled_from(ENTITIES), min_size=1, max_size=3, unique=True)))
    shares = None
    if len(targets) == 2 and draw(st.booleans()):
        first = D(draw(st.integers(1, 9))) / 10
        shares = (first, 1 - first)
    return Adjustment(
        targets=targets,
        kind=rules.categories[category].kind,
        category=category,
        points=draw(cents(0, 10)),
        matter=draw(st.sampled_from([None, "甲事项", "乙事项", "丙事项"])),
        shares=shares,
    )


def check_caps(events, rules):
    for entity, capped in capped_adjustments_by_entity(tuple(events), rules).items():
        assert entity in ENTITIES
        assert D(0) <= capped.bonus <= rules.bonus_cap
        assert D(0) <= capped.deduction <= rules.deduction_cap
        for category_id, amount in capped.by_category.items():
            cap = rules.categories[category_id].cap
            assert amount >= 0
            assert cap is None or amount <= cap
        by_kind = {"bonus": D(0), "deduction": D(0)}
        for category_id, amount in capped.by_category.items():
            by_kind[rules.categories[category_id].kind] += amount
        # The total cap only ever lowers the categories' sum (up to the rounding of each category to cents).
        slack = D("0.005") * (len(capped.by_category) + 1)
        assert capped.bonus <= by_kind["bonus"] + slack
        assert capped.deduction <= by_kind["deduction"] + slack


@FAST
@given(st.lists(adjustment_events(UNIT_RULES), max_size=12))
def test_unit_adjustments_respect_every_cap(events):
    """同一事项不重复加分，取最大分值，加分最高不超过 10 分；…减分最高不超过 10 分 and each category's own cap:
    capped amounts are never negative, never above their category cap nor the total cap."""
    check_caps(events, UNIT_RULES)


@FAST
@given(st.lists(adjustment_events(CADRE_ADJUSTMENT_RULES), max_size=12))
def test_cadre_adjustments_respect_every_cap(events):
    """干部考核办法（三）加减分项目（加分、减分项目最高均不超过 5 分）."""
    check_caps(events, CADRE_ADJUSTMENT_RULES)


five_leader_scores = st.tuples(*[cents(0, 4)] * 5)


@FAST
@given(st.lists(five_leader_scores, min_size=1, max_size=8))
def test_leaders_average_lies_between_the_smallest_and_largest_ballot(rows):
    """附件 4 说明：每个科室的最后得分计分方法为取平均值 — a mean is never outside its values."""
    ballots = [ballot("leaders", n, {"甲科": row}) for n, row in enumerate(rows, 1)]
    data = base_year(units=(Unit("甲科", "甲科", 1),), unit_ballots=tuple(ballots))
    unit = compute_year(data).units[0]
    sums = [sum(row, D(0)) for row in rows]
    assert min(sums) <= unit.leaders <= max(sums)
    assert unit.leader_ballots == len(rows)


@FAST
@given(st.tuples(*[st.integers(0, 200)] * 4).filter(lambda t: sum(t) > 0))
def test_democratic_score_lies_between_55_and_70(counts):
    """民主测评分为优秀（70 分）、称职（65 分）、基本称职（60 分）、不称职（55 分）四个等次 — their mean."""
    score = democratic_score(MarkCounts(*counts), CADRE_RULES)
    assert D(55) <= score <= D(70)
    assert score == score.quantize(D("0.01"))


group_totals = st.lists(st.sampled_from([D(n) for n in (55, 59, 60, 70, 80, 85, 90)]) | cents(40, 100), max_size=9)


@FAST
@given(st.dictionaries(st.sampled_from([1, 2, 3]), group_totals, max_size=3), st.data())
def test_ranks_and_prizes_follow_the_groups(groups, data):
    """Spec: "equal totals sharing a rank (1, 2, 2, 4)" — rank = 1 + the number of the group's units with a higher
    total; and no group gives more than q1 一等奖 nor more than q1 + q2 prizes (每组…1 组 1 名，2 组 2 名 …)."""
    vetoes = {
        unit_name(g, i): "一票否决"
        for g, totals in groups.items()
        for i in range(1, len(totals) + 1)
        if data.draw(st.booleans())
    }
    result = compute_year(units_year(groups, vetoes=vetoes))
    for group, rule in SEED_GROUPS.items():
        members = [u for u in result.units if u.group == group]
        for unit in members:
            assert unit.rank == 1 + sum(1 for other in members if other.total > unit.total)
        prizes = [u.prize for u in members if u.prize]
        assert prizes.count("一等奖") <= rule.first_prize
        assert len(prizes) <= rule.first_prize + rule.second_prize
        for unit in members:
            if unit.veto or unit.total < 60:
                assert (unit.prize, unit.grade) == (None, "不合格")
            assert (unit.grade is None) == unit.tie


@st.composite
def cadre_pool(draw):
    size = draw(st.integers(1, 20))
    people = []
    for n in range(size):
        head = draw(st.booleans()) and draw(st.booleans())
        people.append(
            person(
                f"c{n}",
                draw(st.sampled_from([D(65), D(70), D(75), D(80)]) | cents(55, 100)),  # ties are frequent
                category=draw(st.sampled_from(["civil_servant", "institution"])),
                level=draw(st.sampled_from(["正科", "科员"])),
                unit="G2-1" if head else "",
                is_head=head,
                barred="严重失职" if draw(st.integers(0, 9)) == 0 else None,
            )
        )
    return people


@FAST
@given(cadre_pool())
def test_excellent_never_exceeds_the_quota_plus_first_prize_heads(people):
    """优秀等次人数比例一般控制在…15％以内 / 10％以内 … 被评为一等奖的科室（单位），其科室（单位）主要负责人个人年度
    考核为优秀等次 — a pool's 优秀 are at most its quota or, where more, its first-prize heads; never the barred."""
    result = compute_year(cadres_year(people, unit_groups={2: [90]}))
    cadres = {c.id: (c, result_row) for (c, _), result_row in zip(people, result.cadres, strict=True)}
    for summary in result.pools:
        members = [(c, r) for c, r in cadres.values() if r.pool == summary.pool]
        category = members[0][0].category
        quota = pool_quota(CADRE_RULES.excellent_rates[category], len(members))
        heads = sum(1 for c, _ in members if c.is_head and not c.barred)
        excellent = sum(1 for _, r in members if r.grade == "优秀")
        assert summary.quota == quota
        assert excellent <= quota + heads
        assert excellent <= max(quota, heads)
        for cadre, row in members:
            if cadre.barred:
                assert row.grade != "优秀"
            if row.grade == "优秀" and not cadre.is_head:
                assert row.total >= 70


rating_rows = st.lists(
    st.tuples(st.sampled_from(["leaders", "heads"]), st.sets(st.sampled_from(["甲科", "乙科", "丙科"])), st.booleans()),
    min_size=1,
    max_size=8,
)


@FAST
@given(rating_rows, st.data())
def test_results_do_not_depend_on_the_order_of_ballots(rows, data):
    """Ballots are numbered papers; an average or a tally does not depend on the order they are keyed in."""
    ballots = []
    for serial, (form, rated, void) in enumerate(rows, 1):
        high = 4 if form == "leaders" else 2
        scores = {unit: data.draw(st.tuples(*[cents(0, high)] * 5)) for unit in sorted(rated)}
        ballots.append(ballot(form, serial, scores, void="废票" if void else None))
    marks = data.draw(
        st.lists(st.dictionaries(st.sampled_from(["c1", "c2", "c3"]), st.sampled_from(MARKS)), max_size=8)
    )
    people = [person("c1", 80), person("c2", 70), person("c3", 60)]
    year = cadres_year(people, democratic_tallies={}, democratic_ballots=democratic_ballots(marks))
    year = replace(
        year,
        units=tuple(Unit(name, name, 1) for name in ("甲科", "乙科", "丙科")),
        unit_ballots=tuple(ballots),
    )
    shuffled = replace(
        year,
        unit_ballots=tuple(data.draw(st.permutations(year.unit_ballots))),
        democratic_ballots=tuple(data.draw(st.permutations(year.democratic_ballots))),
    )
    assert compute_year(shuffled) == compute_year(year)


def prize_for_place(group: int, place: int) -> str | None:
    rule = SEED_GROUPS[group]
    if place <= rule.first_prize:
        return "一等奖"
    if place <= rule.first_prize + rule.second_prize:
        return "二等奖"
    return None


@FAST
@given(st.dictionaries(st.sampled_from([1, 2, 3]), group_totals, max_size=3), st.data())
def test_prizes_and_grades_match_the_places_rule(groups, data):
    """Spec §4, restated: the eligible units (no veto, total ≥ 60) take places 1, 2, 3 …; place ≤ q1 → 一等奖
    (优秀), ≤ q1 + q2 → 二等奖 (良好); tied units take consecutive places and, where those lead to different
    outcomes, get prize null, grade null, tie true; every other unit ≥ 60 without veto 合格, otherwise 不合格."""
    vetoes = {
        unit_name(g, i): "一票否决"
        for g, totals in groups.items()
        for i in range(1, len(totals) + 1)
        if data.draw(st.integers(0, 4)) == 0
    }
    result = compute_year(units_year(groups, vetoes=vetoes))
    for unit in result.units:
        eligible = [u for u in result.units if u.group == unit.group and not u.veto and u.total >= 60]
        if unit not in eligible:
            assert (unit.prize, unit.grade, unit.tie) == (None, "不合格", False)
            continue
        higher = sum(1 for u in eligible if u.total > unit.total)
        equal = sum(1 for u in eligible if u.total == unit.total)
        outcomes = {prize_for_place(unit.group, p) for p in range(higher + 1, higher + equal + 1)}
        if len(outcomes) > 1:
            assert (unit.prize, unit.grade, unit.tie) == (None, None, True)
        else:
            prize = outcomes.pop()
            grade = {"一等奖": "优秀", "二等奖": "良好", None: "合格"}[prize]
            assert (unit.prize, unit.grade, unit.tie) == (prize, grade, False)


@FAST
@given(cadre_pool(), st.lists(st.sampled_from([D(90), D(85)]), min_size=1, max_size=3))
def test_cadre_grades_match_the_pool_rule(people, unit_totals):
    """Spec §5, restated: heads of 一等奖 units (not barred) are 优秀; the quota's remaining places go to the others
    by total, skipping barred people and anyone under 70, a boundary tie giving grade null; the rest ≥ 70 称职,
    60 ≤ total < 70 基本称职, < 60 不称职."""
    data = cadres_year(people, unit_groups={2: unit_totals})
    result = compute_year(data)
    first_prize = {u.name for u in result.units if u.prize == "一等奖"}
    rows = {r.id: r for r in result.cadres}
    decided_grades = every_decision(data, result)
    for summary in result.pools:
        members = [c for c, _ in people if rows[c.id].pool == summary.pool]
        if any(rows[c.id].basis == "pending" for c in members):
            # The pool hangs on a unit's undecided 一等奖 tie (一等奖科室主要负责人为优秀). Checked against every way
            # the committee can decide it: a cadre shown without a grade is such a head or has two different
            # grades among the decisions; everyone else has the grade all the decisions give.
            for cadre in members:
                row, possible = rows[cadre.id], {grades[cadre.id] for grades in decided_grades}
                if row.basis == "pending":
                    assert row.grade is None and row.provisional
                    assert len(possible) > 1 or (cadre.is_head and cadre.unit in tied_units(result))
                else:
                    assert possible == {row.grade} or row.tie
            continue
        heads = {c.id for c in members if c.is_head and c.unit in first_prize and not c.barred}
        remaining = max(0, summary.quota - len(heads))
        candidates = [c.id for c in members if c.id not in heads and not c.barred and rows[c.id].total >= 70]
        for cadre in members:
            row = rows[cadre.id]
            if cadre.id in heads:
                assert (row.grade, row.tie) == ("优秀", False)
                continue
            if cadre.id in candidates:
                higher = sum(1 for o in candidates if rows[o].total > row.total)
                equal = sum(1 for o in candidates if rows[o].total == row.total)
                outcomes = {p <= remaining for p in range(higher + 1, higher + equal + 1)}
                if outcomes == {True, False}:
                    assert (row.grade, row.tie) == (None, True)
                    continue
                if outcomes == {True}:
                    assert (row.grade, row.tie) == ("优秀", False)
                    continue
            expected = "称职" if row.total >= 70 else "基本称职" if row.total >= 60 else "不称职"
            assert (row.grade, row.tie) == (expected, False)


def tied_units(result) -> set[str]:
    return {m for group in result.ties if group.kind == "unit" for m in group.members}


def every_decision(data, result) -> list[dict[str, str | None]]:
    """The cadres' grades under every way the committee can decide the units' ties (each tie's places dealt out
    to its members in every order)."""
    from itertools import permutations, product

    ties = [group for group in result.ties if group.kind == "unit"]
    choices = [
        [dict(zip(group.members, order, strict=True)) for order in set(permutations(group.places))] for group in ties
    ]
    outcomes = []
    for combo in product(*choices):
        decisions = {("unit", unit): outcome for choice in combo for unit, outcome in choice.items()}
        decided = compute_year(replace(data, decisions=decisions))
        outcomes.append({c.id: c.grade for c in decided.cadres})
    return outcomes


@FAST
@given(st.dictionaries(st.sampled_from([1, 2, 3]), group_totals, max_size=3), st.data())
def test_vetoed_or_failed_units_never_win_anything(groups, data):
    """一票否决 “取消当年评先评优资格”; 不合格 (低于 60 分或被一票否决) and 突出业绩奖 needs “评定等次在合格等次
    （含合格）以上”: such a unit has no prize, no 突出业绩奖 and grade 不合格; the prizes never exceed the quotas
    and every prized unit outranks (or ties) every eligible unit without a prize."""
    names = [unit_name(g, i) for g, totals in groups.items() for i in range(1, len(totals) + 1)]
    vetoes = {name: "一票否决" for name in names if data.draw(st.integers(0, 3)) == 0}
    awards = {name: "突出业绩奖" for name in names if data.draw(st.integers(0, 3)) == 0}
    result = compute_year(units_year(groups, vetoes=vetoes, special_awards=awards))
    for unit in result.units:
        if unit.veto or unit.total < 60:
            assert (unit.prize, unit.special_award, unit.grade, unit.tie) == (None, False, "不合格", False)
        else:
            assert unit.special_award == (unit.name in awards)
    for group, rule in SEED_GROUPS.items():
        members = [u for u in result.units if u.group == group]
        assert sum(u.prize == "一等奖" for u in members) <= rule.first_prize
        assert sum(u.prize == "二等奖" for u in members) <= rule.second_prize
        prized = [u.total for u in members if u.prize]
        unprized = [u.total for u in members if not u.prize and not u.tie and u.grade == "合格"]
        if prized and unprized:
            assert min(prized) > max(unprized)
    withheld = {w.subject for w in result.warnings if w.scope == "unit"}
    assert withheld == {u.name for u in result.units if u.name in awards and not u.special_award}


item_score_values = st.integers(0, 25_000).map(lambda n: D(n) / 1000)  # keyed to 3 decimals


@FAST
@given(
    st.lists(item_score_values, min_size=2, max_size=2),
    st.lists(five_leader_scores, max_size=4),
    st.lists(adjustment_events(UNIT_RULES), max_size=6),
)
def test_unit_total_is_the_sum_of_its_reported_parts(scores, rows, events):
    """Spec §3: “Unit total = common + business + leaders + heads + bonus − deduction. Totals carry 2 decimals” —
    the total is exactly the sum of the parts as reported, whatever decimals the scores were keyed with."""
    from app.scoring.inputs import Item

    items = (Item("c", None, "common", "共性", D(25)), Item("b", "甲", "business", "业务", D(45)))
    data = base_year(
        units=tuple(Unit(name, name, 1) for name in ENTITIES),
        items=items,
        item_scores={("甲", "c"): scores[0], ("甲", "b"): scores[1], ("乙", "c"): scores[1]},
        unit_ballots=tuple(ballot("leaders", n, {"甲": row, "乙": row}) for n, row in enumerate(rows, 1)),
        unit_adjustments=tuple(events),
    )
    for unit in compute_year(data).units:
        parts = (unit.common, unit.business, unit.leaders, unit.heads, unit.bonus, unit.deduction)
        assert all(p == p.quantize(D("0.01")) for p in parts)
        assert unit.total == unit.common + unit.business + unit.leaders + unit.heads + unit.bonus - unit.deduction


@FAST
@given(st.lists(adjustment_events(UNIT_RULES), min_size=1, max_size=8), st.data())
def test_a_smaller_event_on_the_same_matter_changes_nothing(events, data):
    """“同一事项不重复加分，取最大分值”“同一事项，不累计扣分，取最大分值”: repeating an event of a matter with the
    same or fewer points (same units, same split) never changes any unit's bonus or deduction."""
    original = data.draw(st.sampled_from([e for e in events]))
    if not original.matter:
        original = replace(original, matter="甲事项")
        events = [*events, original]
    smaller = replace(original, points=original.points * D(data.draw(st.integers(0, 10))) / 10)
    before = capped_adjustments_by_entity(tuple(events), UNIT_RULES)
    after = capped_adjustments_by_entity((*events, smaller), UNIT_RULES)
    assert {k: (v.bonus, v.deduction) for k, v in before.items()} == {
        k: (v.bonus, v.deduction) for k, v in after.items()
    }
