"""扣减责任部门年终考绩分数 (seed 004 §四) in the window: a deduction event on 市对区考绩 names the responsible units,
and 加分与扣分 lists the derived rows read-only (the stored side: tests/models/district/test_charged_units.py).

Seed: 对于因区委区政府重点工作推进不力，导致我区在市考绩失分的，按照考绩办法的有关规定，扣减责任部门年终考绩分数.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from app.models.district.events import add_event, read_events
from app.models.district.indicators import Indicator, save_indicator, set_peers
from app.models.loader import compute_results
from app.scoring.district import CHARGE_CATEGORY, CONTRIBUTION_CATEGORY
from app.ui.district.page import DistrictPage
from app.ui.unit_data.adjustments_page import AdjustmentsPage
from tests.helpers.data_pages import YEAR, fresh_session, show_page, type_chinese
from tests.helpers.district import declare_derived_categories


@pytest.fixture
def session(tmp_path):
    session = fresh_session(tmp_path)
    with session.db.atomic("测试：指标", "test") as conn:
        set_peers(conn, YEAR, ["鹿城区", "瓯海区"])
        save_indicator(conn, YEAR, Indicator("i01", "规上工业增加值", "区经信局"))
    yield session
    session.db.close()


def office(session) -> object:
    return next(u for u in compute_results(session.db, YEAR).units if u.name == "办公室")


def test_keying_a_charged_deduction_on_the_events_tab(qtbot, session) -> None:
    """扣减责任部门年终考绩分数 — the clerk picks 通报批评（市委市政府）, types the matter and the responsible
    unit, Enter: the event lists its 责任单位 and 办公室 loses its 3 points. The field shows for deductions only."""
    page = DistrictPage(session)
    show_page(qtbot, page)
    page.refresh_now()
    tab = page.events
    page.tabs.setCurrentWidget(tab)
    before = office(session).deduction
    tab.category.setCurrentIndex(tab.category.findData("big_project"))
    assert not tab.charge.isVisibleTo(tab) and tab.credit.isVisibleTo(tab)
    tab.category.setCurrentIndex(tab.category.findData("criticized_city"))
    assert tab.charge.isVisibleTo(tab) and not tab.credit.isVisibleTo(tab)
    tab.category.setCurrentIndex(tab.category.findData("rank_change"))
    assert tab.charge.isVisibleTo(tab) and tab.credit.isVisibleTo(tab)  # which one counts: the rank's direction
    tab.category.setCurrentIndex(tab.category.findData("criticized_city"))
    tab.matter.setFocus()
    type_chinese(tab.matter, "市府办通报")
    tab.date.setFocus()
    qtbot.keyClicks(tab.date, "6-1")
    tab.charge.setFocus()
    type_chinese(tab.charge, "办公室")
    qtbot.keyClick(tab.charge, Qt.Key.Key_Return)
    assert tab.model.rowCount() == 1, page.message.text()
    assert tab.model.data(tab.model.index(0, tab.model.E_CHARGE)) == "办公室"
    assert tab.model.data(tab.model.index(0, tab.model.E_POINTS)) == "−3.00"
    assert office(session).deduction == before + 3
    # Enter on the row loads it, the responsible unit included; an unknown unit is refused, nothing changes.
    tab.view.setFocus()
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert tab.charge.text() == "办公室"
    tab.charge.clear()
    type_chinese(tab.charge, "无此科")
    qtbot.keyClick(tab.charge, Qt.Key.Key_Return)
    assert "未知科室" in page.message.text()
    assert read_events(session.db, YEAR)[0].charged_units == ["办公室"]
    # A bonus cannot be charged: a rank that improved refuses a 责任单位.
    qtbot.keyClick(tab.charge, Qt.Key.Key_Escape)
    tab.category.setCurrentIndex(tab.category.findData("rank_change"))
    tab.last_year_rank.setFocus()
    qtbot.keyClicks(tab.last_year_rank, "5")
    tab.rank.setFocus()
    qtbot.keyClicks(tab.rank, "3")
    tab.charge.setFocus()
    type_chinese(tab.charge, "办公室")
    qtbot.keyClick(tab.charge, Qt.Key.Key_Return)
    assert "名次未后退" in page.message.text()
    assert len(read_events(session.db, YEAR)) == 1


def test_the_units_page_lists_derived_rows_read_only_and_never_offers_their_categories(qtbot, session) -> None:
    """加分与扣分: 考绩贡献加分 and 市对区考绩失分扣分 come from the 市对区考绩 events — listed (read-only, with a
    note saying where to change them), counted in the totals, never offered for keying even when the scheme
    declares them; Enter or Delete on such a row is refused and changes nothing."""
    declare_derived_categories(session.db)
    with session.write("测试：事项") as conn:
        add_event(
            conn, session.db, YEAR, {"category": "criticized_city", "matter": "市通报", "charged_units": ["办公室"]}
        )
        add_event(
            conn, session.db, YEAR, {"category": "honor_provincial", "matter": "省级示范", "tier": 1,
                                     "credited_units": ["财务科"]}
        )  # fmt: skip
    page = AdjustmentsPage(session)
    show_page(qtbot, page)
    page.refresh_now()
    editor = page.editor
    offered = [editor.category_box.itemData(i) for i in range(editor.category_box.count())]
    assert offered and CHARGE_CATEGORY not in offered and CONTRIBUTION_CATEGORY not in offered
    model = editor.events_model
    views = [model.view_at(i) for i in range(model.rowCount())]
    assert [(v.category, v.row.kind, v.row.targets, v.row.id) for v in views] == [
        ("市对区考绩失分扣分", "deduction", ("办公室",), None),
        ("考绩贡献加分", "bonus", ("财务科",), None),
    ]
    assert all("市对区考绩" in (v.row.note or "") for v in views)
    totals = editor.totals_model
    assert totals.line(totals.row_of("办公室")).deduction == Decimal("3.00")
    assert totals.line(totals.row_of("财务科")).bonus == Decimal("1.50")
    editor.events_view.setFocus()
    editor.events_view.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(editor.events_view, Qt.Key.Key_Return)
    assert "不能在此修改或删除" in editor.message.text() and editor.editing is None
    qtbot.keyClick(editor.events_view, Qt.Key.Key_Delete)
    assert "不能在此修改或删除" in editor.message.text()
    assert model.rowCount() == 2 and len(read_events(session.db, YEAR)) == 2
