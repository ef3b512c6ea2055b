"""加分与扣分: the clerk keys units' bonus and deduction events, 一票否决 and 突出业绩奖.

Seed clauses checked here:
- 受表彰工作由几个科室（单位）共同承担的，将总分值分解后分别加分；同一事项不重复加分，取最大分值.
- 在市级以上新闻媒体 … 宣传报道的科室每次加 0.2 分，加分不超过 2 分 (a category's cap).
- 被市委、市政府“一票否决”的责任科室（单位）取消当年评先评优资格; 不合格等次：… 或被“一票否决”的.
- 经委党委讨论通过，设 1-2 个科室为突出业绩奖.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from app.models.loader import compute_results
from app.models.store import read_adjustments
from app.ui.unit_data.adjustments_models import AdjustmentEventsModel, AdjustmentTotalsModel
from app.ui.unit_data.adjustments_page import AdjustmentsPage
from tests.helpers.data_pages import YEAR, fresh_session, lock_year, show_page, type_chinese


@pytest.fixture
def page(qtbot, tmp_path):
    session = fresh_session(tmp_path)
    page = AdjustmentsPage(session)
    show_page(qtbot, page)
    yield page
    session.db.close()


def units(page: AdjustmentsPage):
    return {u.name: u for u in compute_results(page.session.db, YEAR).units}


def choose_category(page: AdjustmentsPage, category_id: str, option: int = 0) -> None:
    editor = page.editor
    editor.category_box.setFocus()
    editor.category_box.setCurrentIndex(editor.category_box.findData(category_id))
    editor.option_box.setCurrentIndex(option)


def add_target(qtbot, page: AdjustmentsPage, text: str) -> None:
    editor = page.editor
    editor.target_edit.setFocus()
    type_chinese(editor.target_edit, text)
    editor.target_completer.popup().hide()
    qtbot.keyClick(editor.target_edit, Qt.Key.Key_Return)


def type_into(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.clear()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        type_chinese(edit, text)


def save(qtbot, page: AdjustmentsPage) -> None:
    qtbot.keyClick(page.editor.note_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_shared_bonus_is_split_between_the_units(qtbot, page: AdjustmentsPage) -> None:
    editor = page.editor
    choose_category(page, "honor_provincial")
    assert editor.points_edit.text() == "2"  # the seed's 每次加 2 分, prefilled
    add_target(qtbot, page, "运行监测协调科")  # the short name
    add_target(qtbot, page, "新工化推进科")
    assert editor.targets_model.stringList() == ["运行协调监测科", "新型工业化推进科"]
    assert "运行协调监测科 1.00" in editor.split_label.text()
    type_into(qtbot, editor.matter_edit, "全省工业和信息化系统先进集体")
    type_into(qtbot, editor.date_edit, "2017.12.8")
    save(qtbot, page)
    assert not editor.message.refused, editor.message.text()

    [row] = read_adjustments(page.session.db, YEAR, "unit")
    assert (row.category, row.kind, row.points, row.date) == ("honor_provincial", "bonus", Decimal(2), "2017-12-08")
    assert row.targets == ("运行协调监测科", "新型工业化推进科")
    result = units(page)
    assert result["运行协调监测科"].bonus == Decimal("1.00")
    assert result["新型工业化推进科"].bonus == Decimal("1.00")
    totals = editor.totals_model
    line = totals.line(totals.row_of("运行协调监测科"))
    assert line.bonus == Decimal("1.00")
    assert totals.index(totals.row_of("运行协调监测科"), AdjustmentTotalsModel.T_BONUS).data() == "1.00"
    assert editor.targets_model.stringList() == []  # the form is ready for the next event


def test_same_matter_counts_once_and_category_cap(qtbot, page: AdjustmentsPage) -> None:
    editor = page.editor
    choose_category(page, "media", 0)  # 省级 0.5
    add_target(qtbot, page, "电子通信产业科")
    type_into(qtbot, editor.matter_edit, "电子信息产业发展报道")
    save(qtbot, page)
    choose_category(page, "media", 1)  # 市级 0.2, the same report
    assert editor.points_edit.text() == "0.2"
    add_target(qtbot, page, "电子通信产业科")
    type_into(qtbot, editor.matter_edit, "电子信息产业发展报道")
    save(qtbot, page)
    assert units(page)["电子通信产业科"].bonus == Decimal("0.50")
    model = editor.events_model
    notes = [model.index(r, AdjustmentEventsModel.A_SAME).data() for r in range(model.rowCount())]
    assert notes == ["同一事项，取此最大分值", "同一事项，不重复计分"]

    for number in range(5):  # five different provincial reports: 2.5, capped at 2
        choose_category(page, "media", 0)
        add_target(qtbot, page, "轻工业科")
        type_into(qtbot, editor.matter_edit, f"报道{number}")
        save(qtbot, page)
    assert units(page)["轻工业科"].bonus == Decimal("2.00")


@pytest.mark.parametrize(
    ("points", "target", "expected"),
    [("abc", "办公室", "不是数字"), ("0", "办公室", "必须大于 0"), ("1", "", "请至少选择一个科室")],
)
def test_bad_event_refused_and_nothing_written(qtbot, page: AdjustmentsPage, points, target, expected) -> None:
    editor = page.editor
    choose_category(page, "honor_city")
    if target:
        add_target(qtbot, page, target)
    type_into(qtbot, editor.points_edit, points)
    save(qtbot, page)
    assert expected in editor.message.text()
    assert read_adjustments(page.session.db, YEAR) == []


def test_unknown_unit_refused(qtbot, page: AdjustmentsPage) -> None:
    add_target(qtbot, page, "不存在科")
    assert "没有科室“不存在科”" in page.editor.message.text()
    assert page.editor.targets_model.stringList() == []


def test_edit_and_delete_an_event(qtbot, page: AdjustmentsPage) -> None:
    editor = page.editor
    choose_category(page, "task_failed")
    add_target(qtbot, page, "财务科")
    save(qtbot, page)
    assert units(page)["财务科"].deduction == Decimal("4.00")
    editor.events_view.setFocus()
    editor.events_view.setCurrentIndex(editor.events_model.index(0, 0))
    qtbot.keyClick(editor.events_view, Qt.Key.Key_Return)
    assert editor.editing is not None
    assert editor.points_edit.hasFocus()
    editor.points_edit.selectAll()
    qtbot.keyClicks(editor.points_edit, "8")
    save(qtbot, page)
    # 科室办法三（一）3（2）③ 每次减 4 分: two failures are two events, not one of 8 (issue 12: off-tier refused).
    assert "每次只能是 4 分，不能是 8 分" in editor.message.text()
    [row] = read_adjustments(page.session.db, YEAR)
    assert row.points == Decimal(4)
    editor.points_edit.selectAll()
    qtbot.keyClicks(editor.points_edit, "4")
    qtbot.keyClicks(editor.date_edit, "2017-05-12")
    save(qtbot, page)
    [row] = read_adjustments(page.session.db, YEAR)
    assert (row.points, row.date) == (Decimal(4), "2017-05-12")
    assert units(page)["财务科"].deduction == Decimal("4.00")
    editor.events_view.setFocus()
    editor.events_view.setCurrentIndex(editor.events_model.index(0, 0))
    qtbot.keyClick(editor.events_view, Qt.Key.Key_Delete)
    assert read_adjustments(page.session.db, YEAR) == []
    assert units(page)["财务科"].deduction == Decimal("0.00")
    actions = [r["action"] for r in page.session.db.query("SELECT action FROM audit_log WHERE tbl = 'adjustments'")]
    assert actions == ["insert", "update", "delete"]


def test_veto_and_special_award(qtbot, page: AdjustmentsPage) -> None:
    type_into(qtbot, page.status_unit, "民爆科")
    qtbot.mouseClick(page.veto_button, Qt.MouseButton.LeftButton)
    assert "请写明一票否决的原因" in page.message.text()
    assert units(page)["民用爆炸物品管理与安全生产科"].veto is False

    type_into(qtbot, page.status_reason, "安全生产事故被市政府一票否决")
    qtbot.mouseClick(page.veto_button, Qt.MouseButton.LeftButton)
    result = units(page)["民用爆炸物品管理与安全生产科"]
    assert result.veto and result.grade == "不合格"

    type_into(qtbot, page.status_reason, "全年重点工作完成突出")
    qtbot.mouseClick(page.award_button, Qt.MouseButton.LeftButton)
    assert "已被一票否决" in page.message.text()

    for name in ("办公室", "人事科"):
        type_into(qtbot, page.status_unit, name)
        type_into(qtbot, page.status_reason, "全年重点工作完成突出")
        qtbot.mouseClick(page.award_button, Qt.MouseButton.LeftButton)
        assert not page.message.refused, page.message.text()
    type_into(qtbot, page.status_unit, "财务科")
    type_into(qtbot, page.status_reason, "全年重点工作完成突出")
    qtbot.mouseClick(page.award_button, Qt.MouseButton.LeftButton)
    assert "最多设 2 个科室" in page.message.text()
    awarded = {r["unit"] for r in page.session.db.query("SELECT unit FROM special_awards")}
    assert awarded == {"办公室", "人事科"}
    # 突出业绩奖 needs 合格以上: 办公室 has no scores keyed yet (0 分), so the engine does not grant it yet.
    assert not units(page)["办公室"].special_award
    totals = page.editor.totals_model
    assert totals.index(totals.row_of("办公室"), AdjustmentTotalsModel.T_STATUS).data() == "突出业绩奖"

    type_into(qtbot, page.status_unit, "民爆科")
    qtbot.mouseClick(page.unveto_button, Qt.MouseButton.LeftButton)
    assert units(page)["民用爆炸物品管理与安全生产科"].veto is False


def test_locked_year_refuses(qtbot, page: AdjustmentsPage) -> None:
    lock_year(page.session.db)
    page.session.notify_changed()
    choose_category(page, "honor_city")
    add_target(qtbot, page, "办公室")
    save(qtbot, page)
    assert "锁定" in page.editor.message.text()
    assert read_adjustments(page.session.db, YEAR) == []


def test_models(qtbot, qtmodeltester, page: AdjustmentsPage) -> None:
    choose_category(page, "honor_city")
    add_target(qtbot, page, "办公室")
    save(qtbot, page)
    qtmodeltester.check(page.editor.events_model)
    qtmodeltester.check(page.editor.totals_model)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2017-05-12", "2017-05-12"), ("2017.5.12", "2017-05-12"), ("2017年5月2日", "2017-05-02"), ("", None)],
)
def test_dates_the_clerk_may_type(text, expected) -> None:
    from app.models.unit_data import parse_date

    assert parse_date(text, "日期") == expected


def test_bad_date_and_full_width_points(qtbot, page: AdjustmentsPage) -> None:
    editor = page.editor
    choose_category(page, "honor_city")
    add_target(qtbot, page, "办公室")
    type_into(qtbot, editor.date_edit, "2017-02-30")
    save(qtbot, page)
    assert "日期“2017-02-30”不存在" in editor.message.text()
    assert read_adjustments(page.session.db, YEAR) == []
    editor.date_edit.clear()
    type_into(qtbot, editor.points_edit, "１")  # full-width digits from a Chinese input method
    save(qtbot, page)
    [row] = read_adjustments(page.session.db, YEAR)
    assert row.points == Decimal(1)
