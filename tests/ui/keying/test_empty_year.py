"""A new year's keying pages say what is missing and where to add it (issue 20 point 5), instead of an empty
grid with no hint; the hint goes once the roster is there."""

from __future__ import annotations

import pytest

from app.models.store import CadreRow, upsert_cadre
from app.ui.keying.democratic_page import DemocraticKeyingPage
from app.ui.keying.leader_ratings_page import LeaderRatingsPage
from app.ui.keying.rating_page import RatingKeyingPage
from tests.helpers.data_pages import YEAR, fresh_session, show_page


@pytest.mark.parametrize("kind", [DemocraticKeyingPage, LeaderRatingsPage])
def test_an_empty_roster_is_named_with_where_to_add_it(qtbot, tmp_path, kind) -> None:
    session = fresh_session(tmp_path)
    page = show_page(qtbot, kind(session))
    assert page.missing_label.isVisible()
    assert f"{YEAR} 年度的干部名册是空的" in page.missing_label.text()
    assert "“干部名册”（Ctrl+4）" in page.missing_label.text()

    with session.write("测试：名册") as conn:
        upsert_cadre(conn, YEAR, CadreRow("c001", "张三", "办公室", "civil_servant", "科员"))
    assert not page.missing_label.isVisible()
    session.db.close()


def test_the_rating_page_needs_no_roster(qtbot, tmp_path) -> None:
    session = fresh_session(tmp_path)
    page = show_page(qtbot, RatingKeyingPage(session))
    assert not page.missing_label.isVisible()  # its rows are the scheme's units
    session.db.close()
