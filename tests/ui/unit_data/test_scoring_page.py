"""科室评分: the clerk finds a unit by name, scores its items from the keyboard, records deduction events.

Seed clauses checked here:
- 共性工作和业务工作任务考核 … 按照相应评分细则（附件 2、3）对应分值计分.
- 附件2 党支部标准化建设: 未落实的支部所有科室每项（次）扣0.5分 (a branch's deduction hits every unit of it).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from app.models.loader import compute_results
from app.ui.unit_data.scoring_models import ScoringEventsModel, ScoringItemsModel, ScoringUnitsModel
from app.ui.unit_data.scoring_page import ScoringPage
from tests.helpers.data_pages import YEAR, fresh_session, lock_year, show_page, type_cell, type_chinese

MINBAO = "民用爆炸物品管理与安全生产科"


@pytest.fixture
def page(qtbot, tmp_path):
    session = fresh_session(tmp_path)
    page = ScoringPage(session)
    show_page(qtbot, page)
    yield page
    session.db.close()


def stored(page: ScoringPage) -> dict[tuple[str, str], str]:
    rows = page.session.db.query("SELECT unit, item, score FROM item_scores WHERE year = ?", (YEAR,))
    return {(r["unit"], r["item"]): r["score"] for r in rows}


def unit_result(page: ScoringPage, name: str):
    return next(u for u in compute_results(page.session.db, YEAR).units if u.name == name)


def find_unit(qtbot, page: ScoringPage, text: str) -> None:
    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.finder.hasFocus()
    type_chinese(page.finder, text)
    qtbot.keyClick(page.finder, Qt.Key.Key_Return)


def test_find_by_short_name_and_score_items_with_enter_moving_down(qtbot, page: ScoringPage) -> None:
    find_unit(qtbot, page, "民爆")  # the short name is 民爆科
    assert page.unit == MINBAO
    assert page.items_view.hasFocus()
    assert page.items_view.currentIndex().row() == 0
    assert page.items_view.currentIndex().column() == ScoringItemsModel.I_SCORE
    # The seed's scoring text of the current item is on screen.
    assert "支部所有科室扣1分" in page.rule_text.toPlainText()

    type_cell(qtbot, page.items_view, "4.5")
    assert stored(page)[(MINBAO, "common-01")] == "4.5"
    assert page.items_view.currentIndex().row() == 1  # Enter moved down

    type_cell(qtbot, page.items_view, "3")
    assert stored(page)[(MINBAO, "common-02")] == "3"

    result = unit_result(page, MINBAO)
    assert result.common == Decimal("7.50")
    assert page.items_model.index(0, ScoringItemsModel.I_SCORE).data() == "4.50"
    row = page.units_model.row_of(MINBAO)
    items = page.units_model.line(row).items
    assert page.units_model.index(row, ScoringUnitsModel.U_PROGRESS).data() == f"已录 2/{items}"
    assert f"已录 2/{items}" in page.heading.text()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("abc", "不是数字"), ("5", "超过该项分值 4"), ("-1", "不能为负数"), ("1.234", "最多保留两位小数")],
)
def test_bad_score_is_refused_on_the_spot_and_nothing_written(qtbot, page: ScoringPage, typed, expected) -> None:
    find_unit(qtbot, page, "办公室")
    qtbot.keyClick(page.items_view, Qt.Key.Key_Down)  # 开展文明创建活动, 4 分
    type_cell(qtbot, page.items_view, typed)
    assert expected in page.message.text()
    assert page.message.refused
    assert stored(page) == {}
    assert page.items_view.currentIndex().row() == 1  # the cursor stays on the refused cell
    changes = page.session.db.query("SELECT COUNT(*) AS n FROM audit_log WHERE tbl = 'item_scores'")
    assert changes[0]["n"] == 0


def test_branch_deduction_applies_to_every_unit_of_the_branch(qtbot, page: ScoringPage) -> None:
    """附件2: 未落实“三会一课”的支部所有科室每项（次）扣0.5分 — here 3 times, capped at the clause's 1 分."""
    find_unit(qtbot, page, "办公室")
    assert page.items_view.currentIndex().row() == 0  # 党支部标准化建设
    page.rule_box.setCurrentIndex(1)  # 未落实“三会一课”制度
    qtbot.keyClick(page, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert page.count_edit.hasFocus()
    qtbot.keyClicks(page.count_edit, "3")
    qtbot.keyClick(page.count_edit, Qt.Key.Key_Return)
    assert not page.message.refused, page.message.text()

    events = page.session.db.query("SELECT unit, branch, count, item, rule FROM item_events")
    assert [dict(e) for e in events] == [
        {"unit": None, "branch": "机关第一党支部", "count": "3", "item": "common-01", "rule": "1"}
    ]
    branch_units = [u.name for u in page.session.scheme().units if u.branch == "机关第一党支部"]
    assert len(branch_units) == 8
    results = {u.name: u for u in compute_results(page.session.db, YEAR).units}
    for name in branch_units:
        assert results[name].common == Decimal("4.00"), name  # 5 − min(3 × 0.5, 1)
        assert "common-01" not in results[name].missing_items
    assert "common-01" in results[MINBAO].missing_items  # another branch: untouched
    assert page.items_model.index(0, ScoringItemsModel.I_SCORE).data() == "4.00"
    assert page.events_model.index(0, ScoringEventsModel.E_TARGET).data() == "机关第一党支部（支部所有科室）"

    # Another unit of the branch sees the event too; Delete removes it for all of them.
    page.select_unit("财务科")
    assert page.events_model.rowCount() == 1
    page.events_view.setFocus()
    page.events_view.setCurrentIndex(page.events_model.index(0, 0))
    qtbot.keyClick(page.events_view, Qt.Key.Key_Delete)
    assert page.session.db.query("SELECT COUNT(*) AS n FROM item_events")[0]["n"] == 0
    assert "common-01" in unit_result(page, "办公室").missing_items


def test_bad_event_count_is_refused(qtbot, page: ScoringPage) -> None:
    find_unit(qtbot, page, "办公室")
    page.count_edit.setFocus()
    qtbot.keyClicks(page.count_edit, "x")
    qtbot.keyClick(page.count_edit, Qt.Key.Key_Return)
    assert "不是数字" in page.message.text()
    assert page.session.db.query("SELECT COUNT(*) AS n FROM item_events")[0]["n"] == 0


def test_full_marks_for_the_rest_and_missing_items_at_a_glance(qtbot, page: ScoringPage) -> None:
    find_unit(qtbot, page, "财务科")
    type_cell(qtbot, page.items_view, "2")
    row = page.units_model.row_of("财务科")
    line = page.units_model.line(row)
    assert line.entered == 1 and not line.complete
    assert page.items_model.index(1, ScoringItemsModel.I_SCORE).data() == "未录"
    qtbot.keyClick(page, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    line = page.units_model.line(row)
    assert line.complete
    result = unit_result(page, "财务科")
    assert result.missing_items == ()
    assert result.common == Decimal("22.00")  # 25 − 3 lost on 党支部标准化建设
    assert stored(page)[("财务科", "common-01")] == "2"  # the typed score was kept


def test_locked_year_refuses_a_score(qtbot, page: ScoringPage) -> None:
    lock_year(page.session.db)
    page.session.notify_changed()
    find_unit(qtbot, page, "办公室")
    type_cell(qtbot, page.items_view, "4")
    assert "锁定" in page.message.text()
    assert stored(page) == {}


def test_group_filter_and_models(qtbot, qtmodeltester, page: ScoringPage) -> None:
    page.group_box.setCurrentIndex(3)  # 第三组
    names = {page.units_proxy.index(r, 0).data() for r in range(page.units_proxy.rowCount())}
    assert names == {"无线电监测站", "能源监测站", "中小企业服务中心", "后勤服务中心"}
    qtmodeltester.check(page.units_model)
    qtmodeltester.check(page.items_model)
    qtmodeltester.check(page.events_model)


def test_delete_clears_a_typed_score_back_to_missing(qtbot, page: ScoringPage) -> None:
    find_unit(qtbot, page, "办公室")
    type_cell(qtbot, page.items_view, "5")
    assert ("办公室", "common-01") in stored(page)
    qtbot.keyClick(page.items_view, Qt.Key.Key_Up)
    qtbot.keyClick(page.items_view, Qt.Key.Key_Delete)
    assert stored(page) == {}
    assert "common-01" in unit_result(page, "办公室").missing_items
    assert page.items_model.index(0, ScoringItemsModel.I_SCORE).data() == "未录"


def test_item_that_may_exceed_its_points_and_items_of_another_unit(page: ScoringPage) -> None:
    """投资规划科: 增速每高 1 个百分点加 1 分 — the only items the scheme lets end above their points."""
    from app.models import unit_data
    from app.models.errors import ValidationError

    scheme = page.session.scheme()
    item = scheme.items_by_id["b04-01"]
    assert item.may_exceed and item.unit == "投资规划科"
    with page.session.write("测试") as conn:
        unit_data.save_item_score(conn, YEAR, scheme, "投资规划科", "b04-01", str(item.max + 2))
    assert stored(page)[("投资规划科", "b04-01")] == str(item.max + 2)
    with pytest.raises(ValidationError, match="没有编号为 b04-01"), page.session.write("测试") as conn:
        unit_data.save_item_score(conn, YEAR, scheme, "办公室", "b04-01", "1")


def add_event_by_keys(qtbot, page: ScoringPage, count: str, on: str) -> None:
    """Ctrl+E, the count, Tab to 日期, the date, Enter — the clerk's keystrokes."""
    qtbot.keyClick(page, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert page.count_edit.hasFocus()
    qtbot.keyClicks(page.count_edit, count)
    qtbot.keyClick(page.count_edit, Qt.Key.Key_Tab)
    assert page.date_edit.hasFocus()
    qtbot.keyClicks(page.date_edit, on)
    qtbot.keyClick(page.date_edit, Qt.Key.Key_Return)


def test_an_event_carries_its_date_typed_either_way_and_shown_in_the_table(qtbot, page: ScoringPage) -> None:
    """附件2: 落实“三会一课”制度 … 未落实的支部所有科室每项（次）扣0.5分 — each occurrence recorded with its date."""
    find_unit(qtbot, page, "办公室")
    page.rule_box.setCurrentIndex(1)
    add_event_by_keys(qtbot, page, "1", "2017.5.12")
    assert not page.message.refused, page.message.text()
    add_event_by_keys(qtbot, page, "1", "2017-11-03")
    assert not page.message.refused, page.message.text()
    dates = [r["date"] for r in page.session.db.query("SELECT date FROM item_events ORDER BY id")]
    assert dates == ["2017-05-12", "2017-11-03"]
    shown = [page.events_model.index(r, ScoringEventsModel.E_DATE).data() for r in range(page.events_model.rowCount())]
    assert sorted(shown) == ["2017-05-12", "2017-11-03"]
    assert page.date_edit.text() == "" and page.count_edit.hasFocus()  # ready for the next event
    # The date may be left blank (the seed asks for counts, not dates).
    qtbot.keyClick(page, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.count_edit, "1")
    qtbot.keyClick(page.count_edit, Qt.Key.Key_Return)
    assert not page.message.refused, page.message.text()
    assert page.session.db.query("SELECT date FROM item_events ORDER BY id DESC LIMIT 1")[0]["date"] is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("17-5-12", "格式不对，请写成 2017-05-12"),
        ("2017.13.5", "不存在"),
        ("2017-02-30", "不存在"),
        ("5.12", "格式不对"),
    ],
)
def test_a_malformed_event_date_is_refused_and_nothing_written(qtbot, page: ScoringPage, typed, expected) -> None:
    find_unit(qtbot, page, "办公室")
    page.rule_box.setCurrentIndex(1)
    add_event_by_keys(qtbot, page, "2", typed)
    assert page.message.refused
    assert expected in page.message.text() and typed in page.message.text()
    assert "党支部标准化建设" in page.message.text() and "日期" in page.message.text()  # what and where
    assert page.date_edit.hasFocus() and page.date_edit.text() == typed  # the cursor on the bad date, kept
    assert page.count_edit.text() == "2"
    assert page.session.db.query("SELECT COUNT(*) AS n FROM item_events")[0]["n"] == 0
    assert page.session.db.query("SELECT COUNT(*) AS n FROM audit_log WHERE tbl = 'item_events'")[0]["n"] == 0
    # Corrected in place, Enter records it.
    page.date_edit.selectAll()
    qtbot.keyClicks(page.date_edit, "2017.5.12")
    qtbot.keyClick(page.date_edit, Qt.Key.Key_Return)
    assert not page.message.refused, page.message.text()
    assert page.session.db.query("SELECT date, count FROM item_events")[0]["date"] == "2017-05-12"


def test_the_model_refuses_a_bad_event_date_by_itself(page: ScoringPage) -> None:
    """The date is checked where it is written too (not only by the form)."""
    from app.models import unit_data
    from app.models.errors import ValidationError

    scheme = page.session.scheme()
    with pytest.raises(ValidationError, match="日期"), page.session.write("测试") as conn:
        unit_data.add_item_event(conn, YEAR, scheme, "办公室", "common-01", 1, "1", None, "2017/13/1")
    assert page.session.db.query("SELECT COUNT(*) AS n FROM item_events")[0]["n"] == 0


def test_the_date_placeholder_follows_the_year_on_screen(qtbot, page: ScoringPage) -> None:
    """Issue 20: a 2018 page said “如 2017-05-12”."""
    from app.models.store import ensure_year

    assert f"如 {YEAR}-05-12" in page.date_edit.placeholderText()
    ensure_year(page.session.db, 2019)
    page.session.set_year(2019)
    assert "如 2019-05-12" in page.date_edit.placeholderText()
    assert "2019.5.12" in page.date_edit.toolTip()


def test_every_units_short_name_is_whole_on_a_laptop_screen(qtbot, demo_path) -> None:
    """The list of units beside the items (issue 20: "unit names cut (离退休人员管…)") on a 1280×800 screen."""
    from app.models.db import open_database
    from tests.helpers.laptop import column_problems, laptop_window

    db = open_database(demo_path)
    try:
        with laptop_window(qtbot, db) as window:
            qtbot.keyClick(window.navigation, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
            page = window.current_page()
            assert isinstance(page, ScoringPage)
            qtbot.waitUntil(page.units_view.isVisible)
            assert page.units_proxy.rowCount() == 25
            problems = [
                p for column in range(ScoringUnitsModel.U_TOTAL + 1) for p in column_problems(page.units_view, column)
            ]
            assert problems == []
    finally:
        db.close()
