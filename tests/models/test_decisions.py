"""党委审定 of ties (spec "How the numbers are computed" §4–5; seed: 提出获奖科室和突出贡献奖名单，报委党委审定)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace

import pytest

from app.models.committee import set_decision
from app.models.db import open_database
from app.models.decisions import clear_decision, decision_map, read_decisions
from app.models.errors import AppraisalError, LockedYearError, ValidationError
from app.models.loader import load_year_input
from app.models.results_json import results_object
from app.scoring import compute_year
from app.scoring.cadres import compute_cadres
from tests.helpers.added_keys import without_added_keys
from tests.helpers.builders import by_name, cadres_year, person, pool, unit_name, units_year
from tests.helpers.decision_fixtures import tied_demo

# "Tied units take consecutive places; where those places would lead to different outcomes, the tied units get
# prize null, grade null and tie true, and the choice is left to the committee."


def test_decided_units_take_the_decided_prize_and_grade() -> None:
    # Group 1: q1 = 1, q2 = 2. Two units tie for place 1–2 (一等奖 / 二等奖).
    data = units_year({1: [90, 90, 80, 70]})
    open_result = by_name(compute_year(data))
    assert open_result[unit_name(1, 1)].prize is None and open_result[unit_name(1, 1)].tie
    decided = compute_year(
        replace(data, decisions={("unit", unit_name(1, 1)): "二等奖", ("unit", unit_name(1, 2)): "一等奖"})
    )
    units = by_name(decided)
    assert (units[unit_name(1, 1)].prize, units[unit_name(1, 1)].grade) == ("二等奖", "良好")
    assert (units[unit_name(1, 2)].prize, units[unit_name(1, 2)].grade) == ("一等奖", "优秀")
    assert units[unit_name(1, 1)].tie and units[unit_name(1, 1)].decided
    assert units[unit_name(1, 3)].prize == "二等奖" and not units[unit_name(1, 3)].decided
    assert not decided.warnings


def test_a_partly_decided_tie_stays_open_for_the_rest() -> None:
    # Places 2–4 tie across the 二等奖/nothing line (q1 + q2 = 3): two 二等奖 places, one without a prize.
    data = units_year({1: [95, 80, 80, 80, 60]})
    result = compute_year(replace(data, decisions={("unit", unit_name(1, 2)): "无"}))
    units = by_name(result)
    assert (units[unit_name(1, 2)].prize, units[unit_name(1, 2)].grade) == (None, "合格")
    for other in (unit_name(1, 3), unit_name(1, 4)):
        assert units[other].prize is None and units[other].grade is None and not units[other].decided


def test_decisions_giving_more_prizes_than_places_are_not_applied() -> None:
    data = units_year({1: [90, 90, 80]})
    result = compute_year(
        replace(data, decisions={("unit", unit_name(1, 1)): "一等奖", ("unit", unit_name(1, 2)): "一等奖"})
    )
    units = by_name(result)
    assert units[unit_name(1, 1)].prize is None and not units[unit_name(1, 1)].decided
    assert any("党委审定未采用" in str(w) for w in result.warnings)


def test_a_decision_for_a_tie_that_no_longer_exists_is_not_applied() -> None:
    data = units_year({1: [91, 90, 80]}, decisions={("unit", unit_name(1, 2)): "一等奖"})
    result = compute_year(data)
    units = by_name(result)
    assert (units[unit_name(1, 1)].prize, units[unit_name(1, 2)].prize) == ("一等奖", "二等奖")
    assert any("现已不在并列名次中" in str(w) for w in result.warnings)


def test_heads_rule_follows_a_decided_first_prize() -> None:
    # 被评为一等奖的科室（单位），其主要负责人个人年度考核为优秀等次.
    head = person("h", 71, unit=unit_name(1, 2), is_head=True)
    people = [head, *pool("p", [99, 98, 97, 96, 95, 94], unit="x")]  # quota floor(0.15 × 7) = 1
    data = cadres_year(people, unit_groups={1: [90, 90, 80]})
    # Before the committee decides, his grade waits for it (issue 12: nothing shown as final that can change).
    undecided = by_name(compute_year(data))["h"]
    assert (undecided.grade, undecided.provisional) == (None, True)
    decided = compute_year(
        replace(data, decisions={("unit", unit_name(1, 2)): "一等奖", ("unit", unit_name(1, 1)): "二等奖"})
    )
    assert by_name(decided)["h"].grade == "优秀"


def test_decided_cadres_at_the_quota_line() -> None:
    # "A tie at the boundary is handled as for units (grade null, tie true)": quota floor(0.15 × 7) = 1.
    data = cadres_year(pool("p", [90, 90, 80, 80, 75, 75, 72]))
    assert by_name(compute_year(data))["p1"].grade is None
    result = compute_year(replace(data, decisions={("cadre", "p1"): "称职", ("cadre", "p2"): "优秀"}))
    cadres = by_name(result)
    assert (cadres["p1"].grade, cadres["p2"].grade) == ("称职", "优秀")
    assert cadres["p1"].tie and cadres["p1"].decided
    refused = compute_year(replace(data, decisions={("cadre", "p1"): "优秀", ("cadre", "p2"): "优秀"}))
    assert by_name(refused)["p1"].grade is None


# With no decisions the results object is byte-identical to the program before 党委审定 (hashes taken from it),
# once the keys issue 12 added are taken out and, in the tied year, the grades issue 12 leaves open are put back
# as the program before it gave them.
BEFORE = {
    "demo": "26010ffcdf940596247fda210541cb6053f6c1c738ea9b2a857c975337d0646b",
    "tied": "7ccaac83c84f1cf6bca4351cd64b9c95f1d736c458e0a7d85d9c6ef26abc477a",
}


def digest(db) -> str:
    payload = results_object(db, 2017, with_flags=True)
    old_grades = grades_before_issue_12(db)
    for cadre in payload["cadres"]:
        if cadre["grade"] is None and not cadre["tie"]:
            # Issue 12: the head of a unit whose 一等奖 tie is undecided, and whoever's 优秀 place hangs on it,
            # wait for the committee. Before, the pool was graded as if the tied units had no 一等奖.
            assert cadre["provisional"], cadre
            cadre["grade"] = old_grades[cadre["id"]]
    text = json.dumps(without_added_keys(payload), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def grades_before_issue_12(db) -> dict[str, str | None]:
    """The cadres' grades with only the settled 一等奖 units' heads first, as the engine graded before issue 12."""
    data = load_year_input(db, 2017)
    first_prize = {u.name for u in compute_year(data).units if u.prize == "一等奖"}
    return {c.id: c.grade for c in compute_cadres(data, first_prize).results}


@pytest.fixture
def tied(demo_path):
    with open_database(demo_path) as db:
        assert digest(db) == BEFORE["demo"]
        subjects = tied_demo(db, 2017)
        yield db, subjects


def test_no_decisions_results_as_before(tied) -> None:
    db, _ = tied
    assert digest(db) == BEFORE["tied"]


def test_model_records_and_clears_a_decision(tied) -> None:
    db, subjects = tied
    upper, lower = subjects["units"]
    with db.atomic("党委会议审定", "test") as conn:
        set_decision(db, conn, 2017, "unit", lower, "一等奖", "委党委会议纪要〔2017〕5号")
    assert decision_map(db, 2017) == {("unit", lower): "一等奖"}
    payload = results_object(db, 2017)
    rows = {u["name"]: u for u in payload["units"]}
    assert rows[lower]["prize"] == "一等奖" and rows[lower]["tie"] is True
    assert rows[upper]["prize"] is None  # the rest of the tie stays open
    audit = db.query("SELECT reason FROM audit_log WHERE tbl = 'committee_decisions'")
    assert [r["reason"] for r in audit] == ["党委会议审定"]
    with db.atomic("撤销", "test") as conn:
        clear_decision(conn, 2017, "unit", lower)
    assert read_decisions(db, 2017) == []
    assert digest(db) == BEFORE["tied"]


@pytest.mark.parametrize(
    ("kind", "subject_key", "outcome", "reason", "message"),
    [
        ("unit", "untied", "一等奖", "理由", "不在需党委审定的并列名次中"),
        ("unit", "units", "突出贡献", "理由", "审定结果“突出贡献”无效"),
        ("unit", "units", "一等奖", "  ", "请填写审定理由"),
        ("cadre", "cadres", "基本称职", "理由", "审定结果“基本称职”无效"),
        ("unit", "units", "无", "理由", "只能审定为一等奖或二等奖"),
    ],
)
def test_model_refuses_bad_decisions(tied, kind, subject_key, outcome, reason, message) -> None:
    db, subjects = tied
    subject = "办公室" if subject_key == "untied" else subjects[subject_key][0]
    with pytest.raises(ValidationError, match=message), db.atomic("审定", "test") as conn:
        set_decision(db, conn, 2017, kind, subject, outcome, reason)
    assert read_decisions(db, 2017) == []


def test_model_refuses_more_prizes_than_the_tie_has_places(tied) -> None:
    db, subjects = tied
    upper, lower = subjects["units"]
    with db.atomic("审定", "test") as conn:
        set_decision(db, conn, 2017, "unit", upper, "一等奖", "纪要")
    with pytest.raises(ValidationError, match="只占1个一等奖名次"), db.atomic("审定", "test") as conn:
        set_decision(db, conn, 2017, "unit", lower, "一等奖", "纪要")
    assert decision_map(db, 2017) == {("unit", upper): "一等奖"}
    upper_c, lower_c = subjects["cadres"]
    with db.atomic("审定", "test") as conn:
        set_decision(db, conn, 2017, "cadre", lower_c, "优秀", "纪要")
    with pytest.raises(ValidationError, match="只占1个优秀名次"), db.atomic("审定", "test") as conn:
        set_decision(db, conn, 2017, "cadre", upper_c, "优秀", "纪要")
    grades = {c["id"]: c["grade"] for c in results_object(db, 2017)["cadres"]}
    assert (grades[lower_c], grades[upper_c]) == ("优秀", None)


def test_locked_year_refuses_a_decision(tied) -> None:
    db, subjects = tied
    with db.atomic("审定锁定", "test") as conn:
        conn.execute(
            "UPDATE years SET locked_at = '2018-01-10', locked_by = '测试', lock_reason = '审定' WHERE year = 2017"
        )
    with pytest.raises((LockedYearError, AppraisalError)), db.atomic("审定", "test") as conn:
        set_decision(db, conn, 2017, "unit", subjects["units"][0], "一等奖", "纪要")
    assert read_decisions(db, 2017) == []
