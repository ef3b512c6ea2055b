"""领导评价录入, 核对录入（逐项比对）: a leader's 德能勤绩廉 sheet re-keyed against the paper through the real
widgets, a mismatch settled each way, the findings stored, the ratings corrected, the average following.

Seed: “测评内容包括德、能、勤、绩、廉五项，每项计 6 分 … 领导评价得分=领导评价所得总分/打分人数（保留两位小数）”.
Issue 4, item 4: dependent verification — “re-key a committed ballot in verify mode, each value compared as it is
typed, a mismatch stops the cursor and asks which is right (paper in hand)”; “The results show how many ballots are
verified and the keying error rate found.”
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from app.models.ballots.forms import LEADER_RATINGS
from app.models.ballots.keying import leader_sheet_verified, read_leader_ratings
from app.models.ballots.reconciliation import form_counts
from app.models.status import keying_counts
from app.ui.keying.common import MODE_DEPENDENT, MODE_FIRST
from app.ui.keying.leader_ratings_page import LeaderRatingsPage
from app.ui.keying.reconcile_page import CountsModel, ReconcilePage
from app.ui.shell.session import Session
from tests.helpers.keying_helpers import YEAR, ctrl_enter, press

SIX, FIVE = Decimal(6), Decimal(5)
# Rater 1 as on paper: 张一 (c001) 5 6 6 6 6; 李二 (c002) 5 5 5 5 5; 王三 and 赵四 not rated.
# The first keying slipped on 张一 德 and stored 6.
FIRST_KEYING = "66666" + "5\n" * 5
PAPER_C001 = "5\n6666"
REST_OF_SHEET = "5\n" * 5 + "\n" * 10  # 李二, then the two blank rows; Enter on the last cell commits


def page_for(qtbot, session: Session) -> LeaderRatingsPage:
    page = LeaderRatingsPage(session)
    qtbot.addWidget(page)
    page.show()
    page.grid_view.setFocus()
    return page


def leaders_score(session: Session, cadre_id: str) -> Decimal:
    result = session.result()
    assert result is not None
    return next(c for c in result.cadres if c.id == cadre_id).leaders


def key_two_sheets(qtbot, page: LeaderRatingsPage) -> None:
    view = page.grid_view
    press(qtbot, view, FIRST_KEYING)
    ctrl_enter(qtbot, view)
    assert page.rater_box.value() == 2, page.status.text()
    press(qtbot, view, "5\n" * 5)  # rater 2: 张一 25
    ctrl_enter(qtbot, view)
    assert read_leader_ratings(page.session.db, YEAR, 1)["c001"] == (SIX,) * 5


def to_verify_mode(qtbot, page: LeaderRatingsPage) -> None:
    """方式 by keys: the combo box's Down arrow picks 核对录入（逐项比对）."""
    page.mode_box.setFocus()
    qtbot.keyClick(page.mode_box, Qt.Key.Key_Down)
    assert page.mode == MODE_DEPENDENT
    assert page.mode_box.count() == 2  # 首次录入 and 核对录入: a leader's sheet has no independent second pass
    page.grid_view.setFocus()


def stop_on_the_slip(qtbot, page: LeaderRatingsPage) -> None:
    view = page.grid_view
    press(qtbot, view, "5\n")
    assert "核对不一致" in page.status.text() and "原录入 6，本次 5" in page.status.text(), page.status.text()
    assert "张一" in page.status.text() and "德" in page.status.text()
    assert view.cell() == (0, 0)  # the cursor stopped
    press(qtbot, view, "6")  # any other key only repeats the question
    assert "按 A" in page.status.text() and view.cell() == (0, 0)


def findings(session: Session) -> list[dict]:
    return [dict(r) for r in session.db.query("SELECT * FROM verification_findings ORDER BY id")]


