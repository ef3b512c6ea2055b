"""干部名册: the clerk adds and edits people, imports the roster from Excel, keys cadre bonus/deduction events.

Seed clauses checked here:
- 考核对象为委机关、事业单位科级及以下全体在职工作人员 (公务员 / 事业单位, by 职务层次).
- 有下列情形的，本年度考核不予评为优秀等次：①因严重违法违纪行为受到处分的 (barred, with the reason).
- 获得国家级、省级、市级先进个人表彰的，每人每项分别加 4 分、3 分、2 分.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from app.models.loader import compute_results
from app.models.store import (
    AdjustmentRow,
    CadreRow,
    YearSettings,
    ensure_year,
    insert_adjustment,
    read_adjustments,
    read_cadre_special_awards,
    read_cadres,
    upsert_cadre,
    write_year_settings,
)
from app.ui.roster.models import RosterModel, RosterPreviewModel
from app.ui.roster.page import RosterPage
from tests.helpers.ask_mock import AskMock
from tests.helpers.data_pages import YEAR, lock_year, type_chinese
from tests.helpers.roster_years import WANG, press_in_preview, roster_page

BARRED = "因严重违法违纪行为受到处分"


@pytest.fixture
def page(qtbot, tmp_path):
    with roster_page(
        qtbot, tmp_path, [WANG, CadreRow("c002", "李红", "办公室", "civil_servant", "科员", False, None, 1)]
    ) as page:
        yield page


def cadres(page: RosterPage) -> dict[str, CadreRow]:
    return {c.id: c for c in read_cadres(page.session.db, YEAR)}


def write_sheet(path, rows, header=("编号", "姓名", "科室", "类别", "职务层次", "主要负责人", "不得评优原因")):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def fill_person(qtbot, page: RosterPage, name: str, unit: str, category: int, level: str) -> None:
    page.finder.setFocus()
    qtbot.keyClick(page.finder, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert page.name_edit.hasFocus()
    type_chinese(page.name_edit, name)
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Tab)
    assert page.unit_edit.hasFocus()
    type_chinese(page.unit_edit, unit)
    page.unit_completer.popup().hide()
    qtbot.keyClick(page.unit_edit, Qt.Key.Key_Tab)
    assert page.category_box.hasFocus()
    for _ in range(category):
        qtbot.keyClick(page.category_box, Qt.Key.Key_Down)
    qtbot.keyClick(page.category_box, Qt.Key.Key_Tab)
    page.level_box.lineEdit().selectAll()
    type_chinese(page.level_box.lineEdit(), level)


def save(qtbot, page: RosterPage) -> None:
    qtbot.keyClick(page.name_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_add_a_person_from_the_keyboard(qtbot, page: RosterPage) -> None:
    fill_person(qtbot, page, "赵敏", "能源监测站", 1, "专技岗")
    save(qtbot, page)
    assert not page.message.refused, page.message.text()
    added = cadres(page)["c003"]
    assert (added.name, added.unit, added.category, added.level, added.is_head) == (
        "赵敏",
        "能源监测站",
        "institution",
        "专技岗",
        False,
    )
    result = {c.id: c for c in compute_results(page.session.db, YEAR).cadres}
    assert result["c003"].pool == "institution/专技岗"
    assert result["c003"].incomplete  # no ballots yet
    assert page.model.rowCount() == 3


@pytest.mark.parametrize(
    ("name", "unit", "expected"),
    [("赵敏", "XX科", "单位“XX科”不存在"), ("", "办公室", "姓名不能为空")],
)
def test_bad_person_refused_and_nothing_written(qtbot, page: RosterPage, name, unit, expected) -> None:
    fill_person(qtbot, page, name or "临时", unit, 0, "科员")
    if not name:
        page.name_edit.clear()
    save(qtbot, page)
    assert expected in page.message.text()
    assert set(cadres(page)) == {"c001", "c002"}


def test_one_principal_head_per_unit(qtbot, page: RosterPage) -> None:
    fill_person(qtbot, page, "孙强", "办公室", 0, "副科")
    page.head_check.setChecked(True)
    save(qtbot, page)
    assert "只能有一位主要负责人" in page.message.text()
    assert set(cadres(page)) == {"c001", "c002"}


def test_edit_a_person_to_barred_with_reason(qtbot, page: RosterPage) -> None:
    page.finder.setFocus()
    type_chinese(page.finder, "李红")
    qtbot.keyClick(page.finder, Qt.Key.Key_Return)
    assert page.view.hasFocus() and page.editing == "c002"
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert page.name_edit.hasFocus()
    page.barred_box.setFocus()
    page.barred_box.setCurrentIndex(1)
    assert page.barred_box.currentText() == BARRED
    qtbot.keyClick(page.barred_box.lineEdit(), Qt.Key.Key_Return)
    assert cadres(page)["c002"].barred == BARRED
    result = {c.id: c for c in compute_results(page.session.db, YEAR).cadres}
    assert result["c002"].barred == BARRED
    assert page.model.index(page.model.row_of("c002"), RosterModel.R_BARRED).data() == BARRED


def test_import_refused_whole_when_any_row_is_wrong_then_imported(
    qtbot, page: RosterPage, tmp_path, ask_mock: AskMock
) -> None:
    enabled: list[bool] = []
    ask_mock.dialog(press_in_preview(qtbot, seen=enabled))  # 导入 is pressed, in vain
    bad = write_sheet(
        tmp_path / "bad.xlsx",
        [
            ("", "周杰", "财务科", "公务员", "科员", "否", ""),
            ("", "吴芳", "XX科", "公务员", "科员", "否", ""),
            ("", "郑雨", "人事科", "合同工", "科员", "否", ""),
        ],
    )
    preview = page.import_workbook(bad)
    assert preview is not None
    text = preview.problems.toPlainText()
    assert "第3行：单位“XX科”不存在" in text
    assert "第4行：类别应为“公务员”或“事业单位”，不是“合同工”" in text
    assert enabled == [False]
    assert set(cadres(page)) == {"c001", "c002"}
    assert "未导入" in page.message.text()

    good = write_sheet(
        tmp_path / "good.xlsx",
        [
            ("c002", "李红", "办公室", "公务员", "副科", "否", ""),  # promoted
            ("", "周杰", "财务科", "公务员", "科员", "否", ""),
            ("", "吴芳", "后勤服务中心", "事业单位", "管理岗", "是", ""),
        ],
    )
    ask_mock.dialog(press_in_preview(qtbot, seen=enabled))
    preview = page.import_workbook(good)
    assert preview is not None and enabled == [False, True]
    model = preview.model
    assert [model.index(r, RosterPreviewModel.P_ACTION).data() for r in range(model.rowCount())] == [
        "更新",
        "新增",
        "新增",
    ]
    roster = cadres(page)
    assert roster["c002"].level == "副科"
    assert roster["c003"].name == "周杰" and roster["c004"].is_head
    assert roster["c004"].category == "institution"
    changes = page.session.db.query(
        "SELECT COUNT(DISTINCT change_id) AS n FROM audit_log WHERE tbl = 'cadres' AND reason LIKE '%good.xlsx%'"
    )
    assert changes[0]["n"] == 1  # one transaction for the whole import
    pools = {c.pool for c in compute_results(page.session.db, YEAR).cadres}
    assert "institution/管理岗" in pools


def test_template_round_trip_changes_nothing(qtbot, page: RosterPage, tmp_path, ask_mock: AskMock) -> None:
    ask_mock.dialog(press_in_preview(qtbot, "取消"))
    path = tmp_path / "template.xlsx"
    page.export_template(path)
    preview = page.import_workbook(path)
    assert preview is not None and preview.plan.counts() == {"新增": 0, "更新": 0, "不变": 2}


def test_cadre_bonus_event_and_delete_guard(qtbot, page: RosterPage) -> None:
    qtbot.keyClick(page.view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert page.tabs.currentIndex() == 1
    editor = page.cadre_adjustments
    editor.category_box.setCurrentIndex(editor.category_box.findData("individual_honor"))
    editor.option_box.setCurrentIndex(2)  # 市级 2 分
    assert editor.points_edit.text() == "2"
    editor.target_edit.setFocus()
    type_chinese(editor.target_edit, "李红")
    editor.target_completer.popup().hide()
    qtbot.keyClick(editor.target_edit, Qt.Key.Key_Return)
    assert editor.targets_model.stringList() == ["李红（办公室）"]
    type_chinese(editor.matter_edit, "市级优秀公务员")
    qtbot.keyClick(editor.note_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not editor.message.refused, editor.message.text()
    [row] = read_adjustments(page.session.db, YEAR, "cadre")
    assert row.targets == ("c002",) and row.points == Decimal(2)
    result = {c.id: c for c in compute_results(page.session.db, YEAR).cadres}
    assert result["c002"].bonus == Decimal("2.00")

    page.tabs.setCurrentIndex(0)
    page.select("c002")
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert "已有加减分事项，不能删除" in page.message.text()
    assert "c002" in cadres(page)


def test_locked_year_refuses(qtbot, page: RosterPage) -> None:
    lock_year(page.session.db)
    page.session.notify_changed()
    fill_person(qtbot, page, "赵敏", "能源监测站", 1, "专技岗")
    save(qtbot, page)
    assert "锁定" in page.message.text()
    assert set(cadres(page)) == {"c001", "c002"}


def test_models(qtbot, qtmodeltester, page: RosterPage, tmp_path, ask_mock: AskMock) -> None:
    qtmodeltester.check(page.model)
    ask_mock.dialog(False)
    preview = page.import_workbook(write_sheet(tmp_path / "x.xlsx", [("", "周杰", "财务科", "公务员", "科员", "", "")]))
    assert preview is not None
    qtmodeltester.check(preview.model)


def test_not_assessed_barred_ground_and_special_award_are_keyed_with_the_person(qtbot, page: RosterPage) -> None:
    """Issue 12: 干部办法七 不定等次 with its reason, 三（三）3 其他 needs its note, 五 突出贡献奖 with its basis — keyed
    on the person's form, saved with Ctrl+S as one change (refused whole), shown again when the person is selected."""
    page.select("c002")
    page.ground_box.setFocus()
    page.ground_box.setCurrentIndex(page.ground_box.findData("其他"))
    save(qtbot, page)
    assert page.message.refused and "须写明具体原因" in page.message.text()
    assert cadres(page)["c002"].barred is None
    page.ground_box.setCurrentIndex(0)
    page.not_assessed_box.setFocus()
    qtbot.keyClick(page.not_assessed_box, Qt.Key.Key_Down)
    assert page.not_assessed_box.currentData() == "不定等次"
    save(qtbot, page)
    assert page.message.refused and "请写明不定等次的原因" in page.message.text()
    type_chinese(page.not_assessed_edit, "借调市委办")
    page.award_check.setChecked(True)
    type_chinese(page.award_edit, "党委会议")
    save(qtbot, page)  # a person without a grade gets no 突出贡献奖: the whole save is refused
    assert page.message.refused and "不能评突出贡献奖" in page.message.text()
    assert cadres(page)["c002"].not_assessed is None
    page.award_check.setChecked(False)
    save(qtbot, page)
    assert not page.message.refused, page.message.text()
    person = cadres(page)["c002"]
    assert (person.not_assessed, person.not_assessed_reason) == ("不定等次", "借调市委办")
    page.select("c001")
    assert page.not_assessed_box.currentData() is None and not page.award_check.isChecked()
    page.award_check.setChecked(True)
    type_chinese(page.award_edit, "委党委会议 2018 年第 2 次")
    save(qtbot, page)
    assert not page.message.refused, page.message.text()
    page.select("c002")
    page.select("c001")
    assert page.award_check.isChecked() and page.award_edit.text() == "委党委会议 2018 年第 2 次"
    assert [a.cadre for a in read_cadre_special_awards(page.session.db, YEAR)] == ["c001"]
    # The committee takes c001's award back and he turns out 借调: both in one save (the award goes first).
    page.award_check.setChecked(False)
    page.not_assessed_box.setFocus()
    qtbot.keyClick(page.not_assessed_box, Qt.Key.Key_Down)
    type_chinese(page.not_assessed_edit, "借调省厅")
    save(qtbot, page)
    assert not page.message.refused, page.message.text()
    assert cadres(page)["c001"].not_assessed == "不定等次"
    assert read_cadre_special_awards(page.session.db, YEAR) == []


