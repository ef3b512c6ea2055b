"""An item's score from the 评分细则 of annexes 2 and 3 (app/scoring/items.py)."""

from __future__ import annotations

from app.scoring.items import ItemEvent, ItemRule, item_score
from tests.helpers.builders import D


def times(rule: ItemRule, count) -> ItemEvent:
    return ItemEvent(rule, D(count))


def test_deduction_per_occurrence():
    """附件 3 办公室 1、办文工作（3分）…出现重大差错或失误、造成重大影响的每次扣 0.2 分 — two times: 3 − 2 × 0.2."""
    rule = ItemRule("b01-01", "deduct", D("0.2"))
    assert item_score(D(3), [times(rule, 2)]) == D(3) - 2 * D("0.2")
    assert item_score(D(3), []) == D(3)


def test_events_of_one_rule_add_up():
    """每次扣 0.2 分 — three events of one and two times are five times."""
    rule = ItemRule("b01-01", "deduct", D("0.2"))
    assert item_score(D(3), [times(rule, 1), times(rule, 2), times(rule, 2)]) == D(3) - 5 * D("0.2")


def test_per_rule_cap():
    """附件 2 1、…记 1分…2、落实“三会一课”制度…记 1分。未落实的支部所有科室每项（次）扣 0.5 分 — one clause
    worth 1 point loses at most 1, however many times: 5 − min(3 × 0.5, 1)."""
    rule = ItemRule("common-01/2", "deduct", D("0.5"), cap=D(1))
    assert item_score(D(5), [times(rule, 3)]) == D(5) - min(3 * D("0.5"), D(1))


def test_two_clauses_with_equal_figures_keep_separate_caps():
    """附件 2 4、…无计划或记录不完整的支部所有科室扣 0.5 分，学时不够的支部所有科室扣 0.5 分 — two clauses of 0.5
    each, each capped on its own: 5 − 0.5 − 0.5."""
    plan = ItemRule("common-01/4a", "deduct", D("0.5"), cap=D("0.5"))
    hours = ItemRule("common-01/4b", "deduct", D("0.5"), cap=D("0.5"))
    assert item_score(D(5), [times(plan, 2), times(hours, 1)]) == D(5) - D("0.5") - D("0.5")


def test_deductions_stop_at_zero():
    """无线电监测站 6、无线电干扰查处工作（9 分）…因查处不及时或不及时查完，每次扣 1分，扣完为止 — 12 times → 0."""
    rule = ItemRule("b-monitor-06", "deduct", D(1))
    assert item_score(D(9), [times(rule, 12)]) == D(0)


def test_deductions_over_several_rules_stop_at_zero():
    """扣完为止 — several clauses together never take an item below 0."""
    a = ItemRule("a", "deduct", D(2))
    b = ItemRule("b", "deduct", D(3))
    assert item_score(D(4), [times(a, 1), times(b, 1)]) == D(0)


def test_fractional_count():
    """中小企业科 7、…年均增长 10%以上，每低 1个百分点扣 0.5 分 — 2.5 points below: 5 − 2.5 × 0.5 = 3.75."""
    rule = ItemRule("b-sme-07", "deduct", D("0.5"))
    assert item_score(D(5), [times(rule, "2.5")]) == D(5) - D("2.5") * D("0.5")


def test_additions_may_exceed_the_items_points_where_the_rule_adds():
    """投资规划科 2、项目争资（5分）…（每低于 100 万元扣 0.5 分，每多 100 万元加 0.5 分）— 300 万 more: 5 + 1.5;
    spec: "above `max` only where the seed's rule for that item adds points"."""
    more = ItemRule("b-plan-02+", "add", D("0.5"))
    assert item_score(D(5), [times(more, 3)], may_exceed=True) == D(5) + 3 * D("0.5")


def test_no_score_above_the_items_points_otherwise():
    """Spec: "0 ≤ score; above `max` only where the seed's rule for that item adds points … otherwise" — an
    addition on an item that may not exceed stops at its points."""
    more = ItemRule("x+", "add", D(1))
    assert item_score(D(5), [times(more, 2)], may_exceed=False) == D(5)


def test_additions_and_deductions_of_one_item_net():
    """投资规划科 3、省级企业技术中心（5分）。申报获批 2家…（每多（少）1家加（减）2分）— one more, then the growth
    rule 1 point lower: 5 + 2 − 1."""
    more = ItemRule("b-plan-03+", "add", D(2))
    less = ItemRule("b-plan-03-", "deduct", D(1))
    assert item_score(D(5), [times(more, 1), times(less, 1)], may_exceed=True) == D(5) + D(2) - D(1)


def test_capped_addition():
    """投资规划科 4、…申报获批国家级的再加 5分 — a one-off addition (cap 5) counts once."""
    national = ItemRule("b-plan-04-national", "add", D(5), cap=D(5))
    assert item_score(D(5), [times(national, 2)], may_exceed=True) == D(5) + D(5)


def test_item_score_is_rounded_to_two_decimals():
    """Spec: "Totals carry 2 decimals" — 5 − 3 × 0.125 = 4.625 → 4.63 (half-up)."""
    rule = ItemRule("r", "deduct", D("0.125"))
    assert item_score(D(5), [times(rule, 3)]) == D("4.63")