def test_verify_a_sheet_where_the_paper_says_the_first_keying_was_wrong(qtbot, session: Session) -> None:
    """B = 本次录入正确: the stored rating is corrected, the finding recorded, the average follows."""
    page = page_for(qtbot, session)
    key_two_sheets(qtbot, page)
    assert leaders_score(session, "c001") == Decimal("27.5")  # (30 + 25) / 2, with the slip
    to_verify_mode(qtbot, page)
    assert page.rater_box.value() == 1  # the next sheet not yet verified
    assert page.grid is not None and page.grid.cells == {}  # the stored sheet is not shown: re-key from paper
    stop_on_the_slip(qtbot, page)
    qtbot.keyClick(page.grid_view, Qt.Key.Key_B)  # the paper says 5
    assert page.grid_view.cell() == (0, 1)
    press(qtbot, page.grid_view, "6666" + REST_OF_SHEET)
    assert "第 1 号打分人的领导评价表已核对保存" in page.status.text(), page.status.text()
    # Stored: corrected, verified, the stop recorded with the clerk's answer.
    assert read_leader_ratings(session.db, YEAR, 1) == {"c001": (FIVE,) + (SIX,) * 4, "c002": (FIVE,) * 5}
    assert leader_sheet_verified(session.db, YEAR, 1) == "dependent"
    assert leader_sheet_verified(session.db, YEAR, 2) is None
    [finding] = findings(session)
    assert (finding["form"], finding["serial"], finding["row_key"], finding["col"], finding["mode"]) == (
        LEADER_RATINGS,
        1,
        "c001",
        0,
        "dependent",
    )
    assert (finding["first_value"], finding["second_value"], finding["resolved_value"]) == ("6", "5", "5")
    assert finding["first_was_wrong"] == 1 and finding["resolved_at"] is not None
    assert leaders_score(session, "c001") == Decimal(27)  # (29 + 25) / 2
    # One transaction: the correction, the finding and the mark share one change (one undo step).
    last = session.db.query("SELECT max(change_id) FROM audit_log")[0][0]
    tables = {r[0] for r in session.db.query("SELECT tbl FROM audit_log WHERE change_id = ?", (last,))}
    assert tables == {"leader_ratings", "verification_findings", "leader_sheets"}
    # The page moved on to the next unverified sheet, and says which are checked.
    assert page.rater_box.value() == 2 and page.mode == MODE_DEPENDENT
    assert "已核对：1" in page.raters_label.text()
    # 清点与核对: verified count and keying error rate: 1 wrong of 4 cadres × 5 values checked.
    row = next(c for c in form_counts(session.db, YEAR, session.scheme()) if c.form == LEADER_RATINGS)
    assert (row.keyed, row.verified, row.errors_found, row.values_checked) == (2, 1, 1, 20)
    assert row.error_rate == Decimal("0.05")
    assert "领导评价表：还有 1 张未核对" in row.warnings()
    reconcile = ReconcilePage(session)
    qtbot.addWidget(reconcile)
    reconcile.show()
    line = next(i for i, r in enumerate(reconcile.counts.rows()) if r.form == LEADER_RATINGS)
    assert reconcile.counts.index(line, CountsModel.COL_FORM).data() == "领导评价表"
    assert reconcile.counts.index(line, CountsModel.COL_VERIFIED).data() == 1
    assert reconcile.counts.index(line, CountsModel.COL_RATE).data() == "5.00%（1/20）"
    assert keying_counts(session.db, YEAR).leader_sheets_verified == 1


def test_verify_a_sheet_where_the_paper_says_the_first_keying_was_right(qtbot, session: Session) -> None:
    """A = 原录入正确: nothing changes in the ratings; the stop is recorded, not counted as a keying error."""
    page = page_for(qtbot, session)
    key_two_sheets(qtbot, page)
    to_verify_mode(qtbot, page)
    stop_on_the_slip(qtbot, page)
    qtbot.keyClick(page.grid_view, Qt.Key.Key_A)  # the paper says 6 after all: this keying slipped
    assert page.grid is not None and page.grid.cells[(0, 0)] == SIX
    press(qtbot, page.grid_view, "6666" + REST_OF_SHEET)
    assert read_leader_ratings(session.db, YEAR, 1) == {"c001": (SIX,) * 5, "c002": (FIVE,) * 5}
    assert leader_sheet_verified(session.db, YEAR, 1) == "dependent"
    [finding] = findings(session)
    assert (finding["first_value"], finding["second_value"], finding["resolved_value"]) == ("6", "5", "6")
    assert finding["first_was_wrong"] == 0
    assert leaders_score(session, "c001") == Decimal("27.5")
    row = next(c for c in form_counts(session.db, YEAR, session.scheme()) if c.form == LEADER_RATINGS)
    assert (row.verified, row.errors_found, row.values_checked, row.error_rate) == (1, 0, 20, Decimal(0))
    # Rater 2 keyed exactly as stored: verified without a stop; then nothing is left to verify.
    assert page.rater_box.value() == 2
    press(qtbot, page.grid_view, "5\n" * 5 + "\n" * 15)
    assert leader_sheet_verified(session.db, YEAR, 2) == "dependent", page.status.text()
    assert len(findings(session)) == 1
    assert "已录入的都已核对" in page.status.text() or "已核对保存" in page.status.text()
    row = next(c for c in form_counts(session.db, YEAR, session.scheme()) if c.form == LEADER_RATINGS)
    assert (row.verified, row.values_checked) == (2, 40)
    assert not [w for w in row.warnings() if "未核对" in w]