def test_a_bonus_dated_after_the_assessment_date_is_marked_here_and_shown_next_year(qtbot, page: RosterPage) -> None:
    """干部办法三（三）1：表彰奖励在本年度干部考核之后公布的，相关加分项目计入下一年度考核成绩 — the event stays where it
    was keyed, marked 计入下一年度; the next year lists it as carried in and counts it there (once)."""
    db = page.session.db
    ensure_year(db, YEAR + 1)
    with db.atomic("测试", "test") as conn:
        upsert_cadre(conn, YEAR + 1, CadreRow("c001", "王建国", "办公室", "civil_servant", "正科", True, None, 0))
        write_year_settings(conn, YEAR, YearSettings(f"{YEAR + 1}-01-10"))
        row = AdjustmentRow(
            "cadre", "bonus", "individual_honor", "市级先进工作者", Decimal(2), ("c001",), date=f"{YEAR + 1}-02-01"
        )
        insert_adjustment(conn, YEAR, row)
    page.session.notify_changed()
    editor = page.cadre_adjustments
    editor.refresh()
    model = editor.events_model
    assert "计入下一年度" in model.index(0, model.A_SAME).data()
    assert editor.carried_label.isHidden()
    assert compute_results(db, YEAR).cadres[0].bonus == Decimal(0)
    page.session.set_year(YEAR + 1)
    editor.refresh()
    assert not editor.carried_label.isHidden()
    assert "市级先进工作者 2 分" in editor.carried_label.text() and "王建国" in editor.carried_label.text()
    assert compute_results(db, YEAR + 1).cadres[0].bonus == Decimal(2)


def test_ctrl_shift_n_right_after_ctrl_4_starts_a_new_person(qtbot, demo_db) -> None:
    """Issue 20: Ctrl+Shift+N on 干部名册 (arriving with Ctrl+4 from the year selector) typed into the search box."""
    from PySide6.QtWidgets import QApplication

    from tests.helpers.windows import open_window

    window = open_window(qtbot, demo_db)
    window.year_combo.setFocus()
    qtbot.keyClick(window.year_combo, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    page = window.current_page()
    assert isinstance(page, RosterPage)
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, shift_ctrl)
    assert page.name_edit.hasFocus() and page.mode_label.text() == "新增人员"
    assert page.finder.text() == ""
    window.close()
