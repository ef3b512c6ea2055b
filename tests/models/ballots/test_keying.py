"""app.models.ballots without Qt: values as typed, serials, refusals, verification, reconciliation,
and a batch keyed on another PC merged as the second keying (year file, pass 2)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from app.models.ballots.forms import (
    LEADER_RATINGS,
    KeyingError,
    parse_score,
    rating_layout,
    score_complete,
    score_prefix_ok,
)
from app.models.ballots.keying import (
    check_rating_scores,
    commit_democratic_ballot,
    commit_leader_sheet,
    commit_rating_ballot,
    commit_tallies,
    last_rating_form,
    leader_sheet_verified,
    next_serial,
    next_unverified_serial,
    read_ballot,
    read_leader_ratings,
    serials,
    set_void,
    verified_raters,
)
from app.models.ballots.reconciliation import form_counts, set_ballot_counts
from app.models.ballots.verification import (
    Finding,
    commit_dependent_verification,
    compare_passes,
    open_findings,
    resolve_finding,
)
from app.models.db import Database
from app.models.errors import ValidationError
from app.models.status import keying_counts
from app.models.store import insert_rating_ballot, year_scheme
from app.models.yearfile.export import export_year
from app.models.yearfile.writing import import_second_pass
from tests.helpers.keying_helpers import YEAR

D = Decimal
FOUR = D(4)


@pytest.mark.parametrize(
    ("text", "ok", "complete"),
    [
        ("", True, False),
        ("3", True, False),
        ("4", True, True),
        ("3.", True, False),
        ("3.5", True, True),
        ("0", True, False),
        ("5", False, False),
        ("4.5", False, False),
        ("3.55", False, False),
        ("1.2.", False, False),
    ],
)
def test_values_as_typed_against_the_annex_4_maximum(text: str, ok: bool, complete: bool) -> None:
    """Annex 4: “分值 4” per criterion."""
    assert score_prefix_ok(text, FOUR) is ok
    if ok:
        assert score_complete(text, FOUR) is complete


def test_parse_score_refuses_with_the_place_named() -> None:
    assert parse_score("3.5", FOUR, "x") == D("3.5")
    for text, message in (("abc", "不是分数"), ("-1", "不能为负"), ("4.5", "超过该项满分 4"), ("NaN", "不是分数")):
        with pytest.raises(KeyingError, match=message) as caught:
            parse_score(text, FOUR, "第 1 行 办公室 大局观念")
        assert "办公室" in str(caught.value)


def test_serials_next_and_where_keying_stopped(db: Database) -> None:
    assert next_serial(db, YEAR, "leaders") == 1
    with db.atomic("t", "test") as conn:
        commit_rating_ballot(conn, YEAR, "heads", 7, {"办公室": (D(2),) * 5})
        commit_democratic_ballot(conn, YEAR, 3, {"c001": "优秀"})
    assert next_serial(db, YEAR, "heads") == 8
    assert next_serial(db, YEAR, "leaders") == 1
    assert next_serial(db, YEAR, "democratic") == 4
    assert last_rating_form(db, YEAR) == "heads"
    assert next_unverified_serial(db, YEAR, "heads") == 7


def test_commit_refusals_write_nothing(db: Database) -> None:
    with db.atomic("t", "test") as conn:
        commit_rating_ballot(conn, YEAR, "leaders", 1, {"办公室": (FOUR,) * 5})
    for call, message in (
        (lambda c: commit_rating_ballot(c, YEAR, "leaders", 1, {"办公室": (FOUR,) * 5}), "编号不能重复"),
        (lambda c: commit_rating_ballot(c, YEAR, "leaders", 2, {}), "没有给任何科室评分"),
        (lambda c: commit_rating_ballot(c, YEAR, "leaders", 0, {"办公室": (FOUR,) * 5}), "正整数"),
        (lambda c: commit_democratic_ballot(c, YEAR, 1, {}), "没有标记任何人"),
        (lambda c: set_void(c, YEAR, "leaders", 1, "  "), "写明原因"),
        (lambda c: set_void(c, YEAR, "heads", 1, "x"), "尚未录入"),
        (lambda c: commit_tallies(c, YEAR, {"c001": (3, 0, 0, 0)}, 2), "超过收回"),
        (lambda c: commit_leader_sheet(c, YEAR, 1, {}), "没有给任何人打分"),
    ):
        with pytest.raises(KeyingError, match=message), db.atomic("t", "test") as conn:
            call(conn)
    assert db.query("SELECT count(*) FROM rating_ballots")[0][0] == 1
    assert db.query("SELECT count(*) FROM democratic_ballots")[0][0] == 0
    assert db.query("SELECT count(*) FROM democratic_tallies")[0][0] == 0


def test_a_person_keyed_as_a_tally_takes_no_single_ballot_keyed_or_scanned(db: Database) -> None:
    """A person's democratic votes come either as a tally (汇总票数) or ballot by ballot: both would count each vote
    twice in 民主测评得分. A keyed or scanned ballot marking a tallied person is refused naming them, nothing
    written; one marking only others is stored."""
    from app.models.scanning.commit import commit_scanned_ballot

    with db.atomic("t", "test") as conn:
        commit_tallies(conn, YEAR, {"c001": (3, 1, 0, 0), "c003": (2, 2, 0, 0)}, 4)
    marks = {"c003": "称职", "c001": "优秀", "c002": "优秀"}
    for call, message in (
        (lambda c: commit_democratic_ballot(c, YEAR, 1, marks), "干部 c001、c003 已录入汇总票数，不能同时录入测评票"),
        (
            lambda c: commit_scanned_ballot(c, YEAR, marks, {}),
            "干部 c001、c003 已录入汇总票数，不能同时保存扫描的测评票",
        ),
    ):
        with pytest.raises(KeyingError) as refused, db.atomic("t", "test") as conn:
            call(conn)
        assert str(refused.value) == message
    assert db.query("SELECT count(*) FROM democratic_ballots")[0][0] == 0
    with db.atomic("t", "test") as conn:
        commit_democratic_ballot(conn, YEAR, 1, {"c002": "优秀"})
        assert commit_scanned_ballot(conn, YEAR, {"c004": "称职"}, {}) == 2
    assert db.query("SELECT count(*) FROM democratic_ballots")[0][0] == 2


def test_a_half_rated_unit_is_refused_a_blank_one_is_unrated(db: Database) -> None:
    layout = rating_layout(year_scheme(db, YEAR), "heads")
    cells = {(0, c): D(2) for c in range(5)} | {(1, 0): D(1)}
    with pytest.raises(KeyingError, match="第 2 行 综合与法规科：党建及干部队伍建设工作"):
        check_rating_scores(layout, cells)
    del cells[(1, 0)]
    assert check_rating_scores(layout, cells) == {"办公室": (D(2),) * 5}


def test_independent_comparison_lists_each_cell_and_resolution_corrects_the_first_keying(db: Database) -> None:
    first = {"办公室": (FOUR, FOUR, D(3), FOUR, FOUR), "财务科": (D(3),) * 5}
    second = {"办公室": (FOUR, FOUR, D("3.5"), FOUR, FOUR)}
    with db.atomic("t", "test") as conn:
        commit_rating_ballot(conn, YEAR, "leaders", 1, first)
        commit_rating_ballot(conn, YEAR, "leaders", 1, second, keying_pass=2)
        commit_rating_ballot(conn, YEAR, "leaders", 2, first)
        commit_rating_ballot(conn, YEAR, "leaders", 2, first, keying_pass=2)
        assert compare_passes(conn, YEAR, "leaders") == (2, 6)
        assert compare_passes(conn, YEAR, "leaders") == (0, 0)  # nothing compared twice
    findings = open_findings(db, YEAR)
    assert [(f.row_key, f.col, f.first_value, f.second_value) for f in findings[:2]] == [
        ("办公室", 2, "3", "3.5"),
        ("财务科", 0, "3", None),
    ]
    with db.atomic("t", "test") as conn:
        resolve_finding(conn, YEAR, findings[0].id, first_is_right=False)  # type: ignore[arg-type]
        for finding in findings[1:]:
            resolve_finding(conn, YEAR, finding.id, first_is_right=True)  # type: ignore[arg-type]
        with pytest.raises(KeyingError, match="已处理"):
            resolve_finding(conn, YEAR, findings[0].id, first_is_right=True)  # type: ignore[arg-type]
    ballot = read_ballot(db, YEAR, "leaders", 1)
    assert ballot is not None and ballot.values["办公室"][2] == D("3.5") and "财务科" in ballot.values
    count = next(c for c in form_counts(db, YEAR, year_scheme(db, YEAR)) if c.form == "leaders")
    assert (count.keyed, count.verified, count.second_pass, count.errors_found, count.open_findings) == (2, 2, 2, 1, 0)
    assert count.values_checked == 2 * 25 * 5 and count.error_rate == D(1) / D(250)
    status = keying_counts(db, YEAR)
    assert (status.leader_ballots, status.verified_ballots, status.second_pass_ballots, status.open_findings) == (
        2,
        2,
        2,
        0,
    )


def test_warnings_until_the_counts_agree(db: Database) -> None:
    scheme = year_scheme(db, YEAR)
    with db.atomic("t", "test") as conn:
        commit_democratic_ballot(conn, YEAR, 1, {"c001": "优秀"})
        set_ballot_counts(conn, YEAR, "democratic", 1, 2)
    democratic = next(c for c in form_counts(db, YEAR, scheme) if c.form == "democratic")
    assert "收回 2 张多于发出 1 张" in democratic.warnings()[0]
    with db.atomic("t", "test") as conn:
        set_ballot_counts(conn, YEAR, "democratic", 2, 1)
        commit_dependent_verification(conn, YEAR, "democratic", 1, {"c001": "优秀"}, [])
    democratic = next(c for c in form_counts(db, YEAR, scheme) if c.form == "democratic")
    assert democratic.warnings() == []


def test_a_batch_keyed_on_another_pc_merges_as_the_second_keying(db: Database) -> None:
    """Interchange: importing a ballot already stored with different content is a conflict, listed with
    both versions, and nothing is written — here for the verification keying (pass 2)."""
    with db.atomic("t", "test") as conn:
        insert_rating_ballot(conn, YEAR, "leaders", 1, {"办公室": (FOUR,) * 5})
        commit_democratic_ballot(conn, YEAR, 1, {"c001": "优秀", "c002": "称职"})
    other_pc = export_year(db, YEAR)  # the second clerk's file: same year, keyed again
    other_pc["unit_ballots"][0]["scores"]["办公室"][0] = "3.5"
    other_pc = json.loads(json.dumps(other_pc, ensure_ascii=False))
    summary = import_second_pass(db, other_pc, source="pc-2")
    assert summary.counts == {"unit_ballots": 1, "democratic_ballots": 1}
    assert db.query("SELECT count(*) FROM rating_ballots WHERE pass = 1")[0][0] == 1  # pass 1 untouched
    assert import_second_pass(db, other_pc).skipped_identical == 2  # the same batch again: nothing new
    other_pc["democratic_ballots"][0]["marks"]["c002"] = "优秀"
    with pytest.raises(ValidationError, match="测评票冲突：第 1 号已录入且内容不同"):
        import_second_pass(db, other_pc)
    with db.atomic("t", "test") as conn:
        assert compare_passes(conn, YEAR, "leaders") == (1, 1)
        assert compare_passes(conn, YEAR, "democratic") == (1, 0)
    with pytest.raises(ValidationError, match="没有 1999 年度"):
        import_second_pass(db, {**other_pc, "year": 1999})


def test_dependent_verification_of_a_leaders_sheet(db: Database) -> None:
    """Seed: “测评内容包括德、能、勤、绩、廉五项，每项计 6 分”. A leader's sheet (serial = rater number) is
    verified like a ballot: findings kept, the settled values written, the sheet marked — one change, undoable."""
    from app.models.audit import last_undoable, undo_change

    six = (D(6),) * 5
    with db.atomic("t", "test") as conn:
        commit_leader_sheet(conn, YEAR, 1, {"c001": six, "c002": six})
        commit_leader_sheet(conn, YEAR, 2, {"c001": six})
    assert serials(db, YEAR, LEADER_RATINGS) == [1, 2]
    assert next_serial(db, YEAR, LEADER_RATINGS) == 3
    assert next_unverified_serial(db, YEAR, LEADER_RATINGS) == 1
    slip = Finding(LEADER_RATINGS, 1, "c002", 3, "6", "5.5", "5.5", True)
    corrected = {"c001": six, "c002": (D(6), D(6), D(6), D("5.5"), D(6))}
    for serial, values, found, message in (
        (3, corrected, [], "第 3 号打分人的领导评价表尚未录入，无法核对"),
        (1, {}, [], "核对后没有给任何人打分"),
        (2, corrected, [slip], "核对记录不属于第 2 号打分人的领导评价表"),
    ):
        with pytest.raises(KeyingError, match=message), db.atomic("t", "test") as conn:
            commit_dependent_verification(conn, YEAR, LEADER_RATINGS, serial, values, found)
    assert db.query("SELECT count(*) FROM leader_sheets")[0][0] == 0
    assert db.query("SELECT count(*) FROM verification_findings")[0][0] == 0
    with db.atomic("核对", "test") as conn:
        commit_dependent_verification(conn, YEAR, LEADER_RATINGS, 1, corrected, [slip])
    assert read_leader_ratings(db, YEAR, 1)["c002"][3] == D("5.5")
    assert leader_sheet_verified(db, YEAR, 1) == "dependent"
    assert verified_raters(db, YEAR) == [1]
    assert next_unverified_serial(db, YEAR, LEADER_RATINGS) == 2
    count = next(c for c in form_counts(db, YEAR, year_scheme(db, YEAR)) if c.form == LEADER_RATINGS)
    assert (count.keyed, count.verified, count.errors_found, count.values_checked) == (2, 1, 1, 4 * 5)
    assert keying_counts(db, YEAR).leader_sheets_verified == 1
    # 撤销 the verification: the rating, the finding and the mark go back together.
    change = last_undoable(db)
    assert change is not None
    with db.atomic("撤销", "test") as conn:
        undo_change(conn, change.id)
    assert read_leader_ratings(db, YEAR, 1)["c002"] == six
    assert leader_sheet_verified(db, YEAR, 1) is None
    assert db.query("SELECT count(*) FROM verification_findings")[0][0] == 0