def test_verification_refusals_write_nothing(qtbot, session: Session) -> None:
    """A sheet only half re-keyed, a rater never keyed, nothing left to check: refused, nothing written."""
    page = page_for(qtbot, session)
    key_two_sheets(qtbot, page)
    to_verify_mode(qtbot, page)
    view = page.grid_view
    press(qtbot, view, "66666")
    ctrl_enter(qtbot, view)
    assert "还有 5 个原录入的分值没有核对到" in page.status.text(), page.status.text()
    assert findings(session) == [] and leader_sheet_verified(session.db, YEAR, 1) is None
    # A value compared and then cleared again is not checked any more.
    assert view.cell() == (1, 0)
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Delete)  # 张一 德 cleared
    qtbot.keyClick(view, Qt.Key.Key_Down)
    press(qtbot, view, "5\n" * 5 + "\n" * 10)  # the rest, ending on Enter in the last cell
    assert "还有 1 个原录入的分值没有核对到" in page.status.text(), page.status.text()
    assert leader_sheet_verified(session.db, YEAR, 1) is None
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert view.cell() == (0, 0)
    press(qtbot, view, "6")  # keyed again and compared: it matches
    # Keyed again after going back, a value is compared again: a different one stops the cursor.
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.cell() == (0, 4)
    press(qtbot, view, "5\n")
    assert "核对不一致" in page.status.text() and view.cell() == (0, 4)
    qtbot.keyClick(view, Qt.Key.Key_A)
    ctrl_enter(qtbot, view)
    assert leader_sheet_verified(session.db, YEAR, 1) == "dependent", page.status.text()
    assert read_leader_ratings(session.db, YEAR, 1)["c001"] == (SIX,) * 5
    # A rater number never keyed cannot be verified.
    page.rater_box.setFocus()
    page.rater_box.selectAll()
    qtbot.keyClicks(page.rater_box, "7")
    qtbot.keyClick(page.rater_box, Qt.Key.Key_Return)
    assert "第 7 号打分人的领导评价表尚未录入，无法核对" in page.status.text(), page.status.text()
    view.setFocus()
    press(qtbot, view, "6")  # nothing stored: every value differs
    assert "原录入 空白，本次 6" in page.status.text()
    qtbot.keyClick(view, Qt.Key.Key_A)
    ctrl_enter(qtbot, view)
    assert "未保存" in page.status.text() and "尚未录入，无法核对" in page.status.text()
    assert read_leader_ratings(session.db, YEAR, 7) == {}
    assert session.db.query("SELECT count(*) FROM leader_sheets WHERE rater = 7")[0][0] == 0


def test_a_sheet_changed_after_verification_must_be_verified_again(qtbot, session: Session) -> None:
    page = page_for(qtbot, session)
    key_two_sheets(qtbot, page)
    to_verify_mode(qtbot, page)
    press(qtbot, page.grid_view, "66666" + REST_OF_SHEET)
    assert leader_sheet_verified(session.db, YEAR, 1) == "dependent"
    # Back to 首次录入, the clerk calls sheet 1 up again and corrects it: it is no longer verified.
    page.mode_box.setCurrentIndex(page.mode_box.findData(MODE_FIRST))
    page.rater_box.setValue(1)
    page.load_rater()
    assert page.grid is not None and page.grid.cells[(0, 0)] == SIX
    page.grid_view.setFocus()
    press(qtbot, page.grid_view, "4\n")
    ctrl_enter(qtbot, page.grid_view)
    assert read_leader_ratings(session.db, YEAR, 1)["c001"][0] == Decimal(4)
    assert leader_sheet_verified(session.db, YEAR, 1) is None
    # Saved again unchanged, a verified sheet stays verified.
    page.mode_box.setCurrentIndex(page.mode_box.findData(MODE_DEPENDENT))
    page.grid_view.setFocus()
    press(qtbot, page.grid_view, "4\n6666" + REST_OF_SHEET)
    assert leader_sheet_verified(session.db, YEAR, 1) == "dependent"
    page.mode_box.setCurrentIndex(page.mode_box.findData(MODE_FIRST))
    page.rater_box.setValue(1)
    page.load_rater()
    ctrl_enter(qtbot, page.grid_view)
    assert leader_sheet_verified(session.db, YEAR, 1) == "dependent"


def test_the_number_changed_after_loading_does_not_verify_another_sheet(qtbot, session: Session) -> None:
    """The grid compared with sheet 1; committing it under number 2 would mark sheet 2 verified unchecked."""
    page = page_for(qtbot, session)
    key_two_sheets(qtbot, page)
    to_verify_mode(qtbot, page)
    press(qtbot, page.grid_view, "66666" + "5\n" * 5 + "\n" * 9)  # sheet 1 as stored, all but the last Enter
    page.rater_box.setFocus()
    qtbot.keyClick(page.rater_box, Qt.Key.Key_Up)  # 2, without Enter: the grid still holds sheet 1
    assert page.rater_box.value() == 2
    page.commit()  # the page's Ctrl+Enter shortcut, pressed while the number box still has the focus
    assert "不是第 2 号" in page.status.text(), page.status.text()
    assert leader_sheet_verified(session.db, YEAR, 2) is None and leader_sheet_verified(session.db, YEAR, 1) is None
