"""民主测评录入 through the real widgets.

Seed: “民主测评分为优秀（70 分）、称职（65 分）、基本称职（60 分）、不称职（55 分）四个等次 … 以无记名方式
… 测评得分=民主测评所得总分/所得票数（保留两位小数）”.
"""

from __future__ import annotations

import json
from decimal import Decimal

from PySide6.QtCore import Qt

from app.models.ballots.keying import read_ballot
from app.ui.keying.common import MODE_DEPENDENT
from app.ui.keying.democratic_page import DemocraticKeyingPage
from app.ui.shell.session import Session
from tests.helpers.keying_helpers import YEAR, ctrl_enter, press


def page_for(qtbot, session: Session) -> DemocraticKeyingPage:
    page = DemocraticKeyingPage(session)
    qtbot.addWidget(page)
    page.show()
    page.mark_view.setFocus()
    return page


def stored(session: Session) -> dict[int, tuple[dict, str | None]]:
    rows = session.db.query("SELECT * FROM democratic_ballots WHERE year = ? AND pass = 1", (YEAR,))
    return {r["serial"]: (json.loads(r["marks"]), r["void"]) for r in rows}


def cadre(session: Session, cadre_id: str):
    result = session.result()
    assert result is not None
    return next(c for c in result.cadres if c.id == cadre_id)


def test_one_key_per_mark_in_ballot_order_with_a_running_count(qtbot, session: Session) -> None:
    """Cadres in the order printed on the ballot (position), one key per mark, the count as keyed."""
    page = page_for(qtbot, session)
    view = page.mark_view
    assert [c[0] for c in page.marks.cadres] == ["c001", "c002", "c003", "c004"]  # type: ignore[union-attr]
    press(qtbot, view, "12")
    assert view.cell()[0] == 2
    assert "优秀 1，称职 1，基本称职 0，不称职 0，未标记 2" in page.counts_label.text()
    press(qtbot, view, "3")
    press(qtbot, view, " ")  # no mark for c004
    press(qtbot, view, "\n")  # Enter on the last cadre commits
    assert stored(session) == {1: ({"c001": "优秀", "c002": "称职", "c003": "基本称职"}, None)}
    assert page.serial_box.value() == 2 and page.marks.is_empty()  # type: ignore[union-attr]
    press(qtbot, view, "1444")
    ctrl_enter(qtbot, view)
    assert stored(session)[2][0] == {"c001": "优秀", "c002": "不称职", "c003": "不称职", "c004": "不称职"}
    assert cadre(session, "c001").democratic == Decimal(70)
    assert cadre(session, "c002").democratic == Decimal("60")  # (65 + 55) / 2
    assert cadre(session, "c003").democratic == Decimal("57.5")
    assert cadre(session, "c004").votes == 1


def test_no_voter_identity_is_stored(qtbot, session: Session) -> None:
    """“以无记名方式”: a ballot row holds its serial and marks; keyed_on names the PC, never a person."""
    page = page_for(qtbot, session)
    press(qtbot, page.mark_view, "1111")
    ctrl_enter(qtbot, page.mark_view)
    row = session.db.query("SELECT * FROM democratic_ballots")[0]
    assert row["keyed_by"] is None
    assert set(json.loads(row["marks"])) == {"c001", "c002", "c003", "c004"}


def test_wrong_keys_empty_and_duplicate_ballots_are_refused(qtbot, session: Session) -> None:
    page = page_for(qtbot, session)
    view = page.mark_view
    press(qtbot, view, "5")
    assert "不是测评等次" in page.status.text() and view.cell()[0] == 0
    press(qtbot, view, "0000")
    ctrl_enter(qtbot, view)
    assert "没有标记任何人" in page.status.text()
    assert stored(session) == {}
    qtbot.keyClick(view, Qt.Key.Key_Home)
    press(qtbot, view, "2")
    ctrl_enter(qtbot, view)
    assert list(stored(session)) == [1]
    page.serial_box.setValue(1)
    press(qtbot, view, "2")
    ctrl_enter(qtbot, view)
    assert "编号不能重复" in page.status.text()
    # A void ballot is kept and counts for nobody.
    page.serial_box.setValue(2)
    page.void_box.setChecked(True)
    page.void_reason.setText("未按要求填写")
    ctrl_enter(qtbot, view)
    assert stored(session)[2] == ({"c001": "称职"}, "未按要求填写")
    assert cadre(session, "c001").democratic == Decimal(65) and cadre(session, "c001").votes == 1


def test_backspace_goes_back_and_unmarks(qtbot, session: Session) -> None:
    page = page_for(qtbot, session)
    view = page.mark_view
    press(qtbot, view, "12")
    qtbot.keyClick(view, Qt.Key.Key_Backspace)
    assert view.cell()[0] == 1 and page.marks.marks[:2] == ["优秀", None]  # type: ignore[union-attr]
    assert "优秀 1，称职 0" in page.counts_label.text()


def test_dependent_verification_of_a_democratic_ballot(qtbot, session: Session) -> None:
    page = page_for(qtbot, session)
    view = page.mark_view
    press(qtbot, view, "1234")
    ctrl_enter(qtbot, view)
    page.mode_box.setCurrentIndex(page.mode_box.findData(MODE_DEPENDENT))
    view.setFocus()
    press(qtbot, view, "11")  # the paper says 优秀 for c002; the store says 称职
    assert "核对不一致" in page.status.text() and view.cell()[0] == 1
    qtbot.keyClick(view, Qt.Key.Key_A)  # looked again: 称职 was right after all
    press(qtbot, view, "34\n")
    ballot = read_ballot(session.db, YEAR, "democratic", 1)
    assert ballot is not None and ballot.verified_mode == "dependent"
    assert ballot.values["c002"] == "称职"
    finding = session.db.query("SELECT * FROM verification_findings")[0]
    assert finding["first_was_wrong"] == 0 and finding["col"] is None and finding["second_value"] == "优秀"


def test_tally_mode_counts_checked_against_ballots_returned(qtbot, session: Session) -> None:
    """Hand counts per cadre; “所得总分/所得票数”: 40 优秀 + 10 称职 → (2800 + 650) / 50 = 69.00."""
    with session.write("清点") as conn:
        conn.execute(
            "INSERT INTO ballot_counts (year, form, issued, returned) VALUES (?, 'democratic', 55, 50)", (YEAR,)
        )
    page = page_for(qtbot, session)
    page.tally_box.setChecked(True)
    view = page.tally_view
    view.setFocus()
    press(qtbot, view, "40\n10\n0\n1\n")  # 51 > 50 returned
    ctrl_enter(qtbot, view)
    assert "超过收回的测评票 50 张" in page.status.text()
    assert session.db.query("SELECT count(*) FROM democratic_tallies")[0][0] == 0
    qtbot.keyClick(view, Qt.Key.Key_Backspace)  # back to c001's 不称职 and clear it
    ctrl_enter(qtbot, view)
    assert page.status.text() == "汇总票数已保存。"
    assert cadre(session, "c001").democratic == Decimal("69")
    # A cadre with keyed ballots cannot also have a tally.
    page.tally_box.setChecked(False)
    page.mark_view.setFocus()
    press(qtbot, page.mark_view, "1")
    ctrl_enter(qtbot, page.mark_view)
    assert "汇总票数" in page.status.text() and stored(session) == {}
