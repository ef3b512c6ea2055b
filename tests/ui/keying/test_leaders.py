"""领导评价录入 through the real widgets.

Seed: “测评内容包括德、能、勤、绩、廉五项，每项计 6 分 … 领导评价得分=领导评价所得总分/打分人数（保留两位小数）”.
"""

from __future__ import annotations

from decimal import Decimal

from app.models.ballots.keying import read_leader_ratings
from app.ui.keying.leader_ratings_page import LeaderRatingsPage
from app.ui.shell.session import Session
from tests.helpers.keying_helpers import YEAR, ctrl_enter, press


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


def test_two_raters_sheets_keyed_and_averaged(qtbot, session: Session) -> None:
    page = page_for(qtbot, session)
    view = page.grid_view
    assert page.rater_box.value() == 1
    press(qtbot, view, "66666" + "5.5665\n6" + "7")  # 7 > 6 refused on the spot
    assert "满分 6" in page.status.text()
    press(qtbot, view, "\n" * 10)  # c003, c004 not rated by this leader; Enter on the last cell saves
    assert read_leader_ratings(session.db, YEAR, 1) == {
        "c001": tuple(Decimal(6) for _ in range(5)),
        "c002": (Decimal("5.5"), Decimal(6), Decimal(6), Decimal(5), Decimal(6)),
    }
    assert page.rater_box.value() == 2 and page.grid is not None and page.grid.is_empty()
    press(qtbot, view, "5\n5\n5\n5\n5\n")
    ctrl_enter(qtbot, view)
    assert leaders_score(session, "c001") == Decimal("27.5")  # (30 + 25) / 2
    assert leaders_score(session, "c002") == Decimal("28.5")


def test_a_half_filled_row_and_an_empty_sheet_are_refused(qtbot, session: Session) -> None:
    page = page_for(qtbot, session)
    view = page.grid_view
    ctrl_enter(qtbot, view)
    assert "没有给任何人打分" in page.status.text()
    press(qtbot, view, "66")
    ctrl_enter(qtbot, view)
    assert "未填" in page.status.text()
    assert session.db.query("SELECT count(*) FROM leader_ratings")[0][0] == 0


def test_an_earlier_sheet_is_shown_again_and_corrected(qtbot, session: Session) -> None:
    page = page_for(qtbot, session)
    view = page.grid_view
    press(qtbot, view, "66666")
    ctrl_enter(qtbot, view)
    page.rater_box.setValue(1)
    page.load_rater()
    assert page.grid is not None and page.grid.cells[(0, 0)] == Decimal(6)
    view.setFocus()
    press(qtbot, view, "5\n")
    ctrl_enter(qtbot, view)
    assert read_leader_ratings(session.db, YEAR, 1)["c001"][0] == Decimal(5)
    assert session.db.query("SELECT count(DISTINCT rater) FROM leader_ratings")[0][0] == 1
