"""Review: hypothesis invariants of the cadre engine, each from a clause of the seed's 干部考核办法.

三、（一）民主测评分为优秀（70 分）、称职（65 分）、基本称职（60 分）、不称职（55 分）…民主测评得分=民主测评所得总分/所得票数;
（二）领导评价（30 分）…德、能、勤、绩、廉五项，每项计 6 分; （三）加减分项目（加分、减分项目最高均不超过 5 分）;
五、（一）优秀等次…15％以内…10％以内…不同职务层次优秀名额不得相互挤占; 一等奖科室主要负责人为优秀等次 (spec: "even beyond
the quota (the program warns when they exceed it)").
"""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from app.scoring import compute_year
from app.scoring.inputs import MARKS, LeaderRating, MarkCounts
from tests.helpers.builders import CADRE_ADJUSTMENT_RULES, D, cadre_event, cadres_year, democratic_ballots, person

FAST = settings(max_examples=150, deadline=None)
IDS = ("c1", "c2", "c3", "c4")


def cents(low: int, high: int) -> st.SearchStrategy:
    return st.integers(low * 100, high * 100).map(lambda n: D(n) / 100)


ballot_marks = st.lists(st.dictionaries(st.sampled_from(IDS), st.sampled_from(MARKS)), max_size=12)
voids = st.sets(st.integers(1, 12), max_size=4)
ratings = st.lists(st.tuples(st.sampled_from(IDS), st.tuples(*[cents(0, 6)] * 5)), max_size=12)
adjustments = st.lists(
    st.tuples(
        st.sampled_from(IDS),
        st.sampled_from(sorted(CADRE_ADJUSTMENT_RULES.categories)),
        cents(0, 4),
        st.sampled_from(["甲事", "乙事", "丙事", None]),
    ),
    max_size=10,
)


def year_of(marks, void, rates, events, tallies=None):
    people = [person(cid, 80) for cid in IDS]
    ballots = democratic_ballots(marks, void={n: "废票" for n in void})
    leader_ratings = tuple(LeaderRating(n, cid, scores) for n, (cid, scores) in enumerate(rates, start=1))
    return cadres_year(
        people,
        democratic_ballots=() if tallies is not None else ballots,
        democratic_tallies=tallies or {},
        leader_ratings=leader_ratings,
        cadre_adjustments=tuple(cadre_event(cid, cat, pts, matter) for cid, cat, pts, matter in events),
    )


@FAST
@given(ballot_marks, voids, ratings, adjustments)
def test_every_component_stays_within_the_seed_bounds(marks, void, rates, events) -> None:
    """民主测评 ∈ [55, 70] once a valid mark is counted (else 0 and incomplete); 领导评价 ∈ [0, 30]; 加分, 减分 ∈ [0, 5];
    total = 民主测评 + 领导评价 + 加分 − 减分 (个人年度考核总分＝民主测评得分＋领导评价计分＋加减分), two decimals."""
    result = compute_year(year_of(marks, void, rates, events))
    for cadre in result.cadres:
        if cadre.votes:
            assert D(55) <= cadre.democratic <= D(70)
        else:
            assert cadre.democratic == 0 and cadre.incomplete
        assert D(0) <= cadre.leaders <= D(30)
        assert D(0) <= cadre.bonus <= D(5) and D(0) <= cadre.deduction <= D(5)
        assert cadre.total == cadre.democratic + cadre.leaders + cadre.bonus - cadre.deduction
        assert cadre.total == cadre.total.quantize(D("0.01"))
        if cadre.votes and cadre.raters:
            assert D(50) <= cadre.total <= D(105) and not cadre.incomplete


@FAST
@given(ballot_marks, voids)
def test_hand_tallies_of_the_valid_ballots_give_the_same_scores(marks, void) -> None:
    """Spec: `democratic_tallies` are "the same as counts"; void ballots are "left out of every average" — counting
    the valid ballots' marks by hand and keying the counts gives the same 民主测评 and the same grades."""
    counts: dict[str, Counter] = {cid: Counter() for cid in IDS}
    for serial, ballot in enumerate(marks, start=1):
        if serial in void:
            continue
        for cid, mark in ballot.items():
            counts[cid][mark] += 1
    tallies = {cid: MarkCounts(*(c[m] for m in MARKS)) for cid, c in counts.items() if c}
    by_ballots = compute_year(year_of(marks, void, [], []))
    by_tallies = compute_year(year_of(marks, void, [], [], tallies=tallies or {"c1": MarkCounts()}))
    assert [(c.democratic, c.votes, c.grade) for c in by_ballots.cadres] == [
        (c.democratic, c.votes, c.grade) for c in by_tallies.cadres
    ]


@st.composite
def pools(draw):
    people = []
    for n in range(draw(st.integers(1, 25))):
        head = draw(st.integers(0, 3)) == 0
        people.append(
            person(
                f"p{n}",
                draw(st.sampled_from([D(70), D(75), D(90)]) | cents(55, 100)),
                category=draw(st.sampled_from(["civil_servant", "institution"])),
                level=draw(st.sampled_from(["正科", "副科"])),
                unit=draw(st.sampled_from(["G2-1", "G2-2", "G2-3"])) if head else "",
                is_head=head,
                barred="严重失职" if draw(st.integers(0, 7)) == 0 else None,
            )
        )
    return people


@FAST
@given(pools(), st.lists(st.sampled_from([D(95), D(90), D(80)]), min_size=3, max_size=3))
def test_excellent_exceeds_a_quota_only_by_first_prize_heads_and_always_with_a_warning(people, unit_totals) -> None:
    """优秀等次人数比例一般控制在…以内: a pool's 优秀 never exceed floor(rate × size) except by the heads of 一等奖
    units, and then the program warns (spec: "even beyond the quota (the program warns when they exceed it)");
    the pool summary's counts are the people's; the barred are never 优秀; 不同职务层次优秀名额不得相互挤占."""
    result = compute_year(cadres_year(people, unit_groups={2: unit_totals}))
    warned = {w.subject for w in result.warnings if w.scope == "pool" and "超出优秀名额" in w.text}
    first_prize = {u.name for u in result.units if u.prize == "一等奖"}
    cadres = {c.id: c for c, _ in people}
    for summary in result.pools:
        members = [c for c in result.cadres if c.pool == summary.pool]
        excellent = [c for c in members if c.grade == "优秀"]
        rate = D("0.15") if summary.pool.startswith("civil_servant/") else D("0.10")
        assert summary.size == len(members)
        assert summary.quota == int(rate * len(members))  # floor: 15％以内 / 10％以内
        assert summary.excellent == len(excellent)
        assert summary.heads_beyond_quota == max(0, len(excellent) - summary.quota)
        assert (len(excellent) > summary.quota) == (summary.pool in warned)
        if len(excellent) > summary.quota:
            assert all(cadres[c.id].is_head and cadres[c.id].unit in first_prize for c in excellent)
        for cadre in members:
            assert not (cadres[cadre.id].barred and cadre.grade == "优秀")
            # No grade: a tie at the quota line, or (its unit's 一等奖 tie undecided) waiting for the committee.
            assert (cadre.grade is None) == (cadre.tie or cadre.basis == "pending")
            assert cadre.provisional == (cadre.grade is None)
